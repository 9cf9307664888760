"""The REST API under ``/api``: thin JSON views of the store.

Filters mirror the CLI (``dateline events --actor ... --type ...``); every value
is handed to the store as a bound parameter. List endpoints answer
``{"items": [...], "limit": n, "offset": n}`` (plus ``"total"`` where the store
can count cheaply).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field, model_validator

from dateline.countries import iso2, iso3_countries
from dateline.errors import NotFoundError
from dateline.interfaces.web import queries
from dateline.interfaces.web.errors import ApiError
from dateline.interfaces.web.security import require_write_token
from dateline.interfaces.web.state import StoreAccess, get_access
from dateline.model import Extraction
from dateline.store.base import MAX_OFFSET


def no_nul(request: Request) -> None:
    """Refuse NUL characters in any path or query value: no stored text holds one, and
    PostgreSQL refuses them in text parameters (a 500 otherwise)."""
    values = [*request.path_params.values(), *request.query_params.values()]
    if any("\x00" in str(value) for value in values):
        raise ApiError(400, "invalid request: parameters must not contain NUL characters")


router = APIRouter(prefix="/api", dependencies=[Depends(no_nul)])

MAX_PAGE = 1000
Limit = Annotated[int, Query(ge=1, le=MAX_PAGE, description="Page size.")]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET, description="Rows to skip.")]
# Row ids are SQL 64-bit integers.
MAX_ID = 2**63 - 1
Access = Annotated[StoreAccess, Depends(get_access)]
ISO_DATE = r"^\d{4}(-\d{2}(-\d{2}([T ][0-9:.+\-Z]*)?)?)?$"


@dataclass
class EventFilters:
    """The CLI's event filters as query parameters."""

    actor: str | None = Query(None, max_length=200, description="Actor id, code or name.")
    recipient: str | None = Query(None, max_length=200, description="Recipient id, code or name.")
    type: str | None = Query(None, max_length=40, description="PLOVER event type, e.g. ASSAULT.")
    quad_class: int | None = Query(None, ge=1, le=4, description="1 verbal cooperation .. 4 material conflict.")
    context: str | None = Query(None, max_length=60, description="PLOVER context, e.g. military.")
    # the store validates date bounds (it also takes TIMEX3 forms such as 2024-W11)
    date_from: str | None = Query(None, max_length=40, description="Earliest date (ISO or TIMEX3).")
    date_to: str | None = Query(None, max_length=40, description="Latest date (ISO or TIMEX3).")
    aux: str | None = Query(None, max_length=40, description="Only events with this auxiliary mode.")
    include_negated: bool = Query(True, description="Include negated events.")
    include_future: bool = Query(True, description="Include future events.")
    document: str | None = Query(None, max_length=200, description="Only events of this document.")
    min_confidence: float | None = Query(
        None, ge=0, le=1, description="Hide events below this confidence (default: the configured "
        "display threshold, 0.3; 0 shows all).")

    def store_kwargs(self) -> dict[str, Any]:
        return {
            "actor": self.actor or None, "recipient": self.recipient or None,
            "event_type": self.type or None, "quad_class": self.quad_class,
            "context": self.context or None, "date_from": self.date_from or None,
            "date_to": self.date_to or None, "aux": self.aux or None,
            "include_negated": self.include_negated, "include_future": self.include_future,
            "document_id": self.document or None, "min_confidence": self.min_confidence,
        }


def display_confidence(request: Request, value: float | None) -> float:
    """The confidence floor of shown events: the query's, else the configured default."""
    return request.app.state.settings.config.display_confidence if value is None else value


def event_filters(request: Request, filters: Annotated[EventFilters, Depends()]) -> EventFilters:
    filters.min_confidence = display_confidence(request, filters.min_confidence)
    return filters


Filters = Annotated[EventFilters, Depends(event_filters)]


def page(items: list[dict[str, Any]], limit: int, offset: int, **extra: Any) -> Response:
    return json_response({"items": items, "limit": limit, "offset": offset, **extra})


