"""The fusion evaluation against its pinned floors (reads ../shared; loads spaCy)."""

from __future__ import annotations

from pathlib import Path

import pytest

from dateline.eval.floors import below_floors, load_floors
from dateline.eval.fusion import evaluate_duplicates, evaluate_fusion, headline, labelled_duplicates


def test_labelled_pairs_hold_ids_only() -> None:
    data = labelled_duplicates()
    assert data["n_articles"] == 357 and len(data["duplicate_pairs"]) == 79
    assert all(len(p) == 2 and all(len(x) < 60 for x in p) for p in data["duplicate_pairs"])


@pytest.mark.shared
def test_duplicates_on_news_ukwar(shared_dir: Path) -> None:
    report = evaluate_duplicates(shared_dir / "data" / "news-ukwar" / "articles-2022-2023.jsonl")
    assert report["wrong_pairs"] == 0 and report["missed_pairs"] == 0


@pytest.mark.shared
@pytest.mark.model
def test_fusion_evaluation_meets_floors(shared_dir: Path) -> None:
    report = evaluate_fusion(shared_dir / "data" / "ecbplus", "dev")
    ecb = report["ecbplus"]
    assert ecb["documents"] == 196 and ecb["mentions"] > 1000
    assert ecb["dateline"]["conll"]["f1"] >= ecb["lemma_baseline"]["conll"]["f1"] + 0.05
    assert below_floors(headline(report), load_floors("fusion")) == []


@pytest.mark.shared
def test_store_links_the_same_duplicates_as_the_evaluation(shared_dir: Path) -> None:
    """The store path (fuse_document) links exactly the labelled pairs on news-ukwar."""
    import json
    from itertools import combinations

    from dateline.fusion import engine
    from dateline.model import Document, Extraction
    from dateline.store import open_store

    path = shared_dir / "data" / "news-ukwar" / "articles-2022-2023.jsonl"
    gold = {frozenset(p) for p in labelled_duplicates()["duplicate_pairs"]}
    with open_store(":memory:") as store, path.open(encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            doc = Document(id=record["id"], text=record["text"], published=record["gdelt_seendate"][:10])
            extraction = Extraction(document=doc, pipeline_version="test")
            store.save(extraction)
            engine.fuse_document(store, extraction)
        groups: dict[str, set[str]] = {}
        for link in engine.duplicates(store):
            groups.setdefault(link["duplicate_of"], {link["duplicate_of"]}).add(link["document_id"])
    predicted = {frozenset(p) for g in groups.values() for p in combinations(sorted(g), 2)}
    assert predicted == gold
