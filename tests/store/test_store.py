"""The SQLite store: saving, idempotence, queries, full-text search, migrations."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from dateline.errors import MigrationError, NotFoundError, QueryError, StoreError, StorePathError
from dateline.store import SQLiteStore, open_store, sqlite_path
from dateline.store.rows import DERIVED_TABLES, date_key
from dateline.store.sqlite import migrations
from tests.store.factory import make_extraction


@pytest.fixture()
def db(tmp_path: Path) -> Path:
    return tmp_path / "dateline.db"


@pytest.fixture()
def store(db: Path):
    with open_store(db) as s:
        yield s


@pytest.fixture()
def filled(store):
    for n in range(3):
        store.save(make_extraction(n))
    return store


def counts(store) -> dict[str, int]:
    return {t: store.stats()["tables"][t] for t in ("documents", "actors", *DERIVED_TABLES)}


# -- opening -------------------------------------------------------------------


def test_open_sets_wal_foreign_keys_and_busy_timeout(db: Path) -> None:
    store = open_store(f"sqlite:///{db}")
    assert isinstance(store, SQLiteStore)
    conn = store._conn
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 5000
    store.close()
    assert db.is_file()


def test_store_locations() -> None:
    assert sqlite_path("x/y.db") == "x/y.db"
    assert sqlite_path("sqlite:///rel.db") == "rel.db"
    assert sqlite_path("sqlite:////abs/y.db") == "/abs/y.db"
    assert sqlite_path(":memory:") == ":memory:"
    assert sqlite_path("postgresql://host/db") is None
    with open_store(":memory:") as s:
        assert s.save(make_extraction()) == "stored"


def test_unknown_scheme_and_unusable_files(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="unknown database URL scheme"):
        open_store("mysql://host/db")
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not a database at all" * 100)
    with pytest.raises(StoreError, match="not a usable dateline database"):
        open_store(junk)
    with pytest.raises(StoreError, match="read-only"):
        open_store(tmp_path / "absent.db", read_only=True)


def test_parent_directories_are_created_only_when_asked(tmp_path: Path) -> None:
    with pytest.raises(StorePathError, match="does not exist"):
        open_store(tmp_path / "a" / "b" / "d.db")
    assert not (tmp_path / "a").exists()  # a mistyped path creates nothing
    with open_store(tmp_path / "a" / "b" / "d.db", make_folders=True) as s:
        assert s.stats()["documents"] == 0


def test_bad_paths_are_coded_errors(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    a_file = tmp_path / "file.txt"
    a_file.write_text("not a folder")
    for path, message in ((a_file / "x.db", "is a file, not a folder"),
                          (a_file / "deeper" / "x.db", "is a file, not a folder"),
                          (tmp_path, "is a directory"),
                          (tmp_path / "missing" / "x.db", "does not exist")):
        with pytest.raises(StorePathError, match=message) as caught:
            open_store(path)
        assert caught.value.code == "E304"
    # an unwritable folder (os.access, as root always True, stands in for the kernel's answer)
    monkeypatch.setattr("dateline.store.sqlite.os.access", lambda path, mode: False)
    with pytest.raises(StorePathError, match="no permission"):
        open_store(tmp_path / "x.db")
    assert list(tmp_path.iterdir()) == [a_file]


# -- saving --------------------------------------------------------------------


def test_save_is_idempotent(store) -> None:
    ex = make_extraction(1)
    assert store.save(ex) == "stored"
    before = counts(store)
    assert before["documents"] == 1 and before["events"] == 3 and before["quote_spans"] == 3
    assert store.save(make_extraction(1)) == "unchanged"
    assert counts(store) == before
    assert store.has(ex.document.id)
    assert store.has(ex.document.id, "1.0.0")
    assert not store.has(ex.document.id, "1.1.0")
    assert not store.has("nope")


def test_newer_pipeline_version_replaces_derived_rows(store) -> None:
    store.save(make_extraction(1, pipeline_version="1.0.0"))
    newer = make_extraction(1, pipeline_version="1.10.0")  # numeric, not string, comparison
    newer.events = newer.events[:1]
    newer.quotes = []
    assert store.save(newer) == "replaced"
    c = counts(store)
    assert c["documents"] == 1 and c["events"] == 1 and c["quotes"] == 0 and c["quote_spans"] == 0
    assert store.get(newer.document.id).pipeline_version == "1.10.0"
    # An older pipeline never overwrites a newer record.
    assert store.save(make_extraction(1, pipeline_version="1.9.0")) == "unchanged"
    assert counts(store)["events"] == 1
    # ... unless asked to.
    assert store.save(make_extraction(1, pipeline_version="1.9.0"), replace=True) == "replaced"
    assert counts(store)["events"] == 3
    assert store.verify() == []


def test_get_round_trips_the_whole_extraction(store) -> None:
    ex = make_extraction(2, repeat=2)
    store.save(ex)
    back = store.get(ex.document.id)
    assert back.to_dict(include_sentences=True) == ex.to_dict(include_sentences=True)
    assert back.document.text == ex.document.text


def _with_counterpart(n: int):
    """The factory's Geneva meeting ("the two sides will meet") as a two-sided event."""
    ex = make_extraction(n)
    meeting = ex.events[2]
    meeting.mode = None
    meeting.counterpart = ["country:SDR:MIL"]
    return ex, meeting


