"""The feature matrix as of each lead's own decision point: nothing at or after the cut counts."""

from __future__ import annotations

from datetime import datetime, timedelta

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from analytics.criteria import load_criteria
from analytics.errors import CriteriaError
from analytics.scoring.decision_features import build_decision_features
from analytics.scoring.features import build_features
from analytics.scoring.points import score_features
from tests.test_features import T0, activities, leads_frame, put

RULES = """
[[fit]]
name = "size"
field = "employees"
bands = [{min = 100, points = 20}, {max = 100, points = 5}]
[[engagement]]
name = "pricing"
type = "page_view"
detail = ["pricing"]
points = 15
half_life_days = 30
[[engagement]]
name = "webinar"
type = "webinar"
points = 10
window_days = 10
[[engagement]]
name = "pv"
field = "page_views"
points = 1
"""


@pytest.fixture
def two_leads(ws):
    """A (cut after 40 days) and B (cut after 10 days) with behaviour before, at and after."""
    put(ws, "leads", leads_frame(["A", "B", "C"], employees=[500, 20, 50], page_views=[3, 9, 4]))
    cut_a, cut_b = T0 + timedelta(days=40), T0 + timedelta(days=10)
    put(
        ws,
        "activities",
        activities(
            [
                ("A", cut_a - timedelta(days=30), "page_view", "pricing"),  # one half-life: 0.5
                ("A", cut_a - timedelta(seconds=1), "page_view", "pricing"),  # ~1
                ("A", cut_a, "page_view", "pricing"),  # at the cut: never
                ("A", cut_a + timedelta(days=1), "page_view", "pricing"),  # after: never
                ("A", cut_a - timedelta(days=10), "webinar", None),  # exactly window old: out
                ("A", cut_a - timedelta(days=9), "webinar", None),  # inside the window
                ("A", cut_a + timedelta(hours=1), "webinar", None),  # after the cut: never
                ("B", cut_b + timedelta(days=2), "page_view", "pricing"),  # after: never
                ("B", cut_b + timedelta(days=3), "webinar", None),  # after: never
                ("C", T0 + timedelta(days=1), "webinar", None),  # C has no cut: left out
            ]
        ),
    )
    return ws, pl.DataFrame({"lead_id": ["A", "B"], "cut": [cut_a, cut_b]})


def test_only_behaviour_strictly_before_each_cut_counts(two_leads) -> None:
    ws, cuts = two_leads
    features = build_decision_features(ws, load_criteria(RULES), cuts)
    just_before = 2 ** (-1 / (30 * 86400))
    expected = pl.DataFrame(
        {
            "lead_id": ["A", "B"],
            "cut": cuts["cut"].to_list(),
            "created_at": [T0, T0],
            "fit:size": [0, 1],
            "eng:pricing": [0.5 + just_before, 0.0],
            "eng:webinar": [1.0, 0.0],
            # the aggregate counts only for a lead without scored activity before its cut
            "eng:pv": [0.0, 9.0],
        }
    )
    assert_frame_equal(features.frame, expected, check_dtypes=False)
    assert features.as_of == cuts["cut"].max()


def test_a_later_cut_sees_more_and_decays_from_the_cut(two_leads) -> None:
    ws, cuts = two_leads
    later = cuts.with_columns(pl.col("cut") + timedelta(days=30))
    frame = build_decision_features(ws, load_criteria(RULES), later).frame
    a = frame.row(0, named=True)
    # the four pricing views are now 60, 30+1s, 30 and 29 days old
    expected = 2**-2 + 2 ** (-(30 * 86400 + 1) / (30 * 86400)) + 0.5 + 2 ** (-29 / 30)
    assert a["eng:pricing"] == pytest.approx(expected)
    assert a["eng:webinar"] == 0.0  # every webinar is now older than the 10-day window


def test_equals_the_one_date_matrix_when_every_cut_is_that_date(ws) -> None:
    put(ws, "leads", leads_frame([f"L{i}" for i in range(12)], employees=list(range(0, 240, 20))))
    rows = [
        (f"L{i % 12}", T0 + timedelta(hours=13 * i), "page_view" if i % 3 else "webinar", "pricing")
        for i in range(80)
    ]
    put(ws, "activities", activities(rows))
    criteria = load_criteria(RULES)
    as_of = T0 + timedelta(days=30)
    one_date = build_features(ws, criteria, as_of=as_of - timedelta(seconds=1))
    cuts = pl.DataFrame({"lead_id": [f"L{i}" for i in range(12)], "cut": [as_of] * 12})
    per_lead = build_decision_features(ws, criteria, cuts)
    # strictly before the cut = up to and including one second earlier; decay differs by 1 s
    got = score_features(per_lead, criteria)["total"].to_numpy()
    want = score_features(one_date, criteria)["total"].to_numpy()
    assert got == pytest.approx(want, rel=1e-5)


def test_extra_columns_and_unknown_fields(two_leads) -> None:
    ws, cuts = two_leads
    frame = build_decision_features(ws, load_criteria(RULES), cuts, extra=("employees",)).frame
    assert frame["employees"].to_list() == [500, 20]
    with pytest.raises(CriteriaError, match="'nope' does not exist"):
        build_decision_features(
            ws, load_criteria('[[fit]]\nname = "x"\nfield = "nope"\nvalues = {a = 1}'), cuts
        )


def test_no_rules_and_no_leads(ws) -> None:
    empty = build_decision_features(
        ws, load_criteria("threshold = 10"), pl.DataFrame({"lead_id": ["X"], "cut": [T0]})
    )
    assert empty.frame.columns == ["lead_id", "cut", "created_at"]
    assert empty.frame.height == 0
    assert isinstance(empty.as_of, datetime)
