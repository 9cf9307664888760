"""Frames that report no happening done (nlp/events/unrealised.py), on
sentences written for these tests: an open choice, a normative "time to", an
evaluative that-clause, and a deterred noun."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.model


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("The cabinet weighed where to send the new brigades to aid the republic.", "send"),
        ("The cabinet weighed where to send the new brigades to aid the republic.", "aid"),
        ("The generals discussed how to attack the bridge before the spring.", "attack"),
        ("The council will decide whether to impose sanctions on the regime.", "sanctions"),
        ("The ministers discussed which weapons to send to the republic.", "send"),
    ],
)
def test_an_open_choice_is_hypothetical(marks, text, word):
    found = marks(text, word)
    assert found is not None and "hypothetical" in found


def test_a_relative_pronoun_is_no_open_choice(marks):
    text = "He waited for the drone that the general allowed to drift over the port before shooting it down."
    found = marks(text, "shooting")
    assert found is not None and "hypothetical" not in found


def test_a_past_infinitive_of_purpose_stays_asserted(marks):
    for word in ("sent", "attack"):
        found = marks("The army sent two brigades to the border to attack the bridge.", word)
        assert found is not None and not found & {"hypothetical", "future", "negation"}


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("Now is the time to support the farmers of the republic.", "support"),
        ("It is high time for the two capitals to return to dialogue and cooperation.", "cooperation"),
    ],
)
def test_a_normative_time_is_hypothetical(marks, text, word):
    # a speaker's "it is time to" asks for the act (the typer may read it as a
    # REQUEST, which drops the mark); it reports none done
    found = marks(text, word)
    assert found is not None and "hypothetical" in found


def test_the_first_time_to_do_it_stays_an_event(marks):
    # "the first time ... to send": the ordinal reports the act
    assert marks("It was the first time the kingdom had decided to send tanks abroad.", "send") is not None


def test_an_evaluative_that_clause_is_hypothetical(marks):
    found = marks("It is important that the allies show solidarity with the republic.", "solidarity")
    found = found if found is not None else marks("It is important that the allies show solidarity with the republic.", "show")
    assert found is not None and "hypothetical" in found
    found = marks("It is clear that the allies showed solidarity with the republic.", "solidarity")
    found = found if found is not None else marks("It is clear that the allies showed solidarity with the republic.", "showed")
    assert found is not None and "hypothetical" not in found


def test_a_deterred_invasion_is_negated(marks):
    found = marks("The letter was aimed at deterring an invasion by the northern army.", "invasion")
    assert found is not None and "negation" in found
    found = marks("The sanctions were meant to deter an invasion of the republic.", "invasion")
    assert found is not None and "negation" in found


def test_a_material_act_under_a_condition_is_hypothetical(marks):
    found = marks("The republic sends two brigades to the border if the rebels advance.", "sends")
    assert found is not None and "hypothetical" in found
    # a concession is no condition: the shelling happened
    found = marks("The army shelled the villages, even if the ministry denies it.", "shelled")
    assert found is not None and "hypothetical" not in found


def test_a_speech_act_keeps_its_condition_for_its_content(marks):
    # the threat was made; what is conditional is the response it names
    found = marks("The kingdom threatened to respond if the army crossed the river.", "threatened")
    assert found is not None and "hypothetical" not in found

