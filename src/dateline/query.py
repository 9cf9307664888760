"""The Python API's view of a store: queries that return typed records.

``dateline.open(db)`` returns a :class:`Store`. Its queries return
:class:`Records` (a list) of the same records the tabular exports write
(:mod:`dateline.export.records`): ``EventRecord``, ``FusedEventRecord``,
``QuoteRecord``, with ``.to_pandas()`` and ``.to_arrow()`` when pandas and
pyarrow are installed (the ``dask`` extra). Filters are those of the CLI and
the REST API; ``limit=None`` returns every match.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from dateline.export import table
from dateline.export.records import (
    EventRecord,
    FusedEventRecord,
    QuoteRecord,
    as_dict,
    event_records,
    quote_records,
)
from dateline.model import Extraction
from dateline.store.base import MAX_LIMIT

if TYPE_CHECKING:
    import pandas
    import pyarrow

    from dateline.api import IngestReport
    from dateline.config import Config
    from dateline.store import Store as Backend

R = TypeVar("R")


class Records(list[R], Generic[R]):
    """Query results: a list of records that converts to a DataFrame or an Arrow table."""

    def __init__(self, items: Iterable[R] = (), record_type: type[Any] | None = None) -> None:
        super().__init__(items)
        self.record_type = record_type

    def to_arrow(self) -> pyarrow.Table:
        if self.record_type is None:
            pa = table._require("pyarrow")
            return pa.Table.from_pylist([dict(r) for r in self])  # type: ignore[call-overload]
        return table.to_arrow(self, self.record_type)

    def to_pandas(self) -> pandas.DataFrame:
        if self.record_type is None:
            pd = table._require("pandas")
            return pd.DataFrame([dict(r) for r in self])  # type: ignore[call-overload]
        return table.to_pandas(self, self.record_type)

    def to_dicts(self) -> list[dict[str, Any]]:
        return [as_dict(r) if self.record_type else dict(r) for r in self]  # type: ignore[call-overload]


def display_confidence(value: float | None) -> float:
    """The confidence floor of shown events: ``value``, else the configured default."""
    from dateline.config import Config

    return Config.load().display_confidence if value is None else float(value)


def _pages(fetch: Callable[[int, int], list[dict[str, Any]]], limit: int | None) -> Iterator[dict[str, Any]]:
    """Every row of a paged query, or the first ``limit``."""
    offset, wanted = 0, limit if limit is not None else float("inf")
    while offset < wanted:
        size = int(min(MAX_LIMIT, wanted - offset))
        rows = fetch(size, offset)
        yield from rows
        if len(rows) < size:
            return
        offset += len(rows)


class Store:
    """A dateline store for analysis (``dateline.open(db)``); usable as a context manager."""

    def __init__(self, backend: Backend) -> None:
        self.backend = backend

    # -- typed queries --------------------------------------------------------------
    def _by_keys(self, keys: list[tuple[str, str]], make: Callable[[Extraction], Iterable[Any]],
                 key_of: Callable[[Any], tuple[str, str]]) -> list[Any]:
        wanted = set(keys)
        found: dict[tuple[str, str], Any] = {}
        documents = list(dict.fromkeys(k[0] for k in keys))
        for extraction in self.backend.iter_extractions(documents):
            for record in make(extraction):
                if key_of(record) in wanted:
                    found[key_of(record)] = record
        return [found[k] for k in keys if k in found]

    def events(self, *, limit: int | None = None, asserted_only: bool = False,
               min_confidence: float | None = None, **filters: Any) -> Records[EventRecord]:
        """Events in date order; filters: ``actor``, ``recipient``, ``event_type``,
        ``quad_class``, ``context``, ``date_from``, ``date_to``, ``aux``, ``document_id``.
        Events below ``min_confidence`` (default: ``Config.display_confidence``) are left
        out; ``min_confidence=0`` returns all."""
        if asserted_only:
            filters["asserted"] = True
        filters["min_confidence"] = display_confidence(min_confidence)
        rows = _pages(lambda n, o: self.backend.events(limit=n, offset=o, **filters), limit)
        keys = [(r["document_id"], r["id"]) for r in rows]
        return Records(self._by_keys(keys, event_records, lambda r: (r.document_id, r.event_id)), EventRecord)

    def quotes(self, *, limit: int | None = None, **filters: Any) -> Records[QuoteRecord]:
        """Quotes; filters: ``speaker`` (name or actor id), ``text`` (full-text), ``document_id``."""
        rows = _pages(lambda n, o: self.backend.quotes(limit=n, offset=o, **filters), limit)
        keys = [(r["document_id"], r["id"]) for r in rows]
        return Records(self._by_keys(keys, quote_records, lambda r: (r.document_id, r.quote_id)), QuoteRecord)

    def fused_events(self, *, limit: int | None = None, min_confidence: float | None = None,
                     **filters: Any) -> Records[FusedEventRecord]:
        """Fused events (one per happening across reports); filters: ``event_type``,
        ``date_from``, ``date_to``, ``actor``, ``min_sources``, ``disagreements_only``, ``story_id``;
        ``min_confidence`` as for :meth:`events` (on the most confident member event)."""
        records = table.iter_fused(self.backend, min_confidence=display_confidence(min_confidence),
                                   **filters)
        if limit is not None:
            from itertools import islice

            records = islice(records, limit)
        return Records(records, FusedEventRecord)

    # -- plain queries (rows as dicts) --------------------------------------------
    def documents(self, *, limit: int | None = None, **filters: Any) -> Records[dict[str, Any]]:
        return Records(_pages(lambda n, o: self.backend.documents(limit=n, offset=o, **filters), limit))

    def actors(self, *, limit: int | None = None, **filters: Any) -> Records[dict[str, Any]]:
        return Records(_pages(lambda n, o: self.backend.actors(limit=n, offset=o, **filters), limit))

    def search(self, query: str, *, limit: int = 20, literal: bool = False) -> Records[dict[str, Any]]:
        return Records(self.backend.search(query, limit=limit, literal=literal))

    def stories(self, *, limit: int | None = None, **filters: Any) -> Records[dict[str, Any]]:
        from dateline.fusion.engine import stories

        return Records(_pages(lambda n, o: stories(self.backend, limit=n, offset=o, **filters), limit))

    def stats(self) -> dict[str, Any]:
        return self.backend.stats()

    # -- documents ------------------------------------------------------------------
    def get(self, document_id: str) -> Extraction:
        """One stored document's extraction, by id or unique id prefix."""
        from dateline.store.lookup import resolve_document_id

        return self.backend.get(resolve_document_id(self.backend, document_id))

    def extractions(self) -> Iterator[Extraction]:
        return self.backend.iter_extractions()

    def add(self, extraction: Extraction, *, fuse: bool = True) -> str:
        """Store one extraction (and fuse it, see :func:`dateline.api.record`); returns the
        save status."""
        from dateline.api import record

        return record(self.backend, extraction, fuse=fuse).status

    def ingest(self, paths: Iterable[str | Path], config: Config | None = None, *,
               force: bool = False, fuse: bool = True) -> IngestReport:
        """Process files, directories or JSONL into this store (see ``dateline ingest``)."""
        from dateline.api import ingest
        from dateline.config import Config

        return ingest(paths, config or Config.load(), self.backend, force=force, fuse=fuse)

    # -- lifecycle ------------------------------------------------------------------
    def close(self) -> None:
        self.backend.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()


def open_store(db: str | Path | None = None, *, read_only: bool = False) -> Store:
    """Open the store at ``db`` (default: ``$DATELINE_DB`` or ``./dateline.db``)."""
    from dateline.config import Config
    from dateline.store import open_store as open_backend

    return Store(open_backend(db if db is not None else Config.load().db, read_only=read_only))
