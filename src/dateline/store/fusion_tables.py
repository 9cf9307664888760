"""Fusion's tables, owned by the store: migrations ``fusion_*`` of :mod:`dateline.store.schema`.

Every row hangs off a stored document or event with ``ON DELETE CASCADE``, so
deleting or replacing a document removes its fusion rows; the fused events and
story clusters those rows belonged to are recounted on the next fusion of that
document (or by :func:`dateline.fusion.engine.refuse_all`).

One schema for both backends: the DDL below is written once and put through the
backend's :class:`~dateline.store.dialect.Dialect` (types, ``WITHOUT ROWID``, an
explicit ``rowid`` on PostgreSQL); only the triggers need a PostgreSQL spelling
(trigger functions). :func:`dateline.store.schema.migrations_for` lists them for
each backend, so the SQLite and the PostgreSQL histories carry the same
``fusion_*`` names in the same order.
"""

from __future__ import annotations

import json
from typing import Any

from dateline.store.dialect import Dialect
from dateline.store.migrations import DialectMigrations

_DOC_FK = "document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE"

migrations = DialectMigrations()


def _run(conn: Any, dialect: Dialect, *statements: str) -> None:
    for statement in statements:  # not executescript(): it would commit the migration
        conn.execute(dialect.ddl(statement, wide_integers=True))


@migrations("fusion_001_tables")
def fusion_001_tables(conn: Any, d: Dialect) -> None:
    """Duplicate links, story clusters, fused events with members, links, contradictions."""
    _run(
        conn, d,
        # One row per fused document: its MinHash signature, duplicate link and story.
        f"""CREATE TABLE fusion_documents ({_DOC_FK} PRIMARY KEY,
            published TEXT, day INTEGER, signature BLOB NOT NULL,
            duplicate_of TEXT, duplicate_similarity REAL,
            story_id INTEGER, story_score REAL,
            vector TEXT NOT NULL DEFAULT '{{}}', features TEXT NOT NULL DEFAULT '{{}}'{d.rowid_column})""",
        "CREATE INDEX fusion_documents_duplicate ON fusion_documents(duplicate_of)",
        "CREATE INDEX fusion_documents_story ON fusion_documents(story_id)",
        # LSH bands: documents sharing one (band, key) are duplicate candidates.
        f"""CREATE TABLE fusion_bands (band INTEGER NOT NULL, key INTEGER NOT NULL, {_DOC_FK},
            PRIMARY KEY (band, key, document_id)) WITHOUT ROWID""",
        "CREATE INDEX fusion_bands_document ON fusion_bands(document_id)",
        # Document frequencies for the TF-IDF story vectors (n = number of documents).
        """CREATE TABLE fusion_df (term TEXT PRIMARY KEY, df INTEGER NOT NULL) WITHOUT ROWID""",
        """CREATE TABLE fusion_stories (id INTEGER PRIMARY KEY,
            first_day INTEGER, last_day INTEGER, n_documents INTEGER NOT NULL DEFAULT 0,
            centroid TEXT NOT NULL DEFAULT '{}', features TEXT NOT NULL DEFAULT '{}',
            label TEXT, updated_at TEXT NOT NULL)""",
        "CREATE INDEX fusion_stories_last_day ON fusion_stories(last_day)",
        # One row per stored event taking part in fusion (a flattened, indexed copy).
        """CREATE TABLE fusion_members (document_id TEXT NOT NULL, event_id TEXT NOT NULL,
            fused_id INTEGER, event TEXT NOT NULL, day_lo INTEGER, day_hi INTEGER,
            date TEXT, date_precision TEXT, actors TEXT NOT NULL, recipients TEXT NOT NULL,
            location TEXT, asserted INTEGER NOT NULL, size TEXT, event_text TEXT,
            mentions TEXT NOT NULL, attribution TEXT,
            PRIMARY KEY (document_id, event_id),
            FOREIGN KEY (document_id, event_id)
                REFERENCES events(document_id, event_id) ON DELETE CASCADE) WITHOUT ROWID""",
        "CREATE INDEX fusion_members_type_day ON fusion_members(event, day_lo)",
        "CREATE INDEX fusion_members_fused ON fusion_members(fused_id)",
        """CREATE TABLE fusion_events (id INTEGER PRIMARY KEY, event TEXT NOT NULL,
            date TEXT, date_precision TEXT, day INTEGER, location TEXT,
            actors TEXT NOT NULL DEFAULT '[]', recipients TEXT NOT NULL DEFAULT '[]',
            num_sources INTEGER NOT NULL DEFAULT 0, num_mentions INTEGER NOT NULL DEFAULT 0,
            num_documents INTEGER NOT NULL DEFAULT 0, num_members INTEGER NOT NULL DEFAULT 0,
            asserted INTEGER NOT NULL DEFAULT 1, disagreements INTEGER NOT NULL DEFAULT 0,
            possibly_same INTEGER NOT NULL DEFAULT 0, updated_at TEXT NOT NULL)""",
        "CREATE INDEX fusion_events_day ON fusion_events(day)",
        "CREATE INDEX fusion_events_type ON fusion_events(event, day)",
        # Pairwise decisions between events of different documents ('same' | 'possible').
        """CREATE TABLE fusion_links (a_document TEXT NOT NULL, a_event TEXT NOT NULL,
            b_document TEXT NOT NULL, b_event TEXT NOT NULL, relation TEXT NOT NULL,
            score REAL NOT NULL, reasons TEXT NOT NULL DEFAULT '[]',
            PRIMARY KEY (a_document, a_event, b_document, b_event),
            FOREIGN KEY (a_document, a_event)
                REFERENCES fusion_members(document_id, event_id) ON DELETE CASCADE,
            FOREIGN KEY (b_document, b_event)
                REFERENCES fusion_members(document_id, event_id) ON DELETE CASCADE) WITHOUT ROWID""",
        "CREATE INDEX fusion_links_b ON fusion_links(b_document, b_event)",
        """CREATE TABLE fusion_contradictions (fused_id INTEGER NOT NULL
                REFERENCES fusion_events(id) ON DELETE CASCADE,
            idx INTEGER NOT NULL, attribute TEXT NOT NULL, values_json TEXT NOT NULL,
            spans_json TEXT NOT NULL, sources_json TEXT NOT NULL,
            PRIMARY KEY (fused_id, idx)) WITHOUT ROWID""",
    )


