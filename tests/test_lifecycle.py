"""Replay: score paths, MQL/SQL moments, deal links and outcomes, point in time."""

from __future__ import annotations

import dataclasses
from datetime import timedelta

import numpy as np
import polars as pl
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

from analytics.criteria import default_criteria, load_criteria
from analytics.scoring.kernels import (
    decayed_scan,
    reaches_expr,
    segment_positions,
    segmented_cumsum,
)
from analytics.scoring.linking import link_deals
from analytics.scoring.points import build_features, score_features
from analytics.scoring.replay import replay
from analytics.store.db import Workspace
from tests.test_features import T0, activities, leads_frame, put

RULES = """
threshold = 40
[sql_rule]
need = 3
timeline = 2
[[fit]]
name = "size"
field = "employees"
bands = [{min = 500, points = 20}, {max = 500, points = 5}]
[[engagement]]
name = "pricing"
type = "page_view"
detail = ["pricing"]
points = 15
cap = 60
half_life_days = 10
[[engagement]]
name = "webinar"
type = "webinar"
points = 10
window_days = 20
[[engagement]]
name = "unsubscribe"
type = "unsubscribe"
points = -30
window_days = 15
half_life_days = 5
"""

DAY = timedelta(days=1)


def deals_frame(rows: list[tuple]) -> pl.DataFrame:
    """(deal_id, lead_id, contact_email, account, created_at, closed_at, is_won, amount) rows."""
    return pl.DataFrame(
        rows,
        schema={
            "deal_id": pl.String,
            "lead_id": pl.String,
            "contact_email": pl.String,
            "account": pl.String,
            "created_at": pl.Datetime("us"),
            "closed_at": pl.Datetime("us"),
            "is_won": pl.Boolean,
            "amount": pl.Float64,
        },
        orient="row",
    )


def test_link_deals_by_id_then_email_then_company(ws) -> None:
    leads = leads_frame(
        ["A", "B", "C", "D"],
        email=["a@x.jp", "B@Y.JP", None, None],
        company=["甲", "乙", "ＡＢＣ株式会社", "ABC"],
    ).with_columns(created_at=pl.Series([T0, T0, T0, T0 + 5 * DAY]))
    put(ws, "leads", leads)
    put(
        ws,
        "deals",
        deals_frame(
            [
                ("D1", "A", "b@y.jp", None, T0 + DAY, None, None, None),  # id wins over email
                ("D2", "ZZ", " b@y.jp ", None, T0 + DAY, None, None, None),  # unknown id -> email
                (
                    "D3",
                    None,
                    None,
                    "abc",
                    T0 + 2 * DAY,
                    None,
                    None,
                    None,
                ),  # company: latest lead before
                ("D4", None, None, "ABC inc.", T0 + 9 * DAY, None, None, None),
                ("D5", None, "nobody@z.jp", "unknown", T0, None, None, None),
            ]
        ),
    )
    want = pl.DataFrame(
        {
            "deal_id": ["D1", "D2", "D3", "D4"],
            "lead_id": ["A", "B", "C", "D"],
            "link": ["lead_id", "email", "company", "company"],
        }
    )
    assert_frame_equal(link_deals(ws), want)


@pytest.fixture
def story_ws(ws):
    """Lead A crosses 40 on its second pricing view; sales' first BANT call then cuts its path.

    Lead C got a deal on day 2 and a BANT call on day 3: its path stops at the deal (the
    hand-off), and its BANT makes it a sales-sourced SQL, not an MQL.
    """
    put(ws, "leads", leads_frame(["A", "B", "C"], employees=[600, 50, 600]))
    with ws.transaction() as cur:
        cur.execute("UPDATE leads SET mql_at = ? WHERE lead_id = 'A'", [T0 + 3 * DAY])
    put(
        ws,
        "activities",
        activities(
            [
                ("A", T0 + DAY, "page_view", "pricing"),  # 20 + 15 = 35
                ("A", T0 + 11 * DAY, "page_view", "pricing"),  # 20 + 7.5 + 15 = 42.5 -> MQL
                ("A", T0 + 30 * DAY, "page_view", "pricing"),  # after the deal: not on the path
                ("A", T0 + 30 * DAY, "webinar", None),
                ("B", T0 - DAY, "webinar", None),  # before creation: counts at creation
                ("B", T0 + 2 * DAY, "unsubscribe", None),
                ("B", T0 + 3 * DAY, "page_view", "pricing"),
                ("C", T0 + DAY, "webinar", None),
            ]
        ),
    )
    put(
        ws,
        "deals",
        deals_frame(
            [
                ("D1", "A", None, None, T0 + 20 * DAY, T0 + 40 * DAY, True, 1000.0),
                ("D2", "A", None, None, T0 + 25 * DAY, T0 + 45 * DAY, True, 500.0),
                ("D3", "C", None, None, T0 + 2 * DAY, T0 + 10 * DAY, False, 300.0),
            ]
        ),
    )
    bant = pl.DataFrame(
        {
            "lead_id": ["A", "A", "C"],
            "assessed_at": [T0 + 12 * DAY, T0 + 13 * DAY, T0 + 3 * DAY],
            "need": [2, 3, 3],
            "timeline": [3, 2, 3],
        }
    )
    put(ws, "bant", bant)
    return ws


