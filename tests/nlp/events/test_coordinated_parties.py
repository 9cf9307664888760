"""Parties of events: coordinated names, and whom a warning is aimed at."""

from __future__ import annotations

import pytest
from tests.nlp.events.conftest import codes

pytestmark = pytest.mark.model


def test_names_coordinated_before_a_plural_noun_all_act(analyse, run_events) -> None:
    ex = run_events(analyse("Poland and NATO allies have sent weapons to Ukraine."))
    (event,) = ex.events
    assert {"POL", "NATO"} <= codes(ex, event.actor)
    assert codes(ex, event.recipient) == {"UKR"}


def test_a_single_name_before_a_noun_stays_one_party(analyse, run_events) -> None:
    ex = run_events(analyse("NATO allies have sent weapons to Ukraine."))
    (event,) = ex.events
    assert codes(ex, event.actor) == {"NATO"}


def test_a_warning_of_an_act_is_aimed_at_its_doer_not_its_target(analyse, run_events) -> None:
    ex = run_events(analyse("Russia massed troops at the border. Macron warned of a Russian invasion of Ukraine."))
    (warning,) = [e for e in ex.events if e.event in ("ACCUSE", "THREATEN")]
    assert codes(ex, warning.recipient) == {"RUS"}
