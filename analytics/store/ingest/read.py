"""Reading a file into a table of text: container, encoding, delimiter, headers, blank rows.

Steps 1-3 of :mod:`analytics.store.ingest`: a path or an upload's bytes become a
:class:`RawTable` — one String column per (deduplicated) header plus ``__row``,
the spreadsheet row number (header = row 1) — or an :class:`InputError` naming the
file-level problem (empty, binary, damaged, undecodable, garbled, ragged).

Example:
    >>> import tempfile
    >>> data = "\\ufeffリードID\\t会社名\\nL1\\t架け橋\\n".encode()
    >>> with tempfile.TemporaryDirectory() as tmp, opened_source(data, "x.tsv") as source:
    ...     table = read_table(*source[:3], path=source[4], sheet=None, limit=None, tmp=Path(tmp))
    >>> table.encoding, table.delimiter, table.headers, table.frame.rows()
    ('utf-8-sig', '\\t', ['リードID', '会社名'], [('L1', '架け橋', 2)])
"""

from __future__ import annotations

import codecs
import csv
import errno
import hashlib
import io
import itertools
import re
import zipfile
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any, BinaryIO

import polars as pl

from analytics.errors import InputError
from analytics.store.ingest import limits, loose, ranges
from analytics.store.ingest.utf8 import scan_text
from analytics.text.catalog import Note

_HEAD_BYTES = 1 << 16
_CHUNK = 1 << 22
# a preview transcodes (CP932, UTF-16, CR-only files) at most about this much of the file
_PREVIEW_BYTES = 1 << 22
_DELIMITERS: tuple[str, ...] = (",", "\t", ";", "|")
_MOJIBAKE = re.compile(r"[\u00c2-\u00ef][\u0080-\u00bf]")
# magic bytes -> (message key, format named in it)
_BINARY_MAGIC: tuple[tuple[bytes, str, str], ...] = (
    (b"\x89PNG", "ingest.binary_image", "PNG"),
    (b"\xff\xd8\xff", "ingest.binary_image", "JPEG"),
    (b"GIF8", "ingest.binary_image", "GIF"),
    (b"%PDF", "ingest.binary_pdf", "PDF"),
    (b"\xd0\xcf\x11\xe0", "ingest.binary_xls", "XLS"),
)


@dataclass(frozen=True)
class RawTable:
    """A file read as text: what the later steps map and convert."""

    frame: pl.DataFrame  # one String column per header (deduplicated names) + "__row"
    headers: list[str]
    encoding: str
    delimiter: str
    notes: list[str]


def display_name(file_name: str) -> str:
    """The name a file is called by in messages: its last path component.

    Example:
        >>> display_name("exports/2025/leads.csv")
        'leads.csv'
    """
    return Path(file_name).name or file_name


# --------------------------------------------------------------------------- the source
@contextmanager
def opened_source(
    source: str | Path | bytes, file_name: str | None
) -> Iterator[tuple[Any, int, str, Future[str], Path | None]]:
    """(opener, size, display name, sha256 hex future, path or None) for a path or bytes.

    The hash of a file is computed in a background thread while it is parsed.

    Raises:
        InputError: ``source`` is a folder.

    Example:
        >>> with opened_source(b"a,b\\n1,2\\n", "exports/x.csv") as (opener, size, name, digest, path):
        ...     (opener().read(3), size, name, digest.result()[:12], path)
        (b'a,b', 8, 'x.csv', '492d5ea49605', None)
    """
    if isinstance(source, bytes | bytearray):
        data = bytes(source)
        name = display_name(file_name or "upload")

        def opener() -> Any:
            return io.BytesIO(data)

        done: Future[str] = Future()
        done.set_result(hashlib.sha256(data).hexdigest())
        yield opener, len(data), name, done, None
        return
    path = Path(source)
    if path.is_dir():
        raise InputError.make("ingest.folder", path=str(path))
    size = path.stat().st_size

    def sha256() -> str:
        digest = hashlib.sha256()  # releases the GIL on large chunks
        with path.open("rb") as handle:
            while chunk := handle.read(_CHUNK):
                digest.update(chunk)
        return digest.hexdigest()

    def opener_path() -> Any:
        return path.open("rb")

    with ThreadPoolExecutor(max_workers=1) as pool:
        yield opener_path, size, display_name(file_name or path.name), pool.submit(sha256), path


