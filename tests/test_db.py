"""Workspace: schema, migration, transactions, locking."""

from __future__ import annotations

import subprocess
import sys

import pytest

from analytics.db import SCHEMA_VERSION, TABLES, Workspace, quote_ident
from analytics.errors import WorkspaceError


def test_schema_created_with_version(ws):
    assert ws.scalar("SELECT value FROM meta WHERE key = 'schema_version'") == str(SCHEMA_VERSION)
    for table in TABLES:
        assert ws.columns(table), table


def test_reopen_is_idempotent(tmp_path):
    path = tmp_path / "w.duckdb"
    with Workspace.open(path) as first, first.transaction() as cur:
        cur.execute("INSERT INTO leads (lead_id) VALUES ('L1')")
    with Workspace.open(path) as second:
        assert second.table_counts()["leads"] == 1


def test_failed_transaction_writes_nothing(ws):
    before = ws.fingerprint()
    with pytest.raises(RuntimeError), ws.transaction() as cur:
        cur.execute("INSERT INTO leads (lead_id) VALUES ('L1')")
        raise RuntimeError("boom")
    assert ws.fingerprint() == before


def test_newer_schema_refused(tmp_path):
    path = tmp_path / "w.duckdb"
    with Workspace.open(path) as w, w.transaction() as cur:
        cur.execute("UPDATE meta SET value = '999' WHERE key = 'schema_version'")
    with pytest.raises(WorkspaceError, match="newer than this"):
        Workspace.open(path)


def test_second_process_gets_clear_message(tmp_path):
    path = tmp_path / "w.duckdb"
    with Workspace.open(path):
        code = "from analytics.cli import main; import sys; sys.exit(main(['demo', '--db', sys.argv[1], '--leads', '10']))"
        done = subprocess.run(
            [sys.executable, "-c", code, str(path)], capture_output=True, text=True, check=False
        )
    assert done.returncode == 2
    assert "is in use by process" in done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize(
    ("name", "quoted"),
    [("a", '"a"'), ("Created Date", '"Created Date"'), ('x"y', '"x""y"'), ("会社名", '"会社名"')],
)
def test_quote_ident(name, quoted):
    assert quote_ident(name) == quoted


def test_add_columns_keeps_existing(ws):
    with ws.transaction() as cur:
        ws.add_columns(cur, "leads", {"業種コード": "VARCHAR", "company": "VARCHAR"})
    assert ws.columns("leads")["業種コード"] == "VARCHAR"
    with pytest.raises(WorkspaceError, match="unsupported column type"), ws.transaction() as cur:
        ws.add_columns(cur, "leads", {"x": "BLOB; DROP TABLE leads"})
