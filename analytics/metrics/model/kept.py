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

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
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
from analytics.scoring.derived import cached_value, derived_key, kept, kept_value, tagged_entries
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


def model_result_key(
    ws: Workspace,
    data: ModelData,
    *,
    split: date | None = None,
    include: Iterable[str] = (),
    exclude: Iterable[str] = (),
) -> ModelFit:
    """What a fit of ``data`` with these choices is kept as (the workspace is read here only).

    ``data`` must be the model data of the workspace's data and ``data.criteria``.
    """
    include, exclude = tuple(sorted(include)), tuple(sorted(exclude))
    assert data.criteria is not None, "model data of a workspace carry their criteria"
    parts = (data.outcome, split, include, exclude)
    choice = hashlib.sha256(
        json.dumps([data.criteria.sha256, *map(str, parts)]).encode()
    ).hexdigest()[:32]
    return ModelFit(
        key=derived_key(ws, data.criteria, "model-result", *parts),
        choice=choice,
        data_version=ws.data_version,
        split=split,
        include=include,
        exclude=exclude,
    )


@dataclass(frozen=True)
class ModelFit:
    """A model fit's sidecar key, and what it is a fit of (:func:`model_result_key`)."""

    key: str
    choice: str  # criteria, outcome, split and columns: the same for every data version
    data_version: int
    split: date | None
    include: tuple[str, ...]
    exclude: tuple[str, ...]


def cached_model_result(
    ws: Workspace,
    data: ModelData,
    *,
    split: date | None = None,
    include: Iterable[str] = (),
    exclude: Iterable[str] = (),
    fit: ModelFit | None = None,
) -> ModelResult:
    """:func:`~analytics.metrics.model.run.run_model` on :func:`cached_model_data`'s data, kept.

    ``data`` must be the model data of the workspace's data and ``data.criteria``.
    With ``fit`` (:func:`model_result_key`'s, made beforehand) the workspace's
    database is not read: only its sidecar folder, so another thread may call it.

    Raises:
        InputError: as :func:`~analytics.metrics.model.run.run_model` (nothing is kept).
    """
    if data.criteria is None:
        return run_model(data, split=split, include=include, exclude=exclude)
    if fit is None:
        fit = model_result_key(ws, data, split=split, include=include, exclude=exclude)
    return cached_value(
        ws,
        fit.key,
        KINDS,
        lambda: run_model(data, split=fit.split, include=fit.include, exclude=fit.exclude),
        tags={"choice": fit.choice, "data_version": fit.data_version},
    )


def kept_model_result(ws: Workspace, fit: ModelFit) -> ModelResult | None:
    """The fit kept under ``fit``'s key, or None (nothing is fitted)."""
    return kept_value(ws, fit.key, KINDS)


def previous_model_result(ws: Workspace, fit: ModelFit) -> tuple[ModelResult, int] | None:
    """The newest fit with the same choices on an earlier data version, and that version.

    What the model lab shows, marked as such, while it refits after an import
    (a fit takes seconds; the page must answer at once). None when there is none.

    Example:
        >>> from analytics.criteria import default_criteria
        >>> ws = Workspace.open(":memory:")
        >>> previous_model_result(ws, model_result_key(ws, cached_model_data(ws, default_criteria())))
    """
    earlier = [
        (int(tags["data_version"]), key)
        for key, tags in tagged_entries(ws, "model-result", choice=fit.choice)
        if isinstance(tags.get("data_version"), int) and tags["data_version"] < fit.data_version
    ]
    for version, key in sorted(earlier, reverse=True):
        found = kept_value(ws, key, KINDS)
        if found is not None:
            return found, version
    return None
