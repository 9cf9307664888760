"""Stage ``coref``: rule-based coreference from pronouns and descriptions to actors.

No neural model: pronouns are resolved by agreement (gender, number, person vs
organisation) and salience (recency in sentences and paragraphs, subjects and
speakers first), the way a reader does it for news prose, where the last person
who spoke is almost always the "he" of the next "he said". Descriptions ("the
Russian leader", "the president") resolve to the most recent person actor whose
country and sector fit; surnames and titles ("Mr Macron") that the actors stage
left unlinked resolve to an earlier full name.

Output: each resolved mention is added to its actor's ``mentions`` and
``analysis.shared["coref"]`` maps ``(start, end)`` to the actor id for later
stages (quotes, events).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from dateline.backbone import token_at as shared_token_at
from dateline.config import Config
from dateline.model import Actor, Mention
from dateline.packagedata import read_json
from dateline.pipeline import Analysis, StageFn, register_stage
from dateline.resolve.actors.gender import answers, name_gender
from dateline.resolve.actors.local import in_quotation_marks, quoted_mask
from dateline.resolve.lede import delayed_lede
from dateline.resolve.outlets import is_person as _is_person
from dateline.resolve.outlets import news_outlets, photo_credit
from dateline.resolve.past_offices import former_holder, holds_now
from dateline.resolve.provisional import provisional_actors

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

# Paragraphs back that a pronoun may reach (news pronouns rarely reach further).
MAX_PARAGRAPHS_BACK = 2
# A person of unknown gender against one whose gender agrees: behind, but a
# subject (the person in focus) still beats a nearer object ("Francis has not
# named Russia or its president, Vladimir Putin, but he ...").
UNKNOWN_GENDER = 1.1
QUOTED_PENALTY = 1.0


@dataclass(frozen=True)
class CorefLexicon:
    pronouns: dict[str, str]
    male: frozenset[str]
    female: frozenset[str]
    description_heads: dict[str, tuple[str, ...]]
    demonyms: dict[str, str]
    person_nouns: frozenset[str]
    organization_nouns: frozenset[str]
    speech_verbs: frozenset[str]
    organization_act_verbs: frozenset[str]
    generic_organization_nouns: frozenset[str] = frozenset()
    epithets: frozenset[str] = frozenset()
    furniture_labels: frozenset[str] = frozenset()
    body_nouns: frozenset[str] = frozenset()
    question_verbs: frozenset[str] = frozenset()


@lru_cache(maxsize=1)
def coref_lexicon() -> CorefLexicon:
    data = read_json("quotes", "coref.json")
    groups = read_json("quotes", "groups.json")
    return CorefLexicon(
        pronouns=dict(data["pronouns"]),
        male=frozenset(data["male_titles"]) | frozenset(data["male_names"]),
        female=frozenset(data["female_titles"]) | frozenset(data["female_names"]),
        description_heads={k: tuple(v) for k, v in data["description_heads"].items()},
        demonyms=dict(groups["demonyms"]),
        person_nouns=frozenset(data["person_nouns"]),
        organization_nouns=frozenset(data["organization_nouns"]),
        speech_verbs=frozenset(data["speech_verbs"]),
        organization_act_verbs=frozenset(data["organization_act_verbs"]),
        generic_organization_nouns=frozenset(data["generic_organization_nouns"]),
        epithets=frozenset(data.get("epithets", [])),
        furniture_labels=frozenset(data.get("furniture_labels", [])),
        body_nouns=frozenset(groups.get("body_nouns", [])),
        question_verbs=frozenset(data.get("question_verbs", [])),
    )


@dataclass
class _Candidate:
    start: int
    end: int
    actor: Actor
    sentence: int
    paragraph: int
    subject: bool
    speaker: bool
    quoted: bool = False  # inside quotation marks: someone's words, not the narrator's


def actor_gender(actor: Actor, lex: CorefLexicon) -> str | None:
    """'m', 'f' or None from given names and titles in the actor's name and mentions."""
    if actor.kind not in (None, "person"):
        return None
    if actor.gender in ("m", "f"):
        return actor.gender
    for text in [actor.name] + [m.text for m in actor.mentions]:
        for word in re.findall(r"[A-Za-z.\-]+", text.lower()):
            if word in lex.male:
                return "m"
            if word in lex.female:
                return "f"
    return name_gender(actor.name)


