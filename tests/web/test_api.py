"""REST API: reads, filters, pagination, errors, auth and the body size limit."""

from __future__ import annotations

from typing import Any

import pytest

from dateline.config import Config
from dateline.model import Extraction
from tests.web.conftest import TOKEN, make_client

AUTH = {"Authorization": f"Bearer {TOKEN}"}


def test_openapi_lists_every_endpoint(client: Any) -> None:
    paths = client.get("/api/openapi.json").json()["paths"]
    for path in ("/api/documents", "/api/events", "/api/timeline", "/api/quotes", "/api/actors",
                 "/api/places", "/api/contradictions", "/api/search", "/api/stats",
                 "/api/documents/{document_id}/events/{event_id}"):
        assert path in paths, path
    assert "post" in paths["/api/documents"]
    assert paths["/api/documents"]["post"]["security"] == [{"HTTPBearer": []}]


def test_stats_counts_the_corpus(client: Any) -> None:
    data = client.get("/api/stats").json()
    assert data["documents"] == 3
    assert data["tables"]["events"] == 7


def test_events_filter_by_actor_type_and_quad_class(client: Any) -> None:
    rows = client.get("/api/events", params={"actor": "RUS", "type": "ASSAULT"}).json()
    assert rows["total"] == 2
    assert {r["id"] for r in rows["items"]} == {"e1", "e3"}
    rows = client.get("/api/events", params={"quad_class": 2}).json()
    assert [r["event"] for r in rows["items"]] == ["AID"]


def test_events_hide_negated_and_future(client: Any) -> None:
    every = client.get("/api/events").json()["total"]
    shown = client.get("/api/events", params={"include_negated": "false",
                                               "include_future": "false"}).json()
    assert shown["total"] == every - 2
    assert not any(set(r["aux"]) & {"negation", "future"} for r in shown["items"])


def test_timeline_is_in_date_order_and_paginates(client: Any) -> None:
    first = client.get("/api/timeline", params={"limit": 3}).json()
    second = client.get("/api/timeline", params={"limit": 3, "offset": 3}).json()
    dates = [r["date"] for r in first["items"] + second["items"]]
    assert dates == sorted(dates)
    assert not {(r["document_id"], r["id"]) for r in first["items"]} & {
        (r["document_id"], r["id"]) for r in second["items"]}
    ranged = client.get("/api/timeline", params={"date_from": "2023-03-01",
                                                 "date_to": "2023-03-31"}).json()
    assert {r["date"][:7] for r in ranged["items"]} == {"2023-03"}


def test_event_detail_has_mentions_actors_attribution_and_contradictions(client: Any) -> None:
    data = client.get("/api/documents/doc-shelling/events/e1").json()
    text = data["document"]["text"]
    assert [text[m["start"]:m["end"]] for m in data["event"]["mentions"]] == [
        "shelled", "the strike", "toll"]
    assert data["actors"]["country:RUS:MIL"]["name"] == "Russian forces"
    assert data["attribution"]["speaker"]["name"] == "the regional governor"
    assert data["contradictions"][0]["values"] == [4, 6]


def test_two_sided_event_exposes_its_counterpart(store: Any, client: Any) -> None:
    from tests.web.corpus import talks_report

    talks = talks_report()
    [meeting] = talks.events
    # as the events stage codes "Russian and Ukrainian negotiators met": both are actors
    meeting.actor, meeting.recipient, meeting.counterpart = ["country:RUS", "country:UKR"], [], ["country:UKR"]
    assert store.save(talks, replace=True) == "replaced"
    data = client.get("/api/documents/doc-talks/events/e1").json()
    assert data["event"]["counterpart"] == ["country:UKR"]
    assert data["event"]["actor"] == ["country:RUS", "country:UKR"] and data["event"]["recipient"] == []
    assert set(data["actors"]) == {"country:RUS", "country:UKR"}
    [row] = client.get("/api/events", params={"document": "doc-talks"}).json()["items"]
    assert row["counterpart_ids"] == ["country:UKR"] and row["counterpart"] == ["Ukraine"]
    other = client.get("/api/events", params={"document": "doc-shelling"}).json()["items"]
    assert other and all(r["counterpart_ids"] == [] for r in other)


