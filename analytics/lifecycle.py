r"""Replay: for given criteria, each lead's score path, MQL/SQL moments and outcome.

For each lead (existing at ``as_of``):

- **score as of** ``as_of`` (``fit``, ``engagement``, ``total``): equal to
  :func:`analytics.scoring.score_features` on the feature matrix at ``as_of``
  (read here from the same timeline, at an ``as_of`` marker);
- **score path**: the total re-evaluated at the lead's creation and at the time
  of every scored activity (one matching a rule) and window exit, with decay
  applied in between,
  using only behaviour strictly before ``decision_at`` (the first linked deal's
  creation, else ``as_of``) — point in time, never behaviour after the deal.
  Only its **record highs** are kept (``Replay.path``): for any threshold ``T``
  the MQL moment is ``min(at)`` where ``total >= T``, so a what-if needs no
  re-replay (record highs are compared at a resolution of 2^-20 ≈ 1e-6 points).
  Fit points (and aggregate-only behaviour, for leads without
  scored activity) count from creation. A lead without ``created_at`` starts at
  its first scored activity (else at ``as_of``);
- **MQL moment** (``mql_at``): the first time the total reached the threshold;
- **SQL moment** (``sql_at``): the first BANT assessment at or after ``mql_at``
  (and by ``as_of``) whose levels meet every item of ``[sql_rule]``;
- **outcome** from linked deals (:func:`link_deals`): ``opportunity_at``,
  ``is_won``/``won_at``/``won_amount``, ``is_lost``. Deals created after
  ``as_of`` are ignored, and a win counts only if closed by ``as_of``.

Imported lifecycle dates (``leads.mql_at``, ``sql_at``, ``first_contact_at``) are
facts: kept as ``crm_mql_at``, ``crm_sql_at``, ``first_contact_at`` beside the
replayed moments.

How (all vectorised): one DuckDB scan gives (lead, time, rule) for every
matching activity (a window exit is an event of minus the leaving activity's
decayed weight); sorted by (lead, rule,
time), the decayed running count ``S(t_k) = S(t_{k-1})·2^(-Δt/h) + x_k`` is a
segmented linear scan done in ``log2(longest run)`` numpy passes
(:func:`decayed_scan`; bounded values, so no overflow for any half-life). Each
state is stored as ``ln S + ln2·t/h`` so it can be forward-filled along the lead's
timeline (sorted by lead, time) and decayed to any later time as ``exp(v - ln2·t/h)``;
points, caps and weights then give the total at every event. Activity times are
taken to the second.
"""

from __future__ import annotations

import itertools
import math
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import numpy as np
import polars as pl

from analytics.criteria import Criteria
from analytics.db import Workspace
from analytics.features import (
    activity_condition,
    check_fields,
    data_end,
    fit_index_expr,
    rule_layers,
)
from analytics.scoring import eng_points_expr, fit_points_expr

LN2 = math.log(2.0)

_NORMALISE_COMPANY = (
    (r"株式会社|\(株\)|有限会社|\(有\)|合同会社|合資会社|合名会社|一般社団法人|一般財団法人", ""),
    (r"[\s\.,・･\-'\"/]", ""),
    (r"(incorporated|inc|corporation|corp|coltd|ltd|limited|llc|kk|gmbh|plc)+$", ""),
)


@dataclass(frozen=True)
class Replay:
    """The replay of one criteria on one workspace (see the module docstring).

    Attributes:
        leads: one row per lead: ``lead_id``, ``created_at``, every leads column
            (imported ``mql_at``/``sql_at`` renamed ``crm_mql_at``/``crm_sql_at``),
            ``fit``, ``engagement``, ``total`` (as of ``as_of``), ``peak_total``,
            ``decision_at``, ``mql_at``, ``sql_at``, ``opportunity_at``, ``is_won``,
            ``won_at``, ``won_amount``, ``is_lost``.
        path: ``lead_id``, ``at``, ``total``: record highs of each lead's total
            before ``decision_at``, first row at ``created_at``.
        as_of: the point in time.
        criteria_sha256: the replayed criteria's hash.
    """

    leads: pl.DataFrame
    path: pl.DataFrame
    as_of: datetime
    criteria_sha256: str


