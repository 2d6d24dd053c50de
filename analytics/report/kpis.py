"""The KPI section: every KPI of the definitions layer against last month and a year ago,
with n, its 95% interval and the test of the change, and the 12-month trends."""

from __future__ import annotations

from typing import Any

import polars as pl

from analytics.metrics.definitions import KPI_BY_KEY, month_records
from analytics.metrics.kpis import summarise_month
from analytics.report.inputs import TREND_MONTHS, Inputs
from analytics.report.model import KPI_KINDS, ROW_KIND, Chart, Section, Table
from analytics.text import format as fmt

TREND_KPIS: tuple[str, ...] = (
    "leads", "mqls", "won", "mql_rate", "mql_to_sql", "sla_attainment", "won_revenue",
)  # fmt: skip


def kpi_cards(inp: Inputs) -> pl.DataFrame:
    """The month's KPI cards (:func:`analytics.metrics.kpis.summarise_month`)."""
    return summarise_month(inp.monthly, inp.month, trend_months=TREND_MONTHS)


def _note(inp: Inputs, record: dict[str, Any], unknown: frozenset[str]) -> str:
    notes = []
    # revenue unknown in the data, or in this month (its wins all lack an amount)
    unpriced = record["key"] == "won_revenue" and record["value"] is None
    if record["key"] in unknown or unpriced:
        notes.append(inp.tr("report.note_unknown"))
    if record["maturing"]:
        notes.append(inp.tr("report.note_maturing"))
    if record["small_sample"] and KPI_BY_KEY[record["key"]].kind == "rate":
        notes.append(inp.tr("report.note_small"))
    return " · ".join(notes)


def kpi_table(inp: Inputs) -> Table:
    """One row per KPI: value, n, interval, previous month, a year ago, p-values, notes."""
    records = month_records(inp.monthly, inp.month)
    unknown = inp.gaps.unknown_kpis
    cards = {c["kpi"]: c for c in kpi_cards(inp).iter_rows(named=True)}
    rows = []
    for r in records:
        card = cards.get(r["key"], {})
        kind = KPI_KINDS[KPI_BY_KEY[r["key"]].kind]
        rate = kind == "pct"
        rows.append(
            {
                "_key": r["key"],
                "_kind": kind,
                "kpi": inp.tr(f"kpis.name_{r['key']}"),
                "value": None if r["value"] is None else float(r["value"]),
                "n": r["denominator"] if rate else None,
                "ci": fmt.interval(r["ci_low"], r["ci_high"]) if rate else fmt.MISSING,
                "previous": card.get("previous"),
                "p_previous": card.get("p_previous"),
                "year_ago": card.get("year_ago"),
                "p_year_ago": card.get("p_year_ago"),
                "note": _note(inp, r, unknown),
            }
        )
    frame = pl.DataFrame(
        rows,
        schema={"_key": pl.String, "_kind": pl.String, "kpi": pl.String, "value": pl.Float64,
                "n": pl.Int64, "ci": pl.String, "previous": pl.Float64, "p_previous": pl.Float64,
                "year_ago": pl.Float64, "p_year_ago": pl.Float64, "note": pl.String},
    )  # fmt: skip
    kinds = {"kpi": "text", "value": ROW_KIND, "n": "count", "ci": "text", "previous": ROW_KIND,
             "p_previous": "p_value", "year_ago": ROW_KIND, "p_year_ago": "p_value",
             "note": "text"}  # fmt: skip
    headers = {c: inp.tr(f"report.col_{c}") for c in kinds}
    return Table("kpis", inp.tr("report.table_kpis", month=fmt.month(inp.month, inp.lang)),
                 frame, kinds, headers)  # fmt: skip


def trend_table(inp: Inputs) -> Table:
    """The 12 months ending with the report's month, one column per trend KPI."""
    frame = (
        inp.monthly.filter(pl.col("month").is_between(inp.first, inp.month))
        .sort("month")
        .select("month", *[pl.col(k).cast(pl.Float64) for k in TREND_KPIS])
    )
    kinds = {"month": "month"} | {k: KPI_KINDS[KPI_BY_KEY[k].kind] for k in TREND_KPIS}
    headers = {"month": inp.tr("report.col_month")} | {
        k: inp.tr(f"kpis.name_{k}") for k in TREND_KPIS
    }
    return Table("trend", inp.tr("report.table_trend"), frame, kinds, headers)


def kpi_section(inp: Inputs, *, trends: bool = True) -> Section:
    """KPIs against last month and a year ago, and (unless ``trends`` is False) 12-month trends."""
    if inp.rows("leads") == 0:
        return Section(
            "kpis", inp.tr("report.section_kpis"), missing=inp.tr("report.missing_leads")
        )
    tables = [kpi_table(inp)]
    charts: list[Chart] = []
    if trends:
        tables.append(trend_table(inp))
        charts = [
            Chart(inp.tr("report.chart_volume"), "trend", "month", ("leads", "mqls"), "bar"),
            Chart(
                inp.tr("report.chart_rates"),
                "trend",
                "month",
                ("mql_rate", "mql_to_sql", "sla_attainment"),
                "line",
                percent=True,
            ),
        ]
    gaps = [note.localized(inp.lang) for note in inp.gaps.notes()]
    lines = (inp.tr("report.kpi_intro"), *gaps)
    return Section("kpis", inp.tr("report.section_kpis"), lines, tuple(tables), tuple(charts))
