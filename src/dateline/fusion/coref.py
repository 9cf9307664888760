"""Cross-document event coreference on ECB+ action mentions, and the lemma baseline.

The system is the fusion pipeline's own reasoning, restricted to what ECB+
offers (no dates, actor ids or places are given for its mentions):

1. **Documents -> stories.** Within a topic, documents are grouped with the same
   incremental story clustering used on ingest (:mod:`dateline.fusion.stories`,
   TF-IDF over word stems of the whole article; no time window because ECB+
   documents carry no usable dates). ECB+ topics hold two real-world events of
   the same kind (two earthquakes, two Oscar ceremonies), which is exactly what
   story clustering separates.
2. **Mentions -> events.** Within a story, action mentions whose head words have
   the same lemma (or the same crude stem: "shooting"/"shot" do not, but
   "arrested"/"arrest" do) corefer.

The baseline (the usual side-by-side peer) links mentions with the same head
lemma anywhere in the topic. Both score gold action mentions (ECB+'s annotated
triggers), so the comparison isolates clustering, not mention detection.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from dateline.fusion.ecb import ActionMention, EcbDocument
from dateline.fusion.stories import Story, StorySettings, add_to_story, best_story
from dateline.fusion.text import stem, terms, tfidf


@dataclass(slots=True)
class Head:
    lemma: str
    text: str
    pos: str


def mention_heads(docs: Sequence[EcbDocument], nlp: Any) -> dict[str, Head]:
    """The syntactic head of every action mention (spaCy over ECB+'s own tokens)."""
    from spacy.tokens import Doc

    jobs: list[tuple[EcbDocument, int, list[ActionMention]]] = []
    for doc in docs:
        by_sentence: dict[int, list[ActionMention]] = {}
        for m in doc.mentions:
            by_sentence.setdefault(m.sentence, []).append(m)
        jobs.extend((doc, s, ms) for s, ms in sorted(by_sentence.items()))
    inputs = []
    positions = []
    for doc, sentence, _ms in jobs:
        tokens = doc.sentence_tokens(sentence)
        positions.append({t.tid: i for i, t in enumerate(tokens)})
        inputs.append(Doc(nlp.vocab, words=[t.text or "_" for t in tokens]))
    heads: dict[str, Head] = {}
    for (_doc, _sentence, ms), index, parsed in zip(jobs, positions, nlp.pipe(inputs, batch_size=64), strict=True):
        for m in ms:
            idx = [index[t] for t in m.token_ids if t in index]
            if not idx:
                continue
            inside = set(idx)
            tokens = [parsed[i] for i in idx]
            roots = [t for t in tokens if t.head.i not in inside or t.head.i == t.i]
            content = [t for t in roots if t.pos_ in ("VERB", "NOUN", "ADJ", "PROPN")] or roots or tokens
            head = content[0]
            heads[m.key] = Head(head.lemma_.lower(), head.text, head.pos_)
    return heads


def cluster_documents(docs: Sequence[EcbDocument], join: float) -> dict[str, int]:
    """Incremental story clustering of one topic's documents by text alone."""
    counts = {d.name: terms(d.text()) for d in docs}
    df: dict[str, int] = {}
    for c in counts.values():
        for t in c:
            df[t] = df.get(t, 0) + 1
    settings = StorySettings(
        window_days=0, join=join, weights={"text": 1.0}, centroid_terms=80, document_terms=120,
        max_candidates=1000,
    )
    stories: list[Story] = []
    out: dict[str, int] = {}
    for doc in docs:
        vector = tfidf(counts[doc.name], df, len(docs), settings.document_terms)
        story, _ = best_story(vector, {}, stories, settings)
        if story is None:
            story = Story(len(stories), None, None)
            stories.append(story)
        add_to_story(story, vector, {}, None, settings)
        out[doc.name] = story.id
    return out


def _key(head: Head | None, mention: ActionMention, use_stem: bool) -> str:
    if head is None:
        return f"?{mention.key}"
    return stem(head.lemma) if use_stem else head.lemma


def lemma_baseline(docs: Iterable[EcbDocument], heads: dict[str, Head]) -> dict[str, str]:
    """Same head lemma within a topic -> same event."""
    return {
        m.key: f"{m.topic}|{_key(heads.get(m.key), m, False)}" for d in docs for m in d.mentions
    }


def fusion_clusters(
    docs: Sequence[EcbDocument], heads: dict[str, Head], *, join: float, use_stem: bool = True
) -> dict[str, str]:
    """Story clusters per topic, then same head lemma (or stem) within a story."""
    by_topic: dict[int, list[EcbDocument]] = {}
    for d in docs:
        by_topic.setdefault(d.topic, []).append(d)
    out: dict[str, str] = {}
    for topic, topic_docs in by_topic.items():
        story_of = cluster_documents(topic_docs, join)
        for d in topic_docs:
            for m in d.mentions:
                out[m.key] = f"{topic}|{story_of[d.name]}|{_key(heads.get(m.key), m, use_stem)}"
    return out


def story_purity(docs: Sequence[EcbDocument], join: float) -> dict[str, float]:
    """How well story clustering recovers ECB+'s two events per topic (the ecb / ecbplus halves)."""
    from dateline.fusion.scoring import conll

    key, response = {}, {}
    by_topic: dict[int, list[EcbDocument]] = {}
    for d in docs:
        by_topic.setdefault(d.topic, []).append(d)
    for topic, topic_docs in by_topic.items():
        for name, story in cluster_documents(topic_docs, join).items():
            key[name] = f"{topic}|{'plus' if name.endswith('plus') else 'ecb'}"
            response[name] = f"{topic}|{story}"
    return {k: v["f1"] for k, v in conll(key, response).items()}
