"""Overview: what the workspace holds, or the two ways in when it is empty."""

from __future__ import annotations

import polars as pl
import streamlit as st

import ui
from analytics.metrics.demo_lab import add_demo_experiment
from analytics.store.db import DATA_TABLES
from analytics.store.demo import load_demo
from analytics.text import format as fmt

ui.require_app()

tr = ui.tr

st.title(tr("overview.title"))
st.caption(tr("overview.caption"))

ws = ui.get_workspace()
summary = ui.summary()

flash = st.session_state.pop("overview.flash", None)
if flash:
    st.success(flash, icon=":material/check_circle:")

if summary["empty"]:
    st.info(tr("overview.empty"), icon=":material/inbox:")
    demo_col, import_col = st.columns(2, border=True)
    with demo_col:
        st.markdown(tr("overview.way_demo"))
        if st.button(tr("overview.load_demo"), key="overview.load_demo", type="primary"):
            with st.spinner(tr("overview.load_demo")):
                counts = load_demo(ws)
                add_demo_experiment(ws)
            ui.clear_caches()
            st.session_state["overview.flash"] = tr(
                "overview.demo_loaded", leads=f"{counts['leads']:,}"
            )
            st.rerun()
        st.caption(tr("overview.demo_cli", path=ui.md(ws.path)))
    with import_col:
        st.markdown(tr("overview.way_import"))
        st.page_link(
            "pages/import_data.py", label=tr("common.go_import"), icon=":material/upload_file:"
        )
    st.stop()

kpis = ui.month_kpis(ws, ui.period()[1])
if kpis is None:
    st.caption(tr("kpis.no_month"))
else:
    kpi_cards, kpi_month, gaps = kpis
    st.subheader(tr("kpis.title", month=fmt.month(kpi_month, ui.lang())))
    st.caption(tr("kpis.complete_month"))
    ui.show_kpi_cards(kpi_cards)
    ui.win_notes(gaps)
    st.caption(tr("kpis.note"))

st.subheader(tr("overview.counts"))
for column, table in zip(st.columns(len(DATA_TABLES)), DATA_TABLES, strict=True):
    column.metric(tr(f"common.kind_{table}"), fmt.count(summary["counts"][table]))

left, right = st.columns(2)
with left:
    st.subheader(tr("overview.date_ranges"))
    table_names = {table: tr(f"common.kind_{table}") for table in DATA_TABLES}
    st.dataframe(
        summary["date_ranges"]
        .with_columns(pl.col("table").replace_strict(table_names))
        .drop("column"),
        hide_index=True,
        column_config={
            "table": tr("overview.col_table"),
            "rows": st.column_config.NumberColumn(tr("overview.col_rows"), format="localized"),
            "first": st.column_config.DateColumn(tr("overview.col_first"), format="YYYY-MM-DD"),
            "last": st.column_config.DateColumn(tr("overview.col_last"), format="YYYY-MM-DD"),
        },
    )
with right:
    st.subheader(tr("overview.custom_attributes"))
    custom = summary["custom_attributes"]
    if custom.is_empty():
        st.caption(tr("overview.no_custom"))
    else:
        st.dataframe(
            custom,
            hide_index=True,
            column_config={
                "name": tr("overview.col_name"),
                "type": tr("overview.col_type"),
                "filled": tr("overview.col_filled"),
            },
        )

st.subheader(tr("overview.latest_imports"))
imports = summary["latest_imports"]
if imports.is_empty():
    st.caption(tr("overview.no_imports"))
else:
    ui.show_imports(imports)
