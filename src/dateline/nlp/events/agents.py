"""Unnamed parties coded like PETRARCH/NGEC agents: country plus sector.

"a Canadian soldier" is CAN MIL, "the Ukrainian and Dutch honorary consuls"
UKR GOV and NLD GOV, "Russia's defence ministry" RUS MIL, "officials of
Ukraine" UKR GOV, "the Russians" RUS. The sector comes from the agents lexicon
(``groups`` in ``data/actors/descriptions.json``: "embassy", "troops",
"protesters", "court" ...); the country from a nationality adjective or a
country name modifying the noun, a possessor, or an of/in/from phrase (a seat
too: "the authorities in Kyiv"). The actors stage codes most of these from the
words alone; this reads the parse, so it also finds the country across
coordination and intervening words, which the word matcher cannot.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from dateline.nlp.events.arguments import argument_table
from dateline.resolve.actors.kb import KnowledgeBase, fold

if TYPE_CHECKING:
    from spacy.tokens import Token

COUNTRY_PREPS = frozenset({"of", "in", "from"})


class AgentCoder:
    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.groups: dict[str, str] = {fold(k): v for k, v in kb.lexicon["groups"].items()}

    def sector(self, token: Token) -> str | None:
        """The sector a noun names ("ministry" GOV, "defence ministry" MIL)."""
        low = fold(token.text)
        compounds = [c for c in token.children if c.dep_ in ("compound", "amod") and c.i < token.i]
        for child in compounds:  # the two-word phrase first: "foreign ministry", "armed forces"
            found = self.groups.get(f"{fold(child.text)} {low}")
            if found:
                return found
        for key in (low, fold(token.lemma_), low + "s", fold(token.lemma_) + "s"):
            found = self.groups.get(key)
            if found:
                return found
        return None

    def country_word(self, token: Token) -> str | None:
        text = fold(token.text)
        return self.kb.country_words.get(text) or self.kb.seat_words.get(text)

    def leader_word(self, token: Token) -> str | None:
        """"the *Biden* administration", "the *Putin* regime": the country of
        the one head of state or government the knowledge base knows by this surname."""
        if token.pos_ != "PROPN":
            return None
        codes = {e.code for e in self.kb.by_surname.get(fold(token.text), []) if e.code and e.is_head()}
        return codes.pop() if len(codes) == 1 else None

    def plural_demonym(self, token: Token) -> str | None:
        """"the Russians", "Ukrainians", "the Poles", "Dutchmen": a people named
        by its plural demonym (or people noun, ``people_nouns``)."""
        low = fold(token.text)
        if token.tag_ not in ("NNS", "NNPS") or not low.endswith("s"):
            return None
        singular = low[:-3] + "man" if low.endswith("men") else low[:-1]
        return self.kb.country_words.get(singular) or argument_table("people_nouns").get(singular)

    def codes(
        self, token: Token, resolve: Callable[[Token], str | None], code_of: Callable[[str], str]
    ) -> list[tuple[str, str]]:
        """(country code, sector) pairs a noun phrase headed by ``token`` names,
        or [] when it is not an agent phrase with a country."""
        people = self.plural_demonym(token)
        if people is not None:
            return [(people, "")]
        sector = self.sector(token)
        if sector is None:
            return []
        countries: list[str] = []
        for child in token.children:
            if child.dep_ in ("amod", "compound", "nmod", "npadvmod") and child.i < token.i:
                for part in [child, *child.conjuncts]:
                    code = self.country_word(part) or self.leader_word(part)
                    if code and code not in countries:
                        countries.append(code)
            elif child.dep_ == "poss":
                found = resolve(child)
                code = code_of(found) if found else self.country_word(child)
                if code and len(code) == 3 and code.isupper() and code not in countries:
                    countries.append(code)
            elif child.dep_ == "prep" and child.lower_ in COUNTRY_PREPS and not countries:
                # every conjunct: "the presidents of Comoros, Senegal and Zambia"
                for pobj in (q for p in child.children if p.dep_ == "pobj" for q in (p, *p.conjuncts)):
                    # "in" only with a seat: "the authorities in Kyiv", not "protesters in Poland"
                    seat = self.kb.seat_words.get(fold(pobj.text))
                    code = seat if child.lower_ == "in" else self.country_word(pobj)
                    if code and code not in countries:
                        countries.append(code)
        if not countries:
            # "Seven African leaders – the presidents of Comoros and Senegal –":
            # an apposition says whose
            for child in token.children:
                if child.dep_ == "appos" and child.pos_ in ("NOUN", "PROPN"):
                    apposed = self.codes(child, resolve, code_of)
                    if apposed:
                        return apposed
        return [(code, sector) for code in countries]
