"""Tests of analytics.metrics.whatif: the sweep arithmetic against direct counts, invariants, stats."""

from __future__ import annotations

import math
from datetime import date, datetime, timedelta

import duckdb
import numpy as np
import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal
from statsmodels.stats.proportion import (
    confint_proportions_2indep,
    proportion_confint,
    proportions_ztest,
)

from analytics.errors import InputError
from analytics.metrics.definitions import stage_exprs
from analytics.metrics.whatif import (
    KPI_COLUMNS,
    Assumptions,
    compare_conversion,
    compare_sql_rules,
    compare_thresholds,
    derive_sql_deadlines,
    grid_index,
    monthly_at,
    prepare_sweep,
    suggest_thresholds,
    sweep_table,
    whatif_at,
)
from analytics.metrics.whatif.sweep import _example_frames, grid_counts
from analytics.scoring.kernels import SCORE_DECIMALS

DT = datetime


# --------------------------------------------------------------------------- literal data
def literal_frames() -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """Six leads over three months; totals are record highs; two BANT assessments."""
    leads = pl.DataFrame(
        {
            "lead_id": ["a", "b", "c", "d", "e", "f"],
            "created_at": [
                DT(2025, 1, 3),
                DT(2025, 1, 10),
                DT(2025, 2, 1),
                DT(2025, 2, 15),
                DT(2025, 3, 2),
                DT(2025, 3, 20),
            ],
            "peak_total": [120.0, 95.5, 60.0, 30.0, 101.0, 10.0],
            "is_won": [True, False, True, True, False, False],
            "won_amount": [1000.0, 0.0, 400.0, 250.0, 0.0, 0.0],
            "sql_at": [DT(2025, 1, 20), None, None, None, None, None],
        }
    )
    path = pl.DataFrame(
        {
            "lead_id": ["a", "a", "a", "b", "b", "c", "c", "d", "e", "e", "f"],
            "at": [
                DT(2025, 1, 3),
                DT(2025, 1, 15),
                DT(2025, 2, 2),
                DT(2025, 1, 10),
                DT(2025, 3, 1),
                DT(2025, 2, 1),
                DT(2025, 2, 20),
                DT(2025, 2, 15),
                DT(2025, 3, 2),
                DT(2025, 3, 5),
                DT(2025, 3, 20),
            ],
            "total": [20.0, 80.0, 120.0, 50.0, 95.5, 5.0, 60.0, 30.0, 100.0, 101.0, 10.0],
        }
    )
    bant = pl.DataFrame(
        {
            "lead_id": ["a", "b", "c"],
            "assessed_at": [DT(2025, 1, 20), DT(2025, 3, 10), DT(2025, 2, 10)],
            "budget": [2, 1, 3],
            "authority": [2, 1, 3],
            "need": [3, 3, 3],
            "timeline": [2, 0, 3],
        },
        schema_overrides={k: pl.Int16 for k in ("budget", "authority", "need", "timeline")},
    )
    return leads, path, bant


def reference(
    leads: pl.DataFrame,
    path: pl.DataFrame,
    deadlines: pl.DataFrame,
    threshold: float,
    period: tuple[date, date] | None = None,
) -> dict[str, float]:
    """Direct lead-level count: MQL moment = min(at) where total >= T (independent of the sweep)."""
    start, end = period or (date(1900, 1, 1), date(2999, 12, 31))
    first = date(start.year, start.month, 1)
    moments = (
        path.filter(pl.col("total") >= threshold).group_by("lead_id").agg(mql_at=pl.col("at").min())
    )
    per_lead = (
        leads.join(moments, on="lead_id", how="left")
        .join(deadlines, on="lead_id", how="left")
        .with_columns(
            mql=pl.col("mql_at").is_not_null(),
            # an SQL: the BANT rule met after the MQL moment, or a later stage (a win)
            sql=pl.col("mql_at").is_not_null()
            & ((pl.col("mql_at") <= pl.col("last_sql_at")).fill_null(False) | pl.col("is_won")),
            cohort=pl.col("created_at").dt.truncate("1mo").dt.date(),
            mql_month=pl.col("mql_at").dt.truncate("1mo").dt.date(),
        )
    )
    cohort = per_lead.filter(pl.col("cohort").is_between(first, end))
    mql = int(cohort["mql"].sum())
    won_mql = int((cohort["mql"] & cohort["is_won"]).sum())
    won_total = int(cohort["is_won"].sum())
    months = cohort.select(pl.col("cohort").n_unique()).item()
    # MQL->SQL and MQL->won (precision) are by MQL month, as in the definitions layer
    by_mql_month = per_lead.filter(pl.col("mql_month").is_between(first, end))
    mqls_in_months = by_mql_month.height
    won_in_months = int(by_mql_month["is_won"].sum())
    return {
        "leads": cohort.height,
        "mql": mql,
        "sql": int(by_mql_month["sql"].sum()),
        "won": won_mql,
        "revenue": float(cohort.filter(pl.col("mql") & pl.col("is_won"))["won_amount"].sum()),
        "won_total": won_total,
        "precision": won_in_months / mqls_in_months if mqls_in_months else None,  # over none
        "recall": won_mql / won_total if won_total else math.nan,
        "mql_rate": mql / cohort.height,
        "mql_in_months": int(per_lead["mql_month"].is_between(first, end).sum()),
        "months": months,
    }


