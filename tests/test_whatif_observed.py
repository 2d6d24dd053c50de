"""Tests of analytics.metrics.whatif.observed: the capacity the data shows, leads worked below
the threshold; and, on the demo, that the what-if's defaults come from the data."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import polars as pl
import pytest

from analytics.criteria import active_criteria
from analytics.errors import InputError
from analytics.metrics.whatif import (
    Assumptions,
    below_threshold_followup,
    observed_capacity,
    prepare_workspace,
    suggest_thresholds,
    sweep_table,
)
from analytics.scoring.replay import replay
from analytics.store.db import Workspace
from tests.test_pages import demo_db  # noqa: F401  (fixture)

DT = datetime


def leads(**columns: list) -> pl.DataFrame:
    return pl.DataFrame(
        columns, schema_overrides={"mql_at": pl.Datetime, "handoff_at": pl.Datetime}
    )


@pytest.mark.parametrize(
    ("frame", "period", "expected"),
    [
        pytest.param(  # A: 2 MQLs in Jan, 1 in Feb (busiest 2); B: 1 (busiest 1) -> 1.5 each
            leads(
                owner=["A", "A", "A", "B"],
                mql_at=[DT(2025, 1, 5), DT(2025, 1, 9), DT(2025, 2, 3), DT(2025, 1, 7)],
                handoff_at=[None] * 4,
            ),
            None,
            (2, 1.5, 3.0, 3),
            id="busiest month averaged over owners",
        ),
        pytest.param(  # C worked a lead but had no MQL: active, counts 0
            leads(
                owner=["A", "A", "C"],
                mql_at=[DT(2025, 1, 5), DT(2025, 1, 9), None],
                handoff_at=[None, None, DT(2025, 1, 20)],
            ),
            None,
            (2, 1.0, 2.0, 2),
            id="an owner who only worked non-MQLs is active",
        ),
        pytest.param(  # the period keeps February only
            leads(
                owner=["A", "A", "B"],
                mql_at=[DT(2025, 1, 5), DT(2025, 2, 9), DT(2025, 1, 7)],
                handoff_at=[None] * 3,
            ),
            (date(2025, 2, 1), date(2025, 2, 28)),
            (1, 1.0, 1.0, 1),
            id="period",
        ),
        pytest.param(
            leads(owner=["A"], mql_at=[None], handoff_at=[None]),
            None,
            (0, 0.0, 0.0, 0),
            id="no MQL and nobody worked",
        ),
    ],
)
def test_observed_capacity(frame, period, expected):
    got = observed_capacity(frame, period=period)
    assert (got.owners, got.per_owner, got.per_month, got.busiest_month) == expected


def test_observed_capacity_without_owners_counts_the_team_as_one():
    frame = leads(mql_at=[DT(2025, 1, 5), DT(2025, 1, 9), DT(2025, 2, 3)], handoff_at=[None] * 3)
    got = observed_capacity(frame)
    assert (got.owners, got.per_month) == (1, 2.0)


def test_observed_capacity_needs_mql_moments():
    with pytest.raises(InputError, match="mql_at"):
        observed_capacity(pl.DataFrame({"owner": ["A"]}))


@pytest.mark.parametrize(
    ("period", "expected"),
    [
        (None, (3, 2, 2, 2)),
        ((date(2025, 1, 1), date(2025, 1, 31)), (2, 1, 1, 1)),
    ],
)
def test_below_threshold_followup(period, expected):
    frame = leads(
        created_at=[DT(2025, 1, 2), DT(2025, 1, 3), DT(2025, 1, 4), DT(2025, 3, 1)],
        mql_at=[DT(2025, 1, 5), None, None, None],
        handoff_at=[DT(2025, 1, 6), DT(2025, 1, 9), None, DT(2025, 3, 9)],
        is_won=[True, True, False, True],
    )
    got = below_threshold_followup(frame, period=period)
    assert (got.leads, got.worked, got.won, got.won_worked) == expected


def test_below_threshold_followup_needs_the_hand_off():
    with pytest.raises(InputError, match="handoff_at"):
        below_threshold_followup(leads(created_at=[DT(2025, 1, 1)], mql_at=[None], is_won=[False]))


def test_on_the_demo_capacity_comes_from_the_owners_and_suggestions_respect_it(
    demo_db: Path,  # noqa: F811
) -> None:
    with Workspace.open(demo_db) as ws:
        criteria = active_criteria(ws)
        replayed = replay(ws, criteria)
        sweep = prepare_workspace(ws, criteria, replay=replayed).sweep
    owners = replayed.leads["owner"].drop_nulls().n_unique()
    capacity = observed_capacity(replayed.leads)
    assert capacity.owners == owners == 8  # the demo's owners, not a made-up 3 reps
    assumptions = Assumptions(capacity_per_month=capacity.per_month)
    table = sweep_table(sweep, assumptions=assumptions)
    suggestions = suggest_thresholds(sweep, assumptions=assumptions)
    value = suggestions.filter(pl.col("rule") == "expected_value").row(0, named=True)
    assert value["over_capacity"] is False  # the expected value stays within capacity
    unconstrained = table.sort(["expected_value", "threshold"], descending=True).row(0)[0]
    if table.filter(pl.col("threshold") == unconstrained)["over_capacity"].item():
        assert f"{unconstrained:g}" in value["reason"]  # …and names the better one over it
    for row in suggestions.iter_rows(named=True):
        assert ("Over capacity" in row["reason"]) == bool(row["over_capacity"]), row["rule"]
    below = below_threshold_followup(replayed.leads)
    assert 0 < below.worked < below.leads / 2  # mostly never worked by sales
