"""Converting mapped text columns to typed values, and rejecting the rows that cannot be used.

Step 5 of :mod:`analytics.store.ingest`, as named steps over whole columns (no
Python loop over rows):

1. plan: which header fills which column (canonical, or a custom attribute with
   its inferred type);
2. parse every column in parallel threads (:mod:`analytics.store.ingest.parsing`),
   with a reject reason per unreadable value;
3. constants from the mapping file;
4. derived columns (``email_domain``, ``title_rank``, ``is_won``) the file lacks;
5. empty required values, then the first reason per row, then duplicate keys;
6. split into the valid rows and the rejects.

A reason is a struct of ``reason`` (English), ``key`` (a ``reject.*`` message of
:data:`analytics.text.catalog.CATALOG`) and ``values`` (its values as JSON).
"""

from __future__ import annotations

import json
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from typing import Any

import polars as pl

from analytics.errors import InputError
from analytics.store.db import strptime_iso
from analytics.store.ingest import parsing
from analytics.store.ingest.limits import DateWindow
from analytics.store.ingest.mapping import KEYS, MappingSpec
from analytics.store.ingest.read import RawTable
from analytics.store.presets import (
    COLUMNS,
    CONVERTED_STATUSES,
    LIFECYCLE_STAGES,
    NAMED_ATTRIBUTES,
    TITLE_RANKS,
    Column,
    custom_column_name,
    normalize_header,
)
from analytics.store.schema import IMPORT_ID, POLARS_TYPES, safe_custom_name
from analytics.text.catalog import Note, Text


@dataclass(frozen=True)
class Converted:
    """The typed valid rows, the rejects and what the conversion noted."""

    frame: pl.DataFrame  # "__row" + table columns (typed), valid rows only
    rejects: pl.DataFrame  # row_number, column, reason, reason_key, reason_values, raw
    notes: list[str]
    custom_types: dict[str, str]
    # custom attribute -> the file header it comes from (its label; the name may be safe_*)
    custom_headers: dict[str, str] = field(default_factory=dict)


# the value parser of a custom attribute, by the DuckDB type inferred or stored for it
_SQL_TO_VALUE = {"BOOLEAN": "bool", "BIGINT": "int_any", "DOUBLE": "float_any", "TIMESTAMP": "timestamp",
                 "DATE": "date", "VARCHAR": "text", "SMALLINT": "int_any", "INTEGER": "int_any"}  # fmt: skip
_NUMBERS = ("int", "amount", "float", "int_any", "float_any")
_NON_NEGATIVE = ("int", "amount", "float")
_WHOLE = ("int", "int_any")
# the largest whole number an import stores (every integer up to it is exact in a float)
MAX_WHOLE = 2**53 - 1
_DATES = ("timestamp", "date", "month")


def _comparison_key(text: pl.Series | pl.Expr) -> pl.Series | pl.Expr:
    """NFKC-cleaned text as :func:`normalize_header` compares it (lower case, no punctuation)."""
    return text.str.to_lowercase().str.replace_all(r"[\s_\-./()\[\]:#'\"]+", "")


def parse_lifecycle(s: pl.Series) -> pl.Series:
    """Lifecycle stage words -> ``lead|mql|sql|opportunity|customer`` (null: empty or unknown).

    Example:
        >>> parse_lifecycle(pl.Series(["Customer", "marketingqualifiedlead", "商談化", "?"])).to_list()
        ['customer', 'mql', 'opportunity', None]
    """
    table = {normalize_header(w): stage for stage, words in LIFECYCLE_STAGES.items() for w in words}
    return _comparison_key(s).replace_strict(table, default=None, return_dtype=pl.String)


