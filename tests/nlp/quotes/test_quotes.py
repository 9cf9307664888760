"""Quote detection, kinds, cues, speakers and the reporting chain (our own sentences)."""

from __future__ import annotations

import pytest

from dateline.model import Extraction, Quote

from .conftest import Analyse, person

pytestmark = pytest.mark.model


def content(quote: Quote) -> str:
    return " || ".join(s.text for s in quote.content)


def find(extraction: Extraction, needle: str) -> Quote:
    hits = [q for q in extraction.quotes if needle in content(q)]
    assert hits, f"no quote holds {needle!r}: {[content(q) for q in extraction.quotes]}"
    return min(hits, key=lambda q: len(content(q)))


def test_indirect_said_that(analyse: Analyse) -> None:
    text = "John Carter said that the bridge would reopen in May."
    quote = find(analyse(text), "the bridge would reopen")
    assert quote.kind == "indirect"
    assert quote.cue is not None and quote.cue.text == "said"
    assert quote.speaker.span is not None and quote.speaker.span.text == "John Carter"
    assert content(quote) == "that the bridge would reopen in May"


def test_indirect_without_that_and_participle_subject(analyse: Analyse) -> None:
    text = "Elena Hart, speaking in Oslo, confirmed she is still waiting for an answer."
    quote = find(analyse(text), "still waiting")
    assert quote.kind == "indirect" and quote.cue is not None and quote.cue.text == "confirmed"
    # The source span is the whole subject phrase (PolNeAR's convention).
    assert quote.speaker.span is not None and quote.speaker.span.text.startswith("Elena Hart")
    assert quote.speaker.actor_id is not None


def test_content_before_source(analyse: Analyse) -> None:
    text = "Two depots were hit overnight near the river, Ukrainian officials said."
    quote = find(analyse(text), "Two depots were hit")
    assert quote.speaker.actor_id == "country:UKR:GOV"
    assert quote.content[0].text.endswith("river")


def test_according_to(analyse: Analyse) -> None:
    text = "The talks will resume next week, according to Reuters."
    quote = find(analyse(text), "talks will resume")
    assert quote.cue is not None and quote.cue.text == "according to"
    assert quote.speaker.span is not None and quote.speaker.span.text == "Reuters"


def test_direct_with_cue_after_and_pronoun(analyse: Analyse) -> None:
    text = (
        "John Carter met the mayor on Monday. \u201cWe made real progress on the water supply,\u201d "
        "Carter said. \u201cNo, nothing is signed yet,\u201d he added."
    )
    carter = person("person:john-carter", "John Carter", text, "John Carter", "Carter")
    extraction = analyse(text, [carter])
    first = find(extraction, "We made real progress")
    second = find(extraction, "nothing is signed")
    assert first.kind == second.kind == "direct"
    assert second.cue is not None and second.cue.text == "added"
    assert second.speaker.span is not None and second.speaker.span.text == "he"
    assert second.speaker.actor_id == "person:john-carter"
    assert content(second).startswith("\u201c") and content(second).endswith(",\u201d")


def test_colon_introductions(analyse: Analyse) -> None:
    text = (
        "The governor defended the plan, telling reporters: \u201cWe have no other choice here, "
        "and we will not wait.\u201d Later he repeated it, stating: \u201cThe plan stays as it is today.\u201d"
    )
    extraction = analyse(text)
    telling = find(extraction, "no other choice")
    stating = find(extraction, "plan stays")
    assert telling.cue is not None and telling.cue.text == "telling"
    assert stating.cue is not None and stating.cue.text == "stating"
    assert telling.speaker.span is not None and telling.speaker.span.text == "The governor"


def test_interrupted_quote_is_one_quote_in_two_pieces(analyse: Analyse) -> None:
    text = "\u201cWe are ready to talk,\u201d the envoy said, \u201cbut not under these threats.\u201d"
    extraction = analyse(text)
    quote = find(extraction, "ready to talk")
    assert len(quote.content) == 2 and "not under these threats" in content(quote)
    assert len([q for q in extraction.quotes if "threats" in content(q)]) == 1


