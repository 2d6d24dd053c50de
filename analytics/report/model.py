"""The report's content model: findings, sections, tables and chart specs (no rendering).

A :class:`Table` holds raw values (numbers stay numbers, so Excel gets real numbers and
native charts) with a format kind per column (:mod:`analytics.text.format` kinds); every
renderer formats a cell through :func:`cell_text`, so a number reads the same in HTML,
Excel's number formats aside, and PDF.

Example:
    >>> table = Table("t", "T", pl.DataFrame({"n": [1200]}), {"n": "count"}, {"n": "N"})
    >>> cell_text(table, 0, "n", "en")
    '1,200'
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

import polars as pl

from analytics.text import format as fmt

AUDIENCES: tuple[str, ...] = ("all", "exec", "marketing", "sales")
FORMATS: tuple[str, ...] = ("html", "xlsx", "pdf")
# Section order per audience: marketing and sales lead with their own side; exec is one page.
SECTION_ORDER: dict[str, tuple[str, ...]] = {
    "all": ("kpis", "funnel", "bands", "sla", "feedback", "criteria", "quality"),
    "exec": ("kpis",),
    "marketing": ("kpis", "funnel", "bands", "criteria", "feedback", "sla", "quality"),
    "sales": ("sla", "feedback", "kpis", "funnel", "bands", "criteria", "quality"),
}
ROW_KIND = "row"  # a column whose kind is per row, read from the hidden ``_kind`` column
KPI_KINDS: dict[str, str] = {"count": "count", "rate": "pct", "money": "yen", "days": "days"}


@dataclass(frozen=True)
class Table:
    """One table: raw values, a format kind per shown column and translated headers.

    Columns starting with ``_`` are hidden (``_kind``: the per-row kind of
    :data:`ROW_KIND` columns; ``_key``: a stable row key for tests and anchors).
    """

    key: str
    title: str
    frame: pl.DataFrame
    kinds: dict[str, str]
    headers: dict[str, str]

    @property
    def shown(self) -> list[str]:
        """The shown columns, in order."""
        return [c for c in self.frame.columns if not c.startswith("_")]


@dataclass(frozen=True)
class Chart:
    """A chart drawn from one table of its section: ``x`` against the ``ys`` columns."""

    title: str
    table: str  # the key of a table in the same section
    x: str
    ys: tuple[str, ...]
    kind: str = "line"  # line | bar
    percent: bool = False


@dataclass(frozen=True)
class Section:
    """One section: sentences, tables and charts, or what to import when its data is missing."""

    key: str
    title: str
    lines: tuple[str, ...] = ()
    tables: tuple[Table, ...] = ()
    charts: tuple[Chart, ...] = ()
    missing: str | None = None

    def table(self, key: str) -> Table:
        """The table of this section with ``key``."""
        return next(t for t in self.tables if t.key == key)


@dataclass(frozen=True)
class Report:
    """The whole report of one month, in one language, for one audience."""

    month: date
    lang: str
    audience: str
    title: str
    subtitle: str
    findings: tuple[str, ...]
    sections: tuple[Section, ...]
    kpis: list[dict[str, Any]] = field(default_factory=list)  # definitions-layer records
    footer: str = ""


def cell_kind(table: Table, row: int, column: str) -> str:
    """The format kind of one cell (per-row kinds resolved)."""
    kind = table.kinds.get(column, "text")
    if kind == ROW_KIND:
        return str(table.frame["_kind"][row])
    return kind


def cell_text(table: Table, row: int, column: str, lang: str) -> str:
    """One cell as a person reads it (through :mod:`analytics.text.format`)."""
    value = table.frame[column][row]
    kind = cell_kind(table, row, column)
    if kind == "text":
        return fmt.MISSING if value is None else str(value)
    if kind == "signed_pct":
        return fmt.value(value, "pct", lang, signed=True)
    return fmt.value(value, kind, lang)
