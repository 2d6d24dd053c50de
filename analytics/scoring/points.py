"""Scores from a feature matrix: fit, engagement, total per lead, and "why this score".

Two steps (DESIGN §3): :func:`build_features` (re-exported from
:mod:`analytics.scoring.features`) scans the data once; :func:`score_features` applies
points, caps, weights and the floor/ceiling in polars, so a change of points,
weights or threshold re-scores in milliseconds.

Formulas (per lead):

- fit rule points = the points of the matched option (band/value/fragment,
  "(default)" or "(missing)");
- engagement rule points = ``points × decayed count``, clipped to ``[-cap, cap]``;
- ``fit = fit_weight × Σ fit rule points``;
  ``engagement = engagement_weight × Σ engagement rule points``;
- ``total = clamp(fit + engagement, floor, ceiling)``.

:func:`explain_lead` lists each rule's weighted contribution plus the
floor/ceiling adjustment as an explicit line, so the lines sum to the total.
"""

from __future__ import annotations

import unicodedata
from datetime import date, datetime

import polars as pl

from analytics.criteria import (
    ADJUSTMENT_RULE,
    Criteria,
    EngagementRule,
    FitRule,
)
from analytics.errors import CriteriaError, InputError
from analytics.scoring.features import Features, build_features, eng_column, fit_column

__all__ = [
    "Features",
    "build_features",
    "eng_points_expr",
    "explain_lead",
    "fit_points_expr",
    "lead_labels",
    "mql_changes",
    "score_features",
    "search_leads",
]

# A person's name, in the columns an import keeps from CRM exports (custom lead attributes).
PERSON_COLUMNS: tuple[str, ...] = (
    "name",
    "full_name",
    "contact_name",
    "last_name",
    "first_name",
    "氏名",
    "名前",
    "姓",
    "名",
)
# What the lead picker searches (those the leads frame has), in the order shown.
SEARCH_COLUMNS: tuple[str, ...] = ("lead_id", "company", *PERSON_COLUMNS, "email")


def fit_points_expr(rule: FitRule) -> pl.Expr:
    """Unweighted points of a fit rule, from its option-index feature column.

    Example:
        >>> from analytics.criteria import FitRule
        >>> r = FitRule("ind", "industry", "values", values=(("IT", 20.0),), default=3.0)
        >>> pl.DataFrame({"fit:ind": [0, 1, 2]}, schema={"fit:ind": pl.Int16}).select(
        ...     fit_points_expr(r))["fit:ind"].to_list()
        [20.0, 3.0, 0.0]
    """
    table = pl.Series(rule.points, dtype=pl.Float64)
    return pl.lit(table).gather(pl.col(fit_column(rule))).alias(fit_column(rule))


def eng_points_expr(rule: EngagementRule, count: pl.Expr | None = None) -> pl.Expr:
    """Unweighted points of an engagement rule: ``points × count`` clipped to ``±cap``.

    Args:
        rule: the engagement rule.
        count: the decayed count (default: the rule's feature column).

    Example:
        >>> from analytics.criteria import EngagementRule
        >>> r = EngagementRule("pricing", 15.0, types=("page_view",), cap=45.0)
        >>> pl.DataFrame({"eng:pricing": [0.5, 10.0]}).select(eng_points_expr(r))["eng:pricing"].to_list()
        [7.5, 45.0]
    """
    count = pl.col(eng_column(rule)) if count is None else count
    raw = count * rule.points
    if rule.cap is not None:
        raw = raw.clip(-rule.cap, rule.cap)
    return raw.alias(eng_column(rule))


def _check(features: Features, criteria: Criteria) -> None:
    if features.structure != criteria.structure:
        raise CriteriaError.make("points.other_rules")


def _sum(exprs: list[pl.Expr]) -> pl.Expr:
    return pl.sum_horizontal(exprs) if exprs else pl.lit(0.0)


