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
        if raw.get("off"):
            continue  # checked, but measured and not shipped (docs/events.md)
        found.append((Construction(name, entry, trigger, rank), patterns))
    return tuple(found)


# A pattern's required words as string hashes, to test against a sentence's
# lemma and lower-form hashes (:func:`_sentence_words`).
Needs = tuple[tuple[int, frozenset[int]], ...]

# Per vocabulary (the pipeline's): one matcher per pattern, with the words a sentence
# must hold for it to match. Running spaCy's Matcher costs about the same for every
# pattern and token whatever the text, so a sentence only meets the patterns whose
# required words it contains (most sentences meet none).
_MATCHERS: dict[int, tuple[Vocab, list[tuple[Needs, Matcher]], dict[int, Construction]]] = {}


def _required(token: dict[str, Any]) -> bool:
    op = token.get("OP")
    if op is None or op in ("+", "1"):
        return True
    return op.startswith("{") and not op.startswith("{0") and not op.startswith("{,")


def required_words(pattern: list[dict[str, Any]]) -> list[tuple[int, frozenset[str]]]:
    """For every required token that names its lemma or lower form (exactly or
    by an ``IN`` list), the column (0 lemma, 1 lower) and the words one of which
    a sentence must hold for the pattern to match there."""
    found = []
    for token in pattern:
        if not _required(token):
            continue
        for column, attr in enumerate(("LEMMA", "LOWER")):
            value = token.get(attr)
            if isinstance(value, str):
                found.append((column, frozenset([value])))
            elif isinstance(value, dict) and "IN" in value and len(value) == 1:
                found.append((column, frozenset(value["IN"])))
    return found


def _sentence_words(sent: SpacySpan) -> tuple[set[int], set[int]]:
    """The lemma and lower-form hashes of ``sent``'s words, from one array per
    document (kept in ``doc.user_data``) instead of each token's strings."""
    from spacy.attrs import LEMMA, LOWER

    doc = sent.doc
    columns = doc.user_data.get("dateline_lemma_lower")
    if columns is None:
        array = doc.to_array([LEMMA, LOWER])
        columns = doc.user_data["dateline_lemma_lower"] = (array[:, 0].tolist(), array[:, 1].tolist())
    return set(columns[0][sent.start : sent.end]), set(columns[1][sent.start : sent.end])


def _matchers(vocab: Vocab) -> tuple[list[tuple[Needs, Matcher]], dict[int, Construction]]:
    cached = _MATCHERS.get(id(vocab))
    if cached is not None and cached[0] is vocab:
        return cached[1], cached[2]
    from spacy.matcher import Matcher

    matchers: list[tuple[Needs, Matcher]] = []
    by_key: dict[int, Construction] = {}
    for construction, patterns in load_constructions():
        for pattern in patterns:
            matcher = Matcher(vocab, validate=True)
            try:
                matcher.add(construction.name, [pattern])
            except ValueError as exc:  # spaCy's pattern validation
                raise ConfigError(f"construction {construction.name!r} has a bad pattern: {exc}") from None
            needs = tuple((column, frozenset(vocab.strings[w] for w in words)) for column, words in required_words(pattern))
            matchers.append((needs, matcher))
        by_key[vocab.strings[construction.name]] = construction
    _MATCHERS[id(vocab)] = (vocab, matchers, by_key)
    return matchers, by_key


def construction_candidates(sent: SpacySpan) -> list[Candidate]:
    """One candidate per trigger token a construction matches in ``sent`` (the
    first construction in the data file wins a token)."""
    matchers, by_key = _matchers(sent.doc.vocab)
    words = _sentence_words(sent)
    best: dict[int, Construction] = {}
    for needs, matcher in matchers:
        for column, hashes in needs:  # (a plain loop: no generator per pattern and sentence)
            if words[column].isdisjoint(hashes):
                break  # a word the pattern requires is not in the sentence
        else:
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
