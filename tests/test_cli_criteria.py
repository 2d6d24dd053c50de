"""The agreement from the command line: criteria … and compare A B (exit codes, JSON shapes)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from analytics.cli.main import main
from analytics.criteria import DEFAULT_PATH
from tests import test_pages

demo_db = test_pages.demo_db

LIST_KEYS = {
    "criteria_id",
    "name",
    "version",
    "status",
    "sha256",
    "created_at",
    "created_by",
    "signoffs",
}


@pytest.fixture
def db(demo_db: Path, tmp_path: Path) -> str:
    path = tmp_path / "cli.duckdb"
    shutil.copy(demo_db, path)
    return str(path)


@pytest.fixture
def toml_90(tmp_path: Path) -> str:
    path = tmp_path / "t90.toml"
    text = DEFAULT_PATH.read_text(encoding="utf-8")
    path.write_text(
        text.replace("threshold = 100", "threshold = 90").replace(
            "contact_hours = 24", "contact_hours = 12"
        ),
        encoding="utf-8",
    )
    return str(path)


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def run_json(capsys, *argv: str):
    code, out, err = run(capsys, *argv, "--format", "json")
    assert code == 0, err
    return json.loads(out), err


def test_save_propose_sign_sign_agrees_and_every_command_uses_it(capsys, db, toml_90) -> None:
    # before any agreement: the shipped default, and the commands say it is not agreed
    data, err = run_json(capsys, "whatif", "--db", db)
    assert data["threshold"] == 100 and "Shipped default (not agreed)" in err

    first, _ = run_json(capsys, "criteria", "save", str(DEFAULT_PATH), "--by", "Aoki", "--db", db)
    assert first.keys() == {"criteria_id", "name", "version", "status", "sha256"}
    for argv in (
        ("propose", "1", "--by", "Aoki"),
        ("sign", "1", "--team", "marketing", "--by", "Aoki"),
        ("sign", "1", "--team", "sales", "--by", "Sato"),
    ):
        assert run(capsys, "criteria", *argv, "--db", db)[0] == 0

    second, _ = run_json(
        capsys, "criteria", "save", toml_90, "--by", "Aoki", "--note", "more MQLs", "--db", db
    )
    assert second["status"] == "draft" and second["version"] == 3
    proposed, _ = run_json(capsys, "criteria", "propose", "2", "--by", "Aoki", "--db", db)
    assert proposed["status"] == "proposed"
    half, _ = run_json(
        capsys, "criteria", "sign", "2", "--team", "marketing", "--by", "Mori", "--db", db
    )
    assert half["status"] == "proposed"
    assert [s["team"] for s in half["signoffs"]] == ["marketing"]
    data, _ = run_json(capsys, "whatif", "--db", db)
    assert data["threshold"] == 100  # one signature changes nothing
    done, _ = run_json(
        capsys,
        "criteria",
        "sign",
        "2",
        "--team",
        "sales",
        "--by",
        "Sato",
        "--note",
        "OK",
        "--db",
        db,
    )
    assert done["status"] == "agreed"
    assert [(s["team"], s["signed_by"], s["note"]) for s in done["signoffs"]] == [
        ("marketing", "Mori", None),
        ("sales", "Sato", "OK"),
    ]

    listed, _ = run_json(capsys, "criteria", "list", "--db", db)
    assert all(set(item) >= LIST_KEYS for item in listed)
    assert {item["criteria_id"]: item["status"] for item in listed} == {1: "retired", 2: "agreed"}

    # every command now uses it and says so
    data, err = run_json(capsys, "whatif", "--db", db)
    assert data["threshold"] == 90 and "default v3 · Agreed" in err
    code, out, err = run(capsys, "bands", "--db", db)
    assert code == 0 and "default v3 · Agreed" in err
    code, out, err = run(capsys, "metrics", "--db", db)
    assert code == 0 and "default v3 · Agreed" in err
    code, out, err = run(capsys, "score", "--db", db)
    assert code == 0 and "threshold 90" in out

    history, _ = run_json(capsys, "criteria", "history", "--db", db)
    actions = [(e["criteria_id"], e["action"]) for e in history["events"]]
    assert actions[-4:] == [(2, "sign"), (2, "sign"), (1, "retire"), (2, "agree")]
    proposal = next(
        e for e in history["events"] if e["criteria_id"] == 2 and e["action"] == "propose"
    )
    assert proposal["compared_with"] == 1
    assert [r["rule"] for r in proposal["changes"]] == ["threshold", "sla"]
    assert history["problems"] == []
    code, out, _ = run(capsys, "criteria", "history", "--id", "2", "--db", db)
    assert "threshold 100 → 90" in out and "#1" not in out

    code, out, _ = run(capsys, "criteria", "show", "2", "--db", db)
    assert code == 0 and "threshold = 90.0" in out


def test_reject_returns_to_draft(capsys, db) -> None:
    run(capsys, "criteria", "save", str(DEFAULT_PATH), "--by", "Aoki", "--db", db)
    run(capsys, "criteria", "propose", "1", "--by", "Aoki", "--db", db)
    back, _ = run_json(
        capsys, "criteria", "reject", "1", "--by", "Sato", "--note", "not yet", "--db", db
    )
    assert back["status"] == "draft" and back["signoffs"] == []
    retired, _ = run_json(capsys, "criteria", "retire", "1", "--by", "Aoki", "--db", db)
    assert retired["status"] == "retired"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (("criteria", "propose", "7", "--by", "A"), "criteria version 7 not found"),
        (("criteria", "sign", "1", "--team", "sales", "--by", "A"), "not proposed"),
        (("criteria", "reject", "1", "--by", "A", "--note", " "), "needs a reason"),
        (("criteria", "save", "missing.toml", "--by", "A"), "missing.toml"),
        (("compare", "1", "nothing-here"), "'nothing-here' is neither"),
    ],
)
def test_bad_input_exits_2_with_one_line(capsys, db, argv, message) -> None:
    run(capsys, "criteria", "save", str(DEFAULT_PATH), "--by", "Aoki", "--db", db)
    code, _, err = run(capsys, *argv, "--db", db)
    assert code == 2
    err = err.strip()
    assert err.startswith("error:") and message in err and "\n" not in err, err


def test_tampering_is_reported_by_history_and_every_command(capsys, db) -> None:
    from analytics.store.db import Workspace

    run(capsys, "criteria", "save", str(DEFAULT_PATH), "--by", "A", "--db", db)
    run(capsys, "criteria", "propose", "1", "--by", "A", "--db", db)
    run(capsys, "criteria", "sign", "1", "--team", "marketing", "--by", "A", "--db", db)
    run(capsys, "criteria", "sign", "1", "--team", "sales", "--by", "B", "--db", db)
    with Workspace.open(db) as ws, ws.transaction() as cur:
        cur.execute(
            "UPDATE criteria SET body = replace(body, 'threshold = 100.0', 'threshold = 5.0')"
        )
    history, _ = run_json(capsys, "criteria", "history", "--db", db)
    assert {p["problem"] for p in history["problems"]} == {"body_changed", "signed_body_changed"}
    data, err = run_json(capsys, "whatif", "--db", db)
    assert data["threshold"] == 100  # the tampered version is not used
    assert "changed outside Kakehashi" in err


def test_compare_equals_whatif_on_each_side(capsys, db, toml_90, tmp_path) -> None:
    run(capsys, "criteria", "save", str(DEFAULT_PATH), "--by", "Aoki", "--db", db)
    stored = tmp_path / "stored.toml"
    stored.write_text(run(capsys, "criteria", "show", "1", "--db", db)[1], encoding="utf-8")
    data, _ = run_json(capsys, "compare", "1", toml_90, "--db", db, "--capacity", "12")
    assert list(data)[:7] == [
        "a",
        "b",
        "rules",
        "becomes_mql",
        "stops_mql",
        "difference",
        "differences",
    ]
    assert data["rules"] == [
        {"rule": "threshold", "field": "threshold", "a": 100.0, "b": 90.0, "change": "changed"},
        {"rule": "sla", "field": "contact_hours", "a": 24.0, "b": 12.0, "change": "changed"},
    ]
    assert data["difference"].keys() == {"metric", "a", "b", "diff", "ci_low", "ci_high", "p_value"}
    assert data["a"]["criteria"]["criteria_id"] == 1 and data["b"]["criteria"]["status"] == "file"
    for side, path in (("a", stored), ("b", toml_90)):
        whatif, _ = run_json(
            capsys, "whatif", "--criteria", str(path), "--capacity", "12", "--db", db
        )
        assert {k: data[side][k] for k in whatif} == whatif
    assert len(data["becomes_mql"]) - len(data["stops_mql"]) == data["b"]["mql"] - data["a"]["mql"]
    code, out, _ = run(capsys, "compare", "1", toml_90, "--db", db)
    assert code == 0 and "threshold 100 → 90" in out and "MQL→SQL: " in out
