"""Quotes in citron's JSON shape, one JSON object per document and line.

citron (BBC R&D's quote extractor) writes each quote as ``cue``, ``sources``,
``contents`` and ``coreferences`` spans (``text``, ``start``, ``end``) plus a
``confidence``. We write the same, and keep dateline's own quote record next
to it under ``dateline`` (kind, resolved speaker, reporting chain, date), so a
citron consumer reads the file unchanged and nothing is lost.

``coreferences`` are the other mentions of the resolved speaker in the
document (the names a pronoun source stands for).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any, TextIO

from dateline.model import Extraction, Quote, Span


def _span(span: Span) -> dict[str, Any]:
    return {"text": span.text, "start": span.start, "end": span.end}


def citron_quote(quote: Quote, extraction: Extraction) -> dict[str, Any]:
    sources = [] if quote.speaker.span is None else [_span(quote.speaker.span)]
    coreferences: list[dict[str, Any]] = []
    actor = extraction.actor(quote.speaker.actor_id) if quote.speaker.actor_id else None
    if actor is not None:
        source = quote.speaker.span
        for mention in actor.mentions:
            if source is not None and mention.start == source.start and mention.end == source.end:
                continue
            coreferences.append(_span(mention.span))
    return {
        "cue": None if quote.cue is None else _span(quote.cue),
        "sources": sources,
        "contents": [_span(s) for s in quote.content],
        "coreferences": coreferences,
        "confidence": quote.confidence,
        "dateline": quote.to_dict(),
    }


def document_record(extraction: Extraction) -> dict[str, Any]:
    document = extraction.document
    return {
        "id": document.id,
        "title": document.title,
        "url": document.url,
        "published": document.published,
        "quotes": [citron_quote(q, extraction) for q in extraction.quotes],
    }


def write(extractions: Iterable[Extraction], stream: TextIO) -> int:
    """One citron-shaped record per document; returns the number of documents."""
    count = 0
    for extraction in extractions:
        stream.write(json.dumps(document_record(extraction), ensure_ascii=False))
        stream.write("\n")
        count += 1
    return count
