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

import datetime as dt
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
    """Every month from ``first`` to ``last`` (YYYY-MM); when that is more than
    :data:`MAX_MONTHS`, the most recent ones (a chart shows what happens now)."""
    try:
        y0, m0 = int(first[:4]), int(first[5:7])
        y, m = int(last[:4]), int(last[5:7])
    except ValueError:
        return sorted({first, last})
    months: list[str] = []
    while (y, m) >= (y0, m0) and len(months) < MAX_MONTHS:
        months.append(f"{y:04d}-{m:02d}")
        m -= 1
        if m < 1:
            y, m = y - 1, 12
    return months[::-1]


# events.date_key is the store's sortable form of a TIMEX3 date (a week sorts at its
# Monday, a quarter at its first month); year-only and undated events have no month
_MONTH = "substr(e.date_key, 1, 7)"


# the day an event sorts at (YYYY-MM-DD; a month-precision event: YYYY-MM)
_DAY = "substr(e.date_key, 1, 10)"


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
                "quads": {"q1": 0, "q2": 0, "q3": 0, "q4": 0},
            }
        point["count"] += 1
        if row["quad_class"] in (1, 2, 3, 4):
            point["quads"][f"q{row['quad_class']}"] += 1
        if len(point["events"]) < EVENTS_PER_POINT:
            point["events"].append({
                "document_id": row["document_id"], "id": row["event_id"], "event": row["event"],
                "date": row["date"], "date_precision": row["date_precision"],
                "quad_class": row["quad_class"], "title": row["title"],
            })
    for point in points.values():
        # the colour of a point: its most frequent quad class (ties: the more conflictual)
        counts = point["quads"]
        point["quad_class"] = max((counts[f"q{q}"], q) for q in (1, 2, 3, 4))[1] if any(counts.values()) else None
    ordered = sorted(points.values(), key=lambda p: -p["count"])
    # the dates the located events span whatever the date filter: the map's time control
    undated = {k: v for k, v in filters.items() if k not in ("date_from", "date_to")}
    where_all, params_all = _where(store, undated, "e.location_lat IS NOT NULL",
                                   "e.location_lon IS NOT NULL", _dated(store))
    span = query(f"SELECT min({_DAY}) AS first, max({_DAY}) AS last FROM events e {where_all}", params_all)[0]
    return {"total": total, "shown": len(rows), "points": ordered,
            "extent": {"first": span["first"], "last": span["last"]}}


def actor_profile(store: Any, actor_id: str, *, limit: int = 200, min_confidence: float = 0.0) -> dict[str, Any]:
    """One actor, its events as actor and as recipient, and their counts per month
    (events at or above ``min_confidence``)."""
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
            WHERE ea.actor_id = ? AND e.confidence >= ? AND {_dated(store)} GROUP BY month, ea.role""",
        [actor_id, min_confidence],
    ):
        entry = months.setdefault(row["month"], {"month": row["month"], "as_actor": 0, "as_recipient": 0})
        entry["as_actor" if row["role"] == "actor" else "as_recipient"] += row["n"]
    series: list[dict[str, Any]] = []
    earlier: dict[str, Any] = {"as_actor": 0, "as_recipient": 0, "from": None}
    if months:
        ordered = sorted(months)
        window = month_range(ordered[0], ordered[-1])
        series = [months.get(m, {"month": m, "as_actor": 0, "as_recipient": 0}) for m in window]
        # a span longer than the chart: what falls before its first month is counted here
        for month in ordered:
            if month >= window[0]:
                break
            earlier["from"] = earlier["from"] or month
            for key in ("as_actor", "as_recipient"):
                earlier[key] += months[month][key]
    as_actor, actor_total = _latest_events(store, "actor", actor_id, limit, min_confidence)
    as_recipient, recipient_total = _latest_events(store, "recipient", actor_id, limit, min_confidence)
    documents = int(query("SELECT count(*) FROM document_actors WHERE actor_id = ?", [actor_id])[0][0])
    quotes = int(query("SELECT count(*) FROM quotes WHERE speaker_actor_id = ?", [actor_id])[0][0])
    return {"actor": actor, "documents": documents, "quotes": quotes, "months": series,
            "earlier": earlier, "as_actor": as_actor, "as_recipient": as_recipient,
            "as_actor_total": actor_total, "as_recipient_total": recipient_total}


def _latest_events(store: Any, role: str, actor_id: str, limit: int,
                   min_confidence: float) -> tuple[list[dict[str, Any]], int]:
    """The ``limit`` most recent events with the actor in ``role``, newest first (undated
    last), and how many there are: the timeline's last page, read backwards."""
    filters = {role: actor_id, "min_confidence": min_confidence}
    total = store.count_events(**filters)
    rows = store.timeline(**filters, limit=limit, offset=max(0, total - limit))
    rows = [e for e in rows if actor_id in e.get(f"{role}_ids", [actor_id])]
    dated = [e for e in rows if e.get("date_key", "") != "~" and e.get("date")]
    undated = [e for e in rows if not (e.get("date_key", "") != "~" and e.get("date"))]
    return [*dated[::-1], *undated], total


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


