"""Instant rule edits: which leads are MQLs under edited points, without a replay.

A replay (:mod:`analytics.scoring.replay`) decays and counts every lead's activities
along its path — the part that depends on the rules' *structure* (which activities a
rule counts, its window and half-life) and on the data. Points, caps, weights, floor,
ceiling and the threshold only turn those counts into a total. So, once per structure
(:func:`edit_key`), :func:`prepare_edits` keeps per path evaluation (each second a
lead's total is evaluated before its hand-off) each rule's decayed count; then
:func:`mql_under` applies any points to them (points × counts, capped per rule, summed
in rule order, weighted, clipped — as the replay sums them) and returns each lead's
MQL moment in milliseconds: the first evaluation whose total reaches the threshold.

Its ``mql_at`` equals the replay's for the same criteria (a test checks it on demo data).

Example:
    >>> from analytics.criteria import default_criteria
    >>> from analytics.store.db import Workspace
    >>> basis = prepare_edits(Workspace.open(":memory:"), default_criteria())
    >>> mql_under(basis, default_criteria()).columns
    ['lead_id', 'mql_at']
"""

from __future__ import annotations

import hashlib
import threading
from dataclasses import dataclass
from datetime import datetime

import numpy as np
import polars as pl
from scipy import sparse

from analytics.criteria import Criteria
from analytics.scoring.features import fit_index_expr
from analytics.scoring.kernels import chunk_bounds, polars_exp, reaches, rows_by_rule
from analytics.scoring.replay import (
    CHUNK_ROWS,
    _merge_chunk,
    _read_rows,
    _replay_inputs,
    _rule_states,
)
from analytics.store.db import Workspace


@dataclass(frozen=True)
class EditBasis:
    """Per path evaluation, each activity rule's decayed count (see the module docstring).

    Attributes:
        leads: ``lead_id`` of the leads (lead order).
        fit_index: per fit rule, each lead's option index (into ``FitRule.points``).
        agg_count: per aggregate engagement rule (a lead column), each lead's count (0 for
            a lead with scored activity: aggregates count only without).
        row_lead, row_tr: per evaluation (grouped by lead, in time order), the lead's
            position and the relative time (seconds since ``t_min``).
        at: the evaluations each activity rule counts at, rule after rule (criteria order).
        counts: per activity rule, its decayed count at those evaluations (a whole number
            for a rule without decay).
        t_min: origin of relative times (epoch seconds).
        as_of: the point in time.
        key: :func:`edit_key` of the criteria it was prepared for.
    """

    leads: pl.DataFrame
    fit_index: tuple[np.ndarray, ...]
    agg_count: tuple[np.ndarray, ...]
    row_lead: np.ndarray
    row_tr: np.ndarray
    at: np.ndarray
    counts: tuple[np.ndarray, ...]
    t_min: int
    as_of: datetime
    key: str

    def __getstate__(self) -> dict:
        """Pickle the fields only, not what :func:`totals_under` derived and keeps beside them."""
        return {k: v for k, v in self.__dict__.items() if not k.startswith("_")}


def edit_key(criteria: Criteria) -> str:
    """What :class:`EditBasis` depends on: every rule's structure (all but points and caps).

    Example:
        >>> from dataclasses import replace
        >>> from analytics.criteria import default_criteria
        >>> c = default_criteria()
        >>> edit_key(c) == edit_key(replace(c, threshold=1, fit_weight=3))
        True
    """
    parts = [repr(r.structure) for r in criteria.engagement_rules]
    parts += [repr(r.structure) for r in criteria.fit_rules]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:16]


