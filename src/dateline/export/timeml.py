"""TimeML 1.2 writer: the document body with inline TIMEX3 tags.

``write_files`` writes one ``.tml`` file per document (the usual TimeML layout);
``write`` streams the same documents one after the other. The publication date
becomes the ``CREATION_TIME`` TIMEX3 inside ``<DCT>`` (tid ``t0``); every
expression's ``anchorTimeID`` points to it when it was resolved against it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import TextIO
from xml.sax.saxutils import escape, quoteattr

from dateline.model import Extraction, Timex

_HEADER = (
    '<?xml version="1.0" ?>\n'
    '<TimeML xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
    'xsi:noNamespaceSchemaLocation="http://timeml.org/timeMLdocs/TimeML_1.2.1.xsd">\n'
)
_SAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")


def _attrs(pairs: list[tuple[str, str | None]]) -> str:
    return "".join(f" {k}={quoteattr(v)}" for k, v in pairs if v is not None)


def _timex_tag(timex: Timex, tid: str, dct: str | None) -> str:
    pairs: list[tuple[str, str | None]] = [
        ("tid", tid),
        ("type", timex.type),
        ("value", timex.value if timex.value is not None else ""),
    ]
    if timex.mod:
        pairs.append(("mod", timex.mod))
    relative = timex.anchor is not None
    pairs.append(("temporalFunction", "true" if relative else "false"))
    pairs.append(("functionInDocument", "NONE"))
    if relative and dct and timex.anchor and dct.startswith(timex.anchor):
        pairs.append(("anchorTimeID", "t0"))
    return "<TIMEX3" + _attrs(pairs) + ">"


def render(extraction: Extraction) -> str:
    """One document as TimeML text."""
    document = extraction.document
    text = document.text
    dct = document.published
    parts = [_HEADER, f"<DOCID>{escape(document.external_id or document.id)}</DOCID>\n"]
    if dct:
        parts.append(
            '<DCT><TIMEX3 tid="t0" type="DATE" value=' + quoteattr(dct[:10])
            + ' temporalFunction="false" functionInDocument="CREATION_TIME">'
            + escape(dct) + "</TIMEX3></DCT>\n"
        )
    if document.title:
        parts.append(f"<TITLE>{escape(document.title)}</TITLE>\n")
    parts.append("<TEXT>")
    cursor = 0
    # TIMEX3 tags cannot nest or cross: keep the first of overlapping expressions.
    for number, timex in enumerate(sorted(extraction.timexes, key=lambda t: (t.span.start, -t.span.end)), 1):
        if timex.span.start < cursor or timex.span.end > len(text):
            continue
        parts.append(escape(text[cursor : timex.span.start]))
        parts.append(_timex_tag(timex, f"t{number}", dct))
        parts.append(escape(text[timex.span.start : timex.span.end]) + "</TIMEX3>")
        cursor = timex.span.end
    parts.append(escape(text[cursor:]))
    parts.append("</TEXT>\n</TimeML>\n")
    return "".join(parts)


def write(extractions: Iterable[Extraction], stream: TextIO) -> int:
    count = 0
    for extraction in extractions:
        stream.write(render(extraction))
        count += 1
    return count


def file_name(extraction: Extraction) -> str:
    document = extraction.document
    stem = _SAFE_NAME.sub("_", document.external_id or document.id).strip("_") or document.id
    return f"{stem}.tml"


def write_files(extractions: Iterable[Extraction], directory: Path) -> int:
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    count = 0
    used: set[str] = set()
    for extraction in extractions:
        name = file_name(extraction)
        if name in used:  # the same external id twice: fall back to the content id
            name = f"{extraction.document.id}.tml"
        used.add(name)
        (directory / name).write_text(render(extraction), encoding="utf-8")
        count += 1
    return count
