"""The sidecar replay cache: a hit, an incremental replay and a full one give a fresh replay's frames."""

from __future__ import annotations

import dataclasses
import re
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path

import polars as pl
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

from analytics.criteria import EngagementRule, default_criteria
from analytics.scoring.cache import (
    ROW_COLUMNS,
    CacheStats,
    cache_dir,
    cached_leads,
    cached_replay,
    changed_leads,
    lead_rows,
    rows_in_memory,
)
from analytics.scoring.features import activity_condition
from analytics.scoring.replay import replay
from analytics.store import demo, ingest
from analytics.store.db import Workspace
from analytics.store.schema import SCHEMA

KINDS = ("leads", "activities", "deals", "bant", "feedback")


def _import(ws: Workspace, folder: Path, frames: dict[str, pl.DataFrame], tag: str) -> None:
    for kind in KINDS:
        frame = frames.get(kind)
        if frame is None or frame.height == 0:
            continue
        path = folder / f"{tag}-{kind}.csv"
        frame.write_csv(path)
        ingest.import_file(ws, kind, path)


def _assert_same(got, want) -> None:
    assert got.as_of == want.as_of and got.criteria_sha256 == want.criteria_sha256
    assert_frame_equal(got.leads, want.leads)
    assert_frame_equal(got.path, want.path)


def _split(frames: dict[str, pl.DataFrame], held: pl.Series, end) -> tuple[dict, dict]:
    """First import: everything but the held leads' activities and BANT before ``end``."""
    first, later = {}, {}
    for kind in KINDS:
        frame = frames[kind]
        if kind in ("activities", "bant"):
            time_col = "occurred_at" if kind == "activities" else "assessed_at"
            late = pl.col("lead_id").is_in(held.implode()) & (pl.col(time_col) < end)
            first[kind], later[kind] = frame.filter(~late), frame.filter(late)
        else:
            first[kind] = frame
    return first, later


def _keeps_the_end(deals: pl.DataFrame) -> pl.Expr:
    """Deals that may close at their creation without moving the data's end: not one that
    closed last (its earlier close would pull the end, and with it every lead's as-of,
    back, which rightly replays everything)."""
    return pl.col("closed_at").is_null() | (pl.col("closed_at") < deals["closed_at"].max())


@contextmanager
def _imported_first(
    frames: dict[str, pl.DataFrame], seed: int, share: float
) -> Iterator[tuple[Workspace, Path, pl.Series, dict, datetime]]:
    """A workspace (in a temporary folder) with everything imported but a ``share`` of the
    leads' activities and BANT before the data's end: ``(ws, folder, held leads, the rows
    held back, the data's end)``."""
    with tempfile.TemporaryDirectory(prefix="perf-cache-") as tmp:
        folder = Path(tmp)
        ws = Workspace.open(folder / "w.duckdb")
        try:
            ends = [frames["activities"]["occurred_at"].max(), frames["leads"]["created_at"].max()]
            end = max(e for e in ends if e is not None)
            held = frames["leads"]["lead_id"].sample(fraction=share, seed=seed)
            first, later = _split(frames, held, end)
            _import(ws, folder, first, "first")
            yield ws, folder, held, later, end
        finally:
            ws.close()


@settings(
    max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)  # fmt: skip
@given(
    seed=st.integers(min_value=1, max_value=10_000),
    share=st.floats(min_value=0.02, max_value=0.15),
    edit=st.booleans(),
)
def test_incremental_equals_fresh_replay(seed, share, edit):
    frames = demo.generate_demo(leads=120, seed=seed)
    frames["deals"] = frames["deals"].filter(pl.col("lead_id").is_not_null())
    criteria = default_criteria()
    with _imported_first(frames, seed, share) as (ws, folder, held, later, _end):
        stats: list[CacheStats] = []
        _assert_same(cached_replay(ws, criteria, stats=stats), replay(ws, criteria))
        _assert_same(cached_replay(ws, criteria, stats=stats), replay(ws, criteria))
        if edit:  # a lead attribute changes too
            changed = frames["leads"].filter(pl.col("lead_id").is_in(held.implode()))
            later["leads"] = changed.with_columns(pl.col("employees") * 3 + 7)
        _import(ws, folder, later, "later")
        _assert_same(cached_replay(ws, criteria, stats=stats), replay(ws, criteria))
        assert [s.how for s in stats[:2]] == ["full", "hit"]
        assert stats[2].how == "incremental"
        assert stats[2].replayed_leads <= held.len()


