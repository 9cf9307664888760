"""Descriptions and roles resolved at a date.

"the Russian leader" (2025) -> Vladimir Putin, "the US president" -> the holder of
that office on the publication date, "his predecessor" (of Trump, 2025) -> Joe
Biden, "Russian forces" -> Russia's military, "A White House spokesperson" -> the
US government. The same code serves the actors stage (on parsed tokens) and any
other stage that needs it (coreference) through :func:`resolve_description`.
"""

from __future__ import annotations

import re
import weakref
from dataclasses import dataclass

from dateline.resolve.actors.kb import Entry, KnowledgeBase, fold, load_knowledge_base

# a group's country may follow it: "the Embassy of Poland", "the authorities in Kyiv"
GROUP_COUNTRY_PREPS = frozenset({"of", "in"})
_WORD = re.compile(r"[A-Za-z\u00c0-\u024f0-9.]+(?:[-'][A-Za-z\u00c0-\u024f0-9.]+)*|'s|\S")


@dataclass(frozen=True, slots=True)
class Resolution:
    """What a description refers to: a knowledge-base entry, and how it was found."""

    entry: Entry
    how: str  # office | leader | predecessor | group
    start: int = 0  # index of the first word that belongs to the description
    end: int = 0  # index after the last word


def _split(text: str) -> list[str]:
    words = []
    for match in _WORD.finditer(text):
        word = match.group(0)
        if word.lower().endswith("'s") and len(word) > 2:
            words.extend([word[:-2], "'s"])
        else:
            words.append(word)
    return words


