"""The model lab's fits that take seconds run in a background thread; the page answers at once.

Fitting the models takes seconds (about 2 s at 100k leads on two cores). Right after an
import, the model lab's first load would wait for it; instead, when a fit with the same
criteria and choices on an earlier data version is kept beside the workspace
(:func:`analytics.metrics.model.kept.previous_model_result`), the page shows that one,
marked as such (:class:`Refitting`), while one thread per fit refits on the current data
and keeps the result in the sidecar; the page polls the thread and reruns when it is done.

With no earlier fit (a new workspace, new criteria or choices), a first fit on
:data:`BACKGROUND_LEADS` leads or more runs in a thread the same way, and the page says
so until it is done (``first`` in :class:`Refitting`; polled every
:data:`FIRST_POLL_SECONDS`). Below that, the fit takes under a second (about 0.5 s at the
demo's 20,000 leads) and the page fits in its own run, with a spinner. The number can be
set with ``KAKEHASHI_BACKGROUND_FIT_LEADS`` (0: every first fit in the background).

The thread touches no Streamlit API and no database connection: it fits the model data
the page already read and writes only the sidecar folder.
"""

from __future__ import annotations

import os
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
# How often a page waiting for its first fit asks (seconds): it has nothing else to show.
FIRST_POLL_SECONDS = 0.5
# From this many leads a first fit runs in the background (see the module docstring).
BACKGROUND_LEADS = 50_000


def background_leads() -> int:
    """:data:`BACKGROUND_LEADS`, or ``KAKEHASHI_BACKGROUND_FIT_LEADS`` when it is a whole number.

    Example:
        >>> background_leads() >= 0
        True
    """
    text = os.environ.get("KAKEHASHI_BACKGROUND_FIT_LEADS", "").strip()
    return int(text) if text.isdigit() else BACKGROUND_LEADS


@dataclass(frozen=True)
class Refitting:
    """A fit runs in a thread: ``first`` when nothing earlier is shown meanwhile."""

    job: threading.Thread
    first: bool = False


@st.cache_resource(show_spinner=False)
def _jobs() -> dict[str, threading.Thread]:
    """The refit threads of this server, by sidecar key (shared by sessions: one per fit)."""
    return {}


def default_model_result(
    ws: Workspace, data: ModelData, split: date | None, criteria: Criteria
) -> tuple[ModelResult | None, Refitting | None]:
    """The model lab's fit with every column it would choose: now, or an earlier one while
    refitting, or None while a first fit runs in the background (``Refitting.first``).

    Raises:
        KakehashiError: the fit's own error (too few conversions …), when it is fitted here.
    """
    fit = model_result_key(ws, data, split=split)
    jobs = _jobs()
    job = jobs.get(fit.key)
    if job is None and kept_model_result(ws, fit) is None:
        previous = previous_model_result(ws, fit)
        if previous is not None or data.frame.height >= background_leads():
            job = threading.Thread(
                target=_refit, args=(ws, data, fit), name="kakehashi-refit", daemon=True
            )
            _forget_finished(jobs)
            jobs[fit.key] = job
            job.start()
            if previous is None:
                return None, Refitting(job, first=True)
            return previous[0], Refitting(job)
    elif job is not None and job.is_alive():
        previous = previous_model_result(ws, fit)
        if previous is not None:
            return previous[0], Refitting(job)
        return None, Refitting(job, first=True)
    # kept, refitted, or nothing earlier to show: the fit itself (read back, or fitted here)
    key = (ws.path, fit.data_version, criteria.sha256, data.outcome, split)
    return load_model_result(*key, (), (), criteria), None


def _forget_finished(jobs: dict[str, threading.Thread]) -> None:
    """Drop the threads that are done (their fits are in the sidecar), so that the registry
    holds the fits under way only, not every fit of the server's life.

    Example:
        >>> done = threading.Thread(target=lambda: None)
        >>> done.start(); done.join()
        >>> jobs = {"a": done}
        >>> _forget_finished(jobs)
        >>> jobs
        {}
    """
    for key, job in list(jobs.items()):
        if not job.is_alive():
            jobs.pop(key, None)


def _refit(ws: Workspace, data: ModelData, fit: ModelFit) -> None:
    """Fit and keep in the sidecar; an error is left for the page's own fit to show."""
    try:
        cached_model_result(ws, data, fit=fit)
    except Exception:  # the page fits again in its own run and shows the error
        return


def rerun_when_done(refitting: Refitting) -> None:
    """Rerun the page once the fit's thread has finished (polled every :data:`POLL_SECONDS`,
    or :data:`FIRST_POLL_SECONDS` for a first fit)."""
    (_poll_first if refitting.first else _poll)(refitting)


@st.fragment(run_every=POLL_SECONDS)
def _poll(refitting: Refitting) -> None:
    if not refitting.job.is_alive():
        st.rerun()


@st.fragment(run_every=FIRST_POLL_SECONDS)
def _poll_first(refitting: Refitting) -> None:
    if not refitting.job.is_alive():
        st.rerun()
