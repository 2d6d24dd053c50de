r"""The model lab: predict won (or SQL) at the decision point, judged out of time, turned into points.

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

import dataclasses
import math
import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

import numpy as np
import polars as pl
from threadpoolctl import threadpool_limits

from analytics.criteria import Band, Criteria, EngagementRule, FitRule, save_draft
from analytics.errors import InputError
from analytics.metrics import leakguard
from analytics.metrics.evaluation import (
    GAIN_SHARES,
    AucComparison,
    AucResult,
    auc,
    auc_with_ci,
    brier,
    calibration_table,
    captured_at,
    compare_aucs,
    gains_table,
    segment_rates,
)
from analytics.metrics.funnel import outcome_expr
from analytics.metrics.profile import BAND_ATTRIBUTES
from analytics.scoring.decision_features import build_decision_features
from analytics.scoring.features import Features, eng_column, fit_index_expr
from analytics.scoring.points import score_features
from analytics.scoring.replay import CRM_COLUMNS, LIFECYCLE_COLUMNS, Replay, replay
from analytics.store.db import Workspace
from analytics.text import format as fmt

OUTCOMES: tuple[str, ...] = ("won", "sql")
MIN_TEST_CONVERSIONS = 30
"""Fewest conversions (and non-conversions) in the holdout for any accuracy claim."""
MIN_TRAIN_CONVERSIONS = 10
"""Fewest conversions in the training leads for a model to be fit at all."""
EVENTS_PER_PARAMETER = 10
"""Below this many events (the rarer class) per parameter the logistic fit is regularised."""
TEST_SHARE = 0.25
FOLDS = 5
MIN_LEVEL_N = 20
MAX_LEVELS = 12
POINTS_TO_DOUBLE = 20.0
ROUND_TO = 5.0
MATURITY_QUANTILE = 0.9
FLAGGED_SHARE = 0.25
"""MadKudu's check looks at the top quarter of leads (in the middle of its 15–35% band)."""
MODEL_NAMES: tuple[str, ...] = ("logistic_regression", "gradient_boosting")
NONE_LEVEL = "(none)"
OTHER_LEVEL = "(other)"
PER_OCCURRENCE = "per occurrence"
_NUMERIC_EDGES = {column: edges for column, edges in BAND_ATTRIBUTES.values()}
# What the replay adds to a lead: never an attribute of a model (nor shown as a candidate).
_REPLAY_COLUMNS = frozenset(LIFECYCLE_COLUMNS) | frozenset(CRM_COLUMNS) | {"fit", "engagement"}
# The model frame's own columns (a lead column of the same name is not an attribute).
RESERVED = frozenset({"lead_id", "created_at", "target", "touched", "rules_score", "is_mql"})


# --------------------------------------------------------------------------- data
@dataclass(frozen=True)
class ModelData:
    """What a model is learnt from: one row per (mature) lead.

    Attributes:
        frame: ``lead_id``, ``created_at`` (may be null), ``target`` (bool),
            ``touched`` (bool: sales worked the lead), ``rules_score`` (the agreed
            criteria's score at the decision point, or null), ``is_mql``, the
            candidate attribute columns and one ``eng:<rule>`` per behaviour.
        outcome: ``won`` or ``sql``.
        attributes: candidate attribute columns (outcome columns included: the
            leak guard shows and excludes them).
        behaviours: ``eng:<rule>`` column -> the engagement rule it counts.
        criteria: the criteria whose rules define the behaviours and the rules' score.
        as_of: the data's end.
        immature: leads left out because their outcome cannot be known yet.
        maturity_days: the lead→outcome time that makes a lead mature (None: no cut).
    """

    frame: pl.DataFrame
    outcome: str
    attributes: tuple[str, ...]
    behaviours: dict[str, EngagementRule] = field(default_factory=dict)
    criteria: Criteria | None = None
    as_of: datetime | None = None
    immature: int = 0
    maturity_days: float | None = None


def _check_outcome(outcome: str) -> None:
    if outcome not in OUTCOMES:
        raise InputError.make("model.err_outcome", value=outcome, valid=", ".join(OUTCOMES))


def target_expr(outcome: str, columns: Sequence[str]) -> pl.Expr:
    """The outcome of a replayed lead: the funnel's stage reached, or the lead's own ``converted``.

    Example:
        >>> f = pl.DataFrame({"is_won": [False, False], "sql_at": [None, None],
        ...     "opportunity_at": [None, None], "mql_at": [None, None], "converted": [True, False]})
        >>> f.select(target_expr("won", f.columns)).to_series().to_list()
        [True, False]
    """
    _check_outcome(outcome)
    expr = outcome_expr(outcome).fill_null(False)
    if "converted" in columns:
        expr = expr | pl.col("converted").cast(pl.Boolean, strict=False).fill_null(False)
    return expr.alias("target")


def outcome_time_expr(outcome: str) -> pl.Expr:
    """When a converted lead's outcome happened (won: the win; SQL: SQL, else opportunity, else win).

    Example:
        >>> from datetime import datetime as dt
        >>> f = pl.DataFrame({"sql_at": [None], "opportunity_at": [dt(2025, 2, 1)], "won_at": [None]})
        >>> f.select(outcome_time_expr("sql")).item()
        datetime.datetime(2025, 2, 1, 0, 0)
    """
    if outcome == "won":
        return pl.col("won_at")
    return pl.coalesce("sql_at", "opportunity_at", "won_at")


def maturity_days(leads: pl.DataFrame, outcome: str) -> float | None:
    """The :data:`MATURITY_QUANTILE` of days from creation to the outcome, over converted leads.

    Example:
        >>> from datetime import datetime as dt
        >>> f = pl.DataFrame({"created_at": [dt(2025, 1, 1)] * 2, "won_at": [dt(2025, 1, 11), None],
        ...     "target": [True, False]})
        >>> maturity_days(f, "won")
        10.0
    """
    if "created_at" not in leads.columns:
        return None
    lag = (
        leads.filter(pl.col("target"))
        .select(
            ((outcome_time_expr(outcome) - pl.col("created_at")).dt.total_seconds() / 86400).alias(
                "d"
            )
        )
        .filter(pl.col("d") >= 0)["d"]
    )
    if lag.is_empty():
        return None
    return float(lag.quantile(MATURITY_QUANTILE, interpolation="linear"))


