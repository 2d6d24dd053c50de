"""AUC, DeLong, gains, calibration and Brier against brute-force counts and literal cases."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analytics.metrics.evaluation import (
    auc,
    auc_with_ci,
    brier,
    calibration_table,
    captured_at,
    compare_aucs,
    delong,
    gains_table,
    segment_rates,
)


def brute_psi(pos: np.ndarray, neg: np.ndarray) -> np.ndarray:
    """psi[i, j] = 1 if pos_i > neg_j, 1/2 on a tie, else 0 (every pair counted)."""
    return (pos[:, None] > neg[None, :]) + 0.5 * (pos[:, None] == neg[None, :])


def brute_delong(y: np.ndarray, scores: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """DeLong's AUCs and covariance from the pairwise kernel, straight from the 1988 paper."""
    y = y.astype(bool)
    v10, v01, aucs = [], [], []
    for s in scores:
        psi = brute_psi(s[y], s[~y])
        aucs.append(psi.mean())
        v10.append(psi.mean(axis=1))
        v01.append(psi.mean(axis=0))
    m, n = int(y.sum()), int((~y).sum())
    return np.array(aucs), np.cov(np.array(v10)) / m + np.cov(np.array(v01)) / n


CASES = [
    (np.array([1, 0, 1, 0, 1, 0, 0]), np.array([0.9, 0.8, 0.7, 0.7, 0.3, 0.2, 0.7])),
    (np.array([1, 1, 0, 0]), np.array([1.0, 1.0, 1.0, 1.0])),  # all tied: 0.5
    (np.array([0, 0, 1, 1]), np.array([4.0, 3.0, 2.0, 1.0])),  # perfectly wrong: 0
]


@pytest.mark.parametrize(("y", "score"), CASES)
def test_auc_is_the_pairwise_count(y: np.ndarray, score: np.ndarray) -> None:
    expected = brute_psi(score[y == 1], score[y == 0]).mean()
    assert auc(y, score) == pytest.approx(expected)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(st.booleans(), st.integers(0, 6), st.integers(0, 6)), min_size=4, max_size=40
    )
)
def test_delong_matches_the_pairwise_definition(rows: list[tuple[bool, int, int]]) -> None:
    y = np.array([r[0] for r in rows])
    if y.sum() < 2 or (~y).sum() < 2:
        return
    scores = np.array([[r[1] for r in rows], [r[2] for r in rows]], dtype=float)
    aucs, cov = delong(y, scores)
    want_aucs, want_cov = brute_delong(y, scores)
    assert aucs == pytest.approx(want_aucs)
    assert cov == pytest.approx(want_cov, abs=1e-12)


def test_auc_interval_and_paired_difference() -> None:
    rng = np.random.default_rng(3)
    y = rng.random(400) < 0.3
    good = y * 1.5 + rng.normal(size=400)
    weak = y * 0.3 + rng.normal(size=400)
    r = auc_with_ci(y, good)
    assert r.ci_low < r.auc < r.ci_high and (r.positives, r.negatives) == (
        int(y.sum()),
        400 - int(y.sum()),
    )
    c = compare_aucs(y, good, weak)
    assert c.difference == pytest.approx(auc(y, good) - auc(y, weak))
    assert c.ci_low > 0 and c.p_value < 0.001
    same = compare_aucs(y, good, good * 2 + 1)  # same ranking: no difference, no variance
    assert (same.difference, same.z, same.p_value) == (0.0, 0.0, 1.0)


def test_one_class_gives_nan() -> None:
    assert math.isnan(auc(np.array([0, 0]), np.array([1.0, 2.0])))
    assert math.isnan(auc_with_ci(np.array([1, 1]), np.array([1.0, 2.0])).ci_low)
    assert math.isnan(compare_aucs(np.array([1, 1]), np.array([1, 2]), np.array([2, 1])).p_value)


def test_gains_share_ties_evenly() -> None:
    y = np.array([1, 0, 1, 0, 0, 0, 0, 0, 1, 0])
    # four leads tie at the top: 2 of 3 conversions among them, so the top 20% (2 leads) captures 1/3
    score = np.array([5, 5, 5, 5, 1, 1, 1, 1, 1, 1])
    table = gains_table(y, score)
    assert table["share"].to_list() == pytest.approx([0.1 * i for i in range(1, 11)])
    assert table["captured"][1] == pytest.approx(1 / 3)
    assert table["captured"][3] == pytest.approx(2 / 3)
    assert table["captured"][-1] == pytest.approx(1.0)
    assert table["lift"][3] == pytest.approx((2 / 3) / 0.4)
    assert captured_at(y, np.arange(10)[::-1], np.array([0.3])) == pytest.approx([2 / 3])


def test_segment_rates_top_and_bottom() -> None:
    y = np.array([1] * 3 + [0] * 7 + [1] + [0] * 9)
    score = np.arange(20)[::-1].astype(float)
    top, bottom = segment_rates(y, score, top=0.25, bottom=0.25)
    assert (top, bottom) == pytest.approx((3 / 5, 0.0))


def test_calibration_bins_and_brier() -> None:
    p = np.linspace(0.05, 0.95, 20)
    y = (np.arange(20) >= 10).astype(int)
    table = calibration_table(y, p, bins=4)
    assert table["leads"].to_list() == [5, 5, 5, 5]
    assert table["observed"].to_list() == [0.0, 0.0, 1.0, 1.0]
    assert table["predicted"].to_list() == pytest.approx(
        [p[i : i + 5].mean() for i in range(0, 20, 5)]
    )
    assert (table["ci_low"] <= table["observed"]).all() and (
        table["observed"] <= table["ci_high"]
    ).all()
    assert brier(y, p) == pytest.approx(np.mean((p - y) ** 2))
    assert calibration_table(np.array([]), np.array([])).height == 0
