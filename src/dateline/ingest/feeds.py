"""RSS 2.0, RSS 1.0 (RDF) and Atom feed files: each item with content becomes a document.

Parsed with defusedxml: a feed that declares entities or external references is
refused rather than expanded (no "billion laughs", no file inclusion).
"""

from __future__ import annotations

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


def _children(element: Element, name: str) -> list[Element]:
    return [child for child in element if _local(child.tag) == name]


def _text(element: Element, *names: str) -> str | None:
    for name in names:
        for child in _children(element, name):
            value = "".join(child.itertext()).strip()
            if value:
                return value
    return None


def parse_feed(data: bytes, source: str) -> Element:
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


def _link(item: Element) -> str | None:
    for link in _children(item, "link"):
        href = link.get("href")
        if href and link.get("rel", "alternate") == "alternate":
            return href.strip()
        if link.text and link.text.strip():
            return link.text.strip()
    return None


def _author(item: Element) -> str | None:
    for author in _children(item, "author"):
        name = _text(author, "name")  # Atom: <author><name>
        if name:
            return name
    return _text(item, "creator", "author")


def read_feed(
    data: bytes, source: str, config: Config
) -> Iterator[Document | tuple[str, InputError]]:
    root = parse_feed(data, source)
    if not is_feed(root):
        raise MalformedRecordError(
            f"XML root <{_local(root.tag)}> is not an RSS or Atom feed", source=source
        )
    channel = next(iter(_children(root, "channel")), root)
    publisher = _text(channel, "title")
    # RSS 2.0: rss/channel/item; RSS 1.0: items beside the channel; Atom: feed/entry.
    items = _children(channel, "item") or _children(root, "item") or _children(root, "entry")
    for number, item in enumerate(items, 1):
        where = f"{source}:item{number}"
        # Full content first; the description/summary is often only a teaser.
        body = _text(item, "encoded", "content") or _text(item, "description", "summary")
        if not body:
            yield where, NoArticleBodyError(
                f"feed item {number} has no content or description", source=where
            )
            continue
        if "<" in body and ">" in body:
            body = html_fragment_to_text(body)
        published = _text(item, "pubDate", "published", "updated", "date")
        try:
            yield document_from_text(
                body,
                source=where,
                title=_text(item, "title"),
                published=published,
                published_source="metadata" if published else None,
                publisher=publisher,
                url=_link(item),
                byline=_author(item),
                external_id=_text(item, "guid", "id"),
                metadata={"format": "feed", "item": number},
                detect_title=False,
                config=config,
            )
        except InputError as exc:
            exc.source = where
            yield where, exc
        except Exception as exc:  # a bug on one odd item must not lose the rest
            yield where, unexpected(exc, where)
