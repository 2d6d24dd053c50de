"""What-if: move the MQL threshold and see what it would have done (from the replayed history).

Thin view: widgets → analytics.metrics.whatif (a lookup on the prepared sweep) → draw.
"""

from __future__ import annotations

import math
from dataclasses import replace

import polars as pl
import streamlit as st

import ui
from analytics.charts import whatif as charts
from analytics.errors import KakehashiError
from analytics.metrics import whatif

ui.require_app()

tr = ui.tr
KEY = "whatif.threshold"
EXACT = "whatif.threshold_exact"

st.title(tr("whatif.title"))
st.caption(tr("whatif.intro"))

ws = ui.get_workspace()
criteria, _ = ui.page_replay("whatif.empty")
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

left, right = st.columns([4, 1])
left.slider(
    tr("whatif.threshold"),
    min_value=low,
    max_value=high,
    step=sweep.step,
    key=KEY,
    on_change=_from_slider,
)
right.number_input(
    tr("whatif.threshold_exact"),
    min_value=low,
    max_value=high,
    step=sweep.step,
    key=EXACT,
    on_change=_from_input,
)
threshold = float(st.session_state[EXACT])
st.caption(tr("whatif.agreed", value=f"{agreed:g}"))

# --- assumptions --------------------------------------------------------------------------
try:
    baseline = whatif.whatif_at(sweep, agreed, period=period).row(0, named=True)
except KakehashiError as exc:
    ui.stop_with_error(exc)
