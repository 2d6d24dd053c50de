"""CLI: ``python -m analytics report`` — the monthly review as HTML, Excel or PDF.

Opens the workspace read-only, so it runs by schedule (cron) beside the dashboard.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from analytics.cli.command import (
    Command,
    Output,
    replay_progress,
    resolve_criteria,
    resolve_month,
)
from analytics.errors import InputError
from analytics.report.build import build_report
from analytics.report.html import render_html
from analytics.report.model import AUDIENCES, FORMATS
from analytics.store.db import DEFAULT_DB, Workspace
from analytics.text.catalog import LANGUAGES


def _add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", default=str(DEFAULT_DB), help=f"workspace (default: {DEFAULT_DB})")
    parser.add_argument("--month", help="YYYY-MM (default: the last complete month)")
    parser.add_argument("--out", required=True, help="FILE.html, FILE.xlsx or FILE.pdf")
    parser.add_argument("--audience", choices=AUDIENCES, default="all", help="who reads it")
    parser.add_argument("--lang", choices=tuple(LANGUAGES), default="ja", help="report language")
    parser.add_argument("--criteria", help="criteria TOML file (default: the criteria in force)")


def render(report, kind: str) -> bytes:
    """The report's bytes in ``kind`` (``html``, ``xlsx`` or ``pdf``)."""
    if kind == "xlsx":
        from analytics.report.xlsx import render_xlsx

        return render_xlsx(report)
    document = render_html(report)
    if kind == "pdf":
        from analytics.report.pdf import render_pdf

        return render_pdf(document, footer=report.footer)
    return document.encode("utf-8")


def run_report(args: argparse.Namespace) -> Output:
    """``report``: build the month's report and write it to ``--out``."""
    out = Path(args.out)
    kind = out.suffix.lower().lstrip(".")
    if kind not in FORMATS:
        raise InputError.make("report.bad_out", value=str(out))
    month = resolve_month(args.month, None) if args.month else None
    with Workspace.open(args.db, read_only=True) as ws:
        criteria = resolve_criteria(args, ws)
        from analytics.criteria.agreement import criteria_in_force, default_status

        status = (
            default_status(criteria, status="file") if args.criteria else criteria_in_force(ws)[1]
        )
        report = build_report(
            ws,
            criteria,
            status,
            month=month,
            audience=args.audience,
            lang=args.lang,
            progress=replay_progress(ws),
        )
    data = render(report, kind)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(data)
    summary = {
        "month": f"{report.month:%Y-%m}",
        "out": str(out),
        "format": kind,
        "audience": report.audience,
        "lang": report.lang,
        "bytes": len(data),
        "findings": list(report.findings),
        "kpis": [{k: r[k] for k in ("key", "value", "denominator", "ci_low", "ci_high")}
                 for r in report.kpis],
    }  # fmt: skip
    return Output(data=summary, text=f"wrote {out} ({report.title}, {len(data):,} bytes)")


CLI_COMMANDS = (
    Command(
        name="report",
        help="the monthly review report as HTML (offline), Excel (native charts) or PDF (A4)",
        add_arguments=_add_arguments,
        run=run_report,
        needs_db=False,  # opens the workspace itself, read-only (runs beside the dashboard)
    ),
)
