"""Precision constraints (issue 6): generic verbs with no party, passive "asked",
inanimate subjects, and the speaker of a verbal act coordinated with "said"."""

from __future__ import annotations

import pytest
from tests.nlp.events.conftest import codes

pytestmark = pytest.mark.model


def types(extraction):
    return [e.event for e in extraction.events]


def test_coordinated_speech_act_takes_the_speaker(analyse, run_events):
    ex = run_events(analyse("Biden said that Russia seemed unwilling to negotiate, and blamed Moscow for the crisis."))
    accuse = [e for e in ex.events if e.event == "ACCUSE"]
    assert len(accuse) == 1, types(ex)
    assert codes(ex, accuse[0].actor) == {"USA"}
    assert codes(ex, accuse[0].recipient) == {"RUS"}


def test_coordinated_material_act_keeps_the_reported_subject(analyse, run_events):
    # "killed" is the reported army's act, not the speaker's: material events stay inside the clause
    ex = run_events(analyse("Biden said Russian troops shelled the town and killed ten people."))
    assaults = [e for e in ex.events if e.event == "ASSAULT"]
    assert assaults, types(ex)
    assert all("USA" not in codes(ex, e.actor) for e in assaults)
    assert any(codes(ex, e.actor) == {"RUS"} for e in assaults)


def test_speaker_rule_needs_a_closed_reported_clause(analyse, run_events):
    # no "that", no comma: the conjunct may belong to the reported clause, so it stays there
    ex = run_events(analyse("Biden said Russia wanted war and accused Poland of lying."))
    accuse = [e for e in ex.events if e.event == "ACCUSE"]
    assert len(accuse) == 1, types(ex)
    assert codes(ex, accuse[0].actor) == {"RUS"}


def test_passive_or_bare_asked_is_a_question_not_a_request(analyse, run_events):
    ex = run_events(analyse("When asked about the border, Macron smiled. Scholz was asked whether Berlin would help."))
    assert "REQUEST" not in types(ex)


def test_active_ask_with_a_party_is_a_request(analyse, run_events):
    ex = run_events(analyse("Kyiv asked Berlin for more air defence systems."))
    request = [e for e in ex.events if e.event == "REQUEST"]
    assert len(request) == 1, types(ex)
    assert codes(ex, request[0].actor) == {"UKR"}
    assert codes(ex, request[0].recipient) == {"DEU"}


def test_asking_a_question_is_not_a_request(analyse, run_events):
    ex = run_events(analyse("Macron asked Scholz a question about the budget."))
    assert "REQUEST" not in types(ex)


def test_generic_verbs_without_a_party_are_dropped(analyse, run_events):
    ex = run_events(
        analyse("The goal is to win without having to fight. There is no evidence to support the claim.")
    )
    assert "ASSAULT" not in types(ex)
    assert "SUPPORT" not in types(ex)


def test_generic_verb_with_a_party_is_kept(analyse, run_events):
    ex = run_events(analyse("Poland will support Ukraine."))
    support = [e for e in ex.events if e.event == "SUPPORT"]
    assert len(support) == 1, types(ex)
    assert codes(ex, support[0].actor) == {"POL"}
    assert not support[0].asserted


def test_inanimate_subject_rules_out_a_demand(analyse, run_events):
    ex = run_events(analyse("The situation demands that NATO reinforce its eastern flank."))
    assert "REQUEST" not in types(ex)


def test_nationality_adjective_owns_a_noun_object_event(analyse, run_events):
    ex = run_events(analyse("Ukraine said its forces repelled a Russian attack near Kharkiv. Russia denied it."))
    assault = [e for e in ex.events if e.event == "ASSAULT"]
    assert len(assault) == 1, types(ex)
    assert codes(ex, assault[0].actor) == {"RUS"}


def test_other_senses_are_ruled_out_by_their_object(analyse, run_events):
    ex = run_events(
        analyse(
            "Poland is meeting strength with strength. Germany must demonstrate the political will to act. "
            "France recognized the need to spend more."
        )
    )
    assert types(ex) == [], [(e.event, e.event_text) for e in ex.events]


def test_same_verbs_keep_their_event_sense(analyse, run_events):
    ex = run_events(analyse("Macron met Scholz in Berlin. Thousands demonstrated in Kyiv against Russia."))
    assert "CONSULT" in types(ex)
    assert "PROTEST" in types(ex)
