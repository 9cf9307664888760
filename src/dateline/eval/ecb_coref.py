"""Cross-document event coreference on ECB+ action mentions, and the lemma baseline.

The system is the fusion pipeline's own reasoning, restricted to what ECB+
offers (no dates, actor ids or places are given for its mentions):

1. **Documents -> stories.** Within a topic, documents are grouped by the story
   representation used on ingest (:mod:`dateline.fusion.stories`: TF-IDF over
   word stems and years of the whole article), clustered average-link since ECB+
   is a closed collection without usable dates. ECB+ topics hold two real-world events of
   the same kind (two earthquakes, two Oscar ceremonies), which is exactly what
   story clustering separates.
2. **Mentions -> events.** Within a story, action mentions whose head words have
   the same lemma, crude stem ("arrested"/"arrest") or event-word family
   (``data/fusion/event_families.json``: "killed"/"murder", "quake"/"earthquake")
   corefer -- except reporting and light verbs ("said"), each its own act.

The baseline (the usual side-by-side peer) links mentions with the same head
lemma anywhere in the topic. Both score gold action mentions (ECB+'s annotated
triggers), so the comparison isolates clustering, not mention detection.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from dateline.eval.ecb_corpus import ActionMention, EcbDocument
from dateline.fusion.resources import event_families, never_link, stopwords
from dateline.fusion.text import YEAR, cosine, stem, tfidf


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
            span = [parsed[i] for i in idx]
            roots = [t for t in span if t.head.i not in inside or t.head.i == t.i]
            content = [t for t in roots if t.pos_ in ("VERB", "NOUN", "ADJ", "PROPN")] or roots or span
            head = content[0]
            heads[m.key] = Head(head.lemma_.lower(), head.text, head.pos_)
    return heads


def document_counts(doc: EcbDocument, capital_weight: int) -> Counter[str]:
    """Word stems (and years) of a document; capitalised words inside a sentence (names)
    and years count ``capital_weight`` times: they tell one earthquake from another."""
    stop = stopwords()
    counts: Counter[str] = Counter()
    sentence_start = True
    for token in doc.tokens:
        word = token.text
        lower = word.lower()
        content = len(lower) > 1 and lower not in stop and any(c.isalnum() for c in lower)
        if content and (not lower.isdigit() or YEAR.fullmatch(lower)):
            named = (word[0].isupper() and not sentence_start) or lower.isdigit()
            counts[stem(lower)] += capital_weight if named else 1
        sentence_start = word in (".", "!", "?", "``", '"') or token.tid == 1
    return counts


def cluster_documents(
    docs: Sequence[EcbDocument], join: float, capital_weight: int = 3
) -> dict[str, int]:
    """Story clusters of one topic's documents: average-link over TF-IDF cosine.

    The batch counterpart of the incremental ingest clustering (same vectors);
    ECB+ arrives as a closed collection, so the order-independent version is used.
    """
    counts = {d.name: document_counts(d, capital_weight) for d in docs}
    df: dict[str, int] = {}
    for c in counts.values():
        for t in c:
            df[t] = df.get(t, 0) + 1
    vectors = [tfidf(counts[d.name], df, len(docs), 1000) for d in docs]
    n = len(docs)
    sim = [[cosine(vectors[i], vectors[j]) for j in range(n)] for i in range(n)]
    groups: list[list[int]] = [[i] for i in range(n)]
    while len(groups) > 1:
        best = (join, -1, -1)
        for a in range(len(groups)):
            for b in range(a + 1, len(groups)):
                s = sum(sim[i][j] for i in groups[a] for j in groups[b]) / (len(groups[a]) * len(groups[b]))
                if s >= best[0]:
                    best = (s, a, b)
        if best[1] < 0:
            break
        _, a, b = best
        groups[a].extend(groups.pop(b))
    return {docs[i].name: g for g, members in enumerate(groups) for i in members}


def _key(head: Head | None, mention: ActionMention, use_families: bool) -> str:
    if head is None:
        return f"?{mention.key}"
    if not use_families:
        return head.lemma
    if head.lemma in never_link():
        return f"!{mention.key}"
    return event_families().get(head.lemma) or stem(head.lemma)


def lemma_baseline(docs: Iterable[EcbDocument], heads: dict[str, Head]) -> dict[str, str]:
    """Same head lemma within a topic -> same event."""
    return {
        m.key: f"{m.topic}|{_key(heads.get(m.key), m, False)}" for d in docs for m in d.mentions
    }


def fusion_clusters(
    docs: Sequence[EcbDocument], heads: dict[str, Head], *, join: float, use_families: bool = True
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
                out[m.key] = f"{topic}|{story_of[d.name]}|{_key(heads.get(m.key), m, use_families)}"
    return out


def story_purity(docs: Sequence[EcbDocument], join: float) -> dict[str, float]:
    """How well story clustering recovers ECB+'s two events per topic (the ecb / ecbplus halves)."""
    from dateline.eval.coref_metrics import conll

    key, response = {}, {}
    by_topic: dict[int, list[EcbDocument]] = {}
    for d in docs:
        by_topic.setdefault(d.topic, []).append(d)
    for topic, topic_docs in by_topic.items():
        for name, story in cluster_documents(topic_docs, join).items():
            key[name] = f"{topic}|{'plus' if name.endswith('plus') else 'ecb'}"
            response[name] = f"{topic}|{story}"
    return {k: v["f1"] for k, v in conll(key, response).items()}


