"""Sales feedback joined back to the score: what did sales say about the MQLs, and where do
the score and sales disagree?

Inputs: the lead frame of a replay (``lead_id, company, owner, source, mql_at,
peak_total, sql_at, opportunity_at, is_won, won_at``), the ``feedback`` table
(``lead_id, given_at, given_by, verdict, reason``), optionally the ``deals`` table
(``lead_id, created_at, closed_at, is_won, lost_reason``) and the rule points
each lead had at its hand-off (:func:`rule_points`: ``lead_id, rule, layer, points``).

Decisions (documented in the README):

- a lead's **verdict** is its first feedback (the verdict on the hand-off); later
  feedback counts only for recycled leads' later outcome;
- rates are over the MQLs **with** feedback (``judged``); MQLs without feedback are
  counted (``no_feedback``), never silently dropped. Rates carry Wilson intervals;
- the **score** is ``peak_total`` (the highest total before the hand-off), banded by
  :func:`feedback_band_edges` (the threshold and 1.25, 1.5, 1.75 times it) with
  :func:`analytics.metrics.bands.assign_bands`; **high score** means the top two bands;
- a rule **scored** a lead when it gave it non-zero points at the hand-off;
- an owner's reject rate **differs beyond noise** when the two-proportion test
  against all other owners' MQLs has p below 0.05 divided by the number of owners
  compared (Bonferroni: with 8 owners, one would otherwise be flagged by chance a
  third of the time).

Example:
    >>> from datetime import datetime as dt
    >>> leads = pl.DataFrame({"lead_id": ["a", "b"], "mql_at": [dt(2025, 1, 2)] * 2,
    ...     "peak_total": [180.0, 105.0], "owner": ["Ito", "Ito"]})
    >>> fb = pl.DataFrame({"lead_id": ["a"], "given_at": [dt(2025, 1, 5)], "given_by": ["Ito"],
    ...     "verdict": ["rejected"], "reason": ["No budget"]})
    >>> f = feedback_leads(leads, fb, threshold=100)
    >>> f.select("lead_id", "band", "verdict", "high_score").rows()
    [('a', '175+', 'rejected', True), ('b', '<125', None, False)]
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import numpy as np
import polars as pl

from analytics.criteria.document import Criteria
from analytics.errors import InputError
from analytics.metrics.bands import assign_bands, band_labels
from analytics.metrics.definitions import stage_exprs
from analytics.metrics.stats import add_rate_columns, two_proportion_p_values, wilson_exprs
from analytics.scoring.features import Features, build_features, eng_column, fit_column
from analytics.scoring.points import eng_points_expr, fit_points_expr
from analytics.store.db import Workspace
from analytics.text.codes import FEEDBACK_REASONS

VERDICTS: tuple[str, ...] = ("accepted", "rejected", "recycled")
# The fixed, editable reason list offered on the page: (code, Japanese, English).
DEFAULT_REASONS: tuple[tuple[str, str, str], ...] = FEEDBACK_REASONS
RECYCLED_OUTCOMES: tuple[str, ...] = (
    "won", "opportunity", "sql", "accepted_later", "rejected_later", "no_return",
)  # fmt: skip
HIGH_SCORE_BANDS = 2
RULES_SHOWN = 5


def feedback_band_edges(threshold: float) -> list[float]:
    """Score-band edges for MQLs: the threshold and 1.25, 1.5 and 1.75 times it.

    A threshold of 0 or below uses steps of 25 points from it.

    Example:
        >>> feedback_band_edges(100), feedback_band_edges(0)
        ([100.0, 125.0, 150.0, 175.0], [0.0, 25.0, 50.0, 75.0])
    """
    step = threshold / 4 if threshold > 0 else 25.0
    return [float(threshold + k * step) for k in range(4)]


def reason_list(feedback: pl.DataFrame | None, lang: str) -> list[str]:
    """The reasons to offer: the default list in ``lang``, then reasons already stored.

    Example:
        >>> fb = pl.DataFrame({"reason": ["予算なし", "展示会のみ", None]})
        >>> reason_list(fb, "ja")[-1], len(reason_list(None, "en"))
        ('展示会のみ', 8)
    """
    column = 1 if lang == "ja" else 2
    defaults = [r[column] for r in DEFAULT_REASONS]
    stored: list[str] = []
    if feedback is not None and "reason" in feedback.columns:
        stored = (
            feedback.select(pl.col("reason").cast(pl.String).str.strip_chars())
            .drop_nulls()
            .filter(pl.col("reason") != "")
            .unique()
            .sort("reason")["reason"]
            .to_list()
        )
    return [*defaults, *[r for r in stored if r not in defaults]]


# --------------------------------------------------------------------------- rule points
def rule_points(features: Features, criteria: Criteria) -> pl.DataFrame:
    """Each rule's weighted points per lead, non-zero ones only (long form).

    Args:
        features: a feature matrix whose engagement counts are taken at each lead's
            hand-off (point in time), built for ``criteria``'s rule structure.
        criteria: the points, caps and weights.

    Returns:
        ``lead_id, rule, layer (fit|engagement), points`` — rules that scored the lead.

    Example:
        >>> from analytics.criteria.document import load_criteria
        >>> c = load_criteria('[[engagement]]\\nname = "w"\\ntype = "webinar"\\npoints = 15')
        >>> f = Features(pl.DataFrame({"lead_id": ["a", "b"], "eng:w": [2.0, 0.0]}), None,
        ...     c.structure)
        >>> rule_points(f, c).rows()
        [('a', 'w', 'engagement', 30.0)]
    """
    frame = features.frame
    exprs = [
        (fit_points_expr(r) * criteria.fit_weight).alias(f"fit\x1f{r.name}")
        for r in criteria.fit_rules
        if fit_column(r) in frame.columns
    ] + [
        (eng_points_expr(r) * criteria.engagement_weight).alias(f"engagement\x1f{r.name}")
        for r in criteria.engagement_rules
        if eng_column(r) in frame.columns
    ]
    schema = {"lead_id": pl.String, "rule": pl.String, "layer": pl.String, "points": pl.Float64}
    if not exprs:
        return pl.DataFrame(schema=schema)
    return (
        frame.select(pl.col("lead_id").cast(pl.String), *exprs)
        .unpivot(index="lead_id", variable_name="key", value_name="points")
        .filter(pl.col("points").is_not_null() & (pl.col("points").abs() > 1e-9))
        .select(
            "lead_id",
            pl.col("key").str.split_exact("\x1f", 1).struct.field("field_1").alias("rule"),
            pl.col("key").str.split_exact("\x1f", 1).struct.field("field_0").alias("layer"),
            pl.col("points").cast(pl.Float64),
        )
        .sort("lead_id", "layer", "rule")
        .cast(schema)  # type: ignore[arg-type]
    )


# --------------------------------------------------------------------------- per lead
def _verdicts(feedback: pl.DataFrame | None) -> pl.DataFrame:
    schema = {
        "lead_id": pl.String,
        "verdict": pl.String,
        "reason": pl.String,
        "given_by": pl.String,
        "given_at": pl.Datetime("us"),
    }
    if feedback is None or feedback.is_empty():
        return pl.DataFrame(schema=schema)
    return (
        feedback.select(
            pl.col("lead_id").cast(pl.String),
            pl.col("verdict").cast(pl.String).str.to_lowercase(),
            pl.col("reason").cast(pl.String)
            if "reason" in feedback.columns
            else pl.lit(None, pl.String).alias("reason"),
            pl.col("given_by").cast(pl.String)
            if "given_by" in feedback.columns
            else pl.lit(None, pl.String).alias("given_by"),
            pl.col("given_at").cast(pl.Datetime("us")),
        )
        .sort("given_at", "lead_id")
        .group_by("lead_id", maintain_order=True)
        .first()
        .cast(schema)  # type: ignore[arg-type]
    )


_LEAD_DEFAULTS: dict[str, Any] = {
    "company": pl.String,
    "owner": pl.String,
    "source": pl.String,
    "sql_at": pl.Datetime("us"),
    "opportunity_at": pl.Datetime("us"),
    "is_won": pl.Boolean,
    "won_at": pl.Datetime("us"),
}


def _lifecycle(leads: pl.DataFrame) -> pl.DataFrame:
    """``leads`` with the optional columns this module reads (null where absent), typed."""
    return leads.with_columns(
        pl.lit(None, dtype).alias(name)
        for name, dtype in _LEAD_DEFAULTS.items()
        if name not in leads.columns
    ).with_columns(
        pl.col("lead_id").cast(pl.String),
        pl.col(["sql_at", "opportunity_at", "won_at"]).cast(pl.Datetime("us")),
        *([pl.col("mql_at").cast(pl.Datetime("us"))] if "mql_at" in leads.columns else []),
        pl.col("is_won").cast(pl.Boolean).fill_null(False),
    )


def feedback_leads(
    leads: pl.DataFrame,
    feedback: pl.DataFrame | None,
    *,
    threshold: float,
    edges: Sequence[float] | None = None,
) -> pl.DataFrame:
    """One row per MQL, and per non-MQL lead with feedback or a win: score band and verdict.

    Args:
        leads: replay leads.
        feedback: the ``feedback`` table (or None).
        threshold: the criteria's MQL threshold.
        edges: band edges (default :func:`feedback_band_edges`).

    Returns:
        ``lead_id, company, owner, source, is_mql, mql_at, mql_month, score, band,
        band_index, high_score, verdict, reason, given_by, given_at, sql, won,
        won_month`` (``verdict`` null: no feedback; ``band`` null for non-MQLs).

    Raises:
        InputError: ``leads`` lacks ``lead_id``, ``mql_at`` or ``peak_total``.

    Example:
        >>> leads = pl.DataFrame({"lead_id": ["a"], "mql_at": [None], "peak_total": [40.0]})
        >>> feedback_leads(leads, None, threshold=100).height
        0
    """
    missing = [c for c in ("lead_id", "mql_at", "peak_total") if c not in leads.columns]
    if missing:
        raise InputError.make("sla.missing_columns", columns=", ".join(missing))
    chosen = sorted({float(e) for e in (edges or feedback_band_edges(threshold))})
    if len(chosen) < 2:
        raise InputError.make("feedback.bad_edges", edges=list(edges or []))
    frame = _lifecycle(leads)
    stages = stage_exprs()
    verdicts = _verdicts(feedback)
    won = pl.col("is_won")
    base = (
        frame.join(verdicts, on="lead_id", how="left")
        .filter(stages["mql"] | pl.col("verdict").is_not_null() | won)
        .select(
            "lead_id", "company", "owner", "source",
            stages["mql"].alias("is_mql"),
            "mql_at",
            pl.col("mql_at").dt.date().dt.truncate("1mo").alias("mql_month"),
            pl.col("peak_total").cast(pl.Float64).alias("score"),
            "verdict", "reason", "given_by", "given_at",
            (won | pl.col("opportunity_at").is_not_null() | pl.col("sql_at").is_not_null()).alias(
                "sql"
            ),
            won.alias("won"),
            pl.when(won).then(pl.col("won_at").dt.date().dt.truncate("1mo")).alias("won_month"),
        )
    )  # fmt: skip
    banded = assign_bands(base, chosen, score_col="score").with_columns(
        pl.when(pl.col("is_mql")).then(pl.col(c)).alias(c) for c in ("band", "band_index")
    )
    top = len(chosen) - HIGH_SCORE_BANDS
    return banded.with_columns(
        (pl.col("is_mql") & (pl.col("band_index") >= top)).fill_null(False).alias("high_score")
    ).sort("lead_id")


def _months(column: str, first: date | None, last: date | None) -> pl.Expr:
    if first is None:
        return pl.lit(True)
    return pl.col(column).is_between(first.replace(day=1), (last or first).replace(day=1))


def mqls_of(
    frame: pl.DataFrame, first: date | None = None, last: date | None = None
) -> pl.DataFrame:
    """The MQLs of :func:`feedback_leads` whose MQL month is in ``first``..``last`` (all: None).

    Example:
        >>> f = pl.DataFrame({"is_mql": [True, False], "mql_month": [date(2025, 1, 1), None]})
        >>> mqls_of(f, date(2025, 1, 1)).height
        1
    """
    return frame.filter(pl.col("is_mql") & _months("mql_month", first, last))


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


# --------------------------------------------------------------------------- disagreements
def _with_rules(frame: pl.DataFrame, points: pl.DataFrame) -> pl.DataFrame:
    top = (
        points.join(frame.select("lead_id"), on="lead_id", how="semi")
        .sort(pl.col("points").abs(), descending=True)
        .group_by("lead_id", maintain_order=True)
        .agg(rules=pl.struct("rule", "points").head(RULES_SHOWN))
    )
    rules_type = pl.List(pl.Struct({"rule": pl.String, "points": pl.Float64}))
    return frame.join(top, on="lead_id", how="left").with_columns(
        pl.col("rules").cast(rules_type).fill_null(pl.lit([], rules_type))
    )


DISAGREEMENT_COLUMNS: tuple[str, ...] = (
    "lead_id", "company", "owner", "source", "score", "band", "verdict", "reason",
    "given_by", "given_at",
)  # fmt: skip


def rejected_high_score(mqls: pl.DataFrame, points: pl.DataFrame) -> pl.DataFrame:
    """High-score MQLs (top two bands) that sales rejected, highest score first, with the
    rules that scored them (up to :data:`RULES_SHOWN`, largest points first).

    Example:
        >>> m = pl.DataFrame({"lead_id": ["a", "b"], "company": ["A", "B"], "owner": [None] * 2,
        ...     "source": [None] * 2, "score": [190.0, 195.0], "band": ["175+"] * 2,
        ...     "high_score": [True, True], "verdict": ["rejected", "accepted"],
        ...     "reason": ["No budget", None], "given_by": [None] * 2, "given_at": [None] * 2})
        >>> p = pl.DataFrame({"lead_id": ["a"], "rule": ["inquiry"], "layer": ["engagement"],
        ...     "points": [40.0]})
        >>> rejected_high_score(m, p).select("lead_id", "rules").rows()
        [('a', [{'rule': 'inquiry', 'points': 40.0}])]
    """
    chosen = mqls.filter(pl.col("high_score") & (pl.col("verdict") == "rejected"))
    return _with_rules(chosen.select(DISAGREEMENT_COLUMNS), points).sort(
        ["score", "lead_id"], descending=[True, False]
    )


def won_below_threshold(
    frame: pl.DataFrame,
    points: pl.DataFrame,
    *,
    first: date | None = None,
    last: date | None = None,
) -> pl.DataFrame:
    """Leads that were won without ever reaching the threshold (won in ``first``..``last``),
    highest score first, with the rules that scored them.

    Args:
        frame: :func:`feedback_leads` (all rows, not only MQLs).
        points: :func:`rule_points`.
        first: first won month (None: all).
        last: last won month (default: ``first``).

    Example:
        >>> f = pl.DataFrame({"lead_id": ["a", "b"], "company": ["A", "B"], "owner": [None] * 2,
        ...     "source": [None] * 2, "score": [80.0, 120.0], "band": ["<125"] * 2,
        ...     "is_mql": [False, True], "won": [True, True], "won_month": [date(2025, 1, 1)] * 2,
        ...     "verdict": [None] * 2, "reason": [None] * 2, "given_by": [None] * 2,
        ...     "given_at": [None] * 2})
        >>> won_below_threshold(f, pl.DataFrame(schema={"lead_id": pl.String, "rule": pl.String,
        ...     "layer": pl.String, "points": pl.Float64}))["lead_id"].to_list()
        ['a']
    """
    chosen = frame.filter(pl.col("won") & ~pl.col("is_mql") & _months("won_month", first, last))
    return _with_rules(chosen.select(DISAGREEMENT_COLUMNS), points).sort(
        ["score", "lead_id"], descending=[True, False], nulls_last=True
    )


# --------------------------------------------------------------------------- lost, recycled
def lost_reasons_by_score(
    frame: pl.DataFrame, deals: pl.DataFrame | None, *, first: date | None = None,
    last: date | None = None,
) -> pl.DataFrame:  # fmt: skip
    """Lost-deal reasons against the score at hand-off, for the MQLs of the months.

    Each lead counts once, with the reason of its latest lost deal.

    Returns:
        ``lost_reason, deals, median_score, mean_score, high_score`` (how many of
        them were high-score MQLs), most frequent first.

    Example:
        >>> f = pl.DataFrame({"lead_id": ["a", "b"], "is_mql": [True, True],
        ...     "mql_month": [date(2025, 1, 1)] * 2, "score": [120.0, 180.0],
        ...     "high_score": [False, True]})
        >>> d = pl.DataFrame({"lead_id": ["a", "b"], "created_at": [date(2025, 2, 1)] * 2,
        ...     "closed_at": [date(2025, 3, 1)] * 2, "is_won": [False, False],
        ...     "lost_reason": ["Price", "Price"]})
        >>> lost_reasons_by_score(f, d).row(0)
        ('Price', 2, 150.0, 150.0, 1)
    """
    schema = {
        "lost_reason": pl.String,
        "deals": pl.Int64,
        "median_score": pl.Float64,
        "mean_score": pl.Float64,
        "high_score": pl.Int64,
    }
    if deals is None or deals.is_empty():
        return pl.DataFrame(schema=schema)
    closed = pl.col("closed_at").is_not_null() if "closed_at" in deals.columns else pl.lit(True)
    lost = (
        deals.filter(pl.col("lead_id").is_not_null() & ~pl.col("is_won").fill_null(True) & closed)
        .with_columns(pl.col("lead_id").cast(pl.String))
        .sort("created_at")
        .group_by("lead_id")
        .last()
        .select("lead_id", pl.col("lost_reason").cast(pl.String))
    )
    return (
        mqls_of(frame, first, last)
        .join(lost, on="lead_id")
        .group_by("lost_reason")
        .agg(
            deals=pl.len().cast(pl.Int64),
            median_score=pl.col("score").median(),
            mean_score=pl.col("score").mean(),
            high_score=pl.col("high_score").sum().cast(pl.Int64),
        )
        .sort(["deals", "lost_reason"], descending=[True, False], nulls_last=True)
        .cast(schema)  # type: ignore[arg-type]
    )


def recycled_outcomes(
    frame: pl.DataFrame,
    feedback: pl.DataFrame | None,
    leads: pl.DataFrame,
    *,
    first: date | None = None,
    last: date | None = None,
) -> pl.DataFrame:
    """What became of the recycled leads (first recycled in ``first``..``last``).

    Outcome after the first ``recycled`` verdict, the furthest reached wins: ``won``
    (a win closed after it), ``opportunity`` (a deal created after it), ``sql``
    (reached SQL after it), ``accepted_later`` / ``rejected_later`` (a later
    feedback), else ``no_return``.

    Args:
        frame: :func:`feedback_leads` (for owner/score; any lead).
        feedback: the ``feedback`` table.
        leads: the replay leads (``sql_at``, ``opportunity_at``, ``is_won``, ``won_at``).
        first: first month of the recycling (None: all).
        last: last month (default: ``first``).

    Returns:
        ``outcome, leads, share, rate_ci_low, rate_ci_high, median_days`` (days from the
        recycling to that outcome), one row per :data:`RECYCLED_OUTCOMES`.

    Example:
        >>> from datetime import datetime as dt
        >>> fb = pl.DataFrame({"lead_id": ["a", "a", "b"], "given_at": [dt(2025, 1, 1),
        ...     dt(2025, 3, 1), dt(2025, 1, 2)], "verdict": ["recycled", "accepted", "recycled"]})
        >>> leads = pl.DataFrame({"lead_id": ["a", "b"], "sql_at": [None, None],
        ...     "opportunity_at": [None, None], "is_won": [False, False], "won_at": [None, None]})
        >>> t = recycled_outcomes(pl.DataFrame({"lead_id": ["a", "b"]}), fb, leads)
        >>> t.filter(pl.col("leads") > 0).select("outcome", "leads").rows()
        [('accepted_later', 1), ('no_return', 1)]
    """
    skeleton = pl.DataFrame({"outcome": RECYCLED_OUTCOMES}).with_row_index("_order")
    fb_schema = {"lead_id": pl.String, "given_at": pl.Datetime("us"), "verdict": pl.String}
    fb = (
        pl.DataFrame(schema=fb_schema)
        if feedback is None or feedback.is_empty()
        else feedback.select(
            pl.col("lead_id").cast(pl.String),
            pl.col("given_at").cast(pl.Datetime("us")),
            pl.col("verdict").cast(pl.String).str.to_lowercase(),
        )
    )
    recycled = (
        fb.filter(pl.col("verdict") == "recycled")
        .group_by("lead_id")
        .agg(recycled_at=pl.col("given_at").min())
        .filter(_months_of_time("recycled_at", first, last))
        .join(frame.select(pl.col("lead_id").cast(pl.String)), on="lead_id", how="semi")
    )
    later = (
        fb.join(recycled, on="lead_id")
        .filter((pl.col("given_at") > pl.col("recycled_at")) & (pl.col("verdict") != "recycled"))
        .sort("given_at")
        .group_by("lead_id")
        .agg(later_verdict=pl.col("verdict").first(), later_at=pl.col("given_at").first())
    )
    life = _lifecycle(leads).select("lead_id", "sql_at", "opportunity_at", "won_at", "is_won")
    after = pl.col("recycled_at")
    won_after = pl.col("is_won") & (pl.col("won_at") > after)
    opp_after = pl.col("opportunity_at") > after
    sql_after = pl.col("sql_at") > after
    outcome = (
        recycled.join(life, on="lead_id", how="left")
        .join(later, on="lead_id", how="left")
        .select(
            pl.when(won_after)
            .then(pl.struct(o=pl.lit("won"), at=pl.col("won_at")))
            .when(opp_after.fill_null(False))
            .then(pl.struct(o=pl.lit("opportunity"), at=pl.col("opportunity_at")))
            .when(sql_after.fill_null(False))
            .then(pl.struct(o=pl.lit("sql"), at=pl.col("sql_at")))
            .when(pl.col("later_verdict") == "accepted")
            .then(pl.struct(o=pl.lit("accepted_later"), at=pl.col("later_at")))
            .when(pl.col("later_verdict") == "rejected")
            .then(pl.struct(o=pl.lit("rejected_later"), at=pl.col("later_at")))
            .otherwise(pl.struct(o=pl.lit("no_return"), at=pl.lit(None, pl.Datetime("us"))))
            .alias("x"),
            "recycled_at",
        )
        .select(
            pl.col("x").struct.field("o").alias("outcome"),
            (
                (pl.col("x").struct.field("at") - pl.col("recycled_at")).dt.total_seconds() / 86_400
            ).alias("days"),
        )
        .group_by("outcome")
        .agg(leads=pl.len().cast(pl.Int64), median_days=pl.col("days").median())
    )
    table = (
        skeleton.join(outcome, on="outcome", how="left")
        .with_columns(pl.col("leads").fill_null(0))
        .sort("_order")
        .drop("_order")
        .with_columns(total=pl.col("leads").sum())
    )
    return add_rate_columns(table, converted="leads", n="total").select(
        "outcome",
        "leads",
        pl.col("rate").alias("share"),
        pl.col("ci_low").alias("rate_ci_low"),
        pl.col("ci_high").alias("rate_ci_high"),
        "median_days",
    )


def _months_of_time(column: str, first: date | None, last: date | None) -> pl.Expr:
    if first is None:
        return pl.lit(True)
    month = pl.col(column).dt.date().dt.truncate("1mo")
    return month.is_between(first.replace(day=1), (last or first).replace(day=1))


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


def records(frame: pl.DataFrame, keys: Sequence[str]) -> list[dict[str, Any]]:
    """The rows of ``frame`` as dicts with exactly ``keys`` (the command's JSON).

    Example:
        >>> records(pl.DataFrame({"a": [1], "b": [2]}), ["b"])
        [{'b': 2}]
    """
    return frame.select(keys).to_dicts()


# --------------------------------------------------------------------------- one report
@dataclass(frozen=True)
class FeedbackReport:
    """Everything the feedback page and the ``feedback`` command show for months ``first``..``last``."""

    first: date
    last: date
    edges: list[float]
    leads: pl.DataFrame  # feedback_leads, every month
    mqls: pl.DataFrame  # the MQLs of the months
    by_band: pl.DataFrame
    by_rule: pl.DataFrame
    by_source: pl.DataFrame
    by_owner: pl.DataFrame
    reasons: pl.DataFrame
    reasons_by_band: pl.DataFrame
    rejected_high_score: pl.DataFrame
    won_below_threshold: pl.DataFrame
    lost_reasons: pl.DataFrame
    recycled: pl.DataFrame
    owner_outliers: pl.DataFrame


def build_feedback_report(
    leads: pl.DataFrame,
    feedback: pl.DataFrame | None,
    *,
    threshold: float,
    first: date,
    last: date | None = None,
    points: pl.DataFrame | None = None,
    deals: pl.DataFrame | None = None,
    edges: Sequence[float] | None = None,
) -> FeedbackReport:
    """The feedback views of the MQLs of ``first``..``last`` (the one call of page and command).

    Args:
        leads: replay leads.
        feedback: the ``feedback`` table.
        threshold: the criteria's MQL threshold.
        first: the first month.
        last: the last month (default: ``first``).
        points: :func:`rule_points` at the hand-off (None: no rule views).
        deals: the ``deals`` table (for lost reasons), or None.
        edges: score-band edges (default :func:`feedback_band_edges`).

    Returns:
        A :class:`FeedbackReport`.

    Example:
        >>> from datetime import datetime as dt
        >>> leads = pl.DataFrame({"lead_id": ["a"], "mql_at": [dt(2025, 1, 2)],
        ...     "peak_total": [130.0]})
        >>> fb = pl.DataFrame({"lead_id": ["a"], "given_at": [dt(2025, 1, 3)],
        ...     "verdict": ["accepted"], "reason": ["ok"]})
        >>> r = build_feedback_report(leads, fb, threshold=100, first=date(2025, 1, 1))
        >>> r.by_band.filter(pl.col("mqls") > 0).select("band", "accepted").rows()
        [('125–150', 1)]
    """
    last = (last or first).replace(day=1)
    first = first.replace(day=1)
    chosen = sorted({float(e) for e in (edges or feedback_band_edges(threshold))})
    frame = feedback_leads(leads, feedback, threshold=threshold, edges=chosen)
    mqls = mqls_of(frame, first, last)
    points = rule_points_schema() if points is None else points
    return FeedbackReport(
        first=first,
        last=last,
        edges=chosen,
        leads=frame,
        mqls=mqls,
        by_band=verdicts_by_band(mqls, chosen),
        by_rule=verdicts_by_rule(mqls, points),
        by_source=verdicts_by(mqls, "source"),
        by_owner=verdicts_by(mqls, "owner"),
        reasons=reasons_summary(mqls),
        reasons_by_band=reasons_by_band(mqls),
        rejected_high_score=rejected_high_score(mqls, points),
        won_below_threshold=won_below_threshold(frame, points, first=first, last=last),
        lost_reasons=lost_reasons_by_score(frame, deals, first=first, last=last),
        recycled=recycled_outcomes(mqls, feedback, leads),
        owner_outliers=owner_reject_outliers(mqls),
    )


def rule_points_schema() -> pl.DataFrame:
    """An empty :func:`rule_points` frame.

    Example:
        >>> rule_points_schema().columns
        ['lead_id', 'rule', 'layer', 'points']
    """
    return pl.DataFrame(
        schema={"lead_id": pl.String, "rule": pl.String, "layer": pl.String, "points": pl.Float64}
    )


def load_rule_points(ws: Workspace, criteria: Criteria, *, as_of: datetime) -> pl.DataFrame:
    """:func:`rule_points` from the workspace's feature matrix as of ``as_of``.

    Args:
        ws: the workspace.
        criteria: the criteria whose rules scored the leads.
        as_of: the point in time of the engagement counts.

    Returns:
        ``lead_id, rule, layer, points``.

    Example:
        >>> from analytics.criteria.document import default_criteria
        >>> load_rule_points(Workspace.open(":memory:"), default_criteria(),
        ...     as_of=datetime(2025, 1, 1)).height
        0
    """
    return rule_points(build_features(ws, criteria, as_of=as_of), criteria)
