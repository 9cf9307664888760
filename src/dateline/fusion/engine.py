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
record, ids included.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from dateline.errors import DatelineError, FusionError, NotFoundError
from dateline.fusion import dedup
from dateline.fusion.groups import new_fused_ids, regroup
from dateline.fusion.matching import EventRecord, match
from dateline.fusion.resources import rules
from dateline.fusion.session import (
    DUPLICATE_OF,
    MEMBER_COLS,
    Session,
    member_of,
    member_row,
    write,
)
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
from dateline.model import Extraction
from dateline.store.base import Store
from dateline.store.dialect import chunks
from dateline.store.fusion_queries import (  # noqa: F401 - read queries, re-exported for callers
    cross_contradictions,
    day_number,
    duplicates,
    fused_event,
    fused_event_of,
    fused_events,
    is_fused,
    links,
    stories,
    totals,
)
from dateline.store.fusion_tables import top_terms
from dateline.store.migrations import utc_now as _now


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


def fuse_document(store: Store, extraction: Extraction) -> FusionReport:
    """Fuse one stored document into the record (call after ``store.save``).

    Idempotent: fusing the same document again first removes what it added. When
    the store holds another version of the document (``save`` answered
    ``"unchanged"`` because a newer pipeline stored it), the stored one is fused.
    """
    stored = store.select("SELECT pipeline_version FROM documents WHERE id = ?", (extraction.document.id,))
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
    day = day_number(doc.published)
    with write(store) as conn:
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
        report.fused_ids = sorted(regroup(conn, touched))
    return report


def fuse_or_error(store: Store, extraction: Extraction) -> DatelineError | None:
    """:func:`fuse_document` for loops that must go on: the error instead of raising it.

    Fusion is one transaction, so a failure leaves the document stored and unfused
    (fusing it again retries). Any other exception, a bug, comes back as a
    :class:`FusionError` naming it.
    """
    try:
        fuse_document(store, extraction)
    except DatelineError as exc:
        return exc
    except Exception as exc:  # noqa: BLE001 - one document's fusion bug must not stop a batch
        return FusionError(f"fusion failed: {type(exc).__name__}: {exc}", source=extraction.document.id)
    return None


def _forget(conn: Session, doc_id: str) -> set[int]:
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
    conn: Session, report: FusionReport, sig: Any, keys: list[tuple[int, int]],
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
    conn: Session, report: FusionReport, counts: Counter[str],
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
    conn: Session, records: Sequence[EventRecord], story_id: int | None, limit: int
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
                f"""SELECT * FROM (SELECT {i} AS arm, {MEMBER_COLS}, {DUPLICATE_OF} AS dup
                    FROM fusion_members m
                    WHERE m.event = ? AND m.day_lo BETWEEN ? AND ? AND m.day_hi = m.day_lo
                      AND m.document_id != ?
                    ORDER BY abs(m.day_lo - ?), m.document_id, m.event_id LIMIT ?) AS c{i}"""
            )
            params += [record.event, record.day_lo - gap, record.day_hi + gap, record.document_id,
                       record.day_lo, limit]
        for row in conn.execute(" UNION ALL ".join(arms), params).fetchall():
            found[row[0]].append(member_of(row[1:], light=True))
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
                    {MEMBER_COLS}, {DUPLICATE_OF} AS dup
                FROM fusion_documents d {conn.dialect.ordered_join} fusion_members m
                  ON m.document_id = d.document_id
                WHERE d.story_id = ? AND m.event IN ({marks}) AND m.document_id != ?) AS s
                WHERE rn <= ? OR (coarse = 1 AND rc <= ?)""",
            (story_id, *types, records[0].document_id, limit, limit),
        ).fetchall()
        # (d.rowid, coarse, record, fused id), each row decoded once for every record
        story = [(row[0], row[1], *member_of(row[4:], light=True)) for row in rows]
        story.sort(key=lambda s: (s[0], s[2].event_id))
        for i, record in enumerate(records):
            seen = {r.key for r, _ in found[i]}
            picked = [
                (other, fused_id) for _, is_coarse, other, fused_id in story
                if other.event == record.event and (not record.day_level or is_coarse == 1)
            ][:limit]
            found[i] += [(other, fused_id) for other, fused_id in picked if other.key not in seen]
    return found


def _fuse_events(conn: Session, report: FusionReport, extraction: Extraction) -> set[int]:
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
    new_ids = new_fused_ids(conn, [r.event for r in records])
    conn.executemany(
        f"INSERT INTO fusion_members ({MEMBER_COLS.replace('m.', '')}) VALUES ({', '.join('?' for _ in range(17))})",
        [member_row(r, f) for r, f in zip(records, new_ids, strict=True)],
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


def refuse_all(store: Store) -> int:
    """Forget all fusion state and fuse every stored document again, in ingest order."""
    with write(store) as conn:
        for table in ("fusion_links", "fusion_contradictions", "fusion_members", "fusion_events",
                      "fusion_bands", "fusion_documents", "fusion_stories", "fusion_df"):
            conn.execute(f"DELETE FROM {table}")
    n = 0
    for extraction in store.iter_extractions():
        fuse_document(store, extraction)
        n += 1
    return n


def prune(store: Store) -> int:
    """Drop fused events and stories left without members by deleted documents; recount the
    rest, and the terms' document frequencies (a deleted document's terms still counted)."""
    with write(store) as conn:
        stale = {r[0] for r in conn.execute("SELECT id FROM fusion_events WHERE num_members < 0")}
        regrouped = regroup(conn, stale)
        _recount_df(conn)
        conn.execute("DELETE FROM fusion_events WHERE id NOT IN (SELECT fused_id FROM fusion_members "
                     "WHERE fused_id IS NOT NULL)")
        conn.execute(
            """UPDATE fusion_stories SET n_documents = (SELECT count(*) FROM fusion_documents d
               WHERE d.story_id = fusion_stories.id)"""
        )
        conn.execute("DELETE FROM fusion_stories WHERE n_documents = 0")
    return len(regrouped)


def _recount_df(conn: Session) -> None:
    """Document frequencies counted again from the fused documents' own terms.

    A document deleted from the store takes its ``fusion_documents`` row with it (and so
    the list of terms it added), so its share of ``fusion_df`` cannot be taken back one
    term at a time; one pass over what remains is exact."""
    counts: Counter[str] = Counter()
    for (features,) in conn.execute("SELECT features FROM fusion_documents").fetchall():
        counts.update(json.loads(features).get("terms", []))
    conn.execute("DELETE FROM fusion_df")
    conn.executemany("INSERT INTO fusion_df (term, df) VALUES (?, ?)", sorted(counts.items()))


__all__ = [
    "FusionReport", "cross_contradictions", "duplicates",
    "fuse_document", "fuse_or_error", "fused_event", "fused_event_of", "fused_events", "is_fused", "links", "prune",
    "refuse_all", "stories", "totals",
]
