"""analytics.metrics.profile against plain SQL, statsmodels and the criteria loader."""

from __future__ import annotations

import math
from datetime import datetime
from pathlib import Path

import duckdb
import polars as pl
import pytest
from polars.testing import assert_frame_equal
from statsmodels.stats.proportion import proportion_confint

from analytics.criteria import load_criteria
from analytics.errors import InputError
from analytics.metrics.profile import (
    EMPLOYEE_EDGES,
    SHRINK_N,
    count_behaviours,
    custom_attribute_columns,
    draft_criteria_toml,
    profile_attributes,
    profile_behaviours,
    propose_points,
)
from analytics.store.db import Workspace
from tests.conversion_data import random_leads, replay_leads
from tests.test_pages import demo_db  # noqa: F401  (session fixture)


def test_attribute_profile_matches_sql() -> None:
    frame = random_leads(900, 31)
    out = profile_attributes(frame, attributes=["industry", "source", "employee_band"], min_n=100)
    rows = duckdb.sql(
        """
        SELECT coalesce(industry, '(none)') AS v, count(*) AS n, count(*) FILTER (is_won) AS k
        FROM frame GROUP BY 1
        """
    ).fetchall()
    total, total_won = frame.height, int(frame["is_won"].sum())
    industry = out.filter(pl.col("attribute") == "industry")
    assert {
        r[0]: (r[1], r[2]) for r in industry.select("value", "leads", "converted").iter_rows()
    } == {v: (n, k) for v, n, k in rows}
    for row in industry.iter_rows(named=True):
        assert (row["ci_low"], row["ci_high"]) == pytest.approx(
            proportion_confint(row["converted"], row["leads"], method="wilson"), abs=1e-12
        )
        assert row["share_converted"] == pytest.approx(row["converted"] / total_won)
        assert row["share_all"] == pytest.approx(row["leads"] / total)
        assert row["lift"] == pytest.approx(row["rate"] / (total_won / total))
        assert row["enough"] == (row["leads"] >= 100)
    cases = " ".join(f"WHEN employees < {e} THEN {i}" for i, e in enumerate(EMPLOYEE_EDGES))
    bands = duckdb.sql(
        f"SELECT CASE {cases} ELSE {len(EMPLOYEE_EDGES)} END AS b, count(*) FROM frame GROUP BY 1 ORDER BY 1"
    ).fetchall()
    employee = out.filter(pl.col("attribute") == "employee_band").sort("value")
    got = [(int(v[:2]) - 1, n) for v, n in employee.select("value", "leads").iter_rows()]
    assert got == bands
    for attribute in ("industry", "source", "employee_band"):
        assert out.filter(pl.col("attribute") == attribute)["leads"].sum() == total


def test_default_attributes_include_custom() -> None:
    frame = random_leads(100, 32).with_columns(
        pl.lit("pro").alias("plan"),
        pl.col("lead_id").alias("external_id"),  # 100 distinct values: not an attribute
    )
    assert custom_attribute_columns(frame) == ["plan"]
    attributes = profile_attributes(frame)["attribute"].unique().to_list()
    assert set(attributes) == {
        "industry",
        "region",
        "title_rank",
        "employee_band",
        "revenue_band",
        "source",
        "plan",
    }


@pytest.mark.parametrize(
    ("kwargs", "match"), [({"outcome": "lead"}, "outcome"), ({"attributes": ["nope"]}, "nope")]
)
def test_profile_rejects(kwargs: dict, match: str) -> None:
    with pytest.raises(InputError, match=match):
        profile_attributes(random_leads(10), **kwargs)


@pytest.fixture
def activity_ws(tmp_path: Path):
    ws = Workspace.open(tmp_path / "p.duckdb")
    rows = [
        ("a", datetime(2025, 1, 10), "page_view", "pricing"),
        ("a", datetime(2025, 1, 20), "page_view", "pricing"),
        ("a", datetime(2025, 3, 1), "webinar", None),  # after a's decision: not counted
        ("a", datetime(2024, 6, 1), "download", "guide"),  # older than the window: not counted
        ("b", datetime(2025, 5, 1), "webinar", "demo"),
        ("b", datetime(2025, 5, 2), "page_view", "pricing"),
        ("c", datetime(2025, 5, 2), "page_view", "company"),
    ]
    with ws.transaction() as cur:
        cur.executemany(
            "INSERT INTO activities (lead_id, occurred_at, type, detail) VALUES (?, ?, ?, ?)", rows
        )
    yield ws
    ws.close()


