"""TIMEX3 date values as calendar intervals, for tables that need real dates.

An event's ``date`` is a TIMEX3 value at whatever precision the text gave:
``2022-02-24``, ``2022-W08`` (ISO week), ``2022-W08-WE`` (its weekend),
``2022-03``, ``2022-Q1``, ``2022-H2``, ``2022-WI`` (season), ``2022``, ``198``
(a decade), ``19`` (a century), with or without a time of day. :func:`interval`
turns every one of them into ``(start, end, precision)`` with real
:class:`datetime.date` bounds (both inclusive), so that a spreadsheet or
``pd.to_datetime`` never meets a week or a season. Vague values
(``PRESENT_REF``, ``PAST_REF``) and anything unreadable give ``None`` bounds
and precision ``unknown``.

Seasons are meteorological: spring March-May, summer June-August, autumn
September-November, and winter ``YYYY-WI`` December of the year before through
February (the winter that *ends* in YYYY: news dated January 2022 calls that
season "this winter", and normalisers write it ``2022-WI``).
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

# precision names, coarsest last; "season"/"quarter"/"half" are spans of months
PRECISIONS = ("day", "week", "month", "season", "quarter", "half", "year", "decade", "century", "unknown")

_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:T.*)?$")
_WEEK = re.compile(r"^(\d{4})-W(\d{1,2})(-WE|-(\d))?$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_PART = re.compile(r"^(\d{4})-(Q[1-4]|H[12]|SP|SU|FA|AU|WI|FY)$")
_YEAR = re.compile(r"^(\d{4})$")
_DECADE = re.compile(r"^(\d{3})X?$")
_CENTURY = re.compile(r"^(\d{2})(?:XX)?$")

_SEASON_START = {"SP": (0, 3), "SU": (0, 6), "FA": (0, 9), "AU": (0, 9), "WI": (-1, 12)}


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _months(year: int, first: int, count: int) -> tuple[date, date]:
    """``count`` months starting with ``first`` of ``year`` (``first`` may be 12 of the year before)."""
    start = date(year, first, 1)
    last_month = first + count - 1
    end_year, end_month = year + (last_month - 1) // 12, (last_month - 1) % 12 + 1
    return start, _month_end(end_year, end_month)


def interval(value: str | None) -> tuple[date | None, date | None, str]:
    """``(start, end, precision)`` of a TIMEX3 date value; see the module doc."""
    if not value:
        return None, None, "unknown"
    text = value.strip()
    try:
        return _interval(text)
    except ValueError:  # a well-formed value naming no real day ("2022-02-30", "2022-W54")
        return None, None, "unknown"


def _interval(text: str) -> tuple[date | None, date | None, str]:
    if m := _DAY.match(text):
        day = date(int(m[1]), int(m[2]), int(m[3]))
        return day, day, "day"
    if m := _WEEK.match(text):
        monday = date.fromisocalendar(int(m[1]), int(m[2]), 1)
        if m[3] == "-WE":
            return monday + timedelta(days=5), monday + timedelta(days=6), "week"
        if m[4]:
            day = monday + timedelta(days=int(m[4]) - 1)
            return day, day, "day"
        return monday, monday + timedelta(days=6), "week"
    if m := _MONTH.match(text):
        start, end = _months(int(m[1]), int(m[2]), 1)
        return start, end, "month"
    if m := _PART.match(text):
        year, part = int(m[1]), m[2]
        if part == "FY":  # fiscal years differ by country: the calendar year is the honest span
            return date(year, 1, 1), date(year, 12, 31), "year"
        if part[0] == "Q":
            start, end = _months(year, 3 * int(part[1]) - 2, 3)
            return start, end, "quarter"
        if part[0] == "H":
            start, end = _months(year, 6 * int(part[1]) - 5, 6)
            return start, end, "half"
        shift, first = _SEASON_START[part]
        start, end = _months(year + shift, first, 3)
        return start, end, "season"
    if m := _YEAR.match(text):
        year = int(m[1])
        return date(year, 1, 1), date(year, 12, 31), "year"
    if m := _DECADE.match(text):
        first = int(m[1]) * 10
        return date(first, 1, 1), date(first + 9, 12, 31), "decade"
    if m := _CENTURY.match(text):
        first = max(int(m[1]) * 100, 1)
        return date(first, 1, 1), date(int(m[1]) * 100 + 99, 12, 31), "century"
    return None, None, "unknown"
