"""One lead explained at the moment that matters: equal to the replay there, cheap, rounded honestly."""

from __future__ import annotations

import json
import math
from datetime import timedelta
from pathlib import Path

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from analytics.cli.main import main
from analytics.criteria import ADJUSTMENT_RULE, default_criteria, load_criteria
from analytics.errors import InputError
from analytics.scoring.decision_features import build_decision_features
from analytics.scoring.explain import explain_lead_moments, explain_replayed, round_to_total
from analytics.scoring.features import build_features
from analytics.scoring.points import score_features
from analytics.scoring.replay import replay
from analytics.store.db import Workspace
from tests import test_pages
from tests.test_features import T0, activities, leads_frame, put

demo_db = test_pages.demo_db

RULES = """
threshold = 50
[[fit]]
name = "size"
label = "従業員数"
field = "employees"
bands = [{min = 500, points = 25}, {min = 100, max = 500, points = 15}, {max = 100, points = 5}]
[[engagement]]
name = "pricing"
label = "料金ページ閲覧"
type = "page_view"
detail = ["pricing"]
points = 12
cap = 40
half_life_days = 10
[[engagement]]
name = "webinar"
label = "ウェビナー参加"
type = "webinar"
points = 5
window_days = 5
[[engagement]]
name = "pv"
label = "ページビュー数"
field = "page_views"
points = 1
cap = 20
"""
M = T0 + timedelta(days=10, hours=3)  # A's MQL moment (12:00:00 on day 10)
HB = T0 + timedelta(days=12)  # B's hand-off (first contact)


@pytest.fixture
def three_leads(ws):
    """A becomes an MQL at M (two views within M's second), B is handed off, C has only a total."""
    put(
        ws,
        "leads",
        leads_frame(
            ["A", "B", "C"],
            employees=[300, 50, None],
            page_views=[None, None, 35],
            first_contact_at=[M + timedelta(days=1), HB, None],
        ),
    )
    rows = [
        ("A", M - timedelta(days=10), "page_view", "pricing"),  # 0.5 at M
        ("A", M - timedelta(days=10), "page_view", "pricing"),  # 0.5 at M
        ("A", M - timedelta(days=6), "webinar", None),  # out of its 5-day window at M
        ("A", M + timedelta(milliseconds=100), "page_view", "pricing"),  # M's second: 1
        ("A", M + timedelta(milliseconds=700), "page_view", "pricing"),  # M's second: 1
        ("A", M + timedelta(days=20), "page_view", "pricing"),  # after M: today only
        ("B", HB - timedelta(days=10), "page_view", "pricing"),  # 0.5 at the hand-off
        ("B", HB, "page_view", "pricing"),  # at the hand-off: sales' doing
        ("B", HB + timedelta(days=1), "page_view", "pricing"),  # after it
    ]
    put(ws, "activities", activities(rows))
    return ws


def _explain(ws, criteria, lead_id):
    result = replay(ws, criteria)
    return result, explain_replayed(ws, criteria, result.leads, lead_id, as_of=result.as_of)


def test_an_mql_is_explained_at_its_mql_moment_as_the_replay_scored_it(three_leads) -> None:
    criteria = load_criteria(RULES)
    result, why = _explain(three_leads, criteria, "A")
    assert why.mql_at == M  # the second of the two views that lifted it over 50
    main_, today = why.at_moment, why.today
    assert (main_.moment, main_.at) == ("mql", M)
    lines = {r["rule"]: r for r in main_.lines.to_dicts()}
    # 15 (100–499) + 12 × (0.5 + 0.5 + 1 + 1): the sub-second views of M's second count
    assert main_.total == pytest.approx(51.0)
    assert lines["size"]["points"] == 15.0 and lines["size"]["option"] == 1
    assert (lines["pricing"]["count"], lines["pricing"]["decayed"]) == (4, pytest.approx(3.0))
    assert lines["pricing"]["points"] == pytest.approx(36.0)
    assert (lines["webinar"]["count"], lines["webinar"]["points"]) == (0, 0.0)  # left its window
    assert lines["pv"]["points"] == 0.0  # A has activity rows: its total is not counted
    path = result.path.filter((pl.col("lead_id") == "A") & (pl.col("at") == M))
    assert main_.total == pytest.approx(path["total"].item(), abs=1e-9)
    # today: 0.125 × 2 + 0.25 × 2 + 1 pricing views 20 days later
    assert today.moment == "as_of" and today.total == pytest.approx(15 + 12 * 1.75)
    replayed_today = result.leads.filter(pl.col("lead_id") == "A")["total"].item()
    assert today.total == pytest.approx(replayed_today, abs=1e-9)


