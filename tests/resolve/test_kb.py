"""The knowledge base: data files, validation, user files, offices at a date."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dateline.errors import KnowledgeBaseError
from dateline.resolve.actors.describe import resolve_description
from dateline.resolve.actors.kb import load_knowledge_base, read_jsonl


def test_builtin_kb_loads_with_core_actors() -> None:
    kb = load_knowledge_base()
    trump = kb.get("person:donald-trump")
    assert trump is not None and trump.wikidata == "Q22686" and trump.code == "USA"
    assert kb.get("org:nato") is not None and kb.get("org:nato").code == "NATO"  # type: ignore[union-attr]
    assert kb.get("media:reuters").kind == "media"  # type: ignore[union-attr]
    assert kb.get("country:UKR").iso2 == "UA"  # type: ignore[union-attr]
    zelenskyy = [e.id for e in kb.by_alias["zelenskiy"]]
    assert zelenskyy == ["person:volodymyr-zelenskyy"]
    assert {e.id for e in kb.by_alias["zelensky"]} == {"person:volodymyr-zelenskyy"}


def test_every_builtin_wikidata_id_is_unique() -> None:
    kb = load_knowledge_base()
    ids = [e.wikidata for e in kb.entries.values() if e.wikidata]
    assert len(ids) == len(set(ids))


def test_sector_variants_are_built_on_demand() -> None:
    kb = load_knowledge_base()
    mil = kb.get("country:RUS:MIL")
    assert mil is not None and (mil.code, mil.sector) == ("RUS", "MIL")
    assert kb.get("country:RUS:XYZ") is None
    assert kb.get("country:ZZZ:GOV") is None


@pytest.mark.parametrize(
    ("when", "expected"),
    [
        ("2025-07-04", "person:donald-trump"),
        ("2022-03-01", "person:joe-biden"),
        ("2019-06-01", "person:donald-trump"),
        ("2015-06-01", "person:barack-obama"),
        ("2021-01-20", "person:joe-biden"),  # the day the office changes hands
    ],
)
def test_us_president_at_a_date(when: str, expected: str) -> None:
    entry = resolve_description("the US president", when)
    assert entry is not None and entry.id == expected


def test_predecessor_depends_on_the_date() -> None:
    assert resolve_description("his predecessor", "2025-07-04", "person:donald-trump").name == "Joe Biden"  # type: ignore[union-attr]
    assert resolve_description("his predecessor", "2019-03-01", "person:donald-trump").name == "Barack Obama"  # type: ignore[union-attr]
    assert resolve_description("his predecessor", "2025-07-04", None) is None


@pytest.mark.parametrize(
    ("text", "when", "expected"),
    [
        ("the Russian leader", "2025-07-04", "person:vladimir-putin"),
        ("the British prime minister", "2022-10-01", "person:liz-truss"),
        ("the British prime minister", "2023-10-01", "person:rishi-sunak"),
        ("Germany's chancellor", "2023-01-01", "person:olaf-scholz"),
        ("the German chancellor", "2025-07-04", "person:friedrich-merz"),
        ("Kremlin foreign policy aide", "2025-07-04", "person:yuri-ushakov"),
        ("the Kremlin spokesman", "2023-05-01", "person:dmitry-peskov"),
        ("Ukraine's foreign minister", "2023-05-01", "person:dmytro-kuleba"),
        ("Russian forces", "2023-05-01", "country:RUS:MIL"),
        ("Ukrainian officials", "2023-05-01", "country:UKR:GOV"),
        ("US diplomats", "2023-05-01", "country:USA:GOV"),
        ("A White House spokesperson", "2025-07-04", "country:USA:GOV"),
        ("Israeli troops", "2024-01-01", "country:ISR:MIL"),
        ("the President of Ukraine", "2023-03-01", "person:volodymyr-zelenskyy"),
        ("the Prime Minister of the United Kingdom", "2023-03-01", "person:rishi-sunak"),
        ("the President of Pakistan", "2023-03-01", "country:PAK:GOV"),
    ],
)
def test_descriptions(text: str, when: str, expected: str) -> None:
    entry = resolve_description(text, when)
    assert entry is not None and entry.id == expected


def test_former_role_is_not_the_current_holder() -> None:
    entry = resolve_description("the former US president", "2025-07-04")
    assert entry is None or entry.id != "person:donald-trump"


def test_unresolvable_description_is_none() -> None:
    assert resolve_description("the weather", "2025-07-04") is None
    assert resolve_description("the president", "2025-07-04") is None  # no country


def _write(tmp_path: Path, lines: list[str]) -> str:
    path = tmp_path / "kb.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(path)


def test_user_file_is_merged(tmp_path: Path) -> None:
    entry = {
        "id": "person:ivan-testenko",
        "name": "Ivan Testenko",
        "aliases": ["I. Testenko"],
        "kind": "person",
        "country": "UKR",
        "sector": "GOV",
        "offices": [{"office": "mayor", "of": "UKR", "start": "2020-01-01"}],
    }
    kb = load_knowledge_base((_write(tmp_path, ["# my actors", json.dumps(entry)]),))
    found = kb.get("person:ivan-testenko")
    assert found is not None and found.aliases == ["I. Testenko"]
    assert kb.get("person:donald-trump") is not None  # the built-in base is still there


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("{not json", "invalid JSON"),
        ('{"kind": "person"}', "missing 'name'"),
        ('{"name": "X Y", "kind": "alien"}', "'kind' must be one of"),
        ('{"name": "X Y", "kind": "person", "sector": "ABC"}', "unknown PLOVER sector"),
        ('{"name": "X Y", "kind": "person", "wikidata": "12"}', "'wikidata' must be a Q-id"),
        ('{"name": "X Y", "kind": "person", "offices": [{"office": "president", "of": "USA", "start": "2020-13-01"}]}', "not a valid date"),
        ('{"name": "X Y", "kind": "person", "offices": [{"office": "president", "of": "USA", "start": "2021-01-01", "end": "2020-01-01"}]}', "ends"),
        ('{"name": "X Y", "kind": "person", "colour": "red"}', "unknown field"),
        ('{"id": "prov:x", "name": "X Y", "kind": "person"}', "reserved"),
    ],
)
def test_malformed_entries_name_file_and_line(tmp_path: Path, line: str, message: str) -> None:
    path = _write(tmp_path, ["", line])
    with pytest.raises(KnowledgeBaseError) as info:
        load_knowledge_base((path,))
    assert message in info.value.message
    assert info.value.source == f"{path}:2"
    assert info.value.code == "E400"


def test_conflicting_id_is_an_error_unless_override(tmp_path: Path) -> None:
    clash = {"id": "person:donald-trump", "name": "Someone Else", "kind": "person"}
    with pytest.raises(KnowledgeBaseError, match="conflicts with the built-in"):
        load_knowledge_base((_write(tmp_path, [json.dumps(clash)]),))
    clash["override"] = True
    other = tmp_path / "other.jsonl"
    other.write_text(json.dumps(clash) + "\n", encoding="utf-8")
    kb = load_knowledge_base((str(other),))
    assert kb.get("person:donald-trump").name == "Someone Else"  # type: ignore[union-attr]


def test_duplicate_id_within_user_files(tmp_path: Path) -> None:
    line = json.dumps({"id": "person:a-b", "name": "A B", "kind": "person"})
    with pytest.raises(KnowledgeBaseError, match="defined twice"):
        load_knowledge_base((_write(tmp_path, [line, line]),))


def test_missing_user_file(tmp_path: Path) -> None:
    with pytest.raises(KnowledgeBaseError, match="not found"):
        load_knowledge_base((str(tmp_path / "nope.jsonl"),))


def test_read_jsonl_defaults_person_id() -> None:
    [(entry, override)] = read_jsonl('{"name": "Jane Q. Doe", "kind": "person"}', "x.jsonl")
    assert entry.id == "person:jane-q-doe" and not override
