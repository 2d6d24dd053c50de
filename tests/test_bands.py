"""analytics.metrics.bands against plain SQL bucketing, statsmodels and hand rules; the `bands` CLI."""

from __future__ import annotations

import itertools
import json
import shutil
from datetime import datetime
from pathlib import Path

import duckdb
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal
from statsmodels.stats.proportion import proportion_confint, proportions_ztest

from analytics.errors import InputError
from analytics.metrics.bands import (
    BAND_JSON_KEYS,
    assign_bands,
    band_labels,
    bands_to_records,
    check_band_trend,
    flag_band_order,
    join_scores_as_of,
    make_band_edges,
    parse_edges,
    recommend_actions,
    summarise_bands,
)
from analytics.metrics.stats import cochran_armitage_test
from tests.conversion_data import random_leads, replay_leads
from tests.test_pages import demo_db  # noqa: F401  (session fixture)


def sql_bands(frame: pl.DataFrame, edges: list[float], outcome: str, score: str = "peak_total"):
    """Band counts by a plain SQL CASE (highest band first)."""
    cases = " ".join(
        f"WHEN {score} >= {e} THEN {i + 1}" for i, e in reversed(list(enumerate(edges[1:])))
    )
    hit = (
        "coalesce(is_won, false)"
        if outcome == "won"
        else "(sql_at IS NOT NULL OR opportunity_at IS NOT NULL OR coalesce(is_won, false))"
    )
    return duckdb.sql(
        f"""
        SELECT CASE {cases} ELSE 0 END AS band_index, count(*) AS leads,
               count(*) FILTER ({hit}) AS converted
        FROM frame WHERE {score} IS NOT NULL AND NOT isnan({score})
        GROUP BY 1 ORDER BY 1 DESC
        """
    ).fetchall()


@pytest.mark.parametrize(
    ("edges", "outcome"),
    [
        ([0, 50, 70, 90], "sql"),
        ([0, 50, 70, 90], "won"),
        ([0, 40, 60, 80, 100], "won"),
        ([0, 55], "sql"),
    ],
)
def test_summarise_bands_matches_sql(edges: list[float], outcome: str) -> None:
    frame = random_leads(800, 11)
    out = summarise_bands(frame, edges=edges, outcome=outcome)
    expected = {i: (n, k) for i, n, k in sql_bands(frame, edges, outcome)}
    got = {
        r[0]: (r[1], r[2])
        for r in out.select("band_index", "leads", "converted").iter_rows()
        if r[1]
    }
    assert got == expected
    total = sum(n for n, _ in expected.values())
    total_hit = sum(k for _, k in expected.values())
    for row in out.filter(pl.col("leads") > 0).iter_rows(named=True):
        assert (row["ci_low"], row["ci_high"]) == pytest.approx(
            proportion_confint(row["converted"], row["leads"], method="wilson"), abs=1e-12
        )
        assert row["lift"] == pytest.approx(row["rate"] / (total_hit / total))
        assert row["share_of_conversions"] == pytest.approx(row["converted"] / total_hit)
    assert out["band"].to_list() == list(reversed(band_labels(edges)))
    assert out["low"].to_list() == sorted(edges, reverse=True)


def test_summarise_bands_literal_exact() -> None:
    frame = pl.DataFrame(
        {
            "peak_total": [-3.0, 10.0, 55.0, 75.0, 95.0, 120.0, None],
            "is_won": [False, False, False, True, True, False, True],
            "sql_at": [None] * 7,
            "opportunity_at": [None] * 7,
            "mql_at": [None] * 7,
        }
    )
    out = summarise_bands(frame, edges=[0, 50, 70, 90], outcome="won")
    expected = pl.DataFrame(
        {
            "band": ["90+", "70–90", "50–70", "<50"],
            "low": [90.0, 70.0, 50.0, 0.0],
            "high": [None, 90.0, 70.0, 50.0],
            "leads": [2, 1, 1, 2],
            "converted": [1, 1, 0, 0],
            "rate": [0.5, 1.0, 0.0, 0.0],
        },
        schema_overrides={"leads": pl.Int64, "converted": pl.Int64},
    )
    assert_frame_equal(out.select(expected.columns), expected)


