"""The month's KPI cards: each KPI of the definitions layer against last month and a year ago.

The KPIs themselves — what each counts, its cohort, maturity and interval — are
defined once in :mod:`analytics.metrics.definitions` (:func:`compute_monthly_kpis`
is re-exported here for the pages and the benchmark). This module turns one month
of that table into cards: the value, n and interval, the change against the
previous month and the same month a year earlier (rates: two-proportion z-test
p-values), and a 12-month trend.

Example:
    >>> from datetime import datetime as dt
    >>> leads = pl.DataFrame({"created_at": [dt(2025, 1, 3), dt(2025, 2, 3)],
    ...     "mql_at": [dt(2025, 1, 4), None], "sql_at": [None, None],
    ...     "opportunity_at": [None, None], "is_won": [False, False],
    ...     "won_at": [None, None], "won_amount": [0.0, 0.0]})
    >>> compute_monthly_kpis(leads).select("month", "leads", "mqls").rows()
    [(datetime.date(2025, 1, 1), 1, 1), (datetime.date(2025, 2, 1), 1, 0)]
"""

from __future__ import annotations

from datetime import date

import numpy as np
import polars as pl

from analytics.metrics.definitions import KPIS as DEFINED_KPIS
from analytics.metrics.definitions import compute_monthly_kpis, shift_month
from analytics.metrics.stats import SMALL_SAMPLE_N, two_proportion_p_values

__all__ = [
    "KPIS",
    "LOWER_IS_BETTER",
    "compute_monthly_kpis",
    "kpi_month",
    "latest_month",
    "summarise_month",
]

# The KPIs whose fall is good news (a change upwards is shown as worse).
LOWER_IS_BETTER: frozenset[str] = frozenset(
    k.key for k in DEFINED_KPIS if k.higher_is_better is False
)
# kpi name -> (kind, numerator column, denominator column), from the definitions layer
# (rates only carry counts: their change is tested; money ratios and counts are not)
KPIS: dict[str, tuple[str, str | None, str | None]] = {
    k.key: (k.kind, k.numerator, k.denominator) if k.kind == "rate" else (k.kind, None, None)
    for k in DEFINED_KPIS
}
COHORTS: dict[str, str] = {k.key: k.cohort for k in DEFINED_KPIS}


def summarise_month(monthly: pl.DataFrame, month: date, *, trend_months: int = 12) -> pl.DataFrame:
    """The month's KPI cards: value, n, interval, change vs last month and a year ago, trend.

    Args:
        monthly: output of :func:`compute_monthly_kpis`.
        month: any date in the month to summarise.
        trend_months: length of the trend (ending with ``month``).

    Returns:
        One row per KPI in :data:`KPIS` order: ``kpi, kind, value, n, ci_low,
        ci_high, small_sample, previous, delta_previous, pct_previous,
        p_previous, year_ago, delta_year_ago, pct_year_ago, p_year_ago, trend, cohort,
        maturing``
        (``trend`` a list of ``trend_months`` values, null for months without data).
        ``small_sample`` marks rates with n < 50 and counts under 50 leads.

    Example:
        >>> from datetime import datetime as dt
        >>> leads = pl.DataFrame({"created_at": [dt(2025, 1, 3), dt(2025, 2, 3)],
        ...     "mql_at": [dt(2025, 1, 4), None], "sql_at": [None, None],
        ...     "opportunity_at": [None, None], "is_won": [False, False], "won_at": [None, None]})
        >>> cards = summarise_month(compute_monthly_kpis(leads), date(2025, 2, 1))
        >>> cards.filter(pl.col("kpi") == "leads").select("value", "previous").row(0)
        (1.0, 1.0)
    """
    records = _card_records(monthly, month.replace(day=1), trend_months)
    return _with_changes(pl.DataFrame(records, schema=_CARD_SCHEMA))


def _card_records(monthly: pl.DataFrame, first: date, trend_months: int) -> list[dict]:
    """One record per KPI (a dozen, not one per lead): value, counts now/before, trend."""
    wanted = [shift_month(first, -i) for i in range(trend_months - 1, -1, -1)]
    window = pl.DataFrame({"month": wanted}).join(monthly, on="month", how="left")
    prev, year = shift_month(first, -1), shift_month(first, -12)

    def _lookup(column: str | None, at: date) -> float | None:
        if column is None:
            return None
        found = monthly.filter(pl.col("month") == at)
        if found.is_empty() or column not in found.columns:
            return None
        value = found.get_column(column)[0]
        return None if value is None else float(value)

    records = []
    for kpi, (kind, num, den) in KPIS.items():
        trend = (
            window.get_column(kpi).cast(pl.Float64).to_list()
            if kpi in window.columns
            else [None] * trend_months
        )
        value = _lookup(kpi, first)
        previous, year_ago = _lookup(kpi, prev), _lookup(kpi, year)
        n = _lookup(den, first) if den else _lookup("leads", first)
        records.append(
            {
                "kpi": kpi,
                "kind": kind,
                "value": value,
                "n": None if n is None else int(n),
                "ci_low": _lookup(f"{kpi}_ci_low", first) if den else None,
                "ci_high": _lookup(f"{kpi}_ci_high", first) if den else None,
                "small_sample": n is not None and n < SMALL_SAMPLE_N,
                "previous": previous,
                "year_ago": year_ago,
                "k": _lookup(num, first),
                "n_now": _lookup(den, first),
                "k_prev": _lookup(num, prev),
                "n_prev": _lookup(den, prev),
                "k_year": _lookup(num, year),
                "n_year": _lookup(den, year),
                "trend": trend,
                "cohort": COHORTS[kpi],
                "maturing": bool(_lookup(f"{kpi}_maturing", first) or False),
            }
        )
    return records