@pytest.fixture
def frames() -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    return literal_frames()


@pytest.fixture
def sweep(frames):
    leads, path, bant = frames
    return prepare_sweep(
        leads,
        path,
        agreed_threshold=80,
        sql_deadlines=derive_sql_deadlines(bant, {"need": 3, "timeline": 2}),
    )


# --------------------------------------------------------------------------- arithmetic
@pytest.mark.parametrize(
    "threshold", [-5, 0, 5, 10.5, 30, 31, 60, 80, 95.5, 96, 100, 101, 120, 121, 500]
)
@pytest.mark.parametrize(
    "period", [None, (date(2025, 1, 1), date(2025, 1, 31)), (date(2025, 2, 10), date(2025, 3, 31))]
)
def test_whatif_at_matches_direct_count(frames, sweep, threshold, period):
    leads, path, bant = frames
    deadlines = derive_sql_deadlines(bant, {"need": 3, "timeline": 2})
    effective = float(sweep.thresholds[grid_index(sweep, threshold)])
    expected = reference(leads, path, deadlines, effective, period)
    row = whatif_at(sweep, threshold, period=period).row(0, named=True)
    assert row["threshold"] == effective
    for key in ("leads", "mql", "sql", "won", "won_total", "months"):
        assert row[key] == expected[key], key
    for key in ("revenue", "precision", "mql_rate"):
        if expected[key] is None:
            assert row[key] is None, key
        else:
            assert row[key] == pytest.approx(expected[key]), key
    if math.isnan(expected["recall"]):
        assert row["recall"] is None
    else:
        assert row["recall"] == pytest.approx(expected["recall"])
    assert row["mql_per_month"] == pytest.approx(expected["mql_in_months"] / expected["months"])
    assert row["won_below"] == expected["won_total"] - expected["won"]


@pytest.mark.parametrize(
    ("threshold", "effective"),
    [(-100, -0.0), (0, 0.0), (0.2, 1.0), (80, 80.0), (80.0001, 81.0), (121, 121.0), (1e6, 121.0)],
)
def test_grid_index_rounds_up_to_the_grid(sweep, threshold, effective):
    assert float(sweep.thresholds[grid_index(sweep, threshold)]) == effective


def test_grid_holds_off_grid_agreed_threshold(frames):
    leads, path, _ = frames
    sweep = prepare_sweep(leads, path, agreed_threshold=95.25)
    assert 95.25 in sweep.thresholds.to_list()
    assert (
        whatif_at(sweep, 95.25)["mql"].item()
        == reference(leads, path, leads.select("lead_id", last_sql_at="sql_at"), 95.25)["mql"]
    )


def test_wide_score_range_gets_coarser_step(frames):
    leads, path, _ = frames
    wide = path.with_columns(pl.col("total") * 1000)
    sweep = prepare_sweep(leads, wide, agreed_threshold=80_000)
    assert sweep.thresholds.len() <= 2002
    assert sweep.thresholds.diff().drop_nulls().min() >= 1


def test_sweep_table_rows_equal_whatif_at(sweep):
    table = sweep_table(sweep)
    assert table.columns == list(KPI_COLUMNS)
    for threshold in (0.0, 50.0, 80.0, 101.0):
        assert_frame_equal(
            whatif_at(sweep, threshold), table.filter(pl.col("threshold") == threshold)
        )


def test_expected_and_cost_columns(sweep):
    assumptions = Assumptions(capacity_per_month=1.0, hours_per_mql=2.0, hourly_cost=10.0)
    row = whatif_at(sweep, 50, assumptions=assumptions).row(0, named=True)
    assert row["expected_won"] == pytest.approx(row["mql_per_month"] * row["won"] / row["mql"])
    assert row["expected_sql"] == pytest.approx(row["mql_per_month"] * row["sql"] / row["mql"])
    assert row["expected_revenue"] == pytest.approx(
        row["mql_per_month"] * row["revenue"] / row["mql"]
    )
    assert row["followup_hours"] == pytest.approx(2.0 * row["mql_per_month"])
    assert row["followup_cost"] == pytest.approx(20.0 * row["mql_per_month"])
    assert row["value_per_win"] == pytest.approx(1650.0 / 3)
    assert row["expected_value"] == pytest.approx(
        row["expected_won"] * 1650.0 / 3 - row["followup_cost"]
    )
    assert row["over_capacity"] is (row["mql_per_month"] > 1.0)
    assert row["capacity_per_month"] == 1.0


