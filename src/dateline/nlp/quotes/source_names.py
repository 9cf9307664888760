"""Name a quote's source from the words of its phrase.

The part of :class:`~dateline.nlp.quotes.speakers.SpeakerResolver` that reads
the source phrase itself: a proper name in it ("said Olaf Scholz"), an
appositive ("the chancellor, Olaf Scholz"), a title and the name that closes it
("the mayor of Kharkiv Ihor Terekhov"), a surname, a group named by a country
and a role ("Ukrainian officials"), and spaCy's entity as a provisional actor.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from dateline.model import Actor, Mention, Speaker
from dateline.nlp.quotes.lexicon import Lexicon
from dateline.nlp.quotes.speaker_phrases import _LEADING, _core, _person_nouns, _says, _strip_name
from dateline.resolve.actors.describe import office_through_of
from dateline.resolve.actors.kb import fold, one_edit, slugify, translit_key
from dateline.resolve.actors.local import NOT_PEOPLE, organization_heads
from dateline.resolve.index import ActorIndex
from dateline.resolve.past_offices import kb_offices

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

_RELATIVE = frozenset({"who", "which", "that"})
_QUANTIFIERS = _LEADING | frozenset({"some", "several", "two", "three", "many", "other", "one", "of", "its", "their"})
_PLACES = frozenset({"GPE", "NORP", "LOC", "FAC"})
# words that put a name in a relation to the speaker rather than naming the speaker
_LINKING = frozenset({"of", "for", "to", "with", "by", "from", "and", "or", "on", "at", "about", "against", "'s", "\u2019s"})


def _bare(token: Token) -> str:
    """The word without the punctuation the tokenizer glued to it ('Putin.-')."""
    return token.text.rstrip(".,;:-\u2013\u2014") or token.text


def _after_cue(token: Token) -> bool:
    """'- said Zawadzki.-': the name right after an inverted cue the parser did not make its subject."""
    return token.i > 0 and token.nbor(-1).pos_ == "VERB" and token.dep_ in ("punct", "dep", "npadvmod", "dobj") and (
        token.text != _bare(token)
    )


def _title_not_theirs(mention: Span, actor: Actor) -> bool:
    """'the Advisor of the President of Ukraine Mychajlo X': the actors stage glued a
    title to the name that the knowledge base says is not that person's (they hold
    offices, none of that title), so the title is the one the name closes."""
    offices = kb_offices(actor)
    titles = [t.lower_ for t in mention if t.pos_ in ("NOUN", "PROPN") and t.lower_ in _person_nouns()]
    return bool(offices) and bool(titles) and not any(
        title in office.office.split("_") for title in titles for office in offices
    )


def _place(word: str) -> bool:
    # the gazetteer is loaded once, when a title first needs it
    from dateline.resolve.places.gazetteer import load_gazetteer

    return bool(load_gazetteer().lookup(word))


class SourceNames:
    """Readings of a source phrase's own words (a mixin: the resolver holds the state)."""

    lex: Lexicon
    doc: Doc
    text: str
    actors: list[Actor]
    index: ActorIndex
    coref: dict[tuple[int, int], str]
    published: str | None
    _coref_starts: list[tuple[int, int]]
    mention: Callable[[int, int], Mention]

    def _add_mention(self, actor: Actor, start: int, end: int) -> None:
        if not any(m.start == start and m.end == end for m in actor.mentions):
            actor.mentions.append(self.mention(start, end))
            actor.mentions.sort(key=lambda m: (m.start, m.end))
            self.index = ActorIndex(self.actors)

    def _known_or_new(self, actor_id: str, name: str, **fields: Any) -> Actor:
        """The actor of that id, else a document-local one made with ``fields`` and
        indexed at once (an actor the index does not know would be made again, and
        an extraction with two actors of one id cannot be stored)."""
        actor = self.index.get(actor_id)
        if actor is None:
            actor = Actor(id=actor_id, name=name, provisional=True, **fields)
            self.actors.append(actor)
            self.index = ActorIndex(self.actors)
        return actor

    def _local_actor(self, actor_id: str, name: str, start: int, end: int, **fields: Any) -> Actor:
        """The document-local actor of that id (made, with ``fields``, the first time
        the article names it), with a mention at ``start``-``end``."""
        actor = self._known_or_new(actor_id, name, **fields)
        self._add_mention(actor, start, end)
        return actor

    def _proper_noun(self, token: Token | None, core: tuple[int, int], *, subject: bool = True) -> Actor | None:
        """A capitalised proper noun saying something that no stage linked
        ("Nunes said", "EHS says") is an actor of the document: a person, or an
        organisation when written in capitals. It joins ``actors``."""
        if token is None or token.pos_ != "PROPN" or (subject and not (_says(token) or _after_cue(token))):
            return None
        bare = _bare(token)
        if not bare.isalpha() or not bare[:1].isupper() or bare.lower() in _RELATIVE or bare.lower() in NOT_PEOPLE:
            return None
        if token.lower_ in _person_nouns():
            return None  # "The Secretary-General of NATO, X and Y said": a title, no one's name
        # the run of proper nouns ending at the head ("Oleh Syniehubov said"), at most four words
        words = [token]
        while (
            len(words) < 4 and words[0].i > 0 and words[0].nbor(-1).pos_ == "PROPN"
            and words[0].nbor(-1).idx >= core[0] and words[0].nbor(-1).is_alpha
        ):
            words.insert(0, words[0].nbor(-1))
        while len(words) > 1 and not words[0].text[:1].isupper():
            words = words[1:]
        name = " ".join([*(t.text for t in words[:-1]), bare])
        upper = bare.isupper() and len(bare) > 1
        if len(words) == 1 and not upper:
            spelled = self._spelled_otherwise(bare)
            if spelled is not None:
                self._add_mention(spelled, token.idx, token.idx + len(bare))
                return spelled
        slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
        actor_id = f"prov:org:{slug}" if upper else f"prov:{slug}"
        kind = "organization" if upper else "person"
        return self._local_actor(actor_id, name, words[0].idx, token.idx + len(bare), kind=kind)

    def _spelled_otherwise(self, word: str) -> Actor | None:
        """'Zacharow stated' after 'Maria Zacharowa': the one person the article
        named whose surname is that word under another transliteration or one
        typing slip (or case ending) away, same initial."""
        if len(word) < 5:
            return None
        folded = fold(word)
        key = translit_key(word)
        found = set()
        for actor in self.actors:
            if actor.kind != "person" or not actor.mentions:
                continue
            for name in (actor.name, *actor.aliases):
                parts = fold(name).split()
                if len(parts) < 2 or parts[-1][:1] != folded[:1]:
                    continue
                last = parts[-1]
                if translit_key(last) == key or one_edit(last, folded) or one_edit(translit_key(last), key):
                    found.add(actor.id)
        return self.index.get(found.pop()) if len(found) == 1 else None

    def _appositive(self, token: Token | None, source: tuple[int, int]) -> Actor | None:
        """A person (or an organisation) named in apposition to the head ('the
        director ..., Jeff Fraser,')."""
        if token is None:
            return None
        if token.pos_ == "PROPN" and self.index.at(token.idx, token.idx + len(token.text)) is not None:
            return None  # the head is a name itself
        for child in token.children:
            if child.dep_ == "appos" and child.pos_ == "PROPN" and source[0] <= child.idx < source[1]:
                actor = self.index.at(child.idx, child.idx + len(child.text))
                if actor is not None and actor.kind in (None, "person"):
                    return actor
                if actor is not None and actor.kind in ("organization", "media"):
                    return actor  # 'the nuclear operator Energoatom', 'the upper house, the Senate,'
                if child.text[:1].isupper() and token.pos_ in ("NOUN", "PROPN"):
                    # an unlinked name in apposition ("Keeper of the Seal, Syed Ahmad,")
                    return self._proper_noun(child, _core(child, source), subject=False)
        return None

    def _titled(self, token: Token | None, source: tuple[int, int], head_span: tuple[int, int]) -> Actor | None:
        """'The deputy head of Russian diplomacy Sergei X during the speech': a
        title or description whose one named person closes it (not 'the lawyer
        for Y', 'the wife of Y', 'Y's spokesman')."""
        if token is None or token.pos_ not in ("NOUN", "PROPN"):
            return None
        own = self.index.at(*head_span)
        if own is not None and own.kind == "person":
            return None
        if token.pos_ == "NOUN" and token.lemma_.lower() not in _person_nouns():
            return None
        people = [(m, a) for m, a in self.index.mentions_in(*source) if a.kind == "person"]
        if len({a.id for _, a in people}) != 1:
            return None
        mention, actor = people[0]
        before = self.doc.char_span(mention.start, mention.end, alignment_mode="expand")
        if before is None or before.start == 0 or mention.start <= head_span[0]:
            return None
        previous = self.doc[before.start - 1]
        if self.text[mention.end:].startswith(("'s", "\u2019s")):
            return None
        if (previous.lower_ in _LINKING or previous.tag_ == "POS") and not _title_not_theirs(before, actor):
            return None
        node = before.root
        while node.i != token.i and node.head.i != node.i:
            if node.dep_ in ("relcl", "acl", "advcl", "ccomp"):
                return None  # "the spokesman, who works for Minister X,": not X
            node = node.head
        return actor

    def _closing_name(self, token: Token | None, source: tuple[int, int]) -> Actor | None:
        """'said the head of the Estonian intelligence Mikk Marran': a title closed
        by a name of two or more words that no stage linked is that person (not
        'the lawyer for X', 'X's spokesman'; a place before the name is no part of it)."""
        if token is None or token.pos_ != "NOUN" or token.lemma_.lower() not in _person_nouns():
            return None
        span = self.doc.char_span(*source, alignment_mode="expand")
        if span is None:
            return None
        words = [t for t in span if not t.is_punct]
        names: list[Token] = []
        for word in reversed(words):
            if word.pos_ != "PROPN" or not word.is_title or not word.is_alpha or word.ent_type_ in _PLACES:
                break
            names.insert(0, word)
        if names and (names[-1].lower_ in organization_heads() or names[-1].lower_ in self.lex.gathering_nouns):
            return None  # "the head of the EC at the Munich Security Conference": a body, no one's name
        while len(names) > 2 and _place(names[0].text):
            names = names[1:]  # "the mayor of Kharkiv Ihor Terekhov": the city is the title's
        if len(names) < 2 or names[0].i <= token.i or self.index.mentions_in(names[0].idx, names[-1].idx + len(names[-1].text)):
            return None
        before = self.doc[names[0].i - 1]
        if before.lower_ in _LINKING or before.tag_ == "POS":
            return None
        j = names[0].i - 1
        while j > token.i and self.doc[j].pos_ == "PROPN" and self.doc[j].text.isupper():
            j -= 1  # 'the director of NATO Stratcom Coe': an acronym opens the body's name
        if j < names[0].i - 1 and self.doc[j].lower_ in _LINKING:
            return None
        name = " ".join(t.text for t in names)
        end = names[-1].idx + len(names[-1].text)
        return self._local_actor(f"prov:{slugify(name)}", name, names[0].idx, end, kind="person")

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
            if code is None and phrase.startswith("the ") and head in self.lex.collective_heads and token.i == token.left_edge.i + 1:
                # "where Kyiv has vowed a counter-offensive, the authorities said": the
                # one country the sentence named before them
                codes = {
                    a.code for _, a in self.index.mentions_in(token.sent.start_char, start)
                    if a.code and (a.kind == "country" or a.id.startswith("country:"))
                } | {
                    self.lex.demonyms[t.lower_] for t in token.sent if t.i < token.left_edge.i and t.lower_ in self.lex.demonyms
                }
                if len(codes) == 1:
                    code = codes.pop()
                    country = self.lex.country_names.get(code, code)
                    return Speaker(None, f"country:{code}:{sector}", f"{country} {self.text[token.idx : token.idx + len(token.text)]}")
        elif phrase.removeprefix("the ").strip() in self.lex.institutions:
            code, sector = self.lex.institutions[phrase.removeprefix("the ").strip()], "GOV"
        if code is None or sector is None:
            return None
        actor_id = f"country:{code}:{sector}"
        if token.tag_ == "NNS":
            # the quotes stage makes the group an actor (named by its codes)
            return Speaker(None, actor_id, self._group_name(token, (start, end)))
        known = self.index.get(actor_id)
        if known is not None:
            return Speaker(None, actor_id, known.name)
        country = self.lex.country_names.get(code, code)
        return Speaker(None, actor_id, f"{country} {self.lex.sector_names.get(sector, sector)}")

    def _group_name(self, token: Token, source: tuple[int, int]) -> str:
        """The speaker is named as the article names the group ("UK defence
        sources", "Ukrainian officials"); its actor carries the codes."""
        core = _core(token, source)
        words = self.text[core[0] : core[1]].split()
        while len(words) > 1 and words[0].lower() in _QUANTIFIERS:
            words = words[1:]
        return " ".join(words)

    def _no_group(self, ent: Span, head: Token) -> bool:
        """A nationality that only describes a person ('the Argentinian pontiff':
        the person in focus speaks), or a person's name the tagger took for a
        nationality or a place ('Oleksii Vlasenko, 32, ...')."""
        if ent.start_char <= head.idx < ent.end_char:
            word = ent.text.lower().removeprefix("the ").strip()
            return head.pos_ == "PROPN" and word not in self.lex.demonyms and not _place(ent.text)
        return head.pos_ == "NOUN" and head.lemma_.lower() in _person_nouns()

    def _surname(self, token: Token | None) -> Actor | None:
        """A name the tagger missed that is a known person's surname."""
        # An all-capital transcript label ("HOLT:") is a name whatever the tagger says,
        # and so is a capitalised subject the tagger read as a plural ("Woods said").
        if token is None or not (
            token.pos_ == "PROPN" or (token.is_upper and len(token.text) > 1)
            or (token.is_title and token.is_alpha and token.dep_.startswith("nsubj"))
        ):
            return None
        # '...severe."Biden also said': the opening mark the tokenizer glued to the name
        word = _bare(token).lstrip('"\u201c\u201d').lower()
        for actor in self.actors:
            names = actor.name.split()
            if actor.kind in (None, "person") and len(names) > 1 and names[-1].lower() == word:
                return actor
        return None

    def _entity(self, start: int, end: int, head: Token | None = None) -> Speaker | None:
        for ent in self.doc.ents:
            if ent.start_char >= end:
                break
            if ent.label_ in ("NORP", "GPE") and head is not None and self._no_group(ent, head):
                continue
            if ent.start_char < end and start < ent.end_char and ent.label_ in ("PERSON", "ORG", "NORP", "GPE"):
                kind = {"PERSON": "person", "ORG": "organization"}.get(ent.label_, "group")
                name = _strip_name(ent.text)
                slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
                return Speaker(None, f"prov:{kind}:{slug}", name)
        return None

    def _office_through_of(self, token: Token | None, source: tuple[int, int], speaker: Speaker) -> Actor | None:
        """'the head of British diplomacy said': the holder of the office the phrase
        names ('split_roles' in descriptions.json), when the article names them
        (whoever coreference or the country word gave the phrase)."""
        if token is None or token.lemma_.lower() not in ("head", "chief"):
            return None
        holder = office_through_of(self.text[source[0] : source[1]], self.published)
        actor = self.index.get(holder.id) if holder is not None else None
        if actor is None or actor.kind != "person" or actor.id == speaker.actor_id:
            return None
        return actor

    def _before_relative(self, source: tuple[int, int]) -> tuple[int, int]:
        """The source up to its first relative clause ('..., who took part in ...')."""
        span = self.doc.char_span(*source, alignment_mode="expand")
        if span is None:
            return source
        for word in span:
            if word.dep_ == "relcl" and word.left_edge.i > span.start:
                last = word.doc[word.left_edge.i - 1]
                while last.i > span.start and last.is_punct:
                    last = last.nbor(-1)
                return source[0], max(source[0], last.idx + len(last.text))
        return source
