"""Importable functions behind the CLI and the Python API: extract, record, ingest.

``dateline.extract`` / ``dateline.extract_many`` (re-exported by the package)
turn text into an :class:`~dateline.model.Extraction` without storing it; the
CLI and web layers are thin wrappers over these.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dateline.config import Config
from dateline.errors import DatelineError
from dateline.ingest import InputFailure, read_inputs
from dateline.model import Document, Extraction

if TYPE_CHECKING:
    from dateline.store import Store
    from dateline.store.base import SaveStatus
from dateline.pipeline import Outcome, Pipeline
from dateline.version import PIPELINE_VERSION

_PIPELINES: dict[Config, Pipeline] = {}
# Extracts one document or raises its DatelineError (an ExtractionPool's ``extract``).
Extractor = Callable[[Document], Extraction]
_log = logging.getLogger("dateline")


def get_pipeline(config: Config) -> Pipeline:
    """One pipeline per configuration per process."""
    if config not in _PIPELINES:
        _PIPELINES[config] = Pipeline(config)
    return _PIPELINES[config]


def iter_outcomes(
    paths: Iterable[str | Path],
    config: Config,
    *,
    skip: Callable[[Document], bool] | None = None,
    skipped: Callable[[Document], None] | None = None,
) -> Iterator[Outcome]:
    """Read every input and run the pipeline; failures come out as outcomes with an error.

    ``skip(document)`` true means the document needs no processing (already stored);
    ``skipped(document)`` is then called instead.
    """
    items = read_inputs([str(p) for p in paths], config)
    yield from outcomes_of(items, config, skip=skip, skipped=skipped)


def outcomes_of(
    items: Iterable[Document | InputFailure],
    config: Config,
    *,
    skip: Callable[[Document], bool] | None = None,
    skipped: Callable[[Document], None] | None = None,
    extractor: Extractor | None = None,
) -> Iterator[Outcome]:
    """:func:`iter_outcomes` over documents already read (e.g. a fetched feed's items).

    With ``extractor`` (e.g. :meth:`dateline.scale.isolated.ExtractionPool.extract`),
    each document is extracted alone by it, and its error (a :class:`DatelineError`,
    such as the deadline's E203) becomes that document's outcome; this process then
    never loads the pipeline. Without, documents are parsed here in spaCy batches.
    """
    pending: list[Document] = []
    batch = config.batch_size if extractor is None else 1

    def flush() -> Iterator[Outcome]:
        if pending:
            yield from (get_pipeline(config).pipe(pending) if extractor is None
                        else (_extract_alone(extractor, d) for d in pending))
        pending.clear()

    for item in items:
        if isinstance(item, InputFailure):
            yield from flush()
            yield Outcome(item.source, error=item.error)
        elif skip is not None and skip(item):
            if skipped is not None:
                skipped(item)
        else:
            pending.append(item)
            if len(pending) >= batch:
                yield from flush()
    yield from flush()


def _extract_alone(extractor: Extractor, document: Document) -> Outcome:
    source = document.source or document.id
    try:
        return Outcome(source, extraction=extractor(document))
    except DatelineError as exc:
        return Outcome(exc.source or source, error=exc)


def extract_path(path: str | Path, config: Config | None = None) -> Extraction:
    """Extract the single document at ``path``; raises its error if it fails."""
    outcomes = list(iter_outcomes([path], config or Config.load()))
    if not outcomes:
        raise DatelineError("no document found", source=str(path))
    if outcomes[0].error is not None:
        raise outcomes[0].error
    assert outcomes[0].extraction is not None
    return outcomes[0].extraction


def extract_document(document: Document, config: Config | None = None) -> Extraction:
    return get_pipeline(config or Config.load()).process(document)


# Keys a mapping given to extract_many may carry, besides "text".
_DOCUMENT_FIELDS = ("published", "title", "url", "publisher", "byline", "id")


def _document(text: str, config: Config, **fields: Any) -> Document:
    from dateline.ingest import document_from_text

    given = {k: v for k, v in fields.items() if v is not None}
    external_id = given.pop("id", None)
    # A caller who names the title gives the body alone: its first line is not a headline.
    return document_from_text(
        text, source=given.pop("source", "<python>"), external_id=external_id,
        detect_title="title" not in given, config=config, **given,
    )


def extract(
    text: str, *, published: str | None = None, title: str | None = None, url: str | None = None,
    publisher: str | None = None, config: Config | None = None,
) -> Extraction:
    """The record of one article's text: events, quotes, time, actors, places.

    ``published`` (an ISO date) anchors relative dates ("on Monday"); without it
    dateline looks for a date in the text and, failing that, leaves dates
    relative to an unknown day unresolved. Raises a :class:`DatelineError` for
    text that is not an article (empty, binary, too large).
    """
    config = config or Config.load()
    document = _document(text, config, published=published, title=title, url=url, publisher=publisher)
    return get_pipeline(config).process(document)


def extract_many(
    items: Iterable[str | Mapping[str, Any] | Document], *, config: Config | None = None,
    errors: str = "raise",
) -> Iterator[Extraction]:
    """Extract many articles, parsed in spaCy batches (``nlp.pipe``); results in input order.

    An item is a text, a mapping with ``text`` and optionally ``published``,
    ``title``, ``url``, ``publisher``, ``byline``, ``id``, or a
    :class:`Document`. With ``errors="skip"`` an item that fails is left out
    (its error is logged) instead of raising.
    """
    if errors not in ("raise", "skip"):
        raise ValueError("errors must be 'raise' or 'skip'")
    config = config or Config.load()
    pipeline = get_pipeline(config)

    def documents() -> Iterator[Document]:
        for number, item in enumerate(items, 1):
            try:
                if isinstance(item, Document):
                    yield item
                elif isinstance(item, str):
                    yield _document(item, config, source=f"<python>:{number}")
                else:
                    fields = {k: item.get(k) for k in _DOCUMENT_FIELDS}
                    yield _document(str(item.get("text") or ""), config, source=f"<python>:{number}", **fields)
            except DatelineError as exc:
                if errors == "raise":
                    raise
                _log.warning("item %d skipped: %s", number, exc)

    for outcome in pipeline.pipe(documents()):
        if outcome.error is not None:
            if errors == "raise":
                raise outcome.error
            _log.warning("%s skipped: %s", outcome.source, outcome.error)
            continue
        assert outcome.extraction is not None
        yield outcome.extraction


def count_inputs(paths: Iterable[str | Path]) -> int | None:
    """How many documents ``paths`` hold, when that is known without parsing them
    (one per file, one per non-blank JSONL line); ``None`` for stdin and feeds."""
    from dateline.ingest.readers import FEED_SUFFIXES, JSONL_SUFFIXES, _walk

    total = 0
    for path in paths:
        if str(path) == "-":
            return None
        target = Path(path)
        files = list(_walk(target)) if target.is_dir() else [target]
        for file in files:
            suffix = file.suffix.lower()
            if suffix in FEED_SUFFIXES:
                return None  # a feed holds as many items as it says
            if suffix in JSONL_SUFFIXES:
                try:
                    with file.open("rb") as stream:
                        total += sum(1 for line in stream if line.strip())
                except OSError:
                    total += 1  # it will fail as one input
            else:
                total += 1
    return total


@dataclass(frozen=True)
class Recorded:
    """What :func:`record` did with one extraction."""

    status: SaveStatus
    fused: bool = False  # fused by this call
    fusion_error: DatelineError | None = None  # fusion tried and failed: stored, not fused
    fuse_seconds: float = 0.0

    @property
    def fusion_tried(self) -> bool:
        return self.fused or self.fusion_error is not None


def record(store: Store, extraction: Extraction, *, fuse: bool = True,
           replace: bool = False) -> Recorded:
    """Save one extraction and fuse it into the cross-report record: the one place that
    does both (``ingest``, ``dateline batch``, ``dateline watch`` and the web write).

    A save error raises (nothing is stored). The document is fused when this call
    stored it, and also when it was stored already (``"unchanged"``) but never fused
    -- a crash between an earlier save and its fusion, a failed fusion, ``--no-fuse``
    (the completeness policy of :mod:`dateline.fusion.repair`). A fusion failure is
    returned, not raised: the document stays stored and unfused, and fusing it again
    retries.
    """
    from dateline.fusion.engine import fuse_or_error, is_fused

    status = store.save(extraction, replace=replace)
    if not fuse or (status == "unchanged" and is_fused(store, extraction.document.id)):
        return Recorded(status)
    started = time.perf_counter()
    error = fuse_or_error(store, extraction)
    return Recorded(status, fused=error is None, fusion_error=error,
                    fuse_seconds=time.perf_counter() - started)


@dataclass
class IngestReport:
    stored: int = 0
    skipped: int = 0  # already stored by this pipeline version
    duplicates: int = 0  # the same document again in this input (processed once)
    failures: list[tuple[str, str]] = field(default_factory=list)  # (source, message)
    warnings: list[tuple[str, str]] = field(default_factory=list)


def ingest(
    paths: Iterable[str | Path],
    config: Config,
    store: Store,
    *,
    progress: Callable[[Outcome | None], None] | None = None,
    force: bool = False,
    fuse: bool = True,
) -> IngestReport:
    """Process inputs into ``store``. A failing input is recorded and skipped.

    Documents already stored by this pipeline version are not processed again
    (unless ``force``), nor is a document the input repeats (counted in
    ``duplicates``); ``progress`` is called once per input (``None`` for a
    skipped document). With ``fuse``, each stored document is fused into the
    cross-report record (duplicates, stories, fused events) on backends that
    support it.
    """
    items = read_inputs([str(p) for p in paths], config)
    return ingest_items(items, config, store, progress=progress, force=force, fuse=fuse)


def ingest_items(
    items: Iterable[Document | InputFailure],
    config: Config,
    store: Store,
    *,
    progress: Callable[[Outcome | None], None] | None = None,
    force: bool = False,
    fuse: bool = True,
    extractor: Extractor | None = None,
) -> IngestReport:
    """:func:`ingest` over documents already read (``dateline watch``'s fetched feeds).

    ``extractor``: extract each document with it instead of this process's pipeline
    (``dateline watch`` passes its worker pool's, so a runaway document is stopped at
    its deadline and fails alone, see :func:`outcomes_of`)."""
    report = IngestReport()
    fusion_tried: set[str] = set()  # fused (or tried) in this run: the final sweep skips them
    seen: set[str] = set()
    repeated = [False]  # whether the document just skipped was a repeat within this input

    def already_stored(document: Document) -> bool:
        repeated[0] = document.id in seen
        if repeated[0]:
            return True
        seen.add(document.id)
        return not force and store.has(document.id, PIPELINE_VERSION)

    def count_skipped(document: Document) -> None:
        if repeated[0]:
            report.duplicates += 1
        else:
            report.skipped += 1
        if progress is not None:
            progress(None)

    for outcome in outcomes_of(items, config, skip=already_stored, skipped=count_skipped,
                               extractor=extractor):
        extraction = outcome.extraction
        if extraction is not None:
            try:
                recorded = record(store, extraction, fuse=fuse, replace=force)
            except DatelineError as exc:
                outcome = Outcome(outcome.source, error=exc)
            else:
                if recorded.status == "unchanged":
                    report.skipped += 1
                else:
                    report.stored += 1
                if recorded.fusion_tried:
                    fusion_tried.add(extraction.document.id)
                if recorded.fusion_error is not None:
                    report.warnings.append((outcome.source, f"not fused: {recorded.fusion_error}"))
                for warning in extraction.document.metadata.get("warnings", []):
                    report.warnings.append((outcome.source, str(warning)))
        if outcome.error is not None:
            report.failures.append((outcome.source, str(outcome.error)))
        if progress is not None:
            progress(outcome)
    if fuse:
        _fuse_unfused(store, report, fusion_tried)
    return report


def _fuse_unfused(store: Store, report: IngestReport, tried: set[str]) -> None:
    """Fuse documents an earlier run stored but did not fuse (killed between the two)."""
    from dateline.fusion.repair import fuse_unfused

    for doc_id, error in fuse_unfused(store, skip=tried):
        report.warnings.append((doc_id, "stored earlier but not fused: " + (
            "fused now" if error is None else f"still not fused: {error}")))
