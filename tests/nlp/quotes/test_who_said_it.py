"""Who said it: speakers resolved to actors through appositives, continuations,
publications and kickers; views never show a bare pronoun as a speaker."""

from __future__ import annotations

import pytest
from tests.nlp.quotes.conftest import Analyse, stage_runner

from dateline.model import Actor, Extraction, speaker_label
from dateline.resolve.actors.kb import load_knowledge_base, speaker_query

STAGES = ("segment", "actors", "coref", "quotes")


@pytest.fixture(scope="module")
def analyse(nlp) -> Analyse:  # type: ignore[no-untyped-def]
    """The stages as they run on news: the actors stage included."""
    return stage_runner(nlp, STAGES)


def quote_with(extraction, words: str):  # type: ignore[no-untyped-def]
    return next(q for q in extraction.quotes if any(words in c.text for c in q.content))


def test_views_never_show_a_bare_pronoun() -> None:
    assert speaker_label(None, "he") is None and speaker_label(None, " She ") is None
    assert speaker_label("Ada Berg", "she") == "Ada Berg"
    assert speaker_label(None, "Some residents") == "Some residents"


def test_every_spelling_of_a_known_speaker_filters_to_one_actor() -> None:
    kb = load_knowledge_base()
    ids = {speaker_query(name, kb) for name in ("Zelensky", "Zelenskiy", "Zelenskyy")}
    assert len(ids) == 1 and next(iter(ids)).startswith("person:")
    assert speaker_query("Ada Berg", kb) == "Ada Berg"


@pytest.mark.model
def test_a_quotation_paragraph_with_no_cue_continues_the_speaker(analyse: Analyse) -> None:
    text = (
        "\u201cWe have had a good season as a team,\u201d said Doug Hallam, who coached the side for years. "
        "The club has won twice since then.\n\n"
        "\u201cWe are all proud to play here, and we hope to see everyone playing well.\u201d"
    )
    extraction = analyse(text)
    assert quote_with(extraction, "proud to play").speaker.name == "Doug Hallam"


@pytest.mark.model
def test_the_speaker_is_the_head_not_the_organisation_in_its_appositive(analyse: Analyse) -> None:
    text = (
        "Cindy Marlowe, executive chair of the Northern Harbour Commission, said the port "
        "would reopen in the spring."
    )
    extraction = analyse(text)
    assert quote_with(extraction, "port would reopen").speaker.name == "Cindy Marlowe"


@pytest.mark.model
def test_the_statement_speaks_for_whoever_issued_it(analyse: Analyse) -> None:
    text = (
        "The Northern Harbour Association said in a statement that the new fees were fair. "
        "The statement also said that the fees would be reviewed every year."
    )
    extraction = analyse(text)
    first = quote_with(extraction, "new fees were fair")
    assert first.speaker.actor_id is not None
    second = quote_with(extraction, "reviewed every year")
    assert second.speaker.actor_id == first.speaker.actor_id


@pytest.mark.model
def test_news_kickers_are_not_transcript_speakers(analyse: Analyse) -> None:
    text = (
        "PORT TALK: The harbour board signalled it is in no hurry to raise its fees this year.\n\n"
        "ANALYST'S VIEW: Traders expect the board to wait until the summer before it acts."
    )
    extraction = analyse(text)
    assert not any(q.speaker.span is not None and q.speaker.span.text in ("PORT TALK", "ANALYST'S VIEW")
                   for q in extraction.quotes)


@pytest.mark.model
def test_the_mayor_is_the_person_the_article_called_mayor(analyse: Analyse) -> None:
    text = (
        "Mayor Doug Hallam spoke to reporters on Monday about the bridge. Cindy Marlowe, a "
        "councillor, listened.\n\nThe mayor said the bridge would open in May."
    )
    extraction = analyse(text)
    assert quote_with(extraction, "bridge would open").speaker.name == "Doug Hallam"


# -- second pass: bodies, focus, leaders' titles, groups as written, authors after 'by'


def _actor(extraction: Extraction, actor_id: str | None) -> Actor:
    return next(a for a in extraction.actors if a.id == actor_id)


@pytest.mark.model
def test_a_ministry_speaks_as_itself_with_its_country_codes(analyse: Analyse) -> None:
    text = (
        "Heavy rain flooded two villages near the border on Monday.\n\n"
        "Ukraine's infrastructure ministry said the main road to the villages would reopen on Friday."
    )
    extraction = analyse(text)
    speaker = quote_with(extraction, "main road").speaker
    assert speaker.name == "Ukraine's infrastructure ministry"
    actor = _actor(extraction, speaker.actor_id)
    assert actor.kind == "organization" and actor.code == "UKR"


@pytest.mark.model
def test_a_ministry_with_its_of_phrase_and_the_statement_it_issued(analyse: Analyse) -> None:
    text = (
        "In a statement released on Tuesday, Japan's Ministry of Foreign Affairs said the talks "
        "would continue in the autumn.\n\n"
        "The statement said the minister would travel to the region in October."
    )
    extraction = analyse(text)
    first = quote_with(extraction, "talks would continue").speaker
    assert first.name == "Japan's Ministry of Foreign Affairs"
    assert quote_with(extraction, "travel to the region").speaker.actor_id == first.actor_id


@pytest.mark.model
def test_the_kremlin_is_named_as_the_article_names_it(analyse: Analyse) -> None:
    text = "The Kremlin said on Sunday that the meeting had been postponed until next month."
    extraction = analyse(text)
    speaker = quote_with(extraction, "meeting had been postponed").speaker
    assert speaker.name == "Kremlin"
    assert _actor(extraction, speaker.actor_id).code == "RUS"


