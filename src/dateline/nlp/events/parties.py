"""Resolving an event's argument tokens to actor ids (:class:`PartyResolver`;
the actors a clause does not name are :mod:`~.inference`'s):
the actors stage's mentions, coreference, quote speakers for "I"/"we",
nationality adjectives, places aimed at and the other parties of the clause.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from dateline.errors import DatelineError
from dateline.model import Actor, Event, Place, Quote
from dateline.nlp.events.actor_model import party_code
from dateline.nlp.events.agents import AgentCoder
from dateline.nlp.events.arguments import (
    FIRST_PERSON,
    NP_CUT_DEPS,
    REPORTED_PRONOUNS,
    argument_table,
    argument_words,
)
from dateline.nlp.events.resources import Resources
from dateline.nlp.events.syntax import Candidate, lemma
from dateline.packagedata import read_text
from dateline.resolve.actors.kb import KnowledgeBase, fold, load_knowledge_base
from dateline.resolve.index import ActorIndex

if TYPE_CHECKING:
    from spacy.tokens import Token

    from dateline.pipeline import Analysis


@lru_cache(maxsize=1)
def _country_rows() -> tuple[dict[str, Any], ...]:
    """The actors stage's country table (empty when it is not installed)."""
    try:
        text = read_text("actors", "countries.jsonl")
    except OSError:
        return ()
    return tuple(json.loads(line) for line in text.splitlines() if line.strip())


@lru_cache(maxsize=1)
def _iso2_to_code() -> dict[str, str]:
    """ISO alpha-2 -> alpha-3."""
    return {
        str(row["iso2"]).upper(): str(row["code"])
        for row in _country_rows()
        if row.get("iso2") and row.get("code")
    }


@lru_cache(maxsize=1)
def _demonyms() -> dict[str, str]:
    """Nationality adjective -> alpha-3."""
    table: dict[str, str] = {}
    for row in _country_rows():
        for demonym in row.get("demonyms") or []:
            if demonym.isalpha():
                table.setdefault(str(demonym), str(row["code"]))
    return table



# how far (characters) an "I"/"we" outside quotes may be from the quote of its speaker
NEARBY_QUOTE_CHARS = 300
# third-person singular pronouns of people (inside a direct quote never its speaker)
THIRD_PERSON = frozenset({"he", "him", "his", "she", "her"})
# how many sentences before its own "the country"/"the ministry" looks back
ANTECEDENT_SENTENCES = 2
# words whose noun phrase can name a party (others resolve only to their own mention)
NOMINAL_POS = frozenset({"NOUN", "PROPN", "PRON", "NUM", "X"})

PLURAL_PRONOUNS = frozenset({"they", "them", "their"})
# subjects a pronoun with no antecedent found may stand for
PRIOR_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})


def _kind_agrees(kind: str, actor: Actor, subject: Token) -> bool:
    """Whether a pronoun of ``kind`` ("person": he/she, "thing": it, "group":
    they) can stand for ``actor`` named by ``subject``."""
    if kind == "person":
        return actor.kind == "person"
    if kind == "thing":
        return actor.kind in ("country", "organization", "media") and subject.tag_ not in ("NNS", "NNPS")
    return actor.kind != "person" or subject.tag_ in ("NNS", "NNPS")


def _expletive(token: Token) -> bool:
    """"*It* is in America's interest to assist Ukraine", "*it* is time to
    talk": an "it" that holds the place of an extraposed clause names no
    party (not "it is ready to send troops": a disposition is the party's)."""
    head = token.head
    if token.lower_ != "it" or token.dep_ not in ("nsubj", "expl") or lemma(head) != "be":
        return False
    predicates = [c for c in head.children if c.dep_ in ("acomp", "attr")]
    if any(lemma(p) in argument_words()["disposition_predicates"] for p in predicates):
        return False
    return any(
        t.dep_ in ("xcomp", "ccomp", "csubj", "acl")
        and any(c.dep_ in ("aux", "mark") and c.lower_ in ("to", "that") for c in t.children)
        for t in head.subtree
        if t.i > token.i
    )


def _unique(ids: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(ids))


def _knowledge_base() -> KnowledgeBase | None:
    try:
        return load_knowledge_base()
    except DatelineError:  # no knowledge base: unnamed parties stay uncoded
        return None


