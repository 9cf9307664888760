"""The final-event filter: how likely is each event the stage is about to output
to be a real happening of its type, read with what the typer never sees.

The typer decides per trigger candidate from the sentence's words; the filter
reads the finished :class:`~dateline.model.Event` in its article — its marks
(negation, future, hypothetical, historical), whether it sits in a quote or a
reported frame, whether its actor is named in its own sentence or came from
coreference or the actor model, its recipient, how many mentions support it,
its date against the publication day (future, the publication day itself,
long before), where its sentence sits in the article, its type and the
trigger's part of speech and grammatical role, whether it is a statement event
(a quote's content) rather than a trigger word, the typer's confidence, and the
events competing in the same sentence. No article-identity feature.

A logistic regression (scikit-learn, ``scripts/train_event_filter.py``, trained
on ukwar-train events coded with a typer that never saw their article) gives
P(the event matches a gold event of an allowed type); an event under
:attr:`EventFilter.threshold` is dropped, and a kept event's confidence is
lowered to that probability when it is lower. Inference is one numpy dot product per document (weights in
``data/events/event_filter.json``). See docs/events.md, "The final-event filter".
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date as Date
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from dateline.errors import ConfigError
from dateline.model import Contradiction, Event
from dateline.nlp.events.classifier import read_weights
from dateline.nlp.events.frames import headline_infinitive, past_tense
from dateline.nlp.events.modality import verb_modes
from dateline.nlp.events.parties import quote_containing
from dateline.nlp.events.resources import Resources
from dateline.nlp.events.syntax import PASSIVE_SUBJECT_DEPS, SUBJECT_DEPS, VERB_POS
from dateline.nlp.features import feature_matrix

if TYPE_CHECKING:
    from spacy.tokens import Token

    from dateline.pipeline import Analysis

FILTER_FILE = "event_filter.json"
AUX = ("negation", "future", "hypothetical", "historical")
# a statement event's mention is a quote's content, not a trigger word
STATEMENT_WORDS = 4
REPORT_DEPTH = 6  # how far up the parse a verb of saying frames the trigger
POSITION_BINS = (0, 1, 3, 6, 11)  # the sentence index of the event's first mention
CONFIDENCE_BINS = (0.2, 0.3, 0.4, 0.5, 0.6, 0.7)
CONDITION_MARKS = ("if", "unless", "once", "until", "before")
CLAUSE_DEPS = ("ROOT", "ccomp", "xcomp", "advcl", "relcl", "acl", "conj", "dobj", "pobj", "nsubj", "compound", "amod")


def _bin(value: float, edges: Sequence[float]) -> int:
    return sum(value >= e for e in edges)


def _day(value: str | None) -> Date | None:
    if not value or len(value) < 10:
        return None
    try:
        return Date.fromisoformat(value[:10])
    except ValueError:
        return None


def _trigger(analysis: Analysis, event: Event) -> Token | None:
    """The token the event's first mention is read from (its trigger, or for a
    statement event the head of the quote's content)."""
    if not event.mentions:
        return None
    m = event.mentions[0]
    span = analysis.doc.char_span(m.start, m.end, alignment_mode="expand")
    return None if span is None or not len(span) else span.root


def _reported(token: Token, speech: frozenset[str]) -> bool:
    node, steps = token, 0
    while node.head is not node and steps < REPORT_DEPTH:
        node, steps = node.head, steps + 1
        if node.pos_ == "VERB" and node.lemma_.lower() in speech:
            return True
    return False


def _actor_facts(analysis: Analysis, event: Event, sentence: int | None, facts: dict[str, float]) -> None:
    kinds: set[str] = set()
    in_sentence = coded = False
    for actor_id in event.actor:
        actor = analysis.extraction.actor(actor_id)
        if actor is None:
            continue
        # an unnamed agent ("country:UKR:MIL", agents.py) or a named actor's kind
        kinds.add("agent" if actor_id.count(":") >= 2 else actor.kind or "other")
        coded = coded or bool(actor.code)
        in_sentence = in_sentence or any(m.sentence == sentence for m in actor.mentions)
    facts["actor"] = float(bool(event.actor))
    facts["actor_many"] = float(len(event.actor) > 1)
    facts["actor_coded"] = float(coded)
    # named in the event's own sentence, else from coreference or the actor model
    facts["actor_in_sentence"] = float(in_sentence)
    facts["actor_elsewhere"] = float(bool(event.actor) and not in_sentence)
    for kind in kinds:
        facts[f"actor_kind={kind}"] = 1.0
    facts["recipient"] = float(bool(event.recipient))
    facts["counterpart"] = float(bool(event.counterpart))


