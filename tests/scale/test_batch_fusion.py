"""Batch fusion: a batch into a store leaves the record one-by-one ingest would.

Partitions finish in any order; the driver saves and fuses in input order. The
fast tests run the batch runner in this process on an engine that hands results
back in reverse (:class:`ReversingEngine`) with a stand-in pipeline that returns
hand-written extractions (the reports of ``tests/fusion/test_backends.py``), so the
fusion is known to be non-trivial and no model is loaded. One slow test runs the
real pipeline on worker processes over articles written for it.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest

import dateline.api
from dateline.api import ingest
from dateline.config import Config
from dateline.errors import ProcessingError
from dateline.fusion import engine as fusion
from dateline.model import Document, Extraction
from dateline.pipeline import Outcome
from dateline.scale import run_batch
from dateline.scale.engines import Engine, Finished
from dateline.scale.worker import PartitionResult, process_partition
from dateline.store import open_store
from dateline.store.base import Store
from dateline.version import PIPELINE_VERSION
from tests.fusion.test_backends import corpus as reports
from tests.scale.conftest import PLUGINS
from tests.store.pg import BACKENDS, backend_store, schema_url

TABLES = ("fusion_documents", "fusion_bands", "fusion_df", "fusion_stories", "fusion_members",
          "fusion_events", "fusion_links", "fusion_contradictions")
POISON = "poison"


def record(store: Store) -> dict[str, Any]:
    """Every fusion row (timestamps aside), the documents in ingest order, and the answers."""
    tables: dict[str, Any] = {}
    for table in TABLES:
        rows = [dict(r) for r in store.select(f"SELECT * FROM {table}")]
        for row in rows:
            row.pop("updated_at", None)
            row.pop("rowid", None)  # PostgreSQL's explicit rowid column
            for key, value in row.items():
                if isinstance(value, memoryview | bytearray):
                    row[key] = bytes(value)
        tables[table] = sorted(rows, key=lambda r: json.dumps(r, sort_keys=True, default=str))
    order = [r[0] for r in store.select("SELECT id FROM documents ORDER BY pk")]
    answers = {
        "fused": fusion.fused_events(store), "stories": fusion.stories(store),
        "duplicates": fusion.duplicates(store), "contradictions": fusion.cross_contradictions(store),
    }
    return {"tables": tables, "order": order, "answers": answers}


# -- a stand-in pipeline and an engine that reverses completion order ------------------
def write_corpus(path: Path, *, poison_at: int | None = None, repeat: int | None = None) -> Path:
    """The fusion reports as JSONL (title = the report's id), plus a poison record and a repeat."""
    lines = []
    for extraction in reports():
        doc = extraction.document
        lines.append({"title": doc.id, "text": doc.text, "published": doc.published})
    if poison_at is not None:
        lines.insert(poison_at, {"title": POISON, "text": "A report nobody can process.",
                                 "published": "2023-03-14"})
    if repeat is not None:
        lines.append(lines[repeat])
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    return path


class StandInPipeline:
    """Returns the hand-written extraction of each report (by title) for the document read."""

    def __init__(self) -> None:
        self.by_title = {e.document.id: e for e in reports()}

    def pipe(self, documents: Iterable[Document]) -> Iterator[Outcome]:
        for doc in documents:
            source = doc.source or doc.id
            if doc.title == POISON:
                yield Outcome(source, error=ProcessingError("stand-in stage failed", source=source))
                continue
            spec = self.by_title[doc.title or ""]
            yield Outcome(source, extraction=Extraction(
                document=doc, actors=spec.actors, places=spec.places, events=spec.events,
                layers=spec.layers, pipeline_version=PIPELINE_VERSION,
            ))


class ReversingEngine(Engine):
    """Runs partitions in this process; ``wait`` returns the newest finished one first."""

    name = "reversing"

    def __init__(self, workers: int = 3) -> None:
        self.workers = workers
        self.config: Config | None = None
        self.results: dict[str, PartitionResult] = {}

    def start(self, config: Config, plugins: tuple[str, ...]) -> None:
        self.config = config

    def submit(self, key: str, documents: list[Document]) -> Any:
        assert self.config is not None
        self.results[key] = process_partition(key, documents, self.config)
        return key  # keys are numbered in submission order

    def wait(self, handles: Iterable[Any]) -> list[Finished]:
        newest = max(handles)
        return [Finished(newest, result=self.results.pop(newest))]

    def close(self) -> None:
        pass


@pytest.fixture
def stand_in(monkeypatch: pytest.MonkeyPatch) -> None:
    pipeline = StandInPipeline()
    monkeypatch.setattr(dateline.api, "get_pipeline", lambda config: pipeline)


def one_by_one(path: Path, config: Config) -> dict[str, Any]:
    """The reference: ``dateline ingest`` of the same input (save, then fuse, per document)."""
    with backend_store("sqlite") as store:
        ingest([path], config, store)
        return record(store)


@pytest.mark.usefixtures("stand_in")
@pytest.mark.parametrize("backend", BACKENDS)
def test_batch_fuses_like_one_by_one_ingest(backend: str, tmp_path: Path) -> None:
    config = Config(stages=("segment",))
    path = write_corpus(tmp_path / "reports.jsonl", poison_at=2, repeat=0)
    expected = one_by_one(path, config)
    assert len(expected["order"]) == len(reports())
    assert any(len(f["sources"]) >= 3 for f in expected["answers"]["fused"])  # fusion happened
    assert expected["answers"]["duplicates"]

    finished: list[str] = []
    with contextlib.ExitStack() as stack:
        url = (str(tmp_path / "batch.db") if backend == "sqlite"
               else stack.enter_context(schema_url()))
        report = run_batch([path], config, engine=ReversingEngine(), db=url, partition_size=1,
                           on_result=lambda r: finished.append(r.key))
        assert finished != sorted(finished)  # partitions did finish out of input order
        assert report.fuse and report.fused == len(reports()) and not report.not_fused
        assert (report.processed, report.duplicates, len(report.failed)) == (len(reports()), 1, 1)
        assert report.fusion["fused_events"] == len(expected["answers"]["fused"])
        with open_store(url) as batch_store:
            assert record(batch_store) == expected


@pytest.mark.usefixtures("stand_in")
def test_no_fuse_then_a_rerun_fuses_in_input_order(tmp_path: Path) -> None:
    config = Config(stages=("segment",))
    path = write_corpus(tmp_path / "reports.jsonl")
    db = str(tmp_path / "batch.db")
    raw = run_batch([path], config, engine=ReversingEngine(), db=db, partition_size=2, fuse=False)
    assert raw.processed == len(reports()) and not raw.fuse and raw.fused == 0
    assert raw.summary()["fused_events"] == 0
    with open_store(db) as store:
        assert fusion.totals(store)["documents"] == 0
    again = run_batch([path], config, engine=ReversingEngine(), db=db, partition_size=2)
    assert (again.processed, again.skipped, again.fused) == (0, len(reports()), len(reports()))
    with open_store(db) as store:
        assert record(store) == one_by_one(path, config)
    third = run_batch([path], config, engine=ReversingEngine(), db=db, partition_size=2)
    assert (third.skipped, third.fused) == (len(reports()), 0)  # nothing left to fuse


@pytest.mark.usefixtures("stand_in")
def test_a_document_fusion_fails_on_is_stored_unfused_and_fused_by_a_rerun(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    config = Config(stages=("segment",))
    path = write_corpus(tmp_path / "reports.jsonl")
    db = str(tmp_path / "batch.db")
    real = fusion._fuse_events

    def broken(conn: Any, report: Any, extraction: Extraction) -> set[int]:
        # Fails halfway through the document's fusion transaction (its document row,
        # bands and story are written by then): all of it must roll back.
        if extraction.document.title == "port-local":
            raise KeyError("a fusion bug")
        return real(conn, report, extraction)

    monkeypatch.setattr(fusion, "_fuse_events", broken)
    report = run_batch([path], config, engine=ReversingEngine(), db=db, partition_size=2)
    assert report.processed == len(reports()) and report.fused == len(reports()) - 1
    ((source, message),) = report.not_fused
    assert "[E311]" in message and "KeyError" in message and source.endswith(":2")
    with open_store(db) as store:
        (bad,) = [e.document.id for e in store.iter_extractions() if e.document.title == "port-local"]
        assert not fusion.is_fused(store, bad)
        assert store.select("SELECT count(*) FROM fusion_bands WHERE document_id = ?", (bad,))[0][0] == 0
        # nothing half-written: the only problem is the document left unfused
        assert store.verify() == [f"document {bad}: stored but not fused (dateline ingest fuses it)"]
    monkeypatch.setattr(fusion, "_fuse_events", real)
    rerun = run_batch([path], config, engine=ReversingEngine(), db=db, partition_size=2)
    assert (rerun.processed, rerun.fused, rerun.not_fused) == (0, 1, [])
    with open_store(db) as store:
        assert fusion.is_fused(store, bad)


@pytest.mark.usefixtures("stand_in")
def test_ingest_goes_on_when_one_documents_fusion_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    config = Config(stages=("segment",))
    path = write_corpus(tmp_path / "reports.jsonl")
    real = fusion._fuse_events

    def broken(conn: Any, report: Any, extraction: Extraction) -> set[int]:
        if extraction.document.title == "port-local":
            raise KeyError("a fusion bug")  # not a DatelineError: a bug, not bad input
        return real(conn, report, extraction)

    monkeypatch.setattr(fusion, "_fuse_events", broken)
    with open_store(str(tmp_path / "ingest.db")) as store:
        report = ingest([path], config, store)
        assert report.stored == len(reports())  # every document stored, the broken one too
        (warning,) = [w for _, w in report.warnings if w.startswith("not fused")]
        assert "[E311]" in warning and "KeyError" in warning
        assert fusion.totals(store)["documents"] == len(reports()) - 1
        (problem,) = store.verify()  # nothing half-written: only the document left unfused
        assert problem.endswith("stored but not fused (dateline ingest fuses it)")


@pytest.mark.usefixtures("stand_in")
def test_cli_batch_fuses_unless_no_fuse(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from click.testing import CliRunner

    from dateline.interfaces.cli import main

    path = write_corpus(tmp_path / "reports.jsonl")
    db = str(tmp_path / "cli.db")
    args = ["batch", str(path), "--db", db, "--workers", "1", "--stages", "segment", "--quiet"]
    # The CLI builds a real engine; run the partitions in this process instead.
    monkeypatch.setattr("dateline.scale.runner.make_engine",
                        lambda name, workers, scheduler: ReversingEngine())
    raw = CliRunner().invoke(main, [*args, "--no-fuse", "--json"])
    assert raw.exit_code == 0, raw.output
    summary = json.loads(raw.stdout)
    assert (summary["fuse"], summary["fused"]) == (False, 0)
    fused = CliRunner().invoke(main, args)
    assert fused.exit_code == 0, fused.output
    assert f"fused {len(reports())} documents" in fused.stderr
    assert "fused events" in fused.stderr and "stories" in fused.stderr


# -- the real pipeline on worker processes ---------------------------------------------
SHELLING = (
    "Russian forces shelled the city of Kharkiv on Monday, killing three civilians, the "
    "regional governor said. Rescue teams worked through the night to clear the rubble."
)
SHELLING_2 = (
    "Three people were killed when Russian artillery shelled Kharkiv on Monday, Ukrainian "
    "officials said, adding that a school and two apartment blocks were damaged."
)
TALKS = (
    "Ukrainian and Polish ministers met in Warsaw on Tuesday to discuss grain exports, and both "
    "sides said they would meet again next month."
)
AID = (
    "Germany pledged new air defence systems to Ukraine on Wednesday, the defence minister told "
    "parliament in Berlin."
)


@pytest.mark.model
@pytest.mark.slow
def test_real_pipeline_batch_on_workers_fuses_like_ingest(tmp_path: Path) -> None:
    config = Config.load().with_overrides(stages=(*Config.load().stages, "test_slow"))
    import tests.scale.plugin_stages  # noqa: F401 - registers test_slow for ingest() here

    texts = [(SHELLING, "2023-03-06"), (SHELLING_2, "2023-03-06"), (TALKS, "2023-03-07"),
             (SHELLING + " Additional reporting by the desk.", "2023-03-07"), (AID, "2023-03-08"),
             (SHELLING_2.replace("Three", "Four"), "2023-03-07")]
    path = tmp_path / "articles.jsonl"
    path.write_text("".join(json.dumps({"title": f"a{i}", "text": t, "published": p}) + "\n"
                            for i, (t, p) in enumerate(texts)), encoding="utf-8")
    db = str(tmp_path / "batch.db")
    report = run_batch([path], config, engine="local", workers=2, db=db, partition_size=1,
                       plugins=PLUGINS)
    assert report.processed == len(texts) and report.fused == len(texts) and not report.failed
    with open_store(db) as store:
        got = record(store)
    assert got == one_by_one(path, config)
    assert got["answers"]["duplicates"] and got["answers"]["fused"]
