"""The command line: ``python -m analytics COMMAND …`` (DESIGN §4).

Each module of this package that offers commands exposes ``CLI_COMMANDS``, a
tuple of :class:`~analytics.cli.command.Command`; the library under ``analytics/``
never imports this package. This module only wires argparse, the shared ``--db`` and
``--format`` options, output formatting and error handling:

- exit 0 on success; human text by default, ``--format json`` (snake_case keys)
  or ``--format csv`` where the command returns a table;
- exit 2 with one line on stderr for any :class:`~analytics.errors.KakehashiError`
  (what, where, how to fix) — never a traceback;
- the workspace is opened read-only and never created unless the command does
  that (``demo``) or ``--create`` asks; a workspace held by another process's
  write is waited for (``KAKEHASHI_LOCK_WAIT`` seconds, 30 by default, a line on
  stderr), a damaged one is one line (``db.damaged``).
"""

from __future__ import annotations

import argparse
import os
import sys
import traceback
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
    profile,
    report,
    score,
    sla,
    whatif,
)
from analytics.cli.command import Command, Output, to_json
from analytics.errors import KakehashiError, no_space_left
from analytics.scoring import cache_entries as entries
from analytics.store.db import DEFAULT_DB, Workspace, workspace_errors
from analytics.store.export import to_csv_text

# Command modules, in help order: each exposes ``CLI_COMMANDS``.
COMMAND_MODULES = (
    demo, imports, score, metrics, bands, whatif, profile, criteria, sla, feedback, model, report,
    bench,
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
            if command.may_create:
                p.add_argument(
                    "--create",
                    action="store_true",
                    help="create a new workspace at --db if there is none (never otherwise)",
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
        table = output.table if output.table is not None else pl.DataFrame(output.data)
        return to_csv_text(table)
    return output.text


def _tell(message: str) -> None:
    """Say on stderr that the command waits for the workspace (never on stdout: JSON stays clean)."""
    print(f"waiting: {message}", file=sys.stderr, flush=True)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; returns the exit code (0 ok, 2 bad input, 1 an unexpected failure).

    Whatever goes wrong ends in one line on stderr: a :class:`KakehashiError` (exit 2), a
    file that cannot be read, a full disk or memory (exit 2), anything else (exit 1, with
    the traceback only under ``--debug`` or ``KAKEHASHI_DEBUG=1``).
    """
    parser, commands = build_parser()
    parser.add_argument(
        "--debug", action="store_true", help="show the traceback of an unexpected error"
    )
    args = parser.parse_args(argv)
    debug = args.debug or os.environ.get("KAKEHASHI_DEBUG", "") not in ("", "0")
    command = commands[args.command]
    # a replay's answer is printed while its cache entry is written (settled below)
    entries.write_in_background()
    try:
        return _run(command, args, debug)
    finally:
        entries.settle()
        entries.write_in_background(False)


def _run(command: Command, args: argparse.Namespace, debug: bool) -> int:
    """Run one parsed command: print its output (or one line on stderr); the exit code."""
    try:
        if command.needs_db:
            create = command.creates or bool(getattr(args, "create", False))
            with (
                workspace_errors(args.db),
                Workspace.open(args.db, read_only=True, create=create, on_wait=_tell) as ws,
            ):
                output = command.run(args, ws)
        else:
            output = command.run(args)
        text = render(output, args.format)
    except KeyboardInterrupt:
        print("error: interrupted; nothing more was done", file=sys.stderr)
        return 130
    except Exception as exc:  # the last line of defence: one line, never a traceback
        if debug:
            traceback.print_exc()
        code, line = explain_failure(exc)
        print(f"error: {line}", file=sys.stderr)
        return code
    print(text)
    return 0


def explain_failure(exc: BaseException) -> tuple[int, str]:
    """(exit code, one line) for an exception that reached the top of a command.

    Example:
        >>> explain_failure(OSError(28, "No space left on device"))[0]
        2
        >>> explain_failure(ZeroDivisionError("division by zero"))
        (1, 'unexpected ZeroDivisionError: division by zero; run again with --debug (or KAKEHASHI_DEBUG=1) for the traceback and report it')
    """
    if isinstance(exc, KakehashiError):
        return 2, str(exc)
    if isinstance(exc, FileNotFoundError | IsADirectoryError | PermissionError):
        return 2, f"cannot read {exc.filename!r}: {exc.strerror}; check the path"
    full = no_space_left(exc)
    if full is not None:
        return 2, KakehashiError.make("cli.no_space", detail=full).args[0]
    for cause in _chain(exc):
        text = str(cause)
        if isinstance(cause, MemoryError) or "out of memory" in text.lower():
            detail = _first_line(text) or type(cause).__name__
            return 2, KakehashiError.make("cli.out_of_memory", detail=detail).args[0]
    detail = _first_line(str(exc)) or "(no message)"
    return 1, KakehashiError.make("cli.unexpected", kind=type(exc).__name__, detail=detail).args[0]


def _chain(exc: BaseException) -> list[BaseException]:
    """The exception and its causes/contexts (a disk-full error hides behind a later one)."""
    seen: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in seen and len(seen) < 20:
        seen.append(current)
        current = current.__cause__ or current.__context__
    return seen


def _first_line(text: str) -> str:
    line = next((part.strip() for part in text.splitlines() if part.strip()), "")
    return line[:300]
