"""A large delimited text file cut into byte ranges of whole records, each parsed on its own.

Polars' batch reader reads ahead of its consumer without a bound, so a chunked import of
a 1 GB file held most of the file in memory. Here the file is read in byte ranges that
end on a record boundary — a newline outside quotes, i.e. after an even number of quote
characters since the header (RFC 4180: a quote inside a quoted field is doubled, so
the parity holds) — and each range is parsed with the header's bytes in front of it, so
that it reads exactly as that part of the whole file does. Memory is one range at a time.

A file whose quotes break that rule (a lone quote inside an unquoted field, ``5" screen``)
can put a boundary where polars sees none. The ranges' rows then do not add up to the
whole file's count, or one record runs past :func:`range_limit`: :class:`RangesMismatch`
is raised and the caller reads the file with polars' batch reader instead.

Example:
    >>> import io
    >>> blocks = list(record_blocks(io.BytesIO(b'1,"a\\nb"\\n2,c\\n3,d\\n'), target=3, limit=100))
    >>> blocks
    [b'1,"a\\nb"\\n', b'2,c\\n', b'3,d\\n']
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from typing import BinaryIO

import polars as pl

_PIECE = 1 << 16


class RangesMismatch(Exception):
    """The file's quotes do not allow cutting it into ranges (read it in one stream)."""


def record_end(data: bytes, start: int, odd: bool) -> tuple[int, bool]:
    """(index just after the first newline at or after ``start`` outside quotes, or -1;
    whether a quote is open at that index, or at the end of ``data`` when -1).

    ``odd``: whether a quote is open at ``start``.

    Example:
        >>> record_end(b'a,"x\\ny"\\nb', 0, False)
        (8, False)
        >>> record_end(b'a,"x\\ny', 0, False)
        (-1, True)
    """
    i = start
    while True:
        nl = data.find(b"\n", i)
        if nl < 0:
            return -1, odd ^ (data.count(b'"', i) % 2 == 1)
        odd ^= data.count(b'"', i, nl) % 2 == 1
        if not odd:
            return nl + 1, False
        i = nl + 1


def header_length(handle: BinaryIO, limit: int) -> int:
    """Bytes of the first record (the header), its newline included.

    Example:
        >>> import io
        >>> header_length(io.BytesIO(b'a,"b\\nc"\\n1,2\\n'), 100)
        8
    """
    handle.seek(0)
    data = handle.read(_PIECE)
    end, odd = record_end(data, 0, False)
    while end < 0:
        more = handle.read(_PIECE)
        if not more:
            return len(data)  # a header and no data rows
        if len(data) > limit:
            raise RangesMismatch("the header runs past the range limit")
        start, data = len(data), data + more
        end, odd = record_end(data, start, odd)
    return end


def record_blocks(
    handle: BinaryIO, *, target: int, limit: int, prefix: bytes = b""
) -> Iterator[bytes]:
    """The rest of ``handle`` (from its position) in blocks of whole records.

    Each block ends at the first record boundary at or after ``target`` bytes and
    starts with ``prefix``; a block that finds none within ``limit`` bytes raises
    :class:`RangesMismatch`. A block's bytes are copied once (the read aside).
    """
    carry = b""
    eof = False
    while True:
        parts = [memoryview(carry)]
        if len(carry) < target and not eof:
            more = handle.read(target - len(carry))
            eof = len(more) < target - len(carry)
            parts.append(memoryview(more))
        size = sum(len(p) for p in parts)
        if not size:
            return
        last = parts[-1]
        at = min(target, size) - 1 - (size - len(last))  # the search starts in the last part
        odd = (sum(p.obj.count(b'"') for p in parts[:-1]) + last.obj.count(b'"', 0, at)) % 2 == 1
        end, odd = record_end(last.obj, at, odd)
        while end < 0 and not eof:
            if size > limit:
                raise RangesMismatch("no record boundary within the range limit")
            piece = handle.read(_PIECE)
            eof = not piece
            parts.append(memoryview(piece))
            size += len(piece)
            end, odd = record_end(piece, 0, odd)
        if end < 0:
            yield b"".join([prefix, *parts])
            return
        last = parts[-1]
        yield b"".join([prefix, *parts[:-1], last[:end]])
        carry = bytes(last[end:])


def range_limit(target: int) -> int:
    """The most bytes one block may grow to before the quotes are judged unusable.

    Example:
        >>> range_limit(1_000) == 64 << 20, range_limit(64 << 20) == 16 * (64 << 20)
        (True, True)
    """
    return max(16 * target, 64 << 20)


def range_frames(
    handle: BinaryIO,
    *,
    chunk_rows: int,
    rows: int,
    parse: Callable[[bytes, int], pl.DataFrame],
) -> Iterator[pl.DataFrame]:
    """The file's data rows, one frame per block of about ``chunk_rows`` rows.

    A block's bytes are ``chunk_rows`` times the file's mean bytes per row.

    Args:
        handle: the file, opened in binary mode.
        chunk_rows: rows per block, about.
        rows: the data rows the whole file has (checked at the end).
        parse: ``(header + block bytes, row number of the block's first row) -> frame``.

    Raises:
        RangesMismatch: the blocks' rows do not add up to ``rows``.

    Example:
        >>> import io
        >>> parse = lambda data, first: pl.read_csv(data, row_index_name="r",
        ...                                         row_index_offset=first)
        >>> data = io.BytesIO(b"a\\n1\\n2\\n3\\n")
        >>> [f["r"].to_list() for f in range_frames(data, chunk_rows=2, rows=3, parse=parse)]
        [[2, 3], [4]]
    """
    header_end = header_length(handle, range_limit(1 << 20))
    size = handle.seek(0, io.SEEK_END)
    target = max(1, (size - header_end) * chunk_rows // max(rows, 1))
    handle.seek(0)
    header = handle.read(header_end)
    done = 0
    for block in record_blocks(handle, target=target, limit=range_limit(target), prefix=header):
        frame = parse(block, 2 + done)
        done += frame.height
        yield frame
    if done != rows:
        raise RangesMismatch(f"{done:,} rows in ranges, {rows:,} in the file")