def test_total_score_column() -> None:
    frame = random_leads(300, 12).with_columns((pl.col("total") - 20).alias("total"))
    out = summarise_bands(frame, edges=[0, 50], outcome="won", score_col="total")
    assert {r[0]: r[1] for r in out.select("band_index", "leads").iter_rows()} == {
        i: n for i, n, _ in sql_bands(frame, [0, 50], "won", score="total")
    }


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"outcome": "mql"}, "outcome"),
        ({"score_col": "fit"}, "score column"),
        ({"edges": [5]}, "at least 2"),
    ],
)
def test_summarise_bands_rejects(kwargs: dict, match: str) -> None:
    with pytest.raises(InputError, match=match):
        summarise_bands(random_leads(10), **kwargs)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("0,50,70,90", [0, 50, 70, 90]), ("９０、５０, 0", [0, 50, 90]), ("1.5, 1.5, 3", [1.5, 3])],
)
def test_parse_edges(text: str, expected: list[float]) -> None:
    assert parse_edges(text) == expected


@pytest.mark.parametrize(
    ("text", "match"), [("0,abc", "'abc'"), ("50", "at least 2"), ("0,inf", "finite")]
)
def test_parse_edges_rejects(text: str, match: str) -> None:
    with pytest.raises(InputError, match=match):
        parse_edges(text)


def test_make_band_edges_methods() -> None:
    scores = pl.Series([3.0, 12.0, 27.0, 44.0, None])
    assert make_band_edges(scores, method="fixed", width=10) == [0.0, 10.0, 20.0, 30.0, 40.0]
    quartiles = duckdb.sql(
        "SELECT quantile_cont(s, [0.25, 0.5, 0.75]) FROM (SELECT unnest([3.0, 12.0, 27.0, 44.0]::DOUBLE[]) s)"
    ).fetchall()[0][0]
    assert make_band_edges(scores, method="quantile", quantiles=4) == [3.0, *quartiles]
    assert make_band_edges(scores) == [0.0, 50.0, 70.0, 90.0]
    assert make_band_edges(scores, edges=[90, 0, 50]) == [0.0, 50.0, 90.0]
    with pytest.raises(InputError, match="method"):
        make_band_edges(scores, method="kmeans")
    with pytest.raises(InputError, match="width"):
        make_band_edges(scores, method="fixed", width=0)
    with pytest.raises(InputError, match="quantiles"):
        make_band_edges(scores, method="quantile", quantiles=1)


def test_assign_bands_boundaries() -> None:
    out = assign_bands(
        pl.DataFrame({"peak_total": [49.999, 50.0, 69.9, 70.0, 1000.0, None]}), [0, 50, 70]
    )
    assert out["band_index"].to_list() == [0, 1, 1, 2, 2, None]
    assert out["band"].to_list() == ["<50", "50–70", "50–70", "70+", "70+", None]


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        # rate falls significantly from band 0 to band 1 -> breaks
        ([(0, 1000, 300), (1, 1000, 100)], ["ok", "breaks"]),
        # falls within noise -> dip
        ([(0, 30, 6), (1, 30, 5)], ["ok", "dip"]),
        # rises -> ok; empty band in between is skipped for the comparison
        ([(0, 100, 10), (1, 0, 0), (2, 100, 30)], ["ok", "ok", "ok"]),
    ],
)
def test_flag_band_order(rows: list[tuple[int, int, int]], expected: list[str]) -> None:
    bands = pl.DataFrame(
        rows, schema=["band_index", "leads", "converted"], orient="row"
    ).with_columns((pl.col("converted") / pl.col("leads")).alias("rate"))
    out = flag_band_order(bands)
    assert out["order"].to_list() == expected
    nonempty = [r for r in rows if r[1]]
    for (_, n0, k0), (i1, n1, k1) in itertools.pairwise(nonempty):
        _, p = proportions_ztest([k1, k0], [n1, n0])
        assert out.filter(pl.col("band_index") == i1)["order_p_value"].item() == pytest.approx(p)


