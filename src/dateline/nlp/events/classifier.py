"""A small sentence-type classifier for PLOVER root types (numpy only).

Features are word unigrams and bigrams (sublinear TF-IDF, L2-normalised) plus
the rule layer's reading of the sentence (trigger types, the type of the
trigger nearest the root, trigger and verb lemmas), so that the classifier
learns when to trust the lexicon; the root trigger's dependency frame (its
subject / object / prepositions, support verb, argument entity types); and
negation and modality cues. Each group is normalised on its own and weighted
(:data:`GROUP_WEIGHTS`), so a long sentence's words do not drown the few
parse features. The model is multinomial logistic regression
with L2 regularisation, trained by full-batch Adam: deterministic, seconds on
a thousand sentences, and the weights are a plain JSON file
(``data/events/sentence_classifier.json``) written by
``scripts/train_event_classifier.py``.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from dateline.errors import ConfigError
from dateline.nlp.events.mentions import candidates
from dateline.nlp.events.resources import Resources
from dateline.nlp.events.syntax import Candidate, lemma
from dateline.packagedata import read_text

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

WORD = re.compile(r"(?u)\b\w\w+\b")
MODEL_FILE = "sentence_classifier.json"
# Merged labels of older PLOVER data sets: YIELD covers RETREAT and CONCEDE.
PLV_LABEL = {"RETREAT": "YIELD", "CONCEDE": "YIELD"}
# Feature groups by the prefix before "=" (words have none). Unknown upper-case
# prefixes count as rule features, which is how older weight files read.
FEATURE_GROUP = {
    **dict.fromkeys(("TRIG", "TL", "NEG", "ROOT", "RV", "V"), "rules"),
    **dict.fromkeys(("D", "DT", "SV", "TD", "TP", "AR", "AE", "RE", "HD"), "frame"),
    **dict.fromkeys(("M", "MO", "MD", "NG"), "modality"),
    # the event typer's reading of the sentence model (:func:`.learned.with_sentence`)
    **dict.fromkeys(("SM", "SMT", "SMA", "SMP"), "sentence"),
}
# Chosen by 5-fold CV on PLV (coarse grid: 0.5 / 0.7 / 1.0) and checked on GSR.
GROUP_WEIGHTS = {"words": 1.0, "rules": 0.7, "frame": 0.5, "modality": 0.5}
# Argument and clause relations of the root trigger that carry its frame.
FRAME_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "dative", "attr", "xcomp", "ccomp", "agent"})


def rule_features(doc: Doc, res: Resources, label_map: dict[str, str] | None = None) -> list[str]:
    """The rule layer's reading of a parsed sentence, as feature strings."""
    found = [cand for sent in doc.sents for cand in candidates(sent, res)]
    return features_from(found, doc, label_map)


def features_from(
    found: Sequence[Candidate], tokens: Iterable[Token], label_map: dict[str, str] | None = None
) -> list[str]:
    """Feature strings from candidates already found in ``tokens`` (a sentence or doc)."""
    label_map = label_map or {}
    tokens = list(tokens)
    feats: list[str] = []
    root: tuple[int, Candidate] | None = None
    for cand in found:
        event = label_map.get(cand.event, cand.event)
        depth, node = 0, cand.anchor
        while node.head != node and depth < 40:
            node, depth = node.head, depth + 1
        feats.append(f"TRIG={event}")
        feats.append(f"TL={lemma(cand.trigger)}")
        if "negation" in cand.aux:
            feats.append(f"NEG={event}")
        if root is None or depth < root[0]:
            root = (depth, cand)
    if root is not None:
        feats.append(f"ROOT={label_map.get(root[1].event, root[1].event)}")
    for token in tokens:
        if token.dep_ == "ROOT":
            feats.append(f"RV={lemma(token)}")
        if token.pos_ == "VERB":
            feats.append(f"V={lemma(token)}")
    if root is not None:
        feats.extend(frame_features(root[1], label_map))
    feats.extend(modality_features(found, tokens, label_map))
    return feats


def _kind(token: Token) -> str:
    # entity type when there is one ("GPE", "PERSON"), else the coarse POS
    return str(token.ent_type_ or token.pos_)


