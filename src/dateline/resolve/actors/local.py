"""Document-local actors: every person and organisation the article names.

The knowledge base holds the people and institutions of world politics; a news
article also quotes mayors, professors, union leaders and companies that no
base will ever hold. After the knowledge-base and surname passes of the
linker, this module

1. links a lone given name to the one full name of the article that starts
   with it ("Michael" for Michael Greenspan, "Kim" for Kim Jong-un), and makes
   other lone PERSON names actors of their own ("Mulder");
2. makes every ORG entity no name covers an organisation actor (id
   ``prov:org:<slug>``), with the acronym given in brackets as an alias
   ("Export Development Canada (EDC)");
3. finds every later use of a surname, a unique given name or an acronym the
   tagger missed ("Klisch said", "Mr. Fry");

and, on the finished actors, reads what the text says of each person
(:func:`describe_people`): roles ("Mayor Doug McCallum", "X, a professor at
...") and the organisation an appositive ties them to, aliases as used, and
gender (honorifics, the given-name list, pronouns bound to the name).
Provisional ids are slugs of the full name, so they are stable within a
document (and across documents for the same name).
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from dateline.backbone import token_at as shared_token_at
from dateline.model import Actor
from dateline.packagedata import read_json
from dateline.resolve.actors.gender import HONORIFICS as _HONORIFICS
from dateline.resolve.actors.gender import (
    bound_pronouns,
    given_gender,
    honorific_gender,
    name_gender,
)
from dateline.resolve.actors.kb import Entry, fold, person_surnames, slugify
from dateline.resolve.actors.nationality import CountryOf, beside, country_in, phrase

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

    from dateline.model import Document

_TITLE_WORDS = frozenset({"dr", "dr.", "prof", "prof.", "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "miss", "sir"})
_ABBREVIATIONS = {"sen.": "senator", "sen": "senator", "gen.": "general", "rep.": "representative",
                  "gov.": "governor", "lt.": "lieutenant", "col.": "colonel", "prof.": "professor",
                  "dr.": "doctor", "supt.": "superintendent", "insp.": "inspector", "sgt.": "sergeant"}
_QUOTED = re.compile(r"[\u201c\"][^\u201c\u201d\"]*[\u201d\"]")
# ORG entities that are no organisation: page furniture and tagger noise
_NOT_ORGS = frozenset({"story", "read more", "watch", "related", "advertisement", "photo", "video", "getty images"})
# entity labels that make a run of capitalised words no person's name (an ORG may hold
# a title and a name: "US Treasury Wally Adeem")
_NOT_PERSON_ENTITIES = frozenset({"GPE", "LOC", "FAC"})
# PERSON entities that are no person: dates in datelines ("MINSK, 26 September")
NOT_PEOPLE = frozenset({
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
})


def quoted_mask(text: str) -> bytearray:
    """1 at each character inside a pair of quotation marks."""
    mask = bytearray(len(text) + 1)
    for match in _QUOTED.finditer(text):
        mask[match.start() : match.end()] = b"\x01" * (match.end() - match.start())
    return mask


def in_quotation_marks(text: str, offset: int) -> bool:
    """Inside a quotation opened earlier in the paragraph (an odd number of marks before)."""
    line_start = text.rfind("\n", 0, offset) + 1
    before = text[line_start:offset]
    return before.count("\u201c") > before.count("\u201d") or before.count('"') % 2 == 1


def _strip(span: Span) -> Span:
    """The name without a leading 'the', titles or a trailing possessive."""
    while len(span) > 1 and (span[0].lower_ == "the" or fold(span[0].text) in _TITLE_WORDS):
        span = span[1:]
    while len(span) > 1 and span[-1].text in ("'s", "'", "\u2019s", "\u2019"):
        span = span[:-1]
    return span


class LocalActors:
    """Runs inside :meth:`dateline.resolve.actors.link.Linker.link`, on its links."""

    def __init__(
        self, links: list[Any], add: Any, free: Any, release: Any, make_link: Any, known: Any = None,
        body: Any = None,
    ) -> None:
        # body(folded) -> True for a word naming a state's body or its people
        # ("ministry", "embassy", "officials"): such a phrase is a description the
        # describer and the events' agents code as country + sector, not a new actor
        self.body = body or (lambda folded: False)
        # known(folded) -> True for a word the knowledge base already gives a
        # meaning (a place, a seat, a country): "Kyiv" tagged PERSON is no person
        self.known = known or (lambda folded: False)
        self.links = links
        self.add = add
        self.free = free
        self.release = release
        self.make_link = make_link  # (start, end, entry, how) -> Link

    def people(self) -> list[Entry]:
        found: list[Entry] = []
        for link in self.links:
            if link.entry.kind == "person" and link.entry not in found:
                found.append(link.entry)
        return found

    def run(self, doc: Doc) -> None:
        self._name_chains(doc)
        self._lone_names(doc)
        self._organizations(doc)
        self._later_uses(doc)

    # -- 1b. names the tagger missed ---------------------------------------------

    def _name_chains(self, doc: Doc) -> None:
        """'Tatiana Stanovaya', 'Bo Horvat' untagged: a run of two or three
        capitalised proper nouns opening with a known given name is a person
        (leading titles such as "Justice" or "Vancouver's" stay out)."""
        by_surname = {fold(e.name).split()[-1]: e for e in self.people() if len(e.name.split()) >= 2}
        from spacy.symbols import PROPN

        # which tokens are proper nouns, read from the parse's arrays (no Token per word)
        proper = (doc.to_array("POS") == PROPN).tolist()
        i = 0
        while i < len(doc):
            run = []
            j = i
            while j < len(doc) and proper[j] and doc[j].text[:1].isupper() and doc[j].text[1:2].islower():
                run.append(doc[j])
                j += 1
                if j + 1 < len(doc) and doc[j].text == "-" and doc[j + 1].is_alpha and not doc[j].whitespace_:
                    run.append(doc[j + 1])  # "Kim Jong-un": the hyphenated part belongs to the name
                    j += 2
            i = max(j, i + 1)
            while run and (given_gender(run[0].text) is None or fold(run[0].text) in organization_heads()):
                run = run[1:]
            if not 2 <= len(run) <= 3 or any(t.ent_type_ in _NOT_PERSON_ENTITIES for t in run):
                continue  # "Fraser Highway", "George Station": the tagger saw a place or a body
            last = fold(run[-1].text)
            # a place's name opening an organisation's ("Alberta Milk" tagged ORG)
            # (a place's name opening a run the tagger did not call a person: "Alberta Milk")
            placed = self.known(fold(run[0].text)) and not all(t.ent_type_ == "PERSON" for t in run)
            if placed or last in organization_heads() or self.body(last):
                continue  # "Separate Marine Brigade", "Alberta Milk": no person
            start, end = run[0].idx, run[-1].idx + len(run[-1].text)
            if not self.free(start, end) or self.known(fold(doc[run[0].i : run[-1].i + 1].text)):
                continue
            name = doc[run[0].i : run[-1].i + 1].text
            key = fold(run[-1].text)
            entry = by_surname.get(key)
            if entry is None or fold(entry.name).split()[0] != fold(run[0].text):
                entry = Entry(
                    id=f"prov:{slugify(name)}", name=name, kind="person", code=None, sector=None,
                    source="provisional",
                )
                by_surname[key] = entry
            self.add(self.make_link(start, end, entry, "provisional"))

    # -- 1. lone names ---------------------------------------------------------

    def _lone_names(self, doc: Doc) -> None:
        people = self.people()
        first_names: dict[str, list[Entry]] = {}
        surnames: set[str] = set()
        by_surname: dict[str, list[Entry]] = {}
        for entry in people:
            words = fold(entry.name).split()
            if len(words) >= 2:
                first_names.setdefault(words[0], []).append(entry)
            for last in person_surnames(entry):
                surnames.add(last)
                by_surname.setdefault(last, []).append(entry)
        local: dict[str, Entry] = {}
        companies = {fold(name.split()[0]) for name in _company_names(doc)}
        for ent in doc.ents:
            if ent.label_ != "PERSON" or not self.free(ent.start_char, ent.end_char):
                continue
            span = _strip(ent)
            lone = [t for t in span if t.is_alpha or "-" in t.text]
            if len(lone) != 1 or not lone[0].text[:1].isupper():
                continue
            key = fold(lone[0].text)
            if self.known(key) or key in NOT_PEOPLE or key in _role_nouns() or (key in companies and key not in first_names):
                continue  # "Rogers" after "Rogers Communications Inc.": the company; "the Taoiseach": coref's
            kind_word = doc[lone[0].i - 1] if lone[0].i > 0 else None
            if kind_word is not None and kind_word.lower_ in _generic_organizations() and key not in by_surname:
                # "analytics firm Kpler", "media company Postmedia": an organisation's name
                entry = local.get(key) or Entry(
                    id=f"prov:org:{slugify(lone[0].text)}", name=lone[0].text, kind="organization",
                    code=None, sector=None, source="provisional",
                )
                local[key] = entry
                self.add(self.make_link(lone[0].idx, lone[0].idx + len(lone[0].text), entry, "provisional"))
                continue
            owners = first_names.get(key, [])
            known = [e for e in owners if e.source != "provisional"]
            if len(owners) > 1 and len(known) == 1 and key not in surnames:
                # "Kim" with Kim Jong-un (known) and Kim Yong-chol (local): the known one
                owners = known
            if len(by_surname.get(key, [])) == 1:
                entry = by_surname[key][0]  # "Schuh" for Guenther Schuh, named anywhere in the article
            elif len(owners) == 1 and key not in surnames:
                entry = owners[0]
            else:
                entry = local.get(key) or Entry(
                    id=f"prov:{slugify(lone[0].text)}", name=lone[0].text, kind="person",
                    code=None, sector=None, source="provisional",
                )
                local[key] = entry
            self.add(self.make_link(ent.start_char, ent.end_char, entry, "provisional"))

    # -- 2. organisations --------------------------------------------------------

    def _organizations(self, doc: Doc) -> None:
        orgs: dict[str, Entry] = {}
        for link in self.links:
            if link.entry.kind in ("organization", "media"):
                for name in link.entry.names:
                    orgs.setdefault(fold(name), link.entry)
        names = self._name_parts()
        tried: set[str] = set()  # acronyms looked for spelled out
        companies: dict[str, str] = {}  # a company's first word -> its full name
        for company in _company_names(doc):
            first = fold(company.split()[0])
            companies[first] = company if companies.get(first, company) == company else ""
        companies = {k: v for k, v in companies.items() if v and k not in names}
        for ent in doc.ents:
            if ent.label_ != "ORG":
                continue
            if any(self.body(fold(t.text)) for t in ent if t.is_alpha):
                continue  # "the ministry of US": a description, see ``body``
            if not self.free(ent.start_char, ent.end_char) and not self._take_places(ent):
                continue
            span = _strip(ent)
            name = span.text.strip()
            person = names.get(fold(name))
            if person is not None:
                # "Jayme told police" tagged ORG: the given name or surname of a person named here
                self.add(self.make_link(span.start_char, span.end_char, person, "surname"))
                continue
            key = fold(name)
            if len(name) < 2 or not name[:1].isupper() or key in _NOT_ORGS or "\n" in name or key in _role_nouns():
                continue  # (a lone title tagged ORG, "the Taoiseach", is the person holding it: coref's)
            if key in companies:
                name, key = companies[key], fold(companies[key])  # "Marston" for Marston Communications Inc.
            entry = orgs.get(key)
            if entry is None and name.isupper() and name.isalpha() and 2 <= len(name) <= 6 and key not in tried:
                # "the PBO" after "The Parliamentary Budget Officer": the full name spelled out
                tried.add(key)
                full = _spelled_out(doc, name, span.start)
                if full is not None:
                    entry = orgs.get(fold(full.text)) or Entry(
                        id=f"prov:org:{slugify(full.text)}", name=full.text, kind="organization",
                        code=None, sector=None, source="provisional",
                    )
                    entry.aliases.append(name)
                    orgs[fold(full.text)] = orgs[key] = entry
                    if self.free(full.start_char, full.end_char):
                        self.add(self.make_link(full.start_char, full.end_char, entry, "provisional"))
            if entry is None:
                entry = Entry(
                    id=f"prov:org:{slugify(name)}", name=name, kind="organization",
                    code=None, sector=None, source="provisional",
                )
                orgs[key] = entry
            acronym = _acronym_after(doc, ent)
            if acronym is not None and acronym not in entry.aliases and fold(acronym) != key:
                entry.aliases.append(acronym)
                orgs.setdefault(fold(acronym), entry)
            self.add(self.make_link(span.start_char, span.end_char, entry, "provisional"))

    def _name_parts(self) -> dict[str, Entry]:
        """Folded surname or given name -> the one person of the article it names."""
        found: dict[str, Entry | None] = {}
        for entry in self.people():
            words = fold(entry.name).split()
            if len(words) < 2:
                continue
            for word in {words[0], words[-1]}:
                found[word] = entry if found.get(word, entry) is entry else None
        return {word: entry for word, entry in found.items() if entry is not None}

    def _take_places(self, ent: Span) -> bool:
        """'the University of Ottawa': a place or seat linked inside an
        organisation's name gives way to the organisation (never a person)."""
        inside = [lk for lk in self.links if lk.start < ent.end_char and ent.start_char < lk.end]
        if not inside or len(ent) < 3 or any(
            lk.entry.kind not in ("country", "group") or lk.start < ent.start_char or lk.end > ent.end_char
            for lk in inside
        ):
            return False
        # a country's body ("the Hungarian Ministry of Foreign Affairs": HUN GOV) or a
        # seat that is the whole name ("The White House") keeps its link
        if any(lk.entry.kind == "group" for lk in inside):
            return False
        words = [t for t in ent if t.is_alpha and not t.is_stop]
        outside = [t for t in words if not any(lk.start <= t.idx < lk.end for lk in inside)]
        if not outside:
            return False
        # a country with one word more ("the Ukraine Crisis") is no organisation's name
        if len(outside) < 2 and any(lk.entry.kind == "country" for lk in inside):
            return False
        for link in inside:
            self.links.remove(link)
            self.release(link)
        return True

    # -- 3. later uses the tagger missed ------------------------------------------

    def _later_uses(self, doc: Doc) -> None:
        aliases: dict[str, Entry] = {}
        ambiguous: set[str] = set()

        def note(word: str, entry: Entry) -> None:
            if word in aliases and aliases[word] is not entry:
                ambiguous.add(word)
            aliases[word] = entry

        people = self.people()
        surname_keys = {fold(p.name).split()[-1] for p in people if len(p.name.split()) >= 2}
        for entry in people:
            words = entry.name.split()
            if len(words) >= 2:
                for last in person_surnames(entry, folded=False):
                    note(last, entry)
            elif entry.id.startswith("prov:"):
                note(words[0], entry)
        firsts = Counter(p.name.split()[0] for p in people if len(p.name.split()) >= 2)
        for entry in people:
            words = entry.name.split()
            unique = len(words) >= 2 and firsts[words[0]] == 1 and fold(words[0]) not in surname_keys
            unique = unique and not self.known(fold(words[0]))  # "Alberta", "Georgia": a place first
            if unique and words[0] not in aliases:
                note(words[0], entry)
        for link in list(self.links):
            if link.entry.kind == "organization" and link.entry.id.startswith("prov:org:"):
                for alias in link.entry.aliases:
                    note(alias, link.entry)
                # an organisation's one-word name the tagger missed later ("by TransLink"),
                # and a company's first word ("Rogers" for Rogers Communications Inc.)
                words = link.entry.name.split()
                one_word = len(words) == 1 and words[0][:1].isupper()
                company = len(words) >= 2 and fold(words[-1]) in _corporate_suffixes()
                if (one_word or company) and words[0] not in aliases:
                    note(words[0], link.entry)
        for word in ambiguous:
            aliases.pop(word, None)
        if not aliases:
            return
        for token in doc:
            found = aliases.get(token.text)
            if found is None or not token.text[:1].isupper():
                continue
            entry = found
            if token.is_sent_start and token.pos_ != "PROPN":
                continue
            if token.i + 1 < len(doc) and doc[token.i + 1].text == "-" and not token.whitespace_:
                continue  # "Alberta-based": a modifier, no use of the name
            start, end = token.idx, token.idx + len(token.text)
            if not self.free(start, end):
                continue
            if (
                entry.kind == "person"
                and token.i > 0
                and fold(doc[token.i - 1].text) in _HONORIFICS
                and self.free(doc[token.i - 1].idx, start)
            ):
                start = doc[token.i - 1].idx  # "Mr. Fry"
            self.add(self.make_link(start, end, entry, "surname"))


