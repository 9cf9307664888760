"""Parquet output without workers: schemas, commit protocol, recovery, readers."""

from __future__ import annotations

from pathlib import Path

import pyarrow.parquet as pq
import pytest

from dateline.model import (
    Actor,
    Document,
    Event,
    Extraction,
    Mention,
    Quote,
    Sentence,
    Span,
    Speaker,
)
from dateline.scale.parquet import (
    FAILURES,
    TABLES,
    Failure,
    ParquetOutput,
    TableRows,
    iter_extractions,
    read_table,
    schema,
)

TEXT = 'Poland said it would send tanks to Ukraine. "We will help," the minister said.'


def extraction(doc_id: str = "d1") -> Extraction:
    doc = Document(id=doc_id, text=TEXT, title="Tanks", published="2023-01-11")
    doc.sentences = [Sentence(0, 0, 43, 0), Sentence(1, 44, len(TEXT), 0)]
    poland = Actor(id="country:POL", name="Poland", code="POL", kind="country",
                   mentions=[Mention(0, 6, "Poland", 0)])
    ukraine = Actor(id="country:UKR", name="Ukraine", code="UKR", kind="country",
                    mentions=[Mention(35, 42, "Ukraine", 0)])
    quote = Quote(id="q1", kind="direct", cue=None, content=[Span(45, 61, TEXT[45:61])],
                  speaker=Speaker(span=None, name="the minister"))
    event = Event(id="e1", event="AID", actor=["country:POL"], recipient=["country:UKR"],
                  mentions=[Mention(0, 43, TEXT[:43], 0)])
    return Extraction(document=doc, actors=[poland, ukraine], quotes=[quote], events=[event],
                      layers=["segment"], pipeline_version="0.1.0")


def test_commit_writes_every_table_with_fixed_schema(tmp_path: Path) -> None:
    out = ParquetOutput(tmp_path)
    rows = TableRows()
    rows.add_extraction(extraction(), "2026-01-01T00:00:00Z")
    out.commit(rows)
    for folder in TABLES:
        files = list((tmp_path / folder).glob("*.parquet"))
        assert len(files) == 1, folder
        assert pq.read_schema(files[0]).equals(schema(folder), check_metadata=False)
    events = read_table(tmp_path, "events").to_pylist()
    assert events[0]["actor_ids"] == ["country:POL"] and events[0]["recipient_ids"] == ["country:UKR"]
    assert events[0]["actor_codes"] == ["POL"] and events[0]["recipient_codes"] == ["UKR"]
    assert events[0]["document_id"] == "d1" and events[0]["asserted"] is True
    assert {m["text"] for m in read_table(tmp_path, "mentions").to_pylist()} == {"Poland", "Ukraine"}
    assert read_table(tmp_path, "quotes").column("content").to_pylist() == [TEXT[45:61]]
    assert out.done_ids() == {"d1"}


def test_documents_round_trip_to_extractions(tmp_path: Path) -> None:
    out = ParquetOutput(tmp_path)
    rows = TableRows()
    rows.add_extraction(extraction(), "2026-01-01T00:00:00Z")
    out.commit(rows)
    (back,) = list(iter_extractions(tmp_path))
    assert back.document.text == TEXT
    assert [e.actor for e in back.events] == [["country:POL"]]
    assert back.quotes[0].content[0].text == TEXT[45:61]


def test_empty_partition_keeps_schema_and_failures_count_as_done(tmp_path: Path) -> None:
    out = ParquetOutput(tmp_path)
    rows = TableRows()
    rows.add_failure(Failure("bad1", "x.jsonl:3", "E200", "stage failed"))
    out.commit(rows)
    assert read_table(tmp_path, "documents").num_rows == 0
    assert read_table(tmp_path, FAILURES).column("id").to_pylist() == ["bad1"]
    assert out.done_ids() == {"bad1"}
    assert out.done_ids(include_failures=False) == set()


