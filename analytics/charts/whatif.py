"""Plotly figures of the threshold what-if (pages draw them; the functions are tested).

Every figure takes frames from :mod:`analytics.metrics.whatif` and a language for its labels
(``lang``), is finished by :func:`analytics.charts.theme.apply_theme`, and marks the agreed
threshold (navy, dashed) and the proposed one (purple, solid) so the meeting sees both.

Example:
    >>> from analytics.metrics.whatif import _example_frames, prepare_sweep, sweep_table
    >>> leads, path, _ = _example_frames()
    >>> table = sweep_table(prepare_sweep(leads, path, agreed_threshold=60))
    >>> len(precision_recall_figure(table, agreed=60, chosen=40, lang="en").data)
    2
"""

from __future__ import annotations

import plotly.graph_objects as go
import polars as pl

from analytics.charts.theme import (
    COLOURS,
    REFERENCE_DASH,
    apply_theme,
    mark_agreed,
    mark_proposed,
    mark_reference,
    month_axis,
)
from analytics.text.catalog import t


def _agreed_label(agreed: float, lang: str) -> str:
    return f"{t('whatif.agreed_label', lang)} {agreed:g}"


def _mark_thresholds(
    fig: go.Figure, *, agreed: float, chosen: float | None, lang: str
) -> go.Figure:
    mark_agreed(fig, agreed, label=_agreed_label(agreed, lang))
    if chosen is not None and chosen != agreed:
        mark_proposed(fig, chosen, label=f"{chosen:g}")
    return fig


def _finish(fig: go.Figure, title: str, x: str, y: str) -> go.Figure:
    fig.update_layout(xaxis_title=x, yaxis_title=y)
    return apply_theme(fig, height=380, title=title)


def monthly_figure(monthly: pl.DataFrame, *, lang: str) -> go.Figure:
    """MQLs per month (bars) against the sales-capacity line.

    Args:
        monthly: :func:`analytics.metrics.whatif.monthly_at` output.
        lang: label language.

    Returns:
        A bar chart with a capacity line when capacity is set.

    Example:
        >>> import datetime as dt
        >>> f = monthly_figure(pl.DataFrame({"month": [dt.date(2025, 1, 1)], "mql": [3],
        ...     "capacity_per_month": [2.0]}), lang="en")
        >>> [trace.type for trace in f.data]
        ['bar', 'scatter']
    """
    fig = go.Figure(
        go.Bar(
            x=monthly["month"].to_list(),
            y=monthly["mql"].to_list(),
            name=t("whatif.mql", lang),
            marker_color=COLOURS.series,
        )
    )
    capacity = monthly["capacity_per_month"].drop_nulls()
    if capacity.len():
        fig.add_trace(
            go.Scatter(
                x=monthly["month"].to_list(),
                y=monthly["capacity_per_month"].to_list(),
                mode="lines",
                name=t("whatif.capacity", lang),
                line={"color": COLOURS.neutral, "dash": REFERENCE_DASH},
            )
        )
    month_axis(fig, lang)
    return _finish(fig, t("whatif.monthly", lang), t("whatif.month", lang), t("whatif.mql", lang))


def precision_recall_figure(
    table: pl.DataFrame, *, agreed: float, chosen: float | None = None, lang: str
) -> go.Figure:
    """Precision (MQL→won) and recall (share of wins through MQLs) over all thresholds.

    Args:
        table: :func:`analytics.metrics.whatif.sweep_table` output.
        agreed: the agreed threshold (dashed line).
        chosen: the threshold on the slider (solid line).
        lang: label language.

    Returns:
        Two lines against the threshold.
    """
    x = table["threshold"].to_list()
    fig = go.Figure(
        [
            go.Scatter(x=x, y=table["precision"].to_list(), name=t("whatif.precision", lang)),
            go.Scatter(x=x, y=table["recall"].to_list(), name=t("whatif.recall", lang)),
        ]
    )
    fig.update_yaxes(tickformat=".0%", range=[0, 1.02])
    _mark_thresholds(fig, agreed=agreed, chosen=chosen, lang=lang)
    return _finish(
        fig, t("whatif.curve_pr", lang), t("whatif.threshold", lang), t("whatif.rate", lang)
    )