def detected_documents(docs: Sequence[EcbDocument], config: Any = None) -> list[EcbDocument]:
    """The same documents with dateline's own event mentions instead of the gold ones.

    Each ECB+ document is rebuilt as text (tokens joined by spaces, one sentence per
    line) and run through the pipeline; every event mention inside an annotated
    sentence becomes an action mention over the tokens it covers. A detected mention
    sharing a token with a gold mention takes that gold mention's key (one gold
    mention per detected one); the others keep their own key (twinless: they lower
    precision), and gold mentions never detected lower recall.
    """
    from dateline.api import get_pipeline
    from dateline.config import Config
    from dateline.model import Document

    pipeline = get_pipeline(config or Config.load())
    built: list[tuple[EcbDocument, Document, list[tuple[int, int, int]]]] = []
    for doc in docs:
        pieces: list[str] = []
        spans: list[tuple[int, int, int]] = []  # (start, end, tid)
        offset = 0
        previous = None
        for token in doc.tokens:
            if previous is not None:
                sep = "\n" if token.sentence != previous else " "
                pieces.append(sep)
                offset += 1
            text = token.text or "_"
            spans.append((offset, offset + len(text), token.tid))
            pieces.append(text)
            offset += len(text)
            previous = token.sentence
        built.append((doc, Document(id=doc.name, text="".join(pieces)), spans))
    out: list[EcbDocument] = []
    for (doc, _document, spans), outcome in zip(built, pipeline.pipe(b[1] for b in built), strict=True):
        sentence_of = {t.tid: t.sentence for t in doc.tokens}
        gold_by_token = {tid: m for m in doc.mentions for tid in m.token_ids}
        taken: set[str] = set()
        found = EcbDocument(doc.name, doc.topic, doc.tokens, sentences=doc.sentences)
        events = [] if outcome.extraction is None else outcome.extraction.events
        seen: set[tuple[int, ...]] = set()
        for event in events:
            for mention in event.mentions:
                tids = [tid for s, e, tid in spans if s < mention.end and mention.start < e]
                if not tids or tuple(tids) in seen:
                    continue
                seen.add(tuple(tids))
                sentence = sentence_of[tids[0]]
                if sentence not in doc.sentences:  # only sentences ECB+ annotated
                    continue
                gold = next((gold_by_token[t] for t in tids if t in gold_by_token
                             and gold_by_token[t].key not in taken), None)
                if gold is not None:
                    taken.add(gold.key)
                    mid, cluster = gold.mid, gold.gold
                else:
                    mid, cluster = f"det{len(found.mentions)}", f"{doc.name}:twinless:{len(found.mentions)}"
                found.mentions.append(ActionMention(doc.name, doc.topic, mid, sentence, tids, "DETECTED", cluster))
        out.append(found)
    return out
