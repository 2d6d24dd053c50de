"""A large text file imported in chunks of rows, with the same result as in one piece.

:func:`~analytics.store.ingest.import_file` reads a text file (CSV/TSV) of at least
:data:`CHUNK_MIN_BYTES` :data:`CHUNK_ROWS` rows at a time, so that its peak memory is
bounded whatever the file's size (``KAKEHASHI_IMPORT_CHUNK_ROWS`` forces a chunk size
for every text file: the tests run the import suites with 7). Each chunk is mapped and
converted exactly as a whole file is; what depends on the whole file is settled here:

- a custom attribute's type, judged from all its values (a first pass over those columns);
- a duplicate key whose first row is in an earlier chunk (same reason, same row number);
- the id derived from a row (``--id-from-row``): its place among equal rows of the file;
- ``converted`` derived from a status: when any chunk derives it, every chunk has it;
- the notes: the same sentence once, placeholder counts added up, one date order per column
  (parts of a file reading dates in two orders are refused: set ``date_order``).

The valid rows go to Parquet files in the import's scratch folder and reach the workspace
in the import's one transaction (:func:`~analytics.store.ingest.write.write_staged`).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from analytics.errors import InputError
from analytics.store.db import row_digests
from analytics.store.ingest import limits, parsing
from analytics.store.ingest.convert import convert, placeholder_hits, placeholder_note
from analytics.store.ingest.mapping import KEYS, MappingSpec
from analytics.store.ingest.read import RawTable, TextChunks
from analytics.store.ingest.write import StagedRows
from analytics.text.catalog import Note

CHUNK_ROWS = 500_000
# Below this a file is imported in one piece: faster (1M leads, 271 MiB: 10.8 CPU-s whole
# against 18.1 in chunks) and its peak (4.7-5.6x the file's bytes, measured) stays under 2 GB.
CHUNK_MIN_BYTES = 320 << 20
CHUNK_ENV = "KAKEHASHI_IMPORT_CHUNK_ROWS"
# Staged chunks are read once, right away: fast compression, no statistics.
STAGE_PARQUET: dict[str, object] = {"compression": "lz4", "statistics": False}


def chunk_rows(file_bytes: int) -> int | None:
    """Rows per chunk for a file of ``file_bytes`` (None: import it in one piece).

    Example:
        >>> chunk_rows(1_000), chunk_rows(1 << 30)
        (None, 500000)
    """
    forced = os.environ.get(CHUNK_ENV, "").strip()
    if forced.isdigit() and int(forced) > 0:
        return int(forced)
    return CHUNK_ROWS if file_bytes >= CHUNK_MIN_BYTES else None


def drop_blank(frame: pl.DataFrame, headers: list[str]) -> tuple[pl.DataFrame, int]:
    """(the rows with a value, the number of blank rows dropped).

    Example:
        >>> drop_blank(pl.DataFrame({"a": ["x", None], "__row": [2, 3]}), ["a"])[1]
        1
    """
    blank = pl.all_horizontal(pl.col(headers).is_null())
    n = int(frame.select(blank.sum()).item())
    return (frame.filter(~blank) if n else frame), n


def custom_header_types(
    chunks: TextChunks, mapping: dict[str, tuple[str, ...]], spec: MappingSpec
) -> dict[str, str]:
    """Custom header -> the DuckDB type its values in the whole file give ("" if all empty).

    Example:
        >>> from analytics.store.ingest.read import TextChunks
        >>> frames = lambda columns=None: iter([pl.DataFrame({"n": ["1", "0"], "__row": [2, 3]}),
        ...                                     pl.DataFrame({"n": ["7"], "__row": [4]})])
        >>> custom_header_types(TextChunks(["n"], "utf-8", ",", [], frames), {"n": ("custom",)},
        ...                     MappingSpec())
        {'n': 'BIGINT'}
    """
    headers = [h for h, targets in mapping.items() if "custom" in targets and h in chunks.headers]
    if not headers:
        return {}
    evidence: dict[str, list[parsing.TypeEvidence]] = {h: [] for h in headers}
    present = dict.fromkeys(headers, 0)
    for frame in chunks.frames(columns=headers):
        for h in headers:
            raw = frame[h]
            present[h] += raw.len() - raw.null_count()
            evidence[h].append(parsing.type_evidence(raw.filter(~placeholder_hits(raw, spec))))
    return {h: parsing.sql_type_of(evidence[h]) if present[h] else "" for h in headers}


def with_row_ids(
    frame: pl.DataFrame, headers: list[str], seen: pl.DataFrame, column: str
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(the chunk with its row ids, the count of each row digest so far).

    The id is the row's md5 and its place among the equal rows of the whole file,
    as :func:`analytics.store.ingest.pipeline._with_row_ids` gives it.

    Example:
        >>> seen = pl.DataFrame(schema={"d": pl.String, "n": pl.Int64})
        >>> a, seen = with_row_ids(pl.DataFrame({"a": ["x"]}), ["a"], seen, "id")
        >>> b, seen = with_row_ids(pl.DataFrame({"a": ["x"]}), ["a"], seen, "id")
        >>> a["id"].to_list(), b["id"].to_list()
        (['r9dd4e461268c8034'], ['r9dd4e461268c8034-2'])
    """
    d = pl.DataFrame({"d": row_digests(frame.select(headers))})
    place = d.join(seen, on="d", how="left", maintain_order="left").select(
        pl.col("d"), (pl.col("n").fill_null(0) + pl.int_range(pl.len()).over("d")).alias("p")
    )
    ids = place.select(
        pl.format("r{}", pl.col("d").str.slice(0, 16))
        + pl.when(pl.col("p") > 0).then(pl.format("-{}", pl.col("p") + 1)).otherwise(pl.lit(""))
    ).to_series()
    counts = pl.concat([seen, d.group_by("d").agg(n=pl.len().cast(pl.Int64))])
    seen = counts.group_by("d").agg(pl.col("n").sum())
    return frame.with_columns(ids.alias(column)), seen