def gains_figure(
    table: pl.DataFrame, *, agreed: float, chosen: float | None = None, lang: str
) -> go.Figure:
    """Gains: share of wins captured vs share of leads made MQL, with the random diagonal.

    Args:
        table: :func:`analytics.metrics.whatif.sweep_table` output.
        agreed: the agreed threshold (marked point).
        chosen: the threshold on the slider (marked point).
        lang: label language.

    Returns:
        The gains curve, the diagonal, and markers at the agreed/chosen thresholds.

    Example:
        >>> from analytics.metrics.whatif import _example_frames, prepare_sweep, sweep_table
        >>> leads, path, _ = _example_frames()
        >>> table = sweep_table(prepare_sweep(leads, path, agreed_threshold=60))
        >>> [trace.name for trace in gains_figure(table, agreed=60, lang="en").data][1:]
        ['random', 'in use 60']
    """
    ordered = table.sort("threshold", descending=True)
    fig = go.Figure(
        [
            go.Scatter(
                x=ordered["mql_rate"].to_list(),
                y=ordered["recall"].to_list(),
                name=t("whatif.share_wins", lang),
                line_color=COLOURS.series,
                text=[f"{v:g}" for v in ordered["threshold"].to_list()],
                hovertemplate="%{text}: %{x:.0%} → %{y:.0%}<extra></extra>",
            ),
            go.Scatter(
                x=[0, 1],
                y=[0, 1],
                mode="lines",
                name=t("whatif.random", lang),
                line={"dash": REFERENCE_DASH, "color": COLOURS.neutral},
            ),
        ]
    )
    marks = [(agreed, COLOURS.agreed, _agreed_label(agreed, lang))]
    if chosen is not None and chosen != agreed:
        marks.append((chosen, COLOURS.proposed, f"{chosen:g}"))
    for value, color, label in marks:
        point = table.filter(pl.col("threshold") >= value).head(1)
        fig.add_trace(
            go.Scatter(
                x=point["mql_rate"].to_list(),
                y=point["recall"].to_list(),
                mode="markers",
                marker={"color": color, "size": 14, "line": {"color": "white", "width": 2}},
                name=label,
            )
        )
    fig.update_xaxes(tickformat=".0%", range=[0, 1.02])
    fig.update_yaxes(tickformat=".0%", range=[0, 1.02])
    return _finish(
        fig,
        t("whatif.curve_gains", lang),
        t("whatif.share_leads", lang),
        t("whatif.share_wins", lang),
    )


def volume_figure(
    table: pl.DataFrame,
    *,
    agreed: float,
    chosen: float | None = None,
    capacity: float | None = None,
    lang: str,
) -> go.Figure:
    """MQLs per month for every threshold, with the capacity line and the thresholds marked.

    Args:
        table: :func:`analytics.metrics.whatif.sweep_table` output.
        agreed: the agreed threshold.
        chosen: the threshold on the slider.
        capacity: MQLs sales can work per month (horizontal line).
        lang: label language.

    Returns:
        The volume curve.

    Example:
        >>> from analytics.metrics.whatif import _example_frames, prepare_sweep, sweep_table
        >>> leads, path, _ = _example_frames()
        >>> table = sweep_table(prepare_sweep(leads, path, agreed_threshold=60))
        >>> len(volume_figure(table, agreed=60, capacity=1.0, lang="en").layout.shapes)
        2
    """
    fig = go.Figure(
        go.Scatter(
            x=table["threshold"].to_list(),
            y=table["mql_per_month"].to_list(),
            name=t("whatif.mql_per_month", lang),
            line_shape="hv",
            line_color=COLOURS.series,
        )
    )
    if capacity is not None:
        mark_reference(fig, capacity, label=t("whatif.capacity", lang))
    _mark_thresholds(fig, agreed=agreed, chosen=chosen, lang=lang)
    return _finish(
        fig,
        t("whatif.curve_volume", lang),
        t("whatif.threshold", lang),
        t("whatif.mql_per_month", lang),
    )
