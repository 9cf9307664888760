"""Statement events: what a quote says can itself be an event.

"Russia's aggression is comparable to the darkest pages", the minister said:
the minister ACCUSEs Russia, though no trigger word of the lexicon says so. For
each piece of a quote's content inside one sentence (a :class:`Unit`), a small
learned classifier (:class:`StatementModel`, weights in
``data/events/statement_model.json``, trained by
``scripts/train_statement_events.py`` on ukwar-train) reads cheap features —
the content's lemmas and lemma pairs, the reporting verb, cue words from
``data/events/statements.json``, negation, whether the content names a party
other than the speaker — and says whether the statement is an ACCUSE, REJECT,
REQUEST, THREATEN or SUPPORT event, or none.

The event: actor = the quote's speaker, recipients = the parties the content's
arguments name (:func:`accused_tokens`, coded by the party resolver; not the
speaker's own side, not places, not the victim of an attack it names; when it
names none, the one party its context names, :func:`context_recipient`), date = when it was said (the reporting
verb's date, the quote's date), marks from the reporting verb's grammar ("would
accuse": hypothetical). A statement whose sentence already holds an event of the
same type (the lexicon's "accused Russia of ...") adds nothing. No new parse:
everything is read from the parse and layers the stages already made.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from dateline.errors import DataUnavailableError
from dateline.model import Event, Quote
from dateline.nlp.events.build import MentionBuilder, event_of
from dateline.nlp.events.modality import aux_modes
from dateline.nlp.events.resources import Resources, Trigger
from dateline.nlp.events.syntax import Candidate, lemma
from dateline.packagedata import read_json, read_text

if TYPE_CHECKING:
    from spacy.tokens import Span as SpacySpan
    from spacy.tokens import Token

    from dateline.pipeline import Analysis

NONE = "NONE"
MODEL_FILE = "statement_model.json"
CUES_FILE = "statements.json"
MAX_RECIPIENTS = 3
CONTEXT_FEATURES = frozenset({"party", "no_party", "party_subject", "cue_negated", "question"})
MIN_TOKENS = 3  # a two-word fragment of a quote says too little to be typed
PRECISION_OF_LENGTH = {4: "year", 7: "month", 10: "day"}  # TIMEX3 values the quotes stage gives
QUOTE_DATE_CONFIDENCE = 0.8  # the quote's date is the statement's own date


@lru_cache(maxsize=1)
def load_cues() -> tuple[tuple[str, ...], dict[str, frozenset[str]]]:
    """The statement types (tie order) and the cue-word lists by category."""
    data = read_json("events", CUES_FILE)
    return tuple(data["types"]), {k: frozenset(v) for k, v in data["cues"].items()}


@lru_cache(maxsize=1)
def _recipient_words() -> dict[str, frozenset[str]]:
    data = read_json("events", CUES_FILE)["recipients"]
    return {k: frozenset(v) for k, v in data.items() if k != "about"}


def recipient_tokens(unit: Unit) -> list[Token]:
    """The content's words that can name who the statement is about (not where)."""
    words = _recipient_words()
    found = []
    for t in unit.tokens:
        if t.pos_ not in words["pos"] or t.dep_ not in words["deps"]:
            continue
        if t.dep_ == "pobj" and t.head.lower_ in words["place_preps"]:
            continue
        found.append(t)
    return found


def _victim(token: Token, words: dict[str, frozenset[str]]) -> bool:
    """A party the content names as the one attacked ("the invasion *of
    Ukraine*", "aggression *against Ukraine*", "*Ukraine*'s territorial
    integrity"): a statement accuses whoever did it, not the victim."""
    head = token.head
    if token.dep_ == "pobj" and head.lower_ in words["victim_preps"]:
        return lemma(head.head) in words["victim_heads"]
    return token.dep_ == "poss" and lemma(head) in words["victim_possessed"]


def accused_tokens(unit: Unit) -> list[Token]:
    """The content's words that can name who the statement is against: those of
    :func:`recipient_tokens` but the victims of an attack it names."""
    words = _recipient_words()
    return [t for t in recipient_tokens(unit) if not _victim(t, words)]


@dataclass
class Unit:
    """The part of one quote's content that lies in one sentence."""

    quote: Quote
    sent: SpacySpan
    start: int
    end: int
    tokens: list[Token]
    cue: Token | None  # the reporting verb, when the quote has one


