"""Helpers for time tests: one spaCy load per session; texts are our own sentences."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from dateline.config import Config
from dateline.model import Document, Extraction, Quote, Timex
from dateline.nlp.time.tagger import TimeTagger
from dateline.pipeline import Analysis, get_stage
from dateline.textnorm import content_id, normalize_for_nlp


@pytest.fixture(scope="session")
def tagger() -> TimeTagger:
    return TimeTagger()


@pytest.fixture(scope="session")
def tag(tagger: TimeTagger) -> Callable[..., dict[str, Timex]]:
    """``tag(text, dct, orientation=-1)`` -> {surface: timex} without a parse."""

    def run(text: str, dct: date | None = date(2025, 7, 4), orientation: int = 0, **kw: object) -> dict[str, Timex]:
        found = tagger.tag(text, dct, orientation=lambda s, e: orientation, **kw)  # type: ignore[arg-type]
        return {t.span.text: t for t in found}

    return run


@pytest.fixture(scope="session")
def nlp():  # type: ignore[no-untyped-def]
    from dateline.backbone import load_spacy

    return load_spacy(Config().spacy_model)


@pytest.fixture(scope="session")
def analyse(nlp) -> Callable[..., tuple[Analysis, Extraction]]:  # type: ignore[no-untyped-def]
    """Run segment + time on a text (optionally with hand-built quotes)."""

    def run(
        text: str,
        published: str | None = "2025-07-04",
        quotes: list[Quote] | None = None,
        **options: object,
    ) -> tuple[Analysis, Extraction]:
        config = Config(stage_options={"time": dict(options)})
        document = Document(id=content_id(text), text=text, published=published)
        extraction = Extraction(document=document)
        analysis = Analysis(document, nlp(normalize_for_nlp(text)), config, extraction)
        get_stage("segment").factory(config)(analysis)
        if quotes is not None:
            extraction.quotes = quotes
        get_stage("time").factory(config)(analysis)
        return analysis, extraction

    return run