def json_response(data: Any, status: int = 200) -> Response:
    """Serialise once with the json module: the store's rows are plain JSON values already,
    and FastAPI's generic encoder walk costs ten times as much on a page of events.
    Country codes are shown as ISO alpha-3, as actor codes are."""
    body = json.dumps(iso3_countries(data), ensure_ascii=False, separators=(",", ":"), default=str)
    return Response(body.encode("utf-8"), status_code=status, media_type="application/json")


# -- store-wide -------------------------------------------------------------------
@router.get("/stats", tags=["store"], summary="Counts of what the store holds")
def stats(access: Access) -> Response:
    data = access.call(lambda s: s.stats())
    if "db" in data:
        data = {**data, "db": public_db_name(str(data["db"]))}
    return json_response(data)


def public_db_name(url: str) -> str:
    """The store's file (or database) name only: a client learns no server path, host,
    user or password from ``/api/stats``."""
    if url == ":memory:":
        return url
    if "://" in url:
        url = urlsplit(url).path
    name = url.split("?", 1)[0].replace("\\", "/").rstrip("/").rsplit("/", 1)[-1]
    return name.removeprefix("file:") or "(store)"


@router.get("/search", tags=["store"], summary="Full-text search over documents and quotes")
def search(
    access: Access,
    q: Annotated[str, Query(min_length=1, max_length=500, description="FTS5 query.")],
    limit: Limit = 20, offset: Offset = 0,
) -> Response:
    items = access.call(lambda s: s.search(q, limit=limit, offset=offset))
    return page(items, limit, offset)


# -- documents --------------------------------------------------------------------
@router.get("/documents", tags=["documents"], summary="Stored documents (metadata only)")
def documents(
    access: Access,
    publisher: Annotated[str | None, Query(max_length=200)] = None,
    title: Annotated[str | None, Query(max_length=200)] = None,
    date_from: Annotated[str | None, Query(pattern=ISO_DATE)] = None,
    date_to: Annotated[str | None, Query(pattern=ISO_DATE)] = None,
    limit: Limit = 50, offset: Offset = 0,
) -> Response:
    items = access.call(lambda s: s.documents(
        publisher=publisher or None, title=title or None, date_from=date_from or None,
        date_to=date_to or None, limit=limit, offset=offset))
    return page(items, limit, offset)


@router.get("/documents/{document_id}", tags=["documents"],
            summary="One document's full record (text, sentences and every layer)")
def document(access: Access, document_id: str) -> Response:
    extraction = access.call(lambda s: s.get(document_id))
    return json_response(extraction.to_dict(include_sentences=True))


class DocumentIn(BaseModel):
    """A document to process: exactly one of ``text`` or ``html``."""

    text: str | None = Field(None, description="Plain article text.")
    html: str | None = Field(None, description="An HTML page; the article body is extracted.")
    title: str | None = Field(None, max_length=1000)
    published: str | None = Field(None, max_length=40, description="Publication date (ISO).")
    url: str | None = Field(None, max_length=2000)
    publisher: str | None = Field(None, max_length=200)

    @model_validator(mode="after")
    def one_body(self) -> DocumentIn:
        if (self.text is None) == (self.html is None):
            raise ValueError("give exactly one of 'text' or 'html'")
        return self


@router.post("/documents", tags=["documents"], status_code=201,
             dependencies=[Depends(require_write_token)],
             summary="Process a text or HTML document and store its record (bearer token)")
