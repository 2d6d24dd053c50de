"""The import, start to end: read → map → convert → write (or only preview).

Example:
    >>> p = preview_file("lead_id,company\\nL1,Acme\\n".encode(), file_name="l.csv", kind="leads")
    >>> p.preset, p.mapping
    ('generic', {'lead_id': 'lead_id', 'company': 'company'})
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

import polars as pl

from analytics.errors import InputError
from analytics.store.db import Workspace
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
from analytics.store.ingest.progress import Progress, ProgressClock
from analytics.store.ingest.read import RawTable, display_name, opened_source, read_table
from analytics.store.ingest.results import FilePreview, ImportResult, Reject
from analytics.store.ingest.write import ImportRecord, write_import, write_rows
from analytics.text.catalog import Note, Text

MAX_REJECTS_SHOWN = 1000


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
) -> _Prepared:
    """Read the file and resolve its mapping (raises InputError for file-level problems)."""
    if kind not in KINDS:
        raise InputError.make("ingest.unknown_kind", kind=kind, options=", ".join(KINDS))
    if preset not in PRESETS:
        raise InputError.make("ingest.unknown_preset", preset=preset, options=", ".join(PRESETS))
    spec = load_mapping(mapping) if mapping is not None else MappingSpec()
    if spec.kind is not None and spec.kind != kind:
        raise InputError.make("ingest.mapping_kind_mismatch", mapping_kind=spec.kind, kind=kind)
    with opened_source(source, file_name) as (opener, size, name, digest, path):
        table = read_table(opener, size, name, path=path, sheet=spec.sheet, limit=limit, tmp=tmp)
        sha256 = digest.result()
    if table.delimiter == "xlsx":
        spec = replace(spec, excel_serial=True)
    used, resolved, notes = resolve_mapping(table.headers, kind, preset=preset, spec=spec)
    missing = check_required(table.headers, kind, resolved, name, spec)
    return _Prepared(table, used, resolved, notes, spec, name, sha256, missing)


@contextmanager
def _tmpdir() -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="kakehashi-import-") as tmp:
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
            kind, data, file_name=file_name, preset=preset, mapping=mapping, limit=20, tmp=tmp
        )
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
        progress: called at each stage with a :class:`~analytics.store.ingest.progress.Progress`.

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
    with _tmpdir() as tmp:
        prepared = _prepare(
            kind, source, file_name=file_name, preset=preset, mapping=mapping, limit=None, tmp=tmp
        )
    table = prepared.table
    if prepared.missing:
        raise missing_error(table.headers, kind, prepared.missing, prepared.name, prepared.mapping)
    existing_types = ws.columns(kind)
    clock.stage("convert")
    converted = convert(table, kind, prepared.mapping, prepared.spec, existing_types)
    notes = [*table.notes, *prepared.notes, *converted.notes]
    notes += _custom_note(kind, converted.custom_types, existing_types, dry_run=dry_run)
    rejects = _listed_rejects(converted.rejects, notes)
    n_rejected = converted.rejects.height
    clock.stage("write")
    if dry_run:
        import_id = None
        inserted, updated, unchanged = write_rows(
            ws, kind, converted.frame, converted.custom_types, import_id=None, cur=ws.cursor()
        )
    else:
        record = _record(prepared, kind, converted, started)
        import_id, inserted, updated, unchanged = write_import(ws, converted, record)
    clock.stage("done")
    if unchanged:
        notes.append(Note("ingest.note.unchanged", {"n": f"{unchanged:,}"}))
    if n_rejected:
        key = "ingest.note.rejected_dry" if dry_run else "ingest.note.rejected"
        notes.append(Note(key, {"n": f"{n_rejected:,}", "ok": f"{converted.frame.height:,}"}))
    return ImportResult(
        import_id=import_id,
        kind=kind,
        file_name=prepared.name,
        encoding=table.encoding,
        delimiter=table.delimiter,
        preset=prepared.preset,
        rows_read=table.frame.height,
        inserted=inserted,
        updated=updated,
        rejected=n_rejected,
        rejects=rejects,
        notes=notes,
        dry_run=dry_run,
    )


def _source_bytes(source: str | Path | bytes) -> int:
    if isinstance(source, bytes):
        return len(source)
    try:
        return Path(source).stat().st_size
    except OSError:
        return 0


def _custom_note(
    kind: str, custom_types: dict[str, str], existing_types: dict[str, str], *, dry_run: bool
) -> list[str]:
    """The note naming the custom attributes the import adds (none: no note)."""
    new_custom = {c: t for c, t in custom_types.items() if c not in existing_types}
    if not new_custom:
        return []
    key = "ingest.note.custom_to_add" if dry_run else "ingest.note.custom_added"
    columns = ", ".join(f"{c} ({t})" for c, t in new_custom.items())
    return [Note(key, {"kind": Text(f"code.kind.{kind}"), "columns": columns})]


def _listed_rejects(rejects: pl.DataFrame, notes: list[str]) -> list[Reject]:
    """The first :data:`MAX_REJECTS_SHOWN` rejects (a note says when there are more)."""
    listed = [
        Reject(int(r), c, reason, key, json.loads(values) if values else {})
        for r, c, reason, key, values in rejects.head(MAX_REJECTS_SHOWN)
        .select("row_number", "column", "reason", "reason_key", "reason_values")
        .iter_rows()
    ]
    if rejects.height > MAX_REJECTS_SHOWN:
        shown = {"shown": f"{MAX_REJECTS_SHOWN:,}", "n": f"{rejects.height:,}"}
        notes.append(Note("ingest.note.rejects_listed", shown))
    return listed


def _record(
    prepared: _Prepared, kind: str, converted: Converted, started: datetime
) -> ImportRecord:
    """The ``imports`` row of an import: status ok, partial (some rows kept) or rejected."""
    n_rejected = converted.rejects.height
    status = "ok" if n_rejected == 0 else ("partial" if converted.frame.height else "rejected")
    return ImportRecord(
        kind=kind,
        file_name=prepared.name,
        sha256=prepared.sha256,
        encoding=prepared.table.encoding,
        delimiter=prepared.table.delimiter,
        preset=prepared.preset,
        rows_read=prepared.table.frame.height,
        rejected=n_rejected,
        started=started,
        status=status,
    )
