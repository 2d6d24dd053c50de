"""The demo company: shape, determinism, realism and the hidden model's main effects.

Rates are checked on a 20,000-lead demo workspace (built once per module) with
plain SQL, against the ranges promised in the brief; nothing here hard-codes a
generated number.
"""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import polars as pl
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

from analytics.errors import InputError
from analytics.store.db import DATA_TABLES, Workspace
from analytics.store.demo import (
    LOCALES,
    PREFECTURES,
    STAGE_LOST,
    STAGE_WON,
    STAGES_OPEN,
    demo_schema,
    generate_demo,
    load_demo,
)

ROOT = Path(__file__).resolve().parent.parent
CJK = r"[\u3000-\u30ff\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]"
DUCK_TYPES = {
    pl.String: "VARCHAR",
    pl.Datetime: "TIMESTAMP",
    pl.Int64: "BIGINT",
    pl.Int16: "SMALLINT",
    pl.Float64: "DOUBLE",
    pl.Boolean: "BOOLEAN",
    pl.Date: "DATE",
}


@pytest.fixture(scope="module")
def demo_ws(tmp_path_factory: pytest.TempPathFactory):
    """A 20,000-lead Japanese demo workspace (the default size and seed)."""
    workspace = Workspace.open(tmp_path_factory.mktemp("demo") / "demo.duckdb")
    counts = load_demo(workspace)
    yield workspace, counts
    workspace.close()


@pytest.fixture(scope="module")
def small() -> dict[str, pl.DataFrame]:
    return generate_demo(leads=2_000, seed=3)


# -- shape and determinism -----------------------------------------------------


@pytest.mark.parametrize("table", DATA_TABLES)
def test_frames_match_the_workspace_schema(small, ws, table):
    expected = {name: kind for name, kind in ws.columns(table).items() if name != "import_id"}
    frame = small[table]
    assert frame.columns == list(expected)
    assert {c: DUCK_TYPES[type(frame.schema[c])] for c in frame.columns} == expected
    assert frame.schema == demo_schema(table)


@pytest.mark.parametrize("locale", LOCALES)
def test_same_seed_gives_identical_frames(locale):
    first = generate_demo(leads=800, seed=11, locale=locale)
    second = generate_demo(leads=800, seed=11, locale=locale)
    assert list(first) == list(second)
    for table in first:
        assert_frame_equal(first[table], second[table])


# sha256 of (schema text + CSV) per table of generate_demo(leads=300, seed=5, locale=…).
# Pinned when the demo became a package; re-pinned when the sales draws grew (issue 11:
# weekday delays, never-contacted pattern, cooling leads, reasons from real weaknesses,
# recycled leads that return), which draws more numbers and so changes every later table.
# Leads re-pinned for issue 13: the schema gained the empty lead-level outcome columns.
PINNED = {
    "ja": {
        "leads": "04cd8ab203c531e63c0a599361b127608dcd5571b69081722bc326ad53286c17",
        "activities": "74bb4206a100efbab9e9006dff2c69445f81b7f5c5f30d2522647e55fb56e164",
        "deals": "8d3263f3a145b5ed4cb6f1430abb03eb72dd293845ec52c7032612a92307a5c6",
        "bant": "ebec1d7095a1d2a77b2b4a7d6d47ca5b3371153b1ca33bcf236b9bfa16dd0e90",
        "feedback": "1c7c7f31495281a03211abd704e3d8903e3586e81eb6819ab3a4bc1ff7d7810b",
        "costs": "7d2debcf210b156ad789abd964bf8e1b7eccd76ad832a1484f52b8e4e00e0e46",
    },
    "en": {
        "leads": "86a5a2f619e60ef818ff482f4b1c323dd9c4b9bcee9bdb5ee3639b6754bc411a",
        "activities": "2cb80cbb7844a7b3b461f8325fdcdaca5a99353e11c2b2ef42c308083ab13831",
        "deals": "cbc39d446d3266478e271d6ee0bba9f2710e26c03c0588a6673b9fc8eabb0fbd",
        "bant": "456b58e5f8e7546b327367b066402b8fb07332e8c092b512c2a52a5c699b1409",
        "feedback": "8a35439409746acd9916249ad1e67a4e7e428750d77274dcda3eff6e83cf576c",
        "costs": "7d2debcf210b156ad789abd964bf8e1b7eccd76ad832a1484f52b8e4e00e0e46",
    },
}


