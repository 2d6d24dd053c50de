"""The funnel: Lead → MQL → SQL → Opportunity → Won, by cohort and by segment.

Input is the lead frame of a replay (``analytics.scoring.replay.replay(ws, criteria).leads``,
see :class:`analytics.scoring.replay.Replay`): one row per lead with ``created_at``, ``mql_at``, ``sql_at``,
``opportunity_at``, ``is_won``, ``won_at`` and the lead attributes.

Decisions (documented in the README):

- **Reached a stage** means the lead has that stage's timestamp *or reached any
  later stage* (a won lead passed through every stage even when the CRM never
  recorded its SQL moment). ``observed`` counts only the recorded timestamps,
  so a gap between ``reached`` and ``observed`` shows implied stages.
- **Stage conversion** is ``reached(next) / reached(this)``: both counts are of
  the same leads, so the Wilson interval applies.
- **Cohorts** are MQL months. A cohort is **immature** when fewer days have
  passed from the end of its month to ``as_of`` than the median MQL→won time
  of all won leads: its conversions are still arriving.
- ``mql_col`` chooses the MQL moment: ``"mql_at"`` (replayed under the criteria)
  or ``"crm_mql_at"`` (the imported CRM fact).

Example:
    >>> from datetime import datetime as dt
    >>> leads = pl.DataFrame({
    ...     "lead_id": ["a", "b", "c"],
    ...     "created_at": [dt(2025, 1, 1)] * 3,
    ...     "mql_at": [dt(2025, 1, 2), dt(2025, 1, 3), None],
    ...     "sql_at": [dt(2025, 1, 5), None, None],
    ...     "opportunity_at": [dt(2025, 1, 9), None, None],
    ...     "is_won": [True, False, False],
    ...     "won_at": [dt(2025, 2, 1), None, None],
    ... })
    >>> count_funnel(leads).select("stage", "reached").rows()
    [('lead', 3), ('mql', 2), ('sql', 1), ('opportunity', 1), ('won', 1)]
"""

from __future__ import annotations

from datetime import date, datetime

import polars as pl

from analytics.errors import InputError
from analytics.metrics.stats import add_rate_columns
from analytics.text.catalog import Text

STAGES: tuple[str, ...] = ("lead", "mql", "sql", "opportunity", "won")
SPLIT_COLUMNS: tuple[str, ...] = ("source", "campaign", "industry", "region", "owner")
MQL_COLUMNS: tuple[str, ...] = ("mql_at", "crm_mql_at")
OUTCOMES: tuple[str, ...] = ("mql", "sql", "opportunity", "won")
MISSING_LABEL = "(none)"


def prepare_leads(
    frame: pl.DataFrame, columns: list[str] | tuple[str, ...], what: str
) -> pl.DataFrame:
    """Check ``frame`` has ``columns`` and coerce lifecycle types (see :func:`coerce_lifecycle`).

    Raises:
        InputError: a column is missing (names it and what needed it).

    Args:
        frame: replay leads.
        columns: the columns the caller needs.
        what: the caller's name (for the message).

    Returns:
        The frame with lifecycle types coerced.

    Example:
        >>> prepare_leads(pl.DataFrame({"is_won": [True]}), ["is_won"], "demo").height
        1
    """
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise InputError.make(
            "metrics.missing_columns", what=what, missing=missing, columns=frame.columns
        )
    return coerce_lifecycle(frame)


TIMESTAMP_COLUMNS: tuple[str, ...] = (
    "created_at",
    "mql_at",
    "crm_mql_at",
    "sql_at",
    "first_contact_at",
    "opportunity_at",
    "won_at",
    "decision_at",
)


def coerce_lifecycle(leads: pl.DataFrame) -> pl.DataFrame:
    """Cast lifecycle columns to their contract types (timestamps, ``is_won``, ``won_amount``).

    Literal frames in tests and exports from other tools may carry all-null
    columns (dtype Null) or dates; this makes them ``Datetime("us")``/Boolean/Float64.

    Args:
        leads: replay-shaped leads.

    Returns:
        A new frame with the lifecycle columns cast.

    Example:
        >>> coerce_lifecycle(pl.DataFrame({"won_at": [None], "is_won": [None]})).dtypes
        [Datetime(time_unit='us', time_zone=None), Boolean]
    """
    casts = {c: pl.Datetime("us") for c in TIMESTAMP_COLUMNS if c in leads.columns}
    if "is_won" in leads.columns:
        casts["is_won"] = pl.Boolean
    if "won_amount" in leads.columns:
        casts["won_amount"] = pl.Float64
    return leads.cast(casts) if casts else leads


