"""Paths to documents: files by type, directories recursively, ``-`` for stdin.

File types go by extension, checked against the content:

- plain text: ``.txt``, ``.text``, ``.md`` and files without extension (read as
  HTML when the content is an HTML page, as a feed when it is one);
- HTML: ``.html``, ``.htm``, ``.xhtml``;
- JSONL: ``.jsonl``, ``.ndjson`` (streamed line by line);
- feeds: ``.rss``, ``.atom``, and ``.xml`` when the root is ``rss``/``feed``/``RDF``.

Anything else is an :class:`~dateline.errors.UnsupportedInputError`. Hidden files
and directories (name starting with ``.``) are skipped when walking a directory.
"""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any, BinaryIO

from dateline.config import Config
from dateline.errors import (
    DocumentTooLargeError,
    EmptyInputError,
    InputError,
    InputNotFoundError,
    MalformedRecordError,
    UnsupportedInputError,
)
from dateline.ingest.decode import decode_with_warnings
from dateline.ingest.feeds import is_feed, parse_feed, read_feed
from dateline.ingest.html import HTML_SIZE_FACTOR, document_from_html, looks_like_html
from dateline.ingest.jsonl import read_jsonl
from dateline.ingest.text import document_from_text, unexpected
from dateline.model import Document

TEXT_SUFFIXES = frozenset({".txt", ".text", ".md", ""})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
FEED_SUFFIXES = frozenset({".rss", ".atom", ".xml"})
SUPPORTED = ".txt .md (or no extension), .html .htm, .jsonl .ndjson, .rss .atom .xml"
# Bytes read from a text file per character of max_chars (UTF-8 needs up to 4).
TEXT_SIZE_FACTOR = 4
# A feed holds many items; each one is held to max_chars on its own.
FEED_SIZE_FACTOR = 100
STDIN = "<stdin>"


@dataclass
class InputFailure:
    """An input (file, JSONL line, feed item) that did not become a document."""

    source: str
    error: InputError

    def __str__(self) -> str:
        return str(self.error)


def read_inputs(
    paths: Iterable[str], config: Config | None = None
) -> Iterator[Document | InputFailure]:
    """Documents from every path, in order; one :class:`InputFailure` per bad input.

    Never raises for bad input: a batch goes on past it.
    """
    config = config or Config()
    for path in paths:
        if str(path) == "-":
            yield from _guard(STDIN, partial(_read_stdin, config))
            continue
        target = Path(path)
        if target.is_dir():
            for file in _walk(target):
                yield from _guard(str(file), partial(_read_file, file, config))
        elif target.is_file():
            yield from _guard(str(target), partial(_read_file, target, config))
        elif not target.exists():
            yield InputFailure(
                str(path), InputNotFoundError("no such file or directory", source=str(path))
            )
        else:
            yield InputFailure(
                str(path), UnsupportedInputError("not a regular file or directory", source=str(path))
            )


def _guard(
    source: str, produce: Callable[[], Iterable[Document | tuple[str, InputError]]]
) -> Iterator[Document | InputFailure]:
    """Turn the errors of one input into failures (items already read are kept)."""
    try:
        for item in produce():
            if isinstance(item, tuple):
                yield InputFailure(item[0], item[1])
            else:
                yield item
    except InputError as exc:
        exc.source = exc.source or source
        yield InputFailure(source, exc)
    except OSError as exc:
        yield InputFailure(source, InputError(f"cannot read: {exc.strerror or exc}", source=source))
    except Exception as exc:  # a reader bug on odd input must not stop the batch
        yield InputFailure(source, unexpected(exc, source))


def _walk(directory: Path) -> Iterator[Path]:
    for root, dirs, files in os.walk(directory):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith("."):
                yield Path(root) / name


def _read_limited(stream: BinaryIO, limit: int, source: str, what: str) -> bytes:
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise DocumentTooLargeError(
            f"{what} is over the size limit of {limit:,} bytes", source=source
        )
    return data


def _read_file(path: Path, config: Config) -> Iterator[Document | tuple[str, InputError]]:
    source = str(path)
    suffix = path.suffix.lower()
    known = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES | FEED_SUFFIXES
    if suffix not in known:
        raise UnsupportedInputError(
            f"unsupported file type {suffix!r} (supported: {SUPPORTED})", source=source
        )
    if path.stat().st_size == 0:
        raise EmptyInputError("empty file", source=source)
    if suffix in JSONL_SUFFIXES:
        yield from _read_jsonl_stream(path, source, config)
        return
    factor = {**dict.fromkeys(HTML_SUFFIXES, HTML_SIZE_FACTOR),
              **dict.fromkeys(FEED_SUFFIXES, FEED_SIZE_FACTOR)}.get(suffix, TEXT_SIZE_FACTOR)
    with path.open("rb") as stream:
        data = _read_limited(stream, config.max_chars * factor, source, "file")
    yield from _read_bytes(data, source, suffix, config)


def _read_jsonl_stream(path: Path, source: str, config: Config) -> Iterator[Document | tuple[str, InputError]]:
    with path.open("rb") as stream:
        any_line = False
        for item in read_jsonl(stream, source, config):
            any_line = True
            yield item
    if not any_line:
        raise EmptyInputError("JSONL file has no records (only blank lines)", source=source)


def _read_bytes(
    data: bytes, source: str, suffix: str, config: Config
) -> Iterator[Document | tuple[str, InputError]]:
    text, encoding, warnings = decode_with_warnings(data, source)
    metadata: dict[str, Any] = {"encoding": encoding, **({"warnings": warnings} if warnings else {})}
    head = text.lstrip("\ufeff \t\r\n")[:512]
    if suffix in FEED_SUFFIXES or (head.startswith("<?xml") and "<html" not in head.lower()):
        root = parse_feed(data, source)
        if is_feed(root):
            yield from read_feed(data, source, config)
            return
        if not looks_like_html(text):
            raise UnsupportedInputError(
                f"XML document with root <{root.tag}> is not an RSS or Atom feed", source=source
            )
    if suffix in HTML_SUFFIXES or looks_like_html(text):
        yield document_from_html(text, source=source, metadata=metadata, config=config)
        return
    yield document_from_text(
        text, source=source, metadata={"format": "text", **metadata}, config=config
    )


def _read_stdin(config: Config) -> Iterator[Document | tuple[str, InputError]]:
    if sys.stdin is None or getattr(sys.stdin, "closed", False):
        raise EmptyInputError("no standard input", source=STDIN)
    stream = sys.stdin.buffer if hasattr(sys.stdin, "buffer") else io.BytesIO(
        sys.stdin.read().encode("utf-8")
    )
    # stdin may be a JSONL stream of many articles: allow as much as a feed.
    data = _read_limited(stream, config.max_chars * FEED_SIZE_FACTOR, STDIN, "standard input")
    if not data.strip():
        raise EmptyInputError("empty input on stdin", source=STDIN)
    if data.lstrip().startswith(b"{"):
        lines = data.splitlines()
        first = lines[0].strip() if lines else b""
        if first.startswith(b"{") and first.endswith(b"}"):
            yield from read_jsonl(lines, STDIN, config)
            return
    yield from _read_bytes(data, STDIN, "", config)


__all__ = ["InputFailure", "MalformedRecordError", "read_inputs"]