def candidate_attributes(leads: pl.DataFrame) -> list[str]:
    """Lead columns a model could read as attributes (not the replay's own columns).

    Example:
        >>> candidate_attributes(pl.DataFrame({"lead_id": ["a"], "industry": ["IT"], "is_won": [True],
        ...     "status": ["受注"]}))
        ['industry', 'status']
    """
    usable = leakguard.attribute_columns(leads)
    return [c for c in usable if c not in _REPLAY_COLUMNS | RESERVED and c != "peak_total"]


def prepare_workspace(
    ws: Workspace,
    criteria: Criteria,
    *,
    outcome: str = "won",
    replayed: Replay | None = None,
) -> ModelData:
    """The model data of a workspace: outcome, attributes and decision-point behaviour per lead.

    Args:
        ws: the workspace.
        criteria: the criteria whose engagement rules are the behaviours and whose
            score at the decision point is the rules' score.
        outcome: ``won`` (default) or ``sql``.
        replayed: the replay of ``criteria`` (computed when not given).

    Returns:
        :class:`ModelData` of the mature leads.

    Raises:
        InputError: unknown outcome.

    Example:
        >>> from analytics.criteria import default_criteria
        >>> prepare_workspace(Workspace.open(":memory:"), default_criteria()).frame.height
        0
    """
    _check_outcome(outcome)
    replayed = replayed if replayed is not None else replay(ws, criteria)
    leads = replayed.leads
    as_of = replayed.as_of
    contact = (
        pl.col("first_contact_at").is_not_null()
        if "first_contact_at" in leads.columns
        else pl.lit(False)
    )
    leads = leads.with_columns(
        target_expr(outcome, leads.columns),
        ((pl.col("decision_at") < as_of).fill_null(False) | contact).alias("touched"),
        pl.col("peak_total").fill_null(pl.col("total")).alias("rules_score"),
        pl.col("mql_at").is_not_null().alias("is_mql"),
    )
    lag = maturity_days(leads, outcome)
    mature = leads
    if lag is not None:
        cutoff = as_of - timedelta(days=lag)
        mature = leads.filter(pl.col("created_at").is_null() | (pl.col("created_at") <= cutoff))
    attributes = candidate_attributes(replayed.leads)
    features = build_decision_features(
        ws, criteria, mature.select("lead_id", cut=pl.col("decision_at"))
    )
    behaviours = {eng_column(r): r for r in criteria.engagement_rules}
    frame = mature.select(
        "lead_id", "created_at", "target", "touched", "rules_score", "is_mql", *attributes
    ).join(
        features.frame.select("lead_id", *behaviours),
        on="lead_id",
        how="left",
        maintain_order="left",
    )
    return ModelData(
        frame=frame.with_columns(pl.col(list(behaviours)).fill_null(0.0)) if behaviours else frame,
        outcome=outcome,
        attributes=tuple(attributes),
        behaviours=behaviours,
        criteria=criteria,
        as_of=as_of,
        immature=leads.height - mature.height,
        maturity_days=lag,
    )


def frame_data(
    frame: pl.DataFrame,
    *,
    target: str,
    created: str | None = None,
    touched: str | None = None,
    attributes: Sequence[str] | None = None,
    outcome: str = "won",
) -> ModelData:
    """Model data from a plain lead frame (a leads-only export with an outcome flag, say).

    Args:
        frame: one row per lead.
        target: the outcome column (boolean or 0/1).
        created: the creation-time column, if any (enables out-of-time validation).
        touched: a boolean column saying whether sales worked the lead, if any.
        attributes: candidate columns (default: every attribute-like column but the target).
        outcome: the outcome's name (for labels).

    Example:
        >>> d = frame_data(pl.DataFrame({"Converted": [1, 0], "industry": ["IT", "x"]}), target="Converted")
        >>> d.attributes, d.frame["target"].to_list()
        (('industry',), [True, False])
    """
    used = {target, created, touched} | RESERVED
    if attributes is None:
        attributes = [c for c in leakguard.attribute_columns(frame) if c not in used]
    lead_id = (
        pl.col("lead_id").cast(pl.String)
        if "lead_id" in frame.columns
        else pl.int_range(pl.len()).cast(pl.String)
    )
    out = frame.select(
        lead_id.alias("lead_id"),
        (
            pl.col(created).cast(pl.Datetime("us")) if created else pl.lit(None, pl.Datetime("us"))
        ).alias("created_at"),
        pl.col(target).cast(pl.Boolean, strict=False).fill_null(False).alias("target"),
        (pl.col(touched).cast(pl.Boolean) if touched else pl.lit(None, pl.Boolean)).alias(
            "touched"
        ),
        pl.lit(None, pl.Float64).alias("rules_score"),
        pl.lit(None, pl.Boolean).alias("is_mql"),
        *[pl.col(c) for c in attributes if c not in ("lead_id", "created_at")],
    )
    return ModelData(frame=out, outcome=outcome, attributes=tuple(attributes))


# --------------------------------------------------------------------------- coding
@dataclass(frozen=True)
class Coding:
    """How one attribute becomes model terms (learnt on the training leads).

    ``kind`` is ``values`` (text: ``levels`` are the kept values, ``(other)`` and
    ``(none)`` where present) or ``bands`` (numbers: ``edges`` are the inner band
    edges; ``levels`` are band labels in order, then ``(none)``). ``reference`` is
    the most frequent level (its terms are 0); ``fallback`` is where a value that
    is not a level goes.
    """

    column: str
    kind: str
    levels: tuple[str, ...]
    reference: str
    fallback: str
    edges: tuple[float, ...] = ()
    raw: bool = False  # the challenger reads the raw number (else the level)