def test_cache_sidecar_and_misses(tmp_path):
    db = tmp_path / "w.duckdb"
    criteria = default_criteria()
    with Workspace.open(db) as ws:
        demo.load_demo(ws, leads=60, seed=5)
        assert cache_dir(ws) == tmp_path / "w.duckdb.cache"
        stats: list[CacheStats] = []
        first = cached_replay(ws, criteria, stats=stats)
        assert len(list((tmp_path / "w.duckdb.cache").iterdir())) == 1
        assert_frame_equal(cached_leads(ws, criteria), first.leads)
        # other criteria: a full replay of their own, kept beside
        stricter = replace(criteria, threshold=120.0)
        cached_replay(ws, stricter, stats=stats)
        assert [s.how for s in stats] == ["full", "full"]
        # a damaged entry is a miss, never an error
        for entry in (tmp_path / "w.duckdb.cache").iterdir():
            (entry / "leads.parquet").write_bytes(b"not parquet")
        _assert_same(cached_replay(ws, criteria, stats=stats), first)
        # the demo writes without imports: nothing is stamped, so nothing counts as changed
        assert changed_leads(ws, 0).len() == 0


def test_a_workspace_restored_from_a_copy_never_reads_the_history_it_lost(tmp_path):
    # import; copy the file; import B; put the copy back; import C: the same data version,
    # row counts and import id as after B, other data. The cache must not answer with B's
    # replay (same key but for the data token), nor build on B's entry (same import id, not
    # the same import): it builds on the entry both histories share.
    frames = demo.generate_demo(leads=80, seed=11)
    frames["deals"] = frames["deals"].filter(pl.col("lead_id").is_not_null())
    criteria = default_criteria()
    db, copy = tmp_path / "w.duckdb", tmp_path / "copy.duckdb"
    some = pl.col("lead_id").is_in(frames["leads"]["lead_id"].head(10).implode())
    stats: list[CacheStats] = []
    with Workspace.open(db) as ws:
        _import(ws, tmp_path, frames, "first")
        cached_replay(ws, criteria, stats=stats)
    shutil.copy(db, copy)
    with Workspace.open(db) as ws:
        edited = {"leads": frames["leads"].filter(some).with_columns(employees=pl.lit(5000))}
        _import(ws, tmp_path, edited, "b")
        lost = cached_replay(ws, criteria, stats=stats)
        version = ws.data_version
    shutil.copy(copy, db)
    with Workspace.open(db) as ws:
        edited = {"leads": frames["leads"].filter(some).with_columns(employees=pl.lit(3))}
        _import(ws, tmp_path, edited, "c")
        assert ws.data_version == version
        got = cached_replay(ws, criteria, stats=stats)
        _assert_same(got, replay(ws, criteria))
    assert not got.leads.equals(lost.leads)
    assert [s.how for s in stats] == ["full", "incremental", "incremental"]


def test_lead_rows_are_read_once_per_data_version(tmp_path):
    # the updates after an import (replay, feature matrix, rule points) ask for the same
    # changed leads' rows: read once while the data stays as it is, read again after a change
    with Workspace.open(tmp_path / "w.duckdb") as ws:
        demo.load_demo(ws, leads=40, seed=3)
        ids = ws.query("SELECT lead_id FROM leads ORDER BY lead_id LIMIT 5")["lead_id"]
        first = lead_rows(ws, ids, tables=("activities",))["activities"]
        again = lead_rows(ws, ids.reverse(), tables=("leads", "activities"))
        assert again["activities"] is first and again["leads"].num_rows == 5
        extra = tmp_path / "more.csv"
        pl.DataFrame(
            {"lead_id": ids, "occurred_at": ["2026-11-01 10:00:00"] * 5, "type": ["webinar"] * 5}
        ).write_csv(extra)
        ingest.import_file(ws, "activities", extra)
        after = lead_rows(ws, ids, tables=("activities",))["activities"]
        assert after is not first and after.num_rows == first.num_rows + 5


