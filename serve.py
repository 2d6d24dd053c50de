"""Start the dashboard with its modules already imported: ``python serve.py [options]``.

The arguments are those of ``streamlit run app.py`` after ``app.py``, e.g.
``python serve.py --server.port 8501 -- --db data/workspace.duckdb`` (``make run``
does this).

Streamlit imports what a page needs during the first run of the first session, so the
first page after a start waited for polars, DuckDB, SciPy, plotly and every analytics
layer (about 1 s on two cores) before doing its own work. This launcher imports every
module ``app.py`` and the pages import, and the statistics libraries the pages import
inside functions (:data:`LAZY_MODULES`), then runs Streamlit's own command line in the
same process, so that the first page only does its own work. It also builds what the
pages read first for the served workspace (the replay with the criteria in force, then
the feature matrix, the sweep, the rule points, the Profile page's tables and the model
lab's data, the Scoring page's edit basis) in a thread as soon as the server runs (:func:`prepare_when_running`). ``streamlit run app.py``
still works the same, with that slower first page.
"""

from __future__ import annotations

import ast
import gc
import importlib
import importlib.util
import inspect
import logging
import os
import sys
import threading
import time
from pathlib import Path

from analytics.allocator import tune_polars_allocator

tune_polars_allocator()  # before anything loads polars (see analytics.allocator)

ROOT = Path(__file__).resolve().parent

# Imported inside functions (a command-line call does not pay for them) but used by pages.
LAZY_MODULES = (
    "statsmodels.api",
    "statsmodels.stats.power",
    "statsmodels.stats.proportion",
    "statsmodels.stats.contingency_tables",
    "scipy.stats",
    "sklearn.linear_model",
    "sklearn.ensemble",
)


def page_modules(root: Path = ROOT) -> list[str]:
    """The absolute imports of ``app.py`` and every page (modules named after ``from …
    import`` too), in name order.

    Example:
        >>> {"streamlit", "ui"} <= set(page_modules())
        True
    """
    names: set[str] = set()
    for path in [root / "app.py", *sorted((root / "pages").glob("*.py"))]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module)
                # ``from analytics.charts import model``: a module, imported by that line
                names.update(
                    f"{node.module}.{alias.name}"
                    for alias in node.names
                    if node.module != "__future__" and _is_module(f"{node.module}.{alias.name}")
                )
    names.discard("__future__")
    return sorted(names)


def _is_module(name: str) -> bool:
    """Whether ``name`` is an importable module (it imports the packages above it)."""
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        return False


def warm(root: Path = ROOT) -> list[str]:
    """Import the pages' modules and :data:`LAZY_MODULES`; the names imported.

    Streamlit's cache decorators check their options against a storage that exists only
    once the server runs, and say so in a warning per cached function; the caches
    themselves are made at their first call, in the server, so the warning is muted
    here.

    Last, ``inspect`` learns which file each imported module is: Streamlit asks once per
    process, at the first element a page draws, whether it runs in a REPL
    (``inspect.stack()``), and the first such call maps every one of the ~2,800 modules
    to its file (~0.2 s of the first page after a start; later calls only look up).
    """
    # a filter, not a level: Streamlit sets its loggers' levels again when it reads its config
    logger = logging.getLogger("streamlit.runtime.caching.cache_data_api")
    mute = _NoRuntimeYet()
    logger.addFilter(mute)
    try:
        names = [*page_modules(root), *LAZY_MODULES]
        for name in names:
            importlib.import_module(name)
    finally:
        logger.removeFilter(mute)
    inspect.getmodule(inspect.currentframe())  # a frame: the lookup maps every module to its file
    return names


class _NoRuntimeYet(logging.Filter):
    """Drops Streamlit's "No runtime found" warning (the server is not running yet)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("No runtime found")


def main(argv: list[str] | None = None) -> None:
    """Warm the imports, then ``streamlit run app.py`` with ``argv`` in this process.

    The imported modules are moved out of the garbage collector's sight
    (``gc.freeze``): Streamlit collects all generations after every script run, and
    they are most of the objects it would walk each time (~0.1 s a run here), yet live
    as long as the server. Replay cache entries are written at once here, not in the
    background as the command line writes them
    (:func:`analytics.scoring.cache_entries.write_in_background`): a writer thread took
    polars' two threads from the first pages (the Scoring page's first load on new data
    1.2–1.5 s against 0.7–1.0 s at 100k leads).
    """
    args = sys.argv[1:] if argv is None else argv
    warm()
    gc.freeze()
    from streamlit.web import cli

    from ui.state import served_db_path

    script_args = args[args.index("--") + 1 :] if "--" in args else []
    if prepares():
        threading.Thread(
            target=prepare_when_running,
            args=(served_db_path(script_args),),
            name="kakehashi-prepare",
            daemon=True,
        ).start()
    sys.argv = ["streamlit", "run", str(ROOT / "app.py"), *args]
    cli.main()


def prepares() -> bool:
    """Whether the server prepares the pages at its start: yes unless
    ``KAKEHASHI_PREPARE_PAGES`` is ``0`` (at 1M leads the preparation takes ~25 s of
    background work and holds ~4 GB, as visiting every page would; a small machine
    serving a large workspace may rather leave each page to its first visit).

    Example:
        >>> import os
        >>> prepares() == (os.environ.get("KAKEHASHI_PREPARE_PAGES", "").strip() != "0")
        True
    """
    return os.environ.get("KAKEHASHI_PREPARE_PAGES", "").strip() != "0"


def prepare_when_running(path: str, *, timeout: float = 60.0) -> list[str]:
    """Once the server runs, build what the served workspace's pages read first
    (:func:`ui.cache.prepare_pages`); the names of the steps done.

    A new server's first page used to replay the whole history itself (0.8 s at 100k
    leads, 4 s at 1M) when nothing was kept for the data (a first import, a new
    workspace), and each page its own data at its first visit; now they are built from
    the server's start, and a page that comes meanwhile waits for the one it needs
    instead of building it again.
    """
    from streamlit.runtime import Runtime

    from ui.cache import prepare_pages

    deadline = time.monotonic() + timeout
    while not Runtime.exists():  # the caches belong to the server: wait for it
        if time.monotonic() > deadline:
            return []
        time.sleep(0.05)
    return prepare_pages(path)


if __name__ == "__main__":
    main()
