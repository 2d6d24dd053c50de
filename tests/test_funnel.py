"""analytics.metrics.funnel against plain SQL (DuckDB over the same frame), statsmodels and real data."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import duckdb
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal
from statsmodels.stats.proportion import proportion_confint

from analytics.errors import InputError
from analytics.metrics.funnel import (
    STAGES,
    count_cohorts,
    count_funnel,
    measure_stage_times,
    median_days_to_won,
    summarise_conversion,
    summarise_dropoff,
)
from tests.conversion_data import import_olist, random_leads, replay_leads
from tests.test_pages import demo_db  # noqa: F401  (session fixture)

# The funnel written independently in SQL: an MQL, then MQLs that reached the stage or a later one.
REACHED_SQL = """
    SELECT {key} AS key,
        count(*) AS lead,
        count(*) FILTER (mql_at IS NOT NULL) AS mql,
        count(*) FILTER (mql_at IS NOT NULL AND (sql_at IS NOT NULL OR opportunity_at IS NOT NULL OR coalesce(is_won, false))) AS sql,
        count(*) FILTER (mql_at IS NOT NULL AND (opportunity_at IS NOT NULL OR coalesce(is_won, false))) AS opportunity,
        count(*) FILTER (mql_at IS NOT NULL AND coalesce(is_won, false)) AS won
    FROM frame GROUP BY ALL ORDER BY 1
