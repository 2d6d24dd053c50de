"""Running the model lab: screen the columns, fit both models, judge them, make the scorecard.

:func:`run_model` in named steps: check there are conversions to learn from, choose
the validation (:func:`~analytics.metrics.model.validation.split_rows`), screen the
columns with the leak guard (:func:`_screen`), fit and predict out of time
(:func:`_fit_out_of_time`) or fold by fold (:func:`_fit_cross_validated`), judge each
score on the holdout (:func:`_judge`), and turn the logistic fit into the scorecard.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
import polars as pl
from threadpoolctl import threadpool_limits

from analytics.errors import InputError
from analytics.metrics import leakguard
from analytics.metrics.evaluation import (
    AucComparison,
    auc,
    auc_with_ci,
    brier,
    calibration_table,
    compare_aucs,
    gains_table,
)
from analytics.metrics.model.coding import (
    Design,
    design_frame,
    learn_design,
    logistic_matrix,
    tree_matrix,
)
from analytics.metrics.model.data import (
    FOLDS,
    MIN_TEST_CONVERSIONS,
    MIN_TRAIN_CONVERSIONS,
    ModelData,
)
from analytics.metrics.model.fitting import (
    LogisticFit,
    fit_challenger,
    fit_logistic,
    predict_challenger,
)
from analytics.metrics.model.results import Evaluation, ModelResult, madkudu_check
from analytics.metrics.model.scorecard import scorecard, scorecard_criteria, scorecard_scores
from analytics.metrics.model.validation import split_rows


@dataclass(frozen=True)
class _Fitted:
    """The fits behind the scorecard and both models' predictions on the holdout."""

    design: Design
    logistic: LogisticFit
    train: pl.DataFrame  # the leads the scorecard's fit learnt from
    holdout: pl.DataFrame  # the leads every score is judged on
    p_logit: np.ndarray
    p_tree: np.ndarray
    linear: np.ndarray  # the scorecard's fit's log-odds on the holdout (its rounding loss)


def _too_few(outcome: str, target: pl.Series) -> InputError:
    return InputError.make(
        "model.err_too_few",
        outcome=outcome,
        conversions=int(target.sum()),
        leads=target.len(),
        needed=MIN_TRAIN_CONVERSIONS,
    )


def _evaluate(name: str, y: np.ndarray, score: np.ndarray, *, probability: bool) -> Evaluation:
    return Evaluation(
        name=name,
        auc=auc_with_ci(y, score),
        brier=brier(y, score) if probability else None,
        gains=gains_table(y, score),
        calibration=calibration_table(y, score) if probability else None,
        check=madkudu_check(y, score),
    )


def _fit_all(
    train: pl.DataFrame, data: ModelData, columns: Sequence[str], *, seed: int
) -> tuple[Design, LogisticFit, Any]:
    behaviours = {c: r for c, r in data.behaviours.items() if c in train.columns}
    design = learn_design(train, columns, behaviours)
    levels = design_frame(train, design)
    y = train["target"].to_numpy().astype(np.float64)
    # one BLAS/OpenMP thread: on a shared 2-core machine more threads spin against each other
    with threadpool_limits(limits=1):
        logistic = fit_logistic(logistic_matrix(levels, design), y, design, seed=seed)
        x_tree, categorical = tree_matrix(train, levels, design)
        challenger = fit_challenger(x_tree, categorical, y.astype(int), seed=seed)
    return design, logistic, challenger


def _predict(
    frame: pl.DataFrame, design: Design, logistic: LogisticFit, challenger: Any
) -> tuple[np.ndarray, np.ndarray]:
    levels = design_frame(frame, design)
    x_tree, _ = tree_matrix(frame, levels, design)
    return (
        logistic.probability(logistic_matrix(levels, design)),
        predict_challenger(challenger, x_tree),
    )


def _screen(
    data: ModelData,
    train_mask: np.ndarray | None,
    *,
    include: Iterable[str],
    exclude: Iterable[str],
    seed: int,
) -> tuple[pl.DataFrame, list[dict[str, Any]], list[str]]:
    """The leak guard on the training leads (every lead for k-fold): screened, flagged, used."""
    frame = data.frame
    touched = "touched" if frame["touched"].null_count() < frame.height else None
    screen_rows = frame.filter(
        pl.Series(train_mask if train_mask is not None else np.ones(frame.height, bool))
    )
    screened = leakguard.screen_columns(
        screen_rows, target="target", columns=list(data.attributes), touched=touched, seed=seed
    )
    flagged = leakguard.find_leaks(
        screen_rows, target="target", columns=list(data.attributes), touched=touched, seed=seed
    )
    columns = leakguard.choose_columns(data.attributes, flagged, include=include, exclude=exclude)
    return screened, flagged, columns


def _fit_out_of_time(
    data: ModelData,
    train_mask: np.ndarray,
    test_mask: np.ndarray,
    columns: Sequence[str],
    *,
    seed: int,
) -> _Fitted:
    """Fit on the older leads, predict the newer ones.

    Raises:
        InputError: too few conversions among the training leads.
    """
    frame = data.frame
    train, test = frame.filter(pl.Series(train_mask)), frame.filter(pl.Series(test_mask))
    if int(train["target"].sum()) < MIN_TRAIN_CONVERSIONS:
        raise _too_few(data.outcome, train["target"])
    design, logistic, challenger = _fit_all(train, data, columns, seed=seed)
    p_logit, p_tree = _predict(test, design, logistic, challenger)
    linear = logistic.linear(logistic_matrix(design_frame(test, design), design))
    return _Fitted(design, logistic, train, test, p_logit, p_tree, linear)


