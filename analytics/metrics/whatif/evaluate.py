"""Evaluation of a prepared sweep: every KPI of a threshold, of the grid, per month.

Every call only filters and sums the :class:`~analytics.metrics.whatif.sweep.Sweep`'s
frames (thresholds × months, not leads), so a slider move is instant. The MQL rate
and recall use the leads *created* in the period's months (by lead month); volumes,
MQL→SQL and MQL→won (precision) use the MQLs whose MQL moment falls in the period
(by MQL month) — exactly as :mod:`analytics.metrics.definitions` defines them, so the
what-if at the agreed threshold shows the numbers of every other page.

Example:
    >>> from analytics.metrics.whatif import _example_frames, prepare_sweep
    >>> leads, path, _ = _example_frames()
    >>> whatif_at(prepare_sweep(leads, path, agreed_threshold=60), 60).select(
    ...     "threshold", "mql", "won", "precision").row(0)
    (60.0, 2, 1, 0.5)
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

import polars as pl

from analytics.errors import InputError
from analytics.metrics.stats import wilson_exprs
from analytics.metrics.whatif.sweep import COUNTS, Sweep

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
    "mql_to_sql",
    "mql_to_sql_ci_low",
    "mql_to_sql_ci_high",
    "mql_months",
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
    "sql",
    "mql_to_sql",
    "mql_to_sql_ci_low",
    "mql_to_sql_ci_high",
    "precision",
    "recall",
    "expected_won",
    "expected_revenue",
    "capacity_per_month",
)


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


# The assumptions when none are given (immutable, so one shared default).
DEFAULT_ASSUMPTIONS = Assumptions()


def _in_period(period: tuple[date, date] | None) -> pl.Expr:
    """Months overlapping ``period`` (first day, last day); every month when None."""
    if period is None:
        return pl.lit(True)
    start, end = period
    if start > end:
        raise InputError.make("whatif.period_reversed", start=start, end=end)
    return pl.col("month").is_between(date(start.year, start.month, 1), end)


def grid_index(sweep: Sweep, threshold: float) -> int:
    """Index of the grid value a threshold is evaluated at (the next one up).

    Example:
        >>> from analytics.metrics.whatif import _example_frames, prepare_sweep
        >>> leads, path, _ = _example_frames()
        >>> sweep = prepare_sweep(leads, path, agreed_threshold=60.5)
        >>> float(sweep.thresholds[grid_index(sweep, 60.2)])
        60.5
    """
    if threshold is None or (isinstance(threshold, float) and math.isnan(threshold)):
        raise InputError.make("whatif.threshold_not_number", threshold=threshold)
    index = int(sweep.thresholds.search_sorted(float(threshold), side="left"))
    return min(index, sweep.thresholds.len() - 1)


def _kpis(
    coh: pl.DataFrame,
    mon: pl.DataFrame,
    cohorts: pl.DataFrame,
    assumptions: Assumptions,
    *,
    snapshot: bool = False,
    revenue_known: bool = True,
) -> pl.DataFrame:
    """KPI columns per threshold from summed counts (coh by cohort, mon by MQL month).

    A snapshot (no lead has a creation date) has totals but no months: every per-month
    figure (MQLs per month, expected SQLs/wins/revenue per month, follow-up load) is null.
    Where no win has an amount (``revenue_known`` false) the revenue figures are null,
    and so is the expected value unless the assumptions give a value per win.
    """
    totals = cohorts.select(
        leads=pl.col("leads").sum(),
        won_total=pl.col("won").sum(),
        revenue_total=pl.col("revenue").sum() if revenue_known else pl.lit(None, pl.Float64),
        months=pl.lit(None, pl.Int64) if snapshot else pl.len().cast(pl.Int64),
    )
    cap = assumptions.capacity_per_month
    value = assumptions.value_per_win
    no_mql = (pl.col("mql_months") == 0) & pl.col("months").is_not_null()  # a snapshot: null
    frame = (
        coh.join(mon, on="j", how="left")
        .join(totals, how="cross")
        .sort("j")
        .with_columns(
            mql_rate=pl.col("mql") / pl.col("leads"),
            sql_rate=pl.col("sql_months") / pl.col("mql_months"),
            precision=pl.col("won_months") / pl.col("mql_months"),
            recall=pl.col("won") / pl.col("won_total"),
            won_below=pl.col("won_total") - pl.col("won"),
            revenue_below=pl.col("revenue_total") - pl.col("revenue"),
            mql_per_month=pl.col("mql_months") / pl.col("months"),
            value_per_win=pl.lit(value, dtype=pl.Float64)
            if value is not None
            else pl.col("revenue_total") / pl.col("won_total"),
        )
        .with_columns(
            # a rate over none (no lead, no MQL, no win) is unknown, not 0%
            pl.col(c).fill_nan(None)
            for c in ("mql_rate", "sql_rate", "precision", "recall", "value_per_win")
        )
        .with_columns(
            # no MQL expects no SQL and no win: 0 per month, though the rate is unknown
            expected_sql=pl.when(no_mql)
            .then(0.0)
            .otherwise(pl.col("mql_per_month") * pl.col("sql_rate")),
            expected_won=pl.when(no_mql)
            .then(0.0)
            .otherwise(pl.col("mql_per_month") * pl.col("precision")),
            expected_revenue=pl.when(pl.col("months").is_null())
            .then(None)  # a snapshot: no months, as for the expected SQLs and wins
            .when(pl.col("revenue_total").is_null())
            .then(None)  # no win has an amount: revenue unknown, not 0
            .when(pl.col("mql_months") > 0)
            .then(pl.col("mql_per_month") * pl.col("revenue_months") / pl.col("mql_months"))
            .otherwise(0.0),
            capacity_per_month=pl.lit(cap, dtype=pl.Float64),
            over_capacity=pl.col("mql_per_month") > cap if cap is not None else pl.lit(None),
            followup_hours=pl.col("mql_per_month") * assumptions.hours_per_mql,
            followup_cost=pl.col("mql_per_month") * assumptions.cost_per_mql,
        )
        .with_columns(
            expected_value=pl.col("expected_won")
            * (
                pl.col("value_per_win").fill_null(0.0)
                if revenue_known or value is not None
                else pl.lit(None, pl.Float64)  # what a win is worth is unknown
            )
            - pl.col("followup_cost")
        )
    )
    intervals = []
    for name, count, nobs in (
        ("sql", "sql_months", "mql_months"),
        ("precision", "won_months", "mql_months"),
        ("recall", "won", "won_total"),
    ):
        low, high = wilson_exprs(pl.col(count), pl.col(nobs))
        intervals += [low.alias(f"{name}_ci_low"), high.alias(f"{name}_ci_high")]
    frame = frame.with_columns(intervals).with_columns(
        sql=pl.col("sql_months"),
        mql_to_sql=pl.col("sql_rate"),
        mql_to_sql_ci_low=pl.col("sql_ci_low"),
        mql_to_sql_ci_high=pl.col("sql_ci_high"),
    )
    return frame.select(
        pl.col(c).cast(pl.Boolean) if c == "over_capacity" else pl.col(c) for c in KPI_COLUMNS
    )


def period_cohorts(sweep: Sweep, period: tuple[date, date] | None) -> pl.DataFrame:
    """The sweep's cohort months (:attr:`Sweep.cohorts` rows) overlapping ``period``.

    Args:
        sweep: from :func:`~analytics.metrics.whatif.sweep.prepare_sweep`.
        period: (first day, last day); None: every month.

    Returns:
        month and the cohort totals, one row per month of the period.

    Raises:
        InputError: no lead has a creation date, the period is reversed, or no
            month of data overlaps it (the message says which months there are).

    Example:
        >>> from analytics.metrics.whatif import _example_frames, prepare_sweep
        >>> leads, path, _ = _example_frames()
        >>> sweep = prepare_sweep(leads, path, agreed_threshold=60)
        >>> period_cohorts(sweep, (date(2025, 2, 1), date(2025, 2, 28)))["leads"].to_list()
        [2]
        >>> period_cohorts(sweep, (date(2030, 1, 1), date(2030, 1, 31)))
        Traceback (most recent call last):
        ...
        analytics.errors.InputError: no months of data in the period '2030-01-01..2030-01-31'; the data covers 2025-01 to 2025-02: choose a period inside it
    """
    cohorts = sweep.cohorts.filter(_in_period(period))
    if sweep.cohorts.height == 0:
        raise InputError.make("whatif.no_dated_leads")
    if cohorts.height == 0:
        raise InputError.make(
            "whatif.period_no_data",
            period="all" if period is None else f"{period[0]}..{period[1]}",
            first=f"{sweep.cohorts['month'].min():%Y-%m}",
            last=f"{sweep.cohorts['month'].max():%Y-%m}",
        )
    return cohorts


def period_has_data(sweep: Sweep, period: tuple[date, date] | None) -> bool:
    """Whether any month of the period holds data (else the page shows all months).

    Example:
        >>> from analytics.metrics.whatif import _example_frames, prepare_sweep
        >>> leads, path, _ = _example_frames()
        >>> sweep = prepare_sweep(leads, path, agreed_threshold=60)
        >>> period_has_data(sweep, (date(2025, 2, 1), date(2025, 2, 28))), period_has_data(sweep, (date(2030, 1, 1), date(2030, 1, 31)))
        (True, False)
    """
    return sweep.cohorts.filter(_in_period(period)).height > 0


def summed_counts(
    sweep: Sweep, period: tuple[date, date] | None, j: int | None
) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """The period's counts per threshold: (by cohort, by MQL month, the cohort months).

    Args:
        sweep: from :func:`~analytics.metrics.whatif.sweep.prepare_sweep`.
        period: (first day, last day); None: every month.
        j: one grid index, or None for every threshold.

    Returns:
        ``j, threshold, mql, sql, won, revenue`` summed over the cohorts of the period;
        ``j, mql_months, busiest_month_mql`` over its MQL months; and
        :func:`period_cohorts`.

    Raises:
        InputError: as :func:`period_cohorts`.

    Example:
        >>> from analytics.metrics.whatif import _example_frames, prepare_sweep
        >>> leads, path, _ = _example_frames()
        >>> coh, mon, _ = summed_counts(prepare_sweep(leads, path, agreed_threshold=60), None, 60)
        >>> coh.select("threshold", "mql", "won").row(0), mon.select("busiest_month_mql").item()
        ((60.0, 2, 1), 1)
    """
    cohorts = period_cohorts(sweep, period)
    keep = _in_period(period) if j is None else _in_period(period) & (pl.col("j") == j)
    coh = (
        sweep.by_cohort.filter(keep).group_by("j", "threshold").agg(pl.col(c).sum() for c in COUNTS)
    )
    mon = (
        sweep.by_month.filter(keep)
        .group_by("j")
        .agg(
            mql_months=pl.col("mql").sum(),
            sql_months=pl.col("sql").sum(),
            won_months=pl.col("won").sum(),
            revenue_months=pl.col("revenue").sum(),
            busiest_month_mql=pl.col("mql").max(),
        )
    )
    return coh, mon, cohorts


def whatif_at(
    sweep: Sweep,
    threshold: float,
    *,
    period: tuple[date, date] | None = None,
    assumptions: Assumptions = DEFAULT_ASSUMPTIONS,
) -> pl.DataFrame:
    """Every KPI of one threshold for a period (a lookup on the prepared sweep).

    Args:
        sweep: from :func:`~analytics.metrics.whatif.sweep.prepare_sweep`.
        threshold: the MQL threshold (off-grid values use the next grid value up,
            shown in the ``threshold`` column).
        period: (first day, last day); months overlapping it count. None: all data.
        assumptions: capacity, follow-up hours/cost, value of a win.

    Returns:
        One row with :data:`KPI_COLUMNS`.

    Raises:
        InputError: the threshold is not a number or the period holds no data.

    Example:
        >>> from analytics.metrics.whatif import _example_frames, prepare_sweep
        >>> leads, path, _ = _example_frames()
        >>> sweep = prepare_sweep(leads, path, agreed_threshold=60)
        >>> row = whatif_at(sweep, 25).row(0, named=True)
        >>> row["mql"], row["mql_rate"], row["precision"], row["won_below"]
        (4, 1.0, 0.5, 0)
    """
    j = grid_index(sweep, threshold)
    coh, mon, cohorts = summed_counts(sweep, period, j)
    return _kpis(
        coh, mon, cohorts, assumptions, snapshot=sweep.snapshot, revenue_known=sweep.revenue_known
    )


def sweep_table(
    sweep: Sweep,
    *,
    period: tuple[date, date] | None = None,
    assumptions: Assumptions = DEFAULT_ASSUMPTIONS,
) -> pl.DataFrame:
    """Every KPI for every threshold of the grid (the curves and ``whatif --sweep``).

    Args:
        sweep: from :func:`~analytics.metrics.whatif.sweep.prepare_sweep`.
        period: (first day, last day); None: all data.
        assumptions: capacity, follow-up hours/cost, value of a win.

    Returns:
        One row per grid threshold with :data:`KPI_COLUMNS`, ascending.

    Raises:
        InputError: the period holds no data.

    Example:
        >>> from analytics.metrics.whatif import _example_frames, prepare_sweep
        >>> leads, path, _ = _example_frames()
        >>> table = sweep_table(prepare_sweep(leads, path, agreed_threshold=60))
        >>> table.filter(pl.col("threshold").is_in([30.0, 31.0, 66.0]))["mql"].to_list()
        [4, 3, 1]
    """
    coh, mon, cohorts = summed_counts(sweep, period, None)
    return _kpis(
        coh, mon, cohorts, assumptions, snapshot=sweep.snapshot, revenue_known=sweep.revenue_known
    )


def monthly_at(
    sweep: Sweep,
    threshold: float,
    *,
    period: tuple[date, date] | None = None,
    assumptions: Assumptions = DEFAULT_ASSUMPTIONS,
) -> pl.DataFrame:
    """MQLs per month (by the month of the MQL moment) at one threshold, with capacity.

    SQL/won/revenue are the outcomes those MQLs have had so far (recent months are
    not finished converting), so the KPI row's ``expected_*`` is the planning number.

    Args:
        sweep: from :func:`~analytics.metrics.whatif.sweep.prepare_sweep`.
        threshold: the MQL threshold.
        period: (first day, last day); None: all data.
        assumptions: capacity per month (the line on the chart).

    Returns:
        month, mql, sql, won, revenue, capacity_per_month — one row per month.

    Example:
        >>> from analytics.metrics.whatif import _example_frames, prepare_sweep
        >>> leads, path, _ = _example_frames()
        >>> monthly_at(prepare_sweep(leads, path, agreed_threshold=60), 60)["mql"].to_list()
        [1, 1]
    """
    j = grid_index(sweep, threshold)
    period_cohorts(sweep, period)
    return (
        sweep.by_month.filter(_in_period(period) & (pl.col("j") == j))
        .sort("month")
        .select(
            "month",
            *COUNTS,
            capacity_per_month=pl.lit(assumptions.capacity_per_month, dtype=pl.Float64),
        )
    )
