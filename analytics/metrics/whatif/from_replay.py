"""What-if from a replay or a workspace: the glue the page, the CLI and the benchmark call.

:func:`prepare_workspace` replays the criteria (unless given a replay), loads the
BANT assessments (:func:`analytics.criteria.sql_rule.load_bant`) and prepares the
exact sweep; :func:`prepare_whatif` prepares one from a replay alone, recovering
its threshold (:func:`infer_threshold`) when not told.

Example:
    >>> from analytics.criteria import Criteria, SqlRule
    >>> sql_required(Criteria(sql_rule=SqlRule(need=2)))
    {'need': 2}
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime

import polars as pl

from analytics.criteria import Criteria
from analytics.criteria.sql_rule import load_bant
from analytics.metrics.definitions import replay_with_outcome
from analytics.metrics.whatif.sweep import (
    Sweep,
    derive_sql_deadlines,
    prepare_sweep,
    require_columns,
)
from analytics.scoring.kernels import score_round
from analytics.scoring.replay import Replay
from analytics.scoring.replay import replay as run_replay
from analytics.store.db import Workspace


def infer_threshold(leads: pl.DataFrame, path: pl.DataFrame) -> float | None:
    """The threshold a replay was made with, recovered from its MQL moments.

    It lies above every non-MQL lead's peak and at/below every MQL lead's total at its
    MQL moment; the roundest number in that range is returned (a multiple of 100, 50,
    10, 5, 1, else the upper end). None when no lead is an MQL.

    Example:
        >>> from analytics.metrics.whatif import _example_frames
        >>> leads, path, _ = _example_frames()
        >>> infer_threshold(leads, path)
        50.0
    """
    require_columns(leads, {"lead_id", "mql_at", "peak_total"}, "leads")
    below = leads.filter(pl.col("mql_at").is_null())["peak_total"].max()
    reached = path.join(
        leads.select("lead_id", at=pl.col("mql_at")).drop_nulls(), on=["lead_id", "at"]
    )["total"].min()
    if reached is None:
        return None
    # totals meet the threshold at SCORE_DECIMALS decimals (scoring.kernels.reaches)
    lower = -math.inf if below is None else score_round(below)
    upper = score_round(reached)
    for unit in (100.0, 50.0, 10.0, 5.0, 1.0):
        candidate = math.floor(upper / unit) * unit
        if candidate > lower:
            return candidate
    return upper


def prepare_whatif(
    replay: Replay,
    *,
    agreed_threshold: float | None = None,
    sql_deadlines: pl.DataFrame | None = None,
) -> Sweep:
    """:func:`~analytics.metrics.whatif.sweep.prepare_sweep` on a ``Replay`` (the benchmark calls it).

    Args:
        replay: an :class:`analytics.scoring.replay.Replay`.
        agreed_threshold: the replayed criteria's threshold; None infers it
            (:func:`infer_threshold`).
        sql_deadlines: :func:`~analytics.metrics.whatif.sweep.derive_sql_deadlines`
            output for exact SQLs; None uses the replay's ``sql_at`` (see
            :mod:`analytics.metrics.whatif`).

    Returns:
        A :class:`~analytics.metrics.whatif.sweep.Sweep`.

    Example:
        >>> from analytics.criteria import default_criteria
        >>> from analytics.store.db import Workspace
        >>> prepare_whatif(run_replay(Workspace.open(":memory:"), default_criteria())).cohorts.height
        0
    """
    if agreed_threshold is None:
        agreed_threshold = infer_threshold(replay.leads, replay.path)
    return prepare_sweep(
        replay.leads,
        replay.path,
        agreed_threshold=100.0 if agreed_threshold is None else agreed_threshold,
        sql_deadlines=sql_deadlines,
    )


def sql_required(criteria: Criteria) -> dict[str, int]:
    """The criteria's SQL rule as {BANT item: minimum level}.

    Example:
        >>> from analytics.criteria import Criteria, SqlRule
        >>> sql_required(Criteria(sql_rule=SqlRule(need=2, timeline=2)))
        {'need': 2, 'timeline': 2}
    """
    return dict(criteria.sql_rule.required)


@dataclass(frozen=True)
class WorkspaceWhatIf:
    """Everything the what-if page needs from one replay (cache it per data version + criteria).

    Attributes:
        sweep: the prepared threshold sweep (exact SQLs from the ``bant`` table).
        leads: lead_id, mql_at (agreed threshold), is_won — for the SQL-rule and weight levers.
        bant: the BANT assessments up to the replay's ``as_of``.
        as_of: the replay's point in time.
    """

    sweep: Sweep
    leads: pl.DataFrame
    bant: pl.DataFrame
    as_of: datetime


def prepare_workspace(
    ws: Workspace, criteria: Criteria, *, replay: Replay | None = None
) -> WorkspaceWhatIf:
    """Replay the criteria on a workspace (unless given) and prepare the what-if.

    Args:
        ws: an open workspace.
        criteria: the criteria (its threshold and SQL rule are used).
        replay: an existing replay of these criteria, to avoid replaying again.

    Returns:
        A :class:`WorkspaceWhatIf`.

    Raises:
        CriteriaError: a rule reads a lead column that does not exist.

    Example:
        >>> from analytics.criteria import default_criteria
        >>> from analytics.store.db import Workspace
        >>> prepared = prepare_workspace(Workspace.open(":memory:"), default_criteria())
        >>> prepared.sweep.cohorts.height, prepared.leads.columns
        (0, ['lead_id', 'mql_at', 'is_won'])
    """
    if replay is None:
        replay = replay_with_outcome(run_replay(ws, criteria))
    bant = load_bant(ws, as_of=replay.as_of)
    sweep = prepare_sweep(
        replay.leads,
        replay.path,
        agreed_threshold=float(criteria.threshold),
        sql_deadlines=derive_sql_deadlines(bant, sql_required(criteria)),
    )
    leads = replay.leads.select("lead_id", "mql_at", pl.col("is_won").fill_null(False))
    return WorkspaceWhatIf(sweep=sweep, leads=leads, bant=bant, as_of=replay.as_of)
