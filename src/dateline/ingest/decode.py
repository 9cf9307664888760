"""Bytes to text: binary detection, UTF-8 first, then a detected legacy encoding.

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
    if not data.strip():
        raise EmptyInputError("empty input (no text)", source=source)
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
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
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    return _decode_legacy(data, source)


def _decode_legacy(data: bytes, source: str | None) -> tuple[str, str]:
    matches = list(charset_normalizer.from_bytes(data))
    best = matches[0] if matches else None
    try:
        western = data.decode("cp1252")
    except UnicodeDecodeError:
        western = None
    if western is not None:
        # Without bytes 0x80-0x9F, Windows-1252 and Latin-1 are the same thing.
        name = "cp1252" if any(0x80 <= b <= 0x9F for b in data) else "latin-1"
        if best is None or best.encoding in _WESTERN or str(best) == western:
            return western, name
        # Detection on short text is shaky: take Windows-1252 when any reading that
        # is (nearly) as clean as the best one is also a Windows-1252 reading.
        for match in matches:
            if match.chaos <= best.chaos + 0.02 and _WESTERN & {
                match.encoding, *match.could_be_from_charset
            }:
                return western, name
    if best is not None and best.chaos <= _MAX_CHAOS and best.coherence > 0:
        return str(best), best.encoding
    raise EncodingError(
        "not UTF-8, and no other text encoding reads it cleanly (cannot decode)",
        source=source,
    )