def band_labels(edges: Sequence[float]) -> list[str]:
    """Band labels from inner edges (``<10``, ``10–49``, ``50+``).

    Example:
        >>> band_labels([10, 50])
        ['<10', '10–49', '50+']
    """
    bounds = [None, *edges, None]
    return [fmt.band(bounds[i], bounds[i + 1]) for i in range(len(edges) + 1)]


def _band_index(column: str, edges: Sequence[float]) -> pl.Expr:
    value = pl.col(column).cast(pl.Float64, strict=False)
    index = pl.lit(0, pl.Int32)
    for edge in edges:
        index = index + (value >= edge).cast(pl.Int32)
    return pl.when(value.is_null() | value.is_nan()).then(None).otherwise(index)


def _text(column: str) -> pl.Expr:
    text = pl.col(column).cast(pl.String).str.strip_chars()
    return pl.when(text.is_null() | (text == "")).then(pl.lit(NONE_LEVEL)).otherwise(text)


def learn_coding(train: pl.DataFrame, column: str, *, min_n: int = MIN_LEVEL_N) -> Coding:
    """Learn the levels (or bands) of one attribute on the training leads.

    Example:
        >>> f = pl.DataFrame({"industry": ["IT"] * 30 + ["Retail"] * 25 + ["Farm"] * 2 + [None] * 21})
        >>> c = learn_coding(f, "industry")
        >>> c.levels, c.reference, c.fallback
        (('IT', 'Retail', '(none)'), 'IT', 'IT')
        >>> learn_coding(pl.DataFrame({"employees": list(range(0, 200, 2))}), "employees").levels
        ('<50', '50–99', '100+')
    """
    dtype = train.schema[column]
    if dtype.is_numeric() and dtype != pl.Boolean:
        values = train[column].cast(pl.Float64).drop_nulls().drop_nans()
        if column in _NUMERIC_EDGES:
            edges = list(_NUMERIC_EDGES[column])
        elif values.n_unique() > 5:
            edges = sorted({float(q) for q in np.quantile(values.to_numpy(), [0.2, 0.4, 0.6, 0.8])})
        else:
            edges = sorted(float(v) for v in values.unique().to_list())[1:]
        counts = np.bincount(
            np.searchsorted(edges, values.to_numpy(), side="right"), minlength=len(edges) + 1
        )
        merged = [*edges]
        i = 0  # merge a band under min_n with the band above it (the last one with the one below)
        while len(merged) and i < len(counts):
            if counts[i] < min_n and len(counts) > 1:
                j = i if i < len(counts) - 1 else i - 1
                counts = np.concatenate([counts[:j], [counts[j] + counts[j + 1]], counts[j + 2 :]])
                del merged[j]
                i = j  # look at the merged band again
                continue
            i += 1
        labels = band_labels(merged)
        present = [lab for lab, n in zip(labels, counts, strict=True) if n > 0] or labels[:1]
        n_none = int(
            train[column].cast(pl.Float64).is_null().sum()
            + train[column].cast(pl.Float64).is_nan().sum()
        )
        levels = [*labels] + ([NONE_LEVEL] if n_none >= min_n else [])
        sizes = dict(zip(labels, counts.tolist(), strict=True)) | {NONE_LEVEL: n_none}
        reference = max(present, key=lambda lab: sizes[lab])
        raw = values.n_unique() >= 2
        return Coding(column, "bands", tuple(levels), reference, reference, tuple(merged), raw)
    counts = (
        train.select(_text(column).alias("v"))
        .group_by("v")
        .agg(n=pl.len())
        .sort(["n", "v"], descending=[True, False])
    )
    kept = counts.filter((pl.col("n") >= min_n) & (pl.col("v") != OTHER_LEVEL)).head(MAX_LEVELS)
    levels = kept["v"].to_list()
    rest = int(counts["n"].sum() - kept["n"].sum())
    if not levels:
        levels = [counts["v"][0]] if counts.height else [NONE_LEVEL]
    reference = levels[0]
    fallback = reference
    if rest >= min_n:
        levels.append(OTHER_LEVEL)
        fallback = OTHER_LEVEL
    return Coding(column, "values", tuple(levels), reference, fallback)


def level_expr(coding: Coding) -> pl.Expr:
    """The level of each lead under ``coding`` (as text), named after the column.

    Example:
        >>> c = Coding("industry", "values", ("IT", "(other)"), "IT", "(other)")
        >>> pl.DataFrame({"industry": ["IT", "Farm", None]}).select(level_expr(c)).to_series().to_list()
        ['IT', '(other)', '(other)']
    """
    if coding.kind == "bands":
        labels = band_labels(coding.edges)
        index = _band_index(coding.column, coding.edges)
        none = NONE_LEVEL if NONE_LEVEL in coding.levels else coding.fallback
        return (
            pl.when(index.is_null())
            .then(pl.lit(none))
            .otherwise(
                index.replace_strict(list(range(len(labels))), labels, return_dtype=pl.String)
            )
            .alias(coding.column)
        )
    text = _text(coding.column)
    return (
        pl.when(text.is_in(list(coding.levels)))
        .then(text)
        .otherwise(pl.lit(coding.fallback))
        .alias(coding.column)
    )


@dataclass(frozen=True)
class Design:
    """The model terms: attribute codings and behaviour caps, learnt on the training leads."""

    codings: tuple[Coding, ...]
    behaviours: tuple[tuple[str, float], ...]  # (eng column, cap in occurrences)

    @property
    def terms(self) -> list[tuple[str, str, str]]:
        """(name, source column, level or "per occurrence") of every logistic term, in order."""
        out = [
            (f"{c.column}={level}", c.column, level)
            for c in self.codings
            for level in c.levels
            if level != c.reference
        ]
        return out + [(column, column, PER_OCCURRENCE) for column, _ in self.behaviours]


