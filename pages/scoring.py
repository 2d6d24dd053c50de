"""Scoring: edit rule points, weights and threshold; see the distribution, MQL changes and one lead.

Thin view: widgets → analytics.criteria / scoring (points, replay) → analytics.charts.scoring.
The feature matrix is cached per rule structure, so editing points re-scores instantly.
"""

from __future__ import annotations

import dataclasses

import polars as pl
import streamlit as st

import ui
from analytics.charts import scoring as charts
from analytics.criteria import (
    apply_points_table,
    criteria_reference,
    dump_criteria,
    list_criteria,
    load_criteria,
    points_table,
)
from analytics.criteria.agreement import save_version
from analytics.errors import KakehashiError
from analytics.scoring.features import structure_key
from analytics.scoring.lookup import lead_activities
from analytics.scoring.points import explain_lead, mql_changes, score_features, search_leads
from analytics.scoring.replay import compare_crm_mql
from analytics.text.format import label, label_column

ui.require_app()

tr = ui.tr
WORK = "scoring.toml"
SETTINGS = ("scoring.threshold", "scoring.fit_weight", "scoring.engagement_weight")

st.title(tr("scoring.title"))
st.caption(tr("scoring.intro"))

ws = ui.get_workspace()
active, before = ui.page_replay("scoring.empty")


def start_from(text: str) -> None:
    """Make ``text`` the working criteria and forget the edits of the previous one."""
    st.session_state[WORK] = text
    for key in SETTINGS:
        st.session_state.pop(key, None)


if WORK not in st.session_state:
    start_from(dump_criteria(active))

# --- the working criteria: upload, reset ---------------------------------------------------
top = st.columns([3, 1])
with top[0]:
    uploaded = st.file_uploader(tr("scoring.upload"), type=["toml"], key="scoring.upload")
if uploaded is not None and st.session_state.get("scoring.upload_id") != uploaded.file_id:
    st.session_state["scoring.upload_id"] = uploaded.file_id
    try:
        loaded = load_criteria(uploaded.getvalue())
        start_from(dump_criteria(loaded))
        st.success(tr("scoring.upload_ok", name=loaded.name, version=loaded.version))
    except KakehashiError as exc:
        ui.show_error(exc)
with top[1]:
    st.write("")
    if st.button(tr("scoring.reset"), key="scoring.reset"):
        start_from(dump_criteria(active))

base = load_criteria(st.session_state[WORK])
in_use = ui.criteria_in_use()[1]
st.caption(
    tr(
        "scoring.criteria_source",
        name=base.name,
        version=base.version,
        status=f"{in_use.name} v{in_use.version} · {label('status', in_use.status, ui.lang())}",
    )
)

# --- threshold, weights, points ---------------------------------------------------------------
st.subheader(tr("scoring.settings"))
for key, value in zip(
    SETTINGS, (base.threshold, base.fit_weight, base.engagement_weight), strict=True
):
    st.session_state.setdefault(key, float(value))
cols = st.columns(3)
cols[0].number_input(tr("scoring.threshold"), step=5.0, key="scoring.threshold")
cols[1].number_input(tr("scoring.fit_weight"), min_value=0.0, step=0.1, key="scoring.fit_weight")
cols[2].number_input(
    tr("scoring.engagement_weight"), min_value=0.0, step=0.1, key="scoring.engagement_weight"
)

st.subheader(tr("scoring.rules_table"))
st.caption(tr("scoring.rules_help"))
edited = st.data_editor(
    points_table(base),
    hide_index=True,
    disabled=["rule", "kind", "option"],
    key=f"scoring.points.{base.sha256[:12]}",
    column_config={
        "rule": tr("scoring.col_rule"),
        "kind": tr("scoring.col_kind"),
        "option": tr("scoring.col_option"),
        "points": st.column_config.NumberColumn(tr("scoring.col_points"), required=True),
        "cap": st.column_config.NumberColumn(tr("scoring.col_cap"), min_value=0.0),
    },
)
edited = edited if isinstance(edited, pl.DataFrame) else pl.from_pandas(edited)
try:
    working = dataclasses.replace(
        apply_points_table(base, edited),
        threshold=float(st.session_state["scoring.threshold"]),
        fit_weight=float(st.session_state["scoring.fit_weight"]),
        engagement_weight=float(st.session_state["scoring.engagement_weight"]),
    )
    features = ui.load_features(ws.path, ws.data_version, structure_key(working), working)
    scores = score_features(features, working)
    replayed = ui.load_replay(ws.path, ws.data_version, working.sha256, working)
except KakehashiError as exc:
    ui.stop_with_error(exc)

st.download_button(
    tr("scoring.download"),
    data=dump_criteria(working).encode("utf-8"),
    file_name=f"{working.name}-v{working.version}.toml",
    mime="application/toml",
    key="scoring.download",
)

