"""Every feedback view of some months in one call (the page and the ``feedback`` command)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import polars as pl

from analytics.metrics.feedback.leads import feedback_band_edges, feedback_leads, mqls_of
from analytics.metrics.feedback.outcomes import lost_reasons_by_score, recycled_outcomes
from analytics.metrics.feedback.rates import (
    owner_reject_outliers,
    reasons_by_band,
    reasons_summary,
    verdicts_by,
    verdicts_by_band,
    verdicts_by_rule,
)
from analytics.metrics.feedback.rules import (
    rejected_high_score,
    rule_points_schema,
    won_below_threshold,
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
