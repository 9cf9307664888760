"""PLOVER JSONL export: records validate against the manual's field list."""

from __future__ import annotations

import io
import json

from dateline.export.plover import record, validate, write
from dateline.model import Event
from tests.factories import sample_extraction


def test_records_validate_and_keep_provenance():
    extraction = sample_extraction()
    stream = io.StringIO()
    assert write([extraction], stream) == 1
    [line] = stream.getvalue().splitlines()
    rec = json.loads(line)
    assert validate(rec) == []
    assert rec["event"] == ["CONSULT"] and rec["mode"] == ["meet"]
    assert rec["date"] == "2024-03-04" and rec["date_precision"] == "day"
    assert rec["event_loc"]["resolved_place"] == "Vienna"
    assert rec["text_info"] == {"start": 10, "end": 13, "sequence": 0}
    assert rec["aux"] == ["historical"] and rec["has_event"] is True


def test_negated_event_is_never_a_plain_happened_record():
    extraction = sample_extraction()
    extraction.events.append(Event("e2", "AID", aux=["negation"], date="2024-03", date_precision="month"))
    rec = record(extraction.events[-1], extraction)
    assert rec["has_event"] is False and rec["aux"] == ["negation"]
    assert rec["date"] == "2024-03-01" and rec["date_precision"] == "month"
    assert validate(rec) == []
    stream = io.StringIO()
    assert write([extraction], stream, asserted_only=True) == 1
    assert "e2" not in stream.getvalue()


def test_validate_reports_problems():
    problems = validate({"id": "x", "date": "2024-3-1", "event": "AID", "actor": [{"name": "x"}], "colour": 1})
    text = " ".join(problems)
    assert "date" in text and "event is not" in text and "unknown field 'colour'" in text and "actor entity" in text


def _two_sided():
    """"Ministers met their Austrian counterparts": both sides act, the hosts are the other side."""
    from dateline.model import Actor

    extraction = sample_extraction()
    extraction.actors.append(Actor("country:AUT", "Austria", code="AUT", kind="country"))
    [meeting] = extraction.events
    meeting.actor, meeting.counterpart = ["prov:ministers", "country:AUT"], ["country:AUT"]
    return extraction, meeting


def test_two_sided_event_keeps_every_party_as_actor_and_names_the_other_side():
    extraction, meeting = _two_sided()
    rec = record(meeting, extraction)
    assert validate(rec) == []
    # the manual: reciprocal events list every party as actor and include no recipient
    assert [a["identifier_id"] for a in rec["actor"]] == ["prov:ministers", "country:AUT"]
    assert rec["recipient"] == []
    assert rec["counterpart"] == [{"identifier_id": "country:AUT", "identifier_text": "Austria", "code": "AUT"}]


def test_one_sided_event_has_no_counterpart_field():
    extraction = sample_extraction()
    rec = record(extraction.events[0], extraction)
    assert "counterpart" not in rec and validate(rec) == []
    rec["counterpart"] = [{"colour": "red"}]
    assert any("counterpart entity" in p for p in validate(rec))


def test_week_dates_become_a_day_range_and_countries_iso3():
    from dateline.model import Location

    extraction = sample_extraction()
    event = extraction.events[0]
    event.date, event.date_precision = "2022-W05-WE", "week"
    event.location = Location("Kharkiv", "UA", 49.99, 36.23, "city")
    rec = record(event, extraction)
    assert validate(rec) == []
    assert rec["date"] == "2022-02-05" and rec["enddate"] == "2022-02-06"
    assert rec["event_loc"]["country_code"] == "UKR" and rec["event_loc"]["country"] == "Ukraine"