def test_a_handed_off_lead_is_explained_just_before_its_hand_off(three_leads) -> None:
    criteria = load_criteria(RULES)
    _, why = _explain(three_leads, criteria, "B")
    assert why.mql_at is None and why.at_moment.moment == "handoff"
    assert why.at_moment.at == HB
    assert why.at_moment.total == pytest.approx(5 + 12 * 0.5)  # the view at HB is sales' doing
    cut = pl.DataFrame({"lead_id": ["B"], "cut": [HB]})
    decision = score_features(build_decision_features(three_leads, criteria, cut), criteria)
    assert why.at_moment.total == pytest.approx(decision["total"].item(), abs=1e-9)


def test_a_lead_never_touched_is_explained_today_with_its_aggregate(three_leads) -> None:
    criteria = load_criteria(RULES)
    result, why = _explain(three_leads, criteria, "C")
    assert why.at_moment is why.today and why.today.moment == "as_of"
    lines = {r["rule"]: r for r in why.today.lines.to_dicts()}
    assert lines["size"]["option"] == 4 and lines["size"]["points"] == 0.0  # missing: 0 points
    assert lines["pv"]["points"] == 20.0 and lines["pv"]["capped"]  # 35 page views, cap 20
    features = build_features(three_leads, criteria, as_of=result.as_of)
    scored = score_features(features, criteria).filter(pl.col("lead_id") == "C")
    assert why.today.total == scored["total"].item() == 20.0


@pytest.mark.parametrize("lead_id", ["A", "B", "C"])
def test_lines_sum_to_the_total_exactly_and_rounded(three_leads, lead_id: str) -> None:
    criteria = load_criteria(RULES.replace("threshold = 50", "threshold = 50\nceiling = 30"))
    _, why = _explain(three_leads, criteria, lead_id)
    for explanation in (why.at_moment, why.today):
        lines = explanation.lines
        assert lines["rule"].to_list() == ["size", "pricing", "webinar", "pv", ADJUSTMENT_RULE]
        assert math.isclose(lines["points"].sum(), explanation.total, abs_tol=1e-9)
        assert lines["rounded"].sum() == explanation.rounded_total == round(explanation.total)
        assert explanation.total <= 30


def test_unknown_lead_is_one_clear_error(three_leads) -> None:
    with pytest.raises(InputError, match=r"lead 'Z' not found"):
        explain_lead_moments(
            three_leads, load_criteria(RULES), "Z", mql_at=None, handoff_at=None, as_of=M
        )
    with pytest.raises(InputError, match=r"lead 'A' not found"):  # not created yet
        explain_lead_moments(
            three_leads,
            load_criteria(RULES),
            "A",
            mql_at=None,
            handoff_at=None,
            as_of=T0 - timedelta(1),
        )


@given(st.lists(st.tuples(st.floats(-200, 200, allow_nan=False), st.booleans()), max_size=25))
def test_rounding_keeps_the_sum_and_each_line_within_a_point(lines: list) -> None:
    values = [v for v, _ in lines]
    total = math.fsum(values)
    for fixed in (None, [f for _, f in lines]):
        rounded = round_to_total(values, total, fixed=fixed)
        assert sum(rounded) == round(total)
        assert all(abs(r - v) < 1 + 1e-9 for r, v in zip(rounded, values, strict=True))
        assert all(r == 0 for r, v in zip(rounded, values, strict=True) if v == 0)


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([7.5, 7.5], [8, 7]),  # a tie: the first gets the point
        ([14.6, 0.3, 0.3], [15, 0, 0]),
        ([40.0, -4.4, -4.4], [40, -4, -5]),
        ([0.49, 0.0], [0, 0]),
    ],
)
def test_rounding_by_largest_remainder(values: list[float], expected: list[int]) -> None:
    assert round_to_total(values, sum(values)) == expected


