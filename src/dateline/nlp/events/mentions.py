"""Event mentions of one sentence: triggers from the parse
(:mod:`dateline.nlp.events.syntax`) with their arguments
(:mod:`dateline.nlp.events.arguments`) and auxiliary modes."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from dateline.nlp.events.arguments import arguments
from dateline.nlp.events.constructions import with_constructions
from dateline.nlp.events.modality import aux_modes, generic_frame
from dateline.nlp.events.resources import Resources
from dateline.nlp.events.syntax import (
    Candidate,
    _embedding_trigger,
    _shouting,
    _support_verb,
    find_triggers,
    is_definite,
    scope_of,
)

if TYPE_CHECKING:
    from spacy.tokens import Span as SpacySpan


def candidates(sent: SpacySpan, res: Resources) -> Iterator[Candidate]:
    """Event mentions of one sentence, with arguments and auxiliary modes."""
    if _shouting(sent):
        # an all-caps headline parses as a string of proper nouns: nothing in
        # it can be read reliably, so nothing is coded from it
        return
    found = with_constructions(sent, find_triggers(sent, res))
    if not found:
        return
    for cand in found:
        if cand.entry.pos == "NOUN":
            cand.support = _support_verb(cand.trigger, res)
            cand.definite = is_definite(cand.trigger)
    by_token = {c.trigger.i: c for c in found}
    kept = []
    for cand in found:
        if _embedding_trigger(cand, by_token, res) is not None:
            continue
        kept.append(cand)
    # a noun trigger whose support verb is itself a trigger is that verb's object
    # ("halted the delivery"): the verb's event stands for both
    verb_triggers = {c.trigger.i for c in kept if c.entry.pos == "VERB"}
    for cand in kept:
        if cand.entry.pos == "NOUN" and cand.support is not None and cand.support.i in verb_triggers:
            continue
        arguments(cand, res)
        if cand.entry.participants and not (cand.reciprocal and len(cand.actor_tokens) > 1) and not cand.possessive_actor:
            continue
        if generic_frame(cand, res):
            continue  # "it is futile to fight", "the goal is to destroy": no happening
        aux_modes(cand, res)
        cand.scope = scope_of(cand)
        yield cand
