"""Page loads in a real browser, beside the benchmark: ``python -m analytics.cli.bench_pages``.

Builds a demo workspace (``--leads``, default 100,000), starts the dashboard on it as
``make run`` does (``serve.py``; headless, on 127.0.0.1), and opens every page in a new
browser session of Debian's Chromium (Playwright's Python package, ``executable_path``). Per page it reports

- **wall**: from navigation to the app idle (the script finished, frontend included);
- **server**: from the script starting to it finishing (the app's
  ``data-test-script-state``), i.e. the server time of the first load.

Four passes: ``cold`` (new server, empty sidecar cache: nothing was ever prepared for this
data), ``restart`` (new server, sidecar kept: a new process after any command or page
prepared the data), ``session`` (same server, new session) and ``import`` (the CLI's
``import activities`` of a small file — the activities of 1% of the leads again, one
second earlier, so the data's end stays — then a new server: the first loads right after
an import; the overview, loaded first, brings the data up to date). With
``--passes import-each`` (not run by default: a server per page), every page is the first
load after an import of its own (another 1% of the leads each time): the strictest
reading of "right after an import". Prints a table, or JSON with ``--format json``.
Needs ``/usr/bin/chromium`` and ``playwright``.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("KAKEHASHI_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking",
    "--disable-component-update", "--no-first-run", "--disable-sync",
]  # fmt: skip
PAGES = (
    "overview", "import_data", "scoring", "whatif", "funnel", "bands", "profile", "stages",
    "sla", "feedback", "model", "experiments", "agreement",
)  # fmt: skip
STATE = '[data-testid="stApp"]'
TIMEOUT_MS = 180_000


def free_port() -> int:
    """A free TCP port on 127.0.0.1."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_healthy(url: str, server: subprocess.Popen[bytes], *, timeout: float) -> None:
    """Wait until the dashboard at ``url`` answers its health check.

    Raises:
        RuntimeError: the server process exited.
        TimeoutError: no answer within ``timeout`` seconds.
    """
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"streamlit exited with code {server.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.read().strip() == b"ok":
                    return
        except OSError:
            time.sleep(0.3)
    raise TimeoutError(f"streamlit did not become healthy at {url} within {timeout:.0f}s")


@contextlib.contextmanager
def dashboard(db: Path, log_path: Path, *, timeout: float = 120) -> Iterator[str]:
    """The dashboard on ``db`` as ``make run`` starts it (``serve.py``: ``streamlit run
    app.py`` with the pages' modules imported first; headless, 127.0.0.1, English); its URL
    while the block runs. The browser tests start their dashboards with it too."""
    port = free_port()
    with log_path.open("ab") as log:
        process = subprocess.Popen(
            [
                sys.executable, "serve.py", "--server.headless", "true",
                "--server.port", str(port), "--server.address", "127.0.0.1",
                "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none",
                "--", "--db", str(db),
            ],
            cwd=ROOT,
            env={**os.environ, "KAKEHASHI_LANG": "en"},
            stdout=log,
            stderr=subprocess.STDOUT,
        )  # fmt: skip
        url = f"http://127.0.0.1:{port}"
        try:
            wait_healthy(url, process, timeout=timeout)
            yield url
        finally:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def load_page(browser: Any, url: str) -> tuple[float, float]:
    """(wall, server) seconds of one page's first load in a new browser session."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="en-US")
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    # record, in the page, when the script starts and stops running
    page.add_init_script(
        """
        window.__kk = {start: null, stop: null};
        new MutationObserver(() => {
          const app = document.querySelector('[data-testid="stApp"]');
          if (!app) return;
          const state = app.getAttribute('data-test-script-state');
          if (state === 'running' && window.__kk.start === null) window.__kk.start = performance.now();
          if (state === 'notRunning' && window.__kk.start !== null && window.__kk.stop === null)
            window.__kk.stop = performance.now();
        }).observe(document, {subtree: true, attributes: true, childList: true});
        """
    )
    try:
        start = time.perf_counter()
        page.goto(url)
        page.wait_for_function("window.__kk && window.__kk.stop !== null", timeout=TIMEOUT_MS)
        wall = time.perf_counter() - start
        marks = page.evaluate("window.__kk")
        return wall, (marks["stop"] - marks["start"]) / 1000.0
    finally:
        context.close()


def run_pages(db: Path, folder: Path, *, passes: tuple[str, ...]) -> list[dict[str, Any]]:
    """Every page's first load in each pass (see the module docstring)."""
    from playwright.sync_api import sync_playwright

    rows = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            for name in passes:
                if name == "import-each":
                    rows += _import_each(browser, db, folder)
                    continue
                if name == "cold":
                    shutil.rmtree(db.with_name(db.name + ".cache"), ignore_errors=True)
                if name == "import":
                    import_small(db, folder)
                with dashboard(db, folder / "streamlit.log") as url:
                    for page in PAGES:
                        wall, server = load_page(browser, f"{url}/{page}")
                        rows.append({"pass": name, "page": page, "wall": wall, "server": server})
                        print(f"{name:8} {page:12} wall {wall:6.2f} s  server {server:6.2f} s",
                              file=sys.stderr, flush=True)  # fmt: skip
                    if name == "restart":  # same server, new sessions
                        for page in PAGES:
                            wall, server = load_page(browser, f"{url}/{page}")
                            rows.append(
                                {"pass": "session", "page": page, "wall": wall, "server": server}
                            )
        finally:
            browser.close()
    return rows


