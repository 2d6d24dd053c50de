"""Real public datasets (shared/data/real, read-only) import and give the facts in SOURCES.md.

Each fact is checked twice: against the number SOURCES.md states and against an
independent count computed here straight from the raw CSV with polars.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import polars as pl
import pytest

from analytics.store.db import Workspace
from analytics.store.ingest import import_file

ROOT = Path(__file__).resolve().parent.parent
MAPPINGS = ROOT / "mappings"


def _raw(path: Path) -> pl.DataFrame:
    return pl.read_csv(path, infer_schema=False)


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def olist(real_data: Path, tmp_path: Path):
    """A workspace with the Olist MQLs imported through the CLI and the closed deals through the API."""
    leads = real_data / "olist-funnel" / "olist_marketing_qualified_leads_dataset.csv"
    deals = real_data / "olist-funnel" / "olist_closed_deals_dataset.csv"
    digests = (_digest(leads), _digest(deals))
    db = tmp_path / "olist.duckdb"
    args = [sys.executable, "-m", "analytics", "import", "leads", str(leads), "--db", str(db), "--create",
            "--mapping", str(MAPPINGS / "olist_leads.toml"), "--format", "json"]  # fmt: skip
    done = subprocess.run(args, capture_output=True, text=True, cwd=ROOT, check=False)
    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout)
    ws = Workspace.open(db)
    deals_result = import_file(ws, "deals", deals, mapping=MAPPINGS / "olist_deals.toml")
    yield ws, summary, deals_result, leads, deals
    ws.close()
    assert (_digest(leads), _digest(deals)) == digests  # the real files are never modified


def test_olist_leads(olist) -> None:
    ws, summary, _, leads_path, _ = olist
    raw = _raw(leads_path)
    assert summary["inserted"] == raw.height == 8000
    assert (summary["rejected"], summary["encoding"], summary["delimiter"]) == (0, "utf-8", ",")
    assert any("read as DD-MM-YYYY" in n for n in summary["notes"])
    assert ws.scalar("SELECT count(*) FROM leads") == 8000
    # empty origin -> NULL source (60 rows), literal 'unknown' kept
    empty_origin = raw.filter(pl.col("origin").is_null()).height
    assert ws.scalar("SELECT count(*) FROM leads WHERE source IS NULL") == empty_origin == 60
    # DD-MM-YYYY dates: compare with polars parsing the raw strings with the explicit format
    expected = raw.select(
        pl.col("mql_id"),
        pl.col("first_contact_date").str.to_datetime("%d-%m-%Y").alias("created_at"),
    ).sort("mql_id")
    stored = ws.query("SELECT lead_id AS mql_id, created_at FROM leads ORDER BY lead_id")
    assert stored.rows() == expected.rows()
    assert ws.columns("leads")["landing_page_id"] == "VARCHAR"


def test_olist_deals_and_conversion_by_origin(olist) -> None:
    ws, _, result, leads_path, deals_path = olist
    raw_deals = _raw(deals_path)
    assert (result.inserted, result.rejected) == (raw_deals.height, 0) == (842, 0)
    assert (
        ws.scalar("SELECT count(*) FROM deals d JOIN leads l USING (lead_id) WHERE d.is_won") == 842
    )
    first = ws.rows(
        "SELECT closed_at, amount, stage, declared_monthly_revenue FROM deals "
        "WHERE lead_id = '5420aad7fec3549a85876ba1c529bd84'"
    )
    # the file has no deal value: the seller's declared monthly revenue is an attribute,
    # never the deal's amount (the won revenue stays unknown rather than a wrong sum)
    assert first == [(datetime(2018, 2, 26, 19, 58), None, "won", 0)]
    assert ws.scalar("SELECT count(amount) FROM deals") == 0
    declared = raw_deals["declared_monthly_revenue"].cast(pl.Float64)
    assert ws.scalar("SELECT sum(declared_monthly_revenue) FROM deals") == declared.sum()
    # damaged average_stock stays text, exactly as in the file
    assert ws.columns("deals")["average_stock"] == "VARCHAR"
    stock = dict(ws.rows("SELECT average_stock, count(*) FROM deals GROUP BY 1"))
    raw_stock = dict(raw_deals.group_by("average_stock").len().rows())
    assert stock == raw_stock and stock["01-May"] == 10 and stock["May-20"] == 22
    # conversion by origin: SQL on the workspace vs an independent polars join of the raw files
    by_origin = dict(
        (source, (won, n))
        for source, won, n in ws.rows(
            "SELECT l.source, count(d.deal_id), count(*) FROM leads l "
            "LEFT JOIN deals d ON d.lead_id = l.lead_id AND d.is_won GROUP BY 1"
        )
    )
    raw = _raw(leads_path).join(raw_deals.select("mql_id", won=pl.lit(1)), on="mql_id", how="left")
    independent = {
        origin: (won, n)
        for origin, won, n in raw.group_by("origin").agg(pl.col("won").count(), pl.len()).rows()
    }
    assert by_origin == independent
    facts = {
        "organic_search": (271, 2296),
        "paid_search": (195, 1586),
        "social": (75, 1350),
        "unknown": (179, 1099),
    }
    assert {k: by_origin[k] for k in facts} == facts
    assert sum(w for w, _ in by_origin.values()) == 842


def test_olist_outcome_and_guarded_profile(olist) -> None:
    """Issue 13 on real data: the outcome is the won deals; the profile never uses an outcome."""
    from analytics.criteria import default_criteria
    from analytics.metrics.definitions import outcome_source, replay_with_outcome
    from analytics.metrics.leakguard import is_outcome_column
    from analytics.metrics.proposal import propose_profile
    from analytics.scoring.replay import replay

    ws = olist[0]
    replayed = replay_with_outcome(replay(ws, default_criteria()))
    source = outcome_source(replayed.leads)
    assert (source.sources, source.carried, source.converted) == (("deals",), 8000, 842)
    run = propose_profile(replayed.leads)
    origin = run.attributes.filter(pl.col("attribute") == "source")
    facts = dict(origin.select("value", "converted").iter_rows())
    assert facts["organic_search"] == 271 and facts["social"] == 75
    assert not any(is_outcome_column(c) for c in run.columns)
    assert run.holdout["leads"] == 2400 and run.holdout["auc"] is not None


@pytest.fixture
def maven(real_data: Path, ws: Workspace):
    pipeline = real_data / "maven-crm" / "sales_pipeline.csv"
    accounts = real_data / "maven-crm" / "accounts.csv"
    assert b"\r\n" in pipeline.read_bytes()[:200]  # CRLF line endings
    deals = import_file(ws, "deals", pipeline, mapping=MAPPINGS / "maven_deals.toml")
    leads = import_file(ws, "leads", accounts, mapping=MAPPINGS / "maven_accounts.toml")
    return ws, deals, leads, pipeline, accounts


def test_maven_pipeline(maven) -> None:
    ws, deals, _, pipeline, _ = maven
    raw = _raw(pipeline)
    assert (deals.inserted, deals.rejected) == (raw.height, 0) == (8800, 0)
    stages = dict(ws.rows("SELECT stage, count(*) FROM deals GROUP BY 1"))
    assert stages == dict(raw.group_by("deal_stage").len().rows())
    assert stages == {"Won": 4238, "Lost": 2473, "Engaging": 1589, "Prospecting": 500}
    win_rate = ws.scalar("SELECT avg(is_won::INT) FROM deals WHERE is_won IS NOT NULL")
    assert round(100 * win_rate, 1) == 63.2
    assert ws.scalar("SELECT count(*) FROM deals WHERE is_won IS NULL") == 1589 + 500
    open_closed = ws.scalar(
        "SELECT count(*) FROM deals WHERE stage IN ('Engaging', 'Prospecting') AND closed_at IS NOT NULL"
    )
    assert open_closed == 0
    assert ws.scalar("SELECT sum(amount) FROM deals") == raw["close_value"].cast(pl.Float64).sum()


def test_maven_accounts_as_leads(maven) -> None:
    ws, _, leads, pipeline, accounts = maven
    raw = _raw(accounts)
    assert (leads.inserted, leads.rejected) == (raw.height, 0)
    types = ws.columns("leads")
    assert (types["employees"], types["year_established"], types["subsidiary_of"]) == (
        "BIGINT",
        "BIGINT",
        "VARCHAR",
    )
    row = ws.rows(
        "SELECT company, industry, employees, annual_revenue, country, year_established FROM leads "
        "WHERE lead_id = 'Acme Corporation'"
    )
    assert row == [("Acme Corporation", "technolgy", 2822, 1_100_040_000.0, "United States", 1996)]
    # deals link to accounts-as-leads by lead_id = account (deals without account stay unlinked)
    linked = ws.scalar("SELECT count(*) FROM deals d JOIN leads l ON l.lead_id = d.lead_id")
    with_account = _raw(pipeline).filter(pl.col("account").is_not_null()).height
    assert linked == with_account == ws.scalar("SELECT count(account) FROM deals")
    by_sector = ws.rows(
        "SELECT l.industry, avg(d.is_won::INT) FROM deals d JOIN leads l ON l.lead_id = d.lead_id "
        "WHERE d.is_won IS NOT NULL GROUP BY 1"
    )
    assert len(by_sector) == raw["sector"].n_unique()
