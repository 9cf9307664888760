"""Multiword event constructions (data/events/constructions.json) and the trigger
entries added for recall (issue 14): phrases no single lemma reports. Our own
sentences."""

from __future__ import annotations

import pytest
from tests.nlp.events import test_recall_candidates as recall

from dateline.errors import ConfigError
from dateline.nlp.events import constructions

# the candidates of a text, as (trigger, type, actor words, recipient words)
found = recall.found
_of = recall._of

pytestmark = pytest.mark.model


@pytest.mark.parametrize(
    ("text", "event", "trigger", "actor"),
    [
        # "by" hangs as a passive agent, so the lexicon's speak+by misses it
        ("Sikorski and Rubio spoke by phone as the summit opened.", "CONSULT", "spoke", "Sikorski"),
        ("The chancellor talked over the phone with the Moldovan president.", "CONSULT", "talked", "chancellor"),
        ("The senator spoke out in favour of Moldova's bid to join the union.", "SUPPORT", "spoke", "senator"),
        ("Budapest once again stood up for Moscow at the summit.", "SUPPORT", "stood", "Budapest"),
        ("Lithuania stands firmly with Kyiv, the minister said.", "SUPPORT", "stands", "Lithuania"),
        ("The council expressed its full support for the monitoring mission.", "SUPPORT", "expressed", "council"),
        ("Enemy gunners have been raining down shells on the villages for a week.", "ASSAULT", "raining", "gunners"),
        ("The general told the garrison not to retreat.", "REQUEST", "told", "general"),
        ("The premier pressed Warsaw to reopen the crossings.", "REQUEST", "pressed", "premier"),
        ("The envoy stressed the need to keep the sanctions in place.", "REQUEST", "stressed", "envoy"),
        ("The villages were hit by drones overnight.", "ASSAULT", "hit", None),
        ("The alliance declined to extend an invitation to Georgia.", "REJECT", "declined", "alliance"),
        ("After three days the rebel commander backed down.", "CONCEDE", "backed", "commander"),
        ("Ankara is ready for new talks on the corridor.", "AGREE", "ready", "Ankara"),
        ("The mediators signalled their willingness to host the negotiations.", "AGREE", "signalled", "mediators"),
        ("Both states confirmed their participation in the conference.", "AGREE", "confirmed", "states"),
        ("The premier said he was prepared to use the nuclear arsenal.", "THREATEN", "prepared", "he"),
        ("The alliance will bolster its presence in the Baltic states.", "MOBILIZE", "bolster", "alliance"),
        ("Paratroopers took heavy losses in the battle for Hostomel.", "ASSAULT", "battle", None),
        ("It was Russia that crossed the border first.", "ASSAULT", "crossed", None),
        ("The minister reaffirmed Georgia's sovereignty and territorial integrity.", "SUPPORT", "reaffirmed", "minister"),
        ("Kyiv vowed that the invaders would pay dearly.", "THREATEN", "vowed", "Kyiv"),
        ("The junta launched a special military operation against its neighbour.", "ASSAULT", "launched", "junta"),
        ("The general began a large ground operation in the valley.", "ASSAULT", "began", "general"),
        ("The envoys emphasised their willingness to help end the blockade.", "AGREE", "emphasised", "envoys"),
        ("The guards opened fire on the convoy near the crossing.", "ASSAULT", "opened", "guards"),
    ],
)
def test_constructions_make_candidates(found, text, event, trigger, actor):
    hits = [c for c in found(text) if c[0] == trigger and c[1] == event]
    assert hits, found(text)
    if actor is not None:
        assert actor in hits[0][2], hits


def test_a_border_troop_count_is_a_mobilization(found):
    hits = _of(found("Minsk now keeps 20,000 soldiers near the Polish border."), "MOBILIZE")
    assert [h[0] for h in hits] == ["soldiers"], hits


@pytest.mark.parametrize(
    ("text", "event", "trigger"),
    [
        ("Their forces kept up the siege of the port city.", "ASSAULT", "siege"),
        ("Paratroopers stormed the airport at dawn.", "ASSAULT", "stormed"),
        ("The brigade repelled the enemy near the river.", "ASSAULT", "repelled"),
        ("Marines stopped a tank push south of the town.", "ASSAULT", "stopped"),
        ("Rebel fighters wrested control of the valley.", "COERCE", "wrested"),
        ("The ministry is drawing down its staff at the embassy.", "SANCTION", "drawing"),
        ("The city council voted to remove a Soviet war memorial.", "SANCTION", "remove"),
        ("The premier vowed a swift retaliation against the raiders.", "THREATEN", "vowed"),
        ("Western ammunition is still flowing to the front.", "AID", "flowing"),
        ("Oslo imposed a ban on Belarusian trucks last week.", "SANCTION", "ban"),
    ],
)
def test_added_triggers(found, text, event, trigger):
    assert [c for c in found(text) if c[0] == trigger and c[1] == event], found(text)