_LOOKUPS = {
    "lifecycle": parse_lifecycle,
    "bool": parsing.parse_booleans,
    "level": parsing.parse_levels,
    "verdict": parsing.parse_verdicts,
    "month": parsing.parse_months,
}
_NUMBER_REJECT = (
    "not a number",
    "a number such as 1,234, ¥1,200 or 5,000万円",
    "reject.not_number",
)
_DATE_REJECT = (
    "bad date",
    "a date such as 2025-08-05, 2025/8/5 or 2025年8月5日",
    "reject.bad_date",
)
# value parser -> (what is wrong, what was expected, reject.* key) for an unreadable value
_UNREADABLE: dict[str, tuple[str, str, str]] = {
    "timestamp": _DATE_REJECT,
    "date": _DATE_REJECT,
    **dict.fromkeys(_NUMBERS, _NUMBER_REJECT),
    "bool": (
        "not a yes/no value",
        "TRUE/FALSE, 1/0, yes/no, はい/いいえ or won/lost",
        "reject.not_bool",
    ),
    "level": (
        "bad BANT level",
        "0-3, none/low/medium/high, 不明/低/中/高, no/yes or なし/あり",
        "reject.bad_level",
    ),
    "verdict": (
        "bad verdict",
        "accepted, rejected or recycled (受入/却下/差し戻し)",
        "reject.bad_verdict",
    ),
    "month": ("bad month", "a month such as 2025-04, 2025/4 or 2025年4月", "reject.bad_month"),
    "lifecycle": (
        "unknown lifecycle stage",
        "lead, MQL, SQL, opportunity or customer (subscriber, 商談, 顧客 …)",
        "reject.bad_lifecycle",
    ),
}

# (header, column, canonical value parser or None for a custom attribute)
_Task = tuple[str, str, str | None]


def convert(
    table: RawTable,
    kind: str,
    mapping: dict[str, tuple[str, ...]],
    spec: MappingSpec,
    existing_types: dict[str, str],
    *,
    header_types: dict[str, str] | None = None,
) -> Converted:
    """Typed valid rows and rejects of a read file, by its resolved mapping.

    Args:
        table: the file read as text.
        kind: the import kind (a data table).
        mapping: header -> targets (canonical columns, ``"custom"`` or ``"ignore"``).
        spec: the mapping file (constants, scale, date order, won/lost stages).
        existing_types: column -> DuckDB type of the kind's table in the workspace
            (a custom attribute that exists keeps its type).
        header_types: a chunk of a file: custom header -> the type judged from the
            whole file (an empty string: the header is empty in the whole file).

    Returns:
        A :class:`Converted`.

    Raises:
        InputError: a ``[constants]`` entry names no column or cannot be read.

    Example:
        >>> from analytics.store.ingest.mapping import MappingSpec
        >>> from analytics.store.ingest.read import RawTable
        >>> raw = pl.DataFrame({"ID": ["L1", "L2", "L1"], "Staff": ["12", "x", "3"], "__row": [2, 3, 4]})
        >>> done = convert(RawTable(raw, ["ID", "Staff"], "utf-8", ",", []), "leads",
        ...                {"ID": ("lead_id",), "Staff": ("employees",)}, MappingSpec(), {})
        >>> done.frame.rows(), done.rejects["reason"].to_list()
        ([(2, 'L1', 12)], ["not a number 'x' in column 'Staff': expected a number such as 1,234, ¥1,200 or 5,000万円", "duplicate lead_id 'L1' (first on row 2)"])
    """
    notes: list[str] = []
    specs = {c.name: c for c in COLUMNS[kind]}
    frame = table.frame
    fixed = header_types or {}
    tasks, sources = _plan_columns(frame, mapping, specs, existing_types, notes, fixed)
    columns, reasons, custom_types = _parse_columns(
        frame, tasks, spec, existing_types, notes, fixed
    )
    columns.update(_constant_columns(spec, specs, kind, frame.height, notes))
    typed = _derive_columns(
        pl.DataFrame({"__row": frame["__row"], **columns}), kind, set(columns), spec, notes
    )
    reasons += _empty_required(kind, columns, sources)
    typed = _mark_duplicates(_with_first_reason(typed, reasons), kind, sources)
    valid, rejects = _split_rejects(typed, frame, table.headers)
    headers = {name: sources[name] for name in custom_types if name in sources}
    return Converted(valid, rejects, notes, custom_types, headers)


