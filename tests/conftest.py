"""Shared fixtures: fresh workspaces and paths to the real datasets."""

from __future__ import annotations

from pathlib import Path

import pytest

from analytics.db import Workspace

ROOT = Path(__file__).resolve().parent.parent
REAL_DATA = ROOT.parent / "shared" / "data" / "real"


@pytest.fixture
def ws(tmp_path: Path):
    """An empty workspace in a temporary DuckDB file."""
    workspace = Workspace.open(tmp_path / "ws.duckdb")
    yield workspace
    workspace.close()


@pytest.fixture
def real_data() -> Path:
    """The folder of real public datasets (skips if shared/ is not beside the repo)."""
    if not REAL_DATA.is_dir():
        pytest.skip(f"real datasets not found at {REAL_DATA}")
    return REAL_DATA
