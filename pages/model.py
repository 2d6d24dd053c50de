"""Model lab: what predicts the outcome, judged on leads the models never saw, as a scorecard.

Thin view: widgets → analytics.metrics.model (cached per data, criteria and choices, and kept
beside the workspace: ui.load_model_data / ui.load_model_result) → draw.
"""

from __future__ import annotations

import streamlit as st

import ui
from analytics.charts import model as charts
from analytics.criteria import dump_criteria, get_criteria
from analytics.errors import KakehashiError
from analytics.metrics import leakguard, model
from analytics.text import format as fmt

ui.require_app()

tr = ui.tr
lang = ui.lang()

st.title(tr("model.title"))
st.caption(tr("model.intro"))

ws = ui.get_workspace()
criteria, replayed = ui.page_replay("model.empty")


left, right = st.columns(2)
outcome = ui.choice(
    left.radio,
    tr("model.outcome"),
    list(model.OUTCOMES),
    key="model.outcome",
    format_func=ui.labeller("model.outcome_"),
    horizontal=True,
)
ui.require_outcome(replayed, outcome)
data = ui.load_model_data(ws.path, ws.data_version, criteria.sha256, outcome, criteria)
months = (
    data.frame["created_at"].drop_nulls().dt.date().dt.truncate("1mo").unique().sort().to_list()
)
auto = tr("model.split_auto")
split = ui.choice(
    right.selectbox,
    tr("model.split"),
    [None, *months[1:]],
    key="model.split",
    format_func=lambda m: auto if m is None else fmt.month(m, lang),
)
key = (ws.path, ws.data_version, criteria.sha256, outcome, split)
try:
    with st.spinner(tr("model.running")):
        default, refitting = ui.default_model_result(ws, data, split, criteria)
except KakehashiError as exc:
    ui.show_error(exc)
    st.stop()
if default is None:  # a first fit on many leads, in the background: the page says so
    st.info(tr("model.fitting_first"), icon=":material/hourglass_top:")
    ui.rerun_when_done(refitting)
    st.stop()
if refitting is not None:  # right after an import: the earlier fit, until the refit is done
    st.info(
        tr(
            "model.refitting",
            before=fmt.count(default.train["leads"] + default.test["leads"]),
            now=fmt.count(data.frame.height),
        ),
        icon=":material/hourglass_top:",
    )
    ui.rerun_when_done(refitting)

results = st.container()

# --- leak guard: what the models may read (drawn below the results, read first) -----------
st.subheader(tr("model.leaks"))
st.caption(tr("model.leaks_intro"))
flagged = {str(f["column"]) for f in default.flagged}
choices = [c for c in data.attributes if not leakguard.is_outcome_column(c)]
chosen = ui.choices(
    st.multiselect,
    tr("model.columns_used"),
    choices,
    key=f"model.columns.{outcome}",
    format_func=lambda c: charts.source_label(c, lang),
    default=[c for c in default.columns if c in choices],
    help=tr("model.columns_help"),
)
include = tuple(c for c in chosen if c in flagged)
exclude = tuple(c for c in choices if c not in chosen and c not in flagged)
try:
    with st.spinner(tr("model.running")):
        result = (
            default
            if refitting is not None and set(chosen) == set(default.columns) & set(choices)
            else ui.load_model_result(*key, include, exclude, criteria)
        )
except KakehashiError as exc:
    ui.show_error(exc)
    st.stop()
st.dataframe(
    charts.screen_table(result, lang),
    hide_index=True,
    column_config={tr("model.col_reason"): st.column_config.TextColumn(width="medium")},
)

# --- results ---------------------------------------------------------------------------------
with results:
    v = result.validation
    share = result.test["leads"] / max(result.train["leads"] + result.test["leads"], 1)
    st.info(
        tr(f"model.validation_{v.reason}", month=fmt.month(v.split, lang), share=fmt.pct(share, 0)),
        icon=":material/science:",
    )
    if v.immature:
        st.caption(
            tr("model.immature", n=fmt.count(v.immature), days=fmt.days(v.maturity_days, lang))
        )
    st.caption(
        tr(
            "model.counts",
            train_leads=fmt.count(result.train["leads"]),
            train_conv=fmt.count(result.train["conversions"]),
            test_leads=fmt.count(result.test["leads"]),
            test_conv=fmt.count(result.test["conversions"]),
        )
    )
    st.subheader(tr("model.results"))
    if not v.enough:
        st.warning(
            tr(
                "model.floor",
                conversions=fmt.count(result.test["conversions"]),
                others=fmt.count(result.test["leads"] - result.test["conversions"]),
                floor=fmt.count(v.min_conversions),
            ),
            icon=":material/warning:",
        )
    else:
        st.dataframe(charts.evaluation_table(result, lang), hide_index=True)
        brier_base = result.base_rate * (1 - result.base_rate)
        st.caption(tr("model.check_help", base=fmt.number(brier_base, 3)))
        gains_col, calibration_col = st.columns(2)
        with gains_col:
            ui.chart(
                charts.gains_figure(charts.gains_frame(result), lang=lang), key="model.gains_chart"
            )
        with calibration_col:
            ui.chart(
                charts.calibration_figure(charts.calibration_frame(result), lang=lang),
                key="model.calibration_chart",
            )

# --- the logistic model and its scorecard --------------------------------------------------------
st.subheader(tr("model.coefficients"))
events = min(result.train["conversions"], result.train["leads"] - result.train["conversions"])
st.caption(ui.md(charts.fit_note(result, events, lang)))
st.dataframe(charts.coefficient_table(result, lang), hide_index=True)

st.subheader(tr("model.scorecard"))
st.caption(tr("model.scorecard_intro", pdo=fmt.number(model.POINTS_TO_DOUBLE)))
st.dataframe(charts.scorecard_table(result, lang), hide_index=True)
if v.enough:
    st.caption(
        tr(
            "model.rounding",
            card=fmt.auc(result.scorecard_auc),
            model=fmt.auc(result.logistic_auc),
            loss=fmt.auc(result.rounding_loss),
        )
    )
if result.criteria is not None:
    st.caption(tr("model.threshold", threshold=fmt.score(result.criteria.threshold)))
    save_col, download_col = st.columns(2)
    waiting = tr("model.refit_wait") if refitting is not None else None
    if save_col.button(
        tr("model.save"),
        key="model.save",
        icon=":material/save:",
        disabled=refitting is not None,
        help=waiting,
    ):
        try:
            saved = model.save_scorecard(ws, result, created_by="model lab")
        except KakehashiError as exc:
            ui.show_error(exc)
        else:
            stored = get_criteria(ws, saved)
            st.success(tr("model.saved", name=ui.md(stored.name), version=stored.version, id=saved))
    download_col.download_button(
        tr("model.download"),
        data=dump_criteria(result.criteria).encode("utf-8"),
        file_name="model_scorecard.toml",
        mime="application/toml",
        key="model.download",
        disabled=refitting is not None,
        help=waiting,
    )
