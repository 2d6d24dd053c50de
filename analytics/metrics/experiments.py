r"""Criteria tested head to head: a back-test on the same history, and live champion/challenger.

**Back-test** (:func:`backtest`): two criteria replayed over the same leads.

- MQL decisions that differ: McNemar's test on the leads only one side makes an MQL
  (exact binomial under 25 discordant leads, else χ² with continuity correction;
  statsmodels' ``mcnemar``);
- each side at its own threshold: MQLs, precision (MQL→outcome, Wilson interval) and
  recall (share of all conversions that went through an MQL);
- at **equal MQL volume**: both scores take the same number of top leads (side A's MQL
  count) and their precision is compared — so a stricter threshold is not mistaken
  for a better score;
- the AUC of both scores at the decision point (the replay's ``peak_total``) and
  DeLong's paired test of the difference.

**Live champion/challenger** (:func:`create_experiment`, :func:`experiment_results`):
an experiment names two stored criteria versions, the challenger's share of leads, a
start date and a seed, and is stored in the ``experiments`` table. Every lead created
from the start on is assigned by a stable hash of the seed and its id
(:func:`assign_arms`: the first 13 hex digits of ``sha256("<seed>:<lead_id>")`` as a
number in [0, 1), challenger below the share) — reproducible anywhere, and since seed
and share never change once stored, a lead is never re-assigned. The plan is fixed
before the start: the baseline rate (the champion's lead→outcome rate on earlier,
mature leads), the smallest lift worth detecting, and from them the leads each arm
needs (:func:`sample_size`: statsmodels' ``NormalIndPower().solve_power`` with
``proportion_effectsize``; the arms' ratio is the share's), and the minimum
detectable effect for the expected volume (:func:`minimum_detectable_effect`).

Results per arm: leads, conversions and rate with a Wilson interval; the difference
(challenger − champion) with Newcombe's interval and the two-proportion p-value
(:func:`~analytics.metrics.stats.compare_proportions`). **No peeking**: until both
arms reach their planned size the verdict is ``not_yet_decidable``, whatever the
p-value says; after it, ``challenger_better``, ``champion_better`` or
``no_difference`` at the planned significance level.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

import duckdb
import numpy as np
import polars as pl

from analytics.criteria import Criteria, get_criteria
from analytics.errors import InputError
from analytics.metrics.definitions import replay_with_outcome
from analytics.metrics.evaluation import AucComparison, captured_at, compare_aucs
from analytics.metrics.funnel import outcome_expr
from analytics.metrics.stats import ProportionComparison, add_rate_columns, compare_proportions
from analytics.scoring.replay import Replay, replay
from analytics.store.db import Workspace

VERDICTS: tuple[str, ...] = (
    "not_yet_decidable",
    "challenger_better",
    "champion_better",
    "no_difference",
)
OUTCOMES: tuple[str, ...] = ("won", "sql")
HASH_DIGITS = 13  # 52 bits: exact in a float


# --------------------------------------------------------------------------- sample size
def _power() -> Any:
    from statsmodels.stats.power import NormalIndPower

    return NormalIndPower()


def _check_plan(share: float, alpha: float, power: float) -> None:
    if not (0 < share < 1):
        raise InputError.make("experiment.err_share", value=share)
    if not (0 < alpha < 1 and 0 < power < 1):
        raise InputError.make("experiment.err_alpha_power", alpha=alpha, power=power)


def sample_size(
    champion_rate: float,
    challenger_rate: float,
    *,
    share: float = 0.5,
    alpha: float = 0.05,
    power: float = 0.8,
) -> tuple[int, int]:
    """Leads each arm needs to detect ``challenger_rate`` against ``champion_rate``.

    statsmodels' ``NormalIndPower().solve_power(effect_size=proportion_effectsize(
    challenger_rate, champion_rate), alpha=alpha, power=power, ratio=share / (1 − share))``
    (two-sided) gives the champion arm's size; the challenger arm needs ``ratio`` times it.

    Returns:
        ``(champion leads, challenger leads)``, each rounded up.

    Raises:
        InputError: rates outside (0, 1) or equal, share/alpha/power outside (0, 1).

    Example:
        >>> sample_size(0.10, 0.15)
        (681, 681)
        >>> sample_size(0.10, 0.15, share=0.2)
        (1701, 426)
    """
    _check_plan(share, alpha, power)
    for value in (champion_rate, challenger_rate):
        if not 0 < value < 1:
            raise InputError.make("experiment.err_rate", value=value)
    if champion_rate == challenger_rate:
        raise InputError.make("experiment.err_same_rate", value=champion_rate)
    from statsmodels.stats.proportion import proportion_effectsize

    ratio = share / (1 - share)
    n1 = _power().solve_power(
        effect_size=proportion_effectsize(challenger_rate, champion_rate),
        alpha=alpha,
        power=power,
        ratio=ratio,
        alternative="two-sided",
    )
    n1 = float(np.asarray(n1).item())
    return math.ceil(n1 - 1e-9), math.ceil(n1 * ratio - 1e-9)


def minimum_detectable_effect(
    baseline_rate: float,
    leads: float,
    *,
    share: float = 0.5,
    alpha: float = 0.05,
    power: float = 0.8,
) -> float | None:
    """The smallest challenger rate above ``baseline_rate`` that ``leads`` leads in all can detect.

    Solves statsmodels' ``NormalIndPower`` for the effect size (Cohen's h) with the
    champion arm holding ``(1 − share) · leads``, then turns h back into a rate:
    ``sin²(asin(√p) + h/2)``.

    Returns:
        The detectable challenger rate (None when the arms would be empty or no rate
        up to 100% is detectable).

    Example:
        >>> round(minimum_detectable_effect(0.10, 1362), 3)
        0.15
    """
    _check_plan(share, alpha, power)
    if not 0 < baseline_rate < 1:
        raise InputError.make("experiment.err_rate", value=baseline_rate)
    n1 = (1 - share) * leads
    if n1 < 2 or share * leads < 2:
        return None
    h = float(
        np.asarray(
            _power().solve_power(
                effect_size=None,
                nobs1=n1,
                alpha=alpha,
                power=power,
                ratio=share / (1 - share),
                alternative="two-sided",
            )
        ).item()
    )
    angle = math.asin(math.sqrt(baseline_rate)) + abs(h) / 2
    return None if angle >= math.pi / 2 else math.sin(angle) ** 2


# --------------------------------------------------------------------------- assignment
def hash_units(lead_ids: pl.Series, seed: int) -> pl.Series:
    """A stable number in [0, 1) per lead: the first 13 hex digits of ``sha256("<seed>:<lead_id>")``.

    Computed by DuckDB's ``sha256`` (vectorised); equal to Python's
    ``int(hashlib.sha256(f"{seed}:{lead_id}".encode()).hexdigest()[:13], 16) / 16**13``.

    Example:
        >>> import hashlib
        >>> u = hash_units(pl.Series(["L1"]), 7)[0]
        >>> u == int(hashlib.sha256(b"7:L1").hexdigest()[:13], 16) / 16**13
        True
    """
    con = duckdb.connect()
    try:
        con.register("kk_ids", pl.DataFrame({"lead_id": lead_ids.cast(pl.String)}).to_arrow())
        hexes = con.sql(
            f"SELECT left(sha256(CAST($seed AS VARCHAR) || ':' || lead_id), {HASH_DIGITS}) AS h "
            "FROM kk_ids",
            params={"seed": int(seed)},
        ).pl()
    finally:
        con.close()
    return (hexes["h"].str.to_integer(base=16).cast(pl.Float64) / float(16**HASH_DIGITS)).alias("u")


def assign_arms(lead_ids: pl.Series, *, seed: int, share: float) -> pl.DataFrame:
    """Each lead's arm: ``challenger`` when its hash unit is below ``share``, else ``champion``.

    Example:
        >>> assign_arms(pl.Series(["L1", "L2", "L3", "L4"]), seed=1, share=0.5)["arm"].to_list()
        ['challenger', 'champion', 'champion', 'challenger']
    """
    units = hash_units(lead_ids, seed)
    return pl.DataFrame({"lead_id": lead_ids.cast(pl.String), "u": units}).with_columns(
        arm=pl.when(pl.col("u") < share).then(pl.lit("challenger")).otherwise(pl.lit("champion"))
    )


# --------------------------------------------------------------------------- storage
@dataclass(frozen=True)
class Experiment:
    """One stored champion/challenger experiment (a row of ``experiments``)."""

    experiment_id: int
    name: str
    champion_id: int
    challenger_id: int
    challenger_share: float
    start_at: datetime
    seed: int
    outcome: str
    baseline_rate: float | None
    target_rate: float | None
    alpha: float
    power: float
    expected_leads_per_month: float | None
    planned_champion: int | None
    planned_challenger: int | None
    created_by: str
    created_at: datetime

    def to_dict(self) -> dict[str, Any]:
        """The JSON form."""
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


_COLUMNS = tuple(Experiment.__dataclass_fields__)


def _has_table(ws: Workspace) -> bool:
    return bool(
        ws.scalar("SELECT count(*) FROM information_schema.tables WHERE table_name = 'experiments'")
    )


def list_experiments(ws: Workspace) -> pl.DataFrame:
    """Every stored experiment, newest first (empty for a workspace without the table).

    Example:
        >>> list_experiments(Workspace.open(":memory:")).height
        0
    """
    if not _has_table(ws):
        return pl.DataFrame(schema=dict.fromkeys(_COLUMNS, pl.String))
    return ws.query(f"SELECT {', '.join(_COLUMNS)} FROM experiments ORDER BY experiment_id DESC")


def get_experiment(ws: Workspace, experiment_id: int) -> Experiment:
    """The stored experiment ``experiment_id``.

    Raises:
        InputError: no such experiment.

    Example:
        >>> get_experiment(Workspace.open(":memory:"), 3)
        Traceback (most recent call last):
        ...
        analytics.errors.InputError: experiment 3 not found; list them with: python -m analytics experiment list
    """
    rows = (
        ws.rows(
            f"SELECT {', '.join(_COLUMNS)} FROM experiments WHERE experiment_id = ?",
            [experiment_id],
        )
        if _has_table(ws)
        else []
    )
    if not rows:
        raise InputError.make("experiment.err_not_found", id=experiment_id)
    return Experiment(*rows[0])


@dataclass(frozen=True)
class Plan:
    """What an experiment needs before it starts: rates, sizes, and what the volume can detect."""

    baseline_rate: float
    target_rate: float
    planned_champion: int
    planned_challenger: int
    expected_leads_per_month: float | None
    detectable_rate: float | None  # with ``months`` of the expected volume
    months: int


def history(
    ws: Workspace,
    criteria: Criteria,
    *,
    outcome: str,
    before: datetime,
    replayed: Replay | None = None,
) -> tuple[float | None, float | None]:
    """The champion's lead→outcome rate and the leads per month before ``before``.

    The rate is over leads created in the 12 months before ``before`` that are at least
    the median lead→outcome time old (so most of their outcomes are known); leads per
    month are the average over the last 6 complete months.

    Returns:
        ``(rate, leads_per_month)`` (None where there is no data).
    """
    replayed = replayed if replayed is not None else replay_with_outcome(replay(ws, criteria))
    leads = replayed.leads.filter(pl.col("created_at") < before).with_columns(
        target=outcome_expr(outcome).fill_null(False)
    )
    if leads.is_empty():
        return None, None
    time = (
        pl.col("won_at") if outcome == "won" else pl.coalesce("sql_at", "opportunity_at", "won_at")
    )
    lag = (
        leads.filter(pl.col("target"))
        .select(((time - pl.col("created_at")).dt.total_seconds() / 86400).median())
        .item()
    )
    lag = float(lag) if lag is not None and lag > 0 else 0.0
    window = leads.filter(
        (pl.col("created_at") >= before - timedelta(days=365))
        & (pl.col("created_at") <= before - timedelta(days=lag))
    )
    rate = float(window["target"].mean()) if window.height else None
    first_month = (before.replace(day=1) - timedelta(days=1)).replace(day=1)
    months = [first_month]
    for _ in range(5):
        months.append((months[-1] - timedelta(days=1)).replace(day=1))
    recent = leads.filter(pl.col("created_at") >= datetime.combine(months[-1], datetime.min.time()))
    per_month = recent.height / 6 if recent.height else None
    return rate, per_month


def plan_experiment(
    baseline_rate: float,
    *,
    lift: float = 0.2,
    share: float = 0.5,
    alpha: float = 0.05,
    power: float = 0.8,
    leads_per_month: float | None = None,
    months: int = 6,
) -> Plan:
    """The plan: the challenger rate worth detecting (``baseline × (1 + lift)``), each arm's size,
    and the rate ``months`` of the expected volume could detect.

    Example:
        >>> p = plan_experiment(0.10, lift=0.5, leads_per_month=227, months=6)
        >>> (round(p.target_rate, 3), p.planned_champion, p.planned_challenger, round(p.detectable_rate, 3))
        (0.15, 681, 681, 0.15)
    """
    if not lift > 0:
        raise InputError.make("experiment.err_lift", value=lift)
    target = min(baseline_rate * (1 + lift), 0.999)
    champion, challenger = sample_size(baseline_rate, target, share=share, alpha=alpha, power=power)
    detectable = (
        minimum_detectable_effect(
            baseline_rate, leads_per_month * months, share=share, alpha=alpha, power=power
        )
        if leads_per_month
        else None
    )
    return Plan(baseline_rate, target, champion, challenger, leads_per_month, detectable, months)


def create_experiment(
    ws: Workspace,
    *,
    champion_id: int,
    challenger_id: int,
    share: float,
    start: date | datetime,
    seed: int | None = None,
    outcome: str = "won",
    lift: float = 0.2,
    alpha: float = 0.05,
    power: float = 0.8,
    baseline_rate: float | None = None,
    name: str | None = None,
    created_by: str = "",
) -> int:
    """Store a champion/challenger experiment with its plan; returns its id.

    The baseline rate (unless given) and the expected volume come from the champion's
    replay before ``start`` (:func:`history`).

    Raises:
        InputError: unknown criteria ids, the same id twice, share/alpha/power outside
            (0, 1), unknown outcome, or no history to plan from.
    """
    if outcome not in OUTCOMES:
        raise InputError.make("experiment.err_outcome", value=outcome, valid=", ".join(OUTCOMES))
    if champion_id == challenger_id:
        raise InputError.make("experiment.err_same_criteria", id=champion_id)
    _check_plan(share, alpha, power)
    champion = get_criteria(ws, champion_id)
    get_criteria(ws, challenger_id)
    start_at = (
        start if isinstance(start, datetime) else datetime.combine(start, datetime.min.time())
    )
    rate, per_month = history(ws, champion, outcome=outcome, before=start_at)
    baseline = baseline_rate if baseline_rate is not None else rate
    if baseline is None or not 0 < baseline < 1:
        raise InputError.make(
            "experiment.err_no_baseline", outcome=outcome, start=f"{start_at:%Y-%m-%d}"
        )
    plan = plan_experiment(
        baseline, lift=lift, share=share, alpha=alpha, power=power, leads_per_month=per_month
    )
    with ws.transaction() as cur:
        next_id = int(
            cur.execute("SELECT coalesce(max(experiment_id), 0) + 1 FROM experiments").fetchall()[
                0
            ][0]
        )
        values = {
            "experiment_id": next_id,
            "name": name or f"experiment {next_id}",
            "champion_id": champion_id,
            "challenger_id": challenger_id,
            "challenger_share": float(share),
            "start_at": start_at,
            "seed": int(seed if seed is not None else next_id),
            "outcome": outcome,
            "baseline_rate": plan.baseline_rate,
            "target_rate": plan.target_rate,
            "alpha": float(alpha),
            "power": float(power),
            "expected_leads_per_month": plan.expected_leads_per_month,
            "planned_champion": plan.planned_champion,
            "planned_challenger": plan.planned_challenger,
            "created_by": created_by,
            "created_at": datetime.now().replace(microsecond=0),
        }
        cur.execute(
            f"INSERT INTO experiments ({', '.join(_COLUMNS)}) VALUES ({', '.join('?' * len(_COLUMNS))})",
            [values[c] for c in _COLUMNS],
        )
    return next_id


# --------------------------------------------------------------------------- results
@dataclass(frozen=True)
class ExperimentResult:
    """One experiment's results so far (see the module docstring)."""

    experiment: Experiment
    arms: (
        pl.DataFrame
    )  # arm, criteria_id, leads, conversions, rate, ci_low, ci_high, mqls, planned, needed
    difference: ProportionComparison | None
    verdict: str
    as_of: datetime

    @property
    def decidable(self) -> bool:
        """Whether both arms reached their planned size."""
        return self.verdict != "not_yet_decidable"

    def to_json(self) -> dict[str, Any]:
        """``experiment show ID --format json``."""
        d = self.difference
        return {
            "experiment": self.experiment.to_dict(),
            "as_of": self.as_of,
            "arms": self.arms.to_dicts(),
            "difference": None
            if d is None
            else {
                "value": d.difference,
                "ci_low": d.ci_low,
                "ci_high": d.ci_high,
                "p_value": d.p_value,
            },
            "verdict": self.verdict,
        }


