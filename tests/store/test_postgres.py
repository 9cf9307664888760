"""The PostgreSQL store: the backend-neutral store tests, plus PostgreSQL specifics.

Needs a server: set ``DATELINE_TEST_POSTGRES=postgresql://user@host:port/db``
(``.ci/postgres.sh`` starts a throwaway one and sets it; CI always does). Each
test gets its own schema, dropped afterwards.

The store engineer's tests in ``test_store.py`` that only use the ``store`` /
``filled`` fixtures are backend-neutral: they are imported here and run again
with those fixtures bound to PostgreSQL.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

import tests.store.test_store as shared_tests
from dateline.errors import MigrationError, StoreError
from dateline.store import open_store
from dateline.store import sqlite as sqlite_backend
from tests.store.factory import make_extraction

URL = os.environ.get("DATELINE_TEST_POSTGRES")
pytestmark = pytest.mark.skipif(
    not URL,
    reason="DATELINE_TEST_POSTGRES is not set: no PostgreSQL server to test against "
    "(run `. .ci/postgres.sh` to start a throwaway one)",
)
ROOT = Path(__file__).resolve().parents[2]

# -- the backend-neutral tests, re-run on PostgreSQL ------------------------------------

# An explicit list, not discovery: a new SQLite-specific test in test_store.py
# (PRAGMAs, FTS5 triggers) must not break this module. Each of these only uses the
# store interface through the ``store`` / ``filled`` fixtures.
NEUTRAL_TESTS = (
    "test_save_is_idempotent", "test_newer_pipeline_version_replaces_derived_rows",
    "test_get_round_trips_the_whole_extraction", "test_get_missing_raises_not_found",
    "test_delete_removes_every_row_and_unused_actors", "test_a_failing_save_writes_nothing",
    "test_iter_extractions", "test_events_filters", "test_event_rows_carry_provenance",
    "test_timeline_is_in_date_order_with_evidence", "test_unknown_filter_and_bad_pages",
    "test_filters_are_parameters_not_sql", "test_quotes", "test_search_documents_and_quotes",
    "test_search_syntax_errors_are_store_errors", "test_literal_search_needs_no_syntax",
    "test_stored_ids", "test_search_empty_query", "test_full_text_follows_replace_and_delete",
    "test_actors_places_contradictions_documents", "test_stats", "test_empty_layers_store_fine",
    "test_undated_events_sort_last_and_drop_out_of_date_filters",
    "test_verify_reports_missing_derived_rows", "test_counterpart_round_trips",
)
for _name in NEUTRAL_TESTS:
    if hasattr(shared_tests, _name):  # renamed or removed upstream: nothing to re-run
        globals()[_name] = getattr(shared_tests, _name)
del _name


def schema_url(schema: str) -> str:
    assert URL is not None
    joiner = "&" if "?" in URL else "?"
    return f"{URL}{joiner}options={quote(f'-csearch_path={schema}')}"


@pytest.fixture()
def pg_url() -> Iterator[str]:
    import psycopg

    assert URL is not None
    schema = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(URL, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    try:
        yield schema_url(schema)
    finally:
        with psycopg.connect(URL, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA {schema} CASCADE")


@pytest.fixture()
def store(pg_url: str):  # overrides test_store's SQLite fixture for the imported tests
    with open_store(pg_url) as s:
        yield s


@pytest.fixture()
def filled(store):
    for n in range(3):
        store.save(make_extraction(n))
    return store


# -- PostgreSQL specifics ----------------------------------------------------------------


def test_open_store_dispatches_and_hides_passwords(pg_url: str) -> None:
    from dateline.store.postgres import PostgresStore, _redact

    with open_store(pg_url) as s:
        assert isinstance(s, PostgresStore)
    assert _redact("postgresql://u:secret@h/db") == "postgresql://u:***@h/db"
    assert _redact("postgresql://u@h/db?sslmode=require&password=secret") == (
        "postgresql://u@h/db?sslmode=require&password=***"
    )
    with pytest.raises(StoreError, match="cannot connect") as info:
        open_store("postgresql://nobody:secret@127.0.0.1:1/none")
    assert "secret" not in str(info.value)


def test_same_migration_history_as_sqlite(store) -> None:
    """Core and fusion migrations: the same names in the same order on both backends."""
    from dateline.store import postgres

    assert postgres.migrations.names == sqlite_backend.migrations.names
    assert any(n.startswith("fusion_") for n in postgres.migrations.names)
    assert store.applied_migrations() == sqlite_backend.migrations.names
    assert store.migrate() == []


def test_fusion_tables_exist_on_postgres(store) -> None:
    names = {r[0] for r in store.select(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"
    )}
    assert {"fusion_documents", "fusion_bands", "fusion_df", "fusion_stories", "fusion_members",
            "fusion_events", "fusion_links", "fusion_contradictions"} <= names


def _migrated_up_to(pg_url: str, last: str) -> tuple[Any, list[str]]:
    """A raw connection to a database migrated only up to ``last`` (an older release's
    schema), and the migrations that ran: opening it with ``open_store`` must upgrade it."""
    import psycopg

    from dateline.store.postgres import PostgresStore, _Connection

    old = PostgresStore.__new__(PostgresStore)
    raw = psycopg.connect(pg_url, autocommit=True)
    old.path = old.url = "test"
    old.read_only = False
    old._conn = _Connection(raw)  # type: ignore[assignment]
    old._lock = threading.RLock()
    return raw, old.migrate(stop_after=last)


def test_older_database_is_upgraded_on_open(pg_url: str) -> None:
    raw, ran = _migrated_up_to(pg_url, "m001_core_tables")
    assert ran == ["m001_core_tables"]
    raw.execute(
        "INSERT INTO documents (id, title, text, pipeline_version, ingested_at, extraction)"
        " VALUES ('old1', 'Archive piece', 'Talks on grain exports resumed.', '0.0.1', 'x', '{}')"
    )
    for event_id, date in (("e1", None), ("e2", "2023-05-02"), ("e3", "2023-05-01")):
        raw.execute(
            "INSERT INTO events (document_id, event_id, idx, event, date)"
            " VALUES ('old1', %s, %s, 'CONSULT', %s)", (event_id, int(event_id[1]), date),
        )
    raw.close()
    with open_store(pg_url) as s:
        assert s.applied_migrations() == sqlite_backend.migrations.names  # fusion_* added
        assert [h["document_id"] for h in s.search("grain")] == ["old1"]
        assert [e["id"] for e in s.timeline()] == ["e3", "e2", "e1"]


def test_database_before_counterparts_is_upgraded(pg_url: str) -> None:
    raw, _ = _migrated_up_to(pg_url, "m003_timeline_order")
    columns = {r[0] for r in raw.execute(
        "SELECT column_name FROM information_schema.columns"
        " WHERE table_schema = current_schema() AND table_name = 'events'"
    )}
    assert "date_key" in columns and "counterpart" not in columns
    raw.execute(
        "INSERT INTO documents (id, title, text, pipeline_version, ingested_at, extraction)"
        " VALUES ('old1', 'Archive piece', 'Talks on grain exports resumed.', '0.0.1', 'x', '{}')"
    )
    raw.execute(
        "INSERT INTO events (document_id, event_id, idx, event, date, date_key)"
        " VALUES ('old1', 'e1', 0, 'CONSULT', '2023-05-01', '2023-05-01')"
    )
    raw.close()
    with open_store(pg_url) as s:
        assert "m004_event_counterpart" in s.applied_migrations()
        assert [(e["id"], e["counterpart_ids"]) for e in s.events()] == [("e1", [])]
        ex, _ = shared_tests._with_counterpart(4)
        s.save(ex)
        assert s.get(ex.document.id).events[2].counterpart == ["country:SDR:MIL"]


def test_newer_database_is_refused(store, pg_url: str) -> None:
    store._conn.execute(
        "INSERT INTO _migrations (migration_set, name, applied_at) VALUES ('dateline', 'm999_future', 'x')"
    )
    with pytest.raises(MigrationError, match="newer version"):
        open_store(pg_url)


def test_read_only_refuses_writes(store, pg_url: str) -> None:
    store.save(make_extraction(1))
    with open_store(pg_url, read_only=True) as ro:
        assert len(ro.events()) == 3
        with pytest.raises(StoreError):
            ro.save(make_extraction(2))


def test_fts_query_syntax_matches_sqlite(filled) -> None:
    # Prefixes, OR, NOT and parentheses mean what they mean in FTS5.
    assert filled.search("ceasef*")
    assert len(filled.search("ceasefire OR Geneva")) >= len(filled.search("ceasefire"))
    assert filled.search("ceasefire NOT ceasefire") == []
    assert filled.search("(ceasefire OR Geneva) AND ceasefire")


def test_threads_sharing_one_store(store) -> None:
    errors: list[BaseException] = []

    def work(first: int) -> None:
        try:
            for n in range(first, first + 5):
                store.save(make_extraction(n))
                store.events(limit=5)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(i * 3,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert store.stats()["documents"] == 14  # overlapping ranges 0-4, 3-7, 6-10, 9-13
    assert store.verify() == []


def writer(url: str, first: int, count: int) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.store.writer", url, str(first), str(count), "4"],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        # this checkout's src first: a shared install may point at another checkout
        env={**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT)])},
    )


@pytest.mark.slow
def test_processes_writing_the_same_documents_at_once(pg_url: str) -> None:
    # Three writers with overlapping ranges race to store (and replace) the same documents.
    procs = [writer(pg_url, first, 30) for first in (0, 10, 20)]
    outputs = []
    for proc in procs:
        out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err
        outputs.append(out)
    statuses = [line.split() for out in outputs for line in out.splitlines() if line != "ready"]
    stored = [n for n, version, status in statuses if version == "1.0.0" and status == "stored"]
    assert len(stored) == len(set(stored)) == 50  # each document stored exactly once
    with open_store(pg_url) as s:
        assert s.stats()["documents"] == 50
        assert s.verify() == []
        for ex in s.iter_extractions():
            n = int(ex.document.source.split(":")[1])
            expected = make_extraction(n, repeat=4, pipeline_version=ex.pipeline_version)
            assert ex.to_dict(include_sentences=True) == expected.to_dict(include_sentences=True)


def _wait_for_open_transactions(url: str, timeout: float = 30.0) -> None:
    """Until no other session of this database has a transaction open."""
    import time

    import psycopg

    deadline = time.monotonic() + timeout
    with psycopg.connect(url, autocommit=True) as conn:
        while True:
            row = conn.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                " AND pid <> pg_backend_pid() AND xact_start IS NOT NULL"
            ).fetchone()
            if row is None or row[0] == 0:
                return
            assert time.monotonic() < deadline, f"{row[0]} transactions still open after {timeout} s"
            time.sleep(0.1)


@pytest.mark.slow
def test_sigkill_mid_batch_leaves_every_document_whole_or_absent(pg_url: str) -> None:
    import signal
    import time

    for first in (0, 1000):
        proc = writer(pg_url, first, 1000)
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "ready"
        time.sleep(0.5)
        proc.send_signal(signal.SIGKILL)
        out, _ = proc.communicate(timeout=30)
        assert proc.returncode == -signal.SIGKILL
        assert 0 < len(out.splitlines()) < 1200  # killed mid-batch
    # the server may still be finishing a COMMIT the killed writer sent: read the
    # store once every transaction it left has ended, committed or not
    _wait_for_open_transactions(pg_url)
    with open_store(pg_url) as s:
        assert s.verify() == []
        n_docs = 0
        for ex in s.iter_extractions():
            n = int(ex.document.source.split(":")[1])
            expected = make_extraction(n, repeat=4, pipeline_version=ex.pipeline_version)
            assert ex.to_dict(include_sentences=True) == expected.to_dict(include_sentences=True)
            n_docs += 1
        assert n_docs == s.stats()["documents"] > 0
        assert s.save(make_extraction(99_999)) == "stored"  # the server recovered the killed sessions
