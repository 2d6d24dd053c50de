"""Agreement: the criteria in force, the proposal on the table, what it changes and what it
would do, one sign-off per team, rejection with a reason, and the audit trail.

Thin view: widgets → analytics.criteria.agreement / diff and analytics.metrics.compare → draw.
Built for the meeting room: the changes and their effects in large type.
"""

from __future__ import annotations

import html
from typing import Any

import polars as pl
import streamlit as st

import ui
from analytics.criteria import agreement, default_criteria, get_criteria
from analytics.criteria.diff import describe_changes, diff_criteria
from analytics.errors import KakehashiError
from analytics.metrics.whatif import period_has_data
from analytics.text import format as fmt

ui.require_app()

tr = ui.tr
lang = ui.lang()
FLASH = "agreement.flash"
BIG = "<style>.kk-big{font-size:1.45rem;line-height:1.6}.kk-big li{margin:0.15rem 0}</style>"

st.title(tr("agreement.title"))
st.caption(tr("agreement.intro"))

ws = ui.get_workspace()
try:
    versions = agreement.list_versions(ws)
    in_force_criteria, in_force = agreement.criteria_in_force(ws)
except KakehashiError as exc:
    ui.show_error(exc)
    st.stop()
by_id = {v.criteria_id: v for v in versions}


def big_list(lines: list[str]) -> str:
    """Lines as a list in large type (for the meeting room); the text is escaped."""
    items = "".join(f"<li>{html.escape(line)}</li>" for line in lines)
    return f'{BIG}<div class="kk-big"><ul>{items}</ul></div>'


def version_label(status: agreement.CriteriaStatus) -> str:
    shown = f"{fmt.label('criteria_name', status.name, lang)} v{status.version}"
    if status.criteria_id is not None:
        shown += f" (#{status.criteria_id})"
    return f"{shown} · {fmt.label('status', status.status, lang)}"


# --- actions (callbacks run before the page is drawn, so every part shows the new state) ---
def _flash(kind: str, text: str) -> None:
    st.session_state[FLASH] = (kind, text)


def _act(step: str, criteria_id: int, **values: Any) -> None:
    try:
        if step == "propose":
            done = agreement.propose(ws, criteria_id, **values)
        elif step == "sign":
            done = agreement.sign(ws, criteria_id, **values)
        elif step == "reject":
            done = agreement.reject(ws, criteria_id, **values)
        else:
            done = agreement.retire(ws, criteria_id, **values)
    except KakehashiError as exc:
        _flash("error", ui.md(exc.localized(lang)))
        return
    key = "agreement.done_agreed" if done.status == "agreed" else f"agreement.done_{step}"
    _flash(
        "success",
        tr(key, version=f"{ui.md(fmt.label('criteria_name', done.name, lang))} v{done.version}"),
    )


def _sign(criteria_id: int, team: str) -> None:
    _act(
        "sign",
        criteria_id,
        team=team,
        by=st.session_state.get(f"agreement.name_{team}", ""),
        note=st.session_state.get(f"agreement.note_{team}", ""),
    )


def _propose(criteria_id: int) -> None:
    _act(
        "propose",
        criteria_id,
        by=st.session_state.get("agreement.propose_by", ""),
        note=st.session_state.get("agreement.propose_note", ""),
    )


def _reject(criteria_id: int) -> None:
    _act(
        "reject",
        criteria_id,
        by=st.session_state.get("agreement.reject_by", ""),
        note=st.session_state.get("agreement.reject_note", ""),
    )


def _retire(criteria_id: int) -> None:
    _act(
        "retire",
        criteria_id,
        by=st.session_state.get("agreement.retire_by", ""),
        note=st.session_state.get("agreement.retire_note", ""),
    )


flash = st.session_state.pop(FLASH, None)
if flash is not None:  # at the top, and as a toast: the buttons are at the bottom of the page
    (st.success if flash[0] == "success" else st.error)(flash[1])
    st.toast(flash[1], icon=":material/verified:" if flash[0] == "success" else ":material/error:")

