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
- **what is kept**: polars frames (parquet) and a small JSON meta; a whole result
  (:func:`cached_value`) as its frames plus JSON (:func:`encode`): only the dataclasses
  the caller names, frames, dates, numbers and text are read back; nothing is pickled;
- **bounded**: at most :data:`MAX_DERIVED` derived entries are kept (the least recently
  used are removed before a new one is written: room for the pages' entries of two data
  versions, the newer and the one it is built on), so that they never crowd the kept
  replays and sweeps out of the cache's own bound (``MAX_ENTRIES``). A derived entry is
  one named ``<kind>-<hash>`` other than the sweep's (``sweep-<hash>``); model fits
  have a bound of their own (:data:`MAX_MODEL_RESULTS`);
- **after an import**: per-lead frames (the feature matrix here, the rule points at
  each hand-off in :mod:`analytics.metrics.feedback.kept`) are tagged with the import
  marks they saw, and the next build starts from the newest such entry (:func:`bases`),
  building again only the leads with rows stamped since (in memory:
  :func:`~analytics.scoring.cache.rows_in_memory`), as the replay cache does;
- a workspace in memory or a sidecar that cannot be written: the result is computed
  every time, as before.

Example:
    >>> from analytics.criteria import default_criteria
    >>> cached_features(Workspace.open(":memory:"), default_criteria()).frame.height
    0
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
import shutil
from collections.abc import Callable
from datetime import date, datetime
from typing import Any, TypeVar

import numpy as np
import polars as pl

from analytics.criteria import Criteria
from analytics.scoring.cache import (
    CONTENT,
    MODEL_RESULT,
    builds_on,
    cache_dir,
    changed_leads,
    few_changed,
    import_marks,
    import_stamp,
    load_frames,
    replay_key,
    rows_in_memory,
    store_frames,
)
from analytics.scoring.cache_entries import overlay
from analytics.scoring.features import Features, build_features, data_end
from analytics.store.db import Workspace

# Bump when a kept result's layout or meaning changes for the same data and criteria.
DERIVED_VERSION = "1"

# Derived entries kept at most (the cache keeps MAX_ENTRIES entries in all), and of those
# model fits (small) apart from the others. The pages keep about 8 per data version: room
# for two, so that rebuilding them after an import never removes the entries of the
# version before, which the per-lead updates build on (at 8, the Sales feedback page
# found its rule points gone and rebuilt them all: 1.2 s against ~0.2 s at 100k leads).
MAX_DERIVED = 16
MAX_MODEL_RESULTS = 4
# Results kept by content (content_key) at most: a few choices of the Profile page.
MAX_CONTENT = 8
# The folder name of a derived entry (derived_key); replays are named by 32 hex digits alone.
_DERIVED_NAME = re.compile(r"[a-z][a-z-]*-[0-9a-f]{32}")

Kept = tuple[dict[str, pl.DataFrame], dict]
# The dataclasses a kept value may hold, by class name (nothing else is read back).
Kinds = dict[str, type]


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


def frame_digest(frame: pl.DataFrame) -> str:
    """sha256 of a frame's column names, types and values, row order included.

    For :func:`content_key`: a result computed from ``frame`` alone is the same whenever
    the digest is. Each row's two 64-bit polars hashes are digested (polars' hashes may change
    between its versions: :func:`content_key` includes the version).

    Example:
        >>> a = pl.DataFrame({"x": [1, None], "y": ["a", "b"]})
        >>> frame_digest(a) == frame_digest(a.clone()), frame_digest(a) == frame_digest(a.reverse())
        (True, False)
        >>> frame_digest(a) == frame_digest(a.with_columns(pl.col("x").cast(pl.Float64)))
        False
    """
    digest = hashlib.sha256(json.dumps([[c, str(t)] for c, t in frame.schema.items()]).encode())
    if frame.height and frame.width:
        for seed in (0, 1):  # two 64-bit hashes a row
            digest.update(frame.hash_rows(seed=seed).to_numpy().tobytes())
    return digest.hexdigest()


def content_key(kind: str, *parts: object) -> str:
    """The sidecar key of a result of ``kind`` that depends only on ``parts`` (a
    :func:`frame_digest` of its inputs and its own parameters), not on the data version.

    An import that leaves a result's inputs as they were (activities imported: the
    profile's attributes and outcomes are unchanged) then finds it kept.

    Example:
        >>> content_key("profile", "d1", 30) == content_key("profile", "d1", 30)
        True
        >>> content_key("profile", "d1", 30) == content_key("profile", "d2", 30)
        False
    """
    text = json.dumps([DERIVED_VERSION, pl.__version__, [str(p) for p in parts]])
    return f"{CONTENT}{kind}-{hashlib.sha256(text.encode()).hexdigest()[:32]}"


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
    _store(ws, key, frames, meta)
    return frames, meta


