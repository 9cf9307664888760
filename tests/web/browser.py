"""Helpers for the browser tests: a live server in a thread and Debian's chromium.

Never downloads a browser: Playwright drives /usr/bin/chromium (CI installs the
``chromium`` package); without it the browser tests skip with a message.
"""

from __future__ import annotations

import os
import socket
import threading
import time
import urllib.parse
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-background-networking", "--disable-gpu",
    "--disable-component-update", "--disable-sync",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-output" / "screenshots"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextmanager
def live_server(app: Any) -> Iterator[str]:
    """Serve ``app`` with uvicorn on a free loopback port until the block ends."""
    import uvicorn

    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@contextmanager
def chromium() -> Iterator[Any]:
    if not CHROMIUM.is_file():
        if os.environ.get("CI"):
            pytest.fail(f"CI must run the browser tests: {CHROMIUM} is missing (.ci/run installs it)")
        pytest.skip(f"browser tests need Debian's chromium at {CHROMIUM} (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def new_page(browser: Any) -> Any:
    """A page that records JavaScript errors and refuses (and records) any request that
    leaves this machine: the UI must work with no internet."""
    # bypass_csp: Playwright's wait_for_function evaluates strings, which the app's
    # Content-Security-Policy (script-src 'self') rightly forbids
    page = browser.new_page(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    external: list[str] = []

    def only_local(route: Any) -> None:
        host = urllib.parse.urlsplit(route.request.url).hostname
        if host in ("127.0.0.1", "localhost"):
            route.continue_()
        else:
            external.append(route.request.url)
            route.abort()

    page.route("**/*", only_local)
    page.external_requests = external
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.js_errors = errors
    return page


@contextmanager
def serve_record(db: Path, extractions: Iterable[Any], *, fuse: bool = False) -> Iterator[str]:
    """A live server over a store at ``db`` holding ``extractions`` (fused when asked)."""
    from dateline.config import Config
    from dateline.interfaces.web import create_app
    from dateline.store import open_store

    store = open_store(db)
    try:
        for extraction in extractions:
            store.save(extraction)
            if fuse:
                from dateline.fusion import engine

                engine.fuse_document(store, extraction)
        with live_server(create_app(Config(), store)) as url:
            yield url
    finally:
        store.close()


def goto(page: Any, url: str) -> None:
    """Open a UI route and wait until the page has rendered it."""
    page.goto(url)
    page.wait_for_function("document.body.dataset.rendered === location.hash", timeout=15_000)


def wait_route(page: Any) -> None:
    page.wait_for_function("document.body.dataset.rendered === location.hash", timeout=15_000)


def shot(page: Any, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
