"""analytics.store.summary: every figure checked against a plain SQL query or a hand count."""

from __future__ import annotations

from datetime import date, datetime

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

from analytics.store.db import DATA_TABLES, Workspace, quote_ident
from analytics.store.summary import (
    DATE_COLUMNS,
    canonical_columns,
    count_rows,
    custom_attributes,
    data_period,
    date_ranges,
    latest_imports,
    month_starts,
    workspace_summary,
)

# Rows per table, inserted with plain SQL (the independent side of every comparison).
ROWS: dict[str, list[str]] = {
    "leads": [
        "('L1', '2025-04-03 10:00', 'web')",
        "('L2', '2025-06-30 23:59', 'event')",
        "('L3', NULL, 'web')",
    ],
    "activities": [
        "('L1', '2025-04-04 09:00', 'page_view')",
        "('L1', '2025-05-01 00:00', 'download')",
    ],
    "deals": ["('D1', 'L1', '2025-07-15 12:00', 1000000)"],
    "bant": [],
    "feedback": ["('L2', '2025-07-01 08:00', 'accepted')"],
    "costs": ["('2025-03-01', 'web', 50000)", "('2025-08-01', 'ads', 70000)"],
}
INSERT_COLUMNS = {
    "leads": "lead_id, created_at, source",
    "activities": "lead_id, occurred_at, type",
    "deals": "deal_id, lead_id, created_at, amount",
    "bant": "lead_id, assessed_at, need",
    "feedback": "lead_id, given_at, verdict",
    "costs": "month, channel, amount",
}


@pytest.fixture
def filled(ws: Workspace) -> Workspace:
    """A workspace with the literal rows of ROWS."""
    with ws.transaction() as cur:
        for table, values in ROWS.items():
            if values:
                cur.execute(
                    f"INSERT INTO {table} ({INSERT_COLUMNS[table]}) VALUES {', '.join(values)}"
                )
    return ws


def test_canonical_columns_match_a_fresh_schema(ws: Workspace) -> None:
    for table in DATA_TABLES:
        expected = [c for c in ws.columns(table) if c != "import_id"]
        assert canonical_columns(table) == expected


def test_canonical_columns_unknown_table() -> None:
    with pytest.raises(KeyError):
        canonical_columns("nope")


def test_count_rows_empty(ws: Workspace) -> None:
    assert count_rows(ws) == dict.fromkeys(DATA_TABLES, 0)


@pytest.mark.parametrize("table", DATA_TABLES)
def test_count_rows_match_sql(filled: Workspace, table: str) -> None:
    assert count_rows(filled)[table] == len(ROWS[table])
    assert count_rows(filled)[table] == filled.scalar(f"SELECT count(*) FROM {quote_ident(table)}")


@pytest.mark.parametrize("table", DATA_TABLES)
def test_date_ranges_match_sql(filled: Workspace, table: str) -> None:
    column = quote_ident(DATE_COLUMNS[table])
    expected = filled.query(
        f'SELECT ? AS "table", ? AS "column", count(*)::BIGINT AS rows, '
        f"min({column})::DATE AS first, max({column})::DATE AS last FROM {quote_ident(table)}",
        [table, DATE_COLUMNS[table]],
    )
    got = date_ranges(filled).filter(pl.col("table") == table)
    assert_frame_equal(got, expected)


def test_date_ranges_by_hand(filled: Workspace) -> None:
    got = date_ranges(filled).select("table", "first", "last")
    expected = pl.DataFrame(
        {
            "table": list(DATA_TABLES),
            "first": [
                date(2025, 4, 3),
                date(2025, 4, 4),
                date(2025, 7, 15),
                None,
                date(2025, 7, 1),
                date(2025, 3, 1),
            ],
            "last": [
                date(2025, 6, 30),
                date(2025, 5, 1),
                date(2025, 7, 15),
                None,
                date(2025, 7, 1),
                date(2025, 8, 1),
            ],
        }
    )
    assert_frame_equal(got, expected)


