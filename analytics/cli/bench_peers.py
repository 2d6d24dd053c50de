"""The scripts a user would write instead of Kakehashi: a pandas peer and a polars peer.

Both read the leads and activities CSVs that ``python -m analytics bench`` writes and
produce what the product's ``bands`` and ``whatif --sweep`` produce from the same files
under :data:`PEER_CRITERIA` (no decay, no window, positive points, so each lead's peak
score is its score at its hand-off): per lead,
fit points (employee bands, industry values) plus engagement points (points per activity
of a type, capped) counted over the activities strictly before the lead's first contact
(the hand-off), else strictly before the data's end (the product's "as of"), and those
up to its creation (its first score), to the second, weighted and clipped; then

- the **band table**: leads per score band (edges 0, 50, 70, 90) — ``band``, ``leads``;
- the **sweep**: for every threshold of a grid, how many leads reached it — ``threshold``, ``mql``.

They are plain and idiomatic on purpose (read, filter, group per lead and type, join,
points, cut, count): the benchmark reports the product's end-to-end time as a ratio to
each. The test checks that their tables equal the product's.
"""

from __future__ import annotations

import argparse
import itertools
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl

from analytics.cli.bench_step import Step
from analytics.criteria import Criteria, load_criteria
from analytics.store.db import Workspace

BAND_EDGES: tuple[float, ...] = (0, 50, 70, 90)

# Engagement rules of the peer criteria: activity type -> (points per activity, cap).
PEER_ENGAGEMENT: dict[str, tuple[float, float]] = {
    "page_view": (2, 20),
    "download": (10, 30),
    "webinar": (15, 30),
    "email_click": (3, 15),
    "email_open": (1, 5),
    "form_submit": (20, 40),
    "inquiry": (40, 40),
}
# Fit rules of the peer criteria.
PEER_EMPLOYEES: tuple[tuple[float, float], ...] = ((500, 25), (100, 15), (0, 5))
PEER_INDUSTRY: dict[str, float] = {
    "製造業": 20, "IT・通信": 20, "サービス業": 10,
    "Manufacturing": 20, "IT/Telecom": 20, "Services": 10,
}  # fmt: skip
PEER_INDUSTRY_DEFAULT = 3.0
FIT_WEIGHT, ENGAGEMENT_WEIGHT, FLOOR, CEILING = 0.5, 1.0, 0.0, 200.0


def peer_criteria_toml() -> str:
    """The criteria TOML the product replays for the comparison with the peers.

    Example:
        >>> load_criteria(peer_criteria_toml().encode()).threshold
        100.0
    """
    industry = "\n".join(f'"{k}" = {v:g}' for k, v in PEER_INDUSTRY.items())
    engagement = "\n".join(
        f'[[engagement]]\nname = "{t}"\ntype = "{t}"\npoints = {p:g}\ncap = {c:g}\n'
        for t, (p, c) in PEER_ENGAGEMENT.items()
    )
    return f"""name = "bench peers"
version = 1
threshold = 100
fit_weight = {FIT_WEIGHT}
engagement_weight = {ENGAGEMENT_WEIGHT}
floor = {FLOOR:g}
ceiling = {CEILING:g}

[[fit]]
name = "employees"
field = "employees"
missing = 0
bands = [
  {{ min = 500, points = 25 }},
  {{ min = 100, max = 500, points = 15 }},
  {{ max = 100, points = 5 }},
]

[[fit]]
name = "industry"
field = "industry"
default = {PEER_INDUSTRY_DEFAULT:g}
missing = 0

[fit.values]
{industry}

{engagement}"""


def peer_criteria() -> Criteria:
    """:func:`peer_criteria_toml` parsed by the product."""
    return load_criteria(peer_criteria_toml().encode())


def _band_labels() -> list[str]:
    edges = [*BAND_EDGES, float("inf")]
    return [
        f"{lo:g}+" if hi == float("inf") else f"{lo:g}–{hi:g}"
        for lo, hi in itertools.pairwise(edges)
    ]


