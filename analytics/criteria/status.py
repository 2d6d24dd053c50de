"""The stored status of a criteria body: what a page says about the criteria it shows.

Belongs with the stored versions (``list_criteria``, ``save_draft``, ``active_criteria``);
kept apart here so that pages ask analytics instead of querying the ``criteria`` table.

Example:
    >>> from analytics.criteria.document import default_criteria
    >>> from analytics.store.db import Workspace
    >>> criteria_status(Workspace.open(":memory:"), default_criteria())
    'default'
"""

from __future__ import annotations

from analytics.criteria.document import Criteria
from analytics.store.db import Workspace

UNSAVED = "default"  # the status shown for criteria never saved in this workspace


def criteria_status(ws: Workspace, criteria: Criteria) -> str:
    """The status of the saved version with this exact body (``draft``, ``agreed``, …).

    Args:
        ws: the workspace.
        criteria: the criteria (matched by the sha256 of its canonical body).

    Returns:
        The newest saved version's status, or :data:`UNSAVED` when no version has this body
        (the shipped default, an upload not saved yet).

    Example:
        >>> from analytics.criteria.document import active_criteria, default_criteria, save_draft
        >>> ws = Workspace.open(":memory:")
        >>> _ = save_draft(ws, default_criteria(), created_by="doc")  # saved as version 2
        >>> criteria_status(ws, active_criteria(ws)), criteria_status(ws, default_criteria())
        ('draft', 'default')
    """
    status = ws.scalar(
        "SELECT status FROM criteria WHERE sha256 = ? ORDER BY criteria_id DESC LIMIT 1",
        [criteria.sha256],
    )
    return status or UNSAVED
