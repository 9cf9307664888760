"""Event dating: which date does an event mention happen on?

``date_for_span(analysis, start, end)`` returns ``(value, precision, confidence)``
for the mention ``document.text[start:end]`` (an event trigger or a clause):

1. a DATE/TIME expression in the same sentence that the dependency parse
   attaches to the trigger (the timex's governing verb is the trigger, or the
   trigger governs it): confidence 0.9 (among several, the most precise);
2. else the nearest such expression in the same sentence that belongs to the
   trigger's clause or a clause above it (not to another noun: "the 75th
   anniversary of the *1945* victory", "his *2014* appointment"; not to a
   clause below or beside it): 0.65;
3. else, for a mention inside a quote whose speech date is known, that date
   (precision "day"): 0.45;
4. else the documented fallback, as ACLED does with its time precision: the
   reporting (publication) date with precision "week" (the event happened on or
   shortly before the report) and confidence 0.3;
5. nothing known: ``(None, "unknown", 0.0)``.

The events stage asks :func:`carried_date` for a happening that gets only the
quote's date or the fallback: a narrative keeps its time from one sentence to
the next ("In 2019 the parliament was dissolved. Troops then seized the
airport": 2019). A verb (or a noun's support verb) in a sentence told in the
past (its main verb a simple past) takes the date that sets the time of the
sentence before: one that hangs on that sentence's main clause (not in a
reported or relative clause, not after "since" or "until") and lies before the
report's day, unless that sentence is back at the present ("Moscow took the
port in 2015 and *has kept* it since"). Confidence 0.4 times the timex's.

Vague references ("now", "currently") date to their anchor with precision "day".
Durations and sets never date an event.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from dateline.model import Timex

if TYPE_CHECKING:
    from spacy.tokens import Token

    from dateline.pipeline import Analysis

LINKED_CONFIDENCE = 0.9
SAME_SENTENCE_CONFIDENCE = 0.65
QUOTE_CONFIDENCE = 0.45
FALLBACK_CONFIDENCE = 0.3
FALLBACK_PRECISION = "week"

_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}")
_WEEK = re.compile(r"^\d{4}-W\d{2}")
_MONTH = re.compile(r"^\d{4}-\d{2}$")
_YEARISH = re.compile(r"^\d{4}(-(Q\d|H\d|SP|SU|FA|WI|FY))?$")
_VAGUE = {"PRESENT_REF", "PAST_REF", "FUTURE_REF"}
_PRECISION_RANK = {"day": 4, "week": 3, "month": 2, "year": 1}


def precision_of(value: str | None) -> str:
    """day | week | month | year | unknown for a TIMEX3 value."""
    if not value:
        return "unknown"
    if _DAY.match(value):
        return "day"
    if _WEEK.match(value):
        return "week"
    if _MONTH.match(value):
        return "month"
    if _YEARISH.match(value):
        return "year"
    return "unknown"


def _datable(timex: Timex) -> bool:
    return timex.type in ("DATE", "TIME") and timex.resolved and bool(timex.value)


def _value_of(timex: Timex) -> tuple[str, str] | None:
    value = timex.value or ""
    if value in _VAGUE:
        if value == "PRESENT_REF" and timex.anchor and _DAY.match(timex.anchor):
            return timex.anchor[:10], "day"
        return None
    if timex.type == "TIME" and _DAY.match(value):
        return value[:10], "day"
    precision = precision_of(value)
    if precision == "unknown":
        return None
    return value, precision


def _head(analysis: Analysis, start: int, end: int) -> Token | None:
    span = analysis.doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    return span.root


def _governing_verb(token: Token) -> Token:
    current = token
    for _ in range(40):  # parse trees are shallow; the bound guards bad parses
        if current.pos_ in ("VERB", "AUX") or current.head == current:
            return current
        current = current.head
    return current


def _attached(trigger: Token, timex_head: Token) -> bool:
    verb = _governing_verb(timex_head)
    if verb == trigger or verb == _governing_verb(trigger):
        return True
    # The trigger may be a noun ("the strike on Monday"): the timex hangs below it.
    node = timex_head
    for _ in range(40):
        if node == trigger:
            return True
        if node.head == node:
            return False
        node = node.head
    return False


# a date that modifies a noun directly ("the *1945* victory")
_MODIFIER_DEPS = frozenset({"nummod", "compound", "amod"})
# nouns whose dates say when a person did something else ("X, a diplomat *since 2004*")
_PERSON_NP_DEPS = frozenset({"nsubj", "nsubjpass", "appos"})


def _owned_elsewhere(trigger: Token, timex_head: Token) -> bool:
    """Whether a date belongs to something other than the trigger: a noun it
    modifies ("the 75th anniversary of the *1945* victory"), or the subject or
    an appositive it hangs in ("X, a diplomat *since 2004*, criticized")."""
    node = timex_head
    for _ in range(40):  # parse trees are shallow; the bound guards bad parses
        if node.pos_ in ("VERB", "AUX") or node.head == node or node == trigger:
            return False
        child, node = node, node.head
        owner = node.pos_ in ("NOUN", "PROPN") and node != trigger and node.ent_type_ not in ("DATE", "TIME")
        if owner and (child.dep_ in _MODIFIER_DEPS and child.ent_type_ == "DATE" or node.dep_ in _PERSON_NP_DEPS):
            return True
    return False


def date_for_span(analysis: Analysis, start: int, end: int) -> tuple[str | None, str, float]:
    """The date of the event mentioned at ``text[start:end]``; see the module doc."""
    document = analysis.document
    extraction = analysis.extraction
    sentence = document.sentence_index(start)
    candidates = [
        t
        for t in extraction.timexes
        if _datable(t) and sentence is not None and document.sentence_index(t.span.start) == sentence
    ]
    quote_date: str | None = None
    in_quote = None
    for quote in extraction.quotes:
        if any(s.start <= start and end <= s.end for s in quote.content):
            in_quote = quote
            quote_date = quote.date
            break
    if in_quote is not None:
        # Inside a quote, only expressions of the quote itself date the event.
        candidates = [
            t for t in candidates if any(s.start <= t.span.start < s.end for s in in_quote.content)
        ]
    trigger = _head(analysis, start, end) if candidates else None
    best: tuple[float, int, float, float, tuple[str, str]] | None = None
    for timex in candidates:
        found = _value_of(timex)
        if found is None:
            continue
        distance = float(min(abs(timex.span.start - end), abs(start - timex.span.end)))
        confidence = SAME_SENTENCE_CONFIDENCE
        if trigger is not None:
            head = _head(analysis, timex.span.start, timex.span.end)
            if head is not None and _owned_elsewhere(trigger, head):
                continue
            if head is not None and _attached(trigger, head):
                confidence = LINKED_CONFIDENCE
        # Equally linked: the more precise expression wins ("This week, forces
        # secured the region on July 1" happened on July 1), then the surer, then the nearest.
        key = (confidence, _PRECISION_RANK.get(found[1], 0), timex.confidence, -distance, found)
        if best is None or key[:4] > best[:4]:
            best = key
    if best is not None:
        value, precision = best[4]
        return value, precision, round(best[0] * best[2], 3)
    if quote_date:
        return quote_date[:10], precision_of(quote_date[:10]), QUOTE_CONFIDENCE
    if document.published and _DAY.match(document.published):
        return document.published[:10], FALLBACK_PRECISION, FALLBACK_CONFIDENCE
    return None, "unknown", 0.0


def rolled_forward(value: str, published: str) -> str:
    """A month or day value without a year of its own, moved to the first year
    in which it is not before ``published`` ("will meet in January", said in
    March 2022: January 2023)."""
    if not (_DAY.match(value) or _MONTH.match(value)) or not published[:4].isdigit():
        return value
    year = int(value[:4])
    while year < 9999 and f"{year}{value[4:]}" < published[: len(value)]:  # 4-digit years
        year += 1
    return f"{year}{value[4:]}"


def before_story(value: str, published: str) -> bool | None:
    """Whether a date lies before the story's time frame when that is plain: a
    bare year before the report's year ("in 2021", said in January 2022; in
    ukwar-train gold every such happening is historical). None for other
    values (a month or a day is judged by how far back it lies)."""
    if len(value) == 4 and value.isdigit() and published[:4].isdigit():
        return int(value) < int(published[:4])
    return None


# A past happening with no date of its own takes the date that sets the time of
# the sentence before it: below a same-sentence date, above the fallback.
CARRIED_CONFIDENCE = 0.4
# a date after these words is a bound, not the time of the happening ("no talks since March")
_BOUND_WORDS = frozenset({"since", "until", "till", "after", "before", "by"})
# a date in a reported or relative clause is that clause's, not the sentence's frame
_INNER_CLAUSES = frozenset({"ccomp", "relcl", "csubj", "csubjpass"})


def _present(verb: Token) -> bool:
    """A present or present-perfect verb: the narrative is back at the report's time."""
    if verb.tag_ in ("VBZ", "VBP"):
        return True
    return verb.tag_ == "VBN" and any(c.dep_ == "aux" and c.lower_ in ("has", "have", "'ve") for c in verb.children)


