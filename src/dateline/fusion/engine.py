"""Store-backed, incremental fusion: duplicates, stories, fused events, contradictions.

``fuse_document(store, extraction)`` runs after ``store.save(extraction)`` (one
transaction): it links the document to an earlier copy of itself, puts it in a
story, compares each of its events with stored events of the same type and
compatible date, records ``same`` / ``possible`` links, and regroups the fused
events the new links touch. A fused event is a connected group of ``same``
links, built greedily from the strongest link down and never joining two
groups that contain a blocked pair (different towns far apart, dates that
cannot overlap), so a later report can merge two fused events and re-fusing a
document after a change can split one. ``refuse_all(store)`` rebuilds everything.

Both SQL stores hold fusion tables (SQLite and PostgreSQL): the engine writes one
SQL text with ``?`` parameters and asks the store's
:class:`~dateline.store.dialect.Dialect` for what is spelled differently (a
substring test, an order-keeping join, the writer lock); ids of fused events and
stories are numbered ``max(id) + 1`` on both, so the same input gives the same
record, ids included. A store that runs no SQL raises
:class:`FusionUnavailableError` (E310).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from dateline.errors import DatelineError, FusionError, FusionUnavailableError, NotFoundError
from dateline.fusion import dedup
from dateline.fusion.matching import EventRecord, contradictions, match
from dateline.fusion.resources import rules
from dateline.fusion.stories import (
    Story,
    StorySettings,
    add_to_story,
    best_story,
    document_features,
    document_terms,
    label,
    surface_words,
)
from dateline.fusion.text import tfidf
from dateline.model import Extraction, Location, Mention
from dateline.store.base import DEFAULT_LIMIT, Store, check_page
from dateline.store.dialect import Dialect, chunks, next_id
from dateline.store.fusion_tables import top_terms


@dataclass
class FusionReport:
    document_id: str
    duplicate_of: str | None = None
    duplicate_similarity: float | None = None
    story_id: int | None = None
    story_score: float = 0.0
    members: int = 0
    same_links: int = 0
    possible_links: int = 0
    fused_ids: list[int] = field(default_factory=list)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _day(published: str | None) -> int | None:
    if not published:
        return None
    try:
        return date.fromisoformat(published[:10]).toordinal()
    except ValueError:
        return None


def _dialect(store: Store) -> Dialect:
    dialect = getattr(store, "dialect", None)
    if not isinstance(dialect, Dialect):
        raise FusionUnavailableError(
            f"fusion needs a store with SQL tables (SQLite or PostgreSQL), not {type(store).__name__}"
        )
    return dialect


class _Session:
    """A write transaction's connection (``?`` SQL, tuple rows) and its dialect."""

    def __init__(self, conn: Any, dialect: Dialect) -> None:
        self.conn = conn
        self.dialect = dialect

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        return self.conn.execute(sql, params)

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        self.conn.executemany(sql, rows)

    def insert_id(self, table: str, columns: str, values: Sequence[Any]) -> int:
        """Insert a row numbered like an SQLite rowid (``max(id) + 1``); its id."""
        marks = ", ".join("?" for _ in values)
        rows = self.conn.execute(
            f"INSERT INTO {table} (id, {columns}) VALUES ({next_id(table)}, {marks}) RETURNING id",
            values,
        ).fetchall()
        return int(rows[0][0])


@contextmanager
def _write(store: Store) -> Iterator[_Session]:
    dialect = _dialect(store)
    with store.write_transaction() as conn:
        if dialect.writer_lock_sql:
            # Fusion reads and updates shared rows (document frequencies, stories,
            # fused events): one fusing writer at a time.
            conn.execute(dialect.writer_lock_sql)
        yield _Session(conn, dialect)


def _rows(store: Store, sql: str, params: Sequence[Any] = ()) -> list[Any]:
    _dialect(store)
    return store.select(sql, params)


# -- records <-> rows ---------------------------------------------------------
_MEMBER_COLS = (
    "m.document_id, m.event_id, m.fused_id, m.event, m.day_lo, m.day_hi, m.date, m.date_precision, "
    "m.actors, m.recipients, m.location, m.asserted, m.size, m.event_text, m.mentions, m.attribution, "
    "m.aux"
)
# The document a member's document copies (NULL for an original), read with its row.
_DUPLICATE_OF = """(SELECT fd.duplicate_of FROM fusion_documents fd
                    WHERE fd.document_id = m.document_id)"""


def _record(row: Sequence[Any], canonical: str | None = None, *, light: bool = False) -> EventRecord:
    """A member row as a record; ``light`` skips mentions and sizes (not needed to match)."""
    location = json.loads(row[10]) if row[10] else None
    return EventRecord(
        document_id=row[0], event_id=row[1], event=row[3], day_lo=row[4], day_hi=row[5],
        date=row[6], date_precision=row[7], actors=json.loads(row[8]),
        recipients=json.loads(row[9]),
        location=None if location is None else Location.from_dict(location),
        asserted=bool(row[11]), size=json.loads(row[12]) if row[12] and not light else None,
        event_text=row[13],
        mentions=[] if light else [Mention.from_dict(m) for m in json.loads(row[14])],
        attribution=row[15], canonical_document=canonical, aux=json.loads(row[16]),
    )


def _member_of(row: Sequence[Any], *, light: bool = False) -> tuple[EventRecord, int | None]:
    """A row of ``_MEMBER_COLS`` then ``_DUPLICATE_OF``: the record (its canonical
    document the one it copies, else itself) and its fused id."""
    return _record(row, row[17] or row[0], light=light), row[2]