@migrations("fusion_002_cascade_triggers")
def fusion_002_cascade_triggers(conn: Any, d: Dialect) -> None:
    """Keep fusion consistent when the store deletes or replaces a document by itself.

    A deleted member marks its fused event dirty (``num_members = -1``) so the next
    fusion regroups it; a deleted document releases its copies (they count as
    sources again) and leaves its story.
    """
    _run(conn, d, "CREATE INDEX fusion_events_dirty ON fusion_events(num_members) WHERE num_members < 0")
    member_gone = "UPDATE fusion_events SET num_members = -1 WHERE id = old.fused_id;"
    document_gone = """UPDATE fusion_documents SET duplicate_of = NULL WHERE duplicate_of = old.document_id;
             UPDATE fusion_stories SET n_documents = {max}(n_documents - 1, 0) WHERE id = old.story_id;"""
    if d.name == "sqlite":
        _run(
            conn, d,
            f"""CREATE TRIGGER fusion_members_ad AFTER DELETE ON fusion_members
               WHEN old.fused_id IS NOT NULL BEGIN
                 {member_gone}
               END""",
            f"""CREATE TRIGGER fusion_documents_ad AFTER DELETE ON fusion_documents BEGIN
             {document_gone.format(max="max")}
           END""",
        )
        return
    # PostgreSQL: the same bodies in trigger functions (row-level, after delete).
    for name, table, when, body in (
        ("fusion_members_ad", "fusion_members", "WHEN (old.fused_id IS NOT NULL)", member_gone),
        ("fusion_documents_ad", "fusion_documents", "", document_gone.format(max="greatest")),
    ):
        # SET search_path FROM CURRENT: the body finds this schema's tables whatever
        # search_path the deleting session has.
        conn.execute(f"""CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql
            SET search_path FROM CURRENT AS $$ BEGIN {body} RETURN NULL; END $$""")
        conn.execute(f"""CREATE TRIGGER {name} AFTER DELETE ON {table} FOR EACH ROW {when}
            EXECUTE FUNCTION {name}()""")


@migrations("fusion_003_story_start_index")
def fusion_003_story_start_index(conn: Any, d: Dialect) -> None:
    """Stories are found by their first day (a story spans at most ``max_span_days``)."""
    _run(conn, d, "CREATE INDEX fusion_stories_first_day ON fusion_stories(first_day)")


@migrations("fusion_004_member_aux")
def fusion_004_member_aux(conn: Any, d: Dialect) -> None:
    """PLOVER auxiliary modes of each member (negated vs future/hypothetical matter apart)."""
    _run(conn, d, "ALTER TABLE fusion_members ADD COLUMN aux TEXT NOT NULL DEFAULT '[]'")


STORY_TOP_TERMS = 20


def top_terms(centroid: dict[str, float]) -> str:
    """A story's heaviest terms as `` a b c `` (space-delimited for cheap substring tests)."""
    best = sorted(centroid.items(), key=lambda kv: (-kv[1], kv[0]))[:STORY_TOP_TERMS]
    return " " + " ".join(term for term, _ in best) + " "


@migrations("fusion_005_story_top_terms")
def fusion_005_story_top_terms(conn: Any, d: Dialect) -> None:
    """A short column of each story's heaviest terms, searched instead of the whole centroid."""
    _run(conn, d, "ALTER TABLE fusion_stories ADD COLUMN top_terms TEXT NOT NULL DEFAULT ' '")
    rows = conn.execute("SELECT id, centroid FROM fusion_stories").fetchall()
    conn.executemany(
        "UPDATE fusion_stories SET top_terms = ? WHERE id = ?",
        [(top_terms(json.loads(r[1])), r[0]) for r in rows],  # rows: tuples or name+index rows
    )