_DUP_TEXT = "duplicate {} '{}' (first on row {})"


def _dup_reason(keys: str, value: pl.Expr, first: pl.Expr) -> list[pl.Expr]:
    """reason, reason_key, reason_values of a duplicate key (as convert words them)."""
    return [
        pl.format(_DUP_TEXT, pl.lit(keys), value, first).alias("reason"),
        pl.lit("reject.duplicate").alias("reason_key"),
        pl.struct(keys=pl.lit(keys), value=value, first=first.cast(pl.String))
        .struct.json_encode()
        .alias("reason_values"),
    ]


def cross_duplicates(
    valid: pl.DataFrame,
    rejects: pl.DataFrame,
    raw: pl.DataFrame,
    *,
    kind: str,
    key_header: str,
    headers: list[str],
    seen: pl.DataFrame,
) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """(valid rows, rejects, keys seen so far) once the keys of earlier chunks are known.

    A valid row whose key an earlier chunk has is rejected; a duplicate within the chunk
    names the first row of the file. ``seen`` holds ``key`` (text) and ``first`` (row).
    """
    keys = [k for k in KEYS[kind] if k in valid.columns]
    if not keys:
        return valid, rejects, seen
    names = ", ".join(keys)
    key_text = pl.concat_str([pl.col(k).cast(pl.String) for k in keys], separator=", ")
    mine = valid.select("__row", key_text.alias("key"))
    # the earlier keys this chunk has: a scan of ``seen`` against the chunk's keys, never a
    # hash table of every key seen so far (8M keys: ~1 GB more per chunk)
    seen_here = _seen_of(seen, mine.get_column("key"))
    hits = mine.join(seen_here, on="key", how="left", maintain_order="left")
    is_dup = hits["first"].is_not_null()
    dups = hits.filter(is_dup)
    again = rejects.with_columns(
        key=pl.when(pl.col("reason_key") == "reject.duplicate").then(
            pl.col("reason_values").str.json_path_match("$.value")
        )
    )
    again = again.join(
        _seen_of(seen, again.get_column("key")), on="key", how="left", maintain_order="left"
    )
    moved = pl.col("first").is_not_null()
    fixed = again.with_columns(
        [pl.when(moved).then(e).otherwise(pl.col(e.meta.output_name())) for e in
         _dup_reason(names, pl.col("key"), pl.col("first"))]
    ).drop("key", "first")  # fmt: skip
    dup_raw = raw.filter(pl.col("__row").is_in(dups.get_column("__row").implode()))  # few
    new = dups.join(dup_raw.select("__row", pl.struct(headers).struct.json_encode().alias("raw")),
                    on="__row", how="left", maintain_order="left")  # fmt: skip
    new = new.select(
        pl.col("__row").alias("row_number"),
        pl.lit(key_header).alias("column"),
        *_dup_reason(names, pl.col("key"), pl.col("first")),
        "raw",
    ).select(rejects.columns)
    rejects = pl.concat([fixed, new.cast(fixed.schema)]).sort("row_number", maintain_order=True)
    kept = hits.filter(~is_dup).select("key", pl.col("__row").alias("first"))
    seen = pl.concat([seen, kept.cast(seen.schema)])
    return valid.filter(~is_dup), rejects, seen


