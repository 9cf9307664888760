"""The final-event filter: its features, its decisions and the stage using it (our own sentences)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from dateline.errors import ConfigError
from dateline.model import Contradiction, Event, Span
from dateline.nlp.events.event_filter import EventFilter, event_facts, load_event_filter
from dateline.nlp.events.resources import load_resources


def _filter(threshold: float = 0.5, **weights: float) -> EventFilter:
    names = sorted(weights)
    return EventFilter(names, np.array([weights[n] for n in names]), -1.0, threshold)


def _sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-z))


def test_probability_is_a_logistic_over_the_named_facts_only():
    filt = _filter(asserted=3.0, future=-2.0)
    probs = filt.probabilities([{"asserted": 1.0}, {"future": 1.0}, {"never_trained": 5.0}, {}])
    assert probs == pytest.approx([_sigmoid(2.0), _sigmoid(-3.0), _sigmoid(-1.0), _sigmoid(-1.0)])
    assert len(filt.probabilities([])) == 0


def test_round_trip_and_broken_weights(tmp_path):
    filt = _filter(0.3, asserted=1.25, recipient=0.5)
    path = tmp_path / "filter.json"
    path.write_text(filt.to_json({"note": "test"}), encoding="utf-8")
    back = load_event_filter(path)
    assert back.names == filt.names and back.threshold == 0.3 and back.bias == -1.0
    assert back.weights == pytest.approx(filt.weights)
    path.write_text('{"weights": {}}', encoding="utf-8")
    with pytest.raises(ConfigError):
        load_event_filter(path)


def test_the_shipped_filter_loads_with_a_threshold_and_named_features():
    filt = load_event_filter()
    assert 0.0 < filt.threshold < 1.0
    assert {"asserted", "future", "hypothetical", "attributed", "recipient", "confidence"} <= set(filt.names)


@pytest.mark.model
def test_facts_read_marks_quotes_actors_dates_and_competition(analyse):
    from dateline.nlp.events import coded_events

    text = "Officials said Russia attacked Poland. Russia will attack Ukraine on June 3. France sent aid and Germany sent aid."
    analysis = analyse(text, quotes=[("Russia attacked Poland", None)],
                       timexes=[("June 3", "DATE", "2024-06-03")])
    events, _ = coded_events(analysis, load_resources(), None, None, None)
    facts = {(e.event, e.mentions[0].text): f for e, f in zip(events, event_facts(analysis, events, load_resources()),
                                                              strict=True)}
    quoted = next(f for (t, m), f in facts.items() if t == "ASSAULT" and m == "attacked")
    assert quoted["asserted"] == 1.0 and quoted["in_quote"] == 1.0 and quoted["reported"] == 1.0
    assert quoted["actor_in_sentence"] == 1.0 and quoted["recipient"] == 1.0
    planned = next(f for (t, m), f in facts.items() if t == "ASSAULT" and m == "attack")
    assert planned["future"] == 1.0 and planned["asserted"] == 0.0 and planned["in_quote"] == 0.0
    assert planned.get("date_future") == 1.0
    aid = [f for (t, _), f in facts.items() if t == "AID"]
    assert aid and all(f["competing_1"] == 1.0 or f["competing_2+"] == 1.0 for f in aid)


@pytest.mark.model
def test_apply_drops_under_the_threshold_and_only_lowers_confidence(analyse):
    from dateline.nlp.events import coded_events

    res = load_resources()
    analysis = analyse("Russia attacked Poland. Russia will attack Ukraine.")
    events, _ = coded_events(analysis, res, None, None, None)
    assert {e.asserted for e in events} == {True, False}
    before = {e.id: e.confidence for e in events}
    contradictions = [Contradiction(e.id, "duration", [1, 2], [Span(0, 1, "R")]) for e in events]
    # asserted: sigmoid(2) = 0.88 kept; planned: sigmoid(-1) = 0.27 dropped at 0.5
    kept, left = _filter(0.5, asserted=3.0).apply(analysis, list(events), contradictions, res)
    assert [e.asserted for e in kept] == [True]
    assert [c.event_id for c in left] == [kept[0].id]
    assert kept[0].confidence == pytest.approx(min(before[kept[0].id], _sigmoid(2.0)), abs=1e-3)
    # a filter surer than the typer never raises the confidence
    sure = Event("x", "ASSAULT", mentions=events[0].mentions, confidence=0.4, actor=events[0].actor)
    (again,), _ = _filter(0.1, asserted=10.0).apply(analysis, [sure], [], res)
    assert again.confidence == 0.4


@pytest.mark.model
def test_the_stage_filter_option(analyse):
    from dateline.config import Config
    from dateline.nlp.events import coded_events, make_events
    from dateline.nlp.events.learned import load_typer

    text = "Russia attacked Poland on Monday. Russia will attack Ukraine."
    plain, _ = coded_events(analyse(text), load_resources(), load_typer(), None)  # no filter by default
    filtered, _ = coded_events(analyse(text), load_resources(), load_typer(), None, True)
    by_text = {e.mentions[0].text: e.confidence for e in plain}
    assert filtered and all(e.confidence <= by_text[e.mentions[0].text] for e in filtered)
    # the stage: off unless "filter = true"
    for on, expected in ((False, plain), (True, filtered)):
        stage = make_events(Config().with_overrides(stage_options={"events": {"filter": on, "statements": False}}))
        analysis = analyse(text)
        stage(analysis)
        assert sorted(e.confidence for e in analysis.extraction.events) == sorted(e.confidence for e in expected)


@pytest.mark.model
def test_clause_facts_say_why_an_event_is_told_as_done(analyse):
    from dateline.nlp.events import coded_events

    res = load_resources()
    text = ("Russia attacked Poland on Monday. Russia also attacked Lithuania. "
            "Russia will attack Ukraine if talks fail. Germany to send tanks to Ukraine.")
    analysis = analyse(text, timexes=[("Monday", "DATE", "2024-06-03")])
    events, _ = coded_events(analysis, res, None, None, None)
    facts = {(e.event, e.mentions[0].sentence): f for e, f in zip(events, event_facts(analysis, events, res), strict=True)}
    done = facts[("ASSAULT", 0)]
    assert done["clause_past"] == 1.0 and done["clause_subject"] == 1.0 and done["clause_modal"] == 0.0
    assert done["timex_in_sentence"] == 1.0 and facts[("ASSAULT", 1)]["timex_in_sentence"] == 0.0
    # another attack by the same attacker, in another sentence
    assert done["same_type_actor"] == 1.0 and done["same_type_other_sentence"] == 1.0
    planned = facts[("ASSAULT", 2)]
    assert planned["clause_modal"] == 1.0 and planned["clause_future"] == 1.0 and planned["clause_past"] == 0.0
    assert planned["clause_condition"] == 0.0  # the condition is on "fail", below the trigger
    headline = next(f for (t, s), f in facts.items() if s == 3)
    assert headline["clause_to"] == 1.0 and headline["clause_headline"] == 1.0