# --------------------------------------------------------------------------- 1. plan
def _custom_name(header: str, reserved: set[str]) -> str:
    key = normalize_header(header)
    for name, names in NAMED_ATTRIBUTES.items():
        if key in {normalize_header(n) for n in names}:
            base = name
            break
    else:
        base = custom_column_name(header)
    return safe_custom_name(base, reserved)


def _plan_columns(
    frame: pl.DataFrame,
    mapping: dict[str, tuple[str, ...]],
    specs: dict[str, Column],
    existing_types: dict[str, str],
    notes: list[str],
    fixed: dict[str, str],
) -> tuple[list[_Task], dict[str, str]]:
    """(the columns to parse, column -> the header it comes from)."""
    reserved = set(specs) | {IMPORT_ID}
    sources: dict[str, str] = {}
    tasks: list[_Task] = []
    for header, targets in mapping.items():
        for target in targets:
            if target == "ignore":
                continue
            if target == "custom":
                name = _custom_name(header, reserved)
                if name in sources:
                    name = f"{name}_{len(sources)}"
                raw = frame[header]
                empty = fixed[header] == "" if header in fixed else raw.null_count() == raw.len()
                if name not in existing_types and empty:
                    notes.append(Note("ingest.note.empty_custom", {"header": header}))
                    continue
                tasks.append((header, name, None))
            else:
                name = target
                tasks.append((header, name, specs[target].value))
            sources[name] = header
    return tasks, sources


# --------------------------------------------------------------------------- 2. parse
def _parse_columns(
    frame: pl.DataFrame,
    tasks: list[_Task],
    spec: MappingSpec,
    existing_types: dict[str, str],
    notes: list[str],
    fixed: dict[str, str],
) -> tuple[dict[str, pl.Series], list[tuple[pl.Series, str]], dict[str, str]]:
    """(column -> typed values, [(reasons, header)], custom column -> DuckDB type)."""
    run = partial(_parse_task, frame, spec=spec, existing_types=existing_types, fixed=fixed)
    # columns in parallel threads: polars releases the GIL, most string kernels are single-threaded
    with ThreadPoolExecutor(max_workers=min(4, os.cpu_count() or 1)) as pool:
        results = list(pool.map(run, tasks))
    columns: dict[str, pl.Series] = {}
    reasons: list[tuple[pl.Series, str]] = []
    custom_types: dict[str, str] = {}
    for (header, name, _), (values, reason, task_notes, sql_type) in zip(
        tasks, results, strict=True
    ):
        columns[name] = values
        notes.extend(task_notes)
        if sql_type:
            custom_types[name] = sql_type
        if reason is not None:
            reasons.append((reason, header))
    return columns, reasons, custom_types


def _parse_task(
    frame: pl.DataFrame,
    task: _Task,
    *,
    spec: MappingSpec,
    existing_types: dict[str, str],
    fixed: dict[str, str],
) -> tuple[pl.Series, pl.Series | None, list[str], str]:
    """(values, reasons or None, notes, DuckDB type of a custom attribute or "") of one column."""
    header, name, value = task
    raw, task_notes = frame[header], []
    sql_type = ""
    if value is None:  # custom attribute: the stored type, else inferred from all values
        # placeholders (Select, --, N/A …) are missing values, not evidence of a text column
        stored = existing_types.get(name) or fixed.get(header)
        sql_type = stored or parsing.infer_sql_type(raw.filter(~placeholder_hits(raw, spec)))
        value = _SQL_TO_VALUE.get(sql_type, "text")
    values, reason = _parse_column(
        raw, value, header=header, target=name, spec=spec,
        scale=spec.scale.get(header), notes=task_notes,
    )  # fmt: skip
    if sql_type:
        values = values.cast(POLARS_TYPES.get(sql_type, pl.String))
    return values, reason, task_notes, sql_type


