"""Fusion's read queries, beside the store's: fused events, stories, duplicates, links.

Plain reads of the ``fusion_*`` tables (:mod:`dateline.store.fusion_tables`) through
:meth:`~dateline.store.base.Store.select`, JSON-ready like every store query; the
write path that fills those tables is :mod:`dateline.fusion.engine`.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from dateline.errors import NotFoundError
from dateline.store.base import DEFAULT_LIMIT, Store, check_page


def day_number(published: str | None) -> int | None:
    """A date's proleptic day number (``None`` when it is not a date)."""
    if not published:
        return None
    try:
        return date.fromisoformat(published[:10]).toordinal()
    except ValueError:
        return None


def is_fused(store: Store, document_id: str) -> bool:
    """Whether a stored document has been fused (a batch re-run fuses those that were not)."""
    return bool(store.select("SELECT 1 FROM fusion_documents WHERE document_id = ?", (document_id,)))


def totals(store: Store) -> dict[str, int]:
    """Size of the fusion record: fused documents, fused events (all, 2+ sources), stories."""
    # Named columns: PostgreSQL rows are read by name, and four "count" would collide.
    row = store.select("""SELECT (SELECT count(*) FROM fusion_documents) AS documents,
        (SELECT count(*) FROM fusion_events WHERE num_members > 0) AS fused_events,
        (SELECT count(*) FROM fusion_events WHERE num_members > 0 AND num_sources > 1)
            AS multi_source_events,
        (SELECT count(*) FROM fusion_stories WHERE n_documents > 0) AS stories""")[0]
    return {key: int(row[key])
            for key in ("documents", "fused_events", "multi_source_events", "stories")}


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
            for r in store.select("""
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
    rows = store.select("""
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
    min_confidence: float | None = None, limit: int = DEFAULT_LIMIT, offset: int = 0,
) -> list[dict[str, Any]]:
    """Fused events (one per happening) with source counts, sources and disagreements.

    Ordered by date (undated last) then id; ``actor`` matches an actor id exactly
    (sector variants included: ``country:RUS`` matches ``country:RUS:MIL``);
    ``min_confidence`` keeps the fused events with a member event at least that
    confident (the display threshold, as for single events).
    """
    limit, offset = check_page(limit, offset)
    where: list[str] = ["num_members > 0"]
    params: list[Any] = []
    if event_type:
        where.append("event = ?")
        params.append(event_type.upper())
    if date_from:
        where.append("day >= ?")
        params.append(day_number(date_from) or 0)
    if date_to:
        where.append("day <= ?")
        params.append(day_number(date_to) or 0)
    if min_sources > 1:
        where.append("num_sources >= ?")
        params.append(int(min_sources))
    if disagreements_only:
        where.append("disagreements > 0")
    if min_confidence:
        where.append("""EXISTS (SELECT 1 FROM fusion_members m JOIN events e
                        ON e.document_id = m.document_id AND e.event_id = m.event_id
                        WHERE m.fused_id = fusion_events.id AND e.confidence >= ?)""")
        params.append(float(min_confidence))
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
    rows = store.select(f"""SELECT * FROM fusion_events WHERE {' AND '.join(where)}
            ORDER BY day IS NULL, day, id LIMIT ? OFFSET ?""",
        [*params, limit, offset],
    )
    return [_fused_dict(store, r, with_sources=with_sources) for r in rows]


def fused_event(store: Store, fused_id: str | int) -> dict[str, Any]:
    rows = store.select("SELECT * FROM fusion_events WHERE id = ?", (_fused_pk(fused_id),))
    if not rows:
        raise NotFoundError("no such fused event", source=str(fused_id))
    return _fused_dict(store, rows[0])


def fused_event_of(store: Store, document_id: str, event_id: str) -> str | None:
    """The fused event a document's event belongs to (for event pages)."""
    rows = store.select("SELECT fused_id FROM fusion_members WHERE document_id = ? AND event_id = ?",
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
    rows = store.select(f"""SELECT * FROM fusion_contradictions {'WHERE ' + ' AND '.join(where) if where else ''}
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
        params.append(day_number(date_from) or 0)
    if date_to:
        where.append("first_day <= ?")
        params.append(day_number(date_to) or 0)
    rows = store.select(f"""SELECT id, first_day, last_day, n_documents, label, features FROM fusion_stories
            WHERE {' AND '.join(where)} ORDER BY last_day IS NULL, last_day DESC, id DESC
            LIMIT ? OFFSET ?""",
        [*params, limit, offset],
    )
    out = []
    for r in rows:
        features = json.loads(r["features"])
        docs = store.select("""
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
    return [dict(r) for r in store.select(sql + " ORDER BY duplicate_of, document_id", params)]


def links(store: Store, *, document_id: str) -> list[dict[str, Any]]:
    """Pairwise same / possibly-same decisions involving a document's events, with reasons."""
    rows = store.select("""SELECT * FROM fusion_links WHERE a_document = ? OR b_document = ?
                           ORDER BY score DESC, a_document, a_event, b_document, b_event""",
                 (document_id, document_id))
    return [{**dict(r), "reasons": json.loads(r["reasons"])} for r in rows]
