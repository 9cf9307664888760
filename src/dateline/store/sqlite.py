"""The embedded SQLite store: connection, locking, save/delete, FTS5 search, checks.

Everything SQLite-specific lives in this module (pragmas, FTS5 tables and their
sync triggers, ``BEGIN IMMEDIATE``). The queries both backends run identically
are in :mod:`dateline.store.sql`.

Concurrency: WAL mode lets readers run while one process writes; writers take
the write lock up front (``BEGIN IMMEDIATE``) and wait up to ``busy_timeout``
for each other instead of failing. One connection per store object, guarded by
a lock so that a web server's threads can share it.
"""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from dateline.errors import NotFoundError, QueryError, StoreError, StorePathError
from dateline.model import Extraction
from dateline.store.base import SaveStatus, check_page, literal_query, unfused_problems
from dateline.store.dialect import SQLITE
from dateline.store.migrations import MIGRATIONS_TABLE, read_only_upgrade_error
from dateline.store.migrations import utc_now as _now
from dateline.store.rows import DERIVED_TABLES, flatten
from dateline.store.schema import migrations_for
from dateline.store.sql import ACTOR_UPSERT, SQLStore

BUSY_TIMEOUT_MS = 30_000
# SQLite errors that are the database's problem, not a search query's syntax.
_STORE_PROBLEMS = ("locked", "busy", "disk", "I/O", "malformed", "readonly", "memory", "interrupted")

migrations = migrations_for(SQLITE)


def check_location(path: Path) -> None:
    """Refuse, with a coded error, a path where no database file can be created.

    Only the file itself is ever created: a mistyped folder is an error, not a new
    tree of folders (``mkdir -p`` it first)."""
    if path.is_dir():
        raise StorePathError("is a directory, not a database file", source=str(path))
    parent = path.parent
    if not parent.exists():
        blocking = next((p for p in parent.parents if p.exists() and not p.is_dir()), None)
        if blocking is not None:
            raise StorePathError(f"{blocking} is a file, not a folder", source=str(path))
        raise StorePathError(f"folder {parent} does not exist (dateline creates the database "
                             "file, not its folders: create the folder first)", source=str(path))
    if not parent.is_dir():
        raise StorePathError(f"{parent} is a file, not a folder", source=str(path))
    # the file, its -wal and -shm files are created beside it
    if not os.access(parent, os.W_OK | os.X_OK):
        raise StorePathError(f"no permission to create files in {parent}", source=str(path))


