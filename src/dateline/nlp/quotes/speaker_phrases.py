"""Phrase helpers of the speaker resolver (:mod:`dateline.nlp.quotes.speakers`):
the head phrase of a source, a body's name, definiteness and ownership, and the
person nouns and epithets of the coreference lexicon."""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from dateline.nlp.quotes.lexicon import load_data

if TYPE_CHECKING:
    from spacy.tokens import Token

_LEADING = frozenset({"the", "a", "an"})


def _says(token: Token) -> bool:
    """The name is who speaks: the subject of the cue, or 'according to X'."""
    if token.dep_.startswith("nsubj"):
        return True
    head = token.head
    return token.dep_ == "pobj" and head.lower_ == "to" and head.head.lower_ == "according"


def _core(token: Token, source: tuple[int, int]) -> tuple[int, int]:
    """The head phrase of a source: its modifiers before the head, the head and
    a name or possessive compound; no appositive, relative clause or prepositional phrase."""
    left = token
    for child in token.lefts:
        if child.idx >= source[0]:
            left = child.left_edge if child.left_edge.idx >= source[0] else child
            break
    return max(source[0], left.idx), min(source[1], token.idx + len(token.text))


def _phrase_of(token: Token) -> tuple[int, int]:
    tokens = [t for t in token.subtree if t.i <= token.i]
    return tokens[0].idx, token.idx + len(token.text)


def _name_span(token: Token, source: tuple[int, int]) -> tuple[int, int]:
    """A body's name: its head phrase and an 'of' phrase naming it ('Ministry of Foreign Affairs')."""
    start, end = _core(token, source)
    for child in token.rights:
        if child.dep_ == "prep" and child.lower_ == "of":
            objects = [c for c in child.children if c.dep_ == "pobj"]
            if objects and objects[0].text[:1].isupper():
                last = child.right_edge
                end = max(end, min(source[1], last.idx + len(last.text)))
            break
    return start, end


def _strip_name(text: str) -> str:
    words = text.strip().rstrip(",").split()
    while len(words) > 1 and words[0].lower() in _LEADING:
        words = words[1:]
    return " ".join(words)


def _definite(token: Token) -> bool:
    words = [t for t in token.subtree if t.i <= token.i]
    return bool(words) and words[0].lower_ in ("the", "this", "that")


# how an organisation's name hangs from such a word: "of X", "from X", "at X", "X's", "X officials"
_FOR_DEPS = frozenset({"compound", "poss", "nmod", "pobj", "amod"})
_FOR_PREPS = frozenset({"of", "from", "at", "for"})


def _speaks_for(node: Token, head: Token) -> bool:
    """The name hangs from ``head`` through a compound, a possessive or 'of/from/at/for'."""
    for _ in range(6):
        if node.i == head.i:
            return True
        if node.dep_ == "prep" and node.lower_ not in _FOR_PREPS:
            return False
        if node.dep_ not in _FOR_DEPS and node.dep_ != "prep":
            return False
        if node.head.i == node.i:
            return False
        node = node.head
    return False


def _relation_of(node: Token, head: Token) -> bool:
    """A word of a name the title ``head`` relates to rather than names: its
    owner or its of/for phrase ("X's lawyer", "the adviser of President X",
    "a spokesman for X")."""
    for _ in range(6):
        if node.head.i == head.i:
            if node.dep_ == "poss":
                return True
            # "the governor of Florida Ron X", "the Advisor of the President of Ukraine Y":
            # a place in the phrase makes it the title's own complement, closed by the name
            return node.dep_ == "prep" and node.lower_ in ("of", "for", "to") and not any(
                t.ent_type_ in ("GPE", "LOC") for t in node.subtree
            )
        if node.dep_ not in ("compound", "pobj", "flat") or node.head.i == node.i:
            return False
        node = node.head
    return False


def _office_title(token: Token) -> str | None:
    """The title a source's head word gives ('minister', 'Adviser'), when it is an
    office-like person noun rather than an epithet that fits anyone."""
    role = token.lemma_.lower() if token.pos_ == "NOUN" else token.lower_
    return role if role in _person_nouns() and role not in _epithets() else None


def _owner_pronoun(token: Token | None) -> tuple[int, int] | None:
    """The span of 'his'/'her' owning a person noun ('her lawyer', 'his spokesman')."""
    if token is None or token.pos_ != "NOUN" or token.lemma_.lower() not in _person_nouns():
        return None
    for child in token.children:
        if child.dep_ == "poss" and child.lower_ in ("his", "her"):
            return child.idx, child.idx + len(child.text)
    return None


def _definite_or_owned(token: Token) -> bool:
    """'the minister', 'Ukraine's ambassador', 'its infrastructure minister'."""
    words = [t for t in token.subtree if t.i <= token.i]
    return bool(words) and (
        words[0].lower_ in ("the", "this", "that", "its", "his", "her", "their")
        or any(t.tag_ == "POS" for t in words)
    )


@lru_cache(maxsize=1)
def _epithets() -> frozenset[str]:
    """Person nouns that describe anyone ('the dictator'), not an office ('the journalist')."""
    return frozenset(load_data("coref.json").get("epithets", []))


def _person_nouns() -> frozenset[str]:
    from dateline.resolve.coref import coref_lexicon  # coref imports this package (cached)

    return coref_lexicon().person_nouns