def test_counterpart_round_trips(store) -> None:
    ex, meeting = _with_counterpart(3)
    store.save(ex)
    back = store.get(ex.document.id)
    assert [e.counterpart for e in back.events] == [[], [], ["country:SDR:MIL"]]
    assert back.to_dict() == ex.to_dict()
    [row] = [e for e in store.events(document_id=ex.document.id) if e["id"] == meeting.id]
    assert row["counterpart_ids"] == ["country:SDR:MIL"] and row["counterpart"] == ["Sudria"]
    assert row["actor_ids"] == ["country:NRL:GOV", "country:SDR:MIL"] and row["recipient_ids"] == []
    assert all(e["counterpart_ids"] == [] for e in store.events() if e["id"] != meeting.id)
    assert store.verify() == []


def test_get_missing_raises_not_found(store) -> None:
    with pytest.raises(NotFoundError) as info:
        store.get("missing")
    assert info.value.code == "E302"
    assert "[E302]" in str(info.value)


def test_delete_removes_every_row_and_unused_actors(filled) -> None:
    extra = make_extraction(9)
    extra.actors[3].id = "prov:only-here"
    for q in extra.quotes:
        if q.speaker.actor_id == "prov:local-officials":
            q.speaker.actor_id = "prov:only-here"
    filled.save(extra)
    assert filled.actors(actor_id="prov:only-here")
    filled.delete(extra.document.id)
    assert not filled.has(extra.document.id)
    assert filled.actors(actor_id="prov:only-here") == []
    assert filled.actors(actor_id="country:NRL:GOV")  # still used by other documents
    assert filled.search("Velka")  # other documents still indexed
    assert counts(filled)["documents"] == 3
    assert filled.verify() == []
    with pytest.raises(NotFoundError):
        filled.delete(extra.document.id)


def test_a_failing_save_writes_nothing(store) -> None:
    bad = make_extraction(5)
    bad.events.append(bad.events[0])  # duplicate event id
    with pytest.raises(StoreError, match="duplicate event id"):
        store.save(bad)
    bad2 = make_extraction(6)
    bad2.entities[0].label = None  # type: ignore[assignment]  # violates NOT NULL mid-transaction
    with pytest.raises(StoreError, match="cannot store document"):
        store.save(bad2)
    assert counts(store) == {t: 0 for t in counts(store)}
    assert store.verify() == []


def test_iter_extractions(filled) -> None:
    ids = [e.document.id for e in filled.iter_extractions()]
    assert len(ids) == 3
    subset = list(filled.iter_extractions([ids[2], "unknown", ids[0]]))
    assert {e.document.id for e in subset} == {ids[0], ids[2]}


# -- queries -------------------------------------------------------------------