class SQLiteStore(SQLStore):
    """A :class:`Store` in one SQLite file (or ``:memory:``)."""

    def __init__(self, path: str | Path, *, read_only: bool = False, make_folders: bool = False) -> None:
        self.path = str(path)
        self.read_only = read_only
        self.url = f"sqlite:///{self.path}"
        self._lock = threading.RLock()
        memory = self.path == ":memory:"
        try:
            if read_only:
                if memory or not Path(self.path).is_file():
                    raise StoreError("no database to open read-only", source=self.path)
                uri = Path(self.path).resolve().as_uri() + "?mode=ro"
                conn = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000,
                                       isolation_level=None, check_same_thread=False)
            else:
                if not memory:
                    if make_folders:
                        Path(self.path).parent.mkdir(parents=True, exist_ok=True)
                    check_location(Path(self.path))
                conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_MS / 1000,
                                       isolation_level=None, check_same_thread=False)
        except (sqlite3.Error, OSError) as exc:
            raise StoreError(f"cannot open database: {exc}", source=self.path) from None
        self._conn = conn
        try:
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            conn.execute("PRAGMA foreign_keys = ON")
            if not read_only:
                if not memory:
                    mode = self._enable_wal(conn)
                    if mode.lower() != "wal":
                        raise StoreError(f"cannot switch to WAL mode (got {mode})", source=self.path)
                # Safe in WAL mode: a crash never corrupts; only the last commits may be lost on power loss.
                conn.execute("PRAGMA synchronous = NORMAL")
            self.migrate()
        except sqlite3.DatabaseError as exc:
            conn.close()
            raise StoreError(f"not a usable dateline database: {exc}", source=self.path) from None
        except StoreError:
            conn.close()
            raise

    @staticmethod
    def _enable_wal(conn: sqlite3.Connection) -> str:
        # Switching a new database to WAL needs an exclusive lock, and that request
        # can fail as busy without waiting when another process opens it at the same
        # moment; retry for up to the busy timeout.
        deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
        while True:
            try:
                mode = str(conn.execute("PRAGMA journal_mode = WAL").fetchone()[0])
            except sqlite3.OperationalError:
                mode = "busy"
            if mode.lower() == "wal" or time.monotonic() > deadline:
                return mode
            time.sleep(0.05)

    # -- schema ---------------------------------------------------------------
    def applied_migrations(self) -> list[str]:
        exists = self._conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (MIGRATIONS_TABLE,)
        ).fetchone()
        if not exists:
            return []
        rows = self._conn.execute(
            f"SELECT name FROM {MIGRATIONS_TABLE} WHERE migration_set = ? ORDER BY rowid",
            (migrations.name,),
        ).fetchall()
        return [r[0] for r in rows]

    def migrate(self, *, stop_after: str | None = None) -> list[str]:
        """Apply pending migrations (all, or up to ``stop_after``); returns their names."""
        with self._lock:
            if not migrations.pending(set(self.applied_migrations()), stop_after=stop_after):
                return []
            if self.read_only:
                raise read_only_upgrade_error(self.path)
            with self._transaction() as conn:
                return migrations.apply(
                    conn, applied=self.applied_migrations, run=lambda m: m.fn(conn),
                    errors=sqlite3.Error, source=self.path, stop_after=stop_after,
                )

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        conn = self._conn
        try:
            conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise StoreError(f"cannot start a write: {exc}", source=self.path) from None
        try:
            yield conn
        except BaseException:
            if conn.in_transaction:  # SQLite may already have rolled back (disk full, ...)
                conn.execute("ROLLBACK")
            raise
        else:
            conn.execute("COMMIT")

    def _query(self, sql: str, params: Sequence[Any] = ()) -> list[sqlite3.Row]:
        with self._lock:
            cursor = self._conn.execute(sql, params)
            cursor.row_factory = sqlite3.Row
            return cursor.fetchall()

    # -- SQL for other layers (Store interface) -----------------------------------
    dialect = SQLITE

    @contextmanager
    def write_transaction(self) -> Iterator[sqlite3.Connection]:
        with self._lock, self._transaction() as conn:
            yield conn

    # -- writing --------------------------------------------------------------
    def save(self, extraction: Extraction, *, replace: bool = False) -> SaveStatus:
        doc_id = extraction.document.id
        if not replace and self.has(doc_id, extraction.pipeline_version):
            return "unchanged"  # cheap early answer; re-checked under the write lock below
        ingested_at = _now()
        rows = flatten(extraction, ingested_at)  # outside the write lock: pure CPU work
        status: SaveStatus
        try:
            with self._lock, self._transaction() as conn:
                status = self._clear_slot(conn, doc_id, extraction.pipeline_version, replace)
                if status == "unchanged":
                    return status
                self._insert(conn, "documents", [rows.document])
                conn.executemany(ACTOR_UPSERT, [(*actor, ingested_at) for actor in rows.actors])
                for table in DERIVED_TABLES:
                    self._insert(conn, table, rows.tables[table])
        except sqlite3.Error as exc:
            raise StoreError(f"cannot store document: {exc}", source=doc_id) from None
        return status

    @staticmethod
    def _delete_document(conn: sqlite3.Connection, doc_id: str) -> None:
        actor_ids = [
            r[0]
            for r in conn.execute(
                "SELECT actor_id FROM document_actors WHERE document_id = ?", (doc_id,)
            )
        ]
        conn.execute("DELETE FROM documents WHERE id = ?", (doc_id,))  # cascades
        # The global actor table keeps only actors some stored document mentions.
        conn.executemany(
            """DELETE FROM actors WHERE id = ?
               AND NOT EXISTS (SELECT 1 FROM document_actors WHERE actor_id = actors.id)""",
            [(a,) for a in actor_ids],
        )

    def delete(self, document_id: str) -> None:
        with self._lock, self._transaction() as conn:
            if conn.execute("SELECT 1 FROM documents WHERE id = ?", (document_id,)).fetchone() is None:
                raise NotFoundError("no such document", source=document_id)
            self._delete_document(conn, document_id)

    # -- full text ------------------------------------------------------------
    def _quote_match(self, text: str) -> tuple[str, list[Any]]:
        return "q.pk IN (SELECT rowid FROM quotes_fts WHERE quotes_fts MATCH ?)", [text]

    def _text_query(self, sql: str, params: Sequence[Any], query: str | None) -> list[sqlite3.Row]:
        try:
            return self._query(sql, params)
        except sqlite3.OperationalError as exc:
            message = str(exc)
            # anything but a problem of the database itself is the query's syntax
            # ("fts5: syntax error", "unknown special query", "no such column", ...)
            if query is not None and not any(word in message for word in _STORE_PROBLEMS):
                raise QueryError(
                    f"cannot parse search query {query!r} ({message}); put words or phrases "
                    'in double quotes to search for them literally, e.g. "Putin\'s call"'
                ) from None
            raise StoreError(f"query failed: {message}", source=self.path) from None

    def search(
        self, query: str, *, limit: int = 20, offset: int = 0,
        literal: bool = False, highlight: tuple[str, str] = ("[", "]"),
    ) -> list[dict[str, Any]]:
        limit, offset = check_page(limit, offset)
        if not query or not query.strip():
            raise QueryError("empty search query")
        if literal:
            query = literal_query(query)
        want = limit + offset
        open_mark, close_mark = highlight
        documents = self._text_query(
            """SELECT d.id AS document_id, d.title, d.published,
                      snippet(documents_fts, -1, ?, ?, '…', 16) AS snippet,
                      bm25(documents_fts) AS rank
               FROM documents_fts JOIN documents d ON d.pk = documents_fts.rowid
               WHERE documents_fts MATCH ? ORDER BY rank LIMIT ?""",
            (open_mark, close_mark, query, want), query,
        )
        quotes = self._text_query(
            """SELECT q.document_id, d.title, d.published, q.quote_id,
                      coalesce(q.speaker_name, q.speaker_text) AS speaker,
                      snippet(quotes_fts, 0, ?, ?, '…', 16) AS snippet,
                      bm25(quotes_fts) AS rank
               FROM quotes_fts JOIN quotes q ON q.pk = quotes_fts.rowid
               JOIN documents d ON d.id = q.document_id
               WHERE quotes_fts MATCH ? ORDER BY rank LIMIT ?""",
            (open_mark, close_mark, query, want), query,
        )
        hits = [{"kind": "document", **dict(r), "quote_id": None, "speaker": None} for r in documents]
        hits += [{"kind": "quote", **dict(r)} for r in quotes]
        hits.sort(key=lambda h: h["rank"])  # bm25: lower is better
        return hits[offset : offset + limit]

    def verify(self) -> list[str]:
        """Integrity, foreign keys, FTS indexes, and every document's derived rows."""
        problems: list[str] = []
        check = self._query("PRAGMA integrity_check")
        if [r[0] for r in check] != ["ok"]:
            problems += [f"integrity: {r[0]}" for r in check]
        for r in self._query("PRAGMA foreign_key_check"):
            problems.append(f"orphan row in {r[0]} (rowid {r[1]}) -> {r[2]}")
        for fts, table in (("documents_fts", "documents"), ("quotes_fts", "quotes")):
            try:
                self._query(f"INSERT INTO {fts}({fts}) VALUES ('integrity-check')")
            except sqlite3.DatabaseError as exc:
                problems.append(f"{fts}: {exc}")
            # integrity-check does not compare an external-content index with its
            # table (before SQLite 3.44); the per-row size table shows what is indexed.
            missing = self._query(
                f"SELECT count(*) FROM {table} WHERE pk NOT IN (SELECT id FROM {fts}_docsize)"
            )[0][0]
            stale = self._query(
                f"SELECT count(*) FROM {fts}_docsize WHERE id NOT IN (SELECT pk FROM {table})"
            )[0][0]
            if missing or stale:
                problems.append(f"{fts}: {missing} {table} rows not indexed, {stale} stale entries")
        problems += self._orphan_actor_problems() + self._derived_row_problems()
        return problems + unfused_problems(self)

    def close(self) -> None:
        with self._lock:
            try:
                if not self.read_only:
                    self._conn.execute("PRAGMA optimize")
            except sqlite3.Error:
                pass  # best effort: never fail a close over statistics
            self._conn.close()
