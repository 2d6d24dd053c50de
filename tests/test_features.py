"""The feature matrix: fit option indices and decayed, windowed engagement counts."""

from __future__ import annotations

from datetime import datetime, timedelta

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from analytics.criteria import load_criteria
from analytics.errors import CriteriaError
from analytics.scoring.features import build_features, data_end, fit_index_expr

T0 = datetime(2025, 4, 1, 9, 0)


def put(ws, table: str, frame: pl.DataFrame) -> None:
    """Insert a literal frame into a workspace table (by column name)."""
    with ws.transaction() as cur:
        cur.register("kk_test_rows", frame)
        cur.execute(f"INSERT INTO {table} BY NAME SELECT * FROM kk_test_rows")
        cur.unregister("kk_test_rows")
        ws.bump_data_version(cur)


def leads_frame(ids: list[str], **columns: list) -> pl.DataFrame:
    """Leads created at T0 with the given extra columns."""
    return pl.DataFrame({"lead_id": ids, "created_at": [T0] * len(ids), **columns})


def activities(rows: list[tuple[str, datetime, str, str | None]]) -> pl.DataFrame:
    """(lead_id, occurred_at, type, detail) rows."""
    return pl.DataFrame(
        rows,
        schema={
            "lead_id": pl.String,
            "occurred_at": pl.Datetime("us"),
            "type": pl.String,
            "detail": pl.String,
        },
        orient="row",
    )


FIT = """
[[fit]]
name = "size"
field = "employees"
default = 1
missing = 2
bands = [{min = 500, points = 25}, {min = 100, max = 500, points = 15}, {max = 100, points = 5}]
[[fit]]
name = "industry"
field = "industry"
default = 3
values = {"製造業" = 20, "IT・通信" = 20, "サービス業" = 10}
[[fit]]
name = "title"
field = "title"
contains = {"本部長" = 25, "部長" = 20, "manager" = 10}
"""


@pytest.mark.parametrize(
    ("rule", "values", "expected"),
    [
        # bands: first match; max exclusive; missing -> n + 1; NaN is missing
        (0, [800, 500, 499, 100, 99, 0, None], [0, 0, 1, 1, 2, 2, 4]),
        # values: exact (trimmed); unknown -> default index n; empty -> missing
        (1, ["製造業", " IT・通信 ", "サービス業", "教育", "", None], [0, 1, 2, 3, 4, 4]),
        # contains: first fragment in document order, case-insensitive
        (2, ["営業本部長", "部長", "Sales Manager", "担当", None], [0, 1, 2, 3, 4]),
    ],
)
def test_fit_index_per_rule_type(rule: int, values: list, expected: list[int]) -> None:
    fit_rule = load_criteria(FIT).fit_rules[rule]
    frame = pl.DataFrame({fit_rule.field: values})
    got = frame.select(fit_index_expr(fit_rule)).to_series()
    assert got.to_list() == expected
    assert got.dtype == pl.Int16


def test_bands_on_text_numbers_and_gaps() -> None:
    rule = load_criteria(
        "[[fit]]\nname = 'r'\nfield = 'v'\nbands = [{min = 10, max = 20, points = 1}]"
    ).fit_rules[0]
    got = pl.DataFrame({"v": ["15", "25", "abc", "5"]}).select(fit_index_expr(rule)).to_series()
    assert got.to_list() == [0, 1, 2, 1]  # out of every band -> default; non-number -> missing


ENGAGEMENT = """
[[engagement]]
name = "pricing"
type = "page_view"
detail = ["pricing"]
points = 15
half_life_days = 30
[[engagement]]
name = "any_page"
type = "page_view"
points = 1
window_days = 10
[[engagement]]
name = "price_like"
type = ["page_view", "download"]
detail_contains = ["PRIC"]
points = 2
[[engagement]]
name = "pv"
field = "page_views"
points = 1
"""


