"""Recognition: where the temporal expressions of a text are.

:class:`Recogniser` runs the grammar's rules (``patterns.json``) over the text,
drops the matches that a negative rule (``negative.json``) calls no time at all,
keeps the longest non-overlapping ones and attaches the modifiers around them
("early", "the end of", "about", "or so"). What a match means is the job of
the normalisers (``normalise.py``, ``relative.py``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from dateline.nlp.time.grammar import Grammar, NegativeRule, Rule
from dateline.nlp.time.prefilter import fold, may_match, present
from dateline.nlp.time.scan import Scanner

# Modifiers that only make sense on an amount of time (durations, "x ago").
AMOUNT_MODS = {"APPROX", "LESS_THAN", "MORE_THAN", "EQUAL_OR_MORE", "EQUAL_OR_LESS"}
POINT_MODS = {"START", "END", "MID"}


@dataclass
class Match:
    start: int
    end: int
    rule: Rule
    groups: dict[str, str]
    priority: int
    mod: str | None = None
    spans: dict[str, tuple[int, int]] = field(default_factory=dict)  # where each group is
    news_false_alarm: bool = False  # a news-only negative rule drops it outside narratives


def sentence_start(text: str, offset: int) -> bool:
    """Is ``offset`` the first word of a sentence (or of a quotation)?"""
    before = text[max(0, offset - 4) : offset].rstrip(" \"'`\u201c")
    return not before or before.endswith(("\n", ".", "!", "?", ":"))


def _holds(rule: NegativeRule, text: str, match: Match) -> bool:
    """Do all of ``rule``'s conditions hold for ``match``?"""
    if rule.rules and match.rule.name not in rule.rules:
        return False
    if rule.types and match.rule.type not in rule.types:
        return False
    g = match.groups
    if any(name not in g for name in rule.present) or any(name in g for name in rule.absent):
        return False
    start, end = match.start, match.end
    if rule.group:
        name = next((n for n in rule.group if g.get(n)), None)
        if name is None:
            return False
        word = g[name]
        bare = word.lower().rstrip(".")
        if rule.group_is is not None and not rule.group_is.match(bare):
            return False
        if rule.group_not is not None and rule.group_not.match(bare):
            return False
        if rule.group_case == "lower" and word[0].isupper():
            return False
        if rule.group_case == "upper" and not word[0].isupper():
            return False
        span = match.spans.get(name, (start, start + len(word)))
        if rule.group_inside and span[0] <= match.start:
            return False
        if rule.at_group:
            start, end = span
    if rule.unless_caps:
        surface = text[match.start : match.end]
        if surface.isupper() and len(surface) > 3:
            return False
    if rule.surface is not None and not rule.surface.match(text, match.start, match.end):
        return False
    if rule.sentence_start is not None and sentence_start(text, match.start) != rule.sentence_start:
        return False
    if rule.before is not None or rule.before_not is not None:
        before = text[max(0, start - rule.before_window) : start]
        if rule.before is not None and not rule.before.search(before):
            return False
        if rule.before_not is not None and rule.before_not.search(before):
            return False
    if rule.after is not None or rule.after_not is not None:
        after = text[end : end + rule.after_window]
        if rule.after is not None and not rule.after.match(after):
            return False
        if rule.after_not is not None and rule.after_not.match(after):
            return False
    return True


def rejected_by(rules: tuple[NegativeRule, ...], text: str, match: Match) -> NegativeRule | None:
    """The first negative rule that drops ``match``, if any."""
    for rule in rules:
        if _holds(rule, text, match) and not any(_holds(u, text, match) for u in rule.unless):
            return rule
    return None


class Recogniser:
    """Rule matches over a text (stateless; the grammar is compiled once per process)."""

    def __init__(self, grammar: Grammar) -> None:
        self.grammar = grammar
        self.negative = tuple(r for r in grammar.negative if not r.news_only)
        self.news_negative = tuple(r for r in grammar.negative if r.news_only)
        self.mods_before: dict[str, str] = {k.lower(): v for k, v in grammar.lexicon["mods_before"].items()}
        self.mods_after: dict[str, str] = grammar.lexicon["mods_after"]
        self.scanner = Scanner([(rule.regex, rule.triggers) for rule in grammar.rules])

    def find(self, text: str) -> list[Match]:
        """Longest non-overlapping rule matches, in text order."""
        found: list[Match] = []
        folded, special = fold(text), present(text)
        scan = self.scanner.text(text, folded)
        for priority, rule in enumerate(self.grammar.rules):
            if not may_match(rule.triggers, folded, special):
                continue  # none of the words the rule needs is in the text
            for m in scan.finditer(priority):  # = rule.regex.finditer(text), searched near its triggers
                if m.end() == m.start():
                    continue
                groups = {k: v for k, v in m.groupdict().items() if v is not None}
                match = Match(m.start(), m.end(), rule, groups, priority, spans={k: m.span(k) for k in groups})
                if rejected_by(self.negative, text, match) is None:
                    match.news_false_alarm = rejected_by(self.news_negative, text, match) is not None
                    found.append(match)
        found.sort(key=lambda x: (-(x.end - x.start), x.priority, x.start))
        chosen: list[Match] = []
        taken: list[tuple[int, int]] = []
        for match in found:
            if any(match.start < e and s < match.end for s, e in taken):
                continue
            chosen.append(match)
            taken.append((match.start, match.end))
        chosen.sort(key=lambda x: x.start)
        for match in chosen:
            self._attach_mods(text, match)
        return chosen

    def _attach_mods(self, text: str, match: Match) -> None:
        before = text[max(0, match.start - 24) : match.start]
        m = self.grammar.mod_before.search(before)
        if m:
            word = m.group("mod").lower().rstrip(" -")
            mod = self.mods_before.get(word) or self.mods_before.get(word + "-")
            kind = match.rule.type
            amount = kind == "DURATION" or match.rule.norm == "offset"
            if word in ("over", "under") and re.match(r"(?:the|this|that|these|those)\b", text[match.start : match.end], re.I):
                mod = None  # "over the next three quarters": during them, not more than them
            if mod and ((mod in AMOUNT_MODS and (amount or kind == "TIME")) or (mod in POINT_MODS and not amount)):
                # "over"/"under" before a plain date is a preposition, not a modifier.
                match.start = max(0, match.start - (len(before) - m.start()))
                match.mod = mod
        m = self.grammar.mod_after.match(text[match.end : match.end + 12])
        if m:
            mod = self.mods_after.get(m.group("mod").lower())
            if mod and mod != "HALF" and (match.rule.type == "DURATION" or match.rule.norm == "offset"):
                match.end += m.end()
                match.mod = match.mod or mod
