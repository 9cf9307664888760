"""Windowed search: a rule's regex run only near the literals its matches need.

The prefilter (``prefilter.py``) skips a rule when a text holds none of its
trigger literals; when it holds some, the rule's regex still scans the whole
text. Every match contains one of the triggers and is at most ``W`` characters
long, so a match containing a trigger at ``p`` starts in ``[p + len - W, p]``.
:class:`Scanner` searches only those windows and gives the same matches as
``regex.finditer(text)``, in the same order:

- ``W`` comes from the compiled pattern. A repeat without an upper bound
  (``\\d+``, ``\\s*``) consumes one run of the characters its body can match, so
  per text it is bounded by the longest such run in the text; a repeat whose
  body has no such character class leaves the rule unbounded (searched whole).
- Each window is searched with ``endpos`` past its last start by ``W`` plus what
  the look-aheads may inspect, so no match starting in the window sees the cut;
  look-behinds see before ``pos`` (``re`` keeps the real string start).
- Windows are visited in text order and a search resumes at the previous match's
  end, as ``finditer`` does; rules that can match the empty string, and texts
  whose folded form does not keep offsets, are searched whole.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from re import _constants as C  # type: ignore[attr-defined]
from re import _parser as P  # type: ignore[attr-defined]
from typing import Any

from dateline.nlp.time.prefilter import DIGIT

_ANY_DIGIT = re.compile(r"\d")
_REPEATS = (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT)
_CATEGORIES = {
    C.CATEGORY_DIGIT: r"\d", C.CATEGORY_SPACE: r"\s", C.CATEGORY_WORD: r"\w",
    C.CATEGORY_NOT_DIGIT: r"\D", C.CATEGORY_NOT_SPACE: r"\S", C.CATEGORY_NOT_WORD: r"\W",
}

# A width expression: an int, ("run", class), ("sum", parts), ("max", parts), ("mul", n, part);
# None where no bound exists.
Width = Any


class _Unbounded(Exception):
    pass


def _chars(items: list[Any]) -> set[str]:
    """Pieces of a character class holding every character ``items`` can consume."""
    found: set[str] = set()
    for op, av in items:
        if op is C.LITERAL:
            found.add(re.escape(chr(av)))
        elif op is C.IN:
            for sub, value in av:
                if sub is C.LITERAL:
                    found.add(re.escape(chr(value)))
                elif sub is C.RANGE:
                    found.add(f"{re.escape(chr(value[0]))}-{re.escape(chr(value[1]))}")
                elif sub is C.CATEGORY and value in _CATEGORIES:
                    found.add(_CATEGORIES[value])
                else:
                    raise _Unbounded
        elif op is C.SUBPATTERN:
            found |= _chars(list(av[-1]))
        elif op is C.BRANCH:
            for branch in av[1]:
                found |= _chars(list(branch))
        elif op in _REPEATS:
            found |= _chars(list(av[2]))
        elif op is C.ATOMIC_GROUP:
            found |= _chars(list(av))
        elif op in (C.ASSERT, C.ASSERT_NOT, C.AT):
            continue  # consumes nothing
        else:
            raise _Unbounded
    return found


def _width(items: list[Any], lookahead: list[Width]) -> Width:
    """The most characters ``items`` can consume; collects look-ahead widths."""
    parts: list[Width] = []
    for op, av in items:
        if op in (C.LITERAL, C.NOT_LITERAL, C.IN, C.ANY):
            parts.append(1)
        elif op is C.AT:
            continue
        elif op in (C.ASSERT, C.ASSERT_NOT):
            direction, sub = av
            inner = _width(list(sub), lookahead)
            if direction == 1:
                lookahead.append(inner)
        elif op is C.SUBPATTERN:
            parts.append(_width(list(av[-1]), lookahead))
        elif op is C.ATOMIC_GROUP:
            parts.append(_width(list(av), lookahead))
        elif op is C.BRANCH:
            parts.append(("max", [_width(list(b), lookahead) for b in av[1]]))
        elif op in _REPEATS:
            _low, high, body = av
            if high == C.MAXREPEAT:
                _width(list(body), lookahead)  # its look-aheads still count
                parts.append(("run", "".join(sorted(_chars(list(body))))))
            elif high:
                parts.append(("mul", high, _width(list(body), lookahead)))
        else:  # back references, conditionals
            raise _Unbounded
    return ("sum", parts)


def _simplify(width: Width) -> Width:
    if isinstance(width, int) or width[0] == "run":
        return width
    if width[0] == "mul":
        inner = _simplify(width[2])
        return width[1] * inner if isinstance(inner, int) else ("mul", width[1], inner)
    parts = [_simplify(p) for p in width[1]]
    fixed = [p for p in parts if isinstance(p, int)]
    rest = [p for p in parts if not isinstance(p, int)]
    if width[0] == "sum":
        total = sum(fixed)
        return total if not rest else ("sum", [*rest, total] if total else rest)
    top = max(fixed, default=0)
    return top if not rest else ("max", [*rest, top] if top else rest)


def _evaluate(width: Width, runs: dict[str, int]) -> int:
    if isinstance(width, int):
        return width
    kind = width[0]
    if kind == "run":
        return runs[width[1]]
    if kind == "mul":
        return width[1] * _evaluate(width[2], runs)
    values = [_evaluate(p, runs) for p in width[1]]
    return sum(values) if kind == "sum" else max(values)


def _runs_of(width: Width, into: set[str]) -> None:
    if isinstance(width, int):
        return
    if width[0] == "run":
        into.add(width[1])
    elif width[0] == "mul":
        _runs_of(width[2], into)
    else:
        for part in width[1]:
            _runs_of(part, into)


class _Plan:
    """What windowed search needs of one rule; ``None`` width: search it whole."""

    def __init__(self, regex: re.Pattern[str], triggers: frozenset[str] | None) -> None:
        self.regex = regex
        self.triggers = tuple(sorted(triggers)) if triggers else ()
        self.width: Width = None
        self.reach: Width = None
        self.classes: tuple[str, ...] = ()
        if not triggers:
            return
        tree = P.parse(regex.pattern, regex.flags)
        if tree.getwidth()[0] == 0:
            return  # could match the empty string: finditer's empty-match rules apply
        lookahead: list[Width] = []
        try:
            width = _simplify(_width(list(tree), lookahead))
        except _Unbounded:
            return
        self.width = width
        # Look-aheads may inspect this much past the furthest consumed character,
        # and a boundary test one more; their sum bounds nested look-aheads too.
        self.reach = _simplify(("sum", [*lookahead, 2]))
        classes: set[str] = set()
        _runs_of(width, classes)
        _runs_of(self.reach, classes)
        self.classes = tuple(sorted(classes))


class Scanner:
    """Windowed ``finditer`` for a grammar's rules (built once per process)."""

    def __init__(self, rules: list[tuple[re.Pattern[str], frozenset[str] | None]]) -> None:
        self._plans = [_Plan(regex, triggers) for regex, triggers in rules]
        self._classes = {
            c: re.compile(f"[{c}]+", regex.flags)
            for plan, (regex, _t) in zip(self._plans, rules, strict=True)
            for c in plan.classes
        }

    def text(self, text: str, folded: str) -> TextScan:
        return TextScan(self, text, folded)


