"""One chart convention and one theme (analytics/charts): every figure takes ``lang``, uses
the Kakehashi template (text ≥ 14 px, dark ink), and colours carry one meaning each.

The pages keep the template when they draw (``ui.chart``): ``tests/test_pages.py`` checks
every chart of every page.
"""

from __future__ import annotations

import inspect
import re
import tomllib
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path

import plotly.graph_objects as go
import polars as pl
import pytest

from analytics.charts import conversion, scoring, sla, theme, whatif
from analytics.charts.theme import COLOURS, FONT_FAMILY, SEQUENCE
from analytics.metrics.whatif import _example_frames, monthly_at, prepare_sweep, sweep_table

ROOT = Path(__file__).resolve().parent.parent
MODULES = (conversion, scoring, sla, whatif)
JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
MIN_PX = 14


def _sweep_table() -> pl.DataFrame:
    leads, path, _ = _example_frames()
    return sweep_table(prepare_sweep(leads, path, agreed_threshold=60))


def _monthly() -> pl.DataFrame:
    leads, path, _ = _example_frames()
    return monthly_at(prepare_sweep(leads, path, agreed_threshold=60), 30)


BANDS = pl.DataFrame(
    {
        "band": ["<50", "50–90", "90+"],
        "band_index": [0, 1, 2],
        "rate": [0.05, 0.2, 0.1],
        "ci_low": [0.03, 0.15, 0.05],
        "ci_high": [0.08, 0.25, 0.2],
        "action": ["change_approach", "keep_strengthen", "review_criteria"],
        "leads": [400, 300, 50],
    }
)
LIFT = pl.DataFrame(
    {"value": ["IT", "retail"], "lift": [1.6, 0.4], "enough": [True, True], "leads": [90, 80]}
)
SCORES = pl.DataFrame(
    {
        "lead_id": ["a", "b", "c"],
        "fit": [10.0, 40.0, 30.0],
        "engagement": [5.0, 80.0, 20.0],
        "total": [15.0, 120.0, 50.0],
    }
)
EXPLANATION = pl.DataFrame(
    {"rule": ["size", "pricing", "unsubscribe"], "points": [10.0, 20.0, -5.0]}
)

SPEED = pl.DataFrame(
    {
        "bucket": ["lt_1h", "h4_24", "gt_3d", "never"],
        "sql_rate": [0.5, 0.4, 0.3, 0.0],
        "ci_low": [0.3, 0.3, 0.2, 0.0],
        "ci_high": [0.7, 0.5, 0.4, 0.1],
        "won_rate": [0.2, 0.1, 0.1, 0.0],
        "won_ci_low": [0.1, 0.05, 0.05, 0.0],
        "won_ci_high": [0.3, 0.2, 0.2, 0.1],
    }
)
TREND = pl.DataFrame(
    {
        "month": [date(2025, m, 1) for m in range(1, 9)],
        "mqls": [90, 110, 95, 120, 100, 105, 98, 130],
        "promised": [100] * 8,
        "delivered_min_score": [85, 100, 90, 110, 95, 100, 90, 120],
        "within_share": [0.5, 0.6, 0.55, 0.7, 0.65, 0.6, 0.58, 0.62],
        "ci_low": [0.4, 0.5, 0.45, 0.6, 0.55, 0.5, 0.48, 0.52],
        "ci_high": [0.6, 0.7, 0.65, 0.8, 0.75, 0.7, 0.68, 0.72],
    }
)

