"""Two criteria side by side (analytics.metrics.compare) and the overlap-aware rate test."""

from __future__ import annotations

import math
import shutil
from dataclasses import replace
from datetime import date
from pathlib import Path

import numpy as np
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from statsmodels.stats import proportion as smp

from analytics.criteria import default_criteria
from analytics.metrics.compare import (
    COMPARED_KPIS,
    compare_criteria,
    comparison_json,
    prepare_side,
)
from analytics.metrics.stats import compare_overlapping_proportions
from analytics.metrics.whatif import JSON_KEYS, Assumptions, prepare_workspace, whatif_at
from analytics.store.db import Workspace
from tests import test_pages

demo_db = test_pages.demo_db

DEFAULT = default_criteria()
CHANGED = replace(
    DEFAULT,
    threshold=90.0,
    engagement_rules=tuple(
        replace(r, points=20.0, cap=60.0) if r.name == "pricing_page" else r
        for r in DEFAULT.engagement_rules
    ),
)


@pytest.fixture(scope="module")
def demo(demo_db: Path, tmp_path_factory: pytest.TempPathFactory):
    """A copy of the demo workspace (the shared file may be open in the AppTests' cache)."""
    path = tmp_path_factory.mktemp("compare") / "demo.duckdb"
    shutil.copy(demo_db, path)
    with Workspace.open(path) as ws:
        yield ws


@pytest.mark.parametrize(
    "period", [None, (date(2025, 4, 1), date(2025, 12, 31))], ids=["all", "2025-04..12"]
)
def test_each_side_equals_whatif_on_that_criteria(demo, period) -> None:
    assumptions = Assumptions(capacity_per_month=12)
    result = compare_criteria(demo, DEFAULT, CHANGED, period=period, assumptions=assumptions)
    for side, criteria in ((result.a, DEFAULT), (result.b, CHANGED)):
        sweep = prepare_workspace(demo, criteria).sweep
        expected = whatif_at(sweep, criteria.threshold, period=period, assumptions=assumptions)
        assert side == expected.row(0, named=True)
    assert result.kpis["kpi"].to_list() == list(COMPARED_KPIS)
    assert result.kpis.filter(pl.col("kpi") == "capacity_per_month")["b"].item() == 12


def test_becoming_and_stopping_mqls_add_up_to_the_mql_change(demo) -> None:
    period = (date(2025, 1, 1), date(2026, 6, 30))
    result = compare_criteria(demo, DEFAULT, CHANGED, period=period)
    becomes = result.changes.filter(pl.col("change") == "becomes")
    stops = result.changes.filter(pl.col("change") == "stops")
    assert becomes.height > 0
    assert becomes.height - stops.height == result.b["mql"] - result.a["mql"]
    assert becomes["mql_at_a"].is_null().all() and becomes["mql_at_b"].is_not_null().all()
    assert set(result.changes["outcome"]) <= {"won", "lost", "opportunity", "sql", "none"}
    assert result.changes.columns[:3] == ["lead_id", "company", "change"]


def test_the_conversion_test_uses_each_sides_mqls(demo) -> None:
    result = compare_criteria(demo, DEFAULT, CHANGED)
    tests = {r["metric"]: r for r in result.differences.iter_rows(named=True)}
    assert tests["mql_to_sql"]["a"] == pytest.approx(result.a["sql_rate"])
    assert tests["mql_to_won"]["b"] == pytest.approx(result.b["precision"])
    for row in tests.values():
        assert row["n_a"] == result.a["mql"] and row["n_b"] == result.b["mql"]
        assert row["ci_low"] <= row["diff"] <= row["ci_high"]
        assert 0 <= row["p_value"] <= 1


def test_the_same_criteria_compare_to_no_difference(demo) -> None:
    side = prepare_side(demo, DEFAULT)
    from analytics.metrics.compare import compare_sides

    result = compare_sides(side, side)
    assert result.changes.height == 0
    assert result.kpis["difference"].drop_nulls().abs().max() == 0
    assert result.differences["diff"].to_list() == [0.0, 0.0]
    assert result.differences["p_value"].to_list() == [None, None]
    bands = result.bands
    assert bands["leads_a"].to_list() == bands["leads_b"].to_list()


def test_json_shape(demo) -> None:
    data = comparison_json(compare_criteria(demo, DEFAULT, CHANGED))
    assert set(JSON_KEYS) <= set(data["a"]) and set(JSON_KEYS) <= set(data["b"])
    assert data["difference"].keys() == {"metric", "a", "b", "diff", "ci_low", "ci_high", "p_value"}
    assert data["difference"]["metric"] == "mql_to_sql"
    assert len(data["becomes_mql"]) > 0 and isinstance(data["stops_mql"], list)
    assert {"lead_id", "company", "score_a", "score_b", "outcome"} <= set(data["becomes_mql"][0])


# --------------------------------------------------------------------------- the test itself
def test_disjoint_groups_give_the_unpooled_two_proportion_test() -> None:
    in_a = np.array([True] * 200 + [False] * 150)
    hit_a = np.array([True] * 30 + [False] * 320)
    in_b = ~in_a
    hit_b = np.array([False] * 200 + [True] * 45 + [False] * 105)
    result = compare_overlapping_proportions(in_a, hit_a, in_b, hit_b)
    wald = smp.test_proportions_2indep(45, 150, 30, 200, method="wald")  # unpooled, b − a
    z, p = wald.statistic, wald.pvalue
    assert result.n_both == 0
    assert result.difference == pytest.approx(45 / 150 - 30 / 200)
    assert result.z == pytest.approx(z) and result.p_value == pytest.approx(p)


def test_overlap_shrinks_the_noise() -> None:
    rng = np.random.default_rng(3)
    hit = rng.random(2000) < 0.15
    in_a = np.arange(2000) < 1000
    in_b = np.arange(2000) < 1100  # b adds 100 leads to a's 1000
    overlap = compare_overlapping_proportions(in_a, hit, in_b, hit)
    independent = smp.confint_proportions_2indep(
        hit[in_b].sum(), in_b.sum(), hit[in_a].sum(), in_a.sum(), method="wald"
    )
    width = overlap.ci_high - overlap.ci_low
    assert width < (independent[1] - independent[0]) / 2  # far narrower than independent samples
    assert overlap.n_both == 1000


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.booleans(), st.booleans(), st.booleans()), min_size=1, max_size=60))
def test_overlapping_test_invariants(rows) -> None:
    in_a, in_b, hit = (np.array(c, dtype=bool) for c in zip(*rows, strict=True))
    result = compare_overlapping_proportions(in_a, hit, in_b, hit)
    if not in_a.any() or not in_b.any():
        assert result.difference is None
        return
    assert result.difference == pytest.approx(hit[in_b].mean() - hit[in_a].mean())
    assert result.ci_low <= result.difference + 1e-12 <= result.ci_high + 2e-12
    if result.p_value is not None:
        assert 0 <= result.p_value <= 1 and not math.isnan(result.p_value)
    swapped = compare_overlapping_proportions(in_b, hit, in_a, hit)
    assert swapped.difference == pytest.approx(-result.difference)


def test_arrays_must_be_per_lead() -> None:
    from analytics.errors import InputError

    with pytest.raises(InputError, match="differ in length"):
        compare_overlapping_proportions([1, 0], [1, 0], [1], [1])