class Describer:
    """Matches description phrases in a list of words (one sentence or one phrase)."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        lex = kb.lexicon
        self.roles: dict[tuple[str, ...], list[str]] = {
            tuple(k.split()): v for k, v in lex["roles"].items()
        }
        self.groups: dict[tuple[str, ...], str] = {
            tuple(k.split()): v for k, v in lex["groups"].items()
        }
        self.relations: dict[str, str] = dict(lex["relations"])
        self.possessives = set(lex["possessives"])
        self.determiners = set(lex["determiners"])
        self.max_len = max(len(k) for k in [*self.roles, *self.groups])
        # roles with an 'of' a country word may split ('head of ... diplomacy')
        self.split_roles: dict[tuple[str, ...], list[str]] = {
            tuple(k.split()): v for k, v in lex.get("split_roles", {}).items()
        }
        self.split_heads = frozenset(k[0] for k in self.split_roles)
        # most words start no phrase: phrase_at answers them without building keys
        self.first_words = frozenset(k[0] for k in [*self.roles, *self.groups] if k)

    def country_before(self, folded: list[str], i: int) -> tuple[str, int] | None:
        """A country word (demonym, name, seat, possessive) ending right before word ``i``."""
        for width in (3, 2, 1):
            j = i - width
            if j < 0:
                continue
            phrase = " ".join(folded[j:i]).replace(" 's", "'s")
            code = self.kb.country_words.get(phrase) or self.kb.seat_words.get(phrase)
            if code is None and phrase.startswith("the "):
                code = self.kb.seat_words.get(phrase[4:])
            if code is not None:
                return code, j
        return None

    def country_after(
        self, folded: list[str], end: int, preps: frozenset[str] = frozenset({"of"})
    ) -> tuple[str, int] | None:
        """"of [the] country" right after a role: ("RUS", index after the country).
        A group also takes "in" + a seat ("the authorities in Kiev")."""
        if end >= len(folded) or folded[end] not in preps:
            return None
        start = end + 1
        if start < len(folded) and folded[start] == "the":
            start += 1
        for width in (3, 2, 1):
            phrase = " ".join(folded[start : start + width])
            if start + width > len(folded):
                continue
            if phrase in self.kb.country_words and folded[end] == "of":
                return self.kb.country_words[phrase], start + width
            if phrase in self.kb.seat_words:
                return self.kb.seat_words[phrase], start + width
        return None

    def split_of(self, folded: list[str], i: int) -> tuple[int, list[str], str] | None:
        """A role whose 'of' phrase a country word splits ('the head of Russian
        diplomacy', 'the head of the Hungarian Ministry of Foreign Affairs': the
        role 'head of diplomacy' of Russia): (end, offices, country code)."""
        if folded[i] not in self.split_heads or i + 2 >= len(folded) or folded[i + 1] != "of":
            return None
        k = i + 2
        if folded[k] == "the":
            k += 1
        for width in (3, 2, 1):
            phrase = " ".join(folded[k : k + width]).replace(" 's", "'s")
            code = self.kb.country_words.get(phrase)
            if code is None or k + width >= len(folded):
                continue
            rest = k + width
            for length in range(min(5, len(folded) - rest), 0, -1):
                offices = self.split_roles.get((folded[i], "of", *folded[rest : rest + length]))
                if offices:
                    return rest + length, offices, code
        return None

    def phrase_at(self, folded: list[str], i: int) -> tuple[int, list[str] | None, str | None]:
        """Longest role or group phrase starting at ``i``: (end, offices, group sector)."""
        if i >= len(folded) or folded[i] not in self.first_words:
            return i, None, None
        for width in range(min(self.max_len, len(folded) - i), 0, -1):
            key = tuple(folded[i : i + width])
            offices, sector = self.roles.get(key), self.groups.get(key)
            if offices or sector:
                return i + width, offices, sector
        return i, None, None

    def resolve(
        self,
        words: list[str],
        published: str | None,
        context_actor: Entry | None = None,
        *,
        named_follows: bool = False,
    ) -> list[Resolution]:
        """Every description found in ``words`` (non-overlapping, left to right).

        ``named_follows``: the caller knows a name follows the phrase (then a role
        only contributes country and sector, which the caller reads from the result).
        """
        folded = [fold(w) for w in words]
        found: list[Resolution] = []
        i = 0
        while i < len(folded):
            word = folded[i]
            # "his predecessor"
            if word in self.possessives and i + 1 < len(folded) and folded[i + 1] in self.relations:
                if context_actor is not None:
                    prev = self.kb.predecessor(context_actor, published)
                    if prev is not None:
                        found.append(Resolution(prev, "predecessor", i, i + 2))
                i += 2
                continue
            end, offices, sector = self.phrase_at(folded, i)
            if end == i:
                i += 1
                continue
            country = self.country_before(folded, i)
            if country is None and offices:
                # "the President of Ukraine": the country follows the role
                after = self.country_after(folded, end)
                if after is not None and i > 0 and folded[i - 1] in self.determiners:
                    country, end = (after[0], i), after[1]
            elif country is None and sector:
                # "the Embassy of Poland", "officials of Ukraine", "the authorities in Kyiv"
                after = self.country_after(folded, end, GROUP_COUNTRY_PREPS)
                if after is not None:
                    country, end = (after[0], i), after[1]
            if country is None:
                i = end
                continue
            code, start = country
            # "the top US diplomat": a role phrase ("top diplomat") the country word splits
            split = self.roles.get((folded[start - 1], *folded[i:end])) if start > 0 else None
            if split:
                offices, start = split, start - 1
            det = folded[start - 1] if start > 0 else ""
            former = "former" in folded[max(0, start - 2) : i]
            plural = folded[end - 1].endswith("s") and not offices
            indefinite = det in {"a", "an", "one", "two", "three", "several", "some", "many"}
            if det in self.determiners or det in self.possessives:
                start -= 1
            entry: Entry | None = None
            how = "group"
            if offices and not former and not indefinite:
                holders: list[Entry] = []
                for office in offices:
                    if office == "@leader":
                        holders = self.kb.leader(code, published)
                        how = "leader"
                    elif office == "@head_of_state":
                        holders = [
                            e for e in self.kb.leader(code, published) if e.is_head(published)
                        ]
                        how = "leader"
                    else:
                        holders = self.kb.office_holders(code, office, published)
                        how = "office"
                    if holders:
                        break
                if len(holders) == 1:
                    entry = holders[0]
            if entry is None and (sector or offices):
                # a role we cannot pin on one person still names the country's sector
                entry = self.kb.sector_variant(f"country:{code}:{sector or 'GOV'}")
                how = "group"
            if entry is not None and not (plural and how != "group"):
                found.append(Resolution(entry, how, start, end))
            i = end
        return found


def resolve_description(
    text: str,
    published: str | None,
    context_actor: Entry | str | None = None,
    kb: KnowledgeBase | None = None,
) -> Entry | None:
    """The actor a description refers to at ``published`` (ISO date), or ``None``.

    ``context_actor`` (an entry or an actor id) is the person a possessive refers
    to: "his predecessor" with ``context_actor="person:donald-trump"`` in 2025 is
    Joe Biden. Provisional (``prov:``) ids have no offices and resolve to nothing.
    """
    kb = kb or load_knowledge_base()
    if isinstance(context_actor, str):
        context_actor = kb.get(context_actor)
    found = describer(kb).resolve(_split(text), published, context_actor)
    return found[0].entry if found else None


def office_through_of(text: str, published: str | None, kb: KnowledgeBase | None = None) -> Entry | None:
    """The one holder at ``published`` of a role whose 'of' phrase a country word
    splits ('the head of Russian diplomacy' is Russia's foreign minister). The
    quotes stage reads a speaker so; the actors stage does not (it would give
    events an actor they do not have today)."""
    kb = kb or load_knowledge_base()
    found = describer(kb)
    folded = [fold(w) for w in _split(text)]
    for i in range(len(folded)):
        split = found.split_of(folded, i)
        if split is None:
            continue
        _end, offices, code = split
        if "former" in folded[max(0, i - 2) : i]:
            return None
        holders = {h.id: h for office in offices for h in kb.office_holders(code, office, published)}
        return next(iter(holders.values())) if len(holders) == 1 else None
    return None


# one describer per knowledge base, dropped with it (ids of dead objects get reused)
_DESCRIBERS: weakref.WeakKeyDictionary[KnowledgeBase, Describer] = weakref.WeakKeyDictionary()


def describer(kb: KnowledgeBase) -> Describer:
    found = _DESCRIBERS.get(kb)
    if found is None:
        found = _DESCRIBERS[kb] = Describer(kb)
    return found
