"""The SQL both backends run identically: every read query, the shared write steps.

:class:`SQLStore` is the base of :class:`~dateline.store.sqlite.SQLiteStore` and
:class:`~dateline.store.postgres.PostgresStore`. Its SQL is written once, with ``?``
parameters and SQLite's spelling; the PostgreSQL connection adapter translates the
two differences it meets (``?`` -> ``%s``, ``LIKE`` -> ``ILIKE``: SQLite's LIKE
ignores ASCII case). A backend supplies the connection (:meth:`SQLStore._query`),
locking, save/delete, full-text search (:meth:`SQLStore._quote_match`), migrations
and its own checks in ``verify``.
"""

from __future__ import annotations

import json
from abc import abstractmethod
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from dateline.errors import NotFoundError, QueryError
from dateline.model import Extraction
from dateline.store.base import (
    DEFAULT_LIMIT,
    UNFUSED_SQL,
    SaveStatus,
    Store,
    check_page,
    is_newer,
    like_pattern,
    version_key,
)
from dateline.store.dialect import chunks
from dateline.store.rows import (
    COLUMNS,
    DERIVED_TABLES,
    UNDATED_KEY,
    date_key,
    decode_extraction,
    expected_counts,
    quote_dict,
    span_row_dict,
)

# Served by the events_timeline index: by date, undated last, then reading order.
_CHRONOLOGICAL = "e.date_key, e.document_id, e.idx"
# Above this many events, a context/aux filter walks the chronological index.
_COMMON_TAG = 2_000

# A document's actors update the shared actor table: a name is replaced, a known
# code, sector, Wikidata id or kind is never blanked by a document that lacks it.
ACTOR_UPSERT = """INSERT INTO actors (id, name, code, sector, wikidata, kind, provisional, updated_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT (id) DO UPDATE SET
      name = excluded.name,
      code = coalesce(excluded.code, actors.code),
      sector = coalesce(excluded.sector, actors.sector),
      wikidata = coalesce(excluded.wikidata, actors.wikidata),
      kind = coalesce(excluded.kind, actors.kind),
      provisional = excluded.provisional,
      updated_at = excluded.updated_at"""


def _add_equals(where: list[str], params: list[Any], conditions: Iterable[tuple[str, Any]]) -> None:
    """``column = ?`` for each condition whose value is given (``None`` and ``""``
    mean "no filter"; 0 and False are values)."""
    for column, value in conditions:
        if value is not None and value != "":
            where.append(f"{column} = ?")
            params.append(value)


def _loads(value: str | None, default: Any) -> Any:
    return default if value is None else json.loads(value)


