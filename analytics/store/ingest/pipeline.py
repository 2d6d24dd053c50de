"""The import, start to end: read → map → convert → write (or only preview).

Example:
    >>> p = preview_file("lead_id,company\\nL1,Acme\\n".encode(), file_name="l.csv", kind="leads")
    >>> p.preset, p.mapping
    ('generic', {'lead_id': 'lead_id', 'company': 'company'})
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

import polars as pl

from analytics.errors import InputError, no_space_left
from analytics.store.db import Workspace, row_digests
from analytics.store.ingest import chunked, limits
from analytics.store.ingest.convert import Converted, convert
from analytics.store.ingest.mapping import (
    KINDS,
    PRESETS,
    MappingSpec,
    check_required,
    load_mapping,
    missing_error,
    resolve_mapping,
)
from analytics.store.ingest.ranges import NulByte, RangesMismatch
from analytics.store.ingest.read import (
    NotUtf8,
    RawTable,
    TextChunks,
    display_name,
    opened_source,
    read_table,
    text_chunks,
)
from analytics.store.ingest.results import FilePreview, ImportResult, Reject
from analytics.store.ingest.write import (
    ImportRecord,
    RowsAsConverted,
    StagedRows,
    reset_memory_limit,
    write_import,
    write_rows,
    write_staged,
)
from analytics.store.progress import Progress, ProgressClock
from analytics.store.schema import SCHEMA
from analytics.text.catalog import Note, Text

MAX_REJECTS_SHOWN = 1000
# The header of the id derived from each row (``--id-from-row``; never a file's own header).
ROW_ID = "(row id)"
# The id column each kind can derive from its rows.
ROW_ID_KINDS: dict[str, str] = {"leads": "lead_id", "deals": "deal_id"}


@dataclass(frozen=True)
class _Prepared:
    table: RawTable
    preset: str  # the preset actually used
    mapping: dict[str, tuple[str, ...]]
    notes: list[str]
    spec: MappingSpec
    name: str
    sha256: str
    missing: list[str]


def _prepare(
    kind: str,
    source: str | Path | bytes,
    *,
    file_name: str | None,
    preset: str,
    mapping: dict[str, str] | str | Path | None,
    limit: int | None,
    tmp: Path,
    id_from_row: bool = False,
) -> _Prepared:
    """Read the file and resolve its mapping (raises InputError for file-level problems)."""
    spec = _spec(kind, preset, mapping, id_from_row=id_from_row)
    with opened_source(source, file_name) as (opener, size, name, digest, path):
        table = read_table(opener, size, name, path=path, sheet=spec.sheet, limit=limit, tmp=tmp)
        sha256 = digest.result()
    return _resolve(kind, table, spec, preset=preset, name=name, sha256=sha256)


def _resolve(
    kind: str, table: RawTable, spec: MappingSpec, *, preset: str, name: str, sha256: str
) -> _Prepared:
    """Resolve the mapping of a read table (of its first chunk, for a chunked import)."""
    if table.delimiter == "xlsx":
        spec = replace(spec, excel_serial=True)
    used, resolved, notes = resolve_mapping(
        table.headers, kind, preset=preset, spec=spec, frame=table.frame
    )
    missing = check_required(table.headers, kind, resolved, name, spec)
    key = ROW_ID_KINDS.get(kind)
    if spec.id_from_row and key in missing:
        table, resolved = _with_row_ids(table, resolved, key)
        missing = [m for m in missing if m != key]
        notes.append(Note("ingest.note.id_from_row", {"column": key}))
    return _Prepared(table, used, resolved, notes, spec, name, sha256, missing)


def _spec(
    kind: str, preset: str, mapping: dict[str, str] | str | Path | None, *, id_from_row: bool
) -> MappingSpec:
    """The checked kind, preset and mapping file of an import."""
    if kind not in KINDS:
        raise InputError.make("ingest.unknown_kind", kind=kind, options=", ".join(KINDS))
    if preset not in PRESETS:
        raise InputError.make("ingest.unknown_preset", preset=preset, options=", ".join(PRESETS))
    spec = load_mapping(mapping) if mapping is not None else MappingSpec()
    if spec.kind is not None and spec.kind != kind:
        raise InputError.make("ingest.mapping_kind_mismatch", mapping_kind=spec.kind, kind=kind)
    return replace(spec, id_from_row=True) if id_from_row else spec


def _with_row_ids(
    table: RawTable, mapping: dict[str, tuple[str, ...]], key: str
) -> tuple[RawTable, dict[str, tuple[str, ...]]]:
    """The table with a stable id per row (its content's md5 and its place among equal rows).

    The same file imported again gets the same ids (an update, not duplicates); rows
    added or removed elsewhere in the file leave the other rows' ids unchanged.

    Example:
        >>> raw = pl.DataFrame({"a": ["x", "y", "x"], "__row": [2, 3, 4]})
        >>> t, m = _with_row_ids(RawTable(raw, ["a"], "utf-8", ",", []), {"a": ("custom",)}, "lead_id")
        >>> t.frame[ROW_ID].to_list(), m[ROW_ID]
        (['r9dd4e461268c8034', 'r415290769594460e', 'r9dd4e461268c8034-2'], ('lead_id',))
    """
    digest = row_digests(table.frame.select(table.headers))
    ids = pl.DataFrame({"d": digest}).select(
        pl.format("r{}", pl.col("d").str.slice(0, 16))
        + pl.when(pl.int_range(pl.len()).over("d") > 0)
        .then(pl.format("-{}", pl.int_range(pl.len()).over("d") + 1))
        .otherwise(pl.lit(""))
    )
    frame = table.frame.with_columns(ids.to_series().alias(ROW_ID))
    return replace(table, frame=frame), {**mapping, ROW_ID: (key,)}


TMP_PREFIX = "kakehashi-import-"


def clean_stale_tmpdirs(root: Path | None = None) -> list[Path]:
    """Remove the scratch folders of imports whose process is gone (killed mid-import).

    A scratch folder is named ``kakehashi-import-<pid>-…``; it is stale when no process
    has that id (or, for an older name without one, when it is over a day old).

    Args:
        root: the temporary folder (default: :func:`tempfile.gettempdir`).

    Returns:
        The folders removed.

    Example:
        >>> import tempfile
        >>> with tempfile.TemporaryDirectory() as root:
        ...     (Path(root) / "kakehashi-import-999999999-x").mkdir()
        ...     [p.name for p in clean_stale_tmpdirs(Path(root))]
        ['kakehashi-import-999999999-x']
    """
    root = Path(root or tempfile.gettempdir())
    removed = []
    for folder in root.glob(f"{TMP_PREFIX}*"):
        if folder.is_dir() and _is_stale(folder):
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
    return removed


def _is_stale(folder: Path) -> bool:
    pid = folder.name.removeprefix(TMP_PREFIX).split("-", 1)[0]
    if not pid.isdigit():
        try:
            return time.time() - folder.stat().st_mtime > 86_400
        except OSError:
            return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except (PermissionError, OverflowError):
        return int(pid) > 2**22  # no such pid can exist
    return False


@contextmanager
def _tmpdir() -> Iterator[Path]:
    clean_stale_tmpdirs()
    with tempfile.TemporaryDirectory(prefix=f"{TMP_PREFIX}{os.getpid()}-") as tmp:
        yield Path(tmp)


def _display_mapping(resolved: dict[str, tuple[str, ...]]) -> dict[str, str]:
    return {h: "+".join(t) for h, t in resolved.items()}


def preview_file(
    data: bytes,
    *,
    file_name: str,
    kind: str,
    preset: str = "auto",
    mapping: dict[str, str] | None = None,
    id_from_row: bool = False,
) -> FilePreview:
    """Read the first rows of a file and show how it would be mapped (writes nothing).

    Args:
        data: the file's bytes (an upload).
        file_name: its name, for messages.
        kind: one of :data:`KINDS`.
        preset: one of :data:`PRESETS`.
        mapping: optional {header: target} overrides (targets: canonical column(s)
            joined by ``+``, ``"custom"`` or ``"ignore"``).

    Returns:
        A :class:`FilePreview` (20 rows, all strings).

    Raises:
        InputError: a file-level problem (empty, binary, undecodable, …).

    Example:
        >>> p = preview_file(b"Lead ID;Company;Created\\nL1;Acme;5/8/2025\\n", file_name="x.csv", kind="leads")
        >>> p.delimiter, p.mapping, p.missing_required
        (';', {'Lead ID': 'lead_id', 'Company': 'company', 'Created': 'created_at'}, [])
    """
    with _tmpdir() as tmp:
        prepared = _prepare(
            kind, data, file_name=file_name, preset=preset, mapping=mapping, limit=20, tmp=tmp,
            id_from_row=id_from_row,
        )  # fmt: skip
    table = prepared.table
    return FilePreview(
        file_name=display_name(file_name),
        kind=kind,
        encoding=table.encoding,
        delimiter=table.delimiter,
        preset=prepared.preset,
        headers=table.headers,
        mapping=_display_mapping(prepared.mapping),
        preview=table.frame.drop("__row").head(20),
        missing_required=prepared.missing,
    )


def import_file(
    ws: Workspace,
    kind: str,
    source: str | Path | bytes,
    *,
    file_name: str | None = None,
    preset: str = "auto",
    mapping: dict[str, str] | str | Path | None = None,
    dry_run: bool = False,
    id_from_row: bool = False,
    progress: Callable[[Progress], None] | None = None,
) -> ImportResult:
    """Import one file of ``kind`` into the workspace (one transaction).

    Args:
        ws: the workspace.
        kind: one of :data:`KINDS`.
        source: a path or the file's bytes.
        file_name: the name to record (default: the path's name).
        preset: one of :data:`PRESETS`.
        mapping: a mapping file path, TOML text or {header: target} dict.
        dry_run: compute everything, write nothing.
        id_from_row: the file has no id column: derive a stable id from each row
            (also ``[options] id = "row"`` in a mapping file).
        progress: called at each stage with a :class:`~analytics.store.progress.Progress`.

    Returns:
        An :class:`ImportResult` (``import_id`` None for a dry run).

    Raises:
        InputError: a file-level problem; nothing was written.

    Example:
        >>> ws = Workspace.open(":memory:")
        >>> data = 'month,channel,amount\\n2025年4月,web,"￥1,200"\\n2025/5,web,-1\\n'.encode()
        >>> r = import_file(ws, "costs", data)
        >>> (r.inserted, r.rejected, r.rejects[0].row, ws.rows("SELECT month, amount FROM costs"))
        (1, 1, 3, [(datetime.date(2025, 4, 1), 1200.0)])
    """
    started = datetime.now()
    clock = ProgressClock(progress, file_bytes=_source_bytes(source))
    clock.stage("read")
    options = _Options(kind, file_name, preset, mapping, id_from_row, dry_run)
    rows = chunked.chunk_rows(_source_bytes(source))
    if rows is not None:
        done = _import_chunked(ws, source, options, rows=rows, clock=clock, started=started)
        if done is not None:
            return done
    with _tmpdir() as tmp:
        prepared = _prepare(
            kind, source, file_name=file_name, preset=preset, mapping=mapping, limit=None, tmp=tmp,
            id_from_row=id_from_row,
        )  # fmt: skip
    table = prepared.table
    if prepared.missing:
        raise missing_error(
            table.headers, kind, prepared.missing, prepared.name, prepared.mapping,
            frame=table.frame,
        )  # fmt: skip
    existing_types = ws.columns(kind)
    clock.stage("convert")
    converted = convert(table, kind, prepared.mapping, prepared.spec, existing_types)
    counts = _Counts(table.frame.height, converted.frame.height, converted.rejects.height)
    return _complete(
        ws, prepared, converted, counts, table.notes, existing_types, options,
        clock=clock, started=started,
    )  # fmt: skip


@dataclass(frozen=True)
class _Options:
    kind: str
    file_name: str | None
    preset: str
    mapping: dict[str, str] | str | Path | None
    id_from_row: bool
    dry_run: bool


@dataclass(frozen=True)
class _Counts:
    rows_read: int
    valid: int
    rejected: int


def _import_chunked(
    ws: Workspace,
    source: str | Path | bytes,
    options: _Options,
    *,
    rows: int,
    clock: ProgressClock,
    started: datetime,
    cp932: bool = False,
) -> ImportResult | None:
    """:func:`import_file` of a text file in chunks of ``rows`` rows (None: not a text file, or one
    only the whole-file reader reads).

    A file whose head is UTF-8 and whose later bytes are not is imported again as CP932
    (``cp932``), as the whole-file reader reads it; its chunks written so far are rolled back.
    """
    spec = _spec(options.kind, options.preset, options.mapping, id_from_row=options.id_from_row)
    # the file's hash is computed beside the conversion and awaited for the import's record
    with _tmpdir() as tmp, opened_source(source, options.file_name) as opened:
        opener, size, name, digest, path = opened
        chunks = text_chunks(opener, size, name, path=path, tmp=tmp, chunk_rows=rows, cp932=cp932)
        if chunks is None:
            return None
        try:
            return _import_chunks(
                ws, chunks, options, spec, name=name, digest=digest, tmp=tmp, clock=clock,
                started=started,
            )  # fmt: skip
        except NulByte:  # the whole-file reader words it
            return None
        except NotUtf8:
            if chunks.encoding != "utf-8":
                return None  # the whole-file reader words it
    return _import_chunked(ws, source, options, rows=rows, clock=clock, started=started, cp932=True)


def _import_chunks(
    ws: Workspace,
    chunks: TextChunks,
    options: _Options,
    spec: MappingSpec,
    *,
    name: str,
    digest: Future[str],
    tmp: Path,
    clock: ProgressClock,
    started: datetime,
) -> ImportResult | None:
    """:func:`_import_chunked` of the file's chunks (None: loose quotes, which only the
    whole-file reader reads)."""
    kind = options.kind
    try:
        first = _first_chunk(chunks, name)
    except RangesMismatch:  # loose quotes: only the whole-file reader reads them
        return None
    prepared = _resolve(kind, first, spec, preset=options.preset, name=name, sha256="")
    if prepared.missing:
        raise missing_error(
            chunks.headers, kind, prepared.missing, name, prepared.mapping,
            frame=prepared.table.frame,
        )  # fmt: skip
    existing_types = ws.columns(kind)
    with _rows_as_converted(ws, options, prepared.name) as direct:
        try:
            run = _run_chunks(chunks, kind, prepared, existing_types, tmp, clock, direct)
        except RangesMismatch:  # quotes that byte ranges cannot follow: one stream instead
            shutil.rmtree(tmp / "stage", ignore_errors=True)
            if direct is not None:
                direct.discard()
            chunks = chunks.by_batches()
            try:
                run = _run_chunks(chunks, kind, prepared, existing_types, tmp, clock, direct)
            except RangesMismatch:  # nor polars' stream: the whole-file reader (loose quotes)
                if direct is not None:
                    direct.discard()
                return None
        converted = Converted(
            pl.DataFrame(), run.rejects, run.notes, run.custom_types, run.custom_headers
        )
        counts = _Counts(run.rows_read, run.staged.height, run.rejected)
        notes = [*chunks.notes, *chunked.blank_note(run.blank)]
        return _complete(
            ws, replace(prepared, sha256=digest.result()), converted, counts, notes,
            existing_types, options, clock=clock, started=started, staged=run.staged,
            direct=direct,
        )  # fmt: skip


@contextmanager
def _rows_as_converted(
    ws: Workspace, options: _Options, name: str
) -> Iterator[RowsAsConverted | None]:
    """The import's transaction and :class:`RowsAsConverted` for a chunked first load of
    activities into a workspace opened read-write (else None: the rows are staged).

    Not for a workspace opened read-only (the dashboard's): its writes hold off the
    pages' reads (:meth:`Workspace.transaction`), which a transaction as long as the
    conversion would do for the whole import.
    """
    if (
        options.dry_run
        or options.kind != "activities"
        or ws.read_only
        or ws.scalar("SELECT EXISTS (SELECT 1 FROM activities)")
    ):
        yield None
        return
    try:
        with _failed_write(ws, name), ws.transaction() as cur:
            direct = RowsAsConverted(ws, cur, options.kind)
            try:
                yield direct
            finally:
                direct.close()  # no insert runs while the transaction ends
    finally:
        reset_memory_limit(ws)


def _run_chunks(
    chunks: TextChunks,
    kind: str,
    prepared: _Prepared,
    existing_types: dict[str, str],
    tmp: Path,
    clock: ProgressClock,
    direct: RowsAsConverted | None = None,
) -> chunked.ChunkRun:
    """Type the custom columns over the whole file, then convert and stage (or, with
    ``direct``, write) every chunk."""
    plan = chunked.ChunkPlan(
        kind, prepared.mapping, prepared.spec,
        existing_types, chunked.custom_header_types(chunks, prepared.mapping, prepared.spec),
        ROW_ID if ROW_ID in prepared.mapping else None, prepared.name,
    )  # fmt: skip
    total = max(chunks.rows, 1)
    return chunked.run_chunks(
        chunks,
        plan,
        tmp / "stage",
        lambda n: clock.report("convert", 0.75 * n / total),
        write=None if direct is None else direct.write,
    )


def _first_chunk(chunks: TextChunks, name: str) -> RawTable:
    """The first chunk with a value, for the mapping (none: the file has no data rows)."""
    for offset in range(0, chunks.rows, max(chunks.chunk_rows, 1)):
        frame, _ = chunked.drop_blank(chunks.head(offset), chunks.headers)
        if frame.height:
            return RawTable(frame, chunks.headers, chunks.encoding, chunks.delimiter, [])
    raise InputError.make("ingest.no_data_rows", file=name)


def _complete(
    ws: Workspace,
    prepared: _Prepared,
    converted: Converted,
    counts: _Counts,
    table_notes: list[str],
    existing_types: dict[str, str],
    options: _Options,
    *,
    clock: ProgressClock,
    started: datetime,
    staged: StagedRows | None = None,
    direct: RowsAsConverted | None = None,
) -> ImportResult:
    """Check, write (unless a dry run; with ``direct``, the rows are written: record the
    import) and report a converted import."""
    kind, dry_run = options.kind, options.dry_run
    canonical = {c.name for c in SCHEMA[kind].columns}
    limits.check_custom_attributes(
        len(set(existing_types) - canonical),
        len(set(converted.custom_types) - set(existing_types)),
        prepared.name,
    )
    notes = [*table_notes, *prepared.notes, *converted.notes]
    notes += _custom_note(kind, converted, existing_types, dry_run=dry_run)
    rejects = _listed_rejects(converted.rejects, counts.rejected, notes)
    if counts.rejected and counts.valid == 0:
        first = rejects[0]
        raise InputError.make(
            "ingest.all_rejected", file=prepared.name, n=f"{counts.rejected:,}",
            row=first.row, reason=Text(first.key, first.values) if first.key else first.reason,
        )  # fmt: skip
    clock.stage("write")
    if direct is not None:
        record = _record(prepared, kind, counts, started)
        import_id, inserted, updated, unchanged = direct.finish(converted, record, counts.valid)
    else:
        import_id, inserted, updated, unchanged = _write(
            ws, prepared, converted, counts, options, started=started, staged=staged
        )
    clock.stage("done")
    if unchanged:
        notes.append(Note("ingest.note.unchanged", {"n": f"{unchanged:,}"}))
    if counts.rejected:
        key = "ingest.note.rejected_dry" if dry_run else "ingest.note.rejected"
        notes.append(Note(key, {"n": f"{counts.rejected:,}", "ok": f"{counts.valid:,}"}))
    return ImportResult(
        import_id=import_id,
        kind=kind,
        file_name=prepared.name,
        encoding=prepared.table.encoding,
        delimiter=prepared.table.delimiter,
        preset=prepared.preset,
        rows_read=counts.rows_read,
        inserted=inserted,
        updated=updated,
        rejected=counts.rejected,
        rejects=rejects,
        notes=notes,
        dry_run=dry_run,
    )


def _write(
    ws: Workspace,
    prepared: _Prepared,
    converted: Converted,
    counts: _Counts,
    options: _Options,
    *,
    started: datetime,
    staged: StagedRows | None,
) -> tuple[int | None, int, int, int]:
    """(import id, inserted, updated, unchanged): the rows written, or counted in a dry run."""
    kind = options.kind
    if options.dry_run:
        cur = ws.cursor()
        if staged is not None:
            return None, *write_staged(
                ws, kind, staged, converted.custom_types, import_id=None, cur=cur
            )
        return None, *write_rows(
            ws, kind, converted.frame, converted.custom_types, import_id=None, cur=cur
        )
    record = _record(prepared, kind, counts, started)
    with _failed_write(ws, prepared.name):
        return write_import(ws, converted, record, staged=staged)


@contextmanager
def _failed_write(ws: Workspace, name: str) -> Iterator[None]:
    """Around an import's write: on failure, hand the rolled-back blocks back, and name a
    full disk as the cause (not the "transaction is aborted" it surfaces as)."""
    try:
        yield
    except Exception as exc:
        _reclaim(ws)
        full = no_space_left(exc)
        if full is not None:
            raise InputError.make("ingest.disk_full", file=name, detail=full) from exc
        raise


def _reclaim(ws: Workspace) -> None:
    """After a failed write: a checkpoint hands the rolled-back blocks back (best effort)."""
    with contextlib.suppress(Exception):
        ws.cursor().execute("CHECKPOINT")


def _source_bytes(source: str | Path | bytes) -> int:
    if isinstance(source, bytes):
        return len(source)
    try:
        return Path(source).stat().st_size
    except OSError:
        return 0


def _custom_note(
    kind: str, converted: Converted, existing_types: dict[str, str], *, dry_run: bool
) -> list[str]:
    """The note naming the custom attributes the import adds (none: no note).

    An attribute stored under a safe name (``total_attr`` for a header "Total") names its
    header, the label it keeps.
    """
    new_custom = {c: t for c, t in converted.custom_types.items() if c not in existing_types}
    if not new_custom:
        return []
    key = "ingest.note.custom_to_add" if dry_run else "ingest.note.custom_added"
    headers = converted.custom_headers
    columns = ", ".join(
        f"{c} ({t}, {headers[c]!r})" if c in headers and c.endswith("_attr") else f"{c} ({t})"
        for c, t in new_custom.items()
    )
    return [Note(key, {"kind": Text(f"code.kind.{kind}"), "columns": columns})]


def _listed_rejects(rejects: pl.DataFrame, n_rejected: int, notes: list[str]) -> list[Reject]:
    """The first :data:`MAX_REJECTS_SHOWN` rejects (a note says when there are more)."""
    listed = [
        Reject(int(r), c, reason, key, json.loads(values) if values else {})
        for r, c, reason, key, values in rejects.head(MAX_REJECTS_SHOWN)
        .select("row_number", "column", "reason", "reason_key", "reason_values")
        .iter_rows()
    ]
    if n_rejected > limits.MAX_REJECTS_KEPT:
        kept = {"kept": f"{limits.MAX_REJECTS_KEPT:,}", "n": f"{n_rejected:,}"}
        notes.append(Note("ingest.note.rejects_kept", kept))
    elif n_rejected > MAX_REJECTS_SHOWN:
        shown = {"shown": f"{MAX_REJECTS_SHOWN:,}", "n": f"{n_rejected:,}"}
        notes.append(Note("ingest.note.rejects_listed", shown))
    return listed


def _record(prepared: _Prepared, kind: str, counts: _Counts, started: datetime) -> ImportRecord:
    """The ``imports`` row of an import: status ok, partial (some rows kept) or rejected."""
    n_rejected = counts.rejected
    status = "ok" if n_rejected == 0 else ("partial" if counts.valid else "rejected")
    return ImportRecord(
        kind=kind,
        file_name=prepared.name,
        sha256=prepared.sha256,
        encoding=prepared.table.encoding,
        delimiter=prepared.table.delimiter,
        preset=prepared.preset,
        rows_read=counts.rows_read,
        rejected=n_rejected,
        started=started,
        status=status,
    )
