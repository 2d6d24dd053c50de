"""CLI: ``model`` and ``experiment`` — JSON shapes, exit codes, one-line errors."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from analytics.cli.main import main
from analytics.criteria import list_criteria
from analytics.store.db import Workspace
from tests.test_pages import demo_db  # noqa: F401  (fixture)

MODEL_KEYS = {
    "outcome",
    "validation",
    "train",
    "test",
    "models",
    "rules_auc",
    "flagged",
    "scorecard",
}


@pytest.fixture
def db(demo_db: Path, tmp_path: Path) -> Path:  # noqa: F811
    """A writable copy of the demo workspace."""
    path = tmp_path / "cli.duckdb"
    shutil.copy(demo_db, path)
    return path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_model_json(db: Path, capsys) -> None:
    code, out, err = run(capsys, "model", "--db", str(db), "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    assert set(data) == MODEL_KEYS
    assert data["outcome"] == "won"
    assert data["validation"]["method"] == "out_of_time"
    assert [m["name"] for m in data["models"]] == ["logistic_regression", "gradient_boosting"]
    assert {f["column"] for f in data["flagged"]} >= {"status"}  # the demo's lead status leaks
    assert data["scorecard"] and set(data["scorecard"][0]) == {"rule", "value", "points"}
    assert all(p["points"] % 5 == 0 for p in data["scorecard"])
    enough = data["validation"]["enough_data"]
    assert enough == (data["test"]["conversions"] >= data["validation"]["min_conversions"])
    assert (data["rules_auc"] is None) == (not enough)


def test_model_sql_split_and_save_draft(db: Path, capsys) -> None:
    code, out, err = run(
        capsys, "model", "--db", str(db), "--outcome", "sql", "--split", "2025-09",
        "--save-draft", "--format", "json",
    )  # fmt: skip
    assert code == 0, err
    data = json.loads(out)
    assert data["outcome"] == "sql" and data["validation"]["split"] == "2025-09"
    assert data["validation"]["reason"] == "user_split"
    assert "saved the scorecard as draft criteria" in err
    with Workspace.open(db) as ws:
        saved = list_criteria(ws).row(0, named=True)
    assert (saved["name"], saved["status"]) == ("model_scorecard", "draft")


def test_model_text(db: Path, capsys) -> None:
    code, out, _ = run(capsys, "model", "--db", str(db))
    assert code == 0
    assert "validation: out of time" in out and "scorecard (rounded to 5" in out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["model", "--split", "2031-01"], "split month '2031-01' leaves no dated leads"),
        (["model", "--split", "soon"], "month 'soon' is not YYYY-MM"),
        (["experiment", "show", "7"], "experiment 7 not found"),
        (["experiment", "create", "--champion", "1"], "needs --champion and --challenger"),
        (["experiment", "backtest", "1"], "needs two criteria"),
    ],
)
def test_bad_input_exits_2_with_one_line(db: Path, capsys, argv: list[str], message: str) -> None:
    code, _, err = run(capsys, *argv, "--db", str(db))
    assert code == 2
    line = err.strip().splitlines()[-1]
    assert line.startswith("error:") and message in line, err


def test_experiment_create_list_show_backtest(db: Path, tmp_path: Path, capsys) -> None:
    toml = tmp_path / "loose.toml"
    from dataclasses import replace

    from analytics.criteria import default_criteria, dump_criteria, save_draft

    toml.write_text(dump_criteria(replace(default_criteria(), threshold=80)), encoding="utf-8")
    with Workspace.open(db) as ws:
        a = save_draft(ws, default_criteria(), created_by="t")
        b = save_draft(ws, replace(default_criteria(), threshold=80), created_by="t")
    code, out, err = run(
        capsys, "experiment", "create", "--db", str(db), "--champion", str(a), "--challenger",
        str(b), "--share", "0.2", "--start", "2026-05-01", "--seed", "11", "--format", "json",
    )  # fmt: skip
    assert code == 0, err
    created = json.loads(out)
    assert (created["seed"], created["challenger_share"]) == (11, 0.2)
    assert created["planned_champion"] > created["planned_challenger"] > 0

    code, out, _ = run(capsys, "experiment", "list", "--db", str(db), "--format", "json")
    assert [e["experiment_id"] for e in json.loads(out)] == [created["experiment_id"]]

    code, out, _ = run(
        capsys,
        "experiment",
        "show",
        str(created["experiment_id"]),
        "--db",
        str(db),
        "--format",
        "json",
    )
    shown = json.loads(out)
    assert set(shown) == {"experiment", "as_of", "arms", "difference", "verdict"}
    assert [arm["arm"] for arm in shown["arms"]] == ["champion", "challenger"]
    assert shown["verdict"] == "not_yet_decidable"
    assert all(arm["needed"] == arm["planned"] - arm["leads"] for arm in shown["arms"])

    code, out, _ = run(capsys, "experiment", "show", str(created["experiment_id"]), "--db", str(db))
    assert "verdict: not yet decidable" in out

    code, out, err = run(
        capsys, "experiment", "backtest", str(a), str(toml), "--db", str(db), "--format", "json"
    )
    assert code == 0, err
    bt = json.loads(out)
    assert bt["mcnemar"]["a_only"] == 0 and bt["mcnemar"]["b_only"] > 0
    assert [s["threshold"] for s in bt["sides"]] == [100.0, 80.0]
