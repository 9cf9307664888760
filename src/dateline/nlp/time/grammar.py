"""The time grammar: lexicon and recognition rules loaded from data files.

Each language is a folder ``data/time/<language>/``: ``lexicon.json`` holds the
words (months, units, modifiers, relative words, ...), ``patterns.json`` the
recognition rules and ``negative.json`` the rules that drop a match after all
("may" the verb, "1500 troops", "the Winter Palace"). This module expands the
``{MACROS}`` in both rule files from the lexicon and compiles every rule once
(``load_grammar`` is cached, so a pipeline pays the cost once per process).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from dateline.errors import ConfigError
from dateline.nlp.time.prefilter import triggers_of
from dateline.packagedata import read_text

_MACRO = re.compile(r"\{([A-Z][A-Z0-9_]*)\}")


@dataclass(frozen=True)
class Rule:
    name: str
    type: str
    norm: str
    regex: re.Pattern[str]
    # Literals one of which every match contains (``prefilter.py``); None: no such set.
    triggers: frozenset[str] | None = None


@dataclass(frozen=True)
class NegativeRule:
    """A rule of ``negative.json`` (its keys are described in that file's ``_about``)."""

    name: str
    rules: frozenset[str] = frozenset()
    types: frozenset[str] = frozenset()
    present: tuple[str, ...] = ()
    absent: tuple[str, ...] = ()
    group: tuple[str, ...] = ()
    group_is: re.Pattern[str] | None = None
    group_not: re.Pattern[str] | None = None
    group_case: str | None = None
    group_inside: bool = False
    unless_caps: bool = False
    surface: re.Pattern[str] | None = None
    sentence_start: bool | None = None
    at_group: bool = False
    before_window: int = 24
    after_window: int = 24
    before: re.Pattern[str] | None = None
    before_not: re.Pattern[str] | None = None
    after: re.Pattern[str] | None = None
    after_not: re.Pattern[str] | None = None
    unless: tuple[NegativeRule, ...] = ()
    news_only: bool = False  # drops the match in news, not in a narrative


_NEGATIVE_KEYS = {
    "name", "why", "rules", "types", "present", "absent", "group", "group_is", "group_not",
    "group_case", "group_inside", "unless_caps", "surface", "sentence_start", "at",
    "before_window", "after_window", "before", "before_not", "after", "after_not", "unless", "news_only",
}


def _negative(entry: dict[str, Any], macros: dict[str, str], name: str = "") -> NegativeRule:
    name = entry.get("name", name)
    unknown = set(entry) - _NEGATIVE_KEYS
    if unknown:
        raise ConfigError(f"time negative rule {name!r}: unknown key(s) {', '.join(sorted(unknown))}")

    def regex(key: str, whole: bool = False) -> re.Pattern[str] | None:
        if key not in entry:
            return None
        body = _expand(entry[key], macros)
        try:
            # Group tests compare the whole group, ignoring case; context regexes keep
            # case unless they say (?i).
            return re.compile(f"(?:{body})$", re.IGNORECASE) if whole else re.compile(body)
        except re.error as exc:
            raise ConfigError(f"time negative rule {name!r}, {key}: {exc}") from None

    group = entry.get("group", ())
    return NegativeRule(
        name=name,
        rules=frozenset(entry.get("rules", ())),
        types=frozenset(entry.get("types", ())),
        present=tuple(entry.get("present", ())),
        absent=tuple(entry.get("absent", ())),
        group=(group,) if isinstance(group, str) else tuple(group),
        group_is=regex("group_is", whole=True),
        group_not=regex("group_not", whole=True),
        group_case=entry.get("group_case"),
        group_inside=bool(entry.get("group_inside", False)),
        unless_caps=bool(entry.get("unless_caps", False)),
        surface=regex("surface"),
        sentence_start=entry.get("sentence_start"),
        at_group=entry.get("at") == "group",
        before_window=int(entry.get("before_window", 24)),
        after_window=int(entry.get("after_window", 24)),
        before=regex("before"),
        before_not=regex("before_not"),
        after=regex("after"),
        after_not=regex("after_not"),
        unless=tuple(_negative(u, macros, name) for u in entry.get("unless", ())),
        news_only=bool(entry.get("news_only", False)),
    )


@dataclass(frozen=True)
class Grammar:
    lexicon: dict[str, Any]
    rules: tuple[Rule, ...]
    mod_before: re.Pattern[str]
    mod_after: re.Pattern[str]
    negative: tuple[NegativeRule, ...] = ()
    # "... lasted until the fall of Budapest in February 1945": a narrative's date
    # introduced as an end point, after which the story goes back to its own time.
    end_point: re.Pattern[str] = re.compile(r"(?!)")
    # "complying with the 1978 Treaty", "its 1905 constitution": a year that names a
    # thing (determiner before, a word other than a season or month after).
    naming_year: re.Pattern[str] = re.compile(r"(?!)")
    # "that March morning in 2009": the year that follows a month stated without one.
    year_after: re.Pattern[str] = re.compile(r"(?!)")

    def table(self, name: str) -> dict[str, Any]:
        table = self.lexicon.get(name, {})
        return table if isinstance(table, dict) else {}


def _alternation(words: list[str]) -> str:
    ordered = sorted({w.lower() for w in words}, key=lambda w: (-len(w), w))
    return "(?:" + "|".join(re.escape(w).replace(r"\ ", " ") for w in ordered) + ")"


def _read(language: str, name: str) -> dict[str, Any]:
    try:
        text = read_text("time", language, name)
        data = json.loads(text)
    except (OSError, ValueError) as exc:
        raise ConfigError(f"time grammar file {name} unreadable: {exc}") from None
    if not isinstance(data, dict):
        raise ConfigError(f"time grammar file {name} must hold a JSON object")
    return data


def _expand(pattern: str, macros: dict[str, str]) -> str:
    for _ in range(10):  # macros may nest a few levels
        expanded = _MACRO.sub(lambda m: macros.get(m.group(1), m.group(0)), pattern)
        if expanded == pattern:
            break
        pattern = expanded
    unknown = _MACRO.findall(pattern)
    if unknown:
        raise ConfigError(f"time grammar: unknown macro(s) {', '.join(sorted(set(unknown)))}")
    return pattern


def load_grammar(language: str = "en") -> Grammar:
    """The grammar of one language folder (``data/time/<language>/``), compiled once."""
    return _load(language)


@lru_cache(maxsize=4)
def _load(language: str) -> Grammar:
    lexicon = _read(language, "lexicon.json")
    spec = _read(language, "patterns.json")
    negative = _read(language, "negative.json")
    macros = {
        "MONTH": _alternation(list(lexicon["months"])),
        "WEEKDAY": _alternation(list(lexicon["weekdays"])),
        "NUMBER": _alternation(list(lexicon["numbers"])),
        "VNUM": _alternation(list(lexicon["vague_numbers"])),
        "ORDINAL": _alternation([k for k in lexicon["ordinals"] if k != "last"]),
        "SEASON": _alternation(list(lexicon["seasons"])),
        "HOLIDAY": _alternation(list(lexicon["holidays"])),
        "TZ": _alternation(list(lexicon["timezones"])),
        "VAGUE": _alternation(list(lexicon["vague"])),
        "NARRATIVE_VAGUE": _alternation(list(lexicon.get("narrative_vague", {}))),
        "NEWS_VAGUE": _alternation(list(lexicon.get("news_vague", {}))),
        "NARRATIVE_PERIODS": _alternation(list(lexicon.get("narrative_unvalued_periods", []))),
        "DECADE_WORD": _alternation(list(lexicon["decade_words"])),
        # word lists that the negative rules name
        "FULL_WEEKDAY": _alternation(list(lexicon["weekdays_full_only"])),
        "COUNTED": _alternation(list(lexicon["counted_nouns"])),
        "SEASON_NAMES": _alternation(list(lexicon.get("season_name_nouns", []))),
        "CURRENT_NOUNS": _alternation(list(lexicon.get("current_non_time_nouns", []))),
        "GENERIC_TODAY": _alternation(list(lexicon.get("generic_today_nouns", []))),
        "NOON_NAMES": _alternation(list(lexicon.get("words_before_noon_in_names", []))),
        "SEASON_EVENTS": _alternation(list(lexicon.get("season_event_nouns", []))),
        "EVENT_NOUNS": _alternation(list(lexicon.get("event_name_nouns", []))),
        "POD_ACTIVITIES": _alternation(list(lexicon.get("part_of_day_activity_nouns", []))),
        "MEASURE_VERBS": _alternation(list(lexicon.get("measure_verbs", []))),
    }
    for name, body in spec.get("macros", {}).items():
        macros[name] = body
    for name in list(macros):
        macros[name] = _expand(macros[name], macros)
    rules = []
    for entry in spec["rules"]:
        body = _expand(entry["pattern"], macros)
        try:
            # Rules never start or end inside a word.
            regex = re.compile(rf"(?<![\w$£€#@]){'(?:' + body + ')'}(?!\w)", re.IGNORECASE)
        except re.error as exc:
            raise ConfigError(f"time grammar rule {entry['name']!r}: {exc}") from None
        rules.append(Rule(entry["name"], entry["type"], entry["norm"], regex, triggers_of(regex)))
    mod_before = re.compile(
        rf"(?:^|(?<=[\s(\"']))(?P<mod>{_alternation(list(lexicon['mods_before']))})[ -]?$",
        re.IGNORECASE,
    )
    mod_after = re.compile(
        rf"^ (?P<mod>{_alternation(list(lexicon['mods_after']))})(?!\w)", re.IGNORECASE
    )
    negatives = tuple(_negative(entry, macros) for entry in negative.get("rules", []))
    names = {rule.name for rule in rules}
    for neg in negatives:
        if neg.rules - names:
            raise ConfigError(f"time negative rule {neg.name!r} names unknown rule(s) {sorted(neg.rules - names)}")
    cues = lexicon.get("narrative_end_point_cues", [])
    end_point = re.compile(
        rf"\b{_alternation(cues)}\b[^.,;:\n]{{0,40}}$" if cues else r"(?!)", re.IGNORECASE
    )
    determiners = lexicon.get("naming_year_determiners", [])
    naming_year = re.compile(
        rf"(?:^|\W){_alternation(determiners)}\s+(?P<year>\d{{4}})\s(?!{macros['SEASON']}\b|{macros['MONTH']}\b)[a-z]"
        if determiners else r"(?!)",
        re.IGNORECASE,
    )
    nouns = lexicon.get("year_after_nouns", [])
    year_after = re.compile(
        rf"\s+{_alternation(nouns)}s?,?\s+(?:in|of)\s+(?P<year>{macros['Y4']})(?!\d)" if nouns else r"(?!)",
        re.IGNORECASE,
    )
    return Grammar(lexicon, tuple(rules), mod_before, mod_after, negatives, end_point, naming_year, year_after)
