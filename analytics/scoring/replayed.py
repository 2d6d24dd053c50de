"""The result of a replay: :class:`Replay` (see :mod:`analytics.scoring.replay`).

Its score path may be *pending*: after an incremental replay
(:mod:`analytics.scoring.cache`) the 8M-row path of 1M leads is the kept path with the
replayed leads' rows laid over it, which takes ~0.15 s and most readers never need (the
band table, the funnel, every page that reads the leads alone). A pending path is built
the first time :attr:`Replay.path` is read — once, whichever thread reads it first — and
is the same frame an eager overlay gives.

Example:
    >>> calls = []
    >>> class Later:
    ...     def resolve(self):
    ...         calls.append(1)
    ...         return pl.DataFrame({"lead_id": ["a"]})
    >>> r = Replay(leads=pl.DataFrame(), path=Later(), as_of=datetime(2025, 1, 1),
    ...            criteria_sha256="x")
    >>> r.pending_path is not None, len(calls)
    (True, 0)
    >>> r.path.height, r.path.height, len(calls), r.pending_path
    (1, 1, 1, None)
"""

from __future__ import annotations

import threading
from datetime import datetime
from typing import Any, Protocol

import polars as pl


class PendingFrame(Protocol):
    """A frame built when first read (:meth:`resolve` is called once)."""

    def resolve(self) -> pl.DataFrame: ...


class Replay:
    """The replay of one criteria on one workspace (see :mod:`analytics.scoring.replay`).

    Immutable: :meth:`replace` gives a copy with some attributes changed.

    Attributes:
        leads: one row per lead: ``lead_id``, ``created_at``, every leads column
            (imported ``mql_at``/``sql_at`` renamed ``crm_mql_at``/``crm_sql_at``),
            ``fit``, ``engagement``, ``total`` (as of ``as_of``), ``peak_total``,
            ``decision_at``, ``mql_at``, ``sql_at``, ``opportunity_at``, ``is_won``,
            ``won_at``, ``won_amount``, ``is_lost``.
        path: ``lead_id``, ``at``, ``total``: record highs of each lead's total
            before ``decision_at``, first row at ``created_at`` (given as a frame, or as
            a :class:`PendingFrame` built when first read).
        as_of: the point in time.
        criteria_sha256: the replayed criteria's hash.
    """

    __slots__ = ("_lock", "_path", "as_of", "criteria_sha256", "leads")

    leads: pl.DataFrame
    as_of: datetime
    criteria_sha256: str

    def __init__(
        self,
        *,
        leads: pl.DataFrame,
        path: pl.DataFrame | PendingFrame,
        as_of: datetime,
        criteria_sha256: str,
    ) -> None:
        for name, value in (
            ("leads", leads),
            ("as_of", as_of),
            ("criteria_sha256", criteria_sha256),
            ("_path", path),
            ("_lock", threading.Lock()),
        ):
            object.__setattr__(self, name, value)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"a Replay is immutable (use replace() to change {name!r})")

    @property
    def path(self) -> pl.DataFrame:
        """The score path (built now if it was pending)."""
        path = self._path
        if isinstance(path, pl.DataFrame):
            return path
        with self._lock:
            if not isinstance(self._path, pl.DataFrame):
                # a clone (shared buffers): an in-place edit of one reader's frame cannot
                # reach the pending frame's other readers
                object.__setattr__(self, "_path", self._path.resolve().clone())
            return self._path

    @property
    def pending_path(self) -> PendingFrame | None:
        """The path still to build (None once built, or when given as a frame)."""
        path = self._path
        return None if isinstance(path, pl.DataFrame) else path

    def replace(self, **changes: Any) -> Replay:
        """A copy with ``changes`` (a pending path stays pending, shared with this one)."""
        values = {
            "leads": self.leads,
            "path": self._path,
            "as_of": self.as_of,
            "criteria_sha256": self.criteria_sha256,
        }
        return Replay(**{**values, **changes})

    def __repr__(self) -> str:
        path = "pending" if self.pending_path is not None else f"{self._path.height} rows"
        return (
            f"Replay(leads={self.leads.height} rows, path={path}, as_of={self.as_of!r}, "
            f"criteria_sha256={self.criteria_sha256[:12]!r})"
        )
