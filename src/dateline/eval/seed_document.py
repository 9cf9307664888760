"""Seed scores for the core: title, publication date, publisher, boilerplate."""

from __future__ import annotations

from typing import Any

from dateline.eval.seed import seed_scorer
from dateline.model import Extraction


@seed_scorer("document")
def score_document(extraction: Extraction, text: str, gold: dict[str, Any]) -> dict[str, float]:
    doc, expected = extraction.document, gold["document"]
    lines = {line.strip() for line in text.splitlines()}
    excluded = [b for b in expected.get("boilerplate_not_body", []) if b not in lines]
    return {
        "title": float((doc.title or "") == expected["title"]),
        "published": float((doc.published or "")[:10] == expected["published"]),
        "publisher": float((doc.publisher or "") == expected["publisher"]),
        "boilerplate_excluded": len(excluded) / max(1, len(expected.get("boilerplate_not_body", []))),
    }
