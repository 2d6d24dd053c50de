"""Corrupt or foreign workspace files (issue 14, class 5), through the real CLI and the page.

Every case is built in ``tmp_path``: a truncated workspace, one with blocks overwritten
mid-file, another program's DuckDB file, a SQLite file, text, an empty file, a folder,
hand-edited ``meta`` values and a mistyped ``--db``. Each gives exit 2 and one line (no
traceback) on the CLI, one message in the sidebar language on the page, and leaves the
file exactly as it was (its bytes hashed before and after).
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import duckdb
import pytest

from analytics.errors import WorkspaceError
from analytics.store.db import DUCKDB_CONFIG, Workspace
from analytics.text.catalog import t
from tests.test_pages import run_page, texts

ROOT = Path(__file__).resolve().parent.parent
LEADS_CSV = b"lead_id,created_at,company\nN1,2025-01-01,New Co\n"


def cli(*args: str | Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """``python -m analytics ARGS`` in a real process (exit code, stdout, stderr)."""
    return subprocess.run(
        [sys.executable, "-m", "analytics", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT), "KAKEHASHI_LOCK_WAIT": "0", **(env or {})},
        check=False,
        timeout=120,
    )


def digest(path: Path) -> str:
    """sha256 of a file's bytes (a refused file must not change at all)."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def one_line_error(done: subprocess.CompletedProcess, *needles: str) -> str:
    """Assert exit 2 with one ``error:`` line on stderr holding every needle; returns it."""
    assert done.returncode == 2, (done.returncode, done.stdout, done.stderr)
    lines = [line for line in done.stderr.splitlines() if line.startswith("error:")]
    assert len(lines) == 1 and "Traceback" not in done.stderr, done.stderr
    for needle in needles:
        assert needle in lines[0], lines[0]
    return lines[0]


