"""The model lab: leak guard at work, validation, holdout figures, scorecard and its criteria."""

from __future__ import annotations

import math
from datetime import date, datetime

import numpy as np
import polars as pl
import pytest
import statsmodels.api as sm

from analytics.criteria import (
    EngagementRule,
    dump_criteria,
    get_criteria,
    list_criteria,
    load_criteria,
)
from analytics.errors import InputError
from analytics.metrics import leakguard
from analytics.metrics.evaluation import auc
from analytics.metrics.model import (
    FOLDS,
    MIN_TEST_CONVERSIONS,
    Coding,
    Design,
    LogisticFit,
    default_split,
    frame_data,
    learn_coding,
    madkudu_check,
    round_points,
    run_model,
    save_scorecard,
    scorecard,
    scorecard_criteria,
    scorecard_scores,
    split_rows,
)
from analytics.store.db import Workspace
from tests.model_data import leaky_leads

JSON_KEYS = {
    "outcome",
    "validation",
    "train",
    "test",
    "models",
    "rules_auc",
    "flagged",
    "scorecard",
}


def plain_logit_auc(frame: pl.DataFrame, train: np.ndarray, test: np.ndarray) -> float:
    """A plain logistic regression on the non-leaking columns (one-hot text, log size)."""
    x = frame.select(pl.col("industry", "title_rank", "source")).to_dummies(drop_first=True)
    x = sm.add_constant(x.with_columns(s=frame["employees"].log1p()).to_numpy().astype(float))
    y = frame["Converted"].to_numpy()
    fit = sm.Logit(y[train], x[train]).fit(disp=0)
    return auc(y[test], fit.predict(x[test]))


# --------------------------------------------------------------------------- Done when
@pytest.mark.parametrize("dated", [False, True], ids=["no dates (k-fold)", "dated (out of time)"])
def test_leads_only_export_flags_and_excludes_the_leak(dated: bool) -> None:
    frame = leaky_leads(dated=dated)
    data = frame_data(
        frame, target="Converted", created="created" if dated else None, touched="touched"
    )
    assert "Converted" not in data.attributes and "touched" not in data.attributes
    result = run_model(data)

    flagged = {f["column"]: f for f in result.flagged}
    assert flagged["Lead Quality"]["reason"] in ("predicts_alone", "filled_after_contact")
    assert flagged["Lead Quality"]["auc"] >= 0.9
    assert flagged["Lead Status"]["reason"] == "outcome_name"
    assert set(result.columns) == {"industry", "title_rank", "employees", "source"}
    assert result.validation.method == ("out_of_time" if dated else "stratified_kfold")
    assert result.validation.enough

    # the same leads judged by a plain logistic regression on the clean columns
    if dated:
        train, test, _ = split_rows(data)
        plain = plain_logit_auc(frame, train, test)
    else:
        folds, _, _ = split_rows(data)
        y = frame["Converted"].to_numpy()
        predicted = np.zeros(frame.height)
        x = frame.select(pl.col("industry", "title_rank", "source")).to_dummies(drop_first=True)
        x = sm.add_constant(x.with_columns(s=frame["employees"].log1p()).to_numpy().astype(float))
        for k in range(FOLDS):
            fit = sm.Logit(y[folds != k], x[folds != k]).fit(disp=0)
            predicted[folds == k] = fit.predict(x[folds == k])
        plain = auc(y, predicted)
    ours = result.evaluation("logistic_regression").auc.auc
    assert ours >= plain - 0.005, (ours, plain)
    assert 0.55 < ours < 0.8  # honest: far from the ≈1.0 the leak would give

    # the user can override the guard and sees the effect
    leaky = run_model(data, include=["Lead Quality", "Lead Status"])
    assert "Lead Quality" in leaky.columns and "Lead Status" not in leaky.columns
    assert leaky.evaluation("logistic_regression").auc.auc > 0.95


