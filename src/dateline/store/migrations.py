"""Versioned schema migrations, in the style of sqlite-utils-migrate.

A backend keeps one :class:`Migrations` list; each migration is a function
decorated with it, taking a DB-API connection and changing the schema. They
run in the order they were declared and each runs at most once per database:
the ``_migrations`` table records ``(migration_set, name, applied_at)``. A
backend applies them when a store is opened, so dateline code opening a database
written by an older version upgrades it in place. Migrations are never edited
or removed once released; a schema change is a new migration.

The schema is declared once (:mod:`dateline.store.schema`) as
:class:`DialectMigrations`, each taking the backend's dialect; each backend builds
its own list from it, so both carry one schema history (the same names in the same order).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from dateline.errors import MigrationError

MigrationFn = Callable[[Any], None]

def utc_now() -> str:
    """Timestamps the store records (migrations applied, documents ingested)."""
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


# Created by the backend before any migration runs.
MIGRATIONS_TABLE = "_migrations"


@dataclass(frozen=True)
class Migration:
    name: str
    fn: MigrationFn


class Migrations:
    """An ordered list of named migration functions."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._migrations: list[Migration] = []

    def __call__(self, fn: MigrationFn | None = None, *, name: str | None = None) -> Any:
        """Register ``fn`` (usable as ``@migrations`` or ``@migrations(name=...)``)."""

        def register(fn: MigrationFn) -> MigrationFn:
            key = name or fn.__name__
            if any(m.name == key for m in self._migrations):
                raise MigrationError(f"migration {key!r} declared twice in {self.name!r}")
            self._migrations.append(Migration(key, fn))
            return fn

        return register(fn) if fn is not None else register

    @property
    def names(self) -> list[str]:
        return [m.name for m in self._migrations]

    def __iter__(self) -> Iterator[Migration]:
        return iter(list(self._migrations))

    def pending(self, applied: set[str], *, stop_after: str | None = None) -> list[Migration]:
        """Migrations not yet applied, in order (up to and including ``stop_after``)."""
        unknown = applied - set(self.names)
        if unknown:
            raise MigrationError(
                f"the database has migrations this dateline does not know "
                f"({', '.join(sorted(unknown))}): it was written by a newer version"
            )
        if stop_after is not None and stop_after not in self.names:
            raise MigrationError(f"unknown migration {stop_after!r}")
        todo: list[Migration] = []
        for migration in self._migrations:
            if migration.name not in applied:
                todo.append(migration)
            if migration.name == stop_after:
                break
        return todo

    def apply(
        self,
        conn: Any,
        *,
        applied: Callable[[], list[str]],
        run: Callable[[Migration], None],
        errors: type[Exception] | tuple[type[Exception], ...],
        source: str,
        stop_after: str | None = None,
    ) -> list[str]:
        """Inside the caller's write transaction: record table, pending migrations, run
        each with ``run`` (which may wrap it, e.g. in a savepoint) and record it.

        ``applied`` is re-read here, under the caller's write lock, because another
        process may have migrated meanwhile. Backend errors (``errors``) become a
        :class:`MigrationError` naming the failing migration.
        """
        conn.execute(
            f"""CREATE TABLE IF NOT EXISTS {MIGRATIONS_TABLE} (
                migration_set TEXT NOT NULL, name TEXT NOT NULL, applied_at TEXT NOT NULL,
                PRIMARY KEY (migration_set, name))"""
        )
        todo = self.pending(set(applied()), stop_after=stop_after)
        for migration in todo:
            try:
                run(migration)
            except errors as exc:
                raise MigrationError(f"migration {migration.name} failed: {exc}", source=source) from None
            conn.execute(
                f"INSERT INTO {MIGRATIONS_TABLE} (migration_set, name, applied_at) VALUES (?, ?, ?)",
                (self.name, migration.name, utc_now()),
            )
        return [m.name for m in todo]


class DialectMigrations:
    """Migrations written once for both backends: each function takes the connection
    and the backend's :class:`~dateline.store.dialect.Dialect`; :meth:`register`
    appends them, spelled for one dialect, to that backend's :class:`Migrations`."""

    def __init__(self) -> None:
        self._migrations: list[tuple[str, Callable[[Any, Any], None]]] = []

    def __call__(self, name: str) -> Callable[[Callable[[Any, Any], None]], Callable[[Any, Any], None]]:
        def add(fn: Callable[[Any, Any], None]) -> Callable[[Any, Any], None]:
            self._migrations.append((name, fn))
            return fn

        return add

    def register(self, migrations: Migrations, dialect: Any) -> None:
        """Append these migrations, spelled for ``dialect``, to a backend's list."""
        for name, fn in self._migrations:
            migrations(name=name)(lambda conn, fn=fn: fn(conn, dialect))


def read_only_upgrade_error(source: str) -> MigrationError:
    return MigrationError(
        "the database needs upgrading; open it once without read-only", source=source
    )

