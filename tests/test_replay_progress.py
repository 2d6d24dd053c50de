"""Replay progress: stages in order with an estimate, on stderr (never in JSON) and on the page."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import streamlit as st
from hypothesis import given
from hypothesis import strategies as hs
from polars.testing import assert_frame_equal
from streamlit.testing.v1 import AppTest

from analytics.cli import command
from analytics.criteria.agreement import criteria_in_force
from analytics.scoring.cache import CacheStats, cached_replay
from analytics.scoring.replay import replay
from analytics.store.db import Workspace
from analytics.store.demo import load_demo
from analytics.store.progress import TASK_SHARES, Progress, ProgressClock, describe
from tests.test_pages import run_page

ROOT = Path(__file__).resolve().parent.parent
REPLAY_STAGES = list(TASK_SHARES["replay"])
LEADS = 300


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small demo workspace file, built once; tests copy it (each gets a cold sidecar)."""
    path = tmp_path_factory.mktemp("replay_progress") / "demo.duckdb"
    with Workspace.open(path) as ws:
        load_demo(ws, leads=LEADS)
    return path


@pytest.fixture
def cold_db(demo_file: Path, tmp_path: Path) -> Path:
    """A copy of the demo workspace without a replay cache beside it."""
    path = tmp_path / "w.duckdb"
    shutil.copy(demo_file, path)
    return path


def check_reports(seen: list[Progress], stages: list[str]) -> None:
    """The reports name ``stages`` in order, with monotone shares ending at 1.0 and an estimate."""
    assert [p.stage for p in seen] == stages
    assert all(p.task == "replay" for p in seen)
    fractions = [p.fraction for p in seen]
    assert fractions == sorted(fractions) and fractions[0] == 0.0 and fractions[-1] == 1.0
    elapsed = [p.elapsed_s for p in seen]
    assert elapsed == sorted(elapsed)
    assert seen[0].remaining_s is None  # nothing measured yet
    assert all(p.remaining_s is not None and p.remaining_s >= 0.0 for p in seen[1:])
    assert seen[-1].remaining_s == 0.0


# --------------------------------------------------------------------------- the library
def test_replay_reports_its_stages(cold_db: Path) -> None:
    seen: list[Progress] = []
    with Workspace.open(cold_db, read_only=True) as ws:
        criteria = criteria_in_force(ws)[0]
        quiet = replay(ws, criteria)
        reported = replay(ws, criteria, progress=seen.append)
    check_reports(seen, [s for s in REPLAY_STAGES if s != "cache"])
    assert_frame_equal(reported.leads, quiet.leads)  # reporting changes nothing
    assert_frame_equal(reported.path, quiet.path)


def test_cached_replay_reports_a_miss_only(cold_db: Path) -> None:
    stats: list[CacheStats] = []
    with Workspace.open(cold_db, read_only=True) as ws:
        criteria = criteria_in_force(ws)[0]
        first: list[Progress] = []
        cached_replay(ws, criteria, progress=first.append, stats=stats)
        again: list[Progress] = []
        cached_replay(ws, criteria, progress=again.append, stats=stats)
    check_reports(first, REPLAY_STAGES)  # the replay's stages, then writing the cache
    assert again == []
    assert [s.how for s in stats] == ["full", "hit"]


def test_a_workspace_in_memory_reports_the_replay() -> None:
    seen: list[Progress] = []
    with Workspace.open(":memory:") as ws:
        load_demo(ws, leads=50)
        cached_replay(ws, criteria_in_force(ws)[0], progress=seen.append)
    check_reports(seen, [s for s in REPLAY_STAGES if s != "cache"])


@given(
    task=hs.sampled_from(sorted(TASK_SHARES)),
    picks=hs.lists(hs.booleans(), min_size=8, max_size=8),
)
def test_any_run_of_stages_is_monotone_and_ends_at_one(task: str, picks: list[bool]) -> None:
    before_done = list(TASK_SHARES[task])[:-1]
    stages = [s for s, keep in zip(before_done, picks, strict=False) if keep]
    seen: list[Progress] = []
    outer = ProgressClock(seen.append, task=task)
    inner = ProgressClock(outer.relay, task=task)
    for stage in [*stages, "done"]:
        inner.stage(stage)  # the inner "done" is the outer's to say
    outer.stage("done")
    fractions = [p.fraction for p in seen]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0
    assert [p.stage for p in seen] == [*stages, "done"]
    assert seen[-1].remaining_s == 0.0


def test_describe_names_the_task() -> None:
    line = describe(Progress("score", 0.45, 9.4, 11.4, task="replay"))
    assert line == "replay: score · 45% · 9 s elapsed, about 11 s left"


