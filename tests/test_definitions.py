"""The definitions layer: literal frames in, exact KPI values out."""

from __future__ import annotations

from datetime import date, datetime

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analytics.metrics.definitions import (
    KPIS,
    compute_monthly_kpis,
    is_complete,
    last_complete_month,
    month_records,
    stage_exprs,
)

D = datetime


def _leads(rows: list[tuple]) -> pl.DataFrame:
    cols = ["created_at", "mql_at", "sql_at", "opportunity_at", "is_won", "won_at", "won_amount",
            "first_contact_at"]  # fmt: skip
    return pl.DataFrame(rows, schema=cols, orient="row").cast(
        {c: pl.Datetime("us") for c in cols if c.endswith("_at")}
        | {"is_won": pl.Boolean, "won_amount": pl.Float64}
    )


LEADS = _leads(
    [
        # an MQL contacted in 2 h, qualified, won in February
        (D(2025, 1, 2), D(2025, 1, 3), D(2025, 1, 5), D(2025, 1, 9), True, D(2025, 2, 1), 5e6,
         D(2025, 1, 3, 2)),
        # an MQL contacted after 30 h, never qualified
        (D(2025, 1, 4), D(2025, 1, 6), None, None, False, None, 0.0, D(2025, 1, 7, 6)),
        # an MQL never contacted
        (D(2025, 1, 5), D(2025, 1, 20), None, None, False, None, 0.0, None),
        # sales-sourced: qualified and won without ever being an MQL
        (D(2025, 1, 8), None, D(2025, 1, 9), D(2025, 1, 10), True, D(2025, 1, 30), 2e6,
         D(2025, 1, 8, 9)),
        # a plain lead created in February
        (D(2025, 2, 3), None, None, None, False, None, 0.0, None),
    ]
)  # fmt: skip


def test_monthly_counts_and_rates_follow_the_definitions() -> None:
    m = compute_monthly_kpis(LEADS, as_of=D(2025, 6, 1), contact_hours=24)
    jan = m.filter(pl.col("month") == date(2025, 1, 1)).row(0, named=True)
    assert (jan["leads"], jan["mqls"], jan["mql_converted"]) == (4, 3, 3)
    assert (jan["mql_sql"], jan["mql_won"], jan["sql_won"]) == (1, 1, 1)
    assert jan["mql_to_sql"] == pytest.approx(1 / 3)
    assert jan["sql_to_won"] == pytest.approx(1.0)
    assert jan["sales_sourced"] == 1
    assert (jan["mql_contacted"], jan["mql_contacted_in_sla"]) == (2, 1)
    assert jan["sla_attainment"] == pytest.approx(1 / 3)
    # the sales-sourced win counts as a January win, never as an MQL
    assert (jan["won"], jan["won_revenue"]) == (1, 2e6)
    feb = m.filter(pl.col("month") == date(2025, 2, 1)).row(0, named=True)
    assert (feb["leads"], feb["mqls"], feb["won"], feb["won_revenue"]) == (1, 0, 1, 5e6)
    assert feb["lead_to_won_days"] == pytest.approx(30.0)
    assert feb["mql_to_sql"] is None


def test_sla_attainment_is_null_without_contact_hours() -> None:
    m = compute_monthly_kpis(LEADS, as_of=D(2025, 6, 1))
    assert m["sla_attainment"].is_null().all()


def test_costs_give_cost_per_lead_and_cac() -> None:
    costs = pl.DataFrame({"month": [date(2025, 1, 1)] * 2, "channel": ["a", "b"],
                          "amount": [300.0, 100.0]})  # fmt: skip
    jan = compute_monthly_kpis(LEADS, costs=costs).row(0, named=True)
    assert (jan["cost"], jan["cost_per_lead"], jan["cac"]) == (400.0, 100.0, 400.0)


