"""Plotly figures for the conversion pages (funnel, cohorts, bands, profile, stages).

Figure builders take the frames of :mod:`analytics.metrics.funnel`, :mod:`analytics.metrics.bands`,
:mod:`analytics.metrics.profile` and :mod:`analytics.metrics.buying_stages` and the language of
their labels (``lang``, translated here with :func:`analytics.text.catalog.t`); they never
compute statistics themselves. Every figure is finished by
:func:`analytics.charts.theme.apply_theme` and coloured by meaning (:data:`~analytics.charts.theme.COLOURS`).

Example:
    >>> import polars as pl
    >>> fig = funnel_figure(pl.DataFrame({"stage": ["lead", "mql"], "reached": [10, 4]}), lang="en")
    >>> fig.data[0].type
    'funnel'
"""

from __future__ import annotations

import plotly.graph_objects as go
import polars as pl

from analytics.charts.theme import COLOURS, SHADES, apply_theme
from analytics.text import format as fmt
from analytics.text.catalog import t

# What each band action says about the band (see analytics.metrics.bands): keep is better than
# average, review means the score fails there, change_approach is reliably worse, nurture neither.
ACTION_COLOURS: dict[str, str] = {
    "keep_strengthen": COLOURS.good,
    "review_criteria": COLOURS.bad,
    "nurture": COLOURS.neutral,
    "change_approach": COLOURS.muted,
}
# Buying stages are ordered by intent (strongest first), not good or bad: shades of one colour.
STAGE_COLOURS: dict[str, str] = {
    "comparison": SHADES[0],
    "information_gathering": SHADES[1],
    "awareness": SHADES[2],
    "none": COLOURS.muted,
}


def funnel_figure(funnel: pl.DataFrame, *, lang: str) -> go.Figure:
    """A funnel of leads reaching each stage (:func:`analytics.metrics.funnel.count_funnel`, no split).

    Args:
        funnel: ``stage, reached`` rows in funnel order.
        lang: label language.

    Returns:
        A plotly funnel figure.

    Example:
        >>> funnel_figure(pl.DataFrame({"stage": ["won"], "reached": [3]}), lang="ja").data[0].y
        ('受注',)
    """
    reached = funnel["reached"]
    rates = (reached / reached.shift(1)).to_list()  # of the stage before (none for the first)
    text = [  # through the formatting layer: "10,349", not plotly's "10.349k"
        fmt.count(n) if rate is None else f"{fmt.count(n)}<br>{fmt.pct(rate)}"
        for n, rate in zip(reached.to_list(), rates, strict=True)  # one per stage
    ]
    fig = go.Figure(
        go.Funnel(
            y=[t(f"conversion.stage_{s}", lang) for s in funnel["stage"]],
            x=reached.to_list(),
            text=text,
            textinfo="text",
            hovertemplate="%{y}<br>%{text}<extra></extra>",
            marker={"color": COLOURS.series},
        )
    )
    return apply_theme(fig)


def cohort_figure(cohorts: pl.DataFrame, *, lang: str) -> go.Figure:
    """MQL→won rate by MQL-month cohort with Wilson intervals; immature cohorts hollow.

    Args:
        cohorts: output of :func:`analytics.metrics.funnel.count_cohorts`.
        lang: label language.

    Returns:
        A plotly line figure with error bars.

    Example:
        >>> from datetime import date
        >>> df = pl.DataFrame({"cohort": [date(2025, 1, 1)], "won_rate": [0.1],
        ...     "won_ci_low": [0.05], "won_ci_high": [0.2], "immature": [True]})
        >>> cohort_figure(df, lang="en").data[0].marker.symbol
        ('circle-open',)
    """
    rate = cohorts["won_rate"]
    rate_label = t("conversion.col_won_rate", lang)
    fig = go.Figure(
        go.Scatter(
            x=cohorts["cohort"].to_list(),
            y=rate.to_list(),
            mode="lines+markers",
            marker={
                "symbol": ["circle-open" if i else "circle" for i in cohorts["immature"]],
                "size": 10,
                "color": COLOURS.series,
            },
            line={"color": COLOURS.series},
            error_y={
                "type": "data",
                "symmetric": False,
                "array": (cohorts["won_ci_high"] - rate).to_list(),
                "arrayminus": (rate - cohorts["won_ci_low"]).to_list(),
            },
            name=rate_label,
        )
    )
    fig.update_yaxes(tickformat=".0%", title=rate_label)
    fig.update_xaxes(title=t("conversion.col_cohort", lang))
    return apply_theme(fig)


