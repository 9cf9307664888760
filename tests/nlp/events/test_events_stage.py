"""The events stage on sentences written for these tests."""

from __future__ import annotations

import pytest
from tests.nlp.events.conftest import codes

pytestmark = pytest.mark.model


def only(extraction, event_type):
    found = [e for e in extraction.events if e.event == event_type]
    assert len(found) == 1, [(e.event, e.event_text) for e in extraction.events]
    return found[0]


def test_active_verb_gives_actor_and_recipient(analyse, run_events):
    ex = run_events(analyse("Russia attacked Ukraine with drones on Monday."))
    event = only(ex, "ASSAULT")
    assert codes(ex, event.actor) == {"RUS"}
    assert codes(ex, event.recipient) == {"UKR"}
    assert event.mode == "drone"
    assert event.quad_class == 4 and event.score == -9.5
    assert event.asserted


def test_passive_voice_swaps_roles(analyse, run_events):
    ex = run_events(analyse("Ukraine was attacked by Russia overnight."))
    event = only(ex, "ASSAULT")
    assert codes(ex, event.actor) == {"RUS"}
    assert codes(ex, event.recipient) == {"UKR"}


def test_nominal_event_with_possessive_and_casualties(analyse, run_events):
    ex = run_events(analyse("Russia's missile attack on Ukraine killed 14 civilians and injured 30 people."))
    event = only(ex, "ASSAULT")
    assert codes(ex, event.actor) == {"RUS"}
    assert codes(ex, event.recipient) == {"UKR"}
    assert event.mode == "heavy-weapons"
    assert event.size == {"dead": 14, "injured": 30}


def test_reciprocal_call_puts_both_parties_in_actor(analyse, run_events):
    ex = run_events(analyse("Biden held a phone call with Xi on Tuesday."))
    event = only(ex, "CONSULT")
    assert codes(ex, event.actor) == {"USA", "CHN"}
    assert event.recipient == []
    assert event.mode == "phone"


def test_compound_actor_stays_a_list(analyse, run_events):
    ex = run_events(analyse("France and Germany condemned the decision by Iran."))
    event = only(ex, "ACCUSE")
    assert codes(ex, event.actor) == {"FRA", "DEU"}
    assert len(event.actor) == 2


def test_negated_delivery_is_not_asserted(analyse, run_events):
    ex = run_events(analyse("Washington has not approved any new arms deliveries to Kyiv this year."))
    event = only(ex, "AID")
    assert "negation" in event.aux
    assert not event.asserted
    assert codes(ex, event.recipient) == {"UKR"}
    assert "military" in event.context


def test_no_sanctions_under_negated_verb(analyse, run_events):
    ex = run_events(analyse("Berlin has not imposed sanctions on Iran."))
    event = only(ex, "SANCTION")
    assert event.aux == ["negation"]
    assert codes(ex, event.recipient) == {"IRN"}


def test_future_planned_meeting(analyse, run_events):
    ex = run_events(analyse("Macron is expected to meet Scholz in Berlin next week."))
    event = only(ex, "CONSULT")
    assert "future" in event.aux and not event.asserted
    assert codes(ex, event.actor) == {"FRA", "DEU"}


def test_conditional_attack_is_hypothetical(analyse, run_events):
    ex = run_events(analyse("NATO said it would respond if Russia attacked Poland."))
    event = only(ex, "ASSAULT")
    assert "hypothetical" in event.aux
    assert not event.asserted


def test_refusal_to_accept_is_reject_not_negated_agree(analyse, run_events):
    ex = run_events(analyse("Moscow will not accept any deal that ignores its demands."))
    assert not [e for e in ex.events if e.event == "AGREE"]
    event = only(ex, "REJECT")
    assert "negation" not in event.aux
    # the refusal is stated now ("will not accept"): asserted, no future mark
    assert "future" not in event.aux


def test_content_of_a_demand_is_not_a_separate_event(analyse, run_events):
    ex = run_events(analyse("France urged Iran to release the detained sailors."))
    event = only(ex, "REQUEST")
    assert codes(ex, event.actor) == {"FRA"} and codes(ex, event.recipient) == {"IRN"}
    assert not [e for e in ex.events if e.event == "RETREAT"]


def test_historical_background(analyse, run_events):
    ex = run_events(analyse("Five years of military aid to Ukraine have emptied stockpiles."))
    event = only(ex, "AID")
    assert "historical" in event.aux


def test_mentions_of_one_call_merge_and_durations_contradict(analyse, run_events):
    text = (
        "Biden held a two-hour phone call with Xi on Tuesday. "
        "The leaders discussed trade. "
        "During the hour-long call, Biden raised Taiwan."
    )
    ex = run_events(analyse(text, timexes=[("Tuesday", "DATE", "2024-05-07")]))
    calls = [e for e in ex.events if e.event == "CONSULT" and any(m.text == "call" for m in e.mentions)]
    assert len(calls) == 1
    assert len(calls[0].mentions) >= 2
    assert calls[0].date == "2024-05-07"
    [contradiction] = [c for c in ex.contradictions if c.attribute == "duration"]
    assert contradiction.event_id == calls[0].id
    assert {s.text for s in contradiction.spans} == {"two-hour", "hour-long"}
    assert contradiction.values == ["PT2H", "PT1H"]