def experiment_results(
    ws: Workspace,
    experiment: Experiment,
    *,
    replays: dict[int, Replay] | None = None,
) -> ExperimentResult:
    """Per-arm results of ``experiment`` on the leads created since its start.

    Args:
        ws: the workspace.
        experiment: the stored experiment.
        replays: replays of the two criteria by criteria id (computed when missing).

    Returns:
        :class:`ExperimentResult`; ``needed`` is how many more leads each arm needs.
    """
    replays = dict(replays or {})
    for criteria_id in (experiment.champion_id, experiment.challenger_id):
        if criteria_id not in replays:
            replays[criteria_id] = replay_with_outcome(replay(ws, get_criteria(ws, criteria_id)))
    champion = replays[experiment.champion_id]
    leads = champion.leads.filter(pl.col("created_at") >= experiment.start_at)
    arms = assign_arms(leads["lead_id"], seed=experiment.seed, share=experiment.challenger_share)
    frames = []
    for arm, criteria_id, planned in (
        ("champion", experiment.champion_id, experiment.planned_champion),
        ("challenger", experiment.challenger_id, experiment.planned_challenger),
    ):
        own = replays[criteria_id].leads.join(
            arms.filter(pl.col("arm") == arm).select("lead_id"), on="lead_id", how="semi"
        )
        frames.append(
            own.select(
                pl.lit(arm).alias("arm"),
                pl.lit(criteria_id, pl.Int64).alias("criteria_id"),
                pl.len().cast(pl.Int64).alias("leads"),
                outcome_expr(experiment.outcome)
                .fill_null(False)
                .sum()
                .cast(pl.Int64)
                .alias("converted"),
                pl.col("mql_at").is_not_null().sum().cast(pl.Int64).alias("mqls"),
                pl.lit(planned, pl.Int64).alias("planned"),
            )
        )
    table = add_rate_columns(pl.concat(frames)).with_columns(
        needed=(pl.col("planned") - pl.col("leads")).clip(lower_bound=0)
    )
    by_arm = {row["arm"]: row for row in table.iter_rows(named=True)}
    ch, cl = by_arm["champion"], by_arm["challenger"]
    difference = (
        compare_proportions(
            cl["converted"],
            cl["leads"],
            ch["converted"],
            ch["leads"],
            confidence=1 - experiment.alpha,
        )
        if ch["leads"] and cl["leads"]
        else None
    )
    if (
        not (ch["planned"] and cl["planned"])
        or ch["needed"] > 0
        or cl["needed"] > 0
        or difference is None
    ):
        verdict = "not_yet_decidable"
    elif difference.p_value < experiment.alpha:
        verdict = "challenger_better" if difference.difference > 0 else "champion_better"
    else:
        verdict = "no_difference"
    return ExperimentResult(
        experiment=experiment,
        arms=table.select(
            "arm",
            "criteria_id",
            "leads",
            pl.col("converted").alias("conversions"),
            "rate",
            "ci_low",
            "ci_high",
            "mqls",
            "planned",
            "needed",
        ),
        difference=difference,
        verdict=verdict,
        as_of=champion.as_of,
    )


