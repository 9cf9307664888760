"""The store interface every backend implements (SQLite and PostgreSQL).

Query methods return plain dicts (JSON-ready) so the CLI, the REST API and
exporters never see backend rows; filters are passed as values and always bound
as SQL parameters, never formatted into SQL.
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager
from types import TracebackType
from typing import Any, Literal

from dateline.errors import QueryError
from dateline.model import Extraction
from dateline.store.dialect import Dialect

SaveStatus = Literal["stored", "replaced", "unchanged"]

# Stored documents without a fusion row (fusion's own table, in every SQL store).
UNFUSED_SQL = """SELECT {columns} FROM documents d WHERE NOT EXISTS (
    SELECT 1 FROM fusion_documents f WHERE f.document_id = d.id)"""

MAX_LIMIT = 100_000
# Far beyond any table, and within SQL's 64-bit integers even with a limit added.
MAX_OFFSET = 2**53 - 1
DEFAULT_LIMIT = 100


def check_page(limit: int, offset: int) -> tuple[int, int]:
    if isinstance(limit, bool) or not isinstance(limit, int) or not 0 < limit <= MAX_LIMIT:
        raise QueryError(f"limit must be an integer from 1 to {MAX_LIMIT}, not {limit!r}")
    if isinstance(offset, bool) or not isinstance(offset, int) or not 0 <= offset <= MAX_OFFSET:
        raise QueryError(f"offset must be an integer from 0 to {MAX_OFFSET}, not {offset!r}")
    return limit, offset


def version_key(version: str) -> tuple[tuple[int, str], ...]:
    """Sort key for pipeline versions: numeric parts compare as numbers ("0.10" > "0.9")."""
    return tuple(
        (int(part), "") if part.isdigit() else (-1, part)
        for part in re.split(r"[.\-+]", version or "")
    )


def is_newer(candidate: str, stored: str) -> bool:
    return version_key(candidate) > version_key(stored)


def like_pattern(text: str) -> str:
    """A LIKE pattern matching ``text`` as a substring (``ESCAPE '\\'``)."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def literal_query(text: str) -> str:
    """A full-text query matching every word of ``text`` literally (no query syntax).

    Each whitespace-separated word becomes a quoted FTS phrase, so input such as
    ``Putin's call`` or ``AND`` searches for those words instead of failing to parse.
    """
    words = text.split()
    return " ".join('"' + w.replace('"', '""') + '"' for w in words)


