"""The feature matrix: per lead, per rule, what the points multiply (DESIGN §3).

Built once per data / as-of / rule-structure change; re-pointing (points,
weights, caps, threshold) then only needs :func:`analytics.scoring.points.score_features`.

- **fit features** (``fit:<rule>``, Int16): the index of the matched option of
  each fit rule — the band / value / text fragment in document order, then
  ``n`` for "(default)" (present but unmatched) and ``n + 1`` for "(missing)".
  Re-pointing is a gather of the rule's points by that index.
- **engagement features** (``eng:<rule>``, Float64): the decayed, windowed count
  of the rule's activities as of ``as_of`` — each matching activity with
  ``as_of - window_days < occurred_at <= as_of`` counts ``2^(-age/half_life)``
  (1 without a half-life). Aggregated in one DuckDB ``GROUP BY`` scan. For an
  aggregate rule (``field = …``) the value of that lead column, for leads with
  no scored activity (no activity by ``as_of`` matching an activity rule;
  otherwise 0, so behaviour is never counted twice).

Point in time: activities after ``as_of`` never count, and leads created after
``as_of`` are left out. Times are taken to the second (as in the replay).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import polars as pl

from analytics.criteria import Criteria, EngagementRule, FitRule
from analytics.errors import CriteriaError
from analytics.store.db import Workspace, quote_ident
from analytics.store.ingest.parsing import FALSE_WORDS, TRUE_WORDS
from analytics.text.catalog import Text


@dataclass(frozen=True)
class Features:
    """A feature matrix and what it was built for.

    Attributes:
        frame: ``lead_id``, ``created_at``, one ``fit:<rule>`` (Int16 option index)
            per fit rule, one ``eng:<rule>`` (Float64 decayed count) per engagement rule.
        as_of: the point in time of the engagement counts.
        structure: ``criteria.structure`` of the criteria it was built for.
    """

    frame: pl.DataFrame
    as_of: datetime
    structure: tuple


def fit_column(rule: FitRule) -> str:
    """Feature column of a fit rule.

    Example:
        >>> from analytics.criteria import FitRule
        >>> fit_column(FitRule("size", "employees", "values"))
        'fit:size'
    """
    return f"fit:{rule.name}"


def eng_column(rule: EngagementRule) -> str:
    """Feature column of an engagement rule.

    Example:
        >>> from analytics.criteria import EngagementRule
        >>> eng_column(EngagementRule("pricing", 15.0))
        'eng:pricing'
    """
    return f"eng:{rule.name}"


def structure_key(criteria: Criteria) -> str:
    """A short hash of the rule structure of ``criteria``: the feature matrix's cache key.

    Changing points, caps, weights or the threshold keeps the key (the matrix is reused);
    changing a rule's field, bands, values or activity filter changes it.

    Example:
        >>> from dataclasses import replace
        >>> from analytics.criteria import default_criteria
        >>> c = default_criteria()
        >>> structure_key(c) == structure_key(replace(c, threshold=c.threshold + 10))
        True
    """
    return hashlib.sha256(repr(criteria.structure).encode()).hexdigest()[:16]


def data_end(ws: Workspace) -> datetime:
    """The latest timestamp in the data (the default "as of"); now for an empty workspace.

    Example:
        >>> data_end(Workspace.open(":memory:")) <= datetime.now()
        True
    """
    found = ws.scalar(
        "SELECT greatest((SELECT max(created_at) FROM leads), (SELECT max(occurred_at) FROM activities),"
        " (SELECT max(greatest(created_at, closed_at)) FROM deals),"
        " (SELECT max(assessed_at) FROM bant))"
    )
    return found if found is not None else datetime.now().replace(microsecond=0)


def check_fields(ws: Workspace, criteria: Criteria) -> None:
    """Raise :class:`CriteriaError` when a rule reads a lead column the workspace lacks.

    Example:
        >>> from analytics.criteria import load_criteria
        >>> c = load_criteria('[[fit]]\\nname = "x"\\nfield = "nope"\\nvalues = {a = 1}')
        >>> check_fields(Workspace.open(":memory:"), c)
        Traceback (most recent call last):
        ...
        analytics.errors.CriteriaError: fit rule 'x' field 'field': lead column 'nope' does not exist; use one of: lead_id, created_at, ...
    """
    columns = list(ws.columns("leads"))
    for rule_key, rule in [("criteria.where.fit_rule", r) for r in criteria.fit_rules] + [
        ("criteria.where.engagement_rule", r)
        for r in criteria.engagement_rules
        if r.field is not None
    ]:
        if rule.field not in columns:
            where = Text(rule_key, {"name": rule.name})
            raise CriteriaError.make(
                "features.unknown_column",
                where=Text("criteria.where.rule_field", {"rule": where, "field": "field"}),
                column=rule.field,
                columns=", ".join(columns),
            )


def fit_index_expr(rule: FitRule) -> pl.Expr:
    """Polars expression: the option index (Int16) of ``rule`` for each lead.

    Example:
        >>> from analytics.criteria import Band, FitRule
        >>> r = FitRule("size", "employees", "bands", bands=(Band(500, None, 25), Band(None, 500, 5)))
        >>> pl.DataFrame({"employees": [800, 20, None]}).select(fit_index_expr(r))["fit:size"].to_list()
        [0, 1, 3]
    """
    col = pl.col(rule.field)
    n = len(rule.options) - 2
    if rule.kind == "bands":
        value = col.cast(pl.Float64, strict=False)
        missing = value.is_null() | value.is_nan()
        expr: Any = pl.lit(n)
        for i, band in reversed(list(enumerate(rule.bands))):
            cond = pl.lit(True)
            if band.min is not None:
                cond = cond & (value >= band.min)
            if band.max is not None:
                cond = cond & (value < band.max)
            expr = pl.when(cond).then(pl.lit(i)).otherwise(expr)
    else:
        text = col.cast(pl.String).str.strip_chars()
        missing = text.is_null() | (text == "")
        if rule.kind == "values":
            keys, index = value_keys(rule)
            expr = text.replace_strict(keys, index, default=n, return_dtype=pl.Int32)
        else:
            lowered = text.str.to_lowercase()
            expr = pl.lit(n)
            for i, (fragment, _) in reversed(list(enumerate(rule.values))):
                expr = (
                    pl.when(lowered.str.contains(fragment.lower(), literal=True))
                    .then(pl.lit(i))
                    .otherwise(expr)
                )
    return (
        pl.when(missing).then(pl.lit(n + 1)).otherwise(expr).cast(pl.Int16).alias(fit_column(rule))
    )


def _yes_no(key: str) -> str | None:
    """``"true"``/``"false"`` for a yes/no word (Yes, はい, 1 …), else None."""
    word = key.strip().casefold()
    if word in TRUE_WORDS:
        return "true"
    if word in FALSE_WORDS:
        return "false"
    return None


def value_keys(rule: FitRule) -> tuple[list[str], list[int]]:
    """The texts a values rule matches and each one's option index.

    A boolean lead column reads as ``true``/``false``, so a yes/no key (``Yes``,
    ``No``, ``はい``, ``いいえ``, ``1``, ``0``, ``TRUE`` …) also matches that text.

    Example:
        >>> from analytics.criteria import FitRule
        >>> value_keys(FitRule("opt", "opt_in", "values", values=(("Yes", -15.0), ("いいえ", 5.0))))
        (['Yes', 'いいえ', 'true', 'false'], [0, 1, 0, 1])
    """
    keys = [v for v, _ in rule.values]
    index = list(range(len(keys)))
    for i, key in enumerate(list(keys)):
        alias = _yes_no(key)
        if alias is not None and alias not in keys:
            keys.append(alias)
            index.append(i)
    return keys, index


@dataclass(frozen=True)
class Unmatched:
    """A fit rule whose values (or bands) match no lead: what it lists and what the data has.

    Attributes:
        rule: the rule's name; ``label`` its display label.
        kind: ``"values"`` or ``"bands"``.
        missing: the values (band labels) no lead has.
        present: the values in the data (up to 12), or the data's range for bands.
    """

    rule: str
    label: str
    kind: str
    missing: tuple[str, ...]
    present: str

    def text(self, name: str | None = None) -> Text:
        """The warning, naming the rule as ``name`` (default: the rule's name).

        Example:
            >>> str(Unmatched("region", "", "values", ("Tokyo",), "").text("Region"))
            "fit rule 'Region': its column is empty for every lead, so it scores nobody"
        """
        if not self.present:
            return Text("features.column_empty", {"rule": name or self.rule})
        key = "features.value_unmatched" if self.kind == "values" else "features.band_unmatched"
        shown = [repr(m) if self.kind == "values" else m for m in self.missing[:8]]
        missing = ", ".join(shown) + (" …" if len(self.missing) > 8 else "")
        values = {"rule": name or self.rule, "missing": missing, "present": self.present}
        return Text(key, values)


def unmatched_criteria(ws: Workspace, criteria: Criteria) -> list[Unmatched]:
    """Fit-rule values and bands that match no lead, with what the data holds.

    Args:
        ws: the workspace (nothing while it has no leads).
        criteria: the criteria to check.

    Returns:
        One :class:`Unmatched` per rule with a value or band that no lead has.

    Example:
        >>> from analytics.criteria import load_criteria
        >>> ws = Workspace.open(":memory:")
        >>> with ws.transaction() as cur:
        ...     _ = cur.execute("INSERT INTO leads (lead_id, industry) VALUES ('a', 'IT'), ('b', 'Retail')")
        >>> c = load_criteria('[[fit]]\\nname = "ind"\\nfield = "industry"\\nvalues = {IT = 5, Mfg = 9}')
        >>> [str(u.text()) for u in unmatched_criteria(ws, c)]
        ["fit rule 'ind': no lead has 'Mfg' (values in the data: 'IT', 'Retail')"]
    """
    columns = ws.columns("leads")
    rules = [r for r in criteria.fit_rules if r.field in columns and r.kind in ("values", "bands")]
    if not rules or not ws.scalar("SELECT count(*) FROM leads"):
        return []
    found = []
    for rule in rules:
        values = ws.query(f"SELECT DISTINCT {quote_ident(rule.field)} AS v FROM leads")["v"]
        check = _unmatched_values if rule.kind == "values" else _empty_bands
        one = check(rule, values)
        if one is not None:
            found.append(one)
    return found


def _unmatched_values(rule: FitRule, values: pl.Series) -> Unmatched | None:
    """The rule's keys no value matches (values compared as :func:`fit_index_expr` does)."""
    present = values.cast(pl.String).str.strip_chars().drop_nulls()
    seen = set(present.filter(present != "").to_list())
    keys, index = value_keys(rule)
    matched = {i for k, i in zip(keys, index, strict=True) if k in seen}
    missing = tuple(key for i, (key, _) in enumerate(rule.values) if i not in matched)
    if not missing:
        return None
    listed = ", ".join(repr(v) for v in sorted(seen)[:12]) + (" …" if len(seen) > 12 else "")
    return Unmatched(rule.name, rule.label, "values", missing, listed)


def _empty_bands(rule: FitRule, values: pl.Series) -> Unmatched | None:
    """The rule's bands no lead's value falls in (naming the data's range)."""
    numbers = values.cast(pl.Float64, strict=False).drop_nulls().drop_nans()
    if numbers.len() == 0:
        bands = tuple(b.display for b in rule.bands)
        return Unmatched(rule.name, rule.label, "bands", bands, "") if bands else None
    inf = float("inf")
    missing = tuple(
        band.display
        for band in rule.bands
        if numbers.filter(
            (numbers >= (-inf if band.min is None else band.min))
            & (numbers < (inf if band.max is None else band.max))
        ).len()
        == 0
    )
    if not missing:
        return None
    span = f"{float(numbers.min()):,g}–{float(numbers.max()):,g}"  # type: ignore[arg-type]
    return Unmatched(rule.name, rule.label, "bands", missing, span)


def rule_layers(criteria: Criteria) -> list[list[int]]:
    """Group activity rules into layers of mutually exclusive rules (one SQL CASE per layer).

    Two rules are exclusive when both list types (or details, or campaigns) and
    the lists share nothing; an activity matching several rules counts for each.

    Example:
        >>> from analytics.criteria import default_criteria
        >>> len(rule_layers(default_criteria()))
        1
    """
    rules = [r for r in criteria.engagement_rules if r.field is None]

    def exclusive(a: Any, b: Any) -> bool:
        pairs = ((a.types, b.types), (a.detail, b.detail), (a.campaign, b.campaign))
        return any(x and y and not set(x) & set(y) for x, y in pairs)

    layers: list[list[int]] = []
    for i, rule in enumerate(rules):
        for layer in layers:
            if all(exclusive(rule, rules[j]) for j in layer):
                layer.append(i)
                break
        else:
            layers.append([i])
    return layers


# The activity columns an engagement rule can match on (besides the lead and the time).
RULE_COLUMNS: tuple[str, ...] = ("type", "detail", "campaign")


def activity_condition(rule: EngagementRule) -> tuple[str, list[Any]]:
    """SQL condition (with ``?`` parameters) matching the activities of ``rule``.

    Example:
        >>> from analytics.criteria import EngagementRule
        >>> activity_condition(EngagementRule("p", 15.0, types=("page_view",), detail=("pricing",)))
        ('type IN (?) AND detail IN (?)', ['page_view', 'pricing'])
    """
    parts: list[str] = []
    params: list[Any] = []
    for column, values in zip(RULE_COLUMNS, (rule.types, rule.detail, rule.campaign), strict=True):
        if values:
            parts.append(f"{column} IN ({', '.join('?' * len(values))})")
            params += list(values)
    if rule.detail_contains:
        parts.append(
            "(" + " OR ".join(["contains(lower(detail), ?)"] * len(rule.detail_contains)) + ")"
        )
        params += [v.lower() for v in rule.detail_contains]
    return " AND ".join(parts) or "TRUE", params


def rule_cases(criteria: Criteria) -> list[tuple[str, list[Any]]]:
    """One SQL expression per layer of :func:`rule_layers`: the index of the activity rule an
    activity row matches (NULL if none), with its ``?`` parameters.

    Example:
        >>> from analytics.criteria import load_criteria
        >>> rule_cases(load_criteria('[[engagement]]\\nname="w"\\ntype="webinar"\\npoints=5'))
        [('CAST(CASE WHEN type IN (?) THEN 0 END AS SMALLINT)', ['webinar'])]
    """
    rules = [r for r in criteria.engagement_rules if r.field is None]
    out: list[tuple[str, list[Any]]] = []
    for layer in rule_layers(criteria):
        cases, params = [], []
        for i in layer:
            cond, cond_params = activity_condition(rules[i])
            cases.append(f"WHEN {cond} THEN {i}")
            params += cond_params
        out.append((f"CAST(CASE {' '.join(cases)} END AS SMALLINT)", params))
    return out


def engagement_sql(criteria: Criteria, as_of: datetime) -> tuple[str, list[Any]]:
    """One GROUP BY over activities: per lead, each rule's decayed windowed count as of ``as_of``.

    Each activity's rule is found once (one ``CASE`` per layer of mutually exclusive
    rules, :func:`rule_layers`); its weight is ``2^(-age/half_life)``; the per-rule sums
    are ``FILTER`` aggregates (with the rule's window).

    Returns:
        The SQL (columns ``lead_id``, ``e0``, ``e1``, … over the activities by ``as_of``
        that match some activity rule) and its parameters.

    Example:
        >>> from analytics.criteria import load_criteria
        >>> sql, params = engagement_sql(load_criteria('[[engagement]]\\nname="w"\\ntype="webinar"\\npoints=5'),
        ...                              datetime(2025, 1, 1))
        >>> "GROUP BY lead_id" in sql, len(params)
        (True, 2)
    """
    rules = [r for r in criteria.engagement_rules if r.field is None]
    as_of_epoch = (
        (as_of - datetime(1970, 1, 1)).total_seconds()
        if as_of.tzinfo is None
        else as_of.timestamp()
    )
    parts: list[str] = []
    params: list[Any] = []
    for case, case_params in rule_cases(criteria):
        parts.append(
            f"SELECT lead_id, occurred_at, {case} AS r FROM activities WHERE occurred_at <= ?"
        )
        params += [*case_params, as_of]
    inv = [0.0 if r.half_life_days is None else 1.0 / (r.half_life_days * 86400.0) for r in rules]
    decay = " ".join(f"WHEN {i} THEN {v!r}" for i, v in enumerate(inv) if v)
    weight = (
        f"pow(2.0, (floor(epoch(occurred_at)) - {as_of_epoch!r}) * CASE r {decay} ELSE 0.0 END)"
        if decay
        else "1.0"
    )
    sums, window_params = [], []  # the outer SELECT comes first in the SQL text
    for i, rule in enumerate(rules):
        window = ""
        if rule.window_days is not None:
            window = " AND occurred_at > ?"
            window_params.append(as_of - timedelta(days=rule.window_days))
        sums.append(f"coalesce(sum(w) FILTER (WHERE r = {i}{window}), 0.0) AS e{i}")
    union = (
        " UNION ALL ".join(parts)
        if parts
        else "SELECT CAST(NULL AS VARCHAR) AS lead_id, CAST(NULL AS TIMESTAMP) AS occurred_at, "
        "CAST(NULL AS SMALLINT) AS r WHERE FALSE"
    )
    sql = (
        f"SELECT lead_id{''.join(', ' + s for s in sums)} FROM "
        f"(SELECT lead_id, occurred_at, r, {weight} AS w FROM ({union}) WHERE r IS NOT NULL) "
        "GROUP BY lead_id"
    )
    return sql, [*window_params, *params]


def read_leads(
    ws: Workspace, criteria: Criteria, as_of: datetime, *, extra: tuple[str, ...] = ()
) -> pl.DataFrame:
    """The leads that exist at ``as_of`` with the columns the rules read (sorted by lead_id).

    Example:
        >>> from analytics.criteria import default_criteria
        >>> read_leads(Workspace.open(":memory:"), default_criteria(), datetime(2025, 1, 1)).columns[:2]
        ['lead_id', 'created_at']
    """
    check_fields(ws, criteria)
    wanted = ["lead_id", "created_at", *extra]
    for rule in (*criteria.fit_rules, *criteria.engagement_rules):
        if rule.field is not None and rule.field not in wanted:
            wanted.append(rule.field)
    select = ", ".join(quote_ident(c) for c in wanted)
    return ws.query(
        f"SELECT {select} FROM leads WHERE created_at IS NULL OR created_at <= ? ORDER BY lead_id",
        [as_of],
    )


def build_features(ws: Workspace, criteria: Criteria, *, as_of: datetime | None = None) -> Features:
    """Build the feature matrix of ``criteria`` as of ``as_of`` (default: the data's end).

    Args:
        ws: the workspace.
        criteria: the criteria (only its rule structure matters, not points/weights).
        as_of: point in time; activities after it never count.

    Returns:
        :class:`Features` with one row per lead existing at ``as_of``.

    Raises:
        CriteriaError: a rule reads a lead column that does not exist.

    Example:
        >>> from analytics.criteria import default_criteria
        >>> build_features(Workspace.open(":memory:"), default_criteria()).frame.height
        0
    """
    as_of = (as_of or data_end(ws)).replace(microsecond=0)  # times are taken to the second
    leads = read_leads(ws, criteria, as_of)
    sql, params = engagement_sql(criteria, as_of)
    activity_rules = [r for r in criteria.engagement_rules if r.field is None]
    counts = ws.query(sql, params).rename(
        {f"e{i}": eng_column(r) for i, r in enumerate(activity_rules)}
    )
    frame = leads.join(counts, on="lead_id", how="left", maintain_order="left")  # lead_id order
    has_activities = pl.col("lead_id").is_in(counts["lead_id"].implode())
    eng_exprs = []
    for rule in criteria.engagement_rules:
        if rule.field is None:
            eng_exprs.append(pl.col(eng_column(rule)).fill_null(0.0))
        else:
            value = pl.col(rule.field).cast(pl.Float64, strict=False).fill_null(0.0).fill_nan(0.0)
            eng_exprs.append(
                pl.when(has_activities)
                .then(0.0)
                .otherwise(value.clip(lower_bound=0.0))
                .alias(eng_column(rule))
            )
    frame = frame.select(
        "lead_id",
        pl.col("created_at"),
        *[fit_index_expr(r) for r in criteria.fit_rules],
        *eng_exprs,
    )
    return Features(frame=frame, as_of=as_of, structure=criteria.structure)
