"""Keyword prefilter: the literal words without which a rule cannot match.

Every recognition rule is a regex run over the whole text; most texts hold none
of the words most rules need ("fortnight", a month name, "B.C."). From each
compiled rule's parse tree this module derives, once, a set of lower-case
literals of which every match must contain at least one (``triggers``; ``None``
when no such set exists, e.g. a rule that may match any number). A text whose
folded form contains none of a rule's triggers is not searched with that rule:
the matches are the same, found for less.

The derivation is conservative: optional parts, negative look-arounds, back
references and broad character classes give no trigger, and a sequence takes
the most selective of its necessary parts. Only ASCII literals are kept, and the
text is folded the way ``re.IGNORECASE`` folds ASCII letters (the four non-ASCII
letters it equates with one are mapped first), so a substring test never misses
what the regex would match.
"""

from __future__ import annotations

import re
from re import _constants as C  # type: ignore[attr-defined]
from re import _parser as P  # type: ignore[attr-defined]
from typing import Any

DIGIT = "\x00digit"  # the trigger "any decimal digit" (``\d``)
# Non-ASCII letters that re.IGNORECASE matches with an ASCII letter they do not
# lower-case to: dotted and dotless I, long s, the Kelvin sign.
_FOLD = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"})
_ANY_DIGIT = re.compile(r"\d")
_SMALL_CLASS = 6  # a character class of at most this many literals is a trigger set

Triggers = frozenset[str] | None


def fold(text: str) -> str:
    """``text`` as the triggers are compared with it."""
    return text.translate(_FOLD).lower()


def present(text: str) -> frozenset[str]:
    """The special triggers a text holds (``DIGIT``), computed once per text."""
    return frozenset({DIGIT}) if _ANY_DIGIT.search(text) else frozenset()


def may_match(triggers: Triggers, folded: str, special: frozenset[str]) -> bool:
    """Can a rule with ``triggers`` match a text (folded, and its ``present`` set)?"""
    if triggers is None:
        return True
    return any(t in special if t == DIGIT else t in folded for t in triggers)


def triggers_of(regex: re.Pattern[str]) -> Triggers:
    """The literals one of which every match of ``regex`` contains, if any."""
    try:
        tree = P.parse(regex.pattern, regex.flags)
    except re.error:  # pragma: no cover - the pattern compiled already
        return None
    found = _sequence(list(tree))
    if found is None:
        return None
    # "apr" suffices where "april" would be tested too: a text holding one holds the other.
    return frozenset(t for t in found if not any(o != t and o in t for o in found))


def _score(triggers: frozenset[str]) -> tuple[int, int]:
    """Higher is more selective: longer shortest literal, then fewer literals."""
    shortest = min((3 if t == DIGIT else len(t)) for t in triggers)
    return (min(shortest, 6), -len(triggers))


def _literal_run(chars: list[int]) -> frozenset[str] | None:
    text = "".join(map(chr, chars))
    return frozenset({text.lower()}) if text.isascii() else None


def _sequence(items: list[Any]) -> Triggers:
    candidates: list[frozenset[str]] = []
    run: list[int] = []
    for op, av in items:
        if op is C.LITERAL:
            run.append(av)
            continue
        if run:
            lit = _literal_run(run)
            if lit:
                candidates.append(lit)
            run = []
        found = _node(op, av)
        if found:
            candidates.append(found)
    if run and (lit := _literal_run(run)):
        candidates.append(lit)
    return max(candidates, key=_score) if candidates else None


def _node(op: Any, av: Any) -> Triggers:
    if op is C.SUBPATTERN:
        return _sequence(list(av[-1]))
    if op is C.BRANCH:
        union: set[str] = set()
        for branch in av[1]:
            found = _sequence(list(branch))
            if found is None:
                return None
            union |= found
        return frozenset(union)
    if op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
        low, _high, body = av
        return _sequence(list(body)) if low >= 1 else None
    if op is C.ATOMIC_GROUP:
        return _sequence(list(av))
    if op is C.IN:
        return _char_class(av)
    return None  # assertions, anchors, back references, any character, negations


def _char_class(items: list[Any]) -> Triggers:
    if len(items) == 1 and items[0] == (C.CATEGORY, C.CATEGORY_DIGIT):
        return frozenset({DIGIT})
    chars = []
    for op, av in items:
        if op is not C.LITERAL:
            return None
        chars.append(chr(av))
    if len(chars) > _SMALL_CLASS or not all(c.isascii() for c in chars):
        return None
    return frozenset(c.lower() for c in chars)
