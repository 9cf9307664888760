"""The UI in a real browser (Debian's chromium via Playwright) over the hand-built corpus.

Screenshots go to test-output/screenshots/ (git-ignored).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from dateline.config import Config
from dateline.interfaces.web import create_app
from dateline.store import open_store
from tests.web.browser import goto, live_server, new_page, serve_record, shot
from tests.web.corpus import corpus

READY = "document.body.dataset.rendered === location.hash"


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with serve_record(tmp_path_factory.mktemp("web") / "web.db", corpus()) as url:
        yield url


def test_timeline_filter_event_evidence_and_map(page: Any, base_url: str) -> None:
    goto(page, f"{base_url}/#/timeline")
    assert page.locator("#timeline li.event").count() == 7
    assert page.locator("#pair-chart svg rect.bar").count() > 0
    shot(page, "corpus-timeline")

    # filter by an actor through the form
    page.fill("#timeline-filters input[name=actor]", "Russian forces")
    page.click("#timeline-filters button[type=submit]")
    page.wait_for_function(f"location.hash.includes('actor=') && {READY}")
    page.wait_for_function("document.querySelectorAll('#timeline li.event').length === 1")
    row = page.locator("#timeline li.event").first
    assert "Russian forces" in row.inner_text()
    assert "shelled" in row.locator(".evidence").inner_text()
    shot(page, "corpus-timeline-filtered")

    # open the event: every mention is highlighted in the source text
    row.locator("a.event-type").click()
    page.wait_for_function(f"location.hash.startsWith('#/event/') && {READY}")
    marks = page.locator(".event-text .evidence-mark")
    assert [marks.nth(i).inner_text() for i in range(marks.count())] == [
        "shelled", "the strike", "toll"]
    assert page.locator(".facts .actors").inner_text() == "Russian forces"
    assert "the regional governor" in page.locator(".facts .attribution").inner_text()
    assert "size.dead" in page.locator(".contradictions").inner_text()
    assert page.locator(".badge.disagree").count() == 1
    shot(page, "corpus-event")

    # the map draws the bundled boundaries and one dot per located place
    page.click("nav a[data-nav=map]")
    page.wait_for_function(f"location.hash === '#/map' && {READY}")
    assert page.locator("#map path.country-shape").count() > 150
    assert page.locator("#map path.event-dot").count() == 5
    page.locator("#map path.event-dot[data-place=Kyiv]").click()
    assert page.locator("#map-detail li").count() == 2
    assert "Natural Earth" in page.locator(".credit").inner_text()
    shot(page, "corpus-map")


def test_filtered_events_on_the_map(page: Any, base_url: str) -> None:
    goto(page, f"{base_url}/#/timeline?type=ASSAULT&negated=0")
    assert page.locator("#timeline li.event").count() == 1
    page.click("#on-map")
    page.wait_for_function(f"location.hash.startsWith('#/map') && {READY}")
    assert [page.locator("#map path.event-dot").nth(i).get_attribute("data-place")
            for i in range(page.locator("#map path.event-dot").count())] == ["Kharkiv"]
    assert "type: ASSAULT" in page.inner_text("main")


def test_hiding_negated_and_future_events(page: Any, base_url: str) -> None:
    goto(page, f"{base_url}/#/timeline")
    page.uncheck("#timeline-filters input[name=negated]")
    page.uncheck("#timeline-filters input[name=future]")
    page.click("#timeline-filters button[type=submit]")
    page.wait_for_function(f"location.hash.includes('negated=0') && {READY}")
    page.wait_for_function("document.querySelectorAll('#timeline li.event').length === 5")
    assert page.locator("#timeline .badge.aux-negation").count() == 0


def test_document_layers_toggle(page: Any, base_url: str) -> None:
    goto(page, f"{base_url}/#/document/doc-shelling")
    text = page.locator(".doc-text")
    assert text.locator(".l-events").count() >= 3
    assert text.locator(".tag.t-timexes").first.inner_text() == "7 Mar 2023"  # TIMEX 2023-03-07
    assert text.locator(".l-quotes").count() >= 1
    shot(page, "corpus-document")
    page.uncheck("#layer-toggles input[data-layer=events]")
    assert "hide-events" in (text.get_attribute("class") or "")
    assert not text.locator(".tag.t-events").first.is_visible()
    page.uncheck("#layer-toggles input[data-layer=entities]")
    shot(page, "corpus-document-layers-off")


def test_quotes_by_speaker_and_actor_page(page: Any, base_url: str) -> None:
    goto(page, f"{base_url}/#/quotes")
    assert page.locator("#quote-list li").count() == 3
    page.locator("#speaker-list a", has_text="Volodymyr Zelensky").click()
    page.wait_for_function(f"location.hash.includes('speaker=') && {READY}")
    page.wait_for_function("document.querySelectorAll('#quote-list li').length === 1")
    assert "protect Kyiv" in page.locator("#quote-list").inner_text()
    shot(page, "corpus-quotes")

    goto(page, f"{base_url}/#/actor/country%3AUKR")
    assert page.locator("h1").inner_text().startswith("Ukraine")
    assert "As recipient (5)" in page.inner_text("main")
    assert page.locator(".actor-svg rect.bar").count() > 0
    shot(page, "corpus-actor")


def test_search_and_error_page(page: Any, base_url: str) -> None:
    goto(page, f"{base_url}/#/timeline")
    page.fill("#search-input", "Istanbul")
    page.press("#search-input", "Enter")
    page.wait_for_function(f"location.hash.startsWith('#/search') && {READY}")
    assert "Negotiators meet in Istanbul" in page.inner_text(".results")
    goto(page, f"{base_url}/#/document/no-such-doc")
    assert "404" in page.inner_text(".error")
    # the browser logs the expected 404 response; anything else is still an error
    page.js_errors[:] = [e for e in page.js_errors if "404" not in e]


def test_api_reference_page(page: Any, base_url: str) -> None:
    goto(page, f"{base_url}/#/api")
    table = page.locator("#api-table")
    assert table.locator("tr[data-path='/api/timeline']").count() == 1
    post = table.locator("tr[data-path='/api/documents']", has_text="POST")
    assert "token" in post.inner_text()


def test_screenshots_are_written() -> None:
    # runs after the tests above in file order; documents where the pictures are
    folder = Path(__file__).resolve().parents[2] / "test-output" / "screenshots"
    if not any(folder.glob("corpus-*.png")):
        pytest.skip("no browser tests ran (chromium absent)")
    assert (folder / "corpus-event.png").stat().st_size > 10_000


def test_document_text_is_never_html(browser: Any, tmp_path: Path) -> None:
    """Titles, text and metadata are shown as text: markup in a document cannot run."""
    from dateline.model import Document, Extraction

    text = 'Officials said <img src=x onerror="window.pwned=1"> nothing <b>bold</b>.'
    doc = Document(id="doc-markup", text=text, title="<script>window.pwned=2</script>Markup",
                   published="2023-02-01", url="javascript:window.pwned=3")
    store = open_store(tmp_path / "markup.db")
    store.save(Extraction(document=doc, pipeline_version="0.1.0"))
    try:
        with live_server(create_app(Config(), store)) as url:
            page = new_page(browser)
            goto(page, f"{url}/#/document/doc-markup")
            assert page.locator("main img, main b, main script").count() == 0
            assert "<img src=x" in page.inner_text(".doc-text")
            assert page.locator("h1").inner_text().startswith("<script>")
            assert page.locator("a", has_text="original").count() == 0
            assert page.evaluate("window.pwned === undefined")
            page.close()
    finally:
        store.close()
