"""CSV export: one row per event (default) or one row per quote.

The rows are the typed records of :mod:`dateline.export.records`, written by
:func:`dateline.export.table.write_csv` (the code path every tabular format
shares): dates as ISO days, multi-valued fields joined with ``"; "``, offsets
as character offsets into the document body. Text cells that a spreadsheet
would run as a formula (starting with ``=``, ``+``, ``-``, ``@``, a tab or a
carriage return) get a leading apostrophe, the usual guard against CSV
injection; numbers are written as they are.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TextIO

from dateline.errors import ExportError
from dateline.export.records import EventRecord, QuoteRecord, columns, event_records, quote_records
from dateline.export.table import write_csv
from dateline.model import Extraction

EVENT_COLUMNS: tuple[str, ...] = columns(EventRecord)
QUOTE_COLUMNS: tuple[str, ...] = columns(QuoteRecord)


def write(extractions: Iterable[Extraction], stream: TextIO, *, rows: str = "events") -> int:
    """Write a header and one row per event (or per quote); returns the number of rows."""
    if rows == "events":
        return write_csv((r for e in extractions for r in event_records(e)), stream, EventRecord)
    if rows == "quotes":
        return write_csv((r for e in extractions for r in quote_records(e)), stream, QuoteRecord)
    raise ExportError(f"unknown CSV row kind {rows!r}; use one of events, quotes")


def write_quotes(extractions: Iterable[Extraction], stream: TextIO) -> int:
    return write(extractions, stream, rows="quotes")
