"""Shared fixtures: fresh workspaces and paths to the real datasets."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import streamlit.runtime.scriptrunner.script_runner as script_runner

from analytics.store.db import Workspace

ROOT = Path(__file__).resolve().parent.parent

# The dashboard closes the workspace as soon as a run ends (AppTest runs in this process, and a
# test that opens the same file read-write next must not meet a lingering read-only connection).
os.environ.setdefault("KAKEHASHI_READ_LINGER", "0")
REAL_DATA = ROOT.parent / "shared" / "data" / "real"


@pytest.fixture
def ws(tmp_path: Path):
    """An empty workspace in a temporary DuckDB file."""
    workspace = Workspace.open(tmp_path / "ws.duckdb")
    yield workspace
    workspace.close()


@pytest.fixture
def held_workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """(path, pid) of a workspace file held open (read-write) by another, real process.

    Openers here wait half a second for it (``KAKEHASHI_LOCK_WAIT``), not 30.
    """
    monkeypatch.setenv("KAKEHASHI_LOCK_WAIT", "0.5")
    path = tmp_path / "locked.duckdb"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); print('ok', flush=True); "
            "time.sleep(60)",
            str(path),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ok"
        yield path, holder.pid
    finally:
        holder.kill()
        holder.wait()


@pytest.fixture
def real_data() -> Path:
    """The folder of real public datasets (skips if shared/ is not beside the repo)."""
    if not REAL_DATA.is_dir():
        pytest.skip(f"real datasets not found at {REAL_DATA}")
    return REAL_DATA


def _run_app_like_a_server(main_script_path: str) -> None:
    """Run app.py the way a server does once ``st.navigation`` has cleared the v1 flag."""
    import runpy

    from streamlit.runtime.pages_manager import PagesManager

    PagesManager.uses_pages_directory = False
    runpy.run_path(main_script_path, run_name="__main__")


@pytest.fixture(autouse=True, scope="session")
def app_test_runs_app_py():
    """Make every AppTest run go through app.py, as a running server does.

    Streamlit treats a ``pages/`` folder as an old-style (v1) multipage app until
    ``st.navigation`` first runs in the process; a server clears that flag once, but
    AppTest resets it before *every* run, so each run would start by running the page
    file alone (no sidebar) and ``ui.require_app`` would restart it, dropping that run's
    widget triggers (a button click is lost). This swaps Streamlit's v1 runner for
    running app.py for the whole session and restores it afterwards. The v1 path itself
    is covered by ``test_every_page_requires_the_app_shell_first`` and the browser test
    that deep-links into a fresh server.
    """
    original = script_runner._mpa_v1
    script_runner._mpa_v1 = _run_app_like_a_server
    yield
    script_runner._mpa_v1 = original


# Where the browser test saved its screenshots (set by tests/test_browser.py), printed at the end.
SCREENSHOTS_KEY = pytest.StashKey[Path]()


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:
    """Say where the browser test's screenshots are, so that someone looks at them."""
    folder = config.stash.get(SCREENSHOTS_KEY, None)
    if folder is not None:
        terminalreporter.write_sep("-", f"browser screenshots: {folder}")
