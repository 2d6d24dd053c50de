"""Comparisons and the other levers of the criteria: two thresholds, the SQL rule, the weights.

- :func:`compare_thresholds`: every KPI of the agreed and a proposed threshold, side by side;
- :func:`compare_conversion`: whether the MQL→SQL and MQL→won difference between two
  thresholds is real (the higher threshold's MQLs against the leads only the lower one
  admits: disjoint groups, see :mod:`analytics.metrics.whatif`);
- :func:`compare_sql_rules`: SQLs among the MQLs under other required BANT sets (the
  one rule of :mod:`analytics.criteria.sql_rule`);
- :func:`compare_weights`: fit vs engagement weights, re-scoring the as-of feature matrix.

Example:
    >>> from analytics.metrics.whatif import _example_frames, prepare_sweep
    >>> leads, path, _ = _example_frames()
    >>> compare_thresholds(prepare_sweep(leads, path, agreed_threshold=60), 60, 30).filter(
    ...     pl.col("kpi") == "won").row(0)
    ('won', 1.0, 2.0, 1.0)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import date
from typing import Any

import polars as pl

from analytics.criteria import Criteria
from analytics.metrics.stats import compare_proportions, wilson_exprs
from analytics.metrics.whatif.evaluate import (
    DEFAULT_ASSUMPTIONS,
    Assumptions,
    grid_index,
    summed_counts,
    whatif_at,
)
from analytics.metrics.whatif.sweep import Sweep, require_columns, sql_rule_from
from analytics.scoring.features import Features
from analytics.scoring.kernels import reaches_expr
from analytics.scoring.points import score_features

# The KPIs compare_thresholds puts side by side.
_COMPARED: tuple[str, ...] = (
    "mql",
    "mql_rate",
    "sql",
    "sql_rate",
    "won",
    "precision",
    "recall",
    "won_below",
    "revenue_below",
    "mql_per_month",
    "expected_sql",
    "expected_won",
    "expected_revenue",
    "followup_hours",
    "followup_cost",
    "expected_value",
)
# What each compared KPI is, as a kind of analytics.text.format.format_table (a count, a
# share, an amount of money, a number per month), so that every surface reads it the same.
COMPARED_KINDS: dict[str, str] = {
    "mql": "count",
    "mql_rate": "pct",
    "sql": "count",
    "sql_rate": "pct",
    "won": "count",
    "precision": "pct",
    "recall": "pct",
    "won_below": "count",
    "revenue_below": "money",
    "mql_per_month": "number",
    "expected_sql": "number",
    "expected_won": "number",
    "expected_revenue": "money",
    "followup_hours": "number",
    "followup_cost": "money",
    "expected_value": "money",
}


def compare_thresholds(
    sweep: Sweep,
    agreed: float,
    proposed: float,
    *,
    period: tuple[date, date] | None = None,
    assumptions: Assumptions = DEFAULT_ASSUMPTIONS,
) -> pl.DataFrame:
    """Agreed vs proposed threshold: every KPI side by side and the difference.

    Args:
        sweep: from :func:`~analytics.metrics.whatif.sweep.prepare_sweep`.
        agreed: the agreed threshold.
        proposed: the proposed threshold.
        period: (first day, last day); None: all data.
        assumptions: capacity, costs, value of a win.

    Returns:
        kpi, agreed, proposed, difference (proposed − agreed), all f64; how each KPI reads
        (count, share, money …) is :data:`COMPARED_KINDS`.

    Example:
        >>> from analytics.metrics.whatif import _example_frames, prepare_sweep
        >>> leads, path, _ = _example_frames()
        >>> cmp = compare_thresholds(prepare_sweep(leads, path, agreed_threshold=60), 60, 30)
        >>> cmp.filter(pl.col("kpi") == "mql").row(0)
        ('mql', 2.0, 4.0, 2.0)
    """
    a = whatif_at(sweep, agreed, period=period, assumptions=assumptions)
    b = whatif_at(sweep, proposed, period=period, assumptions=assumptions)
    return pl.DataFrame(
        {
            "kpi": list(_COMPARED),
            "agreed": [_float(a[c][0]) for c in _COMPARED],
            "proposed": [_float(b[c][0]) for c in _COMPARED],
        },
        schema={"kpi": pl.String, "agreed": pl.Float64, "proposed": pl.Float64},
    ).with_columns(difference=pl.col("proposed") - pl.col("agreed"))


def _float(value: Any) -> float | None:
    return None if value is None else float(value)


# Columns of compare_conversion, in order.
_CONVERSION_SCHEMA: dict[str, Any] = {
    "outcome": pl.String,
    "threshold_high": pl.Float64,
    "threshold_low": pl.Float64,
    "n_high": pl.Int64,
    "x_high": pl.Int64,
    "rate_high": pl.Float64,
    "n_only_low": pl.Int64,
    "x_only_low": pl.Int64,
    "rate_only_low": pl.Float64,
    "difference": pl.Float64,
    "ci_low": pl.Float64,
    "ci_high": pl.Float64,
    "z": pl.Float64,
    "p_value": pl.Float64,
    "significant": pl.Boolean,
    "rate_low": pl.Float64,
    "difference_vs_low": pl.Float64,
    "ci_low_vs_low": pl.Float64,
    "ci_high_vs_low": pl.Float64,
}


def compare_conversion(
    sweep: Sweep,
    first: float,
    second: float,
    *,
    period: tuple[date, date] | None = None,
) -> pl.DataFrame:
    """Is the difference in MQL→SQL and MQL→won between two thresholds real?

    The higher threshold's MQLs are a subset of the lower one's, so they are tested
    against the leads **only** the lower threshold admits (disjoint groups):
    two-proportion z-test (pooled) and the Newcombe 95% interval of
    ``rate_high − rate_only_low``. ``difference_vs_low`` is the implied
    ``rate_high − rate_low`` = that difference × only-lower MQLs / lower MQLs, with
    its interval scaled the same way.

    Args:
        sweep: from :func:`~analytics.metrics.whatif.sweep.prepare_sweep`.
        first: one threshold.
        second: the other (order does not matter).
        period: (first day, last day); None: all data.

    Returns:
        One row per outcome ("sql", "won"): outcome, threshold_high, threshold_low,
        n_high, x_high, rate_high, n_only_low, x_only_low, rate_only_low, difference,
        ci_low, ci_high, z, p_value, significant (p < 0.05), rate_low,
        difference_vs_low, ci_low_vs_low, ci_high_vs_low. Test columns are null when
        a group is empty.

    Example:
        >>> from analytics.metrics.whatif import _example_frames, prepare_sweep
        >>> leads, path, _ = _example_frames()
        >>> cmp = compare_conversion(prepare_sweep(leads, path, agreed_threshold=60), 30, 60)
        >>> cmp.filter(pl.col("outcome") == "won").select("n_high", "x_high",
        ...     "n_only_low", "x_only_low").row(0)
        (2, 1, 2, 1)
    """
    j_a, j_b = grid_index(sweep, first), grid_index(sweep, second)
    coh, _, _ = summed_counts(sweep, period, None)
    sums = {int(r["j"]): r for r in coh.filter(pl.col("j").is_in([j_a, j_b])).iter_rows(named=True)}
    high, low = sums[max(j_a, j_b)], sums[min(j_a, j_b)]
    rows = [_conversion_row(outcome, high, low) for outcome in ("sql", "won")]
    return pl.DataFrame(rows, schema=_CONVERSION_SCHEMA)


def _conversion_row(
    outcome: str, high: Mapping[str, Any], low: Mapping[str, Any]
) -> dict[str, Any]:
    """One :func:`compare_conversion` row from the summed counts at the two thresholds."""
    n_h, x_h = int(high["mql"]), int(high[outcome])
    n_l, x_l = int(low["mql"]), int(low[outcome])
    n_d = n_l - n_h
    x_d = min(max(x_l - x_h, 0), n_d)  # SQL: see the package docstring (overlap)
    row: dict[str, Any] = dict.fromkeys(_CONVERSION_SCHEMA)
    row.update(
        outcome=outcome,
        threshold_high=float(high["threshold"]),
        threshold_low=float(low["threshold"]),
        n_high=n_h,
        x_high=x_h,
        rate_high=x_h / n_h if n_h else None,
        n_only_low=n_d,
        x_only_low=x_d,
        rate_only_low=x_d / n_d if n_d else None,
        rate_low=x_l / n_l if n_l else None,
    )
    if n_h and n_d:
        test = compare_proportions(x_h, n_h, x_d, n_d)
        scale = n_d / n_l
        row.update(
            difference=test.difference,
            ci_low=test.ci_low,
            ci_high=test.ci_high,
            z=test.z,
            p_value=test.p_value,
            significant=test.significant,
            difference_vs_low=test.difference * scale,
            ci_low_vs_low=test.ci_low * scale,
            ci_high_vs_low=test.ci_high * scale,
        )
    return row


# --------------------------------------------------------------------------- other levers
def compare_sql_rules(
    leads: pl.DataFrame, bant: pl.DataFrame, rules: Mapping[str, Mapping[str, int]]
) -> pl.DataFrame:
    """What-if on the SQL rule: SQLs among the MQLs under different required BANT sets.

    A lead is an SQL under a rule when it has an MQL moment (``leads.mql_at``, the
    agreed threshold) and a BANT assessment meeting the rule at/after it.

    Args:
        leads: the replay's per-lead frame (lead_id, mql_at, is_won).
        bant: the ``bant`` table.
        rules: rule name -> {BANT item: minimum level}.

    Returns:
        rule, required (e.g. "need≥2, timeline≥2"), mql, sql, sql_rate, sql_ci_low,
        sql_ci_high, won_sql, sql_win_rate, won_mql_not_sql — one row per rule.

    Raises:
        InputError: a rule names an item that is not a BANT item.

    Example:
        >>> from analytics.metrics.whatif import _example_frames
        >>> leads, _, bant = _example_frames()
        >>> compare_sql_rules(leads, bant, {"strict": {"need": 3}, "loose": {"need": 2}})[
        ...     "sql"].to_list()
        [1, 1]
    """
    require_columns(leads, {"lead_id", "mql_at", "is_won"}, "leads")
    mqls = leads.filter(pl.col("mql_at").is_not_null()).select(
        "lead_id", "mql_at", won=pl.col("is_won").fill_null(False)
    )
    parts = []
    for name, required in rules.items():
        sql_leads = (
            bant.filter(sql_rule_from(required).meets())
            .join(mqls, on="lead_id", how="inner")
            .filter(pl.col("assessed_at") >= pl.col("mql_at"))
            .select("lead_id")
            .unique()
        )
        parts.append(
            mqls.with_columns(
                sql=pl.col("lead_id").is_in(sql_leads["lead_id"].implode()),
            ).select(
                rule=pl.lit(name),
                required=pl.lit(
                    ", ".join(f"{k}≥{v}" for k, v in required.items()) or "any assessment"
                ),
                mql=pl.len().cast(pl.Int64),
                sql=pl.col("sql").sum().cast(pl.Int64),
                won_sql=(pl.col("sql") & pl.col("won")).sum().cast(pl.Int64),
                won_mql_not_sql=(~pl.col("sql") & pl.col("won")).sum().cast(pl.Int64),
            )
        )
    low, high = wilson_exprs(pl.col("sql"), pl.col("mql"))
    return pl.concat(parts).select(
        "rule",
        "required",
        "mql",
        "sql",
        sql_rate=pl.when(pl.col("mql") > 0).then(pl.col("sql") / pl.col("mql")),
        sql_ci_low=low,
        sql_ci_high=high,
        won_sql="won_sql",
        sql_win_rate=pl.when(pl.col("sql") > 0).then(pl.col("won_sql") / pl.col("sql")),
        won_mql_not_sql="won_mql_not_sql",
    )


def compare_weights(
    features: Features,
    criteria: Criteria,
    outcomes: pl.DataFrame,
    weights: Sequence[tuple[float, float]],
) -> pl.DataFrame:
    """What-if on the fit vs engagement weights, on the scores as of the data's end.

    A weight change changes every score path, and the replay is not redone for it
    (not instant at scale); this re-scores the feature matrix with the scoring
    engineer's fast :func:`analytics.scoring.points.score_features` and counts, among the
    scores **as of** the features' date, the leads at/above the threshold and their
    wins. As-of scores of won leads include behaviour after the deal, so read the
    *difference* between weight pairs, not the level (the threshold page's numbers
    come from the point-in-time replay).

    Args:
        features: an :class:`analytics.scoring.features.Features` for the criteria's rules.
        criteria: the criteria (points, threshold, floor/ceiling).
        outcomes: lead_id, is_won (e.g. the replay's leads).
        weights: (fit_weight, engagement_weight) pairs; the first is usually the current.

    Returns:
        fit_weight, engagement_weight, leads, mql, mql_rate, won, precision,
        precision_ci_low, precision_ci_high, recall — one row per pair.

    Raises:
        CriteriaError: a weight is negative or the features were built for other rules.

    Example:
        >>> from datetime import datetime
        >>> from analytics.criteria import load_criteria
        >>> from analytics.scoring.features import Features
        >>> c = load_criteria("threshold = 0")
        >>> f = Features(pl.DataFrame({"lead_id": ["a", "b"], "created_at": [datetime(2025, 1, 1)] * 2}),
        ...              datetime(2025, 2, 1), c.structure)
        >>> out = compare_weights(f, c, pl.DataFrame({"lead_id": ["a", "b"], "is_won": [True, False]}),
        ...                       [(1.0, 1.0), (1.0, 2.0)])
        >>> out.select("mql", "won", "precision").rows()
        [(2, 1, 0.5), (2, 1, 0.5)]
    """
    require_columns(outcomes, {"lead_id", "is_won"}, "outcomes")
    won = outcomes.select("lead_id", won=pl.col("is_won").fill_null(False))
    parts = []
    for fit_weight, engagement_weight in weights:
        variant = replace(
            criteria, fit_weight=float(fit_weight), engagement_weight=float(engagement_weight)
        )
        parts.append(
            score_features(features, variant)
            .join(won, on="lead_id", how="left")
            .with_columns(_mql=reaches_expr(pl.col("total"), variant.threshold))
            .select(
                fit_weight=pl.lit(variant.fit_weight),
                engagement_weight=pl.lit(variant.engagement_weight),
                leads=pl.len().cast(pl.Int64),
                mql=pl.col("_mql").sum().cast(pl.Int64),
                won=(pl.col("_mql") & pl.col("won").fill_null(False)).sum().cast(pl.Int64),
                won_total=pl.col("won").fill_null(False).sum().cast(pl.Int64),
            )
        )
    low, high = wilson_exprs(pl.col("won"), pl.col("mql"))
    return pl.concat(parts).select(
        "fit_weight",
        "engagement_weight",
        "leads",
        "mql",
        mql_rate=pl.when(pl.col("leads") > 0).then(pl.col("mql") / pl.col("leads")),
        won="won",
        precision=pl.when(pl.col("mql") > 0).then(pl.col("won") / pl.col("mql")),
        precision_ci_low=low,
        precision_ci_high=high,
        recall=pl.when(pl.col("won_total") > 0).then(pl.col("won") / pl.col("won_total")),
    )
