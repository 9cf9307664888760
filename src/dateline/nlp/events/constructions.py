"""Multiword event constructions: happenings no single lemma reports.

"spoke *by phone*", "*stood up for* Russia", "*spoke out in favour of*",
"artillery fire *raining down on* cities", "*100,000 troops along the border*",
"*told* people *not to* panic", "*stressed the need to*": each is a spaCy
:class:`~spacy.matcher.Matcher` token pattern in ``data/events/constructions.json``
with the PLOVER type (and mode) it reports and which of its tokens is the trigger.

The matchers are built once per vocabulary (so once per pipeline), one per
pattern, and run on the sentences that hold the pattern's required word, on the
parse the pipeline already has: no new parse pass. A match makes a
:class:`~.syntax.Candidate` like a lexicon trigger does, and it then goes through
the same steps (embedding, arguments, modes, the learned typer). A construction is
more specific than a single word, so it replaces a lexicon candidate on its
trigger token ("called for" stays REQUEST; "speak by phone" is CONSULT).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from dateline.errors import ConfigError
from dateline.nlp.events.resources import Trigger
from dateline.nlp.events.syntax import Candidate
from dateline.packagedata import read_json

if TYPE_CHECKING:
    from spacy.matcher import Matcher
    from spacy.tokens import Span as SpacySpan
    from spacy.vocab import Vocab

DATA_FILE = "constructions.json"


@dataclass(frozen=True)
class Construction:
    name: str
    entry: Trigger  # the lexicon-like entry its candidates carry
    trigger: int  # index of the pattern token that is the trigger
    rank: int  # its place in the data file: the first one wins a token


@lru_cache(maxsize=1)
def load_constructions() -> tuple[tuple[Construction, list[list[dict[str, Any]]]], ...]:
    """The constructions and their token patterns, checked against PLOVER."""
    from dateline.nlp.events.resources import load_resources

    types = load_resources().types
    found = []
    for rank, raw in enumerate(read_json("events", DATA_FILE)["constructions"]):
        name, event, mode = raw["name"], raw["event"], raw.get("mode")
        if event not in types:
            raise ConfigError(f"construction {name!r} has unknown event type {event!r}")
        if mode is not None and mode not in types[event].modes:
            raise ConfigError(f"construction {name!r}: {mode!r} is not a {event} mode")
        patterns = raw["patterns"]
        trigger = int(raw.get("trigger", 0))
        if any(not 0 <= trigger < len(p) for p in patterns):
            raise ConfigError(f"construction {name!r}: trigger {trigger} is outside a pattern")
        entry = Trigger(
            lemma=name,
            pos=raw.get("pos", "VERB"),
            event=event,
            mode=mode,
            needs_party=bool(raw.get("needs_party")),
            context=tuple(raw.get("context") or ()),
        )
        found.append((Construction(name, entry, trigger, rank), patterns))
    return tuple(found)


# Per vocabulary (the pipeline's): one matcher per pattern, with the words a sentence
# must hold for it to match. Running spaCy's Matcher costs about the same for every
# pattern and token whatever the text, so a sentence only meets the patterns whose
# required word it contains (most sentences meet none).
_MATCHERS: dict[int, tuple[Vocab, list[tuple[Anchor, Matcher]], dict[int, Construction]]] = {}

# ("lemma" or "lower", the words one of which a required pattern token must be); None: no such token
Anchor = tuple[str, frozenset[str]] | None


def _required(token: dict[str, Any]) -> bool:
    op = token.get("OP")
    if op is None or op in ("+", "1"):
        return True
    return op.startswith("{") and not op.startswith("{0") and not op.startswith("{,")


def anchor_of(pattern: list[dict[str, Any]]) -> Anchor:
    """The words of the first required token that names its lemma or lower form."""
    for token in pattern:
        if not _required(token):
            continue
        for attr, kind in (("LEMMA", "lemma"), ("LOWER", "lower")):
            value = token.get(attr)
            if isinstance(value, str):
                return kind, frozenset([value])
            if isinstance(value, dict) and "IN" in value and len(value) == 1:
                return kind, frozenset(value["IN"])
    return None


def _matchers(vocab: Vocab) -> tuple[list[tuple[Anchor, Matcher]], dict[int, Construction]]:
    cached = _MATCHERS.get(id(vocab))
    if cached is not None and cached[0] is vocab:
        return cached[1], cached[2]
    from spacy.matcher import Matcher

    matchers: list[tuple[Anchor, Matcher]] = []
    by_key: dict[int, Construction] = {}
    for construction, patterns in load_constructions():
        for pattern in patterns:
            matcher = Matcher(vocab, validate=True)
            try:
                matcher.add(construction.name, [pattern])
            except ValueError as exc:  # spaCy's pattern validation
                raise ConfigError(f"construction {construction.name!r} has a bad pattern: {exc}") from None
            matchers.append((anchor_of(pattern), matcher))
        by_key[vocab.strings[construction.name]] = construction
    _MATCHERS[id(vocab)] = (vocab, matchers, by_key)
    return matchers, by_key


def construction_candidates(sent: SpacySpan) -> list[Candidate]:
    """One candidate per trigger token a construction matches in ``sent`` (the
    first construction in the data file wins a token)."""
    matchers, by_key = _matchers(sent.doc.vocab)
    words = {"lemma": {t.lemma_ for t in sent}, "lower": {t.lower_ for t in sent}}
    best: dict[int, Construction] = {}
    for anchor, matcher in matchers:
        if anchor is not None and words[anchor[0]].isdisjoint(anchor[1]):
            continue
        # with alignments, each match also says which pattern token each matched token fills
        matches: list[tuple[int, int, int, list[int]]] = matcher(sent, with_alignments=True)  # type: ignore[assignment]
        for key, start, _end, alignment in matches:
            construction = by_key[key]
            offset = next((k for k, a in enumerate(alignment) if a == construction.trigger), None)
            if offset is None:
                continue  # an optional trigger token that did not occur
            i = sent.start + start + offset
            if i not in best or construction.rank < best[i].rank:
                best[i] = construction
    doc = sent.doc
    return [Candidate(doc[i], c.entry, c.entry.event, c.entry.mode) for i, c in sorted(best.items())]


def with_constructions(sent: SpacySpan, found: list[Candidate]) -> list[Candidate]:
    """``found`` (lexicon candidates) with the constructions of ``sent``: a
    construction replaces the lexicon candidate on its trigger token."""
    extra = construction_candidates(sent)
    if not extra:
        return found
    taken = {c.trigger.i for c in extra}
    return sorted([c for c in found if c.trigger.i not in taken] + extra, key=lambda c: c.trigger.i)
