r"""Replay: for given criteria, each lead's score path, MQL/SQL moments and outcome.

For each lead (existing at ``as_of``):

- **score as of** ``as_of`` (``fit``, ``engagement``, ``total``): equal to
  :func:`analytics.scoring.points.score_features` on the feature matrix at ``as_of``
  (read here from the same timeline, at an ``as_of`` marker);
- **score path**: the total re-evaluated at the lead's creation and at the time of every
  scored activity (one matching a rule) and window exit, with decay applied in between,
  using only behaviour strictly before ``decision_at`` — the lead's **hand-off**
  (:mod:`analytics.scoring.handoff`: its first contact, BANT assessment, feedback or linked
  deal, kept as ``handoff_at``), else ``as_of``. Behaviour after sales touched the lead is
  sales' doing, never a marketing signal. Only its **record highs** are kept
  (``Replay.path``): for any threshold ``T`` the MQL moment is ``min(at)`` where
  ``total >= T``, so a what-if needs no re-replay (record highs are compared at a
  resolution of 2^-20 ≈ 1e-6 points). Fit points (and aggregate-only behaviour, for leads
  without scored activity) count from creation. A lead without ``created_at`` starts at
  its first scored activity (else at ``as_of``);
- **MQL moment** (``mql_at``): the first time the total reached the threshold;
- **SQL moment** (``sql_at``): the lead's first BANT assessment (by ``as_of``) that meets
  ``[sql_rule]`` (:mod:`analytics.criteria.sql_rule`: an empty item is level 0, unknown),
  whether or not the lead was an MQL — an assessment comes after the hand-off, so for an
  MQL it always follows ``mql_at``; a lead qualified without being an MQL is
  *sales-sourced* (:mod:`analytics.metrics.definitions`);
- **outcome** from linked deals (:func:`analytics.scoring.linking.link_deals`):
  ``opportunity_at``, ``is_won``/``won_at``/``won_amount``, ``is_lost``. Deals created
  after ``as_of`` are ignored, and a win counts only if closed by ``as_of``.

Imported lifecycle dates (``leads.mql_at``, ``sql_at``, ``first_contact_at``) are
facts: kept as ``crm_mql_at``, ``crm_sql_at``, ``first_contact_at`` beside the
replayed moments.

How (all vectorised, no sort outside DuckDB): one DuckDB scan gives (lead, time, rule) for
every matching activity, sorted by (lead, time). The leads are then cut into chunks of
about 2^18 rows, scored in parallel threads (numpy releases the GIL). In a chunk, the
leads' timeline is their activities, window exits (an event of minus the leaving
activity's decayed weight), a creation and an ``as_of`` marker, merged in (lead, time)
order. Per rule, its rows (picked in that order) give the decayed running count
``S(t_k) = S(t_{k-1})·2^(-Δt/h) + x_k``, a segmented linear scan done in
``log2(longest run)`` numpy passes (:func:`analytics.scoring.kernels.decayed_scan`;
bounded values, so no overflow for any half-life). Each state, stored as
``v = ln S + ln2·t/h``, holds until the rule's next row of the lead, so it is expanded
only over the timeline rows that are read (the last row of each second on the path, and
``as_of``) and decayed there as ``exp(v - ln2·t/h)``: a rule costs nothing at rows of
leads that never used it. Points, caps and weights (summed in rule order) then give the
total; record highs and each lead's peak and MQL moment come per chunk as well. Activity
times are taken to the second. The numpy kernels live in :mod:`analytics.scoring.kernels`,
deal linking in :mod:`analytics.scoring.linking`.
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable
from concurrent.futures import Executor, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import numpy as np
import polars as pl

from analytics.criteria import Criteria, EngagementRule
from analytics.criteria.sql_rule import load_bant
from analytics.scoring.features import check_fields, data_end, fit_index_expr, rule_cases
from analytics.scoring.handoff import handoff_moments
from analytics.scoring.kernels import (
    chunk_bounds,
    decayed_scan,
    packed_record_mask,
    path_quantum,
    polars_exp,
    reaches,
    rows_by_rule,
    running_record,
    segment_positions,
    segmented_cumsum,
)
from analytics.scoring.linking import deal_outcomes
from analytics.scoring.points import eng_points_expr, fit_points_expr
from analytics.scoring.replayed import Replay
from analytics.store.db import Workspace
from analytics.store.progress import Progress, ProgressClock
from analytics.store.schema import ENGINE_COLUMNS, SCHEMA, safe_custom_name

LN2 = math.log(2.0)
# Leads are scored in chunks of about this many timeline rows, in parallel threads.
CHUNK_ROWS = 1 << 18


# What replay() adds to every lead's own columns (scores and replayed lifecycle).
LIFECYCLE_COLUMNS: tuple[str, ...] = (
    "lead_id",
    "fit",
    "engagement",
    "total",
    "peak_total",
    "handoff_at",
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


def replay(
    ws: Workspace,
    criteria: Criteria,
    *,
    as_of: datetime | None = None,
    progress: Callable[[Progress], None] | None = None,
    links: pl.DataFrame | None = None,
) -> Replay:
    """Replay ``criteria`` over the workspace: scores, score paths, MQL/SQL moments, outcomes.

    Activity times are taken to the second.

    Args:
        ws: the workspace.
        criteria: the criteria to replay.
        as_of: point in time (default: the data's end).
        progress: called at each stage (task ``replay`` of :mod:`analytics.store.progress`).
        links: the deal links (``deal_id``, ``lead_id``) when the caller has them already
            (:func:`~analytics.scoring.linking.link_deals` of this workspace as it is now);
            None links the deals here.

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
    clock = ProgressClock(progress, task="replay")
    clock.stage("read")
    as_of, leads, outcomes, per_lead, timeline = _replay_inputs(
        ws, criteria, as_of, clock, links=links
    )
    clock.stage("score")
    scores = _evaluate(timeline, criteria)
    clock.stage("moments")
    moments = _moments_frame(per_lead, scores, timeline.t_min)
    sql = sql_moments(ws, criteria, as_of)
    out = leads.join(
        _lifecycle(moments, outcomes, sql, as_of), on="lead_id", how="left", maintain_order="left"
    )
    if "first_contact_at" not in out.columns:
        out = out.with_columns(first_contact_at=pl.lit(None, dtype=pl.Datetime("us")))
    path = _path_frame(per_lead["lead_id"], scores, timeline.t_min)
    clock.stage("done")
    return Replay(leads=out, path=path, as_of=as_of, criteria_sha256=criteria.sha256)


def _replay_inputs(
    ws: Workspace,
    criteria: Criteria,
    as_of: datetime | None,
    clock: ProgressClock | None = None,
    *,
    links: pl.DataFrame | None = None,
) -> tuple[datetime, pl.DataFrame, pl.DataFrame, pl.DataFrame, _Timeline]:
    """What a replay walks: (as-of, leads, deal/hand-off outcomes, per-lead inputs, timeline).

    Shared by :func:`replay` and the rule-edit basis (:mod:`analytics.scoring.edits`);
    the events' columns live on in the timeline.
    """
    as_of = (as_of or data_end(ws)).replace(microsecond=0)
    check_fields(ws, criteria)
    leads = _load_leads(ws, as_of)
    deals = deal_outcomes(ws, as_of, links=links)
    outcomes = deals.join(
        handoff_moments(ws, deals, as_of), on="lead_id", how="full", coalesce=True
    )
    clock = clock or ProgressClock(None, task="replay")
    clock.stage("activities")
    events = _load_events(ws, criteria, as_of, n_leads=leads.height)
    clock.stage("timeline")
    per_lead = _per_lead_inputs(leads, events, criteria, outcomes, as_of)
    return as_of, leads, outcomes, per_lead, _timeline(events, per_lead, as_of)


def sql_moments(ws: Workspace, criteria: Criteria, as_of: datetime) -> pl.DataFrame:
    """Each lead's first BANT assessment (by ``as_of``) meeting the SQL rule.

    The rule and the assessments are those of :mod:`analytics.criteria.sql_rule`
    (an empty BANT item is level 0, "unknown").

    Args:
        ws: the workspace.
        criteria: the criteria (its ``sql_rule``).
        as_of: the point in time; later assessments are left out.

    Returns:
        ``lead_id``, ``sql_at`` for leads that became SQL.

    Example:
        >>> from analytics.criteria import default_criteria
        >>> sql_moments(Workspace.open(":memory:"), default_criteria(), datetime(2025, 2, 1)).height
        0
    """
    return (
        load_bant(ws, as_of=as_of)
        .filter(criteria.sql_rule.meets())
        .group_by("lead_id")
        .agg(sql_at=pl.col("assessed_at").min())
    )


# --------------------------------------------------------------------------- inputs
def _epoch_seconds(moment: datetime) -> int:
    return int((moment - datetime(1970, 1, 1)).total_seconds())


def _load_leads(ws: Workspace, as_of: datetime) -> pl.DataFrame:
    """The leads existing at ``as_of``, in lead_id order; imported lifecycle dates as crm_*.

    Read in stored order first: a table kept in lead_id order (as many exports and the demo
    write it) needs no sort (0.3 s against 0.7 s at 1M); else it is read again, sorted.
    """
    existing = "SELECT * FROM leads WHERE created_at IS NULL OR created_at <= ?"
    leads = ws.query(existing, [as_of])
    if not leads.get_column("lead_id").is_sorted():
        leads = ws.query(f"{existing} ORDER BY lead_id", [as_of])
    # a custom attribute stored under an engine name (before the importer kept it apart) is
    # read under its safe name, so it can never clash with or replace a computed column
    canonical = {c.name for c in SCHEMA["leads"].columns}
    clashing = {c: safe_custom_name(c) for c in leads.columns if c in ENGINE_COLUMNS}
    leads = leads.rename({c: n for c, n in clashing.items() if c not in canonical})
    leads = leads.rename({"mql_at": "crm_mql_at", "sql_at": "crm_sql_at"})
    return leads.drop("import_id") if "import_id" in leads.columns else leads


def _load_events(
    ws: Workspace, criteria: Criteria, as_of: datetime, *, n_leads: int
) -> pl.DataFrame:
    """li (i32), t (i64), r (i16): every activity matching an activity rule (:func:`_events_sql`)."""
    if n_leads and any(r.field is None for r in criteria.engagement_rules):
        events = ws.query(*_events_sql(criteria, as_of))
    else:
        events = pl.DataFrame(schema={"li": pl.Int32, "t": pl.Int64, "r": pl.Int16})
    return events.with_columns(
        pl.col("li").cast(pl.Int32), pl.col("r").cast(pl.Int16), pl.col("t").cast(pl.Int64)
    )


def _per_lead_inputs(
    leads: pl.DataFrame,
    events: pl.DataFrame,
    criteria: Criteria,
    outcomes: pl.DataFrame,
    as_of: datetime,
) -> pl.DataFrame:
    """Per lead (in ``leads`` order): lead_id, fit, agg, created, opportunity_at, cut, events.

    ``fit`` is the weighted fit points, ``agg`` the aggregate-only engagement points
    (before the weight), ``created`` and ``cut`` (the decision) epoch seconds, and
    ``events`` the number of the lead's scored activities.
    """
    as_of_s = _epoch_seconds(as_of)
    n_events = np.bincount(events["li"].to_numpy(), minlength=leads.height)[: leads.height]
    per_lead = _fit_and_decision(leads, criteria, outcomes, as_of_s).with_columns(
        events=pl.Series(n_events, dtype=pl.Int64)
    )
    aggregate_rules = [r for r in criteria.engagement_rules if r.field is not None]
    if aggregate_rules:
        per_lead = per_lead.with_columns(
            agg=_aggregate_points(leads, aggregate_rules, has_events=n_events > 0)
        )
    if per_lead["created"].null_count():
        per_lead = _created_or_first_activity(per_lead, events, as_of_s)
    return per_lead


def _fit_and_decision(
    leads: pl.DataFrame, criteria: Criteria, outcomes: pl.DataFrame, as_of_s: int
) -> pl.DataFrame:
    """lead_id, fit (weighted), agg (0), created, opportunity_at, cut (the decision, epoch s)."""
    fit_expr = (
        pl.sum_horizontal([fit_points_expr(r) for r in criteria.fit_rules])
        if criteria.fit_rules
        else pl.lit(0.0)
    )
    return (
        leads.select("lead_id", "created_at", *{r.field for r in criteria.fit_rules})
        .with_columns([fit_index_expr(r) for r in criteria.fit_rules])
        .select(
            "lead_id",
            fit=(fit_expr * criteria.fit_weight).cast(pl.Float64),
            agg=pl.lit(0.0, pl.Float64),
            created=pl.col("created_at").dt.epoch("s"),
        )
        .join(
            outcomes.select("lead_id", "opportunity_at", "handoff_at"),
            on="lead_id",
            how="left",
            maintain_order="left",
        )
        .with_columns(cut=pl.min_horizontal(pl.col("handoff_at").dt.epoch("s"), pl.lit(as_of_s)))
    )


def _aggregate_points(
    leads: pl.DataFrame, rules: list[EngagementRule], *, has_events: np.ndarray
) -> pl.Series:
    """Per lead, the points of aggregate lead columns (only for leads without scored activity)."""
    silent = ~pl.lit(pl.Series(has_events, dtype=pl.Boolean))
    return leads.select(
        pl.sum_horizontal(
            eng_points_expr(
                r,
                pl.when(silent)
                .then(
                    pl.col(str(r.field)).cast(pl.Float64, strict=False).fill_null(0.0).fill_nan(0.0)
                )
                .otherwise(0.0)
                .clip(lower_bound=0.0),
            )
            for r in rules
        ).cast(pl.Float64)
    ).to_series()


def _created_or_first_activity(
    per_lead: pl.DataFrame, events: pl.DataFrame, as_of_s: int
) -> pl.DataFrame:
    """A lead without ``created_at`` starts at its first scored activity, else at ``as_of``."""
    first = events.group_by("li").agg(first=pl.col("t").min())
    return (
        per_lead.with_row_index("li")
        .with_columns(pl.col("li").cast(pl.Int32))
        .join(first, on="li", how="left", maintain_order="left")
        .with_columns(created=pl.coalesce("created", "first", pl.lit(as_of_s)))
        .drop("li", "first")
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


def _timeline(events: pl.DataFrame, per_lead: pl.DataFrame, as_of: datetime) -> _Timeline:
    """The numpy inputs of the evaluation, times relative to the earliest one."""
    as_of_s = _epoch_seconds(as_of)
    t_min = min(
        [v for v in (events["t"].min(), per_lead["created"].min()) if v is not None],
        default=as_of_s,
    )
    return _Timeline(
        li=events["li"].to_numpy(),
        t=events["t"].to_numpy(),
        r=events["r"].to_numpy(),
        start=np.concatenate([[0], np.cumsum(per_lead["events"].to_numpy())]).astype(np.int64),
        created=(per_lead["created"] - t_min).to_numpy(),
        cut=(per_lead["cut"] - t_min).to_numpy(),
        fit=per_lead["fit"].to_numpy(),
        agg=per_lead["agg"].to_numpy(),
        t_min=int(t_min),
        as_of=as_of_s,
        t_bits=max(int(as_of_s - t_min).bit_length(), 1),
    )


# --------------------------------------------------------------------------- evaluation
@dataclass(frozen=True)
class _Scores:
    """The evaluation of every lead, as numpy arrays.

    Attributes:
        engagement, total: per lead (lead order), the scores as of ``as_of``.
        peak: per lead, the highest total on the path (NaN: no path).
        mql_tr: per lead, the relative time of the MQL moment (-1: never).
        path_li, path_tr, path_total: the record highs of every path, grouped by lead.
    """

    engagement: np.ndarray
    total: np.ndarray
    peak: np.ndarray
    mql_tr: np.ndarray
    path_li: np.ndarray
    path_tr: np.ndarray
    path_total: np.ndarray


def _evaluate(tl: _Timeline, criteria: Criteria) -> _Scores:
    """Score every chunk of leads in parallel threads, then keep its record highs and MQL moments."""
    chunks = chunk_bounds(np.diff(tl.start) + 2, CHUNK_ROWS)
    with ThreadPoolExecutor(max_workers=max(1, min(os.cpu_count() or 1, 8))) as pool:
        scored: list[Any] = list(pool.map(lambda ab: _score_chunk(tl, criteria, *ab), chunks))
        keeps = _record_masks(pool, scored)
        finals = [s[:2] for s in scored]
        # the record highs go straight into the path's arrays, each chunk's evaluations
        # dropped once kept (no per-chunk copies joined after: ~0.26 GB less at 1M leads)
        bounds = np.cumsum([0, *(int(np.count_nonzero(k)) for k in keeps)])
        path_li, path_tr, path_total = (np.empty(int(bounds[-1]), dtype=d) for d in _PATH_DTYPES)

        def keep(i: int) -> tuple[np.ndarray, np.ndarray]:
            a, b = int(bounds[i]), int(bounds[i + 1])
            out = (path_li[a:b], path_tr[a:b], path_total[a:b])
            (lo, hi), evaluations = chunks[i], scored[i][2:]
            scored[i] = None
            return _path_chunk(lo, hi, *evaluations, keeps[i], criteria.threshold, out=out)[3:]

        moments = list(pool.map(keep, range(len(chunks))))
    engagement, total = (
        np.concatenate([f[k] for f in finals]) if finals else np.zeros(0) for k in (0, 1)
    )
    peak, mql_tr = (
        np.concatenate([m[k] for m in moments]) if moments else np.zeros(0, dtype=dtype)
        for k, dtype in enumerate([np.float64, np.int64])
    )
    return _Scores(engagement, total, peak, mql_tr, path_li, path_tr, path_total)


# the path's lead, relative time and total
_PATH_DTYPES = (np.int64, np.int64, np.float64)


def _record_masks(pool: Executor, scored: list[tuple[np.ndarray, ...]]) -> list[np.ndarray]:
    """Per chunk, which path evaluations are record highs, quantised over the whole path."""
    if not any(s[4].size for s in scored):
        return [np.ones(s[4].size, dtype=bool) for s in scored]
    low, width = path_quantum(
        np.concatenate([[s[4].min(), s[4].max()] for s in scored if s[4].size])
    )
    li_max = max(int(s[2].max()) for s in scored if s[2].size)
    if width + max(li_max, 1).bit_length() < 62:
        return list(pool.map(lambda s: packed_record_mask(s[2], s[4], low, width), scored))
    keep = running_record(
        np.concatenate([s[2] for s in scored]), np.concatenate([s[4] for s in scored])
    )
    return np.split(keep, np.cumsum([s[4].size for s in scored])[:-1])


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
    inv_hl = [
        0.0 if rule.half_life_days is None else 1.0 / (rule.half_life_days * 86400.0)
        for rule in rules
    ]
    merged = _merge_chunk(tl, rules, inv_hl, lo, hi)
    reads = _read_rows(tl, merged, lo, hi)
    engagement = _engagement_points(merged, reads, rules, inv_hl)
    lead = merged.li[reads.mask]
    engagement = (engagement + tl.agg[lo:hi][lead]) * criteria.engagement_weight
    total = tl.fit[lo:hi][lead] + engagement
    if criteria.floor is not None or criteria.ceiling is not None:
        total = np.clip(total, criteria.floor, criteria.ceiling)
    final, path = reads.is_as_of[reads.mask], reads.on_path[reads.mask]
    return (
        engagement[final],
        total[final],
        lead[path] + lo,
        merged.tr[reads.mask][path],
        total[path],
    )


@dataclass(frozen=True)
class _Merged:
    """A chunk's timeline in (lead, time) order: lead (from 0), relative second, rule (-1: a
    creation or ``as_of`` marker) and the row's value (+1 an activity, minus its decayed weight
    a window exit, 0 a marker)."""

    li: np.ndarray
    tr: np.ndarray
    r: np.ndarray
    x: np.ndarray


def _merge_chunk(
    tl: _Timeline, rules: list[EngagementRule], inv_hl: list[float], lo: int, hi: int
) -> _Merged:
    """Leads ``lo..hi``: activities, window exits, creation and ``as_of`` markers, merged."""
    e0, e1 = int(tl.start[lo]), int(tl.start[hi])
    n_leads = hi - lo
    as_of = tl.as_of - tl.t_min
    li = [tl.li[e0:e1].astype(np.int64) - lo, np.arange(2 * n_leads, dtype=np.int64) >> 1]
    tr = [tl.t[e0:e1] - tl.t_min, np.full(2 * n_leads, as_of, dtype=np.int64)]
    tr[1][0::2] = tl.created[lo:hi]
    r = [tl.r[e0:e1], np.full(2 * n_leads, -1, dtype=np.int16)]
    x = [np.ones(e1 - e0), np.zeros(2 * n_leads)]
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
    return _Merged(li_all[order], tr_all[order], np.concatenate(r)[order], np.concatenate(x)[order])


@dataclass(frozen=True)
class _Reads:
    """Which merged rows are evaluated (read), and the lookups the rules' states need.

    Attributes:
        mask: the rows read: on the path, or the ``as_of`` marker.
        on_path: the last row of each (lead, second) from creation to before the decision.
        is_as_of: each lead's last row (its ``as_of`` marker).
        lead_end: per lead, the index after its last row.
        before: ``before[k]``, the number of read rows before row ``k``.
        t_float: every row's relative time as a float.
    """

    mask: np.ndarray
    on_path: np.ndarray
    is_as_of: np.ndarray
    lead_end: np.ndarray
    before: np.ndarray
    t_float: np.ndarray


def _read_rows(tl: _Timeline, m: _Merged, lo: int, hi: int) -> _Reads:
    """The rows of the merged timeline whose total is evaluated."""
    n = m.li.size
    last = np.ones(n, dtype=bool)  # the last row of its (lead, second): the one evaluated
    last[:-1] = (m.li[1:] != m.li[:-1]) | (m.tr[1:] != m.tr[:-1])
    lead_end = np.append(np.flatnonzero(m.li[1:] != m.li[:-1]) + 1, n)  # every lead has rows
    created = tl.created[lo:hi][m.li]
    on_path = last & ((m.tr == created) | ((m.tr > created) & (m.tr < tl.cut[lo:hi][m.li])))
    is_as_of = np.zeros(n, dtype=bool)
    is_as_of[lead_end - 1] = True
    read = on_path | is_as_of
    before = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(read, out=before[1:])
    return _Reads(read, on_path, is_as_of, lead_end, before, m.tr.astype(np.float64))


def _engagement_points(
    m: _Merged, rd: _Reads, rules: list[EngagementRule], inv_hl: list[float]
) -> np.ndarray:
    """Per read row, the engagement points (capped per rule, summed in rule order, unweighted)."""
    t_read = rd.t_float[rd.mask]
    reads: list[tuple[EngagementRule, np.ndarray, np.ndarray | None]] = []
    exponents = []  # of the rules that decay: ln of the decayed count at their read rows
    for i, (rule, rows) in enumerate(zip(rules, rows_by_rule(m.r, len(rules)), strict=True)):
        held = _rule_states(m, rd, t_read, rows, np.float64(inv_hl[i]))
        if held is not None:
            decays = inv_hl[i] != 0.0
            reads.append((rule, held[0], None if decays else held[1]))
            if decays:
                exponents.append(held[1])
    decayed = polars_exp(np.concatenate(exponents)) if exponents else np.zeros(0)
    engagement = np.zeros(t_read.size)
    done = 0
    for rule, at, count in reads:  # in rule order, as the scores sum them
        if count is None:  # a rule that decays: its share of the exponentials
            count, done = decayed[done : done + at.size], done + at.size
        points = count * rule.points
        if rule.cap is not None:
            points = np.clip(points, -rule.cap, rule.cap)
        engagement[at] += points
    return engagement


def _rule_states(
    m: _Merged, rd: _Reads, t_read: np.ndarray, rows: np.ndarray, ih: np.float64
) -> tuple[np.ndarray, np.ndarray] | None:
    """A rule (its merged ``rows``, in order): the read rows it scores and its count there:
    ln of the decayed count for a rule that decays, the whole count for one that does not
    (None: unused).

    :func:`decayed_scan` over the rule's rows gives each row's state ``ln S + ln2·t/h``
    (without decay, :func:`segmented_cumsum` gives the count itself: one pass, no log
    and no exp, the same whole numbers);
    it holds until the rule's next row of the lead, else the lead's end, and is
    expanded over the read rows in between (``run`` numbers them, without
    ``np.repeat``, which keeps the GIL).
    """
    if rows.size == 0:
        return None
    lead = m.li[rows]
    starts = np.ones(rows.size, dtype=bool)
    starts[1:] = lead[1:] != lead[:-1]
    if ih == 0.0:
        state = np.maximum(segmented_cumsum(m.x[rows], starts), 0.0)
    else:
        t_rule = rd.t_float[rows]
        s = decayed_scan(m.x[rows], t_rule, ih, segment_positions(starts))
        with np.errstate(divide="ignore"):
            state = np.log(np.maximum(s, 0.0)) + t_rule * ih * LN2  # natural log
    stop = np.append(rows[1:], m.li.size)
    first = rd.before[rows]
    count = rd.before[np.minimum(stop, rd.lead_end[lead])] - first
    held = np.flatnonzero(count)
    if held.size == 0:
        return None
    count, first, state = count[held], first[held], state[held]
    ends = np.cumsum(count)
    run = np.zeros(int(ends[-1]), dtype=np.int64)
    run[ends[:-1]] = 1
    np.cumsum(run, out=run)
    at = np.arange(run.size) + (first - (ends - count))[run]
    rate = float(ih) * LN2
    return at, (state[run] - t_read[at] * rate if rate else state[run])


def _path_chunk(
    lo: int,
    hi: int,
    li: np.ndarray,
    tr: np.ndarray,
    total: np.ndarray,
    keep: np.ndarray,
    threshold: float,
    *,
    out: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Leads ``lo..hi``: the path's kept rows (record highs), and per lead its peak and MQL time.

    Args:
        li, tr, total: the path evaluations of :func:`_score_chunk` (grouped by lead,
            in time order); ``keep``: which are record highs.
        out: arrays of the kept rows' size to write the kept ``li``, ``tr``, ``total`` into
            (returned as the first three); None: new arrays.

    Returns:
        ``li``, ``tr``, ``total`` of the kept rows; per lead, the peak total (NaN: no
        path) and the first kept ``tr`` whose total reaches ``threshold`` (-1: none).

    Example:
        >>> [a.tolist() for a in _path_chunk(0, 2, np.array([0, 0, 1]), np.array([1, 2, 1]),
        ...  np.array([5.0, 9.0, 1.0]), np.array([True, True, True]), 8.0)]
        [[0, 0, 1], [1, 2, 1], [5.0, 9.0, 1.0], [9.0, 1.0], [2, -1]]
    """
    if out is None:
        li, tr, total = li[keep], tr[keep], total[keep]
    else:
        li, tr, total = (
            np.compress(keep, a, out=o) for a, o in zip((li, tr, total), out, strict=True)
        )
    peak = np.full(hi - lo, np.nan)
    if li.size:
        firsts = np.flatnonzero(np.concatenate([[True], li[1:] != li[:-1]]))
        peak[li[firsts] - lo] = np.maximum.reduceat(total, firsts)
    mql = np.full(hi - lo, -1, dtype=np.int64)
    hits = np.flatnonzero(reaches(total, threshold))  # kept rows are in time order
    if hits.size:
        hits = hits[np.concatenate([[True], li[hits][1:] != li[hits][:-1]])]
        mql[li[hits] - lo] = tr[hits]
    return li, tr, total, peak, mql


# --------------------------------------------------------------------------- frames
def _path_frame(lead_ids: pl.Series, scores: _Scores, t_min: int) -> pl.DataFrame:
    """``Replay.path``: lead_id, at, total of every record high."""
    return pl.DataFrame(
        {
            "lead_id": lead_ids.gather(scores.path_li),
            "at": pl.Series((scores.path_tr + t_min) * 1_000_000, dtype=pl.Int64).cast(
                pl.Datetime("us")
            ),
            "total": pl.Series(scores.path_total, dtype=pl.Float64),
        }
    )


def _moments_frame(per_lead: pl.DataFrame, scores: _Scores, t_min: int) -> pl.DataFrame:
    """lead_id, fit, engagement, total, peak_total, mql_at (and has_path, is_mql) per lead."""
    return pl.DataFrame(
        {
            "lead_id": per_lead["lead_id"],
            "fit": per_lead["fit"],
            "engagement": pl.Series(scores.engagement, dtype=pl.Float64),
            "total": pl.Series(scores.total, dtype=pl.Float64),
            "peak_total": pl.Series(scores.peak, dtype=pl.Float64),
            "has_path": ~np.isnan(scores.peak),
            "mql_at": pl.Series((scores.mql_tr + t_min) * 1_000_000, dtype=pl.Int64).cast(
                pl.Datetime("us")
            ),
            "is_mql": scores.mql_tr >= 0,
        }
    ).with_columns(
        peak_total=pl.when("has_path").then("peak_total"),
        mql_at=pl.when("is_mql").then("mql_at"),
    )


def _lifecycle(
    moments: pl.DataFrame, outcomes: pl.DataFrame, sql: pl.DataFrame, as_of: datetime
) -> pl.DataFrame:
    """:data:`LIFECYCLE_COLUMNS` per lead: scores, moments, decision and deal outcome."""
    return (
        moments.join(outcomes, on="lead_id", how="left", maintain_order="left")
        .join(sql, on="lead_id", how="left", maintain_order="left")
        .with_columns(
            decision_at=pl.coalesce(pl.col("handoff_at"), pl.lit(as_of)),
            is_won=pl.col("is_won").fill_null(False),
            is_lost=pl.col("is_lost").fill_null(False),
            won_amount=pl.when("is_won").then("won_amount").otherwise(0.0),  # won: null unknown
        )
        .select(LIFECYCLE_COLUMNS)
    )
