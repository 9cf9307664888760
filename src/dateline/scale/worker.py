"""What runs on a worker process: one partition of documents through the pipeline.

Workers receive the picklable :class:`~dateline.config.Config`, never a
pipeline: :func:`dateline.api.get_pipeline` builds the spaCy pipeline once per
process and caches it, so every later partition on that worker reuses it.
"""

from __future__ import annotations

import contextlib
import importlib
import os
import resource
import threading
import time
from dataclasses import dataclass, field

from dateline.config import Config
from dateline.errors import DatelineError, ProcessingError
from dateline.model import Document, Extraction
from dateline.pipeline import Outcome, Pipeline

# Dask workers may run several threads: build the pipeline once, not once per thread.
_LOCK = threading.Lock()


@dataclass
class DocumentError:
    id: str
    source: str
    code: str
    message: str


@dataclass
class PartitionResult:
    """Extractions and per-document errors of one partition, plus worker stats."""

    key: str
    extractions: list[Extraction] = field(default_factory=list)
    errors: list[DocumentError] = field(default_factory=list)
    pid: int = 0
    peak_rss: int = 0  # bytes, this worker process's peak so far
    seconds: float = 0.0  # wall time in this partition
    cpu_seconds: float = 0.0  # CPU time of the worker process in this partition


def import_plugins(plugins: tuple[str, ...]) -> None:
    """Import modules that register extra stages (they must exist on every worker)."""
    for module in plugins:
        importlib.import_module(module)


def pipeline_for(config: Config, plugins: tuple[str, ...] = ()) -> Pipeline:
    """The process's pipeline for ``config``: built on first use, then reused."""
    from dateline.api import get_pipeline

    with _LOCK:
        import_plugins(plugins)
        return get_pipeline(config)


def peak_rss() -> int:
    # ru_maxrss is in kilobytes on Linux.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def _error(document: Document, error: DatelineError) -> DocumentError:
    return DocumentError(document.id, document.source or document.id, error.code, str(error))


def _record(result: PartitionResult, document: Document, outcome: Outcome) -> None:
    if outcome.extraction is not None:
        result.extractions.append(outcome.extraction)
    else:
        assert outcome.error is not None
        result.errors.append(_error(document, outcome.error))


def process_partition(
    key: str, documents: list[Document], config: Config, plugins: tuple[str, ...] = ()
) -> PartitionResult:
    """Run the pipeline over ``documents``; a document that fails is reported, not raised.

    The pipeline already turns a failing stage into an error outcome; an
    exception escaping it (e.g. from the spaCy parse of one document) makes us
    redo the partition one document at a time, so only that document fails.
    """
    started, cpu_started = time.perf_counter(), time.process_time()
    pipeline = pipeline_for(config, plugins)
    result = PartitionResult(key, pid=os.getpid())
    try:
        outcomes = list(pipeline.pipe(documents))
        if len(outcomes) != len(documents):
            raise ProcessingError(f"pipeline returned {len(outcomes)} results for {len(documents)}")
        for document, outcome in zip(documents, outcomes, strict=True):
            _record(result, document, outcome)
    except Exception:  # one bad document must not sink its partition
        result.extractions.clear()
        result.errors.clear()
        for document in documents:
            try:
                outcome = next(iter(pipeline.pipe([document])))
            except DatelineError as exc:
                outcome = Outcome(document.source or document.id, error=exc)
            except Exception as exc:
                outcome = Outcome(
                    document.source or document.id,
                    error=ProcessingError(f"{type(exc).__name__}: {exc}", source=document.source),
                )
            _record(result, document, outcome)
    result.seconds = time.perf_counter() - started
    result.cpu_seconds = time.process_time() - cpu_started
    result.peak_rss = peak_rss()
    return result


def warm_up(config: Config, plugins: tuple[str, ...] = ()) -> int:
    """Load the pipeline now (worker start-up), so the first partition is not slower."""
    pipeline_for(config, plugins)
    return os.getpid()


def initialize(config: Config, plugins: tuple[str, ...] = ()) -> None:
    """Process-pool initializer: like :func:`warm_up`, but never raises.

    An initializer that raises breaks the whole pool; the error (an unknown
    stage, a missing model) is raised again, readably, by the warm-up task.
    The worker exits when the driver dies, even by SIGKILL (no orphans).
    """
    from dateline.scale.orphans import die_with_parent

    die_with_parent(prctl=True)  # the pool is fed (and grown) from the driver's main thread
    with contextlib.suppress(Exception):
        pipeline_for(config, plugins)
