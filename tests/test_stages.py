"""analytics.metrics.buying_stages: rule validation, the DuckDB scan against plain SQL, precedence, call list."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from analytics.errors import InputError
from analytics.metrics.buying_stages import (
    DEFAULT_STAGE_RULES,
    NO_STAGE,
    PRIORITIES,
    REQUIRED_FIELDS,
    RULE_FIELDS,
    STAGES,
    assign_stages,
    call_now_list,
    classify_leads,
    count_rule_matches,
    count_stages,
    load_stage_rules,
    parse_stage_rule,
)
from analytics.store.db import Workspace
from tests.conversion_data import replay_leads
from tests.test_pages import demo_db  # noqa: F401  (session fixture)

AS_OF = datetime(2025, 6, 30)


def test_every_default_rule_is_valid_and_documented() -> None:
    rules = load_stage_rules()
    assert len(rules) == len(DEFAULT_STAGE_RULES)
    for raw, rule in zip(DEFAULT_STAGE_RULES, rules, strict=True):
        assert set(raw) <= set(RULE_FIELDS)
        assert rule.help, f"rule {rule.name!r} needs help text"
        assert rule.stage in STAGES and rule.priority in PRIORITIES
    assert all(text.strip() for text in RULE_FIELDS.values())
    assert set(REQUIRED_FIELDS) <= set(RULE_FIELDS)
    # the three behaviours of the brief
    by_name = {r.name: r for r in rules}
    assert (by_name["pricing_repeat"].stage, by_name["pricing_repeat"].priority) == (
        "comparison",
        "high",
    )
    assert by_name["case_studies"].stage == "information_gathering"
    assert by_name["company_page"].action == "educational_content"


BASE = {
    "name": "r",
    "stage": "comparison",
    "priority": "high",
    "action": "call",
    "types": ["inquiry"],
}


@pytest.mark.parametrize(
    ("change", "match"),
    [
        ({"stage": "buying"}, "stage 'buying'"),
        ({"priority": "urgent"}, "priority 'urgent'"),
        ({"min_count": 0}, "min_count 0"),
        ({"min_count": 1.5}, "min_count 1.5"),
        ({"window_days": -1}, "window_days -1"),
        ({"types": []}, "types"),
        ({"name": "has space"}, "name 'has space'"),
        ({"colour": "red"}, "unknown key"),
        ({"action": " "}, "action"),
    ],
)
def test_rule_validation(change: dict, match: str) -> None:
    with pytest.raises(InputError, match=match):
        parse_stage_rule({**BASE, **change})


def test_missing_key_and_duplicates_and_toml() -> None:
    with pytest.raises(InputError, match="missing key"):
        parse_stage_rule({"name": "x"})
    with pytest.raises(InputError, match="used twice"):
        load_stage_rules([BASE, BASE])
    with pytest.raises(InputError, match="TOML"):
        load_stage_rules("[[rule]\nname=")
    with pytest.raises(InputError, match="no stage rules"):
        load_stage_rules([])
    rules = load_stage_rules(
        '[[rule]]\nname = "a"\nstage = "awareness"\npriority = "low"\naction = "mail"\ntypes = "page_view"'
    )
    assert rules[0].types == ("page_view",) and rules[0].window_days == 30.0


@pytest.fixture
def stage_ws(tmp_path: Path):
    ws = Workspace.open(tmp_path / "s.duckdb")
    rows = [
        # a: two pricing views + company page -> comparison (first rule wins)
        ("a", datetime(2025, 6, 20), "page_view", "/pricing"),
        ("a", datetime(2025, 6, 21), "page_view", "料金プラン"),
        ("a", datetime(2025, 6, 22), "page_view", "company"),
        # b: one pricing view (not enough) + case study -> information gathering
        ("b", datetime(2025, 6, 20), "page_view", "pricing"),
        ("b", datetime(2025, 6, 25), "page_view", "case_study"),
        # c: company page only -> awareness
        ("c", datetime(2025, 6, 10), "page_view", "Company"),
        # d: pricing views too old (outside 30 days) and after as_of -> none
        ("d", datetime(2025, 4, 1), "page_view", "pricing"),
        ("d", datetime(2025, 4, 2), "page_view", "pricing"),
        ("d", datetime(2025, 7, 2), "inquiry", None),
        # e: inquiry -> comparison; has a deal already
        ("e", datetime(2025, 6, 29), "inquiry", "見積依頼"),
    ]
    with ws.transaction() as cur:
        cur.executemany(
            "INSERT INTO activities (lead_id, occurred_at, type, detail) VALUES (?, ?, ?, ?)", rows
        )
    yield ws
    ws.close()


def test_stage_assignment_and_precedence(stage_ws: Workspace) -> None:
    rules = load_stage_rules()
    matches = count_rule_matches(stage_ws, rules, as_of=AS_OF)
    # independent count for the pricing rule by plain SQL
    n_pricing_a = stage_ws.scalar(
        "SELECT count(*) FROM activities WHERE lead_id = 'a' AND type = 'page_view' "
        "AND (lower(detail) LIKE '%pricing%' OR lower(detail) LIKE '%price%' OR detail LIKE '%料金%') "
        "AND occurred_at > TIMESTAMP '2025-06-30' - INTERVAL 30 DAY AND occurred_at <= TIMESTAMP '2025-06-30'"
    )
    got = matches.filter((pl.col("lead_id") == "a") & (pl.col("rule_order") == 0))["events"].item()
    assert got == n_pricing_a == 2
    assigned = assign_stages(matches, rules).sort("lead_id")
    expected = pl.DataFrame(
        {
            "lead_id": ["a", "b", "c", "e"],
            "stage": ["comparison", "information_gathering", "awareness", "comparison"],
            "priority": ["high", "medium", "low", "high"],
            "action": [
                "call_and_demo",
                "webinar_invitation",
                "educational_content",
                "call_and_demo",
            ],
            "rule": ["pricing_repeat", "case_studies", "company_page", "inquiry"],
        }
    )
    assert_frame_equal(assigned.select(expected.columns), expected)
    counts = count_stages(assigned, total_leads=5)
    assert counts.rows() == [
        ("comparison", 2, 0.4),
        ("information_gathering", 1, 0.2),
        ("awareness", 1, 0.2),
        (NO_STAGE, 1, 0.2),
    ]
    assert counts["leads"].sum() == 5
    leads = pl.DataFrame(
        {
            "lead_id": ["a", "b", "c", "d", "e"],
            "company": ["=cmd|' /C calc'!A0", "B社", "C社", "D社", "E社"],
            "opportunity_at": [None, None, None, None, datetime(2025, 6, 1)],
        }
    )
    calls = call_now_list(assigned, leads)
    assert calls["lead_id"].to_list() == ["a"]  # e already has a deal
    assert call_now_list(assigned, leads, priorities=("high", "medium"))["lead_id"].to_list() == [
        "b",
        "a",
    ]
    with pytest.raises(InputError, match="urgent"):
        call_now_list(assigned, leads, priorities=("urgent",))


def test_classify_defaults_to_latest_activity(stage_ws: Workspace) -> None:
    leads = pl.DataFrame({"lead_id": ["a", "b", "c", "d", "e"]})
    out = classify_leads(stage_ws, leads, load_stage_rules())
    # as of 2025-07-02 (the newest activity): d's inquiry now counts
    assert dict(out.select("lead_id", "rule").iter_rows())["d"] == "inquiry"
    with Workspace.open(":memory:") as blank:
        assert classify_leads(blank, leads, load_stage_rules()).is_empty()


def test_demo_stages(demo_db: Path) -> None:  # noqa: F811
    frame, as_of = replay_leads(demo_db)
    rules = load_stage_rules()
    with Workspace.open(demo_db) as ws:
        assigned = classify_leads(ws, frame, rules, as_of=as_of)
        inquiry_leads = ws.scalar(
            "SELECT count(DISTINCT lead_id) FROM activities WHERE type = 'inquiry' "
            "AND occurred_at > ?::TIMESTAMP - INTERVAL 30 DAY AND occurred_at <= ?",
            [as_of, as_of],
        )
    counts = count_stages(assigned, total_leads=frame.height)
    assert counts["leads"].sum() == frame.height
    # every lead with a recent inquiry is in comparison (pricing_repeat or inquiry)
    comparison = assigned.filter(pl.col("stage") == "comparison")
    assert (
        comparison.filter(pl.col("rule") == "inquiry").height <= inquiry_leads <= comparison.height
    )
