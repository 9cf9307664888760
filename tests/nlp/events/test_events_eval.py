"""Evaluations on shared data (floors pinned in eval/floors/events.json and seed.events.json)."""

from __future__ import annotations

from pathlib import Path

import pytest

from dateline.eval.floors import below_floors, load_floors
from dateline.eval.plv import classification_scores, stratified_folds


def test_classification_scores_by_hand():
    gold = ["A", "A", "B", "C"]
    pred = ["A", "B", "B", "NONE"]
    scores = classification_scores(gold, pred, ["A", "B", "C"])
    assert scores["accuracy"] == 0.5
    # A: p 1, r .5 -> .667; B: p .5, r 1 -> .667; C: 0
    assert abs(scores["macro_f1"] - (2 / 3 + 2 / 3) / 3) < 1e-9
    # micro over the labels: tp 2, fp 1 (B for A; "NONE" is no label), fn 2 -> P 2/3, R 1/2
    assert abs(scores["micro_f1"] - 4 / 7) < 1e-9
    assert scores["confusion"]["C"] == {"NONE": 1}


def test_stratified_folds_are_fixed_and_balanced():
    labels = ["A"] * 10 + ["B"] * 5
    folds = stratified_folds(labels, 5, seed=1)
    assert folds == stratified_folds(labels, 5, seed=1)
    assert sorted(folds[:10]) == [0, 0, 1, 1, 2, 2, 3, 3, 4, 4]
    assert sorted(folds[10:]) == [0, 1, 2, 3, 4]


@pytest.mark.shared
@pytest.mark.model
def test_plv_and_gsr_meet_floors(shared_dir: Path) -> None:
    from dateline.eval.events import evaluate_events, headline

    report = evaluate_events(shared_dir)
    floors = load_floors("events")
    assert floors, "events floors are pinned"
    assert below_floors(headline(report), floors) == []
    assert set(report["plv"]["classifier"]["per_label_f1"]) == {
        "ACCUSE", "AGREE", "AID", "ASSAULT", "COERCE", "CONSULT", "COOPERATE", "MOBILIZE",
        "PROTEST", "REJECT", "REQUEST", "SANCTION", "SUPPORT", "THREATEN", "YIELD",
    }


@pytest.mark.shared
@pytest.mark.model
def test_seed_events_meet_floors(seed_dir: Path) -> None:
    from dateline.eval.seed import evaluate_seed

    scores = evaluate_seed(seed_dir)
    assert "events" in scores
    floors = {k: v for k, v in load_floors("seed").items() if k.startswith("events.")}
    assert floors, "seed.events floors are pinned"
    assert below_floors({"events": scores["events"]}, floors) == []


@pytest.mark.shared
@pytest.mark.model
def test_real_articles_no_crash_and_stage_cost(shared_dir: Path) -> None:
    """On real news the full pipeline never fails and the events stage stays a
    small share of its time (budget: 25%)."""
    import json

    from dateline.eval.events import stage_share

    path = shared_dir / "data" / "news-ukwar" / "articles-2022-2023.jsonl"
    if not path.is_file():
        pytest.skip("news-ukwar articles not found")
    with path.open(encoding="utf-8") as handle:
        texts = [json.loads(line)["text"] for _, line in zip(range(12), handle, strict=False)]
    report = stage_share(texts)
    assert report["documents"] == 12 and report["failed"] == 0
    assert report["events_share"] <= 0.25, report


@pytest.mark.shared
@pytest.mark.model
def test_seed_events_export_as_valid_plover(seed_dir: Path) -> None:
    from dateline.api import extract_path
    from dateline.config import Config
    from dateline.export.plover import record, validate

    extraction = extract_path(seed_dir / "article.txt", Config())
    assert extraction.events
    for event in extraction.events:
        rec = record(event, extraction)
        assert validate(rec) == [], rec
        assert rec["has_event"] == event.asserted