def test_intervals_are_wilson(sweep):
    row = whatif_at(sweep, 50).row(0, named=True)
    low, high = proportion_confint(row["won"], row["mql"], method="wilson")
    assert (row["precision_ci_low"], row["precision_ci_high"]) == pytest.approx((low, high))
    low, high = proportion_confint(row["won"], row["won_total"], method="wilson")
    assert (row["recall_ci_low"], row["recall_ci_high"]) == pytest.approx((low, high))


def test_no_mql_gives_unknown_rates_but_zero_expected_counts(sweep):
    # a rate over no MQL is unknown (null, shown "–"), not 0%; no MQL expects nothing
    row = whatif_at(sweep, 1000).row(0, named=True)
    assert (row["mql"], row["precision"], row["sql_rate"], row["mql_to_sql"]) == (
        0,
        None,
        None,
        None,
    )
    assert (row["expected_sql"], row["expected_won"], row["expected_revenue"]) == (0, 0, 0)
    assert row["precision_ci_low"] is None


def test_monthly_at_counts_by_mql_month(frames, sweep):
    _, path, _ = frames
    got = monthly_at(sweep, 80, assumptions=Assumptions(capacity_per_month=2))
    expected = (
        path.filter(pl.col("total") >= 80)
        .group_by("lead_id")
        .agg(pl.col("at").min())
        .group_by(month=pl.col("at").dt.truncate("1mo").dt.date())
        .agg(mql=pl.len().cast(pl.Int64))
    )
    months = pl.DataFrame({"month": [date(2025, 1, 1), date(2025, 2, 1), date(2025, 3, 1)]})
    expected = months.join(expected, on="month", how="left").fill_null(0)
    assert_frame_equal(got.select("month", "mql"), expected)
    assert got["capacity_per_month"].to_list() == [2.0, 2.0, 2.0]


def test_sql_fallback_uses_replay_sql_at(frames):
    leads, path, _ = frames
    sweep = prepare_sweep(leads, path, agreed_threshold=80)
    assert sweep.sql_basis == "replay"
    deadlines = leads.select("lead_id", last_sql_at="sql_at")
    for threshold in (20, 80, 120):
        assert (
            whatif_at(sweep, threshold)["sql"].item()
            == reference(leads, path, deadlines, threshold)["sql"]
        )


@pytest.mark.parametrize(
    ("required", "expected"),
    [
        ({}, ["a", "b", "c"]),
        ({"need": 3}, ["a", "b", "c"]),
        ({"need": 3, "timeline": 2}, ["a", "c"]),
        ({"budget": 3}, ["c"]),
        ({"authority": 4}, []),
    ],
)
def test_derive_sql_deadlines(frames, required, expected):
    _, _, bant = frames
    got = derive_sql_deadlines(bant, required)
    assert got["lead_id"].to_list() == expected
    assert got.columns == ["lead_id", "last_sql_at"]


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda f, s: derive_sql_deadlines(f[2], {"money": 1}), "'money'"),
        (
            lambda f, s: prepare_sweep(f[0].drop("peak_total"), f[1], agreed_threshold=1),
            "peak_total",
        ),
        (lambda f, s: prepare_sweep(f[0].drop("sql_at"), f[1], agreed_threshold=1), "sql_at"),
        (lambda f, s: prepare_sweep(f[0], f[1], agreed_threshold=1, step=0), "step"),
        (lambda f, s: whatif_at(s, float("nan")), "nan"),
        (lambda f, s: whatif_at(s, 50, period=(date(2030, 1, 1), date(2030, 2, 1))), "no months"),
        (
            lambda f, s: whatif_at(s, 50, period=(date(2025, 3, 1), date(2025, 1, 1))),
            "after its end",
        ),
    ],
)
def test_errors_name_the_bad_value(frames, sweep, call, match):
    with pytest.raises(InputError, match=match):
        call(frames, sweep)


