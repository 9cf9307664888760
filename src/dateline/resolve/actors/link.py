"""Linking mentions in a parsed document to knowledge-base actors.

Order of work for one document:

1. a case-sensitive phrase matcher over every knowledge-base name and alias
   (built once per stage) finds known names, whatever spaCy's label says (the
   small model tags "Kyiv" as PERSON and "Trump" as ORG);
2. spaCy PERSON entities that no name covers are linked by surname to a
   full-name actor of the same document, then to a knowledge-base person with that
   surname, else become provisional actors with country and sector read from the
   description before or after the name ("Iranian Foreign Minister X");
3. descriptions ("the Russian leader", "his predecessor", "Russian forces") are
   resolved at the publication date; a description directly before a name
   becomes part of that name's mention;
4. seats of power ("Moscow", "Kyiv", "the Kremlin") are actors only where they act
   (metonymy), not where they are places ("a Kyiv suburb", "returning to Washington").
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from dateline.model import Actor, Document
from dateline.resolve.actors.describe import Describer, describer
from dateline.resolve.actors.kb import (
    Entry,
    KnowledgeBase,
    fold,
    one_edit,
    person_surnames,
    slugify,
    translit_key,
)
from dateline.resolve.actors.local import LocalActors, describe_people

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Span

_TITLES = {
    "mr", "mrs", "ms", "miss", "dr", "president", "gen", "general", "sir", "prime",
    "minister", "chancellor", "senator", "sen", "rep", "lt", "col", "colonel", "king",
    "queen", "prince", "sheikh", "ayatollah", "pope", "secretary", "mayor", "governor",
}


_NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP"})


@dataclass(slots=True)
class Link:
    start: int  # character offsets into document.text
    end: int
    entry: Entry
    how: str  # kb | surname | description | provisional | metonymy


def is_actor_use(span: Span, lexicon: dict) -> bool:
    """Is this capital / seat of power acting (metonymy) rather than a place?"""
    if fold(span.text) in lexicon["seat_buildings_always_actor"]:
        return True
    root = span.root
    # "in Moscow and Kyiv": a conjunct is used as its first conjunct is
    while root.dep_ == "conj" and root.head != root and root.head.pos_ == "PROPN":
        root = root.head
    if (
        root.dep_ in ("compound", "amod", "nmod")
        and root.head.pos_ in ("NOUN", "PROPN")
        and root.head.i >= span.end
    ):
        return False  # "a Kyiv suburb", "Moscow time"
    if root.dep_ == "pobj":
        prep = root.head
        if prep.lower_ in lexicon["place_prepositions"]:
            return False  # "in Moscow", "from Washington"
        if prep.lower_ in lexicon["seat_list_prepositions"]:
            return False  # "attacks on several cities including Kyiv"
        if prep.lower_ == "to" and prep.head.lemma_.lower() in lexicon["motion_verbs"]:
            return False  # "returning to Washington"; but "deliveries to Kyiv" acts
    return not (root.dep_ == "npadvmod" and root.head.pos_ == "VERB")


class Linker:
    """Everything built once per pipeline: the phrase matcher and the describer."""

    def __init__(self, kb: KnowledgeBase, nlp: Language) -> None:
        from spacy.matcher import PhraseMatcher

        self.kb = kb
        self.describer: Describer = describer(kb)
        self.matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        names: set[str] = set()
        for entry in kb.entries.values():
            names.update(entry.names)
            names.update(entry.seats)
        patterns = [nlp.make_doc(name) for name in sorted(names)]
        self.matcher.add("KB", patterns)
        # longer names that contain a known name but are not that actor ("Latin
        # America"): matched so that the longest-match rule suppresses the inner name
        blockers = [n for n in kb.lexicon["not_actors"] if fold(n) not in kb.by_alias]
        self.matcher.add("BLOCK", [nlp.make_doc(name) for name in blockers])
        self._block = nlp.vocab.strings["BLOCK"]

    def _known_word(self, folded: str) -> bool:
        """A word the knowledge base gives another meaning: a name, a seat, a country."""
        kb = self.kb
        return folded in kb.by_alias or folded in kb.seat_words or folded in kb.country_words

    def _body_word(self, folded: str) -> bool:
        """A word naming a state's body or people ("ministry", "embassy", "officials")."""
        lexicon = self.kb.lexicon
        return folded in lexicon["groups"] or folded in lexicon["government_nouns"]

    # -- choosing among entries -------------------------------------------------

    def choose(self, entries: list[Entry], published: str | None) -> Entry | None:
        if len(entries) == 1:
            return entries[0]
        active = [e for e in entries if e.offices_at(published)]
        if len(active) == 1:
            return active[0]
        orgs = [e for e in entries if e.kind != "person"]
        return orgs[0] if len(orgs) == 1 else None

    # -- the document ------------------------------------------------------------

    def link(self, document: Document, doc: Doc) -> list[Actor]:
        published = document.published
        links: list[Link] = []
        taken = [False] * (len(document.text) + 1)

        def free(start: int, end: int) -> bool:
            return not any(taken[start:end])

        def claim(link: Link) -> None:
            for k in range(link.start, link.end):
                taken[k] = True

        def release(link: Link) -> None:
            for k in range(link.start, link.end):
                taken[k] = False

        def add(link: Link) -> None:
            links.append(link)
            claim(link)

        from spacy.util import filter_spans

        # 1. knowledge-base names
        matches = self.matcher(doc)
        blocked = {(s, e) for key, s, e in matches if key == self._block}
        spans = filter_spans([doc[s:e] for _, s, e in matches])
        for span in spans:
            if (span.start, span.end) in blocked:
                continue
            text = fold(span.text)
            if text in self.kb.seat_words:
                code = self.kb.seat_words[text]
                if not is_actor_use(span, self.kb.lexicon):
                    continue
                entry = self.kb.sector_variant(f"country:{code}:GOV")
                if entry is not None:
                    add(Link(span.start_char, span.end_char, entry, "metonymy"))
                continue
            chosen = self.choose(self.kb.by_alias.get(text, []), published)
            if chosen is not None:
                add(Link(span.start_char, span.end_char, chosen, "kb"))

        # 2. descriptions, sentence by sentence (a name right after one absorbs it)
        for sent in doc.sents:
            self._descriptions(doc, sent, links, add, free, claim, release, published)

        # 3. PERSON entities no name covers: surnames, then provisional actors
        self._persons(document, doc, links, add, free, published)

        # 3b. the article's own people and organisations: lone names, ORG entities,
        #     later uses of surnames and acronyms the tagger missed
        LocalActors(links, add, free, release, Link, self._known_word, self._body_word).run(doc)

        # 4. "his predecessor": needs the people of step 3
        for sent in doc.sents:
            self._relations(sent, links, add, free, published)

        # 5. "the president" with no country: the latest person named before it who
        #    holds such an office at the publication date
        self._bare_roles(doc, links, add, free, published)

        # 6. "the Trump administration", "the Putin regime": the government, not the person
        self._governments(doc, links)

        # 7. "the Russian minister" after Foreign Minister Lavrov: him, not the government
        self._national_roles(doc, links, published)

        actors = self._actors(document, links)
        describe_people(actors, document, doc, self._country_word)
        return actors

    def _country_word(self, folded: str) -> tuple[str, bool] | None:
        """A word naming a country for a person's title: (code, whether a seat of power)."""
        kb = self.kb
        code = kb.country_words.get(folded)
        if code is not None:
            return code, False
        code = kb.seat_words.get(folded)
        if code is not None:
            return code, True
        entries = kb.by_alias.get(folded, [])
        # "Pentagon spokesman": a state's body the knowledge base codes with its country
        if len(entries) == 1 and entries[0].kind == "organization" and entries[0].code in kb.countries:
            return str(entries[0].code), True
        return None

    def _descriptions(self, doc, sent, links, add, free, claim, release, published) -> None:
        tokens = list(sent)
        words = [t.text for t in tokens]
        for res in self.describer.resolve(words, published, None):
            self._place_description(tokens, res, links, add, free, claim, release)

    def _bare_roles(self, doc, links, add, free, published) -> None:
        folded = [fold(t.text) for t in doc]
        i = 0
        while i < len(doc) - 1:
            if folded[i] != "the":
                i += 1
                continue
            end, offices, _ = self.describer.phrase_at(folded, i + 1)
            if not offices or end == i + 1:
                i += 1
                continue
            nxt = doc[end] if end < len(doc) else None
            if nxt is not None and (
                nxt.ent_type_ == "PERSON" or nxt.pos_ in ("PROPN", "NOUN") or nxt.lower_ == "of"
            ):
                i = end  # "the president Joe Biden", "the president's office", "the president of X"
                continue
            start_char, end_char = doc[i].idx, doc[end - 1].idx + len(doc[end - 1])
            if not free(start_char, end_char) or doc[i].sent != doc[end - 1].sent:
                i = end
                continue
            wanted = {o for o in offices if not o.startswith("@")}
            before = sorted(
                (lk for lk in links if lk.end <= start_char and lk.entry.kind == "person"),
                key=lambda lk: lk.start,
            )
            for link in reversed(before):
                if any(o.office in wanted for o in link.entry.offices_at(published)):
                    add(Link(start_char, end_char, link.entry, "description"))
                    break
            i = end

    def _governments(self, doc: Doc, links: list[Link]) -> None:
        nouns = set(self.kb.lexicon["government_nouns"])
        for link in links:
            if link.entry.kind != "person" or not link.entry.code:
                continue
            span = doc.char_span(link.start, link.end, alignment_mode="expand")
            if span is None or span.end >= len(doc) or doc[span.end].lower_ not in nouns:
                continue
            group = self.kb.sector_variant(f"country:{link.entry.code}:GOV")
            if group is not None:
                link.entry, link.how = group, "description"
                link.end = doc[span.end].idx + len(doc[span.end])

    def _national_roles(self, doc: Doc, links: list[Link], published: str | None) -> None:
        """A definite singular 'the <country> minister/diplomat' that the describer made
        the country's government is the latest person named before who holds a
        fitting office of that country at the publication date."""
        offices = self.kb.lexicon.get("national_role_offices", {})
        persons = sorted((lk for lk in links if lk.entry.kind == "person"), key=lambda lk: lk.start)
        text: str | None = None  # doc.text, built when needed (Doc.text joins every token's text at each call)
        for link in links:
            code = link.entry.code
            if not link.entry.id.endswith(":GOV") or link.entry.kind != "group" or link.how != "description":
                continue
            text = doc.text if text is None else text
            words = fold(text[link.start : link.end]).split()
            wanted = offices.get(words[-1]) if len(words) >= 3 and words[0] == "the" else None
            if not wanted:
                continue
            before = [lk for lk in persons if lk.end <= link.start and lk.entry.code == code]
            holder = next(
                (lk.entry for lk in reversed(before)
                 if any(o.of == code and o.office in wanted for o in lk.entry.offices_at(published))),
                None,
            )
            if holder is not None:
                link.entry = holder

    def _relations(self, sent, links, add, free, published) -> None:
        tokens = list(sent)
        person_links = sorted((lk for lk in links if lk.entry.kind == "person"), key=lambda lk: lk.start)
        for i, token in enumerate(tokens[:-1]):
            if token.lower_ not in self.describer.possessives:
                continue
            if fold(tokens[i + 1].text) not in self.describer.relations:
                continue
            context = self._context_person(token, person_links, links)
            if context is None:
                continue
            found = self.describer.resolve([token.text, tokens[i + 1].text], published, context)
            if found:
                start, end = token.idx, tokens[i + 1].idx + len(tokens[i + 1])
                if free(start, end):
                    add(Link(start, end, found[0].entry, "description"))

    def _place_description(self, tokens, res, links, add, free, claim, release) -> None:
        first, last = tokens[res.start], tokens[res.end - 1]
        start, end = first.idx, last.idx + len(last)
        # a name directly after the description: the description belongs to it
        nxt = tokens[res.end] if res.end < len(tokens) else None
        if nxt is not None:
            for link in links:
                if link.start == nxt.idx and link.entry.kind == "person":
                    link.start = start
                    return
            if nxt.ent_type_ == "PERSON" or (nxt.ent_type_ == "" and nxt.is_title and nxt.pos_ == "PROPN"):
                # an unknown name: leave it to the PERSON pass, which reads this description
                return
        if res.how == "group" and nxt is not None and nxt.pos_ in ("NOUN", "PROPN"):
            return  # "US military support": an adjective, not the group
        # "Kremlin" in "Kremlin foreign policy aide", "US" in "US diplomats": the
        # country word was linked on its own; the description absorbs it
        inside = [lk for lk in links if start <= lk.start and lk.end <= end]
        for link in inside:
            links.remove(link)
            release(link)
        if not free(start, end):
            links.extend(inside)
            for link in inside:
                claim(link)
            return
        add(Link(start, end, res.entry, "description"))

    def _context_person(self, token, person_links, links) -> Entry | None:
        """The person a possessive ("his") refers to: the subject of its clause."""
        statement_verbs = set(self.kb.lexicon["statement_verbs"])
        verb = token.head
        for _ in range(4):
            while verb.pos_ not in ("VERB", "AUX") and verb.head != verb:
                verb = verb.head
            for child in verb.children:
                if child.dep_ in ("nsubj", "nsubjpass"):
                    for link in links:
                        if link.entry.kind == "person" and link.start <= child.idx < link.end:
                            return link.entry
            if verb.dep_ in ("conj", "xcomp", "advcl", "ccomp") and verb.head != verb:
                head = verb.head
                if verb.dep_ == "conj" and head.dep_ == "ccomp" and head.head.lemma_ in statement_verbs:
                    # "X said that Y appeared ..., and blamed his predecessor": the parser
                    # often hangs the second verb on the reported clause; the reporting
                    # clause's subject is the more likely owner of "his"
                    head = head.head
                verb = head
            else:
                break
        before = [lk for lk in person_links if lk.end <= token.idx]
        return before[-1].entry if before else None

    def _persons(self, document, doc, links, add, free, published) -> None:
        doc_people: list[Entry] = []
        for link in links:
            if link.entry.kind == "person" and link.entry not in doc_people:
                doc_people.append(link.entry)
        provisional: dict[str, Entry] = {}
        pending = []
        for ent in doc.ents:
            if ent.label_ not in _NAME_LABELS or not free(ent.start_char, ent.end_char):
                continue
            span = ent
            while len(span) > 1 and fold(span[0].text).rstrip(".") in _TITLES:
                span = span[1:]
            while len(span) > 1 and span[-1].text in ("'s", "'", "\u2019s"):
                span = span[:-1]
            if not span.text[:1].isupper():
                continue
            pending.append((ent, span))
        # full names first, so that a surname can find them wherever it stands
        pending.sort(key=lambda p: -len(p[1]))
        for ent, span in pending:
            parts = _name_parts(span)
            if not parts:
                continue
            if ent.label_ != "PERSON":
                # the small model mislabels names ("Trump" as ORG): only a surname of a
                # person already named in this document is taken from another label
                entry = self._by_name(parts, doc_people, provisional, published, doc_only=True)
                if entry is not None and len(parts) == 1:
                    add(Link(ent.start_char, ent.end_char, entry, "surname"))
                continue
            entry = self._by_name(parts, doc_people, provisional, published)
            if entry is None:
                if len(parts) < 2:
                    continue  # a lone unknown word: too weak for a new actor
                entry = self._provisional(span, published)
                provisional[entry.id] = entry
            if entry not in doc_people:
                doc_people.append(entry)
            add(Link(ent.start_char, ent.end_char, entry, "provisional" if entry.id.startswith("prov:") else "surname"))

    def _by_name(self, parts, doc_people, provisional, published, doc_only=False) -> Entry | None:
        surname = parts[-1]
        key = translit_key(surname)
        for entry in doc_people:
            for name in entry.names:
                folded = fold(name).split()
                # "Van Schaack" after "Beth Van Schaack": the name's last words
                trailing = len(folded) > len(parts) and folded[-len(parts):] == list(parts)
                if folded[-1] == surname and (len(parts) == 1 or folded[0] == parts[0] or trailing):
                    return entry
        for entry in doc_people:
            # "Zelensky" ... "Zełenski": one person the article spells two ways
            if not entry.id.startswith("prov:") and any(
                translit_key(fold(n).split()[-1]) == key and (len(parts) == 1 or fold(n)[:1] == parts[0][:1])
                for n in entry.names
            ):
                return entry
        candidates = self.kb.by_surname.get(surname, [])
        if not candidates and len(parts) == 1 and not doc_only:
            # "Zacharowa said", the article never giving the full name: the one
            # known person with that surname under another transliteration
            translit = self.kb.by_translit.get(key, [])
            if len(translit) == 1:
                return translit[0]
        if not candidates and len(surname) >= 4:
            # "General Pack" after "General Pacek", "Psaki" after "Jen Pskai": one
            # typing slip from the surname of the one person the article named so
            near = [
                e for e in doc_people
                if any(
                    s[:1] == surname[:1] and (one_edit(s, surname) or one_edit(translit_key(s), key))
                    for s in person_surnames(e)
                )
                and (len(parts) == 1 or fold(e.name)[:1] == parts[0][:1])
            ]
            if len(near) == 1:
                return near[0]
        if doc_only:
            return None
        if len(parts) > 1:
            exact = [
                e for e in candidates if any(fold(n).split()[0] == parts[0] for n in e.names)
            ]
            # a transliteration of the first name ("Alaxandr Lukashenko") keeps its
            # initial; taken only when one person of that surname has it
            initial = [
                e for e in candidates if any(fold(n)[:1] == parts[0][:1] for n in e.names)
            ]
            candidates = exact or (initial if len(initial) == 1 else [])
        return self.choose(candidates, published) if candidates else None

    def _provisional(self, span: Span, published: str | None) -> Entry:
        code, sector = self._context_of(span, published)
        # the name as written ("Merriam-Webster", not "Merriam - Webster")
        name = " ".join(span.text.replace("\u2019s", "").replace("'s", "").split())
        return Entry(
            id=f"prov:{slugify(name)}",
            name=name,
            kind="person",
            code=code,
            sector=sector,
            source="provisional",
        )

    def _context_of(self, span: Span, published: str | None) -> tuple[str | None, str | None]:
        """Country and sector from the words right before the name, or an appositive after."""
        sent = span.sent
        before = [t.text for t in sent if t.i < span.start][-6:]
        found = self.describer.resolve(before, published, None, named_follows=True)
        if found and found[-1].end == len(before):
            return found[-1].entry.code, found[-1].entry.sector or "GOV"
        after = [t.text for t in sent if t.i >= span.end][:8]
        if after[:1] == [","]:
            found = self.describer.resolve(after[1:], published, None, named_follows=True)
            if found and found[0].start <= 2:
                return found[0].entry.code, found[0].entry.sector or "GOV"
        return None, None

    def _actors(self, document: Document, links: list[Link]) -> list[Actor]:
        actors: dict[str, Actor] = {}
        for link in sorted(links, key=lambda lk: lk.start):
            entry = link.entry
            actor = actors.get(entry.id)
            if actor is None:
                actor = actors[entry.id] = Actor(
                    id=entry.id,
                    name=entry.name,
                    code=entry.code,
                    sector=entry.sector,
                    wikidata=entry.wikidata,
                    kind=entry.kind,
                    provisional=entry.id.startswith("prov:"),
                    aliases=list(entry.aliases) if entry.id.startswith("prov:") else [],
                )
            actor.mentions.append(document.mention(link.start, link.end))
        return list(actors.values())


def _name_parts(span: Span) -> list[str]:
    """The folded words of a name, a hyphenated surname kept whole
    ("Linda Thomas-Greenfield": surname "thomas-greenfield", as the knowledge base has it)."""
    parts: list[str] = []
    join = False
    for token in span:
        if token.is_alpha:
            if join:
                parts[-1] += "-" + fold(token.text)
            else:
                parts.append(fold(token.text))
            join = False
        else:
            before = span.doc[token.i - 1] if token.i > 0 else None
            join = (
                token.text == "-" and bool(parts) and not token.whitespace_
                and before is not None and before.is_alpha and not before.whitespace_
            )
    return parts