# Every figure function of analytics.charts, built from a small frame in a language.
FIGURES: dict[str, Callable[[str], go.Figure]] = {
    "conversion.funnel_figure": lambda lang: conversion.funnel_figure(
        pl.DataFrame({"stage": ["lead", "mql", "won"], "reached": [100, 40, 5]}), lang=lang
    ),
    "conversion.cohort_figure": lambda lang: conversion.cohort_figure(
        pl.DataFrame(
            {
                "cohort": [date(2025, 1, 1), date(2025, 2, 1)],
                "won_rate": [0.1, 0.2],
                "won_ci_low": [0.05, 0.1],
                "won_ci_high": [0.2, 0.3],
                "immature": [False, True],
            }
        ),
        lang=lang,
    ),
    "conversion.bands_figure": lambda lang: conversion.bands_figure(BANDS, lang=lang),
    "conversion.lift_figure": lambda lang: conversion.lift_figure(LIFT, lang=lang),
    "conversion.stages_figure": lambda lang: conversion.stages_figure(
        pl.DataFrame({"stage": ["comparison", "awareness"], "leads": [3, 9]}), lang=lang
    ),
    "scoring.score_histogram": lambda lang: scoring.score_histogram(
        SCORES, threshold=100, lang=lang
    ),
    "scoring.fit_engagement_scatter": lambda lang: scoring.fit_engagement_scatter(
        SCORES, threshold=100, lang=lang
    ),
    "scoring.explanation_figure": lambda lang: scoring.explanation_figure(EXPLANATION, lang=lang),
    "scoring.lead_timeline_figure": lambda lang: scoring.lead_timeline_figure(
        pl.DataFrame({"at": [datetime(2025, 1, 1), datetime(2025, 2, 1)], "total": [10.0, 60.0]}),
        pl.DataFrame(
            {"occurred_at": [datetime(2025, 1, 2)], "type": ["webinar"], "detail": [None]}
        ),
        threshold=50,
        lang=lang,
    ),
    "sla.owner_response_figure": lambda lang: sla.owner_response_figure(
        pl.DataFrame({"owner": ["Ito", None], "p50_hours": [2.0, 40.0], "p90_hours": [9.0, 90.0]}),
        contact_hours=24,
        lang=lang,
    ),
    "sla.speed_to_lead_figure": lambda lang: sla.speed_to_lead_figure(SPEED, lang=lang),
    "sla.sla_trend_figure": lambda lang: sla.sla_trend_figure(TREND, lang=lang),
    "sla.delivery_figure": lambda lang: sla.delivery_figure(TREND, lang=lang),
    "sla.verdict_bands_figure": lambda lang: sla.verdict_bands_figure(
        pl.DataFrame(
            {
                "low": [150.0, 100.0],
                "high": [None, 150.0],
                "judged": [10, 20],
                "accepted": [8, 5],
                "recycled": [1, 5],
                "rejected": [1, 10],
            }
        ),
        lang=lang,
    ),
    "whatif.monthly_figure": lambda lang: whatif.monthly_figure(_monthly(), lang=lang),
    "whatif.precision_recall_figure": lambda lang: whatif.precision_recall_figure(
        _sweep_table(), agreed=60, chosen=40, lang=lang
    ),
    "whatif.gains_figure": lambda lang: whatif.gains_figure(
        _sweep_table(), agreed=60, chosen=40, lang=lang
    ),
    "whatif.volume_figure": lambda lang: whatif.volume_figure(
        _sweep_table(), agreed=60, chosen=40, capacity=2.0, lang=lang
    ),
}


def _figure_functions() -> dict[str, Callable[..., go.Figure]]:
    return {
        f"{module.__name__.rsplit('.', 1)[1]}.{name}": function
        for module in MODULES
        for name, function in inspect.getmembers(module, inspect.isfunction)
        if function.__module__ == module.__name__
        and not name.startswith("_")
        and inspect.signature(function).return_annotation in {"go.Figure", go.Figure}
    }


def contrast(foreground: str, background: str) -> float:
    """The WCAG 2 contrast ratio of two ``#rrggbb`` colours (1 to 21)."""

    def luminance(colour: str) -> float:
        channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    high, low = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (high + 0.05) / (low + 0.05)


# --------------------------------------------------------------------------- one convention
def test_every_figure_function_is_listed_here() -> None:
    assert sorted(_figure_functions()) == sorted(FIGURES)


@pytest.mark.parametrize("name", sorted(FIGURES))
def test_every_figure_function_takes_lang(name: str) -> None:
    """``lang`` is keyword-only and required: a page cannot forget to pass its language."""
    parameter = inspect.signature(_figure_functions()[name]).parameters.get("lang")
    assert parameter is not None, f"{name} takes no lang"
    assert parameter.kind is inspect.Parameter.KEYWORD_ONLY
    assert parameter.default is inspect.Parameter.empty
    assert "labels" not in inspect.signature(_figure_functions()[name]).parameters


@pytest.mark.parametrize("name", sorted(FIGURES))
def test_every_figure_is_labelled_in_its_language(name: str) -> None:
    """Axis titles, legend names and figure titles are translated inside the chart module."""

    def words(fig: go.Figure) -> list[str]:
        layout = fig.layout
        shown = [layout.title.text, layout.xaxis.title.text, layout.yaxis.title.text]
        shown += [trace.name for trace in fig.data]
        shown += [a.text for a in layout.annotations]
        if name in {"conversion.funnel_figure", "conversion.stages_figure"}:
            shown += [
                str(v)
                for trace in fig.data
                for v in (trace.y if trace.type == "funnel" else trace.x)
            ]
        return [text for text in shown if text and re.search("[A-Za-z]{3,}", text)]

    english = words(FIGURES[name]("en"))
    japanese = words(FIGURES[name]("ja"))
    assert english, f"{name} shows no words at all"
    untranslated = [text for text in japanese if not JAPANESE.search(text)]
    # names that are the same in both languages (MQL, SQL) are fine; English sentences are not
    assert all(re.fullmatch(r"[A-Z]{2,4}( [^A-Za-z]*)?", text) for text in untranslated), (
        f"{name} in Japanese still shows {untranslated}"
    )