def read_table(
    opener: Any,
    size: int,
    name: str,
    *,
    path: Path | None,
    sheet: str | None,
    limit: int | None,
    tmp: Path,
) -> RawTable:
    """Read an opened source (XLSX or delimited text) into a :class:`RawTable`.

    Args:
        opener: returns a new binary handle on the source.
        size: its size in bytes.
        name: its display name (for messages).
        path: the file on disk, if any (UTF-8 files are parsed straight from it).
        sheet: the XLSX sheet to read (None: the first).
        limit: read at most this many data rows (None: all).
        tmp: a scratch folder (for a transcoded copy).

    Raises:
        InputError: a file-level problem; the message names the file and the fix.

    Example:
        >>> import tempfile
        >>> with tempfile.TemporaryDirectory() as tmp, opened_source(b"a;b\\n1;2\\n\\n", "x.csv") as (
        ...     opener, size, name, digest, path
        ... ):
        ...     table = read_table(opener, size, name, path=path, sheet=None, limit=None, tmp=Path(tmp))
        >>> table.encoding, table.delimiter, table.headers, table.frame.rows(), table.notes
        ('utf-8', ';', ['a', 'b'], [('1', '2', 2)], ['1 blank row(s) skipped'])
    """
    with opener() as handle:
        head = handle.read(_HEAD_BYTES)
    kind = _container(head, size, opener, name)
    if kind == "xlsx":
        return _read_xlsx(opener, name, sheet, limit)
    return _read_text(opener, head, size <= _HEAD_BYTES, name, limit, tmp, path=path)


def _container(head: bytes, size: int, opener: Any, name: str) -> str:
    """'xlsx' or 'text' (raises for empty and binary files)."""
    if size == 0 or not head.lstrip(b"\xef\xbb\xbf\xff\xfe \t\r\n"):
        raise InputError.make("ingest.empty_file", file=name)
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(opener()) as archive:
                members = archive.infolist()
        except zipfile.BadZipFile as exc:
            raise InputError.make("ingest.damaged_zip", file=name) from exc
        if "xl/workbook.xml" in {m.filename for m in members}:
            # a zip bomb is refused from its directory, before a byte is inflated
            limits.check_xlsx_size(sum(m.file_size for m in members), name)
            return "xlsx"
        raise InputError.make("ingest.zip_not_workbook", file=name)
    for magic, key, what in _BINARY_MAGIC:
        if head.startswith(magic):
            raise InputError.make(key, file=name, format=what)
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "text"
    if b"\x00" in head:
        at = head.index(b"\x00")
        raise InputError.make("ingest.binary_nul", file=name, at=at)
    return "text"


# --------------------------------------------------------------------------- encoding
def _detect_encoding(head: bytes, *, complete: bool) -> str | None:
    """Encoding judged from the first bytes; None if UTF-8 fails there (try CP932)."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    if head.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    sample = head if complete else head[: head.rfind(b"\n") + 1 or len(head)]
    try:
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=complete)
    except UnicodeDecodeError:
        return None
    return "utf-8"


def _text_encoding(head: bytes, *, complete: bool, name: str) -> str:
    """The file's encoding: UTF-16/UTF-8 (with or without BOM), else CP932 if that decodes."""
    encoding = _detect_encoding(head, complete=complete)
    if encoding is not None:
        return encoding
    try:
        codecs.getincrementaldecoder("cp932")().decode(
            head[: head.rfind(b"\n") + 1] if not complete else head, final=complete
        )
    except UnicodeDecodeError as exc:
        raise _decode_error(name, head, exc, "UTF-8 or CP932") from exc
    return "cp932"


def _decode_error(
    name: str, chunk: bytes, exc: UnicodeDecodeError, tried: str, *, offset: int = 0, lines: int = 0
) -> InputError:
    line = lines + chunk[: exc.start].count(b"\n") + 1
    bad = chunk[exc.start : exc.start + 4]
    key = "ingest.undecodable_utf16" if tried == "UTF-16" else "ingest.undecodable"
    return InputError.make(key, file=name, bytes=bad, offset=offset + exc.start, line=line)


def _chunks(opener: Any) -> Iterator[bytes]:
    with opener() as handle:
        while chunk := handle.read(_CHUNK):
            yield chunk


