"""Partitioned Parquet output: one folder per table, one file per committed partition.

Layout of ``--out DIR``::

    DIR/documents/part-<run>-<seq>.parquet   one row per document, keyed by ``id``
    DIR/events/part-<run>-<seq>.parquet      one row per event (``document_id``, ``event_id``)
    DIR/quotes/...  DIR/actors/...  DIR/mentions/...
    DIR/failures/...                          documents the pipeline could not process

Every file is a plain Parquet file with a fixed, typed Arrow schema (so pandas,
DuckDB and Spark read a folder as one table even when a partition has no rows
of a kind). ``events/`` and ``quotes/`` hold the records of ``dateline export``
(:mod:`dateline.export.records`), written by the export's own table code, so a
batch and an export give the same columns with the same types: dates as
``date32``, lists as ``list<string>``. A partition is committed by its ``documents/`` file, written last with
an atomic rename: files of other tables without a matching ``documents/`` file
are the debris of an interrupted run and are removed when the output is
reopened, so a document is either wholly present or absent -- never twice.
"""

from __future__ import annotations

import fcntl
import json
import os
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dateline.errors import StoreError
from dateline.export.records import EventRecord, QuoteRecord, day, event_records, quote_records
from dateline.export.table import arrow_schema, to_arrow
from dateline.model import Extraction
from dateline.store.rows import COLUMNS, DocumentRows, decode_extraction, flatten

if TYPE_CHECKING:
    import pyarrow as pa

# Folder name -> the rows.py table it is built from ("records" folders hold export records).
TABLES: dict[str, str] = {
    "documents": "documents",
    "events": "records",
    "quotes": "records",
    "actors": "document_actors",
    "mentions": "mentions",
}
# Folders written as the export's records: one code path, one set of column types.
RECORDS: dict[str, type[Any]] = {"events": EventRecord, "quotes": QuoteRecord}
FAILURES = "failures"
FAILURE_COLUMNS = ("id", "source", "code", "error", "attempts", "failed_at", "pipeline_version")
COMMIT_TABLE = "documents"
LOCK_FILE = "_batch.lock"  # "_" prefix: Parquet readers skip it

_INT_COLUMNS = {
    "idx", "start_char", "end_char", "sentence", "paragraph", "n_mentions", "attempts",
}
_BOOL_COLUMNS = {"provisional"}
_DATE_COLUMNS = {"published"}  # the calendar day (the exact string stays in ``extraction``)
_TIMESTAMP_COLUMNS = {"ingested_at", "failed_at"}
_LIST_COLUMNS = {"layers", "warnings"}  # stored as JSON arrays in the store's rows
_EXTRACTION = COLUMNS["documents"].index("extraction")


def _columns(folder: str) -> tuple[str, ...]:
    if folder == FAILURES:
        return FAILURE_COLUMNS
    return COLUMNS[TABLES[folder]]


def schema(folder: str) -> pa.Schema:
    import pyarrow as pa

    if folder in RECORDS:
        return arrow_schema(RECORDS[folder])

    def kind(column: str) -> pa.DataType:
        if column in _LIST_COLUMNS:
            return pa.list_(pa.string())
        if column in _INT_COLUMNS:
            return pa.int64()
        if column in _BOOL_COLUMNS:
            return pa.bool_()
        if column in _DATE_COLUMNS:
            return pa.date32()
        if column in _TIMESTAMP_COLUMNS:
            return pa.timestamp("us", tz="UTC")
        return pa.string()

    return pa.schema([(c, kind(c)) for c in _columns(folder)])


@dataclass
class Failure:
    """A document (or input) that could not be processed, with why."""

    id: str | None
    source: str
    code: str
    error: str
    attempts: int = 1
    failed_at: str = ""
    pipeline_version: str = ""

    def row(self) -> tuple[Any, ...]:
        return (self.id, self.source, self.code, self.error, self.attempts, self.failed_at,
                self.pipeline_version)


@dataclass
class TableRows:
    """Rows for every output folder, accumulated over one partition."""

    tables: dict[str, list[Any]] = field(
        default_factory=lambda: {name: [] for name in [*TABLES, FAILURES]}
    )

    def add(self, extraction: Extraction, rows: DocumentRows) -> None:
        """One document: its store rows (``flatten``) and its export records."""
        document = list(rows.document)
        # The store keeps the extraction zlib-compressed; Parquet compresses
        # columns itself, and readers (DuckDB, Spark) can query JSON text.
        if isinstance(document[_EXTRACTION], bytes | bytearray | memoryview):
            document[_EXTRACTION] = json.dumps(
                decode_extraction(document[_EXTRACTION]), ensure_ascii=False
            )
        self.tables["documents"].append(tuple(document))
        self.tables["events"].extend(event_records(extraction))
        self.tables["quotes"].extend(quote_records(extraction))
        for folder, source in TABLES.items():
            if source not in ("documents", "records"):
                self.tables[folder].extend(rows.tables.get(source, []))

    def add_extraction(self, extraction: Extraction, ingested_at: str) -> None:
        self.add(extraction, flatten(extraction, ingested_at))

    def add_failure(self, failure: Failure) -> None:
        self.tables[FAILURES].append(failure.row())