def check_mql_col(mql_col: str) -> None:
    """Check that ``mql_col`` names an MQL moment column (:data:`MQL_COLUMNS`).

    Args:
        mql_col: ``"mql_at"`` (replayed) or ``"crm_mql_at"`` (imported from the CRM).

    Raises:
        InputError: any other name.

    Example:
        >>> check_mql_col("crm_mql_at")
        >>> check_mql_col("mql")
        Traceback (most recent call last):
        ...
        analytics.errors.InputError: mql_col 'mql' is not one of ('mql_at', 'crm_mql_at')
    """
    if mql_col not in MQL_COLUMNS:
        raise InputError.make(
            "metrics.not_one_of",
            what=Text("metrics.what.mql_col"),
            value=mql_col,
            valid=MQL_COLUMNS,
        )


def reached_exprs(*, mql_col: str = "mql_at") -> dict[str, pl.Expr]:
    """Boolean expressions "reached this stage or a later one", per stage name.

    Args:
        mql_col: column holding the MQL moment (``mql_at`` or ``crm_mql_at``).

    Returns:
        ``{"lead": …, "mql": …, "sql": …, "opportunity": …, "won": …}``.

    Raises:
        InputError: ``mql_col`` is not one of :data:`MQL_COLUMNS`.

    Example:
        >>> df = pl.DataFrame({"mql_at": [None], "sql_at": [None],
        ...     "opportunity_at": [None], "is_won": [True]})
        >>> df.select(**reached_exprs()).row(0)
        (True, True, True, True, True)
    """
    check_mql_col(mql_col)
    won = pl.col("is_won").fill_null(False)
    opportunity = won | pl.col("opportunity_at").is_not_null()
    sql = opportunity | pl.col("sql_at").is_not_null()
    mql = sql | pl.col(mql_col).is_not_null()
    return {"lead": pl.lit(True), "mql": mql, "sql": sql, "opportunity": opportunity, "won": won}


def funnel_exprs(*, mql_col: str = "mql_at") -> dict[str, pl.Expr]:
    """The funnel's stages, each a subset of the one before: lead ⊇ MQL ⊇ SQL ⊇ opportunity ⊇ won.

    An MQL is a lead with an MQL moment; every later stage counts only MQLs that
    reached it (or a later one), as the definitions layer does
    (:func:`analytics.metrics.definitions.stage_exprs`). Leads that reached SQL or a
    deal without ever being an MQL are *sales-sourced*: :func:`count_sales_sourced`.

    Example:
        >>> df = pl.DataFrame({"mql_at": [None, 1], "sql_at": [None, None],
        ...     "opportunity_at": [None, None], "is_won": [True, True]})
        >>> df.select(**funnel_exprs()).rows()
        [(True, False, False, False, False), (True, True, True, True, True)]
    """
    reached = reached_exprs(mql_col=mql_col)
    mql = pl.col(mql_col).is_not_null()
    return {
        "lead": pl.lit(True),
        "mql": mql,
        "sql": mql & reached["sql"],
        "opportunity": mql & reached["opportunity"],
        "won": mql & reached["won"],
    }


def count_sales_sourced(leads: pl.DataFrame, *, mql_col: str = "mql_at") -> dict[str, int]:
    """Leads that reached SQL (or a deal) without being an MQL, and how many of them were won.

    Example:
        >>> df = pl.DataFrame({"mql_at": [None, None, 1], "sql_at": [1, None, None],
        ...     "opportunity_at": [None, 2, None], "is_won": [False, True, True]})
        >>> count_sales_sourced(df)
        {'leads': 2, 'won': 1}
    """
    reached = reached_exprs(mql_col=mql_col)
    outside = pl.col(mql_col).is_null() & reached["sql"]
    row = leads.select(
        leads=outside.sum().cast(pl.Int64), won=(outside & reached["won"]).sum().cast(pl.Int64)
    ).row(0, named=True)
    return {"leads": int(row["leads"] or 0), "won": int(row["won"] or 0)}


