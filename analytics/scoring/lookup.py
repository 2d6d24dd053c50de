"""Look-ups of one lead's raw data, for the Scoring page's lead detail.

Example:
    >>> from analytics.store.db import Workspace
    >>> lead_activities(Workspace.open(":memory:"), "L1").height
    0
"""

from __future__ import annotations

import polars as pl

from analytics.store.db import Workspace


def lead_activities(ws: Workspace, lead_id: str) -> pl.DataFrame:
    """One lead's activities in time order (occurred_at, type, detail, campaign).

    Args:
        ws: the workspace.
        lead_id: the lead.

    Returns:
        One row per activity of the lead, oldest first (no rows for an unknown lead).

    Example:
        >>> from analytics.store.db import Workspace
        >>> lead_activities(Workspace.open(":memory:"), "L1").columns
        ['occurred_at', 'type', 'detail', 'campaign']
    """
    return ws.query(
        "SELECT occurred_at, type, detail, campaign FROM activities WHERE lead_id = ? "
        "ORDER BY occurred_at",
        [lead_id],
    )