def submit_document(access: Access, body: DocumentIn, request: Request) -> dict[str, Any]:
    from dateline.api import extract_document, record
    from dateline.ingest import document_from_html, document_from_text

    config = request.app.state.settings.config
    meta = {"title": body.title, "published": body.published, "url": body.url,
            "publisher": body.publisher, "source": "<api>", "config": config}
    if body.text is not None:
        doc = document_from_text(body.text, **meta)
    else:
        assert body.html is not None
        doc = document_from_html(body.html, **meta)
    pool = request.app.state.extraction_pool
    if pool is not None:  # a worker process, under a deadline: reads never wait on it
        extraction = pool.extract(doc)
    else:
        # one document at a time: the pipeline (spaCy and the stages' caches) is shared by
        # the request threads and is not documented as safe for concurrent use
        with request.app.state.extract_lock:
            extraction = extract_document(doc, config)
    # Stored either way: a fusion failure is reported beside it (fusing it again, e.g.
    # `dateline stories --rebuild`, retries), not as a failed request.
    recorded = access.write(lambda s: record(s, extraction))
    fusion_error = None if recorded.fusion_error is None else str(recorded.fusion_error)
    return {"id": doc.id, "status": recorded.status, "title": doc.title,
            "published": doc.published, "counts": _counts(extraction), "fused": recorded.fused,
            "fusion_error": fusion_error}


def _counts(extraction: Extraction) -> dict[str, int]:
    return {name: len(getattr(extraction, name)) for name in
            ("entities", "actors", "places", "timexes", "quotes", "events", "contradictions")}


# -- events -----------------------------------------------------------------------
@router.get("/events", tags=["events"], summary="Events (PLOVER) matching every filter")
def events(access: Access, filters: Filters, limit: Limit = 50, offset: Offset = 0) -> Response:
    kwargs = filters.store_kwargs()

    def run(store: Any) -> Response:
        items = store.events(limit=limit, offset=offset, **kwargs)
        return page(items, limit, offset, total=store.count_events(**kwargs))

    return access.call(run)


@router.get("/timeline", tags=["events"],
            summary="Events in date order with their evidence sentence and document title")
def timeline(access: Access, filters: Filters, limit: Limit = 100, offset: Offset = 0) -> Response:
    kwargs = filters.store_kwargs()
    items = access.call(lambda s: s.timeline(limit=limit, offset=offset, **kwargs))
    return page(items, limit, offset)


@router.get("/documents/{document_id}/events/{event_id}", tags=["events"],
            summary="One event with its source text, actors, attribution and contradictions")
def event(access: Access, document_id: str, event_id: str) -> Response:
    extraction = access.call(lambda s: s.get(document_id))
    detail = event_detail(extraction, event_id)
    detail["fused_id"] = access.call(lambda s: _fused_id(s, document_id, event_id))
    return json_response(detail)


def _fused_id(store: Any, document_id: str, event_id: str) -> str | None:
    """The fused event (all reports of this happening) the event belongs to, if any."""
    from dateline.fusion.engine import fused_event_of

    return fused_event_of(store, document_id, event_id)


# -- cross-report fusion: fused events and stories ---------------------------------------
@router.get("/fused", tags=["fusion"],
            summary="Fused events: one per happening, with source counts, sources and disagreements")
def fused(
    access: Access, request: Request,
    type: Annotated[str | None, Query(max_length=40, description="PLOVER event type.")] = None,
    actor: Annotated[str | None, Query(max_length=200, description="Actor id (sector variants too).")] = None,
    date_from: Annotated[str | None, Query(max_length=40, pattern=ISO_DATE)] = None,
    date_to: Annotated[str | None, Query(max_length=40, pattern=ISO_DATE)] = None,
    min_sources: Annotated[int, Query(ge=1, le=1000)] = 1,
    disagreements: Annotated[bool, Query(description="Only fused events whose sources disagree.")] = False,
    story: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
    min_confidence: Annotated[float | None, Query(
        ge=0, le=1, description="Keep fused events with a member at least this confident "
        "(default: the display threshold; 0: all).")] = None,
    limit: Limit = 50, offset: Offset = 0,
) -> Response:
    from dateline.fusion.engine import fused_events

    floor = display_confidence(request, min_confidence)
    items = access.call(lambda s: fused_events(
        s, event_type=type or None, actor=actor or None, date_from=date_from or None,
        date_to=date_to or None, min_sources=min_sources, disagreements_only=disagreements,
        story_id=story, min_confidence=floor, limit=limit, offset=offset))
    return page(items, limit, offset)


@router.get("/fused/{fused_id}", tags=["fusion"],
            summary="One fused event with every source's values and the contradictions between them")
