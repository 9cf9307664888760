"""Extraction in worker processes that can be killed and replaced.

``dateline serve`` and ``dateline watch`` extract documents here rather than in the
process that answers requests or polls feeds: a parse that runs away holds neither the
GIL nor a lock that reads need, and a document that passes its deadline costs only its
worker, which is killed (SIGKILL: spaCy's C code cannot be interrupted from inside) and
replaced. The document fails alone with :class:`~dateline.errors.DocumentTimeoutError`.

A worker loads the pipeline once, then serves one document at a time over a pipe;
it exits when the pipe closes or its parent dies (:mod:`dateline.scale.orphans`).
"""

from __future__ import annotations

import multiprocessing
import os
import queue
import signal
import threading
from multiprocessing.connection import Connection
from typing import Any

from dateline.config import Config
from dateline.errors import DatelineError, DocumentTimeoutError, ProcessingError
from dateline.model import Document, Extraction

# Loading spaCy and the stages' data takes a few seconds; a worker that is not ready
# after this long is broken (a missing model, a stuck import).
START_SECONDS = 300.0


class _Worker:
    def __init__(self, config: Config, plugins: tuple[str, ...]) -> None:
        context = multiprocessing.get_context("spawn")  # the server has threads: no fork
        self.conn, child = context.Pipe()
        self.process = context.Process(target=_serve, args=(child, config, plugins, os.getpid()),
                                       name="dateline-extract", daemon=True)
        self.process.start()
        child.close()
        self.ready = False
        self.lost = False  # its pipe broke: dead or dying (is_alive() may lag behind)

    def run(self, document: Document, deadline: float) -> Extraction:
        source = document.source or document.id
        try:
            if not self.ready:
                self._answer(START_SECONDS, source, "start")
                self.ready = True
            self.conn.send(document)
            return self._answer(deadline, source, "document")
        except (EOFError, OSError) as exc:
            self.lost = True
            raise ProcessingError(f"the extraction worker died ({type(exc).__name__})",
                                  source=source) from None

    def _answer(self, seconds: float, source: str, what: str) -> Any:
        if not self.conn.poll(seconds):
            if what == "start":
                raise ProcessingError(f"the extraction worker did not start in {seconds:g} s",
                                      source=source)
            raise DocumentTimeoutError(
                f"extraction took longer than {seconds:g} s; stopped (its worker was replaced)",
                source=source)
        kind, payload, where = self.conn.recv()
        if kind == "error":
            payload.source = where
            raise payload
        return payload

    def kill(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(5)
        self.conn.close()


def _serve(conn: Connection, config: Config, plugins: tuple[str, ...], parent: int) -> None:
    """The worker's loop: load the pipeline, then one document in, one answer out."""
    from dateline.scale.orphans import die_with_parent
    from dateline.scale.worker import pipeline_for

    die_with_parent(parent)
    # Ctrl-C in a terminal signals the whole process group: the parent decides when to
    # stop (a watcher finishes the document in hand) and closes the pipe or kills us
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        pipeline = pipeline_for(config, plugins)
    except DatelineError as exc:
        conn.send(("error", exc, exc.source))
        return
    conn.send(("ready", os.getpid(), None))
    while True:
        try:
            document = conn.recv()
        except (EOFError, OSError):
            return  # the server closed the pipe: shut down
        try:
            outcome = next(iter(pipeline.pipe([document])))
            error = outcome.error
        except DatelineError as exc:
            error = exc
        except Exception as exc:  # noqa: BLE001 - the parse of one document must not kill the worker
            error = ProcessingError(f"{type(exc).__name__}: {exc}")
        source = document.source or document.id
        if error is not None:
            conn.send(("error", error, error.source or source))
        else:
            conn.send(("ok", outcome.extraction, source))


class ExtractionPool:
    """``size`` worker processes; :meth:`extract` runs one document under ``deadline``."""

    def __init__(self, config: Config, *, size: int = 1, deadline: float = 60.0,
                 plugins: tuple[str, ...] = ()) -> None:
        if size < 1 or deadline <= 0:
            raise ValueError("an extraction pool needs size >= 1 and a positive deadline")
        self.config, self.size, self.deadline, self.plugins = config, size, deadline, plugins
        # None: a slot whose worker is started on first use (at start-up, or after a kill)
        self._idle: queue.Queue[_Worker | None] = queue.Queue()
        for _ in range(size):
            self._idle.put(None)
        self._all: set[_Worker] = set()
        self._lock = threading.Lock()
        self.replaced = 0  # workers killed for a runaway document or lost

    def warm_up(self) -> None:
        """Start every worker now and wait until it has loaded the pipeline."""
        slots = [self._idle.get() for _ in range(self.size)]
        try:
            for i, worker in enumerate(slots):
                slots[i] = worker = worker or self._start()
                if not worker.ready:
                    worker._answer(START_SECONDS, "<warm-up>", "start")
                    worker.ready = True
        finally:
            for slot in slots:
                self._idle.put(slot)

    def extract(self, document: Document) -> Extraction:
        """The document's extraction; its coded error when it fails or runs past the deadline.

        Waits for a free worker first (while another document runs), up to the deadline."""
        try:
            worker = self._idle.get(timeout=self.deadline)
        except queue.Empty:
            raise DocumentTimeoutError(
                f"no extraction worker free within {self.deadline:g} s (the server is busy)",
                source=document.source or document.id) from None
        running = worker or self._start()
        slot: _Worker | None = running
        try:
            return running.run(document, self.deadline)
        except ProcessingError as exc:
            if isinstance(exc, DocumentTimeoutError) or running.lost or not running.process.is_alive():
                self._retire(running)  # runaway or lost: a fresh worker takes the slot
                slot = None
            raise
        finally:
            self._idle.put(slot)

    def _start(self) -> _Worker:
        worker = _Worker(self.config, self.plugins)
        with self._lock:
            self._all.add(worker)
        return worker

    def _retire(self, worker: _Worker) -> None:
        worker.kill()
        with self._lock:
            self._all.discard(worker)
            self.replaced += 1

    def pids(self) -> list[int]:
        with self._lock:
            return [w.process.pid for w in self._all if w.process.pid is not None]

    def close(self) -> None:
        with self._lock:
            workers, self._all = list(self._all), set()
        for worker in workers:
            worker.kill()

    def __enter__(self) -> ExtractionPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
