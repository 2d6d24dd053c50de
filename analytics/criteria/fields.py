"""Every key a criteria document may hold, declared once as data (DESIGN §6.6).

Each :class:`FieldSpec` names a key by its path (``fit[]`` is the array of tables
``[[fit]]``, ``fit[].bands[]`` an array inside each fit rule), its type, default and
help text. The loader (:mod:`analytics.criteria.document`) accepts exactly these keys
(:func:`allowed_keys`, with a "did you mean" for a misspelling), and
:func:`criteria_reference` renders the table the README copies; ``tests/test_docs.py``
checks the README holds it, so every accepted key is documented.

Example:
    >>> [s.path for s in FIELDS if s.path.startswith("sla.")]
    ['sla.contact_hours', 'sla.mql_per_month', 'sla.min_score']
"""

from __future__ import annotations

from dataclasses import dataclass

# The usual activity types, listed in the help of engagement[].type (any type in the data works).
ACTIVITY_TYPES: tuple[str, ...] = (
    "page_view",
    "download",
    "email_open",
    "email_click",
    "webinar",
    "inquiry",
    "unsubscribe",
    "form_submit",
)


# The plausible range of every number a criteria document holds: beyond it a score overflows
# (``fit_weight = 1e308``), decays to nothing in a second (``half_life_days = 1e-300``) or is
# a typo. Bounds are inclusive unless ``low_open``; :func:`range_problem` checks them.
MAX_POINTS = 1_000_000.0
MAX_BOUND = 1e15  # band bounds read lead columns such as revenue in yen
MAX_WEIGHT = 1_000.0
MAX_DAYS = 36_500.0  # a hundred years
MIN_HALF_LIFE_DAYS = 0.01  # about 15 minutes
MAX_CONTACT_HOURS = 8_760.0  # a year
MAX_MQL_PER_MONTH = 10_000_000
# sizes: rules of each kind, bands of a rule, values/fragments of a rule
MAX_RULES = 200
MAX_BANDS = 100
MAX_VALUES = 2_000


@dataclass(frozen=True)
class FieldSpec:
    """One documented criteria key: where it lives, its type, default and help text.

    ``low``/``high`` bound a number (``low_open``: ``low`` itself is not allowed).
    """

    path: str
    type: str
    default: str
    help: str
    low: float | None = None
    high: float | None = None
    low_open: bool = False


