"""AppTest harness for the Streamlit pages, and the overview/import page cases.

The pattern that works with Streamlit 1.67 (checked here):

    at = AppTest.from_file(APP)                  # always through app.py (st.navigation)
    at.session_state["app.db"] = path            # the workspace, before the first run
    at.session_state["app.lang"] = "en"
    at.switch_page("pages/x.py").run()           # switch BEFORE the first run: only x runs

Running a page file on its own (``AppTest.from_file("pages/x.py")``) would skip the
sidebar and session state that app.py sets up, so pages are always reached through
app.py. A page must be listed in app.py's ``PAGES`` (``st.Page("pages/x.py", …)``) to
be reachable; :func:`app_pages` reads that list, so every listed page is tested here
(and in the browser test) without editing this file.

Page owners write ``tests/test_pages_<name>.py`` with::

    from tests.test_pages import demo_db, empty_db, run_page  # fixtures + helper

    def test_bands_page(demo_db):
        at = run_page("pages/bands.py", demo_db)
        assert not at.exception

Gotcha: AppTest calls a widget's ``format_func`` outside the script run, where
``st.session_state`` is unavailable; use ``ui.labeller(prefix)`` (language bound at
render time), never ``lambda v: ui.tr(...)``.
"""

from __future__ import annotations

import ast
import json
import re
import shutil
from pathlib import Path
from typing import Any, NamedTuple

import pytest
from streamlit.testing.v1 import AppTest

from analytics.store.db import DATA_TABLES, Workspace, quote_ident
from analytics.text.catalog import LANGUAGES, t

ROOT = Path(__file__).resolve().parent.parent

APP = ROOT / "app.py"
DEMO_LEADS = 1500


class AppPage(NamedTuple):
    """One page of app.py's navigation."""

    path: str  # "pages/x.py"
    title_key: str | None  # the tr() key of its title
    url_path: str  # "" for the default page, else the url path ("x")


def app_pages() -> list[AppPage]:
    """The pages of app.py's navigation, in menu order.

    Read from the source (``st.Page("pages/x.py", title=tr("key"), …)``) so that a
    page added to app.py is tested without editing the tests.
    """
    found = []
    for node in ast.walk(ast.parse(APP.read_text(encoding="utf-8"))):
        if not (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "Page"
            and node.args
            and isinstance(node.args[0], ast.Constant)
        ):
            continue
        keywords = {k.arg: k.value for k in node.keywords}
        title = keywords.get("title")
        key = (
            title.args[0].value
            if isinstance(title, ast.Call)
            and title.args
            and isinstance(title.args[0], ast.Constant)
            else None
        )
        default = keywords.get("default")
        url_path = keywords.get("url_path")
        if isinstance(default, ast.Constant) and default.value is True:
            url = ""
        elif isinstance(url_path, ast.Constant):
            url = str(url_path.value)
        else:
            url = Path(node.args[0].value).stem
        found.append((node.lineno, node.col_offset, AppPage(node.args[0].value, key, url)))
    return [page for *_, page in sorted(found)]


PAGES = app_pages()


def run_page(
    page_path: str | None, db_path: str | Path, *, lang: str = "en", timeout: float = 60
) -> AppTest:
    """Run one page of the app (through app.py) on a workspace file; returns the AppTest.

    Args:
        page_path: e.g. ``"pages/bands.py"`` (as listed in app.py), or None for the
            default page.
        db_path: the workspace file.
        lang: ``"en"`` or ``"ja"``.
        timeout: seconds each script run may take.
    """
    at = AppTest.from_file(APP, default_timeout=timeout)
    at.session_state["app.db"] = str(db_path)
    at.session_state["app.lang"] = lang
    if page_path is not None:
        at.switch_page(page_path)
    return at.run()


def build_demo_db(path: Path, *, leads: int = DEMO_LEADS) -> Path:
    """Create the demo workspace at ``path`` once (reused when it already exists)."""
    from analytics.store.demo import load_demo

    if not path.exists():
        partial = path.with_suffix(".partial.duckdb")
        with Workspace.open(partial) as ws:
            load_demo(ws, leads=leads)
        partial.rename(path)
    return path


