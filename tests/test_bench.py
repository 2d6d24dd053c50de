"""The benchmark harness runs end to end at a tiny size and reports the DESIGN §4 shape.

No timing is asserted here: targets live in `python -m analytics bench`.
"""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest

from analytics.cli import bench_peers
from analytics.cli.bench import TARGETS, measure, run_bench
from analytics.cli.main import main
from analytics.store import demo, ingest
from analytics.store.db import Workspace


def test_bench_shape_and_floors(tmp_path):
    result = run_bench(leads=400, interactive_leads=300, workdir=tmp_path)
    assert set(result) >= {"machine", "leads", "activities", "steps"}
    assert result["leads"] == 400 and result["activities"] > 400
    names = [step["name"] for step in result["steps"]]
    assert set(TARGETS) <= set(names)
    for step in result["steps"]:
        assert set(step) == {"name", "seconds", "floor_seconds", "ratio", "peak_rss_mb"}
        assert step["seconds"] >= 0 and step["peak_rss_mb"] > 0
        if step["floor_seconds"] is not None:
            # ratio comes from unrounded times; seconds and floor are rounded to 0.1 ms
            expected = step["seconds"] / step["floor_seconds"]
            assert step["ratio"] == pytest.approx(expected, rel=0.05, abs=0.01)
    floored = {s["name"] for s in result["steps"] if s["floor_seconds"] is not None}
    assert floored == {
        "import leads",
        "import activities",
        "import leads + activities",
        "feature matrix",
        "end to end",  # its floor is the pandas peer
    }
    assert set(names) >= {
        "peer pandas",
        "peer polars",
        "end to end",
        "bands (warm)",
        "sweep (warm)",
        "incremental replay",
    }
    peers = result["peers"]
    assert peers["pandas_agrees"] and peers["polars_agrees"]
    assert peers["ratio_to_pandas"] > 0 and peers["ratio_to_polars"] > 0


@pytest.mark.parametrize("seed", [3, 8, 21, 34])
def test_peers_answer_as_the_product(tmp_path, seed):
    """The pandas and polars peers give the product's band table and sweep on the same CSVs."""
    frames = demo.generate_demo(leads=500, seed=seed)
    paths = {kind: tmp_path / f"{kind}.csv" for kind in ("leads", "activities")}
    for kind, path in paths.items():
        frames[kind].write_csv(path)
    criteria_file = tmp_path / "peer.toml"
    criteria_file.write_text(bench_peers.peer_criteria_toml(), encoding="utf-8")
    with Workspace.open(tmp_path / "w.duckdb") as ws:
        for kind, path in paths.items():
            ingest.import_file(ws, kind, path)
        product = bench_peers.product_answers(ws, criteria_file)
    assert product["bands"]["leads"].sum() == 500
    thresholds = product["sweep"]["threshold"].to_list()
    for peer in (bench_peers.peer_pandas, bench_peers.peer_polars):
        answer = peer(paths["leads"], paths["activities"], thresholds)
        assert bench_peers.same_answers(answer, product)
        assert answer["sweep"].equals(product["sweep"])


def test_measure_reports_ratio():
    step, value = measure("sum", lambda: sum(range(10)), floor=0.5)
    assert value == 45
    assert abs(step.ratio - step.seconds / 0.5) < 0.01


def test_bench_cli_json(tmp_path, capsys):
    code = main(
        [
            "bench",
            "--leads",
            "300",
            "--interactive-leads",
            "300",
            "--format",
            "json",
            "--workdir",
            str(tmp_path),
        ]
    )
    assert code == 0
    data = json.loads(capsys.readouterr().out)
    assert data["leads"] == 300
    assert "cores" in data["machine"]


def test_big_import_step(tmp_path):
    from analytics.cli import bench_big

    frames = demo.generate_demo(leads=300, seed=2)
    leads = tmp_path / "leads.csv"
    frames["leads"].write_csv(leads)
    steps, lines = [], []
    bench_big.record_big_import(leads, tmp_path, steps.append, lines.append, rows=1_000)
    (step,) = steps
    assert step.name == "import leads (big file)" and step.floor_seconds and step.peak_rss_mb > 0
    assert any(line.strip().startswith("import: done · 100%") for line in lines)
    assert not (tmp_path / "leads-big.csv").exists()


def test_write_big_leads_suffixes_ids(tmp_path):
    from analytics.cli import bench_big

    source = tmp_path / "s.csv"
    source.write_text("lead_id,company\nA,x\nB,y\n", encoding="utf-8")
    target = tmp_path / "t.csv"
    assert bench_big.write_big_leads(source, target, rows=5) > 0
    ids = target.read_text(encoding="utf-8").splitlines()[1:]
    assert len(ids) == 5 and len({line.split(",")[0] for line in ids}) == 5


def test_the_demo_csvs_are_written_by_a_process_of_their_own(tmp_path: Path) -> None:
    """The generator runs in a child process: its steps come back, its frames stay there."""
    from analytics.cli.bench import demo_csvs

    paths = {kind: tmp_path / f"{kind}.csv" for kind in ("leads", "activities")}
    steps, n_activities = demo_csvs(200, 150, paths)
    assert [s.name for s in steps] == ["generate demo data", "write csv"]
    assert all(s.seconds > 0 and s.peak_rss_mb > 0 for s in steps)
    assert pl.read_csv(paths["activities"]).height == n_activities == 150
    assert pl.read_csv(paths["leads"]).height == 200