def test_replay_story(story_ws) -> None:
    criteria = load_criteria(RULES)
    as_of = T0 + 50 * DAY
    result = replay(story_ws, criteria, as_of=as_of)
    a = result.leads.filter(pl.col("lead_id") == "A").row(0, named=True)
    assert a["mql_at"] == T0 + 11 * DAY
    assert a["crm_mql_at"] == T0 + 3 * DAY  # the imported fact is kept beside the replay
    assert a["sql_at"] == T0 + 13 * DAY  # first BANT meeting need 3 / timeline 2
    # the hand-off is the first sales touch (the BANT call on day 12), before the deal
    assert a["decision_at"] == a["handoff_at"] == T0 + 12 * DAY
    assert a["opportunity_at"] == T0 + 20 * DAY
    assert (a["is_won"], a["won_at"], a["won_amount"], a["is_lost"]) == (
        True,
        T0 + 40 * DAY,
        1500.0,
        False,
    )
    assert a["peak_total"] == pytest.approx(42.5)
    # the as-of score includes behaviour after the deal; the path never does
    features = build_features(story_ws, criteria, as_of=as_of)
    expected = score_features(features, criteria)
    assert_frame_equal(
        result.leads.select("lead_id", "fit", "engagement", "total"), expected, abs_tol=1e-9
    )
    path = result.path.filter(pl.col("lead_id") == "A")
    assert path["at"].to_list() == [T0, T0 + DAY, T0 + 11 * DAY]
    assert path["total"].to_list() == pytest.approx([20.0, 35.0, 42.5])
    c = result.leads.filter(pl.col("lead_id") == "C").row(0, named=True)
    assert (c["is_won"], c["is_lost"], c["mql_at"]) == (False, True, None)
    assert c["sql_at"] == T0 + 3 * DAY  # qualified by sales without being an MQL
    assert c["decision_at"] == T0 + 2 * DAY  # its deal (day 2) was the first sales touch
    b = result.leads.filter(pl.col("lead_id") == "B").row(0, named=True)
    assert b["decision_at"] == as_of and b["opportunity_at"] is None
    b_path = result.path.filter(pl.col("lead_id") == "B")
    # 5 + 10 (webinar before creation); the unsubscribe pulls it down until it leaves its
    # 15-day window, when the total (5 + 10 + decayed pricing) reaches a new high
    assert b_path["at"].to_list() == [T0, T0 + 17 * DAY]
    assert b_path["total"].to_list() == pytest.approx([15.0, 15 + 15 * 2 ** (-14 / 10)])
    assert result.as_of == as_of and result.criteria_sha256 == criteria.sha256
    assert {"crm_sql_at", "first_contact_at", "employees", "created_at"} <= set(
        result.leads.columns
    )


def test_replay_is_point_in_time(story_ws) -> None:
    criteria = load_criteria(RULES)
    early = replay(story_ws, criteria, as_of=T0 + 5 * DAY)
    a = early.leads.filter(pl.col("lead_id") == "A").row(0, named=True)
    assert a["mql_at"] is None and a["opportunity_at"] is None and not a["is_won"]
    assert early.path["at"].max() < T0 + 5 * DAY
    assert early.leads.filter(pl.col("lead_id") == "C")["is_lost"].item() is False  # closed later


