"""The leak guard: outcome columns by name, honest single-column AUC, filled-after-contact."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest

from analytics.metrics.leakguard import (
    attribute_columns,
    choose_columns,
    find_leaks,
    is_after_decision_column,
    is_outcome_column,
    screen_columns,
    single_column_auc,
)
from analytics.scoring.replay import LIFECYCLE_COLUMNS


@pytest.mark.parametrize(
    ("name", "outcome"),
    [
        ("Converted", True),
        ("converted_at", True),
        ("Lead Status", True),
        ("Lifecycle Stage", True),
        ("Became a Customer Date", True),
        ("isWon", True),
        ("y", True),
        ("target", True),
        ("crm_mql_at", True),
        ("受注フラグ", True),
        ("商談化", True),
        ("成約日", True),
        ("industry", False),
        ("annual_revenue", False),
        ("employees", False),
        ("Lead Source", False),
        ("Tags", False),
        ("yield_rate", False),
    ],
)
def test_outcome_names(name: str, outcome: bool) -> None:
    assert is_outcome_column(name) is outcome


@pytest.mark.parametrize("column", [c for c in LIFECYCLE_COLUMNS if c != "lead_id"])
def test_every_replay_lifecycle_column_is_an_outcome(column: str) -> None:
    assert is_outcome_column(column)


def test_single_column_auc_is_honest() -> None:
    rng = np.random.default_rng(0)
    y = pl.Series(rng.random(600) < 0.2)
    # one value per lead (free text, ids): an in-sample target encoding would give 1.0
    assert single_column_auc(pl.Series([f"note {i}" for i in range(600)]), y) == pytest.approx(
        0.5, abs=0.02
    )
    # a number that is the outcome plus a little noise predicts alone
    noisy = pl.Series(y.cast(pl.Float64).to_numpy() + rng.normal(0, 0.1, 600))
    assert single_column_auc(noisy, y) > 0.95
    # direction does not matter: a column that is low for converters leaks just as well
    assert single_column_auc(-noisy, y) > 0.95
    assert np.isnan(single_column_auc(pl.Series(["a"] * 10), pl.Series([False] * 10)))


def _sales_filled(n: int = 400, seed: int = 2) -> pl.DataFrame:
    rng = np.random.default_rng(seed)
    target = rng.random(n) < 0.15
    touched = target | (rng.random(n) < 0.3)
    # sales write a note after the call: present for most touched leads, rarely otherwise;
    # its values say nothing about the outcome, its presence does
    note = np.where(touched & (rng.random(n) < 0.9), rng.choice(["call back", "sent deck"], n), "")
    return pl.DataFrame(
        {
            "target": target,
            "touched": touched,
            "industry": rng.choice(["IT", "Retail", "Farm"], n),
            "call_note": pl.Series(note).replace("", None),
        }
    )


def test_filled_after_contact_is_flagged() -> None:
    frame = _sales_filled()
    screened = screen_columns(
        frame, target="target", columns=["industry", "call_note"], touched="touched"
    )
    note = screened.filter(pl.col("column") == "call_note").row(0, named=True)
    assert note["filled_touched"] > 0.8 and note["filled_untouched"] == 0.0
    assert note["reason"] in ("filled_after_contact", "predicts_alone")
    industry = screened.filter(pl.col("column") == "industry").row(0, named=True)
    assert industry["reason"] is None and industry["auc"] < 0.65
    flagged = find_leaks(
        frame, target="target", columns=["industry", "call_note"], touched="touched"
    )
    assert [f["column"] for f in flagged] == ["call_note"]
    assert set(flagged[0]) == {"column", "reason", "auc"}


def test_fill_check_needs_both_sides() -> None:
    frame = _sales_filled().with_columns(touched=pl.lit(True))  # nobody untouched: no fill check
    screened = screen_columns(frame, target="target", columns=["call_note"], touched="touched")
    assert screened["reason"][0] != "filled_after_contact"


def test_choose_columns_overrides() -> None:
    flagged = [
        {"column": "call_note", "reason": "filled_after_contact", "auc": 0.7},
        {"column": "Lead Status", "reason": "outcome_name", "auc": 1.0},
    ]
    columns = ["industry", "call_note", "Lead Status", "employees"]
    assert choose_columns(columns, flagged) == ["industry", "employees"]
    assert choose_columns(columns, flagged, include=["call_note", "Lead Status"]) == [
        "industry",
        "call_note",
        "employees",
    ]
    assert choose_columns(columns, flagged, exclude=["employees"]) == ["industry"]


def test_attribute_columns_skip_ids_times_and_free_text() -> None:
    frame = pl.DataFrame(
        {
            "lead_id": [f"L{i}" for i in range(60)],
            "created_at": [None] * 60,
            "email": [f"{i}@x.jp" for i in range(60)],
            "memo": [f"free text {i}" for i in range(60)],
            "industry": ["IT", "Retail"] * 30,
            "employees": list(range(60)),
            "opted_in": [True, False] * 30,
        }
    )
    assert attribute_columns(frame) == ["industry", "employees", "opted_in"]


@pytest.mark.parametrize(
    ("name", "after"),
    [
        ("Lead Quality", True),
        ("Tags", True),
        ("Last Activity", True),
        ("Last Notable Activity", True),
        ("Sales Rating", True),
        ("Lead Score", True),
        ("disqualify_reason", True),
        ("見込み確度", True),
        ("営業メモ", True),
        ("最終接触", True),
        ("タグ", True),
        ("industry", False),
        ("What is your current occupation", False),
        ("Lead Owner", False),  # routing assigns one to every lead: not by its name
        ("Lead Source", False),
        ("employees", False),
        ("役職ランク", False),
    ],
)
def test_after_decision_names(name: str, after: bool) -> None:
    assert is_after_decision_column(name) is after


def _lead_scoring_export(path, n: int = 800) -> None:
    """A Lead Scoring-like export: a Converted flag, no dates, and a sales rating filled in
    calls that ranks the outcome well (AUC ≈ 0.8) without reaching the 0.9 limit."""
    rng = np.random.default_rng(7)
    converted = rng.random(n) < 0.35
    won_quality = ["High in Relevance", "Might be", "Not Sure"]
    lost_quality = ["High in Relevance", "Might be", "Not Sure", "Worst"]
    quality = [
        won_quality[rng.choice(3, p=[0.5, 0.3, 0.2])]
        if c
        else lost_quality[rng.choice(4, p=[0.1, 0.3, 0.3, 0.3])]
        for c in converted
    ]
    pl.DataFrame(
        {
            "Prospect ID": [f"P{i:04d}" for i in range(n)],
            "Lead Origin": rng.choice(["API", "Landing Page Submission", "Lead Add Form"], n),
            "Specialization": rng.choice(["Finance", "IT", "Marketing", "HR"], n),
            "TotalVisits": rng.integers(0, 20, n),
            "Lead Quality": quality,
            "Converted": converted.astype(int),
        }
    ).write_csv(path)


def test_a_sales_rating_is_flagged_by_its_name_where_the_data_cannot_show_it(
    tmp_path, capsys
) -> None:
    import json

    from analytics.cli.main import main

    source = tmp_path / "Leads.csv"
    _lead_scoring_export(source)
    db = str(tmp_path / "w.duckdb")
    assert main(["import", "leads", str(source), "--db", db, "--create"]) == 0
    capsys.readouterr()
    assert main(["profile", "--db", db, "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    flagged = {f["column"]: f for f in data["flagged"]}
    assert flagged["lead_quality"]["reason"] == "after_decision_name"
    assert 0.7 < flagged["lead_quality"]["auc"] < 0.9  # below the AUC limit: the name tells
    assert "lead_quality" not in data["columns"]
    assert all(p["rule"] != "lead_quality" for p in data["proposed"])
    assert main(["model", "--db", db, "--format", "json"]) == 0
    model = json.loads(capsys.readouterr().out)
    assert {f["column"]: f["reason"] for f in model["flagged"]}["lead_quality"] == (
        "after_decision_name"
    )
    assert all(s["rule"] != "lead_quality" for s in model["scorecard"])