def test_events_filters(filled) -> None:
    assert len(filled.events()) == 9
    assert filled.count_events() == 9
    by_id = filled.events(actor="country:SDR:MIL")
    assert {e["event"] for e in by_id} == {"ASSAULT", "CONSULT"}
    assert len(filled.events(actor="sdr")) == len(by_id)  # code, case-insensitive
    assert len(filled.events(actor="udri")) == len(by_id)  # name substring
    assert len(filled.events(recipient="Norland")) == 3
    assert {e["event"] for e in filled.events(recipient="Norland")} == {"ASSAULT"}
    assert len(filled.events(event_type="consult")) == 6
    assert len(filled.events(quad_class=4)) == 3
    assert len(filled.events(context="military")) == 3
    assert len(filled.events(aux="future")) == 3
    assert len(filled.events(include_negated=False)) == 6
    assert len(filled.events(include_future=False, include_negated=False)) == 3
    assert len(filled.events(asserted=True)) == 3
    assert len(filled.events(date_from="2024-03-05", date_to="2024-03-05")) == 3
    assert len(filled.events(date_to="2024-03")) == 9  # a month bound includes its days ...
    assert len(filled.events(date_to="2024-03-10")) == 6  # ... and 2024-W11 is 2024-03-11
    assert filled.count_events(event_type="CONSULT", include_future=False) == 3
    doc_id = filled.events()[0]["document_id"]
    assert {e["document_id"] for e in filled.events(document_id=doc_id)} == {doc_id}
    page1 = filled.events(limit=4)
    page2 = filled.events(limit=4, offset=4)
    assert len(page1) == 4 and len(page2) == 4
    assert not {(e["document_id"], e["id"]) for e in page1} & {(e["document_id"], e["id"]) for e in page2}


def test_event_rows_carry_provenance(filled) -> None:
    [assault] = filled.events(event_type="ASSAULT", limit=1)
    assert assault["actor"] == ["Sudria"] and assault["actor_ids"] == ["country:SDR:MIL"]
    assert assault["recipient_detail"][0]["code"] == "NRL"
    assert assault["negated"] and not assault["asserted"]
    assert assault["location"] == "Velka" and assault["location_detail"]["lat"] == 48.1
    assert assault["size"] == {"dead": 3, "injured": 2}
    assert [m["text"] for m in assault["mentions"]] == ["denied shelling Velka", "the attack"]
    assert assault["evidence"].startswith("Sudria denied shelling Velka on Monday")
    text = filled.get(assault["document_id"]).document.text
    span = assault["evidence_span"]
    assert text[span["start"] : span["end"]] == assault["evidence"]
    assert assault["title"].startswith("Ministers talk")


def test_timeline_is_in_date_order_with_evidence(filled) -> None:
    rows = filled.timeline()
    dates = [r["date"] for r in rows]
    assert dates == sorted(dates)
    assert rows[0]["event"] == "ASSAULT" and rows[0]["date"] == "2024-03-04"
    assert all(r["evidence"] and r["title"] for r in rows)
    assert [r["event"] for r in filled.timeline(actor="Norland", include_negated=False)] == [
        "CONSULT"
    ] * 6


def test_unknown_filter_and_bad_pages(filled) -> None:
    with pytest.raises(QueryError):
        filled.events(colour="red")
    for bad in (0, -1, "10", 10**9):
        with pytest.raises(QueryError):
            filled.events(limit=bad)
    with pytest.raises(QueryError):
        filled.quotes(offset=-5)


def test_filters_are_parameters_not_sql(filled) -> None:
    evil = "x' OR 1=1; DROP TABLE events; --"
    assert filled.events(actor=evil) == []
    assert filled.quotes(speaker=evil) == []
    assert filled.documents(publisher=evil) == []
    assert filled.events(actor="%") == []  # LIKE wildcards are literal
    assert filled.count_events() == 9


