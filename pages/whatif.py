"""What-if: move the MQL threshold and see what it would have done (from the replayed history).

Thin view: widgets → analytics.metrics.whatif (a lookup on the prepared sweep) → draw.
"""

from __future__ import annotations

from dataclasses import replace

import polars as pl
import streamlit as st

import ui
from analytics.charts import whatif as charts
from analytics.errors import KakehashiError
from analytics.metrics import whatif
from analytics.metrics.definitions import win_gaps
from analytics.store.export import to_csv_bytes
from analytics.text import format as fmt

ui.require_app()

tr = ui.tr
lang = ui.lang()
KEY = "whatif.threshold"
EXACT = "whatif.threshold_exact"

st.title(tr("whatif.title"))
st.caption(tr("whatif.intro"))

ws = ui.get_workspace()
criteria, replayed = ui.page_replay("whatif.empty")
try:
    sweep = ui.load_whatif_sweep(ws.path, ws.data_version, criteria.sha256, criteria)
except KakehashiError as exc:
    ui.stop_with_error(exc)
if sweep.cohorts.height == 0:
    ui.empty_state("whatif.empty")
    st.stop()

period: tuple | None = ui.period()
if not whatif.period_has_data(sweep, period):
    period = None
    st.caption(tr("whatif.period_all"))
agreed = sweep.agreed_threshold
low, high = float(sweep.thresholds.min()), float(sweep.thresholds.max())


# --- threshold: slider and exact number, kept in step ---------------------------------------
def _clamp(value: float) -> float:
    return min(max(float(value), low), high)


def _from_slider() -> None:
    st.session_state[EXACT] = st.session_state[KEY]


def _from_input() -> None:
    st.session_state[KEY] = _clamp(st.session_state[EXACT])


for key in (KEY, EXACT):
    if key not in st.session_state or not low <= st.session_state[key] <= high:
        st.session_state[key] = agreed

shown_as = "%.0f" if sweep.step >= 1 else "%.1f"
left, right = st.columns([4, 1])
left.slider(
    tr("whatif.threshold"),
    min_value=low,
    max_value=high,
    step=sweep.step,
    format=shown_as,
    key=KEY,
    on_change=_from_slider,
)
right.number_input(
    tr("whatif.threshold_exact"),
    min_value=low,
    max_value=high,
    step=sweep.step,
    format=shown_as,
    key=EXACT,
    on_change=_from_input,
)
threshold = float(st.session_state[EXACT])
st.caption(tr("whatif.agreed", value=fmt.score(agreed)))

# --- assumptions --------------------------------------------------------------------------
try:
    baseline = whatif.whatif_at(sweep, agreed, period=period).row(0, named=True)
except KakehashiError as exc:
    ui.stop_with_error(exc)
# Capacity defaults from the data: owners active in the period × the MQLs one owner handled in
# their busiest month (not a made-up number of reps).
observed = whatif.observed_capacity(replayed.leads, period=period)
st.session_state.setdefault("whatif.reps", max(observed.owners, 1))
st.session_state.setdefault("whatif.per_rep", observed.per_owner)
st.session_state.setdefault("whatif.hours_per_mql", 1.0)
st.session_state.setdefault("whatif.hourly_cost", 5000.0)
st.session_state.setdefault("whatif.value_per_win", 0.0)
st.session_state.setdefault("whatif.target_recall", 60)
st.session_state.setdefault("whatif.max_share", 30)
with st.expander(tr("whatif.assumptions"), expanded=False):
    st.caption(
        tr(
            "whatif.capacity_observed",
            owners=fmt.count(observed.owners),
            per_owner=fmt.number(observed.per_owner),
            capacity=fmt.number(observed.per_month),
        )
    )
    cols = st.columns(4)
    cols[0].number_input(tr("whatif.reps"), min_value=0, step=1, key="whatif.reps")
    cols[1].number_input(
        tr("whatif.per_rep"), min_value=0.0, step=0.5, format="%.1f", key="whatif.per_rep"
    )
    cols[2].number_input(
        tr("whatif.hours_per_mql"),
        min_value=0.0,
        step=0.5,
        format="%.1f",
        key="whatif.hours_per_mql",
    )
    cols[3].number_input(
        tr("whatif.hourly_cost"), min_value=0.0, step=500.0, format="%.0f", key="whatif.hourly_cost"
    )
    cols = st.columns(3)
    cols[0].number_input(
        tr("whatif.value_per_win"),
        min_value=0.0,
        step=100_000.0,
        format="%.0f",
        key="whatif.value_per_win",
    )
    cols[1].number_input(
        tr("whatif.target_recall"), min_value=1, max_value=100, key="whatif.target_recall"
    )
    cols[2].number_input(tr("whatif.max_share"), min_value=1, max_value=100, key="whatif.max_share")
