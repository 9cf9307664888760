"""JSONL: one article per line (``text`` plus optional metadata fields).

Fields: ``text`` (required; or ``html`` for a page), ``title``, ``published``
(or ``date``; ``gdelt_seendate`` is read as a proxy when neither is given),
``url``, ``publisher``, ``byline``/``author``, ``id``, ``language``/``lang_tag``.
Other fields are kept in ``metadata["fields"]``. A bad line gives one failure
whose source is ``path:LINE``; the other lines are read.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

from dateline.config import Config
from dateline.errors import InputError, MalformedRecordError
from dateline.ingest.html import document_from_html
from dateline.ingest.text import document_from_text, unexpected
from dateline.model import Document

_KNOWN = {
    "text", "html", "title", "published", "date", "gdelt_seendate", "url", "publisher",
    "byline", "author", "id", "language", "lang_tag",
}
# Dates that only approximate the publication date, in order of preference.
_PROXY_DATES = ("gdelt_seendate",)


def _string(record: dict[str, Any], *keys: str) -> str | None:
    for key in keys:
        value = record.get(key)
        if isinstance(value, str | int | float) and not isinstance(value, bool):
            text = str(value).strip()
            if text:
                return text
    return None


def read_jsonl(
    lines: Iterable[bytes], source: str, config: Config
) -> Iterator[Document | tuple[str, InputError]]:
    """Documents, or ``(source, error)`` pairs for the lines that cannot be read."""
    for number, raw in enumerate(lines, 1):
        where = f"{source}:{number}"
        if not raw.strip():
            continue
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            yield where, MalformedRecordError(
                f"line {number}: not valid UTF-8 (byte {exc.start + 1})", source=where
            )
            continue
        if number == 1:
            line = line.removeprefix("\ufeff")
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield where, MalformedRecordError(
                f"line {number}: invalid JSON ({exc.msg} at column {exc.colno})", source=where
            )
            continue
        if not isinstance(record, dict):
            yield where, MalformedRecordError(
                f"line {number}: expected a JSON object, found {type(record).__name__}",
                source=where,
            )
            continue
        try:
            yield _document(record, number, where, config)
        except InputError as exc:
            exc.source = where
            yield where, exc
        except Exception as exc:  # a bug on one odd record must not lose the rest
            yield where, unexpected(exc, where)


def _document(record: dict[str, Any], number: int, where: str, config: Config) -> Document:
    text, page = record.get("text"), record.get("html")
    if not isinstance(text, str) and not isinstance(page, str):
        raise MalformedRecordError(f"line {number}: no 'text' string field", source=where)
    published = _string(record, "published", "date")
    published_source = "metadata" if published else None
    metadata: dict[str, Any] = {"format": "jsonl", "line": number}
    if published is None:
        for key in _PROXY_DATES:
            published = _string(record, key)
            if published:
                published_source = "metadata"
                metadata["published_field"] = key
                break
    extra = {k: v for k, v in record.items() if k not in _KNOWN}
    if extra:
        metadata["fields"] = extra
    common: dict[str, Any] = {
        "source": where,
        "title": _string(record, "title"),
        "published": published,
        "published_source": published_source,
        "publisher": _string(record, "publisher"),
        "url": _string(record, "url"),
        "byline": _string(record, "byline", "author"),
        "external_id": _string(record, "id"),
        "metadata": metadata,
        "config": config,
    }
    if isinstance(text, str):
        # A record names its title in a field: its text's first line is body.
        return document_from_text(
            text, language=_string(record, "language", "lang_tag"), detect_title=False, **common
        )
    assert isinstance(page, str)
    return document_from_html(page, **common)
