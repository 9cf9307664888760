"""HTML pages (trafilatura) and HTML fragments (feed items) to documents."""

from __future__ import annotations

import html as htmllib
import re
from collections.abc import Iterator
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


# Elements whose content is never article text.
_DROPPED = frozenset({"script", "style", "noscript", "template", "head", "title"})
# Elements that end a paragraph: their start and end become a blank line.
_BLOCKS = frozenset({
    "p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr",
    "table", "section", "article", "figure", "figcaption", "pre", "header", "footer", "dl",
    "dt", "dd", "aside", "main", "nav", "hr",
})
_GAPS = re.compile(r"[ \t]*\n[ \t]*(?:\n[ \t]*)+")
# Text of a fragment the HTML parser cannot read: tags go, entities are decoded.
# ``<[^<>]*>`` (unlike ``<[^>]+>``) stops at the next '<', so a flood of unclosed
# tags costs linear time.
_FALLBACK_TAG = re.compile(r"<[^<>]*>")


def html_fragment_to_text(fragment: str) -> str:
    """Text of an HTML fragment (a feed item's content): one paragraph per block.

    Parsed with libxml2's HTML parser (lxml), in time linear in the fragment's size
    whatever its markup (regular expressions over tags were quadratic on floods of
    unclosed ``<script>`` tags); script, style and similar content is dropped.
    """
    from lxml import etree

    # huge_tree: nesting up to libxml2's hard limit; deeper markup is a fatal parse
    # error, after which the parser would silently drop the rest of the text
    parser = etree.HTMLParser(recover=True, no_network=True, remove_comments=True,
                              remove_pis=True, huge_tree=True, encoding="utf-8")
    try:
        root = etree.fromstring(fragment.encode("utf-8", "surrogatepass"), parser)
    except (etree.LxmlError, ValueError):
        root = None
    fatal = any(error.level_name == "FATAL" for error in parser.error_log)
    text = _fallback_text(fragment) if root is None or fatal else "".join(_fragment_pieces(root))
    return _GAPS.sub("\n\n", text).strip()


def _fallback_text(fragment: str) -> str:
    """Tags removed, dropped elements' content cut (an unclosed one runs to the end,
    as in a browser), entities decoded: string searches only, so linear time."""
    lower = fragment.lower()
    kept: list[str] = []
    position = 0
    # the next start of each dropped tag, searched again only once passed (linear);
    # ``absent`` once a tag occurs no more
    absent = len(fragment)
    following = dict.fromkeys(("script", "style", "noscript"), -1)
    while True:
        for tag, at in following.items():
            if at < position:
                found = lower.find(f"<{tag}", position)
                following[tag] = absent if found < 0 else found
        at, tag = min((at, tag) for tag, at in following.items())
        if at == absent:
            kept.append(fragment[position:])
            break
        kept.append(fragment[position:at])
        close = lower.find(f"</{tag}", at)
        end = lower.find(">", close) if close >= 0 else -1
        if end < 0:
            break
        position = end + 1
    return htmllib.unescape(_FALLBACK_TAG.sub("", "".join(kept)))


def _fragment_pieces(root: Any) -> Iterator[str]:
    """Text and paragraph breaks of a parsed fragment, walked without recursion
    (a fragment may nest elements thousands deep)."""
    from lxml import etree

    skipping = 0  # depth inside dropped elements
    for event, element in etree.iterwalk(root, events=("start", "end")):
        tag = element.tag if isinstance(element.tag, str) else ""
        tag = tag.lower()
        if event == "start":
            if tag in _DROPPED:
                skipping += 1
            elif not skipping:
                if tag == "br":
                    yield "\n"
                elif tag in _BLOCKS:
                    yield "\n\n"
                if element.text:
                    yield element.text
            continue
        if tag in _DROPPED:
            skipping -= 1
        elif not skipping and tag in _BLOCKS:
            yield "\n\n"
        if not skipping and element.tail:
            yield element.tail