def build_lab_db(path: Path, *, leads: int = DEMO_LEADS) -> Path:
    """The demo at ``path`` with two saved criteria versions (the shipped default in force,
    and a draft at threshold 80) and a running experiment between them, so that every
    section of every page draws (the raw-code test, the browser screenshots)."""
    import dataclasses
    from datetime import date

    from analytics.criteria import default_criteria, save_draft
    from analytics.metrics.experiments import create_experiment

    if path.exists():
        return path
    partial = build_demo_db(path.with_suffix(".demo.duckdb"), leads=leads)
    with Workspace.open(partial) as ws:
        low = save_draft(ws, dataclasses.replace(default_criteria(), threshold=80), created_by="t")
        agreed = save_draft(ws, default_criteria(), created_by="test")  # newest: in force
        create_experiment(
            ws, champion_id=agreed, challenger_id=low, share=0.3, start=date(2026, 3, 1), seed=3,
            name="threshold 80", lift=0.5,
        )  # fmt: skip
    partial.rename(path)
    return path


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small seeded demo workspace file (1,500 leads), built once per test session."""
    return build_demo_db(tmp_path_factory.getbasetemp() / "demo" / "demo.duckdb")


@pytest.fixture
def empty_db(tmp_path: Path) -> Path:
    """A fresh, empty workspace file."""
    path = tmp_path / "empty.duckdb"
    Workspace.open(path).close()
    return path


def texts(at: Any, kind: str) -> list[str]:
    """The text of every element of one kind (e.g. "success", "title") as a reader sees it.

    User text reaches Markdown escaped (``no\\_id.csv``); the reader sees ``no_id.csv``.
    """
    return [
        re.sub(r"\\([\\`*_{}\[\]()#!|<>~$:@.])", r"\1", str(element.value))
        for element in getattr(at, kind)
    ]


def table_counts(db_path: Path) -> dict[str, int]:
    """Row counts by plain SQL (the independent side of the page checks)."""
    with Workspace.open(db_path) as ws:
        return {t: ws.scalar(f"SELECT count(*) FROM {quote_ident(t)}") for t in DATA_TABLES}


# --- app shell ---------------------------------------------------------------------------


def test_app_lists_pages_with_translated_titles() -> None:
    paths = [page.path for page in PAGES]
    assert paths[:2] == ["pages/overview.py", "pages/import_data.py"]
    assert [page.url_path for page in PAGES].count("") == 1, "exactly one default page"
    for path, key, _ in PAGES:
        assert (ROOT / path).is_file(), f"app.py lists a missing page {path!r}"
        assert key is not None, f"{path}: give st.Page a title=tr('…') (translated)"
        assert all(t(key, lang) for lang in LANGUAGES)


@pytest.mark.parametrize(
    "path",
    [APP, *sorted((ROOT / "ui").glob("*.py")), *sorted((ROOT / "pages").glob("*.py"))],
    ids=lambda p: str(p.relative_to(ROOT)),
)
def test_icons_are_material_symbols(path: Path) -> None:
    """Emoji icons render as empty boxes in Debian's Chromium (no emoji font): use :material/…:."""
    icons = re.findall(r"""\bicon\s*=\s*(["'])(.*?)\1""", path.read_text(encoding="utf-8"))
    emoji = [icon for _, icon in icons if not re.fullmatch(r":material/[a-z0-9_]+:", icon)]
    assert not emoji, f"{path.name}: use ':material/name:' icons instead of {emoji}"


@pytest.mark.parametrize("lang", sorted(LANGUAGES))
def test_app_loads_in_each_language(demo_db: Path, lang: str) -> None:
    at = run_page(None, demo_db, lang=lang)
    assert not at.exception, at.exception
    assert texts(at, "title") == [t("overview.title", lang)]
    assert at.sidebar.radio[0].value == lang
    assert len(at.sidebar.select_slider) == 1  # the period over the demo's months


def test_period_defaults_to_the_data_span(demo_db: Path) -> None:
    at = run_page(None, demo_db)
    with Workspace.open(demo_db) as ws:
        first, last = ws.rows(
            "SELECT min(d)::DATE, max(d)::DATE FROM (SELECT created_at AS d FROM leads "
            "UNION ALL SELECT occurred_at FROM activities UNION ALL SELECT created_at FROM deals "
            "UNION ALL SELECT assessed_at FROM bant UNION ALL SELECT given_at FROM feedback "
            "UNION ALL SELECT month FROM costs)"
        )[0]
    assert at.session_state["app.period"] == (first.replace(day=1), last.replace(day=1))


@pytest.mark.parametrize(("env_lang", "expected"), [(None, "ja"), ("en", "en"), ("xx", "ja")])
def test_workspace_and_language_from_environment(
    demo_db: Path, monkeypatch: pytest.MonkeyPatch, env_lang: str | None, expected: str
) -> None:
    monkeypatch.setenv("KAKEHASHI_DB", str(demo_db))
    if env_lang is None:
        monkeypatch.delenv("KAKEHASHI_LANG", raising=False)
    else:
        monkeypatch.setenv("KAKEHASHI_LANG", env_lang)
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    assert texts(at, "title") == [t("overview.title", expected)]
    assert any(str(demo_db) in caption for caption in texts(at.sidebar, "caption"))


