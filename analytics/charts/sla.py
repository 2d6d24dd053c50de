"""Plotly figures for the SLA and sales-feedback pages.

Every builder takes the frames of :mod:`analytics.metrics.sla` or
:mod:`analytics.metrics.feedback` and a required keyword ``lang``; titles, axis
names and codes are translated here through the catalog and
:func:`analytics.text.format.label`, numbers in labels through the formatting layer.
Every figure is finished by :func:`analytics.charts.theme.apply_theme`; colours carry the
theme's meanings: green is better (within the SLA, accepted), red worse (late, rejected),
grey neutral; worse is never green.

Example:
    >>> t = pl.DataFrame({"bucket": ["lt_1h", "never"], "leads": [10, 5], "sql_rate": [0.5, 0.0],
    ...     "ci_low": [0.2, 0.0], "ci_high": [0.8, 0.4], "won_rate": [0.1, 0.0],
    ...     "won_ci_low": [0.0, 0.0], "won_ci_high": [0.4, 0.4]})
    >>> speed_to_lead_figure(t, lang="ja").data[0].x
    ('1時間未満', '未連絡')
"""

from __future__ import annotations

import plotly.graph_objects as go
import polars as pl

from analytics.charts.theme import COLOURS, REFERENCE_DASH, SEQUENCE, apply_theme
from analytics.text import format as fmt
from analytics.text.catalog import t

# Colours by meaning (analytics.charts.theme): within the SLA / accepted is good, late /
# rejected bad, recycled a neutral "not yet", reference lines neutral, plain rates the series.
VERDICT_COLOURS = {"accepted": COLOURS.good, "recycled": COLOURS.neutral, "rejected": COLOURS.bad}


def _month_axis(fig: go.Figure, months: list[str]) -> None:
    """Horizontal month ticks: every month when few, else every second one."""
    step = 1 if len(months) <= 6 else 2
    shown = months[::-1][::step][::-1]
    fig.update_xaxes(tickmode="array", tickvals=shown, ticktext=shown, tickangle=0)


def _owner_names(owners: pl.Series, lang: str) -> list[str]:
    unassigned = fmt.label("owner", "unassigned", lang)
    return [unassigned if o is None else str(o) for o in owners.to_list()]


def owner_response_figure(owners: pl.DataFrame, *, lang: str, contact_hours: float) -> go.Figure:
    """P50 (bar) and P90 (marker) hours to first contact per owner, with the SLA as a line.

    A bar is green when the owner's P50 is within the SLA, red when it is not.

    Args:
        owners: :func:`analytics.metrics.sla.sla_by_owner`.
        lang: ``"en"`` or ``"ja"``.
        contact_hours: the SLA's contact hours (the reference line).

    Example:
        >>> o = pl.DataFrame({"owner": ["A", None], "p50_hours": [2.0, 30.0],
        ...     "p90_hours": [5.0, 80.0], "mqls": [3, 4]})
        >>> [list(d.marker.color) for d in owner_response_figure(o, lang="en",
        ...     contact_hours=24).data[:1]]
        [['#117a56', '#c62828']]
    """
    shown = owners.filter(pl.col("p50_hours").is_not_null())
    names = _owner_names(shown["owner"], lang)
    p50 = shown["p50_hours"].to_list()
    fig = go.Figure(
        [
            go.Bar(
                y=names,
                x=p50,
                orientation="h",
                name=t("sla.chart_p50", lang),
                marker={
                    "color": [COLOURS.good if v <= contact_hours else COLOURS.bad for v in p50]
                },
                text=[fmt.hours(v, lang) for v in p50],
                textposition="auto",
            ),
            go.Scatter(
                y=names,
                x=shown["p90_hours"].to_list(),
                mode="markers",
                name=t("sla.chart_p90", lang),
                marker={"color": COLOURS.ink, "symbol": "diamond", "size": 11},
            ),
        ]
    )
    if names:  # the SLA as a dashed line across the owners (a trace: exact on a log axis)
        fig.add_trace(
            go.Scatter(
                x=[contact_hours, contact_hours],
                y=[names[0], names[-1]],
                mode="lines",
                name=t("sla.chart_sla_line", lang, hours=fmt.hours(contact_hours, lang)),
                line={"color": COLOURS.neutral, "dash": REFERENCE_DASH, "width": 3},
                hoverinfo="skip",
            )
        )
    top = max([contact_hours, *[v for v in shown["p90_hours"].to_list() if v is not None]])
    ticks = [v for v in (0.25, 1, 4, 24, 72, 168, 720, 2160) if v <= top * 1.5] or [1.0]
    fig.update_xaxes(
        title=t("sla.chart_hours", lang),
        type="log",
        tickvals=ticks,
        ticktext=[fmt.hours(v, lang) for v in ticks],
    )
    fig.update_yaxes(autorange="reversed")
    return apply_theme(fig, height=max(300, 90 + 38 * len(names)))


def speed_to_lead_figure(table: pl.DataFrame, *, lang: str) -> go.Figure:
    """SQL and won rates by response bucket with 95% intervals (the speed-to-lead curve).

    Args:
        table: ``SpeedToLead.table`` of :func:`analytics.metrics.sla.speed_to_lead`.
        lang: ``"en"`` or ``"ja"``.
    """
    names = [fmt.label("response", b, lang) for b in table["bucket"].to_list()]

    def series(rate: str, low: str, high: str, key: str, colour: str) -> go.Bar:
        values = table[rate].to_list()
        return go.Bar(
            x=names,
            y=values,
            name=t(key, lang),
            marker={"color": colour},
            error_y={
                "type": "data",
                "symmetric": False,
                "array": (table[high] - table[rate]).to_list(),
                "arrayminus": (table[rate] - table[low]).to_list(),
                "color": COLOURS.ink,
            },
            customdata=[fmt.pct(v) for v in values],
            hovertemplate="%{x}: %{customdata}<extra></extra>",
        )

    fig = go.Figure(
        [
            series("sql_rate", "ci_low", "ci_high", "sla.chart_sql_rate", COLOURS.series),
            series("won_rate", "won_ci_low", "won_ci_high", "sla.chart_won_rate", SEQUENCE[1]),
        ]
    )
    fig.update_layout(barmode="group")
    fig.update_yaxes(title=t("sla.chart_rate", lang), tickformat=".0%", rangemode="tozero")
    fig.update_xaxes(title=t("sla.chart_bucket", lang))
    return apply_theme(fig, height=400)