def learn_design(
    train: pl.DataFrame,
    attributes: Sequence[str],
    behaviours: dict[str, EngagementRule],
    *,
    min_n: int = MIN_LEVEL_N,
) -> Design:
    """Codings of the attributes and caps (in occurrences) of the behaviours, from the training leads.

    A behaviour's cap is its rule's ``cap / |points|`` occurrences, else the 99th
    percentile of its counts (at least 1). Behaviours nobody did are left out.

    Example:
        >>> train = pl.DataFrame({"industry": ["IT"] * 25, "eng:web": [0.0] * 20 + [3.0] * 5})
        >>> d = learn_design(train, ["industry"], {"eng:web": EngagementRule("web", 10.0, cap=20.0)})
        >>> d.behaviours, d.terms
        ((('eng:web', 2.0),), [('eng:web', 'eng:web', 'per occurrence')])
    """
    codings = tuple(learn_coding(train, c, min_n=min_n) for c in attributes)
    seen = train.select([level_expr(c).n_unique() for c in codings]).row(0) if codings else ()
    codings = tuple(c for c, n in zip(codings, seen, strict=True) if n > 1)  # constant: no term
    caps = []
    for column, rule in behaviours.items():
        values = train[column].cast(pl.Float64).fill_null(0.0)
        if values.max() is None or float(values.max() or 0.0) <= 0:
            continue
        if rule.cap is not None and rule.points:
            k = rule.cap / abs(rule.points)
        else:
            k = max(1.0, float(values.quantile(0.99) or 1.0))
        caps.append((column, float(k)))
    return Design(codings, tuple(caps))


def design_frame(frame: pl.DataFrame, design: Design) -> pl.DataFrame:
    """Each lead's level per attribute and capped count per behaviour.

    Example:
        >>> d = Design((Coding("industry", "values", ("IT", "(other)"), "IT", "(other)"),), (("eng:web", 2.0),))
        >>> design_frame(pl.DataFrame({"industry": ["Farm"], "eng:web": [5.0]}), d).row(0)
        ('(other)', 2.0)
    """
    return frame.select(
        *[level_expr(c) for c in design.codings],
        *[
            pl.col(column).cast(pl.Float64).fill_null(0.0).clip(0.0, cap).alias(column)
            for column, cap in design.behaviours
        ],
    )


def logistic_matrix(levels: pl.DataFrame, design: Design) -> np.ndarray:
    """The logistic regression's matrix (no constant): one 0/1 column per non-reference level, counts.

    Example:
        >>> d = Design((Coding("i", "values", ("a", "b"), "a", "a"),), (("eng:w", 2.0),))
        >>> logistic_matrix(pl.DataFrame({"i": ["a", "b"], "eng:w": [1.0, 2.0]}), d).tolist()
        [[0.0, 1.0], [1.0, 2.0]]
    """
    columns = [
        (pl.col(source) == level).cast(pl.Float64).alias(name)
        for name, source, level in design.terms
        if level != PER_OCCURRENCE
    ]
    columns += [pl.col(c).cast(pl.Float64) for c, _ in design.behaviours]
    if not columns:
        return np.zeros((levels.height, 0))
    return levels.select(columns).to_numpy()


def tree_matrix(
    frame: pl.DataFrame, levels: pl.DataFrame, design: Design
) -> tuple[np.ndarray, list[bool]]:
    """The challenger's matrix: text levels as category codes, numbers raw (NaN when missing), counts.

    Returns:
        The matrix and, per column, whether it is categorical.
    """
    columns, categorical = [], []
    for coding in design.codings:
        if coding.raw:
            columns.append(
                pl.col(coding.column).cast(pl.Float64, strict=False).fill_null(float("nan"))
            )
            categorical.append(False)
        else:
            index = pl.col(coding.column).replace_strict(
                list(coding.levels), list(range(len(coding.levels))), return_dtype=pl.Float64
            )
            columns.append(index.alias(coding.column))
            categorical.append(True)
    source = (
        frame.select([c.column for c in design.codings if c.raw])
        .hstack(levels.select([c.column for c in design.codings if not c.raw]))
        .hstack(levels.select([c for c, _ in design.behaviours]))
    )
    columns += [pl.col(c) for c, _ in design.behaviours]
    categorical += [False] * len(design.behaviours)
    if not columns:
        return np.zeros((frame.height, 0)), []
    return source.select(columns).to_numpy(), categorical


# --------------------------------------------------------------------------- fitting
@dataclass(frozen=True)
class LogisticFit:
    """A fitted logistic regression: coefficients by term, and how it was fit."""

    intercept: float
    coefficients: pl.DataFrame  # term, source, level, coef, odds_ratio, ci_low, ci_high, p_value
    regularised: bool
    alpha: float | None
    reason: str  # "plain", "few_events" or "not_converged"

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
                C=c, l1_ratio=1.0, solver="liblinear", intercept_scaling=100.0, max_iter=500
            ).fit(x[rows], y[rows])

    folds = leakguard.fold_ids(pl.Series(y.astype(bool)), folds=3, seed=seed)
    best, best_loss = 1.0, math.inf
    for c in (0.003, 0.01, 0.03, 0.1, 0.3, 1.0):
        loss = 0.0
        for k in range(3):
            fit_rows, test_rows = folds != k, folds == k
            if y[fit_rows].min() == y[fit_rows].max():
                continue
            p = np.clip(fit(c, fit_rows).predict_proba(x[test_rows])[:, 1], 1e-9, 1 - 1e-9)
            loss -= float(np.sum(y[test_rows] * np.log(p) + (1 - y[test_rows]) * np.log(1 - p)))
        if loss < best_loss:
            best, best_loss = c, loss
    final = fit(best, np.ones(len(y), dtype=bool))
    return 1.0 / best, np.concatenate([final.intercept_, final.coef_[0]])


