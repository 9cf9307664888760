"""More of the translated-news layout (our own sentences): words with no opening
dash closed by a dash and their cue, cues after a long noun phrase, dash asides
inside the words, quotations glued to the sentence before, a cue glued to the
next dash, the speaker named after an inverted cue inside a dash quotation, the
one told before the speaker, and the sentence introducing a glued dash
quotation."""

from __future__ import annotations

import pytest

from .conftest import Analyse, source_text, speaker_of
from .test_quotes import content, find

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def staged(analyse_stages: Analyse) -> Analyse:
    return analyse_stages


def test_words_without_an_opening_dash_closed_by_their_cue(analyse: Analyse) -> None:
    text = (
        "Harbour\n\n"
        "The ferries will not sail this week, but the repairs will go on - said on Friday the mayor of Gdynia Anna Kowalska."
        "She added that the port is safe.\n"
    )
    quote = find(analyse(text), "The ferries will not sail")
    assert content(quote) == "The ferries will not sail this week, but the repairs will go on"
    assert quote.cue is not None and quote.cue.text == "said"


def test_a_dateline_before_a_dash_is_no_quotation(analyse: Analyse) -> None:
    text = "GDYNIA, 3 May (PAP) - The mayor of Gdynia Anna Kowalska addressed the council on Monday.\n"
    assert not any(content(q).startswith("GDYNIA") for q in analyse(text).quotes)


def test_en_dash_asides_of_native_news_are_no_quotation(analyse: Analyse) -> None:
    text = "The council said the port would reopen in May \u2013 something the mayor called \u201cgood news.\u201d\n"
    assert not any(content(q).startswith("The council said") for q in analyse(text).quotes)


def test_a_long_noun_phrase_before_the_dash_cue(analyse: Analyse) -> None:
    text = (
        "Talks\n\n"
        "- We cannot accept this proposal. It is unfair to our farmers - the head of the agriculture "
        "ministry Jan Nowak emphasized.\n\n"
        "- The border will stay open. We will help every refugee - Anna Kowalska regretted during the meeting.\n"
    )
    extraction = analyse(text)
    first = find(extraction, "We cannot accept")
    assert content(first) == "We cannot accept this proposal. It is unfair to our farmers"
    assert first.cue is not None and first.cue.text == "emphasized"
    second = find(extraction, "The border will stay open")
    assert content(second) == "The border will stay open. We will help every refugee"
    assert source_text(second) == "Anna Kowalska"


def test_a_dash_aside_inside_the_words_does_not_close_them(analyse: Analyse) -> None:
    text = "Talks\n\n- If they keep their word - and I think nobody else can do it - then we will be satisfied - he added.\n"
    quote = find(analyse(text), "If they keep their word")
    assert content(quote).endswith("then we will be satisfied")


def test_a_quotation_glued_to_the_sentence_before(analyse: Analyse) -> None:
    text = (
        "The mayor spoke on Monday.The port will reopen."
        "\"The conditions are unpredictable and can change very quickly\" - warned the harbour office.\n"
    )
    quote = find(analyse(text), "The conditions are unpredictable")
    assert content(quote) == "\"The conditions are unpredictable and can change very quickly\""
    assert source_text(quote) == "the harbour office"


def test_a_cue_glued_to_the_next_dash(analyse: Analyse) -> None:
    text = (
        "The talks went on.\"Their actions contradict their words,\" she said.- If the blockade goes on, "
        "we will answer - the minister added.\n"
    )
    extraction = analyse(text)
    quote = find(extraction, "Their actions contradict")
    assert quote.cue is not None and quote.cue.text == "said" and source_text(quote) == "she"


def test_the_name_after_an_inverted_cue_hung_on_it(staged: Analyse) -> None:
    extraction = staged(
        "PiS president Jaroslaw Kaczynski spoke in Warsaw on Saturday.\n\n"
        "- We just have to arm ourselves - said Kaczynski.\n\n"
        "Then he spoke about the army.- We will be very difficult to attack - said PiS president.\n"
    )
    assert speaker_of(extraction, "difficult to attack") == "Jarosław Kaczyński"


def test_the_one_told_before_the_speaker_after_an_inverted_cue() -> None:
    from dateline.backbone import load_spacy
    from dateline.config import Config
    from dateline.nlp.quotes.inverted import inverted_source

    doc = load_spacy(Config().spacy_model)("- Prices will rise - said the Reuters agency a senior official of the ministry.")
    verb = next(t for t in doc if t.lower_ == "said")
    found = inverted_source(verb)
    assert found is not None
    head, tokens = found
    assert tokens[0].lower_ == "a" and head.lower_ == "official"


def test_the_outlet_named_as_a_title_in_marks(staged: Analyse) -> None:
    extraction = staged(
        "The invasion could come from the north, we read in \"The Washington Post\".\n\n"
        "In winter the ground freezes.Heavy vehicles can cross the fields then - says the American daily.\n"
    )
    assert speaker_of(extraction, "Heavy vehicles can cross") == "The Washington Post"


def test_a_name_closing_the_sentence_before_a_glued_dash_quotation_stays_in_focus(staged: Analyse) -> None:
    extraction = staged(
        "Belarusian leader Alexander Lukashenko said his country did not want a war.\n\n"
        "Sergei Lavrov: no war from Russia\n\n"
        "Similar declarations were made by Russian Foreign Minister Sergei Lavrov.- If it depends on Russia, "
        "there will be no war. We do not want wars - he said.\n"
    )
    assert speaker_of(extraction, "If it depends on Russia") == "Sergei Lavrov"