def _date_facts(analysis: Analysis, event: Event, facts: dict[str, float]) -> None:
    facts[f"date_precision={event.date_precision or 'unknown'}"] = 1.0
    day, published = _day(event.date), _day(analysis.document.published)
    if not event.date:
        facts["date_none"] = 1.0
    elif day is not None and published is not None:
        days = (day - published).days
        if days > 0:
            facts["date_future"] = 1.0
        elif days == 0:
            facts["date_publication_day"] = 1.0  # often the default for an undated clause
        elif days < -365:
            facts["date_years_before"] = 1.0
        elif days < -30:
            facts["date_months_before"] = 1.0
    elif published is not None and event.date[:4].isdigit() and int(event.date[:4]) < published.year:
        facts["date_years_before"] = 1.0


def _trigger_facts(analysis: Analysis, event: Event, res: Resources, facts: dict[str, float]) -> None:
    mention = event.mentions[0] if event.mentions else None
    if mention is not None and len(mention.text.split()) >= STATEMENT_WORDS:
        facts["statement"] = 1.0  # a quote's content typed as the speaker's act
    token = _trigger(analysis, event)
    if token is None:
        return
    facts[f"pos={token.pos_ if token.pos_ in ('VERB', 'NOUN', 'ADJ') else 'other'}"] = 1.0
    facts[f"tag={token.tag_ if token.tag_ in ('VBD', 'VBN', 'VBG', 'VB', 'VBZ', 'VBP', 'NN', 'NNS') else 'other'}"] = 1.0
    facts[f"dep={token.dep_ if token.dep_ in CLAUSE_DEPS else 'other'}"] = 1.0
    facts["capitalised"] = float(token.text[:1].isupper() and token.i != token.sent.start)
    facts["reported"] = float(_reported(token, res.words("speech_verbs")))
    text = token.sent.text.rstrip()
    facts["question"] = float(text.endswith("?"))
    facts["in_quote"] = float(quote_containing(analysis.extraction.quotes, token.idx, token.idx + 1) is not None)
    facts["definite"] = float(any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in token.children))
    _clause_facts(token, res, facts)


def _clause_facts(token: Token, res: Resources, facts: dict[str, float]) -> None:
    """Why the happening is (not) told as done, read off the verb that carries
    the trigger (the trigger, or a noun's support verb): its tense, a modal or
    "to" of its own, a headline infinitive, its own subject, a condition above
    it; apart from the marks, which fold several of these together."""
    verb = token if token.pos_ in VERB_POS or token.head is token else token.head
    if verb.pos_ not in VERB_POS:
        facts["clause_verbless"] = 1.0
        return
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    facts["clause_past"] = float(past_tense(verb))
    facts["clause_present"] = float(verb.tag_ in ("VBZ", "VBP") or any(c.tag_ in ("VBZ", "VBP") for c in auxes))
    facts["clause_modal"] = float(any(c.tag_ == "MD" for c in auxes))
    facts["clause_to"] = float(any(c.lower_ == "to" for c in auxes))
    facts["clause_headline"] = float(headline_infinitive(verb))
    modes = verb_modes(verb, res)
    facts["clause_future"] = float("future" in modes)
    facts["clause_hypothetical"] = float("hypothetical" in modes)
    deps = {c.dep_ for c in verb.children}
    facts["clause_subject"] = float(bool(deps & SUBJECT_DEPS))
    facts["clause_passive"] = float(bool(deps & PASSIVE_SUBJECT_DEPS))
    node, condition = verb, False
    for _ in range(4):  # "if Russia attacks", "until talks resume": a happening to come
        condition = condition or any(c.dep_ == "mark" and c.lower_ in CONDITION_MARKS for c in node.children)
        if node.head is node:
            break
        node = node.head
    facts["clause_condition"] = float(condition)


