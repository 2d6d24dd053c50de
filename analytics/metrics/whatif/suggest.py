"""Suggested thresholds, each chosen by one documented rule and given with its reason.

The rules (:data:`SUGGESTION_RULES`, copied in the README) read the prepared sweep's
KPI table for the period: (a) a rule of thumb from won leads' peak scores, (b) the
sales capacity, (c) the highest expected value per month, (d) a lead-share budget.

Every suggestion respects the sales capacity or says that it exceeds it: the expected
value is maximised over the thresholds whose MQLs fit the capacity (and the reason names
the unconstrained best when that one would exceed it); the others carry
``over_capacity`` and a sentence saying by how much.

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
from analytics.text import format as fmt
from analytics.text.catalog import t

# How each suggested threshold is chosen (documented in the README):
SUGGESTION_RULES: dict[str, str] = {
    "rule_of_thumb": "10% below the mean peak score of won leads in the period, rounded down "
    "to a multiple of 5 (the practice: 'a bit below the average score of won customers')",
    "capacity": "the lowest threshold whose average MQLs per month (by MQL month) fit the "
    "sales capacity (reps × MQLs a rep can work per month)",
    "expected_value": "the threshold with the highest expected value per month: expected wins "
    "× value of a win − MQLs × follow-up cost per MQL (hours × hourly cost), among the "
    "thresholds whose MQLs fit the sales capacity (when it is set)",
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
        rule, threshold (null when the rule cannot decide), reason, mql_per_month (at
        that threshold), over_capacity (null when the capacity or the threshold is
        unknown) — four rows. The reason ends with a capacity warning when over.

    Raises:
        InputError: the period holds no data.

    Example:
        >>> from analytics.metrics.whatif import _example_frames, prepare_sweep
        >>> leads, path, _ = _example_frames()
        >>> s = suggest_thresholds(prepare_sweep(leads, path, agreed_threshold=60),
        ...     assumptions=Assumptions(capacity_per_month=0.5, value_per_win=1e6))
        >>> s["rule"].to_list(), s["threshold"].to_list(), s["over_capacity"].to_list()
        (['rule_of_thumb', 'capacity', 'expected_value', 'coverage'], [45.0, 66.0, 80.0, 66.0], [True, False, False, False])
        >>> s["reason"][2]  # the best within capacity, and the better one that is not
        'Highest expected value, ¥497,500 a month: 0.5 expected wins × ¥1,000,000 per win minus ¥5,000 follow-up cost per MQL. Without the capacity limit it would be 30 (¥990,000 a month), but its 2 MQLs a month exceed the sales capacity of 0.5.'
    """
    table = sweep_table(sweep, period=period, assumptions=assumptions)
    cohorts = period_cohorts(sweep, period)
    out = [
        _rule_of_thumb(cohorts, lang),
        _capacity(table, assumptions, lang),
        _expected_value(table, assumptions, lang),
        _coverage(table, assumptions, lang),
    ]
    suggestions = pl.DataFrame(
        out, schema={"rule": pl.String, "threshold": pl.Float64, "reason": pl.String}, orient="row"
    )
    return _with_capacity_check(suggestions, table, assumptions, lang)


def _with_capacity_check(
    suggestions: pl.DataFrame, table: pl.DataFrame, assumptions: Assumptions, lang: str
) -> pl.DataFrame:
    """Add each suggestion's MQLs per month and whether they exceed the capacity (said in the
    reason)."""
    cap = assumptions.capacity_per_month
    grid = table["threshold"]  # ascending; an off-grid threshold is read at the next one up
    index = grid.search_sorted(suggestions["threshold"].fill_null(grid[0]), side="left")
    mql = table["mql_per_month"].gather(index.clip(0, grid.len() - 1))
    at = suggestions.with_columns(
        mql_per_month=pl.when(pl.col("threshold").is_not_null()).then(pl.lit(mql))
    )
    over = pl.col("mql_per_month") > cap if cap is not None else pl.lit(None, pl.Boolean)
    at = at.with_columns(over_capacity=pl.when(pl.col("threshold").is_not_null()).then(over))
    notes = [  # four fixed rules, not data rows
        " " + t("whatif.reason.over_capacity", lang, mql=_fmt(mql, 1), capacity=_fmt(cap, 1))
        if over_capacity
        else ""
        for mql, over_capacity in at.select("mql_per_month", "over_capacity").iter_rows()
    ]
    return at.with_columns(reason=pl.col("reason") + pl.Series(notes, dtype=pl.String))


