"""Batch runs on both engines: output, resumability, poison documents, killed workers.

These start worker processes that each load spaCy, so they are marked ``model``
and ``slow``; corpora are small sentences written for the tests.
"""

from __future__ import annotations

import os
import signal
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest

from dateline.config import Config
from dateline.scale import read_table, run_batch
from dateline.scale.runner import WORKER_DIED
from dateline.scale.worker import PartitionResult
from tests.scale.conftest import PLUGINS
from tests.scale.plugin_stages import CRASH_MARKER, POISON_MARKER

pytestmark = [pytest.mark.model, pytest.mark.slow]

ENGINES = ["local", "dask"]


def ids(out: Path, folder: str = "documents") -> list[str]:
    column = "id" if folder in ("documents", "failures") else "document_id"
    return read_table(out, folder).column(column).to_pylist()


@pytest.mark.parametrize("engine", ENGINES)
def test_batch_writes_every_document_once_and_resumes(
    engine: str, make_corpus: Callable[..., Path], base_config: Config, tmp_path: Path
) -> None:
    corpus = make_corpus(10)
    out = tmp_path / "out"
    report = run_batch([corpus], base_config, engine=engine, workers=2, out=out,
                       partition_size=3)
    assert report.processed == 10 and not report.failed and report.partitions == 4
    written = ids(out)
    assert len(written) == len(set(written)) == 10
    titles = set(read_table(out, "documents").column("title").to_pylist())
    assert titles == {f"Talks {i}" for i in range(10)}
    assert report.max_peak_rss > 0 and report.workers == 2

    # The same input plus two new documents: only the new ones are processed.
    bigger = make_corpus(12, name="bigger.jsonl")
    again = run_batch([bigger, corpus], base_config, engine=engine, workers=2, out=out,
                      partition_size=3)
    assert (again.processed, again.skipped, again.duplicates) == (2, 10, 10)
    assert Counter(ids(out)) == Counter({i: 1 for i in set(ids(out))})
    assert len(ids(out)) == 12


@pytest.mark.parametrize("engine", ENGINES)
def test_poison_document_is_recorded_and_not_retried(
    engine: str, make_corpus: Callable[..., Path], tmp_path: Path
) -> None:
    config = Config(stages=("segment", "test_poison"), batch_size=8)
    corpus = make_corpus(6, markers={4: POISON_MARKER})
    out = tmp_path / "out"
    report = run_batch([corpus], config, engine=engine, workers=2, out=out, partition_size=4,
                       plugins=PLUGINS)
    assert report.processed == 5
    (failure,) = report.failed
    assert failure.code == "E200" and "poisoned document" in failure.error
    assert failure.source.endswith(":5")  # JSONL line of the poisoned record
    assert len(ids(out)) == 5 and ids(out, "failures") == [failure.id]
    assert failure.id not in ids(out)

    rerun = run_batch([corpus], config, engine=engine, workers=2, out=out, partition_size=4,
                      plugins=PLUGINS)
    assert (rerun.processed, rerun.skipped, len(rerun.failed)) == (0, 6, 0)
    retried = run_batch([corpus], config, engine=engine, workers=2, out=out, partition_size=4,
                        plugins=PLUGINS, retry_failed=True)
    assert (retried.processed, retried.skipped, len(retried.failed)) == (0, 5, 1)


def test_document_that_kills_its_worker_is_isolated(
    make_corpus: Callable[..., Path], tmp_path: Path
) -> None:
    config = Config(stages=("segment", "test_crash"), batch_size=8)
    corpus = make_corpus(8, markers={2: CRASH_MARKER})
    out = tmp_path / "out"
    report = run_batch([corpus], config, engine="local", workers=2, out=out, partition_size=4,
                       plugins=PLUGINS)
    assert report.processed == 7 and report.crashes >= 2
    (failure,) = report.failed
    assert failure.code == WORKER_DIED and failure.source.endswith(":3")
    written = ids(out)
    assert len(written) == len(set(written)) == 7


