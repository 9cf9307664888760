"""Imposing martial law, a state of emergency or a curfew is COERCE (PLOVER modes
martial-law and curfew; CAMEO 1723/1724); lifting it is a concession. Verbs whose
lemma the model got wrong ("hoped" -> "hop") reach their lexicon entries. Our own
sentences."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.model


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("The president imposed martial law across the country on Thursday.", "law"),
        ("Parliament extended martial law for another ninety days.", "law"),
        ("Martial law was introduced in the republic after the attack.", "law"),
        ("The governor declared a state of emergency in the port city.", "state"),
        ("The junta imposed a curfew in the capital.", "curfew"),
    ],
)
def test_imposing_martial_law_or_an_emergency_is_coerce(nlp, text, word):
    from dateline.nlp.events.mentions import candidates
    from dateline.nlp.events.resources import load_resources

    res = load_resources()
    found = [(c.trigger.text, c.event, c.mode) for s in nlp(text).sents for c in candidates(s, res)]
    assert any(w == word and event == "COERCE" for w, event, _mode in found), found
    assert all(mode in ("martial-law", "curfew") for w, event, mode in found if w == word)


@pytest.mark.parametrize(
    "text",
    [
        "Shops stay closed for the duration of martial law.",  # a state, not a happening
        "The state of the economy worries the bank.",
        "The state of the roads slowed the convoy.",
    ],
)
def test_a_state_is_no_event(analyse, run_events, text):
    extraction = run_events(analyse(text))
    assert not [e for e in extraction.events if e.event == "COERCE"]


def test_an_imposed_martial_law_is_an_event(analyse, run_events):
    extraction = run_events(analyse("Russia imposed martial law in the occupied regions."))
    (event,) = [e for e in extraction.events if e.event == "COERCE"]
    assert event.mode == "martial-law"


def test_lifting_martial_law_is_a_concession(found):
    assert ("lifted", "CONCEDE") in found("The government lifted martial law on Sunday.")


def test_hoped_for_talks_is_not_a_done_deal(marks):
    # "hoped" reaches the lexicon's "hope" (it was lemmatised "hop")
    assert marks("The minister hoped for talks with the rebels.", "talks") & {"hypothetical", "future"}


def test_a_staged_protest_has_its_support_verb(nlp):
    from dateline.nlp.events.mentions import candidates
    from dateline.nlp.events.resources import load_resources

    res = load_resources()
    (sent,) = nlp("Students staged a protest outside parliament.").sents
    cand = next(c for c in candidates(sent, res) if c.trigger.text == "protest")
    assert cand.support is not None and cand.support.text == "staged"


def _recipients(nlp, text, word):
    from dateline.nlp.events.arguments import arguments
    from dateline.nlp.events.mentions import candidates
    from dateline.nlp.events.resources import load_resources

    res = load_resources()
    for sent in nlp(text).sents:
        for cand in candidates(sent, res):
            if cand.trigger.text == word:
                arguments(cand, res)
                return [t.text for t in cand.recipient_tokens]
    raise AssertionError(f"no {word!r} candidate")


def test_the_emergency_of_a_state_of_emergency_is_no_recipient(nlp):
    # the of-phrase the lexicon entry asked for is its content, not whom it is done to
    assert "siege" not in _recipients(nlp, "The junta declared a state of siege in the north.", "state")
    assert "mayor" in _recipients(nlp, "Police announced the arrest of the mayor.", "arrest")


def test_in_protest_against_names_whom_a_staged_protest_is_against(nlp):
    recipients = _recipients(nlp, "The activist staged a hunger strike in protest against the governor.", "strike")
    assert "governor" in recipients
