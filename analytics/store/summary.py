"""What a workspace holds: row counts, date ranges, latest imports, custom attributes.

The overview page and the sidebar's period read these; every number is one SQL
aggregate over the workspace (no rows are pulled into Python).

Example:
    >>> from analytics.store.db import Workspace
    >>> ws = Workspace.open(":memory:")
    >>> workspace_summary(ws)["counts"]["leads"]
    0
    >>> data_period(ws) is None
    True
"""

from __future__ import annotations

from datetime import date
from typing import Any

import polars as pl

from analytics.store.db import DATA_TABLES, Workspace, quote_ident
from analytics.store.schema import SCHEMA

# The column that dates each data table's rows (what "date range" means per table).
DATE_COLUMNS: dict[str, str] = {
    "leads": "created_at",
    "activities": "occurred_at",
    "deals": "created_at",
    "bant": "assessed_at",
    "feedback": "given_at",
    "costs": "month",
}

# Columns of `imports` shown as "latest imports", in display order.
IMPORT_COLUMNS: tuple[str, ...] = (
    "import_id",
    "kind",
    "file_name",
    "rows_read",
    "inserted",
    "updated",
    "rejected",
    "status",
    "finished_at",
)


def canonical_columns(table: str) -> list[str]:
    """The canonical (schema) columns of a data table, without bookkeeping ``import_id``.

    Args:
        table: one of :data:`analytics.store.db.DATA_TABLES` (or any table of
            :data:`analytics.store.schema.SCHEMA`).

    Returns:
        Column names in schema order.

    Raises:
        KeyError: ``table`` is not a Kakehashi table.

    Example:
        >>> canonical_columns("costs")
        ['month', 'channel', 'amount']
    """
    return [c.name for c in SCHEMA[table].canonical()]


def count_rows(ws: Workspace) -> dict[str, int]:
    """Row count of every data table, in :data:`DATA_TABLES` order.

    Args:
        ws: an open workspace.

    Returns:
        ``{table: rows}``.

    Example:
        >>> ws = Workspace.open(":memory:")
        >>> count_rows(ws)["costs"]
        0
    """
    parts = " UNION ALL ".join(
        f"SELECT ? AS t, count(*) AS n FROM {quote_ident(t)}" for t in DATA_TABLES
    )
    return {t: int(n) for t, n in ws.rows(parts, list(DATA_TABLES))}


def date_ranges(ws: Workspace) -> pl.DataFrame:
    """First and last date of each data table's dating column.

    Args:
        ws: an open workspace.

    Returns:
        One row per data table: ``table`` str, ``column`` str, ``rows`` i64,
        ``first`` date|null, ``last`` date|null (null when the table is empty).

    Example:
        >>> ws = Workspace.open(":memory:")
        >>> date_ranges(ws).columns
        ['table', 'column', 'rows', 'first', 'last']
    """
    parts = " UNION ALL ".join(
        f'SELECT ? AS "table", ? AS "column", count(*) AS rows, '
        f"CAST(min({quote_ident(c)}) AS DATE) AS first, CAST(max({quote_ident(c)}) AS DATE) AS last "
        f"FROM {quote_ident(t)}"
        for t, c in DATE_COLUMNS.items()
    )
    params = [v for pair in DATE_COLUMNS.items() for v in pair]
    return ws.query(parts, params).with_columns(pl.col("rows").cast(pl.Int64))


def data_period(ws: Workspace) -> tuple[date, date] | None:
    """The span of the business data: earliest and latest date over all data tables.

    Args:
        ws: an open workspace.

    Returns:
        ``(first, last)`` dates, or None when no table has a dated row.

    Example:
        >>> ws = Workspace.open(":memory:")
        >>> with ws.transaction() as cur:
        ...     _ = cur.execute("INSERT INTO costs VALUES ('2025-04-01', 'web', 10, NULL)")
        >>> data_period(ws)
        (datetime.date(2025, 4, 1), datetime.date(2025, 4, 1))
    """
    found = date_ranges(ws).select(pl.col("first").min(), pl.col("last").max()).row(0)
    return None if found[0] is None else (found[0], found[1])