def test_the_rows_copied_for_a_few_leads_hold_every_column_a_rule_reads(tmp_path):
    """An update after an import copies the changed leads' activities with the lead, the
    time and the columns a rule can match on; an activity's duration and import are never
    scored, so they stay behind (and a rule on a column left behind would fail here)."""
    rule = EngagementRule(
        "all", 1.0, types=("a",), detail=("b",), detail_contains=("c",), campaign=("d",)
    )
    condition, _ = activity_condition(rule)
    named = {c.name for c in SCHEMA["activities"].columns if re.search(rf"\b{c.name}\b", condition)}
    assert named == {"type", "detail", "campaign"}
    assert named | {"lead_id", "occurred_at"} == set(ROW_COLUMNS["activities"])
    with Workspace.open(tmp_path / "w.duckdb") as ws:
        demo.load_demo(ws, leads=40, seed=3)
        ids = ws.query("SELECT lead_id FROM leads ORDER BY lead_id LIMIT 5")["lead_id"]
        rows = lead_rows(ws, ids, tables=("leads", "activities"))
        assert rows["activities"].column_names == list(ROW_COLUMNS["activities"])
        assert rows["leads"].column_names == list(ws.columns("leads"))  # every lead column
        with rows_in_memory(ws, ids, ("leads", "activities")) as part:
            assert list(part.columns("activities")) == list(ROW_COLUMNS["activities"])
            want = ws.query(
                "SELECT count(*) AS n FROM activities WHERE lead_id IN (SELECT unnest(?))",
                [ids.to_list()],
            )
            assert part.scalar("SELECT count(*) FROM activities") == want["n"][0] > 0


@pytest.mark.parametrize("snapshot", [False, True])
def test_cached_sweep_equals_fresh(tmp_path, snapshot):
    """Every field of the sweep reads back as prepared, a snapshot's (no creation dates:
    totals, no months) included."""
    from analytics.metrics.whatif import prepare_workspace
    from analytics.metrics.whatif.cached import cached_sweep, sweep_key
    from analytics.metrics.whatif.sweep import Sweep

    criteria = default_criteria()
    with Workspace.open(tmp_path / "w.duckdb") as ws:
        if snapshot:  # a leads export with its outcome and no dates, as many CRMs give
            leads = tmp_path / "leads.csv"
            pl.DataFrame(
                {
                    "lead_id": [f"L{i}" for i in range(40)],
                    "employees": [600, 20] * 20,
                    "page_views": [300, 5, 90, 40] * 10,
                    "converted": ["true"] * 8 + ["false"] * 32,
                }
            ).write_csv(leads)
            ingest.import_file(ws, "leads", leads)
        else:
            demo.load_demo(ws, leads=80, seed=6)
        fresh = prepare_workspace(ws, criteria).sweep
        assert fresh.snapshot is snapshot
        first = cached_sweep(ws, criteria)
        assert (tmp_path / "w.duckdb.cache" / sweep_key(ws, criteria)).is_dir()
        again = cached_sweep(ws, criteria)
        for got in (first, again):
            for field in dataclasses.fields(Sweep):
                value, want = getattr(got, field.name), getattr(fresh, field.name)
                if isinstance(want, pl.DataFrame):
                    assert_frame_equal(value, want)
                elif isinstance(want, pl.Series):
                    assert value.equals(want)
                else:
                    assert value == want, field.name


