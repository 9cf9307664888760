"""Flat, typed records: one row per event, per fused event or per quote.

These are the tables every tabular export writes (``csv``, ``jsonl``,
``parquet``, see :mod:`dateline.export.table`) and what the Python API's
queries return (:mod:`dateline.records`), built by one code path each:
:func:`event_records` from an :class:`~dateline.model.Extraction`,
:func:`fused_record` from a fused event of the store. A record's fields are
its columns, in order; their Python types decide the column types (a date is a
:class:`datetime.date`, a list is a list). The meaning of every column, beside
ACLED's and GDELT's name for the same thing, is in ``docs/export.md``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator
from datetime import date
from typing import Any

from dateline.countries import iso3
from dateline.export.cameo import cameo_code
from dateline.export.dates import interval
from dateline.model import Actor, Event, Extraction, Quote


@dataclasses.dataclass(frozen=True, slots=True)
class EventRecord:
    """One event reported by one document."""

    id: str  # "<document_id>:<event_id>"
    document_id: str
    event_id: str
    event_date: date | None
    date_start: date | None
    date_end: date | None
    date_precision: str
    date_value: str | None
    event_type: str
    mode: str | None
    context: list[str]
    quad_class: int | None
    score: float | None
    cameo_code: str | None
    cameo_root: str | None
    aux: list[str]
    asserted: bool
    actor_ids: list[str]
    actor_codes: list[str | None]
    actor_names: list[str]
    actor_sectors: list[str | None]
    recipient_ids: list[str]
    recipient_codes: list[str | None]
    recipient_names: list[str]
    recipient_sectors: list[str | None]
    counterpart_ids: list[str]
    counterpart_names: list[str]
    fatalities: int | None
    injured: int | None
    arrested: int | None
    toll_scope: str | None
    location_name: str | None
    location_country: str | None
    location_lat: float | None
    location_lon: float | None
    location_precision: str | None
    num_mentions: int
    confidence: float
    attribution: str | None
    attribution_speaker: str | None
    evidence_sentence: str | None
    mention_text: str | None
    mention_start: int | None
    mention_end: int | None
    title: str | None
    published: date | None
    publisher: str | None
    source_url: str | None


@dataclasses.dataclass(frozen=True, slots=True)
class FusedEventRecord:
    """One happening, fused from the events of every report of it."""

    id: str  # "fused:<n>"
    event_date: date | None
    date_start: date | None
    date_end: date | None
    date_precision: str
    date_value: str | None
    event_type: str
    quad_class: int | None
    cameo_root: str | None
    asserted: bool
    actor_ids: list[str]
    actor_names: list[str]
    recipient_ids: list[str]
    recipient_names: list[str]
    fatalities: int | None
    injured: int | None
    toll_scope: str | None
    location_name: str | None
    location_country: str | None
    location_lat: float | None
    location_lon: float | None
    location_precision: str | None
    num_sources: int
    num_articles: int
    num_mentions: int
    first_seen: date | None
    last_seen: date | None
    member_ids: list[str]
    document_ids: list[str]
    source_urls: list[str]
    publishers: list[str]
    disagreements: int
    disagreement_attributes: list[str]
    possibly_same_as: list[str]
    confidence: float  # the most confident member event's


@dataclasses.dataclass(frozen=True, slots=True)
class QuoteRecord:
    """One quote: who said what, where in the document."""

    id: str  # "<document_id>:<quote_id>"
    document_id: str
    quote_id: str
    quote_date: date | None
    kind: str
    speaker_name: str | None
    speaker_actor_id: str | None
    speaker_text: str | None
    cue_text: str | None
    content: str
    content_start: int | None
    content_end: int | None
    confidence: float
    reported_by: str | None
    title: str | None
    published: date | None
    publisher: str | None
    source_url: str | None


RECORD_TYPES: dict[str, type[Any]] = {
    "events": EventRecord, "fused": FusedEventRecord, "quotes": QuoteRecord,
}


def columns(record_type: type[Any]) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(record_type))


def as_dict(record: Any) -> dict[str, Any]:
    """A record's columns (shallow: lists are not copied)."""
    return {name: getattr(record, name) for name in columns(type(record))}


