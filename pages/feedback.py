"""Sales feedback: what sales said about the MQLs, joined back to the score; and entering it.

Thin view: months → analytics.metrics.feedback (cached report) → cards, tables, charts;
the entry form stores through analytics.store.entry (the import pipeline).
"""

from __future__ import annotations

import polars as pl
import streamlit as st

import ui
from analytics.charts import sla as charts
from analytics.errors import KakehashiError
from analytics.metrics.definitions import last_complete_month, shift_month
from analytics.metrics.feedback import VERDICTS, reason_list
from analytics.store.entry import record_feedback
from analytics.store.summary import month_starts
from analytics.text import format as fmt

ui.require_app()

tr = ui.tr
lang = ui.lang()
SAVED_KEY = "feedback.saved_message"

st.title(tr("feedback.title"))
ws = ui.get_workspace()
criteria, replayed = ui.page_replay("feedback.empty")
st.caption(tr("feedback.intro", threshold=fmt.score(criteria.threshold)))
saved = st.session_state.pop(SAVED_KEY, None)
if saved:
    st.success(saved, icon=":material/check_circle:")

# --- months: the last of the sidebar period (the last complete one by default) and a window ----
first_day, last_day = ui.period()
months = month_starts(first_day, last_day)
complete = last_complete_month(replayed.as_of)
default = complete if complete in months else months[-1]
left, right = st.columns(2)
month = left.selectbox(
    tr("feedback.month"),
    options=months[::-1],
    index=months[::-1].index(default),
    format_func=lambda m: fmt.month(m, lang),
    key=f"feedback.month.{lang}",
)
span = right.radio(
    tr("feedback.window"),
    options=[1, 3, 12],
    format_func=ui.labeller("feedback.window_"),
    horizontal=True,
    key=f"feedback.window.{lang}",
)
first = shift_month(month, 1 - int(span))
report = ui.load_feedback_report(ws.path, ws.data_version, criteria.sha256, criteria, first, month)
mqls = report.mqls
judged = int(mqls["verdict"].is_not_null().sum())
rejected = int((mqls["verdict"] == "rejected").sum())
st.caption(
    tr("feedback.scope", first=fmt.month(first, lang), last=fmt.month(month, lang))
    if span > 1
    else tr("feedback.scope_one", month=fmt.month(month, lang))
)

a, b, c, d = st.columns(4)
a.metric(tr("feedback.card_mqls"), fmt.count(mqls.height))
a.caption(
    tr(
        "feedback.card_judged",
        n=fmt.count(judged),
        share=fmt.pct(judged / mqls.height if mqls.height else None),
    )
)
b.metric(tr("feedback.card_reject"), fmt.pct(rejected / judged if judged else None))
b.caption(tr("feedback.card_reject_detail", n=fmt.count(rejected)))
c.metric(tr("feedback.card_high_rejected"), fmt.count(report.rejected_high_score.height))
d.metric(tr("feedback.card_won_below"), fmt.count(report.won_below_threshold.height))

verdict_names = {v: fmt.label("verdict", v, lang) for v in VERDICTS}


def verdict_label(frame: pl.DataFrame) -> pl.DataFrame:
    """The verdict column in words (no feedback: a dash)."""
    return frame.with_columns(
        pl.col("verdict").replace_strict(verdict_names, default=fmt.MISSING, return_dtype=pl.String)
    )


def rules_text(frame: pl.DataFrame) -> pl.DataFrame:
    """The ``rules`` list as "label +30, label −5" with the criteria's rule labels."""
    names = {r.name: r.label or r.name for r in (*criteria.fit_rules, *criteria.engagement_rules)}
    exploded = frame.select("lead_id", "rules").explode("rules").unnest("rules")
    labels = exploded.filter(pl.col("rule").is_not_null()).with_columns(
        pl.col("rule").replace_strict(names, default=pl.col("rule"), return_dtype=pl.String)
    )
    separator, gap = ("、", "") if lang == "ja" else (", ", " ")
    shown = (
        fmt.format_columns(labels, {"points": "points"}, lang)
        .group_by("lead_id", maintain_order=True)
        .agg(rules_text=pl.concat_str("rule", pl.lit(gap), "points").head(3).str.join(separator))
    )
    return frame.drop("rules").join(shown, on="lead_id", how="left")


