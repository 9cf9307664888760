from __future__ import annotations

import pytest

from dateline.errors import NotFoundError
from dateline.fusion import engine
from dateline.store.base import Store

from .conftest import KHARKIV, report

WIRE = (
    "Russian forces shelled the centre of Kharkiv on Tuesday morning, regional officials said, "
    "hitting a school and a row of shops near the main square. Emergency crews worked through "
    "the day to clear rubble while residents queued for water at a makeshift station."
)
LOCAL = (
    "Artillery shelled Kharkiv again overnight into Tuesday. The governor wrote that the strikes "
    "damaged a school building and several market stalls, and that rescuers were still searching "
    "the site. Power was restored to most districts by the evening, the city council reported."
)
OTHER = (
    "Finance ministers met in Brussels to discuss a new package of loans for reconstruction, "
    "with officials saying the money would go to energy networks and housing over three years."
)


def save_and_fuse(store: Store, extraction):  # type: ignore[no-untyped-def]
    store.save(extraction)
    return engine.fuse_document(store, extraction)


def test_two_reports_of_one_strike_fuse_with_disagreements(store: Store) -> None:
    a = report("wire", WIRE, "2022-05-03", [
        {"date": "2022-05-03", "location": KHARKIV, "size": {"dead": 3}, "trigger": "shelled"}])
    b = report("local", LOCAL, "2022-05-03", [
        {"date": "2022-05-03", "location": KHARKIV, "size": {"dead": 5}, "trigger": "shelled"}])
    save_and_fuse(store, a)
    rep = save_and_fuse(store, b)
    assert rep.same_links == 1 and rep.duplicate_of is None
    fused = engine.fused_events(store)
    assert len(fused) == 1
    event = fused[0]
    assert event["num_sources"] == 2 and event["num_mentions"] == 2 and event["disagreement"]
    assert {s["document_id"] for s in event["sources"]} == {"wire", "local"}
    (c,) = event["contradictions"]
    assert c["attribute"] == "size.dead" and sorted(c["values"]) == [3, 5]
    assert set(c["documents"]) == {"wire", "local"}
    assert c["spans"][0]["text"] == "shelled"
    # Both reports of one story.
    (story,) = engine.stories(store)
    assert story["n_documents"] == 2 and story["n_sources"] == 2


def test_a_copy_is_a_duplicate_not_a_second_source(store: Store) -> None:
    a = report("wire", WIRE, "2022-05-03", [{"date": "2022-05-03", "location": KHARKIV}])
    copy = report("copy", WIRE + " (Reporting by a stringer.)", "2022-05-04",
                  [{"date": "2022-05-03", "location": KHARKIV}])
    save_and_fuse(store, a)
    rep = save_and_fuse(store, copy)
    assert rep.duplicate_of == "wire" and rep.duplicate_similarity is not None
    (event,) = engine.fused_events(store)
    assert event["num_documents"] == 2 and event["num_sources"] == 1 and event["num_mentions"] == 1
    assert engine.duplicates(store) == [
        {"document_id": "copy", "duplicate_of": "wire", "similarity": rep.duplicate_similarity}]


def test_unrelated_article_starts_its_own_story(store: Store) -> None:
    save_and_fuse(store, report("wire", WIRE, "2022-05-03", [{"date": "2022-05-03"}]))
    rep = save_and_fuse(store, report("loans", OTHER, "2022-05-03", [], actors=()))
    assert len(engine.stories(store)) == 2 and rep.duplicate_of is None


def test_daily_shelling_weeks_apart_stays_apart(store: Store) -> None:
    for i, day in enumerate(("2022-05-03", "2022-05-10", "2022-05-24")):
        save_and_fuse(store, report(f"d{i}", f"{LOCAL} Day {i}.", day,
                                    [{"date": day, "location": KHARKIV}]))
    fused = engine.fused_events(store)
    assert len(fused) == 3 and all(f["num_sources"] == 1 for f in fused)
    assert all(f["possibly_same_as"] == [] for f in fused)


def test_two_undated_reports_get_a_possibly_same_link(store: Store) -> None:
    save_and_fuse(store, report("u1", WIRE, None, [{"location": KHARKIV}]))
    save_and_fuse(store, report("u2", LOCAL, None, [{"location": KHARKIV}]))
    fused = engine.fused_events(store)
    assert len(fused) == 2
    assert all(len(f["possibly_same_as"]) == 1 for f in fused)
    assert fused[0]["possibly_same_as"][0]["fused_id"] == fused[1]["id"]


def test_correction_retracting_a_claim(store: Store) -> None:
    save_and_fuse(store, report("claim", WIRE, "2022-05-03",
                                [{"date": "2022-05-03", "location": KHARKIV}]))
    # A dated correction: same strike, now denied -> fused, with a 'whether it happened' disagreement.
    save_and_fuse(store, report("correction", LOCAL, "2022-05-04",
                                [{"date": "2022-05-03", "location": KHARKIV, "aux": ["negation"]}]))
    (event,) = engine.fused_events(store)
    assert [c["attribute"] for c in event["contradictions"]] == ["asserted"]
    # An undated retraction is thin evidence: only a possibly-same link.
    save_and_fuse(store, report("vague", OTHER + " Reports of shelling were wrong.", "2022-05-20",
                                [{"location": KHARKIV, "aux": ["negation"], "trigger": "shelling"}]))
    assert len(engine.fused_events(store)) == 2


