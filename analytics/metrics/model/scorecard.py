"""Model → points: the logistic coefficients as a rounded scorecard, and the scorecard as criteria.

:func:`scorecard` turns coefficients into points
(:data:`~analytics.metrics.model.data.POINTS_TO_DOUBLE` points double the odds, rounded
by :func:`round_points`); :func:`scorecard_criteria` makes them a
:class:`~analytics.criteria.Criteria` that :func:`scorecard_scores` scores like any
criteria and :func:`save_scorecard` stores as a draft.
"""

from __future__ import annotations

import dataclasses
import math
from datetime import datetime
from typing import Any

import numpy as np
import polars as pl

from analytics.criteria import Band, Criteria, EngagementRule, FitRule, save_draft
from analytics.errors import InputError
from analytics.metrics.model.coding import Coding, Design, band_labels
from analytics.metrics.model.data import (
    NONE_LEVEL,
    OTHER_LEVEL,
    PER_OCCURRENCE,
    POINTS_TO_DOUBLE,
    ROUND_TO,
)
from analytics.metrics.model.fitting import LogisticFit
from analytics.metrics.model.results import ModelResult
from analytics.metrics.model.validation import Validation
from analytics.scoring.features import Features, eng_column, fit_index_expr
from analytics.scoring.points import score_features
from analytics.store.db import Workspace


def round_points(value: float | np.ndarray, step: float = ROUND_TO) -> Any:
    """Round to the nearest multiple of ``step`` (halves away from zero; never ``-0``).

    Example:
        >>> round_points(12.4), round_points(12.5), round_points(-2.5), round_points(-2.4)
        (10.0, 15.0, -5.0, 0.0)
    """
    scaled = np.asarray(value, dtype=np.float64) / step
    out = np.sign(scaled) * np.floor(np.abs(scaled) + 0.5) * step + 0.0
    return float(out) if np.ndim(out) == 0 else out


def scorecard(
    logistic: LogisticFit, design: Design, *, pdo: float = POINTS_TO_DOUBLE
) -> pl.DataFrame:
    """Points per attribute level and per behaviour occurrence from the logistic coefficients.

    Each coefficient × ``pdo / ln 2``; per attribute the levels are shifted so the
    lowest gets 0 (the reference level's coefficient is 0); rounded to
    :data:`ROUND_TO`. Behaviours keep their sign (points per occurrence).

    Returns:
        ``rule, value, points, exact, kind (fit|engagement), source``.

    Example:
        >>> d = Design((Coding("i", "values", ("a", "b"), "a", "a"),), (("eng:w", 2.0),))
        >>> fit = LogisticFit(-3.0, pl.DataFrame({"term": ["i=b", "eng:w"], "source": ["i", "eng:w"],
        ...     "level": ["b", "per occurrence"], "coef": [-0.7, 0.35]}), False, None, "plain")
        >>> scorecard(fit, d).select("rule", "value", "points").rows()
        [('i', 'a', 20.0), ('i', 'b', 0.0), ('w', 'per occurrence', 10.0)]
    """
    factor = pdo / math.log(2.0)
    coefs = dict(zip(logistic.coefficients["term"], logistic.coefficients["coef"], strict=True))
    rows = []
    for coding in design.codings:
        exact = {
            level: 0.0
            if level == coding.reference
            else coefs.get(f"{coding.column}={level}", 0.0) * factor
            for level in coding.levels
        }
        low = min(exact.values())
        rows += [
            (coding.column, level, float(round_points(v - low)), v - low, "fit", coding.column)
            for level, v in exact.items()
        ]
    for column, _ in design.behaviours:
        exact_points = coefs.get(column, 0.0) * factor
        rows.append(
            (
                column.removeprefix("eng:"),
                PER_OCCURRENCE,
                float(round_points(exact_points)),
                exact_points,
                "engagement",
                column,
            )
        )
    return pl.DataFrame(
        rows,
        schema={
            "rule": pl.String,
            "value": pl.String,
            "points": pl.Float64,
            "exact": pl.Float64,
            "kind": pl.String,
            "source": pl.String,
        },
        orient="row",
    )


def _fit_rule(coding: Coding, points: dict[str, float]) -> FitRule:
    name = f"model_{coding.column}"
    missing = points.get(NONE_LEVEL, points[coding.fallback])
    if coding.kind == "bands":
        bounds = [None, *coding.edges, None]
        labels = band_labels(coding.edges)
        bands = tuple(
            Band(bounds[i], bounds[i + 1], points[labels[i]], labels[i]) for i in range(len(labels))
        )
        return FitRule(
            name,
            coding.column,
            "bands",
            bands=bands,
            default=points[coding.reference],
            missing=missing,
        )
    values = tuple(
        (level, points[level]) for level in coding.levels if level not in (NONE_LEVEL, OTHER_LEVEL)
    )
    return FitRule(
        name,
        coding.column,
        "values",
        values=values,
        default=points[coding.fallback],
        missing=missing,
    )


