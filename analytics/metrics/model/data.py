"""The model lab's data: its constants, and one row per mature lead with outcome and attributes.

:func:`prepare_workspace` reads a workspace (the replay's leads, the outcome, the
behaviour as of each lead's decision point, immature leads left out and counted);
:func:`frame_data` reads a plain lead frame (a leads-only export with an outcome flag).
Both return a :class:`ModelData`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import polars as pl

from analytics.criteria import Criteria, EngagementRule
from analytics.errors import InputError
from analytics.metrics import leakguard
from analytics.metrics.definitions import replay_with_outcome
from analytics.metrics.funnel import outcome_expr
from analytics.scoring.decision_kept import cached_decision_features
from analytics.scoring.features import eng_column
from analytics.scoring.replay import CRM_COLUMNS, LIFECYCLE_COLUMNS, Replay, replay
from analytics.store.db import Workspace

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
# What the replay adds to a lead: never an attribute of a model (nor shown as a candidate).
_REPLAY_COLUMNS = frozenset(LIFECYCLE_COLUMNS) | frozenset(CRM_COLUMNS) | {"fit", "engagement"}
# The model frame's own columns (a lead column of the same name is not an attribute).
RESERVED = frozenset({"lead_id", "created_at", "target", "touched", "rules_score", "is_mql"})


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
    replayed = replayed if replayed is not None else replay_with_outcome(replay(ws, criteria))
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
    # kept beside the workspace, and after an import built again for the changed leads only
    features = cached_decision_features(
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