def test_language_switch_rerenders(demo_db: Path) -> None:
    at = run_page(None, demo_db, lang="en")
    at.sidebar.radio[0].set_value("ja").run()
    assert not at.exception
    assert texts(at, "title") == [t("overview.title", "ja")]


def test_locked_workspace_shows_one_error(held_workspace: tuple[Path, int]) -> None:
    at = run_page(None, held_workspace[0])
    assert not at.exception
    errors = texts(at, "error")
    assert len(errors) == 1 and "in use" in errors[0], errors


def test_sidebar_criteria_choice_reaches_the_pages(demo_db: Path, tmp_path: Path) -> None:
    from dataclasses import replace

    from analytics.criteria import default_criteria
    from analytics.criteria.agreement import save_version

    db = tmp_path / "criteria.duckdb"
    shutil.copy(demo_db, db)
    with Workspace.open(db) as ws:
        low = save_version(ws, replace(default_criteria(), threshold=60), by="test")
        save_version(ws, replace(default_criteria(), threshold=140), by="test")
    in_force = run_page("pages/whatif.py", db)
    assert not in_force.exception
    # saving drafts changes nothing: the shipped default (not agreed) stays in force
    assert in_force.session_state["whatif.threshold"] == 100
    assert any("Shipped default (not agreed)" in c.value for c in in_force.caption)
    at = run_page(None, db)
    (chooser,) = at.sidebar.selectbox
    assert chooser.options == [
        t(
            "app.criteria_in_force",
            "en",
            version="Default criteria v1 (shipped default, not agreed)",
        ),
        "Default criteria v3 (draft)",
        "Default criteria v2 (draft)",
    ]
    chooser.set_value(low).run()
    at.switch_page("pages/whatif.py").run()
    assert not at.exception
    assert at.session_state["whatif.threshold"] == 60
    assert any("Draft" in c.value and "Default criteria v2" in c.value for c in at.caption)


@pytest.mark.parametrize("path", [page.path for page in PAGES])
def test_every_page_requires_the_app_shell_first(path: str) -> None:
    """The first statement after the imports is ui.require_app() (see its docstring)."""
    tree = ast.parse((ROOT / path).read_text(encoding="utf-8"))
    body = [
        n
        for n in tree.body
        if not isinstance(n, ast.Import | ast.ImportFrom | ast.Expr)
        or (isinstance(n, ast.Expr) and not isinstance(n.value, ast.Constant))
    ]
    first = body[0]
    assert isinstance(first, ast.Expr) and ast.unparse(first) == "ui.require_app()", path


def unthemed_charts(at: AppTest) -> list[str]:
    """Keys of the page's charts drawn without the Kakehashi template (see ``ui.chart``)."""
    from analytics.charts.theme import FONT_FAMILY

    found = []
    for chart in at.get("plotly_chart"):
        template = json.loads(chart.proto.spec)["layout"].get("template", {}).get("layout", {})
        if chart.proto.theme or template.get("font", {}).get("family") != FONT_FAMILY:
            found.append(chart.proto.id)
    return found


@pytest.mark.parametrize("path", [page.path for page in PAGES])
@pytest.mark.parametrize("db", ["demo", "empty"])
def test_every_page_loads(path: str, db: str, demo_db: Path, empty_db: Path) -> None:
    at = run_page(path, demo_db if db == "demo" else empty_db)
    assert not at.exception, f"{path} on the {db} workspace: {at.exception}"
    assert at.title or at.header, f"{path} shows no title"
    assert not unthemed_charts(at), f"{path}: charts drawn without the theme (use ui.chart)"
    if db == "empty":
        assert not at.error, f"{path} shows an error on an empty workspace: {texts(at, 'error')}"


# --- overview ----------------------------------------------------------------------------


def test_overview_counts_match_sql(demo_db: Path) -> None:
    at = run_page("pages/overview.py", demo_db)
    assert not at.exception
    expected = {
        t(f"common.kind_{table}", "en"): f"{n:,}" for table, n in table_counts(demo_db).items()
    }
    shown = {metric.label: metric.value for metric in at.metric if metric.label in expected}
    assert shown == expected
    assert expected[t("common.kind_leads", "en")] == f"{DEMO_LEADS:,}"


