"""The PostgreSQL store: the one schema and the shared queries on a server.

``open_store("postgresql://user@host/db")`` returns a :class:`PostgresStore`.
Its migrations are the schema's (:mod:`dateline.store.schema`, spelled through
:data:`~dateline.store.dialect.POSTGRES`: same names, same ``_migrations`` table)
and its queries are :class:`~dateline.store.sql.SQLStore`'s, run through a small
connection adapter (:class:`_Connection`) that translates the two dialect
differences those queries meet: ``?`` parameters become ``%s``, and ``LIKE``
becomes ``ILIKE`` (SQLite's LIKE ignores ASCII case; PostgreSQL's does not).
Text columns use the ``"C"`` collation so that comparisons and sorting follow
code points, as in SQLite (ISO dates and the ``~`` sentinel compare the same way
on both).

Here: the connection, locking, save/delete, full-text search -- ``tsvector``
columns with GIN indexes instead of FTS5 (the FTS5 query syntax -- words,
"phrases", ``prefix*``, AND/OR/NOT, parentheses -- is parsed and translated, so
one query means the same on both backends) -- and migrations and ``verify`` on
PostgreSQL's catalogue.

Several processes may write at once: each document is saved in one
transaction holding a transaction-scoped advisory lock on its id (two writers
of the same document serialise; different documents proceed in parallel).
Actor upserts happen in id order (no deadlocks between writers) under a shared
advisory lock; removing actors no document mentions any more takes it
exclusively, so it never races with a writer adding a mention.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from dateline.errors import NotFoundError, QueryError, StoreError
from dateline.model import Extraction
from dateline.store.base import SaveStatus, check_page, literal_query, unfused_problems
from dateline.store.dialect import POSTGRES
from dateline.store.migrations import (
    MIGRATIONS_TABLE,
    Migration,
    read_only_upgrade_error,
)
from dateline.store.migrations import utc_now as _now
from dateline.store.rows import DERIVED_TABLES, flatten
from dateline.store.schema import TS_CONFIG, migrations_for
from dateline.store.sql import ACTOR_UPSERT, SQLStore

try:
    import psycopg
    from psycopg.rows import tuple_row
except ImportError as exc:  # pragma: no cover - the extra is not installed
    raise ModuleNotFoundError(
        "the PostgreSQL store needs the 'postgres' extra: pip install 'dateline[postgres]'",
        name="psycopg",
    ) from exc

CONNECT_TIMEOUT_S = 10
# Advisory lock keys (the second argument of the two-int form is a hash of a document id).
_LOCK_MIGRATE = 4_114_001
_LOCK_ACTORS = 4_114_002
_LOCK_DOCUMENT = 4_114_003

migrations = migrations_for(POSTGRES)


# -- the connection adapter -------------------------------------------------------


class _Row(dict[str, Any]):
    """A result row readable by name and by position, like ``sqlite3.Row``."""

    def __getitem__(self, key: Any) -> Any:
        if isinstance(key, int):
            return list(self.values())[key]
        return super().__getitem__(key)


def _row_factory(cursor: Any) -> Any:
    names = [c.name for c in cursor.description] if cursor.description else []

    def make(values: Sequence[Any]) -> _Row:
        return _Row(zip(names, values, strict=True))

    return make


_LIKE = re.compile(r"\bLIKE\b")


def translate(sql: str) -> str:
    """SQLite-style SQL (``?`` parameters, case-insensitive LIKE) -> PostgreSQL."""
    return _LIKE.sub("ILIKE", sql.replace("%", "%%").replace("?", "%s"))


class _Connection:
    """The slice of the ``sqlite3.Connection`` API the shared queries use."""

    def __init__(self, conn: psycopg.Connection[Any], *, tuples: bool = False) -> None:
        self.raw = conn
        # Rows as plain tuples (like a bare sqlite3 connection) or readable by name too.
        self._rows: Any = tuple_row if tuples else _row_factory

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        cursor = self.raw.cursor(row_factory=self._rows)
        cursor.execute(translate(sql), tuple(params) or None)
        return cursor

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        rows = list(rows)
        if rows:
            with self.raw.cursor() as cursor:
                cursor.executemany(translate(sql), rows)


# -- full-text queries ------------------------------------------------------------

_TOKEN = re.compile(r'\s*(?:(?P<phrase>"(?:[^"]|"")*")|(?P<open>\()|(?P<close>\))'
                    r"|(?P<word>[^\W_]\w*\*?|\w+\*?)|(?P<junk>\S))", re.UNICODE)
_SYNTAX_HINT = ('put words or phrases in double quotes to search for them literally, '
                'e.g. "Putin\'s call"')


def _syntax_error(query: str, why: str) -> QueryError:
    return QueryError(f"cannot parse search query {query!r} ({why}); {_SYNTAX_HINT}")


def fts_to_tsquery(query: str) -> tuple[str, list[Any]]:
    """An FTS5 query as a PostgreSQL tsquery SQL expression and its parameters.

    FTS5 grammar: terms (words, ``prefix*``, "quoted phrases") joined by
    ``NOT`` (binds tightest), ``AND`` (also implicit) and ``OR``, with
    parentheses. Anything else is a syntax error, as it is in FTS5.
    """
    tokens: list[tuple[str, str]] = []
    position = 0
    text = query.rstrip()
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None:  # pragma: no cover - _TOKEN matches any non-space
            raise _syntax_error(query, "unexpected input")
        position = match.end()
        kind = match.lastgroup or "junk"
        value = match.group(kind)
        if kind == "junk":
            reason = "unterminated string" if value == '"' else f"syntax error near {value!r}"
            raise _syntax_error(query, reason)
        if kind == "word" and value in ("AND", "OR", "NOT"):
            kind = value
        tokens.append((kind, value))
    params: list[Any] = []
    index = 0

    def peek() -> str | None:
        return tokens[index][0] if index < len(tokens) else None

    def primary() -> str:
        nonlocal index
        kind = peek()
        if kind is None:
            raise _syntax_error(query, "incomplete query")
        _, value = tokens[index]
        index += 1
        if kind == "open":
            inner = or_expr()
            if peek() != "close":
                raise _syntax_error(query, "unbalanced parenthesis")
            index += 1
            return f"({inner})"
        if kind == "phrase":
            params.append(value[1:-1].replace('""', '"'))
            return f"phraseto_tsquery('{TS_CONFIG}', ?)"
        if kind == "word":
            if value.endswith("*"):
                # Word characters only, so the string is a valid to_tsquery operand.
                params.append(value[:-1].lower() + ":*")
                return f"to_tsquery('{TS_CONFIG}', ?)"
            params.append(value)
            return f"plainto_tsquery('{TS_CONFIG}', ?)"
        raise _syntax_error(query, f"syntax error near {value!r}")

    def not_expr() -> str:
        nonlocal index
        left = primary()
        while peek() == "NOT":
            index += 1
            left = f"({left} && !!{primary()})"
        return left

    def and_expr() -> str:
        nonlocal index
        left = not_expr()
        while peek() in ("AND", "word", "phrase", "open"):
            if peek() == "AND":
                index += 1
            left = f"({left} && {not_expr()})"
        return left

    def or_expr() -> str:
        nonlocal index
        left = and_expr()
        while peek() == "OR":
            index += 1
            left = f"({left} || {and_expr()})"
        return left

    if not tokens:
        raise QueryError("empty search query")
    expression = or_expr()
    if index != len(tokens):
        raise _syntax_error(query, f"syntax error near {tokens[index][1]!r}")
    return expression, params


def _headline_options(highlight: tuple[str, str]) -> str:
    def quote(value: str) -> str:
        return '"' + value.replace('"', '""') + '"'

    open_mark, close_mark = highlight
    return (f"StartSel={quote(open_mark)}, StopSel={quote(close_mark)}, MaxWords=16, "
            "MinWords=6, ShortWord=2, MaxFragments=1, FragmentDelimiter=\" … \"")


def _redact(url: str) -> str:
    """The URL without its password (in the user part or a ``password=`` parameter)."""
    url = re.sub(r"://([^:/@]+):[^@]*@", r"://\1:***@", url)
    return re.sub(r"(?i)([?&]password=)[^&]*", r"\1***", url)


class PostgresStore(SQLStore):
    """A :class:`~dateline.store.base.Store` in a PostgreSQL database."""

    _conn: _Connection

    def __init__(self, url: str, *, read_only: bool = False) -> None:
        self.path = _redact(url)  # used in error messages: never show a password
        self.url = self.path
        self.read_only = read_only
        self._lock = threading.RLock()
        try:
            raw = psycopg.connect(url, autocommit=True, connect_timeout=CONNECT_TIMEOUT_S)
        except psycopg.Error as exc:
            raise StoreError(f"cannot connect: {exc}".strip(), source=self.path) from None
        self._conn = _Connection(raw)
        try:
            if read_only:
                raw.execute("SET default_transaction_read_only = on")
            self.migrate()
        except psycopg.Error as exc:
            raw.close()
            raise StoreError(f"not a usable dateline database: {exc}", source=self.path) from None
        except StoreError:
            raw.close()
            raise

    @property
    def _pg(self) -> _Connection:
        return self._conn

    # -- schema ---------------------------------------------------------------
    def applied_migrations(self) -> list[str]:
        exists = self._pg.execute(
            "SELECT to_regclass(?) IS NOT NULL AS present", (MIGRATIONS_TABLE,)
        ).fetchone()
        if not exists[0]:
            return []
        rows = self._pg.execute(
            f"SELECT name, applied_at FROM {MIGRATIONS_TABLE} WHERE migration_set = ?",
            (migrations.name,),
        ).fetchall()
        # In the order they ran: by time, then (same second) by declaration order, as
        # SQLite's rowid order gives (names alone would put fusion_* before m001_*).
        order = {name: i for i, name in enumerate(migrations.names)}
        rows = sorted(rows, key=lambda r: (r[1], order.get(r[0], len(order)), r[0]))
        return [r[0] for r in rows]

    def migrate(self, *, stop_after: str | None = None) -> list[str]:
        """Apply pending migrations (all, or up to ``stop_after``); returns their names."""
        with self._lock:
            if not migrations.pending(set(self.applied_migrations()), stop_after=stop_after):
                return []
            if self.read_only:
                raise read_only_upgrade_error(self.path)
            with self._transaction() as conn:
                # Several workers may open a fresh database at once: one migrates.
                conn.execute("SELECT pg_advisory_xact_lock(?)", (_LOCK_MIGRATE,))

                def run(migration: Migration) -> None:
                    with self._pg.raw.transaction():  # a savepoint: name the failing one
                        migration.fn(conn)

                return migrations.apply(
                    conn, applied=self.applied_migrations, run=run,
                    errors=psycopg.Error, source=self.path, stop_after=stop_after,
                )

    @contextmanager
    def _transaction(self, failure: str = "write failed", source: str | None = None
                     ) -> Iterator[Any]:
        try:
            with self._lock, self._pg.raw.transaction():
                yield self._pg
        except psycopg.Error as exc:
            raise StoreError(f"{failure}: {exc}".strip(), source=source or self.path) from None

    def _query(self, sql: str, params: Sequence[Any] = ()) -> list[Any]:
        with self._lock:
            try:
                rows: list[Any] = self._pg.execute(sql, params).fetchall()
            except psycopg.Error as exc:
                raise StoreError(f"query failed: {exc}", source=self.path) from None
            return rows

    # -- SQL for other layers (Store interface) -----------------------------------
    dialect = POSTGRES

    @contextmanager
    def write_transaction(self) -> Iterator[_Connection]:
        with self._transaction():
            yield _Connection(self._pg.raw, tuples=True)

    # -- writing --------------------------------------------------------------
    def save(self, extraction: Extraction, *, replace: bool = False) -> SaveStatus:
        doc_id = extraction.document.id
        if not replace and self.has(doc_id, extraction.pipeline_version):
            return "unchanged"  # cheap early answer; re-checked under the document lock below
        ingested_at = _now()
        rows = flatten(extraction, ingested_at)
        status: SaveStatus
        with self._transaction("cannot store document", doc_id) as conn:
            conn.execute("SELECT pg_advisory_xact_lock(?, hashtext(?))", (_LOCK_DOCUMENT, doc_id))
            status = self._clear_slot(conn, doc_id, extraction.pipeline_version, replace)
            if status == "unchanged":
                return status
            conn.execute("SELECT pg_advisory_xact_lock_shared(?)", (_LOCK_ACTORS,))
            self._insert(conn, "documents", [rows.document])
            conn.executemany(
                ACTOR_UPSERT,
                # Sorted: concurrent writers lock shared actors in one order (no deadlock).
                sorted((*actor, ingested_at) for actor in rows.actors),
            )
            for table in DERIVED_TABLES:
                self._insert(conn, table, rows.tables[table])
        return status

    @staticmethod
    def _delete_document(conn: Any, doc_id: str) -> None:
        actor_ids = sorted(
            r[0] for r in conn.execute(
                "SELECT actor_id FROM document_actors WHERE document_id = ?", (doc_id,)
            ).fetchall()
        )
        conn.execute("DELETE FROM documents WHERE id = ?", (doc_id,))  # cascades
        if actor_ids:
            # Exclusive: no writer may add a mention of an actor while we decide it is unused.
            conn.execute("SELECT pg_advisory_xact_lock(?)", (_LOCK_ACTORS,))
            conn.execute(
                """DELETE FROM actors WHERE id = ANY(?)
                   AND NOT EXISTS (SELECT 1 FROM document_actors WHERE actor_id = actors.id)""",
                (actor_ids,),
            )

    def delete(self, document_id: str) -> None:
        with self._transaction() as conn:
            conn.execute(
                "SELECT pg_advisory_xact_lock(?, hashtext(?))", (_LOCK_DOCUMENT, document_id)
            )
            if conn.execute("SELECT 1 FROM documents WHERE id = ?", (document_id,)).fetchone() is None:
                raise NotFoundError("no such document", source=document_id)
            self._delete_document(conn, document_id)

    # -- full text ------------------------------------------------------------
    def _quote_match(self, text: str) -> tuple[str, list[Any]]:
        expression, params = fts_to_tsquery(text)
        return f"q.tsv @@ {expression}", params

    def search(
        self, query: str, *, limit: int = 20, offset: int = 0,
        literal: bool = False, highlight: tuple[str, str] = ("[", "]"),
    ) -> list[dict[str, Any]]:
        limit, offset = check_page(limit, offset)
        if not query or not query.strip():
            raise QueryError("empty search query")
        if literal:
            query = literal_query(query)
        expression, params = fts_to_tsquery(query)
        want = limit + offset
        options = _headline_options(highlight)
        # Ranks are negated so that, as with FTS5's bm25, lower is better.
        documents = self._query(
            f"""WITH q AS (SELECT {expression} AS query)
                SELECT d.id AS document_id, d.title, d.published,
                       ts_headline('{TS_CONFIG}', coalesce(d.title, '') || E'\\n' || d.text,
                                   q.query, ?) AS snippet,
                       -ts_rank_cd(d.tsv, q.query) AS rank
                FROM documents d, q WHERE d.tsv @@ q.query
                ORDER BY rank, d.pk LIMIT ?""",
            [*params, options, want],
        )
        quotes = self._query(
            f"""WITH q AS (SELECT {expression} AS query)
                SELECT qu.document_id, d.title, d.published, qu.quote_id,
                       coalesce(qu.speaker_name, qu.speaker_text) AS speaker,
                       ts_headline('{TS_CONFIG}', qu.content, q.query, ?) AS snippet,
                       -ts_rank_cd(qu.tsv, q.query) AS rank
                FROM quotes qu JOIN documents d ON d.id = qu.document_id, q
                WHERE qu.tsv @@ q.query
                ORDER BY rank, qu.pk LIMIT ?""",
            [*params, options, want],
        )
        hits = [{"kind": "document", **dict(r), "quote_id": None, "speaker": None} for r in documents]
        hits += [{"kind": "quote", **dict(r)} for r in quotes]
        hits.sort(key=lambda h: h["rank"])
        return hits[offset : offset + limit]

    # -- checks and lifecycle ---------------------------------------------------
    def verify(self) -> list[str]:
        """Every document's derived rows, orphans, and the full-text columns.

        Foreign keys need no check: PostgreSQL enforces them on every write.
        All reads share one snapshot: a writer committing between two of them
        (another process, or a killed client's last COMMIT still landing) would
        otherwise show as a document whose derived rows are missing.
        """
        problems: list[str] = []
        with self._lock, self._pg.raw.transaction():
            self._pg.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            problems += self._orphan_actor_problems()
            for table in ("documents", "quotes"):
                n = self._query(f"SELECT count(*) FROM {table} WHERE tsv IS NULL")[0][0]
                if n:
                    problems.append(f"{table}: {n} rows without a full-text vector")
            problems += self._derived_row_problems()
            return problems + unfused_problems(self)

    def close(self) -> None:
        with self._lock:
            self._pg.raw.close()

