"""Who said it: speakers resolved to actors through appositives, continuations,
publications and kickers; views never show a bare pronoun as a speaker."""

from __future__ import annotations

import pytest
from tests.nlp.quotes.conftest import Analyse

from dateline.config import Config
from dateline.model import Document, Extraction, speaker_label
from dateline.pipeline import Analysis, get_stage
from dateline.resolve.actors.kb import load_knowledge_base, speaker_query
from dateline.textnorm import content_id, normalize_for_nlp

STAGES = ("segment", "actors", "coref", "quotes")


@pytest.fixture(scope="module")
def analyse(nlp) -> Analyse:  # type: ignore[no-untyped-def]
    """The stages as they run on news: the actors stage included."""
    config = Config()
    stages = [get_stage(name).factory(config) for name in STAGES]

    def run(text: str) -> Extraction:
        document = Document(id=content_id(text), text=text)
        extraction = Extraction(document=document)
        analysis = Analysis(document, nlp(normalize_for_nlp(text)), config, extraction)
        for name, stage in zip(STAGES, stages, strict=True):
            stage(analysis)
            extraction.layers.append(name)
        return extraction

    return run


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
