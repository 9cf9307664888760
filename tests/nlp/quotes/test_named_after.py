"""Speakers named after their cue or by what they are: an inverted cue the
parser left without a subject, an outlet's informant, a news outlet called
'the newspaper', a title resolved to a country's government, a title then the
quotation of someone named there first, and the speaker in focus against a
name met only in a question or a background clause."""

from __future__ import annotations

import pytest
from tests.nlp.quotes.conftest import Analyse, speaker_of


@pytest.fixture(scope="module")
def analyse(analyse_stages: Analyse) -> Analyse:
    return analyse_stages


@pytest.mark.model
def test_a_name_after_an_inverted_dash_cue(analyse: Analyse) -> None:
    extraction = analyse(
        "Estonian intelligence chief Karl Vesik spoke on Wednesday.\n\n"
        "- Another possibility may be an escalation along the border. Such escalation is very likely - added Vesik.\n"
    )
    assert speaker_of(extraction, "Another possibility") == "Karl Vesik"


@pytest.mark.model
def test_the_first_of_two_names_after_an_inverted_cue(analyse: Analyse) -> None:
    extraction = analyse(
        'Karl Vesik and Ivan Orlov published a study of the war.\n\n'
        '"The war will end soon," write Vesik and his co-author Ivan Orlov. "But not this year."\n'
    )
    assert speaker_of(extraction, "The war will end soon") == "Karl Vesik"


@pytest.mark.model
def test_a_title_closed_by_a_name_after_an_inverted_cue(analyse: Analyse) -> None:
    extraction = analyse(
        '"Russia is the only country," tweeted the exiled Russian dissident and oligarch Pavel Ledenev, '
        '"where people flee."\n'
    )
    assert speaker_of(extraction, "the only country") == "Pavel Ledenev"


@pytest.mark.model
def test_the_outlet_reports_what_it_learned_from_someone(analyse: Analyse) -> None:
    extraction = analyse(
        "Belarus is ready to host the talks, BelTA learned from Belarus President Aleksandr Lukashenko "
        "on 26 February.\n"
    )
    assert speaker_of(extraction, "ready to host") == "Alexander Lukashenko"


@pytest.mark.model
def test_the_newspaper_is_the_outlet_named_before(analyse: Analyse) -> None:
    extraction = analyse(
        "China sold drones worth over $12 million to Russia, the New York Times said on Tuesday.\n\n"
        '"It is not known whether the drones contain American parts," the newspaper wrote.\n'
    )
    assert speaker_of(extraction, "not known whether") == "The New York Times"


@pytest.mark.model
def test_a_title_given_a_government_is_the_compatriot_who_spoke(analyse: Analyse) -> None:
    extraction = analyse(
        "British Foreign Secretary Liz Truss met Sergei Lavrov in Moscow on Thursday.\n\n"
        'Truss maintained that "Russia still has the opportunity to stop."- We see an increase in the '
        "number of soldiers on the border - the British minister emphasized.\n"
    )
    assert speaker_of(extraction, "an increase in the number") == "Liz Truss"


@pytest.mark.model
def test_a_title_then_the_quotation_of_the_one_named_there(analyse: Analyse) -> None:
    extraction = analyse(
        "Russian President Vladimir Putin met officials on Monday.\n\n"
        "The first grain ships will leave the ports this week, the infrastructure minister said on Monday.\n\n"
        '"We are preparing for everything to start this week," said Taras Melnyk, who led the delegation.\n'
    )
    assert speaker_of(extraction, "first grain ships") == "Taras Melnyk"


@pytest.mark.model
def test_a_name_in_a_question_is_not_the_speaker_in_focus(analyse: Analyse) -> None:
    extraction = analyse(
        "US President Joe Biden spoke at the White House on Friday.\n\n"
        '"Russian soldiers have circled Ukraine," he said.\n\n'
        "The US president was asked whether Vladimir Putin had already made the decision to invade.- I am "
        "convinced that he has already made the decision - he replied. He emphasized that the intelligence "
        "data supports this.\n"
    )
    assert speaker_of(extraction, "intelligence data supports") == "Joe Biden"


@pytest.mark.model
def test_a_name_in_a_background_clause_is_not_the_speaker_in_focus(analyse: Analyse) -> None:
    extraction = analyse(
        'Pope Francis condemned "armed conquest" on Thursday.\n\n'
        '"Reconciliation among Christians is a timely consideration," the Pope told a delegation.\n\n'
        "The Pope's comments mark a more forceful condemnation of Russia since Putin invaded Ukraine.\n\n"
        "He had raised eyebrows last month when he suggested to an Italian newspaper that the "
        '"barking of NATO at Russia\'s door" may have forced Russia to invade.\n'
    )
    assert speaker_of(extraction, "may have forced") == "Pope Francis"


@pytest.mark.model
def test_a_lone_unseen_name_after_an_inverted_cue_is_the_one_in_focus(analyse: Analyse) -> None:
    extraction = analyse(
        "Pope Francis met the clergy in Astana.\n\n"
        "- I am not interested in defending the pope - he told the clergy.\n\n"
        "- When the bishop arrived, I handed him a file with my statements - said Franciszek.\n"
    )
    assert speaker_of(extraction, "handed him a file") == "Pope Francis"


@pytest.mark.model
def test_a_title_naming_its_own_body_is_not_the_next_one_named(analyse: Analyse) -> None:
    extraction = analyse(
        "Russian President Vladimir Putin met officials on Monday.\n\n"
        "The head of Ukraine railways says five stations came under fire in the space of an hour.\n\n"
        "Russia also destroyed an oil refinery in central Ukraine, Russian Defence Ministry spokesman "
        "Maj Gen Pavel Lebedko said.\n"
    )
    assert speaker_of(extraction, "five stations") != "Maj Gen Pavel Lebedko"


@pytest.mark.model
def test_a_circumstance_between_an_inverted_cue_and_the_name(analyse: Analyse) -> None:
    extraction = analyse(
        "Russia criticised the aid on Monday.\n\n"
        "- We believe that the United States deliberately adds oil to the fire - said in June the spokesman "
        "of the Estonian navy Oleg Durov, indicating that the deliveries increase the risk.\n"
    )
    assert speaker_of(extraction, "adds oil to the fire") == "Oleg Durov"


@pytest.mark.model
def test_the_ministry_is_the_latest_body_of_that_name(analyse: Analyse) -> None:
    extraction = analyse(
        "The remarks came hours after Russia's Defense Ministry accused Kyiv of attacking Moscow with drones. "
        "Three drones were intercepted Sunday, but an office block in the west of the capital was hit, "
        "the ministry said.\n\n"
        '"The risk of drones being converted to military use is increasing," the Ministry of Commerce said.\n\n'
        "Restrictions will apply to drones that can fly for more than 30 minutes, according to the ministry.\n"
    )
    assert speaker_of(extraction, "Three drones") == "Russia's Defense Ministry"
    assert speaker_of(extraction, "Restrictions will apply") == "Ministry of Commerce"
