"""Sales feedback joined back to the score: what did sales say about the MQLs, and where do
the score and sales disagree?

The package, in flow order: :mod:`~analytics.metrics.feedback.leads` (one row per lead:
first verdict, score band), :mod:`~analytics.metrics.feedback.rules` (the rules that
scored a lead at its hand-off; the disagreement lists), :mod:`~analytics.metrics.feedback.rates`
(verdict rates, reasons, owners), :mod:`~analytics.metrics.feedback.outcomes` (lost deals,
recycled leads) and :mod:`~analytics.metrics.feedback.report` (all of it in one call).
Everything a page, the CLI or a test uses is importable from here.

Inputs: the lead frame of a replay (``lead_id, company, owner, source, mql_at,
peak_total, sql_at, opportunity_at, is_won, won_at``), the ``feedback`` table
(``lead_id, given_at, given_by, verdict, reason``), optionally the ``deals`` table
(``lead_id, created_at, closed_at, is_won, lost_reason``) and the rule points
each lead had at its hand-off (:func:`load_rule_points`: ``lead_id, rule, layer, points``).

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
    >>> import polars as pl
    >>> leads = pl.DataFrame({"lead_id": ["a", "b"], "mql_at": [dt(2025, 1, 2)] * 2,
    ...     "peak_total": [180.0, 105.0], "owner": ["Ito", "Ito"]})
    >>> fb = pl.DataFrame({"lead_id": ["a"], "given_at": [dt(2025, 1, 5)], "given_by": ["Ito"],
    ...     "verdict": ["rejected"], "reason": ["No budget"]})
    >>> f = feedback_leads(leads, fb, threshold=100)
    >>> f.select("lead_id", "band", "verdict", "high_score").rows()
    [('a', '175+', 'rejected', True), ('b', '<125', None, False)]
"""

from __future__ import annotations

from analytics.metrics.feedback.leads import (
    DEFAULT_REASONS,
    HIGH_SCORE_BANDS,
    VERDICTS,
    feedback_band_edges,
    feedback_leads,
    mqls_of,
    reason_list,
)
from analytics.metrics.feedback.outcomes import (
    RECYCLED_OUTCOMES,
    lost_reasons_by_score,
    recycled_outcomes,
)
from analytics.metrics.feedback.rates import (
    owner_reject_outliers,
    reasons_by_band,
    reasons_summary,
    verdicts_by,
    verdicts_by_band,
    verdicts_by_rule,
)
from analytics.metrics.feedback.report import FeedbackReport, build_feedback_report, records
from analytics.metrics.feedback.rules import (
    DISAGREEMENT_COLUMNS,
    RULES_SHOWN,
    load_rule_points,
    rejected_high_score,
    rule_points,
    rule_points_schema,
    won_below_threshold,
)

__all__ = [
    "DEFAULT_REASONS",
    "DISAGREEMENT_COLUMNS",
    "HIGH_SCORE_BANDS",
    "RECYCLED_OUTCOMES",
    "RULES_SHOWN",
    "VERDICTS",
    "FeedbackReport",
    "build_feedback_report",
    "feedback_band_edges",
    "feedback_leads",
    "load_rule_points",
    "lost_reasons_by_score",
    "mqls_of",
    "owner_reject_outliers",
    "reason_list",
    "reasons_by_band",
    "reasons_summary",
    "records",
    "recycled_outcomes",
    "rejected_high_score",
    "rule_points",
    "rule_points_schema",
    "verdicts_by",
    "verdicts_by_band",
    "verdicts_by_rule",
    "won_below_threshold",
]
