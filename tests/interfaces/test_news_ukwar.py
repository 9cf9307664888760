"""All 357 real articles of news-ukwar through `dateline ingest`, twice (issue 2's bar)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from dateline.interfaces.cli import main
from dateline.store import open_store

pytestmark = [pytest.mark.shared, pytest.mark.model, pytest.mark.slow]


def test_every_article_ingests_and_a_second_run_adds_nothing(shared_dir: Path, tmp_path: Path):
    corpus = shared_dir / "data" / "news-ukwar" / "articles-2022-2023.jsonl"
    if not corpus.is_file():
        pytest.skip(f"{corpus} not found")
    db = str(tmp_path / "uk.db")
    first = CliRunner().invoke(main, ["ingest", "-q", "--db", db, str(corpus)])
    failures = [line for line in first.stderr.splitlines() if line.startswith("failed:")]
    # The only refusals allowed are pages with no article text (scraped sign-up forms).
    assert failures and all("[E104]" in line for line in failures), failures
    assert len(failures) <= 11
    with open_store(db) as store:
        stored = store.stats()["documents"]
        assert store.verify() == []
    assert stored >= 330
    second = CliRunner().invoke(main, ["ingest", "-q", "--db", db, str(corpus)])
    summary = next(line for line in second.stderr.splitlines() if " already stored, " in line)
    assert summary.startswith("0 stored, ")
    with open_store(db) as store:
        assert store.stats()["documents"] == stored
