"""Uses of trigger words that are not their event (``not_use`` in the trigger
lexicon, :func:`dateline.nlp.events.syntax.use_senses`), and characterising
nouns ("this is an attack on ..."): our own sentences."""

from __future__ import annotations

import pytest

from dateline.nlp.events.resources import load_resources
from dateline.nlp.events.syntax import find_triggers, use_senses

pytestmark = pytest.mark.model


def triggers(nlp, text: str) -> list[tuple[str, str]]:
    res = load_resources()
    return [(c.trigger.text, c.event) for sent in nlp(text).sents for c in find_triggers(sent, res)]


def senses(nlp, text: str, word: str) -> set[str]:
    token = next(t for t in nlp(text) if t.text == word)
    return use_senses(token, load_resources())


def test_asking_whether_or_what_is_a_question(nlp):
    # a use the lexicon can rule out (``not_use``); "ask" keeps it: a quoted
    # or whether-question can still be a request
    assert "question" in senses(nlp, "The host asked the minister whether he expects a wider war.", "asked")
    assert "question" in senses(nlp, "The senator asked what would happen if the army ran out of shells.", "asked")
    # a polite request is no question
    assert "question" not in senses(nlp, "Kyiv asked Berlin whether it could send more tanks.", "asked")
    assert "question" not in senses(nlp, "The minister asked Germany to send more tanks.", "asked")


def test_agreeing_with_a_quote_or_a_view_is_no_agreement(nlp):
    assert "quote_tag" in senses(nlp, '"That is exactly right," the chancellor agreed.', "agreed")
    assert "quote_tag" not in senses(nlp, "After long talks the two ministers agreed.", "agreed")
    assert ("agreed", "AGREE") not in triggers(nlp, "The analyst agreed with that view in an interview.")
    assert ("agreed", "AGREE") in triggers(nlp, "France agreed with Germany on a new package of sanctions.")
    assert ("agreed", "AGREE") in triggers(nlp, "France and Germany agreed to hold talks next week.")


def test_a_warning_that_foresees_is_no_threat(nlp):
    assert "prediction" in senses(nlp, "The ministry warned that an offensive could begin within days.", "warned")
    assert ("warned", "THREATEN") not in triggers(nlp, "The ministry warned that an offensive could begin within days.")
    # retaliation, an addressee, a first-person act or a condition make it a threat
    for text in (
        "The president warned that Moscow would pay a heavy price for any attack.",
        "The president warned Moscow that the sanctions were ready.",
        "The general warned that we will strike back at once.",
        "The general warned that if the troops cross the river, the bridges will burn.",
    ):
        assert ("warned", "THREATEN") in triggers(nlp, text), text


def test_a_call_with_the_press_is_no_consultation(nlp):
    assert ("call", "CONSULT") not in triggers(nlp, "The official told reporters during a phone call on Saturday that talks failed.")
    assert ("call", "CONSULT") in triggers(nlp, "The two leaders held a phone call on Saturday.")


def test_price_rallies_are_no_protest(nlp):
    assert not [t for t in triggers(nlp, "The benchmark oil price rallies more than 5 percent on Monday.") if t[1] == "PROTEST"]
    assert ("rally", "PROTEST") in triggers(nlp, "Thousands of protesters rally in the capital against the war.")


def test_a_characterising_noun_is_no_event(analyse, run_events):
    for text in ("This is an attack on the values of every democracy.", "This is a battle of nerves and a battle of logistics."):
        ex = run_events(analyse(text))
        assert "ASSAULT" not in [e.event for e in ex.events], text
    ex = run_events(analyse("Russian troops launched an attack on Kyiv."))
    assert "ASSAULT" in [e.event for e in ex.events]


def test_a_copular_report_of_an_attack_stays_an_event(analyse, run_events):
    ex = run_events(analyse("Russian troops shelled Kyiv on Monday. It was the largest attack on the city in months."))
    assert [e for e in ex.events if e.event == "ASSAULT"]


def test_providing_evidence_is_no_aid(nlp):
    assert not [t for t in triggers(nlp, "He said ten soldiers had been killed, without providing evidence.") if t[1] == "AID"]
    assert ("provide", "AID") in triggers(nlp, "Berlin will provide Kyiv with more air defence systems.")


def test_talking_about_a_topic_is_a_use(nlp):
    assert "topic" in senses(nlp, "Lukashenko talked about Poland's ambitions in the region.", "talked")
    assert "topic" not in senses(nlp, "Biden talked to Putin about the situation around Ukraine.", "talked")



def test_a_participle_before_a_noun_names_a_state(nlp):
    assert "attributive" in senses(nlp, "Russian forces hold the occupied territories in the south.", "occupied")
    assert not [t for t in triggers(nlp, "Russian forces hold the occupied territories in the south.") if t[1] == "COERCE"]
    assert ("occupied", "COERCE") in triggers(nlp, "Russian forces occupied the town of Izium in April.")
    assert ("agreed", "AGREE") not in triggers(nlp, "Internationally agreed borders must be respected.")


def test_troops_on_the_march_are_no_protest(nlp):
    assert not [t for t in triggers(nlp, "Wagner forces march towards Moscow.") if t[1] == "PROTEST"]
    assert ("march", "PROTEST") in triggers(nlp, "Thousands march in Tbilisi against the law.")
