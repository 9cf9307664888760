"""Normalisation of points and periods: dates, years, ranges, decades, centuries,
seasons, quarters, halves, parts of day and vague references ("now", "recently").

Each ``_norm_<name>`` method serves the rules of ``patterns.json`` whose ``norm``
is ``<name>``; relative expressions, durations and sets are in ``relative.py``.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from dateline.nlp.time.anchor import QUARTER, Anchoring, Context, Reject, Result, iso
from dateline.nlp.time.calendar import (
    easter,
    iso_week,
    nth_weekday,
    parse_anchor,
    quarter_of,
    shift_quarter,
    valid_day,
    year_value,
)
from dateline.nlp.time.recognise import Match

_DIGITS = re.compile(r"\d+")
HISTORY_YEARS = 20  # a story this far before its publication is a history
# A word coordinated with the next one: "Monday and |", "Monday or |".
_COORDINATED = re.compile(r"(\w+\.?),?\s+(?:and|or|&)\s+$")
_CLOCK_ON = re.compile(r"(?:\s+[A-Za-z]+ time)?,?\s+on\s+$")  # "5:34 AM Baghdad time on |"


class DateNormaliser(Anchoring):
    """Points and periods of the calendar."""

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

    def _norm_date(self, match: Match, ctx: Context, text: str) -> Result | list[Result]:
        g = match.groups
        if "month2" in g:  # "the night of 8 February": day-month order
            g = {**g, "month": g["month2"], "day": g["day2"]}
        if "podpre" in g and "pod" not in g:  # "mid-afternoon yesterday", "early morning Sunday"
            g = {**g, "pod": re.sub(r"^(?:mid-?|early |late )", "", g["podpre"].lower())}
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
            if base is None or ctx.narrative:
                # A history's "today" or "It will be you tomorrow" is its speaker's
                # day, not the day the text was published.
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
                base = self._base(ctx, anaphoric=True, need="Y") if yrel in self.anaphoric else (
                    None if ctx.narrative else ctx.dct)
                if base is None:
                    return self._unresolved(kind, f"XXXX-{month:02d}" + (f"-{day:02d}" if day else ""))
                year = base.year + self.relative.get(yrel, 0)
                anchor_used = base
            if year is None and rel in self.anaphoric and day is None:
                # "the previous April": the last April before the reference time.
                base = self._base(ctx, anaphoric=True, need="M")
                if base is None:
                    return self._unresolved(kind, f"XXXX-{month:02d}")
                step = self.relative.get(rel, 0)
                year = base.year + (-1 if step < 0 and month >= base.month else
                                    1 if step > 0 and month <= base.month else 0)
                anchor_used = base
            if year is None and rel and ctx.dct is not None and day is None and not ctx.narrative:
                now = ctx.dct.month
                # "last February" written in March is the February of a year before: the
                # month just gone would be "last month" (likewise "next April" in March).
                if rel == "last":
                    year = ctx.dct.year - (1 if month >= now - 1 else 0)
                elif rel == "this past":
                    year = ctx.dct.year - (1 if month >= now else 0)
                elif rel == "next":
                    year = ctx.dct.year + (1 if month <= now + 1 else 0)
                elif rel == "this coming":
                    year = ctx.dct.year + (1 if month <= now else 0)
                else:
                    year = ctx.dct.year
                anchor_used = ctx.dct
            following = self.grammar.year_after.match(text, match.end) if year is None and day is None else None
            if following:
                year, explicit = int(following.group("year")), True  # "that March morning in 2009"
            if year is None:
                year, confidence = self._pick_year(month, day, ctx)
                anchor_used = ctx.dct if not ctx.narrative else None
                if year is None:
                    value = f"XXXX-{month:02d}" + (f"-{day:02d}" if day else "")
                    return self._unresolved(kind, value)
            if day is None:
                return Result("DATE", f"{year_value(year)}-{month:02d}", confidence=confidence,
                              explicit=explicit, anchor=iso(anchor_used))
            day_value = f"{year_value(year)}-{month:02d}-{day:02d}"
        elif "weekday" in g:
            word = g["weekday"].lower().rstrip(".")
            wd = self.weekdays[word.rstrip("s")] if word.rstrip("s") in self.weekdays else self.weekdays[word]
            surface = text[match.start : match.end].lower()
            if (re.search(r"(?:day|morning|night|evening|afternoon)s\b", surface) and "rel" not in g
                    and not (ctx.orientation < 0 and self._after_weekday(text, match.start))):
                # "on Tuesday nights": every one; but a past "on Monday and Tuesday
                # nights, crowds marched" is two nights, the plural shared by both days.
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
                # "this Friday" is the day of the text's week, unless the tense says the
                # day meant has already passed or is still to come: "attacked this
                # Saturday" on a Wednesday is the Saturday just gone.
                delta = diff
                if ctx.orientation < 0 and diff > 0:
                    delta = diff - 7
                elif ctx.orientation > 0 and diff < 0:
                    delta = diff + 7
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
            if base is None or ctx.narrative:
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
                              anchor=iso(anchor_used))
        clock = self._clock(g)
        if clock:
            split = self._clock_on_date(match, ctx, text)
            if split is not None:
                # "At 5:00 am on October 3, 1935" in a history: two expressions, the
                # clock time (on that day) and the date, as TIMEX2 histories mark them.
                return [Result("TIME", day_value + clock, confidence=confidence, start=match.start, end=split[0]),
                        Result("DATE", day_value, confidence=confidence, explicit=explicit,
                               anchor=iso(anchor_used), start=split[1], end=match.end,
                               mod="")]  # "about 10:35 a.m. (0735 GMT) Friday": "about" is the clock's
            return Result("TIME", day_value + clock, confidence=confidence, anchor=iso(anchor_used))
        pod_code = self.pods.get(g.get("pod", "").lower())
        if pod_code:
            return Result("TIME", f"{day_value}T{pod_code}", confidence=confidence, anchor=iso(anchor_used))
        return Result("DATE", day_value, confidence=confidence, explicit=explicit, anchor=iso(anchor_used))

    @staticmethod
    def _clock_on_date(match: Match, ctx: Context, text: str) -> tuple[int, int] | None:
        """(end of the clock time, start of the date) when a narrative's clock time is
        joined to its date by "on" ("5:34 AM Baghdad time on March 20, 2003"), or a
        clock time is glossed in another zone before its day ("10:35 a.m. (0735 GMT)
        Friday", wire style): the gloss restates the time and is no expression."""
        if match.rule.name != "time_date":
            return None
        starts = [match.spans[k][0] for k in ("weekday", "deictic", "month", "day2") if k in match.spans]
        if not starts:
            return None
        if "gloss" in match.spans:
            return match.spans["gloss"][0], min(starts)
        if not ctx.narrative:
            return None
        joint = _CLOCK_ON.search(text, match.start, min(starts))
        return (joint.start(), min(starts)) if joint else None

    def _after_weekday(self, text: str, start: int) -> bool:
        """Does a weekday coordinated with this one come just before ("Monday and |")?"""
        before = _COORDINATED.search(text, max(0, start - 24), start)
        return before is not None and before.group(1).lower().rstrip(".") in self.weekdays

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
        elif "hourpd" in g:
            # "4 in the morning", "10 at night": the part of day is the meridian
            pm = not g["pdword"].lower().endswith("morning") and not (g["pdword"].lower().endswith("night")
                                                                      and int(g["hourpd"]) < 5)
            value = f"T{int(g['hourpd']) % 12 + (12 if pm else 0):02d}:00"
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
        surface = text[match.start : match.end]
        lead = re.match(r"(?:from|between) ", surface, re.I)
        s1 = match.start + (lead.end() if lead else 0)
        e1 = s1 + len(g["month"])
        s2 = match.start + surface.index(g["month2"], e1 - match.start)
        explicit = "year" in g
        if explicit:
            year, confidence = int(g["year"]), 1.0
        else:
            # "from October to March" with no year: the end month's year as any
            # undated month's, the start a year before it when the range wraps.
            picked, confidence = self._pick_year(m2, None, ctx)
            if picked is None:
                return [
                    Result("DATE", f"XXXX-{m:02d}", resolved=False, confidence=0.3, start=a, end=b)
                    for m, a, b in ((m1, s1, e1), (m2, s2, match.end))
                ]
            year = picked
        y1 = year if m1 <= m2 else year - 1
        return [
            Result("DATE", f"{y1:04d}-{m1:02d}", explicit=explicit, start=s1, end=e1, confidence=0.9 * confidence),
            Result("DATE", f"{year:04d}-{m2:02d}", explicit=explicit, start=s2, end=match.end, confidence=confidence),
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
        tens = int(self.grammar.lexicon["decade_words"][g["decword"].lower()])
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
        # "the following spring" is the next one after the reference time, "the
        # previous winter" the last one before it; "that same summer" is that one.
        anaphoric = det in self.anaphoric
        if anaphoric:
            det = {1: "next", -1: "last"}.get(self.relative.get(det, 0), "that")
        mod = {"early": "START", "late": "END", "mid": "MID"}.get(det)
        if "year" in g:
            raw = g["year"] if g["year"].isdigit() else str(self._spoken_year(g["year"]))
            return Result("DATE", f"{raw}-{code}", mod=mod, explicit=True)
        if "bcyear" in g:  # "the spring of 480 BC"
            return Result("DATE", f"BC{int(g['bcyear']):04d}-{code}", mod=mod, explicit=True)
        if ctx.narrative and ctx.ref is not None and ctx.ref.year < 1:
            # Before the common era: no calendar dates, only the year of the story,
            # whose campaigns end in a winter counted to the year it ends in.
            year = ctx.ref.year + (1 if code == "WI" and det not in ("last", "this past") else 0)
            return Result("DATE", f"{year_value(year)}-{code}", mod=mod, confidence=0.6)
        if "yrel" in g:
            # "the spring of the following year": the season of a year counted from
            # the reference time (anaphoric) or the speech time.
            yrel = " ".join(g["yrel"].lower().split())
            base = self._base(ctx, anaphoric=True, need="Y") if yrel in self.anaphoric else (
                None if ctx.narrative else ctx.dct)
            if base is None:
                return self._unresolved("DATE", f"XXXX-{code}")
            year = base.year + self.relative.get(yrel, 0)
            return Result("DATE", f"{year_value(year)}-{code}", mod=mod, anchor=iso(base), confidence=0.7)
        base = self._base(ctx, anaphoric=anaphoric or det == "that", need="Y")
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
            return Result("DATE", f"{year_value(year)}-{code}", mod=mod, anchor=iso(base), confidence=0.7)
        if det in ("last", "this past"):
            year -= 1 if order.index(code) >= order.index(current) else 0
        elif det in ("next", "this coming"):
            year += 1 if order.index(code) <= order.index(current) else 0
        elif det not in ("this", "that") and not ctx.narrative:
            if ctx.orientation < 0 and order.index(code) > order.index(current):
                year -= 1
            elif ctx.orientation > 0 and order.index(code) < order.index(current):
                year += 1
        return Result("DATE", f"{year:04d}-{code}", mod=mod, anchor=iso(base), confidence=0.85)

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
            return Result("DATE", f"{year:04d}-Q{q}", anchor=iso(base), confidence=0.85)
        # "the quarter", "that quarter": the quarter the text is talking about, else
        # (and for "the latest quarter") the quarter just reported.
        period = QUARTER.match(ctx.period or "")
        if match.rule.name == "reporting_period" and not period and rel != "latest":
            # "the year-ago period" needs the quarter it compares with; "the latest
            # period" (not "of unrest": the pattern) is the quarter just reported.
            raise Reject("a period, but no quarter is being reported")
        if period and "year3" in g:
            return Result("DATE", f"{g['year3']}-Q{period.group(2)}", confidence=0.6)  # "the 1988 quarter"
        reported = ("", "that", "same", "comparable") + (("latest",) if match.rule.name == "reporting_period" else ())
        if period and rel in reported and "yrel" not in g:
            return Result("DATE", period.group(0), anchor=iso(base), confidence=0.6)
        delta = {"next": 1, "coming": 1, "current": 0, "latest": -1}.get(rel, -1 if ctx.orientation <= 0 else 0)
        if rel in ("year-earlier", "year-ago"):
            if period:  # the quarter under discussion, a year before
                return Result("DATE", f"{int(period.group(1)) - 1:04d}-Q{period.group(2)}", confidence=0.6)
            delta = -5
        y, qq = shift_quarter(year, current, delta)
        return Result("DATE", f"{y:04d}-Q{qq}", anchor=iso(base), confidence=0.6)

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
        return Result("DATE", f"{year:04d}-H{half}", anchor=iso(base), confidence=0.8)

    def _norm_ordinal_day(self, match: Match, ctx: Context, text: str) -> Result:
        """"on the 20th": that day of the month the text is talking about."""
        day = int(match.groups["day"])
        base = self._base(ctx, anaphoric=True, need="M")
        if base is None:
            return self._unresolved("DATE", f"XXXX-XX-{day:02d}")
        if not valid_day(base.year, base.month, day):
            raise Reject("no such day in the month")
        return Result("DATE", f"{year_value(base.year)}-{base.month:02d}-{day:02d}", anchor=iso(base),
                      confidence=0.6)

    def _norm_pod_generic(self, match: Match, ctx: Context, text: str) -> Result:
        """"at night", "in daytime": a part of an unspecified day."""
        code = "NI" if "pod" in match.groups else "DT"
        return Result("TIME", f"XXXX-XX-XXT{code}", resolved=False, confidence=0.5)

    def _norm_vague_narrative(self, match: Match, ctx: Context, text: str) -> Result:
        """"future wars", "recent works" in a history: times after or before the story's
        (FUTURE_REF, PAST_REF, as TIMEX2 histories mark them); news uses the adjectives
        as plain modifiers ("future earnings"), which TimeBank does not mark."""
        if not ctx.narrative:
            raise Reject("an adjective of time outside a narrative")
        return Result("DATE", self.narrative_vague[match.groups["nvague"].lower()], confidence=0.6)

    def _norm_vague_news(self, match: Match, ctx: Context, text: str) -> Result:
        """"will one day", "someday" (the ``news_vague`` table): the future in news
        (TimeBank marks it FUTURE_REF); a history's "would one day" is a day the
        story does not fix."""
        if ctx.narrative:
            return self._unresolved("DATE", "XXXX-XX-XX")  # "would one day provide": a day it does not fix
        return Result("DATE", self.news_vague[match.groups["nwvague"].lower()], anchor=iso(ctx.dct), confidence=0.6)

    def _norm_period_narrative(self, match: Match, ctx: Context, text: str) -> Result:
        """"this period", "that time", "a long time" in a history: a time the story
        refers to without fixing it, which TIMEX2 histories mark without a value (no
        value a reader could give it); news leaves such phrases unmarked."""
        if not ctx.narrative:
            raise Reject("an unvalued period outside a narrative")
        if ctx.ref is None or (ctx.dct is not None and ctx.ref.year > ctx.dct.year - HISTORY_YEARS):
            # Only a story told a generation before its publication (a history): a news
            # report that reads as a narrative ("At that time" after "March 16, 2014" in
            # a 2023 report) uses them as ordinary phrases, no time to mark.
            raise Reject("an unvalued period outside a history")
        return Result("DATE", None, resolved=False, confidence=0.3)

    def _norm_vague(self, match: Match, ctx: Context, text: str) -> Result:
        surface = match.groups["vague"].lower()
        value = self.vague[surface]
        # "to this day" is recognised whole but TimeML marks only "this day".
        marked = self.grammar.lexicon.get("vague_marked_part", {}).get(surface)
        if marked:
            start = match.start + surface.rindex(marked)
            return Result("DATE", value, anchor=iso(ctx.dct), confidence=0.9, start=start, end=match.end)
        return Result("DATE", value, anchor=iso(ctx.dct), confidence=0.9)