def test_bridging_report_merges_and_refusing_splits(store: Store) -> None:
    # Two reports without a shared actor: possibly the same only (no day evidence on one).
    save_and_fuse(store, report("a", WIRE, "2022-05-03", [{"date": "2022-05-03", "location": KHARKIV}]))
    save_and_fuse(store, report("b", LOCAL, "2022-05-03",
                                [{"date": "2022-05-03", "location": KHARKIV, "actor": []}]))
    assert len(engine.fused_events(store)) == 1  # same day + same place is enough? (score 4 >= 3.5)
    third = report("c", OTHER, "2022-05-03", [{"date": "2022-05-03", "location": KHARKIV}])
    save_and_fuse(store, third)
    (event,) = engine.fused_events(store)
    assert event["num_sources"] == 3
    # The third report is corrected: re-fusing it with another town splits it off again.
    moved = report("c", OTHER, "2022-05-03", [{"date": "2022-05-03",
                                                "location": KHARKIV.__class__("Lviv", "UA", 49.84, 24.03, "city")}])
    store.save(moved, replace=True)
    engine.fuse_document(store, moved)
    assert sorted(f["num_sources"] for f in engine.fused_events(store)) == [1, 2]


def test_refuse_all_rebuilds_the_same_record(store: Store) -> None:
    save_and_fuse(store, report("wire", WIRE, "2022-05-03", [{"date": "2022-05-03", "location": KHARKIV}]))
    save_and_fuse(store, report("local", LOCAL, "2022-05-03", [{"date": "2022-05-03", "location": KHARKIV}]))
    before = [(f["num_sources"], f["event"]) for f in engine.fused_events(store)]
    assert engine.refuse_all(store) == 2
    assert [(f["num_sources"], f["event"]) for f in engine.fused_events(store)] == before
    # Fusing twice is idempotent.
    engine.fuse_document(store, store.get("local"))
    assert [(f["num_sources"], f["event"]) for f in engine.fused_events(store)] == before


def test_fusing_an_unstored_document_fails(store: Store) -> None:
    with pytest.raises(NotFoundError):
        engine.fuse_document(store, report("nowhere", WIRE, None, []))


def test_queries_filter(store: Store) -> None:
    save_and_fuse(store, report("wire", WIRE, "2022-05-03", [{"date": "2022-05-03", "location": KHARKIV}]))
    assert engine.fused_events(store, actor="country:RUS")
    assert not engine.fused_events(store, actor="country:USA")
    assert not engine.fused_events(store, min_sources=2)
    assert engine.fused_events(store, date_from="2022-05-01", date_to="2022-05-03")
    fid = engine.fused_events(store)[0]["id"]
    assert engine.fused_event(store, fid)["id"] == fid
    assert engine.fused_event_of(store, "wire", "e0") == fid
    with pytest.raises(NotFoundError):
        engine.fused_event(store, "fused:999")


def test_deleted_document_is_pruned(store: Store) -> None:
    save_and_fuse(store, report("wire", WIRE, "2022-05-03", [{"date": "2022-05-03", "location": KHARKIV}]))
    save_and_fuse(store, report("local", LOCAL, "2022-05-03", [{"date": "2022-05-03", "location": KHARKIV}]))
    store.delete("local")
    engine.prune(store)
    (event,) = engine.fused_events(store)
    assert event["num_sources"] == 1 and event["contradictions"] == []


def test_prune_takes_a_deleted_documents_terms_out_of_the_frequencies(store: Store) -> None:
    save_and_fuse(store, report("wire", WIRE, "2022-05-03", [{"date": "2022-05-03", "location": KHARKIV}]))
    save_and_fuse(store, report("local", LOCAL, "2022-05-03", [{"date": "2022-05-03", "location": KHARKIV}]))

    def frequencies() -> dict[str, int]:
        rows = store.select("SELECT term, df FROM fusion_df WHERE df > 0 ORDER BY term")
        return {row["term"]: row["df"] for row in rows}

    store.delete("local")
    engine.prune(store)
    pruned = frequencies()
    assert pruned and max(pruned.values()) == 1  # one document left: every term counted once
    engine.refuse_all(store)
    assert frequencies() == pruned


@pytest.mark.model
def test_story_labels_are_words_not_stems(store: Store) -> None:
    text = ("Villages were shelled again as shelling of the villages continued; the shelled "
            "villages lost power, and the shelling of villages near the river went on.")
    doc = report("label-1", text, "2024-05-02", [{"date": "2024-05-01"}], title="Shelling of villages")
    store.save(doc)
    engine.fuse_document(store, doc)
    (story,) = engine.stories(store)
    words = story["label"].split()
    assert "village" in words and "shell" in words
    assert "villag" not in words and len(words) == len(set(words))


def test_label_falls_back_to_the_commonest_spelling() -> None:
    from dateline.fusion.stories import LABEL_WORDS, Story, label

    story = Story(1, None, None, centroid={"villag": 0.9, "quux": 0.1},
                  features={LABEL_WORDS: {"villag": {"villages": 3, "village": 1}}})
    assert label(story).split()[0] in {"village", "villages"}
    assert label(story).split()[1] == "quux"  # a term without a known spelling shows as is
