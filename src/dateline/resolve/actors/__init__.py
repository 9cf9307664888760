"""Stage ``actors``: who is acting and speaking (knowledge base + linking).

Public API for other stages:

- :func:`dateline.resolve.actors.describe.resolve_description` -- "his
  predecessor", "the Russian leader" at a date, for coreference;
- :func:`dateline.resolve.actors.kb.load_knowledge_base` -- the merged knowledge base;
- :class:`dateline.resolve.index.ActorIndex` over ``extraction.actors``.
"""

from __future__ import annotations

from dateline.config import Config
from dateline.pipeline import Analysis, StageFn, register_stage
from dateline.resolve.actors.describe import Resolution, resolve_description
from dateline.resolve.actors.kb import Entry, KnowledgeBase, load_knowledge_base

__all__ = [
    "Entry",
    "KnowledgeBase",
    "Resolution",
    "load_knowledge_base",
    "make_actors_stage",
    "resolve_description",
]


@register_stage("actors", requires=("sentences", "entities"), assigns=("actors",))
def make_actors_stage(config: Config) -> StageFn:
    from dateline.backbone import load_spacy
    from dateline.resolve.actors.link import Linker

    kb = load_knowledge_base(tuple(config.knowledge_base_files))
    linker = Linker(kb, load_spacy(config.spacy_model))

    def actors(analysis: Analysis) -> None:
        analysis.extraction.actors = linker.link(analysis.document, analysis.doc)

    return actors
