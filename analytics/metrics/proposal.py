"""The won-customer profile's proposals, guarded: no outcome column, no leak, a holdout check.

The profile (:mod:`analytics.metrics.profile`) learns rule points from outcomes, so
it goes through the leak guard (:mod:`analytics.metrics.leakguard`, DESIGN §3) first:

1. **Candidates**: the profiled attributes (:data:`~analytics.metrics.profile.BASE_ATTRIBUTES`
   present and the custom attributes) without the outcome columns (``converted``,
   ``lifecycle_stage``, ``status``, a column named ``y``/``target``/``成約`` …): those
   never get points, and no option brings them back.
2. **Screen**: every candidate's single-column AUC (out of fold) and its fill rates
   among the leads sales already worked (hand-off or first contact) and the others;
   a column that alone predicts the outcome implausibly well (AUC ≥ 0.9) or that is
   filled mostly for worked leads is **flagged**, with its reason.
3. **Choose**: flagged columns are left out unless the user includes them; the user
   can exclude any column (:func:`~analytics.metrics.leakguard.choose_columns`).
4. **Propose**: :func:`~analytics.metrics.profile.propose_points` on the chosen
   columns: only values with at least ``min_n`` leads whose interval excludes the
   overall rate, and each lift shrunk towards 1 by its group size (a small group
   gets few points).
5. **Holdout**: the same proposal learnt on a seeded, stratified 70% of the leads
   and scored on the other 30% (each lead's points summed over its values): the
   AUC of the proposed attribute points on leads it never saw.

Example:
    >>> import polars as pl
    >>> leads = pl.DataFrame({"lead_id": [str(i) for i in range(200)],
    ...     "industry": ["IT", "Retail"] * 100, "converted": [True, False] * 100,
    ...     "is_won": [True, False] * 100, "sql_at": [None] * 200,
    ...     "opportunity_at": [None] * 200, "mql_at": [None] * 200})
    >>> run = propose_profile(leads)
    >>> run.flagged, run.columns
    ([{'column': 'industry', 'reason': 'predicts_alone', 'auc': 1.0}], [])
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import polars as pl

from analytics.metrics.evaluation import auc
from analytics.metrics.funnel import MISSING_LABEL, outcome_expr
from analytics.metrics.leakguard import choose_columns, is_outcome_column, screen_columns
from analytics.metrics.profile import (
    BAND_ATTRIBUTES,
    BASE_ATTRIBUTES,
    band_label_exprs,
    custom_attribute_columns,
    profile_attributes,
    propose_points,
)

HOLDOUT_SHARE = 0.3
"""Share of the leads held out (stratified by outcome) to check the proposal."""
MIN_HOLDOUT_SIDE = 5
"""Fewest conversions and non-conversions in the holdout for an AUC."""


@dataclass(frozen=True)
class ProfileProposal:
    """The guarded proposal of one profile run (see the module docstring).

    Attributes:
        candidates: attribute columns considered (outcome columns already removed).
        screened: :func:`~analytics.metrics.leakguard.screen_columns` of the candidates.
        flagged: ``[{"column", "reason", "auc"}]``, the suspected leaks.
        columns: the columns the proposal used.
        attributes: :func:`~analytics.metrics.profile.profile_attributes` of ``columns``.
        proposed: :func:`~analytics.metrics.profile.propose_points` of ``attributes``.
        holdout: ``{"auc", "leads", "conversions"}`` of the proposal on held-out leads
            (``auc`` None when the holdout has too few of either side).
    """

    candidates: list[str]
    screened: pl.DataFrame
    flagged: list[dict[str, Any]]
    columns: list[str]
    attributes: pl.DataFrame
    proposed: pl.DataFrame
    holdout: dict[str, Any]


def candidate_columns(leads: pl.DataFrame) -> list[str]:
    """The profile's attributes present in ``leads``, never an outcome column.

    Example:
        >>> candidate_columns(pl.DataFrame({"lead_id": ["a"], "industry": ["IT"], "region": [None],
        ...     "y": ["yes"], "plan": ["pro"], "lead_status": ["Closed"]}))
        ['industry', 'plan']
    """
    source = {a: BAND_ATTRIBUTES.get(a, (a,))[0] for a in BASE_ATTRIBUTES}
    chosen = [a for a in BASE_ATTRIBUTES if source[a] in leads.columns]
    chosen += custom_attribute_columns(leads)
    chosen = [c for c in chosen if not is_outcome_column(c)]
    columns = [source.get(c, c) for c in chosen]
    if not columns:
        return []
    filled = leads.select(
        pl.col(c).is_not_null().any().alias(str(i)) for i, c in enumerate(columns)
    )
    return [
        c for c, f in zip(chosen, filled.row(0), strict=True) if f
    ]  # an empty column says nothing


def proposal_inputs(leads: pl.DataFrame, outcome: str = "won") -> pl.DataFrame:
    """Everything of ``leads`` that :func:`propose_profile` and the candidates'
    :func:`~analytics.metrics.profile.profile_attributes` read: the outcome, whether sales
    worked the lead, and each candidate as text (bands derived), one row per lead in order.

    Both results are a function of this frame (and their parameters), so a cache may key
    them by its content (:func:`~analytics.scoring.derived.frame_digest`).

    Example:
        >>> leads = pl.DataFrame({"lead_id": ["a", "b"], "industry": ["IT", None],
        ...     "is_won": [True, False], "sql_at": [None, None],
        ...     "opportunity_at": [None, None], "mql_at": [None, None]})
        >>> proposal_inputs(leads).rows()
        [(True, None, 'IT'), (False, None, None)]
    """
    return _attribute_frame(leads, candidate_columns(leads), outcome)


def _attribute_frame(leads: pl.DataFrame, columns: Sequence[str], outcome: str) -> pl.DataFrame:
    """lead_id, target, touched and each column as text (bands derived)."""
    exprs = []
    for name in columns:
        if name in BAND_ATTRIBUTES and name not in leads.columns:
            exprs.append(band_label_exprs(*BAND_ATTRIBUTES[name]).alias(name))
        else:
            exprs.append(pl.col(name).cast(pl.String).alias(name))
    worked = [pl.col(c).is_not_null() for c in ("handoff_at", "first_contact_at") if c in leads]
    touched = pl.any_horizontal(worked) if worked else pl.lit(None, pl.Boolean)
    return leads.select(
        outcome_expr(outcome).fill_null(False).alias("target"), touched.alias("touched"), *exprs
    )


def propose_profile(
    leads: pl.DataFrame,
    *,
    outcome: str = "won",
    include: Sequence[str] = (),
    exclude: Sequence[str] = (),
    min_n: int = 30,
    seed: int = 0,
) -> ProfileProposal:
    """Screen the profile's attributes for leaks, propose points, check them on a holdout.

    Args:
        leads: replay leads with the one outcome (``replay_with_outcome``).
        outcome: ``won`` (default), ``sql`` or ``opportunity``.
        include: flagged columns to use all the same.
        exclude: columns to leave out.
        min_n: fewest leads of a value for points.
        seed: seed of the fold and holdout splits.

    Returns:
        A :class:`ProfileProposal`.

    Raises:
        InputError: unknown outcome.
    """
    candidates = candidate_columns(leads)
    frame = _attribute_frame(leads, candidates, outcome)
    has_touch = frame["touched"].null_count() < frame.height and bool(frame["touched"].any())
    screened = screen_columns(
        frame, target="target", columns=candidates, touched="touched" if has_touch else None,
        seed=seed,
    )  # fmt: skip
    flagged = [
        {"column": c, "reason": r, "auc": None if a is None or np.isnan(a) else round(a, 4)}
        for c, a, r in screened.filter(pl.col("reason").is_not_null())
        .select("column", "auc", "reason")
        .iter_rows()
    ]
    columns = choose_columns(candidates, flagged, include=include, exclude=exclude)
    attributes = profile_attributes(leads, attributes=columns, outcome=outcome, min_n=min_n)
    proposed = propose_points(attributes, min_n=min_n)
    holdout = holdout_check(frame, columns, min_n=min_n, seed=seed)
    return ProfileProposal(candidates, screened, flagged, columns, attributes, proposed, holdout)


def holdout_split(target: pl.Series, *, share: float = HOLDOUT_SHARE, seed: int = 0) -> np.ndarray:
    """A seeded split stratified by outcome: True for the held-out leads.

    Example:
        >>> int(holdout_split(pl.Series([True] * 10 + [False] * 90)).sum())
        30
    """
    y = target.cast(pl.Boolean).fill_null(False).to_numpy()
    rng = np.random.default_rng(seed)
    held = np.zeros(len(y), dtype=bool)
    for side in (True, False):
        idx = np.flatnonzero(y == side)
        held[rng.permutation(idx)[: round(len(idx) * share)]] = True
    return held


def score_points(frame: pl.DataFrame, proposed: pl.DataFrame) -> pl.Series:
    """Each lead's total of the proposed points over its attribute values (0 where none).

    Example:
        >>> f = pl.DataFrame({"industry": ["IT", None, "Retail"]})
        >>> p = pl.DataFrame({"attribute": ["industry", "industry"], "value": ["IT", "(none)"],
        ...     "points": [10.0, -5.0]})
        >>> score_points(f, p).to_list()
        [10.0, -5.0, 0.0]
    """
    total = pl.lit(0.0)
    for attribute in proposed["attribute"].unique(maintain_order=True).to_list():
        rows = proposed.filter(pl.col("attribute") == attribute)
        table = dict(zip(rows["value"].to_list(), rows["points"].to_list(), strict=True))
        value = pl.col(attribute).cast(pl.String).fill_null(MISSING_LABEL)
        total = total + value.replace_strict(table, default=0.0, return_dtype=pl.Float64)
    return frame.select(total.alias("score")).to_series()


def holdout_check(
    frame: pl.DataFrame, columns: Sequence[str], *, min_n: int = 30, seed: int = 0
) -> dict[str, Any]:
    """The AUC on held-out leads of the points proposed from the other leads.

    Args:
        frame: ``target`` and the attribute ``columns`` as text, one row per lead.
        columns: the attributes the proposal may use.
        min_n: as :func:`~analytics.metrics.profile.propose_points`.
        seed: seed of the split.

    Returns:
        ``{"auc", "leads", "conversions"}`` of the holdout (``auc`` None below
        :data:`MIN_HOLDOUT_SIDE` conversions or non-conversions, or without points).
    """
    held = pl.Series(holdout_split(frame["target"], seed=seed))
    test = frame.filter(held)
    conversions = int(test["target"].sum() or 0)
    out: dict[str, Any] = {"auc": None, "leads": test.height, "conversions": conversions}
    if min(conversions, test.height - conversions) < MIN_HOLDOUT_SIDE or not columns:
        return out
    train = frame.filter(~held).with_columns(is_won=pl.col("target"))
    for c in ("sql_at", "opportunity_at", "mql_at"):
        train = train.with_columns(pl.lit(None, pl.Datetime("us")).alias(c))
    learnt = propose_points(
        profile_attributes(train, attributes=list(columns), outcome="won", min_n=min_n),
        min_n=min_n,
    )
    if learnt.is_empty():
        return out
    value = auc(test["target"].to_numpy(), score_points(test, learnt).to_numpy())
    out["auc"] = None if np.isnan(value) else round(float(value), 4)
    return out


def proposal_records(run: ProfileProposal) -> list[dict[str, Any]]:
    """``proposed`` as ``[{"rule", "value", "points", "n", "lift"}]`` (the CLI's JSON).

    Example:
        >>> p = pl.DataFrame({"attribute": ["industry"], "value": ["IT"], "leads": [80],
        ...     "lift": [1.8], "ci_low": [0.2], "ci_high": [0.4], "points": [6.0]})
        >>> proposal_records(ProfileProposal([], pl.DataFrame(), [], [], pl.DataFrame(), p, {}))
        [{'rule': 'industry', 'value': 'IT', 'points': 6.0, 'n': 80, 'lift': 1.8}]
    """
    return [
        {"rule": a, "value": v, "points": p, "n": n, "lift": lift}
        for a, v, p, n, lift in run.proposed.select(
            "attribute", "value", "points", "leads", "lift"
        ).iter_rows()
    ]