def normalise_company(expr: pl.Expr) -> pl.Expr:
    """Company name for matching: NFKC, lower case, no legal form, spaces or punctuation.

    Example:
        >>> pl.select(normalise_company(pl.lit("ＡＢＣ 株式会社"))).item()
        'abc'
        >>> pl.select(normalise_company(pl.lit("Acme Co., Ltd."))).item()
        'acme'
    """
    out = expr.cast(pl.String).str.normalize("NFKC").str.to_lowercase()
    for pattern, repl in _NORMALISE_COMPANY:
        out = out.str.replace_all(pattern, repl)
    return pl.when(out == "").then(None).otherwise(out)


def link_deals(ws: Workspace) -> pl.DataFrame:
    """Link each deal to a lead: by lead id, else contact email, else normalised company.

    Rules: a deal whose ``lead_id`` exists in ``leads`` links to it; otherwise a
    deal whose ``contact_email`` equals a lead's ``email`` (trimmed, case-insensitive)
    links to the earliest-created such lead; otherwise a deal whose normalised
    ``account`` equals a lead's normalised ``company`` (:func:`normalise_company`)
    links to that company's lead created most recently at or before the deal
    (else its earliest lead). Deals matching nothing are left out.

    Returns:
        ``deal_id``, ``lead_id``, ``link`` ("lead_id", "email" or "company").

    Example:
        >>> link_deals(Workspace.open(":memory:")).columns
        ['deal_id', 'lead_id', 'link']
    """
    schema = {"deal_id": pl.String, "lead_id": pl.String, "link": pl.String}
    linked = ws.query(
        "SELECT d.deal_id, d.lead_id, 'lead_id' AS link FROM deals d JOIN leads l USING (lead_id)"
    ).cast(schema)  # type: ignore[arg-type]
    unlinked = ws.scalar("SELECT count(*) FROM deals") - linked.height
    if unlinked == 0:
        return linked.sort("deal_id")
    cur = ws.cursor()
    cur.register("kk_linked_deals", linked.select("deal_id"))
    try:
        by_email = ws.query(
            "SELECT d.deal_id, arg_min(l.lead_id, (coalesce(l.created_at, TIMESTAMP '9999-12-31'), "
            "l.lead_id)) AS lead_id, 'email' AS link "
            "FROM deals d JOIN leads l ON lower(trim(l.email)) = lower(trim(d.contact_email)) "
            "WHERE d.deal_id NOT IN (SELECT deal_id FROM kk_linked_deals) "
            "AND trim(d.contact_email) <> '' GROUP BY d.deal_id"
        ).cast(schema)  # type: ignore[arg-type]
        linked = pl.concat([linked, by_email])
        cur.register("kk_linked_deals", linked.select("deal_id"))
        rest = ws.query(
            "SELECT deal_id, account, created_at FROM deals WHERE account IS NOT NULL "
            "AND deal_id NOT IN (SELECT deal_id FROM kk_linked_deals)"
        )
    finally:
        cur.unregister("kk_linked_deals")
    if rest.height == 0:
        return linked.sort("deal_id")
    companies = ws.query("SELECT lead_id, company, created_at FROM leads WHERE company IS NOT NULL")
    names = companies.select(pl.col("company").unique())
    names = names.with_columns(key=normalise_company(pl.col("company")))
    by_company = (
        rest.with_columns(key=normalise_company(pl.col("account")))
        .join(companies.join(names, on="company"), on="key", suffix="_lead")
        .with_columns(
            rank=pl.when(pl.col("created_at_lead") <= pl.col("created_at"))
            .then(pl.col("created_at_lead").dt.epoch("s"))
            .otherwise(-pl.col("created_at_lead").dt.epoch("s") - 10**12)
            .fill_null(-(10**13))
        )
        .group_by("deal_id")
        .agg(pl.col("lead_id").sort_by("rank", "lead_id", descending=[True, False]).first())
        .with_columns(link=pl.lit("company"))
    )
    return pl.concat([linked, by_company.cast(schema)]).sort("deal_id")  # type: ignore[arg-type]


