"""Scoring: edit rule points, weights and threshold; see the distribution, MQL changes and one lead.

Thin view: widgets → analytics.criteria / scoring (points, replay, explain, why) →
analytics.charts.scoring. The feature matrix is cached per rule structure, so editing points
re-scores instantly; one lead is explained at the moment that matters (its MQL moment, else
its hand-off to sales) beside today, from that lead's own rows (analytics.scoring.explain).
"""

from __future__ import annotations

import dataclasses

import polars as pl
import streamlit as st

import ui
from analytics.charts import scoring as charts
from analytics.criteria import (
    apply_points_table,
    dump_criteria,
    list_criteria,
    load_criteria,
)
from analytics.criteria.agreement import save_version
from analytics.criteria.versions import criteria_status
from analytics.errors import KakehashiError
from analytics.scoring.edits import edit_key, lead_path, mql_under, totals_under, with_moments
from analytics.scoring.explain import explain_replayed
from analytics.scoring.features import structure_key
from analytics.scoring.lookup import lead_activities
from analytics.scoring.points import (
    compare_crm_mql,
    lead_labels,
    mql_changes,
    score_features,
    search_leads,
)
from analytics.scoring.why import (
    chart_lines,
    moment_column,
    points_table_words,
    why_summary,
    why_table,
)
from analytics.text import format as fmt
from analytics.text.criteria_help import reference_markdown

ui.require_app()

tr = ui.tr
WORK = "scoring.toml"
SETTINGS = ("scoring.threshold", "scoring.fit_weight", "scoring.engagement_weight")

st.title(tr("scoring.title"))
st.caption(tr("scoring.intro"))

ws = ui.get_workspace()
active, before = ui.page_replay("scoring.empty")
ui.unmatched_notes(ws, active)


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
        st.success(
            tr(
                "scoring.upload_ok",
                name=ui.md(fmt.label("criteria_name", loaded.name, ui.lang())),
                version=loaded.version,
            )
        )
    except KakehashiError as exc:
        ui.show_error(exc)
with top[1]:
    st.write("")
    if st.button(tr("scoring.reset"), key="scoring.reset"):
        start_from(dump_criteria(active))

base = load_criteria(st.session_state[WORK])
lang = ui.lang()
in_use = {
    "name": ui.md(fmt.label("criteria_name", active.name, lang)),
    "version": active.version,
    "status": fmt.label("status", ui.criteria_in_use()[1].status, lang),
}
if base.sha256 == active.sha256:
    st.caption(tr("scoring.criteria_editing_in_use", **in_use))
else:
    st.caption(
        tr(
            "scoring.criteria_editing",
            **in_use,
            base_name=ui.md(fmt.label("criteria_name", base.name, lang)),
            base_version=base.version,
            base_status=fmt.label("status", criteria_status(ws, base), lang),
        )
    )

# --- threshold, weights, points ---------------------------------------------------------------
st.subheader(tr("scoring.settings"))
for key, value in zip(
    SETTINGS, (base.threshold, base.fit_weight, base.engagement_weight), strict=True
):
    st.session_state.setdefault(key, float(value))
cols = st.columns(3)
cols[0].number_input(tr("scoring.threshold"), step=5.0, format="%.1f", key="scoring.threshold")
cols[1].number_input(tr("scoring.fit_weight"), min_value=0.0, step=0.1, key="scoring.fit_weight")
cols[2].number_input(
    tr("scoring.engagement_weight"), min_value=0.0, step=0.1, key="scoring.engagement_weight"
)