# --- the criteria in force -------------------------------------------------------------------
st.subheader(tr("agreement.in_force"))
st.markdown(f"{ui.status_badge(in_force)} {ui.status_detail(in_force)}")
if in_force.is_agreed:
    cols = st.columns(len(agreement.TEAMS))
    for col, team in zip(cols, agreement.TEAMS, strict=True):
        signed = in_force.signed(team)
        if signed is not None:
            col.markdown(
                tr(
                    "agreement.signed_line",
                    team=fmt.label("team", team, lang),
                    name=ui.md(signed.signed_by),
                    at=fmt.moment(signed.signed_at, lang),
                    note=f" — {ui.md(signed.note)}" if signed.note else "",
                )
            )
else:
    st.info(tr("agreement.no_agreed"), icon=":material/info:")

# --- the proposal on the table -----------------------------------------------------------------
st.subheader(tr("agreement.on_table"))
open_versions = [v for v in versions if v.status in ("proposed", "draft")]
open_versions.sort(key=lambda v: (v.status != "proposed", -(v.criteria_id or 0)))
if not open_versions:
    st.info(tr("agreement.no_proposal"), icon=":material/inbox:")
    picked = None
else:
    ids = [v.criteria_id for v in open_versions]
    wanted = st.session_state.pop(ui.AGREEMENT_PICK_KEY, None)
    if wanted in ids:
        st.session_state["agreement.pick"] = wanted
    if st.session_state.get("agreement.pick") not in ids:
        st.session_state["agreement.pick"] = ids[0]
    labels = {v.criteria_id: version_label(v) for v in open_versions}
    picked_id = st.selectbox(
        tr("agreement.pick"), options=ids, format_func=labels.__getitem__, key="agreement.pick"
    )
    picked = by_id[picked_id]