def bands_figure(bands: pl.DataFrame, *, lang: str) -> go.Figure:
    """Conversion rate per score band (low to high) with Wilson intervals, coloured by action.

    Args:
        bands: output of :func:`analytics.metrics.bands.summarise_bands`.
        lang: label language.

    Returns:
        A plotly bar figure, lowest band left.

    Example:
        >>> df = pl.DataFrame({"band": ["<50", "50+"], "band_index": [0, 1], "rate": [0.1, 0.3],
        ...     "ci_low": [0.05, 0.2], "ci_high": [0.2, 0.4], "action": ["nurture", None],
        ...     "leads": [40, 60]})
        >>> list(bands_figure(df, lang="en").data[0].x)
        ['<50<br>n=40', '50+<br>n=60']
    """
    ordered = bands.sort("band_index")
    rate = ordered["rate"].fill_null(0.0)
    names = [  # one label per band (a handful): rounded edges, n with separators
        f"{b}<br>n={fmt.count(n)}" for b, n in zip(ordered["band"], ordered["leads"], strict=True)
    ]
    fig = go.Figure(
        go.Bar(
            x=names,
            y=rate.to_list(),
            marker_color=[ACTION_COLOURS.get(a or "", COLOURS.muted) for a in ordered["action"]],
            error_y={
                "type": "data",
                "symmetric": False,
                "array": (ordered["ci_high"].fill_null(0.0) - rate).to_list(),
                "arrayminus": (rate - ordered["ci_low"].fill_null(0.0)).to_list(),
                "color": COLOURS.ink,
                "thickness": 2,
            },
            hovertemplate="%{x}: %{y:.1%}<extra></extra>",
        )
    )
    fig.update_yaxes(tickformat=".0%", title=t("conversion.col_rate", lang))
    fig.update_xaxes(title=t("conversion.col_band", lang))
    return apply_theme(fig)


def lift_figure(
    profile: pl.DataFrame,
    *,
    key: str = "value",
    top: int = 20,
    lang: str,
) -> go.Figure:
    """Horizontal bars of lift (1 = average) for the values with enough leads.

    Args:
        profile: output of :mod:`analytics.metrics.profile` (``lift``, ``enough``, ``leads``).
        key: the label column (``value`` or ``behaviour``).
        top: how many values to show.
        lang: label language.

    Returns:
        A horizontal plotly bar figure.

    Example:
        >>> df = pl.DataFrame({"value": ["IT"], "lift": [1.5], "enough": [True], "leads": [40]})
        >>> lift_figure(df, lang="en").data[0].orientation
        'h'
    """
    shown = (
        profile.filter(pl.col("enough") & pl.col("lift").is_not_null())
        .sort("lift", descending=True)
        .head(top)
        .reverse()
    )
    fig = go.Figure(
        go.Bar(
            x=shown["lift"].to_list(),
            y=[str(v) for v in shown[key]],
            orientation="h",
            marker_color=[COLOURS.good if v >= 1 else COLOURS.bad for v in shown["lift"]],
            text=[f"n={n:,}" for n in shown["leads"]],
        )
    )
    fig.add_vline(x=1.0, line_dash="dot", line_color=COLOURS.neutral)
    fig.update_xaxes(title=t("conversion.col_lift", lang))
    return apply_theme(fig, height=max(260, 30 * shown.height + 100))


def stages_figure(counts: pl.DataFrame, *, lang: str) -> go.Figure:
    """Leads per buying stage (:func:`analytics.metrics.buying_stages.count_stages`).

    Args:
        counts: ``stage, leads``.
        lang: label language.

    Returns:
        A plotly bar figure.

    Example:
        >>> f = stages_figure(pl.DataFrame({"stage": ["comparison"], "leads": [3]}), lang="ja")
        >>> f.data[0].x, f.data[0].y
        (('比較検討',), (3,))
    """
    fig = go.Figure(
        go.Bar(
            x=[t(f"stages.stage_{s}", lang) for s in counts["stage"]],
            y=counts["leads"].to_list(),
            marker_color=[STAGE_COLOURS.get(s, COLOURS.muted) for s in counts["stage"]],
        )
    )
    fig.update_yaxes(title=t("scoring.leads", lang))
    return apply_theme(fig, height=320)