def _transcode(
    opener: Any,
    encoding: str,
    out: Path,
    name: str,
    *,
    cr_only: bool = False,
    max_bytes: int | None = None,
    copy: bool = False,
) -> None:
    """Stream ``opener()`` from ``encoding`` into a UTF-8 file (raises InputError if undecodable).

    ``cr_only``: the file ends its lines with a bare CR (Excel for Mac); they become LF.
    ``max_bytes``: a preview; stop after about this many bytes, at a line end.
    ``copy``: a UTF-8 upload: the bytes as they are (checked by the reader, not here).
    """
    if copy and encoding in ("utf-8", "utf-8-sig") and not cr_only:
        with out.open("wb") as target:
            for chunk in _chunks(opener):
                target.write(chunk)
        return
    decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
    offset = lines = 0
    tried = "UTF-16" if encoding == "utf-16" else "UTF-8 or CP932"
    try:
        with out.open("w", encoding="utf-8", newline="") as target:
            for chunk in _chunks(opener):
                try:
                    text = decoder.decode(chunk)
                except UnicodeDecodeError as exc:
                    raise _decode_error(
                        name, chunk, exc, tried, offset=offset, lines=lines
                    ) from exc
                text = text.replace("\r", "\n") if cr_only else text
                offset += len(chunk)
                lines += chunk.count(b"\n")
                if max_bytes is not None and offset >= max_bytes:
                    target.write(text[: text.rfind("\n") + 1])  # whole lines only
                    return
                target.write(text)
            try:
                target.write(decoder.decode(b"", final=True))
            except UnicodeDecodeError as exc:  # e.g. an odd number of UTF-16 bytes
                raise _decode_error(name, b"", exc, tried, offset=offset, lines=lines) from exc
    except OSError as exc:
        if exc.errno == errno.ENOSPC:
            raise InputError.make("ingest.temp_full", file=name, folder=str(out.parent)) from exc
        raise


def _check_mojibake(text: str, name: str) -> None:
    hits = _MOJIBAKE.findall(text)
    if len(hits) >= 3:
        raise InputError.make("ingest.mojibake", file=name, sample="".join(hits[:3]))


# --------------------------------------------------------------------------- delimiter, headers
def _sniff_delimiter(text: str) -> str:
    lines = text.splitlines()[:50]
    if len(lines) > 1 and not text.endswith(("\n", "\r")):
        lines = lines[:-1]  # last line may be cut off
    best, best_score = ",", (-1.0, 0)
    for delim in _DELIMITERS:
        counts = [len(r) for r in csv.reader(lines, delimiter=delim) if r]
        if not counts or counts[0] < 2:
            continue
        consistent = sum(c == counts[0] for c in counts) / len(counts)
        score = (consistent, counts[0])
        if score > best_score:
            best, best_score = delim, score
    return best


def _unique_headers(raw: list[str], notes: list[str]) -> list[str]:
    headers: list[str] = []
    seen: dict[str, int] = {}
    for i, h in enumerate(raw):
        h = (h or "").replace("\ufeff", "").strip() or f"column_{i + 1}"
        if h in seen:
            seen[h] += 1
            renamed = f"{h} ({seen[h]})"
            notes.append(Note("ingest.note.duplicate_header", {"header": h, "renamed": renamed}))
            h = renamed
        else:
            seen[h] = 1
        headers.append(h)
    return headers


def _finish(frame: pl.DataFrame, headers: list[str], name: str, notes: list[str]) -> pl.DataFrame:
    frame = frame.with_columns(pl.int_range(2, frame.height + 2, dtype=pl.Int64).alias("__row"))
    is_blank = pl.all_horizontal(pl.col(headers).is_null())
    n_blank = int(frame.select(is_blank.sum()).item())  # cheap: no row mask unless needed
    if n_blank:
        frame = frame.filter(~is_blank)
        notes.append(Note("ingest.note.blank_rows", {"n": f"{n_blank:,}"}))
    if frame.height == 0:
        raise InputError.make("ingest.no_data_rows", file=name)
    return frame


