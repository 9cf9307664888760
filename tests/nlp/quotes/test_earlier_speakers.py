"""Speakers read back through the article (publications, groups named before),
participle cues after a parenthetical 'X said', closing cues the tagger or the
tokenizer hid. Texts are our own."""

from __future__ import annotations

import pytest
from tests.nlp.quotes.conftest import Analyse, stage_runner

STAGES = ("segment", "actors", "coref", "quotes")


@pytest.fixture(scope="module")
def analyse(nlp) -> Analyse:  # type: ignore[no-untyped-def]
    return stage_runner(nlp, STAGES, published="2022-05-01")


def speaker_of(extraction, words: str) -> str | None:  # type: ignore[no-untyped-def]
    quote = next(q for q in extraction.quotes if any(words in c.text for c in q.content))
    return quote.speaker.name


@pytest.mark.model
def test_the_tokenizer_splits_a_mark_glued_to_the_next_sentence(nlp) -> None:  # type: ignore[no-untyped-def]
    words = [t.text for t in nlp('The cost will be high."Larsen also said it was late.')]
    assert words[words.index("high") + 1 : words.index("also")] == [".", '"', "Larsen"]
    assert [t.text for t in nlp("a well-known e-mail")] == ["a", "well", "-", "known", "e", "-", "mail"]


@pytest.mark.model
def test_a_participle_after_a_parenthetical_cue_is_the_sayers(analyse: Analyse) -> None:
    extraction = analyse(
        "Public backing would be crucial, Tomas Okafor said, warning that the split could be "
        "\u201cas costly as the debt crisis\u201d."
    )
    assert speaker_of(extraction, "the split could be") == "Tomas Okafor"


@pytest.mark.model
def test_a_closing_cue_with_a_long_subject_the_tagger_read_as_a_noun(analyse: Analyse) -> None:
    extraction = analyse(
        "Kyiv, 12 March - The anniversary was marked across the country.\n\n"
        "\"The aggressor failed to reach its aims. We stay committed to peace and to our partners "
        "in the coalition.\" the Ministry of Foreign Affairs of Ukraine underlines."
    )
    name = speaker_of(extraction, "The aggressor failed")
    assert name is not None and "Ministry of Foreign Affairs" in name


@pytest.mark.model
def test_a_statement_read_back_to_whoever_issued_it(analyse: Analyse) -> None:
    extraction = analyse(
        "Norway's foreign ministry issued a statement on Friday.\n\n"
        "\"The first attack on a neighbour in decades hit the security of all of Europe,\" "
        "reads the statement."
    )
    quote = next(q for q in extraction.quotes if any("first attack" in c.text for c in q.content))
    assert quote.cue is not None and quote.cue.text == "reads"
    assert quote.speaker.actor_id is not None and "NOR" in quote.speaker.actor_id.upper()


@pytest.mark.model
def test_reading_a_book_is_no_cue(analyse: Analyse) -> None:
    extraction = analyse('"It was a long winter in the valley," reads the first line of the novel.')
    assert all(q.cue is None or q.cue.text != "reads" for q in extraction.quotes)


@pytest.mark.model
def test_the_sources_are_the_group_named_before(analyse: Analyse) -> None:
    extraction = analyse(
        "British defence sources later sought to clarify the minister's words on Sunday.\n\n"
        "The sources said the army was not involved in the strike."
    )
    assert speaker_of(extraction, "army was not involved") == "British defence sources"


@pytest.mark.model
def test_the_sources_with_no_group_named_before_stay_unresolved(analyse: Analyse) -> None:
    extraction = analyse("The weather was cold on Sunday.\n\nThe sources said the army was not involved in the strike.")
    assert speaker_of(extraction, "army was not involved") is None
