"""The replay cache's delta entries: read from disk, chained, compacted, damaged or pruned.

A fresh process has no replay in memory: these tests drop the memo (``forget``) before
every call so that each answer is read back from the sidecar.
"""

from __future__ import annotations

import json
import os
import shutil
from datetime import datetime
from pathlib import Path

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

from analytics.criteria import default_criteria
from analytics.scoring import cache_entries as entries
from analytics.scoring.cache import MAX_ENTRIES, CacheStats, cache_dir, cached_leads, cached_replay
from analytics.scoring.replay import replay
from analytics.store import demo, ingest
from analytics.store.db import Workspace

STEPS = entries.MAX_CHAIN + 2  # imports after the first: a chain, then a whole entry again


@settings(max_examples=60, deadline=None)
@given(
    rows=st.lists(st.tuples(st.integers(0, 12), st.integers(-5, 5)), max_size=30),
    ids=st.sets(st.integers(0, 14), max_size=8),
    new=st.lists(st.tuples(st.integers(0, 14), st.integers(-5, 5)), max_size=12),
)
def test_overlay_equals_filter_and_stable_sort(rows, ids, new):

    def frame(pairs):
        data = sorted(pairs, key=lambda p: p[0])  # stable: a lead's rows keep their order
        return pl.DataFrame(
            {"lead_id": [f"L{k:02d}" for k, _ in data], "v": [v for _, v in data]},
            schema={"lead_id": pl.String, "v": pl.Int64},
        )

    names = pl.Series("lead_id", [f"L{k:02d}" for k in sorted(ids)], dtype=pl.String)
    base, delta = frame(rows), frame([p for p in new if p[0] in ids])
    want = pl.concat([base.filter(~pl.col("lead_id").is_in(names.implode())), delta]).sort(
        "lead_id", maintain_order=True
    )
    assert_frame_equal(entries.overlay(base, names, delta), want)
    # both ways of building it, whichever the sizes pick
    wanted = names.unique().sort()
    cast = delta.select(base.columns).cast(dict(base.schema))
    assert_frame_equal(entries._overlay_slices(base, wanted, cast), want)
    assert_frame_equal(entries._overlay_gather(base, wanted, cast), want)


@settings(max_examples=40, deadline=None)
@given(
    leads=st.sets(st.integers(0, 30), min_size=1, max_size=20),
    pick=st.lists(st.booleans(), min_size=20, max_size=20),
    change=st.sets(st.sampled_from(["v", "s", "n"])),
)
def test_overlay_of_one_row_per_lead_sets_rows_and_leaves_the_base(leads, pick, change):
    """Changed columns take the delta's values; unchanged ones (kept as they are) too."""
    ordered = sorted(leads)
    base = pl.DataFrame(
        {
            "lead_id": [f"L{k:02d}" for k in ordered],
            "v": ordered,
            "s": "a",
            "n": pl.Series([None if k % 3 else float(k) for k in ordered], dtype=pl.Float64),
        }
    )
    kept = base.clone()
    new = {"v": pl.col("v") * 10 + 1, "s": pl.lit("b"), "n": pl.col("n").fill_null(-1.0)}
    delta = base.filter(pl.Series(pick[: base.height])).with_columns(
        new[c].alias(c) for c in sorted(change)
    )
    ids = delta.get_column("lead_id")
    want = entries._overlay_gather(base, ids.sort(), delta)
    if delta.height:
        assert entries._same_rows(base, ids.sort(), delta) is not None
    assert_frame_equal(entries.overlay(base, ids, delta), want)
    assert_frame_equal(base, kept)


def _workspace_in_steps(folder: Path, seed: int) -> tuple[Workspace, list[Path]]:
    """A workspace of the first import, and the CSVs of ``STEPS`` later ones (1 lead each+)."""
    frames = demo.generate_demo(leads=90, seed=seed)
    frames["deals"] = frames["deals"].filter(pl.col("lead_id").is_not_null())
    end = frames["activities"]["occurred_at"].max()
    leads = frames["leads"]["lead_id"].sort()
    later = []
    activities = frames["activities"]
    for step in range(STEPS):
        held = leads.gather_every(STEPS, offset=step).head(4)
        pick = pl.col("lead_id").is_in(held.implode()) & (pl.col("occurred_at") < end)
        later.append(folder / f"later-{step}.csv")
        activities.filter(pick).write_csv(later[-1])
        activities = activities.filter(~pick)
    ws = Workspace.open(folder / "w.duckdb")
    frames["activities"] = activities
    for kind in ("leads", "activities", "deals", "bant", "feedback"):
        if frames[kind].height:
            frames[kind].write_csv(folder / f"first-{kind}.csv")
            ingest.import_file(ws, kind, folder / f"first-{kind}.csv")
    return ws, later


