"""The feature matrix as of each lead's own decision point (DESIGN §3, point in time).

:func:`analytics.scoring.features.build_features` counts behaviour as of *one* date
for every lead. A model that predicts an outcome must instead see each lead as it
was at its own **decision point** — the hand-off to sales (the replay's
``decision_at``), else the "as of" date — and nothing after it: meetings, replies
and demo requests after sales called are sales' doing, and counting them would let
the outcome leak into the features.

So each lead has its own cut ``cut``:

- **engagement features** (``eng:<rule>``, Float64): each activity matching the rule
  with ``occurred_at < cut`` (strictly before) and, with a window,
  ``occurred_at > cut - window_days`` counts ``2^(-age/half_life)`` where the age is
  measured from the lead's cut (1 without a half-life). One DuckDB ``GROUP BY`` joins
  the activities to the registered frame of cuts. An aggregate rule (``field = …``)
  takes the lead column for leads with no scored activity before their cut (else 0),
  as :func:`~analytics.scoring.features.build_features` does;
- **fit features** (``fit:<rule>``, Int16 option index) from the lead attributes in
  polars (:func:`~analytics.scoring.features.fit_index_expr`).

The frame has the columns of a :class:`~analytics.scoring.features.Features` matrix,
so :func:`analytics.scoring.points.score_features` scores it unchanged. Times are
taken to the second, as in the replay.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import polars as pl

from analytics.criteria import Criteria
from analytics.scoring.features import (
    Features,
    check_fields,
    eng_column,
    fit_index_expr,
    rule_cases,
)
from analytics.store.db import Workspace, quote_ident

_CUTS = "kk_decision_cuts"


def decision_engagement_sql(criteria: Criteria) -> tuple[str, list[Any]]:
    """One GROUP BY over activities joined to the cuts: per lead, each rule's decayed count.

    The SQL reads the registered frame ``kk_decision_cuts(lead_id, cut)``.

    Returns:
        The SQL (columns ``lead_id``, ``e0``, ``e1``, … for the leads with a matching
        activity before their cut) and its parameters.

    Example:
        >>> from analytics.criteria import load_criteria
        >>> sql, params = decision_engagement_sql(load_criteria(
        ...     '[[engagement]]\\nname="w"\\ntype="webinar"\\npoints=5\\nwindow_days=30'))
        >>> "a.occurred_at < c.cut" in sql, params
        (True, [2592000.0, 'webinar'])
    """
    rules = [r for r in criteria.engagement_rules if r.field is None]
    parts: list[str] = []
    params: list[Any] = []
    for case, case_params in rule_cases(criteria):
        parts.append(
            "SELECT a.lead_id, floor(epoch(a.occurred_at)) - epoch(c.cut) AS age, "
            f"{case} AS r FROM activities a JOIN {_CUTS} c USING (lead_id) "
            "WHERE a.occurred_at < c.cut"
        )
        params += case_params
    inv = [0.0 if r.half_life_days is None else 1.0 / (r.half_life_days * 86400.0) for r in rules]
    decay = " ".join(f"WHEN {i} THEN {v!r}" for i, v in enumerate(inv) if v)
    weight = f"pow(2.0, age * CASE r {decay} ELSE 0.0 END)" if decay else "1.0"
    sums, window_params = [], []  # the outer SELECT comes first in the SQL text
    for i, rule in enumerate(rules):
        window = ""
        if rule.window_days is not None:
            window = " AND age > -?"
            window_params.append(float(rule.window_days) * 86400.0)
        sums.append(f"coalesce(sum(w) FILTER (WHERE r = {i}{window}), 0.0) AS e{i}")
    union = (
        " UNION ALL ".join(parts)
        if parts
        else "SELECT CAST(NULL AS VARCHAR) AS lead_id, CAST(NULL AS DOUBLE) AS age, "
        "CAST(NULL AS SMALLINT) AS r WHERE FALSE"
    )
    sql = (
        f"SELECT lead_id{''.join(', ' + s for s in sums)} FROM "
        f"(SELECT lead_id, age, r, {weight} AS w FROM ({union}) WHERE r IS NOT NULL) "
        "GROUP BY lead_id"
    )
    return sql, [*window_params, *params]


def normal_cuts(cuts: pl.DataFrame) -> pl.DataFrame:
    """``lead_id`` (text) and ``cut`` to the second, one per lead (its first), none null.

    Example:
        >>> normal_cuts(pl.DataFrame({"lead_id": [1, 1, 2], "cut": [datetime(2025, 1, 1, 0, 0, 9, 5),
        ...     datetime(2025, 2, 1), None]})).rows()
        [('1', datetime.datetime(2025, 1, 1, 0, 0, 9))]
    """
    return (
        cuts.select(
            pl.col("lead_id").cast(pl.String),
            pl.col("cut").cast(pl.Datetime("us")).dt.truncate("1s"),
        )
        .drop_nulls()
        .unique("lead_id", keep="first", maintain_order=True)
    )


def build_decision_features(
    ws: Workspace, criteria: Criteria, cuts: pl.DataFrame, *, extra: tuple[str, ...] = ()
) -> Features:
    """The feature matrix of ``criteria`` with each lead cut at its own decision point.

    Args:
        ws: the workspace.
        criteria: the criteria whose rules define the features (points do not matter).
        cuts: ``lead_id`` and ``cut`` (Datetime): only behaviour strictly before a
            lead's cut counts, decayed from it. Leads not in ``cuts`` are left out.
        extra: further lead columns to keep beside the features (e.g. attributes).

    Returns:
        :class:`~analytics.scoring.features.Features` whose frame has ``lead_id``,
        ``cut``, ``created_at``, the ``extra`` columns, one ``fit:<rule>`` and one
        ``eng:<rule>`` per rule, sorted by ``lead_id``; ``as_of`` is the latest cut.

    Raises:
        CriteriaError: a rule reads a lead column that does not exist.

    Example:
        >>> from analytics.criteria import default_criteria
        >>> cuts = pl.DataFrame({"lead_id": ["L1"], "cut": [datetime(2025, 1, 1)]})
        >>> build_decision_features(Workspace.open(":memory:"), default_criteria(), cuts).frame.height
        0
    """
    check_fields(ws, criteria)
    cuts = normal_cuts(cuts)
    wanted = ["lead_id", "created_at", *[c for c in extra if c not in ("lead_id", "created_at")]]
    for rule in (*criteria.fit_rules, *criteria.engagement_rules):
        if rule.field is not None and rule.field not in wanted:
            wanted.append(rule.field)
    activity_rules = [r for r in criteria.engagement_rules if r.field is None]
    cur = ws.cursor()
    cur.register(_CUTS, cuts.to_arrow())
    try:
        leads = ws.query(
            f"SELECT {', '.join('l.' + quote_ident(c) for c in wanted)}, c.cut "
            f"FROM leads l JOIN {_CUTS} c USING (lead_id) ORDER BY l.lead_id"
        )
        sql, params = decision_engagement_sql(criteria)
        counts = ws.query(sql, params).rename(
            {f"e{i}": eng_column(r) for i, r in enumerate(activity_rules)}
        )
    finally:
        cur.unregister(_CUTS)
    frame = leads.join(counts, on="lead_id", how="left", maintain_order="left")
    has_activities = pl.col("lead_id").is_in(counts["lead_id"].implode())
    eng_exprs = []
    for rule in criteria.engagement_rules:
        if rule.field is None:
            eng_exprs.append(pl.col(eng_column(rule)).cast(pl.Float64).fill_null(0.0))
        else:
            value = pl.col(rule.field).cast(pl.Float64, strict=False).fill_null(0.0).fill_nan(0.0)
            eng_exprs.append(
                pl.when(has_activities)
                .then(0.0)
                .otherwise(value.clip(lower_bound=0.0))
                .alias(eng_column(rule))
            )
    kept = [c for c in wanted if c not in ("lead_id", "created_at")]
    frame = frame.select(
        "lead_id",
        "cut",
        "created_at",
        *[c for c in kept if c in extra],
        *[fit_index_expr(r) for r in criteria.fit_rules],
        *eng_exprs,
    )
    as_of = cuts["cut"].max() if cuts.height else datetime(1970, 1, 1)
    return Features(frame=frame, as_of=as_of, structure=criteria.structure)