def test_uncommitted_partition_files_are_removed_on_reopen(tmp_path: Path) -> None:
    out = ParquetOutput(tmp_path)
    rows = TableRows()
    rows.add_extraction(extraction(), "2026-01-01T00:00:00Z")
    name = out.commit(rows)
    # Simulate a crash after the child tables but before the documents/ commit.
    (tmp_path / "documents" / name).unlink()
    (tmp_path / "events" / ".part-tmp.parquet").write_bytes(b"partial")
    assert read_table(tmp_path, "events").num_rows == 0  # readers ignore uncommitted files
    out.close()
    reopened = ParquetOutput(tmp_path)
    assert reopened.done_ids() == set()
    for folder in TABLES:
        assert list((tmp_path / folder).iterdir()) == [], folder


@pytest.mark.parametrize("reader", ["pandas", "duckdb"])
def test_folders_read_as_tables_by_pandas_and_duckdb(tmp_path: Path, reader: str) -> None:
    out = ParquetOutput(tmp_path)
    for i in range(3):
        rows = TableRows()
        rows.add_extraction(extraction(f"d{i}"), "2026-01-01T00:00:00Z")
        out.commit(rows)
    out.commit(TableRows())  # a partition with no rows at all
    if reader == "pandas":
        import pandas as pd

        frame = pd.read_parquet(tmp_path / "events")
        assert sorted(frame["document_id"]) == ["d0", "d1", "d2"]
    else:
        duckdb = pytest.importorskip("duckdb")
        count = duckdb.sql(
            f"SELECT count(DISTINCT id) FROM read_parquet('{tmp_path}/documents/*.parquet')"
        ).fetchone()
        assert count == (3,)
        pairs = duckdb.sql(
            f"SELECT e.event_type, d.title FROM read_parquet('{tmp_path}/events/*.parquet') e "
            f"JOIN read_parquet('{tmp_path}/documents/*.parquet') d ON d.id = e.document_id"
        ).fetchall()
        assert pairs == [("AID", "Tanks")] * 3


def test_one_batch_per_directory(tmp_path: Path) -> None:
    from dateline.errors import StoreError

    first = ParquetOutput(tmp_path)
    with pytest.raises(StoreError, match="another batch"):
        ParquetOutput(tmp_path)
    first.close()
    ParquetOutput(tmp_path).close()


def test_folders_have_the_export_column_types(tmp_path: Path) -> None:
    """Lists are lists and dates are dates, as in ``dateline export --format parquet``."""
    import pandas as pd

    from dateline.export.records import EventRecord, QuoteRecord
    from dateline.export.records import event_records as export_events
    from dateline.export.table import arrow_schema, write_parquet
    from dateline.model import Location

    sample = extraction()
    event = sample.events[0]
    event.context = ["military"]
    event.aux = ["future"]
    event.size = {"dead": 3, "injured": 7}
    event.date = "2023-W02"
    event.location = Location(name="Kyiv", country="UA", lat=50.45, lon=30.52, precision="city")
    out = ParquetOutput(tmp_path)
    rows = TableRows()
    rows.add_extraction(sample, "2026-01-01T00:00:00Z")
    out.commit(rows)
    assert schema("events").equals(arrow_schema(EventRecord))
    assert schema("quotes").equals(arrow_schema(QuoteRecord))
    frame = pd.read_parquet(tmp_path / "events")
    row = frame.iloc[0]
    assert list(row["context"]) == ["military"] and list(row["aux"]) == ["future"]
    assert (row["fatalities"], row["injured"]) == (3, 7)
    assert row["location_country"] == "UKR"
    assert str(row["event_date"]) == "2023-01-09" and row["date_precision"] == "week"
    assert frame["fatalities"].dtype.kind == "i" and frame["location_lat"].dtype.kind == "f"
    # the export of the same extraction writes the same table
    exported = tmp_path / "export.parquet"
    write_parquet(export_events(sample), exported, EventRecord)
    assert pq.read_schema(exported).equals(pq.read_schema(next((tmp_path / "events").glob("*.parquet"))),
                                           check_metadata=False)
    pd.testing.assert_frame_equal(pd.read_parquet(exported), frame)
    documents = pd.read_parquet(tmp_path / "documents")
    assert list(documents.loc[0, "layers"]) == ["segment"]
    assert str(documents.loc[0, "published"]) == "2023-01-11"
    assert str(documents["ingested_at"].dtype).startswith("datetime64")
