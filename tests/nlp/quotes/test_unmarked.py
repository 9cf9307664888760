"""Speech without quotation marks and cues set inside the reported sentence
(our own sentences): transcript lines, colon introductions, parenthetical cues,
participles whose speaker is elsewhere in the sentence."""

from __future__ import annotations

import pytest

from .conftest import Analyse
from .test_quotes import content, find

pytestmark = pytest.mark.model


def test_transcript_lines_speak_for_their_label(analyse: Analyse) -> None:
    text = (
        "Part of the interview follows.\n\n"
        "HOST: Will the ferry run again before the winter storms arrive?\n\n"
        "MARLOWE: Well, look, the ferry will run again in March, and the harbour board agrees with us.\n\n"
        "UPDATE: This story was changed to add the minister's title."
    )
    extraction = analyse(text)
    host = find(extraction, "Will the ferry run again")
    assert host.speaker.span is not None and host.speaker.span.text == "HOST"
    assert host.cue is not None and host.cue.text == ":" and host.kind == "direct"
    marlowe = find(extraction, "ferry will run again in March")
    assert marlowe.speaker.span is not None and marlowe.speaker.span.text == "MARLOWE"
    assert content(marlowe).startswith("Well, look") and content(marlowe).endswith("agrees with us")
    # A label that names nobody is not a speaker.
    assert not any(q.speaker.span is not None and q.speaker.span.text == "UPDATE" for q in extraction.quotes)


def test_quoted_transcript_lines_are_lines_not_one_long_quotation(analyse: Analyse) -> None:
    # Transcripts often open every line with a mark that never closes.
    text = (
        '"HOST: Will the ferry run again before the winter storms arrive this year?\n\n'
        '"MARLOWE: The ferry will run again in March, once the new pier is finished.\n'
    )
    extraction = analyse(text, mode="attribution", nested=False)
    speakers = [q.speaker.span.text for q in extraction.quotes if q.speaker.span is not None]
    assert speakers == ["HOST", "MARLOWE"]
    assert all("\n" not in content(q) for q in extraction.quotes)


def test_colon_introduction_of_unquoted_words_runs_to_the_paragraph_end(analyse: Analyse) -> None:
    text = (
        "The governor added:\n\n"
        "It is the worst season we have had in twenty years, and the repairs will take months.\n\n"
        "Ferries resumed on Monday."
    )
    quote = find(analyse(text), "worst season")
    assert quote.speaker.span is not None and quote.speaker.span.text == "The governor"
    assert quote.cue is not None and quote.cue.text == "added:"
    assert content(quote).endswith("will take months")
    assert "Ferries resumed" not in content(quote)


def test_cue_inside_the_reported_sentence_splits_the_content(analyse: Analyse) -> None:
    text = "The new pier, Mr. Hollis said, would double the number of ferries by next summer."
    quote = find(analyse(text), "double the number")
    assert [s.text for s in quote.content] == ["The new pier", "would double the number of ferries by next summer"]
    assert quote.speaker.span is not None and quote.speaker.span.text == "Mr. Hollis"
    assert quote.cue is not None and quote.cue.text == "said"


def test_cue_after_a_quotation_stays_in_its_paragraph(analyse: Analyse) -> None:
    text = (
        "\u201cThe harbour will be ready before the storms,\u201d the mayor said. "
        "\u201cEvery boat will have a berth by November.\u201d\n\n"
        "The fishermen's union noted the mayor's promise and asked for a written plan."
    )
    extraction = analyse(text)
    quote = find(extraction, "The harbour will be ready")
    # The second quotation goes on with the mayor's words; the union's verb in
    # the next paragraph is not its cue.
    assert "Every boat will have a berth" in content(quote)
    assert quote.speaker.span is not None and quote.speaker.span.text == "the mayor"


