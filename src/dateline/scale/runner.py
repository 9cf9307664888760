"""The batch runner: read inputs, partition, dispatch to an engine, commit results.

The driver (this process) reads inputs into documents, skips those already
done, groups the rest into partitions and keeps a bounded number of them in
flight on the engine. Results are written by the driver only -- to Parquet
(:mod:`dateline.scale.parquet`) and/or a store -- so one partition's rows are
written exactly once however often its task ran.

A partition whose worker died is retried; if it dies again it is split into
single documents, and a single document that still kills its worker is a
*poison document*: recorded as a failure with its error and not tried again.
Documents for which the pipeline itself raised are recorded the same way at
once (they would fail again).

With a store, the driver also *fuses* (:func:`dateline.fusion.engine.fuse_document`:
duplicates, stories, fused events) each document it saves. Fusion depends on
the order documents arrive in (greedy grouping, story assignment, ids numbered
``max(id) + 1``), and partitions finish in any order, so results are held until
every earlier document of the input has been written or has failed, then saved
and fused in input order: the store ends up as ``dateline ingest`` of the same
input, one document at a time, would leave it.
"""

from __future__ import annotations

import sys
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dateline.api import Recorded, record
from dateline.config import Config
from dateline.errors import ConfigError, DatelineError
from dateline.ingest import InputFailure, read_inputs
from dateline.model import Document, Extraction
from dateline.scale.engines import Engine, Finished, make_engine
from dateline.scale.parquet import Failure, ParquetOutput, TableRows
from dateline.scale.worker import PartitionResult
from dateline.store.migrations import utc_now as _now
from dateline.store.rows import DocumentRows, flatten
from dateline.version import PIPELINE_VERSION

DEFAULT_PARTITION_SIZE = 16
# Partitions in flight per worker: enough to keep workers busy while the driver
# commits, few enough to bound driver memory on a large input.
IN_FLIGHT_PER_WORKER = 2
# Worker deaths a partition may cause before it is split into single documents
# (and a single document before it is recorded as poison).
MAX_ATTEMPTS = 2
WORKER_DIED = "E201"
# Finished results held for an earlier, slower partition (see _Run.run), in partitions
# per partition in flight: bounds driver memory behind a straggler.
HELD_PER_IN_FLIGHT = 2


@dataclass
class Task:
    key: str
    documents: list[Document]
    attempts: int = 0


@dataclass
class _Held:
    """A document's turn in the store, kept until every earlier document has had its own."""

    document: Document
    extraction: Extraction | None  # None: the document failed (or needs fusion only)
    attempts: int = 1
    fuse_only: bool = False  # stored by an earlier run that did not fuse it


@dataclass
class BatchReport:
    engine: str = ""
    workers: int = 0
    processed: int = 0          # documents written
    skipped: int = 0            # already done by an earlier run
    duplicates: int = 0         # same content id seen twice in this input
    failed: list[Failure] = field(default_factory=list)
    input_failures: list[tuple[str, str]] = field(default_factory=list)  # (source, error)
    partitions: int = 0
    crashes: int = 0            # partitions lost with their worker (then retried)
    startup_seconds: float = 0.0
    seconds: float = 0.0        # from the first partition submitted to the last committed
    peak_rss: dict[int, int] = field(default_factory=dict)  # worker pid -> bytes
    worker_seconds: float = 0.0  # time workers spent inside partitions
    worker_cpu_seconds: float = 0.0  # CPU time workers spent inside partitions
    driver_cpu_seconds: float = 0.0  # this process (and a LocalCluster's scheduler) while running
    fuse: bool = False          # whether stored documents were fused
    fused: int = 0              # documents fused by this run
    fuse_seconds: float = 0.0   # driver time spent fusing (inside ``seconds``)
    not_fused: list[tuple[str, str]] = field(default_factory=list)  # (source, error); stored
    fusion: dict[str, int] = field(default_factory=dict)  # the store's fusion totals at the end

    @property
    def docs_per_second(self) -> float:
        return self.processed / self.seconds if self.seconds else 0.0

    @property
    def max_peak_rss(self) -> int:
        return max(self.peak_rss.values(), default=0)

    def summary(self) -> dict[str, Any]:
        return {
            "engine": self.engine, "workers": self.workers, "processed": self.processed,
            "skipped": self.skipped, "duplicates": self.duplicates, "failed": len(self.failed),
            "input_failures": len(self.input_failures), "partitions": self.partitions,
            "crashes": self.crashes, "startup_seconds": round(self.startup_seconds, 3),
            "seconds": round(self.seconds, 3), "docs_per_second": round(self.docs_per_second, 3),
            "max_peak_rss_mib": round(self.max_peak_rss / 2**20, 1),
            "worker_seconds": round(self.worker_seconds, 3),
            "worker_cpu_seconds": round(self.worker_cpu_seconds, 3),
            "driver_cpu_seconds": round(self.driver_cpu_seconds, 3),
            "fuse": self.fuse, "fused": self.fused, "not_fused": len(self.not_fused),
            "fuse_seconds": round(self.fuse_seconds, 3),
            "fused_events": self.fusion.get("fused_events", 0),
            "multi_source_events": self.fusion.get("multi_source_events", 0),
            "stories": self.fusion.get("stories", 0),
        }


