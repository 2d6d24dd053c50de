"""Figures and display tables of the model lab and the experiments (pages draw them).

Every function takes results of :mod:`analytics.metrics.model` or
:mod:`analytics.metrics.experiments` and a language; numbers go through
:mod:`analytics.text.format`, words through the catalog, so no code or raw number
reaches the screen.

Example:
    >>> import polars as pl
    >>> gains = pl.DataFrame({"name": ["rules"], "share": [0.5], "captured": [0.8]})
    >>> [trace.name for trace in gains_figure(gains, lang="en").data]
    ['Random', "Agreed rules' score"]
"""

from __future__ import annotations

import math

import plotly.graph_objects as go
import polars as pl

from analytics.charts.theme import COLOURS as THEME
from analytics.charts.theme import apply_theme
from analytics.metrics.experiments import Backtest, ExperimentResult
from analytics.metrics.model import NONE_LEVEL, OTHER_LEVEL, PER_OCCURRENCE, ModelResult
from analytics.metrics.proposal import ProfileProposal
from analytics.text import format as fmt
from analytics.text.catalog import CATALOG, t

COLOURS: dict[str, str] = {
    "logistic_regression": "#1565c0",
    "gradient_boosting": "#6a1b9a",
    "rules": "#ef6c00",
    "champion": "#546e7a",
    "challenger": "#1565c0",
}
GREY = "#9e9e9e"


def _layout(fig: go.Figure, title: str, x: str, y: str) -> go.Figure:
    """Axis titles, then the one Kakehashi theme (fonts ≥ 14 px, legend above the plot)."""
    fig.update_layout(xaxis_title=x, yaxis_title=y)
    return apply_theme(fig, height=380, title=title or None)


def score_label(name: str, lang: str) -> str:
    """The reader's name of a score (a model or the rules).

    Example:
        >>> score_label("gradient_boosting", "ja")
        '勾配ブースティング'
    """
    return t(f"model.score_{name}", lang)


# --------------------------------------------------------------------------- figures
def gains_figure(gains: pl.DataFrame, *, lang: str = "en") -> go.Figure:
    """Cumulative gains per score against the random diagonal.

    Args:
        gains: ``name, share, captured`` (one line per name).
        lang: label language.
    """
    fig = go.Figure(
        go.Scatter(
            x=[0, 1], y=[0, 1], mode="lines", name=t("model.random", lang),
            line={"dash": "dot", "color": GREY},
        )
    )  # fmt: skip
    for name in gains["name"].unique(maintain_order=True).to_list():
        one = gains.filter(pl.col("name") == name)
        fig.add_trace(
            go.Scatter(
                x=[0.0, *one["share"].to_list()],
                y=[0.0, *one["captured"].to_list()],
                mode="lines+markers",
                name=score_label(name, lang),
                line={"color": COLOURS.get(name)},
            )
        )
    fig.update_xaxes(tickformat=".0%", range=[0, 1])
    fig.update_yaxes(tickformat=".0%", range=[0, 1.02])
    return _layout(fig, t("model.gains", lang), t("model.gains_x", lang), t("model.gains_y", lang))


def calibration_figure(calibration: pl.DataFrame, *, lang: str = "en") -> go.Figure:
    """Predicted vs observed rate per decile of prediction, with Wilson intervals.

    Args:
        calibration: ``name, predicted, observed, ci_low, ci_high``.
        lang: label language.

    Example:
        >>> c = pl.DataFrame({"name": ["logistic_regression"], "predicted": [0.1], "observed": [0.12],
        ...     "ci_low": [0.05], "ci_high": [0.2]})
        >>> len(calibration_figure(c).data)
        2
    """
    top = max(
        [0.05, *[v for v in calibration["ci_high"].to_list() if v is not None]],
        default=0.05,
    )
    top = max(top, float(calibration["predicted"].max() or 0.0))
    fig = go.Figure(
        go.Scatter(
            x=[0, top], y=[0, top], mode="lines", name=t("model.perfect", lang),
            line={"dash": "dot", "color": GREY},
        )
    )  # fmt: skip
    for name in calibration["name"].unique(maintain_order=True).to_list():
        one = calibration.filter(pl.col("name") == name)
        fig.add_trace(
            go.Scatter(
                x=one["predicted"].to_list(),
                y=one["observed"].to_list(),
                mode="markers+lines",
                name=score_label(name, lang),
                line={"color": COLOURS.get(name)},
                error_y={
                    "type": "data",
                    "symmetric": False,
                    "array": (one["ci_high"] - one["observed"]).to_list(),
                    "arrayminus": (one["observed"] - one["ci_low"]).to_list(),
                },
            )
        )
    fig.update_xaxes(tickformat=".0%")
    fig.update_yaxes(tickformat=".0%")
    return _layout(
        fig,
        t("model.calibration", lang),
        t("model.calibration_x", lang),
        t("model.calibration_y", lang),
    )