def units(analysis: Analysis) -> list[Unit]:
    """One unit per (quote, sentence) its content touches; a quote without a
    speaker actor is left out (its statement would have no doer)."""
    doc = analysis.doc
    found: list[Unit] = []
    for quote in analysis.extraction.quotes:
        if not quote.speaker.actor_id or not quote.content:
            continue
        cue = _cue_token(doc, quote)
        for span in quote.content:
            piece = doc.char_span(span.start, span.end, alignment_mode="contract")
            if piece is None or len(piece) == 0:
                continue
            for sent in _sentences(piece):
                tokens = list(doc[max(sent.start, piece.start) : min(sent.end, piece.end)])
                if sum(1 for t in tokens if t.is_alpha) < MIN_TOKENS:
                    continue
                start, end = int(tokens[0].idx), int(tokens[-1].idx + len(tokens[-1].text))
                found.append(Unit(quote, sent, start, end, tokens, cue))
    return found


def _sentences(piece: SpacySpan) -> list[SpacySpan]:
    """The whole sentences a span touches (asking each token for its sentence
    costs a walk per token)."""
    sent = piece[0].sent
    found = [sent]
    while sent.end < piece.end:
        sent = piece.doc[sent.end].sent
        found.append(sent)
    return found


def _cue_token(doc: Any, quote: Quote) -> Token | None:
    if quote.cue is None:
        return None
    span = doc.char_span(quote.cue.start, quote.cue.end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    verbs = [t for t in span if t.pos_ in ("VERB", "AUX")]
    return verbs[0] if verbs else None


def _hits(words: frozenset[str], text: str, vocab: frozenset[str]) -> bool:
    """A cue word among the lemmas or word forms, or a cue phrase in the lemma text."""
    return not vocab.isdisjoint(words) or any(f" {v} " in text for v in _phrases(vocab))


@lru_cache(maxsize=16)
def _phrases(vocab: frozenset[str]) -> tuple[str, ...]:
    return tuple(v for v in vocab if " " in v)


def unit_features(
    unit: Unit, parties: Sequence[str], speaker_code: str | None, party_spans: Sequence[tuple[int, int]] = ()
) -> list[str]:
    """Cheap features of one unit (strings; the model's vocabulary maps them):
    ``parties`` are the codes of the other parties the content names,
    ``party_spans`` where it names them."""
    _types, cues = load_cues()
    lemmas = [lemma(t) for t in unit.tokens if not t.is_punct and not t.is_space]
    words = [t.lower_ for t in unit.tokens if not t.is_punct and not t.is_space]
    text = " " + " ".join(lemmas) + " "
    seen = frozenset(lemmas) | frozenset(words)
    feats = [f"w:{x}" for x in set(lemmas)]
    feats += [f"b:{a}_{b}" for a, b in set(zip(lemmas, lemmas[1:], strict=False))]
    for category, vocab in cues.items():
        if _hits(seen, text, vocab):
            feats.append(f"lex:{category}")
    cue = unit.cue
    if cue is not None:
        cue_lemma = lemma(cue)
        feats.append(f"cue:{cue_lemma}")
        feats += [f"cuelex:{c}" for c, vocab in cues.items() if cue_lemma in vocab]
        if any(c.dep_ == "neg" for c in cue.children):
            feats.append("cue_negated")
    else:
        feats.append("cue:none")
    feats.append(f"kind:{unit.quote.kind}")
    others = [p for p in parties if p != speaker_code]
    feats.append("party" if others else "no_party")
    feats += [f"party:{p}" for p in set(others)]
    inside = {t.i for t in unit.tokens}
    heads = [t for t in unit.tokens if t.head.i not in inside or t.head.i == t.i]
    feats += [f"head:{lemma(t)}" for t in heads[:2] if not t.is_punct]
    for t in unit.tokens:
        # the party the content talks about is what its clause says something of
        if t.dep_ in ("nsubj", "nsubjpass") and party_spans:
            lo, hi = int(t.left_edge.idx), int(t.right_edge.idx + len(t.right_edge.text))
            if any(s < hi and lo < e for s, e in party_spans):
                feats.append("party_subject")
                break
    if any(t.lower_ in ("you", "your") for t in unit.tokens):
        feats.append("second_person")
    if any(t.text == "?" for t in unit.tokens):
        feats.append("question")
    # a cue word means more beside a named party or a reporting verb
    # ("propaganda" of a party, "crime" said of one): cue x context pairs
    cue_hits = [f for f in feats if f.startswith(("lex:", "cuelex:"))]
    context = [f for f in feats if f in CONTEXT_FEATURES or f.startswith("cue:")]
    feats += [f"{a}&{b}" for a in cue_hits for b in context]
    return feats


@dataclass(frozen=True)
class StatementModel:
    """One logistic regression per statement type (one against the rest) over
    :func:`unit_features`, with numpy inference; ``thresholds`` per type were
    chosen out of fold on ukwar-train (a type never chosen stays above 1)."""

    classes: tuple[str, ...]
    vocab: dict[str, int]
    coef: np.ndarray  # (types, features)
    intercept: np.ndarray  # (types,)
    thresholds: dict[str, float]
    meta: dict[str, Any]

    def probabilities(self, samples: Sequence[Sequence[str]]) -> np.ndarray:
        """P(type) per sample and type (independent, one model per type)."""
        logits = np.tile(self.intercept, (len(samples), 1))
        for row, feats in enumerate(samples):
            cols = sorted({self.vocab[f] for f in feats if f in self.vocab})
            if cols:  # binary features: the sum of their weights
                logits[row] += self.coef[:, cols].sum(axis=1)
        return np.asarray(1.0 / (1.0 + np.exp(-logits)))

    def decide(self, probs: np.ndarray) -> tuple[str, float]:
        """The likeliest statement type whose probability clears its threshold,
        and its confidence: the out-of-fold precision of the events the model
        adds (``meta.out_of_fold``), when the training recorded it — the
        balanced models' probabilities overstate the chance of being right
        (ACCUSE is kept at >= 0.83 and right 0.72 of the time), which put a
        statement above the typer's calibrated events of its sentence."""
        best, best_p = NONE, 0.0
        for k, name in enumerate(self.classes):
            p = float(probs[k])
            if p >= self.thresholds.get(name, 1.01) and p > best_p:
                best, best_p = name, p
        precision = (self.meta.get("out_of_fold") or {}).get("precision")
        if best != NONE and precision is not None:
            best_p = min(best_p, float(precision))
        return best, best_p

    def to_json(self) -> str:
        return json.dumps(
            {
                "meta": self.meta,
                "classes": list(self.classes),
                "thresholds": self.thresholds,
                "features": sorted(self.vocab, key=self.vocab.__getitem__),
                "coef": np.round(self.coef, 5).tolist(),
                "intercept": np.round(self.intercept, 5).tolist(),
            }
        )

    @classmethod
    def from_json(cls, text: str) -> StatementModel:
        data = json.loads(text)
        return cls(
            classes=tuple(data["classes"]),
            vocab={f: i for i, f in enumerate(data["features"])},
            coef=np.asarray(data["coef"], dtype=float).reshape(len(data["classes"]), len(data["features"])),
            intercept=np.asarray(data["intercept"], dtype=float),
            thresholds={k: float(v) for k, v in data["thresholds"].items()},
            meta=data.get("meta", {}),
        )


@lru_cache(maxsize=2)
def load_statement_model(path: Path | None = None) -> StatementModel:
    try:
        text = path.read_text(encoding="utf-8") if path is not None else read_text("events", MODEL_FILE)
    except OSError as exc:
        raise DataUnavailableError("the statement model is missing", source=str(path or MODEL_FILE)) from exc
    return StatementModel.from_json(text)


def content_parties(builder: MentionBuilder, unit: Unit) -> tuple[list[str], list[tuple[int, int]]]:
    """Actor ids the unit's content names, in text order, without the speaker
    and without the speaker's own side (the "we" and "our country" of a quote),
    and the spans that name them."""
    speaker = unit.quote.speaker.actor_id or ""
    own = builder.code(speaker) if speaker else None
    found: list[str] = []
    spans: list[tuple[int, int]] = []
    for mention, actor in builder.index.mentions_in(unit.start, unit.end):
        if actor.id == speaker or (own and builder.code(actor.id) == own):
            continue
        spans.append((mention.start, mention.end))
        if actor.id not in found:
            found.append(actor.id)
    return found, spans


def covered(events: Iterable[Event], event: str, sent: SpacySpan) -> bool:
    """Whether an event of this type already has a mention in the sentence."""
    lo, hi = int(sent.start_char), int(sent.end_char)
    return any(e.event == event and any(m.start < hi and lo < m.end for m in e.mentions) for e in events)


def scored_units(analysis: Analysis, builder: MentionBuilder) -> list[tuple[Unit, list[str]]]:
    """Each unit with its features."""
    out = []
    for unit in units(analysis):
        parties, spans = content_parties(builder, unit)
        speaker = unit.quote.speaker.actor_id
        speaker_code = builder.code(speaker) if speaker else None
        feats = unit_features(unit, [builder.code(p) for p in parties], speaker_code, spans)
        out.append((unit, feats))
    return out


def statement_events(
    analysis: Analysis, res: Resources, events: list[Event], model: StatementModel
) -> list[Event]:
    """The statement events of one document that ``events`` does not already hold."""
    builder = MentionBuilder(analysis, res)
    scored = scored_units(analysis, builder)
    if not scored:
        return []
    probs = model.probabilities([f for _, f in scored])
    added: list[Event] = []
    taken: set[tuple[int, str, str]] = set()
    prefix = analysis.document.id[:16]
    for (unit, _feats), row in zip(scored, probs, strict=True):
        event, confidence = model.decide(row)
        if event == NONE or event not in res.types:
            continue
        key = (int(unit.sent.start), event, unit.quote.speaker.actor_id or "")
        if key in taken or covered(events, event, unit.sent) or covered(added, event, unit.sent):
            continue
        taken.add(key)
        made = make_event(analysis, builder, res, unit, event, confidence, f"{prefix}-s{len(added) + 1}")
        if made is not None:
            added.append(made)
    return added


def context_recipient(builder: MentionBuilder, unit: Unit, own: str) -> list[str]:
    """Whom a content that names no accusable party is against, when its
    context makes it clear: the one coded party (not the speaker's side) that
    the rest of its sentence and the sentence before name ("Kyiv dismissed the
    Russian claim. 'It is not true,' the minister said"); none when they name
    several or none."""
    doc = unit.sent.doc
    lo = int(doc[unit.sent.start - 1].sent.start_char) if unit.sent.start > 0 else int(unit.sent.start_char)
    found: dict[str, str] = {}
    for mention, actor in builder.index.mentions_in(lo, int(unit.sent.end_char)):
        if unit.start <= mention.start and mention.end <= unit.end:
            continue
        code = builder.code(actor.id)
        if code == actor.id or code == own:
            continue  # no country code, or the speaker's own side
        found.setdefault(code, actor.id)
    return list(found.values()) if len(found) == 1 else []


def make_event(
    analysis: Analysis, builder: MentionBuilder, res: Resources, unit: Unit, event: str,
    confidence: float, event_id: str,
) -> Event | None:
    trigger = unit.cue if unit.cue is not None else unit.sent.root
    cand = Candidate(trigger, Trigger(lemma(trigger), "VERB", event), event, None)
    if unit.cue is not None:
        aux_modes(cand, res)  # the reporting verb's marks: "would accuse", "will call for"
    cand.scope = (unit.tokens[0].i, unit.tokens[-1].i + 1)
    # who the content is about, coded as any event's recipients are
    cand.recipient_tokens = accused_tokens(unit)
    built = builder.build(cand)
    if built is None:
        return None
    speaker = unit.quote.speaker.actor_id or ""
    own = builder.code(speaker)
    built.actors = [speaker]
    built.codes = {own}
    built.recipients = [r for r in built.recipients if r != speaker and builder.code(r) != own][:MAX_RECIPIENTS]
    if not built.recipients:
        built.recipients = context_recipient(builder, unit, own)
    built.recipient_codes = {builder.code(r) for r in built.recipients}
    built.counterparts = []
    if unit.cue is None:
        # the content's own grammar ("we must stop") is not the speaker's act's
        built.aux &= {"historical"}
        built.grammar_aux = set()
    when = unit.quote.date
    if when and len(when) in PRECISION_OF_LENGTH and built.date_confidence < QUOTE_DATE_CONFIDENCE and not built.date_carried:
        # when it was said, as the quotes stage dated the quote, unless the
        # reporting verb has a date of its own ("said on Monday") or the narrative
        # gives it one ("Last month Japan pledged aid. '...,' Kishida said at the
        # time": the sentence before dates the speech; the quote's own date is then
        # the story's or the report's day, which says less)
        built.date, built.precision = when, PRECISION_OF_LENGTH[len(when)]
        built.date_confidence = QUOTE_DATE_CONFIDENCE
    built.attribution = None  # the text itself says the speaker said it
    built.hedged = False
    built.type_support = confidence
    built.mention = analysis.document.mention(unit.start, unit.end)
    made = event_of([built], res, event_id)
    made.event_text = unit.cue.text if unit.cue is not None else None
    return made