def _member_row(record: EventRecord, fused_id: int | None = None) -> tuple[Any, ...]:
    return (
        record.document_id, record.event_id, fused_id, record.event, record.day_lo, record.day_hi,
        record.date, record.date_precision, json.dumps(record.actors), json.dumps(record.recipients),
        None if record.location is None else json.dumps(record.location.to_dict()),
        int(record.asserted), None if record.size is None else json.dumps(record.size),
        record.event_text, json.dumps([m.to_dict() for m in record.mentions]), record.attribution,
        json.dumps(record.aux),
    )


def _members(
    conn: _Session, where: str, params: Sequence[Any], *, source: str = "fusion_members m",
    light: bool = False,
) -> list[tuple[EventRecord, int | None]]:
    # The duplicate link comes along (one indexed lookup per row, same statement).
    rows = conn.execute(f"SELECT {_MEMBER_COLS}, {_DUPLICATE_OF} FROM {source} WHERE {where}", params).fetchall()
    return [_member_of(r, light=light) for r in rows]


# -- the incremental step -----------------------------------------------------
def fuse_document(store: Store, extraction: Extraction) -> FusionReport:
    """Fuse one stored document into the record (call after ``store.save``).

    Idempotent: fusing the same document again first removes what it added. When
    the store holds another version of the document (``save`` answered
    ``"unchanged"`` because a newer pipeline stored it), the stored one is fused.
    """
    stored = _rows(store, "SELECT pipeline_version FROM documents WHERE id = ?", (extraction.document.id,))
    if not stored:
        raise NotFoundError("fuse_document needs the document stored first", source=extraction.document.id)
    if stored[0][0] != extraction.pipeline_version:
        extraction = store.get(extraction.document.id)
    doc = extraction.document
    report = FusionReport(doc.id)
    settings = dedup.DuplicateSettings.load()
    sig = dedup.signature(doc.text, settings)
    keys = dedup.band_keys(sig, settings)
    story_settings = StorySettings.load()
    counts = document_terms(extraction)
    features = document_features(extraction)
    day = _day(doc.published)
    with _write(store) as conn:
        if conn.execute("SELECT 1 FROM documents WHERE id = ?", (doc.id,)).fetchone() is None:
            raise NotFoundError("fuse_document needs the document stored first", source=doc.id)
        touched = _forget(conn, doc.id)
        _find_duplicate(conn, report, sig, keys, settings)
        conn.execute(
            """INSERT INTO fusion_documents (document_id, published, day, signature,
               duplicate_of, duplicate_similarity) VALUES (?, ?, ?, ?, ?, ?)""",
            (doc.id, doc.published, day, dedup.to_blob(sig), report.duplicate_of,
             report.duplicate_similarity),
        )
        conn.executemany(
            "INSERT INTO fusion_bands (band, key, document_id) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
            [(b, k, doc.id) for b, k in keys],
        )
        _assign_story(conn, report, counts, features, day, story_settings, surface_words(extraction))
        touched |= _fuse_events(conn, report, extraction)
        report.fused_ids = sorted(_regroup(conn, touched))
    return report


def fuse_or_error(store: Store, extraction: Extraction) -> DatelineError | None:
    """:func:`fuse_document` for loops that must go on: the error instead of raising it.

    Fusion is one transaction, so a failure leaves the document stored and unfused
    (fusing it again retries). Any other exception, a bug, comes back as a
    :class:`FusionError` naming it. A store without fusion tables still raises
    :class:`FusionUnavailableError`: that is the store, not the document.
    """
    try:
        fuse_document(store, extraction)
    except FusionUnavailableError:
        raise
    except DatelineError as exc:
        return exc
    except Exception as exc:  # noqa: BLE001 - one document's fusion bug must not stop a batch
        return FusionError(f"fusion failed: {type(exc).__name__}: {exc}", source=extraction.document.id)
    return None


def _forget(conn: _Session, doc_id: str) -> set[int]:
    """Remove a document's earlier fusion rows; returns the fused ids to regroup."""
    touched = {
        r[0] for r in conn.execute(
            "SELECT fused_id FROM fusion_members WHERE document_id = ? AND fused_id IS NOT NULL", (doc_id,)
        )
    }
    row = conn.execute("SELECT features FROM fusion_documents WHERE document_id = ?", (doc_id,)).fetchone()
    if row is not None:
        # The story keeps this document's share of its centroid (a running mean); the
        # delete trigger lowers its count. refuse_all() rebuilds centroids exactly.
        conn.executemany(
            "UPDATE fusion_df SET df = df - 1 WHERE term = ?",
            [(t,) for t in json.loads(row[0]).get("terms", [])],
        )
    # Copies of this document now point at the earliest remaining copy.
    copies = [r[0] for r in conn.execute(
        "SELECT document_id FROM fusion_documents WHERE duplicate_of = ? ORDER BY rowid", (doc_id,)
    )]
    if copies:
        conn.execute("UPDATE fusion_documents SET duplicate_of = NULL WHERE document_id = ?", (copies[0],))
        conn.executemany(
            "UPDATE fusion_documents SET duplicate_of = ? WHERE document_id = ?",
            [(copies[0], c) for c in copies[1:]],
        )
    conn.execute("DELETE FROM fusion_members WHERE document_id = ?", (doc_id,))  # links cascade
    conn.execute("DELETE FROM fusion_bands WHERE document_id = ?", (doc_id,))
    conn.execute("DELETE FROM fusion_documents WHERE document_id = ?", (doc_id,))
    # Fused events that lost members without us (the store deleted or replaced a document).
    touched.update(r[0] for r in conn.execute("SELECT id FROM fusion_events WHERE num_members < 0"))
    return touched


