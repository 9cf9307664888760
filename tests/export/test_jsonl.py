"""JSON Lines export round-trips through the model."""

from __future__ import annotations

import io
import json

from dateline.countries import iso3_countries
from dateline.export import jsonl
from dateline.model import Extraction
from dateline.store import open_store
from tests.store.factory import make_extraction


def test_one_extraction_per_line_round_trips() -> None:
    extractions = [make_extraction(n) for n in range(3)]
    out = io.StringIO()
    assert jsonl.write(extractions, out) == 3
    lines = out.getvalue().splitlines()
    assert len(lines) == 3
    for line, ex in zip(lines, extractions, strict=True):
        data = json.loads(line)
        # country codes are shown as alpha-3 and read back as the model's alpha-2
        assert data == iso3_countries(ex.to_dict())
        assert Extraction.from_dict(data).to_dict() == ex.to_dict()
        assert set(data) >= {"document", "entities", "actors", "timexes", "quotes", "events",
                             "contradictions"}
        back = Extraction.from_dict(data)
        assert back.events == ex.events and back.quotes == ex.quotes
    assert "\u201c" in out.getvalue()  # not ASCII-escaped


def test_counterpart_is_written_and_old_lines_without_it_still_load() -> None:
    ex = make_extraction(0)
    ex.events[2].counterpart = ["country:SDR:MIL"]
    out = io.StringIO()
    jsonl.write([ex], out)
    data = json.loads(out.getvalue())
    assert [e["counterpart"] for e in data["events"]] == [[], [], ["country:SDR:MIL"]]
    assert Extraction.from_dict(data).events[2].counterpart == ["country:SDR:MIL"]
    # a line written before the field existed
    for event in data["events"]:
        del event["counterpart"]
    assert [e.counterpart for e in Extraction.from_dict(data).events] == [[], [], []]


def test_sentences_on_request_and_empty_input() -> None:
    out = io.StringIO()
    jsonl.write([make_extraction()], out, include_sentences=True)
    assert json.loads(out.getvalue())["document"]["sentences"]
    empty = io.StringIO()
    assert jsonl.write([], empty) == 0 and empty.getvalue() == ""


def test_export_from_the_store(tmp_path) -> None:
    with open_store(tmp_path / "d.db") as store:
        for n in range(4):
            store.save(make_extraction(n))
        out = io.StringIO()
        assert jsonl.write(store.iter_extractions(), out) == 4
    ids = [json.loads(line)["document"]["id"] for line in out.getvalue().splitlines()]
    assert ids == [make_extraction(n).document.id for n in range(4)]
