r"""Replay: for given criteria, each lead's score path, MQL/SQL moments and outcome.

For each lead (existing at ``as_of``):

- **score as of** ``as_of`` (``fit``, ``engagement``, ``total``): equal to
  :func:`analytics.scoring.points.score_features` on the feature matrix at ``as_of``
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

How (all vectorised, no sort outside DuckDB): one DuckDB scan gives (lead, time,
rule) for every matching activity, sorted by (lead, time). The leads are then cut
into chunks of about 2^18 rows, scored in parallel threads (numpy releases the GIL).
In a chunk, the leads' timeline is their activities, window exits (an event of minus
the leaving activity's decayed weight), a creation and an ``as_of`` marker, merged
in (lead, time) order. Per rule, its rows (picked in that order) give the decayed
running count ``S(t_k) = S(t_{k-1})·2^(-Δt/h) + x_k``, a segmented linear scan done
in ``log2(longest run)`` numpy passes (:func:`decayed_scan`; bounded values, so no
overflow for any half-life). Each state, stored as ``v = ln S + ln2·t/h``, holds
until the rule's next row of the lead, so it is expanded only over the timeline rows
that are read (the last row of each second on the path, and ``as_of``) and decayed
there as ``exp(v - ln2·t/h)``: a rule costs nothing at rows of leads that never used
it. Points, caps and weights (summed in rule order) then give the total; record
highs and each lead's peak and MQL moment come per chunk as well. Activity times
are taken to the second.
"""

from __future__ import annotations

import itertools
import math
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import numpy as np
import polars as pl

from analytics.criteria import Criteria, EngagementRule
from analytics.criteria.sql_rule import load_bant
from analytics.scoring.features import check_fields, data_end, fit_index_expr, rule_cases
from analytics.scoring.points import eng_points_expr, fit_points_expr
from analytics.store.db import Workspace

LN2 = math.log(2.0)

_NORMALISE_COMPANY = (
    (r"株式会社|\(株\)|有限会社|\(有\)|合同会社|合資会社|合名会社|一般社団法人|一般財団法人", ""),
    (r"[\s\.,・･\-'\"/]", ""),
    (r"(incorporated|inc|corporation|corp|coltd|ltd|limited|llc|kk|gmbh|plc)+$", ""),
)


