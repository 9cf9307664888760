"""Dates at the edges (year 1, year 9999, before 1900) crash no stage, store, fusion or endpoint."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from dateline.config import Config
from dateline.fusion.engine import fuse_or_error
from dateline.fusion.matching import day_range
from dateline.ingest import document_from_text
from dateline.store import open_store

# Relative expressions in the lede and in quotes reach past year 1 and year 9999.
TEXT = (
    "KYIV, Jan 1 (Wire) - Troops shelled the city yesterday and will attack again tomorrow, "
    "officials said on Monday. \"We will respond next week,\" the defence minister said last year. "
    "The ceasefire agreed two days ago ended three centuries ago, the army said this morning.\n\n"
    "Talks will resume next decade in Geneva, the foreign ministry said on Dec 31. "
    "Troops withdrew two weeks later."
)
EDGES = ["0001-01-01", "0001-01-02", "0001-01-01T00:00:00-05:00", "1850-06-15",
         "1899-12-31", "9999-12-31", "9999-12-31T23:59:59+14:00"]


def test_day_range_at_the_edges() -> None:
    assert day_range("0001-01-01", "week") == (-2, 4)
    low, high = day_range("9999-W52", "week")
    assert high - low == 6


@pytest.fixture(scope="module")
def store() -> Iterator[Any]:
    s = open_store(":memory:")
    yield s
    s.close()


@pytest.mark.model
@pytest.mark.parametrize("published", EDGES)
def test_pipeline_store_and_fusion(published: str, store: Any) -> None:
    from dateline.api import extract_document

    config = Config()
    # a distinct text per date, so each one is stored and fused afresh
    document = document_from_text(f"{TEXT} Edition {published}.", published=published,
                                  source=published, config=config)
    extraction = extract_document(document, config)
    assert "time" in extraction.layers and extraction.timexes
    assert store.save(extraction) == "stored"
    assert fuse_or_error(store, extraction) is None
    assert store.timeline(limit=100) is not None
    assert store.stats()["documents"] >= 1


@pytest.mark.model
def test_web_write_and_reads_at_the_edges() -> None:
    pytest.importorskip("fastapi")
    from fastapi.testclient import TestClient

    from dateline.interfaces.web import create_app

    token = "edge-token-0123456789"
    store = open_store(":memory:")
    client = TestClient(create_app(Config(api_token=token), store))
    for published in ("0001-01-01", "9999-12-31"):
        response = client.post("/api/documents", json={"text": f"{TEXT} ({published})",
                                                       "published": published},
                               headers={"Authorization": f"Bearer {token}"})
        assert response.status_code == 201, response.text
        assert response.json()["fused"] is True
    for path in ("/api/timeline", "/api/events", "/api/fused", "/api/stories", "/api/documents",
                 "/api/stats", "/api/map"):
        for bounds in ("", "?date_from=0001-01-01&date_to=9999-12-31",
                       "?date_from=9999-12-31", "?date_to=0001-01-01"):
            response = client.get(path + bounds)
            assert response.status_code == 200, (path, bounds, response.text)
    store.close()