class CorefResolver:
    def __init__(self, lexicon: CorefLexicon | None = None) -> None:
        self.lex = lexicon or coref_lexicon()
        # longest first: "the foreign minister" before "the minister"
        self.description_keys = sorted(self.lex.description_heads, key=len, reverse=True)

    def resolve(self, analysis: Analysis) -> dict[tuple[int, int], str]:
        doc = analysis.doc
        document = analysis.document
        actors = analysis.extraction.actors
        if not actors and "actors" not in analysis.extraction.layers:
            actors = provisional_actors(analysis)
            analysis.extraction.actors.extend(actors)
        # distances count prose paragraphs only: "Story continues below
        # advertisement", "READ MORE: ..." and subheadings do not push a
        # pronoun away from its antecedent
        rank = prose_ranks(document)
        sentence_para = {s.index: rank.get(s.paragraph, s.paragraph) for s in document.sentences}
        token_at = shared_token_at(doc)
        quoted = quoted_mask(document.text)
        labels = _mark_said_headlines(document, actors, quoted)
        candidates: list[_Candidate] = []
        for owner in actors:
            for mention in owner.mentions:
                if not photo_credit(document.text, mention.start, mention.end) and not self._furniture(
                    document.text, mention.start
                ):
                    candidates.append(self._candidate(mention, owner, token_at, document, sentence_para, quoted))
        candidates.sort(key=lambda c: c.start)
        for cand in candidates:
            if any(start <= cand.start < end for start, end in labels):
                cand.subject = cand.speaker = True  # 'X: words' -- X spoke them
        genders = {a.id: actor_gender(a, self.lex) for a in actors}
        outlets = news_outlets(actors, document, genders)
        by_id = {a.id: a for a in actors}
        resolved: dict[tuple[int, int], str] = {}
        lede = delayed_lede(doc, document, actors, self.lex.person_nouns, _is_person)
        if lede is not None and not quoted[lede[0][0]]:
            (start, end), person, role = lede
            resolved[(start, end)] = person.id
            person.mentions.append(document.mention(start, end))
            if role not in _EPITHETS and role not in person.roles:
                person.roles.append(role)
            candidates.append(self._candidate(person.mentions[-1], person, token_at, document, sentence_para, quoted))
            candidates.sort(key=lambda c: c.start)
        # Characters already inside an actor mention (a pronoun there is linked).
        covered = bytearray(len(document.text) + 1)
        for cand in candidates:
            covered[cand.start : cand.end] = b"\x01" * (cand.end - cand.start)
        for token in doc:
            key = (token.idx, token.idx + len(token.text))
            if covered[key[0]]:
                continue
            # '..."He said': a closing mark the tokenizer glued to the pronoun
            lower = token.lower_.lstrip(_MARKS)
            glued = len(lower) < len(token.lower_)
            pclass = self.lex.pronouns.get(lower)
            actor: Actor | None = None
            if pclass in ("m", "f", "p") and (token.pos_ == "PRON" or glued) or (pclass in ("m", "f") and lower in ("his", "her")):
                found = self._pronoun(
                    token, pclass or "", candidates, genders, sentence_para, document, outlets, quoted,
                )
                if found is not None and pclass == "p" and _plural_subject_between(doc, found.end, token, covered):
                    found = None  # "Protestors said ... They called it": the unnamed group, no actor
                actor = None if found is None else found.actor
                span = key
                if (
                    found is not None and pclass in ("m", "f") and genders.get(found.actor.id) is None
                    and _is_person(found.actor) and not in_quotation_marks(document.text, token.idx)
                    and _bound_to(token, found)
                ):
                    # "Jayme told police she could hear": a later "he" is someone else
                    genders[found.actor.id] = pclass
            elif lower == "it" and token.dep_ == "nsubj" and token.head.lemma_.lower() in self.lex.organization_act_verbs:
                # "it said", "it called on": an organisation acting (other "it"s are mostly things)
                found = self._pronoun(token, "n", candidates, genders, sentence_para, document, outlets)
                actor = None if found is None else found.actor
                span = key
            elif token.pos_ in ("NOUN", "PROPN") and token.dep_ in ("nsubj", "nsubjpass", "pobj", "dobj", "poss"):
                span = _noun_phrase(token)
                actor = (
                    self._description(token, span, candidates, by_id, document)
                    or self._role(token, span, candidates, document, sentence_para)
                    or self._organization(token, span, candidates, document, sentence_para)
                )
            if actor is None:
                continue
            resolved[span] = actor.id
            mention = document.mention(*span)
            actor.mentions.append(mention)
            if token.pos_ == "NOUN" and _is_person(actor):
                # "the minister" given to Makei: a later "the minister" is his too
                role = token.lemma_.lower()
                if role in self.lex.person_nouns and role not in _EPITHETS and role not in actor.roles:
                    actor.roles.append(role)
            candidate = self._candidate(mention, actor, token_at, document, sentence_para, quoted)
            candidates.append(candidate)
            candidates.sort(key=lambda c: c.start)
        for owner in actors:
            owner.mentions.sort(key=lambda m: (m.start, m.end))
        return resolved

    def _furniture(self, text: str, offset: int) -> bool:
        """The mention stands in a line of page furniture ('READ MORE: Yellow vest
        protesters come out across Canada')."""
        line = text[text.rfind("\n", 0, offset) + 1 : offset]
        label, colon, _ = line.partition(":")
        return bool(colon) and label.isupper() and label.strip().lower() in self.lex.furniture_labels

    def _candidate(
        self, mention: Mention, actor: Actor, token_at: dict[int, Token], document: Any, sentence_para: dict[int, int],
        quoted: bytearray,
    ) -> _Candidate:
        sentence = mention.sentence if mention.sentence is not None else document.sentence_index(mention.start)
        sentence = -1 if sentence is None else sentence
        head = token_at.get(mention.start)
        subject = speaker = False
        if head is not None:
            # The head of a multi-word mention is its last token inside the span.
            while head.i + 1 < len(head.doc) and head.nbor().idx < mention.end:
                head = head.nbor()
            # "X asked Y about ...": Y, who answers, is in focus as a subject is
            subject = head.dep_ in ("nsubj", "nsubjpass") or answers(head, self.lex.question_verbs)
            speaker = subject and head.head.lemma_.lower() in self.lex.speech_verbs
        return _Candidate(
            mention.start, mention.end, actor, sentence, sentence_para.get(sentence, -1), subject, speaker,
            bool(quoted[mention.start]),
        )

    def _pronoun(
        self,
        token: Token,
        pclass: str,
        candidates: list[_Candidate],
        genders: dict[str, str | None],
        sentence_para: dict[int, int],
        document: Any,
        outlets: set[str] | frozenset[str] = frozenset(),
        quoted: bytearray | None = None,
    ) -> _Candidate | None:
        sentence = document.sentence_index(token.idx)
        if sentence is None:
            return None
        if token.lower_ in _REFLEXIVES:
            # "Fry describes himself": the subject of its own clause
            own = _clause_subject(token, candidates)
            if own is not None and (genders.get(own.actor.id) in (None, pclass) or pclass == "p"):
                return own
        paragraph = sentence_para.get(sentence, -1)
        quoted_pronoun = in_quotation_marks(document.text, token.idx) or bool(quoted and quoted[token.idx])
        best: tuple[float, _Candidate] | None = None
        for cand in candidates:
            if cand.start >= token.idx:
                break
            if paragraph - cand.paragraph > MAX_PARAGRAPHS_BACK:
                continue
            actor = cand.actor
            if actor.id in outlets and pclass != "n":
                # "This was reported by Euractiv ... he said": an outlet is no person's
                # or group's antecedent ("it reported" may still be the outlet's)
                continue
            if pclass in ("m", "f"):
                if not _is_person(actor):
                    continue
                gender = genders.get(actor.id)
                if gender is not None and gender != pclass:
                    continue
                score = 2.0 if gender == pclass else UNKNOWN_GENDER
            elif pclass == "n":  # "it said": an organisation
                if actor.kind not in ("organization", "media"):
                    continue
                score = 1.5
            else:  # they/them: a group, an organisation or a country
                if _is_person(actor):
                    continue
                score = 1.5
            distance = sentence - cand.sentence
            score -= 0.6 * distance + 0.8 * (paragraph - cand.paragraph)
            if cand.quoted and not quoted_pronoun:
                score -= QUOTED_PENALTY  # a name in someone's words is rarely the narrator's "he"
            if distance == 0 and token.dep_ not in ("nsubj", "nsubjpass", "poss") and _same_clause(token, cand):
                continue  # "Trump praised him": him is not Trump
            score += 1.0 if cand.subject else 0.0
            score += 1.0 if cand.speaker else 0.0
            # candidates come in text order: on a tie (and only then) the most recent wins;
            # a bounded recency term (up to 0.3 or 0.55) changed nothing measured
            if best is None or score >= best[0]:
                best = (score, cand)
        return None if best is None else best[1]

    def _description(
        self,
        token: Token,
        span: tuple[int, int],
        candidates: list[_Candidate],
        by_id: dict[str, Actor],
        document: Any,
    ) -> Actor | None:
        """'the Russian leader', 'the president': a definite description of a
        person mentioned before, matched through country code and sector."""
        if token.left_edge.lower_ != "the":
            return None  # checked first: walking the subtree of every noun is costly
        words = [t for t in token.subtree if t.i <= token.i]
        phrase = " ".join(t.lower_ for t in words[1:])
        head = None
        # "the head of state" before "the head", "the minister of defence" as "the minister"
        for reading in dict.fromkeys((phrase + _of_office(token), phrase)):
            head = next((key for key in self.description_keys if reading.endswith(key)), None)
            if head is not None:
                phrase = reading
                break
        if head is None:
            return None
        modifier = phrase[: -len(head)].strip()
        code = self.lex.demonyms.get(modifier) if modifier else None
        if modifier and code is None:
            return None
        if _titles_name(token):
            return None  # "the deputy head of Russian diplomacy Sergei X": the name says who
        sectors = self.lex.description_heads[head]
        before = [c for c in candidates if c.start < span[0] and not c.quoted and _is_person(c.actor)]
        role = token.lemma_.lower()
        for cand in reversed(before):
            # the person the article gave this title ("Foreign Minister X" ... "the minister")
            if role in cand.actor.roles and (code is None or cand.actor.code == code):
                return cand.actor
        for cand in reversed(before):
            actor = cand.actor
            if code is not None and actor.code != code:
                continue
            if actor.sector is not None and actor.sector not in sectors:
                continue
            if code is None and actor.code is None:
                continue
            return actor
        return None


    def _role(
        self, token: Token, span: tuple[int, int], candidates: list[_Candidate], document: Any,
        sentence_para: dict[int, int],
    ) -> Actor | None:
        """'the mayor' -> the person the article called mayor; 'the lanky,
        bespectacled professor said' -> the professor, else the person in focus
        (the subject of the sentence before) when the noun names a person."""
        if not _definite(token) or any(c.dep_ == "appos" and c.pos_ == "PROPN" for c in token.children):
            return None  # "the director of operations, Jeff Fraser,": the name says who
        if token.tag_ in ("NNS", "NNPS"):
            return None  # "the students": many people, not one
        head = token.lemma_.lower() if token.pos_ == "NOUN" else token.lower_
        if _titles_name(token) or names_its_own(token):
            return None
        if self._agent_of_body(token):
            return None  # "the Foreign Ministry spokesman": someone of that body, not the person in focus
        # "the head of Russian diplomacy": never a person of another country
        named = self._countries_after(token)
        before = [
            c for c in candidates if c.end <= span[0] and _is_person(c.actor) and not c.quoted
            and not (named and c.actor.code and c.actor.code not in named)
        ]
        # "the former Russian president": a past office, so not who holds it now
        # but the one the article gave that title, else who held it (knowledge base)
        former = any(c.lower_ in ("former", "ex") for c in token.children if c.dep_ == "amod")
        for cand in reversed(before):
            if head in cand.actor.roles and not (former and holds_now(cand.actor, head, document.published)):
                return cand.actor
        if former:
            countries = named | {
                self.lex.demonyms[c.lower_] for c in token.children if c.dep_ == "amod" and c.lower_ in self.lex.demonyms
            }
            words = {w.lower_ for w in token.subtree}
            past = former_holder(head, [c.actor for c in before], countries, document.published, words)
            if past is not None:
                return past
        if head not in self.lex.person_nouns or token.dep_ not in ("nsubj", "nsubjpass"):
            return None
        sentence = document.sentence_index(span[0])
        if sentence is None or _unnamed_before(token):
            return None
        paragraph = sentence_para.get(sentence, -1)
        # "the lanky, bespectacled professor": adjectives describe the person in
        # focus whatever title the article gave them before
        descriptive = sum(
            1 for c in token.children if c.dep_ == "amod" and c.pos_ == "ADJ" and c.lower_ not in self.lex.demonyms
        ) >= 2
        # "the former congressman" after Governor X: a past office says nothing against the present ones
        descriptive = descriptive or former
        for cand in reversed(before):
            if sentence - cand.sentence > 2 or paragraph - cand.paragraph > 1:
                break
            earlier = cand.sentence < sentence or _glued_sentence_end(document.text, cand.end, span[0])
            if cand.subject and earlier and (descriptive or not (
                cand.actor.roles and head in self.lex.person_nouns and _other_role(cand.actor, head, self.lex)
            )):
                return cand.actor
        return None

    def _countries_after(self, token: Token) -> set[str]:
        """Country codes the demonyms of a noun's of/for/at phrase or its possessor
        give ('the head of Russian diplomacy', "the Russian army's spokesman")."""
        return {
            self.lex.demonyms[w.lower_]
            for child in token.children
            if (child.dep_ == "prep" and child.lower_ in ("of", "for", "at")) or child.dep_ == "poss"
            for w in child.subtree if w.lower_ in self.lex.demonyms
        }

    def _agent_of_body(self, token: Token) -> bool:
        """The noun's modifiers name a state body ("the Foreign Ministry spokesman",
        "the Defence Ministry's spokesman")."""
        return any(
            w.lower_ in self.lex.body_nouns
            for child in token.children if child.dep_ in ("compound", "poss", "nmod") and child.i < token.i
            for w in child.subtree
        )

    def _organization(
        self, token: Token, span: tuple[int, int], candidates: list[_Candidate], document: Any,
        sentence_para: dict[int, int],
    ) -> Actor | None:
        """'the diocese' -> the Roman Catholic Diocese of ...; 'the company'
        -> the latest organisation named within three paragraphs."""
        if token.pos_ != "NOUN":
            return None
        head = token.lemma_.lower()
        # (the subtree walk of _definite last: most nouns are no organisation noun)
        if head not in self.lex.organization_nouns or not _definite(token):
            return None
        named = [
            c for c in candidates
            if span[0] <= c.start and c.end <= token.idx and not token.doc.text[c.end : token.idx].strip()
            and c.actor.kind in ("organization", "media")
        ]
        if named:
            return named[-1].actor  # 'the RIA Novosti agency' names itself (not 'the UN rights office')
        before = [c for c in candidates if c.end <= span[0] and c.actor.kind in ("organization", "media")]
        for cand in reversed(before):
            if head in cand.actor.name.lower().split():
                return cand.actor
        if head not in self.lex.generic_organization_nouns:
            return None
        sentence = document.sentence_index(span[0])
        paragraph = sentence_para.get(sentence, -1) if sentence is not None else -1
        for cand in reversed(before):
            if paragraph - cand.paragraph > 3:
                break
            if cand.actor.kind == "organization":
                return cand.actor
        return None




