"""Scores from features: points, caps, negative points, floor/ceiling, weights, explanations, CLI."""

from __future__ import annotations

import dataclasses
import json
import math
from collections import Counter
from datetime import timedelta

import polars as pl
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

from analytics.cli.main import main
from analytics.criteria import (
    ADJUSTMENT_RULE,
    default_criteria,
    load_criteria,
    points_table,
)
from analytics.errors import CriteriaError, InputError
from analytics.scoring.points import build_features, explain_lead, score_features
from tests.test_features import T0, activities, leads_frame, put

RULES = """
[[fit]]
name = "size"
field = "employees"
bands = [{min = 500, points = 25}, {max = 500, points = 5}]
[[engagement]]
name = "pricing"
type = "page_view"
detail = ["pricing"]
points = 15
cap = 45
[[engagement]]
name = "unsubscribe"
type = "unsubscribe"
points = -50
"""


@pytest.fixture
def scored_ws(ws):
    put(ws, "leads", leads_frame(["A", "B", "C", "D"], employees=[800, 50, 800, None]))
    rows = [
        ("A", T0 + timedelta(hours=h), "page_view", "pricing") for h in range(5)
    ]  # 5 × 15 -> cap 45
    rows += [
        ("B", T0, "page_view", "pricing"),
        ("B", T0, "unsubscribe", None),
    ]  # 5 + 15 - 50 -> floor
    rows += [("C", T0, "page_view", "pricing"), ("C", T0, "page_view", "pricing")]
    put(ws, "activities", activities(rows))
    return ws


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        ("", {"A": (25, 45, 70), "B": (5, -35, 0), "C": (25, 30, 55), "D": (0, 0, 0)}),
        ("ceiling = 60", {"A": (25, 45, 60), "B": (5, -35, 0), "C": (25, 30, 55), "D": (0, 0, 0)}),
        (
            "floor = -100",
            {"A": (25, 45, 70), "B": (5, -35, -30), "C": (25, 30, 55), "D": (0, 0, 0)},
        ),
        (
            "fit_weight = 2\nengagement_weight = 0.5",
            {"A": (50, 22.5, 72.5), "B": (10, -17.5, 0), "C": (50, 15, 65), "D": (0, 0, 0)},
        ),
    ],
)
def test_points_caps_negative_floor_ceiling_weights(scored_ws, extra: str, expected: dict) -> None:
    criteria = load_criteria(extra + "\n" + RULES)
    got = score_features(build_features(scored_ws, criteria), criteria)
    want = pl.DataFrame(
        [(k, *map(float, v)) for k, v in expected.items()],
        schema=["lead_id", "fit", "engagement", "total"],
        orient="row",
    )
    assert_frame_equal(got, want)


def test_repointing_equals_rebuilding(scored_ws) -> None:
    criteria = load_criteria(RULES)
    features = build_features(scored_ws, criteria)
    table = points_table(criteria).with_columns(points=pl.col("points") * 2 + 1)
    from analytics.criteria import apply_points_table

    changed = dataclasses.replace(apply_points_table(criteria, table), engagement_weight=1.7)
    assert_frame_equal(
        score_features(features, changed),
        score_features(build_features(scored_ws, changed), changed),
    )


def test_other_rule_structure_needs_new_features(scored_ws) -> None:
    criteria = load_criteria(RULES)
    features = build_features(scored_ws, criteria)
    moved = load_criteria(RULES.replace("min = 500", "min = 600").replace("max = 500", "max = 600"))
    with pytest.raises(CriteriaError, match="rebuild it with build_features"):
        score_features(features, moved)


def test_explain_lines_name_rules_and_sum_to_the_total(scored_ws) -> None:
    criteria = load_criteria(RULES)
    features = build_features(scored_ws, criteria)
    table = explain_lead(features, criteria, "B")
    assert table["rule"].to_list() == ["size", "pricing", "unsubscribe", ADJUSTMENT_RULE]
    assert table["points"].to_list() == [5.0, 15.0, -50.0, 30.0]  # the floor lifts -30 to 0
    assert table["kind"].to_list() == ["fit", "engagement", "engagement", "adjustment"]
    capped = explain_lead(features, criteria, "A").filter(pl.col("rule") == "pricing")
    assert capped["points"].item() == 45.0 and "cap 45" in capped["detail"].item()
    with pytest.raises(InputError, match=r"lead 'Z' not found"):
        explain_lead(features, criteria, "Z")


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    points=st.lists(st.integers(-60, 60), min_size=3, max_size=3),
    cap=st.one_of(st.none(), st.integers(1, 80)),
    weights=st.tuples(st.floats(0, 3), st.floats(0, 3)),
    floor=st.integers(-50, 20),
    ceiling=st.one_of(st.none(), st.integers(21, 120)),
)
def test_explanations_always_sum_to_the_score(
    scored_ws, points, cap, weights, floor, ceiling
) -> None:
    base = load_criteria(RULES)
    features = build_features(scored_ws, base)
    table = points_table(base).with_columns(
        points=pl.Series([float(points[0]), 5.0, 0.0, 0.0, float(points[1]), float(points[2])]),
        cap=pl.Series([None] * 4 + [None if cap is None else float(cap), None], dtype=pl.Float64),
    )
    from analytics.criteria import apply_points_table

    criteria = dataclasses.replace(
        apply_points_table(base, table),
        fit_weight=weights[0],
        engagement_weight=weights[1],
        floor=float(floor),
        ceiling=None if ceiling is None else float(ceiling),
    )
    scores = score_features(features, criteria)
    for lead_id, total in scores.select("lead_id", "total").rows():
        explained = explain_lead(features, criteria, lead_id)["points"].sum()
        assert math.isclose(explained, total, abs_tol=1e-9)
        assert floor <= total and (ceiling is None or total <= ceiling)


