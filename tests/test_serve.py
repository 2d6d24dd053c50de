"""The dashboard's launcher (``serve.py``): every page's modules imported before the server.

The browser tests (``tests/test_browser.py``) start every dashboard with it.
"""

from __future__ import annotations

import ast
import contextlib
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

import serve
from analytics.criteria.agreement import criteria_in_force
from analytics.scoring.cache import CacheStats, cached_replay
from analytics.store.access import SharedWorkspace
from analytics.store.db import Workspace
from tests.test_pages import ROOT, demo_db, empty_db  # noqa: F401  (fixtures)


def test_page_modules_are_what_app_and_every_page_import():
    names = set(serve.page_modules())
    for path in [ROOT / "app.py", *(ROOT / "pages").glob("*.py")]:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in tree.body:
            if isinstance(node, ast.ImportFrom) and node.module != "__future__":
                assert node.module in names, (path.name, node.module)
            elif isinstance(node, ast.Import):
                assert {a.name for a in node.names} <= names, path.name
    assert {"ui", "streamlit", "analytics.charts.model"} <= names


def test_warm_imports_everything_quietly_in_a_new_process():
    code = (
        "import sys, serve\n"
        "names = serve.warm()\n"
        "missing = [n for n in names if n not in sys.modules]\n"
        "print(len(names), missing)\n"
    )
    done = _python(code)
    count, missing = done.stdout.split(" ", 1)
    assert int(count) >= len(serve.LAZY_MODULES) + 10 and missing.strip() == "[]"
    # Streamlit's warning about caches declared before its server runs is muted
    assert "No runtime found" not in done.stderr


def test_warm_maps_the_modules_to_their_files_before_the_first_page():
    """Streamlit's once-a-process REPL check (``inspect.stack()`` at a page's first element)
    then resolves a few paths, not one per imported module."""
    code = (
        "import os, sys, serve\n"
        "serve.warm()\n"
        "from streamlit import env_util\n"
        "real, calls = os.path.realpath, []\n"
        "os.path.realpath = lambda *a, **k: calls.append(1) or real(*a, **k)\n"
        "env_util.is_repl()\n"
        "print(len(calls), len(sys.modules))\n"
    )
    calls, modules = map(int, _python(code).stdout.split())
    assert modules > 1_000 and calls < 100, (calls, modules)


def _python(code: str) -> subprocess.CompletedProcess[str]:
    """``code`` run by a new Python in the project folder (it must succeed)."""
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    return done


def test_prepare_pages_fills_what_the_pages_read(demo_db: Path, tmp_path: Path) -> None:  # noqa: F811
    """What the server prepares is what the pages read: the same cached values (a page's
    call returns the very object), kept beside the workspace too (a command after it hits)."""
    from analytics.metrics.model import OUTCOMES
    from analytics.scoring.features import structure_key
    from ui.cache import (
        _shared,
        load_features,
        load_model_data,
        load_replay,
        load_rule_points,
        load_whatif_sweep,
        prepare_pages,
    )

    db = tmp_path / "prepared.duckdb"
    shutil.copy(demo_db, db)
    done = prepare_pages(str(db))
    assert done == [
        "replay", "features", "sweep", "rule_points", "behaviour_counts", "profile", "model_data",
        "edit_basis",
    ]  # fmt: skip
    with _shared(str(db)).reading() as ws:
        c = criteria_in_force(ws)[0]
        args = (ws.path, ws.data_version)
        first = load_replay(*args, c.sha256, c)
        assert load_replay(*args, c.sha256, c) is first
        for loader, key in ((load_features, structure_key(c)), (load_rule_points, c.sha256)):
            assert loader(*args, key, c) is loader(*args, key, c)
        # st.cache_data hands out a copy: the same thresholds, read from memory
        assert load_whatif_sweep(*args, c.sha256, c).agreed_threshold == c.threshold
        assert load_model_data(*args, c.sha256, OUTCOMES[0], c) is load_model_data(
            *args, c.sha256, OUTCOMES[0], c
        )
    with Workspace.open(db, read_only=True) as ws:
        stats: list[CacheStats] = []
        again = cached_replay(ws, criteria_in_force(ws)[0], stats=stats)
    assert stats[0].how == "hit"
    assert again.leads.equals(first.leads.select(again.leads.columns))


def refusing(message: str) -> Callable[..., None]:
    """A builder that fails with ``message`` if called (put in place of one the server ran)."""

    def built_again(*args: object, **kwargs: object) -> None:
        raise AssertionError(message)

    return built_again


@pytest.mark.parametrize(
    ("page", "builders"),
    [
        ("overview", ("cached_replay",)),
        ("scoring", ("cached_replay", "cached_features")),
        ("whatif", ("cached_replay", "cached_workspace_whatif")),
        ("feedback", ("cached_replay", "cached_rule_points")),
        ("profile", ("cached_replay", "cached_proposal", "cached_attributes", "count_behaviours")),
        ("model", ("cached_replay", "cached_model_data")),
    ],
)
def test_each_page_finds_what_the_server_prepared(
    page: str,
    builders: tuple[str, ...],
    demo_db: Path,  # noqa: F811
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The preparation asks with the keys a new session's page asks with (for the Profile
    page: the whole data period, the first outcome, the default minimum and window): the
    page's first run, in either language, builds none of what was prepared."""
    import ui.cache as cache
    from tests.test_pages import run_page

    db = tmp_path / f"{page}.duckdb"
    shutil.copy(demo_db, db)
    assert len(cache.prepare_pages(str(db))) == 8

    for name in builders:
        monkeypatch.setattr(cache, name, refusing("the page built what the server had prepared"))
    for lang in ("en", "ja"):
        at = run_page(f"pages/{page}.py", db, lang=lang, timeout=120)
        assert not at.exception, at.exception