def peer_polars(
    leads_csv: Path, activities_csv: Path, thresholds: Sequence[float], *, keep_ids: bool = False
) -> Any:
    """The polars peer: lazy scan, group per lead and type, points, bands, sweep.

    Returns:
        ``{"bands": DataFrame[band, leads], "sweep": DataFrame[threshold, mql]}``
    """
    leads = pl.scan_csv(leads_csv, try_parse_dates=True).select(
        "lead_id", "created_at", "employees", "industry", "first_contact_at"
    )
    acts = pl.scan_csv(activities_csv, try_parse_dates=True).select(
        "lead_id", "occurred_at", "type"
    )
    rules = pl.LazyFrame(
        {
            "type": list(PEER_ENGAGEMENT),
            "points": [p for p, _ in PEER_ENGAGEMENT.values()],
            "cap": [c for _, c in PEER_ENGAGEMENT.values()],
        }
    )
    data_end = pl.concat(
        [leads.select(t=pl.col("created_at").max()), acts.select(t=pl.col("occurred_at").max())]
    ).select(pl.col("t").max())
    engagement = (
        acts.join(
            leads.select("lead_id", "created_at", "first_contact_at"), on="lead_id", how="left"
        )
        .join(data_end, how="cross")
        .with_columns(pl.col("occurred_at", "created_at", "t").dt.truncate("1s"))
        .filter(
            (pl.col("occurred_at") < pl.coalesce("first_contact_at", "t"))
            | (pl.col("occurred_at") <= pl.col("created_at"))
        )
        .group_by("lead_id", "type")
        .agg(n=pl.len())
        .join(rules, on="type")
        .group_by("lead_id")
        .agg(engagement=pl.min_horizontal(pl.col("n") * pl.col("points"), "cap").sum())
    )
    employees = pl.col("employees")
    fit = (
        pl.when(employees >= 500).then(25).when(employees >= 100).then(15)
        .when(employees.is_not_null()).then(5).otherwise(0)
        + pl.when(pl.col("industry").is_null()).then(0.0)
        .otherwise(pl.col("industry").replace_strict(PEER_INDUSTRY, default=PEER_INDUSTRY_DEFAULT))
    )  # fmt: skip
    scores = (
        leads.join(engagement, on="lead_id", how="left")
        .select(
            *(["lead_id"] if keep_ids else []),
            (FIT_WEIGHT * fit + ENGAGEMENT_WEIGHT * pl.col("engagement").fill_null(0))
            .clip(FLOOR, CEILING)
            .alias("score"),
        )
        .collect()
    )
    if keep_ids:
        return scores
    labels = _band_labels()
    bands = (
        scores.select(
            pl.col("score").bin_intervals(list(BAND_EDGES[1:]), labels=labels).alias("band")
        )
        .group_by("band")
        .agg(leads=pl.len())
        .with_columns(pl.col("band").cast(pl.String))
    )
    bands = pl.DataFrame({"band": labels}).join(bands, on="band", how="left").fill_null(0)
    values = np.sort(scores["score"].to_numpy())
    grid = np.asarray(thresholds, dtype=float)
    mql = values.size - np.searchsorted(values, grid - 1e-9, side="left")
    return {
        "bands": bands.with_columns(pl.col("leads").cast(pl.Int64)),
        "sweep": pl.DataFrame({"threshold": grid, "mql": mql.astype(np.int64)}),
    }


