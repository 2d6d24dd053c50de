"""How well a score ranks an outcome: AUC with DeLong intervals, gains, calibration, Brier.

Shared by the leak guard, the model lab and the experiments (DESIGN §5: models are
judged on data they were not fit on, with AUC, lift/gains, calibration and Brier).

- **AUC** is the probability that a random converted lead scores above a random
  non-converted one (ties count one half) — the Mann–Whitney statistic, computed
  from mid-ranks in O(n log n).
- **DeLong** (DeLong, DeLong & Clarke-Pearson 1988, in the fast form of Sun & Xu 2014):
  the variance of one AUC and the covariance of several AUCs on the *same* leads, so
  two scores can be compared by a paired test of their AUC difference.
- **Gains**: the share of conversions captured by the top ``share`` of leads by
  score. Tied scores are shared out evenly (linear within a tie), so a coarse rule
  score is not flattered or punished by an arbitrary order of its ties.
- **Calibration**: equal-count bins of predicted probability, mean predicted vs
  observed rate (with a Wilson interval); **Brier** = mean (p − y)².

Example:
    >>> import numpy as np
    >>> y = np.array([1, 1, 0, 0, 0])
    >>> round(auc(y, np.array([0.9, 0.4, 0.5, 0.2, 0.1])), 4)
    0.8333
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import polars as pl

from analytics.metrics.stats import normal_cdf, wilson_exprs, z_value

GAIN_SHARES: tuple[float, ...] = tuple(round(0.1 * i, 1) for i in range(1, 11))
"""The shares of leads (deciles) at which gains are reported."""


def _split(y: np.ndarray, scores: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Scores as a (k, n) array and the outcome as booleans; checks shapes."""
    yy = np.asarray(y).astype(bool)
    s = np.atleast_2d(np.asarray(scores, dtype=np.float64))
    if s.shape[1] != yy.size:
        raise ValueError(f"{s.shape[1]} scores for {yy.size} outcomes")
    return yy, s


def auc(y: np.ndarray, score: np.ndarray) -> float:
    """Area under the ROC curve of ``score`` for the boolean outcome ``y`` (NaN without both classes).

    Args:
        y: outcome (1/True = converted).
        score: higher means more likely to convert.

    Returns:
        The AUC in [0, 1]; ties between a converted and a non-converted lead count one half.

    Example:
        >>> import numpy as np
        >>> auc(np.array([1, 0, 1, 0]), np.array([3, 1, 2, 2]))
        0.875
    """
    yy, s = _split(y, score)
    m, n = int(yy.sum()), int((~yy).sum())
    if m == 0 or n == 0:
        return math.nan
    from scipy.stats import rankdata  # here: scipy.stats takes ~0.5 s to import (page loads)

    ranks = rankdata(s[0])
    return float((ranks[yy].sum() - m * (m + 1) / 2) / (m * n))


