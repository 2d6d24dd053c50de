"""Why this score, at the moment that matters: one lead, explained cheaply.

Sales asks why a lead became an MQL, not why its decayed score is what it is today.
:func:`explain_lead_moments` explains ONE lead at the moment that matters —

- an **MQL** at its MQL moment (the replay's ``mql_at``): the replayed score there;
- a lead that is not an MQL at its **hand-off** to sales (``handoff_at``): the
  point-in-time score a model sees (:mod:`analytics.scoring.decision_features`);
- a lead that is neither, as of the data's end —

and beside it the score **today** (as of the replay's ``as_of``: the replay's ``total``).

Cheap: one SQL query reads the lead's row and one its scored activities (matched to
rules by the same ``CASE`` expressions as the feature matrix,
:func:`~analytics.scoring.features.rule_cases`); the per-rule decayed counts are one
small polars chain over those rows; the points come from
:func:`analytics.scoring.points.explain_lead` on that one-row feature matrix, so the
lines add up to the total exactly as the points layer adds them.

A moment is read as the replay reads it (:mod:`analytics.scoring.replay`): times are
taken to the second. At the MQL moment ``T`` an activity (by ``as_of``) counts when
``floor(t) <= T`` and, for a rule with a window, ``floor(t) > T - window``; its weight
is ``2^((floor(t) - T) / half_life)``. At a hand-off ``C`` only ``floor(t) < C`` counts,
decayed to ``C``. An aggregate rule (``field = …``) counts its lead column only for a
lead without scored activity by ``as_of`` (at a hand-off: before ``C``), as the replay
(and the decision features) do.

**Rounding rule** (:func:`round_to_total`). A person reads whole points, and the
lines must add up to the score shown, ``round(total)``. Fit lines (the same at every
moment) are rounded among themselves to their rounded sum, so a fit rule reads the same
at the MQL moment and today; the other lines to what is left of ``round(total)``. Both
by the largest-remainder method: each line floored, then those with the largest
fractions get one more point until the sum is reached (when the other lines have no
fraction to give, all lines are rounded together). Each line is off by less than a
point, and a line that adds exactly nothing shows 0. The
readable words are in :mod:`analytics.scoring.why`.

Example:
    >>> round_to_total([7.5, 7.5, -0.2], 14.8)
    [8, 7, 0]
    >>> round_to_total([7.5, 7.5, -0.2], 14.8, fixed=[True, False, False])
    [8, 7, 0]
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import polars as pl

from analytics.criteria import Criteria
from analytics.errors import InputError
from analytics.scoring.features import (
    Features,
    check_fields,
    eng_column,
    fit_column,
    fit_index_expr,
    rule_cases,
)
from analytics.scoring.points import explain_lead, score_features
from analytics.store.db import Workspace, quote_ident

MOMENTS: tuple[str, ...] = ("mql", "handoff", "as_of")  # what Explanation.moment may be

_EVENTS_SCHEMA = {"at": pl.Datetime("us"), "r": pl.Int16}
LINE_SCHEMA: dict[str, Any] = {
    "rule": pl.String,
    "kind": pl.String,
    "points": pl.Float64,
    "rounded": pl.Int64,
    "option": pl.Int16,
    "value": pl.String,
    "value_number": pl.Float64,
    "count": pl.Int64,
    "decayed": pl.Float64,
    "first_at": pl.Datetime("us"),
    "capped": pl.Boolean,
}


@dataclass(frozen=True)
class Explanation:
    """One lead's score at one moment, rule by rule.

    Attributes:
        lead_id: the lead.
        moment: ``"mql"`` (the MQL moment), ``"handoff"`` (just before the hand-off)
            or ``"as_of"`` (the data's end: "today").
        at: the moment (to the second).
        total: the exact score then (``fit + engagement`` clamped to floor/ceiling).
        lines: one row per rule in criteria order, then ``(floor/ceiling adjustment)``:
            ``rule`` (name), ``kind`` (fit / engagement / adjustment), ``points`` (exact
            weighted contribution; they sum to ``total``), ``rounded`` (whole points by
            :func:`round_to_total`, fit lines fixed; they sum to ``round(total)``), for a
            fit rule the matched
            ``option`` (index into ``FitRule.options``) and the lead's ``value`` (text) /
            ``value_number``; for an engagement rule the ``count`` of activities counted,
            their ``decayed`` count, the ``first_at`` of them and whether the cap bound
            (``capped``); an aggregate rule's column is its ``value_number``.
    """

    lead_id: str
    moment: str
    at: datetime
    total: float
    lines: pl.DataFrame

    @property
    def rounded_total(self) -> int:
        """The score a person reads: ``round(total)`` (the sum of ``lines["rounded"]``)."""
        return round(self.total)


@dataclass(frozen=True)
class LeadExplanation:
    """A lead explained at the moment that matters and today.

    Attributes:
        lead_id: the lead.
        threshold: the MQL threshold of the criteria.
        mql_at: the MQL moment (None: never an MQL).
        handoff_at: the first sales touch (None: never touched).
        as_of: "today" (the replay's as-of).
        at_moment: the explanation at the MQL moment, else at the hand-off, else today.
        today: the explanation as of ``as_of`` (the same object as ``at_moment`` when
            the lead is neither an MQL nor handed off).
    """

    lead_id: str
    threshold: float
    mql_at: datetime | None
    handoff_at: datetime | None
    as_of: datetime
    at_moment: Explanation
    today: Explanation


def _largest_remainder(values: Sequence[float], target: int) -> list[int] | None:
    """Floor every value, then one more to the largest fractions until the sum is ``target``;
    None when that needs more (or fewer) than the values with a fraction can give."""
    floors = [math.floor(v) for v in values]
    extra = target - sum(floors)
    with_fraction = [i for i, (v, f) in enumerate(zip(values, floors, strict=True)) if v > f]
    if not 0 <= extra <= len(with_fraction):
        return None
    ranked = sorted(with_fraction, key=lambda i: values[i] - floors[i], reverse=True)
    for i in ranked[:extra]:  # sorted() is stable: the first line wins a tie
        floors[i] += 1
    return floors


def round_to_total(
    values: Sequence[float], total: float, *, fixed: Sequence[bool] | None = None
) -> list[int]:
    """Round each value to a whole number so that they add up to ``round(total)``.

    Largest remainder: values are floored, then those with the largest fractional parts
    (the first on a tie) get one more until the sum is reached. The ``fixed`` values are
    rounded among themselves first, to the rounded sum of them — so lines that are the
    same at every moment (fit rules) read the same in every column — and the others to
    what is left of ``round(total)``. When that cannot be done (only when the others have
    no fraction to give), every value is rounded together. Either way each value moves by
    less than one, and a value of exactly 0 stays 0.

    Args:
        values: the exact contributions.
        total: their exact sum (the score), up to floating-point noise.
        fixed: which values to round on their own (default: none).

    Returns:
        Whole numbers, one per value, summing to ``round(total)``.

    Example:
        >>> round_to_total([14.6, 7.5, -4.5, 0.0], 17.6)
        [15, 8, -5, 0]
        >>> round_to_total([7.5, 1.5, 3.4, 2.3], 14.7, fixed=[True, True, False, False])
        [8, 1, 4, 2]
        >>> round_to_total([7.5, 1.5, 3.4, 2.3], 14.7)
        [8, 2, 3, 2]
    """
    target = round(total)
    if fixed is not None and any(fixed):
        first = [i for i, f in enumerate(fixed) if f]
        rest = [i for i, f in enumerate(fixed) if not f]
        own = _largest_remainder(
            [values[i] for i in first], round(math.fsum(values[i] for i in first))
        )
        if own is not None:
            spread = _largest_remainder([values[i] for i in rest], target - sum(own))
            if spread is not None:
                shown = dict(zip(first + rest, own + spread, strict=True))
                return [shown[i] for i in range(len(values))]
    found = _largest_remainder(values, target)
    return found if found is not None else [round(v) for v in values]


def lead_events(
    ws: Workspace, criteria: Criteria, lead_id: str, *, as_of: datetime
) -> pl.DataFrame:
    """One lead's scored activities by ``as_of``: the second they happened and the rule.

    An activity matching several rules (of different layers, as in the feature matrix)
    gives one row per rule.

    Returns:
        ``at`` (Datetime, floored to the second), ``r`` (Int16: index among the
        activity rules, ``field is None``), sorted by ``at``.

    Example:
        >>> from analytics.criteria import default_criteria
        >>> lead_events(Workspace.open(":memory:"), default_criteria(), "L1",
        ...             as_of=datetime(2025, 1, 1)).columns
        ['at', 'r']
    """
    cases = rule_cases(criteria)
    if not cases:
        return pl.DataFrame(schema=_EVENTS_SCHEMA)
    columns = ", ".join(f"{case} AS r{j}" for j, (case, _) in enumerate(cases))
    params = [p for _, case_params in cases for p in case_params] + [lead_id, as_of]
    found = ws.query(
        f"SELECT date_trunc('second', occurred_at) AS at, {columns} FROM activities "
        "WHERE lead_id = ? AND occurred_at <= ?",
        params,
    )
    return (
        found.unpivot(index="at", on=[f"r{j}" for j in range(len(cases))], value_name="r")
        .drop_nulls("r")
        .select(pl.col("at").cast(pl.Datetime("us")), pl.col("r").cast(pl.Int16))
        .sort("at", "r")
    )


def count_rules(
    events: pl.DataFrame, criteria: Criteria, *, at: datetime, before: bool = False
) -> pl.DataFrame:
    """Per activity rule, what a lead's activities add up to at the moment ``at``.

    Args:
        events: from :func:`lead_events`.
        criteria: the criteria (windows and half-lives of its activity rules).
        at: the moment (to the second); ages are measured from it.
        before: count only activities strictly before ``at`` (a hand-off), else up to
            and including its second (an MQL moment, today).

    Returns:
        ``r``, ``count`` (activities in the window), ``decayed`` (their weights
        ``2^(-age/half_life)`` summed), ``first_at`` — one row per activity rule
        (0 / null when none).

    Example:
        >>> from analytics.criteria import load_criteria
        >>> c = load_criteria('[[engagement]]\\nname="p"\\ntype="page_view"\\npoints=15\\nhalf_life_days=10')
        >>> ev = pl.DataFrame({"at": [datetime(2025, 1, 1), datetime(2025, 1, 11)], "r": [0, 0]},
        ...                   schema={"at": pl.Datetime("us"), "r": pl.Int16})
        >>> count_rules(ev, c, at=datetime(2025, 1, 11)).select("count", "decayed").row(0)
        (2, 1.5)
        >>> count_rules(ev, c, at=datetime(2025, 1, 11), before=True).select("count", "decayed").row(0)
        (1, 0.5)
    """
    rules = [r for r in criteria.engagement_rules if r.field is None]
    table = pl.DataFrame(
        {
            "r": list(range(len(rules))),
            "window_s": [None if r.window_days is None else r.window_days * 86400.0 for r in rules],
            "half_life_s": [
                None if r.half_life_days is None else r.half_life_days * 86400.0 for r in rules
            ],
        },
        schema={"r": pl.Int16, "window_s": pl.Float64, "half_life_s": pl.Float64},
    )
    moment = pl.lit(at.replace(microsecond=0)).cast(pl.Datetime("us"))
    counted = (
        events.filter(pl.col("at") < moment if before else pl.col("at") <= moment)
        .join(table, on="r")
        .with_columns(age=(pl.col("at") - moment).dt.total_seconds().cast(pl.Float64))
        .filter(pl.col("window_s").is_null() | (pl.col("age") > -pl.col("window_s")))
        .group_by("r")
        .agg(
            count=pl.len().cast(pl.Int64),
            decayed=pl.when(pl.col("half_life_s").is_null())
            .then(1.0)
            .otherwise(pl.lit(2.0).pow(pl.col("age") / pl.col("half_life_s")))
            .sum(),
            first_at=pl.col("at").min(),
        )
    )
    return (
        table.select("r")
        .join(counted, on="r", how="left", maintain_order="left")
        .with_columns(pl.col("count").fill_null(0), pl.col("decayed").fill_null(0.0))
    )


def _lead_row(ws: Workspace, criteria: Criteria, lead_id: str, as_of: datetime) -> pl.DataFrame:
    """The lead's ``lead_id``, ``created_at`` and the columns its rules read (0 or 1 row)."""
    check_fields(ws, criteria)
    wanted = ["lead_id", "created_at"]
    for rule in (*criteria.fit_rules, *criteria.engagement_rules):
        if rule.field is not None and rule.field not in wanted:
            wanted.append(rule.field)
    return ws.query(
        f"SELECT {', '.join(quote_ident(c) for c in wanted)} FROM leads "
        "WHERE lead_id = ? AND (created_at IS NULL OR created_at <= ?)",
        [lead_id, as_of],
    )


def explain_at(
    ws: Workspace,
    criteria: Criteria,
    lead_id: str,
    *,
    at: datetime,
    moment: str = "as_of",
    as_of: datetime,
    lead: pl.DataFrame | None = None,
    events: pl.DataFrame | None = None,
) -> Explanation:
    """Explain one lead's score at one moment (see the module docstring for the reading).

    Args:
        ws: the workspace.
        criteria: the criteria to explain.
        lead_id: the lead.
        at: the moment.
        moment: ``"mql"`` or ``"as_of"`` (up to and including ``at``) or ``"handoff"``
            (strictly before ``at``).
        as_of: the replay's as-of; later activities never count.
        lead, events: the lead's row and :func:`lead_events`, when already read.

    Returns:
        :class:`Explanation`.

    Raises:
        InputError: no such lead at ``as_of``.
        CriteriaError: a rule reads a lead column that does not exist.

    Example:
        >>> from analytics.criteria import default_criteria
        >>> explain_at(Workspace.open(":memory:"), default_criteria(), "L1",
        ...            at=datetime(2025, 1, 1), as_of=datetime(2025, 1, 1))
        Traceback (most recent call last):
        ...
        analytics.errors.InputError: lead 'L1' not found as of 2025-01-01 00:00; check the lead id (or the --as-of date)
    """
    if moment not in MOMENTS:
        raise ValueError(f"moment {moment!r} is not one of {MOMENTS}")
    as_of = as_of.replace(microsecond=0)
    lead = _lead_row(ws, criteria, lead_id, as_of) if lead is None else lead
    if lead.height == 0:
        raise InputError.make("points.lead_not_found", lead_id=lead_id, as_of=as_of)
    events = lead_events(ws, criteria, lead_id, as_of=as_of) if events is None else events
    before = moment == "handoff"
    counts = count_rules(events, criteria, at=at, before=before)
    # aggregate rules: only for a lead without scored activity (by as_of; at a hand-off, before it)
    silent = (counts["count"].sum() if before else events.height) == 0
    decayed = counts["decayed"].to_list()
    activity_rules = iter(range(len(decayed)))
    eng = []
    for rule in criteria.engagement_rules:
        if rule.field is None:
            eng.append(pl.lit(decayed[next(activity_rules)], pl.Float64).alias(eng_column(rule)))
        else:
            value = pl.col(rule.field).cast(pl.Float64, strict=False).fill_null(0.0).fill_nan(0.0)
            eng.append(
                (value.clip(lower_bound=0.0) if silent else pl.lit(0.0)).alias(eng_column(rule))
            )
    frame = lead.select(
        pl.col("lead_id").cast(pl.String),
        "created_at",
        *[fit_index_expr(r) for r in criteria.fit_rules],
        *eng,
    )
    features = Features(frame=frame, as_of=at, structure=criteria.structure)
    total = float(score_features(features, criteria)["total"].item())
    return Explanation(
        lead_id=lead_id,
        moment=moment,
        at=at.replace(microsecond=0),
        total=total,
        lines=_lines(features, criteria, lead, counts, total),
    )


def _lines(
    features: Features,
    criteria: Criteria,
    lead: pl.DataFrame,
    counts: pl.DataFrame,
    total: float,
) -> pl.DataFrame:
    """:attr:`Explanation.lines`: the points layer's contributions with what they count."""
    contributions = explain_lead(features, criteria, features.frame["lead_id"].item())
    row = lead.row(0, named=True)
    by_rule = counts.to_dicts()
    activity = iter(by_rule)
    facts: list[dict[str, Any]] = []
    for rule in criteria.fit_rules:
        value = row[rule.field]
        facts.append(
            {
                "rule": rule.name,
                "option": features.frame[fit_column(rule)].item(),
                "value": None if value is None else str(value),
                "value_number": _as_number(value),
            }
        )
    for rule in criteria.engagement_rules:
        count = features.frame[eng_column(rule)].item()
        capped = rule.cap is not None and abs(count * rule.points) > rule.cap
        if rule.field is None:
            stats = next(activity)
            facts.append(
                {
                    "rule": rule.name,
                    "count": stats["count"],
                    "decayed": stats["decayed"],
                    "first_at": stats["first_at"],
                    "capped": capped,
                }
            )
        else:
            facts.append(
                {"rule": rule.name, "value_number": count, "decayed": count, "capped": capped}
            )
    side = pl.DataFrame(
        facts,
        schema={k: v for k, v in LINE_SCHEMA.items() if k not in ("kind", "points", "rounded")},
    )
    return (
        contributions.select("rule", "kind", "points")
        .join(side, on="rule", how="left", maintain_order="left")
        .with_columns(
            rounded=pl.Series(
                round_to_total(
                    contributions["points"].to_list(),
                    total,
                    fixed=(contributions["kind"] == "fit").to_list(),
                ),
                dtype=pl.Int64,
            )
        )
        .select(list(LINE_SCHEMA))
        .cast(LINE_SCHEMA)
    )


def _as_number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value) if math.isfinite(value) else None


def explain_lead_moments(
    ws: Workspace,
    criteria: Criteria,
    lead_id: str,
    *,
    mql_at: datetime | None,
    handoff_at: datetime | None,
    as_of: datetime,
) -> LeadExplanation:
    """Explain one lead at the moment that matters and today (see the module docstring).

    Args:
        ws: the workspace.
        criteria: the criteria (the same the moments were replayed with).
        lead_id: the lead.
        mql_at: its MQL moment (the replay's ``mql_at``; None: never an MQL).
        handoff_at: its first sales touch (the replay's ``handoff_at``; None: never).
        as_of: the replay's as-of ("today").

    Returns:
        :class:`LeadExplanation`: at the MQL moment, else at the hand-off, else today.

    Raises:
        InputError: no such lead at ``as_of``.

    Example:
        >>> from analytics.criteria import default_criteria
        >>> explain_lead_moments(Workspace.open(":memory:"), default_criteria(), "L1",
        ...     mql_at=None, handoff_at=None, as_of=datetime(2025, 1, 1))
        Traceback (most recent call last):
        ...
        analytics.errors.InputError: lead 'L1' not found as of 2025-01-01 00:00; check the lead id (or the --as-of date)
    """
    as_of = as_of.replace(microsecond=0)
    lead = _lead_row(ws, criteria, lead_id, as_of)
    if lead.height == 0:
        raise InputError.make("points.lead_not_found", lead_id=lead_id, as_of=as_of)
    events = lead_events(ws, criteria, lead_id, as_of=as_of)
    common = {"as_of": as_of, "lead": lead, "events": events}
    today = explain_at(ws, criteria, lead_id, at=as_of, moment="as_of", **common)
    if mql_at is not None:
        main = explain_at(ws, criteria, lead_id, at=mql_at, moment="mql", **common)
    elif handoff_at is not None:  # the replay's cut: the hand-off's second (by as_of)
        cut = min(handoff_at.replace(microsecond=0), as_of)
        main = explain_at(ws, criteria, lead_id, at=cut, moment="handoff", **common)
    else:
        main = today
    return LeadExplanation(
        lead_id=lead_id,
        threshold=criteria.threshold,
        mql_at=mql_at,
        handoff_at=handoff_at,
        as_of=as_of,
        at_moment=main,
        today=today,
    )


def explain_replayed(
    ws: Workspace, criteria: Criteria, leads: pl.DataFrame, lead_id: str, *, as_of: datetime
) -> LeadExplanation:
    """:func:`explain_lead_moments` with the moments read from a replay's ``leads`` frame.

    Args:
        ws: the workspace.
        criteria: the criteria that were replayed.
        leads: ``Replay.leads`` (``lead_id``, ``mql_at``, ``handoff_at``).
        lead_id: the lead.
        as_of: ``Replay.as_of``.

    Raises:
        InputError: the lead is not in the replay.

    Example:
        >>> from analytics.criteria import default_criteria
        >>> explain_replayed(Workspace.open(":memory:"), default_criteria(),
        ...     pl.DataFrame(schema={"lead_id": pl.String}), "L1", as_of=datetime(2025, 1, 1))
        Traceback (most recent call last):
        ...
        analytics.errors.InputError: lead 'L1' not found as of 2025-01-01 00:00; check the lead id (or the --as-of date)
    """
    found = leads.filter(pl.col("lead_id") == lead_id)
    if found.height == 0:
        raise InputError.make("points.lead_not_found", lead_id=lead_id, as_of=as_of)
    row = found.row(0, named=True)
    return explain_lead_moments(
        ws,
        criteria,
        lead_id,
        mql_at=row["mql_at"],
        handoff_at=row["handoff_at"],
        as_of=as_of,
    )
