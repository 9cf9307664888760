"""Pipeline stages, their registry, and the pipeline that runs them.

A stage is a small module with one job: it gets an :class:`Analysis` (the
document, its spaCy parse and the annotations so far) and adds annotations.
Each stage declares the layers it ``requires`` and ``assigns``; the pipeline
checks the order when it is built, like spaCy's component analysis.

Stages register themselves with :func:`register_stage`. Built-in stages are
imported lazily by name (``BUILTIN_STAGES``), so the core never imports a stage
the configuration does not ask for.
"""

from __future__ import annotations

import gc
import importlib
import signal
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from dateline.config import Config
from dateline.errors import DatelineError, ProcessingError, StageError
from dateline.model import Document, Extraction
from dateline.version import PIPELINE_VERSION

if TYPE_CHECKING:
    from spacy.tokens import Doc

StageFn = Callable[["Analysis"], None]
StageFactory = Callable[[Config], StageFn]

# Layers the pipeline itself provides before any stage runs.
BASE_LAYERS = frozenset({"text", "spacy"})

BUILTIN_STAGES: dict[str, str] = {
    "segment": "dateline.nlp.segment",
    "actors": "dateline.resolve.actors",
    "places": "dateline.resolve.places",
    "coref": "dateline.resolve.coref",
    "quotes": "dateline.nlp.quotes",
    "time": "dateline.nlp.time",
    "events": "dateline.nlp.events",
}


@dataclass(frozen=True)
class StageSpec:
    """A stage's contract: the layers it must find (``requires``), reads when an
    earlier stage made them (``reads``), makes (``assigns``) and changes in
    other stages' layers when they are there (``updates``). Only ``requires``
    and ``assigns`` order the pipeline; all four are tested against what the
    stage does (tests/core/test_stage_contracts.py)."""

    name: str
    factory: StageFactory
    requires: tuple[str, ...]
    assigns: tuple[str, ...]
    reads: tuple[str, ...] = ()
    updates: tuple[str, ...] = ()


_REGISTRY: dict[str, StageSpec] = {}


def register_stage(
    name: str,
    *,
    requires: Iterable[str] = (),
    assigns: Iterable[str] = (),
    reads: Iterable[str] = (),
    updates: Iterable[str] = (),
) -> Callable[[StageFactory], StageFactory]:
    """Decorator for a stage factory ``(config) -> (analysis) -> None``."""

    def decorate(factory: StageFactory) -> StageFactory:
        _REGISTRY[name] = StageSpec(name, factory, tuple(requires), tuple(assigns), tuple(reads), tuple(updates))
        return factory

    return decorate


def get_stage(name: str) -> StageSpec:
    if name not in _REGISTRY and name in BUILTIN_STAGES:
        importlib.import_module(BUILTIN_STAGES[name])
    try:
        return _REGISTRY[name]
    except KeyError:
        known = ", ".join(sorted(set(_REGISTRY) | set(BUILTIN_STAGES)))
        raise StageError(f"unknown stage {name!r}; known stages: {known}") from None


@dataclass
class Analysis:
    """The working state of one document while the stages run."""

    document: Document
    doc: Doc  # spaCy parse of normalize_for_nlp(document.text): same offsets
    config: Config
    extraction: Extraction
    # Scratch space for stages to hand intermediate results to later stages
    # (e.g. coreference chains); never serialised.
    shared: dict[str, Any] = field(default_factory=dict)


class StageTimeout(ProcessingError):
    code = "E202"


@contextmanager
def _time_limit(seconds: float, stage: str, source: str) -> Iterator[None]:
    """Stop a stage that runs longer than ``seconds`` on one document (a rule that
    loops must cost one document, not the batch). Uses SIGALRM, so it applies in
    the main thread on Unix; elsewhere (Dask worker threads) it is a no-op."""
    usable = (
        seconds > 0
        and hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
    )
    if not usable:
        yield
        return

    def expire(signum: int, frame: Any) -> None:
        raise StageTimeout(f"stage {stage!r} took longer than {seconds:g} s", source=source)

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@dataclass
class Outcome:
    """The result of processing one input: an extraction or an error."""

    source: str
    extraction: Extraction | None = None
    error: DatelineError | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


