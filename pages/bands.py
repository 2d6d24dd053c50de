"""Score bands: does a higher score mean a higher conversion rate? Flags, trend test, actions.

Thin view: widgets → analytics.metrics.bands on the cached replay → draw.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

import polars as pl
import streamlit as st

import ui
from analytics.charts import conversion as charts
from analytics.errors import KakehashiError
from analytics.metrics.bands import (
    BAND_OUTCOMES,
    DEFAULT_EDGES,
    METHODS,
    SCORE_MODES,
    join_scores_as_of,
    make_band_edges,
    parse_edges,
    summarise_band_totals,
    summarise_bands,
)
from analytics.store.export import to_csv_bytes
from analytics.text import format as fmt

ui.require_app()

tr = ui.tr
lang = ui.lang()

st.title(tr("bands.title"))
st.caption(tr("bands.intro"))

ws = ui.get_workspace()
criteria, replayed = ui.page_replay("bands.empty")

leads = ui.leads_in_period(replayed)

left, middle, right = st.columns(3)
outcome = ui.choice(
    left.radio,
    tr("bands.outcome"),
    list(BAND_OUTCOMES),
    key="bands.outcome",
    format_func=ui.labeller("bands.outcome_"),
    horizontal=True,
)
ui.require_outcome(replayed, outcome)
score_mode = ui.choice(
    middle.radio,
    tr("bands.score"),
    list(SCORE_MODES),
    key="bands.score",
    format_func=ui.labeller("bands.score_"),
    horizontal=True,
)
method = ui.choice(
    right.radio,
    tr("bands.method"),
    list(METHODS),
    key="bands.method",
    format_func=ui.labeller("bands.method_"),
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
# Band labels from rounded edges (a quantile edge 55.594 reads 56), in the table and the chart.
table = table.with_columns(
    band=pl.Series(
        [fmt.band(lo, hi) for lo, hi in table.select("low", "high").iter_rows()], dtype=pl.String
    )  # one label per band (a handful), not per lead
)
broken = table.filter(pl.col("order") == "breaks")["band"].to_list()
a, b, c, d = st.columns(4)
ui.metric(a, tr("bands.total_leads"), fmt.count(totals.leads))
ui.metric(b, tr("bands.converted"), fmt.count(totals.converted))
ui.metric(c, tr("bands.overall_rate"), fmt.pct(totals.rate))
ui.metric(d, tr("bands.trend_z"), fmt.number(totals.trend.z, 1))
p_rising = fmt.p_value(totals.trend.p_increasing)
if totals.rising:
    st.success(tr("bands.trend_ok", p=p_rising), icon=":material/trending_up:")
elif totals.rising is not None:
    st.warning(tr("bands.trend_weak", p=p_rising), icon=":material/warning:")
if broken:
    st.error(tr("bands.breaks", bands=", ".join(broken)), icon=":material/flag:")
if totals.small_sample:
    st.caption(tr("conversion.small_sample_note"))

ui.chart(charts.bands_figure(table, lang=lang), key="bands.chart")
shown = ui.table(
    table,
    {
        # the band's verdict first, so that it is on screen at 1280 px
        "band": (tr("conversion.col_band"), "text"),
        "action": (tr("conversion.col_action"), "code:action"),
        "rate": (tr("bands.col_rate_ci"), "rate_ci:ci_low:ci_high"),
        "leads": (tr("conversion.col_leads"), "count"),
        "converted": (tr("conversion.col_converted"), "count"),
        "lift": (tr("conversion.col_lift"), "ratio"),
        "share_of_conversions": (tr("conversion.col_share_of_conversions"), "pct"),
        "order": (tr("conversion.col_order"), "code:order"),
        # only where a band is small: the table then fits at 1280 px (the note above says why)
        **(
            {"small_sample": (tr("conversion.col_small_sample"), "bool")}
            if table["small_sample"].any()
            else {}
        ),
    },
    key="bands.table",
)
with st.expander(tr("bands.rules_title")):
    st.markdown(tr("bands.rules"))
st.download_button(
    tr("conversion.download_csv"),
    data=to_csv_bytes(shown),
    file_name="score_bands.csv",
    mime="text/csv",
    key="bands.download",
)
