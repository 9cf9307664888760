"""Readers: HTML, JSONL, RSS/Atom, directories, stdin, and the bundled examples."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from dateline.config import Config
from dateline.ingest import InputFailure, document_from_html, read_inputs
from dateline.ingest.html import html_fragment_to_text, looks_like_html
from dateline.model import Document

PARAGRAPHS = [
    "RIGA, March 3 (Baltic Wire) - Latvia's parliament voted on Thursday to extend the "
    "state of emergency on the border with Belarus for another three months.",
    "The interior minister said the number of attempted illegal crossings had fallen but "
    "remained \u201cworryingly high\u201d, and that border guards would receive new equipment.",
    "Opposition deputies said the government had not explained why the measure was still "
    "needed, and called for a debate on its cost before the summer recess.",
]

PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Latvia extends border emergency | Baltic Wire</title>
<meta property="og:title" content="Latvia extends border emergency">
<meta property="og:site_name" content="Baltic Wire">
<meta name="author" content="Ilze Berzina">
<meta property="article:published_time" content="2024-03-03T12:00:00+00:00">
<link rel="canonical" href="https://example.invalid/2024/03/03/latvia-border">
</head><body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Latvia extends border emergency</h1>
""" + "".join(f"<p>{p}</p>\n" for p in PARAGRAPHS) + """</article>
<footer><p>Share</p><p>Subscribe to our newsletter</p></footer></body></html>"""


def docs_and_failures(items: list[Document | InputFailure]) -> tuple[list[Document], list[InputFailure]]:
    return (
        [i for i in items if isinstance(i, Document)],
        [i for i in items if isinstance(i, InputFailure)],
    )


def test_html_page() -> None:
    doc = document_from_html(PAGE, source="page.html")
    assert doc.title == "Latvia extends border emergency"
    assert (doc.published, doc.published_source) == ("2024-03-03", "metadata")
    assert doc.publisher == "Baltic Wire"
    assert doc.byline == "Ilze Berzina"
    assert doc.url == "https://example.invalid/2024/03/03/latvia-border"
    assert doc.text.startswith("RIGA, March 3 (Baltic Wire)")
    assert "Subscribe" not in doc.text and "Home" not in doc.text
    assert len(doc.paragraphs) == 3


def test_html_sniffed_in_a_file_without_html_extension(tmp_path: Path) -> None:
    path = tmp_path / "saved-page"
    path.write_text(PAGE, encoding="utf-8")
    docs, failures = docs_and_failures(list(read_inputs([str(path)])))
    assert failures == []
    assert docs[0].metadata["format"] == "html"
    assert looks_like_html(PAGE) and not looks_like_html(PARAGRAPHS[0])


def test_jsonl_fields(tmp_path: Path) -> None:
    path = tmp_path / "records.ndjson"
    rows = [
        {"id": "r1", "title": "Latvia extends emergency", "published": "2024-03-03",
         "url": "https://example.invalid/r1", "publisher": "Baltic Wire", "text": "\n\n".join(PARAGRAPHS),
         "section": "world"},
        {"id": "r2", "gdelt_seendate": "2024-03-04T10:15:00Z", "text": PARAGRAPHS[1]},
    ]
    path.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    docs, failures = docs_and_failures(list(read_inputs([str(path)])))
    assert failures == []
    first, second = docs
    assert (first.title, first.published, first.publisher, first.external_id) == (
        "Latvia extends emergency", "2024-03-03", "Baltic Wire", "r1")
    assert first.metadata["fields"] == {"section": "world"}
    assert (second.published, second.published_source) == ("2024-03-04T10:15:00Z", "metadata")
    assert second.metadata["published_field"] == "gdelt_seendate"
    # A record names its title in a field: its first line stays body.
    assert second.title is None and second.text == PARAGRAPHS[1]


RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
     xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>Baltic Wire</title><link>https://example.invalid/</link>
