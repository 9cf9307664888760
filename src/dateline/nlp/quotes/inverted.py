"""Speakers named after their cue: an inverted cue the parser left without a
subject, and the informant an outlet learned the words from.

'"...," write X and his co-author Y.', '"...," tweeted the exiled dissident
Mikhail X, "..."': the small parser makes the name the verb's object, hangs
the verb on the name as a modifier (``amod``), or makes the name the sentence's
root; the same inside a dash quotation ('- ... - added X.'). The speaker is the
noun phrase right after the verb, up to the next punctuation, verb or
preposition that opens a circumstance (*in*, *during*, ...); a first noun
phrase followed by another is the one told ('said the Reuters agency a senior
official'). :func:`named_before` reads the speaker between a closing dash and
its cue when the parse hung it elsewhere. Cost: a look at a few tokens after
each subjectless cue.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Token

# prepositions that stay inside a speaker's phrase ("the head of X", "a spokesman for Y")
_IN_NAME = frozenset({"of", "for"})
_BREAK = frozenset({",", ".", ";", ":", "!", "?", '"', "\u201c", "\u201d", "\u201e", "''", "``", "(", ")"})
_DASHES = frozenset({"-", "--", "\u2013", "\u2014"})
_NOMINAL = frozenset({"NOUN", "PROPN"})
# verbs that open a clause after the name ("said X told"); a bare VB/VBP is often
# a noun the tagger misread ("dissident and oligarch Mikhail X")
_FINITE = frozenset({"VBD", "VBZ", "VBG", "VBN", "MD"})


def inverted_source(verb: Token) -> tuple[Token, list[Token]] | None:
    """(head, tokens) of the speaker named right after ``verb``, a finite verb
    whose words come before it; None when no noun phrase follows it."""
    doc = verb.doc
    if verb.tag_ not in ("VBD", "VBZ", "VBP", "VB", "VBN", "NNS") or verb.i + 1 >= len(doc) or verb.i == 0:
        return None
    before = doc[verb.i - 1]
    if not (before.is_punct or before.text in _DASHES):
        return None  # '"A," X said' / 'A - X said' keep their parse: the words end right before the cue
    window: list[Token] = []
    start = verb.i + 1
    for _ in range(3):
        # "wrote on Twitter the head of ...", "said in June the spokesman ...": the
        # circumstance between the verb and the name is skipped
        if start >= verb.sent.end:
            return None
        first = doc[start]
        objects = [c for c in first.children if c.dep_ == "pobj"] if first.pos_ == "ADP" else []
        if objects and first.lower_ not in _IN_NAME:
            start = objects[0].i + 1  # past the object's head only: the parse may hang the name on it
        elif first.ent_type_ in ("DATE", "TIME") and first.pos_ != "PROPN" or first.lower_ in ("on", "last", "this"):
            start = first.i + 1
        else:
            break
    for token in doc[start : verb.sent.end]:
        if "\n" in token.text or token.text in _BREAK or token.text in _DASHES:
            break
        if token.tag_ in _FINITE or (token.pos_ == "ADP" and token.lower_ not in _IN_NAME):
            break
        if token.pos_ == "ADV" and not window:
            continue  # "said also X"
        window.append(token)
    while window and window[-1].pos_ in ("CCONJ", "DET", "PUNCT"):
        window.pop()
    if not window or not any(t.pos_ in _NOMINAL for t in window):
        return None
    if window[0].pos_ not in ("DET", "ADJ", "PROPN", "NOUN", "NUM") and not (
        window[0].tag_ in ("VB", "VBP") and window[-1].pos_ == "PROPN"
    ):
        return None  # ('confesses patient X': a noun the tagger read as a verb may open the name)
    for k, token in enumerate(window):
        if token.lower_ == "and" and any(t.pos_ == "PROPN" for t in window[:k]):
            window = window[:k]  # "X and his co-author Y": the first named speaks
            break
        if k and token.pos_ == "DET" and window[k - 1].pos_ in _NOMINAL and any(t.pos_ in _NOMINAL for t in window[k:]):
            # "said the Reuters agency a senior official of X": the one told, then the speaker
            window = window[k:]
            break
    if window[-1].ent_type_ == "PERSON" or window[-1].pos_ == "PROPN":
        return window[-1], window  # "the exiled dissident and oligarch Mikhail X": the name closes it
    head = _phrase_head(window)
    return (head or window[-1]), window


def informant_of(verb: Token) -> Token | None:
    """The one an outlet learned or heard the words from ('..., BelTA learned
    from President X'): the object of the verb's *from*."""
    for prep in verb.children:
        if prep.dep_ == "prep" and prep.lower_ == "from" and prep.i > verb.i:
            objects = [c for c in prep.children if c.dep_ == "pobj"]
            if objects and objects[0].pos_ in ("PROPN", "NOUN"):
                return objects[0]
    return None


def named_before(dash: Token, verb: Token) -> tuple[Token, list[Token]] | None:
    """(head, tokens) of the speaker between a closing dash and its cue when the
    parse hung them elsewhere ('... sanctions - the head of British diplomacy on
    Sky News pointed out'): the noun phrase after the dash, up to a preposition
    opening a circumstance; its head is the word no other word of it governs."""
    window: list[Token] = []
    for token in dash.doc[dash.i + 1 : verb.i]:
        if token.pos_ == "ADP" and token.lower_ not in _IN_NAME and window:
            break  # "on Sky News", "during the meeting": the saying's circumstance
        window.append(token)
    while window and window[-1].pos_ in ("CCONJ", "DET", "PUNCT", "ADP"):
        window.pop()
    if not window or window[0].pos_ not in ("DET", "ADJ", "PROPN", "NOUN", "NUM"):
        return None
    if window[-1].pos_ == "PROPN" and window[-1].ent_type_ in ("PERSON", ""):
        return window[-1], window  # "- Sergei Lavrov regretted", "- the minister Jan Nowak said"
    head = _phrase_head(window)
    return (head, window) if head is not None else None


def _phrase_head(window: list[Token]) -> Token | None:
    """The first noun of ``window`` that no other word of it governs."""
    return next((t for t in window if t.pos_ in _NOMINAL and not (window[0].i <= t.head.i <= window[-1].i and t.head.i != t.i)), None)