def observed_exprs(*, mql_col: str = "mql_at") -> dict[str, pl.Expr]:
    """Boolean expressions "this stage's own timestamp is recorded", per stage name.

    Args:
        mql_col: column holding the MQL moment.

    Returns:
        ``{stage: boolean expression}`` for the five stages.

    Example:
        >>> df = pl.DataFrame({"mql_at": [None], "sql_at": [None],
        ...     "opportunity_at": [None], "is_won": [True]})
        >>> df.select(**observed_exprs()).row(0)
        (True, False, False, False, True)
    """
    reached_exprs(mql_col=mql_col)  # validates mql_col
    return {
        "lead": pl.lit(True),
        "mql": pl.col(mql_col).is_not_null(),
        "sql": pl.col("sql_at").is_not_null(),
        "opportunity": pl.col("opportunity_at").is_not_null(),
        "won": pl.col("is_won").fill_null(False),
    }


def outcome_expr(outcome: str, *, mql_col: str = "mql_at") -> pl.Expr:
    """The boolean expression for an outcome name (``mql``, ``sql``, ``opportunity``, ``won``).

    Raises:
        InputError: unknown outcome.

    Args:
        outcome: one of :data:`OUTCOMES`.
        mql_col: column holding the MQL moment.

    Returns:
        A boolean expression (reached, see the module doc).

    Example:
        >>> pl.DataFrame({"is_won": [True, None]}).select(outcome_expr("won")).to_series().to_list()
        [True, False]
    """
    if outcome not in OUTCOMES:
        raise InputError.make(
            "metrics.not_one_of", what=Text("metrics.what.outcome"), value=outcome, valid=OUTCOMES
        )
    return reached_exprs(mql_col=mql_col)[outcome]


def _label(column: str) -> pl.Expr:
    return pl.col(column).cast(pl.String).fill_null(MISSING_LABEL).alias(column)


def count_funnel(
    leads: pl.DataFrame, *, by: str | None = None, mql_col: str = "mql_at"
) -> pl.DataFrame:
    """Leads reaching each stage (through the MQL, :func:`funnel_exprs`) and the conversion.

    Args:
        leads: replay leads (needs ``mql_col``, ``sql_at``, ``opportunity_at``, ``is_won``).
        by: optional column to split by (e.g. ``"source"``); nulls become ``"(none)"``.
        mql_col: ``"mql_at"`` (replayed) or ``"crm_mql_at"`` (CRM fact).

    Returns:
        ``[by,] stage, stage_order, reached, observed, previous, rate, ci_low, ci_high,
        small_sample, overall_rate`` — ``rate`` is ``reached / previous`` (the
        previous stage's reached count; null for the first stage), ``overall_rate``
        is ``reached / leads``.

    Raises:
        InputError: a needed column is missing.

    Example:
        >>> df = pl.DataFrame({"mql_at": [1, None], "sql_at": [None, None],
        ...     "opportunity_at": [None, None], "is_won": [False, False]})
        >>> count_funnel(df).select("stage", "reached", "previous").rows()[:2]
        [('lead', 2, None), ('mql', 1, 2)]
    """
    reached = funnel_exprs(mql_col=mql_col)
    needed = [mql_col, "sql_at", "opportunity_at", "is_won"] + ([by] if by else [])
    leads = prepare_leads(leads, needed, "count_funnel")
    keys = [by] if by else []
    observed = observed_exprs(mql_col=mql_col)
    frame = leads.select(
        *([_label(by)] if by else []),
        *[reached[s].alias(f"r_{s}") for s in STAGES],
        *[observed[s].alias(f"o_{s}") for s in STAGES],
    )
    aggs = [pl.col(f"r_{s}").sum().alias(f"r_{s}") for s in STAGES] + [
        pl.col(f"o_{s}").sum().alias(f"o_{s}") for s in STAGES
    ]
    grouped = frame.group_by(keys).agg(aggs) if keys else frame.select(aggs)
    parts = [
        grouped.select(
            *keys,
            pl.lit(stage).alias("stage"),
            pl.lit(i, dtype=pl.Int32).alias("stage_order"),
            pl.col(f"r_{stage}").cast(pl.Int64).alias("reached"),
            pl.col(f"o_{stage}").cast(pl.Int64).alias("observed"),
            (pl.col(f"r_{STAGES[i - 1]}").cast(pl.Int64) if i else pl.lit(None, pl.Int64)).alias(
                "previous"
            ),
            pl.col("r_lead").cast(pl.Int64).alias("_all"),
        )
        for i, stage in enumerate(STAGES)
    ]
    out = add_rate_columns(pl.concat(parts), converted="reached", n="previous")
    out = out.with_columns(
        pl.when(pl.col("_all") > 0).then(pl.col("reached") / pl.col("_all")).alias("overall_rate"),
        pl.col("small_sample").fill_null(False),
    ).drop("_all")
    return out.sort([*keys, "stage_order"])