<item><title>Latvia extends border emergency</title>
<link>https://example.invalid/a</link><guid>a-1</guid>
<pubDate>Sun, 03 Mar 2024 12:00:00 GMT</pubDate><dc:creator>Ilze Berzina</dc:creator>
<description>Short teaser.</description>
<content:encoded><![CDATA[""" + "".join(f"<p>{p}</p>" for p in PARAGRAPHS) + """]]></content:encoded>
</item>
<item><title>Headline only</title></item>
<item><title>Estonia summons envoy</title><description>Estonia summoned the Russian envoy on Monday over airspace violations, the foreign ministry said.</description></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Alpine Daily</title>
<entry><title>Vienna talks end</title><id>urn:x:1</id>
<link rel="alternate" href="https://example.invalid/vienna"/>
<published>2023-05-12T08:00:00Z</published><author><name>Anna Huber</name></author>
<content type="html">&lt;p&gt;Negotiators left Vienna on Friday without an agreement.&lt;/p&gt;&lt;p&gt;They will meet again in June.&lt;/p&gt;</content>
</entry></feed>"""


def test_rss_feed(tmp_path: Path) -> None:
    path = tmp_path / "feed.xml"
    path.write_text(RSS, encoding="utf-8")
    docs, failures = docs_and_failures(list(read_inputs([str(path)])))
    assert [f.source for f in failures] == [f"{path}:item2"]
    assert failures[0].error.code == "E104"
    first, third = docs
    assert (first.title, first.published, first.publisher, first.byline, first.url, first.external_id) == (
        "Latvia extends border emergency", "2024-03-03T12:00:00Z", "Baltic Wire",
        "Ilze Berzina", "https://example.invalid/a", "a-1")
    assert first.text.split("\n\n") == PARAGRAPHS  # full content beats the teaser
    assert third.source == f"{path}:item3" and third.text.startswith("Estonia summoned")


def test_atom_feed(tmp_path: Path) -> None:
    path = tmp_path / "feed.atom"
    path.write_text(ATOM, encoding="utf-8")
    (doc,) = list(read_inputs([str(path)]))
    assert isinstance(doc, Document)
    assert (doc.title, doc.published, doc.byline, doc.url, doc.publisher) == (
        "Vienna talks end", "2023-05-12T08:00:00Z", "Anna Huber",
        "https://example.invalid/vienna", "Alpine Daily")
    assert doc.text == "Negotiators left Vienna on Friday without an agreement.\n\nThey will meet again in June."


def test_fragment_to_text() -> None:
    assert html_fragment_to_text("<p>A &amp; B</p><script>x()</script><p>C<br>D</p>") == "A & B\n\nC\nD"


def test_directory_is_walked_sorted_and_hidden_skipped(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / ".git").mkdir()
    (tmp_path / "b" / "two.txt").write_text(PARAGRAPHS[1], encoding="utf-8")
    (tmp_path / "a.txt").write_text(PARAGRAPHS[0], encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text(PARAGRAPHS[2], encoding="utf-8")
    (tmp_path / ".git" / "HEAD.txt").write_text(PARAGRAPHS[2], encoding="utf-8")
    items = list(read_inputs([str(tmp_path)]))
    assert [i.source for i in items] == [str(tmp_path / "a.txt"), str(tmp_path / "b" / "two.txt")]


class _Stdin:
    def __init__(self, data: bytes) -> None:
        self.buffer = io.BytesIO(data)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ("Latvia extends emergency\n\n" + "\n\n".join(PARAGRAPHS), "text"),
        (PAGE, "html"),
        ("\n".join(json.dumps({"text": p}) for p in PARAGRAPHS), "jsonl"),
    ],
)
def test_stdin(monkeypatch: pytest.MonkeyPatch, data: str, expected: str) -> None:
    monkeypatch.setattr(sys, "stdin", _Stdin(data.encode("utf-8")))
    docs, failures = docs_and_failures(list(read_inputs(["-"], Config())))
    assert failures == []
    assert {d.metadata["format"] for d in docs} == {expected}
    assert all(d.source is not None and d.source.startswith("<stdin>") for d in docs)
    assert len(docs) == (3 if expected == "jsonl" else 1)


def test_empty_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", _Stdin(b"\n"))
    (failure,) = list(read_inputs(["-"]))
    assert isinstance(failure, InputFailure) and failure.error.code == "E101"


def test_bundled_examples(examples_dir: Path) -> None:
    items = list(read_inputs([str(examples_dir)]))
    docs, failures = docs_and_failures(items)
    assert failures == []
    assert len(docs) >= 5
    for doc in docs:
        assert doc.title and doc.published and doc.publisher, doc.source
        assert doc.published_source == "metadata"
        assert "warnings" not in doc.metadata
        assert len(doc.text.split()) >= 100 or doc.metadata.get("format") == "jsonl"
    assert len({d.id for d in docs}) == len(docs)


def test_jsonl_html_field(tmp_path: Path) -> None:
    path = tmp_path / "pages.jsonl"
    path.write_text(json.dumps({"id": "p1", "html": PAGE}) + "\n", encoding="utf-8")
    (doc,) = list(read_inputs([str(path)]))
    assert isinstance(doc, Document)
    assert doc.metadata["format"] == "jsonl" and doc.metadata["sitename"] == "Baltic Wire"
    assert doc.external_id == "p1"
    assert doc.title == "Latvia extends border emergency"


def test_a_reader_bug_fails_one_record_not_the_batch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import dateline.ingest.jsonl as jsonl

    real = jsonl.document_from_text

    def flaky(text: str, **kwargs: object) -> Document:
        if "second" in text:
            raise RuntimeError("boom")
        return real(text, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(jsonl, "document_from_text", flaky)
    path = tmp_path / "three.jsonl"
    path.write_text(
        "\n".join(json.dumps({"text": f"The {n} report from Riga on Monday."})
                  for n in ("first", "second", "third")),
        encoding="utf-8",
    )
    docs, failures = docs_and_failures(list(read_inputs([str(path)])))
    assert len(docs) == 2
    (failure,) = failures
    assert failure.source == f"{path}:2" and failure.error.code == "E100"
    assert "RuntimeError: boom" in str(failure)
