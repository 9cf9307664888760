"""Open trigger candidates: words that may report an event without a lexicon entry.

The lexicon (:func:`~dateline.nlp.events.mentions.candidates`) proposes the words
it knows; recall must not end there ("Lavrov and Blinken *spoke* by phone",
"*declined* to extend an invitation", "an *escalation* along our borders").
Every content verb of a sentence and every event-like noun (a nominalisation, or
the object or subject of a verb) that no lexicon candidate covers becomes an
*open* candidate, whose arguments are found as for a plain transitive act
(subject -> actor, object -> recipient). The learned typer
(:mod:`~dateline.nlp.events.learned`) decides what each one is — a PLOVER type
or ``NONE`` — and rejects most of them; :func:`open_candidates` only proposes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from dateline.nlp.events.arguments import TIME_ENTS, arguments
from dateline.nlp.events.modality import aux_modes
from dateline.nlp.events.resources import Resources, Trigger
from dateline.nlp.events.syntax import (
    Candidate,
    _shouting,
    _support_verb,
    lemma,
    scope_of,
    trigger_tokens,
)

if TYPE_CHECKING:
    from collections.abc import Iterable

    from spacy.tokens import Span as SpacySpan
    from spacy.tokens import Token

# An open candidate's arguments are found as for a plain transitive act, which
# SUPPORT's entry gives; the typer sees it by its own name, never as SUPPORT.
OPEN_EVENT = "SUPPORT"
OPEN_NAME = "ROOT"
# Endings of nouns that name an action ("invasion", "deployment", "escalation",
# "assistance", "seizure"); other nouns are proposed only as the object of a
# verb, where "talks", "strikes" or "aid" sit ("held talks").
ACTION_SUFFIXES = ("tion", "sion", "ment", "ance", "ence", "ure", "al", "age", "ing")
NOUN_SLOTS = frozenset({"dobj"})


@dataclass(frozen=True)
class FallbackTrigger(Trigger):
    """The entry of an open candidate, which no lexicon entry proposed."""


def fallback_entry(lemma_: str, pos: str = "VERB") -> FallbackTrigger:
    return FallbackTrigger(lemma_, pos, OPEN_EVENT, needs_party=True)


def is_fallback(cand: Candidate) -> bool:
    return isinstance(cand.entry, FallbackTrigger)


def _covered(sent: SpacySpan, res: Resources, cands: Iterable[Candidate]) -> set[int]:
    """Tokens the lexicon already decided on: its triggers (kept, or dropped as
    the content of another) and the support verbs of its candidates."""
    taken = trigger_tokens(sent, res)
    for cand in cands:
        taken.add(cand.trigger.i)
        if cand.support is not None:
            taken.add(cand.support.i)
    return taken


def _proposable(token: Token, framing: frozenset[str]) -> str | None:
    """The coarse part of speech of a word worth proposing, or None."""
    if not token.is_alpha or token.ent_type_ in TIME_ENTS or len(token.text) < 3:
        return None
    if token.pos_ == "VERB" and token.dep_ not in ("aux", "auxpass"):
        # a verb of saying or of making someone act frames the event in its
        # clause ("said that ...", "urged them to ..."); it is none itself
        return None if lemma(token) in framing else "VERB"
    nominal = token.pos_ == "NOUN" and token.tag_ in ("NN", "NNS")
    if nominal and (lemma(token).endswith(ACTION_SUFFIXES) or (token.dep_ in NOUN_SLOTS and token.head.pos_ == "VERB")):
        return "NOUN"
    return None


def open_candidates(sent: SpacySpan, res: Resources, lexicon: Iterable[Candidate] = ()) -> list[Candidate]:
    """Open candidates of one sentence: content verbs and event-like nouns that
    no lexicon candidate covers, with arguments and auxiliary modes."""
    if _shouting(sent):
        return []
    taken = _covered(sent, res, lexicon)
    framing = res.words("speech_verbs") | res.words("control_verbs")
    proposed = [(t, pos) for t in sent if t.i not in taken and (pos := _proposable(t, framing))]
    found: list[Candidate] = []
    # nouns first: the support verb of an open noun ("launched an offensive")
    # stands for it and is no candidate of its own
    for token, pos in sorted(proposed, key=lambda x: x[1] != "NOUN"):
        if token.i in taken:
            continue
        cand = Candidate(token, fallback_entry(lemma(token), pos), OPEN_EVENT, None)
        if pos == "NOUN":
            cand.support = _support_verb(token, res)
            if cand.support is not None:
                taken.add(cand.support.i)
        arguments(cand, res)
        aux_modes(cand, res)
        cand.scope = scope_of(cand)
        found.append(cand)
    return sorted(found, key=lambda c: c.trigger.i)


# Endings stripped before two words are compared as kin ("escalation" and
# "escalate", "aggression" and "aggressive"); the first STEM letters that are
# left are the key.
KIN_SUFFIXES = ("ations", "ation", "itions", "ition", "ions", "ion", "ments", "ment", "ances", "ance", "ences", "ence",
                "ings", "ing", "ives", "ive", "ed", "es", "al", "ure", "e", "s")
STEM = 5
_KIN: dict[int, dict[str, frozenset[str]]] = {}


def stem(word: str) -> str:
    for suffix in KIN_SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)][:STEM]
    return word[:STEM]


def _kin_index(res: Resources) -> dict[str, frozenset[str]]:
    index = _KIN.get(id(res))
    if index is None:
        found: dict[str, set[str]] = {}
        for (lemma_, _pos), entries in res.triggers.items():
            for entry in entries:
                found.setdefault(lemma_, set()).add(entry.event)
                found.setdefault("~" + stem(lemma_), set()).add(entry.event)
        index = _KIN[id(res)] = {k: frozenset(v) for k, v in found.items()}
    return index


def lexicon_kin(word: str, res: Resources) -> list[str]:
    """What the lexicon says of a word it did not propose here: the types of its
    entries under any part of speech or constraint ("K=") and of its kin
    ("KS="), for the typer to read an open candidate by what it knows."""
    index = _kin_index(res)
    return [*(f"K={t}" for t in sorted(index.get(word, ()))), *(f"KS={t}" for t in sorted(index.get("~" + stem(word), ())))]
