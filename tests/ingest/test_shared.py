"""The seed article and the news-ukwar dev articles (read in place from ../shared)."""

from __future__ import annotations

import json
import time
from collections import Counter
from pathlib import Path

import pytest

from dateline.config import Config
from dateline.eval.seed import locate
from dateline.ingest import InputFailure, read_inputs
from dateline.ingest.lexicon import lexicon
from dateline.ingest.text import normalize_newlines
from dateline.model import Document

pytestmark = pytest.mark.shared


def test_seed_article_document(seed_dir: Path, seed_text: str) -> None:
    gold = json.loads((seed_dir / "gold.json").read_text(encoding="utf-8"))["document"]
    (doc,) = list(read_inputs([str(seed_dir / "article.txt")], Config()))
    assert isinstance(doc, Document)
    assert doc.title == gold["title"]
    assert doc.published == gold["published"] == "2025-07-04"
    assert doc.published_source == "byline"
    assert doc.publisher == gold["publisher"]
    lines = {line.strip() for line in doc.text.splitlines()}
    for furniture in gold["boilerplate_not_body"]:
        assert furniture not in lines
        assert furniture not in doc.text or len(furniture) < 10  # short labels may occur in prose
    assert gold["title"] not in doc.text  # the headline (printed twice) is not body
    assert "/ " + gold["publisher"] not in doc.text  # the standfirst's credit suffix
    # The standfirst stays: it is the first paragraph of the body.
    first = doc.text[doc.paragraphs[0].start : doc.paragraphs[0].end]
    assert first in seed_text and first.endswith(".")
    # Every body run maps back to the file, and the body keeps the non-breaking spaces.
    original = normalize_newlines(seed_text)
    for body_offset, file_offset, length in doc.metadata["source_map"]:
        assert doc.text[body_offset : body_offset + length] == original[file_offset : file_offset + length]
    assert "\u00a0" in doc.text
    assert "warnings" not in doc.metadata


def test_seed_gold_spans_locate_in_body(seed_dir: Path, seed_text: str) -> None:
    """Gold spans of the seed fall in the body, except those in the byline."""
    gold = json.loads((seed_dir / "gold.json").read_text(encoding="utf-8"))
    (doc,) = list(read_inputs([str(seed_dir / "article.txt")]))
    assert isinstance(doc, Document)
    found = missing = 0
    for timex in gold["timexes"]:
        where = locate(timex["text"], timex.get("nth", 1), seed_text, doc.text)
        if where is None:
            missing += 1
        else:
            found += 1
            assert doc.text[where[0] : where[1]] == timex["text"]
    # Only the byline's date lies outside the body.
    assert missing == 1 and found == len(gold["timexes"]) - 1


def test_news_ukwar_reads_without_failure(shared_dir: Path) -> None:
    path = shared_dir / "data" / "news-ukwar" / "articles-2022-2023.jsonl"
    if not path.is_file():
        pytest.skip(f"{path} not found")
    start = time.perf_counter()
    items = list(read_inputs([str(path)], Config()))
    elapsed = time.perf_counter() - start
    failures = [i for i in items if isinstance(i, InputFailure)]
    docs = [i for i in items if isinstance(i, Document)]
    raw = [json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines()]
    # The only records that may fail are those with no article at all: every line of
    # their text is page furniture (a scraped newsletter sign-up form, say).
    lex = lexicon()
    for failure in failures:
        assert failure.error.code == "E104", str(failure)
        text = raw[int(failure.source.rsplit(":", 1)[1]) - 1]
        assert all(
            lex.is_boilerplate(line) or lex.is_edge_label(line)
            for line in text.splitlines()
            if line.strip()
        ), str(failure)
    assert len(docs) + len(failures) == 357
    assert len(failures) <= 11
    assert elapsed < 30  # ~0.4 s on the dev machine: negligible next to spaCy
    assert all(d.published and d.published_source == "metadata" for d in docs)
    # Equal ids only for articles whose raw text is identical (the same article seen twice).
    by_id: dict[str, set[str]] = {}
    for doc in docs:
        by_id.setdefault(doc.id, set()).add(raw[doc.metadata["line"] - 1])
    assert all(len(texts) == 1 for texts in by_id.values())
    copies = Counter(d.id for d in docs)
    duplicates = sum(n - 1 for n in copies.values() if n > 1)
    assert len(copies) == len(docs) - duplicates
    # Different raw texts never collapse (ids distinct except true duplicates).
    assert len({raw[d.metadata["line"] - 1] for d in docs}) == len(copies)
