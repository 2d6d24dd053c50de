"""Writing converted rows: upsert SQL, and one transaction that records the import.

Step 6 of :mod:`analytics.store.ingest`. The valid rows go to DuckDB as one
contiguous Arrow table (registered for the block with
:meth:`analytics.store.db.Workspace.registered`) in one ``INSERT … SELECT``.
Keyed kinds upsert by key, writing only the mapped columns; ``inserted`` counts
new keys, ``updated`` existing keys whose mapped values changed, unchanged rows
are not rewritten. Activities have no id: a row equal on
:data:`DEDUPE_ACTIVITIES` to a stored one is skipped.
"""

from __future__ import annotations

import contextlib
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import duckdb
import polars as pl

from analytics.errors import KakehashiError
from analytics.store.db import Workspace, quote_ident
from analytics.store.ingest import limits
from analytics.store.ingest.convert import Converted
from analytics.store.ingest.mapping import KEYS

# Activities have no id: a stored row equal on these columns is the same event.
DEDUPE_ACTIVITIES: tuple[str, ...] = ("lead_id", "occurred_at", "type", "detail")
# DuckDB's memory limit while a chunked import's staged rows are written (issue 14: the
# import's peak stays under 4 GB whatever the file's size).
STAGED_WRITE_MEMORY = "1GB"


@dataclass(frozen=True)
class ImportRecord:
    """What the ``imports`` row says about an import besides its counts."""

    kind: str
    file_name: str
    sha256: str
    encoding: str
    delimiter: str
    preset: str
    rows_read: int
    rejected: int
    started: datetime
    status: str


@dataclass(frozen=True)
class StagedRows:
    """The valid rows of a chunked import, written to Parquet files in a scratch folder."""

    files: str  # a glob of the Parquet files (a path the importer made, never user text)
    columns: list[str]  # the typed columns (no "__row")
    height: int


def write_import(
    ws: Workspace, converted: Converted, record: ImportRecord, *, staged: StagedRows | None = None
) -> tuple[int, int, int, int]:
    """Write an import in one transaction: rows, its ``imports`` row, its rejects.

    The data version is bumped when a row was inserted or updated.

    Args:
        ws: the workspace.
        converted: the valid rows and rejects.
        record: the file, format and status of the import.
        staged: the valid rows of a chunked import (then ``converted.frame`` is unused).

    Returns:
        ``(import_id, inserted, updated, unchanged)``.

    Example:
        >>> from datetime import date
        >>> ws = Workspace.open(":memory:")
        >>> rows = pl.DataFrame({"__row": [2], "month": [date(2025, 4, 1)], "channel": ["web"],
        ...                      "amount": [10.0]})
        >>> record = ImportRecord("costs", "c.csv", "0" * 64, "utf-8", ",", "generic", 1, 0,
        ...                       datetime(2025, 4, 1, 9), "ok")
        >>> write_import(ws, Converted(rows, pl.DataFrame(), [], {}), record)
        (1, 1, 0, 0)
        >>> ws.rows("SELECT import_id, file_name, inserted, status FROM imports")
        [(1, 'c.csv', 1, 'ok')]
    """
    try:
        return _write_import(ws, converted, record, staged)
    finally:
        if staged is not None:
            reset_memory_limit(ws)


def reset_memory_limit(ws: Workspace) -> None:
    """Back to DuckDB's memory limit for the queries that follow a staged write (best effort)."""
    with contextlib.suppress(duckdb.Error, KakehashiError):
        ws.cursor().execute("RESET memory_limit")


def _write_import(
    ws: Workspace, converted: Converted, record: ImportRecord, staged: StagedRows | None
) -> tuple[int, int, int, int]:
    with ws.transaction() as cur:
        import_id = ws.next_import_id(cur)
        if staged is not None:
            # DuckDB spills beyond this instead of holding the whole upsert (8M rows: 3.4 GB
            # -> 1.1 GB, and faster); set inside the transaction, which may reconnect
            cur.execute(f"SET memory_limit = '{STAGED_WRITE_MEMORY}'")
        if staged is None:
            inserted, updated, unchanged = write_rows(
                ws, record.kind, converted.frame, converted.custom_types, import_id=import_id,
                cur=cur,
            )  # fmt: skip
        else:
            inserted, updated, unchanged = write_staged(
                ws, record.kind, staged, converted.custom_types, import_id=import_id, cur=cur
            )
        _record_import(ws, cur, import_id, record, converted, inserted, updated)
    return import_id, inserted, updated, unchanged


