"""A replay's progress on the page: ``st.progress`` with the stage in the sidebar language.

The loaders (:func:`ui.cache.load_replay`) pass a :class:`ReplayProgress` to
:func:`analytics.scoring.cache.cached_replay`, which calls it only when the replay is
not a cache hit (the first replay of new data or criteria), and the Report page's to
the report's own replay: the bar appears on the first report, says the stage, the
seconds elapsed and the estimate left, and is removed when the replay is done. A hit
draws nothing.

Inside ``st.cache_data`` the bar's messages are recorded and replayed on later hits,
ending with its removal, so they leave nothing on the page.
"""

from __future__ import annotations

from typing import Any

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from analytics.store.progress import Progress
from analytics.text import format as fmt
from ui.state import lang, tr


def replay_progress_text(progress: Progress) -> str:
    """The bar's text: stage, seconds elapsed and, once measured, about how many are left."""
    language = lang()
    left = (
        ""
        if progress.remaining_s is None
        else tr("common.replay_left", left=fmt.count(round(progress.remaining_s), language))
    )
    return tr(
        "common.replay_progress",
        stage=tr(f"common.replay_stage.{progress.stage}"),
        elapsed=fmt.count(round(progress.elapsed_s), language),
        left=left,
    )


class ReplayProgress:
    """A progress callback that draws ``st.progress`` where it is first called (see above)."""

    def __init__(self) -> None:
        self._bar: Any = None

    def __call__(self, progress: Progress) -> None:
        if get_script_run_ctx() is None:
            return  # a replay prepared outside a page (ui.cache.prepare_pages): nowhere to draw
        text = replay_progress_text(progress)
        if self._bar is None:
            self._bar = st.progress(progress.fraction, text=text)
        else:
            self._bar.progress(progress.fraction, text=text)

    def close(self) -> None:
        """Remove the bar (when the replay is done, or failed)."""
        if self._bar is not None:
            self._bar.empty()
            self._bar = None