capacity = st.session_state["whatif.reps"] * st.session_state["whatif.per_rep"]
assumptions = whatif.Assumptions(
    capacity_per_month=float(capacity) if capacity > 0 else None,
    hours_per_mql=float(st.session_state["whatif.hours_per_mql"]),
    hourly_cost=float(st.session_state["whatif.hourly_cost"]),
    value_per_win=float(st.session_state["whatif.value_per_win"]) or None,
    target_recall=st.session_state["whatif.target_recall"] / 100,
    max_lead_share=st.session_state["whatif.max_share"] / 100,
)

# --- KPIs at the chosen threshold ---------------------------------------------------------
row = whatif.whatif_at(sweep, threshold, period=period, assumptions=assumptions).row(0, named=True)
base = whatif.whatif_at(sweep, agreed, period=period, assumptions=assumptions).row(0, named=True)
if row["threshold"] != threshold:
    st.caption(tr("whatif.effective", value=fmt.score(row["threshold"])))
BY_LEAD_MONTH = fmt.label("cohort", "lead_month", lang)
BY_MQL_MONTH = fmt.label("cohort", "mql_month", lang)


def card(
    where, key: str, label: str, kind: str, *, lower_is_better: bool = False, n: str | None = None
) -> None:
    """One KPI card: the value at the chosen threshold, its change against the agreed one.

    ``n``: the column counting what a rate is taken over; a rate over none is "–", not 0%.
    """
    value, agreed = row[key], base[key]
    if n is not None:
        value, agreed = (value if row[n] else None), (agreed if base[n] else None)
    change = None
    if row["threshold"] != base["threshold"] and None not in (value, agreed):
        change = value - agreed
    ui.metric(
        where,
        label,
        fmt.value(value, kind, lang),
        delta=None if change is None else fmt.value(change, kind, lang, signed=True),
        change=change,
        lower_is_better=lower_is_better,
    )


def interval(name: str, n: int, cohort: str) -> str:
    """The 95% interval line under a rate card, with the cohort the rate is taken on."""
    low, high = row[f"{name}_ci_low"], row[f"{name}_ci_high"]
    text = tr("whatif.interval", ci=fmt.interval(low, high), n=fmt.count(n))  # over none: "–"
    return f"{text} · {cohort}"


