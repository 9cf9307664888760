"""Fused events as groups of ``same`` links: regrouping and the group's aggregate row.

A fused event is a connected group of ``same`` links, built greedily from the
strongest link down and never joining two groups that contain a blocked pair; its
row carries the most common date, place and actors of its members and their
cross-report contradictions (see :mod:`dateline.fusion.engine`).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

from dateline.fusion.matching import EventRecord, contradictions, match
from dateline.fusion.session import Session, load_members
from dateline.store.migrations import utc_now as _now


def new_fused_ids(conn: Session, events: Sequence[str]) -> list[int]:
    """Insert one empty fused event per type in ``events``; their ids, in that order.

    Numbered ``max(id) + 1, + 2, ...`` (one read, one batched insert): the ids that
    one ``insert_id`` per event would give, as nothing else inserts in between."""
    if not events:
        return []
    base = int(conn.execute("SELECT coalesce(max(id), 0) FROM fusion_events").fetchone()[0])
    now = _now()
    ids = [base + 1 + i for i in range(len(events))]
    conn.executemany(
        "INSERT INTO fusion_events (id, event, updated_at) VALUES (?, ?, ?)",
        [(f, e, now) for f, e in zip(ids, events, strict=True)],
    )
    return ids


def regroup(conn: Session, fused_ids: set[int]) -> set[int]:
    """Recompute the fused events covering ``fused_ids`` from their ``same`` links."""
    if not fused_ids:
        return set()
    ids = sorted(fused_ids)
    marks = ", ".join("?" for _ in ids)
    members = load_members(conn, f"fused_id IN ({marks}) ORDER BY fused_id, document_id, event_id", ids)
    records = {r.key: r for r, _ in members}
    old = {r.key: f for r, f in members}
    keys = list(records)
    links = _same_links(conn, keys)
    parent = {k: k for k in keys}

    def find(k: tuple[str, str]) -> tuple[str, str]:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    groups: dict[tuple[str, str], list[EventRecord]] = {k: [records[k]] for k in keys}
    for a_doc, a_ev, b_doc, b_ev, _score in sorted(links, key=lambda r: -r[4]):
        a, b = (a_doc, a_ev), (b_doc, b_ev)
        if a not in parent or b not in parent:
            continue
        ra, rb = find(a), find(b)
        if ra == rb:
            continue
        if any(match(x, y).blocked for x in groups[ra] for y in groups[rb]):
            continue  # one link would chain two incompatible reports together
        parent[rb] = ra
        groups[ra].extend(groups.pop(rb))
    # Reuse each old id for the group holding most of its members; new ids otherwise.
    free = set(ids)
    chosen: list[tuple[int | None, list[EventRecord]]] = []
    for _root, group in sorted(groups.items(), key=lambda kv: -len(kv[1])):
        votes = Counter(f for f in (old[r.key] for r in group) if f is not None and f in free)
        if votes:
            reused: int | None = votes.most_common(1)[0][0]
            free.discard(reused)
        else:
            reused = None  # a new id, allocated below in this order
        chosen.append((reused, group))
    fresh = iter(new_fused_ids(conn, [g[0].event for f, g in chosen if f is None]))
    assigned = [(next(fresh) if f is None else f, group) for f, group in chosen]
    # The writes of all groups, one batched statement each (the rows in group order).
    conn.executemany(
        "UPDATE fusion_members SET fused_id = ? WHERE document_id = ? AND event_id = ?",
        [(fused_id, *r.key) for fused_id, group in assigned for r in group],
    )
    possible = _possible_counts(conn, keys)
    updates, contradiction_rows = [], []
    for fused_id, group in assigned:
        update, rows = _aggregate(fused_id, group, possible)
        updates.append(update)
        contradiction_rows += rows
    conn.executemany(
        """UPDATE fusion_events SET event = ?, date = ?, date_precision = ?, day = ?, location = ?,
           actors = ?, recipients = ?, num_sources = ?, num_mentions = ?, num_documents = ?,
           num_members = ?, asserted = ?, disagreements = ?, possibly_same = ?, updated_at = ?
           WHERE id = ?""",
        updates,
    )
    conn.executemany(
        "DELETE FROM fusion_contradictions WHERE fused_id = ?", [(f,) for f, _ in assigned]
    )
    conn.executemany(
        """INSERT INTO fusion_contradictions (fused_id, idx, attribute, values_json, spans_json,
           sources_json) VALUES (?, ?, ?, ?, ?, ?)""",
        contradiction_rows,
    )
    result = {f for f, _ in assigned}
    if free:
        conn.executemany("DELETE FROM fusion_events WHERE id = ?", [(f,) for f in free])
    return result


def _most_common(values: Iterable[Any]) -> Any:
    counts = Counter(v for v in values if v is not None)
    return counts.most_common(1)[0][0] if counts else None


def _same_links(conn: Session, keys: Sequence[tuple[str, str]]) -> list[Any]:
    """The ``same`` links from each of ``keys`` (a side), per key in order of the keys,
    then by b side (the order the strongest-first merge breaks its ties in)."""
    if not keys:
        return []
    if not conn.dialect.text_arrays:
        # SQLite: plain primary-key lookups (a VALUES join here scanned the link table).
        links: list[Any] = []
        for key in keys:
            links += conn.execute(
                """SELECT a_document, a_event, b_document, b_event, score FROM fusion_links
                   WHERE a_document = ? AND a_event = ? AND relation = 'same'
                   ORDER BY b_document, b_event""",
                key,
            ).fetchall()
        return links
    return list(conn.execute(
        f"""SELECT l.a_document, l.a_event, l.b_document, l.b_event, l.score
            FROM {conn.dialect.unnest(2)} WITH ORDINALITY AS k(d, e, n)
            JOIN fusion_links l ON l.a_document = k.d AND l.a_event = k.e
            WHERE l.relation = 'same' ORDER BY k.n, l.b_document, l.b_event""",
        ([k[0] for k in keys], [k[1] for k in keys]),
    ).fetchall())


def _possible_counts(conn: Session, keys: Sequence[tuple[str, str]]) -> Counter[tuple[str, str]]:
    """Number of ``possible`` links of each key, on either side."""
    counts: Counter[tuple[str, str]] = Counter()
    if not keys:
        return counts
    if not conn.dialect.text_arrays:
        # Plain indexed counts (a side: primary key, b side: fusion_links_b); a VALUES
        # CTE here made SQLite build a Bloom filter over the whole link table.
        for key in keys:
            for side in ("a", "b"):
                counts[key] += conn.execute(
                    f"""SELECT count(*) FROM fusion_links WHERE {side}_document = ? AND {side}_event = ?
                        AND relation = 'possible'""",
                    key,
                ).fetchone()[0]
        return counts
    arrays = ([k[0] for k in keys], [k[1] for k in keys])
    for side in ("a", "b"):
        for d, e, n in conn.execute(
            f"""SELECT k.d, k.e, count(*) FROM {conn.dialect.unnest(2)} AS k(d, e)
                JOIN fusion_links l ON l.{side}_document = k.d AND l.{side}_event = k.e
                WHERE l.relation = 'possible' GROUP BY k.d, k.e""",
            arrays,
        ).fetchall():
            counts[(d, e)] += int(n)
    return counts


def _aggregate(
    fused_id: int, group: list[EventRecord], possible_counts: Counter[tuple[str, str]]
) -> tuple[tuple[Any, ...], list[tuple[Any, ...]]]:
    """Representative attributes, source counts and contradictions of one fused event:
    the ``UPDATE fusion_events`` parameters and the ``fusion_contradictions`` rows."""
    sources = {r.source for r in group}
    first_copy: dict[str, str] = {}
    for r in sorted(group, key=lambda r: (r.document_id != r.source, r.document_id)):
        first_copy.setdefault(r.source, r.document_id)
    counted = [r for r in group if first_copy[r.source] == r.document_id]
    asserted = [r for r in group if r.asserted] or group
    dated = sorted(
        (r for r in asserted if r.date and r.day_lo is not None),
        key=lambda r: ((r.day_hi or 0) - (r.day_lo or 0), r.date or ""),
    )
    best_width = (dated[0].day_hi or 0) - (dated[0].day_lo or 0) if dated else None
    fine = [r for r in dated if (r.day_hi or 0) - (r.day_lo or 0) == best_width]
    the_date = _most_common(r.date for r in fine)
    precision = next((r.date_precision for r in fine if r.date == the_date), None)
    locations = [r.location for r in asserted if r.location is not None]
    location = _most_common(json.dumps(loc.to_dict(), sort_keys=True) for loc in locations)
    actors = [a for a, _ in Counter(a for r in group for a in r.actors).most_common()]
    recipients = [a for a, _ in Counter(a for r in group for a in r.recipients).most_common()]
    found = contradictions(f"fused:{fused_id}", group)
    possible = sum(possible_counts[r.key] for r in group)
    update = (group[0].event, the_date, precision, fine[0].day_lo if fine else None, location,
         json.dumps(actors), json.dumps(recipients), len(sources),
         sum(max(1, len(r.mentions)) for r in counted), len({r.document_id for r in group}),
         len(group), int(any(r.asserted for r in group)), len(found), possible, _now(), fused_id)
    rows = [
        (fused_id, i, c.attribute, json.dumps(c.values),
         json.dumps([s.to_dict() for s in c.spans]), json.dumps(docs))
        for i, (c, docs) in enumerate(found)
    ]
    return update, rows
