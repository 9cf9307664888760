"""More frames that report no happening done (issue 14, read on unannotated
news-ukwar articles): an open choice ("weighed *where to send* troops"), a
normative "time" ("now is the *time to* support", "it is high time for X to
return to dialogue"), an evaluative that-clause ("it is *important that* we
show solidarity")). :mod:`.modality` reads them as grammar marks. Word
lists live in ``data/events/cues.json``; dependency lookups only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from dateline.nlp.events.resources import Resources
from dateline.nlp.events.syntax import (
    NOUN_POS,
    VERB_POS,
    Candidate,
    infinitive_marker,
    lemma,
    to_infinitive,
)

if TYPE_CHECKING:
    from spacy.tokens import Token


def open_choice(node: Token) -> bool:
    """An infinitive that names an option still open: "weighed *where to
    send* troops", "discussed *how to respond*", "decide *whether to
    attack*", "*which* weapons *to send*". Whatever governs it, nothing was
    done yet. The wh-word stands right before "to" (or on the noun there): a
    relative "that" elsewhere ("the plane *that* he allowed to drift") is none."""
    to = infinitive_marker(node)
    if to is None or to.i == 0:
        return False
    before = node.doc[to.i - 1]
    if before.lower_ == "whether" or before.tag_ in ("WRB", "WP"):
        return before.head == node or before.head.head == node
    return before.head == node and before.pos_ in NOUN_POS and any(c.tag_ == "WDT" for c in before.children)


def normative_time(node: Token, res: Resources) -> bool:
    """An act the speaker says is due, not one done (a grammar mark, not a
    dropped frame: PLOVER may read the speaker's words as a REQUEST): "now is the *time to*
    support", "it is high *time* for X *to return* to dialogue and
    cooperation" (cue ``generic_frames.normative_nouns``; not "the *first*
    time to ...", which reports it). ``node`` is the trigger's clause verb or
    a noun under it; the walk climbs through its phrases to the infinitive."""
    words = res.words("generic_frames", "normative_nouns")
    realising = res.words("hypothetical", "realising_heads")
    for _ in range(5):
        head = node.head
        if head == node:
            return False
        if node.pos_ in VERB_POS and to_infinitive(node) and node.dep_ in ("acl", "relcl", "advcl", "xcomp", "ccomp"):
            noun = head
            return (
                lemma(noun) in words and noun.pos_ in NOUN_POS and noun.dep_ in ("attr", "nsubj") and lemma(noun.head) == "be"
                and not any(c.dep_ in ("amod", "nummod") and (lemma(c) in realising or c.tag_ == "JJS") for c in noun.children)
            )
        if node.dep_ not in ("pobj", "prep", "conj", "dobj", "pcomp"):
            return False
        node = head
    return False


def evaluative_clause(node: Token, words: frozenset[str]) -> bool:
    """A that-clause under an evaluative adjective: "it is *important that* we
    show solidarity", "it is *vital that* talks resume" (cue
    ``hypothetical.evaluative``): what ought to be, or may be, not what was."""
    if node.dep_ != "ccomp" or not any(c.dep_ == "mark" and c.lower_ == "that" for c in node.children):
        return False
    head = node.head
    if head.pos_ == "ADJ":
        return lemma(head) in words
    return any(c.dep_ == "acomp" and lemma(c) in words for c in head.children)


def material(cand: Candidate, res: Resources) -> bool:
    """A material act (PLOVER quad class 2 or 4) with no complement clause it frames."""
    return res.types[cand.event].quad_class in (2, 4) and not any(c.dep_ in ("xcomp", "ccomp") for c in cand.anchor.children)


def concedes(clause: Token, res: Resources) -> bool:
    """"*even* if it denies it", "*as* if": a condition that concedes or compares."""
    first = clause.left_edge
    before = clause.doc[first.i - 1] if first.i > 0 else None
    words = res.words("hypothetical", "concessive_words")
    return any(t.lower_ in words for t in (first, before) if t is not None and t.i < clause.i)
