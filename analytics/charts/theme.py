"""One look for every chart: a Plotly template registered once, and colours that carry meaning.

Every figure of :mod:`analytics.charts` is finished by :func:`apply_theme`, so all
charts share one font (≥ 14 px for ticks, legends and titles), dark ink that reads
on a projector, and one palette. ``.streamlit/config.toml`` uses the same colours
(``tests/test_charts.py`` checks both), and pages draw figures with the template
intact (``ui.chart``: Streamlit's own chart theme would replace it).

Colours have one meaning each, everywhere (:data:`COLOURS`):

- ``good`` (green) — better: a band to keep, lift above 1, points that raise a score;
- ``bad`` (red) — worse: a band that breaks the order, lift below 1, points taken away;
  worse is never green;
- ``neutral`` (grey) — no judgement: nurture, reference lines (random, capacity);
- ``agreed`` (dark navy, dashed) — the agreed / current threshold;
- ``proposed`` (purple, solid) — the threshold being tried;
- ``series`` (steel blue) — plain data without a verdict (counts, rates, scores);
- ``muted`` (light grey) — data kept in view but not the point (leads below the threshold).

Several series of equal standing (precision and recall) take :data:`SEQUENCE`,
which holds none of the verdict colours.

Example:
    >>> fig = apply_theme(go.Figure(go.Bar(x=[1], y=[2])), height=300)
    >>> fig.layout.template.layout.font.size >= 14, fig.layout.height
    (True, 300)
"""

from __future__ import annotations

from dataclasses import dataclass

import plotly.graph_objects as go
import plotly.io as pio

TEMPLATE_NAME = "kakehashi"
FONT_FAMILY = (
    '"Noto Sans CJK JP", "Noto Sans JP", "Hiragino Sans", "Yu Gothic", Meiryo, '
    '"Source Sans Pro", Arial, sans-serif'
)
FONT_SIZE = 15  # body text of a chart: axis titles, annotations, hover labels
TICK_SIZE = 14
LEGEND_SIZE = 14
TITLE_SIZE = 18


@dataclass(frozen=True)
class Palette:
    """The colours of the product (hex), named by what they mean; see the module docstring."""

    good: str
    bad: str
    neutral: str
    agreed: str
    proposed: str
    series: str
    muted: str
    ink: str
    grid: str
    background: str
    panel: str


COLOURS = Palette(
    good="#117a56",
    bad="#c62828",
    neutral="#5f6b7a",
    agreed="#102a43",
    proposed="#7b3fa0",
    series="#2a6f97",
    muted="#8a96a3",
    ink="#1f2933",
    grid="#d5dbe1",
    background="#ffffff",
    panel="#f1f4f7",
)
SEQUENCE: tuple[str, ...] = (COLOURS.series, "#b86e00", "#4f5d75", "#8e5a3c")
# Sequential shades of ``series`` for ordered categories (strongest first), e.g. buying stages.
SHADES: tuple[str, ...] = ("#1d4e6e", COLOURS.series, "#7fa7c4")
AGREED_DASH = "dash"
REFERENCE_DASH = "dot"


def _axis() -> dict[str, object]:
    return {
        "tickfont": {"size": TICK_SIZE, "color": COLOURS.ink},
        "title": {"font": {"size": FONT_SIZE, "color": COLOURS.ink}, "standoff": 10},
        "color": COLOURS.ink,
        "gridcolor": COLOURS.grid,
        "zerolinecolor": COLOURS.grid,
        "linecolor": COLOURS.neutral,
        "showline": True,
        "ticks": "outside",
        "tickcolor": COLOURS.neutral,
        "automargin": True,
        # numbers as the formatting layer writes counts: 20,004 with separators, never the SI
        # "20.004k" (an axis that shows money or shares sets its own tickformat)
        "separatethousands": True,
        "exponentformat": "none",
    }


