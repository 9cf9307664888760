"""Recognition and normalisation without a parse (tense given explicitly)."""

from __future__ import annotations

from datetime import date

import pytest

PAST, NONE, FUTURE = -1, 0, 1


@pytest.mark.parametrize(
    ("text", "surface", "kind", "value"),
    [
        ("The summit opened on March 14, 2024 in Oslo.", "March 14, 2024", "DATE", "2024-03-14"),
        ("It opened on 14 March 2024.", "14 March 2024", "DATE", "2024-03-14"),
        ("It opened on Friday, 14 March 2024.", "Friday, 14 March 2024", "DATE", "2024-03-14"),
        ("Filed on 2024-03-14 at the court.", "2024-03-14", "DATE", "2024-03-14"),
        ("Filed 3/14/2024 at the court.", "3/14/2024", "DATE", "2024-03-14"),
        ("The war began in February 2022.", "February 2022", "DATE", "2022-02"),
        ("The army withdrew in 1989.", "1989", "DATE", "1989"),
        ("Sparta fell in 371 BC.", "371 BC", "DATE", "BC0371"),
        ("Prices rose in the 1990s.", "the 1990s", "DATE", "199"),
        ("Empires of the 19th century.", "the 19th century", "DATE", "18"),
        ("Profits fell in the third quarter of 2023.", "the third quarter of 2023", "DATE", "2023-Q3"),
        ("Sales grew in Q2 2024.", "Q2 2024", "DATE", "2024-Q2"),
        ("The offensive stalled in the spring of 1943.", "the spring of 1943", "DATE", "1943-SP"),
        ("Its budget for fiscal 2024 grew.", "fiscal 2024", "DATE", "2024"),
        ("Talks resumed on Christmas Day 2023.", "Christmas Day 2023", "DATE", "2023-12-25"),
        ("He voted in the first half of 2024.", "the first half of 2024", "DATE", "2024-H1"),
    ],
)
def test_absolute_dates(tag, text: str, surface: str, kind: str, value: str) -> None:
    found = tag(text)
    assert surface in found, found
    assert (found[surface].type, found[surface].value) == (kind, value)
    assert found[surface].resolved


@pytest.mark.parametrize(
    ("text", "surface", "orientation", "value"),
    [
        # Published 2025-07-04 (a Friday, ISO week 27).
        ("The envoy arrived on July 2.", "July 2", PAST, "2025-07-02"),
        ("The envoy will arrive on July 9.", "July 9", FUTURE, "2025-07-09"),
        ("The ceasefire was agreed in April.", "April", PAST, "2025-04"),
        ("The vote was held on December 12.", "December 12", PAST, "2024-12-12"),
        ("Elections are due on January 20.", "January 20", FUTURE, "2026-01-20"),
        ("Troops crossed the river on Monday.", "Monday", PAST, "2025-06-30"),
        ("Ministers will meet on Tuesday.", "Tuesday", FUTURE, "2025-07-08"),
        ("The talks collapsed last Thursday.", "last Thursday", PAST, "2025-07-03"),
        ("This week the front barely moved.", "This week", NONE, "2025-W27"),
        ("Shelling eased last week.", "last week", NONE, "2025-W26"),
        ("Prices fell last month.", "last month", NONE, "2025-06"),
        ("Exports grew last year.", "last year", NONE, "2024"),
        ("Aid may resume next year.", "next year", NONE, "2026"),
        ("The ministry spoke yesterday.", "yesterday", NONE, "2025-07-03"),
        ("The court rules tomorrow.", "tomorrow", NONE, "2025-07-05"),
        ("The town fell two days ago.", "two days ago", NONE, "2025-07-02"),
        ("The rebels left three months ago.", "three months ago", NONE, "2025-04"),
        ("The crisis eased this summer.", "this summer", NONE, "2025-SU"),
        ("Peace returned last winter.", "last winter", NONE, "2025-WI"),
    ],
)
def test_underspecified_and_relative(tag, text: str, surface: str, orientation: int, value: str) -> None:
    found = tag(text, orientation=orientation)
    assert found[surface].value == value
    assert found[surface].anchor == "2025-07-04" or found[surface].anchor is None


def test_start_of_this_year_and_modifiers(tag) -> None:
    found = tag("Since the start of this year, early March and late 2023 saw fighting in mid-2024.")
    assert (found["the start of this year"].value, found["the start of this year"].mod) == ("2025", "START")
    assert (found["early March"].value, found["early March"].mod) == ("2025-03", "START")
    assert (found["late 2023"].value, found["late 2023"].mod) == ("2023", "END")
    assert (found["mid-2024"].value, found["mid-2024"].mod) == ("2024", "MID")


