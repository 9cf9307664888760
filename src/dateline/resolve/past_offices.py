"""Offices a person held before the article's date, from the knowledge base.

"the former Russian president" is not the person the article gives that title
now but the one it named before who held that office and left it by the
publication date (Dmitry X, president until 2012, not the president in office).
"""

from __future__ import annotations

from collections.abc import Sequence

from dateline.model import Actor
from dateline.resolve.actors.kb import Office, load_knowledge_base


def kb_offices(actor: Actor) -> list[Office]:
    """The knowledge-base offices of a person actor (none for other actors)."""
    entry = load_knowledge_base().get(actor.id) if actor.id.startswith("person:") else None
    return [] if entry is None else entry.offices


def _of_noun(office: Office, noun: str, words: set[str] | None = None) -> bool:
    """The office is one of that noun; with the description's ``words``, all the
    office's other words are in it too ("the former minister" is no prime minister)."""
    # office keys join their words: "president", "prime_minister", "commission_president"
    parts = office.office.split("_")
    return noun in parts and (words is None or set(parts) - {noun} <= words)


def holds_now(actor: Actor, noun: str, published: str | None) -> bool:
    """The knowledge base gives the person an office of that noun at the date."""
    return any(_of_noun(office, noun) and office.active(published) for office in kb_offices(actor))


def former_holder(
    noun: str, before: Sequence[Actor], countries: set[str], published: str | None, words: set[str],
) -> Actor | None:
    """The latest of ``before`` (in text order) whose office of that noun ended
    by the date, of one of ``countries`` when the description names any, and
    who does not hold it again at the date; ``words`` are the description's."""
    day = (published or "")[:10]
    if not day:
        return None
    for actor in reversed(before):
        if holds_now(actor, noun, published):
            continue
        for office in kb_offices(actor):
            if _of_noun(office, noun, words) and office.end is not None and office.end <= day and (
                not countries or office.of in countries
            ):
                return actor
    return None