def _find_duplicate(
    conn: _Session, report: FusionReport, sig: Any, keys: list[tuple[int, int]],
    settings: dedup.DuplicateSettings,
) -> None:
    candidates: set[str] = set()
    if keys:
        # One statement for all bands (an OR of primary-key ranges on both backends).
        either = " OR ".join("(band = ? AND key = ?)" for _ in keys)
        candidates.update(r[0] for r in conn.execute(
            f"SELECT document_id FROM fusion_bands WHERE {either}", [v for bk in keys for v in bk]
        ))
    candidates.discard(report.document_id)
    best: tuple[str, float, str | None] | None = None
    stored: dict[str, tuple[Any, str | None]] = {}  # document id: (signature, duplicate_of)
    ordered = sorted(candidates)
    for chunk in chunks(ordered):
        marks = ", ".join("?" for _ in chunk)
        stored.update((r[0], (r[1], r[2])) for r in conn.execute(
            f"SELECT document_id, signature, duplicate_of FROM fusion_documents WHERE document_id IN ({marks})",
            chunk,
        ))
    for other in ordered:
        if other not in stored:
            continue
        signature, duplicate_of = stored[other]
        sim = dedup.similarity(sig, dedup.from_blob(signature))
        if sim >= settings.threshold and (best is None or sim > best[1]):
            best = (other, sim, duplicate_of)
    if best is not None:
        report.duplicate_of = best[2] or best[0]  # always the first copy
        report.duplicate_similarity = round(best[1], 4)


def _load_story(row: Sequence[Any]) -> Story:
    data = json.loads(row[4])
    return Story(row[0], row[1], row[2], row[3], json.loads(row[5]), data)


def _assign_story(
    conn: _Session, report: FusionReport, counts: Counter[str],
    features: dict[str, list[str]], day: int | None, settings: StorySettings,
    surfaces: dict[str, dict[str, int]] | None = None,
) -> None:
    n_docs = conn.execute("SELECT count(*) FROM fusion_documents").fetchone()[0]
    term_list = sorted(counts)
    df: dict[str, int] = {}
    if conn.dialect.text_arrays:
        # One upsert of all terms that answers the counts after it (df before = after - 1).
        if term_list:
            df.update(
                (r[0], r[1] - 1)
                for r in conn.execute(
                    f"""INSERT INTO fusion_df (term, df) SELECT t, 1 FROM {conn.dialect.unnest(1)} AS u(t)
                        ON CONFLICT (term) DO UPDATE SET df = fusion_df.df + 1 RETURNING term, df""",
                    (term_list,),
                ).fetchall()
            )
    else:
        for chunk in chunks(term_list):
            marks = ", ".join("?" for _ in chunk)
            df.update(
                (r[0], r[1])
                for r in conn.execute(f"SELECT term, df FROM fusion_df WHERE term IN ({marks})", chunk)
            )
        conn.executemany(
            # Qualified: PostgreSQL finds a bare "df" ambiguous (the row or excluded).
            """INSERT INTO fusion_df (term, df) VALUES (?, 1)
               ON CONFLICT (term) DO UPDATE SET df = fusion_df.df + 1""",
            [(t,) for t in term_list],
        )
    vector = tfidf(counts, df, n_docs, settings.document_terms)
    cols = "id, first_day, last_day, n_documents, features, centroid"
    story: Story | None = None
    if report.duplicate_of is not None:
        row = conn.execute(
            f"""SELECT {cols} FROM fusion_stories WHERE id = (
                SELECT story_id FROM fusion_documents WHERE document_id = ?)""",
            (report.duplicate_of,),
        ).fetchone()
        if row is not None:
            story, report.story_score = _load_story(row), 1.0
    if story is None:
        if day is not None:
            # first_day >= day - window - span: a story spans at most max_span_days, so
            # older stories cannot take this document (an indexed, bounded range).
            # Only stories whose heaviest terms include one of the document's (a cheap
            # substring test on a short column before any JSON is decoded in Python).
            top = [t for t, _ in sorted(vector.items(), key=lambda kv: -kv[1])[: settings.candidate_terms]]
            shares = " OR ".join(conn.dialect.contains("top_terms") for _ in top) or "1 = 1"
            rows = conn.execute(
                f"""SELECT {cols} FROM fusion_stories
                    WHERE first_day BETWEEN ? AND ? AND last_day >= ? AND ({shares})
                    ORDER BY last_day DESC, id DESC LIMIT ?""",
                (day - settings.window_days - settings.max_span_days, day + settings.window_days,
                 day - settings.window_days, *[f" {t} " for t in top],
                 settings.max_candidates),
            ).fetchall()
            rows = [
                r for r in rows
                if max(r[2], day) - min(r[1], day) <= settings.max_span_days  # would stay in span
            ]
        else:  # undated: only the most recently active stories
            rows = conn.execute(
                f"SELECT {cols} FROM fusion_stories ORDER BY id DESC LIMIT ?",
                (settings.max_candidates,),
            ).fetchall()
        story, report.story_score = best_story(vector, features, [_load_story(r) for r in rows], settings)
    if story is None:
        story_id = conn.insert_id("fusion_stories", "first_day, last_day, updated_at", (day, day, _now()))
        story = Story(story_id, day, day)
        report.story_score = 1.0
    add_to_story(story, vector, features, day, settings, surfaces)
    conn.execute(
        """UPDATE fusion_stories SET first_day = ?, last_day = ?, n_documents = ?, centroid = ?,
           features = ?, label = ?, updated_at = ?, top_terms = ? WHERE id = ?""",
        (story.first_day, story.last_day, story.n_documents, json.dumps(story.centroid),
         json.dumps(story.features), label(story), _now(), top_terms(story.centroid), story.id),
    )
    report.story_id = story.id
    conn.execute(
        """UPDATE fusion_documents SET story_id = ?, story_score = ?, vector = ?, features = ?
           WHERE document_id = ?""",
        (story.id, round(report.story_score, 4), json.dumps(vector),
         json.dumps({**features, "terms": term_list}), report.document_id),
    )