def test_multi_sentence_quote_carries_one_cue(analyse: Analyse) -> None:
    text = "\u201cIt was a long meeting. We covered a lot of ground. Nothing was agreed,\u201d the minister said."
    extraction = analyse(text)
    quote = find(extraction, "It was a long meeting")
    assert "Nothing was agreed" in content(quote) and quote.kind == "direct"
    assert len(extraction.quotes) == 1


def test_mixed_quote_and_its_fragment_is_not_a_second_quote(analyse: Analyse) -> None:
    text = "A Kremlin spokesman said that the pause was a \u201ctemporary measure\u201d and nothing more."
    extraction = analyse(text)
    assert len(extraction.quotes) == 1
    quote = extraction.quotes[0]
    assert quote.kind == "mixed"
    assert quote.speaker.actor_id == "country:RUS:GOV"


def test_label_in_quotation_marks_is_not_a_quote(analyse: Analyse) -> None:
    text = "The minister presented his \u201cgreen corridor\u201d export plan in June."
    assert analyse(text).quotes == []


def test_scare_quote_inside_indirect_quote_keeps_it_indirect(analyse: Analyse) -> None:
    text = "John Carter urged the council to back the \u201cclean city\u201d programme before summer."
    quotes = analyse(text).quotes
    assert all(q.kind != "mixed" for q in quotes)


def test_reporting_chain(analyse: Analyse) -> None:
    text = "Polish officials have claimed that Belarusian officials asked the observers to leave the hall."
    extraction = analyse(text)
    outer = find(extraction, "Belarusian officials asked")
    inner = find(extraction, "to leave the hall")
    assert inner.id != outer.id
    assert inner.reported_by == outer.id
    assert outer.speaker.actor_id == "country:POL:GOV"
    assert inner.speaker.actor_id == "country:BLR:GOV"


def test_nested_quotes_can_be_dropped(analyse: Analyse) -> None:
    text = "Polish officials have claimed that Belarusian officials asked the observers to leave the hall."
    extraction = analyse(text, nested=False)
    assert len(extraction.quotes) == 1 and extraction.quotes[0].reported_by is None


def test_pronoun_goes_to_the_latest_speaker(analyse: Analyse) -> None:
    text = (
        "John Carter spoke first and said the port must stay open.\n"
        "Peter Novak said that his side would not sign any deal this year.\n"
        "\u201cThe talks have to happen between the two capitals,\u201d he said."
    )
    actors = [
        person("person:john-carter", "John Carter", text, "John Carter"),
        person("person:peter-novak", "Peter Novak", text, "Peter Novak"),
    ]
    quote = find(analyse(text, actors), "two capitals")
    assert quote.speaker.actor_id == "person:peter-novak"


def test_group_speaker_from_institution(analyse: Analyse) -> None:
    text = "A White House spokesperson said that the shipment was delayed by a week."
    quote = find(analyse(text), "shipment was delayed")
    assert quote.speaker.actor_id == "country:USA:GOV"
    assert quote.kind == "indirect"


def test_media_report_quoting_a_fragment_stays_indirect(analyse: Analyse) -> None:
    text = "The two sides made \u201cno headway\u201d on the border question, Reuters reported on Friday."
    quote = find(analyse(text), "made")
    assert quote.kind == "indirect"
    assert quote.speaker.span is not None and quote.speaker.span.text == "Reuters"


def test_quote_date_is_left_for_the_time_stage(analyse: Analyse) -> None:
    quote = find(analyse("John Carter said that the bridge would reopen in May."), "bridge")
    assert quote.date is None


def test_first_person_inside_a_quote_is_the_speaker(analyse: Analyse) -> None:
    text = "John Carter met the mayor. \u201cI told them my plan is ready,\u201d Carter said."
    carter = person("person:john-carter", "John Carter", text, "John Carter", "Carter")
    analyse(text, [carter])
    start = text.index("I told")
    assert any(m.start == start and m.text == "I" for m in carter.mentions)
    my = text.index("my plan")
    assert any(m.start == my for m in carter.mentions)


def test_quote_ids_are_unique_even_for_two_readings_of_one_region():
    from dateline.nlp.quotes import _unique_ids

    assert _unique_ids(["qa", "qb", "qa", "qa"]) == ["qa", "qb", "qa-2", "qa-3"]
