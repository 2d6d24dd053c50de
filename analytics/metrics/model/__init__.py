r"""The model lab: predict won (or SQL) at the decision point, judged out of time, turned into points.

The package, in flow order: :mod:`~analytics.metrics.model.data` (the constants, the
model data of a workspace or a lead frame), :mod:`~analytics.metrics.model.coding`
(levels, bands and the design matrices), :mod:`~analytics.metrics.model.fitting` (the
logistic regression and the challenger), :mod:`~analytics.metrics.model.validation`
(out of time or k-fold), :mod:`~analytics.metrics.model.results` (each score judged on
the holdout, the result), :mod:`~analytics.metrics.model.scorecard` (model → points →
criteria) and :mod:`~analytics.metrics.model.run` (:func:`run_model`, step by step).
Everything a page, the CLI or a test uses is importable from here.

What it does (DESIGN §5, issue 15):

- **Data** (:func:`prepare_workspace`): one row per lead with its outcome (won by
  default, or SQL: reached SQL, an opportunity or a win — the funnel's
  :func:`~analytics.metrics.funnel.outcome_expr`; a lead-level ``converted`` flag
  also counts as won), its attributes, and its behaviour **as of its own decision
  point** — the hand-off to sales (the replay's ``decision_at``) — from
  :func:`~analytics.scoring.decision_features.build_decision_features`: one
  decayed count per engagement rule of the criteria, never behaviour after the
  hand-off. Leads too young for their outcome to be known are left out
  (**immature**: created less than the 90th percentile of the lead→outcome time
  before the data's end), and counted.
- **Leak guard** (:mod:`analytics.metrics.leakguard`): outcome columns are never
  read; columns that alone predict the outcome implausibly well or are filled
  mostly for leads sales already worked are flagged and left out unless included.
- **Models**: a logistic regression (statsmodels; odds ratios with 95% intervals
  and p-values) — L1-regularised (``fit_regularized``, strength chosen by 3-fold
  cross-validation on the training leads) when there are fewer than
  :data:`EVENTS_PER_PARAMETER` events per parameter, or when the plain fit does
  not converge — and a gradient-boosted challenger (scikit-learn's
  ``HistGradientBoostingClassifier``), which can find interactions the rules miss.
  Attributes are coded once on the training leads: text values with at least
  :data:`MIN_LEVEL_N` leads (at most :data:`MAX_LEVELS` per column) keep their own
  level, the rest are ``(other)``, missing is ``(none)``; numbers are cut into
  bands (the profile's employee and revenue bands, else quintiles; bands under
  ``MIN_LEVEL_N`` leads merge with a neighbour). A behaviour counts up to its
  rule's cap (in occurrences).
- **Validation** (:class:`Validation`): **out of time** when leads have creation
  dates in at least two months — train on the months before the split, test on the
  newest (default split: the month that leaves closest to 25% of the leads for the
  test; or the user's ``--split YYYY-MM``); otherwise **stratified 5-fold**
  cross-validation (each lead predicted by a model that never saw it). The result
  says which and why.
- **On the holdout**: AUC with a 95% DeLong interval, gains by decile, MadKudu's
  check (the top quarter of leads should capture ≥ 60% of conversions; the top
  quarter should convert ≥ 10× the bottom quarter), calibration by decile and the
  Brier score; the rules' score (the replay's ``peak_total``: the agreed criteria's
  score at the decision point) on the same leads, with DeLong's paired test of each
  model's AUC against it.
- **Minimum data**: accuracy is claimed only when the holdout has at least
  :data:`MIN_TEST_CONVERSIONS` conversions and as many non-conversions; below it
  the result says how many there are and shows no accuracy figure.
- **Model → points** (:func:`scorecard_criteria`): each logistic coefficient
  times ``PDO / ln 2`` (``PDO`` = :data:`POINTS_TO_DOUBLE` points double the odds),
  shifted so each attribute's lowest value gets 0, rounded to
  :data:`ROUND_TO`; a behaviour gets points per occurrence with its cap. The AUC
  of the rounded scorecard on the holdout is reported beside the model's (the AUC
  lost by rounding), and the scorecard becomes a :class:`Criteria` (fit rules from
  the attribute points, engagement rules from the behaviour points, the MQL
  threshold at the same share of leads as the base criteria's MQLs) that
  :func:`~analytics.criteria.document.save_draft` stores for the agreement workflow.
"""

from __future__ import annotations

from analytics.metrics.evaluation import GAIN_SHARES
from analytics.metrics.model.coding import (
    Coding,
    Design,
    band_labels,
    design_frame,
    learn_coding,
    learn_design,
    level_expr,
    logistic_matrix,
    tree_matrix,
)
from analytics.metrics.model.data import (
    EVENTS_PER_PARAMETER,
    FLAGGED_SHARE,
    FOLDS,
    MATURITY_QUANTILE,
    MAX_LEVELS,
    MIN_LEVEL_N,
    MIN_TEST_CONVERSIONS,
    MIN_TRAIN_CONVERSIONS,
    MODEL_NAMES,
    NONE_LEVEL,
    OTHER_LEVEL,
    OUTCOMES,
    PER_OCCURRENCE,
    POINTS_TO_DOUBLE,
    RESERVED,
    ROUND_TO,
    TEST_SHARE,
    ModelData,
    candidate_attributes,
    frame_data,
    maturity_days,
    outcome_time_expr,
    prepare_workspace,
    target_expr,
)
from analytics.metrics.model.fitting import (
    LogisticFit,
    choose_alpha,
    fit_challenger,
    fit_logistic,
)
from analytics.metrics.model.results import Evaluation, ModelResult, madkudu_check
from analytics.metrics.model.run import run_model
from analytics.metrics.model.scorecard import (
    base_rule,
    round_points,
    save_scorecard,
    scorecard,
    scorecard_criteria,
    scorecard_scores,
)
from analytics.metrics.model.validation import Validation, default_split, split_rows

__all__ = [
    "EVENTS_PER_PARAMETER",
    "FLAGGED_SHARE",
    "FOLDS",
    "GAIN_SHARES",
    "MATURITY_QUANTILE",
    "MAX_LEVELS",
    "MIN_LEVEL_N",
    "MIN_TEST_CONVERSIONS",
    "MIN_TRAIN_CONVERSIONS",
    "MODEL_NAMES",
    "NONE_LEVEL",
    "OTHER_LEVEL",
    "OUTCOMES",
    "PER_OCCURRENCE",
    "POINTS_TO_DOUBLE",
    "RESERVED",
    "ROUND_TO",
    "TEST_SHARE",
    "Coding",
    "Design",
    "Evaluation",
    "LogisticFit",
    "ModelData",
    "ModelResult",
    "Validation",
    "band_labels",
    "base_rule",
    "candidate_attributes",
    "choose_alpha",
    "default_split",
    "design_frame",
    "fit_challenger",
    "fit_logistic",
    "frame_data",
    "learn_coding",
    "learn_design",
    "level_expr",
    "logistic_matrix",
    "madkudu_check",
    "maturity_days",
    "outcome_time_expr",
    "prepare_workspace",
    "round_points",
    "run_model",
    "save_scorecard",
    "scorecard",
    "scorecard_criteria",
    "scorecard_scores",
    "split_rows",
    "target_expr",
    "tree_matrix",
]
