"""The gazetteer and the places stage."""

from __future__ import annotations

import pytest

from dateline.model import Document, Place, Span
from dateline.resolve.places import load_gazetteer, place_for_span


def test_gazetteer_has_countries_regions_cities() -> None:
    gazetteer = load_gazetteer()
    kinds = {e.kind for e in gazetteer.lookup("Luhansk")}
    assert kinds == {"city", "region"}
    assert [e.country for e in gazetteer.lookup("Kiev") if e.kind == "city"] == ["UA"]
    assert gazetteer.lookup("Denmark")[0].kind == "country"
    assert gazetteer.lookup("the Middle East")[0].kind == "region"
    assert len(gazetteer) > 40_000


def _places(resolve_run, text: str) -> dict[str, Place]:  # type: ignore[no-untyped-def]
    return {p.span.text: p for p in resolve_run(text, "2024-01-01").places}


@pytest.mark.model
def test_resolution_levels(resolve_run) -> None:  # type: ignore[no-untyped-def]
    places = _places(
        resolve_run,
        "Fighting continued in the Luhansk region and near Bakhmut, while talks were "
        "held in Istanbul and in Denmark.",
    )
    assert places["Luhansk region"].precision == "region"
    assert places["Bakhmut"].precision == "city" and places["Bakhmut"].country == "UA"
    assert places["Istanbul"].country == "TR"
    assert places["Denmark"].precision == "country"


@pytest.mark.model
def test_georgia_and_washington_from_context(resolve_run) -> None:  # type: ignore[no-untyped-def]
    us = _places(resolve_run, "The governor flew from Atlanta to Savannah in Georgia on Friday.")
    assert us["Georgia"].country == "US" and us["Georgia"].precision == "region"
    caucasus = _places(resolve_run, "Protesters gathered in Tbilisi as Georgia voted.")
    ge = [p for p in caucasus.values() if p.name == "Georgia"]
    assert not ge or ge[0].country == "GE"
    dc = _places(resolve_run, "The senator returned to Washington after the vote.")
    assert dc["Washington"].country == "US" and dc["Washington"].precision == "city"
    assert abs((dc["Washington"].lon or 0) + 77.0) < 1


@pytest.mark.model
def test_acting_country_is_not_a_place(resolve_run) -> None:  # type: ignore[no-untyped-def]
    x = resolve_run("Ukraine rejected the plan. Civilians fled in Ukraine.", "2024-01-01")
    spans = [(p.span.start, p.span.text) for p in x.places]
    assert spans == [(x.document.text.rindex("Ukraine"), "Ukraine")]


def test_place_for_span_prefers_the_same_sentence() -> None:
    text = "KYIV, May 3 - Talks were held. A drone struck a depot in Lviv overnight."
    document = Document(id="d", text=text)
    from dateline.model import Sentence

    document.sentences = [Sentence(0, 0, 30, 0), Sentence(1, 31, len(text), 0)]
    kyiv = Place(Span.of(text, 0, 4), "Kyiv", "UA", 50.45, 30.52, "city")
    lviv_start = text.index("Lviv")
    lviv = Place(Span.of(text, lviv_start, lviv_start + 4), "Lviv", "UA", 49.8, 24.0, "city")
    struck = text.index("struck")
    assert place_for_span([kyiv, lviv], document, struck, struck + 6) is lviv
    held = text.index("held")
    assert place_for_span([kyiv, lviv], document, held, held + 4) is kyiv
