"""Import progress: stages in order with an estimate; the CLI prints it on stderr only."""

from __future__ import annotations

import json

from analytics.cli.main import main
from analytics.store.db import Workspace
from analytics.store.ingest import import_file
from analytics.store.progress import TASK_SHARES, Progress, describe

STAGE_SHARES = TASK_SHARES["import"]

LEADS = "lead_id,created_at,company\nA1,2025-01-05,Acme\nA2,2025-02-01,Beta\n"


def test_import_reports_every_stage_in_order():
    seen: list[Progress] = []
    with Workspace.open(":memory:") as ws:
        result = import_file(ws, "leads", LEADS.encode(), progress=seen.append)
    assert result.inserted == 2
    assert [p.stage for p in seen] == list(STAGE_SHARES)
    assert [p.fraction for p in seen] == sorted(p.fraction for p in seen)
    assert seen[0].remaining_s is None and seen[-1].remaining_s == 0.0
    assert all(p.file_bytes == len(LEADS.encode()) for p in seen)
    assert describe(seen[-1]).startswith("import: done · 100%")


def test_cli_progress_on_stderr_never_in_json(tmp_path, capsys):
    path = tmp_path / "leads.csv"
    path.write_text(LEADS, encoding="utf-8")
    db = str(tmp_path / "w.duckdb")
    assert main(["demo", "--db", db, "--leads", "10"]) == 0
    capsys.readouterr()
    code = main(["import", "leads", str(path), "--db", db, "--format", "json", "--progress"])
    out = capsys.readouterr()
    assert code == 0
    assert json.loads(out.out)["inserted"] == 2
    lines = [line for line in out.err.splitlines() if line.startswith("import: ")]
    assert [line.split(" · ")[0] for line in lines] == ["import: " + s for s in STAGE_SHARES]
