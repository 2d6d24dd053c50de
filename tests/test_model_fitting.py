"""The logistic fit's choice between the plain and the L1 fit (analytics.metrics.model.fitting).

A term only non-converted (or only converted) leads have leaves the plain fit no finite
answer; such a design skips the plain fit's Newton steps and goes to the L1 fit. These
tests hold that the skip changes nothing but the time and the reason: whenever a term
separates, statsmodels' plain fit is refused anyway, and the result is the L1 fit's.
"""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analytics.charts.model import fit_note
from analytics.metrics.model import fitting
from analytics.metrics.model.coding import Coding, Design
from analytics.text.catalog import t


def _design(n_columns: int) -> Design:
    """A design of one text attribute with ``n_columns`` non-reference levels."""
    levels = tuple(f"v{i}" for i in range(n_columns + 1))
    return Design((Coding("dept", "values", levels, "v0", "v0"),), ())


def test_separated_terms_literal_cases() -> None:
    y = np.array([0, 0, 1, 1, 0, 1], dtype=float)
    x = np.column_stack(
        [
            [1, 1, 0, 0, 0, 0],  # only non-converted leads: separates
            [0, 0, 1, 1, 0, 1],  # only converted leads: separates
            [1, 0, 1, 0, 1, 0],  # both: does not
            [1, 1, 1, 1, 1, 1],  # every row (the constant's twin): does not
            [0, 0, 0, 0, 0, 0],  # no row: does not
            [-1, 2, 0, 0, 0, 0],  # two signs: not counted
            [3, 0, 0, 0, 0, 0],  # a count on one non-converted lead: separates
        ]
    ).astype(float)
    assert fitting.separated_terms(x, y).tolist() == [0, 1, 6]
    assert fitting.separated_terms(np.zeros((6, 0)), y).tolist() == []


@st.composite
def separated_data(draw) -> tuple[np.ndarray, np.ndarray, int]:
    """A 0/1 design with one planted column whose leads all converted or none did."""
    n = draw(st.integers(200, 500))
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    columns = draw(st.integers(1, 3))
    x = (rng.random((n, columns)) < rng.uniform(0.1, 0.5, columns)).astype(float)
    logit = -1.0 + x @ rng.normal(0, 0.7, columns)
    y = (rng.random(n) < 1 / (1 + np.exp(-logit))).astype(float)
    planted = draw(st.integers(0, columns))
    rows = rng.choice(n, draw(st.integers(3, 40)), replace=False)
    column = np.zeros(n)
    column[rows] = 1.0
    y[rows] = float(draw(st.booleans()))
    x = np.insert(x, planted, column, axis=1)
    return x, y, planted


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(separated_data())
def test_a_separating_term_means_the_plain_fit_is_refused(data) -> None:
    """The skip loses nothing: where a term separates, statsmodels' plain fit is refused."""
    x, y, planted = data
    if y.min() == y.max():
        return  # one class only: nothing to fit (the caller never gets here)
    assert planted in fitting.separated_terms(x, y)
    assert fitting.plain_fit(y, np.column_stack([np.ones(len(y)), x])) is None


def test_separated_design_is_the_l1_fit_with_its_terms_named() -> None:
    rng = np.random.default_rng(3)
    n = 3000
    x = (rng.random((n, 3)) < [0.3, 0.2, 0.1]).astype(float)
    y = (rng.random(n) < 1 / (1 + np.exp(-(-1.2 + x @ [0.8, -0.5, 0.0])))).astype(float)
    y[x[:, 2] == 1] = 0.0  # no lead of level v3 converted
    design = _design(3)
    fit = fitting.fit_logistic(x, y, design, seed=0)
    assert (fit.reason, fit.regularised) == ("separated", True)
    assert fit.separated is not None
    assert fit.separated.rows() == [("dept", "v3", int(x[:, 2].sum()), 0)]
    # what the refused plain fit led to before the check: the same L1 fit, to the bit
    assert fitting.plain_fit(y, np.column_stack([np.ones(n), x])) is None
    result, alpha = fitting.l1_fit(x, y, seed=0)
    assert fit.alpha == alpha
    assert fit.coefficients["coef"].to_list() == list(np.asarray(result.params)[1:])
    assert fit.intercept == float(np.asarray(result.params)[0])


def test_a_clean_design_is_still_fit_plainly() -> None:
    rng = np.random.default_rng(4)
    n = 3000
    x = (rng.random((n, 2)) < [0.4, 0.3]).astype(float)
    y = (rng.random(n) < 1 / (1 + np.exp(-(-1.0 + x @ [0.9, -0.6])))).astype(float)
    fit = fitting.fit_logistic(x, y, _design(2), seed=0)
    assert (fit.reason, fit.regularised, fit.separated) == ("plain", False, None)
    assert fitting.separated_terms(x, y).size == 0
    plain = fitting.plain_fit(y, np.column_stack([np.ones(n), x]))
    assert fit.coefficients["coef"].to_list() == list(np.asarray(plain.params)[1:])


class _Result:
    """The two fields of a ModelResult the note reads."""

    def __init__(self, logistic: fitting.LogisticFit) -> None:
        self.logistic = logistic
        self.rule_labels: dict[str, str] = {}


def _fit(reason: str, separated: pl.DataFrame | None) -> fitting.LogisticFit:
    coefficients = pl.DataFrame({"coef": [0.1, 0.2, 0.0]})
    return fitting.LogisticFit(-1.0, coefficients, True, 3.3333, reason, separated)


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_fit_note_names_the_separating_term_in_both_languages(lang: str) -> None:
    separated = pl.DataFrame(
        {
            "source": ["department", "industry"],
            "level": ["工学部", "x"],
            "leads": [1523, 4],
            "conversions": [0, 0],
        }
    )
    note = fit_note(_Result(_fit("separated", separated)), 812, lang)
    assert "工学部" in note and "1,523" in note and "812" in note and "3.33" in note
    assert t("model.separated_more", lang, count="1") in note
    one = fit_note(_Result(_fit("separated", separated.head(1))), 812, lang)
    assert t("model.separated_more", lang, count="1") not in one
    assert "{" not in note and "}" not in one


def test_fit_note_of_a_kept_result_without_its_terms_says_not_converged() -> None:
    note = fit_note(_Result(_fit("separated", None)), 40, "en")
    assert note == t("model.regularised_not_converged", "en", alpha="3.33", events="40", terms="3")
