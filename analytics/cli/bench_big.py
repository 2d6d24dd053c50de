"""``bench --big-import``: a 1 GB, 8M-row leads CSV imported, with its peak memory (issue 14).

The file is the benchmark's own leads CSV, repeated with suffixed lead ids until it has
``rows`` rows, written by DuckDB (streaming, so writing it costs no memory here). It is
imported into a fresh workspace by the CLI's ``import`` command in its own process, with
progress on, beside DuckDB's ``read_csv`` floor; the step's ``peak_rss_mb`` is that process's
peak resident memory (the import's alone).
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import duckdb
import psutil

from analytics.cli.bench_step import Step, floor_read_csv

BIG_ROWS = 8_000_000
ROOT = Path(__file__).resolve().parents[2]


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
    """Time the big leads import (with progress through ``log``) against the DuckDB floor.

    The import runs as the CLI's own process (``python -m analytics import leads``), so
    that its peak memory is the import's alone, not this benchmark's earlier steps'.
    """
    big = base / "leads-big.csv"
    size = write_big_leads(leads_csv, big, rows=rows)
    log(f"big import: {rows:,} leads, {size / 2**30:.2f} GiB")
    floor = floor_read_csv(big, base / "floor-big.duckdb")
    target = base / "big.duckdb"
    target.unlink(missing_ok=True)
    command = [sys.executable, "-m", "analytics", "import", "leads", str(big), "--db",
               str(target), "--create", "--progress"]  # fmt: skip
    seconds, peak_mb = run_child(command, log)
    record(
        Step("import leads (big file)", round(seconds, 4), round(floor, 4),
             round(seconds / floor, 2), round(peak_mb, 1))
    )  # fmt: skip
    big.unlink(missing_ok=True)
    target.unlink(missing_ok=True)


def run_child(command: list[str], log: Callable[[str], None]) -> tuple[float, float]:
    """(seconds, peak resident MB) of a child process; its stderr lines go to ``log``.

    Example:
        >>> seconds, peak = run_child([sys.executable, "-c", "pass"], print)
        >>> seconds > 0 and peak > 0
        True
    """
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    start = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                             text=True, env=env, cwd=ROOT)  # fmt: skip
    peak = [0.0]
    done = threading.Event()

    def sample() -> None:
        process = psutil.Process(child.pid)
        while not done.is_set():
            with contextlib.suppress(psutil.Error):
                peak[0] = max(peak[0], process.memory_info().rss / 2**20)
            done.wait(0.01)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    assert child.stderr is not None
    for line in child.stderr:
        log("  " + line.rstrip())
    child.wait()
    done.set()
    sampler.join()
    if child.returncode != 0:
        raise RuntimeError(f"{command[3:5]} exited {child.returncode}")
    return time.perf_counter() - start, peak[0]