def _candidates(
    conn: _Session, records: Sequence[EventRecord], story_id: int | None, limit: int
) -> list[list[tuple[EventRecord, int | None]]]:
    """Stored events that could be the same happening as each of ``records``.

    Only day-level events can be *the same*; they are found on the (type, day)
    index within ``max_day_gap``. Everything else -- an undated or month-dated event
    on either side -- can at most be *possibly the same*, and is only looked for in
    the document's own story, so that a month-dated report is not compared with
    every event of its type that month.

    One statement for the day-level lookups of all records (a ``UNION ALL`` of one
    ordered, limited subquery per record) and one for the story; each record's rows
    are put back in the order of its own query (a total order, so sorting in Python,
    in code-point order like both stores' text columns, gives the same list).
    """
    gap = int(rules()["events"]["max_day_gap"])
    found: list[list[tuple[EventRecord, int | None]]] = [[] for _ in records]
    dated = [(i, r) for i, r in enumerate(records) if r.day_level]
    for start in range(0, len(dated), 100):
        arms, params = [], []
        for i, record in dated[start : start + 100]:
            assert record.day_lo is not None and record.day_hi is not None
            arms.append(
                f"""SELECT * FROM (SELECT {i} AS arm, {_MEMBER_COLS}, {_DUPLICATE_OF} AS dup
                    FROM fusion_members m
                    WHERE m.event = ? AND m.day_lo BETWEEN ? AND ? AND m.day_hi = m.day_lo
                      AND m.document_id != ?
                    ORDER BY abs(m.day_lo - ?), m.document_id, m.event_id LIMIT ?) AS c{i}"""
            )
            params += [record.event, record.day_lo - gap, record.day_hi + gap, record.document_id,
                       record.day_lo, limit]
        for row in conn.execute(" UNION ALL ".join(arms), params).fetchall():
            found[row[0]].append(_member_of(row[1:], light=True))
        for i, record in dated[start : start + 100]:
            day_lo = record.day_lo or 0
            found[i].sort(key=lambda rf: (abs((rf[0].day_lo or 0) - day_lo), rf[0].document_id,
                                          rf[0].event_id))
    if story_id is not None and records:
        # CROSS JOIN (SQLite): walk the story's documents first (story index), then their
        # events; per record in that order (fusion order, then event id) on both backends,
        # the first ``limit`` of its type (rn) or of its type's coarse events (rc).
        coarse = "CASE WHEN m.day_lo IS NULL OR m.day_hi != m.day_lo THEN 1 ELSE 0 END"
        types = sorted({r.event for r in records})
        marks = ", ".join("?" for _ in types)
        rows = conn.execute(
            f"""SELECT * FROM (SELECT d.rowid AS seq, {coarse} AS coarse,
                    ROW_NUMBER() OVER (PARTITION BY m.event ORDER BY d.rowid, m.event_id) AS rn,
                    ROW_NUMBER() OVER (PARTITION BY m.event, {coarse}
                                       ORDER BY d.rowid, m.event_id) AS rc,
                    {_MEMBER_COLS}, {_DUPLICATE_OF} AS dup
                FROM fusion_documents d {conn.dialect.ordered_join} fusion_members m
                  ON m.document_id = d.document_id
                WHERE d.story_id = ? AND m.event IN ({marks}) AND m.document_id != ?) AS s
                WHERE rn <= ? OR (coarse = 1 AND rc <= ?)""",
            (story_id, *types, records[0].document_id, limit, limit),
        ).fetchall()
        # (d.rowid, coarse, record, fused id), each row decoded once for every record
        story = [(row[0], row[1], *_member_of(row[4:], light=True)) for row in rows]
        story.sort(key=lambda s: (s[0], s[2].event_id))
        for i, record in enumerate(records):
            seen = {r.key for r, _ in found[i]}
            picked = [
                (other, fused_id) for _, is_coarse, other, fused_id in story
                if other.event == record.event and (not record.day_level or is_coarse == 1)
            ][:limit]
            found[i] += [(other, fused_id) for other, fused_id in picked if other.key not in seen]
    return found


def _fuse_events(conn: _Session, report: FusionReport, extraction: Extraction) -> set[int]:
    limit = int(rules()["events"]["max_candidates"])
    stored = {
        r[0] for r in conn.execute(
            "SELECT event_id FROM events WHERE document_id = ?", (report.document_id,)
        )
    }
    records = [
        EventRecord.from_event(report.document_id, e) for e in extraction.events if e.id in stored
    ]
    for record in records:
        record.canonical_document = report.duplicate_of
    # New members start as their own fused events (_regroup merges them), numbered
    # max(id) + 1, + 2, ... in event order: what one insert per event would give.
    new_ids = _new_fused_ids(conn, [r.event for r in records])
    conn.executemany(
        f"INSERT INTO fusion_members ({_MEMBER_COLS.replace('m.', '')}) VALUES ({', '.join('?' for _ in range(17))})",
        [_member_row(r, f) for r, f in zip(records, new_ids, strict=True)],
    )
    report.members = len(records)
    touched: set[int] = set(new_ids)
    links = []
    max_possible = int(rules()["events"]["max_possible_links"])
    for record, candidates in zip(records, _candidates(conn, records, report.story_id, limit), strict=True):
        possible = []
        for other, fused_id in candidates:
            result = match(record, other)
            if result.relation == "same":
                links.append((*other.key, *record.key, "same", result.score, json.dumps(result.reasons)))
                report.same_links += 1
                if fused_id is not None:
                    touched.add(fused_id)
            elif result.relation == "possible":
                possible.append((*other.key, *record.key, "possible", result.score, json.dumps(result.reasons)))
        # Only the strongest "possibly same" links: they are hints for a reader, not a graph.
        possible.sort(key=lambda link: -float(link[5]))
        links += possible[:max_possible]
        report.possible_links += len(possible[:max_possible])
    conn.executemany(
        """INSERT INTO fusion_links (a_document, a_event, b_document, b_event,
           relation, score, reasons) VALUES (?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (a_document, a_event, b_document, b_event) DO UPDATE SET
             relation = excluded.relation, score = excluded.score, reasons = excluded.reasons""",
        links,
    )
    return touched