def brute_force_paths(ws: Workspace, criteria, result) -> pl.DataFrame:
    """Record highs recomputed from full feature builds at every evaluation time."""
    leads = ws.query("SELECT lead_id, created_at FROM leads")
    acts = ws.query(  # the scored activities of RULES: evaluation points are their times
        "SELECT lead_id, occurred_at, type FROM activities "
        "WHERE detail = 'pricing' OR type IN ('webinar', 'unsubscribe')"
    )
    windowed = [r for r in criteria.engagement_rules if r.window_days]  # type-only rules here
    times = [acts.select("lead_id", "occurred_at")] + [
        acts.filter(pl.col("type").is_in(r.types)).select(
            "lead_id", occurred_at=pl.col("occurred_at") + timedelta(days=r.window_days)
        )
        for r in windowed
    ]
    cut = result.leads.select("lead_id", "decision_at", "created_at")
    points = (
        pl.concat([*times, leads.rename({"created_at": "occurred_at"})])
        .join(cut, on="lead_id")
        .filter(
            (pl.col("occurred_at") == pl.col("created_at"))
            | (
                (pl.col("occurred_at") > pl.col("created_at"))
                & (pl.col("occurred_at") < pl.col("decision_at"))
            )
        )
        .select("lead_id", at="occurred_at")
        .unique()
    )
    scored = []
    for moment in points["at"].unique().sort().to_list():
        scores = score_features(build_features(ws, criteria, as_of=moment), criteria)
        scored.append(
            points.filter(pl.col("at") == moment).join(
                scores.select("lead_id", "total"), on="lead_id"
            )
        )
    every = pl.concat(scored).sort("lead_id", "at")
    return every.filter(
        pl.col("total") > pl.col("total").cum_max().shift().over("lead_id").fill_null(-np.inf)
    )


def random_workspace(seed: int, *, n_leads: int = 6, n_events: int = 60) -> Workspace:
    rng = np.random.default_rng(seed)
    ws = Workspace.open(":memory:")
    ids = [f"L{i}" for i in range(n_leads)]
    created = [T0 + timedelta(days=int(d)) for d in rng.integers(0, 20, n_leads)]
    put(
        ws,
        "leads",
        pl.DataFrame(
            {"lead_id": ids, "created_at": created, "employees": rng.integers(1, 900, n_leads)}
        ),
    )
    kinds = [
        ("page_view", "pricing"),
        ("webinar", None),
        ("unsubscribe", None),
        ("page_view", "blog"),
    ]
    picks = rng.integers(0, len(kinds), n_events)
    rows = [
        (
            ids[int(rng.integers(0, n_leads))],
            T0 + timedelta(hours=int(h)),
            kinds[int(k)][0],
            kinds[int(k)][1],
        )
        for h, k in zip(rng.integers(0, 24 * 60, n_events), picks, strict=True)
    ]
    put(ws, "activities", activities(rows))
    deal_leads = rng.choice(ids, size=2, replace=False)
    put(
        ws,
        "deals",
        deals_frame(
            [
                (
                    f"D{i}",
                    str(lead),
                    None,
                    None,
                    T0 + timedelta(days=int(rng.integers(10, 50))),
                    None,
                    None,
                    None,
                )
                for i, lead in enumerate(deal_leads)
            ]
        ),
    )
    return ws


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_path_equals_full_rescoring_at_every_moment(seed: int) -> None:
    criteria = load_criteria(RULES)
    ws = random_workspace(seed)
    as_of = T0 + 70 * DAY
    result = replay(ws, criteria, as_of=as_of)
    expected = brute_force_paths(ws, criteria, result)
    got = result.path.sort("lead_id", "at")
    assert got.select("lead_id", "at").equals(expected.select("lead_id", "at"))
    assert (got["total"] - expected["total"]).abs().max() < 1e-9
    full = score_features(build_features(ws, criteria, as_of=as_of), criteria)
    assert_frame_equal(
        result.leads.select("lead_id", "fit", "engagement", "total"), full, abs_tol=1e-9
    )


def test_leads_stored_in_any_order_replay_the_same() -> None:
    # L0, L1, ..., L11 are stored in number order, not in lead_id order (L10 < L2): the
    # replay reads them sorted; a copy stored in lead_id order replays to the same frames
    shuffled = random_workspace(5, n_leads=12)
    in_order = Workspace.open(":memory:")
    for table in ("leads", "activities", "deals"):
        rows = shuffled.query(f"SELECT * EXCLUDE (import_id) FROM {table}")
        put(in_order, table, rows.sort(rows.columns[0]) if table == "leads" else rows)
    criteria = load_criteria(RULES)
    as_of = T0 + 70 * DAY
    got = replay(shuffled, criteria, as_of=as_of)
    want = replay(in_order, criteria, as_of=as_of)
    assert shuffled.query("SELECT lead_id FROM leads")["lead_id"].to_list()[2] == "L2"
    assert got.leads["lead_id"].is_sorted() and got.leads.height == 12
    assert_frame_equal(got.leads, want.leads)
    assert_frame_equal(got.path, want.path)


