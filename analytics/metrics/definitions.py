"""One definitions layer: every KPI the product shows, defined once.

Every page, command and the report computes its KPIs here, so one month's
numbers agree everywhere. Input is the lead frame of a replay
(:func:`analytics.scoring.replay.replay`): one row per lead with ``created_at``,
``mql_at`` (the replayed MQL moment: the first time the score reached the
threshold *before the hand-off to sales*), ``sql_at``, ``opportunity_at``,
``is_won``, ``won_at``, ``won_amount`` and ``first_contact_at``.

The stages, per lead:

- **MQL**: has a replayed MQL moment. Nothing else makes a lead an MQL: a lead
  that sales qualified without it ever reaching the threshold is *sales-sourced*,
  counted apart, never as an MQL.
- **SQL**: an MQL that reached SQL — a BANT assessment meeting the SQL rule, or
  a later stage (an opportunity or a win: a won lead passed through every stage).
- **Won**: an MQL whose linked deal was won (for MQL→won and SQL→won); *won* and
  *won revenue* count every win of the month, whatever its path.

Each KPI (:data:`KPIS`) names its numerator, denominator, cohort (which month a
lead counts in), period and maturity rule. Rates carry n and a 95% Wilson
interval. A cohort is **maturing** when less time has passed since the end of
its month than the median time its outcome takes (its rate will still rise).
A month is **complete** when the data reaches its last day; commands and pages
default to the last complete month.

Example:
    >>> from datetime import datetime as dt
    >>> leads = pl.DataFrame({
    ...     "created_at": [dt(2025, 1, 3), dt(2025, 1, 5), dt(2025, 1, 9)],
    ...     "mql_at": [dt(2025, 1, 4), dt(2025, 1, 6), None],
    ...     "sql_at": [dt(2025, 1, 8), None, dt(2025, 1, 10)],
    ...     "opportunity_at": [None, None, None], "is_won": [False, False, False],
    ...     "won_at": [None, None, None], "won_amount": [0.0, 0.0, 0.0]})
    >>> m = compute_monthly_kpis(leads, as_of=dt(2025, 3, 1))
    >>> m.select("leads", "mqls", "mql_sql", "mql_to_sql").row(0)
    (3, 2, 1, 0.5)
"""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

import polars as pl

from analytics.errors import InputError
from analytics.metrics.outcome import (  # the outcome is part of this layer: one import for all
    OUTCOME_SOURCES,
    OutcomeSource,
    WinGaps,
    lead_outcome_expr,
    outcome_source,
    replay_with_outcome,
    require_outcome,
    win_gaps,
    with_outcome,
)
from analytics.metrics.stats import SMALL_SAMPLE_N, add_rate_columns

__all__ = [
    "COUNT_COLUMNS", "KPIS", "KPI_BY_KEY", "OUTCOME_SOURCES", "RATE_KPIS", "Kpi",
    "OutcomeSource", "WinGaps", "compute_monthly_kpis", "contact_exprs", "is_complete",
    "kpi_reference", "last_complete_month", "lead_outcome_expr", "month_end", "month_records",
    "outcome_lags", "outcome_source", "parse_month", "replay_kpis", "replay_with_outcome",
    "require_outcome", "shift_month", "stage_exprs", "win_gaps", "with_outcome",
]  # fmt: skip


@dataclass(frozen=True)
class Kpi:
    """What one KPI is: name, numerator, denominator, cohort, period and maturity rule.

    Attributes:
        key: the stable name (JSON key, catalog key ``kpi.<key>``).
        kind: ``count``, ``rate``, ``money``, ``days`` or ``hours``.
        numerator: the column holding the numerator (for rates: the successes).
        denominator: the column holding the denominator (rates and ratios), else None.
        cohort: which month a lead counts in (``lead_month``, ``mql_month``,
            ``won_month``, ``cost_month``).
        maturity: the outcome lag that makes a recent cohort *maturing*, or None.
        definition: one English sentence (the README and ``metrics`` print it);
            the Japanese text is the catalog key ``kpi.<key>.definition``.
        higher_is_better: the direction a reader should call "better" (None: neither).
    """

    key: str
    kind: str
    numerator: str
    denominator: str | None
    cohort: str
    maturity: str | None
    definition: str
    higher_is_better: bool | None = True