band_tab, dims_tab, disagree_tab, later_tab, entry_tab = st.tabs(
    [
        tr("feedback.tab_bands"),
        tr("feedback.tab_dims"),
        tr("feedback.tab_disagree"),
        tr("feedback.tab_later"),
        tr("feedback.tab_entry"),
    ]
)


RATE_COLUMNS = {
    "mqls": ("feedback.col_mqls", "count", 65),
    "judged": ("feedback.col_judged", "count", 75),
    "accept_text": ("feedback.col_accept_rate", None, 150),
    "recycle_text": ("feedback.col_recycle_rate", None, 150),
    "reject_text": ("feedback.col_reject_rate", None, 150),
}
RATES = {
    "accept_text": ("accept_rate", "accept_ci_low", "accept_ci_high"),
    "recycle_text": ("recycle_rate", "recycle_ci_low", "recycle_ci_high"),
    "reject_text": ("reject_rate", "ci_low", "ci_high"),
}

# --- by score band --------------------------------------------------------------------------
with band_tab:
    ui.chart(
        charts.verdict_bands_figure(report.by_band, lang=lang),
        key="feedback.band_chart",
    )
    edges = report.edges
    band_names = [fmt.band(lo, hi) for lo, hi in zip(edges, [*edges[1:], None], strict=True)]
    bands = report.by_band.with_columns(
        pl.col("band_index")
        .replace_strict(list(range(len(band_names))), band_names, return_dtype=pl.String)
        .alias("band")
    )
    ui.formatted_table(
        bands,
        {"band": ("feedback.col_band", None, 90), **RATE_COLUMNS},
        key="feedback.band_table",
        rates=RATES,
    )
    st.caption(tr("feedback.rates_note"))
    st.subheader(tr("feedback.reasons"))
    reasons = report.reasons_by_band.with_columns(
        pl.col("band_index")
        .replace_strict(list(range(len(band_names))), band_names, return_dtype=pl.String)
        .alias("band")
    )
    if reasons.height:
        grid = reasons.pivot(on="band", index="reason", values="count").fill_null(0)
        order = [b for b in bands["band"].to_list() if b in grid.columns]
        grid = (
            grid.select("reason", *order)
            .join(report.reasons.select("reason", "count", "median_score"), on="reason")
            .sort("count", descending=True)
        )
        ui.formatted_table(
            grid,
            {
                "reason": ("feedback.col_reason", None, 220),
                **{b: ("feedback.col_band_count", "count", 80) for b in order},
                "count": ("feedback.col_total", "count", 70),
                "median_score": ("feedback.col_median_score", "score", 110),
            },
            key="feedback.reason_table",
            labels={b: b for b in order},
        )
    else:
        st.caption(tr("feedback.no_reasons"))

