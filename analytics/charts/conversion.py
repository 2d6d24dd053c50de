"""Plotly figures for the conversion pages (funnel, cohorts, bands, profile, stages, KPI trend).

Figure builders take the frames of :mod:`analytics.metrics.funnel`, :mod:`analytics.metrics.bands`,
:mod:`analytics.metrics.profile`, :mod:`analytics.metrics.buying_stages` and :mod:`analytics.metrics.kpis` and a
``labels`` mapping for translated axis titles (pages pass ``ui.tr`` results);
they never compute statistics themselves.

Example:
    >>> import polars as pl
    >>> fig = funnel_figure(pl.DataFrame({"stage": ["lead", "mql"], "reached": [10, 4]}))
    >>> fig.data[0].type
    'funnel'
"""

from __future__ import annotations

from collections.abc import Mapping

import plotly.graph_objects as go
import polars as pl

ACTION_COLOURS: dict[str, str] = {
    "keep_strengthen": "#2e7d32",
    "review_criteria": "#c62828",
    "nurture": "#f9a825",
    "change_approach": "#757575",
}
STAGE_COLOURS: dict[str, str] = {
    "comparison": "#c62828",
    "information_gathering": "#f9a825",
    "awareness": "#1565c0",
    "none": "#bdbdbd",
}


def _label(labels: Mapping[str, str] | None, key: str) -> str:
    return (labels or {}).get(key, key)


def _layout(fig: go.Figure, height: int = 360) -> go.Figure:
    fig.update_layout(height=height, margin={"l": 10, "r": 10, "t": 30, "b": 10})
    return fig


def funnel_figure(funnel: pl.DataFrame, *, labels: Mapping[str, str] | None = None) -> go.Figure:
    """A funnel of leads reaching each stage (:func:`analytics.metrics.funnel.count_funnel`, no split).

    Args:
        funnel: ``stage, reached`` rows in funnel order.
        labels: stage name -> display label.

    Returns:
        A plotly funnel figure.

    Example:
        >>> funnel_figure(pl.DataFrame({"stage": ["lead"], "reached": [3]}), labels={"lead": "L"}).data[0].y
        ('L',)
    """
    fig = go.Figure(
        go.Funnel(
            y=[_label(labels, s) for s in funnel["stage"]],
            x=funnel["reached"].to_list(),
            textinfo="value+percent previous",
        )
    )
    return _layout(fig)


def cohort_figure(cohorts: pl.DataFrame, *, labels: Mapping[str, str] | None = None) -> go.Figure:
    """MQL→won rate by MQL-month cohort with Wilson intervals; immature cohorts hollow.

    Args:
        cohorts: output of :func:`analytics.metrics.funnel.count_cohorts`.
        labels: axis titles (``won_rate``, ``cohort``).

    Returns:
        A plotly line figure with error bars.

    Example:
        >>> from datetime import date
        >>> df = pl.DataFrame({"cohort": [date(2025, 1, 1)], "won_rate": [0.1],
        ...     "won_ci_low": [0.05], "won_ci_high": [0.2], "immature": [True]})
        >>> cohort_figure(df).data[0].marker.symbol
        ('circle-open',)
    """
    rate = cohorts["won_rate"]
    fig = go.Figure(
        go.Scatter(
            x=cohorts["cohort"].to_list(),
            y=rate.to_list(),
            mode="lines+markers",
            marker={
                "symbol": ["circle-open" if i else "circle" for i in cohorts["immature"]],
                "size": 9,
            },
            error_y={
                "type": "data",
                "symmetric": False,
                "array": (cohorts["won_ci_high"] - rate).to_list(),
                "arrayminus": (rate - cohorts["won_ci_low"]).to_list(),
            },
            name=_label(labels, "won_rate"),
        )
    )
    fig.update_yaxes(tickformat=".0%", title=_label(labels, "won_rate"))
    fig.update_xaxes(title=_label(labels, "cohort"))
    return _layout(fig)


