"""Bad input: one clear line, and no document for that input (the rest goes on)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dateline.config import Config
from dateline.errors import (
    BinaryInputError,
    DocumentTooLargeError,
    EmptyInputError,
    EncodingError,
    InputError,
    InputNotFoundError,
    MalformedRecordError,
    NoArticleBodyError,
    UnsupportedInputError,
)
from dateline.ingest import InputFailure, read_inputs
from dateline.model import Document

ARTICLE = (
    "Lithuania closes two border crossings\n\n"
    "VILNIUS, May 9, 2024 (Baltic Wire) - Lithuania closed two crossings on its border with "
    "Belarus on Thursday, the interior ministry said.\n"
)


def read(paths: list[Path | str], config: Config | None = None) -> tuple[list[Document], list[InputFailure]]:
    items = list(read_inputs([str(p) for p in paths], config or Config()))
    docs = [i for i in items if isinstance(i, Document)]
    failures = [i for i in items if isinstance(i, InputFailure)]
    assert len(docs) + len(failures) == len(items)
    return docs, failures


def only_failure(failures: list[InputFailure], kind: type[InputError], code: str) -> InputFailure:
    assert len(failures) == 1, [str(f) for f in failures]
    failure = failures[0]
    assert isinstance(failure.error, kind)
    assert failure.error.code == code
    line = str(failure.error)
    assert line.startswith(f"[{code}] ") and "\n" not in line
    return failure


def test_empty_file(tmp_path: Path) -> None:
    bad, good = tmp_path / "empty.txt", tmp_path / "good.txt"
    bad.write_bytes(b"")
    good.write_text(ARTICLE, encoding="utf-8")
    docs, failures = read([bad, good])
    failure = only_failure(failures, EmptyInputError, "E101")
    assert failure.source == str(bad) and "empty file" in str(failure)
    assert [d.source for d in docs] == [str(good)]


def test_whitespace_only_file(tmp_path: Path) -> None:
    bad = tmp_path / "blank.txt"
    bad.write_text(" \n\n\t\n", encoding="utf-8")
    docs, failures = read([bad])
    assert "empty" in str(only_failure(failures, EmptyInputError, "E101"))
    assert docs == []


def test_binary_file(tmp_path: Path) -> None:
    bad = tmp_path / "image.txt"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    docs, failures = read([bad])
    assert "binary" in str(only_failure(failures, BinaryInputError, "E102"))
    assert docs == []


def test_mostly_control_bytes_is_binary(tmp_path: Path) -> None:
    bad = tmp_path / "noise"
    bad.write_bytes(bytes([1, 2, 3, 4, 5, 6, 7, 65, 66]) * 50)
    docs, failures = read([bad])
    assert "binary" in str(only_failure(failures, BinaryInputError, "E102"))
    assert docs == []


def test_cp1252_is_detected_and_decoded(tmp_path: Path) -> None:
    text = (
        "Talks in Vienna end without deal\n\n"
        "VIENNA, March 3, 2024 (Alpine Daily) \u2013 The envoy said the talks were "
        "\u201cdifficult\u201d and left the caf\u00e9 where they met without comment.\n"
    )
    path = tmp_path / "cp1252.txt"
    path.write_bytes(text.encode("cp1252"))
    docs, failures = read([path])
    assert failures == []
    (doc,) = docs
    assert doc.metadata["encoding"] == "cp1252"
    assert "\u201cdifficult\u201d" in doc.text and "caf\u00e9" in doc.text


def test_latin1_is_detected_and_decoded(tmp_path: Path) -> None:
    text = "Minister visits M\u00fcnchen\n\nThe minister met the r\u00e9gion's leaders in M\u00fcnchen.\n"
    path = tmp_path / "latin1.txt"
    path.write_bytes(text.encode("latin-1"))
    docs, failures = read([path])
    assert failures == []
    assert docs[0].metadata["encoding"] == "latin-1"
    assert "r\u00e9gion" in docs[0].text


def test_utf16_with_byte_order_mark(tmp_path: Path) -> None:
    path = tmp_path / "utf16.txt"
    path.write_bytes(ARTICLE.encode("utf-16"))  # NUL bytes, but a BOM: text
    docs, failures = read([path])
    assert failures == []
    assert docs[0].metadata["encoding"] == "utf-16"
    assert docs[0].title == "Lithuania closes two border crossings"


def test_undecodable_text(tmp_path: Path) -> None:
    bad = tmp_path / "garbled.txt"
    # Invalid UTF-8, and bytes that Windows-1252 leaves undefined.
    bad.write_bytes(b"Talks \x81\x8d\x8f\x90\x9d" * 20)
    docs, failures = read([bad])
    assert "cannot decode" in str(only_failure(failures, EncodingError, "E103"))
    assert docs == []


def test_html_without_article_body(tmp_path: Path) -> None:
    bad = tmp_path / "empty.html"
    bad.write_text(
        "<!DOCTYPE html><html><head><title>Home</title></head>"
        "<body><nav><a href='/'>Home</a></nav><script>var x = 1;</script></body></html>",
        encoding="utf-8",
    )
    docs, failures = read([bad])
    assert "no article body" in str(only_failure(failures, NoArticleBodyError, "E104"))
    assert docs == []


def test_text_of_only_furniture_has_no_body(tmp_path: Path) -> None:
    bad = tmp_path / "furniture.txt"
    bad.write_text("Advertisement\n\nShare\n\nSubscribe\n", encoding="utf-8")
    docs, failures = read([bad])
    only_failure(failures, NoArticleBodyError, "E104")
    assert docs == []


def test_document_over_the_size_limit(tmp_path: Path) -> None:
    big, small = tmp_path / "big.txt", tmp_path / "small.txt"
    big.write_text(ARTICLE + "More text follows here. " * 100, encoding="utf-8")
    small.write_text(ARTICLE, encoding="utf-8")
    docs, failures = read([big, small], Config(max_chars=1000))
    failure = only_failure(failures, DocumentTooLargeError, "E105")
    assert "over the limit of 1,000" in str(failure) and "max_chars" in str(failure)
    assert [d.source for d in docs] == [str(small)]


def test_jsonl_record_over_the_size_limit(tmp_path: Path) -> None:
    path = tmp_path / "big.jsonl"
    rows = [{"text": "x " * 800}, {"text": ARTICLE}]
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    docs, failures = read([path], Config(max_chars=1000))
    assert only_failure(failures, DocumentTooLargeError, "E105").source == f"{path}:1"
    assert [d.source for d in docs] == [f"{path}:2"]


def test_malformed_jsonl_lines_reported_with_line_numbers(tmp_path: Path) -> None:
    path = tmp_path / "mixed.jsonl"
    lines = [
        json.dumps({"id": "a", "text": ARTICLE}),
        '{"id": "b", "text": "unterminated',
        "",
        json.dumps(["not", "an", "object"]),
        json.dumps({"id": "d", "title": "no text field"}),
        json.dumps({"id": "e", "text": ARTICLE.replace("two", "three")}),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    docs, failures = read([path])
    assert [d.external_id for d in docs] == ["a", "e"]
    assert [d.source for d in docs] == [f"{path}:1", f"{path}:6"]
    assert [f.source for f in failures] == [f"{path}:2", f"{path}:4", f"{path}:5"]
    assert all(isinstance(f.error, MalformedRecordError) and f.error.code == "E106" for f in failures)
    messages = [str(f) for f in failures]
    assert messages[0].startswith(f"[E106] {path}:2: line 2: invalid JSON")
    assert "line 4: expected a JSON object" in messages[1]
    assert "line 5: no 'text' string field" in messages[2]


def test_jsonl_invalid_utf8_line(tmp_path: Path) -> None:
    path = tmp_path / "bytes.jsonl"
    path.write_bytes(b'{"text": "caf\xe9"}\n' + json.dumps({"text": ARTICLE}).encode() + b"\n")
    docs, failures = read([path])
    assert "line 1: not valid UTF-8" in str(only_failure(failures, MalformedRecordError, "E106"))
    assert len(docs) == 1


def test_unsupported_file_type(tmp_path: Path) -> None:
    bad = tmp_path / "report.pdf"
    bad.write_bytes(b"%PDF-1.7 whatever")
    docs, failures = read([bad])
    failure = only_failure(failures, UnsupportedInputError, "E107")
    assert "unsupported file type '.pdf'" in str(failure)
    assert docs == []


def test_xml_that_is_not_a_feed(tmp_path: Path) -> None:
    bad = tmp_path / "config.xml"
    bad.write_text("<?xml version='1.0'?><settings><a>1</a></settings>", encoding="utf-8")
    docs, failures = read([bad])
    assert "not an RSS or Atom feed" in str(only_failure(failures, UnsupportedInputError, "E107"))
    assert docs == []


def test_feed_with_entities_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "bomb.rss"
    bad.write_text(
        '<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa">'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        "<rss><channel><item><title>T</title><description>&b;</description></item>"
        "</channel></rss>",
        encoding="utf-8",
    )
    docs, failures = read([bad])
    assert "refused" in str(only_failure(failures, MalformedRecordError, "E106"))
    assert docs == []


def test_missing_path(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.txt"
    good = tmp_path / "good.txt"
    good.write_text(ARTICLE, encoding="utf-8")
    docs, failures = read([missing, good])
    failure = only_failure(failures, InputNotFoundError, "E108")
    assert str(failure) == f"[E108] {missing}: no such file or directory"
    assert len(docs) == 1


@pytest.mark.parametrize("name", ["a.txt", "b.html", "c.jsonl", "d.rss"])
def test_every_reader_reports_empty_files(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(b"")
    docs, failures = read([path])
    only_failure(failures, EmptyInputError, "E101")
    assert docs == []
