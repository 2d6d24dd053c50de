"""A measured step of the benchmark: seconds, floor, ratio and peak resident memory."""

from __future__ import annotations

import statistics
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import psutil


@dataclass(frozen=True)
class Step:
    """One measured step."""

    name: str
    seconds: float
    floor_seconds: float | None
    ratio: float | None
    peak_rss_mb: float


class _PeakRss:
    """Samples this process's resident memory in a thread; ``peak_mb`` after exit."""

    def __init__(self, interval: float = 0.01) -> None:
        self._interval = interval
        self._process = psutil.Process()
        self._stop = threading.Event()
        self.peak_mb = 0.0

    def _sample(self) -> None:
        while not self._stop.is_set():
            self.peak_mb = max(self.peak_mb, self._process.memory_info().rss / 2**20)
            self._stop.wait(self._interval)

    @contextmanager
    def watch(self) -> Iterator[_PeakRss]:
        self.peak_mb = self._process.memory_info().rss / 2**20
        thread = threading.Thread(target=self._sample, daemon=True)
        thread.start()
        try:
            yield self
        finally:
            self._stop.set()
            thread.join()
            self.peak_mb = max(self.peak_mb, self._process.memory_info().rss / 2**20)


def measure(name: str, work: Callable[[], Any], *, floor: float | None = None) -> tuple[Step, Any]:
    """Run ``work`` once; return its :class:`Step` (with ratio to ``floor``) and its result.

    Example:
        >>> step, value = measure("add", lambda: 1 + 1)
        >>> (step.name, value, step.ratio)
        ('add', 2, None)
    """
    sampler = _PeakRss()
    with sampler.watch():
        start = time.perf_counter()
        result = work()
        seconds = time.perf_counter() - start
    ratio = round(seconds / floor, 2) if floor else None
    return Step(
        name, round(seconds, 4), floor and round(floor, 4), ratio, round(sampler.peak_mb, 1)
    ), result


def time_repeated(work: Callable[[], Any], *, repeat: int = 7) -> float:
    """Median seconds of ``repeat`` calls (for steps that must feel instant)."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def measure_repeated(name: str, work: Callable[[], Any], *, repeat: int = 7) -> Step:
    """A :class:`Step` with the median seconds of ``repeat`` calls (steps that must feel instant)."""
    sampler = _PeakRss()
    with sampler.watch():
        seconds = time_repeated(work, repeat=repeat)
    return Step(name, round(seconds, 4), None, None, round(sampler.peak_mb, 1))


def floor_read_csv(path: Path, db_path: Path) -> float:
    """Seconds DuckDB itself needs to load ``path`` into a table of a fresh database."""
    db_path.unlink(missing_ok=True)
    con = duckdb.connect(str(db_path))
    try:
        start = time.perf_counter()
        con.execute("CREATE TABLE t AS SELECT * FROM read_csv(?)", [str(path)])
        return time.perf_counter() - start
    finally:
        con.close()
        db_path.unlink(missing_ok=True)


__all__ = ["Step", "floor_read_csv", "measure", "measure_repeated", "time_repeated"]