class PartyResolver:
    """Resolves the argument tokens of candidates to actor ids, against the
    actors, coref, quotes and places layers of one document."""

    def __init__(self, analysis: Analysis, res: Resources) -> None:
        self.analysis = analysis
        self.res = res
        extraction = analysis.extraction
        self.index = ActorIndex(extraction.actors)
        self.by_id: dict[str, Actor] = {a.id: a for a in extraction.actors}
        coref = analysis.shared.get("coref") or {}
        self.coref: dict[tuple[int, int], str] = {
            (int(k[0]), int(k[1])): str(v) for k, v in coref.items() if isinstance(k, tuple)
        }
        self.quotes: list[Quote] = list(extraction.quotes)
        self.places: list[Place] = sorted(extraction.places, key=lambda p: p.span.start)
        self.country_actor: dict[str, str] = {}
        for actor in extraction.actors:
            if actor.code and (actor.kind == "country" or actor.id.startswith("country:")):
                current = self.country_actor.get(actor.code)
                # prefer the plain country over a sector variant
                if current is None or len(actor.id) < len(current):
                    self.country_actor[actor.code] = actor.id
        self.names: dict[str, str] = {}
        for actor in extraction.actors:
            for m in actor.mentions:
                if m.text[:1].isupper() and " " not in m.text:
                    self.names.setdefault(m.text, actor.id)
        # ids the agent coder gave the current candidate (not named parties)
        self.agent_coded: set[str] = set()
        self.kb = _knowledge_base()
        self.agent_coder = AgentCoder(self.kb) if self.kb is not None else None
        self._place_parties: dict[str, str] = {}
        self._cores: dict[int, tuple[int, int]] = {}  # _core per token (asked again by build)

    def parties(self, cand: Candidate) -> tuple[list[str], list[str], list[str]]:
        """Actor ids, counterpart ids (a subset of the actors) and recipient ids."""
        self.agent_coded = set()
        actors = self._resolve_all(cand.actor_tokens) or self._demonym_actor(cand.actor_tokens)
        counterparts = self._counterparts(cand, actors)
        recipients = [r for r in self._resolve_all(cand.recipient_tokens, recipient=True) if r not in actors]
        codes = {self.code(a) for a in actors}
        spec = self.res.types[cand.event]
        if not recipients and not spec.reciprocal and actors:
            if cand.event in ("ASSAULT", "COERCE"):
                recipients = self._place_recipient(cand)
            if not recipients:
                recipients = self._demonym(cand.recipient_tokens)
            if not recipients:
                recipients = self._fallback_recipient(cand, codes)
        elif not recipients and cand.event in ("ASSAULT", "COERCE"):
            recipients = self._place_recipient(cand)
        actors = _unique(self._place_party(a) for a in actors)
        counterparts = _unique(self._place_party(a) for a in counterparts)
        recipients = [r for r in _unique(self._place_party(r) for r in recipients) if r not in actors]
        return actors, counterparts, recipients

    def _core(self, token: Token) -> tuple[int, int]:
        """Character span of a noun phrase without its prepositional phrases,
        relative clauses and conjuncts."""
        key = token.i
        if key in self._cores:
            return self._cores[key]
        if token.text in ("'s", "\u2019s") and token.i > 0:
            token = token.doc[token.i - 1]
        lo, hi = token.i, token.i + 1
        stack = [token]
        while stack:
            node = stack.pop()
            for child in node.children:
                if child.dep_ in NP_CUT_DEPS:
                    continue
                lo, hi = min(lo, child.i), max(hi, child.i + 1)
                stack.append(child)
        doc = token.doc
        found = self._cores[key] = int(doc[lo].idx), int(doc[hi - 1].idx + len(doc[hi - 1].text))
        return found

    def quote_at(self, start: int, end: int) -> Quote | None:
        return quote_containing(self.quotes, start, end)

    def resolve(self, token: Token) -> str | None:
        if token.text in ("'s", "\u2019s") and token.i > 0:
            token = token.doc[token.i - 1]
        start, end = int(token.idx), int(token.idx + len(token.text))
        if token.pos_ == "PRON" or token.tag_ in ("PRP", "PRP$"):
            if _expletive(token):
                return None
            if token.lower_ in FIRST_PERSON:
                quote = self.quote_at(start, end) or self._nearby_quote(token)
                if quote is not None and quote.speaker.actor_id:
                    return quote.speaker.actor_id
            found = self.coref.get((start, end))
            if found and token.lower_ in THIRD_PERSON:
                found = self._not_the_speaker(token, found)
            if found:
                return found
            actor = self.index.at(start, end)
            if actor is not None:
                return actor.id
            found = self._prior_subject(token)
            if found and token.lower_ in THIRD_PERSON:
                found = self._not_the_speaker(token, found)
            return found
        if token.pos_ not in NOMINAL_POS:
            # a verb or adjective the parse left as an argument ("he was
            # *disappointed*"): only a mention of the word itself, never one
            # somewhere in the clause it heads
            actor = self.index.at(start, end)
            return actor.id if actor is not None else None
        core_start, core_end = self._core(token)
        # the token's own mention first: "NATO" in "the U.S. and NATO" is NATO,
        # whatever longer mention (a coordinated speaker) also covers it
        own = self.index.mentions_in(start, end)
        actor = (own[-1][1] if own else None) or self.index.at(start, end) or self.index.at(core_start, core_end)
        if actor is None:
            inside = self.index.mentions_in(core_start, core_end)
            if inside:
                actor = inside[-1][1]
        if actor is None:
            found = self.coref.get((core_start, core_end))
            if found:
                return found
        return actor.id if actor is not None else None

    def _coordinated_with(self, pronoun: Token, found: str) -> list[str]:
        """The other parties coordinated with the last name of ``found`` before
        a plural pronoun ("Poland, Hungary and Slovakia joined ... *They*
        urged": all three, where the antecedent found is one of them)."""
        sent = pronoun.sent
        first = pronoun.doc[sent.start - 1].sent.start if sent.start > 0 else sent.start
        before = self.index.mentions_in(int(pronoun.doc[first].idx), int(pronoun.idx))
        last = next((m for m, a in reversed(before) if a.id == found), None)
        span = self.analysis.doc.char_span(last.start, last.end, alignment_mode="expand") if last is not None else None
        if span is None:
            return []
        root = span.root
        # "Bulgaria, Czech Republic, Estonia and ...": a list the parser hangs
        # as an apposition whose conjuncts are the rest
        listed = [*root.conjuncts, *(t for a in root.children if a.dep_ == "appos" and a.pos_ == "PROPN" for t in (a, *a.conjuncts))]
        others = [self.resolve(c) for c in listed]
        return [a for a in others if a]

    def _prior_subject(self, token: Token) -> str | None:
        """A subject pronoun neither coreference nor the actors stage resolved,
        with no other subject before it in its sentence: the main subject of
        the sentence before, when it names an actor of the pronoun's kind
        ("Germany has been sceptical ... *It* has long argued against"). None
        otherwise (a possessive, or a pronoun after another subject, "... that
        allowed *it* to strike", is too often someone else)."""
        kind = REPORTED_PRONOUNS.get(token.lower_)
        sent = token.sent
        if kind is None or token.dep_ not in PRIOR_SUBJECT_DEPS or sent.start == 0:
            return None
        if any(t.dep_ in PRIOR_SUBJECT_DEPS for t in sent[: token.i - sent.start]):
            return None  # another subject comes first: the pronoun may be its
        before = token.doc[sent.start - 1].sent
        nearby = [t for t in before if t.dep_ in PRIOR_SUBJECT_DEPS and t.head.dep_ == "ROOT"]
        for subject in nearby:
            if subject.pos_ == "PRON":
                continue
            found = self.resolve(subject)
            actor = self.by_id.get(found) if found else None
            if actor is not None and _kind_agrees(kind, actor, subject):
                return found
        return None

    def _not_the_speaker(self, token: Token, found: str) -> str | None:
        """Inside a direct quote the speaker says "I": a "he"/"she" there that
        coref gave the speaker ("If Putin learns ... that *he* can", Stoltenberg
        said) is the last other person named before it in its sentence (None
        when there is none). Other antecedents are kept."""
        quote = self.quote_at(int(token.idx), int(token.idx + len(token.text)))
        if quote is None or quote.kind != "direct" or quote.speaker.actor_id != found:
            return found
        before = self.index.mentions_in(int(token.sent.start_char), int(token.idx))
        others = [a.id for _m, a in before if a.kind == "person" and a.id != found]
        return others[-1] if others else None

    def _nearby_quote(self, token: Token) -> Quote | None:
        """"I"/"we" outside every quote the quotes stage found: the nearest
        attributed quote within a short distance in another sentence (the
        speaker goes on in a sentence the quote cues missed; a quote inside the
        pronoun's own sentence is someone else's words: "I agree with Putin
        when he says ...")."""
        sent = token.sent
        lo, hi = int(sent.start_char), int(sent.end_char)
        start, end = int(token.idx), int(token.idx + len(token.text))
        best: tuple[int, Quote] | None = None
        for quote in self.quotes:
            if not quote.speaker.actor_id:
                continue
            for span in quote.content:
                if span.start < hi and lo < span.end:
                    continue
                gap = start - span.end if span.end <= start else span.start - end
                if 0 <= gap <= NEARBY_QUOTE_CHARS and (best is None or gap < best[0]):
                    best = (gap, quote)
        return best[1] if best is not None else None

    def code(self, actor_id: str) -> str:
        actor = self.by_id.get(actor_id)
        return actor_id if actor is None else party_code(actor)

    def _resolve_all(self, tokens: Iterable[Token], *, recipient: bool = False) -> list[str]:
        """Actor ids of argument tokens. For a recipient, a word that names no
        actor still names a country when it is a place ("a visit *to Kiev*"),
        a people ("*the Finnish*") or a noun a nationality modifies ("*Ukrainian
        refugees*", "*the Ukrainian border*")."""
        ids: list[str] = []
        for token in tokens:
            found = self.resolve(token)
            if found and self._uncoded_organization(found) and token.pos_ in ("NOUN", "PROPN"):
                # "the Ukrainian Security Service", an organisation the knowledge base
                # lacks: its country and sector, as for an unnamed agent, code it
                coded = [a for a in self._agents(token) or self._demonym([token]) if a not in ids]
                if coded:
                    ids.extend(coded)
                    continue
            if found and not recipient and self._sector_of_owner(token, found):
                # "Kyiv's forces", "Moscow's troops": the mention found is the
                # possessor's; the noun itself codes that country's sector
                ids.extend(a for a in self._agents(token) if a not in ids)
                continue
            if found and found not in ids:
                ids.append(found)
                if token.lower_ in PLURAL_PRONOUNS:
                    ids.extend(a for a in self._coordinated_with(token, found) if a not in ids)
            elif not found and token.pos_ in ("NOUN", "PROPN", "ADJ"):
                coded = self._agents(token) or self._definite_antecedent(token)
                if not coded and recipient:
                    country = self._country_of_word(token)
                    coded = [country] if country else []
                ids.extend(a for a in coded if a not in ids)
        return ids

    def _sector_of_owner(self, token: Token, found: str) -> bool:
        """Whether a noun with no mention of its own, resolved through its
        owner's mention, codes a sector of that owner's country."""
        if token.pos_ != "NOUN" or self.agent_coder is None:
            return False
        if self.index.at(int(token.idx), int(token.idx + len(token.text))) is not None:
            return False
        pairs = self.agent_coder.codes(token, self.resolve, self.code)
        return bool(pairs) and all(code == self.code(found) and sector for code, sector in pairs)

    def _country_of_word(self, token: Token) -> str | None:
        """The country a word that names no actor stands for (see :meth:`_resolve_all`)."""
        start, end = int(token.idx), int(token.idx + len(token.text))
        if token.pos_ == "PROPN":
            code = self._place_country(start, end)
            if code:
                return self._country_id(code, start, end)
        if self.agent_coder is not None:
            code = self.agent_coder.plural_demonym(token) or (
                self.agent_coder.country_word(token) if token.pos_ in ("ADJ", "PROPN") or token.tag_ == "NNPS" else None
            )
            if code is None and token.pos_ == "NOUN":
                code = next(
                    (c for child in token.children if child.dep_ in ("amod", "compound") and child.i < token.i
                     and (c := self.agent_coder.country_word(child))),
                    None,
                )
            if code:
                return self._country_id(code, start, end)
        return None

    def _place_party(self, actor_id: str) -> str:
        """An uncoded party that is a place ("annexed *Crimea*", "struck *Bakhmut*",
        "*Minsk* said"; the actors stage made it a provisional organisation)
        stands for the place's country: the places stage's country of one of
        its mentions, else the country whose seat it is named after. Other ids
        are returned as they are."""
        actor = self.by_id.get(actor_id)
        if actor is None or actor.code or actor.kind == "person" or not actor.mentions:
            return actor_id
        cached = self._place_parties.get(actor_id)
        if cached is not None:
            return cached
        found = actor_id
        for mention in actor.mentions:
            code = self._place_country(mention.start, mention.end)
            if code is None and self.kb is not None:
                code = self.kb.seat_words.get(fold(mention.text))
            if code:
                found = self._country_id(code, mention.start, mention.end) or actor_id
                break
        self._place_parties[actor_id] = found
        return found

    def _place_country(self, start: int, end: int) -> str | None:
        """The country code of the first place (places stage) the span overlaps
        whose country has a code."""
        iso = _iso2_to_code()
        for place in self.places:
            if place.span.start < end and start < place.span.end and place.country:
                code = iso.get(place.country.upper())
                if code:
                    return code
        return None

    def _country_id(self, code: str, start: int, end: int) -> str | None:
        """The document's actor for a country (registered, with this mention,
        when the document has none)."""
        found = self.country_actor.get(code)
        if found is None and self._register(f"country:{code}", start, end):
            found = self.country_actor.get(code)
        return found

    def _uncoded_organization(self, actor_id: str) -> bool:
        actor = self.by_id.get(actor_id)
        return actor is not None and not actor.code and actor.kind == "organization"

    def _agents(self, token: Token) -> list[str]:
        """Ids of the unnamed parties a noun phrase codes ("a Canadian soldier":
        CAN MIL), registered as actors so that every reader resolves them."""
        if self.agent_coder is None:
            return []
        found = []
        for code, sector in self.agent_coder.codes(token, self.resolve, self.code):
            actor_id = f"country:{code}:{sector}" if sector else f"country:{code}"
            if self._register(actor_id, *self._core(token)):
                found.append(actor_id)
                self.agent_coded.add(actor_id)
        return found

    def _definite_antecedent(self, token: Token) -> list[str]:
        """"the country", "the ministry", "the alliance" with nothing in the
        phrase saying whose: the party named last before it (within a few
        sentences) of the kind the noun names (``definite_party_nouns``); a
        sector noun keeps its sector ("Russia's defence ministry ... the
        ministry": that ministry first, else RUS with the noun's sector)."""
        kind = argument_table("definite_party_nouns").get(lemma(token))
        if kind is None or token.pos_ != "NOUN" or self.kb is None:
            return []
        if not any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in token.children):
            return []
        if any(c.dep_ in ("poss", "amod", "compound", "prep") for c in token.children):
            return []  # "the Russian army", "the government of X": the phrase says whose (or not a party)
        if any(c.dep_ == "nummod" for c in token.children) or (token.tag_ == "NNS" and kind == "org"):
            return []  # "the 15 countries", "the alliances": several, not the one named before
        start = int(token.idx)
        sent = token.sent
        first = sent.start
        for _ in range(ANTECEDENT_SENTENCES):
            if first == 0:
                break
            first = token.doc[first - 1].sent.start
        earlier = list(reversed(self.index.mentions_in(int(token.doc[first].idx), start)))
        if kind == "org":
            for _mention, actor in earlier:
                if actor.kind == "organization" and actor.code and actor.code not in self.kb.countries:
                    return [actor.id]
            return []
        # the same noun named with its owner first ("Russia's defence ministry
        # said ... the ministry"), then an actor of the same sector
        for other in reversed(token.doc[first : token.i]):
            if other.lemma_ == token.lemma_:
                found = self.resolve(other)
                same = [found] if found else self._agents(other)
                if any(self.code(a) in self.kb.countries for a in same):
                    return [a for a in same if self.code(a) in self.kb.countries][:1]
        sector = self.agent_coder.sector(token) if self.agent_coder is not None else None
        coded = [(m, a) for m, a in earlier if a.code in self.kb.countries]
        chosen = next((a for _m, a in coded if sector and a.sector == sector), None)
        if chosen is not None:
            return [chosen.id]
        if not coded:
            return []
        code = str(coded[0][1].code)
        actor_id = f"country:{code}:{sector}" if sector else f"country:{code}"
        if self._register(actor_id, *self._core(token)):
            return [actor_id]
        found = self._country_id(code, *self._core(token))
        return [found] if found else []

    def names_party(self, ids: Iterable[str]) -> bool:
        """Whether a party is named (not only an unnamed agent: "Russians")."""
        return any(i not in self.agent_coded for i in ids)

    def _register(self, actor_id: str, start: int, end: int) -> bool:
        """Add an actor the actors stage did not produce (or a mention of it)."""
        actor = self.by_id.get(actor_id)
        if actor is None:
            entry = self.kb.get(actor_id) if self.kb is not None else None
            if entry is None:
                return False
            actor = Actor(id=entry.id, name=entry.name, code=entry.code, sector=entry.sector, wikidata=entry.wikidata, kind=entry.kind)
            self.analysis.extraction.actors.append(actor)
            self.by_id[actor_id] = actor
            if entry.kind == "country" and entry.code:
                self.country_actor.setdefault(entry.code, actor_id)
        if not any(m.start == start and m.end == end for m in actor.mentions):
            actor.mentions.append(self.analysis.document.mention(start, end))
        return True

    def _fallback_recipient(self, cand: Candidate, actor_codes: set[str]) -> list[str]:
        """A directed event whose recipient the syntax did not give: the first
        other party named after the trigger within its clause ("expressed
        disappointment following a call with Putin"), or, for a relative clause
        ("..., which Kyiv rejected"), the nearest one before it."""
        doc = cand.trigger.doc
        lo, hi = cand.scope
        scope_end = int(doc[hi - 1].idx + len(doc[hi - 1].text)) if hi > lo else cand.end
        for mention, actor in self.index.mentions_in(cand.end, scope_end):
            if party_code(actor) not in actor_codes:
                if cand.event in ("ACCUSE", "THREATEN"):
                    # "warned of a Russian invasion of *Ukraine*": the party the
                    # accused act is done to is not the accused; its doer is
                    doer = self._owner_of_patient(mention.start, mention.end)
                    if doer is not None:
                        return [doer] if self.code(doer) not in actor_codes else []
                return self._with_conjuncts_at(mention.start, mention.end, actor.id, actor_codes)
        if cand.relative_object is not None:
            sent = cand.trigger.sent
            before = self.index.mentions_in(int(sent.start_char), cand.start)
            pronouns = [
                (int(t.idx), int(t.idx + len(t.text)))
                for t in sent
                if t.tag_ in ("PRP", "PRP$") and t.idx < cand.start
            ]
            items: list[tuple[int, str]] = [(m.start, a.id) for m, a in before]
            for span in pronouns:
                found = self.coref.get(span)
                if found:
                    items.append((span[0], found))
            for _, actor_id in sorted(items, reverse=True):
                if self.code(actor_id) not in actor_codes:
                    return [actor_id]
        return []

    def _owner_of_patient(self, start: int, end: int) -> str | None:
        """The country whose nationality adjective owns the event noun a party
        named at ``start``-``end`` is the of-object of ("a Russian invasion of X")."""
        span = self.analysis.doc.char_span(start, end, alignment_mode="expand")
        if span is None:
            return None
        prep = span.root.head
        if span.root.dep_ != "pobj" or prep.lower_ != "of" or (lemma(prep.head), "NOUN") not in self.res.triggers:
            return None
        found = self._demonym([prep.head])
        return found[0] if found else None

    def _with_conjuncts_at(self, start: int, end: int, actor_id: str, actor_codes: set[str]) -> list[str]:
        """``actor_id`` (named at ``start``-``end``) and the parties coordinated
        with that name ("enforced by *the U.S. and NATO allies*"), but the actor's own."""
        found = [actor_id]
        span = self.analysis.doc.char_span(start, end, alignment_mode="expand")
        if span is None:
            return found
        for conjunct in span.root.conjuncts:
            other = self.resolve(conjunct)
            if other and other not in found and self.code(other) not in actor_codes:
                found.append(other)
        return found

    def _place_recipient(self, cand: Candidate) -> list[str]:
        """Violence or seizure aimed at a place ("a strike on a Kyiv suburb",
        "control of the Luhansk region"): the place's country is the recipient."""
        iso = _iso2_to_code()
        doc = cand.trigger.doc
        lo, hi = cand.scope
        start, end = int(doc[lo].idx), int(doc[hi - 1].idx + len(doc[hi - 1].text))
        for place in self.places:
            if start <= place.span.start and place.span.end <= end and place.span.start >= cand.start:
                code = iso.get((place.country or "").upper())
                if code and code in self.country_actor:
                    return [self.country_actor[code]]
        # Without a gazetteer hit: a name that elsewhere in this document names
        # an actor ("Kyiv" rejected ... a Kyiv suburb) belongs to that actor's country.
        for token in cand.recipient_tokens:
            for child in token.subtree:
                if child.pos_ != "PROPN":
                    continue
                actor_id = self.names.get(child.text)
                if actor_id is not None:
                    code = self.code(actor_id)
                    return [self.country_actor.get(code, actor_id)]
        return []

    def _demonym(self, tokens: list[Token]) -> list[str]:
        """"the Ukrainian proposal": a nationality adjective names the country."""
        table = _demonyms()
        for token in tokens:
            for child in token.children:
                if child.dep_ in ("amod", "compound") and child.text in table:
                    code = table[child.text]
                    if code in self.country_actor:
                        return [self.country_actor[code]]
        return []

    def _demonym_actor(self, tokens: list[Token]) -> list[str]:
        """"repelled a Russian attack": the nationality adjective that owns a
        noun event names the country, when the document names it too."""
        table = _demonyms()
        for token in tokens:
            code = table.get(token.text)
            if code is not None and code in self.country_actor:
                return [self.country_actor[code]]
        return []

    def _counterparts(self, cand: Candidate, actors: list[str]) -> list[str]:
        """Ids of the other side: a party the clause also names as a principal
        ("Russia met Russian officials": one id both ways) stays a principal."""
        others = set(cand.counterpart_tokens)
        principals = set(self._resolve_all(t for t in cand.actor_tokens if t not in others))
        found = set(self._resolve_all(cand.counterpart_tokens))
        return [a for a in actors if a in found and a not in principals]


