"""Tests of analytics.charts.whatif: each figure shows the sweep's numbers and the marks."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from analytics.charts.whatif import (
    gains_figure,
    monthly_figure,
    precision_recall_figure,
    volume_figure,
)
from analytics.metrics.whatif import (
    Assumptions,
    _example_frames,
    monthly_at,
    prepare_sweep,
    sweep_table,
)
from analytics.text.catalog import t


@pytest.fixture
def table() -> pl.DataFrame:
    leads, path, _ = _example_frames()
    return sweep_table(prepare_sweep(leads, path, agreed_threshold=60))


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_monthly_figure_bars_and_capacity(lang):
    leads, path, _ = _example_frames()
    sweep = prepare_sweep(leads, path, agreed_threshold=60)
    monthly = monthly_at(sweep, 30, assumptions=Assumptions(capacity_per_month=2))
    fig = monthly_figure(monthly, lang=lang)
    bars, line = fig.data
    assert list(bars.y) == monthly["mql"].to_list()
    assert list(line.y) == [2.0, 2.0]
    assert fig.layout.title.text == t("whatif.monthly", lang)
    no_capacity = monthly_figure(monthly_at(sweep, 30), lang=lang)
    assert len(no_capacity.data) == 1


@pytest.mark.parametrize(("agreed", "chosen", "lines"), [(60, 40, 2), (60, 60, 1), (60, None, 1)])
def test_curves_mark_thresholds(table, agreed, chosen, lines):
    fig = precision_recall_figure(table, agreed=agreed, chosen=chosen, lang="en")
    assert list(fig.data[0].y) == table["precision"].to_list()
    assert list(fig.data[1].y) == table["recall"].to_list()
    assert [shape.x0 for shape in fig.layout.shapes][:lines] == [agreed, chosen][:lines]
    assert len(fig.layout.shapes) == lines
    volume = volume_figure(table, agreed=agreed, chosen=chosen, capacity=3.0, lang="en")
    assert list(volume.data[0].y) == table["mql_per_month"].to_list()
    assert len(volume.layout.shapes) == lines + 1  # + the capacity line


def test_gains_figure_points_at_thresholds(table):
    fig = gains_figure(table, agreed=60, chosen=30, lang="en")
    curve, diagonal, agreed_mark, chosen_mark = fig.data
    assert list(curve.x) == table.sort("threshold", descending=True)["mql_rate"].to_list()
    assert list(diagonal.x) == [0, 1]
    at_60 = table.filter(pl.col("threshold") == 60.0).row(0, named=True)
    assert (agreed_mark.x[0], agreed_mark.y[0]) == (at_60["mql_rate"], at_60["recall"])
    at_30 = table.filter(pl.col("threshold") == 30.0).row(0, named=True)
    assert (chosen_mark.x[0], chosen_mark.y[0]) == (at_30["mql_rate"], at_30["recall"])


def test_monthly_months_are_dates():
    leads, path, _ = _example_frames()
    monthly = monthly_at(prepare_sweep(leads, path, agreed_threshold=60), 60)
    assert monthly["month"].to_list() == [date(2025, 1, 1), date(2025, 2, 1)]