if picked is not None:
    baselines = {None: tr("agreement.baseline_in_force", version=version_label(in_force))} | {
        v.criteria_id: version_label(v) for v in versions if v.criteria_id != picked.criteria_id
    }
    base_id = st.selectbox(
        tr("agreement.baseline"),
        options=list(baselines),
        format_func=baselines.__getitem__,
        key=f"agreement.baseline.{lang}",
    )
    try:
        proposal = get_criteria(ws, picked.criteria_id)
        base = in_force_criteria if base_id is None else get_criteria(ws, base_id)
    except KakehashiError as exc:
        ui.show_error(exc)
        st.stop()
    base_status = in_force if base_id is None else by_id[base_id]
    st.markdown(f"{ui.status_badge(picked)} {ui.status_detail(picked)}")
    if picked.problems:
        problems = ", ".join(fmt.label("integrity", p, lang) for p in picked.problems)
        st.error(tr("agreement.tampered_notice", id=picked.criteria_id, problems=problems))

    # --- what changes, in words ---------------------------------------------------------------
    st.subheader(tr("agreement.changes", a=ui.md(version_label(base_status))))
    lines = describe_changes(diff_criteria(base, proposal), lang, a=base, b=proposal)
    if lines:
        st.markdown(big_list(lines), unsafe_allow_html=True)
    else:
        st.info(tr("agreement.no_changes"))

    # --- what it would do, side by side --------------------------------------------------------
    st.subheader(tr("agreement.effects"))
    if ui.summary()["counts"]["leads"] == 0:
        ui.empty_state("agreement.empty")
    else:
        # capacity: the What-if page's reps × MQLs per rep when set there, else the SLA volume
        reps, per_rep = (st.session_state.get(f"whatif.{k}") for k in ("reps", "per_rep"))
        st.session_state.setdefault(
            "agreement.capacity",
            int(reps * per_rep) if reps and per_rep else int(base.sla.mql_per_month or 0),
        )
        st.number_input(tr("agreement.capacity"), min_value=0, step=5, key="agreement.capacity")
        capacity = float(st.session_state["agreement.capacity"]) or None
        try:
            sweep = ui.load_whatif_sweep(ws.path, ws.data_version, base.sha256, base)
            period: tuple | None = ui.period()
            if not period_has_data(sweep, period):
                period = None
                st.caption(tr("agreement.period_all"))
            result = ui.load_comparison(
                ws.path,
                ws.data_version,
                base.sha256,
                proposal.sha256,
                base,
                proposal,
                period,
                capacity,
            )
        except KakehashiError as exc:
            ui.show_error(exc)
            st.stop()
        if period is not None:
            st.caption(
                tr(
                    "agreement.period",
                    start=fmt.month(period[0], lang),
                    end=fmt.month(period[1], lang),
                )
            )
        a, b = result.a, result.b

        def _shown(kind: str, value: Any) -> str:
            if kind == "pct":
                return fmt.pct(value)
            if kind == "yen":
                return fmt.yen(value, lang)
            if kind == "count":
                return fmt.count(value)
            return fmt.number(value, 1)

        def _delta(kind: str, key: str) -> str | None:
            if a[key] is None or b[key] is None:
                return None
            diff = float(b[key]) - float(a[key])
            if kind == "pct":
                return fmt.pct_points(diff, lang=lang)
            if kind == "yen":
                return ("+" if diff >= 0 else "") + fmt.yen(diff, lang)
            return ("+" if diff >= 0 else "−") + fmt.number(abs(diff), 1)

        def _metric_delta(kind: str, key: str, color: str) -> tuple[str | None, str]:
            """The delta for st.metric, whose arrow and colour read a leading ASCII minus."""
            text = _delta(kind, key)
            if text is None or not any(ch in "123456789" for ch in text):
                return text, "off"  # no change at this precision: no arrow colour
            return ("-" + text[1:] if text.startswith("−") else text), color

        cards = (
            ("mql_per_month", "number", "off"),
            ("sql_rate", "pct", "normal"),
            ("precision", "pct", "normal"),
            ("recall", "pct", "normal"),
            ("expected_won", "number", "normal"),
            ("expected_revenue", "yen", "normal"),
        )
        for row_cards in (cards[:3], cards[3:]):
            cols = st.columns(3)
            for col, (key, kind, color) in zip(cols, row_cards, strict=True):
                delta, delta_color = _metric_delta(kind, key, color)
                col.metric(
                    tr(f"agreement.kpi.{key}"),
                    _shown(kind, b[key]),
                    delta=delta,
                    delta_color=delta_color,
                )
                col.caption(tr("agreement.was", value=_shown(kind, a[key])))
        if b["over_capacity"]:
            st.warning(
                tr(
                    "agreement.over_capacity",
                    mql=fmt.number(b["mql_per_month"], 1),
                    capacity=fmt.number(capacity, 0),
                ),
                icon=":material/warning:",
            )

        kinds = {
            "mql": "count",
            "mql_per_month": "number",
            "capacity_per_month": "number",
            "mql_rate": "pct",
            "sql_rate": "pct",
            "precision": "pct",
            "recall": "pct",
            "expected_sql": "number",
            "expected_won": "number",
            "expected_revenue": "yen",
            "won_below": "count",
        }
        table = pl.DataFrame(
            {
                "kpi": [tr(f"agreement.kpi.{k}") for k in result.kpis["kpi"]],
                "a": [_shown(kinds[k], a[k]) for k in result.kpis["kpi"]],
                "b": [_shown(kinds[k], b[k]) for k in result.kpis["kpi"]],
                "difference": [_delta(kinds[k], k) or "–" for k in result.kpis["kpi"]],
            }
        )
        st.dataframe(
            table,
            hide_index=True,
            width="stretch",
            height=35 * (table.height + 1) + 3,  # every row, no inner scrolling
            column_config={
                "kpi": st.column_config.TextColumn(tr("agreement.col_kpi"), width="large"),
                "a": tr("agreement.col_a"),
                "b": tr("agreement.col_b"),
                "difference": tr("agreement.col_difference"),
            },
            key="agreement.kpi_table",
        )

        st.markdown(f"**{tr('agreement.significance')}**")
        sentences = []
        for test in result.differences.iter_rows(named=True):
            if test["p_value"] is None:
                verdict = tr("agreement.sig_none")
            else:
                verdict = tr("agreement.sig_yes" if test["significant"] else "agreement.sig_no")
            sentences.append(
                tr(
                    "agreement.sig_line",
                    metric=tr(f"agreement.metric.{test['metric']}"),
                    a=fmt.pct(test["a"]),
                    b=fmt.pct(test["b"]),
                    diff=fmt.pct_points(test["diff"], lang=lang),
                    low=fmt.pct_points(test["ci_low"], lang=lang),
                    high=fmt.pct_points(test["ci_high"], lang=lang),
                    p=fmt.p_value(test["p_value"]),
                    verdict=verdict,
                )
            )
        st.markdown(big_list(sentences), unsafe_allow_html=True)
        st.caption(tr("agreement.significance_note"))

        # leads that become / stop being MQLs
        changes = result.changes
        counts = {c: changes.filter(pl.col("change") == c).height for c in ("becomes", "stops")}
        cols = st.columns(2)
        cols[0].metric(tr("agreement.becomes"), fmt.count(counts["becomes"]))
        cols[1].metric(tr("agreement.stops"), fmt.count(counts["stops"]))
        if changes.height:
            shown = changes.with_columns(
                pl.col("change").replace_strict(
                    {c: tr(f"agreement.change_{c}") for c in ("becomes", "stops")}
                ),
                pl.col("score_a").round(1),
                pl.col("score_b").round(1),
            )
            shown = fmt.label_column(shown, "outcome", "outcome", lang)
            st.dataframe(
                shown.select("company", "lead_id", "change", "score_a", "score_b", "outcome"),
                hide_index=True,
                width="stretch",
                column_config={
                    "company": st.column_config.TextColumn(
                        tr("agreement.col_company"), width="medium"
                    ),
                    "lead_id": st.column_config.TextColumn(tr("agreement.col_lead"), width="small"),
                    "change": st.column_config.TextColumn(
                        tr("agreement.col_change"), width="small"
                    ),
                    "score_a": st.column_config.NumberColumn(
                        tr("agreement.col_score_a"), format="%.1f"
                    ),
                    "score_b": st.column_config.NumberColumn(
                        tr("agreement.col_score_b"), format="%.1f"
                    ),
                    "outcome": tr("agreement.col_outcome"),
                },
                key="agreement.changes_table",
            )

        st.markdown(
            f"**{tr('agreement.bands', outcome=fmt.label('outcome', result.band_outcome, lang))}**"
        )
        band_rows = [
            {
                "band": row["band"],
                "leads_a": fmt.count(row["leads_a"]),
                "rate_a": fmt.rate_with_ci(
                    row["rate_a"], row["ci_low_a"], row["ci_high_a"], row["leads_a"], lang
                ),
                "leads_b": fmt.count(row["leads_b"]),
                "rate_b": fmt.rate_with_ci(
                    row["rate_b"], row["ci_low_b"], row["ci_high_b"], row["leads_b"], lang
                ),
            }
            for row in result.bands.iter_rows(named=True)  # four or five bands
        ]
        st.dataframe(
            pl.DataFrame(band_rows),
            hide_index=True,
            width="stretch",
            column_config={
                "band": tr("agreement.col_band"),
                "leads_a": tr("agreement.col_leads_a"),
                "rate_a": st.column_config.TextColumn(tr("agreement.col_rate_a"), width="medium"),
                "leads_b": tr("agreement.col_leads_b"),
                "rate_b": st.column_config.TextColumn(tr("agreement.col_rate_b"), width="medium"),
            },
            key="agreement.bands_table",
        )

    # --- propose / sign / reject --------------------------------------------------------------
    st.subheader(tr("agreement.decide"))
    if picked.status == "draft":
        st.caption(tr("agreement.draft_note"))
        cols = st.columns([2, 3, 1], vertical_alignment="bottom")
        cols[0].text_input(tr("agreement.your_name"), key="agreement.propose_by")
        cols[1].text_input(tr("agreement.note"), key="agreement.propose_note")
        cols[2].button(
            tr("agreement.propose"),
            key="agreement.propose_button",
            type="primary",
            on_click=_propose,
            args=(picked.criteria_id,),
        )
    else:
        cols = st.columns(len(agreement.TEAMS))
        for col, team in zip(cols, agreement.TEAMS, strict=True):
            with col.container(border=True):
                st.markdown(f"#### {fmt.label('team', team, lang)}")
                signed = picked.signed(team)
                if signed is not None:
                    st.success(
                        tr(
                            "agreement.signed_line",
                            team=fmt.label("team", team, lang),
                            name=ui.md(signed.signed_by),
                            at=fmt.moment(signed.signed_at, lang),
                            note=f" — {ui.md(signed.note)}" if signed.note else "",
                        ),
                        icon=":material/verified:",
                    )
                    continue
                st.text_input(tr("agreement.signer"), key=f"agreement.name_{team}")
                st.text_input(tr("agreement.note"), key=f"agreement.note_{team}")
                st.button(
                    tr("agreement.sign", team=fmt.label("team", team, lang)),
                    key=f"agreement.sign_{team}",
                    type="primary",
                    on_click=_sign,
                    args=(picked.criteria_id, team),
                )
        with st.expander(tr("agreement.reject_title")):
            cols = st.columns([2, 3, 1], vertical_alignment="bottom")
            cols[0].text_input(tr("agreement.your_name"), key="agreement.reject_by")
            cols[1].text_input(tr("agreement.reason"), key="agreement.reject_note")
            cols[2].button(
                tr("agreement.reject"),
                key="agreement.reject_button",
                on_click=_reject,
                args=(picked.criteria_id,),
            )

