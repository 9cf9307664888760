"""Recognise temporal expressions and normalise them to TIMEX3.

:class:`TimeTagger` runs the grammar's rules (``grammar.py``) over the text,
keeps the longest non-overlapping matches, attaches modifiers ("early", "the end
of", "about", "or so") and normalises each match against its anchors:

* the *speech time* (``dct``): the publication date, or a quote's speech date,
  for deictic expressions ("today", "last week", "two days ago");
* the *reference time*: the last absolute date the text mentioned, for anaphoric
  ones ("the next day", "two days later") and, in narrative texts, for
  underspecified ones ("In April", "September 17").

Underspecified dates in news ("July 3", "in April", "on Friday") take the
publication year, or the previous/next one when the tense of their clause
(``orientation``: -1 past, +1 future, 0 unknown) says the date lies well on
the other side of publication; weekdays take the nearest one in the tense's
direction. Without any anchor, only absolute expressions resolve; the rest keep
``resolved=False`` and an X-filled value.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from dateline.model import Span, Timex
from dateline.nlp.time.calendar import (
    Reference,
    add_months,
    easter,
    iso_week,
    nth_weekday,
    parse_anchor,
    quarter_of,
    shift_quarter,
    valid_day,
    year_value,
)
from dateline.nlp.time.grammar import Grammar, Rule, load_grammar

Orientation = Callable[[int, int], int]

_DIGITS = re.compile(r"\d+")
_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")
_DAY_VALUE = re.compile(r"^(?:BC)?\d{4}-\d{2}-\d{2}")
# How far on the "wrong" side of the anchor an underspecified date may lie
# before the tense moves it to the previous or next year.
SHIFT_DAYS = 62
# Modifiers that only make sense on an amount of time (durations, "x ago").
_AMOUNT_MODS = {"APPROX", "LESS_THAN", "MORE_THAN", "EQUAL_OR_MORE", "EQUAL_OR_LESS"}
_POINT_MODS = {"START", "END", "MID"}
_REL_WORDS = {
    "this": 0, "current": 0, "the current": 0, "the latest": -1,
    "last": -1, "past": -1, "previous": -1, "the previous": -1, "the preceding": -1,
    "the prior": -1, "next": 1, "coming": 1, "following": 1, "the next": 1,
    "the following": 1, "the coming": 1, "later this": 0, "earlier this": 0,
    "later that": 0, "earlier that": 0, "that": 0, "the same": 0, "the past": -1,
    "this past": -1, "this coming": 1,
}
# Relative words whose base is the reference time of the text, not speech time.
_ANAPHORIC = {"the next", "the following", "following", "the previous", "the preceding",
              "the prior", "that", "the same", "later that", "earlier that"}


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
class Match:
    start: int
    end: int
    rule: Rule
    groups: dict[str, str]
    priority: int
    mod: str | None = None


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


class TimeTagger:
    """Stateless recogniser/normaliser; one per process (the grammar is cached)."""

    def __init__(self, grammar: Grammar | None = None) -> None:
        self.grammar = grammar or load_grammar()
        lex = self.grammar.lexicon
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
        self.mods_before: dict[str, str] = {k.lower(): v for k, v in lex["mods_before"].items()}
        self.mods_after: dict[str, str] = lex["mods_after"]
        self.holidays: dict[str, str] = lex["holidays"]
        self.timezones: dict[str, str] = lex["timezones"]
        self.sets: dict[str, str] = lex["sets"]
        self.counted = set(lex["counted_nouns"])
        self.generic_today = set(lex.get("generic_today_nouns", []))
        self.season_names = set(lex.get("season_name_nouns", []))
        # "current account", "current affairs": "current" that is not the present time.
        self.current_nouns = set(lex.get("current_non_time_nouns", []))
        # "High Noon": a word that makes "noon" part of a name.
        self.noon_name_words = set(lex.get("words_before_noon_in_names", []))

    # ------------------------------------------------------------------ recognition
    def find(self, text: str) -> list[Match]:
        """Longest non-overlapping rule matches, in text order."""
        found: list[Match] = []
        for priority, rule in enumerate(self.grammar.rules):
            for m in rule.regex.finditer(text):
                if m.end() == m.start():
                    continue
                groups = {k: v for k, v in m.groupdict().items() if v is not None}
                match = Match(m.start(), m.end(), rule, groups, priority)
                if self._plausible(text, match):
                    found.append(match)
        found.sort(key=lambda x: (-(x.end - x.start), x.priority, x.start))
        chosen: list[Match] = []
        taken: list[tuple[int, int]] = []
        for match in found:
            if any(match.start < e and s < match.end for s, e in taken):
                continue
            chosen.append(match)
            taken.append((match.start, match.end))
        chosen.sort(key=lambda x: x.start)
        for match in chosen:
            self._attach_mods(text, match)
        return chosen

    def _plausible(self, text: str, match: Match) -> bool:
        g, surface = match.groups, text[match.start : match.end]
        upper_text = surface.isupper() and len(surface) > 3
        for key in ("month", "weekday"):
            word = g.get(key)
            if not word:
                continue
            pos = text.find(word, match.start, match.end)
            if pos >= 0 and not word[0].isupper() and not upper_text:
                return False  # "may", "march", "sat", "sun", "wed" as ordinary words
            bare = word.lower().rstrip(".")
            table = self.months if key == "month" else self.weekdays
            full = len(bare) >= 5 or bare in ("may", "june", "july")
            after = text[pos + len(word) : pos + len(word) + 1] if pos >= 0 else ""
            if key == "weekday" and bare not in self.full_weekdays and after != ".":
                return False
            if (key == "month" and not full and bare in table and after != "."
                    and not g.get("day") and match.rule.name == "month"):
                return False  # "Jan", "Mar" alone are names more often than months
            if key == "month" and bare == "may" and match.rule.name == "month":
                # "May" alone: the modal verb at a sentence start, unless a
                # preposition announces a month ("in May", "since May").
                previous = text[max(0, match.start - 12) : match.start].lower().split()
                if not g.get("rel") and (not previous or previous[-1] not in (
                    "in", "since", "until", "by", "of", "last", "next", "this", "early",
                    "late", "mid-", "before", "after", "through", "during", "from", "to",
                )):
                    return False
        if match.rule.name == "month":
            # "March" / "May" as a verb or name part: require that the word is not followed by
            # a lower-case verb-like continuation typical of names ("May said").
            following = text[match.end : match.end + 8]
            if re.match(r" [A-Z][a-z]", following) and g["month"].lower() in ("may", "march", "august"):
                return False
            if g["month"].lower() == "march" and not g.get("rel"):
                lead = text[max(0, match.start - 16) : match.start]
                # "the Long March", "the Ice March", "the March to the Sea", "along the
                # March.": the noun (a column on the move), not the month.
                if re.search(r"\b[A-Z][a-z]+ $", lead) and not _sentence_start(text, match.start - 1 - len(lead.split()[-1])) \
                        or (re.search(r"\bthe $", lead, re.I) and re.match(r"(?: to\b| from\b| on\b|[.,;])", following)):
                    return False
        if match.rule.norm == "year" and match.rule.name == "year":
            year = int(g["year"])
            after = text[match.end : match.end + 25]
            next_word = re.match(r"\s+([A-Za-z][A-Za-z'-]*)", after)
            if next_word:
                noun = next_word.group(1)
                if noun.lower() in self.counted:
                    return False
                # ("the 1200 rebels" stays a count: "the" alone decides nothing.)
                determined = re.search(r"(?:\b(?:its|his|her|their|this|that|of)|'s)\s+$",
                                       text[max(0, match.start - 8) : match.start], re.I)
                if (
                    not determined  # "its 2006 highs", "of 1913 levels": a year's things
                    and noun.islower()
                    and noun.endswith("s")
                    and not noun.endswith(("'s", "ss", "us", "is", "as"))
                    and noun not in ("was", "has", "saw", "sees")
                ):
                    return False  # "1500 rebels", "2000 troops"
            preceding = text[max(0, match.start - 20) : match.start]
            if re.search(r"(?:no\.|number|#|\$|€|£|page|route|flight|article|section|resolution|model|room|tel\.?)\s*$", preceding, re.I):
                return False
            # Older years only with a temporal preposition before them (or alone in
            # parentheses: "the National Assembly (1789)").
            parenthesised = preceding.endswith("(") and text[match.end : match.end + 1] == ")"
            if not g.get("fiscal") and not parenthesised and not 1900 <= year <= 2099 and not re.search(
                r"\b(?:in|since|by|until|till|of|from|to|before|after|during|year|early|late|mid-?"
                r"|circa|c\.|around|about|between|and|through|the|as late as|as early as|as in)\s*$",
                preceding,
                re.I,
            ):
                return False
        if match.rule.name == "season":
            named = re.match(r" ([A-Z][a-z]+)", text[match.end : match.end + 16])
            if g["season"][:1].isupper() and named and named.group(1).lower() in self.season_names:
                return False  # "the Winter Olympics", "the Winter Palace": names
        if match.rule.name == "season" and not g.get("year"):
            if not g.get("det") and g["season"].lower() in ("fall", "spring"):
                return False
            if g["season"].lower() == "fall" and re.match(r" of (?!\d)", text[match.end : match.end + 5]):
                return False  # "the fall of Paris"
        if (
            match.rule.name == "duration"
            and g.get("num", "").lower() in ("a", "an", "one")
            and g["unit"].lower() == "second"
            and not re.match(r"\s+(?:or|and|later|earlier|ago|before|after)\b", text[match.end : match.end + 8])
        ):
            return False  # "a second front"
        if match.rule.name == "quarter" and not g.get("qord") and match.start > 0 and text[match.start - 1] == "-":
            return False  # "quarter-to-quarter": the second half of a compound
        if match.rule.name == "set_every":
            lead = surface.lower().split()[0]
            if lead == "a" and not g.get("freq"):
                return False
        if match.rule.name == "rel_unit" and g["rel"].lower() == "the" and g["unit"].lower() != "weekend" and not (
            g.get("fiscal")  # "the fiscal year", "the full year": the accounting year the text is in
        ) and not (
            g["unit"].lower() in ("year", "month")
            and re.search(r"(?:\b(?:end|beginning|start|middle|rest|remainder|close|turn) of|\b(?:late|early|later|earlier) in)\s+$",
                          text[max(0, match.start - 24) : match.start], re.I)
        ):
            # "the year" alone is a duration or a noun; "the end of the year", "late in
            # the year" name the year the text is in.
            return False
        if match.rule.name == "vague":
            word = g["vague"].lower()
            after = text[match.end : match.end + 12].lower()
            if word in ("earlier", "now", "recently") and re.match(r"\s*than\b", after):
                return False
            noun_after = re.match(r"[-\s]*([a-z]+)", after)
            if word == "current" and (after.startswith("-") or (noun_after and noun_after.group(1) in self.current_nouns)):
                return False  # "current account", "current affairs": not the present time
            if word == "now" and re.match(r"[- ]?(?:defunct|famous|former|retired|deceased)", after):
                return True
            if word == "now" and _sentence_start(text, match.start) and re.match(r"\s*(?:,|for\b)", after):
                return False  # "Now, he says ...", "Now for the weather": a discourse marker
        if g.get("deictic", "").lower() == "today" and match.rule.name == "deictic_pod":
            owned = re.match(r"'s\s+(?:([a-z]+)\s+)?([a-z]+)", text[match.start + 5 : match.start + 40])
            if owned and (owned.group(2) in self.generic_today or (owned.group(1) or "") in self.generic_today):
                return False  # "today's world", "today's youth": the present era, not the day
        unit = g.get("unit") or g.get("unit2") or ""
        if (unit[:1].isupper() and not upper_text and match.rule.type in ("DATE", "DURATION")
                and text.find(unit, match.start, match.end) > match.start):
            # "This Week" (a programme), "60 Minutes", "the Seven Years' War": a capital
            # on the unit word inside running text makes the phrase a name.
            return False
        if g.get("noon", "").lower() == "noon":
            word_before = re.search(r"(\w+)\s*$", text[max(0, match.start - 12) : match.start])
            if word_before and word_before.group(1).lower() in self.noon_name_words:
                return False  # "High Noon"
        # "the March for Life", "the March of the Combatant Mothers": a name, not the month.
        return not (match.rule.name == "month" and not g.get("rel")
                    and re.match(r" (?:for|of the|on) [A-Z]", text[match.end : match.end + 12]))

    def _attach_mods(self, text: str, match: Match) -> None:
        before = text[max(0, match.start - 24) : match.start]
        m = self.grammar.mod_before.search(before)
        if m:
            word = m.group("mod").lower().rstrip(" -")
            mod = self.mods_before.get(word) or self.mods_before.get(word + "-")
            kind = match.rule.type
            amount = kind == "DURATION" or match.rule.norm == "offset"
            if word in ("over", "under") and re.match(r"(?:the|this|that|these|those)\b", text[match.start : match.end], re.I):
                mod = None  # "over the next three quarters": during them, not more than them
            if mod and ((mod in _AMOUNT_MODS and (amount or kind == "TIME")) or (mod in _POINT_MODS and not amount)):
                # "over"/"under" before a plain date is a preposition, not a modifier.
                match.start = max(0, match.start - (len(before) - m.start()))
                match.mod = mod
        m = self.grammar.mod_after.match(text[match.end : match.end + 12])
        if m:
            mod = self.mods_after.get(m.group("mod").lower())
            if mod and mod != "HALF" and (match.rule.type == "DURATION" or match.rule.norm == "offset"):
                match.end += m.end()
                match.mod = match.mod or mod

    # ------------------------------------------------------------------ normalisation
    def tag(
        self,
        text: str,
        dct: date | None,
        *,
        orientation: Orientation | None = None,
        narrative: bool = False,
        anchor_for: Callable[[int], date | None] | None = None,
        matches: list[Match] | None = None,
    ) -> list[Timex]:
        """All TIMEX3 expressions of ``text``.

        ``anchor_for(offset)`` may give a different speech time for an offset
        (inside a quote); ``orientation(start, end)`` gives the tense;
        ``matches`` are the results of :meth:`find` when the caller has them.
        """
        timexes: list[Timex] = []
        ref: Reference | None = Reference.of(dct) if dct and not narrative else None
        period: str | None = None
        ref_explicit = False
        found = self.find(text) if matches is None else matches
        asides = _glances_aside(found) if narrative else set()
        for match in found:
            speech = anchor_for(match.start) if anchor_for else dct
            if speech is None:
                speech = dct
            orient = orientation(match.start, match.end) if orientation else 0
            context = Context(speech, ref, narrative, orient, period, ref_explicit)
            try:
                results = self.normalize(match, context, text)
            except Reject:
                continue
            except (OverflowError, ValueError):
                # Calendar arithmetic off the end of the calendar (a document dated
                # year 1 or 9999): recognised, but not resolvable.
                results = [Result(match.rule.type, None, resolved=False, confidence=0.0)]
            for result in results:
                start = result.start if result.start is not None else match.start
                end = result.end if result.end is not None else match.end
                timexes.append(
                    Timex(
                        span=Span.of(text, start, end),
                        type=result.type,
                        value=result.value,
                        mod=result.mod or match.mod,
                        anchor=result.anchor,
                        resolved=result.resolved,
                        confidence=round(result.confidence, 3),
                    )
                )
                if (result.resolved and result.value and _QUARTER.match(result.value)
                        and match.rule.name == "quarter"
                        and match.groups.get("rel", "").lower() not in ("year-earlier", "year-ago")):
                    # The comparison quarter a year before is not the one being reported.
                    period = result.value
                if result.resolved and result.type in ("DATE", "TIME") and result.value and not (
                    # In a narrative, "the previous year" or "fifteen months later" is a
                    # glance aside: the story's clock stays with the last stated date.
                    narrative and match.rule.norm in ("offset", "rel_unit")
                    and not _DAY_VALUE.match(result.value)
                ) and not (
                    # "the Civil Constitution of the Clergy (1790)": an aside in brackets.
                    text[max(0, start - 1) : start] == "(" and text[end : end + 1] == ")"
                ) and id(match) not in asides:
                    new_ref = Reference.from_value(result.value, units=narrative and result.explicit)
                    if new_ref and ref is not None and new_ref.month is None and new_ref.year == ref.year:
                        # "in 1941" after "December 7": the year is confirmed, the
                        # story's month and day stay.
                        ref_explicit = ref_explicit or result.explicit
                    elif new_ref:
                        ref = new_ref
                        ref_explicit = result.explicit
        return timexes

    def normalize(self, match: Match, ctx: Context, text: str) -> list[Result]:
        fn = getattr(self, "_norm_" + match.rule.norm)
        out = fn(match, ctx, text)
        return out if isinstance(out, list) else [out]

    # --- helpers
    def _num(self, word: str) -> float | None:
        """A number, or ``None`` for vague amounts ("several")."""
        word = word.lower().strip()
        half = 0.0
        if word.endswith(" and a half"):
            word, half = word[: -len(" and a half")], 0.5
        if word.endswith(" 1/2"):
            word, half = word[:-4], 0.5
        if word in self.vague_numbers:
            return None
        try:
            return float(word) + half
        except ValueError:
            pass
        if word in self.numbers:
            return float(self.numbers[word]) + half
        parts = re.split(r"[- ]", word)
        if len(parts) == 2 and parts[0] in self.numbers and parts[1] in self.numbers:
            first, second = self.numbers[parts[0]], self.numbers[parts[1]]
            if second in (100, 1000) and first < second:
                return float(first * second) + half  # "two thousand", not 1002
            return float(first + second) + half  # "twenty-five"
        return None

    def _unit(self, word: str) -> str:
        word = word.lower()
        if word in self.units:
            return self.units[word]
        return self.units.get(word.rstrip("s"), "D")

    def _year_from_two(self, two: int, ctx: Context) -> int | None:
        base = ctx.dct.year if ctx.dct else (ctx.ref.year if ctx.ref else None)
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
            if ctx.ref.month is not None and ctx.ref.month >= 10 and month <= 3 and ctx.ref_explicit:
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

    # --- normalisers (named by the rule's "norm")
    def _norm_date(self, match: Match, ctx: Context, text: str) -> Result:
        g = match.groups
        if "month2" in g:  # "the night of 8 February": day-month order
            g = {**g, "month": g["month2"], "day": g["day2"]}
        kind = match.rule.type
        confidence = 1.0
        explicit = False
        day_value: str | None = None
        anchor_used: date | None = None
        if "deictic" in g:
            word = g["deictic"].lower()
            offset = self.deictic.get(word, 0)
            if word == "tonight":
                g = dict(g)
                g.setdefault("pod", "night")
            base = ctx.dct
            if base is None:
                return self._unresolved(kind, "XXXX-XX-XX")
            anchor_used = base
            day_value = self._day_value(base + timedelta(days=offset))
        elif "holiday" in g:
            day_value, explicit, confidence = self._holiday(g, ctx)
            if day_value is None:
                return self._unresolved(kind, "XXXX-XX-XX")
        elif "month" in g or "mnum" in g:
            month = self.months[g["month"].lower().rstrip(".")] if "month" in g else int(g["mnum"])
            day = int(_DIGITS.match(g["day"]).group()) if "day" in g else None  # type: ignore[union-attr]
            year: int | None = None
            if "bcyear" in g and day is None:  # "April 480 BC": no calendar dates, the month only
                return Result("DATE", f"BC{int(g['bcyear']):04d}-{month:02d}", explicit=True)
            if "year" in g:
                raw = g["year"].lstrip("'")
                if not raw.isdigit():
                    raw = str(self._spoken_year(raw))
                year = int(raw) if len(raw) == 4 else self._year_from_two(int(raw), ctx)
                explicit = len(raw) == 4
                if year is None:
                    return self._unresolved(kind, f"XXXX-{month:02d}" + (f"-{day:02d}" if day else ""))
            if day is not None and not valid_day(year, month, day):
                return Result(kind, None, resolved=False, confidence=0.0)  # "February 30"
            rel = g.get("rel", "").lower()
            if year is None and "yrel" in g:
                # "August of that year", "May 3 of the following year": the year is
                # counted from the reference time (anaphoric) or the speech time.
                yrel = " ".join(g["yrel"].lower().split())
                base = self._base(ctx, anaphoric=True, need="Y") if yrel in _ANAPHORIC else (
                    None if ctx.narrative else ctx.dct)
                if base is None:
                    return self._unresolved(kind, f"XXXX-{month:02d}" + (f"-{day:02d}" if day else ""))
                year = base.year + _REL_WORDS.get(yrel, 0)
                anchor_used = base
            if year is None and rel in _ANAPHORIC and day is None:
                # "the previous April": the last April before the reference time.
                base = self._base(ctx, anaphoric=True, need="M")
                if base is None:
                    return self._unresolved(kind, f"XXXX-{month:02d}")
                step = _REL_WORDS.get(rel, 0)
                year = base.year + (-1 if step < 0 and month >= base.month else
                                    1 if step > 0 and month <= base.month else 0)
                anchor_used = base
            if year is None and rel and ctx.dct is not None and day is None and not ctx.narrative:
                now = ctx.dct.month
                if rel in ("last", "this past"):
                    year = ctx.dct.year - (1 if month >= now else 0)
                elif rel in ("next", "this coming"):
                    year = ctx.dct.year + (1 if month <= now else 0)
                else:
                    year = ctx.dct.year
                anchor_used = ctx.dct
            if year is None:
                year, confidence = self._pick_year(month, day, ctx)
                anchor_used = ctx.dct if not ctx.narrative else None
                if year is None:
                    value = f"XXXX-{month:02d}" + (f"-{day:02d}" if day else "")
                    return self._unresolved(kind, value)
            if day is None:
                return Result("DATE", f"{year_value(year)}-{month:02d}", confidence=confidence,
                              explicit=explicit, anchor=_iso(anchor_used))
            day_value = f"{year_value(year)}-{month:02d}-{day:02d}"
        elif "weekday" in g:
            word = g["weekday"].lower().rstrip(".")
            wd = self.weekdays[word.rstrip("s")] if word.rstrip("s") in self.weekdays else self.weekdays[word]
            surface = text[match.start : match.end].lower()
            if re.search(r"(?:day|morning|night|evening|afternoon)s\b", surface) and "rel" not in g:
                pod = self.pods.get(g.get("pod", "").lower(), "")
                return Result("SET", f"XXXX-WXX-{wd}" + (f"T{pod}" if pod else ""))
            rel = g.get("rel", "").lower()
            base = self._base(ctx)
            if base is None:
                return self._unresolved(kind, f"XXXX-WXX-{wd}")
            anchor_used = base
            diff = wd - base.isoweekday()
            if rel in ("last", "previous", "this past"):
                delta = diff - 7 if diff >= 0 else diff
            elif rel in ("next", "coming", "this coming", "following"):
                delta = diff + 7 if diff <= 0 else diff
            elif rel == "this":
                delta = diff
            elif ctx.narrative:
                delta = diff if diff >= 0 else diff + 7  # narratives move forward
                confidence = 0.6
            elif ctx.orientation > 0:
                delta = diff if diff >= 0 else diff + 7
            else:
                delta = diff if diff <= 0 else diff - 7
                confidence = 0.85 if ctx.orientation < 0 else 0.7
            day_value = self._day_value(base + timedelta(days=delta))
        elif "pod" in g or "rel" in g:
            base = ctx.dct
            rel = g.get("rel", "").lower()
            if base is None:
                return self._unresolved("TIME", "XXXX-XX-XX")
            offset = {"yesterday": -1, "tomorrow": 1, "last": -1}.get(rel, 0)
            if rel == "last" and g.get("pod", "").lower() != "night":
                offset = -1
            anchor_used = base
            day_value = self._day_value(base + timedelta(days=offset))
        else:
            # A bare clock time: the day the text is talking about.
            base = self._base(ctx, anaphoric=True)
            if base is None:
                return self._unresolved("TIME", "XXXX-XX-XX" + self._clock(g))
            anchor_used = base
            day_value = self._day_value(base)
            confidence = 0.7
        if day_value is None:
            return self._unresolved(kind, "XXXX-XX-XX")
        if "weekof" in g:  # "the week of March 6": the (ISO) week that holds the day
            week_day = parse_anchor(day_value)
            if week_day is not None:
                return Result("DATE", iso_week(week_day), confidence=confidence, explicit=explicit,
                              anchor=_iso(anchor_used))
        clock = self._clock(g)
        if clock:
            return Result("TIME", day_value + clock, confidence=confidence, anchor=_iso(anchor_used))
        pod_code = self.pods.get(g.get("pod", "").lower())
        if pod_code:
            return Result("TIME", f"{day_value}T{pod_code}", confidence=confidence, anchor=_iso(anchor_used))
        return Result("DATE", day_value, confidence=confidence, explicit=explicit, anchor=_iso(anchor_used))

    def _clock(self, g: dict[str, str]) -> str:
        if "noon" in g:
            word = g["noon"].lower()
            value = "T24:00" if word == "midnight" else "T12:00"
        elif "hour" in g:
            hour = int(g["hour"])
            if hour > 12 or hour == 0:
                raise Reject("not a 12-hour clock time")
            pm = g["ampm"].lower().startswith("p")
            hour = hour % 12 + (12 if pm else 0)
            value = f"T{hour:02d}:{int(g.get('minute', '0')):02d}"
        elif "hour24" in g:
            value = f"T{int(g['hour24']):02d}:{int(g['minute24']):02d}"
        elif "hourmil" in g:
            value = f"T{int(g['hourmil']):02d}:{int(g['minmil']):02d}"
        else:
            return ""
        tz = g.get("tz")
        if tz:
            value += self.timezones.get(tz.lower(), "")
        return value

    def _holiday(self, g: dict[str, str], ctx: Context) -> tuple[str | None, bool, float]:
        code = self.holidays[g["holiday"].lower()]
        year: int | None = int(g["year"]) if "year" in g else None
        explicit = year is not None

        def resolve(y: int) -> date:
            if code == "THANKSGIVING":
                return nth_weekday(y, 11, 4, 4)
            if code == "LABOR":
                return nth_weekday(y, 9, 1, 1)
            if code == "MEMORIAL":
                return nth_weekday(y, 5, 1, -1)
            if code == "EASTER":
                return easter(y)
            month, day = (int(x) for x in code.split("-"))
            return date(y, month, day)

        confidence = 1.0
        if year is None:
            probe = resolve(ctx.dct.year if ctx.dct else (ctx.ref.year if ctx.ref else 2000))
            year, confidence = self._pick_year(probe.month, probe.day, ctx)
            rel = g.get("rel", "").lower()
            if year is not None and rel in ("last", "next") and ctx.dct:
                year = ctx.dct.year + (1 if rel == "next" else -1)
            if year is None:
                return None, False, 0.0
        return self._day_value(resolve(year)), explicit, confidence

    def _norm_year(self, match: Match, ctx: Context, text: str) -> Result:
        g = match.groups
        if "spoken" in g:
            return Result("DATE", year_value(self._spoken_year(g["spoken"])), explicit=True)
        raw = g["year"]
        era = (g.get("era") or "").upper().replace(".", "")
        if len(raw) == 2:
            year = self._year_from_two(int(raw), ctx)
            if year is None:
                return self._unresolved("DATE", "XXXX")
            return Result("DATE", year_value(year), confidence=0.8, explicit=True)
        year = int(raw)
        if era.startswith("B"):
            return Result("DATE", f"BC{year:04d}", explicit=True)
        if year == 0:
            raise Reject("year zero")
        return Result("DATE", year_value(year), explicit=True)

    def _spoken_year(self, words: str) -> int:
        words = words.lower().replace("-", " ")
        if words.startswith("two thousand"):
            rest = words[len("two thousand"):].replace(" and ", " ").strip()
            return 2000 + int(self._num(rest) or 0) if rest else 2000
        first, _, rest = words.partition(" ")
        rest = rest.replace("oh ", "").strip()
        century = int(self.numbers[first])
        value = self._num(rest)
        if value is None:
            raise Reject("not a spoken year")
        return century * 100 + int(value)

    def _norm_year_range(self, match: Match, ctx: Context, text: str) -> list[Result]:
        g = match.groups
        first = int(g["year"])
        raw2 = g["year2"]
        sep = g.get("sep", "").strip()
        if len(raw2) == 2:
            two = int(raw2)
            if sep == "-" and 1 <= two <= 12 and two <= first % 100:
                # "2025-07": an ISO year-month, not a range
                return [Result("DATE", f"{first:04d}-{two:02d}", explicit=True)]
            second = (first // 100) * 100 + two
            if second <= first:
                raise Reject("not an ascending year range")
        else:
            second = int(raw2)
            if not first < second <= first + 200:
                raise Reject("not an ascending year range")
        m = re.search(re.escape(g["year"]), text[match.start : match.end])
        s1 = match.start + (m.start() if m else 0)
        e2 = match.end
        s2 = e2 - len(raw2)
        return [
            Result("DATE", f"{first:04d}", explicit=True, start=s1, end=s1 + 4),
            Result("DATE", f"{second:04d}", explicit=True, start=s2, end=e2, confidence=0.9),
        ]

    def _norm_month_range(self, match: Match, ctx: Context, text: str) -> list[Result]:
        g = match.groups
        m1 = self.months[g["month"].lower().rstrip(".")]
        m2 = self.months[g["month2"].lower().rstrip(".")]
        year = int(g["year"])
        y1 = year if m1 <= m2 else year - 1
        surface = text[match.start : match.end]
        lead = re.match(r"(?:from|between) ", surface, re.I)
        s1 = match.start + (lead.end() if lead else 0)
        e1 = s1 + len(g["month"])
        s2 = match.start + surface.index(g["month2"], e1 - match.start)
        return [
            Result("DATE", f"{y1:04d}-{m1:02d}", explicit=True, start=s1, end=e1, confidence=0.9),
            Result("DATE", f"{year:04d}-{m2:02d}", explicit=True, start=s2, end=match.end),
        ]

    def _norm_day_range(self, match: Match, ctx: Context, text: str) -> list[Result]:
        g = match.groups
        month = self.months[g["month"].lower().rstrip(".")]
        d1 = int(_DIGITS.match(g["day"]).group())  # type: ignore[union-attr]
        d2 = int(_DIGITS.match(g["day2"]).group())  # type: ignore[union-attr]
        if d2 <= d1:
            raise Reject("not an ascending day range")
        year: int | None
        if "year" in g:
            year, confidence, explicit = int(g["year"]), 1.0, True
        else:
            year, confidence = self._pick_year(month, d1, ctx)
            explicit = False
        surface = text[match.start : match.end]
        lead = re.match(r"(?:from|between) ", surface, re.I)
        s1 = match.start + (lead.end() if lead else 0)
        sep = re.search(re.escape(g["sep"]) + re.escape(g["day2"]), surface)
        if sep is None:
            raise Reject("range separator not found")
        e1 = match.start + sep.start()
        s2 = match.start + sep.start() + len(g["sep"])
        results = []
        for start, end, day in ((s1, e1, d1), (s2, match.end, d2)):
            if not valid_day(year, month, day):
                results.append(Result("DATE", None, resolved=False, confidence=0.0, start=start, end=end))
            elif year is None:
                results.append(Result("DATE", f"XXXX-{month:02d}-{day:02d}", resolved=False,
                                      confidence=0.3, start=start, end=end))
            else:
                results.append(Result("DATE", f"{year:04d}-{month:02d}-{day:02d}", explicit=explicit,
                                      confidence=confidence, start=start, end=end))
        return results

    def _norm_decade(self, match: Match, ctx: Context, text: str) -> Result:
        g = match.groups
        if "bcdecade" in g:  # "the 470s BC"
            return Result("DATE", f"BC{int(g['bcdecade']):03d}", explicit=True)
        if "decade" in g:
            return Result("DATE", g["decade"])
        if "decade2" in g:
            year = self._year_from_two(int(g["decade2"]) * 10, ctx)
            if year is None:
                return self._unresolved("DATE", "XXX")
            # "the '90s" is the most recent such decade, not a future one.
            if ctx.dct and year > ctx.dct.year:
                year -= 100
            return Result("DATE", f"{year // 10:03d}", confidence=0.8)
        words = ["twenties", "thirties", "forties", "fifties", "sixties", "seventies", "eighties", "nineties"]
        tens = words.index(g["decword"].lower()) + 2
        century = (ctx.dct.year // 100) if ctx.dct else 19
        if ctx.dct and century * 100 + tens * 10 > ctx.dct.year:
            century -= 1
        return Result("DATE", f"{century}{tens}", confidence=0.7)

    def _norm_century(self, match: Match, ctx: Context, text: str) -> Result:
        word = match.groups["ord"].lower()
        n = int(word[:-2]) if word[:-2].isdigit() else self.ordinals.get(word, 0)
        if n <= 0:
            raise Reject("no century")
        if "era" in match.groups:  # "the 4th century BC": 400-301 BC, written BC03
            return Result("DATE", f"BC{n - 1:02d}", explicit=True)
        return Result("DATE", f"{n - 1:02d}")

    def _norm_season(self, match: Match, ctx: Context, text: str) -> Result:
        g = match.groups
        code = self.seasons[g["season"].lower()]
        det = g.get("det", "").lower()
        mod = {"early": "START", "late": "END", "mid": "MID"}.get(det)
        if "year" in g:
            raw = g["year"] if g["year"].isdigit() else str(self._spoken_year(g["year"]))
            return Result("DATE", f"{raw}-{code}", mod=mod, explicit=True)
        if "bcyear" in g:  # "the spring of 480 BC"
            return Result("DATE", f"BC{int(g['bcyear']):04d}-{code}", mod=mod, explicit=True)
        if ctx.narrative and ctx.ref is not None and ctx.ref.year < 1:
            # Before the common era: no calendar dates, only the year of the story.
            return Result("DATE", f"{year_value(ctx.ref.year)}-{code}", mod=mod, confidence=0.6)
        base = self._base(ctx, anaphoric=det == "that", need="Y")
        if base is None:
            return self._unresolved("DATE", f"XXXX-{code}")
        order = ["WI", "SP", "SU", "FA"]
        current = order[(base.month % 12) // 3]
        year = base.year
        if ctx.narrative:
            known = ctx.ref is not None and ctx.ref.month is not None
            if det in ("next", "this coming", "last", "this past") and known and base.month == 12:
                year += 1  # December opens the winter of the next year
            if det in ("next", "this coming"):
                # "the next spring": the first one after the story's time (the next
                # year's when the story's month is unknown or already past it).
                year += 0 if known and order.index(code) > order.index(current) else 1
            elif det in ("last", "this past"):
                year -= 0 if known and order.index(code) < order.index(current) else 1
            elif code == "WI" and ctx.ref is not None and (ctx.ref.month or 0) >= 9:
                year += 1  # after "December 1777", "the winter" is the one that ends in 1778
            return Result("DATE", f"{year_value(year)}-{code}", mod=mod, anchor=_iso(base), confidence=0.7)
        if det in ("last", "this past"):
            year -= 1 if order.index(code) >= order.index(current) else 0
        elif det in ("next", "this coming"):
            year += 1 if order.index(code) <= order.index(current) else 0
        elif det not in ("this", "that") and not ctx.narrative:
            if ctx.orientation < 0 and order.index(code) > order.index(current):
                year -= 1
            elif ctx.orientation > 0 and order.index(code) < order.index(current):
                year += 1
        return Result("DATE", f"{year:04d}-{code}", mod=mod, anchor=_iso(base), confidence=0.85)

    def _norm_quarter(self, match: Match, ctx: Context, text: str) -> Result:
        g = match.groups
        if "qnum" in g:
            if "year2" in g:
                return Result("DATE", f"{g['year2']}-Q{g['qnum'][1]}", explicit=True)
            g = {**g, "qord": g["qnum"][1]}
        qord = g.get("qord", "").lower()
        q = {"first": 1, "1st": 1, "1": 1, "second": 2, "2nd": 2, "2": 2, "third": 3, "3rd": 3,
             "3": 3, "fourth": 4, "4th": 4, "4": 4, "final": 4}.get(qord)
        rel = g.get("rel", "").lower()
        if "year" in g and q:
            return Result("DATE", f"{g['year']}-Q{q}", explicit=True)
        if "year3" in g and q:
            return Result("DATE", f"{g['year3']}-Q{q}", explicit=True)  # "the 1988 third quarter"
        base = self._base(ctx)
        if base is None:
            return self._unresolved("DATE", f"XXXX-Q{q}" if q else "XXXX-QX")
        year = base.year
        current = quarter_of(base.month)
        if "yrel2" in g:
            g = {**g, "yrel": g["yrel2"]}
        if "yrel" in g:
            year += {"this": 0, "last": -1, "next": 1}[g["yrel"].lower()]
        if q:
            if rel in ("year-earlier", "year-ago") or (
                "yrel" not in g and not ctx.narrative and ctx.orientation < 0 and q > current
            ):
                year -= 1
            return Result("DATE", f"{year:04d}-Q{q}", anchor=_iso(base), confidence=0.85)
        # "the quarter", "that quarter": the quarter the text is talking about, else
        # (and for "the latest quarter") the quarter just reported.
        period = _QUARTER.match(ctx.period or "")
        if match.rule.name == "reporting_period" and not period:
            raise Reject("a period, but no quarter is being reported")  # "the latest period of unrest"
        if period and "year3" in g:
            return Result("DATE", f"{g['year3']}-Q{period.group(2)}", confidence=0.6)  # "the 1988 quarter"
        reported = ("", "that", "same", "comparable") + (("latest",) if match.rule.name == "reporting_period" else ())
        if period and rel in reported and "yrel" not in g:
            return Result("DATE", period.group(0), anchor=_iso(base), confidence=0.6)
        delta = {"next": 1, "coming": 1, "current": 0, "latest": -1}.get(rel, -1 if ctx.orientation <= 0 else 0)
        if rel in ("year-earlier", "year-ago"):
            if period:  # the quarter under discussion, a year before
                return Result("DATE", f"{int(period.group(1)) - 1:04d}-Q{period.group(2)}", confidence=0.6)
            delta = -5
        y, qq = shift_quarter(year, current, delta)
        return Result("DATE", f"{y:04d}-Q{qq}", anchor=_iso(base), confidence=0.6)

    def _norm_half(self, match: Match, ctx: Context, text: str) -> Result:
        g = match.groups
        half = 1 if g["half"].lower() == "first" else 2
        if "yrel2" in g:
            g = {**g, "yrel": g["yrel2"]}
        if "year" in g:
            return Result("DATE", f"{g['year']}-H{half}", explicit=True)
        base = self._base(ctx)
        if base is None:
            return self._unresolved("DATE", f"XXXX-H{half}")
        year = base.year + {"this": 0, "last": -1, "next": 1}.get(g.get("yrel", "").lower(), 0)
        return Result("DATE", f"{year:04d}-H{half}", anchor=_iso(base), confidence=0.8)

    def _unit_value(self, base: date, unit: str, delta: int) -> str:
        if unit in ("D", "N", "MO"):
            return self._day_value(base + timedelta(days=delta))
        if unit in ("W", "WE"):
            value = iso_week(base + timedelta(weeks=delta))
            return value + ("-WE" if unit == "WE" else "")
        if unit == "M":
            y, m = add_months(base, delta)
            return f"{y:04d}-{m:02d}"
        if unit == "Q":
            y, q = shift_quarter(base.year, quarter_of(base.month), delta)
            return f"{y:04d}-Q{q}"
        if unit == "Y":
            return year_value(base.year + delta)
        if unit == "DE":
            return f"{base.year // 10 + delta:03d}"
        if unit == "CE":
            return f"{base.year // 100 + delta:02d}"
        return self._day_value(base)

    def _norm_rel_unit(self, match: Match, ctx: Context, text: str) -> Result:
        g = match.groups
        rel = g["rel"].lower()
        word = g["unit"].lower()
        unit = "MO" if word == "morning" else self._unit(word)
        if rel in ("the past", "the last", "past") and unit not in ("MO",):
            # "the past week" is the stretch of time up to now, a duration.
            return Result("DURATION", _duration(1.0, unit))
        anaphoric = rel in _ANAPHORIC or (ctx.narrative and rel in ("this", "the"))
        delta = _REL_WORDS.get(rel, 0)
        if anaphoric:
            shifted = self._bc_shift(ctx, unit, delta)
            if shifted is not None:
                return Result("DATE", shifted, confidence=0.7)
        mod = {"later this": "END", "later that": "END", "earlier this": "START", "earlier that": "START"}.get(rel)
        base = self._base(ctx, anaphoric=True, need=_need(unit)) if anaphoric else ctx.dct
        if base is None:
            return self._unresolved("TIME" if word == "morning" else "DATE", _unknown(unit))
        if rel == "the latest":
            delta = 0
        if unit == "WE" and rel == "the":
            # "the weekend": the coming one in future clauses, else the last one.
            delta = 0 if ctx.orientation > 0 or base.isoweekday() >= 6 else -1
        value = self._unit_value(base, unit, delta)
        if word == "morning":
            return Result("TIME", f"{value}TMO", mod=mod, anchor=_iso(base), confidence=0.8)
        confidence = 0.95 if not anaphoric else 0.75
        return Result("DATE", value, mod=mod, anchor=_iso(base), confidence=confidence)

    def _norm_offset(self, match: Match, ctx: Context, text: str) -> Result:
        g = match.groups
        direction = g["dir"].lower()
        amount = self._num(g["num"]) if "num" in g else 1.0
        unit = self._unit(g["unit"])
        if direction in ("before", "after") and "num" in g:
            # "three days after the vote": TimeML marks the amount, a duration,
            # whose anchor is an event rather than a date.
            end = match.end - len(g["dir"])
            while end > match.start and text[end - 1] == " ":
                end -= 1
            if ctx.narrative and amount is not None:
                shifted = self._bc_shift(ctx, unit, (-1 if direction == "before" else 1) * int(round(amount)))
                if shifted is not None:
                    return Result("DATE", shifted, confidence=0.5, end=end)
            base = self._base(ctx, anaphoric=True, need=_need(unit))
            if ctx.narrative and base is not None and amount is not None and unit in ("D", "W", "M", "Y"):
                # A story told in order: the event it counts from is the one just
                # dated, so "eight days after the attack" is a date on the timeline.
                sign = -1 if direction == "before" else 1
                value = self._unit_value(base, unit, sign * int(round(amount)))
                return Result("DATE", value, anchor=_iso(base), confidence=0.5, end=end)
            return Result("DURATION", _duration(amount, unit), end=end)
        sign = -1 if direction in ("ago", "earlier", "before", "since") else 1
        anaphoric = direction in ("earlier", "later", "before", "after")
        base = self._base(ctx, anaphoric=anaphoric, need=_need(self._unit(g["unit"])))
        if amount is None:
            return Result("DATE", "PAST_REF" if sign < 0 else "FUTURE_REF", confidence=0.8)
        n = int(round(amount))
        if anaphoric:
            # "a decade earlier" than 490 BC is the year 500 BC, not the 500s BC.
            step = sign * n * (10 if unit == "DE" else 1)
            shifted = self._bc_shift(ctx, "Y" if unit == "DE" else unit, step)
            if shifted is not None:
                return Result("DATE", shifted, confidence=0.6)
        if base is None:
            return self._unresolved("DATE", _unknown(unit))
        period = _QUARTER.match(ctx.period or "")
        if unit == "Y" and n == 1 and sign < 0 and period:
            # Financial news compares with the same quarter a year before.
            return Result("DATE", f"{int(period.group(1)) - 1:04d}-Q{period.group(2)}", confidence=0.6)
        if unit in ("H", "MIN", "S"):
            return Result("DATE", self._day_value(base), anchor=_iso(base), confidence=0.6)
        if unit == "FN":
            unit, n = "W", 2 * n
        if unit == "DE":
            unit, n = "Y", 10 * n  # "a decade ago" is a year (1989 from 1999), not the 1980s
        value = self._unit_value(base, unit, sign * n)
        mod = "APPROX" if "orso" in g else None  # "a week or so ago"
        return Result("DATE", value, mod=mod, anchor=_iso(base), confidence=0.9 if not anaphoric else 0.7)

    def _norm_duration(self, match: Match, ctx: Context, text: str) -> Result:
        g = match.groups
        word = (g.get("unit") or g.get("unit2") or g.get("unit3") or "day").lower()
        unit = self._unit(word)
        amount: float | None = 1.0
        if "num" in g:
            amount = self._num(g["num"])
        elif word.endswith("s") or word in ("centuries", "millennia"):
            amount = None  # "for years", "recent months"
        if "frac" in g and amount is not None:
            amount += 0.5
        if (ctx.narrative and "num" in g and amount is not None and float(amount).is_integer()
                and re.match(r"\s+(?:after|before)\b", text[match.end : match.end + 8], re.I)):
            # A story told in order: "two days after the invasion", "six months before
            # the deployment" count from the event just dated, the reference time.
            sign = -1 if text[match.end : match.end + 8].strip().lower().startswith("before") else 1
            shifted = self._bc_shift(ctx, unit, sign * int(amount))
            if shifted is not None:
                return Result("DATE", shifted, confidence=0.5)
            base = self._base(ctx, anaphoric=True, need=_need(unit))
            if base is not None and unit in ("D", "W", "M", "Y", "H"):
                if unit == "H":
                    value = self._day_value(base)
                else:
                    value = self._unit_value(base, unit, sign * int(amount))
                return Result("DATE", value, anchor=_iso(base), confidence=0.5)
        return Result("DURATION", _duration(amount, unit))

    def _norm_set(self, match: Match, ctx: Context, text: str) -> Result:
        g = match.groups
        if "setword" in g:
            value = self.sets.get(g["setword"].lower())
            if value is None:
                raise Reject("not in the lexicon's sets")
            return Result("SET", value)
        word = g["unit"].lower()
        bare = word.rstrip("s") if word.rstrip("s") in self.weekdays else word
        if bare in self.weekdays:
            return Result("SET", f"XXXX-WXX-{self.weekdays[bare]}")
        if word.rstrip(".") in self.months:
            return Result("SET", f"XXXX-{self.months[word.rstrip('.')]:02d}")
        unit = self._unit(word)
        raw = g.get("num", "1").lower()
        n = 2.0 if raw == "other" else (self._num(raw) or 1.0)
        return Result("SET", _duration(n, unit))

    def _norm_cross_range(self, match: Match, ctx: Context, text: str) -> list[Result]:
        """"26 June - 4 August 1952", "Dec. 20 to Jan. 5, 1990", "July 1 - July 3, 1863":
        two days; the first takes the year of the second (the one before when its
        month is later)."""
        g = match.groups
        m1 = self.months[g["month"].lower().rstrip(".")]
        m2 = self.months[g["month2"].lower().rstrip(".")]
        d1 = int(_DIGITS.match(g["day"]).group())  # type: ignore[union-attr]
        d2 = int(_DIGITS.match(g["day2"]).group())  # type: ignore[union-attr]
        year = int(g["year"])
        y1 = year if m1 <= m2 else year - 1
        if m1 == m2 and d1 >= d2:
            raise Reject("not an ascending range")
        surface = text[match.start : match.end]
        cut = surface.index(g["sep"], 1)
        lead = re.match(r"(?:from|between) ", surface, re.I)
        parts = (
            (y1, m1, d1, match.start + (lead.end() if lead else 0), match.start + cut, 0.9),
            (year, m2, d2, match.start + cut + len(g["sep"]), match.end, 1.0),
        )
        return [
            Result("DATE", f"{y:04d}-{m:02d}-{d:02d}", explicit=True, start=a, end=b, confidence=c)
            if valid_day(y, m, d)
            else Result("DATE", None, resolved=False, confidence=0.0, start=a, end=b)  # "30 February"
            for y, m, d, a, b, c in parts
        ]

    def _norm_bc_range(self, match: Match, ctx: Context, text: str) -> list[Result]:
        """"499-493 BC", "from 499 to 493 BC": two years before the common era."""
        g = match.groups
        first, second = int(g["year"]), int(g["year2"])
        if not second < first <= second + 200:
            raise Reject("not a descending BC range")
        surface = text[match.start : match.end]
        s1 = match.start + surface.index(g["year"])
        s2 = match.start + surface.index(g["year2"], s1 - match.start + len(g["year"]))
        return [
            Result("DATE", f"BC{first:04d}", explicit=True, start=s1, end=s1 + len(g["year"])),
            Result("DATE", f"BC{second:04d}", explicit=True, start=s2, end=match.end, confidence=0.9),
        ]

    def _norm_pod_generic(self, match: Match, ctx: Context, text: str) -> Result:
        """"at night", "in daytime": a part of an unspecified day."""
        code = "NI" if "pod" in match.groups else "DT"
        return Result("TIME", f"XXXX-XX-XXT{code}", resolved=False, confidence=0.5)

    def _norm_vague(self, match: Match, ctx: Context, text: str) -> Result:
        value = self.vague[match.groups["vague"].lower()]
        return Result("DATE", value, anchor=_iso(ctx.dct), confidence=0.9)


ASIDE_YEARS = 3  # a stated year this far from the story's, which the text then leaves again


def _glances_aside(matches: list[Match]) -> set[int]:
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
        if abs(before - after) <= 2 and min(abs(year - before), abs(year - after)) > ASIDE_YEARS:
            asides.add(id(stated[i][0]))
    return asides


def _sentence_start(text: str, offset: int) -> bool:
    """Is ``offset`` the first word of a sentence (or of a quotation)?"""
    before = text[max(0, offset - 4) : offset].rstrip(" \"'`\u201c")
    return not before or before.endswith(("\n", ".", "!", "?", ":"))


def _iso(day: date | None) -> str | None:
    return None if day is None else f"{day.year:04d}-{day.month:02d}-{day.day:02d}"


def _unknown(unit: str) -> str:
    """The X-filled value of an unresolvable expression at ``unit`` granularity."""
    return {
        "W": "XXXX-WXX", "WE": "XXXX-WXX-WE", "M": "XXXX-XX", "Q": "XXXX-QX", "Y": "XXXX",
        "DE": "XXX", "CE": "XX",
    }.get(unit, "XXXX-XX-XX")


def _need(unit: str) -> str:
    """Granularity of reference time an expression in ``unit`` needs."""
    if unit in ("M", "Q"):
        return "M"
    if unit in ("Y", "DE", "CE", "ML"):
        return "Y"
    return "D"


def _dur_unit(unit: str) -> str:
    return {"N": "D", "MO": "D", "FN": "W"}.get(unit, unit)


def _fmt(amount: float) -> str:
    return str(int(amount)) if float(amount).is_integer() else f"{amount:g}"


def _duration(amount: float | None, unit: str) -> str:
    """ISO 8601 / TimeML duration; ``None`` amount gives the vague ``X``."""
    if unit == "FN":
        unit, amount = "W", None if amount is None else amount * 2
    if unit == "N":
        unit = "D"
    time_unit = {"H": "H", "MIN": "M", "S": "S"}.get(unit)
    if amount is None:
        return f"PTX{time_unit}" if time_unit else f"PX{unit}"
    if not float(amount).is_integer():
        whole, half = int(amount), amount - int(amount)
        if unit == "Y" and half == 0.5:
            return f"P{whole}Y6M" if whole else "P6M"
        if unit == "H" and half == 0.5:
            return f"PT{whole}H30M" if whole else "PT30M"
        if unit == "D" and half == 0.5:
            return f"P{whole}DT12H" if whole else "PT12H"
    if unit in ("DE", "CE", "ML"):
        unit, amount = "Y", amount * {"DE": 10, "CE": 100, "ML": 1000}[unit]
    if time_unit:
        return f"PT{_fmt(amount)}{time_unit}"
    return f"P{_fmt(amount)}{unit}"

