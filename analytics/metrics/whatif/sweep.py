"""Sweep preparation: MQL, SQL, win and revenue counts for every threshold and month at once.

Record-high row *k* of a lead's path (total ``t_k``, previous record ``t_{k-1}``) is
the MQL moment for every threshold ``T`` with ``t_{k-1} < T <= t_k``. Adding +1 at
the first grid index of that interval and -1 after its last one, per month, and
taking the cumulative sum over the grid (a difference array) gives the MQLs of every
(threshold, month); the same with weights gives their SQLs, wins and revenue. See
:mod:`analytics.metrics.whatif` for the decisions (grid, exact SQL, periods).

Example:
    >>> leads, path, bant = _example_frames()
    >>> sweep = prepare_sweep(leads, path, agreed_threshold=60,
    ...                       sql_deadlines=derive_sql_deadlines(bant, {"need": 2}))
    >>> sweep.by_cohort.filter(pl.col("threshold") == 60).select("month", "mql", "sql").rows()
    [(datetime.date(2025, 1, 1), 2, 1), (datetime.date(2025, 2, 1), 0, 0)]
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import numpy as np
import polars as pl

from analytics.criteria.sql_rule import BANT_ITEMS, SqlRule
from analytics.errors import InputError
from analytics.metrics.definitions import win_gaps
from analytics.scoring.kernels import SCORE_DECIMALS

# The most thresholds a sweep holds; a wider score range gets a coarser step.
MAX_GRID = 2001

# The counts a sweep holds per (threshold, month).
COUNTS: tuple[str, ...] = ("mql", "sql", "won", "revenue")

# The threshold-independent totals a sweep holds per cohort month (after ``month``).
COHORT_TOTALS: tuple[str, ...] = (
    "leads",
    "won",
    "revenue",
    "won_peak_n",
    "won_peak_sum",
    "won_peak_sumsq",
)


@dataclass(frozen=True)
class Sweep:
    """Prepared counts for every threshold of the grid (see :mod:`analytics.metrics.whatif`).

    Attributes:
        thresholds: the sorted grid (f64).
        by_month: j, threshold, month (of the MQL moment), mql, sql, won, revenue.
        by_cohort: the same with month = the month the lead was created.
        cohorts: month, leads, won, revenue, won_peak_n, won_peak_sum, won_peak_sumsq
            (threshold-independent totals of the leads created that month).
        agreed_threshold: the criteria's threshold.
        sql_basis: ``"bant"`` (exact) or ``"replay"`` (fallback, see the package docstring).
        step: the grid's step (the slider step).
        snapshot: no lead has a creation date (a snapshot export): the counts are totals
            in one stand-in month (:data:`SNAPSHOT_MONTH`) and per-month figures are null.
        revenue_known: some win has an amount, or nothing was won. False when every win
            converted on the lead record (no won deal): the revenue figures are null
            (:class:`~analytics.metrics.definitions.WinGaps`), not 0.
    """

    thresholds: pl.Series
    by_month: pl.DataFrame
    by_cohort: pl.DataFrame
    cohorts: pl.DataFrame
    agreed_threshold: float
    sql_basis: str
    step: float = 1.0
    snapshot: bool = False
    revenue_known: bool = True


def _example_frames() -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """Four leads for doctests: a (won, reaches 80), b (reaches 65), c (40), d (won, 30)."""
    dt = datetime
    leads = pl.DataFrame(
        {
            "lead_id": ["a", "b", "c", "d"],
            "created_at": [dt(2025, 1, 5), dt(2025, 1, 9), dt(2025, 2, 1), dt(2025, 2, 3)],
            "peak_total": [80.0, 65.0, 40.0, 30.0],
            "mql_at": [dt(2025, 1, 20), dt(2025, 2, 10), None, None],
            "sql_at": [dt(2025, 1, 25), None, None, None],
            "is_won": [True, False, False, True],
            "won_amount": [1000.0, 0.0, 0.0, 500.0],
        }
    )
    path = pl.DataFrame(
        {
            "lead_id": ["a", "a", "b", "b", "c", "d"],
            "at": [
                dt(2025, 1, 5),
                dt(2025, 1, 20),
                dt(2025, 1, 9),
                dt(2025, 2, 10),
                dt(2025, 2, 1),
                dt(2025, 2, 3),
            ],
            "total": [10.0, 80.0, 20.0, 65.0, 40.0, 30.0],
        }
    )
    bant = pl.DataFrame(
        {
            "lead_id": ["a", "b"],
            "assessed_at": [dt(2025, 1, 25), dt(2025, 1, 30)],
            "budget": [1, 0],
            "authority": [1, 0],
            "need": [3, 2],
            "timeline": [2, 1],
        },
        schema_overrides={k: pl.Int16 for k in BANT_ITEMS},
    )
    return leads, path, bant


# --------------------------------------------------------------------------- input checks
def require_columns(frame: pl.DataFrame, columns: set[str], name: str) -> None:
    """Raise a keyed :class:`InputError` when ``frame`` lacks any of ``columns``.

    Args:
        frame: the frame given.
        columns: the columns it must have.
        name: what the frame is ("leads", "path", …), for the message.

    Raises:
        InputError: naming the missing columns and the ones the frame has.

    Example:
        >>> require_columns(pl.DataFrame({"lead_id": ["a"]}), {"lead_id", "at"}, "path")
        Traceback (most recent call last):
        ...
        analytics.errors.InputError: path frame lacks column(s) ['at']; it has ['lead_id'] (pass the replay's leads/path frames)
    """
    missing = sorted(columns - set(frame.columns))
    if missing:
        raise InputError.make(
            "whatif.missing_columns", name=name, missing=missing, columns=frame.columns
        )


def sql_rule_from(required: Mapping[str, int]) -> SqlRule:
    """The :class:`~analytics.criteria.sql_rule.SqlRule` of a what-if's {BANT item: level}.

    Args:
        required: BANT item -> minimum level, e.g. ``{"need": 2}``.

    Returns:
        The rule (its :meth:`~analytics.criteria.sql_rule.SqlRule.meets` decides).

    Raises:
        InputError: an item is not one of budget, authority, need, timeline.

    Example:
        >>> sql_rule_from({"need": 2, "timeline": 2}).required
        {'need': 2, 'timeline': 2}
        >>> sql_rule_from({"money": 1})
        Traceback (most recent call last):
        ...
        analytics.errors.InputError: SQL rule item(s) ['money'] are not BANT items; use ['budget', 'authority', 'need', 'timeline']
    """
    unknown = sorted(set(required) - set(BANT_ITEMS))
    if unknown:
        raise InputError.make("whatif.unknown_bant_items", items=unknown, valid=list(BANT_ITEMS))
    return SqlRule(**required)


# --------------------------------------------------------------------------- SQL deadlines
def derive_sql_deadlines(bant: pl.DataFrame, required: Mapping[str, int]) -> pl.DataFrame:
    """Each lead's latest BANT assessment that meets an SQL rule.

    A lead is an SQL at threshold T when a qualifying assessment came at/after its
    MQL moment at T, i.e. when that moment is not after ``last_sql_at``.

    Args:
        bant: the ``bant`` table (lead_id, assessed_at, budget, authority, need, timeline).
        required: BANT item -> minimum level, e.g. ``{"need": 2, "timeline": 2}``; an
            empty rule means any assessment qualifies, and an empty item of an
            assessment is level 0 (:mod:`analytics.criteria.sql_rule`).

    Returns:
        lead_id, last_sql_at — one row per lead with a qualifying assessment.

    Raises:
        InputError: an item is not one of budget, authority, need, timeline.

    Example:
        >>> _, _, bant = _example_frames()
        >>> derive_sql_deadlines(bant, {"need": 3})["lead_id"].to_list()
        ['a']
    """
    return (
        bant.filter(sql_rule_from(required).meets())
        .group_by("lead_id")
        .agg(last_sql_at=pl.col("assessed_at").max())
        .sort("lead_id")
    )


# --------------------------------------------------------------------------- preparation
def prepare_sweep(
    leads: pl.DataFrame,
    path: pl.DataFrame,
    *,
    agreed_threshold: float,
    sql_deadlines: pl.DataFrame | None = None,
    step: float | None = None,
) -> Sweep:
    """Count MQLs, SQLs, wins and revenue for every threshold and month at once.

    Args:
        leads: the replay's per-lead frame (lead_id, created_at, peak_total, is_won,
            won_amount; sql_at when ``sql_deadlines`` is None).
        path: the replay's record highs (lead_id, at, total).
        agreed_threshold: the criteria's threshold (always on the grid).
        sql_deadlines: :func:`derive_sql_deadlines` output (exact SQL per threshold);
            None falls back to the replay's ``sql_at``.
        step: grid step; None picks 1 (or coarser for very wide score ranges).

    Returns:
        A :class:`Sweep`.

    Raises:
        InputError: a frame lacks a column, or the step is not positive.

    Example:
        >>> leads, path, _ = _example_frames()
        >>> sweep = prepare_sweep(leads, path, agreed_threshold=60)
        >>> sweep.thresholds.min(), sweep.thresholds.max(), sweep.sql_basis
        (0.0, 81.0, 'replay')
    """
    require_columns(leads, {"lead_id", "created_at", "peak_total", "is_won", "won_amount"}, "leads")
    require_columns(path, {"lead_id", "at", "total"}, "path")
    if step is not None and not step > 0:
        raise InputError.make("whatif.step_not_positive", step=step)
    snapshot = leads.height > 0 and leads["created_at"].null_count() == leads.height
    revenue_known = win_gaps(leads).amounts_known  # no date needed: totals by lead
    if snapshot:
        leads, path = _as_snapshot(leads, path)
    if sql_deadlines is None:
        require_columns(leads, {"sql_at"}, "leads")
        basis = "replay"
    else:
        require_columns(sql_deadlines, {"lead_id", "last_sql_at"}, "sql_deadlines")
        basis = "bant"
    outcomes = _lead_outcomes(leads, sql_deadlines)
    rows = _record_rows(path, outcomes)
    grid, step, even = _threshold_grid(rows["total"], float(agreed_threshold), step)
    months = _month_span(outcomes, rows)
    spans = _grid_spans(rows, grid, even)
    return Sweep(
        thresholds=pl.Series("threshold", grid),
        by_month=_count_by_month(rows, "mql_month", grid, spans, months),
        by_cohort=_count_by_month(rows, "cohort", grid, spans, months),
        cohorts=_cohort_totals(outcomes, months),
        agreed_threshold=float(agreed_threshold),
        sql_basis=basis,
        step=float(step),
        snapshot=snapshot,
        revenue_known=revenue_known,
    )


_NEVER = datetime(9999, 12, 31)
# The one stand-in month of a snapshot (leads without creation dates): totals, no months.
SNAPSHOT_MONTH = datetime(2000, 1, 1)


def _as_snapshot(leads: pl.DataFrame, path: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Leads and path in :data:`SNAPSHOT_MONTH` (every lead one cohort, every MQL one month)."""
    at = pl.lit(SNAPSHOT_MONTH, pl.Datetime("us"))
    return leads.with_columns(created_at=at), path.with_columns(at=at)