KPIS: tuple[Kpi, ...] = (
    Kpi("leads", "count", "leads", None, "lead_month", None, "Leads created in the month."),
    Kpi(
        "mqls",
        "count",
        "mqls",
        None,
        "mql_month",
        None,
        "Leads whose MQL moment (the score first reaching the threshold before the hand-off "
        "to sales) falls in the month.",
    ),
    Kpi(
        "mql_rate",
        "rate",
        "mql_converted",
        "leads",
        "lead_month",
        "mql",
        "Of the leads created in the month, the share that became MQL (by the data's end).",
    ),
    Kpi(
        "mql_to_sql",
        "rate",
        "mql_sql",
        "mqls",
        "mql_month",
        "sql",
        "Of the month's MQLs, the share that reached SQL (BANT met, or an opportunity or a win).",
    ),
    Kpi(
        "sql_to_won",
        "rate",
        "sql_won",
        "mql_sql",
        "mql_month",
        "won",
        "Of the month's MQLs that reached SQL, the share won.",
    ),
    Kpi(
        "mql_to_won",
        "rate",
        "mql_won",
        "mqls",
        "mql_month",
        "won",
        "Of the month's MQLs, the share won.",
    ),
    Kpi(
        "won",
        "count",
        "won",
        None,
        "won_month",
        None,
        "Deals won in the month (leads whose first win closed in the month), whatever their path.",
    ),
    Kpi(
        "won_revenue",
        "money",
        "won_revenue",
        None,
        "won_month",
        None,
        "Amount of the deals won in the month.",
    ),
    Kpi(
        "lead_to_won_days",
        "days",
        "lead_to_won_days",
        None,
        "won_month",
        None,
        "Median days from lead creation to the win, over the month's wins.",
        False,
    ),
    Kpi(
        "cost_per_lead",
        "money",
        "cost",
        "leads",
        "cost_month",
        None,
        "The month's channel costs divided by the leads created in the month.",
        False,
    ),
    Kpi(
        "cac",
        "money",
        "cost",
        "won",
        "cost_month",
        None,
        "The month's channel costs divided by the deals won in the month.",
        False,
    ),
    Kpi(
        "sla_attainment",
        "rate",
        "mql_contacted_in_sla",
        "mqls",
        "mql_month",
        None,
        "Of the month's MQLs, the share first contacted within the SLA's contact hours of "
        "the MQL moment.",
    ),
)
KPI_BY_KEY: dict[str, Kpi] = {k.key: k for k in KPIS}
RATE_KPIS: tuple[str, ...] = tuple(k.key for k in KPIS if k.kind == "rate")
COUNT_COLUMNS: tuple[str, ...] = (
    "leads", "mql_converted", "mqls", "mql_sql", "mql_won", "sql_won", "won",
    "mql_contacted", "mql_contacted_in_sla", "sales_sourced",
)  # fmt: skip


# --------------------------------------------------------------------------- stages
def stage_exprs() -> dict[str, pl.Expr]:
    """Per-lead boolean expressions for the stages of the module docstring.

    Returns:
        ``{"mql", "sql", "won", "sales_sourced"}``: MQL; MQL that reached SQL; MQL
        that was won; reached SQL or a deal without being an MQL.

    Example:
        >>> f = pl.DataFrame({"mql_at": [None, datetime(2025, 1, 1)],
        ...     "sql_at": [datetime(2025, 1, 2), None], "opportunity_at": [None, None],
        ...     "is_won": [False, True]})
        >>> f.select(**stage_exprs()).rows()
        [(False, False, False, True), (True, True, True, False)]
    """
    won = pl.col("is_won").fill_null(False)
    reached_sql = won | pl.col("opportunity_at").is_not_null() | pl.col("sql_at").is_not_null()
    mql = pl.col("mql_at").is_not_null()
    return {
        "mql": mql,
        "sql": mql & reached_sql,
        "won": mql & won,
        "sales_sourced": ~mql & reached_sql,
    }


def _month(expr: pl.Expr) -> pl.Expr:
    return expr.dt.date().dt.truncate("1mo")


def month_end(month: date) -> date:
    """The last day of ``month``.

    Example:
        >>> month_end(date(2024, 2, 1))
        datetime.date(2024, 2, 29)
    """
    return month.replace(day=calendar.monthrange(month.year, month.month)[1])


