"""The embedded SQLite store: schema migrations, FTS5 search, queries.

Everything SQLite-specific lives in this module (pragmas, FTS5 tables and their
sync triggers, ``BEGIN IMMEDIATE``). The tables and most queries are plain SQL
that PostgreSQL also accepts (``ON CONFLICT``, row-value ``IN``), so a
PostgreSQL store can mirror them.

Concurrency: WAL mode lets readers run while one process writes; writers take
the write lock up front (``BEGIN IMMEDIATE``) and wait up to ``busy_timeout``
for each other instead of failing. One connection per store object, guarded by
a lock so that a web server's threads can share it.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from dateline.errors import NotFoundError, QueryError, StoreError, StorePathError
from dateline.model import Extraction
from dateline.store.base import (
    DEFAULT_LIMIT,
    UNFUSED_SQL,
    SaveStatus,
    Store,
    check_page,
    is_newer,
    like_pattern,
    literal_query,
    unfused_problems,
    version_key,
)
from dateline.store.dialect import SQLITE, chunks
from dateline.store.migrations import MIGRATIONS_TABLE, Migrations, read_only_upgrade_error
from dateline.store.migrations import utc_now as _now
from dateline.store.rows import (
    COLUMNS,
    DERIVED_TABLES,
    UNDATED_KEY,
    date_key,
    decode_extraction,
    expected_counts,
    flatten,
    quote_dict,
    span_row_dict,
)

BUSY_TIMEOUT_MS = 30_000
# Served by the events_timeline index: by date, undated last, then reading order.
_CHRONOLOGICAL = "e.date_key, e.document_id, e.idx"
# Above this many events, a context/aux filter walks the chronological index.
_COMMON_TAG = 2_000
# SQLite errors that are the database's problem, not a search query's syntax.
_STORE_PROBLEMS = ("locked", "busy", "disk", "I/O", "malformed", "readonly", "memory", "interrupted")

migrations = Migrations("dateline")


def _run(conn: sqlite3.Connection, *statements: str) -> None:
    # Not executescript(): it would COMMIT the migration's transaction first.
    for statement in statements:
        conn.execute(statement)


# A document's actors update the shared actor table: a name is replaced, a known
# code, sector, Wikidata id or kind is never blanked by a document that lacks it.
ACTOR_UPSERT = """INSERT INTO actors (id, name, code, sector, wikidata, kind, provisional, updated_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT (id) DO UPDATE SET
      name = excluded.name,
      code = coalesce(excluded.code, actors.code),
      sector = coalesce(excluded.sector, actors.sector),
      wikidata = coalesce(excluded.wikidata, actors.wikidata),
      kind = coalesce(excluded.kind, actors.kind),
      provisional = excluded.provisional,
      updated_at = excluded.updated_at"""


def clear_slot(
    conn: Any, doc_id: str, version: str, replace: bool, delete_document: Callable[[Any, str], None]
) -> SaveStatus:
    """Make room for a document inside the write transaction: ``"unchanged"`` when
    the stored copy stays (same or newer pipeline and no ``replace``), else the
    stored copy is deleted (``"replaced"``) or there was none (``"stored"``)."""
    stored = conn.execute("SELECT pipeline_version FROM documents WHERE id = ?", (doc_id,)).fetchone()
    if stored is None:
        return "stored"
    if not replace and not is_newer(version, stored[0]):
        return "unchanged"
    delete_document(conn, doc_id)
    return "replaced"


def _add_equals(where: list[str], params: list[Any], conditions: Iterable[tuple[str, Any]]) -> None:
    """``column = ?`` for each condition whose value is given (``None`` and ``""``
    mean "no filter"; 0 and False are values)."""
    for column, value in conditions:
        if value is not None and value != "":
            where.append(f"{column} = ?")
            params.append(value)


def core_tables_ddl() -> list[str]:
    """The core tables in SQLite's DDL: documents and every derived layer, derived
    rows cascading from their document. The PostgreSQL store runs the same
    statements through its dialect's translation (``Dialect.ddl``)."""
    doc_fk = "document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE"
    span = "start_char INTEGER NOT NULL, end_char INTEGER NOT NULL, text TEXT NOT NULL, sentence INTEGER"
    return [
        """CREATE TABLE documents (
            pk INTEGER PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            title TEXT, published TEXT, published_source TEXT, publisher TEXT, byline TEXT,
            url TEXT, language TEXT, source TEXT, external_id TEXT,
            text TEXT NOT NULL,
            metadata TEXT NOT NULL DEFAULT '{}',
            layers TEXT NOT NULL DEFAULT '[]',
            warnings TEXT NOT NULL DEFAULT '[]',
            pipeline_version TEXT NOT NULL,
            ingested_at TEXT NOT NULL,
            extraction BLOB NOT NULL  -- zlib-compressed JSON of the whole Extraction
        )""",
        "CREATE INDEX documents_published ON documents(published)",
        "CREATE INDEX documents_publisher ON documents(publisher)",
        f"""CREATE TABLE sentences ({doc_fk}, idx INTEGER NOT NULL,
            start_char INTEGER NOT NULL, end_char INTEGER NOT NULL, paragraph INTEGER,
            PRIMARY KEY (document_id, idx)) WITHOUT ROWID""",
        f"""CREATE TABLE entities ({doc_fk}, idx INTEGER NOT NULL, {span}, label TEXT NOT NULL,
            PRIMARY KEY (document_id, idx)) WITHOUT ROWID""",
        "CREATE INDEX entities_label ON entities(label)",
        """CREATE TABLE actors (
            id TEXT PRIMARY KEY, name TEXT NOT NULL, code TEXT, sector TEXT, wikidata TEXT,
            kind TEXT, provisional INTEGER NOT NULL DEFAULT 0, updated_at TEXT NOT NULL
        )""",
        "CREATE INDEX actors_code ON actors(code)",
        "CREATE INDEX actors_name ON actors(name)",
        f"""CREATE TABLE document_actors ({doc_fk}, actor_id TEXT NOT NULL,
            name TEXT NOT NULL, code TEXT, sector TEXT, wikidata TEXT, kind TEXT,
            provisional INTEGER NOT NULL DEFAULT 0, n_mentions INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (document_id, actor_id)) WITHOUT ROWID""",
        "CREATE INDEX document_actors_actor ON document_actors(actor_id)",
        f"""CREATE TABLE mentions (document_id TEXT NOT NULL, actor_id TEXT NOT NULL,
            idx INTEGER NOT NULL, {span},
            PRIMARY KEY (document_id, actor_id, idx),
            FOREIGN KEY (document_id, actor_id)
                REFERENCES document_actors(document_id, actor_id) ON DELETE CASCADE) WITHOUT ROWID""",
        f"""CREATE TABLE places ({doc_fk}, idx INTEGER NOT NULL, {span},
            name TEXT NOT NULL, country TEXT, lat REAL, lon REAL, precision TEXT, geonameid BIGINT,
            PRIMARY KEY (document_id, idx)) WITHOUT ROWID""",
        "CREATE INDEX places_country ON places(country)",
        f"""CREATE TABLE timexes ({doc_fk}, idx INTEGER NOT NULL, {span},
            type TEXT NOT NULL, value TEXT, mod TEXT, anchor TEXT,
            resolved INTEGER NOT NULL DEFAULT 1, confidence REAL,
            PRIMARY KEY (document_id, idx)) WITHOUT ROWID""",
        f"""CREATE TABLE quotes (pk INTEGER PRIMARY KEY, {doc_fk}, quote_id TEXT NOT NULL,
            idx INTEGER NOT NULL, kind TEXT NOT NULL,
            cue_start INTEGER, cue_end INTEGER, cue_text TEXT,
            speaker_start INTEGER, speaker_end INTEGER, speaker_text TEXT,
            speaker_actor_id TEXT, speaker_name TEXT,
            date TEXT, confidence REAL, reported_by TEXT,
            content TEXT NOT NULL, sentence INTEGER,
            UNIQUE (document_id, quote_id))""",
        "CREATE INDEX quotes_speaker ON quotes(speaker_actor_id)",
        f"""CREATE TABLE quote_spans (document_id TEXT NOT NULL, quote_id TEXT NOT NULL,
            idx INTEGER NOT NULL, {span},
            PRIMARY KEY (document_id, quote_id, idx),
            FOREIGN KEY (document_id, quote_id)
                REFERENCES quotes(document_id, quote_id) ON DELETE CASCADE) WITHOUT ROWID""",
        f"""CREATE TABLE events ({doc_fk}, event_id TEXT NOT NULL, idx INTEGER NOT NULL,
            event TEXT NOT NULL, mode TEXT, context TEXT NOT NULL DEFAULT '[]',
            aux TEXT NOT NULL DEFAULT '[]', date TEXT, date_precision TEXT,
            location_name TEXT, location_country TEXT, location_lat REAL, location_lon REAL,
            location_precision TEXT, attribution TEXT, confidence REAL, score REAL,
            quad_class INTEGER, size TEXT, event_text TEXT,
            negated INTEGER NOT NULL DEFAULT 0, future INTEGER NOT NULL DEFAULT 0,
            asserted INTEGER NOT NULL DEFAULT 1,
            PRIMARY KEY (document_id, event_id)) WITHOUT ROWID""",
        "CREATE INDEX events_date ON events(date)",
        "CREATE INDEX events_event ON events(event, date)",
        """CREATE TABLE event_actors (document_id TEXT NOT NULL, event_id TEXT NOT NULL,
            role TEXT NOT NULL, idx INTEGER NOT NULL, actor_id TEXT NOT NULL,
            PRIMARY KEY (document_id, event_id, role, idx),
            FOREIGN KEY (document_id, event_id)
                REFERENCES events(document_id, event_id) ON DELETE CASCADE) WITHOUT ROWID""",
        "CREATE INDEX event_actors_actor ON event_actors(actor_id, role)",
        """CREATE TABLE event_tags (document_id TEXT NOT NULL, event_id TEXT NOT NULL,
            tag_type TEXT NOT NULL, value TEXT NOT NULL,
            PRIMARY KEY (document_id, event_id, tag_type, value),
            FOREIGN KEY (document_id, event_id)
                REFERENCES events(document_id, event_id) ON DELETE CASCADE) WITHOUT ROWID""",
        "CREATE INDEX event_tags_value ON event_tags(tag_type, value)",
        f"""CREATE TABLE event_mentions (document_id TEXT NOT NULL, event_id TEXT NOT NULL,
            idx INTEGER NOT NULL, {span},
            PRIMARY KEY (document_id, event_id, idx),
            FOREIGN KEY (document_id, event_id)
                REFERENCES events(document_id, event_id) ON DELETE CASCADE) WITHOUT ROWID""",
        f"""CREATE TABLE contradictions ({doc_fk}, idx INTEGER NOT NULL, event_id TEXT NOT NULL,
            attribute TEXT NOT NULL, values_json TEXT NOT NULL, spans_json TEXT NOT NULL,
            PRIMARY KEY (document_id, idx)) WITHOUT ROWID""",
    ]


@migrations
def m001_core_tables(conn: sqlite3.Connection) -> None:
    """Documents and every derived layer; derived rows cascade from their document."""
    _run(conn, *core_tables_ddl())


def _fts_sync(table: str, fts: str, columns: Sequence[str]) -> list[str]:
    """External-content FTS5 table kept in sync by triggers (also on cascaded deletes)."""
    cols = ", ".join(columns)
    new = ", ".join(f"new.{c}" for c in columns)
    old = ", ".join(f"old.{c}" for c in columns)
    delete = f"INSERT INTO {fts}({fts}, rowid, {cols}) VALUES ('delete', old.pk, {old});"
    insert = f"INSERT INTO {fts}(rowid, {cols}) VALUES (new.pk, {new});"
    return [
        f"""CREATE VIRTUAL TABLE {fts} USING fts5({cols}, content='{table}', content_rowid='pk',
            tokenize='porter unicode61 remove_diacritics 2')""",
        f"CREATE TRIGGER {fts}_ai AFTER INSERT ON {table} BEGIN {insert} END",
        f"CREATE TRIGGER {fts}_ad AFTER DELETE ON {table} BEGIN {delete} END",
        f"CREATE TRIGGER {fts}_au AFTER UPDATE ON {table} BEGIN {delete} {insert} END",
        # Index whatever an older database already holds.
        f"INSERT INTO {fts}({fts}) VALUES ('rebuild')",
    ]


@migrations
def m002_full_text(conn: sqlite3.Connection) -> None:
    """FTS5 over document title and body, and over quote content."""
    _run(
        conn,
        *_fts_sync("documents", "documents_fts", ("title", "text")),
        *_fts_sync("quotes", "quotes_fts", ("content",)),
    )


@migrations
def m003_timeline_order(conn: sqlite3.Connection) -> None:
    """An indexed chronological order with undated events last (timelines page through it)."""
    conn.create_function("dateline_date_key", 1, date_key, deterministic=True)
    _run(
        conn,
        f"ALTER TABLE events ADD COLUMN date_key TEXT NOT NULL DEFAULT '{UNDATED_KEY}'",
        "UPDATE events SET date_key = dateline_date_key(date)",
        "CREATE INDEX events_timeline ON events(date_key, document_id, idx)",
        "DROP INDEX events_event",
        "CREATE INDEX events_event ON events(event, date_key, document_id, idx)",
    )


@migrations
def m004_event_counterpart(conn: sqlite3.Connection) -> None:
    """The other side of a two-sided event (a JSON list of actor ids, a subset of
    the event's actors). Events stored before it read as having none: the
    pipeline did not record it then, so only re-ingesting fills it in."""
    _run(conn, "ALTER TABLE events ADD COLUMN counterpart TEXT NOT NULL DEFAULT '[]'")


# Fusion appends its own migrations (fusion_*), so every SQLite store knows them.
from dateline.fusion.tables import register as _register_fusion  # noqa: E402,I001

_register_fusion(migrations, SQLITE)
# dateline watch's per-source state (watch_*), likewise.
from dateline.watch.state import register as _register_watch  # noqa: E402,I001

_register_watch(migrations, SQLITE)


def _loads(value: str | None, default: Any) -> Any:
    return default if value is None else json.loads(value)


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


class SQLiteStore(Store):
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

    def select(self, sql: str, params: Sequence[Any] = ()) -> list[sqlite3.Row]:
        return self._query(sql, params)

    def event_filter(self, filters: dict[str, Any]) -> tuple[str, list[Any]]:
        return self._filters(filters)

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
                status = clear_slot(conn, doc_id, extraction.pipeline_version, replace, self._delete_document)
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
    def _insert(conn: sqlite3.Connection, table: str, rows: list[tuple[Any, ...]]) -> None:
        if rows:
            cols = COLUMNS[table]
            marks = ", ".join("?" for _ in cols)
            conn.executemany(f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({marks})", rows)

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

    # -- reading documents ----------------------------------------------------
    def has(self, document_id: str, pipeline_version: str | None = None) -> bool:
        rows = self._query("SELECT pipeline_version FROM documents WHERE id = ?", (document_id,))
        if not rows:
            return False
        if pipeline_version is None:
            return True
        return version_key(rows[0][0]) >= version_key(pipeline_version)

    def stored_ids(
        self, document_ids: Iterable[str], pipeline_version: str | None = None
    ) -> set[str]:
        found: set[str] = set()
        for chunk in chunks(list(dict.fromkeys(document_ids))):
            marks = ", ".join("?" for _ in chunk)
            for row in self._query(
                f"SELECT id, pipeline_version FROM documents WHERE id IN ({marks})", list(chunk)
            ):
                if pipeline_version is None or version_key(row[1]) >= version_key(pipeline_version):
                    found.add(row[0])
        return found

    @staticmethod
    def _extraction(text: str, data: bytes | str) -> Extraction:
        parsed = decode_extraction(data)
        parsed["document"]["text"] = text
        return Extraction.from_dict(parsed)

    def get(self, document_id: str) -> Extraction:
        rows = self._query("SELECT text, extraction FROM documents WHERE id = ?", (document_id,))
        if not rows:
            raise NotFoundError("no such document", source=document_id)
        return self._extraction(rows[0][0], rows[0][1])

    def iter_extractions(self, document_ids: Iterable[str] | None = None) -> Iterator[Extraction]:
        if document_ids is not None:
            ids = list(dict.fromkeys(document_ids))
            for chunk in chunks(ids):
                marks = ", ".join("?" for _ in chunk)
                rows = self._query(
                    f"SELECT text, extraction FROM documents WHERE id IN ({marks}) ORDER BY pk",
                    list(chunk),
                )
                for row in rows:
                    yield self._extraction(row[0], row[1])
            return
        last = 0
        while True:  # keyset pages: no cursor is held open between yields
            rows = self._query(
                "SELECT pk, text, extraction FROM documents WHERE pk > ? ORDER BY pk LIMIT 100",
                (last,),
            )
            if not rows:
                return
            for row in rows:
                yield self._extraction(row[1], row[2])
            last = rows[-1][0]

    # -- queries --------------------------------------------------------------
    def documents(
        self, *, publisher: str | None = None, title: str | None = None,
        date_from: str | None = None, date_to: str | None = None,
        limit: int = DEFAULT_LIMIT, offset: int = 0,
    ) -> list[dict[str, Any]]:
        limit, offset = check_page(limit, offset)
        where, params = [], []
        if publisher:
            where.append("d.publisher LIKE ? ESCAPE '\\'")
            params.append(like_pattern(publisher))
        if title:
            where.append("d.title LIKE ? ESCAPE '\\'")
            params.append(like_pattern(title))
        if date_from:
            where.append("d.published >= ?")
            params.append(date_from)
        if date_to:
            where.append("d.published <= ?")
            params.append(date_to + "~")  # "~" sorts after every ISO date character
        sql = f"""
            SELECT d.id, d.title, d.published, d.published_source, d.publisher, d.byline,
                   d.url, d.language, d.source, d.external_id, d.pipeline_version,
                   d.ingested_at, d.layers, d.warnings, length(d.text) AS n_chars,
                   (SELECT count(*) FROM sentences s WHERE s.document_id = d.id) AS n_sentences,
                   (SELECT count(*) FROM events e WHERE e.document_id = d.id) AS n_events,
                   (SELECT count(*) FROM quotes q WHERE q.document_id = d.id) AS n_quotes
            FROM documents d {"WHERE " + " AND ".join(where) if where else ""}
            ORDER BY d.published DESC NULLS LAST, d.pk DESC
            LIMIT ? OFFSET ?"""
        out = []
        for row in self._query(sql, [*params, limit, offset]):
            item = dict(row)
            item["layers"] = _loads(item["layers"], [])
            item["warnings"] = _loads(item["warnings"], [])
            out.append(item)
        return out

    def _event_where(
        self, *, actor: str | None = None, recipient: str | None = None,
        event_type: str | None = None, quad_class: int | None = None,
        context: str | None = None, date_from: str | None = None, date_to: str | None = None,
        aux: str | None = None, include_negated: bool = True, include_future: bool = True,
        asserted: bool | None = None, document_id: str | None = None,
        min_confidence: float | None = None,
    ) -> tuple[str, list[Any]]:
        where: list[str] = []
        params: list[Any] = []
        if min_confidence:
            where.append("e.confidence >= ?")
            params.append(float(min_confidence))
        for role, value in (("actor", actor), ("recipient", recipient)):
            if value:
                # Correlated EXISTS: SQLite walks the chronological index and stops when
                # a page is full (an IN-subquery would collect and sort every match first:
                # 85 ms -> 3 ms for a common actor on 100k events).
                where.append(
                    """EXISTS (SELECT 1 FROM event_actors ea
                        WHERE ea.document_id = e.document_id AND ea.event_id = e.event_id
                        AND ea.role = ? AND ea.actor_id IN (
                            SELECT a.id FROM actors a
                            WHERE a.id = ? OR a.code = ? OR a.name LIKE ? ESCAPE '\\'))"""
                )
                params += [role, value, value.upper(), like_pattern(value)]
        _add_equals(where, params, (
            ("e.event", event_type.upper() if event_type else None),
            ("e.quad_class", None if quad_class is None else int(quad_class)),
        ))
        for tag_type, value in (("context", context), ("aux", aux)):
            if value:
                # A common tag: walk the chronological index probing each event (a page
                # fills fast); a rare one: collect its few events and sort them. Counting
                # first (a covering-index range) picks the plan that stays fast.
                common = self._query(
                    "SELECT count(*) FROM event_tags WHERE tag_type = ? AND value = ?",
                    (tag_type, value),
                )[0][0] > _COMMON_TAG
                if common:
                    where.append(
                        """EXISTS (SELECT 1 FROM event_tags t WHERE t.document_id = e.document_id
                            AND t.event_id = e.event_id AND t.tag_type = ? AND t.value = ?)"""
                    )
                else:
                    where.append(
                        """(e.document_id, e.event_id) IN (SELECT t.document_id, t.event_id
                            FROM event_tags t WHERE t.tag_type = ? AND t.value = ?)"""
                    )
                params += [tag_type, value]
        if date_from or date_to:
            # Bounds go through date_key too, so "2024-W11" compares as 2024-03-11.
            date_from = date_key(date_from) if date_from else None
            date_to = date_key(date_to) if date_to else None
            if UNDATED_KEY in (date_from, date_to):
                raise QueryError("date bounds must be ISO dates (YYYY, YYYY-MM, YYYY-MM-DD, ...)")
            # On date_key, so one index serves both the range and the chronological order.
            # The upper bound excludes undated events (UNDATED_KEY sorts after every date)
            # and, with "~" appended, includes anything more precise than date_to.
            where.append("e.date_key >= ? AND e.date_key < ?")
            params += [date_from or "", (date_to + "~") if date_to else UNDATED_KEY]
        if not include_negated:
            where.append("e.negated = 0")
        if not include_future:
            where.append("e.future = 0")
        _add_equals(where, params, (
            ("e.asserted", None if asserted is None else int(asserted)),
            ("e.document_id", document_id),
        ))
        return ("WHERE " + " AND ".join(where)) if where else "", params

    def events(self, *, limit: int = DEFAULT_LIMIT, offset: int = 0, **filters: Any) -> list[dict[str, Any]]:
        return self._events(filters, limit, offset, order=_CHRONOLOGICAL)

    def timeline(self, *, limit: int = DEFAULT_LIMIT, offset: int = 0, **filters: Any) -> list[dict[str, Any]]:
        return self._events(filters, limit, offset, order=_CHRONOLOGICAL)

    def count_events(self, **filters: Any) -> int:
        where, params = self._filters(filters)
        return int(self._query(f"SELECT count(*) FROM events e {where}", params)[0][0])

    def _filters(self, filters: dict[str, Any]) -> tuple[str, list[Any]]:
        try:
            return self._event_where(**filters)
        except TypeError as exc:
            raise QueryError(f"unknown event filter: {exc}") from None

    def _events(
        self, filters: dict[str, Any], limit: int, offset: int, order: str
    ) -> list[dict[str, Any]]:
        limit, offset = check_page(limit, offset)
        where, params = self._filters(filters)
        sql = f"""
            SELECT e.*, d.title, d.published, d.publisher,
                   m.start_char AS m_start, m.end_char AS m_end, m.text AS m_text,
                   m.sentence AS m_sentence,
                   s.start_char AS s_start, s.end_char AS s_end,
                   substr(d.text, s.start_char + 1, s.end_char - s.start_char) AS evidence
            FROM events e
            JOIN documents d ON d.id = e.document_id
            LEFT JOIN event_mentions m
                   ON m.document_id = e.document_id AND m.event_id = e.event_id AND m.idx = 0
            LEFT JOIN sentences s ON s.document_id = e.document_id AND s.idx = m.sentence
            {where}
            ORDER BY {order}
            LIMIT ? OFFSET ?"""
        rows = self._query(sql, [*params, limit, offset])
        keys = [(r["document_id"], r["event_id"]) for r in rows]
        actors = self._related(
            keys,
            """SELECT ea.document_id, ea.event_id AS key_id, ea.role, ea.actor_id,
                      coalesce(da.name, a.name) AS name, coalesce(da.code, a.code) AS code,
                      coalesce(da.sector, a.sector) AS sector
               FROM keys k
               JOIN event_actors ea ON ea.document_id = k.document_id AND ea.event_id = k.key_id
               LEFT JOIN document_actors da
                      ON da.document_id = ea.document_id AND da.actor_id = ea.actor_id
               LEFT JOIN actors a ON a.id = ea.actor_id
               ORDER BY ea.role, ea.idx""",
        )
        mentions = self._related(
            keys,
            """SELECT m.document_id, m.event_id AS key_id, m.start_char, m.end_char, m.text,
                      m.sentence
               FROM keys k
               JOIN event_mentions m ON m.document_id = k.document_id AND m.event_id = k.key_id
               ORDER BY m.idx""",
        )
        out = []
        for r in rows:
            key = (r["document_id"], r["event_id"])
            roles: dict[str, list[dict[str, Any]]] = {"actor": [], "recipient": []}
            for a in actors.get(key, []):
                roles[a["role"]].append(
                    {"id": a["actor_id"], "name": a["name"], "code": a["code"], "sector": a["sector"]}
                )
            # counterparts are actors too, so their names come from the actor rows
            counterpart_ids = _loads(r["counterpart"], [])
            counterparts = [a for a in roles["actor"] if a["id"] in counterpart_ids]
            location = None
            if r["location_name"] is not None or r["location_lat"] is not None:
                location = {
                    "name": r["location_name"], "country": r["location_country"],
                    "lat": r["location_lat"], "lon": r["location_lon"],
                    "precision": r["location_precision"],
                }
            evidence = r["evidence"] if r["s_start"] is not None else r["m_text"]
            out.append({
                "document_id": r["document_id"],
                "id": r["event_id"],
                "event": r["event"],
                "mode": r["mode"],
                "context": _loads(r["context"], []),
                "aux": _loads(r["aux"], []),
                "date": r["date"],
                "date_precision": r["date_precision"],
                "quad_class": r["quad_class"],
                "score": r["score"],
                "confidence": r["confidence"],
                "attribution": r["attribution"],
                "size": _loads(r["size"], None),
                "event_text": r["event_text"],
                "negated": bool(r["negated"]),
                "future": bool(r["future"]),
                "asserted": bool(r["asserted"]),
                # Readable names for tables; ids and codes in *_ids / *_detail.
                "actor": [a["name"] or a["id"] for a in roles["actor"]],
                "actor_ids": [a["id"] for a in roles["actor"]],
                "actor_detail": roles["actor"],
                "recipient": [a["name"] or a["id"] for a in roles["recipient"]],
                "recipient_ids": [a["id"] for a in roles["recipient"]],
                "recipient_detail": roles["recipient"],
                "counterpart": [a["name"] or a["id"] for a in counterparts],
                "counterpart_ids": [a["id"] for a in counterparts],
                "location": None if location is None else location["name"],
                "location_detail": location,
                "mentions": [
                    {"start": m["start_char"], "end": m["end_char"], "text": m["text"],
                     "sentence": m["sentence"]}
                    for m in mentions.get(key, [])
                ],
                "evidence": evidence,
                "evidence_span": None if r["s_start"] is None
                else {"start": r["s_start"], "end": r["s_end"], "sentence": r["m_sentence"]},
                "title": r["title"],
                "published": r["published"],
                "publisher": r["publisher"],
            })
        return out

    def _related(
        self, keys: Sequence[tuple[str, str]], sql: str
    ) -> dict[tuple[str, str], list[sqlite3.Row]]:
        """Child rows for ``(document_id, key_id)`` pairs, fetched in chunks.

        ``sql`` selects ``document_id`` and ``key_id`` from a join with ``keys``,
        a CTE of the pairs: joining (rather than ``(a, b) IN (VALUES ...)``) lets
        SQLite look each pair up by primary key instead of scanning the table.
        """
        found: dict[tuple[str, str], list[sqlite3.Row]] = {}
        for chunk in chunks(list(dict.fromkeys(keys))):
            values = ", ".join("(?, ?)" for _ in chunk)
            params = [v for key in chunk for v in key]
            cte = f"WITH keys(document_id, key_id) AS (VALUES {values}) "
            for row in self._query(cte + sql, params):
                found.setdefault((row["document_id"], row["key_id"]), []).append(row)
        return found

    def quotes(
        self, *, speaker: str | None = None, text: str | None = None,
        document_id: str | None = None, limit: int = DEFAULT_LIMIT, offset: int = 0,
    ) -> list[dict[str, Any]]:
        limit, offset = check_page(limit, offset)
        where, params = [], []
        if speaker:
            where.append(
                "(q.speaker_actor_id = ? OR q.speaker_name LIKE ? ESCAPE '\\' "
                "OR q.speaker_text LIKE ? ESCAPE '\\')"
            )
            params += [speaker, like_pattern(speaker), like_pattern(speaker)]
        if text:
            where.append("q.pk IN (SELECT rowid FROM quotes_fts WHERE quotes_fts MATCH ?)")
            params.append(text)
        if document_id:
            where.append("q.document_id = ?")
            params.append(document_id)
        sql = f"""
            SELECT q.*, d.title, d.published FROM quotes q JOIN documents d ON d.id = q.document_id
            {"WHERE " + " AND ".join(where) if where else ""}
            ORDER BY d.pk, q.idx LIMIT ? OFFSET ?"""
        rows = self._fts_query(sql, [*params, limit, offset], text)
        found = self._related(
            [(r["document_id"], r["quote_id"]) for r in rows],
            """SELECT s.document_id, s.quote_id AS key_id, s.start_char, s.end_char, s.text,
                      s.sentence
               FROM keys k
               JOIN quote_spans s ON s.document_id = k.document_id AND s.quote_id = k.key_id
               ORDER BY s.idx""",
        )
        spans = {key: [span_row_dict(s) for s in span_rows] for key, span_rows in found.items()}
        return [quote_dict(r, spans.get((r["document_id"], r["quote_id"]), [])) for r in rows]

    def _fts_query(self, sql: str, params: Sequence[Any], query: str | None) -> list[sqlite3.Row]:
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
        documents = self._fts_query(
            """SELECT d.id AS document_id, d.title, d.published,
                      snippet(documents_fts, -1, ?, ?, '…', 16) AS snippet,
                      bm25(documents_fts) AS rank
               FROM documents_fts JOIN documents d ON d.pk = documents_fts.rowid
               WHERE documents_fts MATCH ? ORDER BY rank LIMIT ?""",
            (open_mark, close_mark, query, want), query,
        )
        quotes = self._fts_query(
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

    def actors(
        self, *, name: str | None = None, code: str | None = None, kind: str | None = None,
        document_id: str | None = None, actor_id: str | None = None,
        limit: int = DEFAULT_LIMIT, offset: int = 0,
    ) -> list[dict[str, Any]]:
        limit, offset = check_page(limit, offset)
        where, params = [], []
        if name:
            where.append("a.name LIKE ? ESCAPE '\\'")
            params.append(like_pattern(name))
        _add_equals(where, params, (
            ("a.code", code.upper() if code else None),
            ("a.kind", kind),
            ("da.document_id", document_id),
            ("a.id", actor_id),
        ))
        rows = self._query(
            f"""SELECT a.id, a.name, a.code, a.sector, a.wikidata, a.kind, a.provisional,
                       count(da.document_id) AS documents, coalesce(sum(da.n_mentions), 0) AS mentions
                FROM actors a JOIN document_actors da ON da.actor_id = a.id
                {"WHERE " + " AND ".join(where) if where else ""}
                GROUP BY a.id ORDER BY mentions DESC, a.name LIMIT ? OFFSET ?""",
            [*params, limit, offset],
        )
        roles: dict[tuple[str, str], int] = {}
        ids = [r["id"] for r in rows]
        for chunk in chunks(ids):
            marks = ", ".join("?" for _ in chunk)
            for r in self._query(
                f"""SELECT actor_id, role, count(*) AS n FROM event_actors
                    WHERE actor_id IN ({marks}) GROUP BY actor_id, role""",
                list(chunk),
            ):
                roles[(r["actor_id"], r["role"])] = r["n"]
        out = []
        for r in rows:
            item = dict(r)
            item["provisional"] = bool(item["provisional"])
            item["events_as_actor"] = roles.get((r["id"], "actor"), 0)
            item["events_as_recipient"] = roles.get((r["id"], "recipient"), 0)
            out.append(item)
        return out

    def places(
        self, *, name: str | None = None, country: str | None = None,
        document_id: str | None = None, limit: int = DEFAULT_LIMIT, offset: int = 0,
    ) -> list[dict[str, Any]]:
        limit, offset = check_page(limit, offset)
        where, params = [], []
        if name:
            where.append("p.name LIKE ? ESCAPE '\\'")
            params.append(like_pattern(name))
        _add_equals(where, params, (("p.country", country.upper() if country else None), ("p.document_id", document_id)))
        rows = self._query(
            f"""SELECT p.*, d.title, d.published FROM places p JOIN documents d ON d.id = p.document_id
                {"WHERE " + " AND ".join(where) if where else ""}
                ORDER BY d.pk, p.idx LIMIT ? OFFSET ?""",
            [*params, limit, offset],
        )
        return [
            {
                "document_id": r["document_id"], "name": r["name"], "country": r["country"],
                "lat": r["lat"], "lon": r["lon"], "precision": r["precision"],
                "geonameid": r["geonameid"],
                "span": {"start": r["start_char"], "end": r["end_char"], "text": r["text"]},
                "sentence": r["sentence"], "title": r["title"], "published": r["published"],
            }
            for r in rows
        ]

    def contradictions(
        self, *, document_id: str | None = None, event_id: str | None = None,
        attribute: str | None = None, limit: int = DEFAULT_LIMIT, offset: int = 0,
    ) -> list[dict[str, Any]]:
        limit, offset = check_page(limit, offset)
        where: list[str] = []
        params: list[Any] = []
        _add_equals(where, params, (("c.document_id", document_id), ("c.event_id", event_id), ("c.attribute", attribute)))
        rows = self._query(
            f"""SELECT c.*, e.event, e.date, d.title, d.published
                FROM contradictions c JOIN documents d ON d.id = c.document_id
                LEFT JOIN events e ON e.document_id = c.document_id AND e.event_id = c.event_id
                {"WHERE " + " AND ".join(where) if where else ""}
                ORDER BY d.pk, c.idx LIMIT ? OFFSET ?""",
            [*params, limit, offset],
        )
        return [
            {
                "document_id": r["document_id"], "event_id": r["event_id"],
                "attribute": r["attribute"], "values": json.loads(r["values_json"]),
                "spans": json.loads(r["spans_json"]), "event": r["event"], "date": r["date"],
                "title": r["title"], "published": r["published"],
            }
            for r in rows
        ]

    def stats(self) -> dict[str, Any]:
        tables = ("documents", "actors", *DERIVED_TABLES)
        counts = {t: int(self._query(f"SELECT count(*) FROM {t}")[0][0]) for t in tables}
        publishers = {
            (r[0] if r[0] is not None else "(unknown)"): r[1]
            for r in self._query(
                "SELECT publisher, count(*) FROM documents GROUP BY publisher ORDER BY count(*) DESC, publisher"
            )
        }
        types = {
            r[0]: r[1]
            for r in self._query("SELECT event, count(*) FROM events GROUP BY event ORDER BY count(*) DESC, event")
        }
        published = self._query("SELECT min(published), max(published) FROM documents")[0]
        dated = self._query("SELECT min(date), max(date) FROM events")[0]
        undated = self._query("SELECT count(*) FROM documents WHERE published IS NULL")[0][0]
        unfused = self._query(UNFUSED_SQL.format(columns="count(*)"))[0][0]
        versions = {
            r[0]: r[1]
            for r in self._query("SELECT pipeline_version, count(*) FROM documents GROUP BY pipeline_version")
        }
        return {
            "db": self.url,
            "documents": counts["documents"],
            "tables": counts,
            "publishers": publishers,
            "event_types": types,
            "published": {"first": published[0], "last": published[1], "undated": undated},
            "event_dates": {"first": dated[0], "last": dated[1]},
            "pipeline_versions": versions,
            # stored but never fused (a crash between save and fusion): ingest fuses them
            "unfused": int(unfused),
        }

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
        for r in self._query(
            "SELECT id FROM actors WHERE NOT EXISTS (SELECT 1 FROM document_actors da WHERE da.actor_id = actors.id)"
        ):
            problems.append(f"actor {r[0]} is mentioned by no document")
        stored: dict[str, dict[str, int]] = {t: {} for t in DERIVED_TABLES}
        for table in DERIVED_TABLES:
            for r in self._query(f"SELECT document_id, count(*) FROM {table} GROUP BY document_id"):
                stored[table][r[0]] = r[1]
        for r in self._query("SELECT id, extraction FROM documents"):
            expected = expected_counts(decode_extraction(r[1]))
            for table, n in expected.items():
                got = stored[table].pop(r[0], 0)
                if got != n:
                    problems.append(f"document {r[0]}: {table} has {got} rows, expected {n}")
        for table, left in stored.items():
            for doc_id in left:
                problems.append(f"{table} has rows for missing document {doc_id}")
        return problems + unfused_problems(self)

    def close(self) -> None:
        with self._lock:
            try:
                if not self.read_only:
                    self._conn.execute("PRAGMA optimize")
            except sqlite3.Error:
                pass  # best effort: never fail a close over statistics
            self._conn.close()