def arms_figure(arms: pl.DataFrame, *, lang: str = "en") -> go.Figure:
    """Conversion rate per experiment arm with its 95% interval.

    Example:
        >>> a = pl.DataFrame({"arm": ["champion", "challenger"], "rate": [0.03, 0.04],
        ...     "ci_low": [0.02, 0.02], "ci_high": [0.04, 0.07]})
        >>> arms_figure(a).data[0].x
        ('Champion<br>3.0%', 'Challenger<br>4.0%')
    """
    # the rate goes under the arm's name: a label inside the bar would sit under the error bar
    names = [
        f"{t(f'experiments.arm_{a}', lang)}<br>{fmt.pct(r)}"
        for a, r in zip(arms["arm"], arms["rate"], strict=True)
    ]
    fig = go.Figure(
        go.Bar(
            x=names,
            y=arms["rate"].to_list(),
            marker_color=[COLOURS.get(a) for a in arms["arm"]],
            error_y={
                "type": "data",
                "symmetric": False,
                "array": (arms["ci_high"] - arms["rate"]).to_list(),
                "arrayminus": (arms["rate"] - arms["ci_low"]).to_list(),
                "color": THEME.ink,
                "thickness": 2,
            },
        )
    )
    fig.update_yaxes(tickformat=".1%", rangemode="tozero")
    return _layout(fig, "", "", t("experiments.rate_axis", lang))


# --------------------------------------------------------------------------- tables
def gains_frame(result: ModelResult) -> pl.DataFrame:
    """``name, share, captured`` of every evaluated score (for :func:`gains_figure`)."""
    return pl.concat(
        [
            e.gains.select(pl.lit(e.name).alias("name"), "share", "captured")
            for e in result.evaluations
        ]
    )


def calibration_frame(result: ModelResult) -> pl.DataFrame:
    """``name, predicted, observed, ci_low, ci_high`` of the models (for :func:`calibration_figure`)."""
    return pl.concat(
        [
            e.calibration.select(
                pl.lit(e.name).alias("name"), "predicted", "observed", "ci_low", "ci_high"
            )
            for e in result.evaluations
            if e.calibration is not None
        ]
    )


def _ratio(check: dict, lang: str) -> str:
    ratio = check["ratio"]
    if ratio is None or (isinstance(ratio, float) and math.isnan(ratio)):
        return fmt.MISSING
    if math.isinf(ratio):
        return t("model.ratio_inf", lang)
    return f"{fmt.number(ratio, 1)}×"


def evaluation_table(result: ModelResult, lang: str) -> pl.DataFrame:
    """One row per score: AUC with interval, Brier, MadKudu's check, paired test against the rules.

    Example:
        >>> evaluation_table.__name__
        'evaluation_table'
    """
    rows = []
    for e in result.evaluations:
        check = e.check
        passes = check["passes_capture"] and check["passes_ratio"]
        paired = result.comparisons.get(e.name)
        rows.append(
            {
                t("model.col_score", lang): score_label(e.name, lang),
                t("model.col_auc", lang): f"{fmt.auc(e.auc.auc)} "
                f"({fmt.auc(e.auc.ci_low)}–{fmt.auc(e.auc.ci_high)})",
                t("model.col_brier", lang): fmt.number(e.brier, 3),
                t("model.col_captured", lang): fmt.pct(check["captured"]),
                t("model.col_ratio", lang): _ratio(check, lang),
                t("model.col_check", lang): t(
                    "model.check_pass" if passes else "model.check_fail", lang
                ),
                t("model.col_vs_rules", lang): fmt.MISSING
                if paired is None
                else f"{fmt.value(paired.difference, 'number2', signed=True)} "
                f"({fmt.p_value(paired.p_value)})",
            }
        )
    return pl.DataFrame(rows)