# --------------------------------------------------------------------------- XLSX
def _read_xlsx(opener: Any, name: str, sheet: str | None, limit: int | None) -> RawTable:
    if limit is not None:  # a preview: stream the first rows, never parse the whole sheet
        frame, raw_headers, chosen, sheets = _first_rows(opener, name, sheet, limit)
    else:
        loaded, chosen, sheets = _load_sheet(opener, name, sheet, limit)
        frame = loaded.select([_cell_text(col, dtype) for col, dtype in loaded.schema.items()])
        raw_headers = [str(c) for c in frame.columns]
    notes = [
        Note("ingest.note.read_sheet_of", {"sheet": chosen, "n": len(sheets), "sheets": sheets})
        if len(sheets) > 1
        else Note("ingest.note.read_sheet", {"sheet": chosen})
    ]
    if frame.width == 0:
        raise InputError.make("ingest.xlsx_empty_sheet", file=name, sheet=chosen)
    limits.check_columns(frame.width, name)
    limits.check_cells(frame.height, frame.width, name)
    headers = _unique_headers(raw_headers, notes)
    frame.columns = headers
    return RawTable(_finish(frame, headers, name, notes), headers, "xlsx", "xlsx", notes)


def _load_sheet(
    opener: Any, name: str, sheet: str | None, limit: int | None
) -> tuple[pl.DataFrame, str, list[str]]:
    """(typed cells, the sheet read, all sheet names) of a workbook, via fastexcel."""
    import fastexcel

    with opener() as handle:
        data = handle.read()
    try:
        book = fastexcel.read_excel(data)
        sheets = book.sheet_names
        if sheet is not None and sheet not in sheets:
            raise InputError.make("ingest.sheet_not_found", sheet=sheet, file=name, sheets=sheets)
        chosen = sheet or sheets[0]
        # every row decides a column's type (a text cell below row 1000 must not become null)
        loaded = book.load_sheet(chosen, n_rows=limit, schema_sample_rows=None).to_polars()
    except InputError:
        raise
    except Exception as exc:
        if "empty" in str(exc).lower() or "no data" in str(exc).lower():
            raise InputError.make("ingest.xlsx_empty_first_sheet", file=name) from exc
        raise InputError.make(
            "ingest.xlsx_unreadable", file=name, detail=str(exc).splitlines()[0]
        ) from exc
    return loaded, chosen, sheets


def _first_rows(
    opener: Any, name: str, sheet: str | None, limit: int
) -> tuple[pl.DataFrame, list[str], str, list[str]]:
    """(the first ``limit`` rows as text, the header cells, the sheet read, all sheet names).

    Streamed with openpyxl's read-only reader: a preview never parses the whole sheet.
    """
    import openpyxl

    try:
        with opener() as handle:
            book = openpyxl.load_workbook(handle, read_only=True, data_only=True)
            try:
                sheets = list(book.sheetnames)
                if sheet is not None and sheet not in sheets:
                    raise InputError.make(
                        "ingest.sheet_not_found", sheet=sheet, file=name, sheets=sheets
                    )
                chosen = sheet or sheets[0]
                rows = list(itertools.islice(book[chosen].iter_rows(values_only=True), limit + 1))
            finally:
                book.close()
    except InputError:
        raise
    except Exception as exc:
        detail = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise InputError.make("ingest.xlsx_unreadable", file=name, detail=detail) from exc
    if not rows:
        raise InputError.make("ingest.xlsx_empty_first_sheet", file=name)
    width = max(len(r) for r in rows)
    limits.check_columns(width, name)
    header = [_preview_cell(v) or "" for v in (*rows[0], *[None] * (width - len(rows[0])))]
    body = [[_preview_cell(v) for v in (*r, *[None] * (width - len(r)))] for r in rows[1:]]
    columns = [f"__c{i}" for i in range(width)]
    frame = pl.DataFrame(body, schema=dict.fromkeys(columns, pl.String), orient="row")
    return frame, header, chosen, sheets


def _preview_cell(value: Any) -> str | None:
    """A cell value of the streamed preview as the importer's text (see :func:`_cell_text`)."""
    if value is None:
        return None
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, date):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return str(int(value))
    return str(value)


def _cell_text(col: str, dtype: pl.DataType) -> pl.Expr:
    """A typed cell column back as text: dates as ISO, whole numbers without ``.0``."""
    c = pl.col(col)
    if dtype == pl.Datetime:
        e = c.dt.strftime("%Y-%m-%d %H:%M:%S")
    elif dtype == pl.Date:
        e = c.dt.strftime("%Y-%m-%d")
    elif dtype.is_float():
        e = (
            pl.when((c == c.round(0)) & (c.abs() < 2**53))  # huge: kept as written (a reject)
            .then(c.cast(pl.Int64, strict=False).cast(pl.String))
            .otherwise(c.cast(pl.String))
        )
    else:
        e = c.cast(pl.String)
    return e.alias(col)