st.subheader(tr("whatif.kpis"))
cols = st.columns(4)
card(cols[0], "mql", tr("whatif.mql"), "count")
card(cols[1], "mql_per_month", tr("whatif.mql_per_month"), "number")
cols[1].caption(fmt.label("cohort", "mql_month", lang))
ui.metric(cols[2], tr("whatif.capacity"), fmt.number(assumptions.capacity_per_month))
cols[2].caption(tr("whatif.capacity_help"))
card(cols[3], "mql_rate", tr("whatif.mql_rate"), "pct")
cols[3].caption(BY_LEAD_MONTH)
cols = st.columns(4)
card(cols[0], "mql_to_sql", tr("whatif.sql_rate"), "pct", n="mql_months")
cols[0].caption(interval("mql_to_sql", row["mql_months"], BY_MQL_MONTH))
card(cols[1], "precision", tr("whatif.precision"), "pct", n="mql_months")
cols[1].caption(interval("precision", row["mql_months"], BY_MQL_MONTH))
card(cols[2], "recall", tr("whatif.recall"), "pct", n="won_total")
cols[2].caption(interval("recall", row["won_total"], BY_LEAD_MONTH))
# more wins below the threshold is worse: shown red, never green
card(cols[3], "won_below", tr("whatif.below"), "count", lower_is_better=True)
cols[3].caption(
    f"{tr('whatif.below_revenue')}: {fmt.yen(row['revenue_below'], lang, compact=True)}"
)
cols = st.columns(4)
card(cols[0], "expected_sql", tr("whatif.expected_sql"), "number")
card(cols[1], "expected_won", tr("whatif.expected_won"), "number")
card(cols[2], "expected_revenue", tr("whatif.expected_revenue"), "money")
hours = row["followup_hours"]  # none in a snapshot (no months): "–", not "– hours"
ui.metric(
    cols[3],
    tr("whatif.followup"),
    fmt.MISSING if hours is None else tr("whatif.hours", hours=fmt.number(hours)),
)
cols[3].caption(tr("whatif.followup_cost", cost=fmt.yen(row["followup_cost"], lang, compact=True)))
if row["over_capacity"]:
    st.warning(
        tr(
            "whatif.over_capacity",
            mql=fmt.number(row["mql_per_month"]),
            capacity=fmt.number(assumptions.capacity_per_month),
        ),
        icon=":material/warning:",
    )
ui.win_notes(win_gaps(replayed.leads), ("unpriced",))  # why a revenue figure is "–"
if row["mql"] < 50:
    st.caption(tr("whatif.small_sample"))
if sweep.sql_basis == "replay":
    st.caption(tr("whatif.sql_basis_replay"))

# Leads below the threshold in force were mostly never worked: their conversion is a lower bound.
below = whatif.below_threshold_followup(replayed.leads, period=period)
if below.leads:
    st.info(
        tr(
            "whatif.below_unworked",
            threshold=fmt.score(agreed),
            leads=fmt.count(below.leads),
            worked=fmt.count(below.worked),
            share=fmt.pct(below.worked_share),
            won=fmt.count(below.won),
            won_worked=fmt.count(below.won_worked),
        ),
        icon=":material/info:",
    )

if not sweep.snapshot:  # a snapshot (no creation dates) has totals, no months to chart
    monthly = whatif.monthly_at(sweep, threshold, period=period, assumptions=assumptions)
    ui.chart(charts.monthly_figure(monthly, lang=ui.lang()), key="whatif.monthly_chart")

# --- curves over every threshold ------------------------------------------------------------
st.subheader(tr("whatif.curves"))
table = whatif.sweep_table(sweep, period=period, assumptions=assumptions)
tabs = st.tabs([tr("whatif.curve_pr"), tr("whatif.curve_gains"), tr("whatif.curve_volume")])
marks = {"agreed": agreed, "chosen": row["threshold"], "lang": ui.lang()}
with tabs[0]:
    ui.chart(charts.precision_recall_figure(table, **marks), key="whatif.pr_chart")
with tabs[1]:
    ui.chart(charts.gains_figure(table, **marks), key="whatif.gains_chart")
with tabs[2]:
    ui.chart(
        charts.volume_figure(table, capacity=assumptions.capacity_per_month, **marks),
        key="whatif.volume_chart",
    )
st.download_button(
    tr("whatif.download"),
    data=to_csv_bytes(table),
    file_name="whatif_sweep.csv",
    mime="text/csv",
    key="whatif.download",
)

# --- suggestions -----------------------------------------------------------------------------
st.subheader(tr("whatif.suggestions"))
suggestions = whatif.suggest_thresholds(
    sweep, period=period, assumptions=assumptions, lang=ui.lang()
)


