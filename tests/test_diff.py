"""Rule-by-rule criteria diff (analytics.criteria.diff): exact records and words in EN/JA."""

from __future__ import annotations

from dataclasses import replace

import pytest

from analytics.criteria import DEFAULT_PATH, default_criteria, load_criteria
from analytics.criteria.diff import describe_changes, diff_criteria, rule_label

DEFAULT = default_criteria()


def changed_copy() -> str:
    """criteria/default.toml with one change of each kind a meeting makes."""
    text = DEFAULT_PATH.read_text(encoding="utf-8")
    for old, new in [
        ("threshold = 100", "threshold = 90"),
        ("points = 15\ncap = 45", "points = 20\ncap = 60"),
        ("[sql_rule]\n", "[sql_rule]\nbudget = 2\n"),
        ("contact_hours = 24", "contact_hours = 12"),
        (
            '{ min = 500, points = 25, label = "500+" }',
            '{ min = 500, points = 30, label = "500+" }',
        ),
        ('"製造業" = 20', '"製造業" = 25'),
        ('"サービス業" = 10\n', ""),
        ("fit_weight = 0.5", "fit_weight = 0.6"),
        ('name = "careers_page"', 'name = "careers_page"\nwindow_days = 180'),
    ]:
        assert old in text, old
        text = text.replace(old, new, 1)
    email_open = text.index('[[engagement]]\nname = "email_open"')
    text = (
        text[:email_open]
        + (
            '[[engagement]]\nname = "trial"\nlabel = "無料トライアル"\ntype = "trial"\n'
            "points = 30\ncap = 30\n\n"
        )
        + text[email_open:]
    )
    unsubscribe = text.index('[[engagement]]\nname = "unsubscribe"')
    end = text.index("[[engagement]]", unsubscribe + 10)
    return text[:unsubscribe] + text[end:]  # the unsubscribe rule removed


def test_a_changed_copy_of_the_default_lists_exactly_the_changed_rules() -> None:
    changed = load_criteria(changed_copy())
    assert diff_criteria(DEFAULT, changed) == [
        {"rule": "threshold", "field": "threshold", "a": 100.0, "b": 90.0, "change": "changed"},
        {"rule": "weights", "field": "fit_weight", "a": 0.5, "b": 0.6, "change": "changed"},
        {"rule": "employees", "field": "band 500+", "a": 25.0, "b": 30.0, "change": "changed"},
        {"rule": "industry", "field": "value 製造業", "a": 20.0, "b": 25.0, "change": "changed"},
        {"rule": "industry", "field": "value サービス業", "a": 10.0, "b": None, "change": "removed"},
        {"rule": "pricing_page", "field": "points", "a": 15.0, "b": 20.0, "change": "changed"},
        {"rule": "pricing_page", "field": "cap", "a": 45.0, "b": 60.0, "change": "changed"},
        {"rule": "careers_page", "field": "window_days", "a": None, "b": 180.0, "change": "added"},
        {
            "rule": "unsubscribe",
            "field": None,
            "a": {"name": "unsubscribe", "label": "配信停止", "type": ["unsubscribe"],
                  "points": -40.0, "cap": 40.0},
            "b": None,
            "change": "removed",
        },
        {
            "rule": "trial",
            "field": None,
            "a": None,
            "b": {"name": "trial", "label": "無料トライアル", "type": ["trial"], "points": 30.0,
                  "cap": 30.0},
            "change": "added",
        },
        {"rule": "sql_rule", "field": "budget", "a": None, "b": 2, "change": "added"},
        {"rule": "sla", "field": "contact_hours", "a": 24.0, "b": 12.0, "change": "changed"},
    ]  # fmt: skip


def test_the_diff_in_words_in_both_languages() -> None:
    changed = load_criteria(changed_copy())
    records = diff_criteria(DEFAULT, changed)
    assert describe_changes(records, "en", a=DEFAULT, b=changed) == [
        "threshold 100 → 90",
        "weights: fit weight 0.5 → 0.6",
        "employees: “500+” +25 → +30 points",
        "industry: “製造業” +20 → +25 points; “サービス業” +10 points removed",
        "pricing page: +15 → +20 points; cap 45 → 60",
        "careers page: window – → 180 days",
        "unsubscribe: rule removed (was −40 points each)",
        "trial: rule added (+30 points each)",
        "SQL rule: Budget ≥ medium added",
        "SLA: first contact 24 h → 12 h",
    ]
    assert describe_changes(records, "ja", a=DEFAULT, b=changed) == [
        "しきい値 100 → 90",
        "重み: 属性の重み 0.5 → 0.6",
        "従業員数: 「500+」 +25 → +30 点",
        "業種: 「製造業」 +20 → +25 点、「サービス業」 +10 点を削除",
        "料金ページ閲覧: +15 → +20 点、点数上限 45 → 60",
        "採用ページ閲覧: 対象期間 – → 180 日",
        "配信停止: ルールを削除（1回 −40 点だった）",
        "無料トライアル: ルールを追加（1回 +30 点）",
        "SQL条件: 予算 ≥ 中 を追加",
        "SLA: 初回接触 24時間 → 12時間",
    ]


def test_the_same_criteria_differ_in_nothing_but_the_version() -> None:
    assert diff_criteria(DEFAULT, replace(DEFAULT, version=7)) == []
    assert describe_changes([], "ja") == []


@pytest.mark.parametrize(
    ("b", "expected"),
    [
        (
            replace(DEFAULT, sql_rule=replace(DEFAULT.sql_rule, need=2, timeline=None)),
            ["SQL rule: Need ≥ high/clear → Need ≥ medium; Timeline ≥ high/clear removed"],
        ),
        (
            replace(DEFAULT, ceiling=None, floor=-10.0),
            ["score range: floor 0 → −10; ceiling 200 → –"],
        ),
        (replace(DEFAULT, name="pilot"), ["criteria: name default → pilot"]),
        (replace(DEFAULT, description="new"), ["criteria: description changed"]),
    ],
)
def test_sections_in_words(b, expected) -> None:
    assert describe_changes(diff_criteria(DEFAULT, b), "en", a=DEFAULT, b=b) == expected


def test_band_bounds_and_page_lists() -> None:
    b = load_criteria(
        DEFAULT_PATH.read_text(encoding="utf-8")
        .replace('{ min = 500, points = 25, label = "500+" }', "{ min = 1000, points = 25 }", 1)
        .replace('detail = ["pricing"]', 'detail = ["pricing", "plans"]', 1)
    )
    records = diff_criteria(DEFAULT, b)
    assert [(r["rule"], r["field"], r["change"]) for r in records] == [
        ("employees", "bands", "changed"),
        ("employees", "band 500+", "removed"),
        ("employees", "band ≥ 1,000", "added"),
        ("pricing_page", "detail", "changed"),
    ]
    assert describe_changes(records, "en", a=DEFAULT, b=b)[-1] == (
        "pricing page: pages pricing → pricing, plans"
    )


def test_rule_labels() -> None:
    assert rule_label("pricing_page", "ja", DEFAULT) == "料金ページ閲覧"
    assert rule_label("pricing_page", "en", DEFAULT) == "pricing page"
    assert rule_label("unknown_rule", "ja", DEFAULT) == "unknown rule"
    assert rule_label("sql_rule", "en") == "SQL rule"
