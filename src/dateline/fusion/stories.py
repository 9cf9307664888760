"""Story clusters: documents about the same story, grouped as they arrive.

Representation: a TF-IDF vector over crude word stems (sublinear TF, IDF from the
document frequencies seen so far, kept in the store), truncated to the heaviest
terms, plus three sets -- actor ids, place names and PLOVER event types. Why not
embeddings: the core install has no embedding model and must not download one;
TF-IDF on stems is cheap enough to run on every ingest, incremental (document
frequencies are counts), and explainable (a story's label is its top terms,
shown as words: each stem's commonest spelling in the story, as its spaCy lemma --
"creeping index nudged" reads "creep index nudge", never the stems "creep nudg").
Why the sets: two reports of one story often share few words (a wire report vs
a local translation) but name the same actors and places.

A new document is compared with the stories active within ``window_days`` of its
publication day and joins the best one when the combined score reaches ``join``;
otherwise it starts a story. A story's centroid is the running mean of its
documents' vectors (truncated), so joining is O(stories in the window).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from dateline.fusion.matching import FINE_PLACES, actor_base
from dateline.fusion.resources import rules
from dateline.fusion.text import cosine, jaccard, normalise, stem, terms, words
from dateline.model import Extraction

FEATURES = ("actors", "places", "events")
LABEL_WORDS = "words"  # story features key: term -> spelling -> count (for labels, not scoring)


@dataclass(frozen=True)
class StorySettings:
    window_days: int
    join: float
    weights: Mapping[str, float]
    centroid_terms: int
    document_terms: int
    max_candidates: int
    max_span_days: int = 30
    candidate_terms: int = 40

    @classmethod
    def load(cls) -> StorySettings:
        data = rules()["stories"]
        return cls(
            int(data["window_days"]), float(data["join"]), dict(data["weights"]),
            int(data["centroid_terms"]), int(data["document_terms"]), int(data["max_candidates"]),
            int(data.get("max_span_days", 30)), int(data.get("candidate_terms", 40)),
        )


def surface_words(extraction: Extraction) -> dict[str, dict[str, int]]:
    """Stem -> the words of the document that fold to it, with counts (for labels)."""
    found: dict[str, dict[str, int]] = {}
    doc = extraction.document
    for text in (doc.title or "", doc.text):
        for word in words(text):
            term = stem(word)
            counts = found.setdefault(term, {})
            counts[word] = counts.get(word, 0) + 1
    return found


def document_terms(extraction: Extraction) -> Counter[str]:
    doc = extraction.document
    counts = terms(doc.text)
    if doc.title:
        for term, n in terms(doc.title).items():
            counts[term] += 2 * n  # the headline says what the story is
    return counts


def document_features(extraction: Extraction) -> dict[str, list[str]]:
    """Actor ids (sector variants folded), fine place names, event types."""
    actors = sorted({actor_base(a.id) for a in extraction.actors if not a.provisional})
    places = sorted({
        (p.name or "").casefold() for p in extraction.places
        if p.name and (p.precision or "") in FINE_PLACES
    })
    events = sorted({e.event for e in extraction.events if e.asserted})
    return {"actors": actors, "places": places, "events": events}


@dataclass
class Story:
    id: int
    first_day: int | None
    last_day: int | None
    n_documents: int = 0
    centroid: dict[str, float] = field(default_factory=dict)
    # name -> value -> count; LABEL_WORDS: term -> spelling -> count
    features: dict[str, dict[str, Any]] = field(default_factory=dict)

    def feature_set(self, name: str) -> list[str]:
        return list(self.features.get(name, {}))


def score(
    vector: Mapping[str, float], features: Mapping[str, list[str]], story: Story,
    settings: StorySettings,
) -> float:
    w = settings.weights
    total = w.get("text", 0.0) * cosine(vector, story.centroid)
    for name in FEATURES:
        total += w.get(name, 0.0) * jaccard(features.get(name, []), story.feature_set(name))
    return total


def best_story(
    vector: Mapping[str, float], features: Mapping[str, list[str]], candidates: list[Story],
    settings: StorySettings,
) -> tuple[Story | None, float]:
    best: Story | None = None
    best_score = 0.0
    for story in candidates:
        s = score(vector, features, story, settings)
        if s > best_score:
            best, best_score = story, s
    if best is not None and best_score >= settings.join:
        return best, best_score
    return None, best_score


def add_to_story(
    story: Story, vector: Mapping[str, float], features: Mapping[str, list[str]],
    day: int | None, settings: StorySettings,
    surfaces: Mapping[str, Mapping[str, int]] | None = None,
) -> None:
    n = story.n_documents
    merged: dict[str, float] = {k: v * n for k, v in story.centroid.items()}
    for k, v in vector.items():
        merged[k] = merged.get(k, 0.0) + v
    top = sorted(merged.items(), key=lambda kv: (-kv[1], kv[0]))[: settings.centroid_terms]
    story.centroid = normalise(dict(top))
    for name in FEATURES:
        counts = story.features.setdefault(name, {})
        for value in features.get(name, []):
            counts[value] = counts.get(value, 0) + 1
    if surfaces is not None:
        # spellings of the centroid's terms only, so the story's row stays small
        kept = story.features.get(LABEL_WORDS, {})
        spelled: dict[str, Any] = {}
        for term in story.centroid:
            counts = dict(kept.get(term, {}))
            for word, count in surfaces.get(term, {}).items():
                counts[word] = counts.get(word, 0) + count
            if counts:
                spelled[term] = counts
        story.features[LABEL_WORDS] = spelled
    story.n_documents = n + 1
    if day is not None:
        story.first_day = day if story.first_day is None else min(story.first_day, day)
        story.last_day = day if story.last_day is None else max(story.last_day, day)


def label(story: Story, n_terms: int = 5) -> str:
    """The story's heaviest terms as words (lemmas), heaviest first, without repeats."""
    top = sorted(story.centroid.items(), key=lambda kv: (-kv[1], kv[0]))[:n_terms]
    spelled: Mapping[str, Mapping[str, int]] = story.features.get(LABEL_WORDS, {})
    shown = [
        max(spelled[term].items(), key=lambda kv: (kv[1], -len(kv[0])))[0] if spelled.get(term) else term
        for term, _ in top
    ]
    return " ".join(dict.fromkeys(lemmas(shown)))


@lru_cache(maxsize=8192)
def _lemma(word: str) -> str:
    from dateline.backbone import load_spacy
    from dateline.config import Config
    from dateline.errors import ConfigError

    try:
        nlp = load_spacy(Config().spacy_model)
    except ConfigError:  # no model installed: the commonest spelling is still a word
        return word
    disabled = [name for name in ("parser", "ner", "dateline_paragraphs") if name in nlp.pipe_names]
    with nlp.select_pipes(disable=disabled):
        doc = nlp(word)
    return "".join(t.lemma_.lower() + t.whitespace_ for t in doc) or word


def lemmas(words_: list[str]) -> list[str]:
    """spaCy lemmas of single words (cached; the model is the pipeline's, loaded once)."""
    return [_lemma(w) for w in words_]