# --------------------------------------------------------------------------- invariants
@st.composite
def replays(draw):
    """Random record-high paths, outcomes and SQL deadlines for a handful of leads."""
    n = draw(st.integers(1, 8))
    lead_ids, created, won, amount, deadlines = [], [], [], [], []
    p_lead, p_at, p_total = [], [], []
    base = DT(2025, 1, 1)
    for i in range(n):
        lead = f"L{i}"
        start = base + timedelta(days=draw(st.integers(0, 120)))
        total = draw(st.floats(-20, 80, allow_nan=False).map(lambda x: round(x, 1)))
        at = start
        steps = draw(st.lists(st.tuples(st.integers(0, 40), st.floats(0.5, 60)), max_size=4))
        p_lead.append(lead)
        p_at.append(at)
        p_total.append(total)
        for days, rise in steps:
            at = at + timedelta(days=days, hours=1)
            total = round(total + rise, 1)
            p_lead.append(lead)
            p_at.append(at)
            p_total.append(total)
        is_won = draw(st.booleans())
        lead_ids.append(lead)
        created.append(start)
        won.append(is_won)
        amount.append(draw(st.integers(1, 100)) * 10.0 if is_won else 0.0)
        deadlines.append(
            draw(st.none() | st.integers(0, 200).map(lambda d: base + timedelta(days=d)))
        )
    leads = pl.DataFrame(
        {
            "lead_id": lead_ids,
            "created_at": created,
            "peak_total": pl.DataFrame({"l": p_lead, "t": p_total})
            .group_by("l", maintain_order=True)
            .agg(pl.col("t").max())["t"],
            "is_won": won,
            "won_amount": amount,
        }
    )
    path = pl.DataFrame({"lead_id": p_lead, "at": p_at, "total": p_total})
    sql = pl.DataFrame(
        {"lead_id": lead_ids, "last_sql_at": deadlines},
        schema_overrides={"last_sql_at": pl.Datetime},
    ).drop_nulls()
    return leads, path, sql


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=replays(), picks=st.lists(st.floats(-30, 250), min_size=1, max_size=3))
def test_sweep_invariants_and_direct_count(data, picks):
    leads, path, deadlines = data
    sweep = prepare_sweep(leads, path, agreed_threshold=50, sql_deadlines=deadlines)
    table = sweep_table(sweep)
    # MQL volume and recall never rise with the threshold; SQL/won counts neither.
    for column in ("mql", "mql_per_month", "sql", "won", "mql_rate"):
        assert (table[column].diff().drop_nulls() <= 1e-9).all(), column
    assert (table["recall"].fill_null(0).diff().drop_nulls() <= 1e-9).all()
    assert (table["sql"] <= table["mql"]).all() and (table["won"] <= table["mql"]).all()
    # a threshold at or below every total makes every lead an MQL; above all, none
    assert table["mql"][0] == leads.height and table["mql"][-1] == 0
    for pick in picks:
        row = whatif_at(sweep, pick).row(0, named=True)
        expected = reference(leads, path, deadlines, row["threshold"])
        for key in ("mql", "sql", "won", "leads", "won_total"):
            assert row[key] == expected[key], key
        assert row["precision"] == pytest.approx(expected["precision"])
        assert row["revenue"] == pytest.approx(expected["revenue"])
        if expected["won_total"]:
            assert row["recall"] == pytest.approx(expected["recall"])
        assert row["mql_per_month"] * row["months"] == pytest.approx(expected["mql_in_months"])


def test_precision_recall_agree_with_leads_frame(frames, sweep):
    """At the agreed threshold the sweep agrees with the replay's own mql_at column."""
    leads, path, _ = frames
    mql_at = path.filter(pl.col("total") >= 80).group_by("lead_id").agg(mql_at=pl.col("at").min())
    replay_leads = leads.join(mql_at, on="lead_id", how="left")
    counted = replay_leads.select(
        mql=pl.col("mql_at").is_not_null().sum(),
        won=(pl.col("mql_at").is_not_null() & pl.col("is_won")).sum(),
        won_total=pl.col("is_won").sum(),
    ).row(0, named=True)
    row = whatif_at(sweep, 80).row(0, named=True)
    assert row["precision"] == pytest.approx(counted["won"] / counted["mql"])
    assert row["recall"] == pytest.approx(counted["won"] / counted["won_total"])


# --------------------------------------------------------------------------- comparisons
def test_compare_thresholds_difference(sweep):
    cmp = compare_thresholds(sweep, 80, 30)
    a = whatif_at(sweep, 80).row(0, named=True)
    b = whatif_at(sweep, 30).row(0, named=True)
    for kpi, agreed, proposed, difference in cmp.iter_rows():
        assert (agreed, proposed) == pytest.approx((a[kpi], b[kpi]))
        assert difference == pytest.approx(b[kpi] - a[kpi])


