"""Provisional actors from spaCy's named entities, for coreference when no
actors stage ran (moved out of ``resolve/coref.py`` to keep it small)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dateline.model import Actor
from dateline.resolve.actors.kb import slugify

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from dateline.pipeline import Analysis

_ENTITY_KINDS = {"PERSON": "person", "ORG": "organization", "GPE": "country", "NORP": "group"}


def provisional_actors(analysis: Analysis) -> list[Actor]:
    """Actors from spaCy's named entities, for when no actors stage ran.

    A surname alone joins the earlier full name that ends with it ("Donald
    Trump" ... "Trump"); leading titles and possessives are dropped.
    """
    doc: Doc = analysis.doc
    document = analysis.document
    by_key: dict[str, Actor] = {}
    persons: list[Actor] = []
    for ent in doc.ents:
        kind = _ENTITY_KINDS.get(ent.label_)
        if kind is None:
            continue
        tokens = [t for t in ent if not t.is_punct and t.lower_ not in ("'s", "\u2019s")]
        if not tokens:
            continue
        start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
        name = document.text[start:end]
        actor: Actor | None = None
        if kind == "person":
            last = name.split()[-1].lower()
            for person in persons:
                if person.name.split()[-1].lower() == last:
                    actor = person
                    break
        key = f"prov:{kind}:{slugify(name)}"
        if actor is None:
            actor = by_key.get(key)
        if actor is None:
            actor = Actor(id=key, name=name, kind=kind, provisional=True)
            by_key[key] = actor
            if kind == "person":
                persons.append(actor)
        elif kind == "person" and len(name) > len(actor.name):
            actor.name = name
        actor.mentions.append(document.mention(start, end))
    # spaCy sometimes tags a surname as an organisation ("Trump said"): such an
    # entity that is a known person's surname joins that person.
    surnames = {p.name.split()[-1].lower(): p for p in persons if len(p.name.split()) > 1}
    for key, other in list(by_key.items()):
        same = surnames.get(other.name.lower())
        if other.kind != "person" and same is not None:
            same.mentions.extend(other.mentions)
            del by_key[key]
    return list(by_key.values())
