"""Progress of long work: which stage, how far, and an estimate of the time left.

A long task reports through a callback at each stage boundary, with the share of the
work done so far. The shares of each task's stages (:data:`TASK_SHARES`) are those the
benchmark measured at 1M leads (20M activities); the estimate extrapolates the elapsed
time from them. Two tasks report:

- ``import`` (:func:`~analytics.store.ingest.import_file`): ``read`` (the file parsed
  into columns), ``convert`` (values parsed and checked), ``write`` (rows in the
  workspace), ``done``;
- ``replay`` (:func:`~analytics.scoring.replay.replay` and, on a cache miss,
  :func:`~analytics.scoring.cache.cached_replay`): ``read`` (leads, deals and hand-offs),
  ``activities`` (the scan of every scored activity), ``timeline`` (per-lead inputs and
  the (lead, time) timeline), ``score`` (every lead's score along its path), ``moments``
  (MQL/SQL moments, outcomes, the frames), ``cache`` (the sidecar entry written), ``done``.

The CLI prints the reports on stderr (never into ``--format json`` output); the Import
page and the replaying pages feed ``st.progress``.

Example:
    >>> seen = []
    >>> clock = ProgressClock(seen.append, file_bytes=1_000_000)
    >>> clock.stage("read")
    >>> seen[-1].stage, seen[-1].fraction
    ('read', 0.0)
    >>> clock.stage("done")
    >>> seen[-1].fraction, seen[-1].remaining_s
    (1.0, 0.0)
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

# Per task, the share of its time spent before each stage starts, at 1M leads / 20M activities:
# the import's from the benchmark, the replay's the mean of three cold runs through the cache.
TASK_SHARES: dict[str, dict[str, float]] = {
    "import": {"read": 0.0, "convert": 0.45, "write": 0.75, "done": 1.0},
    "replay": {
        "read": 0.0,
        "activities": 0.18,
        "timeline": 0.4,
        "score": 0.48,
        "moments": 0.83,
        "cache": 0.88,
        "done": 1.0,
    },
}


@dataclass(frozen=True)
class Progress:
    """One progress report.

    Attributes:
        stage: the stage now starting (one of the task's :data:`TASK_SHARES`).
        fraction: share of the work done (0–1).
        elapsed_s: seconds since the task started.
        remaining_s: estimated seconds left (None before anything was measured).
        file_bytes: the file's size (an import; 0 otherwise).
        task: ``import`` or ``replay``.
    """

    stage: str
    fraction: float
    elapsed_s: float
    remaining_s: float | None
    file_bytes: int = 0
    task: str = "import"


class ProgressClock:
    """Turns a task's stage boundaries into :class:`Progress` reports for a callback.

    Args:
        report: the callback (None: report nothing).
        task: a key of :data:`TASK_SHARES`.
        file_bytes: the size of the file an import reads.
    """

    def __init__(
        self,
        report: Callable[[Progress], None] | None,
        *,
        task: str = "import",
        file_bytes: int = 0,
    ) -> None:
        self._report = report
        self._start = time.perf_counter()
        self._task = task
        self._shares = TASK_SHARES[task]
        self._bytes = file_bytes

    def stage(self, name: str) -> None:
        """Report that stage ``name`` starts (see :data:`TASK_SHARES`)."""
        if self._report is None:
            return
        self.report(name, self._shares[name])

    def part(self, name: str, done: float) -> None:
        """Report that stage ``name`` is ``done`` (0–1) through (a chunked import, per chunk).

        Example:
            >>> seen = []
            >>> ProgressClock(seen.append, file_bytes=10).part("convert", 0.5)
            >>> seen[-1].stage, seen[-1].fraction
            ('convert', 0.6)
        """
        stages = list(self._shares)
        low = self._shares[name]
        high = self._shares[stages[stages.index(name) + 1]]
        self.report(name, low + (high - low) * min(max(done, 0.0), 1.0))

    def relay(self, progress: Progress) -> None:
        """Report an inner step's stage through this clock (its elapsed time, its shares).

        A task that wraps another (the cached replay around the replay) passes this as
        the inner task's callback; the inner ``done`` is left out, since the outer task
        goes on (its own ``done`` ends it).

        Example:
            >>> seen = []
            >>> outer = ProgressClock(seen.append, task="replay")
            >>> inner = ProgressClock(outer.relay, task="replay")
            >>> inner.stage("score"), inner.stage("done"), outer.stage("cache")
            (None, None, None)
            >>> [(p.stage, p.fraction) for p in seen]
            [('score', 0.48), ('cache', 0.88)]
        """
        if progress.stage != "done":
            self.stage(progress.stage)

    def report(self, name: str, fraction: float) -> None:
        """Report stage ``name`` at ``fraction`` of the whole task, with an estimate."""
        if self._report is None:
            return
        elapsed = time.perf_counter() - self._start
        remaining = elapsed / fraction * (1.0 - fraction) if fraction > 0 else None
        self._report(Progress(name, fraction, elapsed, remaining, self._bytes, self._task))


def describe(progress: Progress) -> str:
    """A one-line description for a terminal (English; the pages word their own).

    Example:
        >>> describe(Progress("write", 0.75, 3.0, 1.0, 2_500_000))
        'import: write · 75% · 3 s elapsed, about 1 s left (2.5 MB)'
        >>> describe(Progress("score", 0.5, 9.0, 9.0, task="replay"))
        'replay: score · 50% · 9 s elapsed, about 9 s left'
    """
    left = "" if progress.remaining_s is None else f", about {progress.remaining_s:.0f} s left"
    size = f" ({progress.file_bytes / 1e6:,.1f} MB)" if progress.file_bytes else ""
    return (
        f"{progress.task}: {progress.stage} · {progress.fraction:.0%} · "
        f"{progress.elapsed_s:.0f} s elapsed{left}{size}"
    )
