"""Hand-built analyses for the events stage: our own sentences, hand-made actors."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from dateline.config import Config
from dateline.model import Actor, Document, Extraction, Place, Quote, Span, Speaker, Timex
from dateline.pipeline import Analysis
from dateline.textnorm import normalize_for_nlp

# actor id -> (code, sector, kind, surface forms)
ACTORS: dict[str, tuple[str, str | None, str, tuple[str, ...]]] = {
    "country:RUS": ("RUS", None, "country", ("Russia", "Moscow")),
    "country:UKR": ("UKR", None, "country", ("Ukraine", "Kyiv")),
    "country:FRA": ("FRA", None, "country", ("France", "Paris")),
    "country:DEU": ("DEU", None, "country", ("Germany", "Berlin")),
    "country:USA": ("USA", None, "country", ("Washington", "the United States")),
    "country:IRN": ("IRN", None, "country", ("Iran",)),
    "country:POL": ("POL", None, "country", ("Poland",)),
    "country:CHN": ("CHN", None, "country", ("China",)),
    "org:nato": ("NATO", None, "organization", ("NATO",)),
    "person:macron": ("FRA", "GOV", "person", ("Macron",)),
    "person:scholz": ("DEU", "GOV", "person", ("Scholz",)),
    "person:biden": ("USA", "GOV", "person", ("Biden",)),
    "person:xi": ("CHN", "GOV", "person", ("Xi",)),
    "country:RUS:MIL": ("RUS", "MIL", "country", ("Russian troops",)),
}


def _occurrences(text: str, needle: str) -> list[int]:
    found, i = [], text.find(needle)
    while i >= 0:
        before = text[i - 1] if i > 0 else " "
        after = text[i + len(needle)] if i + len(needle) < len(text) else " "
        if not before.isalnum() and not after.isalnum():
            found.append(i)
        i = text.find(needle, i + 1)
    return found


@pytest.fixture(scope="session")
def nlp():
    from dateline.backbone import load_spacy

    return load_spacy(Config().spacy_model)


@pytest.fixture(scope="session")
def analyse(nlp) -> Callable[..., Analysis]:
    """Build an Analysis for ``text`` with hand-made actors, timexes, quotes, places."""
    from dateline.nlp.segment import make_segment

    segment = make_segment(Config())

    def build(
        text: str,
        *,
        published: str | None = "2024-05-10",
        timexes: list[tuple[str, str, str]] = (),  # (surface, type, value)
        quotes: list[tuple[str, str | None]] = (),  # (content surface, speaker actor id)
        places: list[tuple[str, str]] = (),  # (surface, ISO alpha-2)
        language: str = "en",
    ) -> Analysis:
        document = Document(id="test-doc", text=text, published=published, language=language)
        doc = nlp(normalize_for_nlp(text))
        analysis = Analysis(document, doc, Config(), Extraction(document=document))
        segment(analysis)
        actors = []
        taken: list[tuple[int, int]] = []
        for actor_id, (code, sector, kind, forms) in sorted(ACTORS.items(), key=lambda kv: -max(len(f) for f in kv[1][3])):
            mentions = []
            for form in forms:
                for start in _occurrences(text, form):
                    end = start + len(form)
                    if any(a < end and start < b for a, b in taken):
                        continue
                    taken.append((start, end))
                    mentions.append(document.mention(start, end))
            if mentions:
                actors.append(Actor(actor_id, forms[0], code=code, sector=sector, kind=kind, mentions=mentions))
        analysis.extraction.actors = actors
        for surface, kind, value in timexes:
            start = text.index(surface)
            analysis.extraction.timexes.append(Timex(Span.of(text, start, start + len(surface)), kind, value))
        for n, (content, speaker) in enumerate(quotes):
            start = text.index(content)
            analysis.extraction.quotes.append(
                Quote(f"q{n}", "indirect", None, [Span.of(text, start, start + len(content))], Speaker(None, speaker))
            )
        for surface, country in places:
            start = text.index(surface)
            analysis.extraction.places.append(Place(Span.of(text, start, start + len(surface)), surface, country))
        analysis.extraction.layers.extend(["segment", "actors", "time"])
        return analysis

    return build


@pytest.fixture(scope="session")
def run_events() -> Callable[[Analysis], Extraction]:
    from dateline.nlp.events import make_events

    stage = make_events(Config())

    def run(analysis: Analysis) -> Extraction:
        stage(analysis)
        return analysis.extraction

    return run


def codes(extraction: Extraction, ids: list[str]) -> set[str]:
    return {a.code for a in extraction.actors if a.id in ids and a.code}


@pytest.fixture(scope="session")
def found(nlp) -> Callable[[str], list[tuple[str, str]]]:
    """text -> (trigger word, type) of every candidate the lexicon and constructions find."""
    from dateline.nlp.events.mentions import candidates
    from dateline.nlp.events.resources import load_resources

    res = load_resources()
    return lambda text: [(c.trigger.text, c.event) for sent in nlp(text).sents for c in candidates(sent, res)]


@pytest.fixture(scope="session")
def marks(nlp) -> Callable[[str, str], set[str] | None]:
    """(text, word) -> the word's marks in ``text`` (None when no candidate stands on it)."""
    from dateline.nlp.events.mentions import candidates
    from dateline.nlp.events.modality import grammar_modes, mention_modes
    from dateline.nlp.events.resources import load_resources

    res = load_resources()

    def read(text: str, word: str) -> set[str] | None:
        for sent in nlp(text).sents:
            for cand in candidates(sent, res):
                if cand.trigger.text == word:
                    own = mention_modes(cand, res)
                    return own | grammar_modes(cand, res, own)
        return None

    return read
