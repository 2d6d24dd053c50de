"""The model lab's data and results, kept beside the workspace per data version and criteria.

Fitting the models takes seconds to tens of seconds at 100k leads; the same fit for the
same data, criteria and choices (outcome, split, columns included or excluded) is read
back from the workspace's sidecar cache (:mod:`analytics.scoring.derived`) by a new
dashboard process or session instead.

A result is kept as parquet frames and JSON (:func:`encode` / :func:`decode`), never
pickled: only the result's own dataclasses and the criteria's (:data:`KINDS`), frames,
dates, numbers and text are read back. A result that holds anything else is not
kept (computed every time).

Example:
    >>> from analytics.criteria import default_criteria
    >>> from analytics.store.db import Workspace
    >>> cached_model_data(Workspace.open(":memory:"), default_criteria()).frame.height
    0
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

import numpy as np
import polars as pl

from analytics.criteria import Criteria, SqlRule
from analytics.criteria.document import Band, EngagementRule, FitRule, Sla
from analytics.metrics.evaluation import AucComparison, AucResult
from analytics.metrics.model.data import ModelData, prepare_workspace
from analytics.metrics.model.fitting import LogisticFit
from analytics.metrics.model.results import Evaluation, ModelResult
from analytics.metrics.model.run import run_model
from analytics.metrics.model.validation import Validation
from analytics.scoring.cache import load_frames, store_frames
from analytics.scoring.derived import derived_key, kept
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


def encode(value: Any, frames: dict[str, pl.DataFrame]) -> Any:
    """``value`` as JSON-able data; its frames go into ``frames`` (named ``f0``, ``f1``, …).

    Raises:
        TypeError: a value of a type :func:`decode` would not read back.

    Example:
        >>> frames = {}
        >>> encode((1, date(2025, 1, 1), pl.DataFrame({"a": [1]})), frames)
        {'tuple': [1, {'date': '2025-01-01'}, {'frame': 'f0'}]}
    """
    if value is None or isinstance(value, bool | str):
        return value
    if isinstance(value, np.bool_):
        return bool(value)
    if isinstance(value, int | np.integer):
        return int(value)
    if isinstance(value, float | np.floating):
        return float(value)
    if isinstance(value, datetime):
        return {"datetime": value.isoformat()}
    if isinstance(value, date):
        return {"date": value.isoformat()}
    if isinstance(value, pl.DataFrame):
        name = f"f{len(frames)}"
        frames[name] = value
        return {"frame": name}
    if isinstance(value, tuple | list):
        items = [encode(v, frames) for v in value]
        return {"tuple": items} if isinstance(value, tuple) else items
    if isinstance(value, dict):
        return {"dict": [[encode(k, frames), encode(v, frames)] for k, v in value.items()]}
    kind = type(value).__name__
    if dataclasses.is_dataclass(value) and KINDS.get(kind) is type(value):
        fields = {f.name: encode(getattr(value, f.name), frames) for f in dataclasses.fields(value)}
        return {"kind": kind, "fields": fields}
    raise TypeError(f"cannot keep a {type(value).__name__}")


def decode(data: Any, frames: dict[str, pl.DataFrame]) -> Any:
    """The value :func:`encode` turned into ``data`` (with its ``frames``).

    Example:
        >>> frames = {}
        >>> decode(encode({"a": (1.5, None)}, frames), frames)
        {'a': (1.5, None)}
    """
    if isinstance(data, list):
        return [decode(v, frames) for v in data]
    if not isinstance(data, dict):
        return data
    if "tuple" in data:
        return tuple(decode(v, frames) for v in data["tuple"])
    if "dict" in data:
        return {decode(k, frames): decode(v, frames) for k, v in data["dict"]}
    if "frame" in data:
        return frames[data["frame"]]
    if "datetime" in data:
        return datetime.fromisoformat(data["datetime"])
    if "date" in data:
        return date.fromisoformat(data["date"])
    fields = {name: decode(v, frames) for name, v in data["fields"].items()}
    return KINDS[data["kind"]](**fields)


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
    found = _read_result(ws, key)
    if found is not None:
        return found
    result = run_model(data, split=split, include=include, exclude=exclude)
    try:
        frames: dict[str, pl.DataFrame] = {}
        text = json.dumps(encode(result, frames))
    except TypeError:
        return result  # holds something that is not kept: computed every time
    store_frames(ws, key, frames, {"frames": list(frames), "result": text})
    return result


def _read_result(ws: Workspace, key: str) -> ModelResult | None:
    """The result kept under ``key``; None when there is none (or it cannot be read back)."""
    found = load_frames(ws, key, ())
    if found is None:
        return None
    try:
        names = tuple(found[1]["frames"])
        loaded = load_frames(ws, key, names) if names else found
        if loaded is None:
            return None
        result = decode(json.loads(found[1]["result"]), loaded[0])
    except (KeyError, TypeError, ValueError):
        return None  # a damaged or older entry: fit again
    return result if isinstance(result, ModelResult) else None
