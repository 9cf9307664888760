"""The learned event typer: is this trigger candidate an event, and of which type?

The trigger lexicon *proposes* candidates (:func:`~dateline.nlp.events.mentions.candidates`);
this model *decides*, per candidate (a token in its context, so two happenings in
one sentence are two decisions), among PLOVER's 16 root types and ``NONE`` (a
word sense or a non-event: "March" the month, "a striking result", "threatened"
by a disease, page furniture). Features:

- ``words``: the sentence's word 1-2 grams (what the sentence is about);
- ``rules``: the rule layer's reading of the sentence (trigger types, root type);
- ``local``: the candidate itself — lemma, lexicon type, part of speech and
  tag, capitalisation, dependency and head, support verb, the words around it,
  whether it is the candidate nearest the root, the other candidates' types,
  and what resolution found (an actor, a recipient, a quote it sits in);
- ``frame`` and ``modality``: its dependency frame and auxiliary modes
  (:func:`~dateline.nlp.events.classifier.frame_features`).

Trained by ``scripts/train_event_typer.py`` with scikit-learn (logistic
regression) on the ukwar-train gold (candidates matched to gold events, the
rest and must_not traps as ``NONE``) and PLV; the weights ship as JSON
(``data/events/event_typer.json``) and are applied with numpy only, through the
same :class:`~dateline.nlp.events.classifier.SentenceClassifier` container.
The probability of the chosen type is mapped through an isotonic calibration
table fitted on out-of-fold ukwar-train predictions, so an event's confidence
reads as the chance that it is a real happening of that type.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from dateline.errors import ConfigError
from dateline.model import MODAL_AUX
from dateline.nlp.events.classifier import (
    SentenceClassifier,
    candidate_modality,
    features_from,
    frame_features,
    read_weights,
    softmax,
    token_modality,
    word_features,
)
from dateline.nlp.events.proposals import OPEN_EVENT, OPEN_NAME, is_fallback, lexicon_kin
from dateline.nlp.events.resources import load_resources
from dateline.nlp.events.syntax import Candidate, lemma

if TYPE_CHECKING:
    from spacy.tokens import Span as SpacySpan

MODEL_FILE = "event_typer.json"
# weights with the sentence-embedding block (the [embeddings] extra; off by default)
EMBEDDINGS_FILE = "event_typer_embeddings.json"
NONE = "NONE"
# Open candidates (words no lexicon entry proposed: :mod:`.proposals`) are typed
# or rejected by the typer, which sees them as "ROOT".
FALLBACK_EVENT = OPEN_EVENT
FALLBACK_NAME = OPEN_NAME

# Feature groups and their weights (set by hand; dropping words or rules, or halving
# the local group, moved grouped-CV scores on ukwar-train by at most 0.01).
TYPER_GROUP_WEIGHTS = {"words": 0.5, "rules": 0.5, "local": 1.0, "frame": 0.5, "modality": 0.7, "sentence": 1.0}
WINDOW = 3
# Character 3-4 grams of the trigger and of its +-2-word window as features
# (measured, not shipped: see docs/events.md).
CHAR_NGRAMS = False
# The sentence model (a PLOVER type for the whole sentence, trained on PLV's
# one-event sentences) is read by the typer as features of every candidate of
# the sentence ("sentence" group); its probabilities in this many buckets.
SENTENCE_BUCKETS = 4
SENTENCE_LABEL = {"RETREAT": "YIELD", "CONCEDE": "YIELD"}  # PLV merges them
# Weight of the embedding block (sentence and trigger vectors, each unit length)
# next to the sparse groups, for weights trained with embeddings (:mod:`.embed`).
DENSE_WEIGHT = 0.5


class CandidateSample(tuple[list[str], list[str]]):
    """A candidate's (word features, other features), plus where it sits, so that
    a typer trained with embeddings can ask the encoder for its vectors."""

    sent: SpacySpan | None
    trigger: int
    vector: np.ndarray | None  # its embedding features, once computed
    sentence: list[str] | None  # the rule layer's reading of the whole sentence (the sentence model's input)
    event: str  # the candidate's lexicon type (FALLBACK_NAME for an open one)

    def __new__(
        cls, words: list[str], others: list[str], sent: SpacySpan | None = None, trigger: int = -1,
        sentence: list[str] | None = None, event: str = "",
    ) -> CandidateSample:
        self = super().__new__(cls, (words, others))
        self.sent, self.trigger, self.vector = sent, trigger, None
        self.sentence, self.event = sentence, event
        return self

    def __getnewargs__(self) -> tuple[list[str], list[str]]:
        return self[0], self[1]


def dense_features(samples: Sequence[tuple[list[str], list[str]]]) -> np.ndarray:
    """The (samples x 2*DIM) embedding block of candidate samples, weighted."""
    from dateline.nlp.events.embed import DIM, encoder

    out = np.zeros((len(samples), 2 * DIM), dtype=np.float32)
    for i, sample in enumerate(samples):
        if not isinstance(sample, CandidateSample):
            continue  # a bare (words, others) pair: no vector
        if sample.vector is None and sample.sent is not None:
            sample.vector = encoder().features(sample.sent, sample.trigger)
        if sample.vector is not None:
            out[i] = sample.vector
    return out * DENSE_WEIGHT


@dataclass
class Reading:
    """What resolution found for a candidate (features the parse alone lacks)."""

    actor: bool = False
    recipient: bool = False
    attributed: bool = False
    dated: bool = False


def _depth(cand: Candidate) -> int:
    depth, node = 0, cand.anchor
    while node.head != node and depth < 40:
        node, depth = node.head, depth + 1
    return depth


def _char_grams(doc: Any, i: int, sent: SpacySpan) -> list[str]:
    word = f"<{doc[i].lower_}>"
    grams = [f"CC={word[k:k + n]}" for n in (3, 4) for k in range(len(word) - n + 1)]
    window = " ".join(doc[j].lower_ for j in range(max(i - 2, sent.start), min(i + 3, sent.end)))
    grams.extend(f"CG={window[k:k + 4]}" for k in range(len(window) - 3))
    return grams


@dataclass(frozen=True)
class SentenceFeatures:
    """What :func:`candidate_features` reads of the whole sentence, the same for
    each of its candidates: computed once per sentence by a caller that builds
    the samples of all its candidates at once (the candidates unchanged between)."""

    sentence: list[str]  # the rule layer's reading (features_from)
    modality: list[str]  # the sentence's modal verbs and negated heads
    words: list[str]  # word_features of the text

    @classmethod
    def of(cls, sent: SpacySpan, cands: Sequence[Candidate]) -> SentenceFeatures:
        tokens = list(sent)
        return cls(features_from(cands, tokens), token_modality(tokens), word_features(sent.text))


def candidate_features(
    sent: SpacySpan, cands: Sequence[Candidate], cand: Candidate, reading: Reading | None = None,
    shared: SentenceFeatures | None = None,
) -> CandidateSample:
    """(word features, other features) of one candidate in its sentence
    (``shared``: :meth:`SentenceFeatures.of` the same sentence and candidates)."""
    shared = shared or SentenceFeatures.of(sent, cands)
    sentence = list(shared.sentence)
    rules = [f for f in sentence if f.split("=", 1)[0] in ("TRIG", "ROOT", "RV")]
    trig = cand.trigger
    fallback = is_fallback(cand)
    lem, event = lemma(trig), FALLBACK_NAME if fallback else cand.event
    as_root = {FALLBACK_EVENT: FALLBACK_NAME} if fallback else None
    local = [
        f"CL={lem}",
        f"CT={event}",
        f"CLT={lem}:{event}",
        f"CP={cand.entry.pos}:{trig.tag_}",
        f"CD={trig.dep_}",
        f"CDL={lem}:{trig.dep_}",
        f"CH={lemma(trig.head)}",
        f"CHL={lem}<{lemma(trig.head)}",
    ]
    if fallback:
        local.extend(f"C{kin}" for kin in lexicon_kin(lem, load_resources()))
    if trig.text[:1].isupper():
        local.append(f"CX=cap:{'first' if trig.i == sent.start else 'mid'}")
        local.append(f"CXL={lem}:cap")
    if trig.ent_type_:
        local.append(f"CE={trig.ent_type_}")
        local.append(f"CEL={lem}:{trig.ent_type_}")
    if cand.support is not None:
        local.append(f"CS={lemma(cand.support)}")
    if cand.definite:
        local.append("CF=definite")
    depths = sorted(_depth(c) for c in cands)
    local.append(f"CR={'root' if _depth(cand) == depths[0] else 'below'}")
    local.append(f"CN={min(len(cands), 4)}")
    for other in cands:
        if other is not cand:
            other_event = FALLBACK_NAME if is_fallback(other) else other.event
            local.append(f"CO={other_event}")
            local.append(f"COT={event}:{other_event}")
    for k in range(1, WINDOW + 1):
        for pos in (trig.i - k, trig.i + k):
            if sent.start <= pos < sent.end:
                word = trig.doc[pos]
                side = "L" if pos < trig.i else "R"
                local.append(f"CW={side}:{word.lower_}")
                if k == 1:
                    local.append(f"CW1={side}:{word.lower_}:{lem}")
    if CHAR_NGRAMS:
        local.extend(_char_grams(trig.doc, trig.i, sent))
    if reading is not None:
        parties = f"{'a' if reading.actor else '-'}{'r' if reading.recipient else '-'}"
        local.append(f"CB={parties}")
        local.append(f"CBT={event}:{parties}")
        if reading.attributed:
            local.append("CQ=quoted")
        if reading.dated:
            local.append("CZ=dated")
    # one candidate's frame and modes (the sentence classifier reads the root's)
    frame = frame_features(cand, as_root)
    modality = candidate_modality([cand], as_root) + shared.modality
    return CandidateSample(list(shared.words), [*rules, *local, *frame, *modality], sent, trig.i, sentence, event)


def sentence_sample(sample: tuple[list[str], list[str]]) -> tuple[list[str], list[str]]:
    """What the sentence model reads of a candidate's sentence: its words and the
    rule layer's reading of the whole sentence (as the sentence classifier)."""
    return sample[0], list(getattr(sample, "sentence", None) or [])