class SQLStore(Store):
    """The queries and write steps both SQL backends share (see the module doc)."""

    path: str

    @abstractmethod
    def _query(self, sql: str, params: Sequence[Any] = ()) -> list[Any]:
        """Rows (readable by name and position) of one read query with ``?`` parameters."""

    @abstractmethod
    def _quote_match(self, text: str) -> tuple[str, list[Any]]:
        """``(condition, params)`` over ``quotes q``: the quote matches full-text ``text``."""

    def _text_query(self, sql: str, params: Sequence[Any], query: str | None) -> list[Any]:
        """Run a query holding a full-text condition (a backend turns its syntax errors
        into :class:`~dateline.errors.QueryError`)."""
        return self._query(sql, params)

    # -- SQL for other layers (Store interface) -----------------------------------
    def select(self, sql: str, params: Sequence[Any] = ()) -> list[Any]:
        return self._query(sql, params)

    def event_filter(self, filters: dict[str, Any]) -> tuple[str, list[Any]]:
        return self._filters(filters)

    # -- writing (inside a backend's write transaction) ---------------------------
    @staticmethod
    @abstractmethod
    def _delete_document(conn: Any, doc_id: str) -> None:
        """Inside a write transaction: delete a document, its rows, and unused actors."""

    def _clear_slot(self, conn: Any, doc_id: str, version: str, replace: bool) -> SaveStatus:
        """Make room for a document inside the write transaction: ``"unchanged"`` when
        the stored copy stays (same or newer pipeline and no ``replace``), else the
        stored copy is deleted (``"replaced"``) or there was none (``"stored"``)."""
        stored = conn.execute("SELECT pipeline_version FROM documents WHERE id = ?", (doc_id,)).fetchone()
        if stored is None:
            return "stored"
        if not replace and not is_newer(version, stored[0]):
            return "unchanged"
        self._delete_document(conn, doc_id)
        return "replaced"

    @staticmethod
    def _insert(conn: Any, table: str, rows: list[tuple[Any, ...]]) -> None:
        if rows:
            cols = COLUMNS[table]
            marks = ", ".join("?" for _ in cols)
            conn.executemany(f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({marks})", rows)


    # -- reading documents ----------------------------------------------------
    def has(self, document_id: str, pipeline_version: str | None = None) -> bool:
        rows = self._query("SELECT pipeline_version FROM documents WHERE id = ?", (document_id,))
        if not rows:
            return False
        if pipeline_version is None:
            return True
        return version_key(rows[0][0]) >= version_key(pipeline_version)

    def stored_ids(
        self, document_ids: Iterable[str], pipeline_version: str | None = None
    ) -> set[str]:
        found: set[str] = set()
        for chunk in chunks(list(dict.fromkeys(document_ids))):
            marks = ", ".join("?" for _ in chunk)
            for row in self._query(
                f"SELECT id, pipeline_version FROM documents WHERE id IN ({marks})", list(chunk)
            ):
                if pipeline_version is None or version_key(row[1]) >= version_key(pipeline_version):
                    found.add(row[0])
        return found

    @staticmethod
    def _extraction(text: str, data: bytes | str) -> Extraction:
        parsed = decode_extraction(data)  # bytes (SQLite) or a memoryview (PostgreSQL)
        parsed["document"]["text"] = text
        return Extraction.from_dict(parsed)

    def get(self, document_id: str) -> Extraction:
        rows = self._query("SELECT text, extraction FROM documents WHERE id = ?", (document_id,))
        if not rows:
            raise NotFoundError("no such document", source=document_id)
        return self._extraction(rows[0][0], rows[0][1])

    def iter_extractions(self, document_ids: Iterable[str] | None = None) -> Iterator[Extraction]:
        if document_ids is not None:
            ids = list(dict.fromkeys(document_ids))
            for chunk in chunks(ids):
                marks = ", ".join("?" for _ in chunk)
                rows = self._query(
                    f"SELECT text, extraction FROM documents WHERE id IN ({marks}) ORDER BY pk",
                    list(chunk),
                )
                for row in rows:
                    yield self._extraction(row[0], row[1])
            return
        last = 0
        while True:  # keyset pages: no cursor is held open between yields
            rows = self._query(
                "SELECT pk, text, extraction FROM documents WHERE pk > ? ORDER BY pk LIMIT 100",
                (last,),
            )
            if not rows:
                return
            for row in rows:
                yield self._extraction(row[1], row[2])
            last = rows[-1][0]

    # -- queries --------------------------------------------------------------
    def documents(
        self, *, publisher: str | None = None, title: str | None = None,
        date_from: str | None = None, date_to: str | None = None,
        limit: int = DEFAULT_LIMIT, offset: int = 0,
    ) -> list[dict[str, Any]]:
        limit, offset = check_page(limit, offset)
        where, params = [], []
        if publisher:
            where.append("d.publisher LIKE ? ESCAPE '\\'")
            params.append(like_pattern(publisher))
        if title:
            where.append("d.title LIKE ? ESCAPE '\\'")
            params.append(like_pattern(title))
        if date_from:
            where.append("d.published >= ?")
            params.append(date_from)
        if date_to:
            where.append("d.published <= ?")
            params.append(date_to + "~")  # "~" sorts after every ISO date character
        sql = f"""
            SELECT d.id, d.title, d.published, d.published_source, d.publisher, d.byline,
                   d.url, d.language, d.source, d.external_id, d.pipeline_version,
                   d.ingested_at, d.layers, d.warnings, length(d.text) AS n_chars,
                   (SELECT count(*) FROM sentences s WHERE s.document_id = d.id) AS n_sentences,
                   (SELECT count(*) FROM events e WHERE e.document_id = d.id) AS n_events,
                   (SELECT count(*) FROM quotes q WHERE q.document_id = d.id) AS n_quotes
            FROM documents d {"WHERE " + " AND ".join(where) if where else ""}
            ORDER BY d.published DESC NULLS LAST, d.pk DESC
            LIMIT ? OFFSET ?"""
        out = []
        for row in self._query(sql, [*params, limit, offset]):
            item = dict(row)
            item["layers"] = _loads(item["layers"], [])
            item["warnings"] = _loads(item["warnings"], [])
            out.append(item)
        return out

    def _event_where(
        self, *, actor: str | None = None, recipient: str | None = None,
        event_type: str | None = None, quad_class: int | None = None,
        context: str | None = None, date_from: str | None = None, date_to: str | None = None,
        aux: str | None = None, include_negated: bool = True, include_future: bool = True,
        asserted: bool | None = None, document_id: str | None = None,
        min_confidence: float | None = None,
    ) -> tuple[str, list[Any]]:
        where: list[str] = []
        params: list[Any] = []
        if min_confidence:
            where.append("e.confidence >= ?")
            params.append(float(min_confidence))
        for role, value in (("actor", actor), ("recipient", recipient)):
            if value:
                # Correlated EXISTS: SQLite walks the chronological index and stops when
                # a page is full (an IN-subquery would collect and sort every match first:
                # 85 ms -> 3 ms for a common actor on 100k events).
                where.append(
                    """EXISTS (SELECT 1 FROM event_actors ea
                        WHERE ea.document_id = e.document_id AND ea.event_id = e.event_id
                        AND ea.role = ? AND ea.actor_id IN (
                            SELECT a.id FROM actors a
                            WHERE a.id = ? OR a.code = ? OR a.name LIKE ? ESCAPE '\\'))"""
                )
                params += [role, value, value.upper(), like_pattern(value)]
        _add_equals(where, params, (
            ("e.event", event_type.upper() if event_type else None),
            ("e.quad_class", None if quad_class is None else int(quad_class)),
        ))
        for tag_type, value in (("context", context), ("aux", aux)):
            if value:
                # A common tag: walk the chronological index probing each event (a page
                # fills fast); a rare one: collect its few events and sort them. Counting
                # first (a covering-index range) picks the plan that stays fast.
                common = self._query(
                    "SELECT count(*) FROM event_tags WHERE tag_type = ? AND value = ?",
                    (tag_type, value),
                )[0][0] > _COMMON_TAG
                if common:
                    where.append(
                        """EXISTS (SELECT 1 FROM event_tags t WHERE t.document_id = e.document_id
                            AND t.event_id = e.event_id AND t.tag_type = ? AND t.value = ?)"""
                    )
                else:
                    where.append(
                        """(e.document_id, e.event_id) IN (SELECT t.document_id, t.event_id
                            FROM event_tags t WHERE t.tag_type = ? AND t.value = ?)"""
                    )
                params += [tag_type, value]
        if date_from or date_to:
            # Bounds go through date_key too, so "2024-W11" compares as 2024-03-11.
            date_from = date_key(date_from) if date_from else None
            date_to = date_key(date_to) if date_to else None
            if UNDATED_KEY in (date_from, date_to):
                raise QueryError("date bounds must be ISO dates (YYYY, YYYY-MM, YYYY-MM-DD, ...)")
            # On date_key, so one index serves both the range and the chronological order.
            # The upper bound excludes undated events (UNDATED_KEY sorts after every date)
            # and, with "~" appended, includes anything more precise than date_to.
            where.append("e.date_key >= ? AND e.date_key < ?")
            params += [date_from or "", (date_to + "~") if date_to else UNDATED_KEY]
        if not include_negated:
            where.append("e.negated = 0")
        if not include_future:
            where.append("e.future = 0")
        _add_equals(where, params, (
            ("e.asserted", None if asserted is None else int(asserted)),
            ("e.document_id", document_id),
        ))
        return ("WHERE " + " AND ".join(where)) if where else "", params

    def events(self, *, limit: int = DEFAULT_LIMIT, offset: int = 0, **filters: Any) -> list[dict[str, Any]]:
        return self._events(filters, limit, offset, order=_CHRONOLOGICAL)

    def timeline(self, *, limit: int = DEFAULT_LIMIT, offset: int = 0, **filters: Any) -> list[dict[str, Any]]:
        return self._events(filters, limit, offset, order=_CHRONOLOGICAL)

    def count_events(self, **filters: Any) -> int:
        where, params = self._filters(filters)
        return int(self._query(f"SELECT count(*) FROM events e {where}", params)[0][0])

    def _filters(self, filters: dict[str, Any]) -> tuple[str, list[Any]]:
        try:
            return self._event_where(**filters)
        except TypeError as exc:
            raise QueryError(f"unknown event filter: {exc}") from None

    def _events(
        self, filters: dict[str, Any], limit: int, offset: int, order: str
    ) -> list[dict[str, Any]]:
        limit, offset = check_page(limit, offset)
        where, params = self._filters(filters)
        sql = f"""
            SELECT e.*, d.title, d.published, d.publisher,
                   m.start_char AS m_start, m.end_char AS m_end, m.text AS m_text,
                   m.sentence AS m_sentence,
                   s.start_char AS s_start, s.end_char AS s_end,
                   substr(d.text, s.start_char + 1, s.end_char - s.start_char) AS evidence
            FROM events e
            JOIN documents d ON d.id = e.document_id
            LEFT JOIN event_mentions m
                   ON m.document_id = e.document_id AND m.event_id = e.event_id AND m.idx = 0
            LEFT JOIN sentences s ON s.document_id = e.document_id AND s.idx = m.sentence
            {where}
            ORDER BY {order}
            LIMIT ? OFFSET ?"""
        rows = self._query(sql, [*params, limit, offset])
        keys = [(r["document_id"], r["event_id"]) for r in rows]
        actors = self._related(
            keys,
            """SELECT ea.document_id, ea.event_id AS key_id, ea.role, ea.actor_id,
                      coalesce(da.name, a.name) AS name, coalesce(da.code, a.code) AS code,
                      coalesce(da.sector, a.sector) AS sector
               FROM keys k
               JOIN event_actors ea ON ea.document_id = k.document_id AND ea.event_id = k.key_id
               LEFT JOIN document_actors da
                      ON da.document_id = ea.document_id AND da.actor_id = ea.actor_id
               LEFT JOIN actors a ON a.id = ea.actor_id
               ORDER BY ea.role, ea.idx""",
        )
        mentions = self._related(
            keys,
            """SELECT m.document_id, m.event_id AS key_id, m.start_char, m.end_char, m.text,
                      m.sentence
               FROM keys k
               JOIN event_mentions m ON m.document_id = k.document_id AND m.event_id = k.key_id
               ORDER BY m.idx""",
        )
        out = []
        for r in rows:
            key = (r["document_id"], r["event_id"])
            roles: dict[str, list[dict[str, Any]]] = {"actor": [], "recipient": []}
            for a in actors.get(key, []):
                roles[a["role"]].append(
                    {"id": a["actor_id"], "name": a["name"], "code": a["code"], "sector": a["sector"]}
                )
            # counterparts are actors too, so their names come from the actor rows
            counterpart_ids = _loads(r["counterpart"], [])
            counterparts = [a for a in roles["actor"] if a["id"] in counterpart_ids]
            location = None
            if r["location_name"] is not None or r["location_lat"] is not None:
                location = {
                    "name": r["location_name"], "country": r["location_country"],
                    "lat": r["location_lat"], "lon": r["location_lon"],
                    "precision": r["location_precision"],
                }
            evidence = r["evidence"] if r["s_start"] is not None else r["m_text"]
            out.append({
                "document_id": r["document_id"],
                "id": r["event_id"],
                "event": r["event"],
                "mode": r["mode"],
                "context": _loads(r["context"], []),
                "aux": _loads(r["aux"], []),
                "date": r["date"],
                "date_precision": r["date_precision"],
                "quad_class": r["quad_class"],
                "score": r["score"],
                "confidence": r["confidence"],
                "attribution": r["attribution"],
                "size": _loads(r["size"], None),
                "event_text": r["event_text"],
                "negated": bool(r["negated"]),
                "future": bool(r["future"]),
                "asserted": bool(r["asserted"]),
                # Readable names for tables; ids and codes in *_ids / *_detail.
                "actor": [a["name"] or a["id"] for a in roles["actor"]],
                "actor_ids": [a["id"] for a in roles["actor"]],
                "actor_detail": roles["actor"],
                "recipient": [a["name"] or a["id"] for a in roles["recipient"]],
                "recipient_ids": [a["id"] for a in roles["recipient"]],
                "recipient_detail": roles["recipient"],
                "counterpart": [a["name"] or a["id"] for a in counterparts],
                "counterpart_ids": [a["id"] for a in counterparts],
                "location": None if location is None else location["name"],
                "location_detail": location,
                "mentions": [
                    {"start": m["start_char"], "end": m["end_char"], "text": m["text"],
                     "sentence": m["sentence"]}
                    for m in mentions.get(key, [])
                ],
                "evidence": evidence,
                "evidence_span": None if r["s_start"] is None
                else {"start": r["s_start"], "end": r["s_end"], "sentence": r["m_sentence"]},
                "title": r["title"],
                "published": r["published"],
                "publisher": r["publisher"],
            })
        return out

    def _related(
        self, keys: Sequence[tuple[str, str]], sql: str
    ) -> dict[tuple[str, str], list[Any]]:
        """Child rows for ``(document_id, key_id)`` pairs, fetched in chunks.

        ``sql`` selects ``document_id`` and ``key_id`` from a join with ``keys``,
        a CTE of the pairs: joining (rather than ``(a, b) IN (VALUES ...)``) lets
        SQLite look each pair up by primary key instead of scanning the table.
        """
        found: dict[tuple[str, str], list[Any]] = {}
        for chunk in chunks(list(dict.fromkeys(keys))):
            values = ", ".join("(?, ?)" for _ in chunk)
            params = [v for key in chunk for v in key]
            cte = f"WITH keys(document_id, key_id) AS (VALUES {values}) "
            for row in self._query(cte + sql, params):
                found.setdefault((row["document_id"], row["key_id"]), []).append(row)
        return found

    def quotes(
        self, *, speaker: str | None = None, text: str | None = None,
        document_id: str | None = None, limit: int = DEFAULT_LIMIT, offset: int = 0,
    ) -> list[dict[str, Any]]:
        limit, offset = check_page(limit, offset)
        where, params = [], []
        if speaker:
            where.append(
                "(q.speaker_actor_id = ? OR q.speaker_name LIKE ? ESCAPE '\\' "
                "OR q.speaker_text LIKE ? ESCAPE '\\')"
            )
            params += [speaker, like_pattern(speaker), like_pattern(speaker)]
        if text:
            condition, text_params = self._quote_match(text)
            where.append(condition)
            params += text_params
        if document_id:
            where.append("q.document_id = ?")
            params.append(document_id)
        sql = f"""
            SELECT q.*, d.title, d.published FROM quotes q JOIN documents d ON d.id = q.document_id
            {"WHERE " + " AND ".join(where) if where else ""}
            ORDER BY d.pk, q.idx LIMIT ? OFFSET ?"""
        rows = self._text_query(sql, [*params, limit, offset], text)
        found = self._related(
            [(r["document_id"], r["quote_id"]) for r in rows],
            """SELECT s.document_id, s.quote_id AS key_id, s.start_char, s.end_char, s.text,
                      s.sentence
               FROM keys k
               JOIN quote_spans s ON s.document_id = k.document_id AND s.quote_id = k.key_id
               ORDER BY s.idx""",
        )
        spans = {key: [span_row_dict(s) for s in span_rows] for key, span_rows in found.items()}
        return [quote_dict(r, spans.get((r["document_id"], r["quote_id"]), [])) for r in rows]

    def actors(
        self, *, name: str | None = None, code: str | None = None, kind: str | None = None,
        document_id: str | None = None, actor_id: str | None = None,
        limit: int = DEFAULT_LIMIT, offset: int = 0,
    ) -> list[dict[str, Any]]:
        limit, offset = check_page(limit, offset)
        where, params = [], []
        if name:
            where.append("a.name LIKE ? ESCAPE '\\'")
            params.append(like_pattern(name))
        _add_equals(where, params, (
            ("a.code", code.upper() if code else None),
            ("a.kind", kind),
            ("da.document_id", document_id),
            ("a.id", actor_id),
        ))
        rows = self._query(
            f"""SELECT a.id, a.name, a.code, a.sector, a.wikidata, a.kind, a.provisional,
                       count(da.document_id) AS documents, coalesce(sum(da.n_mentions), 0) AS mentions
                FROM actors a JOIN document_actors da ON da.actor_id = a.id
                {"WHERE " + " AND ".join(where) if where else ""}
                GROUP BY a.id ORDER BY mentions DESC, a.name LIMIT ? OFFSET ?""",
            [*params, limit, offset],
        )
        roles: dict[tuple[str, str], int] = {}
        ids = [r["id"] for r in rows]
        for chunk in chunks(ids):
            marks = ", ".join("?" for _ in chunk)
            for r in self._query(
                f"""SELECT actor_id, role, count(*) AS n FROM event_actors
                    WHERE actor_id IN ({marks}) GROUP BY actor_id, role""",
                list(chunk),
            ):
                roles[(r["actor_id"], r["role"])] = r["n"]
        out = []
        for r in rows:
            item = dict(r)
            item["provisional"] = bool(item["provisional"])
            item["events_as_actor"] = roles.get((r["id"], "actor"), 0)
            item["events_as_recipient"] = roles.get((r["id"], "recipient"), 0)
            out.append(item)
        return out

    def places(
        self, *, name: str | None = None, country: str | None = None,
        document_id: str | None = None, limit: int = DEFAULT_LIMIT, offset: int = 0,
    ) -> list[dict[str, Any]]:
        limit, offset = check_page(limit, offset)
        where, params = [], []
        if name:
            where.append("p.name LIKE ? ESCAPE '\\'")
            params.append(like_pattern(name))
        _add_equals(where, params, (("p.country", country.upper() if country else None), ("p.document_id", document_id)))
        rows = self._query(
            f"""SELECT p.*, d.title, d.published FROM places p JOIN documents d ON d.id = p.document_id
                {"WHERE " + " AND ".join(where) if where else ""}
                ORDER BY d.pk, p.idx LIMIT ? OFFSET ?""",
            [*params, limit, offset],
        )
        return [
            {
                "document_id": r["document_id"], "name": r["name"], "country": r["country"],
                "lat": r["lat"], "lon": r["lon"], "precision": r["precision"],
                "geonameid": r["geonameid"],
                "span": {"start": r["start_char"], "end": r["end_char"], "text": r["text"]},
                "sentence": r["sentence"], "title": r["title"], "published": r["published"],
            }
            for r in rows
        ]

    def contradictions(
        self, *, document_id: str | None = None, event_id: str | None = None,
        attribute: str | None = None, limit: int = DEFAULT_LIMIT, offset: int = 0,
    ) -> list[dict[str, Any]]:
        limit, offset = check_page(limit, offset)
        where: list[str] = []
        params: list[Any] = []
        _add_equals(where, params, (("c.document_id", document_id), ("c.event_id", event_id), ("c.attribute", attribute)))
        rows = self._query(
            f"""SELECT c.*, e.event, e.date, d.title, d.published
                FROM contradictions c JOIN documents d ON d.id = c.document_id
                LEFT JOIN events e ON e.document_id = c.document_id AND e.event_id = c.event_id
                {"WHERE " + " AND ".join(where) if where else ""}
                ORDER BY d.pk, c.idx LIMIT ? OFFSET ?""",
            [*params, limit, offset],
        )
        return [
            {
                "document_id": r["document_id"], "event_id": r["event_id"],
                "attribute": r["attribute"], "values": json.loads(r["values_json"]),
                "spans": json.loads(r["spans_json"]), "event": r["event"], "date": r["date"],
                "title": r["title"], "published": r["published"],
            }
            for r in rows
        ]

    def stats(self) -> dict[str, Any]:
        tables = ("documents", "actors", *DERIVED_TABLES)
        counts = {t: int(self._query(f"SELECT count(*) FROM {t}")[0][0]) for t in tables}
        publishers = {
            (r[0] if r[0] is not None else "(unknown)"): r[1]
            for r in self._query(
                "SELECT publisher, count(*) FROM documents GROUP BY publisher ORDER BY count(*) DESC, publisher"
            )
        }
        types = {
            r[0]: r[1]
            for r in self._query("SELECT event, count(*) FROM events GROUP BY event ORDER BY count(*) DESC, event")
        }
        published = self._query("SELECT min(published), max(published) FROM documents")[0]
        dated = self._query("SELECT min(date), max(date) FROM events")[0]
        undated = self._query("SELECT count(*) FROM documents WHERE published IS NULL")[0][0]
        unfused = self._query(UNFUSED_SQL.format(columns="count(*)"))[0][0]
        versions = {
            r[0]: r[1]
            for r in self._query("SELECT pipeline_version, count(*) FROM documents GROUP BY pipeline_version")
        }
        return {
            "db": self.url,
            "documents": counts["documents"],
            "tables": counts,
            "publishers": publishers,
            "event_types": types,
            "published": {"first": published[0], "last": published[1], "undated": undated},
            "event_dates": {"first": dated[0], "last": dated[1]},
            "pipeline_versions": versions,
            # stored but never fused (a crash between save and fusion): ingest fuses them
            "unfused": int(unfused),
        }


    # -- checks shared by both backends' verify() ----------------------------------
    def _orphan_actor_problems(self) -> list[str]:
        return [
            f"actor {r[0]} is mentioned by no document"
            for r in self._query(
                "SELECT id FROM actors WHERE NOT EXISTS "
                "(SELECT 1 FROM document_actors da WHERE da.actor_id = actors.id)"
            )
        ]

    def _derived_row_problems(self) -> list[str]:
        """Every document's derived rows against what its stored extraction holds."""
        problems: list[str] = []
        stored: dict[str, dict[str, int]] = {t: {} for t in DERIVED_TABLES}
        for table in DERIVED_TABLES:
            for r in self._query(f"SELECT document_id, count(*) FROM {table} GROUP BY document_id"):
                stored[table][r[0]] = r[1]
        for r in self._query("SELECT id, extraction FROM documents"):
            expected = expected_counts(decode_extraction(r[1]))
            for table, n in expected.items():
                got = stored[table].pop(r[0], 0)
                if got != n:
                    problems.append(f"document {r[0]}: {table} has {got} rows, expected {n}")
        for table, left in stored.items():
            for doc_id in left:
                problems.append(f"{table} has rows for missing document {doc_id}")
        return problems
