"""The hand-off: each lead's first sales touch, the end of what marketing's score may see.

A lead's behaviour counts for qualification only before its **hand-off** — the
first of its first contact (``leads.first_contact_at``), its first BANT
assessment, its first sales feedback and its first linked deal — else the "as
of" date. What a lead does after sales has called (meetings, replies, demo
requests) is sales' doing, not a marketing signal; scoring it would let the
outcome leak into the score that is meant to predict it (DESIGN §3).
"""

from __future__ import annotations

from datetime import datetime

import polars as pl

from analytics.store.db import Workspace

_TOUCHES_SQL = """
SELECT lead_id, min(t) AS handoff_at FROM (
    SELECT lead_id, first_contact_at AS t FROM leads
        WHERE first_contact_at IS NOT NULL AND first_contact_at <= ?
    UNION ALL
    SELECT lead_id, assessed_at FROM bant WHERE assessed_at <= ?
    UNION ALL
    SELECT lead_id, given_at FROM feedback WHERE given_at <= ?
) GROUP BY lead_id
"""


def handoff_moments(ws: Workspace, deals: pl.DataFrame, as_of: datetime) -> pl.DataFrame:
    """Per lead with any sales touch by ``as_of``: ``lead_id, handoff_at``.

    Args:
        ws: the workspace.
        deals: per lead ``lead_id, opportunity_at`` (the first linked deal).
        as_of: the point in time; later touches are ignored.

    Returns:
        One row per touched lead, ``handoff_at`` the earliest touch.

    Example:
        >>> ws = Workspace.open(":memory:")
        >>> deals = pl.DataFrame({"lead_id": ["L1"], "opportunity_at": [datetime(2025, 3, 1)]})
        >>> handoff_moments(ws, deals, datetime(2025, 6, 1)).rows()
        [('L1', datetime.datetime(2025, 3, 1, 0, 0))]
    """
    touches = ws.query(_TOUCHES_SQL, [as_of, as_of, as_of]).cast(
        {"lead_id": pl.String, "handoff_at": pl.Datetime("us")}
    )
    first_deal = deals.select(
        pl.col("lead_id").cast(pl.String),
        pl.col("opportunity_at").cast(pl.Datetime("us")).alias("handoff_at"),
    ).filter(pl.col("handoff_at").is_not_null() & (pl.col("handoff_at") <= as_of))
    return (
        pl.concat([touches, first_deal])
        .group_by("lead_id")
        .agg(pl.col("handoff_at").min())
        .sort("lead_id")
    )
