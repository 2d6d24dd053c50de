"""Literal lead data for the model lab: a leads-only export with a converted flag and a leak."""

from __future__ import annotations

from datetime import datetime, timedelta

import numpy as np
import polars as pl


def leaky_leads(n: int = 3000, *, seed: int = 1, dated: bool = False) -> pl.DataFrame:
    """A leads-only export: attributes, a 0/1 ``Converted`` flag, and two columns that leak.

    Conversion follows a hidden additive model of industry, title rank, size (a step
    at 300 employees) and source. ``Lead Quality`` is the kind of rating sales enter
    after a call: empty for leads nobody contacted, "High" for most buyers.
    ``Lead Status`` is the CRM's outcome field ("Closed - Converted").
    With ``dated``, leads are created every 5 hours from 2024-01-01 (``created``).
    """
    rng = np.random.default_rng(seed)
    industry = rng.choice(
        ["Manufacturing", "IT", "Retail", "Services", "Other"], n, p=[0.3, 0.25, 0.2, 0.15, 0.1]
    )
    rank = rng.choice(["executive", "director", "manager", "staff"], n, p=[0.1, 0.2, 0.3, 0.4])
    employees = rng.lognormal(4.5, 1.5, n).round()
    source = rng.choice(["web", "event", "referral", "list"], n)
    log_odds = (
        -3.2
        + np.select([industry == "Manufacturing", industry == "IT"], [0.9, 0.6], 0.0)
        + np.select(
            [rank == "executive", rank == "director", rank == "manager"], [1.2, 0.9, 0.4], 0.0
        )
        + 0.6 * (employees >= 300)
        + 0.3 * (source == "referral")
    )
    converted = rng.random(n) < 1 / (1 + np.exp(-log_odds))
    touched = converted | (rng.random(n) < 0.25)
    quality = np.where(
        converted,
        rng.choice(["High", "Might be"], n, p=[0.8, 0.2]),
        rng.choice(["Low", "Not Sure", "Might be"], n, p=[0.5, 0.3, 0.2]),
    )
    frame = pl.DataFrame(
        {
            "Prospect ID": [f"P{i}" for i in range(n)],
            "industry": industry,
            "title_rank": rank,
            "employees": employees,
            "source": source,
            "Lead Quality": pl.Series(np.where(touched, quality, ""), dtype=pl.String).replace(
                "", None
            ),
            "Lead Status": np.where(converted, "Closed - Converted", "Open"),
            "Converted": converted.astype(int),
            "touched": touched,
        }
    )
    if dated:
        start = datetime(2024, 1, 1)
        frame = frame.with_columns(
            created=pl.datetime_range(start, start + timedelta(hours=5 * (n - 1)), "5h", eager=True)
        )
    return frame
