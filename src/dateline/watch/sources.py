"""One poll of one source: a feed URL fetched with a conditional GET, or a folder
(or a single file) scanned for files that are new or changed since the last poll.

A poll answers what to ingest; it never stores anything (the runner does).
"""

from __future__ import annotations

import http.client
import itertools
import os
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from dateline.config import Config
from dateline.errors import InputError, SourceError
from dateline.ingest.feeds import read_feed
from dateline.ingest.readers import FEED_SIZE_FACTOR, InputFailure, _walk, read_inputs
from dateline.model import Document
from dateline.version import PIPELINE_VERSION
from dateline.watch.state import Item, SourceState

USER_AGENT = f"dateline/{PIPELINE_VERSION} (dateline watch)"
ACCEPT = "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5"
CHUNK = 64 * 1024


def is_url(source: str) -> bool:
    return source.startswith(("http://", "https://"))


def kind_of(source: str) -> str:
    return "feed" if is_url(source) else "folder"


@dataclass
class Poll:
    """What a poll found: documents to ingest (``items``, lazily read) and the state to
    keep once they are ingested (new validators, fingerprints of the files read)."""

    items: Iterator[Document | InputFailure]
    etag: str | None = None
    last_modified: str | None = None
    files: list[Item] = field(default_factory=list)
    unchanged: bool = False


def fetch(url: str, state: SourceState, *, timeout: float, max_bytes: int) -> tuple[int, bytes, dict[str, str]]:
    """GET ``url``, conditional on the validators of the last good poll: ``(304, b"", {})``
    when nothing changed. Raises :class:`SourceError` for anything but a 2xx/304 answer,
    a timeout (``timeout`` per socket operation, twice that for the whole body) or a body
    over ``max_bytes``."""
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": ACCEPT})
    if state.etag:
        request.add_header("If-None-Match", state.etag)
    if state.last_modified:
        request.add_header("If-Modified-Since", state.last_modified)
    deadline = time.monotonic() + 2 * timeout
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - http(s) only
            chunks: list[bytes] = []
            size = 0
            while chunk := response.read(CHUNK):
                size += len(chunk)
                if size > max_bytes:
                    raise SourceError(f"feed is over the size limit of {max_bytes:,} bytes", source=url)
                if time.monotonic() > deadline:
                    raise SourceError(f"feed took longer than {2 * timeout:g} s to arrive", source=url)
                chunks.append(chunk)
            headers = {k: v for k, v in (("etag", response.headers.get("ETag")),
                                         ("last_modified", response.headers.get("Last-Modified"))) if v}
            return int(response.status), b"".join(chunks), headers
    except urllib.error.HTTPError as exc:
        if exc.code == 304:
            return 304, b"", {}
        raise SourceError(f"HTTP {exc.code} {exc.reason}", source=url) from None
    except urllib.error.URLError as exc:
        raise SourceError(f"cannot fetch: {exc.reason}", source=url) from None
    except (TimeoutError, OSError, http.client.HTTPException) as exc:
        raise SourceError(f"cannot fetch: {type(exc).__name__}: {exc}", source=url) from None


def poll_feed(url: str, state: SourceState, config: Config, *, timeout: float) -> Poll:
    status, data, headers = fetch(url, state, timeout=timeout,
                                  max_bytes=config.max_chars * FEED_SIZE_FACTOR)
    if status == 304:
        return Poll(iter(()), state.etag, state.last_modified, unchanged=True)
    if not data.strip():
        raise SourceError(f"HTTP {status} with an empty body", source=url)
    entries = read_feed(data, url, config)
    try:
        # the whole feed is checked (well-formed, a feed) before any item is taken:
        # garbage is the source's failure, not a list of failed items
        first = next(entries, None)
    except InputError as exc:
        raise SourceError(f"not a usable feed: {exc.message}", source=url) from None
    return Poll(_items(first, entries), headers.get("etag"), headers.get("last_modified"))


def _items(
    first: Document | tuple[str, InputError] | None,
    rest: Iterator[Document | tuple[str, InputError]],
) -> Iterator[Document | InputFailure]:
    if first is None:
        return
    for item in itertools.chain((first,), rest):
        yield InputFailure(item[0], item[1]) if isinstance(item, tuple) else item


def fingerprint(path: Path) -> str:
    stat = path.stat()
    return f"{stat.st_size}:{stat.st_mtime_ns}"


def poll_folder(folder: str, seen: dict[str, Item], config: Config) -> Poll:
    """Files below ``folder`` (or the file itself) whose size or mtime changed since
    they were last read; hidden files are skipped, as ``dateline ingest`` does."""
    root = Path(folder)
    if not root.exists():
        raise SourceError("no such file or directory", source=folder)
    files = [root] if root.is_file() else list(_walk(root)) if root.is_dir() else []
    if not files and not root.is_dir():
        raise SourceError("not a regular file or directory", source=folder)
    changed: list[Item] = []
    for path in files:
        key = item_key(folder, str(path))
        try:
            mark = fingerprint(path)
        except OSError:
            continue  # removed between the walk and now: the next poll sees it gone
        known = seen.get(key)
        if known is None or known.fingerprint != mark:
            changed.append(Item(key, mark, known.document_id if known else None))
    paths = [str(root / c.item) if root.is_dir() else str(root) for c in changed]
    return Poll(read_inputs(paths, config) if paths else iter(()), files=changed,
                unchanged=not changed)


def item_key(folder: str, source: str) -> str:
    """An input's key within a folder source: its path relative to the folder (with the
    ``:N`` / ``:itemN`` suffix of a JSONL line or feed item)."""
    root = Path(folder)
    if root.is_dir():
        prefix = str(root).rstrip(os.sep) + os.sep
        if source.startswith(prefix):
            return source[len(prefix):]
    if source.startswith(str(root)):
        return Path(folder).name + source[len(str(root)):]
    return source