def fused_one(access: Access, fused_id: str) -> Response:
    from dateline.fusion.engine import fused_event

    return json_response(access.call(lambda s: fused_event(s, fused_id)))


@router.get("/stories", tags=["fusion"], summary="Story clusters, most recently active first")
def stories(
    access: Access,
    date_from: Annotated[str | None, Query(max_length=40, pattern=ISO_DATE)] = None,
    date_to: Annotated[str | None, Query(max_length=40, pattern=ISO_DATE)] = None,
    min_documents: Annotated[int, Query(ge=1, le=100_000)] = 1,
    limit: Limit = 50, offset: Offset = 0,
) -> Response:
    from dateline.fusion.engine import stories as story_clusters

    items = access.call(lambda s: story_clusters(
        s, date_from=date_from or None, date_to=date_to or None, min_documents=min_documents,
        limit=limit, offset=offset))
    return page(items, limit, offset)


@router.get("/stories/{story_id}", tags=["fusion"],
            summary="One story cluster with its documents (its fused events: /api/fused?story=)")
def story(access: Access, story_id: Annotated[int, Path(ge=1, le=2**62)]) -> Response:
    from dateline.fusion.engine import stories as story_clusters

    found = access.call(lambda s: story_clusters(s, story_id=story_id, limit=1))
    if not found:
        raise NotFoundError("no such story", source=str(story_id))
    return json_response(found[0])


def event_detail(extraction: Extraction, event_id: str) -> dict[str, Any]:
    found = next((e for e in extraction.events if e.id == event_id), None)
    if found is None:
        raise NotFoundError(f"no event {event_id!r} in document {extraction.document.id!r}")
    ids = set(found.actor) | set(found.recipient)
    actors = {a.id: {k: v for k, v in a.to_dict().items() if k != "mentions"}
              for a in extraction.actors if a.id in ids}
    quote = next((q for q in extraction.quotes if q.id == found.attribution), None)
    doc = extraction.document
    return {
        "document": {k: v for k, v in doc.to_dict().items() if k not in ("paragraphs",)},
        "event": found.to_dict(),
        "actors": actors,
        "attribution": None if quote is None else quote.to_dict(),
        "contradictions": [c.to_dict() for c in extraction.contradictions if c.event_id == event_id],
        "layers": list(extraction.layers),
    }


# -- quotes, actors, places, contradictions ---------------------------------------------
@router.get("/quotes", tags=["quotes"], summary="Who said what")
def quotes(
    access: Access,
    speaker: Annotated[str | None, Query(max_length=200, description="Speaker name or actor id.")] = None,
    text: Annotated[str | None, Query(max_length=500, description="Full-text query over content.")] = None,
    document: Annotated[str | None, Query(max_length=200)] = None,
    limit: Limit = 50, offset: Offset = 0,
) -> Response:
    if speaker:
        from dateline.resolve.actors.kb import load_knowledge_base, speaker_query

        speaker = speaker_query(speaker, load_knowledge_base())  # every spelling, one actor
    items = access.call(lambda s: s.quotes(
        speaker=speaker or None, text=text or None, document_id=document or None,
        limit=limit, offset=offset))
    return page(items, limit, offset)


@router.get("/speakers", tags=["quotes"], summary="Speakers with their number of quotes")
def speakers(access: Access, limit: Limit = 200, offset: Offset = 0) -> Response:
    items = access.call(lambda s: queries.speakers(s, limit=limit, offset=offset))
    return page(items, limit, offset)


@router.get("/actors", tags=["actors"], summary="Actors, most frequent first")
def actors(
    access: Access,
    name: Annotated[str | None, Query(max_length=200)] = None,
    code: Annotated[str | None, Query(max_length=40)] = None,
    kind: Annotated[str | None, Query(max_length=40)] = None,
    document: Annotated[str | None, Query(max_length=200)] = None,
    limit: Limit = 50, offset: Offset = 0,
) -> Response:
    items = access.call(lambda s: s.actors(
        name=name or None, code=code or None, kind=kind or None,
        document_id=document or None, limit=limit, offset=offset))
    return page(items, limit, offset)


