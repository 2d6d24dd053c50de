"""Workspace: schema, migration, transactions, locking."""

from __future__ import annotations

import subprocess
import sys

import pytest

from analytics.errors import WorkspaceError
from analytics.store.db import SCHEMA_VERSION, TABLES, Workspace, quote_ident


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
        code = "from analytics.cli.main import main; import sys; sys.exit(main(['demo', '--db', sys.argv[1], '--leads', '10']))"
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


# Version 1's import_rejects (before reject reasons kept their message key and values).
V1_IMPORT_REJECTS = """
    import_id BIGINT,
    row_number BIGINT,
    "column" VARCHAR,
    reason VARCHAR,
    raw VARCHAR
"""
V2_SIGNOFFS = """
    criteria_id BIGINT,
    team VARCHAR,
    signed_by VARCHAR,
    signed_at TIMESTAMP,
    note VARCHAR
"""
# Tables a version-1 workspace had in another shape, or did not have (None).
V1_TABLES = {"import_rejects": V1_IMPORT_REJECTS, "signoffs": V2_SIGNOFFS, "criteria_events": None}


def _version_1_workspace(path):
    """A workspace file as Kakehashi schema version 1 created it, with one stored reject."""
    import duckdb

    con = duckdb.connect(str(path))
    for name, body in TABLES.items():
        body = V1_TABLES.get(name, body)
        if body is not None:
            con.execute(f"CREATE TABLE {quote_ident(name)} ({body})")
    con.execute("INSERT INTO meta VALUES ('schema_version', '1'), ('data_version', '3')")
    con.execute(
        "INSERT INTO imports (import_id, kind, file_name, rejected, status) "
        "VALUES (1, 'leads', 'old.csv', 1, 'partial')"
    )
    con.execute(
        "INSERT INTO import_rejects VALUES (1, 2, 'created_at', "
        "'bad date ''x'' in column ''created_at'': expected a date', '{}')"
    )
    con.close()
    return path


def test_version_1_workspace_is_migrated(tmp_path):
    from analytics.store.ingest import import_file, list_rejects

    path = _version_1_workspace(tmp_path / "v1.duckdb")
    with Workspace.open(path) as ws:
        assert ws.scalar("SELECT value FROM meta WHERE key = 'schema_version'") == str(
            SCHEMA_VERSION
        )
        assert ws.data_version == 3
        assert list(ws.columns("signoffs"))[-2:] == ["body_sha256", "event_id"]
        assert ws.scalar("SELECT count(*) FROM criteria_events") == 0
        columns = ws.columns("import_rejects")
        assert list(columns)[-2:] == ["reason_key", "reason_values"]
        # the old reject keeps its English reason in every language
        assert list_rejects(ws, 1, lang="ja")["reason"].to_list() == [
            "bad date 'x' in column 'created_at': expected a date"
        ]
        result = import_file(ws, "leads", b"lead_id,employees\nL1,x\nL2,3\n", file_name="l.csv")
        assert result.import_id == 2
        assert list_rejects(ws, 2, lang="ja")["reason"][0].startswith("列 'employees' の 'x'")
    with Workspace.open(path) as again:  # reopening runs nothing twice
        assert again.scalar("SELECT value FROM meta WHERE key = 'schema_version'") == str(
            SCHEMA_VERSION
        )


def test_new_workspace_is_stamped_without_migrations(tmp_path, monkeypatch):
    import analytics.store.db

    monkeypatch.setattr(analytics.store.db, "MIGRATIONS", {2: ("SELECT error('migration ran')",)})
    with Workspace.open(tmp_path / "new.duckdb") as ws:
        assert ws.scalar("SELECT value FROM meta WHERE key = 'schema_version'") == str(
            SCHEMA_VERSION
        )
        assert {"reason_key", "reason_values"} <= set(ws.columns("import_rejects"))
    with pytest.raises(Exception, match="migration ran"):
        Workspace.open(_version_1_workspace(tmp_path / "v1.duckdb"))


def test_workspace_errors_are_localized(tmp_path):
    path = tmp_path / "w.duckdb"
    with Workspace.open(path) as w, w.transaction() as cur:
        cur.execute("UPDATE meta SET value = '999' WHERE key = 'schema_version'")
    with pytest.raises(WorkspaceError) as info:
        Workspace.open(path)
    assert info.value.key == "db.newer_schema"
    assert "スキーマ版 999" in info.value.localized("ja") and repr(
        str(path)
    ) in info.value.localized("ja")
