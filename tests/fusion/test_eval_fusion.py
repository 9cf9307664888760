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
