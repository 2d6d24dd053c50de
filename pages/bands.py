"""Score bands: does a higher score mean a higher conversion rate? Flags, trend test, actions.

Thin view: widgets → analytics.metrics.bands on the cached replay → draw.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

import streamlit as st

import ui
from analytics.charts import conversion as charts
from analytics.errors import KakehashiError
from analytics.metrics.bands import (
    ACTIONS,
    BAND_OUTCOMES,
    DEFAULT_EDGES,
    METHODS,
    ORDER_FLAGS,
    SCORE_MODES,
    join_scores_as_of,
    make_band_edges,
    parse_edges,
    summarise_band_totals,
    summarise_bands,
)
from analytics.store.export import to_csv_bytes

ui.require_app()

tr = ui.tr

st.title(tr("bands.title"))
st.caption(tr("bands.intro"))

ws = ui.get_workspace()
criteria, replayed = ui.page_replay("bands.empty")

leads = ui.leads_in_period(replayed)

left, middle, right = st.columns(3)
outcome = left.radio(
    tr("bands.outcome"),
    options=list(BAND_OUTCOMES),
    format_func=ui.labeller("bands.outcome_"),
    key="bands.outcome",
    horizontal=True,
)
score_mode = middle.radio(
    tr("bands.score"),
    options=list(SCORE_MODES),
    format_func=ui.labeller("bands.score_"),
    key="bands.score",
    horizontal=True,
)
method = right.radio(
    tr("bands.method"),
    options=list(METHODS),
    format_func=ui.labeller("bands.method_"),
    key="bands.method",
    horizontal=True,
)
st.caption(tr(f"bands.score_help_{score_mode}"))
score_col = "peak_total"
if score_mode == "as_of":
    first_day = replayed.leads["created_at"].min()
    default_day = (replayed.as_of - timedelta(days=180)).date()
    day = st.date_input(
        tr("bands.as_of_date"),
        value=max(default_day, first_day.date()) if first_day else default_day,
        min_value=first_day.date() if first_day else None,
        max_value=replayed.as_of.date(),
        key="bands.as_of_date",
    )
    cut = datetime.combine(day, time.max).replace(microsecond=0)
    try:
        scored = ui.load_replay(ws.path, ws.data_version, criteria.sha256, criteria, as_of=cut)
    except KakehashiError as exc:
        ui.stop_with_error(exc)
    leads = join_scores_as_of(replayed.leads, scored.leads, as_of=cut)
    score_col = "total"

try:
    if method == "custom":
        text = st.text_input(
            tr("bands.edges"), value=",".join(f"{e:g}" for e in DEFAULT_EDGES), key="bands.edges"
        )
        edges = make_band_edges(leads[score_col], method="custom", edges=parse_edges(text))
    elif method == "fixed":
        width = st.number_input(
            tr("bands.width"), min_value=1.0, value=20.0, step=5.0, key="bands.width"
        )
        edges = make_band_edges(leads[score_col], method="fixed", width=width)
    else:
        count = st.number_input(
            tr("bands.quantiles"), min_value=2, max_value=20, value=4, step=1, key="bands.quantiles"
        )
        edges = make_band_edges(leads[score_col], method="quantile", quantiles=int(count))
    table = summarise_bands(leads, edges=edges, outcome=outcome, score_col=score_col)
except KakehashiError as exc:
    ui.stop_with_error(exc)

totals = summarise_band_totals(table)
a, b, c, d = st.columns(4)
a.metric(tr("bands.total_leads"), f"{totals.leads:,}")
b.metric(tr("bands.converted"), f"{totals.converted:,}")
c.metric(tr("bands.overall_rate"), "–" if totals.rate is None else f"{totals.rate:.1%}")
d.metric(tr("bands.trend_z"), f"{totals.trend.z:.2f}")
p_rising = f"{totals.trend.p_increasing:.2g}"
if totals.rising:
    st.success(tr("bands.trend_ok", p=p_rising), icon=":material/trending_up:")
elif totals.rising is not None:
    st.warning(tr("bands.trend_weak", p=p_rising), icon=":material/warning:")
if totals.broken:
    st.error(tr("bands.breaks", bands=", ".join(totals.broken)), icon=":material/flag:")
if totals.small_sample:
    st.caption(tr("conversion.small_sample_note"))

ui.chart(charts.bands_figure(table, lang=ui.lang()), key="bands.chart")
actions = {a: tr(f"bands.action_{a}") for a in ACTIONS}
orders = {o: tr(f"bands.order_{o}") for o in ORDER_FLAGS}
shown = table.drop("band_index", "order_p_value").with_columns(
    table["action"].replace_strict(actions, default=None).alias("action"),
    table["order"].replace_strict(orders).alias("order"),
)
st.dataframe(shown, hide_index=True, column_config=ui.conversion_columns(shown.columns))
with st.expander(tr("bands.rules_title")):
    st.markdown(tr("bands.rules"))
st.download_button(
    tr("conversion.download_csv"),
    data=to_csv_bytes(shown),
    file_name="score_bands.csv",
    mime="text/csv",
    key="bands.download",
)
