"""Flatten an :class:`~dateline.model.Extraction` into table rows.

Pure Python and backend-neutral: the SQLite store (and later PostgreSQL, or a
Parquet writer) inserts these rows as they are. Every derived row is keyed by
``(document_id, <natural key>)`` rather than by database-generated ids, so the
rows of one document can be computed before touching the database and compared
with what is stored.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from dateline.errors import StoreError
from dateline.model import Document, Extraction, speaker_label

Row = tuple[Any, ...]

# Column order of every table as :func:`flatten` produces it. The schema
# (migrations) and the inserts are written against these names.
COLUMNS: dict[str, tuple[str, ...]] = {
    "documents": (
        "id", "title", "published", "published_source", "publisher", "byline", "url",
        "language", "source", "external_id", "text", "metadata", "layers", "warnings",
        "pipeline_version", "ingested_at", "extraction",
    ),
    "sentences": ("document_id", "idx", "start_char", "end_char", "paragraph"),
    "entities": ("document_id", "idx", "start_char", "end_char", "text", "sentence", "label"),
    "document_actors": (
        "document_id", "actor_id", "name", "code", "sector", "wikidata", "kind",
        "provisional", "n_mentions",
    ),
    "mentions": (
        "document_id", "actor_id", "idx", "start_char", "end_char", "text", "sentence",
    ),
    "places": (
        "document_id", "idx", "start_char", "end_char", "text", "sentence", "name",
        "country", "lat", "lon", "precision", "geonameid",
    ),
    "timexes": (
        "document_id", "idx", "start_char", "end_char", "text", "sentence", "type",
        "value", "mod", "anchor", "resolved", "confidence",
    ),
    "quotes": (
        "document_id", "quote_id", "idx", "kind", "cue_start", "cue_end", "cue_text",
        "speaker_start", "speaker_end", "speaker_text", "speaker_actor_id", "speaker_name",
        "date", "confidence", "reported_by", "content", "sentence",
    ),
    "quote_spans": (
        "document_id", "quote_id", "idx", "start_char", "end_char", "text", "sentence",
    ),
    "events": (
        "document_id", "event_id", "idx", "event", "mode", "context", "aux", "date",
        "date_precision", "location_name", "location_country", "location_lat",
        "location_lon", "location_precision", "attribution", "confidence", "score",
        "quad_class", "size", "event_text", "negated", "future", "asserted", "date_key",
        "counterpart",
    ),
    "event_actors": ("document_id", "event_id", "role", "idx", "actor_id"),
    "event_tags": ("document_id", "event_id", "tag_type", "value"),
    "event_mentions": (
        "document_id", "event_id", "idx", "start_char", "end_char", "text", "sentence",
    ),
    "contradictions": (
        "document_id", "idx", "event_id", "attribute", "values_json", "spans_json",
    ),
}

# Insertion order respects foreign keys (parents first).
DERIVED_TABLES: tuple[str, ...] = (
    "sentences", "entities", "document_actors", "mentions", "places", "timexes",
    "quotes", "quote_spans", "events", "event_actors", "event_tags", "event_mentions",
    "contradictions",
)

# Joins quote content spans into the one searchable ``quotes.content`` string.
CONTENT_SEPARATOR = " … "


# Sort key of undated events: after every ISO date, so timelines list them last
# while an index on the key still serves the ordering.
UNDATED_KEY = "~"

_WEEK = re.compile(r"^(\d{4})-W(\d{2})")
_QUARTER = re.compile(r"^(\d{4})-Q([1-4])")
_SEASON = re.compile(r"^(\d{4})-(SP|SU|FA|WI)")
_SEASON_MONTH = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}
_YEAR_FIRST = re.compile(r"^\d{3,4}")


def date_key(date: str | None) -> str:
    """A string that sorts TIMEX3 date values chronologically (``events.date_key``).

    Calendar dates and times sort as they are; a week (``2024-W11``) sorts at its
    Monday, a quarter or a season at its first month. Values with no known year
    (``XXXX-03-05``, ``PRESENT_REF``) and missing dates sort last, as undated.
    """
    if not date:
        return UNDATED_KEY
    if m := _WEEK.match(date):
        try:
            return dt.date.fromisocalendar(int(m[1]), int(m[2]), 1).isoformat()
        except ValueError:
            return UNDATED_KEY
    if m := _QUARTER.match(date):
        return f"{m[1]}-{(int(m[2]) - 1) * 3 + 1:02d}"
    if m := _SEASON.match(date):
        return f"{m[1]}-{_SEASON_MONTH[m[2]]:02d}"
    return date if _YEAR_FIRST.match(date) else UNDATED_KEY


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


@dataclass
class DocumentRows:
    """All rows of one document, plus the global actor records it mentions."""

    document: Row
    tables: dict[str, list[Row]] = field(default_factory=dict)
    actors: list[Row] = field(default_factory=list)  # (id, name, code, sector, wikidata, kind, provisional)

    def count(self, table: str) -> int:
        return len(self.tables.get(table, []))


def encode_extraction(extraction: Extraction) -> bytes:
    """The stored copy of the whole extraction: zlib-compressed JSON, minus the body.

    The body is kept once, in ``documents.text``. Compression matters: span
    texts repeat in the JSON, which is otherwise the largest thing in the store.
    The derived tables, not this copy, are what queries read.
    """
    data = extraction.to_dict(include_sentences=True)
    data["document"].pop("text")
    return zlib.compress(dumps(data).encode("utf-8"), 6)


def decode_extraction(stored: bytes | str) -> dict[str, Any]:
    """Inverse of :func:`encode_extraction` (also accepts plain JSON text)."""
    if isinstance(stored, bytes | bytearray | memoryview):
        stored = zlib.decompress(stored).decode("utf-8")
    data: dict[str, Any] = json.loads(stored)
    return data


def _unique(ids: Iterable[str], what: str, document: Document) -> None:
    seen: set[str] = set()
    for value in ids:
        if value in seen:
            raise StoreError(f"duplicate {what} id {value!r} in one extraction", source=document.id)
        seen.add(value)


def flatten(extraction: Extraction, ingested_at: str) -> DocumentRows:
    """Rows for every table; raises StoreError when ids that must be unique are not."""
    doc = extraction.document
    if not doc.id:
        raise StoreError("document has no id", source=doc.source)
    _unique((a.id for a in extraction.actors), "actor", doc)
    _unique((q.id for q in extraction.quotes), "quote", doc)
    _unique((e.id for e in extraction.events), "event", doc)
    sent = doc.sentence_index
    did = doc.id

    document_row: Row = (
        did, doc.title, doc.published, doc.published_source, doc.publisher, doc.byline,
        doc.url, doc.language, doc.source, doc.external_id, doc.text, dumps(doc.metadata),
        dumps(extraction.layers), dumps(extraction.warnings), extraction.pipeline_version,
        ingested_at, encode_extraction(extraction),
    )
    t: dict[str, list[Row]] = {name: [] for name in DERIVED_TABLES}
    t["sentences"] = [(did, s.index, s.start, s.end, s.paragraph) for s in doc.sentences]
    t["entities"] = [
        (did, i, e.span.start, e.span.end, e.span.text, sent(e.span.start), e.label)
        for i, e in enumerate(extraction.entities)
    ]
    actors: list[Row] = []
    for a in extraction.actors:
        t["document_actors"].append(
            (did, a.id, a.name, a.code, a.sector, a.wikidata, a.kind, int(a.provisional),
             len(a.mentions))
        )
        actors.append((a.id, a.name, a.code, a.sector, a.wikidata, a.kind, int(a.provisional)))
        t["mentions"].extend(
            (did, a.id, i, m.start, m.end, m.text,
             m.sentence if m.sentence is not None else sent(m.start))
            for i, m in enumerate(a.mentions)
        )
    t["places"] = [
        (did, i, p.span.start, p.span.end, p.span.text, sent(p.span.start), p.name,
         p.country, p.lat, p.lon, p.precision, p.geonameid)
        for i, p in enumerate(extraction.places)
    ]
    t["timexes"] = [
        (did, i, x.span.start, x.span.end, x.span.text, sent(x.span.start), x.type,
         x.value, x.mod, x.anchor, int(x.resolved), x.confidence)
        for i, x in enumerate(extraction.timexes)
    ]
    for i, q in enumerate(extraction.quotes):
        cue, spk = q.cue, q.speaker
        first = q.content[0].start if q.content else (cue.start if cue else None)
        t["quotes"].append(
            (did, q.id, i, q.kind,
             cue.start if cue else None, cue.end if cue else None, cue.text if cue else None,
             spk.span.start if spk.span else None, spk.span.end if spk.span else None,
             spk.span.text if spk.span else None, spk.actor_id, spk.name,
             q.date, q.confidence, q.reported_by,
             CONTENT_SEPARATOR.join(s.text for s in q.content),
             None if first is None else sent(first))
        )
        t["quote_spans"].extend(
            (did, q.id, j, s.start, s.end, s.text, sent(s.start)) for j, s in enumerate(q.content)
        )
    for i, e in enumerate(extraction.events):
        loc = e.location
        aux = set(e.aux)
        t["events"].append(
            (did, e.id, i, e.event, e.mode, dumps(e.context), dumps(e.aux), e.date,
             e.date_precision,
             loc.name if loc else None, loc.country if loc else None,
             loc.lat if loc else None, loc.lon if loc else None,
             loc.precision if loc else None,
             e.attribution, e.confidence, e.score, e.quad_class,
             None if e.size is None else dumps(e.size), e.event_text,
             int("negation" in aux), int("future" in aux), int(e.asserted),
             date_key(e.date), dumps(e.counterpart))
        )
        t["event_actors"].extend((did, e.id, "actor", j, a) for j, a in enumerate(e.actor))
        t["event_actors"].extend((did, e.id, "recipient", j, a) for j, a in enumerate(e.recipient))
        # A set: the same context listed twice is one tag (the key is unique).
        t["event_tags"].extend((did, e.id, "context", c) for c in dict.fromkeys(e.context))
        t["event_tags"].extend((did, e.id, "aux", a) for a in dict.fromkeys(e.aux))
        t["event_mentions"].extend(
            (did, e.id, j, m.start, m.end, m.text,
             m.sentence if m.sentence is not None else sent(m.start))
            for j, m in enumerate(e.mentions)
        )
    t["contradictions"] = [
        (did, i, c.event_id, c.attribute, dumps(c.values), dumps([s.to_dict() for s in c.spans]))
        for i, c in enumerate(extraction.contradictions)
    ]
    return DocumentRows(document_row, t, actors)


def expected_counts(data: dict[str, Any]) -> dict[str, int]:
    """Row counts per derived table implied by a stored extraction JSON (for consistency checks)."""
    events = data.get("events", [])
    quotes = data.get("quotes", [])
    actors = data.get("actors", [])
    return {
        "sentences": len(data["document"].get("sentences", [])),
        "entities": len(data.get("entities", [])),
        "document_actors": len(actors),
        "mentions": sum(len(a.get("mentions", [])) for a in actors),
        "places": len(data.get("places", [])),
        "timexes": len(data.get("timexes", [])),
        "quotes": len(quotes),
        "quote_spans": sum(len(q.get("content", [])) for q in quotes),
        "events": len(events),
        "event_actors": sum(len(e.get("actor", [])) + len(e.get("recipient", [])) for e in events),
        "event_tags": sum(
            len(set(e.get("context", []))) + len(set(e.get("aux", []))) for e in events
        ),
        "event_mentions": sum(len(e.get("mentions", [])) for e in events),
        "contradictions": len(data.get("contradictions", [])),
    }


def span_dict(start: int | None, end: int | None, text: str | None) -> dict[str, Any] | None:
    return None if start is None else {"start": start, "end": end, "text": text}


def span_row_dict(row: Any) -> dict[str, Any]:
    """A stored span row (``start_char``, ``end_char``, ``text``, ``sentence``) as a mention."""
    return {"start": row["start_char"], "end": row["end_char"], "text": row["text"],
            "sentence": row["sentence"]}


def quote_dict(row: Any, content_spans: list[dict[str, Any]]) -> dict[str, Any]:
    """One quote query result (a ``quotes`` row joined with its document's title and
    date) as the plain dict every backend returns."""
    return {
        "document_id": row["document_id"],
        "id": row["quote_id"],
        "kind": row["kind"],
        "speaker": speaker_label(row["speaker_name"], row["speaker_text"]),
        "speaker_actor_id": row["speaker_actor_id"],
        "speaker_span": span_dict(row["speaker_start"], row["speaker_end"], row["speaker_text"]),
        "cue": row["cue_text"],
        "cue_span": span_dict(row["cue_start"], row["cue_end"], row["cue_text"]),
        "content": row["content"],
        "content_spans": content_spans,
        "date": row["date"],
        "confidence": row["confidence"],
        "reported_by": row["reported_by"],
        "sentence": row["sentence"],
        "title": row["title"],
        "published": row["published"],
    }
