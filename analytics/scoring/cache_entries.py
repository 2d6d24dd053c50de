"""The replay cache's entries on disk: whole ones, deltas over another entry, and a memo.

An entry is a folder of the sidecar (:mod:`analytics.scoring.cache`) holding ``meta.json``
and either

- **whole**: ``leads.parquet`` and ``path.parquet``, the replay's two frames; or
- **delta**: ``delta-leads.parquet``, ``delta-path.parquet`` and ``delta-ids.parquet``:
  the rows of the leads replayed again (``ids``) over another entry, named in the meta
  by folder (``base``) and by the ``entry_id`` it had (``base_id``). Reading one reads
  its base, drops the base's rows of ``ids`` and puts the delta's in (both in
  ``lead_id`` order: see :func:`overlay`). An incremental step so writes the rows of the
  leads it replayed, not the whole replay again; after :data:`MAX_CHAIN` deltas on one
  whole entry the next step writes a whole one (compaction). A delta's files are named
  apart from a whole entry's so that a reader that knows only whole entries misses.

A delta whose base is gone, damaged or another entry than it was written on is a miss
(None), never a wrong answer. Every entry has an ``entry_id`` (random, fresh per
write); the replay last written or read in this process is kept in memory (one, by
folder and ``entry_id``), so the next step on it (an incremental replay, a hit) does not
read it back. Frames handed out are clones (polars shares the buffers; a caller's
in-place edit cannot reach the memo).

**Writing in the background** (:func:`write_in_background`, switched on by the command
line; not by the dashboard's server, see ``serve.main``): a whole entry is kept in
memory at once and written by a thread of its own, so the replay's answer does not wait
for its files (~0.7 s at 1M leads). Until its files are on disk the entry is *pending*:
:func:`read_meta` and :func:`exists` see it, a reader that no longer has it in memory
waits for its files, and whoever looks for entries on disk calls :func:`settle` first.
Deltas are always written at once (they are small, and the entry they build on must be
on disk).

Example:
    >>> base = pl.DataFrame({"lead_id": ["a", "b", "b", "c"], "v": [1, 2, 3, 4]})
    >>> delta = pl.DataFrame({"lead_id": ["b", "d"], "v": [9, 8]})
    >>> overlay(base, pl.Series(["b", "d"]), delta).rows()
    [('a', 1), ('b', 9), ('c', 4), ('d', 8)]
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import threading
import uuid
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import datetime
from pathlib import Path

import numpy as np
import polars as pl

from analytics.scoring.replay import Replay

# Deltas on one whole entry before the next incremental step writes a whole one.
MAX_CHAIN = 6
FRAMES: tuple[str, ...] = ("leads", "path")
_READ_ERRORS = (OSError, ValueError, KeyError, TypeError, pl.exceptions.PolarsError)

_memo_lock = threading.Lock()
_memo: dict[str, tuple[str, Replay]] = {}
# whole entries still being written by the writer thread: folder -> (meta, its write)
_pending: dict[str, tuple[dict, Future]] = {}
_writer: ThreadPoolExecutor | None = None
_background = False


def write_in_background(on: bool = True) -> None:
    """Whether :func:`write_entry` writes whole entries in a thread of their own (see
    the module docstring); off by default (a library call returns with its entry on disk),
    on in the command line (:func:`analytics.cli.main.main`).

    The thread is joined when the interpreter exits, so a process never ends with an
    entry half written; :func:`settle` waits for them before that.
    """
    global _background
    _background = on


def settle() -> None:
    """Wait until every entry being written in the background is on disk (or given up).

    Example:
        >>> settle()  # nothing pending: returns at once
    """
    with _memo_lock:
        writes = [write for _, write in _pending.values()]
    for write in writes:
        write.result()  # _write_files never raises


def exists(entry: Path) -> bool:
    """Whether ``entry`` holds an entry: on disk, or pending (being written).

    Example:
        >>> exists(Path("/nonexistent/entry"))
        False
    """
    return _pending_of(entry) is not None or (entry / "meta.json").exists()


def _pending_of(entry: Path) -> tuple[dict, Future] | None:
    """(meta, its write) of ``entry`` while the writer thread writes it, else None."""
    with _memo_lock:
        return _pending.get(str(entry))


def _wait_for(entry: Path) -> None:
    """Wait for ``entry``'s files if it is being written in the background."""
    pending = _pending_of(entry)
    if pending is not None:
        pending[1].result()


