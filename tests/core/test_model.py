import pickle

from tests.factories import TEXT
from tests.factories import sample_extraction as build

from dateline.model import Event, Extraction, Mention, Span


def test_span_helpers():
    a, b = Span.of(TEXT, 0, 9), Span.of(TEXT, 5, 12)
    assert a.text == "Ministers"
    assert a.overlaps(b) and not a.contains(b)
    assert Span.of(TEXT, 0, 20).contains(a)


def test_mention_carries_sentence_index():
    doc = build().document
    assert doc.mention(40, 44).sentence == 1
    assert doc.sentence_index(34) is None  # the space between sentences


def test_extraction_round_trips_through_dict_and_pickle():
    extraction = build()
    data = extraction.to_dict(include_sentences=True)
    again = Extraction.from_dict(data)
    assert again.to_dict(include_sentences=True) == data
    assert pickle.loads(pickle.dumps(extraction)).to_dict() == extraction.to_dict()


def test_output_contract_keys():
    data = build().to_dict()
    assert {"document", "entities", "actors", "timexes", "quotes", "events", "contradictions"} <= set(data)
    assert set(data["events"][0]) >= {
        "id", "event", "mode", "context", "aux", "actor", "recipient", "date", "date_precision",
        "location", "mentions", "attribution", "confidence",
    }
    assert set(data["quotes"][0]) >= {"kind", "cue", "content", "speaker", "date", "confidence"}
    assert "sentences" not in data["document"]


def test_event_asserted_reflects_aux_modes():
    assert Event("e", "AID").asserted
    assert not Event("e", "AID", aux=["negation"]).asserted
    assert not Event("e", "CONSULT", aux=["future"]).asserted
    assert Event("e", "AID", aux=["historical"]).asserted


def test_mention_round_trip_without_sentence():
    m = Mention(1, 3, "xy")
    assert Mention.from_dict(m.to_dict()) == m
