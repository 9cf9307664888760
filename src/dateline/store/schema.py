"""The store's schema, declared once for both backends: every table is the store's.

Each migration is written once and takes the backend's
:class:`~dateline.store.dialect.Dialect`; :func:`migrations_for` lists them for one
backend, in one order: the core tables (``m001``..``m004``), fusion's tables
(``fusion_*``, :mod:`dateline.store.fusion_tables`), the watcher's (``watch_*``).
The names are the ones released databases recorded, so those open unchanged. DDL is
written in SQLite's spelling and put through :meth:`Dialect.ddl` (on SQLite, as
written); only full-text search differs in kind (FTS5 tables kept by triggers on
SQLite, generated ``tsvector`` columns with GIN indexes on PostgreSQL).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from dateline.store import fusion_tables
from dateline.store.dialect import Dialect
from dateline.store.migrations import DialectMigrations, Migrations
from dateline.store.rows import UNDATED_KEY, date_key

# PostgreSQL's text search configuration (stemming as FTS5's porter tokenizer does).
TS_CONFIG = "english"

core = DialectMigrations()
watch = DialectMigrations()


def migrations_for(dialect: Dialect) -> Migrations:
    """The whole schema history for one backend (the same names in the same order on both)."""
    migrations = Migrations("dateline")
    for part in (core, fusion_tables.migrations, watch):
        part.register(migrations, dialect)
    return migrations


def _run(conn: Any, d: Dialect, *statements: str) -> None:
    # Not executescript(): it would COMMIT the migration's transaction first.
    for statement in statements:
        conn.execute(d.ddl(statement))


def core_tables_ddl() -> list[str]:
    """The core tables in SQLite's DDL: documents and every derived layer, derived
    rows cascading from their document (a backend runs them through ``Dialect.ddl``)."""
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


@core("m001_core_tables")
def m001_core_tables(conn: Any, d: Dialect) -> None:
    """Documents and every derived layer; derived rows cascade from their document."""
    _run(conn, d, *core_tables_ddl())


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


@core("m002_full_text")
def m002_full_text(conn: Any, d: Dialect) -> None:
    """Full-text search over document title and body, and over quote content: FTS5
    tables (SQLite) or generated tsvector columns with GIN indexes (PostgreSQL)."""
    if d.name == "sqlite":
        _run(
            conn, d,
            *_fts_sync("documents", "documents_fts", ("title", "text")),
            *_fts_sync("quotes", "quotes_fts", ("content",)),
        )
        return
    conn.execute(
        f"""ALTER TABLE documents ADD COLUMN tsv tsvector GENERATED ALWAYS AS (
            setweight(to_tsvector('{TS_CONFIG}', coalesce(title, '')), 'A')
            || setweight(to_tsvector('{TS_CONFIG}', text), 'B')) STORED"""
    )
    conn.execute("CREATE INDEX documents_tsv ON documents USING gin (tsv)")
    conn.execute(
        f"""ALTER TABLE quotes ADD COLUMN tsv tsvector GENERATED ALWAYS AS (
            to_tsvector('{TS_CONFIG}', content)) STORED"""
    )
    conn.execute("CREATE INDEX quotes_tsv ON quotes USING gin (tsv)")


@core("m003_timeline_order")
def m003_timeline_order(conn: Any, d: Dialect) -> None:
    """An indexed chronological order with undated events last (timelines page through it)."""
    if d.name == "sqlite":
        conn.create_function("dateline_date_key", 1, date_key, deterministic=True)
        fill = "dateline_date_key(date)"
    else:  # as released: PostgreSQL databases of that time held no week dates
        fill = f"coalesce(date, '{UNDATED_KEY}')"
    _run(
        conn, d,
        f"ALTER TABLE events ADD COLUMN date_key TEXT NOT NULL DEFAULT '{UNDATED_KEY}'",
        f"UPDATE events SET date_key = {fill}",
        "CREATE INDEX events_timeline ON events(date_key, document_id, idx)",
        "DROP INDEX events_event",
        "CREATE INDEX events_event ON events(event, date_key, document_id, idx)",
    )


@core("m004_event_counterpart")
def m004_event_counterpart(conn: Any, d: Dialect) -> None:
    """The other side of a two-sided event (a JSON list of actor ids, a subset of
    the event's actors). Events stored before it read as having none: the
    pipeline did not record it then, so only re-ingesting fills it in."""
    _run(conn, d, "ALTER TABLE events ADD COLUMN counterpart TEXT NOT NULL DEFAULT '[]'")


# -- dateline watch's per-source state (read and written by dateline.watch.state) --


@watch("watch_001_sources")
def watch_001_sources(conn: Any, d: Dialect) -> None:
    """One row per watched source, one per item (feed entry, file, JSONL line) seen."""
    _run(
        conn, d,
        """CREATE TABLE watch_sources (source TEXT PRIMARY KEY, kind TEXT NOT NULL,
            etag TEXT, last_modified TEXT, failures INTEGER NOT NULL DEFAULT 0,
            retry_at REAL, last_error TEXT, last_polled TEXT, last_changed TEXT)""",
        # document_id: what the item became; an item whose content changes becomes a new
        # document, which replaces the old one. fingerprint: a file's size and mtime.
        """CREATE TABLE watch_items (source TEXT NOT NULL, item TEXT NOT NULL,
            fingerprint TEXT, document_id TEXT, seen_at TEXT NOT NULL,
            PRIMARY KEY (source, item)) WITHOUT ROWID""",
        "CREATE INDEX watch_items_document ON watch_items(document_id)",
    )
