r"""Criteria: the agreed definition of a qualified lead, as one versioned TOML document.

A criteria document holds the scoring rules (fit rules on lead attributes,
engagement rules on activities), the weights, the floor/ceiling of the total,
the MQL threshold, the SQL (BANT) rule and the SLA. It is validated on load;
every error names the rule, the field and the fix (:class:`CriteriaError`).

Every accepted key is declared once in :data:`analytics.criteria.fields.FIELDS`
with its type, default and help text; the loader accepts exactly those keys. The
SQL rule lives in :mod:`analytics.criteria.sql_rule` and stored versions in
:mod:`analytics.criteria.versions`.

Scoring model (see :mod:`analytics.scoring.points`):

- a **fit rule** gives points from one lead column: the first matching numeric
  band (``min`` inclusive, ``max`` exclusive), the value in a value map, or the
  first text fragment the value contains (case-insensitive); ``default`` when
  nothing matches, ``missing`` when the value is empty;
- an **engagement rule** gives ``points`` per matching activity (type plus
  optional filters on detail/page and campaign), counting only activities
  younger than ``window_days`` and weighting each by ``2^(-age / half_life_days)``;
  the rule's points are capped at ``cap`` in absolute value, so negative rules
  (unsubscribe) are capped at ``-cap``. A rule with ``field`` instead of ``type``
  scores an aggregate lead column (e.g. ``page_views``) per unit, for leads that
  have no scored activity (it is then counted from the lead's creation);
- ``fit = fit_weight * sum(fit rule points)``,
  ``engagement = engagement_weight * sum(engagement rule points)``,
  ``total = clamp(fit + engagement, floor, ceiling)``;
- a lead is an **MQL** from the first moment its total reaches ``threshold``; an
  **SQL** once a BANT assessment after that moment meets every level of
  ``[sql_rule]`` (levels 0 unknown, 1 low, 2 medium, 3 high/clear; an empty item
  is 0, so a minimum of 0 is met by every assessment: :mod:`analytics.criteria.sql_rule`).

Example:
    >>> c = load_criteria('''
    ... name = "mini"
    ... threshold = 30
    ... [[fit]]
    ... name = "size"
    ... field = "employees"
    ... bands = [{min = 500, points = 20}, {max = 500, points = 5}]
    ... [[engagement]]
    ... name = "pricing"
    ... type = "page_view"
    ... detail = ["pricing"]
    ... points = 15
    ... cap = 45
    ... ''')
    >>> (c.name, c.threshold, c.fit_rules[0].kind, c.engagement_rules[0].cap)
    ('mini', 30.0, 'bands', 45.0)
    >>> load_criteria('threshold = "high"')
    Traceback (most recent call last):
    ...
    analytics.errors.CriteriaError: criteria field 'threshold': 'high' is not a number; write a number such as threshold = 100
"""

from __future__ import annotations

import dataclasses
import difflib
import hashlib
import math
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import polars as pl
import tomli_w

from analytics.criteria.fields import (
    MAX_BANDS,
    MAX_RULES,
    MAX_VALUES,
    allowed_keys,
    bound_text,
    range_problem,
)
from analytics.criteria.sql_rule import SqlRule
from analytics.errors import CriteriaError
from analytics.text.catalog import Text

DEFAULT_PATH = Path(__file__).resolve().parents[2] / "criteria" / "default.toml"

ADJUSTMENT_RULE = "(floor/ceiling adjustment)"


# -- the document ------------------------------------------------------------


@dataclass(frozen=True)
class Band:
    """A numeric band of a fit rule: ``min <= value < max`` gives ``points``."""

    min: float | None
    max: float | None
    points: float
    label: str = ""

    @property
    def display(self) -> str:
        """The label, or one made from the bounds ("100–500", "≥ 500", "< 100")."""
        if self.label:
            return self.label
        if self.min is not None and self.max is not None:
            return f"{_num(self.min)}–{_num(self.max)}"
        if self.min is not None:
            return f"≥ {_num(self.min)}"
        if self.max is not None:
            return f"< {_num(self.max)}"
        return "any"


