"""The benchmark harness runs end to end at a tiny size and reports the DESIGN §4 shape.

No timing is asserted here: targets live in `python -m analytics bench`.
"""

from __future__ import annotations

import json

import pytest

from analytics.cli.bench import TARGETS, measure, run_bench
from analytics.cli.main import main


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
    }


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