def _record_import(
    ws: Workspace,
    cur: Any,
    import_id: int,
    record: ImportRecord,
    converted: Converted,
    inserted: int,
    updated: int,
) -> None:
    """Inside the import's transaction, once its rows are written: its ``imports`` row, a
    sample of its rejects, and a new data version when a row was inserted or updated."""
    cur.execute(
        "INSERT INTO imports VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [import_id, record.kind, record.file_name, record.sha256, record.encoding,
         record.delimiter, record.preset, record.rows_read, inserted, updated,
         record.rejected, record.started, datetime.now(), record.status],
    )  # fmt: skip
    if record.rejected:
        # a sample of the rejects is kept (the count is in imports.rejected)
        rejects = converted.rejects.head(limits.MAX_REJECTS_KEPT).with_columns(
            import_id=pl.lit(import_id, pl.Int64)
        )
        with ws.registered("kk_rejects", rejects):
            cur.execute(
                "INSERT INTO import_rejects "
                '(import_id, row_number, "column", reason, raw, reason_key, reason_values) '
                'SELECT import_id, row_number, "column", reason, raw, reason_key, '
                "reason_values FROM kk_rejects"
            )
    if inserted or updated:
        ws.bump_data_version(cur)


class RowsAsConverted:
    """A chunked import's valid rows written chunk by chunk, in the import's one transaction.

    For a large file of activities into a workspace with none yet (the first load of an
    activity history): each chunk is inserted as soon as it is converted, instead of staged
    in Parquet and inserted at the end (20M activities: ~1.4 s less, the staged files'
    writing). The transaction is the caller's (:meth:`Workspace.transaction`); anything
    that fails before :meth:`finish` rolls every chunk back, so a failed import still
    writes nothing. Only where nothing needs comparing with the stored rows: a keyed
    kind's upsert, or activities deduplicated against stored ones, is one statement over
    the staged rows (:func:`write_staged`).

    Example:
        >>> ws = Workspace.open(":memory:")
        >>> rows = pl.DataFrame({"__row": [2, 3], "lead_id": ["L1", "L1"], "type": ["web", "web"],
        ...                      "occurred_at": [datetime(2025, 4, 1)] * 2})
        >>> with ws.transaction() as cur:
        ...     direct = RowsAsConverted(ws, cur, "activities")
        ...     direct.write(rows, {})
        ...     direct.close()
        >>> direct.inserted, ws.scalar("SELECT count(*) FROM activities WHERE import_id = 1")
        (2, 2)
    """

    def __init__(self, ws: Workspace, cur: Any, kind: str) -> None:
        if kind != "activities":
            raise ValueError(f"rows of {kind!r} are compared with stored ones: stage them")
        self.ws, self.cur, self.kind = ws, cur, kind
        self.import_id = ws.next_import_id(cur)
        # an empty table needs no comparison; else (another writer came first) each chunk is
        # compared with the rows stored before this import, as the staged insert does
        self.empty = not cur.execute("SELECT 1 FROM activities LIMIT 1").fetchall()
        cur.execute(f"SET memory_limit = '{STAGED_WRITE_MEMORY}'")
        self.columns = set(ws.columns(kind))
        self.inserted = 0
        # one chunk is inserted while the next one is converted (DuckDB and polars release
        # the GIL); the transaction's cursor is used by one thread at a time
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="kakehashi-insert")
        self._pending: Future[int] | None = None

    def write(self, valid: pl.DataFrame, custom_types: dict[str, str]) -> None:
        """Insert one chunk's valid rows (adding its custom attributes' columns first).

        The insert runs in a thread while the caller converts the next chunk; an error of
        it is raised by the next call (or :meth:`finish`).
        """
        self._wait()
        new = {c: t for c, t in custom_types.items() if c not in self.columns}
        if new:
            self.ws.add_columns(self.cur, self.kind, new)
            self.columns |= set(new)
        cols = [c for c in valid.columns if c != "__row"]
        staged = valid.drop("__row").rechunk().to_arrow(compat_level=pl.CompatLevel.newest())
        self._pending = self._pool.submit(self._insert, staged, cols)

    def _insert(self, staged: Any, cols: list[str]) -> int:
        with self.ws.registered("kk_stage", staged, cur=self.cur):
            return _insert_new_activities(
                self.cur, cols, empty=self.empty, import_id=self.import_id, own_apart=True
            )

    def _wait(self) -> None:
        pending, self._pending = self._pending, None
        if pending is not None:
            self.inserted += pending.result()

    def close(self) -> None:
        """Wait for the insert in flight (its error left to :meth:`finish`'s caller)."""
        with contextlib.suppress(Exception):
            self._wait()
        self._pool.shutdown(wait=True)

    def discard(self) -> None:
        """Remove the rows written so far (the chunks are read again another way)."""
        self._wait()
        self.cur.execute("DELETE FROM activities WHERE import_id = ?", [self.import_id])
        self.inserted = 0

    def finish(
        self, converted: Converted, record: ImportRecord, valid: int
    ) -> tuple[int, int, int, int]:
        """Record the import (as :func:`write_import` does) of ``valid`` valid rows:
        ``(import_id, inserted, 0, unchanged)``."""
        self._wait()
        _record_import(self.ws, self.cur, self.import_id, record, converted, self.inserted, 0)
        return self.import_id, self.inserted, 0, valid - self.inserted


