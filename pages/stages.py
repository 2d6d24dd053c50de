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
from analytics.text import format as fmt

ui.require_app()

tr = ui.tr
lang = ui.lang()

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
for column, row in zip(cols, counts.iter_rows(named=True), strict=True):  # four stages
    ui.metric(column, stage_names[row["stage"]], fmt.count(row["leads"]))
ui.chart(
    charts.stages_figure(counts.filter(pl.col("stage") != NO_STAGE), lang=lang),
    key="stages.chart",
)

with st.expander(tr("stages.rules_title")):
    table = rules_frame(rules)
    # the shipped rules have their words in both languages; a custom rule shows what it says
    helps = {n: fmt.label("stage_rule_help", n, lang) for n in table["name"] if fmt.has_label(
        "stage_rule_help", n)}  # fmt: skip
    table = table.with_columns(
        help=pl.col("name").replace_strict(helps, default=pl.col("help"), return_dtype=pl.String)
    )
    ui.table(
        table,
        {
            "name": (tr("conversion.col_name"), "code:stage_rule"),
            "stage": (tr("conversion.col_stage"), "code:buying_stage"),
            "priority": (tr("conversion.col_priority"), "code:priority"),
            "action": (tr("conversion.col_action"), "code:action"),
            "types": (tr("conversion.col_types"), "list:activity"),
            "detail_contains": (tr("conversion.col_detail_contains"), "list"),
            "min_count": (tr("conversion.col_min_count"), "count"),
            "window_days": (tr("conversion.col_window_days"), "number"),
            "help": (tr("conversion.col_help"), "text"),
        },
        key="stages.rules_table",
    )

st.subheader(tr("stages.call_now"))
priorities = ui.choices(
    st.multiselect,
    tr("stages.priorities"),
    list(PRIORITIES),
    key="stages.priorities",
    format_func=ui.labeller("stages.priority_"),
    default=["high"],
)
calls = call_now_list(assigned, replayed.leads, priorities=priorities or ["high"])
st.caption(tr("stages.call_count", n=fmt.count(calls.height)))
# The columns a caller needs first (who, stage, priority, action) come first, so that they
# are on screen at 1280 px; the rest follow.
CALL_COLUMNS = {
    "company": (tr("conversion.col_company"), "text"),
    "title": (tr("conversion.col_title"), "text"),
    "stage": (tr("conversion.col_stage"), "code:buying_stage"),
    "priority": (tr("conversion.col_priority"), "code:priority"),
    "action": (tr("conversion.col_action"), "code:action"),
    "total": (tr("conversion.col_total"), "score"),
    "last_at": (tr("conversion.col_last_at"), "moment"),
    "events": (tr("conversion.col_events"), "count"),
    "owner": (tr("conversion.col_owner"), "text"),
    "source": (tr("conversion.col_source"), "category:source"),
    "rule": (tr("conversion.col_rule"), "code:stage_rule"),
    "email": (tr("conversion.col_email"), "text"),
    "lead_id": (tr("conversion.col_lead_id"), "text"),
}
CALL_COLUMNS = {c: spec for c, spec in CALL_COLUMNS.items() if c in calls.columns}
if calls.is_empty():
    st.info(tr("stages.no_calls"))
    shown = calls.rename({c: header for c, (header, _) in CALL_COLUMNS.items()})
else:
    shown = ui.table(
        calls,
        CALL_COLUMNS,
        key="stages.call_table",
    )
stage_counts = fmt.format_table(
    counts, {"stage": "code:buying_stage", "leads": "count"}, lang
).rename({"stage": tr("conversion.col_stage"), "leads": tr("conversion.col_leads")})
a, b, c = st.columns(3)
a.download_button(
    tr("conversion.download_csv"),
    data=to_csv_bytes(shown, encoding="utf-8-sig"),
    file_name="call_now.csv",
    mime="text/csv",
    key="stages.download_csv",
)
b.download_button(
    tr("conversion.download_csv_cp932"),
    data=to_csv_bytes(shown, encoding="cp932"),
    file_name="call_now_sjis.csv",
    mime="text/csv",
    key="stages.download_cp932",
)
# the workbook is written when the button is clicked (a callable): writing it on every run
# took seconds for a long call list
sheets = {tr("stages.call_now"): shown, tr("stages.sheet_stages"): stage_counts}
c.download_button(
    tr("conversion.download_excel"),
    data=lambda: to_excel_bytes(sheets),
    file_name="call_now.xlsx",
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    key="stages.download_xlsx",
)