def _seen_of(seen: pl.DataFrame, keys: pl.Series) -> pl.DataFrame:
    """The rows of ``seen`` whose key is among ``keys``."""
    return seen.filter(pl.col("key").is_in(keys.drop_nulls().unique().implode()))


@dataclass
class ChunkRun:
    """What the chunks of a file add up to."""

    staged: StagedRows
    rejects: pl.DataFrame  # the first limits.MAX_REJECTS_KEPT
    rejected: int = 0
    rows_read: int = 0
    blank: int = 0
    notes: list[str] = field(default_factory=list)
    custom_types: dict[str, str] = field(default_factory=dict)
    custom_headers: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class ChunkPlan:
    """How every chunk of one import is converted."""

    kind: str
    mapping: dict[str, tuple[str, ...]]
    spec: MappingSpec
    existing_types: dict[str, str]
    header_types: dict[str, str]
    row_id: str | None  # the header of the derived row id, if any
    name: str  # the file's display name


def run_chunks(
    chunks: TextChunks,
    plan: ChunkPlan,
    folder: Path,
    on_chunk: Callable[[int], None],
    write: Callable[[pl.DataFrame, dict[str, str]], None] | None = None,
) -> ChunkRun:
    """Convert every chunk and stage its valid rows as Parquet in ``folder``.

    ``on_chunk`` is called with the rows done after each chunk. With ``write``, each
    chunk's valid rows (and the custom attributes' types) are handed to it instead of
    staged (:class:`~analytics.store.ingest.write.RowsAsConverted`: written in the
    import's open transaction as they are converted).
    """
    folder.mkdir(parents=True, exist_ok=True)
    key = KEYS[plan.kind][0] if KEYS[plan.kind] else ""
    key_header = next((h for h, t in reversed(plan.mapping.items()) if key in t), key)
    seen = pl.DataFrame(schema={"key": pl.String, "first": pl.Int64})
    digests = pl.DataFrame(schema={"d": pl.String, "n": pl.Int64})
    run = ChunkRun(StagedRows(str(folder / "*.parquet"), [], 0), pl.DataFrame())
    per_chunk: list[list[str]] = []
    files: list[tuple[Path, bool]] = []
    for i, frame in enumerate(chunks.frames()):
        frame, blank = drop_blank(frame, chunks.headers)
        run.blank += blank
        if frame.height == 0:
            continue
        if plan.row_id is not None:
            frame, digests = with_row_ids(frame, chunks.headers, digests, plan.row_id)
        table = RawTable(frame, chunks.headers, chunks.encoding, chunks.delimiter, [])
        done = convert(table, plan.kind, plan.mapping, plan.spec, plan.existing_types,
                       header_types=plan.header_types)  # fmt: skip
        valid, rejects, seen = cross_duplicates(
            done.frame, done.rejects, frame, kind=plan.kind, key_header=key_header,
            headers=chunks.headers, seen=seen,
        )  # fmt: skip
        _add_rejects(run, rejects)
        run.rows_read += frame.height
        run.custom_types.update(done.custom_types)
        run.custom_headers.update(done.custom_headers)
        per_chunk.append(done.notes)
        if write is not None:
            write(valid, done.custom_types)
        else:
            path = folder / f"part-{i:06d}.parquet"
            valid.drop("__row").write_parquet(path, **STAGE_PARQUET)
            files.append((path, "converted" in valid.columns))
        run.staged = StagedRows(
            run.staged.files, _union(run.staged.columns, valid), run.staged.height + valid.height
        )
        on_chunk(run.rows_read + run.blank)
    run.notes = merge_notes(per_chunk, plan.name)
    _align(files, run.staged.columns)
    return run


