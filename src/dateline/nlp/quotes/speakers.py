"""Resolve a quote's source span to an actor.

In order: the coreference map (pronouns, descriptions), the actor index (the
actors stage's linked mentions), a relative pronoun's antecedent ("..., who
said"), group speakers named by a country or institution and a role ("A White
House spokesperson" -> USA government, "Ukrainian officials" -> Ukraine
government), and finally spaCy's named entity as a provisional actor.

Then: a state's body named as the speaker ("Japan's Ministry of Foreign
Affairs", "the Kremlin") becomes a document-local organisation with the
country's codes; the speaker in focus (who spoke last) takes "he said" from a
name met only inside quoted words, and takes descriptions ("the politician",
"the head of state") nothing else resolved. See ``docs/quotes.md``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from dateline.model import Actor, Mention, Span, Speaker
from dateline.nlp.quotes.agent_bodies import AgentBodies
from dateline.nlp.quotes.earlier import EarlierMentions
from dateline.nlp.quotes.focus import FocusSpeakers
from dateline.nlp.quotes.lexicon import Lexicon
from dateline.nlp.quotes.source_names import _RELATIVE
from dateline.nlp.quotes.speaker_phrases import (
    _core,
    _definite,
    _definite_or_owned,
    _name_span,
    _office_title,
    _owner_pronoun,
    _person_nouns,
    _phrase_of,
    _relation_of,
    _speaks_for,
    _strip_name,
)
from dateline.resolve.actors.kb import fold, slugify
from dateline.resolve.actors.local import in_quotation_marks
from dateline.resolve.coref import names_its_own
from dateline.resolve.index import ActorIndex
from dateline.resolve.past_offices import former_holder, holds_now, kb_offices

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

# participles after which "by X" is no author ("the memo obtained by The Globe")
# how far back (characters) "the ministry" looks for the body it stands for: about two paragraphs
_BODY_REACH = 1500
_NOT_AUTHORING = frozenset({"obtain", "see", "review", "receive", "get", "access", "acquire", "view", "read"})


# how far back (characters) "the spokesperson" continues "a ... spokesperson said"
UNNAMED_REACH = 1500


class SpeakerResolver(AgentBodies, EarlierMentions, FocusSpeakers):
    def __init__(
        self,
        lexicon: Lexicon,
        doc: Doc,
        text: str,
        actors: list[Actor],
        coref: dict[tuple[int, int], str] | None = None,
        mention: Callable[[int, int], Mention] | None = None,
        published: str | None = None,
    ) -> None:
        self.mention = mention or (lambda s, e: Mention(s, e, text[s:e]))
        self.published = published  # the article's date: who held an office then
        # (start, end, speaker) of the quotes resolved so far, for "the statement said"
        self.history: list[tuple[int, int, Speaker]] = []
        # publication noun -> who issued it, once read ('the statement' said again later)
        self.publications: dict[str, Speaker] = {}
        self.lex = lexicon
        self.doc = doc
        self.text = text
        self.actors = actors
        self.index = ActorIndex(actors)
        self.coref = coref or {}
        self._coref_starts = sorted(self.coref)

    def resolve(
        self, source: tuple[int, int] | None, head: int | None, content: tuple[int, int] | None = None,
        cue: int | None = None,
    ) -> tuple[Speaker, float]:
        """The speaker and a confidence factor (1.0 = resolved to a known actor).
        ``content`` is the quote's own extent (names inside it are no antecedents),
        ``cue`` the token index of the cue word."""
        subject = self._adder(cue, head)
        if subject is not None:
            # "X said that ..., adding that ...": the one who adds is X
            last = subject.right_edge
            while last.i > subject.i and last.is_punct:
                last = last.nbor(-1)
            source, head = (subject.left_edge.idx, last.idx + len(last.text)), subject.i
        if source is None:
            return Speaker(None), 0.8
        span = Span.of(self.text, *source)
        token = self.doc[head] if head is not None and head < len(self.doc) else None
        if token is not None and not source[0] <= token.idx < source[1]:
            # a head the parse put outside the source ("MINSK, 26 September - Minister X
            # said"): the source phrase's own root
            phrase = self.doc.char_span(*source, alignment_mode="expand")
            token = phrase.root if phrase is not None else token
        if token is not None and token.lower_ in _RELATIVE and token.dep_.startswith("nsubj"):
            adjacent = self._person_before_relative(token)
            if adjacent is not None:
                return Speaker(span, adjacent.id, adjacent.name), 0.9
            antecedent = token.head.head if token.head.dep_ == "relcl" else None
            if antecedent is not None and antecedent.i != token.i:
                speaker, factor = self._lookup(_phrase_of(antecedent), antecedent)
                if speaker.actor_id is None and antecedent.dep_ == "appos" and antecedent.head.i != antecedent.i:
                    # "Nunes, the ferocious brawler who calls herself ...": the name it describes
                    named = antecedent.head
                    speaker, factor = self._lookup(_phrase_of(named), named)
                if speaker.actor_id is not None:
                    return Speaker(span, speaker.actor_id, speaker.name), factor
        owner = _owner_pronoun(token)
        if owner is not None:
            # "her lawyer said": not her, but the lawyer the article named
            holder = self._role_holder(token, Speaker(None))
            if holder is not None and holder.id != self.coref.get(owner):
                return Speaker(span, holder.id, holder.name), 0.85
        speaker, factor = self._lookup(source, token)
        if token is not None and token.lemma_.lower() in self.lex.outlet_nouns and not self._is_media(speaker):
            # "says the American daily": the outlet named before, not its country
            outlet = self._earlier_outlet(token)
            if outlet is not None:
                return Speaker(span, outlet.actor_id, outlet.name), 0.75
        office = self._office_through_of(token, source, speaker)
        if office is not None:
            return Speaker(span, office.id, office.name), 0.85
        if owner is not None and speaker.actor_id is not None and speaker.actor_id == self.coref.get(owner):
            return Speaker(span), 0.6  # a lawyer the article does not name
        holder = self._role_holder(token, speaker)
        if holder is not None:
            return Speaker(span, holder.id, holder.name), 0.85
        if self._relative_of(token, speaker):
            # "Gen X - President Y's most senior officer": the other person the phrase names;
            # "the spokesman for Prime Minister Y": someone the article does not name
            others = {
                a.id: a for _, a in self.index.mentions_in(*source) if a.kind == "person" and a.id != speaker.actor_id
            }
            if len(others) == 1:
                (other,) = others.values()
                return Speaker(span, other.id, other.name), 0.8
            return Speaker(span), 0.6
        titled = self._head_of(token, source)
        if titled is not None:
            return Speaker(span, titled.id, titled.name), 0.85
        continued = self._unnamed_again(token)
        if continued is not None:
            return Speaker(span, continued.actor_id, continued.name), 0.8
        introducer = self._introducer(token, speaker, content)
        if introducer is not None:
            self._rebind(span, speaker.actor_id, introducer)
            return Speaker(span, introducer.id, introducer.name), 0.8
        focus = self._focus(token, speaker, content, after_cue=cue is not None and token is not None and token.i > cue)
        if focus is not None:
            return Speaker(span, focus.id, focus.name), 0.85
        if speaker.actor_id is None:
            body = self._agents_of(token, source)
            if body is not None:
                return Speaker(span, body.id, body.name), 0.75
            introduced = self._named_next(token)
            if introduced is not None:
                return Speaker(span, introduced.id, introduced.name), 0.7
            group = (
                self._earlier_group(token, self._lookup) or self._agent_body(token) or self._earlier_country(token)
                or self._earlier_outlet(token)
            )
            if group is not None:
                return Speaker(span, group.actor_id, group.name), 0.75
        return Speaker(span, speaker.actor_id, speaker.name), factor

    def _is_media(self, speaker: Speaker) -> bool:
        actor = self.index.get(speaker.actor_id) if speaker.actor_id is not None else None
        return actor is not None and actor.kind == "media"

    def _head_of(self, token: Token | None, source: tuple[int, int]) -> Actor | None:
        """'the head of the European Council wrote': the one person named before
        with that organisation in the title before their name ('President of the
        European Council Charles X') or as their affiliation."""
        if token is None or token.pos_ != "NOUN" or token.lemma_.lower() not in self.lex.leader_nouns:
            return None
        orgs = {a.id: a for _, a in self._organizations_for(token, source)}
        if len(orgs) != 1:
            return None
        org = next(iter(orgs.values()))
        found: set[str] = set()
        for actor in self.actors:
            if actor.kind != "person":
                continue
            if actor.affiliation == org.name and any(m.start < token.idx for m in actor.mentions):
                found.add(actor.id)
                continue
            for mention in actor.mentions:
                if mention.start < token.idx and self._title_names(org, mention.start):
                    found.add(actor.id)
                    break
        if not found:
            found = {a.id for a in self._office_holders(org, token.idx)}
        return self.index.get(found.pop()) if len(found) == 1 else None

    def _office_holders(self, org: Actor, offset: int) -> list[Actor]:
        """'the head of the EC' with no title naming it: the person named before
        whose knowledge-base office at the date is that organisation's (the
        office's words other than its title are the organisation's name's:
        commission_president for the European Commission, not council_president)."""
        words = set(fold(org.name).split())
        found = []
        for actor in self._people_named_before(offset):
            for office in kb_offices(actor):
                rest = set(office.office.split("_")) - self.lex.leader_nouns
                if office.of == org.code and office.active(self.published) and rest and rest <= words:
                    found.append(actor)
                    break
        return found

    def _title_names(self, org: Actor, start: int) -> bool:
        """The title right before a name (no other person between) names ``org``."""
        window = max(self.text.rfind("\n", 0, start) + 1, start - 80)
        named = False
        for _, actor in self.index.mentions_in(window, start):
            if actor.kind == "person":
                named = False
            elif actor.id == org.id:
                named = True
        return named

    def _organizations_for(self, token: Token, source: tuple[int, int]) -> list[tuple[Mention, Actor]]:
        """The organisations named in the source that ``token`` speaks for ('of X', 'X's')."""
        found = []
        for mention, actor in self.index.mentions_in(*source):
            if actor.kind not in ("organization", "media") or actor.id.startswith("country:"):
                continue
            inner = self.doc.char_span(mention.start, mention.end, alignment_mode="expand")
            if inner is not None and _speaks_for(inner.root, token):
                found.append((mention, actor))
        return found

    def _person_before_relative(self, token: Token) -> Actor | None:
        """'... including candidate Mary X who tweeted': 'who' right after a
        person's name (a comma between allowed) is that person, whatever noun
        the parse hung the relative clause from."""
        if token.lower_ != "who" or token.i == 0:
            return None
        before = token.nbor(-1)
        if before.text == "," and before.i > 0:
            before = before.nbor(-1)
        if before.pos_ != "PROPN":
            return None
        actor = self.index.at(before.idx, before.idx + len(before.text))
        return actor if actor is not None and actor.kind == "person" else None

    def _named_next(self, token: Token | None) -> Actor | None:
        """'A Superior Court judge chastised X, saying ... / Justice Jo Y directed
        ...': an indefinite description that introduces a person, who is named
        for the first time as the subject of the next sentence (not an unnamed
        official or spokesperson, whom articles keep unnamed)."""
        if token is None or token.pos_ != "NOUN" or token.tag_ != "NN" or token.lower_ in self.lex.unnamed_agent_nouns:
            return None
        lemma = token.lemma_.lower()
        if lemma in self.lex.publication_nouns or lemma in self.lex.body_nouns:
            return None
        if not token.dep_.startswith("nsubj") or token.sent.end >= len(self.doc):
            return None
        # an indefinite description introduces someone; "the head of X" refers back,
        # unless no one was named before it ("The most popular punching bag in golf ...")
        # or the next sentence is a quotation of someone named there for the first
        # time ('..., its infrastructure minister says. / "...," says Oleksandr X')
        strict = lemma in self.lex.sector_heads or (
            token.left_edge.lower_ not in ("a", "an", "one") and self._person_before(token.idx)
        )
        if strict and (lemma not in _person_nouns() or names_its_own(token)):
            return None  # "the head of Ukraine railways" is someone of that body, not the next one named
        following = self.doc[token.sent.end].sent
        while not any(t.is_alpha for t in following) and following.end < len(self.doc):
            following = self.doc[following.end].sent  # a closing mark or paragraph break parsed as a sentence
        if self.text.count("\n", token.sent.end_char, following.start_char) > 2:
            return None  # the next sentence must open the same or the next paragraph
        for child in following.root.children:
            if not child.dep_.startswith("nsubj"):
                continue
            actor = self.index.at(child.idx, child.idx + len(child.text))
            if actor is None or actor.kind != "person" or not actor.mentions:
                return None
            first = min(m.start for m in actor.mentions)
            if strict and following.root.lemma_.lower() not in self.lex.speech_verbs:
                return None
            return actor if first >= following.start_char else None
        return None

    def _agents_of(self, token: Token | None, source: tuple[int, int]) -> Actor | None:
        """'representatives of the White House', 'one of the high-ranking EU
        officials', 'the head of Ukraine railways': unnamed people who speak for
        the one organisation their phrase names (the most specific actor the
        article gives); not 'a source close to X', 'the lawyer for Y'."""
        if token is None or token.pos_ not in ("NOUN", "PRON", "NUM") or (
            token.pos_ == "NOUN" and token.lemma_.lower() not in self.lex.speaking_for_nouns
        ):
            return None
        found: Actor | None = None
        for _mention, actor in self._organizations_for(token, source):
            if found is not None and found.id != actor.id:
                return None  # two organisations: no telling which
            found = actor
        return found

    def _adder(self, cue: int | None, head: int | None) -> Token | None:
        """The subject of the speech verb a participle cue hangs from ('X said
        ..., adding that'), when the source given is someone else."""
        if cue is None or cue >= len(self.doc):
            return None
        word = self.doc[cue]
        if word.tag_ != "VBG" or word.dep_ not in ("advcl", "xcomp", "conj"):
            return None
        verb = word.head
        for _ in range(3):
            if verb.lemma_.lower() not in self.lex.speech_verbs:
                # "A would be crucial, X said, warning that ...": the parse hangs the
                # participle from the reported clause; the one warning is the one saying
                said = [
                    c for c in verb.children
                    if c.dep_ == "parataxis" and c.i < word.i and c.lemma_.lower() in self.lex.speech_verbs
                ]
                if said:
                    verb = said[-1]
            if verb.lemma_.lower() in self.lex.speech_verbs and verb.i != word.i:
                subjects = [c for c in verb.children if c.dep_ == "nsubj"]
                if subjects and subjects[0].i != head and subjects[0].lower_ not in _RELATIVE:
                    return subjects[0]
                return None
            if verb.head.i == verb.i:
                return None
            verb = verb.head
        return None

    def _lookup(self, source: tuple[int, int], token: Token | None) -> tuple[Speaker, float]:
        speaker, factor = self._find(source, token)
        body = self._body(token, source, speaker)
        if body is not None:
            return Speaker(None, body.id, body.name), max(factor, 0.9)
        if speaker.actor_id is None and token is not None and token.tag_ == "NN" and token.lower_ in self.lex.unnamed_agent_nouns:
            agency = self._agency_in_focus(token)
            if agency is not None:
                return Speaker(None, agency.id, agency.name), 0.75
        if token is None or token.tag_ not in ("NNS", "NN") or token.lower_ not in self.lex.sector_heads:
            return speaker, factor
        if (
            token.tag_ == "NNS" and speaker.actor_id is not None and speaker.actor_id.count(":") == 2
            and speaker.actor_id.startswith("country:")
        ):
            written = self._group_name(token, source)
            if written.islower() and speaker.name and not speaker.name.islower():
                written = speaker.name  # "the authorities": the country their sentence gave them
            return Speaker(None, speaker.actor_id, written), factor
        if speaker.actor_id is None and _definite(token):
            # "the sources said" after "UK defence sources said": that group
            for _start, end, earlier in reversed(self.history):
                if token.idx - end > 2000:
                    break
                words = earlier.span.text.lower().split() if earlier.span else []
                if words and words[-1].strip(",") == token.lower_ and end <= token.idx:
                    return Speaker(None, earlier.actor_id, earlier.name), 0.8
        return speaker, factor

    def _find(self, source: tuple[int, int], token: Token | None) -> tuple[Speaker, float]:
        start, end = source
        head_span = (token.idx, token.idx + len(token.text)) if token is not None else source
        # The speaker is the head phrase: "X, executive chair of the commission,"
        # is X, not the commission; "the director of operations for EHS, Jeff
        # Fraser," is Fraser (the appositive name).
        core = _core(token, source) if token is not None else source
        # a relative clause names others ('X, who met Y with Z,'): never the speaker's name
        own = self._before_relative(source)
        named = (
            self._appositive(token, own) or self._titled(token, own, head_span)
            or self._closing_name(token, own)
        )
        if named is not None:
            return Speaker(None, named.id, named.name), 0.95
        first = self._first_of_pair(token, source)
        if first is not None:
            return Speaker(None, first.id, first.name), 0.8
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
        entity = self._entity(*core, head=token)
        if entity is not None:
            return entity, 0.8
        named = self._proper_noun(token, core)
        if named is not None:
            return Speaker(None, named.id, named.name), 0.75
        author = self._author(token)
        if author is not None:
            self.publications[token.lemma_.lower()] = author  # type: ignore[union-attr]
            return author, 0.7
        issuer = self._issuer(token, self._lookup)
        if issuer is not None:
            self.publications[token.lemma_.lower()] = issuer  # type: ignore[union-attr]
            return issuer, 0.65
        return Speaker(None), 0.6

    def _first_of_pair(self, token: Token | None, source: tuple[int, int]) -> Actor | None:
        """'The Secretary-General of NATO, X and British Prime Minister Y said':
        speakers joined by 'and' speak through the first one named."""
        if token is None or not any(c.dep_ == "conj" for c in token.subtree):
            return None
        people = [a for _, a in self.index.mentions_in(*source) if a.kind == "person"]
        if len({a.id for a in people}) < 2:
            return None
        return people[0]

    def _people_named_before(self, offset: int) -> list[Actor]:
        """The persons the article names before ``offset``, in actor order."""
        return [a for a in self.actors if a.kind == "person" and any(m.start < offset for m in a.mentions)]

    def _person_before(self, offset: int) -> bool:
        return any(a.kind == "person" and a.mentions and a.mentions[0].start < offset for a in self.actors)

    def remember(self, start: int, end: int, speaker: Speaker) -> None:
        if speaker.actor_id is not None:
            self.history.append((start, end, speaker))

    # -- the speaker in focus ----------------------------------------------------

    def _role_holder(self, token: Token | None, speaker: Speaker) -> Actor | None:
        """'the Ukrainian Deputy Prime Minister said', resolved to no more than the
        country's government: the person the article gives that title (the
        latest before, else the only one), of that country when it has one."""
        if token is None or token.tag_ not in ("NN", "NNP") or not _definite_or_owned(token):
            return None
        role = _office_title(token)
        if role is None:
            return None
        actor_id = speaker.actor_id or ""
        given = self.index.get(actor_id) if actor_id and not actor_id.startswith("country:") else None
        if given is not None and not self._lacks_role(given, role, token):
            return None  # a person or an organisation of its own
        if given is not None:
            # "The director of the National Intelligence said" read as the name inside
            # it: the person the article gave that title before, when there is one
            holders = [a for a in self._people_named_before(token.idx) if a.id != given.id and role in a.roles]
            return holders[0] if len(holders) == 1 else None
        code = actor_id.split(":")[1] if actor_id.count(":") >= 1 else None
        former = any(c.lower_ in ("former", "ex") for c in token.children if c.dep_ == "amod")
        holders = [
            a for a in self.actors
            if a.kind == "person" and role in a.roles and (code is None or a.code in (None, code)) and a.mentions
        ]
        if former:
            # "the former Russian president": who held that office, not who holds it
            holders = [a for a in holders if not holds_now(a, role, self.published)]
        before = [a for a in holders if a.mentions[0].start < token.idx]
        if before:
            return max(before, key=lambda a: max(m.start for m in a.mentions if m.start < token.idx))
        if former:
            named = self._people_named_before(token.idx)
            named.sort(key=lambda a: max(m.start for m in a.mentions if m.start < token.idx))
            words = {w.lower_ for w in token.subtree}
            return former_holder(role, named, {code} if code else set(), self.published, words)
        return holders[0] if len(holders) == 1 and code is not None else None

    def _relative_of(self, token: Token | None, speaker: Speaker) -> bool:
        """The person read is only the one the title relates to ("the adviser of
        President X said", "X's lawyer said"): they lack the title, and no one
        holding it was named (``_role_holder`` looked first)."""
        role = _office_title(token) if token is not None else None
        if token is None or role is None:
            return False
        actor = self.index.get(speaker.actor_id or "")
        if actor is None or actor.kind != "person" or not self._lacks_role(actor, role, token):
            return False
        return any(
            word.i != token.i and _relation_of(word, token)
            and any(m.start <= word.idx < m.end and not m.start <= token.idx < m.end for m in actor.mentions)
            for word in token.subtree  # (a mention of the whole phrase is coreference's reading, not a name)
        )

    def _unnamed_again(self, token: Token | None) -> Speaker | None:
        """'a State Department spokesperson said ... The spokesperson added': the
        same unnamed agent, who spoke for a body or a group, not the person who
        spoke before them. Only while no one was given that title."""
        if token is None or token.tag_ != "NN" or not _definite(token) or token.lower_ not in _person_nouns():
            return None
        if any(a.kind == "person" and token.lower_ in a.roles for a in self.actors):
            return None
        for _start, end, earlier in reversed(self.history):
            if end > token.idx:
                continue
            if token.idx - end > UNNAMED_REACH:
                break
            words = earlier.span.text.lower().strip(" ,").split() if earlier.span else []
            actor = self.index.get(earlier.actor_id or "")
            if (
                len(words) >= 2 and words[0] in ("a", "an") and words[-1] == token.lower_
                and earlier.actor_id is not None and (actor is None or actor.kind != "person")
            ):
                return earlier
        return None

    def _lacks_role(self, actor: Actor, role: str, token: Token) -> bool:
        """A person the title does not fit: no such role in the article, no
        such office at the date, and not named inside the title's phrase."""
        if actor.kind != "person" or role in actor.roles or holds_now(actor, role, self.published):
            return False
        # a name the title's own phrase gives ("the director of X, Anna Y") says who
        for word in token.subtree:
            if word.i == token.i or not any(m.start <= word.idx < m.end for m in actor.mentions):
                continue
            link = word
            while link.i != token.i and link.dep_ not in ("pobj", "poss") and link.head.i != link.i:
                link = link.head
            if link.i == token.i:
                return False  # a name closing or beside the title, not in its of/for phrase
        return True

    def _agency_in_focus(self, token: Token) -> Actor | None:
        """'The State Department is drawing down its staff ..., according to a
        senior official': an unnamed official speaks for the organisation or
        state body that is the subject of the sentence."""
        root = token.sent.root
        for child in root.children:
            if child.dep_ not in ("nsubj", "nsubjpass") or child.i == token.i:
                continue
            span = _phrase_of(child)
            actor = self.index.at(child.idx, child.idx + len(child.text))
            if actor is None:
                return None
            if actor.kind in ("organization", "media") and not actor.id.startswith("country:"):
                return actor
            return self._body(child, span, Speaker(None, actor.id, actor.name))
        return None

    def _body(self, token: Token | None, source: tuple[int, int], speaker: Speaker) -> Actor | None:
        """"Japan's Ministry of Foreign Affairs said", "the Kremlin said": the body
        as the article names it, a document-local organisation with the country
        and sector codes of the group it belongs to; "the ministry said" with
        no country: the body named before."""
        if token is None or token.pos_ not in ("NOUN", "PROPN"):
            return None
        actor_id = speaker.actor_id
        if actor_id is not None and not actor_id.startswith("country:"):
            return None  # a person or a known organisation keeps its link
        # the head phrase names a body ("the foreign ministry", "the White House")
        head = fold(_strip_name(self.text[slice(*_core(token, source))]))
        if not any(head == noun or head.endswith(" " + noun) for noun in self.lex.body_nouns):
            return None
        start, end = _name_span(token, source)
        name = _strip_name(self.text[start:end])
        folded = fold(name)
        lone = len(folded.split()) == 1 and folded not in self.lex.institutions
        if actor_id is None or lone:
            earlier = self._earlier_body(folded, token.idx)
            if earlier is not None or lone:
                return earlier
        # "The defence ministry said" with no country: still a body with a name
        code = sector = None
        if actor_id is not None:
            parts = actor_id.split(":")
            code = parts[1] if len(parts) > 1 else None
            sector = parts[2] if len(parts) > 2 else "GOV"
        elif head in self.lex.sector_heads or name[:1].isupper():
            sector = self.lex.sector_heads.get(head, self.lex.sector_heads.get(fold(token.text)))
        else:
            return None  # "the company's office": no body's name
        return self._local_actor(
            f"prov:org:{slugify(name)}", name, start, end, code=code, sector=sector, kind="organization"
        )

    def _earlier_body(self, folded: str, offset: int) -> Actor | None:
        """The latest organisation named before ``offset`` whose name holds these words."""
        words = [w for w in folded.split() if w not in ("the", "a")]
        best: tuple[int, Actor] | None = None
        for actor in self.actors:
            if actor.kind not in ("organization", "media"):
                continue
            name = fold(actor.name).replace("defense", "defence")
            if not all(w.replace("defense", "defence") in name.split() for w in words):
                continue
            before = [m.start for m in actor.mentions if m.start < offset]
            if before and (best is None or max(before) > best[0]):
                best = (max(before), actor)
        named = self._body_named_before(words, offset, best[0] if best is not None else -1)
        return named or (best[1] if best is not None else None)

    def _body_named_before(self, words: list[str], offset: int, after: int) -> Actor | None:
        """'Russia's Defence Ministry accused Kyiv ... the ministry said', '"...," the
        Ministry of Commerce said. ... according to the ministry': a body no actor
        is named after -- an earlier speaker's name, or a country's body as the
        text wrote it -- within about two paragraphs, outside quoted words, and
        later than ``after`` (the latest organisation of that name)."""
        wanted = [w.replace("defense", "defence") for w in words]

        def holds(name: str) -> bool:
            folded = fold(name).replace("defense", "defence").split()
            return all(w in folded for w in wanted)

        for start, _end, speaker in reversed(self.history):
            if start >= offset or offset - start > _BODY_REACH or start <= after:
                continue
            if speaker.actor_id and speaker.name and holds(speaker.name) and not speaker.actor_id.startswith("country:"):
                actor = self._known_or_new(speaker.actor_id, speaker.name, kind="organization")
                return actor if actor.kind in ("organization", "media") else None
        for mention, actor in reversed(self.index.mentions_in(max(0, offset - _BODY_REACH), offset)):
            if mention.start <= after:
                break
            if not actor.id.startswith("country:") or not holds(mention.text) or in_quotation_marks(self.text, mention.start):
                continue
            name = _strip_name(mention.text)
            parts = actor.id.split(":")
            sector = parts[2] if len(parts) > 2 else "GOV"
            return self._local_actor(
                f"prov:org:{slugify(name)}", name, mention.start, mention.end,
                code=parts[1], sector=sector, kind="organization",
            )
        return None

    def _author(self, token: Token | None) -> Speaker | None:
        """'The statement also said ...': the one who issued the statement -- the
        owner named before it ("the ministry's statement"), else the speaker of
        an earlier quote (within about two paragraphs) whose sentence names
        that statement ("X said in a statement")."""
        if token is None or token.lemma_.lower() not in self.lex.publication_nouns:
            return None
        agent = self._by_agent(token)
        if agent is not None:
            return Speaker(None, agent.id, agent.name)
        for child in token.children:
            if child.dep_ == "poss":
                owner = self.coref.get((child.idx, child.idx + len(child.text)))
                actor = self.index.get(owner) if owner else self.index.at(child.idx, child.idx + len(child.text))
                if actor is not None:
                    return Speaker(None, actor.id, actor.name)
        lemma = token.lemma_.lower()
        known = self.publications.get(lemma)
        if known is not None and token.left_edge.lower_ == "the":
            return known  # 'the statement' again: the one already read as its issuer
        for start, end, speaker in reversed(self.history):
            if token.idx - end > 1500:
                break
            sentences = {t.sent.start for t in self.doc.char_span(start, end, alignment_mode="expand") or ()}
            # the publication named in the words around the quote, not in what it
            # reports ('According to X, the ministry said this in a statement' is
            # no statement of X's)
            # ('they tweeted' makes a tweet; 'AFP reported' no report of AFP's)
            verb_ok = not self._is_media(speaker)
            named = [
                t for i in sentences for t in self.doc[i].sent
                if t.lemma_.lower() == lemma and (t.pos_ == "NOUN" or verb_ok) and t.i != token.i
                and not start <= t.idx < end
            ]
            if named and end <= token.idx and speaker.actor_id is not None:
                return Speaker(None, speaker.actor_id, speaker.name)
        return None

    def _by_agent(self, token: Token) -> Actor | None:
        """'a statement by X', 'polling done by X', 'a statement e-mailed to The
        Globe by X': the author named after 'by' (not 'the memo obtained by The Globe')."""
        heads = [token] + [c for c in token.children if c.dep_ == "acl" and c.lemma_.lower() not in _NOT_AUTHORING]
        for head in heads:
            for child in head.children:
                if child.dep_ not in ("prep", "agent") or child.lower_ != "by":
                    continue
                for obj in child.children:
                    if obj.dep_ != "pobj":
                        continue
                    key = (obj.idx, obj.idx + len(obj.text))
                    owner = self.coref.get(key)
                    actor = self.index.get(owner) if owner else self.index.at(obj.left_edge.idx, key[1])
                    if actor is not None:
                        return actor
        return None
