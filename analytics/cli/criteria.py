"""CLI: ``python -m analytics criteria …`` (the agreement lifecycle) and ``compare A B``.

``criteria list|save|propose|sign|reject|retire|show|history`` drive
:mod:`analytics.criteria.agreement`; ``compare`` runs
:func:`analytics.metrics.compare.compare_criteria` on two stored versions or TOML files.
"""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import Any

import polars as pl

from analytics.cli.command import Command, Output, replay_progress, text_table
from analytics.criteria import Criteria, agreement, get_criteria, load_criteria
from analytics.criteria.diff import describe_changes, diff_criteria
from analytics.errors import CriteriaError
from analytics.metrics.bands import DEFAULT_EDGES, parse_edges
from analytics.metrics.compare import Comparison, compare_criteria, comparison_json
from analytics.metrics.whatif import Assumptions
from analytics.store.db import DEFAULT_DB
from analytics.text import format as fmt
from analytics.text.catalog import t

FORMATS = ("text", "json")


# --------------------------------------------------------------------------- criteria
def _shared(parser: argparse.ArgumentParser) -> None:
    """``--db``/``--format`` after the action too (``criteria list --format json``)."""
    parser.add_argument(
        "--db", default=argparse.SUPPRESS, help=f"workspace (default: {DEFAULT_DB})"
    )
    parser.add_argument(
        "--format", choices=FORMATS, default=argparse.SUPPRESS, help="output format"
    )


