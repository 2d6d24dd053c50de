"""Plotly figures of the scoring page (pages draw them; the functions are tested).

Every figure takes the language of its labels (``lang``) and is finished by
:func:`analytics.charts.theme.apply_theme`: scores are plain data (``series``), the
threshold in use is the agreed/current mark, points that raise a score are ``good``
and points that lower it ``bad``.

Example:
    >>> scores = pl.DataFrame({"lead_id": ["a", "b"], "fit": [10.0, 40.0],
    ...                        "engagement": [5.0, 80.0], "total": [15.0, 120.0]})
    >>> len(score_histogram(scores, threshold=100, lang="en").data)
    1
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta

import plotly.graph_objects as go
import polars as pl

from analytics.charts.theme import COLOURS, apply_theme, mark_agreed
from analytics.scoring.kernels import reaches_expr
from analytics.text import format as fmt
from analytics.text.catalog import t


def bin_totals(totals: pl.Series, *, max_bins: int = 80) -> pl.DataFrame:
    """Count scores in bins of 5 points aligned to 0 (wider, by 5s, when the range is large).

    The chart gets these counts, not one value per lead, so 1M leads draw as fast as 1k.

    Args:
        totals: one score per lead (nulls are left out).
        max_bins: most bins; the width grows in steps of 5 to stay under it.

    Returns:
        ``low``, ``high``, ``leads`` — one row per non-empty bin, ``low <= score < high``.

    Example:
        >>> bin_totals(pl.Series([0.0, 4.9, 5.0, 101.0])).rows()
        [(0.0, 5.0, 2), (5.0, 10.0, 1), (100.0, 105.0, 1)]
    """
    present = totals.drop_nulls().cast(pl.Float64)
    if present.is_empty():
        return pl.DataFrame(schema={"low": pl.Float64, "high": pl.Float64, "leads": pl.UInt32})
    span = float(present.max()) - float(present.min())
    width = 5.0 * max(1, math.ceil(span / (5.0 * max_bins)))
    return (
        present.to_frame("score")
        .with_columns(low=(pl.col("score") / width).floor() * width)
        # a tiny negative score can divide to -0.0: keep every score inside its bin
        .group_by(
            low=pl.when(pl.col("low") > pl.col("score"))
            .then(pl.col("low") - width)
            .otherwise("low")
        )
        .agg(leads=pl.len())
        .sort("low")
        .select("low", high=pl.col("low") + width, leads="leads")
    )


def score_histogram(scores: pl.DataFrame, *, threshold: float, lang: str) -> go.Figure:
    """Histogram of total scores with the MQL threshold as a dashed line.

    Args:
        scores: ``total`` per lead (e.g. :func:`analytics.scoring.points.score_features`).
        threshold: the MQL threshold.
        lang: label language.

    Example:
        >>> f = score_histogram(pl.DataFrame({"total": [1.0, 2.0]}), threshold=1.5, lang="en")
        >>> f.layout.shapes[0].x0
        1.5
    """
    bins = bin_totals(scores["total"])
    fig = go.Figure(
        go.Bar(
            x=((bins["low"] + bins["high"]) / 2).to_list(),
            y=bins["leads"].to_list(),
            width=(bins["high"] - bins["low"]).to_list(),
            marker_color=COLOURS.series,
            customdata=bins.select("low", "high").rows(),
            hovertemplate="%{customdata[0]:g}–%{customdata[1]:g}: %{y:,}<extra></extra>",
        )
    )
    mark_agreed(
        fig,
        threshold,
        label=t("scoring.threshold_line", lang, threshold=fmt.number(threshold, 1, lang)),
    )
    fig.update_layout(
        xaxis_title=t("scoring.total", lang), yaxis_title=t("scoring.leads", lang), bargap=0.05
    )
    return apply_theme(fig, height=340)


def fit_engagement_scatter(
    scores: pl.DataFrame,
    *,
    threshold: float,
    lang: str,
    max_points: int = 5_000,
    seed: int = 0,
) -> go.Figure:
    """Fit vs engagement per lead (a random sample of ``max_points`` if larger), MQLs coloured.

    Example:
        >>> s = pl.DataFrame({"lead_id": ["a", "b", "c"], "fit": [1.0, 2.0, 3.0],
        ...                   "engagement": [1.0, 2.0, 3.0], "total": [2.0, 4.0, 6.0]})
        >>> f = fit_engagement_scatter(s, threshold=4, lang="en", max_points=2)
        >>> sum(len(trace.x) for trace in f.data)
        2
    """
    shown = scores.sample(max_points, seed=seed) if scores.height > max_points else scores
    fig = go.Figure()
    fit, engagement = t("scoring.fit", lang), t("scoring.engagement", lang)
    for is_mql, name, color in (
        (False, t("scoring.below", lang), COLOURS.muted),
        (True, t("scoring.at_or_above", lang), COLOURS.series),
    ):
        part = shown.filter(reaches_expr(pl.col("total"), threshold) == is_mql)
        fig.add_trace(
            go.Scattergl(  # numpy arrays: plotly checks a list value by value (3× slower)
                x=part["fit"].to_numpy(),
                y=part["engagement"].to_numpy(),
                mode="markers",
                name=name,
                marker={"color": color, "size": 5, "opacity": 0.6},
                text=part["lead_id"].to_numpy(),
                hovertemplate=(
                    f"%{{text}}<br>{fit} %{{x:.1f}}<br>{engagement} %{{y:.1f}}<extra></extra>"
                ),
            )
        )
    fig.update_layout(xaxis_title=fit, yaxis_title=engagement)
    return apply_theme(fig, height=340)


def explanation_figure(explanation: pl.DataFrame, *, lang: str) -> go.Figure:
    """Horizontal bars of each rule's contribution (rules giving 0 are left out).

    Args:
        explanation: ``rule`` (the words to show: a rule label) and ``points`` (e.g.
            :func:`analytics.scoring.why.chart_lines`: whole points by label).
        lang: label language.

    Points that raise the score are ``good``, points that lower it ``bad``.

    Example:
        >>> e = pl.DataFrame({"rule": ["a", "b", "c"], "points": [10.0, 0.0, -5.0]})
        >>> f = explanation_figure(e, lang="en")
        >>> list(f.data[0].y), f.data[0].marker.color == (COLOURS.good, COLOURS.bad)
        (['a', 'c'], True)
        >>> list(f.data[0].text)
        ['+10', '−5']
    """
    shown = explanation.filter(pl.col("points") != 0)
    values = shown["points"].to_list()
    fig = go.Figure(
        go.Bar(
            x=values,
            y=shown["rule"].to_list(),
            orientation="h",
            marker_color=[COLOURS.good if p > 0 else COLOURS.bad for p in values],
            text=[fmt.points(p, lang) for p in values],
            textposition="auto",
            hovertemplate="%{y}: %{text}<extra></extra>",
        )
    )
    fig.update_layout(xaxis_title=t("scoring.points", lang), yaxis={"autorange": "reversed"})
    return apply_theme(fig, height=max(220, 30 * shown.height + 100))


def time_range(
    times: list[datetime], *, min_span: timedelta = timedelta(days=2)
) -> tuple[datetime, datetime] | None:
    """An x range that shows every moment of ``times`` with a margin, at least ``min_span`` wide.

    A lead with one event would otherwise get Plotly's automatic range of a millisecond
    around it (08:59:59.999–09:00:00.0005).

    Example:
        >>> one = datetime(2025, 1, 1, 9, 0)
        >>> time_range([one])
        (datetime.datetime(2024, 12, 31, 9, 0), datetime.datetime(2025, 1, 2, 9, 0))
        >>> time_range([one, datetime(2025, 1, 21, 9, 0)])
        (datetime.datetime(2024, 12, 31, 9, 0), datetime.datetime(2025, 1, 22, 9, 0))
        >>> time_range([]) is None
        True
    """
    present = [moment for moment in times if moment is not None]
    if not present:
        return None
    low, high = min(present), max(present)
    pad = max((high - low) / 20, (min_span - (high - low)) / 2)
    return low - pad, high + pad


def _mark_moment(fig: go.Figure, moment: datetime, *, label: str, colour: str) -> None:
    """A vertical line at a moment of a date axis, labelled at the top (a shape and an
    annotation: ``add_vline`` cannot place its annotation on a date axis)."""
    fig.add_shape(
        type="line",
        xref="x",
        yref="paper",
        x0=moment,
        x1=moment,
        y0=0,
        y1=1,
        line={"color": colour, "width": 2, "dash": "dot"},
    )
    fig.add_annotation(
        x=moment,
        y=1,
        xref="x",
        yref="paper",
        text=label,
        showarrow=False,
        xanchor="left",
        yanchor="bottom",
        font={"color": colour},
    )


def lead_timeline_figure(
    path: pl.DataFrame,
    activities: pl.DataFrame,
    *,
    threshold: float,
    lang: str,
    mql_at: datetime | None = None,
    handoff_at: datetime | None = None,
) -> go.Figure:
    """A lead's score path (record highs, as steps) with its activities as markers.

    Args:
        path: ``at``, ``total`` (the lead's rows of ``Replay.path``).
        activities: ``occurred_at``, ``type``, ``detail`` of the lead.
        threshold: the MQL threshold (dashed line).
        lang: label language.
        mql_at: the MQL moment, marked when given.
        handoff_at: the hand-off to sales, marked when given.

    The x range covers the path, the activities and the marked moments with a margin,
    at least two days wide (:func:`time_range`).

    Example:
        >>> p = pl.DataFrame({"at": [datetime(2025, 1, 1)], "total": [10.0]})
        >>> a = pl.DataFrame({"occurred_at": [datetime(2025, 1, 2)], "type": ["webinar"], "detail": [None]})
        >>> f = lead_timeline_figure(p, a, threshold=50, lang="en")
        >>> len(f.data), f.layout.xaxis.range
        (2, (datetime.datetime(2024, 12, 31, 12, 0), datetime.datetime(2025, 1, 2, 12, 0)))
        >>> list(f.data[1].text)
        ['Webinar']
    """
    fig = go.Figure(
        go.Scatter(
            x=path["at"].to_list(),
            y=path["total"].to_list(),
            mode="lines+markers",
            line_shape="hv",
            name=t("scoring.path", lang),
            marker_color=COLOURS.series,
            line_color=COLOURS.series,
            customdata=[fmt.score(v, lang) for v in path["total"].to_list()],
            hovertemplate="%{x|%Y-%m-%d %H:%M}: %{customdata}<extra></extra>",
        )
    )
    words = fmt.label_column(
        fmt.label_column(activities.select("type", "detail"), "type", "activity", lang),
        "detail",
        "page",
        lang,
    ).with_columns(pl.col("detail").replace(fmt.MISSING, None))
    labels = words.select(
        label=pl.concat_str(["type", "detail"], separator=" · ", ignore_nulls=True)
    )["label"].to_list()
    fig.add_trace(
        go.Scatter(
            x=activities["occurred_at"].to_list(),
            y=[0.0] * activities.height,
            mode="markers",
            name=t("scoring.activities", lang),
            marker={"symbol": "line-ns-open", "size": 16, "color": COLOURS.neutral},
            text=labels,
            hovertemplate="%{x|%Y-%m-%d %H:%M}<br>%{text}<extra></extra>",
        )
    )
    mark_agreed(
        fig,
        threshold,
        label=t("scoring.threshold_line", lang, threshold=fmt.number(threshold, 1, lang)),
        axis="y",
    )
    if mql_at is not None:
        _mark_moment(fig, mql_at, label=t("scoring.mark_mql", lang), colour=COLOURS.good)
    if handoff_at is not None:
        _mark_moment(fig, handoff_at, label=t("scoring.mark_handoff", lang), colour=COLOURS.neutral)
    shown = time_range(
        [*path["at"].to_list(), *activities["occurred_at"].to_list(), mql_at, handoff_at]
    )
    fig.update_layout(yaxis_title=t("scoring.total", lang))
    if shown is not None:
        fig.update_xaxes(range=list(shown))
    return apply_theme(fig, height=340)
