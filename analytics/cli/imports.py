"""CLI: ``python -m analytics imports``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from analytics.cli.command import Command, Output
from analytics.store.db import Workspace
from analytics.store.ingest import KINDS, PRESETS, ImportResult, import_file
from analytics.store.progress import Progress, describe

# --------------------------------------------------------------------------- CLI
_DELIMITER_NAMES = {",": "comma", "\t": "tab", ";": "semicolon", "|": "pipe", "xlsx": "xlsx"}


def format_result(result: ImportResult) -> str:
    """The human summary of an import (what the CLI prints).

    Example:
        >>> print(format_result(ImportResult(1, "leads", "a.csv", "utf-8", ",", "generic", 2, 2, 0, 0, [], [], False)))
        imported leads from 'a.csv' (utf-8, comma, preset generic): 2 rows read, 2 inserted, 0 updated, 0 rejected [import 1]
    """
    verb = "dry run (nothing written) of" if result.dry_run else "imported"
    where = "" if result.import_id is None else f" [import {result.import_id}]"
    lines = [
        f"{verb} {result.kind} from {result.file_name!r} ({result.encoding}, "
        f"{_DELIMITER_NAMES.get(result.delimiter, result.delimiter)}, preset {result.preset}): "
        f"{result.rows_read} rows read, {result.inserted} inserted, {result.updated} updated, "
        f"{result.rejected} rejected{where}"
    ]
    lines += [f"  note: {n}" for n in result.notes]
    lines += [f"  row {r.row}, column {r.column!r}: {r.reason}" for r in result.rejects[:20]]
    if result.rejected > 20:
        lines.append(
            f"  … {result.rejected - 20} more rejects (python -m analytics import --format json)"
        )
    return "\n".join(lines)


def _add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("kind", choices=KINDS, metavar="KIND", help="|".join(KINDS))
    parser.add_argument(
        "file", metavar="FILE", help="CSV/TSV/XLSX file (UTF-8, UTF-8 BOM, UTF-16, CP932)"
    )
    parser.add_argument(
        "--preset", choices=PRESETS, default="auto", help="header preset (default: auto)"
    )
    parser.add_argument(
        "--mapping", default=None, help="TOML mapping file (see analytics/store/ingest/mapping.py)"
    )
    parser.add_argument("--dry-run", action="store_true", help="report everything, write nothing")
    parser.add_argument(
        "--id-from-row",
        action="store_true",
        help="the file has no id column: derive a stable id from each row's content",
    )
    parser.add_argument(
        "--progress",
        action="store_true",
        help="report progress with an estimate on stderr (default: when stderr is a terminal)",
    )
    parser.add_argument(
        "--no-refresh",
        action="store_true",
        help="do not bring the replay and the pages' kept results up to date after the import "
        "(a script importing several files in a row: the first page or command does it once)",
    )


def _run(args: argparse.Namespace, ws: Workspace) -> Output:
    mapping = Path(args.mapping) if args.mapping else None
    if not args.dry_run:
        ws.verify()  # a damaged workspace is reported, never written to and called a success
    result = import_file(
        ws,
        args.kind,
        Path(args.file),
        preset=args.preset,
        mapping=mapping,
        dry_run=args.dry_run,
        id_from_row=args.id_from_row,
        progress=_stderr_progress if args.progress or sys.stderr.isatty() else None,
    )
    if not (args.dry_run or args.no_refresh) and (result.inserted or result.updated):
        # what the pages read for the criteria in force, brought up to date while the user
        # waits for the import anyway (incremental only: analytics.metrics.after_import)
        from analytics.metrics.after_import import refresh_after_import

        done = refresh_after_import(ws)
        if done and (args.progress or sys.stderr.isatty()):
            print(f"up to date for the criteria in force: {', '.join(done)}", file=sys.stderr)
    return Output(result.to_dict(), format_result(result))


def _stderr_progress(progress: Progress) -> None:
    """Progress on stderr, never on stdout (which may be ``--format json``)."""
    print(describe(progress), file=sys.stderr, flush=True)


CLI_COMMANDS = (
    Command(
        "import",
        "import a CSV/TSV/XLSX export: KIND FILE (leads|activities|deals|bant|feedback|costs)",
        _add_arguments,
        _run,
        may_create=True,
    ),
)