def level_label(value: str, lang: str, column: str = "") -> str:
    """An attribute level for reading: ``(none)``/``(other)``/per occurrence and coded values
    (``code.<column>.<value>`` in the catalog, e.g. title ranks) translated.

    Example:
        >>> level_label("(none)", "ja"), level_label("製造業", "ja"), level_label("director", "ja", "title_rank")
        ('（未入力）', '製造業', '部長')
    """
    special = {
        NONE_LEVEL: t("model.level_none", lang),
        OTHER_LEVEL: t("model.level_other", lang),
        PER_OCCURRENCE: t("model.per_occurrence", lang),
    }
    if value in special:
        return special[value]
    return fmt.label(column, value, lang) if column else value


def source_label(source: str, lang: str, rule_labels: dict[str, str] | None = None) -> str:
    """The reader's name of a model input: a lead column, or a behaviour rule (``eng:<rule>``).

    Columns with a catalog entry (``model.attr_<column>``) are translated; a rule shows
    its criteria label in Japanese and its name in words in English.

    Example:
        >>> source_label("title_rank", "ja"), source_label("eng:pricing_page", "en")
        ('役職ランク', 'Pricing page')
        >>> source_label("eng:pricing_page", "ja", {"pricing_page": "料金ページ閲覧"})
        '料金ページ閲覧'
    """
    if source.startswith("eng:"):
        name = source.removeprefix("eng:")
        if lang == "ja" and rule_labels and rule_labels.get(name):
            return rule_labels[name]
        return name.replace("_", " ").capitalize()
    key = f"model.attr_{source}"
    return t(key, lang) if key in CATALOG else fmt.label("column", source, lang)


def screen_table(result: ModelResult | ProfileProposal, lang: str) -> pl.DataFrame:
    """The leak guard's table: each candidate column, its single-column AUC, fill rates, verdict, used.

    ``result`` is a model run or the won-customer profile's proposal (both carry
    ``screened`` and ``columns``).
    """
    used = set(result.columns)
    s = result.screened
    return pl.DataFrame(
        {
            t("model.col_column", lang): [source_label(c, lang) for c in s["column"]],
            t("model.col_single_auc", lang): [fmt.auc(v) for v in s["auc"]],
            t("model.col_filled_touched", lang): [fmt.pct(v) for v in s["filled_touched"]],
            t("model.col_filled_untouched", lang): [fmt.pct(v) for v in s["filled_untouched"]],
            t("model.col_reason", lang): [
                t(f"model.reason_{r or 'ok'}", lang) for r in s["reason"]
            ],
            t("model.col_used", lang): [
                t("model.yes" if c in used else "model.no", lang) for c in s["column"]
            ],
        }
    )


def term_label(
    source: str, level: str, lang: str, rule_labels: dict[str, str] | None = None
) -> str:
    """A logistic term as the tables name it: its column or rule, then its level.

    Example:
        >>> term_label("industry", "製造業", "en")
        'Industry: 製造業'
    """
    return f"{source_label(source, lang, rule_labels)}: {level_label(level, lang, source)}"


def fit_note(result: ModelResult, events: int, lang: str) -> str:
    """How the logistic model was fit, in a sentence (plain, or why L1-regularised)."""
    fit = result.logistic
    terms = fmt.count(fit.coefficients.height)
    if not fit.regularised:
        return t("model.plain", lang, events=fmt.count(events), terms=terms)
    values = {"alpha": fmt.number(fit.alpha, 2), "events": fmt.count(events), "terms": terms}
    if fit.reason == "separated" and fit.separated is not None and fit.separated.height:
        first = fit.separated.row(0, named=True)
        more = fit.separated.height - 1
        values |= {
            "term": term_label(first["source"], first["level"], lang, result.rule_labels),
            "leads": fmt.count(first["leads"]),
            "conversions": fmt.count(first["conversions"]),
            "more": t("model.separated_more", lang, count=fmt.count(more)) if more else "",
        }
    elif fit.reason == "separated":  # a result kept without its terms: say it plainly
        return t("model.regularised_not_converged", lang, **values)
    return t(f"model.regularised_{fit.reason}", lang, **values)