def _bucket(p: float) -> int:
    return min(int(p * SENTENCE_BUCKETS), SENTENCE_BUCKETS - 1)


def with_sentence(
    samples: Sequence[tuple[list[str], list[str]]], probs: np.ndarray, labels: Sequence[str]
) -> list[tuple[list[str], list[str]]]:
    """The samples with the sentence model's reading of their sentence added
    (``probs``: one row per sample over ``labels``): its type, whether it agrees
    with the candidate's, and how likely the candidate's own type is."""
    out: list[tuple[list[str], list[str]]] = []
    for sample, row in zip(samples, probs, strict=True):
        top = int(np.argmax(row))
        event = getattr(sample, "event", "")
        own = SENTENCE_LABEL.get(event, event)
        p_own = float(row[labels.index(own)]) if own in labels else 0.0
        extra = [
            f"SM={labels[top]}",
            f"SMT={own}:{labels[top]}",
            f"SMA={'agree' if own == labels[top] else 'other'}:{_bucket(float(row[top]))}",
            f"SMP={own}:{_bucket(p_own)}",
        ]
        made = CandidateSample(sample[0], [*sample[1], *extra])
        if isinstance(sample, CandidateSample):
            made.sent, made.trigger, made.vector = sample.sent, sample.trigger, sample.vector
            made.sentence, made.event = sample.sentence, sample.event
        out.append(made)
    return out


