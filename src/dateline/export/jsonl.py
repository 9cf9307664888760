"""JSON Lines export: one ``Extraction.to_dict()`` per line (the output contract)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TextIO

from dateline.model import Extraction


def write(
    extractions: Iterable[Extraction], stream: TextIO, *, include_sentences: bool = False
) -> int:
    """Write one JSON object per document; returns the number of documents written."""
    count = 0
    for extraction in extractions:
        stream.write(json.dumps(extraction.to_dict(include_sentences=include_sentences),
                                ensure_ascii=False))
        stream.write("\n")
        count += 1
    return count