def _use(value: float) -> None:
    st.session_state[KEY] = st.session_state[EXACT] = _clamp(value)


for rule, suggested, reason, over in suggestions.select(
    "rule", "threshold", "reason", "over_capacity"
).iter_rows():  # four fixed rules, not data rows
    text_col, button_col = st.columns([6, 1], vertical_alignment="center")
    label = tr(f"whatif.rule.{rule}")
    over_mark = ":material/warning: " if over else ""
    text_col.markdown(
        over_mark
        + tr("whatif.suggestion", rule=label, threshold=fmt.score(suggested), reason=reason)
    )
    button_col.button(
        tr("whatif.use"),
        key=f"whatif.use_{rule}",
        disabled=suggested is None,
        on_click=_use,
        args=(suggested,),
    )

# --- agreed vs proposed -------------------------------------------------------------------
st.subheader(tr("whatif.compare"))
st.caption(
    tr("whatif.proposed")
    + f": {fmt.score(row['threshold'])} · "
    + tr("whatif.agreed", value=fmt.score(agreed))
)
st.markdown(f"**{tr('agreement.send_title')}**")
send = st.columns([2, 2], vertical_alignment="bottom")
proposer = send[0].text_input(tr("agreement.your_name"), key="whatif.propose_by")
if send[1].button(
    tr("agreement.send_threshold", value=f"{row['threshold']:g}"),
    key="whatif.propose",
    help=tr("agreement.send_help"),
    disabled=not proposer.strip() or row["threshold"] == agreed,
):
    try:
        ui.propose_in_one_step(
            replace(criteria, threshold=float(row["threshold"])),
            by=proposer,
            note=tr("agreement.send_note_threshold", a=f"{agreed:g}", b=f"{row['threshold']:g}"),
        )
    except KakehashiError as exc:
        ui.show_error(exc)
    else:
        st.switch_page("pages/agreement.py")
comparison = whatif.compare_thresholds(
    sweep, agreed, threshold, period=period, assumptions=assumptions
)
shown = pl.DataFrame(  # sixteen fixed KPIs (not data rows), each read by its own kind
    [
        {
            "kpi": tr(f"whatif.kpi.{kpi}"),
            "agreed": fmt.value(a, whatif.COMPARED_KINDS[kpi], lang),
            "proposed": fmt.value(b, whatif.COMPARED_KINDS[kpi], lang),
            "difference": fmt.value(d, whatif.COMPARED_KINDS[kpi], lang, signed=True),
        }
        for kpi, a, b, d in comparison.iter_rows()
    ]
)
ui.table(
    shown,
    {
        "kpi": (tr("whatif.kpi"), "text"),
        "agreed": (tr("whatif.agreed_col"), "figure"),
        "proposed": (tr("whatif.proposed_col"), "figure"),
        "difference": (tr("whatif.difference"), "figure"),
    },
    key="whatif.compare_table",
    height=35 * (shown.height + 1) + 3,
)
st.markdown(f"**{tr('whatif.significance')}**")
st.caption(tr("whatif.significance_note"))
tests = whatif.compare_conversion(sweep, agreed, threshold, period=period)
for test in tests.iter_rows(named=True):  # two outcomes (SQL, won), not data rows
    if test["p_value"] is None:
        st.info(tr("whatif.sig_na"))
        break
    st.write(
        tr(
            "whatif.sig_line",
            outcome=tr("whatif.sql_rate" if test["outcome"] == "sql" else "whatif.precision"),
            high=fmt.score(test["threshold_high"]),
            low=fmt.score(test["threshold_low"]),
            rate_high=fmt.pct(test["rate_high"]),
            rate_low=fmt.pct(test["rate_only_low"]),
            diff=fmt.pct_points(test["difference"], lang=lang),
            ci_low=fmt.pct_points(test["ci_low"], lang=lang),
            ci_high=fmt.pct_points(test["ci_high"], lang=lang),
            p=fmt.p_value(test["p_value"]),
            verdict=tr("whatif.sig_yes" if test["significant"] else "whatif.sig_no"),
        )
    )