_REFLEXIVES = frozenset({"himself", "herself", "themselves", "itself"})
# describing nouns no office: "the man" makes no role
_EPITHETS = frozenset({"man", "woman", "veteran", "star", "member", "head", "leader", "politician", "official"})


# how many tokens back "the spokesperson" looks for "a ... spokesperson"
UNNAMED_TOKENS = 150


def _unnamed_before(token: Token) -> bool:
    """'a State Department spokesperson said ... The spokesperson added': the
    same unnamed agent (the quote stage continues them), not the person in focus."""
    for other in token.doc[max(0, token.i - UNNAMED_TOKENS) : token.i]:
        if other.lower_ == token.lower_ and other.tag_ == "NN":
            first = min(other.subtree, key=lambda t: t.i)
            if first.lower_ in ("a", "an"):
                return True
    return False


def _bound_to(token: Token, cand: _Candidate) -> bool:
    """The pronoun is the subject of a clause that the candidate's verb governs
    ("Jayme told police she could hear", "Singh has said he plans")."""
    if token.dep_ not in ("nsubj", "nsubjpass"):
        return False
    verb = token.head
    for _ in range(3):
        if verb.dep_ not in ("ccomp", "xcomp", "advcl", "conj") or verb.head.i == verb.i:
            return False
        verb = verb.head
        for child in verb.children:
            if child.dep_ in ("nsubj", "nsubjpass") and cand.start <= child.idx < cand.end:
                return True
    return False