def coefficient_table(result: ModelResult, lang: str) -> pl.DataFrame:
    """Odds ratios with 95% intervals and p-values of the logistic model (non-zero terms)."""
    c = result.logistic.coefficients.filter(pl.col("coef") != 0).sort("coef", descending=True)
    return pl.DataFrame(
        {
            t("model.col_term", lang): [
                term_label(s, v, lang, result.rule_labels)
                for s, v in c.select("source", "level").iter_rows()
            ],
            t("model.col_odds_ratio", lang): [fmt.number(v, 2) for v in c["odds_ratio"]],
            t("model.col_or_ci", lang): [
                f"{fmt.number(lo, 2)}–{fmt.number(hi, 2)}"
                if lo is not None and hi is not None
                else fmt.MISSING
                for lo, hi in c.select("ci_low", "ci_high").iter_rows()
            ],
            t("model.col_p", lang): [fmt.p_value(v) for v in c["p_value"]],
        },
        schema=dict.fromkeys(
            [
                t(k, lang)
                for k in (
                    "model.col_term",
                    "model.col_odds_ratio",
                    "model.col_or_ci",
                    "model.col_p",
                )
            ],
            pl.String,
        ),
    )


def scorecard_table(result: ModelResult, lang: str) -> pl.DataFrame:
    """The scorecard's points per value and behaviour (zero-point rows left out)."""
    card = result.scorecard.filter(pl.col("points") != 0)
    return pl.DataFrame(
        {
            t("model.col_rule", lang): [
                source_label(s, lang, result.rule_labels) for s in card["source"]
            ],
            t("model.col_value", lang): [
                level_label(v, lang, s) for v, s in card.select("value", "source").iter_rows()
            ],
            t("model.col_points", lang): [fmt.points(v) for v in card["points"]],
        },
        schema=dict.fromkeys(
            [t(k, lang) for k in ("model.col_rule", "model.col_value", "model.col_points")],
            pl.String,
        ),
    )


def arms_table(result: ExperimentResult, lang: str) -> pl.DataFrame:
    """Per arm: leads, conversions, rate with interval, planned and still needed."""
    a = result.arms
    return pl.DataFrame(
        {
            t("experiments.col_arm", lang): [t(f"experiments.arm_{v}", lang) for v in a["arm"]],
            t("experiments.col_leads", lang): [fmt.count(v) for v in a["leads"]],
            t("experiments.col_conversions", lang): [fmt.count(v) for v in a["conversions"]],
            t("experiments.col_rate", lang): [
                fmt.rate_with_ci(r, lo, hi, n, lang)
                for r, lo, hi, n in a.select("rate", "ci_low", "ci_high", "leads").iter_rows()
            ],
            t("experiments.col_planned", lang): [fmt.count(v) for v in a["planned"]],
            t("experiments.col_needed", lang): [fmt.count(v) for v in a["needed"]],
        }
    )


def backtest_table(bt: Backtest, lang: str) -> pl.DataFrame:
    """Both sides of a back-test: threshold, MQLs, precision with interval, recall, at equal volume."""
    s = bt.sides
    return pl.DataFrame(
        {
            t("experiments.col_criteria", lang): [
                t(
                    "experiments.version_short",
                    lang,
                    name=fmt.label("criteria_name", n, lang),
                    version=v,
                )
                for n, v in s.select("criteria_name", "version").iter_rows()
            ],
            t("experiments.col_threshold", lang): [fmt.number(v) for v in s["threshold"]],
            t("experiments.col_mqls", lang): [fmt.count(v) for v in s["mqls"]],
            t("experiments.col_precision", lang): [
                fmt.rate_with_ci(r, lo, hi, n, lang)
                for r, lo, hi, n in s.select("precision", "ci_low", "ci_high", "mqls").iter_rows()
            ],
            t("experiments.col_recall", lang): [fmt.pct(v) for v in s["recall"]],
            t("experiments.col_equal_volume", lang): [
                fmt.pct(v) for v in s["precision_at_equal_volume"]
            ],
        }
    )
