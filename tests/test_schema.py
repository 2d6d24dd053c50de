"""The tables declared as data (analytics/store/schema.py) are what a workspace holds."""

from __future__ import annotations

import pytest

from analytics.errors import InputError
from analytics.store.db import Workspace
from analytics.store.presets import SQL_TYPES, VALUE_TYPES
from analytics.store.schema import (
    DATA_TABLES,
    POLARS_TYPES,
    SCHEMA,
    import_columns,
    polars_schema,
)


@pytest.fixture(scope="module")
def mem() -> Workspace:
    ws = Workspace.open(":memory:")
    yield ws
    ws.close()


@pytest.mark.parametrize("name", list(SCHEMA))
def test_workspace_columns_are_the_declared_ones(mem: Workspace, name: str) -> None:
    table = SCHEMA[name]
    assert table.name == name and table.help.strip()
    assert mem.columns(name) == {c.name: c.type for c in table.columns}


@pytest.mark.parametrize("name", list(SCHEMA))
def test_keys_and_not_null_are_the_declared_ones(mem: Workspace, name: str) -> None:
    table = SCHEMA[name]
    keys = mem.rows(
        "SELECT constraint_column_names FROM duckdb_constraints() "
        "WHERE table_name = ? AND constraint_type = 'PRIMARY KEY'",
        [name],
    )
    assert [tuple(k) for (k,) in keys] == ([table.key] if table.key else [])
    not_null = {
        column
        for (column,) in mem.rows(
            "SELECT column_name FROM information_schema.columns "
            "WHERE table_name = ? AND is_nullable = 'NO'",
            [name],
        )
    }
    assert not_null == {c.name for c in table.columns if c.not_null or c.key}


@pytest.mark.parametrize("kind", DATA_TABLES)
def test_importable_columns_are_documented(kind: str) -> None:
    columns = import_columns(kind)
    assert [c.name for c in columns] == [c.name for c in SCHEMA[kind].canonical()]
    for column in columns:
        assert column.help.strip(), (kind, column.name)
        assert column.value in VALUE_TYPES, (kind, column.name)
        assert column.type in SQL_TYPES[column.value], (kind, column.name)
    assert all(c.required for c in columns if c.key)


@pytest.mark.parametrize("name", [n for n in SCHEMA if n not in DATA_TABLES])
def test_other_tables_are_not_imported(name: str) -> None:
    assert import_columns(name) == ()
    with pytest.raises(InputError, match=f"unknown data table '{name}'") as info:
        polars_schema(name)
    assert info.value.key == "schema.unknown_table"


@pytest.mark.parametrize("kind", DATA_TABLES)
def test_polars_schema_matches_the_columns(kind: str) -> None:
    schema = polars_schema(kind)
    assert list(schema) == [c.name for c in SCHEMA[kind].canonical()]
    assert "import_id" not in schema
    types = {c.name: c.type for c in SCHEMA[kind].columns}
    assert all(dtype == POLARS_TYPES[types[name]] for name, dtype in schema.items())