def _plural_subject_between(doc: Doc, start: int, pronoun: Token, covered: bytearray) -> bool:
    """A plural common noun is the subject of a clause between the antecedent
    found (ending at ``start``) and 'they': the group it names is nearer."""
    first = pronoun.sent.start
    if first > 0:
        first = doc[first - 1].sent.start  # the sentence before is as far as we look
    for token in doc[first : pronoun.i]:
        if token.idx < start or covered[token.idx]:
            continue
        if token.tag_ == "NNS" and token.dep_ in ("nsubj", "nsubjpass"):
            return True
    return False


# a short line giving a person's words after their name: 'Joe X: I am sure that Y has decided'
# (a sentence glued before the name allowed: 'War in Ukraine.X: If Russia wins ...')
_SAID_HEADLINE = re.compile(r"(?:^|[.!?]\s*)((?:[A-Z][\w'\u2019-]+ ){0,2}[A-Z][\w'\u2019-]+): +\S")


def _mark_said_headlines(document: Any, actors: list[Actor], quoted: bytearray) -> list[tuple[int, int]]:
    """The words after 'Name:' in a short headline line are that person's, not the
    narrator's: names in them are no antecedent for the next 'he said', and the
    name is a speaker. Returns the names' spans."""
    text = document.text
    labels: list[tuple[int, int]] = []
    for paragraph in document.paragraphs:
        line = text[paragraph.start : paragraph.end]
        if len(line.split()) > 30 or ":" not in line:
            continue
        match = _SAID_HEADLINE.search(line)
        if match is None:
            continue
        start, end = paragraph.start + match.start(1), paragraph.start + match.end(1)
        if any(
            _is_person(actor) and start <= mention.start and mention.end <= end
            for actor in actors for mention in actor.mentions
        ):
            colon = text.index(":", end)
            quoted[colon + 1 : paragraph.end] = b"\x01" * (paragraph.end - colon - 1)
            labels.append((start, end))
    return labels