def test_participle_after_a_preposition_speaks_for_the_main_subject(analyse: Analyse) -> None:
    text = "Marta Silva answered her critics by telling them that the budget was already balanced."
    quote = find(analyse(text, mode="attribution"), "budget was already balanced")
    assert quote.speaker.span is not None and quote.speaker.span.text == "Marta Silva"


def test_headline_labels_are_not_transcript_speakers(analyse: Analyse) -> None:
    text = (
        "HARBOUR: FERRIES TO RESUME IN MARCH AFTER STORM DAMAGE\n\n"
        "EXCLUSIVE: The harbour board met on Monday to plan the repairs of the pier.\n\n"
        "The ferries stopped running in October."
    )
    extraction = analyse(text)
    assert not any(q.cue is not None and q.cue.text == ":" for q in extraction.quotes)


def test_colon_needs_someone_who_can_speak(analyse: Analyse) -> None:
    text = (
        "This all clearly points:\n\n"
        "The pier will need to be rebuilt before the next winter comes to the coast.\n"
    )
    assert not analyse(text).quotes


def test_signed_quotations_are_each_their_signers(analyse: Analyse) -> None:
    text = (
        "Readers told us what they think of the new ferry timetable.\n\n"
        "\u201cThe morning boat leaves far too early for anyone with children.\u201d \u2015 Ada P. Lindqvist\n\n"
        "\u201cI have waited two winters for a ferry that runs on Sundays.\u201d \u2015 Tomas Berg.\n"
    )
    extraction = analyse(text)
    first = find(extraction, "far too early")
    second = find(extraction, "two winters")
    assert first is not second
    assert first.speaker.span is not None and first.speaker.span.text == "Ada P. Lindqvist"
    assert second.speaker.span is not None and second.speaker.span.text == "Tomas Berg"
    assert first.cue is not None and first.cue.text == "\u2015" and first.kind == "direct"


def test_source_leaves_out_datelines_and_participle_asides(analyse: Analyse) -> None:
    text = (
        "OSLO -- Mayor Ingrid Dahl said the harbour would reopen in May.\n\n"
        "Dahl, speaking to fishermen at the quay, said the repairs were on schedule."
    )
    extraction = analyse(text)
    reopen = find(extraction, "reopen in May")
    assert reopen.speaker.span is not None and reopen.speaker.span.text == "Mayor Ingrid Dahl"
    schedule = find(extraction, "on schedule")
    assert schedule.speaker.span is not None and schedule.speaker.span.text == "Dahl"


def test_transcript_labels_resolve_to_the_people_named_before(analyse: Analyse) -> None:
    from .conftest import person

    text = (
        "Governor Nina Holt spoke with the host Carl Wendt on Sunday.\n\n"
        "WENDT: Will the new pier be finished before the winter storms?\n\n"
        "HOLT: Yes, the pier will be finished in November, and the ferries will run all winter.\n"
    )
    actors = [
        person("person:nina-holt", "Nina Holt", text, "Nina Holt"),
        person("person:carl-wendt", "Carl Wendt", text, "Carl Wendt"),
    ]
    extraction = analyse(text, actors=actors)
    assert find(extraction, "finished in November").speaker.actor_id == "person:nina-holt"
    assert find(extraction, "before the winter storms").speaker.actor_id == "person:carl-wendt"


def test_quotation_after_a_cue_read_twice_still_joins(analyse: Analyse) -> None:
    # The cue after the first quotation can also be read as introducing the
    # second one ('"A," he said, "B."'); it is still one quote in two pieces.
    text = (
        "\u201cThe pier is finished,\u201d the harbour master said, "
        "\u201cand the ferries will run from Monday, every hour until midnight.\u201d"
    )
    extraction = analyse(text, mode="attribution", nested=False)
    quote = find(extraction, "The pier is finished")
    assert len(quote.content) == 2 and "every hour" in content(quote)
    assert len([q for q in extraction.quotes if "every hour" in content(q)]) == 1
