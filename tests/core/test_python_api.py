"""The Python API: dateline.extract / extract_many / open, typed records, DataFrames."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from tests.store.factory import make_extraction

import dateline
from dateline.errors import DatelineError, NotFoundError, QueryError
from dateline.export.records import EventRecord, QuoteRecord


def test_import_is_cheap_and_names_resolve_lazily() -> None:
    code = ("import sys, dateline; heavy = [m for m in ('spacy', 'pandas', 'pyarrow', 'pycountry') "
            "if m in sys.modules]; print(heavy)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
    for name in dateline.__all__:
        assert getattr(dateline, name) is not None
    with pytest.raises(AttributeError):
        dateline.no_such_name  # noqa: B018


@pytest.fixture()
def store(tmp_path: Path):
    with dateline.open(str(tmp_path / "a.db")) as s:
        for n in range(3):
            s.add(make_extraction(n))
        yield s


def test_store_queries_return_typed_records(store) -> None:
    events = store.events()
    assert events and all(isinstance(e, EventRecord) for e in events)
    assert len(events) == store.backend.count_events()
    assaults = store.events(event_type="ASSAULT")
    assert {e.event_type for e in assaults} == {"ASSAULT"}
    assert all(e.fatalities == 3 for e in assaults)
    asserted = store.events(asserted_only=True)
    assert all(e.asserted for e in asserted) and len(asserted) < len(events)
    assert len(store.events(limit=2)) == 2
    quotes = store.quotes(speaker="Varga")
    assert quotes and all(isinstance(q, QuoteRecord) and q.speaker_name == "Ilse Varga" for q in quotes)
    assert store.documents()[0]["id"]
    assert store.stats()["documents"] == 3


def test_records_convert_to_pandas_and_arrow(store) -> None:
    pd = pytest.importorskip("pandas")
    pytest.importorskip("pyarrow")
    frame = store.events().to_pandas()
    assert str(frame["event_date"].dtype).startswith("datetime64")
    assert str(frame["fatalities"].dtype) == "Int64" and str(frame["asserted"].dtype) == "boolean"
    assert isinstance(frame["actor_ids"].iloc[0], list | tuple) or hasattr(frame["actor_ids"].iloc[0], "__len__")
    assert frame["published"].min() == pd.Timestamp(date(2024, 3, 1))
    arrow = store.events().to_arrow()
    assert str(arrow.schema.field("context").type) == "list<item: string>"
    assert isinstance(store.documents().to_pandas(), pd.DataFrame)


def test_get_by_unique_prefix(store) -> None:
    full = store.documents()[0]["id"]
    assert store.get(full[:8]).document.id == full
    with pytest.raises(NotFoundError):
        store.get("zzzzzzzz")
    with pytest.raises(NotFoundError):
        store.get(full[:2])  # too short to be a prefix


def test_ambiguous_prefix_is_an_error(tmp_path: Path) -> None:
    from tests.fusion.conftest import report

    with dateline.open(str(tmp_path / "b.db")) as s:
        for doc_id in ("abcd-one", "abcd-two", "abce-three"):
            s.add(report(doc_id, f"Troops shelled the town ({doc_id}).", "2024-01-02", [{}]), fuse=False)
        with pytest.raises(QueryError, match="ambiguous"):
            s.get("abcd")
        assert s.get("abce").document.id == "abce-three"


@pytest.mark.model
def test_extract_and_extract_many() -> None:
    record = dateline.extract("Envoys from Norland and Sudria met in Geneva on Thursday.",
                              published="2024-05-03", title="Envoys meet", url="https://example.org/x")
    assert record.document.title == "Envoys meet" and record.document.url == "https://example.org/x"
    assert record.document.published == "2024-05-03"
    assert any(e.event == "CONSULT" and e.date == "2024-05-02" for e in record.events)
    texts = ["Troops withdrew from the town on Monday.", {"text": "", "title": "empty"},
             {"text": "The minister condemned the strike.", "published": "2024-01-02", "id": "x2"}]
    results = list(dateline.extract_many(texts, errors="skip"))
    assert [r.document.external_id for r in results] == [None, "x2"]
    with pytest.raises(DatelineError):
        list(dateline.extract_many(texts))
