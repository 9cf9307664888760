"""TimeML reader: a ``.tml`` file becomes a :class:`Document` plus its gold TIMEX3s.

The document text is the content of ``<TEXT>`` with every tag stripped and XML
entities decoded; gold offsets point into that text. The document creation time
(the ``CREATION_TIME`` TIMEX3 inside ``<DCT>``) becomes ``Document.published``.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from pathlib import Path

from dateline.errors import DataUnavailableError, MalformedRecordError
from dateline.model import Document, Span, Timex
from dateline.textnorm import content_id

_TAG = re.compile(r"<(/?)([A-Za-z_][\w.-]*)((?:\s+[^>]*?)?)\s*(/?)>")
_ATTR = re.compile(r'([\w:.-]+)\s*=\s*"([^"]*)"')
_TEXT = re.compile(r"<TEXT>(.*?)</TEXT>", re.S)
_DCT = re.compile(r"<TIMEX3([^>]*functionInDocument=\"CREATION_TIME\"[^>]*)>", re.S)
_DOCID = re.compile(r"<DOCID>(.*?)</DOCID>", re.S)


@dataclass
class TimeMLDocument:
    document: Document
    gold: list[Timex] = field(default_factory=list)
    dct: str | None = None
    path: Path | None = None


def _attrs(raw: str) -> dict[str, str]:
    return {k: html.unescape(v) for k, v in _ATTR.findall(raw)}


def parse_timeml(markup: str, *, source: str = "<string>") -> TimeMLDocument:
    """Parse TimeML markup; raises :class:`MalformedRecordError` when it has no ``<TEXT>``."""
    body = _TEXT.search(markup)
    if body is None:
        raise MalformedRecordError("TimeML file without <TEXT>", source=source)
    dct_match = _DCT.search(markup)
    dct = _attrs(dct_match.group(1)).get("value") if dct_match else None
    pieces: list[str] = []
    length = 0
    gold: list[Timex] = []
    open_timex: tuple[int, dict[str, str]] | None = None
    raw, pos = body.group(1), 0
    for tag in _TAG.finditer(raw):
        chunk = html.unescape(raw[pos : tag.start()])
        pieces.append(chunk)
        length += len(chunk)
        pos = tag.end()
        closing, name = tag.group(1) == "/", tag.group(2)
        if name != "TIMEX3":
            continue
        if not closing and not tag.group(4):
            open_timex = (length, _attrs(tag.group(3)))
        elif closing and open_timex is not None:
            start, attrs = open_timex
            open_timex = None
            gold.append(
                Timex(
                    span=Span(start, length, ""),  # text filled in once the whole text is known
                    type=attrs.get("type", "DATE"),
                    value=attrs.get("value"),
                    mod=attrs.get("mod"),
                    anchor=attrs.get("anchorTimeID"),
                )
            )
    tail = html.unescape(raw[pos:])
    pieces.append(tail)
    text = "".join(pieces)
    gold = [
        Timex(Span.of(text, t.span.start, t.span.end), t.type, t.value, t.mod, t.anchor)
        for t in gold
    ]
    docid = _DOCID.search(markup)
    document = Document(
        id=content_id(text) if text.strip() else "empty",
        text=text,
        published=dct,
        published_source="input" if dct else None,
        source=source,
        external_id=docid.group(1).strip() if docid else None,
    )
    return TimeMLDocument(document, gold, dct)


def read_timeml(path: Path) -> TimeMLDocument:
    try:
        markup = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DataUnavailableError("TimeML file not found", source=str(path)) from None
    parsed = parse_timeml(markup, source=str(path))
    parsed.path = path
    return parsed


def read_corpus(directory: Path) -> list[TimeMLDocument]:
    """Every ``*.tml`` file under ``directory``, in sorted (fixed) order."""
    if not directory.is_dir():
        raise DataUnavailableError("TimeML corpus directory not found", source=str(directory))
    return [read_timeml(p) for p in sorted(directory.rglob("*.tml"))]
