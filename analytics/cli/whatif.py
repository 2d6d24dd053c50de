"""CLI: ``python -m analytics whatif``."""

from __future__ import annotations

import argparse
import math
import sys
from collections.abc import Mapping
from dataclasses import replace
from datetime import date
from typing import Any

import polars as pl

from analytics.cli.command import Command, Output, outcome_replay, resolve_criteria, text_table
from analytics.errors import InputError
from analytics.metrics.whatif import (
    JSON_KEYS,
    Assumptions,
    sweep_table,
    whatif_at,
)
from analytics.metrics.whatif.cached import cached_sweep
from analytics.text.catalog import render


# --------------------------------------------------------------------------- CLI
def _add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--criteria", help="criteria TOML (default: the workspace's active)")
    parser.add_argument("--threshold", type=float, help="MQL threshold (default: the criteria's)")
    parser.add_argument("--capacity", type=float, help="MQLs sales can work per month")
    parser.add_argument(
        "--sweep", action="store_true", help="every threshold of the grid instead of one"
    )
    parser.add_argument("--start", type=date.fromisoformat, help="period start YYYY-MM-DD")
    parser.add_argument("--end", type=date.fromisoformat, help="period end YYYY-MM-DD")


def _record(row: Mapping[str, Any]) -> dict[str, Any]:
    out = {}
    for key in JSON_KEYS:
        value = row[key]
        if key == "mql" and value is not None:
            value = int(value)
        elif isinstance(value, float) and math.isnan(value):
            value = None
        out[key] = value
    return out


def run_whatif(args: argparse.Namespace, ws: Any) -> Any:
    """``python -m analytics whatif``: one threshold, or every threshold with ``--sweep``."""

    criteria = resolve_criteria(args, ws)
    if ws.scalar("SELECT count(*) FROM leads") == 0:
        raise InputError.make("whatif.no_leads", path=ws.path)
    threshold = float(criteria.threshold) if args.threshold is None else args.threshold
    if args.start or args.end:
        period = (args.start or date(1900, 1, 1), args.end or date(2999, 12, 31))
    else:
        period = None
    chosen = replace(criteria, threshold=threshold)
    replayed = outcome_replay(ws, chosen)
    sweep = cached_sweep(ws, chosen, replay=replayed)
    if sweep.snapshot:
        print(render("whatif.snapshot", "en"), file=sys.stderr)
    assumptions = Assumptions(capacity_per_month=args.capacity)
    if args.sweep:
        table = sweep_table(sweep, period=period, assumptions=assumptions)
        data = [_record(r) for r in table.iter_rows(named=True)]
        csv_table = table.select(JSON_KEYS)
        return Output(data=data, text=text_table(csv_table), table=csv_table)
    row = whatif_at(sweep, threshold, period=period, assumptions=assumptions).row(0, named=True)
    data = _record(row)
    lines = [f"{k}: {_text_value(v)}" for k, v in data.items()]
    return Output(data=data, text="\n".join(lines), table=pl.DataFrame([data]))


def _text_value(value: Any) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:,.3f}" if abs(value) < 10 else f"{value:,.1f}"
    return str(value)


CLI_COMMANDS = (
    Command(
        name="whatif",
        help="what a different MQL threshold would have done (volume, precision, recall)",
        add_arguments=_add_arguments,
        run=run_whatif,
        formats=("text", "json", "csv"),
    ),
)
