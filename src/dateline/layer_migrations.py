"""Migrations of a layer that keeps its own tables (fusion, watch), declared once.

This module sits outside :mod:`dateline.store` on purpose: the store backends import
the layers' table modules while :mod:`dateline.store` is being initialised, so a layer
that imported anything from the store package at module level would form an import
cycle whenever the layer is imported first (``import dateline.fusion.engine``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from dateline.store.migrations import Migrations

__all__ = ["LayerMigrationFn", "LayerMigrations"]

LayerMigrationFn = Callable[[Any, Any], None]  # (connection, Dialect)


class LayerMigrations:
    """The migrations of a layer that keeps its own tables (fusion, watch): written once,
    taking the backend's :class:`~dateline.store.dialect.Dialect`, and appended by each
    backend to its own :class:`Migrations` list, so both histories carry the same names
    in the same order."""

    def __init__(self) -> None:
        self._migrations: list[tuple[str, LayerMigrationFn]] = []

    def __call__(self, name: str) -> Callable[[LayerMigrationFn], LayerMigrationFn]:
        def add(fn: LayerMigrationFn) -> LayerMigrationFn:
            self._migrations.append((name, fn))
            return fn

        return add

    def register(self, migrations: Migrations, dialect: Any) -> None:
        """Append these migrations, spelled for ``dialect``, to a backend's list."""
        for name, fn in self._migrations:
            migrations(name=name)(lambda conn, fn=fn: fn(conn, dialect))
