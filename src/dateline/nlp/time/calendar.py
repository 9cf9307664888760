"""Calendar arithmetic on TIMEX3 values (ISO 8601 with TimeML extensions)."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

_ISO_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
_ISO_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_ISO_YEAR = re.compile(r"^(\d{4})$")
_BC_YEAR = re.compile(r"^BC(\d{4})$")
# Coarser calendar units that still state a year: seasons, quarters, halves, weeks.
_YEAR_UNIT = re.compile(r"^(\d{4})-(?:SP|SU|FA|WI|Q[1-4]|H[12]|W\d{2})")
_BC_YEAR_UNIT = re.compile(r"^BC(\d{4})-(?:SP|SU|FA|WI|0[1-9]|1[0-2])$")


def parse_anchor(value: str | None) -> date | None:
    """The day of an ISO date/datetime string, or ``None`` when it is not one."""
    if not value:
        return None
    match = _ISO_DAY.match(value.strip())
    if not match:
        return None
    try:
        return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None


def valid_day(year: int | None, month: int, day: int) -> bool:
    if not 1 <= month <= 12 or day < 1:
        return False
    # Without a year, February 29 is possible.
    last = calendar.monthrange(year if year else 2000, month)[1]
    return day <= last


def add_months(day: date, months: int) -> tuple[int, int]:
    index = day.year * 12 + (day.month - 1) + months
    return index // 12, index % 12 + 1


def iso_week(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year:04d}-W{week:02d}"


def quarter_of(month: int) -> int:
    return (month - 1) // 3 + 1


def shift_quarter(year: int, quarter: int, delta: int) -> tuple[int, int]:
    index = year * 4 + (quarter - 1) + delta
    return index // 4, index % 4 + 1


def nth_weekday(year: int, month: int, weekday: int, nth: int) -> date:
    """``nth`` (1-based; -1 = last) ISO ``weekday`` (1 = Monday) of a month."""
    if nth > 0:
        first = date(year, month, 1)
        offset = (weekday - first.isoweekday()) % 7
        return first + timedelta(days=offset + 7 * (nth - 1))
    last = date(year, month, calendar.monthrange(year, month)[1])
    return last - timedelta(days=(last.isoweekday() - weekday) % 7)


def easter(year: int) -> date:
    """Gregorian Easter Sunday (anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    leap = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * leap) // 451
    month = (h + leap - 7 * m + 114) // 31
    day = (h + leap - 7 * m + 114) % 31 + 1
    return date(year, month, day)


@dataclass(frozen=True)
class Reference:
    """A point a relative expression is resolved against, at some granularity."""

    year: int
    month: int | None = None
    day: int | None = None

    @classmethod
    def of(cls, day: date) -> Reference:
        return cls(day.year, day.month, day.day)

    @classmethod
    def from_value(cls, value: str | None, *, units: bool = False) -> Reference | None:
        """The reference a value sets; with ``units``, seasons, quarters, halves and
        weeks set the year too (narratives: "the spring of 1915" moves the story)."""
        if not value:
            return None
        match = _ISO_DAY.match(value)
        if match:
            found = parse_anchor(value)
            return cls.of(found) if found else None
        match = _ISO_MONTH.match(value)
        if match:
            return cls(int(match.group(1)), int(match.group(2)))
        match = _ISO_YEAR.match(value)
        if match:
            return cls(int(match.group(1)))
        match = _BC_YEAR.match(value) or (_BC_YEAR_UNIT.match(value) if units else None)
        if match:
            return cls(1 - int(match.group(1)))  # astronomical numbering: 1 BC is year 0
        match = _YEAR_UNIT.match(value) if units else None
        if match:
            # "the spring of 1915", "1989-Q3": the story is in that year (month unknown).
            return cls(int(match.group(1)))
        return None


def year_value(year: int) -> str:
    if year <= 0:
        return f"BC{1 - year:04d}"
    return f"{year:04d}"