@pytest.mark.parametrize("locale", LOCALES)
def test_seeded_generation_is_pinned(locale):
    """The same seed gives the same bytes as before any refactoring of the generator."""
    frames = generate_demo(leads=300, seed=5, locale=locale)
    digests = {
        table: hashlib.sha256((str(frame.schema) + frame.write_csv()).encode()).hexdigest()
        for table, frame in frames.items()
    }
    assert digests == PINNED[locale]


def test_other_seed_gives_other_data():
    first = generate_demo(leads=800, seed=1)["leads"]
    second = generate_demo(leads=800, seed=2)["leads"]
    assert not first.equals(second)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"leads": 0}, r"leads=0 is not a number of leads"),
        ({"leads": -5}, r"leads=-5"),
        ({"leads": 2.5}, r"leads=2\.5"),
        ({"locale": "fr"}, r"locale='fr' is not supported; use one of ja, en"),
    ],
)
def test_bad_arguments_are_refused(kwargs, message):
    with pytest.raises(InputError, match=message):
        generate_demo(**kwargs)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    leads=st.integers(min_value=1, max_value=400),
    seed=st.integers(min_value=0, max_value=10_000),
    locale=st.sampled_from(LOCALES),
    end=st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31)),
)
@example(leads=1, seed=1, locale="ja", end=date(2020, 1, 1))  # found by hypothesis: no activity
def test_invariants_hold_for_any_size_seed_and_end(leads, seed, locale, end):
    frames = generate_demo(leads=leads, seed=seed, locale=locale, end=end)
    lead_frame = frames["leads"]
    assert lead_frame.height == leads
    assert lead_frame["lead_id"].n_unique() == leads
    assert lead_frame["created_at"].max().date() <= end
    created = dict(zip(lead_frame["lead_id"], lead_frame["created_at"], strict=True))
    acts = frames["activities"].join(
        pl.DataFrame({"lead_id": list(created), "created_at": list(created.values())}),
        on="lead_id",
    )
    assert acts.filter(pl.col("occurred_at") < pl.col("created_at")).height == 0
    assert frames["activities"]["occurred_at"].max() is None or (
        frames["activities"]["occurred_at"].max().date() <= end
    )
    deals = frames["deals"]
    assert deals.filter(pl.col("closed_at") < pl.col("created_at")).height == 0
    assert deals["deal_id"].n_unique() == deals.height
    assert frames["costs"].height == 24 * 9


# -- the 20k workspace: counts and realism ----------------------------------------


def test_load_returns_the_table_counts(demo_ws):
    ws, counts = demo_ws
    assert counts == ws.table_counts()
    assert counts["leads"] == 20_000
    assert 15 <= counts["activities"] / counts["leads"] <= 25
    assert 300_000 <= counts["activities"] <= 500_000
    assert 0.04 <= counts["deals"] / counts["leads"] <= 0.15
    assert counts["bant"] > 0 and counts["feedback"] > 0
    assert counts["costs"] == 24 * 9
    assert ws.rows("SELECT kind, inserted, status FROM imports") == [
        ("demo", sum(counts.values()), "ok")
    ]
    assert ws.data_version == 1


def test_load_replaces_previous_data(ws):
    first = load_demo(ws, leads=300, seed=1)
    second = load_demo(ws, leads=200, seed=2, locale="en")
    assert ws.table_counts() == second
    assert first["leads"] == 300 and second["leads"] == 200
    assert ws.scalar("SELECT count(*) FROM imports WHERE kind = 'demo'") == 2
    assert ws.data_version == 2


def test_all_prefectures_and_consistent_regions(demo_ws):
    ws, _ = demo_ws
    found = ws.rows("SELECT prefecture, count(DISTINCT region) FROM leads GROUP BY 1")
    assert sorted(p for p, _ in found) == sorted(p[0] for p in PREFECTURES)
    assert all(regions == 1 for _, regions in found)
    top = ws.rows("SELECT prefecture FROM leads GROUP BY 1 ORDER BY count(*) DESC LIMIT 4")
    assert {p for (p,) in top} <= {"東京都", "神奈川県", "大阪府", "愛知県", "埼玉県"}
    assert top[0][0] == "東京都"


