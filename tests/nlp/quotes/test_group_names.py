"""Group speakers shown by the article's own name for them, and the extraction
classes found on news: accusations, complements the parser split, quotes
reported inside someone's quoted words, continuations and closing names."""

from __future__ import annotations

import pytest

from .conftest import Analyse, stage_runner
from .test_quotes import content, find

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def news(nlp) -> Analyse:  # type: ignore[no-untyped-def]
    """The stages as they run on news, the actors stage included."""
    return stage_runner(nlp, ("segment", "actors", "coref", "quotes"), published="2022-03-01")


def test_a_group_speaker_keeps_its_codes_and_the_articles_name(news: Analyse) -> None:
    text = (
        "A Kremlin spokesman said the drills had ended on schedule.\n\n"
        "A White House spokesperson said new measures would follow soon.\n\n"
        "The Norwegian government says there is no reason for the delay."
    )
    extraction = news(text)
    kremlin = find(extraction, "drills had ended")
    assert kremlin.speaker.name == "Kremlin" and kremlin.speaker.actor_id == "country:RUS:GOV"
    white_house = find(extraction, "new measures")
    assert white_house.speaker.name == "White House" and white_house.speaker.actor_id == "country:USA:GOV"
    norway = find(extraction, "no reason for the delay")
    assert norway.speaker.name == "Norwegian government"
    assert norway.speaker.actor_id is not None and norway.speaker.actor_id.startswith("country:NOR")


def test_they_and_it_keep_the_groups_name(news: Analyse) -> None:
    text = (
        "Ukrainian officials warned of a new push in the east on Friday. "
        "They said troops were gathering near the border.\n\n"
        "Sweden's foreign ministry said the envoy had been summoned. "
        "It also said the embassy would stay open."
    )
    extraction = news(text)
    they = find(extraction, "troops were gathering")
    assert they.speaker.actor_id == "country:UKR:GOV" and they.speaker.name == "Ukrainian officials"
    it = find(extraction, "embassy would stay open")
    assert it.speaker.name == "Sweden's foreign ministry"


def test_an_unnamed_agent_speaks_for_the_body_it_names(news: Analyse) -> None:
    text = (
        "A Ukrainian military commander told reporters that the unit had only days left.\n\n"
        "Officials of the American administration told journalists that the call was useful."
    )
    extraction = news(text)
    assert find(extraction, "only days left").speaker.name == "Ukrainian military"
    assert find(extraction, "the call was useful").speaker.name == "American administration"


def test_a_cueless_quotation_after_a_paragraph_about_someone_is_theirs(news: Analyse) -> None:
    text = (
        "Foreign Minister Jonas Lindqvist spoke at a press conference in Oslo on Monday.\n\n"
        "\"We need help now, not next year. Nothing else will stop this war.\"\n\n"
        "Heavy rain fell over the city of Bergen overnight.\n\n"
        "\"We have no water and no power, and people are hiding in the basements of their homes.\""
    )
    extraction = news(text)
    assert find(extraction, "We need help now").speaker.name == "Jonas Lindqvist"
    assert find(extraction, "We have no water").speaker.actor_id is None


def test_blamed_for_and_described_as_are_quotes(news: Analyse) -> None:
    text = (
        "The minister Olaf Brenner blamed the neighbours on Tuesday for stalling the talks for months.\n\n"
        "Bishop Anton Marek described the fighting as a \"descent into darkness\" for the region."
    )
    extraction = news(text)
    blamed = find(extraction, "for stalling the talks")
    assert content(blamed).startswith("the neighbours") and blamed.speaker.name == "Olaf Brenner"
    described = find(extraction, "descent into darkness")
    assert content(described).startswith("the fighting as")


def test_complements_the_parser_split_are_whole(news: Analyse) -> None:
    text = (
        "Ingrid Solberg argued the only way to keep the peace was to hold new talks.\n\n"
        "The regional office said one man was killed and two more injured in the village.\n\n"
        "Road closed: Mayor Tomas Varga said Wednesday that the bridge would stay shut until spring."
    )
    extraction = news(text)
    assert content(find(extraction, "was to hold new talks")).startswith("the only way")
    assert "two more injured" in content(find(extraction, "one man was killed"))
    bridge = find(extraction, "bridge would stay shut")
    assert "Road closed" not in content(bridge)


def test_a_quote_reported_inside_quoted_words_leaves_them_to_their_speaker(news: Analyse) -> None:
    text = (
        "Speaking on the radio, Hanna Lind said: \u201cThe risk is real and it is growing.\n\n"
        "\u201cThe prime minister has openly questioned why other countries joined the alliance, "
        "so this would not stop at the border.\u201d"
    )
    extraction = news(text)
    outer = find(extraction, "openly questioned why")
    assert outer.speaker.name == "Hanna Lind"
    inner = find(extraction, "why other countries joined")
    assert inner.reported_by == outer.id


def test_a_quotation_after_its_cue_joins_even_when_a_paragraph_goes_on(news: Analyse) -> None:
    text = (
        "Karl Weber took questions after the vote.\n\n"
        "\"We are used to them,\" Weber said. \"They do not work.\"\n\n"
        "\"The economy is stable.\""
    )
    quote = find(news(text), "We are used to them")
    assert "They do not work" in content(quote) and "The economy is stable" in content(quote)


def test_a_title_closed_by_an_unlinked_name_is_that_person(news: Analyse) -> None:
    text = "- An attack is likely within days - said the director of the Estonian service Mikk Tamberg."
    quote = find(news(text), "An attack is likely")
    assert quote.speaker.name == "Mikk Tamberg"


def test_it_said_after_a_person_is_not_that_person(news: Analyse) -> None:
    text = "Olaf Brenner said the plan was ready. It said nothing about the costs."
    extraction = news(text)
    quotes = [q for q in extraction.quotes if "nothing about" in content(q)]
    assert all(q.speaker.name != "Olaf Brenner" for q in quotes)


def test_as_reported_by_an_outlet_and_who_goes_on(news: Analyse) -> None:
    text = (
        "As reported by the Daily Courier, Foreign Minister Jonas Lindqvist said in an interview that relations "
        "were already very bad.\n\n"
        "\u201cThe embassy will close if the troops cross the border of our country.\u201d\n\n"
        "The enemy suffered heavy losses near the river, as reported by the General Staff."
    )
    extraction = news(text)
    outlet = find(extraction, "Jonas Lindqvist said in an interview")
    assert outlet.speaker.name == "Daily Courier"
    assert find(extraction, "The embassy will close").speaker.name == "Jonas Lindqvist"
    staff = find(extraction, "heavy losses near the river")
    assert staff.speaker.name == "General Staff" and "as reported" not in content(staff)


def test_called_out_as_a_lie(news: Analyse) -> None:
    quote = find(news("Mayor Tomas Varga called out as a \u201clie\u201d the reports about the closed bridge."), "the reports about")
    assert content(quote).startswith("as a") and quote.speaker.name == "Tomas Varga"
