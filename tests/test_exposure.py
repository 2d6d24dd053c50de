"""Exposure (issue 14, class 8): the dashboard listens on this machine only unless told otherwise.

The dashboard has no login, so ``.streamlit/config.toml`` binds it to 127.0.0.1 and
``make run`` passes ``--server.address $(ADDRESS)`` (default 127.0.0.1); sharing it on a
team network is a deliberate setting (README, "Sharing the dashboard"). Checked on a real
``streamlit run`` started with no address flag: its listening socket is on 127.0.0.1.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import tomllib
import urllib.request
from pathlib import Path

from tests.test_pages import build_demo_db

ROOT = Path(__file__).resolve().parent.parent


def test_config_and_make_run_bind_localhost() -> None:
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["address"] == "127.0.0.1"
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^ADDRESS \?= 127\.0\.0\.1$", makefile, re.M)
    run = re.search(r"^run:.*\n\t(.+)$", makefile, re.M)
    assert run and "--server.address $(ADDRESS)" in run.group(1)
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "Sharing the dashboard" in readme and "ADDRESS=0.0.0.0" in readme


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def listening_addresses(port: int) -> set[str]:
    """The local addresses with a TCP socket listening on ``port`` (from /proc/net/tcp{,6})."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, hex_port = local.split(":")
            if state == "0A" and int(hex_port, 16) == port:  # 0A: LISTEN
                found.add(address)
    return found


def test_a_started_dashboard_listens_on_localhost_only(tmp_path: Path) -> None:
    db = build_demo_db(tmp_path / "demo.duckdb", leads=200)
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
         "--server.port", str(port), "--server.fileWatcherType", "none", "--", "--db", str(db)],
        cwd=ROOT, env=os.environ.copy(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2):
                    break
            except OSError:
                assert time.monotonic() < deadline and process.poll() is None, "no dashboard"
                time.sleep(0.3)
        addresses = listening_addresses(port)
        assert addresses == {"0100007F"}, addresses  # 127.0.0.1, and no 0.0.0.0 / ::
    finally:
        process.terminate()
        process.wait(timeout=15)
