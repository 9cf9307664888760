"""Publication dates from metadata strings, bylines and wire datelines.

Only complete dates are returned: a value without a year ("July 4") is never
completed with the current year -- the caller decides whether another source
supplies the year. Nothing here ever falls back to today's date.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from email.utils import parsedate_to_datetime

from dateline.ingest.lexicon import lexicon


def _month_alternation() -> str:
    names = sorted(lexicon().months, key=len, reverse=True)
    return "|".join(names)


_MONTH = rf"(?P<month>{_month_alternation()})\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
# "July 4, 2025", "Jul. 4 2025", "4 July 2025", "4 Jul, 2025", "2025-07-04"
MONTH_DAY_YEAR = re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b", re.IGNORECASE)
DAY_MONTH_YEAR = re.compile(rf"\b{_DAY}\s+{_MONTH},?\s+{_YEAR}\b", re.IGNORECASE)
ISO_DATE = re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<month>[01]\d)-(?P<day>[0-3]\d)\b")
# Year-less forms used by wire datelines: "July 4", "4 July".
MONTH_DAY = re.compile(rf"\b{_MONTH}\s+{_DAY}\b", re.IGNORECASE)
DAY_MONTH = re.compile(rf"\b{_DAY}\s+{_MONTH}\b", re.IGNORECASE)


def _month_number(token: str) -> int | None:
    if token.isdigit():
        return int(token)
    return lexicon().months.get(token.lower().rstrip("."))


def _make(year: int, month: int | None, day: int) -> str | None:
    if month is None:
        return None
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def find_date(text: str) -> tuple[int, int, str] | None:
    """The first complete date written in ``text``: ``(start, end, iso_date)``."""
    best: tuple[int, int, str] | None = None
    for pattern in (MONTH_DAY_YEAR, DAY_MONTH_YEAR, ISO_DATE):
        for match in pattern.finditer(text):
            value = _make(
                int(match["year"]), _month_number(match["month"]), int(match["day"])
            )
            if value is not None:
                if best is None or match.start() < best[0]:
                    best = (match.start(), match.end(), value)
                break
    return best


def find_month_day(text: str) -> tuple[int, int, int, int] | None:
    """A year-less "July 4" / "4 July": ``(start, end, month, day)``."""
    for pattern in (MONTH_DAY, DAY_MONTH):
        match = pattern.search(text)
        if match:
            month = _month_number(match["month"])
            day = int(match["day"])
            if month and 1 <= day <= 31:
                return match.start(), match.end(), month, day
    return None


def _iso_datetime(value: datetime) -> str:
    if value.tzinfo is not None and value.utcoffset() == UTC.utcoffset(None):
        return value.replace(tzinfo=None).isoformat() + "Z"
    return value.isoformat()


def parse_date(value: str | None) -> str | None:
    """A metadata date string as an ISO date or datetime, or ``None``.

    Accepts ISO 8601 (``2025-07-04``, ``2025-07-04T10:00:00Z``), RFC 822 as in
    RSS (``Fri, 04 Jul 2025 10:00:00 GMT``) and written dates
    (``July 4, 2025``, ``4 July 2025``). Incomplete dates give ``None``.
    """
    if value is None:
        return None
    text = str(value).strip()
    if not text:
        return None
    iso = text[:-1] + "+00:00" if text.endswith(("Z", "z")) else text
    try:
        parsed = datetime.fromisoformat(iso)
    except ValueError:
        pass
    else:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            return parsed.date().isoformat()
        return _iso_datetime(parsed)
    rfc = re.search(r"\d{1,2}\s+[A-Za-z]{3}\s+(\d{4})\s+\d", text)
    if rfc:
        try:
            parsed = parsedate_to_datetime(text)
            # the email parser reads years under 100 as 19xx/20xx: "01 Jan 0001" is year 1
            return _iso_datetime(parsed.replace(year=int(rfc.group(1))))
        except (TypeError, ValueError, IndexError):
            pass
    found = find_date(text)
    return found[2] if found else None


# "No date" written as a date: the first day of year 1 (.NET's DateTime.MinValue, many
# CMS defaults). Read as a publication date it would anchor "last year" at 1 BC.
PLACEHOLDER_DAYS = frozenset({"0001-01-01"})


def is_placeholder(value: str) -> bool:
    """Whether an ISO date or datetime (from :func:`parse_date`) is a 'no date' placeholder."""
    return value[:10] in PLACEHOLDER_DAYS


def with_year(month: int, day: int, year: int) -> str | None:
    return _make(year, month, day)