def test_count_behaviours_point_in_time(activity_ws: Workspace) -> None:
    leads = pl.DataFrame(
        {
            "lead_id": ["a", "b", "c"],
            "decision_at": [datetime(2025, 2, 1), datetime(2025, 6, 1), datetime(2025, 6, 1)],
        }
    )
    out = count_behaviours(activity_ws, leads, window_days=90).sort("lead_id", "behaviour")
    expected = pl.DataFrame(
        {
            "lead_id": ["a", "a", "b", "b", "b", "b", "c", "c"],
            "behaviour": [
                "page_view",
                "page_view:pricing",
                "page_view",
                "page_view:pricing",
                "webinar",
                "webinar:demo",
                "page_view",
                "page_view:company",
            ],
            "events": [2, 2, 1, 1, 1, 1, 1, 1],
        }
    )
    assert_frame_equal(out, expected)
    # the same count by plain SQL, independently
    n = activity_ws.scalar(
        "SELECT count(*) FROM activities WHERE lead_id = 'a' AND occurred_at < TIMESTAMP '2025-02-01' "
        "AND occurred_at >= TIMESTAMP '2025-02-01' - INTERVAL 90 DAY"
    )
    assert (
        out.filter((pl.col("lead_id") == "a") & (pl.col("behaviour") == "page_view"))[
            "events"
        ].item()
        == n
    )
    with pytest.raises(InputError, match="window_days"):
        count_behaviours(activity_ws, leads, window_days=0)


def test_profile_behaviours_matches_hand_count() -> None:
    leads = pl.DataFrame(
        {
            "lead_id": ["a", "b", "c", "d"],
            "is_won": [True, True, False, False],
            "sql_at": [None] * 4,
            "opportunity_at": [None] * 4,
            "mql_at": [None] * 4,
        }
    )
    behaviours = pl.DataFrame(
        {
            "lead_id": ["a", "b", "c", "a", "zz"],
            "behaviour": ["pricing", "pricing", "pricing", "webinar", "pricing"],
            "events": [3, 1, 1, 1, 9],
        }
    )
    out = profile_behaviours(leads, behaviours, min_n=3)
    assert out.select("behaviour", "leads", "converted", "enough").rows() == [
        ("pricing", 3, 2, True),
        ("webinar", 1, 1, False),
    ]
    pricing = out.row(0, named=True)
    assert pricing["lift"] == pytest.approx((2 / 3) / (2 / 4))
    assert pricing["share_converted"] == 1.0 and pricing["share_all"] == 0.75


def test_propose_points_rule() -> None:
    profile = pl.DataFrame(
        {
            "attribute": ["industry"] * 4,
            "value": ["IT", "Retail", "Small", "Zero"],
            "leads": [400, 400, 20, 300],
            "converted": [120, 20, 10, 0],
        }
    )
    overall = profile["converted"].sum() / profile["leads"].sum()
    ci = [
        proportion_confint(k, n, method="wilson")
        for k, n in zip(profile["converted"], profile["leads"], strict=True)
    ]
    profile = profile.with_columns(
        (pl.col("converted") / pl.col("leads")).alias("rate"),
        pl.Series("ci_low", [c[0] for c in ci]),
        pl.Series("ci_high", [c[1] for c in ci]),
        ((pl.col("converted") / pl.col("leads")) / overall).alias("lift"),
    )
    out = propose_points(profile, min_n=30, shrink=0)
    lifts = dict(zip(profile["value"], profile["lift"], strict=True))
    expected = {
        "IT": round(10 * math.log2(lifts["IT"])),
        "Retail": round(10 * math.log2(lifts["Retail"])),
        "Zero": -30,  # no conversions at all: the floor
    }  # "Small" has too few leads
    assert dict(out.select("value", "points").iter_rows()) == pytest.approx(expected)
    # shrunk by group size: (lift·n + k) / (n + k) with k = SHRINK_N leads at the overall rate
    shrunk = propose_points(profile, min_n=30)
    k = SHRINK_N
    expected = {
        v: round(10 * math.log2((lifts[v] * n + k) / (n + k)))
        for v, n in (("IT", 400), ("Retail", 400), ("Zero", 300))
    }
    assert dict(shrunk.select("value", "points").iter_rows()) == pytest.approx(expected)