_ACRONYM_GLUE = frozenset({"of", "and", "for", "the", "on", "&"})


def _spelled_out(doc: Doc, acronym: str, before: int) -> Span | None:
    """The latest run of capitalised words before token ``before`` whose
    initials spell ``acronym`` ("Parliamentary Budget Officer" for PBO; "of",
    "and", "for" may join them)."""
    letters = acronym.lower()
    i = before - 1
    while i >= 0:
        token = doc[i]
        if token.text[:1].isupper() and token.is_alpha and token.text[:1].lower() == letters[-1]:
            # walk back over the run that ends here
            k, j = len(letters) - 1, i
            while j >= 0 and k >= 0:
                word = doc[j]
                if word.lower_ in _ACRONYM_GLUE and j < i:
                    j -= 1
                    continue
                if not (word.is_alpha and word.text[:1].isupper() and word.text[:1].lower() == letters[k]):
                    break
                k -= 1
                j -= 1
            if k < 0:
                return doc[j + 1 : i + 1]
        i -= 1
    return None


def _acronym_after(doc: Doc, ent: Span) -> str | None:
    """'Export Development Canada (EDC)': the acronym in brackets right after."""
    i = ent.end
    if i + 2 < len(doc) and doc[i].text == "(" and doc[i + 2].text == ")":
        word = doc[i + 1].text
        if word.isupper() and 2 <= len(word) <= 8:
            return word
    return None