@pytest.mark.parametrize(
    ("text", "event"),
    [
        ("It rained on Tuesday in the capital.", "ASSAULT"),  # weather, not bombardment
        ("She stood by the window for an hour.", "SUPPORT"),  # a place, not a party
        ("The minister told reporters what to expect from the talks.", "REQUEST"),  # no request
        ("The soldiers walked 30 km to the border crossing.", "MOBILIZE"),  # a distance, not a deployment
        ("The fans stopped the music at midnight.", "ASSAULT"),  # no military push
        ("He vowed to finish the novel by spring.", "THREATEN"),  # a promise, no threat
        ("The army is ready to strike at any moment.", "AGREE"),  # readiness to fight is no agreement
        ("Thousands of refugees from Moldova crossed the border.", "ASSAULT"),  # people fleeing, not an army
        ("Willing to send air defence, Berlin is ready to help.", "AGREE"),  # giving stays the AID's
        ("The coast guard launched a rescue operation off the island.", "ASSAULT"),  # no military operation
        ("The bank started an audit of the military operation's costs.", "ASSAULT"),  # the operation is no object of "start"
        ("The mayor announced a ban in the old town.", "SANCTION"),  # a ban on nothing named
        ("The crowd opened the fire doors at noon.", "ASSAULT"),  # no firing
    ],
)
def test_near_misses_are_not_those_events(found, text, event):
    cands = found(text)
    assert not _of(cands, event), cands


def test_a_construction_replaces_the_lexicon_candidate_on_its_token(found):
    # "speak ... by" is in the lexicon; the construction stands for it, once
    cands = found("Lavrov and Wang spoke by telephone on Monday.")
    assert [c[1] for c in cands if c[0] == "spoke"] == ["CONSULT"], cands


def test_bad_data_is_a_config_error(monkeypatch):
    bad = {"constructions": [{"name": "x", "event": "NOT_A_TYPE", "patterns": [[{"LOWER": "x"}]]}]}
    monkeypatch.setattr(constructions, "read_json", lambda *parts: bad)
    constructions.load_constructions.cache_clear()
    try:
        with pytest.raises(ConfigError):
            constructions.load_constructions()
        bad["constructions"][0].update(event="CONSULT", trigger=3)
        with pytest.raises(ConfigError):
            constructions.load_constructions()
    finally:
        constructions.load_constructions.cache_clear()


@pytest.fixture
def all_on(monkeypatch):
    """The constructions measured and kept ``off`` in the data file, switched on."""
    from dateline.packagedata import read_json

    def read_all(*parts):
        data = read_json(*parts)
        return {**data, "constructions": [{k: v for k, v in c.items() if k != "off"} for c in data["constructions"]]}

    monkeypatch.setattr(constructions, "read_json", read_all)
    constructions.load_constructions.cache_clear()
    constructions._MATCHERS.clear()
    yield
    constructions.load_constructions.cache_clear()
    constructions._MATCHERS.clear()


def test_off_constructions_are_not_matched(found):
    # checked when loaded, but left out of the matchers (measured, not shipped)
    assert "call them criminals" not in {c.name for c, _ in constructions.load_constructions()}
    cands = found("The premier called the shelling a cowardly act of terror.")
    assert not [c for c in cands if c[0] == "called" and c[1] == "ACCUSE"], cands


@pytest.mark.parametrize(
    ("text", "event", "trigger", "actor", "recipient"),
    [
        # designations: "called X a Y" with an accusing Y
        ("The premier called the shelling a cowardly act of terror.", "ACCUSE", "called", "premier", "shelling"),
        ("The foreign minister described the vote as an illegal sham.", "ACCUSE", "described", "minister", "vote"),
        # support-verb constructions
        ("The parliament held Minsk responsible for the crisis.", "ACCUSE", "held", "parliament", "Minsk"),
        ("The ministry expressed outrage over the Belarusian raids.", "ACCUSE", "expressed", "ministry", None),
        ("The mayor offered his condolences to the families of the victims.", "SUPPORT", "offered", "mayor", None),
        ("Tbilisi is ready to restart the dialogue with Moscow.", "AGREE", "ready", "Tbilisi", None),
        # deployments and denials
        ("Two more Russian battalions arrived in the region on Friday.", "MOBILIZE", "arrived", "battalions", None),
        ("Eight Belarusian bombers landed at the air base near Minsk.", "MOBILIZE", "landed", "bombers", None),
        ("Baku's readiness to host the talks surprised the envoys.", "AGREE", "readiness", "Baku", None),
    ],
)
def test_designations_support_verbs_and_deployments(found, all_on, text, event, trigger, actor, recipient):
    hits = [c for c in found(text) if c[0] == trigger and c[1] == event]
    assert hits, found(text)
    assert actor in hits[0][2], hits
    if recipient is not None:
        assert recipient in hits[0][3], hits


@pytest.mark.parametrize(
    ("text", "event"),
    [
        ("He wanted to see what locals call a criminal waste of money.", "ACCUSE"),  # a relative "what": no object
        ("She called the museum to book a guided tour.", "ACCUSE"),  # no designation
        ("The minister voiced concern that prices could rise.", "ACCUSE"),  # a worry, no disapproval
        ("The harvest is ready to collect in May.", "AGREE"),  # no party's willingness
        ("The tourists arrived in the capital on Friday.", "MOBILIZE"),  # no forces
        ("Thousands more troops arrived in the region.", "MOBILIZE"),  # forces no one is named as owning
        ("The pump held the water back for an hour.", "ACCUSE"),  # no responsibility
        ("The unit stressed its readiness to strike at any moment.", "AGREE"),  # readiness to fight
    ],
)
def test_designation_and_deployment_near_misses(found, all_on, text, event):
    cands = found(text)
    assert not _of(cands, event), cands