@pytest.mark.parametrize(
    ("row", "overall", "action"),
    [
        (
            {
                "rate": 0.4,
                "ci_low": 0.3,
                "ci_high": 0.5,
                "lift": 2.0,
                "order": "ok",
                "band_index": 3,
            },
            0.2,
            "keep_strengthen",
        ),
        (
            {
                "rate": 0.05,
                "ci_low": 0.02,
                "ci_high": 0.09,
                "lift": 0.25,
                "order": "ok",
                "band_index": 0,
            },
            0.2,
            "change_approach",
        ),
        (
            {
                "rate": 0.15,
                "ci_low": 0.1,
                "ci_high": 0.19,
                "lift": 0.75,
                "order": "ok",
                "band_index": 1,
            },
            0.2,
            "nurture",
        ),
        (
            {
                "rate": 0.2,
                "ci_low": 0.1,
                "ci_high": 0.3,
                "lift": 1.0,
                "order": "ok",
                "band_index": 1,
            },
            0.2,
            "nurture",
        ),
        (
            {
                "rate": 0.1,
                "ci_low": 0.08,
                "ci_high": 0.12,
                "lift": 0.5,
                "order": "breaks",
                "band_index": 2,
            },
            0.2,
            "review_criteria",
        ),
        (
            {
                "rate": 0.2,
                "ci_low": 0.1,
                "ci_high": 0.3,
                "lift": 1.0,
                "order": "ok",
                "band_index": 3,
            },
            0.2,
            "review_criteria",
        ),
    ],
)
def test_recommend_actions(row: dict, overall: float, action: str) -> None:
    others = {"rate": 0.0, "ci_low": 0.0, "ci_high": 0.1, "lift": 0.0, "order": "ok", "leads": 100}
    frame = pl.DataFrame(
        [{**others, "band_index": i} for i in range(4) if i != row["band_index"]]
        + [{**row, "leads": 100}]
    )
    out = recommend_actions(frame, overall_rate=overall)
    assert out.filter(pl.col("band_index") == row["band_index"])["action"].item() == action


def test_trend_matches_cochran_armitage() -> None:
    frame = random_leads(800, 13)
    out = summarise_bands(frame, edges=[0, 50, 70, 90], outcome="sql")
    asc = sorted(sql_bands(frame, [0, 50, 70, 90], "sql"))
    trend = check_band_trend(out)
    assert trend.z == pytest.approx(
        cochran_armitage_test([r[2] for r in asc], [r[1] for r in asc]).z
    )
    assert trend.p_increasing < 0.05  # the synthetic conversion rises with the score


@given(
    st.integers(min_value=0, max_value=100_000),
    st.integers(min_value=1, max_value=200),
    st.lists(st.integers(min_value=-20, max_value=150), min_size=2, max_size=6, unique=True),
)
@settings(max_examples=30, deadline=None)
def test_band_properties(seed: int, n: int, edges: list[int]) -> None:
    frame = random_leads(n, seed)
    out = summarise_bands(frame, edges=edges, outcome="won")
    assert out["leads"].sum() == frame["peak_total"].is_not_null().sum()  # counts sum to total
    assert out["converted"].sum() == frame["is_won"].sum()
    lows = out["low"].to_list()
    assert lows == sorted(lows, reverse=True)  # bands are ordered
    assert out["band_index"].to_list() == list(range(len(lows) - 1, -1, -1))
    rated = out.filter(pl.col("leads") > 0)
    assert (rated["ci_low"] <= rated["rate"] + 1e-12).all()  # intervals contain the rate
    assert (rated["rate"] <= rated["ci_high"] + 1e-12).all()
    if rated["share_of_conversions"].is_not_null().any():
        assert rated["share_of_conversions"].sum() == pytest.approx(1.0)


def test_join_scores_as_of_matches_sql() -> None:
    outcomes = random_leads(600, 15)
    scores = outcomes.select("lead_id", (pl.col("total") / 2).alias("total")).head(500)
    cut = datetime(2025, 3, 1)
    out = join_scores_as_of(outcomes, scores, as_of=cut)
    expected = duckdb.sql(
        """
        SELECT o.lead_id, s.total FROM outcomes o JOIN scores s USING (lead_id)
        WHERE (o.created_at IS NULL OR o.created_at <= $cut)
          AND (o.sql_at IS NULL OR o.sql_at > $cut)
          AND (o.opportunity_at IS NULL OR o.opportunity_at > $cut)
        ORDER BY 1
        """,
        params={"cut": cut},
    ).fetchall()
    assert out.sort("lead_id").select("lead_id", "total").rows() == expected
    assert out.columns.count("total") == 1 and "is_won" in out.columns


def test_records_shape() -> None:
    out = summarise_bands(random_leads(100, 14))
    records = bands_to_records(out)
    assert all(tuple(r) == BAND_JSON_KEYS for r in records)
    assert records[0]["high"] is None


# --- on the demo workspace and through the CLI ----------------------------------------------