def fit_logistic(x: np.ndarray, y: np.ndarray, design: Design, *, seed: int = 0) -> LogisticFit:
    """statsmodels' logistic regression on a logistic matrix, regularised when the events are few.

    Plain ``Logit.fit`` when there are at least :data:`EVENTS_PER_PARAMETER` events
    (the rarer class) per term and it converges; otherwise ``fit_regularized``
    (L1, strength from :func:`choose_alpha`, the constant unpenalised).
    """
    import statsmodels.api as sm

    terms = design.terms
    xc = np.column_stack([np.ones(len(y)), x])
    events = int(min(y.sum(), len(y) - y.sum()))
    reason = "plain" if events >= EVENTS_PER_PARAMETER * max(len(terms), 1) else "few_events"
    result, alpha = None, None
    if reason == "plain":
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                fitted = sm.Logit(y, xc).fit(disp=0, maxiter=100)
                bse = np.asarray(fitted.bse)
                if (
                    fitted.mle_retvals.get("converged")
                    and np.all(np.isfinite(bse))
                    and np.all(np.abs(fitted.params) < 15)
                ):
                    result = fitted
                else:
                    reason = "not_converged"
            except Exception:  # separation or a singular matrix: regularise instead
                reason = "not_converged"
    if result is None:
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
    return LogisticFit(float(params[0]), coefficients, reason != "plain", alpha, reason)


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


def _predict_tree(model: Any, x: np.ndarray) -> np.ndarray:
    if x.shape[1] == 0:
        x = np.zeros((x.shape[0], 1))
    with threadpool_limits(limits=1):
        return model.predict_proba(x)[:, 1]


# --------------------------------------------------------------------------- validation
@dataclass(frozen=True)
class Validation:
    """How the models were judged and why.

    ``method`` is ``out_of_time`` (``split``: the first test month) or
    ``stratified_kfold`` (``folds``); ``reason`` is a code (``dated``, ``user_split``,
    ``no_dates``, ``one_month``) and ``text`` its English sentence.
    """

    method: str
    split: date | None
    folds: int | None
    reason: str
    text: str
    immature: int
    maturity_days: float | None
    min_conversions: int
    enough: bool

    def to_dict(self) -> dict[str, Any]:
        """The JSON form (the ``validation`` key of ``model --format json``)."""
        return {
            "method": self.method,
            "split": None if self.split is None else f"{self.split:%Y-%m}",
            "folds": self.folds,
            "reason": self.reason,
            "text": self.text,
            "immature_leads": self.immature,
            "maturity_days": None if self.maturity_days is None else round(self.maturity_days, 1),
            "min_conversions": self.min_conversions,
            "enough_data": self.enough,
        }


def default_split(created: pl.Series, *, share: float = TEST_SHARE) -> date | None:
    """The month whose start leaves closest to ``share`` of the dated leads for the test.

    Example:
        >>> from datetime import datetime as dt
        >>> s = pl.Series([dt(2025, m, 1) for m in (1, 1, 2, 2, 3, 3, 4, 4)])
        >>> default_split(s)
        datetime.date(2025, 4, 1)
        >>> default_split(pl.Series([dt(2025, 1, 1)])) is None
        True
    """
    months = (
        created.drop_nulls()
        .dt.date()
        .dt.truncate("1mo")
        .value_counts(name="n")
        .sort(created.name or "")
    )
    if months.height < 2:
        return None
    month_col = months.columns[0]
    total = int(months["n"].sum())
    test_share = (total - months["n"].cum_sum() + months["n"]) / total
    candidates = months.with_columns(test=test_share).slice(1)
    best = (
        candidates.with_columns(gap=(pl.col("test") - share).abs())
        .sort("gap", month_col)
        .row(0, named=True)
    )
    return best[month_col]


def split_rows(
    data: ModelData, *, split: date | None = None
) -> tuple[np.ndarray, np.ndarray | None, Validation]:
    """Which leads train and which test (or the fold of each lead), and the validation used.

    Returns:
        ``(train, test, validation)`` — boolean masks for out of time; for k-fold
        ``train`` holds each lead's fold number and ``test`` is None.

    Raises:
        InputError: ``split`` leaves no dated lead on one side.
    """
    created = data.frame["created_at"]
    dated = created.is_not_null().to_numpy()
    months = created.drop_nulls().dt.date().dt.truncate("1mo").n_unique() if dated.any() else 0
    common = {
        "immature": data.immature,
        "maturity_days": data.maturity_days,
        "min_conversions": MIN_TEST_CONVERSIONS,
    }
    if split is not None:
        first = split.replace(day=1)
        month = created.dt.date().dt.truncate("1mo").to_numpy()
        test = dated & (month >= np.datetime64(first))
        train = ~test
        if not test.any() or not (dated & train).any():
            raise InputError.make(
                "model.err_split",
                value=f"{first:%Y-%m}",
                first=f"{created.min():%Y-%m}" if dated.any() else "-",
                last=f"{created.max():%Y-%m}" if dated.any() else "-",
            )
        text = f"out of time: trained on leads created before {first:%Y-%m} (the split you chose), tested on the leads created from then on"
        return (
            train,
            test,
            Validation("out_of_time", first, None, "user_split", text, enough=False, **common),
        )
    if months >= 2:
        first = default_split(created)
        assert first is not None
        month = created.dt.date().dt.truncate("1mo").to_numpy()
        test = dated & (month >= np.datetime64(first))
        text = (
            f"out of time: trained on leads created before {first:%Y-%m}, tested on the newest "
            f"({test.mean():.0%} of the leads) — how the model would have done going forward"
        )
        return (
            ~test,
            test,
            Validation("out_of_time", first, None, "dated", text, enough=False, **common),
        )
    reason = "no_dates" if months == 0 else "one_month"
    text = (
        "stratified 5-fold cross-validation: "
        + (
            "the leads have no creation dates"
            if months == 0
            else "all leads were created in one month"
        )
        + ", so no newer period can be held out; each lead is predicted by a model that never saw it"
    )
    folds = leakguard.fold_ids(data.frame["target"], folds=FOLDS)
    return (
        folds,
        None,
        Validation("stratified_kfold", None, FOLDS, reason, text, enough=False, **common),
    )