def prepare_edits(ws: Workspace, criteria: Criteria, *, as_of: datetime | None = None) -> EditBasis:
    """Decay and count every lead's activities along its path, once per :func:`edit_key`.

    Args:
        ws: the workspace.
        criteria: any criteria of that structure.
        as_of: point in time (default: the data's end).

    Returns:
        :class:`EditBasis`.
    """
    as_of, leads, _, _, tl = _replay_inputs(ws, criteria, as_of)
    rules = [r for r in criteria.engagement_rules if r.field is None]
    inv_hl = [
        0.0 if r.half_life_days is None else 1.0 / (r.half_life_days * 86400.0) for r in rules
    ]
    row_lead, row_tr, per_rule, done = [], [], [[] for _ in rules], 0
    for lo, hi in chunk_bounds(np.diff(tl.start) + 2, CHUNK_ROWS):
        merged = _merge_chunk(tl, rules, inv_hl, lo, hi)
        reads = _read_rows(tl, merged, lo, hi)
        on_path = reads.on_path[reads.mask]  # of the read rows, those on the path
        path_index = np.cumsum(on_path) - 1 + done
        t_read = reads.t_float[reads.mask]
        for i, rows in enumerate(rows_by_rule(merged.r, len(rules))):
            held = _rule_states(merged, reads, t_read, rows, np.float64(inv_hl[i]))
            if held is not None:
                at, state = held  # ln of the decayed count, or the count (no decay)
                keep = on_path[at]
                count = polars_exp(state[keep]) if inv_hl[i] else state[keep]
                per_rule[i].append((path_index[at[keep]], count))
        row_lead.append(merged.li[reads.mask][on_path] + lo)
        row_tr.append(merged.tr[reads.mask][on_path])
        done += int(on_path.sum())
    empty = (np.zeros(0, dtype=np.int64), np.zeros(0))
    return EditBasis(
        leads=leads.select("lead_id"),
        fit_index=tuple(
            leads.select(fit_index_expr(r)).to_series().cast(pl.Int64).to_numpy()
            for r in criteria.fit_rules
        ),
        agg_count=_aggregate_counts(leads, criteria, has_events=np.diff(tl.start) > 0),
        row_lead=np.concatenate(row_lead) if row_lead else empty[0],
        row_tr=np.concatenate(row_tr) if row_tr else empty[0],
        at=_narrow(np.concatenate([a for parts in per_rule for a, _ in parts] or [empty[0]])),
        counts=tuple(
            np.concatenate([c for _, c in parts]) if parts else empty[1] for parts in per_rule
        ),
        t_min=tl.t_min,
        as_of=as_of,
        key=edit_key(criteria),
    )


def _narrow(rows: np.ndarray) -> np.ndarray:
    """Row numbers as int32 when they fit (half the memory the sparse product reads per edit)."""
    return rows.astype(np.int32) if rows.size == 0 or int(rows.max()) < 2**31 else rows


def _aggregate_counts(
    leads: pl.DataFrame, criteria: Criteria, *, has_events: np.ndarray
) -> tuple[np.ndarray, ...]:
    """Per aggregate rule, each lead's count as the replay reads it (see ``_aggregate_points``)."""
    silent = pl.Series(~has_events, dtype=pl.Boolean)
    return tuple(
        leads.select(
            pl.when(pl.lit(silent))
            .then(pl.col(str(r.field)).cast(pl.Float64, strict=False).fill_null(0.0).fill_nan(0.0))
            .otherwise(0.0)
            .clip(lower_bound=0.0)
        )
        .to_series()
        .to_numpy()
        for r in criteria.engagement_rules
        if r.field is not None
    )


def _per_lead_points(basis: EditBasis, criteria: Criteria) -> tuple[np.ndarray, np.ndarray]:
    """Per lead: weighted fit points, and aggregate-only engagement points (unweighted).

    Summed rule after rule, as the replay's polars ``sum_horizontal`` sums them.
    """
    n = basis.leads.height
    fit = np.zeros(n)
    for rule, index in zip(criteria.fit_rules, basis.fit_index, strict=True):
        fit = fit + np.asarray(rule.points, dtype=np.float64)[index]
    agg = np.zeros(n)
    aggregate = [r for r in criteria.engagement_rules if r.field is not None]
    for rule, count in zip(aggregate, basis.agg_count, strict=True):
        points = count * rule.points
        agg = agg + (points if rule.cap is None else np.clip(points, -rule.cap, rule.cap))
    return fit * criteria.fit_weight, agg