def test_a_workspace_file_replaced_on_disk_is_read_anew(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another workspace copied over the served file at the same data version: the pages
    show its data, not what their caches kept for the file before (keyed by that version)."""
    import os

    from analytics.store.ingest import import_file

    monkeypatch.setenv("KAKEHASHI_READ_LINGER", "0")  # the file is released after each run
    copies = {}
    for name, n in (("a", 3), ("b", 5)):
        source = tmp_path / f"{name}.csv"
        source.write_text("lead_id,company\n" + "".join(f"{name}{i},C{i}\n" for i in range(n)))
        copies[name] = tmp_path / f"{name}.duckdb"
        with Workspace.open(copies[name]) as ws:
            import_file(ws, "leads", source)
    with Workspace.open(copies["a"]) as a, Workspace.open(copies["b"]) as b:
        assert a.data_version == b.data_version  # the same version, other data

    def leads_shown(at: AppTest) -> str:
        label = t("common.kind_leads", "en")
        return next(metric.value for metric in at.metric if metric.label == label)

    served = tmp_path / "served.duckdb"
    shutil.copy(copies["a"], served)
    at = run_page("pages/overview.py", served)
    assert not at.exception and leads_shown(at) == "3"
    incoming = tmp_path / "incoming.duckdb"
    shutil.copy(copies["b"], incoming)
    os.replace(incoming, served)
    at.run()
    assert not at.exception and leads_shown(at) == "5"


def test_overview_empty_state_and_demo_button(empty_db: Path) -> None:
    at = run_page("pages/overview.py", empty_db, lang="ja")
    assert not at.exception
    assert t("overview.empty", "ja") in texts(at, "info")
    assert not at.metric
    at.button(key="overview.load_demo").click().run()
    assert not at.exception
    counts = table_counts(empty_db)
    assert counts["leads"] > 0
    assert texts(at, "success") == [t("overview.demo_loaded", "ja", leads=f"{counts['leads']:,}")]
    shown = {metric.label: metric.value for metric in at.metric}
    assert shown[t("common.kind_leads", "ja")] == f"{counts['leads']:,}"
    with Workspace.open(empty_db) as ws:  # the demo's running experiment came with it
        assert ws.scalar("SELECT count(*) FROM experiments") == 1


# --- import ------------------------------------------------------------------------------

LEADS_CSV = (
    "lead_id,created_at,source,company,industry,employees,email\n"
    "K-1,2025-08-01 09:00,web,架け橋商事,製造業,120,a@kakehashi.example\n"
    "K-2,2025-08-02 10:30,event,Bridge Inc,IT,45,b@bridge.example\n"
    "K-3,2025-08-25 00:00,web,日本テスト株式会社,小売,3000,c@test.example\n"
)


def upload(at: AppTest, *files: tuple[str, bytes]) -> AppTest:
    """Drop files on the import page's uploader and rerun."""
    at.file_uploader(key="import.files").set_value(
        [(name, data, "text/csv") for name, data in files]
    )
    return at.run()


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp932"])
def test_import_upload_and_history(empty_db: Path, encoding: str) -> None:
    at = run_page("pages/import_data.py", empty_db)
    assert not at.exception
    assert texts(at, "title") == [t("import.title", "en")]
    upload(at, ("leads.csv", LEADS_CSV.encode(encoding)))
    assert not at.exception
    assert not at.error, texts(at, "error")
    at.button(key="import.run").click().run()
    assert not at.exception
    counts = table_counts(empty_db)
    assert counts["leads"] == 3
    success = texts(at, "success")
    assert len(success) == 1 and "leads.csv: 3 inserted" in success[0], success
    with Workspace.open(empty_db) as ws:
        history = ws.query("SELECT import_id, inserted FROM imports")
    assert history["inserted"].to_list() == [3]
    assert any(frame.value.shape[0] == 1 for frame in at.dataframe), "history table missing"


def test_import_rejects_are_shown(empty_db: Path) -> None:
    bad = LEADS_CSV + "K-4,not a date,web,Broken Co,IT,10,d@broken.example\n"
    at = upload(run_page("pages/import_data.py", empty_db), ("leads.csv", bad.encode()))
    at.button(key="import.run").click().run()
    assert not at.exception
    with Workspace.open(empty_db) as ws:
        stored = ws.query('SELECT row_number, "column" FROM import_rejects')
        inserted = ws.scalar("SELECT count(*) FROM leads")
    assert stored.height == 1 and inserted == 3
    success = texts(at, "success")
    assert "3 inserted" in success[0] and "1 rejected" in success[0], success
    shown = [frame.value for frame in at.dataframe]  # as the reader sees them (formatted)
    assert any(
        list(frame.columns) == ["row", "column", "reason"]
        and frame["row"].tolist() == [f"{n:,}" for n in stored["row_number"].to_list()]
        for frame in shown
    ), "rejects of the import just run are not shown"
    assert at.selectbox(key="import.rejects_of").value == 1
    assert any(
        "row_number" in frame.columns and frame["row_number"].tolist() == ["5"] for frame in shown
    ), "rejects of the chosen import (history) are not shown"


def test_import_dry_run_writes_nothing(empty_db: Path) -> None:
    at = upload(run_page("pages/import_data.py", empty_db), ("leads.csv", LEADS_CSV.encode()))
    at.checkbox(key="import.dry_run").check().run()
    at.button(key="import.run").click().run()
    assert not at.exception
    assert table_counts(empty_db)["leads"] == 0
    assert any("leads.csv" in text and "3" in text for text in texts(at, "info")), texts(at, "info")


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("empty.csv", b""),
        ("binary.xlsx", b"\x00\x01\x02 this is not an excel file"),
    ],
)
def test_import_bad_file_shows_an_error(empty_db: Path, name: str, data: bytes) -> None:
    at = upload(run_page("pages/import_data.py", empty_db), (name, data))
    assert not at.exception
    errors = texts(at, "error")
    assert len(errors) == 1 and name in errors[0], errors
    assert "Traceback" not in errors[0]
    assert at.button(key="import.run").disabled