def sla_trend_figure(trend: pl.DataFrame, *, lang: str) -> go.Figure:
    """Share of MQLs contacted within the SLA per month, with its 95% interval.

    Args:
        trend: :func:`analytics.metrics.sla.sla_trend`.
        lang: ``"en"`` or ``"ja"``.

    Example:
        >>> from datetime import date
        >>> f = sla_trend_figure(pl.DataFrame({"month": [date(2025, 1, 1)], "within_share": [0.5],
        ...     "ci_low": [0.3], "ci_high": [0.7], "mqls": [20]}), lang="en")
        >>> f.data[0].x
        ('Jan 2025',)
    """
    months = [fmt.month(m, lang) for m in trend["month"].to_list()]
    share = trend["within_share"].to_list()
    fig = go.Figure(
        go.Scatter(
            x=months,
            y=share,
            mode="lines+markers",
            name=t("sla.chart_within_share", lang),
            line={"color": COLOURS.series, "width": 3},
            error_y={
                "type": "data",
                "symmetric": False,
                "array": (trend["ci_high"] - trend["within_share"]).to_list(),
                "arrayminus": (trend["within_share"] - trend["ci_low"]).to_list(),
                "color": COLOURS.muted,
            },
            customdata=[fmt.count(n) for n in trend["mqls"].to_list()],
            hovertemplate="%{x}: %{y:.1%} (n = %{customdata})<extra></extra>",
        )
    )
    fig.update_yaxes(title=t("sla.chart_within_share", lang), tickformat=".0%", range=[0, 1])
    _month_axis(fig, months)
    return apply_theme(fig, height=340)


def delivery_figure(trend: pl.DataFrame, *, lang: str) -> go.Figure:
    """MQLs delivered per month (and those at the promised score) against the promise.

    Example:
        >>> from datetime import date
        >>> f = delivery_figure(pl.DataFrame({"month": [date(2025, 1, 1)], "mqls": [120],
        ...     "delivered_min_score": [100], "promised": [100]}), lang="en")
        >>> len(f.data)
        3
    """
    months = [fmt.month(m, lang) for m in trend["month"].to_list()]
    promised = trend["promised"].to_list()
    delivered = trend["mqls"].to_list()
    fig = go.Figure(
        [
            go.Bar(
                x=months,
                y=delivered,
                name=t("sla.chart_delivered", lang),
                marker={
                    "color": [
                        COLOURS.good if not p or d >= p else COLOURS.bad
                        for d, p in zip(delivered, promised, strict=True)
                    ]
                },
            ),
            go.Scatter(
                x=months,
                y=trend["delivered_min_score"].to_list(),
                mode="markers",
                name=t("sla.chart_delivered_min_score", lang),
                marker={"color": COLOURS.ink, "symbol": "diamond", "size": 10},
            ),
            go.Scatter(
                x=months,
                y=promised,
                mode="lines",
                name=t("sla.chart_promised", lang),
                line={"color": COLOURS.neutral, "dash": REFERENCE_DASH, "width": 2},
            ),
        ]
    )
    fig.update_yaxes(title=t("sla.chart_mqls", lang), rangemode="tozero")
    _month_axis(fig, months)
    return apply_theme(fig, height=340)


def verdict_bands_figure(by_band: pl.DataFrame, *, lang: str) -> go.Figure:
    """Accepted / recycled / rejected shares of the MQLs with feedback, per score band.

    Args:
        by_band: :func:`analytics.metrics.feedback.verdicts_by_band` (highest band first).
        lang: ``"en"`` or ``"ja"``.

    Example:
        >>> b = pl.DataFrame({"low": [150.0, 100.0], "high": [None, 150.0], "judged": [10, 10],
        ...     "accepted": [8, 3], "recycled": [1, 2], "rejected": [1, 5]})
        >>> verdict_bands_figure(b, lang="en").data[0].y
        ('150+', '100–149')
    """
    names = [fmt.band(lo, hi) for lo, hi in zip(by_band["low"], by_band["high"], strict=True)]
    judged = by_band["judged"].to_list()
    bars = []
    for verdict in ("accepted", "recycled", "rejected"):
        counts = by_band[verdict].to_list()
        shares = [c / n if n else None for c, n in zip(counts, judged, strict=True)]
        bars.append(
            go.Bar(
                y=names,
                x=shares,
                orientation="h",
                name=fmt.label("verdict", verdict, lang),
                marker={"color": VERDICT_COLOURS[verdict]},
                text=[fmt.pct(s, 0) if s else "" for s in shares],
                textposition="inside",
                customdata=[fmt.count(c) for c in counts],
                hovertemplate="%{y}: %{x:.1%} (%{customdata})<extra></extra>",
            )
        )
    fig = go.Figure(bars)
    fig.update_layout(barmode="stack", legend={"traceorder": "normal"})
    fig.update_xaxes(title=t("feedback.chart_share", lang), tickformat=".0%", range=[0, 1])
    fig.update_yaxes(autorange="reversed")  # the highest band on top
    return apply_theme(fig, height=max(300, 110 + 50 * len(names)))