def cached_features(ws: Workspace, criteria: Criteria) -> Features:
    """:func:`~analytics.scoring.features.build_features` as of the data's end, kept.

    After an import, the matrix kept for the same criteria and data end is updated
    for the leads whose rows changed (:func:`_features_over`) instead of built again.

    Example:
        >>> from analytics.criteria import default_criteria
        >>> cached_features(Workspace.open(":memory:"), default_criteria()).structure == (
        ...     default_criteria().structure)
        True
    """

    def build() -> Kept:
        as_of = data_end(ws).replace(microsecond=0)
        marks = import_marks(ws)
        tags = {"criteria": criteria.sha256, "as_of": as_of.isoformat()}
        features = _features_over(ws, criteria, as_of, marks, tags)
        if features is None:
            features = build_features(ws, criteria, as_of=as_of)
        return {"frame": features.frame}, {"as_of": as_of.isoformat(), "tags": {**tags, **marks}}

    frames, meta = kept(ws, derived_key(ws, criteria, "features"), ("frame",), build)
    return Features(
        frame=frames["frame"],
        as_of=datetime.fromisoformat(meta["as_of"]),
        structure=criteria.structure,
    )


def _features_over(
    ws: Workspace, criteria: Criteria, as_of: datetime, marks: dict[str, int | str], tags: dict
) -> Features | None:
    """The matrix kept for the same criteria and data end, with the changed leads' rows built
    again (from their leads and activities rows alone); None when there is none to build on.

    As the replay cache's incremental step (:mod:`analytics.scoring.cache`): a kept matrix
    that saw no newer import than now and the same rows written without an import; the
    leads with a row stamped since its newest import are built again, unless they are more
    than a fifth of all.
    """
    found = latest_base(ws, "features", tags, marks, ("frame",))
    if found is None:
        return None
    since, frames = found
    base = frames["frame"]
    changed = changed_leads(ws, since).unique().sort()
    if not few_changed(changed.len(), base.height) or not base.get_column("lead_id").is_sorted():
        return None
    with rows_in_memory(ws, changed, ("leads", "activities")) as part:
        rows = build_features(part, criteria, as_of=as_of).frame
    return Features(overlay(base, changed, rows), as_of, criteria.structure)


def latest_base(
    ws: Workspace, kind: str, tags: dict, marks: dict[str, int | str], names: tuple[str, ...]
) -> tuple[int, dict[str, pl.DataFrame]] | None:
    """The newest kept entry of ``kind`` an update can build on (:func:`bases`) that reads
    back: the import it saw and its frames ``names``; None when there is none.

    Example:
        >>> latest_base(Workspace.open(":memory:"), "features", {}, {"import_id": 0}, ("frame",))
    """
    for since, key in bases(ws, kind, tags, marks):
        loaded = load_frames(ws, key, names)
        if loaded is not None:
            return since, loaded[0]
    return None


def bases(
    ws: Workspace, kind: str, tags: dict, marks: dict[str, int | str]
) -> list[tuple[int, str]]:
    """The kept entries of ``kind`` with ``tags`` an import-stamped update can build on.

    As the replay cache's (:mod:`analytics.scoring.cache`): an entry tagged with its
    :func:`~analytics.scoring.cache.import_marks` that saw no newer import than
    ``marks`` and the same rows written without an import. Newest import first, as
    ``(import_id, key)``.

    Example:
        >>> bases(Workspace.open(":memory:"), "features", {}, {"import_id": 0})
        []
    """
    found = [
        (int(kept_tags["import_id"]), key)
        for key, kept_tags in tagged_entries(ws, kind, **tags)
        if builds_on(kept_tags, marks, lambda seen: import_stamp(ws, seen))
    ]
    return sorted(found, reverse=True)


T = TypeVar("T")


def cached_value(
    ws: Workspace,
    key: str,
    kinds: Kinds,
    build: Callable[[], T],
    *,
    tags: dict[str, object] | None = None,
) -> T:
    """The value kept under ``key`` (as :func:`encode` wrote it); else ``build()``'s, kept.

    A value :func:`encode` refuses is returned and not kept. ``tags`` (JSON-able) are
    kept in the entry's meta beside it, for :func:`tagged_entries` to find.

    Example:
        >>> cached_value(Workspace.open(":memory:"), "k", {}, lambda: (1, date(2025, 1, 2)))
        (1, datetime.date(2025, 1, 2))
    """
    found = kept_value(ws, key, kinds)
    if found is not None:
        return found  # (a damaged or older entry reads as None: built again)
    value = build()
    frames: dict[str, pl.DataFrame] = {}
    try:
        text = json.dumps(encode(value, frames, kinds))
    except TypeError:
        return value
    _store(ws, key, frames, {"frames": list(frames), "value": text, "tags": tags or {}})
    return value


def kept_value(ws: Workspace, key: str, kinds: Kinds) -> Any | None:
    """The value :func:`cached_value` kept under ``key``; None when there is none (nothing is built).

    Example:
        >>> kept_value(Workspace.open(":memory:"), "k", {}) is None
        True
    """
    found = load_frames(ws, key, ())
    if found is None:
        return None
    try:
        names = tuple(found[1]["frames"])
        loaded = load_frames(ws, key, names) if names else found
        return None if loaded is None else decode(json.loads(found[1]["value"]), loaded[0], kinds)
    except (KeyError, TypeError, ValueError):
        return None


