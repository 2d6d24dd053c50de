"""A large delimited text file cut into byte ranges of whole records, each parsed on its own.

Polars' batch reader reads ahead of its consumer without a bound, so a chunked import of
a 1 GB file held most of the file in memory. Here the file is read in byte ranges that
end on a record boundary — a newline outside quotes, i.e. after an even number of quote
characters since the header (RFC 4180: a quote inside a quoted field is doubled, so
the parity holds) — and each range is parsed with the header's bytes in front of it, so
that it reads exactly as that part of the whole file does. Memory is one range at a time:
the file is mapped in memory (``mmap``), a range's bytes are copied once from the mapping
with the header in front, and the pages parsed are handed back to the kernel
(``MADV_DONTNEED``). A range without quotes is checked with one ``find``; the quotes are
counted only where there are some.

A file whose quotes break that rule (a lone quote inside an unquoted field, ``5" screen``)
can put a boundary where polars sees none. The ranges' rows then do not add up to the
whole file's count, or one record runs past :func:`range_limit`: :class:`RangesMismatch`
is raised and the caller reads the file with polars' batch reader instead.

Example:
    >>> data = b'1,"a\\nb"\\n2,c\\n3,d\\n'
    >>> [data[begin:end] for begin, end in record_ranges(data, target=3, limit=100)]
    [b'1,"a\\nb"\\n', b'2,c\\n', b'3,d\\n']
"""

from __future__ import annotations

import io
import mmap
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import BinaryIO, TypeAlias

import polars as pl

_PIECE = 1 << 16
_COUNT_PIECE = 64 * _PIECE
# what the ranges are cut from: a file's bytes, or the file mapped in memory
Buffer: TypeAlias = "bytes | mmap.mmap"


class RangesMismatch(Exception):
    """The file's quotes do not allow cutting it into ranges (read it in one stream)."""


class NulByte(Exception):
    """A NUL byte in the file: no text file (the whole-file reader words the error)."""


def record_end(data: Buffer, start: int, odd: bool, stop: int | None = None) -> tuple[int, bool]:
    """(index just after the first newline in ``data[start:stop]`` outside quotes, or -1;
    whether a quote is open at that index, or at ``stop`` when -1).

    ``odd``: whether a quote is open at ``start``; ``stop``: the end of ``data`` if None.

    Example:
        >>> record_end(b'a,"x\\ny"\\nb', 0, False)
        (8, False)
        >>> record_end(b'a,"x\\ny', 0, False)
        (-1, True)
        >>> record_end(b'a\\nb\\n', 0, False, stop=1)
        (-1, False)
    """
    stop = len(data) if stop is None else stop
    i = start
    while True:
        nl = data.find(b"\n", i, stop)
        if nl < 0:
            return -1, odd ^ odd_quotes(data, i, stop)
        odd ^= odd_quotes(data, i, nl)
        if not odd:
            return nl + 1, False
        i = nl + 1


def odd_quotes(data: Buffer, start: int, stop: int) -> bool:
    """Whether ``data[start:stop]`` holds an odd number of quote characters.

    A range without any quote (most exports' long runs) costs one ``find``; else the
    quotes are counted in pieces of at most :data:`_PIECE` × 64 bytes (an ``mmap`` has
    no ``count``, and a piece is copied only from the first quote on).

    Example:
        >>> odd_quotes(b'a"b""c', 0, 6), odd_quotes(b'a"b""c', 2, 6), odd_quotes(b"abc", 0, 3)
        (True, False, False)
    """
    first = data.find(b'"', start, stop)
    if first < 0:
        return False
    count = 0
    for at in range(first, stop, _COUNT_PIECE):
        count += data[at : min(at + _COUNT_PIECE, stop)].count(b'"')
    return count % 2 == 1


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