def frame_features(cand: Candidate, label_map: dict[str, str] | None = None) -> list[str]:
    """The dependency frame of one trigger: what its clause head governs
    (subject, object, prepositions and their objects), its support verb, where
    it hangs, and what kind of parties its actor and recipient are. "Accused X
    *of* Y", "called *for* Y", "met *with* X" tell types apart that share a
    trigger lemma or none."""
    label_map = label_map or {}
    event = label_map.get(cand.event, cand.event)
    trigger = lemma(cand.trigger)
    feats: list[str] = []
    for child in cand.anchor.children:
        if child.dep_ in FRAME_DEPS:
            feats.append(f"D={child.dep_}:{lemma(child)}")
            feats.append(f"DT={trigger}:{child.dep_}:{_kind(child)}")
        elif child.dep_ == "prep":
            feats.append(f"D=prep:{child.lower_}")
            feats.append(f"DT={trigger}:{child.lower_}")
            feats.extend(f"D={child.lower_}:{lemma(obj)}" for obj in child.children if obj.dep_ == "pobj")
    if cand.support is not None:
        feats.append(f"SV={lemma(cand.support)}>{trigger}")
    feats.append(f"TD={event}:{cand.trigger.dep_}")
    feats.append(f"TP={event}:{cand.entry.pos}")
    feats.append(f"AR={event}:{'a' if cand.actor_tokens else '-'}{'r' if cand.recipient_tokens else '-'}")
    feats.extend(f"AE={_kind(t)}" for t in cand.actor_tokens)
    feats.extend(f"RE={_kind(t)}" for t in cand.recipient_tokens)
    if cand.trigger.dep_ != "ROOT":
        feats.append(f"HD={cand.anchor.dep_}:{lemma(cand.anchor.head)}")
    return feats


def modality_features(
    found: Sequence[Candidate], tokens: Iterable[Token], label_map: dict[str, str] | None = None
) -> list[str]:
    """Negation and modality: each trigger's modes (future, hypothetical,
    negation, hedged; the lexicon's mode), and the sentence's modal verbs and
    negated heads. "Threatened to", "would", "refused to", "did not" separate
    THREATEN, REQUEST and REJECT from the act itself."""
    return candidate_modality(found, label_map) + token_modality(tokens)


def candidate_modality(found: Sequence[Candidate], label_map: dict[str, str] | None = None) -> list[str]:
    """The candidates' part of :func:`modality_features`."""
    label_map = label_map or {}
    feats: list[str] = []
    for cand in found:
        event = label_map.get(cand.event, cand.event)
        feats.extend(f"M={event}:{mode}" for mode in sorted(cand.aux))
        if cand.hedged:
            feats.append(f"M={event}:hedged")
        if cand.mode:
            feats.append(f"MO={cand.mode}")
    return feats


def token_modality(tokens: Iterable[Token]) -> list[str]:
    """The sentence's part of :func:`modality_features`: modal verbs and negated heads."""
    feats: list[str] = []
    for token in tokens:
        if token.dep_ == "neg":
            feats.append(f"NG={lemma(token.head)}")
        if token.tag_ == "MD":
            feats.append(f"MD={token.lower_}")
    return feats


def word_features(text: str) -> list[str]:
    words = WORD.findall(text.lower())
    return words + [f"{a} {b}" for a, b in zip(words, words[1:], strict=False)]


def feature_group(name: str) -> str:
    prefix, sep, _ = name.partition("=")
    if not sep or not prefix.isupper():
        return "words"
    return FEATURE_GROUP.get(prefix, "rules")