# --------------------------------------------------------------------------- results
@dataclass(frozen=True)
class Evaluation:
    """One score judged on the holdout."""

    name: str
    auc: AucResult
    brier: float | None
    gains: pl.DataFrame
    calibration: pl.DataFrame | None
    check: dict[str, Any]


@dataclass(frozen=True)
class ModelResult:
    """Everything the model lab shows (see the module docstring)."""

    outcome: str
    validation: Validation
    train: dict[str, int]
    test: dict[str, int]
    evaluations: tuple[
        Evaluation, ...
    ]  # the two models, then the rules (when there is a rules score)
    comparisons: dict[str, AucComparison]  # model name -> model vs rules
    screened: pl.DataFrame
    flagged: list[dict[str, Any]]
    columns: tuple[str, ...]
    logistic: LogisticFit
    scorecard: pl.DataFrame  # rule, value, points, kind, source
    scorecard_auc: float
    logistic_auc: float
    criteria: Criteria | None
    base_rate: float
    rule_labels: dict[str, str] = field(default_factory=dict)  # behaviour rule -> its label

    @property
    def rounding_loss(self) -> float:
        """AUC of the logistic model minus that of its rounded scorecard (on the holdout)."""
        return self.logistic_auc - self.scorecard_auc

    def evaluation(self, name: str) -> Evaluation | None:
        """The evaluation called ``name`` (a model name or ``rules``)."""
        return next((e for e in self.evaluations if e.name == name), None)

    def to_json(self) -> dict[str, Any]:
        """``model --format json``: the issue's keys; accuracy figures are null below the floor."""
        enough = self.validation.enough

        def number(value: float | None) -> float | None:
            if value is None or not enough or math.isnan(value):
                return None
            return round(float(value), 4)

        rules = self.evaluation("rules")
        return {
            "outcome": self.outcome,
            "validation": self.validation.to_dict(),
            "train": self.train,
            "test": self.test,
            "models": [
                {
                    "name": e.name,
                    "auc": number(e.auc.auc),
                    "auc_ci_low": number(e.auc.ci_low),
                    "auc_ci_high": number(e.auc.ci_high),
                    "brier": number(e.brier),
                    "gains": [
                        {"share": round(s, 2), "captured": number(c)}
                        for s, c in e.gains.select("share", "captured").iter_rows()
                    ]
                    if enough
                    else [],
                }
                for e in self.evaluations
                if e.name in MODEL_NAMES
            ],
            "rules_auc": number(rules.auc.auc) if rules else None,
            "flagged": self.flagged,
            "scorecard": [
                {"rule": r, "value": v, "points": p}
                for r, v, p in self.scorecard.select("rule", "value", "points").iter_rows()
            ],
        }