def _frames_sentence(head: Token) -> bool:
    """Whether a date hangs on its sentence's main clause (through conjuncts,
    infinitives, adverbial clauses, participles and phrases), not inside a
    reported or relative clause."""
    node = head
    for _ in range(40):
        if node.head == node:
            return True
        if node.dep_ in _INNER_CLAUSES:
            return False
        node = node.head
    return False


def carried_date(analysis: Analysis, anchor: Token) -> tuple[str, str, float] | None:
    """The date a past happening the text gives no date of its own takes from
    the sentence before (:data:`CARRIED_CONFIDENCE`); see the module doc."""
    document = analysis.document
    published = (document.published or "")[:10]
    if not _DAY.match(published) or anchor.pos_ not in ("VERB", "AUX") or anchor.sent.root.tag_ != "VBD":
        return None
    index = document.sentence_index(int(anchor.idx))
    if not index:
        return None
    previous = document.sentences[index - 1]
    span = analysis.doc.char_span(previous.start, previous.end, alignment_mode="expand")
    if span is None:
        return None
    roots = [t for t in span if t.head == t]
    if any(_present(v) for root in roots for v in (root, *root.conjuncts)):
        return None  # "took the port in 2015 and *has kept* it since": back at the report's time
    for timex in analysis.extraction.timexes:
        if not (previous.start <= timex.span.start < previous.end) or not _datable(timex):
            continue
        found = _value_of(timex) if timex.value not in _VAGUE else None
        head = _head(analysis, timex.span.start, timex.span.end)
        if found is None or head is None:
            continue
        before = head.doc[head.left_edge.i - 1] if head.left_edge.i > 0 else None
        if (before is not None and before.lower_ in _BOUND_WORDS) or not _frames_sentence(head):
            continue
        value, precision = found
        if value[:10] >= published[: len(value[:10])]:
            continue  # not before the report: the fallback says as much
        return value, precision, CARRIED_CONFIDENCE * timex.confidence
    return None
