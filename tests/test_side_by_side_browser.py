"""The CLI beside a real ``streamlit run`` that holds the same workspace (issue 14; issue 12).

Chromium opens the overview, so the dashboard has opened the workspace; it keeps it open
read-only for a few seconds after each run (``KAKEHASHI_READ_LINGER``, set long here so
that the CLI surely meets it held). Meanwhile the read commands succeed; an import waits
for the dashboard to let go (a line on stderr) and succeeds; a reload shows the new data
without restarting the dashboard.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from tests.test_browser import CHROMIUM, CHROMIUM_ARGS, running_dashboard, sync_api, wait_idle
from tests.test_side_by_side import NEW_LEADS, READ_COMMANDS
from tests.test_workspace_files import ROOT, cli

pytestmark = pytest.mark.browser


def held_by_another_process(path: Path) -> bool:
    """Whether another process holds ``path`` (a read-write open here would be refused)."""
    try:
        duckdb.connect(str(path)).close()
    except duckdb.IOException as exc:
        return "lock" in str(exc).lower()
    return False


def overview_text(page: object) -> str:
    return page.locator('[data-testid="stMain"]').inner_text()


def overview_once_it_shows(page: object, text: str) -> str:
    """The overview's text once ``text`` is on it: the table of rows per table can paint a
    moment after the run ends (seen with both test suites loading the two cores)."""
    page.locator('[data-testid="stMain"]').get_by_text(text).first.wait_for(timeout=60_000)
    return overview_text(page)


def test_cli_beside_a_running_dashboard(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KAKEHASHI_READ_LINGER", "12")
    with (
        running_dashboard(tmp_path) as url,
        sync_api.sync_playwright() as playwright,
    ):
        db = tmp_path / "demo.duckdb"
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = chromium.new_page()
        page.set_default_timeout(60_000)
        page.goto(url)
        wait_idle(page)
        assert "1,502" not in overview_once_it_shows(page, "1,500")
        assert held_by_another_process(db), "the dashboard should hold the workspace now"

        # every read command at once, while the dashboard holds the file
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        readers = [
            subprocess.Popen(
                [sys.executable, "-m", "analytics", *command, "--db", str(db)],
                cwd=ROOT,
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for command in READ_COMMANDS
        ]
        for command, process in zip(READ_COMMANDS, readers, strict=True):
            _, err = process.communicate(timeout=120)
            assert process.returncode == 0, (command, err)
            assert "waiting" not in err, (command, err)

        csv = tmp_path / "new_leads.csv"
        csv.write_text(NEW_LEADS, encoding="utf-8")
        done = cli("import", "leads", csv, "--db", db, env={"KAKEHASHI_LOCK_WAIT": "60"})
        assert done.returncode == 0, done.stderr
        assert "2 inserted" in done.stdout

        page.reload()
        wait_idle(page)
        # the dashboard shows the import without a restart
        assert "1,502" in overview_once_it_shows(page, "1,502")
        page.screenshot(path=str(tmp_path / "after_import.png"))
        chromium.close()