def _parse_column(
    raw: pl.Series,
    value: str,
    *,
    header: str,
    target: str,
    spec: MappingSpec,
    scale: float | None,
    notes: list[str],
) -> tuple[pl.Series, pl.Series | None]:
    """(typed values, reason-or-null per row) for one column; None when no value is bad."""
    if raw.len() and raw.null_count() == raw.len():  # an empty column: nothing to read
        empty, _ = _parse_column(
            raw.head(0), value, header=header, target=target, spec=spec, scale=scale, notes=[]
        )  # (the type of its values)
        return pl.repeat(None, raw.len(), dtype=empty.dtype, eager=True).alias(target), None
    as_is = _values_as_is(raw, value, spec, scale)
    if as_is is not None:
        values, reasons = _checked(raw, as_is, value, header, spec.window)
        if reasons is None:
            return values.alias(target), None
        # a value to reject: the whole way, whose reasons quote the cleaned text
    text, distinct = parsing.clean_values(raw, nfkc=value != "free")
    # few distinct values: a placeholder is looked for among them, not in every row
    if value != "id" and (distinct is None or _placeholder_hits(distinct, spec).any()):
        text = _without_placeholders(text, header=header, spec=spec, notes=notes)
    if value in ("id", "text", "free"):
        return text.alias(target), None
    values = _parse_values(text, value, header=header, spec=spec, scale=scale, notes=notes)
    values, reasons = _checked(text, values, value, header, spec.window)
    return values.alias(target), None if reasons is None else reasons.alias(target)


def _checked(
    text: pl.Series, values: pl.Series, value: str, header: str, window: DateWindow
) -> tuple[pl.Series, pl.Series | None]:
    """(values, reasons or None): a value rejected where ``text`` is unreadable, negative,
    too large, not whole or outside the date window (whole numbers as Int64)."""
    frame = pl.DataFrame({"t": text, "v": values})
    t, v = pl.col("t"), pl.col("v")
    problem = t.is_not_null() & v.is_null()
    if value in _NON_NEGATIVE:
        problem = problem | (v < 0)
    if value in _NUMBERS:
        problem = problem | ~v.is_finite() | (v.abs() > MAX_WHOLE)
    if value in _WHOLE:
        problem = problem | (v != v.round(0))
        whole = (v == v.round(0)) & (v.abs() <= MAX_WHOLE)
        values = frame.select(pl.when(whole).then(v).cast(pl.Int64)).to_series()
    if value in _DATES:
        low, high = (
            (window.low_at, window.high_at) if value == "timestamp" else (window.low, window.high)
        )
        problem = problem | (v < low) | (v > high)
    if not frame.select(problem.any()).item():
        return values, None
    return values, frame.select(_reason(value, header, window)).to_series()


def _values_as_is(
    raw: pl.Series, value: str, spec: MappingSpec, scale: float | None
) -> pl.Series | None:
    """The values of a column read from its text as it is, when cleaning would change none
    of it: every value a plain number (a number column) or an ISO date or time (a date
    column), and no placeholder that is one (None: read the whole way).

    Such values are ASCII without spaces (what cleaning leaves as it is) and no placeholder:
    reading them as they are skips cleaning every row (20M activities: ~0.6 s of CPU less).

    Example:
        >>> from analytics.store.ingest.mapping import MappingSpec
        >>> _values_as_is(pl.Series(["2025-08-05", None]), "date", MappingSpec(), None).to_list()
        [datetime.date(2025, 8, 5), None]
        >>> _values_as_is(pl.Series(["12", "3.5"]), "amount", MappingSpec(), 1000).to_list()
        [12000.0, 3500.0]
        >>> _values_as_is(pl.Series(["2025-08-05", " 2025-08-06"]), "date", MappingSpec(), None)
        >>> _values_as_is(pl.Series(["1,200"]), "int", MappingSpec(), None)
    """
    words = pl.Series(sorted(_placeholder_words(spec)), dtype=pl.String)
    if value in ("timestamp", "date"):
        sample = raw.drop_nulls().head(1000)
        if sample.is_empty() or not bool(sample.str.contains(parsing.ISO_RE).all()):
            return None
        if strptime_iso(words).null_count() < words.len():
            return None  # a placeholder that is a date: the whole way, which drops it
        values = strptime_iso(raw)
        if values.null_count() != raw.null_count():
            return None
        return values if value == "timestamp" else values.dt.date()
    if value in _NUMBERS:
        if words.cast(pl.Float64, strict=False).null_count() < words.len():
            return None  # a placeholder that is a number
        values = raw.cast(pl.Float64, strict=False)
        if values.null_count() != raw.null_count() or not bool(values.is_finite().all()):
            return None
        return values * scale if scale else values
    return None


