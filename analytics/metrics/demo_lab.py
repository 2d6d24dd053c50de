"""The demo's running champion/challenger experiment (so the Experiments page shows one).

:func:`add_demo_experiment` stores two criteria versions — the shipped default as
champion and the same rules at a stricter MQL threshold (80) as challenger — and a live
experiment between them that started on :data:`DEMO_START` with :data:`DEMO_SHARE` of
the leads for the challenger. Its plan is chosen, deterministically from the demo's
data, so that the champion arm has reached its planned sample size and the challenger
arm has not: the page then shows both arms, the leads still needed and the verdict
"not yet decidable". It is called after a demo load (the ``demo`` command and the
Overview page's demo button), never by :func:`analytics.store.demo.load_demo` itself
(the store sits below criteria and metrics).
"""

from __future__ import annotations

import dataclasses
from datetime import date, datetime

import polars as pl

from analytics.criteria import default_criteria, save_draft
from analytics.errors import InputError
from analytics.metrics import experiments as exp
from analytics.store.db import Workspace

DEMO_NAME = "demo: threshold 80"
DEMO_START = date(2026, 3, 1)
DEMO_SHARE = 0.3
DEMO_CHALLENGER_THRESHOLD = 80
_SEEDS = range(1, 201)
_LIFTS = tuple(round(0.1 + 0.01 * k, 2) for k in range(491))  # 0.10 … 5.00


def demo_plan(ws: Workspace) -> tuple[int, float] | None:
    """``(seed, lift)`` for which the champion arm has reached its plan and the challenger not.

    The first seed (1, 2, …) whose challenger arm holds fewer leads than its share, and the
    smallest lift (0.10, 0.11, …) whose planned sizes fall between the two arms; None when
    the data has no such plan (too few leads since :data:`DEMO_START`, or no history).
    """
    start = datetime.combine(DEMO_START, datetime.min.time())
    ids = ws.query("SELECT lead_id FROM leads WHERE created_at >= ? ORDER BY lead_id", [start])
    rate, _ = exp.history(ws, default_criteria(), outcome="won", before=start)
    if ids.is_empty() or rate is None or not 0 < rate < 1:
        return None
    for seed in _SEEDS:
        arms = exp.assign_arms(ids["lead_id"], seed=seed, share=DEMO_SHARE)
        challenger = int((arms["arm"] == "challenger").sum())
        champion = arms.height - challenger
        # the planned sizes fall as the lift grows: the smallest lift whose champion size
        # is reached (bisection) has the largest challenger size of those that qualify
        lift = _smallest_lift(rate, champion)
        if lift is None:
            continue  # no lift up to the largest makes this champion arm big enough
        if exp.sample_size(rate, min(rate * (1 + lift), 0.999), share=DEMO_SHARE)[1] > challenger:
            return seed, lift
    return None


def _smallest_lift(rate: float, champion: int) -> float | None:
    """The smallest of :data:`_LIFTS` whose planned champion size is at most ``champion``."""
    low, high = 0, len(_LIFTS) - 1

    def reached(i: int) -> bool:
        planned = exp.sample_size(rate, min(rate * (1 + _LIFTS[i]), 0.999), share=DEMO_SHARE)
        return planned[0] <= champion

    if not reached(high):
        return None
    while low < high:
        mid = (low + high) // 2
        if reached(mid):
            high = mid
        else:
            low = mid + 1
    return _LIFTS[low]


def add_demo_experiment(ws: Workspace, *, created_by: str = "demo") -> int | None:
    """Store the demo's two criteria versions and its running experiment; returns its id.

    Returns None (and stores nothing) when the demo is too small for such a plan; when the
    workspace already holds the demo's experiment (a demo loaded again), its id.

    Example:
        >>> from analytics.store.demo import load_demo
        >>> ws = Workspace.open(":memory:")
        >>> _ = load_demo(ws, leads=1_500)
        >>> eid = add_demo_experiment(ws)
        >>> r = exp.experiment_results(ws, exp.get_experiment(ws, eid))
        >>> r.verdict, sorted(r.arms["needed"].to_list())[0]
        ('not_yet_decidable', 0)
        >>> add_demo_experiment(ws) == eid
        True
    """
    stored = exp.list_experiments(ws).filter(pl.col("name") == DEMO_NAME)
    if stored.height:  # a demo loaded again: its experiment stays (criteria are never deleted)
        return int(stored["experiment_id"][0])
    plan = demo_plan(ws)
    if plan is None:
        return None
    seed, lift = plan
    stricter = dataclasses.replace(default_criteria(), threshold=DEMO_CHALLENGER_THRESHOLD)
    challenger = save_draft(ws, stricter, created_by=created_by)
    champion = save_draft(ws, default_criteria(), created_by=created_by)  # the newest draft
    try:
        return exp.create_experiment(
            ws, champion_id=champion, challenger_id=challenger, share=DEMO_SHARE,
            start=DEMO_START, seed=seed, lift=lift, name=DEMO_NAME, created_by=created_by,
        )  # fmt: skip
    except InputError:  # pragma: no cover - demo_plan checked the history already
        return None
