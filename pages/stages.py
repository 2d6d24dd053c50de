"""Buying stages: recent behaviour → stage, priority and action; the "call now" list to download.

Thin view: widgets → analytics.metrics.buying_stages (DuckDB scan, cached) → draw.
"""

from __future__ import annotations

from datetime import datetime, time

import polars as pl
import streamlit as st

import ui
from analytics.charts import conversion as charts
from analytics.errors import KakehashiError
from analytics.metrics.buying_stages import (
    NO_STAGE,
    PRIORITIES,
    STAGES,
    assign_stages,
    call_now_list,
    count_stages,
    load_stage_rules,
    rules_frame,
)
from analytics.store.export import to_csv_bytes, to_excel_bytes

ui.require_app()

tr = ui.tr

st.title(tr("stages.title"))
st.caption(tr("stages.intro"))

ws = ui.get_workspace()
_, replayed = ui.page_replay("stages.empty")

with st.expander(tr("stages.rules_custom")):
    st.caption(tr("stages.rules_custom_help"))
    custom = st.text_area(tr("stages.rules_toml"), value="", key="stages.rules_toml")
try:
    rules = load_stage_rules(custom if custom.strip() else None)
except KakehashiError as exc:
    ui.show_error(exc)
    rules = load_stage_rules()

as_of_day = st.date_input(tr("stages.as_of"), value=replayed.as_of.date(), key="stages.as_of")
as_of = datetime.combine(as_of_day, time.max).replace(microsecond=0)
if as_of > replayed.as_of:
    as_of = replayed.as_of
matches = ui.load_stage_matches(ws.path, ws.data_version, custom.strip(), as_of, rules)
ids = replayed.leads.select("lead_id")
assigned = assign_stages(matches, rules).join(ids, on="lead_id", how="semi")
counts = count_stages(assigned, total_leads=replayed.leads.height)

stage_names = {s: tr(f"stages.stage_{s}") for s in (*STAGES, NO_STAGE)}
cols = st.columns(len(stage_names))
for column, row in zip(cols, counts.iter_rows(named=True), strict=True):
    column.metric(stage_names[row["stage"]], f"{row['leads']:,}")
ui.chart(
    charts.stages_figure(counts.filter(pl.col("stage") != NO_STAGE), lang=ui.lang()),
    key="stages.chart",
)

with st.expander(tr("stages.rules_title")):
    table = rules_frame(rules).drop("rule_order")
    st.dataframe(table, hide_index=True, column_config=ui.conversion_columns(table.columns))

st.subheader(tr("stages.call_now"))
priorities = st.multiselect(
    tr("stages.priorities"),
    options=list(PRIORITIES),
    default=["high"],
    format_func=ui.labeller("stages.priority_"),
    key="stages.priorities",
)
calls = call_now_list(assigned, replayed.leads, priorities=priorities or ["high"])
calls = calls.with_columns(pl.col("stage").replace_strict(stage_names))
st.caption(tr("stages.call_count", n=calls.height))
if calls.is_empty():
    st.info(tr("stages.no_calls"))
else:
    st.dataframe(calls, hide_index=True, column_config=ui.conversion_columns(calls.columns))
a, b, c = st.columns(3)
a.download_button(
    tr("conversion.download_csv"),
    data=to_csv_bytes(calls, encoding="utf-8-sig"),
    file_name="call_now.csv",
    mime="text/csv",
    key="stages.download_csv",
)
b.download_button(
    tr("conversion.download_csv_cp932"),
    data=to_csv_bytes(calls, encoding="cp932"),
    file_name="call_now_sjis.csv",
    mime="text/csv",
    key="stages.download_cp932",
)
c.download_button(
    tr("conversion.download_excel"),
    data=to_excel_bytes({"call now": calls, "stages": counts}),
    file_name="call_now.xlsx",
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    key="stages.download_xlsx",
)
