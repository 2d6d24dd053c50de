"""analytics.metrics.kpis against plain SQL over the same frame and statsmodels."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import duckdb
import polars as pl
import pytest
from statsmodels.stats.proportion import proportion_confint, proportions_ztest

from analytics.errors import InputError
from analytics.metrics.kpis import KPIS, compute_monthly_kpis, latest_month, summarise_month
from tests.conversion_data import random_leads, replay_leads
from tests.test_pages import demo_db  # noqa: F401  (session fixture)

MONTHLY_SQL = """
WITH m AS (
    SELECT *,
        CASE WHEN is_won THEN won_at END AS won_moment,
        coalesce(sql_at, opportunity_at, CASE WHEN is_won THEN won_at END) AS sql_moment,
        coalesce(mql_at, sql_at, opportunity_at, CASE WHEN is_won THEN won_at END) AS mql_moment
    FROM frame
)
SELECT
    (SELECT count(*) FROM m WHERE date_trunc('month', created_at) = $month) AS leads,
    (SELECT count(*) FILTER (mql_moment IS NOT NULL) FROM m WHERE date_trunc('month', created_at) = $month) AS mql_converted,
    (SELECT count(*) FROM m WHERE date_trunc('month', mql_moment) = $month) AS mqls,
    (SELECT count(*) FILTER (sql_moment IS NOT NULL) FROM m WHERE date_trunc('month', mql_moment) = $month) AS mql_sql,
    (SELECT count(*) FROM m WHERE date_trunc('month', sql_moment) = $month) AS sqls,
    (SELECT count(*) FILTER (won_moment IS NOT NULL) FROM m WHERE date_trunc('month', sql_moment) = $month) AS sql_won,
    (SELECT count(*) FROM m WHERE date_trunc('month', won_moment) = $month) AS won,
    (SELECT coalesce(sum(won_amount), 0) FROM m WHERE date_trunc('month', won_moment) = $month) AS won_revenue,
    (SELECT median((epoch(won_moment) - epoch(created_at)) / 86400) FROM m
        WHERE date_trunc('month', won_moment) = $month AND won_moment >= created_at) AS median_days
