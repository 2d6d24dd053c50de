"""AppTest cases of the what-if page: the slider moves and the numbers follow the replay."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from analytics.criteria import active_criteria
from analytics.scoring.replay import replay
from analytics.store.db import Workspace
from analytics.text.catalog import CATALOG, t
from tests.test_pages import demo_db, empty_db, run_page, texts

__all__ = ["demo_db", "empty_db"]  # fixtures used by name below

PAGE = "pages/whatif.py"


def metrics(at) -> dict[str, str]:
    return {metric.label: metric.value for metric in at.metric}


def replayed_mqls(db: Path, threshold: float) -> int:
    """MQLs at a threshold by the scoring engineer's replay (independent of the sweep)."""
    with Workspace.open(db) as ws:
        criteria = active_criteria(ws)
        leads = replay(ws, replace(criteria, threshold=threshold)).leads
    return int(leads["mql_at"].is_not_null().sum())


def test_slider_moves_and_numbers_change(demo_db: Path) -> None:
    at = run_page(PAGE, demo_db)
    assert not at.exception, at.exception
    assert not at.error, texts(at, "error")
    assert texts(at, "title") == [t("whatif.title", "en")]
    slider = at.slider(key="whatif.threshold")
    agreed = slider.value
    before = metrics(at)
    assert before[t("whatif.mql", "en")] == f"{replayed_mqls(demo_db, agreed):,}"

    slider.set_value(agreed + 30).run()
    assert not at.exception, at.exception
    after = metrics(at)
    assert after[t("whatif.mql", "en")] == f"{replayed_mqls(demo_db, agreed + 30):,}"
    assert after[t("whatif.mql", "en")] != before[t("whatif.mql", "en")]
    assert at.number_input(key="whatif.threshold_exact").value == agreed + 30


def test_number_input_moves_the_slider(demo_db: Path) -> None:
    at = run_page(PAGE, demo_db)
    at.number_input(key="whatif.threshold_exact").set_value(60.0).run()
    assert not at.exception, at.exception
    assert at.slider(key="whatif.threshold").value == 60.0
    assert metrics(at)[t("whatif.mql", "en")] == f"{replayed_mqls(demo_db, 60.0):,}"


def test_capacity_is_editable_and_warns(demo_db: Path) -> None:
    at = run_page(PAGE, demo_db)
    at.number_input(key="whatif.reps").set_value(1).run()
    at.number_input(key="whatif.per_rep").set_value(1.0).run()
    assert not at.exception, at.exception
    assert metrics(at)[t("whatif.capacity", "en")] == "1"
    assert any("exceed" in text for text in texts(at, "warning")), texts(at, "warning")


def test_capacity_defaults_come_from_the_data(demo_db: Path) -> None:
    from analytics.metrics.whatif import observed_capacity
    from analytics.text import format as fmt

    at = run_page(PAGE, demo_db)
    assert not at.exception, at.exception
    with Workspace.open(demo_db) as ws:
        observed = observed_capacity(replay(ws, active_criteria(ws)).leads)
    assert at.number_input(key="whatif.reps").value == observed.owners == 8  # not 3 reps
    assert at.number_input(key="whatif.per_rep").value == observed.per_owner
    assert metrics(at)[t("whatif.capacity", "en")] == fmt.number(observed.per_month)


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_rates_name_their_cohort_and_unworked_leads_are_a_lower_bound(
    demo_db: Path, lang: str
) -> None:
    from analytics.text import format as fmt

    at = run_page(PAGE, demo_db, lang=lang)
    captions = texts(at, "caption")
    by_lead = fmt.label("cohort", "lead_month", lang)
    by_mql = fmt.label("cohort", "mql_month", lang)
    assert sum(c.endswith(by_mql) for c in captions) >= 2  # MQL -> SQL and MQL -> won
    assert sum(c.endswith(by_lead) for c in captions) >= 2  # MQL rate and recall
    note = CATALOG["whatif.below_unworked"][lang].split("{")[0]
    assert any(note in i for i in texts(at, "info")), texts(at, "info")


