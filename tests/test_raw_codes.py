"""No raw code and no unformatted number on any page, in either language (issue 9, point 5).

Every page of app.py's ``PAGES`` is rendered with AppTest on a seeded demo workspace
(two criteria versions and a running experiment, so that every section draws) in both
languages, and every text a person reads is collected: titles, markdown, captions,
alerts, metric labels/values/deltas, dataframe headers and cells, widget labels and
options, buttons, tabs, expanders, and the text of the Plotly charts (titles, axis
titles, legend names, bar labels, category ticks).

A text fails when it shows

- a **raw code**: a code of :mod:`analytics.text.codes`, a rule ``name`` of the criteria
  in force, an activity type, a column name of the replay frames (``peak_total``,
  ``mql_at``); as the whole text of a cell, header, option or label, or as the label
  before a colon in one (``source: inquiry``); as a snake_case word (``call_and_demo``)
  anywhere in either language; as any code word (``fit``, ``rejected``) in Japanese
  running text; or ``None``/``nan``/``(default)``;
- an **unformatted number**: a float with more than 2 decimals (p-values excepted:
  ``p = 0.012``), a ``YYYY-MM-DD 00:00:00`` month or a time to the second, scientific
  notation (``1.1e-202``), ``p = 0``, or a bare count of 5+ digits without separators.

Numeric and date cells of a table are checked as Streamlit would show them: a column
with a ``format`` in its column config is formatted by the frontend; one without shows
the raw value. Text in backticks (`` `name` ``) and code blocks is meant literally and
is skipped.

Every page is checked in both languages; the one known failure is marked ``xfail`` with its
reason (``OWNED_ELSEWHERE``).
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any, NamedTuple

import pytest

from analytics.criteria import ACTIVITY_TYPES, active_criteria
from analytics.scoring.replay import replay
from analytics.store.db import Workspace
from analytics.text.catalog import LANGUAGES
from analytics.text.codes import CODES
from tests.test_pages import PAGES, build_lab_db, run_page

# Pages other engineers own while issue 9 is integrated: expected to fail at first.
# Known failures, visible: the Scoring page's points editor shows an empty cap as "None" (an
# editable cell: the editor needs the raw value) and its criteria reference is the English
# TOML key table. Both are listed in the closing note of issue 9.
OWNED_ELSEWHERE: frozenset[str] = frozenset()


class Shown(NamedTuple):
    """One text on the page: where it is, the text, and whether it stands alone."""

    where: str  # e.g. "dataframe 2 cell (3, 'action')"
    text: str
    whole: bool  # a cell, header, option or label (the whole text is one value)


# --------------------------------------------------------------------------- what is shown
def _frontend_cell(value: Any, config: dict[str, Any], placeholder: str = "") -> str | None:
    """A dataframe cell as Streamlit shows it (None for a value the frontend formats)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        # Streamlit shows a missing value as a grey "None", or as the element's placeholder
        return placeholder or "None"
    type_config = config.get("type_config") or {}
    if type_config.get("format"):
        return None  # NumberColumn/DateColumn with a format: the frontend formats it
    if hasattr(value, "to_pydatetime"):
        value = value.to_pydatetime()
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, bool):
        return None  # a checkbox
    if isinstance(value, float):
        return repr(float(value))
    if isinstance(value, list | tuple) or type(value).__name__ == "ndarray":
        return ", ".join(str(v) for v in value)
    return str(value)


def _dataframe_texts(index: int, element: Any) -> Iterator[Shown]:
    config = json.loads(element.proto.columns) if element.proto.columns else {}
    frame = element.value
    placeholder = getattr(element.proto, "placeholder", "")
    where = f"dataframe {index}"
    if not config.get("_index", {}).get("hidden"):
        yield Shown(f"{where} index", "the row index is shown (hide_index=True)", False)
    for column in frame.columns:
        column_config = config.get(str(column), {})
        if column_config.get("hidden"):
            continue
        header = column_config.get("label") or str(column)
        yield Shown(f"{where} header {column!r}", header, True)
        for row, value in enumerate(frame[column].tolist()):
            text = _frontend_cell(value, column_config, placeholder)
            if text is not None:
                yield Shown(f"{where} cell ({row}, {column!r})", text, True)


