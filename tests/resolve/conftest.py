"""Fixtures for the actors and places tests: one spaCy pipeline per session."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from dateline.config import Config
from dateline.model import Document, Extraction
from dateline.textnorm import content_id


@pytest.fixture(scope="session")
def resolve_pipeline():  # type: ignore[no-untyped-def]
    from dateline.pipeline import Pipeline

    return Pipeline(Config(stages=("segment", "actors", "places")))


@pytest.fixture(scope="session")
def resolve_run(resolve_pipeline) -> Callable[[str, str | None], Extraction]:  # type: ignore[no-untyped-def]
    def process(text: str, published: str | None = "2025-07-04") -> Extraction:
        document = Document(id=content_id(text), text=text, published=published)
        return resolve_pipeline.process(document)

    return process