def day(value: str | None) -> date | None:
    """The calendar day of an ISO date or datetime string (``None`` if it has none)."""
    start, _, precision = interval(value[:10] if value else None)
    return start if precision == "day" else None


def _int(value: Any) -> int | None:
    if isinstance(value, bool) or value is None:
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _scope(size: dict[str, Any]) -> str | None:
    """``cumulative`` for a war's running toll, ``incident`` for one event's, ``None``
    when the event has no toll (see ``nlp/events/war_tolls.py``)."""
    if not any(_int(size.get(k)) is not None for k in ("dead", "injured", "arrested")):
        return None
    return "cumulative" if size.get("scope") == "cumulative" else "incident"


def _fused_scope(sizes: list[dict[str, Any]]) -> str | None:
    """A fused event's toll scope: cumulative when any source gives a running total."""
    scopes = {_scope(s) for s in sizes} - {None}
    return ("cumulative" if "cumulative" in scopes else "incident") if scopes else None


def _sentence_text(extraction: Extraction, index: int | None) -> str | None:
    if index is None:
        return None
    for sentence in extraction.document.sentences:
        if sentence.index == index:
            return extraction.document.text[sentence.start : sentence.end]
    return None


def _names(ids: list[str], actors: dict[str, Actor]) -> list[str]:
    return [actors[i].name if i in actors else i for i in ids]


def _codes(ids: list[str], actors: dict[str, Actor]) -> list[str | None]:
    return [actors[i].code if i in actors else None for i in ids]


def _sectors(ids: list[str], actors: dict[str, Actor]) -> list[str | None]:
    return [actors[i].sector if i in actors else None for i in ids]


def event_record(extraction: Extraction, event: Event, actors: dict[str, Actor],
                 speakers: dict[str, str | None]) -> EventRecord:
    document = extraction.document
    start, end, precision = interval(event.date)
    loc = event.location
    size = event.size or {}
    first = event.mentions[0] if event.mentions else None
    code = cameo_code(event.event, event.mode, event.context)
    return EventRecord(
        id=f"{document.id}:{event.id}", document_id=document.id, event_id=event.id,
        event_date=start, date_start=start, date_end=end, date_precision=precision,
        date_value=event.date, event_type=event.event, mode=event.mode,
        context=list(event.context), quad_class=event.quad_class, score=event.score,
        cameo_code=code, cameo_root=None if code is None else code[:2],
        aux=list(event.aux), asserted=event.asserted,
        actor_ids=list(event.actor), actor_codes=_codes(event.actor, actors),
        actor_names=_names(event.actor, actors), actor_sectors=_sectors(event.actor, actors),
        recipient_ids=list(event.recipient), recipient_codes=_codes(event.recipient, actors),
        recipient_names=_names(event.recipient, actors),
        recipient_sectors=_sectors(event.recipient, actors),
        counterpart_ids=list(event.counterpart), counterpart_names=_names(event.counterpart, actors),
        fatalities=_int(size.get("dead")), injured=_int(size.get("injured")),
        arrested=_int(size.get("arrested")), toll_scope=_scope(size),
        location_name=loc.name if loc else None,
        location_country=iso3(loc.country) if loc else None,
        location_lat=loc.lat if loc else None, location_lon=loc.lon if loc else None,
        location_precision=loc.precision if loc else None,
        num_mentions=len(event.mentions), confidence=float(event.confidence),
        attribution=event.attribution,
        attribution_speaker=speakers.get(event.attribution) if event.attribution else None,
        evidence_sentence=_sentence_text(extraction, first.sentence) if first else None,
        mention_text=first.text if first else None,
        mention_start=first.start if first else None, mention_end=first.end if first else None,
        title=document.title, published=day(document.published), publisher=document.publisher,
        source_url=document.url,
    )


def _speakers(extraction: Extraction) -> dict[str, str | None]:
    return {
        q.id: q.speaker.name or (q.speaker.span.text if q.speaker.span else None)
        for q in extraction.quotes
    }


def event_records(extraction: Extraction) -> Iterator[EventRecord]:
    actors = {a.id: a for a in extraction.actors}
    speakers = _speakers(extraction)
    for event in extraction.events:
        yield event_record(extraction, event, actors, speakers)


