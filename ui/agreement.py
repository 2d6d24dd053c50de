"""The criteria status every page shows, and sending criteria to the Agreement page.

- :func:`show_criteria_status`: one line at the top of every page (``app.py`` calls it):
  which criteria version the page uses and its status, and a warning when an agreed
  version was changed outside Kakehashi;
- :func:`status_badge`, :func:`status_detail`: the same pieces for the Agreement page;
- :func:`propose_in_one_step`: save as a draft, propose it, open the Agreement page on it
  (the What-if and Scoring pages).
"""

from __future__ import annotations

import streamlit as st

from analytics.criteria import Criteria
from analytics.criteria.agreement import CriteriaStatus, propose, save_version
from analytics.errors import KakehashiError
from analytics.text.format import label, moment
from ui.cache import criteria_in_use, get_workspace
from ui.state import AGREEMENT_PICK_KEY, lang, md, tr
from ui.widgets import show_error

STATUS_COLORS = {
    "agreed": "green",
    "proposed": "blue",
    "draft": "orange",
    "default": "orange",
    "file": "orange",
    "retired": "gray",
}


def status_badge(status: CriteriaStatus) -> str:
    """A coloured markdown badge for a criteria status (red when its record was tampered with)."""
    color = "red" if status.problems and status.criteria_id else STATUS_COLORS[status.status]
    icon = ":material/verified:" if status.is_agreed else ":material/edit_note:"
    return f":{color}-badge[{icon} {label('status', status.status, lang())}]"


def status_detail(status: CriteriaStatus) -> str:
    """``name vN`` and, for an agreed version, when and by whom."""
    text = f"**{md(label('criteria_name', status.name, lang()))} v{status.version}**"
    if status.criteria_id is not None:
        text += f" (#{status.criteria_id})"
    if status.is_agreed and status.agreed_at is not None:
        names = ", ".join(
            f"{label('team', s.team, lang())} {md(s.signed_by)}" for s in status.signoffs
        )
        text += " " + tr("agreement.agreed_on", at=moment(status.agreed_at, lang()), names=names)
    return text


def show_criteria_status() -> None:
    """One line at the top of every page: which criteria version it uses and its status.

    Also warns when an agreed version was changed outside Kakehashi (then not used).
    """
    try:
        _, status = criteria_in_use()
    except KakehashiError as exc:
        show_error(exc)
        return
    st.caption(f"{tr('agreement.in_use')}: {status_badge(status)} {status_detail(status)}")
    if status.problems:
        problems = ", ".join(label("integrity", p, lang()) for p in status.problems)
        key = (
            "agreement.tampered_fallback"
            if status.criteria_id is None
            else "agreement.tampered_notice"
        )
        st.warning(tr(key, id=status.problem_id, problems=problems), icon=":material/gpp_bad:")


def propose_in_one_step(criteria: Criteria, *, by: str, note: str) -> int:
    """Save ``criteria`` as a draft and propose it; the Agreement page then opens on it.

    Raises:
        CriteriaError: no name, or the criteria cannot be stored.
    """
    ws = get_workspace()
    new_id = save_version(ws, criteria, by=by, note=note)
    propose(ws, new_id, by=by, note=note)
    st.session_state[AGREEMENT_PICK_KEY] = new_id
    return new_id
