"""The delayed-identification lede: a news article that opens on a person's
title and names them only after it.

"The chief executive of a gas company has criticised the decision ... / Speaking
to reporters, Anna X said ..." -- the title that is the first sentence's subject
(a definite person noun, no name in it) is the first person the next sentences
name as a subject. The title's phrase becomes that person's mention and its
noun one of their roles, so the article's later "the chief executive said"
finds them too.
"""

from __future__ import annotations

from typing import Any

from spacy.tokens import Doc, Token

from dateline.model import Actor

# how many sentences after the lede the person must be named in
REACH = 3


def _subject(doc: Doc, start: int, end: int) -> Token | None:
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return None
    root = span.root
    return next((c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")), None)


def delayed_lede(
    doc: Doc, document: Any, actors: list[Actor], person_nouns: frozenset[str], is_person: Any,
) -> tuple[tuple[int, int], Actor, str] | None:
    """The lede's title span, the person it turns out to be and the title noun."""
    sentences = document.sentences
    if len(sentences) < 2:
        return None
    lede = sentences[0]
    subject = _subject(doc, lede.start, lede.end)
    if subject is None or subject.pos_ != "NOUN" or subject.tag_ != "NN":
        return None
    role = subject.lemma_.lower()
    determiner = next((c for c in subject.children if c.dep_ == "det"), None)
    if role not in person_nouns or determiner is None or determiner.lower_ != "the":
        return None
    start = subject.left_edge.idx
    end = subject.right_edge.idx + len(subject.right_edge.text)
    people = [a for a in actors if is_person(a) and a.mentions]
    if any(m.start < lede.end for a in people for m in a.mentions):
        return None  # a person named in the lede: the title may be theirs or not
    first = sorted(((min(m.start for m in a.mentions), a) for a in people), key=lambda p: p[0])
    if not first:
        return None
    offset, actor = first[0]
    sentence = document.sentence_index(offset)
    if sentence is None or sentence > REACH:
        return None
    token = next((t for t in doc[:] if t.idx >= offset), None)
    mention = next(m for m in actor.mentions if m.start == offset)
    while token is not None and token.i + 1 < len(doc) and doc[token.i + 1].idx < mention.end:
        token = doc[token.i + 1]  # the name's last word carries its role in the clause
    if token is None or token.dep_ not in ("nsubj", "nsubjpass", "appos"):
        return None
    if token.dep_ == "appos" and token.head.dep_ not in ("nsubj", "nsubjpass"):
        return None
    return (start, end), actor, role
