"""CLI: ``python -m analytics score``."""

from __future__ import annotations

import argparse
from typing import Any

import polars as pl

from analytics.cli.command import Command, Output, resolve_criteria, text_table
from analytics.scoring.features import build_features
from analytics.scoring.points import explain_lead, parse_as_of, score_features
from analytics.scoring.replay import replay


def _add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--criteria", default=None, help="criteria TOML file (default: the active criteria)"
    )
    parser.add_argument(
        "--as-of", default=None, help="score as of this date (default: the data's end)"
    )
    parser.add_argument(
        "--explain", default=None, metavar="LEAD_ID", help="explain one lead's score"
    )


def _run(args: argparse.Namespace, ws: Any) -> Output:

    criteria = resolve_criteria(args, ws)
    as_of = parse_as_of(args.as_of)
    if args.explain is not None:
        features = build_features(ws, criteria, as_of=as_of)
        table = explain_lead(features, criteria, args.explain)
        scores = score_features(features, criteria).filter(pl.col("lead_id") == args.explain)
        total = float(scores["total"].item())
        data = {
            "lead_id": args.explain,
            "total": total,
            "contributions": table.select("rule", "points").to_dicts(),
        }
        lines = [f"lead {args.explain}: total {total:.1f} (as of {features.as_of:%Y-%m-%d})"]
        lines += [f"  {r['rule']:<28} {r['points']:>8.1f}  {r['detail']}" for r in table.to_dicts()]
        return Output(data=data, text="\n".join(lines), table=table.select("rule", "points"))
    result = replay(ws, criteria, as_of=as_of)
    table = result.leads.select("lead_id", "fit", "engagement", "total", "mql_at").sort("lead_id")
    mqls = table["mql_at"].is_not_null().sum()
    text = (
        f"{table.height:,} leads scored with {criteria.name!r} v{criteria.version} as of "
        f"{result.as_of:%Y-%m-%d}; {mqls:,} reached the MQL threshold {criteria.threshold:g}\n"
        + text_table(table.head(20))
    )
    return Output(data=table.to_dicts(), text=text, table=table)


CLI_COMMANDS = (
    Command(
        "score",
        "score leads (fit, engagement, total, replayed MQL moment) or explain one lead",
        _add_arguments,
        _run,
        formats=("text", "json", "csv"),
    ),
)