def _fresh(ws: Workspace, criteria) -> None:
    entries.forget()
    got = cached_replay(ws, criteria)
    want = replay(ws, criteria)
    assert got.as_of == want.as_of
    assert_frame_equal(got.leads, want.leads)
    assert_frame_equal(got.path, want.path)
    entries.forget()
    assert_frame_equal(cached_leads(ws, criteria), want.leads)


def _kinds(root: Path) -> list[tuple[str, int]]:
    metas = [entries.read_meta(p) for p in root.iterdir() if (p / "meta.json").exists()]
    found = sorted((m["written_at"], m["kind"], m["chain"]) for m in metas if m and "kind" in m)
    return [(kind, chain) for _, kind, chain in found]


@pytest.mark.parametrize("seed", [3, 8])
def test_delta_chain_read_from_disk_equals_fresh_replay(tmp_path, seed):
    criteria = default_criteria()
    ws, later = _workspace_in_steps(tmp_path, seed)
    with ws:
        root = cache_dir(ws)
        stats: list[CacheStats] = []
        entries.forget()
        cached_replay(ws, criteria, stats=stats)
        for path in later:
            ingest.import_file(ws, "activities", path)
            entries.forget()
            cached_replay(ws, criteria, stats=stats)
            _fresh(ws, criteria)  # a hit, read back through the chain
        assert [s.how for s in stats] == ["full"] + ["incremental"] * STEPS
        chain = [("delta", k) for k in range(1, entries.MAX_CHAIN + 1)]
        assert _kinds(root) == [("whole", 0), *chain, ("whole", 0), ("delta", 1)]


def test_damaged_or_foreign_delta_is_a_miss(tmp_path):
    criteria = default_criteria()
    ws, later = _workspace_in_steps(tmp_path, 5)
    with ws:
        root = cache_dir(ws)
        cached_replay(ws, criteria)
        ingest.import_file(ws, "activities", later[0])
        cached_replay(ws, criteria)
        delta = next(
            p for p in root.iterdir() if (entries.read_meta(p) or {}).get("kind") == "delta"
        )
        meta = entries.read_meta(delta)
        base = root / meta["base"]
        # the base rewritten by someone else (another entry_id): the delta is not over it
        base_meta = entries.read_meta(base)
        (base / "meta.json").write_text(json.dumps({**base_meta, "entry_id": "other"}))
        entries.forget()
        assert entries.read_entry(delta) is None
        _fresh(ws, criteria)
        # a damaged delta file, then a base gone: misses, each answered by a fresh replay
        for damage in ("file", "base"):
            ingest.import_file(ws, "activities", later[1 if damage == "file" else 2])
            entries.forget()
            cached_replay(ws, criteria)
            entries.forget()
            delta = max(root.iterdir(), key=lambda p: p.stat().st_mtime)
            meta = entries.read_meta(delta)
            assert meta["kind"] == "delta"
            if damage == "file":
                (delta / "delta-path.parquet").write_bytes(b"not parquet")
            else:
                shutil.rmtree(root / meta["base"])
            assert entries.read_entry(delta) is None
            _fresh(ws, criteria)


def test_prune_keeps_the_bases_of_kept_deltas(tmp_path):
    root = tmp_path / "c"
    root.mkdir()
    for n in range(MAX_ENTRIES + 3):
        (root / f"e{n:02d}").mkdir()
        base = {"base": f"e{n - 1:02d}"} if n else {}
        (root / f"e{n:02d}" / "meta.json").write_text(json.dumps(base))
    for n, entry in enumerate(sorted(root.iterdir())):
        os.utime(entry, (n, n))
    entries.prune(root, keep=2)
    assert sorted(p.name for p in root.iterdir()) == [
        f"e{n:02d}" for n in range(MAX_ENTRIES + 3 - entries.MAX_CHAIN - 2, MAX_ENTRIES + 3)
    ]