def _union(columns: list[str], valid: pl.DataFrame) -> list[str]:
    return [*columns, *(c for c in valid.columns if c != "__row" and c not in columns)]


def _add_rejects(run: ChunkRun, rejects: pl.DataFrame) -> None:
    room = limits.MAX_REJECTS_KEPT - run.rejects.height
    if room > 0 and rejects.height:
        head = rejects.head(room)
        run.rejects = pl.concat([run.rejects, head]) if run.rejects.width else head
    elif not run.rejects.width:
        run.rejects = rejects.head(0)
    run.rejected += rejects.height


def _align(files: list[tuple[Path, bool]], columns: list[str]) -> None:
    """Give every staged chunk the same columns (``converted`` derived in some chunks only).

    A chunk that derived no ``converted`` from the status has none converted: False
    where it has a status, as the whole file gives it.
    """
    if "converted" not in columns or all(has for _, has in files):
        return
    for path, has in files:
        if not has:
            part = pl.read_parquet(path)
            status = pl.col("status").is_not_null() if "status" in part.columns else pl.lit(False)
            part = part.with_columns(converted=pl.when(status).then(False))
            part.write_parquet(path, **STAGE_PARQUET)
    for path, _ in files:  # one column order for every file
        part = pl.read_parquet(path)
        part.select([c for c in columns if c in part.columns]).write_parquet(path, **STAGE_PARQUET)


def merge_notes(per_chunk: list[list[str]], name: str) -> list[str]:
    """The notes of a file's chunks as the whole file's: once each, counts added up.

    Example:
        >>> a = [Note("ingest.note.email_domain"), placeholder_note("S", {"--": 1})]
        >>> b = [Note("ingest.note.email_domain"), placeholder_note("S", {"--": 2, "N/A": 1})]
        >>> [str(n) for n in merge_notes([a, b], "x.csv")][1]
        "placeholder values treated as missing in column 'S': '--' (3), 'N/A' (1)"
    """
    merged: dict[object, str] = {}
    order: list[object] = []
    for notes in per_chunk:
        keys = [_note_identity(n) for n in notes]
        for i, (key, note) in enumerate(zip(keys, notes, strict=True)):
            if key in merged:
                merged[key] = _combine(merged[key], note, name)
                continue
            merged[key] = note
            # in the place a whole file gives it: before the next note of this chunk known
            # already, else after the previous one
            after = next((k for k in keys[i + 1 :] if k in order), None)
            before = next((k for k in reversed(keys[:i]) if k in order), None)
            if after is not None:
                order.insert(order.index(after), key)
            elif before is not None:
                order.insert(order.index(before) + 1, key)
            else:
                order.append(key)
    return [merged[k] for k in order]


def _note_identity(note: str) -> object:
    k = getattr(note, "key", None)
    if k == "ingest.note.placeholders":
        return (k, note.values["header"])  # type: ignore[attr-defined]
    if k == "ingest.note.date_read_as":
        return (k, note.values["label"])  # type: ignore[attr-defined]
    return str(note)


_EVIDENCE = ("ingest.note.date_first_field", "ingest.note.date_second_field")


def _combine(old: str, new: str, name: str) -> str:
    k = getattr(old, "key", None)
    if k == "ingest.note.placeholders":
        counts = dict(old.values["counts"])  # type: ignore[attr-defined]
        for v, n in new.values["counts"].items():  # type: ignore[attr-defined]
            counts[v] = counts.get(v, 0) + n
        return placeholder_note(old.values["header"], counts)  # type: ignore[attr-defined]
    if k == "ingest.note.date_read_as":
        ov, nv = old.values, new.values  # type: ignore[attr-defined]
        if ov["shown"] != nv["shown"]:
            raise InputError.make(
                "ingest.date_order_chunks", column=ov["label"], file=name,
                first=ov["shown"], second=nv["shown"],
            )  # fmt: skip
        old_evidence = getattr(ov["how"], "key", None) in _EVIDENCE
        new_evidence = getattr(nv["how"], "key", None) in _EVIDENCE
        return new if new_evidence and not old_evidence else old
    return old


def blank_note(n: int) -> list[str]:
    """The note on the blank rows skipped (none: no note)."""
    return [Note("ingest.note.blank_rows", {"n": f"{n:,}"})] if n else []
