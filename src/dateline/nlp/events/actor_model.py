"""A learned choice of actor for events whose clause names none.

When the syntax finds no actor ("five people were killed in Kramatorsk", "the
talks resumed", "sanctions imposed for aggression"), the doer is usually named
nearby: in the sentence, in the one before, as the speaker of the quote the
event sits in, or it is the side the article is about. :func:`actor_options`
lists those actors with binary features (where the mention stands, its role in
the parse, the kind of actor, how often the article names it, the event type);
:class:`ActorModel` scores each option with logistic-regression weights trained
on ``ukwar-train`` (``scripts/train_actor_model.py``, scikit-learn) and read
from ``data/events/actor_model.json`` (inference is plain Python).

An event whose actor is only inferred this way keeps a lower confidence
(:data:`dateline.nlp.events.build.INFERRED_ACTOR_FACTOR`).
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from dateline.backbone import token_at as shared_token_at
from dateline.nlp.events.syntax import Candidate, lemma
from dateline.packagedata import read_text

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from dateline.model import Actor

MODEL_FILE = "actor_model.json"
# the article's most named actors offered to every event ("the side it is about")
TOP_ACTORS = 3


@dataclass
class Option:
    """One actor an event might have, with the features that describe it."""

    actor_id: str
    code: str
    features: set[str] = field(default_factory=set)


def party_code(actor: Actor) -> str:
    """What stands for ``actor`` when the events stage tells parties apart: its
    code, or its id when it has none. A provisional person (a name the knowledge
    base does not know) stands by its id even when the text gives a country
    ("Polish MEP X"): that country codes the events for a reader, but two
    compatriots the text names are two parties (two resignations, one
    criticising the other's party), as the models here were trained."""
    return actor.id if actor.provisional and actor.kind == "person" else (actor.code or actor.id)


def _bucket(n: int) -> str:
    for limit in (3, 8, 15, 30):
        if n <= limit:
            return str(limit)
    return "far"


class DocumentActors:
    """Per-document facts the features need: mention counts per code and the
    actor mentions of each sentence."""

    def __init__(self, actors: list[Actor], doc: Doc) -> None:
        counts: Counter[str] = Counter()
        coded = [a for a in actors if a.code and party_code(a) == a.code]
        for actor in coded:
            counts[actor.code or ""] += len(actor.mentions)
        self.rank = {code: n for n, (code, _) in enumerate(counts.most_common())}
        self.top: list[Actor] = []
        seen: set[str] = set()
        best = sorted(
            coded, key=lambda a: (self.rank[a.code or ""], len(a.id))
        )
        for actor in best:
            if actor.code not in seen:
                seen.add(actor.code or "")
                self.top.append(actor)
            if len(self.top) >= TOP_ACTORS:
                break
        self.token_at = shared_token_at(doc)


def actor_options(
    cand: Candidate,
    mentions: list[tuple[int, int, Actor, str]],
    facts: DocumentActors,
    recipient_codes: set[str],
    speaker: Actor | None,
    roles: Collection[tuple[str, str, str]] = (),
) -> list[Option]:
    """The actors an event could have: ``mentions`` are (start, end, actor,
    where) for actor mentions of the trigger's sentence ("sent") and of the
    sentence before ("prev"); plus ``speaker``, who says the quote the trigger is in,
    and the article's most named actors. ``roles`` are (type, "actor" or
    "recipient", code) of the article's other mentions ("*": any type)."""
    event = cand.event
    options: dict[str, Option] = {}

    def add(actor: Actor, feats: set[str]) -> None:
        code = party_code(actor)
        option = options.get(code)
        if option is None:
            options[code] = Option(actor.id, code, feats)
        else:
            option.features |= feats

    for n, (start, end, actor, where) in enumerate(mentions):
        feats = {f"src={where}", f"type_src={event}:{where}"}
        if where == "sent":
            side = "before" if end <= cand.start else "after"
            words = abs(start - cand.start) // 6  # ~ words between
            feats |= {f"side={side}", f"dist={side}:{_bucket(words)}", f"type_side={event}:{side}"}
            token = facts.token_at.get(start)
            if token is not None:
                root = token
                while root.dep_ in ("compound", "amod", "poss", "case") and root.head != root:
                    root = root.head
                dep = root.dep_
                feats |= {f"dep={dep}", f"type_dep={event}:{dep}"}
                if dep == "pobj":
                    feats |= {f"prep={root.head.lower_}", f"type_prep={event}:{root.head.lower_}"}
                if dep in ("nsubj", "nsubjpass") and root.head.pos_ in ("VERB", "AUX"):
                    feats.add(f"subj_of={lemma(root.head)[:12]}" if root.head.i == cand.trigger.i else "subj_other")
                if dep == "poss":
                    feats.add("possessor")
                if root.i == cand.trigger.i or any(a.i == root.i for a in cand.trigger.ancestors):
                    feats.add("above_trigger")
        if n == 0 and where == "sent":
            feats.add("first_in_sentence")
        add(actor, feats)
    if speaker is not None:
        add(speaker, {"speaker", f"type_speaker={event}"})
    for actor in facts.top:
        add(actor, {"doc_top"})
    for code, option in options.items():
        rank = facts.rank.get(code)
        tag = "none" if rank is None else str(min(rank, 4))
        option.features |= {f"rank={tag}", f"type_rank={event}:{tag}", f"type={event}"}
        if (event, "actor", code) in roles:
            option.features.add("doc_type_actor")
        if ("*", "actor", code) in roles:
            option.features.add("doc_actor")
        if (event, "recipient", code) in roles:
            option.features.add("doc_type_recipient")
        if code in recipient_codes:
            option.features |= {"is_recipient", f"type_is_recipient={event}"}
        kind = _kind_of(option.actor_id)
        option.features |= {f"kind={kind}", f"type_kind={event}:{kind}"}
    return [o for o in options.values() if o.code]


def _kind_of(actor_id: str) -> str:
    prefix = actor_id.split(":", 1)[0]
    if prefix == "country":
        return "sector" if actor_id.count(":") == 2 else "country"
    return prefix if prefix in ("person", "org", "media", "prov") else "other"


class ActorModel:
    """Logistic-regression weights over option features."""

    def __init__(self, weights: dict[str, float], bias: float, threshold: float) -> None:
        self.weights = weights
        self.bias = bias
        self.threshold = threshold

    def probability(self, option: Option) -> float:
        z = self.bias + sum(self.weights.get(f, 0.0) for f in option.features)
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def choose(self, options: list[Option]) -> tuple[Option, float] | None:
        """The most likely option, when it clears the model's threshold."""
        scored = [(self.probability(o), o) for o in options]
        if not scored:
            return None
        p, best = max(scored, key=lambda s: s[0])
        return (best, p) if p >= self.threshold else None

    def to_json(self) -> str:
        return json.dumps({"bias": self.bias, "threshold": self.threshold, "weights": self.weights}, indent=0, sort_keys=True)


@lru_cache(maxsize=1)
def load_actor_model() -> ActorModel | None:
    """The shipped model, or None when its file is missing (no inference then)."""
    try:
        text = read_text("events", MODEL_FILE)
    except OSError:
        return None
    data = json.loads(text)
    return ActorModel({str(k): float(v) for k, v in data["weights"].items()}, float(data["bias"]), float(data["threshold"]))
