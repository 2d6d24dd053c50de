"""The report as an Excel workbook (XlsxWriter): a summary sheet first, one sheet per
section, real Excel tables (``add_table``) with number formats (円, %), native Excel
charts (``add_chart``) over the table cells, a Japanese font, formula injection
neutralised (:func:`analytics.store.export.neutralise_formulas`, the product's one
neutraliser) and XlsxWriter's string-to-formula/URL conversion off.

Example:
    >>> from datetime import date
    >>> r = Report(date(2026, 9, 1), "en", "exec", "T", "s", ("=HYPERLINK(1)",), ())
    >>> render_xlsx(r)[:2]
    b'PK'
"""

from __future__ import annotations

import io
import re

import polars as pl
import xlsxwriter

from analytics.report.model import Chart, Report, Section, Table, cell_kind, cell_text
from analytics.store.export import neutralise_formulas
from analytics.text.catalog import t

FONT = "Meiryo"  # Japanese Windows/Mac Excel; Excel substitutes a CJK font where it is missing
NUMBER_FORMATS: dict[str, str] = {
    "count": "#,##0",
    "pct": "0.0%",
    "p_value": "0.000",
    "days": '0.0"日"',
    "hours": '0.0"h"',
    "score": "0",
    "ratio": "0.00",
    "number": "#,##0.0",
}
YEN_FORMATS: dict[str, str] = {"ja": '#,##0"円"', "en": '"¥"#,##0'}
TEXT_KINDS = frozenset({"text", "month", "moment", "day", "signed_pct"})
CHART_TYPES: dict[str, str] = {"bar": "column", "line": "line"}


def safe_text(text: str) -> str:
    """A text cell as written to Excel: a leading ``= + - @`` gets an apostrophe.

    Example:
        >>> safe_text("=HYPERLINK(1)"), safe_text("株式会社A")
        ("'=HYPERLINK(1)", '株式会社A')
    """
    return neutralise_formulas(pl.DataFrame({"v": [text]}))["v"][0]


def _sheet_name(title: str, used: set[str]) -> str:
    name = re.sub(r"[\[\]:*?/\\]", " ", title)[:28].strip() or "sheet"
    base, n = name, 2
    while name.lower() in used:
        name, n = f"{base} {n}", n + 1
    used.add(name.lower())
    return name


class _Writer:
    """One workbook being written: formats by kind, unique table names."""

    def __init__(self, buffer: io.BytesIO, lang: str) -> None:
        self.book = xlsxwriter.Workbook(
            buffer,
            {"strings_to_formulas": False, "strings_to_urls": False, "nan_inf_to_errors": True},
        )
        self.lang = lang
        self.formats: dict[str, object] = {}
        self.tables = 0
        base = {"font_name": FONT, "font_size": 10}
        self.text = self.book.add_format(base)
        self.title = self.book.add_format(base | {"bold": True, "font_size": 14})
        self.bold = self.book.add_format(base | {"bold": True})
        self.base = base

    def number_format(self, kind: str) -> object:
        if kind not in self.formats:
            pattern = YEN_FORMATS[self.lang] if kind == "yen" else NUMBER_FORMATS.get(kind)
            props = self.base | ({"num_format": pattern} if pattern else {})
            self.formats[kind] = self.book.add_format(props)
        return self.formats[kind]


