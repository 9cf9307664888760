"""Importable functions behind the CLI: extract, ingest.

The CLI and web layers are thin wrappers over these.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from dateline.config import Config
from dateline.errors import DatelineError
from dateline.ingest import InputFailure, read_inputs
from dateline.model import Document, Extraction
from dateline.pipeline import Outcome, Pipeline

_PIPELINES: dict[Config, Pipeline] = {}


def get_pipeline(config: Config) -> Pipeline:
    """One pipeline per configuration per process."""
    key = config
    try:
        return _PIPELINES[key]
    except TypeError:  # unhashable stage_options: build without caching
        return Pipeline(config)
    except KeyError:
        _PIPELINES[key] = Pipeline(config)
        return _PIPELINES[key]


def iter_outcomes(paths: Iterable[str | Path], config: Config) -> Iterator[Outcome]:
    """Read every input and run the pipeline; failures come out as outcomes with an error."""
    pipeline = get_pipeline(config)
    pending: list[Document] = []

    def flush() -> Iterator[Outcome]:
        yield from pipeline.pipe(pending)
        pending.clear()

    for item in read_inputs([str(p) for p in paths], config):
        if isinstance(item, InputFailure):
            yield from flush()
            yield Outcome(item.source, error=item.error)
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
