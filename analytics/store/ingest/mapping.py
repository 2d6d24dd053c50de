"""Mapping a file's headers to canonical columns: the mapping file, presets and synonyms.

Step 4 of :mod:`analytics.store.ingest`. A mapping file's ``[columns]`` come first,
then the preset (``auto`` picks the vendor preset whose headers match best, else
``generic``), then header similarity to the English/Japanese synonyms of
:data:`analytics.store.presets.SYNONYMS`. Leads keep every other column as a
custom attribute; other kinds ignore them (listed in the notes).

Mapping file (TOML)
-------------------
::

    kind = "leads"              # optional: refuse the file for another KIND
    preset = "generic"          # optional: preset for headers not listed below
    [columns]                   # file header = canonical column, or a list of them,
    "mql_id" = "lead_id"        #   or "custom" (keep as typed attribute), or "ignore"
    "account" = ["lead_id", "company"]
    "landing_page_id" = "custom"
    [options]
    date_order = "DMY"          # DMY | MDY: for columns whose values do not decide it
    unmapped = "custom"         # custom | ignore: columns no rule maps (default: leads
                                #   custom, other kinds ignore)
    won_stages = ["Won"]        # deals: stages meaning won / lost when the file has no
    lost_stages = ["Lost"]      #   won flag (default: won/closed won/受注/成約/成立 and
                                #   lost/closed lost/失注/不成立)
    sheet = "Leads"             # XLSX: the sheet to read (default: the first)
    placeholders = ["Select"]   # values meaning "not filled in" -> missing (default:
                                #   Select, --, -, N/A, 未選択, 選択してください …)
    id = "row"                  # no id column: derive a stable id from each row
                                #   (content + position; a re-import is idempotent)
    [constants]                 # canonical column = value for every row (parsed normally)
    is_won = "true"
    [scale]                     # file header = factor applied to its numbers
    "revenue" = 1_000_000

Example:
    >>> spec = load_mapping('[columns]\\n"Lead Number" = "lead_id"\\n')
    >>> resolve_mapping(["Lead Number", "Company"], "leads", spec=spec)[1]
    {'Lead Number': ('lead_id',), 'Company': ('company',)}
"""

from __future__ import annotations

import difflib
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from analytics.errors import InputError
from analytics.store.ingest.limits import DateWindow, date_window
from analytics.store.presets import (
    COLUMNS,
    NAMED_ATTRIBUTES,
    PLACEHOLDERS,
    SYNONYMS,
    normalize_header,
)
from analytics.store.presets import (
    PRESETS as PRESET_TABLES,
)
from analytics.store.schema import DATA_TABLES, SCHEMA
from analytics.text.catalog import Note, Text

# Import kinds: one per data table.
KINDS: tuple[str, ...] = DATA_TABLES
PRESETS: tuple[str, ...] = ("auto", "hubspot", "salesforce", "marketo", "generic")
# Upsert keys per kind (activities: no key, dedupe on all of write.DEDUPE_ACTIVITIES).
KEYS: dict[str, tuple[str, ...]] = {kind: SCHEMA[kind].key for kind in KINDS}
# Kinds whose mapping may keep "custom" columns (on their own table).
CUSTOM_KINDS: tuple[str, ...] = ("leads", "deals")
_DEFAULT_WON = ("won", "closed won", "受注", "成約", "成立", "契約", "受注済")
_DEFAULT_LOST = ("lost", "closed lost", "失注", "不成立", "見送り")
_SECTIONS = frozenset({"kind", "preset", "columns", "options", "constants", "scale"})
_OPTIONS = frozenset(
    {
        "date_order",
        "unmapped",
        "won_stages",
        "lost_stages",
        "sheet",
        "placeholders",
        "id",
        "min_date",
        "max_date",
    }
)
# [scale] factors are positive and at most this (1e12: yen in 兆 is 1e12)
MAX_SCALE = 1e12


@dataclass(frozen=True)
class MappingSpec:
    """A parsed mapping file (see the module docstring for the TOML format)."""

    columns: dict[str, tuple[str, ...]] = field(default_factory=dict)
    kind: str | None = None
    preset: str | None = None
    date_order: str | None = None
    unmapped: str | None = None
    won_stages: tuple[str, ...] = _DEFAULT_WON
    lost_stages: tuple[str, ...] = _DEFAULT_LOST
    sheet: str | None = None
    excel_serial: bool = False  # set for XLSX input: bare numbers in date columns are serials
    constants: dict[str, str] = field(default_factory=dict)
    scale: dict[str, float] = field(default_factory=dict)
    placeholders: tuple[str, ...] = PLACEHOLDERS
    id_from_row: bool = False  # [options] id = "row": derive the id from each row's content
    window: DateWindow = field(default_factory=date_window)  # plausible dates (limits.py)