def summarise_conversion(
    leads: pl.DataFrame,
    by: str | list[str] | None = None,
    *,
    outcome: str = "won",
    base: str | None = None,
    mql_col: str = "mql_at",
) -> pl.DataFrame:
    """Conversion to ``outcome`` per value of ``by``: n, converted, rate, Wilson interval, lift.

    Args:
        leads: replay leads.
        by: column(s) to split by; ``None`` gives one overall row. Nulls become ``"(none)"``.
        outcome: ``mql``, ``sql``, ``opportunity`` or ``won`` (reached, see module doc).
        base: only leads that reached this stage count (e.g. ``"mql"`` for MQL→won).
        mql_col: ``"mql_at"`` or ``"crm_mql_at"``.

    Returns:
        ``[by…,] leads, converted, rate, ci_low, ci_high, small_sample, lift,
        share_of_conversions`` sorted by ``leads`` descending; ``lift`` is
        ``rate / overall rate`` of the same base.

    Raises:
        InputError: unknown outcome/base or missing column.

    Example:
        >>> df = pl.DataFrame({"source": ["web", "web", "ad", None],
        ...     "is_won": [True, False, False, True], "opportunity_at": [None] * 4,
        ...     "sql_at": [None] * 4, "mql_at": [None] * 4})
        >>> summarise_conversion(df, "source").select("source", "leads", "converted").rows()
        [('web', 2, 1), ('(none)', 1, 1), ('ad', 1, 0)]
    """
    keys = [by] if isinstance(by, str) else list(by or [])
    leads = prepare_leads(
        leads, [*keys, "sql_at", "opportunity_at", "is_won"], "summarise_conversion"
    )
    hit = outcome_expr(outcome, mql_col=mql_col)
    frame = leads
    if base is not None and base != "lead":
        frame = frame.filter(outcome_expr(base, mql_col=mql_col))
    frame = frame.select(*[_label(k) for k in keys], hit.alias("_hit"))
    aggs = [
        pl.len().cast(pl.Int64).alias("leads"),
        pl.col("_hit").sum().cast(pl.Int64).alias("converted"),
    ]
    grouped = frame.group_by(keys).agg(aggs) if keys else frame.select(aggs)
    total = frame.height
    total_hit = int(frame.get_column("_hit").sum() or 0)
    overall = total_hit / total if total else None
    out = add_rate_columns(grouped)
    return out.with_columns(
        (pl.col("rate") / overall if overall else pl.lit(None, pl.Float64)).alias("lift"),
        (pl.col("converted") / total_hit if total_hit else pl.lit(None, pl.Float64)).alias(
            "share_of_conversions"
        ),
    ).sort(["leads", *keys], descending=[True] + [False] * len(keys))