@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(min_value=1, max_value=10_000), share=st.floats(0.02, 0.1))
def test_incremental_equals_fresh_replay_with_deals_linked_across_leads(seed, share):
    """Deals that name no lead link by e-mail or company, across leads (real CRM exports):
    the replay stays incremental, with the leads whose deals changed or moved replayed too."""
    frames = demo.generate_demo(leads=120, seed=seed)
    i = pl.int_range(pl.len())
    frames["deals"] = frames["deals"].with_columns(
        lead_id=pl.when(i % 3 == 0).then(None).otherwise(pl.col("lead_id")),  # by e-mail …
        contact_email=pl.when(i % 6 == 0)
        .then(None)
        .otherwise(pl.col("contact_email")),  # … company
    )
    criteria = default_criteria()
    with _imported_first(frames, seed, share) as (ws, folder, _held, later, _end):
        stats: list[CacheStats] = []
        _assert_same(cached_replay(ws, criteria, stats=stats), replay(ws, criteria))
        by_company = frames["deals"].filter(
            (i % 6 == 0)
            & pl.col("account").is_not_null()
            & pl.col("created_at").is_not_null()
            & _keeps_the_end(frames["deals"])
        )
        assume(by_company.height > 0)  # a demo with no such deal has nothing to take over
        # a deal's amount and outcome change, and a new lead of a deal's company created just
        # before the deal takes that deal over (the company's lead created most recently)
        later["deals"] = by_company.head(2).with_columns(
            pl.col("amount") * 2 + 1, is_won=True, closed_at=pl.col("created_at")
        )
        taker = by_company.tail(1)
        later["leads"] = pl.DataFrame(
            {
                "lead_id": ["NEW-1"],
                "company": taker["account"],
                "created_at": taker["created_at"] - timedelta(seconds=1),
            }
        )
        _import(ws, folder, later, "later")
        _assert_same(cached_replay(ws, criteria, stats=stats), replay(ws, criteria))
        assert [s.how for s in stats] == ["full", "incremental"]


def _linked_by_email(seed: int) -> dict[str, pl.DataFrame]:
    """A demo whose every other deal names no lead: linked by e-mail, across leads."""
    frames = demo.generate_demo(leads=120, seed=seed)
    i = pl.int_range(pl.len())
    frames["deals"] = frames["deals"].with_columns(
        lead_id=pl.when(i % 2 == 0).then(None).otherwise(pl.col("lead_id"))
    )
    return frames


def test_an_import_of_activities_keeps_the_deal_links_it_cannot_change():
    """Deal links read only the leads and deals: after an import of activities alone, the
    update reuses the entry's links (linking the whole workspace again cost ~0.17 s at
    100k leads), and still equals a fresh replay; an import of deals links anew."""
    from unittest import mock

    from analytics.scoring import cache as cache_module
    from analytics.scoring.linking import link_deals

    frames = _linked_by_email(11)
    criteria = default_criteria()
    with _imported_first(frames, 11, 0.1) as (ws, folder, _held, later, _end):
        stats: list[CacheStats] = []
        cached_replay(ws, criteria, stats=stats)
        _import(ws, folder, {"activities": later["activities"]}, "acts")
        with mock.patch.object(cache_module, "link_deals", wraps=link_deals) as spy:
            got = cached_replay(ws, criteria, stats=stats)
        assert spy.call_count == 0
        _assert_same(got, replay(ws, criteria))
        moved = frames["deals"].filter(pl.col("lead_id").is_null()).head(1)
        _import(ws, folder, {"deals": moved.with_columns(amount=pl.lit(7.0))}, "deal")
        with mock.patch.object(cache_module, "link_deals", wraps=link_deals) as spy:
            got = cached_replay(ws, criteria, stats=stats)
        assert spy.call_count == 1
        _assert_same(got, replay(ws, criteria))
        assert [s.how for s in stats] == ["full", "incremental", "incremental"]


def test_a_full_replay_links_the_deals_once():
    """Deals linked across leads: a replay written to the cache from scratch links the
    deals once (the links the entry keeps serve the replay too; it linked them twice, ~1 s
    at 1M leads), and equals a fresh replay."""
    from unittest import mock

    from analytics.scoring import cache as cache_module
    from analytics.scoring import linking
    from analytics.scoring.linking import link_deals

    frames = _linked_by_email(12)
    criteria = default_criteria()
    with _imported_first(frames, 12, 0.1) as (ws, _folder, _held, _later, _end):
        stats: list[CacheStats] = []
        with (
            mock.patch.object(cache_module, "link_deals", wraps=link_deals) as in_cache,
            mock.patch.object(linking, "link_deals", wraps=link_deals) as in_replay,
        ):
            got = cached_replay(ws, criteria, stats=stats)
        assert [s.how for s in stats] == ["full"]
        assert in_cache.call_count + in_replay.call_count == 1
        _assert_same(got, replay(ws, criteria))