event_rows = st.lists(
    st.tuples(
        st.integers(0, 4),
        st.integers(0, 24 * 90),
        st.sampled_from([("page_view", "pricing"), ("webinar", None), ("unsubscribe", None)]),
    ),
    max_size=30,
)


@settings(max_examples=25, deadline=None)
@given(rows=event_rows, low=st.integers(0, 60), step=st.integers(1, 40))
@example(rows=[(1, 421, ("page_view", "pricing"))], low=0, step=20)  # a total of 20 - 4e-15
def test_higher_threshold_never_gives_more_or_earlier_mqls(rows, low: int, step: int) -> None:
    ws = Workspace.open(":memory:")
    ids = [f"L{i}" for i in range(5)]
    put(ws, "leads", leads_frame(ids, employees=[600, 50, 600, 50, None]))
    if rows:
        put(
            ws,
            "activities",
            activities(
                [(ids[i], T0 + timedelta(hours=h), kind[0], kind[1]) for i, h, kind in rows]
            ),
        )
    base = load_criteria(RULES)
    as_of = T0 + 100 * DAY
    lower = replay(ws, dataclasses.replace(base, threshold=float(low)), as_of=as_of)
    higher = replay(ws, dataclasses.replace(base, threshold=float(low + step)), as_of=as_of)
    both = lower.leads.select("lead_id", low_at="mql_at").join(
        higher.leads.select("lead_id", high_at="mql_at"), on="lead_id"
    )
    assert both["high_at"].is_not_null().sum() <= both["low_at"].is_not_null().sum()
    assert (
        both.filter(
            pl.col("high_at").is_not_null()
            & (pl.col("low_at").is_null() | (pl.col("high_at") < pl.col("low_at")))
        ).height
        == 0
    )
    # the path answers any threshold: min(at) where total reaches T is the replayed MQL moment
    # (at SCORE_DECIMALS decimals, as the replay compares: 19.999999999999996 reaches 20)
    from_path = (
        lower.path.filter(reaches_expr(pl.col("total"), low + step))
        .group_by("lead_id")
        .agg(mql_at=pl.col("at").min())
    )
    got = higher.leads.select("lead_id", "mql_at").filter(pl.col("mql_at").is_not_null())
    assert_frame_equal(got.sort("lead_id"), from_path.sort("lead_id"))
    assert (
        lower.path.group_by("lead_id")
        .agg(pl.col("total").is_sorted())
        .filter(~pl.col("total"))
        .height
        == 0
    )


@pytest.mark.parametrize(
    ("half_life_s", "gaps_s", "expected"),
    [
        (10.0, [0, 10, 0], [1.0, 1.5, 2.5]),  # a tie adds without decay
        (10.0, [0, 10, 10], [1.0, 1.5, 1.75]),
        (1.0, [0, 86400 * 3000, 1], [1.0, 1.0, 1.5]),  # tiny half-life over years: no overflow
        (0.0, [0, 5, 5], [1.0, 2.0, 3.0]),  # no decay
    ],
)
def test_decayed_scan_matches_the_recurrence(
    half_life_s: float, gaps_s: list[int], expected: list[float]
) -> None:
    t = np.cumsum(np.array(gaps_s, dtype=np.float64))
    ih = np.full(t.size, 0.0 if half_life_s == 0 else 1 / half_life_s)
    got = decayed_scan(np.ones(t.size), t, ih, np.arange(t.size))
    assert got.tolist() == pytest.approx(expected)


@settings(max_examples=30, deadline=None)
@given(
    segments=st.lists(
        st.lists(
            st.tuples(st.integers(0, 500), st.sampled_from([1.0, -1.0])), min_size=1, max_size=40
        ),
        min_size=1,
        max_size=6,
    ),
    half_life=st.floats(0.5, 200),
)
def test_decayed_scan_equals_a_plain_loop(segments, half_life: float) -> None:
    t_parts, x_parts, starts = [], [], []
    for segment in segments:
        times = sorted(t for t, _ in segment)
        t_parts += times
        x_parts += [x for _, x in segment]
        starts += [True] + [False] * (len(segment) - 1)
    t = np.array(t_parts, dtype=np.float64)
    x = np.array(x_parts)
    got = decayed_scan(x, t, np.full(t.size, 1 / half_life), segment_positions(np.array(starts)))
    expected, state = [], 0.0
    for k in range(t.size):  # the recurrence, one step at a time (the independent check)
        state = x[k] if starts[k] else state * 2 ** (-(t[k] - t[k - 1]) / half_life) + x[k]
        expected.append(state)
    assert np.allclose(got, expected, atol=1e-9)