# --- by rule, source, owner -----------------------------------------------------------------
with dims_tab:
    dimension = st.radio(
        tr("feedback.dimension"),
        options=["rule", "source", "owner"],
        format_func=ui.labeller("feedback.dimension_"),
        horizontal=True,
        key=f"feedback.dimension.{lang}",
    )
    if dimension == "rule":
        names = {
            r.name: r.label or r.name for r in (*criteria.fit_rules, *criteria.engagement_rules)
        }
        table = report.by_rule.with_columns(
            pl.col("rule").replace_strict(names, default=pl.col("rule"), return_dtype=pl.String),
            pl.col("layer").replace_strict(
                {k: fmt.label("layer", k, lang) for k in ("fit", "engagement")},
                default=pl.col("layer"),
            ),
        )
        first_columns = {
            "rule": ("feedback.col_rule", None, 150),
            "layer": ("feedback.col_layer", None, 60),
        }
        st.caption(tr("feedback.rules_note"))
    else:
        table = report.by_source if dimension == "source" else report.by_owner
        table = table.with_columns(pl.col(dimension).fill_null(fmt.MISSING))
        if dimension == "source":
            table = fmt.label_column(table, "source", "source", ui.lang())
        first_columns = {dimension: (f"feedback.col_{dimension}", None, 150)}
    ui.formatted_table(
        table, {**first_columns, **RATE_COLUMNS}, key=f"feedback.{dimension}_table", rates=RATES
    )
    st.subheader(tr("feedback.owner_outliers"))
    outliers = report.owner_outliers
    flagged = outliers.filter(pl.col("flagged"))
    if flagged.height:
        st.warning(
            tr(
                "feedback.outliers_found",
                owners=", ".join(ui.md(o) for o in flagged["owner"].to_list()),
            ),
            icon=":material/flag:",
        )
    else:
        st.caption(tr("feedback.outliers_none"))
    diff = fmt.format_columns(
        outliers, {c: "pct_points" for c in ("difference", "diff_ci_low", "diff_ci_high")}, lang
    )
    shown = outliers.with_columns(
        pl.col("owner").fill_null(fmt.label("owner", "unassigned", lang)),
        pl.format(
            "{} ({} – {})", diff["difference"], diff["diff_ci_low"], diff["diff_ci_high"]
        ).alias("difference_text"),
        pl.when(pl.col("flagged"))
        .then(pl.lit(tr("feedback.flag_yes")))
        .otherwise(pl.lit(""))
        .alias("flagged"),
    )
    ui.formatted_table(
        shown,
        {
            "owner": ("feedback.col_owner", None, 110),
            "judged": ("feedback.col_judged", "count", 65),
            "reject_rate": ("feedback.col_reject_rate", "pct", 70),
            "rest_rate": ("feedback.col_rest_rate", "pct", 90),
            "difference_text": ("feedback.col_difference", None, 320),
            "p_value": ("feedback.col_p_value", "p_value", 85),
            "flagged": ("feedback.col_flagged", None, 70),
        },
        key="feedback.outlier_table",
    )

# --- disagreement lists ---------------------------------------------------------------------
LIST_COLUMNS = {  # the score to one decimal: 99.7 is below a threshold of 100
    "lead_id": ("feedback.col_lead", None, 85),
    "company": ("feedback.col_company", None, 140),
    "score": ("feedback.col_score", "number", 55),
    "verdict": ("feedback.col_verdict", None, 60),
    "reason": ("feedback.col_reason", None, 110),
    "rules_text": ("feedback.col_rules", None, 370),
}
with disagree_tab:
    st.subheader(tr("feedback.rejected_high"))
    st.caption(tr("feedback.rejected_high_note", score=fmt.score(report.edges[-2])))
    ui.formatted_table(
        rules_text(verdict_label(report.rejected_high_score)),
        LIST_COLUMNS,
        key="feedback.high_table",
    )
    st.subheader(tr("feedback.won_below"))
    st.caption(tr("feedback.won_below_note", threshold=fmt.score(criteria.threshold)))
    ui.formatted_table(
        rules_text(verdict_label(report.won_below_threshold)),
        LIST_COLUMNS,
        key="feedback.below_table",
    )

