"""The dashboard and the CLI side by side on one workspace file (issue 14; issue 12 item 4).

Real processes, no mocks. DuckDB lets many processes read a file but shuts everyone out
while one holds it read-write, so: the CLI opens read-only and holds the write lock only
for a write's transaction; the dashboard reads per script run and lets go between runs
(:mod:`analytics.store.access`). Here a second process holds the file read-only — what
the dashboard does during a run — and the CLI's read commands succeed beside it, a write
waits for it (a line on stderr) and succeeds, or refuses with one line after the wait
and changes nothing. The browser test does the same beside a real ``streamlit run``.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pytest

from analytics.errors import WorkspaceError
from analytics.store.access import SharedWorkspace
from analytics.store.db import Workspace
from tests.test_workspace_files import cli, one_line_error

# The read commands that must work while the dashboard reads the same file: one line each
# (add `report` here once it exists).
READ_COMMANDS: list[list[str]] = [
    ["score", "--format", "json"],
    ["bands", "--format", "json"],
    ["metrics", "--format", "json"],
    ["whatif", "--format", "json"],
    ["sla", "--format", "json"],
    ["criteria", "list"],
    # the monthly report by schedule (issue 12): written beside the dashboard
    ["report", "--out", str(Path(tempfile.gettempdir()) / "kakehashi-side-by-side-report.html")],
]
NEW_LEADS = "lead_id,created_at,company\nSIDE-1,2025-09-01,Side Co\nSIDE-2,2025-09-02,Side Co\n"


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from analytics.store.demo import load_demo

    path = tmp_path_factory.mktemp("side") / "demo.duckdb"
    with Workspace.open(path) as ws:
        load_demo(ws, leads=800)
    return path


def copy_of(demo: Path, tmp_path: Path) -> Path:
    path = tmp_path / "w.duckdb"
    path.write_bytes(demo.read_bytes())
    return path


class Reader:
    """Another process holding the workspace read-only (as the dashboard during a run)."""

    def __init__(self, path: Path, seconds: float) -> None:
        code = (
            "import sys, time\n"
            "from analytics.store.db import Workspace\n"
            "ws = Workspace.open(sys.argv[1], read_only=True, create=False)\n"
            "ws.scalar('SELECT count(*) FROM leads')\n"
            "print('holding', flush=True)\n"
            "time.sleep(float(sys.argv[2]))\n"
            "ws.close()\n"
        )
        self.process = subprocess.Popen(
            [sys.executable, "-c", code, str(path), str(seconds)],
            stdout=subprocess.PIPE,
            text=True,
            cwd=Path(__file__).resolve().parent.parent,
        )
        assert self.process.stdout is not None
        assert self.process.stdout.readline().strip() == "holding"

    def stop(self) -> None:
        self.process.kill()
        self.process.wait()


def counts(path: Path) -> dict[str, tuple[int, int]]:
    with Workspace.open(path, read_only=True, create=False) as ws:
        return ws.fingerprint()


@pytest.mark.parametrize("command", READ_COMMANDS, ids=lambda c: c[0])
def test_read_commands_work_while_another_process_reads(
    demo: Path, tmp_path: Path, command: list[str]
) -> None:
    path = copy_of(demo, tmp_path)
    reader = Reader(path, 120)
    try:
        done = cli(*command, "--db", path)
        assert done.returncode == 0, done.stderr
        assert "waiting" not in done.stderr
    finally:
        reader.stop()


def test_a_write_waits_for_the_reader_and_succeeds(demo: Path, tmp_path: Path) -> None:
    path = copy_of(demo, tmp_path)
    csv = tmp_path / "leads.csv"
    csv.write_text(NEW_LEADS, encoding="utf-8")
    reader = Reader(path, 6)  # longer than the CLI needs to reach its write
    try:
        done = cli(
            "import", "leads", csv, "--db", path, "--format", "json",
            env={"KAKEHASHI_LOCK_WAIT": "30"},
        )  # fmt: skip
    finally:
        reader.stop()
    assert done.returncode == 0, done.stderr
    assert "waiting: workspace" in done.stderr and "in use by process" in done.stderr
    assert '"inserted": 2' in done.stdout  # the JSON on stdout is untouched by the wait
    with Workspace.open(path, read_only=True, create=False) as ws:
        assert ws.scalar("SELECT count(*) FROM leads WHERE lead_id LIKE 'SIDE-%'") == 2


def test_a_write_refuses_after_the_wait_and_changes_nothing(demo: Path, tmp_path: Path) -> None:
    path = copy_of(demo, tmp_path)
    csv = tmp_path / "leads.csv"
    csv.write_text(NEW_LEADS, encoding="utf-8")
    before = counts(path)
    reader = Reader(path, 120)
    try:
        done = cli("import", "leads", csv, "--db", path, env={"KAKEHASHI_LOCK_WAIT": "1"})
        one_line_error(done, "is in use by process", "try again when it has finished")
        sign = cli("criteria", "save", "criteria/default.toml", "--by", "A", "--db", path)
        one_line_error(sign, "is in use by process")
    finally:
        reader.stop()
    assert counts(path) == before


def test_readers_share_and_a_dashboard_write_waits_for_other_runs(
    demo: Path, tmp_path: Path
) -> None:
    """Threads of one process (dashboard sessions): runs read together; a write lets the
    other runs finish, holds the file read-write for its transaction only, and every run
    reads again afterwards — while another process reads the file between the runs."""
    path = copy_of(demo, tmp_path)
    shared = SharedWorkspace(str(path), wait=10, linger=0)
    order: list[str] = []
    started = threading.Event()

    def long_run() -> None:
        with shared.reading() as ws:
            started.set()
            ws.scalar("SELECT count(*) FROM activities")
            time.sleep(1.0)
            order.append("long run done")

    other = threading.Thread(target=long_run)
    other.start()
    started.wait()
    with shared.reading() as ws:
        assert ws.read_only and shared.is_open
        with ws.transaction() as cur:
            order.append("write")
            cur.execute("INSERT INTO leads (lead_id) VALUES ('DASH-1')")
        assert ws.scalar("SELECT count(*) FROM leads WHERE lead_id = 'DASH-1'") == 1
    other.join()
    assert order == ["long run done", "write"]
    assert not shared.is_open  # released between runs: another process may write now
    done = cli("import", "leads", tmp_path / "missing.csv", "--db", path)
    assert "in use" not in done.stderr


def test_a_dashboard_run_waits_for_a_cli_write_then_sees_it(demo: Path, tmp_path: Path) -> None:
    path = copy_of(demo, tmp_path)
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import duckdb, sys, time\n"
            "c = duckdb.connect(sys.argv[1])\n"
            "c.execute(\"INSERT INTO leads (lead_id) VALUES ('CLI-1')\")\n"
            "print('writing', flush=True); time.sleep(2); c.close()",
            str(path),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "writing"
        told: list[str] = []
        shared = SharedWorkspace(str(path), wait=20, linger=0, on_wait=told.append)
        with shared.reading() as ws:
            assert ws.scalar("SELECT count(*) FROM leads WHERE lead_id = 'CLI-1'") == 1
        assert told and "in use by process" in told[0]
    finally:
        holder.kill()
        holder.wait()


def test_a_dashboard_run_gives_up_with_the_locked_message(demo: Path, tmp_path: Path) -> None:
    path = copy_of(demo, tmp_path)
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import duckdb, sys, time\nc = duckdb.connect(sys.argv[1])\n"
            "print('writing', flush=True); time.sleep(60)",
            str(path),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "writing"
        shared = SharedWorkspace(str(path), wait=0.5, linger=0)
        with pytest.raises(WorkspaceError) as info, shared.reading():
            pass
        assert info.value.key == "db.locked_pid"
        assert "使用中" in info.value.localized("ja")
    finally:
        holder.kill()
        holder.wait()


def test_a_widget_callback_reads_before_its_run_and_the_run_takes_over(
    demo: Path, tmp_path: Path
) -> None:
    """Streamlit runs a widget's callback before the script run, outside any reading: the
    workspace of the previous run reads again, and the run that follows releases it."""
    path = copy_of(demo, tmp_path)
    shared = SharedWorkspace(str(path), wait=5, linger=0)
    with shared.reading() as ws:
        pass
    assert not shared.is_open
    assert ws.scalar("SELECT count(*) FROM leads") == 800  # the callback
    with ws.transaction() as cur:  # a callback that signs or imports
        cur.execute("INSERT INTO leads (lead_id) VALUES ('CB-1')")
    assert shared.is_open
    with shared.reading() as again:  # the run after the callback
        assert again.scalar("SELECT count(*) FROM leads") == 801
    assert not shared.is_open


@pytest.mark.parametrize(("lang", "needle"), [("en", "in use by process"), ("ja", "使用中")])
def test_locked_workspace_message_in_the_sidebar_language(
    held_workspace: tuple[Path, int], lang: str, needle: str
) -> None:
    from tests.test_pages import run_page

    at = run_page(None, held_workspace[0], lang=lang)
    assert not at.exception, at.exception
    errors = [e.value for e in at.sidebar.error]
    assert len(errors) == 1 and needle in errors[0] and str(held_workspace[1]) in errors[0]