# --------------------------------------------------------------------------- delimited text
def _not_utf8(exc: Exception) -> bool:
    """Whether polars' error is about bytes that are not UTF-8 (``invalid utf-8 sequence``):
    the whole-file reader and the chunks both read the file again as CP932 then."""
    return "utf" in str(exc).lower()


def _read_text(
    opener: Any,
    head: bytes,
    complete: bool,
    name: str,
    limit: int | None,
    tmp: Path,
    *,
    path: Path | None = None,
) -> RawTable:
    encoding = _text_encoding(head, complete=complete, name=name)
    cr_only = _cr_only(head, encoding)
    source: Any
    if encoding in ("utf-8", "utf-8-sig") and not cr_only:
        source_path = path
        source = opener
    else:
        source_path = tmp / "transcoded.csv"
        preview = _PREVIEW_BYTES if limit is not None else None
        _transcode(opener, encoding, source_path, name, cr_only=cr_only, max_bytes=preview)
        source = lambda: source_path.open("rb")  # noqa: E731
    delimiter, headers, notes = _sniff_header(source, name)
    limits.check_columns(len(headers), name)
    if cr_only:
        notes.append(Note("ingest.note.cr_line_ends"))
    with ThreadPoolExecutor(max_workers=1) as pool:
        # the NUL scan (a memchr pass over the bytes) runs beside polars' parse
        nul = pool.submit(_nul_offset, source) if limit is None else None
        try:
            frame = _read_csv(source, source_path, delimiter, headers, limit)
        except pl.exceptions.ComputeError as exc:
            message = str(exc)
            if "more fields" in message:
                raise _ragged_error(source, name, delimiter, len(headers)) from exc
            if loose.is_malformed(message):  # quotes inside unquoted values
                frame = loose.read_loose(
                    source, delimiter, headers, name=name, size=_size(source), limit=limit
                )
                notes.append(Note("ingest.note.loose_quotes"))
            elif _not_utf8(exc) and encoding == "utf-8":
                # invalid UTF-8 beyond the sampled head: retry the whole file as CP932
                source_path = tmp / "transcoded.csv"
                _transcode(opener, "cp932", source_path, name)
                table = _read_text(
                    lambda: source_path.open("rb"), b"", True, name, limit, tmp, path=source_path
                )
                return RawTable(table.frame, table.headers, "cp932", table.delimiter, table.notes)
            else:
                raise InputError.make(
                    "ingest.unreadable_text",
                    file=name,
                    encoding=encoding,
                    detail=message.splitlines()[0],
                ) from exc
        except pl.exceptions.NoDataError as exc:
            raise InputError.make("ingest.empty_file", file=name) from exc
        at = nul.result() if nul is not None else None
    limits.check_cells(frame.height, len(headers), name)
    if at is not None:  # the cells are searched only on a hit
        raise _nul_error(frame, headers, name, at)
    return RawTable(_finish(frame, headers, name, notes), headers, encoding, delimiter, notes)


def _size(source: Any) -> int:
    with source() as handle:
        return handle.seek(0, io.SEEK_END)


def _cr_only(head: bytes, encoding: str) -> bool:
    """Whether the file ends its lines with a bare CR (classic Mac / Excel for Mac)."""
    if encoding == "utf-16":
        text = head.decode("utf-16", errors="ignore")
        return "\r" in text and "\n" not in text
    return b"\r" in head and b"\n" not in head


def _nul_offset(source: Any) -> int | None:
    """The offset of the first NUL byte of the (UTF-8) text, or None: one ``find`` per chunk."""
    offset = 0
    with source() as handle:
        while chunk := handle.read(_CHUNK):
            at = chunk.find(b"\x00")
            if at >= 0:
                return offset + at
            offset += len(chunk)
    return None


def _nul_error(frame: pl.DataFrame, headers: list[str], name: str, at: int) -> InputError:
    """A file with a NUL anywhere is refused, naming the row and column when a cell holds it."""
    for column in headers:
        hits = frame[column].str.contains("\x00", literal=True)
        if hits.any():
            row = int(hits.arg_max() or 0) + 2  # the spreadsheet row: the header is row 1
            return InputError.make("ingest.nul_in_cell", file=name, row=row, column=column)
    return InputError.make("ingest.binary_nul", file=name, at=at)