def month_starts(first: date, last: date) -> list[date]:
    """Every month (its first day) from the month of ``first`` to the month of ``last``.

    Args:
        first: any day of the first month.
        last: any day of the last month (not before ``first``'s month).

    Returns:
        First days of the months, ascending; empty when ``last`` precedes ``first``.

    Example:
        >>> month_starts(date(2025, 11, 20), date(2026, 1, 3))
        [datetime.date(2025, 11, 1), datetime.date(2025, 12, 1), datetime.date(2026, 1, 1)]
    """
    start, end = first.replace(day=1), last.replace(day=1)
    if end < start:
        return []
    return pl.date_range(start, end, interval="1mo", eager=True).to_list()


def latest_imports(ws: Workspace, *, limit: int = 10) -> pl.DataFrame:
    """The newest imports (the ``imports`` table), newest first.

    Args:
        ws: an open workspace.
        limit: at most this many rows.

    Returns:
        The columns of :data:`IMPORT_COLUMNS`.

    Example:
        >>> ws = Workspace.open(":memory:")
        >>> latest_imports(ws).height
        0
    """
    columns = ", ".join(quote_ident(c) for c in IMPORT_COLUMNS)
    return ws.query(
        f"SELECT {columns} FROM imports ORDER BY coalesce(finished_at, started_at) DESC NULLS LAST, "
        "import_id DESC LIMIT ?",
        [limit],
    )


def custom_attributes(ws: Workspace) -> pl.DataFrame:
    """Custom lead attributes: columns of ``leads`` beyond the canonical schema.

    Args:
        ws: an open workspace.

    Returns:
        ``name`` str, ``type`` str (DuckDB type), ``filled`` i64 (non-null
        values), in table order.

    Example:
        >>> ws = Workspace.open(":memory:")
        >>> with ws.transaction() as cur:
        ...     ws.add_columns(cur, "leads", {"予算感": "VARCHAR"})
        >>> custom_attributes(ws)["name"].to_list()
        ['予算感']
    """
    known = {*canonical_columns("leads"), "import_id"}
    extra = {name: kind for name, kind in ws.columns("leads").items() if name not in known}
    if not extra:
        return pl.DataFrame(schema={"name": pl.String, "type": pl.String, "filled": pl.Int64})
    counts = ws.rows(
        "SELECT " + ", ".join(f"count({quote_ident(name)})" for name in extra) + " FROM leads"
    )[0]
    return pl.DataFrame(
        {"name": list(extra), "type": list(extra.values()), "filled": list(counts)},
        schema={"name": pl.String, "type": pl.String, "filled": pl.Int64},
    )


def workspace_summary(ws: Workspace) -> dict[str, Any]:
    """Everything the overview shows about a workspace, in one call.

    Args:
        ws: an open workspace.

    Returns:
        ``{"counts": {table: rows}, "empty": bool, "date_ranges": frame,
        "period": (first, last) | None, "latest_imports": frame,
        "custom_attributes": frame, "data_version": int}``.

    Example:
        >>> ws = Workspace.open(":memory:")
        >>> summary = workspace_summary(ws)
        >>> summary["empty"], summary["period"], summary["latest_imports"].height
        (True, None, 0)
    """
    counts = count_rows(ws)
    ranges = date_ranges(ws)
    bounds = ranges.select(pl.col("first").min(), pl.col("last").max()).row(0)
    return {
        "counts": counts,
        "empty": not any(counts.values()),
        "date_ranges": ranges,
        "period": None if bounds[0] is None else (bounds[0], bounds[1]),
        "latest_imports": latest_imports(ws),
        "custom_attributes": custom_attributes(ws),
        "data_version": ws.data_version,
    }