def test_lead_attributes_look_real(demo_ws):
    ws, _ = demo_ws
    names = ws.query("SELECT company FROM leads")["company"]
    assert names.str.starts_with("株式会社").mean() > 0.3
    assert names.str.ends_with("株式会社").mean() > 0.2
    assert names.str.contains("㈱").any() and names.str.contains("髙").any()
    ranks = ws.rows("SELECT title, count(DISTINCT title_rank) FROM leads GROUP BY 1")
    assert all(n == 1 for _, n in ranks)
    assert {r for (r,) in ws.rows("SELECT DISTINCT title_rank FROM leads")} == {
        "executive",
        "director",
        "manager",
        "staff",
    }
    low, high = ws.rows("SELECT min(employees), max(employees) FROM leads")[0]
    assert low >= 5 and high <= 50_000
    # revenue grows with size: compare the median of the largest and smallest quartiles
    small_q, large_q = ws.rows(
        "WITH q AS (SELECT annual_revenue, ntile(4) OVER (ORDER BY employees) AS k FROM leads "
        "WHERE employees IS NOT NULL AND annual_revenue IS NOT NULL) "
        "SELECT median(annual_revenue) FILTER (WHERE k = 1), median(annual_revenue) FILTER (WHERE k = 4) FROM q"
    )[0]
    assert large_q > 10 * small_q
    domains = ws.query("SELECT email_domain FROM leads")["email_domain"]
    assert domains.is_in(["gmail.com", "yahoo.co.jp"]).any()
    assert domains.str.ends_with(".ac.jp").any()
    assert (ws.scalar("SELECT count(*) FROM leads WHERE email NOT LIKE '%@' || email_domain")) == 0
    sources = {s for (s,) in ws.rows("SELECT DISTINCT source FROM leads")}
    assert {"web_form", "seminar", "event", "download", "inquiry", "list_import"} <= sources
    assert {"referral", "paid_search", "organic_search"} <= sources


def test_activities_follow_their_lead(demo_ws):
    ws, _ = demo_ws
    before = ws.scalar(
        "SELECT count(*) FROM activities a JOIN leads l USING (lead_id) WHERE a.occurred_at < l.created_at"
    )
    assert before == 0
    types = {t for (t,) in ws.rows("SELECT DISTINCT type FROM activities")}
    assert types == {
        "page_view",
        "download",
        "email_open",
        "email_click",
        "webinar",
        "inquiry",
        "unsubscribe",
        "form_submit",
    }
    pages = {
        d for (d,) in ws.rows("SELECT DISTINCT detail FROM activities WHERE type = 'page_view'")
    }
    assert pages == {"pricing", "case_study", "product", "company", "blog", "careers", "top"}
    # heavy-tailed: the busiest 10% of leads hold far more than 10% of the activities
    share = ws.scalar(
        "WITH c AS (SELECT lead_id, count(*) AS n FROM activities GROUP BY 1), "
        "r AS (SELECT n, ntile(10) OVER (ORDER BY n DESC) AS k FROM c) "
        "SELECT sum(n) FILTER (WHERE k = 1) / sum(n) FROM r"
    )
    assert share > 0.3
    # decaying: more activity in a lead's first month than in its third
    first, third = ws.rows(
        "SELECT count(*) FILTER (WHERE d < 30), count(*) FILTER (WHERE d >= 60 AND d < 90) "
        "FROM (SELECT date_diff('day', l.created_at, a.occurred_at) AS d "
        "FROM activities a JOIN leads l USING (lead_id))"
    )[0]
    assert first > 2 * third
    mail_after_unsubscribe = ws.scalar(
        "SELECT count(*) FROM activities a JOIN (SELECT lead_id, min(occurred_at) AS u FROM activities "
        "WHERE type = 'unsubscribe' GROUP BY 1) USING (lead_id) "
        "WHERE a.type IN ('email_open', 'email_click') AND a.occurred_at > u"
    )
    assert mail_after_unsubscribe == 0
    # some high-fit leads never engage at all
    silent_fit = ws.scalar(
        "SELECT count(*) FROM leads l WHERE employees >= 1000 AND title_rank IN ('executive', 'director') "
        "AND NOT EXISTS (SELECT 1 FROM activities a WHERE a.lead_id = l.lead_id)"
    )
    assert silent_fit > 0