def placeholder_hits(raw: pl.Series, spec: MappingSpec) -> pl.Series:
    """Where a custom attribute's raw value is a placeholder (no evidence of its type).

    Example:
        >>> placeholder_hits(pl.Series(["N/A", "3"]), MappingSpec()).to_list()
        [True, False]
    """
    return _placeholder_hits(raw, spec)


def _placeholder_hits(text: pl.Series, spec: MappingSpec) -> pl.Series:
    """Where ``text`` (cleaned: trimmed, NFKC) is a placeholder, in any of its usual casings.

    One hash lookup per value (no regex, no lower-casing of the column), so it costs
    little on a million-row import.

    Example:
        >>> _placeholder_hits(pl.Series(["SELECT", "Select", "N/A", "x", None]), MappingSpec()).to_list()
        [True, True, True, False, False]
    """
    return text.is_in(sorted(_placeholder_words(spec))).fill_null(False)


def _placeholder_words(spec: MappingSpec) -> set[str]:
    """The placeholders in their usual casings."""
    return {
        v
        for w in spec.placeholders
        for v in (w, w.strip(), w.lower(), w.upper(), w.title(), w.capitalize())
    }


def _without_placeholders(
    text: pl.Series, *, header: str, spec: MappingSpec, notes: list[str]
) -> pl.Series:
    """``text`` with placeholder values (``Select``, ``--``, ``N/A``, ``未選択`` …) as null.

    The placeholders are the mapping's ``[options] placeholders`` (default
    :data:`analytics.store.presets.PLACEHOLDERS`); a note names those found.

    Example:
        >>> notes = []
        >>> _without_placeholders(pl.Series(["Select", "IT", "--"]), header="Spec",
        ...     spec=MappingSpec(), notes=notes).to_list(), str(notes[0])
        ([None, 'IT', None], "placeholder values treated as missing in column 'Spec': '--' (1), 'Select' (1)")
    """
    hit = _placeholder_hits(text, spec)
    if not hit.any():
        return text
    found = text.filter(hit).value_counts(name="n")
    notes.append(placeholder_note(header, dict(found.iter_rows())))
    return pl.select(pl.when(hit).then(None).otherwise(text).alias(text.name)).to_series()


def placeholder_note(header: str, counts: dict[str, int]) -> Note:
    """The note naming the placeholder values found in a column (the five most frequent).

    ``counts`` (value -> rows) is kept on the note, so that the notes of the chunks of
    one file add up to the whole file's.

    Example:
        >>> str(placeholder_note("Spec", {"Select": 1, "--": 1, "N/A": 3}))
        "placeholder values treated as missing in column 'Spec': 'N/A' (3), '--' (1), 'Select' (1)"
    """
    ranked = sorted(counts.items(), key=lambda vn: (-vn[1], vn[0]))
    listed = ", ".join(f"{v!r} ({n:,})" for v, n in ranked[:5])
    return Note("ingest.note.placeholders", {"header": header, "values": listed, "counts": counts})


