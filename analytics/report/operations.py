"""The two teams' sections: the SLA (both sides, response-time curve, owners) and the
sales feedback (reject rate by band, top reasons, disagreement counts)."""

from __future__ import annotations

import polars as pl

from analytics.metrics.feedback.kept import cached_rule_points
from analytics.metrics.feedback.report import build_feedback_report
from analytics.metrics.sla import build_sla_report
from analytics.report.inputs import Inputs
from analytics.report.model import Chart, Section, Table
from analytics.text import format as fmt

TOP_REASONS = 5


def _table(inp: Inputs, key: str, frame: pl.DataFrame, kinds: dict[str, str]) -> Table:
    headers = {c: inp.tr(f"report.col_{c}") for c in kinds}
    return Table(key, inp.tr(f"report.table_{key}"), frame.select(list(kinds)), kinds, headers)


def sla_section(inp: Inputs) -> Section:
    """Sales' first-contact promise and marketing's MQL promise, owners and speed to lead."""
    title = inp.tr("report.section_sla")
    sla = inp.criteria.sla
    report = build_sla_report(
        inp.leads, month=inp.month, as_of=inp.as_of, contact_hours=sla.contact_hours,
        mql_per_month=sla.mql_per_month, min_score=sla.min_score,
        feedback=inp.ws.query("SELECT * FROM feedback"),
    )  # fmt: skip
    m = report.month
    if m.mqls == 0:
        return Section("sla", title, missing=inp.tr("report.missing_sla"))
    lines = (
        inp.tr("report.sla_sales", within=fmt.count(m.within_sla), mqls=fmt.count(m.mqls),
               hours=fmt.hours(m.contact_hours, inp.lang),
               rate=fmt.rate_with_ci(m.within_share, m.ci_low, m.ci_high, m.mqls),
               p50=fmt.hours(m.p50_hours, inp.lang), p90=fmt.hours(m.p90_hours, inp.lang)),
        inp.tr("report.sla_marketing", delivered=fmt.count(m.delivered),
               promised=fmt.count(m.promised)),
    )  # fmt: skip
    owners = report.owners.with_columns(
        pl.col("owner").fill_null(fmt.label("owner", "unassigned", inp.lang))
    )
    owner_table = _table(inp, "owners", owners, {
        "owner": "text", "mqls": "count", "contacted": "count", "within_sla": "count",
        "within_share": "pct", "ci_low": "pct", "ci_high": "pct", "p50_hours": "hours"})  # fmt: skip
    speed = report.speed.table.with_columns(
        pl.col("bucket").replace_strict(
            {b: fmt.label("response", b, inp.lang) for b in report.speed.table["bucket"]}
        )
    )
    speed_table = _table(inp, "speed", speed, {
        "bucket": "text", "leads": "count", "sql": "count", "sql_rate": "pct", "ci_low": "pct",
        "ci_high": "pct"})  # fmt: skip
    trend = report.speed.trend
    lines += (inp.tr("report.sla_speed", z=fmt.number(trend.z, 2), p=fmt.p_value(trend.p_value)),)
    chart = Chart(inp.tr("report.chart_speed"), "speed", "bucket", ("sql_rate",), "bar", True)
    return Section("sla", title, lines, (owner_table, speed_table), (chart,))


def feedback_section(inp: Inputs) -> Section:
    """Reject rate by score band, top reasons and the disagreement counts of the month's MQLs."""
    title = inp.tr("report.section_feedback")
    if inp.rows("feedback") == 0:
        return Section("feedback", title, missing=inp.tr("report.missing_feedback"))
    report = build_feedback_report(
        inp.leads, inp.ws.query("SELECT * FROM feedback"), threshold=inp.criteria.threshold,
        first=inp.month, points=cached_rule_points(inp.ws, inp.criteria, inp.leads),
        deals=inp.ws.query("SELECT lead_id, created_at, closed_at, is_won, lost_reason FROM deals"),
    )  # fmt: skip
    bands = _table(inp, "feedback_bands", report.by_band, {
        "band": "text", "mqls": "count", "accepted": "count", "rejected": "count",
        "recycled": "count", "reject_rate": "pct", "ci_low": "pct", "ci_high": "pct"})  # fmt: skip
    reasons = _table(inp, "reasons", report.reasons.head(TOP_REASONS), {
        "reason": "text", "count": "count", "median_score": "score"})  # fmt: skip
    lines = (
        inp.tr("report.feedback_mqls", n=fmt.count(report.mqls.height)),
        inp.tr("report.feedback_disagree", rejected=fmt.count(report.rejected_high_score.height),
               won=fmt.count(report.won_below_threshold.height)),
    )  # fmt: skip
    chart = Chart(inp.tr("report.chart_reject"), "feedback_bands", "band", ("reject_rate",),
                  "bar", True)  # fmt: skip
    return Section("feedback", title, lines, (bands, reasons), (chart,))