_MARKS = "\"'\u201c\u201d\u2018\u2019\u201e\u00ab\u00bb"


def names_its_own(token: Token) -> bool:
    """'the head of Ukraine's railways': a description whose 'of/at/for' phrase
    names someone or something is a new reference, not the speaker in focus."""
    return any(
        child.dep_ == "prep" and child.lower_ in ("of", "at", "for") and any(t.pos_ == "PROPN" for t in child.subtree)
        for child in token.children
    )


def _titles_name(token: Token) -> bool:
    """The noun phrase is a title that a person's name closes or follows in
    apposition ("the deputy head of diplomacy Sergei X", "the mayor, Jo Y,")."""
    right = token.right_edge
    nxt = right.i + 1
    stop = right.idx + len(right.text)
    for t in token.subtree:
        if t.i > token.i and t.ent_type_ == "PERSON":
            return True
    if nxt < len(token.doc):
        follow = token.doc[nxt]
        if follow.ent_type_ == "PERSON" and follow.idx - stop <= 1:
            return True
    return False


def _clause_subject(token: Token, candidates: list[_Candidate]) -> _Candidate | None:
    verb = token.head
    # compare indices: spaCy makes a new Token object on every access, so "is" never
    # holds and a root that is no verb would loop for ever
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
        verb = verb.head
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubjpass"):
            for cand in candidates:
                if cand.start <= child.idx < cand.end:
                    return cand
    return None


