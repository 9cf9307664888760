"""Coordinated names the parse hangs on a noun as modifiers are each a party."""

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
