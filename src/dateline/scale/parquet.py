"""Partitioned Parquet output: one folder per table, one file per committed partition.

Layout of ``--out DIR``::

    DIR/documents/part-<run>-<seq>.parquet   one row per document, keyed by ``id``
    DIR/events/part-<run>-<seq>.parquet      one row per event (``document_id``, ``event_id``)
    DIR/quotes/...  DIR/actors/...  DIR/mentions/...
    DIR/failures/...                          documents the pipeline could not process

Every file is a plain Parquet file with a fixed Arrow schema (so pandas, DuckDB
and Spark read a folder as one table even when a partition has no rows of a
kind). A partition is committed by its ``documents/`` file, written last with
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
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dateline.errors import StoreError
from dateline.model import Extraction
from dateline.store.rows import COLUMNS, DocumentRows, decode_extraction, flatten

if TYPE_CHECKING:
    import pyarrow as pa

# Folder name -> the rows.py table it is built from (plus extra list columns for events).
TABLES: dict[str, str] = {
    "documents": "documents",
    "events": "events",
    "quotes": "quotes",
    "actors": "document_actors",
    "mentions": "mentions",
}
FAILURES = "failures"
FAILURE_COLUMNS = ("id", "source", "code", "error", "attempts", "failed_at", "pipeline_version")
COMMIT_TABLE = "documents"
LOCK_FILE = "_batch.lock"  # "_" prefix: Parquet readers skip it

_INT_COLUMNS = {
    "idx", "start_char", "end_char", "sentence", "paragraph", "cue_start", "cue_end",
    "speaker_start", "speaker_end", "n_mentions", "quad_class", "attempts",
}
_FLOAT_COLUMNS = {"lat", "lon", "location_lat", "location_lon", "confidence", "score"}
_BOOL_COLUMNS = {"provisional", "negated", "future", "asserted"}
# Events also carry their actors and recipients as list columns, so the events
# folder answers "who did what to whom" without a join.
_EVENT_LISTS = ("actors", "recipients")
_EXTRACTION = COLUMNS["documents"].index("extraction")


def _columns(folder: str) -> tuple[str, ...]:
    if folder == FAILURES:
        return FAILURE_COLUMNS
    columns = COLUMNS[TABLES[folder]]
    return columns + _EVENT_LISTS if folder == "events" else columns


def schema(folder: str) -> pa.Schema:
    import pyarrow as pa

    def kind(column: str) -> pa.DataType:
        if column in _EVENT_LISTS:
            return pa.list_(pa.string())
        if column in _INT_COLUMNS:
            return pa.int64()
        if column in _FLOAT_COLUMNS:
            return pa.float64()
        if column in _BOOL_COLUMNS:
            return pa.bool_()
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

    tables: dict[str, list[tuple[Any, ...]]] = field(
        default_factory=lambda: {name: [] for name in [*TABLES, FAILURES]}
    )

    def add(self, rows: DocumentRows) -> None:
        document = list(rows.document)
        # The store keeps the extraction zlib-compressed; Parquet compresses
        # columns itself, and readers (DuckDB, Spark) can query JSON text.
        if isinstance(document[_EXTRACTION], bytes | bytearray | memoryview):
            document[_EXTRACTION] = json.dumps(
                decode_extraction(document[_EXTRACTION]), ensure_ascii=False
            )
        self.tables["documents"].append(tuple(document))
        for folder, source in TABLES.items():
            if folder == "documents":
                continue
            if folder == "events":
                people: dict[tuple[str, str], list[str]] = {}
                for _, event_id, role, _, actor_id in rows.tables.get("event_actors", []):
                    people.setdefault((event_id, role), []).append(actor_id)
                for row in rows.tables.get("events", []):
                    self.tables["events"].append(
                        (*row, people.get((row[1], "actor"), []),
                         people.get((row[1], "recipient"), []))
                    )
            else:
                self.tables[folder].extend(rows.tables.get(source, []))

    def add_extraction(self, extraction: Extraction, ingested_at: str) -> None:
        self.add(flatten(extraction, ingested_at))

    def add_failure(self, failure: Failure) -> None:
        self.tables[FAILURES].append(failure.row())


def _convert(value: Any, column: str) -> Any:
    if value is None:
        return None
    if column in _BOOL_COLUMNS:
        return bool(value)
    if column in _EVENT_LISTS or column in _INT_COLUMNS or column in _FLOAT_COLUMNS:
        return value
    return value if isinstance(value, str) else str(value)


def to_table(folder: str, rows: list[tuple[Any, ...]]) -> pa.Table:
    import pyarrow as pa

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