def _parse_values(
    text: pl.Series,
    value: str,
    *,
    header: str,
    spec: MappingSpec,
    scale: float | None,
    notes: list[str],
) -> pl.Series:
    """Cleaned text -> typed values by value parser (null where unreadable)."""
    if value in ("timestamp", "date"):
        order = spec.date_order if spec.date_order != "YMD" else None
        result = parsing.parse_datetimes(
            text, order=order, column=header, excel_serial=spec.excel_serial, clean=False
        )
        if result.note:
            notes.append(result.note)
        return result.values if value == "timestamp" else result.values.dt.date()
    if value in _NUMBERS:
        values = parsing.parse_numbers(text, clean=False)
        return values * scale if scale else values
    return _LOOKUPS[value](text)


def _reason(value: str, header: str, window: DateWindow) -> pl.Expr:
    """Each row's reject reason over columns ``t`` (text) and ``v`` (value); null if none."""
    t, v = pl.col("t"), pl.col("v")
    what, expected, key = _UNREADABLE[value]
    values_json = pl.struct(value=t, column=pl.lit(header)).struct.json_encode()

    def keyed(text: pl.Expr, message: str) -> pl.Expr:
        return pl.struct(reason=text, key=pl.lit(message), values=values_json)

    reason = pl.when(t.is_not_null() & v.is_null()).then(
        keyed(
            pl.format(
                "{} '{}' in column '{}': expected {}",
                pl.lit(what),
                t,
                pl.lit(header),
                pl.lit(expected),
            ),
            key,
        )
    )
    if value in _NON_NEGATIVE:
        reason = reason.when(v < 0).then(
            keyed(
                pl.format("negative value '{}' in column '{}': must be >= 0", t, pl.lit(header)),
                "reject.negative",
            )
        )
    if value in _NUMBERS:
        most = f"{MAX_WHOLE:,}"
        reason = reason.when(~v.is_finite() | (v.abs() > MAX_WHOLE)).then(
            pl.struct(
                reason=pl.format("'{}' in column '{}' is too large (at most {})", t,
                                 pl.lit(header), pl.lit(most)),
                key=pl.lit("reject.out_of_range"),
                values=pl.struct(value=t, column=pl.lit(header), most=pl.lit(most)).struct.json_encode(),
            )
        )  # fmt: skip
    if value in _DATES:
        low, high = str(window.low), str(window.high)
        bounds = (
            (window.low_at, window.high_at) if value == "timestamp" else (window.low, window.high)
        )
        reason = reason.when((v < bounds[0]) | (v > bounds[1])).then(
            pl.struct(
                reason=pl.format(
                    "date '{}' in column '{}' is outside {} … {}; fix the date (or set "
                    "min_date/max_date in a mapping file's [options])",
                    t, pl.lit(header), pl.lit(low), pl.lit(high),
                ),
                key=pl.lit("reject.date_window"),
                values=pl.struct(
                    value=t, column=pl.lit(header), low=pl.lit(low), high=pl.lit(high)
                ).struct.json_encode(),
            )
        )  # fmt: skip
    if value in _WHOLE:
        reason = reason.when(v != v.round(0)).then(
            keyed(
                pl.format("'{}' in column '{}' is not a whole number", t, pl.lit(header)),
                "reject.not_whole",
            )
        )
    return reason.otherwise(None)


# --------------------------------------------------------------------------- 3. constants
def _constant_columns(
    spec: MappingSpec, specs: dict[str, Column], kind: str, height: int, notes: list[str]
) -> dict[str, pl.Series]:
    """The mapping file's ``[constants]``: one parsed value repeated on every row."""
    columns: dict[str, pl.Series] = {}
    for target, constant in spec.constants.items():
        if target not in specs:
            raise InputError.make(
                "ingest.constant_unknown", target=target, kind=kind, options=", ".join(specs)
            )
        one, reason = _parse_column(
            pl.Series(target, [constant], pl.String),
            specs[target].value,
            header=f"[constants] {target}",
            target=target,
            spec=spec,
            scale=None,
            notes=notes,
        )
        if reason is not None:
            first = reason.drop_nulls()[0]
            raise InputError.make(
                "ingest.constant_unreadable",
                target=target,
                value=constant,
                reason=Text(first["key"], json.loads(first["values"])),
            )
        columns[target] = pl.repeat(one[0], height, dtype=one.dtype, eager=True).alias(target)
    return columns


