"""HTML pages (trafilatura) and HTML fragments (feed items) to documents."""

from __future__ import annotations

import html as htmllib
import re
from typing import Any

from dateline.config import Config
from dateline.errors import DocumentTooLargeError, NoArticleBodyError
from dateline.ingest.text import document_from_text
from dateline.model import Document

# An HTML page carries markup, scripts and styles around the article: allow this
# many raw characters per character of the max_chars body limit.
HTML_SIZE_FACTOR = 20

_HTML_START = re.compile(r"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)\b", re.I | re.S)
_HTML_TAGS = re.compile(r"<(?:head|body|article|p|div)\b[^>]*>", re.I)


def looks_like_html(text: str) -> bool:
    """True for an HTML document (doctype/``<html>``) or markup-heavy text."""
    head = text[:4096]
    if _HTML_START.match(head):
        return True
    return head.lstrip().startswith("<") and len(_HTML_TAGS.findall(head)) >= 2


def document_from_html(
    html: str,
    *,
    source: str | None = None,
    url: str | None = None,
    title: str | None = None,
    published: str | None = None,
    publisher: str | None = None,
    byline: str | None = None,
    external_id: str | None = None,
    published_source: str | None = None,
    metadata: dict[str, Any] | None = None,
    config: Config | None = None,
) -> Document:
    """The main text of an HTML page (trafilatura) plus its title, date, author, site, url.

    Keyword values given here win over what the page says. Raises
    :class:`~dateline.errors.NoArticleBodyError` when the page has no article body.
    """
    from trafilatura import bare_extraction

    config = config or Config()
    limit = config.max_chars * HTML_SIZE_FACTOR
    if len(html) > limit:
        raise DocumentTooLargeError(
            f"HTML page has {len(html):,} characters, over the limit of {limit:,} "
            f"({HTML_SIZE_FACTOR} x max_chars)",
            source=source,
        )
    result = bare_extraction(
        html,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        # Dates only from the page's metadata and markup: a date guessed from
        # anywhere in the page text is worse than none.
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    text = getattr(result, "text", None) if result is not None else None
    if not text or not text.strip():
        raise NoArticleBodyError("HTML page has no article body (no main text found)", source=source)
    meta: dict[str, Any] = {"format": "html", **(metadata or {})}
    for key in ("sitename", "hostname", "description"):
        value = getattr(result, key, None)
        if value:
            meta[key] = value
    try:
        return _document(text, result, source, url, title, published, publisher, byline,
                         external_id, published_source, meta, config)
    except NoArticleBodyError:
        raise NoArticleBodyError(
            "HTML page has no article body (only title, byline or page furniture)", source=source
        ) from None


def _document(
    text: str,
    result: Any,
    source: str | None,
    url: str | None,
    title: str | None,
    published: str | None,
    publisher: str | None,
    byline: str | None,
    external_id: str | None,
    published_source: str | None,
    meta: dict[str, Any],
    config: Config,
) -> Document:
    page_date = getattr(result, "date", None)
    return document_from_text(
        text,
        source=source,
        title=title or getattr(result, "title", None),
        published=published or page_date,
        published_source=published_source if published else ("metadata" if page_date else None),
        publisher=publisher or getattr(result, "sitename", None),
        url=url or getattr(result, "url", None),
        byline=byline or getattr(result, "author", None),
        external_id=external_id,
        metadata=meta,
        config=config,
    )


_DROP = re.compile(r"<(script|style|noscript)\b.*?</\1\s*>", re.I | re.S)
_BREAK = re.compile(r"<br\s*/?>", re.I)
_BLOCK = re.compile(r"</?(?:p|div|li|ul|ol|h[1-6]|blockquote|tr|table|section|article|figure|figcaption|pre)\b[^>]*>", re.I)
_TAG = re.compile(r"<[^>]+>")
_GAPS = re.compile(r"[ \t]*\n[ \t]*(?:\n[ \t]*)+")


def html_fragment_to_text(fragment: str) -> str:
    """Text of an HTML fragment (a feed item's content): one paragraph per block."""
    text = _DROP.sub("", fragment)
    text = _BREAK.sub("\n", text)
    text = _BLOCK.sub("\n\n", text)
    text = htmllib.unescape(_TAG.sub("", text))
    return _GAPS.sub("\n\n", text).strip()