@pytest.mark.parametrize(
    ("text", "surface", "value", "mod"),
    [
        ("They held a two-hour meeting.", "two-hour", "PT2H", None),
        ("After the 12-day war the border shut.", "12-day", "P12D", None),
        ("A 30-day truce was offered.", "30-day", "P30D", None),
        ("It was a near hour-long call.", "near hour-long", "PT1H", "APPROX"),
        # The closed compounds of news style ("weeklong", "yearlong") are the same amounts.
        ("After a weeklong manhunt he was caught.", "a weeklong", "P1W", None),
        ("The yearlong inquiry ended.", "yearlong", "P1Y", None),
        ("Workers held a daylong strike.", "a daylong", "P1D", None),
        ("Aid flowed for three years.", "three years", "P3Y", None),
        ("The siege lasted more than four months.", "more than four months", "P4M", "MORE_THAN"),
        ("It took about 90 minutes.", "about 90 minutes", "PT90M", "APPROX"),
        ("The strike went on for two and a half years.", "two and a half years", "P2Y6M", None),
        ("They waited for a few days.", "a few days", "PXD", None),
        ("Nobody left for decades.", "decades", "PXDE", None),
        ("Repairs took two decades.", "two decades", "P20Y", None),
    ],
)
def test_durations(tag, text: str, surface: str, value: str, mod: str | None) -> None:
    found = tag(text)
    assert found[surface].type == "DURATION"
    assert (found[surface].value, found[surface].mod) == (value, mod)


@pytest.mark.parametrize(
    ("text", "surface", "value"),
    [
        ("Convoys run daily.", "daily", "P1D"),
        ("The board meets every Monday.", "every Monday", "XXXX-WXX-1"),
        ("Inspectors come twice a year.", "twice a year", "P1Y"),
    ],
)
def test_sets(tag, text: str, surface: str, value: str) -> None:
    found = tag(text)
    assert (found[surface].type, found[surface].value) == ("SET", value)


def test_vague_references(tag) -> None:
    found = tag("Troops are now in the city and currently hold it; it was recently retaken. In the future, who knows.")
    assert found["now"].value == "PRESENT_REF"
    assert found["currently"].value == "PRESENT_REF"
    assert found["recently"].value == "PAST_REF"
    assert found["the future"].value == "FUTURE_REF"


def test_ranges_split_into_two_expressions(tag) -> None:
    found = tag("Talks ran between June 13 and 24 and the war lasted from 1939 to 1945.", orientation=PAST)
    assert found["June 13"].value == "2025-06-13"
    assert found["24"].value == "2025-06-24"
    assert found["1939"].value == "1939"
    assert found["1945"].value == "1945"


def test_times_with_zones_and_24_hour_clock(tag) -> None:
    found = tag("The strike hit at 14:30 GMT and the sirens sounded at 7 a.m. Kyiv time.")
    assert found["14:30 GMT"].type == "TIME"
    assert found["14:30 GMT"].value == "2025-07-04T14:30Z"
    assert found["7 a.m. Kyiv time"].value == "2025-07-04T07:00+03:00"
    found = tag("Curfew starts at 23:00 and ends at 0600 hours.")
    assert found["23:00"].value == "2025-07-04T23:00"
    assert found["0600"].value == "2025-07-04T06:00"


def test_invalid_clock_is_not_a_time(tag) -> None:
    assert not any(t.type == "TIME" for t in tag("The score was 25:61 at half time.").values())


def test_time_with_weekday(tag) -> None:
    found = tag("The missiles struck at 10:30 p.m. on Wednesday.", orientation=PAST)
    timex = found["10:30 p.m. on Wednesday"]
    assert (timex.type, timex.value) == ("TIME", "2025-07-02T22:30")


def test_narrative_anchoring(tag) -> None:
    text = (
        "The campaign began on 3 May 1916. In June the lines held. On 1 July the assault opened; "
        "two days later the first village fell. The following year the army withdrew."
    )
    found = tag(text, dct=date(2009, 12, 19), narrative=True)
    assert found["June"].value == "1916-06"
    assert found["1 July"].value == "1916-07-01"
    assert found["two days later"].value == "1916-07-03"
    assert found["The following year"].value == "1917"


def test_quote_speech_time_anchor(tag) -> None:
    text = 'He said: "Today we signed it." Today markets rose.'
    inside = text.index("Today")
    from dateline.nlp.time.tagger import TimeTagger

    timexes = TimeTagger().tag(
        text, date(2025, 7, 4), anchor_for=lambda offset: date(2025, 7, 3) if offset < 30 else None
    )
    values = {t.span.start: t.value for t in timexes}
    assert values[inside] == "2025-07-03"
    assert values[text.index("Today", inside + 1)] == "2025-07-04"

