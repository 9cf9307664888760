"""Second round of lexicon recall (issue 14): a date phrase never satisfies a
lexicon preposition constraint, and object-constrained entries for verb
classes PLV's typer-rejected sentences showed (PLOVER manual / CAMEO map).
Our own sentences."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def found(nlp):
    from dateline.nlp.events.mentions import candidates
    from dateline.nlp.events.resources import load_resources

    res = load_resources()
    return lambda text: [(c.trigger.text, c.event) for sent in nlp(text).sents for c in candidates(sent, res)]


@pytest.mark.parametrize(
    "text",
    [
        "The foreign minister called his Polish counterpart on Tuesday to discuss grain.",
        "On 2 May, the chancellor called the Latvian president.",
        "The premier called her Danish colleague on 14 March.",
    ],
)
def test_a_date_phrase_is_no_call_on(found, text):
    assert ("called", "REQUEST") not in found(text), found(text)


@pytest.mark.parametrize(
    "text",
    [
        "The opposition called on the government to resign.",
        "Activists called on Thursday for a new election.",
        "Artillery fired on the convoy on Monday.",
    ],
)
def test_party_prepositions_still_match(found, text):
    assert any(event in ("REQUEST", "ASSAULT") for _word, event in found(text)), found(text)


def _arguments(nlp, text, word):
    from dateline.nlp.events.arguments import arguments
    from dateline.nlp.events.mentions import candidates
    from dateline.nlp.events.resources import load_resources

    res = load_resources()
    for sent in nlp(text).sents:
        for cand in candidates(sent, res):
            if cand.trigger.text == word:
                arguments(cand, res)
                return [t.text for t in cand.actor_tokens], [t.text for t in cand.recipient_tokens]
    raise AssertionError(f"no {word!r} candidate")


def test_the_released_are_no_actor(nlp):
    actors, recipients = _arguments(nlp, "A court ordered the release of Maria Kolesnikova from prison.", "release")
    assert "Kolesnikova" not in actors
    assert "Kolesnikova" in recipients


def test_a_withdrawal_of_troops_keeps_them_as_actor(nlp):
    actors, _ = _arguments(nlp, "The withdrawal of Russian troops from Kherson began on Monday.", "withdrawal")
    assert "troops" in actors
