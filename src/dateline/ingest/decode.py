"""Bytes to text: binary detection, UTF-8 first, then a detected legacy encoding.

A file that is UTF-8 but for a few stray bytes (a mangled copy-paste) is UTF-8: its
valid multi-byte characters outnumber the invalid bytes, which are replaced (U+FFFD)
with a warning in the document. A legacy encoding is guessed only on strong evidence
(more invalid bytes than UTF-8 characters, and enough of them), and said in a warning.

News text that is not UTF-8 is almost always Windows-1252 or Latin-1. When
``charset-normalizer`` finds a decoding and Windows-1252 reads the bytes the same
way (or no worse), Windows-1252 wins: a short English text is otherwise easily
"detected" as a Central European code page that happens to agree on it.
"""

from __future__ import annotations

import codecs

import charset_normalizer

from dateline.errors import BinaryInputError, EmptyInputError, EncodingError

# Control bytes that never occur in text (tab, newlines, form feed and ESC excepted).
_CONTROL = frozenset(range(0x00, 0x09)) | frozenset(range(0x0E, 0x1B)) | frozenset(
    range(0x1C, 0x20)
) | {0x7F}
_MAX_CONTROL_RATIO = 0.05
_MAX_CHAOS = 0.1  # charset-normalizer's "mess" score above which a decoding is rejected
# A legacy encoding other than Windows-1252 is guessed from at least this many bytes.
_MIN_EVIDENCE = 16
# Invalid bytes replaced in text that no encoding reads: at most this many, and this share.
_MAX_STRAY = 64
_MAX_STRAY_RATIO = 0.01
_WESTERN = {"cp1252", "latin_1", "iso8859_15", "iso8859_1", "windows-1252"}
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode_bytes(data: bytes, source: str | None = None) -> tuple[str, str]:
    """``(text, encoding)``; raises Empty/Binary/EncodingError for unusable input."""
    text, encoding, _ = decode_with_warnings(data, source)
    return text, encoding


def decode_with_warnings(data: bytes, source: str | None = None) -> tuple[str, str, list[str]]:
    """``(text, encoding, warnings)``: what :func:`decode_bytes` gives, plus what the
    document's warnings should say about replaced bytes or a guessed encoding."""
    if not data.strip():
        raise EmptyInputError("empty input (no text)", source=source)
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding, []
            except UnicodeDecodeError:
                raise EncodingError(
                    f"starts with a {encoding} byte-order mark but is not valid {encoding}",
                    source=source,
                ) from None
    if b"\x00" in data:
        raise BinaryInputError("binary file (contains NUL bytes), not text", source=source)
    sample = data[:65536]
    controls = sum(1 for byte in sample if byte in _CONTROL)
    if controls / len(sample) > _MAX_CONTROL_RATIO:
        raise BinaryInputError("binary file (mostly non-text bytes), not text", source=source)
    try:
        return data.decode("utf-8"), "utf-8", []
    except UnicodeDecodeError:
        pass
    replaced = data.decode("utf-8", "replace")
    invalid = replaced.count("\ufffd") - data.count(b"\xef\xbf\xbd")
    characters = sum(1 for ch in replaced if ord(ch) > 0x7F) - replaced.count("\ufffd")
    stray = [f"{invalid} invalid UTF-8 byte sequence(s) replaced with U+FFFD"]
    if characters >= invalid:
        return replaced, "utf-8", stray  # UTF-8 with a few stray bytes
    try:
        text, encoding = _decode_legacy(data, source, invalid)
    except EncodingError:
        # a few bad bytes in ASCII text are no evidence for any legacy encoding
        if invalid <= _MAX_STRAY and invalid <= len(data) * _MAX_STRAY_RATIO:
            return replaced, "utf-8", stray
        raise
    return text, encoding, [f"not UTF-8 ({invalid} invalid byte sequence(s)): read as {encoding}"]


def _decode_legacy(data: bytes, source: str | None, invalid: int) -> tuple[str, str]:
    try:
        western = data.decode("cp1252")
    except UnicodeDecodeError:
        western = None
    if western is not None:
        # Without bytes 0x80-0x9F, Windows-1252 and Latin-1 are the same thing.
        name = "cp1252" if any(0x80 <= b <= 0x9F for b in data) else "latin-1"
        if invalid < _MIN_EVIDENCE:
            return western, name  # too few bytes to tell: the usual news encoding
        matches = list(charset_normalizer.from_bytes(data))
        best = matches[0] if matches else None
        if best is None or best.encoding in _WESTERN or str(best) == western:
            return western, name
        # Detection on short text is shaky: take Windows-1252 when any reading that
        # is (nearly) as clean as the best one is also a Windows-1252 reading.
        for match in matches:
            if match.chaos <= best.chaos + 0.02 and _WESTERN & {
                match.encoding, *match.could_be_from_charset
            }:
                return western, name
    elif invalid >= _MIN_EVIDENCE:
        matches = list(charset_normalizer.from_bytes(data))
        best = matches[0] if matches else None
    else:
        best = None  # a handful of bytes is no evidence for an exotic code page
    if best is not None and best.chaos <= _MAX_CHAOS and best.coherence > 0:
        return str(best), best.encoding
    raise EncodingError(
        "not UTF-8, and no other text encoding reads it cleanly (cannot decode)",
        source=source,
    )
