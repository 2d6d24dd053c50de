"""Won-customer profile: who bought and what they did before, and draft rule points from it.

Thin view: widgets → analytics.metrics.profile on the cached replay → draw.
"""

from __future__ import annotations

import polars as pl
import streamlit as st

import ui
from analytics.charts import conversion as charts
from analytics.charts import model as model_charts
from analytics.metrics.profile import (
    MIN_N,
    PROFILE_OUTCOMES,
    WINDOW_DAYS,
    band_bounds,
    draft_criteria_toml,
    propose_points,
)
from analytics.metrics.proposal import candidate_columns
from analytics.text import format as fmt
from analytics.text.catalog import STRINGS, t

ui.require_app()

tr = ui.tr
lang = ui.lang()
# The code vocabulary of an attribute's values (others are shown as written).
VALUE_KINDS = {"source": "category:source", "title_rank": "category:title_rank"}

st.title(tr("profile.title"))
st.caption(tr("profile.intro"))

ws = ui.get_workspace()
criteria, replayed = ui.page_replay("profile.empty")

leads = ui.leads_in_period(replayed)

left, middle, right = st.columns(3)
outcome = ui.choice(
    left.radio,
    tr("profile.outcome"),
    list(PROFILE_OUTCOMES),
    key="profile.outcome",
    format_func=ui.labeller("profile.outcome_"),
    horizontal=True,
)
ui.require_outcome(replayed, outcome)
min_n = middle.number_input(
    tr("profile.min_n"), min_value=1, value=MIN_N, step=10, key="profile.min_n"
)
window = right.number_input(
    tr("profile.window"), min_value=1, value=int(WINDOW_DAYS), step=15, key="profile.window"
)

candidates = candidate_columns(leads)  # never an outcome column (the leak guard)
proposal_key = (ws.path, ws.data_version, criteria.sha256, ui.period(), outcome, int(min_n))
# both tables cached per data, criteria, period and choices, and kept beside the workspace
attributes, behaviours = ui.load_profile_tables(*proposal_key, float(window), criteria, leads)
if attributes.is_empty() or attributes["converted"].sum() == 0:
    st.info(tr("profile.no_conversions"))


def attribute_name(name: str) -> str:
    """The reader's name of a profiled attribute (a custom attribute as written).

    The language is the one of this run (AppTest calls a format_func outside the run).
    """
    key = f"profile.attr_{name}"
    return t(key, lang) if key in STRINGS else name


def with_value_labels(frame: pl.DataFrame) -> pl.DataFrame:
    """``value`` as its reader sees it: band edges through format.span, codes labelled,
    missing as (not set); ``attribute`` stays the code."""
    parts = []
    for name in frame["attribute"].unique(maintain_order=True).to_list():  # a few attributes
        part = frame.filter(pl.col("attribute") == name)
        bounds = band_bounds(name)
        if bounds:
            money = name == "revenue_band"
            labels = {v: fmt.span(lo, hi, lang, money=money) for v, (lo, hi) in bounds.items()}
            shown = part["value"].replace(labels)
            shown = fmt.format_table(part.with_columns(value=shown), {"value": "category"}, lang)
        else:
            kind = VALUE_KINDS.get(name, "category")
            shown = fmt.format_table(part, {"value": kind}, lang)
        parts.append(part.with_columns(value=shown["value"]))
    return pl.concat(parts) if parts else frame


COLUMNS = {  # lift first: the verdict of a value, on screen at 1280 px
    "lift": (tr("conversion.col_lift"), "ratio"),
    "rate": (tr("bands.col_rate_ci"), "rate_ci:ci_low:ci_high"),
    "share_converted": (tr("conversion.col_share_converted"), "pct"),
    "share_all": (tr("conversion.col_share_all"), "pct"),
    "leads": (tr("conversion.col_leads"), "count"),
    "converted": (tr("conversion.col_converted"), "count"),
    "enough": (tr("conversion.col_enough"), "bool"),
}

