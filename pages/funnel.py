"""Funnel: Lead → MQL → SQL → Opportunity → Won, by MQL-month cohort and by segment.

Thin view: widgets → analytics.metrics.funnel on the cached replay → draw.
"""

from __future__ import annotations

import streamlit as st

import ui
from analytics.charts import conversion as charts
from analytics.metrics.funnel import (
    MQL_COLUMNS,
    SPLIT_COLUMNS,
    STAGES,
    count_cohorts,
    count_funnel,
    count_sales_sourced,
    measure_stage_times,
    summarise_conversion,
    summarise_dropoff,
)
from analytics.text import format as fmt

ui.require_app()

tr = ui.tr

st.title(tr("funnel.title"))
st.caption(tr("funnel.intro"))

ws = ui.get_workspace()
_, replayed = ui.page_replay("funnel.empty")

leads = ui.leads_in_period(replayed)

left, right = st.columns(2)
# labels are translated: one widget per language, the choice kept across a switch (ui.choice)
mql_col = ui.choice(
    left.radio, tr("conversion.mql_source"), list(MQL_COLUMNS), key="funnel.mql_col",
    format_func=ui.labeller("conversion.mql_source_"), horizontal=True,
)  # fmt: skip
split = ui.choice(
    right.selectbox, tr("funnel.split"), ["none", *SPLIT_COLUMNS], key="funnel.split",
    format_func=ui.labeller("funnel.split_"),
)  # fmt: skip

stage_names = {s: tr(f"conversion.stage_{s}") for s in STAGES}
funnel = count_funnel(leads, mql_col=mql_col)
st.subheader(tr("funnel.stages"))
cols = st.columns(len(STAGES))
for column, row in zip(cols, funnel.iter_rows(named=True), strict=True):
    rate = "" if row["rate"] is None else fmt.pct(row["rate"])
    column.metric(
        stage_names[row["stage"]],
        fmt.count(row["reached"]),
        rate or None,
        delta_color="gray",
        delta_arrow="off",
        delta_description=tr("funnel.from_previous") if rate else None,
    )
chart_col, table_col = st.columns([2, 5])  # the table's seven columns fit at 1280 px
with chart_col:
    ui.chart(charts.funnel_figure(funnel, lang=ui.lang()), key="funnel.chart")
shown = funnel.drop("stage_order").with_columns(
    funnel["stage"].replace_strict(stage_names).alias("stage")
)
if not shown["small_sample"].any():  # the column says something only where a rate is small
    shown = shown.drop("small_sample")
with table_col:
    ui.conversion_table(shown, key="funnel.stage_table")  # the first stage's rate reads –
st.caption(tr("funnel.reached_note"))
outside = count_sales_sourced(leads, mql_col=mql_col)
if outside["leads"]:
    st.caption(
        tr("funnel.sales_sourced", leads=fmt.count(outside["leads"]), won=fmt.count(outside["won"]))
    )

if split != "none":
    st.subheader(tr("funnel.by_split", split=tr(f"funnel.split_{split}")))
    by = summarise_conversion(leads, split, outcome="won", base="mql", mql_col=mql_col)
    ui.conversion_table(by, key="funnel.split_table")
    detail = count_funnel(leads, by=split, mql_col=mql_col).pivot(
        on="stage", index=split, values="reached"
    )
    ui.conversion_table(detail.rename(stage_names, strict=False), key="funnel.split_detail")

st.subheader(tr("funnel.cohorts"))
st.caption(tr("funnel.cohort_note"))
cohorts = count_cohorts(replayed.leads, as_of=replayed.as_of, mql_col=mql_col)
if cohorts.is_empty():
    st.info(tr("funnel.no_mqls"))
else:
    ui.chart(charts.cohort_figure(cohorts, lang=ui.lang()), key="funnel.cohort_chart")
    if cohorts["immature"].any():
        st.caption(tr("funnel.immature_note"))
    ui.conversion_table(cohorts, key="funnel.cohort_table")

st.subheader(tr("funnel.times"))
times = measure_stage_times(leads, mql_col=mql_col)
times = times.with_columns(
    times["transition"].replace_strict(
        {t: tr(f"funnel.transition_{t}") for t in times["transition"].unique()}
    )
)
ui.conversion_table(times, key="funnel.times_table")

st.subheader(tr("funnel.dropoff"))
dropoff = summarise_dropoff(
    leads,
    feedback=ui.load_conversion_table(ws.path, ws.data_version, "feedback"),
    deals=ui.load_conversion_table(ws.path, ws.data_version, "deals"),
)
if dropoff.is_empty():
    st.caption(tr("funnel.no_dropoff"))
else:
    dropoff = fmt.label_column(dropoff, "stage", "stage", ui.lang())
    dropoff = fmt.label_column(dropoff, "verdict", "verdict", ui.lang())
    ui.conversion_table(dropoff, key="funnel.dropoff_table")