def test_quotes(filled) -> None:
    assert len(filled.quotes()) == 6
    by_name = filled.quotes(speaker="varga")
    assert len(by_name) == 3
    q = by_name[0]
    assert q["speaker"] == "Ilse Varga" and q["speaker_actor_id"] == "person:ilse-varga"
    assert q["kind"] == "direct" and q["cue"] == "said"
    assert q["content_spans"][0]["text"].startswith("We will not accept")
    assert len(filled.quotes(speaker="person:ilse-varga")) == 3
    officials = filled.quotes(speaker="prov:local-officials")[0]
    assert len(officials["content_spans"]) == 2 and " … " in officials["content"]
    assert len(filled.quotes(text="ceasefire")) == 3
    assert len(filled.quotes(text="killed", speaker="Varga")) == 0
    assert len(filled.quotes(text="kill*")) == 3
    doc = q["document_id"]
    assert {x["document_id"] for x in filled.quotes(document_id=doc)} == {doc}


def test_search_documents_and_quotes(filled) -> None:
    hits = filled.search("ceasefire")
    kinds = {h["kind"] for h in hits}
    assert kinds == {"document", "quote"}
    assert all("[ceasefire]" in h["snippet"] for h in hits)
    assert filled.search("Geneva", limit=2)[0]["kind"] == "document"
    assert filled.search("clashes")[0]["title"].startswith("Ministers talk")  # title indexed
    assert filled.search("negotiating") == []
    assert len(filled.search("ceasefire", limit=2, offset=1)) == 2
    assert filled.search("ministers") == filled.search("minister")[: len(filled.search("ministers"))]


@pytest.mark.parametrize("query", ['"unbalanced', "Norland's", "AND", "foo:bar", "(a OR"])
def test_search_syntax_errors_are_store_errors(filled, query: str) -> None:
    with pytest.raises(QueryError) as info:
        filled.search(query)
    assert info.value.code == "E303"
    assert "double quotes" in str(info.value)
    with pytest.raises(QueryError):
        filled.quotes(text=query)


def test_literal_search_needs_no_syntax(filled) -> None:
    assert filled.search("Norland's", literal=True)
    assert filled.search('AND "unbalanced', literal=True) == []
    assert len(filled.search("foreign minister", literal=True)) == len(
        filled.search("foreign minister")
    )


def test_stored_ids(filled) -> None:
    ids = [e.document.id for e in filled.iter_extractions()]
    assert filled.stored_ids([*ids, "other"]) == set(ids)
    assert filled.stored_ids(ids, "1.0.0") == set(ids)
    assert filled.stored_ids(ids, "9.0.0") == set()


def test_search_empty_query(filled) -> None:
    with pytest.raises(QueryError, match="empty"):
        filled.search("  ")
    assert filled.search('"Norland\'s Foreign Minister"')


def test_full_text_follows_replace_and_delete(store) -> None:
    ex = make_extraction(3)
    ex.document.title = "Zanzibar summit"
    store.save(ex)
    assert store.search("zanzibar")
    ex2 = make_extraction(3, pipeline_version="2.0.0")
    store.save(ex2)
    assert store.search("zanzibar") == []
    assert len(store.search("ceasefire")) == 2  # one document, one quote: no stale rows
    store.delete(ex2.document.id)
    assert store.search("ceasefire") == []
    assert store.verify() == []


def test_actors_places_contradictions_documents(filled) -> None:
    actors = filled.actors()
    assert actors[0]["mentions"] >= actors[-1]["mentions"]
    nrl = filled.actors(actor_id="country:NRL:GOV")[0]
    assert nrl["documents"] == 3 and nrl["mentions"] == 6
    assert nrl["events_as_actor"] == 6 and nrl["events_as_recipient"] == 3
    assert {a["id"] for a in filled.actors(code="nrl")} == {"country:NRL:GOV", "person:ilse-varga"}
    assert filled.actors(kind="group")[0]["provisional"] is True
    places = filled.places(country="ch")
    assert len(places) == 3 and places[0]["span"]["text"] == "Geneva"
    contradictions = filled.contradictions(attribute="actor")
    assert len(contradictions) == 3
    assert contradictions[0]["values"] == ["Sudria", "unknown"]
    assert contradictions[0]["event"] == "ASSAULT"
    docs = filled.documents()
    assert [d["published"] for d in docs] == sorted((d["published"] for d in docs), reverse=True)
    assert docs[0]["n_events"] == 3 and docs[0]["n_quotes"] == 2 and "text" not in docs[0]
    assert len(filled.documents(date_from="2024-03-02", date_to="2024-03-02")) == 1
    assert len(filled.documents(publisher="wire")) == 3


