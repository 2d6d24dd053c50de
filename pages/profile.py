"""Won-customer profile: who bought and what they did before, and draft rule points from it.

Thin view: widgets → analytics.metrics.profile on the cached replay → draw.
"""

from __future__ import annotations

import polars as pl
import streamlit as st

import ui
from analytics.charts import conversion as charts
from analytics.metrics.profile import (
    PROFILE_OUTCOMES,
    draft_criteria_toml,
    profile_attributes,
    profile_behaviours,
    propose_points,
)
from analytics.text.catalog import STRINGS

ui.require_app()

tr = ui.tr

st.title(tr("profile.title"))
st.caption(tr("profile.intro"))

ws = ui.get_workspace()
criteria, replayed = ui.page_replay("profile.empty")

leads = ui.leads_in_period(replayed)

left, middle, right = st.columns(3)
outcome = left.radio(
    tr("profile.outcome"),
    options=list(PROFILE_OUTCOMES),
    format_func=ui.labeller("profile.outcome_"),
    key="profile.outcome",
    horizontal=True,
)
min_n = middle.number_input(
    tr("profile.min_n"), min_value=1, value=30, step=10, key="profile.min_n"
)
window = right.number_input(
    tr("profile.window"), min_value=1, value=90, step=15, key="profile.window"
)

attributes = profile_attributes(leads, outcome=outcome, min_n=int(min_n))
behaviour_counts = ui.load_behaviour_counts(
    ws.path, ws.data_version, criteria.sha256, float(window), replayed.leads
)
behaviours = profile_behaviours(leads, behaviour_counts, outcome=outcome, min_n=int(min_n))
if attributes.is_empty() or attributes["converted"].sum() == 0:
    st.info(tr("profile.no_conversions"))

st.subheader(tr("profile.attributes"))
names = attributes["attribute"].unique(maintain_order=True).to_list()
if names:
    shown_names = {
        name: tr(f"profile.attr_{name}") if f"profile.attr_{name}" in STRINGS else name
        for name in names
    }
    chosen = st.selectbox(
        tr("profile.attribute"),
        options=names,
        format_func=shown_names.__getitem__,
        key="profile.attribute",
    )
    one = attributes.filter(pl.col("attribute") == chosen).drop("attribute")
    chart_col, table_col = st.columns([2, 3])
    with chart_col:
        ui.chart(charts.lift_figure(one, lang=ui.lang()), key="profile.attribute_chart")
    table_col.dataframe(one, hide_index=True, column_config=ui.conversion_columns(one.columns))

st.subheader(tr("profile.behaviours"))
st.caption(tr("profile.behaviours_note", days=int(window)))
if behaviours.is_empty():
    st.caption(tr("profile.no_behaviours"))
else:
    chart_col, table_col = st.columns([2, 3])
    with chart_col:
        ui.chart(
            charts.lift_figure(behaviours, key="behaviour", lang=ui.lang()),
            key="profile.behaviour_chart",
        )
    table_col.dataframe(
        behaviours, hide_index=True, column_config=ui.conversion_columns(behaviours.columns)
    )

st.subheader(tr("profile.proposal"))
st.caption(tr("profile.proposal_rule", n=int(min_n)))
attribute_points = propose_points(attributes, min_n=int(min_n))
behaviour_points = propose_points(behaviours, min_n=int(min_n))
if attribute_points.is_empty() and behaviour_points.is_empty():
    st.caption(tr("profile.no_proposal"))
else:
    both = pl.concat(
        [
            attribute_points.select(
                pl.format("{}: {}", "attribute", "value").alias("item"), "leads", "lift", "points"
            ),
            behaviour_points.select(pl.col("behaviour").alias("item"), "leads", "lift", "points"),
        ]
    )
    st.dataframe(both, hide_index=True, column_config=ui.conversion_columns(both.columns))
    draft = draft_criteria_toml(attribute_points, behaviour_points, window_days=float(window))
    with st.expander(tr("profile.draft_toml")):
        st.code(draft, language="toml")
    st.download_button(
        tr("profile.download_toml"),
        data=draft.encode("utf-8"),
        file_name="profile_draft.toml",
        mime="application/toml",
        key="profile.download",
    )