_CARD_SCHEMA = {
    "kpi": pl.String,
    "kind": pl.String,
    "value": pl.Float64,
    "n": pl.Int64,
    "ci_low": pl.Float64,
    "ci_high": pl.Float64,
    "small_sample": pl.Boolean,
    "previous": pl.Float64,
    "year_ago": pl.Float64,
    "k": pl.Float64,
    "n_now": pl.Float64,
    "k_prev": pl.Float64,
    "n_prev": pl.Float64,
    "k_year": pl.Float64,
    "n_year": pl.Float64,
    "trend": pl.List(pl.Float64),
    "cohort": pl.String,
    "maturing": pl.Boolean,
}


def _with_changes(cards: pl.DataFrame) -> pl.DataFrame:
    """The cards with the change against last month and a year ago (rates: z-test p-values)."""

    def _p(k2: str, n2: str) -> pl.Series:
        values = two_proportion_p_values(
            cards["k"].fill_null(np.nan).to_numpy(),
            cards["n_now"].fill_null(0).to_numpy(),
            cards[k2].fill_null(np.nan).to_numpy(),
            cards[n2].fill_null(0).to_numpy(),
        )
        return pl.Series(values, dtype=pl.Float64).fill_nan(None)

    cards = cards.with_columns(
        (pl.col("value") - pl.col("previous")).alias("delta_previous"),
        pl.when(pl.col("previous") != 0)
        .then(pl.col("value") / pl.col("previous") - 1)
        .alias("pct_previous"),
        _p("k_prev", "n_prev").alias("p_previous"),
        (pl.col("value") - pl.col("year_ago")).alias("delta_year_ago"),
        pl.when(pl.col("year_ago") != 0)
        .then(pl.col("value") / pl.col("year_ago") - 1)
        .alias("pct_year_ago"),
        _p("k_year", "n_year").alias("p_year_ago"),
    )
    return cards.select(
        "kpi",
        "kind",
        "value",
        "n",
        "ci_low",
        "ci_high",
        "small_sample",
        "previous",
        "delta_previous",
        "pct_previous",
        "p_previous",
        "year_ago",
        "delta_year_ago",
        "pct_year_ago",
        "p_year_ago",
        "trend",
        "cohort",
        "maturing",
    )


def latest_month(monthly: pl.DataFrame) -> date | None:
    """The last month with any leads, MQLs or wins (None for an empty table).

    Args:
        monthly: output of :func:`compute_monthly_kpis`.

    Returns:
        The first day of that month, or None.

    Example:
        >>> latest_month(pl.DataFrame({"month": [date(2025, 1, 1), date(2025, 2, 1)],
        ...     "leads": [3, 0], "mqls": [0, 0], "won": [0, 0]}))
        datetime.date(2025, 1, 1)
    """
    # sum_horizontal skips nulls: wins are null (unknown) when no win has a date
    active = monthly.filter(pl.sum_horizontal("leads", "mqls", "won") > 0)
    return None if active.is_empty() else active.get_column("month").max()


def kpi_month(monthly: pl.DataFrame, *, until: date) -> date | None:
    """The month the KPI cards show: the newest *complete* month with data, up to ``until``.

    A month that has only begun (the data does not reach its last day) is never the
    headline: its counts are partial and every change against last month would look
    like a fall (:func:`analytics.metrics.definitions.is_complete`).

    Args:
        monthly: output of :func:`compute_monthly_kpis` (with its ``complete`` column).
        until: the last day of the period shown (e.g. the sidebar period's end).

    Returns:
        The first day of the month, or None when no complete month has data.

    Example:
        >>> m = pl.DataFrame({"month": [date(2025, 1, 1), date(2025, 2, 1), date(2025, 3, 1)],
        ...     "leads": [3, 1, 4], "mqls": [0, 0, 0], "won": [0, 0, 0],
        ...     "complete": [True, True, False]})
        >>> kpi_month(m, until=date(2025, 1, 31)), kpi_month(m, until=date(2026, 6, 30))
        (datetime.date(2025, 1, 1), datetime.date(2025, 2, 1))
        >>> kpi_month(m.head(0), until=date(2025, 1, 31)) is None
        True
    """
    done = monthly.filter(pl.col("complete")) if "complete" in monthly.columns else monthly
    newest = latest_month(done.filter(pl.col("month") <= until.replace(day=1)))
    return newest