def _sniff_header(source: Any, name: str) -> tuple[str, list[str], list[str]]:
    """(delimiter, unique headers, notes) from the head of a UTF-8 source."""
    with source() as handle:
        raw = handle.read(_HEAD_BYTES)
        while b"\n" not in raw and b"\r" not in raw and len(raw) < limits.MAX_HEADER_BYTES:
            more = handle.read(_HEAD_BYTES)  # a header line longer than the head
            if not more:
                break
            raw += more
    if b"\n" not in raw and b"\r" not in raw and len(raw) >= limits.MAX_HEADER_BYTES:
        raise InputError.make("ingest.header_too_long", file=name, most=f"{len(raw):,}")
    text_head = raw.decode("utf-8", errors="ignore").lstrip("\ufeff")
    _check_mojibake(text_head, name)
    delimiter = _sniff_delimiter(text_head)
    first = next(csv.reader(io.StringIO(text_head), delimiter=delimiter), [])
    notes: list[str] = []
    return delimiter, _unique_headers(first, notes), notes


def _read_csv(
    source: Any, source_path: Path | None, delimiter: str, headers: list[str], limit: int | None
) -> pl.DataFrame:
    """Every field as text, with polars' multi-threaded reader (from disk when possible)."""
    with source() as handle:
        return pl.read_csv(
            source_path if source_path is not None else handle,
            n_rows=limit,
            **_csv_options(delimiter, headers),
        )


def _csv_options(delimiter: str, headers: list[str]) -> dict[str, Any]:
    """How polars reads a text file, whole or in chunks: every field as text."""
    return {
        "separator": delimiter,
        "has_header": True,
        "new_columns": headers,
        "infer_schema": False,
        "quote_char": '"',
        "raise_if_empty": False,
        "encoding": "utf8",
    }


def _ragged_error(source: Any, name: str, delimiter: str, width: int) -> InputError:
    """The error for a row with more fields than the header (naming the first such row)."""

    def text_source() -> Any:
        return io.TextIOWrapper(source(), encoding="utf-8-sig", newline="")

    found = _ragged_row(text_source, delimiter, width)
    where = {"row": found[0], "fields": found[1]} if found else {}
    return InputError.make(
        "ingest.ragged_row" if found else "ingest.ragged",
        file=name,
        width=width,
        delimiter=delimiter,
        **where,
    )


def _ragged_row(text_source: Any, delimiter: str, width: int) -> tuple[int, int] | None:
    """Error path only: the first record with more fields than the header (row, fields)."""
    with text_source() as handle:
        for row_number, record in enumerate(csv.reader(handle, delimiter=delimiter), start=1):
            if len(record) > width:
                return row_number, len(record)
    return None


# --------------------------------------------------------------------------- in chunks
@dataclass(frozen=True)
class TextChunks:
    """A delimited text file read in chunks of rows (see :func:`text_chunks`)."""

    headers: list[str]
    encoding: str
    delimiter: str
    notes: list[str]
    frames: Any  # (columns=None) -> a new iterator of frames (those columns + "__row")
    rows: int = 0  # data rows, blank ones included
    head: Any = None  # (offset) -> the chunk of rows from that offset
    chunk_rows: int = 1
    batches: Any = None  # like ``frames``, by polars' batch reader (when ranges mismatch)

    def by_batches(self) -> TextChunks:
        """The same file read by polars' batch reader (see :mod:`ranges`)."""
        return replace(self, frames=self.batches)


class NotUtf8(Exception):
    """Bytes that are not UTF-8 in a file whose head is (read it again as CP932)."""