# -- what the text says of each person ----------------------------------------


def describe_people(actors: list[Actor], document: Document, doc: Doc, country_of: CountryOf | None = None) -> None:
    """Roles, affiliation, aliases, gender (and with ``country_of`` the country) of the people, from the text."""
    text = document.text
    quoted = quoted_mask(text)
    token_at = shared_token_at(doc)
    owner_at: dict[int, Actor] = {}
    for actor in actors:
        for mention in actor.mentions:
            for k in range(mention.start, mention.end):
                owner_at.setdefault(k, actor)
    guessed: list[Actor] = []
    for actor in actors:
        refresh_aliases(actor)
        if actor.kind != "person":
            continue
        for mention in actor.mentions:
            head = _head_token(token_at, mention.start, mention.end)
            if head is None:
                continue
            described = _roles_of(actor, head, mention.start, owner_at)
            if country_of is not None and not actor.code:
                actor.code = country_in(described, actor, owner_at, country_of, _role_word)
        if actor.gender is None:
            actor.gender = honorific_gender(actor, doc, token_at)
            if actor.gender is None:
                actor.gender = name_gender(actor.name)
                if actor.gender is None or actor.id.startswith("prov:"):
                    guessed.append(actor)  # the knowledge base's people keep their names' gender
    # a one-word "organisation" is often a surname the tagger mislabelled: the
    # pronouns bound to it decide ("Okonkwo was elected to her post"); they also
    # overrule the given-name list, which only guesses ("Lee", "Lu" are both)
    # (a name the article writes only after "the" is a body's: "the Alliance itself," he said)
    maybe = [
        a for a in actors
        if _lone_local_org(a) and not all(text[max(0, m.start - 4) : m.start].lower() == "the " for m in a.mentions)
    ]
    bound_pronouns(guessed + maybe, doc, owner_at, quoted)
    by_id = {a.id: a for a in actors}
    for actor in maybe:
        if actor.gender is None:
            continue
        person_id = f"prov:{slugify(actor.name)}"
        same = by_id.get(person_id)
        if same is not None and same is not actor:
            # the person is an actor already ("Cyril" linked twice): one actor per id
            same.mentions = sorted([*same.mentions, *actor.mentions], key=lambda m: (m.start, m.end))
            same.gender = same.gender or actor.gender
            actors.remove(actor)
            continue
        actor.kind = "person"
        actor.id = person_id
        by_id[person_id] = actor


