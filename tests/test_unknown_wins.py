"""Wins that say nothing of their date or amount show "unknown", never 0 (issue: trust).

A leads export whose outcome is a Converted column (no deals) has wins with no amount,
and no date unless a conversion date is mapped. Every surface — the definitions layer,
the metrics command, the report, the What-if figures and suggestion, the Overview page —
shows those figures as unknown ("–", null in JSON) with a note saying why, and the
report counts the same wins as the pages.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import polars as pl
import pytest

from analytics.cli.main import main
from analytics.criteria import default_criteria
from analytics.criteria.agreement import default_status
from analytics.metrics.definitions import (
    WinGaps,
    compute_monthly_kpis,
    month_records,
    win_gaps,
    with_outcome,
)
from analytics.metrics.whatif import Assumptions, prepare_sweep, suggest_thresholds, whatif_at
from analytics.metrics.whatif.cached import cached_sweep
from analytics.report.build import build_report
from analytics.store.db import Workspace
from analytics.store.ingest import import_file
from analytics.text.catalog import t

D = datetime


def _lifecycle(**overrides: list) -> pl.DataFrame:
    """Four leads created in January 2025, all MQLs on 5 January; none won unless overridden."""
    base = {
        "lead_id": ["a", "b", "c", "d"],
        "created_at": [D(2025, 1, 2)] * 4,
        "mql_at": [D(2025, 1, 5)] * 4,
        "sql_at": [None] * 4,
        "opportunity_at": [None] * 4,
        "is_won": [False] * 4,
        "won_at": [None] * 4,
        "won_amount": [0.0] * 4,
        "converted": [True, True, False, None],
        "converted_at": [None] * 4,
    }
    frame = pl.DataFrame(base | overrides)
    return frame.with_columns(
        pl.col("created_at", "mql_at", "won_at", "converted_at").cast(pl.Datetime("us")),
        pl.col("sql_at", "opportunity_at").cast(pl.Datetime("us")),
    )


def test_a_win_on_the_lead_record_has_no_amount_a_won_deal_keeps_its_own() -> None:
    leads = _lifecycle(
        is_won=[False, True, False, False],
        won_at=[None, D(2025, 2, 1), None, None],
        won_amount=[0.0, 900.0, 0.0, 0.0],
    )
    out = with_outcome(leads)
    assert out.select("is_won", "won_amount").rows() == [
        (True, None),  # converted on its record: worth unknown
        (True, 900.0),  # a won deal (its flag too): the deal's amount
        (False, 0.0),
        (False, 0.0),
    ]
    assert win_gaps(out) == WinGaps(wins=2, undated=1, unpriced=1)


def test_wins_without_dates_or_amounts_are_unknown_by_month_not_zero() -> None:
    monthly = compute_monthly_kpis(with_outcome(_lifecycle()), as_of=D(2025, 3, 31))
    assert monthly["month"].to_list() == [date(2025, 1, 1)]
    row = monthly.row(0, named=True)
    for key in ("won", "won_revenue", "lead_to_won_days", "cac"):
        assert row[key] is None, key
    # the rates over the MQL cohort need no date: 2 of the 4 MQLs converted
    assert (row["mql_won"], row["mqls"], row["mql_to_won"]) == (2, 4, 0.5)
    records = {r["key"]: r for r in month_records(monthly, date(2025, 1, 1))}
    assert records["won"]["value"] is None and records["cac"]["value"] is None


def test_a_conversion_date_gives_wins_by_month_but_revenue_stays_unknown() -> None:
    leads = _lifecycle(converted_at=[D(2025, 1, 20), D(2025, 2, 3), None, None])
    monthly = compute_monthly_kpis(with_outcome(leads), as_of=D(2025, 3, 31))
    assert monthly.select("month", "won").rows() == [(date(2025, 1, 1), 1), (date(2025, 2, 1), 1)]
    assert monthly["won_revenue"].null_count() == monthly.height
    assert monthly["lead_to_won_days"].to_list() == [18.0, 32.0]


def test_mixed_deals_and_flags_sum_the_known_amounts_and_say_how_many_are_left_out() -> None:
    leads = _lifecycle(
        is_won=[False, True, False, False],
        won_at=[None, D(2025, 1, 25), None, None],
        won_amount=[0.0, 900.0, 0.0, 0.0],
    )
    out = with_outcome(leads)
    monthly = compute_monthly_kpis(out, as_of=D(2025, 3, 31))
    assert monthly.select("won", "won_revenue").row(0) == (1, 900.0)  # the dated, priced deal
    notes = [str(n) for n in win_gaps(out).notes()]
    assert notes == [
        "wins by month count the dated wins: 1 of the 2 wins have no date and are left out",
        "revenue sums the known amounts: 1 of the 2 wins have no amount",
    ]
    assert win_gaps(out).notes(("unpriced",))[0].localized("ja").startswith("受注金額は")


def test_a_month_whose_wins_all_lack_an_amount_has_unknown_revenue_as_a_funnel_cohort() -> None:
    """Some wins priced, some not: a month whose wins all lack an amount is unknown (null,
    "–"), not 0; a month with a priced win sums its known amounts; a month with no win
    earned 0 — the rule the funnel's cohorts follow (one rule on every surface)."""
    from analytics.metrics.funnel import count_cohorts

    leads = pl.DataFrame(
        {
            "lead_id": ["a", "b", "c", "d"],
            "created_at": [D(2025, 1, 2)] * 4,
            "mql_at": [D(2025, 1, 5), D(2025, 2, 5), D(2025, 3, 5), D(2025, 3, 6)],
            "sql_at": [None] * 4,
            "opportunity_at": [None] * 4,
            "is_won": [True, True, False, False],
            "won_at": [D(2025, 1, 20), D(2025, 2, 20), None, None],
            "won_amount": [None, 500.0, 0.0, 0.0],  # January's win has no amount
        }
    ).with_columns(
        pl.col("created_at", "mql_at", "sql_at", "opportunity_at", "won_at").cast(pl.Datetime("us"))
    )
    monthly = compute_monthly_kpis(leads, as_of=D(2025, 4, 30))
    assert monthly.select("won", "won_revenue").rows() == [(1, None), (1, 500.0), (0, 0.0)]
    cohorts = count_cohorts(leads, as_of=D(2025, 4, 30)).select("won", "won_revenue").rows()
    assert cohorts == [(1, None), (1, 500.0), (0, 0.0)]
    assert [str(n) for n in win_gaps(leads).notes()] == [
        "revenue sums the known amounts: 1 of the 2 wins have no amount"
    ]