@pytest.fixture(scope="module")
def small_demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small demo workspace (copied by each case that damages it)."""
    from analytics.store.demo import load_demo

    path = tmp_path_factory.mktemp("files") / "demo.duckdb"
    with Workspace.open(path) as ws:
        load_demo(ws, leads=1500)
    return path


def _copy(src: Path, dst: Path, change: Callable[[bytearray], None] | None = None) -> Path:
    data = bytearray(src.read_bytes())
    if change is not None:
        change(data)
    dst.write_bytes(bytes(data))
    return dst


def truncated(src: Path, dst: Path, keep: float) -> Path:
    return _copy(src, dst, lambda b: b.__delitem__(slice(int(len(b) * keep), None)))


def overwritten(src: Path, dst: Path) -> Path:
    """Blocks from 30% to 70% of the file replaced by other bytes (a bad disk, a bad copy)."""

    def change(b: bytearray) -> None:
        low, high = int(len(b) * 0.3), int(len(b) * 0.7)
        b[low:high] = bytes((i * 7 + 13) % 256 for i in range(high - low))

    return _copy(src, dst, change)


def foreign_duckdb(path: Path) -> Path:
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE customers (id INTEGER, name VARCHAR)")
    con.execute("INSERT INTO customers VALUES (1, 'Acme')")
    con.close()
    return path


def sqlite_file(path: Path) -> Path:
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE notes (id INTEGER, body TEXT)")
    con.commit()
    con.close()
    return path


def edited_meta(src: Path, dst: Path, key: str, value: str) -> Path:
    _copy(src, dst)
    con = duckdb.connect(str(dst))
    con.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", [key, value])
    con.close()
    return dst


# --- damaged workspaces ----------------------------------------------------------------------
@pytest.mark.parametrize("keep", [0.5, 0.9, 0.002], ids=["half", "most", "header"])
def test_truncated_workspace_is_one_line_for_every_command(
    small_demo: Path, tmp_path: Path, keep: float
) -> None:
    path = truncated(small_demo, tmp_path / "cut.duckdb", keep)
    before = digest(path)
    for args in (["score"], ["bands"], ["metrics"]):
        one_line_error(cli(*args, "--db", path), "is damaged")
    csv = tmp_path / "leads.csv"
    csv.write_bytes(LEADS_CSV)
    one_line_error(cli("import", "leads", csv, "--db", path), "is damaged")
    assert digest(path) == before


def test_slack_left_by_a_killed_write_is_not_damage(small_demo: Path, tmp_path: Path) -> None:
    """A write killed part-way leaves the file ending inside a block past the counted ones.

    That slack is not damage (CI met it: a ``kill -9`` that landed mid-block): every
    command works, and the next write gives the file back whole blocks.
    """
    path = _copy(small_demo, tmp_path / "slack.duckdb", lambda b: b.extend(b"\x07" * 100_003))
    assert (path.stat().st_size - 3 * 4096) % 262_144  # ends inside a block
    assert cli("bands", "--db", path).returncode == 0
    csv = tmp_path / "leads.csv"
    csv.write_bytes(LEADS_CSV)
    done = cli("import", "leads", csv, "--db", path)
    assert done.returncode == 0, done.stderr
    assert (path.stat().st_size - 3 * 4096) % 262_144 == 0
    assert cli("score", "--db", path).returncode == 0


def test_overwritten_blocks_are_found_before_an_import(small_demo: Path, tmp_path: Path) -> None:
    """An import never reports success on a damaged file, even when it writes another table."""
    path = overwritten(small_demo, tmp_path / "bad.duckdb")
    before = digest(path)
    csv = tmp_path / "costs.csv"
    csv.write_text("month,channel,amount\n2026-01-01,web,100\n", encoding="utf-8")
    one_line_error(cli("import", "costs", csv, "--db", path), "damaged")
    one_line_error(cli("score", "--db", path), "damaged")
    assert digest(path) == before


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_damaged_workspace_is_one_message_on_the_page(
    small_demo: Path, tmp_path: Path, lang: str
) -> None:
    path = truncated(small_demo, tmp_path / "cut.duckdb", 0.5)
    at = run_page(None, path, lang=lang)
    assert not at.exception, at.exception
    errors = texts(at, "error")  # as the reader sees them (user text is escaped)
    assert len(errors) == 1, errors
    before_detail = t("db.damaged", lang, path=str(path), detail="\0").split("\0")[0]
    assert before_detail in errors[0], errors


def test_block_damage_met_by_a_page_is_a_message(small_demo: Path, tmp_path: Path) -> None:
    path = overwritten(small_demo, tmp_path / "bad.duckdb")
    for page in (None, "pages/bands.py"):
        at = run_page(page, path)
        assert not at.exception, at.exception
        assert any("damaged" in e.value for e in at.error), [e.value for e in at.error]


# --- files that are not a Kakehashi workspace ------------------------------------------------
def test_another_programs_duckdb_file_is_never_written(tmp_path: Path) -> None:
    path = foreign_duckdb(tmp_path / "crm.duckdb")
    before = digest(path)
    csv = tmp_path / "leads.csv"
    csv.write_bytes(LEADS_CSV)
    for args in (["score"], ["bands"], ["import", "leads", csv], ["demo", "--leads", "50"]):
        one_line_error(cli(*args, "--db", path), "another program", "does not write to it")
    one_line_error(cli("import", "leads", csv, "--db", path, "--create"), "another program")
    assert digest(path) == before
    con = duckdb.connect(str(path), read_only=True)
    assert con.sql("SHOW TABLES").fetchall() == [("customers",)]
    con.close()


def test_sqlite_file_is_refused_without_touching_extensions(tmp_path: Path) -> None:
    path = sqlite_file(tmp_path / "notes.db")
    before = digest(path)
    line = one_line_error(cli("score", "--db", path), "a SQLite database", "not a Kakehashi")
    assert "extension" not in line.lower()
    assert digest(path) == before


def test_connections_never_install_or_load_extensions(tmp_path: Path) -> None:
    """Belt and braces: even a file that reached DuckDB could not fetch an extension."""
    assert DUCKDB_CONFIG == {
        "autoinstall_known_extensions": False,
        "autoload_known_extensions": False,
    }
    with Workspace.open(tmp_path / "w.duckdb") as ws:
        settings = dict(
            ws.rows(
                "SELECT name, value FROM duckdb_settings() WHERE name IN "
                "('autoinstall_known_extensions', 'autoload_known_extensions')"
            )
        )
    assert settings == {
        "autoinstall_known_extensions": "false",
        "autoload_known_extensions": "false",
    }


@pytest.mark.parametrize(
    ("make", "needle"),
    [
        (lambda p: p.write_text("lead_id,company\nL1,A\n", encoding="utf-8"), "not a DuckDB file"),
        (lambda p: p.write_bytes(b""), "an empty file"),
        (lambda p: p.mkdir(), "is a folder"),
    ],
    ids=["text", "empty", "folder"],
)
def test_other_files_are_refused(tmp_path: Path, make: Callable[[Path], object], needle: str):
    path = tmp_path / "w.duckdb"
    make(path)
    one_line_error(cli("score", "--db", path), needle)
    one_line_error(cli("demo", "--leads", "50", "--db", path), needle)


# --- hand-edited meta ----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("key", "value", "needle"),
    [
        ("schema_version", "abc", "'schema_version' = 'abc' is not a whole number"),
        ("schema_version", "-1", "'schema_version' = '-1' is not a whole number"),
        ("schema_version", "0", "'schema_version' = '0' is not a whole number"),
        ("data_version", "1e9", "'data_version' = '1e9' is not a whole number"),
        ("data_version", "", "'data_version' = '' is not a whole number"),
        ("schema_version", "999", "newer than this Kakehashi"),
        ("app", "other-tool", "another program"),
    ],
)
def test_hand_edited_meta_is_one_line(
    small_demo: Path, tmp_path: Path, key: str, value: str, needle: str
) -> None:
    path = edited_meta(small_demo, tmp_path / "edited.duckdb", key, value)
    before = digest(path)
    one_line_error(cli("score", "--db", path), needle)
    one_line_error(cli("criteria", "list", "--db", path), needle)
    assert digest(path) == before
    with pytest.raises(WorkspaceError) as info:
        Workspace.open(path)
    assert info.value.localized("ja") != str(info.value)  # a Japanese message too


def test_hand_edited_meta_is_a_message_on_the_page(small_demo: Path, tmp_path: Path) -> None:
    path = edited_meta(small_demo, tmp_path / "edited.duckdb", "data_version", "many")
    at = run_page(None, path, lang="ja")
    assert not at.exception, at.exception
    errors = texts(at, "error")  # as the reader sees them (user text is escaped)
    assert len(errors) == 1 and "整数ではありません" in errors[0], errors


# --- a mistyped --db never creates anything ------------------------------------------------
def test_mistyped_db_creates_nothing(tmp_path: Path) -> None:
    path = tmp_path / "typo" / "sub" / "workspace.duckdb"
    for args in (["score"], ["metrics"], ["criteria", "list"]):
        one_line_error(cli(*args, "--db", path), "no workspace at", "--create")
    csv = tmp_path / "leads.csv"
    csv.write_bytes(LEADS_CSV)
    one_line_error(cli("import", "leads", csv, "--db", path), "no workspace at")
    assert not (tmp_path / "typo").exists()
    at = run_page(None, path)
    assert not at.exception and len(at.error) == 1 and "no workspace at" in at.error[0].value
    assert not (tmp_path / "typo").exists()


def test_create_makes_a_workspace_only_when_asked(tmp_path: Path) -> None:
    csv = tmp_path / "leads.csv"
    csv.write_bytes(LEADS_CSV)
    path = tmp_path / "new" / "workspace.duckdb"
    done = cli("import", "leads", csv, "--db", path, "--create")
    assert done.returncode == 0, done.stderr
    done = cli("import", "leads", csv, "--db", path)  # it exists now: no flag needed
    assert done.returncode == 0, done.stderr
    with Workspace.open(path, read_only=True, create=False) as ws:
        assert ws.scalar("SELECT value FROM meta WHERE key = 'app'") == "kakehashi"
        assert ws.table_counts()["leads"] == 1
    demo = tmp_path / "demo" / "w.duckdb"
    assert cli("demo", "--leads", "50", "--db", demo).returncode == 0  # demo creates: its job


def test_workspace_from_before_the_marker_is_recognised_and_stamped(tmp_path: Path) -> None:
    path = tmp_path / "old.duckdb"
    with Workspace.open(path) as ws, ws.transaction() as cur:
        cur.execute("DELETE FROM meta WHERE key = 'app'")
    assert cli("score", "--db", path).returncode == 0
    with Workspace.open(path, read_only=True, create=False) as ws:
        assert ws.scalar("SELECT value FROM meta WHERE key = 'app'") == "kakehashi"