def deal_outcomes(ws: Workspace, as_of: datetime) -> pl.DataFrame:
    """Per linked lead: opportunity_at, is_won, won_at, won_amount, is_lost (as of ``as_of``).

    Example:
        >>> deal_outcomes(Workspace.open(":memory:"), datetime(2025, 1, 1)).columns
        ['lead_id', 'opportunity_at', 'is_won', 'won_at', 'won_amount', 'is_lost']
    """
    links = link_deals(ws)
    deals = ws.query(
        "SELECT deal_id, created_at, closed_at, is_won, amount FROM deals WHERE created_at <= ? "
        "OR created_at IS NULL",
        [as_of],
    )
    closed = pl.col("closed_at").is_null() | (pl.col("closed_at") <= as_of)
    won = pl.col("is_won").fill_null(False) & closed
    lost = (pl.col("is_won") == False) & pl.col("closed_at").is_not_null() & closed  # noqa: E712
    return (
        deals.join(links, on="deal_id")
        .group_by("lead_id")
        .agg(
            opportunity_at=pl.col("created_at").min(),
            is_won=won.any(),
            won_at=pl.col("closed_at").filter(won).min(),
            won_amount=pl.col("amount").filter(won).fill_null(0.0).sum().cast(pl.Float64),
            any_lost=lost.any(),
        )
        .with_columns(is_lost=pl.col("any_lost") & ~pl.col("is_won"))
        .drop("any_lost")
    )


