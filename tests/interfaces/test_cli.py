"""End-to-end CLI tests on the bundled examples (our own texts) and bad inputs."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from dateline.config import Config
from dateline.interfaces.cli import main
from dateline.store import open_store

pytestmark = pytest.mark.model


def run(*args: str, input: str | None = None):
    result = CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)
    return result


def schema() -> dict:
    return json.loads((resources.files("dateline") / "schema" / "extraction.schema.json").read_text())


def test_extract_examples_validate_against_the_schema(examples_dir: Path):
    result = run("extract", "--format", "jsonl", str(examples_dir))
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    assert len(records) >= 5
    for record in records:
        jsonschema.validate(record, schema())
        text = record["document"]["text"]
        for entity in record["entities"]:
            span = entity["span"]
            assert text[span["start"] : span["end"]] == span["text"]
        assert record["document"]["published"]


def test_extract_reads_stdin():
    result = run("extract", "-", input="Troops withdrew from the town.\n")
    assert result.exit_code == 0
    record = json.loads(result.stdout)
    assert record["document"]["text"].startswith("Troops withdrew")
    assert record["document"]["published"] is None
    assert "publication date" in result.stderr


def test_extract_prints_what_the_parser_did_not_read():
    result = run("extract", "-", input="Troops withdrew from the town " + "!" * 40 + " on Monday.\n")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["warnings"] == [w.removeprefix("warning: <stdin>: ") for w in
                                                     result.stderr.splitlines() if "punctuation marks" in w]
    assert "punctuation marks" in result.stderr


def test_ingest_is_idempotent_and_queries_work(tmp_path: Path, examples_dir: Path):
    db = str(tmp_path / "t.db")
    first = run("ingest", "-q", "--db", db, str(examples_dir))
    assert first.exit_code == 0, first.output
    with open_store(db) as store:
        count = store.stats()["documents"]
    assert count >= 5
    second = run("ingest", "-q", "--db", db, str(examples_dir))
    assert second.exit_code == 0
    assert "0 stored" in second.stderr
    with open_store(db) as store:
        assert store.stats()["documents"] == count
        assert store.verify() == []
        doc_id = store.documents(limit=1)[0]["id"]
    for command in (["timeline"], ["events", "--format", "json"], ["quotes", "--format", "csv"],
                    ["stats"], ["search", "ceasefire"], ["show", doc_id],
                    ["export", "--format", "jsonl"], ["export", "--format", "csv"]):
        result = run(*command, "--db", db)
        assert result.exit_code == 0, (command, result.output)
    shown = json.loads(run("show", doc_id, "--db", db).stdout)
    assert shown["document"]["id"] == doc_id
    exported = run("export", "--format", "documents", "--db", db).stdout.splitlines()
    assert len(exported) == count
    rows = run("export", "--format", "jsonl", "--db", db).stdout.splitlines()
    every = run("export", "--format", "jsonl", "--min-confidence", "0", "--db", db).stdout.splitlines()
    with open_store(db) as store:
        # the export shows what the listings show: events at or above the display threshold
        assert len(rows) == store.count_events(min_confidence=Config().display_confidence)
        assert len(every) == store.count_events()


def test_bad_inputs_are_listed_and_nothing_is_written_for_them(tmp_path: Path, examples_dir: Path):
    bad = tmp_path / "inbox"
    bad.mkdir()
    (bad / "empty.txt").write_text("")
    (bad / "binary.txt").write_bytes(b"\x00\x01\x02\x03" * 100)
    (bad / "table.xlsx").write_bytes(b"PK\x03\x04 not really")
    (bad / "good.txt").write_text(
        "Envoys meet in Geneva\n\nPublished: 2024-05-02\n\nEnvoys from both sides met in Geneva on Thursday.\n"
    )
    (bad / "lines.jsonl").write_text(
        '{"text": "A ministry said talks would resume next week.", "published": "2024-05-01"}\n'
        "{not json\n"
    )
    db = str(tmp_path / "t.db")
    result = run("ingest", "-q", "--db", db, str(bad))
    assert result.exit_code == 1
    err = result.stderr
    assert "2 stored" in err and "4 failed" in err
    assert "empty.txt" in err and "binary.txt" in err and "table.xlsx" in err
    assert "lines.jsonl:2" in err
    with open_store(db) as store:
        docs = store.documents(limit=10)
        assert len(docs) == 2
        assert store.verify() == []


def test_missing_path_and_unknown_db_scheme():
    result = run("ingest", "-q", "--db", "mysql://x/y", "nowhere.txt")
    assert result.exit_code == 1
    assert "unknown database URL scheme" in result.stderr
    result = run("extract", "nowhere.txt")
    assert result.exit_code == 1
    assert "nowhere.txt" in result.stderr


def test_ingest_fuses_and_events_fused_lists_sources(tmp_path: Path, examples_dir: Path):
    db = str(tmp_path / "f.db")
    assert run("ingest", "-q", "--db", db, str(examples_dir)).exit_code == 0
    result = run("events", "--fused", "--db", db, "--format", "json", "--limit", "500")
    assert result.exit_code == 0, result.output
    fused = json.loads(result.stdout)  # one JSON array
    assert fused, "ingest should have fused the examples' events"
    with open_store(db) as store:
        assert len(fused) <= store.count_events()
    for row in fused:
        assert row["num_sources"] >= 1 and row["sources"]
        assert all(source["document_id"] for source in row["sources"])
    rejected = run("events", "--fused", "--context", "military", "--db", db)
    assert rejected.exit_code == 2
    assert "--fused does not take: context" in rejected.stderr


def _rows(result) -> list[dict]:
    """The rows of a listing written with ``--format json`` (one JSON array)."""
    return json.loads(result.stdout)


def test_events_below_the_display_confidence_are_hidden_unless_asked(tmp_path: Path, examples_dir: Path):
    DISPLAY_CONFIDENCE = Config().display_confidence

    db = str(tmp_path / "t.db")
    assert run("ingest", "-q", "--db", db, str(examples_dir)).exit_code == 0
    everything = _rows(run("events", "--min-confidence", "0", "--limit", "1000", "--format", "json", "--db", db))
    shown = _rows(run("events", "--limit", "1000", "--format", "json", "--db", db))
    assert everything and len(shown) <= len(everything)
    assert all(e["confidence"] >= DISPLAY_CONFIDENCE for e in shown)
    assert len(shown) == sum(e["confidence"] >= DISPLAY_CONFIDENCE for e in everything)
    strict = _rows(run("timeline", "--min-confidence", "0.99", "--format", "json", "--db", db))
    assert all(e["confidence"] >= 0.99 for e in strict)
