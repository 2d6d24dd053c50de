"""Kakehashi dashboard: ``streamlit run app.py -- --db data/workspace.duckdb``.

Builds the navigation over the files in ``pages/`` (listed explicitly: once
``st.navigation`` is called Streamlit no longer discovers ``pages/`` by itself),
owns the shared sidebar (language, workspace, period, criteria) and session state, and
puts one line at the top of every page: which criteria version it uses and its status.
Pages get shared state only through :mod:`ui`.
"""

from __future__ import annotations

import streamlit as st

import ui
from analytics.errors import KakehashiError, WorkspaceError
from analytics.store.db import Workspace, workspace_errors
from analytics.store.summary import month_starts
from analytics.text import format as fmt
from analytics.text.catalog import LANGUAGES

st.set_page_config(page_title="Kakehashi 架け橋", page_icon=":material/hub:", layout="wide")

# Session state is initialised before any widget uses it (widgets get only a key, no default).
# The language also lives in a plain key: st.switch_page (a page sending the user to another)
# drops widget state, and the language must survive it.
st.session_state.setdefault(
    ui.LANG_KEY, st.session_state.get(ui.LANG_CHOSEN_KEY) or ui.default_lang()
)
ui.apply_layout()
tr = ui.tr

# Every page of the app, in menu order. Page owners add one line each.
# Tests (AppTest and the browser test) read this list, so every page listed here is tested.
PAGES = [
    st.Page(
        "pages/overview.py", title=tr("app.page_overview"), icon=":material/home:", default=True
    ),
    st.Page("pages/import_data.py", title=tr("app.page_import"), icon=":material/upload_file:"),
    st.Page("pages/scoring.py", title=tr("scoring.page"), icon=":material/scoreboard:"),
    st.Page("pages/whatif.py", title=tr("whatif.page"), icon=":material/tune:"),
    st.Page("pages/funnel.py", title=tr("conversion.page_funnel"), icon=":material/filter_alt:"),
    st.Page("pages/bands.py", title=tr("conversion.page_bands"), icon=":material/bar_chart:"),
    st.Page("pages/profile.py", title=tr("conversion.page_profile"), icon=":material/person:"),
    st.Page("pages/stages.py", title=tr("conversion.page_stages"), icon=":material/call:"),
    st.Page("pages/sla.py", title=tr("sla.page"), icon=":material/timer:"),
    st.Page("pages/feedback.py", title=tr("feedback.page"), icon=":material/rate_review:"),
    st.Page("pages/model.py", title=tr("model.page"), icon=":material/model_training:"),
    st.Page("pages/experiments.py", title=tr("experiments.page"), icon=":material/science:"),
    st.Page("pages/agreement.py", title=tr("agreement.page"), icon=":material/handshake:"),
    st.Page("pages/report.py", title=tr("report.page"), icon=":material/summarize:"),
]

# expanded: every page stays listed (Streamlit folds a menu of more than twelve pages)
navigation = st.navigation(PAGES, position="sidebar", expanded=True)


def sidebar(opened: Workspace | WorkspaceError) -> None:
    """The shared sidebar: language, workspace, period and criteria (stops on a workspace error)."""
    with st.sidebar:
        st.radio(
            tr("app.language"),
            options=list(LANGUAGES),
            format_func=LANGUAGES.__getitem__,
            key=ui.LANG_KEY,
            horizontal=True,
        )
        st.session_state[ui.LANG_CHOSEN_KEY] = st.session_state[ui.LANG_KEY]
        st.caption(f"{tr('app.workspace')}: {ui.md(ui.db_path())}")
        if isinstance(opened, WorkspaceError):
            # in the sidebar language: a locked, missing, foreign or damaged workspace
            st.error(
                tr("app.workspace_error", message=ui.md(opened.localized(ui.lang()))),
                icon=":material/lock:",
            )
            st.stop()
        ws = opened
        span = ui.load_data_period(ws.path, ws.data_version)
        months = month_starts(*span) if span else []
        if len(months) > 1:
            # The slider's key carries the data's month range: new data (an import) makes a new
            # slider, reset to the full range. The chosen months live in a plain state key.
            bounds = (months[0], months[-1])
            chosen = st.session_state.get(ui.PERIOD_KEY)
            if st.session_state.get(ui.PERIOD_BOUNDS_KEY) != bounds or not (
                isinstance(chosen, tuple) and len(chosen) == 2 and set(chosen) <= set(months)
            ):
                chosen = bounds
            st.session_state[ui.PERIOD_BOUNDS_KEY] = bounds
            language = ui.lang()  # bound now: AppTest calls format_func outside the run
            chosen = st.select_slider(
                tr("app.period"),
                options=months,
                value=chosen,
                # months are shown in the sidebar language: one widget per language
                key=f"app.period_slider.{bounds[0]:%Y%m}-{bounds[1]:%Y%m}.{ui.lang()}",
                format_func=lambda month: fmt.month(month, language),
            )
            st.session_state[ui.PERIOD_KEY] = tuple(chosen)
        elif months:
            st.session_state[ui.PERIOD_KEY] = (months[0], months[0])
            st.caption(f"{tr('app.period')}: {fmt.month(months[0], ui.lang())}")
        else:
            st.session_state.pop(ui.PERIOD_KEY, None)
            st.caption(tr("app.period_none"))

        # Criteria every page uses: the criteria in force (the agreed version, else the shipped
        # default, not agreed) unless a stored version is picked here; drafts are labelled draft.
        try:
            # cached until the stored criteria, their trail or sign-offs change (ui.criteria_mark)
            mark = ui.criteria_mark(ws)
            saved = ui.load_criteria_versions(ws.path, mark)
            in_force = ui.load_criteria_in_force(ws.path, mark)[1]
        except KakehashiError as exc:
            ui.show_error(exc)
            st.stop()
        labels = {
            None: tr(
                "app.criteria_in_force",
                version=tr(
                    "app.criteria_version",
                    name=fmt.label("criteria_name", in_force.name, ui.lang()),
                    version=in_force.version,
                    status=tr(f"app.criteria_status_{in_force.status}"),
                ),
            )
        } | {
            row.criteria_id: tr(
                "app.criteria_version",
                name=fmt.label("criteria_name", row.name, ui.lang()),
                version=row.version,
                status=tr(f"app.criteria_status_{row.status}"),
            )
            for row in saved
        }
        # The choice lives in a plain state key (widget state is dropped when a widget is not drawn).
        chosen = st.session_state.get(ui.CRITERIA_KEY)
        options = list(labels)
        st.session_state[ui.CRITERIA_KEY] = st.selectbox(
            tr("app.criteria"),
            options=options,
            index=options.index(chosen) if chosen in labels else 0,
            format_func=labels.__getitem__,
            help=tr("app.criteria_help"),
            key=f"app.criteria_select.{ui.lang()}",  # labels are translated: one widget per language
        )


# The workspace is read for this run only (read-only, released between runs), so the CLI's
# commands and a scheduled import or report work beside the dashboard (ui.workspace_run).
with ui.workspace_run() as opened:
    try:
        with workspace_errors(ui.db_path()):  # a damaged block met by a query: db.damaged
            sidebar(opened)
            # Every page says which criteria version it uses and its status (agreed or not).
            ui.show_criteria_status()
            navigation.run()
    except WorkspaceError as exc:  # e.g. a damaged block met by a page: one message, no traceback
        ui.show_error(exc)
