"""CLI: ``python -m analytics feedback`` — what sales said about the month's MQLs, against the score."""

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
from analytics.metrics.feedback import (
    FeedbackReport,
    build_feedback_report,
    records,
)
from analytics.metrics.feedback.kept import cached_rule_points
from analytics.scoring.cache import cached_replay
from analytics.store.db import Workspace
from analytics.text import format as fmt

BAND_KEYS = ("band", "mqls", "accepted", "rejected", "recycled", "reject_rate", "ci_low", "ci_high")
REASON_KEYS = ("reason", "count", "median_score")
LIST_KEYS = (
    "lead_id", "company", "owner", "source", "score", "band", "verdict", "reason",
    "given_by", "given_at", "rules",
)  # fmt: skip


def _add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--month", help="MQL month YYYY-MM (default: the last complete month)")
    parser.add_argument("--criteria", help="criteria TOML file (default: the agreed criteria)")


def feedback_json(report: FeedbackReport) -> dict[str, Any]:
    """The ``feedback --format json`` shape (README): verdicts by band, reasons, disagreements."""
    return {
        "by_band": records(report.by_band, BAND_KEYS),
        "reasons": records(report.reasons, REASON_KEYS),
        "rejected_high_score": records(report.rejected_high_score, LIST_KEYS),
        "won_below_threshold": records(report.won_below_threshold, LIST_KEYS),
    }


def _text(report: FeedbackReport) -> str:
    bands = fmt.format_columns(
        report.by_band.select(*BAND_KEYS[:5], "no_feedback", *BAND_KEYS[5:]),
        {"reject_rate": "pct", "ci_low": "pct", "ci_high": "pct"},
        "en",
    )
    reasons = fmt.format_columns(
        report.reasons.select(*REASON_KEYS, "accepted", "rejected", "recycled"),
        {"median_score": "score"},
        "en",
    )
    outliers = report.owner_outliers.filter(pl.col("flagged"))
    flagged = ", ".join(str(o) for o in outliers["owner"].to_list()) or "none"
    disagreements = (
        f"high-score MQLs rejected by sales: {fmt.count(report.rejected_high_score.height)}; "
        f"won below the threshold: {fmt.count(report.won_below_threshold.height)}"
    )
    return "\n".join(
        [
            f"MQLs of {fmt.month(report.first)}: {fmt.count(report.mqls.height)}",
            "verdicts by score band (rates over the MQLs with feedback)",
            text_table(bands),
            "reasons",
            text_table(reasons),
            disagreements,
            f"owners whose reject rate differs from the rest beyond noise: {flagged}",
        ]
    )


def run_feedback(args: argparse.Namespace, ws: Workspace) -> Output:
    """``feedback``: the month's MQL verdicts by score band, reasons and the disagreement lists."""
    chosen = resolve_month(args.month, None) if args.month else None  # bad input: fail first
    criteria = resolve_criteria(args, ws)
    replayed = replay_with_outcome(cached_replay(ws, criteria, progress=replay_progress(ws)))
    dated = ws.scalar("SELECT count(*) FROM leads WHERE created_at IS NOT NULL")
    month = chosen or resolve_month(None, last_complete_month(replayed.as_of) if dated else None)
    report = build_feedback_report(
        replayed.leads,
        ws.query("SELECT * FROM feedback"),
        threshold=criteria.threshold,
        first=month,
        points=cached_rule_points(ws, criteria, replayed.leads),
        deals=ws.query("SELECT lead_id, created_at, closed_at, is_won, lost_reason FROM deals"),
    )
    return Output(data=feedback_json(report), text=_text(report))


CLI_COMMANDS = (
    Command(
        name="feedback",
        help="sales feedback on a month's MQLs (default: the last complete month): verdicts by "
        "score band, reasons, high-score MQLs rejected, wins below the threshold",
        add_arguments=_add_arguments,
        run=run_feedback,
    ),
)
