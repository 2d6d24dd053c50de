"""What-if on the MQL threshold and the other levers of the criteria (DESIGN §1, §3, §5).

Moving the threshold must be instant, so the work is split in two:

1. :func:`prepare_sweep` (once per data version and criteria) turns the replay's
   record-high ``path`` into MQL counts for **every** threshold of a grid at once.
   Record-high row *k* of a lead (total ``t_k``, previous record ``t_{k-1}``) is the
   MQL moment for every threshold ``T`` with ``t_{k-1} < T <= t_k``: the lead first
   reached those thresholds at that row's ``at``. Adding +1 at the first grid index
   of that interval and -1 after its last one, per month, and taking the cumulative
   sum over the grid (a difference array) gives, for every (threshold, month), the
   number of MQLs, and the same with weights gives their SQLs, wins and revenue.
2. :func:`whatif_at` (every slider move) and :func:`sweep_table` (the curves) only
   filter and sum those prepared frames: their size is thresholds × months, not leads.

Decisions (also in the README):

- **Grid**: integer thresholds from ``min(0, floor(lowest total))`` to
  ``floor(highest total) + 1`` (where nobody is an MQL) plus the agreed threshold;
  the step grows (1, 2, 5, 10, …) if that would exceed :data:`MAX_GRID` points. An
  off-grid threshold is evaluated at the next grid value up, and the result says which.
- **SQL at threshold T** is exact, not approximated: a lead is an SQL at T when it
  is an MQL at T and some BANT assessment meeting the SQL rule came at/after its MQL
  moment at T, i.e. ``mql_at(T) <= last_sql_at`` (the latest qualifying assessment;
  :func:`derive_sql_deadlines`). Without the ``bant`` table it falls back to the
  replay's ``sql_at`` (an SQL at the agreed threshold counts as SQL at T when its MQL
  moment at T is not later), and ``Sweep.sql_basis`` says ``"replay"``.
- **Won** is a property of the lead (``is_won``); it counts for T when the lead is an
  MQL at T (the path only holds records before the decision, so no leakage).
  "Won deals" are counted as won leads; revenue is the sum of their won amounts.
- **Period**: rates (share of leads that become MQL, MQL→SQL, MQL→won = precision,
  recall, wins below the threshold) use the leads *created* in the period's months;
  volumes (MQLs per month, the capacity check) use the month of the MQL moment.
  Expected SQLs/wins/revenue per month = MQLs per month × the cohort's rates.
  Leads without ``created_at`` are left out (they belong to no month).
- **Overlap** in comparisons: MQLs at the higher threshold are a subset of MQLs at
  the lower one, so the two rates are not independent samples. :func:`compare_conversion`
  tests the higher threshold's MQLs against the leads that *only* the lower threshold
  admits (disjoint groups: two-proportion z-test, Newcombe 95% interval), and also
  reports the implied difference against all lower-threshold MQLs, which is that
  difference × (only-lower MQLs / lower MQLs). Exact for wins; for SQLs the
  "only-lower" SQL count is lower-threshold SQLs minus higher-threshold SQLs (a lead
  can be an SQL at the lower threshold only, because its MQL moment is earlier there).
- **Expected value** per month = expected wins × value of a win − MQLs × hours per
  MQL × hourly cost; the value of a win defaults to the period's average won amount
  (the same for every threshold, so thresholds are compared on one value).
- **Suggestions** (:func:`suggest_thresholds`): see :data:`SUGGESTION_RULES`.
- **Other levers**: the SQL rule is re-derived from the ``bant`` table for any
  required set (:func:`compare_sql_rules`, at the agreed threshold's MQL moments);
  fit/engagement weights re-score the as-of feature matrix (:func:`compare_weights`)
  because a weight change changes every score path and the replay is not instant.

Example:
    >>> leads, path, bant = _example_frames()
    >>> sweep = prepare_sweep(leads, path, agreed_threshold=60,
    ...                       sql_deadlines=derive_sql_deadlines(bant, {"need": 2}))
    >>> row = whatif_at(sweep, 60).row(0, named=True)
    >>> row["mql"], row["won"], row["recall"]
    (2, 1, 0.5)
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

import numpy as np
import polars as pl

from analytics.criteria.sql_rule import BANT_ITEMS, SqlRule, load_bant
from analytics.errors import InputError
from analytics.metrics.stats import compare_proportions, wilson_exprs
from analytics.text.catalog import t

# The most thresholds a sweep holds; a wider score range gets a coarser step.
MAX_GRID = 2001

# How each suggested threshold is chosen (documented in the README):
SUGGESTION_RULES: dict[str, str] = {
    "rule_of_thumb": "10% below the mean peak score of won leads in the period, rounded down "
    "to a multiple of 5 (the practice: 'a bit below the average score of won customers')",
    "capacity": "the lowest threshold whose average MQLs per month (by MQL month) fit the "
    "sales capacity (reps × MQLs a rep can work per month)",
    "expected_value": "the threshold with the highest expected value per month: expected wins "
    "× value of a win − MQLs × follow-up cost per MQL (hours × hourly cost)",
    "coverage": "the lowest threshold that makes at most the given share of leads MQLs "
    "(so the most wins within that budget); the reason says whether the win target is met",
}

# Columns of sweep_table / whatif_at, in order.
KPI_COLUMNS: tuple[str, ...] = (
    "threshold",
    "leads",
    "mql",
    "mql_rate",
    "sql",
    "sql_rate",
    "sql_ci_low",
    "sql_ci_high",
    "won",
    "precision",
    "precision_ci_low",
    "precision_ci_high",
    "recall",
    "recall_ci_low",
    "recall_ci_high",
    "revenue",
    "won_total",
    "revenue_total",
    "won_below",
    "revenue_below",
    "months",
    "mql_per_month",
    "busiest_month_mql",
    "expected_sql",
    "expected_won",
    "expected_revenue",
    "capacity_per_month",
    "over_capacity",
    "followup_hours",
    "followup_cost",
    "value_per_win",
    "expected_value",
)

# The keys of `whatif --format json` (DESIGN §4).
JSON_KEYS: tuple[str, ...] = (
    "threshold",
    "mql",
    "mql_per_month",
    "mql_rate",
    "precision",
    "recall",
    "expected_won",
    "expected_revenue",
    "capacity_per_month",
)

_COUNTS = ("mql", "sql", "won", "revenue")


@dataclass(frozen=True)
class Assumptions:
    """The editable business numbers of a what-if (all per month).

    Attributes:
        capacity_per_month: MQLs sales can work per month (reps × per rep); None: unknown.
        hours_per_mql: follow-up hours per MQL.
        hourly_cost: cost of one follow-up hour, in the currency of deal amounts.
        value_per_win: value of one win; None: the period's average won amount.
        target_recall: coverage target — share of wins to capture …
        max_lead_share: … from at most this share of leads.
    """

    capacity_per_month: float | None = None
    hours_per_mql: float = 1.0
    hourly_cost: float = 5000.0
    value_per_win: float | None = None
    target_recall: float = 0.6
    max_lead_share: float = 0.3

    @property
    def cost_per_mql(self) -> float:
        """Follow-up cost of one MQL (hours × hourly cost)."""
        return self.hours_per_mql * self.hourly_cost


@dataclass(frozen=True)
class Sweep:
    """Prepared counts for every threshold of the grid (see the module docstring).

    Attributes:
        thresholds: the sorted grid (f64).
        by_month: j, threshold, month (of the MQL moment), mql, sql, won, revenue.
        by_cohort: the same with month = the month the lead was created.
        cohorts: month, leads, won, revenue, won_peak_n, won_peak_sum, won_peak_sumsq
            (threshold-independent totals of the leads created that month).
        agreed_threshold: the criteria's threshold.
        sql_basis: ``"bant"`` (exact) or ``"replay"`` (fallback, see module docstring).
        step: the grid's step (the slider step).
    """

    thresholds: pl.Series
    by_month: pl.DataFrame
    by_cohort: pl.DataFrame
    cohorts: pl.DataFrame
    agreed_threshold: float
    sql_basis: str
    step: float = 1.0


# --------------------------------------------------------------------------- helpers
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


def _require(frame: pl.DataFrame, columns: set[str], name: str) -> None:
    missing = sorted(columns - set(frame.columns))
    if missing:
        raise InputError(
            f"{name} frame lacks column(s) {missing!r}; it has {frame.columns!r} "
            "(pass the replay's leads/path frames)"
        )


def _month_index(expr: pl.Expr) -> pl.Expr:
    return (expr.dt.year().cast(pl.Int64) * 12 + expr.dt.month().cast(pl.Int64) - 1).alias("_m")


def _nice_step(span: float) -> float:
    for step in (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10_000):
        if span / step < MAX_GRID - 1:
            return float(step)
    return float(10 ** math.ceil(math.log10(span / (MAX_GRID - 1))))


def _in_period(period: tuple[date, date] | None) -> pl.Expr:
    if period is None:
        return pl.lit(True)
    start, end = period
    if start > end:
        raise InputError(f"period start {start!r} is after its end {end!r}; swap them")
    return pl.col("month").is_between(date(start.year, start.month, 1), end)


# --------------------------------------------------------------------------- preparation
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
    _check_items(required)
    return (
        bant.filter(_rule_condition(required))
        .group_by("lead_id")
        .agg(last_sql_at=pl.col("assessed_at").max())
        .sort("lead_id")
    )


def _with_previous_record(path: pl.DataFrame) -> pl.DataFrame:
    """lead_id, at, total, prev: the lead's running record before each row (null first).

    Fast path for the contract (rows sorted by lead and time, totals strictly rising):
    ``prev`` is the previous row's total. Otherwise the path is sorted and ``prev`` is
    the running maximum, so rows below an earlier record cover no threshold.
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
    rows = rows.with_columns(prev=pl.when(same_lead).then(pl.col("total").shift(1)))
    rising = rows.select((pl.col("total") > pl.col("prev")).all(ignore_nulls=True)).item()
    if rising:
        return rows
    return rows.with_columns(prev=pl.col("total").cum_max().shift(1).over("lead_id"))


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
    _require(leads, {"lead_id", "created_at", "peak_total", "is_won", "won_amount"}, "leads")
    _require(path, {"lead_id", "at", "total"}, "path")
    if step is not None and not step > 0:
        raise InputError(f"threshold step {step!r} must be positive")
    if sql_deadlines is None:
        _require(leads, {"sql_at"}, "leads")
        deadlines = leads.select("lead_id", last_sql_at=pl.col("sql_at"))
        basis = "replay"
    else:
        _require(sql_deadlines, {"lead_id", "last_sql_at"}, "sql_deadlines")
        deadlines = sql_deadlines.select("lead_id", "last_sql_at")
        basis = "bant"

    outcomes = leads.select(
        "lead_id",
        cohort=_month_index(pl.col("created_at")),
        won=pl.col("is_won").fill_null(False),
        revenue=pl.when(pl.col("is_won").fill_null(False))
        .then(pl.col("won_amount").fill_null(0.0))
        .otherwise(0.0)
        .cast(pl.Float64),
        peak=pl.col("peak_total").cast(pl.Float64),
    ).filter(pl.col("cohort").is_not_null())

    rows = (
        _with_previous_record(path)
        .join(
            outcomes.join(deadlines, on="lead_id", how="left").select(
                "lead_id", "cohort", "won", "revenue", "last_sql_at"
            ),
            on="lead_id",
            how="inner",
        )
        .select(
            "prev",
            "total",
            "cohort",
            "won",
            "revenue",
            mql_month=_month_index(pl.col("at")),
            sql=(pl.col("at") <= pl.col("last_sql_at")).fill_null(False),
        )
    )

    totals = rows["total"]
    lowest = float(totals.min()) if rows.height else 0.0
    highest = float(totals.max()) if rows.height else 0.0
    lo = min(0.0, math.floor(lowest))
    hi = math.floor(max(highest, float(agreed_threshold))) + 1.0
    step = step or _nice_step(hi - lo)
    grid = np.unique(
        np.concatenate([np.arange(lo, hi + step, step, dtype=float), [float(agreed_threshold)]])
    )
    n_grid = len(grid)

    month_keys = [outcomes["cohort"]]
    if rows.height:
        month_keys.append(rows["mql_month"])
    base = int(min(int(k.min()) for k in month_keys if k.len()) if outcomes.height else 0)
    top = int(max(int(k.max()) for k in month_keys if k.len()) if outcomes.height else 0)
    n_months = top - base + 1 if outcomes.height else 0

    prev = rows["prev"].fill_null(-np.inf).to_numpy()
    j_lo = np.searchsorted(grid, prev, side="right")
    # rows below the running record cover nothing (j_hi == j_lo: +1 and -1 cancel)
    j_hi = np.maximum(np.searchsorted(grid, rows["total"].to_numpy(), side="right"), j_lo)
    weights = {
        "mql": None,
        "sql": rows["sql"].cast(pl.Float64).to_numpy(),
        "won": rows["won"].cast(pl.Float64).to_numpy(),
        "revenue": rows["revenue"].to_numpy(),
    }

    def counts(month_column: str) -> pl.DataFrame:
        m = rows[month_column].to_numpy() - base
        size = (n_grid + 1) * n_months
        plus = j_lo * n_months + m
        minus = j_hi * n_months + m
        columns: dict[str, Any] = {
            "j": np.repeat(np.arange(n_grid, dtype=np.uint32), n_months),
            "threshold": np.repeat(grid, n_months),
            "_m": np.tile(np.arange(n_months, dtype=np.int64) + base, n_grid),
        }
        for name, w in weights.items():
            diff = np.bincount(plus, w, minlength=size) - np.bincount(minus, w, minlength=size)
            cum = np.cumsum(diff.reshape(n_grid + 1, n_months)[:n_grid], axis=0).ravel()
            columns[name] = cum if name == "revenue" else np.rint(cum).astype(np.int64)
        return pl.DataFrame(columns).select(
            "j",
            "threshold",
            month=pl.date(pl.col("_m") // 12, pl.col("_m") % 12 + 1, 1),
            mql=pl.col("mql"),
            sql=pl.col("sql"),
            won=pl.col("won"),
            revenue=pl.col("revenue").round(6),
        )

    all_months = pl.DataFrame({"_m": np.arange(n_months, dtype=np.int64) + base})
    cohorts = (
        all_months.join(
            outcomes.group_by(pl.col("cohort").alias("_m")).agg(
                leads=pl.len().cast(pl.Int64),
                won=pl.col("won").sum().cast(pl.Int64),
                revenue=pl.col("revenue").sum(),
                won_peak_n=pl.col("peak").filter(pl.col("won")).count().cast(pl.Int64),
                won_peak_sum=pl.col("peak").filter(pl.col("won")).sum(),
                won_peak_sumsq=(pl.col("peak").filter(pl.col("won")) ** 2).sum(),
            ),
            on="_m",
            how="left",
        )
        .fill_null(0)
        .sort("_m")
        .select(
            pl.date(pl.col("_m") // 12, pl.col("_m") % 12 + 1, 1).alias("month"), *_cohort_cols()
        )
    )
    return Sweep(
        thresholds=pl.Series("threshold", grid),
        by_month=counts("mql_month"),
        by_cohort=counts("cohort"),
        cohorts=cohorts,
        agreed_threshold=float(agreed_threshold),
        sql_basis=basis,
        step=float(step),
    )


def _cohort_cols() -> list[str]:
    return ["leads", "won", "revenue", "won_peak_n", "won_peak_sum", "won_peak_sumsq"]


def infer_threshold(leads: pl.DataFrame, path: pl.DataFrame) -> float | None:
    """The threshold a replay was made with, recovered from its MQL moments.

    It lies above every non-MQL lead's peak and at/below every MQL lead's total at its
    MQL moment; the roundest number in that range is returned (a multiple of 100, 50,
    10, 5, 1, else the upper end). None when no lead is an MQL.

    Example:
        >>> leads, path, _ = _example_frames()
        >>> infer_threshold(leads, path)
        50.0
    """
    _require(leads, {"lead_id", "mql_at", "peak_total"}, "leads")
    below = leads.filter(pl.col("mql_at").is_null())["peak_total"].max()
    reached = path.join(
        leads.select("lead_id", at=pl.col("mql_at")).drop_nulls(), on=["lead_id", "at"]
    )["total"].min()
    if reached is None:
        return None
    lower = -math.inf if below is None else float(below)
    upper = float(reached)
    for unit in (100.0, 50.0, 10.0, 5.0, 1.0):
        candidate = math.floor(upper / unit) * unit
        if candidate > lower:
            return candidate
    return upper


def prepare_whatif(
    replay: Any,
    *,
    agreed_threshold: float | None = None,
    sql_deadlines: pl.DataFrame | None = None,
) -> Sweep:
    """:func:`prepare_sweep` on a ``Replay`` (what the benchmark and scripts call).

    Args:
        replay: an :class:`analytics.scoring.replay.Replay`.
        agreed_threshold: the replayed criteria's threshold; None infers it
            (:func:`infer_threshold`).
        sql_deadlines: :func:`derive_sql_deadlines` output for exact SQLs; None uses
            the replay's ``sql_at`` (see the module docstring).

    Returns:
        A :class:`Sweep`.

    Example:
        >>> from analytics.criteria import default_criteria
        >>> from analytics.store.db import Workspace
        >>> from analytics.scoring.replay import replay
        >>> prepare_whatif(replay(Workspace.open(":memory:"), default_criteria())).cohorts.height
        0
    """
    if agreed_threshold is None:
        agreed_threshold = infer_threshold(replay.leads, replay.path)
    return prepare_sweep(
        replay.leads,
        replay.path,
        agreed_threshold=100.0 if agreed_threshold is None else agreed_threshold,
        sql_deadlines=sql_deadlines,
    )


# --------------------------------------------------------------------------- evaluation
def grid_index(sweep: Sweep, threshold: float) -> int:
    """Index of the grid value a threshold is evaluated at (the next one up).

    Example:
        >>> leads, path, _ = _example_frames()
        >>> sweep = prepare_sweep(leads, path, agreed_threshold=60.5)
        >>> float(sweep.thresholds[grid_index(sweep, 60.2)])
        60.5
    """
    if threshold is None or (isinstance(threshold, float) and math.isnan(threshold)):
        raise InputError(f"threshold {threshold!r} is not a number; pass e.g. --threshold 100")
    index = int(sweep.thresholds.search_sorted(float(threshold), side="left"))
    return min(index, sweep.thresholds.len() - 1)


def _kpis(
    coh: pl.DataFrame, mon: pl.DataFrame, cohorts: pl.DataFrame, assumptions: Assumptions
) -> pl.DataFrame:
    """KPI columns per threshold from summed counts (coh by cohort, mon by MQL month)."""
    totals = cohorts.select(
        leads=pl.col("leads").sum(),
        won_total=pl.col("won").sum(),
        revenue_total=pl.col("revenue").sum(),
        months=pl.len().cast(pl.Int64),
    )
    cap = assumptions.capacity_per_month
    value = assumptions.value_per_win
    frame = (
        coh.join(mon, on="j", how="left")
        .join(totals, how="cross")
        .sort("j")
        .with_columns(
            mql_rate=pl.col("mql") / pl.col("leads"),
            sql_rate=pl.col("sql") / pl.col("mql"),
            precision=pl.col("won") / pl.col("mql"),
            recall=pl.col("won") / pl.col("won_total"),
            won_below=pl.col("won_total") - pl.col("won"),
            revenue_below=pl.col("revenue_total") - pl.col("revenue"),
            mql_per_month=pl.col("mql_months") / pl.col("months"),
            value_per_win=pl.lit(value, dtype=pl.Float64)
            if value is not None
            else pl.col("revenue_total") / pl.col("won_total"),
        )
        .with_columns(
            pl.col(c).fill_nan(None).fill_null(0.0) for c in ("mql_rate", "sql_rate", "precision")
        )
        .with_columns(
            pl.col("recall").fill_nan(None),
            pl.col("value_per_win").fill_nan(None),
            expected_sql=pl.col("mql_per_month") * pl.col("sql_rate"),
            expected_won=pl.col("mql_per_month") * pl.col("precision"),
            expected_revenue=pl.when(pl.col("mql") > 0)
            .then(pl.col("mql_per_month") * pl.col("revenue") / pl.col("mql"))
            .otherwise(0.0),
            capacity_per_month=pl.lit(cap, dtype=pl.Float64),
            over_capacity=pl.col("mql_per_month") > cap if cap is not None else pl.lit(None),
            followup_hours=pl.col("mql_per_month") * assumptions.hours_per_mql,
            followup_cost=pl.col("mql_per_month") * assumptions.cost_per_mql,
        )
        .with_columns(
            expected_value=pl.col("expected_won") * pl.col("value_per_win").fill_null(0.0)
            - pl.col("followup_cost")
        )
    )
    intervals = []
    for name, count, nobs in (
        ("sql", "sql", "mql"),
        ("precision", "won", "mql"),
        ("recall", "won", "won_total"),
    ):
        low, high = wilson_exprs(pl.col(count), pl.col(nobs))
        intervals += [low.alias(f"{name}_ci_low"), high.alias(f"{name}_ci_high")]
    return frame.with_columns(intervals).select(
        pl.col(c).cast(pl.Boolean) if c == "over_capacity" else pl.col(c) for c in KPI_COLUMNS
    )


def _period_text(period: tuple[date, date] | None) -> str:
    return "all" if period is None else f"{period[0]}..{period[1]}"


def _period_months(sweep: Sweep, period: tuple[date, date] | None) -> pl.DataFrame:
    cohorts = sweep.cohorts.filter(_in_period(period))
    if sweep.cohorts.height == 0:
        raise InputError(
            "there are no leads with a creation date to evaluate; import leads "
            "(python -m analytics import leads FILE) or load the demo"
        )
    if cohorts.height == 0:
        first = sweep.cohorts["month"].min()
        last = sweep.cohorts["month"].max()
        raise InputError(
            f"no months of data in the period {_period_text(period)!r}; the data covers "
            f"{first:%Y-%m} to {last:%Y-%m}: choose a period inside it"
        )
    return cohorts


def period_has_data(sweep: Sweep, period: tuple[date, date] | None) -> bool:
    """Whether any month of the period holds data (else the page shows all months).

    Example:
        >>> leads, path, _ = _example_frames()
        >>> sweep = prepare_sweep(leads, path, agreed_threshold=60)
        >>> period_has_data(sweep, (date(2025, 2, 1), date(2025, 2, 28))), period_has_data(sweep, (date(2030, 1, 1), date(2030, 1, 31)))
        (True, False)
    """
    return sweep.cohorts.filter(_in_period(period)).height > 0


def _summed(
    sweep: Sweep, period: tuple[date, date] | None, j: int | None
) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    cohorts = _period_months(sweep, period)
    keep = _in_period(period) if j is None else _in_period(period) & (pl.col("j") == j)
    coh = (
        sweep.by_cohort.filter(keep)
        .group_by("j", "threshold")
        .agg(pl.col(c).sum() for c in _COUNTS)
    )
    mon = (
        sweep.by_month.filter(keep)
        .group_by("j")
        .agg(mql_months=pl.col("mql").sum(), busiest_month_mql=pl.col("mql").max())
    )
    return coh, mon, cohorts


def whatif_at(
    sweep: Sweep,
    threshold: float,
    *,
    period: tuple[date, date] | None = None,
    assumptions: Assumptions = Assumptions(),
) -> pl.DataFrame:
    """Every KPI of one threshold for a period (a lookup on the prepared sweep).

    Args:
        sweep: from :func:`prepare_sweep`.
        threshold: the MQL threshold (off-grid values use the next grid value up,
            shown in the ``threshold`` column).
        period: (first day, last day); months overlapping it count. None: all data.
        assumptions: capacity, follow-up hours/cost, value of a win.

    Returns:
        One row with :data:`KPI_COLUMNS`.

    Raises:
        InputError: the threshold is not a number or the period holds no data.

    Example:
        >>> leads, path, bant = _example_frames()
        >>> sweep = prepare_sweep(leads, path, agreed_threshold=60)
        >>> row = whatif_at(sweep, 25).row(0, named=True)
        >>> row["mql"], row["mql_rate"], row["precision"], row["won_below"]
        (4, 1.0, 0.5, 0)
    """
    j = grid_index(sweep, threshold)
    coh, mon, cohorts = _summed(sweep, period, j)
    return _kpis(coh, mon, cohorts, assumptions)


def sweep_table(
    sweep: Sweep,
    *,
    period: tuple[date, date] | None = None,
    assumptions: Assumptions = Assumptions(),
) -> pl.DataFrame:
    """Every KPI for every threshold of the grid (the curves and ``whatif --sweep``).

    Args:
        sweep: from :func:`prepare_sweep`.
        period: (first day, last day); None: all data.
        assumptions: capacity, follow-up hours/cost, value of a win.

    Returns:
        One row per grid threshold with :data:`KPI_COLUMNS`, ascending.

    Raises:
        InputError: the period holds no data.

    Example:
        >>> leads, path, _ = _example_frames()
        >>> table = sweep_table(prepare_sweep(leads, path, agreed_threshold=60))
        >>> table.filter(pl.col("threshold").is_in([30.0, 31.0, 66.0]))["mql"].to_list()
        [4, 3, 1]
    """
    coh, mon, cohorts = _summed(sweep, period, None)
    return _kpis(coh, mon, cohorts, assumptions)


def monthly_at(
    sweep: Sweep,
    threshold: float,
    *,
    period: tuple[date, date] | None = None,
    assumptions: Assumptions = Assumptions(),
) -> pl.DataFrame:
    """MQLs per month (by the month of the MQL moment) at one threshold, with capacity.

    SQL/won/revenue are the outcomes those MQLs have had so far (recent months are
    not finished converting), so the KPI row's ``expected_*`` is the planning number.

    Args:
        sweep: from :func:`prepare_sweep`.
        threshold: the MQL threshold.
        period: (first day, last day); None: all data.
        assumptions: capacity per month (the line on the chart).

    Returns:
        month, mql, sql, won, revenue, capacity_per_month — one row per month.

    Example:
        >>> leads, path, _ = _example_frames()
        >>> monthly_at(prepare_sweep(leads, path, agreed_threshold=60), 60)["mql"].to_list()
        [1, 1]
    """
    j = grid_index(sweep, threshold)
    _period_months(sweep, period)
    return (
        sweep.by_month.filter(_in_period(period) & (pl.col("j") == j))
        .sort("month")
        .select(
            "month",
            *_COUNTS,
            capacity_per_month=pl.lit(assumptions.capacity_per_month, dtype=pl.Float64),
        )
    )


# --------------------------------------------------------------------------- suggestions
def _fmt(value: float | None, digits: int = 0) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return f"{value:,.{digits}f}"


def suggest_thresholds(
    sweep: Sweep,
    *,
    period: tuple[date, date] | None = None,
    assumptions: Assumptions = Assumptions(),
    lang: str = "en",
) -> pl.DataFrame:
    """Suggested thresholds, one per rule of :data:`SUGGESTION_RULES`, each with a reason.

    Args:
        sweep: from :func:`prepare_sweep`.
        period: (first day, last day); None: all data.
        assumptions: capacity, costs, value of a win, coverage target.
        lang: language of the reasons ("en" or "ja").

    Returns:
        rule, threshold (null when the rule cannot decide), reason — four rows.

    Example:
        >>> leads, path, _ = _example_frames()
        >>> s = suggest_thresholds(prepare_sweep(leads, path, agreed_threshold=60),
        ...                        assumptions=Assumptions(capacity_per_month=1.0))
        >>> s["rule"].to_list(), s["threshold"].to_list()[:2]
        (['rule_of_thumb', 'capacity', 'expected_value', 'coverage'], [45.0, 41.0])
    """
    table = sweep_table(sweep, period=period, assumptions=assumptions)
    cohorts = _period_months(sweep, period)
    out: list[tuple[str, float | None, str]] = []

    # (a) rule of thumb: 10% below the mean peak score of won leads, down to a multiple of 5
    n = int(cohorts["won_peak_n"].sum())
    if n:
        mean = float(cohorts["won_peak_sum"].sum()) / n
        value = math.floor(mean * 0.9 / 5) * 5.0
        out.append(
            ("rule_of_thumb", value, t("whatif.reason.thumb", lang, mean=_fmt(mean, 1), n=n))
        )
    else:
        out.append(("rule_of_thumb", None, t("whatif.reason.thumb_none", lang)))

    # (b) capacity: the lowest threshold whose average MQL volume fits
    cap = assumptions.capacity_per_month
    if cap is None:
        out.append(("capacity", None, t("whatif.reason.capacity_unset", lang)))
    else:
        fits = table.filter(pl.col("mql_per_month") <= cap)
        first = fits.row(0, named=True)
        out.append(
            (
                "capacity",
                first["threshold"],
                t(
                    "whatif.reason.capacity",
                    lang,
                    mql=_fmt(first["mql_per_month"], 1),
                    capacity=_fmt(cap, 0),
                ),
            )
        )

    # (c) maximum expected value per month (ties: the highest threshold, fewer MQLs)
    best = table.sort(["expected_value", "threshold"], descending=[True, True]).row(0, named=True)
    if best["mql"] > 0 and best["expected_value"] > 0:
        out.append(
            (
                "expected_value",
                best["threshold"],
                t(
                    "whatif.reason.value",
                    lang,
                    value=_fmt(best["expected_value"]),
                    won=_fmt(best["expected_won"], 1),
                    per_win=_fmt(best["value_per_win"]),
                    cost=_fmt(assumptions.cost_per_mql),
                ),
            )
        )
    else:
        out.append(
            (
                "expected_value",
                None,
                t("whatif.reason.value_none", lang, cost=_fmt(assumptions.cost_per_mql)),
            )
        )

    # (d) coverage: the lowest threshold within the lead-share budget
    share = assumptions.max_lead_share
    target = assumptions.target_recall
    within = table.filter(pl.col("mql_rate") <= share)
    pick = within.row(0, named=True)
    recall = pick["recall"]
    key = (
        "whatif.reason.coverage"
        if recall is not None and recall >= target
        else "whatif.reason.coverage_short"
    )
    out.append(
        (
            "coverage",
            pick["threshold"],
            t(
                key,
                lang,
                recall=_fmt(None if recall is None else recall * 100),
                share=_fmt(pick["mql_rate"] * 100),
                target=_fmt(target * 100),
                max_share=_fmt(share * 100),
            ),
        )
    )
    return pl.DataFrame(
        out, schema={"rule": pl.String, "threshold": pl.Float64, "reason": pl.String}, orient="row"
    )


# --------------------------------------------------------------------------- comparison
_COMPARED: tuple[str, ...] = (
    "mql",
    "mql_rate",
    "sql",
    "sql_rate",
    "won",
    "precision",
    "recall",
    "won_below",
    "revenue_below",
    "mql_per_month",
    "expected_sql",
    "expected_won",
    "expected_revenue",
    "followup_hours",
    "followup_cost",
    "expected_value",
)


def compare_thresholds(
    sweep: Sweep,
    agreed: float,
    proposed: float,
    *,
    period: tuple[date, date] | None = None,
    assumptions: Assumptions = Assumptions(),
) -> pl.DataFrame:
    """Agreed vs proposed threshold: every KPI side by side and the difference.

    Args:
        sweep: from :func:`prepare_sweep`.
        agreed: the agreed threshold.
        proposed: the proposed threshold.
        period: (first day, last day); None: all data.
        assumptions: capacity, costs, value of a win.

    Returns:
        kpi, agreed, proposed, difference (proposed − agreed), all f64.

    Example:
        >>> leads, path, _ = _example_frames()
        >>> cmp = compare_thresholds(prepare_sweep(leads, path, agreed_threshold=60), 60, 30)
        >>> cmp.filter(pl.col("kpi") == "mql").row(0)
        ('mql', 2.0, 4.0, 2.0)
    """
    a = whatif_at(sweep, agreed, period=period, assumptions=assumptions)
    b = whatif_at(sweep, proposed, period=period, assumptions=assumptions)
    return pl.DataFrame(
        {
            "kpi": list(_COMPARED),
            "agreed": [_float(a[c][0]) for c in _COMPARED],
            "proposed": [_float(b[c][0]) for c in _COMPARED],
        },
        schema={"kpi": pl.String, "agreed": pl.Float64, "proposed": pl.Float64},
    ).with_columns(difference=pl.col("proposed") - pl.col("agreed"))


def _float(value: Any) -> float | None:
    return None if value is None else float(value)


def compare_conversion(
    sweep: Sweep,
    first: float,
    second: float,
    *,
    period: tuple[date, date] | None = None,
) -> pl.DataFrame:
    """Is the difference in MQL→SQL and MQL→won between two thresholds real?

    The higher threshold's MQLs are a subset of the lower one's, so they are tested
    against the leads **only** the lower threshold admits (disjoint groups):
    two-proportion z-test (pooled) and the Newcombe 95% interval of
    ``rate_high − rate_only_low``. ``difference_vs_low`` is the implied
    ``rate_high − rate_low`` = that difference × only-lower MQLs / lower MQLs, with
    its interval scaled the same way.

    Args:
        sweep: from :func:`prepare_sweep`.
        first: one threshold.
        second: the other (order does not matter).
        period: (first day, last day); None: all data.

    Returns:
        One row per outcome ("sql", "won"): outcome, threshold_high, threshold_low,
        n_high, x_high, rate_high, n_only_low, x_only_low, rate_only_low, difference,
        ci_low, ci_high, z, p_value, significant (p < 0.05), rate_low,
        difference_vs_low, ci_low_vs_low, ci_high_vs_low. Test columns are null when
        a group is empty.

    Example:
        >>> leads, path, _ = _example_frames()
        >>> cmp = compare_conversion(prepare_sweep(leads, path, agreed_threshold=60), 30, 60)
        >>> cmp.filter(pl.col("outcome") == "won").select("n_high", "x_high",
        ...     "n_only_low", "x_only_low").row(0)
        (2, 1, 2, 1)
    """
    j_a, j_b = grid_index(sweep, first), grid_index(sweep, second)
    coh, _, _ = _summed(sweep, period, None)
    sums = {int(r["j"]): r for r in coh.filter(pl.col("j").is_in([j_a, j_b])).iter_rows(named=True)}
    high, low = sums[max(j_a, j_b)], sums[min(j_a, j_b)]
    rows = []
    for outcome in ("sql", "won"):
        n_h, x_h = int(high["mql"]), int(high[outcome])
        n_l, x_l = int(low["mql"]), int(low[outcome])
        n_d = n_l - n_h
        x_d = min(max(x_l - x_h, 0), n_d)  # SQL: see the module docstring (overlap)
        row: dict[str, Any] = {
            "outcome": outcome,
            "threshold_high": float(high["threshold"]),
            "threshold_low": float(low["threshold"]),
            "n_high": n_h,
            "x_high": x_h,
            "rate_high": x_h / n_h if n_h else None,
            "n_only_low": n_d,
            "x_only_low": x_d,
            "rate_only_low": x_d / n_d if n_d else None,
            "difference": None,
            "ci_low": None,
            "ci_high": None,
            "z": None,
            "p_value": None,
            "significant": None,
            "rate_low": x_l / n_l if n_l else None,
            "difference_vs_low": None,
            "ci_low_vs_low": None,
            "ci_high_vs_low": None,
        }
        if n_h and n_d:
            test = compare_proportions(x_h, n_h, x_d, n_d)
            scale = n_d / n_l
            row.update(
                difference=test.difference,
                ci_low=test.ci_low,
                ci_high=test.ci_high,
                z=test.z,
                p_value=test.p_value,
                significant=test.significant,
                difference_vs_low=test.difference * scale,
                ci_low_vs_low=test.ci_low * scale,
                ci_high_vs_low=test.ci_high * scale,
            )
        rows.append(row)
    schema = {
        "outcome": pl.String,
        "threshold_high": pl.Float64,
        "threshold_low": pl.Float64,
        "n_high": pl.Int64,
        "x_high": pl.Int64,
        "rate_high": pl.Float64,
        "n_only_low": pl.Int64,
        "x_only_low": pl.Int64,
        "rate_only_low": pl.Float64,
        "difference": pl.Float64,
        "ci_low": pl.Float64,
        "ci_high": pl.Float64,
        "z": pl.Float64,
        "p_value": pl.Float64,
        "significant": pl.Boolean,
        "rate_low": pl.Float64,
        "difference_vs_low": pl.Float64,
        "ci_low_vs_low": pl.Float64,
        "ci_high_vs_low": pl.Float64,
    }
    return pl.DataFrame(rows, schema=schema)


# --------------------------------------------------------------------------- other levers
def compare_sql_rules(
    leads: pl.DataFrame, bant: pl.DataFrame, rules: Mapping[str, Mapping[str, int]]
) -> pl.DataFrame:
    """What-if on the SQL rule: SQLs among the MQLs under different required BANT sets.

    A lead is an SQL under a rule when it has an MQL moment (``leads.mql_at``, the
    agreed threshold) and a BANT assessment meeting the rule at/after it.

    Args:
        leads: the replay's per-lead frame (lead_id, mql_at, is_won).
        bant: the ``bant`` table.
        rules: rule name -> {BANT item: minimum level}.

    Returns:
        rule, required (e.g. "need≥2, timeline≥2"), mql, sql, sql_rate, sql_ci_low,
        sql_ci_high, won_sql, sql_win_rate, won_mql_not_sql — one row per rule.

    Raises:
        InputError: a rule names an item that is not a BANT item.

    Example:
        >>> leads, _, bant = _example_frames()
        >>> compare_sql_rules(leads, bant, {"strict": {"need": 3}, "loose": {"need": 2}})[
        ...     "sql"].to_list()
        [1, 1]
    """
    _require(leads, {"lead_id", "mql_at", "is_won"}, "leads")
    mqls = leads.filter(pl.col("mql_at").is_not_null()).select(
        "lead_id", "mql_at", won=pl.col("is_won").fill_null(False)
    )
    parts = []
    for name, required in rules.items():
        _check_items(required)
        sql_leads = (
            bant.filter(_rule_condition(required))
            .join(mqls, on="lead_id", how="inner")
            .filter(pl.col("assessed_at") >= pl.col("mql_at"))
            .select("lead_id")
            .unique()
        )
        parts.append(
            mqls.with_columns(
                sql=pl.col("lead_id").is_in(sql_leads["lead_id"].implode()),
            ).select(
                rule=pl.lit(name),
                required=pl.lit(
                    ", ".join(f"{k}≥{v}" for k, v in required.items()) or "any assessment"
                ),
                mql=pl.len().cast(pl.Int64),
                sql=pl.col("sql").sum().cast(pl.Int64),
                won_sql=(pl.col("sql") & pl.col("won")).sum().cast(pl.Int64),
                won_mql_not_sql=(~pl.col("sql") & pl.col("won")).sum().cast(pl.Int64),
            )
        )
    low, high = wilson_exprs(pl.col("sql"), pl.col("mql"))
    return pl.concat(parts).select(
        "rule",
        "required",
        "mql",
        "sql",
        sql_rate=pl.when(pl.col("mql") > 0).then(pl.col("sql") / pl.col("mql")),
        sql_ci_low=low,
        sql_ci_high=high,
        won_sql="won_sql",
        sql_win_rate=pl.when(pl.col("sql") > 0).then(pl.col("won_sql") / pl.col("sql")),
        won_mql_not_sql="won_mql_not_sql",
    )


def _check_items(required: Mapping[str, int]) -> None:
    unknown = sorted(set(required) - set(BANT_ITEMS))
    if unknown:
        raise InputError(
            f"SQL rule item(s) {unknown!r} are not BANT items; use {list(BANT_ITEMS)!r}"
        )


def _rule_condition(required: Mapping[str, int]) -> pl.Expr:
    """The one SQL-rule expression (:meth:`SqlRule.meets`) for checked ``required`` items."""
    return SqlRule(**required).meets()


def compare_weights(
    features: Any,
    criteria: Any,
    outcomes: pl.DataFrame,
    weights: Sequence[tuple[float, float]],
) -> pl.DataFrame:
    """What-if on the fit vs engagement weights, on the scores as of the data's end.

    A weight change changes every score path, and the replay is not redone for it
    (not instant at scale); this re-scores the feature matrix with the scoring
    engineer's fast :func:`analytics.scoring.points.score_features` and counts, among the
    scores **as of** the features' date, the leads at/above the threshold and their
    wins. As-of scores of won leads include behaviour after the deal, so read the
    *difference* between weight pairs, not the level (the threshold page's numbers
    come from the point-in-time replay).

    Args:
        features: an :class:`analytics.scoring.features.Features` for the criteria's rules.
        criteria: the criteria (points, threshold, floor/ceiling).
        outcomes: lead_id, is_won (e.g. the replay's leads).
        weights: (fit_weight, engagement_weight) pairs; the first is usually the current.

    Returns:
        fit_weight, engagement_weight, leads, mql, mql_rate, won, precision,
        precision_ci_low, precision_ci_high, recall — one row per pair.

    Raises:
        CriteriaError: a weight is negative or the features were built for other rules.

    Example:
        >>> from datetime import datetime
        >>> from analytics.criteria import load_criteria
        >>> from analytics.scoring.features import Features
        >>> c = load_criteria("threshold = 0")
        >>> f = Features(pl.DataFrame({"lead_id": ["a", "b"], "created_at": [datetime(2025, 1, 1)] * 2}),
        ...              datetime(2025, 2, 1), c.structure)
        >>> out = compare_weights(f, c, pl.DataFrame({"lead_id": ["a", "b"], "is_won": [True, False]}),
        ...                       [(1.0, 1.0), (1.0, 2.0)])
        >>> out.select("mql", "won", "precision").rows()
        [(2, 1, 0.5), (2, 1, 0.5)]
    """
    from analytics.scoring.points import score_features

    _require(outcomes, {"lead_id", "is_won"}, "outcomes")
    won = outcomes.select("lead_id", won=pl.col("is_won").fill_null(False))
    parts = []
    for fit_weight, engagement_weight in weights:
        variant = replace(
            criteria, fit_weight=float(fit_weight), engagement_weight=float(engagement_weight)
        )
        parts.append(
            score_features(features, variant)
            .join(won, on="lead_id", how="left")
            .select(
                fit_weight=pl.lit(variant.fit_weight),
                engagement_weight=pl.lit(variant.engagement_weight),
                leads=pl.len().cast(pl.Int64),
                mql=(pl.col("total") >= variant.threshold).sum().cast(pl.Int64),
                won=((pl.col("total") >= variant.threshold) & pl.col("won").fill_null(False))
                .sum()
                .cast(pl.Int64),
                won_total=pl.col("won").fill_null(False).sum().cast(pl.Int64),
            )
        )
    low, high = wilson_exprs(pl.col("won"), pl.col("mql"))
    return pl.concat(parts).select(
        "fit_weight",
        "engagement_weight",
        "leads",
        "mql",
        mql_rate=pl.when(pl.col("leads") > 0).then(pl.col("mql") / pl.col("leads")),
        won="won",
        precision=pl.when(pl.col("mql") > 0).then(pl.col("won") / pl.col("mql")),
        precision_ci_low=low,
        precision_ci_high=high,
        recall=pl.when(pl.col("won_total") > 0).then(pl.col("won") / pl.col("won_total")),
    )


# --------------------------------------------------------------------------- workspace glue
def sql_required(criteria: Any) -> dict[str, int]:
    """The criteria's SQL rule as {BANT item: minimum level}.

    Example:
        >>> from analytics.criteria import Criteria, SqlRule
        >>> sql_required(Criteria(sql_rule=SqlRule(need=2, timeline=2)))
        {'need': 2, 'timeline': 2}
    """
    return dict(criteria.sql_rule.required)


@dataclass(frozen=True)
class WorkspaceWhatIf:
    """Everything the what-if page needs from one replay (cache it per data version + criteria).

    Attributes:
        sweep: the prepared threshold sweep (exact SQLs from the ``bant`` table).
        leads: lead_id, mql_at (agreed threshold), is_won — for the SQL-rule and weight levers.
        bant: the BANT assessments up to the replay's ``as_of``.
        as_of: the replay's point in time.
    """

    sweep: Sweep
    leads: pl.DataFrame
    bant: pl.DataFrame
    as_of: datetime


def prepare_workspace(ws: Any, criteria: Any, *, replay: Any = None) -> WorkspaceWhatIf:
    """Replay the criteria on a workspace (unless given) and prepare the what-if.

    Args:
        ws: an open :class:`~analytics.store.db.Workspace`.
        criteria: a ``Criteria`` (its threshold and SQL rule are used).
        replay: an existing ``Replay`` of these criteria, to avoid replaying again.

    Returns:
        A :class:`WorkspaceWhatIf`.

    Raises:
        CriteriaError: a rule reads a lead column that does not exist.

    Example:
        >>> from analytics.criteria import default_criteria
        >>> from analytics.store.db import Workspace
        >>> prepared = prepare_workspace(Workspace.open(":memory:"), default_criteria())
        >>> prepared.sweep.cohorts.height, prepared.leads.columns
        (0, ['lead_id', 'mql_at', 'is_won'])
    """
    if replay is None:
        from analytics.scoring.replay import replay as run_replay

        replay = run_replay(ws, criteria)
    bant = load_bant(ws, as_of=replay.as_of)
    sweep = prepare_sweep(
        replay.leads,
        replay.path,
        agreed_threshold=float(criteria.threshold),
        sql_deadlines=derive_sql_deadlines(bant, sql_required(criteria)),
    )
    leads = replay.leads.select("lead_id", "mql_at", pl.col("is_won").fill_null(False))
    return WorkspaceWhatIf(sweep=sweep, leads=leads, bant=bant, as_of=replay.as_of)
