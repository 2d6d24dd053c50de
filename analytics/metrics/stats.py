"""Statistics users can trust (DESIGN §5): intervals, comparisons, trend, sample size.

Every rate Kakehashi shows carries its n and a Wilson 95% interval; samples
under :data:`SMALL_SAMPLE_N` are flagged, not hidden. The Wilson interval is
computed in closed form as polars expressions (so a table of 10,000 groups
costs one vectorised pass) and the tests check it against statsmodels'
``proportion_confint(method="wilson")``.

Example:
    >>> low, high = wilson_interval(271, 2296)
    >>> round(low, 4), round(high, 4)
    (0.1055, 0.1319)
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from statistics import NormalDist
from typing import Any

import numpy as np
import polars as pl

from analytics.errors import InputError

SMALL_SAMPLE_N = 50
"""Rates over fewer than this many leads are flagged ``small_sample`` (read with care)."""


def z_value(confidence: float = 0.95) -> float:
    """The two-sided normal quantile for ``confidence`` (1.959964 for 95%).

    Args:
        confidence: the interval's coverage, strictly between 0 and 1.

    Returns:
        The standard-normal quantile ``Φ⁻¹(1 − (1 − confidence) / 2)``.

    Raises:
        InputError: ``confidence`` is not strictly between 0 and 1.

    Example:
        >>> round(z_value(0.95), 6)
        1.959964
    """
    if not 0 < confidence < 1:
        raise InputError.make("metrics.stats.confidence", value=confidence)
    return NormalDist().inv_cdf(1 - (1 - confidence) / 2)


_SQRT2 = math.sqrt(2.0)
_ERFC = np.frompyfunc(math.erfc, 1, 1)


def normal_cdf(x: Any) -> Any:
    """Φ(x), the standard normal CDF, of a number (a float) or an array (an array).

    Through ``erfc``, so a far tail keeps its digits (a p-value of 1e-30 is not 0). The
    statistics use it and :class:`statistics.NormalDist`'s inverse instead of SciPy's
    ``ndtr``/``ndtri``, whose import (~0.25 s) every command paid at its start.

    Example:
        >>> round(normal_cdf(-1.959963984540054), 6), normal_cdf(np.array([0.0, -np.inf])).tolist()
        (0.025, [0.5, 0.0])
        >>> f"{normal_cdf(-12.0):.4e}"
        '1.7765e-33'
    """
    if np.ndim(x) == 0:
        return 0.5 * math.erfc(-float(x) / _SQRT2)
    return 0.5 * _ERFC(-np.asarray(x, dtype=float) / _SQRT2).astype(float)


def wilson_interval(converted: int, n: int, *, confidence: float = 0.95) -> tuple[float, float]:
    """The Wilson score interval of ``converted / n`` (NaN, NaN when ``n`` is 0).

    Args:
        converted: number of successes, ``0 <= converted <= n``.
        n: number of trials.
        confidence: coverage of the interval.

    Returns:
        ``(low, high)``.

    Raises:
        InputError: counts are negative or ``converted > n``.

    Example:
        >>> [round(v, 4) for v in wilson_interval(0, 10)]
        [0.0, 0.2775]
    """
    if n < 0 or converted < 0 or converted > n:
        raise InputError.make("metrics.stats.counts", converted=converted, n=n)
    if n == 0:
        return (math.nan, math.nan)
    z = z_value(confidence)
    p = converted / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    # the bounds at none and all converted are 0 and 1 exactly (the formula's rounding
    # would leave them an ulp away, depending on z's last bit)
    low = 0.0 if converted == 0 else max(0.0, centre - half)
    high = 1.0 if converted == n else min(1.0, centre + half)
    return (low, high)


def wilson_exprs(
    converted: pl.Expr, n: pl.Expr, *, confidence: float = 0.95
) -> tuple[pl.Expr, pl.Expr]:
    """Polars expressions for the Wilson interval bounds (null where ``n`` is 0).

    Args:
        converted: expression of success counts.
        n: expression of trial counts.
        confidence: coverage of the interval.

    Returns:
        ``(low, high)`` expressions (not aliased).

    Example:
        >>> df = pl.DataFrame({"k": [271], "n": [2296]})
        >>> low, high = wilson_exprs(pl.col("k"), pl.col("n"))
        >>> df.select(low.round(4).alias("lo"), high.round(4).alias("hi")).row(0)
        (0.1055, 0.1319)
    """
    z = z_value(confidence)
    nf = n.cast(pl.Float64)
    p = converted.cast(pl.Float64) / nf
    denom = 1 + z * z / nf
    centre = (p + z * z / (2 * nf)) / denom
    half = z * ((p * (1 - p) / nf + z * z / (4 * nf * nf)).sqrt()) / denom
    valid = n > 0
    # exactly 0 and 1 at none and all converted (see wilson_interval)
    low = (
        pl.when(~valid)
        .then(None)
        .when(converted == 0)
        .then(pl.lit(0.0))
        .otherwise(pl.max_horizontal(centre - half, pl.lit(0.0)))
    )
    high = (
        pl.when(~valid)
        .then(None)
        .when(converted == n)
        .then(pl.lit(1.0))
        .otherwise(pl.min_horizontal(centre + half, pl.lit(1.0)))
    )
    return low, high


def add_rate_columns(
    frame: pl.DataFrame,
    *,
    converted: str = "converted",
    n: str = "leads",
    confidence: float = 0.95,
    prefix: str = "",
) -> pl.DataFrame:
    """Add ``rate``, ``ci_low``, ``ci_high`` and ``small_sample`` from count columns.

    Args:
        frame: has integer columns ``converted`` and ``n``.
        converted: name of the success-count column.
        n: name of the trial-count column.
        confidence: coverage of the Wilson interval.
        prefix: prepended to the new column names (``"mql_"`` → ``mql_rate`` …).

    Returns:
        A new frame; ``rate`` and the bounds are null where ``n`` is 0.

    Example:
        >>> out = add_rate_columns(pl.DataFrame({"converted": [1], "leads": [4]}))
        >>> out.select(pl.col("rate", "ci_low", "ci_high").round(4), "small_sample").row(0)
        (0.25, 0.0456, 0.6994, True)
    """
    low, high = wilson_exprs(pl.col(converted), pl.col(n), confidence=confidence)
    return frame.with_columns(
        pl.when(pl.col(n) > 0)
        .then(pl.col(converted).cast(pl.Float64) / pl.col(n))
        .alias(f"{prefix}rate"),
        low.alias(f"{prefix}ci_low"),
        high.alias(f"{prefix}ci_high"),
        (pl.col(n) < SMALL_SAMPLE_N).alias(f"{prefix}small_sample"),
    )


@dataclass(frozen=True)
class ProportionComparison:
    """Two proportions compared: difference, its interval, and a z-test."""

    rate_a: float
    rate_b: float
    difference: float  # rate_a - rate_b
    ci_low: float
    ci_high: float
    z: float
    p_value: float
    significant: bool


def compare_proportions(
    converted_a: int, n_a: int, converted_b: int, n_b: int, *, confidence: float = 0.95
) -> ProportionComparison:
    """Two-proportion z-test (pooled) and Newcombe's interval of the difference ``a − b``.

    Newcombe's hybrid score interval combines the two Wilson intervals, so it
    behaves well for small counts and rates near 0 or 1 (unlike Wald).

    Args:
        converted_a: successes in group a.
        n_a: trials in group a (> 0).
        converted_b: successes in group b.
        n_b: trials in group b (> 0).
        confidence: coverage of the interval; the test is significant when
            ``p_value < 1 − confidence``.

    Returns:
        A :class:`ProportionComparison`; ``z``/``p_value`` are 0/1 when both
        groups are all-success or all-failure (no variance).

    Raises:
        InputError: a group is empty or counts are inconsistent.

    Example:
        >>> c = compare_proportions(271, 2296, 75, 1350)
        >>> round(c.difference, 4), c.significant
        (0.0625, True)
    """
    if n_a <= 0 or n_b <= 0:
        raise InputError.make("metrics.stats.empty_group", n_a=n_a, n_b=n_b)
    la, ha = wilson_interval(converted_a, n_a, confidence=confidence)
    lb, hb = wilson_interval(converted_b, n_b, confidence=confidence)
    pa, pb = converted_a / n_a, converted_b / n_b
    diff = pa - pb
    ci_low = diff - math.sqrt((pa - la) ** 2 + (hb - pb) ** 2)
    ci_high = diff + math.sqrt((ha - pa) ** 2 + (pb - lb) ** 2)
    pooled = (converted_a + converted_b) / (n_a + n_b)
    se = math.sqrt(pooled * (1 - pooled) * (1 / n_a + 1 / n_b))
    if se == 0:
        z, p_value = 0.0, 1.0
    else:
        z = diff / se
        p_value = float(2 * normal_cdf(-abs(z)))
    return ProportionComparison(
        rate_a=pa,
        rate_b=pb,
        difference=diff,
        ci_low=ci_low,
        ci_high=ci_high,
        z=z,
        p_value=p_value,
        significant=p_value < 1 - confidence,
    )


@dataclass(frozen=True)
class TrendTest:
    """Cochran–Armitage test for a linear trend in proportions across ordered groups."""

    z: float  # positive: the rate rises with the score
    p_value: float  # two-sided
    p_increasing: float  # one-sided, H1: rate rises with the score
    n: int


def cochran_armitage_test(
    converted: Sequence[int], n: Sequence[int], *, scores: Sequence[float] | None = None
) -> TrendTest:
    """Cochran–Armitage trend test over groups ordered from low to high score.

    Args:
        converted: successes per group, in ascending score order.
        n: trials per group.
        scores: the score of each group (default 0, 1, 2, …).

    Returns:
        A :class:`TrendTest`; ``z`` is 0 and p-values 1 when there is no
        variance (one group, or all outcomes equal).

    Raises:
        InputError: lengths differ or counts are inconsistent.

    Example:
        >>> t = cochran_armitage_test([10, 20, 30], [100, 100, 100])
        >>> round(t.z, 3), t.p_increasing < 0.001
        (3.536, True)
    """
    k = [int(v) for v in converted]
    m = [int(v) for v in n]
    s = [float(v) for v in scores] if scores is not None else [float(i) for i in range(len(m))]
    if not (len(k) == len(m) == len(s)):
        raise InputError.make("metrics.stats.lengths", converted=len(k), n=len(m), scores=len(s))
    if any(a < 0 or a > b for a, b in zip(k, m, strict=True)):
        raise InputError.make("metrics.stats.group_counts", converted=k, n=m)
    total_n = sum(m)
    total_k = sum(k)
    if total_n == 0:
        return TrendTest(z=0.0, p_value=1.0, p_increasing=1.0, n=0)
    p = total_k / total_n
    t_stat = sum(si * (ki - mi * p) for si, ki, mi in zip(s, k, m, strict=True))
    mean_s = sum(si * mi for si, mi in zip(s, m, strict=True)) / total_n
    var = p * (1 - p) * sum(mi * (si - mean_s) ** 2 for si, mi in zip(s, m, strict=True))
    if var <= 0:
        return TrendTest(z=0.0, p_value=1.0, p_increasing=1.0, n=total_n)
    z = t_stat / math.sqrt(var)
    return TrendTest(
        z=z, p_value=float(2 * normal_cdf(-abs(z))), p_increasing=float(normal_cdf(-z)), n=total_n
    )


def sample_size_two_proportions(
    rate_a: float, rate_b: float, *, alpha: float = 0.05, power: float = 0.8, ratio: float = 1.0
) -> int:
    """Leads needed in group a to detect ``rate_a`` vs ``rate_b`` (two-sided test).

    Uses statsmodels' normal power for Cohen's effect size
    ``h = 2·asin(√a) − 2·asin(√b)``; group b needs ``ratio ×`` as many.

    Args:
        rate_a: expected conversion rate in group a (0–1).
        rate_b: expected conversion rate in group b (0–1), different from a.
        alpha: significance level.
        power: chance of detecting the difference when it is real.
        ratio: size of group b relative to group a.

    Returns:
        The smallest whole number of leads in group a.

    Raises:
        InputError: rates outside 0–1 or equal, or alpha/power outside (0, 1).

    Example:
        >>> sample_size_two_proportions(0.10, 0.15)
        681
    """
    from statsmodels.stats.power import NormalIndPower
    from statsmodels.stats.proportion import proportion_effectsize

    for name, value in (("rate_a", rate_a), ("rate_b", rate_b)):
        if not 0 <= value <= 1:
            raise InputError.make("metrics.stats.rate_range", name=name, value=value)
    if rate_a == rate_b:
        raise InputError.make("metrics.stats.equal_rates", rate=rate_a)
    if not (0 < alpha < 1 and 0 < power < 1 and ratio > 0):
        raise InputError.make("metrics.stats.power", alpha=alpha, power=power)
    effect = proportion_effectsize(rate_a, rate_b)
    n = NormalIndPower().solve_power(
        effect_size=effect, alpha=alpha, power=power, ratio=ratio, alternative="two-sided"
    )
    return math.ceil(float(n) - 1e-9)


def is_small_sample(n: int) -> bool:
    """True when a rate rests on fewer than :data:`SMALL_SAMPLE_N` leads.

    Args:
        n: number of leads behind the rate.

    Returns:
        True when ``n < SMALL_SAMPLE_N``.

    Example:
        >>> is_small_sample(49), is_small_sample(50)
        (True, False)
    """
    return n < SMALL_SAMPLE_N


def two_proportion_p_values(
    converted_a: np.ndarray | Sequence[float],
    n_a: np.ndarray | Sequence[float],
    converted_b: np.ndarray | Sequence[float],
    n_b: np.ndarray | Sequence[float],
) -> np.ndarray:
    """Vectorised pooled two-proportion z-test p-values (NaN where a group is empty).

    The same test as :func:`compare_proportions`, over arrays (one p-value per
    pair), for tables such as band-vs-band-below or month-vs-previous-month.
    Pairs with no variance (all successes or all failures) get p = 1.

    Args:
        converted_a, n_a: successes and trials of the first groups.
        converted_b, n_b: successes and trials of the groups compared with them.

    Returns:
        Two-sided p-values, one per pair.

    Example:
        >>> [round(float(v), 4) for v in two_proportion_p_values([271], [2296], [75], [1350])]
        [0.0]
    """
    k1, m1 = np.asarray(converted_a, float), np.asarray(n_a, float)
    k2, m2 = np.asarray(converted_b, float), np.asarray(n_b, float)
    with np.errstate(divide="ignore", invalid="ignore"):
        pooled = (k1 + k2) / (m1 + m2)
        se = np.sqrt(pooled * (1 - pooled) * (1 / m1 + 1 / m2))
        z = (k1 / m1 - k2 / m2) / se
        p = 2 * normal_cdf(-np.abs(z))
    valid = (m1 > 0) & (m2 > 0)
    p = np.where(valid & (se == 0), 1.0, p)
    return np.where(valid, p, np.nan)


@dataclass(frozen=True)
class RateDifference:
    """Two rates over overlapping groups of the same leads, and whether they really differ.

    ``difference`` is ``rate_b − rate_a``; ``n_both`` leads are in both groups.
    """

    rate_a: float | None
    rate_b: float | None
    n_a: int
    n_b: int
    n_both: int
    difference: float | None
    ci_low: float | None
    ci_high: float | None
    z: float | None
    p_value: float | None
    significant: bool | None


def compare_overlapping_proportions(
    in_a: np.ndarray | Sequence[bool],
    hit_a: np.ndarray | Sequence[bool],
    in_b: np.ndarray | Sequence[bool],
    hit_b: np.ndarray | Sequence[bool],
    *,
    confidence: float = 0.95,
) -> RateDifference:
    """Two-proportion test for groups that share leads (e.g. the MQLs of two criteria).

    Rate a = hits among the leads in group a, rate b likewise. When the groups overlap,
    they are not independent samples and the usual two-proportion test overstates the
    noise (two identical groups would show a spread). The variance of ``rate_b −
    rate_a`` is taken by linearisation over the leads (each lead's influence
    ``(hit_b − rate_b·in_b)/n_b − (hit_a − rate_a·in_a)/n_a``, summed in squares), so a
    lead in both groups counts once. For disjoint groups this is the unpooled
    two-proportion z-test; for identical groups the difference is 0 with no spread.

    Args:
        in_a: per lead, whether it is in group a.
        hit_a: per lead, whether it converted in group a (read only where ``in_a``).
        in_b: per lead, whether it is in group b.
        hit_b: per lead, whether it converted in group b (read only where ``in_b``).
        confidence: coverage of the interval; significant when ``p < 1 − confidence``.

    Returns:
        A :class:`RateDifference`; rates, difference and test are None when a group is
        empty, and the test is None when the difference has no spread.

    Raises:
        InputError: the arrays differ in length.

    Example:
        >>> r = compare_overlapping_proportions([1, 1, 1, 0], [1, 0, 0, 0], [1, 1, 0, 1], [1, 0, 0, 1])
        >>> round(r.rate_a, 3), round(r.rate_b, 3), r.n_both, round(r.difference, 3)
        (0.333, 0.667, 2, 0.333)
        >>> same = compare_overlapping_proportions([1, 1], [1, 0], [1, 1], [1, 0])
        >>> same.difference, same.p_value
        (0.0, None)
    """
    arrays = [np.asarray(v, dtype=bool) for v in (in_a, hit_a, in_b, hit_b)]
    if len({len(v) for v in arrays}) != 1:
        raise InputError.make("metrics.stats.group_lengths", lengths=[len(v) for v in arrays])
    ia, ha, ib, hb = arrays
    ha, hb = ha & ia, hb & ib
    n_a, n_b, n_both = int(ia.sum()), int(ib.sum()), int((ia & ib).sum())
    rate_a = float(ha.sum()) / n_a if n_a else None
    rate_b = float(hb.sum()) / n_b if n_b else None
    if rate_a is None or rate_b is None:
        return RateDifference(rate_a, rate_b, n_a, n_b, n_both, None, None, None, None, None, None)
    influence = (hb - rate_b * ib) / n_b - (ha - rate_a * ia) / n_a
    se = math.sqrt(float(np.square(influence).sum()))
    difference = rate_b - rate_a
    if se == 0:
        return RateDifference(
            rate_a, rate_b, n_a, n_b, n_both, difference, difference, difference, None, None, None
        )
    z = difference / se
    p_value = float(2 * normal_cdf(-abs(z)))
    half = z_value(confidence) * se
    return RateDifference(
        rate_a,
        rate_b,
        n_a,
        n_b,
        n_both,
        difference,
        difference - half,
        difference + half,
        z,
        p_value,
        p_value < 1 - confidence,
    )