def peer_pandas(leads_csv: Path, activities_csv: Path, thresholds: Sequence[float]) -> dict:
    """The pandas peer: the notebook a marketing analyst would write.

    Returns:
        ``{"bands": DataFrame[band, leads], "sweep": DataFrame[threshold, mql]}`` (polars, for
        comparison with the product).
    """
    import pandas as pd

    leads = pd.read_csv(
        leads_csv,
        usecols=["lead_id", "created_at", "employees", "industry", "first_contact_at"],
        parse_dates=["created_at", "first_contact_at"],
    )
    acts = pd.read_csv(
        activities_csv, usecols=["lead_id", "occurred_at", "type"], parse_dates=["occurred_at"]
    )
    acts = acts.merge(
        leads[["lead_id", "created_at", "first_contact_at"]], on="lead_id", how="left"
    )
    data_end = max(leads["created_at"].max(), acts["occurred_at"].max()).floor("s")
    at = acts["occurred_at"].dt.floor("s")
    before = (at < acts["first_contact_at"].fillna(data_end)) | (
        at <= acts["created_at"].dt.floor("s")
    )
    counts = acts[before].groupby(["lead_id", "type"]).size().rename("n").reset_index()
    rules = pd.DataFrame(
        [(t, p, c) for t, (p, c) in PEER_ENGAGEMENT.items()], columns=["type", "points", "cap"]
    )
    counts = counts.merge(rules, on="type")
    counts["pts"] = (counts["n"] * counts["points"]).clip(upper=counts["cap"])
    engagement = counts.groupby("lead_id")["pts"].sum().rename("engagement")
    leads = leads.merge(engagement, on="lead_id", how="left")
    emp = leads["employees"]
    fit = np.select([emp >= 500, emp >= 100, emp.notna()], [25, 15, 5], default=0)
    industry = leads["industry"].map(PEER_INDUSTRY).fillna(PEER_INDUSTRY_DEFAULT)
    fit = fit + industry.where(leads["industry"].notna(), 0.0)
    score = (FIT_WEIGHT * fit + ENGAGEMENT_WEIGHT * leads["engagement"].fillna(0)).clip(
        FLOOR, CEILING
    )
    labels = _band_labels()
    band = pd.cut(score, [*BAND_EDGES, np.inf], right=False, labels=labels)
    table = band.value_counts().reindex(labels, fill_value=0)
    grid = np.asarray(thresholds, dtype=float)
    mql = [(score >= t - 1e-9).sum() for t in grid]
    return {
        "bands": pl.DataFrame({"band": labels, "leads": table.to_numpy().astype(np.int64)}),
        "sweep": pl.DataFrame({"threshold": grid, "mql": np.asarray(mql, dtype=np.int64)}),
    }


def product_answers(ws: Workspace, criteria_file: Path) -> dict[str, pl.DataFrame]:
    """The band table and the sweep through the CLI's own code paths (``bands``, ``whatif --sweep``).

    Returns:
        ``{"bands": DataFrame[band, leads], "sweep": DataFrame[threshold, mql]}``
    """
    bands = product_answers_one(ws, criteria_file, "bands")
    sweep = product_answers_one(ws, criteria_file, "sweep")
    return {
        "bands": bands.select("band", "leads"),
        "sweep": sweep.select("threshold", pl.col("mql").cast(pl.Int64)),
    }


def same_answers(peer: dict[str, pl.DataFrame], product: dict[str, pl.DataFrame]) -> bool:
    """Whether a peer's band table and sweep equal the product's (bands by label, any order).

    Example:
        >>> a = {"bands": pl.DataFrame({"band": ["<50"], "leads": [3]}),
        ...      "sweep": pl.DataFrame({"threshold": [0.0], "mql": [3]})}
        >>> b = {"bands": pl.DataFrame({"band": ["0–50"], "leads": [3]}), "sweep": a["sweep"]}
        >>> same_answers(a, b)
        True
    """

    def counts(frame: pl.DataFrame) -> list[int]:
        # The product labels the lowest band "<50", the peers "0–50": compare by position
        # after ordering from the lowest band up.
        return (
            frame.with_columns(
                low=pl.col("band").str.extract(r"(\d+)").cast(pl.Float64).fill_null(0.0)
                * pl.col("band").str.starts_with("<").not_().cast(pl.Float64)
            )
            .sort("low")["leads"]
            .to_list()
        )

    return counts(peer["bands"]) == counts(product["bands"]) and peer["sweep"].equals(
        product["sweep"]
    )