def _lone_local_org(actor: Actor) -> bool:
    name = actor.name
    return (
        actor.kind == "organization" and actor.id.startswith("prov:org:")
        and name.isalpha() and name[:1].isupper() and name[1:].islower()
    )


def refresh_aliases(actor: Actor) -> None:
    """The other names the article uses for the actor, in order of first use."""
    seen = {fold(actor.name)} | {fold(a) for a in actor.aliases}
    for mention in actor.mentions:
        surface = mention.text.strip()
        words = surface.split()
        if not words or fold(surface) in seen or (len(words) == 1 and words[0].islower()):
            continue
        seen.add(fold(surface))
        actor.aliases.append(surface)


def _head_token(token_at: dict[int, Token], start: int, end: int) -> Token | None:
    token = token_at.get(start)
    if token is None:
        return None
    while token.i + 1 < len(token.doc) and token.nbor().idx < end:
        token = token.nbor()
    return token


def _role_word(token: Token) -> str | None:
    """The role a title word gives ("Mayor", "spokesperson", "Sen."): a person
    noun of the coreference lexicon, so that names, places and the other words
    of a title ("Foreign", "Affairs", "Lithuania") are no roles."""
    word = token.text.lower()
    if word in _ABBREVIATIONS:
        return _ABBREVIATIONS[word]
    if token.pos_ not in ("NOUN", "PROPN") or not token.is_alpha or token.ent_type_ in ("PERSON", "GPE", "NORP"):
        return None
    if word in _HONORIFICS or word in _TITLE_WORDS:
        return None
    lemma = token.lemma_.lower() if token.pos_ == "NOUN" else word
    nouns = _role_nouns()
    if lemma in nouns:
        return lemma
    return word if word in nouns else None