# --------------------------------------------------------------------------- back-test
@dataclass(frozen=True)
class Backtest:
    """Two criteria on the same history (see the module docstring)."""

    outcome: str
    leads: int
    conversions: int
    discordant: dict[str, Any]  # both, a_only, b_only, neither, statistic, p_value, exact
    sides: pl.DataFrame  # side, name, threshold, mqls, converted, precision, ci_low, ci_high, recall, precision_at_equal_volume
    equal_volume: int
    auc: AucComparison

    def to_json(self) -> dict[str, Any]:
        """``experiment backtest A B --format json``."""
        a = self.auc
        return {
            "outcome": self.outcome,
            "leads": self.leads,
            "conversions": self.conversions,
            "mcnemar": self.discordant,
            "sides": self.sides.to_dicts(),
            "equal_volume": self.equal_volume,
            "auc": {
                "a": a.auc_a,
                "b": a.auc_b,
                "difference": a.difference,
                "ci_low": a.ci_low,
                "ci_high": a.ci_high,
                "p_value": a.p_value,
            },
        }


def mcnemar_test(a_only: int, b_only: int) -> tuple[float, float, bool]:
    """McNemar's test on the discordant counts: (statistic, p-value, exact?).

    Exact binomial when there are fewer than 25 discordant leads, else χ² with
    continuity correction (statsmodels' ``mcnemar``).

    Example:
        >>> mcnemar_test(10, 2)[1:]
        (0.03857421875, True)
    """
    from statsmodels.stats.contingency_tables import mcnemar

    exact = a_only + b_only < 25
    if a_only + b_only == 0:  # the two criteria never disagree
        return 0.0, 1.0, exact
    result = mcnemar([[0, a_only], [b_only, 0]], exact=exact, correction=True)
    return float(result.statistic), float(result.pvalue), exact