def total_expr(criteria: Criteria, fit: pl.Expr, engagement: pl.Expr) -> pl.Expr:
    """``clamp(fit + engagement, floor, ceiling)`` as an expression.

    Example:
        >>> from analytics.criteria import Criteria
        >>> pl.select(total_expr(Criteria(floor=0.0, ceiling=50.0), pl.lit(40.0), pl.lit(-60.0))).item()
        0.0
    """
    return (fit + engagement).clip(criteria.floor, criteria.ceiling).alias("total")


def score_features(features: Features, criteria: Criteria) -> pl.DataFrame:
    """Score every lead of a feature matrix with the points and weights of ``criteria``.

    Args:
        features: from :func:`build_features` with criteria of the same rule structure.
        criteria: points, caps, weights, floor/ceiling to apply.

    Returns:
        ``lead_id``, ``fit``, ``engagement`` (both weighted), ``total`` (clamped).

    Raises:
        CriteriaError: the rule structure differs from the one the features were built for.

    Example:
        >>> from analytics.criteria import load_criteria
        >>> from analytics.store.db import Workspace
        >>> c = load_criteria("threshold = 80")
        >>> score_features(build_features(Workspace.open(":memory:"), c), c).columns
        ['lead_id', 'fit', 'engagement', 'total']
    """
    _check(features, criteria)
    fit = _sum([fit_points_expr(r) for r in criteria.fit_rules]) * criteria.fit_weight
    engagement = (
        _sum([eng_points_expr(r) for r in criteria.engagement_rules]) * criteria.engagement_weight
    )
    return (
        features.frame.lazy()
        .select(
            "lead_id",
            fit.cast(pl.Float64).alias("fit"),
            engagement.cast(pl.Float64).alias("engagement"),
        )
        .with_columns(total_expr(criteria, pl.col("fit"), pl.col("engagement")))
        .collect()
    )


def explain_lead(features: Features, criteria: Criteria, lead_id: str) -> pl.DataFrame:
    """Why a lead has its score: each rule's weighted contribution, summing to the total.

    Args:
        features: the feature matrix.
        criteria: the criteria to explain.
        lead_id: the lead.

    Returns:
        ``rule``, ``points`` (weighted contribution), ``kind`` (fit / engagement /
        adjustment) and ``detail`` (matched option, or count × points and the cap),
        one row per rule and a last row ``(floor/ceiling adjustment)``.
        ``points`` sums to the lead's total.

    Raises:
        InputError: no such lead.
        CriteriaError: the rule structure differs from the features'.

    Example:
        >>> from analytics.criteria import load_criteria
        >>> from analytics.store.db import Workspace
        >>> explain_lead(build_features(Workspace.open(":memory:"), load_criteria("")), load_criteria(""), "L1")
        Traceback (most recent call last):
        ...
        analytics.errors.InputError: lead 'L1' not found as of ... check the lead id (or the --as-of date)
    """
    _check(features, criteria)
    row = features.frame.filter(pl.col("lead_id") == lead_id)
    if row.height == 0:
        raise InputError.make("points.lead_not_found", lead_id=lead_id, as_of=features.as_of)
    fit_points = (
        row.select([fit_points_expr(r) for r in criteria.fit_rules]).row(0)
        if criteria.fit_rules
        else ()
    )
    eng_points = (
        row.select([eng_points_expr(r) for r in criteria.engagement_rules]).row(0)
        if criteria.engagement_rules
        else ()
    )
    rules: list[str] = []
    points: list[float] = []
    kinds: list[str] = []
    details: list[str] = []
    for rule, value in zip(criteria.fit_rules, fit_points, strict=True):
        option = rule.options[row[fit_column(rule)].item()]
        rules.append(rule.name)
        points.append(value * criteria.fit_weight)
        kinds.append("fit")
        details.append(f"{rule.field} = {option}: {value:g} × {criteria.fit_weight:g}")
    for rule, value in zip(criteria.engagement_rules, eng_points, strict=True):
        count = row[eng_column(rule)].item()
        capped = rule.cap is not None and abs(count * rule.points) > rule.cap
        rules.append(rule.name)
        points.append(value * criteria.engagement_weight)
        kinds.append("engagement")
        details.append(
            f"{count:.3g} × {rule.points:g}"
            + (f" → cap {rule.cap:g}" if capped else "")
            + f" × {criteria.engagement_weight:g}"
        )
    total = score_features(Features(row, features.as_of, features.structure), criteria)[
        "total"
    ].item()
    rules.append(ADJUSTMENT_RULE)
    points.append(total - sum(points))
    kinds.append("adjustment")
    ceiling = "-" if criteria.ceiling is None else f"{criteria.ceiling:g}"
    details.append(f"floor {criteria.floor:g}, ceiling {ceiling}")
    return pl.DataFrame(
        {"rule": rules, "points": points, "kind": kinds, "detail": details},
        schema={"rule": pl.String, "points": pl.Float64, "kind": pl.String, "detail": pl.String},
    )


