"""Stores of both backends for tests of layers that run on either (fusion, web).

``DATELINE_TEST_POSTGRES`` names the server (``.ci/postgres.sh`` starts one and sets
it; CI always does); without it, tests that need PostgreSQL skip, as the store's
own PostgreSQL tests do (tests/store/test_postgres.py).
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import quote

import pytest

from dateline.store import open_store
from dateline.store.base import Store

URL = os.environ.get("DATELINE_TEST_POSTGRES")
SKIP_REASON = (
    "DATELINE_TEST_POSTGRES is not set: no PostgreSQL server to test against "
    "(run `. .ci/postgres.sh` to start a throwaway one)"
)
needs_postgres = pytest.mark.skipif(not URL, reason=SKIP_REASON)


@contextmanager
def schema_url() -> Iterator[str]:
    """A URL whose connections work in a fresh schema, dropped afterwards."""
    import psycopg

    if not URL:
        pytest.skip(SKIP_REASON)
    schema = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(URL, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    joiner = "&" if "?" in URL else "?"
    try:
        yield f"{URL}{joiner}options={quote(f'-csearch_path={schema}')}"
    finally:
        with psycopg.connect(URL, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA {schema} CASCADE")


BACKENDS = ["sqlite", pytest.param("postgresql", marks=needs_postgres)]


@contextmanager
def backend_store(backend: str) -> Iterator[Store]:
    """An empty store of either backend (PostgreSQL: a schema of its own)."""
    if backend == "sqlite":
        with open_store(":memory:") as s:
            yield s
        return
    with schema_url() as url, open_store(url) as s:
        yield s
