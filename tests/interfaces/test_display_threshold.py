"""One documented display threshold (``Config.display_confidence``) for every place events
are shown or exported, with a way to ask for all; country codes shown as ISO alpha-3."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from tests.fusion.conftest import KHARKIV, report
from tests.store.factory import make_extraction

from dateline.config import Config
from dateline.fusion import engine
from dateline.interfaces.cli import main
from dateline.model import Location
from dateline.query import Store as AnalystStore
from dateline.store import open_store

LOW = 0.1  # below the default threshold


def _store(path: Path) -> dict[str, float]:
    """A store whose first document has one low-confidence event, plus one fused
    happening reported only by low-confidence events; returns event id -> confidence."""
    first = make_extraction(0)
    first.events[0].confidence = LOW
    first.events[1].location = Location(name="Geneva", country="CH", lat=46.2, lon=6.15, precision="city")
    with open_store(path) as store:
        store.save(first)
        doubtful = report("wire-low", "Troops shelled Kharkiv on Monday, killing four people.", "2022-03-08",
                          [{"date": "2022-03-07", "location": KHARKIV, "size": {"dead": 4}}])
        doubtful.events[0].confidence = LOW
        store.save(doubtful)
        engine.fuse_document(store, doubtful)
        return {f"{e.document_id}:{e.event_id}": e.confidence
                for e in AnalystStore(store).events(min_confidence=0)}


@pytest.fixture()
def db(tmp_path: Path) -> tuple[str, dict[str, float]]:
    path = tmp_path / "t.db"
    return str(path), _store(path)


def _run(*args: str) -> str:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout


def test_the_default_is_documented_in_one_place() -> None:
    assert Config().display_confidence == 0.3
    docs = (Path(__file__).resolve().parents[2] / "docs" / "events.md").read_text(encoding="utf-8")
    assert "Config.display_confidence" in docs and "?min_confidence=0" in docs


def test_exports_hide_low_confidence_events_unless_asked(db, tmp_path: Path) -> None:
    path, confidence = db
    low = {k for k, v in confidence.items() if v < Config().display_confidence}
    assert low and len(low) < len(confidence)
    shown = [json.loads(line)["id"] for line in _run("export", "--db", path, "--format", "jsonl").splitlines()]
    assert set(shown) == set(confidence) - low
    every = [json.loads(line)["id"] for line in
             _run("export", "--db", path, "--format", "jsonl", "--min-confidence", "0").splitlines()]
    assert set(every) == set(confidence)
    strict = _run("export", "--db", path, "--format", "csv", "--min-confidence", "0.85").splitlines()
    assert len(strict) - 1 == sum(v >= 0.85 for v in confidence.values())
    # PLOVER records follow the same rule
    plover = [json.loads(line) for line in _run("export", "--db", path, "--format", "plover").splitlines()]
    assert len(plover) == len(shown)
    # a fused event whose every member is below the threshold is hidden too
    fused = [json.loads(line) for line in _run("export", "--db", path, "--format", "jsonl", "--fused").splitlines()]
    assert all(f["confidence"] >= Config().display_confidence for f in fused)
    assert "wire-low:e0" not in {m for f in fused for m in f["member_ids"]}
    fused_all = _run("export", "--db", path, "--format", "jsonl", "--fused", "--min-confidence", "0")
    assert "wire-low:e0" in fused_all


def test_python_api_applies_the_same_default(db) -> None:
    path, confidence = db
    with open_store(path) as backend:
        analyst = AnalystStore(backend)
        assert all(e.confidence >= 0.3 for e in analyst.events())
        assert len(analyst.events(min_confidence=0)) == len(confidence)
        assert not any("wire-low" in f.document_ids for f in analyst.fused_events())
        assert any("wire-low" in f.document_ids for f in analyst.fused_events(min_confidence=0))


def test_cli_events_json_shows_iso3_countries(db) -> None:
    path, _ = db
    rows = json.loads(_run("events", "--db", path, "--format", "json", "--min-confidence", "0"))
    countries = {r["location_detail"]["country"] for r in rows if r.get("location_detail")}
    assert countries == {"CHE", "UKR"}
    shown = json.loads(_run("show", "--db", path, "wire-low"))
    assert shown["events"][0]["location"]["country"] == "UKR"


def test_web_api_applies_the_threshold_and_shows_iso3(db) -> None:
    pytest.importorskip("fastapi", reason="the web extra (fastapi) is not installed")
    from fastapi.testclient import TestClient

    from dateline.interfaces.web import create_app

    path, confidence = db
    with open_store(path) as store:
        client = TestClient(create_app(Config(), store))
        shown = client.get("/api/events?limit=100").json()
        assert shown["total"] == sum(v >= 0.3 for v in confidence.values()) == len(shown["items"])
        every = client.get("/api/events?limit=100&min_confidence=0").json()
        assert every["total"] == len(confidence)
        timeline = client.get("/api/timeline?limit=100").json()["items"]
        assert len(timeline) == shown["total"]
        # the map and the charts count what the lists show
        located = client.get("/api/map").json()
        assert all(p["country"] in ("CHE", "UKR") for p in located["points"])
        assert located["total"] < client.get("/api/map?min_confidence=0").json()["total"]
        assert client.get("/api/events?min_confidence=2").status_code in (400, 422)
        # a higher configured default moves every view
        strict = TestClient(create_app(Config(display_confidence=0.95), store))
        assert strict.get("/api/events").json()["total"] == sum(v >= 0.95 for v in confidence.values())
        # ISO alpha-3 in documents, places, and the places filter takes either form
        doc = client.get("/api/documents/wire-low").json()
        assert doc["events"][0]["location"]["country"] == "UKR"
        places = client.get("/api/places?country=CHE").json()["items"]
        assert places and {p["country"] for p in places} == {"CHE"}
        assert client.get("/api/places?country=CH").json()["items"] == places


def test_web_fused_list_applies_the_threshold(db) -> None:
    pytest.importorskip("fastapi", reason="the web extra (fastapi) is not installed")
    from fastapi.testclient import TestClient

    from dateline.interfaces.web import create_app

    path, _ = db
    with open_store(path) as store:
        client = TestClient(create_app(Config(), store))
        every = client.get("/api/fused?limit=100&min_confidence=0").json()["items"]
        shown = client.get("/api/fused?limit=100").json()["items"]
        # the happening reported only by a low-confidence event is hidden by default
        low = [f for f in every if all(s["document_id"] == "wire-low" for s in f["sources"])]
        assert low and len(shown) == len(every) - len(low)
        assert {f["id"] for f in shown} == {f["id"] for f in every} - {f["id"] for f in low}
        assert client.get("/api/fused?min_confidence=1.5").status_code in (400, 422)