def compare_crm_mql(leads: pl.DataFrame) -> dict[str, float | int | None]:
    """Replayed MQL moments against the imported CRM ones (``Replay.leads``).

    Returns:
        ``both``, ``replay_only``, ``crm_only``, ``neither`` (lead counts) and
        ``median_days`` (replayed minus CRM moment, for leads with both; None if none).

    Example:
        >>> d = datetime(2025, 1, 1)
        >>> f = pl.DataFrame({"mql_at": [d, d, None], "crm_mql_at": [d, None, d]})
        >>> compare_crm_mql(f)
        {'both': 1, 'replay_only': 1, 'crm_only': 1, 'neither': 0, 'median_days': 0.0}
    """
    replayed = pl.col("mql_at").is_not_null()
    crm = pl.col("crm_mql_at").is_not_null()
    row = leads.select(
        both=(replayed & crm).sum(),
        replay_only=(replayed & ~crm).sum(),
        crm_only=(~replayed & crm).sum(),
        neither=(~replayed & ~crm).sum(),
        median_days=((pl.col("mql_at") - pl.col("crm_mql_at")).dt.total_seconds() / 86400.0)
        .filter(replayed & crm)
        .median(),
    ).row(0, named=True)
    return {k: (int(v) if k != "median_days" else v) for k, v in row.items()}


def mql_changes(before: pl.DataFrame, after: pl.DataFrame) -> dict[str, int]:
    """How many leads change MQL status between two replays' lead frames.

    Args:
        before: ``lead_id``, ``mql_at`` (e.g. the active criteria's replay).
        after: ``lead_id``, ``mql_at`` (the edited criteria's replay).

    Returns:
        ``mql_before``, ``mql_after``, ``became_mql``, ``no_longer_mql``.

    Example:
        >>> from datetime import datetime
        >>> d = datetime(2025, 1, 1)
        >>> a = pl.DataFrame({"lead_id": ["x", "y", "z"], "mql_at": [d, None, d]})
        >>> b = pl.DataFrame({"lead_id": ["x", "y", "z"], "mql_at": [None, d, d]})
        >>> mql_changes(a, b)
        {'mql_before': 2, 'mql_after': 2, 'became_mql': 1, 'no_longer_mql': 1}
    """
    if before["lead_id"].equals(after["lead_id"]):  # the same leads in the same order: no join
        joined = pl.DataFrame(
            {"was": before["mql_at"].is_not_null(), "now": after["mql_at"].is_not_null()}
        )
    else:
        joined = _joined_status(before, after)
    row = joined.select(
        mql_before=pl.col("was").sum(),
        mql_after=pl.col("now").sum(),
        became_mql=(pl.col("now") & ~pl.col("was")).sum(),
        no_longer_mql=(pl.col("was") & ~pl.col("now")).sum(),
    ).row(0, named=True)
    return {k: int(v) for k, v in row.items()}


def _joined_status(before: pl.DataFrame, after: pl.DataFrame) -> pl.DataFrame:
    """``was``/``now``: MQL status of every lead of either frame (absent: not an MQL)."""
    return (
        before.select("lead_id", was=pl.col("mql_at").is_not_null())
        .join(
            after.select("lead_id", now=pl.col("mql_at").is_not_null()),
            on="lead_id",
            how="full",
            coalesce=True,
        )
        .with_columns(pl.col("was", "now").fill_null(False))
        .select("was", "now")
    )


