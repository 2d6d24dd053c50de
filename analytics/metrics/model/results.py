"""What the model lab shows: each score judged on the holdout, and the whole result.

:class:`Evaluation` (AUC with its interval, Brier, gains, calibration and
:func:`madkudu_check`) per score; :class:`ModelResult` gathers them with the
validation, the leak guard's findings, the logistic fit and its scorecard, and
gives the ``model --format json`` form.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import polars as pl

from analytics.criteria import Criteria
from analytics.metrics.evaluation import AucComparison, AucResult, captured_at, segment_rates
from analytics.metrics.model.data import FLAGGED_SHARE, MODEL_NAMES
from analytics.metrics.model.fitting import LogisticFit
from analytics.metrics.model.validation import Validation


@dataclass(frozen=True)
class Evaluation:
    """One score judged on the holdout."""

    name: str
    auc: AucResult
    brier: float | None
    gains: pl.DataFrame
    calibration: pl.DataFrame | None
    check: dict[str, Any]


@dataclass(frozen=True)
class ModelResult:
    """Everything the model lab shows (see the module docstring)."""

    outcome: str
    validation: Validation
    train: dict[str, int]
    test: dict[str, int]
    evaluations: tuple[
        Evaluation, ...
    ]  # the two models, then the rules (when there is a rules score)
    comparisons: dict[str, AucComparison]  # model name -> model vs rules
    screened: pl.DataFrame
    flagged: list[dict[str, Any]]
    columns: tuple[str, ...]
    logistic: LogisticFit
    scorecard: pl.DataFrame  # rule, value, points, kind, source
    scorecard_auc: float
    logistic_auc: float
    criteria: Criteria | None
    base_rate: float
    rule_labels: dict[str, str] = field(default_factory=dict)  # behaviour rule -> its label

    @property
    def rounding_loss(self) -> float:
        """AUC of the logistic model minus that of its rounded scorecard (on the holdout)."""
        return self.logistic_auc - self.scorecard_auc

    def evaluation(self, name: str) -> Evaluation | None:
        """The evaluation called ``name`` (a model name or ``rules``)."""
        return next((e for e in self.evaluations if e.name == name), None)

    def to_json(self) -> dict[str, Any]:
        """``model --format json``: the issue's keys; accuracy figures are null below the floor."""
        enough = self.validation.enough

        def number(value: float | None) -> float | None:
            if value is None or not enough or math.isnan(value):
                return None
            return round(float(value), 4)

        rules = self.evaluation("rules")
        return {
            "outcome": self.outcome,
            "validation": self.validation.to_dict(),
            "train": self.train,
            "test": self.test,
            "models": [
                {
                    "name": e.name,
                    "auc": number(e.auc.auc),
                    "auc_ci_low": number(e.auc.ci_low),
                    "auc_ci_high": number(e.auc.ci_high),
                    "brier": number(e.brier),
                    "gains": [
                        {"share": round(s, 2), "captured": number(c)}
                        for s, c in e.gains.select("share", "captured").iter_rows()
                    ]
                    if enough
                    else [],
                }
                for e in self.evaluations
                if e.name in MODEL_NAMES
            ],
            "rules_auc": number(rules.auc.auc) if rules else None,
            "flagged": self.flagged,
            "scorecard": [
                {"rule": r, "value": v, "points": p}
                for r, v, p in self.scorecard.select("rule", "value", "points").iter_rows()
            ],
        }


def madkudu_check(
    y: np.ndarray, score: np.ndarray, *, share: float = FLAGGED_SHARE
) -> dict[str, Any]:
    """MadKudu's rule of thumb on the top ``share`` of leads by score.

    A good model flags 15–35% of leads capturing ≥ 60% of conversions, and its top
    segment converts ≥ 10× its low one (here: top vs bottom quarter).

    Example:
        >>> y = np.array([1] * 6 + [0] * 14 + [0] * 20)
        >>> c = madkudu_check(y, np.arange(40)[::-1].astype(float))
        >>> c["captured"], c["passes_capture"], c["passes_ratio"]
        (1.0, True, True)
    """
    captured = float(captured_at(y, score, np.array([share]))[0])
    top, bottom = segment_rates(y, score, top=share, bottom=share)
    ratio = math.inf if bottom == 0 and top > 0 else (top / bottom if bottom else math.nan)
    return {
        "share_flagged": share,
        "captured": captured,
        "top_rate": top,
        "bottom_rate": bottom,
        "ratio": ratio,
        "passes_capture": captured >= 0.6,
        "passes_ratio": bool(ratio >= 10),
    }
