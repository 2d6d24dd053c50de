"""Criteria documents: validation messages, defaults, documentation, versions."""

from __future__ import annotations

import dataclasses
import tomllib

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from analytics.criteria import (
    DEFAULT_PATH,
    FIELDS,
    Criteria,
    active_criteria,
    apply_points_table,
    criteria_reference,
    criteria_to_dict,
    default_criteria,
    dump_criteria,
    get_criteria,
    list_criteria,
    load_criteria,
    points_table,
    save_draft,
)
from analytics.errors import CriteriaError

PREFECTURES = [
    "北海道",
    "青森県",
    "岩手県",
    "宮城県",
    "秋田県",
    "山形県",
    "福島県",
    "茨城県",
    "栃木県",
    "群馬県",
    "埼玉県",
    "千葉県",
    "東京都",
    "神奈川県",
    "新潟県",
    "富山県",
    "石川県",
    "福井県",
    "山梨県",
    "長野県",
    "岐阜県",
    "静岡県",
    "愛知県",
    "三重県",
    "滋賀県",
    "京都府",
    "大阪府",
    "兵庫県",
    "奈良県",
    "和歌山県",
    "鳥取県",
    "島根県",
    "岡山県",
    "広島県",
    "山口県",
    "徳島県",
    "香川県",
    "愛媛県",
    "高知県",
    "福岡県",
    "佐賀県",
    "長崎県",
    "熊本県",
    "大分県",
    "宮崎県",
    "鹿児島県",
    "沖縄県",
]

EVERY_KEY = """
name = "all"
version = 3
description = "every key"
threshold = 90
fit_weight = 0.5
engagement_weight = 1.5
floor = -10
ceiling = 150
[sql_rule]
budget = 1
authority = 2
need = 3
timeline = 3
[sla]
contact_hours = 48
mql_per_month = 20
min_score = 95
[[fit]]
name = "size"
label = "従業員"
field = "employees"
default = 1
missing = 2
bands = [{min = 500, points = 25, label = "big"}, {min = 10, max = 500, points = 10}]
[[fit]]
name = "ind"
field = "industry"
values = {"製造業" = 20}
[[fit]]
name = "title"
field = "title"
contains = {"部長" = 20}
[[engagement]]
name = "pricing"
label = "料金"
type = ["page_view"]
detail = ["pricing"]
detail_contains = ["price"]
campaign = ["c1"]
points = 15
cap = 45
window_days = 90
half_life_days = 30
[[engagement]]
name = "pv"
field = "page_views"
points = 1
"""


def test_default_criteria_is_the_practice() -> None:
    c = default_criteria()
    assert (c.threshold, c.name) == (100.0, "default")
    assert c.engagement_weight > c.fit_weight  # behaviour weighs more than fit
    assert c.sql_rule.required == {"need": 3, "timeline": 3}
    rules = {r.name: r for r in c.fit_rules}
    bands = {b.display: b.points for b in rules["employees"].bands}
    assert 20 <= bands["500+"] <= 30 and 10 <= bands["100–499"] <= 19 and 1 <= bands["1–99"] <= 9
    assert [b.min for b in rules["annual_revenue"].bands] == [1e9, 1e8, None]
    region = dict(rules["region"].values)
    assert set(PREFECTURES) <= set(region) and len(PREFECTURES) == 47
    assert region["東京都"] > region["愛知県"] > region["沖縄県"]
    assert region["大阪府"] == region["東京都"]
    industry = dict(rules["industry"].values)
    assert (
        industry["製造業"]
        == industry["IT・通信"]
        == industry["Manufacturing"]
        > industry["サービス業"]
    )
    assert industry["サービス業"] > rules["industry"].default
    assert dict(rules["title_rank"].values)["director"] == 20
    engagement = {r.name: r for r in c.engagement_rules}
    assert engagement["pricing_page"].points == 15
    assert engagement["unsubscribe"].points < 0
    assert engagement["case_study"].points > engagement["company_page"].points
    assert {"download", "webinar", "inquiry"} <= set(engagement)


