"""Anchoring: what a relative or underspecified expression is counted from.

* the *speech time* (``Context.dct``): the publication date, or a quote's speech
  date, for deictic expressions ("today", "last week", "two days ago");
* the *reference time* (``Context.ref``): the last date the text stated, for
  anaphoric ones ("the next day", "two days later") and, in narratives, for
  underspecified ones ("In April", "September 17");
* the tense (``Context.orientation``: -1 past, +1 future, 0 unknown) for the year
  of a month or day stated without one.

:class:`Anchoring` holds the lexicon tables and the arithmetic every normaliser
shares; ``moves_reference`` says which results move the reference time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from dateline.model import Timex
from dateline.nlp.time.calendar import Reference, valid_day, year_value
from dateline.nlp.time.grammar import Grammar
from dateline.nlp.time.recognise import Match

QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")
DAY_VALUE = re.compile(r"^(?:BC)?\d{4}-\d{2}-\d{2}")
_ISO_MONTH_VALUE = re.compile(r"^(?:BC)?\d{4}-\d{2}$")
# How far on the "wrong" side of the anchor an underspecified date may lie
# before the tense moves it to the previous or next year.
SHIFT_DAYS = 62
ASIDE_YEARS = 3  # a stated year this far from the story's, which the text then leaves again


@dataclass
class Context:
    """Anchors for one expression."""

    dct: date | None
    ref: Reference | None = None
    narrative: bool = False
    orientation: int = 0
    period: str | None = None  # the last fiscal period (quarter) the text talked about
    ref_explicit: bool = False  # the reference time was stated with its year


@dataclass
class Result:
    type: str
    value: str | None
    resolved: bool = True
    mod: str | None = None
    anchor: str | None = None
    confidence: float = 1.0
    explicit: bool = False  # carries its own year: updates the reference time
    start: int | None = None  # a sub-span (ranges split into two expressions)
    end: int | None = None


class Reject(Exception):
    """The match is not a temporal expression after all."""


class Anchoring:
    """The lexicon tables and the anchor arithmetic shared by the normalisers."""

    def __init__(self, grammar: Grammar) -> None:
        self.grammar = grammar
        lex = grammar.lexicon
        self.months: dict[str, int] = lex["months"]
        self.weekdays: dict[str, int] = lex["weekdays"]
        self.full_weekdays = set(lex["weekdays_full_only"])
        self.numbers: dict[str, float] = lex["numbers"]
        self.vague_numbers = set(lex["vague_numbers"])
        self.ordinals: dict[str, int] = lex["ordinals"]
        self.units: dict[str, str] = lex["units"]
        self.seasons: dict[str, str] = lex["seasons"]
        self.pods: dict[str, str] = lex["parts_of_day"]
        self.deictic: dict[str, int] = lex["deictic_days"]
        self.vague: dict[str, str] = lex["vague"]
        self.narrative_vague: dict[str, str] = lex.get("narrative_vague", {})
        self.news_vague: dict[str, str] = lex.get("news_vague", {})
        self.holidays: dict[str, str] = lex["holidays"]
        self.timezones: dict[str, str] = lex["timezones"]
        self.sets: dict[str, str] = lex["sets"]
        # The step a relative word takes ("last" -1, "next" 1), and the ones counted
        # from the reference time rather than speech time ("the next", "that").
        self.relative: dict[str, int] = lex["relative"]
        self.anaphoric = set(lex["relative_anaphoric"])
        self.after_unit: dict[str, str] = lex.get("relative_after_unit", {})

    def _year_from_two(self, two: int, ctx: Context) -> int | None:
        # A history's "'89" is the story's century's (the Club of '89 in 1790), news' the
        # publication's.
        story = ctx.ref.year if ctx.narrative and ctx.ref is not None else None
        base = story or (ctx.dct.year if ctx.dct else (ctx.ref.year if ctx.ref else None))
        if base is None:
            return None
        candidates = [(base // 100) * 100 + two + k * 100 for k in (-1, 0, 1)]
        return min(candidates, key=lambda y: (abs(y - base), -y))

    def _base(self, ctx: Context, anaphoric: bool = False, need: str = "D") -> date | None:
        """The date to resolve against; ``need`` is the granularity the expression
        needs from a reference time (D, M or Y): "the next day" cannot be resolved
        against a reference known only to the year."""
        if (anaphoric or ctx.narrative) and ctx.ref is not None:
            ref = ctx.ref
            enough = need == "Y" or (need == "M" and ref.month is not None) or ref.day is not None
            if enough and ref.year >= 1:
                return date(ref.year, ref.month or 1, ref.day or 1)
            if ref.year < 1:
                return None  # before the common era: year arithmetic only (``_bc_shift``)
            if ctx.narrative:
                return None
        if ctx.narrative:
            return None  # a narrative's publication date says nothing about its story
        return ctx.dct

    def _bc_shift(self, ctx: Context, unit: str, delta: int) -> str | None:
        """Year arithmetic before the common era (no calendar dates there): the
        reference year moved by ``delta`` years, decades or centuries, at that
        granularity ("the following decade" after 490 BC is ``BC048``); ``None``
        when the reference is not a BC year or the unit is finer than a year."""
        if ctx.ref is None or ctx.ref.year >= 1:
            return None
        if unit == "Y":
            return year_value(ctx.ref.year + delta)
        bc_year = 1 - ctx.ref.year  # 490 for 490 BC
        if unit == "DE":
            return f"BC{bc_year // 10 - delta:03d}"
        if unit == "CE":
            return f"BC{bc_year // 100 - delta:02d}"
        return None

    def _pick_year(self, month: int, day: int | None, ctx: Context) -> tuple[int | None, float]:
        """Year for an underspecified month (and day)."""
        if ctx.narrative:
            if ctx.ref is None:
                return None, 0.0
            # A chronological narrative crosses into the next year ("In January" after
            # "December 16, 1944"), but only from a stated date: crossing from a date we
            # inferred ourselves compounds one wrong guess into a run of them.
            if ctx.ref.month is not None and ctx.ref.month - month >= 6 and ctx.ref_explicit:
                return ctx.ref.year + 1, 0.7
            return ctx.ref.year, 0.8
        anchor = ctx.dct
        if anchor is None:
            return None, 0.0
        def point(y: int) -> date:
            d = day if day is not None and valid_day(y, month, day) else 1
            if day is None:
                # Month precision: compare month starts (the month counts as "now").
                return date(y, month, 1)
            return date(y, month, d)

        now = anchor if day is not None else date(anchor.year, anchor.month, 1)
        same = point(anchor.year)
        gap = (same - now).days
        # News convention: the publication year, unless the tense points the other
        # way and the date lies well on the wrong side of publication (a past-tense
        # "December 20" in a January article is last year's).
        if ctx.orientation < 0 and gap > SHIFT_DAYS:
            return anchor.year - 1, 0.85
        if ctx.orientation > 0 and gap < -SHIFT_DAYS:
            return anchor.year + 1, 0.85
        # Unknown tense: news mostly reports the past, so lean that way.
        if ctx.orientation == 0 and gap > 2 * SHIFT_DAYS:
            return anchor.year - 1, 0.7
        if ctx.orientation == 0 and gap < -4 * SHIFT_DAYS:
            return anchor.year + 1, 0.7
        return anchor.year, 0.9

    def _day_value(self, day: date) -> str:
        return f"{year_value(day.year)}-{day.month:02d}-{day.day:02d}"

    def _unresolved(self, kind: str, value: str) -> Result:
        return Result(kind, value, resolved=False, confidence=0.3)


def moves_reference(match: Match, result: Result, text: str, start: int, end: int, narrative: bool) -> bool:
    """Does ``result`` become the text's reference time?"""
    return bool(result.resolved and result.type in ("DATE", "TIME") and result.value and not (
        # In a narrative, "the previous year" or "fifteen months later" is a
        # glance aside: the story's clock stays with the last stated date.
        narrative and match.rule.norm in ("offset", "rel_unit")
        and not DAY_VALUE.match(result.value)
    ) and not (
        # "the Civil Constitution of the Clergy (1790)": an aside in brackets.
        text[max(0, start - 1) : start] == "(" and text[end : end + 1] == ")"
    ))