def _import_each(browser: Any, db: Path, folder: Path) -> list[dict[str, Any]]:
    """Pass ``import-each``: per page, an import (another 1% of the leads each), a new
    server, and that page loaded first (in ``import`` the overview brings the data up to
    date and the pages after it find most of it done)."""
    rows = []
    for bucket, page in enumerate(PAGES, start=1):  # another 1% of the leads each time
        import_small(db, folder, bucket)
        with dashboard(db, folder / "streamlit.log") as url:
            wall, server = load_page(browser, f"{url}/{page}")
        rows.append({"pass": "import-each", "page": page, "wall": wall, "server": server})
        print(f"import-each {page:12} wall {wall:6.2f} s  server {server:6.2f} s",
              file=sys.stderr, flush=True)  # fmt: skip
    return rows


def import_small(db: Path, folder: Path, bucket: int = 0) -> None:
    """Import the activities of 1% of the leads again (one second earlier) with the CLI:
    the leads whose ``hash(lead_id) % 100`` is ``bucket``."""
    from analytics.store.db import Workspace

    path = folder / "activities-small.csv"
    with Workspace.open(db, read_only=True) as ws:
        ws.query(
            "SELECT lead_id, occurred_at - INTERVAL 1 SECOND AS occurred_at, type, detail, "
            "duration_s, campaign FROM activities WHERE hash(lead_id) % 100 = ?",
            [bucket],
        ).write_csv(path)
    subprocess.run(
        [sys.executable, "-m", "analytics", "import", "activities", str(path), "--db", str(db)],
        cwd=ROOT,
        check=True,
        stdout=subprocess.DEVNULL,
    )


def main(argv: list[str] | None = None) -> int:
    """Build the workspace, time the pages, print the figures."""
    parser = argparse.ArgumentParser(prog="python -m analytics.cli.bench_pages")
    parser.add_argument("--leads", type=int, default=100_000)
    parser.add_argument("--workdir", type=Path, default=None)
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.add_argument(
        "--passes",
        nargs="+",
        choices=("cold", "restart", "import", "import-each"),
        default=["cold", "restart", "import"],
        help="which passes to run, in order (restart includes the session pass)",
    )
    args = parser.parse_args(argv)
    if not CHROMIUM.exists():
        print(f"{CHROMIUM} not found: apt-get install chromium fonts-noto-cjk", file=sys.stderr)
        return 2
    from analytics.store import demo
    from analytics.store.db import Workspace

    folder = args.workdir or Path(tempfile.mkdtemp(prefix="kakehashi-pages-"))
    folder.mkdir(parents=True, exist_ok=True)
    db = folder / "pages.duckdb"
    if not db.exists():
        with Workspace.open(db) as ws:
            demo.load_demo(ws, leads=args.leads, seed=12)
    rows = run_pages(db, folder, passes=tuple(args.passes))
    if args.format == "json":
        print(json.dumps({"leads": args.leads, "loads": rows}, indent=2))
    else:
        for row in rows:
            print(f"{row['pass']:8} {row['page']:12} {row['wall']:7.2f} {row['server']:7.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
