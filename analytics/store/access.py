"""A workspace shared by the threads of a long-running process (the dashboard).

DuckDB lets many processes read a file at once, but a process that holds it
read-write shuts every other process out, readers included; and one process
cannot hold the same file read-only and read-write at once. So the dashboard
never keeps the write lock:

- every script run reads inside :meth:`SharedWorkspace.reading`: the file is
  open read-only while any run reads (one connection, a cursor per thread) and
  closed a moment (:data:`LINGER_SECONDS`) after the last run ended, so a CLI
  import or ``criteria sign`` finds it free between reruns, while the CLI's read
  commands and the scheduled report can open it at any time;
- a write (an import, a criteria save or sign-off, feedback entry) is a
  :meth:`~analytics.store.db.Workspace.transaction`, which asks
  :meth:`SharedWorkspace.exclusive` first: new runs wait, running ones finish,
  the file is held read-write for the transaction only (waiting for other
  processes' readers up to the open's wait) and read-only again after it.

Caches keyed by the data version (``meta``) see an import made by another
process at the next rerun: each run reads the version afresh.

Example:
    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "w.duckdb"
    >>> Workspace.open(path).close()
    >>> shared = SharedWorkspace(str(path), linger=0)
    >>> with shared.reading() as ws:
    ...     ws.read_only, ws.scalar("SELECT count(*) FROM leads")
    (True, 0)
    >>> with shared.reading() as ws, ws.transaction() as cur:
    ...     _ = cur.execute("INSERT INTO leads (lead_id) VALUES ('L1')")
    >>> shared.is_open
    False
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from analytics.errors import WorkspaceError
from analytics.store.db import Workspace, lock_wait_seconds

# Seconds the read-only connection stays open after the last run (``KAKEHASHI_READ_LINGER``):
# quick reruns (a slider drag) skip the ~50 ms open, and another process's writer waits at most
# this long for an idle dashboard.
LINGER_SECONDS = 1.0


def linger_seconds() -> float:
    """``KAKEHASHI_READ_LINGER`` seconds if set (0 closes at once), else :data:`LINGER_SECONDS`.

    Example:
        >>> linger_seconds() >= 0
        True
    """
    try:
        return max(0.0, float(os.environ.get("KAKEHASHI_READ_LINGER", LINGER_SECONDS)))
    except ValueError:
        return LINGER_SECONDS


class SharedWorkspace:
    """One workspace file shared by threads: read-only while runs read, read-write per write.

    Args:
        path: the workspace file (it must exist: the dashboard never creates one).
        wait: seconds to wait for other processes, and for other threads before a write
            (default :func:`~analytics.store.db.lock_wait_seconds`).
        linger: seconds the connection stays open after the last reader left
            (default :func:`linger_seconds`).
        on_wait: called with a message when opening has to wait for another process.
    """

    def __init__(
        self,
        path: str,
        *,
        wait: float | None = None,
        linger: float | None = None,
        on_wait: Callable[[str], None] | None = None,
    ) -> None:
        self.path = path
        self.wait = lock_wait_seconds() if wait is None else wait
        self.linger = linger_seconds() if linger is None else linger
        self.on_wait = on_wait
        self._cond = threading.Condition()
        self._local = threading.local()
        self._readers = 0
        self._writers = 0  # writers waiting or writing: new runs wait for them
        self._writing = False
        self._ws: Workspace | None = None
        self._closer: threading.Timer | None = None

    @property
    def is_open(self) -> bool:
        """Whether this process holds the file now (read-only or for a write)."""
        return self._ws is not None and self._ws._mode is not None

    def _depth(self) -> int:
        return getattr(self._local, "depth", 0)

    @contextmanager
    def reading(self) -> Iterator[Workspace]:
        """Read the workspace for one script run (re-entrant); yields the shared workspace.

        Raises:
            WorkspaceError: the file is not a workspace, is damaged, or another
                process wrote to it for longer than the wait.
        """
        with self._cond:
            if getattr(self._local, "adopted", False):
                self._local.adopted = False  # the share a callback took is this run's
                ws = self._ensure_open()
            else:
                if self._depth() == 0:
                    self._wait_for(lambda: self._writers == 0)
                ws = self._ensure_open()
                self._readers += 1
                self._local.depth = self._depth() + 1
        try:
            yield ws
        finally:
            with self._cond:
                self._readers -= 1
                self._local.depth = self._depth() - 1
                if self._readers == 0:
                    self._release_later()
                self._cond.notify_all()

    def wait_until_idle(self, timeout: float) -> bool:
        """Wait until no thread reads or writes (no script run, no write); whether it is idle.

        For work that can wait for the pages (the dashboard's preparation at its start): it
        starts between runs instead of taking their cores. Returns False after ``timeout``
        seconds with a reader or writer still there.

        Example:
            >>> import tempfile, pathlib
            >>> path = pathlib.Path(tempfile.mkdtemp()) / "w.duckdb"
            >>> Workspace.open(path).close()
            >>> SharedWorkspace(str(path), linger=0).wait_until_idle(0.1)
            True
        """
        deadline = time.monotonic() + timeout
        with self._cond:
            while self._readers or self._writers:
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self._cond.wait(left)
            return True

    def adopt(self) -> None:
        """Read from now until this thread's next :meth:`reading` ends.

        A widget callback runs before its script run, outside :meth:`reading`, with
        the workspace of the previous run: :meth:`Workspace.cursor
        <analytics.store.db.Workspace.cursor>` calls this when it finds the file
        closed, and the run that follows in the same thread takes the share over.
        """
        with self._cond:
            if self._depth() or getattr(self._local, "adopted", False):
                self._ensure_open()
                return
            self._wait_for(lambda: self._writers == 0)
            self._ensure_open()
            self._readers += 1
            self._local.depth = 1
            self._local.adopted = True

    @contextmanager
    def exclusive(self) -> Iterator[None]:
        """Be the only thread using the workspace (for a write transaction).

        This thread's own reading is set aside meanwhile (it would otherwise wait
        for itself); other runs finish first, new ones wait.

        Raises:
            WorkspaceError: other runs kept reading longer than the wait (``db.busy``).
        """
        with self._cond:
            held = self._depth()
            self._readers -= held
            self._local.depth = 0
            self._writers += 1
            try:
                self._wait_for(lambda: self._readers == 0 and not self._writing, busy=True)
            except BaseException:
                self._writers -= 1
                self._readers += held
                self._local.depth = held
                raise
            self._writing = True
            self._cancel_release()
        try:
            yield
        finally:
            with self._cond:
                self._writing = False
                self._writers -= 1
                self._readers += held
                self._local.depth = held
                if held:
                    self._ensure_open()
                else:
                    self._release_later()
                self._cond.notify_all()

    def current(self) -> Workspace:
        """The workspace this thread is reading (inside :meth:`reading`).

        Raises:
            WorkspaceError: this thread is not reading it (``db.closed``).
        """
        if self._depth() == 0 or self._ws is None:
            raise WorkspaceError.make("db.closed", path=self.path)
        return self._ws

    def close(self) -> None:
        """Close the connection now (the next :meth:`reading` opens it again)."""
        with self._cond:
            self._cancel_release()
            if self._ws is not None:
                self._ws.close()

    # -- inside self._cond -------------------------------------------------------------
    def _wait_for(self, ready: Callable[[], bool], *, busy: bool = False) -> None:
        deadline = time.monotonic() + max(self.wait, 1.0)
        while not ready():
            left = deadline - time.monotonic()
            if left <= 0:
                if busy:
                    raise WorkspaceError.make("db.busy", path=self.path, seconds=round(self.wait))
                raise WorkspaceError.make("db.locked", path=self.path)
            self._cond.wait(left)

    def _ensure_open(self) -> Workspace:
        self._cancel_release()
        if self._ws is None:
            self._ws = Workspace.open(
                self.path, read_only=True, create=False, wait=self.wait, on_wait=self.on_wait
            )
            self._ws.gate = self
        elif self._ws._mode is None:
            self._ws._connect("ro")
        return self._ws

    def _release_later(self) -> None:
        self._cancel_release()
        if self._ws is None or self._writing:
            return
        if self.linger <= 0:
            self._ws.close()
            return
        self._closer = threading.Timer(self.linger, self._release_if_idle)
        self._closer.daemon = True
        self._closer.start()

    def _cancel_release(self) -> None:
        if self._closer is not None:
            self._closer.cancel()
            self._closer = None

    def _release_if_idle(self) -> None:
        with self._cond:
            if self._readers == 0 and not self._writing and self._ws is not None:
                self._ws.close()
