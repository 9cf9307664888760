"""Titles resolved to people (issue 15): a delayed-identification lede, 'the
former X' as the past holder, a title given to the person the article gave it
rather than a name inside it, 'the head of the EC' as the commission's
president."""

from __future__ import annotations

import pytest
from tests.nlp.quotes.conftest import Analyse, speaker_of

from dateline.model import Actor
from dateline.resolve.actors.gender import given_names
from dateline.resolve.past_offices import former_holder, holds_now


@pytest.fixture(scope="module")
def analyse(analyse_stages: Analyse) -> Analyse:
    return analyse_stages


@pytest.mark.model
def test_a_lede_title_is_the_person_named_next(analyse: Analyse) -> None:
    extraction = analyse(
        "The chief executive of a Ukrainian grain company has criticised the new export rules.\n\n"
        "Speaking to reporters, Taras Melnyk said the rules would hurt farmers.\n\n"
        '"We will lose the harvest," the chief executive said.\n'
    )
    assert speaker_of(extraction, "We will lose the harvest") == "Taras Melnyk"
    melnyk = next(a for a in extraction.actors if a.name == "Taras Melnyk")
    assert "executive" in melnyk.roles


@pytest.mark.model
def test_no_lede_person_when_the_lede_names_someone(analyse: Analyse) -> None:
    extraction = analyse(
        "The chief executive of a grain company met Taras Melnyk on Monday.\n\n"
        "Olga Hrytsenko said the talks went well.\n"
    )
    hrytsenko = next(a for a in extraction.actors if a.name == "Olga Hrytsenko")
    assert "executive" not in hrytsenko.roles


@pytest.mark.model
def test_the_former_president_is_the_past_holder(analyse: Analyse) -> None:
    # Medvedev: in the knowledge base as president of Russia 2008-2012
    extraction = analyse(
        "Vladimir Putin spoke on Monday. Dmitry Medvedev wrote on Telegram that the West would lose.\n\n"
        '"There is no other way," the former Russian president added.\n'
    )
    assert speaker_of(extraction, "There is no other way") == "Dmitry Medvedev"


@pytest.mark.model
def test_a_title_goes_to_its_holder_not_a_name_inside_it(analyse: Analyse) -> None:
    extraction = analyse(
        "The director of the agency Maria Lindqvist presented a report on Monday.\n\n"
        "The director of the Baltic Observatory said that the threat had grown.\n"
    )
    assert speaker_of(extraction, "the threat had grown") == "Maria Lindqvist"


@pytest.mark.model
def test_the_head_of_the_ec_is_the_commission_president(analyse: Analyse) -> None:
    extraction = analyse(
        "Ursula von der Leyen: Europe must end its reliance on Russian gas\n\n"
        "In her speech, the head of the EC said that Europe would diversify its supplies.\n"
    )
    assert speaker_of(extraction, "Europe would diversify") == "Ursula von der Leyen"


def test_former_holder_needs_every_word_of_the_office() -> None:
    medvedev = Actor(id="person:dmitry-medvedev", name="Dmitry Medvedev", kind="person")
    putin = Actor(id="person:vladimir-putin", name="Vladimir Putin", kind="person")
    assert holds_now(putin, "president", "2023-07-31")
    assert not holds_now(medvedev, "president", "2023-07-31")
    assert former_holder("president", [medvedev, putin], {"RUS"}, "2023-07-31", {"the", "former", "president"}) is medvedev
    # "the former minister" is no former prime minister
    assert former_holder("minister", [medvedev], set(), "2023-07-31", {"the", "former", "minister"}) is None
    assert former_holder("president", [medvedev], {"USA"}, "2023-07-31", {"former", "president"}) is None


@pytest.mark.model
def test_the_person_asked_answers(analyse: Analyse) -> None:
    extraction = analyse(
        'Taras Melnyk spoke at the conference. "We will not give up," Melnyk said.\n\n'
        "Vladimir Putin has demanded guarantees, saying the West broke its promises.\n\n"
        "Christiane Lindqvist also asked Melnyk about the sanctions against Putin. "
        'He said he was "grateful for every package."\n'
    )
    assert speaker_of(extraction, "grateful for every package") == "Taras Melnyk"
    lindqvist = next(a for a in extraction.actors if a.name == "Christiane Lindqvist")
    assert lindqvist.gender == "f"


@pytest.mark.model
def test_the_spokesperson_continues_an_unnamed_spokesperson(analyse: Analyse) -> None:
    extraction = analyse(
        "Antony Blinken met his counterpart on Monday.\n\n"
        'Asked about the talks, a State Department spokesperson said, "We remain open to meeting again." '
        'The spokesperson added, "Nothing about Ukraine without Ukraine."\n'
    )
    assert speaker_of(extraction, "Nothing about Ukraine without Ukraine") != "Antony Blinken"
    assert speaker_of(extraction, "Nothing about Ukraine without Ukraine") == speaker_of(extraction, "We remain open")


@pytest.mark.model
def test_the_top_us_diplomat_is_the_secretary_of_state(analyse: Analyse) -> None:
    extraction = analyse("The war goes on.\n\nThe top US diplomat said that the aid would continue.\n")
    assert speaker_of(extraction, "the aid would continue") == "Antony Blinken"  # published 2022-05-01


@pytest.mark.model
def test_it_said_continues_a_ministry_only_the_quotes_stage_named(analyse: Analyse) -> None:
    extraction = analyse(
        'Export controls take effect on Tuesday, the Ministry of Commerce said in a statement. '
        "It said exports would still be allowed.\n"
    )
    assert speaker_of(extraction, "exports would still be allowed") == "Ministry of Commerce"


@pytest.mark.model
def test_a_name_s_last_words_are_that_person(analyse: Analyse) -> None:
    extraction = analyse(
        "The report came as Beth Van Schaack, the US ambassador-at-large, spoke in Kyiv.\n\n"
        "Van Schaack said the investigations would take years.\n"
    )
    people = [a for a in extraction.actors if "Schaack" in a.name]
    assert [a.name for a in people] == ["Beth Van Schaack"]
    assert speaker_of(extraction, "the investigations would take years") == "Beth Van Schaack"


def test_census_common_words_are_no_given_names() -> None:
    names = given_names()
    for word in ("council", "general", "captain", "governor", "colonel", "admiral"):
        assert word not in names
    for name in ("mark", "grace", "rose", "john", "olena"):
        assert name in names