st.subheader(tr("scoring.rules_table"))
st.caption(tr("scoring.rules_help"))
edited = st.data_editor(
    points_table_words(base, lang),
    hide_index=True,
    disabled=["rule", "kind", "option", "rule_label", "kind_label", "option_label"],
    key=f"scoring.points.{base.sha256[:12]}.{lang}",
    placeholder=fmt.MISSING,  # an empty cap reads "–", not "None"
    column_config={  # the keys stay in the frame (apply_points_table reads them), hidden
        "rule": None,
        "kind": None,
        "option": None,
        "rule_label": st.column_config.TextColumn(tr("scoring.col_rule"), width=190),
        "kind_label": st.column_config.TextColumn(tr("scoring.col_kind"), width=110),
        "option_label": st.column_config.TextColumn(tr("scoring.col_option"), width=260),
        "points": st.column_config.NumberColumn(
            tr("scoring.col_points"), required=True, format="localized", width=90
        ),
        "cap": st.column_config.NumberColumn(
            tr("scoring.col_cap"), min_value=0.0, format="localized", width=90
        ),
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
    # MQL moments under the edited points without a replay: decayed counts cached per rule
    # structure, points applied per edit (analytics.scoring.edits)
    if working.sha256 == before.criteria_sha256:  # nothing edited yet: the replay answers
        edited_leads, basis, totals = before.leads, None, None
    else:
        basis = ui.load_edit_basis(ws.path, ws.data_version, edit_key(working), working)
        totals = totals_under(basis, working)
        edited_leads = with_moments(before.leads, mql_under(basis, working, total=totals))
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
changes = mql_changes(before.leads, edited_leads)
metrics = st.columns(4)
metrics[0].metric(tr("scoring.mql_active"), fmt.count(changes["mql_before"]))
metrics[1].metric(
    tr("scoring.mql_working"),
    fmt.count(changes["mql_after"]),
    delta=fmt.delta_count(changes["mql_after"] - changes["mql_before"]),
    delta_color="off",
)
metrics[2].metric(tr("scoring.became_mql"), fmt.count(changes["became_mql"]))
metrics[3].metric(tr("scoring.no_longer_mql"), fmt.count(changes["no_longer_mql"]))
crm = compare_crm_mql(edited_leads)
if crm["both"] + crm["crm_only"] > 0:
    st.caption(
        tr(
            "scoring.crm_compare",
            both=fmt.count(crm["both"]),
            replay_only=fmt.count(crm["replay_only"]),
            crm_only=fmt.count(crm["crm_only"]),
            median=fmt.days(crm["median_days"], lang),
        )
    )

charts_row = st.columns(2)
with charts_row[0]:
    st.markdown(f"**{tr('scoring.distribution')}**")
    ui.chart(
        charts.score_histogram(scores, threshold=working.threshold, lang=lang),
        key="scoring.histogram",
    )
with charts_row[1]:
    st.markdown(f"**{tr('scoring.scatter')}**")
    limit = 5_000
    ui.chart(
        charts.fit_engagement_scatter(
            scores, threshold=working.threshold, lang=lang, max_points=limit
        ),
        key="scoring.scatter",
    )
    if scores.height > limit:
        st.caption(
            tr("scoring.scatter_sampled", n=fmt.count(limit), total=fmt.count(scores.height))
        )

# --- one lead: why this score, at the moment that matters --------------------------------
st.subheader(tr("scoring.lead_view"))
query = st.text_input(tr("scoring.search"), key="scoring.search")
found = search_leads(edited_leads, query)
if found.height == 0:
    st.info(tr("scoring.no_match", query=ui.md(query)))
else:
    shown_as = lead_labels(found)
    lead_id = st.selectbox(
        tr("scoring.pick_lead"),
        found["lead_id"].to_list(),
        format_func=shown_as.__getitem__,
        key="scoring.lead",
    )
    try:
        why = explain_replayed(ws, working, edited_leads, lead_id, as_of=before.as_of)
    except KakehashiError as exc:
        ui.stop_with_error(exc)
    cards = st.columns(2 if why.at_moment is not why.today else 1)
    if why.at_moment is not why.today:
        cards[0].metric(
            f"{moment_column(why, lang)} · {fmt.moment(why.at_moment.at, lang)}",
            fmt.score(why.at_moment.total, lang),
            border=True,
        )
    cards[-1].metric(
        f"{tr('scoring.col_today')} · {fmt.day(why.as_of, lang)}",
        fmt.score(why.today.total, lang),
        border=True,
    )
    st.markdown(why_summary(why, lang))
    table = why_table(why, working, lang)
    st.dataframe(
        table,
        hide_index=True,
        column_config={
            "rule": st.column_config.TextColumn(tr("scoring.col_rule"), width=160),
            "at_moment": st.column_config.TextColumn(moment_column(why, lang), width=150),
            "today": st.column_config.TextColumn(tr("scoring.col_today"), width=80),
            "detail": st.column_config.TextColumn(tr("scoring.col_detail"), width=420),
        },
        height=min(38 + 35 * table.height, 640),
        placeholder=fmt.MISSING,
    )
    st.caption(tr("scoring.why_rounding"))
    lead_cols = st.columns(2)
    with lead_cols[0]:
        st.markdown(f"**{tr('scoring.explain', moment=moment_column(why, lang))}**")
        ui.chart(
            charts.explanation_figure(chart_lines(why.at_moment, working, lang), lang=lang),
            key="scoring.explain_chart",
        )
    with lead_cols[1]:
        st.markdown(f"**{tr('scoring.timeline')}**")
        ui.chart(
            charts.lead_timeline_figure(
                before.path.filter(pl.col("lead_id") == lead_id)
                if basis is None
                else lead_path(basis, totals, lead_id),
                lead_activities(ws, lead_id),
                threshold=working.threshold,
                lang=lang,
                mql_at=why.mql_at,
                handoff_at=why.handoff_at,
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
        st.success(
            tr(
                "scoring.saved",
                name=ui.md(fmt.label("criteria_name", saved["name"], lang)),
                version=saved["version"],
            )
        )
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
    versions = fmt.label_column(list_criteria(ws), "status", "status", lang)
    versions = fmt.label_column(versions, "name", "criteria_name", lang)
    st.dataframe(
        fmt.format_columns(versions, {"created_at": "moment"}, lang).select(
            "criteria_id", "name", "version", "status", "created_by", "created_at"
        ),
        hide_index=True,
        placeholder=fmt.MISSING,
        column_config={
            "criteria_id": st.column_config.NumberColumn("#", width=50),
            "name": st.column_config.TextColumn(tr("scoring.col_name"), width=160),
            "version": st.column_config.NumberColumn(tr("scoring.col_version"), width=70),
            "status": st.column_config.TextColumn(tr("common.col_status"), width=220),
            "created_by": st.column_config.TextColumn(tr("scoring.save_by"), width=140),
            "created_at": st.column_config.TextColumn(tr("scoring.col_saved_at"), width=150),
        },
    )
    st.page_link("pages/agreement.py", label=tr("agreement.go"), icon=":material/handshake:")
with st.expander(tr("scoring.reference")):
    st.caption(tr("scoring.reference_note"))
    st.markdown(reference_markdown(lang))
