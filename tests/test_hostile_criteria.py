"""Criteria, mappings and parameters within documented ranges and sizes (issue 14, class 6)."""

from __future__ import annotations

import dataclasses

import pytest

from analytics.cli.main import main
from analytics.criteria import default_criteria, load_criteria
from analytics.criteria.fields import FIELDS, MAX_RULES, range_problem
from analytics.errors import CriteriaError, InputError
from analytics.metrics.bands import MAX_SCORE_BANDS, make_band_edges, parse_edges
from analytics.store.ingest.mapping import load_mapping

ENGAGEMENT = "[[engagement]]\nname = 'a'\ntype = 'page_view'\npoints = 1\n"
FIT = "[[fit]]\nname = 'f'\nfield = 'employees'\n"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("fit_weight = 1e308", r"criteria field 'fit_weight': 1e\+308 is outside 0 … 1,000"),
        ("engagement_weight = 5000", r"'engagement_weight': 5000.0 is outside 0 … 1,000"),
        ("threshold = 1e300", r"'threshold': 1e\+300 is outside -1,000,000 … 1,000,000"),
        ("floor = -1e9", r"'floor'"),
        (ENGAGEMENT + "half_life_days = 1e-300", r"engagement rule 'a' field 'half_life_days': 1e-300 is outside 0.01 … 36,500"),
        (ENGAGEMENT + "window_days = 1e9", r"'window_days': 1000000000.0 is outside > 0 … 36,500"),
        (ENGAGEMENT + "cap = 1e200", r"'cap'"),
        ("[[engagement]]\nname = 'a'\ntype = 'x'\npoints = 1e100", r"'points'"),
        (FIT + "values = { big = 1e100 }", r"fit rule 'f' field 'values.big'"),
        (FIT + "[[fit.bands]]\nmin = 0\npoints = 1e50", r"fit rule 'f' band #1 field 'points'"),
        (FIT + "[[fit.bands]]\nmin = -1e300\npoints = 1", r"band #1 field 'min'"),
        ("[sla]\ncontact_hours = 1e6", r"'contact_hours'"),
        ("[sla]\nmql_per_month = 100000000000", r"'mql_per_month'"),
        ("a = " + "[" * 5_000 + "]" * 5_000, r"nested too deeply"),
    ],
)  # fmt: skip
def test_out_of_range_criteria_refused(text, message):
    with pytest.raises(CriteriaError, match=message) as caught:
        load_criteria(text)
    assert "\n" not in str(caught.value)


def test_too_many_rules_and_bands():
    rules = "".join(
        f"[[engagement]]\nname = 'r{i}'\ntype = 'page_view'\npoints = 1\n"
        for i in range(MAX_RULES + 1)
    )
    with pytest.raises(CriteriaError, match=r"'engagement': 201 entries, at most 200"):
        load_criteria(rules)
    bands = FIT + "".join(
        f"[[fit.bands]]\nmin = {i}\nmax = {i + 1}\npoints = 1\n" for i in range(101)
    )
    with pytest.raises(CriteriaError, match=r"'bands': 101 entries, at most 100"):
        load_criteria(bands)


def test_an_edit_that_would_break_scoring_cannot_be_made():
    """Every Criteria is validated, also one made by editing points in the page's table."""
    with pytest.raises(CriteriaError, match="fit_weight"):
        dataclasses.replace(default_criteria(), fit_weight=1e308)
    rule = dataclasses.replace(default_criteria().engagement_rules[0], half_life_days=1e-300)
    with pytest.raises(CriteriaError, match="half_life_days"):
        dataclasses.replace(default_criteria(), engagement_rules=(rule,))


def test_every_range_is_documented():
    ranged = [s for s in FIELDS if s.low is not None]
    assert {s.path for s in ranged} >= {"fit_weight", "engagement[].half_life_days", "threshold"}
    for spec in ranged:
        assert range_problem(spec.path, spec.high) is None
        assert range_problem(spec.path, spec.high * 10 + 1) is not None


def test_mapping_nested_too_deep():
    with pytest.raises(InputError, match="nested too deeply"):
        load_mapping("[options]\nx = " + "[" * 5_000 + "]" * 5_000 + "\n")


def test_band_edges_limit():
    assert len(parse_edges(",".join(str(i) for i in range(MAX_SCORE_BANDS)))) == MAX_SCORE_BANDS
    with pytest.raises(InputError, match=r"3,000 score bands are more than the 100"):
        parse_edges(",".join(str(i) for i in range(3_000)))
    import polars as pl

    scores = pl.Series([0.0, 10_000.0])
    with pytest.raises(InputError, match="score bands"):
        make_band_edges(scores, method="fixed", width=1)
    with pytest.raises(InputError, match="score bands"):
        make_band_edges(scores, method="quantile", quantiles=1_000)


def test_cli_bands_with_20001_edges_exits_2(tmp_path, capsys):
    db = tmp_path / "w.duckdb"
    assert main(["demo", "--db", str(db), "--leads", "200"]) == 0
    capsys.readouterr()
    edges = ",".join(str(i) for i in range(20_001))
    assert main(["bands", "--db", str(db), "--bands", edges]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("error: 20,001 score bands") and "\n" not in err


@pytest.fixture(scope="module")
def small_db(tmp_path_factory):
    db = tmp_path_factory.mktemp("months") / "w.duckdb"
    assert main(["demo", "--db", str(db), "--leads", "200"]) == 0
    return db


@pytest.mark.parametrize("command", ["metrics", "sla", "feedback"])
@pytest.mark.parametrize("month", ["0001-01", "9999-12"])
def test_absurd_month_exits_2(small_db, capsys, command, month):
    capsys.readouterr()
    assert main([command, "--db", str(small_db), "--month", month]) == 2
    err = capsys.readouterr().err.strip().splitlines()[-1]
    assert err.startswith(f"error: month '{month}' is outside the dates data can have (1990-01")