def madkudu_check(
    y: np.ndarray, score: np.ndarray, *, share: float = FLAGGED_SHARE
) -> dict[str, Any]:
    """MadKudu's rule of thumb on the top ``share`` of leads by score.

    A good model flags 15–35% of leads capturing ≥ 60% of conversions, and its top
    segment converts ≥ 10× its low one (here: top vs bottom quarter).

    Example:
        >>> y = np.array([1] * 6 + [0] * 14 + [0] * 20)
        >>> c = madkudu_check(y, np.arange(40)[::-1].astype(float))
        >>> c["captured"], c["passes_capture"], c["passes_ratio"]
        (1.0, True, True)
    """
    captured = float(captured_at(y, score, np.array([share]))[0])
    top, bottom = segment_rates(y, score, top=share, bottom=share)
    ratio = math.inf if bottom == 0 and top > 0 else (top / bottom if bottom else math.nan)
    return {
        "share_flagged": share,
        "captured": captured,
        "top_rate": top,
        "bottom_rate": bottom,
        "ratio": ratio,
        "passes_capture": captured >= 0.6,
        "passes_ratio": bool(ratio >= 10),
    }


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
    return logistic.probability(logistic_matrix(levels, design)), _predict_tree(challenger, x_tree)


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
        data: from :func:`prepare_workspace` or :func:`frame_data`.
        split: first test month (out-of-time validation); default: leaving ~25% for the test.
        include: flagged columns to use anyway (outcome columns never are).
        exclude: columns not to use.
        seed: seed of folds, regularisation search and the challenger.

    Returns:
        :class:`ModelResult`.

    Raises:
        InputError: too few conversions to learn from, or a split with no leads on a side.
    """
    frame = data.frame
    y_all = frame["target"].to_numpy().astype(bool)
    if int(y_all.sum()) < MIN_TRAIN_CONVERSIONS or int((~y_all).sum()) < MIN_TRAIN_CONVERSIONS:
        raise InputError.make(
            "model.err_too_few",
            outcome=data.outcome,
            conversions=int(y_all.sum()),
            leads=frame.height,
            needed=MIN_TRAIN_CONVERSIONS,
        )
    train_mask, test_mask, validation = split_rows(data, split=split)
    touched = "touched" if frame["touched"].null_count() < frame.height else None
    screen_rows = frame.filter(
        pl.Series(train_mask if test_mask is not None else np.ones(frame.height, bool))
    )
    screened = leakguard.screen_columns(
        screen_rows, target="target", columns=list(data.attributes), touched=touched, seed=seed
    )
    flagged = leakguard.find_leaks(
        screen_rows, target="target", columns=list(data.attributes), touched=touched, seed=seed
    )
    columns = leakguard.choose_columns(data.attributes, flagged, include=include, exclude=exclude)

    if test_mask is not None:
        train, test = frame.filter(pl.Series(train_mask)), frame.filter(pl.Series(test_mask))
        if int(train["target"].sum()) < MIN_TRAIN_CONVERSIONS:
            raise InputError.make(
                "model.err_too_few",
                outcome=data.outcome,
                conversions=int(train["target"].sum()),
                leads=train.height,
                needed=MIN_TRAIN_CONVERSIONS,
            )
        design, logistic, challenger = _fit_all(train, data, columns, seed=seed)
        p_logit, p_tree = _predict(test, design, logistic, challenger)
        holdout = test
        train_counts = {"leads": train.height, "conversions": int(train["target"].sum())}
        linear = logistic.linear(logistic_matrix(design_frame(test, design), design))
    else:
        folds = train_mask
        p_logit = np.zeros(frame.height)
        p_tree = np.zeros(frame.height)
        for k in range(FOLDS):
            inside = folds != k
            d, lg, ch = _fit_all(frame.filter(pl.Series(inside)), data, columns, seed=seed)
            a, b = _predict(frame.filter(pl.Series(~inside)), d, lg, ch)
            p_logit[~inside], p_tree[~inside] = a, b
        design, logistic, _ = _fit_all(frame, data, columns, seed=seed)
        holdout = frame
        train = frame
        train_counts = {"leads": frame.height, "conversions": int(frame["target"].sum())}
        # the scorecard comes from the fit on every lead: its rounding loss is measured there too
        linear = logistic.linear(logistic_matrix(design_frame(frame, design), design))

    y = holdout["target"].to_numpy().astype(bool)
    test_counts = {"leads": holdout.height, "conversions": int(y.sum())}
    enough = int(y.sum()) >= MIN_TEST_CONVERSIONS and int((~y).sum()) >= MIN_TEST_CONVERSIONS
    validation = dataclasses.replace(validation, enough=enough)
    evaluations = [
        _evaluate("logistic_regression", y, p_logit, probability=True),
        _evaluate("gradient_boosting", y, p_tree, probability=True),
    ]
    comparisons: dict[str, AucComparison] = {}
    rules = holdout["rules_score"]
    if rules.null_count() < holdout.height:
        rules_score = rules.fill_null(rules.min()).to_numpy().astype(np.float64)
        evaluations.append(_evaluate("rules", y, rules_score, probability=False))
        comparisons = {
            "logistic_regression": compare_aucs(y, p_logit, rules_score),
            "gradient_boosting": compare_aucs(y, p_tree, rules_score),
        }
    card = scorecard(logistic, design)
    criteria = scorecard_criteria(card, design, data.criteria, train=train, validation=validation)
    card_score = scorecard_scores(holdout, design, criteria)
    return ModelResult(
        outcome=data.outcome,
        validation=validation,
        train=train_counts,
        test=test_counts,
        evaluations=tuple(evaluations),
        comparisons=comparisons,
        screened=screened,
        flagged=flagged,
        columns=tuple(columns),
        logistic=logistic,
        scorecard=card,
        scorecard_auc=auc(y, card_score),
        logistic_auc=auc(y, linear),
        criteria=criteria,
        base_rate=float(train["target"].mean() or 0.0),
        rule_labels={r.name: r.label for r in data.behaviours.values() if r.label},
    )


# --------------------------------------------------------------------------- model → points
def round_points(value: float | np.ndarray, step: float = ROUND_TO) -> Any:
    """Round to the nearest multiple of ``step`` (halves away from zero; never ``-0``).

    Example:
        >>> round_points(12.4), round_points(12.5), round_points(-2.5), round_points(-2.4)
        (10.0, 15.0, -5.0, 0.0)
    """
    scaled = np.asarray(value, dtype=np.float64) / step
    out = np.sign(scaled) * np.floor(np.abs(scaled) + 0.5) * step + 0.0
    return float(out) if np.ndim(out) == 0 else out


def scorecard(
    logistic: LogisticFit, design: Design, *, pdo: float = POINTS_TO_DOUBLE
) -> pl.DataFrame:
    """Points per attribute level and per behaviour occurrence from the logistic coefficients.

    Each coefficient × ``pdo / ln 2``; per attribute the levels are shifted so the
    lowest gets 0 (the reference level's coefficient is 0); rounded to
    :data:`ROUND_TO`. Behaviours keep their sign (points per occurrence).

    Returns:
        ``rule, value, points, exact, kind (fit|engagement), source``.

    Example:
        >>> d = Design((Coding("i", "values", ("a", "b"), "a", "a"),), (("eng:w", 2.0),))
        >>> fit = LogisticFit(-3.0, pl.DataFrame({"term": ["i=b", "eng:w"], "source": ["i", "eng:w"],
        ...     "level": ["b", "per occurrence"], "coef": [-0.7, 0.35]}), False, None, "plain")
        >>> scorecard(fit, d).select("rule", "value", "points").rows()
        [('i', 'a', 20.0), ('i', 'b', 0.0), ('w', 'per occurrence', 10.0)]
    """
    factor = pdo / math.log(2.0)
    coefs = dict(zip(logistic.coefficients["term"], logistic.coefficients["coef"], strict=True))
    rows = []
    for coding in design.codings:
        exact = {
            level: 0.0
            if level == coding.reference
            else coefs.get(f"{coding.column}={level}", 0.0) * factor
            for level in coding.levels
        }
        low = min(exact.values())
        rows += [
            (coding.column, level, float(round_points(v - low)), v - low, "fit", coding.column)
            for level, v in exact.items()
        ]
    for column, _ in design.behaviours:
        exact_points = coefs.get(column, 0.0) * factor
        rows.append(
            (
                column.removeprefix("eng:"),
                PER_OCCURRENCE,
                float(round_points(exact_points)),
                exact_points,
                "engagement",
                column,
            )
        )
    return pl.DataFrame(
        rows,
        schema={
            "rule": pl.String,
            "value": pl.String,
            "points": pl.Float64,
            "exact": pl.Float64,
            "kind": pl.String,
            "source": pl.String,
        },
        orient="row",
    )


def _fit_rule(coding: Coding, points: dict[str, float]) -> FitRule:
    name = f"model_{coding.column}"
    missing = points.get(NONE_LEVEL, points[coding.fallback])
    if coding.kind == "bands":
        bounds = [None, *coding.edges, None]
        labels = band_labels(coding.edges)
        bands = tuple(
            Band(bounds[i], bounds[i + 1], points[labels[i]], labels[i]) for i in range(len(labels))
        )
        return FitRule(
            name,
            coding.column,
            "bands",
            bands=bands,
            default=points[coding.reference],
            missing=missing,
        )
    values = tuple(
        (level, points[level]) for level in coding.levels if level not in (NONE_LEVEL, OTHER_LEVEL)
    )
    return FitRule(
        name,
        coding.column,
        "values",
        values=values,
        default=points[coding.fallback],
        missing=missing,
    )


def scorecard_criteria(
    card: pl.DataFrame,
    design: Design,
    base: Criteria | None,
    *,
    train: pl.DataFrame | None = None,
    validation: Validation | None = None,
    name: str = "model_scorecard",
) -> Criteria:
    """The scorecard as criteria: fit rules from attribute points, engagement rules from behaviour points.

    Engagement rules keep the base criteria's activity filters, window and decay
    (with the new points per occurrence and a cap of points × the capped
    occurrences); rules with 0 points are left out. ``floor`` is the lowest possible
    total (so negative points are never clipped), no ceiling, and the MQL
    threshold is the score that flags the same share of training leads as the base
    criteria's MQLs did (rounded to :data:`ROUND_TO`; else the median score). SQL
    rule and SLA come from the base criteria.

    Example:
        >>> d = Design((Coding("i", "values", ("a", "b"), "a", "a"),), ())
        >>> card = pl.DataFrame({"rule": ["i", "i"], "value": ["a", "b"], "points": [20.0, 0.0],
        ...     "kind": ["fit", "fit"], "source": ["i", "i"]})
        >>> c = scorecard_criteria(card, d, None)
        >>> c.fit_rules[0].values, c.fit_rules[0].default
        ((('a', 20.0), ('b', 0.0)), 20.0)
    """
    fits = []
    for coding in design.codings:
        rows = card.filter((pl.col("kind") == "fit") & (pl.col("source") == coding.column))
        fits.append(_fit_rule(coding, dict(zip(rows["value"], rows["points"], strict=True))))
    engagements = []
    for column, cap in design.behaviours:
        points = card.filter((pl.col("kind") == "engagement") & (pl.col("source") == column))[
            "points"
        ]
        value = float(points[0]) if points.len() else 0.0
        rule = base_rule(base, column)
        if value == 0.0 or rule is None:
            continue
        engagements.append(dataclasses.replace(rule, points=value, cap=abs(value) * cap))
    floor = min(0.0, sum(-(r.cap or 0.0) for r in engagements if r.points < 0))
    draft = Criteria(
        name=name,
        fit_rules=tuple(fits),
        engagement_rules=tuple(engagements),
        floor=floor,
        threshold=100.0,
        sql_rule=base.sql_rule if base else Criteria().sql_rule,
        sla=dataclasses.replace(base.sla, min_score=None) if base else Criteria().sla,
        description=_description(validation),
    )
    threshold = 100.0
    if train is not None and train.height:
        scores = scorecard_scores(train, design, draft)
        share = (
            float(train["is_mql"].cast(pl.Float64).mean() or 0.0)
            if "is_mql" in train.columns and train["is_mql"].null_count() < train.height
            else 0.0
        )
        share = share if 0 < share < 1 else 0.5
        threshold = max(ROUND_TO, float(round_points(np.quantile(scores, 1 - share))))
    return dataclasses.replace(
        draft, threshold=threshold, sla=dataclasses.replace(draft.sla, min_score=None)
    )


def base_rule(base: Criteria | None, column: str) -> EngagementRule | None:
    """The base criteria's engagement rule behind behaviour column ``eng:<rule>``."""
    if base is None:
        return None
    return next((r for r in base.engagement_rules if eng_column(r) == column), None)


def _description(validation: Validation | None) -> str:
    how = "" if validation is None else f" Validation: {validation.text}."
    return (
        f"Scorecard from the logistic model: points per attribute value and behaviour "
        f"({POINTS_TO_DOUBLE:g} points double the odds), rounded to {ROUND_TO:g}.{how}"
    )


def scorecard_scores(frame: pl.DataFrame, design: Design, criteria: Criteria) -> np.ndarray:
    """Score leads with the scorecard criteria, exactly as the scoring of any criteria does.

    The fit rules read the lead attributes (:func:`fit_index_expr`); the
    engagement rules read the decision-point counts (``eng:<rule>``).
    """
    eng = [eng_column(r) for r in criteria.engagement_rules]
    features = frame.select(
        "lead_id",
        *[fit_index_expr(r) for r in criteria.fit_rules],
        *[pl.col(c).cast(pl.Float64).fill_null(0.0) for c in eng],
    )
    scored = score_features(Features(features, datetime(1970, 1, 1), criteria.structure), criteria)
    return scored["total"].to_numpy()


def save_scorecard(ws: Workspace, result: ModelResult, *, created_by: str) -> int:
    """Store the scorecard criteria as a new draft version (for the agreement workflow).

    Raises:
        InputError: the result has no scorecard criteria.
    """
    if result.criteria is None:
        raise InputError.make("model.err_no_scorecard")
    return save_draft(ws, result.criteria, created_by=created_by)


__all__ = [
    "GAIN_SHARES",
    "MIN_TEST_CONVERSIONS",
    "OUTCOMES",
    "ModelData",
    "ModelResult",
    "frame_data",
    "prepare_workspace",
    "run_model",
    "save_scorecard",
    "scorecard",
    "scorecard_criteria",
]
