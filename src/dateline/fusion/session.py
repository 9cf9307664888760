"""Fusion's write transaction (one connection taking ``?`` SQL, and the dialect) and the
member rows -- a flattened copy of each stored event -- that the write path reads and writes."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from dateline.fusion.matching import EventRecord
from dateline.model import Location, Mention
from dateline.store.base import Store
from dateline.store.dialect import Dialect, next_id


class Session:
    """A write transaction's connection (``?`` SQL, tuple rows) and its dialect."""

    def __init__(self, conn: Any, dialect: Dialect) -> None:
        self.conn = conn
        self.dialect = dialect

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        return self.conn.execute(sql, params)

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        self.conn.executemany(sql, rows)

    def insert_id(self, table: str, columns: str, values: Sequence[Any]) -> int:
        """Insert a row numbered like an SQLite rowid (``max(id) + 1``); its id."""
        marks = ", ".join("?" for _ in values)
        rows = self.conn.execute(
            f"INSERT INTO {table} (id, {columns}) VALUES ({next_id(table)}, {marks}) RETURNING id",
            values,
        ).fetchall()
        return int(rows[0][0])


@contextmanager
def write(store: Store) -> Iterator[Session]:
    dialect = store.dialect
    with store.write_transaction() as conn:
        if dialect.writer_lock_sql:
            # Fusion reads and updates shared rows (document frequencies, stories,
            # fused events): one fusing writer at a time.
            conn.execute(dialect.writer_lock_sql)
        yield Session(conn, dialect)


# -- records <-> rows ---------------------------------------------------------
MEMBER_COLS = (
    "m.document_id, m.event_id, m.fused_id, m.event, m.day_lo, m.day_hi, m.date, m.date_precision, "
    "m.actors, m.recipients, m.location, m.asserted, m.size, m.event_text, m.mentions, m.attribution, "
    "m.aux"
)
# The document a member's document copies (NULL for an original), read with its row.
DUPLICATE_OF = """(SELECT fd.duplicate_of FROM fusion_documents fd
                    WHERE fd.document_id = m.document_id)"""


def event_record(row: Sequence[Any], canonical: str | None = None, *, light: bool = False) -> EventRecord:
    """A member row as a record; ``light`` skips mentions and sizes (not needed to match)."""
    location = json.loads(row[10]) if row[10] else None
    return EventRecord(
        document_id=row[0], event_id=row[1], event=row[3], day_lo=row[4], day_hi=row[5],
        date=row[6], date_precision=row[7], actors=json.loads(row[8]),
        recipients=json.loads(row[9]),
        location=None if location is None else Location.from_dict(location),
        asserted=bool(row[11]), size=json.loads(row[12]) if row[12] and not light else None,
        event_text=row[13],
        mentions=[] if light else [Mention.from_dict(m) for m in json.loads(row[14])],
        attribution=row[15], canonical_document=canonical, aux=json.loads(row[16]),
    )


def member_of(row: Sequence[Any], *, light: bool = False) -> tuple[EventRecord, int | None]:
    """A row of ``MEMBER_COLS`` then ``DUPLICATE_OF``: the record (its canonical
    document the one it copies, else itself) and its fused id."""
    return event_record(row, row[17] or row[0], light=light), row[2]


def member_row(record: EventRecord, fused_id: int | None = None) -> tuple[Any, ...]:
    return (
        record.document_id, record.event_id, fused_id, record.event, record.day_lo, record.day_hi,
        record.date, record.date_precision, json.dumps(record.actors), json.dumps(record.recipients),
        None if record.location is None else json.dumps(record.location.to_dict()),
        int(record.asserted), None if record.size is None else json.dumps(record.size),
        record.event_text, json.dumps([m.to_dict() for m in record.mentions]), record.attribution,
        json.dumps(record.aux),
    )


def load_members(
    conn: Session, where: str, params: Sequence[Any], *, source: str = "fusion_members m",
    light: bool = False,
) -> list[tuple[EventRecord, int | None]]:
    # The duplicate link comes along (one indexed lookup per row, same statement).
    rows = conn.execute(f"SELECT {MEMBER_COLS}, {DUPLICATE_OF} FROM {source} WHERE {where}", params).fetchall()
    return [member_of(r, light=light) for r in rows]