def record_peers(
    ws: Workspace,
    paths: dict[str, Path],
    imported: Sequence[Step],
    record: Callable[[Step], None],
) -> dict[str, Any]:
    """Time the product from files to answers against the pandas and polars peers.

    Records ``bands (first)``, ``sweep (first)``, ``end to end`` (the imports already
    timed plus the first band table and sweep; floor = the pandas peer), ``bands (warm)``,
    ``sweep (warm)``, ``peer polars`` and ``peer pandas``.

    Returns:
        ``{"end_to_end_seconds", "pandas_seconds", "polars_seconds", "ratio_to_pandas",
        "ratio_to_polars", "pandas_agrees", "polars_agrees"}``
    """
    from analytics.cli.bench_step import measure

    criteria_file = paths["leads"].with_name("peer-criteria.toml")
    criteria_file.write_text(peer_criteria_toml(), encoding="utf-8")
    first: list[Step] = []
    answers: dict[str, pl.DataFrame] = {}
    for pick in ("bands", "sweep"):
        step, answers[pick] = measure(
            f"{pick} (first)", lambda p=pick: _answer_then_settle(ws, criteria_file, p)
        )
        record(step)
        first.append(step)
    for pick in ("bands", "sweep"):
        record(
            measure(f"{pick} (warm)", lambda p=pick: product_answers_one(ws, criteria_file, p))[0]
        )
    product = {
        "bands": answers["bands"].select("band", "leads"),
        "sweep": answers["sweep"].select("threshold", pl.col("mql").cast(pl.Int64)),
    }
    thresholds = product["sweep"]["threshold"].to_list()
    peers = {}
    for name, peer in (("polars", peer_polars), ("pandas", peer_pandas)):
        step, answer = measure(
            f"peer {name}",
            lambda f=peer: f(paths["leads"], paths["activities"], thresholds),
        )
        record(step)
        peers[name] = (step, same_answers(answer, product))
    end_to_end = sum(s.seconds for s in [*imported, *first])
    pandas_s, polars_s = peers["pandas"][0].seconds, peers["polars"][0].seconds
    record(
        Step(
            "end to end",
            round(end_to_end, 4),
            round(pandas_s, 4),
            round(end_to_end / pandas_s, 2),
            max(s.peak_rss_mb for s in [*imported, *first]),
        )
    )
    return {
        "end_to_end_seconds": round(end_to_end, 4),
        "pandas_seconds": pandas_s,
        "polars_seconds": polars_s,
        "ratio_to_pandas": round(end_to_end / pandas_s, 2),
        "ratio_to_polars": round(end_to_end / polars_s, 2),
        "pandas_agrees": peers["pandas"][1],
        "polars_agrees": peers["polars"][1],
    }


def _answer_then_settle(ws: Workspace, criteria_file: Path, pick: str) -> pl.DataFrame:
    """The ``bands`` answer as soon as it is there (its replay's cache entry may still be
    being written, as in the command line); the ``sweep`` answer once
    every entry is on disk, so that ``end to end`` counts every write."""
    from analytics.scoring import cache_entries

    answer = product_answers_one(ws, criteria_file, pick)
    if pick == "sweep":
        cache_entries.settle()
    return answer


def product_answers_one(ws: Workspace, criteria_file: Path, pick: str) -> pl.DataFrame:
    """One of :func:`product_answers`' two answers (``"bands"`` or ``"sweep"``), timed alone."""
    from analytics.cli.bands import run_bands
    from analytics.cli.whatif import run_whatif

    if pick == "bands":
        args = argparse.Namespace(
            criteria=str(criteria_file), bands="0,50,70,90", outcome="sql", as_of=None
        )
        return run_bands(args, ws).table
    args = argparse.Namespace(
        criteria=str(criteria_file), threshold=None, capacity=None, sweep=True,
        start=None, end=None,
    )  # fmt: skip
    return run_whatif(args, ws).table