def record_ranges(
    data: Buffer, start: int = 0, *, target: int, limit: int
) -> Iterator[tuple[int, int]]:
    """``data`` from ``start`` on, as ``(begin, end)`` ranges of whole records.

    Each range ends at the first record boundary at or after ``target`` bytes; a range
    that finds none within ``limit`` bytes raises :class:`RangesMismatch`. ``data`` is
    ``bytes`` or the file mapped in memory (:func:`range_frames`).

    Example:
        >>> list(record_ranges(b'1,"a\\nb"\\n2,c\\n3', target=3, limit=100))
        [(0, 8), (8, 12), (12, 13)]
    """
    size = len(data)
    while start < size:
        at = min(start + target, size) - 1  # the search starts here
        stop = min(size, start + limit)
        end, _ = record_end(data, at, odd_quotes(data, start, at), stop)
        if end < 0:
            if stop < size:
                raise RangesMismatch("no record boundary within the range limit")
            end = size
        yield start, end
        start = end


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
    parse: Callable[[BinaryIO, int], pl.DataFrame],
) -> Iterator[pl.DataFrame]:
    """The file's data rows, one frame per block of about ``chunk_rows`` rows.

    A block's bytes are ``chunk_rows`` times the file's mean bytes per row. Every block
    is copied, with the header in front, into one in-memory stream that the next block
    overwrites (:func:`_refill`): ``parse`` reads it and keeps nothing of it.

    Args:
        handle: the file, opened in binary mode.
        chunk_rows: rows per block, about.
        rows: the data rows the whole file has (checked at the end).
        parse: ``(header + block as a stream, row number of the block's first row) -> frame``.

    Raises:
        RangesMismatch: the blocks' rows do not add up to ``rows``.
        NulByte: a block (or the header) holds a NUL byte; nothing after it is parsed.

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
    if b"\x00" in header:
        raise NulByte("a NUL byte in the header")
    done, released = 0, 0
    stream = io.BytesIO()
    with _mapped(handle) as data:
        limit = range_limit(target)
        for begin, end in record_ranges(data, header_end, target=target, limit=limit):
            if data.find(b"\x00", begin, end) >= 0:  # memchr: ~0.1 s for 1.6 GB
                raise NulByte(f"a NUL byte between bytes {begin:,} and {end:,}")
            _refill(stream, header, data, begin, end)
            frame = parse(stream, 2 + done)
            done += frame.height
            released = _release(data, released, end)
            yield frame
    if done != rows:
        raise RangesMismatch(f"{done:,} rows in ranges, {rows:,} in the file")


def _refill(stream: io.BytesIO, header: bytes, data: Buffer, begin: int, end: int) -> None:
    """``stream`` holding ``header`` and ``data[begin:end]``, read from its start.

    The stream's buffer is written over, not allocated anew: a fresh 40 MB block per
    chunk is 10,000 pages the kernel zeroes and maps (at 20M activities ~400,000 page
    faults, ~0.8 s of the import). Nothing outside holds the buffer between blocks (a
    stream still exported would refuse the write: BufferError, never a changed frame).
    """
    stream.seek(0)
    stream.write(header)
    with memoryview(data) as view:  # released before the caller may unmap ``data``
        stream.write(view[begin:end])
    stream.truncate()
    stream.seek(0)


@contextmanager
def _mapped(handle: BinaryIO) -> Iterator[Buffer]:
    """The whole file behind ``handle``: mapped in memory (read-only) when it is a file on
    disk, else its bytes (an in-memory stream)."""
    try:
        fileno = handle.fileno()
    except (OSError, io.UnsupportedOperation):
        handle.seek(0)
        yield handle.read()
        return
    with mmap.mmap(fileno, 0, access=mmap.ACCESS_READ) as mapped:
        yield mapped


def _release(data: Buffer, start: int, stop: int) -> int:
    """Let the kernel drop this process's pages of ``data[start:stop]`` (parsed already: the
    file stays in the page cache, but it is no longer counted in the import's resident
    memory); returns where the next release starts (a page boundary)."""
    if not isinstance(data, mmap.mmap) or not hasattr(mmap, "MADV_DONTNEED"):
        return start
    stop -= stop % mmap.PAGESIZE
    if stop > start:
        data.madvise(mmap.MADV_DONTNEED, start, stop - start)
    return max(start, stop)