def event_facts(analysis: Analysis, events: Sequence[Event], res: Resources) -> list[dict[str, float]]:
    """The filter's features of each of a document's events (name -> value; absent: 0)."""
    sentence_of = [e.mentions[0].sentence if e.mentions else None for e in events]
    per_sentence = Counter(s for s in sentence_of if s is not None)
    types = Counter(e.event for e in events)
    # another event of the type with a shared actor: the happening is retold
    type_actor = Counter((e.event, a) for e in events for a in set(e.actor))
    type_sentences: dict[str, set[int | None]] = {}
    for s, e in zip(sentence_of, events, strict=True):
        type_sentences.setdefault(e.event, set()).add(s)
    timex_sentences = _timex_sentences(analysis)
    best: dict[int | None, float] = {}
    for s, e in zip(sentence_of, events, strict=True):
        best[s] = max(best.get(s, 0.0), e.confidence)
    n_sentences = max(len(analysis.document.sentences), 1)
    out: list[dict[str, float]] = []
    for event, sentence in zip(events, sentence_of, strict=True):
        facts: dict[str, float] = {f"type={event.event}": 1.0, f"quad={event.quad_class}": 1.0}
        conf = float(event.confidence)
        facts["confidence"] = conf
        facts[f"confidence_bin={_bin(conf, CONFIDENCE_BINS)}"] = 1.0
        marks = set(event.aux)
        for mark in AUX:
            facts[mark] = float(mark in marks)
        facts["asserted"] = float(event.asserted)
        facts["attributed"] = float(event.attribution is not None)
        facts["mentions_2"] = float(len(event.mentions) == 2)
        facts["mentions_3+"] = float(len(event.mentions) >= 3)
        facts["located"] = float(event.location is not None)
        facts["sized"] = float(bool(event.size))
        facts["mode"] = float(event.mode is not None)
        _actor_facts(analysis, event, sentence, facts)
        _date_facts(analysis, event, facts)
        _trigger_facts(analysis, event, res, facts)
        if sentence is not None:
            facts[f"position={_bin(sentence, POSITION_BINS)}"] = 1.0
            facts["position_share"] = sentence / n_sentences
            others = per_sentence[sentence] - 1
            facts["competing_1"] = float(others == 1)
            facts["competing_2+"] = float(others >= 2)
            facts["most_confident"] = float(conf >= best[sentence])
        facts["same_type_elsewhere"] = float(types[event.event] > 1)
        facts["same_type_other_sentence"] = float(len(type_sentences[event.event] - {sentence}) > 0)
        facts["same_type_actor"] = float(any(type_actor[(event.event, a)] > 1 for a in event.actor))
        facts["timex_in_sentence"] = float(sentence in timex_sentences)
        out.append(facts)
    return out


def _timex_sentences(analysis: Analysis) -> set[int]:
    """The sentences (indices) holding a resolved time expression."""
    out: set[int] = set()
    for timex in analysis.extraction.timexes:
        if timex.value is None:
            continue
        found = analysis.document.sentence_index(timex.span.start)
        if found is not None:
            out.add(found)
    return out


@dataclass
class EventFilter:
    """Logistic regression over :func:`event_facts`: P(a real event of its type)."""

    names: list[str]
    weights: np.ndarray
    bias: float
    threshold: float  # events under this probability are dropped

    def probabilities(self, facts: Sequence[dict[str, float]]) -> np.ndarray:
        if not facts:
            return np.zeros(0)
        x = feature_matrix(facts, self.names)
        return 1.0 / (1.0 + np.exp(-(x @ self.weights + self.bias)))

    def apply(
        self, analysis: Analysis, events: list[Event], contradictions: list[Contradiction], res: Resources
    ) -> tuple[list[Event], list[Contradiction]]:
        """Events under the threshold go (with their contradictions); a kept
        event's confidence is lowered to the filter's probability when that is
        lower (never raised: raising reordered the most confident event of PLV
        sentences, macro-F1 0.603 -> 0.594, and a quoted or hedged event must
        stay below its plain twin)."""
        if not events:
            return events, contradictions
        probs = self.probabilities(event_facts(analysis, events, res))
        kept = []
        for event, p in zip(events, probs, strict=True):
            if p >= self.threshold:
                event.confidence = round(min(event.confidence, float(p)), 3)
                kept.append(event)
        ids = {e.id for e in kept}
        return kept, [c for c in contradictions if c.event_id in ids]

    def to_json(self, meta: dict[str, Any]) -> str:
        return json.dumps({
            "meta": meta, "threshold": self.threshold, "bias": round(self.bias, 5),
            "weights": {n: round(float(w), 5) for n, w in zip(self.names, self.weights, strict=True)},
        }, indent=1)

    @classmethod
    def from_json(cls, text: str) -> EventFilter:
        data = json.loads(text)
        weights = data["weights"]
        names = sorted(weights)
        return cls(names, np.array([float(weights[n]) for n in names]), float(data["bias"]), float(data["threshold"]))


def load_event_filter(path: Path | None = None) -> EventFilter:
    """The filter of ``path``, else the shipped weights."""
    if path is None:
        return _shipped()
    return _parse(read_weights(path, FILTER_FILE, "event filter"), str(path))


@lru_cache(maxsize=1)
def _shipped() -> EventFilter:
    return _parse(read_weights(None, FILTER_FILE, "event filter"), FILTER_FILE)


def _parse(text: str, where: str) -> EventFilter:
    try:
        return EventFilter.from_json(text)
    except (KeyError, ValueError, TypeError) as exc:
        raise ConfigError(f"event filter weights are broken ({where}): {exc}") from None