# --- retire ------------------------------------------------------------------------------------
active = [v for v in versions if v.status != "retired"]
if active:
    with st.expander(tr("agreement.retire_title")):
        st.caption(tr("agreement.retire_note_help"))
        labels = {v.criteria_id: version_label(v) for v in active}
        retire_id = st.selectbox(
            tr("agreement.retire_pick"),
            options=list(labels),
            format_func=labels.__getitem__,
            key="agreement.retire_pick",
        )
        cols = st.columns([2, 3, 1], vertical_alignment="bottom")
        cols[0].text_input(tr("agreement.your_name"), key="agreement.retire_by")
        cols[1].text_input(tr("agreement.note"), key="agreement.retire_note")
        cols[2].button(
            tr("agreement.retire"),
            key="agreement.retire_button",
            on_click=_retire,
            args=(retire_id,),
        )

# --- audit trail -------------------------------------------------------------------------------
st.subheader(tr("agreement.history"))
problems = agreement.check_integrity(ws)
for problem in problems.iter_rows(named=True):
    st.error(
        tr(
            "agreement.integrity_line",
            id=problem["criteria_id"] if problem["criteria_id"] is not None else "–",
            problem=fmt.label("integrity", problem["problem"], lang),
            detail=ui.md(problem["detail"]),
        ),
        icon=":material/gpp_bad:",
    )