def _new_fused_ids(conn: _Session, events: Sequence[str]) -> list[int]:
    """Insert one empty fused event per type in ``events``; their ids, in that order.

    Numbered ``max(id) + 1, + 2, ...`` (one read, one batched insert): the ids that
    one ``insert_id`` per event would give, as nothing else inserts in between."""
    if not events:
        return []
    base = int(conn.execute("SELECT coalesce(max(id), 0) FROM fusion_events").fetchone()[0])
    now = _now()
    ids = [base + 1 + i for i in range(len(events))]
    conn.executemany(
        "INSERT INTO fusion_events (id, event, updated_at) VALUES (?, ?, ?)",
        [(f, e, now) for f, e in zip(ids, events, strict=True)],
    )
    return ids


def _regroup(conn: _Session, fused_ids: set[int]) -> set[int]:
    """Recompute the fused events covering ``fused_ids`` from their ``same`` links."""
    if not fused_ids:
        return set()
    ids = sorted(fused_ids)
    marks = ", ".join("?" for _ in ids)
    members = _members(conn, f"fused_id IN ({marks}) ORDER BY fused_id, document_id, event_id", ids)
    records = {r.key: r for r, _ in members}
    old = {r.key: f for r, f in members}
    keys = list(records)
    links = _same_links(conn, keys)
    parent = {k: k for k in keys}

    def find(k: tuple[str, str]) -> tuple[str, str]:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    groups: dict[tuple[str, str], list[EventRecord]] = {k: [records[k]] for k in keys}
    for a_doc, a_ev, b_doc, b_ev, _score in sorted(links, key=lambda r: -r[4]):
        a, b = (a_doc, a_ev), (b_doc, b_ev)
        if a not in parent or b not in parent:
            continue
        ra, rb = find(a), find(b)
        if ra == rb:
            continue
        if any(match(x, y).blocked for x in groups[ra] for y in groups[rb]):
            continue  # one link would chain two incompatible reports together
        parent[rb] = ra
        groups[ra].extend(groups.pop(rb))
    # Reuse each old id for the group holding most of its members; new ids otherwise.
    free = set(ids)
    chosen: list[tuple[int | None, list[EventRecord]]] = []
    for _root, group in sorted(groups.items(), key=lambda kv: -len(kv[1])):
        votes = Counter(f for f in (old[r.key] for r in group) if f is not None and f in free)
        if votes:
            reused: int | None = votes.most_common(1)[0][0]
            free.discard(reused)
        else:
            reused = None  # a new id, allocated below in this order
        chosen.append((reused, group))
    fresh = iter(_new_fused_ids(conn, [g[0].event for f, g in chosen if f is None]))
    assigned = [(next(fresh) if f is None else f, group) for f, group in chosen]
    # The writes of all groups, one batched statement each (the rows in group order).
    conn.executemany(
        "UPDATE fusion_members SET fused_id = ? WHERE document_id = ? AND event_id = ?",
        [(fused_id, *r.key) for fused_id, group in assigned for r in group],
    )
    possible = _possible_counts(conn, keys)
    updates, contradiction_rows = [], []
    for fused_id, group in assigned:
        update, rows = _aggregate(fused_id, group, possible)
        updates.append(update)
        contradiction_rows += rows
    conn.executemany(
        """UPDATE fusion_events SET event = ?, date = ?, date_precision = ?, day = ?, location = ?,
           actors = ?, recipients = ?, num_sources = ?, num_mentions = ?, num_documents = ?,
           num_members = ?, asserted = ?, disagreements = ?, possibly_same = ?, updated_at = ?
           WHERE id = ?""",
        updates,
    )
    conn.executemany(
        "DELETE FROM fusion_contradictions WHERE fused_id = ?", [(f,) for f, _ in assigned]
    )
    conn.executemany(
        """INSERT INTO fusion_contradictions (fused_id, idx, attribute, values_json, spans_json,
           sources_json) VALUES (?, ?, ?, ?, ?, ?)""",
        contradiction_rows,
    )
    result = {f for f, _ in assigned}
    if free:
        conn.executemany("DELETE FROM fusion_events WHERE id = ?", [(f,) for f in free])
    return result


def _most_common(values: Iterable[Any]) -> Any:
    counts = Counter(v for v in values if v is not None)
    return counts.most_common(1)[0][0] if counts else None


def _same_links(conn: _Session, keys: Sequence[tuple[str, str]]) -> list[Any]:
    """The ``same`` links from each of ``keys`` (a side), per key in order of the keys,
    then by b side (the order the strongest-first merge breaks its ties in)."""
    if not keys:
        return []
    if not conn.dialect.text_arrays:
        # SQLite: plain primary-key lookups (a VALUES join here scanned the link table).
        links: list[Any] = []
        for key in keys:
            links += conn.execute(
                """SELECT a_document, a_event, b_document, b_event, score FROM fusion_links
                   WHERE a_document = ? AND a_event = ? AND relation = 'same'
                   ORDER BY b_document, b_event""",
                key,
            ).fetchall()
        return links
    return list(conn.execute(
        f"""SELECT l.a_document, l.a_event, l.b_document, l.b_event, l.score
            FROM {conn.dialect.unnest(2)} WITH ORDINALITY AS k(d, e, n)
            JOIN fusion_links l ON l.a_document = k.d AND l.a_event = k.e
            WHERE l.relation = 'same' ORDER BY k.n, l.b_document, l.b_event""",
        ([k[0] for k in keys], [k[1] for k in keys]),
    ).fetchall())