# Every key a criteria document may contain, in the order the README lists them.
FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec(
        "name", "string", '"criteria"', "Name of the criteria document (versions share a name)."
    ),
    FieldSpec("version", "integer", "1", "Version number; saving a draft stores the next version."),
    FieldSpec("description", "string", '""', "Free text: what was agreed and why."),
    FieldSpec(
        "threshold",
        "number",
        "100",
        "MQL threshold: a lead is an MQL from the first moment its total reaches this score.",
    ),
    FieldSpec("fit_weight", "number", "1.0", "Multiplier of the summed fit-rule points."),
    FieldSpec(
        "engagement_weight",
        "number",
        "1.0",
        "Multiplier of the summed engagement-rule points (practice: above the fit weight).",
    ),
    FieldSpec(
        "floor",
        "number",
        "0",
        "Lowest possible total (negative points cannot push the total below it).",
    ),
    FieldSpec("ceiling", "number", "none", "Highest possible total; omit for no ceiling."),
    FieldSpec(
        "fit",
        "array of tables",
        "[]",
        "Fit (属性) rules: points from who the lead is, one `[[fit]]` table per rule.",
    ),
    FieldSpec("fit[].name", "string", "required", "Unique rule name, shown in explanations."),
    FieldSpec("fit[].label", "string", '""', "Display label (e.g. Japanese)."),
    FieldSpec(
        "fit[].field",
        "string",
        "required",
        "Lead column the rule reads (any leads column, including custom attributes).",
    ),
    FieldSpec(
        "fit[].bands",
        "array of tables",
        "-",
        "Numeric bands, first match wins; give exactly one of bands / values / contains.",
    ),
    FieldSpec(
        "fit[].bands[].min",
        "number",
        "none",
        "Band lower bound, inclusive (omit for no lower bound).",
    ),
    FieldSpec(
        "fit[].bands[].max",
        "number",
        "none",
        "Band upper bound, exclusive (omit for no upper bound).",
    ),
    FieldSpec("fit[].bands[].points", "number", "required", "Points for a value in this band."),
    FieldSpec("fit[].bands[].label", "string", "from min/max", "Display label of the band."),
    FieldSpec(
        "fit[].values",
        "table value -> points",
        "-",
        'Exact values (trimmed) and their points, e.g. { "製造業" = 25 }.',
    ),
    FieldSpec(
        "fit[].contains",
        "table text -> points",
        "-",
        "Text fragments, first fragment the value contains wins (case-insensitive).",
    ),
    FieldSpec(
        "fit[].default",
        "number",
        "0",
        "Points when the value is present but matches no band/value/fragment.",
    ),
    FieldSpec("fit[].missing", "number", "0", "Points when the value is missing (null or empty)."),
    FieldSpec(
        "engagement",
        "array of tables",
        "[]",
        "Engagement (行動) rules: points from what the lead did, one `[[engagement]]` table per rule.",
    ),
    FieldSpec(
        "engagement[].name", "string", "required", "Unique rule name, shown in explanations."
    ),
    FieldSpec("engagement[].label", "string", '""', "Display label (e.g. Japanese)."),
    FieldSpec(
        "engagement[].type",
        "string or list",
        "-",
        "Activity type(s) that match: "
        + ", ".join(f"`{t}`" for t in ACTIVITY_TYPES)
        + " (or any type in your data). Give type or field.",
    ),
    FieldSpec(
        "engagement[].detail",
        "list of strings",
        "any",
        "Only activities whose detail/page equals one of these.",
    ),
    FieldSpec(
        "engagement[].detail_contains",
        "list of strings",
        "any",
        "Only activities whose detail/page contains one of these (case-insensitive).",
    ),
    FieldSpec(
        "engagement[].campaign",
        "list of strings",
        "any",
        "Only activities of one of these campaigns.",
    ),
    FieldSpec(
        "engagement[].field",
        "string",
        "-",
        "Instead of type: an aggregate lead column (e.g. `page_views`) scored per unit, only for leads with no scored activity (exports with aggregates only); counted from creation.",
    ),
    FieldSpec(
        "engagement[].points",
        "number",
        "required",
        "Points per occurrence (negative for unsubscribe and the like).",
    ),
    FieldSpec(
        "engagement[].cap",
        "number",
        "none",
        "Most points (in absolute value, before the weight) the rule can give a lead.",
    ),
    FieldSpec(
        "engagement[].window_days",
        "number",
        "none",
        "Only activities younger than this many days count.",
    ),
    FieldSpec(
        "engagement[].half_life_days",
        "number",
        "none",
        "Exponential decay: an activity this many days old counts half.",
    ),
    FieldSpec(
        "sql_rule",
        "table",
        "{}",
        "SQL rule: minimum BANT level (0 unknown, 1 low, 2 medium, 3 high/clear) of each required "
        "item; an item an assessment leaves empty is 0 (unknown), so a minimum of 0 is met by every "
        "assessment.",
    ),
    FieldSpec("sql_rule.budget", "integer 0–3", "not required", "Minimum Budget level."),
    FieldSpec("sql_rule.authority", "integer 0–3", "not required", "Minimum Authority level."),
    FieldSpec("sql_rule.need", "integer 0–3", "not required", "Minimum Need level."),
    FieldSpec("sql_rule.timeline", "integer 0–3", "not required", "Minimum Timeline level."),
    FieldSpec("sla", "table", "{}", "Service-level agreement between marketing and sales."),
    FieldSpec(
        "sla.contact_hours",
        "number",
        "24",
        "Sales makes first contact within this many hours of the MQL moment.",
    ),
    FieldSpec("sla.mql_per_month", "integer", "0", "MQLs per month marketing promises."),
    FieldSpec("sla.min_score", "number", "threshold", "Minimum score of a promised MQL (quality)."),
)


