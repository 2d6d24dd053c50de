"""The SQL (BANT) rule: one expression, and the replay and every what-if agree on it."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

import polars as pl
import pytest

from analytics.criteria import load_criteria
from analytics.criteria.sql_rule import BANT_ITEMS, SqlRule, load_bant
from analytics.metrics import whatif
from analytics.metrics.definitions import stage_exprs
from analytics.scoring.replay import replay
from analytics.store.db import Workspace

T0 = datetime(2025, 4, 1, 9, 0)
DAY = timedelta(days=1)

# Leads A, B, D have 600 employees (20 points >= threshold 10: MQL at creation); C has 50.
CRITERIA = """
threshold = 10
[[fit]]
name = "size"
field = "employees"
bands = [{min = 100, points = 20}, {max = 100, points = 0}]
"""

# One assessment per lead, the day after creation; None: the item was left empty (unknown).
ASSESSMENTS = {
    #      budget authority need timeline
    "A": (None, None, 3, None),
    "B": (2, 0, 3, 1),
    "C": (3, 3, 3, 3),  # not an MQL: qualified by sales (sales-sourced), never an MQL's SQL
    "D": (0, None, None, 2),
}


def _insert(ws: Workspace, table: str, frame: pl.DataFrame) -> None:
    with ws.transaction() as cur:
        cur.register("kk_test_rows", frame)
        cur.execute(f"INSERT INTO {table} BY NAME SELECT * FROM kk_test_rows")
        cur.unregister("kk_test_rows")
        ws.bump_data_version(cur)


@pytest.fixture(scope="module")
def bant_ws(tmp_path_factory: pytest.TempPathFactory):
    ws = Workspace.open(tmp_path_factory.mktemp("sql_rule") / "ws.duckdb")
    ids = list(ASSESSMENTS)
    _insert(
        ws,
        "leads",
        pl.DataFrame(
            {"lead_id": ids, "created_at": [T0] * len(ids), "employees": [600, 600, 50, 600]}
        ),
    )
    levels = list(zip(*ASSESSMENTS.values(), strict=True))
    _insert(
        ws,
        "bant",
        pl.DataFrame(
            {
                "lead_id": ids,
                "assessed_at": [T0 + DAY] * len(ids),
                **{item: pl.Series(levels[i], dtype=pl.Int16) for i, item in enumerate(BANT_ITEMS)},
            }
        ),
    )
    yield ws
    ws.close()


# (required, the leads that are SQL): an empty item is level 0 (unknown)
CASES = [
    ({}, ["A", "B", "D"]),
    ({"budget": 0}, ["A", "B", "D"]),  # level 0: met by every assessment, empty or not
    ({"authority": 0, "timeline": 0}, ["A", "B", "D"]),
    ({"budget": 0, "need": 3}, ["A", "B"]),
    ({"budget": 2}, ["B"]),  # an unknown budget never meets level 2
    ({"need": 1}, ["A", "B"]),
    ({"timeline": 2}, ["D"]),
]


@pytest.mark.parametrize(("required", "expected"), CASES)
def test_meets_reads_an_empty_item_as_unknown(bant_ws, required, expected):
    bant = load_bant(bant_ws, as_of=T0 + 10 * DAY)
    met = bant.filter(SqlRule(**required).meets())["lead_id"].sort().to_list()
    assert met == sorted([*expected, "C"])  # C (all 3s) meets every rule but is no MQL


@pytest.mark.parametrize(("required", "expected"), CASES)
def test_replay_and_whatif_agree_on_the_sql_rule(bant_ws, required, expected):
    """Replay's sql_at, the exact sweep, the SQL-rule lever and the deadlines count the same SQLs."""
    criteria = replace(load_criteria(CRITERIA), sql_rule=SqlRule(**required))
    replayed = replay(bant_ws, criteria, as_of=T0 + 10 * DAY)
    sql_leads = replayed.leads.filter(stage_exprs()["sql"])["lead_id"].sort()
    assert sql_leads.to_list() == expected
    # C meets the rule without being an MQL: a sales-sourced SQL moment, never an MQL's SQL
    c = replayed.leads.filter(pl.col("lead_id") == "C").row(0, named=True)
    assert c["mql_at"] is None and c["sql_at"] == T0 + DAY

    prepared = whatif.prepare_workspace(bant_ws, criteria, replay=replayed)
    assert prepared.sweep.sql_basis == "bant"
    row = whatif.whatif_at(prepared.sweep, criteria.threshold).row(0, named=True)
    assert (row["mql"], row["sql"]) == (3, len(expected))

    lever = whatif.compare_sql_rules(prepared.leads, prepared.bant, {"rule": required})
    assert lever.select("mql", "sql").row(0) == (3, len(expected))

    deadlines = whatif.derive_sql_deadlines(prepared.bant, required)
    assert set(expected) <= set(deadlines["lead_id"].to_list())
