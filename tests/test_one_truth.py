"""One set of numbers: a month's KPIs agree on every surface that shows them (issue 9).

The demo workspace (the one `make run` opens: 20,000 leads, seed 7) is built once; the
month is the last complete one. Every surface — the definitions layer, the `metrics`
command, the Overview cards, the funnel's MQL cohorts, the what-if at the agreed
threshold (page function and `whatif` command) and the score bands (page function and
`bands` command) — must give the same counts and rates.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import polars as pl
import pytest

from analytics.cli.main import main
from analytics.criteria import active_criteria
from analytics.metrics.bands import summarise_bands
from analytics.metrics.definitions import (
    compute_monthly_kpis,
    last_complete_month,
    month_end,
    stage_exprs,
)
from analytics.metrics.funnel import count_cohorts
from analytics.metrics.whatif import prepare_workspace, sweep_table, whatif_at
from analytics.scoring.replay import replay
from analytics.store.db import Workspace
from analytics.store.demo import load_demo
from analytics.text import format as fmt
from tests.test_pages import run_page


@pytest.fixture(scope="module")
def full_demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("truth") / "demo.duckdb"
    with Workspace.open(path) as ws:
        load_demo(ws)  # the defaults `make run` uses
    return path


@pytest.fixture(scope="module")
def truth(full_demo: Path) -> dict:
    with Workspace.open(full_demo) as ws:
        criteria = active_criteria(ws)
        replayed = replay(ws, criteria)
        costs = ws.query("SELECT month, channel, amount FROM costs")
        prepared = prepare_workspace(ws, criteria, replay=replayed)
    month = last_complete_month(replayed.as_of)
    monthly = compute_monthly_kpis(
        replayed.leads, as_of=replayed.as_of, costs=costs, contact_hours=criteria.sla.contact_hours
    )
    row = monthly.filter(pl.col("month") == month).row(0, named=True)
    return {"criteria": criteria, "replay": replayed, "month": month, "row": row,
            "prepared": prepared}  # fmt: skip


def _cli_json(capsys: pytest.CaptureFixture[str], *argv: str) -> object:
    assert main(list(argv)) == 0
    return json.loads(capsys.readouterr().out)


def test_the_default_month_is_the_last_complete_one(truth: dict) -> None:
    as_of = truth["replay"].as_of
    assert month_end(truth["month"]) <= as_of.date()
    assert truth["row"]["complete"] is True


def test_metrics_command_equals_the_definitions(truth, full_demo, capsys) -> None:
    data = _cli_json(capsys, "metrics", "--db", str(full_demo), "--format", "json")
    assert data["month"] == f"{truth['month']:%Y-%m}" and data["complete"] is True
    row = truth["row"]
    for kpi in data["kpis"]:
        value = row[kpi["key"]]
        assert kpi["value"] == (pytest.approx(value) if isinstance(value, float) else value)


def test_overview_cards_show_the_definitions(truth, full_demo) -> None:
    at = run_page(None, full_demo, timeout=120)
    assert not at.exception, at.exception
    cards = {m.label: m.value for m in at.metric}
    row = truth["row"]
    assert cards["MQLs"] == fmt.count(row["mqls"])
    assert cards["MQL → SQL"] == fmt.pct(row["mql_to_sql"])
    assert cards["MQL → won"] == fmt.pct(row["mql_to_won"])
    assert cards["MQL rate"] == fmt.pct(row["mql_rate"])


def test_funnel_cohort_equals_the_definitions(truth) -> None:
    replayed = truth["replay"]
    cohorts = count_cohorts(replayed.leads, as_of=replayed.as_of)
    cohort = cohorts.filter(pl.col("cohort") == truth["month"]).row(0, named=True)
    row = truth["row"]
    assert (cohort["mqls"], cohort["sqls"], cohort["won"]) == (
        row["mqls"],
        row["mql_sql"],
        row["mql_won"],
    )
    assert cohort["sql_rate"] == pytest.approx(row["mql_to_sql"])


def test_whatif_at_the_agreed_threshold_equals_the_definitions(truth, full_demo, capsys) -> None:
    month, row = truth["month"], truth["row"]
    period = (month, month_end(month))
    at = whatif_at(truth["prepared"].sweep, truth["criteria"].threshold, period=period)
    got = at.row(0, named=True)
    assert got["mql_per_month"] == row["mqls"]
    assert got["sql"] == row["mql_sql"]
    assert got["mql_to_sql"] == pytest.approx(row["mql_to_sql"])
    assert (got["mql_to_sql_ci_low"], got["mql_to_sql_ci_high"]) == pytest.approx(
        (row["mql_to_sql_ci_low"], row["mql_to_sql_ci_high"])
    )
    assert got["precision"] == pytest.approx(row["mql_to_won"])
    assert got["mql_rate"] == pytest.approx(row["mql_rate"])
    data = _cli_json(
        capsys, "whatif", "--db", str(full_demo), "--start", f"{period[0]}", "--end",
        f"{period[1]}", "--format", "json",
    )  # fmt: skip
    assert data["mql_per_month"] == row["mqls"] and data["sql"] == row["mql_sql"]
    assert data["mql_to_sql"] == pytest.approx(row["mql_to_sql"])


def test_score_bands_split_at_the_threshold_equal_the_mqls(truth, full_demo, capsys) -> None:
    threshold = truth["criteria"].threshold
    leads = truth["replay"].leads
    month = truth["month"]
    created = leads.filter(
        pl.col("created_at").is_between(month, month_end(month) + timedelta(days=1), closed="left")
    )
    bands = summarise_bands(created, edges=[0, threshold], outcome="won")
    top = bands.filter(pl.col("low") == threshold).row(0, named=True)
    assert top["leads"] == truth["row"]["mql_converted"]  # the month's leads that became MQL
    data = _cli_json(
        capsys, "bands", "--db", str(full_demo), "--bands", f"0,{threshold:g}", "--format", "json"
    )
    top_all = next(b for b in data if b["low"] == threshold)
    assert top_all["leads"] == leads["mql_at"].is_not_null().sum()


def test_a_higher_threshold_qualifies_better_leads(truth) -> None:
    """On the demo, MQL->SQL and MQL->won rise with the threshold (its hidden model says so)."""
    table = sweep_table(truth["prepared"].sweep).filter(
        pl.col("threshold").is_in([80.0, 100.0, 120.0])
    )
    rows = table.sort("threshold").select("threshold", "mql_to_sql", "precision").rows()
    assert [r[0] for r in rows] == [80, 100, 120]
    sql_rates, won_rates = [r[1] for r in rows], [r[2] for r in rows]
    assert sql_rates[0] < sql_rates[1] < sql_rates[2], rows
    assert won_rates[0] < won_rates[1] < won_rates[2], rows


def test_sales_sourced_leads_are_never_mqls(truth) -> None:
    leads = truth["replay"].leads.select(**stage_exprs())
    assert not (leads["sales_sourced"] & leads["mql"]).any()
    assert leads["sales_sourced"].sum() > 0  # the demo has sales-sourced deals


def test_replay_uses_behaviour_before_the_hand_off_only(truth, full_demo) -> None:
    """The MQL moment never comes after the hand-off; a replay as of the hand-off agrees."""
    leads = truth["replay"].leads
    late = leads.filter(pl.col("mql_at") > pl.col("handoff_at"))
    assert late.height == 0
    sample = leads.filter(pl.col("handoff_at").is_not_null()).head(1).row(0, named=True)
    with Workspace.open(full_demo) as ws:
        earlier = replay(ws, replace(truth["criteria"]), as_of=sample["handoff_at"])
    again = earlier.leads.filter(pl.col("lead_id") == sample["lead_id"]).row(0, named=True)
    assert again["peak_total"] == pytest.approx(sample["peak_total"])


def test_kpi_dates_are_months() -> None:
    assert last_complete_month(date(2026, 10, 31)) == date(2026, 10, 1)
