"""CLI: ``python -m analytics model`` (the model lab) and ``python -m analytics experiment``."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import Any

import polars as pl

from analytics.cli.command import Command, Output, outcome_replay, resolve_criteria, text_table
from analytics.criteria import Criteria, get_criteria, load_criteria
from analytics.errors import InputError
from analytics.metrics import experiments as exp
from analytics.metrics.definitions import parse_month
from analytics.metrics.model import (
    MIN_TEST_CONVERSIONS,
    OUTCOMES,
    ModelResult,
    prepare_workspace,
    run_model,
    save_scorecard,
)
from analytics.store.db import Workspace
from analytics.text import format as fmt

# --------------------------------------------------------------------------- model


def _model_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--outcome", choices=OUTCOMES, default="won", help="what to predict")
    parser.add_argument(
        "--split",
        help="first month of the test period, YYYY-MM (default: the month leaving ~25%% of the "
        "leads for the test)",
    )
    parser.add_argument("--criteria", help="criteria TOML file (default: the agreed criteria)")
    parser.add_argument(
        "--include", nargs="*", default=[], metavar="COLUMN", help="flagged columns to use anyway"
    )
    parser.add_argument(
        "--exclude", nargs="*", default=[], metavar="COLUMN", help="columns not to use"
    )
    parser.add_argument(
        "--save-draft",
        action="store_true",
        help="store the scorecard as a new draft criteria version (id printed on stderr)",
    )


def _split(text: str | None) -> date | None:
    if text is None:
        return None
    try:
        return parse_month(text)
    except ValueError as exc:
        raise InputError.make("metrics.bad_month", value=text) from exc


def model_text(result: ModelResult) -> str:
    """The human output of ``model``: validation, models against the rules, leaks, scorecard."""
    v = result.validation
    lines = [
        f"outcome: {result.outcome}",
        f"validation: {v.text}",
        f"train: {fmt.count(result.train['leads'])} leads, "
        f"{fmt.count(result.train['conversions'])} conversions; "
        f"holdout: {fmt.count(result.test['leads'])} leads, "
        f"{fmt.count(result.test['conversions'])} conversions",
    ]
    if v.immature:
        lines.append(
            f"left out: {fmt.count(v.immature)} leads younger than {fmt.days(v.maturity_days)} "
            "(their outcome is not known yet)"
        )
    if not v.enough:
        lines.append(
            f"no accuracy claim: the holdout has {result.test['conversions']} conversions; "
            f"at least {MIN_TEST_CONVERSIONS} (and as many non-conversions) are needed"
        )
    else:
        rows = []
        for e in result.evaluations:
            paired = result.comparisons.get(e.name)
            rows.append(
                {
                    "score": e.name,
                    "AUC": fmt.number(e.auc.auc, 3),
                    "95% CI": f"{fmt.number(e.auc.ci_low, 3)}–{fmt.number(e.auc.ci_high, 3)}",
                    "Brier": fmt.number(e.brier, 4),
                    "top 25% capture": fmt.pct(e.check["captured"]),
                    "vs rules": "" if paired is None else fmt.p_value(paired.p_value),
                }
            )
        lines.append(text_table(pl.DataFrame(rows)))
    if result.flagged:
        lines.append("excluded by the leak guard (use --include to override):")
        lines += [
            f"  {f['column']}: {f['reason']} (single-column AUC {fmt.number(f['auc'], 3)})"
            for f in result.flagged
        ]
    threshold = fmt.number(result.criteria.threshold) if result.criteria else "–"
    accuracy = (
        f"; AUC {fmt.number(result.scorecard_auc, 3)} vs the model's "
        f"{fmt.number(result.logistic_auc, 3)}"
        if v.enough
        else ""
    )
    lines.append(f"scorecard (rounded to 5{accuracy}; MQL threshold {threshold}):")
    shown = result.scorecard.filter(pl.col("points") != 0).select("rule", "value", "points")
    lines.append(text_table(shown) if shown.height else "  (every point rounds to 0)")
    return "\n".join(lines)


def run_model_command(args: argparse.Namespace, ws: Workspace) -> Output:
    """``model``: fit, judge on the holdout, scorecard; ``--save-draft`` stores it."""
    criteria = resolve_criteria(args, ws)
    need = "model --outcome won" if args.outcome == "won" else None
    replayed = outcome_replay(ws, criteria, need=need)
    data = prepare_workspace(ws, criteria, outcome=args.outcome, replayed=replayed)
    result = run_model(data, split=_split(args.split), include=args.include, exclude=args.exclude)
    if args.save_draft:
        criteria_id = save_scorecard(ws, result, created_by="model command")
        print(f"saved the scorecard as draft criteria {criteria_id}", file=sys.stderr)
    return Output(data=result.to_json(), text=model_text(result))


# --------------------------------------------------------------------------- experiment
ACTIONS = ("create", "list", "show", "backtest")


def _experiment_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("action", choices=ACTIONS, help="what to do")
    parser.add_argument(
        "ids", nargs="*", help="show: the experiment id; backtest: two criteria ids or TOML files"
    )
    parser.add_argument("--champion", type=int, help="create: criteria id of the champion")
    parser.add_argument("--challenger", type=int, help="create: criteria id of the challenger")
    parser.add_argument(
        "--share", type=float, default=0.5, help="create: the challenger's share of new leads"
    )
    parser.add_argument("--start", help="create: first day of the experiment, YYYY-MM-DD")
    parser.add_argument("--seed", type=int, help="create: assignment seed (default: the id)")
    parser.add_argument("--outcome", choices=exp.OUTCOMES, default="won", help="what counts")
    parser.add_argument(
        "--lift",
        type=float,
        default=0.2,
        help="create: the smallest relative improvement worth detecting (0.2 = 20%%)",
    )
    parser.add_argument("--alpha", type=float, default=0.05, help="create: significance level")
    parser.add_argument("--power", type=float, default=0.8, help="create: power")
    parser.add_argument(
        "--baseline", type=float, help="create: expected champion rate (default: from history)"
    )
    parser.add_argument("--name", help="create: a name for the experiment")


def _criteria(ref: str, ws: Workspace) -> Criteria:
    if ref.isdigit():
        return get_criteria(ws, int(ref))
    return load_criteria(Path(ref))


def _need(ok: bool, action: str, what: str, example: str) -> None:
    if not ok:
        raise InputError.make("experiment.err_action", action=action, what=what, example=example)


def _start(text: str | None) -> date:
    _need(text is not None, "create", "--start", "--start 2026-11-01")
    try:
        return date.fromisoformat(str(text).replace("/", "-"))
    except ValueError as exc:
        raise InputError.make(
            "experiment.err_action", action="create", what="--start as YYYY-MM-DD",
            example="--start 2026-11-01",
        ) from exc  # fmt: skip


def result_text(result: exp.ExperimentResult) -> str:
    """The human output of ``experiment show``."""
    e = result.experiment
    lines = [
        f"experiment {e.experiment_id} ({e.name}): champion criteria {e.champion_id} vs challenger "
        f"{e.challenger_id} ({fmt.pct(e.challenger_share, 0)} of new leads) since {fmt.day(e.start_at)}, "
        f"outcome {e.outcome}, seed {e.seed}",
        f"plan: {fmt.pct(e.baseline_rate)} → {fmt.pct(e.target_rate)} at alpha {e.alpha:g}, "
        f"power {e.power:g}: {fmt.count(e.planned_champion)} + {fmt.count(e.planned_challenger)} leads",
    ]
    arms = result.arms.to_dicts()  # two rows
    table = pl.DataFrame(
        {
            "arm": [a["arm"] for a in arms],
            "leads": [fmt.count(a["leads"]) for a in arms],
            "conversions": [fmt.count(a["conversions"]) for a in arms],
            "rate (95% CI)": [
                fmt.rate_with_ci(a["rate"], a["ci_low"], a["ci_high"], a["leads"]) for a in arms
            ],
            "planned": [fmt.count(a["planned"]) for a in arms],
            "needed": [fmt.count(a["needed"]) for a in arms],
        }
    )
    lines.append(text_table(table))
    d = result.difference
    if d is not None:
        lines.append(
            f"difference (challenger − champion): {fmt.pct_points(d.difference)} "
            f"({fmt.pct_points(d.ci_low)} to {fmt.pct_points(d.ci_high)}), {fmt.p_value(d.p_value)}"
        )
    lines.append(f"verdict: {result.verdict.replace('_', ' ')}")
    return "\n".join(lines)


def backtest_text(bt: exp.Backtest) -> str:
    """The human output of ``experiment backtest``."""
    m = bt.discordant
    sides = bt.sides  # two rows
    lines = [
        f"outcome: {bt.outcome}; {fmt.count(bt.leads)} leads, {fmt.count(bt.conversions)} conversions",
        f"MQL decisions that differ: {m['a_only']} only A, {m['b_only']} only B "
        f"(McNemar {'exact' if m['exact'] else 'χ²'} {fmt.p_value(m['p_value'])})",
        text_table(
            pl.DataFrame(
                {
                    "criteria": sides["name"],
                    "threshold": [fmt.number(v) for v in sides["threshold"]],
                    "MQLs": [fmt.count(v) for v in sides["mqls"]],
                    "precision (95% CI)": [
                        fmt.rate_with_ci(r, lo, hi, n)
                        for r, lo, hi, n in sides.select(
                            "precision", "ci_low", "ci_high", "mqls"
                        ).iter_rows()
                    ],
                    "recall": [fmt.pct(v) for v in sides["recall"]],
                }
            )
        ),
        f"at equal volume ({fmt.count(bt.equal_volume)} MQLs, A's count) the precision is "
        + " vs ".join(fmt.pct(v) for v in bt.sides["precision_at_equal_volume"].to_list()),
        f"AUC A {fmt.number(bt.auc.auc_a, 3)} vs B {fmt.number(bt.auc.auc_b, 3)}: difference "
        f"{fmt.number(bt.auc.difference, 3)} ({fmt.number(bt.auc.ci_low, 3)} to "
        f"{fmt.number(bt.auc.ci_high, 3)}), {fmt.p_value(bt.auc.p_value)} (DeLong, paired)",
    ]
    return "\n".join(lines)


def run_experiment(args: argparse.Namespace, ws: Workspace) -> Output:
    """``experiment create|list|show|backtest``."""
    action = args.action
    if action == "list":
        table = exp.list_experiments(ws)
        shown = fmt.format_columns(
            table.select(
                "experiment_id", "name", "champion_id", "challenger_id", "challenger_share",
                "start_at", "outcome", "planned_champion", "planned_challenger",
            ),
            {"challenger_share": "pct", "start_at": "day", "planned_champion": "count",
             "planned_challenger": "count"},
            "en",
        ).rename(
            {"experiment_id": "id", "champion_id": "champion", "challenger_id": "challenger",
             "challenger_share": "share", "start_at": "start", "planned_champion": "planned A",
             "planned_challenger": "planned B"}
        )  # fmt: skip
        text = text_table(shown) if table.height else "no experiments yet"
        return Output(data=table.to_dicts(), text=text)
    if action == "create":
        _need(
            args.champion is not None and args.challenger is not None,
            "create",
            "--champion and --challenger",
            "--champion 1 --challenger 2",
        )
        experiment_id = exp.create_experiment(
            ws,
            champion_id=args.champion,
            challenger_id=args.challenger,
            share=args.share,
            start=_start(args.start),
            seed=args.seed,
            outcome=args.outcome,
            lift=args.lift,
            alpha=args.alpha,
            power=args.power,
            baseline_rate=args.baseline,
            name=args.name,
            created_by="experiment command",
        )
        e = exp.get_experiment(ws, experiment_id)
        data: dict[str, Any] = e.to_dict()
        return Output(
            data=data,
            text=f"created experiment {experiment_id}: {fmt.count(e.planned_champion)} champion "
            f"and {fmt.count(e.planned_challenger)} challenger leads planned",
        )
    if action == "show":
        _need(len(args.ids) == 1, "show", "one experiment id", "experiment show 1")
        _need(args.ids[0].isdigit(), "show", "one experiment id", "experiment show 1")
        result = exp.experiment_results(ws, exp.get_experiment(ws, int(args.ids[0])))
        return Output(data=result.to_json(), text=result_text(result))
    _need(
        len(args.ids) == 2,
        "backtest",
        "two criteria (ids or TOML files)",
        "experiment backtest 1 2",
    )
    bt = exp.backtest(
        ws, _criteria(args.ids[0], ws), _criteria(args.ids[1], ws), outcome=args.outcome
    )
    return Output(data=bt.to_json(), text=backtest_text(bt))


CLI_COMMANDS = (
    Command(
        name="model",
        help="predict won (or SQL) at the decision point, judged out of time, as a scorecard",
        add_arguments=_model_arguments,
        run=run_model_command,
    ),
    Command(
        name="experiment",
        help="champion/challenger experiments (create, list, show) and back-tests of two criteria",
        add_arguments=_experiment_arguments,
        run=run_experiment,
    ),
)
