"""Per-source watch state, kept in the store so that a restarted watcher goes on where
it stopped: HTTP validators (ETag, Last-Modified), consecutive failures and when to
retry, and the items seen with the document each became.

Its tables (``watch_*``) are the store's, declared in :mod:`dateline.store.schema`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from dateline.store.base import Store


@dataclass
class SourceState:
    source: str
    kind: str
    etag: str | None = None
    last_modified: str | None = None
    failures: int = 0
    retry_at: float | None = None  # epoch seconds; None: poll on the next round
    last_error: str | None = None
    last_polled: str | None = None
    last_changed: str | None = None


_SOURCE_COLUMNS = ("source", "kind", "etag", "last_modified", "failures", "retry_at",
                   "last_error", "last_polled", "last_changed")


def load_source(store: Store, source: str, kind: str) -> SourceState:
    rows = store.select(f"SELECT {', '.join(_SOURCE_COLUMNS)} FROM watch_sources WHERE source = ?",
                        [source])
    if not rows:
        return SourceState(source, kind)
    row = rows[0]
    return SourceState(**{c: row[c] for c in _SOURCE_COLUMNS})


def save_source(store: Store, state: SourceState) -> None:
    values = [getattr(state, c) for c in _SOURCE_COLUMNS]
    updates = ", ".join(f"{c} = excluded.{c}" for c in _SOURCE_COLUMNS[1:])
    with store.write_transaction() as conn:
        conn.execute(
            f"""INSERT INTO watch_sources ({', '.join(_SOURCE_COLUMNS)})
                VALUES ({', '.join('?' for _ in values)})
                ON CONFLICT (source) DO UPDATE SET {updates}""",
            values,
        )


def sources(store: Store) -> list[SourceState]:
    rows = store.select(f"SELECT {', '.join(_SOURCE_COLUMNS)} FROM watch_sources ORDER BY source")
    return [SourceState(**{c: row[c] for c in _SOURCE_COLUMNS}) for row in rows]


@dataclass(frozen=True)
class Item:
    item: str
    fingerprint: str | None
    document_id: str | None


def items(store: Store, source: str) -> dict[str, Item]:
    rows = store.select(
        "SELECT item, fingerprint, document_id FROM watch_items WHERE source = ?", [source]
    )
    return {r["item"]: Item(r["item"], r["fingerprint"], r["document_id"]) for r in rows}


def save_items(store: Store, source: str, seen: Iterable[Item], when: str) -> None:
    rows = [(source, i.item, i.fingerprint, i.document_id, when) for i in seen]
    if not rows:
        return
    with store.write_transaction() as conn:
        conn.executemany(
            """INSERT INTO watch_items (source, item, fingerprint, document_id, seen_at)
               VALUES (?, ?, ?, ?, ?) ON CONFLICT (source, item) DO UPDATE SET
               fingerprint = excluded.fingerprint, document_id = excluded.document_id,
               seen_at = excluded.seen_at""",
            rows,
        )


def still_referenced(store: Store, document_id: str) -> bool:
    """Whether any watched item (of any source) still leads to this document."""
    return bool(store.select("SELECT 1 FROM watch_items WHERE document_id = ? LIMIT 1", [document_id]))
