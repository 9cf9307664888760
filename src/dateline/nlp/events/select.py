"""Which candidates are events, and of which type.

Per sentence: the lexicon proposes candidates (:func:`~.mentions.candidates`), the
:class:`~.build.MentionBuilder` resolves each one's parties, and the learned
:class:`~.learned.EventTyper` decides — per candidate — its PLOVER type or
``NONE`` (not an event), with a calibrated confidence. Without a typer the
lexicon's type stands (``stage_options = {events = {typer = false}}``).
Then :func:`~.build.merge` makes one event per happening.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from typing import TYPE_CHECKING

from dateline.model import MODAL_AUX, Contradiction, Event
from dateline.nlp.events.arguments import TIME_ENTS, arguments
from dateline.nlp.events.build import EventMention, MentionBuilder, merge
from dateline.nlp.events.learned import (
    NONE,
    EventTyper,
    Reading,
    SentenceFeatures,
    candidate_features,
)
from dateline.nlp.events.mentions import candidates
from dateline.nlp.events.modality import aux_modes, retyped_modes
from dateline.nlp.events.proposals import OPEN_EVENT, fallback_entry, is_fallback, open_candidates
from dateline.nlp.events.resources import Resources
from dateline.nlp.events.syntax import Candidate, _shouting, lemma, scope_of

if TYPE_CHECKING:
    from spacy.tokens import Span as SpacySpan

    from dateline.pipeline import Analysis


def reading_of(built: EventMention) -> Reading:
    return Reading(
        actor=bool(built.actors),
        recipient=bool(built.recipients),
        attributed=built.attribution is not None,
        dated=built.date_confidence >= 0.8,
    )


def fallback_candidate(sent: SpacySpan, res: Resources) -> Candidate | None:
    """The root verb of a sentence the lexicon found nothing in, as a candidate
    for a typer trained on root-verb candidates only (``proposals = "root"``)."""
    root = sent.root
    if root.pos_ != "VERB" or _shouting(sent):
        return None
    cand = Candidate(root, fallback_entry(lemma(root)), OPEN_EVENT, None)
    arguments(cand, res)
    aux_modes(cand, res)
    cand.scope = scope_of(cand)
    return cand


def built_candidates(
    analysis: Analysis, res: Resources, builder: MentionBuilder | None = None, *, fallback: str | None = "open"
) -> Iterator[tuple[SpacySpan, list[Candidate], list[EventMention]]]:
    """Per sentence with candidates: the sentence, its candidates and the
    mentions they resolve to (candidates that resolve to nothing are left out).
    With ``fallback`` "open", the words no lexicon entry covers are offered too
    (:func:`~.proposals.open_candidates`), for the typer to type or reject; with
    "root", only the root verb of a sentence without lexicon candidates."""
    builder = builder or MentionBuilder(analysis, res)
    for sent in analysis.doc.sents:
        # a trigger word inside a date ("in March", "Victory Day") names a time
        cands = [c for c in candidates(sent, res) if c.trigger.ent_type_ not in TIME_ENTS]
        if fallback == "open":
            cands += open_candidates(sent, res, cands)
        elif fallback == "root" and not cands:
            root = fallback_candidate(sent, res)
            cands = [root] if root is not None else []
        if not cands:
            continue
        built = [m for m in (builder.build(c) for c in cands) if m is not None]
        yield sent, cands, built


def retype(built: EventMention, event: str, res: Resources) -> None:
    """The typer's type replaces the lexicon's (a mode the new type lacks goes)."""
    if event == built.event:
        return
    built.aux = retyped_modes(built.aux, built.event, event, res)
    built.grammar_aux = retyped_modes(built.grammar_aux, built.event, event, res)
    built.event = event
    if built.mode is not None and built.mode not in res.types[event].modes:
        built.mode = None


def mentions(
    analysis: Analysis, res: Resources, typer: EventTyper | None = None
) -> tuple[list[EventMention], set[int]]:
    """Every built mention, typed, and the ids of those the typer reads as no
    event. Those are still merged (a second mention of a real happening — "the
    near hour-long call" — keeps its duration and its evidence), and an event is
    dropped only when none of its mentions reads as an event; a rejected
    mention never stands as evidence."""
    found: list[EventMention] = []
    rejected: set[int] = set()
    builder = MentionBuilder(analysis, res)
    for sent, cands, built in built_candidates(analysis, res, builder, fallback=typer.proposals if typer is not None else None):
        first = len(found)  # this sentence's mentions are the ones appended from here
        if typer is not None and built:
            shared = SentenceFeatures.of(sent, cands)
            samples = [candidate_features(sent, cands, m.cand, reading_of(m), shared) for m in built]
            lexicons = [None if is_fallback(m.cand) else m.event for m in built]
            for m, (event, confidence) in zip(built, typer.decide_sentence(samples, lexicons), strict=True):
                fallback = is_fallback(m.cand)
                m.type_support = confidence
                if event == NONE:
                    if fallback:
                        continue  # a root verb the typer rejects was never an event mention
                    rejected.add(id(m.mention))
                else:
                    retype(m, event, res)
                found.append(m)
        else:
            found.extend(built)
        _link_before(found[first:], cands)
    for m in found:
        # a quoted happening typed as the speaker's verbal act: the speaker acts
        moved = builder.speech_act_parties(m.cand, m.event, m.actors, m.recipients)
        if moved is not None:
            m.actors, m.recipients = moved
            m.codes, m.recipient_codes = {builder.code(a) for a in m.actors}, {builder.code(r) for r in m.recipients}
    # an event whose clause names no actor: the likeliest one, read with what
    # the article's other mentions say about who does what
    inferred = builder.infer_actors([(m.cand, m.actors, m.recipients) for m in found])
    for m, ids in zip(found, inferred, strict=True):
        m.inferred = ids
        m.inferred_codes = {c for c in (builder.code(a) for a in ids) if c}
    return found, rejected


def _link_before(found: list[EventMention], cands: list[Candidate]) -> None:
    """"The call came days *after* the administration halted ...": the halt
    precedes the call. Links a mention in an after/following clause to the
    mention of its main clause (whose anchor is that clause's head, or who is
    its subject)."""
    in_sentence = [m for m in found if m.cand in cands]
    for m in in_sentence:
        anchor = m.cand.anchor
        head = None
        if anchor.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ == "after" for c in anchor.children):
            head = anchor.head
        elif anchor.dep_ in ("pobj", "pcomp") and anchor.head.lower_ in ("after", "following"):
            head = anchor.head.head
        if head is None:
            continue
        for other in in_sentence:
            if other is m:
                continue
            o = other.cand
            if o.anchor.i == head.i or (o.trigger.head.i == head.i and o.trigger.dep_ in ("nsubj", "nsubjpass")):
                m.precedes = other
                break


def _unrealised(found: list[EventMention], res: Resources) -> dict[int, set[str]]:
    """The modal marks of each mention of a material happening whose own
    grammar marks it as not done (cue ``unrealised_mentions``: "evidence" keeps
    such mentions as evidence of an asserted event they merged into)."""
    if res.cues.get("unrealised_mentions", "evidence") == "evidence":
        return {}
    return {
        id(m.mention): (m.aux | m.grammar_aux) & MODAL_AUX for m in found
        if (m.aux | m.grammar_aux) & MODAL_AUX and res.types[m.event].quad_class in (2, 4)
    }


def _split_unrealised(event: Event, unrealised: dict[int, set[str]], res: Resources) -> list[Event]:
    """A mention read as planned or conditional ("if there were a war",
    "escalating its invasion in the near future") that merged with a reported
    happening is no evidence that it took place there: it leaves the event
    ("dropped"), or stands as an unasserted event of its own ("split")."""
    done = [m for m in event.mentions if id(m) not in unrealised]
    if not done:
        return []
    apart = [m for m in event.mentions if id(m) in unrealised]
    event.mentions = done
    if res.cues.get("unrealised_mentions") != "split" or not apart:
        return []
    marks = set.intersection(*(unrealised[id(m)] for m in apart))
    return [replace(event, id=f"{event.id}u", mentions=apart, aux=sorted(set(event.aux) | marks))]


def extract(
    analysis: Analysis, res: Resources, typer: EventTyper | None = None
) -> tuple[list[Event], list[Contradiction]]:
    found, rejected = mentions(analysis, res, typer)
    events, contradictions = merge(found, res, analysis.document.id)
    unrealised = _unrealised(found, res)
    if not rejected and not unrealised:
        return events, contradictions
    kept = []
    for event in events:
        # rejected mentions helped merge (dates, durations) but are no evidence
        event.mentions = [m for m in event.mentions if id(m) not in rejected]
        if event.asserted and len(event.mentions) > 1 and unrealised:
            kept.extend(_split_unrealised(event, unrealised, res))
        if event.mentions:
            kept.append(event)
    ids = {e.id for e in kept}
    return kept, [c for c in contradictions if c.event_id in ids]