class _Progress:
    def __init__(self, enabled: bool) -> None:
        self.bar: Any = None
        if enabled:
            from tqdm import tqdm

            self.bar = tqdm(desc="batch", unit="doc", file=sys.stderr, dynamic_ncols=True)

    def update(self, n: int, report: BatchReport) -> None:
        if self.bar is not None:
            extra = {"fused": report.fused} if report.fuse else {}
            self.bar.set_postfix(skipped=report.skipped, failed=len(report.failed), **extra,
                                 refresh=False)
            self.bar.update(n)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def run_batch(
    inputs: Iterable[str | Path],
    config: Config,
    *,
    engine: str | Engine = "local",
    workers: int | None = None,
    scheduler: str | None = None,
    out: str | Path | None = None,
    db: str | None = None,
    partition_size: int = DEFAULT_PARTITION_SIZE,
    plugins: Iterable[str] = (),
    retry_failed: bool = False,
    progress: bool = False,
    on_result: Callable[[PartitionResult], None] | None = None,
    fuse: bool = True,
) -> BatchReport:
    """Process ``inputs`` on ``engine`` into partitioned Parquet (``out``) and/or a store (``db``).

    Resumable: documents already in ``out`` (or recorded there as failed,
    unless ``retry_failed``) and documents stored in ``db`` by this pipeline
    version are skipped. ``plugins`` are modules imported on every worker
    before the pipeline is built (for stages registered outside dateline).
    ``on_result`` is called on the driver after each partition is committed.
    With ``fuse`` (and ``db``), stored documents are fused in input order, as
    ``dateline ingest`` would; documents a previous run stored without fusing
    (``fuse=False``, or fusion failed) are fused too.
    """
    if out is None and db is None:
        raise ConfigError("batch needs somewhere to write: --out DIR and/or --db URL")
    if partition_size < 1:
        raise ConfigError(f"partition size must be at least 1, not {partition_size}")
    plugin_modules = tuple(plugins)
    output = ParquetOutput(out) if out is not None else None
    store = None
    if db is not None:
        from dateline.store import open_store

        store = open_store(db)
    runner = make_engine(engine, workers, scheduler) if isinstance(engine, str) else engine
    report = BatchReport(engine=runner.name, fuse=fuse and store is not None)
    bar = _Progress(progress)
    try:
        started = time.perf_counter()
        runner.start(config, plugin_modules)
        report.workers = runner.workers
        report.startup_seconds = time.perf_counter() - started
        _Run(runner, config, output, store, report, bar, partition_size, retry_failed,
             on_result).run(inputs)
        if report.fuse and store is not None:
            from dateline.fusion.engine import totals

            report.fusion = totals(store)
    finally:
        bar.close()
        runner.close()
        if store is not None:
            store.close()
        if output is not None:
            output.close()
    return report