class Pipeline:
    """spaCy backbone plus the configured stages, built once per process."""

    def __init__(self, config: Config) -> None:
        from dateline.backbone import load_spacy
        from dateline.spacy_speedups import use_column_matcher

        self.config = config
        self.specs = [get_stage(name) for name in config.stages]
        self._check_order()
        self.nlp = load_spacy(config.spacy_model)
        # the attribute ruler's matches found over the parse's attribute columns:
        # spaCy's annotations for ~1/10 of its Matcher's CPU (dateline.spacy_speedups)
        use_column_matcher(self.nlp)
        self.stages: list[tuple[str, StageFn]] = [
            (spec.name, spec.factory(config)) for spec in self.specs
        ]
        # Seconds spent per stage ("spacy" for the parse), for benchmarks.
        self.timings: dict[str, float] = dict.fromkeys(["spacy", *config.stages], 0.0)
        # The model, lexicons, gazetteers and knowledge base (~400k objects) live as
        # long as the process: out of the collector's reach, each full collection
        # walks only what documents allocate (~0.5 s of CPU less per 100 articles).
        gc.freeze()

    def _check_order(self) -> None:
        available = set(BASE_LAYERS)
        for spec in self.specs:
            missing = [layer for layer in spec.requires if layer not in available]
            if missing:
                raise StageError(
                    f"stage {spec.name!r} requires {', '.join(missing)}, which no "
                    f"earlier stage assigns (stages: {', '.join(self.config.stages)})"
                )
            available.update(spec.assigns)

    def process(self, document: Document) -> Extraction:
        """Run the whole pipeline on one document; raises on failure."""
        outcome = next(self.pipe([document]))
        if outcome.error is not None:
            raise outcome.error
        assert outcome.extraction is not None
        return outcome.extraction

    def pipe(self, documents: Iterable[Document]) -> Iterator[Outcome]:
        """Process documents in spaCy batches; a failing document never stops the rest."""
        parsed_docs = self.nlp.pipe(_for_parse(documents), as_tuples=True,
                                    batch_size=self.config.batch_size)
        while True:
            started = time.perf_counter()
            try:
                parsed, (document, warnings, refused) = next(parsed_docs)
            except StopIteration:
                return
            finally:
                self.timings["spacy"] += time.perf_counter() - started
            if refused is not None:
                yield Outcome(document.source or document.id, error=refused)
            else:
                yield self._run_stages(document, parsed, warnings)

    def _run_stages(self, document: Document, parsed: Doc, warnings: list[str] | None = None) -> Outcome:
        from dateline.backbone import index_sentences

        source = document.source or document.id
        index_sentences(parsed)
        extraction = Extraction(document=document, pipeline_version=PIPELINE_VERSION,
                                warnings=list(warnings or []))
        analysis = Analysis(document, parsed, self.config, extraction)
        for name, stage in self.stages:
            started = time.perf_counter()
            try:
                with _time_limit(self.config.stage_timeout, name, source):
                    stage(analysis)
            except DatelineError as exc:
                return Outcome(source, error=exc)
            except Exception as exc:  # a bug in a stage must not stop a batch
                return Outcome(
                    source,
                    error=ProcessingError(
                        f"stage {name!r} failed: {type(exc).__name__}: {exc}", source=source
                    ),
                )
            finally:
                self.timings[name] += time.perf_counter() - started
            extraction.layers.append(name)
        return Outcome(source, extraction=extraction)


_Parse = tuple[str, tuple[Document, list[str], DatelineError | None]]


def _for_parse(documents: Iterable[Document]) -> Iterator[_Parse]:
    """The parser's same-length text of each document, floods blanked; a document that
    is not language is refused here and parsed as an empty text (:mod:`dateline.guards`)."""
    from dateline.guards import check_language, guard_for_parse
    from dateline.textnorm import normalize_for_nlp

    for document in documents:
        text, warnings = guard_for_parse(normalize_for_nlp(document.text))
        try:
            check_language(text, document.source or document.id)
        except DatelineError as refused:
            yield "", (document, warnings, refused)
            continue
        yield text, (document, warnings, None)