def _chart_texts(index: int, element: Any) -> Iterator[Shown]:
    spec = json.loads(element.proto.spec)
    layout = spec.get("layout", {})
    where = f"chart {index}"

    def title(value: Any) -> str | None:
        return value.get("text") if isinstance(value, dict) else value

    if title(layout.get("title")):
        yield Shown(f"{where} title", title(layout["title"]), False)
    for name, axis in layout.items():
        if name.startswith(("xaxis", "yaxis")) and isinstance(axis, dict):
            if title(axis.get("title")):
                yield Shown(f"{where} {name} title", title(axis["title"]), True)
            for tick in axis.get("ticktext") or []:
                yield Shown(f"{where} {name} tick", str(tick), True)
    for annotation in layout.get("annotations") or []:
        if annotation.get("text"):
            yield Shown(f"{where} annotation", str(annotation["text"]), False)
    for trace in spec.get("data", []):
        if trace.get("name") and trace.get("showlegend", True) is not False:
            yield Shown(f"{where} legend", str(trace["name"]), True)
        text = trace.get("text")
        for value in text if isinstance(text, list) else [text] if text else []:
            yield Shown(f"{where} text", str(value), True)
        for axis in ("x", "y"):
            values = trace.get(axis)
            categories = (
                isinstance(values, list)
                and values
                and all(isinstance(v, str) for v in values)
                and not all(re.fullmatch(r"\d{4}-\d{2}-\d{2}.*", v) for v in values)
            )
            for value in values if categories else []:
                yield Shown(f"{where} {axis} category", value, True)


def shown_texts(at: Any) -> list[Shown]:
    """Every text a person reads on the rendered page (main area and sidebar)."""
    found: list[Shown] = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "text"):
        found += [Shown(kind, str(e.value), False) for e in at.get(kind)]
    for kind in ("info", "warning", "error", "success"):
        found += [Shown(kind, str(e.value), False) for e in at.get(kind)]
    for e in at.get("metric"):
        found += [
            Shown("metric label", e.label, True),
            Shown(f"metric {e.label!r} value", e.value, True),
        ]
        if e.proto.delta:
            found.append(Shown(f"metric {e.label!r} delta", e.proto.delta, True))
    for kind in ("selectbox", "multiselect", "radio", "select_slider"):
        for e in at.get(kind):
            found.append(Shown(f"{kind} label", e.label, True))
            found += [Shown(f"{kind} {e.label!r} option", str(o), True) for o in e.options]
    for kind in ("button", "download_button", "checkbox", "toggle", "expander", "tab"):
        found += [Shown(f"{kind} label", e.label, True) for e in at.get(kind)]
    for kind in ("number_input", "slider", "text_input", "date_input", "text_area"):
        found += [Shown(f"{kind} label", e.label, True) for e in at.get(kind)]
    for i, e in enumerate(at.get("dataframe")):
        found += _dataframe_texts(i, e)
    for i, e in enumerate(at.get("plotly_chart")):
        found += _chart_texts(i, e)
    return found


# --------------------------------------------------------------------------- what is wrong
class Vocabulary(NamedTuple):
    """The raw codes a page must never show."""

    words: frozenset[str]


def vocabulary(ws: Workspace) -> Vocabulary:
    """Codes of codes.py, rule names in force, activity types, replay column names."""
    criteria = active_criteria(ws)
    replayed = replay(ws, criteria)
    codes = {key.split(".", 2)[2] for key in CODES}
    rules = {r.name for r in (*criteria.fit_rules, *criteria.engagement_rules)}
    columns = {*replayed.leads.columns, *replayed.path.columns}
    return Vocabulary(frozenset(codes | rules | set(ACTIVITY_TYPES) | columns))


LITERAL = re.compile(r"```.*?```|`[^`]*`", re.DOTALL)
WORD = re.compile(r"(?<![A-Za-z0-9_])[a-z][a-z0-9]*(?:_[a-z0-9]+)*(?![A-Za-z0-9_])")
MISSING = re.compile(r"(?<![A-Za-z])(?:None|nan|NaN|null)(?![A-Za-z])|\(default\)")
NUMBER_PROBLEMS = (
    (re.compile(r"(?<![\w.])\d+\.\d{3,}(?![\w.])"), "a float with more than 2 decimals"),
    (re.compile(r"\d{4}-\d{2}-\d{2}[ T]00:00:00"), "a month/day shown with 00:00:00"),
    (re.compile(r"\d{1,2}:\d{2}:\d{2}"), "a time to the second (use format.moment)"),
    (re.compile(r"(?<![\w-])\d{4}-\d{2}(?![\w-])"), "a month as YYYY-MM (use format.month)"),
    (re.compile(r"(?<![\w.])\d+(?:\.\d+)?[eE][+-]?\d+(?![\w.])"), "scientific notation"),
    (re.compile(r"\bp\s*=\s*0(?![.\d])"), "p = 0 (use format.p_value)"),
    (re.compile(r"(?<![\w.,/-])\d{5,}(?![\w,/-]|\.\d)"), "a count without separators"),
)
P_VALUE = re.compile(r"\bp\s*[=<]\s*[01]\.\d{3}\b")