def test_the_scoring_pages_first_edit_finds_the_prepared_edit_basis(
    demo_db: Path,  # noqa: F811
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A new server prepares the edit basis for the criteria in force: the Scoring page's
    first edit (points, weights or threshold keep the rules' structure) builds none."""
    import ui.cache as cache
    from tests.test_pages import run_page

    db = tmp_path / "edit.duckdb"
    shutil.copy(demo_db, db)
    assert cache.prepare_pages(str(db))[-1] == "edit_basis"

    built_again = refusing("the first edit built the edit basis the server had prepared")
    monkeypatch.setattr(cache, "prepare_edits", built_again)
    at = run_page("pages/scoring.py", db, timeout=120)
    at.number_input(key="scoring.threshold").set_value(150.0).run()
    assert not at.exception, at.exception
    # above the bound, the server leaves the edit basis to the first edit
    monkeypatch.setattr(cache, "EDIT_BASIS_LEADS", 10)
    other = tmp_path / "big.duckdb"
    shutil.copy(demo_db, other)
    cache.prepare_pages(str(other))
    at = run_page("pages/scoring.py", other, timeout=120)
    at.number_input(key="scoring.threshold").set_value(150.0).run()
    assert at.exception and "the first edit built the edit basis" in str(at.exception)


def test_prepare_pages_leaves_empty_and_missing_workspaces_alone(
    empty_db: Path,  # noqa: F811
    tmp_path: Path,
) -> None:
    from ui.cache import prepare_pages

    assert prepare_pages(str(empty_db)) == []
    missing = tmp_path / "none.duckdb"
    assert prepare_pages(str(missing)) == []
    assert not missing.exists()  # the dashboard never creates a workspace


def test_a_new_server_replays_before_any_page_is_asked(demo_db: Path, tmp_path: Path) -> None:  # noqa: F811
    """``serve.py`` (as ``make run`` starts it) replays the served workspace by itself: the
    replay's entry appears beside the workspace with no page ever loaded."""
    from analytics.cli.bench_pages import dashboard

    db = tmp_path / "served.duckdb"
    shutil.copy(demo_db, db)
    entries = db.with_name(db.name + ".cache")
    with dashboard(db, tmp_path / "streamlit.log", timeout=90):
        deadline = time.monotonic() + 90
        while not list(entries.glob("*/meta.json")) and time.monotonic() < deadline:
            time.sleep(0.2)
    assert list(entries.glob("*/meta.json")), (tmp_path / "streamlit.log").read_text()
    with Workspace.open(db, read_only=True) as ws:
        stats: list[CacheStats] = []
        cached_replay(ws, criteria_in_force(ws)[0], stats=stats)
    assert stats[0].how == "hit"


def test_a_server_told_not_to_prepare_leaves_the_pages_to_their_first_visit(
    demo_db: Path,  # noqa: F811
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from analytics.cli.bench_pages import dashboard

    monkeypatch.setenv("KAKEHASHI_PREPARE_PAGES", "0")
    db = tmp_path / "unprepared.duckdb"
    shutil.copy(demo_db, db)
    with dashboard(db, tmp_path / "streamlit.log", timeout=90):
        time.sleep(3)  # a prepared demo of this size writes its replay entry within a second
        assert not list(db.with_name(db.name + ".cache").glob("*/meta.json"))


@contextlib.contextmanager
def page_run_reading(shared: SharedWorkspace) -> Iterator[threading.Event]:
    """A page run in another thread, reading ``shared`` until the yielded event is set
    (set at the block's end at the latest); the block starts once it reads."""
    reading, release = threading.Event(), threading.Event()

    def run() -> None:
        with shared.reading():
            reading.set()
            release.wait(timeout=30)

    page = threading.Thread(target=run)
    page.start()
    try:
        assert reading.wait(timeout=30)
        yield release
    finally:
        release.set()
        page.join(timeout=30)


def test_wait_until_idle_waits_for_the_runs_reading(empty_db: Path) -> None:  # noqa: F811
    """A run reading keeps the workspace busy; the wait ends when it ends (or times out)."""
    shared = SharedWorkspace(str(empty_db), linger=0)
    with page_run_reading(shared) as release:
        assert shared.wait_until_idle(0.2) is False  # the run still reads
        threading.Timer(0.3, release.set).start()
        started = time.monotonic()
        assert shared.wait_until_idle(30) is True
        assert time.monotonic() - started >= 0.25


def test_the_preparation_starts_between_the_pages_runs(demo_db: Path, tmp_path: Path) -> None:  # noqa: F811
    """While a page run reads, the next step of the preparation waits for it to end."""
    import ui.cache as cache

    db = tmp_path / "between.duckdb"
    shutil.copy(demo_db, db)
    done: list[list[str]] = []
    with page_run_reading(cache._shared(str(db))) as release:
        prepare = threading.Thread(target=lambda: done.append(cache.prepare_pages(str(db))))
        prepare.start()
        time.sleep(0.5)
        assert not (db.with_name(db.name + ".cache")).exists()  # nothing started meanwhile
        release.set()
    prepare.join(timeout=120)
    assert done and done[0][0] == "replay" and len(done[0]) == 8
