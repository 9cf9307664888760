"""Resolve a quote's source span to an actor.

In order: the coreference map (pronouns, descriptions), the actor index (the
actors stage's linked mentions), a relative pronoun's antecedent ("..., who
said"), group speakers named by a country or institution and a role ("A White
House spokesperson" -> USA government, "Ukrainian officials" -> Ukraine
government), and finally spaCy's named entity as a provisional actor.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from dateline.model import Actor, Span, Speaker
from dateline.nlp.quotes.lexicon import Lexicon
from dateline.resolve.index import ActorIndex

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

_RELATIVE = frozenset({"who", "which", "that"})


class SpeakerResolver:
    def __init__(
        self,
        lexicon: Lexicon,
        doc: Doc,
        text: str,
        actors: list[Actor],
        coref: dict[tuple[int, int], str] | None = None,
    ) -> None:
        self.lex = lexicon
        self.doc = doc
        self.text = text
        self.actors = actors
        self.index = ActorIndex(actors)
        self.coref = coref or {}
        self._coref_starts = sorted(self.coref)

    def resolve(self, source: tuple[int, int] | None, head: int | None) -> tuple[Speaker, float]:
        """The speaker and a confidence factor (1.0 = resolved to a known actor)."""
        if source is None:
            return Speaker(None), 0.8
        span = Span.of(self.text, *source)
        token = self.doc[head] if head is not None and head < len(self.doc) else None
        if token is not None and token.lower_ in _RELATIVE and token.dep_.startswith("nsubj"):
            antecedent = token.head.head if token.head.dep_ == "relcl" else None
            if antecedent is not None and antecedent.i != token.i:
                speaker, factor = self._lookup(_phrase_of(antecedent), antecedent)
                if speaker.actor_id is not None:
                    return Speaker(span, speaker.actor_id, speaker.name), factor
        speaker, factor = self._lookup(source, token)
        return Speaker(span, speaker.actor_id, speaker.name), factor

    def _lookup(self, source: tuple[int, int], token: Token | None) -> tuple[Speaker, float]:
        start, end = source
        head_span = (token.idx, token.idx + len(token.text)) if token is not None else source
        for key in (source, head_span):
            actor_id = self.coref.get(key)
            if actor_id is not None:
                actor = self.index.get(actor_id)
                return Speaker(None, actor_id, actor.name if actor else None), 0.85
        within = self.coref_within(start, end)
        if within is not None:
            known = self.index.get(within)
            return Speaker(None, within, known.name if known else None), 0.85
        group = self._group(start, end, token)
        if group is not None:
            return group, 0.9
        actor = self.index.at(*head_span) or self.index.at(start, end)
        if actor is not None:
            return Speaker(None, actor.id, actor.name), 1.0
        person = self._surname(token)
        if person is not None:
            return Speaker(None, person.id, person.name), 0.85
        entity = self._entity(start, end)
        if entity is not None:
            return entity, 0.8
        return Speaker(None), 0.6

    def coref_within(self, start: int, end: int) -> str | None:
        for s, e in self._coref_starts:
            if s >= end:
                break
            if start <= s and e <= end:
                return self.coref[(s, e)]
        return None

    def _group(self, start: int, end: int, token: Token | None) -> Speaker | None:
        """'Ukrainian officials', 'a Kremlin spokesman': country + sector."""
        if token is None:
            return None
        head = token.lower_
        sector = self.lex.sector_heads.get(head)
        phrase = self.text[start:end].lower()
        code = None
        if sector is not None:
            for name in sorted(self.lex.demonyms, key=len, reverse=True):
                if re.search(rf"(?<![\w]){re.escape(name)}(?![\w])", phrase):
                    code = self.lex.demonyms[name]
                    break
            if code is None:
                # "officials in Kyiv": the organisation/country actor inside the phrase.
                for _mention, actor in self.index.mentions_in(start, end):
                    if actor.code:
                        code = actor.code
                        break
        elif phrase.removeprefix("the ").strip() in self.lex.institutions:
            code, sector = self.lex.institutions[phrase.removeprefix("the ").strip()], "GOV"
        if code is None or sector is None:
            return None
        actor_id = f"country:{code}:{sector}"
        known = self.index.get(actor_id)
        if known is not None:
            return Speaker(None, actor_id, known.name)
        country = self.lex.country_names.get(code, code)
        return Speaker(None, actor_id, f"{country} {self.lex.sector_names.get(sector, sector)}")

    def _surname(self, token: Token | None) -> Actor | None:
        """A name the tagger missed that is a known person's surname."""
        # An all-capital transcript label ("HOLT:") is a name whatever the tagger says.
        if token is None or not (token.pos_ == "PROPN" or (token.is_upper and len(token.text) > 1)):
            return None
        for actor in self.actors:
            names = actor.name.split()
            if actor.kind in (None, "person") and len(names) > 1 and names[-1].lower() == token.lower_:
                return actor
        return None

    def _entity(self, start: int, end: int) -> Speaker | None:
        for ent in self.doc.ents:
            if ent.start_char >= end:
                break
            if ent.start_char < end and start < ent.end_char and ent.label_ in ("PERSON", "ORG", "NORP", "GPE"):
                kind = {"PERSON": "person", "ORG": "organization"}.get(ent.label_, "group")
                slug = re.sub(r"[^a-z0-9]+", "-", ent.text.lower()).strip("-")
                return Speaker(None, f"prov:{kind}:{slug}", ent.text)
        return None


def _phrase_of(token: Token) -> tuple[int, int]:
    tokens = [t for t in token.subtree if t.i <= token.i]
    return tokens[0].idx, token.idx + len(token.text)