def test_json_has_exactly_the_issue_keys() -> None:
    result = run_model(frame_data(leaky_leads(dated=True), target="Converted", created="created"))
    data = result.to_json()
    assert set(data) == JSON_KEYS
    assert set(data["train"]) == set(data["test"]) == {"leads", "conversions"}
    assert [m["name"] for m in data["models"]] == ["logistic_regression", "gradient_boosting"]
    for model in data["models"]:
        assert set(model) == {"name", "auc", "auc_ci_low", "auc_ci_high", "brier", "gains"}
        assert model["auc_ci_low"] < model["auc"] < model["auc_ci_high"]
        assert [g["share"] for g in model["gains"]] == [round(0.1 * i, 2) for i in range(1, 11)]
        assert set(model["gains"][0]) == {"share", "captured"}
    assert data["rules_auc"] is None  # a plain export has no agreed rules' score
    assert all(set(f) == {"column", "reason", "auc"} for f in data["flagged"])
    assert all(set(s) == {"rule", "value", "points"} for s in data["scorecard"])
    assert data["validation"]["method"] == "out_of_time"
    assert data["validation"]["split"] == f"{result.validation.split:%Y-%m}"


def test_below_the_floor_no_accuracy_is_claimed() -> None:
    frame = leaky_leads(n=700, seed=4, dated=True)
    result = run_model(frame_data(frame, target="Converted", created="created"))
    assert result.test["conversions"] < MIN_TEST_CONVERSIONS
    assert not result.validation.enough
    data = result.to_json()
    assert all(m["auc"] is None and m["gains"] == [] for m in data["models"])
    assert data["test"]["conversions"] == result.test["conversions"]  # says how many there are


def test_too_few_conversions_is_a_clear_error() -> None:
    frame = pl.DataFrame({"industry": ["IT", "x"] * 50, "Converted": [1] + [0] * 99})
    with pytest.raises(InputError, match=r"1 won of 100 leads.*at least 10"):
        run_model(frame_data(frame, target="Converted"))


# --------------------------------------------------------------------------- validation
def test_default_split_and_user_split() -> None:
    created = pl.Series("c", [datetime(2025, m, 1) for m in range(1, 13) for _ in range(m)])
    # 78 leads; months 10-12 hold 33 (42%), 11-12 hold 23 (29%), 12 holds 12 (15%)
    assert default_split(created) == date(2025, 11, 1)
    data = frame_data(
        pl.DataFrame({"created": created, "y": [i % 2 for i in range(78)], "a": ["x"] * 78}),
        target="y",
        created="created",
    )
    train, test, validation = split_rows(data, split=date(2025, 12, 1))
    assert (int(train.sum()), int(test.sum())) == (66, 12)
    assert validation.reason == "user_split" and validation.split == date(2025, 12, 1)
    with pytest.raises(InputError, match=r"split month '2026-01' leaves no dated leads"):
        split_rows(data, split=date(2026, 1, 1))


# --------------------------------------------------------------------------- coding
def test_levels_bands_and_merging() -> None:
    train = pl.DataFrame({"employees": [5] * 30 + [20] * 3 + [60] * 40 + [500] * 25 + [None] * 5})
    coding = learn_coding(train, "employees")
    # 10–49 has 3 leads: merged into the band above; the empty bands from 100 up merge into one;
    # missing (5 leads) is too rare for a level of its own and goes to the reference
    assert coding.levels == ("<10", "10–99", "100+")
    assert coding.reference == "10–99" and coding.fallback == "10–99"


# --------------------------------------------------------------------------- scorecard
@pytest.mark.parametrize(
    ("value", "expected"),
    [(0.0, 0.0), (2.4, 0.0), (2.5, 5.0), (7.49, 5.0), (7.5, 10.0), (-2.5, -5.0), (-12.6, -15.0)],
)
def test_points_are_rounded_to_five(value: float, expected: float) -> None:
    assert round_points(value) == expected
    assert str(round_points(-1.0)) == "0.0"  # never "-0"


