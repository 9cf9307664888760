"""Candidates the lexicon and parse used to miss (issue 14, recall): troop
build-ups, nominal events carried by a participle, coordinated predicates,
fighting named by a noun. Our own sentences."""

from __future__ import annotations

import pytest
from tests.nlp.events.conftest import codes

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def found(nlp):
    from dateline.nlp.events.mentions import candidates
    from dateline.nlp.events.resources import load_resources

    res = load_resources()

    def run(text: str) -> list[tuple[str, str, list[str], list[str]]]:
        doc = nlp(text)
        return [
            (c.trigger.text, c.event, [t.text for t in c.actor_tokens], [t.text for t in c.recipient_tokens])
            for sent in doc.sents
            for c in candidates(sent, res)
        ]

    return run


def _of(cands, event):
    return [c for c in cands if c[1] == event]


@pytest.mark.parametrize(
    "text",
    [
        "Moscow has amassed some 90,000 troops near the frontier.",
        "Belarus concentrated thousands of soldiers along the border.",
        "The navy gathered over twenty warships in the bay.",
        "The army has built up its forces around the city.",
        "The alliance will send more soldiers to the eastern flank.",
    ],
)
def test_troop_movements_are_mobilizations(found, text):
    assert _of(found(text), "MOBILIZE"), found(text)


def test_gathering_something_other_than_forces_is_no_mobilization(found):
    assert not _of(found("The farmers gathered their harvest before the rain."), "MOBILIZE")


def test_sending_weapons_stays_aid(found):
    cands = found("The government will send tanks to the front.")
    assert _of(cands, "AID") and not _of(cands, "MOBILIZE"), cands


def test_forces_put_on_high_alert_act_themselves(found):
    (alert,) = _of(found("Russian troops were put on high alert."), "MOBILIZE")
    assert alert[2] == ["troops"]


def test_participle_carries_a_nominal_event_and_its_agent_acts(found):
    (sanction,) = _of(found("The sanctions imposed by the European Union against Moscow hurt exports."), "SANCTION")
    assert sanction[2] == ["Union"]
    assert sanction[3] == ["Moscow"]


def test_atrocities_committed_by_forces_have_them_as_actor(found):
    (assault,) = _of(found("Atrocities committed by the occupying forces shocked the world."), "ASSAULT")
    assert assault[2] == ["forces"]


def test_second_conjunct_of_a_controlled_predicate_is_its_own_event(found):
    cands = found("The ministers are expected to promise more aid for Kyiv and impose new sanctions on Moscow.")
    (sanction,) = _of(cands, "SANCTION")
    assert sanction[3] == ["Moscow"]
    assert _of(cands, "AGREE")


def test_conjunct_of_a_demanded_act_stays_inside_the_demand(found):
    cands = found("The minister urged Russia to withdraw its troops and release the prisoners.")
    assert _of(cands, "REQUEST")
    assert not _of(cands, "RETREAT"), cands


@pytest.mark.parametrize(
    ("text", "event"),
    [
        ("The battle for the port lasted for months.", "ASSAULT"),
        ("Heavy fights went on near the town.", "ASSAULT"),
        ("The army escalates its military campaign in the south.", "ASSAULT"),
        ("Poland stands in solidarity with Ukraine.", "SUPPORT"),
        ("The bishop renewed his call for a ceasefire.", "REQUEST"),
        ("Lithuania broke off diplomatic relations with Minsk.", "SANCTION"),
        ("Washington announced the provision of a new security assistance package.", "AID"),
        ("The annexation of the peninsula was never recognised.", "COERCE"),
    ],
)
def test_nouns_and_verbs_that_name_events(found, text, event):
    assert _of(found(text), event), found(text)


def test_a_battle_of_wills_is_no_fighting(found):
    assert not _of(found("The summit turned into a battle of wills."), "ASSAULT")


def test_sending_experts_is_no_troop_movement(found):
    assert not _of(found("France sent seven experts to investigate the blast."), "MOBILIZE")


def test_participle_agent_codes_through_the_stage(analyse, run_events):
    ex = run_events(analyse("The sanctions imposed by Washington against Russia hurt its banks."))
    sanctions = [e for e in ex.events if e.event == "SANCTION"]
    assert sanctions, [e.event for e in ex.events]
    assert codes(ex, sanctions[0].actor) == {"USA"}
    assert "RUS" in codes(ex, sanctions[0].recipient)