@dataclass(frozen=True)
class FitRule:
    """Points from one lead column: ``kind`` is "bands", "values" or "contains"."""

    name: str
    field: str
    kind: str
    bands: tuple[Band, ...] = ()
    values: tuple[tuple[str, float], ...] = ()
    default: float = 0.0
    missing: float = 0.0
    label: str = ""

    @property
    def options(self) -> tuple[str, ...]:
        """Option labels in feature-index order: bands/values, then "(default)", "(missing)"."""
        first = (
            [b.display for b in self.bands] if self.kind == "bands" else [v for v, _ in self.values]
        )
        return (*first, "(default)", "(missing)")

    @property
    def points(self) -> tuple[float, ...]:
        """Points in feature-index order (same order as :attr:`options`)."""
        first = (
            [b.points for b in self.bands] if self.kind == "bands" else [p for _, p in self.values]
        )
        return (*first, self.default, self.missing)

    @property
    def structure(self) -> tuple:
        """What the feature matrix depends on (everything but the points)."""
        if self.kind == "bands":
            return (self.name, self.field, self.kind, tuple((b.min, b.max) for b in self.bands))
        return (self.name, self.field, self.kind, tuple(v for v, _ in self.values))


@dataclass(frozen=True)
class EngagementRule:
    """Points per matching activity (or per unit of an aggregate lead column)."""

    name: str
    points: float
    types: tuple[str, ...] = ()
    detail: tuple[str, ...] = ()
    detail_contains: tuple[str, ...] = ()
    campaign: tuple[str, ...] = ()
    field: str | None = None
    cap: float | None = None
    window_days: float | None = None
    half_life_days: float | None = None
    label: str = ""

    @property
    def structure(self) -> tuple:
        """What the feature matrix depends on (everything but points and cap)."""
        return (
            self.name,
            self.types,
            self.detail,
            self.detail_contains,
            self.campaign,
            self.field,
            self.window_days,
            self.half_life_days,
        )


@dataclass(frozen=True)
class Sla:
    """What each team promises: contact within hours, MQLs a month at a minimum score."""

    contact_hours: float = 24.0
    mql_per_month: int = 0
    min_score: float | None = None  # None: the criteria's threshold (filled in by Criteria)


@dataclass(frozen=True)
class Criteria:
    """One criteria document (immutable; use ``dataclasses.replace`` for what-if)."""

    name: str = "criteria"
    version: int = 1
    fit_rules: tuple[FitRule, ...] = ()
    engagement_rules: tuple[EngagementRule, ...] = ()
    fit_weight: float = 1.0
    engagement_weight: float = 1.0
    floor: float = 0.0
    ceiling: float | None = None
    threshold: float = 100.0
    sql_rule: SqlRule = field(default_factory=SqlRule)
    sla: Sla = field(default_factory=Sla)
    description: str = ""

    def __post_init__(self) -> None:
        for key in ("fit_weight", "engagement_weight", "floor", "threshold"):
            object.__setattr__(self, key, _number(getattr(self, key), key))
        if self.ceiling is not None:
            object.__setattr__(self, "ceiling", _number(self.ceiling, "ceiling"))
            if self.ceiling <= self.floor:
                raise CriteriaError.make(
                    "criteria.ceiling_not_above", ceiling=self.ceiling, floor=self.floor
                )
        for key in ("fit_weight", "engagement_weight"):
            if getattr(self, key) < 0:
                raise CriteriaError.make(
                    "criteria.negative_weight", field=key, value=getattr(self, key)
                )
        if self.sla.min_score is None:  # the promised quality defaults to the MQL threshold
            object.__setattr__(self, "sla", dataclasses.replace(self.sla, min_score=self.threshold))
        _check_bounds(self)
        names = [r.name for r in (*self.fit_rules, *self.engagement_rules)]
        dupes = sorted({n for n in names if names.count(n) > 1})
        if dupes:
            raise CriteriaError.make("criteria.duplicate_rule", name=dupes[0])

    @cached_property
    def sha256(self) -> str:
        """SHA-256 of the canonical TOML text (cache key, stored with each version)."""
        return hashlib.sha256(dump_criteria(self).encode()).hexdigest()

    @property
    def structure(self) -> tuple:
        """What a feature matrix depends on: rule structure, not points/weights/threshold."""
        return (
            tuple(r.structure for r in self.fit_rules),
            tuple(r.structure for r in self.engagement_rules),
        )

    @property
    def min_score(self) -> float:
        """The SLA minimum score (the threshold unless the SLA sets one)."""
        return self.threshold if self.sla.min_score is None else self.sla.min_score


