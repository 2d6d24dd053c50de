"""``bench --big-import``: a 1 GB, 8M-row leads CSV imported, with its peak memory (issue 14).

The file is the benchmark's own leads CSV, repeated with suffixed lead ids until it has
``rows`` rows, written by DuckDB (streaming, so writing it costs no memory here). It is
imported into a fresh workspace through :func:`~analytics.store.ingest.import_file` with
progress on, beside DuckDB's ``read_csv`` floor; the step's ``peak_rss_mb`` is the import's
peak resident memory.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import duckdb

from analytics.cli.bench_step import Step, floor_read_csv, measure
from analytics.store.db import Workspace

BIG_ROWS = 8_000_000


def write_big_leads(source: Path, target: Path, *, rows: int = BIG_ROWS) -> int:
    """Write ``rows`` lead rows to ``target`` by repeating ``source`` (ids suffixed); its bytes."""
    con = duckdb.connect()
    try:
        n = con.execute("SELECT count(*) FROM read_csv(?)", [str(source)]).fetchone()[0]
        copies = max(1, -(-rows // max(n, 1)))
        con.execute(
            "COPY (SELECT * REPLACE (lead_id || '-' || k AS lead_id) "
            "FROM read_csv(?, all_varchar = true), range(?) r(k) LIMIT ?) TO '"
            + str(target).replace("'", "''")
            + "' (HEADER, DELIMITER ',')",
            [str(source), copies, rows],
        )
    finally:
        con.close()
    return target.stat().st_size


def record_big_import(
    leads_csv: Path,
    base: Path,
    record: Callable[[Step], None],
    log: Callable[[str], None],
    *,
    rows: int = BIG_ROWS,
) -> None:
    """Time the big leads import (with progress through ``log``) against the DuckDB floor."""
    from analytics.store import ingest
    from analytics.store.progress import describe

    big = base / "leads-big.csv"
    size = write_big_leads(leads_csv, big, rows=rows)
    log(f"big import: {rows:,} leads, {size / 2**30:.2f} GiB")
    floor = floor_read_csv(big, base / "floor-big.duckdb")
    target = base / "big.duckdb"
    target.unlink(missing_ok=True)
    with Workspace.open(target) as ws:
        step, _ = measure(
            "import leads (big file)",
            lambda: ingest.import_file(
                ws, "leads", big, progress=lambda p: log("  " + describe(p))
            ),
            floor=floor,
        )
    record(step)
    big.unlink(missing_ok=True)
    target.unlink(missing_ok=True)