# --------------------------------------------------------------------------- the mapping file
def load_mapping(source: str | Path | dict[str, Any]) -> MappingSpec:
    """Read a mapping: a TOML file path, TOML text, or a dict {header: target}.

    Args:
        source: path to a ``.toml`` file, TOML text, or a plain dict such as the
            UI's edited mapping (values: canonical column(s) joined by ``+``,
            ``"custom"`` or ``"ignore"``).

    Returns:
        A :class:`MappingSpec`.

    Raises:
        InputError: the TOML is invalid or has unknown keys/values.

    Example:
        >>> spec = load_mapping('[columns]\\n"mql_id" = "lead_id"\\n[options]\\ndate_order = "DMY"\\n')
        >>> spec.columns, spec.date_order
        ({'mql_id': ('lead_id',)}, 'DMY')
    """
    if isinstance(source, dict):
        return MappingSpec(
            columns={
                str(k): _targets(v, Text("ingest.where.mapping_of", {"header": k}))
                for k, v in source.items()
            }
        )
    text, where = _mapping_text(source)
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InputError.make("ingest.mapping_bad_toml", where=where, detail=str(exc)) from exc
    except RecursionError as exc:
        raise InputError.make("ingest.mapping_too_deep", where=where, most="a few") from exc
    _check_document(doc, where)
    options = doc.get("options", {})
    scale = _scale(doc.get("scale", {}), where)
    return MappingSpec(
        columns={
            str(k): _targets(v, Text("ingest.where.mapping_columns", {"where": where, "header": k}))
            for k, v in doc.get("columns", {}).items()
        },
        kind=doc.get("kind"),
        preset=doc.get("preset"),
        date_order=options.get("date_order"),
        unmapped=options.get("unmapped"),
        won_stages=tuple(options.get("won_stages", _DEFAULT_WON)),
        lost_stages=tuple(options.get("lost_stages", _DEFAULT_LOST)),
        sheet=options.get("sheet"),
        constants={str(k): str(v) for k, v in doc.get("constants", {}).items()},
        scale=scale,
        placeholders=tuple(str(p) for p in options.get("placeholders", PLACEHOLDERS)),
        id_from_row=options.get("id") == "row",
        window=date_window(options.get("min_date"), options.get("max_date")),
    )


def _scale(table: Any, where: Text) -> dict[str, float]:
    """The ``[scale]`` factors: positive finite numbers up to :data:`MAX_SCALE`."""
    try:
        scale = {str(k): float(v) for k, v in table.items()}
    except (AttributeError, TypeError, ValueError) as exc:
        raise InputError.make("ingest.mapping_scale", where=where) from exc
    for header, factor in scale.items():
        if not 0 < factor <= MAX_SCALE:  # also NaN and inf
            raise InputError.make(
                "ingest.mapping_scale_range", where=where, header=header, value=factor,
                most=f"{MAX_SCALE:g}",
            )  # fmt: skip
    return scale


def _mapping_text(source: str | Path) -> tuple[str, Text]:
    """(TOML text, where it came from): the file's text when ``source`` names a .toml file."""
    text = str(source)
    if isinstance(source, Path) or (
        len(text) < 4096 and "\n" not in text and text.endswith(".toml")
    ):
        where = Text("ingest.where.mapping_file", {"path": str(source)})
        try:
            return Path(source).read_text(encoding="utf-8-sig"), where
        except FileNotFoundError as exc:
            raise InputError.make("ingest.mapping_not_found", where=where) from exc
    return text, Text("ingest.where.mapping_text")


def _check_document(doc: dict[str, Any], where: Text) -> None:
    """Refuse unknown sections and options and values outside their choices."""
    unknown = set(doc) - _SECTIONS
    if unknown:
        raise InputError.make(
            "ingest.mapping_unknown_sections", where=where, sections=sorted(unknown)
        )
    options = doc.get("options", {})
    bad_options = set(options) - _OPTIONS
    if bad_options:
        raise InputError.make(
            "ingest.mapping_unknown_options", where=where, options=sorted(bad_options)
        )
    if options.get("date_order") not in (None, "DMY", "MDY", "YMD"):
        raise InputError.make("ingest.mapping_date_order", where=where, value=options["date_order"])
    if options.get("id") not in (None, "row", "column"):
        raise InputError.make("ingest.mapping_id_option", where=where, value=options["id"])
    if options.get("unmapped") not in (None, "custom", "ignore"):
        raise InputError.make("ingest.mapping_unmapped", where=where, value=options["unmapped"])
    if doc.get("kind") not in (None, *KINDS):
        raise InputError.make(
            "ingest.mapping_kind", where=where, value=doc["kind"], options=", ".join(KINDS)
        )
    if doc.get("preset") not in (None, *PRESETS):
        raise InputError.make(
            "ingest.mapping_preset", where=where, value=doc["preset"], options=", ".join(PRESETS)
        )