def test_more_wins_below_the_threshold_are_red(demo_db: Path) -> None:
    at = run_page(PAGE, demo_db)
    at.slider(key="whatif.threshold").set_value(at.slider(key="whatif.threshold").value + 30).run()
    from streamlit.proto.Metric_pb2 import Metric

    red, green = Metric.MetricColor.RED, Metric.MetricColor.GREEN
    below = next(m for m in at.metric if m.label == t("whatif.below", "en"))
    assert below.proto.delta.startswith("+")  # more wins missed …
    assert below.proto.color == red  # … shown as worse: red, never green
    mqls = next(m for m in at.metric if m.label == t("whatif.mql", "en"))
    assert mqls.proto.delta.startswith("-") and mqls.proto.color == red  # fewer MQLs: down, red
    precision = next(m for m in at.metric if m.label == t("whatif.precision", "en"))
    rose = precision.proto.delta.startswith("+")  # a rate: higher is better
    assert precision.proto.color == (green if rose else red), precision.proto.delta


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_page_renders_every_section(demo_db: Path, lang: str) -> None:
    at = run_page(PAGE, demo_db, lang=lang)
    assert not at.exception, at.exception
    subheaders = texts(at, "subheader")
    for key in ("whatif.kpis", "whatif.curves", "whatif.suggestions", "whatif.compare"):
        assert t(key, lang) in subheaders
    for rule in ("rule_of_thumb", "capacity", "expected_value", "coverage"):
        label = t(f"whatif.rule.{rule}", lang)
        assert any(text.startswith(f"**{label}") for text in texts(at, "markdown")), label


def test_use_a_suggestion_moves_the_threshold(demo_db: Path) -> None:
    at = run_page(PAGE, demo_db)
    capacity = next(
        text
        for text in texts(at, "markdown")
        if text.startswith(f"**{t('whatif.rule.capacity', 'en')}")
    )
    suggested = float(capacity.split("**")[1].split(":")[1])
    at.button(key="whatif.use_capacity").click().run()
    assert not at.exception, at.exception
    assert at.slider(key="whatif.threshold").value == suggested
    assert metrics(at)[t("whatif.mql", "en")] == f"{replayed_mqls(demo_db, suggested):,}"


def test_empty_workspace_shows_empty_state(empty_db: Path) -> None:
    at = run_page(PAGE, empty_db, lang="ja")
    assert not at.exception, at.exception
    assert not at.error
    assert t("whatif.empty", "ja") in texts(at, "info")
    assert not at.slider


def test_a_rate_over_no_mql_and_a_snapshots_monthly_figures_show_a_dash(tmp_path: Path) -> None:
    # a leads export without creation dates whose leads all stay below the threshold: no
    # MQL, so MQL→SQL and precision are over none ("–", not 0%), and a snapshot has no
    # per-month figures (the follow-up load is "–", not "– hours")
    import polars as pl

    from analytics.store.ingest import import_file

    db = tmp_path / "s.duckdb"
    leads = pl.DataFrame(
        {
            "Lead ID": [f"L{i}" for i in range(30)],
            "Employees": [20] * 30,
            "Converted": ["TRUE"] * 6 + ["FALSE"] * 24,
        }
    )
    with Workspace.open(db) as ws:
        import_file(ws, "leads", leads.write_csv().encode(), file_name="Leads.csv")
    shown = metrics(run_page("pages/whatif.py", db))
    assert shown[t("whatif.mql", "en")] == "0"
    for key in (
        "whatif.sql_rate",
        "whatif.precision",
        "whatif.expected_revenue",
        "whatif.followup",
    ):
        assert shown[t(key, "en")] == "–", key
    assert shown[t("whatif.recall", "en")] == "0.0%"  # over the 6 wins: none through an MQL