def _toy_fit() -> tuple[LogisticFit, Design]:
    design = Design(
        (
            Coding("industry", "values", ("IT", "Retail", "(other)"), "IT", "(other)"),
            Coding("employees", "bands", ("<100", "100+", "(none)"), "<100", "<100", (100.0,)),
        ),
        (("eng:web", 3.0), ("eng:unsub", 1.0)),
    )
    coefs = pl.DataFrame(
        {
            "term": [
                "industry=Retail",
                "industry=(other)",
                "employees=100+",
                "employees=(none)",
                "eng:web",
                "eng:unsub",
            ],
            "source": ["industry", "industry", "employees", "employees", "eng:web", "eng:unsub"],
            "level": ["Retail", "(other)", "100+", "(none)", "per occurrence", "per occurrence"],
            "coef": [-0.7, -0.35, 0.9, 0.1, 0.4, -1.2],
        }
    )
    return LogisticFit(-3.0, coefs, False, None, "plain"), design


def test_scorecard_points_and_its_criteria() -> None:
    fit, design = _toy_fit()
    card = scorecard(fit, design)
    factor = 20 / math.log(2)
    points = {(r, v): p for r, v, p in card.select("rule", "value", "points").iter_rows()}
    assert points[("industry", "IT")] == round_points(0.7 * factor)  # lowest level (Retail) is 0
    assert points[("industry", "Retail")] == 0.0
    assert points[("employees", "100+")] == round_points(0.9 * factor)
    assert points[("web", "per occurrence")] == round_points(0.4 * factor)
    assert points[("unsub", "per occurrence")] == round_points(-1.2 * factor)

    base = load_criteria(
        '[[engagement]]\nname = "web"\ntype = "page_view"\npoints = 1\ncap = 3\nhalf_life_days = 30\n'
        '[[engagement]]\nname = "unsub"\ntype = "unsubscribe"\npoints = -40\ncap = 40\n'
        "[sql_rule]\nneed = 3"
    )
    criteria = scorecard_criteria(card, design, base)
    assert load_criteria(dump_criteria(criteria)) == criteria  # a valid, round-tripping document
    web = next(r for r in criteria.engagement_rules if r.name == "web")
    assert (web.types, web.half_life_days) == (("page_view",), 30.0)  # the base rule's filters
    assert web.cap == pytest.approx(abs(web.points) * 3.0)
    assert criteria.floor == -next(r for r in criteria.engagement_rules if r.name == "unsub").cap
    assert criteria.sql_rule.required == {"need": 3}
    industry = criteria.fit_rules[0]
    assert dict(industry.values) == {"IT": points[("industry", "IT")], "Retail": 0.0}
    assert industry.default == points[("industry", "(other)")]

    leads = pl.DataFrame(
        {
            "lead_id": ["a", "b", "c"],
            "industry": ["IT", "Farm", None],
            "employees": [500, None, 20],
            "eng:web": [10.0, 1.0, 0.0],
            "eng:unsub": [0.0, 1.0, 0.0],
        }
    )
    scores = scorecard_scores(leads, design, criteria)
    expected = [
        points[("industry", "IT")] + points[("employees", "100+")] + 3 * web.points,
        points[("industry", "(other)")] + points[("employees", "(none)")] + web.points
        + points[("unsub", "per occurrence")],
        points[("industry", "(other)")] + points[("employees", "<100")],
    ]  # fmt: skip
    assert scores.tolist() == pytest.approx(expected)


def test_scorecard_auc_close_to_the_model_and_saved_as_a_draft() -> None:
    result = run_model(frame_data(leaky_leads(dated=True), target="Converted", created="created"))
    assert abs(result.rounding_loss) <= 0.02
    assert result.scorecard_auc == pytest.approx(result.logistic_auc, abs=0.02)
    ws = Workspace.open(":memory:")
    criteria_id = save_scorecard(ws, result, created_by="model lab")
    stored = list_criteria(ws).row(0, named=True)
    assert (stored["criteria_id"], stored["status"], stored["name"]) == (
        criteria_id,
        "draft",
        "model_scorecard",
    )
    assert get_criteria(ws, criteria_id).fit_rules == result.criteria.fit_rules


def test_madkudu_check() -> None:
    y = np.array([1] * 3 + [0] * 22 + [1] * 2 + [0] * 73)
    check = madkudu_check(y, np.arange(100)[::-1].astype(float))
    assert check["captured"] == pytest.approx(0.6) and check["passes_capture"]
    assert check["top_rate"] == pytest.approx(3 / 25) and check["bottom_rate"] == 0.0
    assert check["passes_ratio"]