def read_meta(entry: Path) -> dict | None:
    """An entry's ``meta.json`` (of a pending entry: its meta); None when absent or damaged."""
    pending = _pending_of(entry)
    if pending is not None:
        return dict(pending[0])
    try:
        meta = json.loads((entry / "meta.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return meta if isinstance(meta, dict) else None


def read_entry(entry: Path) -> tuple[Replay, dict] | None:
    """The replay an entry holds (a delta overlaid on its bases) and its meta; None: a miss."""
    meta = read_meta(entry)
    if meta is None:
        return None
    kept = _recall(entry, meta)
    if kept is not None:
        return kept, meta
    _wait_for(entry)  # no longer in memory: its files first
    try:
        frames = {name: _read_frame(entry, meta, name, MAX_CHAIN) for name in FRAMES}
        if any(frame is None for frame in frames.values()):
            return None
        found = Replay(
            leads=frames["leads"],
            path=frames["path"],
            as_of=datetime.fromisoformat(meta["as_of"]),
            criteria_sha256=meta["criteria_sha256"],
        )
    except _READ_ERRORS:
        return None  # a damaged entry is a miss
    remember(entry, meta, found)
    return _clone(found), meta


def read_leads(entry: Path) -> pl.DataFrame | None:
    """The ``leads`` frame of an entry alone (no score path read); None: a miss."""
    meta = read_meta(entry)
    if meta is None:
        return None
    kept = _recall(entry, meta)
    if kept is not None:
        return kept.leads
    _wait_for(entry)  # no longer in memory: its files first
    try:
        return _read_frame(entry, meta, "leads", MAX_CHAIN)
    except _READ_ERRORS:
        return None


def _read_frame(entry: Path, meta: dict, name: str, budget: int) -> pl.DataFrame | None:
    """One frame of an entry: a whole one's file, or its chain of deltas over one.

    The deltas are overlaid on each other first (small), then once on the whole frame.
    """
    layers: list[tuple[pl.Series, pl.DataFrame]] = []
    while True:
        kept = _recall(entry, meta)
        if kept is not None:
            under = getattr(kept, name)
            break
        if meta.get("kind", "whole") == "whole":
            under = pl.read_parquet(entry / f"{name}.parquet")
            break
        ids = pl.read_parquet(entry / "delta-ids.parquet").get_column("lead_id")
        layers.append((ids, pl.read_parquet(entry / f"delta-{name}.parquet")))
        base = entry.parent / str(meta["base"])
        base_meta = read_meta(base)
        if (
            len(layers) > budget
            or base_meta is None
            or base_meta.get("entry_id") != meta["base_id"]
        ):
            return None  # a chain too long (a loop), or the base is gone or was replaced
        os.utime(base)  # a base in use stays (see prune)
        entry, meta = base, base_meta
    return overlay_layers(under, layers[::-1])


def overlay_layers(
    under: pl.DataFrame, layers: list[tuple[pl.Series, pl.DataFrame]]
) -> pl.DataFrame:
    """``under`` with each (lead ids, their rows) of ``layers`` laid over it, oldest first.

    The layers are overlaid on each other first (small), then once on ``under``.

    Example:
        >>> under = pl.DataFrame({"lead_id": ["a", "b"], "v": [1, 2]})
        >>> layers = [(pl.Series(["a"]), pl.DataFrame({"lead_id": ["a"], "v": [5]})),
        ...           (pl.Series(["a", "c"]), pl.DataFrame({"lead_id": ["c"], "v": [7]}))]
        >>> overlay_layers(under, layers).rows()
        [('b', 2), ('c', 7)]
    """
    if not layers:
        return under
    ids, rows = layers[0]
    for newer_ids, newer_rows in layers[1:]:
        rows = overlay(rows, newer_ids, newer_rows)
        ids = pl.concat([ids, newer_ids]).unique()
    return overlay(under, ids, rows)


def path_schema(result: Replay) -> dict[str, pl.DataType]:
    """The schema of a replay's path, without building a pending one."""
    pending = result.pending_path
    if isinstance(pending, PendingOverlay):
        return dict(pending.schema)
    return dict(result.path.schema)


class PendingOverlay:
    """A frame with leads' rows laid over it (:func:`overlay_layers`), built when first read.

    The path of an incremental replay (:mod:`analytics.scoring.replayed`): the overlay of
    the 8M-row path of 1M leads takes ~0.15 s, which readers of the leads alone never
    need. An overlay over a frame that is itself still pending adds its layer to that
    one's, so a run of imports whose path nobody read overlays once, not once per import.
    Built once, whichever thread reads it first; every reader gets the same frame.

    Example:
        >>> under = pl.DataFrame({"lead_id": ["a", "b"], "v": [1, 2]})
        >>> first = PendingOverlay.over(under, pl.Series(["b"]), pl.DataFrame({"lead_id": ["b"], "v": [3]}))
        >>> second = PendingOverlay.over(first, pl.Series(["a"]), pl.DataFrame({"lead_id": ["a"], "v": [4]}))
        >>> len(second.layers), second.resolve().rows()
        (2, [('a', 4), ('b', 3)])
    """

    def __init__(self, under: pl.DataFrame, layers: list[tuple[pl.Series, pl.DataFrame]]) -> None:
        self.under = under
        self.layers = layers
        self._lock = threading.Lock()
        self._built: pl.DataFrame | None = None

    @classmethod
    def over(
        cls, base: pl.DataFrame | PendingOverlay, ids: pl.Series, rows: pl.DataFrame
    ) -> PendingOverlay:
        """``rows`` of the leads ``ids`` laid over ``base`` (a frame, or one still pending)."""
        if isinstance(base, PendingOverlay):
            with base._lock:  # under and layers as one (a build replaces both)
                under, layers = base.under, base.layers
            return cls(under, [*layers, (ids, rows)])
        return cls(base, [(ids, rows)])

    @property
    def schema(self) -> pl.Schema:
        """The frame's schema (that of the frame the layers go over)."""
        with self._lock:
            return self.under.schema

    def resolve(self) -> pl.DataFrame:
        """The overlaid frame (built on the first call)."""
        with self._lock:
            if self._built is None:
                self._built = overlay_layers(self.under, self.layers)
                self.under, self.layers = self._built, []  # the layers are no longer needed
            return self._built


def overlay(base: pl.DataFrame, ids: pl.Series, delta: pl.DataFrame) -> pl.DataFrame:
    """``base`` without the rows of the leads ``ids``, with ``delta``'s rows in their place.

    Both frames are in ``lead_id`` order and every delta row's lead is in ``ids``; the
    result is too (a delta lead's rows go before the base's first row of a greater lead).
    A lead's rows are adjacent, so binary search finds them: no sort, no hashing of the
    base. When every replaced lead has one row on both sides (the leads frame after an
    import of activities) the new rows are set in a copy of each column they change; else
    long runs of kept rows (the score path: ~8 rows a lead) are copied as slices, and short
    ones by one gather (the fastest of each, measured at 1M leads).
    """
    delta = delta.select(base.columns).cast(dict(base.schema))
    wanted = ids.unique().sort()
    same = _same_rows(base, wanted, delta)
    if same is not None:
        return _overlay_rows(base, same, delta)
    if base.height > SLICE_RUN_ROWS * (2 * wanted.len() + 1):
        return _overlay_slices(base, wanted, delta)
    return _overlay_gather(base, wanted, delta)


def _same_rows(base: pl.DataFrame, wanted: pl.Series, delta: pl.DataFrame) -> pl.Series | None:
    """Where the base holds the delta's leads, when each has one row on both sides (else None).

    The leads frame after an import of activities: the same leads, new values.
    """
    if delta.height != wanted.len():
        return None
    lead = base.get_column("lead_id")
    low = lead.search_sorted(wanted, side="left")
    if not ((lead.search_sorted(wanted, side="right") - low) == 1).all():
        return None
    if not (delta.get_column("lead_id") == wanted).all():
        return None
    return low


def _overlay_rows(base: pl.DataFrame, at: pl.Series, delta: pl.DataFrame) -> pl.DataFrame:
    # each column that changed copied once and the delta's values set in place (the base
    # is shared, so polars copies on write: ``base`` itself is left as it was); a column
    # whose replaced rows hold the same values (the leads' own columns after an import of
    # activities) is kept as it is, which spares copying most of a 1M-row frame
    changed = [
        name
        for name in base.columns
        if not base.get_column(name)
        .gather(at)
        .equals(delta.get_column(name), check_names=False, null_equal=True)
    ]
    return base.with_columns(
        base.get_column(name).scatter(at, delta.get_column(name)) for name in changed
    )


# Rows a kept run must have on average for copying slices to beat one gather.
SLICE_RUN_ROWS = 200


def _overlay_slices(base: pl.DataFrame, wanted: pl.Series, delta: pl.DataFrame) -> pl.DataFrame:
    lead, rows = base.get_column("lead_id"), delta.get_column("lead_id")
    spans = zip(
        lead.search_sorted(wanted, side="left").to_list(),
        lead.search_sorted(wanted, side="right").to_list(),
        rows.search_sorted(wanted, side="left").to_list(),
        rows.search_sorted(wanted, side="right").to_list(),
        strict=True,
    )
    parts, start = [], 0
    for low, high, delta_low, delta_high in spans:
        if low > start:
            parts.append(base.slice(start, low - start))
        if delta_high > delta_low:
            parts.append(delta.slice(delta_low, delta_high - delta_low))
        start = high
    if start < base.height or not parts:
        parts.append(base.slice(start))
    return pl.concat(parts, rechunk=True)


def _overlay_gather(base: pl.DataFrame, wanted: pl.Series, delta: pl.DataFrame) -> pl.DataFrame:
    n, m = base.height, delta.height
    lead = base.get_column("lead_id")
    gone = np.zeros(n + 1, dtype=np.int64)  # +1 where a replaced lead's rows start, -1 after
    np.add.at(gone, lead.search_sorted(wanted, side="left").to_numpy(), 1)
    np.add.at(gone, lead.search_sorted(wanted, side="right").to_numpy(), -1)
    kept = np.cumsum(gone[:n]) == 0
    at = lead.search_sorted(delta.get_column("lead_id"), side="left").to_numpy()
    kept_before = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(kept, out=kept_before[1:])
    delta_upto = np.cumsum(np.bincount(at, minlength=n + 1))
    rows = np.flatnonzero(kept)
    order = np.empty(rows.size + m, dtype=np.uint32 if n + m < 1 << 32 else np.uint64)
    order[kept_before[rows] + delta_upto[rows]] = rows
    order[kept_before[at] + np.arange(m)] = n + np.arange(m)
    return base.vstack(delta).gather(pl.Series(order))  # one gather, no copy of the base first


def write_entry(
    target: Path,
    result: Replay,
    meta: dict,
    delta: tuple[str, dict, pl.Series, Replay] | None,
    extra: dict[str, pl.DataFrame] | None = None,
) -> None:
    """Write an entry atomically (temporary folder, then rename); no cache if it cannot.

    ``delta``: ``(base folder name, base meta, lead ids replayed, their replay)`` (frames
    shaped as ``result``'s) to write only those leads' rows over the base; a whole entry
    when None or when the chain is long enough. ``extra``: frames kept beside, whole in
    every entry (``<name>.parquet``; read with :func:`read_extra`). A whole entry is
    written by the writer thread when :func:`write_in_background` is on (kept in memory
    and pending meanwhile).
    """
    entry_id = uuid.uuid4().hex
    if delta is not None and (
        "entry_id" not in delta[1] or int(delta[1].get("chain", 0)) >= MAX_CHAIN
    ):
        delta = None  # a base of an older layout, or compaction: the next entry is whole
    if delta is None:
        files = {f"{name}.parquet": getattr(result, name) for name in FRAMES}
        meta = {**meta, "kind": "whole", "chain": 0, "entry_id": entry_id}
    else:
        base, base_meta, ids, part = delta
        files = {f"delta-{name}.parquet": getattr(part, name) for name in FRAMES}
        files["delta-ids.parquet"] = ids.to_frame("lead_id")
        meta = {
            **meta,
            "kind": "delta",
            "chain": int(base_meta.get("chain", 0)) + 1,
            "entry_id": entry_id,
            "base": base,
            "base_id": base_meta["entry_id"],
        }
    files.update({f"{name}.parquet": frame for name, frame in (extra or {}).items()})
    if delta is None and _background:
        remember(target, meta, result)
        _submit(target, files, meta)
    elif _write_files(target, files, meta):
        remember(target, meta, result)


def _submit(target: Path, files: dict[str, pl.DataFrame], meta: dict) -> None:
    """Hand an entry's files to the writer thread; pending until they are on disk."""
    global _writer
    with _memo_lock:
        _writer = _writer or ThreadPoolExecutor(1, thread_name_prefix="kakehashi-cache")
        write = _writer.submit(_write_files, target, files, meta)
        _pending[str(target)] = (meta, write)
    write.add_done_callback(lambda done: _written(target, done))


def _written(target: Path, write: Future) -> None:
    with _memo_lock:
        if _pending.get(str(target), (None, None))[1] is write:
            del _pending[str(target)]


def _write_files(target: Path, files: dict[str, pl.DataFrame], meta: dict) -> bool:
    """Write ``files`` and ``meta.json`` into a temporary folder, then rename it to
    ``target``; whether the entry is there (False: no cache, never an error)."""
    try:
        target.parent.mkdir(exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=".tmp-", dir=target.parent))
    except OSError:
        return False
    try:
        for name, frame in files.items():
            frame.write_parquet(tmp / name, compression="lz4", statistics=False)
        (tmp / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
        os.rename(tmp, target)
    except (OSError, pl.exceptions.PolarsError):
        shutil.rmtree(tmp, ignore_errors=True)  # another writer got there first
        return False
    return True


def read_extra(entry: Path, name: str) -> pl.DataFrame | None:
    """A frame :func:`write_entry` kept beside an entry's replay; None when absent or damaged."""
    try:
        return pl.read_parquet(entry / f"{name}.parquet")
    except _READ_ERRORS:
        return None


def remember(entry: Path, meta: dict, result: Replay) -> None:
    """Keep ``result`` in memory as the content of ``entry`` (the last one only)."""
    if "entry_id" not in meta:
        return  # an entry of an older layout: read it from disk each time
    with _memo_lock:
        _memo.clear()
        _memo[str(entry)] = (str(meta["entry_id"]), _clone(result))


def forget() -> None:
    """Drop the replay kept in memory (tests; a process that wants its memory back)."""
    with _memo_lock:
        _memo.clear()


def _recall(entry: Path, meta: dict) -> Replay | None:
    with _memo_lock:
        kept = _memo.get(str(entry))
    if kept is None or kept[0] != meta.get("entry_id"):
        return None
    return _clone(kept[1])


def _clone(result: Replay) -> Replay:
    # a pending path stays pending: the clones share its one build (and each Replay
    # keeps its own clone of the built frame, see Replay.path)
    pending = result.pending_path
    return result.replace(
        leads=result.leads.clone(), path=result.path.clone() if pending is None else pending
    )


def prune(root: Path, keep: int, *, spare: tuple[str, ...] = ()) -> None:
    """Remove the least recently used entries beyond ``keep``, but never a kept delta's base.

    Entries whose name starts with one of ``spare`` are neither counted nor removed here
    (bounded on their own: :func:`analytics.scoring.derived._store`)."""
    entries = sorted(
        (p for p in _entries(root) if not p.name.startswith(spare)),
        key=lambda p: p.stat().st_mtime,
        reverse=True,
    )
    kept = entries[:keep]
    needed = {p.name for p in kept}
    for entry in kept:
        meta = read_meta(entry) or {}
        for _ in range(MAX_CHAIN):  # walk the chain down to its whole entry
            base = meta.get("base")
            if not isinstance(base, str):
                break
            needed.add(base)
            meta = read_meta(root / base) or {}
    for old in entries[keep:]:
        if old.name not in needed:
            shutil.rmtree(old, ignore_errors=True)


def _entries(root: Path) -> list[Path]:
    if not root.is_dir():
        return []
    return [p for p in root.iterdir() if p.is_dir() and (p / "meta.json").exists()]
