"""The UI over really processed documents: the bundled examples and, when ../shared is
present, the seed article -- ingested with the default pipeline, then browsed in chromium.

What is asserted grows with the pipeline: with events extracted, the walk filters the
timeline by an actor, opens an event and checks its highlighted evidence; every walk
checks the documents, the layered document view and the map.
"""

from __future__ import annotations

import json
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from dateline.api import ingest
from dateline.config import Config
from dateline.interfaces.web import create_app
from dateline.store import open_store
from tests.web.browser import chromium, goto, live_server, new_page, shot

pytestmark = pytest.mark.model

READY = "document.body.dataset.rendered === location.hash"


def get(base_url: str, path: str, **params: Any) -> Any:
    query = urllib.parse.urlencode({k: v for k, v in params.items() if v is not None})
    with urllib.request.urlopen(f"{base_url}{path}?{query}", timeout=30) as response:
        return json.load(response)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as b:
        yield b


def serve_ingested(paths: list[Path], db: Path) -> Any:
    store = open_store(db)
    report = ingest(paths, Config(db=str(db)), store)
    assert report.stored >= 1, report.failures
    return store


def walk(browser: Any, base_url: str, prefix: str) -> dict[str, int]:
    """Browse every page of the UI, asserting what the stored record says should show."""
    page = new_page(browser)
    seen = {"events": 0, "quotes": 0}
    try:
        stats = get(base_url, "/api/stats")
        goto(page, f"{base_url}/#/timeline")
        shot(page, f"{prefix}-timeline")
        events = get(base_url, "/api/timeline", limit=1000)["items"]
        seen["events"] = len(events)
        assert page.locator("#timeline li.event").count() == min(len(events), 100)

        if events:
            first = next((e for e in events if e["actor_ids"]), events[0])
            if first["actor_ids"]:
                actor = first["actor_ids"][0]
                page.fill("#timeline-filters input[name=actor]", actor)
                page.click("#timeline-filters button[type=submit]")
                page.wait_for_function(f"location.hash.includes('actor=') && {READY}")
                expected = get(base_url, "/api/timeline", actor=actor, limit=100)["items"]
                assert page.locator("#timeline li.event").count() == len(expected)
                shot(page, f"{prefix}-timeline-actor")
            target = f"#/event/{urllib.parse.quote(first['document_id'], safe='')}/{urllib.parse.quote(first['id'], safe='')}"
            page.locator(f"#timeline a.event-type[href='{target}']").first.click()
            page.wait_for_function(f"location.hash.startsWith('#/event/') && {READY}")
            detail = get(base_url, f"/api/documents/{first['document_id']}/events/{first['id']}")
            text = detail["document"]["text"]
            marks = page.locator(".event-text .evidence-mark")
            wanted = [text[m["start"]:m["end"]] for m in detail["event"]["mentions"]]
            got = [marks.nth(i).inner_text() for i in range(marks.count())]
            # a mention may be cut into pieces where it crosses another highlight
            assert "".join(got).replace("\n", "") == "".join(wanted).replace("\n", "")
            assert marks.count() >= len(wanted) >= 1
            shot(page, f"{prefix}-event")

        contradictions = get(base_url, "/api/contradictions")["items"]
        if contradictions:
            c = contradictions[0]
            goto(page, f"{base_url}/#/event/{urllib.parse.quote(c['document_id'])}/{urllib.parse.quote(c['event_id'])}")
            assert c["attribute"] in page.inner_text(".contradictions")
            shot(page, f"{prefix}-contradiction")

        docs = get(base_url, "/api/documents", limit=100)["items"]
        assert len(docs) == stats["documents"]
        goto(page, f"{base_url}/#/documents")
        assert page.locator("table.list tbody tr").count() == len(docs)
        record = get(base_url, f"/api/documents/{docs[0]['id']}")
        goto(page, f"{base_url}/#/document/{urllib.parse.quote(docs[0]['id'])}")
        assert page.locator(".doc-text .tag.t-entities").count() == len(record["entities"])
        shot(page, f"{prefix}-document")

        quotes = get(base_url, "/api/quotes", limit=1000)["items"]
        seen["quotes"] = len(quotes)
        goto(page, f"{base_url}/#/quotes")
        assert page.locator("#quote-list li").count() == min(len(quotes), 50)
        shot(page, f"{prefix}-quotes")

        actors = get(base_url, "/api/actors", limit=1)["items"]
        if actors:
            goto(page, f"{base_url}/#/actor/{urllib.parse.quote(actors[0]['id'], safe='')}")
            assert page.locator("h1").inner_text().startswith(actors[0]["name"])
            shot(page, f"{prefix}-actor")

        located = get(base_url, "/api/map")
        goto(page, f"{base_url}/#/map")
        assert page.locator("#map path.country-shape").count() > 150
        assert page.locator("#map path.event-dot").count() == len(located["points"])
        shot(page, f"{prefix}-map")
        assert not page.js_errors, page.js_errors
    finally:
        page.close()
    return seen


def test_browse_the_bundled_examples(browser: Any, examples_dir: Path, tmp_path: Path) -> None:
    if not any(examples_dir.iterdir()):
        pytest.skip("no bundled examples yet")
    store = serve_ingested([examples_dir], tmp_path / "examples.db")
    try:
        with live_server(create_app(Config(), store)) as url:
            walk(browser, url, "examples")
    finally:
        store.close()


@pytest.mark.shared
def test_browse_the_seed_article(browser: Any, seed_dir: Path, tmp_path: Path) -> None:
    store = serve_ingested([seed_dir / "article.txt"], tmp_path / "seed.db")
    try:
        with live_server(create_app(Config(), store)) as url:
            seen = walk(browser, url, "seed")
    finally:
        store.close()
    print(f"seed article in the UI: {seen}")