def _timestamp(value: str) -> datetime | None:
    try:
        stamp = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return stamp if stamp.tzinfo else stamp.replace(tzinfo=UTC)


def _convert(value: Any, column: str) -> Any:
    if value is None:
        return None
    if column in _BOOL_COLUMNS:
        return bool(value)
    if column in _INT_COLUMNS:
        return value
    if column in _LIST_COLUMNS:
        return [str(v) for v in (json.loads(value) if isinstance(value, str) else value)]
    if column in _DATE_COLUMNS:
        return day(str(value))
    if column in _TIMESTAMP_COLUMNS:
        return _timestamp(str(value)) if value else None
    return value if isinstance(value, str) else str(value)


def to_table(folder: str, rows: list[Any]) -> pa.Table:
    import pyarrow as pa

    if folder in RECORDS:
        return to_arrow(rows, RECORDS[folder])
    columns = _columns(folder)
    sch = schema(folder)
    arrays = [
        pa.array([_convert(row[i], name) for row in rows], type=sch.field(name).type)
        for i, name in enumerate(columns)
    ]
    return pa.Table.from_arrays(arrays, schema=sch)


def _data_files(folder: Path) -> list[Path]:
    # Readers (pyarrow datasets, Spark) ignore files starting with "." or "_":
    # in-progress files use that prefix.
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.glob("*.parquet") if not p.name.startswith((".", "_")))


class ParquetOutput:
    """The output directory of a batch: commit partitions, list what is done."""

    def __init__(self, directory: str | os.PathLike[str]) -> None:
        self.directory = Path(directory)
        try:
            for folder in [*TABLES, FAILURES]:
                (self.directory / folder).mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"cannot create output folder: {exc}", source=str(directory)) from None
        # One batch per output directory at a time: two would process the same
        # documents and commit them twice.
        self._lock_file = (self.directory / LOCK_FILE).open("a")
        try:
            fcntl.flock(self._lock_file, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            self._lock_file.close()
            raise StoreError("another batch is writing to this directory",
                             source=str(directory)) from None
        self.run = uuid.uuid4().hex[:12]
        self._seq = 0
        self.recover()

    def close(self) -> None:
        """Release the directory for another batch."""
        if not self._lock_file.closed:
            fcntl.flock(self._lock_file, fcntl.LOCK_UN)
            self._lock_file.close()

    def recover(self) -> list[Path]:
        """Remove files of partitions that were never committed (an interrupted run)."""
        committed = {p.name for p in _data_files(self.directory / COMMIT_TABLE)}
        removed: list[Path] = []
        for folder in [*TABLES, FAILURES]:
            directory = self.directory / folder
            for path in directory.glob("*.parquet"):
                stale_tmp = path.name.startswith(".")
                if stale_tmp or (folder != COMMIT_TABLE and path.name not in committed):
                    path.unlink(missing_ok=True)
                    removed.append(path)
        return removed

    def done_ids(self, *, include_failures: bool = True) -> set[str]:
        """Content ids already written (and, by default, already recorded as failed)."""
        import pyarrow.parquet as pq

        done: set[str] = set()
        folders = [COMMIT_TABLE, FAILURES] if include_failures else [COMMIT_TABLE]
        for folder in folders:
            for path in _data_files(self.directory / folder):
                if folder == FAILURES and path.name not in {
                    p.name for p in _data_files(self.directory / COMMIT_TABLE)
                }:
                    continue
                column = pq.read_table(path, columns=["id"]).column("id")
                done.update(v for v in column.to_pylist() if v is not None)
        return done

    def commit(self, rows: TableRows) -> str:
        """Write one partition: other tables first, ``documents/`` last (the commit)."""
        import pyarrow.parquet as pq

        self._seq += 1
        name = f"part-{self.run}-{self._seq:06d}.parquet"
        order = [f for f in [*TABLES, FAILURES] if f != COMMIT_TABLE] + [COMMIT_TABLE]
        for folder in order:
            data = rows.tables[folder]
            if not data and folder != COMMIT_TABLE:
                continue  # the documents file is written even when empty: it is the marker
            final = self.directory / folder / name
            tmp = final.with_name("." + name)
            pq.write_table(to_table(folder, data), tmp, compression="zstd")
            os.replace(tmp, final)
        return name


def read_table(directory: str | os.PathLike[str], folder: str) -> pa.Table:
    """One output folder as an Arrow table (the committed files only)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    root = Path(directory)
    committed = {p.name for p in _data_files(root / COMMIT_TABLE)}
    files = [p for p in _data_files(root / folder) if p.name in committed]
    if not files:
        return schema(folder).empty_table()
    return pa.concat_tables(pq.read_table(p, schema=schema(folder)) for p in files)


def iter_extractions(directory: str | os.PathLike[str]) -> Iterable[Extraction]:
    """Rebuild full extractions from ``documents/`` (its ``extraction`` column is lossless)."""
    table = read_table(directory, "documents").select(["text", "extraction"])
    for text, data in zip(table.column("text").to_pylist(), table.column("extraction").to_pylist(),
                          strict=True):
        record = json.loads(data)
        record["document"]["text"] = text
        yield Extraction.from_dict(record)