# --- lost deals and recycled leads ----------------------------------------------------------
with later_tab:
    st.subheader(tr("feedback.lost"))
    ui.formatted_table(
        report.lost_reasons.with_columns(pl.col("lost_reason").fill_null(fmt.MISSING)),
        {
            "lost_reason": ("feedback.col_lost_reason", None, 200),
            "deals": ("feedback.col_deals", "count", 90),
            "median_score": ("feedback.col_median_score", "score", 110),
            "mean_score": ("feedback.col_mean_score", "score", 100),
            "high_score": ("feedback.col_high_score", "count", 120),
        },
        key="feedback.lost_table",
    )
    st.subheader(tr("feedback.recycled"))
    st.caption(tr("feedback.recycled_note"))
    ui.formatted_table(
        report.recycled.with_columns(
            pl.col("outcome").replace_strict(
                {o: fmt.label("recycled_outcome", o, lang) for o in report.recycled["outcome"]}
            )
        ),
        {
            "outcome": ("feedback.col_outcome", None, 200),
            "leads": ("feedback.col_leads", "count", 80),
            "share_text": ("feedback.col_share", None, 170),
            "median_days": ("feedback.col_median_days", "days", 110),
        },
        key="feedback.recycled_table",
        rates={"share_text": ("share", "rate_ci_low", "rate_ci_high")},
    )

# --- entry ----------------------------------------------------------------------------------
with entry_tab:
    st.caption(tr("feedback.entry_intro"))
    stored = ui.load_conversion_table(ws.path, ws.data_version, "feedback")
    list_key = f"feedback.reason_list.{lang}"
    with st.expander(tr("feedback.edit_reasons")):
        st.text_area(
            tr("feedback.reasons_text"),
            value="\n".join(reason_list(stored, lang)),
            key=list_key,
            height=200,
        )
    reasons = [r.strip() for r in str(st.session_state.get(list_key, "")).splitlines() if r.strip()]
    reasons = reasons or reason_list(stored, lang)
    candidates = mqls.sort(
        [pl.col("verdict").is_not_null(), "score"], descending=[False, True]
    ).select("lead_id", "company", "score", "verdict")
    captions = {
        row["lead_id"]: " · ".join(
            [
                row["lead_id"],
                str(row["company"] or fmt.MISSING),
                fmt.score(row["score"]),
                verdict_names.get(row["verdict"], tr("feedback.no_feedback_yet")),
            ]
        )
        for row in candidates.iter_rows(named=True)
    }
    chosen = st.multiselect(
        tr("feedback.leads"),
        options=list(captions),
        format_func=captions.__getitem__,
        key="feedback.leads",
        placeholder=tr("feedback.leads_placeholder"),
    )
    left, middle, right = st.columns(3)
    verdict = left.radio(
        tr("feedback.verdict"),
        options=list(VERDICTS),
        format_func=verdict_names.__getitem__,
        key=f"feedback.verdict.{lang}",
    )
    reason = middle.selectbox(tr("feedback.reason"), options=reasons, key=f"feedback.reason.{lang}")
    name = right.text_input(tr("feedback.name"), key="feedback.name")
    if st.button(
        tr("feedback.record", n=len(chosen)),
        type="primary",
        disabled=not chosen,
        key="feedback.record",
    ):
        try:
            result = record_feedback(ws, chosen, verdict=verdict, reason=reason, given_by=name)
        except KakehashiError as exc:
            ui.show_error(exc)
        else:
            if result.rejected:
                st.error(
                    tr(
                        "feedback.rejected_rows",
                        n=result.rejected,
                        reason=ui.md(result.rejects[0].reason),
                    ),
                    icon=":material/error:",
                )
            else:
                ui.clear_caches()
                st.session_state[SAVED_KEY] = tr(
                    "feedback.saved",
                    n=result.inserted + result.updated,
                    verdict=verdict_names[verdict],
                )
                st.session_state.pop("feedback.leads", None)
                st.rerun()
    st.subheader(tr("feedback.recent"))
    recent = (
        stored.join(mqls.select("lead_id", "company"), on="lead_id")
        .sort("given_at", descending=True)
        .head(20)
    )
    ui.formatted_table(
        verdict_label(recent),
        {
            "given_at": ("feedback.col_given_at", "moment", 140),
            "lead_id": ("feedback.col_lead", None, 90),
            "company": ("feedback.col_company", None, 200),
            "verdict": ("feedback.col_verdict", None, 80),
            "reason": ("feedback.col_reason", None, 170),
            "given_by": ("feedback.col_given_by", None, 110),
        },
        key="feedback.recent_table",
    )
