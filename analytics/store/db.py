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

import os
import re
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, nullcontext, suppress
from pathlib import Path
from typing import Any

import duckdb
import polars as pl

from analytics.errors import WorkspaceError
from analytics.store.schema import DATA_TABLES, SCHEMA, Table
from analytics.store.workspace_file import check_file

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

    A compute helper (:func:`compute_cursor`, no workspace): several times faster than
    polars for tens of millions of timestamps. Formats: :data:`ISO_TIMESTAMP_FORMATS`.

    Args:
        values: a String Series.

    Returns:
        A ``Datetime("us")`` Series of the same name and length.

    Example:
        >>> strptime_iso(pl.Series("t", ["2025-08-05T10:00:00.000001", "2025-08-05", "x"])).to_list()
        [datetime.datetime(2025, 8, 5, 10, 0, 0, 1), datetime.datetime(2025, 8, 5, 0, 0), None]
    """
    with compute_cursor() as con:
        frame = values.cast(pl.String).rename("v").rechunk().to_frame()
        con.register("frame", frame.to_arrow(compat_level=pl.CompatLevel.newest()))  # no copy
        out = con.sql(
            "SELECT try_strptime(v, $1) AS v FROM frame", params=[list(ISO_TIMESTAMP_FORMATS)]
        ).pl()
    return out.to_series().cast(pl.Datetime("us")).alias(values.name)


_COMPUTE: dict[int, duckdb.DuckDBPyConnection] = {}  # per process id (a fork connects anew)
_COMPUTE_LOCK = threading.Lock()


@contextmanager
def compute_cursor() -> Iterator[duckdb.DuckDBPyConnection]:
    """A cursor of this process's one in-memory DuckDB for compute helpers (no workspace).

    Connecting costs ~20 ms; a chunked import calls :func:`strptime_iso` once per chunk
    (40 times for 20M activities). Each call gets its own cursor (its registrations are
    its own, threads do not share one) and closes it after use.

    Example:
        >>> with compute_cursor() as con:
        ...     con.sql("SELECT 1 + 1").fetchall()
        [(2,)]
    """
    with _COMPUTE_LOCK:
        pid = os.getpid()
        if pid not in _COMPUTE:  # (a parent's connection is left alone: never used here)
            _COMPUTE[pid] = duckdb.connect(config=DUCKDB_CONFIG)
        cursor = _COMPUTE[pid].cursor()
    try:
        yield cursor
    finally:
        cursor.close()


# DuckDB settings of every connection: a file that is not DuckDB's own (SQLite, Parquet, …)
# must never make DuckDB install or load an extension.
DUCKDB_CONFIG: dict[str, Any] = {
    "autoinstall_known_extensions": False,
    "autoload_known_extensions": False,
}
# The row of ``meta`` that says "this file is a Kakehashi workspace".
APP_MARKER = ("app", "kakehashi")
# How long a command or the dashboard waits for a workspace another process holds.
DEFAULT_LOCK_WAIT = 30.0
# DuckDB error texts that mean the file itself is damaged (truncated, overwritten).
DAMAGE_SIGNS = ("corrupt", "could not read enough bytes", "checksum", "invalid block")


def lock_wait_seconds() -> float:
    """Seconds to wait for a workspace held by another process (``KAKEHASHI_LOCK_WAIT``, else 30).

    Example:
        >>> lock_wait_seconds() >= 0
        True
    """
    try:
        return max(0.0, float(os.environ.get("KAKEHASHI_LOCK_WAIT", DEFAULT_LOCK_WAIT)))
    except ValueError:
        return DEFAULT_LOCK_WAIT


def connect(
    path: str,
    *,
    read_only: bool,
    wait: float = 0.0,
    on_wait: Callable[[str], None] | None = None,
) -> duckdb.DuckDBPyConnection:
    """A DuckDB connection to ``path`` (no extension autoload), waiting up to ``wait`` s for a lock.

    In one process DuckDB shares a file between connections of the same mode only:
    a read-only open of a file this process holds read-write gets that read-write
    database (it is this process's own lock, nobody else can hold it).

    Raises:
        WorkspaceError: still held by another process after ``wait`` seconds
            (``db.locked_pid``), damaged, or not openable.
    """
    deadline = time.monotonic() + wait
    told = False
    while True:
        try:
            return duckdb.connect(path, read_only=read_only, config=DUCKDB_CONFIG)
        except duckdb.ConnectionException as exc:
            if read_only and "different configuration" in str(exc):
                read_only = False  # held read-write by this very process
                continue
            raise WorkspaceError.make("db.cannot_open", path=path, detail=first_line(exc)) from exc
        except duckdb.IOException as exc:
            error = open_error(path, exc)
            if error.key not in {"db.locked", "db.locked_pid"} or time.monotonic() >= deadline:
                raise error from exc
            if not told and on_wait is not None:
                on_wait(f"{error}; waiting up to {wait:.0f} s")
                told = True
            time.sleep(0.1)
        except duckdb.Error as exc:
            raise open_error(path, exc) from exc


def first_line(exc: BaseException) -> str:
    """The first line of an exception's text (DuckDB's messages run over several)."""
    return (str(exc).splitlines() or [""])[0]


def open_error(path: str, exc: BaseException) -> WorkspaceError:
    """The workspace error for a DuckDB error raised while opening ``path``."""
    msg = str(exc)
    if any(sign in msg.lower() for sign in DAMAGE_SIGNS):
        return WorkspaceError.make("db.damaged", path=path, detail=first_line(exc))
    if "could not set lock" in msg.lower() or "conflicting lock" in msg.lower():
        pid = re.search(r"PID (\d+)", msg)
        if pid:
            return WorkspaceError.make("db.locked_pid", path=path, pid=pid.group(1))
        return WorkspaceError.make("db.locked", path=path)
    if "not a valid duckdb database" in msg.lower():
        return WorkspaceError.make("db.not_duckdb", path=path, detail="not a DuckDB file")
    return WorkspaceError.make("db.cannot_open", path=path, detail=first_line(exc))


@contextmanager
def workspace_errors(path: str) -> Iterator[None]:
    """Turn a DuckDB error that means a damaged file into ``db.damaged`` (one clear line).

    The CLI and the dashboard run every command and page inside it: a block that
    turns out unreadable in the middle of a query is reported, not a traceback.
    Other DuckDB errors pass through unchanged (they are bugs to see).

    Example:
        >>> with workspace_errors("w.duckdb"):
        ...     raise duckdb.IOException("IO Error: Could not read enough bytes from file")
        Traceback (most recent call last):
        ...
        analytics.errors.WorkspaceError: workspace 'w.duckdb' is damaged (IO Error: Could not read enough bytes from file); restore it from a backup or re-import into a new workspace (--create)
    """
    try:
        yield
    except duckdb.Error as exc:
        # the damage may be the cause of a later error ("Current transaction is aborted")
        cause: BaseException | None = exc
        while cause is not None:
            if isinstance(cause, duckdb.Error) and any(
                sign in str(cause).lower() for sign in DAMAGE_SIGNS
            ):
                raise WorkspaceError.make(
                    "db.damaged", path=path, detail=first_line(cause)
                ) from exc
            cause = cause.__cause__ or cause.__context__
        raise


def read_meta(ws: Workspace, tables: set[str]) -> dict[str, str]:
    """The ``meta`` of a Kakehashi workspace, checked; refuses a file of another program.

    A Kakehashi workspace has a ``meta`` table with the :data:`APP_MARKER` row;
    one written before the marker existed is known by ``meta``, ``leads`` and
    ``imports`` (it gets the marker at its next write).

    Raises:
        WorkspaceError: ``db.foreign`` (another program's file), ``db.bad_meta``
            (a ``meta`` value edited by hand) or ``db.newer_schema``.
    """
    if "meta" not in tables:
        raise WorkspaceError.make("db.foreign", path=ws.path)
    try:
        meta = dict(ws.rows("SELECT CAST(key AS VARCHAR), CAST(value AS VARCHAR) FROM meta"))
    except duckdb.Error as exc:
        raise WorkspaceError.make("db.foreign", path=ws.path) from exc
    app = meta.get(APP_MARKER[0])
    if app != APP_MARKER[1] and (app is not None or not {"leads", "imports"} <= tables):
        raise WorkspaceError.make("db.foreign", path=ws.path)
    for key, low in (("schema_version", 1), ("data_version", 0)):
        value = meta.get(key)
        if value is None:
            continue
        if not re.fullmatch(r"\d{1,18}", value.strip()) or int(value) < low:
            raise WorkspaceError.make("db.bad_meta", path=ws.path, key=key, value=value)
    version = int(meta.get("schema_version", 1))
    if version > SCHEMA_VERSION:
        raise WorkspaceError.make(
            "db.newer_schema", path=ws.path, version=version, current=SCHEMA_VERSION
        )
    return meta


def meta_needs_upgrade(meta: dict[str, str]) -> bool:
    """True when a workspace lacks the newest schema, its marker or its data version.

    Example:
        >>> meta_needs_upgrade({"app": "kakehashi", "schema_version": str(SCHEMA_VERSION),
        ...                     "data_version": "0"})
        False
    """
    return (
        meta.get(APP_MARKER[0]) != APP_MARKER[1]
        or int(meta.get("schema_version", 1)) < SCHEMA_VERSION
        or "data_version" not in meta
    )


def row_digests(frame: pl.DataFrame) -> pl.Series:
    """The md5 (hex) of each row's text: its cells joined by a unit separator, null as empty.

    A compute helper (:func:`compute_cursor`, no workspace) whose value does not depend on
    the polars version, so an id derived from it stays the same across upgrades.

    Args:
        frame: String columns.

    Returns:
        A String Series ``digest``, one per row, in row order.

    Example:
        >>> row_digests(pl.DataFrame({"a": ["x", "x"], "b": ["1", None]})).str.slice(0, 8).to_list()
        ['c7b00ffa', '388aeacf']
    """
    with compute_cursor() as con:
        cells = frame.select(pl.col(c).cast(pl.String).fill_null("") for c in frame.columns)
        cells = cells.rename(lambda c: f"c{cells.columns.index(c)}")
        con.register("frame", cells.to_arrow(compat_level=pl.CompatLevel.newest()))
        joined = ", ".join(f"c{i}" for i in range(cells.width)) or "''"
        out = con.sql(f"SELECT md5(concat_ws(chr(31), {joined})) AS digest FROM frame").pl()
    return out.to_series().alias("digest")


class Workspace:
    """One DuckDB workspace file: schema, cursors per thread, serialised writes.

    Create with :meth:`Workspace.open`; close with :meth:`close` (or use as a
    context manager). A workspace opened read-only holds no write lock, so any
    number of readers (the CLI's read commands, the dashboard between its writes)
    share the file; :meth:`transaction` on it reopens the file read-write for the
    block only (waiting up to :func:`lock_wait_seconds` for other processes) and
    read-only again after it.
    """

    def __init__(
        self,
        path: str,
        *,
        read_only: bool = False,
        wait: float = 0.0,
        on_wait: Callable[[str], None] | None = None,
    ) -> None:
        self.path = path
        self.read_only = read_only
        self._con: duckdb.DuckDBPyConnection | None = None
        self._mode: str | None = None  # None (closed), "ro" or "rw"
        self._generation = 0  # bumped by every (re)connection: thread cursors follow it
        self._wait = wait
        self._on_wait = on_wait
        self._local = threading.local()
        self._write_lock = threading.RLock()
        self.gate: Any = None  # a coordinator of threads (analytics.store.access), if any

    # -- opening -----------------------------------------------------------
    @classmethod
    def open(
        cls,
        path: str | Path = DEFAULT_DB,
        *,
        read_only: bool = False,
        create: bool = True,
        wait: float | None = None,
        on_wait: Callable[[str], None] | None = None,
    ) -> Workspace:
        """Open the Kakehashi workspace at ``path`` (migrating an older one).

        Only a Kakehashi workspace is opened: a file of another program (DuckDB,
        SQLite or anything else) is refused before anything is written to it.

        Args:
            path: a workspace file, or ``":memory:"``.
            read_only: hold no write lock (other readers may open the file too);
                :meth:`transaction` reopens read-write for its block.
            create: create a new workspace when ``path`` does not exist (and its
                folder). The CLI and the dashboard pass False unless asked.
            wait: seconds to wait while another process holds the file
                (default :func:`lock_wait_seconds` when ``on_wait`` is given, else 0).
            on_wait: called once with a message when the open has to wait.

        Raises:
            WorkspaceError: missing (and not ``create``), not a Kakehashi workspace,
                damaged, newer than this Kakehashi, or still held after ``wait``.

        Example:
            >>> Workspace.open("no/such/dir/w.duckdb", create=False)
            Traceback (most recent call last):
            ...
            analytics.errors.WorkspaceError: no workspace at 'no/such/dir/w.duckdb'; check the path, or create one: python -m analytics demo --db PATH (demo data) or import with --create
        """
        path = str(path)
        if wait is None:
            wait = lock_wait_seconds() if on_wait is not None else 0.0
        ws = cls(path, read_only=read_only, wait=wait, on_wait=on_wait)
        if path == ":memory:":
            ws.read_only = False
            ws._connect("rw")
            ws._initialise()
            return ws
        new = check_file(Path(path), create=create)
        ws._connect("ro" if read_only and not new else "rw")
        try:
            ws._recognise(new=new, create=create)
        except BaseException:
            ws.close()
            raise
        return ws

    def _recognise(self, *, new: bool, create: bool) -> None:
        """Check that the open file is a Kakehashi workspace; initialise or migrate it."""
        tables = self._table_names()
        if not tables and (new or create):
            self._upgrade_schema()
            return
        meta = read_meta(self, tables)
        if meta_needs_upgrade(meta):
            self._upgrade_schema()

    def _upgrade_schema(self) -> None:
        if self._mode == "rw":
            self._initialise()
            return
        with self._writable():
            self._initialise()

    def close(self) -> None:
        """Close the connection (cursors of other threads become unusable)."""
        if self._con is not None:
            self._con.close()
        self._con, self._mode = None, None

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- connections -------------------------------------------------------
    def _connect(self, mode: str) -> None:
        """(Re)connect read-only (``"ro"``) or read-write (``"rw"``), waiting for a lock."""
        self.close()
        self._con = connect(
            self.path, read_only=mode == "ro", wait=self._wait, on_wait=self._on_wait
        )
        self._mode = mode
        if mode == "ro" and not self._con_read_only():
            self._mode = "rw"  # this process already holds the file read-write: shared
        self._generation += 1

    def _con_read_only(self) -> bool:
        assert self._con is not None
        found = self._con.execute(
            "SELECT readonly FROM duckdb_databases() WHERE database_name = current_database()"
        ).fetchall()
        return bool(found and found[0][0])

    @contextmanager
    def _writable(self) -> Iterator[None]:
        """Hold the file read-write for the block, then return to how it was held."""
        before = self._mode
        if before == "rw":
            yield
            return
        self._connect("rw")
        try:
            yield
        finally:
            if before == "ro":
                self._connect("ro")
            else:
                self.close()

    def _table_names(self) -> set[str]:
        return {
            name
            for (name,) in self.cursor()
            .execute(
                "SELECT table_name FROM duckdb_tables() "
                "WHERE database_name = current_database() AND schema_name = current_schema()"
            )
            .fetchall()
        }

    def _initialise(self) -> None:
        """Create a new workspace at SCHEMA_VERSION, or run the migrations an old one lacks.

        A file without a ``meta`` table is new: every table is created from
        :data:`TABLES` (the newest schema) and no migration runs. A file with one
        is at its stamped ``schema_version`` (1 when unstamped): its missing
        tables are created, then ``MIGRATIONS[v]`` runs for every later ``v``.
        The ``app`` marker (:data:`APP_MARKER`) is stamped on every workspace.
        """
        with self._transaction() as cur:
            existing = self._table_names()
            meta = read_meta(self, existing) if existing else {}
            version = int(meta.get("schema_version", 1)) if "meta" in existing else SCHEMA_VERSION
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
            cur.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", list(APP_MARKER))
            if not cur.execute("SELECT 1 FROM meta WHERE key = 'data_version'").fetchall():
                cur.execute("INSERT INTO meta VALUES ('data_version', '0')")

    # -- reading -----------------------------------------------------------
    def cursor(self) -> duckdb.DuckDBPyConnection:
        """This thread's cursor on the workspace connection."""
        if self._con is None and self.gate is not None:
            self.gate.adopt()  # e.g. a widget callback, which runs before its script run
        local = self._local
        if getattr(local, "generation", None) != self._generation:
            if self._con is None:
                raise WorkspaceError.make("db.closed", path=self.path)
            local.cursor = self._con.cursor()
            local.generation = self._generation
        return local.cursor

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
    def registered(
        self, name: str, frame: Any, *, cur: duckdb.DuckDBPyConnection | None = None
    ) -> Iterator[duckdb.DuckDBPyConnection]:
        """Let SQL read ``frame`` as the view ``name`` for the duration of a block.

        The view lives on this thread's cursor (the one :meth:`transaction` yields,
        and the one :meth:`query` and :meth:`rows` use), or on ``cur`` (a transaction's
        cursor used from another thread), and is dropped when the block ends, also on
        error. Registering a name again inside the block replaces its frame.

        Args:
            name: the view name (a constant chosen by the caller, never user text).
            frame: a polars frame or an Arrow table.
            cur: the cursor to register on (default: this thread's).

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
        cur = self.cursor() if cur is None else cur
        cur.register(name, frame)
        try:
            yield cur
        except BaseException:
            # in an aborted transaction the unregister fails too: the block's error is the one
            with suppress(duckdb.Error):
                cur.unregister(name)
            raise
        cur.unregister(name)

    @property
    def data_version(self) -> int:
        """A counter bumped by every write of business data; part of cache keys."""
        return self.data_state()[0]

    @property
    def data_token(self) -> str:
        """A random value drawn anew by every write of business data ("" before the first).

        Part of the sidecar cache's keys beside :attr:`data_version`: two workspaces (or a
        workspace restored from a copy, then written to) can reach the same version with
        different data, never the same token.
        """
        return self.data_state()[1]

    def data_state(self) -> tuple[int, str]:
        """(:attr:`data_version`, :attr:`data_token`) read in one query.

        Example:
            >>> Workspace.open(":memory:").data_state()
            (0, '')
        """
        found = self.rows(
            "SELECT max(value) FILTER (WHERE key = 'data_version'), "
            "max(value) FILTER (WHERE key = 'data_token') FROM meta"
        )[0]
        return int(found[0] or 0), str(found[1] or "")

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

        On a workspace opened read-only the file is held read-write for the block
        only: other threads of this process are let finish first (:attr:`gate`),
        other processes are waited for (up to the open's ``wait``), and the file is
        read-only again afterwards.

        Example:
            >>> ws = Workspace.open(":memory:")
            >>> with ws.transaction() as cur:
            ...     _ = cur.execute("INSERT INTO costs VALUES ('2025-04-01', 'web', 1000, NULL)")
            >>> ws.scalar("SELECT amount FROM costs")
            1000.0
        """
        if self._mode == "rw":
            with self._transaction() as cur:
                yield cur
            return
        gate = self.gate.exclusive() if self.gate is not None else nullcontext()
        with gate, self._writable(), self._transaction() as cur:
            yield cur

    @contextmanager
    def _transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
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

    def verify(self) -> None:
        """Read every block of every table, so that a damaged file is found before a write.

        DuckDB checks a block's checksum when it reads it; a block overwritten on
        disk in a table nobody reads would otherwise go unnoticed.

        Raises:
            WorkspaceError: a block is damaged or missing (``db.damaged``).

        Example:
            >>> Workspace.open(":memory:").verify()
        """
        with workspace_errors(self.path):
            for table in sorted(self._table_names()):
                self.rows(f"SELECT bit_xor(hash(t)) FROM {quote_ident(table)} AS t")

    def bump_data_version(self, cur: duckdb.DuckDBPyConnection) -> None:
        """Inside a transaction: mark the business data as changed (invalidates caches).

        Example:
            >>> ws = Workspace.open(":memory:")
            >>> with ws.transaction() as cur:
            ...     ws.bump_data_version(cur)
            >>> ws.data_version, len(ws.data_token)
            (1, 36)
        """
        cur.execute(
            "UPDATE meta SET value = CAST(CAST(value AS BIGINT) + 1 AS VARCHAR) "
            "WHERE key = 'data_version'"
        )
        cur.execute("INSERT OR REPLACE INTO meta VALUES ('data_token', CAST(uuid() AS VARCHAR))")

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
