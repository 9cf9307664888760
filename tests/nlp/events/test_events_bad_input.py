"""Bad input: no crash, no invented events."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.model


def test_no_verb_fragments(analyse, run_events):
    ex = run_events(analyse("Ukraine. Russia. Weapons and ammunition. Kyiv, Moscow, Paris."))
    assert ex.events == []


def test_list_and_table(analyse, run_events):
    text = "Country | Code | Count\nRussia | RUS | 12\nUkraine | UKR | 7\n- tanks\n- drones\n- shells\n"
    ex = run_events(analyse(text))
    assert ex.events == []


def test_all_caps_headline(analyse, run_events):
    ex = run_events(analyse("RUSSIA ATTACKS UKRAINE AS TALKS COLLAPSE IN RIYADH"))
    assert ex.events == []


def test_two_hundred_word_sentence(analyse, run_events):
    clause = "and officials in the region discussed the situation with local residents for hours "
    text = "Russia attacked Ukraine " + clause * 18 + "before dawn."
    assert len(text.split()) >= 200
    ex = run_events(analyse(text))
    attacks = [e for e in ex.events if e.event == "ASSAULT"]
    assert len(attacks) == 1


def test_other_language_text(analyse, run_events):
    text = "Die Regierung hat die Lieferung von Waffen gestoppt. Le président a rencontré son homologue."
    assert run_events(analyse(text)).events == []
    assert run_events(analyse("Russia attacked Ukraine.", language="de")).events == []


def test_empty_and_whitespace(analyse, run_events):
    assert run_events(analyse("   \n  ")).events == []


def test_no_actors_layer(analyse, run_events):
    analysis = analyse("Russia attacked Ukraine on Monday.")
    analysis.extraction.actors = []
    ex = run_events(analysis)
    assert [e.event for e in ex.events] == ["ASSAULT"]
    assert ex.events[0].actor == []