@lru_cache(maxsize=1)
def organization_heads() -> frozenset[str]:
    data = read_json("quotes", "coref.json")
    return (
        frozenset(data["organization_nouns"]) | frozenset(data.get("unit_nouns", []))
        | frozenset(data.get("corporate_suffixes", []))
    )


@lru_cache(maxsize=1)
def _corporate_suffixes() -> frozenset[str]:
    return frozenset(read_json("quotes", "coref.json").get("corporate_suffixes", []))


@lru_cache(maxsize=1)
def _generic_organizations() -> frozenset[str]:
    return frozenset(read_json("quotes", "coref.json").get("generic_organization_nouns", []))


def _company_names(doc: Doc) -> list[str]:
    """ORG entities closing on a company's legal form ("Rogers Communications Inc.")."""
    suffixes = _corporate_suffixes()
    names = [_strip(ent) for ent in doc.ents if ent.label_ == "ORG"]
    return [span.text for span in names if len(span) >= 2 and fold(span[-1].text) in suffixes]


@lru_cache(maxsize=1)
def _role_nouns() -> frozenset[str]:
    data = read_json("quotes", "coref.json")
    return frozenset(data["person_nouns"]) | frozenset(data.get("title_nouns", []))


# words a title before a name may hold besides its nouns: "Minister of Foreign
# Affairs of Lithuania Gabrielius Landsbergis", "First Deputy Prime Minister X"
_TITLE_LINKS = frozenset({"of", "for", "the", "and", "&"})
_TITLE_REACH = 8


