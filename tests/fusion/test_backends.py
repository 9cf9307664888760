"""One fusion record whatever the store: SQLite and PostgreSQL fed the same reports agree.

The reports are invented here (a port strike reported by several outlets, a copy,
a denial, an undated rumour, talks elsewhere); the PostgreSQL half needs
``DATELINE_TEST_POSTGRES`` and skips without it.
"""

from __future__ import annotations

import threading
from typing import Any

import pytest
from tests.store.pg import backend_store, needs_postgres, schema_url

from dateline.fusion import engine
from dateline.model import Extraction, Location
from dateline.store import open_store
from dateline.store.base import Store

from .conftest import LVIV, report

ODESA = Location("Odesa", "UA", 46.48, 30.73, "city")
ISTANBUL = Location("Istanbul", "TR", 41.01, 28.98, "city")

PORT = (
    "A swarm of drones struck grain silos in the port of Odesa before dawn on Tuesday, the "
    "southern military command said. Two dock workers were killed and a warehouse burned for "
    "hours; loading of two ships was suspended while fire crews cooled the tanks."
)
PORT_LOCAL = (
    "Four people died when drones hit the Odesa docks early on Tuesday, a city councillor told "
    "reporters, adding that the blaze at a grain terminal was put out by noon. Officials gave "
    "no estimate of how much grain was lost in the attack on the harbour."
)
DENIAL = (
    "The port authority said on Thursday that no silo was struck in Odesa on Tuesday and that "
    "the fire was caused by a faulty conveyor, contradicting earlier statements by the army."
)
RUMOUR = (
    "Residents shared videos of smoke over the harbour of Odesa, but it was unclear when the "
    "footage was filmed and whether drones had struck the port at all."
)
WEST = (
    "Drones struck an electricity substation on the edge of Lviv on Tuesday, cutting power to "
    "several villages; repair crews restored supply by the evening, the regional office said."
)
TALKS = (
    "Negotiators met in Istanbul on Wednesday to discuss extending the corridor for grain ships, "
    "with mediators saying both delegations agreed to meet again within a fortnight."
)


def corpus() -> list[Extraction]:
    day = "2023-03-14"
    return [
        report("port-wire", PORT, day, [
            {"date": day, "location": ODESA, "size": {"dead": 2}, "trigger": "struck"}],
            title="Drones hit Odesa port"),
        report("port-local", PORT_LOCAL, day, [
            {"date": day, "location": ODESA, "size": {"dead": 4}, "trigger": "hit"}]),
        report("port-copy", PORT + " Additional reporting from the desk.", "2023-03-15", [
            {"date": day, "location": ODESA, "size": {"dead": 2}, "trigger": "struck"}]),
        report("west", WEST, day, [{"date": day, "location": LVIV, "trigger": "struck"}]),
        report("denial", DENIAL, "2023-03-16", [
            {"date": day, "location": ODESA, "aux": ["negation"], "trigger": "struck"}]),
        report("rumour", RUMOUR, None, [{"location": ODESA, "trigger": "struck"}]),
        report("talks", TALKS, "2023-03-15", [
            {"event": "CONSULT", "date": "2023-03-15", "location": ISTANBUL, "trigger": "met",
             "actor": ["country:UKR"], "recipient": ["country:RUS"]}],
            actors=("country:UKR", "country:RUS", "country:TUR")),
    ]


def ingest(store: Store, extractions: list[Extraction]) -> list[dict[str, Any]]:
    reports = []
    for extraction in extractions:
        store.save(extraction)
        reports.append(vars(engine.fuse_document(store, extraction)))
    return reports


def snapshot(store: Store) -> dict[str, Any]:
    """Everything fusion answers, in the order the query functions give it."""
    documents = [e.document.id for e in corpus()]
    return {
        "fused": engine.fused_events(store),
        "duplicates": engine.duplicates(store),
        "stories": engine.stories(store),
        "contradictions": engine.cross_contradictions(store),
        "links": {d: engine.links(store, document_id=d) for d in documents},
        "of": {d: engine.fused_event_of(store, d, "e0") for d in documents},
    }


def shape(snap: dict[str, Any]) -> list[tuple[Any, ...]]:
    """The fused events without their ids (a rebuild may number them differently)."""
    return sorted(
        (f["event"], f["date"] or "", tuple(s["document_id"] for s in f["sources"]), f["num_sources"],
         f["num_mentions"], tuple(c["attribute"] for c in f["contradictions"]),
         len(f["possibly_same_as"]))
        for f in snap["fused"]
    )