def test_stats(filled) -> None:
    stats = filled.stats()
    assert stats["documents"] == 3
    assert stats["tables"]["events"] == 9 and stats["tables"]["mentions"] == 18
    assert stats["publishers"] == {"Wire Test": 3}
    assert stats["event_types"] == {"CONSULT": 6, "ASSAULT": 3}
    assert stats["published"] == {"first": "2024-03-01", "last": "2024-03-03", "undated": 0}
    assert stats["event_dates"]["first"] == "2024-03-04"
    assert filled.verify() == []


def test_empty_layers_store_fine(store) -> None:
    ex = make_extraction(4)
    ex.events, ex.quotes, ex.timexes, ex.places, ex.contradictions = [], [], [], [], []
    ex.actors, ex.entities = [], []
    ex.document.sentences = []
    ex.document.published = None
    assert store.save(ex) == "stored"
    assert store.events() == [] and store.stats()["published"]["undated"] == 1
    assert store.verify() == []


# -- migrations ----------------------------------------------------------------


def test_migrations_are_recorded(store) -> None:
    # In declaration order; other packages (fusion) may append their own after ours.
    assert store.applied_migrations() == migrations.names
    assert migrations.names[:3] == ["m001_core_tables", "m002_full_text", "m003_timeline_order"]
    assert store.migrate() == []


def test_older_database_is_upgraded_on_open(db: Path) -> None:
    # A database as the first release would have left it: core tables only.
    old = SQLiteStore.__new__(SQLiteStore)
    conn = sqlite3.connect(db, isolation_level=None)
    old.path, old.read_only, old._conn = str(db), False, conn
    import threading

    old._lock = threading.RLock()
    assert old.migrate(stop_after="m001_core_tables") == ["m001_core_tables"]
    conn.execute(
        "INSERT INTO documents (id, title, text, pipeline_version, ingested_at, extraction)"
        " VALUES ('old1', 'Archive piece', 'Talks on grain exports resumed.', '0.0.1', 'x', '{}')"
    )
    for event_id, date in (("e1", None), ("e2", "2023-05-02"), ("e3", "2023-05-01")):
        conn.execute(
            "INSERT INTO events (document_id, event_id, idx, event, date) VALUES ('old1', ?, ?, 'CONSULT', ?)",
            (event_id, int(event_id[1]), date),
        )
    conn.close()
    with open_store(db) as store:
        assert store.applied_migrations() == migrations.names
        hits = store.search("grain")
        assert [h["document_id"] for h in hits] == ["old1"]
        # Undated events sort last after the upgrade too.
        assert [e["id"] for e in store.timeline()] == ["e3", "e2", "e1"]


def test_database_before_counterparts_is_upgraded(db: Path) -> None:
    # A database as m003 left it: events have no counterpart column yet.
    old = SQLiteStore.__new__(SQLiteStore)
    conn = sqlite3.connect(db, isolation_level=None)
    old.path, old.read_only, old._conn = str(db), False, conn
    import threading

    old._lock = threading.RLock()
    old.migrate(stop_after="m003_timeline_order")
    columns = {r[1] for r in conn.execute("PRAGMA table_info(events)")}
    assert "date_key" in columns and "counterpart" not in columns
    conn.execute(
        "INSERT INTO documents (id, title, text, pipeline_version, ingested_at, extraction)"
        " VALUES ('old1', 'Archive piece', 'Talks on grain exports resumed.', '0.0.1', 'x', '{}')"
    )
    conn.execute(
        "INSERT INTO events (document_id, event_id, idx, event, date, date_key)"
        " VALUES ('old1', 'e1', 0, 'CONSULT', '2023-05-01', '2023-05-01')"
    )
    conn.close()
    with open_store(db) as store:
        assert "m004_event_counterpart" in store.applied_migrations()
        assert [(e["id"], e["counterpart_ids"]) for e in store.events()] == [("e1", [])]
        ex, _ = _with_counterpart(4)
        store.save(ex)
        assert store.get(ex.document.id).events[2].counterpart == ["country:SDR:MIL"]