# --------------------------------------------------------------------------- the CLI
def _cli(db: Path, *args: str, progress: str | None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "KAKEHASHI_PROGRESS"}
    env["PYTHONPATH"] = str(ROOT)
    if progress is not None:
        env["KAKEHASHI_PROGRESS"] = progress
    return subprocess.run(
        [sys.executable, "-m", "analytics", *args, "--db", str(db), "--format", "json"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=300,
        check=False,
    )


def _replay_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("replay: ")]


def test_cli_progress_on_stderr_never_in_json(cold_db: Path) -> None:
    done = _cli(cold_db, "score", progress="1")
    assert done.returncode == 0, done.stderr
    assert len(json.loads(done.stdout)) == LEADS  # stdout is the JSON alone
    lines = _replay_lines(done.stderr)
    assert [line.split(" · ")[0] for line in lines] == [f"replay: {s}" for s in REPLAY_STAGES]
    assert lines[-1].startswith("replay: done · 100% · ")
    assert "left" in lines[1]
    # the next command finds the replay in the cache: nothing to report
    bands = _cli(cold_db, "bands", progress="1")
    assert bands.returncode == 0, bands.stderr
    assert json.loads(bands.stdout) and _replay_lines(bands.stderr) == []


def test_cli_is_quiet_for_a_small_workspace_in_a_pipe(cold_db: Path) -> None:
    done = _cli(cold_db, "whatif", progress=None)  # a miss, but stderr is no terminal
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["mql"] >= 0
    assert _replay_lines(done.stderr) == []


def test_cli_progress_by_workspace_size(
    cold_db: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("KAKEHASHI_PROGRESS", raising=False)
    with Workspace.open(cold_db, read_only=True) as ws:
        assert command.replay_progress(ws) is None  # 300 leads, stderr captured: no terminal
        monkeypatch.setattr(command, "LARGE_WORKSPACE_LEADS", LEADS)
        assert command.replay_progress(ws) is not None  # a large workspace reports
        monkeypatch.setenv("KAKEHASHI_PROGRESS", "0")
        assert command.replay_progress(ws) is None  # unless told not to
        monkeypatch.setenv("KAKEHASHI_PROGRESS", "1")
        report = command.replay_progress(ws)
    assert report is not None
    report(Progress("moments", 0.8, 4.0, 1.0, task="replay"))
    out = capsys.readouterr()
    assert out.out == "" and out.err == "replay: moments · 80% · 4 s elapsed, about 1 s left\n"


def test_compare_reports_both_replays(
    cold_db: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from analytics.cli.main import main

    monkeypatch.setenv("KAKEHASHI_PROGRESS", "1")
    toml = str(ROOT / "criteria" / "default.toml")
    assert main(["compare", toml, toml, "--db", str(cold_db), "--format", "json"]) == 0
    out = capsys.readouterr()
    assert json.loads(out.out)  # stdout is the JSON alone
    stages = [line.split(" · ")[0] for line in _replay_lines(out.err)]
    once = [f"replay: {s}" for s in REPLAY_STAGES if s != "cache"]  # never cached: no cache stage
    assert stages == once + once


# --------------------------------------------------------------------------- the pages
def _bar_script() -> None:
    import streamlit as st

    from analytics.store.progress import Progress
    from ui.progress import ReplayProgress

    bar = ReplayProgress()
    bar(Progress("read", 0.0, 0.0, None, task="replay"))
    bar(Progress("score", 0.45, 9.0, 11.0, task="replay"))
    if st.session_state.get("close"):
        bar.close()


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("en", ["scoring each lead along its path", "9 s elapsed", "about 11 s left"]),
        ("ja", ["スコアの推移を計算中", "経過 9 秒", "残り約 11 秒"]),
    ],
)
def test_the_page_bar_speaks_the_sidebar_language(lang: str, words: list[str]) -> None:
    at = AppTest.from_function(_bar_script, default_timeout=60)
    at.session_state["app.lang"] = lang
    at.run()
    assert not at.exception
    (bar,) = at.get("progress")
    assert bar.proto.value == 45
    assert all(word in bar.proto.text for word in words), bar.proto.text
    at.session_state["close"] = True
    at.run()
    assert at.get("progress") == []  # removed when the replay is done


def _empties(at: AppTest) -> int:
    return len(at.get("empty"))


def test_a_page_shows_the_first_replay_and_then_nothing(cold_db: Path) -> None:
    from analytics.scoring import cache_entries

    def new_process() -> None:  # nothing in memory: no cached page results, no kept replay
        st.cache_data.clear()
        st.cache_resource.clear()
        cache_entries.forget()

    new_process()
    cold = run_page("pages/funnel.py", cold_db)
    assert not cold.exception
    assert any((cold_db.parent / "w.duckdb.cache").iterdir())  # the page replayed and kept it
    new_process()  # the replay is a hit on disk: no bar at all
    warm = run_page("pages/funnel.py", cold_db)
    assert not warm.exception
    assert _empties(cold) == _empties(warm) + 1  # the bar's place, emptied when done
