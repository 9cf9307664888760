"""Invented reports for fusion tests (our own sentences; nothing from ../shared)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from tests.store.pg import BACKENDS, backend_store

from dateline.model import Actor, Document, Event, Extraction, Location, Mention, Place, Span
from dateline.store.base import Store

KHARKIV = Location("Kharkiv", "UA", 49.99, 36.23, "city")
LVIV = Location("Lviv", "UA", 49.84, 24.03, "city")
KYIV = Location("Kyiv", "UA", 50.45, 30.52, "city")
UKRAINE = Location("Ukraine", "UA", None, None, "country")


def report(
    doc_id: str, text: str, published: str | None, events: list[dict[str, Any]],
    title: str | None = None, actors: tuple[str, ...] = ("country:RUS:MIL", "country:UKR"),
) -> Extraction:
    document = Document(id=doc_id, text=text, title=title, published=published, publisher=doc_id)
    built = []
    for i, spec in enumerate(events):
        trigger = spec.get("trigger", "shelled")
        start = text.find(trigger)
        mention = Mention(max(start, 0), max(start, 0) + len(trigger), trigger if start >= 0 else "")
        built.append(Event(
            id=f"e{i}", event=spec.get("event", "ASSAULT"), actor=list(spec.get("actor", ["country:RUS:MIL"])),
            recipient=list(spec.get("recipient", [])), date=spec.get("date"),
            date_precision=spec.get("precision", "day" if spec.get("date") else "unknown"),
            location=spec.get("location"), aux=list(spec.get("aux", [])), size=spec.get("size"),
            mentions=[mention], event_text=trigger,
        ))
    return Extraction(
        document=document,
        actors=[Actor(a, a, kind="country") for a in actors],
        places=[
            Place(Span(0, 0, ""), loc.name or "", loc.country, loc.lat, loc.lon, loc.precision)
            for loc in {e.location.name: e.location for e in built if e.location}.values()
        ],
        events=built, layers=["events"], pipeline_version="test",
    )


@pytest.fixture(params=BACKENDS)
def store(request: pytest.FixtureRequest) -> Iterator[Store]:
    """Every engine test runs on both stores (PostgreSQL when DATELINE_TEST_POSTGRES is set)."""
    with backend_store(request.param) as s:
        yield s
