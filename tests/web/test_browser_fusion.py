"""The event page shows every report of a fused event, in a real browser, on both stores.

Debian's chromium via Playwright (skips without it); PostgreSQL when
``DATELINE_TEST_POSTGRES`` is set. Data: the web corpus plus the invented second
report of its Kharkiv shelling from test_fusion_api.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from dateline.config import Config
from dateline.fusion import engine
from dateline.interfaces.web import create_app
from dateline.model import Location
from tests.fusion.conftest import report
from tests.store.pg import BACKENDS, backend_store
from tests.web.browser import chromium, goto, live_server, new_page, shot
from tests.web.corpus import corpus
from tests.web.test_fusion_api import SECOND


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as b:
        yield b


@pytest.fixture(params=BACKENDS)
def base_url(request: pytest.FixtureRequest) -> Iterator[str]:
    with backend_store(request.param) as store:
        second = report("doc-second", SECOND, "2023-03-07", [
            {"date": "2023-03-07", "location": Location("Kharkiv", "UA", 49.99, 36.23, "city"),
             "size": {"dead": 6}, "recipient": ["country:UKR"], "trigger": "shelled"}],
            title="Rockets hit Kharkiv block")
        for extraction in [*corpus(), second]:
            store.save(extraction)
            engine.fuse_document(store, extraction)
        with live_server(create_app(Config(), store)) as url:
            yield url


def test_event_page_lists_the_other_report_and_the_disagreement(browser: Any, base_url: str) -> None:
    page = new_page(browser)
    try:
        goto(page, f"{base_url}/#/event/doc-shelling/e1")
        sources = page.locator("section.sources")
        assert "2 independent source(s)" in sources.inner_text()
        other = sources.locator("a", has_text="Rockets hit Kharkiv block")
        assert other.count() == 1
        assert "size.dead" in sources.locator(".cross-contradictions").inner_text()
        assert "2 sources" in page.locator("h1").inner_text()
        shot(page, "fused-event")
        other.click()
        page.wait_for_function("location.hash === '#/event/doc-second/e0'")
        page.wait_for_function("document.body.dataset.rendered === location.hash")
        assert "Reports of this event" in page.locator("section.sources").inner_text()
        assert not page.js_errors and not page.external_requests
    finally:
        page.close()
