"""AppTest: the conversion pages (funnel, bands, profile, stages) on the demo and an empty workspace."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import polars as pl
import pytest

from analytics.text.catalog import t
from tests.conversion_data import replay_leads
from tests.test_pages import demo_db, empty_db, run_page, texts  # noqa: F401  (fixtures)

PAGES = ["pages/funnel.py", "pages/bands.py", "pages/profile.py", "pages/stages.py"]
TITLES = {
    "pages/funnel.py": "funnel.title",
    "pages/bands.py": "bands.title",
    "pages/profile.py": "profile.title",
    "pages/stages.py": "stages.title",
}
EMPTY = {
    "pages/funnel.py": "funnel.empty",
    "pages/bands.py": "bands.empty",
    "pages/profile.py": "profile.empty",
    "pages/stages.py": "stages.empty",
}


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("lang", ["en", "ja"])
def test_page_on_demo(demo_db: Path, page: str, lang: str) -> None:  # noqa: F811
    at = run_page(page, demo_db, lang=lang)
    assert not at.exception, at.exception
    assert texts(at, "title") == [t(TITLES[page], lang)]
    assert not at.error, texts(at, "error")


@pytest.mark.parametrize("page", PAGES)
def test_page_on_empty_workspace(empty_db: Path, page: str) -> None:  # noqa: F811
    at = run_page(page, empty_db)
    assert not at.exception, at.exception
    assert t(EMPTY[page], "en") in texts(at, "info")
    assert not at.error


def test_funnel_numbers_and_split(demo_db: Path) -> None:  # noqa: F811
    at = run_page("pages/funnel.py", demo_db)
    frame, _ = replay_leads(demo_db)
    # the sidebar period covers every month of the demo, so the funnel is over all leads
    first = at.metric[0]
    assert first.label == t("conversion.stage_lead", "en")
    assert first.value == f"{frame.height:,}"
    # the funnel's won stage counts wins through an MQL; the others are shown as sales-sourced
    won = (frame["is_won"] & frame["mql_at"].is_not_null()).sum()
    assert at.metric[4].value == f"{won:,}"
    outside = (frame["is_won"] & frame["mql_at"].is_null()).sum()
    assert any(f"{outside:,} of them were won" in c for c in texts(at, "caption"))
    at.selectbox(key="funnel.split.en").set_value("source").run()
    assert not at.exception
    assert t("funnel.by_split", "en", split=t("funnel.split_source", "en")) in texts(
        at, "subheader"
    )


def test_bands_controls_and_download(demo_db: Path) -> None:  # noqa: F811
    at = run_page("pages/bands.py", demo_db)
    frame, _ = replay_leads(demo_db)
    assert at.metric[0].value == f"{frame['peak_total'].is_not_null().sum():,}"
    at.radio(key="bands.outcome.en").set_value("won").run()
    at.radio(key="bands.method.en").set_value("quantile").run()
    assert not at.exception and not at.error
    at.radio(key="bands.score.en").set_value("as_of").run()
    assert not at.exception and not at.error
    assert at.metric[0].value != f"{frame['peak_total'].is_not_null().sum():,}"  # open leads only
    at.radio(key="bands.method.en").set_value("custom").run()
    at.text_input(key="bands.edges").set_value("0,abc").run()
    assert not at.exception
    assert any("'abc'" in e for e in texts(at, "error"))


def test_stages_downloads(demo_db: Path) -> None:  # noqa: F811
    at = run_page("pages/stages.py", demo_db)
    assert not at.exception
    buttons = {b.proto.label: b for b in at.get("download_button")}
    assert t("conversion.download_excel", "en") in buttons
    at.multiselect(key="stages.priorities.en").set_value(["high", "medium"]).run()
    assert not at.exception
    at.text_area(key="stages.rules_toml").set_value("[[rule]]\nname = 'x'").run()
    assert not at.exception
    assert any("missing key" in e for e in texts(at, "error"))


def test_profile_outcome_switch(demo_db: Path) -> None:  # noqa: F811
    at = run_page("pages/profile.py", demo_db)
    at.radio(key="profile.outcome.en").set_value("sql").run()
    assert not at.exception and not at.error
    assert t("profile.attributes", "en") in texts(at, "subheader")


def test_call_list_excel_is_neutralised() -> None:
    from analytics.store.export import to_excel_bytes

    data = to_excel_bytes(pl.DataFrame({"company": ["=cmd()"]}))
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    assert sheet["A2"].value == "'=cmd()"


def test_overview_kpis(demo_db: Path) -> None:  # noqa: F811

    from analytics.metrics.definitions import last_complete_month
    from analytics.metrics.kpis import compute_monthly_kpis, summarise_month
    from analytics.store.db import Workspace
    from analytics.text import format as fmt

    at = run_page(None, demo_db)
    assert not at.exception, at.exception
    frame, as_of = replay_leads(demo_db)
    with Workspace.open(demo_db) as ws:
        costs = ws.query("SELECT month, channel, amount FROM costs")
    month = last_complete_month(as_of)  # the headline is never a month that has only begun
    assert t("kpis.title", "en", month=fmt.month(month, "en")) in texts(at, "subheader")
    cards = summarise_month(compute_monthly_kpis(frame, as_of=as_of, costs=costs), month)
    leads = cards.filter(pl.col("kpi") == "leads").row(0, named=True)
    metrics: dict[str, str] = {}
    for metric in at.metric:  # the KPI cards come before the overview's table counts
        metrics.setdefault(metric.label, metric.value)
    assert metrics[t("kpis.name_leads", "en")] == f"{leads['value']:,.0f}"
    new_leads = frame.filter(
        pl.col("created_at").dt.year().eq(month.year)
        & pl.col("created_at").dt.month().eq(month.month)
    ).height
    assert leads["value"] == new_leads  # independent count
    rate = cards.filter(pl.col("kpi") == "mql_rate").row(0, named=True)
    assert metrics[t("kpis.name_mql_rate", "en")] == f"{rate['value']:.1%}"