@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(min_value=1, max_value=10_000), share=st.floats(0.02, 0.1))
def test_features_after_an_import_equal_a_fresh_build(seed, share):
    """The kept feature matrix is updated for the changed leads alone (their leads and
    activities rows built in memory), and equals a build from scratch."""
    from unittest import mock

    from analytics.scoring import derived
    from analytics.scoring.features import build_features

    frames = demo.generate_demo(leads=120, seed=seed)
    criteria = default_criteria()
    with _imported_first(frames, seed, share) as (ws, folder, held, later, end):
        assert_frame_equal(
            derived.cached_features(ws, criteria).frame, build_features(ws, criteria).frame
        )
        changed = frames["leads"].filter(pl.col("lead_id").is_in(held.implode()))
        later["leads"] = pl.concat(
            [
                changed.with_columns(pl.col("employees") * 3 + 7),
                changed.head(1).with_columns(lead_id=pl.lit("NEW-1"), created_at=pl.lit(end)),
            ]
        )
        _import(ws, folder, later, "later")
        built = []
        with mock.patch.object(derived, "build_features", wraps=build_features) as spy:
            got = derived.cached_features(ws, criteria)
            built = [call.args[0].path for call in spy.call_args_list]
        assert built == [":memory:"]  # only the changed leads were built
        want = build_features(ws, criteria)
        assert_frame_equal(got.frame, want.frame)
        assert got.as_of == want.as_of


@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(min_value=1, max_value=10_000), share=st.floats(0.02, 0.1))
def test_rule_points_after_an_import_equal_a_fresh_build(seed, share):
    """The kept rule points at each hand-off are built again only for the leads whose rows
    changed or whose hand-off moved (deals linked across leads included), and equal a build
    from scratch."""
    from unittest import mock

    from analytics.metrics.feedback import kept
    from analytics.metrics.feedback.rules import load_rule_points

    frames = demo.generate_demo(leads=120, seed=seed)
    i = pl.int_range(pl.len())
    frames["deals"] = frames["deals"].with_columns(
        lead_id=pl.when(i % 3 == 0).then(None).otherwise(pl.col("lead_id"))
    )
    criteria = default_criteria()
    order = ["lead_id", "rule", "layer"]
    with _imported_first(frames, seed, share) as (ws, folder, _held, later, _end):
        leads = cached_replay(ws, criteria).leads
        assert_frame_equal(
            kept.cached_rule_points(ws, criteria, leads).sort(order),
            load_rule_points(ws, criteria, leads).sort(order),
        )
        later["deals"] = (
            frames["deals"]
            .filter((i % 3 == 0) & _keeps_the_end(frames["deals"]))
            .head(2)
            .with_columns(closed_at=pl.col("created_at"), is_won=True)
        )
        _import(ws, folder, later, "later")
        leads = cached_replay(ws, criteria).leads
        with mock.patch.object(kept, "load_rule_points", wraps=load_rule_points) as spy:
            got = kept.cached_rule_points(ws, criteria, leads)
            built = [call.args[0].path for call in spy.call_args_list]
        assert built == [":memory:"]  # only the changed leads were built
        assert_frame_equal(got.sort(order), load_rule_points(ws, criteria, leads).sort(order))