def bands_figure(bands: pl.DataFrame, *, labels: Mapping[str, str] | None = None) -> go.Figure:
    """Conversion rate per score band (low to high) with Wilson intervals, coloured by action.

    Args:
        bands: output of :func:`analytics.metrics.bands.summarise_bands`.
        labels: axis titles (``rate``, ``band``).

    Returns:
        A plotly bar figure, lowest band left.

    Example:
        >>> df = pl.DataFrame({"band": ["<50", "50+"], "band_index": [0, 1], "rate": [0.1, 0.3],
        ...     "ci_low": [0.05, 0.2], "ci_high": [0.2, 0.4], "action": ["nurture", None],
        ...     "leads": [40, 60]})
        >>> list(bands_figure(df).data[0].x)
        ['<50<br>n=40', '50+<br>n=60']
    """
    ordered = bands.sort("band_index")
    rate = ordered["rate"].fill_null(0.0)
    fig = go.Figure(
        go.Bar(
            x=[f"{b}<br>n={n:,}" for b, n in zip(ordered["band"], ordered["leads"], strict=True)],
            y=rate.to_list(),
            marker_color=[ACTION_COLOURS.get(a or "", "#9e9e9e") for a in ordered["action"]],
            error_y={
                "type": "data",
                "symmetric": False,
                "array": (ordered["ci_high"].fill_null(0.0) - rate).to_list(),
                "arrayminus": (rate - ordered["ci_low"].fill_null(0.0)).to_list(),
            },
            hovertemplate="%{x}: %{y:.1%}<extra></extra>",
        )
    )
    fig.update_yaxes(tickformat=".0%", title=_label(labels, "rate"))
    fig.update_xaxes(title=_label(labels, "band"))
    return _layout(fig)


def lift_figure(
    profile: pl.DataFrame,
    *,
    key: str = "value",
    top: int = 20,
    labels: Mapping[str, str] | None = None,
) -> go.Figure:
    """Horizontal bars of lift (1 = average) for the values with enough leads.

    Args:
        profile: output of :mod:`analytics.metrics.profile` (``lift``, ``enough``, ``leads``).
        key: the label column (``value`` or ``behaviour``).
        top: how many values to show.
        labels: axis title of ``lift``.

    Returns:
        A horizontal plotly bar figure.

    Example:
        >>> df = pl.DataFrame({"value": ["IT"], "lift": [1.5], "enough": [True], "leads": [40]})
        >>> lift_figure(df).data[0].orientation
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
            marker_color=["#2e7d32" if v >= 1 else "#c62828" for v in shown["lift"]],
            text=[f"n={n:,}" for n in shown["leads"]],
        )
    )
    fig.add_vline(x=1.0, line_dash="dot")
    fig.update_xaxes(title=_label(labels, "lift"))
    return _layout(fig, height=max(240, 28 * shown.height + 80))


def stages_figure(counts: pl.DataFrame, *, labels: Mapping[str, str] | None = None) -> go.Figure:
    """Leads per buying stage (:func:`analytics.metrics.buying_stages.count_stages`).

    Args:
        counts: ``stage, leads``.
        labels: stage name -> display label.

    Returns:
        A plotly bar figure.

    Example:
        >>> stages_figure(pl.DataFrame({"stage": ["comparison"], "leads": [3]})).data[0].y
        (3,)
    """
    fig = go.Figure(
        go.Bar(
            x=[_label(labels, s) for s in counts["stage"]],
            y=counts["leads"].to_list(),
            marker_color=[STAGE_COLOURS.get(s, "#9e9e9e") for s in counts["stage"]],
        )
    )
    return _layout(fig, height=300)


def kpi_trend_figure(
    months: list, values: list, *, title: str = "", percent: bool = False
) -> go.Figure:
    """A small 12-month line of one KPI (``summarise_month``'s ``trend``).

    Args:
        months: x values (month labels).
        values: the KPI per month (None for gaps).
        title: figure title.
        percent: format the axis as percent.

    Returns:
        A small plotly line figure.

    Example:
        >>> kpi_trend_figure(["2025-01", "2025-02"], [1, None]).data[0].mode
        'lines+markers'
    """
    fig = go.Figure(go.Scatter(x=months, y=values, mode="lines+markers", connectgaps=False))
    fig.update_layout(title={"text": title, "font": {"size": 13}})
    if percent:
        fig.update_yaxes(tickformat=".0%")
    return _layout(fig, height=200)