def test_compare_conversion_uses_disjoint_groups(frames, sweep):
    leads, path, bant = frames
    deadlines = derive_sql_deadlines(bant, {"need": 3, "timeline": 2})
    got = compare_conversion(sweep, 100, 5)  # order does not matter
    won = got.filter(pl.col("outcome") == "won").row(0, named=True)
    high = reference(leads, path, deadlines, 100)
    low = reference(leads, path, deadlines, 5)
    n_h, x_h = high["mql"], high["won"]
    n_d, x_d = low["mql"] - high["mql"], low["won"] - high["won"]
    assert (won["n_high"], won["x_high"], won["n_only_low"], won["x_only_low"]) == (
        n_h,
        x_h,
        n_d,
        x_d,
    )
    z, p = proportions_ztest([x_h, x_d], [n_h, n_d])
    lo, hi = confint_proportions_2indep(x_h, n_h, x_d, n_d, method="newcomb", compare="diff")
    assert (won["z"], won["p_value"]) == pytest.approx((z, p))
    assert (won["ci_low"], won["ci_high"]) == pytest.approx((lo, hi))
    assert won["significant"] is bool(p < 0.05)
    # implied difference against all lower-threshold MQLs is exact
    assert won["difference_vs_low"] == pytest.approx(x_h / n_h - low["won"] / low["mql"])
    assert (won["threshold_high"], won["threshold_low"]) == (100.0, 5.0)


def test_compare_conversion_same_threshold_has_no_test(sweep):
    got = compare_conversion(sweep, 80, 80)
    assert got["p_value"].null_count() == 2
    assert got["n_only_low"].to_list() == [0, 0]


# --------------------------------------------------------------------------- suggestions
def test_suggestions(frames, sweep):
    leads, _, _ = frames
    assumptions = Assumptions(
        capacity_per_month=1.0, hourly_cost=10.0, target_recall=0.6, max_lead_share=0.5
    )
    got = suggest_thresholds(sweep, assumptions=assumptions)
    assert got["rule"].to_list() == ["rule_of_thumb", "capacity", "expected_value", "coverage"]
    assert got["reason"].str.len_chars().min() > 20
    picks = dict(zip(got["rule"], got["threshold"], strict=True))
    mean_won = leads.filter("is_won")["peak_total"].mean()
    assert picks["rule_of_thumb"] == math.floor(mean_won * 0.9 / 5) * 5
    table = sweep_table(sweep, assumptions=assumptions)
    assert picks["capacity"] == table.filter(pl.col("mql_per_month") <= 1.0)["threshold"].min()
    within = table.filter(pl.col("mql_per_month") <= 1.0)  # the best within capacity
    best = within["expected_value"].max()
    assert (
        picks["expected_value"]
        == within.filter(pl.col("expected_value") == best)["threshold"].max()
    )
    assert picks["coverage"] == table.filter(pl.col("mql_rate") <= 0.5)["threshold"].min()
    # each suggestion says whether it exceeds the capacity (at its own MQL volume)
    volume = dict(zip(table["threshold"], table["mql_per_month"], strict=True))
    for rule, threshold, over in got.select("rule", "threshold", "over_capacity").iter_rows():
        assert over == (volume[threshold] > 1.0), rule
    assert got.filter("over_capacity")["reason"].str.contains("Over capacity").all()
    assert not got.filter(~pl.col("over_capacity"))["reason"].str.contains("Over capacity").any()


def test_expected_value_suggestion_names_the_better_one_over_capacity(frames, sweep):
    assumptions = Assumptions(capacity_per_month=0.5, hourly_cost=10.0)
    table = sweep_table(sweep, assumptions=assumptions)
    unconstrained = table.sort(["expected_value", "threshold"], descending=True).row(0, named=True)
    assert unconstrained["mql_per_month"] > 0.5  # the unconstrained best exceeds the capacity
    got = suggest_thresholds(sweep, assumptions=assumptions).row(2, named=True)
    assert got["rule"] == "expected_value"
    assert got["over_capacity"] is False
    assert f"it would be {unconstrained['threshold']:g}" in got["reason"]


def test_suggestions_without_capacity_or_wins_explain_why(frames):
    leads, path, _ = frames
    no_wins = leads.with_columns(is_won=pl.lit(False), won_amount=pl.lit(0.0))
    sweep = prepare_sweep(no_wins, path, agreed_threshold=80)
    got = suggest_thresholds(sweep, lang="ja")
    assert got["threshold"][:3].to_list() == [None, None, None]
    assert got["reason"].str.contains("受注|キャパシティ|期待値").all()


