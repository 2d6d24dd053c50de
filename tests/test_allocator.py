"""polars' allocator settings reach jemalloc in the CLI's and the server's processes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from analytics.allocator import ENV, POLARS_ALLOCATOR

ROOT = Path(__file__).resolve().parent.parent
# a little polars work, so that jemalloc starts and reads its settings
POLARS_WORK = "import polars as pl; print(pl.DataFrame({'a': list(range(100000))}).sum().item())"


def _python(code: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k != ENV}
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env={**clean, **env},
        capture_output=True, text=True, timeout=120, check=True,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("setting", "refused"), [(POLARS_ALLOCATOR, False), ("not_a_jemalloc_option:1", True)]
)
def test_polars_jemalloc_takes_the_setting(setting: str, refused: bool) -> None:
    """jemalloc names a setting it does not know on stderr: ours is not one of them."""
    done = _python(POLARS_WORK, **{ENV: setting})
    assert done.stdout.strip() == str(sum(range(100000)))
    assert ("<jemalloc>" in done.stderr) is refused, done.stderr


@pytest.mark.parametrize(
    "entry",
    [
        # python -m analytics (its __main__, as runpy runs it)
        "import runpy, sys\nsys.argv = ['analytics', '--help']\n"
        "try:\n    runpy.run_module('analytics', run_name='__main__')\nexcept SystemExit:\n    pass\n",
        "import serve\n",  # the dashboard's launcher
    ],
)
def test_the_cli_and_the_server_set_it_before_polars_loads(entry: str) -> None:
    """Set before polars loads: polars puts its own pairs first, ours come last and win."""
    code = f"{entry}import os, polars\nprint(os.environ.get({ENV!r}))\n"
    assert _python(code).stdout.splitlines()[-1].endswith(POLARS_ALLOCATOR)
    # a setting the environment has already is kept instead
    kept = _python(code, **{ENV: "narenas:2"}).stdout.splitlines()[-1]
    assert kept.endswith("narenas:2") and POLARS_ALLOCATOR not in kept
