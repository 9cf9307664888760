"""Tabular exports: the same records as CSV, JSON Lines or Parquet.

One code path for every tabular format: :func:`iter_records` reads the store
into typed records (:mod:`dateline.export.records`), and a writer lays them
out. Column types come from the record's field annotations, so a date is a
date everywhere: ISO ``YYYY-MM-DD`` in CSV and JSON, ``date32`` in Parquet; a
list is a JSON array in JSON Lines, ``list<string>`` in Parquet, and
``"; "``-joined text in CSV (a spreadsheet has no lists). pandas and pyarrow
are imported only when Parquet, Arrow or pandas output is asked for (they are
in the ``dask`` extra).
"""

from __future__ import annotations

import csv
import dataclasses
import json
from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from functools import lru_cache
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from dateline.errors import ExportError
from dateline.export.records import (
    RECORD_TYPES,
    as_dict,
    columns,
    event_records,
    fused_record,
    quote_records,
)
from dateline.packagedata import read_json

if TYPE_CHECKING:
    import pandas
    import pyarrow

    from dateline.model import Extraction
    from dateline.store import Store

SEP = "; "
FORMATS = ("csv", "jsonl", "parquet")
PAGE = 500  # fused events fetched per query (each carries its sources)
ROW_GROUP = 10_000

# annotation -> kind; the annotations are the source of truth for column types
_KINDS = {
    "str": "str", "str | None": "str", "int": "int", "int | None": "int",
    "float": "float", "float | None": "float", "bool": "bool",
    "date | None": "date", "date": "date",
    "list[str]": "list", "list[str | None]": "list",
}


def kinds(record_type: type[Any]) -> dict[str, str]:
    """Column name -> ``str | int | float | bool | date | list`` for a record type."""
    out = {}
    for f in dataclasses.fields(record_type):
        annotation = f.type if isinstance(f.type, str) else getattr(f.type, "__name__", str(f.type))
        out[f.name] = _KINDS[annotation]
    return out


def record_type(kind: str) -> type[Any]:
    try:
        return RECORD_TYPES[kind]
    except KeyError:
        raise ExportError(f"unknown record kind {kind!r}; use one of {', '.join(RECORD_TYPES)}") from None


# -- reading the store ---------------------------------------------------------------

@lru_cache(maxsize=1)
def _quad_classes() -> dict[str, int]:
    data = read_json("events", "plover.json")
    return {name: int(t["quad_class"]) for name, t in data["types"].items() if t.get("quad_class")}


def _actor_names(store: Store, ids: Sequence[str]) -> dict[str, str]:
    """Names of actor ids: the knowledge base's, else the name a document gave it."""
    from dateline.store.dialect import chunks

    names: dict[str, str] = {}
    for chunk in chunks(sorted(set(ids))):
        marks = ", ".join("?" for _ in chunk)
        for row in store.select(f"SELECT actor_id, name FROM document_actors WHERE actor_id IN ({marks})", chunk):
            names.setdefault(row[0], row[1])
        for row in store.select(f"SELECT id, name FROM actors WHERE id IN ({marks})", chunk):
            names[row[0]] = row[1]
    return names


def _confidences(store: Store, document_ids: Sequence[str]) -> dict[tuple[str, str], float]:
    """Confidence of every event of these documents."""
    from dateline.store.dialect import chunks

    found: dict[tuple[str, str], float] = {}
    for chunk in chunks(sorted(set(document_ids))):
        marks = ", ".join("?" for _ in chunk)
        for row in store.select(
            f"SELECT document_id, event_id, confidence FROM events WHERE document_id IN ({marks})", chunk
        ):
            found[(row[0], row[1])] = float(row[2] or 0.0)
    return found


def iter_fused(store: Store, *, min_confidence: float = 0.0, **filters: Any) -> Iterator[Any]:
    """Every fused event (filters as :func:`dateline.fusion.fused_events`) as a record;
    ``min_confidence`` keeps those with a member event at least that confident."""
    from dateline.fusion import fused_events

    offset = 0
    while True:
        page = fused_events(store, limit=PAGE, offset=offset, with_sources=True,
                            min_confidence=min_confidence, **filters)
        if not page:
            return
        names = _actor_names(store, [a for item in page for a in item["actors"] + item["recipients"]])
        confidences = _confidences(store, [s["document_id"] for item in page for s in item["sources"]])
        for item in page:
            yield fused_record(item, names, _quad_classes(), confidences)
        offset += len(page)