def test_deals_are_consistent(demo_ws):
    ws, _ = demo_ws
    assert ws.scalar("SELECT count(*) FROM deals WHERE closed_at < created_at") == 0
    closed_stages = {STAGE_WON[0], STAGE_LOST[0]}
    open_stages = {s[0] for s in STAGES_OPEN}
    for stage, closed, won in ws.rows(
        "SELECT stage, closed_at IS NOT NULL, is_won FROM deals GROUP BY ALL"
    ):
        assert stage in (closed_stages if closed else open_stages)
        assert won is (None if not closed else stage == STAGE_WON[0])
    # open deals are the recent ones
    assert ws.scalar("SELECT count(*) FROM deals WHERE closed_at IS NULL") > 0
    oldest_open = ws.scalar("SELECT min(created_at) FROM deals WHERE closed_at IS NULL")
    assert (date(2026, 10, 31) - oldest_open.date()).days <= 190
    low, high = ws.rows("SELECT min(amount), max(amount) FROM deals")[0]
    assert 100_000 <= low < 1_000_000 and 10_000_000 <= high <= 100_000_000
    # closed 1-6 months after creation
    days = ws.query(
        "SELECT date_diff('day', created_at, closed_at) AS d FROM deals WHERE closed_at IS NOT NULL"
    )["d"]
    assert days.min() >= 25 and days.max() <= 187 and 30 <= days.median() <= 120
    # a few deals carry only the contact e-mail, and it matches a lead
    by_email = ws.scalar(
        "SELECT count(*) FROM deals d JOIN leads l ON d.contact_email = l.email WHERE d.lead_id IS NULL"
    )
    assert by_email > 0
    assert ws.scalar("SELECT count(*) FROM deals WHERE lead_id IS NULL") < 0.1 * ws.scalar(
        "SELECT count(*) FROM deals"
    )
    # MQL-driven deals are created after the lead became an MQL; some bypass marketing
    assert (
        ws.scalar(
            "SELECT count(*) FROM deals d JOIN leads l USING (lead_id) "
            "WHERE l.mql_at IS NOT NULL AND d.created_at < l.mql_at"
        )
        == 0
    )
    assert (
        ws.scalar(
            "SELECT count(*) FROM deals d JOIN leads l USING (lead_id) WHERE l.mql_at IS NULL"
        )
        > 0
    )
    assert (
        ws.scalar(
            "SELECT count(*) FROM deals d JOIN leads l USING (lead_id) WHERE d.created_at <= l.sql_at"
        )
        == 0
    )


def test_students_and_competitors_never_buy(demo_ws):
    ws, _ = demo_ws
    assert ws.scalar("SELECT count(*) FROM leads WHERE email_domain LIKE '%.ac.jp'") > 0
    buyers = ws.scalar(
        "SELECT count(*) FROM deals d JOIN leads l ON d.lead_id = l.lead_id OR d.contact_email = l.email "
        "WHERE l.email_domain LIKE '%.ac.jp' OR l.title IN ('学生', 'Student')"
    )
    assert buyers == 0


def test_lifecycle_order(demo_ws):
    ws, _ = demo_ws
    assert ws.scalar("SELECT count(*) FROM leads WHERE first_contact_at < mql_at") == 0
    assert (
        ws.scalar(
            "SELECT count(*) FROM leads WHERE first_contact_at IS NOT NULL AND mql_at IS NULL"
        )
        == 0
    )
    assert ws.scalar("SELECT count(*) FROM leads WHERE sql_at < first_contact_at") == 0
    assert (
        ws.scalar(
            "SELECT count(*) FROM bant b JOIN leads l USING (lead_id) "
            "WHERE b.assessed_at < l.mql_at OR l.mql_at IS NULL"
        )
        == 0
    )
    assert (
        ws.scalar(
            "SELECT count(*) FROM feedback f JOIN leads l USING (lead_id) WHERE f.given_at <= l.first_contact_at"
        )
        == 0
    )
    levels = ws.rows(
        "SELECT min(least(budget, authority, need, timeline)), max(greatest(budget, authority, need, timeline)) FROM bant"
    )
    assert levels == [(0, 3)]
    verdicts = {v for (v,) in ws.rows("SELECT DISTINCT verdict FROM feedback")}
    assert verdicts == {"accepted", "rejected", "recycled"}
    reasons = {r for (r,) in ws.rows("SELECT DISTINCT reason FROM feedback")}
    # the product's own reason list (analytics.text.codes.FEEDBACK_REASONS)
    assert {
        "予算なし",
        "決裁者でない",
        "ニーズ未顕在",
        "時期未定",
        "競合採用",
        "連絡不通",
    } <= reasons


