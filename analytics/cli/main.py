"""The command line: ``python -m analytics COMMAND …`` (DESIGN §4).

Each module of this package that offers commands exposes ``CLI_COMMANDS``, a
tuple of :class:`~analytics.cli.command.Command`; the library under ``analytics/``
never imports this package. This module only wires argparse, the shared ``--db`` and
``--format`` options, output formatting and error handling:

- exit 0 on success; human text by default, ``--format json`` (snake_case keys)
  or ``--format csv`` where the command returns a table;
- exit 2 with one line on stderr for any :class:`~analytics.errors.KakehashiError`
  (what, where, how to fix) — never a traceback.
"""

from __future__ import annotations

import argparse
import io
import sys
from collections.abc import Sequence

import polars as pl

from analytics.cli import (
    bands,
    bench,
    criteria,
    demo,
    feedback,
    imports,
    metrics,
    model,
    report,
    score,
    sla,
    whatif,
)
from analytics.cli.command import Command, Output, to_json
from analytics.errors import KakehashiError
from analytics.store.db import DEFAULT_DB, Workspace

# Command modules, in help order: each exposes ``CLI_COMMANDS``.
COMMAND_MODULES = (
    demo, imports, score, metrics, bands, whatif, criteria, sla, feedback, model, report, bench,
)  # fmt: skip


def build_parser() -> tuple[argparse.ArgumentParser, dict[str, Command]]:
    """The argparse parser with every registered command."""
    parser = argparse.ArgumentParser(
        prog="python -m analytics", description="Kakehashi lead-qualification workbench"
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    commands: dict[str, Command] = {}
    for module in COMMAND_MODULES:
        for command in module.CLI_COMMANDS:
            # argparse treats help text as a %-format string; command help is plain text.
            plain = command.help.replace("%", "%%")
            p = sub.add_parser(command.name, help=plain, description=plain)
            if command.needs_db:
                p.add_argument(
                    "--db", default=str(DEFAULT_DB), help=f"workspace file (default: {DEFAULT_DB})"
                )
            p.add_argument(
                "--format", choices=command.formats, default="text", help="output format"
            )
            command.add_arguments(p)
            commands[command.name] = command
    return parser, commands


def render(output: Output, fmt: str) -> str:
    """Format a command's output as text, JSON or CSV."""
    if fmt == "json":
        return to_json(output.data)
    if fmt == "csv":
        buffer = io.StringIO()
        table = output.table if output.table is not None else pl.DataFrame(output.data)
        table.write_csv(buffer)
        return buffer.getvalue().rstrip("\n")
    return output.text


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; returns the exit code (0 ok, 2 bad input)."""
    parser, commands = build_parser()
    args = parser.parse_args(argv)
    command = commands[args.command]
    try:
        if command.needs_db:
            with Workspace.open(args.db) as ws:
                output = command.run(args, ws)
        else:
            output = command.run(args)
    except KakehashiError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except (FileNotFoundError, IsADirectoryError, PermissionError) as exc:
        print(
            f"error: cannot read {exc.filename!r}: {exc.strerror}; check the path", file=sys.stderr
        )
        return 2
    print(render(output, args.format))
    return 0
