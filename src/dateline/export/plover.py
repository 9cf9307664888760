"""PLOVER JSONL export: one PLOVER event record per line.

Field names follow the PLOVER manual's "Data Fields" chapter (tables "PLOVER
JSON", "Information object for entities / text / size / citations" and the
location object); :data:`FIELDS` lists them and :func:`validate` checks a record
against them. Extra named fields are allowed by the manual ("providers should
feel free to include named fields beyond those provided here"); ours are
:data:`EXTRA_FIELDS`.

Only events the text reports as having happened are exported as plain records:
a negated, future or hypothetical event is written with ``has_event: false``
and its auxiliary modes in ``aux`` (so it can never be read as a happened
event), or left out with ``asserted_only=True``.

A two-sided event ("Macron met with Scholz", "talks between Russia and
Ukraine") is written as the manual codes reciprocal events (section "Compound
and Reciprocal Actors"; CONSULT: "all participants are coded in the actor
field"): every party in ``actor`` and no recipient made up from them, so a
PLOVER reader counts it as PLOVER intends. Which parties are the other side
goes in the extra field ``counterpart`` (entity objects, each also in
``actor``); a reader that wants CAMEO-style dyads can take ``actor`` minus
``counterpart`` -> ``counterpart``. A visit keeps visitor -> host as
actor -> recipient, as the manual's ``visit`` mode says.

PLOVER wants ``date`` as YYYY-MM-DD; an event known only to the week, month,
season or year is written as the first day of that period in ``date`` and its
last day in ``enddate``, with ``date_precision`` saying so, and an undated event
with ``date: null``. Locations carry the country's name and its ISO 3166
alpha-3 ``country_code``, as the manual's location object asks.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any, TextIO

from dateline.countries import country_name, iso3
from dateline.export.dates import interval
from dateline.model import Actor, Event, Extraction
from dateline.version import PIPELINE_VERSION

# name -> required? (the manual's "PLOVER JSON" table)
FIELDS: dict[str, bool] = {
    "id": True, "has_event": False, "date": True, "time": False, "enddate": False,
    "endtime": False, "actor": True, "recipient": False, "event": True, "event_loc": False,
    "event_text": False, "quad_code": False, "event_scale": False, "mode": False,
    "context": False, "link": False, "text": False, "text_info": False, "cite_info": False,
    "coder": False, "coded_date": False, "coded_time": False, "comment": False,
}
ENTITY_FIELDS = frozenset({
    "code", "sector", "entity_text", "identifier_id", "identifier_text", "religion",
    "ethnicity", "office", "gender", "age",
})
TEXT_INFO_FIELDS = frozenset({"sequence", "start", "end", "text_story"})
SIZE_FIELDS = frozenset({"dead", "injured", "arrested"})
CITE_FIELDS = frozenset({
    "corpus", "citation", "url", "title", "language", "publication", "license", "copyright",
    "coder", "codebook", "version",
})
LOCATION_FIELDS = frozenset({
    "extracted_place", "resolved_place", "geonameid", "lat", "lon", "city", "district",
    "province", "country", "country_code", "feature_class", "feature_code", "resolution",
})
EXTRA_FIELDS = frozenset({
    "aux", "date_precision", "attribution", "confidence", "size", "document_id", "mentions", "counterpart",
})
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
RESOLUTION = {"country": 1, "region": 2, "district": 3, "city": 4, "subcity": 5}
CODER = f"dateline {PIPELINE_VERSION}"


def _entity(actor_id: str, actor: Actor | None) -> dict[str, Any]:
    if actor is None:
        return {"identifier_id": actor_id}
    entity: dict[str, Any] = {"identifier_id": actor.wikidata or actor.id, "identifier_text": actor.name}
    if actor.code:
        entity["code"] = actor.code
    if actor.sector:
        entity["sector"] = actor.sector
    if actor.mentions:
        entity["entity_text"] = actor.mentions[0].text
    return entity


def _dates(event: Event) -> tuple[str | None, str | None]:
    """PLOVER ``date`` and ``enddate``: the first and last day of the event's date interval
    (a week, month or season becomes its days; see :mod:`dateline.export.dates`)."""
    start, end, _ = interval(event.date)
    if start is None or end is None:
        return None, None
    return start.isoformat(), None if end == start else end.isoformat()


def record(event: Event, extraction: Extraction) -> dict[str, Any]:
    """The PLOVER record of one event."""
    document = extraction.document
    first = event.mentions[0] if event.mentions else None
    date, enddate = _dates(event)
    out: dict[str, Any] = {
        "id": event.id,
        "has_event": event.asserted,
        "date": date,
        "actor": [_entity(a, extraction.actor(a)) for a in event.actor],
        "recipient": [_entity(r, extraction.actor(r)) for r in event.recipient],
        "event": [event.event],
        "event_text": [m.text for m in event.mentions],
        "quad_code": event.quad_class,
        "event_scale": event.score,
        "mode": [event.mode] if event.mode else [],
        "context": list(event.context),
        "coder": CODER,
        "cite_info": {k: v for k, v in {
            "url": document.url, "title": document.title, "language": document.language,
            "publication": document.publisher, "coder": CODER, "codebook": "plover-2.0",
        }.items() if v},
        "aux": list(event.aux),
        "date_precision": event.date_precision or "unknown",
        "confidence": event.confidence,
        "document_id": document.id,
        "mentions": [m.to_dict() for m in event.mentions],
    }
    if enddate is not None:
        out["enddate"] = enddate
    if first is not None:
        out["text_info"] = {"start": first.start, "end": first.end}
        if first.sentence is not None:
            out["text_info"]["sequence"] = first.sentence
    if event.location is not None:
        loc = event.location
        out["event_loc"] = {k: v for k, v in {
            "extracted_place": loc.name, "resolved_place": loc.name, "lat": loc.lat, "lon": loc.lon,
            # the manual: country is the name, country_code the 3-character ISO code
            "country": country_name(loc.country), "country_code": iso3(loc.country),
            "resolution": RESOLUTION.get(loc.precision or ""),
        }.items() if v is not None}
    if event.size:
        out["size"] = {k: v for k, v in event.size.items() if k in SIZE_FIELDS}
    if event.attribution:
        out["attribution"] = event.attribution
    if event.counterpart:
        out["counterpart"] = [_entity(c, extraction.actor(c)) for c in event.counterpart]
    return out


def validate(rec: dict[str, Any]) -> list[str]:
    """Problems of a record against the manual's field list (empty when valid)."""
    problems = [f"missing required field {name!r}" for name, req in FIELDS.items() if req and name not in rec]
    for name in rec:
        if name not in FIELDS and name not in EXTRA_FIELDS:
            problems.append(f"unknown field {name!r}")
    if rec.get("date") is not None and not DATE.match(str(rec["date"])):
        problems.append(f"date {rec['date']!r} is not YYYY-MM-DD")
    for role in ("actor", "recipient", "counterpart"):
        value = rec.get(role, [])
        if not isinstance(value, list):
            problems.append(f"{role} is not a list of entity objects")
            continue
        for entity in value:
            if not isinstance(entity, dict) or set(entity) - ENTITY_FIELDS:
                problems.append(f"{role} entity has unknown fields: {entity!r}")
    if not isinstance(rec.get("event"), list) or not rec.get("event"):
        problems.append("event is not a non-empty list of categories")
    if rec.get("quad_code") not in (None, 1, 2, 3, 4):
        problems.append("quad_code is not 1, 2, 3 or 4")
    for name, allowed in (("text_info", TEXT_INFO_FIELDS), ("size", SIZE_FIELDS),
                          ("cite_info", CITE_FIELDS), ("event_loc", LOCATION_FIELDS)):
        if name in rec and set(rec[name]) - allowed:
            problems.append(f"{name} has unknown fields: {sorted(set(rec[name]) - allowed)}")
    for name in ("mode", "context", "event_text"):
        if name in rec and not isinstance(rec[name], list):
            problems.append(f"{name} is not a list")
    return problems


def write(extractions: Iterable[Extraction], stream: TextIO, *, asserted_only: bool = False) -> int:
    """One PLOVER record per event; returns the number of records written."""
    count = 0
    for extraction in extractions:
        for event in extraction.events:
            if asserted_only and not event.asserted:
                continue
            stream.write(json.dumps(record(event, extraction), ensure_ascii=False))
            stream.write("\n")
            count += 1
    return count
