"""When an event happened (``nlp/events/dates.py``): the date a narrative
carries over from the sentence before, and doers that no longer exist."""

from __future__ import annotations

import pytest
from tests.nlp.events.test_events_stage import only

from dateline.model import Actor
from dateline.nlp.events.dates import defunct_doer


def test_a_state_that_no_longer_exists_is_a_defunct_doer() -> None:
    assert defunct_doer({"SUN"})
    assert defunct_doer({"POL", "SUN"})
    assert not defunct_doer({"RUS", "UKR"})
    assert not defunct_doer(set())


@pytest.mark.model
def test_a_past_happening_takes_the_year_of_the_sentence_before(analyse, run_events) -> None:
    ex = run_events(
        analyse(
            "In 2022, farmers blocked roads across Poland. Russia expelled two Polish diplomats.",
            timexes=[("2022", "DATE", "2022")],
        )
    )
    event = only(ex, "SANCTION")
    assert event.date == "2022"
    # a year before the report's (2024): before the story
    assert "historical" in event.aux


@pytest.mark.model
def test_a_day_of_the_sentence_before_dates_the_next_past_happening(analyse, run_events) -> None:
    ex = run_events(
        analyse(
            "On Monday, thousands of people marched in Warsaw. Russia expelled two Polish diplomats.",
            timexes=[("Monday", "DATE", "2024-05-06")],
        )
    )
    event = only(ex, "SANCTION")
    assert event.date == "2024-05-06"
    assert "historical" not in event.aux


@pytest.mark.model
def test_no_carried_date_when_the_sentence_before_is_back_at_the_present(analyse, run_events) -> None:
    ex = run_events(
        analyse(
            "Russia seized the port in 2022 and has held it ever since. Russia expelled two Polish diplomats.",
            timexes=[("2022", "DATE", "2022")],
        )
    )
    event = only(ex, "SANCTION")
    assert event.date != "2022" and "historical" not in event.aux


@pytest.mark.model
def test_no_carried_date_for_a_happening_told_in_the_present(analyse, run_events) -> None:
    ex = run_events(
        analyse(
            "In 2022, farmers blocked roads across Poland. Russia expels two Polish diplomats.",
            timexes=[("2022", "DATE", "2022")],
        )
    )
    assert only(ex, "SANCTION").date != "2022"


@pytest.mark.model
def test_no_carried_date_from_a_reported_clause_or_a_bound(analyse, run_events) -> None:
    reported = run_events(
        analyse(
            "Biden said that the talks had failed in 2022. Russia expelled two Polish diplomats.",
            timexes=[("2022", "DATE", "2022")],
        )
    )
    assert only(reported, "SANCTION").date != "2022"
    bound = run_events(
        analyse(
            "Relations between the two countries soured after 2022. Russia expelled two Polish diplomats.",
            timexes=[("2022", "DATE", "2022")],
        )
    )
    assert only(bound, "SANCTION").date != "2022"


@pytest.mark.model
def test_what_a_state_that_no_longer_exists_did_is_historical(analyse, run_events) -> None:
    analysis = analyse("The Soviet Union invaded Poland.")
    text = analysis.document.text
    start = text.index("The Soviet Union")
    mention = analysis.document.mention(start, start + len("The Soviet Union"))
    analysis.extraction.actors.append(Actor("country:SUN", "The Soviet Union", code="SUN", kind="country", mentions=[mention]))
    event = only(run_events(analysis), "ASSAULT")
    assert "historical" in event.aux