def shift_month(month: date, months: int) -> date:
    """The first day of the month ``months`` after ``month`` (negative: before).

    Example:
        >>> shift_month(date(2025, 1, 15), -1), shift_month(date(2025, 1, 1), 12)
        (datetime.date(2024, 12, 1), datetime.date(2026, 1, 1))
    """
    index = month.year * 12 + month.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def is_complete(month: date, as_of: datetime | date) -> bool:
    """Whether the data reaches the last day of ``month`` (the month has been seen whole).

    Example:
        >>> is_complete(date(2026, 10, 1), datetime(2026, 10, 31, 18)), is_complete(
        ...     date(2026, 11, 1), datetime(2026, 11, 3))
        (True, False)
    """
    day = as_of.date() if isinstance(as_of, datetime) else as_of
    return day >= month_end(month)


def last_complete_month(as_of: datetime | date | None) -> date | None:
    """The newest complete month at ``as_of`` (None when there is no data).

    Example:
        >>> last_complete_month(datetime(2026, 11, 3)), last_complete_month(date(2026, 10, 31))
        (datetime.date(2026, 10, 1), datetime.date(2026, 10, 1))
    """
    if as_of is None:
        return None
    day = as_of.date() if isinstance(as_of, datetime) else as_of
    first = day.replace(day=1)
    return first if is_complete(first, day) else shift_month(first, -1)


def contact_exprs(
    contact_hours: float | None, *, columns: Sequence[str] = ()
) -> dict[str, pl.Expr]:
    """Per-lead SLA expressions: an MQL first contacted, and first contacted within the SLA.

    *Contacted* means a first contact at or after the MQL moment; *in SLA* means
    at most ``contact_hours`` after it (bounds included). The ``mql_contacted`` and
    ``mql_contacted_in_sla`` counts (and ``sla_attainment``) are sums of these, and
    the SLA page and command use the same expressions.

    Args:
        contact_hours: the SLA's contact hours; None makes ``in_sla`` always false.
        columns: the frame's columns; without ``first_contact_at`` no lead is contacted.

    Returns:
        ``{"contacted", "in_sla"}``: boolean expressions (false for non-MQLs).

    Example:
        >>> d = datetime(2025, 1, 1)
        >>> f = pl.DataFrame({"mql_at": [d, d, d, None],
        ...     "first_contact_at": [d + timedelta(hours=24), d + timedelta(hours=25), None, d]})
        >>> f.select(**contact_exprs(24, columns=f.columns)).rows()
        [(True, True), (True, False), (False, False), (False, False)]
    """
    mql = stage_exprs()["mql"]
    contact = (
        pl.col("first_contact_at")
        if "first_contact_at" in columns
        else pl.lit(None, pl.Datetime("us"))
    )
    in_sla = (
        pl.lit(False)
        if contact_hours is None
        else (contact >= pl.col("mql_at"))
        & (contact <= pl.col("mql_at") + pl.duration(seconds=round(contact_hours * 3600)))
    )
    return {
        "contacted": (mql & contact.is_not_null() & (contact >= pl.col("mql_at"))).fill_null(False),
        "in_sla": (mql & in_sla.fill_null(False)).fill_null(False),
    }


# --------------------------------------------------------------------------- monthly table
def _lead_base(leads: pl.DataFrame, contact_hours: float | None) -> pl.DataFrame:
    s = stage_exprs()
    amount = pl.col("won_amount") if "won_amount" in leads.columns else pl.lit(0.0)
    won = pl.when(pl.col("is_won").fill_null(False)).then(pl.col("won_at"))
    contact = contact_exprs(contact_hours, columns=leads.columns)
    return leads.select(
        _month(pl.col("created_at")).alias("lead_month"),
        _month(pl.col("mql_at")).alias("mql_month"),
        _month(won).alias("won_month"),
        s["mql"].alias("is_mql"),
        s["sql"].alias("is_sql"),
        s["won"].alias("is_mql_won"),
        s["sales_sourced"].alias("is_sales_sourced"),
        contact["contacted"].alias("contacted"),
        contact["in_sla"].alias("in_sla"),
        ((won - pl.col("created_at")).dt.total_seconds() / 86_400).alias("days_to_won"),
        amount.cast(pl.Float64).alias("amount"),  # null: a win without a deal amount
        ((pl.col("sql_at") - pl.col("mql_at")).dt.total_seconds() / 86_400).alias("mql_sql_days"),
        ((won - pl.col("mql_at")).dt.total_seconds() / 86_400).alias("mql_won_days"),
    )