@dataclass
class Vectorizer:
    vocabulary: dict[str, int]
    idf: np.ndarray
    groups: np.ndarray  # group index of each feature (into ``group_names``)
    group_names: list[str]
    group_weights: dict[str, float]

    @staticmethod
    def group_index(features: Sequence[str], group_names: list[str]) -> np.ndarray:
        return np.array([group_names.index(feature_group(f)) for f in features], dtype=np.int64)

    @classmethod
    def fit(
        cls, samples: Sequence[tuple[list[str], list[str]]], group_weights: dict[str, float], min_df: int = 1
    ) -> Vectorizer:
        df: Counter[str] = Counter()
        for words, rules in samples:
            df.update(set(words))
            df.update(set(rules))
        names = sorted(k for k, v in df.items() if v >= min_df)
        vocabulary = {name: i for i, name in enumerate(names)}
        n = len(samples)
        idf = np.array([math.log((1 + n) / (1 + df[name])) + 1 for name in names], dtype=np.float32)
        # a group without a weight is not used (weight 0)
        group_names = sorted(set(group_weights) | {feature_group(name) for name in names})
        weights = {g: float(group_weights.get(g, 0.0)) for g in group_names}
        return cls(vocabulary, idf, cls.group_index(names, group_names), group_names, weights)

    def rows(self, samples: Sequence[tuple[list[str], list[str]]]) -> list[tuple[np.ndarray, np.ndarray]]:
        """Each sample's active feature indices and their weighted values."""
        out: list[tuple[np.ndarray, np.ndarray]] = []
        get = self.vocabulary.get
        for words, rules in samples:
            # (a plain dict and set: the same order and numbers as Counter and np.unique, for
            # less overhead on the few features of one candidate)
            counts: dict[int, int] = {}
            for feature in (*words, *rules):
                i = get(feature)
                if i is not None:
                    counts[i] = counts.get(i, 0) + 1
            if not counts:
                out.append((np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)))
                continue
            idx = np.fromiter(counts.keys(), dtype=np.int64)
            values = (1 + np.log(np.fromiter(counts.values(), dtype=np.float32))) * self.idf[idx]
            groups = self.groups[idx]
            # each group L2-normalised on its own, then weighted
            for g in sorted(set(groups.tolist())):
                mask = groups == g
                part = values[mask]
                norm = max(float(np.sqrt(part.dot(part))), 1e-9)  # = np.linalg.norm(part)
                values[mask] *= self.group_weights[self.group_names[g]] / norm
            out.append((idx, values))
        return out

    def transform(self, samples: Sequence[tuple[list[str], list[str]]]) -> np.ndarray:
        out = np.zeros((len(samples), len(self.vocabulary)), dtype=np.float32)
        for row, (idx, values) in enumerate(self.rows(samples)):
            out[row, idx] = values
        return out