def totals_under(basis: EditBasis, criteria: Criteria) -> np.ndarray:
    """The total at every path evaluation of :class:`EditBasis` under ``criteria``'s points.

    Each activity rule's points (``points × count``, capped) are written rule after rule
    into one buffer, and one sparse product (evaluations × rules, :func:`_rule_matrix`)
    adds them to their evaluations in rule order, as the replay's ``sum_horizontal`` sums
    them. The last totals and engagement sums are kept beside the basis: a threshold move
    reuses the totals, a weight or fit change the sums.

    Raises:
        ValueError: criteria of another rule structure.
    """
    if edit_key(criteria) != basis.key:
        raise ValueError("criteria of another rule structure: prepare_edits again")
    key = _points_key(criteria)
    last = basis.__dict__.get("_last_totals")
    if last is not None and last[0] == key:
        return last[1]
    fit, agg = _per_lead_points(basis, criteria)
    engagement, per_row = _engagement_under(basis, criteria), _rows_per_lead(basis)
    # fit + (engagement + aggregates) × weight, in the replay's order (x + 0 and x × 1 are x)
    if np.any(agg[per_row > 0]):
        total = engagement + np.repeat(agg, per_row)
        total *= criteria.engagement_weight
    else:
        total = engagement * criteria.engagement_weight
    total += np.repeat(fit, per_row)
    if criteria.floor is not None or criteria.ceiling is not None:
        np.clip(total, criteria.floor, criteria.ceiling, out=total)
    total.flags.writeable = False  # kept for the next call
    basis.__dict__["_last_totals"] = (key, total)
    return total


def _engagement_under(basis: EditBasis, criteria: Criteria) -> np.ndarray:
    """Per evaluation, the activity rules' points summed in rule order (unweighted).

    The rules' points stay in one buffer per basis between edits: an edit rewrites only
    the rules whose points or cap changed, then sums. The sums are kept for the last points
    and caps (read-only): a weight or fit change reuses them.
    """
    rules = [r for r in criteria.engagement_rules if r.field is None]
    key = tuple((r.points, r.cap) for r in rules)
    last = basis.__dict__.get("_last_engagement")
    if last is not None and last[0] == key:
        return last[1]
    matrix = sparse.csc_array(_rule_matrix(basis), copy=False)
    # one buffer per basis, rewritten per edit (a fresh one would page-fault at every edit)
    with basis.__dict__.setdefault("_lock", threading.Lock()):
        points = basis.__dict__.get("_points")
        if points is None:
            points = basis.__dict__.setdefault("_points", np.empty(basis.at.size))
        written = basis.__dict__.setdefault("_written", {})  # rule -> (points, cap) in buffer
        done = 0  # each rule's points at its rows, rule after rule
        for i, (rule, count) in enumerate(zip(rules, basis.counts, strict=True)):
            out = points[done : done + count.size]
            done += count.size
            if written.get(i) == (rule.points, rule.cap):
                continue  # an edit of one rule rewrites that rule's points only
            np.multiply(count, rule.points, out=out)
            if rule.cap is not None:  # np.clip's checks cost more than the clip here
                np.maximum(out, -rule.cap, out=out)
                np.minimum(out, rule.cap, out=out)
            written[i] = (rule.points, rule.cap)
        matrix.data = points
        # × 1.0 is exact (also where the product compiles to a fused multiply-add)
        engagement = np.asarray(matrix @ np.ones(len(rules)), dtype=np.float64)
    engagement.flags.writeable = False
    basis.__dict__["_last_engagement"] = (key, engagement)
    return engagement


def _points_key(criteria: Criteria) -> tuple:
    """Everything :func:`totals_under` reads from the criteria (not the threshold)."""
    return (
        tuple((r.points, r.cap) for r in criteria.engagement_rules),
        tuple(r.points for r in criteria.fit_rules),
        criteria.fit_weight,
        criteria.engagement_weight,
        criteria.floor,
        criteria.ceiling,
    )


def _rule_matrix(basis: EditBasis) -> sparse.csc_array:
    """Evaluations × activity rules, one column per rule (its rows ``basis.at``), built once.

    Its data is replaced per edit by the rules' points (a copy of the structure shares the
    index arrays); a sparse product with ones then sums each row's points in rule order.
    """
    matrix = basis.__dict__.get("_rule_matrix")
    if matrix is None:
        index = np.int32 if basis.row_lead.size < 2**31 and basis.at.size < 2**31 else np.int64
        bounds = np.concatenate([[0], np.cumsum([c.size for c in basis.counts])]).astype(index)
        matrix = sparse.csc_array(  # zeros: calloc'd pages, never touched (data is replaced)
            (np.zeros(basis.at.size), basis.at.astype(index, copy=False), bounds),
            shape=(basis.row_lead.size, len(basis.counts)),
        )
        basis.__dict__["_rule_matrix"] = matrix
    return matrix


