"""Mentions that are no antecedent for coreference: news outlets (the knowledge
base's media, the publisher, wire agencies, names that read as an outlet's, a
one-word reporter of unknown gender) and names in photo credits."""

from __future__ import annotations

import re
from typing import Any

from dateline.ingest.lexicon import lexicon as ingest_lexicon
from dateline.model import Actor
from dateline.resolve.actors.kb import fold


def is_person(actor: Actor) -> bool:
    return actor.kind == "person" or (actor.kind is None and actor.id.startswith(("person:", "Q", "prov:person")))


# "reported by X", "as carried by X": X is the outlet that reported, not a speaker
_REPORTED_BY = re.compile(r"\b(?:reported|published|carried|cited|quoted|broadcast|aired) by\s+(?:the\s+)?$", re.IGNORECASE)
# "X reported", "X reports": an outlet's verb (people are said to say, tell, write)
_REPORTS = re.compile(r"^(?:\s*,[^,]{0,40},)?\s+report(?:ed|s)\b")


def news_outlets(actors: list[Actor], document: Any, genders: dict[str, str | None]) -> set[str]:
    """Ids of the actors that are news outlets: the knowledge base's media, the
    document's publisher and the wire agencies, names that read as an outlet's
    ("Kyiv Post"), and a one-word name of no known gender that the text makes
    the one that reported ("This was reported by Euractiv")."""
    ingest = ingest_lexicon()
    known = {fold(a) for a in ingest.wire_agencies}
    if document.publisher:
        known.add(fold(document.publisher))
    text = document.text
    found: set[str] = set()
    for actor in actors:
        if actor.kind == "media" or fold(actor.name) in known:
            found.add(actor.id)
            continue
        if not is_person(actor) or genders.get(actor.id) is not None or actor.roles:
            continue
        if ingest.looks_like_outlet(actor.name) or (
            " " not in actor.name.strip() and any(
                _REPORTED_BY.search(text[max(0, m.start - 30) : m.start]) or _REPORTS.match(text[m.end : m.end + 60])
                for m in actor.mentions
            )
        ):
            found.add(actor.id)
    return found


def photo_credit(text: str, start: int, end: int) -> bool:
    """A name in a photo credit ("(Lauren Pelley / CBC News)", "Evan Vucci/AP"):
    the photographer is no one the prose speaks of."""
    return "/" in text[start:end] or text[end : end + 3].lstrip().startswith("/") or (
        text[max(0, start - 3) : start].rstrip().endswith("/")
    )