def test_demo_bands_and_cli(demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:  # noqa: F811
    from analytics.cli.main import main

    frame, _ = replay_leads(demo_db)
    edges = [0, 50, 70, 90]
    out = summarise_bands(frame, edges=edges, outcome="sql")
    expected = {i: (n, k) for i, n, k in sql_bands(frame, edges, "sql")}
    assert {
        r[0]: (r[1], r[2])
        for r in out.select("band_index", "leads", "converted").iter_rows()
        if r[1]
    } == expected
    copy = tmp_path / "cli.duckdb"
    shutil.copy(demo_db, copy)
    assert (
        main(
            [
                "bands",
                "--db",
                str(copy),
                "--bands",
                "0,50,70,90",
                "--outcome",
                "sql",
                "--format",
                "json",
            ]
        )
        == 0
    )
    records = json.loads(capsys.readouterr().out)
    assert [tuple(r) for r in records] == [BAND_JSON_KEYS] * 4
    assert [(r["leads"], r["converted"]) for r in records] == [
        expected.get(i, (0, 0)) for i in (3, 2, 1, 0)
    ]
    assert main(["bands", "--db", str(copy), "--format", "csv", "--outcome", "won"]) == 0
    assert capsys.readouterr().out.splitlines()[0] == ",".join(BAND_JSON_KEYS)
    assert main(["bands", "--db", str(copy)]) == 0
    assert "Cochran" in capsys.readouterr().out
    assert main(["bands", "--db", str(copy), "--bands", "0,x"]) == 2
    assert "'x'" in capsys.readouterr().err
    # --criteria: a criteria file replays the same leads (bands over the same population)
    from analytics.criteria import default_criteria, dump_criteria

    toml = tmp_path / "c.toml"
    toml.write_text(dump_criteria(default_criteria()), encoding="utf-8")
    assert main(["bands", "--db", str(copy), "--criteria", str(toml), "--format", "json"]) == 0
    again = json.loads(capsys.readouterr().out)
    assert [(r["leads"], r["converted"]) for r in again] == [
        (r["leads"], r["converted"]) for r in records
    ]
    # --as-of: scores at a past date, only leads open then (checked against the functions)
    from analytics.criteria import default_criteria as dc
    from analytics.scoring.replay import replay
    from analytics.store.db import Workspace

    assert main(["bands", "--db", str(copy), "--as-of", "2026-04-30", "--format", "json"]) == 0
    as_of_records = json.loads(capsys.readouterr().out)
    with Workspace.open(copy) as ws:
        full = replay(ws, dc()).leads
        past = replay(ws, dc(), as_of=datetime(2026, 4, 30, 23, 59, 59)).leads
    open_leads = join_scores_as_of(full, past, as_of=datetime(2026, 4, 30, 23, 59, 59))
    assert sum(r["leads"] for r in as_of_records) == open_leads["total"].is_not_null().sum()
    assert sum(r["leads"] for r in as_of_records) < full.height


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        # (band, leads, converted) lowest band first → (leads, converted, rate, rising, broken)
        ([("<50", 100, 10), ("50+", 100, 30)], (200, 40, 0.2, True, ())),
        ([("<50", 100, 30), ("50+", 100, 10)], (200, 40, 0.2, False, ("50+",))),
        ([("<50", 0, 0), ("50+", 0, 0)], (0, 0, None, None, ())),
    ],
)
def test_summarise_band_totals(rows: list[tuple[str, int, int]], expected: tuple) -> None:
    from analytics.metrics.bands import summarise_band_totals

    leads = pl.DataFrame(
        {
            "peak_total": [
                score for band, n, _ in rows for score in [10.0 if band == "<50" else 60.0] * n
            ],
            "is_won": [i < k for _, n, k in rows for i in range(n)],
            "sql_at": [None] * sum(n for _, n, _ in rows),
            "opportunity_at": [None] * sum(n for _, n, _ in rows),
            "mql_at": [None] * sum(n for _, n, _ in rows),
        },
        schema_overrides={
            "sql_at": pl.Datetime,
            "opportunity_at": pl.Datetime,
            "mql_at": pl.Datetime,
        },
    )
    table = summarise_bands(leads, edges=[0, 50], outcome="won")
    totals = summarise_band_totals(table)
    assert (totals.leads, totals.converted, totals.rate, totals.rising, totals.broken) == expected
    assert totals.trend == check_band_trend(table)
    assert totals.small_sample == bool(table.filter(pl.col("leads") > 0)["small_sample"].any())
