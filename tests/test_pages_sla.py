"""AppTest: the SLA and Sales feedback pages on the demo (both languages), the call-list
download, and feedback entered on the page showing at once and after re-opening."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from analytics.criteria import active_criteria
from analytics.metrics.definitions import last_complete_month
from analytics.metrics.sla import build_sla_report
from analytics.scoring.replay import replay
from analytics.store.db import Workspace
from analytics.text import format as fmt
from analytics.text.catalog import t
from tests.test_pages import demo_db, empty_db, run_page, texts  # noqa: F401  (fixtures)

PAGES = {"pages/sla.py": "sla", "pages/feedback.py": "feedback"}


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("lang", ["en", "ja"])
def test_page_on_demo(demo_db: Path, page: str, lang: str) -> None:  # noqa: F811
    at = run_page(page, demo_db, lang=lang)
    assert not at.exception, at.exception
    assert texts(at, "title") == [t(f"{PAGES[page]}.title", lang)]
    assert not at.error, texts(at, "error")
    assert len(at.dataframe) >= 4


@pytest.mark.parametrize("page", PAGES)
def test_page_on_empty_workspace(empty_db: Path, page: str) -> None:  # noqa: F811
    at = run_page(page, empty_db)
    assert not at.exception, at.exception
    assert t(f"{PAGES[page]}.empty", "en") in texts(at, "info")


def test_sla_cards_show_the_report(demo_db: Path) -> None:  # noqa: F811
    with Workspace.open(demo_db) as ws:
        criteria = active_criteria(ws)
        replayed = replay(ws, criteria)
    month = last_complete_month(replayed.as_of)
    report = build_sla_report(replayed.leads, month=month, as_of=replayed.as_of,
                              contact_hours=criteria.sla.contact_hours,
                              mql_per_month=criteria.sla.mql_per_month)  # fmt: skip
    at = run_page("pages/sla.py", demo_db)
    values = {m.label: m.value for m in at.metric}
    hours = fmt.hours(criteria.sla.contact_hours)
    assert values[t("sla.card_within", "en", hours=hours)] == fmt.pct(report.month.within_share)
    assert values[t("sla.card_delivered", "en")] == fmt.count(report.month.delivered)
    assert values[t("sla.card_p50", "en")] == fmt.hours(report.month.p50_hours)
    assert t("sla.owners_sum", "en", mqls=fmt.count(report.month.mqls)) in texts(at, "caption")
    at.radio(key="sla.owner_window.en").set_value("window").run()
    assert not at.exception
    at.selectbox(key="sla.month.en").set_value(month.replace(month=3)).run()
    assert not at.exception and not at.error
    buttons = [b.proto.label for b in at.get("download_button")]
    assert t("sla.download", "en") in buttons


def _table_with(at, text: str):
    for frame in at.dataframe:
        if (
            frame.value.astype(str)
            .apply(lambda col: col.str.contains(text, regex=False))
            .any()
            .any()
        ):
            return frame.value
    return None


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_feedback_entered_on_the_page_shows_at_once(
    demo_db: Path,  # noqa: F811
    tmp_path: Path,
    lang: str,
) -> None:
    db = tmp_path / "entry.duckdb"
    shutil.copy(demo_db, db)
    at = run_page("pages/feedback.py", db, lang=lang)
    picker = at.multiselect(key="feedback.leads")
    lead = picker.options[0].split(" · ")[0] if " · " in picker.options[0] else picker.options[0]
    assert t("feedback.no_feedback_yet", lang) in picker.format_func(lead)
    before = at.metric[1].value
    picker.set_value([lead])
    at.radio(key=f"feedback.verdict.{lang}").set_value("rejected")
    reason = at.selectbox(key=f"feedback.reason.{lang}")
    reason.set_value(reason.options[1])  # 予算なし / No budget
    at.text_input(key="feedback.name").set_value("テスト 花子").run()
    at.button(key="feedback.record").click().run()
    assert not at.exception, at.exception
    assert not at.error, texts(at, "error")
    assert t("feedback.saved", lang, n=1, verdict=fmt.label("verdict", "rejected", lang)) in texts(
        at, "success"
    )
    recent = _table_with(at, "テスト 花子")
    assert recent is not None
    row = recent[recent.iloc[:, 1] == lead]
    assert row.iloc[0, 3] == fmt.label("verdict", "rejected", lang)
    assert at.metric[1].value != before  # the reject rate moved: the tables were recomputed
    with Workspace.open(db) as ws:
        assert ws.rows("SELECT verdict, given_by FROM feedback WHERE lead_id = ?", [lead]) == [
            ("rejected", "テスト 花子")
        ]
    # re-opening the page (a new session) shows it too
    again = run_page("pages/feedback.py", db, lang=lang)
    assert _table_with(again, "テスト 花子") is not None
    assert fmt.label("verdict", "rejected", lang) in again.multiselect(
        key="feedback.leads"
    ).format_func(lead)


def test_feedback_entry_needs_a_name(demo_db: Path, tmp_path: Path) -> None:  # noqa: F811
    db = tmp_path / "entry.duckdb"
    shutil.copy(demo_db, db)
    at = run_page("pages/feedback.py", db)
    picker = at.multiselect(key="feedback.leads")
    picker.set_value([picker.options[0]]).run()
    at.button(key="feedback.record").click().run()
    assert not at.exception
    assert any(t("feedback.no_name", "en") in e for e in texts(at, "error"))
    with Workspace.open(db) as ws:
        assert ws.scalar("SELECT count(*) FROM imports WHERE kind = 'feedback'") == 0


def test_feedback_views_switch(demo_db: Path) -> None:  # noqa: F811
    at = run_page("pages/feedback.py", demo_db, lang="ja")
    for dimension in ("source", "owner", "rule"):
        at.radio(key="feedback.dimension.ja").set_value(dimension).run()
        assert not at.exception and not at.error
    at.radio(key="feedback.window.ja").set_value(12).run()
    assert not at.exception and not at.error
    assert any("〜" in c for c in texts(at, "caption"))