class Store(ABC):
    """A persistent, queryable record of extractions.

    Writes are idempotent and atomic per document: :meth:`save` stores one
    extraction in one transaction, so an interrupted batch leaves every
    document either fully stored or absent.
    """

    url: str

    # -- writing --------------------------------------------------------------
    @abstractmethod
    def save(self, extraction: Extraction, *, replace: bool = False) -> SaveStatus:
        """Store one extraction.

        ``"stored"`` for a new document; ``"unchanged"`` when it is already stored
        by the same (or a newer) pipeline version -- nothing is written;
        ``"replaced"`` when the stored copy came from an older pipeline version
        (or ``replace`` is true): its derived rows are replaced.
        """

    def save_many(self, extractions: Iterable[Extraction]) -> list[SaveStatus]:
        """One transaction per document (not one for the batch)."""
        return [self.save(e) for e in extractions]

    @abstractmethod
    def delete(self, document_id: str) -> None:
        """Remove a document and everything derived from it (NotFoundError if absent)."""

    # -- reading documents ----------------------------------------------------
    @abstractmethod
    def has(self, document_id: str, pipeline_version: str | None = None) -> bool:
        """Whether the document is stored (by ``pipeline_version`` or a newer one, if given)."""

    def stored_ids(
        self, document_ids: Iterable[str], pipeline_version: str | None = None
    ) -> set[str]:
        """Which of ``document_ids`` :meth:`has` (for resumable batches)."""
        return {d for d in document_ids if self.has(d, pipeline_version)}

    @abstractmethod
    def get(self, document_id: str) -> Extraction:
        """The stored extraction (NotFoundError, E302, if absent)."""

    @abstractmethod
    def iter_extractions(self, document_ids: Iterable[str] | None = None) -> Iterator[Extraction]:
        """Stored extractions in ingest order (all, or those listed, skipping unknown ids)."""

    # -- queries --------------------------------------------------------------
    @abstractmethod
    def documents(
        self, *, publisher: str | None = None, title: str | None = None,
        date_from: str | None = None, date_to: str | None = None,
        limit: int = DEFAULT_LIMIT, offset: int = 0,
    ) -> list[dict[str, Any]]:
        """Document metadata (no body), newest publication first."""

    @abstractmethod
    def events(
        self, *, actor: str | None = None, recipient: str | None = None,
        event_type: str | None = None, quad_class: int | None = None,
        context: str | None = None, date_from: str | None = None, date_to: str | None = None,
        aux: str | None = None, include_negated: bool = True, include_future: bool = True,
        asserted: bool | None = None, document_id: str | None = None,
        min_confidence: float | None = None,
        limit: int = DEFAULT_LIMIT, offset: int = 0,
    ) -> list[dict[str, Any]]:
        """Events matching every given filter, in chronological order (undated last).

        ``min_confidence`` keeps events whose confidence is at least that (0 or
        None: all).

        ``actor``/``recipient`` match an actor id, a code (``RUS``) or a name
        substring; ``date_from``/``date_to`` are ISO dates of any precision
        (``date_to`` inclusive at its precision); ``asserted`` keeps only events
        reported as having happened (or only those that were not).
        """

    @abstractmethod
    def count_events(self, **filters: Any) -> int:
        """How many events :meth:`events` would return without pagination."""

    @abstractmethod
    def timeline(self, **filters: Any) -> list[dict[str, Any]]:
        """Events (filters as :meth:`events`) in date order with evidence sentence and title."""

    @abstractmethod
    def quotes(
        self, *, speaker: str | None = None, text: str | None = None,
        document_id: str | None = None, limit: int = DEFAULT_LIMIT, offset: int = 0,
    ) -> list[dict[str, Any]]:
        """Quotes; speaker by name substring or actor id, text as a full-text query."""

    @abstractmethod
    def search(
        self, query: str, *, limit: int = 20, offset: int = 0, literal: bool = False
    ) -> list[dict[str, Any]]:
        """Full-text search over document titles/bodies and quote content, with snippets.

        ``query`` uses the full-text syntax (phrases in quotes, OR, NOT, prefix*);
        a query that does not parse raises QueryError. With ``literal`` every
        word is searched as typed (see :func:`literal_query`).
        """

    @abstractmethod
    def actors(
        self, *, name: str | None = None, code: str | None = None, kind: str | None = None,
        document_id: str | None = None, limit: int = DEFAULT_LIMIT, offset: int = 0,
    ) -> list[dict[str, Any]]:
        """Actors with how often they appear, most frequent first."""

    @abstractmethod
    def places(
        self, *, name: str | None = None, country: str | None = None,
        document_id: str | None = None, limit: int = DEFAULT_LIMIT, offset: int = 0,
    ) -> list[dict[str, Any]]:
        """Geocoded place mentions."""

    @abstractmethod
    def contradictions(
        self, *, document_id: str | None = None, event_id: str | None = None,
        attribute: str | None = None, limit: int = DEFAULT_LIMIT, offset: int = 0,
    ) -> list[dict[str, Any]]:
        """Disagreeing mentions of one event."""

    @abstractmethod
    def stats(self) -> dict[str, Any]:
        """Counts per table, documents per publisher, events per type, date ranges."""

    @abstractmethod
    def verify(self) -> list[str]:
        """Consistency problems found (empty when the store is sound)."""

    # -- SQL for layers with their own tables (fusion) and aggregate views (web) --
    #: The backend's SQL dialect (:mod:`dateline.store.dialect`).
    dialect: Dialect

    def unfused(self, limit: int | None = None) -> list[str]:
        """Ids of stored documents that were never fused (a crash between save and fusion,
        a failed fusion, ``--no-fuse``), in ingest order; ingest, batch and the web write
        fuse them."""
        sql = UNFUSED_SQL.format(columns="d.id") + " ORDER BY d.ingested_at, d.id"
        rows = self.select(sql + (f" LIMIT {int(limit)}" if limit is not None else ""))
        return [row[0] for row in rows]

    @abstractmethod
    def select(self, sql: str, params: Sequence[Any] = ()) -> list[Any]:
        """Rows of a read query written with ``?`` parameters (readable by name and position)."""

    @abstractmethod
    def event_filter(self, filters: dict[str, Any]) -> tuple[str, list[Any]]:
        """``(where, params)`` over ``events e`` for :meth:`events`' filters (``""`` when none)."""

    @abstractmethod
    def write_transaction(self) -> AbstractContextManager[Any]:
        """One write transaction: a DB-API connection taking ``?`` SQL, rows as tuples."""

    # -- lifecycle ------------------------------------------------------------
    @abstractmethod
    def close(self) -> None: ...

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def unfused_problems(store: Store, shown: int = 20) -> list[str]:
    """:meth:`Store.verify` lines for stored documents that are not fused.

    Only for a store that keeps a fusion record (one fused document or more): a store
    used without fusion (``--no-fuse``, the store on its own) has no record to be
    incomplete. ``stats()["unfused"]`` counts them either way."""
    if not store.select("SELECT 1 FROM fusion_documents LIMIT 1"):
        return []
    ids = store.unfused(limit=shown + 1)
    lines = [f"document {doc_id}: stored but not fused (dateline ingest fuses it)"
             for doc_id in ids[:shown]]
    if len(ids) > shown:
        more = int(store.select(UNFUSED_SQL.format(columns="count(*)"))[0][0]) - shown
        lines.append(f"... and {more} more documents stored but not fused")
    return lines
