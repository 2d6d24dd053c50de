"""Instant rule edits give the replay's MQL moments and score path for any points of the same structure."""

from __future__ import annotations

import pickle
from dataclasses import replace

import numpy as np
import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

from analytics.criteria import default_criteria
from analytics.scoring.edits import (
    edit_key,
    lead_path,
    mql_under,
    prepare_edits,
    totals_under,
    with_moments,
)
from analytics.scoring.replay import replay
from analytics.store import demo
from analytics.store.db import Workspace


@pytest.fixture(scope="module")
def workspace():
    ws = Workspace.open(":memory:")
    demo.load_demo(ws, leads=400, seed=9)
    yield ws
    ws.close()


@pytest.fixture(scope="module")
def basis(workspace):
    return prepare_edits(workspace, default_criteria())


def _edited(scale: float, shift: float, cap_scale: float, threshold: float, weights):
    base = default_criteria()
    rules = tuple(
        replace(
            r,
            points=round(r.points * scale + shift, 2),
            cap=None if r.cap is None else round(r.cap * cap_scale, 2),
        )
        for r in base.engagement_rules
    )
    fit = tuple(
        replace(
            r,
            bands=tuple(replace(b, points=round(b.points * scale, 1)) for b in r.bands),
            values=tuple((k, round(v * scale + shift, 1)) for k, v in r.values),
            default=r.default + shift,
            missing=r.missing - shift,
        )
        for r in base.fit_rules
    )
    return replace(
        base,
        fit_rules=fit,
        engagement_rules=rules,
        threshold=threshold,
        fit_weight=weights[0],
        engagement_weight=weights[1],
    )


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    scale=st.floats(min_value=0.2, max_value=3.0),
    shift=st.sampled_from([0.0, 0.5, 1.0, -1.0]),
    cap_scale=st.floats(min_value=0.3, max_value=2.0),
    threshold=st.sampled_from([40.0, 60.0, 80.0, 100.0, 140.0]),
    weights=st.sampled_from([(0.5, 1.0), (1.0, 1.0), (0.8, 1.5), (0.0, 2.0)]),
)
def test_mql_under_equals_replay(workspace, basis, scale, shift, cap_scale, threshold, weights):
    criteria = _edited(scale, shift, cap_scale, threshold, weights)
    assert edit_key(criteria) == basis.key
    fresh = replay(workspace, criteria)
    got = mql_under(basis, criteria)
    assert_frame_equal(got, fresh.leads.select("lead_id", "mql_at"))


def test_lead_path_equals_replay(workspace, basis):
    criteria = _edited(1.3, 0.5, 1.2, 90.0, (0.7, 1.1))
    fresh = replay(workspace, criteria)
    total = totals_under(basis, criteria)
    busiest = fresh.path.group_by("lead_id").len().sort("len", "lead_id").tail(3)["lead_id"]
    for lead_id in busiest:
        assert_frame_equal(
            lead_path(basis, total, lead_id), fresh.path.filter(pl.col("lead_id") == lead_id)
        )


def test_with_moments_and_structure_guard(workspace, basis):
    criteria = _edited(2.0, 0.0, 1.0, 100.0, (0.5, 1.0))
    before = replay(workspace, default_criteria())
    leads = with_moments(before.leads, mql_under(basis, criteria))
    assert leads.columns == before.leads.columns
    assert_frame_equal(
        leads.select("lead_id", "mql_at"),
        replay(workspace, criteria).leads.select("lead_id", "mql_at"),
    )
    other = replace(criteria, engagement_rules=criteria.engagement_rules[:-1])
    with pytest.raises(ValueError, match="structure"):
        totals_under(basis, other)


def test_edits_in_a_row_reuse_what_is_kept_and_equal_the_replay(workspace, basis):
    """A weight change reuses the kept engagement sums, a threshold move the kept totals."""
    start = _edited(1.1, 0.5, 0.8, 60.0, (1.0, 1.0))
    rules = list(start.engagement_rules)
    rules[0] = replace(rules[0], points=rules[0].points * 3, cap=None)
    steps = [
        start,
        replace(start, engagement_weight=1.7),  # weight only: engagement sums kept
        replace(start, engagement_weight=1.7, threshold=45.0),  # threshold only: totals kept
        replace(start, engagement_weight=1.7, threshold=45.0, fit_weight=0.3),
        replace(start, engagement_rules=tuple(rules), floor=10.0, ceiling=90.0),
        start,
    ]
    for criteria in steps:
        fresh = replay(workspace, criteria)
        assert_frame_equal(
            mql_under(basis, criteria), fresh.leads.select("lead_id", "mql_at"), check_exact=True
        )
    assert not totals_under(basis, start).flags.writeable  # kept: callers cannot change it


def test_pickled_basis_leaves_what_it_derived_behind(basis):
    criteria = _edited(0.9, 1.0, 1.0, 80.0, (1.0, 1.2))
    total = totals_under(basis, criteria)
    copied = pickle.loads(pickle.dumps(basis))
    assert not [k for k in vars(copied) if k.startswith("_")]
    assert (totals_under(copied, criteria) == total).all()


def test_a_total_on_the_threshold_reaches_it_however_it_was_summed(workspace, basis):
    """Found by the property test above: under these points a lead's total is 80 exactly,
    summed by the replay as 80.0 and by the edits as 79.99999999999999; both make it an
    MQL at that moment (totals meet the threshold at SCORE_DECIMALS decimals)."""
    criteria = _edited(0.9095636411273296, 0.0, 1.0, 80.0, (1.0, 1.0))
    fresh = replay(workspace, criteria)
    total = totals_under(basis, criteria)
    on_threshold = np.abs(total - 80.0) < 1e-9
    assert on_threshold.any() and (total[on_threshold] != 80.0).any()  # the case is still here
    assert_frame_equal(mql_under(basis, criteria), fresh.leads.select("lead_id", "mql_at"))
