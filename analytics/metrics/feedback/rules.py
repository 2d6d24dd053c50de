"""The rules that scored a lead at its hand-off, and the disagreement lists they explain."""

from __future__ import annotations

from datetime import date

import polars as pl

from analytics.criteria.document import Criteria
from analytics.metrics.feedback.leads import in_months
from analytics.scoring.decision_features import build_decision_features
from analytics.scoring.features import Features, eng_column, fit_column
from analytics.scoring.points import eng_points_expr, fit_points_expr
from analytics.store.db import Workspace

RULES_SHOWN = 5


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
    chosen = frame.filter(pl.col("won") & ~pl.col("is_mql") & in_months("won_month", first, last))
    return _with_rules(chosen.select(DISAGREEMENT_COLUMNS), points).sort(
        ["score", "lead_id"], descending=[True, False], nulls_last=True
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


def load_rule_points(ws: Workspace, criteria: Criteria, leads: pl.DataFrame) -> pl.DataFrame:
    """:func:`rule_points` with each lead seen at its own hand-off (point in time).

    The feature matrix is :func:`analytics.scoring.decision_features.build_decision_features`
    cut at each lead's ``decision_at`` (the replay's hand-off, else its as-of date): only
    behaviour before sales' first touch, decayed from it — the score sales saw, not today's.

    Args:
        ws: the workspace.
        criteria: the criteria whose rules scored the leads.
        leads: the replay leads (``lead_id``, ``decision_at``).

    Returns:
        ``lead_id, rule, layer, points``.

    Example:
        >>> from datetime import datetime
        >>> from analytics.criteria.document import default_criteria
        >>> leads = pl.DataFrame({"lead_id": ["L1"], "decision_at": [datetime(2025, 1, 1)]})
        >>> load_rule_points(Workspace.open(":memory:"), default_criteria(), leads).height
        0
    """
    cuts = leads.select("lead_id", pl.col("decision_at").alias("cut"))
    return rule_points(build_decision_features(ws, criteria, cuts), criteria)