@dataclass
class SentenceClassifier:
    labels: list[str]
    vectorizer: Vectorizer
    weights: np.ndarray  # features x labels
    bias: np.ndarray

    @classmethod
    def train(
        cls,
        samples: Sequence[tuple[list[str], list[str]]],
        labels: Sequence[str],
        *,
        group_weights: dict[str, float] | None = None,
        l2: float = 1e-4,
        epochs: int = 120,
        learning_rate: float = 0.1,
        min_df: int = 2,
        balanced: bool = True,
    ) -> SentenceClassifier:
        names = sorted(set(labels))
        vectorizer = Vectorizer.fit(samples, group_weights or GROUP_WEIGHTS, min_df)
        x = vectorizer.transform(samples)
        y = np.zeros((len(labels), len(names)), dtype=np.float32)
        for i, label in enumerate(labels):
            y[i, names.index(label)] = 1.0
        # balanced class weights: a rare type (COOPERATE, MOBILIZE) counts as
        # much in the loss as a frequent one, which is what macro-F1 measures
        counts = y.sum(axis=0)
        class_weight = len(labels) / (len(names) * np.maximum(counts, 1)) if balanced else np.ones(len(names))
        sample_weight = (y @ class_weight.astype(np.float32))[:, None]
        w = np.zeros((x.shape[1], len(names)), dtype=np.float32)
        b = np.zeros(len(names), dtype=np.float32)
        m_w, v_w = np.zeros_like(w), np.zeros_like(w)
        m_b, v_b = np.zeros_like(b), np.zeros_like(b)
        beta1, beta2, eps = 0.9, 0.999, 1e-8
        n = float(len(labels))
        for step in range(1, epochs + 1):
            logits = x @ w + b
            logits -= logits.max(axis=1, keepdims=True)
            p = np.exp(logits)
            p /= p.sum(axis=1, keepdims=True)
            grad = (p - y) * sample_weight
            g_w = x.T @ grad / n + l2 * w
            g_b = grad.sum(axis=0) / n
            for param, g, m, v in ((w, g_w, m_w, v_w), (b, g_b, m_b, v_b)):
                m *= beta1
                m += (1 - beta1) * g
                v *= beta2
                v += (1 - beta2) * g * g
                m_hat = m / (1 - beta1**step)
                v_hat = v / (1 - beta2**step)
                param -= learning_rate * m_hat / (np.sqrt(v_hat) + eps)
        return cls(names, vectorizer, w, b)

    def logits(self, samples: Sequence[tuple[list[str], list[str]]]) -> np.ndarray:
        # only the few active features of each sample: no dense samples x vocabulary matrix
        return np.array(
            [values @ self.weights[idx] for idx, values in self.vectorizer.rows(samples)], dtype=np.float32
        ).reshape(len(samples), len(self.labels)) + self.bias

    def scores(self, samples: Sequence[tuple[list[str], list[str]]]) -> np.ndarray:
        return softmax(self.logits(samples))

    def support(self, sample: tuple[list[str], list[str]], label: str) -> float | None:
        """How much the sentence reads as ``label``: its probability over the
        most probable label's (1.0 = the classifier's first choice)."""
        if label not in self.labels:
            return None
        probs = self.scores([sample])[0]
        return float(probs[self.labels.index(label)] / max(float(probs.max()), 1e-9))

    def predict(self, samples: Sequence[tuple[list[str], list[str]]]) -> list[str]:
        return [self.labels[i] for i in self.scores(samples).argmax(axis=1)]

    # -- persistence ------------------------------------------------------

    def to_json(self, meta: dict[str, Any]) -> str:
        vocab = sorted(self.vectorizer.vocabulary, key=self.vectorizer.vocabulary.__getitem__)
        # features whose weights are all ~0 after training carry no information
        keep = [i for i in range(len(vocab)) if float(np.abs(self.weights[i]).max()) >= 1e-3]
        data = {
            "meta": meta,
            "labels": self.labels,
            "group_weights": self.vectorizer.group_weights,
            "features": [vocab[i] for i in keep],
            "idf": [round(float(self.vectorizer.idf[i]), 4) for i in keep],
            "weights": [[round(float(v), 4) for v in self.weights[i]] for i in keep],
            "bias": [round(float(v), 4) for v in self.bias],
        }
        return json.dumps(data, separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str) -> SentenceClassifier:
        data = json.loads(text)
        features = data["features"]
        # older files carry a single rule weight (words 1.0)
        weights = data.get("group_weights") or {"words": 1.0, "rules": float(data["rule_weight"])}
        group_names = sorted(set(weights) | {feature_group(f) for f in features})
        weights = {g: float(weights.get(g, 0.0)) for g in group_names}
        vectorizer = Vectorizer(
            {name: i for i, name in enumerate(features)},
            np.array(data["idf"], dtype=np.float32),
            Vectorizer.group_index(features, group_names),
            group_names,
            weights,
        )
        return cls(
            list(data["labels"]),
            vectorizer,
            np.array(data["weights"], dtype=np.float32).reshape(len(features), len(data["labels"])),
            np.array(data["bias"], dtype=np.float32),
        )


def softmax(logits: np.ndarray) -> np.ndarray:
    """Row-wise softmax of a (samples x labels) logit matrix."""
    shifted = logits - logits.max(axis=1, keepdims=True)
    p = np.exp(shifted)
    return np.asarray(p / p.sum(axis=1, keepdims=True))


def read_weights(path: Path | None, name: str, what: str) -> str:
    """The text of a weights file: ``path``, else ``data/events/<name>``."""
    try:
        if path is not None:
            return path.read_text(encoding="utf-8")
        return read_text("events", name)
    except OSError as exc:
        raise ConfigError(f"{what} weights not found: {exc}") from None


def load_classifier(path: Path | None = None) -> SentenceClassifier:
    return SentenceClassifier.from_json(read_weights(path, MODEL_FILE, "sentence classifier"))


def samples_for(docs: Iterable[Doc], res: Resources) -> list[tuple[list[str], list[str]]]:
    return [(word_features(doc.text), rule_features(doc, res, PLV_LABEL)) for doc in docs]
