"""Shared test data for the conversion-analytics tests (funnel, bands, KPIs, profile, stages).

``random_leads`` draws a replay-shaped lead frame (the columns of
``analytics.scoring.replay.Replay.leads`` that conversion analytics read) with
numpy, so tests can compare every figure against an independent computation.
``replay_leads`` replays the default criteria on a workspace file.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import numpy as np
import polars as pl

START = datetime(2024, 1, 1)
SOURCES = ["web", "ad", "seminar", None]
INDUSTRIES = ["製造業", "IT・通信", "小売", None]


def random_leads(n: int = 400, seed: int = 1) -> pl.DataFrame:
    """A replay-shaped lead frame with consistent stage timestamps (MQL ≤ SQL ≤ opp ≤ won)."""
    rng = np.random.default_rng(seed)
    created = [START + timedelta(hours=int(h)) for h in rng.integers(0, 24 * 700, n)]
    score = rng.normal(60, 25, n).round(1)
    p = 1 / (1 + np.exp(-(score - 70) / 12))
    is_mql = rng.random(n) < p
    is_sql = is_mql & (rng.random(n) < 0.5)
    no_sql_recorded = rng.random(n) < 0.2  # opportunities without a recorded SQL moment
    is_opp = is_sql & (rng.random(n) < 0.6)
    is_won = is_opp & (rng.random(n) < 0.5)
    gaps = rng.integers(1, 60, (4, n))

    def later(base: list, days: np.ndarray, mask: np.ndarray) -> list:
        return [
            b + timedelta(days=int(d)) if m else None
            for b, d, m in zip(base, days, mask, strict=True)
        ]

    mql_at = later(created, gaps[0], is_mql)
    sql_base = [m or c for m, c in zip(mql_at, created, strict=True)]
    sql_at = later(sql_base, gaps[1], is_sql)
    opp_base = [s or c for s, c in zip(sql_at, created, strict=True)]
    opp_at = later(opp_base, gaps[2], is_opp)
    won_base = [o or c for o, c in zip(opp_at, created, strict=True)]
    won_at = later(won_base, gaps[3], is_won)
    sql_at = [
        None if (o and hide) else s
        for s, o, hide in zip(sql_at, opp_at, no_sql_recorded, strict=True)
    ]
    as_of = datetime(2026, 1, 1)
    return pl.DataFrame(
        {
            "lead_id": [f"L{i:05d}" for i in range(n)],
            "created_at": created,
            "source": [SOURCES[i] for i in rng.integers(0, len(SOURCES), n)],
            "industry": [INDUSTRIES[i] for i in rng.integers(0, len(INDUSTRIES), n)],
            "region": rng.choice(["関東", "関西"], n).tolist(),
            "owner": rng.choice(["sato", "suzuki"], n).tolist(),
            "campaign": rng.choice(["c1", "c2"], n).tolist(),
            "employees": rng.integers(1, 3000, n),
            "annual_revenue": rng.choice([5e7, 5e8, 5e9, 5e10], n),
            "title_rank": rng.choice(["executive", "manager", "staff"], n).tolist(),
            "total": score,
            "peak_total": score,
            "mql_at": mql_at,
            "crm_mql_at": mql_at,
            "sql_at": sql_at,
            "opportunity_at": opp_at,
            "decision_at": [o or as_of for o in opp_at],
            "is_won": is_won.tolist(),
            "won_at": won_at,
            "won_amount": np.where(is_won, rng.integers(1, 100, n) * 10_000.0, 0.0),
        },
        schema_overrides={
            c: pl.Datetime("us")
            for c in ("created_at", "mql_at", "crm_mql_at", "sql_at", "opportunity_at", "won_at")
        },
    )


def replay_leads(db_path: str | Path) -> tuple[pl.DataFrame, datetime]:
    """The default criteria's replay of a workspace file: (leads, as_of)."""
    from analytics.criteria import default_criteria
    from analytics.scoring.replay import replay
    from analytics.store.db import Workspace

    with Workspace.open(db_path) as ws:
        result = replay(ws, default_criteria())
    return result.leads, result.as_of


def import_olist(real: Path, db_path: Path) -> tuple[pl.DataFrame, datetime]:
    """Import the Olist MQLs and closed deals with the ingest engineer's importer and the
    shipped mappings (``mappings/olist_*.toml``) into a new workspace; return the replay."""
    from analytics.criteria import default_criteria
    from analytics.scoring.replay import replay
    from analytics.store.db import Workspace
    from analytics.store.ingest import import_file

    folder = real / "olist-funnel"
    mappings = Path(__file__).resolve().parent.parent / "mappings"
    with Workspace.open(db_path) as ws:
        import_file(
            ws,
            "leads",
            folder / "olist_marketing_qualified_leads_dataset.csv",
            mapping=mappings / "olist_leads.toml",
        )
        import_file(
            ws,
            "deals",
            folder / "olist_closed_deals_dataset.csv",
            mapping=mappings / "olist_deals.toml",
        )
        result = replay(ws, default_criteria())
    return result.leads, result.as_of