def test_no_wins_at_all_is_zero_revenue_not_unknown() -> None:
    out = with_outcome(_lifecycle(converted=[False, False, None, None]))
    assert win_gaps(out) == WinGaps(0, 0, 0) and win_gaps(out).notes() == []
    monthly = compute_monthly_kpis(out, as_of=D(2025, 3, 31))
    assert monthly.select("won", "won_revenue").row(0) == (0, 0.0)


def _path(leads: pl.DataFrame) -> pl.DataFrame:
    return pl.DataFrame(
        {"lead_id": leads["lead_id"], "at": leads["mql_at"], "total": [70.0, 65.0, 62.0, 10.0]}
    ).with_columns(pl.col("at").cast(pl.Datetime("us")))


def test_whatif_revenue_and_value_are_unknown_when_no_win_has_an_amount() -> None:
    leads = with_outcome(_lifecycle()).with_columns(peak_total=pl.Series([70.0, 65.0, 62.0, 10.0]))
    sweep = prepare_sweep(leads, _path(leads), agreed_threshold=60)
    assert sweep.revenue_known is False
    at = whatif_at(sweep, 60).row(0, named=True)
    assert (at["mql"], at["won"]) == (3, 2)
    for key in ("expected_revenue", "revenue_below", "value_per_win", "expected_value"):
        assert at[key] is None, key
    reasons = dict(suggest_thresholds(sweep, lang="en").select("rule", "reason").iter_rows())
    assert reasons["expected_value"] == t("whatif.reason.value_unknown", "en")
    # a value per win given in the assumptions makes the expected value computable again
    valued = whatif_at(sweep, 60, assumptions=Assumptions(value_per_win=1_000.0)).row(0, named=True)
    assert valued["expected_value"] is not None and valued["expected_revenue"] is None


def test_whatif_revenue_is_known_once_a_won_deal_has_an_amount() -> None:
    leads = _lifecycle(is_won=[True, False, False, False], won_amount=[500.0, 0.0, 0.0, 0.0])
    leads = with_outcome(leads).with_columns(peak_total=pl.Series([70.0, 65.0, 62.0, 10.0]))
    sweep = prepare_sweep(leads, _path(leads), agreed_threshold=60)
    assert sweep.revenue_known is True
    assert whatif_at(sweep, 60).row(0, named=True)["revenue"] == 500.0


