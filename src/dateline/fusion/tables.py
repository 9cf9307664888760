"""Fusion tables: migrations appended to the SQLite store's list (names ``fusion_*``).

Every row hangs off a stored document or event with ``ON DELETE CASCADE``, so
deleting or replacing a document removes its fusion rows; the fused events and
story clusters those rows belonged to are recounted on the next fusion of that
document (or by :func:`dateline.fusion.engine.refuse_all`).
"""

from __future__ import annotations

import sqlite3

from dateline.store.sqlite import migrations

_DOC_FK = "document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE"


def _run(conn: sqlite3.Connection, *statements: str) -> None:
    for statement in statements:  # not executescript(): it would commit the migration
        conn.execute(statement)


@migrations(name="fusion_001_tables")
def fusion_001_tables(conn: sqlite3.Connection) -> None:
    """Duplicate links, story clusters, fused events with members, links, contradictions."""
    _run(
        conn,
        # One row per fused document: its MinHash signature, duplicate link and story.
        f"""CREATE TABLE fusion_documents ({_DOC_FK} PRIMARY KEY,
            published TEXT, day INTEGER, signature BLOB NOT NULL,
            duplicate_of TEXT, duplicate_similarity REAL,
            story_id INTEGER, story_score REAL,
            vector TEXT NOT NULL DEFAULT '{{}}', features TEXT NOT NULL DEFAULT '{{}}')""",
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


@migrations(name="fusion_002_cascade_triggers")
def fusion_002_cascade_triggers(conn: sqlite3.Connection) -> None:
    """Keep fusion consistent when the store deletes or replaces a document by itself.

    A deleted member marks its fused event dirty (``num_members = -1``) so the next
    fusion regroups it; a deleted document releases its copies (they count as
    sources again) and leaves its story.
    """
    _run(
        conn,
        "CREATE INDEX fusion_events_dirty ON fusion_events(num_members) WHERE num_members < 0",
        """CREATE TRIGGER fusion_members_ad AFTER DELETE ON fusion_members
           WHEN old.fused_id IS NOT NULL BEGIN
             UPDATE fusion_events SET num_members = -1 WHERE id = old.fused_id;
           END""",
        """CREATE TRIGGER fusion_documents_ad AFTER DELETE ON fusion_documents BEGIN
             UPDATE fusion_documents SET duplicate_of = NULL WHERE duplicate_of = old.document_id;
             UPDATE fusion_stories SET n_documents = max(n_documents - 1, 0) WHERE id = old.story_id;
           END""",
    )


@migrations(name="fusion_003_story_start_index")
def fusion_003_story_start_index(conn: sqlite3.Connection) -> None:
    """Stories are found by their first day (a story spans at most ``max_span_days``)."""
    _run(conn, "CREATE INDEX fusion_stories_first_day ON fusion_stories(first_day)")


@migrations(name="fusion_004_member_aux")
def fusion_004_member_aux(conn: sqlite3.Connection) -> None:
    """PLOVER auxiliary modes of each member (negated vs future/hypothetical matter apart)."""
    _run(conn, "ALTER TABLE fusion_members ADD COLUMN aux TEXT NOT NULL DEFAULT '[]'")


STORY_TOP_TERMS = 20


def top_terms(centroid: dict[str, float]) -> str:
    """A story's heaviest terms as `` a b c `` (space-delimited for cheap ``instr`` tests)."""
    best = sorted(centroid.items(), key=lambda kv: (-kv[1], kv[0]))[:STORY_TOP_TERMS]
    return " " + " ".join(term for term, _ in best) + " "


@migrations(name="fusion_005_story_top_terms")
def fusion_005_story_top_terms(conn: sqlite3.Connection) -> None:
    """A short column of each story's heaviest terms, searched instead of the whole centroid."""
    import json

    conn.execute("ALTER TABLE fusion_stories ADD COLUMN top_terms TEXT NOT NULL DEFAULT ' '")
    rows = conn.execute("SELECT id, centroid FROM fusion_stories").fetchall()
    conn.executemany(
        "UPDATE fusion_stories SET top_terms = ? WHERE id = ?",
        [(top_terms(json.loads(centroid)), story_id) for story_id, centroid in rows],
    )
