"""The criteria section (in force, the month's changes and sign-offs, what the what-if
suggests now) and the data-quality section (imports, rejected rows, small samples)."""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

import polars as pl

from analytics.criteria.agreement import history
from analytics.metrics.definitions import month_end
from analytics.metrics.whatif import Assumptions
from analytics.metrics.whatif.cached import cached_sweep
from analytics.metrics.whatif.observed import observed_capacity
from analytics.metrics.whatif.suggest import SUGGESTION_RULES, suggest_thresholds
from analytics.report.inputs import Inputs, describe_status
from analytics.report.model import Section, Table
from analytics.text import format as fmt


def _table(inp: Inputs, key: str, frame: pl.DataFrame, kinds: dict[str, str]) -> Table:
    headers = {c: inp.tr(f"report.col_{c}") for c in kinds}
    return Table(key, inp.tr(f"report.table_{key}"), frame.select(list(kinds)), kinds, headers)


def _in_month(inp: Inputs, column: str) -> pl.Expr:
    first = datetime.combine(inp.month, time())
    last = datetime.combine(month_end(inp.month), time.max)
    return pl.col(column).is_between(first, last)


def month_events(inp: Inputs) -> pl.DataFrame:
    """The agreement history's events of the month (saves, proposals, sign-offs, …)."""
    events = history(inp.ws).filter(_in_month(inp, "acted_at"))
    return events.select(
        "acted_at",
        (pl.col("name") + pl.lit(" v") + pl.col("version").cast(pl.String)).alias("version"),
        pl.col("action").replace_strict(
            {a: fmt.label("action", a, inp.lang) for a in events["action"].unique()}, default=None
        ),
        pl.col("actor").fill_null(""),
        pl.col("team").replace_strict(
            {t: fmt.label("team", t, inp.lang) for t in events["team"].drop_nulls().unique()},
            default="",
        ),
        pl.col("note").fill_null(""),
    )


def suggestions(inp: Inputs) -> tuple[pl.DataFrame, Any]:
    """The what-if's suggested thresholds over the 12-month window, and the observed capacity."""
    period = (inp.first, month_end(inp.month))
    capacity = observed_capacity(inp.leads, period=period)
    sweep = cached_sweep(inp.ws, inp.criteria, replay=inp.replayed)  # the sidecar's, if kept
    table = suggest_thresholds(
        sweep,
        period=period,
        assumptions=Assumptions(capacity_per_month=capacity.per_month),
        lang=inp.lang,
    )
    names = {r: inp.tr(f"whatif.rule.{r}") for r in SUGGESTION_RULES}
    table = table.with_columns(
        pl.col("rule").replace_strict(names, default=pl.col("rule")),
        pl.col("reason").str.replace_all("**", "", literal=True),  # the page's markdown emphasis
    )
    return table, capacity


def criteria_section(inp: Inputs) -> Section:
    """The criteria in force, the month's agreement events and the what-if's suggestions."""
    title = inp.tr("report.section_criteria")
    events = month_events(inp)
    lines = [
        inp.tr("report.criteria_in_force", status=describe_status(inp.status, inp.lang),
               threshold=fmt.score(inp.criteria.threshold)),
        inp.tr("report.criteria_events", n=fmt.count(events.height)),
    ]  # fmt: skip
    tables = [_table(inp, "events", events, {
        "acted_at": "moment", "version": "text", "action": "text", "actor": "text",
        "team": "text", "note": "text"})]  # fmt: skip
    if inp.rows("leads"):
        table, capacity = suggestions(inp)
        lines.append(inp.tr("report.capacity", owners=fmt.count(capacity.owners),
                            per_owner=fmt.number(capacity.per_owner),
                            capacity=fmt.number(capacity.per_month)))  # fmt: skip
        tables.append(
            _table(
                inp,
                "suggestions",
                table,
                {"rule": "text", "threshold": "score", "mql_per_month": "number", "reason": "text"},
            )
        )
    return Section("criteria", title, tuple(lines), tuple(tables))


def quality_section(inp: Inputs, kpis: list[dict[str, Any]]) -> Section:
    """Imports of the month, their rejected rows, and the KPIs read on a small sample."""
    title = inp.tr("report.section_quality")
    imports = inp.ws.query(
        "SELECT import_id, kind, file_name, rows_read, inserted, updated, rejected, status, "
        "finished_at FROM imports ORDER BY import_id"
    )
    counts = {k: inp.rows(k) for k in ("leads", "activities", "deals", "bant", "feedback", "costs")}
    empty = [inp.tr(f"common.kind_{k}") for k, n in counts.items() if n == 0]
    lines = [inp.tr("report.quality_rows", rows=", ".join(
        f"{inp.tr(f'common.kind_{k}')} {fmt.count(n)}" for k, n in counts.items()))]  # fmt: skip
    if empty:
        lines.append(inp.tr("report.quality_empty", kinds=", ".join(empty)))
    month_imports = imports.filter(_in_month(inp, "finished_at")).with_columns(
        pl.col("kind").replace_strict(
            {k: inp.tr(f"common.kind_{k}") for k in counts}, default=pl.col("kind")
        )
    )
    lines.append(inp.tr("report.quality_imports", n=fmt.count(month_imports.height),
                        rejected=fmt.count(int(imports["rejected"].sum() or 0))))  # fmt: skip
    small = [
        inp.tr(f"kpis.name_{r['key']}") for r in kpis if r["small_sample"] and r["denominator"]
    ]
    if small:
        lines.append(inp.tr("report.quality_small", kpis=", ".join(small)))
    table = _table(inp, "imports", month_imports, {
        "finished_at": "moment", "kind": "text", "file_name": "text", "rows_read": "count",
        "inserted": "count", "updated": "count", "rejected": "count"})  # fmt: skip
    return Section("quality", title, tuple(lines), (table,))
