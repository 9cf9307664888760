"""Who a title relates to is not who speaks ("the adviser of President X said"),
an outlet described by its country is the outlet, and sentences glued without a
space keep their speaker (issue 15)."""

from __future__ import annotations

import pytest
from tests.nlp.quotes.conftest import Analyse, speaker_of


@pytest.fixture(scope="module")
def analyse(analyse_stages: Analyse) -> Analyse:
    return analyse_stages


@pytest.mark.model
def test_the_adviser_of_a_president_is_not_the_president(analyse: Analyse) -> None:
    extraction = analyse(
        "Explosions shook an air base in Crimea on Tuesday.\n\n"
        "In turn, the adviser of President Zelensky claims that Russia is hiding its losses.\n"
    )
    assert speaker_of(extraction, "Russia is hiding its losses") is None
    zelensky = next(a for a in extraction.actors if a.name.startswith("Volodymyr"))
    assert "adviser" not in zelensky.roles and "president" in zelensky.roles


@pytest.mark.model
def test_the_adviser_is_the_one_the_article_named(analyse: Analyse) -> None:
    extraction = analyse(
        "Mykhailo Podolyak, an adviser to the president, spoke on Monday.\n\n"
        "In turn, the adviser of President Zelensky claims that Russia is hiding its losses.\n"
    )
    assert speaker_of(extraction, "Russia is hiding its losses") == "Mykhailo Podolyak"


@pytest.mark.model
def test_a_spokesman_for_the_prime_minister_is_nobody_named(analyse: Analyse) -> None:
    extraction = analyse("The spokesman for Prime Minister Boris Johnson said that the talks had been useful.\n")
    assert speaker_of(extraction, "the talks had been useful") is None


@pytest.mark.model
def test_the_person_beside_a_relation_speaks(analyse: Analyse) -> None:
    extraction = analyse(
        "At a news conference on Friday, Gen Mark Milley - US President Joe Biden's most senior "
        "military officer - warned that an attack would be horrific.\n"
    )
    assert speaker_of(extraction, "an attack would be horrific") == "Mark Milley"


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "words", "speaker"),
    [
        # a title that closes with the name is that person's, "of" or not
        ("The Advisor of the President of Ukraine Mykhailo Podolyak said that the talks had been useful.\n",
         "the talks had been useful", "Mykhailo Podolyak"),
        ("The Minister of Foreign Affairs Sergei Lavrov said that the talks had been useful.\n",
         "the talks had been useful", "Sergei Lavrov"),
        ("The governor of Florida Ron Desantis described the war as a territorial dispute.\n",
         "the war as a territorial dispute", "Ron Desantis"),
        # a country owning the title is no relation to a person
        ("Micheál Martin visited Kyiv on Wednesday.\n\nIreland's premier said that he was shocked by what he saw.\n",
         "he was shocked", "Micheál Martin"),
    ],
)
def test_titles_that_name_their_holder_keep_them(analyse: Analyse, text: str, words: str, speaker: str) -> None:
    assert speaker_of(analyse(text), words) == speaker


@pytest.mark.model
def test_the_ukrainian_daily_is_the_outlet_named_before(analyse: Analyse) -> None:
    extraction = analyse(
        "Kyiv fears an attack from Belarus, says the Kyiv Independent. "
        "The Ukrainian daily reports that the president met his generals on Friday.\n"
    )
    assert speaker_of(extraction, "the president met his generals") == "The Kyiv Independent"


@pytest.mark.model
@pytest.mark.parametrize("noun", ["bank", "lender", "energy giant"])
def test_a_kind_of_company_is_the_company_named_before(analyse: Analyse, noun: str) -> None:
    extraction = analyse(
        f"Northwind Capital has about 200 staff in Russia, according to filings. The {noun} said it had been "
        "reducing its Russian business for a decade.\n"
    )
    assert speaker_of(extraction, "reducing its Russian business") == "Northwind Capital"


@pytest.mark.model
def test_a_sentence_glued_to_a_question_keeps_its_subject(analyse: Analyse) -> None:
    extraction = analyse(
        "Sergei Lavrov spoke to reporters in Moscow on Friday. Will the talks go on?"
        "He added that a new meeting was planned for March.\n"
    )
    quote = next(q for q in extraction.quotes if "a new meeting was planned" in q.content[0].text)
    assert quote.speaker.name == "Sergei Lavrov"
    assert quote.speaker.span is not None and quote.speaker.span.text == "He"
    assert not any(c.text.endswith("He") for q in extraction.quotes for c in q.content)
