"""Lexicon entries for the root verbs the typer used to read as no event (issue
14, recall): releasing people, returning property, lifting and easing bans,
ceasefires, outlawing, cutting aid or deliveries, taking in refugees, trade,
strikes and troops on alert (PLOVER manual: RETREAT, CONCEDE, COERCE, SANCTION,
AID, COOPERATE, PROTEST, MOBILIZE). Our own sentences."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.model


@pytest.mark.parametrize(
    ("text", "word", "event"),
    [
        # people the object names (a name, a people, or a people noun)
        ("The militia released 12 Armenians on Sunday.", "released", "RETREAT"),
        ("Two Estonian sailors were released from captivity on Thursday.", "released", "RETREAT"),
        ("The rebels released three aid workers near the border.", "released", "RETREAT"),
        ("A court ordered the release of Maria Kolesnikova from prison.", "release", "RETREAT"),
        # returning property, bodies, territory (CAMEO 0842)
        ("Customs officers returned 40 stolen icons to the museum in Lviv.", "returned", "RETREAT"),
        ("Moscow returned the bodies of 50 soldiers to Kyiv.", "returned", "RETREAT"),
        # easing bans and emergencies (CONCEDE)
        ("Moldova lifted the state of emergency on Friday.", "lifted", "CONCEDE"),
        ("The regulator lifted its boycott of the airline.", "lifted", "CONCEDE"),
        ("The president granted a pardon to the imprisoned blogger.", "granted", "CONCEDE"),
        ("Washington rolled back tariffs on Turkish steel.", "rolled", "CONCEDE"),
        ("The dockers called off the strike after two days.", "called", "CONCEDE"),
        ("The separatists ceased their offensive near the city.", "ceased", "RETREAT"),
        ("Both militias announced a cessation of hostilities for the holiday.", "cessation", "RETREAT"),
        ("The junta announced a three-day cease-fire on Monday.", "fire", "RETREAT"),
        # coercion and sanctions
        ("The junta outlawed the largest opposition party.", "outlawed", "COERCE"),
        ("Police apprehended two men near the embassy.", "apprehended", "COERCE"),
        ("Minsk suspended publication of the last independent newspaper.", "suspended", "COERCE"),
        ("The parliament reduced military aid to the regime this year.", "reduced", "SANCTION"),
        ("The company is cutting gas deliveries to Austria.", "cutting", "SANCTION"),
        ("The regime expelled the nuclear inspectors in May.", "expelled", "SANCTION"),
        ("The mission withdrew its monitors from the buffer zone.", "withdrew", "SANCTION"),
        # aid and trade
        ("Slovakia opened its borders to Ukrainian refugees.", "opened", "AID"),
        ("Lithuania accepted 2,000 refugees last month.", "accepted", "AID"),
        ("Ankara kept buying Russian oil despite the sanctions.", "buying", "COOPERATE"),
        ("Armenia established diplomatic relations with Tuvalu.", "established", "SUPPORT"),
    ],
)
def test_event_words_are_candidates(found, text, word, event):
    assert (word, event) in found(text), found(text)


@pytest.mark.parametrize(
    ("text", "word"),
    [
        # documents, travel and figures are no release, return or cut
        ("The ministry released a statement on Monday.", "released"),
        ("The White House released a video of the meeting.", "released"),
        ("The minister returned to Kyiv on Friday.", "returned"),
        ("The crane lifted the container onto the ship.", "lifted"),
        ("The bakery cut its prices in March.", "cut"),
        ("Shoppers bought bread and milk.", "bought"),
    ],
)
def test_other_senses_are_not(found, text, word):
    assert not [c for c in found(text) if c[0] == word], found(text)


@pytest.mark.parametrize(
    ("text", "word", "event"),
    [
        ("Nurses in the capital went on strike on Tuesday.", "went", "PROTEST"),
        ("Latvian border guards remained on alert overnight.", "alert", "MOBILIZE"),
    ],
)
def test_constructions(found, text, word, event):
    assert (word, event) in found(text), found(text)


def test_wanting_a_party_to_act_is_a_request(found):
    assert ("wants", "REQUEST") in found("Moscow wants Ukraine to cede the two regions.")
    assert not [c for c in found("I want you to know the truth.") if c[1] == "REQUEST"]


def test_air_raid_alerts_are_no_mobilization(found):
    assert not [c for c in found("Residents remained on alert after the sirens.") if c[1] == "MOBILIZE"]