def _title_before(first: Token) -> list[Token]:
    """The words of a title right before a name (no verb, comma or other name
    between): 'Chinese Foreign Ministry spokesperson Lu Kang'."""
    doc = first.doc
    found: list[Token] = []
    i = first.i - 1
    while i >= 0 and first.i - i <= _TITLE_REACH:
        token = doc[i]
        if token.ent_type_ == "PERSON" or token.is_sent_end or token.sent.start != first.sent.start:
            break
        if token.lower_ in ("of", "for") and found and _role_word(found[0]) is not None and not any(
            t.lower_ in _TITLE_LINKS for t in found
        ):
            break  # "the adviser of President X": "President" is X's title, "the adviser of" someone else's
        if token.pos_ in ("NOUN", "PROPN", "ADJ", "NUM") or token.lower_ in _TITLE_LINKS:
            found.append(token)
            i -= 1
            continue
        break
    return found


def _roles_of(actor: Actor, head: Token, start: int, owner_at: dict[int, Actor]) -> list[Token]:
    """'Mayor Doug McCallum', 'spokesperson Lu Kang', 'Minister of Foreign
    Affairs of Belarus Vladimir Makei' (the title before the name), 'X, a
    professor of geography at the University of Ottawa' and 'the Russian
    foreign minister, Sergei Lavrov,' (the appositive either side) and the
    organisation the appositive names. Returns the words that describe the
    person (title and appositives)."""
    doc = head.doc
    first = head
    while first.i > 0 and first.idx > start:
        first = doc[first.i - 1]
    candidates = []
    # a title inside the mention ("Mayor Doug McCallum" linked as one span)
    for token in doc[first.i : head.i]:
        if token.ent_type_ != "PERSON" and token.pos_ in ("NOUN", "PROPN") and owner_at.get(token.idx) is actor:
            candidates.append(token)
    # the title before the mention, up to a word owned by another actor
    title = _title_before(first)
    for token in title:
        other = owner_at.get(token.idx)
        if other is not None and other is not actor and other.kind == "person":
            break
        candidates.append(token)
    described = [*candidates, *beside(head, title[-1] if title else first, _title_before)]
    if head.dep_ == "appos" and head.head.i < first.i and head.head.pos_ in ("NOUN", "PROPN"):
        candidates.append(head.head)  # "the Russian foreign minister, Sergei Lavrov,"
        described.extend(phrase(head.head, skip=head))
    appositive = [c for c in head.children if c.dep_ == "appos" and c.i > head.i]
    candidates.extend(appositive)
    for token in appositive:
        described.extend(phrase(token))
    for token in candidates:
        role = _role_word(token)
        if role is not None and role not in actor.roles:
            actor.roles.append(role)
    if actor.affiliation is None:
        for token in appositive:
            for inner in token.subtree:
                other = owner_at.get(inner.idx)
                if other is not None and other is not actor and other.kind in ("organization", "media"):
                    actor.affiliation = other.name
                    return described
    return described
