"""CLI: ``python -m analytics sla`` — did each team keep its service-level promise this month?"""

from __future__ import annotations

import argparse
from typing import Any

import polars as pl

from analytics.cli.command import (
    Command,
    Output,
    replay_progress,
    resolve_criteria,
    resolve_month,
    text_table,
)
from analytics.metrics.definitions import last_complete_month, replay_with_outcome
from analytics.metrics.sla import SlaReport, build_sla_report
from analytics.scoring.cache import cached_replay
from analytics.store.db import Workspace
from analytics.text import format as fmt

OWNER_KEYS = ("owner", "mqls", "contacted", "within_sla", "within_share", "p50_hours")
RESPONSE_KEYS = ("bucket", "leads", "sql", "won", "sql_rate", "ci_low", "ci_high")


def _add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--month", help="YYYY-MM (default: the last complete month)")
    parser.add_argument("--criteria", help="criteria TOML file (default: the agreed criteria)")


def sla_json(report: SlaReport) -> dict[str, Any]:
    """The ``sla --format json`` shape (README): the month, both teams, owners, response buckets.

    ``by_response`` covers the 12 months ending at ``month`` (enough MQLs per bucket).
    """
    m = report.month
    return {
        "month": f"{m.month:%Y-%m}",
        "contact_hours": m.contact_hours,
        "mqls": m.mqls,
        "contacted": m.contacted,
        "within_sla": m.within_sla,
        "within_share": m.within_share,
        "ci_low": m.ci_low,
        "ci_high": m.ci_high,
        "p50_hours": m.p50_hours,
        "p90_hours": m.p90_hours,
        "promised": m.promised,
        "delivered": m.delivered,
        "delivered_min_score": m.delivered_min_score,
        "by_owner": report.owners.select(OWNER_KEYS).to_dicts(),
        "by_response": report.speed.table.select(RESPONSE_KEYS).to_dicts(),
    }


def _text(report: SlaReport) -> str:
    m = report.month
    status = "complete" if m.complete else "not complete"
    lines = [
        f"{fmt.month(m.month)} ({status}); SLA: first contact within {fmt.hours(m.contact_hours)}",
        f"sales: {fmt.count(m.within_sla)} of {fmt.count(m.mqls)} MQLs within the SLA = "
        f"{fmt.rate_with_ci(m.within_share, m.ci_low, m.ci_high, m.mqls)}; "
        f"contacted {fmt.count(m.contacted)}, never {fmt.count(m.never_contacted)}, "
        f"open breaches {fmt.count(m.breaches)}; "
        f"P50 {fmt.hours(m.p50_hours)}, P90 {fmt.hours(m.p90_hours)}",
        f"marketing: {fmt.count(m.delivered)} MQLs delivered of {fmt.count(m.promised)} promised; "
        f"{fmt.count(m.delivered_min_score)} at score ≥ {fmt.score(m.min_score)}",
    ]
    owners = fmt.format_columns(
        report.owners.select(
            pl.col("owner").fill_null(fmt.label("owner", "unassigned")),
            "mqls",
            "contacted",
            "within_sla",
            "within_share",
            "p50_hours",
            pl.when(pl.col("small_sample"))
            .then(pl.lit("small n"))
            .otherwise(pl.lit(""))
            .alias("note"),
        ),
        {"within_share": "pct", "p50_hours": "hours"},
        "en",
    )
    speed = report.speed
    buckets = fmt.format_columns(
        fmt.label_column(speed.table, "bucket", "response", "en").select(RESPONSE_KEYS),
        {"sql_rate": "pct", "ci_low": "pct", "ci_high": "pct"},
        "en",
    )
    trend = (
        f"trend over the contacted buckets: z = {speed.trend.z:.2f}, {fmt.p_value(speed.trend.p_value)}"
        " (observational: fast responders may also pick the better leads)"
    )
    window = f"{fmt.month(report.window_first)}–{fmt.month(m.month)}"
    return "\n".join(
        [
            *lines,
            "",
            "by owner",
            text_table(owners),
            f"speed to lead, MQLs of {window}",
            text_table(buckets),
            trend,
        ]
    )


def run_sla(args: argparse.Namespace, ws: Workspace) -> Output:
    """``sla``: the month's SLA for both teams, per owner, and the speed-to-lead curve."""
    chosen = resolve_month(args.month, None) if args.month else None  # bad input: fail first
    criteria = resolve_criteria(args, ws)
    replayed = replay_with_outcome(cached_replay(ws, criteria, progress=replay_progress(ws)))
    dated = ws.scalar("SELECT count(*) FROM leads WHERE created_at IS NOT NULL")
    month = chosen or resolve_month(None, last_complete_month(replayed.as_of) if dated else None)
    report = build_sla_report(
        replayed.leads,
        month=month,
        as_of=replayed.as_of,
        contact_hours=criteria.sla.contact_hours,
        mql_per_month=criteria.sla.mql_per_month,
        min_score=criteria.sla.min_score,
        feedback=ws.query("SELECT lead_id, given_at FROM feedback"),
    )
    return Output(data=sla_json(report), text=_text(report))


CLI_COMMANDS = (
    Command(
        name="sla",
        help="service levels of a month (default: the last complete one): contact within the "
        "SLA per owner, MQLs delivered vs promised, speed-to-lead curve",
        add_arguments=_add_arguments,
        run=run_sla,
    ),
)