def _month_counts(base: pl.DataFrame, costs: pl.DataFrame | None) -> list[pl.DataFrame]:
    by_lead = base.group_by(pl.col("lead_month").alias("month")).agg(
        leads=pl.len().cast(pl.Int64),
        mql_converted=pl.col("is_mql").sum().cast(pl.Int64),
        sales_sourced=pl.col("is_sales_sourced").sum().cast(pl.Int64),
    )
    by_mql = (
        base.filter(pl.col("is_mql"))
        .group_by(pl.col("mql_month").alias("month"))
        .agg(
            mqls=pl.len().cast(pl.Int64),
            mql_sql=pl.col("is_sql").sum().cast(pl.Int64),
            mql_won=pl.col("is_mql_won").sum().cast(pl.Int64),
            sql_won=(pl.col("is_sql") & pl.col("is_mql_won")).sum().cast(pl.Int64),
            mql_contacted=pl.col("contacted").sum().cast(pl.Int64),
            mql_contacted_in_sla=pl.col("in_sla").sum().cast(pl.Int64),
        )
    )
    by_won = (
        base.filter(pl.col("won_month").is_not_null())
        .group_by(pl.col("won_month").alias("month"))
        .agg(
            won=pl.len().cast(pl.Int64),
            # the known amounts; unknown when the month's wins all lack one (as a funnel cohort)
            won_revenue=pl.when(pl.col("amount").is_not_null().any()).then(pl.col("amount").sum()),
            lead_to_won_days=pl.col("days_to_won").filter(pl.col("days_to_won") >= 0).median(),
        )
    )
    parts = [p.filter(pl.col("month").is_not_null()) for p in (by_lead, by_mql, by_won)]
    if costs is not None and costs.height:
        parts.append(
            costs.group_by(_month(pl.col("month").cast(pl.Datetime)).alias("month")).agg(
                cost=pl.col("amount").sum().cast(pl.Float64)
            )
        )
    return parts


def _skeleton(parts: list[pl.DataFrame]) -> pl.DataFrame:
    months = pl.concat([p.select("month") for p in parts]).drop_nulls().unique()
    if months.is_empty():
        return pl.DataFrame(schema={"month": pl.Date})
    first, last = months["month"].min(), months["month"].max()
    return pl.DataFrame({"month": pl.date_range(first, last, "1mo", eager=True)})


def outcome_lags(leads: pl.DataFrame) -> dict[str, float | None]:
    """Median days from the MQL moment to each outcome, over leads that reached it.

    Used by the maturity rule: a cohort younger than this is still maturing.

    Example:
        >>> d = datetime(2025, 1, 1)
        >>> f = pl.DataFrame({"created_at": [d], "mql_at": [d], "sql_at": [d + timedelta(days=4)],
        ...     "opportunity_at": [None], "is_won": [False], "won_at": [None]})
        >>> outcome_lags(f)
        {'mql': 0.0, 'sql': 4.0, 'won': None}
    """
    leads = _coerce(leads)
    base = _lead_base(leads, None)
    row = base.select(
        sql=pl.col("mql_sql_days").filter(pl.col("mql_sql_days") >= 0).median(),
        won=pl.col("mql_won_days").filter(pl.col("mql_won_days") >= 0).median(),
    ).row(0, named=True)
    created_to_mql = leads.select(
        ((pl.col("mql_at") - pl.col("created_at")).dt.total_seconds() / 86_400)
        .filter(pl.col("mql_at").is_not_null())
        .median()
    ).item()
    return {"mql": created_to_mql, "sql": row["sql"], "won": row["won"]}