def test_every_key_is_documented_and_round_trips() -> None:
    c = load_criteria(EVERY_KEY)
    doc = tomllib.loads(EVERY_KEY)
    documented = {f.path for f in FIELDS}

    def paths(table: dict, prefix: str) -> set[str]:
        found = set()
        for key, value in table.items():
            path = f"{prefix}{key}"
            found.add(path)
            if isinstance(value, dict) and key in {"sql_rule", "sla"}:
                found |= paths(value, f"{path}.")
            if isinstance(value, list) and value and isinstance(value[0], dict):
                for item in value:
                    found |= paths(item, f"{path}[].")
        return found

    used = paths(doc, "")
    assert used == documented  # EVERY_KEY uses every documented key, and only those
    assert paths(criteria_to_dict(c), "") <= documented
    assert all(f.help.strip() and f.type.strip() for f in FIELDS)
    reference = criteria_reference()
    assert all(f"`{f.path}`" in reference for f in FIELDS)
    assert load_criteria(dump_criteria(c)) == c
    assert load_criteria(dump_criteria(default_criteria())) == default_criteria()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("threshold = 'x'", r"'threshold': 'x' is not a number; write a number"),
        ("thresold = 100", r"unknown key 'thresold'; did you mean 'threshold'\?"),
        ("fit_weight = -1", r"'fit_weight': -1.0 is negative"),
        ("ceiling = 0\nfloor = 10", r"'ceiling': 0.0 is not above floor 10.0"),
        ("[[fit]]\nfield = 'x'\nvalues = {a = 1}", r"fit rule #1: field 'name' is missing"),
        ("[[fit]]\nname = 'size'\nvalues = {a = 1}", r"fit rule 'size': field 'field' is missing"),
        ("[[fit]]\nname = 'size'\nfield = 'employees'", r"fit rule 'size': give exactly one of"),
        (
            "[[fit]]\nname = 'size'\nfield = 'e'\nbands = [{min = 5, max = 1, points = 1}]",
            r"fit rule 'size' band #1: min 5.0 is not below max 1.0",
        ),
        (
            "[[fit]]\nname = 'size'\nfield = 'e'\nbands = [{min = 5}]",
            r"fit rule 'size' band #1: field 'points' is missing",
        ),
        (
            "[[fit]]\nname = 'i'\nfield = 'e'\nvalues = {a = 'x'}",
            r"fit rule 'i' field 'values' entry 'a': 'x' is not a number",
        ),
        (
            "[[engagement]]\nname = 'p'\npoints = 1",
            r"engagement rule 'p': give exactly one of 'type'",
        ),
        (
            "[[engagement]]\nname = 'p'\ntype = 'x'",
            r"engagement rule 'p': field 'points' is missing",
        ),
        (
            "[[engagement]]\nname = 'p'\ntype = 'x'\npoints = 1\ncap = 0",
            r"engagement rule 'p' field 'cap': 0.0 must be > 0",
        ),
        (
            "[[engagement]]\nname = 'p'\ntype = 'x'\npoints = 1\nhalf_life = 3",
            r"engagement rule 'p': unknown key 'half_life'; did you mean 'half_life_days'\?",
        ),
        (
            "[[engagement]]\nname = 'p'\nfield = 'page_views'\npoints = 1\nwindow_days = 3",
            r"engagement rule 'p': 'window_days' needs activity rows",
        ),
        (
            "[[engagement]]\nname = 'p'\ntype = 1\npoints = 1",
            r"engagement rule 'p' field 'type': 1 is not a string",
        ),
        ("[sql_rule]\nneed = 4", r"'sql_rule.need': 4 is not a BANT level; use 0 \(unknown\)"),
        ("[sql_rule]\nmoney = 1", r"unknown key 'money'"),
        ("[sla]\ncontact_hours = 0", r"'sla.contact_hours': 0.0 must be > 0"),
        ("[sla]\nmql_per_month = 1.5", r"'sla.mql_per_month': 1.5 is not a whole number"),
        (
            "[[fit]]\nname = 'a'\nfield = 'e'\nvalues = {x = 1}\n[[engagement]]\nname = 'a'\ntype = 'x'\npoints = 1",
            r"rule name 'a' is used twice",
        ),
        ("threshold = = 1", r"criteria text is not valid TOML"),
    ],
)
def test_invalid_criteria_name_rule_field_and_fix(text: str, message: str) -> None:
    with pytest.raises(CriteriaError, match=message):
        load_criteria(text)


def test_load_from_path_bytes_and_missing_file(tmp_path) -> None:
    assert load_criteria(DEFAULT_PATH) == default_criteria()
    assert load_criteria(DEFAULT_PATH.read_bytes()) == default_criteria()
    assert load_criteria(str(DEFAULT_PATH)) == default_criteria()
    bad = tmp_path / "bad.toml"
    bad.write_text("threshold = 'x'", encoding="utf-8")
    with pytest.raises(
        CriteriaError, match=r"criteria file '.*bad.toml': criteria field 'threshold'"
    ):
        load_criteria(bad)
    with pytest.raises(CriteriaError, match=r"cannot read criteria file"):
        load_criteria(tmp_path / "nope.toml")