def write_rows(
    ws: Workspace,
    kind: str,
    data: pl.DataFrame,
    custom_types: dict[str, str],
    *,
    import_id: int | None,
    cur: Any,
) -> tuple[int, int, int]:
    """(inserted, updated, unchanged); writes only when ``import_id`` is given.

    Args:
        ws: the workspace.
        kind: the import kind (its table).
        data: ``__row`` and the typed columns to write.
        custom_types: custom attribute -> DuckDB type (added to the table if missing).
        import_id: the import the rows belong to; None counts without writing (dry run).
        cur: this thread's cursor (inside the import's transaction when writing).

    Example:
        >>> from datetime import date
        >>> ws = Workspace.open(":memory:")
        >>> rows = pl.DataFrame({"__row": [2], "month": [date(2025, 4, 1)], "channel": ["web"],
        ...                      "amount": [10.0]})
        >>> write_rows(ws, "costs", rows, {}, import_id=None, cur=ws.cursor())  # a dry run
        (1, 0, 0)
    """
    cols = [c for c in data.columns if c != "__row"]
    # string_view arrow export: no copy of the strings on the way into DuckDB
    # (rechunked: DuckDB scans one contiguous arrow table twice as fast as polars' read chunks)
    staged = data.drop("__row").rechunk().to_arrow(compat_level=pl.CompatLevel.newest())
    with ws.registered("kk_stage", staged):
        return _write_stage(ws, kind, cols, data.height, custom_types, import_id=import_id, cur=cur)


def write_staged(
    ws: Workspace,
    kind: str,
    staged: StagedRows,
    custom_types: dict[str, str],
    *,
    import_id: int | None,
    cur: Any,
) -> tuple[int, int, int]:
    """:func:`write_rows` for the rows a chunked import staged in Parquet files.

    DuckDB streams them from disk into the upsert: memory stays bounded by its own
    limit, whatever the number of rows.
    """
    files = staged.files.replace("'", "''")
    cur.execute(f"CREATE OR REPLACE TEMP VIEW kk_stage AS SELECT * FROM read_parquet('{files}')")
    try:
        return _write_stage(
            ws, kind, staged.columns, staged.height, custom_types, import_id=import_id, cur=cur
        )
    finally:
        cur.execute("DROP VIEW IF EXISTS kk_stage")


def _write_stage(
    ws: Workspace,
    kind: str,
    cols: list[str],
    height: int,
    custom_types: dict[str, str],
    *,
    import_id: int | None,
    cur: Any,
) -> tuple[int, int, int]:
    """(inserted, updated, unchanged) of the rows SQL reads as ``kk_stage``."""
    table = quote_ident(kind)
    existing = ws.columns(kind)
    if import_id is not None and custom_types:
        ws.add_columns(cur, kind, {c: t for c, t in custom_types.items() if c not in existing})
    empty = not cur.execute(f"SELECT 1 FROM {table} LIMIT 1").fetchall()
    if kind == "activities":
        inserted = _insert_new_activities(cur, cols, empty=empty, import_id=import_id)
        return inserted, 0, height - inserted
    inserted, updated = _upsert(
        cur, kind, cols, existing, empty=empty, import_id=import_id, height=height
    )
    return inserted, updated, height - inserted - updated