# --------------------------------------------------------------------------- a real workspace
@pytest.fixture(scope="module")
def converted_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A leads export with creation dates and a Converted column, nothing else."""
    db = tmp_path_factory.mktemp("converted") / "w.duckdb"
    n = 240
    leads = pl.DataFrame(
        {
            "Prospect ID": [f"P{i:04d}" for i in range(n)],
            "Company": [f"Co{i % 40}" for i in range(n)],
            "Employees": [(10, 50, 200, 1000)[i % 4] for i in range(n)],
            "Created Date": [f"2025-{1 + i % 9:02d}-{1 + i % 27:02d}" for i in range(n)],
            "Converted": [int(i % 3 == 0) for i in range(n)],
        }
    )
    with Workspace.open(db) as ws:
        import_file(ws, "leads", leads.write_csv().encode(), file_name="Leads.csv")
    return db


def test_metrics_command_says_unknown_with_the_reason(converted_db, capsys) -> None:
    assert (
        main(["metrics", "--db", str(converted_db), "--month", "2025-08", "--format", "json"]) == 0
    )
    data = json.loads(capsys.readouterr().out)
    kpis = {k["key"]: k["value"] for k in data["kpis"]}
    assert kpis["won"] is None and kpis["won_revenue"] is None and kpis["cac"] is None
    assert kpis["leads"] == 26
    assert [n.split(" – ")[0] for n in data["notes"]] == [
        "wins by month: unknown",
        "revenue: unknown",
    ]
    assert "of the 80 wins" in data["notes"][0]


def test_metrics_text_marks_small_n_on_rates_only(converted_db, capsys) -> None:
    # August has 26 new leads: its MQL rate is over few; its count of leads is just a count
    assert main(["metrics", "--db", str(converted_db), "--month", "2025-08"]) == 0
    rows = {
        line.split("┆")[0].strip("│ "): line.split("┆")[-1].strip("│ ")
        for line in capsys.readouterr().out.splitlines()
        if "┆" in line
    }
    assert rows["leads"] == "" and rows["mql_rate"] == "small n"
    assert rows["won"] == "unknown"


def test_the_report_counts_the_same_wins_as_the_pages_and_says_why_revenue_is_unknown(
    converted_db,
) -> None:
    with Workspace.open(converted_db) as ws:
        report = build_report(ws, default_criteria(), default_status(), month=date(2025, 8, 1),
                              lang="ja")  # fmt: skip
    kpis = next(s for s in report.sections if s.key == "kpis")
    table = kpis.table("kpis").frame
    values = dict(table.select("_key", "value").iter_rows())
    notes = dict(table.select("_key", "note").iter_rows())
    assert values["won"] is None and values["won_revenue"] is None
    assert notes["won_revenue"] == t("report.note_unknown", "ja")
    assert any(line.startswith("受注金額: 不明") for line in kpis.lines)
    assert any(line.startswith("月別の受注: 不明") for line in kpis.lines)


def test_a_cached_sweep_remembers_that_revenue_is_unknown(converted_db) -> None:
    with Workspace.open(converted_db) as ws:
        first = cached_sweep(ws, default_criteria())
        again = cached_sweep(ws, default_criteria())
    assert first.revenue_known is False and again.revenue_known is False
    assert whatif_at(again, 0).row(0, named=True)["expected_revenue"] is None


def test_overview_shows_unknown_wins_and_revenue_as_a_dash_with_the_reason(converted_db) -> None:
    from tests.test_pages import run_page

    at = run_page(None, converted_db, lang="en")
    assert not at.exception, at.exception
    shown = {m.label: m.value for m in at.metric}
    assert shown[t("kpis.name_won", "en")] == "–"
    assert shown[t("kpis.name_won_revenue", "en")] == "–"
    captions = [c.value for c in at.caption]
    assert any("wins by month: unknown" in c for c in captions)
    assert any("revenue: unknown" in c for c in captions)


def _import(db: Path, **frames: pl.DataFrame) -> None:
    """Import each frame (kind -> CSV rows) into the workspace ``db``, in the order given."""
    with Workspace.open(db) as ws:
        for kind, frame in frames.items():
            import_file(ws, kind, frame.write_csv().encode(), file_name=f"{kind}.csv")


def _metrics(db: Path, month: str, capsys: pytest.CaptureFixture[str]) -> tuple[dict, list]:
    """``metrics --month`` as JSON: (KPI key -> value, notes)."""
    assert main(["metrics", "--db", str(db), "--month", month, "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    return {k["key"]: k["value"] for k in data["kpis"]}, data["notes"]


def test_won_deals_without_amounts_leave_revenue_unknown_and_amounts_add_up(
    tmp_path, capsys
) -> None:
    # a deals export with no amount column: the wins have dates, so wins by month are
    # known; what they were worth is not (null, not ¥0). One deal with an amount makes
    # revenue the sum of the known amounts, and the note says how many wins lack one.
    db = tmp_path / "w.duckdb"
    leads = pl.DataFrame(
        {
            "Lead ID": ["L1", "L2", "L3"],
            "Created Date": ["2025-01-03", "2025-01-04", "2025-01-05"],
        }
    )
    deals = pl.DataFrame(
        {
            "Deal ID": ["D1", "D2"],
            "Lead ID": ["L1", "L2"],
            "Create Date": ["2025-01-10", "2025-01-11"],
            "Close Date": ["2025-02-10", "2025-02-11"],
            "Deal Stage": ["Closed Won", "Closed Won"],
        }
    )
    _import(db, leads=leads, deals=deals)
    kpis, notes = _metrics(db, "2025-02", capsys)
    assert (kpis["won"], kpis["won_revenue"]) == (2, None)
    assert [n.split(" – ")[0] for n in notes] == ["revenue: unknown"]

    _import(db, deals=deals.head(1).with_columns(Amount=pl.lit("1,200")))
    kpis, notes = _metrics(db, "2025-02", capsys)
    assert (kpis["won"], kpis["won_revenue"]) == (2, 1200.0)
    assert notes == ["revenue sums the known amounts: 1 of the 2 wins have no amount"]


def test_a_month_of_unpriced_wins_says_unknown_in_the_metrics_and_the_report(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """February's won deal has an amount, March's none: the metrics command and the report
    give February 1,200 and March unknown (null, noted), never 0."""
    db = tmp_path / "w.duckdb"
    leads = pl.DataFrame({"Lead ID": ["L1", "L2"], "Created Date": ["2025-01-03", "2025-01-04"]})
    deals = pl.DataFrame(
        {
            "Deal ID": ["D1", "D2"],
            "Lead ID": ["L1", "L2"],
            "Create Date": ["2025-01-10", "2025-01-11"],
            "Close Date": ["2025-02-10", "2025-03-10"],
            "Deal Stage": ["Closed Won", "Closed Won"],
            "Amount": ["1,200", ""],
        }
    )
    _import(db, leads=leads, deals=deals)
    revenue = {}
    for month in ("2025-02", "2025-03"):
        kpis, _ = _metrics(db, month, capsys)
        revenue[month] = (kpis["won"], kpis["won_revenue"])
    assert revenue == {"2025-02": (1, 1200.0), "2025-03": (1, None)}
    with Workspace.open(db) as ws:
        report = build_report(ws, default_criteria(), default_status(), month=date(2025, 3, 1),
                              lang="en")  # fmt: skip
    table = next(s for s in report.sections if s.key == "kpis").table("kpis").frame
    row = table.filter(pl.col("_key") == "won_revenue").row(0, named=True)
    assert row["value"] is None and row["note"] == t("report.note_unknown", "en")


def test_funnel_cohort_revenue_is_unknown_where_its_wins_have_no_amount() -> None:
    from analytics.metrics.funnel import count_cohorts

    leads = pl.DataFrame(
        {
            "mql_at": [D(2025, 1, 5), D(2025, 1, 6), D(2025, 2, 2), D(2025, 3, 3)],
            "sql_at": [None] * 4,
            "opportunity_at": [None] * 4,
            "is_won": [True, False, True, False],
            "won_at": [D(2025, 2, 1), None, D(2025, 3, 1), None],
            "won_amount": [None, 0.0, 500.0, 0.0],  # January's win: converted on its record
        }
    )
    got = count_cohorts(leads, as_of=D(2025, 4, 30)).select("cohort", "won", "won_revenue")
    assert got.rows() == [
        (date(2025, 1, 1), 1, None),
        (date(2025, 2, 1), 1, 500.0),
        (date(2025, 3, 1), 0, 0.0),  # nothing won: nothing earned
    ]
