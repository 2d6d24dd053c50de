"""Service levels (analytics.metrics.sla and the ``sla`` command): literal frames in, exact
numbers out; the definitions layer, ``metrics`` and ``sla`` agree on the demo."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from pathlib import Path

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analytics.cli.main import main
from analytics.errors import InputError
from analytics.metrics.definitions import compute_monthly_kpis, last_complete_month
from analytics.metrics.sla import (
    RESPONSE_BUCKETS,
    breach_list,
    bucket_expr,
    build_sla_report,
    monthly_sla,
    scorecard,
    sla_by_owner,
    sla_leads,
    sla_month,
    speed_to_lead,
)
from analytics.metrics.stats import wilson_interval
from analytics.store.db import Workspace
from analytics.store.demo import load_demo

D = datetime
H = timedelta(hours=1)
JAN = date(2025, 1, 1)
AS_OF = D(2025, 2, 1)
MQL = D(2025, 1, 6, 9)


def _leads(rows: list[tuple]) -> pl.DataFrame:
    """(lead_id, owner, mql_at, first_contact_at, sql_at, is_won, peak_total) rows."""
    cols = ["lead_id", "owner", "mql_at", "first_contact_at", "sql_at", "is_won", "peak_total"]
    frame = pl.DataFrame(rows, schema=cols, orient="row")
    return frame.cast(
        {"mql_at": pl.Datetime("us"), "first_contact_at": pl.Datetime("us"),
         "sql_at": pl.Datetime("us"), "is_won": pl.Boolean, "peak_total": pl.Float64}
    ).with_columns(
        created_at=pl.col("mql_at").fill_null(D(2025, 1, 2)) - timedelta(days=1),
        opportunity_at=pl.lit(None, pl.Datetime("us")),
        won_at=pl.when(pl.col("is_won")).then(pl.col("sql_at")),
        company=pl.lit("Acme"),
        source=pl.lit("web"),
    )  # fmt: skip


LEADS = _leads(
    [
        ("fast", "Ito", MQL, MQL + 0.5 * H, MQL + 24 * H, True, 150.0),
        ("same_day", "Ito", MQL, MQL + 10 * H, MQL + 48 * H, False, 120.0),
        ("edge", "Sato", MQL, MQL + 24 * H, None, False, 105.0),  # exactly at the SLA: within
        ("late", "Sato", MQL, MQL + 100 * H, None, False, 101.0),
        ("never_old", None, D(2025, 1, 10), None, None, False, 130.0),  # breach
        ("never_new", "Ito", D(2025, 1, 31, 12), None, None, False, 110.0),  # < 24 h: no breach
        ("early", "Sato", MQL, MQL - 2 * H, MQL + 5 * H, False, 140.0),  # contact before MQL
        ("not_mql", "Ito", None, D(2025, 1, 6), None, True, 40.0),
        ("feb", "Ito", D(2025, 2, 1), D(2025, 2, 1, 1), None, False, 100.0),
    ]
)


@pytest.mark.parametrize(
    ("hours", "bucket"),
    [(0.0, "lt_1h"), (0.99, "lt_1h"), (1.0, "h1_4"), (3.99, "h1_4"), (4.0, "h4_24"),
     (23.9, "h4_24"), (24.0, "d1_3"), (71.9, "d1_3"), (72.0, "gt_3d"), (500.0, "gt_3d")],
)  # fmt: skip
def test_response_buckets(hours: float, bucket: str) -> None:
    assert pl.select(bucket_expr(pl.lit(hours))).item() == bucket


def test_sla_leads_per_mql() -> None:
    f = sla_leads(LEADS, contact_hours=24, as_of=AS_OF, min_score=110)
    rows = {r["lead_id"]: r for r in f.iter_rows(named=True)}
    assert set(rows) == {"fast", "same_day", "edge", "late", "never_old", "never_new", "early",
                         "feb"}  # fmt: skip
    assert [rows[k]["bucket"] for k in ("fast", "same_day", "edge", "late")] == [
        "lt_1h", "h4_24", "d1_3", "gt_3d",
    ]  # fmt: skip
    assert rows["edge"]["in_sla"] and rows["edge"]["response_hours"] == 24.0
    assert not rows["late"]["in_sla"] and rows["late"]["contacted"]
    assert rows["never_old"]["bucket"] == "never" and rows["never_old"]["breach"]
    assert rows["never_old"]["waiting_hours"] == pytest.approx((AS_OF - D(2025, 1, 10)) / H)
    assert not rows["never_new"]["breach"] and rows["never_new"]["never_contacted"]
    assert rows["early"]["bucket"] == "before_mql"
    assert not rows["early"]["contacted"] and not rows["early"]["never_contacted"]
    assert [rows[k]["meets_min_score"] for k in ("fast", "edge", "never_new")] == [
        True,
        False,
        True,
    ]


def test_contact_hours_must_be_positive() -> None:
    with pytest.raises(InputError, match="contact hours 0"):
        sla_leads(LEADS, contact_hours=0, as_of=AS_OF)


def test_month_counts_come_from_the_definitions_layer() -> None:
    frame = sla_leads(LEADS, contact_hours=24, as_of=AS_OF, min_score=110)
    monthly = monthly_sla(LEADS, frame, contact_hours=24, as_of=AS_OF, mql_per_month=10)
    m = sla_month(monthly, JAN, contact_hours=24, min_score=110)
    kpis = compute_monthly_kpis(LEADS, as_of=AS_OF, contact_hours=24).filter(pl.col("month") == JAN)
    assert (m.mqls, m.contacted, m.within_sla) == (7, 4, 3)
    assert (m.mqls, m.contacted, m.within_sla) == tuple(
        kpis.select("mqls", "mql_contacted", "mql_contacted_in_sla").row(0)
    )
    assert m.within_share == pytest.approx(kpis["sla_attainment"].item())
    assert (m.ci_low, m.ci_high) == pytest.approx(wilson_interval(3, 7))
    assert (m.never_contacted, m.breaches) == (2, 1)
    assert m.p50_hours == pytest.approx(17.0)  # 0.5, 10, 24, 100 hours
    assert (m.promised, m.delivered, m.delivered_min_score) == (10, 7, 5)


def test_owners_sum_to_the_month() -> None:
    frame = sla_leads(LEADS, contact_hours=24, as_of=AS_OF)
    owners = sla_by_owner(frame, first=JAN)
    assert owners["owner"].to_list() == ["Ito", "Sato", None]  # fastest P50 first, no owner last
    assert owners.select("mqls", "contacted", "within_sla").sum().row(0) == (7, 4, 3)
    ito = owners.row(0, named=True)
    assert (ito["mqls"], ito["p50_hours"], ito["small_sample"]) == (3, 5.25, True)


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["A", "B", None]),
            st.integers(0, 60),  # MQL day offset
            st.one_of(st.none(), st.floats(-5, 200)),  # response hours
        ),
        max_size=40,
    )
)
def test_owner_counts_always_sum_to_the_totals(rows: list[tuple]) -> None:
    start = D(2025, 1, 1, 9)
    frame = pl.DataFrame(
        {
            "lead_id": [f"L{i}" for i in range(len(rows))],
            "owner": [r[0] for r in rows],
            "mql_at": [start + timedelta(days=r[1]) for r in rows],
            "first_contact_at": [
                None if r[2] is None else start + timedelta(days=r[1], hours=r[2]) for r in rows
            ],
        },
        schema={"lead_id": pl.String, "owner": pl.String, "mql_at": pl.Datetime("us"),
                "first_contact_at": pl.Datetime("us")},
    )  # fmt: skip
    leads = frame.with_columns(
        created_at=pl.col("mql_at"), sql_at=pl.lit(None, pl.Datetime("us")),
        opportunity_at=pl.lit(None, pl.Datetime("us")), is_won=pl.lit(False),
        won_at=pl.lit(None, pl.Datetime("us")),
    )  # fmt: skip
    as_of = D(2025, 4, 1)
    f = sla_leads(leads, contact_hours=24, as_of=as_of)
    monthly = monthly_sla(leads, f, contact_hours=24, as_of=as_of)
    for month in monthly["month"].to_list():
        m = sla_month(monthly, month, contact_hours=24)
        owners = sla_by_owner(f, first=month)
        totals = owners.select("mqls", "contacted", "within_sla", "never_contacted").sum()
        assert totals.row(0) == (m.mqls, m.contacted, m.within_sla, m.never_contacted)


def test_breach_list_is_oldest_first() -> None:
    leads = _leads(
        [
            ("b", "Ito", D(2025, 1, 20), None, None, False, 120.0),
            ("a", "Ito", D(2025, 1, 3), None, None, False, 130.0),
            ("ok", "Ito", D(2025, 1, 2), D(2025, 1, 2, 1), None, False, 130.0),
            ("young", "Ito", D(2025, 1, 31, 20), None, None, False, 130.0),
        ]
    )
    frame = sla_leads(leads, contact_hours=48, as_of=AS_OF)
    out = breach_list(frame, first=JAN)
    assert out["lead_id"].to_list() == ["a", "b"]
    assert out.columns == ["lead_id", "company", "owner", "source", "mql_at", "waiting_hours",
                           "score"]  # fmt: skip


def test_speed_to_lead_curve() -> None:
    rows = []
    for bucket, hours, n, sql in (
        ("lt_1h", 0.5, 40, 20),
        ("h4_24", 10, 40, 12),
        ("gt_3d", 90, 40, 4),
    ):
        for i in range(n):
            rows.append((f"{bucket}{i}", "Ito", MQL, MQL + hours * H,
                         MQL + 200 * H if i < sql else None, i == 0, 120.0))  # fmt: skip
    rows.append(("never", "Ito", MQL, None, None, False, 120.0))
    s = speed_to_lead(sla_leads(_leads(rows), contact_hours=24, as_of=AS_OF), first=JAN)
    assert s.table["bucket"].to_list() == list(RESPONSE_BUCKETS)
    fast = s.table.row(0, named=True)
    assert (fast["leads"], fast["sql"], fast["won"], fast["sql_rate"]) == (40, 20, 1, 0.5)
    assert (fast["ci_low"], fast["ci_high"]) == pytest.approx(wilson_interval(20, 40))
    assert s.table.filter(pl.col("bucket") == "h1_4")["leads"].item() == 0
    assert s.trend.z < 0 and s.trend.p_value < 0.001  # falls with slower response
    assert (s.fastest, s.slowest) == ("lt_1h", "gt_3d")
    assert s.fastest_vs_slowest.difference == pytest.approx(0.4)
    assert s.fastest_vs_slowest.ci_low > 0


def test_scorecard_kept_missed_and_gap() -> None:
    frame = sla_leads(LEADS, contact_hours=24, as_of=AS_OF, min_score=110)
    monthly = monthly_sla(LEADS, frame, contact_hours=24, as_of=AS_OF, mql_per_month=6)
    card = scorecard(sla_month(monthly, JAN, contact_hours=24, min_score=110))
    rows = {r["item"]: r for r in card.iter_rows(named=True)}
    assert (rows["mql_volume"]["kept"], rows["mql_volume"]["gap"]) == (True, 1)
    assert (rows["mql_quality"]["kept"], rows["mql_quality"]["gap"]) == (False, -1)
    assert (rows["contact_in_sla"]["target"], rows["contact_in_sla"]["gap"]) == (7, -4)
    assert rows["feedback_given"]["actual"] == 0


def test_no_promise_is_neither_kept_nor_missed() -> None:
    report = build_sla_report(LEADS, month=JAN, as_of=AS_OF, contact_hours=24)
    card = report.scorecard.filter(pl.col("team") == "marketing")
    assert card["kept"].to_list() == [None, None]


def test_report_of_an_empty_month() -> None:
    report = build_sla_report(LEADS, month=date(2024, 6, 1), as_of=AS_OF, contact_hours=24)
    assert report.month.mqls == 0 and report.month.within_share is None
    assert report.owners.height == 0 and report.breaches.height == 0


# --------------------------------------------------------------------------- on the demo
@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("sla") / "demo.duckdb"
    with Workspace.open(path) as ws:
        load_demo(ws, leads=4_000, seed=11)
    return path


def _json(args: list[str], capsys: pytest.CaptureFixture[str]) -> dict:
    assert main(args) == 0
    return json.loads(capsys.readouterr().out)


def test_sla_command_json_shape_and_agreement_with_metrics(demo_db: Path, capsys) -> None:
    data = _json(["sla", "--db", str(demo_db), "--format", "json"], capsys)
    assert list(data) == [
        "month", "contact_hours", "mqls", "contacted", "within_sla", "within_share", "ci_low",
        "ci_high", "p50_hours", "p90_hours", "promised", "delivered", "delivered_min_score",
        "by_owner", "by_response",
    ]  # fmt: skip
    assert list(data["by_owner"][0]) == ["owner", "mqls", "contacted", "within_sla",
                                         "within_share", "p50_hours"]  # fmt: skip
    assert list(data["by_response"][0]) == ["bucket", "leads", "sql", "won", "sql_rate", "ci_low",
                                            "ci_high"]  # fmt: skip
    metrics = _json(["metrics", "--db", str(demo_db), "--format", "json"], capsys)
    kpis = {k["key"]: k for k in metrics["kpis"]}
    assert data["month"] == metrics["month"]
    assert data["mqls"] == data["delivered"] == kpis["mqls"]["value"]
    assert data["within_sla"] == kpis["sla_attainment"]["numerator"]
    assert data["within_share"] == pytest.approx(kpis["sla_attainment"]["value"])
    assert (data["ci_low"], data["ci_high"]) == pytest.approx(
        (kpis["sla_attainment"]["ci_low"], kpis["sla_attainment"]["ci_high"])
    )
    for key in ("mqls", "contacted", "within_sla"):
        assert sum(o[key] for o in data["by_owner"]) == data[key]


def test_sla_command_month_and_bad_input(demo_db: Path, capsys) -> None:
    data = _json(["sla", "--db", str(demo_db), "--month", "2026-03", "--format", "json"], capsys)
    assert data["month"] == "2026-03"
    assert main(["sla", "--db", str(demo_db), "--month", "March"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("error:") and "'March'" in err and "\n" not in err
    assert main(["sla", "--db", str(demo_db)]) == 0
    assert "by owner" in capsys.readouterr().out


def test_demo_sla_matches_the_definitions_layer_every_month(demo_db: Path) -> None:
    from analytics.criteria import active_criteria
    from analytics.scoring.replay import replay

    with Workspace.open(demo_db) as ws:
        criteria = active_criteria(ws)
        replayed = replay(ws, criteria)
    month = last_complete_month(replayed.as_of)
    report = build_sla_report(replayed.leads, month=month, as_of=replayed.as_of,
                              contact_hours=criteria.sla.contact_hours)  # fmt: skip
    kpis = compute_monthly_kpis(replayed.leads, as_of=replayed.as_of,
                                contact_hours=criteria.sla.contact_hours)  # fmt: skip
    joined = report.monthly.join(kpis, on="month", suffix="_kpi")
    assert joined.height == kpis.height
    assert (joined["mqls"] == joined["mqls_kpi"]).all()
    assert (joined["within_sla"] == joined["mql_contacted_in_sla"]).all()
    assert (joined["contacted"] == joined["mql_contacted"]).all()


def test_the_default_demo_shows_what_the_sla_page_is_for(tmp_path: Path) -> None:
    """Issue 11's bar on the default demo (20,000 leads, seed 7): the owners' median response
    times differ visibly and the fastest response bucket converts to SQL better than the
    slowest contacted one, beyond its interval; owners add up to the month."""
    from analytics.criteria import active_criteria
    from analytics.scoring.replay import replay

    with Workspace.open(tmp_path / "demo.duckdb") as ws:
        load_demo(ws)
        criteria = active_criteria(ws)
        replayed = replay(ws, criteria)
    report = build_sla_report(replayed.leads, month=last_complete_month(replayed.as_of),
                              as_of=replayed.as_of, contact_hours=criteria.sla.contact_hours)  # fmt: skip
    p50 = report.owners_window["p50_hours"].drop_nulls()
    assert p50.max() > 5 * p50.min()
    month_p50 = report.owners["p50_hours"].drop_nulls()
    assert month_p50.max() > 5 * month_p50.min()
    speed = report.speed
    fast, slow = (speed.table.filter(pl.col("bucket") == b).row(0, named=True)
                  for b in (speed.fastest, speed.slowest))  # fmt: skip
    assert (speed.fastest, speed.slowest) == ("lt_1h", "gt_3d")
    assert fast["sql_rate"] > slow["sql_rate"]
    assert speed.fastest_vs_slowest.ci_low > 0  # the difference's interval excludes zero
    assert speed.trend.z < 0 and speed.trend.p_value < 0.01
    totals = report.owners.select("mqls", "contacted", "within_sla").sum().row(0)
    assert totals == (report.month.mqls, report.month.contacted, report.month.within_sla)
