r"""The one module that owns DuckDB: schema, migrations, connections, transactions.

The tables are declared once, as data, in :mod:`analytics.store.schema`;
:data:`TABLES` is their DDL (:func:`table_ddl`), the newest schema, and
:data:`MIGRATIONS` bring an older workspace up to it.

Rules (DESIGN §3):

- one ``duckdb`` connection per workspace file, a cursor per thread
  (:meth:`Workspace.cursor`);
- writes are serialised by a lock and run in one transaction
  (:meth:`Workspace.transaction`);
- values are always bound parameters; identifiers that come from a user's
  header go through :func:`quote_ident` and nowhere else.

DuckDB 2.0 notes (checked here): ``con.execute(q)`` on a query leaves an
unfinished result that blocks the connection until fetched, and relations have
no ``fetchone``; so reads go through :meth:`Workspace.query` (a polars frame)
or :meth:`Workspace.rows` (a list of tuples), which always consume the result.

Example:
    >>> ws = Workspace.open(":memory:")
    >>> ws.scalar("SELECT count(*) FROM leads")
    0
    >>> quote_ident('会社"名')
    '"会社""名"'
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import duckdb
import polars as pl

from analytics.errors import WorkspaceError
from analytics.store.schema import DATA_TABLES, SCHEMA, Table

DEFAULT_DB = Path(__file__).resolve().parents[2] / "data" / "workspace.duckdb"

SCHEMA_VERSION = 4

# Migrations: schema version -> statements that bring a workspace at version - 1 to it.
# TABLES always holds the newest schema: a new workspace is created from it and stamped
# SCHEMA_VERSION without running any migration.
MIGRATIONS: dict[int, tuple[str, ...]] = {
    # 2: reject reasons keep their message key and values (JSON) for translation
    2: (
        "ALTER TABLE import_rejects ADD COLUMN reason_key VARCHAR",
        "ALTER TABLE import_rejects ADD COLUMN reason_values VARCHAR",
    ),
    # 3: sign-offs name the body they signed and their audit event (criteria_events is new)
    3: (
        "ALTER TABLE signoffs ADD COLUMN body_sha256 VARCHAR",
        "ALTER TABLE signoffs ADD COLUMN event_id BIGINT",
    ),
    # 4: lead-level outcomes (issue 13): the Converted flag and the lifecycle stage
    4: (
        "ALTER TABLE leads ADD COLUMN IF NOT EXISTS converted BOOLEAN",
        "ALTER TABLE leads ADD COLUMN IF NOT EXISTS lifecycle_stage VARCHAR",
    ),
}


def quote_ident(name: str) -> str:
    """Quote one SQL identifier (a column or table name from a user's header).

    Args:
        name: any string, including Japanese text, spaces and quotes.

    Returns:
        The identifier in double quotes with embedded quotes doubled.

    Example:
        >>> quote_ident("Created Date")
        '"Created Date"'
    """
    return '"' + str(name).replace('"', '""') + '"'


def table_ddl(table: Table) -> str:
    """The body of ``CREATE TABLE`` for a declared table (:mod:`analytics.store.schema`).

    A one-column key is declared on its column, a longer one as a table constraint.

    Args:
        table: a table of :data:`analytics.store.schema.SCHEMA`.

    Returns:
        The column definitions and constraints, one per line.

    Example:
        >>> print(table_ddl(SCHEMA["costs"]))
        "month" DATE NOT NULL,
        "channel" VARCHAR NOT NULL,
        "amount" DOUBLE,
        "import_id" BIGINT,
        PRIMARY KEY ("month", "channel")
    """
    inline_key = len(table.key) == 1
    lines = [
        f"{quote_ident(c.name)} {c.type}"
        + (" NOT NULL" if c.not_null else "")
        + (" PRIMARY KEY" if c.key and inline_key else "")
        for c in table.columns
    ]
    if len(table.key) > 1:
        lines.append(f"PRIMARY KEY ({', '.join(quote_ident(k) for k in table.key)})")
    return ",\n".join(lines)


# The DDL of every table (the newest schema), derived from analytics.store.schema.SCHEMA.
TABLES: dict[str, str] = {name: table_ddl(table) for name, table in SCHEMA.items()}


# ISO shapes DuckDB parses for analytics.store.ingest.parsing (exactly 6 fraction digits: DuckDB's %f
# reads ".123" as 123 microseconds, so shorter fractions go to the polars path instead).
ISO_TIMESTAMP_FORMATS: tuple[str, ...] = (
    "%Y-%m-%dT%H:%M:%S.%f",
    "%Y-%m-%d %H:%M:%S.%f",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d",
)


def strptime_iso(values: pl.Series) -> pl.Series:
    """Parse ISO date/time text with DuckDB's parallel ``try_strptime`` (null where none fits).

    A compute helper (an in-memory DuckDB, no workspace): several times faster than
    polars for tens of millions of timestamps. Formats: :data:`ISO_TIMESTAMP_FORMATS`.

    Args:
        values: a String Series.

    Returns:
        A ``Datetime("us")`` Series of the same name and length.

    Example:
        >>> strptime_iso(pl.Series("t", ["2025-08-05T10:00:00.000001", "2025-08-05", "x"])).to_list()
        [datetime.datetime(2025, 8, 5, 10, 0, 0, 1), datetime.datetime(2025, 8, 5, 0, 0), None]
    """
    con = duckdb.connect()
    try:
        con.register("frame", values.cast(pl.String).rename("v").rechunk().to_frame().to_arrow())
        out = con.sql(
            "SELECT try_strptime(v, $1) AS v FROM frame", params=[list(ISO_TIMESTAMP_FORMATS)]
        ).pl()
    finally:
        con.close()
    return out.to_series().cast(pl.Datetime("us")).alias(values.name)


def row_digests(frame: pl.DataFrame) -> pl.Series:
    """The md5 (hex) of each row's text: its cells joined by a unit separator, null as empty.

    A compute helper (an in-memory DuckDB, no workspace) whose value does not depend on
    the polars version, so an id derived from it stays the same across upgrades.

    Args:
        frame: String columns.

    Returns:
        A String Series ``digest``, one per row, in row order.

    Example:
        >>> row_digests(pl.DataFrame({"a": ["x", "x"], "b": ["1", None]})).str.slice(0, 8).to_list()
        ['c7b00ffa', '388aeacf']
    """
    con = duckdb.connect()
    try:
        cells = frame.select(pl.col(c).cast(pl.String).fill_null("") for c in frame.columns)
        con.register("frame", cells.rename(lambda c: f"c{cells.columns.index(c)}").to_arrow())
        joined = ", ".join(f"c{i}" for i in range(cells.width)) or "''"
        out = con.sql(f"SELECT md5(concat_ws(chr(31), {joined})) AS digest FROM frame").pl()
    finally:
        con.close()
    return out.to_series().alias("digest")


class Workspace:
    """One DuckDB workspace file: schema, cursors per thread, serialised writes.

    Create with :meth:`Workspace.open`; close with :meth:`close` (or use as a
    context manager).
    """

    def __init__(self, con: duckdb.DuckDBPyConnection, path: str) -> None:
        self._con = con
        self.path = path
        self._local = threading.local()
        self._write_lock = threading.RLock()

    # -- opening -----------------------------------------------------------
    @classmethod
    def open(cls, path: str | Path = DEFAULT_DB, *, read_only: bool = False) -> Workspace:
        """Open (creating and migrating if needed) the workspace at ``path``.

        Args:
            path: a DuckDB file, or ``":memory:"``.
            read_only: open without the right to write (the file must exist).

        Raises:
            WorkspaceError: the file is held by another process, or is not a
                DuckDB file.
        """
        path = str(path)
        if path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        try:
            con = duckdb.connect(path, read_only=read_only)
        except duckdb.IOException as exc:
            msg = str(exc)
            if "lock" in msg.lower():
                pid = re.search(r"PID (\d+)", msg)
                if pid:
                    raise WorkspaceError.make("db.locked_pid", path=path, pid=pid.group(1)) from exc
                raise WorkspaceError.make("db.locked", path=path) from exc
            raise WorkspaceError.make(
                "db.cannot_open", path=path, detail=msg.splitlines()[0]
            ) from exc
        except duckdb.Error as exc:
            raise WorkspaceError.make(
                "db.not_duckdb", path=path, detail=str(exc).splitlines()[0]
            ) from exc
        ws = cls(con, path)
        if not read_only:
            ws._migrate()
        return ws

    def close(self) -> None:
        """Close the connection (cursors of other threads become unusable)."""
        self._con.close()

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _migrate(self) -> None:
        """Create a new workspace at SCHEMA_VERSION, or run the migrations an old one lacks.

        A file without a ``meta`` table is new: every table is created from
        :data:`TABLES` (the newest schema) and no migration runs. A file with one
        is at its stamped ``schema_version`` (1 when unstamped): its missing
        tables are created, then ``MIGRATIONS[v]`` runs for every later ``v``.
        """
        with self.transaction() as cur:
            existing = {
                name
                for (name,) in cur.execute(
                    "SELECT table_name FROM information_schema.tables "
                    "WHERE table_schema = current_schema()"
                ).fetchall()
            }
            version = SCHEMA_VERSION
            if "meta" in existing:
                found = cur.execute(
                    "SELECT value FROM meta WHERE key = 'schema_version'"
                ).fetchall()
                version = int(found[0][0]) if found else 1
            if version > SCHEMA_VERSION:
                raise WorkspaceError.make(
                    "db.newer_schema", path=self.path, version=version, current=SCHEMA_VERSION
                )
            for name, body in TABLES.items():
                if name not in existing:
                    # a table missing from an old workspace is created at the newest schema;
                    # so a migration may only alter tables that its previous version had
                    cur.execute(f"CREATE TABLE {quote_ident(name)} ({body})")
            for target in range(version + 1, SCHEMA_VERSION + 1):
                for statement in MIGRATIONS.get(target, ()):
                    cur.execute(statement)
            cur.execute(
                "INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", [str(SCHEMA_VERSION)]
            )
            if not cur.execute("SELECT 1 FROM meta WHERE key = 'data_version'").fetchall():
                cur.execute("INSERT INTO meta VALUES ('data_version', '0')")

    # -- reading -----------------------------------------------------------
    def cursor(self) -> duckdb.DuckDBPyConnection:
        """This thread's cursor on the workspace connection."""
        cur = getattr(self._local, "cursor", None)
        if cur is None:
            cur = self._con.cursor()
            self._local.cursor = cur
        return cur

    def query(self, sql: str, params: Sequence[Any] | dict[str, Any] | None = None) -> pl.DataFrame:
        """Run a read query and return a polars frame (values bound from ``params``)."""
        return self.cursor().sql(sql, params=params).pl()

    def rows(self, sql: str, params: Sequence[Any] | dict[str, Any] | None = None) -> list[tuple]:
        """Run a query and return all rows as tuples."""
        return self.cursor().execute(sql, params).fetchall()

    def scalar(self, sql: str, params: Sequence[Any] | dict[str, Any] | None = None) -> Any:
        """Run a query and return the first column of its first row (or None)."""
        found = self.rows(sql, params)
        return found[0][0] if found else None

    def columns(self, table: str) -> dict[str, str]:
        """Column name -> DuckDB type of ``table``, in table order."""
        found = self.rows(
            "SELECT column_name, data_type FROM information_schema.columns "
            "WHERE table_name = ? ORDER BY ordinal_position",
            [table],
        )
        return dict(found)

    @contextmanager
    def registered(self, name: str, frame: Any) -> Iterator[duckdb.DuckDBPyConnection]:
        """Let SQL read ``frame`` as the view ``name`` for the duration of a block.

        The view lives on this thread's cursor (the one :meth:`transaction` yields,
        and the one :meth:`query` and :meth:`rows` use) and is dropped when the
        block ends, also on error. Registering a name again inside the block
        replaces its frame.

        Args:
            name: the view name (a constant chosen by the caller, never user text).
            frame: a polars frame or an Arrow table.

        Yields:
            This thread's cursor.

        Example:
            >>> ws = Workspace.open(":memory:")
            >>> with ws.registered("kk_example", pl.DataFrame({"x": [1, 2]})):
            ...     ws.scalar("SELECT sum(x) FROM kk_example")
            3
            >>> ws.scalar("SELECT count(*) FROM duckdb_views() WHERE view_name = 'kk_example'")
            0
        """
        cur = self.cursor()
        cur.register(name, frame)
        try:
            yield cur
        finally:
            cur.unregister(name)

    @property
    def data_version(self) -> int:
        """A counter bumped by every write of business data; part of cache keys."""
        return int(self.scalar("SELECT value FROM meta WHERE key = 'data_version'") or 0)

    def table_counts(self) -> dict[str, int]:
        """Row count of every data table."""
        return {t: int(self.scalar(f"SELECT count(*) FROM {quote_ident(t)}")) for t in DATA_TABLES}

    def fingerprint(self) -> dict[str, tuple[int, int]]:
        """(row count, order-independent content hash) of every table but ``meta``.

        Used by tests to prove that a failed import changed nothing.
        """
        out = {}
        for table in TABLES:
            if table == "meta":
                continue
            count, digest = self.rows(
                f"SELECT count(*), coalesce(sum(hash(t)), 0) FROM {quote_ident(table)} AS t"
            )[0]
            out[table] = (int(count), int(digest))
        return out

    # -- writing -----------------------------------------------------------
    @contextmanager
    def transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """Serialised write transaction: commit on success, roll back on any error.

        Example:
            >>> ws = Workspace.open(":memory:")
            >>> with ws.transaction() as cur:
            ...     _ = cur.execute("INSERT INTO costs VALUES ('2025-04-01', 'web', 1000, NULL)")
            >>> ws.scalar("SELECT amount FROM costs")
            1000.0
        """
        with self._write_lock:
            cur = self.cursor()
            cur.execute("BEGIN TRANSACTION")
            try:
                yield cur
            except BaseException:
                cur.execute("ROLLBACK")
                raise
            else:
                cur.execute("COMMIT")

    def bump_data_version(self, cur: duckdb.DuckDBPyConnection) -> None:
        """Inside a transaction: mark the business data as changed (invalidates caches)."""
        cur.execute(
            "UPDATE meta SET value = CAST(CAST(value AS BIGINT) + 1 AS VARCHAR) "
            "WHERE key = 'data_version'"
        )

    def next_import_id(self, cur: duckdb.DuckDBPyConnection) -> int:
        """Inside a transaction: the id of a new row of ``imports`` (largest id + 1, 1 first).

        Example:
            >>> ws = Workspace.open(":memory:")
            >>> with ws.transaction() as cur:
            ...     ws.next_import_id(cur)
            1
        """
        return int(
            cur.execute("SELECT coalesce(max(import_id), 0) + 1 FROM imports").fetchall()[0][0]
        )

    def add_columns(
        self, cur: duckdb.DuckDBPyConnection, table: str, columns: dict[str, str]
    ) -> None:
        """Inside a transaction: add custom columns (name -> DuckDB type) that are missing."""
        existing = self.columns(table)
        for name, sql_type in columns.items():
            if name not in existing:
                if sql_type not in {"VARCHAR", "BIGINT", "DOUBLE", "BOOLEAN", "TIMESTAMP", "DATE"}:
                    raise WorkspaceError.make("db.unsupported_type", type=sql_type, column=name)
                cur.execute(
                    f"ALTER TABLE {quote_ident(table)} ADD COLUMN {quote_ident(name)} {sql_type}"
                )
