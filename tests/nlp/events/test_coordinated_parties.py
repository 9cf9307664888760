"""Parties of events: a name before a noun, and whom a warning is aimed at."""

from __future__ import annotations

import pytest
from tests.nlp.events.conftest import codes

pytestmark = pytest.mark.model


def test_a_single_name_before_a_noun_stays_one_party(analyse, run_events) -> None:
    ex = run_events(analyse("NATO allies have sent weapons to Ukraine."))
    (event,) = ex.events
    assert codes(ex, event.actor) == {"NATO"}


def test_a_warning_of_an_act_is_aimed_at_its_doer_not_its_target(analyse, run_events) -> None:
    ex = run_events(analyse("Russia massed troops at the border. Macron warned of a Russian invasion of Ukraine."))
    (warning,) = [e for e in ex.events if e.event in ("ACCUSE", "THREATEN")]
    assert codes(ex, warning.recipient) == {"RUS"}
