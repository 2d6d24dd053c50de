"""What an import reports: the preview, the result with its rejects, and the stored history.

Example:
    >>> r = ImportResult(1, "leads", "a.csv", "utf-8", ",", "generic", 2, 1, 0, 1,
    ...     [Reject(3, "id", "empty lead_id in column 'id'", "reject.empty",
    ...             {"name": "lead_id", "column": "id"})], [], False)
    >>> r.to_dict()["rejected"], r.rejects[0].localized("ja")
    (1, "列 'id' の lead_id が空です")
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import polars as pl

from analytics.store.db import Workspace
from analytics.text.catalog import Text, localize_column


@dataclass(frozen=True)
class FilePreview:
    """What a file looks like before import: format, mapping and its first rows."""

    file_name: str
    kind: str
    encoding: str
    delimiter: str
    preset: str
    headers: list[str]
    mapping: dict[str, str]
    preview: pl.DataFrame
    missing_required: list[str]


@dataclass(frozen=True)
class Reject:
    """One rejected row: spreadsheet row number (header = 1), the file's column, why.

    ``reason`` is English; ``key``/``values`` name the ``reject.*`` message of
    :data:`analytics.text.catalog.CATALOG` it was rendered from (see :meth:`localized`).
    """

    row: int
    column: str | None
    reason: str
    key: str | None = None
    values: dict[str, str] = field(default_factory=dict)

    def localized(self, lang: str) -> str:
        """The reason in ``lang`` (the English reason when it has no key).

        Example:
            >>> Reject(3, "ID", "empty lead_id in column 'ID'", "reject.empty",
            ...        {"name": "lead_id", "column": "ID"}).localized("ja")
            "列 'ID' の lead_id が空です"
        """
        return self.reason if self.key is None else Text(self.key, self.values).localized(lang)


@dataclass(frozen=True)
class ImportResult:
    """The summary of one import (or dry run)."""

    import_id: int | None
    kind: str
    file_name: str
    encoding: str
    delimiter: str
    preset: str
    rows_read: int
    inserted: int
    updated: int
    rejected: int
    rejects: list[Reject]
    notes: list[str]
    dry_run: bool

    def to_dict(self) -> dict[str, Any]:
        """The DESIGN §4 JSON shape (plus file_name, notes, dry_run).

        Example:
            >>> ImportResult(1, "leads", "a.csv", "utf-8", ",", "generic", 2, 1, 0, 1,
            ...              [Reject(3, "id", "empty lead_id")], [], False).to_dict()["rejects"]
            [{'row': 3, 'column': 'id', 'reason': 'empty lead_id'}]
        """
        return {
            "import_id": self.import_id,
            "kind": self.kind,
            "encoding": self.encoding,
            "delimiter": self.delimiter,
            "preset": self.preset,
            "rows_read": self.rows_read,
            "inserted": self.inserted,
            "updated": self.updated,
            "rejected": self.rejected,
            "rejects": [
                {"row": r.row, "column": r.column, "reason": r.reason} for r in self.rejects
            ],
            "file_name": self.file_name,
            "notes": list(self.notes),
            "dry_run": self.dry_run,
        }


def list_imports(ws: Workspace) -> pl.DataFrame:
    """The import history, newest first.

    Example:
        >>> list_imports(Workspace.open(":memory:")).height
        0
    """
    return ws.query("SELECT * FROM imports ORDER BY import_id DESC")


def list_rejects(ws: Workspace, import_id: int, *, lang: str | None = None) -> pl.DataFrame:
    """The rejected rows of one import: row_number, column, reason, raw (by row).

    Args:
        ws: the workspace.
        import_id: the import.
        lang: render the reasons in this language (``"en"``/``"ja"``); None keeps
            the stored English text.

    Returns:
        One row per rejected row.

    Example:
        >>> list_rejects(Workspace.open(":memory:"), 1, lang="ja").columns
        ['row_number', 'column', 'reason', 'raw']
    """
    stored = ws.query(
        'SELECT row_number, "column", reason, raw, reason_key, reason_values '
        "FROM import_rejects WHERE import_id = ? ORDER BY row_number",
        [import_id],
    )
    if lang is None:
        return stored.drop("reason_key", "reason_values")
    return localize_rejects(stored, lang)


def localize_rejects(frame: pl.DataFrame, lang: str) -> pl.DataFrame:
    """Render stored reject reasons in ``lang`` (vectorised: one expression per distinct key).

    Rows without a ``reason_key`` (imported before keys were stored) keep their
    English ``reason``.

    Args:
        frame: rejects with ``reason``, ``reason_key`` and ``reason_values`` (JSON)
            columns, as stored in ``import_rejects``.
        lang: ``"en"`` or ``"ja"``.

    Returns:
        ``frame`` with ``reason`` in ``lang`` and without the key/values columns.

    Example:
        >>> f = pl.DataFrame({"row_number": [2], "reason": ["bad date 'x' in column 'd': …"],
        ...     "reason_key": ["reject.bad_date"], "reason_values": ['{"value":"x","column":"d"}']})
        >>> localize_rejects(f, "ja")["reason"][0]
        "列 'd' の日付 'x' を読めません。2025-08-05、2025/8/5、2025年8月5日 のような日付にしてください"
    """
    return localize_column(frame, lang, text="reason", key="reason_key", values="reason_values")


def rejects_frame(result: ImportResult) -> pl.DataFrame:
    """The listed rejects of an import result as a frame: row, column, reason, reason_key, reason_values.

    Example:
        >>> r = ImportResult(1, "leads", "a.csv", "utf-8", ",", "generic", 2, 1, 0, 1,
        ...     [Reject(3, "id", "empty lead_id in column 'id'", "reject.empty",
        ...             {"name": "lead_id", "column": "id"})], [], False)
        >>> localize_rejects(rejects_frame(r), "ja")["reason"].to_list()
        ["列 'id' の lead_id が空です"]
    """
    return pl.DataFrame(
        {
            "row": [r.row for r in result.rejects],
            "column": [r.column for r in result.rejects],
            "reason": [r.reason for r in result.rejects],
            "reason_key": [r.key for r in result.rejects],
            "reason_values": [json.dumps(r.values, ensure_ascii=False) for r in result.rejects],
        },
        schema={
            name: (pl.Int64 if name == "row" else pl.String)
            for name in ("row", "column", "reason", "reason_key", "reason_values")
        },
    )