def _targets(value: Any, where: Text) -> tuple[str, ...]:
    if isinstance(value, str):
        items = [v.strip() for v in value.split("+")]
    elif isinstance(value, list) and value and all(isinstance(v, str) for v in value):
        items = [v.strip() for v in value]
    else:
        raise InputError.make("ingest.mapping_target", where=where, value=value)
    return tuple(items)


# --------------------------------------------------------------------------- resolving headers
def resolve_mapping(
    headers: list[str],
    kind: str,
    *,
    preset: str = "auto",
    spec: MappingSpec | None = None,
    frame: Any = None,
) -> tuple[str, dict[str, tuple[str, ...]], list[str]]:
    """Map a file's headers to canonical columns.

    Priority: the mapping spec's ``[columns]``, then the preset's exact headers,
    then exact synonyms, then similar synonyms (ratio >= 0.88); each canonical
    column takes at most one header. Remaining headers become ``"custom"`` for
    leads (or per ``unmapped``) and ``"ignore"`` otherwise.

    Args:
        headers: the file's headers.
        kind: one of :data:`KINDS`.
        preset: one of :data:`PRESETS`.
        spec: an optional :class:`MappingSpec`.
        frame: the file's text columns (optional): a header matched by its name only
            (a synonym or a similar spelling) must also hold values of the canonical
            column's type — a count column named ``campaign`` stays a custom attribute.

    Returns:
        (preset used, {header: targets}, notes).

    Raises:
        InputError: unknown kind/preset, or the spec names an unknown column.

    Example:
        >>> resolve_mapping(["Prospect ID", "Lead Number", "会社名", "Converted"], "leads")[1]
        {'Prospect ID': ('lead_id',), 'Lead Number': ('custom',), '会社名': ('company',), 'Converted': ('converted',)}
    """
    if kind not in KINDS:
        raise InputError.make("ingest.unknown_kind", kind=kind, options=", ".join(KINDS))
    spec = spec or MappingSpec()
    used = _choose_preset(headers, kind, spec.preset or preset)
    notes: list[str] = []
    mapping, taken = _spec_mapping(headers, kind, spec, notes)
    for rank, h, target in sorted(_candidates(headers, kind, used), key=lambda c: c[0]):
        if h in mapping or target in taken:
            continue
        if rank[0] > 0 and frame is not None and not _values_fit(frame[h], kind, target):
            notes.append(Note("ingest.note.type_mismatch", {"header": h, "column": target}))
            continue
        mapping[h] = (target,)
        taken.add(target)
    notes += _map_the_rest(headers, kind, mapping, spec)
    return used, {h: mapping[h] for h in headers}, notes


_NUMBER = r"^[-+]?[0-9][0-9,]*(\.[0-9]+)?$"