# What replay() adds to every lead's own columns (scores and replayed lifecycle).
LIFECYCLE_COLUMNS: tuple[str, ...] = (
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
# The CRM's own lifecycle dates, kept beside the replayed ones under these names.
CRM_COLUMNS: tuple[str, ...] = ("crm_mql_at", "crm_sql_at")


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
    with ws.registered("kk_linked_deals", linked.select("deal_id")):
        by_email = ws.query(
            "SELECT d.deal_id, arg_min(l.lead_id, (coalesce(l.created_at, TIMESTAMP '9999-12-31'), "
            "l.lead_id)) AS lead_id, 'email' AS link "
            "FROM deals d JOIN leads l ON lower(trim(l.email)) = lower(trim(d.contact_email)) "
            "WHERE d.deal_id NOT IN (SELECT deal_id FROM kk_linked_deals) "
            "AND trim(d.contact_email) <> '' GROUP BY d.deal_id"
        ).cast(schema)  # type: ignore[arg-type]
    linked = pl.concat([linked, by_email])
    with ws.registered("kk_linked_deals", linked.select("deal_id")):
        rest = ws.query(
            "SELECT deal_id, account, created_at FROM deals WHERE account IS NOT NULL "
            "AND deal_id NOT IN (SELECT deal_id FROM kk_linked_deals)"
        )
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

    The rule and the assessments are those of :mod:`analytics.criteria.sql_rule`
    (an empty BANT item is level 0, "unknown").

    Args:
        ws: the workspace.
        criteria: the criteria (its ``sql_rule``).
        mql: ``lead_id``, ``mql_at`` (null: not an MQL).
        as_of: the point in time; later assessments are left out.

    Returns:
        ``lead_id``, ``sql_at`` for leads that became SQL.

    Example:
        >>> from analytics.criteria import default_criteria
        >>> m = pl.DataFrame({"lead_id": ["L1"], "mql_at": [datetime(2025, 1, 1)]})
        >>> sql_moments(Workspace.open(":memory:"), default_criteria(), m, datetime(2025, 2, 1)).height
        0
    """
    return (
        load_bant(ws, as_of=as_of)
        .filter(criteria.sql_rule.meets())
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
    """SQL of (li, t, r) sorted by (li, t): every activity by ``as_of`` matching activity rule r.

    ``t`` is in epoch seconds.
    ``li`` is the lead's position in lead_id order among the leads existing at ``as_of``.
    """
    parts, params = [], [as_of]
    for case, case_params in rule_cases(criteria):
        params += [*case_params, as_of]
        parts.append(
            "SELECT * FROM (SELECT k.li, CAST(floor(epoch(a.occurred_at)) AS BIGINT) AS t, "
            f"{case} AS r "
            "FROM activities a JOIN k USING (lead_id) WHERE a.occurred_at <= ?) WHERE r IS NOT NULL"
        )
    sql = (
        "WITH k AS (SELECT lead_id, CAST(row_number() OVER (ORDER BY lead_id) - 1 AS INTEGER) AS li "
        f"FROM leads WHERE created_at IS NULL OR created_at <= ?) {' UNION ALL '.join(parts)} "
        "ORDER BY li, t"
    )
    return sql, params


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


def _path_quantum(total: np.ndarray) -> tuple[float, int]:
    """``(low, width)``: totals are compared as ``round((total - low)·2^20)``, ``width`` bits.

    Example:
        >>> _path_quantum(np.array([1.0, 3.0]))
        (1.0, 22)
    """
    low, high = float(total.min()), float(total.max())
    return low, (round((high - low) * 2.0**20) + 2).bit_length()


def _packed_record_mask(li: np.ndarray, total: np.ndarray, low: float, width: int) -> np.ndarray:
    """:func:`record_highs`' rows, quantised by ``_path_quantum`` of the whole path.

    One int64 key packs ``li`` (grouped) with the quantised total, so a single running
    maximum serves every lead; the caller checks that the key fits.

    Example:
        >>> _packed_record_mask(np.array([0, 0, 0, 1]), np.array([5.0, 4.0, 6.0, 1.0]), 1.0, 23).tolist()
        [True, False, True, True]
    """
    packed = li.astype(np.int64) * (1 << width) + np.rint((total - low) * 2.0**20).astype(np.int64)
    keep = np.ones(total.size, dtype=bool)
    keep[1:] = (li[1:] != li[:-1]) | (packed[1:] > np.maximum.accumulate(packed)[:-1])
    return keep


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
    li, total = frame["li"].to_numpy(), frame["total"].to_numpy()
    low, width = _path_quantum(total)
    if width + max(int(li.max()), 1).bit_length() >= 62:
        return frame.filter(pl.Series(running_record(li, total), dtype=pl.Boolean))
    return frame.filter(pl.Series(_packed_record_mask(li, total, low, width), dtype=pl.Boolean))


def _exp(values: np.ndarray) -> np.ndarray:
    """``e ** values`` computed by polars (its select releases the GIL).

    Kept on polars' ``exp`` so totals stay bit for bit those of the polars replay;
    numpy's vectorised ``exp`` can differ in the last place, which may move a record
    high or an MQL moment that sits exactly on a quantisation step.

    Example:
        >>> _exp(np.array([0.0, float("-inf")])).tolist()
        [1.0, 0.0]
    """
    return pl.DataFrame({"v": values}).select(pl.col("v").exp()).to_series().to_numpy()


@dataclass(frozen=True)
class _Timeline:
    """Inputs of the per-lead evaluation, as numpy arrays (see :func:`_score_chunk`).

    Attributes:
        li, t, r: the scored activities, sorted by (li, t): lead position, epoch
            seconds, activity rule.
        start: ``start[li]:start[li + 1]`` are lead ``li``'s rows of ``li``/``t``/``r``.
        created, cut: per lead, creation and the end of its path (the decision), in
            seconds since ``t_min``.
        fit, agg: per lead, weighted fit points and aggregate-only engagement points.
        t_min: origin of relative times (epoch seconds); ``as_of`` is at ``as_of``.
        t_bits: bits that hold any relative time up to ``as_of``.
    """

    li: np.ndarray
    t: np.ndarray
    r: np.ndarray
    start: np.ndarray
    created: np.ndarray
    cut: np.ndarray
    fit: np.ndarray
    agg: np.ndarray
    t_min: int
    as_of: int
    t_bits: int


def _chunk_bounds(rows: np.ndarray, target: int) -> list[tuple[int, int]]:
    """Cut leads ``0..len(rows)`` into ranges of about ``target`` rows (``rows`` per lead).

    Example:
        >>> _chunk_bounds(np.array([3, 3, 3, 3, 3]), 6)
        [(0, 2), (2, 4), (4, 5)]
    """
    if rows.size == 0:
        return []
    ends = np.cumsum(rows)
    cuts = np.searchsorted(ends, np.arange(target, int(ends[-1]), target), side="right")
    bounds = np.unique(np.concatenate([[0], cuts, [rows.size]]))
    return list(itertools.pairwise(bounds.tolist()))


def _score_chunk(
    tl: _Timeline, criteria: Criteria, lo: int, hi: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Scores of leads ``lo..hi``: the total at every evaluation and as of ``as_of``.

    The leads' timeline is their activity rows, the window exits (``x`` minus the
    activity's decayed weight at ``t + W``), a creation and an ``as_of`` marker, sorted
    by (lead, time) with markers after the activities of the same second (a stable
    merge of sorted runs). Per rule, :func:`decayed_scan` runs over its rows (picked
    in time order) and each state ``ln S + ln2·t/h`` holds until the rule's next row
    of the lead; it is expanded over the rows read in between (the last row of each
    (lead, second) on the path, and the ``as_of`` marker), so a rule is decayed
    (``exp``), pointed and capped only where a lead has used it. Contributions are
    summed in rule order, as :func:`analytics.scoring.points.score_features` sums them.

    Returns:
        ``engagement`` and ``total`` as of ``as_of`` (one per lead), and ``li``, relative
        time and ``total`` of each path evaluation (creation, then every distinct
        second strictly before the decision), in (lead, time) order.
    """
    rules = [r for r in criteria.engagement_rules if r.field is None]
    e0, e1 = int(tl.start[lo]), int(tl.start[hi])
    n_leads = hi - lo
    as_of = tl.as_of - tl.t_min
    li = [tl.li[e0:e1].astype(np.int64) - lo, np.arange(2 * n_leads, dtype=np.int64) >> 1]
    tr = [tl.t[e0:e1] - tl.t_min, np.full(2 * n_leads, as_of, dtype=np.int64)]
    tr[1][0::2] = tl.created[lo:hi]
    r = [tl.r[e0:e1], np.full(2 * n_leads, -1, dtype=np.int16)]
    x = [np.ones(e1 - e0), np.zeros(2 * n_leads)]
    inv_hl = [
        0.0 if rule.half_life_days is None else 1.0 / (rule.half_life_days * 86400.0)
        for rule in rules
    ]
    for i, rule in enumerate(rules):
        if rule.window_days is None:
            continue
        # leaving the window removes the event's weight at that age: 2^(-W/h)
        width = round(rule.window_days * 86400)
        leave = (r[0] == i) & (tr[0] + width <= as_of)
        k = int(leave.sum())
        li.insert(-1, li[0][leave])
        tr.insert(-1, tr[0][leave] + width)
        r.insert(-1, np.full(k, i, dtype=np.int16))
        x.insert(-1, np.full(k, -float(np.exp2(-width * np.float64(inv_hl[i])))))
    li_all, tr_all = np.concatenate(li), np.concatenate(tr)
    # stable: at the same (lead, second) activities, then exits, then creation, then as_of
    packed = tl.t_bits + max(n_leads, 1).bit_length() <= 62
    order = (
        np.argsort((li_all << tl.t_bits) | tr_all, kind="stable")
        if packed
        else np.lexsort((tr_all, li_all))
    )
    m_li, m_tr = li_all[order], tr_all[order]
    m_r, m_x = np.concatenate(r)[order], np.concatenate(x)[order]
    n = order.size
    last = np.ones(n, dtype=bool)  # the last row of its (lead, second): the one evaluated
    last[:-1] = (m_li[1:] != m_li[:-1]) | (m_tr[1:] != m_tr[:-1])
    lead_end = np.append(np.flatnonzero(m_li[1:] != m_li[:-1]) + 1, n)  # every lead has rows
    created = tl.created[lo:hi][m_li]
    on_path = last & ((m_tr == created) | ((m_tr > created) & (m_tr < tl.cut[lo:hi][m_li])))
    is_as_of = np.zeros(n, dtype=bool)
    is_as_of[lead_end - 1] = True
    read = on_path | is_as_of
    t_float = m_tr.astype(np.float64)
    reads_before = np.zeros(n + 1, dtype=np.int64)  # reads_before[k]: read rows before row k
    np.cumsum(read, out=reads_before[1:])
    t_read = t_float[read]
    reads: list[tuple[EngagementRule, np.ndarray]] = []  # (rule, read rows it scores)
    exponents = []  # ln of its decayed count at those rows
    for i, rule in enumerate(rules):
        rows = np.flatnonzero(m_r == i)
        if rows.size == 0:
            continue
        ih = np.float64(inv_hl[i])
        lead = m_li[rows]
        starts = np.ones(rows.size, dtype=bool)
        starts[1:] = lead[1:] != lead[:-1]
        t_rule = t_float[rows]
        s = decayed_scan(m_x[rows], t_rule, ih, segment_positions(starts))
        with np.errstate(divide="ignore"):
            state = np.log(np.maximum(s, 0.0)) + t_rule * ih * LN2  # natural log
        # a row's state holds until the rule's next row of the lead, else the lead's end;
        # ``run`` numbers the read rows in between (without np.repeat, which keeps the GIL)
        stop = np.append(rows[1:], n)
        first = reads_before[rows]
        count = reads_before[np.minimum(stop, lead_end[lead])] - first
        held = np.flatnonzero(count)
        if held.size == 0:
            continue
        count, first, state = count[held], first[held], state[held]
        ends = np.cumsum(count)
        run = np.zeros(int(ends[-1]), dtype=np.int64)
        run[ends[:-1]] = 1
        np.cumsum(run, out=run)
        at = np.arange(run.size) + (first - (ends - count))[run]
        rate = float(ih) * LN2
        reads.append((rule, at))
        exponents.append(state[run] - t_read[at] * rate if rate else state[run])
    counts = _exp(np.concatenate(exponents)) if exponents else np.zeros(0)
    engagement = np.zeros(t_read.size)
    done = 0
    for rule, at in reads:  # in rule order, as the scores sum them
        points = counts[done : done + at.size] * rule.points
        done += at.size
        if rule.cap is not None:
            points = np.clip(points, -rule.cap, rule.cap)
        engagement[at] += points
    lead = m_li[read]
    engagement = (engagement + tl.agg[lo:hi][lead]) * criteria.engagement_weight
    total = tl.fit[lo:hi][lead] + engagement
    if criteria.floor is not None or criteria.ceiling is not None:
        total = np.clip(total, criteria.floor, criteria.ceiling)
    final, path = is_as_of[read], on_path[read]
    return engagement[final], total[final], lead[path] + lo, m_tr[read][path], total[path]


def _path_chunk(
    lo: int,
    hi: int,
    li: np.ndarray,
    tr: np.ndarray,
    total: np.ndarray,
    keep: np.ndarray,
    threshold: float,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Leads ``lo..hi``: the path's kept rows (record highs), and per lead its peak and MQL time.

    Args:
        li, tr, total: the path evaluations of :func:`_score_chunk` (grouped by lead,
            in time order); ``keep``: which are record highs.

    Returns:
        ``li``, ``tr``, ``total`` of the kept rows; per lead, the peak total (NaN: no
        path) and the first kept ``tr`` whose total reaches ``threshold`` (-1: none).

    Example:
        >>> [a.tolist() for a in _path_chunk(0, 2, np.array([0, 0, 1]), np.array([1, 2, 1]),
        ...  np.array([5.0, 9.0, 1.0]), np.array([True, True, True]), 8.0)]
        [[0, 0, 1], [1, 2, 1], [5.0, 9.0, 1.0], [9.0, 1.0], [2, -1]]
    """
    li, tr, total = li[keep], tr[keep], total[keep]
    peak = np.full(hi - lo, np.nan)
    if li.size:
        firsts = np.flatnonzero(np.concatenate([[True], li[1:] != li[:-1]]))
        peak[li[firsts] - lo] = np.maximum.reduceat(total, firsts)
    mql = np.full(hi - lo, -1, dtype=np.int64)
    hits = np.flatnonzero(total >= threshold)  # kept rows are in time order
    if hits.size:
        hits = hits[np.concatenate([[True], li[hits][1:] != li[hits][:-1]])]
        mql[li[hits] - lo] = tr[hits]
    return li, tr, total, peak, mql


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
    leads = ws.query(
        "SELECT * FROM leads WHERE created_at IS NULL OR created_at <= ? ORDER BY lead_id",
        [as_of],
    ).rename({"mql_at": "crm_mql_at", "sql_at": "crm_sql_at"})
    leads = leads.drop("import_id") if "import_id" in leads.columns else leads
    outcomes = deal_outcomes(ws, as_of)

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
        .join(
            outcomes.select("lead_id", "opportunity_at"),
            on="lead_id",
            how="left",
            maintain_order="left",
        )
        .with_columns(
            cut=pl.min_horizontal(pl.col("opportunity_at").dt.epoch("s"), pl.lit(as_of_s))
        )
    )
    if rules and leads.height:
        events = ws.query(*_events_sql(criteria, as_of))
    else:
        events = pl.DataFrame(schema={"li": pl.Int32, "t": pl.Int64, "r": pl.Int16})
    events = events.with_columns(
        pl.col("li").cast(pl.Int32), pl.col("r").cast(pl.Int16), pl.col("t").cast(pl.Int64)
    )
    event_li = events["li"].to_numpy()
    per_lead_events = np.bincount(event_li, minlength=leads.height)[: leads.height]
    if aggregate_rules:
        # aggregate lead columns count only for leads without scored activities
        silent = ~pl.lit(pl.Series(per_lead_events > 0, dtype=pl.Boolean))
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
    if per_lead["created"].null_count():
        first = events.group_by("li").agg(first=pl.col("t").min())
        per_lead = (
            per_lead.with_row_index("li")
            .with_columns(pl.col("li").cast(pl.Int32))
            .join(first, on="li", how="left", maintain_order="left")
            .with_columns(created=pl.coalesce("created", "first", pl.lit(as_of_s)))
            .drop("li", "first")
        )

    # -- per lead, in parallel chunks: the total at each evaluation and as of as_of ------
    t_min = min(
        [v for v in (events["t"].min(), per_lead["created"].min()) if v is not None],
        default=as_of_s,
    )
    timeline = _Timeline(
        li=event_li,
        t=events["t"].to_numpy(),
        r=events["r"].to_numpy(),
        start=np.concatenate([[0], np.cumsum(per_lead_events)]).astype(np.int64),
        created=(per_lead["created"] - t_min).to_numpy(),
        cut=(per_lead["cut"] - t_min).to_numpy(),
        fit=per_lead["fit"].to_numpy(),
        agg=per_lead["agg"].to_numpy(),
        t_min=int(t_min),
        as_of=as_of_s,
        t_bits=max(int(as_of_s - t_min).bit_length(), 1),
    )
    del events  # its columns live on in ``timeline``
    chunks = _chunk_bounds(per_lead_events + 2, 1 << 18)
    with ThreadPoolExecutor(max_workers=max(1, min(os.cpu_count() or 1, 8))) as pool:
        scored = list(pool.map(lambda ab: _score_chunk(timeline, criteria, *ab), chunks))
        # -- record highs of the path (quantised as one frame: record_highs), peak, MQL -----
        keeps = [np.ones(s[4].size, dtype=bool) for s in scored]
        if any(s[4].size for s in scored):
            low, width = _path_quantum(
                np.concatenate([[s[4].min(), s[4].max()] for s in scored if s[4].size])
            )
            li_max = max(int(s[2].max()) for s in scored if s[2].size)
            if width + max(li_max, 1).bit_length() < 62:
                keeps = list(
                    pool.map(lambda s: _packed_record_mask(s[2], s[4], low, width), scored)
                )
            else:
                keep = running_record(
                    np.concatenate([s[2] for s in scored]), np.concatenate([s[4] for s in scored])
                )
                keeps = np.split(keep, np.cumsum([s[4].size for s in scored])[:-1])
        paths = list(
            pool.map(
                lambda job: _path_chunk(*job[0], *job[1][2:], job[2], criteria.threshold),
                zip(chunks, scored, keeps, strict=True),
            )
        )
    engagement, total = (
        np.concatenate([s[k] for s in scored]) if scored else np.zeros(0) for k in (0, 1)
    )
    path_li, path_tr, path_total, peak, mql_tr = (
        np.concatenate([p[k] for p in paths]) if paths else np.zeros(0, dtype=dtype)
        for k, dtype in enumerate([np.int64, np.int64, np.float64, np.float64, np.int64])
    )
    del scored, keeps, paths  # every evaluation: free them before the frames are built
    lead_ids = per_lead["lead_id"]
    path = pl.DataFrame(
        {
            "lead_id": lead_ids.gather(path_li),
            "at": pl.Series((path_tr + t_min) * 1_000_000, dtype=pl.Int64).cast(pl.Datetime("us")),
            "total": pl.Series(path_total, dtype=pl.Float64),
        }
    )
    moments = pl.DataFrame(
        {
            "lead_id": lead_ids,
            "fit": per_lead["fit"],
            "engagement": pl.Series(engagement, dtype=pl.Float64),
            "total": pl.Series(total, dtype=pl.Float64),
            "peak_total": pl.Series(peak, dtype=pl.Float64),
            "has_path": ~np.isnan(peak),
            "mql_at": pl.Series((mql_tr + t_min) * 1_000_000, dtype=pl.Int64).cast(
                pl.Datetime("us")
            ),
            "is_mql": mql_tr >= 0,
        }
    ).with_columns(
        peak_total=pl.when("has_path").then("peak_total"),
        mql_at=pl.when("is_mql").then("mql_at"),
    )
    sql = sql_moments(ws, criteria, moments.select("lead_id", "mql_at"), as_of)
    lifecycle = (
        moments.join(outcomes, on="lead_id", how="left", maintain_order="left")
        .join(sql, on="lead_id", how="left", maintain_order="left")
        .with_columns(
            decision_at=pl.coalesce(pl.col("opportunity_at"), pl.lit(as_of)),
            is_won=pl.col("is_won").fill_null(False),
            is_lost=pl.col("is_lost").fill_null(False),
            won_amount=pl.col("won_amount").fill_null(0.0),
        )
        .select(LIFECYCLE_COLUMNS)
    )
    out = leads.join(lifecycle, on="lead_id", how="left", maintain_order="left")
    if "first_contact_at" not in out.columns:
        out = out.with_columns(first_contact_at=pl.lit(None, dtype=pl.Datetime("us")))
    return Replay(leads=out, path=path, as_of=as_of, criteria_sha256=criteria.sha256)
