"""Seed scores for actors and places (``dateline eval seed``).

A gold actor counts as resolved when one extracted actor has its identity (a
person: the gold name is one of the actor's knowledge-base names; otherwise the
same code, and the same sector when the gold gives one) and carries every gold
mention string (some occurrence of it overlaps one of the actor's mentions). A
gold place counts when an extracted place overlaps an occurrence of its text and
has its country.
"""

from __future__ import annotations

from typing import Any

from dateline.eval.seed import seed_scorer
from dateline.model import Actor, Extraction, Place


def _occurrences(text: str, needle: str) -> list[tuple[int, int]]:
    found, i = [], text.find(needle)
    while i >= 0:
        found.append((i, i + len(needle)))
        i = text.find(needle, i + 1)
    return found


def _covers(actor: Actor, body: str, needle: str) -> bool:
    for start, end in _occurrences(body, needle):
        if any(m.start < end and start < m.end for m in actor.mentions):
            return True
    return False


def _same_identity(actor: Actor, gold: dict[str, Any]) -> bool:
    from dateline.resolve.actors.kb import fold, load_knowledge_base

    entries = load_knowledge_base().by_alias.get(fold(gold["name"]), [])
    if entries:  # a named actor: must be that knowledge-base entry
        return any(e.id == actor.id for e in entries)
    if actor.code != gold.get("code"):
        return False
    return not gold.get("sector") or actor.sector == gold["sector"]


@seed_scorer("actors")
def score_actors(extraction: Extraction, text: str, gold: dict[str, Any]) -> dict[str, float]:
    body = extraction.document.text
    actors = extraction.actors
    resolved = mentions = mention_total = wikidata = wikidata_total = 0
    for item in gold.get("actors", []):
        best = 0
        for actor in actors:
            if not _same_identity(actor, item):
                continue
            covered = sum(_covers(actor, body, m) for m in item["mentions"])
            best = max(best, covered)
            if item.get("wikidata"):
                wikidata += int(actor.wikidata == item["wikidata"])
        if item.get("wikidata"):
            wikidata_total += 1
        mentions += best
        mention_total += len(item["mentions"])
        resolved += int(best == len(item["mentions"]))
    descriptions = 0
    for phrase, who in gold.get("descriptions", []):
        for actor in actors:
            if who.lower() in actor.name.lower() and _covers(actor, body, phrase):
                descriptions += 1
                break
    n_actors = max(1, len(gold.get("actors", [])))
    return {
        "resolved": resolved / n_actors,
        "mentions": mentions / max(1, mention_total),
        "descriptions": descriptions / max(1, len(gold.get("descriptions", []))),
        "wikidata": wikidata / max(1, wikidata_total),
    }


def _place_ok(place: Place, gold: dict[str, Any], body: str) -> bool:
    if gold.get("country") and place.country != gold["country"]:
        return False
    return any(
        place.span.start < end and start < place.span.end
        for start, end in _occurrences(body, gold["text"])
    )


@seed_scorer("places")
def score_places(extraction: Extraction, text: str, gold: dict[str, Any]) -> dict[str, float]:
    body = extraction.document.text
    items = gold.get("places", [])
    found = sum(any(_place_ok(p, item, body) for p in extraction.places) for item in items)
    return {"resolved": found / max(1, len(items))}