def test_read_only(db: Path) -> None:
    with open_store(db) as s:
        s.save(make_extraction(1))
    with open_store(db, read_only=True) as ro:
        assert len(ro.events()) == 3
        with pytest.raises(StoreError):
            ro.save(make_extraction(2))


def test_database_from_a_newer_version_is_refused(db: Path) -> None:
    with open_store(db) as s:
        s._conn.execute(
            "INSERT INTO _migrations VALUES ('dateline', 'm999_future', '2099-01-01')"
        )
    with pytest.raises(MigrationError, match="newer version"):
        open_store(db)


def test_undated_events_sort_last_and_drop_out_of_date_filters(store) -> None:
    ex = make_extraction(7)
    ex.events[0].date = None
    ex.events[0].date_precision = None
    store.save(ex)
    timeline = store.timeline()
    assert timeline[-1]["id"] == ex.events[0].id and timeline[-1]["date"] is None
    assert ex.events[0].id not in {e["id"] for e in store.events(date_from="2000-01-01")}
    assert ex.events[0].id not in {e["id"] for e in store.events(date_to="2100")}
    assert store.count_events(date_from="2024-03-04", date_to="2024-03-04") == 1
    # The week-dated event (2024-W11) sorts and filters as its Monday, 2024-03-11.
    assert [e["date"] for e in timeline] == ["2024-03-04", "2024-W11", None]
    assert store.count_events(date_to="2024-03-10") == 1
    assert store.count_events(date_from="2024-03-11") == 1
    assert store.count_events(date_from="2024-W11") == 1
    with pytest.raises(QueryError):
        store.events(date_from="yesterday")


def test_date_keys() -> None:
    assert date_key("2024-03-05T10:00") == "2024-03-05T10:00"
    assert date_key("2024-W01") == "2024-01-01"
    assert date_key("2024-Q3") == "2024-07" and date_key("2024-SU") == "2024-06"
    assert date_key("2024") < date_key("2024-01") < date_key("2024-01-01") < date_key(None)
    assert date_key("XXXX-03-05") == date_key("PRESENT_REF") == date_key("") == "~"
    assert date_key("2024-W60") == "~"


def test_verify_reports_damage(filled) -> None:
    conn = filled._conn
    conn.execute("DROP TRIGGER documents_fts_ad")  # simulate an index left behind
    conn.execute("PRAGMA foreign_keys = OFF")
    doc_id = conn.execute("SELECT id FROM documents LIMIT 1").fetchone()[0]
    conn.execute("DELETE FROM documents WHERE id = ?", (doc_id,))
    problems = filled.verify()
    assert any("documents_fts: 0 documents rows not indexed, 1 stale" in p for p in problems)
    assert any(p == f"events has rows for missing document {doc_id}" for p in problems)
    assert any(p.startswith("orphan row in events") for p in problems)


def test_verify_reports_missing_derived_rows(filled) -> None:
    filled._conn.execute("DELETE FROM event_mentions WHERE idx = 1")
    problems = filled.verify()
    assert len(problems) == 3 and all("event_mentions has 3 rows, expected 4" in p for p in problems)


def test_migration_registry_rules() -> None:
    from dateline.errors import MigrationError
    from dateline.store.migrations import Migrations

    registry = Migrations("demo")

    @registry
    def m1(conn) -> None: ...

    @registry(name="m2")
    def second(conn) -> None: ...

    assert registry.names == ["m1", "m2"]
    assert [m.name for m in registry.pending({"m1"})] == ["m2"]
    assert [m.name for m in registry.pending(set(), stop_after="m1")] == ["m1"]
    with pytest.raises(MigrationError, match="declared twice"):
        registry(name="m1")(second)
    with pytest.raises(MigrationError, match="unknown migration"):
        registry.pending(set(), stop_after="m9")
    with pytest.raises(MigrationError, match="newer version"):
        registry.pending({"m1", "m3"})
