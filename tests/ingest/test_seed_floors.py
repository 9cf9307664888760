"""The seed's ingest scores stay at or above their pinned floors (CI gate)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dateline.eval.floors import below_floors, load_floors
from dateline.eval.seed_document import score_document
from dateline.eval.seed_ingest import score_ingest
from dateline.ingest import read_inputs
from dateline.model import Document, Extraction


@pytest.mark.shared
def test_seed_ingest_and_document_floors(seed_dir: Path) -> None:
    gold = json.loads((seed_dir / "gold.json").read_text(encoding="utf-8"))
    (document,) = list(read_inputs([str(seed_dir / "article.txt")]))
    assert isinstance(document, Document)
    extraction = Extraction(document=document)
    metrics = {
        "ingest": score_ingest(extraction, document.text, gold),
        "document": score_document(extraction, document.text, gold),
    }
    floors = {
        name: value
        for name, value in load_floors("seed").items()
        if name.startswith(("ingest.", "document."))
    }
    assert any(name.startswith("ingest.") for name in floors)
    assert below_floors(metrics, floors) == []
