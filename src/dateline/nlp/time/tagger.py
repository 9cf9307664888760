"""Temporal expressions of a text as TIMEX3: recognise, normalise, anchor.

:class:`TimeTagger` puts the three jobs together: ``recognise.py`` finds the
expressions (the rules of ``data/time/<language>/patterns.json`` less the
``negative.json`` ones), ``normalise.py`` and ``relative.py`` give each its
TIMEX3 type and value, and ``anchor.py`` holds what they are counted from: the
speech time (``dct``), the reference time (the last date the text stated, moved
here as the text is read) and the tense of the clause.

Underspecified dates in news ("July 3", "in April", "on Friday") take the
publication year, or the previous/next one when the tense of their clause
(``orientation``: -1 past, +1 future, 0 unknown) says the date lies well on
the other side of publication; weekdays take the nearest one in the tense's
direction. Without any anchor, only absolute expressions resolve; the rest keep
``resolved=False`` and an X-filled value.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from dateline.model import Span, Timex
from dateline.nlp.time.anchor import (
    QUARTER,
    Context,
    Reject,
    Result,
    apposed,
    counted_from_event,
    glances_aside,
    moves_reference,
)
from dateline.nlp.time.calendar import Reference
from dateline.nlp.time.grammar import Grammar, load_grammar
from dateline.nlp.time.recognise import Match, Recogniser
from dateline.nlp.time.relative import RelativeNormaliser

__all__ = ["Context", "Match", "Orientation", "Reject", "Result", "TimeTagger"]

Orientation = Callable[[int, int], int]


class TimeTagger(RelativeNormaliser):
    """Stateless recogniser/normaliser; one per process (the grammar is cached)."""

    def __init__(self, grammar: Grammar | None = None, *, language: str = "en") -> None:
        super().__init__(grammar or load_grammar(language))
        self.recogniser = Recogniser(self.grammar)

    def find(self, text: str) -> list[Match]:
        """Longest non-overlapping rule matches, in text order."""
        return self.recogniser.find(text)

    def tag(
        self,
        text: str,
        dct: date | None,
        *,
        orientation: Orientation | None = None,
        narrative: bool = False,
        anchor_for: Callable[[int], date | None] | None = None,
        matches: list[Match] | None = None,
        flashback: Callable[[int, int], bool] | None = None,
    ) -> list[Timex]:
        """All TIMEX3 expressions of ``text``.

        ``anchor_for(offset)`` may give a different speech time for an offset
        (inside a quote); ``orientation(start, end)`` gives the tense;
        ``matches`` are the results of :meth:`find` when the caller has them;
        ``flashback(start, end)`` says a narrative's date lies in a past-perfect
        clause (a time before the story's, which does not move its clock).
        """
        timexes: list[Timex] = []
        ref: Reference | None = Reference.of(dct) if dct and not narrative else None
        period: str | None = None
        ref_explicit = False
        found = self.find(text) if matches is None else matches
        asides = glances_aside(found, text) if narrative else set()
        for match in found:
            if match.news_false_alarm and not narrative:
                continue
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
                if narrative and timexes and counted_from_event(match, text, start) and apposed(timexes[-1], text, start):
                    # "On 27 June 1950, two days after the invasion, ...": the amount
                    # counts to the date it stands beside, which it names again.
                    result = Result("DATE", timexes[-1].value, confidence=0.6)
                timexes.append(
                    Timex(
                        span=Span.of(text, start, end),
                        type=result.type,
                        value=result.value,
                        # "" keeps a sub-span free of the match's modifier
                        mod=(match.mod if result.mod is None else result.mod) or None,
                        anchor=result.anchor,
                        resolved=result.resolved,
                        confidence=round(result.confidence, 3),
                    )
                )
                if (result.resolved and result.value and QUARTER.match(result.value)
                        and match.rule.name == "quarter"
                        and match.groups.get("rel", "").lower() not in ("year-earlier", "year-ago")):
                    # The comparison quarter a year before is not the one being reported.
                    period = result.value
                if (moves_reference(match, result, text, start, end, narrative) and id(match) not in asides
                        and not (narrative and flashback is not None and flashback(start, end))):
                    new_ref = Reference.from_value(result.value, units=narrative and result.explicit)
                    if (new_ref and ref is not None and narrative and new_ref.year > ref.year
                            and self.grammar.end_point.search(text[max(0, start - 48) : start])):
                        # "... lasted until the fall of Budapest in February 1945": a
                        # later end point, after which the story returns to its time.
                        continue
                    naming = narrative and self.grammar.naming_year.search(text, max(0, start - 8), end + 12)
                    if naming and naming.start("year") == start:
                        continue  # "complying with the 1978 Treaty": a name, not the story's time
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