def quote_containing(quotes: Iterable[Quote], start: int, end: int) -> Quote | None:
    """The quote whose content holds ``start``-``end``."""
    for quote in quotes:
        if any(s.start <= start and end <= s.end for s in quote.content):
            return quote
    return None


def add_outlet_country(analysis: Analysis, events: Iterable[Event]) -> None:
    """A legislator, candidate or party politician the text gives no country
    ("says Borys Budka, MP", a name the knowledge base does not know) is coded
    by the outlet's country when the input says where the outlet is (a JSONL
    ``source_country``): a national outlet introduces a foreign one with the
    country. (Any uncoded person would be wrong more often than right:
    foreign officials, soldiers and victims whose country the text leaves to
    context.) The person stays a party; the country is added next to it, as
    PETRARCH codes a local actor by country. Runs on the merged events, so the
    models that tell parties apart never see the added code."""
    fields = analysis.document.metadata.get("fields") or {}
    value = fields.get("source_country") if isinstance(fields, dict) else None
    if not isinstance(value, str):
        return
    value = value.strip().upper()
    code = value if len(value) == 3 and value.isalpha() else _iso2_to_code().get(value)
    if not code:
        return
    actors = analysis.extraction.actors
    by_id = {a.id: a for a in actors}
    country: str | None = None
    for event in events:
        for role in ("actor", "recipient"):
            ids: list[str] = getattr(event, role)
            local = [i for i in ids if (a := by_id.get(i)) is not None and _local_politician(a)]
            if not local:
                continue
            if country is None:
                country = _outlet_actor(actors, code)
                if country is None:
                    return
            if country not in event.actor and country not in event.recipient:
                ids.insert(ids.index(local[-1]) + 1, country)


def _local_politician(actor: Actor) -> bool:
    """An uncoded person whose role (``outlet_country_roles``: an MP, a
    candidate) a national outlet would introduce with its country if foreign."""
    if actor.kind != "person" or actor.code:
        return False
    roles = argument_words()["outlet_country_roles"]
    return any(r.lower() in roles for r in actor.roles)


def _outlet_actor(actors: list[Actor], code: str) -> str | None:
    """The document's actor for the country ``code`` (the knowledge base's,
    added without a mention when the text never names it)."""
    found = [a for a in actors if a.code == code and (a.kind == "country" or a.id.startswith("country:"))]
    if found:
        return min(found, key=lambda a: len(a.id)).id
    kb = _knowledge_base()
    entry = kb.get(f"country:{code}") if kb is not None else None
    if entry is None:
        return None
    actors.append(Actor(id=entry.id, name=entry.name, code=entry.code, sector=entry.sector, wikidata=entry.wikidata, kind=entry.kind))
    return entry.id
