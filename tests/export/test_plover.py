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
