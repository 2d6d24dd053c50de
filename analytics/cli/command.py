"""What every command returns and how it is declared; one renderer for text tables."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import polars as pl

# A workspace of at least this many leads shows a replay's progress on stderr even when stderr
# is not a terminal (a cold replay takes seconds there: a scheduled job's log says why).
LARGE_WORKSPACE_LEADS = 100_000


@dataclass(frozen=True)
class Output:
    """What a command returns: machine data, human text, and optionally a table for CSV."""

    data: Any
    text: str
    table: pl.DataFrame | None = None


@dataclass(frozen=True)
class Command:
    """One subcommand: ``run(args, ws)`` gets an open workspace unless ``needs_db`` is False.

    The workspace is opened read-only (a write inside the command holds it
    read-write for its transaction only), so read commands work while the
    dashboard or another command reads the same file. ``creates``: the command
    makes a new workspace at a path that has none (``demo``); ``may_create``: it
    offers ``--create`` to do so when asked; every other command refuses a
    missing path.
    """

    name: str
    help: str
    add_arguments: Callable[[argparse.ArgumentParser], None]
    run: Callable[..., Output]
    needs_db: bool = True
    formats: tuple[str, ...] = field(default=("text", "json"))
    creates: bool = False
    may_create: bool = False


def _json_default(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Path):
        return str(value)
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def to_json(data: Any) -> str:
    """Serialise command data (dates as ISO strings, non-ASCII kept)."""
    return json.dumps(data, ensure_ascii=False, default=_json_default, indent=2)


def resolve_criteria(args: argparse.Namespace, ws: Any) -> Any:
    """The criteria a command uses: ``--criteria FILE`` if given, else the criteria in force.

    In force is the agreed version, else the shipped default (not agreed); which one,
    and a warning when an agreed version was changed outside Kakehashi, go to stderr so
    that a script's log shows what its numbers rest on.
    """
    import sys

    from analytics.criteria import load_criteria
    from analytics.criteria.agreement import criteria_in_force, describe

    if getattr(args, "criteria", None):
        criteria = load_criteria(Path(args.criteria))
        _warn_unmatched(ws, criteria)
        return criteria
    criteria, status = criteria_in_force(ws)
    if status.problems:
        print(
            f"warning: agreed criteria #{status.problem_id} was changed outside Kakehashi "
            f"({', '.join(status.problems)}); see python -m analytics criteria history",
            file=sys.stderr,
        )
    print(f"criteria: {describe(status)}", file=sys.stderr)
    _warn_unmatched(ws, criteria)
    return criteria


def _warn_unmatched(ws: Any, criteria: Any) -> None:
    """Warn on stderr about rule values and bands that match no lead (they score nobody)."""
    import sys

    from analytics.scoring.features import unmatched_criteria

    for warning in unmatched_criteria(ws, criteria):
        print(f"warning: {warning.text().localized('en')}", file=sys.stderr)


def replay_progress(ws: Any) -> Callable[[Any], None] | None:
    """Where a replay's progress goes: stderr, never stdout (which may be ``--format json``).

    The callback is only called when the replay is not a cache hit. It is given when
    ``KAKEHASHI_PROGRESS=1``; unless ``KAKEHASHI_PROGRESS=0``, also when stderr is a
    terminal or the workspace holds at least :data:`LARGE_WORKSPACE_LEADS` leads.
    """
    import os
    import sys

    wanted = os.environ.get("KAKEHASHI_PROGRESS", "").strip()
    if wanted == "0":
        return None
    if (
        wanted != "1"
        and not sys.stderr.isatty()
        and ws.scalar("SELECT count(*) FROM leads") < LARGE_WORKSPACE_LEADS
    ):
        return None
    return _stderr_progress


def _stderr_progress(progress: Any) -> None:
    import sys

    from analytics.store.progress import describe

    print(describe(progress), file=sys.stderr, flush=True)


def outcome_replay(ws: Any, criteria: Any, *, need: str | None = None, as_of: Any = None) -> Any:
    """The replay with the one outcome (definitions layer), its source said on stderr.

    ``need`` names an analysis that cannot run without an outcome: with none, it
    stops with the message that says what to import (exit 2), instead of zeros.
    """
    import sys

    from analytics.metrics.definitions import outcome_source, replay_with_outcome, require_outcome
    from analytics.scoring.cache import cached_replay

    replayed = cached_replay(ws, criteria, as_of=as_of, progress=replay_progress(ws))
    source = outcome_source(replayed.leads)
    if need is not None:
        require_outcome(source, what=need)
    print(source.text().localized("en"), file=sys.stderr)
    return replay_with_outcome(replayed)


def outcome_leads(
    ws: Any, criteria: Any, *, need: str | None = None, as_of: Any = None
) -> pl.DataFrame:
    """:func:`outcome_replay`'s leads only (no score paths read from the sidecar cache)."""
    import sys

    from analytics.metrics.definitions import outcome_source, require_outcome, with_outcome
    from analytics.scoring.cache import cached_leads

    leads = cached_leads(ws, criteria, as_of=as_of, progress=replay_progress(ws))
    source = outcome_source(leads)
    if need is not None:
        require_outcome(source, what=need)
    print(source.text().localized("en"), file=sys.stderr)
    return with_outcome(leads)


def text_table(table: pl.DataFrame, *, digits: int = 3) -> str:
    """Render a frame as the CLI's plain text table (every row, floats rounded).

    Example:
        >>> print(text_table(pl.DataFrame({"band": ["90+"], "rate": [0.12345]})))
        ┌──────┬───────┐
        │ band ┆ rate  │
        ╞══════╪═══════╡
        │ 90+  ┆ 0.123 │
        └──────┴───────┘
    """
    with pl.Config(
        tbl_rows=-1, tbl_cols=-1, tbl_hide_dataframe_shape=True, tbl_hide_column_data_types=True
    ):
        return str(table.with_columns(pl.col(pl.Float64).round(digits)))


def resolve_month(text: str | None, default: date | None) -> date:
    """The month a command reports: ``--month`` if given, else ``default`` (the last complete one).

    Raises:
        InputError: ``text`` is not a month, or there is no default (no dated leads).

    Example:
        >>> resolve_month("2026-10", None), resolve_month(None, date(2026, 9, 1))
        (datetime.date(2026, 10, 1), datetime.date(2026, 9, 1))
    """
    from analytics.errors import InputError
    from analytics.metrics.definitions import parse_month
    from analytics.store.ingest.limits import date_window

    if text is None:
        if default is None:
            raise InputError.make("metrics.no_data")
        return default
    try:
        month = parse_month(text)
    except ValueError as exc:
        raise InputError.make("metrics.bad_month", value=text) from exc
    window = date_window()  # the plausible dates of the data (analytics.store.ingest.limits)
    if not window.low <= month <= window.high:
        raise InputError.make(
            "metrics.month_outside",
            value=text,
            low=f"{window.low:%Y-%m}",
            high=f"{window.high:%Y-%m}",
        )
    return month