def median_days_to_won(leads: pl.DataFrame, *, mql_col: str = "mql_at") -> float | None:
    """Median days from the MQL moment to the won date over won leads (None if none).

    Args:
        leads: replay leads (``mql_col``, ``won_at``, ``is_won``).
        mql_col: column holding the MQL moment.

    Returns:
        Median days, or None when no lead was won after an MQL moment.

    Example:
        >>> from datetime import datetime as dt
        >>> df = pl.DataFrame({"mql_at": [dt(2025, 1, 1), dt(2025, 1, 1)],
        ...     "won_at": [dt(2025, 1, 11), dt(2025, 1, 31)], "is_won": [True, True]})
        >>> median_days_to_won(df)
        20.0
    """
    leads = prepare_leads(leads, [mql_col, "won_at", "is_won"], "median_days_to_won")
    days = leads.filter(
        pl.col("is_won").fill_null(False)
        & pl.col(mql_col).is_not_null()
        & pl.col("won_at").is_not_null()
    ).select(((pl.col("won_at") - pl.col(mql_col)).dt.total_seconds() / 86_400).alias("d"))
    value = days.get_column("d").median() if days.height else None
    return float(value) if value is not None else None


def count_cohorts(leads: pl.DataFrame, *, as_of: datetime, mql_col: str = "mql_at") -> pl.DataFrame:
    """The funnel by MQL-month cohort, with immature cohorts marked.

    Args:
        leads: replay leads.
        as_of: the date the data is as of (``Replay.as_of``).
        mql_col: ``"mql_at"`` or ``"crm_mql_at"``.

    Returns:
        ``cohort`` (first day of the MQL month), ``mqls``, ``sqls``, ``opportunities``,
        ``won``, ``won_revenue``, ``sql_rate`` (+ ``sql_ci_low/high``), ``won_rate``
        (+ ``won_ci_low/high``, of MQLs), ``age_days`` (from the month's end to
        ``as_of``), ``immature`` (``age_days`` < median MQL→won days), ``small_sample``.

    Example:
        >>> from datetime import datetime as dt
        >>> df = pl.DataFrame({"mql_at": [dt(2025, 1, 5), dt(2025, 3, 2)],
        ...     "sql_at": [None, None], "opportunity_at": [dt(2025, 1, 9), None],
        ...     "is_won": [True, False], "won_at": [dt(2025, 2, 4), None],
        ...     "won_amount": [100.0, 0.0]})
        >>> count_cohorts(df, as_of=dt(2025, 3, 31)).select("cohort", "mqls", "immature").rows()
        [(datetime.date(2025, 1, 1), 1, False), (datetime.date(2025, 3, 1), 1, True)]
    """
    leads = prepare_leads(leads, [mql_col, "sql_at", "opportunity_at", "is_won"], "count_cohorts")
    reached = reached_exprs(mql_col=mql_col)
    median_days = median_days_to_won(leads, mql_col=mql_col) if "won_at" in leads.columns else None
    amount = (  # a win without an amount stays null (unknown, metrics.outcome.WinGaps)
        pl.when(pl.col("is_won").fill_null(False)).then(pl.col("won_amount")).otherwise(0.0)
        if "won_amount" in leads.columns
        else pl.lit(0.0)
    )
    cohorts = (
        leads.filter(pl.col(mql_col).is_not_null())
        .select(
            pl.col(mql_col).dt.date().dt.truncate("1mo").alias("cohort"),
            reached["sql"].alias("_sql"),
            reached["opportunity"].alias("_opp"),
            reached["won"].alias("_won"),
            amount.alias("_amount"),
        )
        .group_by("cohort")
        .agg(
            pl.len().cast(pl.Int64).alias("mqls"),
            pl.col("_sql").sum().cast(pl.Int64).alias("sqls"),
            pl.col("_opp").sum().cast(pl.Int64).alias("opportunities"),
            pl.col("_won").sum().cast(pl.Int64).alias("won"),
            # the known amounts; unknown when the cohort's wins all lack one
            pl.when(
                ~pl.col("_won").any() | (pl.col("_won") & pl.col("_amount").is_not_null()).any()
            )
            .then(pl.col("_amount").sum())
            .alias("won_revenue"),
        )
        .sort("cohort")
    )
    cohorts = add_rate_columns(cohorts, converted="sqls", n="mqls", prefix="sql_")
    cohorts = add_rate_columns(cohorts, converted="won", n="mqls", prefix="won_").drop(
        "sql_small_sample"
    )
    month_end = pl.col("cohort").dt.month_end().cast(pl.Datetime("us")) + pl.duration(days=1)
    age = ((pl.lit(as_of).cast(pl.Datetime("us")) - month_end).dt.total_seconds() / 86_400).clip(
        lower_bound=0
    )
    return cohorts.rename({"won_small_sample": "small_sample"}).with_columns(
        age.alias("age_days"),
        (age < median_days if median_days is not None else pl.lit(False)).alias("immature"),
    )