# Buckets at most on a daily / weekly chart (the most recent ones).
MAX_BUCKETS = {"day": 366, "week": 260}
CHART_GROUPS = ("type", "dyad")
# Events dated to a day (or a time of day) by their TIMEX3 value, and to a week: a daily
# chart shows the first only, a weekly chart both (a week-dated event sorts at its Monday).
_DAY_DATED = "(length(e.date) >= 10 AND substr(e.date, 5, 1) = '-' AND substr(e.date, 8, 1) = '-')"
_WEEK_DATED = "substr(e.date, 5, 2) = '-W'"


def _dyad_join(store: Any, outer: bool) -> str:
    join = "LEFT JOIN" if outer else _dialect(store).ordered_join
    return f"""{join} event_actors a ON a.document_id = e.document_id AND a.event_id = e.event_id
             AND a.role = 'actor'
        {join} event_actors r ON r.document_id = e.document_id AND r.event_id = e.event_id
             AND r.role = 'recipient'"""


def _monday(day: str) -> str:
    return (dt.date.fromisoformat(day) - dt.timedelta(days=dt.date.fromisoformat(day).weekday())).isoformat()


def _bucket_range(first: str, last: str, bucket: str) -> list[str]:
    step = dt.timedelta(days=7 if bucket == "week" else 1)
    out: list[str] = []
    day, start = dt.date.fromisoformat(last), dt.date.fromisoformat(first)
    while day >= start and len(out) < MAX_BUCKETS[bucket]:
        out.append(day.isoformat())
        day -= step
    return out[::-1]


