"""Speakers read back through the article (publications, groups named before),
bodies an unnamed agent speaks for, participle cues after a parenthetical 'X
said', closing cues the tagger or the tokenizer hid. Texts are our own."""

from __future__ import annotations

import pytest
from tests.nlp.quotes.conftest import Analyse, speaker_of


@pytest.fixture(scope="module")
def analyse(analyse_stages: Analyse) -> Analyse:
    return analyse_stages


@pytest.mark.model
def test_a_name_with_an_opening_mark_glued_to_it_is_that_person(analyse: Analyse) -> None:
    extraction = analyse(
        "The ministry said that the call between Erik Larsen and his counterpart had ended.\n\n"
        'It was stated that "the costs will be high."Larsen also said that the attack would cause suffering.'
    )
    assert speaker_of(extraction, "the attack would cause") == "Erik Larsen"


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


@pytest.mark.model
def test_the_authors_speak_through_the_first_person_given_that_role(analyse: Analyse) -> None:
    extraction = analyse(
        "\u201cVoters have surprised everyone so far,\u201d said Tomas Okafor, a co-author of a report by the "
        "Institute of Peace.\n\n"
        "That view did not reflect the position of the governments, the authors said."
    )
    assert speaker_of(extraction, "That view did not") == "Tomas Okafor"


@pytest.mark.model
def test_the_statement_is_whoever_issued_the_last_publication_named(analyse: Analyse) -> None:
    extraction = analyse(
        "In a tweet on Tuesday the Russian Ministry of Foreign Affairs said that the president had warned the West.\n\n"
        "\"NATO believes that it has a right to teach us where we can deploy our armed forces,\" the statement added."
    )
    name = speaker_of(extraction, "NATO believes")
    assert name is not None and "Foreign" in name


@pytest.mark.model
@pytest.mark.parametrize(
    ("sentence", "words", "body"),
    [
        ("The head of Ukraine railways says five stations came under fire.", "five stations", "Ukraine railways"),
        ("During a call, representatives of the White House stated that the withdrawal was not real.",
         "withdrawal was not real", "White House"),
        ("A representative of the Ukrainian General Staff said the attack was repelled.", "attack was repelled",
         "Ukrainian General Staff"),
        ("According to the press service of the Ukrainian Navy, the ship was hit twice.", "ship was hit",
         "Ukrainian Navy"),
    ],
)
def test_an_unnamed_agent_speaks_for_the_body_its_phrase_names(
    analyse: Analyse, sentence: str, words: str, body: str
) -> None:
    assert speaker_of(analyse(sentence), words) == body


@pytest.mark.model
def test_an_agent_of_a_lower_case_body_or_a_person_names_no_body(analyse: Analyse) -> None:
    assert speaker_of(analyse("The head of the department said the budget was cut."), "budget was cut") is None
    extraction = analyse("Dana Whitlock was charged on Monday. A lawyer for Dana Whitlock said she was innocent.")
    quote = next(q for q in extraction.quotes if any("innocent" in c.text for c in q.content))
    assert quote.speaker.actor_id is None or not quote.speaker.actor_id.startswith("prov:org:")


@pytest.mark.model
def test_an_agentless_passive_goes_to_the_subject_before(analyse: Analyse) -> None:
    extraction = analyse(
        "The European Council reminded in a communication on Thursday that the measures began in 2014.\n\n"
        "\"Since February the measures have been expanded a great deal\" - it was indicated."
    )
    assert speaker_of(extraction, "measures have been expanded") == "European Council"


@pytest.mark.model
def test_we_are_told_is_no_agentless_passive(analyse: Analyse) -> None:
    extraction = analyse("The European Council met on Thursday. We are told that the door is open.")
    assert speaker_of(extraction, "the door is open") is None


@pytest.mark.model
def test_a_description_naming_another_country_is_not_the_person_in_focus(analyse: Analyse) -> None:
    extraction = analyse(
        "The Lithuanian Minister of Defence Arvydas Vaitkus warned of drills.\n\n"
        "The head of Russian diplomacy said that the West was lying."
    )
    assert speaker_of(extraction, "the West was lying") != "Arvydas Vaitkus"


@pytest.mark.model
def test_a_title_given_since_the_last_speaker_beats_the_last_speaker(analyse: Analyse) -> None:
    extraction = analyse(
        "Defence Minister Jan Kowal visited the base. \"We need more tanks,\" he said.\n\n"
        "Anna Berg, the head of the regional council, opened the bridge on Friday. Traffic resumed an hour later.\n\n"
        "The council head said that repairs would take a month."
    )
    assert speaker_of(extraction, "repairs would take") == "Anna Berg"


@pytest.mark.model
def test_a_foreign_ministry_spokesman_is_not_the_president_who_spoke_before(analyse: Analyse) -> None:
    extraction = analyse(
        "The Ukrainian President said that the army would hold the line.\n\n"
        "The Russian Defence Ministry's spokesman said that the strikes hit depots."
    )
    assert "Zelensk" not in (speaker_of(extraction, "strikes hit depots") or "")


@pytest.mark.model
def test_the_country_is_the_latest_country_named(analyse: Analyse) -> None:
    extraction = analyse(
        "Norway sent more ships to the coast on Monday.\n\nThe country said that the move was defensive."
    )
    assert speaker_of(extraction, "move was defensive") == "Norway"
    extraction = analyse("The weather was cold on Monday.\n\nThe country said that the move was defensive.")
    assert speaker_of(extraction, "move was defensive") is None


@pytest.mark.model
def test_according_to_a_description_is_the_speaker_in_focus(analyse: Analyse) -> None:
    extraction = analyse(
        "Paweł Nowicki, a member of parliament from the opposition, spoke on Monday. \"The funds are at risk,\" "
        "he said.\n\nAccording to the politician, the government should change the law at once."
    )
    assert speaker_of(extraction, "the government should change") == "Paweł Nowicki"


@pytest.mark.model
def test_a_name_colon_headline_is_that_persons_words(analyse: Analyse) -> None:
    extraction = analyse(
        "The US president spoke at the White House on Friday about the troops near the border.\n\n"
        "Crisis at the border.Joe Biden: I am convinced that Putin has already made a decision\n\n"
        "\"Soldiers have surrounded the country,\" he said."
    )
    assert speaker_of(extraction, "Soldiers have surrounded") == "Joe Biden"


@pytest.mark.model
def test_a_headline_label_naming_nobody_quotes_nothing(analyse: Analyse) -> None:
    extraction = analyse(
        "Erik Larsen met the envoy in Oslo on Monday.\n\n"
        "Sanctions Package: the bloc adopts new measures against the regime\n\n"
        "\"We will not give in,\" he said."
    )
    assert speaker_of(extraction, "We will not give in") == "Erik Larsen"
