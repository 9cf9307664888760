"""Reader for ECB+ (Cybulska & Vossen 2014): action mentions and their gold clusters.

Only sentences listed in ``ECBplus_coreference_sentences.csv`` were annotated for
coreference, so only mentions inside them are read. A mention's gold cluster is
its ``CROSS_DOC_COREF`` instance id; otherwise its ``INTRA_DOC_COREF`` chain
(scoped to the document); otherwise it is a singleton. Action mentions are the
markables whose tag starts with ``ACTION`` or ``NEG``.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from defusedxml import ElementTree

from dateline.errors import DataUnavailableError, EvaluationError

TRAIN_TOPICS = (1, 3, 4, 6, 7, 8, 9, 10, 11, 13, 14, 16, 19, 20, 22, 24, 25, 26, 27, 28, 29, 30,
                31, 32, 33)
DEV_TOPICS = (2, 5, 12, 18, 21, 23, 34, 35)
SENTENCES_FILE = "ECBplus_coreference_sentences.csv"


@dataclass(slots=True)
class Token:
    tid: int
    sentence: int
    text: str


@dataclass(slots=True)
class ActionMention:
    doc: str  # e.g. "2_1ecb"
    topic: int
    mid: str
    sentence: int
    token_ids: list[int]
    tag: str
    gold: str

    @property
    def key(self) -> str:
        return f"{self.doc}#{self.mid}"


@dataclass
class EcbDocument:
    name: str  # "2_1ecb"
    topic: int
    tokens: list[Token]
    mentions: list[ActionMention] = field(default_factory=list)
    sentences: set[int] = field(default_factory=set)  # those annotated for coreference

    def sentence_tokens(self, sentence: int) -> list[Token]:
        return [t for t in self.tokens if t.sentence == sentence]

    def text(self, sentences: Iterable[int] | None = None) -> str:
        wanted = None if sentences is None else set(sentences)
        return " ".join(t.text for t in self.tokens if wanted is None or t.sentence in wanted)


def annotated_sentences(corpus: Path) -> dict[str, set[int]]:
    path = corpus / SENTENCES_FILE
    if not path.is_file():
        raise DataUnavailableError(f"no {SENTENCES_FILE}: is this the ECB+ folder?", source=str(corpus))
    out: dict[str, set[int]] = {}
    with path.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            out.setdefault(f"{row['Topic']}_{row['File']}", set()).add(int(row["Sentence Number"]))
    return out


def read_document(path: Path, sentences: set[int]) -> EcbDocument:
    name = path.name.removesuffix(".xml")
    try:
        topic = int(name.split("_")[0])
        root = ElementTree.parse(path).getroot()
    except (ValueError, ElementTree.ParseError) as exc:
        raise EvaluationError(f"cannot read ECB+ document: {exc}", source=str(path)) from None
    tokens = [
        Token(int(t.get("t_id")), int(t.get("sentence")), t.text or "") for t in root.iter("token")
    ]
    sentence_of = {t.tid: t.sentence for t in tokens}
    anchors: dict[str, tuple[str, list[int]]] = {}
    markables = root.find("Markables")
    for m in [] if markables is None else list(markables):
        ids = [int(a.get("t_id")) for a in m.findall("token_anchor")]
        if ids:
            anchors[m.get("m_id", "")] = (m.tag, ids)
    gold: dict[str, str] = {}
    relations = root.find("Relations")
    for rel in [] if relations is None else list(relations):
        sources = [s.get("m_id", "") for s in rel.findall("source")]
        if rel.tag == "CROSS_DOC_COREF":
            for mid in sources:
                gold[mid] = str(rel.get("note"))
        elif rel.tag == "INTRA_DOC_COREF":
            target = rel.find("target")
            chain = f"{name}:intra:{'' if target is None else target.get('m_id')}"
            for mid in sources:
                gold.setdefault(mid, chain)
    doc = EcbDocument(name, topic, tokens, sentences=set(sentences))
    for mid, (tag, ids) in anchors.items():
        if not (tag.startswith("ACTION") or tag.startswith("NEG")):
            continue
        sentence = sentence_of[ids[0]]
        if sentence not in sentences:
            continue
        doc.mentions.append(ActionMention(
            name, topic, mid, sentence, sorted(ids), tag, gold.get(mid, f"{name}:single:{mid}")
        ))
    doc.mentions.sort(key=lambda m: m.token_ids[0])
    return doc


def read_topics(corpus: Path, topics: Iterable[int]) -> list[EcbDocument]:
    if not corpus.is_dir():
        raise DataUnavailableError("ECB+ folder not found", source=str(corpus))
    selected = annotated_sentences(corpus)
    docs = []
    for topic in topics:
        folder = corpus / str(topic)
        if not folder.is_dir():
            raise DataUnavailableError(f"topic {topic} is missing", source=str(folder))
        for path in sorted(folder.glob("*.xml")):
            name = path.name.removesuffix(".xml")
            if name in selected:
                docs.append(read_document(path, selected[name]))
    return docs