# --------------------------------------------------------------------------- SQL rule lever
@pytest.mark.parametrize(
    "rules",
    [
        {"current": {"need": 3, "timeline": 2}, "loose": {"need": 3}},
        {"any": {}, "budget": {"budget": 3}},
    ],
)
def test_compare_sql_rules_against_sql(frames, rules):
    leads, path, bant = frames
    mql_at = path.filter(pl.col("total") >= 40).group_by("lead_id").agg(mql_at=pl.col("at").min())
    replay_leads = leads.join(mql_at, on="lead_id", how="left")
    got = compare_sql_rules(replay_leads, bant, rules)
    con = duckdb.connect()
    con.register("l", replay_leads.to_arrow())
    con.register("b", bant.to_arrow())
    for name, required in rules.items():
        condition = " AND ".join(f"b.{k} >= {int(v)}" for k, v in required.items()) or "TRUE"
        sql, won_sql = con.sql(
            f"""SELECT count(DISTINCT l.lead_id), count(DISTINCT l.lead_id) FILTER (l.is_won)
                FROM l JOIN b ON b.lead_id = l.lead_id
                WHERE l.mql_at IS NOT NULL AND b.assessed_at >= l.mql_at AND {condition}"""
        ).fetchall()[0]
        row = got.filter(pl.col("rule") == name).row(0, named=True)
        assert (row["mql"], row["sql"], row["won_sql"]) == (
            replay_leads["mql_at"].is_not_null().sum(),
            sql,
            won_sql,
        )
        if row["mql"]:
            low, _ = proportion_confint(sql, row["mql"], method="wilson")
            assert row["sql_ci_low"] == pytest.approx(low)


def test_prepare_handles_unsorted_and_non_rising_path(frames):
    """A path with a dip (not strictly record highs) is read by its running maximum."""
    leads, path, bant = frames
    dip = pl.concat(
        [path, pl.DataFrame({"lead_id": ["a"], "at": [DT(2025, 1, 20)], "total": [40.0]})]
    ).sample(fraction=1.0, shuffle=True, seed=3)
    deadlines = derive_sql_deadlines(bant, {})
    a = sweep_table(prepare_sweep(leads, dip, agreed_threshold=80, sql_deadlines=deadlines))
    b = sweep_table(prepare_sweep(leads, path, agreed_threshold=80, sql_deadlines=deadlines))
    assert_frame_equal(a, b)
    assert np.isfinite(a["mql"].to_numpy()).all()


# --------------------------------------------------------------------------- real replay
@pytest.fixture(scope="module")
def demo_path(tmp_path_factory: pytest.TempPathFactory):
    from analytics.store.db import Workspace
    from analytics.store.demo import load_demo

    path = tmp_path_factory.mktemp("whatif") / "demo.duckdb"
    with Workspace.open(path) as ws:
        load_demo(ws, leads=800, seed=11)
    return path


def test_sweep_agrees_with_replay_at_other_thresholds(demo_path):
    """The sweep, prepared once, equals a fresh replay at each threshold (SQL included)."""
    from dataclasses import replace

    from analytics.criteria import active_criteria
    from analytics.metrics.whatif import prepare_workspace
    from analytics.scoring.replay import replay
    from analytics.store.db import Workspace

    with Workspace.open(demo_path) as ws:
        criteria = active_criteria(ws)
        prepared = prepare_workspace(ws, criteria)
        for threshold in (criteria.threshold, 60.0, 140.0):
            leads = replay(ws, replace(criteria, threshold=threshold)).leads
            row = whatif_at(prepared.sweep, threshold).row(0, named=True)
            mql = leads["mql_at"].is_not_null()
            assert row["mql"] == mql.sum()
            # an SQL as the definitions layer counts it: an MQL that met BANT or went further
            assert row["sql"] == leads.select(stage_exprs()["sql"]).to_series().sum()
            assert row["won"] == (mql & leads["is_won"]).sum()
            assert row["won_total"] == leads["is_won"].sum()


def test_record_rows_skip_the_join_only_when_it_is_the_identity(demo_path):
    """A replay's path and outcomes hold the same leads in lead_id order: the outcomes are
    laid over the path's rows without a join, exactly as the join would; any other order
    (or set of leads) is joined."""
    from analytics.criteria import default_criteria
    from analytics.metrics.definitions import replay_with_outcome
    from analytics.metrics.whatif import sweep as module
    from analytics.scoring.replay import replay
    from analytics.store.db import Workspace

    with Workspace.open(demo_path, read_only=True) as ws:
        replayed = replay_with_outcome(replay(ws, default_criteria()))
    outcomes = module._lead_outcomes(replayed.leads, None)
    leads = module._with_previous_record(replayed.path).filter("first")["lead_id"]
    assert leads.equals(outcomes["lead_id"])  # the fast path is taken on a replay
    fast = module._record_rows(replayed.path, outcomes)
    shuffled = outcomes.sample(fraction=1.0, shuffle=True, seed=5)
    assert not shuffled["lead_id"].equals(outcomes["lead_id"])
    assert_frame_equal(fast, module._record_rows(replayed.path, shuffled))
    # a lead missing from the outcomes (no creation date) drops its rows, as the join does
    fewer = outcomes.filter(pl.col("lead_id") != outcomes["lead_id"][0])
    joined = module._record_rows(replayed.path, fewer)
    lost = replayed.path.filter(pl.col("lead_id") == outcomes["lead_id"][0]).height
    assert joined.height == fast.height - lost > 0


