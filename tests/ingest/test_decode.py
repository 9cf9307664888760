"""Decoding: UTF-8 with a few stray bytes stays UTF-8 (with a warning); a legacy encoding
is guessed only on strong evidence, and said in the document's warnings."""

from __future__ import annotations

from pathlib import Path

import pytest

from dateline.errors import EncodingError
from dateline.ingest.decode import decode_with_warnings
from tests.ingest.test_errors import read

UTF8 = ("Talks in Geneva end without a deal\n\nGENEVA, May 9, 2024 (Alpine Daily) \u2013 The envoy "
        "called the talks \u201cdifficult\u201d and left the caf\u00e9 without comment. ") * 3
ASCII = ("Talks in Geneva end without a deal\n\nGENEVA, May 9, 2024 (Alpine Daily) - The envoy "
         "called the talks difficult and left without comment. ") * 3
UKRAINIAN = "\u041a\u0438\u0457\u0432 \u0437\u0430\u044f\u0432\u0438\u0432 \u043f\u0440\u043e " \
            "\u043f\u0435\u0440\u0435\u043c\u043e\u0432\u0438\u043d\u0438 \u0443 " \
            "\u0416\u0435\u043d\u0435\u0432\u0456. " * 4


@pytest.mark.parametrize("stray", [b"\x81", b"\xe9", b"\xff\xfe", b"\xc3"])
def test_utf8_with_stray_bytes_stays_utf8(stray: bytes) -> None:
    data = UTF8.encode()
    text, encoding, warnings = decode_with_warnings(data[:120] + stray + data[120:])
    assert encoding == "utf-8"
    assert "\u201cdifficult\u201d" in text and "\ufffd" in text
    assert warnings and "replaced with U+FFFD" in warnings[0]


def test_ascii_with_an_undefined_byte_is_not_an_exotic_code_page() -> None:
    data = ASCII.encode()
    text, encoding, warnings = decode_with_warnings(data[:100] + b"\x81" + data[100:])
    assert encoding == "utf-8" and text.count("\ufffd") == 1 and warnings


@pytest.mark.parametrize("codec", ["cp1251", "koi8_u"])
def test_legacy_encoding_on_strong_evidence_with_a_warning(codec: str) -> None:
    text, encoding, warnings = decode_with_warnings(UKRAINIAN.encode(codec))
    assert text == UKRAINIAN and encoding.replace("-", "_") == codec
    assert len(warnings) == 1
    assert warnings[0].startswith("not UTF-8 (") and warnings[0].endswith(f"read as {encoding}")


def test_clean_utf8_has_no_warning() -> None:
    assert decode_with_warnings(UTF8.encode()) == (UTF8, "utf-8", [])


def test_garbage_is_still_refused() -> None:
    with pytest.raises(EncodingError):
        decode_with_warnings(b"Talks \x81\x8d\x8f\x90\x9d" * 20)


def test_warning_reaches_the_document(tmp_path: Path) -> None:
    path = tmp_path / "stray.txt"
    data = UTF8.encode()
    path.write_bytes(data[:120] + b"\x9d" + data[120:])
    docs, failures = read([path])
    assert failures == []
    (doc,) = docs
    assert doc.metadata["encoding"] == "utf-8"
    assert any("U+FFFD" in w for w in doc.metadata["warnings"])
