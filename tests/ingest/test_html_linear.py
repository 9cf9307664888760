"""HTML fragments (feed items) are cleaned in linear time whatever their markup."""

from __future__ import annotations

import time

import pytest

from dateline.config import Config
from dateline.ingest.feeds import read_feed
from dateline.ingest.html import _fallback_text, html_fragment_to_text
from dateline.model import Document

# Families that made the old regular expressions quadratic (issue 17), each about
# 300,000 characters: the pipeline's max_chars limit.
FLOODS = {
    "unclosed scripts": "<p>Kyiv said</p>" + "<script>" * 37_500,
    "closed scripts": "<script>x</script>y" * 15_000,
    "bare angle brackets": "<" * 300_000,
    "unterminated tags": "<a " * 100_000,
    "deep nesting": "<div>" * 60_000 + "text",
    "styles then a script": "<style>x</style>" * 18_000 + "<script>",
}


@pytest.mark.parametrize("name", sorted(FLOODS))
def test_floods_are_linear(name: str) -> None:
    started = time.perf_counter()
    html_fragment_to_text(FLOODS[name])
    # the old regexes took 28.8 s on 16k scripts; linear cleaning takes ~0.05 s here
    assert time.perf_counter() - started < 2.0


def test_text_blocks_and_entities() -> None:
    text = html_fragment_to_text(
        "<p>One &amp; two</p><style>p{}</style><P>Three<br/>four <i>five</i></p>"
        "<noscript>no</noscript><!-- comment -->six"
    )
    assert text == "One & two\n\nThree\nfour five\n\nsix"


def test_deeper_than_the_parser_allows_keeps_text() -> None:
    # libxml2 stops at its nesting limit; the text after must not be lost
    text = html_fragment_to_text("<div>" * 5000 + "deep &amp; <script>x()</script>end")
    assert text == "deep & end"


def test_fallback_drops_scripts_closed_or_not() -> None:
    assert _fallback_text("a<script>x</script>b<STYLE a=1>q</style >c<noscript>zz") == "abc"
    assert _fallback_text("plain <b>bold</b> &lt;3") == "plain bold <3"


def test_feed_with_a_flooded_item_is_fast() -> None:
    body = "&lt;p&gt;Troops withdrew from the town on Monday, officials said.&lt;/p&gt;" + (
        "&lt;script&gt;" * 30_000)
    feed = (f"<?xml version='1.0'?><rss version='2.0'><channel><title>Wire</title><item>"
            f"<title>T</title><description>{body}</description></item></channel></rss>")
    started = time.perf_counter()
    items = list(read_feed(feed.encode(), "feed.xml", Config()))
    assert time.perf_counter() - started < 3.0
    assert isinstance(items[0], Document)
    assert items[0].text.startswith("Troops withdrew from the town on Monday")
