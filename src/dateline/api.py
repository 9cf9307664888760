"""Importable functions behind the CLI: extract, ingest.

The CLI and web layers are thin wrappers over these.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from dateline.config import Config
from dateline.errors import DatelineError
from dateline.ingest import InputFailure, read_inputs
from dateline.model import Document, Extraction

if TYPE_CHECKING:
    from dateline.store import Store
from dateline.pipeline import Outcome, Pipeline
from dateline.version import PIPELINE_VERSION

_PIPELINES: dict[Config, Pipeline] = {}


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
    pipeline = get_pipeline(config)
    pending: list[Document] = []

    def flush() -> Iterator[Outcome]:
        yield from pipeline.pipe(pending)
        pending.clear()

    for item in read_inputs([str(p) for p in paths], config):
        if isinstance(item, InputFailure):
            yield from flush()
            yield Outcome(item.source, error=item.error)
        elif skip is not None and skip(item):
            if skipped is not None:
                skipped(item)
        else:
            pending.append(item)
            if len(pending) >= config.batch_size:
                yield from flush()
    yield from flush()


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


@dataclass
class IngestReport:
    stored: int = 0
    skipped: int = 0  # already stored by this pipeline version
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
    (unless ``force``); ``progress`` is called once per input (``None`` for a
    skipped document). With ``fuse``, each stored document is fused into the
    cross-report record (duplicates, stories, fused events) on backends that
    support it.
    """
    from dateline.errors import FusionUnavailableError

    report = IngestReport()
    fusion_tried: set[str] = set()  # fused (or tried) in this run: the final sweep skips them
    fuse_into: Callable[[Store, Extraction], DatelineError | None] | None = None
    if fuse:
        from dateline.fusion import fuse_or_error

        fuse_into = fuse_or_error

    def already_stored(document: Document) -> bool:
        return not force and store.has(document.id, PIPELINE_VERSION)

    def count_skipped(document: Document) -> None:
        report.skipped += 1
        if progress is not None:
            progress(None)

    for outcome in iter_outcomes(paths, config, skip=already_stored, skipped=count_skipped):
        extraction = outcome.extraction
        if extraction is not None:
            try:
                status = store.save(extraction, replace=force)
            except DatelineError as exc:
                outcome = Outcome(outcome.source, error=exc)
            else:
                if status == "unchanged":
                    report.skipped += 1
                else:
                    report.stored += 1
                    if fuse_into is not None:
                        fusion_tried.add(extraction.document.id)
                        try:
                            fusion_error = fuse_into(store, extraction)
                        except FusionUnavailableError:
                            fuse_into = None  # this backend keeps no fusion tables
                        else:
                            if fusion_error is not None:
                                report.warnings.append((outcome.source, f"not fused: {fusion_error}"))
                for warning in extraction.document.metadata.get("warnings", []):
                    report.warnings.append((outcome.source, str(warning)))
        if outcome.error is not None:
            report.failures.append((outcome.source, str(outcome.error)))
        if progress is not None:
            progress(outcome)
    if fuse_into is not None:
        _fuse_unfused(store, report, fusion_tried)
    return report


def _fuse_unfused(store: Store, report: IngestReport, tried: set[str]) -> None:
    """Fuse documents an earlier run stored but did not fuse (killed between the two)."""
    from dateline.fusion.repair import fuse_unfused

    for doc_id, error in fuse_unfused(store, skip=tried):
        report.warnings.append((doc_id, "stored earlier but not fused: " + (
            "fused now" if error is None else f"still not fused: {error}")))
