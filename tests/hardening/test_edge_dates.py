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


@pytest.mark.parametrize("published", ["0001-01-01", "0001-01-01T00:00:00Z", "Mon, 01 Jan 0001 00:00:00 +0000"])
def test_the_year_one_placeholder_is_no_date(published: str) -> None:
    document = document_from_text(TEXT, published=published)
    assert document.published is None
    assert any("placeholder" in w for w in document.metadata["warnings"])
    assert document_from_text(TEXT, published="0001-01-02").published == "0001-01-02"


def test_rolling_a_date_forward_stays_in_four_digit_years() -> None:
    from dateline.nlp.time.dating import rolled_forward

    # compared as strings, "10000-12-28" sorts before "9999-12-31": it rolled to 99990
    assert rolled_forward("9999-12-28", "9999-12-31") == "9999-12-28"
    assert rolled_forward("2023-01", "2023-03-05") == "2024-01"


@pytest.mark.model
@pytest.mark.parametrize("published", ["0001-01-02", "1850-06-15", "9999-12-31"])
def test_dates_at_the_edges_stay_in_range(published: str) -> None:
    import re

    from dateline.api import extract_document

    document = document_from_text(TEXT, published=published, config=Config())
    extraction = extract_document(document, Config())
    dates = [e.date for e in extraction.events] + [q.date for q in extraction.quotes]
    assert dates and all(d is None or re.fullmatch(r"\d{4}(-\d\d){0,2}", d) for d in dates), dates