# -- the hidden model's effects, measured with SQL -------------------------------------


def won_leads_sql() -> str:
    """Leads with a won deal, linked by lead id or by contact e-mail."""
    return (
        "SELECT DISTINCT coalesce(d.lead_id, l.lead_id) AS lead_id FROM deals d "
        "LEFT JOIN leads l ON d.lead_id IS NULL AND d.contact_email = l.email WHERE d.is_won"
    )


def test_won_and_mql_shares_in_range(demo_ws):
    ws, _ = demo_ws
    won, mql, sql_ = ws.rows(
        f"SELECT avg((w.lead_id IS NOT NULL)::INT), avg((mql_at IS NOT NULL)::INT), "
        f"sum((sql_at IS NOT NULL)::INT) / sum((mql_at IS NOT NULL)::INT) "
        f"FROM leads LEFT JOIN ({won_leads_sql()}) w USING (lead_id)"
    )[0]
    assert 0.02 <= won <= 0.04
    assert 0.10 <= mql <= 0.35
    assert 0.30 <= sql_ <= 0.50


def test_pricing_views_predict_winning(demo_ws):
    ws, _ = demo_ws
    rates = dict(
        ws.rows(
            f"WITH p AS (SELECT lead_id, count(*) FILTER (WHERE detail = 'pricing') AS n "
            f"FROM activities GROUP BY 1) "
            f"SELECT CASE WHEN coalesce(p.n, 0) = 0 THEN 'none' WHEN p.n = 1 THEN 'one' ELSE 'two+' END, "
            f"avg((w.lead_id IS NOT NULL)::INT) FROM leads "
            f"LEFT JOIN p USING (lead_id) LEFT JOIN ({won_leads_sql()}) w USING (lead_id) GROUP BY 1"
        )
    )
    assert rates["two+"] > 3 * rates["none"]
    assert rates["none"] < rates["one"] < rates["two+"]


@pytest.mark.parametrize(
    ("column", "better", "worse"),
    [
        ("title_rank", "director", "staff"),
        ("industry", "製造業", "教育"),
        ("source", "inquiry", "list_import"),
    ],
)
def test_fit_and_source_predict_winning(demo_ws, column, better, worse):
    ws, _ = demo_ws
    rates = dict(
        ws.rows(
            f"SELECT {column}, avg((w.lead_id IS NOT NULL)::INT) FROM leads "
            f"LEFT JOIN ({won_leads_sql()}) w USING (lead_id) GROUP BY 1"
        )
    )
    assert rates[better] > 2 * rates[worse]


def test_unsubscribing_hurts(demo_ws):
    ws, _ = demo_ws
    rates = dict(
        ws.rows(
            f"WITH u AS (SELECT DISTINCT lead_id FROM activities WHERE type = 'unsubscribe'), "
            f"e AS (SELECT DISTINCT lead_id FROM activities) "
            f"SELECT u.lead_id IS NOT NULL, avg((w.lead_id IS NOT NULL)::INT) FROM e "
            f"LEFT JOIN u USING (lead_id) LEFT JOIN ({won_leads_sql()}) w USING (lead_id) GROUP BY 1"
        )
    )
    assert rates[True] < rates[False]


def test_fiscal_year_end_seasonality(demo_ws):
    ws, _ = demo_ws
    by_month = dict(ws.rows("SELECT month(closed_at), count(*) FROM deals WHERE is_won GROUP BY 1"))
    average = sum(by_month.values()) / 12
    assert by_month[3] > 1.3 * average
    assert by_month[3] > by_month[2] and by_month[3] > by_month[4]


