"""The short fuzz campaign (scripts/fuzz.py): 500 mutated articles through extract, ingest
and the web API. Mutates news-ukwar articles read in place from ../shared, or the
script's own template articles when that data is absent (said in the summary)."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "fuzz.py"


def _fuzz_module():  # noqa: ANN202 - a module loaded from a path
    spec = importlib.util.spec_from_file_location("dateline_fuzz", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def test_mutations_keep_their_promises() -> None:
    import random

    fuzz = _fuzz_module()
    data = "KYIV (Wire) - Officials said \u201cno\u201d.".encode()
    for seed in range(20):
        assert data.startswith(fuzz.truncate(random.Random(seed), data, 100))
        flooded = fuzz.quote_flood(random.Random(seed), data, 60)
        assert len(flooded) >= len(data) + 50
        assert fuzz.nested_markup(random.Random(seed), data, 40).startswith(b"<html>")
        assert len(fuzz.giant_token(random.Random(seed), data, 300)) > len(data) + 200
    assert fuzz.span_problems({"document": {"text": "abc"}, "x": {"start": 1, "end": 2, "text": "b"},
                               "y": [{"start": 2, "end": 9}], "z": {"start": 0, "end": 1, "text": "q"}}
                              ) == [".y[0]: 2-9 outside 0-3", ".z: text 'q' != 'a'"]


@pytest.mark.model
@pytest.mark.slow
def test_short_fuzz_campaign() -> None:
    pytest.importorskip("fastapi")
    pytest.importorskip("jsonschema")
    report = _fuzz_module().run_campaign(500, seed=11, short=True)
    print(json.dumps(report, indent=2))  # the numbers, in the test log
    assert report["inputs"] == 500 and report["documents"] > 400
    assert report["uncaught_errors"] == 0, report["examples"]
    assert report["e200"] == 0, report["examples"]
    assert report["http_500"] == 0, report["examples"]
    assert report["schema_invalid"] == 0, report["examples"]
    assert report["bad_spans"] == 0, report["examples"]
    assert report["max_document_seconds"] < 10, report["slowest_input"]


@pytest.mark.model
def test_a_body_named_again_is_one_actor_and_the_article_is_stored(tmp_path: Path) -> None:
    # found by this campaign on its own templates (seed 11, input 91): a body the quotes
    # stage made from an earlier speaker ("the defence ministry said") was not indexed,
    # was made again by the next "the ministry" lookup, and the store refused the
    # extraction (E300 duplicate actor id: an HTTP 500 on the web route)
    from dateline.api import extract
    from dateline.store import open_store

    case = next(c for c in _fuzz_module().cases(92, 11, 2_000, []) if c.number == 91)
    extraction = extract(case.data.decode("utf-8", "replace"), published=case.published)
    ids = [a.id for a in extraction.actors]
    assert len(ids) == len(set(ids))
    store = open_store(str(tmp_path / "store.db"))
    store.save(extraction)
    assert {a["id"] for a in store.actors(limit=1000)} >= {a.id for a in extraction.actors if a.mentions}
