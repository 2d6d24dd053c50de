"""What pages derive from the data, kept beside the workspace like the replay.

The replay and the what-if sweep are kept in the workspace's sidecar cache
(:mod:`analytics.scoring.cache`); a new dashboard process, a new session or a command
then reads them back in a fraction of a second instead of recomputing them. This module
does the same for other results a page derives per data version and criteria (the
feature matrix here; the rule points at each hand-off and the model lab elsewhere),
through the cache's public :func:`~analytics.scoring.cache.store_frames` and
:func:`~analytics.scoring.cache.load_frames`:

- **key** (:func:`derived_key`): the kind of result, the replay's key (data version,
  table counts, criteria sha256, code version) and the result's own parameters;
- **what is kept**: polars frames (parquet) and a small JSON meta; nothing is pickled;
- a workspace in memory or a sidecar that cannot be written: the result is computed
  every time, as before.

Example:
    >>> from analytics.criteria import default_criteria
    >>> cached_features(Workspace.open(":memory:"), default_criteria()).frame.height
    0
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from datetime import datetime

import polars as pl

from analytics.criteria import Criteria
from analytics.scoring.cache import load_frames, replay_key, store_frames
from analytics.scoring.features import Features, build_features
from analytics.store.db import Workspace

# Bump when a kept result's layout or meaning changes for the same data and criteria.
DERIVED_VERSION = "1"

Kept = tuple[dict[str, pl.DataFrame], dict]


def derived_key(ws: Workspace, criteria: Criteria, kind: str, *parts: object) -> str:
    """The sidecar key of a result of ``kind`` derived from the data and ``criteria``.

    It changes with everything the replay's key changes with (data version, table
    counts, criteria sha256) and with ``parts`` (the result's own parameters).

    Example:
        >>> from analytics.criteria import default_criteria
        >>> ws = Workspace.open(":memory:")
        >>> derived_key(ws, default_criteria(), "features").startswith("features-")
        True
        >>> derived_key(ws, default_criteria(), "x", 1) == derived_key(ws, default_criteria(), "x", 2)
        False
    """
    text = json.dumps([DERIVED_VERSION, replay_key(ws, criteria, None), [str(p) for p in parts]])
    return f"{kind}-{hashlib.sha256(text.encode()).hexdigest()[:32]}"


def kept(ws: Workspace, key: str, names: tuple[str, ...], build: Callable[[], Kept]) -> Kept:
    """The frames and meta kept under ``key``; else ``build()``'s, kept for next time.

    Example:
        >>> ws = Workspace.open(":memory:")
        >>> kept(ws, "k", ("a",), lambda: ({"a": pl.DataFrame({"x": [1]})}, {}))[0]["a"].height
        1
    """
    found = load_frames(ws, key, names)
    if found is not None:
        return found
    frames, meta = build()
    store_frames(ws, key, frames, meta)
    return frames, meta


def cached_features(ws: Workspace, criteria: Criteria) -> Features:
    """:func:`~analytics.scoring.features.build_features` as of the data's end, kept.

    Example:
        >>> from analytics.criteria import default_criteria
        >>> cached_features(Workspace.open(":memory:"), default_criteria()).structure == (
        ...     default_criteria().structure)
        True
    """

    def build() -> Kept:
        features = build_features(ws, criteria)
        return {"frame": features.frame}, {"as_of": features.as_of.isoformat()}

    frames, meta = kept(ws, derived_key(ws, criteria, "features"), ("frame",), build)
    return Features(
        frame=frames["frame"],
        as_of=datetime.fromisoformat(meta["as_of"]),
        structure=criteria.structure,
    )
