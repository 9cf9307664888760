"""Fixtures for the web tests: a store holding the hand-built corpus, and clients."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

pytest.importorskip("fastapi", reason="the web extra (fastapi) is not installed")

from fastapi.testclient import TestClient  # noqa: E402

from dateline.config import Config  # noqa: E402
from dateline.interfaces.web import create_app  # noqa: E402
from dateline.store import open_store  # noqa: E402
from tests.web.corpus import corpus  # noqa: E402

TOKEN = "test-token-0123456789"


@pytest.fixture
def store() -> Iterator[Any]:
    s = open_store(":memory:")
    for extraction in corpus():
        assert s.save(extraction) == "stored"
    yield s
    s.close()


def make_client(store: Any, **kwargs: Any) -> TestClient:
    config = kwargs.pop("config", Config(api_token=TOKEN))
    return TestClient(create_app(config, store, **kwargs))


@pytest.fixture
def client(store: Any) -> TestClient:
    return make_client(store)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Debian's chromium through Playwright (skips, or fails under CI, without it)."""
    from tests.web.browser import chromium

    with chromium() as b:
        yield b


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A page that must end with no JavaScript error and no request off this machine."""
    from tests.web.browser import new_page

    p = new_page(browser)
    yield p
    errors, external = p.js_errors, p.external_requests
    p.close()
    assert not errors, f"JavaScript errors: {errors}"
    assert not external, f"requests left the machine: {external}"