def test_quotes_speakers_actors_places_contradictions_search(client: Any) -> None:
    speakers = client.get("/api/speakers").json()["items"]
    assert {"person:volodymyr-zelensky", "prov:governor"} <= {s["key"] for s in speakers}
    quotes = client.get("/api/quotes", params={"speaker": "person:volodymyr-zelensky"}).json()
    assert [q["content"] for q in quotes["items"]] == ["the weapons would protect Kyiv"]
    actor = client.get("/api/actors/country:UKR").json()
    assert len(actor["as_recipient"]) == 5 and len(actor["as_actor"]) == 1
    assert sum(m["as_recipient"] for m in actor["months"]) == 5
    places = client.get("/api/places", params={"country": "TR"}).json()["items"]
    assert [p["name"] for p in places] == ["Istanbul"]
    contra = client.get("/api/contradictions").json()["items"]
    assert contra[0]["attribute"] == "size.dead"
    hits = client.get("/api/search", params={"q": "Istanbul"}).json()["items"]
    assert hits and hits[0]["document_id"] == "doc-talks"


def test_chart_and_map_aggregates(client: Any) -> None:
    chart = client.get("/api/charts/pairs").json()
    top = chart["pairs"][0]
    assert (top["actor"], top["recipient"]) in {("country:RUS:MIL", "country:UKR"),
                                                ("country:USA", "country:UKR"),
                                                ("country:RUS", "country:UKR")}
    assert chart["months"] == ["2023-01", "2023-02", "2023-03", "2023-04", "2023-05"]
    by_pair = {(p["actor"], p["recipient"]): p for p in chart["pairs"]}
    march = by_pair[("country:RUS:MIL", "country:UKR")]["series"][2]
    assert march == {"month": "2023-03", "q1": 0, "q2": 0, "q3": 0, "q4": 1}
    located = client.get("/api/map").json()
    kyiv = next(p for p in located["points"] if p["name"] == "Kyiv")
    assert kyiv["count"] == 2 and located["total"] == 6
    only_rus = client.get("/api/map", params={"actor": "country:RUS:MIL"}).json()
    assert [p["name"] for p in only_rus["points"]] == ["Kharkiv"]