def search_leads(leads: pl.DataFrame, query: str, *, limit: int = 200) -> pl.DataFrame:
    """Leads whose id, company or person (name, e-mail) matches ``query``, at most ``limit``.

    Every word of the query must be found (case-insensitive; the query NFKC-normalised,
    so full-width ``ＡＣＭＥ`` finds ``Acme``) in one of the :data:`SEARCH_COLUMNS` the frame has — the
    lead id, the company, the person's name columns an import kept (``name``,
    ``last_name``, ``氏名``, …: :data:`PERSON_COLUMNS`) and the e-mail, whose
    local part is read as a name (``ayaka.ikeda@…`` is found by "Ikeda Ayaka").

    Args:
        leads: leads with ``lead_id`` and, if present, the other search columns.
        query: the text to look for (empty: the first ``limit`` leads).
        limit: most rows returned.

    Returns:
        The :data:`SEARCH_COLUMNS` present in ``leads`` of the matching leads, by lead id.

    Example:
        >>> f = pl.DataFrame({"lead_id": ["L2", "L1"], "company": ["Acme", "架け橋商事"],
        ...     "email": ["ayaka.ikeda@acme.jp", None], "氏名": [None, "山田 花子"]})
        >>> search_leads(f, "ikeda ａｙａｋａ").rows()
        [('L2', 'Acme', None, 'ayaka.ikeda@acme.jp')]
        >>> search_leads(f, "山田 架け橋")["lead_id"].to_list(), search_leads(f, "")["lead_id"].to_list()
        (['L1'], ['L1', 'L2'])
    """
    words = unicodedata.normalize("NFKC", query).lower().split()
    columns = [c for c in SEARCH_COLUMNS if c in leads.columns]
    leads = leads.select(columns).sort("lead_id")
    if not words:
        return leads.head(limit)
    text = pl.concat_str(
        [pl.col(c).cast(pl.String).fill_null("") for c in columns]
        + (
            [
                pl.col("email")
                .cast(pl.String)
                .str.replace(r"@.*$", "")
                .str.replace_all(r"[._\-+]", " ")
            ]
            if "email" in columns
            else []
        ),
        separator="\n",
        ignore_nulls=True,
    ).str.to_lowercase()  # imports store text NFKC-normalised; the query is normalised here
    hit = pl.all_horizontal(text.str.contains(word, literal=True) for word in words)
    return leads.filter(hit).head(limit)


def lead_labels(found: pl.DataFrame) -> dict[str, str]:
    """Lead id -> how the lead picker shows it: id, company, person (the columns present).

    Example:
        >>> f = pl.DataFrame({"lead_id": ["L1", "L2"], "company": ["Acme", None],
        ...                   "email": ["a@acme.jp", "b@x.jp"]})
        >>> lead_labels(f)
        {'L1': 'L1 · Acme · a@acme.jp', 'L2': 'L2 · b@x.jp'}
    """
    shown = found.select(
        "lead_id",
        text=pl.concat_str(
            [pl.col(c).cast(pl.String) for c in SEARCH_COLUMNS if c in found.columns],
            separator=" · ",
            ignore_nulls=True,
        ),
    )
    return dict(zip(shown["lead_id"].to_list(), shown["text"].to_list(), strict=True))


# -- CLI -----------------------------------------------------------------------


def parse_as_of(text: str | None) -> datetime | None:
    """Parse ``--as-of`` (YYYY-MM-DD, YYYY/MM/DD, or an ISO datetime); a date means its end.

    Raises:
        InputError: not a date.

    Example:
        >>> parse_as_of("2025-08-31")
        datetime.datetime(2025, 8, 31, 23, 59, 59)
        >>> parse_as_of("2025-08-31T10:00")
        datetime.datetime(2025, 8, 31, 10, 0)
    """
    if text is None:
        return None
    cleaned = text.strip().replace("/", "-")
    try:
        if len(cleaned) <= 10:
            day = date.fromisoformat(cleaned)
            return datetime(day.year, day.month, day.day, 23, 59, 59)
        return datetime.fromisoformat(cleaned)
    except ValueError as exc:
        raise InputError.make("points.bad_as_of", value=text) from exc
