"""Unrealised events the grammar marks (nlp/events/modality.py) and word uses
the lexicon's negative fields rule out (data/events/triggers.json), on
sentences written for these tests."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def res():
    from dateline.nlp.events.resources import load_resources

    return load_resources()


@pytest.fixture(scope="module")
def marks(nlp, res):
    """word -> its marks in ``text`` (None when no candidate stands on it)."""
    from dateline.nlp.events.mentions import candidates
    from dateline.nlp.events.modality import grammar_modes, mention_modes

    def read(text: str, word: str) -> set[str] | None:
        for sent in nlp(text).sents:
            for cand in candidates(sent, res):
                if cand.trigger.text == word:
                    own = mention_modes(cand, res)
                    return own | grammar_modes(cand, res, own)
        return None

    return read


@pytest.fixture(scope="module")
def lexicon_event(nlp, res):
    """word -> the type the lexicon proposes for it in ``text`` (None: none)."""
    from dateline.nlp.events.mentions import candidates

    def read(text: str, word: str) -> str | None:
        for sent in nlp(text).sents:
            for cand in candidates(sent, res):
                if cand.trigger.text == word:
                    return cand.event
        return None

    return read


@pytest.mark.parametrize(
    ("text", "word", "wanted"),
    [
        # a to-infinitive on a noun: what could or would be done
        ("Analysts say the army has a range of options to attack the capital.", "attack", "hypothetical"),
        ("There is a clear desire for the government to seize the western provinces.", "seize", "hypothetical"),
        # an infinitive under a modal verb
        ("I would like to meet the president next week.", "meet", "hypothetical"),
        ("The bombers would be allowed only to strike troops inside the country.", "strike", "hypothetical"),
        # a feared or threatened noun, a condition, an unsupported claim
        ("The small republic is threatened by an attack from the east.", "attack", "hypothetical"),
        ("Penalties would take effect in the event of an invasion.", "invasion", "hypothetical"),
        ("The spokesman said there is no evidence that the rebels attacked the town.", "attacked", "negation"),
    ],
)
def test_an_unrealised_event_is_marked(marks, text, word, wanted):
    found = marks(text, word)
    assert found is not None and wanted in found


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("She was the first minister to resign over the scandal.", "resign"),  # the first to: it happened
        ("The army launched an attack on the capital on Monday.", "attack"),
        ("The volunteers travelled to the border and helped the refugees.", "helped"),
        ("The spokesman said the rebels attacked the town.", "attacked"),
    ],
)
def test_a_realised_event_is_not_marked(marks, text, word):
    found = marks(text, word)
    assert found is not None and not found & {"hypothetical", "negation", "future"}


def test_defending_ones_own_country_is_no_support(lexicon_event):
    assert lexicon_event("The army has every right to defend itself against the invasion.", "defend") != "SUPPORT"
    assert lexicon_event("The volunteers swore to defend their homeland.", "defend") != "SUPPORT"
    assert lexicon_event("The minister defended the president against his critics.", "defended") == "SUPPORT"


def test_hosting_a_contest_is_no_meeting(lexicon_event):
    assert lexicon_event("The city will host the song contest next year.", "host") is None
    assert lexicon_event("The country hosted a summit of the alliance's leaders.", "hosted") == "CONSULT"


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("The plan will meet with fierce criticism from the opposition.", "meet"),
        ("Weakness in the face of the army is inviting more aggression.", "inviting"),
        ("The drought threatened the harvest in the south.", "threatened"),
        ("Losing the war will threaten the security of the continent.", "threaten"),
        ("The continuous threat of fire frightened the villagers.", "threat"),
        ("I absolutely agree with this, the minister said.", "agree"),
    ],
)
def test_a_word_in_a_use_that_is_not_its_event_proposes_none(lexicon_event, text, word):
    assert lexicon_event(text, word) is None


@pytest.mark.parametrize(
    ("text", "word", "event"),
    [
        ("Macron will meet with Scholz in Berlin on Monday.", "meet", "CONSULT"),
        ("The president invited the minister to visit the capital.", "invited", "AGREE"),
        ("The army threatened the villagers with reprisals.", "threatened", "THREATEN"),
        ("The two governments agreed on a prisoner swap on Friday.", "agreed", "AGREE"),
    ],
)
def test_the_same_words_as_events_still_propose_them(lexicon_event, text, word, event):
    assert lexicon_event(text, word) == event


def test_nowhere_negates(marks):
    found = marks("Nowhere did the minister give the country any aid.", "give")
    assert found is not None and "negation" in found


def test_an_imperative_reports_no_happening(marks):
    assert marks("For more information, please visit our page on the war.", "visit") is None
    assert marks("Support the appeal of the foundation to help victims of the flood.", "help") is None
    assert marks("The foundation helped victims of the flood.", "helped") is not None


def test_a_designation_is_no_threat_made(marks):
    assert marks("Russia is no longer a partner, but it is a threat to the continent.", "threat") is None
    assert marks("The minister called the drills a serious threat to the region.", "threat") is None