@pytest.mark.parametrize("engine", ENGINES)
def test_killed_worker_loses_and_duplicates_nothing(
    engine: str, make_corpus: Callable[..., Path], tmp_path: Path
) -> None:
    config = Config(stages=("segment", "test_slow"), batch_size=4)
    corpus = make_corpus(40)
    out = tmp_path / "out"
    killed: list[int] = []

    def kill_once(result: PartitionResult) -> None:
        # After the first partition is committed, SIGKILL the worker that ran it:
        # it has more work queued or in progress.
        if not killed and result.pid != os.getpid():
            os.kill(result.pid, signal.SIGKILL)
            killed.append(result.pid)

    report = run_batch([corpus], config, engine=engine, workers=2, out=out, partition_size=2,
                       plugins=PLUGINS, on_result=kill_once)
    assert killed
    assert report.processed == 40 and not report.failed
    written = ids(out)
    assert len(written) == len(set(written)) == 40
    sentences_per_doc = Counter(read_table(out, "documents").column("id").to_pylist())
    assert set(sentences_per_doc.values()) == {1}


def test_batch_into_a_store(
    db_url: str, make_corpus: Callable[..., Path], base_config: Config
) -> None:
    from dateline.store import open_store

    corpus = make_corpus(7)
    report = run_batch([corpus], base_config, engine="local", workers=2, db=db_url,
                       partition_size=2)
    assert report.processed == 7 and not report.failed
    with open_store(db_url) as store:
        assert store.stats()["documents"] == 7
        assert store.verify() == []
    again = run_batch([corpus], base_config, engine="local", workers=2, db=db_url)
    assert (again.processed, again.skipped) == (0, 7)


def test_cli_batch(make_corpus: Callable[..., Path], tmp_path: Path) -> None:
    import json

    from click.testing import CliRunner

    from dateline.interfaces.cli import main

    corpus = make_corpus(4)
    bad = tmp_path / "missing.jsonl"
    out = tmp_path / "out"
    result = CliRunner().invoke(main, [
        "batch", str(corpus), str(bad), "--engine", "local", "--workers", "1", "--out", str(out),
        "--stages", "segment", "--quiet", "--json",
    ])
    assert result.exit_code == 1  # the missing input is reported as a failure
    assert "missing.jsonl" in result.stderr
    summary = json.loads(result.stdout)
    assert summary["processed"] == 4 and summary["input_failures"] == 1
    assert len(ids(out)) == 4
    result = CliRunner().invoke(main, ["batch", str(corpus), "--workers", "1", "--quiet"])
    assert result.exit_code == 1 and "--out DIR and/or --db URL" in result.stderr


@pytest.mark.parametrize("engine", ENGINES)
def test_configuration_errors_surface_once_at_start(
    engine: str, make_corpus: Callable[..., Path], tmp_path: Path
) -> None:
    from dateline.errors import StageError

    config = Config(stages=("segment", "no_such_stage"))
    with pytest.raises(StageError, match="no_such_stage"):
        run_batch([make_corpus(2)], config, engine=engine, workers=1, out=tmp_path / "out")


@pytest.mark.parametrize("engine", ENGINES)
def test_pipeline_is_built_once_per_worker(
    engine: str, make_corpus: Callable[..., Path], tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from tests.scale.plugin_stages import FACTORY_LOG

    log = tmp_path / "factories.log"
    monkeypatch.setenv(FACTORY_LOG, str(log))
    config = Config(stages=("segment", "test_count"), batch_size=4)
    pids: list[int] = []
    report = run_batch([make_corpus(12)], config, engine=engine, workers=2, out=tmp_path / "out",
                       partition_size=1, plugins=PLUGINS, on_result=lambda r: pids.append(r.pid))
    assert report.processed == 12 and report.partitions == 12
    built = Counter(int(line) for line in log.read_text().split())
    assert set(built.values()) == {1}  # each worker process built its pipeline once
    assert set(pids) <= set(built)  # ...and every partition ran on one of those


def test_extraction_the_store_refuses_fails_alone(
    make_corpus: Callable[..., Path], tmp_path: Path
) -> None:
    from tests.scale.plugin_stages import BAD_OUTPUT_MARKER

    config = Config(stages=("segment", "test_bad_output"), batch_size=4)
    out = tmp_path / "out"
    report = run_batch([make_corpus(5, markers={1: BAD_OUTPUT_MARKER})], config, engine="local",
                       workers=1, out=out, db=str(tmp_path / "s.db"), plugins=PLUGINS)
    assert report.processed == 4
    (failure,) = report.failed
    assert failure.code == "E300" and "duplicate quote id" in failure.error
    assert len(ids(out)) == 4 and ids(out, "failures") == [failure.id]