def test_fit_lines_read_the_same_at_every_moment(three_leads) -> None:
    # decays of 7 days leave fractions on the activity lines to take the rounding difference
    criteria = load_criteria(
        RULES.replace("threshold = 50", "threshold = 40\nfit_weight = 0.5").replace(
            "half_life_days = 10", "half_life_days = 7"
        )
    )
    _, why = _explain(three_leads, criteria, "A")
    at_mql, today = (e.lines.filter(pl.col("kind") == "fit") for e in (why.at_moment, why.today))
    assert at_mql["points"].to_list() == [7.5] and at_mql["rounded"].to_list() == [8]
    assert today["rounded"].to_list() == [8]
    for explanation in (why.at_moment, why.today):
        assert explanation.lines["rounded"].sum() == round(explanation.total)


# --- the demo: every explained moment is the replay's ----------------------------------------


def test_demo_mql_moments_equal_the_replayed_score(demo_db: Path) -> None:
    criteria = default_criteria()
    with Workspace.open(demo_db) as ws:
        result = replay(ws, criteria)
        mqls = result.leads.filter(pl.col("mql_at").is_not_null()).head(40)
        at_mql = result.path.join(
            mqls.select("lead_id", at="mql_at", today="total"), on=["lead_id", "at"]
        )
        assert at_mql.height == mqls.height > 10
        for lead_id, replayed, today in at_mql.select("lead_id", "total", "today").rows():
            why = explain_replayed(ws, criteria, result.leads, lead_id, as_of=result.as_of)
            assert why.at_moment.moment == "mql"
            assert why.at_moment.total == pytest.approx(replayed, abs=1e-6)
            assert why.at_moment.total >= criteria.threshold
            assert why.at_moment.lines["rounded"].sum() == round(why.at_moment.total)
            assert why.today.total == pytest.approx(today, abs=1e-6)


def test_demo_hand_offs_equal_the_decision_features(demo_db: Path) -> None:
    criteria = default_criteria()
    with Workspace.open(demo_db) as ws:
        result = replay(ws, criteria)
        handed = result.leads.filter(
            pl.col("mql_at").is_null() & pl.col("handoff_at").is_not_null()
        ).head(25)
        cuts = handed.select("lead_id", cut="decision_at")
        decision = score_features(build_decision_features(ws, criteria, cuts), criteria)
        for lead_id, total in decision.select("lead_id", "total").rows():
            why = explain_replayed(ws, criteria, result.leads, lead_id, as_of=result.as_of)
            assert why.at_moment.moment == "handoff"
            assert why.at_moment.total == pytest.approx(total, abs=1e-6)


def test_cli_explain_keeps_its_shape_and_adds_the_moments(demo_db: Path, capsys) -> None:
    with Workspace.open(demo_db) as ws:
        result = replay(ws, default_criteria())
    lead = result.leads.filter(pl.col("mql_at").is_not_null()).row(0, named=True)
    assert (
        main(["score", "--db", str(demo_db), "--explain", lead["lead_id"], "--format", "json"]) == 0
    )
    data = json.loads(capsys.readouterr().out)
    assert {"lead_id", "total", "contributions"} <= set(data)
    assert data["moment"] == "mql" and data["at"] == data["mql_at"] == lead["mql_at"].isoformat()
    assert math.isclose(
        sum(c["points"] for c in data["contributions"]), data["total"], abs_tol=1e-9
    )
    assert sum(c["rounded"] for c in data["contributions"]) == round(data["total"])
    assert data["today"]["total"] == pytest.approx(lead["total"], abs=1e-6)
    assert main(["score", "--db", str(demo_db), "--explain", lead["lead_id"]]) == 0
    text = capsys.readouterr().out
    assert text.startswith("MQL on ") and "At the MQL moment" in text and "pricing_page" not in text