class TextScan:
    """One text's trigger positions and runs, shared by the rules searched in it."""

    def __init__(self, scanner: Scanner, text: str, folded: str) -> None:
        self.scanner = scanner
        self.text = text
        self.folded = folded
        self.aligned = len(folded) == len(text)
        self._at: dict[str, list[int]] = {}
        self._runs: dict[str, int] = {}

    def _positions(self, trigger: str) -> list[int]:
        found = self._at.get(trigger)
        if found is None:
            if trigger == DIGIT:
                found = [m.start() for m in _ANY_DIGIT.finditer(self.text)]
            else:
                found = []
                folded, i = self.folded, self.folded.find(trigger)
                while i >= 0:
                    found.append(i)
                    i = folded.find(trigger, i + 1)
            self._at[trigger] = found
        return found

    def _run(self, cls: str) -> int:
        longest = self._runs.get(cls)
        if longest is None:
            regex = self.scanner._classes[cls]
            longest = self._runs[cls] = max(map(len, regex.findall(self.text)), default=0)
        return longest

    def finditer(self, index: int) -> Iterator[re.Match[str]]:
        """The matches of rule ``index``, as ``regex.finditer(text)`` gives them."""
        plan = self.scanner._plans[index]
        text = self.text
        if plan.width is None or not self.aligned:
            yield from plan.regex.finditer(text)
            return
        runs = {c: self._run(c) for c in plan.classes}
        width = _evaluate(plan.width, runs)
        ahead = width + _evaluate(plan.reach, runs)
        windows: list[tuple[int, int]] = []
        for trigger in plan.triggers:
            length = 1 if trigger == DIGIT else len(trigger)
            windows.extend((max(0, p + length - width), p) for p in self._positions(trigger))
        windows.sort()
        n, search, pos, i = len(text), plan.regex.search, 0, 0
        while i < len(windows):
            low, high = windows[i]
            i += 1
            while i < len(windows) and windows[i][0] <= high + 1:  # merge overlapping windows
                high = max(high, windows[i][1])
                i += 1
            low = max(low, pos)
            while low <= high:
                m = search(text, low, min(n, high + ahead))
                if m is None or m.start() > high:
                    break
                yield m
                pos = low = m.end()