def delong(y: np.ndarray, scores: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """AUCs of several scores on the same leads and their DeLong covariance matrix.

    Args:
        y: outcome (booleans or 0/1), length n.
        scores: shape (k, n) — one row per score (or a single 1-D score).

    Returns:
        ``(aucs, cov)``: k AUCs and the k × k covariance of their estimates (NaN
        without both classes; a class of one lead gives zero variance from that side).

    Example:
        >>> import numpy as np
        >>> aucs, cov = delong(np.array([1, 1, 0, 0, 0]), np.array([[0.9, 0.4, 0.5, 0.2, 0.1]]))
        >>> round(float(aucs[0]), 4), round(float(cov[0, 0]), 4)
        (0.8333, 0.0556)
    """
    yy, s = _split(y, scores)
    k = s.shape[0]
    pos, neg = s[:, yy], s[:, ~yy]
    m, n = pos.shape[1], neg.shape[1]
    if m == 0 or n == 0:
        return np.full(k, np.nan), np.full((k, k), np.nan)
    from scipy.stats import rankdata  # here: scipy.stats takes ~0.5 s to import (page loads)

    tx = rankdata(pos, axis=1)
    ty = rankdata(neg, axis=1)
    tz = rankdata(np.concatenate([pos, neg], axis=1), axis=1)
    aucs = (tz[:, :m].sum(axis=1) - m * (m + 1) / 2) / (m * n)
    v10 = (tz[:, :m] - tx) / n  # per converted lead: share of non-converted below it
    v01 = 1.0 - (tz[:, m:] - ty) / m  # per non-converted lead: share of converted above it
    sx = np.atleast_2d(np.cov(v10)) if m > 1 else np.zeros((k, k))
    sy = np.atleast_2d(np.cov(v01)) if n > 1 else np.zeros((k, k))
    return aucs, sx / m + sy / n


@dataclass(frozen=True)
class AucResult:
    """An AUC with its DeLong standard error and 95% interval, and the class counts."""

    auc: float
    se: float
    ci_low: float
    ci_high: float
    positives: int
    negatives: int


def auc_with_ci(y: np.ndarray, score: np.ndarray, *, confidence: float = 0.95) -> AucResult:
    """The AUC of ``score`` with a DeLong interval (clipped to [0, 1]).

    Example:
        >>> import numpy as np
        >>> r = auc_with_ci(np.array([1, 1, 0, 0, 0]), np.array([0.9, 0.4, 0.5, 0.2, 0.1]))
        >>> round(r.auc, 3), round(r.ci_low, 3), r.ci_high
        (0.833, 0.371, 1.0)
    """
    aucs, cov = delong(y, score)
    value, var = float(aucs[0]), float(cov[0, 0])
    yy = np.asarray(y).astype(bool)
    se = math.sqrt(max(var, 0.0)) if not math.isnan(var) else math.nan
    z = z_value(confidence)
    low = max(0.0, value - z * se) if not math.isnan(se) else math.nan
    high = min(1.0, value + z * se) if not math.isnan(se) else math.nan
    return AucResult(value, se, low, high, int(yy.sum()), int((~yy).sum()))


@dataclass(frozen=True)
class AucComparison:
    """Paired comparison of two AUCs on the same leads (DeLong): a − b, its interval, p-value."""

    auc_a: float
    auc_b: float
    difference: float
    ci_low: float
    ci_high: float
    z: float
    p_value: float


def compare_aucs(
    y: np.ndarray, score_a: np.ndarray, score_b: np.ndarray, *, confidence: float = 0.95
) -> AucComparison:
    """DeLong's paired test of ``AUC(a) − AUC(b)`` on the same leads.

    Args:
        y: the outcome.
        score_a, score_b: two scores of the same leads.
        confidence: coverage of the interval of the difference.

    Returns:
        An :class:`AucComparison`; with no variance (identical rankings) z is 0 and p 1.

    Example:
        >>> import numpy as np
        >>> y = np.array([1, 1, 1, 0, 0, 0, 0])
        >>> c = compare_aucs(y, np.array([7, 6, 5, 4, 3, 2, 1]), np.array([7, 1, 5, 4, 3, 2, 6]))
        >>> round(c.difference, 3), c.p_value < 1
        (0.417, True)
    """
    aucs, cov = delong(y, np.vstack([score_a, score_b]))
    diff = float(aucs[0] - aucs[1])
    var = float(cov[0, 0] + cov[1, 1] - 2 * cov[0, 1])
    z_crit = z_value(confidence)
    if math.isnan(var):
        return AucComparison(*map(float, aucs), diff, math.nan, math.nan, math.nan, math.nan)
    se = math.sqrt(max(var, 0.0))
    if se == 0:
        return AucComparison(float(aucs[0]), float(aucs[1]), diff, diff, diff, 0.0, 1.0)
    z = diff / se
    return AucComparison(
        float(aucs[0]),
        float(aucs[1]),
        diff,
        diff - z_crit * se,
        diff + z_crit * se,
        z,
        float(2 * normal_cdf(-abs(z))),
    )


def _ranked(y: np.ndarray, score: np.ndarray) -> pl.DataFrame:
    """Per distinct score, highest first: leads and conversions, cumulative shares before/after."""
    yy = np.asarray(y).astype(bool)
    return (
        pl.DataFrame({"score": np.asarray(score, dtype=np.float64), "y": yy})
        .group_by("score")
        .agg(n=pl.len(), k=pl.col("y").sum())
        .sort("score", descending=True)
        .with_columns(
            upto=pl.col("n").cum_sum() / yy.size,
            captured=pl.col("k").cum_sum() / max(int(yy.sum()), 1),
        )
        .with_columns(
            before=pl.col("upto").shift(1, fill_value=0.0),
            captured_before=pl.col("captured").shift(1, fill_value=0.0),
        )
    )


def captured_at(y: np.ndarray, score: np.ndarray, shares: np.ndarray) -> np.ndarray:
    """Share of conversions captured by the top ``shares`` of leads (ties shared out evenly).

    Example:
        >>> import numpy as np
        >>> captured_at(np.array([1, 0, 1, 0]), np.array([4, 3, 3, 1]), np.array([0.25, 0.5])).tolist()
        [0.5, 0.75]
    """
    ranked = _ranked(y, score)
    if ranked.is_empty():
        return np.full(len(shares), np.nan)
    upto = np.concatenate([[0.0], ranked["upto"].to_numpy()])
    captured = np.concatenate([[0.0], ranked["captured"].to_numpy()])
    return np.interp(np.asarray(shares, dtype=np.float64), upto, captured)


def gains_table(
    y: np.ndarray, score: np.ndarray, *, shares: tuple[float, ...] = GAIN_SHARES
) -> pl.DataFrame:
    """Cumulative gains and lift at each share of leads taken from the top of the score.

    Args:
        y: the outcome.
        score: higher = more likely.
        shares: the shares of leads (default: deciles).

    Returns:
        ``share, captured, lift`` (lift = captured / share; 1 is no better than random).

    Example:
        >>> import numpy as np
        >>> gains_table(np.array([1, 0, 0, 0]), np.array([4, 3, 2, 1]), shares=(0.25, 1.0)).rows()
        [(0.25, 1.0, 4.0), (1.0, 1.0, 1.0)]
    """
    share = np.asarray(shares, dtype=np.float64)
    captured = captured_at(y, score, share)
    return pl.DataFrame({"share": share, "captured": captured, "lift": captured / share})


def segment_rates(
    y: np.ndarray, score: np.ndarray, *, top: float, bottom: float
) -> tuple[float, float]:
    """Conversion rates of the top ``top`` share and the bottom ``bottom`` share of leads by score.

    Example:
        >>> import numpy as np
        >>> segment_rates(np.array([1, 1, 0, 0]), np.array([4, 3, 2, 1]), top=0.5, bottom=0.5)
        (1.0, 0.0)
    """
    yy = np.asarray(y).astype(bool)
    total = int(yy.sum())
    if yy.size == 0:
        return math.nan, math.nan
    hi_cap, lo_cap = captured_at(yy, score, np.array([top, 1.0 - bottom]))
    top_rate = hi_cap * total / (top * yy.size)
    bottom_rate = (1.0 - lo_cap) * total / (bottom * yy.size)
    return float(top_rate), float(bottom_rate)


def calibration_table(y: np.ndarray, probability: np.ndarray, *, bins: int = 10) -> pl.DataFrame:
    """Predicted vs observed conversion in ``bins`` equal-count bins of predicted probability.

    Args:
        y: the outcome.
        probability: predicted probabilities (0–1).
        bins: number of bins (deciles by default; fewer leads than bins gives fewer bins).

    Returns:
        ``bin, leads, predicted, observed, ci_low, ci_high`` (Wilson interval of the
        observed rate), lowest predictions first.

    Example:
        >>> import numpy as np
        >>> calibration_table(np.array([0, 0, 1, 1]), np.array([0.1, 0.2, 0.7, 0.9]), bins=2).select(
        ...     "bin", "leads", "predicted", "observed").rows()
        [(1, 2, 0.15000000000000002, 0.0), (2, 2, 0.8, 1.0)]
    """
    p = np.asarray(probability, dtype=np.float64)
    frame = pl.DataFrame({"p": p, "y": np.asarray(y).astype(bool)})
    if frame.is_empty():
        return pl.DataFrame(
            schema={
                "bin": pl.Int64,
                "leads": pl.Int64,
                "predicted": pl.Float64,
                "observed": pl.Float64,
                "ci_low": pl.Float64,
                "ci_high": pl.Float64,
            }
        )
    low, high = wilson_exprs(pl.col("converted"), pl.col("leads"))
    return (
        frame.with_columns(
            bin=(pl.col("p").rank("ordinal") - 1) * min(bins, frame.height) // frame.height + 1
        )
        .group_by("bin")
        .agg(
            leads=pl.len().cast(pl.Int64),
            converted=pl.col("y").sum().cast(pl.Int64),
            predicted=pl.col("p").mean(),
        )
        .sort("bin")
        .select(
            pl.col("bin").cast(pl.Int64),
            "leads",
            "predicted",
            (pl.col("converted") / pl.col("leads")).alias("observed"),
            low.alias("ci_low"),
            high.alias("ci_high"),
        )
    )


def brier(y: np.ndarray, probability: np.ndarray) -> float:
    """Brier score: mean squared difference between predicted probability and outcome (lower is better).

    Example:
        >>> import numpy as np
        >>> brier(np.array([1, 0]), np.array([0.8, 0.4]))
        0.1
    """
    yy = np.asarray(y, dtype=np.float64)
    if yy.size == 0:
        return math.nan
    return float(np.round(np.mean((np.asarray(probability, dtype=np.float64) - yy) ** 2), 12))
