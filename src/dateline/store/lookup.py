"""Read helpers over any SQL store: a document id from a unique prefix."""

from __future__ import annotations

from dateline.errors import NotFoundError, QueryError
from dateline.store.base import Store, like_pattern

MIN_PREFIX = 4


def resolve_document_id(store: Store, given: str) -> str:
    """The full id of the stored document whose id is ``given`` or starts with it.

    A prefix must be at least :data:`MIN_PREFIX` characters and match one
    document only (QueryError lists a few when it is ambiguous).
    """
    given = given.strip()
    if store.has(given):
        return given
    if len(given) < MIN_PREFIX:
        raise NotFoundError("no such document", source=given)
    pattern = like_pattern(given)[1:]  # "prefix%": the leading wildcard dropped
    rows = store.select("SELECT id FROM documents WHERE id LIKE ? ESCAPE '\\' ORDER BY id LIMIT 6",
                        (pattern,))
    ids = [row[0] for row in rows]
    if not ids:
        raise NotFoundError("no such document", source=given)
    if len(ids) > 1:
        more = ", ..." if len(ids) > 5 else ""
        raise QueryError(f"document id prefix {given!r} is ambiguous: {', '.join(ids[:5])}{more}")
    return str(ids[0])