def _fmt(value: float | None, digits: int = 0) -> str:
    return fmt.number(value, digits)


def _rule_of_thumb(cohorts: pl.DataFrame, lang: str) -> Suggestion:
    """(a) 10% below the mean peak score of won leads, rounded down to a multiple of 5."""
    n = int(cohorts["won_peak_n"].sum())
    if not n:
        return ("rule_of_thumb", None, t("whatif.reason.thumb_none", lang))
    mean = float(cohorts["won_peak_sum"].sum()) / n
    value = math.floor(mean * 0.9 / 5) * 5.0
    reason = t("whatif.reason.thumb", lang, mean=fmt.number(mean, 1), n=fmt.count(n))
    return ("rule_of_thumb", value, reason)


def _capacity(table: pl.DataFrame, assumptions: Assumptions, lang: str) -> Suggestion:
    """(b) The lowest threshold whose average MQL volume fits the capacity."""
    cap = assumptions.capacity_per_month
    if cap is None:
        return ("capacity", None, t("whatif.reason.capacity_unset", lang))
    first = table.filter(pl.col("mql_per_month") <= cap).row(0, named=True)
    reason = t(
        "whatif.reason.capacity", lang, mql=_fmt(first["mql_per_month"], 1), capacity=_fmt(cap, 1)
    )
    return ("capacity", first["threshold"], reason)


def _best_value(table: pl.DataFrame) -> dict | None:
    """The row with the highest expected value (ties: the highest threshold), if positive."""
    table = table.filter(pl.col("expected_value").is_not_null())  # unknown: no amount, no value
    if table.height == 0:
        return None
    best = table.sort(["expected_value", "threshold"], descending=[True, True]).row(0, named=True)
    return best if best["mql"] > 0 and best["expected_value"] > 0 else None


def _expected_value(table: pl.DataFrame, assumptions: Assumptions, lang: str) -> Suggestion:
    """(c) The highest expected value per month among the thresholds within the capacity."""
    cap = assumptions.capacity_per_month
    cost = fmt.yen(assumptions.cost_per_mql, lang)
    unconstrained = _best_value(table)
    best = (
        unconstrained if cap is None else _best_value(table.filter(pl.col("mql_per_month") <= cap))
    )
    if best is None and table["expected_value"].is_null().all():
        return ("expected_value", None, t("whatif.reason.value_unknown", lang))
    if best is None:
        return ("expected_value", None, t("whatif.reason.value_none", lang, cost=cost))
    reason = t(
        "whatif.reason.value",
        lang,
        value=fmt.yen(best["expected_value"], lang),
        won=_fmt(best["expected_won"], 1),
        per_win=fmt.yen(best["value_per_win"], lang),
        cost=cost,
    )
    if unconstrained is not None and unconstrained["threshold"] != best["threshold"]:
        reason += " " + t(
            "whatif.reason.value_capped",
            lang,
            threshold=fmt.score(unconstrained["threshold"]),
            mql=_fmt(unconstrained["mql_per_month"], 1),
            capacity=_fmt(cap, 1),
            value=fmt.yen(unconstrained["expected_value"], lang),
        )
    return ("expected_value", best["threshold"], reason)


def _coverage(table: pl.DataFrame, assumptions: Assumptions, lang: str) -> Suggestion:
    """(d) The lowest threshold within the lead-share budget, and whether it meets the win target."""
    share = assumptions.max_lead_share
    target = assumptions.target_recall
    pick = table.filter(pl.col("mql_rate").fill_null(0.0) <= share).row(0, named=True)
    recall = pick["recall"]
    met = recall is not None and recall >= target
    reason = t(
        "whatif.reason.coverage" if met else "whatif.reason.coverage_short",
        lang,
        recall=fmt.pct(recall, 0),
        share=fmt.pct(pick["mql_rate"], 0),
        target=fmt.pct(target, 0),
        max_share=fmt.pct(share, 0),
    )
    return ("coverage", pick["threshold"], reason)
