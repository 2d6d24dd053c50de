"""Kakehashi dashboard: ``streamlit run app.py -- --db data/workspace.duckdb``.

Builds the navigation over the files in ``pages/`` (listed explicitly: once
``st.navigation`` is called Streamlit no longer discovers ``pages/`` by itself),
owns the shared sidebar (language, workspace, period) and session state.
Pages get shared state only through :mod:`ui`.
"""

from __future__ import annotations

import streamlit as st

import ui
from analytics.criteria import list_criteria
from analytics.errors import WorkspaceError
from analytics.store.summary import month_starts
from analytics.text import format as fmt
from analytics.text.catalog import LANGUAGES

st.set_page_config(page_title="Kakehashi 架け橋", page_icon=":material/hub:", layout="wide")
ui.apply_layout()

# Session state is initialised before any widget uses it (widgets get only a key, no default).
st.session_state.setdefault(ui.LANG_KEY, ui.default_lang())
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
    st.Page("pages/model.py", title=tr("model.page"), icon=":material/model_training:"),
    st.Page("pages/experiments.py", title=tr("experiments.page"), icon=":material/science:"),
]

navigation = st.navigation(PAGES, position="sidebar")

with st.sidebar:
    st.radio(
        tr("app.language"),
        options=list(LANGUAGES),
        format_func=LANGUAGES.__getitem__,
        key=ui.LANG_KEY,
        horizontal=True,
    )
    st.caption(f"{tr('app.workspace')}: `{ui.db_path()}`")
    try:
        ws = ui.get_workspace()
    except WorkspaceError as exc:
        st.error(tr("app.workspace_error", message=str(exc)), icon=":material/lock:")
        st.stop()
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

    # Criteria every page uses: the active version (newest agreed, else newest draft, else the
    # shipped default) unless a saved version is picked here.
    saved = list_criteria(ws)
    labels = {None: tr("app.criteria_active")} | {
        row["criteria_id"]: tr(
            "app.criteria_version",
            name=fmt.label("criteria_name", row["name"], ui.lang()),
            version=row["version"],
            status=tr(f"app.criteria_status_{row['status']}"),
        )
        for row in saved.iter_rows(named=True)
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

navigation.run()
