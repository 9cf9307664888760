"""The events stage's data: PLOVER tables, trigger lexicon and cue words.

Everything here is read from ``dateline/data/events/*.json`` once per process;
the code only interprets it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from dateline.errors import ConfigError
from dateline.packagedata import read_json

USE_SENSES = frozenset({"question", "quote_tag", "prediction", "contribution", "press", "topic", "attributive", "naming"})


@dataclass(frozen=True)
class Trigger:
    """One lexicon entry: a lemma that can report a PLOVER event."""

    lemma: str
    pos: str  # VERB | NOUN | ADJ
    event: str
    mode: str | None = None
    object: frozenset[str] = frozenset()
    prep: frozenset[str] = frozenset()
    subject: frozenset[str] = frozenset()
    negated: str | None = None
    anaphoric: bool = False
    participants: bool = False
    plural: bool = False
    context: tuple[str, ...] = ()
    # False: never in the passive or a subjectless participle ("when asked")
    passive: bool = True
    # the mention only counts when it resolves an actor or a recipient
    needs_party: bool = False
    # clause subjects (lemmas) that rule the reading out ("the situation demands")
    not_subject: frozenset[str] = frozenset()
    # object lemmas that rule the reading out ("asked a question")
    not_object: frozenset[str] = frozenset()
    # heads of a "with" phrase that rule it out ("agreed with that assessment")
    not_with: frozenset[str] = frozenset()
    # uses of the word that rule the reading out (syntax.use_senses): "question"
    # ("asked whether"), "quote_tag" ('"Exactly," he agreed'), "prediction"
    # ("warned that an invasion could begin"), "contribution" ("to help end the
    # war"), "press" ("told reporters during a phone call"), "topic" ("talked
    # about the war"), "attributive" ("the occupied territories")
    not_use: frozenset[str] = frozenset()

    @property
    def constrained(self) -> bool:
        return bool(self.object or self.prep or self.subject)


@dataclass(frozen=True)
class EventType:
    name: str
    quad_class: int
    score: float
    requires_recipient: bool
    takes_content: bool
    reciprocal: bool
    modes: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class Resources:
    types: dict[str, EventType]
    contexts: tuple[str, ...]
    legacy: dict[str, str]  # older type name -> CAMEO root code
    triggers: dict[tuple[str, str], tuple[Trigger, ...]]  # (lemma, pos) -> entries, constrained first
    compounds: dict[str, tuple[Trigger, ...]]  # "phone call" style two-word noun triggers, by head
    cues: dict[str, Any]
    # words() per path: the rules ask for the same lists per candidate (the cues are read-only)
    _words: dict[tuple[str, ...], frozenset[str]] = field(default_factory=dict, init=False, repr=False, compare=False)

    def words(self, *path: str) -> frozenset[str]:
        found = self._words.get(path)
        if found is None:
            node: Any = self.cues
            for key in path:
                node = node[key]
            found = self._words[path] = frozenset(node)
        return found

    def score(self, event: str, mode: str | None) -> float:
        spec = self.types[event]
        if mode and mode in spec.modes:
            return float(spec.modes[mode])
        return float(spec.score)


def _read(name: str) -> dict[str, Any]:
    data: dict[str, Any] = read_json("events", name)
    return data


@lru_cache(maxsize=1)
def load_resources() -> Resources:
    plover = _read("plover.json")
    types = {
        name: EventType(
            name,
            int(spec["quad_class"]),
            float(spec["score"]),
            bool(spec.get("requires_recipient")),
            bool(spec.get("takes_content")),
            bool(spec.get("reciprocal")),
            dict(spec.get("modes") or {}),
        )
        for name, spec in plover["types"].items()
    }
    by_key: dict[tuple[str, str], list[Trigger]] = {}
    compounds: dict[str, list[Trigger]] = {}
    for raw in _read("triggers.json")["entries"]:
        if raw["event"] not in types:
            raise ConfigError(f"trigger {raw['lemma']!r} has unknown event type {raw['event']!r}")
        mode = raw.get("mode")
        if mode is not None and mode not in types[raw["event"]].modes:
            raise ConfigError(f"trigger {raw['lemma']!r}: {mode!r} is not a {raw['event']} mode")
        trigger = Trigger(
            lemma=raw["lemma"],
            pos=raw["pos"],
            event=raw["event"],
            mode=mode,
            object=frozenset(raw.get("object") or ()),
            prep=frozenset(raw.get("prep") or ()),
            subject=frozenset(raw.get("subject") or ()),
            negated=raw.get("negated"),
            anaphoric=bool(raw.get("anaphoric")),
            participants=bool(raw.get("participants")),
            plural=bool(raw.get("plural")),
            context=tuple(raw.get("context") or ()),
            passive=bool(raw.get("passive", True)),
            needs_party=bool(raw.get("needs_party")),
            not_subject=frozenset(raw.get("not_subject") or ()),
            not_object=frozenset(raw.get("not_object") or ()),
            not_with=frozenset(raw.get("not_with") or ()),
            not_use=frozenset(raw.get("not_use") or ()),
        )
        if trigger.not_use - USE_SENSES:
            raise ConfigError(f"trigger {raw['lemma']!r}: unknown not_use {sorted(trigger.not_use - USE_SENSES)}")
        if " " in trigger.lemma:
            compounds.setdefault(trigger.lemma.rsplit(" ", 1)[1], []).append(trigger)
        else:
            by_key.setdefault((trigger.lemma, trigger.pos), []).append(trigger)
    ordered = {
        key: tuple(sorted(entries, key=lambda t: not t.constrained)) for key, entries in by_key.items()
    }
    return Resources(
        types=types,
        contexts=tuple(plover["contexts"]),
        legacy={k: v for k, v in plover.get("legacy_cameo", {}).items() if k != "about"},
        triggers=ordered,
        compounds={k: tuple(v) for k, v in compounds.items()},
        cues=_read("cues.json"),
    )