def compute_monthly_kpis(
    leads: pl.DataFrame,
    *,
    as_of: datetime | None = None,
    costs: pl.DataFrame | None = None,
    contact_hours: float | None = None,
) -> pl.DataFrame:
    """One row per calendar month (no gaps) with every KPI of :data:`KPIS` and its counts.

    Args:
        leads: replay leads (see the module docstring).
        as_of: the data's end (for ``complete`` and maturity); default: the newest
            timestamp in ``leads``.
        costs: the ``costs`` table (``month``, ``channel``, ``amount``) or None.
        contact_hours: the SLA's contact hours (for ``sla_attainment``); None leaves it null.

    Returns:
        ``month, complete`` and for each KPI its value column (named by the key),
        the count columns of :data:`COUNT_COLUMNS`, ``cost``, and for rates
        ``<key>_ci_low, <key>_ci_high, <key>_small_sample, <key>_maturing``.

    Example:
        >>> compute_monthly_kpis(pl.DataFrame(schema={"created_at": pl.Datetime,
        ...     "mql_at": pl.Datetime, "sql_at": pl.Datetime, "opportunity_at": pl.Datetime,
        ...     "is_won": pl.Boolean, "won_at": pl.Datetime, "won_amount": pl.Float64})).height
        0
    """
    missing = [c for c in _NEEDED if c not in leads.columns]
    if missing:
        raise InputError.make(
            "metrics.missing_columns",
            what="compute_monthly_kpis",
            missing=missing,
            columns=leads.columns,
        )
    leads = _coerce(leads)
    unknown = win_gaps(leads).unknown_kpis
    as_of = as_of or _data_end(leads)
    base = _lead_base(leads, contact_hours)
    parts = _month_counts(base, costs)
    table = _skeleton(parts)
    for part in parts:
        table = table.join(part, on="month", how="left")
    if "cost" not in table.columns:
        table = table.with_columns(cost=pl.lit(None, pl.Float64))
    table = table.with_columns(
        pl.col(COUNT_COLUMNS).fill_null(0),
        # nothing won: nothing earned (a month with wins keeps its unknown revenue)
        pl.when(pl.col("won").fill_null(0) == 0)
        .then(pl.col("won_revenue").fill_null(0.0))
        .otherwise(pl.col("won_revenue")),
    ).sort("month")
    lags = outcome_lags(leads)
    for kpi in (k for k in KPIS if k.kind == "rate"):
        table = _add_rate(table, kpi, as_of, lags)
    if contact_hours is None:
        table = table.with_columns(
            pl.lit(None, pl.Float64).alias(c)
            for c in ("sla_attainment", "sla_attainment_ci_low", "sla_attainment_ci_high")
        )
    complete = [as_of is not None and is_complete(m, as_of) for m in table["month"]]
    table = table.with_columns(
        complete=pl.Series(complete, dtype=pl.Boolean),
        cost_per_lead=pl.when(pl.col("leads") > 0).then(pl.col("cost") / pl.col("leads")),
        cac=pl.when(pl.col("won") > 0).then(pl.col("cost") / pl.col("won")),
    )
    return table.with_columns(pl.lit(None, table.schema[k]).alias(k) for k in sorted(unknown))


def _add_rate(
    table: pl.DataFrame, kpi: Kpi, as_of: datetime | None, lags: dict[str, float | None]
) -> pl.DataFrame:
    table = add_rate_columns(table, converted=kpi.numerator, n=str(kpi.denominator), prefix="_r")
    lag = lags.get(kpi.maturity or "") if kpi.maturity else None
    if as_of is None or lag is None:
        maturing = pl.lit(False)
    else:
        cutoff = (as_of - timedelta(days=float(lag))).date()
        maturing = pl.col("month").dt.month_end() > cutoff
    return table.rename(
        {
            "_rrate": kpi.key,
            "_rci_low": f"{kpi.key}_ci_low",
            "_rci_high": f"{kpi.key}_ci_high",
            "_rsmall_sample": f"{kpi.key}_small_sample",
        }
    ).with_columns(maturing.alias(f"{kpi.key}_maturing"))


_NEEDED = ("created_at", "mql_at", "sql_at", "opportunity_at", "is_won", "won_at")
_TIMESTAMPS = ("created_at", "mql_at", "sql_at", "opportunity_at", "won_at", "first_contact_at")


def _coerce(leads: pl.DataFrame) -> pl.DataFrame:
    casts: dict[str, Any] = {c: pl.Datetime("us") for c in _TIMESTAMPS if c in leads.columns}
    if "is_won" in leads.columns:
        casts["is_won"] = pl.Boolean
    return leads.cast(casts)


def _data_end(leads: pl.DataFrame) -> datetime | None:
    cols = [c for c in _TIMESTAMPS if c in leads.columns]
    if not cols or leads.is_empty():
        return None
    return leads.select(pl.max_horizontal(pl.col(cols).max())).item()


