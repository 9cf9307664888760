"""Normalisation of relative expressions, durations and sets: "last week", "the
next day", "two days later", "three years", "every Monday".

Relative expressions count from the speech time or the reference time
(``anchor.py``); durations are ISO 8601 amounts with ``X`` for vague ones.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from dateline.nlp.time.anchor import QUARTER, Context, Reject, Result, iso, need, unknown
from dateline.nlp.time.calendar import add_months, iso_week, quarter_of, shift_quarter, year_value
from dateline.nlp.time.normalise import DateNormaliser
from dateline.nlp.time.recognise import Match

# A date in apposition just before: "Oct. 12, the day before ...", "2 October 1950-the day after".
_APPOSED = re.compile(r"[,\u2013\u2014(-]\s*$")
# Units in which news measures a gap between events ("two days later") rather than
# naming a date of comparison ("a year earlier").
GAP_UNITS = ("S", "MIN", "H", "D", "N", "W", "FN", "M", "DE", "CE")
# Prepositions outside the amount they introduce (TimeML leaves them unmarked).
_LEADS_OUTSIDE = ("for", "within", "in")


class RelativeNormaliser(DateNormaliser):
    """Relative expressions, durations and sets."""

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
        rel = g.get("rel", "this").lower()  # "month's end": the one the text is in
        if "after" in g:
            # "the day before", "the day after the battle": the relative word follows
            # its unit; "Oct. 12, the day before the crash" is the date it is apposed to.
            apposed = _APPOSED.search(text, max(0, match.start - 3), match.start)
            rel = "the same" if apposed else self.after_unit[g["after"].lower()]
        word = g["unit"].lower()
        pod = self.pods.get(word) if word != "day" else None
        unit = "MO" if pod else self._unit(word)
        if rel in ("the past", "the last") and unit == "Y" and not ctx.narrative and ctx.dct is not None:
            # News: "sales over the past year" names the calendar year before
            # publication, as TimeBank marks it (and HeidelTime reads it).
            return Result("DATE", self._unit_value(ctx.dct, unit, -1), anchor=iso(ctx.dct), confidence=0.7)
        if rel in ("the past", "the last", "past") and unit not in ("MO",):
            # "the past week" is the stretch of time up to now, a duration.
            return Result("DURATION", _duration(1.0, unit))
        if unit == "DE" and not ctx.narrative and self.relative.get(rel, 0) > 0:
            # "over the next decade": the ten years ahead, not the decade named by
            # its digits (2030s); a narrative's "the following decade" is that decade.
            return Result("DURATION", _duration(1.0, unit))
        anaphoric = rel in self.anaphoric or (ctx.narrative and rel in ("this", "the"))
        delta = self.relative.get(rel, 0)
        if anaphoric:
            shifted = self._bc_shift(ctx, unit, delta)
            if shifted is not None:
                return Result("DATE", shifted, confidence=0.7)
        mod = "END" if "end" in g else {
            "later this": "END", "later that": "END", "earlier this": "START", "earlier that": "START"}.get(rel)
        base = self._base(ctx, anaphoric=True, need=need(unit)) if anaphoric else ctx.dct
        if base is None:
            return self._unresolved("TIME" if pod else "DATE", unknown(unit))
        if rel == "the latest":
            delta = 0
        if unit == "WE" and rel == "the":
            # "the weekend": the coming one in future clauses, else the last one.
            delta = 0 if ctx.orientation > 0 or base.isoweekday() >= 6 else -1
        elif unit == "WE" and rel == "this" and not anaphoric and ctx.orientation < 0 and base.isoweekday() < 6:
            # "shelled the city this weekend" in a weekday's paper: the weekend just past.
            delta = -1
        value = self._unit_value(base, unit, delta)
        if pod:
            return Result("TIME", f"{value}T{pod}", mod=mod, anchor=iso(base), confidence=0.8)
        confidence = 0.95 if not anaphoric else 0.75
        return Result("DATE", value, mod=mod, anchor=iso(base), confidence=confidence)

    def _norm_offset(self, match: Match, ctx: Context, text: str) -> Result | list[Result]:
        g = match.groups
        direction = g["dir"].lower()
        # "weeks later": a vague amount; "year-earlier": one unit
        amount = self._num(g["num"]) if "num" in g else (None if match.rule.name == "offset_bare" else 1.0)
        unit = self._unit(g["unit"])
        # where the amount ends ("three days| or so later")
        cut = match.spans.get("orso", match.spans.get("dir", (match.end, match.end)))[0]
        while cut > match.start and text[cut - 1] == " ":
            cut -= 1
        if direction in ("from now", "hence") and match.rule.name == "offset":
            # "three years from now": an amount counted from the present, as TimeML
            # marks it: the duration, and "now" itself.
            out = [Result("DURATION", _duration(amount, unit), end=cut)]
            if direction == "from now":
                now_end = match.spans["dir"][1]
                out.append(Result("DATE", "PRESENT_REF", anchor=iso(ctx.dct), confidence=0.9,
                                  start=now_end - 3, end=now_end))
            return out
        if direction in ("later", "earlier") and not ctx.narrative and unit in GAP_UNITS and "dir" in match.spans:
            # News measures a gap: "three days later", "a month earlier", "weeks later"
            # are the amount of time between two events (TimeBank marks the duration);
            # a year before is a date of comparison ("up from a year earlier").
            return Result("DURATION", _duration(amount, unit), mod="APPROX" if "orso" in g else None, end=cut)
        if direction in ("before", "after") and "num" in g:
            # "three days after the vote": TimeML marks the amount, a duration,
            # whose anchor is an event rather than a date.
            end = match.end - len(g["dir"])
            while end > match.start and text[end - 1] == " ":
                end -= 1
            if re.search(r"\bfor\s+$", text[max(0, match.start - 8) : match.start], re.I):
                # "held its sector for about a week before moving back": how long, not when
                return Result("DURATION", _duration(amount, unit), end=end)
            if ctx.narrative and amount is not None:
                shifted = self._bc_shift(ctx, unit, (-1 if direction == "before" else 1) * int(round(amount)))
                if shifted is not None:
                    return Result("DATE", shifted, confidence=0.5, end=end)
            base = self._base(ctx, anaphoric=True, need=need(unit))
            if ctx.narrative and base is not None and amount is not None and unit in ("D", "W", "M", "Y", "H"):
                # A story told in order: the event it counts from is the one just
                # dated, so "eight days after the attack" is a date on the timeline
                # ("three hours before the declaration" is that day, as for a duration).
                sign = -1 if direction == "before" else 1
                value = (self._day_value(base) if unit == "H"
                         else self._unit_value(base, unit, sign * int(round(amount))))
                return Result("DATE", value, anchor=iso(base), confidence=0.5, end=end)
            return Result("DURATION", _duration(amount, unit), end=end)
        sign = -1 if direction in ("ago", "earlier", "before", "since") else 1
        anaphoric = direction in ("earlier", "later", "before", "after")
        base = self._base(ctx, anaphoric=anaphoric, need=need(self._unit(g["unit"])))
        if amount is None and ctx.narrative and match.rule.name == "offset_bare" and unit not in ("Y", "DE", "CE"):
            # A story's bare "days later", "months earlier": a day or month of the
            # timeline that the text does not fix (as WikiWars marks it), not "the future".
            return self._unresolved("DATE", unknown(unit))
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
            return self._unresolved("DATE", unknown(unit))
        period = QUARTER.match(ctx.period or "")
        if unit == "Y" and n == 1 and sign < 0 and period:
            # Financial news compares with the same quarter a year before.
            return Result("DATE", f"{int(period.group(1)) - 1:04d}-Q{period.group(2)}", confidence=0.6)
        if unit in ("H", "MIN", "S"):
            return Result("DATE", self._day_value(base), anchor=iso(base), confidence=0.6)
        if unit == "FN":
            unit, n = "W", 2 * n
        if unit == "DE":
            unit, n = "Y", 10 * n  # "a decade ago" is a year (1989 from 1999), not the 1980s
        value = self._unit_value(base, unit, sign * n)
        mod = "APPROX" if "orso" in g else None  # "a week or so ago"
        return Result("DATE", value, mod=mod, anchor=iso(base), confidence=0.9 if not anaphoric else 0.7)

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
            base = self._base(ctx, anaphoric=True, need=need(unit))
            if base is not None and unit in ("D", "W", "M", "Y", "H"):
                if unit == "H":
                    value = self._day_value(base)
                else:
                    value = self._unit_value(base, unit, sign * int(amount))
                return Result("DATE", value, anchor=iso(base), confidence=0.5)
        # TimeML marks the amount, not the preposition or verb before it: "for weeks",
        # "within minutes", "lasted hours" are the durations "weeks", "minutes", "hours".
        first = g.get("rel", "").split(" ", 1)[0]
        start = match.spans["unit"][0] if "verb" in g else None
        if first.lower() in _LEADS_OUTSIDE:
            start = match.start + len(first) + 1  # "for several years": "several years"
        elif (g.get("unit") or "")[:1].isupper() and text[match.start : match.start + 4].lower() == "the ":
            # A capitalised unit is part of an event's name ("the Seven Years' War"):
            # "the" belongs to the name, the duration is "Seven Years".
            start = match.start + 4
        return Result("DURATION", _duration(amount, unit), start=start)

    def _norm_duration_range(self, match: Match, ctx: Context, text: str) -> list[Result]:
        """"between two and three years", "two to three weeks": both ends, each an
        amount of the unit (as TimeML marks a range: two expressions)."""
        g = match.groups
        first = "num" if "num" in g else "num2"
        low, high = self._num(g[first]), self._num(g["num3"])
        if low is not None and high is not None and low >= high:
            raise Reject("not an ascending range")
        unit = self._unit(g["unit"])
        return [
            Result("DURATION", _duration(low, unit), start=match.spans[first][0], end=match.spans[first][1]),
            Result("DURATION", _duration(high, unit), start=match.spans["num3"][0], end=match.end),
        ]

    def _norm_set(self, match: Match, ctx: Context, text: str) -> Result:
        g = match.groups
        if "setword" in g:
            value = self.sets.get(g["setword"].lower())
            if value is None:
                raise Reject("not in the lexicon's sets")
            return Result("SET", value)
        word = g["unit"].lower()
        single = word[:-1] if word.endswith("s") else word
        if single in self.seasons:  # "each winter"
            return Result("SET", f"XXXX-{self.seasons[single]}")
        if single in self.pods and self.pods[single] != "NI":  # "every evening" ("every night" is daily)
            return Result("SET", f"XXXX-XX-XXT{self.pods[single]}")
        bare = word.rstrip("s") if word.rstrip("s") in self.weekdays else word
        if bare in self.weekdays:
            return Result("SET", f"XXXX-WXX-{self.weekdays[bare]}")
        if word.rstrip(".") in self.months:
            return Result("SET", f"XXXX-{self.months[word.rstrip('.')]:02d}")
        unit = self._unit(word)
        raw = g.get("num", "1").lower()
        n = 2.0 if raw == "other" else (self._num(raw) or 1.0)
        return Result("SET", _duration(n, unit))


def _fmt(amount: float) -> str:
    return str(int(amount)) if float(amount).is_integer() else f"{amount:g}"


# The next smaller unit a fraction is written in, and how many of it make one.
_SMALLER = {"Y": (12, "M"), "D": (24, "H"), "H": (60, "MIN"), "MIN": (60, "S")}


def _duration(amount: float | None, unit: str) -> str:
    """ISO 8601 / TimeML duration; ``None`` amount gives the vague ``X``."""
    if unit == "FN":
        unit, amount = "W", None if amount is None else amount * 2
    if unit == "N":
        unit = "D"
    time_unit = {"H": "H", "MIN": "M", "S": "S"}.get(unit)
    if amount is None:
        return f"PTX{time_unit}" if time_unit else f"PX{unit}"
    if not float(amount).is_integer() and unit in _SMALLER:
        # "a year and a half" P1Y6M, "half an hour" PT30M, "a quarter of an hour" PT15M
        factor, sub = _SMALLER[unit]
        whole = int(amount)
        rest = round((amount - whole) * factor, 6)
        if float(rest).is_integer():
            small = _duration(rest, sub)
            if not whole:
                return small
            big = _duration(whole, unit)
            # "P1Y" + "6M", "P1D" + "T12H", "PT1H" + "30M"
            return big + (small[2:] if "T" in big else small[1:])
    if unit in ("DE", "CE", "ML"):
        unit, amount = "Y", amount * {"DE": 10, "CE": 100, "ML": 1000}[unit]
    if time_unit:
        return f"PT{_fmt(amount)}{time_unit}"
    return f"P{_fmt(amount)}{unit}"