def test_cli_score_json_and_explain(scored_ws, capsys, tmp_path) -> None:
    path = scored_ws.path
    rules = tmp_path / "rules.toml"
    rules.write_text("threshold = 60\n" + RULES, encoding="utf-8")
    scored_ws.close()
    assert main(["score", "--db", path, "--criteria", str(rules), "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [set(r) for r in rows] == [{"lead_id", "fit", "engagement", "total", "mql_at"}] * 4
    by_id = {r["lead_id"]: r for r in rows}
    assert by_id["A"]["total"] == 70.0 and by_id["A"]["mql_at"] is not None
    assert by_id["C"]["mql_at"] is None
    assert (
        main(
            ["score", "--db", path, "--criteria", str(rules), "--explain", "B", "--format", "json"]
        )
        == 0
    )
    explained = json.loads(capsys.readouterr().out)
    # the documented shape, plus the moment explained and today (README's JSON table)
    assert set(explained) == {"lead_id", "total", "contributions"} | {
        "moment",
        "at",
        "mql_at",
        "handoff_at",
        "threshold",
        "today",
    }
    assert (explained["total"], explained["moment"], explained["mql_at"]) == (0.0, "as_of", None)
    assert math.isclose(
        sum(c["points"] for c in explained["contributions"]), explained["total"], abs_tol=1e-9
    )
    assert set(explained["contributions"][0]) == {"rule", "points", "rounded"}
    assert main(["score", "--db", path, "--criteria", str(rules), "--format", "csv"]) == 0
    assert capsys.readouterr().out.splitlines()[0] == "lead_id,fit,engagement,total,mql_at"
    assert main(["score", "--db", path, "--explain", "nobody"]) == 2
    assert "lead 'nobody' not found" in capsys.readouterr().err
    assert main(["score", "--db", path, "--as-of", "yesterday"]) == 2
    assert main(["score", "--db", path, "--criteria", str(tmp_path / "none.toml")]) == 2
    assert main(["score", "--db", path]) == 0  # the active (default) criteria
    assert "leads scored with 'default'" in capsys.readouterr().out


def test_default_criteria_scores_an_empty_workspace(ws) -> None:
    c = default_criteria()
    assert score_features(build_features(ws, c), c).height == 0


def test_scoring_figures_show_the_numbers(scored_ws) -> None:
    from analytics.charts import scoring as charts
    from analytics.scoring.lookup import lead_activities
    from analytics.scoring.replay import replay

    criteria = load_criteria("threshold = 60\n" + RULES)
    features = build_features(scored_ws, criteria)
    scores = score_features(features, criteria)
    histogram = charts.score_histogram(scores, threshold=60, lang="ja")
    expected = Counter(math.floor(v / 5) * 5 + 2.5 for v in scores["total"].to_list())
    assert dict(zip(histogram.data[0].x, histogram.data[0].y, strict=True)) == expected
    assert histogram.layout.shapes[0].x0 == 60
    scatter = charts.fit_engagement_scatter(scores, threshold=60, lang="en", max_points=3)
    assert sum(len(trace.x) for trace in scatter.data) == 3
    above = scatter.data[1]
    assert all(f + e >= 60 for f, e in zip(above.x, above.y, strict=True))
    bars = charts.explanation_figure(explain_lead(features, criteria, "B"), lang="en")
    assert list(bars.data[0].y) == ["size", "pricing", "unsubscribe", ADJUSTMENT_RULE]
    result = replay(scored_ws, criteria)
    path = result.path.filter(pl.col("lead_id") == "A")
    timeline = charts.lead_timeline_figure(
        path, lead_activities(scored_ws, "A"), threshold=60, lang="en"
    )
    assert list(timeline.data[0].y) == path["total"].to_list()
    assert len(timeline.data[1].x) == 5


@settings(max_examples=60, deadline=None)
@given(st.lists(st.floats(min_value=-80, max_value=900, allow_nan=False), max_size=300))
@example([-5e-324])  # found by hypothesis: divides to -0.0
def test_binned_totals_keep_every_lead_in_its_bin(values) -> None:
    from analytics.charts.scoring import bin_totals

    bins = bin_totals(pl.Series(values, dtype=pl.Float64))
    assert bins["leads"].sum() == len(values)
    assert bins.height <= 80 + 1
    for value in values:
        hit = bins.filter((pl.col("low") <= value) & (pl.col("high") > value))
        assert hit.height == 1, value


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["A1", "B2", "C3"]),
        ("acme", ["B2"]),  # case-insensitive, in the company
        ("KAKEHASHI.example", ["A1"]),  # in the email
        ("c3", ["C3"]),  # in the id
        ("nobody", []),
        ("山田", ["C3"]),  # a person's name column kept by an import
        ("hanako yamada", ["A1"]),  # the e-mail's local part read as a name, any word order
        ("ａｃｍｅ ｂ", ["B2"]),  # full-width query (NFKC), every word must match
        ("acme 山田", []),
    ],
)
def test_search_leads_returns_the_picker_columns_by_id(query: str, expected: list[str]) -> None:
    from analytics.scoring.points import SEARCH_COLUMNS, search_leads

    leads = pl.DataFrame(
        {
            "lead_id": ["C3", "A1", "B2"],
            "company": ["架け橋商事", None, "ACME"],
            "email": [None, "yamada.hanako@kakehashi.example", "b@acme.example"],
            "氏名": ["山田 太郎", None, None],
            "total": [1.0, 2.0, 3.0],
        }
    )
    found = search_leads(leads, query)
    assert found.columns == [c for c in SEARCH_COLUMNS if c in leads.columns]
    assert found["lead_id"].to_list() == expected
