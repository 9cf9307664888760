"""The country the text gives a person the knowledge base does not know.

"Polish MEP Jan Kowalski", "the Lithuanian foreign minister, X", "Kremlin
spokesman X", "X, an adviser to Ukraine's president", "State Department
spokesman X": a nationality adjective, a country's name or possessive, a seat
of power with a role, or an organisation the knowledge base codes with a country,
in the title before the name or in an appositive, codes the person as the
state they act for (the way PLOVER coders do). A name alone gives no country,
and a country the person is sent *to* ("Ambassador to the U.S.") is not theirs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from dateline.resolve.actors.kb import fold

if TYPE_CHECKING:
    from spacy.tokens import Token

    from dateline.model import Actor

# (folded word) -> (code, is_seat): "polish" -> ("POL", False), "kremlin" -> ("RUS", True)
CountryOf = Callable[[str], "tuple[str, bool] | None"]

# clauses and lists that say something else than who the person is ("an expert
# focused on Russia", "a professor and a Ukrainian citizen" stays in)
_CUT = frozenset({"relcl", "acl", "advcl", "ccomp", "xcomp", "appos", "punct", "parataxis"})
_KINDS = frozenset({"country", "organization", "group"})


def phrase(token: Token, skip: Token | None = None) -> list[Token]:
    """The words of the noun phrase ``token`` heads, without clauses (and without ``skip``'s subtree)."""
    found = [token]
    stack = [token]
    while stack:
        node = stack.pop()
        for child in node.children:
            if child.dep_ in _CUT or child is skip:
                continue
            found.append(child)
            stack.append(child)
    return found


_OF_PREPS = frozenset({"from", "of"})  # the body a person is from, after the name


def beside(head: Token, start_of: Token, title_before: Callable[[Token], list[Token]]) -> list[Token]:
    """Words beyond the title and appositives that can say whose the person
    is: the title going on before "to" ("Ukrainian Ambassador to the U.S. X";
    ``start_of`` is the title's first word, or the name's), the possessor before
    the title ("*Ukraine*'s Culture Minister X") and a from/of phrase after the
    name ``head`` ("X from the Ukrainian press academy")."""
    found: list[Token] = []
    before = head.doc[start_of.i - 1] if start_of.i > 0 else None
    if before is not None and before.lower_ == "to":
        found.extend(title_before(before))
    elif before is not None and before.dep_ == "case" and before.head.i < before.i:
        found.append(before.head)
    for prep in head.children:
        if prep.dep_ == "prep" and prep.i > head.i and prep.lower_ in _OF_PREPS:
            found.extend(p for obj in prep.children if obj.dep_ == "pobj" for p in phrase(obj))
    return found


def _sent_to(token: Token) -> bool:
    """'to the U.S.' (parsed as an object or, before a name, as part of it)."""
    if token.dep_ == "pobj" and token.head.lower_ == "to":
        return True
    i = token.i - 1
    while i >= 0 and token.doc[i].lower_ == "the":
        i -= 1
    return i >= 0 and token.doc[i].lower_ == "to"


def country_in(
    tokens: Iterable[Token], actor: Actor, owner_at: dict[int, Actor], country_of: CountryOf,
    is_role: Callable[[Token], object],
) -> str | None:
    """The first country the description words give ``actor`` (left to right)."""
    words = sorted(set(tokens), key=lambda t: t.i)
    seat_ok = any(is_role(t) for t in words)  # a role word: "Kremlin spokesman", not "Kyiv" before a name
    for token in words:
        if _sent_to(token):
            continue  # "Ambassador to the U.S.", "envoy to Ukraine": where they are sent
        if token.pos_ not in ("PROPN", "ADJ", "NOUN") or not token.text[:1].isupper():
            continue
        other = owner_at.get(token.idx)
        if other is not None and other is not actor:
            if other.kind in _KINDS and other.code:
                return other.code  # "State Department spokesman", "MP of the Law and Justice party" (known)
            if other.kind not in _KINDS:
                continue  # another person's name
            # a body the knowledge base lacks: its own words may name the country
            # ("from the *Ukrainian* press academy")
        found = country_of(fold(token.text))
        if found is not None and (seat_ok or not found[1]):
            return found[0]
    return None