class _Run:
    def __init__(
        self, engine: Engine, config: Config, output: ParquetOutput | None, store: Any,
        report: BatchReport, bar: _Progress, partition_size: int, retry_failed: bool,
        on_result: Callable[[PartitionResult], None] | None,
    ) -> None:
        self.engine, self.config, self.output, self.store = engine, config, output, store
        self.report, self.bar, self.partition_size = report, bar, partition_size
        self.on_result = on_result
        # Ids already in the Parquet output; grows as partitions are committed.
        self.in_output: set[str] = (
            output.done_ids(include_failures=not retry_failed) if output is not None else set()
        )
        self.seen: set[str] = set()
        self._keys = 0
        # Store writes in input order: each document's position, and finished ones
        # waiting for an earlier position (see the module docstring).
        self.position: dict[str, int] = {}
        self.held: dict[int, _Held] = {}
        self.next_position = 0
        self._positions = 0

    # -- input ---------------------------------------------------------------
    def _done(self, document: Document) -> bool:
        in_output = self.output is None or document.id in self.in_output
        in_store = self.store is None or self.store.has(document.id, PIPELINE_VERSION)
        return in_output and in_store

    def _tasks(self, inputs: Iterable[str | Path]) -> Iterator[Task]:
        batch: list[Document] = []
        for item in read_inputs([str(p) for p in inputs], self.config):
            if isinstance(item, InputFailure):
                self.report.input_failures.append((item.source, str(item.error)))
                continue
            if item.id in self.seen:
                self.report.duplicates += 1
                continue
            self.seen.add(item.id)
            if self._done(item):
                self.report.skipped += 1
                if self.store is not None and self._unfused(item):
                    self.held[self._number()] = _Held(item, None, fuse_only=True)
                    self._release()  # now, if nothing earlier is pending: bounds ``held``
                self.bar.update(0, self.report)
                continue
            if self.store is not None:
                self.position[item.id] = self._number()
            batch.append(item)
            if len(batch) >= self.partition_size:
                yield self._task(batch)
                batch = []
        if batch:
            yield self._task(batch)

    def _number(self) -> int:
        self._positions += 1
        return self._positions - 1

    def _unfused(self, document: Document) -> bool:
        """Stored by an earlier run that did not fuse it (``--no-fuse``, or fusion failed)."""
        if not self.report.fuse:
            return False
        from dateline.fusion.engine import is_fused

        return not is_fused(self.store, document.id)

    def _task(self, documents: list[Document], attempts: int = 0) -> Task:
        self._keys += 1
        return Task(f"{self._keys:07d}-{documents[0].id[:8]}", documents, attempts)

    # -- the loop -------------------------------------------------------------
    def run(self, inputs: Iterable[str | Path]) -> None:
        tasks = self._tasks(inputs)
        # Partitions lost with a worker go to ``suspects`` and then run one at a
        # time: when a local pool breaks, every partition in flight fails with
        # it, and only a partition that crashes *alone* is known to be guilty.
        suspects: deque[Task] = deque()
        in_flight: dict[Any, Task] = {}
        limit = max(1, self.engine.workers) * IN_FLIGHT_PER_WORKER
        max_held = limit * HELD_PER_IN_FLIGHT * self.partition_size
        exhausted = False
        started, cpu_started = time.perf_counter(), time.process_time()
        while True:
            # Results held behind a straggler count against submitting more, except
            # with nothing in flight: then only reading on can complete the order.
            while (not suspects and len(in_flight) < limit and not exhausted
                   and (not in_flight or len(self.held) < max_held)):
                task = next(tasks, None)
                if task is None:
                    exhausted = True
                else:
                    in_flight[self.engine.submit(task.key, task.documents)] = task
            if suspects and not in_flight:
                task = suspects.popleft()
                in_flight[self.engine.submit(task.key, task.documents)] = task
            if not in_flight:
                break
            alone = len(in_flight) == 1
            for finished in self.engine.wait(in_flight):
                task = in_flight.pop(finished.handle)
                if finished.result is not None:
                    self._commit(task, finished.result)
                else:
                    suspects.extend(self._crashed(task, finished, alone))
        # Every position is filled by now (each document was written or failed); a
        # gap would be a bug, and must not cost the documents after it their turn.
        while self.held:
            self.next_position = min(self.held)
            self._release()
        self.report.seconds = time.perf_counter() - started
        self.report.driver_cpu_seconds = time.process_time() - cpu_started

    def _crashed(self, task: Task, finished: Finished, alone: bool) -> list[Task]:
        """What to do with a partition whose worker died: retry, split, or give up."""
        self.report.crashes += 1
        if finished.exhausted:  # the engine already retried it on other workers
            task.attempts = MAX_ATTEMPTS
        elif alone:
            task.attempts += 1
        else:
            return [task]  # maybe innocent: retry it on its own
        if task.attempts < MAX_ATTEMPTS:
            return [task]
        if len(task.documents) > 1:
            # Find the culprit: each document gets one more try on its own.
            return [self._task([d], MAX_ATTEMPTS - 1) for d in task.documents]
        document = task.documents[0]
        error = finished.crash
        failure = Failure(
            document.id, document.source or document.id, WORKER_DIED,
            f"[{WORKER_DIED}] the worker died processing this document "
            f"({task.attempts} attempts): {type(error).__name__}: {error}",
            attempts=task.attempts, failed_at=_now(), pipeline_version=PIPELINE_VERSION,
        )
        self._write(task, PartitionResult(task.key), [failure])
        return []

    def _commit(self, task: Task, result: PartitionResult) -> None:
        failures = [
            Failure(e.id, e.source, e.code, e.message, attempts=task.attempts + 1,
                    failed_at=_now(), pipeline_version=PIPELINE_VERSION)
            for e in result.errors
        ]
        self._write(task, result, failures)
        pid = result.pid
        self.report.peak_rss[pid] = max(self.report.peak_rss.get(pid, 0), result.peak_rss)
        self.report.worker_seconds += result.seconds
        self.report.worker_cpu_seconds += result.cpu_seconds
        if self.on_result is not None:
            self.on_result(result)

    def _write(self, task: Task, result: PartitionResult, failures: list[Failure]) -> None:
        ingested_at = _now()

        def failed(extraction: Extraction, exc: DatelineError) -> None:
            document = extraction.document
            failures.append(Failure(document.id, document.source or document.id, exc.code,
                                    str(exc), attempts=task.attempts + 1, failed_at=ingested_at,
                                    pipeline_version=PIPELINE_VERSION))

        # Flatten first: an extraction the store would refuse (e.g. duplicate ids from
        # a stage bug) is that document's failure, not the batch's.
        good: list[tuple[Extraction, DocumentRows]] = []
        for extraction in result.extractions:
            try:
                good.append((extraction, flatten(extraction, ingested_at)))
            except DatelineError as exc:
                failed(extraction, exc)
        if self.output is not None:
            rows = TableRows()
            for extraction, flat in good:
                if extraction.document.id not in self.in_output:
                    rows.add(extraction, flat)
            for failure in failures:
                rows.add_failure(failure)
            self.output.commit(rows)
            self.in_output.update(e.document.id for e, _ in good)
            self.in_output.update(f.id for f in failures if f.id)
        self.report.failed.extend(failures)
        self.report.partitions += 1
        if self.store is None:
            self.report.processed += len(good)
            self.bar.update(len(good) + len(failures), self.report)
            return
        # Documents that failed still take their turn (as nothing), or later ones would wait.
        written = {extraction.document.id: extraction for extraction, _ in good}
        for document in task.documents:
            position = self.position.pop(document.id, None)
            if position is not None:
                self.held[position] = _Held(document, written.get(document.id), task.attempts + 1)
        self.bar.update(len(failures), self.report)
        self._release()

    # -- the store, in input order ---------------------------------------------
    def _release(self) -> None:
        """Save (and fuse) held documents whose turn has come."""
        n = 0
        while self.next_position in self.held:
            held = self.held.pop(self.next_position)
            self.next_position += 1
            if held.fuse_only:
                self._fused(held.document, record(self.store, self.store.get(held.document.id)))
            elif held.extraction is not None:
                self._save(held, held.extraction)
                n += 1
        if n:
            self.bar.update(n, self.report)

    def _save(self, held: _Held, extraction: Extraction) -> None:
        document = extraction.document
        try:
            recorded = record(self.store, extraction, fuse=self.report.fuse)
        except DatelineError as exc:
            self.report.failed.append(Failure(
                document.id, document.source or document.id, exc.code, str(exc),
                attempts=held.attempts, failed_at=_now(), pipeline_version=PIPELINE_VERSION))
            return
        self.report.processed += 1
        self._fused(document, recorded)

    def _fused(self, document: Document, recorded: Recorded) -> None:
        """Count what :func:`~dateline.api.record` did; a fusion failure leaves the
        document stored and unfused, for a re-run."""
        self.report.fuse_seconds += recorded.fuse_seconds
        if recorded.fused:
            self.report.fused += 1
        elif recorded.fusion_error is not None:
            self.report.not_fused.append((document.source or document.id, str(recorded.fusion_error)))