def test_reps_respond_at_different_speeds(demo_ws):
    ws, _ = demo_ws
    per_rep = ws.query(
        "SELECT owner, median(epoch(first_contact_at - mql_at) / 3600) AS hours, "
        "avg((epoch(first_contact_at - mql_at) <= 86400)::INT) AS within_day "
        "FROM leads WHERE first_contact_at IS NOT NULL GROUP BY 1"
    )
    assert per_rep.height == 8
    assert per_rep["hours"].min() < 6 and per_rep["hours"].max() > 48
    overall = ws.scalar(
        "SELECT avg((epoch(first_contact_at - mql_at) <= 86400)::INT) FROM leads "
        "WHERE first_contact_at IS NOT NULL"
    )
    assert overall > 0.5


def test_costs_follow_lead_volume(demo_ws):
    ws, _ = demo_ws
    assert ws.scalar("SELECT count(*) FROM costs WHERE amount < 0") == 0
    channels = {c for (c,) in ws.rows("SELECT DISTINCT channel FROM costs")}
    sources = {s for (s,) in ws.rows("SELECT DISTINCT source FROM leads")}
    assert channels == sources
    months = ws.rows("SELECT min(month), max(month), count(DISTINCT month) FROM costs")[0]
    assert months == (date(2024, 11, 1), date(2026, 10, 1), 24)
    cost_per_lead = ws.scalar("SELECT sum(amount) / (SELECT count(*) FROM leads) FROM costs")
    assert 1_000 <= cost_per_lead <= 50_000


# -- locales and CLI -----------------------------------------------------------------


def test_english_locale_has_no_japanese_text():
    frames = generate_demo(leads=3_000, seed=5, locale="en")
    companies = frames["leads"]["company"]
    assert not companies.str.contains(CJK).any()
    assert companies.str.contains(r"Co\., Ltd\.$").any() and companies.str.contains(r"Inc\.$").any()
    for table, frame in frames.items():
        for column in frame.columns:
            if frame.schema[column] == pl.String:
                assert not frame[column].str.contains(CJK).any(), (table, column)
    stages = set(frames["deals"]["stage"].unique())
    assert stages <= {"Qualification", "Proposal", "Quote", "Negotiation", "Won", "Lost"}


def test_japanese_locale_labels(small):
    assert set(small["deals"]["stage"].unique()) <= {
        "商談化",
        "提案",
        "見積",
        "交渉",
        "受注",
        "失注",
    }
    assert small["leads"]["company"].str.contains(CJK).all()


