"""The documented limits of an import: size, shape, dates, rejects kept (README, import formats).

Every limit is checked before the work it bounds, and a file beyond one is refused
with one line naming the file, what is over and how to fix it; nothing is written.

- :data:`MAX_COLUMNS` columns in a file;
- :data:`MAX_CELLS` cells (data rows × columns) in a file;
- :data:`MAX_HEADER_BYTES` bytes in the header line;
- :data:`MAX_XLSX_UNCOMPRESSED` bytes that an XLSX declares it expands to (a zip bomb is
  refused from its directory, before a byte is inflated);
- :data:`MAX_CUSTOM_ATTRIBUTES` custom attributes on a table (after the import);
- :data:`MAX_REJECTS_KEPT` rejected rows stored per import (beyond it, the count and the
  first rows as a sample);
- dates in :class:`DateWindow` (default 1990-01-01 … today + 1 year; ``[options]
  min_date``/``max_date`` of a mapping file change it): a date outside is a row reject.

Example:
    >>> check_columns(12, "leads.csv")
    >>> check_columns(MAX_COLUMNS + 1, "wide.csv")
    Traceback (most recent call last):
    ...
    analytics.errors.InputError: file 'wide.csv' has 1,001 columns; at most 1,000 can be imported: remove the columns you do not need (or split the file) and import again
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from analytics.errors import InputError

MAX_COLUMNS = 1_000
MAX_CELLS = 400_000_000
MAX_HEADER_BYTES = 1 << 20
MAX_XLSX_UNCOMPRESSED = 1 << 29  # a 140 MB sheet imports at ~0.5 GB peak
MAX_REJECTS_KEPT = 10_000
# custom attributes a table holds: each new one is an ALTER TABLE whose cost grows with the
# table's rows and columns (200 on a 1M-lead workspace: ~3 s, ~1.7 GB; 1,000: 40 s, 8 GB)
MAX_CUSTOM_ATTRIBUTES = 200
DEFAULT_MIN_DATE = date(1990, 1, 1)
# the default window ends this many days after today
DEFAULT_FUTURE_DAYS = 366


@dataclass(frozen=True)
class DateWindow:
    """The plausible dates of an import: ``low`` ≤ date ≤ ``high`` (both whole days, inclusive).

    Example:
        >>> w = DateWindow(date(1990, 1, 1), date(2030, 12, 31))
        >>> w.low_at, w.high_at
        (datetime.datetime(1990, 1, 1, 0, 0), datetime.datetime(2030, 12, 31, 23, 59, 59, 999999))
    """

    low: date
    high: date

    @property
    def low_at(self) -> datetime:
        """The first moment inside the window."""
        return datetime.combine(self.low, datetime.min.time())

    @property
    def high_at(self) -> datetime:
        """The last moment inside the window."""
        return datetime.combine(self.high, datetime.max.time())


def date_window(
    min_date: Any = None, max_date: Any = None, *, today: date | None = None
) -> DateWindow:
    """The window from a mapping's ``[options]`` (``None``: the default end).

    Args:
        min_date: the earliest plausible date (a TOML date or ``YYYY-MM-DD`` text).
        max_date: the latest plausible date.
        today: the day the default end counts from (default: today).

    Returns:
        The :class:`DateWindow`.

    Raises:
        InputError: a bound is not a date, or ``min_date`` is after ``max_date``.

    Example:
        >>> date_window(today=date(2026, 11, 29))
        DateWindow(low=datetime.date(1990, 1, 1), high=datetime.date(2027, 11, 30))
        >>> date_window("1900-01-01", "2100-12-31").high
        datetime.date(2100, 12, 31)
    """
    today = today or date.today()
    low = _as_date(min_date, "min_date") if min_date is not None else DEFAULT_MIN_DATE
    high = (
        _as_date(max_date, "max_date")
        if max_date is not None
        else today + timedelta(days=DEFAULT_FUTURE_DAYS)
    )
    if low > high:
        raise InputError.make("ingest.mapping_date_window", low=str(low), high=str(high))
    return DateWindow(low, high)


def _as_date(value: Any, option: str) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError as exc:
        raise InputError.make("ingest.mapping_date_bound", option=option, value=value) from exc


def check_columns(n_columns: int, name: str) -> None:
    """Refuse a file with more than :data:`MAX_COLUMNS` columns.

    Raises:
        InputError: too many columns.
    """
    if n_columns > MAX_COLUMNS:
        raise InputError.make(
            "ingest.too_many_columns", file=name, n=f"{n_columns:,}", most=f"{MAX_COLUMNS:,}"
        )


def check_custom_attributes(existing: int, new: int, name: str) -> None:
    """Refuse an import that would leave more than :data:`MAX_CUSTOM_ATTRIBUTES` on a table.

    Args:
        existing: custom attributes the table has.
        new: custom attributes the import adds.
        name: the file's name.

    Raises:
        InputError: too many custom attributes.

    Example:
        >>> check_custom_attributes(10, 5, "leads.csv")
    """
    if existing + new > MAX_CUSTOM_ATTRIBUTES:
        raise InputError.make(
            "ingest.too_many_custom", file=name, new=f"{new:,}", existing=f"{existing:,}",
            most=f"{MAX_CUSTOM_ATTRIBUTES:,}",
        )  # fmt: skip


def check_cells(rows: int, columns: int, name: str) -> None:
    """Refuse a file with more than :data:`MAX_CELLS` cells.

    Raises:
        InputError: too many cells.

    Example:
        >>> check_cells(1_000_000, 30, "leads.csv")
    """
    if rows * columns > MAX_CELLS:
        raise InputError.make(
            "ingest.too_many_cells",
            file=name,
            rows=f"{rows:,}",
            columns=f"{columns:,}",
            most=f"{MAX_CELLS:,}",
        )


def check_xlsx_size(declared: int, name: str) -> None:
    """Refuse a workbook whose members declare more than :data:`MAX_XLSX_UNCOMPRESSED` bytes.

    Raises:
        InputError: the workbook would expand beyond the limit (a zip bomb, or too big).
    """
    if declared > MAX_XLSX_UNCOMPRESSED:
        raise InputError.make(
            "ingest.xlsx_too_big",
            file=name,
            mb=f"{declared / 1e6:,.0f}",
            most=f"{MAX_XLSX_UNCOMPRESSED / 1e6:,.0f}",
        )
