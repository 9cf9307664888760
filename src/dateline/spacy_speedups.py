"""The attribute ruler's matches found with numpy column tests instead of spaCy's Matcher.

The model's ``attribute_ruler`` (tag map, morph rules and exceptions: ~180
patterns of one or two tokens, each an equality, ``IN``, ``NOT_IN`` or
``REGEX`` test on ``TAG``, ``LOWER``, ``DEP`` or ``IS_SPACE``) spends ~13% of
the parse in the Matcher's per-token state machine. The same tests over the
parse's attribute columns give the same matches, which the ruler's own
``set_annotations`` then applies: the annotations are spaCy's, found for ~1/10 of
the CPU. A ruler holding a pattern this module does not read (an operator,
another attribute or predicate) keeps spaCy's Matcher.

Checked against spaCy's own on ~1,850 texts (tests/core/test_spacy_speedups.py
on sentences of its own). Installed on the pipeline's model only
(:class:`dateline.pipeline.Pipeline`);
``benchmarks/bench_pipeline.py``'s bare spaCy runs the model as spaCy ships it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

# One token's test: (column, operation, value).
Test = tuple[int, str, Any]
Placed = tuple[int, int, str, Any]  # a test of the pattern's token at an offset
Match = tuple[int, int, int, int]  # (rule index, match id, start, end), as AttributeRuler.match
# The attributes a pattern may test, the most selective first.
_ATTRIBUTES = ("ORTH", "LOWER", "DEP", "TAG", "IS_SPACE")


class Unsupported(Exception):
    """A pattern this module does not read: the ruler keeps spaCy's Matcher."""


class ColumnMatcher:
    """``AttributeRuler.match`` for rules of plain token tests, over attribute columns.

    Each pattern is looked up by one of its equality tests (the most selective
    attribute first: a word, then a dependency, then a tag), so a parse costs a
    lookup per distinct value it holds and a test per candidate position, not a
    pass per rule; the few patterns without an equality test scan every position."""

    def __init__(self, ruler: Any) -> None:
        from spacy import attrs

        strings = ruler.vocab.strings
        self.size = len(ruler.attrs)  # the rules compiled (a rule added later: spaCy's Matcher)
        names = sorted({name for rule in ruler.patterns for pattern in rule["patterns"]
                        for token in pattern for name in token}, key=_order)
        if any(name not in _ATTRIBUTES for name in names):
            raise Unsupported(", ".join(names))  # an operator ("OP") or another attribute
        # column -> value -> (rule index, match id, offset of the tested token, width, other tests)
        self.seeded: dict[int, dict[int, list[tuple[int, int, int, int, list[Placed]]]]] = {}
        self.scanned: list[tuple[int, int, int, list[Placed]]] = []
        for index, rule in enumerate(ruler.patterns):
            match_id = int(strings[str(index)])
            for pattern in rule["patterns"]:
                placed = [
                    (offset, *_test(names.index(name), value, strings))
                    for offset, token in enumerate(pattern)
                    for name, value in token.items()
                ]
                placed.sort(key=lambda test: test[1])  # the most selective attribute first
                seed = next((t for t in placed if t[2] == "EQ"), None)
                if seed is None:
                    self.scanned.append((index, match_id, len(pattern), placed))
                    continue
                rest = [t for t in placed if t is not seed]
                self.seeded.setdefault(seed[1], {}).setdefault(int(seed[3]), []).append(
                    (index, match_id, seed[0], len(pattern), rest)
                )
        self.columns = [getattr(attrs, name) for name in names]

    def __call__(self, doc: Doc) -> list[Match]:
        n = len(doc)
        if not n:
            return []
        table = doc.to_array(self.columns).reshape(n, len(self.columns))
        found: list[Match] = []
        for column, by_value in self.seeded.items():
            at = _positions(table[:, column])
            for value in at.keys() & by_value.keys():
                for index, match_id, offset, width, rest in by_value[value]:
                    starts = at[value]
                    if offset or width > 1:
                        starts = starts - offset
                        starts = starts[(starts >= 0) & (starts <= n - width)]
                    found.extend((index, match_id, s, s + width) for s in _passing(doc, table, starts, rest))
        for index, match_id, width, tests in self.scanned:
            if width <= n:
                starts = np.arange(n - width + 1)
                found.extend((index, match_id, s, s + width) for s in _passing(doc, table, starts, tests))
        found.sort()
        return found


def _order(name: str) -> int:
    return _ATTRIBUTES.index(name) if name in _ATTRIBUTES else len(_ATTRIBUTES)


def _positions(values: np.ndarray) -> dict[int, np.ndarray]:
    """The positions of each distinct value of a column, in text order."""
    order = np.argsort(values, kind="stable")
    distinct, first = np.unique(values[order], return_index=True)
    bounds = [*first.tolist(), len(values)]
    return {v: order[bounds[k] : bounds[k + 1]] for k, v in enumerate(distinct.tolist())}


def _passing(doc: Doc, table: np.ndarray, starts: np.ndarray, tests: list[Placed]) -> list[int]:
    for offset, column, operation, value in tests:
        if not len(starts):
            break
        starts = starts[_holds(doc, table[starts + offset, column], operation, value)]
    return list(starts.tolist())


def _test(column: int, value: Any, strings: Any) -> Test:
    if isinstance(value, dict):
        if len(value) != 1:
            raise Unsupported(str(value))
        ((operation, argument),) = value.items()
        if operation == "REGEX" and isinstance(argument, str):
            return column, "REGEX", re.compile(argument)
        if operation in ("IN", "NOT_IN") and isinstance(argument, list):
            return column, operation, frozenset(_id(v, strings) for v in argument)
        raise Unsupported(operation)
    return column, "EQ", np.uint64(_id(value, strings))


def _id(value: Any, strings: Any) -> int:
    # as the Matcher compares: a string by its hash, a flag as 0/1
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, str):
        return int(strings[value])
    if isinstance(value, int):
        return value
    raise Unsupported(repr(value))


def _holds(doc: Doc, column: np.ndarray, operation: str, value: Any) -> np.ndarray:
    if operation == "EQ":
        return np.asarray(column == value)
    if operation in ("IN", "NOT_IN"):
        # a set test per value: np.isin costs ~60 us a call on these few positions
        inside = operation == "IN"
        return np.array([(v in value) is inside for v in column.tolist()], dtype=bool)
    # REGEX: searched in the string of each distinct value, as the Matcher does per token
    distinct, inverse = np.unique(column, return_inverse=True)
    strings = doc.vocab.strings
    found = np.array([value.search(strings[int(h)]) is not None for h in distinct.tolist()], dtype=bool)
    return found[inverse.reshape(-1)]


def use_column_matcher(nlp: Language) -> bool:
    """Have the model's attribute ruler find its matches with :class:`ColumnMatcher`
    (once; False when the model has no ruler or one with patterns it does not read)."""
    if "attribute_ruler" not in nlp.pipe_names:
        return False
    ruler: Any = nlp.get_pipe("attribute_ruler")
    if "match" in vars(ruler):
        return True  # already installed
    try:
        matcher = ColumnMatcher(ruler)
    except Unsupported:
        return False
    spacy_match: Callable[[Doc], list[Match]] = ruler.match

    def match(doc: Doc) -> list[Match]:
        if len(ruler.attrs) != matcher.size:
            return spacy_match(doc)  # rules added since: spaCy's Matcher knows them
        return matcher(doc)

    ruler.match = match
    return True

