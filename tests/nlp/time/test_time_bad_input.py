"""Bad input: no crash, no false dates, unresolvable expressions marked."""

from __future__ import annotations

from datetime import date

import pytest

from dateline.nlp.time.tagger import TimeTagger


def test_impossible_date_is_marked_not_invented(tag) -> None:
    found = tag("The decree was dated February 30 by mistake, and April 31 too.")
    for surface in ("February 30", "April 31"):
        assert found[surface].value is None
        assert found[surface].resolved is False


def test_leap_day_only_in_leap_years(tag) -> None:
    assert tag("Signed on February 29, 2024.")["February 29, 2024"].value == "2024-02-29"
    assert tag("Signed on February 29, 2023.")["February 29, 2023"].resolved is False


def test_two_digit_year_needs_an_anchor(tag) -> None:
    found = tag("The class of '22 met in May '22.", dct=None)
    assert found["May '22"].resolved is False
    assert found["May '22"].value == "XXXX-05"
    found = tag("They met in May '22.", dct=date(2025, 7, 4))
    assert found["May '22"].value == "2022-05"


def test_split_year_is_two_years_not_a_day(tag) -> None:
    found = tag("The 2025/26 budget was approved.")
    assert found["2025"].value == "2025"
    assert found["26"].value == "2026"
    assert all(t.value is None or "-" not in t.value for t in found.values())


@pytest.mark.parametrize(
    "text",
    [
        "About 1,000 troops crossed the border.",
        "The 2024 brigade lost 1500 soldiers.",
        "He paid $2000 for 1999 rounds.",
        "The 1200 rebels had 2010 rifles.",
        "Flight 1945 landed at gate 12.",
    ],
)
def test_numbers_that_only_look_like_years(tag, text: str) -> None:
    assert tag(text) == {}


def test_time_zones_and_24_hour_clocks(tag) -> None:
    found = tag("Sirens at 03:15 UTC, a blast at 21:40 local time, a call at 9.30pm EST.")
    assert found["03:15 UTC"].value == "2025-07-04T03:15Z"
    assert found["21:40 local time"].value == "2025-07-04T21:40"
    assert found["9.30pm EST"].value == "2025-07-04T21:30-05:00"


@pytest.mark.parametrize("dct", [date(2090, 1, 1), date(1900, 1, 1), date(1, 1, 1), date(9999, 12, 31)])
def test_documents_dated_in_the_future_or_long_ago(tag, dct: date) -> None:
    found = tag("Yesterday the talks failed; last year they nearly worked. On Friday, on May 3, next week.", dct=dct)
    assert found  # no crash, something recognised
    for timex in found.values():
        assert timex.value is None or isinstance(timex.value, str)


def test_old_document_resolves_against_its_own_date(tag) -> None:
    found = tag("Last year the treaty lapsed; yesterday it was renewed.", dct=date(1900, 1, 1))
    assert found["Last year"].value == "1899"
    assert found["yesterday"].value == "1899-12-31"


def test_no_publication_date_resolves_only_absolute_expressions(tag) -> None:
    found = tag("On 5 May 2024 the truce began. Yesterday it broke; on Friday, in April, two days ago.", dct=None)
    assert found["5 May 2024"].value == "2024-05-05" and found["5 May 2024"].resolved
    for surface in ("Yesterday", "Friday", "April", "two days ago"):
        assert found[surface].resolved is False, surface
        assert found[surface].value is None or "X" in found[surface].value
    today = date.today().isoformat()
    assert all(t.value is None or today not in t.value for t in found.values())


@pytest.mark.parametrize(
    "text",
    ["", " ", "\n\n", "2025", "'", "-- 12:60 -- 99/99/9999 -- 0000-00-00", "in in in the the", "x" * 5000],
)
def test_degenerate_text(text: str) -> None:
    TimeTagger().tag(text, date(2025, 7, 4))
    TimeTagger().tag(text, None)


def test_modal_may_and_verb_march_are_not_months(tag) -> None:
    assert tag("Officials may resign. Protesters march on the capital.") == {}


def test_long_text_has_no_catastrophic_backtracking() -> None:
    import time

    sentence = (
        "On Monday, 3 March 2025, about 1,200 troops moved 40 km in two-hour shifts; "
        "officials said on March 4 that the 2024 brigade would return in the coming weeks. "
    )
    text = sentence * 400  # about 65,000 characters
    started = time.perf_counter()
    found = TimeTagger().tag(text, date(2025, 3, 5))
    assert time.perf_counter() - started < 20  # a few tenths of a second normally
    assert len(found) == 4 * 400  # the date, "two-hour", "March 4", "the coming weeks"