sla_volume = criteria.sla.mql_per_month or baseline["mql_per_month"]
st.session_state.setdefault("whatif.reps", 3)
st.session_state.setdefault("whatif.per_rep", max(1, math.ceil(sla_volume / 3)))
st.session_state.setdefault("whatif.hours_per_mql", 1.0)
st.session_state.setdefault("whatif.hourly_cost", 5000.0)
st.session_state.setdefault("whatif.value_per_win", 0.0)
st.session_state.setdefault("whatif.target_recall", 60)
st.session_state.setdefault("whatif.max_share", 30)
with st.expander(tr("whatif.assumptions"), expanded=False):
    cols = st.columns(4)
    cols[0].number_input(tr("whatif.reps"), min_value=0, step=1, key="whatif.reps")
    cols[1].number_input(tr("whatif.per_rep"), min_value=0, step=5, key="whatif.per_rep")
    cols[2].number_input(
        tr("whatif.hours_per_mql"), min_value=0.0, step=0.5, key="whatif.hours_per_mql"
    )
    cols[3].number_input(
        tr("whatif.hourly_cost"), min_value=0.0, step=500.0, key="whatif.hourly_cost"
    )
    cols = st.columns(3)
    cols[0].number_input(
        tr("whatif.value_per_win"), min_value=0.0, step=100_000.0, key="whatif.value_per_win"
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
    st.caption(tr("whatif.effective", value=f"{row['threshold']:g}"))


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{value:.1%}"


def _num(value: float | None, digits: int = 0) -> str:
    return "–" if value is None else f"{value:,.{digits}f}"


def _money(value: float | None) -> str:
    """Amounts compactly: 1,598万 in Japanese, 15.99M in English."""
    if value is None:
        return "–"
    if abs(value) >= 1e6:
        return f"{value / 1e4:,.0f}万" if ui.lang() == "ja" else f"{value / 1e6:,.2f}M"
    return f"{value:,.0f}"


def _delta(key: str, fmt: str = "num") -> str | None:
    if row["threshold"] == base["threshold"] or row[key] is None or base[key] is None:
        return None
    diff = row[key] - base[key]
    return f"{diff:+.1%}" if fmt == "pct" else f"{diff:+,.1f}"


def _ci(name: str, n: int) -> str:
    lo, hi = row[f"{name}_ci_low"], row[f"{name}_ci_high"]
    return tr("whatif.interval", low=_pct(lo), high=_pct(hi), n=f"{n:,}")


st.subheader(tr("whatif.kpis"))
cols = st.columns(4)
cols[0].metric(tr("whatif.mql"), f"{row['mql']:,}", _delta("mql"))
cols[1].metric(tr("whatif.mql_per_month"), _num(row["mql_per_month"], 1), _delta("mql_per_month"))
cols[2].metric(tr("whatif.capacity"), _num(assumptions.capacity_per_month))
cols[3].metric(tr("whatif.mql_rate"), _pct(row["mql_rate"]), _delta("mql_rate", "pct"))
cols = st.columns(4)
cols[0].metric(tr("whatif.sql_rate"), _pct(row["sql_rate"]), _delta("sql_rate", "pct"))
cols[0].caption(_ci("sql", row["mql"]))
cols[1].metric(tr("whatif.precision"), _pct(row["precision"]), _delta("precision", "pct"))
cols[1].caption(_ci("precision", row["mql"]))
cols[2].metric(tr("whatif.recall"), _pct(row["recall"]), _delta("recall", "pct"))
cols[2].caption(_ci("recall", row["won_total"]))
# more wins below the threshold is worse: shown red, never green
cols[3].metric(
    tr("whatif.below"), f"{row['won_below']:,}", _delta("won_below"), delta_color="inverse"
)
cols[3].caption(f"{tr('whatif.below_revenue')}: {_money(row['revenue_below'])}")
cols = st.columns(4)
cols[0].metric(tr("whatif.expected_sql"), _num(row["expected_sql"], 1), _delta("expected_sql"))
cols[1].metric(tr("whatif.expected_won"), _num(row["expected_won"], 1), _delta("expected_won"))
cols[2].metric(tr("whatif.expected_revenue"), _money(row["expected_revenue"]))
cols[3].metric(tr("whatif.followup"), tr("whatif.hours", hours=_num(row["followup_hours"], 1)))
cols[3].caption(tr("whatif.followup_cost", cost=_money(row["followup_cost"])))
if row["over_capacity"]:
    st.warning(
        tr(
            "whatif.over_capacity",
            mql=_num(row["mql_per_month"], 1),
            capacity=_num(assumptions.capacity_per_month),
        ),
        icon=":material/warning:",
    )
if row["mql"] < 50:
    st.caption(tr("whatif.small_sample"))
if sweep.sql_basis == "replay":
    st.caption(tr("whatif.sql_basis_replay"))

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
    data=table.write_csv(),
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


for rule, suggested, reason in suggestions.iter_rows():  # four fixed rules, not data rows
    text_col, button_col = st.columns([6, 1], vertical_alignment="center")
    shown = "–" if suggested is None else f"{suggested:g}"
    label = tr(f"whatif.rule.{rule}")
    text_col.markdown(tr("whatif.suggestion", rule=label, threshold=shown, reason=reason))
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
    tr("whatif.proposed") + f": {row['threshold']:g} · " + tr("whatif.agreed", value=f"{agreed:g}")
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
st.dataframe(
    comparison.with_columns(
        pl.col("kpi").replace_strict({k: tr(f"whatif.kpi.{k}") for k in comparison["kpi"]})
    ),
    hide_index=True,
    column_config={
        "kpi": tr("whatif.kpi"),
        "agreed": st.column_config.NumberColumn(tr("whatif.agreed_col"), format="localized"),
        "proposed": st.column_config.NumberColumn(tr("whatif.proposed_col"), format="localized"),
        "difference": st.column_config.NumberColumn(tr("whatif.difference"), format="localized"),
    },
    key="whatif.compare_table",
)
st.markdown(f"**{tr('whatif.significance')}**")
st.caption(tr("whatif.significance_note"))
tests = whatif.compare_conversion(sweep, agreed, threshold, period=period)
for test in tests.iter_rows(named=True):
    if test["p_value"] is None:
        st.info(tr("whatif.sig_na"))
        break
    st.write(
        tr(
            "whatif.sig_line",
            outcome=tr("whatif.sql_rate" if test["outcome"] == "sql" else "whatif.precision"),
            high=f"{test['threshold_high']:g}",
            low=f"{test['threshold_low']:g}",
            rate_high=_pct(test["rate_high"]),
            rate_low=_pct(test["rate_only_low"]),
            diff=f"{test['difference']:+.1%}",
            ci_low=f"{test['ci_low']:+.1%}",
            ci_high=f"{test['ci_high']:+.1%}",
            p=f"{test['p_value']:.3g}",
            verdict=tr("whatif.sig_yes" if test["significant"] else "whatif.sig_no"),
        )
    )

# --- other levers ---------------------------------------------------------------------------
st.subheader(tr("whatif.levers"))
sql_col, weight_col = st.columns(2)
with sql_col:
    st.markdown(f"**{tr('whatif.sql_rule')}**")
    st.caption(tr("whatif.sql_rule_note"))
    current = whatif.sql_required(criteria)
    st.session_state.setdefault("whatif.sql_items", list(current))
    st.session_state.setdefault("whatif.sql_level", max(current.values(), default=3))
    items = st.multiselect(
        tr("whatif.sql_items"),
        options=list(whatif.BANT_ITEMS),
        key="whatif.sql_items",
    )
    level = st.number_input(
        tr("whatif.sql_level"), min_value=0, max_value=10, step=1, key="whatif.sql_level"
    )
    rules = (
        (tr("whatif.current_rule"), tuple(current.items())),
        (tr("whatif.alt_rule"), tuple((item, int(level)) for item in items)),
    )
    sql_table = ui.load_whatif_sql_rules(ws.path, ws.data_version, criteria.sha256, criteria, rules)
    st.dataframe(
        sql_table,
        hide_index=True,
        column_config={c: tr(f"whatif.col.{c}") for c in sql_table.columns},
        key="whatif.sql_table",
    )
with weight_col:
    st.markdown(f"**{tr('whatif.weights')}**")
    st.caption(tr("whatif.weights_note"))
    st.session_state.setdefault("whatif.fit_weight", float(criteria.fit_weight))
    st.session_state.setdefault("whatif.engagement_weight", float(criteria.engagement_weight))
    st.number_input(tr("whatif.fit_weight"), min_value=0.0, step=0.1, key="whatif.fit_weight")
    st.number_input(
        tr("whatif.engagement_weight"), min_value=0.0, step=0.1, key="whatif.engagement_weight"
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
        st.dataframe(
            weights,
            hide_index=True,
            column_config={c: tr(f"whatif.col.{c}") for c in weights.columns},
            key="whatif.weights_table",
        )