# --- other levers ---------------------------------------------------------------------------
st.subheader(tr("whatif.levers"))
st.markdown(f"**{tr('whatif.sql_rule')}**")
st.caption(tr("whatif.sql_rule_note"))
current = whatif.sql_required(criteria)
st.session_state.setdefault("whatif.sql_level", max(current.values(), default=3))
items_col, level_col = st.columns([3, 1])
items = ui.choices(
    items_col.multiselect,
    tr("whatif.sql_items"),
    list(whatif.BANT_ITEMS),
    key="whatif.sql_items",
    format_func=lambda item, language=lang: fmt.label("bant", item, language),
    default=list(current),
)
level = level_col.number_input(
    tr("whatif.sql_level"), min_value=0, max_value=10, step=1, key="whatif.sql_level"
)
alternative = {item: int(level) for item in items}
rules = (
    (tr("whatif.current_rule"), tuple(current.items())),
    (tr("whatif.alt_rule"), tuple(alternative.items())),
)
sql_table = ui.load_whatif_sql_rules(ws.path, ws.data_version, criteria.sha256, criteria, rules)
sql_table = sql_table.with_columns(
    required=pl.Series([fmt.bant_rule(current, lang), fmt.bant_rule(alternative, lang)])
)
ui.table(
    sql_table,
    {
        "rule": (tr("whatif.col.rule"), "text"),
        "required": (tr("whatif.col.required"), "text"),
        "sql": (tr("whatif.col.sql"), "count"),
        "sql_rate": (tr("whatif.col.sql_rate_ci"), "rate_ci:sql_ci_low:sql_ci_high"),
        "won_sql": (tr("whatif.col.won_sql"), "count"),
        "sql_win_rate": (tr("whatif.col.sql_win_rate"), "pct"),
        "won_mql_not_sql": (tr("whatif.col.won_mql_not_sql"), "count"),
    },
    key="whatif.sql_table",
)

st.markdown(f"**{tr('whatif.weights')}**")
st.caption(tr("whatif.weights_note"))
st.session_state.setdefault("whatif.fit_weight", float(criteria.fit_weight))
st.session_state.setdefault("whatif.engagement_weight", float(criteria.engagement_weight))
fit_col, engagement_col, _ = st.columns([1, 1, 2])
fit_col.number_input(
    tr("whatif.fit_weight"), min_value=0.0, step=0.1, format="%.1f", key="whatif.fit_weight"
)
engagement_col.number_input(
    tr("whatif.engagement_weight"),
    min_value=0.0,
    step=0.1,
    format="%.1f",
    key="whatif.engagement_weight",
)
pairs = (
    (float(criteria.fit_weight), float(criteria.engagement_weight)),
    (
        float(st.session_state["whatif.fit_weight"]),
        float(st.session_state["whatif.engagement_weight"]),
    ),
)
try:
    weights = ui.load_whatif_weights(ws.path, ws.data_version, criteria.sha256, criteria, pairs)
except KakehashiError as exc:
    ui.show_error(exc)
else:
    ui.table(
        weights,
        {
            "fit_weight": (tr("whatif.col.fit_weight"), "number"),
            "engagement_weight": (tr("whatif.col.engagement_weight"), "number"),
            "leads": (tr("whatif.col.leads"), "count"),
            "mql": (tr("whatif.col.mql"), "count"),
            "mql_rate": (tr("whatif.col.mql_rate"), "pct"),
            "won": (tr("whatif.col.won"), "count"),
            "precision": (
                tr("whatif.col.precision_ci"),
                "rate_ci:precision_ci_low:precision_ci_high",
            ),
            "recall": (tr("whatif.col.recall"), "pct"),
        },
        key="whatif.weights_table",
    )