def _decisions(replay_a: Replay, replay_b: Replay, outcome: str) -> pl.DataFrame:
    """One row per lead: the outcome, and each side's MQL decision and (peak) score."""

    def side(replayed: Replay, name: str) -> pl.DataFrame:
        return replayed.leads.select(
            "lead_id",
            pl.col("mql_at").is_not_null().alias(f"mql_{name}"),
            pl.col("peak_total").fill_null(pl.col("total")).fill_null(0.0).alias(f"score_{name}"),
        )

    target = replay_a.leads.select("lead_id", target=outcome_expr(outcome).fill_null(False))
    return target.join(side(replay_a, "a"), on="lead_id").join(side(replay_b, "b"), on="lead_id")


def _backtest_sides(
    joined: pl.DataFrame, a: Criteria, b: Criteria, total: int, volume: int
) -> pl.DataFrame:
    """Per side: MQLs, conversions, precision (with its interval), recall, and precision
    at equal MQL volume (the top ``volume`` leads by that side's score)."""
    y = joined["target"].to_numpy()
    share = volume / joined.height if joined.height else 0.0
    rows = []
    for side, criteria in (("a", a), ("b", b)):
        mql = joined[f"mql_{side}"]
        hits = int((mql & joined["target"]).sum())
        at_volume = (
            float(captured_at(y, joined[f"score_{side}"].to_numpy(), np.array([share]))[0])
            * total
            / volume
            if volume and total
            else None
        )
        rows.append(
            {
                "side": side,
                "name": f"{criteria.name} v{criteria.version}",
                "criteria_name": criteria.name,
                "version": criteria.version,
                "threshold": criteria.threshold,
                "mqls": int(mql.sum()),
                "converted": hits,
                "recall": hits / total if total else None,
                "precision_at_equal_volume": at_volume,
            }
        )
    return (
        add_rate_columns(pl.DataFrame(rows), n="mqls")
        .rename({"rate": "precision"})
        .select(
            "side",
            "name",
            "criteria_name",
            "version",
            "threshold",
            "mqls",
            "converted",
            "precision",
            "ci_low",
            "ci_high",
            "recall",
            "precision_at_equal_volume",
        )
    )