def test_month_records_carry_every_kpi_with_its_counts() -> None:
    m = compute_monthly_kpis(LEADS, as_of=D(2025, 6, 1), contact_hours=24)
    recs = {r["key"]: r for r in month_records(m, date(2025, 1, 15))}
    assert list(recs) == [k.key for k in KPIS]
    assert (recs["mql_to_sql"]["numerator"], recs["mql_to_sql"]["denominator"]) == (1, 3)
    assert recs["mql_to_sql"]["ci_low"] < 1 / 3 < recs["mql_to_sql"]["ci_high"]
    assert recs["mql_to_sql"]["small_sample"]
    assert recs["leads"]["value"] == 4 and recs["leads"]["ci_low"] is None


def test_a_young_cohort_is_maturing() -> None:
    m = compute_monthly_kpis(LEADS, as_of=D(2025, 2, 10))
    jan = m.filter(pl.col("month") == date(2025, 1, 1)).row(0, named=True)
    # median MQL -> won is 29 days; January ended 10 days before the data's end
    assert jan["mql_to_won_maturing"] is True
    assert compute_monthly_kpis(LEADS, as_of=D(2025, 6, 1))["mql_to_won_maturing"][0] is False


@pytest.mark.parametrize(
    ("as_of", "month", "complete"),
    [
        (D(2026, 10, 31, 23), date(2026, 10, 1), True),
        (D(2026, 10, 30), date(2026, 10, 1), False),
        (D(2026, 11, 3), date(2026, 10, 1), True),
        (D(2024, 2, 29), date(2024, 2, 1), True),
    ],
)
def test_complete_months(as_of: datetime, month: date, complete: bool) -> None:
    assert is_complete(month, as_of) is complete


def test_last_complete_month_skips_a_month_that_has_only_begun() -> None:
    assert last_complete_month(D(2026, 11, 3)) == date(2026, 10, 1)
    assert last_complete_month(D(2026, 10, 30)) == date(2026, 9, 1)
    assert last_complete_month(None) is None


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 90), st.one_of(st.none(), st.integers(0, 30)),
                  st.booleans(), st.booleans()),
        min_size=1, max_size=40,
    )
)  # fmt: skip
def test_stage_counts_nest(rows: list[tuple[int, int | None, bool, bool]]) -> None:
    """MQL ⊇ SQL ⊇ won-via-MQL in every month, whatever the data."""
    base = D(2025, 1, 1)
    from datetime import timedelta as td

    frame = _leads(
        [
            (base + td(days=c), None if m is None else base + td(days=c + m),
             base + td(days=c + 40) if s else None, None, w, base + td(days=c + 60) if w else None,
             1.0 if w else 0.0, None)
            for c, m, s, w in rows
        ]
    )  # fmt: skip
    m = compute_monthly_kpis(frame)
    assert (m["mql_sql"] <= m["mqls"]).all()
    assert (m["mql_won"] <= m["mqls"]).all()
    assert (m["sql_won"] <= m["mql_sql"]).all()
    assert m["leads"].sum() == len(rows)
    flags = frame.select(**stage_exprs())
    assert int(flags["mql"].sum()) == m["mqls"].sum()


def test_metrics_command_reports_the_last_complete_month(tmp_path) -> None:
    import json
    import subprocess
    import sys

    db = tmp_path / "w.duckdb"
    run = [sys.executable, "-m", "analytics"]
    subprocess.run([*run, "demo", "--db", str(db), "--leads", "800"], check=True,
                   capture_output=True)  # fmt: skip
    out = subprocess.run([*run, "metrics", "--db", str(db), "--format", "json"], check=True,
                         capture_output=True, text=True)  # fmt: skip
    data = json.loads(out.stdout)
    assert data["complete"] is True
    assert [k["key"] for k in data["kpis"]] == [k.key for k in KPIS]
    assert set(data["kpis"][0]) >= {"key", "value", "numerator", "denominator", "ci_low",
                                    "ci_high", "definition"}  # fmt: skip
    bad = subprocess.run([*run, "metrics", "--db", str(db), "--month", "2026-13"],
                         capture_output=True, text=True)  # fmt: skip
    assert bad.returncode == 2 and "YYYY-MM" in bad.stderr and "Traceback" not in bad.stderr
