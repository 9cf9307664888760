"""CLI traps fixed for issue 16: JSON that parses, search that takes any text, id prefixes,
a progress total, repeats within one input named as such."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from tests.fusion.conftest import report
from tests.store.factory import make_extraction

from dateline.api import count_inputs
from dateline.interfaces.cli import main
from dateline.store import open_store


def run(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture()
def db(tmp_path: Path) -> str:
    path = str(tmp_path / "c.db")
    with open_store(path) as store:
        for n in range(3):
            store.save(make_extraction(n))
        store.save(report("usa-doc", "U.S. officials said the talks in Geneva would resume.", "2024-05-02", [{}]))
    return path


def test_serve_help_names_a_docs_url_that_exists() -> None:
    result = run("serve", "--help")
    assert result.exit_code == 0
    assert "/api/openapi.json" in result.output and "/api/docs" not in result.output


def test_json_is_one_array_and_jsonl_one_object_per_line(db: str) -> None:
    array = run("events", "--db", db, "--format", "json")
    rows = json.loads(array.stdout)
    assert isinstance(rows, list) and rows and all("event" in r for r in rows)
    lines = run("events", "--db", db, "--format", "jsonl").stdout.splitlines()
    assert [json.loads(line) for line in lines] == rows
    assert json.loads(run("quotes", "--db", db, "--format", "json", "--speaker", "nobody").stdout) == []


def test_search_takes_text_that_is_not_query_syntax(db: str) -> None:
    result = run("search", "U.S.", "--db", db, "--format", "json")
    assert result.exit_code == 0, result.output
    assert [r["document_id"] for r in json.loads(result.stdout)] == ["usa-doc"]
    assert run("search", "Putin's", "--db", db).exit_code == 0
    # real query syntax still works
    phrase = run("search", '"talks in Geneva" OR nothing', "--db", db, "--format", "json")
    assert json.loads(phrase.stdout)[0]["document_id"] == "usa-doc"


def test_show_takes_a_unique_prefix(db: str) -> None:
    with open_store(db) as store:
        full = next(d["id"] for d in store.documents() if d["id"] != "usa-doc")
    shown = run("show", full[:8], "--db", db)
    assert shown.exit_code == 0 and json.loads(shown.stdout)["document"]["id"] == full
    missing = CliRunner().invoke(main, ["show", "zzzzzzzz", "--db", db])
    assert missing.exit_code == 1 and "no such document" in missing.stderr


def test_count_inputs_knows_files_and_jsonl_lines(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("One.")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.jsonl").write_text('{"text": "x"}\n\n{"text": "y"}\n{"text": "z"}\n')
    (tmp_path / ".hidden.txt").write_text("skipped like ingest skips it")
    assert count_inputs([tmp_path]) == 4
    assert count_inputs([tmp_path / "a.txt", "-"]) is None
    (tmp_path / "feed.xml").write_text("<rss/>")
    assert count_inputs([tmp_path]) is None


@pytest.mark.model
def test_extract_of_several_files_is_valid_json(tmp_path: Path) -> None:
    for name, text in (("a.txt", "Envoys met in Geneva on Thursday."), ("b.txt", "Troops withdrew on Monday.")):
        (tmp_path / name).write_text(text)
    several = run("extract", "--published", "2024-05-03", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"))
    records = json.loads(several.stdout)
    assert [r["document"]["text"][:6] for r in records] == ["Envoys", "Troops"]
    one = json.loads(run("extract", "--published", "2024-05-03", str(tmp_path / "a.txt")).stdout)
    assert one["document"]["text"].startswith("Envoys")


@pytest.mark.model
def test_repeats_within_one_input_are_not_called_already_stored(tmp_path: Path) -> None:
    record = {"text": "Envoys from Norland and Sudria met in Geneva on Thursday.", "published": "2024-05-03"}
    other = {"text": "Troops withdrew from the town on Monday.", "published": "2024-05-06"}
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in (record, record, other)) + "\n")
    db = str(tmp_path / "r.db")
    first = CliRunner().invoke(main, ["ingest", "--db", db, str(path)])
    assert "2 stored, 0 already stored, 1 repeated in the input, 0 failed" in first.stderr
    again = CliRunner().invoke(main, ["ingest", "--db", db, str(path)])
    assert "0 stored, 2 already stored, 1 repeated in the input" in again.stderr
