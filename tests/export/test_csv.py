"""CSV export: one row per event (flattened PLOVER fields) or per quote."""

from __future__ import annotations

import csv as stdcsv
import io

import pytest

from dateline.errors import DatelineError
from dateline.export import csv
from tests.store.factory import make_extraction


def read(text: str) -> list[dict[str, str]]:
    return list(stdcsv.DictReader(io.StringIO(text)))


def test_one_row_per_event_with_document_and_evidence() -> None:
    extractions = [make_extraction(0), make_extraction(1, repeat=2)]
    out = io.StringIO()
    assert csv.write(extractions, out) == 9
    rows = read(out.getvalue())
    assert len(rows) == 9
    assert list(rows[0]) == list(csv.EVENT_COLUMNS)
    assault = next(r for r in rows if r["event_type"] == "ASSAULT")
    ex = extractions[0]
    assert assault["document_id"] == ex.document.id
    assert assault["title"] == ex.document.title
    assert assault["published"] == "2024-03-01"
    assert assault["actor_ids"] == "country:SDR:MIL"
    assert assault["actor_codes"] == "SDR" and assault["actor_sectors"] == "MIL"
    assert assault["recipient_names"] == "Norland"
    assert assault["aux"] == "negation" and assault["asserted"] == "False"
    assert assault["fatalities"] == "3" and assault["injured"] == "2"
    assert assault["location_name"] == "Velka" and assault["location_lat"] == "48.1"
    assert assault["attribution"] == "q0b" and assault["attribution_speaker"] == "local officials"
    assert assault["mention_text"] == "denied shelling Velka" and assault["num_mentions"] == "2"
    start, end = int(assault["mention_start"]), int(assault["mention_end"])
    assert ex.document.text[start:end] == assault["mention_text"]
    assert assault["evidence_sentence"].startswith("Sudria denied shelling Velka")
    meeting = next(r for r in rows if r["event_id"] == "e0c")
    assert meeting["actor_names"] == "Norland; Sudria" and meeting["recipient_ids"] == ""
    assert meeting["context"] == "diplomacy; diplomacy"


def test_counterparts_of_a_two_sided_event() -> None:
    ex = make_extraction(0)
    ex.events[2].counterpart = ["country:SDR:MIL"]
    out = io.StringIO()
    csv.write([ex], out)
    rows = {r["event_id"]: r for r in read(out.getvalue())}
    assert rows["e0c"]["counterpart_ids"] == "country:SDR:MIL" and rows["e0c"]["counterpart_names"] == "Sudria"
    assert rows["e0a"]["counterpart_ids"] == "" == rows["e0a"]["counterpart_names"]


def test_quote_rows() -> None:
    out = io.StringIO()
    assert csv.write([make_extraction(0)], out, rows="quotes") == 2
    rows = read(out.getvalue())
    assert list(rows[0]) == list(csv.QUOTE_COLUMNS)
    direct, indirect = rows
    assert direct["speaker_name"] == "Ilse Varga" and direct["kind"] == "direct"
    assert direct["content"].startswith("We will not accept")
    assert " … " in indirect["content"]
    same = io.StringIO()
    csv.write_quotes([make_extraction(0)], same)
    assert same.getvalue() == out.getvalue()


def test_no_events_gives_a_header_only_and_bad_mode_errors() -> None:
    ex = make_extraction(0)
    ex.events = []
    out = io.StringIO()
    assert csv.write([ex], out) == 0
    assert out.getvalue().strip() == ",".join(csv.EVENT_COLUMNS)
    with pytest.raises(DatelineError, match="unknown CSV row kind"):
        csv.write([ex], io.StringIO(), rows="actors")


def test_text_that_looks_like_a_formula_is_kept_as_text() -> None:
    from dateline.export.table import spreadsheet_safe

    assert spreadsheet_safe('=HYPERLINK("http://example.invalid","click")').startswith("'=")
    for risky in ("+1 more", "-- an aside", "@everyone", "\tindent"):
        assert spreadsheet_safe(risky) == "'" + risky
    assert spreadsheet_safe("Putin said") == "Putin said"
    assert spreadsheet_safe(-2.5) == -2.5 and spreadsheet_safe(None) is None


def test_terminal_csv_guards_text_but_not_numbers() -> None:
    import io

    from dateline.interfaces.output import render

    stream = io.StringIO()
    render([{"speaker": "=cmd()", "score": -2.5}], ("speaker", "score"), "csv", stream)
    lines = stream.getvalue().splitlines()
    assert lines[1] == "'=cmd(),-2.50"
