"""User text never renders as Markdown (issue 14, class 7), and broken criteria never crash pages.

A file name, header or value like ``![x](http://127.0.0.1:9/a.png)`` or
``[Click](http://x)`` reaches ``st.markdown``/``st.error``/… only escaped
(:func:`analytics.text.format.markdown_text`): AppTest hands back each element's
Markdown body, and no body holds an unescaped link or image.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from streamlit.testing.v1 import AppTest

from analytics.criteria import default_criteria, load_criteria
from analytics.criteria.versions import save_draft
from analytics.errors import CriteriaError
from analytics.store.db import Workspace
from analytics.text.format import markdown_text
from tests.test_pages import empty_db, run_page, upload  # noqa: F401  (fixture)
from ui.state import CRITERIA_KEY

IMAGE = "![x](http://127.0.0.1:9/a.png)"
LINK = "[Click](http://x)"
# an unescaped link/image opener or an autolink: "](", "![", "<http", "http://"
MARKUP = re.compile(r"(?<!\\)\]\(|(?<!\\)!\[|(?<!\\)<(?:https?|mailto)|(?<!\\):(?://)")
SINKS = ("markdown", "caption", "error", "warning", "info", "success", "title", "subheader")


def _bodies(at: AppTest) -> list[str]:
    return [str(e.value) for kind in SINKS for e in getattr(at, kind)]


def _assert_plain(at: AppTest) -> None:
    assert not at.exception
    bodies = _bodies(at)
    hostile = [b for b in bodies if "Click" in b or "a.png" in b]
    assert hostile, "the hostile text is not shown at all"
    assert [b for b in bodies if MARKUP.search(b)] == []


@pytest.mark.parametrize("text", [IMAGE, LINK, "www.example.com", "a@b.example", "# big\n- x"])
def test_markdown_text_leaves_no_markup(text):
    escaped = markdown_text(text)
    assert not MARKUP.search(escaped)
    assert "\n" not in escaped
    assert escaped.replace("\\", "") == text.replace("\n", " ")


def test_import_page_shows_file_names_and_headers_as_text(empty_db):  # noqa: F811
    data = f"lead_id,{LINK}\nL1,{IMAGE}\n".encode()
    at = upload(run_page("pages/import_data.py", empty_db), (f"{IMAGE}.csv", data))
    _assert_plain(at)
    at.button(key="import.run").click().run()
    _assert_plain(at)  # the result line and the notes (custom attribute named after the header)


def test_import_page_error_names_the_file_as_text(empty_db):  # noqa: F811
    at = upload(run_page("pages/import_data.py", empty_db), (f"{LINK}.csv", b""))
    _assert_plain(at)
    assert at.error, "an empty file is an error"


@pytest.fixture
def broken_draft_db(tmp_path: Path) -> tuple[Path, int]:
    """A workspace with a stored draft that an older version let through (fit_weight 1e308)."""
    path = tmp_path / "broken.duckdb"
    with Workspace.open(path) as ws:
        draft = save_draft(ws, default_criteria(), created_by="old version")
        with ws.transaction() as cur:
            cur.execute(
                "UPDATE criteria SET body = regexp_replace(body, 'fit_weight = [0-9.]+', "
                "'fit_weight = 1e308') "
                "WHERE criteria_id = ?",
                [draft],
            )
        body = ws.rows("SELECT body FROM criteria WHERE criteria_id = ?", [draft])[0][0]
    assert "1e308" in body
    with pytest.raises(CriteriaError, match="outside 0 … 1,000"):
        load_criteria(body)
    return path, draft


@pytest.mark.parametrize("page", ["pages/scoring.py", "pages/bands.py", "pages/whatif.py"])
def test_broken_stored_draft_is_reported_not_crashing(broken_draft_db, page):
    path, draft = broken_draft_db
    at = AppTest.from_file(Path(__file__).resolve().parent.parent / "app.py", default_timeout=60)
    at.session_state["app.db"] = str(path)
    at.session_state["app.lang"] = "en"
    at.session_state[CRITERIA_KEY] = draft
    at.switch_page(page)
    at.run()
    assert not at.exception
    shown = [e.value.replace("\\", "") for e in at.error]  # the body is escaped Markdown
    assert any("'fit_weight': 1e+308 is outside 0 … 1,000" in text for text in shown), shown


@given(st.text(max_size=40))
@settings(max_examples=300, deadline=None)
def test_markdown_text_property(text):
    """Any text: no unescaped link/image/autolink, one line, and the reader sees the text."""
    escaped = markdown_text(text)
    assert not MARKUP.search(escaped)
    assert not re.search(r"[\r\n\u2028\u2029]", escaped)
    unescaped = re.sub(r"\\(.)", r"\1", escaped)
    assert unescaped == re.sub(r"[\r\n\u2028\u2029]+", " ", text)