def test_cli_json_and_sweep(demo_path, capsys):
    import json

    from analytics.cli.main import main
    from analytics.criteria import active_criteria
    from analytics.metrics.whatif import JSON_KEYS, prepare_workspace
    from analytics.store.db import Workspace

    assert (
        main(
            [
                "whatif",
                "--db",
                str(demo_path),
                "--threshold",
                "90",
                "--capacity",
                "40",
                "--format",
                "json",
            ]
        )
        == 0
    )
    data = json.loads(capsys.readouterr().out)
    assert tuple(data) == JSON_KEYS
    with Workspace.open(demo_path) as ws:
        sweep = prepare_workspace(ws, active_criteria(ws)).sweep
    expected = whatif_at(sweep, 90, assumptions=Assumptions(capacity_per_month=40)).row(
        0, named=True
    )
    assert data == pytest.approx({k: expected[k] for k in JSON_KEYS})

    assert main(["whatif", "--db", str(demo_path), "--sweep", "--format", "csv"]) == 0
    table = pl.read_csv(capsys.readouterr().out.encode())
    assert table.columns == list(JSON_KEYS)
    assert table.height == sweep.thresholds.len()
    assert (table["mql"].diff().drop_nulls() <= 0).all()

    assert main(["whatif", "--db", str(demo_path), "--start", "2031-01-01"]) == 2
    assert "no months of data" in capsys.readouterr().err


@pytest.mark.parametrize("pairs", [[(1.0, 1.5), (1.0, 3.0)], [(0.0, 0.0), (2.0, 0.5)]])
def test_compare_weights_counts_rescored_leads(demo_path, pairs):
    from dataclasses import replace

    from analytics.criteria import active_criteria
    from analytics.metrics.whatif import compare_weights
    from analytics.scoring.features import build_features
    from analytics.scoring.points import score_features
    from analytics.store.db import Workspace

    with Workspace.open(demo_path) as ws:
        criteria = active_criteria(ws)
        features = build_features(ws, criteria)
        outcomes = ws.query(
            "SELECT l.lead_id, coalesce(bool_or(d.is_won), false) AS is_won FROM leads l "
            "LEFT JOIN deals d USING (lead_id) GROUP BY l.lead_id"
        )
    got = compare_weights(features, criteria, outcomes, pairs)
    assert got.height == len(pairs)
    for (fit_weight, engagement_weight), row in zip(pairs, got.iter_rows(named=True), strict=True):
        scores = score_features(
            features,
            replace(criteria, fit_weight=fit_weight, engagement_weight=engagement_weight),
        ).join(outcomes, on="lead_id", how="left")
        con = duckdb.connect()
        con.register("s", scores.to_arrow())
        mql, won, won_total = con.sql(
            "SELECT count(*) FILTER (total >= ?), count(*) FILTER (total >= ? AND is_won), "
            "count(*) FILTER (is_won) FROM s",
            params=[criteria.threshold, criteria.threshold],
        ).fetchall()[0]
        assert (row["fit_weight"], row["engagement_weight"]) == (fit_weight, engagement_weight)
        assert (row["mql"], row["won"]) == (mql, won)
        assert row["recall"] == pytest.approx(won / won_total)
        if fit_weight == engagement_weight == 0.0:
            assert row["mql"] == 0 and row["precision"] is None


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=replays(), a=st.floats(-30, 200), b=st.floats(-30, 200))
def test_compare_conversion_groups_are_disjoint_and_consistent(data, a, b):
    leads, path, deadlines = data
    sweep = prepare_sweep(leads, path, agreed_threshold=50, sql_deadlines=deadlines)
    got = compare_conversion(sweep, a, b)
    for row in got.iter_rows(named=True):
        low = reference(leads, path, deadlines, row["threshold_low"])
        assert row["n_high"] + row["n_only_low"] == low["mql"]
        assert 0 <= row["x_only_low"] <= row["n_only_low"]
        if row["n_high"] and row["n_only_low"]:
            x_low = low[row["outcome"]]
            if row["x_only_low"] == x_low - row["x_high"]:  # not clamped (always, for wins)
                assert row["difference_vs_low"] == pytest.approx(
                    row["rate_high"] - row["rate_low"], abs=1e-12
                )
            else:
                assert row["outcome"] == "sql"
            assert row["ci_low"] <= row["difference"] <= row["ci_high"]
        else:
            assert row["p_value"] is None


