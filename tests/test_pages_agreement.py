"""AppTest cases of the Agreement page: the sign flow, reject, and proposals sent from What-if/Scoring."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from analytics.criteria import default_criteria
from analytics.criteria.agreement import (
    criteria_in_force,
    propose,
    save_version,
    sign,
    status_of,
)
from analytics.store.db import Workspace
from analytics.text.catalog import t
from tests import test_pages
from tests.test_pages import run_page, texts

demo_db = test_pages.demo_db  # the shared fixtures (a small demo workspace, an empty one)
empty_db = test_pages.empty_db

PAGE = "pages/agreement.py"


@pytest.fixture
def meeting(demo_db: Path, tmp_path: Path) -> tuple[Path, int, int]:
    """A workspace with an agreed default (v2) and a proposal on the table (v3: threshold 90)."""
    db = tmp_path / "meeting.duckdb"
    shutil.copy(demo_db, db)
    with Workspace.open(db) as ws:
        agreed = save_version(ws, default_criteria(), by="Aoki")
        propose(ws, agreed, by="Aoki")
        sign(ws, agreed, team="marketing", by="Aoki")
        sign(ws, agreed, team="sales", by="Sato")
        proposal = save_version(ws, replace(default_criteria(), threshold=90.0), by="Aoki")
        propose(ws, proposal, by="Aoki", note="more MQLs")
    return db, agreed, proposal


def test_both_teams_sign_on_the_page_and_every_page_uses_it(meeting) -> None:
    db, agreed, proposal = meeting
    at = run_page(PAGE, db)
    assert not at.exception
    assert at.selectbox(key="agreement.pick").value == proposal
    shown = " ".join(texts(at, "markdown"))
    assert "threshold 100 → 90" in shown  # the diff, in words
    assert "MQL→SQL: " in shown and ("within noise" in shown or "a real difference" in shown)
    labels = {m.label: m.value for m in at.metric}
    assert labels[t("agreement.becomes", "en")] != "0"

    at.text_input(key="agreement.name_marketing").input("Mori")
    at.text_input(key="agreement.note_marketing").input("fits our budget")
    at.button(key="agreement.sign_marketing").click().run()
    assert not at.exception
    assert texts(at, "success")[0] == t("agreement.done_sign", "en", version="Default criteria v3")
    with Workspace.open(db) as ws:
        assert status_of(ws, proposal).status == "proposed"  # one team is not an agreement
    assert not [b for b in at.button if b.key == "agreement.sign_marketing"]

    at.text_input(key="agreement.name_sales").input("Sato")
    at.button(key="agreement.sign_sales").click().run()
    assert not at.exception
    assert t("agreement.done_agreed", "en", version="Default criteria v3") in texts(at, "success")
    with Workspace.open(db) as ws:
        assert status_of(ws, proposal).status == "agreed"
        assert status_of(ws, agreed).status == "retired"
        assert criteria_in_force(ws)[1].criteria_id == proposal
        signers = [(s.team, s.signed_by, s.note) for s in status_of(ws, proposal).signoffs]
    assert signers == [("marketing", "Mori", "fits our budget"), ("sales", "Sato", None)]
    assert any("Agreed" in c and "Default criteria v3" in c for c in texts(at, "caption"))
    assert t("agreement.no_proposal", "en") in texts(at, "info")
    # every page now uses it
    at.switch_page("pages/whatif.py").run()
    assert not at.exception
    assert at.session_state["whatif.threshold"] == 90


def test_reject_sends_the_proposal_back_to_draft(meeting) -> None:
    db, _, proposal = meeting
    at = run_page(PAGE, db, lang="ja")
    assert not at.exception
    at.text_input(key="agreement.reject_by").input("佐藤")
    at.button(key="agreement.reject_button").click().run()
    assert not at.exception
    assert any("理由" in e for e in texts(at, "error"))  # a reason is required
    at.text_input(key="agreement.reject_note").input("営業の人数が足りない")
    at.button(key="agreement.reject_button").click().run()
    assert not at.exception
    assert texts(at, "success") == [t("agreement.done_reject", "ja", version="標準の判定基準 v3")]
    with Workspace.open(db) as ws:
        assert status_of(ws, proposal).status == "draft"
    assert at.button(key="agreement.propose_button")  # a draft can be proposed again


def test_a_wrong_step_is_one_error_in_the_page_language(meeting) -> None:
    db, _, _ = meeting
    at = run_page(PAGE, db, lang="ja")
    at.text_input(key="agreement.name_marketing").input("Aoki")
    at.button(key="agreement.sign_marketing").click().run()
    at.text_input(key="agreement.name_sales").input("aoki")
    at.button(key="agreement.sign_sales").click().run()
    assert not at.exception
    assert len(at.error) == 1 and "担当者" in at.error[0].value


def test_whatif_threshold_is_proposed_in_one_step(meeting) -> None:
    db, _, _ = meeting
    at = run_page("pages/whatif.py", db)
    at.number_input(key="whatif.threshold_exact").set_value(120.0).run()
    at.text_input(key="whatif.propose_by").input("Mori").run()
    at.button(key="whatif.propose").click().run()
    assert not at.exception
    assert at.title[0].value == t("agreement.title", "en")
    with Workspace.open(db) as ws:
        newest = ws.rows(
            "SELECT criteria_id, status, created_by FROM criteria ORDER BY criteria_id DESC LIMIT 1"
        )[0]
    assert newest[1:] == ("proposed", "Mori")
    assert at.selectbox(key="agreement.pick").value == newest[0]
    assert "threshold 100 → 120" in " ".join(texts(at, "markdown"))


def test_scoring_edits_are_proposed_in_one_step(meeting) -> None:
    db, _, _ = meeting
    at = run_page("pages/scoring.py", db)
    at.number_input(key="scoring.threshold").set_value(110.0).run()
    at.text_input(key="scoring.save_by").input("Mori").run()
    at.button(key="scoring.propose_button").click().run()
    assert not at.exception
    assert at.title[0].value == t("agreement.title", "en")
    assert "threshold 100 → 110" in " ".join(texts(at, "markdown"))


def test_agreement_page_without_versions_and_empty(demo_db: Path, empty_db: Path) -> None:
    at = run_page(PAGE, demo_db)
    assert not at.exception
    assert t("agreement.no_agreed", "en") in texts(at, "info")
    assert t("agreement.no_proposal", "en") in texts(at, "info")
    assert any("Shipped default (not agreed)" in c for c in texts(at, "caption"))
    empty = run_page(PAGE, empty_db, lang="ja")
    assert not empty.exception and not empty.error


def test_a_tampered_agreement_is_shown_on_every_page(meeting) -> None:
    db, agreed, _ = meeting
    with Workspace.open(db) as ws, ws.transaction() as cur:
        cur.execute(
            "UPDATE criteria SET body = replace(body, 'threshold = 100.0', 'threshold = 40.0') "
            "WHERE criteria_id = ?",
            [agreed],
        )
    for page in (PAGE, "pages/overview.py"):
        at = run_page(page, db)
        assert not at.exception
        assert any(f"#{agreed}" in w for w in texts(at, "warning")), page
    at = run_page(PAGE, db)
    assert any(f"Criteria #{agreed}" in e for e in texts(at, "error"))  # the audit trail