def _values_fit(values: Any, kind: str, target: str) -> bool:
    """Whether a column's text values suit the canonical column ``target`` (its value parser).

    Text columns do not take a column of plain numbers; numeric and date columns need
    values that look like numbers / dates; yes/no columns need yes/no words.

    Example:
        >>> import polars as pl
        >>> _values_fit(pl.Series(["1", "3", None]), "leads", "campaign")
        False
        >>> _values_fit(pl.Series(["0", "1"]), "leads", "converted_at"), _values_fit(pl.Series(["yes", "no"]), "leads", "converted")
        (False, True)
    """
    import polars as pl

    from analytics.store.ingest.parsing import FALSE_WORDS, TRUE_WORDS

    value = next((c.value for c in COLUMNS[kind] if c.name == target), None)
    if value in (None, "id", "free", "int", "amount", "float"):
        return True  # numbers come in many spellings (10億円, ¥1,200): the parser judges
    # a header decision: judged on up to 2,000 values spread over the file
    step = max(1, values.len() // 2000)
    text = values.gather_every(step).cast(pl.String).str.strip_chars().drop_nulls()
    text = text.filter(text != "")
    if text.len() == 0:
        return True
    if value in ("text", "lifecycle", "verdict"):
        return not text.str.contains(_NUMBER).all()
    if value in ("timestamp", "date"):
        return not text.str.contains(r"^[0-9]{1,4}$").all()
    if value == "bool":
        words = {w.casefold() for w in (*TRUE_WORDS, *FALSE_WORDS)}
        return text.str.to_lowercase().is_in(list(words)).mean() >= 0.5
    return True


def _choose_preset(headers: list[str], kind: str, preset: str) -> str:
    if preset not in PRESETS:
        raise InputError.make("ingest.unknown_preset", preset=preset, options=", ".join(PRESETS))
    if preset != "auto":
        return preset
    # Headers spelled as Kakehashi's own column names ("company", "email", "lead_id") are
    # this tool's format, not evidence of a vendor export, so they do not count.
    own = {normalize_header(c.name) for c in COLUMNS[kind]}
    keys = {normalize_header(h) for h in headers} - own
    best, best_hits = "generic", 0
    for name, table in PRESET_TABLES.items():
        known = {normalize_header(h) for h in table.headers.get(kind, {})}
        hits = len(keys & known)
        if hits > best_hits and hits >= 3:
            best, best_hits = name, hits
    return best


def _spec_mapping(
    headers: list[str], kind: str, spec: MappingSpec, notes: list[str]
) -> tuple[dict[str, tuple[str, ...]], set[str]]:
    """({header: targets}, canonical columns taken) from the mapping spec's ``[columns]``."""
    canonical = {c.name for c in COLUMNS[kind]}
    mapping: dict[str, tuple[str, ...]] = {}
    taken: set[str] = set()
    by_norm = {normalize_header(h): h for h in headers}
    for header, targets in spec.columns.items():
        actual = header if header in headers else by_norm.get(normalize_header(header))
        if actual is None:
            notes.append(Note("ingest.note.mapping_missing_column", {"header": header}))
            continue
        if kind == "leads" and "is_won" in targets:  # a lead's own won flag is its Converted
            targets = tuple("converted" if t == "is_won" else t for t in targets)
            notes.append(Note("ingest.note.is_won_on_leads", {"header": header}))
        if kind == "leads":  # the lead status is the leads' status column
            targets = tuple("status" if t == "lead_status" else t for t in targets)
        for t in targets:
            if t not in canonical and t not in ("custom", "ignore"):
                raise InputError.make(
                    "ingest.mapping_no_such_column",
                    header=header,
                    target=t,
                    kind=kind,
                    options=", ".join(sorted(canonical)),
                )
            if t in canonical and t in taken:
                raise InputError.make("ingest.mapping_two_columns", target=t, header=header)
            taken.add(t)
        mapping[actual] = targets
    return mapping, taken


def _candidates(
    headers: list[str], kind: str, used: str
) -> list[tuple[tuple[int, float, int], str, str]]:
    """(rank, header, canonical column) proposals: preset headers, exact and similar synonyms."""
    by_norm = {normalize_header(h): h for h in headers}
    candidates: list[tuple[tuple[int, float, int], str, str]] = []
    if used in PRESET_TABLES:
        for order, (h, target) in enumerate(PRESET_TABLES[used].headers.get(kind, {}).items()):
            if normalize_header(h) in by_norm:
                candidates.append(((0, 0.0, order), by_norm[normalize_header(h)], target))
    index = _synonym_index(kind)
    named = _named_attribute_keys()
    for h in headers:
        key = normalize_header(h)
        if key in index:
            target, rank = index[key]
            candidates.append(((1, 0.0, rank), h, target))
            continue
        if key in named:
            continue
        best = max(
            ((_similar(key, syn), target) for syn, (target, _) in index.items()),
            default=(0.0, ""),
        )
        if best[0] >= 0.88:
            candidates.append(((2, -best[0], 0), h, best[1]))
    return candidates


def _map_the_rest(
    headers: list[str], kind: str, mapping: dict[str, tuple[str, ...]], spec: MappingSpec
) -> list[str]:
    """Map every header no rule mapped to "custom" or "ignore" (in place); the note on them."""
    named = _named_attribute_keys()
    fallback = spec.unmapped or ("custom" if kind in ("leads",) else "ignore")
    ignored = []
    for h in headers:
        if h not in mapping:
            target = (
                "custom"
                if (fallback == "custom" or (kind == "leads" and normalize_header(h) in named))
                else "ignore"
            )
            if target == "custom" and kind not in CUSTOM_KINDS:
                target = "ignore"
            mapping[h] = (target,)
            if target == "ignore":
                ignored.append(h)
    if not ignored:
        return []
    columns = ", ".join(repr(h) for h in ignored)
    what = Text(f"code.kind.{kind}")  # the kind in words, in the reader's language
    return [Note("ingest.note.columns_ignored", {"kind": what, "columns": columns})]


def _similar(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a, b).ratio()


def _synonym_index(kind: str) -> dict[str, tuple[str, int]]:
    index: dict[str, tuple[str, int]] = {}
    for canonical, names in SYNONYMS[kind].items():
        for i, n in enumerate(names):
            index.setdefault(normalize_header(n), (canonical, i))
    return index


def _named_attribute_keys() -> set[str]:
    return {normalize_header(n) for names in NAMED_ATTRIBUTES.values() for n in names}


# --------------------------------------------------------------------------- required columns
def _kind_scores(headers: list[str]) -> dict[str, int]:
    distinctive = {
        "leads": (
            "company",
            "employees",
            "industry",
            "title",
            "annual_revenue",
            "email",
            "prefecture",
            "source",
        ),
        "deals": ("deal_id", "stage", "amount", "closed_at", "is_won", "lost_reason"),
        "activities": ("occurred_at", "type", "detail", "duration_s"),
        "bant": ("budget", "authority", "need", "timeline"),
        "feedback": ("verdict", "given_at", "given_by"),
        "costs": ("month", "channel"),
    }
    keys = {normalize_header(h) for h in headers}
    generic = {
        normalize_header(x) for x in ("Record ID", "Id", "Date", "Company", "Email", "Owner")
    }
    scores = {}
    for kind, cols in distinctive.items():
        syn = {normalize_header(n) for c in cols for n in SYNONYMS[kind][c]} - generic
        scores[kind] = len(keys & syn)
    return scores


def check_required(
    headers: list[str], kind: str, mapping: dict[str, tuple[str, ...]], name: str, spec: MappingSpec
) -> list[str]:
    """Missing required canonical columns; raises the file-level errors about them.

    Raises:
        InputError: a leads file that looks like a deals file.

    Example:
        >>> check_required(["Company"], "leads", {"Company": ("company",)}, "a.csv", MappingSpec())
        ['lead_id']
    """
    scores = _kind_scores(headers)
    if kind == "leads" and scores["deals"] >= 2 and scores["deals"] > scores["leads"]:
        raise InputError.make(
            "ingest.looks_like_deals", file=name, headers=", ".join(repr(h) for h in headers[:4])
        )
    mapped = {t for targets in mapping.values() for t in targets} | set(spec.constants)
    return [c.name for c in COLUMNS[kind] if c.required and c.name not in mapped]


def missing_error(
    headers: list[str],
    kind: str,
    missing: list[str],
    name: str,
    mapping: dict[str, tuple[str, ...]],
    *,
    frame: Any = None,
) -> InputError:
    """The one-line error for a file without a required column (with the closest header).

    A missing id of leads or deals names only a header whose values are unique on
    every row (``frame``: the file's text columns); with none, the message says
    that the file has no id column and offers ``--id-from-row``.

    Example:
        >>> exc = missing_error(["ID", "Company"], "leads", ["lead_id"], "a.csv",
        ...                     {"ID": ("custom",), "Company": ("company",)})
        >>> exc.key, exc.values["suggestion"]
        ('ingest.missing_column_hint', 'ID')
    """
    if len(headers) == 1:
        return InputError.make("ingest.one_column", file=name, header=headers[0][:60])
    column = missing[0]
    keys = [normalize_header(s) for s in SYNONYMS[kind][column]]
    free = [h for h in headers if mapping.get(h, ("ignore",))[0] in ("custom", "ignore")]
    is_id = column in ("lead_id", "deal_id")
    if is_id and frame is not None:
        free = [h for h in free if _unique(frame[h])]
    scored = sorted(
        ((max(_similar(normalize_header(h), k) for k in keys), h) for h in free), reverse=True
    )
    values: dict[str, Any] = {
        "file": name,
        "kind": kind,
        "column": column,
        "headers": ", ".join(repr(h) for h in headers[:8]),
    }
    key = "ingest.missing_column"
    scores = _kind_scores(headers)
    other = max((k for k in KINDS if k != kind), key=lambda k: scores[k])
    if scores[other] >= 2:
        key, values["other"] = key + "_other", other
    if scored and scored[0][0] >= 0.5:
        key, values["suggestion"] = key + "_hint", scored[0][1]
    elif is_id and frame is not None and key == "ingest.missing_column":
        key = "ingest.no_id_column"
    return InputError.make(key, **values)


def _unique(values: Any) -> bool:
    """Every row has a value and no value repeats (an id column)."""
    return values.null_count() == 0 and values.n_unique() == values.len()