_APPOSITION = re.compile(r"\s*,\s*")
_FROM_EVENT = re.compile(r"\s*(?:after|before)\b", re.IGNORECASE)


def counted_from_event(match: Match, text: str, start: int) -> bool:
    """Is ``match`` an amount counted from an event ("two days after the invasion",
    "six months before the deployment")?"""
    if match.rule.norm not in ("offset", "duration") or "num" not in match.groups:
        return False
    direction = match.groups.get("dir", "").lower()
    return direction in ("after", "before") or bool(_FROM_EVENT.match(text, match.end))


def apposed(previous: Timex, text: str, start: int) -> bool:
    """Does the expression at ``start`` stand in apposition to the date just before it
    ("On 27 June 1950, two days after ...")?"""
    return (previous.type == "DATE" and previous.resolved and bool(previous.value)
            and bool(DAY_VALUE.match(previous.value or "") or _ISO_MONTH_VALUE.match(previous.value or ""))
            and previous.span.end <= start and bool(_APPOSITION.fullmatch(text, previous.span.end, start)))


_HEADING = re.compile(r"\n[^\n.!?:;,\"]{1,60}\n")  # a short line without punctuation


def glances_aside(matches: list[Match], text: str) -> set[int]:
    """Matches (by ``id``) whose stated year is a glance away from a narrative: the
    years stated before and after it agree (within two years) and it lies more than
    ``ASIDE_YEARS`` from both ("In the invasion of 2003 ... In November 2008,
    protesters staged a similar protest. ... On April 15 ..."): the story's clock
    stays where it was."""
    stated: list[tuple[Match, int]] = []
    for m in matches:
        raw = m.groups.get("year", "")
        if raw.isdigit() and m.groups.get("era", "").upper().startswith("B"):
            stated.append((m, 1 - int(raw)))  # "513 BC"
        elif len(raw) == 4 and raw.isdigit():
            stated.append((m, int(raw)))
    asides: set[int] = set()
    for i in range(1, len(stated) - 1):
        before, year, after = stated[i - 1][1], stated[i][1], stated[i + 1][1]
        if (abs(before - after) <= 2 and min(abs(year - before), abs(year - after)) > ASIDE_YEARS) or (
            # ... or a month stated with another year amid a story of one year ("This
            # followed the election in December 2005."); a new section ("Quebec")
            # may go back in time for good; nor is a return to the year stated just
            # before ("the start of 1943 ... late 1942 ... by May 1943").
            before == after != year and "month" in stated[i][0].groups
            and (i < 2 or stated[i - 2][1] != year)
            and not _HEADING.search(text, stated[i - 1][0].end, stated[i][0].start)
        ):
            asides.add(id(stated[i][0]))
    return asides


def iso(day: date | None) -> str | None:
    return None if day is None else f"{day.year:04d}-{day.month:02d}-{day.day:02d}"


def unknown(unit: str) -> str:
    """The X-filled value of an unresolvable expression at ``unit`` granularity."""
    return {
        "W": "XXXX-WXX", "WE": "XXXX-WXX-WE", "M": "XXXX-XX", "Q": "XXXX-QX", "Y": "XXXX",
        "DE": "XXX", "CE": "XX",
    }.get(unit, "XXXX-XX-XX")


def need(unit: str) -> str:
    """Granularity of reference time an expression in ``unit`` needs."""
    if unit in ("M", "Q"):
        return "M"
    if unit in ("Y", "DE", "CE", "ML"):
        return "Y"
    return "D"