def test_cli_writes_a_workspace_and_prints_json(tmp_path):
    path = tmp_path / "cli.duckdb"
    done = subprocess.run(
        [sys.executable, "-m", "analytics", "demo", "--db", str(path), "--leads", "250",
         "--seed", "4", "--locale", "en", "--format", "json"],
        capture_output=True, text=True, check=False, cwd=ROOT,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    counts = json.loads(done.stdout)
    assert list(counts) == list(DATA_TABLES)
    with Workspace.open(path) as ws:
        assert ws.table_counts() == counts
        assert counts["leads"] == 250
        assert not re.search(CJK, " ".join(ws.query("SELECT company FROM leads")["company"]))


def test_cli_text_and_bad_input(tmp_path):
    path = tmp_path / "cli.duckdb"
    text = subprocess.run(
        [sys.executable, "-m", "analytics", "demo", "--db", str(path), "--leads", "30"],
        capture_output=True, text=True, check=False, cwd=ROOT,
    )  # fmt: skip
    assert text.returncode == 0, text.stderr
    assert "leads" in text.stdout and "30" in text.stdout
    bad = subprocess.run(
        [sys.executable, "-m", "analytics", "demo", "--db", str(path), "--leads", "0"],
        capture_output=True, text=True, check=False, cwd=ROOT,
    )  # fmt: skip
    assert bad.returncode == 2
    assert "leads=0" in bad.stderr and "Traceback" not in bad.stderr


# -- the sales team's habits (issue 11) ---------------------------------------------------------


def test_response_depends_on_the_weekday_and_breaches_on_the_rep(demo_ws):
    ws, _ = demo_ws
    by_weekday = dict(
        ws.rows(
            "SELECT isodow(mql_at), median(epoch(first_contact_at - mql_at) / 3600) FROM leads "
            "WHERE first_contact_at IS NOT NULL GROUP BY 1"
        )
    )
    assert by_weekday[5] > 2 * by_weekday[3]  # Friday's MQLs wait for next week
    assert by_weekday[1] > by_weekday[3]  # Monday's backlog
    never = ws.query(
        "SELECT owner, median(epoch(first_contact_at - mql_at) / 3600) AS hours, "
        "avg((first_contact_at IS NULL)::INT) AS never FROM leads WHERE mql_at IS NOT NULL "
        "GROUP BY 1 ORDER BY hours"
    )
    assert never["never"][-2:].min() > 2 * never["never"][:2].max()  # slow reps leave more


def test_sql_conversion_falls_with_the_response_time(demo_ws):
    """Qualified on the first calls (within 14 days), by the CRM's response time: a lead
    called late has gone cold. (Recycled leads that come back qualify later, whatever the
    first response, so they are left out.)"""
    ws, _ = demo_ws
    rates = dict(
        ws.rows(
            "SELECT CASE WHEN h < 4 THEN 'fast' WHEN h > 72 THEN 'slow' ELSE 'mid' END, "
            "avg((sql_at <= first_contact_at + INTERVAL 14 DAY)::INT) FROM (SELECT sql_at, "
            "first_contact_at, epoch(first_contact_at - mql_at) / 3600 AS h FROM leads "
            "WHERE first_contact_at IS NOT NULL) GROUP BY 1"
        )
    )
    assert rates["fast"] > rates["mid"] > rates["slow"]
    assert rates["fast"] > 1.3 * rates["slow"]


def test_reasons_name_real_weaknesses(demo_ws):
    ws, _ = demo_ws
    per_reason = {
        reason: (employees, staff)
        for reason, employees, staff in ws.rows(
            "SELECT f.reason, median(l.employees), avg((l.title_rank = 'staff')::INT) "
            "FROM feedback f JOIN leads l USING (lead_id) GROUP BY 1"
        )
    }
    qualified = per_reason["要件充足（ニーズ・時期が明確）"]
    assert per_reason["予算なし"][0] < qualified[0]  # small companies
    assert per_reason["決裁者でない"][1] > 0.8 > qualified[1]  # staff titles


def test_recycled_leads_come_back(demo_ws):
    ws, _ = demo_ws
    back = ws.query(
        "WITH r AS (SELECT lead_id, min(given_at) AS at FROM feedback WHERE verdict = 'recycled' "
        "GROUP BY 1) SELECT r.lead_id, "
        "bool_or(f.given_at > r.at AND f.verdict <> 'recycled') AS later_verdict, "
        "bool_or(l.sql_at > r.at) AS later_sql FROM r JOIN feedback f USING (lead_id) "
        "JOIN leads l USING (lead_id) GROUP BY 1"
    )
    assert back["later_verdict"].mean() > 0.15
    assert back["later_sql"].sum() > 50
    assert ws.scalar("SELECT count(*) FROM (SELECT lead_id FROM bant GROUP BY 1 "
                     "HAVING count(*) > 1)") > 50  # fmt: skip


# -- the pattern the default rules miss (issue 15) ------------------------------------------
def test_hidden_segment_wins_far_more(demo_ws):
    """Mid-size construction & real-estate leads that attended a webinar and viewed pricing
    before their MQL moment win far more often than other leads with both behaviours (the
    additive default rules give them the same behaviour points)."""
    ws, _ = demo_ws
    rows = ws.rows(
        f"WITH b AS (SELECT a.lead_id, bool_or(a.type = 'webinar') AS webinar, "
        f"bool_or(a.detail = 'pricing') AS pricing FROM activities a JOIN leads l USING (lead_id) "
        f"WHERE a.occurred_at <= coalesce(l.mql_at, TIMESTAMP '9999-01-01') GROUP BY 1) "
        f"SELECT l.employees BETWEEN 100 AND 999 AND l.industry = '建設・不動産' AS segment, "
        f"count(*), avg((w.lead_id IS NOT NULL)::INT) FROM leads l JOIN b USING (lead_id) "
        f"LEFT JOIN ({won_leads_sql()}) w USING (lead_id) WHERE b.webinar AND b.pricing GROUP BY 1"
    )
    stats = {segment: (n, rate) for segment, n, rate in rows}
    (n_in, rate_in), (n_out, rate_out) = stats[True], stats[False]
    assert 30 <= n_in <= 150 < n_out  # a modest segment
    assert rate_in >= 2 * rate_out
