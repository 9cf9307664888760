"""Every API parameter is validated: user input never yields a 500 or names a server path.

The fuzz sends overflow, injection, FTS-syntax and odd-character payloads to every
parameter of every GET endpoint of the OpenAPI description, on SQLite (a file store,
so a leaked path would show) and on PostgreSQL when ``DATELINE_TEST_POSTGRES`` is set.
"""

from __future__ import annotations

import http.client
import json
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from dateline.config import Config
from dateline.fusion import engine
from dateline.interfaces.web import create_app
from dateline.store import open_store
from tests.store.pg import URL as PG_URL
from tests.store.pg import schema_url
from tests.web.conftest import TOKEN
from tests.web.corpus import corpus

PAYLOADS = [
    "99999999999999999999", "-99999999999999999999", "9223372036854775808", "-1", "0", "1e400",
    "nan", "' OR 1=1 --", "\"; DROP TABLE documents; --", "*", "\"", "a AND", "NEAR(", "col:x",
    "^x", "a OR", "(", ")", "-", "a*b", "\x00", "%00", "\u202e\u0660", "\u00b2", "x" * 600,
    "2024-13-45", "0001-01-01", "9999-12-31", "2024-W99", "[]", "<script>alert(1)</script>",
    "../../etc/passwd", "ASSAULT\x00", "fused:99999999999999999999", "\ud800",
]


def _urls(spec: dict[str, Any]) -> Iterator[tuple[str, dict[str, str], str, str]]:
    """(path, query, parameter, payload) for every GET parameter and payload."""
    for path, operations in spec["paths"].items():
        params = operations.get("get", {}).get("parameters", [])
        for target in params:
            for payload in PAYLOADS:
                url, query = path, {}
                for param in params:
                    value = payload if param is target else "x"
                    if param["in"] == "path":
                        safe = quote(value.encode("utf-8", "surrogatepass"), safe="")
                        url = url.replace("{" + param["name"] + "}", safe)
                        url = url.replace("{" + param["name"] + ":path}", safe)
                    elif param is target or param.get("required"):
                        query[param["name"]] = value
                yield url, query, target["name"], payload


def _fuzz(client: TestClient, secret: str) -> tuple[int, list[tuple[str, str, int, str]]]:
    spec = client.get("/api/openapi.json").json()
    bad, count = [], 0
    for url, query, name, _payload in _urls(spec):
        encoded = {k: v.encode("utf-8", "surrogatepass") for k, v in query.items()}
        response = client.get(url, params=encoded)
        count += 1
        if response.status_code >= 500 or secret in response.text or "/tmp" in response.text:
            bad.append((url, name, response.status_code, response.text[:200]))
        elif response.status_code >= 400:
            assert response.json()["status"] == response.status_code
    return count, bad


def _filled(store: Any) -> Any:
    for extraction in corpus():
        store.save(extraction)
        engine.fuse_document(store, extraction)
    return store


def test_every_get_parameter_sqlite(tmp_path: Path) -> None:
    db = tmp_path / "secret-dir" / "store.db"
    db.parent.mkdir()
    store = _filled(open_store(str(db)))
    client = TestClient(create_app(Config(api_token=TOKEN), store), raise_server_exceptions=False)
    count, bad = _fuzz(client, "secret-dir")
    store.close()
    assert count > 1000
    assert bad == []


@pytest.mark.skipif(not PG_URL, reason="DATELINE_TEST_POSTGRES is not set")
def test_every_get_parameter_postgres() -> None:
    with schema_url() as url:
        store = _filled(open_store(url))
        client = TestClient(create_app(Config(api_token=TOKEN), store),
                            raise_server_exceptions=False)
        count, bad = _fuzz(client, "127.0.0.1")
        store.close()
    assert count > 1000
    assert bad == []


def test_search_syntax_is_a_400_naming_no_path(tmp_path: Path) -> None:
    store = _filled(open_store(str(tmp_path / "s.db")))
    client = TestClient(create_app(Config(api_token=TOKEN), store))
    for query in ("*", "\"", "NEAR(", "a AND", "col:x", "^", "-x"):
        for path in ("/api/search", "/api/quotes"):
            response = client.get(path, params={"q" if path.endswith("search") else "text": query})
            assert response.status_code in (200, 400), (path, query, response.text)
            assert str(tmp_path) not in response.text
    response = client.get("/api/search", params={"q": "*"})
    assert response.status_code == 400 and "search query" in response.json()["message"]
    for offset in ("99999999999999999999", "9223372036854775807", "-1"):
        assert client.get("/api/events", params={"offset": offset}).status_code == 400
    assert client.get("/api/fused/99999999999999999999").status_code == 404
    assert client.get("/api/fused/\u00b2").status_code == 404
    store.close()


def test_post_fields_fuzzed() -> None:
    store = open_store(":memory:")
    client = TestClient(create_app(Config(api_token=TOKEN), store), raise_server_exceptions=False)
    auth = {"Authorization": f"Bearer {TOKEN}"}
    bodies: list[Any] = [{"text": p} for p in PAYLOADS[:24]] + [
        {"text": "Kyiv said troops withdrew.", "published": p} for p in PAYLOADS] + [
        {"html": p} for p in PAYLOADS[:24]] + [
        {"text": "x", "html": "y"}, {}, [], "text", 5, {"text": None}, {"text": ["a"]}]
    for body in bodies:
        # json.dumps escapes lone surrogates (\ud800) as JSON allows
        response = client.post("/api/documents", content=json.dumps(body),
                               headers={**auth, "Content-Type": "application/json"})
        # 2xx stored, 4xx refused (empty text, bad shape, no article body)
        assert response.status_code < 500, (body, response.text)
    store.close()


# -- keep-alive survives errors: a real server on the loopback ------------------------------
class _Server:
    def __init__(self, app: Any) -> None:
        import uvicorn

        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=self.port,
                                                    log_level="critical"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> _Server:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started and time.monotonic() < deadline:
            time.sleep(0.05)
        return self

    def __exit__(self, *args: Any) -> None:
        self.server.should_exit = True
        self.thread.join(10)


def test_keep_alive_survives_errors_and_bugs(monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("uvicorn")
    store = _filled(open_store(":memory:"))

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("a bug in the store at /secret/path")

    monkeypatch.setattr(store, "contradictions", broken)
    with _Server(create_app(Config(api_token=TOKEN), store)) as server:
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=20)
        seen: list[int] = []
        sockets = set()
        for path in ("/api/stats", "/api/events?offset=99999999999999999999", "/api/contradictions",
                     "/api/search?q=*", "/api/fused/99999999999999999999", "/api/nothing",
                     "/api/stats"):
            connection.request("GET", path)
            response = connection.getresponse()
            body = response.read()
            assert response.getheader("connection") != "close", path
            assert b"/secret" not in body
            sockets.add(id(connection.sock))
            seen.append(response.status)
        connection.close()
    store.close()
    assert seen == [200, 400, 500, 400, 404, 404, 200]
    assert len(sockets) == 1  # one connection served them all
