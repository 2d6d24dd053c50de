"""The SQL (BANT) rule, in one place: when a BANT assessment makes an MQL an SQL.

Sales rate each of the four BANT items of a lead at a level (:data:`BANT_LEVELS`):
0 unknown, 1 low, 2 medium, 3 high/clear. The criteria's ``[sql_rule]`` sets a
minimum level for some items (:class:`SqlRule`); an MQL becomes an SQL at the
first assessment at or after its MQL moment that **meets** the rule.

Level-0 semantics (decided once, here; the README's criteria section says the same):

- an item left empty (null) in an assessment is level 0, "unknown";
- an assessment meets the rule when every required item's level is at least its
  minimum; so a minimum of 0 is met by **every** assessment (even one that leaves
  the item empty), and an unknown item never meets a minimum of 1 or more;
- a rule that requires nothing is met by every assessment.

:meth:`SqlRule.meets` is the one polars expression of that rule, and
:func:`load_bant` the one query of the assessments; the replay's SQL moments
(:func:`analytics.scoring.replay.sql_moments`) and the what-if's SQL levers
(:mod:`analytics.metrics.whatif`) both use them, so they agree on every rule.

Example:
    >>> bant = pl.DataFrame({"budget": [None, 1, 3], "need": [3, 3, 1]},
    ...                     schema={"budget": pl.Int16, "need": pl.Int16})
    >>> bant.select(SqlRule(budget=0, need=3).meets())["meets"].to_list()
    [True, True, False]
    >>> bant.select(SqlRule(budget=2).meets())["meets"].to_list()
    [False, False, True]
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

import polars as pl

if TYPE_CHECKING:
    from analytics.store.db import Workspace

BANT_ITEMS: tuple[str, ...] = ("budget", "authority", "need", "timeline")
BANT_LEVELS: dict[int, str] = {0: "unknown", 1: "low", 2: "medium", 3: "high/clear"}
# The level an empty (null) item of an assessment counts as.
UNKNOWN_LEVEL = 0
# The columns of :func:`load_bant`.
BANT_COLUMNS: tuple[str, ...] = ("lead_id", "assessed_at", *BANT_ITEMS)


@dataclass(frozen=True)
class SqlRule:
    """Minimum BANT level of each required item (None: not required).

    Example:
        >>> SqlRule(need=3, timeline=2).required
        {'need': 3, 'timeline': 2}
    """

    budget: int | None = None
    authority: int | None = None
    need: int | None = None
    timeline: int | None = None

    @property
    def required(self) -> dict[str, int]:
        """Required item -> minimum level, in :data:`BANT_ITEMS` order."""
        return {k: getattr(self, k) for k in BANT_ITEMS if getattr(self, k) is not None}

    def meets(self) -> pl.Expr:
        """Whether an assessment (a row with the BANT item columns) meets the rule.

        An empty item counts as level 0 (unknown): see the module docstring.

        Returns:
            A boolean expression named ``meets`` (true for every row when nothing
            is required).

        Example:
            >>> frame = pl.DataFrame({"need": [None, 0, 2]}, schema={"need": pl.Int16})
            >>> frame.select(SqlRule(need=0).meets(), at_least_2=SqlRule(need=2).meets()).rows()
            [(True, False), (True, False), (True, True)]
        """
        condition = pl.lit(True)
        for item, level in self.required.items():
            condition = condition & (pl.col(item).fill_null(UNKNOWN_LEVEL) >= level)
        return condition.alias("meets")


def load_bant(ws: Workspace, *, as_of: datetime) -> pl.DataFrame:
    """The BANT assessments made by ``as_of`` (the input of every SQL-rule check).

    Args:
        ws: the workspace.
        as_of: the point in time; later assessments are left out.

    Returns:
        :data:`BANT_COLUMNS`: lead_id, assessed_at, budget, authority, need, timeline
        (levels as stored: null where the item was not assessed).

    Example:
        >>> from analytics.store.db import Workspace
        >>> load_bant(Workspace.open(":memory:"), as_of=datetime(2025, 1, 1)).columns
        ['lead_id', 'assessed_at', 'budget', 'authority', 'need', 'timeline']
    """
    return ws.query(
        "SELECT lead_id, assessed_at, budget, authority, need, timeline FROM bant "
        "WHERE assessed_at <= ?",
        [as_of],
    )
