"""Fitting the two models: statsmodels' logistic regression and scikit-learn's challenger.

:func:`fit_logistic` fits plainly when there are enough events per term and the fit
converges, else L1-regularised with a strength from :func:`choose_alpha`;
:func:`fit_challenger` fits a gradient-boosted classifier on the tree matrix.

A term that only non-converted (or only converted) leads have (:func:`separated_terms`,
e.g. a department none of whose 523 leads converted) leaves the plain fit no finite
answer: its coefficient runs off for all 35 Newton steps and the fit is refused. Such a
design goes straight to the L1 fit, with the terms named (0.8 s of a 2.7 s fit at 100k
leads; the result is the one the refused plain fit led to).
"""

from __future__ import annotations

import math
import os
import warnings
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import numpy as np
import polars as pl
from threadpoolctl import threadpool_limits

from analytics.metrics import leakguard
from analytics.metrics.model.coding import Design
from analytics.metrics.model.data import EVENTS_PER_PARAMETER

# Newton steps of the plain fit (statsmodels' default): a logistic fit that converges does
# so in about ten; one still moving after 35 is separated and goes on to the L1 fit.
NEWTON_STEPS = 35


@dataclass(frozen=True)
class LogisticFit:
    """A fitted logistic regression: coefficients by term, and how it was fit."""

    intercept: float
    coefficients: pl.DataFrame  # term, source, level, coef, odds_ratio, ci_low, ci_high, p_value
    regularised: bool
    alpha: float | None
    reason: str  # "plain", "few_events", "separated" or "not_converged"
    # with "separated": source, level, leads, conversions of each separating term
    separated: pl.DataFrame | None = None

    def linear(self, matrix: np.ndarray) -> np.ndarray:
        """The linear predictor (log-odds) of a logistic matrix."""
        return self.intercept + matrix @ self.coefficients["coef"].to_numpy()

    def probability(self, matrix: np.ndarray) -> np.ndarray:
        """Predicted probability of a logistic matrix."""
        return 1.0 / (1.0 + np.exp(-self.linear(matrix)))


def choose_alpha(x: np.ndarray, y: np.ndarray, *, seed: int = 0) -> tuple[float, np.ndarray]:
    """The L1 strength for statsmodels' ``fit_regularized`` by 3-fold cross-validated log-loss.

    Uses scikit-learn's liblinear for the search (statsmodels' objective is
    ``−loglike + α·|β|``, liblinear's ``C·loss + |β|``, so ``α = 1 / C``).

    Returns:
        ``(alpha, start)``: the strength, and liblinear's solution at it (constant
        first) as statsmodels' starting point.
    """
    from sklearn.linear_model import LogisticRegression

    def fit(c: float, rows: np.ndarray) -> Any:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return LogisticRegression(
                C=c,
                l1_ratio=1.0,
                solver="liblinear",
                intercept_scaling=100.0,
                max_iter=500,
                random_state=seed,
            ).fit(x[rows], y[rows])

    folds = leakguard.fold_ids(pl.Series(y.astype(bool)), folds=3, seed=seed)

    def fold_loss(job: tuple[float, int]) -> float | None:
        c, k = job
        fit_rows, test_rows = folds != k, folds == k
        if y[fit_rows].min() == y[fit_rows].max():
            return None
        p = np.clip(fit(c, fit_rows).predict_proba(x[test_rows])[:, 1], 1e-9, 1 - 1e-9)
        return float(np.sum(y[test_rows] * np.log(p) + (1 - y[test_rows]) * np.log(1 - p)))

    strengths = (0.003, 0.01, 0.03, 0.1, 0.3, 1.0)
    jobs = [(c, k) for c in strengths for k in range(3)]
    # the 18 fits are independent and liblinear releases the GIL: two or more at a time
    # (1.2 s -> 0.6 s at 100k leads on two cores); the losses add up in the same order
    with ThreadPoolExecutor(max_workers=max(1, min(4, os.cpu_count() or 1))) as pool:
        fold_losses = list(pool.map(fold_loss, jobs))
    best, best_loss = 1.0, math.inf
    for i, c in enumerate(strengths):
        loss = 0.0
        for part in fold_losses[3 * i : 3 * i + 3]:
            if part is not None:
                loss -= part
        if loss < best_loss:
            best, best_loss = c, loss
    final = fit(best, np.ones(len(y), dtype=bool))
    return 1.0 / best, np.concatenate([final.intercept_, final.coef_[0]])


