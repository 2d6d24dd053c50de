"""Data entered in the product, stored exactly like an imported file.

Sales records a verdict on one or many MQLs on the feedback page. The rows go
through :func:`analytics.store.ingest.import_file` as a small CSV of the canonical
``feedback`` columns: the same parsing, validation, rejects, upsert by
``(lead_id, given_at)`` and ``imports`` history as a file from the CRM (its
``file_name`` says it was entered in the product).

Example:
    >>> from datetime import datetime
    >>> from analytics.store.db import Workspace
    >>> ws = Workspace.open(":memory:")
    >>> _ = import_file(ws, "leads", "lead_id\\nL1\\n".encode())
    >>> r = record_feedback(ws, ["L1"], verdict="rejected", reason="予算なし", given_by="Ito",
    ...     given_at=datetime(2026, 11, 2, 10, 0))
    >>> r.inserted, ws.rows("SELECT lead_id, verdict, reason, given_by FROM feedback")
    (1, [('L1', 'rejected', '予算なし', 'Ito')])
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import datetime

import polars as pl

from analytics.errors import InputError
from analytics.store.db import Workspace
from analytics.store.ingest import ImportResult, import_file

ENTRY_FILE_NAME = "feedback_entered_in_kakehashi.csv"
FEEDBACK_COLUMNS: tuple[str, ...] = ("lead_id", "given_at", "given_by", "verdict", "reason")


def feedback_entry_csv(
    lead_ids: Sequence[str],
    *,
    verdict: str,
    reason: str | None,
    given_by: str,
    given_at: datetime,
) -> bytes:
    """The entered feedback as CSV bytes with the canonical ``feedback`` headers.

    Example:
        >>> feedback_entry_csv(["L1"], verdict="accepted", reason=None, given_by="Ito",
        ...     given_at=datetime(2026, 11, 2, 10, 0)).decode().splitlines()[1]
        'L1,2026-11-02 10:00:00,Ito,accepted,'
    """
    frame = pl.DataFrame(
        {
            "lead_id": list(lead_ids),
            "given_at": [given_at.strftime("%Y-%m-%d %H:%M:%S")] * len(lead_ids),
            "given_by": [given_by] * len(lead_ids),
            "verdict": [verdict] * len(lead_ids),
            "reason": [reason] * len(lead_ids),
        },
        schema=dict.fromkeys(FEEDBACK_COLUMNS, pl.String),
    )
    buffer = io.StringIO()
    frame.write_csv(buffer)
    return buffer.getvalue().encode("utf-8")


def record_feedback(
    ws: Workspace,
    lead_ids: Sequence[str],
    *,
    verdict: str,
    reason: str | None,
    given_by: str,
    given_at: datetime | None = None,
) -> ImportResult:
    """Store sales' verdict on ``lead_ids`` through the import pipeline (one transaction).

    Args:
        ws: the workspace.
        lead_ids: the leads (each must exist).
        verdict: ``accepted``, ``rejected`` or ``recycled`` (or a word the importer reads).
        reason: the reason (free text from the page's list), or None.
        given_by: who gives the feedback (required).
        given_at: when (default: now, to the second).

    Returns:
        The :class:`~analytics.store.ingest.ImportResult` (rejected rows listed there).

    Raises:
        InputError: no lead, no name, or a lead id not in the workspace.

    Example:
        >>> ws = Workspace.open(":memory:")
        >>> record_feedback(ws, [], verdict="accepted", reason=None, given_by="Ito")
        Traceback (most recent call last):
        ...
        analytics.errors.InputError: choose at least one MQL to give feedback on
    """
    ids = [str(i) for i in dict.fromkeys(lead_ids)]
    if not ids:
        raise InputError.make("feedback.no_leads")
    name = (given_by or "").strip()
    if not name:
        raise InputError.make("feedback.no_name")
    with ws.registered("kk_entry_ids", pl.DataFrame({"lead_id": ids})):
        unknown = ws.query(
            "SELECT lead_id FROM kk_entry_ids WHERE lead_id NOT IN (SELECT lead_id FROM leads)"
        )["lead_id"].to_list()
    if unknown:
        raise InputError.make("feedback.unknown_leads", leads=", ".join(unknown[:5]))
    data = feedback_entry_csv(
        ids,
        verdict=verdict,
        reason=(reason or "").strip() or None,
        given_by=name,
        given_at=(given_at or datetime.now()).replace(microsecond=0),
    )
    return import_file(
        ws,
        "feedback",
        data,
        file_name=ENTRY_FILE_NAME,
        preset="generic",
        mapping={c: c for c in FEEDBACK_COLUMNS},
    )
