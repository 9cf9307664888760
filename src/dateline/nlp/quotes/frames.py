"""Learned attribution frames: which verbs report something, and which of
their arguments is the thing reported.

PolNeAR annotates far more than speech: stances, findings, intentions and
evaluations ("called for X", "the poll shows X", "plans to X", "grilled X").
Their cues are a long tail that no hand-written list covers, so in
``attribution`` mode two small logistic models, trained on PolNeAR's train
split by ``scripts/train_quote_frames.py``, fill in where the rules found
nothing:

- the **cue model** scores a verb from its lemma, its syntax (dependents,
  subject type, voice) and the lexicons' opinion of it;
- the **argument model** scores each of that verb's dependents (clausal
  complement, object, prepositional object, passive subject, ...) as the
  content, and the best one is taken.

The weights are a plain JSON file (``data/quotes/frames.json``); applying them
needs no machine-learning library. The features are the contract between the
training script and this module: both call the functions below.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from dateline.errors import ConfigError
from dateline.nlp.quotes.lexicon import Lexicon
from dateline.nlp.quotes.syntax import subject_of
from dateline.packagedata import data_file

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

    from spacy.tokens import Token

MODEL_FILE = "frames.json"
# Dependents that can hold what a verb reports.
_CLAUSAL = ("ccomp", "xcomp", "dobj", "obj", "nsubjpass", "attr", "oprd", "advcl", "acomp", "dative", "acl")
# Parts of speech read as cues: verbs ("called for") and nouns ("her decision to").
CUE_POS = ("VERB", "NOUN")
_PREP_OBJECTS = ("pobj", "pcomp")


def subject_kind(token: Token | None) -> str:
    if token is None:
        return "none"
    if token.pos_ == "PRON":
        return f"pron:{token.lower_}"
    if token.ent_type_:
        return f"ent:{token.ent_type_}"
    return f"pos:{token.pos_}"


def cue_features(verb: Token, subject: Token | None, lex: Lexicon, quoted: bool) -> list[str]:
    """Feature strings of a candidate cue (a verb or a noun)."""
    lemma = verb.lemma_.lower()
    deps = sorted({_dep_name(c) for c in verb.children})
    feats = [
        "bias",
        f"L={lemma}",
        f"P={verb.pos_}",
        f"T={verb.tag_}",
        f"D={verb.dep_}",
        f"HP={verb.head.pos_}" if verb.head != verb else "HP=ROOT",
        f"S={subject_kind(subject)}",
        f"LS={lemma}|{subject_kind(subject).split(':')[0]}",
    ]
    feats += [f"C={d}" for d in deps]
    feats += [f"LC={lemma}|{d}" for d in deps if d.split(":")[0] in _CLAUSAL + ("prep",)]
    for name, words in (
        ("speech", lex.speech_verbs),
        ("attribution", lex.attribution_verbs),
        ("learned", lex.learned_verbs),
        ("object", lex.object_verbs),
        ("directive", lex.directive_verbs),
    ):
        if lemma in words:
            feats.append(f"LEX={name}")
    if quoted:
        feats.append("QUOTED")
    if any(c.dep_ == "neg" for c in verb.children):
        feats.append("NEG")
    return feats


def speaker_of(cue: Token) -> Token | None:
    """Who a learned cue speaks for: a verb's subject; a noun's possessor ("her
    decision"), else the subject of the verb that has the noun as its object
    ("X made the decision to ...")."""
    if cue.pos_ != "NOUN":
        return subject_of(cue)
    owners = [c for c in cue.children if c.dep_ == "poss"]
    if owners:
        return owners[0]
    if cue.dep_ in ("dobj", "obj") and cue.head.pos_ == "VERB":
        return subject_of(cue.head)
    return None


def arguments(verb: Token) -> Iterator[tuple[str, Token, Token | None]]:
    """(dependency name, argument head, preposition) for each dependent that
    could be what the verb reports."""
    for child in verb.children:
        if child.dep_ in _CLAUSAL:
            yield child.dep_, child, None
        elif child.dep_ == "prep":
            for grandchild in child.children:
                if grandchild.dep_ in _PREP_OBJECTS:
                    yield f"prep:{child.lower_}", grandchild, child


def argument_features(verb: Token, dep: str, head: Token) -> list[str]:
    lemma = verb.lemma_.lower()
    size = sum(1 for _ in head.subtree)
    feats = [
        "bias",
        f"A={dep}",
        f"LA={lemma}|{dep}",
        f"AP={dep}|{head.pos_}",
        f"AS={dep}|{'1' if size == 1 else '2-4' if size < 5 else '5+'}",
        f"AF={dep}|{'before' if head.i < verb.i else 'after'}",
    ]
    if any(c.dep_ == "mark" for c in head.children):
        feats.append(f"AM={dep}|mark")
    if any(c.dep_ in ("nsubj", "nsubjpass") for c in head.children):
        feats.append(f"AX={dep}|subject")
    return feats


def _dep_name(token: Token) -> str:
    if token.dep_ == "prep":
        return f"prep:{token.lower_}"
    return token.dep_


@dataclass(frozen=True)
class LinearModel:
    weights: dict[str, float]

    def probability(self, features: list[str]) -> float:
        score = sum(self.weights.get(f, 0.0) for f in features)
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, score))))


@dataclass(frozen=True)
class FrameModel:
    cue: LinearModel
    argument: LinearModel
    cue_threshold: float
    argument_threshold: float

    def best_argument(self, verb: Token) -> tuple[str, Token, Token | None, float] | None:
        best: tuple[str, Token, Token | None, float] | None = None
        for dep, head, prep in arguments(verb):
            p = self.argument.probability(argument_features(verb, dep, head))
            if p >= self.argument_threshold and (best is None or p > best[3]):
                best = (dep, head, prep, p)
        return best


@lru_cache(maxsize=1)
def frame_model() -> FrameModel | None:
    """The shipped frames, or None when the weights file is absent."""
    path = data_file("quotes", MODEL_FILE)
    return load_frames(path) if path.is_file() else None


def load_frames(path: Path | Traversable) -> FrameModel:
    """Frames from a weights file written by ``scripts/train_quote_frames.py``."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return FrameModel(
            cue=LinearModel(dict(data["cue"]["weights"])),
            argument=LinearModel(dict(data["argument"]["weights"])),
            cue_threshold=float(data["cue"]["threshold"]),
            argument_threshold=float(data["argument"]["threshold"]),
        )
    except (OSError, KeyError, TypeError, ValueError) as exc:
        raise ConfigError(f"quote frame model {path} is invalid: {exc}") from None