"""


def sql_funnel(frame: pl.DataFrame, key: str = "'all'") -> dict:
    rows = duckdb.sql(REACHED_SQL.format(key=key)).fetchall()
    return {r[0]: dict(zip(("lead", *STAGES[1:]), r[1:], strict=True)) for r in rows}


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_count_funnel_matches_sql(seed: int) -> None:
    frame = random_leads(300, seed)
    expected = sql_funnel(frame)["all"]
    out = count_funnel(frame)
    assert out["stage"].to_list() == list(STAGES)
    assert dict(zip(out["stage"], out["reached"], strict=True)) == expected
    for i in range(1, len(STAGES)):
        k, n = expected[STAGES[i]], expected[STAGES[i - 1]]
        row = out.row(i, named=True)
        assert row["previous"] == n
        assert (row["ci_low"], row["ci_high"]) == pytest.approx(
            proportion_confint(k, n, method="wilson"), abs=1e-12
        )
    observed = duckdb.sql(
        "SELECT count(mql_at), count(sql_at), count(opportunity_at) FROM frame"
    ).fetchall()[0]
    assert out["observed"].to_list()[1:4] == list(observed)


def test_count_funnel_by_source_matches_sql() -> None:
    frame = random_leads(300, 4)
    expected = sql_funnel(frame, "coalesce(source, '(none)')")
    out = count_funnel(frame, by="source")
    got = {
        s: dict(zip(g["stage"], g["reached"], strict=True))
        for (s,), g in out.group_by("source", maintain_order=True)
    }
    assert got == expected


def test_count_funnel_literal_exact() -> None:
    frame = pl.DataFrame(
        {
            "mql_at": [datetime(2025, 1, 2), None, None],
            "sql_at": [None, None, None],
            "opportunity_at": [None, None, None],
            "is_won": [True, False, None],
        }
    )
    expected = pl.DataFrame(
        {
            "stage": list(STAGES),
            "reached": [3, 1, 1, 1, 1],
            "observed": [3, 1, 0, 0, 1],
            "previous": [None, 3, 1, 1, 1],
        },
        schema={
            "stage": pl.String,
            "reached": pl.Int64,
            "observed": pl.Int64,
            "previous": pl.Int64,
        },
    )
    assert_frame_equal(count_funnel(frame).select(expected.columns), expected)


def test_count_funnel_missing_column() -> None:
    with pytest.raises(InputError, match="sql_at"):
        count_funnel(pl.DataFrame({"mql_at": [None]}))
    with pytest.raises(InputError, match="mql_col"):
        count_funnel(random_leads(5), mql_col="mql")


@given(st.integers(min_value=0, max_value=10_000), st.integers(min_value=1, max_value=120))
@settings(max_examples=25, deadline=None)
def test_funnel_properties(seed: int, n: int) -> None:
    frame = random_leads(n, seed)
    overall = count_funnel(frame)
    assert overall["reached"].to_list() == sorted(overall["reached"].to_list(), reverse=True)
    split = count_funnel(frame, by="source")
    sums = split.group_by("stage").agg(pl.col("reached").sum())
    assert dict(sums.iter_rows()) == dict(overall.select("stage", "reached").iter_rows())
    rated = overall.filter(pl.col("rate").is_not_null())
    assert (rated["ci_low"] <= rated["rate"] + 1e-12).all()
    assert (rated["rate"] <= rated["ci_high"] + 1e-12).all()


@pytest.mark.parametrize(("outcome", "base"), [("won", None), ("won", "mql"), ("sql", None)])
def test_summarise_conversion_matches_sql(outcome: str, base: str | None) -> None:
    frame = random_leads(500, 5)
    hit = {
        "won": "coalesce(is_won, false)",
        "sql": "(sql_at IS NOT NULL OR opportunity_at IS NOT NULL OR coalesce(is_won, false))",
    }[outcome]
    where = (
        "WHERE mql_at IS NOT NULL OR sql_at IS NOT NULL OR opportunity_at IS NOT NULL "
        "OR coalesce(is_won, false)"
        if base
        else ""
    )
    rows = duckdb.sql(
        f"SELECT coalesce(industry, '(none)'), count(*), count(*) FILTER ({hit}) "
        f"FROM frame {where} GROUP BY 1"
    ).fetchall()
    out = summarise_conversion(frame, "industry", outcome=outcome, base=base)
    got = {r[0]: (r[1], r[2]) for r in out.select("industry", "leads", "converted").iter_rows()}
    assert got == {r[0]: (r[1], r[2]) for r in rows}
    total, total_hit = sum(r[1] for r in rows), sum(r[2] for r in rows)
    for row in out.iter_rows(named=True):
        low, high = proportion_confint(row["converted"], row["leads"], method="wilson")
        assert (row["ci_low"], row["ci_high"]) == pytest.approx((low, high), abs=1e-12)
        assert row["lift"] == pytest.approx(row["rate"] / (total_hit / total))
        assert row["share_of_conversions"] == pytest.approx(row["converted"] / total_hit)
    assert out["leads"].to_list() == sorted(out["leads"].to_list(), reverse=True)


def test_summarise_conversion_overall_row() -> None:
    frame = random_leads(50, 6)
    out = summarise_conversion(frame)
    assert out.select("leads", "converted").row(0) == (50, int(frame["is_won"].sum()))


def test_cohorts_and_immaturity() -> None:
    frame = random_leads(600, 7)
    as_of = datetime(2026, 1, 1)
    out = count_cohorts(frame, as_of=as_of)
    rows = duckdb.sql(
        """
        SELECT date_trunc('month', mql_at)::DATE AS cohort, count(*) AS mqls,
               count(*) FILTER (coalesce(is_won, false)) AS won,
               sum(CASE WHEN is_won THEN won_amount ELSE 0 END) AS revenue
        FROM frame WHERE mql_at IS NOT NULL GROUP BY 1 ORDER BY 1
        """
    ).fetchall()
    assert out.select("cohort", "mqls", "won", "won_revenue").rows() == [
        (c, m, w, float(r)) for c, m, w, r in rows
    ]
    median = duckdb.sql(
        "SELECT median(epoch(won_at) - epoch(mql_at)) / 86400 FROM frame WHERE is_won AND mql_at IS NOT NULL"
    ).fetchall()[0][0]
    assert median_days_to_won(frame) == pytest.approx(median)
    for row in out.iter_rows(named=True):
        month_end = datetime(
            row["cohort"].year + row["cohort"].month // 12, row["cohort"].month % 12 + 1, 1
        )
        age = max(0.0, (as_of - month_end).total_seconds() / 86400)
        assert row["age_days"] == pytest.approx(age)
        assert row["immature"] == (age < median)
    assert out["immature"].any() and not out["immature"].all()


def test_stage_times_match_sql() -> None:
    frame = random_leads(400, 8)
    rows = duckdb.sql(
        """
        SELECT count(*), median(d), quantile_cont(d, 0.75) FROM (
            SELECT (epoch(sql_at) - epoch(mql_at)) / 86400 AS d FROM frame
        ) WHERE d IS NOT NULL AND d >= 0
        """
    ).fetchall()[0]
    out = measure_stage_times(frame)
    row = out.filter(pl.col("transition") == "mql_to_sql").row(0, named=True)
    assert (row["n"], row["median_days"], row["p75_days"]) == pytest.approx(rows)
    assert out["transition"].to_list()[0] == "lead_to_mql"
    by = measure_stage_times(frame, by="owner")
    assert by.filter(pl.col("transition") == "mql_to_sql")["n"].sum() == rows[0]


def test_dropoff_matches_sql() -> None:
    leads = pl.DataFrame({"lead_id": ["a", "b", "c", "d"]})
    feedback = pl.DataFrame(
        {
            "lead_id": ["a", "a", "b", "c", "z"],
            "given_at": [datetime(2025, 1, d) for d in (1, 2, 1, 1, 1)],
            "verdict": ["accepted", "rejected", "recycled", "rejected", "rejected"],
            "reason": ["ok", "no budget", "too early", "no budget", "no budget"],
        }
    )
    deals = pl.DataFrame(
        {
            "lead_id": ["a", "d", "d", None],
            "created_at": [datetime(2025, 2, d) for d in (1, 1, 2, 1)],
            "is_won": [False, False, None, False],
            "closed_at": [datetime(2025, 3, 1), datetime(2025, 3, 1), None, datetime(2025, 3, 1)],
            "lost_reason": ["price", "competitor", None, "price"],
        }
    )
    out = summarise_dropoff(leads, feedback=feedback, deals=deals)
    expected = pl.DataFrame(
        {
            "stage": ["mql", "mql", "opportunity", "opportunity"],
            "verdict": ["rejected", "recycled", "lost", "lost"],
            "reason": ["no budget", "too early", "competitor", "price"],
            "leads": [2, 1, 1, 1],
            "share": [2 / 3, 1 / 3, 0.5, 0.5],
        }
    )
    assert_frame_equal(out, expected)
    assert summarise_dropoff(leads).is_empty()


def test_demo_workspace_funnel_matches_sql(demo_db: Path) -> None:  # noqa: F811
    frame, as_of = replay_leads(demo_db)
    expected = sql_funnel(frame)["all"]
    out = count_funnel(frame)
    assert dict(zip(out["stage"], out["reached"], strict=True)) == expected
    assert expected["won"] > 0 and expected["mql"] > 0
    # conversion by source counts every win, through an MQL or not (the outcome of the lead)
    by_source = duckdb.sql(
        "SELECT coalesce(source, '(none)'), count(*), count(*) FILTER (coalesce(is_won, false)) "
        "FROM frame GROUP BY 1"
    ).fetchall()
    conv = summarise_conversion(frame, "source", outcome="won")
    assert {
        r[0]: (r[1], r[2]) for r in conv.select("source", "leads", "converted").iter_rows()
    } == {k: (n, won) for k, n, won in by_source}
    cohorts = count_cohorts(frame, as_of=as_of)
    assert cohorts["mqls"].sum() == frame["mql_at"].is_not_null().sum()


# --- real data: Olist marketing funnel (8,000 MQLs, 842 won) ------------------------------


def olist_leads(real: Path) -> pl.DataFrame:
    """The Olist MQLs and closed deals as a replay-shaped frame, loaded with polars directly.

    (The ingest engineer's importer is checked separately in ``test_real_olist_via_import``.)
    Every Olist lead is an MQL (``first_contact_date``, DD-MM-YYYY); a closed deal is a win.
    """
    folder = real / "olist-funnel"
    mqls = pl.read_csv(folder / "olist_marketing_qualified_leads_dataset.csv", infer_schema=False)
    deals = pl.read_csv(folder / "olist_closed_deals_dataset.csv", infer_schema=False)
    won = deals.select(
        pl.col("mql_id"),
        pl.col("won_date").str.strptime(pl.Datetime("us"), "%d-%m-%Y %H:%M").alias("won_at"),
    )
    return (
        mqls.select(
            pl.col("mql_id").alias("lead_id"),
            pl.col("first_contact_date")
            .str.strptime(pl.Datetime("us"), "%d-%m-%Y")
            .alias("created_at"),
            pl.col("origin").alias("source"),
        )
        .join(won, left_on="lead_id", right_on="mql_id", how="left")
        .with_columns(
            pl.col("created_at").alias("crm_mql_at"),
            pl.col("created_at").alias("mql_at"),
            pl.lit(None, pl.Datetime("us")).alias("sql_at"),
            pl.col("won_at").alias("opportunity_at"),
            pl.col("won_at").is_not_null().alias("is_won"),
            pl.lit(0.0).alias("won_amount"),
        )
    )


OLIST_FACTS = {
    "organic_search": (2296, 271),
    "paid_search": (1586, 195),
    "social": (1350, 75),
    "unknown": (1099, 179),
}


def test_real_olist_conversion_by_origin(real_data: Path) -> None:
    leads = olist_leads(real_data)
    out = summarise_conversion(leads, "source", outcome="won", base="mql", mql_col="crm_mql_at")
    got = {r[0]: (r[1], r[2]) for r in out.select("source", "leads", "converted").iter_rows()}
    for origin, fact in OLIST_FACTS.items():
        assert got[origin] == fact
    assert got["(none)"][0] == 60  # the empty origins
    assert (out["leads"].sum(), out["converted"].sum()) == (8000, 842)
    row = out.filter(pl.col("source") == "organic_search").row(0, named=True)
    assert (row["ci_low"], row["ci_high"]) == pytest.approx(
        proportion_confint(271, 2296, method="wilson"), abs=1e-12
    )
    funnel = count_funnel(leads, mql_col="crm_mql_at")
    assert funnel.filter(pl.col("stage") == "won")["reached"].item() == 842
    assert funnel.filter(pl.col("stage") == "mql")["reached"].item() == 8000


def test_real_olist_via_import(real_data: Path, tmp_path: Path) -> None:
    """The same facts through the importer + mappings + replay (every Olist lead is an MQL)."""
    leads, _ = import_olist(real_data, tmp_path / "olist.duckdb")
    out = summarise_conversion(leads, "source", outcome="won")
    got = {r[0]: (r[1], r[2]) for r in out.select("source", "leads", "converted").iter_rows()}
    for origin, fact in OLIST_FACTS.items():
        assert got[origin] == fact
    assert (out["leads"].sum(), out["converted"].sum()) == (8000, 842)
    social = out.filter(pl.col("source") == "social").row(0, named=True)
    assert (social["ci_low"], social["ci_high"]) == pytest.approx(
        proportion_confint(75, 1350, method="wilson"), abs=1e-12
    )
    assert social["lift"] == pytest.approx((75 / 1350) / (842 / 8000))