def _of_office(token: Token) -> str:
    """' of state' for 'the head of state': an of-phrase of one bare common noun
    completes an office's name ('head of government'), so it is no epithet."""
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            objects = list(child.children)
            if len(objects) == 1 and objects[0].pos_ == "NOUN" and not list(objects[0].children):
                return f" of {objects[0].lower_}"
    return ""


# "...in NATO.- It can be seen ... - said the analyst": a sentence end glued to the
# dash that opens the next speaker's words (the sentencizer keeps them one sentence)
_GLUED_END = re.compile(r"[.!?][\"\u201d]?[-\u2013\u2014]\s")


def _glued_sentence_end(text: str, start: int, end: int) -> bool:
    return _GLUED_END.search(text, start, end) is not None


def _definite(token: Token) -> bool:
    words = [t for t in token.subtree if t.i <= token.i]
    return bool(words) and words[0].lower_ in ("the", "this", "that") and words[-1].i == token.i


def _other_role(actor: Actor, head: str, lex: CorefLexicon) -> bool:
    """The actor has roles, none of them this one, and this one is a role word
    a person is given (not a general noun such as 'man')."""
    return head not in actor.roles and head not in ("man", "woman", "veteran", "star", "member") and head not in lex.epithets


def prose_ranks(document: Any) -> dict[int, int]:
    """Paragraph index -> its rank among prose paragraphs (ending as a sentence
    does or holding a quotation); other paragraphs share the rank before them."""
    ranks: dict[int, int] = {}
    rank = -1
    for paragraph in document.paragraphs:
        body = document.text[paragraph.start : paragraph.end].strip()
        if rank < 0 or re.search(r"[.!?:;\u201d\"')]$", body) or "\u201c" in body or '"' in body:
            rank += 1
        ranks[paragraph.index] = rank
    return ranks


def _same_clause(token: Token, cand: _Candidate) -> bool:
    span = token.doc.char_span(cand.start, cand.end, alignment_mode="expand")
    if span is None:
        return False
    other = span.root
    return other.head.i == token.head.i or other.head.i == token.head.head.i


def _noun_phrase(token: Token) -> tuple[int, int]:
    left = token.left_edge
    return left.idx, token.idx + len(token.text)


@register_stage(
    "coref", requires=("sentences", "paragraphs", "actors"), assigns=("coref",), updates=("actors",)
)
def make_coref(config: Config) -> StageFn:
    resolver = CorefResolver()

    def coref(analysis: Analysis) -> None:
        analysis.shared["coref"] = resolver.resolve(analysis)

    return coref