def _later_stage(leads: pl.DataFrame) -> pl.Expr:
    """True for a lead with an opportunity or a win: an SQL at any threshold.

    The definitions layer (:mod:`analytics.metrics.definitions`) counts an MQL as SQL
    when it met the BANT rule *or* reached a later stage (a won lead passed through
    every stage); the sweep counts the same, so the what-if at the agreed threshold
    equals every other page.
    """
    reached = pl.lit(False)
    if "opportunity_at" in leads.columns:
        reached = reached | pl.col("opportunity_at").is_not_null()
    if "is_won" in leads.columns:
        reached = reached | pl.col("is_won").fill_null(False)
    return reached


def _month_index(expr: pl.Expr) -> pl.Expr:
    """Months since year 0 (year × 12 + month − 1), the key of every monthly count."""
    return (expr.dt.year().cast(pl.Int64) * 12 + expr.dt.month().cast(pl.Int64) - 1).alias("_m")


def month_indices(at: pl.Series) -> pl.Series:
    """:func:`_month_index` of a date/datetime column, worked out once per distinct day.

    A path has millions of rows but spans a few thousand days: the days' month indices
    are a small table, and each row looks its day up by position (a quarter of the time
    of taking every row's year and month apart). Nulls stay null.

    Example:
        >>> at = [datetime(2025, 1, 31, 23), None, datetime(1969, 12, 31, 23, 59)]
        >>> month_indices(pl.Series(at)).to_list()
        [24300, None, 23639]
    """
    days = at.cast(pl.Date).to_physical()
    lo, hi = days.min(), days.max()
    if lo is None or int(hi) - int(lo) > _MAX_DAY_TABLE:
        return pl.select(_month_index(pl.lit(at))).to_series()
    table = pl.Series(np.arange(int(lo), int(hi) + 1, dtype=np.int32)).cast(pl.Date)
    return pl.select(_month_index(pl.lit(table))).to_series().gather(days - lo).alias("_m")