def tagged_entries(ws: Workspace, kind: str, **tags: object) -> list[tuple[str, dict]]:
    """The keys and tags of the kept values of ``kind`` whose tags include ``tags``.

    Only each entry's small ``meta.json`` is read.

    Example:
        >>> tagged_entries(Workspace.open(":memory:"), "model-result", choice="x")
        []
    """
    root = cache_dir(ws)
    if root is None or not root.is_dir():
        return []
    found = []
    for entry in root.glob(f"{kind}-*"):
        if not _DERIVED_NAME.fullmatch(entry.name):
            continue
        try:
            meta = json.loads((entry / "meta.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        kept_tags = meta.get("tags") if isinstance(meta, dict) else None
        if isinstance(kept_tags, dict) and all(kept_tags.get(k) == v for k, v in tags.items()):
            found.append((entry.name, kept_tags))
    return found


def _store(ws: Workspace, key: str, frames: dict[str, pl.DataFrame], meta: dict) -> None:
    """:func:`~analytics.scoring.cache.store_frames`, after making room.

    Model fits (``model-result-…``, a few kilobytes each) are bounded by
    :data:`MAX_MODEL_RESULTS` and results kept by content (``content-…``) by
    :data:`MAX_CONTENT`, apart from the other derived entries (:data:`MAX_DERIVED`), so
    that the entries the pages and the imports rebuild per data version never push out the
    fit the model lab shows while it refits
    (:func:`analytics.metrics.model.kept.previous_model_result`) or a result an import of
    activities left valid (the Profile page's proposal).
    """
    root = cache_dir(ws)
    if root is not None and root.is_dir():
        group = _group(key)
        try:
            derived = [
                p
                for p in root.iterdir()
                if p.is_dir()
                and _DERIVED_NAME.fullmatch(p.name)
                and not p.name.startswith("sweep-")
                and _group(p.name) == group
            ]
            derived.sort(key=lambda p: p.stat().st_mtime, reverse=True)
            bound = {MODEL_RESULT: MAX_MODEL_RESULTS, CONTENT: MAX_CONTENT}.get(group, MAX_DERIVED)
            for old in derived[bound - 1 :]:
                shutil.rmtree(old, ignore_errors=True)
        except OSError:
            pass  # another process pruned first: nothing to make room for
    store_frames(ws, key, frames, meta)


def _group(name: str) -> str:
    """Which bound an entry counts against: the model fits, results kept by content, or
    the other derived entries ("")."""
    return next((p for p in (MODEL_RESULT, CONTENT) if name.startswith(p)), "")


def encode(value: Any, frames: dict[str, pl.DataFrame], kinds: Kinds) -> Any:
    """``value`` as JSON-able data; its frames go into ``frames`` (named ``f0``, ``f1``, …).

    Dataclasses are kept only when ``kinds`` names their class (by its name).

    Raises:
        TypeError: a value of a type :func:`decode` would not read back.

    Example:
        >>> frames = {}
        >>> encode((1, date(2025, 1, 1), pl.DataFrame({"a": [1]})), frames, {})
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
        items = [encode(v, frames, kinds) for v in value]
        return {"tuple": items} if isinstance(value, tuple) else items
    if isinstance(value, dict):
        return {
            "dict": [[encode(k, frames, kinds), encode(v, frames, kinds)] for k, v in value.items()]
        }
    kind = type(value).__name__
    if dataclasses.is_dataclass(value) and kinds.get(kind) is type(value):
        fields = {
            f.name: encode(getattr(value, f.name), frames, kinds) for f in dataclasses.fields(value)
        }
        return {"kind": kind, "fields": fields}
    raise TypeError(f"cannot keep a {type(value).__name__}")


def decode(data: Any, frames: dict[str, pl.DataFrame], kinds: Kinds) -> Any:
    """The value :func:`encode` turned into ``data`` (with its ``frames``).

    Example:
        >>> frames = {}
        >>> decode(encode({"a": (1.5, None)}, frames, {}), frames, {})
        {'a': (1.5, None)}
    """
    if isinstance(data, list):
        return [decode(v, frames, kinds) for v in data]
    if not isinstance(data, dict):
        return data
    if "tuple" in data:
        return tuple(decode(v, frames, kinds) for v in data["tuple"])
    if "dict" in data:
        return {decode(k, frames, kinds): decode(v, frames, kinds) for k, v in data["dict"]}
    if "frame" in data:
        return frames[data["frame"]]
    if "datetime" in data:
        return datetime.fromisoformat(data["datetime"])
    if "date" in data:
        return date.fromisoformat(data["date"])
    fields = {name: decode(v, frames, kinds) for name, v in data["fields"].items()}
    return kinds[data["kind"]](**fields)