TRANSITIONS: tuple[tuple[str, str, str], ...] = (
    ("lead_to_mql", "created_at", "{mql}"),
    ("mql_to_sql", "{mql}", "sql_at"),
    ("sql_to_opportunity", "sql_at", "opportunity_at"),
    ("opportunity_to_won", "opportunity_at", "won_at"),
    ("mql_to_won", "{mql}", "won_at"),
    ("lead_to_won", "created_at", "won_at"),
)


def measure_stage_times(
    leads: pl.DataFrame, *, by: str | None = None, mql_col: str = "mql_at"
) -> pl.DataFrame:
    """Days between stages: n, median and 75th percentile per transition.

    Only leads with both timestamps count; negative gaps (a later stage
    recorded before an earlier one, e.g. a CRM fact) are left out.

    Args:
        leads: replay leads with ``created_at``, ``mql_col``, ``sql_at``,
            ``opportunity_at``, ``won_at``.
        by: optional split column.
        mql_col: ``"mql_at"`` or ``"crm_mql_at"``.

    Returns:
        ``[by,] transition, n, median_days, p75_days`` in funnel order.

    Example:
        >>> from datetime import datetime as dt
        >>> df = pl.DataFrame({"created_at": [dt(2025, 1, 1)], "mql_at": [dt(2025, 1, 3)],
        ...     "sql_at": [None], "opportunity_at": [None], "won_at": [None]},
        ...     schema_overrides={"sql_at": pl.Datetime, "opportunity_at": pl.Datetime,
        ...     "won_at": pl.Datetime})
        >>> measure_stage_times(df).row(0)
        ('lead_to_mql', 1, 2.0, 2.0)
    """
    leads = prepare_leads(
        leads,
        ["created_at", mql_col, "sql_at", "opportunity_at", "won_at", *([by] if by else [])],
        "measure_stage_times",
    )
    keys = [by] if by else []
    parts = []
    for order, (name, start, end) in enumerate(TRANSITIONS):
        start_col, end_col = start.format(mql=mql_col), end.format(mql=mql_col)
        days = (pl.col(end_col) - pl.col(start_col)).dt.total_seconds() / 86_400
        parts.append(
            leads.select(*[_label(k) for k in keys], days.alias("days"))
            .filter(pl.col("days").is_not_null() & (pl.col("days") >= 0))
            .with_columns(pl.lit(name).alias("transition"), pl.lit(order, pl.Int32).alias("_order"))
        )
    frame = pl.concat(parts)
    skeleton = pl.DataFrame(
        {"transition": [t[0] for t in TRANSITIONS], "_order": list(range(len(TRANSITIONS)))},
        schema={"transition": pl.String, "_order": pl.Int32},
    )
    grouped = frame.group_by([*keys, "transition", "_order"]).agg(
        pl.len().cast(pl.Int64).alias("n"),
        pl.col("days").median().alias("median_days"),
        pl.col("days").quantile(0.75, interpolation="linear").alias("p75_days"),
    )
    if not keys:
        grouped = skeleton.join(grouped, on=["transition", "_order"], how="left").with_columns(
            pl.col("n").fill_null(0)
        )
    return grouped.sort([*keys, "_order"]).drop("_order")