def text_chunks(
    opener: Any,
    size: int,
    name: str,
    *,
    path: Path | None,
    tmp: Path,
    chunk_rows: int,
    cp932: bool = False,
) -> TextChunks | None:
    """A text file's rows in chunks of ``chunk_rows`` (None: XLSX, or a problem the
    whole-file reader words, such as a ragged row).

    Each frame is what :func:`read_table` gives for those rows, blank rows included
    (the caller drops them): ``__row`` counts from 2 over the whole file.

    The encoding is judged from the file's head (``cp932``: read as CP932 whatever the
    head says). The rest is checked as the chunks are read, not in a pass of its own:
    a chunk holding a NUL byte raises :class:`~analytics.store.ingest.ranges.NulByte`
    (the whole-file reader words the error), one whose bytes are not UTF-8 raises
    :class:`NotUtf8` (the caller reads the file again with ``cp932``).

    Example:
        >>> import tempfile
        >>> with tempfile.TemporaryDirectory() as tmp, opened_source(b"a,b\\n1,2\\n3,4\\n5,6\\n", "x.csv") as s:
        ...     chunks = text_chunks(*s[:3], path=s[4], tmp=Path(tmp), chunk_rows=2)
        ...     [f["__row"].to_list() for f in chunks.frames()]
        [[2, 3], [4]]
    """
    with opener() as handle:
        head = handle.read(_HEAD_BYTES)
    if _container(head, size, opener, name) != "text":
        return None
    encoding = "cp932" if cp932 else _text_encoding(head, complete=size <= _HEAD_BYTES, name=name)
    cr_only = _cr_only(head, encoding)
    source_path = path
    if encoding not in ("utf-8", "utf-8-sig") or cr_only or path is None:
        source_path = tmp / "transcoded.csv"
        _transcode(opener, encoding, source_path, name, cr_only=cr_only, copy=path is None)
    source = lambda: source_path.open("rb")  # noqa: E731
    delimiter, headers, notes = _sniff_header(source, name)
    limits.check_columns(len(headers), name)
    if cr_only:
        notes.append(Note("ingest.note.cr_line_ends"))
    rows = _chunks_readable(source_path, delimiter, headers)
    if rows is None:
        return None
    limits.check_cells(rows, len(headers), name)

    def frames(columns: list[str] | None = None) -> Iterator[pl.DataFrame]:
        picked = [*(columns or headers), "__row"]

        def parse(data: BinaryIO, first: int) -> pl.DataFrame:
            return _scan_csv(data, delimiter, headers, first=first).select(picked).collect()

        # one byte range of whole records at a time (see ranges); RangesMismatch: the
        # caller reads again with ``batches``
        try:
            with source_path.open("rb") as handle:
                yield from ranges.range_frames(
                    handle, chunk_rows=chunk_rows, rows=rows, parse=parse
                )
        except pl.exceptions.ComputeError as exc:
            if _not_utf8(exc):
                raise NotUtf8(str(exc)) from exc
            raise ranges.RangesMismatch(str(exc)) from exc

    def batches(columns: list[str] | None = None) -> Iterator[pl.DataFrame]:
        # the checks the ranges make as they go, made first (the stream parses NULs as text)
        nul, utf8 = scan_text(source)
        if nul is not None:
            raise ranges.NulByte(f"a NUL byte at byte {nul:,}")
        if not utf8:
            raise NotUtf8("bytes that are not UTF-8")
        scan = _scan_csv(source_path, delimiter, headers).select(*(columns or headers), "__row")
        # polars' batch iterator reads ahead without bound (and cannot be stopped):
        # callers consume every batch; the first chunk is read by ``head``
        try:
            yield from scan.collect_batches(chunk_size=chunk_rows, lazy=True)
        except pl.exceptions.ComputeError as exc:
            raise failed(exc) from exc

    def failed(exc: Exception) -> Exception:
        message = str(exc)
        if _not_utf8(exc):
            return NotUtf8(message)
        if loose.is_malformed(message):  # the whole-file reader reads it (see loose)
            return ranges.RangesMismatch(message)
        if "more fields" in message:
            return _ragged_error(source, name, delimiter, len(headers))
        detail = message.splitlines()[0]
        return InputError.make(
            "ingest.unreadable_text", file=name, encoding=encoding, detail=detail
        )

    def head(offset: int) -> pl.DataFrame:
        try:
            return _scan_csv(source_path, delimiter, headers).slice(offset, chunk_rows).collect()
        except pl.exceptions.ComputeError as exc:
            raise failed(exc) from exc

    return TextChunks(headers, encoding, delimiter, notes, frames, rows, head, chunk_rows, batches)


def _scan_csv(
    source_path: Path | BinaryIO, delimiter: str, headers: list[str], *, first: int = 2
) -> pl.LazyFrame:
    return pl.scan_csv(
        source_path,
        row_index_name="__row",
        row_index_offset=first,
        **_csv_options(delimiter, headers),
    ).with_columns(pl.col("__row").cast(pl.Int64))


def _chunks_readable(source_path: Path, delimiter: str, headers: list[str]) -> int | None:
    """The rows of the file if polars parses it all (no ragged row, valid UTF-8), else None."""
    try:
        counted = _scan_csv(source_path, delimiter, headers).select(pl.len())
        return int(counted.collect(engine="streaming").item())
    except (pl.exceptions.ComputeError, pl.exceptions.NoDataError):
        return None
