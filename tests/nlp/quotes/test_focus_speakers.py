"""He/she given to the person in focus, not to a name the speaker's own words
hold. Texts are our own."""

from __future__ import annotations

import pytest
from tests.nlp.quotes.conftest import Analyse, speaker_of


@pytest.fixture(scope="module")
def analyse(analyse_stages: Analyse) -> Analyse:
    return analyse_stages


@pytest.mark.model
def test_he_closing_dash_words_is_whom_the_sentence_before_is_about(analyse: Analyse) -> None:
    extraction = analyse(
        "Warsaw, 3 May - The talks ended without a deal.\n\n"
        "On the radio Marek Zielinski was talking about the border.- If the troops stay, Dmitry Orlov "
        "will go on with his pressure, and the talks will fail.We have to be ready - he said.\n\n"
        "The minister left for Brussels."
    )
    assert speaker_of(extraction, "We have to be ready") == "Marek Zielinski"


@pytest.mark.model
def test_a_name_closing_the_subjects_title_takes_the_next_he(analyse: Analyse) -> None:
    extraction = analyse(
        "Spokesman Tom Harlan grew emotional as he asked how anyone could justify the shelling.\n\n"
        "But Russia's ambassador to the US Sergei Kravets has rejected the accusation.\n\n"
        "He described Mr Harlan's words as \"offensive and unacceptable\"."
    )
    assert speaker_of(extraction, "Harlan's words") == "Sergei Kravets"


@pytest.mark.model
def test_a_body_named_with_the_in_quoted_words_is_nobody_he_refers_to(analyse: Analyse) -> None:
    extraction = analyse(
        "In 2009, Ivan Petrenko laid out his grievances at a forum in Vienna.\n\n"
        "\u201cThe expansion has nothing to do with the reform of the Coalition itself,\u201d he said."
    )
    assert speaker_of(extraction, "The expansion has nothing") == "Ivan Petrenko"


@pytest.mark.model
def test_he_after_a_passive_speech_verb_is_its_agent_not_the_speaker_before(analyse: Analyse) -> None:
    extraction = analyse(
        "Warsaw, 3 May - The talks ended without a deal.\n\n"
        "The leader of Ruritania Anton Halas announced that his country did not want a war.The wish to avoid "
        "a conflict was also expressed by the foreign minister of Ruritania Pavel Drozd.He emphasized, however, "
        "that new sanctions would end the talks."
    )
    assert speaker_of(extraction, "did not want a war") == "Anton Halas"
    assert speaker_of(extraction, "new sanctions would end") == "Pavel Drozd"
