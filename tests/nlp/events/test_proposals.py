"""Open trigger candidates: words no lexicon entry proposes, offered to the typer.
Our own sentences."""

from __future__ import annotations

import pytest

from dateline.nlp.events.proposals import is_fallback, lexicon_kin, open_candidates, stem
from dateline.nlp.events.resources import load_resources


def test_kin_words_share_a_stem():
    assert stem("escalation") == stem("escalate")
    assert stem("deployments") == stem("deploy")
    assert stem("march") != stem("protest")


def test_lexicon_kin_names_the_types_of_a_word_and_of_its_kin():
    res = load_resources()
    kin = lexicon_kin("attack", res)
    assert "K=ASSAULT" in kin and "KS=ASSAULT" in kin
    # a word the lexicon has under no part of speech and no kin of it: nothing
    assert lexicon_kin("xylophone", res) == []


@pytest.fixture(scope="module")
def proposed(nlp):
    from dateline.nlp.events.mentions import candidates

    res = load_resources()

    def run(text: str) -> tuple[list[str], list[str]]:
        doc = nlp(text)
        lexicon, opened = [], []
        for sent in doc.sents:
            found = list(candidates(sent, res))
            lexicon += [c.trigger.text for c in found]
            opened += [c.trigger.text for c in open_candidates(sent, res, found)]
        return lexicon, opened

    return run


@pytest.mark.model
def test_verbs_the_lexicon_lacks_are_proposed_with_their_arguments(nlp):
    res = load_resources()
    assert ("rehearse", "VERB") not in res.triggers
    doc = nlp("Russian marines rehearsed a landing near Odesa on Friday.")
    (cand,) = [c for sent in doc.sents for c in open_candidates(sent, res) if c.trigger.text == "rehearsed"]
    assert is_fallback(cand) and cand.entry.pos == "VERB"
    assert [t.text for t in cand.actor_tokens] == ["marines"]


@pytest.mark.model
def test_lexicon_words_are_not_proposed_twice(proposed):
    lexicon, opened = proposed("Russian troops attacked the village and the mayor resigned.")
    assert "attacked" in lexicon and "attacked" not in opened
    assert "resigned" in opened or "resigned" in lexicon


@pytest.mark.model
def test_action_nouns_are_proposed_and_their_support_verb_is_not(proposed):
    _, opened = proposed("The ministry condemned the escalation along the frontier.")
    assert "escalation" in opened
    _, opened = proposed("The army conducted a redeployment near the border.")
    assert "redeployment" in opened and "conducted" not in opened


@pytest.mark.model
def test_an_all_caps_headline_proposes_nothing(proposed):
    assert proposed("TROOPS REDEPLOY NEAR THE BORDER AS TALKS STALL")[1] == []


class _OpenTyper:
    """A stand-in typer: every open candidate is ASSAULT, every lexicon one NONE."""

    proposals = "open"

    def probabilities(self, samples):
        import numpy as np

        return np.zeros((len(samples), 2))

    def decide(self, probs, lexicon=None):
        return ("ASSAULT", 0.9) if lexicon is None else ("NONE", 0.1)

    def decide_sentence(self, samples, lexicons):
        return [self.decide(p, lex) for p, lex in zip(self.probabilities(samples), lexicons, strict=True)]


@pytest.mark.model
def test_the_typer_decides_the_type_of_an_open_candidate(analyse):
    from dateline.nlp.events.select import extract

    res = load_resources()
    assert ("regroup", "VERB") not in res.triggers
    analysis = analyse("Russian troops regrouped near Kyiv on Friday.")
    events, _ = extract(analysis, res, _OpenTyper())  # type: ignore[arg-type]
    assert [(e.event, e.mentions[0].text) for e in events] == [("ASSAULT", "regrouped")]
    # a typer trained on root verbs only is offered no open candidate here
    # (the sentence's root verb is one, but the lexicon found nothing: offered)
    root_typer = _OpenTyper()
    root_typer.proposals = "root"
    analysis = analyse("Russian troops regrouped near Kyiv and attacked the town.")
    events, _ = extract(analysis, res, root_typer)  # type: ignore[arg-type]
    assert events == []
    # without a typer the lexicon's types stand and open candidates are not offered
    analysis = analyse("Russian troops regrouped near Kyiv on Friday.")
    assert extract(analysis, load_resources(), None)[0] == []
