"""Reads never wait on a write: the app reads through a second connection to the same
database, so ``GET /api/stats`` answers while a posted document's save holds the write
lock and an open write transaction (SQLite WAL, PostgreSQL), and sees the last commit."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from dateline.config import Config
from dateline.interfaces.web import create_app
from dateline.store import open_store
from tests.store.pg import needs_postgres, schema_url
from tests.web.conftest import TOKEN
from tests.web.corpus import corpus


@contextmanager
def _database(backend: str, tmp_path: Path) -> Iterator[str]:
    if backend == "sqlite":
        yield str(tmp_path / "reads.db")
    else:
        with schema_url() as url:
            yield url


@pytest.mark.parametrize("backend", ["sqlite", pytest.param("postgresql", marks=needs_postgres)])
def test_reads_answer_while_a_write_holds_the_lock_and_a_transaction(backend: str, tmp_path: Path) -> None:
    with _database(backend, tmp_path) as db, open_store(db) as store:
        first, second = corpus()[:2]
        store.save(first)
        app = create_app(Config(api_token=TOKEN, db=db), store)
        with TestClient(app) as client:  # the lifespan opens the read connection
            access = app.state.access
            assert access.reader is not None and access.reader is not store
            holding, release = threading.Event(), threading.Event()

            def write(s: Any) -> None:
                # a write in progress: the app's write lock and an uncommitted row
                with s.write_transaction() as conn:
                    conn.execute("DELETE FROM documents WHERE id = ?", [first.document.id])
                    holding.set()
                    release.wait(60)
                    raise RuntimeError("rolled back")

            writer = threading.Thread(target=lambda: pytest.raises(RuntimeError, access.write, write))
            writer.start()
            try:
                assert holding.wait(60)
                answer = client.get("/api/stats")  # would wait for the writer before
                assert release.is_set() is False and writer.is_alive()
                assert answer.status_code == 200 and answer.json()["documents"] == 1
            finally:
                release.set()
                writer.join(60)
            # later writes are seen by the reads
            assert access.write(lambda s: s.save(second)) == "stored"
            assert client.get("/api/stats").json()["documents"] == 2
        assert access.reader is None  # closed with the app


def test_no_second_connection_where_there_is_none_to_open(tmp_path: Path) -> None:
    with open_store(":memory:") as memory, TestClient(create_app(Config(), memory)) as client:
        assert client.app.state.access.reader is None  # type: ignore[attr-defined]
        assert client.get("/api/stats").status_code == 200
    path = tmp_path / "ro.db"
    open_store(path).close()
    with open_store(path, read_only=True) as ro, TestClient(create_app(Config(), ro, read_only=True)) as client:
        assert client.app.state.access.reader is None  # type: ignore[attr-defined]
