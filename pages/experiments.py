"""Experiments: two criteria back-tested on the same history, and live champion/challenger.

Thin view: widgets → analytics.metrics.experiments on the cached replays → draw.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import streamlit as st

import ui
from analytics.charts import model as charts
from analytics.criteria import get_criteria, list_criteria
from analytics.errors import KakehashiError
from analytics.metrics import experiments as exp
from analytics.text import format as fmt

ui.require_app()

tr = ui.tr
lang = ui.lang()
CREATED = "experiments.created_id"

st.title(tr("experiments.title"))
st.caption(tr("experiments.intro"))

ws = ui.get_workspace()
active, active_replay = ui.page_replay("experiments.empty")
saved = list_criteria(ws)
versions = {
    row["criteria_id"]: tr(
        "experiments.version",
        name=fmt.label("criteria_name", row["name"], lang),
        version=row["version"],
        status=tr(f"app.criteria_status_{row['status']}"),
    )
    for row in saved.iter_rows(named=True)
}
labels: dict[Any, str] = {None: tr("experiments.active")} | versions


def criteria_of(choice: int | None) -> Any:
    """The chosen criteria (None: the active one)."""
    return active if choice is None else get_criteria(ws, int(choice))


def replay_of(criteria: Any) -> Any:
    """The shared cached replay of ``criteria``."""
    return ui.load_replay(ws.path, ws.data_version, criteria.sha256, criteria)


# --- back-test ------------------------------------------------------------------------------
st.subheader(tr("experiments.backtest"))
a_col, b_col, outcome_col = st.columns(3)
options = list(labels)
side_a = ui.choice(
    a_col.selectbox, tr("experiments.side_a"), options, key="experiments.side_a",
    format_func=labels.__getitem__,
)  # fmt: skip
sha = dict(zip(saved["criteria_id"], saved["sha256"], strict=True))
differs = [i for i, c in enumerate(options) if c is not None and sha[c] != active.sha256]
side_b = ui.choice(
    b_col.selectbox, tr("experiments.side_b"), options, key="experiments.side_b",
    index=differs[0] if differs else 0, format_func=labels.__getitem__,
)  # fmt: skip
outcome = ui.choice(
    outcome_col.radio,
    tr("experiments.outcome"),
    list(exp.OUTCOMES),
    key="experiments.outcome",
    format_func=ui.labeller("experiments.outcome_"),
    horizontal=True,
)
a, b = criteria_of(side_a), criteria_of(side_b)
if a.sha256 == b.sha256:
    st.info(tr("experiments.same"))
else:
    try:
        bt = exp.backtest(ws, a, b, outcome=outcome, replay_a=replay_of(a), replay_b=replay_of(b))
    except KakehashiError as exc:
        ui.show_error(exc)
    else:
        m = bt.discordant
        st.caption(
            tr(
                "experiments.mcnemar",
                a_only=fmt.count(m["a_only"]),
                b_only=fmt.count(m["b_only"]),
                p=fmt.p_value(m["p_value"]),
            )
        )
        st.dataframe(charts.backtest_table(bt, lang), hide_index=True)
        st.caption(tr("experiments.equal_volume", n=fmt.count(bt.equal_volume)))
        st.caption(
            tr(
                "experiments.auc",
                a=fmt.auc(bt.auc.auc_a),
                b=fmt.auc(bt.auc.auc_b),
                diff=fmt.value(bt.auc.difference, "number2", signed=True),
                low=fmt.value(bt.auc.ci_low, "number2", signed=True),
                high=fmt.value(bt.auc.ci_high, "number2", signed=True),
                p=fmt.p_value(bt.auc.p_value),
            )
        )

# --- live champion / challenger --------------------------------------------------------------
st.subheader(tr("experiments.live"))
st.caption(tr("experiments.live_intro"))
stored = exp.list_experiments(ws)
if CREATED in st.session_state:  # set the choice before the selectbox exists (after a create)
    created = st.session_state.pop(CREATED)
    ui.set_choice("experiments.chosen", created)
    st.success(tr("experiments.created", id=created))
if stored.is_empty():
    st.info(tr("experiments.none"))
else:
    names = {
        row["experiment_id"]: tr(
            "experiments.label",
            id=row["experiment_id"],
            name=row["name"],
            start=fmt.day(row["start_at"], lang),
        )
        for row in stored.iter_rows(named=True)
    }
    chosen = ui.choice(
        st.selectbox,
        tr("experiments.choose"),
        list(names),
        key="experiments.chosen",
        format_func=names.__getitem__,
    )
    try:
        e = exp.get_experiment(ws, int(chosen))
        champion, challenger = get_criteria(ws, e.champion_id), get_criteria(ws, e.challenger_id)
        result = exp.experiment_results(
            ws,
            e,
            replays={e.champion_id: replay_of(champion), e.challenger_id: replay_of(challenger)},
        )
    except KakehashiError as exc:
        ui.show_error(exc)
    else:
        st.caption(
            tr(
                "experiments.plan",
                base=fmt.pct(e.baseline_rate),
                target=fmt.pct(e.target_rate),
                alpha=fmt.number(e.alpha, 2),
                power=fmt.pct(e.power, 0),
                champion=fmt.count(e.planned_champion),
                challenger=fmt.count(e.planned_challenger),
                share=fmt.pct(e.challenger_share, 0),
            )
        )
        st.dataframe(charts.arms_table(result, lang), hide_index=True)
        chart_col, verdict_col = st.columns([2, 3])
        with chart_col:
            ui.chart(charts.arms_figure(result.arms, lang=lang), key="experiments.arms_chart")
        d = result.difference
        if d is not None:
            verdict_col.caption(
                tr(
                    "experiments.difference",
                    diff=fmt.pct_points(d.difference, lang=lang),
                    low=fmt.pct_points(d.ci_low, lang=lang),
                    high=fmt.pct_points(d.ci_high, lang=lang),
                    p=fmt.p_value(d.p_value),
                )
            )
        needed = {row["arm"]: row["needed"] for row in result.arms.iter_rows(named=True)}
        verdict = tr(
            f"experiments.verdict_{result.verdict}",
            champion=fmt.count(needed["champion"]),
            challenger=fmt.count(needed["challenger"]),
        )
        if result.decidable:
            verdict_col.success(verdict, icon=":material/gavel:")
        else:
            verdict_col.warning(verdict, icon=":material/hourglass_top:")

# --- a new experiment, planned before it starts -------------------------------------------------
st.subheader(tr("experiments.create"))
if len(versions) < 2:
    st.caption(tr("experiments.need_two"))
else:
    ids = list(versions)
    c_col, ch_col = st.columns(2)
    champion_id = ui.choice(
        c_col.selectbox, tr("experiments.champion"), ids, key="experiments.new_champion",
        format_func=versions.__getitem__,
    )  # fmt: skip
    challenger_id = ui.choice(
        ch_col.selectbox, tr("experiments.challenger"), ids, key="experiments.new_challenger",
        index=1, format_func=versions.__getitem__,
    )  # fmt: skip
    share_col, start_col, lift_col, seed_col = st.columns(4)
    share = share_col.slider(
        tr("experiments.share"), min_value=0.05, max_value=0.95, value=0.5, step=0.05,
        format="percent", key="experiments.new_share",
    )  # fmt: skip
    start = start_col.date_input(
        tr("experiments.start"),
        value=(active_replay.as_of + timedelta(days=1)).date(),
        key="experiments.new_start",
    )
    lift = lift_col.number_input(
        tr("experiments.lift"), min_value=5, max_value=500, value=20, step=5,
        key="experiments.new_lift",
    ) / 100  # fmt: skip
    seed = seed_col.number_input(
        tr("experiments.seed"), min_value=0, value=len(stored) + 1, step=1,
        key="experiments.new_seed",
    )  # fmt: skip
    if champion_id == challenger_id:
        st.info(tr("experiments.same"))
    else:
        champion = get_criteria(ws, champion_id)
        start_at = datetime.combine(start, datetime.min.time())
        rate, per_month = exp.history(
            ws, champion, outcome=outcome, before=start_at, replayed=replay_of(champion)
        )
        if rate is None or not 0 < rate < 1:
            st.caption(tr("experiments.preview_none"))
        else:
            plan = exp.plan_experiment(
                rate, lift=float(lift), share=float(share), leads_per_month=per_month
            )
            st.caption(
                tr(
                    "experiments.preview",
                    base=fmt.pct(plan.baseline_rate),
                    target=fmt.pct(plan.target_rate),
                    champion=fmt.count(plan.planned_champion),
                    challenger=fmt.count(plan.planned_challenger),
                    per_month=fmt.count(per_month),
                    months=plan.months,
                    detectable=fmt.pct(plan.detectable_rate),
                )
            )
            if st.button(tr("experiments.create_button"), key="experiments.create"):
                try:
                    created = exp.create_experiment(
                        ws, champion_id=champion_id, challenger_id=challenger_id,
                        share=float(share), start=start, seed=int(seed), outcome=outcome,
                        lift=float(lift), created_by="experiments page",
                    )  # fmt: skip
                except KakehashiError as exc:
                    ui.show_error(exc)
                else:
                    st.session_state[CREATED] = created
                    st.rerun()
