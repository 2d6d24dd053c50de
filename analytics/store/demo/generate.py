"""Generating the demo company's six tables, and loading them into a workspace.

Example:
    >>> frames = generate_demo(leads=50, seed=2)
    >>> {name: frame.width for name, frame in frames.items()}["costs"]
    3
"""

from __future__ import annotations

import hashlib
from datetime import date, datetime
from numbers import Integral

import numpy as np
import polars as pl

from analytics.errors import InputError
from analytics.store.db import DATA_TABLES, Workspace, quote_ident
from analytics.store.demo import draw, frames
from analytics.store.schema import polars_schema

LOCALES: tuple[str, ...] = ("ja", "en")
MAX_LEADS = 50_000_000


def generate_demo(
    *, leads: int = 20_000, seed: int = 7, locale: str = "ja", end: date = date(2026, 10, 31)
) -> dict[str, pl.DataFrame]:
    """Generate the demo company's leads, activities, deals, BANT, feedback and costs.

    Args:
        leads: number of leads (created over the 24 months up to ``end``).
        seed: seed of the one random generator; the same seed gives identical frames.
        locale: ``"ja"`` (Japanese names and labels) or ``"en"``.
        end: the last day of data; later events are cut off (recent deals stay open).

    Returns:
        ``{"leads", "activities", "deals", "bant", "feedback", "costs"}`` -> frames with
        exactly the canonical columns and types of the schema
        (:func:`analytics.store.schema.polars_schema`; no ``import_id``).

    Raises:
        InputError: ``leads`` is not a positive integer or ``locale`` is unknown.

    Example:
        >>> frames = generate_demo(leads=100, seed=1, locale="en")
        >>> frames["leads"].columns[:4]
        ['lead_id', 'created_at', 'source', 'campaign']
        >>> bool((frames["activities"]["type"] == "page_view").any())
        True
    """
    if isinstance(leads, bool) or not isinstance(leads, Integral) or not 1 <= leads <= MAX_LEADS:
        raise InputError.make("demo.leads", leads=leads, most=MAX_LEADS)
    if locale not in LOCALES:
        raise InputError.make("demo.locale", locale=locale, options=", ".join(LOCALES))
    loc = LOCALES.index(locale)
    rng = np.random.default_rng(seed)
    z, act, deals, cal = draw.draw_company(rng, int(leads), end, loc)
    tables = {"leads": frames.leads_frame(z, deals, loc, cal)}
    lead_ids = tables["leads"]["lead_id"]
    tables["activities"] = frames.activities_frame(rng, act, lead_ids, loc, cal)
    del act
    tables["deals"] = frames.deals_frame(deals, tables["leads"], loc)
    tables["bant"] = frames.bant_frame(z, lead_ids, loc)
    tables["feedback"] = frames.feedback_frame(z, lead_ids, loc)
    tables["costs"] = frames.costs_frame(rng, z, cal)
    return {
        name: tables[name].select(
            # columns the demo does not draw (a lead-level outcome: it has deals) stay empty
            pl.col(c).cast(t) if c in tables[name].columns else pl.lit(None, t).alias(c)
            for c, t in polars_schema(name).items()
        )
        for name in ("leads", "activities", "deals", "bant", "feedback", "costs")
    }


def load_demo(
    ws: Workspace, *, leads: int = 20_000, seed: int = 7, locale: str = "ja"
) -> dict[str, int]:
    """Replace the workspace's data tables with a generated demo company, in one transaction.

    The six data tables are emptied and filled from :func:`generate_demo`; an ``imports``
    row of kind ``'demo'`` records it, and the data version is bumped (caches refresh).
    Criteria, sign-offs and the import history are kept.

    Args:
        ws: an open workspace.
        leads: number of leads to generate.
        seed: seed of the generator (same seed, same data).
        locale: ``"ja"`` or ``"en"`` names and labels.

    Returns:
        Row counts per table: ``{"leads", "activities", "deals", "bant", "feedback", "costs"}``.

    Raises:
        InputError: bad ``leads`` or ``locale`` (nothing is written).

    Example:
        >>> ws = Workspace.open(":memory:")
        >>> counts = load_demo(ws, leads=100)
        >>> counts["leads"], ws.scalar("SELECT count(*) FROM leads")
        (100, 100)
        >>> ws.scalar("SELECT kind FROM imports")
        'demo'
    """
    started = datetime.now()
    tables = generate_demo(leads=leads, seed=seed, locale=locale)
    counts = {name: frame.height for name, frame in tables.items()}
    label = f"demo (leads={leads}, seed={seed}, locale={locale})"
    with ws.transaction() as cur:
        for table in DATA_TABLES:
            cur.execute(f"DELETE FROM {quote_ident(table)}")
        for table, frame in tables.items():
            columns = ", ".join(quote_ident(c) for c in frame.columns)
            view = f"kakehashi_demo_{table}"
            with ws.registered(view, frame):
                cur.execute(
                    f"INSERT INTO {quote_ident(table)} ({columns}) SELECT {columns} FROM {view}"
                )
        total = sum(counts.values())
        cur.execute(
            "INSERT INTO imports (import_id, kind, file_name, sha256, preset, rows_read, inserted, "
            "updated, rejected, started_at, finished_at, status) "
            "VALUES (?, 'demo', ?, ?, 'demo', ?, ?, 0, 0, ?, ?, 'ok')",
            [
                ws.next_import_id(cur),
                label,
                hashlib.sha256(label.encode()).hexdigest(),
                total,
                total,
                started,
                datetime.now(),
            ],
        )
        ws.bump_data_version(cur)
    return counts
