"""Sales feedback (analytics.metrics.feedback, analytics.store.entry and the ``feedback``
command): literal frames in, exact numbers out."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import polars as pl
import pytest

from analytics.cli.main import main
from analytics.criteria import load_criteria
from analytics.errors import InputError
from analytics.metrics.feedback import (
    build_feedback_report,
    feedback_band_edges,
    feedback_leads,
    lost_reasons_by_score,
    mqls_of,
    owner_reject_outliers,
    reason_list,
    reasons_by_band,
    reasons_summary,
    recycled_outcomes,
    rejected_high_score,
    rule_points,
    verdicts_by,
    verdicts_by_band,
    verdicts_by_rule,
    won_below_threshold,
)
from analytics.metrics.stats import compare_proportions, wilson_interval
from analytics.scoring.features import Features
from analytics.store.db import Workspace
from analytics.store.demo import load_demo
from analytics.store.entry import ENTRY_FILE_NAME, record_feedback
from analytics.store.ingest import import_file

D = datetime
JAN = date(2025, 1, 1)


def _leads(rows: list[tuple]) -> pl.DataFrame:
    """(lead_id, owner, source, mql_at, peak_total, sql_at, is_won, won_at) rows."""
    cols = ["lead_id", "owner", "source", "mql_at", "peak_total", "sql_at", "is_won", "won_at"]
    return pl.DataFrame(rows, schema=cols, orient="row").cast(
        {"mql_at": pl.Datetime("us"), "sql_at": pl.Datetime("us"), "won_at": pl.Datetime("us"),
         "peak_total": pl.Float64, "is_won": pl.Boolean}
    ).with_columns(company=pl.lit("Acme"), opportunity_at=pl.lit(None, pl.Datetime("us")))  # fmt: skip


LEADS = _leads(
    [
        ("hi_rej", "Ito", "web", D(2025, 1, 5), 190.0, None, False, None),
        ("hi_acc", "Ito", "web", D(2025, 1, 6), 160.0, D(2025, 1, 9), True, D(2025, 3, 1)),
        ("lo_rej", "Sato", "event", D(2025, 1, 7), 110.0, None, False, None),
        ("lo_rec", "Sato", "event", D(2025, 1, 8), 101.0, D(2025, 4, 2), False, None),
        ("lo_none", "Sato", "event", D(2025, 1, 9), 120.0, None, False, None),
        ("feb", "Ito", "web", D(2025, 2, 3), 130.0, None, False, None),
        ("below_won", "Ito", "web", None, 80.0, D(2025, 1, 2), True, D(2025, 1, 20)),
        ("below", "Ito", "web", None, 50.0, None, False, None),
    ]
)
FEEDBACK = pl.DataFrame(
    {
        "lead_id": ["hi_rej", "hi_acc", "lo_rej", "lo_rec", "lo_rec", "hi_rej"],
        "given_at": [D(2025, 1, 6), D(2025, 1, 7), D(2025, 1, 8), D(2025, 1, 9), D(2025, 3, 1),
                     D(2025, 2, 1)],
        "given_by": ["Ito", "Ito", "Sato", "Sato", "Sato", "Ito"],
        "verdict": ["rejected", "accepted", "Rejected", "recycled", "accepted", "accepted"],
        "reason": ["No budget", "Clear need", "No budget", "Timing", "Clear need", "Changed"],
    }
)  # fmt: skip
EDGES = feedback_band_edges(100)
FRAME = feedback_leads(LEADS, FEEDBACK, threshold=100)
MQLS = mqls_of(FRAME, JAN)


def test_band_edges_follow_the_threshold() -> None:
    assert EDGES == [100.0, 125.0, 150.0, 175.0]
    assert feedback_band_edges(-10) == [-10.0, 15.0, 40.0, 65.0]


def test_first_verdict_band_and_high_score() -> None:
    rows = {r["lead_id"]: r for r in FRAME.iter_rows(named=True)}
    assert "below" not in rows  # not an MQL, no feedback, not won
    assert rows["hi_rej"]["verdict"] == "rejected"  # the first verdict, not the later one
    assert rows["lo_rej"]["verdict"] == "rejected"  # verdict words normalised
    assert [rows[k]["band"] for k in ("hi_rej", "hi_acc", "lo_rej", "lo_none")] == [
        "175+", "150–175", "<125", "<125",
    ]  # fmt: skip
    assert [rows[k]["high_score"] for k in ("hi_rej", "hi_acc", "lo_rej")] == [True, True, False]
    assert rows["below_won"]["band"] is None and not rows["below_won"]["is_mql"]
    assert MQLS["lead_id"].sort().to_list() == ["hi_acc", "hi_rej", "lo_none", "lo_rec", "lo_rej"]


def test_feedback_leads_needs_a_replay_frame() -> None:
    with pytest.raises(InputError, match="peak_total"):
        feedback_leads(pl.DataFrame({"lead_id": ["a"], "mql_at": [None]}), None, threshold=100)


def test_verdicts_by_band_keeps_every_band_with_rates_over_the_judged() -> None:
    table = verdicts_by_band(MQLS, EDGES)
    assert table["band"].to_list() == ["175+", "150–175", "125–150", "<125"]
    low = table.row(3, named=True)
    assert (low["mqls"], low["judged"], low["rejected"], low["recycled"], low["no_feedback"]) == (
        3, 2, 1, 1, 1,
    )  # fmt: skip
    assert low["reject_rate"] == 0.5
    assert (low["ci_low"], low["ci_high"]) == pytest.approx(wilson_interval(1, 2))
    empty = table.row(2, named=True)
    assert (empty["mqls"], empty["reject_rate"]) == (0, None)


@pytest.mark.parametrize(
    ("by", "expected"),
    [("owner", [("Sato", 3, 2, 1), ("Ito", 2, 2, 1)]),
     ("source", [("event", 3, 2, 1), ("web", 2, 2, 1)])],
)  # fmt: skip
def test_verdicts_by_owner_and_source(by: str, expected: list[tuple]) -> None:
    table = verdicts_by(MQLS, by)
    assert table.select(by, "mqls", "judged", "rejected").rows() == expected


def test_rule_points_are_weighted_and_non_zero() -> None:
    criteria = load_criteria(
        'fit_weight = 2.0\nengagement_weight = 0.5\n'
        '[[fit]]\nname = "size"\nfield = "employees"\n'
        'bands = [{min = 100, points = 10}, {max = 100, points = 0}]\n'
        '[[engagement]]\nname = "webinar"\ntype = "webinar"\npoints = 15\ncap = 20\n'
    )  # fmt: skip
    frame = pl.DataFrame(
        {"lead_id": ["a", "b"], "fit:size": [0, 1], "eng:webinar": [3.0, 0.0]},
        schema={"lead_id": pl.String, "fit:size": pl.Int16, "eng:webinar": pl.Float64},
    )
    points = rule_points(Features(frame, D(2025, 1, 1), criteria.structure), criteria)
    # webinar: 3 × 15 = 45, capped at 20, × 0.5; size: band 0 = 10 points × 2; b scores nothing
    assert points.rows() == [("a", "webinar", "engagement", 10.0), ("a", "size", "fit", 20.0)]


POINTS = pl.DataFrame(
    {
        "lead_id": ["hi_rej", "hi_rej", "hi_rej", "hi_acc", "lo_rej", "below_won"],
        "rule": ["inquiry", "size", "careers", "inquiry", "size", "size"],
        "layer": ["engagement", "fit", "engagement", "engagement", "fit", "fit"],
        "points": [40.0, 10.0, -5.0, 40.0, 10.0, 10.0],
    }
)


def test_verdicts_by_rule_counts_an_mql_for_each_rule() -> None:
    table = verdicts_by_rule(MQLS, POINTS)
    rows = {r["rule"]: r for r in table.iter_rows(named=True)}
    assert (rows["inquiry"]["mqls"], rows["inquiry"]["rejected"]) == (2, 1)
    assert (rows["size"]["mqls"], rows["size"]["rejected"], rows["size"]["median_points"]) == (
        2, 2, 10.0,
    )  # fmt: skip
    assert rows["careers"]["layer"] == "engagement"


def test_reasons_and_reasons_by_band() -> None:
    summary = reasons_summary(MQLS)
    assert summary.row(0) == ("No budget", 2, 150.0, 0, 2, 0)
    grid = reasons_by_band(MQLS)
    low = grid.filter(pl.col("band") == "<125")
    assert sorted(low.select("reason", "count", "share").rows()) == [
        ("No budget", 1, 0.5), ("Timing", 1, 0.5),
    ]  # fmt: skip


def test_disagreement_lists_carry_the_rules_that_scored_them() -> None:
    high = rejected_high_score(MQLS, POINTS)
    assert high["lead_id"].to_list() == ["hi_rej"]
    assert high["rules"].to_list()[0] == [
        {"rule": "inquiry", "points": 40.0}, {"rule": "size", "points": 10.0},
        {"rule": "careers", "points": -5.0},
    ]  # fmt: skip
    won = won_below_threshold(FRAME, POINTS, first=JAN)
    assert won["lead_id"].to_list() == ["below_won"]
    assert won["rules"].to_list()[0] == [{"rule": "size", "points": 10.0}]
    assert won_below_threshold(FRAME, POINTS, first=date(2025, 2, 1)).height == 0


def test_lost_reasons_against_the_score() -> None:
    deals = pl.DataFrame(
        {
            "lead_id": ["hi_rej", "hi_rej", "lo_rej", "lo_none", "hi_acc"],
            "created_at": [D(2025, 1, 10), D(2025, 2, 10), D(2025, 1, 10), D(2025, 1, 10),
                           D(2025, 1, 10)],
            "closed_at": [D(2025, 2, 1), D(2025, 3, 1), D(2025, 2, 1), None, D(2025, 3, 1)],
            "is_won": [False, False, False, False, True],
            "lost_reason": ["Price", "Timing", "Price", None, None],
        }
    )  # fmt: skip
    table = lost_reasons_by_score(FRAME, deals, first=JAN)
    # hi_rej counts once, with its latest lost deal; an open deal and a win are not lost
    assert table.rows() == [("Price", 1, 110.0, 110.0, 0), ("Timing", 1, 190.0, 190.0, 1)]


def test_recycled_leads_later_outcome() -> None:
    fb = pl.DataFrame(
        {
            "lead_id": ["won", "opp", "sql", "acc", "acc", "rej", "rej", "gone", "gone"],
            "given_at": [D(2025, 1, 5), D(2025, 1, 5), D(2025, 1, 5), D(2025, 1, 5),
                         D(2025, 2, 5), D(2025, 1, 5), D(2025, 1, 25), D(2025, 1, 5),
                         D(2025, 1, 6)],
            "verdict": ["recycled", "recycled", "recycled", "recycled", "accepted", "recycled",
                        "rejected", "recycled", "recycled"],
        }
    )  # fmt: skip
    leads = pl.DataFrame(
        {
            "lead_id": ["won", "opp", "sql", "acc", "rej", "gone"],
            "sql_at": [D(2025, 1, 2), None, D(2025, 1, 15), None, None, D(2025, 1, 1)],
            "opportunity_at": [None, D(2025, 1, 25), None, None, None, None],
            "is_won": [True, False, False, False, False, False],
            "won_at": [D(2025, 3, 6), None, None, None, None, None],
        }
    )  # fmt: skip
    table = recycled_outcomes(leads.select("lead_id"), fb, leads)
    assert table.select("outcome", "leads").rows() == [
        ("won", 1), ("opportunity", 1), ("sql", 1), ("accepted_later", 1), ("rejected_later", 1),
        ("no_return", 1),
    ]  # fmt: skip
    assert table["share"].to_list()[0] == pytest.approx(1 / 6)
    assert table["median_days"].to_list()[:5] == [60.0, 20.0, 10.0, 31.0, 20.0]
    assert recycled_outcomes(leads, fb, leads, first=date(2025, 2, 1))["leads"].sum() == 0
    assert recycled_outcomes(leads, None, leads)["leads"].sum() == 0


def test_owner_reject_outlier_matches_the_two_proportion_test() -> None:
    verdicts = ["rejected"] * 30 + ["accepted"] * 20 + (["rejected"] * 10 + ["accepted"] * 40) * 3
    mqls = pl.DataFrame({"owner": [o for o in "ABCD" for _ in range(50)], "verdict": verdicts})
    table = owner_reject_outliers(mqls)
    a = table.row(0, named=True)
    check = compare_proportions(30, 50, 30, 150)
    assert a["owner"] == "A" and a["flagged"]
    assert a["difference"] == pytest.approx(check.difference)
    assert (a["diff_ci_low"], a["diff_ci_high"]) == pytest.approx((check.ci_low, check.ci_high))
    assert a["p_value"] == pytest.approx(check.p_value)
    assert not table.filter(pl.col("owner") != "A")["flagged"].any()


def test_bonferroni_needs_more_than_p_below_005() -> None:
    # p ≈ 0.03 for one owner against the rest: significant alone, not among 4 owners
    verdicts = ["rejected"] * 20 + ["accepted"] * 30 + (["rejected"] * 12 + ["accepted"] * 38) * 3
    mqls = pl.DataFrame({"owner": [o for o in "ABCD" for _ in range(50)], "verdict": verdicts})
    a = owner_reject_outliers(mqls).row(0, named=True)
    assert 0.0125 < a["p_value"] < 0.05 and not a["flagged"]


def test_reason_list_offers_defaults_then_stored_reasons() -> None:
    stored = pl.DataFrame({"reason": ["展示会のみ", "予算なし", None, " "]})
    ja = reason_list(stored, "ja")
    assert ja[:6] == ["要件充足（ニーズ・時期が明確）", "予算なし", "決裁者でない", "ニーズ未顕在",
                      "時期未定", "競合採用"]  # fmt: skip
    assert ja[-1] == "展示会のみ" and ja.count("予算なし") == 1
    assert "No budget" in reason_list(None, "en")


def test_report_builds_every_view() -> None:
    report = build_feedback_report(LEADS, FEEDBACK, threshold=100, first=JAN, points=POINTS)
    assert report.mqls.height == 5
    assert report.by_band["mqls"].sum() == 5
    assert report.rejected_high_score["lead_id"].to_list() == ["hi_rej"]
    assert report.won_below_threshold["lead_id"].to_list() == ["below_won"]
    assert report.recycled.filter(pl.col("leads") > 0)["outcome"].to_list() == ["sql"]


# --------------------------------------------------------------------------- entry
@pytest.fixture
def small_ws(ws: Workspace) -> Workspace:
    import_file(ws, "leads", b"lead_id,created_at\nL1,2025-01-01\nL2,2025-01-02\n")
    return ws


def test_entered_feedback_is_stored_like_an_import(small_ws: Workspace) -> None:
    result = record_feedback(small_ws, ["L1", "L2", "L1"], verdict="recycled", reason="時期未定",
                             given_by=" 伊藤 ", given_at=D(2026, 11, 2, 10, 0, 5))  # fmt: skip
    assert (result.inserted, result.rejected, result.kind) == (2, 0, "feedback")
    assert small_ws.rows("SELECT lead_id, given_at, given_by, verdict, reason FROM feedback "
                         "ORDER BY lead_id") == [
        ("L1", D(2026, 11, 2, 10, 0, 5), "伊藤", "recycled", "時期未定"),
        ("L2", D(2026, 11, 2, 10, 0, 5), "伊藤", "recycled", "時期未定"),
    ]  # fmt: skip
    assert small_ws.rows("SELECT kind, file_name FROM imports ORDER BY import_id DESC LIMIT 1") == [
        ("feedback", ENTRY_FILE_NAME)
    ]
    again = record_feedback(small_ws, ["L1"], verdict="accepted", reason=None, given_by="伊藤",
                            given_at=D(2026, 11, 2, 10, 0, 5))  # fmt: skip
    assert (again.inserted, again.updated) == (0, 1)  # same key: upserted, like a re-import


def test_entered_feedback_goes_through_the_import_validation(small_ws: Workspace) -> None:
    # every row rejected: refused whole, like any import (issue 13), and nothing is written
    with pytest.raises(InputError, match="bad verdict 'maybe' in column 'verdict'"):
        record_feedback(small_ws, ["L1"], verdict="maybe", reason=None, given_by="Ito")
    assert small_ws.scalar("SELECT count(*) FROM feedback") == 0


@pytest.mark.parametrize(
    ("ids", "name", "match"),
    [([], "Ito", "at least one MQL"), (["L1"], "  ", "your name"), (["L9"], "Ito", "'?L9")],
)
def test_entry_errors(small_ws: Workspace, ids: list[str], name: str, match: str) -> None:
    with pytest.raises(InputError, match=match):
        record_feedback(small_ws, ids, verdict="accepted", reason=None, given_by=name)
    assert small_ws.scalar("SELECT count(*) FROM feedback") == 0


# --------------------------------------------------------------------------- command
@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("feedback") / "demo.duckdb"
    with Workspace.open(path) as ws:
        load_demo(ws, leads=3_000, seed=5)
    return path


def test_feedback_command_json_shape(demo_db: Path, capsys) -> None:
    assert main(["feedback", "--db", str(demo_db), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert list(data) == ["by_band", "reasons", "rejected_high_score", "won_below_threshold"]
    assert list(data["by_band"][0]) == ["band", "mqls", "accepted", "rejected", "recycled",
                                        "reject_rate", "ci_low", "ci_high"]  # fmt: skip
    assert [b["band"] for b in data["by_band"]] == ["175+", "150–175", "125–150", "<125"]
    assert list(data["reasons"][0]) == ["reason", "count", "median_score"]
    for key in ("rejected_high_score", "won_below_threshold"):
        for row in data[key]:
            assert {"lead_id", "score", "verdict", "reason", "rules"} <= set(row)
    assert main(["feedback", "--db", str(demo_db), "--month", "26-10"]) == 2
    assert capsys.readouterr().err.strip().startswith("error: month '26-10'")