def _possible_counts(conn: _Session, keys: Sequence[tuple[str, str]]) -> Counter[tuple[str, str]]:
    """Number of ``possible`` links of each key, on either side."""
    counts: Counter[tuple[str, str]] = Counter()
    if not keys:
        return counts
    if not conn.dialect.text_arrays:
        # Plain indexed counts (a side: primary key, b side: fusion_links_b); a VALUES
        # CTE here made SQLite build a Bloom filter over the whole link table.
        for key in keys:
            for side in ("a", "b"):
                counts[key] += conn.execute(
                    f"""SELECT count(*) FROM fusion_links WHERE {side}_document = ? AND {side}_event = ?
                        AND relation = 'possible'""",
                    key,
                ).fetchone()[0]
        return counts
    arrays = ([k[0] for k in keys], [k[1] for k in keys])
    for side in ("a", "b"):
        for d, e, n in conn.execute(
            f"""SELECT k.d, k.e, count(*) FROM {conn.dialect.unnest(2)} AS k(d, e)
                JOIN fusion_links l ON l.{side}_document = k.d AND l.{side}_event = k.e
                WHERE l.relation = 'possible' GROUP BY k.d, k.e""",
            arrays,
        ).fetchall():
            counts[(d, e)] += int(n)
    return counts


def _aggregate(
    fused_id: int, group: list[EventRecord], possible_counts: Counter[tuple[str, str]]
) -> tuple[tuple[Any, ...], list[tuple[Any, ...]]]:
    """Representative attributes, source counts and contradictions of one fused event:
    the ``UPDATE fusion_events`` parameters and the ``fusion_contradictions`` rows."""
    sources = {r.source for r in group}
    first_copy: dict[str, str] = {}
    for r in sorted(group, key=lambda r: (r.document_id != r.source, r.document_id)):
        first_copy.setdefault(r.source, r.document_id)
    counted = [r for r in group if first_copy[r.source] == r.document_id]
    asserted = [r for r in group if r.asserted] or group
    dated = sorted(
        (r for r in asserted if r.date and r.day_lo is not None),
        key=lambda r: ((r.day_hi or 0) - (r.day_lo or 0), r.date or ""),
    )
    best_width = (dated[0].day_hi or 0) - (dated[0].day_lo or 0) if dated else None
    fine = [r for r in dated if (r.day_hi or 0) - (r.day_lo or 0) == best_width]
    the_date = _most_common(r.date for r in fine)
    precision = next((r.date_precision for r in fine if r.date == the_date), None)
    locations = [r.location for r in asserted if r.location is not None]
    location = _most_common(json.dumps(loc.to_dict(), sort_keys=True) for loc in locations)
    actors = [a for a, _ in Counter(a for r in group for a in r.actors).most_common()]
    recipients = [a for a, _ in Counter(a for r in group for a in r.recipients).most_common()]
    found = contradictions(f"fused:{fused_id}", group)
    possible = sum(possible_counts[r.key] for r in group)
    update = (group[0].event, the_date, precision, fine[0].day_lo if fine else None, location,
         json.dumps(actors), json.dumps(recipients), len(sources),
         sum(max(1, len(r.mentions)) for r in counted), len({r.document_id for r in group}),
         len(group), int(any(r.asserted for r in group)), len(found), possible, _now(), fused_id)
    rows = [
        (fused_id, i, c.attribute, json.dumps(c.values),
         json.dumps([s.to_dict() for s in c.spans]), json.dumps(docs))
        for i, (c, docs) in enumerate(found)
    ]
    return update, rows


def refuse_all(store: Store) -> int:
    """Forget all fusion state and fuse every stored document again, in ingest order."""
    with _write(store) as conn:
        for table in ("fusion_links", "fusion_contradictions", "fusion_members", "fusion_events",
                      "fusion_bands", "fusion_documents", "fusion_stories", "fusion_df"):
            conn.execute(f"DELETE FROM {table}")
    n = 0
    for extraction in store.iter_extractions():
        fuse_document(store, extraction)
        n += 1
    return n


def is_fused(store: Store, document_id: str) -> bool:
    """Whether a stored document has been fused (a batch re-run fuses those that were not)."""
    return bool(_rows(store, "SELECT 1 FROM fusion_documents WHERE document_id = ?", (document_id,)))


def totals(store: Store) -> dict[str, int]:
    """Size of the fusion record: fused documents, fused events (all, 2+ sources), stories."""
    # Named columns: PostgreSQL rows are read by name, and four "count" would collide.
    row = _rows(store, """SELECT (SELECT count(*) FROM fusion_documents) AS documents,
        (SELECT count(*) FROM fusion_events WHERE num_members > 0) AS fused_events,
        (SELECT count(*) FROM fusion_events WHERE num_members > 0 AND num_sources > 1)
            AS multi_source_events,
        (SELECT count(*) FROM fusion_stories WHERE n_documents > 0) AS stories""")[0]
    return {key: int(row[key])
            for key in ("documents", "fused_events", "multi_source_events", "stories")}


def prune(store: Store) -> int:
    """Drop fused events and stories left without members by deleted documents; recount the
    rest, and the terms' document frequencies (a deleted document's terms still counted)."""
    with _write(store) as conn:
        stale = {r[0] for r in conn.execute("SELECT id FROM fusion_events WHERE num_members < 0")}
        regrouped = _regroup(conn, stale)
        _recount_df(conn)
        conn.execute("DELETE FROM fusion_events WHERE id NOT IN (SELECT fused_id FROM fusion_members "
                     "WHERE fused_id IS NOT NULL)")
        conn.execute(
            """UPDATE fusion_stories SET n_documents = (SELECT count(*) FROM fusion_documents d
               WHERE d.story_id = fusion_stories.id)"""
        )
        conn.execute("DELETE FROM fusion_stories WHERE n_documents = 0")
    return len(regrouped)


