"""The store: a persistent, queryable record of extractions.

``open_store(db)`` takes a path or URL (``path/to/dateline.db``,
``sqlite:///relative.db``, ``sqlite:////absolute.db``, ``:memory:``) and
returns a :class:`Store`; ``postgresql://`` URLs go to the PostgreSQL backend
when it is installed.
"""

from __future__ import annotations

import importlib
from pathlib import Path

from dateline.errors import StoreError
from dateline.store.base import SaveStatus, Store
from dateline.store.sqlite import SQLiteStore

__all__ = ["SQLiteStore", "SaveStatus", "Store", "open_store", "sqlite_path"]


def sqlite_path(db: str | Path) -> str | None:
    """The SQLite file a ``db`` argument names, or ``None`` if it is not an SQLite location."""
    if isinstance(db, Path):
        return str(db)
    if db in ("sqlite://", "sqlite:///:memory:", ":memory:"):
        return ":memory:"
    if db.startswith("sqlite:///"):
        return db[len("sqlite:///"):]  # SQLAlchemy style: sqlite:////abs/path is absolute
    if "://" in db:
        return None
    return db


def open_store(db: str | Path, *, read_only: bool = False, make_folders: bool = False) -> Store:
    """Open (creating and migrating if needed) the store at ``db``.

    An SQLite file is created, but not its folder unless ``make_folders``: a bad
    path is :class:`~dateline.errors.StorePathError` (E304)."""
    path = sqlite_path(db)
    if path is not None:
        if not path:
            raise StoreError("empty database path")
        return SQLiteStore(path, read_only=read_only, make_folders=make_folders)
    scheme = str(db).split("://", 1)[0].lower()
    if scheme in ("postgresql", "postgres"):
        try:
            module = importlib.import_module("dateline.store.postgres")
        except ModuleNotFoundError as exc:
            raise StoreError(
                f"the PostgreSQL store is not available ({exc.name} is not installed)"
            ) from None
        store: Store = module.PostgresStore(str(db), read_only=read_only)
        return store
    raise StoreError(f"unknown database URL scheme {scheme!r} (use a path, sqlite:/// or postgresql://)")
