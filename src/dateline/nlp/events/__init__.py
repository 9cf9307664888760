"""Stage ``events``: PLOVER 2.0 events with auxiliary modes, one per happening.

Triggers (verbs, nouns, adjectives) come from ``data/events/triggers.json``;
arguments from the dependency parse (:mod:`.syntax`); actors, dates, places and
attribution from the earlier stages (:mod:`.build`). See ``docs/events.md``.
"""

from __future__ import annotations

from dateline.config import Config
from dateline.model import Contradiction, Event
from dateline.nlp.events.casualties import attach_casualties
from dateline.nlp.events.event_filter import EventFilter, load_event_filter
from dateline.nlp.events.learned import EventTyper, load_typer
from dateline.nlp.events.parties import add_outlet_country
from dateline.nlp.events.resources import Resources, load_resources
from dateline.nlp.events.select import extract
from dateline.nlp.events.statements import StatementModel, load_statement_model, statement_events
from dateline.pipeline import Analysis, StageFn, register_stage

__all__ = ["Resources", "coded_events", "extract", "load_resources", "make_events"]


@register_stage(
    "events",
    requires=("sentences", "actors"),
    reads=("timexes", "quotes", "places", "coref"),
    assigns=("events", "contradictions"),
)
def make_events(config: Config) -> StageFn:
    res = load_resources()
    options = config.options_for("events")
    # the learned typer decides eventness and type; off, the lexicon's type stands
    # "embeddings": the typer trained with sentence embeddings, when the
    # [embeddings] extra is installed (slower: see docs/events.md)
    typer = load_typer(embeddings=bool(options.get("embeddings", False))) if options.get("typer", True) else None
    # statement events: what a quote's content does (ACCUSE ...); "statements = false" turns them off
    statements = load_statement_model() if options.get("statements", True) else None
    # the final-event filter (event_filter.py): off by default, "filter = true"
    # turns it on (on ukwar-dev it cost one required event: docs/events.md)
    event_filter = load_event_filter() if options.get("filter", False) else None

    def events(analysis: Analysis) -> None:
        language = (analysis.document.language or "en").lower()
        if not language.startswith("en"):
            # the lexicon and patterns are English: code nothing rather than guess
            analysis.extraction.events, analysis.extraction.contradictions = [], []
            return
        analysis.extraction.events, analysis.extraction.contradictions = coded_events(
            analysis, res, typer, statements, event_filter
        )

    return events


def coded_events(
    analysis: Analysis, res: Resources, typer: EventTyper | None, statements: StatementModel | None,
    event_filter: EventFilter | None | bool = None,
) -> tuple[list[Event], list[Contradiction]]:
    """The events stage's work on one English document (also what the PLV
    end-to-end measure runs, with a typer retrained per fold). ``event_filter``:
    True the shipped final-event filter, None or False none (the default, as the stage's)."""
    found, contradictions = extract(analysis, res, typer)
    if statements is not None:
        found += statement_events(analysis, res, found, statements)
    attach_casualties(analysis, found)  # death/injury tolls onto their events
    add_outlet_country(analysis, found)  # a local person coded by the outlet's country
    if event_filter is True:
        event_filter = load_event_filter()
    if isinstance(event_filter, EventFilter):
        found, contradictions = event_filter.apply(analysis, found, contradictions, res)
    return found, contradictions
