"""Service levels: did sales contact every MQL in time, and did marketing deliver its MQLs?

Input is the lead frame of a replay (:func:`analytics.scoring.replay.replay`):
``lead_id, company, owner, source, mql_at, first_contact_at, sql_at,
opportunity_at, is_won, peak_total``. The agreement's SLA (``criteria.sla``) gives
``contact_hours``, ``mql_per_month`` and ``min_score``.

Definitions (the counts are those of :mod:`analytics.metrics.definitions`, from the
same expressions, so the SLA page, the ``sla`` command and ``metrics`` agree):

- the month's **MQLs** are the leads whose MQL moment falls in it (``mqls``);
- **contacted**: first contact at or after the MQL moment; **within SLA**: at most
  ``contact_hours`` after it (``mql_contacted``, ``mql_contacted_in_sla``; the
  share is ``sla_attainment`` with its Wilson interval);
- **response hours**: first contact − MQL moment, for contacted MQLs; P50/P90 over
  them. **Never contacted**: no first contact at all by the data's end. A first
  contact *before* the MQL moment (sales touched the lead before its score got
  there) is neither: its bucket is ``before_mql``;
- **breach**: an MQL still uncontacted at the data's end, longer than
  ``contact_hours`` after its MQL moment — the call list, oldest first;
- **delivered** MQLs against ``mql_per_month`` promised; **delivered at min score**:
  MQLs whose score (``peak_total``, the highest before the hand-off) is at least
  ``min_score``;
- **speed to lead**: SQL and won rates of MQLs by response bucket (< 1 h, 1–4 h,
  4–24 h, 1–3 d, > 3 d, never) with Wilson intervals, a Cochran–Armitage test over
  the contacted buckets (fastest first: a negative z means conversion falls as the
  response slows) and the fastest vs the slowest contacted bucket compared. It is
  **observational**: reps who call fast may also pick the better leads.

Example:
    >>> from datetime import datetime as dt
    >>> leads = pl.DataFrame({"lead_id": ["a", "b"], "owner": ["Ito", "Ito"],
    ...     "created_at": [dt(2025, 1, 1)] * 2, "mql_at": [dt(2025, 1, 2, 9)] * 2,
    ...     "first_contact_at": [dt(2025, 1, 2, 10), None], "sql_at": [dt(2025, 1, 3), None],
    ...     "opportunity_at": [None, None], "is_won": [False, False], "peak_total": [120.0, 110.0]})
    >>> f = sla_leads(leads, contact_hours=24, as_of=dt(2025, 2, 1))
    >>> f.select("lead_id", "bucket", "in_sla", "breach").rows()
    [('a', 'h1_4', True, False), ('b', 'never', False, True)]
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import polars as pl

from analytics.errors import InputError
from analytics.metrics.definitions import (
    compute_monthly_kpis,
    contact_exprs,
    shift_month,
    stage_exprs,
)
from analytics.metrics.stats import (
    SMALL_SAMPLE_N,
    ProportionComparison,
    TrendTest,
    add_rate_columns,
    cochran_armitage_test,
    compare_proportions,
)

RESPONSE_BUCKETS: tuple[str, ...] = ("lt_1h", "h1_4", "h4_24", "d1_3", "gt_3d", "never")
"""Response buckets, fastest first; ``before_mql`` (contact before the MQL moment) follows."""
CONTACTED_BUCKETS: tuple[str, ...] = RESPONSE_BUCKETS[:5]
BUCKET_EDGES_HOURS: tuple[float, ...] = (1.0, 4.0, 24.0, 72.0)
BEFORE_MQL = "before_mql"
TREND_MONTHS = 12
SCORECARD_ITEMS: tuple[tuple[str, str], ...] = (
    ("marketing", "mql_volume"),
    ("marketing", "mql_quality"),
    ("sales", "contact_in_sla"),
    ("sales", "feedback_given"),
)

_TIMES = ("created_at", "mql_at", "first_contact_at", "sql_at", "opportunity_at", "won_at")
_KEEP = ("lead_id", "company", "owner", "source")


def _prepare(leads: pl.DataFrame) -> pl.DataFrame:
    missing = [c for c in ("lead_id", "mql_at") if c not in leads.columns]
    if missing:
        raise InputError.make("sla.missing_columns", columns=", ".join(missing))
    casts: dict[str, Any] = {c: pl.Datetime("us") for c in _TIMES if c in leads.columns}
    frame = leads.cast(casts)
    defaults = {
        "company": pl.lit(None, pl.String),
        "owner": pl.lit(None, pl.String),
        "source": pl.lit(None, pl.String),
        "first_contact_at": pl.lit(None, pl.Datetime("us")),
        "sql_at": pl.lit(None, pl.Datetime("us")),
        "opportunity_at": pl.lit(None, pl.Datetime("us")),
        "is_won": pl.lit(False),
        "peak_total": pl.lit(None, pl.Float64),
    }
    return frame.with_columns(
        value.alias(name) for name, value in defaults.items() if name not in frame.columns
    )


def _first_feedback(feedback: pl.DataFrame | None) -> pl.DataFrame:
    schema = {"lead_id": pl.String, "feedback_at": pl.Datetime("us")}
    if feedback is None or feedback.is_empty():
        return pl.DataFrame(schema=schema)
    return (
        feedback.group_by(pl.col("lead_id").cast(pl.String))
        .agg(feedback_at=pl.col("given_at").cast(pl.Datetime("us")).min())
        .cast(schema)  # type: ignore[arg-type]
    )


def bucket_expr(hours: pl.Expr) -> pl.Expr:
    """The response bucket of a number of hours (null hours: null).

    Example:
        >>> pl.select(bucket_expr(pl.Series([0.5, 1.0, 30.0, 100.0, None]))).to_series().to_list()
        ['lt_1h', 'h1_4', 'd1_3', 'gt_3d', None]
    """
    expr = pl.when(hours.is_null()).then(pl.lit(None, pl.String))
    for edge, code in zip(BUCKET_EDGES_HOURS, CONTACTED_BUCKETS, strict=False):
        expr = expr.when(hours < edge).then(pl.lit(code))
    return expr.otherwise(pl.lit(CONTACTED_BUCKETS[-1]))


def sla_leads(
    leads: pl.DataFrame,
    *,
    contact_hours: float,
    as_of: datetime,
    min_score: float | None = None,
    feedback: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """One row per MQL with everything the SLA views count.

    Args:
        leads: replay leads (see the module docstring).
        contact_hours: the SLA's contact hours.
        as_of: the data's end (the replay's ``as_of``): breaches are counted there.
        min_score: the promised quality; None: every MQL meets it.
        feedback: the ``feedback`` table (``lead_id, given_at``), or None.

    Returns:
        ``lead_id, company, owner, source, mql_at, mql_month, first_contact_at,
        contacted, in_sla, never_contacted, response_hours, bucket, breach,
        waiting_hours, score, meets_min_score, has_feedback, sql, won`` (one row
        per MQL, ``mql_at`` ascending).

    Raises:
        InputError: ``contact_hours`` is not positive, or a needed column is missing.

    Example:
        >>> from datetime import datetime as dt
        >>> leads = pl.DataFrame({"lead_id": ["a", "b"], "mql_at": [dt(2025, 1, 1), None],
        ...     "first_contact_at": [dt(2025, 1, 3), None]})
        >>> sla_leads(leads, contact_hours=24, as_of=dt(2025, 2, 1)).select(
        ...     "bucket", "response_hours", "in_sla").rows()
        [('d1_3', 48.0, False)]
    """
    if not contact_hours > 0:
        raise InputError.make("sla.bad_contact_hours", value=contact_hours)
    frame = _prepare(leads)
    stages = stage_exprs()
    contact = contact_exprs(contact_hours, columns=frame.columns)
    hours = (pl.col("first_contact_at") - pl.col("mql_at")).dt.total_seconds() / 3600
    waiting = (pl.lit(as_of).cast(pl.Datetime("us")) - pl.col("mql_at")).dt.total_seconds() / 3600
    never = pl.col("first_contact_at").is_null()
    score_ok = pl.lit(True) if min_score is None else pl.col("peak_total") >= min_score
    return (
        frame.filter(stages["mql"])
        .join(_first_feedback(feedback), on="lead_id", how="left")
        .select(
            *_KEEP,
            "mql_at",
            pl.col("mql_at").dt.date().dt.truncate("1mo").alias("mql_month"),
            "first_contact_at",
            contact["contacted"].alias("contacted"),
            contact["in_sla"].alias("in_sla"),
            never.alias("never_contacted"),
            pl.when(contact["contacted"]).then(hours).alias("response_hours"),
            pl.when(never)
            .then(pl.lit("never"))
            .when(contact["contacted"])
            .then(bucket_expr(hours))
            .otherwise(pl.lit(BEFORE_MQL))
            .alias("bucket"),
            (never & (waiting > contact_hours)).alias("breach"),
            pl.when(never).then(waiting).alias("waiting_hours"),
            pl.col("peak_total").alias("score"),
            score_ok.fill_null(False).alias("meets_min_score"),
            pl.col("feedback_at").is_not_null().alias("has_feedback"),
            stages["sql"].alias("sql"),
            stages["won"].alias("won"),
        )
        .sort("mql_at", "lead_id")
    )


def _in_months(first: date, last: date) -> pl.Expr:
    return pl.col("mql_month").is_between(first.replace(day=1), last.replace(day=1))


_PER_GROUP = {
    "mqls": pl.len().cast(pl.Int64),
    "contacted": pl.col("contacted").sum().cast(pl.Int64),
    "within_sla": pl.col("in_sla").sum().cast(pl.Int64),
    "never_contacted": pl.col("never_contacted").sum().cast(pl.Int64),
    "breaches": pl.col("breach").sum().cast(pl.Int64),
    "with_feedback": pl.col("has_feedback").sum().cast(pl.Int64),
    "delivered_min_score": pl.col("meets_min_score").sum().cast(pl.Int64),
    "p50_hours": pl.col("response_hours").median(),
    "p90_hours": pl.col("response_hours").quantile(0.9, "linear"),
}


def sla_by_owner(frame: pl.DataFrame, *, first: date, last: date | None = None) -> pl.DataFrame:
    """Per owner, over the MQLs of the months ``first``..``last``: the sales-side counts.

    Every MQL counts for its owner (a missing owner is one group, ``owner`` null),
    so the owners' counts sum to the month's totals.

    Args:
        frame: output of :func:`sla_leads`.
        first: the first month.
        last: the last month (default: ``first``).

    Returns:
        ``owner, mqls, contacted, within_sla, never_contacted, breaches,
        with_feedback, delivered_min_score, p50_hours, p90_hours, within_share,
        ci_low, ci_high, small_sample``; fastest P50 first (owners without a
        contacted MQL last).

    Example:
        >>> from datetime import datetime as dt
        >>> leads = pl.DataFrame({"lead_id": ["a", "b", "c"], "owner": ["A", "B", None],
        ...     "mql_at": [dt(2025, 1, 2)] * 3,
        ...     "first_contact_at": [dt(2025, 1, 2, 2), dt(2025, 1, 5), None]})
        >>> f = sla_leads(leads, contact_hours=24, as_of=dt(2025, 2, 1))
        >>> sla_by_owner(f, first=date(2025, 1, 1)).select("owner", "mqls", "p50_hours").rows()
        [('A', 1, 2.0), ('B', 1, 72.0), (None, 1, None)]
    """
    return (
        add_rate_columns(
            frame.filter(_in_months(first, last or first))
            .group_by("owner")
            .agg(**_PER_GROUP)
            .drop("delivered_min_score"),
            converted="within_sla",
            n="mqls",
        )
        .rename({"rate": "within_share"})
        .sort("p50_hours", "owner", nulls_last=True)
    )


@dataclass(frozen=True)
class SlaMonth:
    """One month of the SLA (the ``sla`` command's scalar keys and the scorecard's inputs).

    ``mqls``, ``contacted``, ``within_sla``, ``within_share``, ``ci_low`` and
    ``ci_high`` are the definitions layer's ``mqls``, ``mql_contacted``,
    ``mql_contacted_in_sla`` and ``sla_attainment`` (with its interval).
    """

    month: date
    complete: bool
    contact_hours: float
    mqls: int
    contacted: int
    within_sla: int
    within_share: float | None
    ci_low: float | None
    ci_high: float | None
    never_contacted: int
    breaches: int
    with_feedback: int
    p50_hours: float | None
    p90_hours: float | None
    promised: int
    delivered: int
    delivered_min_score: int
    min_score: float | None

    @property
    def small_sample(self) -> bool:
        """Fewer MQLs than :data:`~analytics.metrics.stats.SMALL_SAMPLE_N`."""
        return self.mqls < SMALL_SAMPLE_N


def monthly_sla(
    leads: pl.DataFrame,
    frame: pl.DataFrame,
    *,
    contact_hours: float,
    as_of: datetime,
    mql_per_month: int = 0,
) -> pl.DataFrame:
    """Per calendar month: the definitions layer's SLA KPIs beside the SLA-only counts.

    Args:
        leads: the replay leads (for :func:`~analytics.metrics.definitions.compute_monthly_kpis`).
        frame: :func:`sla_leads` of the same leads.
        contact_hours: the SLA's contact hours.
        as_of: the data's end.
        mql_per_month: MQLs promised a month.

    Returns:
        ``month, complete, mqls, contacted, within_sla, within_share, ci_low,
        ci_high, never_contacted, breaches, with_feedback, delivered_min_score,
        p50_hours, p90_hours, promised`` — one row per month without gaps.

    Example:
        >>> from datetime import datetime as dt
        >>> leads = pl.DataFrame({"lead_id": ["a"], "created_at": [dt(2025, 1, 1)],
        ...     "mql_at": [dt(2025, 1, 2)], "first_contact_at": [dt(2025, 1, 2, 3)],
        ...     "sql_at": [None], "opportunity_at": [None], "is_won": [False], "won_at": [None]})
        >>> f = sla_leads(leads, contact_hours=24, as_of=dt(2025, 2, 1))
        >>> monthly_sla(leads, f, contact_hours=24, as_of=dt(2025, 2, 1)).select(
        ...     "mqls", "within_sla", "p50_hours").row(0)
        (1, 1, 3.0)
    """
    kpis = compute_monthly_kpis(leads, as_of=as_of, contact_hours=contact_hours).select(
        "month",
        "complete",
        "mqls",
        pl.col("mql_contacted").alias("contacted"),
        pl.col("mql_contacted_in_sla").alias("within_sla"),
        pl.col("sla_attainment").alias("within_share"),
        pl.col("sla_attainment_ci_low").alias("ci_low"),
        pl.col("sla_attainment_ci_high").alias("ci_high"),
    )
    extra = {k: v for k, v in _PER_GROUP.items() if k not in ("mqls", "contacted", "within_sla")}
    per_month = frame.group_by(pl.col("mql_month").alias("month")).agg(**extra)
    counts = ["never_contacted", "breaches", "with_feedback", "delivered_min_score"]
    return (
        kpis.join(per_month, on="month", how="left")
        .with_columns(pl.col(counts).fill_null(0), promised=pl.lit(int(mql_per_month), pl.Int64))
        .sort("month")
    )


def sla_month(
    monthly: pl.DataFrame, month: date, *, contact_hours: float, min_score: float | None = None
) -> SlaMonth:
    """The row of :func:`monthly_sla` for ``month`` as an :class:`SlaMonth` (zeros if absent).

    Example:
        >>> m = sla_month(pl.DataFrame(schema={"month": pl.Date}), date(2025, 1, 1),
        ...     contact_hours=24)
        >>> m.mqls, m.within_share, m.small_sample
        (0, None, True)
    """
    first = month.replace(day=1)
    found = monthly.filter(pl.col("month") == first)
    row: dict[str, Any] = found.row(0, named=True) if found.height else {}

    def count(key: str) -> int:
        return int(row.get(key) or 0)

    return SlaMonth(
        month=first,
        complete=bool(row.get("complete", False)),
        contact_hours=float(contact_hours),
        mqls=count("mqls"),
        contacted=count("contacted"),
        within_sla=count("within_sla"),
        within_share=row.get("within_share"),
        ci_low=row.get("ci_low"),
        ci_high=row.get("ci_high"),
        never_contacted=count("never_contacted"),
        breaches=count("breaches"),
        with_feedback=count("with_feedback"),
        p50_hours=row.get("p50_hours"),
        p90_hours=row.get("p90_hours"),
        promised=count("promised"),
        delivered=count("mqls"),
        delivered_min_score=count("delivered_min_score"),
        min_score=min_score,
    )


def sla_trend(monthly: pl.DataFrame, month: date, *, months: int = TREND_MONTHS) -> pl.DataFrame:
    """The ``months`` rows of :func:`monthly_sla` ending at ``month`` (oldest first).

    Example:
        >>> t = pl.DataFrame({"month": [date(2025, m, 1) for m in range(1, 5)]})
        >>> sla_trend(t, date(2025, 4, 1), months=2)["month"].to_list()
        [datetime.date(2025, 3, 1), datetime.date(2025, 4, 1)]
    """
    last = month.replace(day=1)
    return monthly.filter(pl.col("month").is_between(shift_month(last, 1 - months), last))


def breach_list(frame: pl.DataFrame, *, first: date, last: date | None = None) -> pl.DataFrame:
    """The call list: MQLs of the months still uncontacted past the SLA, oldest first.

    Args:
        frame: output of :func:`sla_leads`.
        first: the first month.
        last: the last month (default: ``first``).

    Returns:
        ``lead_id, company, owner, source, mql_at, waiting_hours, score``.

    Example:
        >>> from datetime import datetime as dt
        >>> leads = pl.DataFrame({"lead_id": ["new", "old", "ok"],
        ...     "mql_at": [dt(2025, 1, 20), dt(2025, 1, 5), dt(2025, 1, 6)],
        ...     "first_contact_at": [None, None, dt(2025, 1, 6, 1)]})
        >>> f = sla_leads(leads, contact_hours=24, as_of=dt(2025, 1, 31))
        >>> breach_list(f, first=date(2025, 1, 1))["lead_id"].to_list()
        ['old', 'new']
    """
    return (
        frame.filter(_in_months(first, last or first) & pl.col("breach"))
        .sort("mql_at", "lead_id")
        .select("lead_id", "company", "owner", "source", "mql_at", "waiting_hours", "score")
    )


@dataclass(frozen=True)
class SpeedToLead:
    """The speed-to-lead curve: rates by response bucket, a trend test, fastest vs slowest."""

    table: pl.DataFrame
    trend: TrendTest  # over the contacted buckets, fastest first: z < 0 = slower converts less
    fastest_vs_slowest: ProportionComparison | None  # SQL rate, fastest minus slowest bucket
    fastest: str | None
    slowest: str | None


def speed_to_lead(frame: pl.DataFrame, *, first: date, last: date | None = None) -> SpeedToLead:
    """SQL and won rates by response bucket for the MQLs of the months (observational).

    Args:
        frame: output of :func:`sla_leads`.
        first: the first month.
        last: the last month (default: ``first``).

    Returns:
        A :class:`SpeedToLead`; its ``table`` has one row per bucket of
        :data:`RESPONSE_BUCKETS` (empty ones kept), plus ``before_mql`` when any:
        ``bucket, leads, sql, won, sql_rate, ci_low, ci_high, won_rate,
        won_ci_low, won_ci_high, small_sample``.

    Example:
        >>> from datetime import datetime as dt, timedelta as td
        >>> d = dt(2025, 1, 6, 9)
        >>> leads = pl.DataFrame({"lead_id": list("abcd"), "mql_at": [d] * 4,
        ...     "first_contact_at": [d + td(minutes=5), d + td(minutes=9), d + td(days=5), None],
        ...     "sql_at": [d + td(days=1), d + td(days=1), None, None]})
        >>> s = speed_to_lead(sla_leads(leads, contact_hours=24, as_of=dt(2025, 2, 1)),
        ...     first=date(2025, 1, 1))
        >>> s.table.select("bucket", "leads", "sql").rows()[:2], s.fastest, s.slowest
        ([('lt_1h', 2, 2), ('h1_4', 0, 0)], 'lt_1h', 'gt_3d')
    """
    chosen = frame.filter(_in_months(first, last or first))
    counts = chosen.group_by("bucket").agg(
        leads=pl.len().cast(pl.Int64),
        sql=pl.col("sql").sum().cast(pl.Int64),
        won=pl.col("won").sum().cast(pl.Int64),
    )
    order = [*RESPONSE_BUCKETS, BEFORE_MQL]
    skeleton = pl.DataFrame({"bucket": order, "_order": list(range(len(order)))})
    table = (
        skeleton.join(counts, on="bucket", how="left")
        .with_columns(pl.col("leads", "sql", "won").fill_null(0))
        .filter((pl.col("bucket") != BEFORE_MQL) | (pl.col("leads") > 0))
        .sort("_order")
        .drop("_order")
    )
    table = add_rate_columns(table, converted="won", n="leads", prefix="won_").drop(
        "won_small_sample"
    )
    table = add_rate_columns(table, converted="sql", n="leads").rename({"rate": "sql_rate"})
    table = table.select(
        "bucket", "leads", "sql", "won", "sql_rate", "ci_low", "ci_high",
        "won_rate", "won_ci_low", "won_ci_high", "small_sample",
    )  # fmt: skip
    contacted = table.filter(pl.col("bucket").is_in(CONTACTED_BUCKETS))
    trend = cochran_armitage_test(contacted["sql"].to_list(), contacted["leads"].to_list())
    used = contacted.filter(pl.col("leads") > 0)
    comparison = fastest = slowest = None
    if used.height >= 2:
        a, b = used.row(0, named=True), used.row(-1, named=True)
        fastest, slowest = a["bucket"], b["bucket"]
        comparison = compare_proportions(a["sql"], a["leads"], b["sql"], b["leads"])
    return SpeedToLead(table, trend, comparison, fastest, slowest)


def scorecard(month: SlaMonth) -> pl.DataFrame:
    """Both teams' promises for the month: kept or missed, and by how much.

    - marketing ``mql_volume``: MQLs delivered against ``mql_per_month``;
    - marketing ``mql_quality``: MQLs delivered at ``min_score`` or more against the same promise;
    - sales ``contact_in_sla``: every MQL first contacted within the contact hours;
    - sales ``feedback_given``: feedback on every MQL.

    Args:
        month: the month (:func:`sla_month`).

    Returns:
        ``team, item, target, actual, gap, share, kept`` — ``gap = actual − target``
        (negative: missed by that many), ``share = actual / target``; ``kept`` is
        null where there is no promise (``mql_per_month`` 0, or no MQLs).

    Example:
        >>> m = sla_month(pl.DataFrame(schema={"month": pl.Date}), date(2025, 1, 1),
        ...     contact_hours=24)
        >>> scorecard(m).select("item", "kept").rows()[0]
        ('mql_volume', None)
    """
    actual = [month.delivered, month.delivered_min_score, month.within_sla, month.with_feedback]
    target = [month.promised, month.promised, month.mqls, month.mqls]
    return pl.DataFrame(
        {
            "team": [team for team, _ in SCORECARD_ITEMS],
            "item": [item for _, item in SCORECARD_ITEMS],
            "target": target,
            "actual": actual,
        },
        schema={"team": pl.String, "item": pl.String, "target": pl.Int64, "actual": pl.Int64},
    ).with_columns(
        gap=pl.col("actual") - pl.col("target"),
        share=pl.when(pl.col("target") > 0).then(pl.col("actual") / pl.col("target")),
        kept=pl.when(pl.col("target") > 0).then(pl.col("actual") >= pl.col("target")),
    )


@dataclass(frozen=True)
class SlaReport:
    """Everything the SLA page and the ``sla`` command show for one month.

    ``owners`` and ``breaches`` cover the month; ``speed`` covers the
    :data:`TREND_MONTHS` months ending at it (enough MQLs per bucket), as does ``trend``.
    """

    month: SlaMonth
    leads: pl.DataFrame  # sla_leads
    monthly: pl.DataFrame  # monthly_sla, every month
    trend: pl.DataFrame
    owners: pl.DataFrame
    owners_window: pl.DataFrame  # per owner over the trend window
    breaches: pl.DataFrame
    speed: SpeedToLead
    scorecard: pl.DataFrame
    window_first: date


def build_sla_report(
    leads: pl.DataFrame,
    *,
    month: date,
    as_of: datetime,
    contact_hours: float,
    mql_per_month: int = 0,
    min_score: float | None = None,
    feedback: pl.DataFrame | None = None,
) -> SlaReport:
    """The SLA views of ``month`` from one replay (the one call the page and the command make).

    Args:
        leads: replay leads.
        month: the month (any day of it).
        as_of: the data's end.
        contact_hours, mql_per_month, min_score: the criteria's ``sla``.
        feedback: the ``feedback`` table (for the feedback promise), or None.

    Returns:
        An :class:`SlaReport`.

    Example:
        >>> from datetime import datetime as dt
        >>> leads = pl.DataFrame({"lead_id": ["a"], "created_at": [dt(2025, 1, 1)],
        ...     "mql_at": [dt(2025, 1, 2)], "first_contact_at": [dt(2025, 1, 2, 3)],
        ...     "sql_at": [None], "opportunity_at": [None], "is_won": [False], "won_at": [None]})
        >>> r = build_sla_report(leads, month=date(2025, 1, 1), as_of=dt(2025, 2, 1),
        ...     contact_hours=24)
        >>> r.month.within_sla, r.owners.height, r.window_first
        (1, 1, datetime.date(2024, 2, 1))
    """
    first = month.replace(day=1)
    window_first = shift_month(first, 1 - TREND_MONTHS)
    frame = sla_leads(
        leads, contact_hours=contact_hours, as_of=as_of, min_score=min_score, feedback=feedback
    )
    monthly = monthly_sla(
        leads, frame, contact_hours=contact_hours, as_of=as_of, mql_per_month=mql_per_month
    )
    summary = sla_month(monthly, first, contact_hours=contact_hours, min_score=min_score)
    return SlaReport(
        month=summary,
        leads=frame,
        monthly=monthly,
        trend=sla_trend(monthly, first),
        owners=sla_by_owner(frame, first=first),
        owners_window=sla_by_owner(frame, first=window_first, last=first),
        breaches=breach_list(frame, first=first),
        speed=speed_to_lead(frame, first=window_first, last=first),
        scorecard=scorecard(summary),
        window_first=window_first,
    )
