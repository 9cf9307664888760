"""A feed server on 127.0.0.1 for the watch tests (http.server in a thread).

The test changes what it serves between polls: the items, and failures -- a 500, a
body that is not XML, a reply slower than the watcher's timeout. It answers
conditional GETs with 304 like a real server (ETag and Last-Modified), unless told
to ignore them, and counts what it was asked.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from xml.sax.saxutils import escape


@dataclass
class FeedItem:
    guid: str
    title: str
    text: str
    published: str = "Mon, 04 Mar 2024 09:00:00 GMT"


@dataclass
class FeedState:
    items: list[FeedItem] = field(default_factory=list)
    mode: str = "ok"  # ok | error | garbage | slow
    validators: bool = True  # answer If-None-Match / If-Modified-Since with 304
    slow_seconds: float = 3.0
    requests: int = 0
    not_modified: int = 0
    conditional: int = 0  # requests that carried a validator
    modified_at: float = field(default_factory=time.time)

    def set_items(self, items: list[FeedItem]) -> None:
        self.items = list(items)
        self.modified_at += 60  # a later Last-Modified for the new content

    def body(self) -> bytes:
        entries = "".join(
            f"<item><title>{escape(i.title)}</title><guid isPermaLink=\"false\">{escape(i.guid)}</guid>"
            f"<link>https://example.invalid/{escape(i.guid)}</link><pubDate>{i.published}</pubDate>"
            f"<description>{escape(i.text)}</description></item>"
            for i in self.items
        )
        return ('<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
                f"<title>Test Wire</title>{entries}</channel></rss>").encode()


@contextmanager
def feed_server(state: FeedState) -> Iterator[str]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            state.requests += 1
            if state.mode == "slow":
                time.sleep(state.slow_seconds)
            if state.mode == "error":
                self._reply(500, b"internal error", "text/plain")
                return
            if state.mode == "garbage":
                self._reply(200, b"\x00\x01 this is not a feed <<<", "application/rss+xml")
                return
            body = state.body()
            etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
            modified = formatdate(state.modified_at, usegmt=True)
            sent_etag = self.headers.get("If-None-Match")
            sent_since = self.headers.get("If-Modified-Since")
            if sent_etag or sent_since:
                state.conditional += 1
            if state.validators and (sent_etag == etag or (not sent_etag and sent_since == modified)):
                state.not_modified += 1
                self.send_response(304)
                self.send_header("ETag", etag)
                self.end_headers()
                return
            headers = {"ETag": etag, "Last-Modified": modified} if state.validators else {}
            self._reply(200, body, "application/rss+xml", headers)

        def _reply(self, status: int, body: bytes, kind: str, headers: dict[str, str] | None = None) -> None:
            try:
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                for k, v in (headers or {}).items():
                    self.send_header(k, v)
                self.end_headers()
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the watcher gave up waiting (the timeout test)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/feed.rss"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