def _numbers(criteria: Criteria) -> Iterator[tuple[Text, str, str, float | None]]:
    """(where, field, path in :data:`FIELDS`, value) of every number of the criteria."""
    top = Text("criteria.where.criteria")
    for key in ("threshold", "fit_weight", "engagement_weight", "floor", "ceiling"):
        yield top, key, key, getattr(criteria, key)
    for rule in criteria.fit_rules:
        where = Text("criteria.where.fit_rule", {"name": rule.name})
        yield where, "default", "fit[].default", rule.default
        yield where, "missing", "fit[].missing", rule.missing
        for n, band in enumerate(rule.bands, start=1):
            bwhere = Text("criteria.where.band", {"rule": where, "n": n})
            for key in ("min", "max", "points"):
                yield bwhere, key, f"fit[].bands[].{key}", getattr(band, key)
        for value, points in rule.values:
            yield where, f"{rule.kind}.{value}", f"fit[].{rule.kind}", points
    for rule in criteria.engagement_rules:
        where = Text("criteria.where.engagement_rule", {"name": rule.name})
        for key in ("points", "cap", "window_days", "half_life_days"):
            yield where, key, f"engagement[].{key}", getattr(rule, key)
    sla = Text("criteria.where.table", {"table": "sla"})
    for key in ("contact_hours", "mql_per_month", "min_score"):
        yield sla, key, f"sla.{key}", getattr(criteria.sla, key)


def _check_bounds(criteria: Criteria) -> None:
    """Refuse numbers outside their documented range and documents beyond the size limits."""
    sizes = [
        (Text("criteria.where.criteria"), "fit", len(criteria.fit_rules), MAX_RULES),
        (Text("criteria.where.criteria"), "engagement", len(criteria.engagement_rules), MAX_RULES),
    ]
    for rule in criteria.fit_rules:
        where = Text("criteria.where.fit_rule", {"name": rule.name})
        sizes += [(where, "bands", len(rule.bands), MAX_BANDS)]
        sizes += [(where, rule.kind, len(rule.values), MAX_VALUES)]
    for where, key, n, most in sizes:
        if n > most:
            raise CriteriaError.make(
                "criteria.too_many", where=where, field=key, n=f"{n:,}", most=f"{most:,}"
            )
    for where, key, path, value in _numbers(criteria):
        if value is None:
            continue
        bounds = range_problem(path, float(value))
        if bounds is not None:
            low, high, low_open = bounds
            raise CriteriaError.make(
                "criteria.out_of_range", where=where, field=key, value=value,
                low=f"> {bound_text(low)}" if low_open else bound_text(low), high=bound_text(high),
            )  # fmt: skip


def _num(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,}"


