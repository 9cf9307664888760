"""Fused events and stories in the REST API, on both stores.

The web corpus plus a second, invented report of its Kharkiv shelling (another
death toll): one fused event with two sources and a disagreement. PostgreSQL runs
when ``DATELINE_TEST_POSTGRES`` is set.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from dateline.fusion import engine
from dateline.model import Location
from tests.fusion.conftest import report
from tests.store.pg import BACKENDS, backend_store
from tests.web.conftest import make_client
from tests.web.corpus import corpus

SECOND = (
    "Rockets shelled a residential block in Kharkiv on Tuesday and six people died, "
    "the city's mayor said, while firefighters searched the upper floors for survivors."
)


@pytest.fixture(params=BACKENDS)
def client(request: pytest.FixtureRequest) -> Iterator[TestClient]:
    with backend_store(request.param) as store:
        second = report("doc-second", SECOND, "2023-03-07", [
            {"date": "2023-03-07", "location": Location("Kharkiv", "UA", 49.99, 36.23, "city"),
             "size": {"dead": 6}, "recipient": ["country:UKR"], "trigger": "shelled"}])
        for extraction in [*corpus(), second]:
            store.save(extraction)
            engine.fuse_document(store, extraction)
        yield make_client(store)


def test_fused_events_list_sources_and_disagreements(client: TestClient) -> None:
    items = client.get("/api/fused", params={"min_sources": 2}).json()["items"]
    (strike,) = items
    assert strike["num_sources"] == 2 and strike["disagreement"]
    assert {s["document_id"] for s in strike["sources"]} == {"doc-shelling", "doc-second"}
    assert strike["contradictions"][0]["attribute"] == "size.dead"
    assert sorted(strike["contradictions"][0]["values"]) == [4, 6]
    one = client.get(f"/api/fused/{strike['id']}").json()
    assert one["id"] == strike["id"] and len(one["sources"]) == 2
    assert [f["id"] for f in client.get("/api/fused", params={"disagreements": "true"}).json()["items"]] == [
        strike["id"]]
    detail = client.get("/api/documents/doc-second/events/e0").json()
    assert detail["fused_id"] == strike["id"]


def test_stories_group_the_two_reports(client: TestClient) -> None:
    stories = client.get("/api/stories", params={"min_documents": 2}).json()["items"]
    (story,) = stories
    assert {d["id"] for d in story["documents"]} == {"doc-shelling", "doc-second"}
    assert story["n_sources"] == 2
    # one story by its id, and its fused events
    assert client.get(f"/api/stories/{story['id']}").json() == story
    fused = client.get("/api/fused", params={"story": story["id"], "min_sources": 2}).json()["items"]
    assert [f["event"] for f in fused] == ["ASSAULT"]
    assert client.get("/api/stories/999").status_code == 404
    assert client.get("/api/stories/abc").status_code in (400, 422)


def test_fusion_errors_are_json(client: TestClient) -> None:
    assert client.get("/api/fused/fused:999").status_code == 404
    assert client.get("/api/fused/nonsense").status_code == 404
    assert client.get("/api/fused", params={"date_from": "yesterday"}).status_code in (400, 422)
