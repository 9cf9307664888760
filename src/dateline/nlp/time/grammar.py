"""The time grammar: lexicon and recognition rules loaded from data files.

``data/time/lexicon.json`` holds the words (months, units, modifiers, ...) and
``data/time/patterns.json`` the rules; this module expands the ``{MACROS}`` in
the rules from the lexicon and compiles every rule once (``load_grammar`` is
cached, so a pipeline pays the cost once per process).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from dateline.errors import ConfigError

_MACRO = re.compile(r"\{([A-Z][A-Z0-9_]*)\}")


@dataclass(frozen=True)
class Rule:
    name: str
    type: str
    norm: str
    regex: re.Pattern[str]


@dataclass(frozen=True)
class Grammar:
    lexicon: dict[str, Any]
    rules: tuple[Rule, ...]
    mod_before: re.Pattern[str]
    mod_after: re.Pattern[str]

    def table(self, name: str) -> dict[str, Any]:
        table = self.lexicon.get(name, {})
        return table if isinstance(table, dict) else {}


def _alternation(words: list[str]) -> str:
    ordered = sorted({w.lower() for w in words}, key=lambda w: (-len(w), w))
    return "(?:" + "|".join(re.escape(w).replace(r"\ ", " ") for w in ordered) + ")"


def _read(name: str) -> dict[str, Any]:
    try:
        text = (resources.files("dateline.data") / "time" / name).read_text(encoding="utf-8")
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


@lru_cache(maxsize=1)
def load_grammar() -> Grammar:
    lexicon = _read("lexicon.json")
    spec = _read("patterns.json")
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
        rules.append(Rule(entry["name"], entry["type"], entry["norm"], regex))
    mod_before = re.compile(
        rf"(?:^|(?<=[\s(\"']))(?P<mod>{_alternation(list(lexicon['mods_before']))})[ -]?$",
        re.IGNORECASE,
    )
    mod_after = re.compile(
        rf"^ (?P<mod>{_alternation(list(lexicon['mods_after']))})(?!\w)", re.IGNORECASE
    )
    return Grammar(lexicon, tuple(rules), mod_before, mod_after)
