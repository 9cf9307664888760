"""Resolve a quote's source span to an actor.

In order: the coreference map (pronouns, descriptions), the actor index (the
actors stage's linked mentions), a relative pronoun's antecedent ("..., who
said"), group speakers named by a country or institution and a role ("A White
House spokesperson" -> USA government, "Ukrainian officials" -> Ukraine
government), and finally spaCy's named entity as a provisional actor.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from dateline.model import Actor, Mention, Span, Speaker
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
        mention: Callable[[int, int], Mention] | None = None,
    ) -> None:
        self.mention = mention or (lambda s, e: Mention(s, e, text[s:e]))
        # (start, end, speaker) of the quotes resolved so far, for "the statement said"
        self.history: list[tuple[int, int, Speaker]] = []
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
        # The speaker is the head phrase: "X, executive chair of the commission,"
        # is X, not the commission; "the director of operations for EHS, Jeff
        # Fraser," is Fraser (the appositive name).
        core = _core(token, source) if token is not None else source
        named = self._appositive(token, source)
        if named is not None:
            return Speaker(None, named.id, named.name), 0.95
        for key in (source, core, head_span):
            actor_id = self.coref.get(key)
            if actor_id is not None:
                actor = self.index.get(actor_id)
                return Speaker(None, actor_id, actor.name if actor else None), 0.85
        actor = self.index.at(*head_span)
        if actor is not None:
            return Speaker(None, actor.id, actor.name), 1.0
        within = self.coref_within(*core)
        if within is not None:
            known = self.index.get(within)
            return Speaker(None, within, known.name if known else None), 0.85
        group = self._group(start, end, token)
        if group is not None:
            return group, 0.9
        actor = self.index.at(*core)
        if actor is not None:
            return Speaker(None, actor.id, actor.name), 0.95
        person = self._surname(token)
        if person is not None:
            return Speaker(None, person.id, person.name), 0.85
        entity = self._entity(*core)
        if entity is not None:
            return entity, 0.8
        named = self._proper_noun(token, core)
        if named is not None:
            return Speaker(None, named.id, named.name), 0.75
        author = self._author(token)
        if author is not None:
            return author, 0.7
        return Speaker(None), 0.6

    def remember(self, start: int, end: int, speaker: Speaker) -> None:
        if speaker.actor_id is not None:
            self.history.append((start, end, speaker))

    def _author(self, token: Token | None) -> Speaker | None:
        """'The statement also said ...': the one who issued the statement -- the
        owner named before it ("the ministry's statement"), else the speaker of
        an earlier quote (within about two paragraphs) whose sentence names
        that statement ("X said in a statement")."""
        if token is None or token.lemma_.lower() not in self.lex.publication_nouns:
            return None
        for child in token.children:
            if child.dep_ == "poss":
                owner = self.coref.get((child.idx, child.idx + len(child.text)))
                actor = self.index.get(owner) if owner else self.index.at(child.idx, child.idx + len(child.text))
                if actor is not None:
                    return Speaker(None, actor.id, actor.name)
        lemma = token.lemma_.lower()
        for start, end, speaker in reversed(self.history):
            if token.idx - end > 1500:
                break
            sentences = {t.sent.start for t in self.doc.char_span(start, end, alignment_mode="expand") or ()}
            words = {t.lemma_.lower() for i in sentences for t in self.doc[i].sent}
            if lemma in words and end <= token.idx:
                return Speaker(None, speaker.actor_id, speaker.name)
        return None

    def _proper_noun(self, token: Token | None, core: tuple[int, int], *, subject: bool = True) -> Actor | None:
        """A capitalised proper noun saying something that no stage linked
        ("Nunes said", "EHS says") is an actor of the document: a person, or an
        organisation when written in capitals. It joins ``actors``."""
        if token is None or token.pos_ != "PROPN" or (subject and not token.dep_.startswith("nsubj")):
            return None
        if not token.is_alpha or not token.text[:1].isupper() or token.lower_ in _RELATIVE:
            return None
        tokens = [t for t in token.doc[token.i - 3 : token.i + 1] if t.idx >= core[0] and t.pos_ == "PROPN"]
        words = tokens[tokens.index(token) - len(tokens) :] if tokens else [token]
        while len(words) > 1 and not words[0].text[:1].isupper():
            words = words[1:]
        name = " ".join(t.text for t in words)
        upper = token.is_upper and len(token.text) > 1
        slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
        actor_id = f"prov:org:{slug}" if upper else f"prov:{slug}"
        actor = self.index.get(actor_id)
        if actor is None:
            actor = Actor(id=actor_id, name=name, kind="organization" if upper else "person", provisional=True)
            self.actors.append(actor)
        span = (words[0].idx, token.idx + len(token.text))
        if not any(m.start == span[0] and m.end == span[1] for m in actor.mentions):
            actor.mentions.append(self.mention(*span))
            actor.mentions.sort(key=lambda m: (m.start, m.end))
            self.index = ActorIndex(self.actors)
        return actor

    def _appositive(self, token: Token | None, source: tuple[int, int]) -> Actor | None:
        """A person named in apposition to the head ('the director ..., Jeff Fraser,')."""
        if token is None:
            return None
        if token.pos_ == "PROPN" and self.index.at(token.idx, token.idx + len(token.text)) is not None:
            return None  # the head is a name itself
        for child in token.children:
            if child.dep_ == "appos" and child.pos_ == "PROPN" and source[0] <= child.idx < source[1]:
                actor = self.index.at(child.idx, child.idx + len(child.text))
                if actor is not None and actor.kind in (None, "person"):
                    return actor
                if child.text[:1].isupper() and token.pos_ in ("NOUN", "PROPN"):
                    # an unlinked name in apposition ("Keeper of the Seal, Syed Ahmad,")
                    return self._proper_noun(child, _core(child, source), subject=False)
        return None

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


def _core(token: Token, source: tuple[int, int]) -> tuple[int, int]:
    """The head phrase of a source: its modifiers before the head, the head and
    a name or possessive compound; no appositive, relative clause or prepositional phrase."""
    left = token
    for child in token.lefts:
        if child.idx >= source[0]:
            left = child.left_edge if child.left_edge.idx >= source[0] else child
            break
    return max(source[0], left.idx), min(source[1], token.idx + len(token.text))


def _phrase_of(token: Token) -> tuple[int, int]:
    tokens = [t for t in token.subtree if t.i <= token.i]
    return tokens[0].idx, token.idx + len(token.text)