def sql_moments(
    ws: Workspace, criteria: Criteria, mql: pl.DataFrame, as_of: datetime
) -> pl.DataFrame:
    """First BANT assessment at/after each lead's MQL moment meeting the SQL rule.

    Args:
        mql: ``lead_id``, ``mql_at`` (null: not an MQL).

    Returns:
        ``lead_id``, ``sql_at`` for leads that became SQL.

    Example:
        >>> from analytics.criteria import default_criteria
        >>> m = pl.DataFrame({"lead_id": ["L1"], "mql_at": [datetime(2025, 1, 1)]})
        >>> sql_moments(Workspace.open(":memory:"), default_criteria(), m, datetime(2025, 2, 1)).height
        0
    """
    bant = ws.query(
        "SELECT lead_id, assessed_at, budget, authority, need, timeline FROM bant WHERE assessed_at <= ?",
        [as_of],
    )
    meets = pl.lit(True)
    for item, level in criteria.sql_rule.required.items():
        meets = meets & (pl.col(item).fill_null(0) >= level)
    return (
        bant.filter(meets)
        .join(mql.filter(pl.col("mql_at").is_not_null()), on="lead_id")
        .filter(pl.col("assessed_at") >= pl.col("mql_at"))
        .group_by("lead_id")
        .agg(sql_at=pl.col("assessed_at").min())
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


def lead_activities(ws: Workspace, lead_id: str) -> pl.DataFrame:
    """One lead's activities in time order (occurred_at, type, detail, campaign).

    Example:
        >>> lead_activities(Workspace.open(":memory:"), "L1").columns
        ['occurred_at', 'type', 'detail', 'campaign']
    """
    return ws.query(
        "SELECT occurred_at, type, detail, campaign FROM activities WHERE lead_id = ? ORDER BY occurred_at",
        [lead_id],
    )


def _events_sql(criteria: Criteria, as_of: datetime) -> tuple[str, list[Any]]:
    """SQL of (li, t, r) sorted by (li, r, t): every activity by ``as_of`` matching activity rule r.

    ``t`` is in epoch seconds.
    ``li`` is the lead's position in lead_id order among the leads existing at ``as_of``.
    """
    rules = [r for r in criteria.engagement_rules if r.field is None]
    parts, params = [], [as_of]
    for layer in rule_layers(criteria):
        cases = []
        for i in layer:
            cond, cond_params = activity_condition(rules[i])
            cases.append(f"WHEN {cond} THEN {i}")
            params += cond_params
        params.append(as_of)
        parts.append(
            "SELECT * FROM (SELECT k.li, CAST(floor(epoch(a.occurred_at)) AS BIGINT) AS t, "
            f"CAST(CASE {' '.join(cases)} END AS SMALLINT) AS r "
            "FROM activities a JOIN k USING (lead_id) WHERE a.occurred_at <= ?) WHERE r IS NOT NULL"
        )
    sql = (
        "WITH k AS (SELECT lead_id, CAST(row_number() OVER (ORDER BY lead_id) - 1 AS INTEGER) AS li "
        f"FROM leads WHERE created_at IS NULL OR created_at <= ?) {' UNION ALL '.join(parts)} "
        "ORDER BY li, r, t"
    )
    return sql, params


def _in_parallel(work: Any, starts: np.ndarray, parts: int = 2) -> np.ndarray:
    """``work(a, b)`` on row ranges cut at segment starts, in threads (numpy releases the GIL).

    Example:
        >>> starts = np.array([True, False, True, False])
        >>> _in_parallel(lambda a, b: np.arange(a, b), starts).tolist()
        [0, 1, 2, 3]
    """
    n = starts.size
    if n < 1_000_000 or parts < 2:
        return work(0, n)
    cuts = [0]
    for k in range(1, parts):
        found = np.flatnonzero(starts[k * n // parts :])
        cut = k * n // parts + int(found[0]) if found.size else n
        if cut > cuts[-1]:
            cuts.append(cut)
    cuts.append(n)
    with ThreadPoolExecutor(max_workers=parts) as pool:
        results = list(pool.map(lambda ab: work(*ab), itertools.pairwise(cuts)))
    return np.concatenate(results)


def segment_positions(starts: np.ndarray) -> np.ndarray:
    """Position of each row within its segment, given a boolean "segment starts here".

    Example:
        >>> segment_positions(np.array([True, False, False, True, False])).tolist()
        [0, 1, 2, 0, 1]
    """
    index = np.arange(starts.size)
    first = np.maximum.accumulate(np.where(starts, index, 0))
    return index - first


def decayed_scan(
    x: np.ndarray, t: np.ndarray, inv_half_life: np.ndarray, pos: np.ndarray
) -> np.ndarray:
    """Per segment, ``S_k = Σ_{i<=k} x_i·2^(-(t_k - t_i)·ih_k)`` (rows sorted by time in each segment).

    A Hillis–Steele scan: ``log2(longest segment)`` vectorised passes, each over the
    rows at least ``o`` deep into their segment; values stay bounded by the counts
    (no overflow for any half-life, old events underflow harmlessly to 0).

    Args:
        x: +1 per activity, minus its decayed weight ``2^(-W/h)`` where it leaves its window.
        t: time (seconds, float).
        inv_half_life: per row, 1 / half-life in seconds (0: no decay).
        pos: :func:`segment_positions`.

    Example:
        >>> decayed_scan(np.ones(3), np.array([0.0, 10.0, 10.0]), np.full(3, 0.1),
        ...              np.array([0, 1, 2])).tolist()
        [1.0, 1.5, 2.5]
    """
    out = x.astype(np.float64).copy()
    elapsed = t * inv_half_life  # half-lives since the origin (the same ih within a segment)
    offset = 1
    active = np.flatnonzero(pos >= 1)
    while active.size:
        prev = active - offset
        out[active] += np.exp2(elapsed[prev] - elapsed[active]) * out[prev]
        offset *= 2
        active = active[pos[active] >= offset]
    return out


def segmented_cummax(values: np.ndarray, pos: np.ndarray) -> np.ndarray:
    """Running maximum within each segment (Hillis–Steele, like :func:`decayed_scan`).

    Example:
        >>> segmented_cummax(np.array([1.0, 3.0, 2.0, 0.0, 5.0]), np.array([0, 1, 2, 0, 1])).tolist()
        [1.0, 3.0, 3.0, 0.0, 5.0]
    """
    out = values.copy()
    offset = 1
    active = np.flatnonzero(pos >= 1)
    while active.size:
        out[active] = np.maximum(out[active], out[active - offset])
        offset *= 2
        active = active[pos[active] >= offset]
    return out


def running_record(segment: np.ndarray, values: np.ndarray) -> np.ndarray:
    """Rows whose value is above every earlier value of their segment (rows grouped by segment).

    Values are compared at a resolution of 2^-20 (about 1e-6): packed with the segment
    number into one int64, a single running maximum serves every segment at once. Falls
    back to :func:`segmented_cummax` when the packed key would not fit.

    Example:
        >>> running_record(np.array([0, 0, 0, 1, 1]), np.array([5.0, 4.0, 6.0, 1.0, 1.0])).tolist()
        [True, False, True, True, False]
    """
    if values.size == 0:
        return np.zeros(0, dtype=bool)
    quantum = np.round(values * 2.0**20).astype(np.int64)
    low = int(quantum.min())
    width = max(int(quantum.max()) - low + 1, 1).bit_length()
    first = np.ones(values.size, dtype=bool)
    first[1:] = segment[1:] != segment[:-1]
    if width + max(int(segment.max()), 1).bit_length() < 62:
        packed = (segment.astype(np.int64) << width) + (quantum - low)
        before = np.maximum.accumulate(packed)
        above = np.empty(values.size, dtype=bool)
        above[0] = True
        above[1:] = packed[1:] > before[:-1]
        return above | first
    running = segmented_cummax(values, segment_positions(first))
    above = np.ones(values.size, dtype=bool)
    above[1:] = values[1:] > running[:-1]
    return above | first


def record_highs(frame: pl.DataFrame) -> pl.DataFrame:
    """Rows of ``frame`` (``li``, ``tr``, ``total``; grouped by ``li``) that set a new high of ``li``.

    The first row of each ``li`` always counts; totals are compared at 2^-20 (about 1e-6)
    through one int64 key packing ``li`` with the quantised total, so a single running
    maximum serves every lead (falls back to :func:`running_record` if it cannot fit).

    Example:
        >>> f = pl.DataFrame({"li": [0, 0, 0, 1], "tr": [1, 2, 3, 1], "total": [5.0, 4.0, 6.0, 1.0]})
        >>> record_highs(f)["tr"].to_list()
        [1, 3, 1]
    """
    if frame.height == 0:
        return frame
    low, high = frame["total"].min(), frame["total"].max()
    width = (round((high - low) * 2.0**20) + 2).bit_length()  # type: ignore[operator]
    if width + max(int(frame["li"].max()), 1).bit_length() >= 62:  # type: ignore[arg-type]
        return frame.filter(
            pl.Series(running_record(frame["li"].to_numpy(), frame["total"].to_numpy()))
        )
    packed = pl.col("li").cast(pl.Int64) * (1 << width) + (
        ((pl.col("total") - low) * 2.0**20).round().cast(pl.Int64)
    )
    first = (pl.col("li") != pl.col("li").shift()).fill_null(True)
    return frame.lazy().filter(first | (packed > packed.cum_max().shift())).collect()


def _sort_key(li: pl.Expr, minor: list[tuple[pl.Expr, int]], li_bits: int) -> pl.Expr | None:
    """One Int64 sort key packing li and minor fields (value, bits), or None if it cannot fit."""
    if li_bits + sum(bits for _, bits in minor) > 62:
        return None
    key = li.cast(pl.Int64)
    for expr, bits in minor:
        key = key * (1 << bits) + expr.cast(pl.Int64)
    return key


def _sorted(frame: pl.DataFrame, columns: list[str], bits: list[int], li_bits: int) -> pl.DataFrame:
    key = _sort_key(
        pl.col(columns[0]),
        [(pl.col(c), b) for c, b in zip(columns[1:], bits, strict=True)],
        li_bits,
    )
    if key is None:
        return frame.sort(columns)
    return frame.with_columns(_key=key).sort("_key").drop("_key")


def replay(ws: Workspace, criteria: Criteria, *, as_of: datetime | None = None) -> Replay:
    """Replay ``criteria`` over the workspace: scores, score paths, MQL/SQL moments, outcomes.

    Activity times are taken to the second.

    Args:
        ws: the workspace.
        criteria: the criteria to replay.
        as_of: point in time (default: the data's end).

    Returns:
        :class:`Replay` (see the module docstring for every column).

    Raises:
        CriteriaError: a rule reads a lead column that does not exist.

    Example:
        >>> from analytics.criteria import default_criteria
        >>> r = replay(Workspace.open(":memory:"), default_criteria())
        >>> (r.leads.height, r.path.columns)
        (0, ['lead_id', 'at', 'total'])
    """
    as_of = (as_of or data_end(ws)).replace(microsecond=0)
    check_fields(ws, criteria)
    as_of_s = int((as_of - datetime(1970, 1, 1)).total_seconds())
    rules = [r for r in criteria.engagement_rules if r.field is None]
    aggregate_rules = [r for r in criteria.engagement_rules if r.field is not None]
    n_rules = len(rules)
    leads = ws.query(
        "SELECT * FROM leads WHERE created_at IS NULL OR created_at <= ? ORDER BY lead_id", [as_of]
    ).rename({"mql_at": "crm_mql_at", "sql_at": "crm_sql_at"})
    leads = leads.drop("import_id") if "import_id" in leads.columns else leads
    outcomes = deal_outcomes(ws, as_of)
    if rules and leads.height:
        events = ws.query(*_events_sql(criteria, as_of))
    else:
        events = pl.DataFrame(schema={"li": pl.Int32, "t": pl.Int64, "r": pl.Int16})
    events = events.with_columns(
        pl.col("li").cast(pl.Int32), pl.col("r").cast(pl.Int16), pl.col("t").cast(pl.Int64)
    )

    # -- per lead: fit points, aggregate-only behaviour, creation, decision ------------
    fit_expr = (
        pl.sum_horizontal([fit_points_expr(r) for r in criteria.fit_rules])
        if criteria.fit_rules
        else pl.lit(0.0)
    )
    per_lead = (
        leads.select("lead_id", "created_at", *{r.field for r in criteria.fit_rules})
        .with_columns([fit_index_expr(r) for r in criteria.fit_rules])
        .select(
            "lead_id",
            fit=(fit_expr * criteria.fit_weight).cast(pl.Float64),
            agg=pl.lit(0.0, pl.Float64),
            created=pl.col("created_at").dt.epoch("s"),
        )
    )
    if aggregate_rules:
        # aggregate lead columns count only for leads without scored activities
        seen = np.bincount(events["li"].to_numpy(), minlength=leads.height)[: leads.height] > 0
        silent = ~pl.lit(pl.Series(seen, dtype=pl.Boolean))
        agg = leads.select(
            pl.sum_horizontal(
                eng_points_expr(
                    r,
                    pl.when(silent)
                    .then(
                        pl.col(str(r.field))
                        .cast(pl.Float64, strict=False)
                        .fill_null(0.0)
                        .fill_nan(0.0)
                    )
                    .otherwise(0.0)
                    .clip(lower_bound=0.0),
                )
                for r in aggregate_rules
            ).cast(pl.Float64)
        ).to_series()
        per_lead = per_lead.with_columns(agg=agg)
    per_lead = per_lead.join(
        outcomes.select("lead_id", "opportunity_at"),
        on="lead_id",
        how="left",
        maintain_order="left",
    ).with_columns(
        cut=pl.min_horizontal(pl.col("opportunity_at").dt.epoch("s"), pl.lit(as_of_s)),
    )
    if per_lead["created"].null_count():
        first = events.group_by("li").agg(first=pl.col("t").min())
        per_lead = (
            per_lead.with_row_index("li")
            .with_columns(pl.col("li").cast(pl.Int32))
            .join(first, on="li", how="left", maintain_order="left")
            .with_columns(created=pl.coalesce("created", "first", pl.lit(as_of_s)))
            .drop("li", "first")
        )
    n_leads = per_lead.height

    # -- per (lead, rule): decayed, windowed running count at each of its events ------------
    inv_hl = np.array(
        [0.0 if r.half_life_days is None else 1.0 / (r.half_life_days * 86400.0) for r in rules]
        or [0.0]
    )
    window_s = [None if r.window_days is None else round(r.window_days * 86400) for r in rules]
    pieces = [events.with_columns(x=pl.lit(1.0))]
    for i, width in enumerate(window_s):
        if width is not None:
            # leaving the window removes the event's weight at that age: 2^(-W/h)
            pieces.append(
                events.filter(pl.col("r") == i)
                .with_columns(t=pl.col("t") + width, x=pl.lit(-float(np.exp2(-width * inv_hl[i]))))
                .filter(pl.col("t") <= as_of_s)
            )
    long = pl.concat(pieces).select("li", "r", "t", "x")
    t_min = min(
        [v for v in (long["t"].min(), per_lead["created"].min()) if v is not None], default=as_of_s
    )
    t_bits = max(int(as_of_s - t_min).bit_length(), 1)
    li_bits = max(int(n_leads).bit_length(), 1)
    r_bits = max(int(n_rules).bit_length(), 1)
    long = long.select("li", "r", "x", tr=pl.col("t") - t_min)
    if len(pieces) > 1:  # window exits to merge in; the events alone come sorted from DuckDB
        long = _sorted(long, ["li", "r", "tr"], [r_bits, t_bits], li_bits)
    li_arr = long["li"].to_numpy()
    r_arr = long["r"].to_numpy()
    t_arr = long["tr"].to_numpy().astype(np.float64)
    starts = np.ones(long.height, dtype=bool)
    if long.height:
        starts[1:] = (li_arr[1:] != li_arr[:-1]) | (r_arr[1:] != r_arr[:-1])
    row_ih = inv_hl[r_arr] if long.height else np.zeros(0)
    x_arr = long["x"].to_numpy()
    state = _in_parallel(
        lambda a, b: decayed_scan(
            x_arr[a:b], t_arr[a:b], row_ih[a:b], segment_positions(starts[a:b])
        ),
        starts,
    )
    with np.errstate(divide="ignore"):
        log_state = np.log(np.maximum(state, 0.0)) + t_arr * row_ih * LN2  # natural log
    states = long.select("li", "tr", "r").with_columns(
        v=pl.Series(log_state, dtype=pl.Float64), kind=pl.lit(0, pl.Int8)
    )
    last_of_tie = (
        (pl.col("li") != pl.col("li").shift(-1))
        | (pl.col("r") != pl.col("r").shift(-1))
        | (pl.col("tr") != pl.col("tr").shift(-1))
    ).fill_null(True)
    states = states.filter(last_of_tie)

    # -- timeline: every lead's events, creation (kind 1) and as_of (kind 2) -------------
    markers = per_lead.with_row_index("li").select(
        pl.col("li").cast(pl.Int32), pl.col("created").alias("tr") - t_min
    )
    timeline = pl.concat(
        [
            states,
            markers.with_columns(
                r=pl.lit(-1, pl.Int16), v=pl.lit(None, pl.Float64), kind=pl.lit(1, pl.Int8)
            ),
            markers.with_columns(
                tr=pl.lit(as_of_s - t_min, pl.Int64),
                r=pl.lit(-1, pl.Int16),
                v=pl.lit(None, pl.Float64),
                kind=pl.lit(2, pl.Int8),
            ),
        ],
        how="vertical_relaxed",
    )
    timeline = _sorted(timeline, ["li", "tr", "kind"], [t_bits, 2], li_bits)
    first_of_lead = (pl.col("li") != pl.col("li").shift()).fill_null(True)
    t_float = pl.col("tr").cast(pl.Float64)
    contributions = []
    present = set(np.unique(r_arr).tolist())  # a rule without events contributes 0 everywhere
    rates = sorted({float(inv_hl[i]) * LN2 for i in present} - {0.0})
    decay_columns = {rate: t_float * rate for rate in rates}  # ln of the decay since t_min
    for i, rule in enumerate(rules):
        if i not in present:
            continue
        v_i = (
            pl.when(pl.col("r") == i)
            .then(pl.col("v"))
            .when(first_of_lead)
            .then(float("-inf"))
            .forward_fill()
        )
        rate = float(inv_hl[i]) * LN2
        count = (v_i - decay_columns[rate]).exp() if rate else v_i.exp()
        contributions.append(eng_points_expr(rule, count))
    li_rows = timeline["li"].to_numpy()
    created_rel = (per_lead["created"] - t_min).to_numpy()
    cut_rel = (per_lead["cut"] - t_min).to_numpy()
    created = pl.col("created")
    evaluated = (
        timeline.with_columns(
            fit=pl.Series(per_lead["fit"].to_numpy()[li_rows]),
            agg=pl.Series(per_lead["agg"].to_numpy()[li_rows]),
            created=pl.Series(created_rel[li_rows]),
            cut=pl.Series(cut_rel[li_rows]),
        )
        .lazy()
        .with_columns(
            engagement=(
                (pl.sum_horizontal(contributions) if contributions else pl.lit(0.0)) + pl.col("agg")
            )
            * criteria.engagement_weight,
        )
        .filter(
            (
                (pl.col("li") != pl.col("li").shift(-1)) | (pl.col("tr") != pl.col("tr").shift(-1))
            ).fill_null(True)
        )
        .select(
            "li",
            "tr",
            "kind",
            "fit",
            "engagement",
            total=(pl.col("fit") + pl.col("engagement")).clip(criteria.floor, criteria.ceiling),
            # on the path: creation, then evaluations strictly before the decision
            on_path=(pl.col("tr") == created)
            | ((pl.col("tr") > created) & (pl.col("tr") < pl.col("cut"))),
        )
        .collect()
    )
    as_of_scores = evaluated.filter(pl.col("kind") == 2).select("li", "fit", "engagement", "total")
    on_path = record_highs(evaluated.filter(pl.col("on_path")).select("li", "tr", "total"))
    lead_ids = per_lead["lead_id"]
    path = on_path.select(
        lead_id=pl.lit(lead_ids).gather(pl.col("li")),
        at=((pl.col("tr") + t_min) * 1_000_000).cast(pl.Datetime("us")),
        total="total",
    )
    moments = path.group_by("lead_id").agg(
        peak_total=pl.col("total").max(),
        mql_at=pl.col("at").filter(pl.col("total") >= criteria.threshold).min(),
    )
    sql = sql_moments(ws, criteria, moments.select("lead_id", "mql_at"), as_of)
    lifecycle = (
        as_of_scores.sort("li")
        .select(
            lead_id=pl.lit(lead_ids).gather(pl.col("li")),
            fit="fit",
            engagement="engagement",
            total="total",
        )
        .join(moments, on="lead_id", how="left", maintain_order="left")
        .join(outcomes, on="lead_id", how="left", maintain_order="left")
        .join(sql, on="lead_id", how="left", maintain_order="left")
        .with_columns(
            decision_at=pl.coalesce(pl.col("opportunity_at"), pl.lit(as_of)),
            is_won=pl.col("is_won").fill_null(False),
            is_lost=pl.col("is_lost").fill_null(False),
            won_amount=pl.col("won_amount").fill_null(0.0),
        )
        .select(
            "lead_id",
            "fit",
            "engagement",
            "total",
            "peak_total",
            "decision_at",
            "mql_at",
            "sql_at",
            "opportunity_at",
            "is_won",
            "won_at",
            "won_amount",
            "is_lost",
        )
    )
    out = leads.join(lifecycle, on="lead_id", how="left", maintain_order="left")
    if "first_contact_at" not in out.columns:
        out = out.with_columns(first_contact_at=pl.lit(None, dtype=pl.Datetime("us")))
    return Replay(leads=out, path=path, as_of=as_of, criteria_sha256=criteria.sha256)