def test_different_parties_are_different_events(analyse, run_events):
    text = "Macron spoke with Scholz on Monday. Biden spoke with Xi on Friday."
    ex = run_events(analyse(text))
    consults = [e for e in ex.events if e.event == "CONSULT"]
    assert len(consults) == 2


def test_quoted_and_hedged_events_are_attributed_with_lower_confidence(analyse, run_events):
    text = "Russian troops reportedly seized the town. Officials said Russia attacked Poland."
    ex = run_events(analyse(text, quotes=[("Russia attacked Poland", None)]))
    seized = only(ex, "COERCE")
    attack = only(ex, "ASSAULT")
    assert attack.attribution == "q0"
    plain = run_events(analyse("Russia attacked Poland."))
    assert attack.confidence < only(plain, "ASSAULT").confidence
    unhedged = run_events(analyse("Russian troops seized the town."))
    assert seized.confidence < only(unhedged, "COERCE").confidence
    # the adverb may attach to the subject: "troops reportedly had seized"
    perfect = run_events(analyse("Russian troops reportedly had seized the town on Monday."))
    assert only(perfect, "COERCE").confidence < only(unhedged, "COERCE").confidence


def test_location_and_place_recipient(analyse, run_events):
    ex = run_events(analyse("Russian troops shelled a suburb of Kharkiv.", places=[("Kharkiv", "UA")]))
    event = only(ex, "ASSAULT")
    assert event.location is not None and event.location.name == "Kharkiv"
    assert codes(ex, event.actor) == {"RUS"}


def test_first_person_in_quote_is_the_speaker(analyse, run_events):
    text = "\u201cWe condemned the strike,\u201d Macron said."
    ex = run_events(analyse(text, quotes=[("We condemned the strike", "person:macron")]))
    event = only(ex, "ACCUSE")
    assert event.actor == ["person:macron"]
    assert event.attribution == "q0"


def test_every_event_is_well_formed(analyse, run_events):
    from dateline.nlp.events import load_resources

    res = load_resources()
    text = (
        "Russia attacked Ukraine. France urged Iran to release the sailors. "
        "Germany will not accept the proposal. Macron is expected to meet Scholz."
    )
    ex = run_events(analyse(text))
    assert ex.events
    for event in ex.events:
        assert event.event in res.types
        assert event.mode is None or event.mode in res.types[event.event].modes
        assert set(event.context) <= set(res.contexts)
        assert set(event.aux) <= {"negation", "future", "hypothetical", "historical"}
        assert event.quad_class == res.types[event.event].quad_class
        assert 0 < event.confidence <= 1
        for m in event.mentions:
            assert text[m.start : m.end] == m.text


def test_event_before_a_dated_event_is_not_given_the_report_date(analyse, run_events):
    text = "The summit opened on Tuesday, just days after France suspended aid deliveries to Iran."
    ex = run_events(analyse(text, timexes=[("Tuesday", "DATE", "2024-05-07")]))
    summit = only(ex, "CONSULT")
    assert summit.date == "2024-05-07"
    halt = only(ex, "SANCTION")
    assert halt.mode == "discontinue"
    # its only date would be the publication date (2024-05-10), after the summit
    assert halt.date is None and halt.date_precision == "unknown"


def test_conjoined_verbs_of_one_type_are_one_event(analyse, run_events):
    # "will" covers both verbs: one planned deployment, not a planned and a real one
    ex = run_events(analyse("Russia will be deploying and sending troops to the border with Ukraine."))
    event = only(ex, "MOBILIZE")
    assert [m.text for m in event.mentions] == ["deploying", "sending"]
    assert event.aux == ["future"]


def test_an_undated_restatement_keeps_the_event_historical(analyse, run_events):
    ex = run_events(analyse("Russia annexed Crimea in 2014. Moscow's annexation was condemned by Ukraine.",
                            timexes=[("2014", "DATE", "2014")]))
    event = only(ex, "COERCE")
    assert len(event.mentions) == 2
    assert event.date == "2014" and "historical" in event.aux


def test_an_undated_mention_refers_to_todays_happening_not_the_historical_one(analyse, run_events):
    text = "Russia invaded Ukraine on February 24. Moscow's 2014 invasion of Ukraine was smaller. Its invasion has killed thousands."
    ex = run_events(analyse(text, published="2022-03-01",
                            timexes=[("February 24", "DATE", "2022-02-24"), ("2014", "DATE", "2014")]))
    by_date = {e.date: e for e in ex.events if e.event == "ASSAULT"}
    assert set(by_date) == {"2022-02-24", "2014"}
    last = text.rindex("invasion")
    assert [m.start for m in by_date["2014"].mentions] == [text.index("invasion")]
    assert last in [m.start for m in by_date["2022-02-24"].mentions]
    assert "historical" in by_date["2014"].aux and "historical" not in by_date["2022-02-24"].aux


def test_a_week_and_its_day_are_one_attack_dated_by_the_day(analyse, run_events):
    ex = run_events(analyse("Russian troops attacked Kyiv this week. The attack on Kyiv on Tuesday killed five people.",
                            timexes=[("this week", "DATE", "2024-W19"), ("Tuesday", "DATE", "2024-05-07")]))
    event = only(ex, "ASSAULT")
    assert event.date == "2024-05-07"