def test_replace_for_what_if_and_sha() -> None:
    c = default_criteria()
    lower = dataclasses.replace(c, threshold=80)
    assert lower.threshold == 80.0 and lower.fit_rules == c.fit_rules
    assert lower.sha256 != c.sha256 and len(c.sha256) == 64
    assert dataclasses.replace(c).sha256 == c.sha256
    assert lower.structure == c.structure  # a threshold change needs no new features
    with pytest.raises(CriteriaError, match="ceiling"):
        dataclasses.replace(c, ceiling=-5.0)


def test_points_table_edits_points_only() -> None:
    c = load_criteria(EVERY_KEY)
    table = points_table(c)
    expected = pl.DataFrame(
        {
            "rule": ["size"] * 4 + ["ind"] * 3 + ["title"] * 3 + ["pricing", "pv"],
            "kind": ["fit"] * 10 + ["engagement"] * 2,
            "option": [
                "big",
                "10–500",
                "(default)",
                "(missing)",
                "製造業",
                "(default)",
                "(missing)",
                "部長",
                "(default)",
                "(missing)",
                "per occurrence",
                "per occurrence",
            ],
            "points": [25.0, 10.0, 1.0, 2.0, 20.0, 0.0, 0.0, 20.0, 0.0, 0.0, 15.0, 1.0],
            "cap": [None] * 10 + [45.0, None],
        }
    )
    assert_frame_equal(table, expected)
    edited = table.with_columns(
        points=pl.when(pl.col("option") == "big").then(30.0).otherwise(pl.col("points")),
        cap=pl.when(pl.col("rule") == "pricing").then(60.0).otherwise(pl.col("cap")),
    )
    changed = apply_points_table(c, edited)
    assert changed.fit_rules[0].bands[0].points == 30.0
    assert changed.engagement_rules[0].cap == 60.0
    assert changed.structure == c.structure
    assert apply_points_table(c, table) == c
    with pytest.raises(CriteriaError, match=r"rule 'size' option 'big' is missing"):
        apply_points_table(c, table.filter(pl.col("option") != "big"))


def test_versions_never_overwrite_an_agreed_version(ws) -> None:
    from analytics.criteria.agreement import propose, retire, save_version, sign

    assert active_criteria(ws) == default_criteria()
    first = save_version(ws, default_criteria(), by="mkt")
    propose(ws, first, by="mkt")
    sign(ws, first, team="marketing", by="mkt")
    sign(ws, first, team="sales", by="sales")
    agreed_row = ws.rows("SELECT * FROM criteria WHERE criteria_id = ?", [first])
    changed = dataclasses.replace(get_criteria(ws, first), threshold=80)
    second = save_draft(ws, changed, created_by="sales")
    third = save_draft(ws, changed, created_by="sales")
    assert ws.rows("SELECT * FROM criteria WHERE criteria_id = ?", [first]) == agreed_row
    listed = list_criteria(ws).sort("criteria_id")
    assert listed["version"].to_list() == [2, 3, 4]
    assert listed["status"].to_list() == ["agreed", "draft", "draft"]
    assert (second, third) == (2, 3)
    assert get_criteria(ws, second).threshold == 80.0
    assert active_criteria(ws).version == 2  # the agreed version wins over newer drafts
    retire(ws, first, by="mkt")
    # a draft is never in force: with nothing agreed, the shipped default is used
    assert active_criteria(ws) == default_criteria()
    body = ws.scalar("SELECT body FROM criteria WHERE criteria_id = ?", [third])
    assert load_criteria(body).sha256 == ws.scalar(
        "SELECT sha256 FROM criteria WHERE criteria_id = ?", [third]
    )
    with pytest.raises(CriteriaError, match="criteria version 99 not found"):
        get_criteria(ws, 99)


def test_criteria_dataclass_defaults() -> None:
    c = Criteria()
    assert (c.threshold, c.floor, c.ceiling, c.min_score) == (100.0, 0.0, None, 100.0)


def test_same_text_parsed_once_and_errors_every_time() -> None:
    text = DEFAULT_PATH.read_text(encoding="utf-8")
    assert load_criteria(text) is load_criteria(text.encode("utf-8"))
    assert load_criteria(text) == default_criteria()
    for _ in range(2):
        with pytest.raises(CriteriaError):
            load_criteria("threshold = 'high'")