@router.get("/actors/{actor_id:path}", tags=["actors"],
            summary="One actor: events as actor and as recipient, per month")
def actor(access: Access, request: Request, actor_id: str, limit: Limit = 200,
          min_confidence: Annotated[float | None, Query(ge=0, le=1, description="As for /api/events.")] = None,
          ) -> Response:
    floor = display_confidence(request, min_confidence)
    return json_response(access.call(
        lambda s: queries.actor_profile(s, actor_id, limit=limit, min_confidence=floor)))


@router.get("/places", tags=["places"], summary="Geocoded place mentions")
def places(
    access: Access,
    name: Annotated[str | None, Query(max_length=200)] = None,
    country: Annotated[str | None, Query(max_length=3, description="ISO alpha-3 (or alpha-2) code.")] = None,
    document: Annotated[str | None, Query(max_length=200)] = None,
    limit: Limit = 50, offset: Offset = 0,
) -> Response:
    items = access.call(lambda s: s.places(
        name=name or None, country=(iso2(country) or country) if country else None,
        document_id=document or None,
        limit=limit, offset=offset))
    return page(items, limit, offset)


@router.get("/contradictions", tags=["events"], summary="Mentions of one event that disagree")
def contradictions(
    access: Access,
    document: Annotated[str | None, Query(max_length=200)] = None,
    event: Annotated[str | None, Query(max_length=200)] = None,
    attribute: Annotated[str | None, Query(max_length=60)] = None,
    limit: Limit = 50, offset: Offset = 0,
) -> Response:
    items = access.call(lambda s: s.contradictions(
        document_id=document or None, event_id=event or None, attribute=attribute or None,
        limit=limit, offset=offset))
    return page(items, limit, offset)


# -- aggregates for the UI's charts ----------------------------------------------------
@router.get("/charts/pairs", tags=["charts"],
            summary="Events per actor pair per month by quad class (cooperation-conflict chart)")
def chart_pairs(access: Access, filters: Filters,
                pairs: Annotated[int, Query(ge=1, le=50)] = 8) -> Response:
    kwargs = filters.store_kwargs()
    return json_response(access.call(lambda s: queries.pair_series(s, top=pairs, **kwargs)))


@router.get("/map", tags=["charts"], summary="Located events, grouped by coordinates")
def event_map(access: Access, filters: Filters,
              limit: Annotated[int, Query(ge=1, le=20_000)] = 5000) -> Response:
    kwargs = filters.store_kwargs()
    return json_response(access.call(lambda s: queries.located_events(s, limit=limit, **kwargs)))


@router.get("/charts/daily", tags=["charts"],
            summary="Events per day or week for the top event types or actor -> recipient dyads")
def chart_daily(
    access: Access, filters: Filters,
    group: Annotated[Literal["type", "dyad"], Query(description="Series: event type or dyad.")] = "type",
    bucket: Annotated[Literal["day", "week"], Query(description="Bars: days or ISO weeks.")] = "day",
    top: Annotated[int, Query(ge=1, le=30, description="Series shown; the rest is summed.")] = 8,
) -> Response:
    kwargs = filters.store_kwargs()
    return json_response(access.call(
        lambda s: queries.event_counts(s, group=group, bucket=bucket, top=top, **kwargs)))


@router.get("/counts/daily", tags=["charts"],
            summary="Daily count of events by dyad (actor, recipient) and PLOVER type")
def counts_daily(
    access: Access, filters: Filters,
    limit: Annotated[int, Query(ge=1, le=10_000, description="Page size.")] = 1000,
    offset: Offset = 0,
) -> Response:
    kwargs = filters.store_kwargs()
    items = access.call(lambda s: queries.dyad_counts(s, limit=limit, offset=offset, **kwargs))
    return page(items, limit, offset)


def not_found(path: str) -> ApiError:
    return ApiError(404, f"no such endpoint: {path}")
