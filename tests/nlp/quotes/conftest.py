"""Helpers for quote tests: one spaCy load per session, documents built from our own sentences."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from dateline.config import Config
from dateline.model import Actor, Document, Extraction, Quote
from dateline.pipeline import Analysis, get_stage
from dateline.textnorm import content_id, normalize_for_nlp

Analyse = Callable[..., Extraction]


@pytest.fixture(scope="session")
def nlp():  # type: ignore[no-untyped-def]
    from dateline.backbone import load_spacy

    return load_spacy(Config().spacy_model)


def person(actor_id: str, name: str, text: str, *surfaces: str, code: str | None = None) -> Actor:
    """An actor with a mention at every occurrence of each surface form in ``text``."""
    from dateline.model import Mention

    actor = Actor(id=actor_id, name=name, kind="person", code=code, sector="GOV" if code else None)
    for surface in surfaces:
        start = text.find(surface)
        while start >= 0:
            actor.mentions.append(Mention(start, start + len(surface), surface))
            start = text.find(surface, start + 1)
    return actor


def stage_runner(nlp, names: tuple[str, ...], published: str | None = None) -> Analyse:  # type: ignore[no-untyped-def]
    """A function running the named stages (default options) on a text."""
    config = Config()
    stages = [get_stage(name).factory(config) for name in names]

    def run(text: str) -> Extraction:
        document = Document(id=content_id(text), text=text, published=published)
        extraction = Extraction(document=document)
        analysis = Analysis(document, nlp(normalize_for_nlp(text)), config, extraction)
        for name, stage in zip(names, stages, strict=True):
            stage(analysis)
            extraction.layers.append(name)
        return extraction

    return run


@pytest.fixture(scope="session")
def analyse(nlp) -> Analyse:  # type: ignore[no-untyped-def]
    """Run segment, (hand-built actors), coref and quotes on a text."""

    def run(text: str, actors: list[Actor] | None = None, **options: object) -> Extraction:
        config = Config(stage_options={"quotes": dict(options)})
        document = Document(id=content_id(text), text=text)
        extraction = Extraction(document=document)
        analysis = Analysis(document, nlp(normalize_for_nlp(text)), config, extraction)
        get_stage("segment").factory(config)(analysis)
        extraction.layers.append("segment")
        if actors is not None:
            extraction.actors = actors
            extraction.layers.append("actors")
        for name in ("coref", "quotes"):
            get_stage(name).factory(config)(analysis)
            extraction.layers.append(name)
        return extraction

    return run


def speaker_of(extraction: Extraction, words: str) -> str | None:
    """The speaker's name of the quote whose content holds ``words``."""
    quote = next(q for q in extraction.quotes if any(words in c.text for c in q.content))
    return quote.speaker.name


def source_text(quote: Quote) -> str | None:
    """The text of a quote's source span (None when it has none)."""
    return quote.speaker.span.text if quote.speaker.span is not None else None


@pytest.fixture(scope="module")
def analyse_stages(nlp) -> Analyse:  # type: ignore[no-untyped-def]
    """segment, actors, coref and quotes on a text published 2022-05-01."""
    return stage_runner(nlp, ("segment", "actors", "coref", "quotes"), published="2022-05-01")
