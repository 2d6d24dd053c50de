"""Tests of analytics.text.format: every formatter in both languages, the display table, codes."""

from __future__ import annotations

from datetime import date, datetime

import polars as pl
import pytest

from analytics.criteria import ACTIVITY_TYPES, BANT_ITEMS
from analytics.metrics.bands import ACTIONS, ORDER_FLAGS
from analytics.metrics.buying_stages import DEFAULT_STAGE_RULES, PRIORITIES, STAGES
from analytics.metrics.funnel import MISSING_LABEL
from analytics.store.ingest import PRESETS
from analytics.store.presets import COLUMNS
from analytics.text import format as fmt
from analytics.text.catalog import LANGUAGES


@pytest.mark.parametrize("kind", sorted(fmt.FORMATTERS))
@pytest.mark.parametrize("lang", sorted(LANGUAGES))
def test_every_formatter_takes_the_language_and_shows_missing_as_a_dash(kind, lang):
    assert fmt.FORMATTERS[kind](None, lang=lang) == fmt.MISSING
    assert fmt.FORMATTERS[kind](float("nan"), lang=lang) == fmt.MISSING


@pytest.mark.parametrize(
    ("kind", "value", "en", "ja"),
    [
        ("count", 12345, "12,345", "12,345"),
        ("pct", 0.171, "17.1%", "17.1%"),
        ("pct_points", -0.02, "−2.0 pt", "−2.0 ポイント"),
        ("money", 712_500, "¥712.5k", "71万円"),
        ("money", 98_740_000, "¥98.7M", "9,874万円"),
        ("yen", 712_500, "¥712,500", "71万円"),
        ("score", 101.792, "102", "102"),
        ("points", -30, "−30", "−30"),
        ("ratio", 2.054419, "2.05", "2.05"),
        ("auc", 0.6874, "0.69", "0.69"),
        ("p_value", 1.1e-202, "p < 0.001", "p < 0.001"),
        ("p_value", 0.0, "p < 0.001", "p < 0.001"),
        ("month", datetime(2024, 11, 1), "Nov 2024", "2024年11月"),
        ("day", date(2026, 10, 5), "2026-10-05", "2026/10/05"),
        ("moment", datetime(2026, 10, 5, 9, 30, 12), "2026-10-05 09:30", "2026/10/05 09:30"),
        ("days", 237.24, "237.2 days", "237.2日"),
        ("number", 101.792, "101.8", "101.8"),
    ],
)
def test_formatters(kind, value, en, ja):
    assert (fmt.FORMATTERS[kind](value, lang="en"), fmt.FORMATTERS[kind](value, lang="ja")) == (
        en,
        ja,
    )


@pytest.mark.parametrize(
    ("amount", "kind", "lang", "expected"),
    [
        (0.03, "pct", "en", "+3.0 pt"),
        (0.0, "pct", "ja", "±0.0 ポイント"),
        (-1_250_000, "money", "ja", "−125万円"),
        (51, "count", "ja", "+51"),
        (-2, "count", "en", "−2"),
        (0, "count", "en", "±0"),
        (0.0, "money", "en", "±0"),
        (None, "count", "en", "–"),
    ],
)
def test_signed_values(amount, kind, lang, expected):
    assert fmt.value(amount, kind, lang, signed=True) == expected


@pytest.mark.parametrize(
    ("low", "high", "expected"),
    [
        (50, 70, "50–69"),
        (90, None, "90+"),
        (55.594, 82.0453, "56–82"),
        (None, 50, "<50"),
    ],
)
def test_band_labels_from_rounded_edges(low, high, expected):
    assert fmt.band(low, high) == expected


def test_the_missing_category_is_the_metrics_one():
    assert fmt.NOT_SET == MISSING_LABEL


@pytest.mark.parametrize(
    ("kind", "codes"),
    [
        ("action", [*ACTIONS, *(r["action"] for r in DEFAULT_STAGE_RULES)]),
        ("order", ORDER_FLAGS),
        ("priority", PRIORITIES),
        ("buying_stage", [*STAGES, "none"]),
        ("activity", ACTIVITY_TYPES),
        ("bant", BANT_ITEMS),
        ("preset", [*PRESETS, "demo"]),
        ("stage_rule", [r["name"] for r in DEFAULT_STAGE_RULES]),
        ("stage_rule_help", [r["name"] for r in DEFAULT_STAGE_RULES]),
        ("column", sorted({c.name for cols in COLUMNS.values() for c in cols})),
    ],
)
def test_every_code_the_product_shows_has_a_label(kind, codes):
    missing = [code for code in codes if not fmt.has_label(kind, code)]
    assert not missing, f"code.{kind}: no label for {missing}"


def test_format_table_every_kind():
    frame = pl.DataFrame(
        {
            "stage": ["comparison", None],
            "types": [["page_view", "download"], []],
            "rate": [0.482, None],
            "lo": [0.4, None],
            "hi": [0.565, None],
            "source": ["web_form", None],
            "behaviour": ["page_view:pricing", "webinar"],
            "amount": [98_740_000.0, None],
            "flag": [True, False],
            "shown": ["+3", "±0"],
        }
    )
    kinds = {
        "stage": "code:buying_stage",
        "types": "list:activity",
        "rate": "rate_ci:lo:hi",
        "source": "category:source",
        "behaviour": "behaviour",
        "amount": "money",
        "flag": "bool",
        "shown": "figure",
    }
    got = fmt.format_table(frame, kinds, "ja")
    assert got.columns == list(kinds)
    assert got.row(0) == (
        "比較検討",
        "ページ閲覧、資料ダウンロード",
        "48.2% (40.0–56.5%)",
        "Webフォーム",
        "ページ閲覧: 料金ページ",
        "9,874万円",
        True,
        "+3",
    )
    assert got.row(1) == ("–", "–", "–", "（未入力）", "ウェビナー", "–", False, "±0")
    assert frame.columns[0] == "stage" and frame["rate"][0] == 0.482  # the input is unchanged


@pytest.mark.parametrize(
    ("kind", "numeric"),
    [("count", True), ("rate_ci:a:b", True), ("figure", True), ("text", False), ("moment", False)],
)
def test_numeric_kinds_are_right_aligned(kind, numeric):
    assert fmt.is_numeric_kind(kind) is numeric


@pytest.mark.parametrize(
    ("name", "label", "lang", "expected"),
    [
        ("pricing_page", "料金ページ閲覧", "ja", "料金ページ閲覧"),
        ("pricing_page", "料金ページ閲覧", "en", "Pricing page views"),
        ("size", "Company size", "en", "Company size"),
        ("title_rank", "", "ja", "役職"),
    ],
)
def test_rule_labels(name, label, lang, expected):
    assert fmt.rule_label(name, label, lang) == expected
