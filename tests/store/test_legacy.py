"""A database written by the previous release opens unchanged and reads back identically.

The fixtures in tests/store/legacy/ were made by ``scripts/make_legacy_store.py`` run on
the tree before the schema was declared once (``store/schema.py``): an SQLite file and
a PostgreSQL dump holding two hand-built documents, saved and fused, and what that code
read back from them.
"""

from __future__ import annotations

import gzip
import json
import shutil
import sys
import uuid
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

from dateline.store import open_store
from dateline.store.base import Store
from tests.store.pg import URL, needs_postgres

LEGACY = Path(__file__).parent / "legacy"
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
from make_legacy_store import SCHEMA, documents, read_back  # noqa: E402


def _expected(backend: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((LEGACY / f"{backend}.json").read_text())
    return data


def _as_json(data: dict[str, Any]) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(json.dumps(data, sort_keys=True, default=str))
    return loaded


def _check(store: Store, backend: str) -> None:
    expected = _expected(backend)
    assert store.migrate() == []  # type: ignore[attr-defined]  # nothing to upgrade
    assert _as_json(read_back(store)) == expected
    # and it keeps working: a document saved again by this code replaces nothing
    assert store.save(documents()[0]) == "unchanged"
    assert store.verify() == []


def _sqlite_schema(db: Path) -> list[tuple[str, str, str]]:
    import sqlite3

    with sqlite3.connect(db) as conn:
        rows = conn.execute(  # sqlite_stat1 and the like: statistics, not schema
            "SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite%' ORDER BY name"
        ).fetchall()
    return [(kind, name, " ".join((sql or "").split())) for kind, name, sql in rows]


def test_sqlite_database_of_the_previous_release(tmp_path: Path) -> None:
    db = tmp_path / "legacy.db"
    with gzip.open(LEGACY / "sqlite.db.gz", "rb") as packed, db.open("wb") as raw:
        shutil.copyfileobj(packed, raw)
    with open_store(db) as store:
        _check(store, "sqlite")
    with open_store(tmp_path / "new.db"):
        pass
    assert _sqlite_schema(tmp_path / "new.db") == _sqlite_schema(db)  # one schema, as released


@needs_postgres
def test_postgres_database_of_the_previous_release() -> None:
    import psycopg

    assert URL
    schema = f"t_{uuid.uuid4().hex[:12]}"
    dump = (LEGACY / "postgres.sql").read_text().replace(SCHEMA, schema)
    with psycopg.connect(URL, autocommit=True) as conn:
        conn.execute(dump.encode())  # no parameters: the whole script in one round trip
    joiner = "&" if "?" in URL else "?"
    fresh = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(URL, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {fresh}")
    try:
        with open_store(f"{URL}{joiner}options={quote(f'-csearch_path={schema}')}") as store:
            _check(store, "postgres")
        with open_store(f"{URL}{joiner}options={quote(f'-csearch_path={fresh}')}"):
            pass
        assert _pg_schema(fresh) == _pg_schema(schema)  # one schema, as released
    finally:
        with psycopg.connect(URL, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA {schema} CASCADE")
            conn.execute(f"DROP SCHEMA {fresh} CASCADE")


def _pg_schema(schema: str) -> dict[str, list[tuple[Any, ...]]]:
    import psycopg

    assert URL
    with psycopg.connect(URL, autocommit=True) as conn:
        columns = conn.execute(
            """SELECT table_name, column_name, ordinal_position, data_type, collation_name,
                      is_nullable, column_default, is_identity, generation_expression
               FROM information_schema.columns WHERE table_schema = %s ORDER BY 1, 3""",
            (schema,),
        ).fetchall()
        indexes = conn.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = %s ORDER BY 1", (schema,)
        ).fetchall()
        triggers = conn.execute(
            """SELECT trigger_name, event_object_table, action_statement
               FROM information_schema.triggers WHERE trigger_schema = %s ORDER BY 1""",
            (schema,),
        ).fetchall()
    return {
        "columns": [tuple(r) for r in columns],
        "indexes": [(name, definition.replace(schema, "S")) for name, definition in indexes],
        "triggers": [(name, table, action.replace(schema, "S")) for name, table, action in triggers],
    }


@pytest.mark.parametrize("backend", ["sqlite", pytest.param("postgres", marks=needs_postgres)])
def test_a_new_store_reads_back_what_the_previous_release_did(backend: str) -> None:
    """The same documents saved by this code read back as the old code's did, except
    for what is stamped at save time (ingest and update times)."""
    from tests.store.pg import backend_store

    with backend_store("sqlite" if backend == "sqlite" else "postgresql") as store:
        from make_legacy_store import fill

        got = _as_json(fill(store))
    expected = _expected(backend)
    assert _stamp_free(got) == _stamp_free(expected)


def _stamp_free(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _stamp_free(v) for k, v in value.items()
                if k not in ("ingested_at", "updated_at", "db")}
    if isinstance(value, list):
        return [_stamp_free(v) for v in value]
    return value
