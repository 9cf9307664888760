"""Third round of PLV recall (issue 14): a cooperative act negated in the
future is a refusal made now (PLOVER REJECT), a currency sign before a number
object names money ("gave $3 million"), and object-constrained AID / RETREAT
entries. Our own sentences."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.model


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("The rebels said they will not release the hostages.", "release"),
        ("The ministry will not lift the ban on grain imports.", "lift"),
        ("The island state says it will not accept any more migrants.", "accept"),
        ("The court will not reverse its decision.", "reverse"),
    ],
)
def test_a_refused_act_is_an_asserted_reject(found, marks, text, word):
    assert (word, "REJECT") in found(text), found(text)
    assert not marks(text, word) & {"future", "negation"}, marks(text, word)


@pytest.mark.parametrize(
    ("text", "word", "event"),
    [
        ("The rebels did not release the hostages.", "release", "RETREAT"),  # a past negation: no refusal
        ("The rebels will release the hostages next week.", "release", "RETREAT"),
    ],
)
def test_other_negations_and_plans_keep_their_type(found, marks, text, word, event):
    assert (word, event) in found(text), found(text)
    assert marks(text, word) & {"future", "negation"}, marks(text, word)


def test_nothing_withheld_is_no_refusal(found, marks):
    # "will not surrender": nothing refused to anyone, the negated act stays
    text = "The defenders will not surrender."
    assert ("surrender", "REJECT") not in found(text), found(text)
    assert "negation" in (marks(text, "surrender") or set())


@pytest.mark.parametrize(
    ("text", "word", "event"),
    [
        ("The charity flew ten tons of medicine into the region.", "flew", "AID"),
        ("The agency gave $3 million to the farmers of the province.", "gave", "AID"),
        ("Norway contributed $40 million to the relief fund.", "contributed", "AID"),
        ("The museum returned a stolen portrait to the family.", "returned", "RETREAT"),
    ],
)
def test_object_constrained_entries(found, text, word, event):
    assert (word, event) in found(text), found(text)


@pytest.mark.parametrize(
    "text",
    [
        "The pilot flew the plane into the storm.",
        "The coach gave 3 million fans a reason to cheer.",
        "The photographer returned to the portrait studio.",
    ],
)
def test_other_senses_stay_out(found, text):
    assert not any(event in ("AID", "RETREAT") for _word, event in found(text)), found(text)


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("The foreign ministers reaffirmed their support for the island nation.", "reaffirmed"),
        ("The senator pledged his backing to the new government.", "pledged"),
        ("The mayor reiterated the city's solidarity with the strikers.", "reiterated"),
    ],
)
def test_pledged_or_reaffirmed_support_is_support(found, text, word):
    # the manual's SUPPORT: "express support for"
    assert (word, "SUPPORT") in found(text), found(text)


def test_pledged_military_support_is_no_declaration_of_support(found):
    # material support pledged is a promise of aid, not SUPPORT
    text = "The president pledged military support to the army."
    assert ("pledged", "SUPPORT") not in found(text), found(text)
