"""RSS 2.0, RSS 1.0 (RDF) and Atom feeds: each item with content becomes a document.

Items are read by ``feedparser`` (every feed dialect, its date and author forms, HTML
content sanitised). It runs only after a ``defusedxml`` parse of the same bytes has
accepted them: a feed that declares entities or external references is refused rather
than expanded (no "billion laughs", no file inclusion), and XML that is not well formed
is refused rather than guessed at (feedparser alone would read garbage as an empty feed).
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from dateline.config import Config
from dateline.errors import InputError, MalformedRecordError, NoArticleBodyError
from dateline.ingest.html import html_fragment_to_text
from dateline.ingest.text import document_from_text, unexpected
from dateline.model import Document

FEED_ROOTS = frozenset({"rss", "feed", "RDF"})


def _local(tag: Any) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def parse_feed(data: bytes, source: str) -> Element:
    """The guard: the feed's root element, parsed safely; raises E106 for unsafe or bad XML."""
    try:
        return fromstring(data)
    except DefusedXmlException:
        raise MalformedRecordError(
            "feed declares XML entities or external references; refused (not expanded)",
            source=source,
        ) from None
    except ParseError as exc:
        raise MalformedRecordError(f"not well-formed XML ({exc})", source=source) from None


def is_feed(root: Element) -> bool:
    return _local(root.tag) in FEED_ROOTS


def _first(entry: Any, *keys: str) -> str | None:
    for key in keys:
        value = entry.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


def _body(entry: Any) -> str | None:
    # Full content first (content:encoded, Atom content); the summary is often a teaser.
    for content in entry.get("content") or []:
        value = (content.get("value") or "").strip()
        if value:
            return value
    return _first(entry, "summary", "description")


def _author(entry: Any) -> str | None:
    detail = entry.get("author_detail") or {}
    return _first(detail, "name") or _first(entry, "author")


def read_feed(
    data: bytes, source: str, config: Config
) -> Iterator[Document | tuple[str, InputError]]:
    import feedparser

    root = parse_feed(data, source)
    if not is_feed(root):
        raise MalformedRecordError(
            f"XML root <{_local(root.tag)}> is not an RSS or Atom feed", source=source
        )
    # a stream, never bytes or a string: feedparser would try those as a file name or URL
    parsed = feedparser.parse(io.BytesIO(data), sanitize_html=True, resolve_relative_uris=False)
    publisher = _first(parsed.get("feed") or {}, "title")
    for number, entry in enumerate(parsed.get("entries") or [], 1):
        where = f"{source}:item{number}"
        body = _body(entry)
        if not body:
            yield where, NoArticleBodyError(
                f"feed item {number} has no content or description", source=where
            )
            continue
        if "<" in body and ">" in body:
            body = html_fragment_to_text(body)
        published = _first(entry, "published", "updated", "created")
        try:
            yield document_from_text(
                body,
                source=where,
                title=_first(entry, "title"),
                published=published,
                published_source="metadata" if published else None,
                publisher=publisher,
                url=_first(entry, "link"),
                byline=_author(entry),
                external_id=_first(entry, "id"),
                metadata={"format": "feed", "item": number},
                detect_title=False,
                config=config,
            )
        except InputError as exc:
            exc.source = where
            yield where, exc
        except Exception as exc:  # a bug on one odd item must not lose the rest
            yield where, unexpected(exc, where)
