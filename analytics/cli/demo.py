"""CLI: ``python -m analytics demo``."""

from __future__ import annotations

import argparse
import time

from analytics.cli.command import Command, Output
from analytics.metrics.demo_lab import add_demo_experiment
from analytics.store.db import Workspace
from analytics.store.demo import LOCALES, load_demo

# --------------------------------------------------------------------------
# CLI
# --------------------------------------------------------------------------


def _add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--leads", type=int, default=20_000, help="number of leads (default 20000)")
    parser.add_argument("--seed", type=int, default=7, help="random seed (default 7)")
    parser.add_argument(
        "--locale", choices=LOCALES, default="ja", help="names and labels (default ja)"
    )


def _run(args: argparse.Namespace, ws: Workspace) -> Output:
    started = time.perf_counter()
    counts = load_demo(ws, leads=args.leads, seed=args.seed, locale=args.locale)
    experiment_id = add_demo_experiment(ws, created_by="demo command")
    seconds = time.perf_counter() - started
    lines = [
        f"demo company written to {ws.path} (seed {args.seed}, locale {args.locale}, {seconds:.1f} s):"
    ]
    lines += [f"  {table:<11}{count:>12,}" for table, count in counts.items()]
    if experiment_id is not None:
        lines.append(
            f"running experiment {experiment_id}: python -m analytics experiment show {experiment_id}"
        )
    return Output(data=counts, text="\n".join(lines))


CLI_COMMANDS = (
    Command(
        name="demo",
        help="replace the workspace's data with a realistic, seeded demo company",
        add_arguments=_add_arguments,
        run=_run,
        creates=True,
    ),
)