events = agreement.history_with_changes(ws)
documents: dict[int | None, Any] = {None: default_criteria()}


def _document(criteria_id: int | None) -> Any:
    """A stored version for rule labels (None when edited into invalid TOML: shown above)."""
    if criteria_id not in documents:
        try:
            documents[criteria_id] = get_criteria(ws, criteria_id)
        except KakehashiError:
            documents[criteria_id] = None
    return documents[criteria_id]


if not events:
    st.caption(tr("agreement.no_history"))
else:
    trail = pl.DataFrame(
        {
            "at": [fmt.moment(e["acted_at"], lang) for e in events],
            "intact": ["✓" if e["intact"] else "⚠" for e in events],
            "version": [f"#{e['criteria_id']} {e['name']} v{e['version']}" for e in events],
            "action": [fmt.label("action", e["action"], lang) for e in events],
            "who": [
                e["actor"] + (f" ({fmt.label('team', e['team'], lang)})" if e["team"] else "")
                for e in events
            ],
            "note": [e["note"] or "" for e in events],
            "changes": [
                " / ".join(
                    describe_changes(
                        e["changes"],
                        lang,
                        a=_document(e["compared_with"]),
                        b=_document(e["criteria_id"]),
                    )
                )
                if e["changes"]
                else ""
                for e in events
            ],
        }
    ).reverse()
    st.dataframe(
        trail,
        hide_index=True,
        width="stretch",
        column_config={
            "at": tr("agreement.col_at"),
            "version": tr("agreement.col_version"),
            "action": tr("agreement.col_action"),
            "who": tr("agreement.col_who"),
            "note": st.column_config.TextColumn(tr("agreement.col_note"), width="medium"),
            "changes": st.column_config.TextColumn(tr("agreement.col_changes"), width="medium"),
            "intact": st.column_config.TextColumn(tr("agreement.col_intact"), width="small"),
        },
        key="agreement.history_table",
    )
