"""Suggested thresholds, each chosen by one documented rule and given with its reason.

The rules (:data:`SUGGESTION_RULES`, copied in the README) read the prepared sweep's
KPI table for the period: (a) a rule of thumb from won leads' peak scores, (b) the
sales capacity, (c) the highest expected value per month, (d) a lead-share budget.

Example:
    >>> from analytics.metrics.whatif import _example_frames, prepare_sweep
    >>> leads, path, _ = _example_frames()
    >>> suggest_thresholds(prepare_sweep(leads, path, agreed_threshold=60))["threshold"].to_list()
    [45.0, None, None, 66.0]
"""

from __future__ import annotations

import math
from datetime import date

import polars as pl

from analytics.metrics.whatif.evaluate import (
    DEFAULT_ASSUMPTIONS,
    Assumptions,
    period_cohorts,
    sweep_table,
)
from analytics.metrics.whatif.sweep import Sweep
from analytics.text.catalog import t

# How each suggested threshold is chosen (documented in the README):
SUGGESTION_RULES: dict[str, str] = {
    "rule_of_thumb": "10% below the mean peak score of won leads in the period, rounded down "
    "to a multiple of 5 (the practice: 'a bit below the average score of won customers')",
    "capacity": "the lowest threshold whose average MQLs per month (by MQL month) fit the "
    "sales capacity (reps × MQLs a rep can work per month)",
    "expected_value": "the threshold with the highest expected value per month: expected wins "
    "× value of a win − MQLs × follow-up cost per MQL (hours × hourly cost)",
    "coverage": "the lowest threshold that makes at most the given share of leads MQLs "
    "(so the most wins within that budget); the reason says whether the win target is met",
}

# One suggestion: (rule, threshold or None when the rule cannot decide, reason).
Suggestion = tuple[str, float | None, str]


def suggest_thresholds(
    sweep: Sweep,
    *,
    period: tuple[date, date] | None = None,
    assumptions: Assumptions = DEFAULT_ASSUMPTIONS,
    lang: str = "en",
) -> pl.DataFrame:
    """Suggested thresholds, one per rule of :data:`SUGGESTION_RULES`, each with a reason.

    Args:
        sweep: from :func:`~analytics.metrics.whatif.sweep.prepare_sweep`.
        period: (first day, last day); None: all data.
        assumptions: capacity, costs, value of a win, coverage target.
        lang: language of the reasons ("en" or "ja").

    Returns:
        rule, threshold (null when the rule cannot decide), reason — four rows.

    Raises:
        InputError: the period holds no data.

    Example:
        >>> from analytics.metrics.whatif import _example_frames, prepare_sweep
        >>> leads, path, _ = _example_frames()
        >>> s = suggest_thresholds(prepare_sweep(leads, path, agreed_threshold=60),
        ...                        assumptions=Assumptions(capacity_per_month=1.0))
        >>> s["rule"].to_list(), s["threshold"].to_list()[:2]
        (['rule_of_thumb', 'capacity', 'expected_value', 'coverage'], [45.0, 41.0])
    """
    table = sweep_table(sweep, period=period, assumptions=assumptions)
    cohorts = period_cohorts(sweep, period)
    out = [
        _rule_of_thumb(cohorts, lang),
        _capacity(table, assumptions, lang),
        _expected_value(table, assumptions, lang),
        _coverage(table, assumptions, lang),
    ]
    return pl.DataFrame(
        out, schema={"rule": pl.String, "threshold": pl.Float64, "reason": pl.String}, orient="row"
    )


def _fmt(value: float | None, digits: int = 0) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return f"{value:,.{digits}f}"


def _rule_of_thumb(cohorts: pl.DataFrame, lang: str) -> Suggestion:
    """(a) 10% below the mean peak score of won leads, rounded down to a multiple of 5."""
    n = int(cohorts["won_peak_n"].sum())
    if not n:
        return ("rule_of_thumb", None, t("whatif.reason.thumb_none", lang))
    mean = float(cohorts["won_peak_sum"].sum()) / n
    value = math.floor(mean * 0.9 / 5) * 5.0
    return ("rule_of_thumb", value, t("whatif.reason.thumb", lang, mean=_fmt(mean, 1), n=n))


def _capacity(table: pl.DataFrame, assumptions: Assumptions, lang: str) -> Suggestion:
    """(b) The lowest threshold whose average MQL volume fits the capacity."""
    cap = assumptions.capacity_per_month
    if cap is None:
        return ("capacity", None, t("whatif.reason.capacity_unset", lang))
    first = table.filter(pl.col("mql_per_month") <= cap).row(0, named=True)
    reason = t(
        "whatif.reason.capacity", lang, mql=_fmt(first["mql_per_month"], 1), capacity=_fmt(cap, 0)
    )
    return ("capacity", first["threshold"], reason)


def _expected_value(table: pl.DataFrame, assumptions: Assumptions, lang: str) -> Suggestion:
    """(c) The highest expected value per month (ties: the highest threshold, fewer MQLs)."""
    best = table.sort(["expected_value", "threshold"], descending=[True, True]).row(0, named=True)
    cost = _fmt(assumptions.cost_per_mql)
    if not (best["mql"] > 0 and best["expected_value"] > 0):
        return ("expected_value", None, t("whatif.reason.value_none", lang, cost=cost))
    reason = t(
        "whatif.reason.value",
        lang,
        value=_fmt(best["expected_value"]),
        won=_fmt(best["expected_won"], 1),
        per_win=_fmt(best["value_per_win"]),
        cost=cost,
    )
    return ("expected_value", best["threshold"], reason)


def _coverage(table: pl.DataFrame, assumptions: Assumptions, lang: str) -> Suggestion:
    """(d) The lowest threshold within the lead-share budget, and whether it meets the win target."""
    share = assumptions.max_lead_share
    target = assumptions.target_recall
    pick = table.filter(pl.col("mql_rate") <= share).row(0, named=True)
    recall = pick["recall"]
    met = recall is not None and recall >= target
    reason = t(
        "whatif.reason.coverage" if met else "whatif.reason.coverage_short",
        lang,
        recall=_fmt(None if recall is None else recall * 100),
        share=_fmt(pick["mql_rate"] * 100),
        target=_fmt(target * 100),
        max_share=_fmt(share * 100),
    )
    return ("coverage", pick["threshold"], reason)