def separated_terms(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """The columns that separate the outcome: on the rows where such a column is not 0,
    every lead converted or none did (and it is not 0 on every row, nor 0 on every row).

    Only columns of one sign count (the logistic matrix's 0/1 levels and counts). For
    such a column the log-likelihood grows without end as its coefficient runs off
    (towards −∞ when none converted), so the plain maximum-likelihood fit has no finite
    answer (quasi-complete separation).

    Example:
        >>> x = np.array([[1.0, 0.0, 2.0], [1.0, 1.0, 0.0], [0.0, 0.0, 1.0], [0.0, 1.0, 0.0]])
        >>> separated_terms(x, np.array([0.0, 0.0, 1.0, 1.0])).tolist()
        [0]
    """
    if x.size == 0:
        return np.zeros(0, dtype=np.int64)
    one_sign = (x >= 0).all(axis=0) | (x <= 0).all(axis=0)
    rows, events = _rows_and_events(x, y)
    apart = one_sign & (rows > 0) & (rows < len(y)) & ((events == 0) | (events == rows))
    return np.flatnonzero(apart)


def _rows_and_events(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per column: the rows where it is not 0, and how many of them converted."""
    nonzero = x != 0
    return nonzero.sum(axis=0), (nonzero & (y[:, None] == 1)).sum(axis=0)


def plain_fit(y: np.ndarray, xc: np.ndarray) -> Any | None:
    """statsmodels' plain ``Logit.fit`` of a matrix with its constant; None when refused
    (not converged in :data:`NEWTON_STEPS`, an infinite standard error, a coefficient
    of 15 or more in size, or an error such as a singular matrix)."""
    import statsmodels.api as sm

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            fitted = sm.Logit(y, xc).fit(disp=0, maxiter=NEWTON_STEPS)
            bse = np.asarray(fitted.bse)
        except Exception:  # separation or a singular matrix: regularise instead
            return None
    if (
        fitted.mle_retvals.get("converged")
        and np.all(np.isfinite(bse))
        and np.all(np.abs(fitted.params) < 15)
    ):
        return fitted
    return None


def l1_fit(x: np.ndarray, y: np.ndarray, *, seed: int = 0) -> tuple[Any, float]:
    """statsmodels' ``fit_regularized`` (L1, strength from :func:`choose_alpha`, the
    constant unpenalised): the result and its strength."""
    import statsmodels.api as sm

    xc = np.column_stack([np.ones(len(y)), x])
    alpha, start = choose_alpha(x, y, seed=seed) if x.shape[1] else (1.0, None)
    penalty = np.full(xc.shape[1], alpha)
    penalty[0] = 0.0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = sm.Logit(y, xc).fit_regularized(
            method="l1",
            alpha=penalty,
            start_params=start,
            disp=0,
            trim_mode="size",
            maxiter=200,
        )
    return result, alpha


def fit_logistic(x: np.ndarray, y: np.ndarray, design: Design, *, seed: int = 0) -> LogisticFit:
    """statsmodels' logistic regression on a logistic matrix, regularised when the events are few.

    Plain ``Logit.fit`` (:func:`plain_fit`) when there are at least
    :data:`EVENTS_PER_PARAMETER` events (the rarer class) per term, no term separates
    the outcome (:func:`separated_terms`) and it converges; otherwise the L1 fit
    (:func:`l1_fit`).
    """
    terms = design.terms
    events = int(min(y.sum(), len(y) - y.sum()))
    reason = "plain" if events >= EVENTS_PER_PARAMETER * max(len(terms), 1) else "few_events"
    result, alpha, separated = None, None, None
    if reason == "plain":
        apart = separated_terms(x, y)
        if apart.size:
            reason = "separated"
            leads, conversions = _rows_and_events(x[:, apart], y)
            separated = pl.DataFrame(
                {
                    "source": [terms[i][1] for i in apart],
                    "level": [terms[i][2] for i in apart],
                    "leads": leads,
                    "conversions": conversions,
                },
                schema={
                    "source": pl.String,
                    "level": pl.String,
                    "leads": pl.Int64,
                    "conversions": pl.Int64,
                },
            )
        else:
            result = plain_fit(y, np.column_stack([np.ones(len(y)), x]))
            if result is None:
                reason = "not_converged"
    if result is None:
        result, alpha = l1_fit(x, y, seed=seed)
    params = np.asarray(result.params, dtype=np.float64)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ci = np.asarray(result.conf_int(), dtype=np.float64)
        p_values = np.asarray(result.pvalues, dtype=np.float64)
    coefficients = pl.DataFrame(
        {
            "term": [t[0] for t in terms],
            "source": [t[1] for t in terms],
            "level": [t[2] for t in terms],
            "coef": params[1:],
            "odds_ratio": np.exp(params[1:]),
            "ci_low": np.exp(ci[1:, 0]),
            "ci_high": np.exp(ci[1:, 1]),
            "p_value": p_values[1:],
        },
        schema={
            "term": pl.String,
            "source": pl.String,
            "level": pl.String,
            "coef": pl.Float64,
            "odds_ratio": pl.Float64,
            "ci_low": pl.Float64,
            "ci_high": pl.Float64,
            "p_value": pl.Float64,
        },
    ).with_columns(pl.col("ci_low", "ci_high", "p_value").fill_nan(None))
    return LogisticFit(float(params[0]), coefficients, reason != "plain", alpha, reason, separated)


def fit_challenger(x: np.ndarray, categorical: list[bool], y: np.ndarray, *, seed: int = 0) -> Any:
    """scikit-learn's ``HistGradientBoostingClassifier`` on the tree matrix (early stopping)."""
    from sklearn.ensemble import HistGradientBoostingClassifier

    model = HistGradientBoostingClassifier(
        learning_rate=0.1,
        max_iter=150,
        max_leaf_nodes=15,
        min_samples_leaf=20,
        l2_regularization=1.0,
        early_stopping=len(y) >= 1000,
        validation_fraction=0.15,
        n_iter_no_change=20,
        categorical_features=np.array(categorical, dtype=bool) if any(categorical) else None,
        random_state=seed,
    )
    if x.shape[1] == 0:
        x = np.zeros((len(y), 1))
    with threadpool_limits(limits=1):
        return model.fit(x, y)


def predict_challenger(model: Any, x: np.ndarray) -> np.ndarray:
    """The challenger's predicted probability on a tree matrix."""
    if x.shape[1] == 0:
        x = np.zeros((x.shape[0], 1))
    with threadpool_limits(limits=1):
        return model.predict_proba(x)[:, 1]
