"""analytics.criteria.versions.criteria_status: the status a page shows for the criteria it uses."""

from __future__ import annotations

import dataclasses

from analytics.criteria import default_criteria, get_criteria, save_draft
from analytics.criteria.versions import UNSAVED, criteria_status


def test_status_of_saved_and_unsaved_criteria(ws) -> None:
    shipped = default_criteria()
    assert criteria_status(ws, shipped) == UNSAVED == "default"
    first = save_draft(ws, shipped, created_by="test")
    saved = get_criteria(ws, first)
    assert criteria_status(ws, saved) == "draft"
    with ws.transaction() as cur:  # the sign-off workflow is not built yet: set it by hand
        cur.execute("UPDATE criteria SET status = 'agreed' WHERE criteria_id = ?", [first])
    assert criteria_status(ws, saved) == "agreed"
    # a body that differs in anything (here the threshold) is not the saved version
    assert criteria_status(ws, dataclasses.replace(saved, threshold=saved.threshold + 1)) == UNSAVED
