"""Stage ``places``: geocoded place mentions from an offline gazetteer.

Public API for other stages (events): :func:`place_for_span` gives where the
thing mentioned at a span happened; :func:`as_location` turns it into the
``Location`` an event carries.
"""

from __future__ import annotations

from dateline.config import Config
from dateline.pipeline import Analysis, StageFn, register_stage
from dateline.resolve.places.gazetteer import Gazetteer, GeoEntry, load_gazetteer
from dateline.resolve.places.locate import (
    Locator,
    as_location,
    place_for_sentence,
    place_for_span,
)

__all__ = [
    "Gazetteer",
    "GeoEntry",
    "Locator",
    "as_location",
    "load_gazetteer",
    "make_places_stage",
    "place_for_sentence",
    "place_for_span",
]


@register_stage("places", requires=("entities",), reads=("actors",), assigns=("places",))
def make_places_stage(config: Config) -> StageFn:
    from dateline.backbone import load_spacy
    from dateline.resolve.actors.kb import load_knowledge_base

    locator = Locator(
        load_gazetteer(),
        load_knowledge_base(tuple(config.knowledge_base_files)),
        load_spacy(config.spacy_model),
    )

    def places(analysis: Analysis) -> None:
        # countries named as countries are ambiguous themselves ("Georgia"): only the
        # other actors (people, groups, organisations) vote for the document's countries
        codes = [a.code for a in analysis.extraction.actors if a.code and a.kind != "country"]
        analysis.extraction.places = locator.locate(analysis.document, analysis.doc, codes)

    return places