def test_an_import_brings_the_replay_in_force_up_to_date():
    """``update_after_import``: with a replay kept to build on, an import leaves the replay
    of the criteria in force up to date (incremental), so the next reader is a hit equal to
    a fresh replay; with none kept, or after an import that changed most leads, it leaves
    the replay to the first reader and writes nothing."""
    from analytics.scoring.cache import update_after_import

    frames = demo.generate_demo(leads=120, seed=5)
    frames["deals"] = frames["deals"].filter(pl.col("lead_id").is_not_null())
    criteria = default_criteria()
    with _imported_first(frames, 5, 0.1) as (ws, folder, _held, later, _end):
        root = cache_dir(ws)
        assert update_after_import(ws, criteria) is None  # nothing kept: no whole replay here
        assert not root.exists() or not any(root.iterdir())
        cached_replay(ws, criteria)
        _import(ws, folder, {"activities": later["activities"]}, "later")
        stats = update_after_import(ws, criteria)
        new = later["activities"]["lead_id"].n_unique()
        assert new > 0 and stats == CacheStats("incremental", new)
        found: list[CacheStats] = []
        _assert_same(cached_replay(ws, criteria, stats=found), replay(ws, criteria))
        assert found == [CacheStats("hit", 0)]
        assert update_after_import(ws, criteria) == CacheStats("hit", 0)
        # most leads changed: a whole replay, left to the first reader
        moved = frames["leads"].with_columns(pl.col("company") + " KK")
        _import(ws, folder, {"leads": moved}, "moved")
        assert update_after_import(ws, criteria) is None
        found.clear()
        cached_replay(ws, criteria, stats=found)
        assert [s.how for s in found] == ["full"]


def test_the_import_command_leaves_the_replay_up_to_date(tmp_path):
    """``python -m analytics import`` brings the replay in force up to date after writing
    rows (not on a dry run): the next command's replay is a hit."""
    from analytics.cli.main import main

    frames = demo.generate_demo(leads=80, seed=8)
    frames["deals"] = frames["deals"].filter(pl.col("lead_id").is_not_null())
    db = tmp_path / "w.duckdb"
    with Workspace.open(db) as ws:
        first = {k: v for k, v in frames.items() if k in KINDS}
        late = frames["activities"]["occurred_at"] < frames["activities"]["occurred_at"].max()
        some = frames["leads"]["lead_id"].head(5).implode()
        held = late & frames["activities"]["lead_id"].is_in(some)
        first["activities"] = frames["activities"].filter(~held)
        _import(ws, tmp_path, first, "first")
        cached_replay(ws, default_criteria())
    path = tmp_path / "later.csv"
    frames["activities"].filter(held).write_csv(path)
    for dry_run in (True, False):
        args = ["import", "activities", str(path), "--db", str(db), "--format", "json"]
        assert main([*args, "--dry-run"] if dry_run else args) == 0
        with Workspace.open(db, read_only=True) as ws:
            found: list[CacheStats] = []
            cached_replay(ws, default_criteria(), stats=found)
            # the dry run wrote nothing, so the kept replay is still the current one
            assert found[0].how == "hit"
    # --no-refresh: a script importing several files leaves the update to the next reader
    moved = (
        frames["activities"].filter(held).with_columns(pl.col("occurred_at") - timedelta(seconds=1))
    )
    moved.write_csv(path)
    args = ["import", "activities", str(path), "--db", str(db), "--no-refresh"]
    assert main([*args, "--format", "json"]) == 0
    with Workspace.open(db, read_only=True) as ws:
        found = []
        cached_replay(ws, default_criteria(), stats=found)
        assert found[0].how == "incremental"


def test_the_path_of_incremental_replays_is_laid_over_when_first_read():
    """Two imports whose path nobody reads (``bands`` reads the leads alone): the leads are
    up to date at once, the path is one overlay of both imports' leads when first read."""
    from analytics.scoring import cache_entries as entries

    frames = demo.generate_demo(leads=150, seed=17)
    frames["deals"] = frames["deals"].filter(pl.col("lead_id").is_not_null())
    criteria = default_criteria()
    with _imported_first(frames, 17, 0.1) as (ws, folder, held, later, _end):
        stats: list[CacheStats] = []
        cached_replay(ws, criteria, stats=stats)
        first_half = pl.col("lead_id").is_in(held.head(held.len() // 2).implode())
        for tag, rows in (("one", first_half), ("two", ~first_half)):
            _import(ws, folder, {k: f.filter(rows) for k, f in later.items()}, tag)
            got = cached_replay(ws, criteria, stats=stats)
            assert isinstance(got.pending_path, entries.PendingOverlay)
            assert_frame_equal(got.leads, replay(ws, criteria).leads)
        assert [s.how for s in stats] == ["full", "incremental", "incremental"]
        assert len(got.pending_path.layers) == 2
        _assert_same(got, replay(ws, criteria))
        assert got.pending_path is None