def _insert_new_activities(
    cur: Any, cols: list[str], *, empty: bool, import_id: int | None, own_apart: bool = False
) -> int:
    """Insert (or, without an import id, count) the staged activities not stored yet.

    ``own_apart``: the rows this import wrote already (earlier chunks) are not compared
    with, so that equal rows of one file are all kept, as one staged insert keeps them.
    """
    table = quote_ident("activities")
    col_list = ", ".join(quote_ident(c) for c in cols)
    select_list = ", ".join(f"s.{quote_ident(c)}" for c in cols)
    conditions = []
    for c in DEDUPE_ACTIVITIES:
        other = f"s.{quote_ident(c)}" if c in cols else "NULL"
        op = "IS NOT DISTINCT FROM" if c == "detail" else "="
        conditions.append(f"t.{quote_ident(c)} {op} {other}")
    params: list[Any] = []
    if own_apart and import_id is not None and not empty:
        conditions.append("t.import_id IS DISTINCT FROM ?")
        params.append(import_id)
    dedupe = " AND ".join(conditions)
    where = "" if empty else f" WHERE NOT EXISTS (SELECT 1 FROM {table} t WHERE {dedupe})"
    if import_id is None:
        inserted = cur.execute(f"SELECT count(*) FROM kk_stage s{where}").fetchall()[0][0]
    else:
        inserted = cur.execute(
            f"INSERT INTO {table} ({col_list}, import_id) SELECT {select_list}, ? FROM kk_stage s{where}",
            [import_id, *params],
        ).fetchall()[0][0]
    return int(inserted)


def _distinct(cols: list[str]) -> str:
    if not cols:
        return "false"
    return " OR ".join(f"s.{quote_ident(c)} IS DISTINCT FROM t.{quote_ident(c)}" for c in cols)


def _upsert(
    cur: Any,
    kind: str,
    cols: list[str],
    existing: dict[str, str],
    *,
    empty: bool,
    import_id: int | None,
    height: int,
) -> tuple[int, int]:
    """(inserted, updated) of the staged rows of a keyed kind; writes when ``import_id`` is set."""
    table = quote_ident(kind)
    keys = list(KEYS[kind])
    on = " AND ".join(f"t.{quote_ident(k)} = s.{quote_ident(k)}" for k in keys)
    compare = [c for c in cols if c not in keys and c in existing]
    new_cols = [c for c in cols if c not in existing]
    changed = _distinct(compare)
    if new_cols:
        changed = " OR ".join([changed, *(f"s.{quote_ident(c)} IS NOT NULL" for c in new_cols)])
    if empty:
        inserted, updated = height, 0
    else:
        inserted, updated = cur.execute(
            f"SELECT count(*) FILTER (WHERE t.{quote_ident(keys[0])} IS NULL), "
            f"count(*) FILTER (WHERE t.{quote_ident(keys[0])} IS NOT NULL AND ({changed})) "
            f"FROM kk_stage s LEFT JOIN {table} t ON {on}"
        ).fetchall()[0]
    if import_id is None or not inserted + updated:
        return int(inserted), int(updated)
    col_list = ", ".join(quote_ident(c) for c in cols)
    select_list = ", ".join(f"s.{quote_ident(c)}" for c in cols)
    if empty:
        cur.execute(
            f"INSERT INTO {table} ({col_list}, import_id) SELECT {select_list}, ? FROM kk_stage s",
            [import_id],
        )
        return int(inserted), int(updated)
    setters = ", ".join(
        f"{quote_ident(c)} = excluded.{quote_ident(c)}"
        for c in [*cols, "import_id"]
        if c not in keys
    )
    changed_now = _distinct([c for c in cols if c not in keys]) if new_cols else changed
    cur.execute(
        f"INSERT INTO {table} ({col_list}, import_id) SELECT {select_list}, ? "
        f"FROM kk_stage s LEFT JOIN {table} t ON {on} "
        f"WHERE t.{quote_ident(keys[0])} IS NULL OR ({changed_now}) "
        f"ON CONFLICT ({', '.join(quote_ident(k) for k in keys)}) DO UPDATE SET {setters}",
        [import_id],
    )
    return int(inserted), int(updated)
