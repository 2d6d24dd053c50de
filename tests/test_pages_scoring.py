"""AppTest cases of the scoring page (through app.py, on the small demo workspace)."""

from __future__ import annotations

import shutil
from pathlib import Path

from analytics.criteria import default_criteria, dump_criteria
from analytics.store.db import Workspace
from analytics.text.catalog import t
from tests import test_pages
from tests.test_pages import run_page

demo_db = test_pages.demo_db  # the shared fixtures (a small demo workspace, an empty one)
empty_db = test_pages.empty_db

PAGE = "pages/scoring.py"


def test_scoring_page_shows_changes_lead_and_downloads(demo_db: Path) -> None:
    at = run_page(PAGE, demo_db)
    assert not at.exception
    assert at.title[0].value == t("scoring.title", "en")
    labels = {m.label: m.value for m in at.metric}
    with Workspace.open(demo_db) as ws:
        leads = ws.scalar("SELECT count(*) FROM leads")
    assert t("scoring.mql_active", "en") in labels
    assert labels[t("scoring.became_mql", "en")] == "0"  # the working rules are the active ones
    assert int(labels[t("scoring.mql_active", "en")].replace(",", "")) <= leads
    assert at.get("download_button")[0].proto.label == t("scoring.download", "en")
    assert at.selectbox(key="scoring.lead").value is not None
    assert any("CRM" in c.value for c in at.caption)  # replayed vs imported MQL moments
    # raising the threshold can only remove MQLs against the active criteria
    at.number_input(key="scoring.threshold").set_value(150.0).run()
    assert not at.exception
    labels = {m.label: m.value for m in at.metric}
    assert labels[t("scoring.became_mql", "en")] == "0"
    assert int(labels[t("scoring.no_longer_mql", "en")].replace(",", "")) >= 0


def test_scoring_page_upload_save_and_japanese(demo_db: Path, tmp_path: Path) -> None:
    own = tmp_path / "own.duckdb"  # saving changes the active criteria: not on the shared file
    shutil.copy(demo_db, own)
    at = run_page(PAGE, own, lang="ja")
    assert not at.exception
    assert at.title[0].value == t("scoring.title", "ja")
    changed = dump_criteria(default_criteria()).replace("threshold = 100.0", "threshold = 70.0")
    at.get("file_uploader")[0].set_value(
        ("mine.toml", changed.encode("utf-8"), "application/toml")
    ).run()
    assert not at.exception
    assert at.number_input(key="scoring.threshold").value == 70.0
    at.text_input(key="scoring.save_by").input("tester").run()
    at.button(key="scoring.save_button").click().run()
    assert not at.exception
    assert any("v2" in s.value for s in at.success)
    with Workspace.open(own) as ws:
        stored = ws.rows("SELECT version, status, created_by FROM criteria")
    assert stored == [(2, "draft", "tester")]


def test_scoring_page_bad_upload_is_one_error(demo_db: Path) -> None:
    at = run_page(PAGE, demo_db)
    at.get("file_uploader")[0].set_value(
        ("bad.toml", b"threshold = 'high'", "application/toml")
    ).run()
    assert not at.exception
    assert any("threshold" in e.value for e in at.error)


def test_scoring_page_empty_workspace(empty_db: Path) -> None:
    at = run_page(PAGE, empty_db)
    assert not at.exception
    assert any(t("scoring.empty", "en") in i.value for i in at.info)
