"""Criteria versions in the workspace: an append-only history of criteria documents.

Each saved version is a row of the ``criteria`` table (name, version, canonical
TOML body, sha256, status, who saved it, when). A version is never overwritten:
saving always inserts a new draft (:func:`save_draft`). Statuses
(:data:`STATUSES`) follow the agreement: draft → proposed → agreed (both teams
signed that exact body) → retired. Pages use the criteria in force
(:func:`active_criteria`) unless the sidebar picks another version.

Example:
    >>> from analytics.store.db import Workspace
    >>> ws = Workspace.open(":memory:")
    >>> saved = save_draft(ws, default_criteria(), created_by="me")
    >>> list_criteria(ws).select("criteria_id", "status").rows()
    [(1, 'draft')]
"""

from __future__ import annotations

import dataclasses
from datetime import datetime
from typing import TYPE_CHECKING

import polars as pl

from analytics.criteria.document import (
    Criteria,
    default_criteria,  # noqa: F401  (the doctests use it)
    dump_criteria,
    load_criteria,
)
from analytics.errors import CriteriaError

if TYPE_CHECKING:
    from analytics.store.db import Workspace

STATUSES: tuple[str, ...] = ("draft", "proposed", "agreed", "retired")


def list_criteria(ws: Workspace) -> pl.DataFrame:
    """Every stored criteria version, newest first.

    Args:
        ws: the workspace.

    Returns:
        criteria_id, name, version, status, sha256, created_by, created_at.

    Example:
        >>> from analytics.store.db import Workspace
        >>> list_criteria(Workspace.open(":memory:")).height
        0
    """
    return ws.query(
        "SELECT criteria_id, name, version, status, sha256, created_by, created_at "
        "FROM criteria ORDER BY created_at DESC, criteria_id DESC"
    )


def get_criteria(ws: Workspace, criteria_id: int) -> Criteria:
    """The stored criteria version ``criteria_id``.

    Raises:
        CriteriaError: no such version.

    Example:
        >>> from analytics.store.db import Workspace
        >>> ws = Workspace.open(":memory:")
        >>> get_criteria(ws, save_draft(ws, default_criteria(), created_by="me")).version
        2
    """
    body = ws.scalar("SELECT body FROM criteria WHERE criteria_id = ?", [criteria_id])
    if body is None:
        raise CriteriaError.make("criteria.version_not_found", id=criteria_id)
    return load_criteria(body)


def save_draft(ws: Workspace, criteria: Criteria, *, created_by: str) -> int:
    """Store ``criteria`` as a new draft version (never overwrites a stored version).

    The stored version is one above the highest stored version of the same
    name (and above ``criteria.version``).

    Args:
        ws: the workspace.
        criteria: the criteria to store.
        created_by: who saved it.

    Returns:
        The new ``criteria_id``.

    Example:
        >>> from analytics.store.db import Workspace
        >>> ws = Workspace.open(":memory:")
        >>> save_draft(ws, default_criteria(), created_by="me")
        1
    """
    with ws.transaction() as cur:
        found = cur.execute(
            "SELECT coalesce(max(criteria_id), 0), "
            "coalesce(max(version) FILTER (WHERE name = ?), 0) FROM criteria",
            [criteria.name],
        ).fetchall()
        next_id, top = int(found[0][0]) + 1, int(found[0][1])
        saved = dataclasses.replace(criteria, version=max(top, criteria.version) + 1)
        cur.execute(
            "INSERT INTO criteria VALUES (?, ?, ?, ?, ?, 'draft', ?, ?)",
            [
                next_id,
                saved.name,
                saved.version,
                dump_criteria(saved),
                saved.sha256,
                created_by,
                datetime.now().replace(microsecond=0),
            ],
        )
    return next_id


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
        >>> from analytics.store.db import Workspace
        >>> ws = Workspace.open(":memory:")
        >>> import dataclasses
        >>> changed = dataclasses.replace(default_criteria(), threshold=90)
        >>> saved = get_criteria(ws, save_draft(ws, changed, created_by="doc"))
        >>> criteria_status(ws, saved), criteria_status(ws, default_criteria())
        ('draft', 'default')
    """
    status = ws.scalar(
        "SELECT status FROM criteria WHERE sha256 = ? ORDER BY criteria_id DESC LIMIT 1",
        [criteria.sha256],
    )
    return status or UNSAVED
