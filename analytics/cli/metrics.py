"""CLI: ``python -m analytics metrics`` — one month's KPIs from the definitions layer."""

from __future__ import annotations

import argparse

from analytics.cli.command import (
    Command,
    Output,
    replay_progress,
    resolve_criteria,
    resolve_month,
    text_table,
)
from analytics.metrics.definitions import (
    KPI_BY_KEY,
    last_complete_month,
    month_records,
    replay_kpis,
    replay_with_outcome,
    win_gaps,
)
from analytics.scoring.cache import cached_replay
from analytics.store.db import Workspace
from analytics.text import format as fmt


def _add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--month", help="YYYY-MM (default: the last complete month)")
    parser.add_argument("--criteria", help="criteria TOML file (default: the agreed criteria)")


def _value_text(key: str, value: float | None) -> str:
    kind = KPI_BY_KEY[key].kind
    if kind == "rate":
        return fmt.pct(value)
    if kind == "money":
        return fmt.yen(value)
    if kind == "days":
        return fmt.days(value)
    return fmt.count(value)


def run_metrics(args: argparse.Namespace, ws: Workspace) -> Output:
    """``metrics``: the month's KPIs, each with numerator, denominator, interval, definition."""
    criteria = resolve_criteria(args, ws)
    replayed = replay_with_outcome(cached_replay(ws, criteria, progress=replay_progress(ws)))
    costs = ws.query("SELECT month, channel, amount FROM costs")
    monthly = replay_kpis(
        replayed.leads,
        as_of=replayed.as_of,
        costs=costs,
        contact_hours=criteria.sla.contact_hours,
    )
    month = resolve_month(args.month, last_complete_month(replayed.as_of) if ws.scalar(
        "SELECT count(*) FROM leads WHERE created_at IS NOT NULL") else None)  # fmt: skip
    records = month_records(monthly, month)
    complete = bool(
        monthly.filter(monthly["month"] == month)["complete"].any() if monthly.height else False
    )
    keys = ("key", "value", "numerator", "denominator", "ci_low", "ci_high", "definition")
    gaps = win_gaps(replayed.leads)  # wins without a date or an amount: "unknown", not 0
    notes = [note.localized("en") for note in gaps.notes()]
    data = {
        "month": f"{month:%Y-%m}",
        "complete": complete,
        "kpis": [{k: r[k] for k in keys} | {"maturing": r["maturing"]} for r in records],
        "notes": notes,
    }
    import polars as pl

    table = pl.DataFrame(
        {
            "kpi": [r["key"] for r in records],
            "value": [_value_text(r["key"], r["value"]) for r in records],
            "n": [fmt.count(r["denominator"]) for r in records],
            "95% CI": [fmt.interval(r["ci_low"], r["ci_high"]) for r in records],
            "note": [
                "unknown"
                if r["key"] in gaps.unknown_kpis
                else "maturing"
                if r["maturing"]
                # a rate over few; a count is what it is
                else (
                    "small n" if r["small_sample"] and KPI_BY_KEY[r["key"]].kind == "rate" else ""
                )
                for r in records
            ],
        }
    )
    status = "complete" if complete else "not complete"
    text = f"{fmt.month(month)} ({status})\n" + text_table(table)
    text += "".join(f"\nnote: {note}" for note in notes)
    return Output(data=data, text=text, table=pl.DataFrame(data["kpis"]))


CLI_COMMANDS = (
    Command(
        name="metrics",
        help="one month's KPIs (default: the last complete month), from the definitions layer",
        add_arguments=_add_arguments,
        run=run_metrics,
        formats=("text", "json", "csv"),
    ),
)