# The widest span of days :func:`month_indices` tabulates (beyond it, per row).
_MAX_DAY_TABLE = 1_000_000


def _month_date(index: pl.Expr) -> pl.Expr:
    """The first day of a :func:`_month_index` month."""
    return pl.date(index // 12, index % 12 + 1, 1)


def _lead_outcomes(leads: pl.DataFrame, sql_deadlines: pl.DataFrame | None) -> pl.DataFrame:
    """Per lead with a creation date: lead_id, cohort, won, revenue, peak, last_sql_at.

    ``last_sql_at`` is the latest moment an MQL moment still makes the lead an SQL:
    its latest qualifying BANT assessment (``sql_deadlines``), else the replay's
    ``sql_at``; the end of time for a lead that reached a later stage.
    """
    won = pl.col("is_won").fill_null(False)
    if sql_deadlines is None:
        deadline = pl.col("sql_at")
    else:
        leads = leads.join(
            sql_deadlines.group_by("lead_id").agg(_deadline=pl.col("last_sql_at").max()),
            on="lead_id",
            how="left",
            maintain_order="left",
        )
        deadline = pl.col("_deadline")
    return leads.select(
        "lead_id",
        cohort=month_indices(leads["created_at"]),
        won=won,
        revenue=pl.when(won)
        .then(pl.col("won_amount").fill_null(0.0))
        .otherwise(0.0)
        .cast(pl.Float64),
        peak=pl.col("peak_total").cast(pl.Float64),
        last_sql_at=pl.when(_later_stage(leads))
        .then(pl.lit(_NEVER, pl.Datetime("us")))
        .otherwise(deadline.cast(pl.Datetime("us"))),
    ).filter(pl.col("cohort").is_not_null())


def _with_previous_record(path: pl.DataFrame) -> pl.DataFrame:
    """lead_id, at, total, prev, first: the lead's running record before each row (null first).

    Fast path for the contract (rows sorted by lead and time, totals strictly rising):
    ``prev`` is the previous row's total. Otherwise the path is sorted and ``prev`` is
    the running maximum, so rows below an earlier record cover no threshold. ``first``
    marks each lead's first row (the rows come grouped by lead).
    """
    rows = path.select("lead_id", "at", pl.col("total").cast(pl.Float64)).drop_nulls()
    same_lead = pl.col("lead_id") == pl.col("lead_id").shift(1)
    in_order = rows.select(
        (
            (pl.col("lead_id") > pl.col("lead_id").shift(1))
            | (same_lead & (pl.col("at") >= pl.col("at").shift(1)))
        )
        .all(ignore_nulls=True)
        .alias("ok")
    ).item()
    if not in_order:
        rows = rows.sort("lead_id", "at", "total")
    rows = rows.with_columns(
        prev=pl.when(same_lead).then(pl.col("total").shift(1)),
        first=same_lead.not_().fill_null(True),
    )
    rising = rows.select((pl.col("total") > pl.col("prev")).all(ignore_nulls=True)).item()
    if rising:
        return rows
    return rows.with_columns(prev=pl.col("total").cum_max().shift(1).over("lead_id"))


def _record_rows(path: pl.DataFrame, outcomes: pl.DataFrame) -> pl.DataFrame:
    """Per record-high row: first, prev, total, cohort, won, revenue, mql_month, sql (at it).

    The path comes grouped by lead, so each lead's outcome is looked up once (a join of
    the leads, not of every row) and repeated over its rows by position. A replay's path
    and outcomes hold the same leads in the same order (lead_id): then the join is the
    identity and is skipped (0.07–0.13 s of a 1M-lead sweep preparation of 0.7–0.8 s).
    """
    rows = _with_previous_record(path)
    first = rows["first"]
    leads = rows.filter(first).select("lead_id")
    if leads.height == outcomes.height and leads["lead_id"].equals(outcomes["lead_id"]):
        per_lead = outcomes.drop("lead_id")
    else:
        per_lead = leads.join(outcomes, on="lead_id", how="left", maintain_order="left").drop(
            "lead_id"
        )
    lead = first.cast(pl.Int64).cum_sum() - 1
    rows = (
        rows.select("first", "at", "prev", "total")
        .hstack(per_lead.select(pl.all().gather(lead)))
        .filter(pl.col("cohort").is_not_null())  # whole leads: ``first`` still holds
        .select(
            "first",
            "prev",
            "total",
            "cohort",
            "won",
            "revenue",
            "at",
            sql=(pl.col("at") <= pl.col("last_sql_at")).fill_null(False),
        )
    )
    return rows.with_columns(mql_month=month_indices(rows["at"])).drop("at")


def _nice_step(span: float) -> float:
    """The smallest of 1, 2, 5, 10, … that keeps a grid over ``span`` under :data:`MAX_GRID`."""
    for step in (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10_000):
        if span / step < MAX_GRID - 1:
            return float(step)
    return float(10 ** math.ceil(math.log10(span / (MAX_GRID - 1))))


def _threshold_grid(
    totals: pl.Series, agreed_threshold: float, step: float | None
) -> tuple[np.ndarray, float, np.ndarray]:
    """(grid, step, even): from min(0, lowest total) to past the highest, plus the agreed
    threshold; ``even`` is the grid without it (evenly spaced)."""
    lowest = float(totals.min()) if totals.len() else 0.0
    highest = float(totals.max()) if totals.len() else 0.0
    lo = min(0.0, math.floor(lowest))
    hi = math.floor(max(highest, agreed_threshold)) + 1.0
    step = step or _nice_step(hi - lo)
    even = np.arange(lo, hi + step, step, dtype=float)
    return np.unique(np.concatenate([even, [agreed_threshold]])), step, even


def grid_counts(values: np.ndarray, grid: np.ndarray, even: np.ndarray) -> np.ndarray:
    """``np.searchsorted(grid, values, side="right")``: how many grid values are <= each value.

    ``grid`` is ``even`` with at most one value more (the agreed threshold). When ``even``
    is whole numbers a whole step apart (the grid the sweep picks), the grid values at or
    below ``v`` are those at or below ``floor(v)``, counted as whole numbers — exact, and
    a quarter of a binary search's time over a 1M-lead path; the extra value is counted
    where it is passed. Any other grid, or a NaN, is searched.

    Example:
        >>> even = np.arange(-2.0, 5.0, 2.0)
        >>> grid = np.unique(np.append(even, 2.5))
        >>> grid_counts(np.array([-3.0, -2.0, 2.4, 2.5, 4.0, 9.0, np.inf]), grid, even).tolist()
        [0, 1, 3, 4, 5, 5, 5]
    """
    # compared as the replay compares a total with the threshold (scoring.kernels.reaches)
    values = np.round(values, SCORE_DECIMALS)
    grid, even = np.round(grid, SCORE_DECIMALS), np.round(even, SCORE_DECIMALS)
    extra = np.setdiff1d(grid, even)
    lo, step = (float(even[0]), float(even[1] - even[0])) if even.size > 1 else (0.0, 0.0)
    whole = (
        even.size > 1
        and lo.is_integer()
        and step.is_integer()
        and step > 0
        and np.array_equal(even, lo + step * np.arange(even.size))
    )
    fits = whole and extra.size <= 1 and grid.size == even.size + extra.size
    if not fits or np.isnan(values).any():
        return np.searchsorted(grid, values, side="right")
    # whole numbers: floor(v) - lo is exact, and over the grid's range (some thousand
    # steps) its quotient by a whole step is never rounded across a whole number
    j = np.floor(values)
    j -= lo
    if step != 1.0:
        j /= step
        np.floor(j, out=j)
    j += 1.0
    np.clip(j, 0, even.size, out=j)
    counts = j.astype(np.int64)
    return counts + (values >= extra[0]) if extra.size else counts


def _month_span(outcomes: pl.DataFrame, rows: pl.DataFrame) -> tuple[int, int]:
    """(first month index, number of months) covering every cohort and MQL month."""
    if outcomes.height == 0:
        return 0, 0
    keys = [outcomes["cohort"]] + ([rows["mql_month"]] if rows.height else [])
    base = int(min(int(k.min()) for k in keys if k.len()))
    top = int(max(int(k.max()) for k in keys if k.len()))
    return base, top - base + 1


def _grid_spans(
    rows: pl.DataFrame, grid: np.ndarray, even: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Per row, the grid indices ``[j_lo, j_hi)`` of the thresholds it is the MQL moment for.

    ``j_lo`` is the grid count of the previous record. When that is the lead's previous
    row (a rising path, the replay's contract) it is the previous row's ``j_hi``, so the
    grid is searched once per row, not twice.
    """
    j_total = grid_counts(rows["total"].to_numpy(), grid, even)
    after_previous = rows.select(
        (pl.col("first") | (pl.col("prev") == pl.col("total").shift(1))).all()
    ).item()
    if after_previous:
        j_lo = np.where(rows["first"].to_numpy(), 0, np.roll(j_total, 1))
    else:
        j_lo = grid_counts(rows["prev"].fill_null(-np.inf).to_numpy(), grid, even)
    # rows below the running record cover nothing (j_hi == j_lo: +1 and -1 cancel)
    return j_lo, np.maximum(j_total, j_lo)


def _count_by_month(
    rows: pl.DataFrame,
    month_column: str,
    grid: np.ndarray,
    spans: tuple[np.ndarray, np.ndarray],
    months: tuple[int, int],
) -> pl.DataFrame:
    """j, threshold, month, mql, sql, won, revenue: the difference arrays summed over the grid.

    SQLs, wins and revenue only count the rows that have them (a few of the path's),
    so only MQLs count every row.
    """
    j_lo, j_hi = spans
    base, n_months = months
    n_grid = len(grid)
    m = rows[month_column].to_numpy() - base
    size = (n_grid + 1) * n_months
    plus = j_lo * n_months + m
    minus = j_hi * n_months + m
    won = rows["won"].to_numpy()
    subsets = {"mql": None, "sql": rows["sql"].to_numpy(), "won": won, "revenue": won}
    columns: dict[str, Any] = {
        "j": np.repeat(np.arange(n_grid, dtype=np.uint32), n_months),
        "threshold": np.repeat(grid, n_months),
        "_m": np.tile(np.arange(n_months, dtype=np.int64) + base, n_grid),
    }
    for name, subset in subsets.items():
        up, down = (plus, minus) if subset is None else (plus[subset], minus[subset])
        w = rows["revenue"].to_numpy()[subset] if name == "revenue" else None
        diff = np.bincount(up, w, minlength=size) - np.bincount(down, w, minlength=size)
        columns[name] = np.cumsum(diff.reshape(n_grid + 1, n_months)[:n_grid], axis=0).ravel()
    return pl.DataFrame(columns).select(
        "j",
        "threshold",
        month=_month_date(pl.col("_m")),
        mql=pl.col("mql").cast(pl.Int64),
        sql=pl.col("sql").cast(pl.Int64),
        won=pl.col("won").cast(pl.Int64),
        revenue=pl.col("revenue").cast(pl.Float64).round(6),
    )


def _cohort_totals(outcomes: pl.DataFrame, months: tuple[int, int]) -> pl.DataFrame:
    """month + :data:`COHORT_TOTALS` for every month of the span (zero where none)."""
    base, n_months = months
    won_peak = pl.col("peak").filter(pl.col("won"))
    return (
        pl.DataFrame({"_m": np.arange(n_months, dtype=np.int64) + base})
        .join(
            outcomes.group_by(pl.col("cohort").alias("_m")).agg(
                leads=pl.len().cast(pl.Int64),
                won=pl.col("won").sum().cast(pl.Int64),
                revenue=pl.col("revenue").sum(),
                won_peak_n=won_peak.count().cast(pl.Int64),
                won_peak_sum=won_peak.sum(),
                won_peak_sumsq=(won_peak**2).sum(),
            ),
            on="_m",
            how="left",
        )
        .fill_null(0)
        .sort("_m")
        .select(_month_date(pl.col("_m")).alias("month"), *COHORT_TOTALS)
    )