def event_counts(store: Any, *, group: str = "type", bucket: str = "day", top: int = 8,
                 **filters: Any) -> dict[str, Any]:
    """Events per day (or ISO week, by its Monday) for the ``top`` event types or
    actor -> recipient dyads, the rest summed as ``other``. A dyad counts an event once
    per (actor, recipient) pair; events without both are left out of the dyad chart."""
    if group not in CHART_GROUPS or bucket not in MAX_BUCKETS:
        raise QueryError(f"group is one of {', '.join(CHART_GROUPS)}; bucket is day or week")
    query = _sql(store)
    precise = _DAY_DATED if bucket == "day" else f"({_DAY_DATED} OR {_WEEK_DATED})"
    where, params = _where(store, filters, precise)
    if group == "type":
        rows = query(f"""SELECT {_DAY} AS day, e.event AS key, '' AS other, max(e.quad_class) AS q,
                                count(*) AS n FROM events e {where} GROUP BY day, e.event""", params)
    else:
        rows = query(f"""SELECT {_DAY} AS day, a.actor_id AS key, r.actor_id AS other, 0 AS q,
                                count(*) AS n FROM events e {_dyad_join(store, False)}
                         {where} GROUP BY day, a.actor_id, r.actor_id""", params)
    counts: dict[tuple[str, str], dict[str, int]] = {}
    quads: dict[tuple[str, str], int] = {}
    per_bucket: dict[str, int] = {}  # all series together: "other" is what the top leave
    bucket_of: dict[str, str | None] = {}
    for row in rows:
        day = row["day"]
        if day not in bucket_of:
            try:
                bucket_of[day] = day if bucket == "day" else _monday(day)
            except ValueError:
                bucket_of[day] = None
        b = bucket_of[day]
        if b is None:
            continue
        key, n = (row["key"], row["other"]), int(row["n"])
        series_counts = counts.setdefault(key, {})
        series_counts[b] = series_counts.get(b, 0) + n
        per_bucket[b] = per_bucket.get(b, 0) + n
        quads[key] = max(quads.get(key, 0), int(row["q"] or 0))
    if not per_bucket:
        return {"group": group, "bucket": bucket, "buckets": [], "series": [], "other": None,
                "total": 0, "earlier": 0}
    buckets = _bucket_range(min(per_bucket), max(per_bucket), bucket)
    totals = {key: sum(c.values()) for key, c in counts.items()}
    ranked = sorted(totals, key=lambda k: (-totals[k], k))
    names = _names(store, [v for k in ranked[:top] for v in k]) if group == "dyad" else {}
    lines = {k: [counts[k].get(b, 0) for b in buckets] for k in ranked[:top]}
    series: list[dict[str, Any]] = [{
        "key": k[0] if group == "type" else f"{k[0]}>{k[1]}",
        "label": k[0] if group == "type" else f"{names.get(k[0], k[0])} → {names.get(k[1], k[1])}",
        "actor": None if group == "type" else k[0], "recipient": None if group == "type" else k[1],
        "quad_class": quads.get(k) or None, "total": totals[k],
        "counts": lines[k],
    } for k in ranked[:top]]
    rest = ranked[top:]
    other = None
    if rest:
        shown = [per_bucket.get(b, 0) - sum(line[i] for line in lines.values()) for i, b in enumerate(buckets)]
        other = {"label": f"{len(rest)} other", "total": sum(totals[k] for k in rest), "counts": shown}
    earlier = sum(n for b, n in per_bucket.items() if b < buckets[0])
    return {"group": group, "bucket": bucket, "buckets": buckets, "series": series, "other": other,
            "total": sum(totals.values()), "earlier": earlier}


def dyad_counts(store: Any, *, limit: int = 1000, offset: int = 0, **filters: Any) -> list[dict[str, Any]]:
    """Events per day, actor, recipient and PLOVER type (GDELT-style daily counts).

    Day-dated events only; an event with several actors or recipients counts once per
    pair; a missing actor or recipient is ``null``."""
    query = _sql(store)
    where, params = _where(store, filters, _DAY_DATED)
    rows = query(
        f"""SELECT {_DAY} AS day, a.actor_id AS actor, r.actor_id AS recipient, e.event AS event,
                   max(e.quad_class) AS quad_class, count(*) AS events
            FROM events e {_dyad_join(store, True)} {where}
            GROUP BY day, a.actor_id, r.actor_id, e.event
            ORDER BY day, coalesce(a.actor_id, ''), coalesce(r.actor_id, ''), e.event
            LIMIT ? OFFSET ?""",
        [*params, limit, offset],
    )
    names = _names(store, [v for row in rows for v in (row["actor"], row["recipient"]) if v])
    return [{
        "date": row["day"], "actor": row["actor"], "actor_name": names.get(row["actor"]),
        "recipient": row["recipient"], "recipient_name": names.get(row["recipient"]),
        "event": row["event"], "quad_class": row["quad_class"], "events": int(row["events"]),
    } for row in rows]
