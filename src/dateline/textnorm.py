"""Text normalisation that keeps character offsets.

``document.text`` is the body exactly as published. For matching and parsing
we use :func:`normalize_for_nlp`, which replaces characters one for one (so
the result has the same length and every offset means the same character):
non-breaking and odd spaces become spaces, curly quotes straight ones, dashes
a hyphen. Nothing is inserted or removed, so no offset map is needed.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

from dateline.model import Paragraph

_ONE_FOR_ONE = {
    # spaces
    "\u00a0": " ", "\u2000": " ", "\u2001": " ", "\u2002": " ", "\u2003": " ",
    "\u2004": " ", "\u2005": " ", "\u2006": " ", "\u2007": " ", "\u2008": " ",
    "\u2009": " ", "\u200a": " ", "\u202f": " ", "\u205f": " ", "\u3000": " ",
    "\u200b": " ", "\u200c": " ", "\u200d": " ", "\ufeff": " ", "\t": " ",
    # quotes
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u00ab": '"',
    "\u00bb": '"', "\u2033": '"', "\u2018": "'", "\u2019": "'", "\u201a": "'",
    "\u201b": "'", "\u2032": "'", "\u2039": "'", "\u203a": "'", "\u0060": "'",
    # dashes and hyphens
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-",
    "\u2015": "-", "\u2212": "-", "\u00ad": "-",
    # ellipsis keeps one char: a full stop
    "\u2026": ".",
}
_TABLE = str.maketrans(_ONE_FOR_ONE)


def normalize_for_nlp(text: str) -> str:
    """Same-length copy of ``text`` that parsers and matchers handle better."""
    normalized = text.translate(_TABLE)
    assert len(normalized) == len(text)
    return normalized


_WS = re.compile(r"\s+")


def canonical_text(text: str) -> str:
    """Text reduced to what makes two copies 'the same article'."""
    text = unicodedata.normalize("NFKC", normalize_for_nlp(text))
    return _WS.sub(" ", text).strip().lower()


def content_id(text: str) -> str:
    """Stable document id derived from the normalised body text."""
    digest = hashlib.sha256(canonical_text(text).encode("utf-8")).hexdigest()
    return digest[:20]


_PARAGRAPH_BREAK = re.compile(r"\n[ \t\u00a0]*\n\s*|\n")


def paragraph_spans(text: str) -> list[Paragraph]:
    """Paragraphs are separated by line breaks (news bodies put one per line)."""
    paragraphs: list[Paragraph] = []
    start = 0
    for match in _PARAGRAPH_BREAK.finditer(text):
        _add_paragraph(paragraphs, text, start, match.start())
        start = match.end()
    _add_paragraph(paragraphs, text, start, len(text))
    return paragraphs


def _add_paragraph(paragraphs: list[Paragraph], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start < end:
        paragraphs.append(Paragraph(len(paragraphs), start, end))