def _recount_df(conn: _Session) -> None:
    """Document frequencies counted again from the fused documents' own terms.

    A document deleted from the store takes its ``fusion_documents`` row with it (and so
    the list of terms it added), so its share of ``fusion_df`` cannot be taken back one
    term at a time; one pass over what remains is exact."""
    counts: Counter[str] = Counter()
    for (features,) in conn.execute("SELECT features FROM fusion_documents").fetchall():
        counts.update(json.loads(features).get("terms", []))
    conn.execute("DELETE FROM fusion_df")
    conn.executemany("INSERT INTO fusion_df (term, df) VALUES (?, ?)", sorted(counts.items()))


# -- queries ------------------------------------------------------------------
def _fused_dict(store: Store, row: Any, *, with_sources: bool = True) -> dict[str, Any]:
    item = dict(row)
    item["id"] = f"fused:{item['id']}"
    item["location"] = json.loads(item["location"]) if item["location"] else None
    item["actors"] = json.loads(item["actors"])
    item["recipients"] = json.loads(item["recipients"])
    item["asserted"] = bool(item["asserted"])
    item.pop("day", None)
    item.pop("updated_at", None)
    item["disagreement"] = item["disagreements"] > 0
    if with_sources:
        fid = row["id"]
        item["sources"] = [
            {
                "document_id": r["document_id"], "event_id": r["event_id"], "title": r["title"],
                "publisher": r["publisher"], "published": r["published"], "url": r["url"],
                "duplicate_of": r["duplicate_of"], "date": r["date"],
                "date_precision": r["date_precision"], "asserted": bool(r["asserted"]),
                "location": json.loads(r["location"]) if r["location"] else None,
                "actors": json.loads(r["actors"]), "recipients": json.loads(r["recipients"]),
                "size": json.loads(r["size"]) if r["size"] else None,
                "mentions": json.loads(r["mentions"]),
            }
            for r in _rows(store, """
                SELECT m.document_id, m.event_id, m.date, m.date_precision, m.asserted, m.location,
                       m.actors, m.recipients, m.size, m.mentions, d.title, d.publisher,
                       d.published, d.url, fd.duplicate_of
                FROM fusion_members m JOIN documents d ON d.id = m.document_id
                LEFT JOIN fusion_documents fd ON fd.document_id = m.document_id
                WHERE m.fused_id = ?
                ORDER BY d.published IS NOT NULL, d.published, m.document_id, m.event_id""", (fid,))
        ]
        item["contradictions"] = cross_contradictions(store, fused_id=item["id"])
        item["possibly_same_as"] = _possible(store, fid)
    return item


def _possible(store: Store, fid: int) -> list[dict[str, Any]]:
    rows = _rows(store, """
        SELECT DISTINCT o.fused_id AS other, l.score, l.reasons FROM fusion_members m
        JOIN fusion_links l ON l.relation = 'possible' AND (
            (l.a_document = m.document_id AND l.a_event = m.event_id)
            OR (l.b_document = m.document_id AND l.b_event = m.event_id))
        JOIN fusion_members o ON o.fused_id != m.fused_id AND (
            (l.a_document = o.document_id AND l.a_event = o.event_id)
            OR (l.b_document = o.document_id AND l.b_event = o.event_id))
        WHERE m.fused_id = ? ORDER BY l.score DESC, other""", (fid,))
    return [
        {"fused_id": f"fused:{r['other']}", "score": r["score"], "reasons": json.loads(r["reasons"])}
        for r in rows
    ]


def _fused_pk(fused_id: str | int) -> int:
    text = str(fused_id).removeprefix("fused:")
    # ASCII digits within SQL's 64-bit integers ('²' is a digit to isdigit(), not to int())
    if not (text.isascii() and text.isdigit()) or int(text) >= 2**63:
        raise NotFoundError("not a fused event id", source=str(fused_id))
    return int(text)


def fused_events(
    store: Store, *, event_type: str | None = None, date_from: str | None = None,
    date_to: str | None = None, actor: str | None = None, min_sources: int = 1,
    disagreements_only: bool = False, story_id: int | None = None, with_sources: bool = True,
    limit: int = DEFAULT_LIMIT, offset: int = 0,
) -> list[dict[str, Any]]:
    """Fused events (one per happening) with source counts, sources and disagreements.

    Ordered by date (undated last) then id; ``actor`` matches an actor id exactly
    (sector variants included: ``country:RUS`` matches ``country:RUS:MIL``).
    """
    limit, offset = check_page(limit, offset)
    where: list[str] = ["num_members > 0"]
    params: list[Any] = []
    if event_type:
        where.append("event = ?")
        params.append(event_type.upper())
    if date_from:
        where.append("day >= ?")
        params.append(_day(date_from) or 0)
    if date_to:
        where.append("day <= ?")
        params.append(_day(date_to) or 0)
    if min_sources > 1:
        where.append("num_sources >= ?")
        params.append(int(min_sources))
    if disagreements_only:
        where.append("disagreements > 0")
    if actor:
        # The store's event_actors index; "country:RUS" also matches its sector variants
        # ("country:RUS:MIL"), a range on the same index.
        where.append("""id IN (SELECT m.fused_id FROM event_actors ea JOIN fusion_members m
                        ON m.document_id = ea.document_id AND m.event_id = ea.event_id
                        WHERE ea.role = 'actor' AND (ea.actor_id = ?
                              OR (ea.actor_id >= ? AND ea.actor_id < ?)))""")
        params += [actor, actor + ":", actor + ";"]  # ";" sorts right after ":"
    if story_id is not None:
        where.append("""id IN (SELECT m.fused_id FROM fusion_members m JOIN fusion_documents d
                        ON d.document_id = m.document_id WHERE d.story_id = ?)""")
        params.append(int(story_id))
    rows = _rows(
        store,
        f"""SELECT * FROM fusion_events WHERE {' AND '.join(where)}
            ORDER BY day IS NULL, day, id LIMIT ? OFFSET ?""",
        [*params, limit, offset],
    )
    return [_fused_dict(store, r, with_sources=with_sources) for r in rows]


