"""The web API answers the same on the PostgreSQL store as on SQLite.

The chart, map, actor and speaker aggregates run their own SQL (through
``Store.select`` and the store's dialect); every read endpoint is compared on the
same corpus. Needs ``DATELINE_TEST_POSTGRES`` (skips without it).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from dateline.fusion import engine
from dateline.store import open_store
from tests.store.pg import needs_postgres, schema_url
from tests.web.conftest import make_client
from tests.web.corpus import corpus

pytestmark = needs_postgres

READS = [
    "/api/documents", "/api/events", "/api/events?actor=country:UKR", "/api/timeline",
    "/api/timeline?date_from=2023-03", "/api/quotes", "/api/speakers", "/api/actors",
    "/api/actors/country:UKR", "/api/actors/country:RUS:MIL", "/api/places", "/api/contradictions",
    "/api/charts/pairs", "/api/charts/pairs?actor=country:RUS:MIL", "/api/map",
    "/api/map?actor=country:RUS:MIL", "/api/documents/doc-shelling/events/e1",
    "/api/fused", "/api/fused?min_sources=2", "/api/fused?disagreements=true", "/api/fused/fused:1",
    "/api/stories", "/api/stories?min_documents=2", "/api/stories/1",
    "/api/charts/daily", "/api/charts/daily?group=dyad&bucket=week", "/api/charts/daily?top=1",
    "/api/counts/daily", "/api/counts/daily?actor=country:RUS", "/api/map?date_to=2023-03-07",
]


def filled(url: str) -> Any:
    store = open_store(url)
    for extraction in corpus():
        assert store.save(extraction) == "stored"
        engine.fuse_document(store, extraction)
    return store


@pytest.fixture(scope="module")
def clients() -> Iterator[tuple[TestClient, TestClient]]:
    with schema_url() as url:
        lite, pg = filled(":memory:"), filled(url)
        try:
            yield make_client(lite), make_client(pg)
        finally:
            lite.close()
            pg.close()


@pytest.mark.parametrize("path", READS)
def test_read_endpoints_agree(clients: tuple[TestClient, TestClient], path: str) -> None:
    lite, pg = clients
    expected = lite.get(path)
    got = pg.get(path)
    assert expected.status_code == 200, expected.text
    assert got.status_code == 200, got.text
    assert comparable(got.json()) == comparable(expected.json())


def comparable(data: Any) -> Any:
    """Without the ingest timestamps (the two stores were filled a moment apart)."""
    if isinstance(data, dict):
        return {k: comparable(v) for k, v in data.items() if k != "ingested_at"}
    if isinstance(data, list):
        return [comparable(v) for v in data]
    return data


def test_aggregates_are_not_empty_on_postgres(clients: tuple[TestClient, TestClient]) -> None:
    _lite, pg = clients
    assert pg.get("/api/charts/pairs").json()["pairs"]
    assert pg.get("/api/map").json()["total"] == 6
    assert pg.get("/api/speakers").json()["items"]
    assert pg.get("/api/actors/country:UKR").json()["months"]