def test_leak_guard_never_lets_an_outcome_column_in() -> None:
    frame = leaky_leads(n=400)
    assert "Lead Status" in leakguard.attribute_columns(frame)
    chosen = leakguard.choose_columns(
        ["industry", "Lead Status", "converted_at"], [], include=["Lead Status", "converted_at"]
    )
    assert chosen == ["industry"]


def test_behaviour_caps_from_the_rules() -> None:
    from analytics.metrics.model import learn_design

    train = pl.DataFrame({"eng:web": [0.0, 5.0, 2.0] * 10, "eng:none": [0.0] * 30})
    rules = {
        "eng:web": EngagementRule("web", 15.0, cap=45.0),
        "eng:none": EngagementRule("none", 5.0),
    }
    assert learn_design(train, [], rules).behaviours == (("eng:web", 3.0),)


# --------------------------------------------------------------------------- Done when, on the demo
@pytest.fixture(scope="module")
def demo_result(tmp_path_factory: pytest.TempPathFactory):
    """The model lab on the default demo (20,000 leads, seed 7) and its workspace."""
    from analytics.criteria import default_criteria
    from analytics.metrics.model import prepare_workspace
    from analytics.store.demo import load_demo

    ws = Workspace.open(tmp_path_factory.mktemp("model-demo") / "demo.duckdb")
    load_demo(ws)
    result = run_model(prepare_workspace(ws, default_criteria(), outcome="won"))
    yield ws, result
    ws.close()


def test_demo_out_of_time_auc_with_intervals_for_both_models_and_the_rules(demo_result) -> None:
    _, result = demo_result
    assert (
        result.validation.method == "out_of_time" and result.to_json()["validation"]["enough_data"]
    )
    assert result.test["conversions"] >= MIN_TEST_CONVERSIONS
    names = [e.name for e in result.evaluations]
    assert names == ["logistic_regression", "gradient_boosting", "rules"]
    for e in result.evaluations:
        assert 0.5 < e.auc.ci_low < e.auc.auc < e.auc.ci_high <= 1
    # the models find what the additive rules miss (the demo's hidden segment among it)
    rules = result.evaluation("rules").auc.auc
    assert result.evaluation("gradient_boosting").auc.auc > rules
    assert set(result.comparisons) == {"logistic_regression", "gradient_boosting"}


def test_demo_scorecard_within_002_of_the_model_and_saved_as_a_draft(demo_result) -> None:
    ws, result = demo_result
    assert abs(result.scorecard_auc - result.logistic_auc) <= 0.02
    criteria_id = save_scorecard(ws, result, created_by="model lab")
    stored = list_criteria(ws).row(0, named=True)
    assert (stored["criteria_id"], stored["status"]) == (criteria_id, "draft")


def test_demo_model_is_reproducible(demo_result) -> None:
    ws, result = demo_result
    from analytics.criteria import default_criteria
    from analytics.metrics.model import prepare_workspace

    again = run_model(prepare_workspace(ws, default_criteria(), outcome="won"))
    assert again.to_json() == result.to_json()


def test_demo_hidden_segment_is_found_by_the_boosted_model_not_the_additive_ones(
    demo_result, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same demo without the hidden interaction: the gradient-boosted model loses clearly
    more holdout AUC than the additive logistic model (which cannot express it)."""
    from analytics.criteria import default_criteria
    from analytics.metrics.model import prepare_workspace
    from analytics.store.demo import load_demo, pattern

    _, with_pattern = demo_result
    monkeypatch.setattr(pattern, "SEGMENT_WIN_LOGIT", 0.0)
    ws = Workspace.open(":memory:")
    load_demo(ws)
    without = run_model(prepare_workspace(ws, default_criteria(), outcome="won"))
    gain = {
        name: with_pattern.evaluation(name).auc.auc - without.evaluation(name).auc.auc
        for name in ("logistic_regression", "gradient_boosting")
    }
    assert gain["gradient_boosting"] >= 0.003
    assert gain["gradient_boosting"] > 3 * abs(gain["logistic_regression"])
