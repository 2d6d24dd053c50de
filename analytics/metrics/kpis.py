"""The month's KPIs for the overview: counts, rates with intervals, money, time to close.

Input: the replay's lead frame (:class:`analytics.scoring.replay.Replay`) and, where they exist, the
workspace ``costs`` table (month, channel, amount).

Definitions (documented in the README):

- ``leads``: leads created in the month. ``mqls``: leads whose MQL moment is in
  the month. ``won``/``won_revenue``: leads won (``won_at``) in the month.
- A stage's *moment* is its own timestamp, else the next recorded stage's
  (a won lead without a recorded SQL moment counts as SQL when its deal was
  created), matching :func:`analytics.metrics.funnel.reached_exprs`.
- Rates are cohort rates, each with n and a Wilson 95% interval:
  ``mql_rate`` = of the month's new leads, those that became MQL (ever, up to
  ``as_of``); ``mql_to_sql`` = of the month's MQLs, those that reached SQL;
  ``sql_to_won`` = of the month's SQLs, those won. Recent months are therefore
  still maturing.
- ``median_days_to_close``: median days from lead creation to won, over the
  month's wins. ``cost_per_lead`` = the month's costs / leads; ``cac`` = costs /
  won — null when the month has no cost rows.
- Changes: against the previous month and the same month a year earlier;
  ``delta`` is absolute (rate points for rates), ``pct`` relative; for rates,
  ``p_previous``/``p_year_ago`` are two-proportion z-test p-values.

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

from analytics.metrics.funnel import check_mql_col, prepare_leads
from analytics.metrics.stats import SMALL_SAMPLE_N, add_rate_columns, two_proportion_p_values

# The KPIs whose fall is good news (a change upwards is shown as worse).
LOWER_IS_BETTER: frozenset[str] = frozenset({"median_days_to_close", "cost_per_lead", "cac"})
# kpi name -> (kind, numerator column, denominator column); kind: count|rate|money|days
KPIS: dict[str, tuple[str, str | None, str | None]] = {
    "leads": ("count", None, None),
    "mqls": ("count", None, None),
    "mql_rate": ("rate", "mql_converted", "leads"),
    "mql_to_sql": ("rate", "mql_sql", "mqls"),
    "sql_to_won": ("rate", "sql_won", "sqls"),
    "won": ("count", None, None),
    "won_revenue": ("money", None, None),
    "median_days_to_close": ("days", None, None),
    "cost_per_lead": ("money", None, None),
    "cac": ("money", None, None),
}


def _moments(mql_col: str) -> dict[str, pl.Expr]:
    won = pl.when(pl.col("is_won").fill_null(False)).then(pl.col("won_at"))
    opp = pl.coalesce(pl.col("opportunity_at"), won)
    sql = pl.coalesce(pl.col("sql_at"), opp)
    mql = pl.coalesce(pl.col(mql_col), sql)
    return {"mql": mql, "sql": sql, "won": won}


def _month(expr: pl.Expr) -> pl.Expr:
    return expr.dt.date().dt.truncate("1mo")


def compute_monthly_kpis(
    leads: pl.DataFrame, *, costs: pl.DataFrame | None = None, mql_col: str = "mql_at"
) -> pl.DataFrame:
    """One row per calendar month (no gaps) with every KPI and its counts.

    Args:
        leads: replay leads (``created_at``, ``mql_col``, ``sql_at``,
            ``opportunity_at``, ``is_won``, ``won_at``, ``won_amount``).
        costs: the ``costs`` table (``month``, ``channel``, ``amount``) or None.
        mql_col: ``"mql_at"`` (replayed) or ``"crm_mql_at"``.

    Returns:
        ``month, leads, mqls, mql_converted, mql_rate…, mql_sql, mql_to_sql…, sqls,
        sql_won, sql_to_won…, won, won_revenue, median_days_to_close, cost,
        cost_per_lead, cac`` where ``x…`` is ``x, x_ci_low, x_ci_high, x_small_sample``.

    Raises:
        InputError: a needed column is missing or ``mql_col`` is unknown.

    Example:
        >>> compute_monthly_kpis(pl.DataFrame(schema={"created_at": pl.Datetime,
        ...     "mql_at": pl.Datetime, "sql_at": pl.Datetime, "opportunity_at": pl.Datetime,
        ...     "is_won": pl.Boolean, "won_at": pl.Datetime, "won_amount": pl.Float64})).height
        0
    """
    check_mql_col(mql_col)
    needed = ["created_at", mql_col, "sql_at", "opportunity_at", "is_won", "won_at"]
    leads = prepare_leads(leads, needed, "compute_monthly_kpis")
    m = _moments(mql_col)
    amount = pl.col("won_amount") if "won_amount" in leads.columns else pl.lit(0.0)
    base = leads.select(
        _month(pl.col("created_at")).alias("created_month"),
        _month(m["mql"]).alias("mql_month"),
        _month(m["sql"]).alias("sql_month"),
        _month(m["won"]).alias("won_month"),
        m["mql"].is_not_null().alias("is_mql"),
        m["sql"].is_not_null().alias("is_sql"),
        m["won"].is_not_null().alias("is_won"),
        ((m["won"] - pl.col("created_at")).dt.total_seconds() / 86_400).alias("days_to_close"),
        amount.cast(pl.Float64).fill_null(0.0).alias("amount"),
    )
    by_created = base.group_by(pl.col("created_month").alias("month")).agg(
        pl.len().cast(pl.Int64).alias("leads"),
        pl.col("is_mql").sum().cast(pl.Int64).alias("mql_converted"),
    )
    by_mql = (
        base.filter(pl.col("mql_month").is_not_null())
        .group_by(pl.col("mql_month").alias("month"))
        .agg(
            pl.len().cast(pl.Int64).alias("mqls"),
            pl.col("is_sql").sum().cast(pl.Int64).alias("mql_sql"),
        )
    )
    by_sql = (
        base.filter(pl.col("sql_month").is_not_null())
        .group_by(pl.col("sql_month").alias("month"))
        .agg(
            pl.len().cast(pl.Int64).alias("sqls"),
            pl.col("is_won").sum().cast(pl.Int64).alias("sql_won"),
        )
    )
    by_won = (
        base.filter(pl.col("won_month").is_not_null())
        .group_by(pl.col("won_month").alias("month"))
        .agg(
            pl.len().cast(pl.Int64).alias("won"),
            pl.col("amount").sum().alias("won_revenue"),
            pl.col("days_to_close")
            .filter(pl.col("days_to_close") >= 0)
            .median()
            .alias("median_days_to_close"),
        )
    )
    parts = [by_created, by_mql, by_sql, by_won]
    if costs is not None and costs.height:
        parts.append(
            costs.group_by(_month(pl.col("month").cast(pl.Datetime)).alias("month")).agg(
                pl.col("amount").sum().alias("cost")
            )
        )
    months = pl.concat([p.select("month") for p in parts]).drop_nulls().unique()
    if months.is_empty():
        skeleton = pl.DataFrame(schema={"month": pl.Date})
    else:
        skeleton = pl.DataFrame(
            {
                "month": pl.date_range(
                    months["month"].min(), months["month"].max(), "1mo", eager=True
                )
            }
        )
    table = skeleton
    for part in parts:
        table = table.join(part, on="month", how="left")
    if "cost" not in table.columns:
        table = table.with_columns(pl.lit(None, pl.Float64).alias("cost"))
    counts = ["leads", "mql_converted", "mqls", "mql_sql", "sqls", "sql_won", "won"]
    table = table.with_columns(
        pl.col(counts).fill_null(0), pl.col("won_revenue").fill_null(0.0)
    ).sort("month")
    for kpi in ("mql_rate", "mql_to_sql", "sql_to_won"):
        _, num, den = KPIS[kpi]
        table = add_rate_columns(table, converted=num, n=den, prefix="_r").rename(
            {
                "_rrate": kpi,
                "_rci_low": f"{kpi}_ci_low",
                "_rci_high": f"{kpi}_ci_high",
                "_rsmall_sample": f"{kpi}_small_sample",
            }
        )
    return table.with_columns(
        pl.when(pl.col("leads") > 0).then(pl.col("cost") / pl.col("leads")).alias("cost_per_lead"),
        pl.when(pl.col("won") > 0).then(pl.col("cost") / pl.col("won")).alias("cac"),
    )


def _shift_month(month: date, months: int) -> date:
    index = month.year * 12 + month.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def summarise_month(monthly: pl.DataFrame, month: date, *, trend_months: int = 12) -> pl.DataFrame:
    """The month's KPI cards: value, n, interval, change vs last month and a year ago, trend.

    Args:
        monthly: output of :func:`compute_monthly_kpis`.
        month: any date in the month to summarise.
        trend_months: length of the trend (ending with ``month``).

    Returns:
        One row per KPI in :data:`KPIS` order: ``kpi, kind, value, n, ci_low,
        ci_high, small_sample, previous, delta_previous, pct_previous,
        p_previous, year_ago, delta_year_ago, pct_year_ago, p_year_ago, trend``
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
    first = month.replace(day=1)
    wanted = [_shift_month(first, -i) for i in range(trend_months - 1, -1, -1)]
    window = pl.DataFrame({"month": wanted}).join(monthly, on="month", how="left")
    prev, year = _shift_month(first, -1), _shift_month(first, -12)

    def _lookup(column: str | None, at: date) -> float | None:
        if column is None:
            return None
        found = monthly.filter(pl.col("month") == at)
        if found.is_empty() or column not in found.columns:
            return None
        value = found.get_column(column)[0]
        return None if value is None else float(value)

    records = []  # one record per KPI (ten), not per lead
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
            }
        )
    schema = {
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
    }
    cards = pl.DataFrame(records, schema=schema)

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
    active = monthly.filter((pl.col("leads") + pl.col("mqls") + pl.col("won")) > 0)
    return None if active.is_empty() else active.get_column("month").max()


def kpi_month(monthly: pl.DataFrame, *, until: date) -> date | None:
    """The month the KPI cards show: ``until``'s month, or the last month with data if earlier.

    Args:
        monthly: output of :func:`compute_monthly_kpis`.
        until: the last day of the period shown (e.g. the sidebar period's end).

    Returns:
        The first day of the month, or None when no month has data.

    Example:
        >>> m = pl.DataFrame({"month": [date(2025, 1, 1), date(2025, 2, 1)],
        ...     "leads": [3, 1], "mqls": [0, 0], "won": [0, 0]})
        >>> kpi_month(m, until=date(2025, 1, 31)), kpi_month(m, until=date(2026, 6, 30))
        (datetime.date(2025, 1, 1), datetime.date(2025, 2, 1))
        >>> kpi_month(m.head(0), until=date(2025, 1, 31)) is None
        True
    """
    newest = latest_month(monthly)
    return None if newest is None else min(until.replace(day=1), newest)
