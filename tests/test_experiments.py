"""Experiments: sample sizes equal statsmodels', stable assignment, no peeking, back-test."""

from __future__ import annotations

import dataclasses
import hashlib
import math
import shutil
from datetime import date, datetime
from pathlib import Path

import numpy as np
import polars as pl
import pytest
from statsmodels.stats.power import NormalIndPower
from statsmodels.stats.proportion import proportion_effectsize

from analytics.criteria import default_criteria, save_draft
from analytics.errors import InputError
from analytics.metrics.experiments import (
    assign_arms,
    backtest,
    create_experiment,
    experiment_results,
    get_experiment,
    hash_units,
    list_experiments,
    mcnemar_test,
    minimum_detectable_effect,
    plan_experiment,
    sample_size,
)
from analytics.metrics.stats import sample_size_two_proportions
from analytics.store.db import Workspace
from tests.test_pages import demo_db  # noqa: F401  (fixture)


# --------------------------------------------------------------------------- sample size
@pytest.mark.parametrize(
    ("p1", "p2", "share", "alpha", "power"),
    [
        (0.10, 0.15, 0.5, 0.05, 0.8),
        (0.03, 0.045, 0.2, 0.05, 0.8),
        (0.30, 0.25, 0.3, 0.01, 0.9),
        (0.05, 0.10, 0.5, 0.10, 0.8),
    ],
)
def test_sample_size_equals_statsmodels(p1, p2, share, alpha, power) -> None:
    ratio = share / (1 - share)
    n1 = NormalIndPower().solve_power(
        effect_size=proportion_effectsize(p2, p1), alpha=alpha, power=power, ratio=ratio
    )
    assert sample_size(p1, p2, share=share, alpha=alpha, power=power) == (
        math.ceil(n1),
        math.ceil(n1 * ratio),
    )
    if share == 0.5:  # the same number as the shared statistics layer
        assert sample_size(p1, p2, alpha=alpha, power=power)[0] == sample_size_two_proportions(
            p1, p2, alpha=alpha, power=power
        )


@pytest.mark.parametrize(("baseline", "share"), [(0.03, 0.5), (0.1, 0.2), (0.25, 0.4)])
def test_minimum_detectable_effect_inverts_the_sample_size(baseline, share) -> None:
    leads = 6000
    detectable = minimum_detectable_effect(baseline, leads, share=share)
    h = NormalIndPower().solve_power(
        effect_size=None,
        nobs1=(1 - share) * leads,
        alpha=0.05,
        power=0.8,
        ratio=share / (1 - share),
    )
    assert abs(proportion_effectsize(detectable, baseline)) == pytest.approx(h, rel=1e-6)
    champion, _ = sample_size(baseline, detectable, share=share)
    assert champion == pytest.approx((1 - share) * leads, abs=1)
    assert minimum_detectable_effect(baseline, 2, share=share) is None


def test_plan_and_bad_plans() -> None:
    plan = plan_experiment(0.04, lift=0.25, share=0.2, leads_per_month=500, months=6)
    assert plan.target_rate == pytest.approx(0.05)
    assert (plan.planned_champion, plan.planned_challenger) == sample_size(0.04, 0.05, share=0.2)
    assert plan.detectable_rate > 0.04
    with pytest.raises(InputError, match=r"share 1\.2"):
        sample_size(0.1, 0.2, share=1.2)
    with pytest.raises(InputError, match=r"both rates are 0\.1"):
        sample_size(0.1, 0.1)
    with pytest.raises(InputError, match=r"lift -0\.1"):
        plan_experiment(0.1, lift=-0.1)


# --------------------------------------------------------------------------- assignment
def test_hash_assignment_is_sha256_of_seed_and_id() -> None:
    ids = pl.Series([f"L{i:05d}" for i in range(50)] + ["顧客-1", "a:b"])
    units = hash_units(ids, 42)
    expected = [int(hashlib.sha256(f"42:{i}".encode()).hexdigest()[:13], 16) / 16**13 for i in ids]
    assert units.to_list() == expected
    # literal expectations: the assignment must never change between versions or machines
    arms = assign_arms(pl.Series(["L00001", "L00002", "L00003", "L00004"]), seed=7, share=0.5)
    assert arms["arm"].to_list() == [
        "challenger" if u < 0.5 else "champion"
        for u in (
            int(hashlib.sha256(f"7:L0000{i}".encode()).hexdigest()[:13], 16) / 16**13
            for i in range(1, 5)
        )
    ]


