"""The rule points at each lead's hand-off, kept beside the workspace and updated after an import.

:func:`~analytics.metrics.feedback.rules.load_rule_points` builds the feature matrix of
every lead cut at its own hand-off (seconds at 1M leads). :func:`cached_rule_points` keeps
the result in the workspace's sidecar (:mod:`analytics.scoring.derived`) per data version,
criteria and hand-off moments, and after an import builds it again only for the leads
whose rows changed or whose hand-off moved, the others read back.

Example:
    >>> from datetime import datetime
    >>> from analytics.criteria.document import default_criteria
    >>> leads = pl.DataFrame({"lead_id": ["L1"], "decision_at": [datetime(2025, 1, 1)]})
    >>> cached_rule_points(Workspace.open(":memory:"), default_criteria(), leads).height
    0
"""

from __future__ import annotations

import polars as pl

from analytics.criteria.document import Criteria
from analytics.metrics.feedback.rules import load_rule_points
from analytics.scoring.cache import import_marks
from analytics.scoring.decision_kept import over_cuts
from analytics.scoring.derived import derived_key, frame_digest, kept
from analytics.store.db import Workspace


def cached_rule_points(ws: Workspace, criteria: Criteria, leads: pl.DataFrame) -> pl.DataFrame:
    """:func:`~analytics.metrics.feedback.rules.load_rule_points`, kept; row order is not meaningful.

    Args:
        ws: the workspace.
        criteria: the criteria whose rules scored the leads.
        leads: the replay leads (``lead_id``, ``decision_at``).

    Returns:
        ``lead_id, rule, layer, points``.
    """
    cuts = leads.select(pl.col("lead_id").cast(pl.String), pl.col("decision_at").alias("cut"))
    tags = {"criteria": criteria.sha256}

    def build() -> tuple[dict[str, pl.DataFrame], dict]:
        marks = import_marks(ws)
        # the points kept for the same criteria, the leads whose rows changed since or
        # whose hand-off moved built again
        points = over_cuts(
            ws, "rule-points", "points", tags, marks, cuts,
            lambda part, wanted: load_rule_points(
                part, criteria, wanted.rename({"cut": "decision_at"})
            ),
        )  # fmt: skip
        if points is None:
            points = load_rule_points(ws, criteria, leads)
        return {"points": points, "cuts": cuts}, {"tags": {**tags, **marks}}

    key = derived_key(ws, criteria, "rule-points", frame_digest(cuts))
    return kept(ws, key, ("points",), build)[0]["points"]