def shown(extraction: Extraction, min_confidence: float) -> Extraction:
    """The extraction with only the events at or above ``min_confidence`` (the display threshold)."""
    if not min_confidence or all(e.confidence >= min_confidence for e in extraction.events):
        return extraction
    return dataclasses.replace(extraction, events=[e for e in extraction.events if e.confidence >= min_confidence])


def iter_records(store: Store, kind: str = "events", *, document_ids: Iterable[str] | None = None,
                 min_confidence: float = 0.0) -> Iterator[Any]:
    """Records of one kind (``events``, ``fused``, ``quotes``) from the store; events
    (and fused events) below ``min_confidence`` are left out."""
    record_type(kind)
    if kind == "fused":
        yield from iter_fused(store, min_confidence=min_confidence)
        return
    make = event_records if kind == "events" else quote_records
    for extraction in store.iter_extractions(document_ids):
        yield from make(shown(extraction, min_confidence))


# -- writers ---------------------------------------------------------------------------

def _text_cell(value: Any, kind: str) -> Any:
    if value is None:
        return ""
    if kind == "list":
        return SEP.join("" if v is None else str(v) for v in value)
    if kind == "date":
        return value.isoformat()
    return value


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: Any) -> Any:
    """A cell value a spreadsheet will show, not evaluate: article text is
    untrusted input ("=HYPERLINK(...)" in a quote must stay text)."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def write_csv(records: Iterable[Any], stream: TextIO, record_type: type[Any]) -> int:
    column_kinds = kinds(record_type)
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(column_kinds)
    count = 0
    for record in records:
        writer.writerow([
            spreadsheet_safe(_text_cell(getattr(record, name), kind)) for name, kind in column_kinds.items()
        ])
        count += 1
    return count


def _json_default(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def write_jsonl(records: Iterable[Any], stream: TextIO, record_type: type[Any] | None = None) -> int:
    count = 0
    for record in records:
        stream.write(json.dumps(as_dict(record), ensure_ascii=False, default=_json_default))
        stream.write("\n")
        count += 1
    return count


def _require(module: str) -> Any:
    import importlib

    try:
        return importlib.import_module(module)
    except ModuleNotFoundError:
        raise ExportError(
            f"{module} is not installed; install the 'dask' extra (pip install 'dateline[dask]')"
        ) from None


def arrow_schema(record_type: type[Any]) -> pyarrow.Schema:
    pa = _require("pyarrow")
    types = {
        "str": pa.string(), "int": pa.int64(), "float": pa.float64(), "bool": pa.bool_(),
        "date": pa.date32(), "list": pa.list_(pa.string()),
    }
    return pa.schema([(name, types[kind]) for name, kind in kinds(record_type).items()])


def to_arrow(records: Iterable[Any], record_type: type[Any]) -> pyarrow.Table:
    pa = _require("pyarrow")
    schema = arrow_schema(record_type)
    names = columns(record_type)
    rows = list(records)
    return pa.table({n: pa.array([getattr(r, n) for r in rows], type=schema.field(n).type) for n in names},
                    schema=schema)


def to_pandas(records: Iterable[Any], record_type: type[Any]) -> pandas.DataFrame:
    """A DataFrame with nullable integer and boolean columns, dates as ``datetime64``."""
    pd = _require("pandas")
    table = to_arrow(records, record_type)
    pa = _require("pyarrow")
    mapping = {pa.int64(): pd.Int64Dtype(), pa.bool_(): pd.BooleanDtype()}
    frame = table.to_pandas(types_mapper=mapping.get, date_as_object=False)
    return frame


def write_parquet(records: Iterable[Any], path: str | Path, record_type: type[Any]) -> int:
    pq = _require("pyarrow.parquet")
    schema = arrow_schema(record_type)
    iterator = iter(records)
    count = 0
    with pq.ParquetWriter(str(path), schema) as writer:
        while batch := list(islice(iterator, ROW_GROUP)):
            writer.write_table(to_arrow(batch, record_type))
            count += len(batch)
    return count


def write(records: Iterable[Any], fmt: str, out: TextIO | str | Path, record_type: type[Any]) -> int:
    """Write records as ``csv``, ``jsonl`` (to a stream) or ``parquet`` (to a path)."""
    if fmt == "parquet":
        if not isinstance(out, str | Path):
            raise ExportError("parquet is written to a file: give --out FILE")
        return write_parquet(records, out, record_type)
    if isinstance(out, str | Path):
        with open(out, "w", encoding="utf-8", newline="") as stream:
            return write(records, fmt, stream, record_type)
    if fmt == "csv":
        return write_csv(records, out, record_type)
    if fmt == "jsonl":
        return write_jsonl(records, out, record_type)
    raise ExportError(f"unknown table format {fmt!r}; use one of {', '.join(FORMATS)}")
