"""Two-sided events expose their other side in ``Event.counterpart``."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from dateline.nlp.events.build import _merged_counterparts


def _m(actors: list[str], counterparts: list[str]) -> SimpleNamespace:
    return SimpleNamespace(actors=actors, counterparts=counterparts)


# -- merging (no model) -----------------------------------------------------------


def test_merge_keeps_the_other_side():
    members = [_m(["A", "B"], ["B"]), _m(["A", "B"], ["B"])]
    assert _merged_counterparts(members, ["A", "B"]) == ["B"]


def test_merge_a_principal_anywhere_stays_a_principal():
    # "talks with Putin collapsed" (no first side named) ... "Trump's talks with Putin"
    members = [_m(["P"], ["P"]), _m(["T", "P"], ["P"])]
    assert _merged_counterparts(members, ["P", "T"]) == ["P"]
    # "Putin held talks" ... "talks with Putin": Putin leads
    assert _merged_counterparts([_m(["P"], []), _m(["P"], ["P"])], ["P"]) == []


def test_merge_sides_named_in_opposite_orders_first_party_leads():
    # "A met B" ... "B met A": every party is a principal somewhere
    members = [_m(["A", "B"], ["B"]), _m(["B", "A"], ["A"])]
    assert _merged_counterparts(members, ["A", "B"]) == ["B"]


def test_merge_one_sided_mentions_have_no_counterpart():
    assert _merged_counterparts([_m(["A"], []), _m(["A", "C"], [])], ["A", "C"]) == []


# -- the stage on sentences written for these tests ------------------------------------


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "actors", "counterpart"),
    [
        ("Macron met with Scholz on Tuesday.", ["person:macron", "person:scholz"], ["person:scholz"]),
        ("Russia and Ukraine held talks in Istanbul.", ["country:RUS", "country:UKR"], ["country:UKR"]),
        ("Biden spoke with Xi by phone.", ["person:biden", "person:xi"], ["person:xi"]),
        ("Talks between Russia and Ukraine resumed on Friday.", ["country:RUS", "country:UKR"], ["country:UKR"]),
    ],
)
def test_two_sided_event_keeps_both_actors_and_names_the_other_side(analyse, run_events, text, actors, counterpart):
    ex = run_events(analyse(text))
    [event] = [e for e in ex.events if e.event == "CONSULT"]
    assert event.actor == actors
    assert event.counterpart == counterpart
    assert event.recipient == []
    assert set(event.counterpart) <= set(event.actor)


@pytest.mark.model
def test_one_sided_event_and_visit_have_no_counterpart(analyse, run_events):
    ex = run_events(analyse("Russia attacked Ukraine with drones on Monday."))
    [attack] = ex.events
    assert attack.recipient == ["country:UKR"] and attack.counterpart == []
    ex = run_events(analyse("Macron visited Scholz in Berlin."))
    [visit] = ex.events
    # a visit is directed: visitor -> host, no other side among the actors
    assert visit.actor == ["person:macron"] and visit.recipient == ["person:scholz"]
    assert visit.counterpart == []


@pytest.mark.model
def test_merged_mentions_keep_one_other_side(analyse, run_events):
    ex = run_events(analyse("Macron met Scholz on Monday. Scholz met Macron again on Monday."))
    [meeting] = ex.events
    assert len(meeting.mentions) == 2
    assert meeting.actor == ["person:macron", "person:scholz"]
    assert meeting.counterpart == ["person:scholz"]
    ex = run_events(analyse("Macron met Scholz on Monday. The meeting with Scholz lasted two hours."))
    [meeting] = ex.events
    assert len(meeting.mentions) == 2 and meeting.counterpart == ["person:scholz"]


@pytest.mark.model
def test_the_evaluation_reads_what_the_event_exposes(nlp):
    from dateline.eval.events import rule_readings
    from dateline.nlp.events.resources import load_resources

    res = load_resources()
    docs = [nlp(t) for t in ("Macron met with Scholz on Tuesday.", "Russia attacked Ukraine on Monday.")]
    met, attacked = rule_readings(docs, res)
    # first party -> the other side, as Event.actor minus counterpart -> recipient plus counterpart
    assert met == {"type": "CONSULT", "actor": ["Macron"], "recipient": ["Scholz"]}
    assert attacked == {"type": "ASSAULT", "actor": ["Russia"], "recipient": ["Ukraine"]}