def scorecard_criteria(
    card: pl.DataFrame,
    design: Design,
    base: Criteria | None,
    *,
    train: pl.DataFrame | None = None,
    validation: Validation | None = None,
    name: str = "model_scorecard",
) -> Criteria:
    """The scorecard as criteria: fit rules from attribute points, engagement rules from behaviour points.

    Engagement rules keep the base criteria's activity filters, window and decay
    (with the new points per occurrence and a cap of points × the capped
    occurrences); rules with 0 points are left out. ``floor`` is the lowest possible
    total (so negative points are never clipped), no ceiling, and the MQL
    threshold is the score that flags the same share of training leads as the base
    criteria's MQLs did (rounded to :data:`ROUND_TO`; else the median score). SQL
    rule and SLA come from the base criteria.

    Example:
        >>> d = Design((Coding("i", "values", ("a", "b"), "a", "a"),), ())
        >>> card = pl.DataFrame({"rule": ["i", "i"], "value": ["a", "b"], "points": [20.0, 0.0],
        ...     "kind": ["fit", "fit"], "source": ["i", "i"]})
        >>> c = scorecard_criteria(card, d, None)
        >>> c.fit_rules[0].values, c.fit_rules[0].default
        ((('a', 20.0), ('b', 0.0)), 20.0)
    """
    fits = []
    for coding in design.codings:
        rows = card.filter((pl.col("kind") == "fit") & (pl.col("source") == coding.column))
        fits.append(_fit_rule(coding, dict(zip(rows["value"], rows["points"], strict=True))))
    engagements = []
    for column, cap in design.behaviours:
        points = card.filter((pl.col("kind") == "engagement") & (pl.col("source") == column))[
            "points"
        ]
        value = float(points[0]) if points.len() else 0.0
        rule = base_rule(base, column)
        if value == 0.0 or rule is None:
            continue
        engagements.append(dataclasses.replace(rule, points=value, cap=abs(value) * cap))
    floor = min(0.0, sum(-(r.cap or 0.0) for r in engagements if r.points < 0))
    draft = Criteria(
        name=name,
        fit_rules=tuple(fits),
        engagement_rules=tuple(engagements),
        floor=floor,
        threshold=100.0,
        sql_rule=base.sql_rule if base else Criteria().sql_rule,
        sla=dataclasses.replace(base.sla, min_score=None) if base else Criteria().sla,
        description=_description(validation),
    )
    threshold = 100.0
    if train is not None and train.height:
        scores = scorecard_scores(train, design, draft)
        share = (
            float(train["is_mql"].cast(pl.Float64).mean() or 0.0)
            if "is_mql" in train.columns and train["is_mql"].null_count() < train.height
            else 0.0
        )
        share = share if 0 < share < 1 else 0.5
        threshold = max(ROUND_TO, float(round_points(np.quantile(scores, 1 - share))))
    return dataclasses.replace(
        draft, threshold=threshold, sla=dataclasses.replace(draft.sla, min_score=None)
    )


def base_rule(base: Criteria | None, column: str) -> EngagementRule | None:
    """The base criteria's engagement rule behind behaviour column ``eng:<rule>``."""
    if base is None:
        return None
    return next((r for r in base.engagement_rules if eng_column(r) == column), None)


def _description(validation: Validation | None) -> str:
    how = "" if validation is None else f" Validation: {validation.text}."
    return (
        f"Scorecard from the logistic model: points per attribute value and behaviour "
        f"({POINTS_TO_DOUBLE:g} points double the odds), rounded to {ROUND_TO:g}.{how}"
    )


def scorecard_scores(frame: pl.DataFrame, design: Design, criteria: Criteria) -> np.ndarray:
    """Score leads with the scorecard criteria, exactly as the scoring of any criteria does.

    The fit rules read the lead attributes (:func:`fit_index_expr`); the
    engagement rules read the decision-point counts (``eng:<rule>``).
    """
    eng = [eng_column(r) for r in criteria.engagement_rules]
    features = frame.select(
        "lead_id",
        *[fit_index_expr(r) for r in criteria.fit_rules],
        *[pl.col(c).cast(pl.Float64).fill_null(0.0) for c in eng],
    )
    scored = score_features(Features(features, datetime(1970, 1, 1), criteria.structure), criteria)
    return scored["total"].to_numpy()


def save_scorecard(ws: Workspace, result: ModelResult, *, created_by: str) -> int:
    """Store the scorecard criteria as a new draft version (for the agreement workflow).

    Raises:
        InputError: the result has no scorecard criteria.
    """
    if result.criteria is None:
        raise InputError.make("model.err_no_scorecard")
    return save_draft(ws, result.criteria, created_by=created_by)