def test_assignment_is_stable_and_never_reassigned() -> None:
    ids = pl.Series([f"L{i}" for i in range(4000)])
    first = assign_arms(ids, seed=3, share=0.2)
    share = (first["arm"] == "challenger").mean()
    assert share == pytest.approx(0.2, abs=0.02)
    # more leads arrive later, in another order: the earlier leads keep their arm
    later = assign_arms(
        pl.concat([pl.Series([f"N{i}" for i in range(500)]), ids.reverse()]), seed=3, share=0.2
    )
    kept = first.join(later, on="lead_id", suffix="_later")
    assert kept.height == 4000 and (kept["arm"] == kept["arm_later"]).all()
    other_seed = assign_arms(ids, seed=4, share=0.2)
    assert (other_seed["arm"] != first["arm"]).any()


def test_mcnemar_exact_and_chi_square() -> None:
    from scipy.stats import binomtest

    statistic, p, exact = mcnemar_test(10, 2)
    assert exact and p == pytest.approx(binomtest(2, 12, 0.5).pvalue)
    statistic, p, exact = mcnemar_test(40, 20)
    assert not exact and statistic == pytest.approx((abs(40 - 20) - 1) ** 2 / 60)
    assert mcnemar_test(0, 0)[1] == 1.0


# --------------------------------------------------------------------------- workspace
@pytest.fixture
def experiment_db(demo_db: Path, tmp_path: Path) -> tuple[Path, int, int]:  # noqa: F811
    """A copy of the demo with two stored criteria (thresholds 100 and 80)."""
    db = tmp_path / "experiments.duckdb"
    shutil.copy(demo_db, db)
    with Workspace.open(db) as ws:
        a = save_draft(ws, default_criteria(), created_by="test")
        b = save_draft(ws, dataclasses.replace(default_criteria(), threshold=80), created_by="test")
    return db, a, b


def test_create_show_and_no_peeking(experiment_db) -> None:
    db, a, b = experiment_db
    with Workspace.open(db) as ws:
        assert list_experiments(ws).height == 0
        eid = create_experiment(
            ws, champion_id=a, challenger_id=b, share=0.3, start=date(2026, 4, 1), lift=0.5
        )
        e = get_experiment(ws, eid)
        assert (e.seed, e.challenger_share, e.start_at) == (eid, 0.3, datetime(2026, 4, 1))
        assert (e.planned_champion, e.planned_challenger) == sample_size(
            e.baseline_rate, e.target_rate, share=0.3
        )
        result = experiment_results(ws, e)
        arms = {r["arm"]: r for r in result.arms.iter_rows(named=True)}
        total = ws.scalar("SELECT count(*) FROM leads WHERE created_at >= '2026-04-01'")
        assert arms["champion"]["leads"] + arms["challenger"]["leads"] == total
        assert arms["champion"]["needed"] == e.planned_champion - arms["champion"]["leads"] > 0
        assert result.verdict == "not_yet_decidable"  # whatever the p-value says
        assert result.difference is not None and 0 <= result.difference.p_value <= 1
        again = experiment_results(ws, get_experiment(ws, eid))
        assert again.arms.equals(result.arms)  # reproducible

        # a plan small enough to be reached: the verdict is given
        small = create_experiment(
            ws, champion_id=a, challenger_id=b, share=0.5, start=date(2026, 1, 1),
            baseline_rate=0.01, lift=30.0,
        )  # fmt: skip
        decided = experiment_results(ws, get_experiment(ws, small))
        assert decided.verdict in ("challenger_better", "champion_better", "no_difference")
        assert (decided.arms["needed"] == 0).all()
        assert list_experiments(ws)["experiment_id"].to_list() == [small, eid]


