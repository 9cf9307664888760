"""What the app keeps between requests: settings and serialised access to the store."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from fastapi import Request

from dateline.config import Config

T = TypeVar("T")

# 2 MiB: a long article as HTML fits comfortably; anything larger is not one article.
DEFAULT_MAX_BODY_BYTES = 2 * 1024 * 1024


@dataclass(frozen=True)
class Settings:
    config: Config
    read_only: bool = False
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES

    @property
    def api_token(self) -> str | None:
        return self.config.api_token


class StoreAccess:
    """The store shared by the request threads.

    A connection must not be used by two threads at once, so calls on it are
    serialised with a lock (reads are milliseconds). Writes (:meth:`write`: a posted
    document's save and fusion, up to seconds for a large one) go to ``store``; reads
    (:meth:`call`) go to ``reader``, a second connection to the same database when
    there is one (:meth:`open_reader`), so that a read never waits on a write's lock
    or transaction (SQLite's WAL and PostgreSQL both let a reader see the last commit
    while a writer works).
    """

    def __init__(self, store: Any, reader: Any | None = None) -> None:
        self.store = store
        self.reader = reader
        self._lock = threading.Lock()
        self._read_lock = threading.Lock() if reader is not None else self._lock

    def call(self, fn: Callable[[Any], T]) -> T:
        with self._read_lock:
            return fn(self.reader if self.reader is not None else self.store)

    def write(self, fn: Callable[[Any], T]) -> T:
        with self._lock:
            return fn(self.store)

    def open_reader(self, db: str) -> None:
        """Open the second connection for reads, to ``store``'s database: the SQLite file
        it holds, or ``db`` (the configured URL) when that names the same PostgreSQL
        database. Not for a read-only store (nothing writes), nor an in-memory one."""
        from dateline.store import open_store
        from dateline.store.sqlite import SQLiteStore

        store = self.store
        if self.reader is not None or getattr(store, "read_only", True):
            return
        if isinstance(store, SQLiteStore):
            if store.path == ":memory:":
                return
            reader = open_store(store.path, read_only=True)
        elif "://" in db and not db.startswith("sqlite"):
            reader = open_store(db, read_only=True)
            if reader.url != store.url:  # the app was given another database than db
                reader.close()
                return
        else:
            return
        self._read_lock = threading.Lock()
        self.reader = reader

    def close_reader(self) -> None:
        reader = self.reader
        if reader is None:
            return
        with self._read_lock:  # after the read in progress; later reads use store
            self.reader = None
        self._read_lock = self._lock
        reader.close()


def get_access(request: Request) -> StoreAccess:
    access: StoreAccess = request.app.state.access
    return access