@pytest.fixture
def sqlite_snapshot() -> tuple[list[dict[str, Any]], dict[str, Any]]:
    with backend_store("sqlite") as store:
        reports = ingest(store, corpus())
        return reports, snapshot(store)


def test_the_corpus_exercises_every_part_of_fusion(sqlite_snapshot) -> None:  # type: ignore[no-untyped-def]
    reports, snap = sqlite_snapshot
    assert snap["duplicates"] == [
        {"document_id": "port-copy", "duplicate_of": "port-wire",
         "similarity": reports[2]["duplicate_similarity"]}]
    port = next(f for f in snap["fused"] if len(f["sources"]) >= 3)
    assert {s["document_id"] for s in port["sources"]} >= {"port-wire", "port-local", "port-copy"}
    assert {c["attribute"] for c in port["contradictions"]} >= {"size.dead"}
    assert snap["of"]["west"] != snap["of"]["port-wire"]  # another town the same day
    assert len(snap["stories"]) >= 2
    assert any(f["possibly_same_as"] for f in snap["fused"])


@needs_postgres
def test_postgres_fuses_exactly_like_sqlite(sqlite_snapshot) -> None:  # type: ignore[no-untyped-def]
    reports, expected = sqlite_snapshot
    with backend_store("postgresql") as store:
        assert ingest(store, corpus()) == reports
        got = snapshot(store)
    for part in expected:
        assert got[part] == expected[part], part


@needs_postgres
def test_refuse_all_on_postgres_rebuilds_the_sqlite_record(sqlite_snapshot) -> None:  # type: ignore[no-untyped-def]
    _reports, incremental = sqlite_snapshot
    with backend_store("sqlite") as lite, backend_store("postgresql") as pg:
        for store in (lite, pg):
            ingest(store, corpus())
            # Replace one report (a corrected town) without fusing it: the rebuild must see it.
            moved = report("port-local", PORT_LOCAL, "2023-03-14", [
                {"date": "2023-03-14", "location": LVIV, "size": {"dead": 4}, "trigger": "hit"}])
            store.save(moved, replace=True)
            assert engine.refuse_all(store) == len(corpus())
        rebuilt = snapshot(pg)
        assert rebuilt == snapshot(lite)
        assert shape(rebuilt) != shape(incremental)  # the corrected report moved
        # Rebuilding twice changes nothing, ids included.
        engine.refuse_all(pg)
        assert snapshot(pg) == rebuilt


@needs_postgres
def test_refuse_all_on_postgres_is_the_incremental_record() -> None:
    with backend_store("postgresql") as store:
        ingest(store, corpus())
        before = snapshot(store)
        engine.refuse_all(store)
        after = snapshot(store)
    assert shape(after) == shape(before)
    assert after["duplicates"] == before["duplicates"]
    assert [s["n_documents"] for s in after["stories"]] == [s["n_documents"] for s in before["stories"]]


@needs_postgres
def test_delete_and_prune_agree(sqlite_snapshot) -> None:  # type: ignore[no-untyped-def]
    with backend_store("sqlite") as lite, backend_store("postgresql") as pg:
        for store in (lite, pg):
            ingest(store, corpus())
            store.delete("port-wire")  # the first copy: its copy counts as a source again
            engine.prune(store)
        assert snapshot(pg) == snapshot(lite)
        assert engine.duplicates(pg) == []


@needs_postgres
def test_concurrent_fusing_writers_on_postgres() -> None:
    """Two connections save and fuse at once: fusion writers take turns (advisory lock)."""
    docs = corpus()
    errors: list[BaseException] = []
    with schema_url() as url:
        stores = [open_store(url), open_store(url)]

        def work(store: Store, part: list[Extraction]) -> None:
            try:
                ingest(store, part)
            except BaseException as exc:  # noqa: BLE001 - reported by the main thread
                errors.append(exc)

        threads = [threading.Thread(target=work, args=(s, docs[i::2])) for i, s in enumerate(stores)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=120)
        assert not errors, errors
        pg = stores[0]
        order = [e.document.id for e in pg.iter_extractions()]
        unfused = pg.select("SELECT count(*) FROM fusion_members WHERE fused_id IS NULL")[0][0]
        assert sorted(order) == sorted(d.document.id for d in docs) and unfused == 0
        # The rebuild in ingest order is the SQLite record of the same order.
        engine.refuse_all(pg)
        with backend_store("sqlite") as lite:
            by_id = {d.document.id: d for d in docs}
            ingest(lite, [by_id[i] for i in order])
            assert snapshot(pg) == snapshot(lite)
        for s in stores:
            s.close()