def backtest(
    ws: Workspace,
    a: Criteria,
    b: Criteria,
    *,
    outcome: str = "won",
    replay_a: Replay | None = None,
    replay_b: Replay | None = None,
) -> Backtest:
    """Compare criteria ``a`` and ``b`` on the same leads (see the module docstring).

    Raises:
        InputError: unknown outcome.

    Example:
        >>> from analytics.criteria import default_criteria
        >>> backtest(Workspace.open(":memory:"), default_criteria(), default_criteria()).leads
        0
    """
    if outcome not in OUTCOMES:
        raise InputError.make("experiment.err_outcome", value=outcome, valid=", ".join(OUTCOMES))
    joined = _decisions(
        replay_a if replay_a is not None else replay_with_outcome(replay(ws, a)),
        replay_b if replay_b is not None else replay_with_outcome(replay(ws, b)),
        outcome,
    )
    counts = joined.select(
        both=(pl.col("mql_a") & pl.col("mql_b")).sum(),
        a_only=(pl.col("mql_a") & ~pl.col("mql_b")).sum(),
        b_only=(~pl.col("mql_a") & pl.col("mql_b")).sum(),
        neither=(~pl.col("mql_a") & ~pl.col("mql_b")).sum(),
        conversions=pl.col("target").sum(),
    ).row(0, named=True)
    statistic, p_value, exact = mcnemar_test(int(counts["a_only"]), int(counts["b_only"]))
    total = int(counts["conversions"] or 0)
    volume = int(joined["mql_a"].sum())
    discordant = {key: int(counts[key] or 0) for key in ("both", "a_only", "b_only", "neither")}
    return Backtest(
        outcome=outcome,
        leads=joined.height,
        conversions=total,
        discordant={**discordant, "statistic": statistic, "p_value": p_value, "exact": exact},
        sides=_backtest_sides(joined, a, b, total, volume),
        equal_volume=volume,
        auc=compare_aucs(
            joined["target"].to_numpy(), joined["score_a"].to_numpy(), joined["score_b"].to_numpy()
        ),
    )
