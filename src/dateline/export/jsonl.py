"""JSON Lines export: one ``Extraction.to_dict()`` per line (the output contract), with
country codes as ISO alpha-3 like every output."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TextIO

from dateline.countries import iso3_countries
from dateline.model import Extraction


def write(
    extractions: Iterable[Extraction], stream: TextIO, *, include_sentences: bool = False
) -> int:
    """Write one JSON object per document; returns the number of documents written."""
    count = 0
    for extraction in extractions:
        record = iso3_countries(extraction.to_dict(include_sentences=include_sentences))
        stream.write(json.dumps(record, ensure_ascii=False))
        stream.write("\n")
        count += 1
    return count