def test_the_model_fits_outlive_the_entries_imports_write(tmp_path):
    """The model fits and the results kept by content are bounded apart (scoring.derived):
    however many replays and derived entries a run of imports writes, the sidecar's bound
    never removes the fit the model lab shows while it refits, nor the Profile page's
    proposal (it did, and each page then built it again while the user waited)."""
    from analytics.scoring import cache
    from analytics.scoring.derived import MAX_MODEL_RESULTS

    root = tmp_path / "c"
    root.mkdir()
    names = [f"{cache.MODEL_RESULT}{n:032x}" for n in range(MAX_MODEL_RESULTS)]
    names += [f"{cache.CONTENT}profile-{n:032x}" for n in range(3)]
    names += [f"features-{n:032x}" for n in range(cache.MAX_ENTRIES + 5)]
    for n, name in enumerate(names):  # the fits are the least recently used
        (root / name).mkdir()
        (root / name / "meta.json").write_text("{}")
        os.utime(root / name, (n, n))
    cache._prune(root)
    left = sorted(p.name for p in root.iterdir())
    assert [n for n in left if n.startswith(cache.MODEL_RESULT)] == names[:MAX_MODEL_RESULTS]
    assert [n for n in left if n.startswith(cache.CONTENT)] == names[MAX_MODEL_RESULTS:][:3]
    assert [n for n in left if n.startswith("features-")] == sorted(names[-cache.MAX_ENTRIES :])


@settings(max_examples=60, deadline=None)
@given(
    rows=st.lists(st.tuples(st.integers(0, 12), st.integers(-5, 5)), max_size=30),
    steps=st.lists(
        st.tuples(
            st.sets(st.integers(0, 14), max_size=6),
            st.lists(st.tuples(st.integers(0, 14), st.integers(-5, 5)), max_size=8),
        ),
        min_size=1,
        max_size=4,
    ),
    read_after=st.integers(0, 4),
)
def test_a_pending_overlay_equals_the_overlays_made_one_by_one(rows, steps, read_after):
    """A run of imports whose path nobody reads lays its layers over one pending frame;
    read at any step, it is the frame the eager overlays give."""

    def frame(pairs):
        data = sorted(pairs, key=lambda p: p[0])
        return pl.DataFrame(
            {"lead_id": [f"L{k:02d}" for k, _ in data], "v": [v for _, v in data]},
            schema={"lead_id": pl.String, "v": pl.Int64},
        )

    eager = lazy = frame(rows)
    for i, (ids, new) in enumerate(steps):
        names = pl.Series("lead_id", [f"L{k:02d}" for k in sorted(ids)], dtype=pl.String)
        delta = frame([p for p in new if p[0] in ids])
        eager = entries.overlay(eager, names, delta)
        lazy = entries.PendingOverlay.over(lazy, names, delta)
        if i == read_after:
            assert_frame_equal(lazy.resolve(), eager)
    if read_after >= len(steps):  # never read on the way: every layer over the one frame
        assert len(lazy.layers) == len(steps)
    assert_frame_equal(lazy.resolve(), eager)


def test_a_pending_path_is_built_once_whichever_threads_read_it(monkeypatch):
    from concurrent.futures import ThreadPoolExecutor

    from analytics.scoring.replay import Replay

    built = []
    real = entries.overlay_layers
    monkeypatch.setattr(
        entries, "overlay_layers", lambda under, layers: built.append(1) or real(under, layers)
    )
    under = pl.DataFrame({"lead_id": ["a", "b", "c"], "total": [1.0, 2.0, 3.0]})
    pending = entries.PendingOverlay.over(
        under, pl.Series(["b"]), pl.DataFrame({"lead_id": ["b"], "total": [9.0]})
    )
    first = Replay(
        leads=pl.DataFrame(), path=pending, as_of=datetime(2025, 1, 1), criteria_sha256="x"
    )
    second = first.replace(leads=pl.DataFrame({"lead_id": ["a"]}))  # shares the pending path
    assert second.pending_path is pending and entries.path_schema(second) == dict(under.schema)
    with ThreadPoolExecutor(max_workers=4) as pool:
        paths = list(pool.map(lambda r: r.path, [first, second] * 4))
    assert len(built) == 1
    for path in paths:
        assert path.rows() == [("a", 1.0), ("b", 9.0), ("c", 3.0)]
    assert first.pending_path is None and second.pending_path is None
    with pytest.raises(AttributeError):
        first.leads = pl.DataFrame()  # a Replay is immutable