def _number(value: Any, where: str | Text, example: str | None = None) -> float:
    """``value`` as a float; ``where`` is a top-level key (quoted) or a rule's field (a fragment)."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        key = str(where).rsplit(" ", 1)[-1].strip("'")
        hint = example or f"{key} = 100"
        raise CriteriaError.make(
            "criteria.not_a_number",
            where=where if isinstance(where, Text) else Text("criteria.where.key", {"key": where}),
            value=value,
            example=hint,
        )
    return float(value)


# -- loading -----------------------------------------------------------------


def _check_keys(table: dict[str, Any], parent: str, where: Text) -> None:
    allowed = allowed_keys(parent)
    for key in table:
        if key not in allowed:
            close = difflib.get_close_matches(key, sorted(allowed), n=1)
            if close:
                raise CriteriaError.make(
                    "criteria.unknown_key_close", where=where, key=key, close=close[0]
                )
            raise CriteriaError.make(
                "criteria.unknown_key", where=where, key=key, valid=", ".join(sorted(allowed))
            )


def _strings(value: Any, where: Text) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(value)
    raise CriteriaError.make("criteria.not_strings", where=where, value=value)


def _field(rule: Text, name: str) -> Text:
    """The location "<rule> field '<name>'"."""
    return Text("criteria.where.rule_field", {"rule": rule, "field": name})


def _opt_positive(raw: dict[str, Any], key: str, where: Text) -> float | None:
    if key not in raw:
        return None
    value = _number(raw[key], _field(where, key), f"{key} = 30")
    if value <= 0:
        raise CriteriaError.make("criteria.not_positive", where=where, field=key, value=value)
    return value


def _parse_fit(raw: Any, i: int) -> FitRule:
    if not isinstance(raw, dict):
        raise CriteriaError.make("criteria.fit_not_table", n=i + 1, value=raw)
    name = raw.get("name")
    if not isinstance(name, str) or not name.strip():
        raise CriteriaError.make("criteria.fit_no_name", n=i + 1)
    where = Text("criteria.where.fit_rule", {"name": name})
    _check_keys(raw, "fit[]", where)
    col = raw.get("field")
    if not isinstance(col, str) or not col.strip():
        raise CriteriaError.make("criteria.fit_no_field", where=where)
    kinds = [k for k in ("bands", "values", "contains") if k in raw]
    if len(kinds) != 1:
        raise CriteriaError.make("criteria.fit_kinds", where=where, found=kinds)
    kind = kinds[0]
    default = _number(raw.get("default", 0), _field(where, "default"), "default = 0")
    missing = _number(raw.get("missing", 0), _field(where, "missing"), "missing = 0")
    bands: tuple[Band, ...] = ()
    values: tuple[tuple[str, float], ...] = ()
    if kind == "bands":
        if not isinstance(raw["bands"], list) or not raw["bands"]:
            raise CriteriaError.make("criteria.fit_bands_list", where=where)
        parsed = []
        for j, band in enumerate(raw["bands"]):
            bwhere = Text("criteria.where.band", {"rule": where, "n": j + 1})
            if not isinstance(band, dict):
                raise CriteriaError.make("criteria.band_not_table", where=bwhere, value=band)
            _check_keys(band, "fit[].bands[]", bwhere)
            if "points" not in band:
                raise CriteriaError.make("criteria.band_no_points", where=bwhere)
            lo = _number(band["min"], _field(bwhere, "min"), "min = 100") if "min" in band else None
            hi = _number(band["max"], _field(bwhere, "max"), "max = 500") if "max" in band else None
            if lo is not None and hi is not None and lo >= hi:
                raise CriteriaError.make("criteria.band_min_max", where=bwhere, min=lo, max=hi)
            label = band.get("label", "")
            if not isinstance(label, str):
                raise CriteriaError.make("criteria.label_not_text", where=bwhere, value=label)
            parsed.append(
                Band(
                    lo,
                    hi,
                    _number(band["points"], _field(bwhere, "points"), "points = 10"),
                    label,
                )
            )
        bands = tuple(parsed)
    else:
        table = raw[kind]
        if not isinstance(table, dict) or not table:
            raise CriteriaError.make("criteria.fit_values_table", where=where, field=kind)
        values = tuple(
            (
                str(k).strip(),
                _number(
                    v,
                    Text(
                        "criteria.where.rule_field_entry",
                        {"rule": where, "field": kind, "entry": k},
                    ),
                    f'"{k}" = 10',
                ),
            )
            for k, v in table.items()
        )
    label = raw.get("label", "")
    if not isinstance(label, str):
        raise CriteriaError.make("criteria.label_not_text", where=where, value=label)
    return FitRule(name.strip(), col.strip(), kind, bands, values, default, missing, label)


def _parse_engagement(raw: Any, i: int) -> EngagementRule:
    if not isinstance(raw, dict):
        raise CriteriaError.make("criteria.engagement_not_table", n=i + 1, value=raw)
    name = raw.get("name")
    if not isinstance(name, str) or not name.strip():
        raise CriteriaError.make("criteria.engagement_no_name", n=i + 1)
    where = Text("criteria.where.engagement_rule", {"name": name})
    _check_keys(raw, "engagement[]", where)
    if ("type" in raw) == ("field" in raw):
        raise CriteriaError.make("criteria.engagement_type_or_field", where=where)
    if "points" not in raw:
        raise CriteriaError.make("criteria.engagement_no_points", where=where)
    points = _number(raw["points"], _field(where, "points"), "points = 10")
    col = raw.get("field")
    if col is not None:
        if not isinstance(col, str) or not col.strip():
            raise CriteriaError.make("criteria.engagement_field_not_column", where=where, value=col)
        bad = [
            k
            for k in ("detail", "detail_contains", "campaign", "window_days", "half_life_days")
            if k in raw
        ]
        if bad:
            raise CriteriaError.make(
                "criteria.engagement_needs_activities", where=where, key=bad[0]
            )
        col = col.strip()
    label = raw.get("label", "")
    if not isinstance(label, str):
        raise CriteriaError.make("criteria.label_not_text", where=where, value=label)
    return EngagementRule(
        name=name.strip(),
        points=points,
        types=_strings(raw["type"], _field(where, "type")) if "type" in raw else (),
        detail=_strings(raw.get("detail", []), _field(where, "detail")),
        detail_contains=_strings(raw.get("detail_contains", []), _field(where, "detail_contains")),
        campaign=_strings(raw.get("campaign", []), _field(where, "campaign")),
        field=col,
        cap=_opt_positive(raw, "cap", where),
        window_days=_opt_positive(raw, "window_days", where),
        half_life_days=_opt_positive(raw, "half_life_days", where),
        label=label,
    )


def _parse_sql_rule(raw: Any) -> SqlRule:
    if not isinstance(raw, dict):
        raise CriteriaError.make("criteria.sql_rule_not_table", value=raw)
    _check_keys(raw, "sql_rule", Text("criteria.where.table", {"table": "sql_rule"}))
    levels = {}
    for key, value in raw.items():
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 3:
            raise CriteriaError.make("criteria.sql_rule_level", key=key, value=value)
        levels[key] = value
    return SqlRule(**levels)


def _parse_sla(raw: Any) -> Sla:
    if not isinstance(raw, dict):
        raise CriteriaError.make("criteria.sla_not_table", value=raw)
    _check_keys(raw, "sla", Text("criteria.where.table", {"table": "sla"}))
    hours = _number(raw.get("contact_hours", 24), "'sla.contact_hours'", "contact_hours = 24")
    if hours <= 0:
        raise CriteriaError.make("criteria.sla_contact_hours", value=hours)
    per_month = raw.get("mql_per_month", 0)
    if isinstance(per_month, bool) or not isinstance(per_month, int) or per_month < 0:
        raise CriteriaError.make("criteria.sla_mql_per_month", value=per_month)
    min_score = raw.get("min_score")
    if min_score is not None:
        min_score = _number(min_score, "'sla.min_score'", "min_score = 100")
    return Sla(hours, per_month, min_score)


def parse_criteria(doc: dict[str, Any]) -> Criteria:
    """Validate a parsed TOML document and build :class:`Criteria`.

    Args:
        doc: the document as a dict (what ``tomllib.loads`` returns).

    Returns:
        The validated criteria.

    Raises:
        CriteriaError: naming the rule, the field and the fix.

    Example:
        >>> parse_criteria({"threshold": 80, "sql_rule": {"need": 3}}).sql_rule.required
        {'need': 3}
    """
    _check_keys(doc, "", Text("criteria.where.criteria"))
    name = doc.get("name", "criteria")
    if not isinstance(name, str) or not name.strip():
        raise CriteriaError.make("criteria.name", value=name)
    version = doc.get("version", 1)
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise CriteriaError.make("criteria.version", value=version)
    description = doc.get("description", "")
    if not isinstance(description, str):
        raise CriteriaError.make("criteria.description", value=description)
    for key in ("fit", "engagement"):
        if not isinstance(doc.get(key, []), list):
            raise CriteriaError.make("criteria.rules_not_list", key=key)
    return Criteria(
        name=name.strip(),
        version=version,
        description=description,
        fit_rules=tuple(_parse_fit(r, i) for i, r in enumerate(doc.get("fit", []))),
        engagement_rules=tuple(
            _parse_engagement(r, i) for i, r in enumerate(doc.get("engagement", []))
        ),
        fit_weight=_number(doc.get("fit_weight", 1.0), "fit_weight"),
        engagement_weight=_number(doc.get("engagement_weight", 1.0), "engagement_weight"),
        floor=_number(doc.get("floor", 0.0), "floor"),
        ceiling=_number(doc["ceiling"], "ceiling") if "ceiling" in doc else None,
        threshold=_number(doc.get("threshold", 100.0), "threshold"),
        sql_rule=_parse_sql_rule(doc.get("sql_rule", {})),
        sla=_parse_sla(doc.get("sla", {})),
    )


def load_criteria(source: str | Path | bytes) -> Criteria:
    """Load and validate criteria from TOML text or a file path.

    Args:
        source: a path (``Path`` or a string naming an existing ``.toml`` file),
            TOML text, or TOML bytes (an upload).

    Returns:
        The validated :class:`Criteria`.

    Raises:
        CriteriaError: the TOML does not parse (with line and column) or a rule is invalid.

    Example:
        >>> load_criteria("threshold = 80").threshold
        80.0
    """
    where = Text("criteria.where.text")
    if isinstance(source, bytes):
        try:
            text = source.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise CriteriaError.make("criteria.not_utf8") from exc
    elif isinstance(source, Path) or (
        isinstance(source, str) and "\n" not in source and source.endswith(".toml")
    ):
        path = Path(source)
        where = Text("criteria.where.file", {"path": str(path)})
        try:
            text = path.read_text(encoding="utf-8-sig")
        except OSError as exc:
            raise CriteriaError.make(
                "criteria.cannot_read", where=where, reason=exc.strerror
            ) from exc
    else:
        text = source
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise CriteriaError.make("criteria.bad_toml", where=where, detail=str(exc)) from exc
    except RecursionError as exc:  # arrays or tables nested thousands of levels deep
        raise CriteriaError.make("criteria.too_deep", where=where) from exc
    try:
        return parse_criteria(doc)
    except CriteriaError as exc:
        if where.key == "criteria.where.text":
            raise
        raise CriteriaError.make("criteria.in_source", where=where, error=exc) from exc


def default_criteria() -> Criteria:
    """The default criteria shipped in ``criteria/default.toml``.

    Example:
        >>> default_criteria().threshold
        100.0
    """
    return load_criteria(DEFAULT_PATH)


def criteria_to_dict(criteria: Criteria) -> dict[str, Any]:
    """The criteria as a TOML-ready dict (None values left out).

    Example:
        >>> criteria_to_dict(load_criteria("threshold = 80"))["threshold"]
        80.0
    """
    doc: dict[str, Any] = {
        "name": criteria.name,
        "version": criteria.version,
        "description": criteria.description,
        "threshold": criteria.threshold,
        "fit_weight": criteria.fit_weight,
        "engagement_weight": criteria.engagement_weight,
        "floor": criteria.floor,
    }
    if criteria.ceiling is not None:
        doc["ceiling"] = criteria.ceiling
    doc["sql_rule"] = criteria.sql_rule.required
    sla: dict[str, Any] = {
        "contact_hours": criteria.sla.contact_hours,
        "mql_per_month": criteria.sla.mql_per_month,
    }
    if criteria.sla.min_score is not None:
        sla["min_score"] = criteria.sla.min_score
    doc["sla"] = sla
    fits = []
    for r in criteria.fit_rules:
        item: dict[str, Any] = {"name": r.name, "field": r.field}
        if r.label:
            item["label"] = r.label
        if r.kind == "bands":
            item["bands"] = [
                {
                    **({"min": b.min} if b.min is not None else {}),
                    **({"max": b.max} if b.max is not None else {}),
                    "points": b.points,
                    **({"label": b.label} if b.label else {}),
                }
                for b in r.bands
            ]
        else:
            item[r.kind] = dict(r.values)
        item["default"] = r.default
        item["missing"] = r.missing
        fits.append(item)
    engs = []
    for e in criteria.engagement_rules:
        item = {"name": e.name}
        if e.label:
            item["label"] = e.label
        if e.field is not None:
            item["field"] = e.field
        else:
            item["type"] = list(e.types)
        for key in ("detail", "detail_contains", "campaign"):
            if getattr(e, key):
                item[key] = list(getattr(e, key))
        item["points"] = e.points
        for key in ("cap", "window_days", "half_life_days"):
            if getattr(e, key) is not None:
                item[key] = getattr(e, key)
        engs.append(item)
    doc["fit"] = fits
    doc["engagement"] = engs
    return doc


def dump_criteria(criteria: Criteria) -> str:
    """The canonical TOML text of ``criteria`` (round-trips through :func:`load_criteria`).

    Example:
        >>> c = load_criteria("threshold = 80")
        >>> load_criteria(dump_criteria(c)) == c
        True
    """
    return tomli_w.dumps(criteria_to_dict(criteria))


# -- the points table (what the scoring page edits) ----------------------------


def points_table(criteria: Criteria) -> pl.DataFrame:
    """Every editable number of the rules as one table (rule, kind, option, points, cap).

    Args:
        criteria: the criteria to show.

    Returns:
        One row per fit option (bands/values/fragments, "(default)", "(missing)")
        and one per engagement rule ("per occurrence", with its cap).

    Example:
        >>> points_table(load_criteria("threshold = 80")).columns
        ['rule', 'kind', 'option', 'points', 'cap']
    """
    rows: list[dict[str, Any]] = []
    for r in criteria.fit_rules:
        rows += [
            {"rule": r.name, "kind": "fit", "option": o, "points": p, "cap": None}
            for o, p in zip(r.options, r.points, strict=True)
        ]
    rows += [
        {
            "rule": e.name,
            "kind": "engagement",
            "option": "per occurrence",
            "points": e.points,
            "cap": e.cap,
        }
        for e in criteria.engagement_rules
    ]
    schema = {
        "rule": pl.String,
        "kind": pl.String,
        "option": pl.String,
        "points": pl.Float64,
        "cap": pl.Float64,
    }
    return pl.DataFrame(rows, schema=schema)


def apply_points_table(criteria: Criteria, table: pl.DataFrame) -> Criteria:
    """New criteria with the points (and caps) of an edited :func:`points_table`.

    Args:
        criteria: the criteria the table was made from (rules and options must match).
        table: the edited table (only ``points`` and ``cap`` are read).

    Returns:
        A new :class:`Criteria`; the input is not changed.

    Raises:
        CriteriaError: a row is missing or a points value is empty.

    Example:
        >>> c = load_criteria('[[engagement]]\\nname = "web"\\ntype = "page_view"\\npoints = 1')
        >>> t = points_table(c).with_columns(points=pl.lit(5.0))
        >>> apply_points_table(c, t).engagement_rules[0].points
        5.0
    """
    lookup: dict[tuple[str, str], tuple[Any, Any]] = {
        (r["rule"], r["option"]): (r["points"], r["cap"]) for r in table.iter_rows(named=True)
    }

    def get(rule: str, option: str) -> tuple[float, float | None]:
        if (rule, option) not in lookup:
            raise CriteriaError.make("criteria.points_row_missing", rule=rule, option=option)
        points, cap = lookup[(rule, option)]
        if points is None:
            raise CriteriaError.make("criteria.points_empty", rule=rule, option=option)
        if cap is not None and (not math.isfinite(cap) or cap <= 0):
            cap = None
        return float(points), cap

    fits = []
    for r in criteria.fit_rules:
        pts = [get(r.name, o)[0] for o in r.options]
        n = len(pts) - 2
        if r.kind == "bands":
            bands = tuple(
                dataclasses.replace(b, points=p) for b, p in zip(r.bands, pts[:n], strict=True)
            )
            fits.append(dataclasses.replace(r, bands=bands, default=pts[n], missing=pts[n + 1]))
        else:
            values = tuple((v, p) for (v, _), p in zip(r.values, pts[:n], strict=True))
            fits.append(dataclasses.replace(r, values=values, default=pts[n], missing=pts[n + 1]))
    engs = []
    for e in criteria.engagement_rules:
        points, cap = get(e.name, "per occurrence")
        engs.append(dataclasses.replace(e, points=points, cap=cap))
    return dataclasses.replace(criteria, fit_rules=tuple(fits), engagement_rules=tuple(engs))