def problems(shown: Iterable[Shown], vocab: Vocabulary, lang: str) -> list[str]:
    """Every raw code and unformatted number among the shown texts, as readable lines.

    Example:
        >>> v = Vocabulary(frozenset({"fit", "call_and_demo", "peak_total"}))
        >>> problems([Shown("cell", "fit", True), Shown("caption", "p = 1.1e-202", False)], v, "en")
        ["cell: raw code 'fit' in 'fit'", "caption: scientific notation in 'p = 1.1e-202'"]
        >>> problems([Shown("caption", "行動 fit 0.171", False)], v, "ja")
        ["caption: raw code 'fit' in '行動 fit 0.171'", "caption: a float with more than 2 decimals in '行動 fit 0.171'"]
        >>> problems([Shown("caption", "Fit and call_and_demo", False)], v, "en")
        ["caption: raw code 'call_and_demo' in 'Fit and call_and_demo'"]
        >>> problems([Shown("caption", "p = 0.012, `peak_total`", False)], v, "en")
        []
    """
    found = []
    for where, raw, whole in shown:
        text = LITERAL.sub(" ", raw)
        codes: list[str] = []
        if whole and text.strip() in vocab.words:
            codes.append(text.strip())
        else:
            for word in WORD.findall(text):
                # a snake_case code anywhere; in Japanese running text any code word; in a
                # cell only a code that labels it ("source: inquiry"), since a cell may hold
                # the user's own words (a company, a matched page fragment "pricing")
                prefix = whole and re.match(rf"\s*{re.escape(word)}\s*:", text)
                if word in vocab.words and ("_" in word or (lang != "en" and not whole) or prefix):
                    codes.append(word)
        found += [f"{where}: raw code {c!r} in {raw!r}" for c in dict.fromkeys(codes)]
        if where.endswith(" index"):
            found.append(f"{where}: {raw}")
        if MISSING.search(text) and (whole or lang != "en" or "(default)" in text):
            found.append(f"{where}: missing value shown raw in {raw!r}")
        numbers = P_VALUE.sub(" ", text)
        for pattern, what in NUMBER_PROBLEMS:
            if pattern.search(numbers):
                found.append(f"{where}: {what} in {raw!r}")
    return found


# --------------------------------------------------------------------------- the test
@pytest.fixture(scope="module")
def codes_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo with two criteria versions (the default in force) and a running experiment."""
    return build_lab_db(tmp_path_factory.mktemp("raw_codes") / "codes.duckdb")


@pytest.fixture(scope="module")
def codes_vocabulary(codes_db: Path) -> Vocabulary:
    with Workspace.open(codes_db) as ws:
        return vocabulary(ws)


def _cases() -> list[Any]:
    cases = []
    for page in PAGES:
        for lang in sorted(LANGUAGES):
            marks = (
                [
                    pytest.mark.xfail(
                        strict=False,
                        reason="points editor shows empty caps as None; the TOML key reference is English",
                    )
                ]
                if page.path in OWNED_ELSEWHERE
                else []
            )
            cases.append(pytest.param(page.path, lang, marks=marks, id=f"{page.path}-{lang}"))
    return cases


@pytest.mark.parametrize(("path", "lang"), _cases())
def test_no_raw_code_or_number(
    path: str, lang: str, codes_db: Path, codes_vocabulary: Vocabulary
) -> None:
    at = run_page(path, codes_db, lang=lang, timeout=180)
    assert not at.exception, at.exception
    shown = shown_texts(at)
    assert len(shown) > 10, f"{path}: too little collected ({len(shown)} texts)"
    found = problems(shown, codes_vocabulary, lang)
    # one line per kind of problem (cells of one column counted together), with a count
    summary = Counter(re.sub(r"cell \(\d+, ", "cell (", line)[:300] for line in found)
    report = "\n".join(f"{n:>4} × {line}" for line, n in summary.most_common())
    assert not found, f"{path} ({lang}) shows {len(found)} raw value(s):\n{report}"