def sentence_probabilities(model: SentenceClassifier, samples: Sequence[tuple[list[str], list[str]]]) -> np.ndarray:
    """The sentence model's distribution for each sample's sentence (computed
    once per sentence: the candidates of one sentence share it)."""
    rows: dict[object, int] = {}
    unique: list[tuple[list[str], list[str]]] = []
    index = []
    for sample in samples:
        sent = getattr(sample, "sent", None)
        key = id(sent) if sent is not None else id(sample)
        if key not in rows:
            rows[key] = len(unique)
            unique.append(sentence_sample(sample))
        index.append(rows[key])
    if not unique:
        return np.zeros((0, len(model.labels)), dtype=np.float32)
    return model.scores(unique)[np.array(index)]


@dataclass
class EventTyper:
    """Per-candidate PLOVER type (or ``NONE``) with a calibrated confidence.

    A candidate is dropped when ``NONE``'s probability exceeds ``none_cut``; a
    lexicon candidate keeps its type unless another type beats it by ``margin``
    (the lexicon is a strong prior the model only overrules when sure); a
    root-verb fallback takes the model's best type when that beats ``NONE``."""

    model: SentenceClassifier
    calibration: tuple[np.ndarray, np.ndarray]  # isotonic table: raw probability -> precision
    none_cut: float = 0.8  # chosen on out-of-fold ukwar-train predictions
    margin: float = 0.2
    open_floor: float = 0.0  # an open candidate's type needs at least this probability
    open_ratio: float = 1.0  # ... and to beat ``NONE``'s probability times this
    # the candidates it was trained on, and so is offered: "open" (every word no
    # lexicon entry covers) or "root" (a lexicon-less sentence's root verb; older files)
    proposals: str = "root"
    # weights of the embedding block (2*DIM x labels) for a typer trained with
    # sentence embeddings (:mod:`.embed`), else None
    dense: np.ndarray | None = None
    # the sentence model whose reading the typer's "sentence" features are (None: no such features)
    sentence: SentenceClassifier | None = None
    # the sentence model's probability at which it retypes the main candidate /
    # types a main candidate read as no event (1.0: never; see decide_sentence)
    sentence_retype: float = 1.0
    sentence_rescue: float = 1.0
    sentence_drop: float = 1.0  # ... and drops it when the model reads the sentence as no event
    # whether the typer's weights read the sentence model's reading as features
    sentence_features: bool = False
    # confidence factor of a candidate below its sentence's main clause (not
    # nearest the root: a relative clause, "after accusing", a participle)
    below_factor: float = 1.0
    # rescue a sentence's main candidate whatever the typer's NONE when no
    # candidate of the sentence is an event (see decide_sentence)
    rescue_lone: bool = False

    def probabilities(self, samples: Sequence[tuple[list[str], list[str]]]) -> np.ndarray:
        if self.sentence is not None and self.sentence_features and len(samples):
            samples = with_sentence(samples, sentence_probabilities(self.sentence, samples), self.sentence.labels)
        logits = self.model.logits(samples)
        if self.dense is not None and len(samples):
            logits = logits + dense_features(samples) @ self.dense
        return softmax(logits)

    def decide(self, probs: np.ndarray, lexicon: str | None = None) -> tuple[str, float]:
        """The type (``NONE``: not an event) and its calibrated confidence;
        ``lexicon`` is the lexicon's type (None for a fallback candidate)."""
        labels = self.model.labels
        none = labels.index(NONE) if NONE in labels else -1
        typed = probs.copy()
        if none >= 0:
            typed[none] = -1.0
        best = int(np.argmax(typed))
        p_none = float(probs[none]) if none >= 0 else 0.0
        if lexicon is None:
            if p_none * self.open_ratio >= float(probs[best]) or float(probs[best]) < self.open_floor:
                return NONE, self.calibrate(float(probs[best]))
        elif p_none > self.none_cut:
            return NONE, self.calibrate(float(probs[best]))
        elif lexicon in labels and labels[best] != lexicon:
            own = labels.index(lexicon)
            if float(probs[best]) <= float(probs[own]) + self.margin:
                best = own
        return labels[best], self.calibrate(float(probs[best]))

    def decide_sentence(
        self, samples: Sequence[tuple[list[str], list[str]]], lexicons: Sequence[str | None]
    ) -> list[tuple[str, float]]:
        """:meth:`decide` for every candidate of one sentence; then, with a
        sentence model, the type of the sentence's main candidate (the first
        nearest the root) follows the sentence model when it is sure enough:
        retyped at ``sentence_retype``, taken from ``NONE`` at ``sentence_rescue``
        (only when ``NONE``'s own probability is under ``none_cut``)."""
        if not samples:
            return []
        probs = self.probabilities(samples)
        out = [self.decide(p, lex) for p, lex in zip(probs, lexicons, strict=True)]
        if self.below_factor != 1.0:
            out = [(t, c if "CR=root" in s[1] else c * self.below_factor) for (t, c), s in zip(out, samples, strict=True)]
        if self.sentence is None or min(self.sentence_retype, self.sentence_rescue, self.sentence_drop) >= 1.0:
            return out
        main = next((i for i, s in enumerate(samples) if "CR=root" in s[1]), -1)
        if main < 0:
            return out
        event, confidence = out[main]
        labels = self.model.labels
        row = probs[main]
        p_none = float(row[labels.index(NONE)]) if NONE in labels else 0.0
        lone = self.rescue_lone and all(t == NONE for t, _ in out) and _asserted_act(samples[main])
        if min(self.sentence_retype, self.sentence_drop) >= 1.0 and (event != NONE or (p_none > self.none_cut and not lone)):
            return out  # only a rescue could act, and it cannot here: the sentence model is not read
        reading = sentence_probabilities(self.sentence, [samples[main]])[0]
        top = int(np.argmax(reading))
        wanted, sure = self.sentence.labels[top], float(reading[top])
        if wanted == NONE:
            # a sentence the model reads as no event at all: its main candidate goes
            if event != NONE and sure >= self.sentence_drop:
                out[main] = (NONE, confidence)
            return out
        if event == NONE:
            # a main candidate the typer reads as no event: typed when the model
            # is sure and the typer's NONE is not, or (``rescue_lone``) when the
            # sentence has no other event and the candidate is an asserted act
            # of a doer its clause names — at the typer's own low confidence
            if sure < self.sentence_rescue or (p_none > self.none_cut and not lone):
                return out
            confidence = self.calibrate(1.0 - p_none)
        elif SENTENCE_LABEL.get(event, event) == wanted or sure < self.sentence_retype:
            return out
        # a merged label (PLV's YIELD) is the typer's likeliest type among those it merges
        types = [t for t in labels if SENTENCE_LABEL.get(t, t) == wanted]
        if types:
            out[main] = (max(types, key=lambda t: float(row[labels.index(t)])), confidence)
        return out

    def calibrate(self, raw: float) -> float:
        xs, ys = self.calibration
        if len(xs) == 0:
            return raw
        return float(np.interp(raw, xs, ys))

    def to_json(self, meta: dict[str, Any]) -> str:
        data = json.loads(self.model.to_json(meta))
        data["calibration"] = {
            "raw": [round(float(v), 4) for v in self.calibration[0]],
            "precision": [round(float(v), 4) for v in self.calibration[1]],
        }
        data["none_cut"], data["margin"] = self.none_cut, self.margin
        data["open_floor"], data["open_ratio"] = self.open_floor, self.open_ratio
        data["proposals"] = self.proposals
        if self.dense is not None:
            data["dense"] = {"encoder": "all-MiniLM-L6-v2", "weight": DENSE_WEIGHT,
                             "weights": [[round(float(v), 4) for v in row] for row in self.dense]}
        if self.sentence is not None:
            data["sentence_model"] = json.loads(self.sentence.to_json({}))
            data["sentence_retype"], data["sentence_rescue"] = self.sentence_retype, self.sentence_rescue
            data["sentence_drop"], data["sentence_features"] = self.sentence_drop, self.sentence_features
        if self.below_factor != 1.0:
            data["below_factor"] = self.below_factor
        if self.rescue_lone:
            data["rescue_lone"] = True
        return json.dumps(data, separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str) -> EventTyper:
        data = json.loads(text)
        calibration = data.get("calibration") or {"raw": [], "precision": []}
        dense = data.get("dense")
        return cls(
            SentenceClassifier.from_json(text),
            (np.array(calibration["raw"], dtype=np.float64), np.array(calibration["precision"], dtype=np.float64)),
            float(data.get("none_cut", cls.none_cut)),
            float(data.get("margin", cls.margin)),
            float(data.get("open_floor", cls.open_floor)),
            float(data.get("open_ratio", cls.open_ratio)),
            str(data.get("proposals", cls.proposals)),
            None if dense is None else np.array(dense["weights"], dtype=np.float32).reshape(-1, len(data["labels"])),
            None if "sentence_model" not in data else SentenceClassifier.from_json(json.dumps(data["sentence_model"])),
            float(data.get("sentence_retype", cls.sentence_retype)),
            float(data.get("sentence_rescue", cls.sentence_rescue)),
            float(data.get("sentence_drop", cls.sentence_drop)),
            bool(data.get("sentence_features", cls.sentence_features)),
            float(data.get("below_factor", cls.below_factor)),
            bool(data.get("rescue_lone", cls.rescue_lone)),
        )


def _asserted_act(sample: tuple[list[str], list[str]]) -> bool:
    """Whether a candidate's clause names its doer (``CB=a``: resolution found
    an actor) and its own modes (``M=`` features) do not mark it as not done."""
    feats = sample[1]
    return any(f.startswith("CB=a") for f in feats) and not any(
        f.startswith("M=") and f.rsplit(":", 1)[-1] in MODAL_AUX for f in feats
    )


def load_typer(path: Path | None = None, *, embeddings: bool = False) -> EventTyper:
    """The typer of ``path``, else the shipped weights: with ``embeddings`` and
    the ``[embeddings]`` extra installed, the ones trained with sentence
    embeddings (:data:`EMBEDDINGS_FILE`), else the embedding-free default."""
    name = MODEL_FILE
    if path is None and embeddings:
        from dateline.nlp.events.embed import available

        name = EMBEDDINGS_FILE if available() else MODEL_FILE
    text = read_weights(path, name, "event typer")
    try:
        return EventTyper.from_json(text)
    except (KeyError, ValueError, TypeError) as exc:
        raise ConfigError(f"event typer weights are broken ({path or name}): {exc}") from None