def _write_table(w: _Writer, sheet, table: Table, row: int) -> tuple[int, dict[str, int]]:
    """Write one table as an Excel table at ``row``; returns the next free row and columns."""
    sheet.write_string(row, 0, safe_text(table.title), w.bold)
    top = row + 1
    columns = table.shown
    frame = neutralise_formulas(table.frame.select(columns))
    height = max(table.frame.height, 1)
    w.tables += 1
    sheet.add_table(top, 0, top + height, len(columns) - 1, {
        "name": f"T{w.tables}_{re.sub(r'[^A-Za-z0-9_]', '_', table.key)}",
        "style": "Table Style Light 9",
        "columns": [{"header": safe_text(table.headers.get(c, c))} for c in columns],
    })  # fmt: skip
    for i in range(table.frame.height):
        for j, c in enumerate(columns):
            kind = cell_kind(table, i, c)
            value = frame[c][i]
            if kind in TEXT_KINDS or isinstance(value, str):
                text = safe_text(cell_text(table, i, c, w.lang)) if kind != "text" else value
                sheet.write_string(top + 1 + i, j, text or "", w.text)
            elif value is None:
                sheet.write_blank(top + 1 + i, j, None, w.number_format(kind))
            else:
                sheet.write_number(top + 1 + i, j, float(value), w.number_format(kind))
    for j, c in enumerate(columns):
        width = max([len(str(table.headers.get(c, c))) * 2] + [
            len(cell_text(table, i, c, w.lang)) * 1.6 for i in range(min(table.frame.height, 50))
        ])  # fmt: skip
        sheet.set_column(j, j, min(max(width, 8), 60))
    return top + height + 2, {c: j for j, c in enumerate(columns)} | {"_top": top, "_n": height}


def _add_chart(w: _Writer, sheet, name: str, chart: Chart, where: dict[str, int], anchor: str):
    top, n = where["_top"], where["_n"]
    native = w.book.add_chart({"type": CHART_TYPES[chart.kind]})
    x = where[chart.x]
    for y in chart.ys:
        col = where[y]
        native.add_series({
            "name": [name, top, col],
            "categories": [name, top + 1, x, top + n, x],
            "values": [name, top + 1, col, top + n, col],
        })  # fmt: skip
    native.set_title({"name": chart.title, "name_font": {"name": FONT, "size": 11}})
    native.set_legend({"position": "bottom", "font": {"name": FONT}})
    native.set_x_axis({"num_font": {"name": FONT}})
    native.set_y_axis(
        {"num_format": "0%" if chart.percent else "#,##0", "num_font": {"name": FONT}}
    )
    native.set_size({"width": 620, "height": 300})
    sheet.insert_chart(anchor, native)


def _write_section(w: _Writer, section: Section, used: set[str]) -> None:
    name = _sheet_name(section.title, used)
    sheet = w.book.add_worksheet(name)
    sheet.write_string(0, 0, safe_text(section.title), w.title)
    row = 2
    for line in ([section.missing] if section.missing else []) + list(section.lines):
        sheet.write_string(row, 0, safe_text(line), w.text)
        row += 1
    row += 1
    placed: list[tuple[Chart, dict[str, int]]] = []
    for table in section.tables:
        row, where = _write_table(w, sheet, table, row)
        placed += [
            (c, where) for c in section.charts if c.table == table.key and table.frame.height
        ]
    for chart, where in placed:
        _add_chart(w, sheet, name, chart, where, f"A{row + 1}")
        row += 17


def render_xlsx(report: Report) -> bytes:
    """The report as .xlsx bytes: summary sheet (title, findings, KPI table), then sections."""
    buffer = io.BytesIO()
    w = _Writer(buffer, report.lang)
    used: set[str] = set()
    try:
        summary = w.book.add_worksheet(_sheet_name(t("report.summary", report.lang), used))
        summary.write_string(0, 0, safe_text(report.title), w.title)
        summary.write_string(1, 0, safe_text(report.subtitle), w.text)
        for i, finding in enumerate(report.findings):
            summary.write_string(3 + i, 0, safe_text(f"・{finding}"), w.text)
        kpis = next((s for s in report.sections if s.key == "kpis" and s.tables), None)
        if kpis is not None:  # the KPI table on the summary too: the first thing a reader sees
            _write_table(w, summary, kpis.tables[0], 4 + len(report.findings))
        for section in report.sections:
            _write_section(w, section, used)
    finally:
        w.book.close()
    return buffer.getvalue()