def test_small_groups_get_few_points() -> None:
    """No +15 from 48 leads: a small group's lift is shrunk towards 1 (issue 13)."""
    profile = pl.DataFrame(
        {"attribute": ["a"], "value": ["x"], "leads": [48], "rate": [0.3], "ci_low": [0.18],
         "ci_high": [0.44], "lift": [3.0]}
    )  # fmt: skip
    assert propose_points(profile, shrink=0)["points"].item() == 16
    assert propose_points(profile)["points"].item() == 7


def test_draft_criteria_reads_back() -> None:
    attributes = pl.DataFrame(
        {
            "attribute": ["industry", "industry", "industry", "employee_band", "employee_band"],
            "value": ["製造業", "小売", "(none)", "01 <10", "07 5,000+"],
            "points": [12.0, -8.0, -3.0, -10.0, 15.0],
        }
    )
    behaviours = pl.DataFrame(
        {"behaviour": ["page_view:pricing", "webinar"], "points": [14.0, 6.0]}
    )
    criteria = load_criteria(draft_criteria_toml(attributes, behaviours, threshold=20))
    fits = {r.name: r for r in criteria.fit_rules}
    assert dict(fits["profile_industry"].values) == {"製造業": 12.0, "小売": -8.0}
    assert fits["profile_industry"].missing == -3.0
    bands = fits["profile_employee_band"].bands
    assert [(b.min, b.max, b.points) for b in bands] == [(None, 10.0, -10.0), (5000.0, None, 15.0)]
    engagement = {r.name: r for r in criteria.engagement_rules}
    assert engagement["profile_page_view_pricing"].types == ("page_view",)
    assert engagement["profile_page_view_pricing"].detail == ("pricing",)
    assert engagement["profile_webinar"].cap == 6.0
    assert criteria.threshold == 20


def test_demo_profile_and_draft(demo_db: Path) -> None:  # noqa: F811
    frame, _ = replay_leads(demo_db)
    attrs = profile_attributes(frame, attributes=["industry"])
    expected = duckdb.sql(
        "SELECT coalesce(industry, '(none)'), count(*), count(*) FILTER (is_won) FROM frame GROUP BY 1"
    ).fetchall()
    assert {
        r[0]: (r[1], r[2]) for r in attrs.select("value", "leads", "converted").iter_rows()
    } == {v: (n, k) for v, n, k in expected}
    with Workspace.open(demo_db) as ws:
        counts = count_behaviours(ws, frame, window_days=90)
        ws.cursor().register("frame", frame.select("lead_id", "decision_at"))
        sql_pricing = ws.scalar(
            """
            SELECT count(DISTINCT a.lead_id) FROM activities a JOIN frame f USING (lead_id)
            WHERE a.type = 'page_view' AND a.detail = 'pricing'
              AND a.occurred_at < f.decision_at AND a.occurred_at >= f.decision_at - INTERVAL 90 DAY
            """
        )
    behaviours = profile_behaviours(frame, counts)
    assert (
        behaviours.filter(pl.col("behaviour") == "page_view:pricing")["leads"].item() == sql_pricing
    )
    draft = draft_criteria_toml(propose_points(attrs), propose_points(behaviours))
    assert load_criteria(draft).name == "profile_draft"


def test_real_olist_source_profile(real_data: Path, tmp_path: Path) -> None:
    """Olist imported with the shipped mappings: the source profile gives the published facts."""
    from tests.conversion_data import import_olist

    leads, _ = import_olist(real_data, tmp_path / "olist.duckdb")
    out = profile_attributes(leads, attributes=["source"], min_n=30)
    got = {r[0]: (r[1], r[2]) for r in out.select("value", "leads", "converted").iter_rows()}
    facts = {
        "organic_search": (2296, 271),
        "paid_search": (1586, 195),
        "social": (1350, 75),
        "unknown": (1099, 179),
    }
    assert {k: got[k] for k in facts} == facts
    organic = out.filter(pl.col("value") == "organic_search").row(0, named=True)
    assert organic["share_converted"] == pytest.approx(271 / 842)
    assert organic["share_all"] == pytest.approx(2296 / 8000)
    assert (organic["ci_low"], organic["ci_high"]) == pytest.approx(
        proportion_confint(271, 2296, method="wilson"), abs=1e-12
    )
    points = propose_points(out, min_n=30, shrink=0)
    social = points.filter(pl.col("value") == "social")
    assert social["points"].item() == round(10 * math.log2((75 / 1350) / (842 / 8000)))
