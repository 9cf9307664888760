"""Clauses the parser split or misread, and quotes inside quotations.

Helpers of the clause pass (:mod:`dateline.nlp.quotes.extract`): a reported
clause whose subject the parser made the cue's object, a coordinated clause with
an elided verb, a complement parsed as an adverbial, "According to X, Y ..." with
Y swallowed into the source, and the quotation piece a cue stands in (a cue
inside someone's quoted words reports a quote within them). All of it reads the
tokens around one cue: no pass over the document.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from dateline.nlp.quotes.marks import QuoteRegion
from dateline.nlp.quotes.raw import RawQuote
from dateline.nlp.quotes.syntax import has_subject

if TYPE_CHECKING:
    from spacy.tokens import Token

_FIRST_SECOND = frozenset({"i", "we", "you"})


def time_word(token: Token) -> bool:
    return token.ent_type_ in ("DATE", "TIME") or (token.dep_ == "prep" and token.lower_ == "on")


def misread_complement(verb: Token) -> list[Token]:
    """'Zelenskyy said since the start of the war some 750 missiles have been
    launched': a clause with a subject of its own right after a speech verb with
    no complement, that the parser hung on it as an adverbial, is what was said
    (not one opened by a conjunction: 'said it after he left')."""
    if any(c.dep_ in ("dobj", "obj", "xcomp", "ccomp") for c in verb.children):
        return []
    for child in verb.rights:
        if child.dep_ != "advcl" or child.pos_ not in ("VERB", "AUX") or not has_subject(child):
            continue
        if any(c.dep_ == "mark" for c in child.children):
            return []
        gap = [t for t in verb.doc[verb.i + 1 : child.left_edge.i] if not t.is_space]
        if all(time_word(t) for t in gap) and not any(t.text in ",;:" for t in verb.doc[verb.i : child.i]):
            return [child]
        return []
    return []


def with_swallowed(verb: Token, comp: Token, content: tuple[int, int]) -> tuple[int, int]:
    """The complement with what the parser took from it: its subject read as the
    verb's object ('argued the only way to ensure security was to prevent ...'),
    and a clause coordinated with an elided verb ('one woman was killed and two
    more injured', parsed as the verb's conjunct)."""
    if comp.i > verb.i and not has_subject(comp):
        objects = [c for c in verb.children if c.dep_ in ("dobj", "obj") and verb.i < c.i < comp.left_edge.i]
        if objects:
            content = (objects[0].left_edge.idx, content[1])
    last = comp.right_edge
    doc = verb.doc
    if last.dep_ == "cc" and last.head.i == comp.i:
        for conj in verb.children:
            if conj.dep_ == "conj" and conj.left_edge.i == last.i + 1:
                end = conj.right_edge
                content = (content[0], end.idx + len(end.text))
                break
    elif content[1] == last.idx + len(last.text):
        # "claimed that they were not his soldiers, but local groups": a verbless
        # conjunct the parser hung on the cue goes on with what was said
        i = last.i + 1
        while i < len(doc) and (doc[i].text == "," or doc[i].dep_ == "cc") and doc[i].head.i == verb.i:
            i += 1
        for conj in verb.children:
            if (
                conj.dep_ == "conj" and conj.left_edge.i == i and i > last.i + 1
                and conj.pos_ in ("NOUN", "PROPN", "NUM", "ADJ") and not has_subject(conj)
            ):
                end = conj.right_edge
                content = (content[0], end.idx + len(end.text))
                break
    return content


def as_reported(verb: Token, subject: Token | None) -> tuple[int, int] | None:
    """'As reported by the General Staff, the enemy suffered heavy losses', 'the
    talks will go on, as the minister noted': the clause the as-clause hangs
    from is what was said (without the as-clause)."""
    if subject is None or verb.dep_ != "advcl" or verb.head.i == verb.i:
        return None
    if not any(c.dep_ == "mark" and c.lower_ == "as" for c in verb.children):
        return None
    head = verb.head
    inner = {t.i for t in verb.subtree}
    tokens = [t for t in head.subtree if t.i not in inner and not t.is_punct and not t.is_space]
    if len(tokens) < 3 or not any(t.dep_ in ("nsubj", "nsubjpass", "expl") for t in head.children):
        return None
    # the words on the head's side of the as-clause only (a sentence around it is not cut in two)
    if verb.i < head.i:
        tokens = [t for t in tokens if t.i > verb.right_edge.i]
    else:
        tokens = [t for t in tokens if t.i < verb.left_edge.i]
    if len(tokens) < 3:
        return None
    return tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)


def according_source(according: Token, source: list[Token]) -> list[Token]:
    """'According to the agency Ukrinform, the United States and 30 other
    countries imposed ...': when the sentence's verb was left with no subject,
    the parser hung that subject on the source; the source ends at its comma."""
    sent = according.sent
    root = sent.root
    if according.i != sent.start or has_subject(root) or root.i < according.i:
        return source
    comma = next((i for i, t in enumerate(source) if t.text == ","), None)
    return source[:comma] if comma else source


def third_party(source: list[Token]) -> bool:
    """A named or described source, not the speaker's own "I"/"we" nor "you":
    inside quoted words only such a cue reports someone else's words."""
    return bool(source) and not (len(source) == 1 and source[0].lower_ in _FIRST_SECOND)


def third_party_text(text: str, quote: RawQuote) -> bool:
    return quote.source is not None and text[quote.source[0] : quote.source[1]].lower() not in _FIRST_SECOND


def quoted_piece(regions: list[QuoteRegion], offset: int | None) -> tuple[int, int] | None:
    """The piece of a quotation (not a dash quotation) that holds ``offset``."""
    if offset is None:
        return None
    for region in regions:
        if region.family == "dash" or not region.start < offset < region.end:
            continue
        for start, end in region.pieces:
            if start < offset < end:
                return start, end
    return None
