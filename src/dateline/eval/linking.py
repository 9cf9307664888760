"""Entity-linking evaluation on ``../shared/data/news-ukwar`` (no gold: coverage + a sample).

For every spaCy PERSON / ORG / GPE entity mention it measures whether the mention
is resolved: it overlaps an actor mention or a geocoded place (the small model tags
places as ORG or PERSON: "Crimea", "Bucha"; resolving those as places is right).
``kb`` shares count only knowledge-base actors (not provisional ones, not places).

``heads`` is the share of PERSON mentions of heads of state or government that
are linked to the right person: the denominator is every PERSON mention whose
name (without titles and possessive) is a name, alias or surname of a
knowledge-base person who was ever head of state or government, plus the PERSON
mentions linked to such a person; the numerator those linked to that person. A
head missing from the knowledge base is invisible to this measure (see
docs/actors.md).

``sample`` draws a fixed random sample (seed 20240601) of knowledge-base links for
hand-checking; it is printed, never stored in the repository (it quotes the
articles).

The fixed subset for CI is the first ``limit`` articles in file order.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dateline.config import Config
from dateline.errors import DataUnavailableError
from dateline.model import Document, Extraction
from dateline.textnorm import content_id

DATA = Path("data") / "news-ukwar" / "articles-2022-2023.jsonl"
SAMPLE_SEED = 20240601
_TITLES = {"mr", "mrs", "ms", "dr", "president", "prime", "minister", "chancellor", "gen", "sir"}


def read_articles(shared: Path, limit: int | None = None) -> Iterator[Document]:
    path = shared / DATA
    if not path.is_file():
        raise DataUnavailableError("news-ukwar articles not found", source=str(path))
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if limit is not None and number > limit:
                break
            record = json.loads(line)
            text = record["text"]
            yield Document(
                id=content_id(text),
                text=text,
                published=(record.get("gdelt_seendate") or "")[:10] or None,
                source=f"{path}:{number}",
                external_id=record.get("id"),
            )


@dataclass
class Counts:
    total: dict[str, int] = field(default_factory=lambda: {"PERSON": 0, "ORG": 0, "GPE": 0})
    linked: dict[str, int] = field(default_factory=lambda: {"PERSON": 0, "ORG": 0, "GPE": 0})
    kb: dict[str, int] = field(default_factory=lambda: {"PERSON": 0, "ORG": 0, "GPE": 0})
    heads_total: int = 0
    heads_linked: int = 0
    links: list[dict[str, Any]] = field(default_factory=list)


def _bare(text: str) -> list[str]:
    from dateline.resolve.actors.kb import fold

    words = fold(text).replace("'s", "").split()
    while len(words) > 1 and words[0].rstrip(".") in _TITLES:
        words = words[1:]
    return words


def count(extraction: Extraction, counts: Counts) -> None:
    from dateline.resolve.actors.kb import load_knowledge_base

    kb = load_knowledge_base()
    text = extraction.document.text
    spans = []
    for actor in extraction.actors:
        for m in actor.mentions:
            spans.append((m.start, m.end, actor))
    places = [(p.span.start, p.span.end) for p in extraction.places]
    heads_names: dict[str, set[str]] = {}
    for entry in kb.entries.values():
        if entry.kind == "person" and entry.is_head():
            for name in entry.names:
                words = _bare(name)
                heads_names.setdefault(" ".join(words), set()).add(entry.id)
                if len(words) > 1:
                    heads_names.setdefault(words[-1], set()).add(entry.id)
    for ent in extraction.entities:
        label = ent.label
        if label not in counts.total:
            continue
        start, end = ent.span.start, ent.span.end
        counts.total[label] += 1
        hits = [a for s, e, a in spans if s < end and start < e]
        if hits or any(s < end and start < e for s, e in places):
            counts.linked[label] += 1
        if any(not a.provisional for a in hits):
            counts.kb[label] += 1
        if label == "PERSON":
            expected = heads_names.get(" ".join(_bare(ent.span.text)), set())
            linked_heads = {
                a.id for a in hits if (found := kb.get(a.id)) is not None and found.is_head()
            }
            # "the Biden administration": spaCy's PERSON "Biden" is rightly the government
            governments = {
                f"country:{head.code}:GOV" for i in expected if (head := kb.get(i)) is not None
            }
            if expected or linked_heads:
                counts.heads_total += 1
                if (linked_heads and (not expected or linked_heads & expected)) or any(
                    a.id in governments for a in hits
                ):
                    counts.heads_linked += 1
    for s, e, actor in spans:
        if actor.provisional:
            continue
        sentence = extraction.document.sentence_index(s)
        context = text[max(0, s - 80) : e + 80].replace("\n", " ")
        counts.links.append(
            {
                "doc": extraction.document.external_id,
                "sentence": sentence,
                "mention": text[s:e],
                "actor": actor.id,
                "name": actor.name,
                "context": context,
            }
        )


def evaluate_linking(
    shared: Path, config: Config | None = None, limit: int | None = None, sample: int = 0
) -> dict[str, Any]:
    from dateline.pipeline import Pipeline

    config = config or Config()
    stages = tuple(s for s in ("segment", "actors", "places") if s in config.stages) or (
        "segment", "actors", "places",
    )
    pipeline = Pipeline(config.with_overrides(stages=stages))
    counts = Counts()
    documents = 0
    for outcome in pipeline.pipe(read_articles(shared, limit)):
        if outcome.extraction is None:
            continue
        documents += 1
        count(outcome.extraction, counts)
    metrics: dict[str, Any] = {"documents": documents}
    for label in ("PERSON", "ORG", "GPE"):
        metrics[f"linked_{label.lower()}"] = counts.linked[label] / max(1, counts.total[label])
        metrics[f"kb_{label.lower()}"] = counts.kb[label] / max(1, counts.total[label])
    total = sum(counts.total.values())
    metrics["linked_all"] = sum(counts.linked.values()) / max(1, total)
    metrics["kb_all"] = sum(counts.kb.values()) / max(1, total)
    metrics["heads"] = counts.heads_linked / max(1, counts.heads_total)
    metrics["heads_mentions"] = counts.heads_total
    metrics["mentions"] = total
    if sample:
        rng = random.Random(SAMPLE_SEED)
        metrics["sample"] = rng.sample(counts.links, min(sample, len(counts.links)))
    return metrics