def quote_record(extraction: Extraction, quote: Quote) -> QuoteRecord:
    document = extraction.document
    speaker = quote.speaker
    return QuoteRecord(
        id=f"{document.id}:{quote.id}", document_id=document.id, quote_id=quote.id,
        quote_date=day(quote.date), kind=quote.kind,
        speaker_name=speaker.name, speaker_actor_id=speaker.actor_id,
        speaker_text=speaker.span.text if speaker.span else None,
        cue_text=quote.cue.text if quote.cue else None,
        content=" … ".join(s.text for s in quote.content),
        content_start=quote.content[0].start if quote.content else None,
        content_end=quote.content[-1].end if quote.content else None,
        confidence=float(quote.confidence), reported_by=quote.reported_by,
        title=document.title, published=day(document.published), publisher=document.publisher,
        source_url=document.url,
    )


def quote_records(extraction: Extraction) -> Iterator[QuoteRecord]:
    for quote in extraction.quotes:
        yield quote_record(extraction, quote)


def _lowest(values: Iterable[Any]) -> int | None:
    """The lowest count any source gives (the conservative figure, as ACLED codes tolls)."""
    found = [v for v in (_int(x) for x in values) if v is not None]
    return min(found) if found else None


def fused_record(item: dict[str, Any], names: dict[str, str], quad_classes: dict[str, int],
                 confidences: dict[tuple[str, str], float] | None = None) -> FusedEventRecord:
    """The record of one fused event as :func:`dateline.fusion.fused_events` returns it
    (with its sources); ``names`` maps actor ids to names, ``confidences`` member
    events ``(document_id, event_id)`` to their confidence."""
    start, end, precision = interval(item.get("date"))
    loc = item.get("location") or {}
    sources = item.get("sources") or []
    seen = sorted(d for d in (day(s.get("published")) for s in sources) if d is not None)
    sizes = [s.get("size") or {} for s in sources]
    actor_ids = list(item.get("actors") or [])
    recipient_ids = list(item.get("recipients") or [])
    attributes = sorted({c.get("attribute") for c in item.get("contradictions") or [] if c.get("attribute")})
    event_type = str(item.get("event"))
    code = cameo_code(event_type)
    return FusedEventRecord(
        id=str(item["id"]), event_date=start, date_start=start, date_end=end,
        date_precision=precision, date_value=item.get("date"), event_type=event_type,
        quad_class=quad_classes.get(event_type), cameo_root=None if code is None else code[:2],
        asserted=bool(item.get("asserted", True)),
        actor_ids=actor_ids, actor_names=[names.get(a, a) for a in actor_ids],
        recipient_ids=recipient_ids, recipient_names=[names.get(a, a) for a in recipient_ids],
        fatalities=_lowest(s.get("dead") for s in sizes),
        injured=_lowest(s.get("injured") for s in sizes),
        toll_scope=_fused_scope(sizes),
        location_name=loc.get("name"), location_country=iso3(loc.get("country")),
        location_lat=loc.get("lat"), location_lon=loc.get("lon"),
        location_precision=loc.get("precision"),
        num_sources=int(item.get("num_sources") or 0),
        num_articles=int(item.get("num_documents") or 0),
        num_mentions=int(item.get("num_mentions") or 0),
        first_seen=seen[0] if seen else None, last_seen=seen[-1] if seen else None,
        member_ids=[f"{s['document_id']}:{s['event_id']}" for s in sources],
        document_ids=list(dict.fromkeys(s["document_id"] for s in sources)),
        source_urls=list(dict.fromkeys(s["url"] for s in sources if s.get("url"))),
        publishers=list(dict.fromkeys(s["publisher"] for s in sources if s.get("publisher"))),
        disagreements=int(item.get("disagreements") or 0),
        disagreement_attributes=attributes,
        possibly_same_as=[p["fused_id"] for p in item.get("possibly_same_as") or []],
        confidence=max((float((confidences or {}).get((s["document_id"], s["event_id"]), 0.0))
                        for s in sources), default=0.0),
    )
