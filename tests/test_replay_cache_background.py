"""Replay cache entries written in the background (the command line; the server writes at once).

The writer thread is held at a gate (its real ``_write_files`` runs once the gate opens),
so that each test sees the moment between the answer and the entry's files on disk.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from analytics.criteria import default_criteria
from analytics.scoring import cache_entries as entries
from analytics.scoring.cache import CacheStats, cache_dir, cached_leads, cached_replay, replay_key
from analytics.store import demo, ingest
from analytics.store.db import Workspace


@pytest.fixture
def gate(monkeypatch) -> Iterator[threading.Event]:
    """Background writing on, every write held until the event is set."""
    opened = threading.Event()
    write = entries._write_files

    def held(*args, **kwargs):
        assert opened.wait(30), "the test never opened the gate"
        return write(*args, **kwargs)

    monkeypatch.setattr(entries, "_write_files", held)
    entries.write_in_background()
    yield opened
    opened.set()
    entries.settle()
    entries.write_in_background(False)
    entries.forget()


@pytest.fixture
def ws(tmp_path) -> Iterator[Workspace]:
    with Workspace.open(tmp_path / "w.duckdb") as ws:
        demo.load_demo(ws, leads=60, seed=5)
        yield ws


def _entry(ws: Workspace) -> Path:
    root = cache_dir(ws)
    assert root is not None
    return root / replay_key(ws, default_criteria(), None)


def test_the_answer_comes_before_the_entry_is_on_disk_and_is_kept_meanwhile(ws, gate):
    criteria = default_criteria()
    stats: list[CacheStats] = []
    first = cached_replay(ws, criteria, stats=stats)
    entry = _entry(ws)
    assert not (entry / "meta.json").exists()  # still held at the gate
    assert entries.exists(entry)
    assert entries.read_meta(entry)["kind"] == "whole"
    # the same process asks again: answered from memory, not replayed
    again = cached_replay(ws, criteria, stats=stats)
    assert [s.how for s in stats] == ["full", "hit"]
    assert_frame_equal(again.leads, first.leads)
    assert_frame_equal(cached_leads(ws, criteria), first.leads)
    gate.set()
    entries.settle()
    assert (entry / "meta.json").exists() and (entry / "leads.parquet").exists()
    assert not entries._pending
    entries.forget()  # as a new process: read back from disk
    assert_frame_equal(cached_replay(ws, criteria, stats=stats).leads, first.leads)
    assert stats[-1].how == "hit"


def test_a_reader_that_no_longer_has_it_in_memory_waits_for_its_files(ws, gate):
    first = cached_replay(ws, default_criteria())
    entry = _entry(ws)
    entries.forget()  # e.g. another criteria's replay took the memo
    found: list = []
    reader = threading.Thread(target=lambda: found.append(entries.read_entry(entry)))
    reader.start()
    reader.join(0.3)
    assert reader.is_alive() and not found  # waiting for the writer, not missing
    gate.set()
    reader.join(30)
    assert found[0] is not None
    assert_frame_equal(found[0][0].leads, first.leads)


def test_an_import_after_a_pending_write_builds_on_it(ws, gate, tmp_path):
    criteria = default_criteria()
    cached_replay(ws, criteria)
    before = _entry(ws)
    late = ws.query("SELECT * EXCLUDE (import_id) FROM activities LIMIT 5").with_columns(
        pl.col("occurred_at") - pl.duration(seconds=1)
    )
    late.write_csv(tmp_path / "late.csv")
    ingest.import_file(ws, "activities", tmp_path / "late.csv")
    assert entries.exists(before) and not (before / "meta.json").exists()  # still held
    # the incremental step looks for entries on disk: it waits for this one's files
    threading.Timer(0.3, gate.set).start()
    stats: list[CacheStats] = []
    cached_replay(ws, criteria, stats=stats)
    assert stats[0].how == "incremental"


def test_a_write_that_fails_leaves_no_entry_and_no_error(ws, gate, monkeypatch):
    def full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(pl.DataFrame, "write_parquet", full)
    cached_replay(ws, default_criteria())
    entry = _entry(ws)
    gate.set()
    entries.settle()  # never raises
    assert not entries.exists(entry)
    assert not [p for p in entry.parent.iterdir() if p.name.startswith(".tmp-")]
    monkeypatch.undo()
    entries.forget()
    stats: list[CacheStats] = []
    cached_replay(ws, default_criteria(), stats=stats)
    assert stats[0].how == "full"  # a miss, replayed again


def test_the_command_line_prints_first_and_returns_with_every_entry_written(tmp_path, capsys):
    from analytics.cli.main import main

    db = tmp_path / "w.duckdb"
    with Workspace.open(db) as ws:
        demo.load_demo(ws, leads=60, seed=5)
    assert main(["bands", "--db", str(db), "--format", "json"]) == 0
    assert '"band"' in capsys.readouterr().out
    assert not entries._pending and not entries._background
    with Workspace.open(db, read_only=True) as ws:
        assert (_entry(ws) / "meta.json").exists()