# --------------------------------------------------------------------------- 4. derived columns
def _derive_columns(
    typed: pl.DataFrame, kind: str, filled: set[str], spec: MappingSpec, notes: list[str]
) -> pl.DataFrame:
    """Add the derivable columns the file does not fill (``filled``: the columns it does)."""
    if kind == "leads" and "email" in filled and "email_domain" not in filled:
        typed = typed.with_columns(
            email_domain=pl.col("email")
            .str.split_exact("@", 1)
            .struct.field("field_1")
            .str.to_lowercase()
        )
        notes.append(Note("ingest.note.email_domain"))
    if kind == "leads" and "title" in filled and "title_rank" not in filled:
        typed = _with_title_rank(typed)
        notes.append(Note("ingest.note.title_rank"))
    if kind == "deals" and "stage" in filled and "is_won" not in filled:
        stage = pl.col("stage").str.to_lowercase()
        won = [w.casefold() for w in spec.won_stages]
        lost = [w.casefold() for w in spec.lost_stages]
        typed = typed.with_columns(
            is_won=pl.when(stage.is_in(won)).then(True).when(stage.is_in(lost)).then(False)
        )
        won, lost = ", ".join(spec.won_stages), ", ".join(spec.lost_stages)
        notes.append(Note("ingest.note.is_won", {"won": won, "lost": lost}))
    if kind == "leads" and "status" in filled and "converted" not in filled:
        typed = _with_converted_from_status(typed, notes)
    return typed


def _with_converted_from_status(typed: pl.DataFrame, notes: list[str]) -> pl.DataFrame:
    """``converted`` from a status meaning converted (``Closed - Converted``), when one does."""
    words = [normalize_header(w) for w in CONVERTED_STATUSES]
    converted = _comparison_key(pl.col("status")).is_in(words)
    if not typed.select(converted.any()).item():
        return typed
    notes.append(
        Note("ingest.note.converted_from_status", {"values": ", ".join(CONVERTED_STATUSES)})
    )
    return typed.with_columns(converted=pl.when(pl.col("status").is_not_null()).then(converted))


def _with_title_rank(typed: pl.DataFrame) -> pl.DataFrame:
    """``title_rank`` from the title's words (:data:`TITLE_RANKS`), once per distinct title."""
    titles = typed.select(pl.col("title").unique().drop_nulls())
    rank: Any = pl.when(False).then(None)
    for name, pattern in TITLE_RANKS:
        rank = rank.when(pl.col("title").str.contains(pattern)).then(pl.lit(name))
    ranks = titles.with_columns(title_rank=rank.otherwise(pl.lit("staff")))
    return typed.join(ranks, on="title", how="left", maintain_order="left")


# --------------------------------------------------------------------------- 5. rejects
def _empty_required(
    kind: str, columns: dict[str, pl.Series], sources: dict[str, str]
) -> list[tuple[pl.Series, str]]:
    """[(reasons, header)] for the empty values of required columns."""
    reasons: list[tuple[pl.Series, str]] = []
    for c in COLUMNS[kind]:
        if c.required and c.name in columns:
            empty = columns[c.name].is_null()
            if empty.any():
                header = sources.get(c.name, c.name)
                message = pl.struct(
                    reason=pl.lit(f"empty {c.name} in column '{header}'"),
                    key=pl.lit("reject.empty"),
                    values=pl.lit(json.dumps({"name": c.name, "column": header})),
                )
                reason = pl.select(pl.when(pl.lit(empty)).then(message).alias("r")).to_series()
                reasons.append((reason, header))
    return reasons


