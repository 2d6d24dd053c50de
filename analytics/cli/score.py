"""CLI: ``python -m analytics score``."""

from __future__ import annotations

import argparse
from typing import Any

from analytics.cli.command import (
    Command,
    Output,
    replay_progress,
    resolve_criteria,
    text_table,
)
from analytics.metrics.definitions import replay_with_outcome
from analytics.scoring.cache import cached_replay
from analytics.scoring.explain import Explanation, explain_replayed
from analytics.scoring.points import parse_as_of
from analytics.scoring.why import moment_column, why_summary, why_table
from analytics.text.catalog import t


def _add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--criteria", default=None, help="criteria TOML file (default: the active criteria)"
    )
    parser.add_argument(
        "--as-of", default=None, help="score as of this date (default: the data's end)"
    )
    parser.add_argument(
        "--explain",
        default=None,
        metavar="LEAD_ID",
        help="explain one lead's score at its MQL moment (else its hand-off) and today",
    )


def _contributions(explanation: Explanation) -> list[dict[str, Any]]:
    """``[{"rule", "points", "rounded"}]``: exact points (they sum to the total) and whole ones."""
    return explanation.lines.select("rule", "points", "rounded").to_dicts()


def _explain(args: argparse.Namespace, ws: Any, criteria: Any, as_of: Any) -> Output:
    """``score --explain``: the score at the moment that matters (the MQL moment, else the
    hand-off) rule by rule, and today's beside it (:mod:`analytics.scoring.explain`)."""
    result = replay_with_outcome(
        cached_replay(ws, criteria, as_of=as_of, progress=replay_progress(ws))
    )
    why = explain_replayed(ws, criteria, result.leads, args.explain, as_of=result.as_of)
    main = why.at_moment
    data = {
        "lead_id": args.explain,
        "total": main.total,
        "contributions": _contributions(main),
        "moment": main.moment,
        "at": main.at,
        "mql_at": why.mql_at,
        "handoff_at": why.handoff_at,
        "threshold": criteria.threshold,
        "today": {
            "at": why.today.at,
            "total": why.today.total,
            "contributions": _contributions(why.today),
        },
    }
    table = why_table(why, criteria, "en")
    headers = {
        "rule": t("scoring.col_rule"),
        "at_moment": moment_column(why, "en"),
        "today": t("scoring.col_today"),
        "detail": t("scoring.col_detail"),
    }
    rows = [tuple(headers[c] for c in table.columns), *table.rows()]
    widths = [max(len(str(r[i])) for r in rows) for i in range(len(table.columns) - 1)]
    lines = [
        "  ".join(
            [
                f"{r[0]:<{widths[0]}}",
                *(f"{v:>{w}}" for v, w in zip(r[1:-1], widths[1:], strict=True)),
                r[-1],
            ]
        ).rstrip()
        for r in rows
    ]
    text = "\n".join([why_summary(why, "en"), *lines])
    return Output(data=data, text=text, table=main.lines.select("rule", "points", "rounded"))


def _run(args: argparse.Namespace, ws: Any) -> Output:

    criteria = resolve_criteria(args, ws)
    as_of = parse_as_of(args.as_of)
    if args.explain is not None:
        return _explain(args, ws, criteria, as_of)
    result = replay_with_outcome(
        cached_replay(ws, criteria, as_of=as_of, progress=replay_progress(ws))
    )
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