@settings(max_examples=50, deadline=None)
@given(
    segments=st.lists(
        st.lists(st.sampled_from([1.0, -1.0]), min_size=1, max_size=40), min_size=0, max_size=8
    )
)
def test_segmented_cumsum_is_the_scan_without_decay(segments) -> None:
    # a rule without decay counts in one pass: the same whole numbers as the scan
    x = np.array([v for segment in segments for v in segment])
    starts = np.array([k == 0 for segment in segments for k in range(len(segment))], dtype=bool)
    got = segmented_cumsum(x, starts)
    scanned = decayed_scan(x, np.zeros(x.size), np.zeros(x.size), segment_positions(starts))
    assert got.tolist() == scanned.tolist()
    running = [sum(segment[: k + 1]) for segment in segments for k in range(len(segment))]
    assert got.tolist() == running


def test_default_criteria_replays_an_empty_and_an_aggregate_only_workspace(ws) -> None:
    c = default_criteria()
    assert replay(ws, c).leads.height == 0
    put(ws, "leads", leads_frame(["A"], page_views=[200], employees=[600]))
    result = replay(ws, c, as_of=T0 + DAY)
    row = result.leads.row(0, named=True)
    assert row["engagement"] == 20 * c.engagement_weight  # capped aggregate, scored at creation
    assert result.path.rows() == [("A", T0, row["total"])]


def test_lead_without_creation_date_starts_at_its_first_activity(ws) -> None:
    put(ws, "leads", leads_frame(["A", "B"], employees=[600, 600]))
    with ws.transaction() as cur:
        cur.execute("UPDATE leads SET created_at = NULL")
    put(
        ws,
        "activities",
        activities([("A", T0 + DAY, "webinar", None), ("GHOST", T0, "webinar", None)]),
    )
    result = replay(ws, load_criteria(RULES), as_of=T0 + 2 * DAY)
    assert result.path.rows() == [("A", T0 + DAY, 30.0), ("B", T0 + 2 * DAY, 20.0)]
    # activities of unknown leads are ignored
    assert result.leads["lead_id"].to_list() == ["A", "B"]


def test_replayed_and_crm_mql_moments_compare(story_ws) -> None:
    from analytics.scoring.points import compare_crm_mql

    result = replay(story_ws, load_criteria(RULES), as_of=T0 + 50 * DAY)
    counts = compare_crm_mql(result.leads)
    plain = result.leads.select(
        both=(pl.col("mql_at").is_not_null() & pl.col("crm_mql_at").is_not_null()).sum()
    ).item()
    assert counts["both"] == plain == 1
    assert counts["median_days"] == 8.0  # replayed T0+11d against the CRM's T0+3d
    assert sum(counts[k] for k in ("both", "replay_only", "crm_only", "neither")) == 3


@settings(max_examples=200, deadline=None)
@given(
    totals=st.lists(
        st.one_of(
            st.floats(-1e6, 1e6, allow_nan=False),
            st.integers(-100, 100).map(lambda k: k + 0.5e-9),  # on a rounding half
            st.integers(0, 200).map(lambda k: k * 0.1 + 0.2 - 0.2),  # sums just off a value
        ),
        max_size=40,
    ),
    threshold=st.one_of(st.integers(0, 100).map(float), st.floats(-1e3, 1e3, allow_nan=False)),
)
@example(totals=[0.0, -32.0036560558932], threshold=-32.0036560558932)  # polars divided apart
def test_the_polars_and_numpy_threshold_comparisons_agree(totals, threshold: float) -> None:
    """The what-if lever table and the scoring chart (polars) decide MQL as the replay (numpy)."""
    from analytics.scoring.kernels import reaches

    values = np.array(totals, dtype=np.float64)
    for limit in (threshold, *totals[:3]):  # a threshold on a total is where they could part
        got = pl.DataFrame({"t": values}).select(reaches_expr(pl.col("t"), limit)).to_series()
        assert got.to_list() == reaches(values, limit).tolist()


@settings(max_examples=300, deadline=None)
@given(st.floats(-1e6, 1e6, allow_nan=False))
def test_a_total_reaches_its_own_rounded_value(total: float) -> None:
    """What infer_threshold relies on: a threshold set at a total, as scores are rounded,
    is reached by that total (one rounding for totals and thresholds alike)."""
    from analytics.scoring.kernels import reaches, score_round

    assert reaches(np.array([total]), score_round(total)).all()
    assert score_round(score_round(total)) == score_round(total)