# --- what these rules do ----------------------------------------------------------------------
st.subheader(tr("scoring.changes"))
changes = mql_changes(before.leads, replayed.leads)
metrics = st.columns(4)
metrics[0].metric(tr("scoring.mql_active"), f"{changes['mql_before']:,}")
metrics[1].metric(
    tr("scoring.mql_working"),
    f"{changes['mql_after']:,}",
    delta=f"{changes['mql_after'] - changes['mql_before']:+,}",
)
metrics[2].metric(tr("scoring.became_mql"), f"{changes['became_mql']:,}")
metrics[3].metric(tr("scoring.no_longer_mql"), f"{changes['no_longer_mql']:,}")
crm = compare_crm_mql(replayed.leads)
if crm["both"] + crm["crm_only"] > 0:
    median = "-" if crm["median_days"] is None else f"{crm['median_days']:+.1f}"
    st.caption(
        tr(
            "scoring.crm_compare",
            both=f"{crm['both']:,}",
            replay_only=f"{crm['replay_only']:,}",
            crm_only=f"{crm['crm_only']:,}",
            median=median,
        )
    )

charts_row = st.columns(2)
with charts_row[0]:
    st.markdown(f"**{tr('scoring.distribution')}**")
    ui.chart(
        charts.score_histogram(scores, threshold=working.threshold, lang=ui.lang()),
        key="scoring.histogram",
    )
with charts_row[1]:
    st.markdown(f"**{tr('scoring.scatter')}**")
    limit = 5_000
    ui.chart(
        charts.fit_engagement_scatter(
            scores, threshold=working.threshold, lang=ui.lang(), max_points=limit
        ),
        key="scoring.scatter",
    )
    if scores.height > limit:
        st.caption(tr("scoring.scatter_sampled", n=f"{limit:,}", total=f"{scores.height:,}"))

# --- one lead: why this score -----------------------------------------------------------------
st.subheader(tr("scoring.lead_view"))
query = st.text_input(tr("scoring.search"), key="scoring.search")
found = search_leads(replayed.leads, query)
if found.height == 0:
    st.info(tr("scoring.no_match", query=query))
else:
    lead_id = st.selectbox(tr("scoring.pick_lead"), found["lead_id"].to_list(), key="scoring.lead")
    row = replayed.leads.filter(pl.col("lead_id") == lead_id).row(0, named=True)
    mql_at = (
        row["mql_at"].strftime("%Y-%m-%d %H:%M")
        if row["mql_at"] is not None
        else tr("scoring.never")
    )
    st.markdown(
        tr(
            "scoring.lead_total",
            total=f"{row['total']:.1f}",
            fit=f"{row['fit']:.1f}",
            engagement=f"{row['engagement']:.1f}",
            mql_at=mql_at,
        )
    )
    explanation = explain_lead(features, working, lead_id)
    lead_cols = st.columns(2)
    with lead_cols[0]:
        st.markdown(f"**{tr('scoring.explain')}**")
        ui.chart(
            charts.explanation_figure(explanation, lang=ui.lang()), key="scoring.explain_chart"
        )
        st.dataframe(
            explanation.select("rule", "points", "detail"),
            hide_index=True,
            column_config={
                "rule": tr("scoring.col_rule"),
                "points": st.column_config.NumberColumn(tr("scoring.col_points"), format="%.2f"),
                "detail": tr("scoring.col_detail"),
            },
        )
    with lead_cols[1]:
        st.markdown(f"**{tr('scoring.timeline')}**")
        path = replayed.path.filter(pl.col("lead_id") == lead_id)
        ui.chart(
            charts.lead_timeline_figure(
                path, lead_activities(ws, lead_id), threshold=working.threshold, lang=ui.lang()
            ),
            key="scoring.timeline_chart",
        )

# --- save, versions, reference ----------------------------------------------------------------
st.subheader(tr("scoring.save"))
save_cols = st.columns([2, 1, 1], vertical_alignment="bottom")
author = save_cols[0].text_input(tr("scoring.save_by"), key="scoring.save_by")
if save_cols[1].button(
    tr("scoring.save_button"), key="scoring.save_button", disabled=not author.strip()
):
    try:
        new_id = save_version(ws, working, by=author.strip())
        saved = list_criteria(ws).filter(pl.col("criteria_id") == new_id).row(0, named=True)
        st.success(tr("scoring.saved", name=saved["name"], version=saved["version"]))
    except KakehashiError as exc:
        ui.show_error(exc)
if save_cols[2].button(
    tr("agreement.send_scoring"),
    key="scoring.propose_button",
    type="primary",
    help=tr("agreement.send_help"),
    disabled=not author.strip(),
):
    try:
        ui.propose_in_one_step(working, by=author.strip(), note=tr("agreement.send_note_scoring"))
    except KakehashiError as exc:
        ui.show_error(exc)
    else:
        st.switch_page("pages/agreement.py")
with st.expander(tr("scoring.versions")):
    versions = label_column(list_criteria(ws), "status", "status", ui.lang())
    st.dataframe(
        versions.select("criteria_id", "name", "version", "status", "created_by", "created_at"),
        hide_index=True,
        column_config={
            "criteria_id": "#",
            "name": tr("agreement.col_version"),
            "version": "v",
            "status": tr("agreement.col_status"),
            "created_by": tr("agreement.col_who"),
            "created_at": st.column_config.DatetimeColumn(
                tr("agreement.col_at"), format="YYYY-MM-DD HH:mm"
            ),
        },
    )
    st.page_link("pages/agreement.py", label=tr("agreement.go"), icon=":material/handshake:")
with st.expander(tr("scoring.reference")):
    st.markdown(criteria_reference())
