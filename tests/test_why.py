"""The words of "why this score": labels not codes, readable counts, whole points in both languages."""

from __future__ import annotations

import polars as pl
import pytest

from analytics.criteria import default_criteria, load_criteria, points_table
from analytics.scoring.explain import explain_replayed
from analytics.scoring.replay import replay
from analytics.scoring.why import (
    chart_lines,
    moment_column,
    points_table_words,
    why_summary,
    why_table,
)
from analytics.store.db import Workspace
from analytics.text.catalog import LANGUAGES
from analytics.text.format import rule_label
from tests import test_explain, test_pages
from tests.test_explain import RULES, _explain

demo_db = test_pages.demo_db  # the shared fixtures
three_leads = test_explain.three_leads

RAW = ("pricing", "webinar", "size", "fit", "engagement", "(default)", "(missing)", "None")


def _cells(table: pl.DataFrame) -> list[str]:
    return [str(v) for row in table.rows() for v in row]


@pytest.mark.parametrize(
    ("lang", "summary", "details"),
    [
        (
            "en",
            "MQL on 2025-04-11 12:00 with a score of 51 (threshold 50). Today (2025-05-01): 36. "
            "Handed to sales on 2025-04-12 12:00.",
            ["100–499 (300) → +15", "4 times in the last 10 days, −25% decay"],
        ),
        (
            "ja",
            "2025/04/11 12:00 に MQL 到達（スコア 51、閾値 50）。現在（2025/05/01）のスコア: 36。"
            "営業への引き渡し: 2025/04/12 12:00。",
            ["100–499（300） → +15", "直近10日間に4回、減衰 −25%"],
        ),
    ],
)
def test_an_mql_reads_at_its_moment_then_today(three_leads, lang, summary, details) -> None:
    criteria = load_criteria(RULES)
    _, why = _explain(three_leads, criteria, "A")
    assert why_summary(why, lang) == summary
    table = why_table(why, criteria, lang)
    assert table.columns == ["rule", "at_moment", "today", "detail"]
    rules = dict(zip(table["rule"], table["detail"], strict=True))
    assert rules[rule_label("size", "従業員数", lang)] == details[0]
    assert rules[rule_label("pricing", "料金ページ閲覧", lang)] == details[1]
    assert table.row(-1)[1:3] == ("51", "36")  # the total row: each column adds up to it
    assert table["at_moment"].to_list()[:-1] == ["+15", "+36"]  # webinar and pv add nothing
    assert not any(raw == cell or f"{raw} " in cell for cell in _cells(table) for raw in RAW)
    assert moment_column(why, lang) in ("At the MQL moment", "MQL 到達時")


@pytest.mark.parametrize("lang", sorted(LANGUAGES))
def test_hand_off_aggregate_and_cap_words(three_leads, lang: str) -> None:
    criteria = load_criteria(RULES)
    _, handed = _explain(three_leads, criteria, "B")
    assert moment_column(handed, lang) in ("At the hand-off", "営業への引き渡し時")
    detail = why_table(handed, criteria, lang)["detail"].to_list()
    assert detail[1] in ("once, 10 days before, −50% decay", "10日前に1回、減衰 −50%")
    _, quiet = _explain(three_leads, criteria, "C")
    table = why_table(quiet, criteria, lang)
    assert table.columns == ["rule", "today", "detail"]  # one moment: today
    assert table["detail"].to_list()[:2] == (
        ["Not given → 0", "35 in the lead record (no activity rows), capped at 20"]
        if lang == "en"
        else ["未入力 → 0", "リード情報の集計値 35（行動履歴なし）、上限 20 点で打ち切り"]
    )
    assert "(missing)" not in _cells(table) and "None" not in " ".join(_cells(table))


def test_weights_and_the_floor_are_said(three_leads) -> None:
    criteria = load_criteria(
        RULES.replace("threshold = 50", "threshold = 50\nfit_weight = 0.5\nceiling = 40")
    )
    _, why = _explain(three_leads, criteria, "A")
    words = dict(
        zip(*why_table(why, criteria, "en")[["rule", "detail"]].get_columns(), strict=True)
    )
    assert words["Size"] == "100–499 (300) → +15 × fit weight 0.5"
    assert words["Floor/ceiling adjustment"] == "cut to the ceiling 40"
    bars = chart_lines(why.at_moment, criteria, "ja")
    assert bars["rule"].to_list() == ["従業員数", "料金ページ閲覧", "下限・上限の調整"]
    assert bars["points"].sum() == round(why.at_moment.total)


@pytest.mark.parametrize("lang", sorted(LANGUAGES))
def test_every_default_rule_has_words_in_each_language(lang: str) -> None:
    criteria = default_criteria()
    words = points_table_words(criteria, lang)
    assert words.select("rule", "kind", "option").equals(
        points_table(criteria).select("rule", "kind", "option")
    )
    shown = _cells(words.select("rule_label", "kind_label", "option_label"))
    names = {r.name for r in (*criteria.fit_rules, *criteria.engagement_rules)}
    assert not names & set(shown)
    assert not {"fit", "engagement", "(default)", "(missing)", "per occurrence"} & set(shown)
    if lang == "en":  # Japanese band labels are redrawn from their edges
        assert "10億円以上" not in shown and "≥ ¥1,000,000,000" in shown


def test_demo_words_in_both_languages(demo_db) -> None:
    criteria = default_criteria()
    names = {r.name for r in (*criteria.fit_rules, *criteria.engagement_rules)}
    with Workspace.open(demo_db) as ws:
        result = replay(ws, criteria)
        for lead_id in result.leads.filter(pl.col("mql_at").is_not_null())["lead_id"].head(5):
            why = explain_replayed(ws, criteria, result.leads, lead_id, as_of=result.as_of)
            for lang in LANGUAGES:
                cells = _cells(why_table(why, criteria, lang))
                assert not names & set(cells)
                assert not any("e-0" in c or "None" in c or "(default)" in c for c in cells)