# --------------------------------------------------------------------------- one month
def month_records(monthly: pl.DataFrame, month: date) -> list[dict[str, Any]]:
    """The month's KPIs as records: ``key, value, numerator, denominator, ci_low, ci_high,
    small_sample, maturing, definition`` (the ``metrics`` command's ``kpis``).

    Example:
        >>> from datetime import datetime as dt
        >>> leads = pl.DataFrame({"created_at": [dt(2025, 1, 3)], "mql_at": [dt(2025, 1, 4)],
        ...     "sql_at": [None], "opportunity_at": [None], "is_won": [False], "won_at": [None],
        ...     "won_amount": [0.0]})
        >>> recs = month_records(compute_monthly_kpis(leads), date(2025, 1, 1))
        >>> [(r["key"], r["value"], r["numerator"], r["denominator"]) for r in recs[:3]]
        [('leads', 1, 1, None), ('mqls', 1, 1, None), ('mql_rate', 1.0, 1, 1)]
    """
    first = month.replace(day=1)
    found = monthly.filter(pl.col("month") == first)
    row = found.row(0, named=True) if found.height else {}
    records = []
    for kpi in KPIS:
        value = row.get(kpi.key)
        numerator = row.get(kpi.numerator)
        denominator = row.get(kpi.denominator) if kpi.denominator else None
        if kpi.kind == "count" and value is not None:
            value = int(value)
        records.append(
            {
                "key": kpi.key,
                "value": value,
                "numerator": numerator
                if numerator is None or kpi.kind == "money"
                else int(numerator),
                "denominator": None if denominator is None else int(denominator),
                "ci_low": row.get(f"{kpi.key}_ci_low") if kpi.kind == "rate" else None,
                "ci_high": row.get(f"{kpi.key}_ci_high") if kpi.kind == "rate" else None,
                "small_sample": bool(
                    ((denominator if kpi.denominator else row.get("leads")) or 0) < SMALL_SAMPLE_N
                ),
                "maturing": bool(row.get(f"{kpi.key}_maturing", False)),
                "definition": kpi.definition,
            }
        )
    return records


def replay_kpis(leads: pl.DataFrame, *, as_of: datetime, costs: pl.DataFrame | None,
                contact_hours: float | None) -> pl.DataFrame:  # fmt: skip
    """:func:`compute_monthly_kpis` for a replay, the one call every surface makes.

    Pages, commands and the report pass the same replay leads, the workspace's costs
    and the criteria's SLA contact hours, so their numbers cannot drift apart.

    Example:
        >>> replay_kpis(pl.DataFrame(schema={"created_at": pl.Datetime, "mql_at": pl.Datetime,
        ...     "sql_at": pl.Datetime, "opportunity_at": pl.Datetime, "is_won": pl.Boolean,
        ...     "won_at": pl.Datetime}), as_of=datetime(2025, 1, 1), costs=None,
        ...     contact_hours=24).columns[:3]
        ['month', 'leads', 'mql_converted']
    """
    return compute_monthly_kpis(leads, as_of=as_of, costs=costs, contact_hours=contact_hours)


def parse_month(text: str) -> date:
    """``YYYY-MM`` (or ``YYYY/MM``, ``2026年10月``) as the first day of that month.

    Raises:
        ValueError: not a month.

    Example:
        >>> parse_month("2026-10"), parse_month("2026年3月")
        (datetime.date(2026, 10, 1), datetime.date(2026, 3, 1))
    """
    import re

    found = re.fullmatch(r"\s*(\d{4})\s*(?:[-/年.])\s*(\d{1,2})\s*月?\s*", text)
    if not found or not 1 <= int(found.group(2)) <= 12:
        raise ValueError(f"month {text!r} is not YYYY-MM")
    return date(int(found.group(1)), int(found.group(2)), 1)


_COHORT_TEXT = {
    "lead_month": "lead month",
    "mql_month": "MQL month",
    "won_month": "won month",
    "cost_month": "cost month",
}


def kpi_reference() -> str:
    """The README's table of KPI definitions, generated from :data:`KPIS` (kept true by a test).

    Example:
        >>> kpi_reference().splitlines()[0]
        '| KPI | kind | definition | numerator / denominator | cohort | maturing while |'
    """
    lines = [
        "| KPI | kind | definition | numerator / denominator | cohort | maturing while |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for k in KPIS:
        ratio = f"`{k.numerator}`" + (f" / `{k.denominator}`" if k.denominator else "")
        lag = f"younger than the median time to {k.maturity.upper()}" if k.maturity else "–"
        lines.append(
            f"| `{k.key}` | {k.kind} | {k.definition} | {ratio} | {_COHORT_TEXT[k.cohort]} "
            f"| {lag} |"
        )
    return "\n".join(lines)
