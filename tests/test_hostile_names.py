"""Hostile headers and exported cells (issue 14, classes 1 and 9).

Class 1: a custom lead attribute named like a column the engine computes
(``total``, ``fit``, ``crm_mql_at``, ``is_won`` …) is stored under its safe name
(``<name>_attr``) and never clashes with or replaces a computed column — also in a
workspace where such a column was stored before the importer kept them apart.
Class 9: every CSV the product writes neutralises formulas (one writer).
"""

from __future__ import annotations

import ast
import csv
import io
import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from analytics.cli.main import main
from analytics.store.db import Workspace
from analytics.store.ingest import import_file
from analytics.store.schema import ENGINE_COLUMNS, SCHEMA, safe_custom_name

ROOT = Path(__file__).resolve().parent.parent
HOSTILE_HEADERS = ["crm_mql_at", "crm_sql_at", "is_won", "Total", "fit", "engagement", "handoff_at"]


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("names") / "w.duckdb"
    assert main(["demo", "--db", str(path), "--leads", "300", "--seed", "4"]) == 0
    return path


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _scores(capsys, db: Path) -> dict[str, float]:
    code, out, err = _run(capsys, "score", "--db", str(db), "--format", "json")
    assert code == 0, err
    return {row["lead_id"]: row["total"] for row in json.loads(out)}


def test_replay_columns_are_engine_names():
    from analytics.scoring.replay import CRM_COLUMNS, LIFECYCLE_COLUMNS

    assert set(LIFECYCLE_COLUMNS) - {"lead_id", "mql_at", "sql_at"} <= ENGINE_COLUMNS
    assert set(CRM_COLUMNS) <= ENGINE_COLUMNS


def test_engine_named_headers_are_kept_apart(ws):
    header = ",".join(["lead_id", *HOSTILE_HEADERS])
    data = f"{header}\nL1,2025-01-02,2025-01-03,yes,5,3,4,2025-01-01\n".encode()
    result = import_file(ws, "leads", data, file_name="l.csv")
    assert result.inserted == 1
    columns = set(ws.columns("leads"))
    for name in ("crm_mql_at", "crm_sql_at", "is_won", "total", "fit", "engagement", "handoff_at"):
        assert name not in columns
        assert f"{name}_attr" in columns
    assert ws.rows("SELECT total_attr, fit_attr FROM leads") == [(5, 3)]
    assert "total_attr (BIGINT, 'Total')" in result.notes[-1]  # the header is its label


@pytest.mark.parametrize("command", [["score"], ["bands"], ["whatif", "--threshold", "100"]])
def test_engine_named_attributes_never_break_or_replace_scores(demo_db, tmp_path, capsys, command):
    db = tmp_path / "copy.duckdb"
    db.write_bytes(demo_db.read_bytes())
    before = _scores(capsys, db)
    lead = sorted(before)[0]
    header = ",".join(["lead_id", *HOSTILE_HEADERS])
    path = tmp_path / "hostile.csv"
    path.write_text(f"{header}\n{lead},2025-01-02,2025-01-03,yes,999,999,999,2025-01-01\n")
    code, _, err = _run(capsys, "import", "leads", str(path), "--db", str(db), "--create")
    assert code == 0, err
    code, _, err = _run(capsys, *command, "--db", str(db))
    assert code == 0, err
    assert _scores(capsys, db) == before  # "Total" = 999 replaced nothing


def test_old_workspace_with_engine_named_columns(demo_db, tmp_path, capsys):
    """Columns stored under engine names by an older importer are read under their safe name."""
    db = tmp_path / "old.duckdb"
    db.write_bytes(demo_db.read_bytes())
    before = _scores(capsys, db)
    with Workspace.open(db) as ws, ws.transaction() as cur:
        for name, sql_type in [("crm_mql_at", "TIMESTAMP"), ("is_won", "BOOLEAN"),
                               ("total", "DOUBLE"), ("fit", "DOUBLE")]:  # fmt: skip
            cur.execute(f"ALTER TABLE leads ADD COLUMN {name} {sql_type}")
        cur.execute("UPDATE leads SET total = 999, fit = 999, is_won = true")
    for command in (["bands"], ["whatif", "--threshold", "100"]):
        code, _, err = _run(capsys, *command, "--db", str(db))
        assert code == 0, err
    assert _scores(capsys, db) == before


# --------------------------------------------------------------------------- class 9
HOSTILE_IDS = ["=HYPERLINK(1)", "@SUM(1+1)", "+1", "-2"]


@pytest.fixture(scope="module")
def formula_db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("formulas") / "w.duckdb"
    rows = "\n".join(f'"{i}",2025-0{n + 1}-01,"{i}"' for n, i in enumerate(HOSTILE_IDS))
    with Workspace.open(path) as ws:
        import_file(
            ws, "leads", f"lead_id,created_at,company\n{rows}\n".encode(), file_name="x.csv"
        )
    return path


def _cells(text: str) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(text)) for cell in row]


@pytest.mark.parametrize(
    "command",
    [["score"], ["whatif", "--sweep"], ["metrics", "--month", "2025-02"]],
)
def test_cli_csv_neutralises_formulas(formula_db, capsys, command):
    code, out, err = _run(capsys, *command, "--db", str(formula_db), "--format", "csv")
    assert code == 0, err
    for cell in _cells(out):
        assert not cell.lstrip(" \u3000").startswith(("=", "+", "@", "\t", "\r")), cell
        if cell.startswith("-"):
            float(cell)  # a number, not text


def test_score_csv_keeps_ids_readable(formula_db, capsys):
    code, out, _ = _run(capsys, "score", "--db", str(formula_db), "--format", "csv")
    assert code == 0
    ids = {row["lead_id"] for row in csv.DictReader(io.StringIO(out))}
    assert ids == {"'" + i for i in HOSTILE_IDS}  # readable: the apostrophe only


def test_every_export_goes_through_the_one_writer():
    """No page, ui module or CLI module writes CSV/Excel itself: analytics.store.export does."""
    allowed = {  # the writer itself, and the benchmarks' own input files
        "analytics/store/export.py", "analytics/cli/bench.py", "analytics/cli/bench_pages.py",
        "analytics/store/entry.py",
    }  # fmt: skip
    offenders = []
    for folder in ("analytics", "pages", "ui"):
        for path in (ROOT / folder).rglob("*.py"):
            rel = path.relative_to(ROOT).as_posix()
            if rel in allowed:
                continue
            for node in ast.walk(ast.parse(path.read_text())):
                if isinstance(node, ast.Attribute) and node.attr in ("write_csv", "write_excel"):
                    offenders.append(f"{rel}:{node.lineno}")
    assert offenders == []


@given(st.sampled_from(sorted(ENGINE_COLUMNS | {"company", "import_id"})) | st.text(max_size=12))
def test_safe_custom_name_never_takes_a_taken_name(name):
    reserved = {c.name for c in SCHEMA["leads"].columns}
    safe = safe_custom_name(name, reserved)
    assert safe not in ENGINE_COLUMNS and safe not in reserved
    assert safe in (name, f"{name}_attr")