# --------------------------------------------------------------------------- one theme
@pytest.mark.parametrize("name", sorted(FIGURES))
def test_every_figure_uses_the_theme(name: str) -> None:
    fig = FIGURES[name]("en")
    template = fig.layout.template.layout
    assert template.font.family == FONT_FAMILY, f"{name} does not use the Kakehashi template"
    sizes = {
        "text": template.font.size,
        "x ticks": template.xaxis.tickfont.size,
        "y ticks": template.yaxis.tickfont.size,
        "legend": template.legend.font.size,
        "title": template.title.font.size,
        "annotations": template.annotationdefaults.font.size,
    }
    assert all(size >= MIN_PX for size in sizes.values()), sizes
    # nothing in the figure itself makes text smaller again
    for override in (
        fig.layout.font.size,
        fig.layout.xaxis.tickfont.size,
        fig.layout.yaxis.tickfont.size,
        fig.layout.legend.font.size,
        fig.layout.title.font.size,
        *(a.font.size for a in fig.layout.annotations),
    ):
        assert override is None or override >= MIN_PX, (name, override)
    for colour in (
        template.font.color,
        template.xaxis.tickfont.color,
        template.yaxis.tickfont.color,
    ):
        assert contrast(colour, template.paper_bgcolor) >= 7, colour  # AAA: readable projected
    # numbers on an axis read like the formatting layer's counts: 20,004, never "20.004k"
    for axis in (template.xaxis, template.yaxis):
        assert axis.separatethousands and axis.exponentformat == "none", name
    for axis in (fig.layout.xaxis, fig.layout.yaxis):
        assert axis.exponentformat in (None, "none"), (name, axis.exponentformat)


def test_the_template_is_registered_once_by_name() -> None:
    import plotly.io as pio

    assert pio.templates[theme.TEMPLATE_NAME].layout.font.family == FONT_FAMILY
    assert pio.templates.default != theme.TEMPLATE_NAME  # no global side effect on other figures


def test_palette_is_readable_and_meanings_are_distinct() -> None:
    meanings = {
        "good": COLOURS.good,
        "bad": COLOURS.bad,
        "neutral": COLOURS.neutral,
        "agreed": COLOURS.agreed,
        "proposed": COLOURS.proposed,
        "series": COLOURS.series,
    }
    assert len(set(meanings.values())) == len(meanings), meanings
    assert contrast(COLOURS.ink, COLOURS.background) >= 7
    for name, colour in meanings.items():
        assert contrast(colour, COLOURS.background) >= 4.5, name  # lines and bars on white
    assert contrast(COLOURS.muted, COLOURS.background) >= 3
    # several series of equal standing never borrow a verdict colour
    assert not set(SEQUENCE[1:]) & {COLOURS.good, COLOURS.bad, COLOURS.agreed, COLOURS.proposed}


def test_streamlit_config_has_the_same_light_theme() -> None:
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    app = config["theme"]
    assert app["base"] == "light"
    assert app["primaryColor"] == COLOURS.series
    assert app["backgroundColor"] == COLOURS.background
    assert app["secondaryBackgroundColor"] == COLOURS.panel
    assert app["textColor"] == app["dataframeHeaderTextColor"] == COLOURS.ink
    assert (app["greenColor"], app["redColor"]) == (COLOURS.good, COLOURS.bad)
    assert (app["grayColor"], app["violetColor"]) == (COLOURS.neutral, COLOURS.proposed)
    assert app["chartCategoricalColors"] == list(SEQUENCE)


# --------------------------------------------------------------------------- colours mean one thing
def _bar_colours(fig: go.Figure) -> list[str]:
    colours = fig.data[0].marker.color
    return [colours] * len(fig.data[0].x) if isinstance(colours, str) else list(colours)


def test_bands_colours_follow_the_action() -> None:
    fig = FIGURES["conversion.bands_figure"]("en")
    by_action = dict(zip(BANDS["action"], _bar_colours(fig), strict=True))
    assert by_action["keep_strengthen"] == COLOURS.good
    assert by_action["review_criteria"] == COLOURS.bad
    assert by_action["change_approach"] != COLOURS.good  # worse than average: never green