def build_template() -> go.layout.Template:
    """The Kakehashi Plotly template (fonts, ink, grid, colourway, legend, hover).

    Returns:
        A new template; :data:`TEMPLATE_NAME` names the registered one.

    Example:
        >>> build_template().layout.xaxis.tickfont.size
        14
    """
    return go.layout.Template(
        layout={
            "font": {"family": FONT_FAMILY, "size": FONT_SIZE, "color": COLOURS.ink},
            "title": {
                "font": {"size": TITLE_SIZE, "color": COLOURS.ink},
                "x": 0,
                "xref": "paper",
                "xanchor": "left",
                "yref": "container",
                "y": 1,
                "yanchor": "top",
                "pad": {"t": 12},
            },
            "paper_bgcolor": COLOURS.background,
            "plot_bgcolor": COLOURS.background,
            "colorway": list(SEQUENCE),
            "xaxis": _axis(),
            "yaxis": _axis(),
            "legend": {
                "font": {"size": LEGEND_SIZE, "color": COLOURS.ink},
                "orientation": "h",
                "x": 0,
                "xanchor": "left",
                "y": 1.02,
                "yanchor": "bottom",
            },
            "hoverlabel": {"font": {"size": FONT_SIZE, "family": FONT_FAMILY}},
            # labels of threshold lines stay readable where they cross a curve
            "annotationdefaults": {
                "font": {"size": TICK_SIZE, "color": COLOURS.ink},
                "bgcolor": "rgba(255, 255, 255, 0.85)",
            },
            "bargap": 0.2,
        },
        data={
            "scatter": [go.Scatter(line={"width": 3}, marker={"size": 8})],
            "scattergl": [go.Scattergl(marker={"size": 6})],
            "bar": [go.Bar(marker={"line": {"width": 0}})],
        },
    )


# Registered once, when the charts are first imported (plotly's registry is keyed by name).
pio.templates[TEMPLATE_NAME] = build_template()


def apply_theme(fig: go.Figure, *, height: int = 360, title: str | None = None) -> go.Figure:
    """Finish a figure: the Kakehashi template, its height and title, margins that fit them.

    The top margin leaves room for the title (top left) and the legend (above the
    plot, when there is more than one trace), so they never overlap the data.

    Args:
        fig: the figure (changed in place and returned).
        height: pixels.
        title: the figure title, if any.

    Returns:
        ``fig``.

    Example:
        >>> apply_theme(go.Figure(), title="MQLs").layout.title.text
        'MQLs'
    """
    legend = sum(trace.showlegend is not False for trace in fig.data) > 1
    top = 20 + (30 if legend else 0) + (40 if title else 0)
    fig.update_layout(
        template=TEMPLATE_NAME,
        height=height,
        margin={"l": 10, "r": 10, "t": top, "b": 10},
    )
    if title:
        fig.update_layout(title_text=title)
    return fig


def mark_agreed(fig: go.Figure, value: float, *, label: str, axis: str = "x") -> go.Figure:
    """Draw the agreed / current threshold: a dashed navy line with its label.

    Args:
        fig: the figure.
        value: where the line goes.
        label: its text (already translated).
        axis: ``"x"`` for a vertical line, ``"y"`` for a horizontal one.

    Returns:
        ``fig``.

    Example:
        >>> mark_agreed(go.Figure(), 100, label="agreed 100").layout.shapes[0].line.dash
        'dash'
    """
    line = {"line_dash": AGREED_DASH, "line_color": COLOURS.agreed, "line_width": 2}
    if axis == "x":
        return fig.add_vline(x=value, annotation_text=label, annotation_position="top left", **line)
    return fig.add_hline(y=value, annotation_text=label, annotation_position="top left", **line)


def mark_proposed(fig: go.Figure, value: float, *, label: str) -> go.Figure:
    """Draw the threshold being tried: a solid purple vertical line with its label.

    Example:
        >>> mark_proposed(go.Figure(), 80, label="80").layout.shapes[0].line.color
        '#7b3fa0'
    """
    return fig.add_vline(
        x=value,
        line_color=COLOURS.proposed,
        line_width=2,
        annotation_text=label,
        annotation_position="top right",
    )


def mark_reference(fig: go.Figure, value: float, *, label: str) -> go.Figure:
    """Draw a horizontal reference level without a verdict (e.g. sales capacity): grey, dotted.

    Example:
        >>> mark_reference(go.Figure(), 3, label="capacity").layout.shapes[0].line.dash
        'dot'
    """
    return fig.add_hline(
        y=value,
        line_dash=REFERENCE_DASH,
        line_color=COLOURS.neutral,
        line_width=2,
        annotation_text=label,
        annotation_position="top right",
    )


# How a month reads on a date axis (the d3 time format of analytics.text.format.month).
MONTH_TICK = {"ja": "%Y年%-m月", "en": "%b %Y"}


def month_axis(fig: go.Figure, lang: str, *, axis: str = "x") -> go.Figure:
    """Show a date axis of months as :func:`analytics.text.format.month` writes them
    (``2026年10月`` / ``Oct 2026``), ticks and hover alike.

    Example:
        >>> month_axis(go.Figure(), "ja").layout.xaxis.tickformat
        '%Y年%-m月'
    """
    shown = MONTH_TICK.get(lang, MONTH_TICK["en"])
    update = fig.update_xaxes if axis == "x" else fig.update_yaxes
    update(tickformat=shown, hoverformat=shown)
    return fig