def fused_event(store: Store, fused_id: str | int) -> dict[str, Any]:
    rows = _rows(store, "SELECT * FROM fusion_events WHERE id = ?", (_fused_pk(fused_id),))
    if not rows:
        raise NotFoundError("no such fused event", source=str(fused_id))
    return _fused_dict(store, rows[0])


def fused_event_of(store: Store, document_id: str, event_id: str) -> str | None:
    """The fused event a document's event belongs to (for event pages)."""
    rows = _rows(store, "SELECT fused_id FROM fusion_members WHERE document_id = ? AND event_id = ?",
                 (document_id, event_id))
    return f"fused:{rows[0][0]}" if rows and rows[0][0] is not None else None


def cross_contradictions(
    store: Store, *, fused_id: str | int | None = None, attribute: str | None = None,
    limit: int = DEFAULT_LIMIT, offset: int = 0,
) -> list[dict[str, Any]]:
    """Disagreements between reports: ``Contradiction.to_dict()`` plus the source of each value."""
    limit, offset = check_page(limit, offset)
    where: list[str] = []
    params: list[Any] = []
    if fused_id is not None:
        where.append("fused_id = ?")
        params.append(_fused_pk(fused_id))
    if attribute:
        where.append("attribute = ?")
        params.append(attribute)
    rows = _rows(
        store,
        f"""SELECT * FROM fusion_contradictions {'WHERE ' + ' AND '.join(where) if where else ''}
            ORDER BY fused_id, idx LIMIT ? OFFSET ?""",
        [*params, limit, offset],
    )
    return [
        {
            "event_id": f"fused:{r['fused_id']}", "attribute": r["attribute"],
            "values": json.loads(r["values_json"]), "spans": json.loads(r["spans_json"]),
            "documents": json.loads(r["sources_json"]),
        }
        for r in rows
    ]


def stories(
    store: Store, *, date_from: str | None = None, date_to: str | None = None,
    min_documents: int = 1, story_id: int | None = None, limit: int = DEFAULT_LIMIT,
    offset: int = 0,
) -> list[dict[str, Any]]:
    """Story clusters, most recently active first, with their documents (``story_id``:
    that one story)."""
    limit, offset = check_page(limit, offset)
    where: list[str] = ["n_documents >= ?"]
    params: list[Any] = [max(1, int(min_documents))]
    if story_id is not None:
        where.append("id = ?")
        params.append(int(story_id))
    if date_from:
        where.append("last_day >= ?")
        params.append(_day(date_from) or 0)
    if date_to:
        where.append("first_day <= ?")
        params.append(_day(date_to) or 0)
    rows = _rows(
        store,
        f"""SELECT id, first_day, last_day, n_documents, label, features FROM fusion_stories
            WHERE {' AND '.join(where)} ORDER BY last_day IS NULL, last_day DESC, id DESC
            LIMIT ? OFFSET ?""",
        [*params, limit, offset],
    )
    out = []
    for r in rows:
        features = json.loads(r["features"])
        docs = _rows(store, """
            SELECT d.id, d.title, d.publisher, d.published, fd.duplicate_of, fd.story_score
            FROM fusion_documents fd JOIN documents d ON d.id = fd.document_id
            WHERE fd.story_id = ? ORDER BY d.published IS NOT NULL, d.published, d.pk""", (r["id"],))
        out.append({
            "id": r["id"], "label": r["label"],
            "first_date": None if r["first_day"] is None else date.fromordinal(r["first_day"]).isoformat(),
            "last_date": None if r["last_day"] is None else date.fromordinal(r["last_day"]).isoformat(),
            "n_documents": r["n_documents"],
            "n_sources": sum(1 for d in docs if d["duplicate_of"] is None),
            "actors": _top(features.get("actors", {})), "places": _top(features.get("places", {})),
            "events": _top(features.get("events", {})),
            "documents": [dict(d) for d in docs],
        })
    return out


def _top(counts: dict[str, int], n: int = 8) -> list[str]:
    return [k for k, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:n]]


def duplicates(store: Store, *, document_id: str | None = None) -> list[dict[str, Any]]:
    """Documents linked as copies of an earlier document."""
    sql = """SELECT document_id, duplicate_of, duplicate_similarity AS similarity
             FROM fusion_documents WHERE duplicate_of IS NOT NULL"""
    params: list[Any] = []
    if document_id:
        sql += " AND (document_id = ? OR duplicate_of = ?)"
        params += [document_id, document_id]
    return [dict(r) for r in _rows(store, sql + " ORDER BY duplicate_of, document_id", params)]


def links(store: Store, *, document_id: str) -> list[dict[str, Any]]:
    """Pairwise same / possibly-same decisions involving a document's events, with reasons."""
    rows = _rows(store, """SELECT * FROM fusion_links WHERE a_document = ? OR b_document = ?
                           ORDER BY score DESC, a_document, a_event, b_document, b_event""",
                 (document_id, document_id))
    return [{**dict(r), "reasons": json.loads(r["reasons"])} for r in rows]


__all__ = [
    "FusionReport", "FusionUnavailableError", "cross_contradictions", "duplicates",
    "fuse_document", "fuse_or_error", "fused_event", "fused_event_of", "fused_events", "is_fused", "links", "prune",
    "refuse_all", "stories", "totals",
]