def summarise_dropoff(
    leads: pl.DataFrame,
    *,
    feedback: pl.DataFrame | None = None,
    deals: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """Why leads dropped out: sales feedback verdicts/reasons and deals' lost reasons.

    Each lead counts once per source: its latest feedback (rejected or
    recycled verdicts only) and the lost reason of its latest lost deal.

    Args:
        leads: replay leads (``lead_id``) — restricts to these leads.
        feedback: the workspace ``feedback`` table (lead_id, given_at, verdict, reason).
        deals: the workspace ``deals`` table (lead_id, created_at, is_won, lost_reason).

    Returns:
        ``stage`` ("mql" for feedback, "opportunity" for lost deals), ``verdict``,
        ``reason``, ``leads``, ``share`` (of that stage's drop-offs), largest first.

    Example:
        >>> from datetime import datetime as dt
        >>> fb = pl.DataFrame({"lead_id": ["a", "b"], "given_at": [dt(2025, 1, 1)] * 2,
        ...     "verdict": ["rejected", "accepted"], "reason": ["no budget", None]})
        >>> summarise_dropoff(pl.DataFrame({"lead_id": ["a", "b"]}), feedback=fb).row(0)
        ('mql', 'rejected', 'no budget', 1, 1.0)
    """
    schema = {
        "stage": pl.String,
        "verdict": pl.String,
        "reason": pl.String,
        "leads": pl.Int64,
        "share": pl.Float64,
    }
    ids = leads.select(pl.col("lead_id").cast(pl.String)).unique()
    parts = []
    if feedback is not None and feedback.height:
        latest = (
            feedback.with_columns(pl.col("lead_id").cast(pl.String))
            .join(ids, on="lead_id", how="semi")
            .sort("given_at")
            .group_by("lead_id")
            .last()
            .filter(pl.col("verdict").str.to_lowercase().is_in(["rejected", "recycled"]))
            .select(
                pl.lit("mql").alias("stage"),
                pl.col("verdict").str.to_lowercase().alias("verdict"),
                pl.col("reason").cast(pl.String).fill_null(MISSING_LABEL).alias("reason"),
            )
        )
        parts.append(latest)
    if deals is not None and deals.height:
        closed = pl.col("closed_at").is_not_null() if "closed_at" in deals.columns else pl.lit(True)
        lost = (
            deals.filter(
                pl.col("lead_id").is_not_null() & pl.col("is_won").fill_null(True).not_() & closed
            )
            .with_columns(pl.col("lead_id").cast(pl.String))
            .join(ids, on="lead_id", how="semi")
            .sort("created_at")
            .group_by("lead_id")
            .last()
            .select(
                pl.lit("opportunity").alias("stage"),
                pl.lit("lost").alias("verdict"),
                pl.col("lost_reason").cast(pl.String).fill_null(MISSING_LABEL).alias("reason"),
            )
        )
        parts.append(lost)
    if not parts:
        return pl.DataFrame(schema=schema)
    counted = (
        pl.concat(parts)
        .group_by("stage", "verdict", "reason")
        .agg(pl.len().cast(pl.Int64).alias("leads"))
        .with_columns((pl.col("leads") / pl.col("leads").sum().over("stage")).alias("share"))
    )
    return counted.sort(["stage", "leads", "reason"], descending=[False, True, False]).cast(schema)


def filter_created(leads: pl.DataFrame, first: date, last: date) -> pl.DataFrame:
    """Leads created between ``first`` and ``last`` (inclusive dates) — the sidebar period.

    Args:
        leads: frame with ``created_at``.
        first: first day of the period.
        last: last day of the period.

    Returns:
        The leads created in the period.

    Example:
        >>> from datetime import datetime as dt
        >>> df = pl.DataFrame({"created_at": [dt(2025, 1, 31, 23), dt(2025, 2, 1)]})
        >>> filter_created(df, date(2025, 1, 1), date(2025, 1, 31)).height
        1
    """
    day = pl.col("created_at").cast(pl.Datetime("us")).dt.date()
    return leads.filter(day.is_between(first, last, closed="both"))


def created_in_or_all(leads: pl.DataFrame, first: date, last: date) -> pl.DataFrame:
    """:func:`filter_created`, or ``leads`` themselves (the same frame) when none was
    created in the period: the pages then show every lead, and say so.

    Example:
        >>> from datetime import datetime as dt
        >>> df = pl.DataFrame({"created_at": [dt(2025, 1, 31)]})
        >>> created_in_or_all(df, date(2026, 1, 1), date(2026, 1, 31)) is df
        True
    """
    found = filter_created(leads, first, last)
    return leads if found.is_empty() else found
