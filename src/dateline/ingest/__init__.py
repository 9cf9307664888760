"""Ingest: files, directories, stdin, HTML, JSONL and feeds -> :class:`Document`.

Public API (used by :mod:`dateline.api`, the CLI and the web API):

- :func:`read_inputs` -- paths (``-`` for stdin) to documents, with one
  :class:`InputFailure` per input (or JSONL line / feed item) that cannot
  become a document;
- :func:`document_from_text` and :func:`document_from_html` -- one document
  from a string (the web API's ``POST /documents``);
- :func:`parse_date` -- the date parser used for ``--published``.

See ``docs/ingest.md`` for formats, the metadata header and the limits.
"""

from __future__ import annotations

from dateline.ingest.dates import parse_date
from dateline.ingest.html import document_from_html
from dateline.ingest.readers import InputFailure, read_inputs
from dateline.ingest.text import document_from_text, wire_dateline

__all__ = [
    "InputFailure",
    "document_from_html",
    "document_from_text",
    "parse_date",
    "read_inputs",
    "wire_dateline",
]
