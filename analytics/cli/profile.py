"""CLI: ``python -m analytics profile`` — the won-customer profile and its guarded proposal."""

from __future__ import annotations

import argparse
import math
from typing import Any

import polars as pl

from analytics.cli.command import Command, Output, outcome_replay, resolve_criteria, text_table
from analytics.metrics.definitions import outcome_source
from analytics.metrics.profile import PROFILE_OUTCOMES
from analytics.metrics.profile_kept import cached_proposal
from analytics.metrics.proposal import ProfileProposal, proposal_records
from analytics.store.db import Workspace

ROW_KEYS = ("attribute", "value", "leads", "converted", "rate", "ci_low", "ci_high", "lift",
            "enough")  # fmt: skip


def _add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--criteria", help="criteria TOML file (default: the active criteria)")
    parser.add_argument(
        "--outcome", choices=PROFILE_OUTCOMES, default="won", help="outcome (default: won)"
    )
    parser.add_argument(
        "--include", action="append", default=[], metavar="COL",
        help="use a column the leak guard flagged (repeatable; never an outcome column)",
    )  # fmt: skip
    parser.add_argument(
        "--exclude", action="append", default=[], metavar="COL",
        help="leave a column out of the proposal (repeatable)",
    )  # fmt: skip
    parser.add_argument(
        "--min-n", type=int, default=30, help="fewest leads of a value for points (default: 30)"
    )


def _clean(value: Any) -> Any:
    return None if isinstance(value, float) and math.isnan(value) else value


def _data(outcome: str, source: Any, run: ProfileProposal) -> dict[str, Any]:
    return {
        "outcome": outcome,
        "outcome_source": {
            "sources": list(source.sources),
            "leads": source.leads,
            "carried": source.carried,
            "converted": source.converted,
            "text": source.text().localized("en"),
        },
        "rows": [
            {k: _clean(v) for k, v in row.items()}
            for row in run.attributes.select(ROW_KEYS).iter_rows(named=True)
        ],
        "flagged": run.flagged,
        "columns": run.columns,
        "proposed": proposal_records(run),
        "holdout_auc": run.holdout["auc"],
        "holdout": run.holdout,
    }


def _text(data: dict[str, Any], run: ProfileProposal) -> str:
    lines = [data["outcome_source"]["text"], ""]
    if run.flagged:
        lines.append("flagged (left out unless --include):")
        lines += [
            f"  {f['column']}: {f['reason']}" + (f" (AUC {f['auc']:.2f})" if f["auc"] else "")
            for f in run.flagged
        ]
    lines.append(f"columns used: {', '.join(run.columns) or '(none)'}")
    if run.proposed.is_empty():
        lines.append("no proposed points (no value with enough leads and a real difference)")
    else:
        lines += ["proposed points:", text_table(run.proposed.drop("ci_low", "ci_high"))]
    held = data["holdout"]
    auc = "–" if held["auc"] is None else f"{held['auc']:.3f}"
    lines.append(
        f"holdout AUC of the proposed points: {auc} "
        f"({held['leads']:,} held-out leads, {held['conversions']:,} converted)"
    )
    return "\n".join(lines)


def _run(args: argparse.Namespace, ws: Workspace) -> Output:
    criteria = resolve_criteria(args, ws)
    need = "profile --outcome won" if args.outcome == "won" else None
    replayed = outcome_replay(ws, criteria, need=need)
    source = outcome_source(replayed.leads)
    run = cached_proposal(
        ws,
        replayed.leads,
        outcome=args.outcome,
        include=args.include,
        exclude=args.exclude,
        min_n=args.min_n,
    )
    data = _data(args.outcome, source, run)
    return Output(data=data, text=_text(data, run), table=pl.DataFrame(data["rows"]))


CLI_COMMANDS = (
    Command(
        name="profile",
        help="won-customer profile: conversion by attribute value, leak guard, proposed points",
        add_arguments=_add_arguments,
        run=_run,
    ),
)
