"""The replay, computed once: a sidecar cache beside the workspace, reused and extended.

A replay (:func:`analytics.scoring.replay.replay`) of 1M leads takes seconds; every
command and page that needs it for the same data and criteria reuses it instead:

- **where**: ``<workspace>.cache/`` beside the workspace file (never inside it, so that
  readers that open the workspace read-only can share it), one folder per entry named by
  the hash of its key, holding ``meta.json`` and the replay's frames (whole, or a delta
  over another entry). An entry is written into a temporary folder and renamed into place,
  so a reader sees a whole entry or none, and two writers of the same entry both succeed.
- **key**: data version and data token (:attr:`~analytics.store.db.Workspace.data_token`,
  drawn anew by every write, so that another workspace at the same version never hits),
  row counts of the tables the replay reads, criteria sha256,
  the ``as_of`` asked for (none: the data's end) and :data:`CODE_VERSION` (bumped when
  the replay's output changes).
- **incremental**: on a miss, an entry of the same criteria and the same ``as_of`` is
  looked for; every import stamps the rows it inserts or updates with its ``import_id``,
  so the leads with a row (lead, activities, BANT, feedback, deals by ``lead_id``)
  stamped after the entry's newest import are the ones that changed (see
  :func:`import_marks` for rows written without an import; the entry's newest import must
  still be the same import, by file and start, see :func:`import_stamp`), and only those are replayed
  (in an in-memory workspace holding their rows) and merged with the entry. This holds because
  a lead's replay reads only its own rows and the deals linked to it. When some deal
  does not name an existing lead, deals link by email or company, across leads
  (:func:`analytics.scoring.linking.link_deals`): then every entry keeps the deal links
  it was replayed with (``links.parquet``), and the leads replayed again are also those
  whose linked deals changed (a link that moved, or a deal row stamped since), each
  with its linked deals copied under its id. When the data's end moved (``as_of`` is
  part of every lead's score), the whole replay runs.
  The entry built on is the one that saw the newest import; the new entry holds only
  the replayed leads' rows over it (a *delta*, see :mod:`analytics.scoring.cache_entries`,
  which also keeps the last replay of the process in memory, so the step after an
  import neither reads nor rewrites the whole replay). The merged replay's leads are
  laid over at once; its score path when first read (:mod:`analytics.scoring.replayed`:
  most readers never read it).
- A workspace in memory (``:memory:``) or a sidecar that cannot be written: no cache.

Example:
    >>> from analytics.criteria import default_criteria
    >>> cached_replay(Workspace.open(":memory:"), default_criteria()).leads.height
    0
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import polars as pl

from analytics.criteria import Criteria
from analytics.scoring import cache_entries as entries
from analytics.scoring.features import RULE_COLUMNS, data_end
from analytics.scoring.linking import link_deals
from analytics.scoring.replay import Replay, replay
from analytics.store.db import Workspace, quote_ident
from analytics.store.progress import Progress, ProgressClock

# Bump when the replay's output changes for the same data and criteria.
CODE_VERSION = "3"
# Tables a lead's replay reads, each by lead_id.
LEAD_TABLES: tuple[str, ...] = ("leads", "activities", "bant", "feedback", "deals")
# The columns of a table that the work on a few leads in memory reads (their replay, feature
# rows and decision frames), where not all: an activity's duration and import are shown,
# never scored (0.11 s against 0.14 s for the changed leads' 400k activities at 1M).
ROW_COLUMNS: dict[str, tuple[str, ...]] = {"activities": ("lead_id", "occurred_at", *RULE_COLUMNS)}
# The name prefixes of entries bounded on their own (scoring.derived), never by MAX_ENTRIES:
# the model fits (analytics.metrics.model.kept) and the results kept by content
# (derived.content_key: they outlive imports that leave their inputs as they were).
MODEL_RESULT = "model-result-"
CONTENT = "content-"
# Entries kept per workspace (the oldest used are removed beyond it): room for the
# replays and sweeps beside the derived entries (16); the model fits (4) are bounded apart.
MAX_ENTRIES = 26
# A delta entry's contents: base folder name, base meta, lead ids replayed, their replay.
_Delta = tuple[str, dict, pl.Series, Replay]
# The rows :func:`lead_rows` read last, per (workspace, data version and token, leads,
# table): after an import, the replay, the feature matrix and the rule points each update
# the same changed leads, and read their rows once. Only the workspace's current data is kept.
_ROWS: dict[tuple[str, str, str, str], object] = {}
_ROWS_LOCK = threading.Lock()


@dataclass(frozen=True)
class CacheStats:
    """How the last :func:`cached_replay` was answered: ``hit``, ``incremental`` or ``full``."""

    how: str
    replayed_leads: int


def cache_dir(ws: Workspace) -> Path | None:
    """The sidecar folder of a workspace (``<file>.cache``); None for one in memory.

    Example:
        >>> cache_dir(Workspace.open(":memory:")) is None
        True
    """
    if ws.path in ("", ":memory:") or ws.path.startswith(":memory:"):
        return None
    return Path(ws.path).with_name(Path(ws.path).name + ".cache")


def replay_key(ws: Workspace, criteria: Criteria, as_of: datetime | None) -> str:
    """The cache key of a replay: data version and token, table counts, criteria, ``as_of``, code."""
    counts = {t: ws.scalar(f"SELECT count(*) FROM {quote_ident(t)}") for t in LEAD_TABLES}
    parts = [
        CODE_VERSION,
        str(ws.data_version),
        ws.data_token,
        json.dumps(counts, sort_keys=True),
        criteria.sha256,
        as_of.isoformat() if as_of else "end",
    ]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:32]


def cached_replay(
    ws: Workspace,
    criteria: Criteria,
    *,
    as_of: datetime | None = None,
    stats: list[CacheStats] | None = None,
    progress: Callable[[Progress], None] | None = None,
) -> Replay:
    """:func:`~analytics.scoring.replay.replay`, from the sidecar cache when it can be.

    Args:
        ws: the workspace.
        criteria: the criteria to replay.
        as_of: point in time (default: the data's end).
        stats: if given, a :class:`CacheStats` is appended (how the call was answered).
        progress: called at each stage of a full replay (the replay's, then ``cache``
            and ``done``: task ``replay`` of :mod:`analytics.store.progress`); never on
            a hit or an incremental replay.

    Returns:
        The same :class:`~analytics.scoring.replay.Replay` a fresh replay returns.
    """
    root = cache_dir(ws)
    if root is None:
        return _note(stats, "full", None, replay(ws, criteria, as_of=as_of, progress=progress))
    found = _answer(ws, root, criteria, as_of, progress, full=True)
    assert found is not None  # a full replay answers when nothing else does
    return _note(stats, *found)


def update_after_import(ws: Workspace, criteria: Criteria) -> CacheStats | None:
    """Bring the kept replay of ``criteria`` as of the data's end up to date after an
    import, when that is a hit or an incremental replay; else leave it (None).

    :func:`analytics.metrics.after_import.refresh_after_import` calls it for the criteria
    in force (and leaves criteria that cannot be replayed on the data to the first page),
    so that the first page or command after an import finds the replay ready instead of
    updating it first (~0.3 s at 100k leads, ~0.8 s at 1M after a 1% import). A workspace
    with no replay kept to build on, or an import that changed more than
    :func:`few_changed` leads, is left to the first reader: a whole replay is not worth
    making every import slower (a file of leads, then one of activities, then one of deals
    would replay three times).

    Example:
        >>> from analytics.criteria import default_criteria
        >>> update_after_import(Workspace.open(":memory:"), default_criteria()) is None
        True
    """
    root = cache_dir(ws)
    found = None if root is None else _answer(ws, root, criteria, None, None, full=False)
    return None if found is None else CacheStats(found[0], found[1] or 0)


def _answer(
    ws: Workspace,
    root: Path,
    criteria: Criteria,
    as_of: datetime | None,
    progress: Callable[[Progress], None] | None,
    *,
    full: bool,
) -> tuple[str, int | None, Replay] | None:
    """(how, leads replayed, replay) from the entry of this key, else incremental over an
    older entry, else (when ``full``) a whole replay; written to the cache unless a hit."""
    key = replay_key(ws, criteria, as_of)
    entry = root / key
    if entries.exists(entry):
        found = _read_entry(entry)
        if found is not None:
            with contextlib.suppress(OSError):  # pending (not on disk yet), or pruned meanwhile
                os.utime(entry)
            return "hit", 0, found[0]
    marks = import_marks(ws)
    by_id = deals_by_lead_id(ws)
    result, how, n, delta, links = _incremental(ws, criteria, as_of, root, marks, by_id)
    if result is None and not full:
        return None
    clock = ProgressClock(progress if result is None else None, task="replay")
    if result is None:
        # the links found for the entry serve the replay too (one linking, not two)
        result = replay(ws, criteria, as_of=as_of, progress=clock.relay, links=links)
        how, n = "full", None
    clock.stage("cache")
    _write_entry(
        root,
        key,
        result,
        {**marks, "deals_by_lead_id": by_id, "links": links is not None},
        as_of=as_of,
        delta=delta,
        links=links,
    )
    clock.stage("done")
    return how, n, result


def cached_leads(
    ws: Workspace,
    criteria: Criteria,
    *,
    as_of: datetime | None = None,
    progress: Callable[[Progress], None] | None = None,
) -> pl.DataFrame:
    """``cached_replay(…).leads``, reading only the leads when the replay is kept.

    For commands that need no score path (``bands``, ``score``): the path is most of
    a kept replay's bytes.

    Example:
        >>> from analytics.criteria import default_criteria
        >>> cached_leads(Workspace.open(":memory:"), default_criteria()).height
        0
    """
    root = cache_dir(ws)
    if root is not None:
        entry = root / replay_key(ws, criteria, as_of)
        if entries.exists(entry):
            found = entries.read_leads(entry)
            if found is not None:
                return found  # else a damaged entry: replay
    return cached_replay(ws, criteria, as_of=as_of, progress=progress).leads


def _note(stats: list[CacheStats] | None, how: str, n: int | None, result: Replay) -> Replay:
    if stats is not None:
        stats.append(CacheStats(how, result.leads.height if n is None else n))
    return result


def import_marks(ws: Workspace) -> dict[str, int | str]:
    """The newest ``import_id`` in the tables a replay reads (and its :func:`import_stamp`),
    and per table its rows without one.

    Every import stamps the rows it inserts or updates with its ``import_id``, so the
    leads touched after an entry was written are those with a newer one; rows written
    otherwise (the demo) carry none, and a change in their count means "replay all".

    Example:
        >>> import_marks(Workspace.open(":memory:"))["import_id"]
        0
    """
    marks: dict[str, int | str] = {}
    newest = 0
    for table in LEAD_TABLES:
        found, unstamped = ws.rows(
            f"SELECT coalesce(max(import_id), 0), count(*) FILTER (WHERE import_id IS NULL) "
            f"FROM {quote_ident(table)}"
        )[0]
        newest = max(newest, int(found))
        marks[f"unstamped_{table}"] = int(unstamped)
    return {"import_id": newest, "import_stamp": import_stamp(ws, newest), **marks}


def import_stamp(ws: Workspace, import_id: int) -> str:
    """Which import ``import_id`` is: its file's sha256 and its start ("" for none).

    A workspace restored from a copy and imported into again numbers its new imports as
    the lost ones were numbered; a kept result names the import it saw by this stamp, so
    that it is never taken for the base of another history.

    Example:
        >>> import_stamp(Workspace.open(":memory:"), 1)
        ''
    """
    found = ws.rows(
        "SELECT sha256, CAST(started_at AS VARCHAR) FROM imports WHERE import_id = ?",
        [import_id],
    )
    return "@".join(str(v) for v in found[0]) if found else ""


def changed_leads(ws: Workspace, since_import_id: int) -> pl.Series:
    """The ids of the leads with a row (in any table a replay reads) stamped after an import.

    Example:
        >>> changed_leads(Workspace.open(":memory:"), 0).len()
        0
    """
    union = " UNION ".join(
        f"SELECT lead_id FROM {quote_ident(t)} WHERE import_id > ? AND lead_id IS NOT NULL"
        for t in LEAD_TABLES
    )
    return ws.query(union, [since_import_id] * len(LEAD_TABLES)).get_column("lead_id")


def builds_on(kept: dict, marks: dict, stamp_of: Callable[[int], str]) -> bool:
    """Whether a kept result that saw the import marks ``kept`` can be brought up to
    ``marks`` by rebuilding the leads changed since: the same rows written without an
    import, no newer import than now (else the workspace was replaced), and its newest
    import still the same one (``stamp_of``: an import id's :func:`import_stamp` now).

    Example:
        >>> now = {"import_id": 5, "import_stamp": "e@5", "unstamped_leads": 10}
        >>> stamps = {3: "c@3", 5: "e@5"}.get
        >>> builds_on({"import_id": 3, "import_stamp": "c@3", "unstamped_leads": 10}, now, stamps)
        True
        >>> builds_on({"import_id": 6, "import_stamp": "f@6", "unstamped_leads": 10}, now, stamps)
        False
        >>> builds_on({"import_id": 3, "import_stamp": "x@3", "unstamped_leads": 10}, now, stamps)
        False
    """
    seen = kept.get("import_id")
    if not (
        all(kept.get(k) == v for k, v in marks.items() if k.startswith("unstamped_"))
        and isinstance(seen, int)
        and seen <= marks["import_id"]
    ):
        return False
    return kept.get("import_stamp") == (
        marks["import_stamp"] if seen == marks["import_id"] else stamp_of(seen)
    )


def few_changed(changed: int, total: int) -> bool:
    """Whether ``changed`` of ``total`` leads are few enough to update a kept result for
    them: at most a fifth (beyond it, most of the work anyway: one whole build is simpler).

    Example:
        >>> few_changed(200, 1_000), few_changed(201, 1_000)
        (True, False)
    """
    return changed <= total // 5


def deals_by_lead_id(ws: Workspace) -> bool:
    """Whether every deal names an existing lead (so deals never link across leads)."""
    return not ws.scalar(
        "SELECT count(*) FROM deals d WHERE d.lead_id IS NULL "
        "OR NOT EXISTS (SELECT 1 FROM leads l WHERE l.lead_id = d.lead_id)"
    )


def _incremental(
    ws: Workspace,
    criteria: Criteria,
    as_of: datetime | None,
    root: Path,
    marks: dict[str, int | str],
    by_id: bool,
) -> tuple[Replay | None, str, int | None, _Delta | None, pl.DataFrame | None]:
    """Replay only the leads that changed since an entry of the same criteria and ``as_of``.

    ``by_id``: every deal names an existing lead (:func:`deals_by_lead_id`); else the
    deal links (``deal_id``, ``lead_id``) are needed, and returned last: the entry's own
    when no lead or deal row was written since it (linking reads only those two tables),
    else :func:`~analytics.scoring.linking.link_deals` anew.

    Returns the merged replay, how, the leads replayed, what a delta entry over the
    entry built on holds (see :mod:`analytics.scoring.cache_entries`), and the links.
    """
    moment = (as_of or data_end(ws)).replace(microsecond=0)
    base = _latest_entry(ws, root, criteria.sha256, moment, marks, links=not by_id)
    links = None if by_id or base is not None else _links_now(ws)
    if base is None:
        return None, "full", None, None, links
    folder, cached, meta = base
    since = int(meta["import_id"])
    changed = changed_leads(ws, since)
    if not by_id:
        before = entries.read_extra(folder, "links")
        if before is None:
            return None, "full", None, None, _links_now(ws)
        links = before if _links_kept(ws, since) else _links_now(ws)
        changed = pl.concat([changed, relinked_leads(ws, since, before, links)]).unique().sort()
    if not few_changed(changed.len(), cached.leads.height):
        return None, "full", None, None, links
    part = _replay_leads(ws, criteria, moment, changed, links)
    part = Replay(
        leads=part.leads.select(cached.leads.columns).cast(dict(cached.leads.schema)),
        path=part.path.cast(entries.path_schema(cached)),
        as_of=moment,
        criteria_sha256=criteria.sha256,
    )
    # both sides are in lead_id order: the overlay keeps that order; the path's overlay
    # is left to its first reader (most read the leads alone, see scoring.replayed)
    merged = Replay(
        leads=entries.overlay(cached.leads, changed, part.leads),
        path=entries.PendingOverlay.over(cached.pending_path or cached.path, changed, part.path),
        as_of=moment,
        criteria_sha256=criteria.sha256,
    )
    return merged, "incremental", changed.len(), (folder.name, meta, changed, part), links


def _links_now(ws: Workspace) -> pl.DataFrame:
    return link_deals(ws).select("deal_id", "lead_id")


def _links_kept(ws: Workspace, since_import_id: int) -> bool:
    """Whether no lead or deal row was written after the import ``since_import_id`` (the
    deal links, which read only those two tables, are then as they were)."""
    return not ws.scalar(
        "SELECT EXISTS (SELECT 1 FROM leads WHERE import_id > $1) "
        "OR EXISTS (SELECT 1 FROM deals WHERE import_id > $1)",
        [since_import_id],
    )


def relinked_leads(
    ws: Workspace, since_import_id: int, before: pl.DataFrame, now: pl.DataFrame
) -> pl.Series:
    """The leads whose linked deals changed: a link added, dropped or moved, or a deal
    row (linked then or now) stamped after an import.

    Example:
        >>> before = pl.DataFrame({"deal_id": ["D1", "D2"], "lead_id": ["A", "B"]})
        >>> now = pl.DataFrame({"deal_id": ["D1", "D2"], "lead_id": ["A", "C"]})
        >>> relinked_leads(Workspace.open(":memory:"), 0, before, now).sort().to_list()
        ['B', 'C']
    """
    pairs = pl.concat([before, now]).cast(pl.String)
    moved = pairs.filter(pl.len().over("deal_id", "lead_id") == 1)
    stamped = ws.query("SELECT deal_id FROM deals WHERE import_id > ?", [since_import_id])
    touched = pairs.join(stamped.cast(pl.String), on="deal_id", how="semi")
    return pl.concat([moved, touched]).get_column("lead_id").unique()


def _replay_leads(
    ws: Workspace,
    criteria: Criteria,
    as_of: datetime,
    lead_ids: pl.Series,
    links: pl.DataFrame | None = None,
) -> Replay:
    """The replay of some leads: their rows copied into an in-memory workspace, replayed there.

    With ``links`` (deals linked across leads), each lead's linked deals are copied
    with its ``lead_id``, so that they link to it there as they do in the workspace.
    """
    with rows_in_memory(ws, lead_ids, links=links) as part:
        return replay(part, criteria, as_of=as_of)


def rows_in_memory(
    ws: Workspace,
    lead_ids: pl.Series,
    tables: tuple[str, ...] = LEAD_TABLES,
    *,
    links: pl.DataFrame | None = None,
) -> Workspace:
    """A workspace in memory holding only these leads' rows of ``tables`` (:func:`lead_rows`;
    close it after use)."""
    part = Workspace.open(":memory:")
    for table, rows in lead_rows(ws, lead_ids, links, tables).items():
        with part.registered("_kakehashi_rows", rows) as cur:
            cur.execute(
                f"CREATE OR REPLACE TABLE {quote_ident(table)} AS SELECT * FROM _kakehashi_rows"
            )
    return part


def lead_rows(
    ws: Workspace,
    lead_ids: pl.Series,
    links: pl.DataFrame | None = None,
    tables: tuple[str, ...] = LEAD_TABLES,
) -> dict[str, object]:
    """Each table's rows of some leads (Arrow tables: no conversion on either side).

    With ``links``, the deals are those linked to the leads, under the linked lead's id.
    A table's rows of the same leads and the same data are read once per process (the
    updates after an import each ask for them, see ``_ROWS``).
    """
    # a file's data version and token name its data; a workspace in memory is never kept
    shared = cache_dir(ws) is not None
    if shared:
        ids = "\x1f".join(lead_ids.cast(pl.String).sort().to_list())
        kept = (
            ws.path,
            f"{ws.data_version}:{ws.data_token}",
            hashlib.sha256(ids.encode()).hexdigest(),
        )
    found = {}
    with ws.registered("_kakehashi_ids", lead_ids.to_frame("lead_id")) as cur:
        for table in tables:
            if table == "deals" and links is not None:
                continue
            rows = None
            if shared:
                with _ROWS_LOCK:
                    rows = _ROWS.get((*kept, table))
            if rows is None:
                wanted = ROW_COLUMNS.get(table)
                picked = ", ".join(f"t.{quote_ident(c)}" for c in wanted) if wanted else "t.*"
                rows = cur.sql(
                    f"SELECT {picked} FROM {quote_ident(table)} t SEMI JOIN _kakehashi_ids "
                    "USING (lead_id)"
                ).to_arrow_table()
                if shared:
                    with _ROWS_LOCK:
                        for old in [k for k in _ROWS if k[0] == ws.path and k[:3] != kept]:
                            del _ROWS[old]  # another data version, or other leads
                        _ROWS[(*kept, table)] = rows
            found[table] = rows
    if links is not None and "deals" in tables:
        mine = links.join(lead_ids.to_frame("lead_id"), on="lead_id", how="semi")
        with ws.registered("_kakehashi_links", mine) as cur:
            found["deals"] = cur.sql(
                "SELECT d.* REPLACE (k.lead_id AS lead_id) "
                "FROM deals d JOIN _kakehashi_links k USING (deal_id)"
            ).to_arrow_table()
    return found


def _read_entry(entry: Path) -> tuple[Replay, dict] | None:
    return entries.read_entry(entry)  # a damaged entry is a miss (None)


def _latest_entry(
    ws: Workspace,
    root: Path,
    criteria_sha256: str,
    as_of: datetime,
    marks: dict[str, int | str],
    *,
    links: bool,
) -> tuple[Path, Replay, dict] | None:
    """The entry of these criteria at this ``as_of`` that saw the newest import, to build on.

    It must have had every deal linked by lead id (or, when ``links``: kept its deal
    links), the same unstamped rows as now, and no newer import than now (else the
    workspace was replaced): then its folder, its replay and its meta (``import_id``:
    the import it had seen last). Of two that saw the same import, the one used last.
    """
    entries.settle()  # entries still being written are looked for on disk too
    found = []
    for entry in _entries(root):
        meta = entries.read_meta(entry)
        if (
            meta is not None
            and meta.get("code_version") == CODE_VERSION
            and meta.get("criteria_sha256") == criteria_sha256
            and meta.get("as_of") == as_of.isoformat()
            and meta.get("links" if links else "deals_by_lead_id")
            and builds_on(meta, marks, lambda seen: import_stamp(ws, seen))
        ):
            try:
                found.append((meta["import_id"], entry.stat().st_mtime, entry))
            except OSError:
                continue  # removed meanwhile (pruned by another process)
    for _, _, entry in sorted(found, key=lambda f: f[:2], reverse=True):
        kept = _read_entry(entry)
        if kept is not None:
            return entry, kept[0], kept[1]
    return None


def _entries(root: Path) -> list[Path]:
    if not root.is_dir():
        return []
    return [p for p in root.iterdir() if p.is_dir() and (p / "meta.json").exists()]


def _write_entry(
    root: Path,
    key: str,
    result: Replay,
    marks: dict[str, int | str | bool],
    *,
    as_of: datetime | None,
    delta: _Delta | None = None,
    links: pl.DataFrame | None = None,
) -> None:
    """Write an entry atomically (whole, or a delta over the entry built on); no cache if it cannot.

    ``links``: the deal links the replay used, kept beside it (deals linked across leads).
    """
    meta = {
        "code_version": CODE_VERSION,
        "criteria_sha256": result.criteria_sha256,
        "as_of": result.as_of.isoformat(),
        "as_of_asked": as_of.isoformat() if as_of else None,
        "written_at": time.time(),
        **marks,
    }
    entries.write_entry(
        root / key, result, meta, delta, None if links is None else {"links": links}
    )
    _prune(root)


def _prune(root: Path) -> None:
    try:
        # the model fits and the results kept by content are bounded apart (scoring.derived):
        # the entries several imports write in a row must not push out the fit the model lab
        # shows while it refits, nor the Profile page's proposal (they did: each page then
        # built it again while the user waited, 4 s and 1.5 s at 100k leads)
        entries.prune(root, MAX_ENTRIES, spare=(MODEL_RESULT, CONTENT))
    except OSError:
        return


def store_frames(
    ws: Workspace, key: str, frames: dict[str, pl.DataFrame], meta: dict[str, object]
) -> None:
    """Keep derived frames beside the workspace under ``key`` (atomically; no-op in memory).

    For results derived from a replay (e.g. the what-if sweep): ``key`` must carry
    everything they depend on (see :func:`replay_key`).
    """
    root = cache_dir(ws)
    if root is None:
        return
    try:
        root.mkdir(exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=".tmp-", dir=root))
        try:
            for name, frame in frames.items():
                frame.write_parquet(tmp / f"{name}.parquet", compression="lz4", statistics=False)
            (tmp / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
            os.rename(tmp, root / key)
        except OSError:
            shutil.rmtree(tmp, ignore_errors=True)
        _prune(root)
    except OSError:
        return


def load_frames(
    ws: Workspace, key: str, names: tuple[str, ...]
) -> tuple[dict[str, pl.DataFrame], dict] | None:
    """The frames and meta :func:`store_frames` kept under ``key``; None when absent or damaged."""
    root = cache_dir(ws)
    if root is None or not (root / key / "meta.json").exists():
        return None
    entry = root / key
    try:
        meta = json.loads((entry / "meta.json").read_text(encoding="utf-8"))
        frames = {name: pl.read_parquet(entry / f"{name}.parquet") for name in names}
        os.utime(entry)
    except (OSError, ValueError, pl.exceptions.PolarsError):
        return None
    return frames, meta
