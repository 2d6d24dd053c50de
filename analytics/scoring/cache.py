"""The replay, computed once: a sidecar cache beside the workspace, reused and extended.

A replay (:func:`analytics.scoring.replay.replay`) of 1M leads takes seconds; every
command and page that needs it for the same data and criteria reuses it instead:

- **where**: ``<workspace>.cache/`` beside the workspace file (never inside it, so that
  readers that open the workspace read-only can share it), one folder per entry named by
  the hash of its key, holding ``leads.parquet``, ``path.parquet``, ``fingerprints.parquet``
  and ``meta.json``. An entry is written into a temporary folder and renamed into place,
  so a reader sees a whole entry or none, and two writers of the same entry both succeed.
- **key**: data version, row counts of the tables the replay reads, criteria sha256,
  the ``as_of`` asked for (none: the data's end) and :data:`CODE_VERSION` (bumped when
  the replay's output changes).
- **incremental**: on a miss, an entry of the same criteria and the same ``as_of`` is
  looked for; per lead, a fingerprint of its rows (lead, activities, BANT, feedback,
  deals by ``lead_id``) tells which leads changed, and only those are replayed (in an
  in-memory workspace holding their rows) and merged with the entry. This holds because
  a lead's replay reads only its own rows, provided that every deal names an existing
  lead (else deals link by email or company, across leads): otherwise, and when the
  data's end moved (``as_of`` is part of every lead's score), the whole replay runs.
- A workspace in memory (``:memory:``) or a sidecar that cannot be written: no cache.

Example:
    >>> from analytics.criteria import default_criteria
    >>> cached_replay(Workspace.open(":memory:"), default_criteria()).leads.height
    0
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import polars as pl

from analytics.criteria import Criteria
from analytics.scoring.features import data_end
from analytics.scoring.replay import Replay, replay
from analytics.store.db import Workspace, quote_ident

# Bump when the replay's output changes for the same data and criteria.
CODE_VERSION = "1"
# Tables a lead's replay reads, each by lead_id.
LEAD_TABLES: tuple[str, ...] = ("leads", "activities", "bant", "feedback", "deals")
# Entries kept per workspace (the oldest used are removed beyond it).
MAX_ENTRIES = 12


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
    """The cache key of a replay: data version, table counts, criteria, ``as_of``, code."""
    counts = {t: ws.scalar(f"SELECT count(*) FROM {quote_ident(t)}") for t in LEAD_TABLES}
    parts = [
        CODE_VERSION,
        str(ws.data_version),
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
) -> Replay:
    """:func:`~analytics.scoring.replay.replay`, from the sidecar cache when it can be.

    Args:
        ws: the workspace.
        criteria: the criteria to replay.
        as_of: point in time (default: the data's end).
        stats: if given, a :class:`CacheStats` is appended (how the call was answered).

    Returns:
        The same :class:`~analytics.scoring.replay.Replay` a fresh replay returns.
    """
    root = cache_dir(ws)
    if root is None:
        return _note(stats, "full", None, replay(ws, criteria, as_of=as_of))
    key = replay_key(ws, criteria, as_of)
    entry = root / key
    if (entry / "meta.json").exists():
        found = _read_entry(entry)
        if found is not None:
            os.utime(entry)
            return _note(stats, "hit", 0, found[0])
    fingerprints = lead_fingerprints(ws)
    result, how, n = _incremental(ws, criteria, as_of, root, fingerprints)
    if result is None:
        result, how, n = replay(ws, criteria, as_of=as_of), "full", None
    _write_entry(root, key, result, fingerprints, as_of=as_of, linked=deals_by_lead_id(ws))
    return _note(stats, how, n, result)


def _note(stats: list[CacheStats] | None, how: str, n: int | None, result: Replay) -> Replay:
    if stats is not None:
        stats.append(CacheStats(how, result.leads.height if n is None else n))
    return result


def lead_fingerprints(ws: Workspace) -> pl.DataFrame:
    """``lead_id``, ``fp``: a hash of each lead's rows in every table its replay reads.

    ``import_id`` is left out (re-importing the same row changes nothing).

    Example:
        >>> lead_fingerprints(Workspace.open(":memory:")).columns
        ['lead_id', 'fp']
    """
    parts = []
    for table in LEAD_TABLES:
        cols = [c for c in ws.columns(table) if c != "import_id"]
        row = f"hash({', '.join(quote_ident(c) for c in cols)})"
        parts.append(
            f"SELECT lead_id, '{table}' AS t, sum({row}) AS h FROM {quote_ident(table)} "
            "WHERE lead_id IS NOT NULL GROUP BY lead_id"
        )
    sql = (
        "SELECT lead_id, hash(list(t || ':' || h::VARCHAR ORDER BY t)) AS fp FROM ("
        + " UNION ALL ".join(parts)
        + ") GROUP BY lead_id"
    )
    return ws.query(sql).with_columns(pl.col("fp").cast(pl.UInt64))


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
    fingerprints: pl.DataFrame,
) -> tuple[Replay | None, str, int | None]:
    """Replay only the leads that changed since an entry of the same criteria and ``as_of``."""
    if not deals_by_lead_id(ws):
        return None, "full", None
    moment = (as_of or data_end(ws)).replace(microsecond=0)
    base = _latest_entry(root, criteria.sha256, moment)
    if base is None:
        return None, "full", None
    cached, old = base
    changed = (
        fingerprints.join(old, on="lead_id", how="full", coalesce=True, suffix="_old")
        .filter(pl.col("fp").ne_missing(pl.col("fp_old")))
        .get_column("lead_id")
    )
    if changed.len() > max(1000, fingerprints.height // 5):
        return None, "full", None  # most of the work anyway: one full replay is simpler
    part = _replay_leads(ws, criteria, moment, changed)
    leads = pl.concat(
        [cached.leads.filter(~pl.col("lead_id").is_in(changed.implode())), part.leads],
        how="vertical_relaxed",
    ).sort("lead_id")
    path = pl.concat(
        [cached.path.filter(~pl.col("lead_id").is_in(changed.implode())), part.path],
        how="vertical_relaxed",
    ).sort("lead_id", maintain_order=True)
    merged = Replay(
        leads=leads.select(cached.leads.columns).cast(dict(cached.leads.schema)),
        path=path,
        as_of=moment,
        criteria_sha256=criteria.sha256,
    )
    return merged, "incremental", changed.len()


def _replay_leads(
    ws: Workspace, criteria: Criteria, as_of: datetime, lead_ids: pl.Series
) -> Replay:
    """The replay of some leads: their rows copied into an in-memory workspace, replayed there."""
    ids = lead_ids.to_frame("lead_id")
    with Workspace.open(":memory:") as part:
        for table in LEAD_TABLES:
            with ws.registered("_kakehashi_ids", ids) as cur:
                rows = cur.sql(
                    f"SELECT t.* FROM {quote_ident(table)} t "
                    "SEMI JOIN _kakehashi_ids USING (lead_id)"
                ).pl()
            with part.registered("_kakehashi_rows", rows) as cur:
                cur.execute(
                    f"CREATE OR REPLACE TABLE {quote_ident(table)} AS SELECT * FROM _kakehashi_rows"
                )
        return replay(part, criteria, as_of=as_of)


def _read_entry(entry: Path) -> tuple[Replay, pl.DataFrame, dict] | None:
    try:
        meta = json.loads((entry / "meta.json").read_text(encoding="utf-8"))
        return (
            Replay(
                leads=pl.read_parquet(entry / "leads.parquet"),
                path=pl.read_parquet(entry / "path.parquet"),
                as_of=datetime.fromisoformat(meta["as_of"]),
                criteria_sha256=meta["criteria_sha256"],
            ),
            pl.read_parquet(entry / "fingerprints.parquet"),
            meta,
        )
    except (OSError, ValueError, KeyError, pl.exceptions.PolarsError):
        return None  # a damaged entry is a miss


def _latest_entry(
    root: Path, criteria_sha256: str, as_of: datetime
) -> tuple[Replay, pl.DataFrame] | None:
    """The most recently used entry of these criteria at this ``as_of`` (deals linked by id)."""
    entries = sorted(_entries(root), key=lambda p: p.stat().st_mtime, reverse=True)
    for entry in entries:
        try:
            meta = json.loads((entry / "meta.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if (
            meta.get("code_version") == CODE_VERSION
            and meta.get("criteria_sha256") == criteria_sha256
            and meta.get("as_of") == as_of.isoformat()
            and meta.get("deals_by_lead_id")
        ):
            found = _read_entry(entry)
            if found is not None:
                return found[0], found[1].rename({"fp": "fp_old"})
    return None


def _entries(root: Path) -> list[Path]:
    if not root.is_dir():
        return []
    return [p for p in root.iterdir() if p.is_dir() and (p / "meta.json").exists()]


def _write_entry(
    root: Path,
    key: str,
    result: Replay,
    fingerprints: pl.DataFrame,
    *,
    as_of: datetime | None,
    linked: bool,
) -> None:
    """Write an entry atomically (temporary folder, then rename); no cache if it cannot."""
    try:
        root.mkdir(exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=".tmp-", dir=root))
        try:
            result.leads.write_parquet(tmp / "leads.parquet")
            result.path.write_parquet(tmp / "path.parquet")
            fingerprints.write_parquet(tmp / "fingerprints.parquet")
            meta = {
                "code_version": CODE_VERSION,
                "criteria_sha256": result.criteria_sha256,
                "as_of": result.as_of.isoformat(),
                "as_of_asked": as_of.isoformat() if as_of else None,
                "deals_by_lead_id": linked,
                "written_at": time.time(),
            }
            (tmp / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
            os.rename(tmp, root / key)
        except OSError:
            shutil.rmtree(tmp, ignore_errors=True)  # another writer got there first
        _prune(root)
    except OSError:
        return


def _prune(root: Path) -> None:
    entries = sorted(_entries(root), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in entries[MAX_ENTRIES:]:
        shutil.rmtree(old, ignore_errors=True)
