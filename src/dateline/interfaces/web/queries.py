"""Aggregates the UI needs beyond the store's interface: chart series, map points,
actor profiles and the speaker list.

Plain parameterised SQL over the store's tables, run through the store interface
(``Store.select``, with ``?`` parameters on every backend); the event filters are
the store's own (``Store.event_filter``), so a chart, the map and the timeline
always agree on what a filter means. What SQLite and PostgreSQL spell differently
comes from the store's dialect (``Store.dialect``). A store that runs no SQL gets a
clear error.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from dateline.errors import NotFoundError, QueryError
from dateline.model import PRONOUNS
from dateline.store.dialect import Dialect

# Months shown at most on a chart axis (20 years).
MAX_MONTHS = 240
# Events listed per map point; the point's count says how many there are in all.
EVENTS_PER_POINT = 25


def _sql(store: Any) -> Any:
    _dialect(store)
    return store.select


def _dialect(store: Any) -> Dialect:
    dialect = getattr(store, "dialect", None)
    if not isinstance(dialect, Dialect):
        raise QueryError("this store backend does not support the web UI's aggregate queries")
    return dialect


def _where(store: Any, filters: dict[str, Any], *extra: str) -> tuple[str, list[Any]]:
    where, params = store.event_filter(filters)
    clauses = [where[len("WHERE "):]] if where else []
    clauses += list(extra)
    return ("WHERE " + " AND ".join(clauses)) if clauses else "", list(params)


def _names(store: Any, ids: Sequence[str]) -> dict[str, str]:
    if not ids:
        return {}
    query = _sql(store)
    names: dict[str, str] = {}
    unique = list(dict.fromkeys(ids))
    for i in range(0, len(unique), 400):
        chunk = unique[i : i + 400]
        marks = ", ".join("?" for _ in chunk)
        for row in query(f"SELECT id, name FROM actors WHERE id IN ({marks})", chunk):
            names[row["id"]] = row["name"]
    return names


def month_range(first: str, last: str) -> list[str]:
    """Every month from ``first`` to ``last`` (YYYY-MM), at most :data:`MAX_MONTHS`."""
    try:
        y, m = int(first[:4]), int(first[5:7])
        y1, m1 = int(last[:4]), int(last[5:7])
    except ValueError:
        return sorted({first, last})
    months: list[str] = []
    while (y, m) <= (y1, m1) and len(months) < MAX_MONTHS:
        months.append(f"{y:04d}-{m:02d}")
        m += 1
        if m > 12:
            y, m = y + 1, 1
    return months


# events.date_key is the store's sortable form of a TIMEX3 date (a week sorts at its
# Monday, a quarter at its first month); year-only and undated events have no month
_MONTH = "substr(e.date_key, 1, 7)"


def _dated(store: Any) -> str:
    return _dialect(store).month_prefix("e.date_key")


def pair_series(store: Any, *, top: int = 8, **filters: Any) -> dict[str, Any]:
    """Events per (actor, recipient) pair per month and quad class, for the ``top`` pairs."""
    query = _sql(store)
    where, params = _where(store, filters, "e.quad_class IS NOT NULL", _dated(store))
    # CROSS JOIN pins events as the outer loop (SQLite keeps that order): one pass over
    # the filtered events with primary-key lookups, 4x faster than the planner's choice
    # of scanning event_actors first on a 100k-event store (PostgreSQL: a plain JOIN)
    cross = _dialect(store).ordered_join
    join = f"""FROM events e
        {cross} event_actors a ON a.document_id = e.document_id AND a.event_id = e.event_id
             AND a.role = 'actor'
        {cross} event_actors r ON r.document_id = e.document_id AND r.event_id = e.event_id
             AND r.role = 'recipient'"""
    pairs = query(
        f"""SELECT a.actor_id AS actor, r.actor_id AS recipient, count(*) AS total {join}
            {where} GROUP BY a.actor_id, r.actor_id ORDER BY total DESC, actor, recipient LIMIT ?""",
        [*params, top],
    )
    if not pairs:
        return {"months": [], "pairs": []}
    keys = [(p["actor"], p["recipient"]) for p in pairs]
    values = ", ".join("(?, ?)" for _ in keys)
    rows = query(
        f"""SELECT a.actor_id AS actor, r.actor_id AS recipient, {_MONTH} AS month,
                   e.quad_class AS q, count(*) AS n {join}
            {where} AND (a.actor_id, r.actor_id) IN (VALUES {values})
            GROUP BY a.actor_id, r.actor_id, month, e.quad_class""",
        [*params, *[v for key in keys for v in key]],
    )
    months_seen = sorted({row["month"] for row in rows})
    months = month_range(months_seen[0], months_seen[-1]) if months_seen else []
    index = {m: i for i, m in enumerate(months)}
    series: dict[tuple[str, str], list[dict[str, Any]]] = {
        key: [{"month": m, "q1": 0, "q2": 0, "q3": 0, "q4": 0} for m in months] for key in keys
    }
    for row in rows:
        i = index.get(row["month"])
        if i is not None and row["q"] in (1, 2, 3, 4):
            series[(row["actor"], row["recipient"])][i][f"q{row['q']}"] += row["n"]
    names = _names(store, [v for key in keys for v in key])
    return {
        "months": months,
        "pairs": [
            {
                "actor": p["actor"], "actor_name": names.get(p["actor"], p["actor"]),
                "recipient": p["recipient"], "recipient_name": names.get(p["recipient"], p["recipient"]),
                "total": p["total"], "series": series[(p["actor"], p["recipient"])],
            }
            for p in pairs
        ],
    }


def located_events(store: Any, *, limit: int = 5000, **filters: Any) -> dict[str, Any]:
    """Events with coordinates, grouped by place (rounded to 0.01 degree)."""
    query = _sql(store)
    where, params = _where(store, filters, "e.location_lat IS NOT NULL", "e.location_lon IS NOT NULL")
    total = int(query(f"SELECT count(*) FROM events e {where}", params)[0][0])
    rows = query(
        f"""SELECT e.document_id, e.event_id, e.event, e.date, e.date_precision, e.quad_class,
                   e.location_name, e.location_country, e.location_lat, e.location_lon, d.title
            FROM events e JOIN documents d ON d.id = e.document_id
            {where} ORDER BY e.date IS NULL, e.date, d.pk, e.idx LIMIT ?""",
        [*params, limit],
    )
    points: dict[tuple[float, float], dict[str, Any]] = {}
    for row in rows:
        key = (round(row["location_lat"], 2), round(row["location_lon"], 2))
        point = points.get(key)
        if point is None:
            point = points[key] = {
                "lat": key[0], "lon": key[1], "name": row["location_name"],
                "country": row["location_country"], "count": 0, "events": [],
            }
        point["count"] += 1
        if len(point["events"]) < EVENTS_PER_POINT:
            point["events"].append({
                "document_id": row["document_id"], "id": row["event_id"], "event": row["event"],
                "date": row["date"], "date_precision": row["date_precision"],
                "quad_class": row["quad_class"], "title": row["title"],
            })
    ordered = sorted(points.values(), key=lambda p: -p["count"])
    return {"total": total, "shown": len(rows), "points": ordered}


def actor_profile(store: Any, actor_id: str, *, limit: int = 200) -> dict[str, Any]:
    """One actor, its events as actor and as recipient, and their counts per month."""
    query = _sql(store)
    found = query(
        "SELECT id, name, code, sector, wikidata, kind, provisional FROM actors WHERE id = ?",
        [actor_id],
    )
    if not found:
        raise NotFoundError("no such actor", source=actor_id)
    actor = dict(found[0])
    actor["provisional"] = bool(actor["provisional"])
    months: dict[str, dict[str, Any]] = {}
    for row in query(
        f"""SELECT {_MONTH} AS month, ea.role AS role, count(*) AS n
            FROM event_actors ea JOIN events e
                 ON e.document_id = ea.document_id AND e.event_id = ea.event_id
            WHERE ea.actor_id = ? AND {_dated(store)} GROUP BY month, ea.role""",
        [actor_id],
    ):
        entry = months.setdefault(row["month"], {"month": row["month"], "as_actor": 0, "as_recipient": 0})
        entry["as_actor" if row["role"] == "actor" else "as_recipient"] += row["n"]
    series = []
    if months:
        ordered = sorted(months)
        series = [months.get(m, {"month": m, "as_actor": 0, "as_recipient": 0})
                  for m in month_range(ordered[0], ordered[-1])]
    as_actor = [e for e in store.timeline(actor=actor_id, limit=limit)
                if actor_id in e.get("actor_ids", [actor_id])]
    as_recipient = [e for e in store.timeline(recipient=actor_id, limit=limit)
                    if actor_id in e.get("recipient_ids", [actor_id])]
    documents = int(query("SELECT count(*) FROM document_actors WHERE actor_id = ?", [actor_id])[0][0])
    quotes = int(query("SELECT count(*) FROM quotes WHERE speaker_actor_id = ?", [actor_id])[0][0])
    return {"actor": actor, "documents": documents, "quotes": quotes, "months": series,
            "as_actor": as_actor, "as_recipient": as_recipient}


def speakers(store: Any, *, limit: int = 200, offset: int = 0) -> list[dict[str, Any]]:
    """Who is quoted, most quoted first; ``key`` is what ``/api/quotes?speaker=`` takes."""
    query = _sql(store)
    rows = query(
        # max(): one value per speaker on both backends (PostgreSQL refuses bare columns).
        """SELECT coalesce(q.speaker_actor_id, q.speaker_name, q.speaker_text) AS key,
                  max(coalesce(a.name, q.speaker_name, q.speaker_text)) AS name,
                  max(q.speaker_actor_id) AS actor_id, count(*) AS quotes
           FROM quotes q LEFT JOIN actors a ON a.id = q.speaker_actor_id
           WHERE coalesce(q.speaker_actor_id, q.speaker_name, q.speaker_text) IS NOT NULL
             AND (q.speaker_actor_id IS NOT NULL OR q.speaker_name IS NOT NULL
                  OR lower(q.speaker_text) NOT IN ({marks}))
           GROUP BY key ORDER BY quotes DESC, name LIMIT ? OFFSET ?""".format(marks=", ".join("?" * len(PRONOUNS))),
        [*sorted(PRONOUNS), limit, offset],
    )
    return [dict(r) for r in rows]
