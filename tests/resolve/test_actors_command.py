"""``dateline actors list|show|add`` (the command module, without the lead's CLI)."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from dateline.config import Config
from dateline.interfaces.commands.actors import command


def invoke(*args: str, config: Config | None = None):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(command, list(args), obj={"config": config or Config()})


def test_list_filters_by_code_and_date() -> None:
    result = invoke("list", "--code", "USA", "--at", "2022-06-01", "--kind", "person")
    assert result.exit_code == 0, result.output
    assert "person:joe-biden" in result.output
    assert "person:donald-trump" not in result.output


def test_list_json_and_search() -> None:
    result = invoke("list", "--search", "reuters", "--json")
    rows = [json.loads(line) for line in result.output.splitlines()]
    assert [r["id"] for r in rows] == ["media:reuters"]


def test_show_by_alias_and_by_sector_variant() -> None:
    result = invoke("show", "Zelensky")
    assert json.loads(result.output)["id"] == "person:volodymyr-zelenskyy"
    result = invoke("show", "country:RUS:MIL")
    assert json.loads(result.output)["sector"] == "MIL"
    assert invoke("show", "Nobody Atall").exit_code == 1


def test_add_validates_and_appends(tmp_path: Path) -> None:
    path = tmp_path / "mine.jsonl"
    config = Config(knowledge_base_files=(str(path),))
    result = invoke("add", "--name", "Olena Kvitka", "--code", "ukr", "--sector", "LEG",
                    "--office", "speaker@UKR@2024-01-01", config=config)
    assert result.exit_code == 0, result.output
    [line] = path.read_text(encoding="utf-8").splitlines()
    assert json.loads(line)["id"] == "person:olena-kvitka"
    # the same id again is a conflict, reported against the user's file
    again = invoke("add", "--name", "Olena Kvitka", config=config)
    assert again.exit_code == 1 and "defined twice" in again.output and str(path) in again.output
    # a built-in id needs --override
    clash = invoke("add", "--name", "Donald Trump", config=config)
    assert clash.exit_code == 1 and "conflicts with the built-in" in clash.output
    bad = invoke("add", "--name", "X Y", "--sector", "NOPE", config=config)
    assert bad.exit_code == 1 and "unknown PLOVER sector" in bad.output
    assert len(path.read_text(encoding="utf-8").splitlines()) == 1


def test_add_needs_a_file() -> None:
    result = invoke("add", "--name", "A B")
    assert result.exit_code == 2


def test_list_reads_the_store_too(tmp_path: Path) -> None:
    from tests.fusion.conftest import report

    from dateline.model import Actor
    from dateline.store import open_store

    db = tmp_path / "a.db"
    doc = report("doc-1", "Local militia shelled the village.", "2024-05-02", [{}])
    doc.actors.append(Actor("prov:local-militia", "local militia", kind="group", provisional=True))
    with open_store(db) as store:
        store.save(doc)
    result = invoke("list", "--db", str(db), "--from", "store", "--format", "json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert {r["id"] for r in rows} >= {"prov:local-militia", "country:RUS:MIL"}
    assert all(r["from"] == "store" and r["documents"] == 1 for r in rows)
    both = json.loads(invoke("list", "--db", str(db), "--format", "json").output)
    russia = next(r for r in both if r["id"] == "country:RUS:MIL")
    assert russia["documents"] == 1
    limited = invoke("list", "--db", str(db), "--limit", "3", "--format", "csv")
    assert len(limited.output.splitlines()) == 4  # header and three rows
    missing = invoke("list", "--db", str(tmp_path / "none.db"), "--from", "store")
    assert missing.exit_code == 1 and "no store" in missing.output
