"""Import progress: which stage, how far, and an estimate of the time left.

:func:`~analytics.store.ingest.import_file` reports through a callback at each stage
boundary — ``read`` (the file parsed into columns), ``convert`` (values parsed and
checked), ``write`` (rows in the workspace) and ``done`` — with the share of the work
done so far. The shares are those measured by the benchmark at 1M leads / 20M
activities (:data:`STAGE_SHARES`); the estimate extrapolates the elapsed time from them.
The CLI prints it on stderr (never into ``--format json`` output); the Import page
feeds ``st.progress``.

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

# Share of an import's time spent before each stage starts (benchmark, 1M leads / 20M activities).
STAGE_SHARES: dict[str, float] = {"read": 0.0, "convert": 0.45, "write": 0.75, "done": 1.0}


@dataclass(frozen=True)
class Progress:
    """One progress report.

    Attributes:
        stage: ``read``, ``convert``, ``write`` or ``done`` (the stage now starting).
        fraction: share of the work done (0–1).
        elapsed_s: seconds since the import started.
        remaining_s: estimated seconds left (None before anything was measured).
        file_bytes: the file's size.
    """

    stage: str
    fraction: float
    elapsed_s: float
    remaining_s: float | None
    file_bytes: int


class ProgressClock:
    """Turns stage boundaries into :class:`Progress` reports for a callback."""

    def __init__(self, report: Callable[[Progress], None] | None, *, file_bytes: int) -> None:
        self._report = report
        self._start = time.perf_counter()
        self._bytes = file_bytes

    def stage(self, name: str) -> None:
        """Report that stage ``name`` starts (see :data:`STAGE_SHARES`)."""
        if self._report is None:
            return
        self.report(name, STAGE_SHARES[name])

    def part(self, name: str, done: float) -> None:
        """Report that stage ``name`` is ``done`` (0–1) through (a chunked import, per chunk).

        Example:
            >>> seen = []
            >>> ProgressClock(seen.append, file_bytes=10).part("convert", 0.5)
            >>> seen[-1].stage, seen[-1].fraction
            ('convert', 0.6)
        """
        stages = list(STAGE_SHARES)
        low = STAGE_SHARES[name]
        high = STAGE_SHARES[stages[stages.index(name) + 1]]
        self.report(name, low + (high - low) * min(max(done, 0.0), 1.0))

    def report(self, name: str, fraction: float) -> None:
        """Report stage ``name`` at ``fraction`` of the whole import, with an estimate."""
        if self._report is None:
            return
        elapsed = time.perf_counter() - self._start
        remaining = elapsed / fraction * (1.0 - fraction) if fraction > 0 else None
        self._report(Progress(name, fraction, elapsed, remaining, self._bytes))


def describe(progress: Progress) -> str:
    """A one-line description for a terminal (English; the page words its own).

    Example:
        >>> describe(Progress("write", 0.75, 3.0, 1.0, 2_500_000))
        'import: write · 75% · 3 s elapsed, about 1 s left (2.5 MB)'
    """
    left = "" if progress.remaining_s is None else f", about {progress.remaining_s:.0f} s left"
    return (
        f"import: {progress.stage} · {progress.fraction:.0%} · {progress.elapsed_s:.0f} s elapsed"
        f"{left} ({progress.file_bytes / 1e6:,.1f} MB)"
    )
