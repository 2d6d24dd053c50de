"""SLA: did sales contact every MQL in time, and did marketing deliver the MQLs it promised?

Thin view: month → analytics.metrics.sla (cached report) → cards, scorecard, tables, charts.
"""

from __future__ import annotations

import polars as pl
import streamlit as st

import ui
from analytics.charts import sla as charts
from analytics.metrics.definitions import last_complete_month
from analytics.store.export import to_csv_bytes
from analytics.store.summary import month_starts
from analytics.text import format as fmt

ui.require_app()

tr = ui.tr
lang = ui.lang()

st.title(tr("sla.title"))
ws = ui.get_workspace()
criteria, replayed = ui.page_replay("sla.empty")
sla = criteria.sla
st.caption(
    tr(
        "sla.intro",
        hours=fmt.hours(sla.contact_hours, lang),
        promised=fmt.count(sla.mql_per_month),
        score=fmt.score(sla.min_score),
    )
)

# --- month: the sidebar period's months, the last complete one by default -------------------
first_day, last_day = ui.period()
months = month_starts(first_day, last_day)
complete = last_complete_month(replayed.as_of)
default = min(m for m in (complete, months[-1]) if m is not None)
default = default if default in months else months[-1]
month = st.columns([1, 2])[0].selectbox(
    tr("sla.month"),
    options=months[::-1],
    index=months[::-1].index(default),
    format_func=lambda m: fmt.month(m, lang),
    key=f"sla.month.{lang}",
)
report = ui.load_sla_report(ws.path, ws.data_version, criteria.sha256, criteria, month)
m = report.month
if not m.complete:
    st.caption(tr("sla.not_complete"))

# --- cards ----------------------------------------------------------------------------------
a, b, c, d = st.columns(4)
a.metric(
    tr("sla.card_within", hours=fmt.hours(m.contact_hours, lang)),
    fmt.pct(m.within_share),
    help=tr("sla.card_within_help"),
)
a.caption(tr("sla.card_within_detail", ci=fmt.interval(m.ci_low, m.ci_high), n=fmt.count(m.mqls)))
b.metric(tr("sla.card_p50"), fmt.hours(m.p50_hours, lang))
b.caption(tr("sla.card_p90", hours=fmt.hours(m.p90_hours, lang)))
c.metric(tr("sla.card_delivered"), fmt.count(m.delivered))
c.caption(tr("sla.card_promised", promised=fmt.count(m.promised)))
d.metric(tr("sla.card_breaches"), fmt.count(m.breaches))
d.caption(tr("sla.card_never", never=fmt.count(m.never_contacted)))
if m.small_sample:
    st.caption(tr("sla.small_sample"))

# --- scorecard ------------------------------------------------------------------------------
st.subheader(tr("sla.scorecard"))
card = report.scorecard.with_columns(
    pl.col("team").replace_strict(
        {team: fmt.label("team", team, lang) for team in ("marketing", "sales")}
    ),
    pl.col("item").replace_strict(
        {i: fmt.label("sla_item", i, lang) for i in report.scorecard["item"].to_list()}
    ),
    pl.when(pl.col("kept").is_null())
    .then(pl.lit(tr("sla.no_promise")))
    .when(pl.col("kept"))
    .then(pl.lit(tr("sla.kept")))
    .otherwise(pl.lit(tr("sla.missed")))
    .alias("kept"),
    pl.col("gap").cast(pl.Float64),
)
ui.formatted_table(
    card,
    {
        "team": ("sla.col_team", None, 130),
        "item": ("sla.col_item", None, 260),
        "target": ("sla.col_target", "count", "small"),
        "actual": ("sla.col_actual", "count", "small"),
        "gap": ("sla.col_gap", "points", "small"),
        "share": ("sla.col_share", "pct", "small"),
        "kept": ("sla.col_kept", None, "small"),
    },
    key="sla.scorecard_table",
)

owners_tab, speed_tab, breach_tab, trend_tab = st.tabs(
    [tr("sla.tab_owners"), tr("sla.tab_speed"), tr("sla.tab_breaches"), tr("sla.tab_trend")]
)

# --- per owner ------------------------------------------------------------------------------
with owners_tab:
    window = st.radio(
        tr("sla.owner_window"),
        options=["month", "window"],
        format_func=ui.labeller("sla.owner_window_"),
        horizontal=True,
        key=f"sla.owner_window.{lang}",
    )
    owners = report.owners if window == "month" else report.owners_window
    ui.chart(
        charts.owner_response_figure(owners, lang=lang, contact_hours=sla.contact_hours),
        key="sla.owner_chart",
    )
    shown = owners.with_columns(
        pl.col("owner").fill_null(fmt.label("owner", "unassigned", lang)),
        pl.when(pl.col("small_sample"))
        .then(pl.lit(tr("sla.small_n")))
        .otherwise(pl.lit(""))
        .alias("note"),
    )
    ui.formatted_table(
        shown,
        {
            "owner": ("sla.col_owner", None, 120),
            "mqls": ("sla.col_mqls", "count", 70),
            "contacted": ("sla.col_contacted", "count", 80),
            "within_sla": ("sla.col_within_sla", "count", 75),
            "within_text": ("sla.col_within_share", None, 150),
            "p50_hours": ("sla.col_p50", "hours", 75),
            "p90_hours": ("sla.col_p90", "hours", 75),
            "never_contacted": ("sla.col_never", "count", 80),
            "note": ("sla.col_note", None, 70),
        },
        key="sla.owner_table",
        rates={"within_text": ("within_share", "ci_low", "ci_high")},
    )
    st.caption(tr("sla.owners_sum", mqls=fmt.count(int(owners["mqls"].sum()))))

