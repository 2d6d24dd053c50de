"""The model lab after an import: the earlier fit at once, the refit in a background thread.

Fitting the models takes seconds (about 6 s at 100k leads on two cores). Right after an
import, the model lab's first load would wait for it; instead, when a fit with the same
criteria and choices on an earlier data version is kept beside the workspace
(:func:`analytics.metrics.model.kept.previous_model_result`), the page shows that one,
marked as such (:class:`Refitting`), while one thread per fit refits on the current data
and keeps the result in the sidecar; the page polls the thread and reruns when it is done.
With no earlier fit (a new workspace, new criteria or choices), the page waits for the fit
as before (a spinner).

The thread touches no Streamlit API and no database connection: it fits the model data
the page already read and writes only the sidecar folder.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import date

import streamlit as st

from analytics.criteria import Criteria
from analytics.metrics.model import ModelData, ModelResult
from analytics.metrics.model.kept import (
    ModelFit,
    cached_model_result,
    kept_model_result,
    model_result_key,
    previous_model_result,
)
from analytics.store.db import Workspace
from ui.cache import load_model_result

# How often a page showing an earlier fit asks whether the refit is done (seconds).
POLL_SECONDS = 2.0


@dataclass(frozen=True)
class Refitting:
    """An earlier fit is shown: the thread refitting on the current data."""

    job: threading.Thread


@st.cache_resource(show_spinner=False)
def _jobs() -> dict[str, threading.Thread]:
    """The refit threads of this server, by sidecar key (shared by sessions: one per fit)."""
    return {}


def default_model_result(
    ws: Workspace, data: ModelData, split: date | None, criteria: Criteria
) -> tuple[ModelResult, Refitting | None]:
    """The model lab's fit with every column it would choose: now, or an earlier one while refitting.

    Raises:
        KakehashiError: the fit's own error (too few conversions …), when it is fitted here.
    """
    fit = model_result_key(ws, data, split=split)
    jobs = _jobs()
    job = jobs.get(fit.key)
    if job is None and kept_model_result(ws, fit) is None:
        previous = previous_model_result(ws, fit)
        if previous is not None:
            job = threading.Thread(
                target=_refit, args=(ws, data, fit), name="kakehashi-refit", daemon=True
            )
            jobs[fit.key] = job
            job.start()
            return previous[0], Refitting(job)
    elif job is not None and job.is_alive():
        previous = previous_model_result(ws, fit)
        if previous is not None:
            return previous[0], Refitting(job)
    # kept, refitted, or nothing earlier to show: the fit itself (read back, or fitted here)
    key = (ws.path, fit.data_version, criteria.sha256, data.outcome, split)
    return load_model_result(*key, (), (), criteria), None


def _refit(ws: Workspace, data: ModelData, fit: ModelFit) -> None:
    """Fit and keep in the sidecar; an error is left for the page's own fit to show."""
    try:
        cached_model_result(ws, data, fit=fit)
    except Exception:  # the page fits again in its own run and shows the error
        return


@st.fragment(run_every=POLL_SECONDS)
def rerun_when_done(refitting: Refitting) -> None:
    """Rerun the page once the refit thread has finished (polled every :data:`POLL_SECONDS`)."""
    if not refitting.job.is_alive():
        st.rerun()