@pytest.mark.parametrize("threshold", [100.0, 85.0, 130.0])
def test_prepare_whatif_on_a_replay_infers_the_threshold(demo_path, threshold):
    from dataclasses import replace

    from analytics.criteria import active_criteria
    from analytics.metrics.whatif import infer_threshold, prepare_whatif
    from analytics.scoring.replay import replay
    from analytics.store.db import Workspace

    with Workspace.open(demo_path) as ws:
        replayed = replay(ws, replace(active_criteria(ws), threshold=threshold))
    assert infer_threshold(replayed.leads, replayed.path) == threshold
    sweep = prepare_whatif(replayed)
    assert sweep.agreed_threshold == threshold
    assert sweep.sql_basis == "replay"
    row = whatif_at(sweep, threshold).row(0, named=True)
    assert row["mql"] == replayed.leads["mql_at"].is_not_null().sum()
    assert row["sql"] == replayed.leads.select(stage_exprs()["sql"]).to_series().sum()


def test_deadlines_repeated_per_lead_and_later_stages_count_as_sql(frames):
    """Several deadlines of a lead count as its latest; an opportunity makes an SQL at any T."""
    leads, path, _ = frames
    staged = leads.with_columns(
        opportunity_at=pl.when(pl.col("lead_id") == "b").then(DT(2025, 6, 1))
    )
    deadlines = pl.DataFrame(
        {"lead_id": ["a", "a", "e"], "last_sql_at": [DT(2024, 1, 1), DT(2026, 1, 1), None]},
        schema_overrides={"last_sql_at": pl.Datetime("us")},
    )
    sweep = prepare_sweep(staged, path, agreed_threshold=50, sql_deadlines=deadlines)
    row = whatif_at(sweep, 50).row(0, named=True)
    # a (latest deadline after every moment), b (opportunity), c and d (won) are SQLs
    mqls = set(path.filter(pl.col("total") >= 50)["lead_id"])
    assert mqls & {"a", "b"} == {"a", "b"}
    assert row["sql"] == len(mqls & {"a", "b", "c", "d"})


def test_revenue_stays_money_when_nobody_won(frames):
    """Without a win the revenue columns are still floats (zeros), not integers."""
    leads, path, _ = frames
    sweep = prepare_sweep(leads.with_columns(is_won=False), path, agreed_threshold=50)
    for frame in (sweep.by_month, sweep.by_cohort, sweep.cohorts):
        assert frame.schema["revenue"] == pl.Float64
        assert frame["revenue"].sum() == 0.0
    assert sweep.by_month["won"].sum() == 0 and sweep.by_month.schema["won"] == pl.Int64


@settings(max_examples=200, deadline=None)
@given(
    lo=st.integers(-50, 0),
    step=st.sampled_from([1.0, 2.0, 5.0, 10.0, 0.5, 0.1, 1000.0]),
    n=st.integers(2, 60),
    agreed=st.floats(-60, 400, allow_nan=False),
    values=st.lists(
        st.one_of(
            st.floats(-1e6, 1e6, allow_nan=False),
            st.sampled_from([-np.inf, np.inf, 0.0, 0.1, 0.3, 2.5, 99.99999999999999, 100.0]),
            st.integers(-60, 400).map(float),
        ),
        max_size=60,
    ),
)
def test_grid_counts_equal_a_binary_search(lo, step, n, agreed, values) -> None:
    # the what-if grid: evenly spaced, the agreed threshold added; values on, between and
    # off the grid, exactly on a step or a rounding error away from one, and infinite
    even = np.arange(float(lo), lo + n * step, step, dtype=float)
    grid = np.unique(np.append(even, agreed))
    v = np.array(values + [float(x) for x in even[::3]] + [agreed], dtype=float)
    # the values and thresholds compared at SCORE_DECIMALS decimals (99.99999999999999 reaches 100)
    want = np.searchsorted(
        np.round(grid, SCORE_DECIMALS), np.round(v, SCORE_DECIMALS), side="right"
    )
    assert grid_counts(v, grid, even).tolist() == want.tolist()


@pytest.mark.parametrize("threshold", [25, 1000])
def test_a_snapshot_has_no_figure_per_month_at_any_threshold(threshold) -> None:
    # no creation dates: totals only; every per-month figure is null (shown as "–"), also
    # where no lead reaches the threshold (the expected revenue per month was 0 there)
    leads, path, _ = _example_frames()
    sweep = prepare_sweep(leads.with_columns(created_at=None), path, agreed_threshold=60)
    assert sweep.snapshot
    row = whatif_at(sweep, threshold).row(0, named=True)
    per_month = ("mql_per_month", "expected_sql", "expected_won", "expected_revenue")
    assert {c: row[c] for c in per_month} == dict.fromkeys(per_month)
    assert row["followup_hours"] is None and row["won_below"] >= 0
