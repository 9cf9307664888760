"""Real articles through the configured pipeline into the store (first 25 dev articles)."""

from __future__ import annotations

from pathlib import Path

import pytest

from dateline.api import ingest
from dateline.config import Config
from dateline.store import open_store

N_ARTICLES = 25


@pytest.mark.shared
@pytest.mark.model
@pytest.mark.slow
def test_ingest_is_idempotent_on_real_articles(shared_dir: Path, tmp_path: Path) -> None:
    source = shared_dir / "data" / "news-ukwar" / "articles-2022-2023.jsonl"
    if not source.is_file():
        pytest.skip(f"{source} not found")
    subset = tmp_path / "subset.jsonl"  # a temporary file outside the repo
    with source.open(encoding="utf-8") as f:
        subset.write_text("".join(next(f) for _ in range(N_ARTICLES)), encoding="utf-8")
    config = Config.load().with_overrides(db=str(tmp_path / "real.db"))
    with open_store(config.db) as store:
        first = ingest([subset], config, store)
        assert first.stored > 0
        # Inputs ingest rejects are its business; everything else is stored or a duplicate.
        assert first.stored + first.skipped + first.duplicates + len(first.failures) == N_ARTICLES
        counts = store.stats()["tables"]
        again = ingest([subset], config, store)
        assert again.stored == 0 and again.skipped == first.stored + first.skipped
        assert again.duplicates == first.duplicates  # repeats within the input, named as such
        assert store.stats()["tables"] == counts
        assert store.verify() == []
        for ex in store.iter_extractions():
            for sentence in ex.document.sentences[:3]:
                assert ex.document.text[sentence.start : sentence.end].strip()