def _add_criteria_arguments(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")

    def action(name: str, text: str) -> argparse.ArgumentParser:
        sub = actions.add_parser(name, help=text, description=text)
        _shared(sub)
        return sub

    action("list", "every stored version with its status and sign-offs")
    save = action("save", "store a TOML file as a new draft version")
    save.add_argument("file", metavar="FILE.toml")
    save.add_argument("--by", required=True, help="who saves it")
    save.add_argument("--note", default="", help="why")
    propose = action("propose", "put a draft on the table for both teams to sign")
    propose.add_argument("id", type=int, metavar="ID")
    propose.add_argument("--by", required=True, help="who proposes it")
    propose.add_argument("--note", default="", help="what and why")
    sign = action("sign", "sign a proposal for one team; both teams' signatures agree it")
    sign.add_argument("id", type=int, metavar="ID")
    sign.add_argument("--team", required=True, choices=agreement.TEAMS)
    sign.add_argument("--by", required=True, help="who signs")
    sign.add_argument("--note", default="", help="a comment")
    reject = action("reject", "send a proposal back to draft, with the reason")
    reject.add_argument("id", type=int, metavar="ID")
    reject.add_argument("--by", required=True, help="who rejects it")
    reject.add_argument("--note", required=True, help="the reason")
    retire = action("retire", "take a version out of use (nothing is deleted)")
    retire.add_argument("id", type=int, metavar="ID")
    retire.add_argument("--by", required=True, help="who retires it")
    retire.add_argument("--note", default="", help="why")
    show = action("show", "print a stored version's TOML")
    show.add_argument("id", type=int, metavar="ID")
    history = action("history", "the audit trail: who saved, proposed, signed, rejected, retired")
    history.add_argument("--id", type=int, default=None, help="only this version's events")


def _signed_text(status: agreement.CriteriaStatus) -> str:
    return ", ".join(f"{s.team} {s.signed_by}" for s in status.signoffs) or "–"


def _item(status: agreement.CriteriaStatus) -> dict[str, Any]:
    keys = ("criteria_id", "name", "version", "status", "sha256", "created_at", "created_by")
    data = status.to_dict()
    return {k: data[k] for k in keys} | {
        "signoffs": data["signoffs"],
        "in_force": status.in_force,
        "problems": data["problems"],
    }


def _run_list(ws: Any) -> Output:
    versions = agreement.list_versions(ws)
    in_force = agreement.criteria_in_force(ws)[1]
    table = pl.DataFrame(
        {
            "id": [s.criteria_id for s in versions],
            "name": [s.name for s in versions],
            "version": [s.version for s in versions],
            "status": [s.status + (" (in force)" if s.in_force else "") for s in versions],
            "signed": [_signed_text(s) for s in versions],
            "created": [f"{fmt.moment(s.created_at)} {s.created_by or ''}" for s in versions],
            "problems": [", ".join(s.problems) for s in versions],
        },
        schema={
            "id": pl.Int64,
            "name": pl.String,
            "version": pl.Int64,
            "status": pl.String,
            "signed": pl.String,
            "created": pl.String,
            "problems": pl.String,
        },
    )
    text = f"in force: {agreement.describe(in_force)}\n" + (
        text_table(table) if versions else "no stored versions"
    )
    return Output(data=[_item(s) for s in versions], text=text)


def _step_text(status: agreement.CriteriaStatus, action: str) -> str:
    head = f"#{status.criteria_id} {status.name} v{status.version}: {status.status}"
    if action == "sign" and status.status == "proposed":
        missing = [team for team in agreement.TEAMS if status.signed(team) is None]
        return f"{head}; signed by {_signed_text(status)}; waiting for {', '.join(missing)}"
    if action == "sign":
        return f"{head} by {_signed_text(status)}; now in force"
    return head


def _run_criteria(args: argparse.Namespace, ws: Any) -> Output:
    """``criteria ACTION``: one step of the lifecycle, or a listing."""
    action = args.action
    if action == "list":
        return _run_list(ws)
    if action == "save":
        criteria = load_criteria(Path(args.file))
        new_id = agreement.save_version(ws, criteria, by=args.by, note=args.note)
        status = agreement.status_of(ws, new_id)
        data = {k: _item(status)[k] for k in ("criteria_id", "name", "version", "status", "sha256")}
        text = (
            f"saved draft #{new_id}: {status.name} v{status.version} (sha256 {status.sha256[:12]})"
        )
        return Output(data=data, text=text)
    if action == "show":
        status = agreement.status_of(ws, args.id)
        body = ws.scalar("SELECT body FROM criteria WHERE criteria_id = ?", [args.id])
        return Output(data=_item(status) | {"body": body}, text=body.rstrip("\n"))
    if action == "history":
        return _run_history(ws, args.id)
    steps = {
        "propose": lambda: agreement.propose(ws, args.id, by=args.by, note=args.note),
        "sign": lambda: agreement.sign(ws, args.id, team=args.team, by=args.by, note=args.note),
        "reject": lambda: agreement.reject(ws, args.id, by=args.by, note=args.note),
        "retire": lambda: agreement.retire(ws, args.id, by=args.by, note=args.note),
    }
    status = steps[action]()
    return Output(data=_item(status), text=_step_text(status, action))


def _run_history(ws: Any, criteria_id: int | None) -> Output:
    events = agreement.history_with_changes(ws, criteria_id)
    problems = agreement.check_integrity(ws)
    if criteria_id is not None:
        problems = problems.filter(pl.col("criteria_id") == criteria_id)
    lines = []
    for event in events:
        who = event["actor"] + (f" for {event['team']}" if event["team"] else "")
        note = f" — {event['note']}" if event["note"] else ""
        flag = "" if event["intact"] else "  [EDITED OUTSIDE KAKEHASHI]"
        lines.append(
            f"{fmt.moment(event['acted_at'])}  #{event['criteria_id']} {event['name']} "
            f"v{event['version']}  {fmt.label('action', event['action'])} by {who}{note}{flag}"
        )
        lines += [f"    {line}" for line in describe_changes(event["changes"] or [], "en")]
    lines += [
        f"integrity: #{p['criteria_id']} {fmt.label('integrity', p['problem'])} ({p['detail']})"
        for p in problems.iter_rows(named=True)
    ]
    data = {"events": events, "problems": problems.to_dicts()}
    return Output(data=data, text="\n".join(lines) or "no events yet")


# --------------------------------------------------------------------------- compare
def _add_compare_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("a", metavar="A", help="criteria id (see criteria list) or TOML file")
    parser.add_argument("b", metavar="B", help="criteria id or TOML file")
    parser.add_argument("--capacity", type=float, help="MQLs sales can work per month")
    parser.add_argument("--start", type=date.fromisoformat, help="period start YYYY-MM-DD")
    parser.add_argument("--end", type=date.fromisoformat, help="period end YYYY-MM-DD")
    parser.add_argument(
        "--bands",
        default=",".join(fmt.edge(e) for e in DEFAULT_EDGES),
        help="score-band edges (default: 0,50,70,90)",
    )
    parser.add_argument(
        "--outcome", choices=("sql", "won"), default="sql", help="outcome of the band table"
    )


def resolve_ref(ws: Any, ref: str) -> tuple[Criteria, agreement.CriteriaStatus]:
    """A stored version (by id) or a TOML file, with its status.

    Raises:
        CriteriaError: neither a stored id nor a file, or an invalid file.
    """
    text = ref.strip()
    if text.isdigit() and ws.scalar("SELECT 1 FROM criteria WHERE criteria_id = ?", [int(text)]):
        return get_criteria(ws, int(text)), agreement.status_of(ws, int(text))
    path = Path(text)
    if path.is_file():
        criteria = load_criteria(path)
        return criteria, agreement.default_status(criteria, status="file")
    raise CriteriaError.make("agreement.bad_ref", value=ref)


def _pp(value: float | None) -> str:
    return fmt.pct_points(value)


def _compare_text(
    result: Comparison, a: agreement.CriteriaStatus, b: agreement.CriteriaStatus, lines: list[str]
) -> str:
    out = [f"A: {agreement.describe(a)}", f"B: {agreement.describe(b)}", "", "rules (A → B):"]
    out += [f"  {line}" for line in lines] or ["  (no difference)"]
    kinds = {
        "mql": fmt.count,
        "mql_per_month": lambda v: fmt.number(v, 1),
        "capacity_per_month": lambda v: fmt.number(v, 1),
        "mql_rate": fmt.pct,
        "sql_rate": fmt.pct,
        "precision": fmt.pct,
        "recall": fmt.pct,
        "expected_sql": lambda v: fmt.number(v, 1),
        "expected_won": lambda v: fmt.number(v, 1),
        "expected_revenue": fmt.yen,
        "won_below": fmt.count,
    }
    table = pl.DataFrame(
        {
            "kpi": [t(f"agreement.kpi.{k}", "en") for k in result.kpis["kpi"]],
            "A": [kinds[k](v) for k, v in zip(result.kpis["kpi"], result.kpis["a"], strict=True)],
            "B": [kinds[k](v) for k, v in zip(result.kpis["kpi"], result.kpis["b"], strict=True)],
        }
    )
    period = (
        "all data"
        if result.period is None
        else f"{fmt.day(result.period[0])} – {fmt.day(result.period[1])}"
    )
    out += ["", f"effects (leads created in {period}; each side at its own threshold):"]
    out += [text_table(table)]
    for row in result.differences.iter_rows(named=True):
        verdict = (
            "not testable"
            if row["significant"] is None
            else "a real difference"
            if row["significant"]
            else "within noise"
        )
        out.append(
            f"{t('agreement.metric.' + row['metric'], 'en')}: {fmt.pct(row['a'])} → {fmt.pct(row['b'])} "
            f"({_pp(row['diff'])}, 95% CI {_pp(row['ci_low'])} to {_pp(row['ci_high'])}, "
            f"{fmt.p_value(row['p_value'])}): {verdict}"
        )
    changes = result.changes
    becomes = changes.filter(pl.col("change") == "becomes")
    stops = changes.filter(pl.col("change") == "stops")
    out += ["", f"become MQLs: {becomes.height:,}; stop being MQLs: {stops.height:,}"]
    if changes.height:
        shown = changes.head(20).select(
            "lead_id",
            "company",
            "change",
            pl.col("score_a").round(1),
            pl.col("score_b").round(1),
            "outcome",
        )
        out.append(text_table(shown))
    return "\n".join(out)


def _run_compare(args: argparse.Namespace, ws: Any) -> Output:
    """``compare A B``: rule-by-rule diff and effects side by side."""
    criteria_a, status_a = resolve_ref(ws, args.a)
    criteria_b, status_b = resolve_ref(ws, args.b)
    period = None
    if args.start or args.end:
        period = (args.start or date(1900, 1, 1), args.end or date(2999, 12, 31))
    result = compare_criteria(
        ws,
        criteria_a,
        criteria_b,
        period=period,
        assumptions=Assumptions(capacity_per_month=args.capacity),
        edges=parse_edges(args.bands),
        band_outcome=args.outcome,
        progress=replay_progress(ws),
    )
    records = diff_criteria(criteria_a, criteria_b)
    data = comparison_json(result)
    ident = ("criteria_id", "name", "version", "status", "sha256")
    data["a"]["criteria"] = {k: getattr(status_a, k) for k in ident}
    data["b"]["criteria"] = {k: getattr(status_b, k) for k in ident}
    data = {
        "a": data["a"],
        "b": data["b"],
        "rules": records,
        **{k: v for k, v in data.items() if k not in ("a", "b")},
    }
    lines = describe_changes(records, "en", a=criteria_a, b=criteria_b)
    return Output(data=data, text=_compare_text(result, status_a, status_b, lines))


CLI_COMMANDS = (
    Command(
        name="criteria",
        help="criteria versions and their agreement: list, save, propose, sign, reject, retire, "
        "show, history",
        add_arguments=_add_criteria_arguments,
        run=_run_criteria,
        formats=FORMATS,
        may_create=True,
    ),
    Command(
        name="compare",
        help="compare two criteria (ids or TOML files): rule-by-rule diff and effects side by side",
        add_arguments=_add_compare_arguments,
        run=_run_compare,
        formats=FORMATS,
    ),
)