def test_lift_below_one_is_bad_and_above_is_good() -> None:
    fig = FIGURES["conversion.lift_figure"]("en")
    colours = dict(zip(fig.data[0].y, _bar_colours(fig), strict=True))
    assert (colours["IT"], colours["retail"]) == (COLOURS.good, COLOURS.bad)


def test_points_that_lower_a_score_are_bad() -> None:
    fig = FIGURES["scoring.explanation_figure"]("en")
    colours = dict(zip(fig.data[0].y, _bar_colours(fig), strict=True))
    assert colours == {"size": COLOURS.good, "pricing": COLOURS.good, "unsubscribe": COLOURS.bad}


@pytest.mark.parametrize(
    "name", ["whatif.precision_recall_figure", "whatif.volume_figure", "scoring.score_histogram"]
)
def test_agreed_threshold_is_navy_dashed_and_proposed_purple(name: str) -> None:
    fig = FIGURES[name]("en")
    vertical = [shape for shape in fig.layout.shapes if shape.x0 == shape.x1]
    agreed = vertical[0]
    assert (agreed.line.color, agreed.line.dash) == (COLOURS.agreed, "dash")
    if name.startswith("whatif."):
        proposed = vertical[1]
        assert proposed.line.color == COLOURS.proposed and proposed.line.dash in (None, "solid")


def test_gains_marks_agreed_and_proposed() -> None:
    fig = FIGURES["whatif.gains_figure"]("en")
    assert [trace.marker.color for trace in fig.data[2:]] == [COLOURS.agreed, COLOURS.proposed]


def test_no_verdict_colour_on_plain_data() -> None:
    """Counts and rates without a verdict are never green or red."""
    for name in (
        "conversion.funnel_figure",
        "conversion.cohort_figure",
        "conversion.stages_figure",
        "scoring.score_histogram",
        "whatif.monthly_figure",
        "whatif.volume_figure",
        "sla.speed_to_lead_figure",
        "sla.sla_trend_figure",
    ):
        fig = FIGURES[name]("en")
        colours = {str(c) for trace in fig.data for c in _trace_colours(trace)}
        assert not colours & {COLOURS.good, COLOURS.bad}, (name, colours)


def _trace_colours(trace: go.BaseTraceType) -> list[str]:
    found: list[str] = []
    marker = getattr(trace, "marker", None)
    if marker is not None and marker.color is not None:
        found += [marker.color] if isinstance(marker.color, str) else list(marker.color)
    line = getattr(trace, "line", None)
    if line is not None and getattr(line, "color", None):
        found.append(line.color)
    return found


def test_sla_colours_follow_the_promise_and_the_verdict() -> None:
    owners = FIGURES["sla.owner_response_figure"]("en")
    assert list(owners.data[0].marker.color) == [COLOURS.good, COLOURS.bad]  # P50 vs the SLA
    delivery = FIGURES["sla.delivery_figure"]("en")
    assert [c == COLOURS.good for c in delivery.data[0].marker.color] == [
        m >= 100 for m in TREND["mqls"]
    ]
    bands = FIGURES["sla.verdict_bands_figure"]("en")
    assert [t.marker.color for t in bands.data] == [COLOURS.good, COLOURS.neutral, COLOURS.bad]


def test_a_lead_timeline_with_one_event_spans_days_not_a_millisecond() -> None:
    """One event: Plotly alone would span 08:59:59.999–09:00:00.0005 (issue 9)."""
    nine = datetime(2025, 1, 1, 9, 0)
    fig = scoring.lead_timeline_figure(
        pl.DataFrame({"at": [nine], "total": [12.0]}),
        pl.DataFrame({"occurred_at": [nine], "type": ["page_view"], "detail": ["pricing"]}),
        threshold=100,
        lang="ja",
        mql_at=None,
        handoff_at=nine + timedelta(hours=5),
    )
    low, high = fig.layout.xaxis.range
    assert low <= nine - timedelta(hours=12) and high >= nine + timedelta(hours=17)
    assert high - low <= timedelta(days=3)
    assert list(fig.data[1].text) == ["ページ閲覧 · 料金ページ"]  # activity types in words
    assert [a.text for a in fig.layout.annotations][-1] == "営業へ引き渡し"


def test_funnel_labels_go_through_the_formatting_layer() -> None:
    # plotly's own labels read "10.349k" and "10%": the funnel shows "10,349" and "10.3%"
    from analytics.charts.conversion import funnel_figure

    frame = pl.DataFrame({"stage": ["lead", "mql", "won"], "reached": [100_000, 10_349, 1_435]})
    trace = funnel_figure(frame, lang="en").data[0]
    assert list(trace.text) == ["100,000", "10,349<br>10.3%", "1,435<br>13.9%"]
    assert trace.textinfo == "text"
