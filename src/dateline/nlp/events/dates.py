"""When an event mention happened: its date and whether it lies before the
story (:class:`DatingResolver`, which :class:`~dateline.nlp.events.build.MentionBuilder`
extends).

The time stage links a date to the trigger (:func:`~dateline.nlp.time.dating.date_for_span`);
here the event's own words refine it: a day-precise date in the trigger's clause,
an earlier year in a noun event's own phrase, a planned event's month moved
ahead of the report, the date that sets the time of the sentence before for a
past happening with none of its own (:func:`~dateline.nlp.time.dating.carried_date`),
no date for a past perfect or a reference point. Historical: "N years of",
"former", a date before the story's time frame, or a doer that no longer exists
(:func:`defunct_doer`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, NamedTuple

from dateline.nlp.events.arguments import argument_words
from dateline.nlp.events.inference import InferringResolver
from dateline.nlp.events.syntax import Candidate, lemma
from dateline.nlp.time.dating import (
    FALLBACK_CONFIDENCE,  # the report-week date the time stage falls back to
    QUOTE_CONFIDENCE,  # the quote's speech date
    SAME_SENTENCE_CONFIDENCE,  # the nearest date of the sentence, not tied by the parse
    before_story,
    carried_date,
    date_for_span,
    precision_of,
    rolled_forward,
)

if TYPE_CHECKING:
    from spacy.tokens import Token

    from dateline.nlp.events.resources import Resources
    from dateline.pipeline import Analysis

# the confidence (times the timex's) of a date in a noun event's own phrase
OWN_PHRASE_CONFIDENCE = 0.85
# what is not a noun event's own phrase: conjoined events, clauses of their own
OWN_PHRASE_CUT = frozenset({"conj", "cc", "relcl", "acl", "advcl", "appos", "parataxis", "punct"})
# the least date confidence that counts for the historical mark
HISTORICAL_DATE_CONFIDENCE = 0.6

DateFn = Callable[["Analysis", int, int], tuple[str | None, str, float]]


class MentionDate(NamedTuple):
    value: str | None
    precision: str
    confidence: float
    carried: bool = False  # from the sentence before (:func:`~dateline.nlp.time.dating.carried_date`)


def defunct_doer(codes: set[str]) -> bool:
    """Whether a doer is a state that no longer exists ("the USSR blockaded the
    city"): what it did is historical (``defunct_state_codes`` in
    ``arguments.json``)."""
    return bool(codes & argument_words()["defunct_state_codes"])


class DatingResolver(InferringResolver):
    """Dates the candidates of one document (the parties through
    :class:`~dateline.nlp.events.inference.InferringResolver`)."""

    def __init__(self, analysis: Analysis, res: Resources) -> None:
        super().__init__(analysis, res)
        self.dates = [t for t in analysis.extraction.timexes if t.type in ("DATE", "TIME") and t.resolved]
        # None skips dating (the PLV evaluation reads lone sentences' arguments only)
        self.date_fn: DateFn | None = date_for_span
        published = analysis.document.published or ""
        self.published_year = int(published[:4]) if published[:4].isdigit() else None

    def mention_date(self, cand: Candidate, tokens: list[Token]) -> MentionDate:
        """The date of one mention; see the module doc."""
        if self.date_fn is None:
            return MentionDate(None, "unknown", 0.0)
        date, precision, date_conf = self.date_fn(self.analysis, cand.start, cand.end)
        anchor = cand.anchor
        if anchor != cand.trigger and date_conf < 0.9:
            alt = self.date_fn(self.analysis, int(anchor.idx), int(anchor.idx + len(anchor.text)))
            if alt[2] > date_conf:
                date, precision, date_conf = alt
        scoped = self._own_phrase_date(cand) or self._scoped_date(cand, tokens, precision)
        published = (self.analysis.document.published or "")[:10]
        # a quote's speech date that is the report's own day says no more than the fallback
        unlinked = date_conf <= FALLBACK_CONFIDENCE or (date_conf <= QUOTE_CONFIDENCE and date == published)
        carried = None if scoped is not None or not unlinked else carried_date(self.analysis, anchor)
        if scoped is not None:
            date, precision, date_conf = scoped
        elif carried is not None:
            date, precision, date_conf = carried
        elif date_conf <= FALLBACK_CONFIDENCE and _past_perfect(anchor):
            # "Russia had annexed Crimea": before the story, on no day the text
            # gives; the report's week would misdate it
            date, precision, date_conf = None, "unknown", 0.0
        elif date_conf <= SAME_SENTENCE_CONFIDENCE and _reference_point(cand.trigger):
            # "the worst cyberattack since the start of the invasion occurred on
            # August 16": the sentence's date is the other happening's
            date, precision, date_conf = None, "unknown", 0.0
        if date and "future" in cand.aux and date_conf > FALLBACK_CONFIDENCE:
            date = self._ahead(cand, date)
        return MentionDate(date, precision, date_conf, carried is not None)

    def _scoped_date(
        self, cand: Candidate, tokens: list[Token], precision: str
    ) -> tuple[str, str, float] | None:
        """A day-precise date inside the trigger's own clause beats a vaguer
        linked one ("This week, forces had secured ... on July 1")."""
        if precision == "day" or not tokens:
            return None
        start, end = int(tokens[0].idx), int(tokens[-1].idx + len(tokens[-1].text))
        quote = self.quote_at(cand.start, cand.end)
        for timex in self.dates:
            if (
                start <= timex.span.start
                and timex.span.end <= end
                and timex.value
                and self.quote_at(timex.span.start, timex.span.end) is quote
                and precision_of(timex.value) == "day"
            ):
                return timex.value[:10], "day", 0.85 * timex.confidence
        return None

    def _own_phrase_date(self, cand: Candidate) -> tuple[str, str, float] | None:
        """A date of an earlier year inside a noun event's own phrase ("the
        annexation of Crimea *in 2014*", "Russia's *2014* annexation", "protests
        after the elections *in 2020*"; not in a conjoined or relative clause:
        "… and its invasion that began in February") dates it, before any date
        the clause around the noun gives (that is the clause's happening's). Dates of the report's year are left to the time stage
        (a mention redated there would split from its happening's other mentions)."""
        trig = cand.trigger
        if trig.pos_ not in ("NOUN", "PROPN") or not self.dates:
            return None
        own = set()
        stack = [trig]
        while stack:
            node = stack.pop()
            own.add(node.idx)
            stack.extend(c for c in node.children if c.dep_ not in OWN_PHRASE_CUT)
        lo, hi = int(trig.left_edge.idx), int(trig.right_edge.idx + len(trig.right_edge.text))
        quote = self.quote_at(cand.start, cand.end)
        doc = trig.doc
        for timex in self.dates:
            if not (lo <= timex.span.start and timex.span.end <= hi) or not timex.value:
                continue
            if not (timex.value[:4].isdigit() and self.published_year and int(timex.value[:4]) < self.published_year):
                continue  # a date of the report's own year: the time stage's linking stands
            span = doc.char_span(timex.span.start, timex.span.end, alignment_mode="expand")
            if span is None or any(t.idx not in own for t in span):
                continue
            if self.quote_at(timex.span.start, timex.span.end) is not quote:
                continue
            return timex.value, precision_of(timex.value), OWN_PHRASE_CONFIDENCE * timex.confidence
        return None

    def _ahead(self, cand: Candidate, date: str) -> str:
        """A planned event dated by a month or day without a year ("will host
        talks in January") lies ahead of the report, not behind it."""
        published = self.analysis.document.published or ""
        if not published[:4].isdigit() or date[: len(published[:10])] >= published[: len(date)]:
            return date
        if date[:7] == published[:7]:
            return date  # "announced on Wednesday that it will provide": the day of the announcement
        sentence = cand.trigger.sent
        lo, hi = int(sentence.start_char), int(sentence.end_char)
        for timex in self.dates:
            if lo <= timex.span.start < hi and timex.value and date.startswith(timex.value[:7]):
                if re.search(r"\b\d{4}\b", timex.span.text):
                    return date  # the text gives the year
                return rolled_forward(date, published)
        return date

    def historical(self, cand: Candidate, dated: MentionDate) -> bool:
        """Before the story's time: "three years of aid", "former", a date two or
        more years back, or a bare year before the report's (a carried date
        counts as the sentence before dates it)."""
        date = dated.value
        cues = self.res.cues["historical"]
        trig = cand.trigger
        # "three years of military aid": an event spread over past years
        if trig.dep_ == "pobj" and trig.head.lower_ == "of" and lemma(trig.head.head) in cues["duration_heads"]:
            return any(c.like_num or c.pos_ == "NUM" for c in trig.head.head.children)
        if any(c.dep_ == "amod" and c.lower_ in cues["amods"] for c in trig.children):
            return True
        confident = dated.confidence >= HISTORICAL_DATE_CONFIDENCE or dated.carried
        if date and confident and self.published_year and date[:4].isdigit():
            before = before_story(date, self.analysis.document.published or "")
            if before is not None:
                # "have avoided censuring Moscow since 2022": a present perfect runs up to now
                return before and not any(_present_perfect(v) for v in (cand.anchor, trig, trig.head))
            return int(date[:4]) <= self.published_year - int(cues["years_back"])
        return False


def _perfect(verb: Token, auxiliaries: frozenset[str]) -> bool:
    if verb.pos_ not in ("VERB", "AUX") or verb.tag_ != "VBN":
        return False
    return any(c.dep_ in ("aux", "auxpass") and c.lower_ in auxiliaries for c in verb.children)


def _past_perfect(verb: Token) -> bool:
    """"had annexed", "had been shelled": a past before the story's time."""
    return _perfect(verb, frozenset({"had", "'d"}))


def _present_perfect(verb: Token) -> bool:
    """"has not joined", "have avoided": a state that lasts up to the report."""
    return _perfect(verb, frozenset({"has", "have", "'ve"}))


# Prepositions whose object is the time another happening is measured from.
REFERENCE_PREPS = frozenset({"after", "before", "since", "following"})


def _reference_point(trigger: Token) -> bool:
    """"after Russia's invasion", "since the start of the invasion": a noun
    event named as the point another happening's time is told from."""
    node = trigger
    if node.dep_ == "pobj" and node.head.lower_ == "of" and node.head.head.pos_ == "NOUN":
        node = node.head.head  # "the start of", "the eve of"
    return node.pos_ in ("NOUN", "PROPN") and node.dep_ == "pobj" and node.head.lower_ in REFERENCE_PREPS
