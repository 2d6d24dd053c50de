"""The model lab's data and results, kept beside the workspace per data version and criteria.

Fitting the models takes seconds to tens of seconds at 100k leads; the same fit for the
same data, criteria and choices (outcome, split, columns included or excluded) is read
back from the workspace's sidecar cache (:mod:`analytics.scoring.derived`) by a new
dashboard process or session instead.

A result is kept as parquet frames and JSON (:func:`analytics.scoring.derived.cached_value`),
never pickled: only the result's own dataclasses and the criteria's (:data:`KINDS`),
frames, dates, numbers and text are read back.

Example:
    >>> from analytics.criteria import default_criteria
    >>> from analytics.store.db import Workspace
    >>> cached_model_data(Workspace.open(":memory:"), default_criteria()).frame.height
    0
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

import polars as pl

from analytics.criteria import Criteria, SqlRule
from analytics.criteria.document import Band, EngagementRule, FitRule, Sla
from analytics.metrics.evaluation import AucComparison, AucResult
from analytics.metrics.model.data import ModelData, prepare_workspace
from analytics.metrics.model.fitting import LogisticFit
from analytics.metrics.model.results import Evaluation, ModelResult
from analytics.metrics.model.run import run_model
from analytics.metrics.model.validation import Validation
from analytics.scoring.derived import cached_value, derived_key, kept
from analytics.scoring.features import eng_column
from analytics.scoring.replay import Replay
from analytics.store.db import Workspace

# The dataclasses a kept result may hold (read back by name, nothing else is).
KINDS: dict[str, type] = {
    cls.__name__: cls
    for cls in (
        *(ModelResult, Evaluation, Validation, LogisticFit, AucResult, AucComparison),
        *(Criteria, FitRule, Band, EngagementRule, Sla, SqlRule),  # the scorecard's criteria
    )
}


def cached_model_data(
    ws: Workspace, criteria: Criteria, *, outcome: str = "won", replayed: Replay | None = None
) -> ModelData:
    """:func:`~analytics.metrics.model.data.prepare_workspace`, kept per data and criteria.

    Example:
        >>> from analytics.criteria import default_criteria
        >>> cached_model_data(Workspace.open(":memory:"), default_criteria()).outcome
        'won'
    """

    def build() -> tuple[dict[str, pl.DataFrame], dict]:
        data = prepare_workspace(ws, criteria, outcome=outcome, replayed=replayed)
        meta = {
            "attributes": list(data.attributes),
            "as_of": data.as_of.isoformat() if data.as_of else None,
            "immature": data.immature,
            "maturity_days": data.maturity_days,
        }
        return {"frame": data.frame}, meta

    key = derived_key(ws, criteria, "model-data", outcome)
    frames, meta = kept(ws, key, ("frame",), build)
    return ModelData(
        frame=frames["frame"],
        outcome=outcome,
        attributes=tuple(meta["attributes"]),
        behaviours={eng_column(r): r for r in criteria.engagement_rules},
        criteria=criteria,
        as_of=datetime.fromisoformat(meta["as_of"]) if meta["as_of"] else None,
        immature=int(meta["immature"]),
        maturity_days=meta["maturity_days"],
    )


def cached_model_result(
    ws: Workspace,
    data: ModelData,
    *,
    split: date | None = None,
    include: Iterable[str] = (),
    exclude: Iterable[str] = (),
) -> ModelResult:
    """:func:`~analytics.metrics.model.run.run_model` on :func:`cached_model_data`'s data, kept.

    ``data`` must be the model data of the workspace's data and ``data.criteria``.

    Raises:
        InputError: as :func:`~analytics.metrics.model.run.run_model` (nothing is kept).
    """
    include, exclude = tuple(sorted(include)), tuple(sorted(exclude))
    if data.criteria is None:
        return run_model(data, split=split, include=include, exclude=exclude)
    key = derived_key(ws, data.criteria, "model-result", data.outcome, split, include, exclude)
    return cached_value(
        ws, key, KINDS, lambda: run_model(data, split=split, include=include, exclude=exclude)
    )
