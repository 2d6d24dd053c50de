"""CLI: ``python -m analytics bands``."""

from __future__ import annotations

import argparse

import polars as pl

from analytics.cli.command import (
    Command,
    Output,
    outcome_leads,
    replay_progress,
    resolve_criteria,
)
from analytics.metrics.bands import (
    BAND_JSON_KEYS,
    BAND_OUTCOMES,
    DEFAULT_EDGES,
    TrendTest,
    _fmt,
    bands_to_records,
    check_band_trend,
    join_scores_as_of,
    parse_edges,
    summarise_bands,
)
from analytics.store.db import Workspace

# --- CLI -------------------------------------------------------------------


def _add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--criteria", help="criteria TOML file (default: the active criteria)")
    parser.add_argument(
        "--bands",
        default=",".join(_fmt(e) for e in DEFAULT_EDGES),
        help="comma-separated band edges (default: 0,50,70,90)",
    )
    parser.add_argument(
        "--outcome", choices=BAND_OUTCOMES, default="sql", help="conversion outcome"
    )
    parser.add_argument(
        "--as-of",
        help="score each lead as of this date (YYYY-MM-DD) and count only leads still open then "
        "(default: peak_total, the highest score before each lead's decision point)",
    )


def _text_table(bands: pl.DataFrame, trend: TrendTest, outcome: str) -> str:
    lines = [
        f"{'band':>10} {'leads':>8} {'conv':>7} {'rate':>7} {'95% CI':>17} {'lift':>6}  {'action':<16} flag"
    ]
    for row in bands.iter_rows(named=True):
        rate = "-" if row["rate"] is None else f"{row['rate']:.1%}"
        ci = "-" if row["ci_low"] is None else f"{row['ci_low']:.1%}–{row['ci_high']:.1%}"
        lift = "-" if row["lift"] is None else f"{row['lift']:.2f}"
        flag = row["order"] if row["order"] != "ok" else ""
        small = " (small n)" if row["small_sample"] else ""
        lines.append(
            f"{row['band']:>10} {row['leads']:>8,} {row['converted']:>7,} {rate:>7} {ci:>17} "
            f"{lift:>6}  {row['action'] or '-':<16} {flag}{small}"
        )
    lines.append(
        f"outcome: {outcome}; trend (Cochran–Armitage) z = {trend.z:.2f}, "
        f"one-sided p = {trend.p_increasing:.3g}"
    )
    return "\n".join(lines)


def run_bands(args: argparse.Namespace, ws: Workspace) -> Output:
    """``python -m analytics bands``: replay the criteria and print the band table.

    Args:
        args: parsed ``--criteria``, ``--bands``, ``--outcome``, ``--as-of``.
        ws: the open workspace.

    Returns:
        :class:`~analytics.cli.main.Output`: JSON records (:data:`BAND_JSON_KEYS`), a text
        table with the trend test, and the CSV table.

    Raises:
        InputError: bad ``--bands``; CriteriaError: a bad criteria file.
    """
    from analytics.scoring.cache import cached_leads
    from analytics.scoring.points import parse_as_of

    edges = parse_edges(args.bands)
    as_of = parse_as_of(args.as_of)
    criteria = resolve_criteria(args, ws)
    need = "bands --outcome won" if args.outcome == "won" else None
    leads = outcome_leads(ws, criteria, need=need)
    score_col = "peak_total"
    if as_of is not None:
        scores = cached_leads(ws, criteria, as_of=as_of, progress=replay_progress(ws))
        leads, score_col = join_scores_as_of(leads, scores, as_of=as_of), "total"
    table = summarise_bands(leads, edges=edges, outcome=args.outcome, score_col=score_col)
    trend = check_band_trend(table)
    return Output(
        data=bands_to_records(table),
        text=_text_table(table, trend, args.outcome),
        table=table.select(BAND_JSON_KEYS),
    )


CLI_COMMANDS = (
    Command(
        name="bands",
        help="score bands: leads, conversions, rate with 95% interval and lift per band",
        add_arguments=_add_arguments,
        run=run_bands,
        formats=("text", "json", "csv"),
    ),
)
