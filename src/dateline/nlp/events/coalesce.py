"""One happening, one event, across the whole document.

:func:`~.build.merge` joins a mention to an earlier one when it refers back
("the call", a mention that names the same parties). A report also names its
main happenings again and again without referring back: "Russia's invasion" in
the lead, "the invasion" in a quote, "an invasion" in a caption. This pass joins
events of one document that can only be the same happening: same type, same
modal marks (a planned meeting is not the meeting held), parties that do not
contradict each other, and no date or place that sets them apart.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, TypeVar

from dateline.export.dates import interval
from dateline.model import MODAL_AUX
from dateline.nlp.events.syntax import VERB_POS, lemma
from dateline.nlp.time.dating import FALLBACK_CONFIDENCE, QUOTE_CONFIDENCE

if TYPE_CHECKING:
    from dateline.nlp.events.build import EventMention


G = TypeVar("G")
UNREALISED = frozenset({"hypothetical"})


def _modal(members: Sequence[EventMention]) -> frozenset[str]:
    return frozenset(members[0].aux & MODAL_AUX)


def _stated(members: Sequence[EventMention]) -> frozenset[str]:
    """The marks the group's event states: its founder's, and the grammar
    marks every mention carries (a mention's own marks count as carried)."""
    return _modal(members) | frozenset.intersection(*(frozenset((m.grammar_aux | m.aux) & MODAL_AUX) for m in members))


def _historical(members: Sequence[EventMention]) -> bool:
    return all("historical" in m.aux for m in members)


def _codes(members: Sequence[EventMention]) -> set[str]:
    # an actor without a code stands by its id (``PartyResolver.code``)
    return set().union(*(m.codes for m in members))


def _inferred(members: Sequence[EventMention]) -> set[str]:
    return {c for m in members for c in m.inferred_codes if c}


def _uncoded(codes: set[str]) -> bool:
    return bool(codes) and all(":" in c for c in codes)


def _parties_agree(a: Sequence[EventMention], b: Sequence[EventMention]) -> bool:
    """Named parties that nest; a mention naming nobody agrees with any, except
    that a doer the actor model infers with a code is not given up for a
    named party that has none (a provisional name is often a misparse)."""
    ca, cb = _codes(a), _codes(b)
    if ca and cb:
        return _nested(ca, cb)
    named, other = (ca, b) if ca else (cb, a)
    return not (_uncoded(named) and _inferred(other))


def _recipients(members: Sequence[EventMention]) -> set[str]:
    return set().union(*(m.recipient_codes for m in members))


def _dates(members: Sequence[EventMention]) -> set[str]:
    # a date above the quote's speech date and the report's week (the time stage's
    # fallbacks) is one the text gives: two of them that cannot name one day set
    # events apart
    return {m.date[:10] for m in members if m.date and m.date_confidence > QUOTE_CONFIDENCE}


def _places(members: Sequence[EventMention]) -> set[str]:
    return {m.location.name for m in members if m.location is not None}


def _nested(a: set[str], b: set[str]) -> bool:
    return not a or not b or a <= b or b <= a


def _same_day(a: set[str], b: set[str]) -> bool:
    if not a or not b:
        return True
    # the same day at the precision both give ("2022-02" holds "2022-02-24", the
    # week "2022-W33" holds Thursday "2022-08-18")
    return any(same_time(x[:10], y[:10]) for x in a for y in b)


def best_dated(members: Sequence[EventMention]) -> EventMention:
    """The mention whose date the event takes: the surest one, or a sharper
    date the text gives inside it (the week "2022-W30" and its Tuesday)."""
    best = max(members, key=lambda m: m.date_confidence)
    if not best.date:
        return best
    b0, b1, _ = interval(best.date)
    if b0 is None or b1 is None:
        return best
    sharper = []
    for m in members:
        m0, m1, _ = interval(m.date) if m.date and m.date_confidence > FALLBACK_CONFIDENCE else (None, None, "")
        if m0 is not None and m1 is not None and b0 <= m0 and m1 <= b1 and m1 - m0 < b1 - b0:
            sharper.append(m)
    return max(sharper, key=lambda m: m.date_confidence) if sharper else best


def same_time(x: str, y: str) -> bool:
    """Whether two date values can name one day: equal, or one holds the other."""
    (x0, x1, _), (y0, y1, _) = interval(x), interval(y)
    if x0 is None or x1 is None or y0 is None or y1 is None:
        return x[: min(len(x), len(y))] == y[: min(len(x), len(y))]
    return x0 <= y1 and y0 <= x1


def parties_fit(a: Sequence[EventMention], b: Sequence[EventMention]) -> bool:
    """Doers that nest (:func:`_parties_agree`) and recipients that share one or
    are not named on one side."""
    if not _parties_agree(a, b):
        return False
    ra, rb = _recipients(a), _recipients(b)
    return not (ra and rb and not ra & rb)


def same_happening(a: Sequence[EventMention], b: Sequence[EventMention]) -> bool:
    """Whether two groups of mentions can only report one happening."""
    if a[0].event != b[0].event or _historical(a) != _historical(b):
        return False
    # the same marks: the founders' own, or those the events state ("a Russian
    # attack" in "prepare for the worst scenario: ..." and "would involve attacks")
    if _modal(a) != _modal(b) and (_stated(a) != _stated(b) or not _stated(a)):
        return False
    if not parties_fit(a, b):
        return False
    # a feared or conditional happening ("fears of an invasion", "an invasion
    # could happen as soon as Wednesday") has no day of its own that sets two
    # of its mentions apart: only what is done or scheduled is told by its date
    if _modal(a) != UNREALISED and not _same_day(_dates(a), _dates(b)):
        return False
    pa, pb = _places(a), _places(b)
    return not (pa and pb and not pa & pb)


ARGUMENT_DEPS = frozenset({"dobj", "nsubj", "nsubjpass", "attr", "oprd", "pobj"})


def in_clause_of(a: EventMention, b: EventMention) -> bool:
    """Whether ``b`` reports ``a``'s happening inside ``a``'s own clause: a verb
    conjoined to ``a``'s ("will be deploying and sending troops": one
    deployment) or a noun among ``a``'s arguments with no verb between them
    ("will provide a billion dollars as military aid": one aid). A noun in a
    clause of its own ("a package that includes shipments") is not."""
    ta, tb = a.cand.trigger, b.cand.trigger
    if ta.i == tb.i or ta.pos_ not in VERB_POS:
        return False
    if tb.pos_ in VERB_POS:
        linked = tb.dep_ == "conj" and tb.head.i == ta.i
    else:
        # the verb's object or subject, or the object of one of its prepositions
        head = tb.head.head if tb.dep_ == "pobj" else tb.head
        linked = head.i == ta.i and tb.dep_ in ARGUMENT_DEPS
    # (the sentences last: Token.sent walks the sentence's tokens)
    return linked and ta.sent.start == tb.sent.start


def _words(members: Sequence[EventMention]) -> set[str]:
    return {lemma(m.cand.trigger) for m in members}


def coalesce(groups: list[G], members: Callable[[G], list[EventMention]], bare: Callable[[G], bool]) -> list[G]:
    """``groups`` with every group that reports the happening of an earlier one
    folded into it (its mentions appended, text order kept). A ``bare`` group
    (a noun that alone would name no happening: "the attack will take place")
    joins only a group with its trigger word."""
    kept: list[G] = []
    for group in groups:
        ms = members(group)
        words = _words(ms) if bare(group) else None
        target = next(
            (
                k for k in kept
                if same_happening(members(k), ms) and (words is None or words & _words(members(k)))
            ),
            None,
        )
        if target is None:
            kept.append(group)
            continue
        joined = members(target)
        joined.extend(members(group))
        joined.sort(key=lambda m: m.cand.start)
    return kept
