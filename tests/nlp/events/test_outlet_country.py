"""A local politician the text gives no country is coded by the outlet's
country (``parties.add_outlet_country``), on hand-built events."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from dateline.model import Actor, Event
from dateline.nlp.events.parties import add_outlet_country


def _analysis(actors: list[Actor], fields: dict[str, Any] | None) -> Any:
    metadata = {"format": "jsonl"} if fields is None else {"format": "jsonl", "fields": fields}
    return SimpleNamespace(
        document=SimpleNamespace(metadata=metadata),
        extraction=SimpleNamespace(actors=actors),
    )


def _mp() -> Actor:
    return Actor(id="prov:person:jan-nowicki", name="Jan Nowicki", kind="person", provisional=True, roles=["mp"])


def test_uncoded_mp_gets_the_outlets_country_next_to_him() -> None:
    mp = _mp()
    actors = [mp]
    event = Event(id="e1", event="ACCUSE", actor=[mp.id])
    add_outlet_country(_analysis(actors, {"source_country": "PL"}), [event])
    assert event.actor[0] == mp.id  # the person stays the party
    assert len(event.actor) == 2
    country = next(a for a in actors if a.id == event.actor[1])
    assert country.code == "POL" and country.kind == "country"
    assert country.mentions == []  # the text never names Poland: no made-up mention


def test_recipient_politician_is_coded_too_and_an_existing_country_is_reused() -> None:
    mp = Actor(id="prov:person:ann-lee", name="Ann Lee", kind="person", provisional=True, roles=["candidate"])
    usa = Actor(id="country:USA", name="United States", code="USA", kind="country")
    rus = Actor(id="country:RUS", name="Russia", code="RUS", kind="country")
    actors = [mp, usa, rus]
    event = Event(id="e1", event="ACCUSE", actor=[rus.id], recipient=[mp.id])
    add_outlet_country(_analysis(actors, {"source_country": "US"}), [event])
    assert event.recipient == [mp.id, usa.id]
    assert len(actors) == 3


def test_other_people_and_coded_people_are_left_alone() -> None:
    soldier = Actor(id="prov:person:ivan-petrov", name="Ivan Petrov", kind="person", provisional=True, roles=["soldier"])
    coded = Actor(id="kb:person:x", name="Known Senator", code="USA", kind="person", roles=["senator"])
    actors = [soldier, coded]
    events = [Event(id="e1", event="ASSAULT", actor=[soldier.id]), Event(id="e2", event="ACCUSE", actor=[coded.id])]
    add_outlet_country(_analysis(actors, {"source_country": "GB"}), events)
    assert events[0].actor == [soldier.id] and events[1].actor == [coded.id]
    assert len(actors) == 2


def test_no_outlet_country_no_code() -> None:
    mp = _mp()
    event = Event(id="e1", event="ACCUSE", actor=[mp.id])
    add_outlet_country(_analysis([mp], None), [event])
    add_outlet_country(_analysis([mp], {"source_country": "??"}), [event])
    add_outlet_country(_analysis([mp], {"source_country": 48}), [event])  # not a string: ignored, no crash
    assert event.actor == [mp.id]


def test_country_already_a_party_is_not_added_twice() -> None:
    mp = _mp()
    pol = Actor(id="country:POL", name="Poland", code="POL", kind="country")
    event = Event(id="e1", event="ACCUSE", actor=[mp.id], recipient=[pol.id])
    add_outlet_country(_analysis([mp, pol], {"source_country": "PL"}), [event])
    assert event.actor == [mp.id] and event.recipient == [pol.id]
