"""Whether a text file is valid UTF-8 (and where its first NUL is), checked in pieces
without decoding it to ``str``.

Used by the chunked import before polars' batch reader streams a file whose quotes the
byte ranges cannot follow (:mod:`analytics.store.ingest.read`): the ranges search their
own bytes for a NUL and leave bad UTF-8 to polars' parse, the stream parses a NUL as text.
A file whose head is UTF-8 but whose later bytes are not (CP932 past the first rows) is
read again as CP932.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import BinaryIO

import polars as pl


def scan_text(source: Callable[[], BinaryIO], *, piece: int = 1 << 22) -> tuple[int | None, bool]:
    """(offset of the first NUL byte or None, whether the whole file is valid UTF-8): one
    read of the file for both checks the chunked import makes before it cuts the file.

    The scan stops at a NUL (the file is then refused, whatever its encoding): its UTF-8
    answer is then about the bytes before the NUL.

    Example:
        >>> import io
        >>> scan_text(lambda: io.BytesIO("見込み客".encode())), scan_text(lambda: io.BytesIO(b"a\\x00b"))
        ((None, True), (1, True))
        >>> scan_text(lambda: io.BytesIO(bytes([0x82, 0xA0])))
        (None, False)
    """
    carry, valid, offset = b"", True, 0
    with source() as handle:
        while chunk := handle.read(piece):
            at = chunk.find(b"\x00")
            if at >= 0:
                return offset + at, valid and _valid_utf8(carry + chunk[:at])
            offset += len(chunk)
            if valid:
                data = carry + chunk if carry else chunk
                cut = whole_characters(data)
                valid = _valid_utf8(data[:cut] if cut < len(data) else data)
                carry = data[cut:]
    return None, valid and _valid_utf8(carry)


def whole_characters(data: bytes) -> int:
    """The length of ``data`` without a multi-byte character its end cuts short.

    Example:
        >>> whole_characters("あ".encode()[:2]), whole_characters("aあ".encode())
        (0, 4)
    """
    for back in range(1, min(4, len(data)) + 1):
        byte = data[-back]
        if byte < 0x80:  # ASCII: nothing cut
            return len(data)
        if byte >= 0xC0:  # the lead byte of the last character
            need = 2 if byte < 0xE0 else 3 if byte < 0xF0 else 4
            return len(data) if back >= need else len(data) - back
    return len(data)


def _valid_utf8(data: bytes) -> bool:
    if not data or data.isascii():
        return True
    try:
        pl.Series([data], dtype=pl.Binary).cast(pl.String)
    except pl.exceptions.ComputeError:
        return False
    return True
