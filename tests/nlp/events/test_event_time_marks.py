"""When an event lies before the story's time frame (the ``historical`` mark)."""

from __future__ import annotations

import pytest
from tests.nlp.events.test_events_stage import only

from dateline.nlp.time.dating import before_story


def test_a_bare_earlier_year_is_before_the_story() -> None:
    assert before_story("2021", "2022-01-28T09:45:00Z") is True
    assert before_story("2022", "2022-01-28") is False
    # months and days are judged by how far back they lie, not here
    assert before_story("2021-12", "2022-01-28") is None
    assert before_story("2021-12-30", "2022-01-28") is None
    assert before_story("2021", "") is None


@pytest.mark.model
def test_an_event_in_the_previous_year_is_historical(analyse, run_events) -> None:
    ex = run_events(
        analyse("In 2023, Russia expelled two Estonian diplomats.", timexes=[("2023", "DATE", "2023")])
    )
    assert "historical" in only(ex, "SANCTION").aux


@pytest.mark.model
def test_a_present_perfect_since_an_earlier_year_is_not_historical(analyse, run_events) -> None:
    ex = run_events(
        analyse(
            "Since 2023, Serbia has refused to impose sanctions on Russia.",
            timexes=[("2023", "DATE", "2023")],
        )
    )
    assert ex.events and all("historical" not in e.aux for e in ex.events)