def test_data_period(filled: Workspace) -> None:
    assert data_period(filled) == (date(2025, 3, 1), date(2025, 8, 1))


def test_data_period_empty(ws: Workspace) -> None:
    assert data_period(ws) is None


@pytest.mark.parametrize(
    ("first", "last", "expected"),
    [
        (date(2025, 1, 31), date(2025, 1, 1), [date(2025, 1, 1)]),
        (
            date(2025, 12, 5),
            date(2026, 2, 1),
            [date(2025, 12, 1), date(2026, 1, 1), date(2026, 2, 1)],
        ),
        (date(2025, 3, 1), date(2025, 2, 28), []),
    ],
)
def test_month_starts(first: date, last: date, expected: list[date]) -> None:
    assert month_starts(first, last) == expected


@given(st.dates(date(2000, 1, 1), date(2040, 12, 31)), st.integers(0, 60))
def test_month_starts_counts_months(first: date, months: int) -> None:
    index = first.year * 12 + first.month - 1 + months
    last = date(index // 12, index % 12 + 1, 28)
    got = month_starts(first, last)
    assert len(got) == months + 1
    assert all(d.day == 1 for d in got)
    assert got[0] == first.replace(day=1) and got[-1] == last.replace(day=1)
    assert got == sorted(set(got))


def _insert_imports(ws: Workspace, finished: list[datetime | None]) -> None:
    with ws.transaction() as cur:
        for number, at in enumerate(finished, start=1):
            cur.execute(
                "INSERT INTO imports (import_id, kind, file_name, rows_read, inserted, updated, "
                "rejected, started_at, finished_at, status) VALUES (?, 'leads', ?, 3, 2, 0, 1, ?, ?, 'done')",
                [number, f"f{number}.csv", at or datetime(2025, 1, 1), at],
            )


def test_latest_imports_newest_first(ws: Workspace) -> None:
    _insert_imports(
        ws, [datetime(2025, 5, 1), datetime(2025, 7, 1), datetime(2025, 6, 1), datetime(2025, 7, 1)]
    )
    got = latest_imports(ws, limit=3)
    assert got["import_id"].to_list() == [4, 2, 3]
    expected = ws.query(
        "SELECT import_id FROM imports ORDER BY finished_at DESC, import_id DESC LIMIT 3"
    )
    assert got["import_id"].to_list() == expected["import_id"].to_list()


def test_custom_attributes_counts_filled_values(filled: Workspace) -> None:
    with filled.transaction() as cur:
        filled.add_columns(cur, "leads", {"予算感": "VARCHAR", "visits": "BIGINT"})
        cur.execute("UPDATE leads SET \"予算感\" = '大' WHERE lead_id IN ('L1', 'L2')")
    expected = pl.DataFrame(
        {
            "name": ["予算感", "visits"],
            "type": ["VARCHAR", "BIGINT"],
            "filled": [
                filled.scalar('SELECT count("予算感") FROM leads'),
                filled.scalar("SELECT count(visits) FROM leads"),
            ],
        }
    )
    assert_frame_equal(custom_attributes(filled), expected)
    assert expected["filled"].to_list() == [2, 0]


def test_custom_attributes_none(filled: Workspace) -> None:
    assert custom_attributes(filled).columns == ["name", "type", "filled"]
    assert custom_attributes(filled).is_empty()


def test_workspace_summary_is_consistent(filled: Workspace) -> None:
    _insert_imports(filled, [datetime(2025, 8, 2)])
    summary = workspace_summary(filled)
    assert summary["counts"] == count_rows(filled)
    assert summary["empty"] is False
    assert summary["period"] == data_period(filled)
    assert_frame_equal(summary["date_ranges"], date_ranges(filled))
    assert_frame_equal(summary["latest_imports"], latest_imports(filled))
    assert summary["data_version"] == filled.data_version


def test_workspace_summary_empty(ws: Workspace) -> None:
    summary = workspace_summary(ws)
    assert summary["empty"] is True
    assert summary["period"] is None
    assert summary["latest_imports"].is_empty()