"""


def sql_month(frame: pl.DataFrame, month: date) -> dict:
    rel = duckdb.sql(MONTHLY_SQL, params={"month": month})
    return dict(zip(rel.columns, rel.fetchall()[0], strict=True))


@pytest.mark.parametrize("month", [date(2024, 3, 1), date(2024, 11, 1), date(2025, 6, 1)])
def test_monthly_kpis_match_sql(month: date) -> None:
    frame = random_leads(1500, 21)
    costs = pl.DataFrame(
        {"month": [month, month], "channel": ["web", "ad"], "amount": [100_000.0, 50_000.0]}
    )
    monthly = compute_monthly_kpis(frame, costs=costs)
    row = monthly.filter(pl.col("month") == month).row(0, named=True)
    expected = sql_month(frame, month)
    for column in ("leads", "mql_converted", "mqls", "mql_sql", "sqls", "sql_won", "won"):
        assert row[column] == expected[column], column
    assert row["won_revenue"] == pytest.approx(float(expected["won_revenue"]))
    assert row["median_days_to_close"] == pytest.approx(expected["median_days"])
    for kpi in ("mql_rate", "mql_to_sql", "sql_to_won"):
        _, num, den = KPIS[kpi]
        if row[den]:
            assert (row[f"{kpi}_ci_low"], row[f"{kpi}_ci_high"]) == pytest.approx(
                proportion_confint(row[num], row[den], method="wilson"), abs=1e-12
            )
            assert row[kpi] == pytest.approx(row[num] / row[den])
    assert row["cost"] == 150_000.0
    assert row["cost_per_lead"] == pytest.approx(150_000.0 / expected["leads"])
    assert row["cac"] == (pytest.approx(150_000.0 / expected["won"]) if expected["won"] else None)


def test_months_are_contiguous_and_costs_optional() -> None:
    monthly = compute_monthly_kpis(random_leads(300, 22))
    months = monthly["month"].to_list()
    assert months == pl.date_range(months[0], months[-1], "1mo", eager=True).to_list()
    assert monthly["cost_per_lead"].is_null().all() and monthly["cac"].is_null().all()
    assert monthly["leads"].sum() == 300


def test_summarise_month_changes_and_trend() -> None:
    frame = random_leads(3000, 23)
    monthly = compute_monthly_kpis(frame)
    month = date(2025, 5, 1)
    cards = summarise_month(monthly, month)
    assert cards["kpi"].to_list() == list(KPIS)
    now, prev, year = (
        sql_month(frame, month),
        sql_month(frame, date(2025, 4, 1)),
        sql_month(frame, date(2024, 5, 1)),
    )
    leads = cards.filter(pl.col("kpi") == "leads").row(0, named=True)
    assert (leads["value"], leads["previous"], leads["year_ago"]) == (
        now["leads"],
        prev["leads"],
        year["leads"],
    )
    assert leads["delta_previous"] == now["leads"] - prev["leads"]
    assert leads["pct_previous"] == pytest.approx(now["leads"] / prev["leads"] - 1)
    rate = cards.filter(pl.col("kpi") == "mql_rate").row(0, named=True)
    assert rate["n"] == now["leads"]
    assert rate["value"] == pytest.approx(now["mql_converted"] / now["leads"])
    _, p = proportions_ztest(
        [now["mql_converted"], prev["mql_converted"]], [now["leads"], prev["leads"]]
    )
    assert rate["p_previous"] == pytest.approx(p)
    _, p_year = proportions_ztest(
        [now["mql_converted"], year["mql_converted"]], [now["leads"], year["leads"]]
    )
    assert rate["p_year_ago"] == pytest.approx(p_year)
    assert (rate["ci_low"], rate["ci_high"]) == pytest.approx(
        proportion_confint(now["mql_converted"], now["leads"], method="wilson"), abs=1e-12
    )
    trend = leads["trend"]
    assert len(trend) == 12 and trend[-1] == now["leads"] and trend[-2] == prev["leads"]
    won = cards.filter(pl.col("kpi") == "sql_to_won").row(0, named=True)
    assert won["small_sample"] == (now["sqls"] < 50)


def test_summarise_month_outside_data() -> None:
    monthly = compute_monthly_kpis(random_leads(50, 24))
    cards = summarise_month(monthly, date(2030, 1, 1))
    assert cards["value"].is_null().all()
    assert latest_month(monthly) <= date(2026, 1, 1)


def test_literal_frame_exact() -> None:
    frame = pl.DataFrame(
        {
            "created_at": [datetime(2025, 1, 3), datetime(2025, 1, 9), datetime(2025, 2, 3)],
            "mql_at": [datetime(2025, 1, 4), None, None],
            "sql_at": [None, None, None],
            "opportunity_at": [datetime(2025, 2, 1), None, None],
            "is_won": [True, False, None],
            "won_at": [datetime(2025, 2, 11), None, None],
            "won_amount": [500.0, 0.0, 0.0],
        }
    )
    monthly = compute_monthly_kpis(frame)
    assert monthly.select(
        "month", "leads", "mqls", "sqls", "won", "won_revenue", "median_days_to_close"
    ).rows() == [
        (date(2025, 1, 1), 2, 1, 0, 0, 0.0, None),
        (date(2025, 2, 1), 1, 0, 1, 1, 500.0, 39.0),
    ]


def test_rejects() -> None:
    with pytest.raises(InputError, match="mql_col"):
        compute_monthly_kpis(random_leads(5), mql_col="x")
    with pytest.raises(InputError, match="won_at"):
        compute_monthly_kpis(random_leads(5).drop("won_at"))


def test_demo_workspace_kpis(demo_db: Path) -> None:  # noqa: F811
    frame, as_of = replay_leads(demo_db)
    from analytics.store.db import Workspace

    with Workspace.open(demo_db) as ws:
        costs = ws.query("SELECT month, channel, amount FROM costs")
        month = date(as_of.year, as_of.month, 1)
        cost_sql = ws.scalar("SELECT sum(amount) FROM costs WHERE month = ?", [month])
    monthly = compute_monthly_kpis(frame, costs=costs)
    row = monthly.filter(pl.col("month") == month).row(0, named=True)
    expected = sql_month(frame, month)
    assert (row["leads"], row["mqls"], row["won"]) == (
        expected["leads"],
        expected["mqls"],
        expected["won"],
    )
    assert row["cost"] == pytest.approx(cost_sql)
    cards = summarise_month(monthly, month)
    assert cards.filter(pl.col("kpi") == "leads")["value"].item() == expected["leads"]


def test_real_olist_monthly_wins(real_data: Path, tmp_path: Path) -> None:
    """Wins per month after importing Olist equal a plain SQL count over the raw CSV."""
    from tests.conversion_data import import_olist

    leads, _ = import_olist(real_data, tmp_path / "olist.duckdb")
    monthly = compute_monthly_kpis(leads)
    raw = real_data / "olist-funnel" / "olist_closed_deals_dataset.csv"
    rows = duckdb.sql(
        "SELECT date_trunc('month', strptime(won_date, '%d-%m-%Y %H:%M'))::DATE AS m, count(*) "
        "FROM read_csv(?, all_varchar = true) GROUP BY 1 ORDER BY 1",
        params=[str(raw)],
    ).fetchall()
    got = monthly.filter(pl.col("won") > 0).select("month", "won").rows()
    assert got == rows
    assert monthly["won"].sum() == 842 and monthly["leads"].sum() == 8000
    raw_leads = real_data / "olist-funnel" / "olist_marketing_qualified_leads_dataset.csv"
    per_month = dict(
        duckdb.sql(
            "SELECT date_trunc('month', strptime(first_contact_date, '%d-%m-%Y'))::DATE, count(*) "
            "FROM read_csv(?, all_varchar = true) GROUP BY 1",
            params=[str(raw_leads)],
        ).fetchall()
    )
    assert (
        dict(monthly.filter(pl.col("leads") > 0).select("month", "leads").iter_rows()) == per_month
    )


@pytest.mark.parametrize(
    ("until", "expected"),
    [
        (date(2025, 1, 15), date(2025, 1, 1)),  # the period ends before the newest month
        (date(2025, 3, 31), date(2025, 3, 1)),
        (date(2026, 1, 31), date(2025, 3, 1)),  # later than the data: the newest month with data
    ],
)
def test_kpi_month(until: date, expected: date) -> None:
    from analytics.metrics.kpis import kpi_month

    monthly = pl.DataFrame(
        {
            "month": [date(2025, 1, 1), date(2025, 2, 1), date(2025, 3, 1), date(2025, 4, 1)],
            "leads": [3, 0, 0, 0],
            "mqls": [0, 0, 1, 0],
            "won": [0, 0, 0, 0],
        }
    )
    assert kpi_month(monthly, until=until) == expected
    assert kpi_month(monthly.head(0), until=until) is None
