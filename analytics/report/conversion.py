"""The conversion sections: the funnel waterfall with maturing cohorts, and the score bands."""

from __future__ import annotations

import polars as pl

from analytics.metrics.bands import check_band_trend, summarise_bands
from analytics.metrics.definitions import month_end
from analytics.metrics.funnel import count_cohorts, count_funnel, filter_created
from analytics.metrics.stats import TrendTest
from analytics.report.inputs import Inputs
from analytics.report.model import Chart, Section, Table
from analytics.text import format as fmt


def window_leads(inp: Inputs) -> pl.DataFrame:
    """The leads created in the 12 months ending with the report's month."""
    return filter_created(inp.leads, inp.first, month_end(inp.month))


def funnel_section(inp: Inputs) -> Section:
    """Lead → MQL → SQL → opportunity → won over 12 months, and the MQL-month cohorts."""
    title = inp.tr("report.section_funnel")
    leads = window_leads(inp)
    if leads.height == 0:
        return Section("funnel", title, missing=inp.tr("report.missing_leads"))
    stages = count_funnel(leads).select(
        pl.col("stage").replace_strict({s: inp.tr(f"conversion.stage_{s}") for s in
                                        ("lead", "mql", "sql", "opportunity", "won")}),
        "reached", "rate", "ci_low", "ci_high", "overall_rate",
    )  # fmt: skip
    kinds = {"stage": "text", "reached": "count", "rate": "pct", "ci_low": "pct",
             "ci_high": "pct", "overall_rate": "pct"}  # fmt: skip
    waterfall = Table("waterfall", inp.tr("report.table_waterfall"), stages, kinds,
                      {c: inp.tr(f"report.col_{c}") for c in kinds})  # fmt: skip
    cohorts = (
        count_cohorts(inp.leads, as_of=inp.as_of)
        .filter(pl.col("cohort").is_between(inp.first, inp.month))
        .select(
            "cohort", "mqls", "sqls", "won", "sql_rate",
            pl.col("sql_ci_low").alias("ci_low"),
            pl.col("sql_ci_high").alias("ci_high"), "won_rate",
            pl.when(pl.col("immature")).then(pl.lit(inp.tr("report.note_maturing")))
            .otherwise(pl.lit("")).alias("note"),
        )
    )  # fmt: skip
    ckinds = {"cohort": "month", "mqls": "count", "sqls": "count", "won": "count",
              "sql_rate": "pct", "ci_low": "pct", "ci_high": "pct", "won_rate": "pct", "note": "text"}  # fmt: skip
    cohort_table = Table("cohorts", inp.tr("report.table_cohorts"), cohorts, ckinds,
                         {c: inp.tr(f"report.col_{c}") for c in ckinds})  # fmt: skip
    lines = (
        inp.tr("report.funnel_intro", first=fmt.month(inp.first, inp.lang),
               last=fmt.month(inp.month, inp.lang), n=fmt.count(leads.height)),
        inp.tr("report.funnel_maturing",
               n=fmt.count(int(cohorts["note"].str.len_chars().gt(0).sum()))),
    )  # fmt: skip
    charts = (
        Chart(inp.tr("report.chart_waterfall"), "waterfall", "stage", ("reached",), "bar"),
        Chart(inp.tr("report.chart_cohorts"), "cohorts", "cohort", ("sql_rate", "won_rate"),
              "line", percent=True),
    )  # fmt: skip
    return Section("funnel", title, lines, (waterfall, cohort_table), charts)


def band_table(inp: Inputs) -> tuple[pl.DataFrame, TrendTest | None]:
    """The score bands (SQL outcome, peak score before the decision) of the 12-month window."""
    leads = window_leads(inp)
    if leads.height == 0:
        return pl.DataFrame(), None
    bands = summarise_bands(leads, outcome="sql")
    return bands, check_band_trend(bands)


def bands_section(inp: Inputs, bands: pl.DataFrame, trend: TrendTest | None) -> Section:
    """The band table and whether the score still orders conversion (the trend test)."""
    title = inp.tr("report.section_bands")
    if trend is None or bands.height == 0:
        return Section("bands", title, missing=inp.tr("report.missing_leads"))
    frame = bands.select(
        "band", "leads", "converted", "rate", "ci_low", "ci_high", "lift",
        pl.col("action").replace_strict(
            {a: fmt.label("action", a, inp.lang) for a in bands["action"].drop_nulls().unique()},
            default=None,
        ),
    )  # fmt: skip
    kinds = {"band": "text", "leads": "count", "converted": "count", "rate": "pct",
             "ci_low": "pct", "ci_high": "pct", "lift": "ratio", "action": "text"}  # fmt: skip
    table = Table("bands", inp.tr("report.table_bands"), frame, kinds,
                  {c: inp.tr(f"report.col_{c}") for c in kinds})  # fmt: skip
    key = "report.bands_order" if trend.p_increasing < 0.05 else "report.bands_no_order"
    lines = (inp.tr(key, z=fmt.number(trend.z, 2), p=fmt.p_value(trend.p_increasing)),)
    chart = Chart(inp.tr("report.chart_bands"), "bands", "band", ("rate",), "bar", percent=True)
    return Section("bands", title, lines, (table,), (chart,))