@pytest.mark.model
def test_he_said_is_the_speaker_in_focus_not_a_name_inside_his_words(analyse: Analyse) -> None:
    text = (
        "The danger was growing every week, Marten Olsgaard said.\n\n"
        "\u201cI think Putin sees an opening here. Putin will not wait for long,\u201d he said."
    )
    extraction = analyse(text)
    assert quote_with(extraction, "sees an opening").speaker.name == "Marten Olsgaard"


@pytest.mark.model
def test_he_said_keeps_a_person_named_outside_quoted_words(analyse: Analyse) -> None:
    text = (
        "The danger was growing every week, Marten Olsgaard said.\n\n"
        "Ingrid Vaage, a historian, disagreed. The winter would decide, she said."
    )
    extraction = analyse(text)
    assert quote_with(extraction, "winter would decide").speaker.name == "Ingrid Vaage"


@pytest.mark.model
def test_a_leaders_title_naming_an_organisation_is_the_person_in_focus(analyse: Analyse) -> None:
    text = (
        "\u201cWinter is coming and it will be hard,\u201d Jens Stoltenberg told reporters in Brussels.\n\n"
        "The NATO head said the alliance must keep its support for the long term."
    )
    extraction = analyse(text)
    assert quote_with(extraction, "alliance must keep").speaker.name == "Jens Stoltenberg"


@pytest.mark.model
def test_a_group_speaker_is_named_as_written(analyse: Analyse) -> None:
    text = "Ukrainian officials said on Friday that the evacuation would continue through the weekend."
    extraction = analyse(text)
    speaker = quote_with(extraction, "evacuation would continue").speaker
    assert speaker.name == "Ukrainian officials" and speaker.actor_id == "country:UKR:GOV"


@pytest.mark.model
def test_a_poll_speaks_for_whoever_ran_it(analyse: Analyse) -> None:
    text = (
        "Polling done by the Baltic Research Institute has indicated that most voters support "
        "the new defence budget."
    )
    extraction = analyse(text)
    name = quote_with(extraction, "most voters support").speaker.name or ""
    assert "Baltic Research Institute" in name


@pytest.mark.model
def test_a_dateline_month_is_no_person_and_a_road_is_no_name(analyse: Analyse) -> None:
    text = (
        "OSLO, 26 September (Reuters) - Foreign Minister Ingrid Vaage said the talks would resume.\n\n"
        "Traffic on Fraser Highway was closed for the day, and the city said it would reopen on Monday."
    )
    extraction = analyse(text)
    people = {a.name for a in extraction.actors if a.kind == "person"}
    assert "September" not in people and not any("Highway" in name for name in people)
    assert quote_with(extraction, "talks would resume").speaker.name == "Ingrid Vaage"


@pytest.mark.model
def test_an_unnamed_official_speaks_for_the_body_in_the_sentence(analyse: Analyse) -> None:
    text = (
        "The State Department is moving most of its staff out of the embassy, according to a senior official.\n\n"
        "Some diplomats will stay in the western city of Lviv, the official said."
    )
    extraction = analyse(text)
    first = quote_with(extraction, "moving most of its staff").speaker
    assert first.name == "State Department"
    assert quote_with(extraction, "diplomats will stay").speaker.actor_id == first.actor_id


@pytest.mark.model
def test_an_epithet_is_the_speaker_in_focus(analyse: Analyse) -> None:
    text = (
        "Viktor Marsh, the commander of the private army, said his men would march on the capital.\n\n"
        "The warlord said the march was a protest and not a coup."
    )
    extraction = analyse(text)
    assert quote_with(extraction, "march was a protest").speaker.name == "Viktor Marsh"


@pytest.mark.model
def test_it_was_noted_continues_the_speaker_before(analyse: Analyse) -> None:
    text = (
        "Ingrid Vaage said the border would stay open through the winter.\n\n"
        "It was noted that the two governments had agreed on new checks."
    )
    extraction = analyse(text)
    assert quote_with(extraction, "agreed on new checks").speaker.name == "Ingrid Vaage"


@pytest.mark.model
def test_the_one_who_adds_is_the_one_who_said(analyse: Analyse) -> None:
    text = (
        "Ingrid Vaage said that training the soldiers in their own country would not be escalatory, "
        "adding that \u201cthe plan has wide support among the allies.\u201d"
    )
    extraction = analyse(text)
    assert quote_with(extraction, "wide support").speaker.name == "Ingrid Vaage"


@pytest.mark.model
def test_the_title_of_the_speaker_in_focus_beats_a_name_in_his_words(analyse: Analyse) -> None:
    text = (
        "Belarusian President Anatol Rusak said the talks would go ahead in Minsk. "
        "\u201cI spoke to Putin yesterday, and Putin agrees,\u201d he said.\n\n"
        "The president stressed that the venue was ready for both delegations."
    )
    extraction = analyse(text)
    assert quote_with(extraction, "venue was ready").speaker.name == "Anatol Rusak"


@pytest.mark.model
def test_a_title_closed_by_a_name_is_that_person_but_not_a_name_in_its_clause(analyse: Analyse) -> None:
    text = (
        "The deputy head of the regional council Marten Olsgaard during the session argued that "
        "the budget was too small.\n\n"
        "A spokesman who works for Governor Ingrid Vaage said the budget would be reviewed."
    )
    extraction = analyse(text)
    assert quote_with(extraction, "budget was too small").speaker.name == "Marten Olsgaard"
    assert quote_with(extraction, "would be reviewed").speaker.name != "Ingrid Vaage"