_RANGES: dict[str, tuple[float, float, bool]] = {
    "threshold": (-MAX_POINTS, MAX_POINTS, False),
    "fit_weight": (0.0, MAX_WEIGHT, False),
    "engagement_weight": (0.0, MAX_WEIGHT, False),
    "floor": (-MAX_POINTS, MAX_POINTS, False),
    "ceiling": (-MAX_POINTS, MAX_POINTS, False),
    "fit[].bands[].min": (-MAX_BOUND, MAX_BOUND, False),
    "fit[].bands[].max": (-MAX_BOUND, MAX_BOUND, False),
    "fit[].bands[].points": (-MAX_POINTS, MAX_POINTS, False),
    "fit[].values": (-MAX_POINTS, MAX_POINTS, False),
    "fit[].contains": (-MAX_POINTS, MAX_POINTS, False),
    "fit[].default": (-MAX_POINTS, MAX_POINTS, False),
    "fit[].missing": (-MAX_POINTS, MAX_POINTS, False),
    "engagement[].points": (-MAX_POINTS, MAX_POINTS, False),
    "engagement[].cap": (0.0, MAX_POINTS, True),
    "engagement[].window_days": (0.0, MAX_DAYS, True),
    "engagement[].half_life_days": (MIN_HALF_LIFE_DAYS, MAX_DAYS, False),
    "sla.contact_hours": (0.0, MAX_CONTACT_HOURS, True),
    "sla.mql_per_month": (0, MAX_MQL_PER_MONTH, False),
    "sla.min_score": (-MAX_POINTS, MAX_POINTS, False),
}
FIELDS = tuple(
    FieldSpec(s.path, s.type, s.default, s.help, *_RANGES[s.path]) if s.path in _RANGES else s
    for s in FIELDS
)


def range_text(spec: FieldSpec) -> str:
    """The allowed range of a number field, as the reference shows it ("" when unbounded).

    Example:
        >>> range_text(next(s for s in FIELDS if s.path == "engagement[].half_life_days"))
        '0.01 to 36,500'
        >>> range_text(next(s for s in FIELDS if s.path == "engagement[].cap"))
        '> 0 to 1,000,000'
    """
    if spec.low is None or spec.high is None:
        return ""
    low = f"> {bound_text(spec.low)}" if spec.low_open else bound_text(spec.low)
    return f"{low} to {bound_text(spec.high)}"


def bound_text(value: float) -> str:
    """A range bound as people write it: ``-1,000,000``, ``0.01``, ``36,500``.

    Example:
        >>> bound_text(-1e6), bound_text(0.01), bound_text(1e15)
        ('-1,000,000', '0.01', '1,000,000,000,000,000')
    """
    return f"{value:,.0f}" if abs(value) >= 1000 else f"{value:g}"


def range_problem(path: str, value: float) -> tuple[float, float, bool] | None:
    """``(low, high, low_open)`` of ``path`` when ``value`` lies outside it, else None.

    Example:
        >>> range_problem("fit_weight", 1e308)
        (0.0, 1000.0, False)
        >>> range_problem("fit_weight", 2.5) is None
        True
    """
    bounds = _RANGES.get(path)
    if bounds is None:
        return None
    low, high, low_open = bounds
    inside = (low < value if low_open else low <= value) and value <= high
    return None if inside else bounds


def allowed_keys(table: str) -> frozenset[str]:
    """The keys :data:`FIELDS` allows in one table of a criteria document.

    Args:
        table: ``""`` for the top level, else a path such as ``"sla"``, ``"fit[]"``
            (each fit rule) or ``"fit[].bands[]"`` (each band of a fit rule).

    Returns:
        The allowed keys (empty for a path that is not a table).

    Example:
        >>> sorted(allowed_keys("sla"))
        ['contact_hours', 'min_score', 'mql_per_month']
    """
    return frozenset(
        key for parent, _, key in (s.path.rpartition(".") for s in FIELDS) if parent == table
    )


def criteria_reference() -> str:
    """The criteria field reference as a Markdown table (the README copies it).

    Returns:
        One row per key of :data:`FIELDS`: key, type, default, meaning.

    Example:
        >>> criteria_reference().splitlines()[0]
        '| key | type | default | meaning |'
    """
    rows = ["| key | type | default | meaning |", "| --- | --- | --- | --- |"]
    rows += [
        f"| `{s.path}` | {s.type}{', ' + range_text(s) if range_text(s) else ''} | {s.default} "
        f"| {s.help} |"
        for s in FIELDS
    ]
    return "\n".join(rows)
