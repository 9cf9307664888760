"""A small sentence-type classifier for PLOVER root types (numpy only).

Features are word unigrams and bigrams (sublinear TF-IDF, L2-normalised) plus
the rule layer's reading of the sentence (trigger types, the type of the
trigger nearest the root, trigger and verb lemmas), so that the classifier
learns when to trust the lexicon. The model is multinomial logistic regression
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
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from dateline.errors import ConfigError
from dateline.nlp.events.resources import Resources
from dateline.nlp.events.syntax import Candidate, candidates, lemma

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

WORD = re.compile(r"(?u)\b\w\w+\b")
MODEL_FILE = "sentence_classifier.json"
# Merged labels of older PLOVER data sets: YIELD covers RETREAT and CONCEDE.
PLV_LABEL = {"RETREAT": "YIELD", "CONCEDE": "YIELD"}


def rule_features(doc: Doc, res: Resources, label_map: dict[str, str] | None = None) -> list[str]:
    """The rule layer's reading of a parsed sentence, as feature strings."""
    found = [cand for sent in doc.sents for cand in candidates(sent, res)]
    return features_from(found, doc, label_map)


def features_from(
    found: Sequence[Candidate], tokens: Iterable[Token], label_map: dict[str, str] | None = None
) -> list[str]:
    """Feature strings from candidates already found in ``tokens`` (a sentence or doc)."""
    label_map = label_map or {}
    feats: list[str] = []
    root: tuple[int, str] | None = None
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
            root = (depth, event)
    if root is not None:
        feats.append(f"ROOT={root[1]}")
    for token in tokens:
        if token.dep_ == "ROOT":
            feats.append(f"RV={lemma(token)}")
        if token.pos_ == "VERB":
            feats.append(f"V={lemma(token)}")
    return feats


def root_type(doc: Doc, res: Resources) -> str | None:
    """The rule layer's type for the sentence: the trigger nearest the root."""
    for feat in rule_features(doc, res):
        if feat.startswith("ROOT="):
            return feat[5:]
    return None


def word_features(text: str) -> list[str]:
    words = WORD.findall(text.lower())
    return words + [f"{a} {b}" for a, b in zip(words, words[1:], strict=False)]


@dataclass
class Vectorizer:
    vocabulary: dict[str, int]
    idf: np.ndarray
    groups: np.ndarray  # 0 = words, 1 = rule features
    rule_weight: float

    @classmethod
    def fit(cls, samples: Sequence[tuple[list[str], list[str]]], rule_weight: float, min_df: int = 1) -> Vectorizer:
        df: Counter[str] = Counter()
        for words, rules in samples:
            df.update(set(words))
            df.update(set(rules))
        names = sorted(k for k, v in df.items() if v >= min_df)
        vocabulary = {name: i for i, name in enumerate(names)}
        n = len(samples)
        idf = np.array([math.log((1 + n) / (1 + df[name])) + 1 for name in names], dtype=np.float32)
        groups = np.array([1 if "=" in name and name.split("=")[0].isupper() else 0 for name in names])
        return cls(vocabulary, idf, groups, rule_weight)

    def transform(self, samples: Sequence[tuple[list[str], list[str]]]) -> np.ndarray:
        out = np.zeros((len(samples), len(self.vocabulary)), dtype=np.float32)
        for row, (words, rules) in enumerate(samples):
            for group, items in ((0, words), (1, rules)):
                counts = Counter(i for i in (self.vocabulary.get(f) for f in items) if i is not None)
                if not counts:
                    continue
                idx = np.fromiter(counts.keys(), dtype=np.int64)
                values = (1 + np.log(np.fromiter(counts.values(), dtype=np.float32))) * self.idf[idx]
                values /= max(float(np.linalg.norm(values)), 1e-9)
                if group == 1:
                    values *= self.rule_weight
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
        rule_weight: float = 0.7,
        l2: float = 1e-4,
        epochs: int = 120,
        learning_rate: float = 0.1,
        min_df: int = 2,
        balanced: bool = True,
    ) -> SentenceClassifier:
        names = sorted(set(labels))
        vectorizer = Vectorizer.fit(samples, rule_weight, min_df)
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

    def scores(self, samples: Sequence[tuple[list[str], list[str]]]) -> np.ndarray:
        x = self.vectorizer.transform(samples)
        logits = x @ self.weights + self.bias
        logits -= logits.max(axis=1, keepdims=True)
        p = np.exp(logits)
        return np.asarray(p / p.sum(axis=1, keepdims=True))

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
            "rule_weight": self.vectorizer.rule_weight,
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
        vectorizer = Vectorizer(
            {name: i for i, name in enumerate(features)},
            np.array(data["idf"], dtype=np.float32),
            np.array([1 if "=" in f and f.split("=")[0].isupper() else 0 for f in features]),
            float(data["rule_weight"]),
        )
        return cls(
            list(data["labels"]),
            vectorizer,
            np.array(data["weights"], dtype=np.float32).reshape(len(features), len(data["labels"])),
            np.array(data["bias"], dtype=np.float32),
        )


def load_classifier(path: Path | None = None) -> SentenceClassifier:
    try:
        if path is not None:
            text = path.read_text(encoding="utf-8")
        else:
            text = (resources.files("dateline") / "data" / "events" / MODEL_FILE).read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"sentence classifier weights not found: {exc}") from None
    return SentenceClassifier.from_json(text)


def samples_for(docs: Iterable[Doc], res: Resources) -> list[tuple[list[str], list[str]]]:
    return [(word_features(doc.text), rule_features(doc, res, PLV_LABEL)) for doc in docs]