def test_engagement_counts_decay_window_and_point_in_time(ws) -> None:
    as_of = T0 + timedelta(days=60)
    put(ws, "leads", leads_frame(["A", "B", "C", "LATE"], page_views=[5, 7, None, 1]))
    with ws.transaction() as cur:
        cur.execute(
            "UPDATE leads SET created_at = ? WHERE lead_id = 'LATE'", [as_of + timedelta(days=1)]
        )
    put(
        ws,
        "activities",
        activities(
            [
                ("A", as_of - timedelta(days=30), "page_view", "pricing"),  # one half-life: 0.5
                ("A", as_of - timedelta(days=60), "page_view", "pricing"),  # two: 0.25
                ("A", as_of, "page_view", "pricing"),  # at as_of: 1
                ("A", as_of + timedelta(seconds=1), "page_view", "pricing"),  # after as_of: never
                ("A", as_of - timedelta(days=3), "download", "pricing-sheet"),
                ("B", as_of - timedelta(days=10), "page_view", "blog"),  # exactly window old: out
                ("B", as_of - timedelta(days=9), "page_view", "blog"),
                ("B", as_of - timedelta(days=1), "email_open", None),  # matches no rule
            ]
        ),
    )
    features = build_features(ws, load_criteria(ENGAGEMENT), as_of=as_of)
    expected = pl.DataFrame(
        {
            "lead_id": ["A", "B", "C"],
            "created_at": [T0] * 3,
            "eng:pricing": [1.75, 0.0, 0.0],
            "eng:any_page": [1.0, 1.0, 0.0],
            "eng:price_like": [4.0, 0.0, 0.0],
            "eng:pv": [0.0, 0.0, 0.0],  # aggregates only for leads without scored activity
        }
    )
    assert_frame_equal(features.frame, expected, check_dtypes=False)
    assert features.as_of == as_of
    # B's only scored activity is ignored at an earlier as_of, so its aggregate counts then
    early = build_features(ws, load_criteria(ENGAGEMENT), as_of=as_of - timedelta(days=20))
    assert early.frame.filter(pl.col("lead_id") == "B")["eng:pv"].item() == 7.0


def test_engagement_matches_an_independent_sql_count(ws) -> None:
    put(ws, "leads", leads_frame([f"L{i}" for i in range(20)]))
    rows = [
        (f"L{i % 20}", T0 + timedelta(hours=7 * i), "page_view", ["pricing", "blog", None][i % 3])
        for i in range(300)
    ]
    put(ws, "activities", activities(rows))
    as_of = T0 + timedelta(days=50)
    features = build_features(ws, load_criteria(ENGAGEMENT), as_of=as_of)
    plain = ws.query(
        "SELECT lead_id, sum(power(0.5, date_diff('second', occurred_at, ?) / (30 * 86400.0))) AS p "
        "FROM activities WHERE occurred_at <= ? AND detail = 'pricing' GROUP BY lead_id",
        [as_of, as_of],
    )
    got = features.frame.join(plain, on="lead_id", how="left").with_columns(
        pl.col("p").fill_null(0.0)
    )
    assert got.height == 20
    assert (got["eng:pricing"] - got["p"]).abs().max() < 1e-9


def test_fit_features_and_missing_column(ws) -> None:
    put(
        ws,
        "leads",
        leads_frame(
            ["A", "B"], employees=[600, None], industry=["製造業", "教育"], title=["部長", None]
        ),
    )
    frame = build_features(ws, load_criteria(FIT)).frame
    assert frame.select("fit:size", "fit:industry", "fit:title").rows() == [(0, 0, 1), (4, 3, 4)]
    with pytest.raises(
        CriteriaError, match=r"fit rule 'x' field 'field': lead column 'nope' does not exist"
    ):
        build_features(ws, load_criteria("[[fit]]\nname = 'x'\nfield = 'nope'\nvalues = {a = 1}"))


def test_data_end_is_the_latest_timestamp(ws) -> None:
    put(ws, "leads", leads_frame(["A"]))
    put(ws, "activities", activities([("A", T0 + timedelta(days=3), "webinar", None)]))
    assert data_end(ws) == T0 + timedelta(days=3)


def test_structure_key_follows_the_rule_structure_not_the_points() -> None:
    import dataclasses

    from analytics.scoring.features import structure_key

    base = load_criteria(
        '[[fit]]\nname = "size"\nfield = "employees"\nbands = [{min = 100, points = 10}]'
    )
    same = dataclasses.replace(base, threshold=base.threshold + 5, fit_weight=2.0)
    other = load_criteria(
        '[[fit]]\nname = "size"\nfield = "employees"\nbands = [{min = 200, points = 10}]'
    )
    assert structure_key(base) == structure_key(same)
    assert structure_key(base) != structure_key(other)
    assert len(structure_key(base)) == 16
