"""Event words the lexicon used to miss (issue 14, recall): munitions launched
or fired ("launched missiles at", "fired on the convoy"), and the passive "by"
that lexicon ``prep`` constraints read. Our own sentences."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def cands(nlp):
    from dateline.nlp.events.mentions import candidates
    from dateline.nlp.events.resources import load_resources

    res = load_resources()
    return lambda text: [c for sent in nlp(text).sents for c in candidates(sent, res)]


@pytest.fixture(scope="module")
def found(cands):
    return lambda text: [(c.trigger.text, c.event) for c in cands(text)]


@pytest.mark.parametrize(
    ("text", "word", "event"),
    [
        ("The army launched dozens of missiles at the capital overnight.", "launched", "ASSAULT"),
        ("Separatist units fired rockets at the village on Monday.", "fired", "ASSAULT"),
        ("Border guards fired on the convoy near the crossing.", "fired", "ASSAULT"),
    ],
)
def test_event_words_are_candidates(found, text, word, event):
    assert (word, event) in found(text), found(text)


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("The company launched a new phone in the spring.", "launched"),
        ("The board fired the chief executive last week.", "fired"),
    ],
)
def test_other_senses_are_not(found, text, word):
    assert not [c for c in found(text) if c[0] == word], found(text)


def test_passive_agent_is_a_particle(nlp):
    from dateline.nlp.events.syntax import _particles

    doc = nlp("The village was attacked by drones.")
    verb = next(t for t in doc if t.lemma_ == "attack")
    assert "by" in _particles(verb)


@pytest.mark.parametrize(
    "text",
    [
        "The president warned that the army needs to receive the shells faster.",
        "The minister stressed that Moscow must withdraw its troops from the region.",
    ],
)
def test_warning_that_someone_must_act_is_a_request(found, text):
    assert [c for c in found(text) if c[1] == "REQUEST"], found(text)


def test_warning_of_what_may_happen_is_no_request(found):
    cands = found("Officials warned that the rebels could attack the town within days.")
    assert not [c for c in cands if c[1] == "REQUEST"], cands


def test_wish_to_meet_is_an_offer(found):
    cands = found("The president said he would like to meet his counterpart next month.")
    assert [c for c in cands if c[1] == "AGREE"], cands


def test_liking_without_a_meeting_is_no_offer(found):
    cands = found("The minister said he would like to see the figures first.")
    assert not [c for c in cands if c[1] == "AGREE"], cands


@pytest.fixture(scope="module")
def parties(cands):
    return lambda text: {c.trigger.text: ([t.text for t in c.actor_tokens], [t.text for t in c.recipient_tokens]) for c in cands(text)}


@pytest.mark.parametrize(
    ("text", "noun", "actor"),
    [
        ("The sanctions that the European Union imposed last year hurt the economy.", "sanctions", "Union"),
        ("The strikes which Russia carried out overnight killed five people.", "strikes", "Russia"),
        ("The threats that Iran made against Israel worried the diplomats.", "threats", "Iran"),
    ],
)
def test_relative_clause_names_who_carried_the_event_out(parties, text, noun, actor):
    assert actor in parties(text)[noun][0], parties(text)


def test_relative_clause_with_an_object_of_its_own_is_no_support(nlp):
    from dateline.nlp.events.resources import load_resources
    from dateline.nlp.events.syntax import _participle_support

    doc = nlp("The sanctions that made the headlines were lifted.")
    noun = next(t for t in doc if t.text == "sanctions")
    assert _participle_support(noun, load_resources()) is None


@pytest.mark.parametrize(
    "text",
    [
        "Britain's support for Ukraine will continue, the minister said.",
        "The president thanked Canada for its backing for the reform plan.",
    ],
)
def test_support_for_a_party_is_support(found, text):
    assert [c for c in found(text) if c[1] == "SUPPORT"], found(text)


@pytest.mark.parametrize(
    "text",
    [
        "Public support for the war has fallen.",
        "Military support for the army arrived in May.",
    ],
)
def test_opinion_or_material_support_is_not(found, text):
    assert not [c for c in found(text) if c[0] == "support" and c[1] == "SUPPORT"], found(text)