def _with_first_reason(typed: pl.DataFrame, reasons: list[tuple[pl.Series, str]]) -> pl.DataFrame:
    """Each row's first reason (in column order) as ``__reason``/``__key``/``__values``/``__column``."""
    if not reasons:
        return typed.with_columns(
            __reason=pl.lit(None, pl.String),
            __key=pl.lit(None, pl.String),
            __values=pl.lit(None, pl.String),
            __column=pl.lit(None, pl.String),
        )
    reason_frame = pl.DataFrame({f"r{i}": r for i, (r, _) in enumerate(reasons)})
    first = reason_frame.select(pl.coalesce(pl.all()).alias("reason")).unnest("reason")
    column = reason_frame.select(
        pl.coalesce(
            [
                pl.when(pl.col(f"r{i}").is_not_null()).then(pl.lit(h))
                for i, (_, h) in enumerate(reasons)
            ]
        ).alias("c")
    )["c"]
    return typed.with_columns(
        __reason=first["reason"],
        __key=first["key"],
        __values=first["values"],
        __column=column,
    )


def _mark_duplicates(typed: pl.DataFrame, kind: str, sources: dict[str, str]) -> pl.DataFrame:
    """Reject a valid row whose key repeats an earlier valid row of the file (the first stays)."""
    keys = [k for k in KEYS[kind] if k in typed.columns]
    if not keys or not _has_repeated_keys(typed, keys):
        return typed
    key_header = sources.get(keys[0], keys[0])
    ok = pl.col("__reason").is_null()
    typed = typed.with_columns(
        __first=pl.when(ok).then(pl.col("__row")).min().over(keys),
    ).with_columns(
        __dup=ok & (pl.col("__row") != pl.col("__first")),
    )
    key_text = pl.concat_str([pl.col(k).cast(pl.String) for k in keys], separator=", ")
    dup = pl.col("__dup")
    return typed.with_columns(
        __reason=pl.when(dup)
        .then(
            pl.format(
                "duplicate {} '{}' (first on row {})",
                pl.lit(", ".join(keys)),
                key_text,
                pl.col("__first"),
            )
        )
        .otherwise(pl.col("__reason")),
        __key=pl.when(dup).then(pl.lit("reject.duplicate")).otherwise(pl.col("__key")),
        __values=pl.when(dup)
        .then(
            pl.struct(
                keys=pl.lit(", ".join(keys)),
                value=key_text,
                first=pl.col("__first").cast(pl.String),
            ).struct.json_encode()
        )
        .otherwise(pl.col("__values")),
        __column=pl.when(dup).then(pl.lit(key_header)).otherwise(pl.col("__column")),
    ).drop("__first", "__dup")


def _has_repeated_keys(typed: pl.DataFrame, keys: list[str]) -> bool:
    """Whether a key repeats in ``typed`` (a null key counts as a value).

    One key column in order (most exports list ids in order): a repeat is next to its
    first, one comparison of neighbours (~3 ms at 1M rows, against ~60 ms to count the
    distinct keys).

    Example:
        >>> _has_repeated_keys(pl.DataFrame({"k": ["a", "b", "b"]}), ["k"])
        True
        >>> _has_repeated_keys(pl.DataFrame({"k": ["b", "a", "c"]}), ["k"])
        False
    """
    if len(keys) == 1:
        key = typed.get_column(keys[0])
        if key.null_count() == 0 and key.is_sorted():
            return bool((key == key.shift(1)).any())
    return typed.select(pl.struct(keys).n_unique()).item() < typed.height


# --------------------------------------------------------------------------- 6. split
def _split_rejects(
    typed: pl.DataFrame, frame: pl.DataFrame, headers: list[str]
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(valid typed rows, rejects with the raw row as JSON)."""
    bad = typed["__reason"].is_not_null()
    rejected = frame.filter(bad)
    rejects = pl.DataFrame(
        {
            "row_number": typed["__row"].filter(bad),
            "column": typed["__column"].filter(bad),
            "reason": typed["__reason"].filter(bad),
            "reason_key": typed["__key"].filter(bad),
            "reason_values": typed["__values"].filter(bad),
            "raw": rejected.select(pl.struct(headers).struct.json_encode()).to_series()
            if rejected.height
            else pl.Series([], dtype=pl.String),
        }
    )
    valid = typed.filter(~bad).drop("__reason", "__key", "__values", "__column")
    return valid, rejects
