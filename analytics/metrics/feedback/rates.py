"""Accept / reject / recycle rates (Wilson intervals) by band, rule, source and owner;
reasons; owners whose reject rate differs from the rest beyond noise."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import polars as pl

from analytics.metrics.bands import band_labels
from analytics.metrics.feedback.leads import VERDICTS
from analytics.metrics.stats import add_rate_columns, two_proportion_p_values, wilson_exprs

# --------------------------------------------------------------------------- verdict rates
_COUNTS = {
    "mqls": pl.len().cast(pl.Int64),
    "judged": pl.col("verdict").is_not_null().sum().cast(pl.Int64),
    "accepted": (pl.col("verdict") == "accepted").sum().cast(pl.Int64),
    "rejected": (pl.col("verdict") == "rejected").sum().cast(pl.Int64),
    "recycled": (pl.col("verdict") == "recycled").sum().cast(pl.Int64),
}


def _with_rates(table: pl.DataFrame) -> pl.DataFrame:
    table = table.with_columns(no_feedback=pl.col("mqls") - pl.col("judged"))
    for verdict, prefix in (("accepted", "accept_"), ("recycled", "recycle_")):
        table = add_rate_columns(table, converted=verdict, n="judged", prefix=prefix).drop(
            f"{prefix}small_sample"
        )
    return add_rate_columns(table, converted="rejected", n="judged").rename({"rate": "reject_rate"})


def verdicts_by(mqls: pl.DataFrame, by: str) -> pl.DataFrame:
    """Accept / reject / recycle counts and rates per value of ``by`` (``owner``, ``source`` …).

    Args:
        mqls: MQL rows of :func:`feedback_leads` (e.g. :func:`mqls_of`).
        by: the grouping column.

    Returns:
        ``<by>, mqls, judged, accepted, rejected, recycled, no_feedback,
        accept_rate, accept_ci_low, accept_ci_high, recycle_rate, recycle_ci_low,
        recycle_ci_high, reject_rate, ci_low, ci_high, small_sample`` (rates over
        ``judged``), most MQLs first.

    Example:
        >>> m = pl.DataFrame({"owner": ["A", "A", "B"], "verdict": ["rejected", None, "accepted"]})
        >>> verdicts_by(m, "owner").select("owner", "judged", "reject_rate").rows()
        [('A', 1, 1.0), ('B', 1, 0.0)]
    """
    return _with_rates(mqls.group_by(by).agg(**_COUNTS)).sort(
        ["mqls", by], descending=[True, False], nulls_last=True
    )


def verdicts_by_band(mqls: pl.DataFrame, edges: Sequence[float]) -> pl.DataFrame:
    """:func:`verdicts_by` per score band, every band kept, highest band first.

    Returns:
        ``band, band_index, low, high`` and the columns of :func:`verdicts_by`.

    Example:
        >>> m = pl.DataFrame({"band_index": [0, 0], "verdict": ["rejected", "accepted"]})
        >>> verdicts_by_band(m, [100, 150]).select("band", "mqls", "reject_rate").rows()
        [('150+', 0, None), ('<150', 2, 0.5)]
    """
    edges = sorted(float(e) for e in edges)
    skeleton = pl.DataFrame(
        {
            "band": band_labels(edges),
            "band_index": list(range(len(edges))),
            "low": edges,
            "high": [*edges[1:], None],
        },
        schema={"band": pl.String, "band_index": pl.Int32, "low": pl.Float64, "high": pl.Float64},
    )
    counts = mqls.group_by(pl.col("band_index").cast(pl.Int32)).agg(**_COUNTS)
    table = skeleton.join(counts, on="band_index", how="left").with_columns(
        pl.col(list(_COUNTS)).fill_null(0)
    )
    return _with_rates(table).sort("band_index", descending=True)


def verdicts_by_rule(mqls: pl.DataFrame, points: pl.DataFrame) -> pl.DataFrame:
    """:func:`verdicts_by` per rule that scored the MQL (an MQL counts for each of its rules).

    Args:
        mqls: MQL rows of :func:`feedback_leads`.
        points: :func:`rule_points` (``lead_id, rule, layer, points``).

    Returns:
        ``rule, layer, median_points`` and the columns of :func:`verdicts_by`.

    Example:
        >>> m = pl.DataFrame({"lead_id": ["a", "b"], "verdict": ["rejected", "accepted"]})
        >>> p = pl.DataFrame({"lead_id": ["a", "a", "b"], "rule": ["x", "y", "x"],
        ...     "layer": ["fit", "engagement", "fit"], "points": [10.0, 5.0, 10.0]})
        >>> verdicts_by_rule(m, p).select("rule", "mqls", "rejected").rows()
        [('x', 2, 1), ('y', 1, 1)]
    """
    joined = mqls.select("lead_id", "verdict").join(
        points.select("lead_id", "rule", "layer", "points"), on="lead_id"
    )
    table = joined.group_by("rule", "layer").agg(**_COUNTS, median_points=pl.col("points").median())
    return _with_rates(table).sort(["mqls", "rule"], descending=[True, False])


# --------------------------------------------------------------------------- reasons
def reasons_summary(mqls: pl.DataFrame) -> pl.DataFrame:
    """Per feedback reason: how many MQLs got it, the median score, and the verdicts.

    Returns:
        ``reason, count, median_score, accepted, rejected, recycled``, most frequent first.

    Example:
        >>> m = pl.DataFrame({"reason": ["No budget", "No budget", None], "score": [120.0, 160.0, 1.0],
        ...     "verdict": ["rejected", "recycled", None]})
        >>> reasons_summary(m).row(0)
        ('No budget', 2, 140.0, 0, 1, 1)
    """
    return (
        mqls.filter(pl.col("verdict").is_not_null() & pl.col("reason").is_not_null())
        .group_by("reason")
        .agg(
            count=pl.len().cast(pl.Int64),
            median_score=pl.col("score").median(),
            **{v: (pl.col("verdict") == v).sum().cast(pl.Int64) for v in VERDICTS},
        )
        .sort(["count", "reason"], descending=[True, False])
    )


def reasons_by_band(mqls: pl.DataFrame) -> pl.DataFrame:
    """Feedback reasons × score band: ``reason, band, band_index, count, share`` (of the band).

    Example:
        >>> m = pl.DataFrame({"reason": ["x", "y", "x"], "band": ["a", "a", "b"],
        ...     "band_index": [0, 0, 1], "verdict": ["rejected"] * 3})
        >>> reasons_by_band(m).filter(pl.col("band") == "a").select("reason", "share").rows()
        [('x', 0.5), ('y', 0.5)]
    """
    return (
        mqls.filter(pl.col("verdict").is_not_null() & pl.col("reason").is_not_null())
        .group_by("reason", "band", "band_index")
        .agg(count=pl.len().cast(pl.Int64))
        .with_columns(share=pl.col("count") / pl.col("count").sum().over("band_index"))
        .sort(["band_index", "count", "reason"], descending=[True, True, False])
    )


# --------------------------------------------------------------------------- owners
def owner_reject_outliers(mqls: pl.DataFrame, *, alpha: float = 0.05) -> pl.DataFrame:
    """Each owner's reject rate against all other owners' (two-proportion test, Bonferroni).

    Args:
        mqls: MQL rows of :func:`feedback_leads`.
        alpha: family-wise significance level; an owner is flagged when
            ``p < alpha / owners compared``.

    Returns:
        ``owner, judged, rejected, reject_rate, rest_rate, difference, diff_ci_low,
        diff_ci_high, p_value, flagged`` (Newcombe interval of the difference), most
        different first.

    Example:
        >>> m = pl.DataFrame({"owner": [o for o in "ABCDE" for _ in range(100)],
        ...     "verdict": ["rejected"] * 60 + ["accepted"] * 40 + (["rejected"] * 30
        ...     + ["accepted"] * 70) * 4})
        >>> owner_reject_outliers(m).select("owner", "flagged").rows()[:2]
        [('A', True), ('B', False)]
    """
    per = (
        mqls.filter(pl.col("verdict").is_not_null())
        .group_by("owner")
        .agg(
            judged=pl.len().cast(pl.Int64),
            rejected=(pl.col("verdict") == "rejected").sum().cast(pl.Int64),
        )
        .with_columns(
            rest_judged=pl.col("judged").sum() - pl.col("judged"),
            rest_rejected=pl.col("rejected").sum() - pl.col("rejected"),
        )
    )
    compared = per.filter((pl.col("judged") > 0) & (pl.col("rest_judged") > 0)).height
    p_values = two_proportion_p_values(
        per["rejected"].to_numpy(),
        per["judged"].to_numpy(),
        per["rest_rejected"].to_numpy(),
        per["rest_judged"].to_numpy(),
    )
    la, ha = wilson_exprs(pl.col("rejected"), pl.col("judged"))
    lb, hb = wilson_exprs(pl.col("rest_rejected"), pl.col("rest_judged"))
    pa = pl.col("rejected") / pl.col("judged")
    pb = pl.col("rest_rejected") / pl.col("rest_judged")
    limit = alpha / max(compared, 1)
    return (
        per.with_columns(
            reject_rate=pa,
            rest_rate=pl.when(pl.col("rest_judged") > 0).then(pb),
            difference=pl.when(pl.col("rest_judged") > 0).then(pa - pb),
            diff_ci_low=pa - pb - ((pa - la) ** 2 + (hb - pb) ** 2).sqrt(),
            diff_ci_high=pa - pb + ((ha - pa) ** 2 + (pb - lb) ** 2).sqrt(),
            p_value=pl.Series(np.asarray(p_values, dtype=float)).fill_nan(None),
        )
        .with_columns(flagged=(pl.col("p_value") < limit).fill_null(False))
        .select(
            "owner",
            "judged",
            "rejected",
            "reject_rate",
            "rest_rate",
            "difference",
            "diff_ci_low",
            "diff_ci_high",
            "p_value",
            "flagged",
        )
        .sort([pl.col("difference").abs(), "owner"], descending=[True, False], nulls_last=True)
    )