def _rows_per_lead(basis: EditBasis) -> np.ndarray:
    """How many path evaluations each lead has (rows are grouped by lead, in lead order)."""
    per_row = basis.__dict__.get("_rows_per_lead")
    if per_row is None:
        per_row = np.bincount(basis.row_lead, minlength=basis.leads.height)
        basis.__dict__["_rows_per_lead"] = per_row
    return per_row


def mql_under(
    basis: EditBasis, criteria: Criteria, *, total: np.ndarray | None = None
) -> pl.DataFrame:
    """Each lead's MQL moment under ``criteria`` (same structure as the basis), in milliseconds.

    Args:
        basis: :func:`prepare_edits` of criteria of the same structure.
        criteria: the edited criteria.
        total: :func:`totals_under` of these criteria, when already computed.

    Returns:
        ``lead_id``, ``mql_at`` (null: never an MQL), in lead order.
    """
    if total is None:
        total = totals_under(basis, criteria)
    hits = np.flatnonzero(reaches(total, criteria.threshold))  # as the replay compares
    hit_lead = basis.row_lead[hits]
    first = hits[np.concatenate([[True], hit_lead[1:] != hit_lead[:-1]])] if hits.size else hits
    moment = np.full(basis.leads.height, -1, dtype=np.int64)
    moment[basis.row_lead[first]] = basis.row_tr[first]
    at = pl.Series((moment + basis.t_min) * 1_000_000, dtype=pl.Int64).cast(pl.Datetime("us"))
    return pl.DataFrame({"lead_id": basis.leads["lead_id"], "mql_at": at}).with_columns(
        mql_at=pl.when(pl.Series(moment >= 0)).then("mql_at")
    )


def lead_path(basis: EditBasis, total: np.ndarray, lead_id: str) -> pl.DataFrame:
    """One lead's score path under edited points: its record highs (as ``Replay.path``).

    Args:
        basis: :func:`prepare_edits`.
        total: :func:`totals_under` for the edited criteria.
        lead_id: the lead.

    Returns:
        ``lead_id``, ``at``, ``total``.
    """
    position = basis.leads["lead_id"].index_of(lead_id)
    lo, hi = (
        np.searchsorted(basis.row_lead, [position, position + 1])
        if position is not None
        else (0, 0)
    )
    values = total[lo:hi]
    record = np.ones(values.size, dtype=bool)
    if values.size > 1:
        record[1:] = values[1:] > np.maximum.accumulate(values)[:-1]
    at = (basis.row_tr[lo:hi][record] + basis.t_min) * 1_000_000
    return pl.DataFrame(
        {
            "lead_id": pl.Series([lead_id] * int(record.sum()), dtype=pl.String),
            "at": pl.Series(at, dtype=pl.Int64).cast(pl.Datetime("us")),
            "total": pl.Series(values[record], dtype=pl.Float64),
        }
    )


def with_moments(leads: pl.DataFrame, moments: pl.DataFrame) -> pl.DataFrame:
    """A replay's ``leads`` with ``mql_at`` taken from :func:`mql_under` (same leads).

    Example:
        >>> from datetime import datetime
        >>> leads = pl.DataFrame({"lead_id": ["a", "b"], "mql_at": [None, datetime(2025, 1, 1)]})
        >>> moments = pl.DataFrame({"lead_id": ["a", "b"], "mql_at": [datetime(2025, 2, 1), None]})
        >>> with_moments(leads, moments)["mql_at"].to_list()
        [datetime.datetime(2025, 2, 1, 0, 0), None]
    """
    if leads["lead_id"].equals(moments["lead_id"]):
        return leads.with_columns(mql_at=moments["mql_at"])
    return leads.drop("mql_at").join(moments, on="lead_id", how="left", maintain_order="left")
