"""api.record: the one place that saves a document and fuses it (both stores)."""

from __future__ import annotations

import pytest

from dateline.api import record
from dateline.fusion import engine
from dateline.model import Extraction
from dateline.store.base import Store

from .conftest import KHARKIV, report

TEXT = ("Russian forces shelled the centre of Kharkiv on Tuesday morning, regional officials "
        "said, hitting a school and a row of shops near the main square.")


def _one() -> Extraction:
    return report("rec", TEXT, "2022-05-03", [{"date": "2022-05-03", "location": KHARKIV}])


def test_a_new_document_is_stored_and_fused(store: Store) -> None:
    done = record(store, _one())
    assert (done.status, done.fused, done.fusion_error) == ("stored", True, None)
    assert done.fusion_tried and done.fuse_seconds > 0
    assert engine.is_fused(store, "rec")


def test_stored_but_unfused_is_fused_on_the_next_record(store: Store) -> None:
    first = record(store, _one(), fuse=False)
    assert (first.status, first.fused, first.fusion_tried) == ("stored", False, False)
    assert not engine.is_fused(store, "rec") and store.unfused() == ["rec"]
    again = record(store, _one())
    assert (again.status, again.fused) == ("unchanged", True)
    assert engine.is_fused(store, "rec") and store.unfused() == []


def test_stored_and_fused_is_left_alone(store: Store) -> None:
    record(store, _one())
    again = record(store, _one())
    assert (again.status, again.fused, again.fusion_tried, again.fuse_seconds) == (
        "unchanged", False, False, 0.0)


def test_a_fusion_failure_is_returned_and_the_document_stays_stored(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_args: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(engine, "fuse_document", broken)
    done = record(store, _one())
    assert done.status == "stored" and not done.fused
    assert done.fusion_error is not None and done.fusion_error.code == "E311"
    assert "boom" in str(done.fusion_error)
    assert store.has("rec") and store.unfused() == ["rec"]