def _fit_cross_validated(
    data: ModelData, folds: np.ndarray, columns: Sequence[str], *, seed: int
) -> _Fitted:
    """Predict each lead by a fit on the other folds; the scorecard comes from a fit on all."""
    frame = data.frame
    p_logit = np.zeros(frame.height)
    p_tree = np.zeros(frame.height)
    for k in range(FOLDS):
        inside = folds != k
        d, lg, ch = _fit_all(frame.filter(pl.Series(inside)), data, columns, seed=seed)
        a, b = _predict(frame.filter(pl.Series(~inside)), d, lg, ch)
        p_logit[~inside], p_tree[~inside] = a, b
    design, logistic, _ = _fit_all(frame, data, columns, seed=seed)
    # the scorecard comes from the fit on every lead: its rounding loss is measured there too
    linear = logistic.linear(logistic_matrix(design_frame(frame, design), design))
    return _Fitted(design, logistic, frame, frame, p_logit, p_tree, linear)


def _judge(fitted: _Fitted, y: np.ndarray) -> tuple[list[Evaluation], dict[str, AucComparison]]:
    """Both models on the holdout, and the rules' score beside them when there is one."""
    evaluations = [
        _evaluate("logistic_regression", y, fitted.p_logit, probability=True),
        _evaluate("gradient_boosting", y, fitted.p_tree, probability=True),
    ]
    comparisons: dict[str, AucComparison] = {}
    rules = fitted.holdout["rules_score"]
    if rules.null_count() < fitted.holdout.height:
        rules_score = rules.fill_null(rules.min()).to_numpy().astype(np.float64)
        evaluations.append(_evaluate("rules", y, rules_score, probability=False))
        comparisons = {
            "logistic_regression": compare_aucs(y, fitted.p_logit, rules_score),
            "gradient_boosting": compare_aucs(y, fitted.p_tree, rules_score),
        }
    return evaluations, comparisons


def run_model(
    data: ModelData,
    *,
    split: date | None = None,
    include: Iterable[str] = (),
    exclude: Iterable[str] = (),
    seed: int = 0,
) -> ModelResult:
    """Screen the columns, fit both models, judge them on the holdout, make the scorecard.

    Args:
        data: from :func:`~analytics.metrics.model.data.prepare_workspace` or
            :func:`~analytics.metrics.model.data.frame_data`.
        split: first test month (out-of-time validation); default: leaving ~25% for the test.
        include: flagged columns to use anyway (outcome columns never are).
        exclude: columns not to use.
        seed: seed of folds, regularisation search and the challenger.

    Returns:
        :class:`~analytics.metrics.model.results.ModelResult`.

    Raises:
        InputError: too few conversions to learn from, or a split with no leads on a side.
    """
    frame = data.frame
    y_all = frame["target"].to_numpy().astype(bool)
    if int(y_all.sum()) < MIN_TRAIN_CONVERSIONS or int((~y_all).sum()) < MIN_TRAIN_CONVERSIONS:
        raise _too_few(data.outcome, frame["target"])
    train_mask, test_mask, validation = split_rows(data, split=split)
    screened, flagged, columns = _screen(
        data,
        train_mask if test_mask is not None else None,
        include=include,
        exclude=exclude,
        seed=seed,
    )
    fitted = (
        _fit_out_of_time(data, train_mask, test_mask, columns, seed=seed)
        if test_mask is not None
        else _fit_cross_validated(data, train_mask, columns, seed=seed)
    )
    y = fitted.holdout["target"].to_numpy().astype(bool)
    enough = int(y.sum()) >= MIN_TEST_CONVERSIONS and int((~y).sum()) >= MIN_TEST_CONVERSIONS
    validation = dataclasses.replace(validation, enough=enough)
    evaluations, comparisons = _judge(fitted, y)
    card = scorecard(fitted.logistic, fitted.design)
    criteria = scorecard_criteria(
        card, fitted.design, data.criteria, train=fitted.train, validation=validation
    )
    card_score = scorecard_scores(fitted.holdout, fitted.design, criteria)
    return ModelResult(
        outcome=data.outcome,
        validation=validation,
        train={"leads": fitted.train.height, "conversions": int(fitted.train["target"].sum())},
        test={"leads": fitted.holdout.height, "conversions": int(y.sum())},
        evaluations=tuple(evaluations),
        comparisons=comparisons,
        screened=screened,
        flagged=flagged,
        columns=tuple(columns),
        logistic=fitted.logistic,
        scorecard=card,
        scorecard_auc=auc(y, card_score),
        logistic_auc=auc(y, fitted.linear),
        criteria=criteria,
        base_rate=float(fitted.train["target"].mean() or 0.0),
        rule_labels={r.name: r.label for r in data.behaviours.values() if r.label},
    )