def test_import_missing_required_column(empty_db: Path) -> None:
    data = "company,industry,employees\n架け橋商事,製造業,120\n".encode()
    at = upload(run_page("pages/import_data.py", empty_db), ("no_id.csv", data))
    assert not at.exception
    warnings = texts(at, "warning")
    assert len(warnings) == 1 and t("code.column.lead_id", "en") in warnings[0], warnings
    at.button(key="import.run").click().run()
    assert not at.exception
    errors = texts(at, "error")
    assert len(errors) == 1 and "no_id.csv" in errors[0], errors
    assert table_counts(empty_db)["leads"] == 0


def test_import_page_in_japanese(empty_db: Path) -> None:
    at = run_page("pages/import_data.py", empty_db, lang="ja")
    assert not at.exception
    assert texts(at, "title") == [t("import.title", "ja")]
    assert at.selectbox(key="import.kind.ja").format_func("leads") == t("common.kind_leads", "ja")


def test_import_notes_in_japanese(empty_db: Path) -> None:
    """An import's notes (blank rows skipped, derived columns) are shown in the reader's language."""
    data = (LEADS_CSV + ",,,,,,\n").encode()
    at = run_page("pages/import_data.py", empty_db, lang="ja")
    upload(at, ("leads.csv", data))
    at.button(key="import.run").click().run()
    assert not at.exception
    shown = texts(at, "markdown")
    assert any(t("ingest.note.blank_rows", "ja", n="1") in text for text in shown), shown
    assert any(t("ingest.note.email_domain", "ja") in text for text in shown), shown
    assert not any("derived from" in text or "skipped" in text for text in shown), shown


def test_an_import_on_the_page_leaves_the_replay_up_to_date(demo_db: Path, tmp_path: Path) -> None:
    """After an import of activities, the page brings the replay of the criteria in force up
    to date before the pages are shown again (analytics.scoring.cache.update_after_import):
    the next page reads it back as a hit, equal to a fresh replay."""
    from polars.testing import assert_frame_equal

    from analytics.criteria.agreement import criteria_in_force
    from analytics.scoring.cache import CacheStats, cached_replay
    from analytics.scoring.replay import replay

    db = tmp_path / "w.duckdb"
    shutil.copy(demo_db, db)
    with Workspace.open(db) as ws:
        criteria = criteria_in_force(ws)[0]
        cached_replay(ws, criteria)
        again = ws.query(
            "SELECT lead_id, occurred_at - INTERVAL 1 SECOND AS occurred_at, type, detail, "
            "duration_s, campaign FROM activities WHERE hash(lead_id) % 20 = 0"
        )
    at = run_page("pages/import_data.py", db)
    at.selectbox(key="import.kind.en").set_value("activities").run()
    upload(at, ("again.csv", again.write_csv().encode()))
    at.button(key="import.run").click().run()
    assert not at.exception and not at.error, texts(at, "error")
    assert f"({again.height:,} rows read)" in texts(at, "success")[0]
    with Workspace.open(db, read_only=True) as ws:
        stats: list[CacheStats] = []
        got = cached_replay(ws, criteria, stats=stats)
        assert stats == [CacheStats("hit", 0)]
        want = replay(ws, criteria)
    assert_frame_equal(got.leads, want.leads)
    assert_frame_equal(got.path, want.path)
