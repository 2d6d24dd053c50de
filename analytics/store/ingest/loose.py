"""Delimited text with quote characters inside unquoted values (``24" monitor``).

Polars' fast reader finds record boundaries by counting quote characters, so a quote
inside an unquoted value — common in product names, inch sizes and free-text notes of
real exports — makes it refuse the whole file ("CSV malformed"). Such a file is read
here instead by Python's C ``csv`` reader, which takes a quote that does not open a
value as part of the value (a value that starts with a quote is still a quoted value:
delimiters and line breaks inside it are kept, ``""`` is one quote). The result has the
shape :func:`~analytics.store.ingest.read.read_table` gives: every field as text, an
empty field as missing, short rows padded, blank lines kept as empty rows.

This reader holds the file's values as Python strings, so it takes files up to
:data:`MAX_LOOSE_BYTES`; a larger one is refused with the row and column of the first
such quote and how to fix it.

Example:
    >>> import io
    >>> frame = read_loose(lambda: io.BytesIO(b'a,b\\n1,24" monitor\\n2,"x, y"\\n'), ",", ["a", "b"],
    ...                    name="f.csv", size=40)
    >>> frame.rows()
    [('1', '24" monitor'), ('2', 'x, y')]
"""

from __future__ import annotations

import csv
import io
import itertools
from collections.abc import Callable, Iterator
from typing import BinaryIO

import polars as pl

from analytics.errors import InputError

# Largest file read by the loose reader (it holds every value as a Python string).
MAX_LOOSE_BYTES = 256 << 20


def is_malformed(message: str) -> bool:
    """Whether a polars read error means quotes it could not follow.

    Example:
        >>> is_malformed("CSV malformed: expected 15 rows, actual 30 rows")
        True
    """
    return "malformed" in message.lower()


def _records(source: Callable[[], BinaryIO], delimiter: str) -> Iterator[list[str]]:
    with io.TextIOWrapper(source(), encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle, delimiter=delimiter)
        next(reader, None)  # the header (read by the caller)
        yield from reader


def read_loose(
    source: Callable[[], BinaryIO],
    delimiter: str,
    headers: list[str],
    *,
    name: str,
    size: int,
    limit: int | None = None,
) -> pl.DataFrame:
    """Every field of the file as text (empty: missing), by Python's ``csv`` reader.

    ``limit``: read only the first rows (a preview).

    Raises:
        InputError: the file is over :data:`MAX_LOOSE_BYTES` (names the first loose
            quote), or a row has more fields than the header.
    """
    if size > MAX_LOOSE_BYTES and limit is None:
        raise _too_large(source, delimiter, headers, name)
    width = len(headers)
    records = list(itertools.islice(_records(source, delimiter), limit))
    for number, record in enumerate(records, start=2):
        if len(record) > width:
            raise InputError.make(
                "ingest.ragged_row", file=name, width=width, delimiter=delimiter,
                row=number, fields=len(record),
            )  # fmt: skip
    padded = [r + [""] * (width - len(r)) if len(r) < width else r for r in records]
    columns = list(zip(*padded, strict=True)) if padded else [()] * width
    frame = pl.DataFrame(
        {h: list(col) for h, col in zip(headers, columns, strict=True)},
        schema=dict.fromkeys(headers, pl.String),
    )
    return frame.with_columns(pl.col(headers).replace("", None))


def first_loose_quote(
    source: Callable[[], BinaryIO], delimiter: str, headers: list[str]
) -> tuple[int, str] | None:
    """Error path: (row, header) of the first value with a quote it does not start with.

    Example:
        >>> first_loose_quote(lambda: io.BytesIO(b'a,b\\n1,x\\n2,5" tv\\n'), ",", ["a", "b"])
        (3, 'b')
    """
    for number, record in enumerate(_records(source, delimiter), start=2):
        for i, value in enumerate(record):
            if '"' in value and i < len(headers):
                return number, headers[i]
    return None


def _too_large(
    source: Callable[[], BinaryIO], delimiter: str, headers: list[str], name: str
) -> InputError:
    found = first_loose_quote(source, delimiter, headers)
    row, column = found if found else ("?", "?")
    return InputError.make(
        "ingest.loose_quote_large", file=name, row=row, column=column,
        most=f"{MAX_LOOSE_BYTES >> 20:,} MB",
    )  # fmt: skip
