"""Versioned schema migrations, in the style of sqlite-utils-migrate.

A backend keeps one :class:`Migrations` list; each migration is a function
decorated with it, taking a DB-API connection and changing the schema. They
run in the order they were declared and each runs at most once per database:
the ``_migrations`` table records ``(migration_set, name, applied_at)``. A
backend applies them when a store is opened, so dateline code opening a database
written by an older version upgrades it in place. Migrations are never edited
or removed once released; a schema change is a new migration.

A PostgreSQL store declares its own list with the same names, so that both
backends describe one schema history.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from dateline.errors import MigrationError

MigrationFn = Callable[[Any], None]

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