# --- speed to lead --------------------------------------------------------------------------
with speed_tab:
    speed = report.speed
    st.caption(
        tr(
            "sla.speed_window",
            first=fmt.month(report.window_first, lang),
            last=fmt.month(m.month, lang),
        )
    )
    ui.chart(
        charts.speed_to_lead_figure(speed.table, lang=lang),
        key="sla.speed_chart",
    )
    if speed.fastest_vs_slowest is not None:
        cmp = speed.fastest_vs_slowest
        st.markdown(
            tr(
                "sla.speed_compare",
                fastest=fmt.label("response", speed.fastest, lang),
                slowest=fmt.label("response", speed.slowest, lang),
                a=fmt.pct(cmp.rate_a),
                b=fmt.pct(cmp.rate_b),
                diff=fmt.pct_points(cmp.difference, lang=lang),
                low=fmt.pct_points(cmp.ci_low, lang=lang),
                high=fmt.pct_points(cmp.ci_high, lang=lang),
                p=fmt.p_value(cmp.p_value),
            )
        )
    st.markdown(
        tr(
            "sla.speed_trend_down"
            if speed.trend.z < 0 and speed.trend.p_value < 0.05
            else "sla.speed_trend_flat",
            z=fmt.number(speed.trend.z, 2),
            p=fmt.p_value(speed.trend.p_value),
        )
    )
    st.info(tr("sla.observational"), icon=":material/info:")
    ui.formatted_table(
        speed.table.with_columns(
            pl.col("bucket").replace_strict(
                {b: fmt.label("response", b, lang) for b in speed.table["bucket"].to_list()}
            )
        ),
        {
            "bucket": ("sla.col_bucket", None, 170),
            "leads": ("sla.col_mqls", "count", 75),
            "sql": ("sla.col_sql", "count", 75),
            "sql_text": ("sla.col_sql_rate", None, 170),
            "won": ("sla.col_won", "count", 75),
            "won_text": ("sla.col_won_rate", None, 170),
        },
        key="sla.speed_table",
        rates={
            "sql_text": ("sql_rate", "ci_low", "ci_high"),
            "won_text": ("won_rate", "won_ci_low", "won_ci_high"),
        },
    )

# --- breach list (call list) ----------------------------------------------------------------
with breach_tab:
    breaches = report.breaches
    st.caption(tr("sla.breach_intro", n=fmt.count(breaches.height)))
    shown = fmt.label_column(
        breaches.with_columns(pl.col("owner").fill_null(fmt.label("owner", "unassigned", lang))),
        "source",
        "source",
        lang,
    )
    breach_columns = {
        "lead_id": ("sla.col_lead", None, 90),
        "company": ("sla.col_company", None, 220),
        "owner": ("sla.col_owner", None, 110),
        "source": ("sla.col_source", None, 120),
        "mql_at": ("sla.col_mql_at", "moment", 140),
        "waiting_hours": ("sla.col_waiting", "hours", 80),
        "score": ("sla.col_score", "score", 60),
    }
    ui.formatted_table(shown, breach_columns, key="sla.breach_table")
    download = fmt.format_columns(
        shown, {c: kind for c, (_, kind, _) in breach_columns.items() if kind}, lang
    ).rename({c: tr(key) for c, (key, _, _) in breach_columns.items()})
    st.download_button(
        tr("sla.download"),
        data=to_csv_bytes(download),
        file_name=f"sla_call_list_{m.month:%Y-%m}.csv",
        mime="text/csv",
        key="sla.download",
    )

# --- 12-month trend -------------------------------------------------------------------------
with trend_tab:
    ui.chart(
        charts.sla_trend_figure(report.trend, lang=lang),
        key="sla.trend_chart",
    )
    ui.chart(
        charts.delivery_figure(report.trend, lang=lang),
        key="sla.delivery_chart",
    )
    ui.formatted_table(
        report.trend,
        {
            "month": ("sla.col_month", "month", 95),
            "mqls": ("sla.col_mqls", "count", 65),
            "promised": ("sla.col_promised", "count", 65),
            "within_sla": ("sla.col_within_sla", "count", 70),
            "within_text": ("sla.col_within_share", None, 150),
            "p50_hours": ("sla.col_p50", "hours", 75),
            "p90_hours": ("sla.col_p90", "hours", 75),
            "never_contacted": ("sla.col_never", "count", 75),
            "with_feedback": ("sla.col_feedback", "count", 75),
        },
        key="sla.trend_table",
        rates={"within_text": ("within_share", "ci_low", "ci_high")},
    )