def test_create_rejects_bad_input(experiment_db) -> None:
    db, a, b = experiment_db
    with Workspace.open(db) as ws:
        with pytest.raises(InputError, match="both criteria"):
            create_experiment(ws, champion_id=a, challenger_id=a, share=0.5, start=date(2026, 1, 1))
        with pytest.raises(InputError, match="share 0"):
            create_experiment(ws, champion_id=a, challenger_id=b, share=0, start=date(2026, 1, 1))
        with pytest.raises(InputError, match="no won history before 2000-01-01"):
            create_experiment(ws, champion_id=a, challenger_id=b, share=0.5, start=date(2000, 1, 1))
        with pytest.raises(InputError, match="experiment 99 not found"):
            get_experiment(ws, 99)


def test_backtest_of_two_thresholds(experiment_db) -> None:
    db, _, _ = experiment_db
    strict = default_criteria()
    loose = dataclasses.replace(strict, threshold=80)
    with Workspace.open(db) as ws:
        bt = backtest(ws, strict, loose)
    m = bt.discordant
    assert m["a_only"] == 0 and m["b_only"] > 0  # a lower threshold only adds MQLs
    assert m["both"] + m["a_only"] + m["b_only"] + m["neither"] == bt.leads
    a, b = bt.sides.iter_rows(named=True)
    assert (a["mqls"], b["mqls"]) == (m["both"] + m["a_only"], m["both"] + m["b_only"])
    assert a["precision"] == pytest.approx(a["converted"] / a["mqls"])
    assert b["recall"] >= a["recall"]
    # the same score at equal volume: the same precision; same ranking, same AUC
    assert a["precision_at_equal_volume"] == pytest.approx(b["precision_at_equal_volume"])
    assert a["precision_at_equal_volume"] == pytest.approx(a["precision"], abs=0.02)
    assert bt.auc.difference == 0.0 and bt.auc.p_value == 1.0
    assert set(bt.to_json()) == {
        "outcome",
        "leads",
        "conversions",
        "mcnemar",
        "sides",
        "equal_volume",
        "auc",
    }


def test_backtest_of_different_scores(experiment_db) -> None:
    db, _, _ = experiment_db
    base = default_criteria()
    fit_only = dataclasses.replace(base, engagement_rules=(), threshold=40)
    with Workspace.open(db) as ws:
        bt = backtest(ws, base, fit_only)
    assert bt.auc.auc_a > bt.auc.auc_b  # behaviour matters in the demo
    assert bt.auc.ci_low <= bt.auc.difference <= bt.auc.ci_high
    assert np.isfinite(bt.discordant["p_value"])


# --------------------------------------------------------------------------- the demo's experiment
def test_the_demo_runs_an_experiment_not_yet_decidable(demo_db: Path, tmp_path: Path) -> None:  # noqa: F811
    from analytics.metrics.demo_lab import DEMO_SHARE, DEMO_START, add_demo_experiment

    db = tmp_path / "demo-lab.duckdb"
    shutil.copy(demo_db, db)
    with Workspace.open(db) as ws:
        eid = add_demo_experiment(ws)
        e = get_experiment(ws, eid)
        assert (e.challenger_share, e.start_at.date()) == (DEMO_SHARE, DEMO_START)
        n1 = NormalIndPower().solve_power(
            effect_size=proportion_effectsize(e.target_rate, e.baseline_rate),
            alpha=0.05, power=0.8, ratio=DEMO_SHARE / (1 - DEMO_SHARE),
        )  # fmt: skip
        ratio = DEMO_SHARE / (1 - DEMO_SHARE)
        assert (e.planned_champion, e.planned_challenger) == (
            math.ceil(n1 - 1e-9), math.ceil(n1 * ratio - 1e-9)
        )  # fmt: skip
        result = experiment_results(ws, e)
        arms = {r["arm"]: r for r in result.arms.iter_rows(named=True)}
        assert arms["champion"]["needed"] == 0  # one arm has reached its plan
        assert arms["challenger"]["needed"] > 0  # the other has not
        assert result.verdict == "not_yet_decidable"
        assert list_experiments(ws).height == 1