st.subheader(tr("profile.attributes"))
names = attributes["attribute"].unique(maintain_order=True).to_list()
if names:
    chosen = ui.choice(
        st.selectbox,
        tr("profile.attribute"),
        names,
        key="profile.attribute",
        format_func=attribute_name,
    )
    one = with_value_labels(attributes.filter(pl.col("attribute") == chosen))
    ui.chart(charts.lift_figure(one, lang=lang), key="profile.attribute_chart")
    ui.table(
        one,
        {"value": (tr("conversion.col_value"), "text"), **COLUMNS},
        key="profile.attribute_table",
    )

st.subheader(tr("profile.behaviours"))
st.caption(tr("profile.behaviours_note", days=fmt.count(window)))
if behaviours.is_empty():
    st.caption(tr("profile.no_behaviours"))
else:
    shown = behaviours.with_columns(
        behaviour=fmt.format_table(behaviours, {"behaviour": "behaviour"}, lang)["behaviour"]
    )
    ui.chart(charts.lift_figure(shown, key="behaviour", lang=lang), key="profile.behaviour_chart")
    ui.table(
        shown,
        {"behaviour": (tr("conversion.col_behaviour"), "text"), **COLUMNS},
        key="profile.behaviour_table",
    )

# --- leak guard: which columns the proposal may learn from ------------------------------------
st.subheader(tr("profile.leaks"))
st.caption(tr("model.leaks_intro"))
# kept per data, criteria, period and choices: a new session reads it back
guarded = ui.load_profile_proposal(*proposal_key, (), (), criteria, leads)
flagged = {str(f["column"]) for f in guarded.flagged}
chosen = ui.choices(
    st.multiselect,
    tr("profile.columns_used"),
    candidates,
    key=f"profile.columns.{outcome}",
    format_func=attribute_name,
    default=guarded.columns,
    help=tr("model.columns_help"),
)
if sorted(chosen) != sorted(guarded.columns):
    guarded = ui.load_profile_proposal(
        *proposal_key,
        tuple(sorted(c for c in chosen if c in flagged)),
        tuple(sorted(c for c in candidates if c not in chosen)),
        criteria,
        leads,
    )
if guarded.screened.height:
    st.dataframe(
        model_charts.screen_table(guarded, lang),
        hide_index=True,
        column_config={tr("model.col_reason"): st.column_config.TextColumn(width="medium")},
    )

st.subheader(tr("profile.proposal"))
st.caption(tr("profile.proposal_rule", n=fmt.count(min_n)))
held = guarded.holdout
if held["auc"] is None:
    st.caption(tr("profile.holdout_none", leads=fmt.count(held["leads"])))
else:
    st.caption(
        tr(
            "profile.holdout",
            auc=fmt.auc(held["auc"]),
            leads=fmt.count(held["leads"]),
            conversions=fmt.count(held["conversions"]),
        )
    )
attribute_points = guarded.proposed
behaviour_points = propose_points(behaviours, min_n=int(min_n))
if attribute_points.is_empty() and behaviour_points.is_empty():
    st.caption(tr("profile.no_proposal"))
else:
    labelled = with_value_labels(attribute_points) if attribute_points.height else attribute_points
    names = {n: attribute_name(n) for n in labelled["attribute"].unique().to_list()}
    parts = [
        labelled.select(
            pl.format("{}: {}", pl.col("attribute").replace(names), "value").alias("item"),
            "leads",
            "lift",
            "points",
        )
    ]
    if behaviour_points.height:  # an export without activities has no behaviours
        items = fmt.format_table(behaviour_points, {"behaviour": "behaviour"}, lang)["behaviour"]
        parts.append(behaviour_points.select(items.alias("item"), "leads", "lift", "points"))
    both = pl.concat(parts)
    ui.table(
        both,
        {
            "item": (tr("conversion.col_item"), "text"),
            "leads": (tr("conversion.col_leads"), "count"),
            "lift": (tr("conversion.col_lift"), "ratio"),
            "points": (tr("conversion.col_points"), "points"),
        },
        key="profile.proposal_table",
    )
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
