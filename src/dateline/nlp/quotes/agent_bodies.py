"""Unnamed people who speak for a body the article names but no stage linked.

*The head of Ukraine railways says*, *representatives of the White House
stated*, *the press service of the Ukrainian Navy*, *the director of the
Estonian Foreign Intelligence Service said*: when no person holds that title in
the article, the most specific actor the article gives is the body in the
*of/for/at/from* phrase, named as written. A body linked to a country's sector
(*the White House* -> ``country:USA:GOV``) keeps that id with the written name;
any other becomes a document-local organisation (``prov:org:<slug>``) with the
country code its words give. A phrase naming a person (*the lawyer for X*), a
bare country (*the president of Ukraine*: a title, resolved elsewhere) or no
capitalised word (*the head of the department*) makes no body.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from dateline.model import Speaker
from dateline.nlp.quotes.source_names import SourceNames
from dateline.nlp.quotes.speaker_phrases import _FOR_PREPS
from dateline.resolve.actors.kb import slugify

if TYPE_CHECKING:
    from spacy.tokens import Token

_LONGEST = 9  # tokens of a body's name; more is a clause, not a name


class AgentBodies(SourceNames):
    """The body an unnamed agent's phrase names (the resolver holds the state)."""

    def _agent_body(self, token: Token | None) -> Speaker | None:
        if token is None or token.pos_ != "NOUN":
            return None
        lemma = token.lemma_.lower()
        # titles and offices that speak for the body their phrase names (groups.json)
        if lemma not in self.lex.speaking_for_nouns and lemma not in self.lex.body_title_nouns:
            return None
        objects = [
            obj for prep in token.children if prep.dep_ == "prep" and prep.lower_ in _FOR_PREPS
            for obj in prep.children if obj.dep_ == "pobj"
        ]
        if len(objects) != 1:
            return None
        obj = objects[0]
        words = list(obj.subtree)
        while words and (words[0].lower_ == "the" or words[0].is_punct):
            words = words[1:]
        while words and words[-1].is_punct:
            words = words[:-1]
        if not words or len(words) > _LONGEST or any(w.pos_ in ("VERB", "AUX", "PRON") for w in words):
            return None
        if not any(w.text[:1].isupper() for w in words):
            return None  # 'the head of the department': no body's name
        start, end = words[0].idx, words[-1].idx + len(words[-1].text)
        named = self.index.mentions_in(start, end)
        if any(actor.kind == "person" for _, actor in named):
            return None  # 'the lawyer for X'
        whole = [actor for mention, actor in named if mention.start <= start and mention.end >= end]
        name = self.text[start:end]
        if whole:
            actor = whole[0]
            if actor.id.startswith("country:") and actor.id.count(":") == 2:
                return Speaker(None, actor.id, name)  # 'the White House' -> USA:GOV, shown as written
            if actor.id.startswith("country:") or actor.kind == "country":
                return None  # 'the president of Ukraine': a title
            return Speaker(None, actor.id, actor.name)
        codes = {a.code for _, a in named if a.code}
        codes |= {self.lex.demonyms[w.lower_] for w in words if w.lower_ in self.lex.demonyms}
        code = codes.pop() if len(codes) == 1 else None
        body = self._local_actor(f"prov:org:{slugify(name)}", name, start, end, code=code, kind="organization")
        return Speaker(None, body.id, body.name)
