"""The what-if sweep, prepared once per data version and criteria and kept beside the workspace.

:func:`cached_sweep` answers ``whatif`` (and ``--sweep``) without replaying or preparing
again when the same data and criteria were prepared before, by any command or page: the
:class:`~analytics.metrics.whatif.sweep.Sweep` frames are kept in the workspace's sidecar
cache (:mod:`analytics.scoring.cache`) under the replay's key.

Example:
    >>> from analytics.criteria import default_criteria
    >>> from analytics.store.db import Workspace
    >>> cached_sweep(Workspace.open(":memory:"), default_criteria()).cohorts.height
    0
"""

from __future__ import annotations

import polars as pl

from analytics.criteria import Criteria
from analytics.criteria.sql_rule import load_bant
from analytics.metrics.definitions import replay_with_outcome
from analytics.metrics.whatif.from_replay import WorkspaceWhatIf, prepare_workspace
from analytics.metrics.whatif.sweep import Sweep
from analytics.scoring.cache import cached_replay, load_frames, replay_key, store_frames
from analytics.scoring.replay import Replay
from analytics.store.db import Workspace

_FRAMES = ("thresholds", "by_month", "by_cohort", "cohorts")


def sweep_key(ws: Workspace, criteria: Criteria) -> str:
    """The sidecar key of the sweep: the replay's key, marked as a sweep."""
    return "sweep-" + replay_key(ws, criteria, None)


def cached_sweep(ws: Workspace, criteria: Criteria, *, replay: Replay | None = None) -> Sweep:
    """:func:`~analytics.metrics.whatif.prepare_workspace`'s sweep, from the sidecar when kept.

    Args:
        ws: the workspace.
        criteria: the criteria (its threshold and SQL rule are part of its sha256).
        replay: the replay of these criteria, if at hand (used only on a miss).

    Returns:
        The :class:`~analytics.metrics.whatif.sweep.Sweep` a fresh preparation returns.
    """
    key = sweep_key(ws, criteria)
    found = load_frames(ws, key, _FRAMES)
    if found is not None:
        frames, meta = found
        return Sweep(
            thresholds=frames["thresholds"].to_series(),
            by_month=frames["by_month"],
            by_cohort=frames["by_cohort"],
            cohorts=frames["cohorts"],
            agreed_threshold=float(meta["agreed_threshold"]),
            sql_basis=str(meta["sql_basis"]),
            step=float(meta["step"]),
            snapshot=meta.get("snapshot") is True,
            revenue_known=meta.get("revenue_known") is not False,
        )
    # the one outcome (won deal, else the lead's own Converted flag or customer stage)
    replayed = replay_with_outcome(replay or cached_replay(ws, criteria))
    sweep = prepare_workspace(ws, criteria, replay=replayed).sweep
    store_frames(
        ws,
        key,
        {
            "thresholds": pl.DataFrame([sweep.thresholds]),
            "by_month": sweep.by_month,
            "by_cohort": sweep.by_cohort,
            "cohorts": sweep.cohorts,
        },
        {
            "agreed_threshold": sweep.agreed_threshold,
            "sql_basis": sweep.sql_basis,
            "step": sweep.step,
            "snapshot": sweep.snapshot,
            "revenue_known": sweep.revenue_known,
            "tags": {"criteria": criteria.sha256},  # found by analytics.metrics.after_import
        },
    )
    return sweep


def cached_workspace_whatif(ws: Workspace, criteria: Criteria, replay: Replay) -> WorkspaceWhatIf:
    """:func:`~analytics.metrics.whatif.prepare_workspace` with the sweep from the sidecar.

    Example:
        >>> from analytics.criteria import default_criteria
        >>> from analytics.scoring.replay import replay as run_replay
        >>> ws = Workspace.open(":memory:")
        >>> cached_workspace_whatif(ws, default_criteria(), run_replay(ws, default_criteria())).leads.columns
        ['lead_id', 'mql_at', 'is_won']
    """
    return WorkspaceWhatIf(
        sweep=cached_sweep(ws, criteria, replay=replay),
        leads=replay.leads.select("lead_id", "mql_at", pl.col("is_won").fill_null(False)),
        bant=load_bant(ws, as_of=replay.as_of),
        as_of=replay.as_of,
    )
