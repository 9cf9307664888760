"""Tabular exports (csv, jsonl, parquet) load in pandas with the documented types."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from dateline.countries import country_name, iso2, iso3
from dateline.errors import QueryError
from dateline.export import table
from dateline.export.cameo import cameo_code, cameo_root
from dateline.export.dates import interval
from dateline.export.records import (
    EventRecord,
    FusedEventRecord,
    QuoteRecord,
    columns,
    event_records,
)
from dateline.fusion import engine
from dateline.interfaces.cli import main
from dateline.store import open_store
from tests.fusion.conftest import KHARKIV, report
from tests.store.factory import make_extraction
from tests.store.pg import BACKENDS, backend_store

pd = pytest.importorskip("pandas")
pq = pytest.importorskip("pyarrow.parquet")
pa = pytest.importorskip("pyarrow")


@pytest.mark.parametrize(("value", "expected"), [
    ("2022-02-24", (date(2022, 2, 24), date(2022, 2, 24), "day")),
    ("2022-02-24T05:30", (date(2022, 2, 24), date(2022, 2, 24), "day")),
    ("2022-W04", (date(2022, 1, 24), date(2022, 1, 30), "week")),
    ("2022-W05-WE", (date(2022, 2, 5), date(2022, 2, 6), "week")),
    ("2022-03", (date(2022, 3, 1), date(2022, 3, 31), "month")),
    ("2024-02", (date(2024, 2, 1), date(2024, 2, 29), "month")),
    ("2022-WI", (date(2021, 12, 1), date(2022, 2, 28), "season")),
    ("2022-SU", (date(2022, 6, 1), date(2022, 8, 31), "season")),
    ("2022-Q4", (date(2022, 10, 1), date(2022, 12, 31), "quarter")),
    ("2022-H1", (date(2022, 1, 1), date(2022, 6, 30), "half")),
    ("2022", (date(2022, 1, 1), date(2022, 12, 31), "year")),
    ("198", (date(1980, 1, 1), date(1989, 12, 31), "decade")),
    ("PRESENT_REF", (None, None, "unknown")),
    ("2022-02-30", (None, None, "unknown")),
    (None, (None, None, "unknown")),
])
def test_timex_values_become_calendar_intervals(value, expected) -> None:
    assert interval(value) == expected


def test_cameo_codes_follow_plover_type_mode_and_context() -> None:
    assert cameo_root("CONSULT", "visit") == "04" and cameo_code("CONSULT", "visit") == "042"
    assert cameo_root("ASSAULT", "heavy-weapons") == "19"
    assert cameo_code("ASSAULT", None, ["military"]) == "190"
    assert cameo_root("RETREAT", "ceasefire") == "08"
    assert cameo_root("COERCE", "arrest") == "17"
    assert cameo_root("PROTEST") == "14" and cameo_root("MOBILIZE", "troops") == "15"
    assert cameo_root("ACCUSE") == "11" and cameo_root("ACCUSE", "investigate") == "09"
    assert cameo_root("COERCE") == "17" and cameo_root("SANCTION", "expel") == "16"
    assert cameo_root("NOT_A_TYPE") is None and cameo_root(None) is None


def test_country_codes_through_pycountry() -> None:
    assert iso3("UA") == "UKR" and iso3("ukr") == "UKR" and iso2("RUS") == "RU"
    assert iso3("XK") == "XKX" and iso3("ZZ") is None and iso3(None) is None
    assert country_name("POL") == "Poland"


def test_event_records_carry_typed_fields() -> None:
    ex = make_extraction(0)
    records = list(event_records(ex))
    assault = next(r for r in records if r.event_type == "ASSAULT")
    assert assault.fatalities == 3 and assault.injured == 2
    assert assault.published == date(2024, 3, 1)
    assert assault.source_url == "https://example.org/0"
    assert assault.location_country is None or len(assault.location_country) == 3
    assert assault.cameo_root in {"18", "19", "20"}
    assert all(r.id == f"{r.document_id}:{r.event_id}" for r in records)


def _store_with_fusion(path: Path) -> None:
    with open_store(path) as store:
        for ex in (make_extraction(0), make_extraction(1, repeat=2)):
            store.save(ex)
        for doc_id, published, dead, text in (
            ("wire-a", "2022-03-08", 4, "Russian forces shelled Kharkiv on Monday, killing four people."),
            ("wire-b", "2022-03-09", 5, "Five residents died after troops shelled a market in Kharkiv."),
        ):
            r = report(doc_id, text, published, [{"date": "2022-03-07", "location": KHARKIV,
                                                  "size": {"dead": dead}}])
            store.save(r)
            engine.fuse_document(store, r)


@pytest.fixture()
def db(tmp_path: Path) -> str:
    path = tmp_path / "t.db"
    _store_with_fusion(path)
    return str(path)


def _export(db: str, *args: str) -> str:
    result = CliRunner().invoke(main, ["export", "--db", db, *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.mark.parametrize(("flags", "record_type"), [
    ((), EventRecord), (("--fused",), FusedEventRecord), (("--quotes",), QuoteRecord),
])
def test_every_tabular_export_loads_in_pandas(db: str, tmp_path: Path, flags, record_type) -> None:
    names = list(columns(record_type))
    date_column = "quote_date" if record_type is QuoteRecord else "event_date"
    kinds = table.kinds(record_type)

    csv_path = tmp_path / "out.csv"
    _export(db, "--format", "csv", *flags, "--out", str(csv_path))
    frame = pd.read_csv(csv_path, parse_dates=[date_column])
    assert list(frame.columns) == names and len(frame) > 0
    assert str(frame[date_column].dtype).startswith("datetime64")

    jsonl_path = tmp_path / "out.jsonl"
    _export(db, "--format", "jsonl", *flags, "--out", str(jsonl_path))
    rows = [json.loads(line) for line in jsonl_path.read_text().splitlines()]
    assert len(rows) == len(frame) and list(rows[0]) == names
    for name, kind in kinds.items():
        if kind == "list":
            assert all(isinstance(r[name], list) for r in rows), name
    loaded = pd.read_json(jsonl_path, lines=True, convert_dates=[date_column])
    assert str(loaded[date_column].dtype).startswith("datetime64")

    parquet_path = tmp_path / "out.parquet"
    _export(db, "--format", "parquet", *flags, "--out", str(parquet_path))
    schema = pq.read_schema(parquet_path)
    assert schema.names == names
    expected = {"date": pa.date32(), "list": pa.list_(pa.string()), "int": pa.int64(),
                "float": pa.float64(), "bool": pa.bool_(), "str": pa.string()}
    for name, kind in kinds.items():
        assert schema.field(name).type == expected[kind], name
    frame = pd.read_parquet(parquet_path)
    assert len(frame) == len(rows)
    dated = frame[date_column].dropna()
    assert all(isinstance(v, date) for v in dated)
    typed = pd.read_parquet(parquet_path, dtype_backend="pyarrow")
    assert str(typed[date_column].dtype) == "date32[day][pyarrow]"


def test_fused_export_lists_sources_and_conservative_toll(db: str) -> None:
    rows = [json.loads(line) for line in _export(db, "--format", "jsonl", "--fused").splitlines()]
    kharkiv = next(r for r in rows if r["location_name"] == "Kharkiv")
    assert kharkiv["num_sources"] == 2 and kharkiv["num_articles"] == 2
    assert sorted(kharkiv["document_ids"]) == ["wire-a", "wire-b"]
    assert sorted(kharkiv["member_ids"]) == ["wire-a:e0", "wire-b:e0"]
    assert kharkiv["first_seen"] == "2022-03-08" and kharkiv["last_seen"] == "2022-03-09"
    assert kharkiv["fatalities"] == 4  # the lowest toll any source gives
    assert kharkiv["location_country"] == "UKR" and kharkiv["event_date"] == "2022-03-07"
    assert kharkiv["cameo_root"] in {"18", "19", "20"} and kharkiv["quad_class"] == 4


def test_export_refuses_impossible_combinations(db: str) -> None:
    runner = CliRunner()
    for args, message in ((["--format", "parquet"], "--out FILE"),
                          (["--format", "plover", "--fused"], "--fused goes with"),
                          (["--format", "csv", "--fused", "--quotes"], "do not go together")):
        result = runner.invoke(main, ["export", "--db", db, *args])
        assert result.exit_code == 2 and message in result.output, result.output


def test_documents_format_keeps_the_output_contract(db: str) -> None:
    lines = _export(db, "--format", "documents").splitlines()
    assert len(lines) == 4 and all("document" in json.loads(line) for line in lines)


def test_csv_writer_streams(db: str) -> None:
    with open_store(db) as store:
        out = io.StringIO()
        count = table.write(table.iter_records(store, "events"), "csv", out, EventRecord)
    assert count == len(out.getvalue().splitlines()) - 1


def test_every_column_is_documented() -> None:
    doc = (Path(__file__).resolve().parents[2] / "docs" / "export.md").read_text(encoding="utf-8")
    for record_type in (EventRecord, FusedEventRecord, QuoteRecord):
        for name in columns(record_type):
            assert f"`{name}`" in doc, f"{record_type.__name__}.{name} is not in docs/export.md"


@pytest.mark.parametrize("backend", BACKENDS)
def test_records_and_prefixes_on_every_backend(backend: str) -> None:
    from dateline.query import Store as AnalystStore
    from dateline.store.lookup import resolve_document_id

    with backend_store(backend) as store:
        for doc_id, published, dead, text in (
            ("wire_a%1", "2022-03-08", 4, "Russian forces shelled Kharkiv on Monday, killing four people."),
            ("wire_b%2", "2022-03-09", 5, "Five residents died after troops shelled a market in Kharkiv."),
        ):
            r = report(doc_id, text, published, [{"date": "2022-03-07", "location": KHARKIV, "size": {"dead": dead}}])
            store.save(r)
            engine.fuse_document(store, r)
        analyst = AnalystStore(store)
        fused = analyst.fused_events()
        (kharkiv,) = [f for f in fused if f.location_name == "Kharkiv"]
        assert kharkiv.event_date == date(2022, 3, 7) == kharkiv.date_end
        assert kharkiv.date_precision == "day" and kharkiv.fatalities == 4 and kharkiv.num_sources == 2
        events = analyst.events(event_type="ASSAULT")
        assert [e.document_id for e in events] == ["wire_a%1", "wire_b%2"]
        # LIKE wildcards in ids are matched literally
        assert resolve_document_id(store, "wire_a") == "wire_a%1"
        assert resolve_document_id(store, "wire_b%") == "wire_b%2"
        with pytest.raises(QueryError):
            resolve_document_id(store, "wire")