@pytest.mark.parametrize("url", [
    "/api/events?limit=0", "/api/events?limit=100000", "/api/events?offset=-1",
    "/api/events?quad_class=9", "/api/events?date_from=yesterday", "/api/timeline?limit=abc",
    "/api/search?q=", '/api/search?q="unterminated', "/api/events?include_negated=maybe",
])
def test_bad_parameters_are_json_400(client: Any, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 400, response.text
    body = response.json()
    assert body["status"] == 400 and body["message"]


def test_not_found_is_json_404(client: Any) -> None:
    for url in ("/api/documents/nope", "/api/documents/doc-aid/events/e99",
                "/api/actors/country:XXX", "/api/no-such-endpoint"):
        response = client.get(url)
        assert response.status_code == 404, url
        assert response.json()["status"] == 404


def _fake_extraction(monkeypatch: pytest.MonkeyPatch) -> list[Extraction]:
    """Replace the NLP pipeline (tested elsewhere) with one that only records its input."""
    seen: list[Extraction] = []

    def extract(document: Any, config: Any = None) -> Extraction:
        extraction = Extraction(document=document, layers=[], pipeline_version="0.1.0")
        seen.append(extraction)
        return extraction

    monkeypatch.setattr("dateline.api.extract_document", extract)
    return seen


BODY = {"text": "Diplomats met in Geneva on Monday to discuss prisoner exchanges.",
        "title": "Geneva talks", "published": "2023-06-05"}


def test_write_refused_without_a_configured_token(store: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    seen = _fake_extraction(monkeypatch)
    client = make_client(store, config=Config(api_token=None))
    response = client.post("/api/documents", json=BODY, headers=AUTH)
    assert response.status_code == 403
    assert "no API token" in response.json()["message"]
    assert not seen


def test_write_refused_without_or_with_a_wrong_token(client: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    seen = _fake_extraction(monkeypatch)
    missing = client.post("/api/documents", json=BODY)
    assert missing.status_code == 401 and missing.json()["status"] == 401
    assert missing.headers["www-authenticate"] == "Bearer"
    wrong = client.post("/api/documents", json=BODY, headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 403 and wrong.json()["message"] == "invalid token"
    basic = client.post("/api/documents", json=BODY, headers={"Authorization": f"Basic {TOKEN}"})
    assert basic.status_code == 401
    assert not seen


def test_write_accepted_with_the_right_token(client: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    seen = _fake_extraction(monkeypatch)
    response = client.post("/api/documents", json=BODY, headers=AUTH)
    assert response.status_code == 201, response.text
    data = response.json()
    assert data["status"] == "stored" and data["title"] == "Geneva talks"
    assert seen[0].document.text.startswith("Diplomats met in Geneva")
    stored = client.get(f"/api/documents/{data['id']}").json()
    assert stored["document"]["published"].startswith("2023-06-05")
    again = client.post("/api/documents", json=BODY, headers=AUTH)
    assert again.json()["status"] == "unchanged"


def test_a_fusion_failure_is_reported_beside_the_stored_document(
    client: Any, store: Any, monkeypatch: pytest.MonkeyPatch,
) -> None:
    from dateline.fusion import engine

    _fake_extraction(monkeypatch)

    def broken(*args: Any) -> set[int]:
        raise KeyError("a fusion bug")

    monkeypatch.setattr(engine, "_fuse_events", broken)
    response = client.post("/api/documents", json=BODY, headers=AUTH)
    assert response.status_code == 201, response.text
    data = response.json()
    assert data["status"] == "stored" and data["fused"] is False
    assert "[E311]" in data["fusion_error"] and "KeyError" in data["fusion_error"]
    assert client.get(f"/api/documents/{data['id']}").status_code == 200
    # The failed fusion rolled back whole: no fusion row of the document is left behind.
    assert not engine.is_fused(store, data["id"])
    assert store.select("SELECT count(*) FROM fusion_bands WHERE document_id = ?", (data["id"],))[0][0] == 0
    assert store.verify() == []


def test_write_accepts_html(client: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    _fake_extraction(monkeypatch)
    paragraphs = "".join(
        f"<p>Paragraph {i}: delegations from both sides met in Geneva to discuss a prisoner "
        f"exchange and the return of civilians, officials said after the meeting.</p>"
        for i in range(6))
    html = f"<html><head><title>Geneva</title></head><body><article>{paragraphs}</article></body></html>"
    response = client.post("/api/documents", json={"html": html}, headers=AUTH)
    assert response.status_code == 201, response.text


def test_read_only_mode_refuses_writes_even_with_the_token(store: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    seen = _fake_extraction(monkeypatch)
    client = make_client(store, read_only=True)
    response = client.post("/api/documents", json=BODY, headers=AUTH)
    assert response.status_code == 403 and "read-only" in response.json()["message"]
    assert not seen


@pytest.mark.parametrize("body", [{}, {"text": "a", "html": "<p>a</p>"}, {"title": "only"}])
def test_write_body_must_have_text_or_html(client: Any, body: dict[str, Any]) -> None:
    response = client.post("/api/documents", json=body, headers=AUTH)
    assert response.status_code == 400 and response.json()["status"] == 400


def test_write_rejects_empty_text_as_json_400(client: Any) -> None:
    response = client.post("/api/documents", json={"text": "   "}, headers=AUTH)
    assert response.status_code == 400
    assert "E101" in response.json()["message"]


def test_body_size_limit(store: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    seen = _fake_extraction(monkeypatch)
    client = make_client(store, max_body_bytes=4096)
    big = {"text": "word " * 2000}
    response = client.post("/api/documents", json=big, headers=AUTH)
    assert response.status_code == 413
    assert response.json() == {"status": 413, "message": "request body too large (limit 4096 bytes)"}

    def chunks() -> Any:  # no Content-Length: the limit must hold for streamed bodies too
        for _ in range(10):
            yield b"x" * 1000

    streamed = client.post("/api/documents", content=chunks(),
                           headers={**AUTH, "Content-Type": "application/json"})
    assert streamed.status_code == 413
    assert not seen
    small = client.post("/api/documents", json=BODY, headers=AUTH)
    assert small.status_code == 201


@pytest.mark.model
def test_post_runs_the_real_pipeline(client: Any) -> None:
    response = client.post("/api/documents", headers=AUTH, json={
        "text": "Ukrainian and Polish officials met in Warsaw on Tuesday. The talks were "
                "constructive, a spokesman said.", "published": "2023-02-14"})
    assert response.status_code == 201, response.text
    record = client.get(f"/api/documents/{response.json()['id']}").json()
    assert "segment" in record["layers"]
    assert record["document"]["sentences"]


def test_ui_is_served_without_external_assets(client: Any) -> None:
    page = client.get("/")
    assert page.status_code == 200 and "/static/app.js" in page.text
    assert "default-src 'self'" in page.headers["content-security-policy"]
    for asset in ("/static/app.js", "/static/style.css", "/static/world-110m.json"):
        response = client.get(asset)
        assert response.status_code == 200, asset
        assert "http://" not in response.text.replace("http://www.w3.org", "")
        assert "https://" not in response.text
