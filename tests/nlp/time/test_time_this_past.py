"""'this <weekday>' and 'this weekend' with a past or future verb: the most recent
one that has passed, or the next one to come, not always the one of the text's
week. Our own sentences."""

from __future__ import annotations

from datetime import date

MONDAY = date(2025, 7, 7)
WEDNESDAY = date(2025, 7, 9)


def test_this_weekend_in_a_past_clause_is_the_one_just_gone(tag) -> None:  # type: ignore[no-untyped-def]
    found = tag("Crowds marched through the capital this weekend.", MONDAY, orientation=-1)
    assert found["this weekend"].value == "2025-W27-WE"


def test_this_weekend_ahead_stays_the_coming_one(tag) -> None:  # type: ignore[no-untyped-def]
    assert tag("The ministers will meet this weekend.", MONDAY, orientation=1)["this weekend"].value == "2025-W28-WE"
    assert tag("The summit this weekend draws crowds.", MONDAY)["this weekend"].value == "2025-W28-WE"


def test_this_weekend_said_on_the_weekend_is_that_weekend(tag) -> None:  # type: ignore[no-untyped-def]
    found = tag("Crowds marched through the capital this weekend.", date(2025, 7, 13), orientation=-1)
    assert found["this weekend"].value == "2025-W28-WE"


def test_this_weekday_later_in_the_week_but_past_is_last_weeks(tag) -> None:  # type: ignore[no-untyped-def]
    found = tag("Drones struck the depot this Saturday.", WEDNESDAY, orientation=-1)
    assert found["this Saturday"].value == "2025-07-05"


def test_this_weekday_already_gone_but_ahead_is_next_weeks(tag) -> None:  # type: ignore[no-untyped-def]
    found = tag("The envoys will sign the accord this Monday.", WEDNESDAY, orientation=1)
    assert found["this Monday"].value == "2025-07-14"


def test_this_weekday_of_the_week_that_fits_the_tense_is_unchanged(tag) -> None:  # type: ignore[no-untyped-def]
    assert tag("Drones struck the depot this Monday.", WEDNESDAY, orientation=-1)["this Monday"].value == "2025-07-07"
    assert tag("The envoys will sign this Friday.", WEDNESDAY, orientation=1)["this Friday"].value == "2025-07-11"
    assert tag("The vote this Friday matters.", WEDNESDAY)["this Friday"].value == "2025-07-11"
