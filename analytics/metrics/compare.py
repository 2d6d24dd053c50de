"""The effects of two criteria side by side, on the same history and period.

Each side is replayed (:func:`analytics.scoring.replay.replay`) and prepared for the
what-if (:func:`analytics.metrics.whatif.prepare_workspace`); its numbers are
:func:`~analytics.metrics.whatif.whatif_at` **at its own threshold**, so a side of
``compare`` equals ``whatif`` run with that criteria (same definitions, same period
rule: the MQL rate over the leads created in the period; volumes, MQL→SQL and MQL→won
over the MQLs whose MQL moment falls in the period; SQL = the BANT rule met or a later
stage, as :mod:`analytics.metrics.definitions` says).

Beyond the KPIs (:data:`COMPARED_KPIS`): the score-band table of each side (same
edges, each side's own scores), the leads that become or stop being MQLs (created in
the period; company, each side's score, outcome), and whether the difference in
MQL→SQL and MQL→won is real (same populations and stages as those rates). The two
sides' MQLs are mostly the same leads, so the
test is :func:`analytics.metrics.stats.compare_overlapping_proportions` (a lead in
both groups counts once), with a 95% interval of ``b − a``.

Example:
    >>> from dataclasses import replace
    >>> from analytics.criteria.document import default_criteria
    >>> from analytics.store.db import Workspace
    >>> from analytics.store.demo import load_demo
    >>> ws = Workspace.open(":memory:")
    >>> _ = load_demo(ws, leads=300)
    >>> result = compare_criteria(ws, default_criteria(), replace(default_criteria(), threshold=90))
    >>> result.a["mql"], result.b["mql"], result.changes["change"].unique().to_list()
    (26, 45, ['becomes'])
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import polars as pl

from analytics.criteria import Criteria
from analytics.metrics.bands import DEFAULT_EDGES, summarise_bands
from analytics.metrics.definitions import stage_exprs
from analytics.metrics.stats import compare_overlapping_proportions
from analytics.metrics.whatif import (
    JSON_KEYS,
    Assumptions,
    WorkspaceWhatIf,
    prepare_workspace,
    whatif_at,
)
from analytics.store.progress import Progress

# The KPIs compared, in the order shown (columns of whatif_at).
COMPARED_KPIS: tuple[str, ...] = (
    "mql",
    "mql_per_month",
    "capacity_per_month",
    "mql_rate",
    "sql_rate",
    "precision",
    "recall",
    "expected_sql",
    "expected_won",
    "expected_revenue",
    "won_below",
)
# The conversions tested: metric name -> the lead-level outcome column.
TESTED: dict[str, str] = {"mql_to_sql": "sql", "mql_to_won": "won"}
CHANGES: tuple[str, ...] = ("becomes", "stops")
OUTCOMES: tuple[str, ...] = ("won", "lost", "opportunity", "sql", "none")
CHANGE_COLUMNS: tuple[str, ...] = (
    "lead_id",
    "company",
    "change",
    "score_a",
    "score_b",
    "mql_at_a",
    "mql_at_b",
    "outcome",
)
BAND_COLUMNS: tuple[str, ...] = ("leads", "converted", "rate", "ci_low", "ci_high")


@dataclass(frozen=True)
class Side:
    """One side of a comparison: the criteria, its replayed leads and its prepared what-if."""

    criteria: Criteria
    leads: pl.DataFrame
    whatif: WorkspaceWhatIf


@dataclass(frozen=True)
class Comparison:
    """Two criteria compared on one history and period.

    Attributes:
        a: side a's KPIs at its own threshold (every column of ``whatif_at``).
        b: side b's KPIs likewise.
        kpis: kpi, a, b, difference (b − a) for :data:`COMPARED_KPIS`.
        bands: band, low, high and, per side, leads, converted, rate, ci_low, ci_high
            (suffixes ``_a``/``_b``), highest band first.
        changes: :data:`CHANGE_COLUMNS` — the leads created in the period that become
            MQLs under b (``becomes``) or stop being MQLs (``stops``).
        differences: metric, a, b, diff (b − a), ci_low, ci_high, p_value, significant,
            n_a, n_b, n_both — MQL→SQL and MQL→won.
        period: the period compared (None: all data).
        band_outcome: the outcome of the band table (``sql`` or ``won``).
    """

    a: dict[str, Any]
    b: dict[str, Any]
    kpis: pl.DataFrame
    bands: pl.DataFrame
    changes: pl.DataFrame
    differences: pl.DataFrame
    period: tuple[date, date] | None
    band_outcome: str = "sql"


def prepare_side(
    ws: Any,
    criteria: Criteria,
    *,
    replay: Any = None,
    progress: Callable[[Progress], None] | None = None,
) -> Side:
    """Replay ``criteria`` (unless a replay is given) and prepare its what-if.

    ``progress``: the replay's progress callback (:func:`analytics.scoring.replay.replay`).

    Raises:
        CriteriaError: a rule reads a lead column that does not exist.

    Example:
        >>> from analytics.criteria.document import default_criteria
        >>> from analytics.store.db import Workspace
        >>> prepare_side(Workspace.open(":memory:"), default_criteria()).leads.height
        0
    """
    if replay is None:
        from analytics.metrics.definitions import replay_with_outcome
        from analytics.scoring.replay import replay as run_replay

        replay = replay_with_outcome(run_replay(ws, criteria, progress=progress))
    return Side(criteria, replay.leads, prepare_workspace(ws, criteria, replay=replay))


def _month_in(column: str, period: tuple[date, date] | None) -> pl.Expr:
    """Whether the month of ``column`` overlaps ``period`` (the what-if's period rule)."""
    if period is None:
        return pl.col(column).is_not_null()
    start, end = period
    month = pl.col(column).dt.truncate("1mo").dt.date()
    return month.is_between(date(start.year, start.month, 1), end).fill_null(False)


def _cohort(leads: pl.DataFrame, period: tuple[date, date] | None) -> pl.DataFrame:
    """The leads created in the period's months (the what-if's MQL rate and band cohort)."""
    return leads.filter(_month_in("created_at", period))


def _lead_outcomes(side: Side, suffix: str, period: tuple[date, date] | None) -> pl.DataFrame:
    """Per lead: score, MQL moment and the definitions layer's stages under one side."""
    stages = stage_exprs()
    return side.leads.select(
        "lead_id",
        pl.col("peak_total").alias(f"score_{suffix}"),
        pl.col("mql_at").alias(f"mql_at_{suffix}"),
        stages["mql"].alias(f"mql_{suffix}"),
        # the MQLs the conversion rates count: MQL moment in the period (by MQL month)
        _month_in("mql_at", period).alias(f"in_{suffix}"),
        stages["sql"].alias(f"sql_{suffix}"),
        stages["won"].alias(f"won_{suffix}"),
    )


def compare_leads(a: Side, b: Side, period: tuple[date, date] | None = None) -> pl.DataFrame:
    """Per dated lead: each side's score, MQL, SQL and won (definitions layer) and the outcome.

    ``cohort``: created in the period (the MQL count and the lists of changes);
    ``in_a``/``in_b``: MQL moment in the period under that side (MQL→SQL, MQL→won).

    Returns:
        lead_id, company, cohort, score_a, mql_at_a, mql_a, in_a, sql_a, won_a, and the
        same for b, outcome (one of :data:`OUTCOMES`).
    """
    base = a.leads.filter(pl.col("created_at").is_not_null())
    company = pl.col("company") if "company" in base.columns else pl.lit(None, pl.String)
    frame = (
        base.select(
            "lead_id",
            company.alias("company"),
            _month_in("created_at", period).alias("cohort"),
            "is_won",
            "is_lost",
            "opportunity_at",
        )
        .join(_lead_outcomes(a, "a", period), on="lead_id", how="left")
        .join(_lead_outcomes(b, "b", period), on="lead_id", how="left")
    )
    return frame.with_columns(
        outcome=pl.when(pl.col("is_won").fill_null(False))
        .then(pl.lit("won"))
        .when(pl.col("is_lost").fill_null(False))
        .then(pl.lit("lost"))
        .when(pl.col("opportunity_at").is_not_null())
        .then(pl.lit("opportunity"))
        .when(pl.col("sql_a") | pl.col("sql_b"))
        .then(pl.lit("sql"))
        .otherwise(pl.lit("none"))
    ).drop("is_won", "is_lost", "opportunity_at")


def changed_leads(per_lead: pl.DataFrame) -> pl.DataFrame:
    """The leads that become MQLs under b or stop being MQLs, best scores first.

    Example:
        >>> f = pl.DataFrame({"lead_id": ["x", "y", "z"], "company": ["X", "Y", "Z"],
        ...     "cohort": [True, True, True],
        ...     "score_a": [95.0, 120.0, 130.0], "score_b": [101.0, 99.0, 131.0],
        ...     "mql_at_a": [None, 1, 1], "mql_at_b": [1, None, 1], "mql_a": [False, True, True],
        ...     "mql_b": [True, False, True], "outcome": ["won", "none", "sql"]})
        >>> changed_leads(f).select("lead_id", "change").rows()
        [('x', 'becomes'), ('y', 'stops')]
    """
    return (
        per_lead.filter(pl.col("cohort") & (pl.col("mql_a") != pl.col("mql_b")))
        .with_columns(
            change=pl.when(pl.col("mql_b")).then(pl.lit("becomes")).otherwise(pl.lit("stops"))
        )
        .with_columns(
            _order=pl.when(pl.col("mql_b")).then(pl.col("score_b")).otherwise(pl.col("score_a"))
        )
        .sort(["change", "_order", "lead_id"], descending=[False, True, False])
        .select(CHANGE_COLUMNS)
    )


def conversion_differences(per_lead: pl.DataFrame) -> pl.DataFrame:
    """Whether MQL→SQL and MQL→won really differ between the sides (overlap-aware test).

    Each side's MQLs are those whose MQL moment falls in the period under that side
    (``in_a``/``in_b``), and SQL and won are the definitions layer's, as in the what-if.

    Returns:
        metric, a, b, diff (b − a), ci_low, ci_high, p_value, significant, n_a, n_b, n_both.

    Example:
        >>> f = pl.DataFrame({"in_a": [True, True], "in_b": [True, True],
        ...     "sql_a": [True, False], "sql_b": [True, False],
        ...     "won_a": [False, False], "won_b": [False, False]})
        >>> conversion_differences(f).select("metric", "a", "diff").rows()
        [('mql_to_sql', 0.5, 0.0), ('mql_to_won', 0.0, 0.0)]
    """
    rows = []
    for metric, outcome in TESTED.items():
        result = compare_overlapping_proportions(
            per_lead["in_a"].fill_null(False).to_numpy(),
            per_lead[f"{outcome}_a"].fill_null(False).to_numpy(),
            per_lead["in_b"].fill_null(False).to_numpy(),
            per_lead[f"{outcome}_b"].fill_null(False).to_numpy(),
        )
        rows.append(
            {
                "metric": metric,
                "a": result.rate_a,
                "b": result.rate_b,
                "diff": result.difference,
                "ci_low": result.ci_low,
                "ci_high": result.ci_high,
                "p_value": result.p_value,
                "significant": result.significant,
                "n_a": result.n_a,
                "n_b": result.n_b,
                "n_both": result.n_both,
            }
        )
    schema = {
        "metric": pl.String,
        "a": pl.Float64,
        "b": pl.Float64,
        "diff": pl.Float64,
        "ci_low": pl.Float64,
        "ci_high": pl.Float64,
        "p_value": pl.Float64,
        "significant": pl.Boolean,
        "n_a": pl.Int64,
        "n_b": pl.Int64,
        "n_both": pl.Int64,
    }
    return pl.DataFrame(rows, schema=schema)


def compare_bands(
    a: pl.DataFrame, b: pl.DataFrame, *, edges: Sequence[float], outcome: str
) -> pl.DataFrame:
    """Each side's score-band table on the same edges, side by side (highest band first)."""
    tables = [
        summarise_bands(leads, edges=edges, outcome=outcome).select(
            "band", "low", "high", *[pl.col(c).alias(f"{c}_{s}") for c in BAND_COLUMNS]
        )
        for leads, s in ((a, "a"), (b, "b"))
    ]
    return tables[0].join(
        tables[1].drop("low", "high"), on="band", how="left", maintain_order="left"
    )


def compare_sides(
    a: Side,
    b: Side,
    *,
    period: tuple[date, date] | None = None,
    assumptions: Assumptions | None = None,
    edges: Sequence[float] = DEFAULT_EDGES,
    band_outcome: str = "sql",
) -> Comparison:
    """Compare two prepared sides (see the module docstring).

    Args:
        a: the side compared from (e.g. the agreed criteria).
        b: the side compared to (e.g. the proposal).
        period: (first day, last day); None: all data.
        assumptions: capacity, costs, value of a win (the same for both sides).
        edges: score-band edges (the Score bands page's default).
        band_outcome: ``"sql"`` or ``"won"`` for the band table.

    Returns:
        A :class:`Comparison`.

    Raises:
        InputError: the period holds no data, or bad edges.
    """
    assumptions = assumptions or Assumptions()
    row_a = whatif_at(a.whatif.sweep, a.criteria.threshold, period=period, assumptions=assumptions)
    row_b = whatif_at(b.whatif.sweep, b.criteria.threshold, period=period, assumptions=assumptions)
    kpi_a, kpi_b = row_a.row(0, named=True), row_b.row(0, named=True)
    kpis = pl.DataFrame(
        {
            "kpi": list(COMPARED_KPIS),
            "a": [_float(kpi_a[k]) for k in COMPARED_KPIS],
            "b": [_float(kpi_b[k]) for k in COMPARED_KPIS],
        },
        schema={"kpi": pl.String, "a": pl.Float64, "b": pl.Float64},
    ).with_columns(difference=pl.col("b") - pl.col("a"))
    per_lead = compare_leads(a, b, period)
    return Comparison(
        a=kpi_a,
        b=kpi_b,
        kpis=kpis,
        bands=compare_bands(
            _cohort(a.leads, period), _cohort(b.leads, period), edges=edges, outcome=band_outcome
        ),
        changes=changed_leads(per_lead),
        differences=conversion_differences(per_lead),
        period=period,
        band_outcome=band_outcome,
    )


def compare_criteria(
    ws: Any,
    a: Criteria,
    b: Criteria,
    *,
    period: tuple[date, date] | None = None,
    assumptions: Assumptions | None = None,
    edges: Sequence[float] = DEFAULT_EDGES,
    band_outcome: str = "sql",
    progress: Callable[[Progress], None] | None = None,
) -> Comparison:
    """Replay two criteria on a workspace and compare them (see :func:`compare_sides`).

    ``progress`` is called at each stage of each of the two replays (:func:`prepare_side`).

    Raises:
        CriteriaError: a rule reads a lead column that does not exist.
        InputError: the period holds no data.
    """
    return compare_sides(
        prepare_side(ws, a, progress=progress),
        prepare_side(ws, b, progress=progress),
        period=period,
        assumptions=assumptions,
        edges=edges,
        band_outcome=band_outcome,
    )


def _float(value: Any) -> float | None:
    if value is None:
        return None
    value = float(value)
    return None if math.isnan(value) else value


def _json(value: Any) -> Any:
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def side_json(kpi: dict[str, Any]) -> dict[str, Any]:
    """One side as ``whatif --format json`` shows it, plus SQL and MQL→SQL.

    Example:
        >>> side_json({k: 1.0 for k in (*JSON_KEYS, "sql", "sql_rate", "sql_ci_low",
        ...     "sql_ci_high")})["mql"]
        1
    """
    out = {k: _json(kpi[k]) for k in JSON_KEYS}
    out["mql"] = None if out["mql"] is None else int(out["mql"])
    out.setdefault("sql", None if kpi["sql"] is None else int(kpi["sql"]))
    out.setdefault("mql_to_sql", _json(kpi["sql_rate"]))
    out.setdefault("mql_to_sql_ci_low", _json(kpi["sql_ci_low"]))
    out.setdefault("mql_to_sql_ci_high", _json(kpi["sql_ci_high"]))
    return out


def comparison_json(result: Comparison, *, primary: str = "mql_to_sql") -> dict[str, Any]:
    """The ``compare --format json`` shape (without the criteria descriptions).

    ``difference`` is the test of ``primary`` (MQL→SQL); ``differences`` holds both.
    """
    differences = [
        {k: _json(v) for k, v in row.items()} for row in result.differences.iter_rows(named=True)
    ]
    leads = [
        {k: _json(v) for k, v in row.items() if k != "change"}
        for row in result.changes.iter_rows(named=True)
    ]
    keys = ("metric", "a", "b", "diff", "ci_low", "ci_high", "p_value")
    main = next(d for d in differences if d["metric"] == primary)
    return {
        "a": side_json(result.a),
        "b": side_json(result.b),
        "becomes_mql": [
            r for r, c in zip(leads, result.changes["change"], strict=True) if c == "becomes"
        ],
        "stops_mql": [
            r for r, c in zip(leads, result.changes["change"], strict=True) if c == "stops"
        ],
        "difference": {k: main[k] for k in keys},
        "differences": differences,
        "bands": [
            {k: _json(v) for k, v in row.items()} for row in result.bands.iter_rows(named=True)
        ],
    }
