"""Argument finding: which noun phrases of the parse are an event's actor and
recipient (:func:`arguments`).

Only spaCy tokens and the lexicon are seen here; the tokens found are resolved
to actor ids by :mod:`dateline.nlp.events.parties`.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from dateline.nlp.events.resources import Resources
from dateline.nlp.events.syntax import (
    NOUN_POS,
    OBJECT_DEPS,
    PASSIVE_SUBJECT_DEPS,
    SUBJECT_DEPS,
    VERB_POS,
    Candidate,
    _children,
    _with_conjuncts,
    lemma,
)
from dateline.packagedata import read_json

if TYPE_CHECKING:
    from spacy.tokens import Token

NP_CUT_DEPS = frozenset({"prep", "relcl", "acl", "appos", "punct", "cc", "conj", "advcl", "parataxis"})
RECIPIENT_PREPS = frozenset({"to", "against", "on", "at", "with", "toward", "towards", "into", "upon", "from", "for", "in"})
NOUN_RECIPIENT_PREPS = frozenset({"to", "against", "on", "at", "with", "toward", "towards", "into", "upon", "for", "in", "over"})
PARTICIPANT_PREPS = frozenset({"with", "between", "among", "amongst"})
TIME_ENTS = frozenset({"DATE", "TIME"})
# third-person pronouns a reported clause uses for its speaker ("X said it would")
REPORTED_PRONOUNS = {"it": "thing", "its": "thing", "he": "person", "his": "person", "she": "person", "her": "person", "they": "group", "their": "group"}
FIRST_PERSON = frozenset({"i", "we", "me", "us", "my", "our", "myself", "ourselves"})
FINITE_TAGS = {"VBD": "past", "VBZ": "present", "VBP": "present"}
# "countries *like* Poland and Romania", "allies *including* the UK": the examples name the parties
EXAMPLE_PREPS = frozenset({"like", "including", "as"})


@lru_cache(maxsize=1)
def argument_words() -> dict[str, frozenset[str]]:
    """The word lists of ``data/events/arguments.json``."""
    return {k: frozenset(v) for k, v in read_json("events", "arguments.json").items() if isinstance(v, list)}


@lru_cache(maxsize=4)
def argument_table(name: str) -> dict[str, str]:
    """A word table of ``data/events/arguments.json`` (word -> value)."""
    table = read_json("events", "arguments.json").get(name, {})
    return {str(k): str(v) for k, v in table.items()}


def _all_conjuncts(token: Token) -> list[Token]:
    """Every conjunct of a coordination, in text order, whichever one ``token`` is."""
    return sorted([token, *token.conjuncts], key=lambda t: t.i)


def _subject_of(verb: Token, res: Resources, depth: int = 0) -> tuple[list[Token], bool]:
    """Subject tokens of a verb (following xcomp/conj/advcl up), and whether the
    clause is passive (then these tokens are the patient)."""
    subjects = _children(verb, SUBJECT_DEPS)
    if subjects and verb.dep_ == "relcl" and all(s.tag_ in ("WDT", "WP") for s in subjects):
        # "Warsaw and Budapest, which requested": every conjunct of the antecedent
        return _all_conjuncts(_antecedent(verb, subjects[0], res)), False
    if subjects:
        return [t for s in subjects for t in _with_conjuncts(s)], False
    passive = _children(verb, PASSIVE_SUBJECT_DEPS)
    if passive:
        return [t for s in passive for t in _with_conjuncts(s)], True
    if depth > 4:
        return [], False
    head = verb.head
    if verb.dep_ == "xcomp" and lemma(head) in res.words("control_verbs"):
        objects = _children(head, ("dobj", "obj", "dative"))
        if objects:
            return [t for o in objects for t in _with_conjuncts(o)], False
    if (
        verb.dep_ in ("acl", "relcl")
        and verb.tag_ == "VB"
        and any(a.lower_ == "to" for a in _children(verb, ("aux",)))
        and head.pos_ in NOUN_POS
        and lemma(head) in res.words("intention_nouns")
    ):
        # "a rush *to investigate*", "its commitment *to collaborate*" (an
        # infinitive, whatever label the parser gives it): the intention
        # belongs to the noun's owner, else to its clause's subject (not any
        # noun: "evidence *to support* the claim" has nobody supporting)
        owner = _noun_owner(head)
        if owner:
            return [t for o in owner for t in _with_conjuncts(o)], False
        return _clause_subject(head, res), False
    if verb.dep_ == "relcl" and head.pos_ in NOUN_POS | {"PRON"}:
        return _all_conjuncts(head), False
    if (
        verb.dep_ == "pcomp"
        and head.dep_ == "prep"
        and head.lower_ in ("for", "of")
        and lemma(head.head) in argument_words()["object_control_verbs"]
    ):
        # "thanked Norway for providing", "accused Kyiv of shelling": the object acts
        objects = _children(head.head, ("dobj", "obj"))
        if objects:
            return [t for o in objects for t in _with_conjuncts(o)], False
    if verb.dep_ == "acl" and verb.tag_ == "VBG" and head.pos_ in NOUN_POS:
        if lemma(head) in res.words("document_nouns"):
            # "put out a report accusing X": the report's author accuses
            author = _noun_owner(head)
            if author:
                return [t for a in author for t in _with_conjuncts(a)], False
            if head.dep_ in OBJECT_DEPS and head.head.pos_ in VERB_POS:
                return _subject_of(head.head, res, depth + 1)
        return [head], False
    if verb.dep_ == "xcomp" and head.pos_ == "ADJ" and head.dep_ in ("acomp", "oprd") and head.head.pos_ in VERB_POS:
        # "Russia is willing to withdraw": the adjective's subject acts
        return _subject_of(head.head, res, depth + 1)
    if verb.dep_ in ("xcomp", "conj", "advcl", "pcomp", "ccomp", "acl") and head != verb:
        if head.pos_ in VERB_POS:
            raised, was_passive = _subject_of(head, res, depth + 1)
            # "Trump is expected to speak": the raised subject acts; a conjunct
            # in an active form of its own ("the world is united ... and
            # *thanked* the U.S.") is no passive, whatever its first conjunct is
            active_conjunct = verb.dep_ == "conj" and verb.tag_ != "VBN"
            return raised, was_passive and verb.dep_ != "xcomp" and not active_conjunct
        if head.dep_ == "prep" and head.head.pos_ in VERB_POS:
            return _subject_of(head.head, res, depth + 1)
    return [], False


def _antecedent(relcl: Token, pronoun: Token, res: Resources) -> Token:
    """What a relative pronoun stands for: the noun the clause hangs on, or,
    when that is no party ("the arguments of Warsaw and Budapest, which
    requested"), the party named right before the pronoun inside its phrase."""
    head = relcl.head
    if _party_like(head, res):
        return head
    prev = pronoun.nbor(-1) if pronoun.i > 0 else pronoun
    while prev.is_punct and prev.i > head.i:
        prev = prev.nbor(-1)
    if prev.pos_ in NOUN_POS and _party_like(prev, res) and head in prev.ancestors:
        return prev
    return head


def _coordinated_speaker(verb: Token, event: str, res: Resources) -> list[Token]:
    """The speaker, when a subjectless verbal act is coordinated with a reporting
    verb but the parser hung it inside the reported clause: in "X said that Y
    seemed ..., and blamed Z", *blamed* is X's act, not Y's. Only for verbal
    types (quad classes 1 and 3: saying is doing them), in the same verb form as the
    reporting verb (not "Y had attacked ... and killed"), and with a sign that
    the reported clause ended: a "that" complementizer or a comma before the
    coordinator. Returns [] when the reading does not apply."""
    if verb.dep_ != "conj" or _children(verb, SUBJECT_DEPS | PASSIVE_SUBJECT_DEPS):
        return []
    if res.types[event].quad_class not in (1, 3):
        return []
    reported = verb.head
    say = reported.head
    if reported.dep_ != "ccomp" or say == reported or lemma(say) not in res.words("speech_verbs"):
        return []
    if verb.tag_ != say.tag_:
        return []
    between = verb.doc[reported.i + 1 : verb.i]
    closed = (
        any(t.dep_ == "mark" and t.lower_ == "that" for t in reported.children)
        or any(t.is_punct and t.nbor(1).dep_ == "cc" for t in between if t.i + 1 < verb.i)
        or _tense(reported) not in (None, _tense(verb))
    )
    if not closed:
        return []
    speakers, passive = _subject_of(say, res)
    return [] if passive else speakers


def _tense(verb: Token) -> str | None:
    """"past" or "present" of a clause's finite verb (its auxiliary first), None
    when it has no finite form: "X said the world *is* united around Ukraine and
    thanked the U.S." leaves the present reported clause before the past
    "thanked", which is then the speaker's act."""
    finite = [c for c in verb.children if c.dep_ in ("aux", "auxpass") and c.tag_ in FINITE_TAGS] or [verb]
    return FINITE_TAGS.get(finite[0].tag_)


def requester(trig: Token, res: Resources) -> list[Token]:
    """"The Kremlin *wants* Ukraine to recognise ...", "urged Berlin to send",
    "called on X to send": the subject of the request verb that governs the
    asked-for act ([] when there is none, or the request verb is passive)."""
    head = trig.head
    if trig.dep_ == "pcomp" and head.dep_ == "prep" and head.lower_ == "on":
        head = head.head
    elif trig.dep_ not in ("xcomp", "ccomp"):
        return []
    if head == trig or lemma(head) not in argument_words()["request_verbs"]:
        return []
    subjects, passive = _subject_of(head, res)
    return [] if passive else _resolve_pronouns(subjects, res)


def _clause_subject(token: Token, res: Resources) -> list[Token]:
    """The subject of the nearest clause above ``token`` that has one."""
    node = token.head
    for _ in range(8):
        if node.pos_ in VERB_POS:
            found, passive = _subject_of(node, res)
            if found and not passive:
                return found
        if node.head == node:
            break
        node = node.head
    return []


def _agents(verb: Token) -> list[Token]:
    found = []
    for agent in _children(verb, ("agent",)):
        for pobj in _children(agent, ("pobj",)):
            found.extend(_with_conjuncts(pobj))
    return found


def _prep_objects(token: Token, preps: frozenset[str]) -> list[tuple[str, Token]]:
    found: list[tuple[str, Token]] = []
    for prep in _children(token, ("prep",)):
        if prep.lower_ in preps:
            for pobj in _children(prep, ("pobj",)):
                # a date is never a party ("met *on Tuesday*")
                found.extend((prep.lower_, t) for t in _with_conjuncts(pobj) if t.ent_type_ not in TIME_ENTS)
    return found


def _noun_owner(noun: Token) -> list[Token]:
    """Who a nominal event belongs to: "Russia's attack", "US military support",
    "a Russian strike", "an attack by rebels" (not a date: "Saturday's meeting")."""
    owners = [c for c in noun.children if c.dep_ == "poss" and c.ent_type_ not in TIME_ENTS]
    if owners:
        return owners
    for prep in _children(noun, ("prep", "agent")):
        if prep.lower_ == "by":
            return _children(prep, ("pobj",))
    found = [
        c
        for c in noun.children
        if c.dep_ in ("compound", "amod", "nmod")
        and (c.pos_ == "PROPN" or c.ent_type_ in ("NORP", "GPE", "ORG", "PERSON"))
    ]
    if not found and noun.dep_ == "conj" and noun.head.pos_ in NOUN_POS:
        # "Russia's annexation of Crimea and backing for separatists": the
        # owner of the first conjunct owns the rest
        return _noun_owner(noun.head)
    return found


def _agrees(kind: str, noun: Token, res: Resources) -> bool:
    """Whether a third-person pronoun of ``kind`` can stand for ``noun``
    ("they" also for a body of people: "the government … they")."""
    ent = noun.ent_type_
    plural = noun.tag_ in ("NNS", "NNPS")
    if kind == "person":
        return ent == "PERSON" or (not ent and not plural and noun.pos_ in NOUN_POS)
    if kind == "thing":
        return ent in ("ORG", "GPE", "NORP", "FAC") or (ent != "PERSON" and not plural and noun.pos_ in NOUN_POS)
    # not any ORG: the small model tags many people ORG ("Biden said they …")
    return ent != "PERSON" and (plural or lemma(noun) in res.words("party_nouns"))


def _speaker_antecedent(pron: Token, res: Resources) -> list[Token]:
    """The reporting verb's subject a pronoun in the reported clause stands for:
    "the UN said *it* will investigate", "officials say *they* opened", "Paris
    and Berlin said *they* would" (every conjunct). Only a noun subject that
    agrees with the pronoun; [] otherwise."""
    kind = REPORTED_PRONOUNS.get(pron.lower_)
    if kind is None or pron.pos_ != "PRON":
        return []
    node = pron.head
    for _ in range(8):
        if node.pos_ in VERB_POS or node.head == node:
            break
        node = node.head
    for _ in range(5):
        head = node.head
        if node.dep_ == "ccomp" and head.pos_ in VERB_POS and lemma(head) in res.words("speech_verbs"):
            return _agreeing(kind, _children(head, SUBJECT_DEPS), res)
        if node.dep_ not in ("conj", "xcomp", "advcl", "ccomp") or head == node:
            return []
        node = head
    return []


def _agreeing(kind: str, subjects: list[Token], res: Resources) -> list[Token]:
    """The single subject a pronoun of ``kind`` can stand for, or, for
    "they"/"their", every conjunct of a coordinated subject ("Mr Ramaphosa and
    others emphasised *their* willingness"); [] when none agrees."""
    if len(subjects) != 1 or subjects[0].pos_ not in NOUN_POS:
        return []
    subject = subjects[0]
    if subject.conjuncts:
        # "its" never stands for "the U.S. and NATO"
        conjuncts = _all_conjuncts(subject)
        return conjuncts if kind == "group" and all(c.pos_ in NOUN_POS for c in conjuncts) else []
    return [subject] if _agrees(kind, subject, res) else []


def _possessive_antecedent(pron: Token, noun: Token, res: Resources) -> list[Token]:
    """"The OIC expressed *its* rejection": a possessive pronoun on a nominal
    event stands for the subject of the clause the noun is in, when they agree."""
    kind = REPORTED_PRONOUNS.get(pron.lower_)
    if kind is None:
        return []
    node = noun
    while node.dep_ in ("conj", "pobj", "prep") and node.head != node and noun.dep_ == "conj":
        # "Russia's annexation of Crimea and its invasion" (also when the parser
        # hangs the conjunct on "Crimea"): the first conjunct's owner
        node = node.head
        owners = [c for c in node.children if c.dep_ == "poss" and c.pos_ != "PRON"]
        if node.pos_ in NOUN_POS and len(owners) == 1:
            return owners
    subjects = _clause_subject(noun, res)
    # the clause subject with its conjuncts: one subject phrase
    heads = [t for t in subjects if t.dep_ != "conj" or t.head not in subjects]
    found = _agreeing(kind, heads, res)
    return found or _speaker_antecedent(pron, res)


def _resolve_pronouns(tokens: list[Token], res: Resources, noun: Token | None = None) -> list[Token]:
    out = []
    for token in tokens:
        found: list[Token] = []
        if token.pos_ == "PRON":
            if token.dep_ == "poss":
                # "emphasised *their* willingness to help": the owner of the noun it is on
                found = _possessive_antecedent(token, noun if noun is not None else token.head, res)
            else:
                found = _speaker_antecedent(token, res)
        out.extend(found or [token])
    return out


def _party_like(token: Token, res: Resources) -> bool:
    """A noun phrase that names a party (country, group, person), not a thing."""
    return (
        token.ent_type_ in ("GPE", "ORG", "PERSON", "NORP")
        or token.pos_ == "PROPN"
        or lemma(token) in res.words("party_nouns")
    )


def _clause_recipients(verb: Token, res: Resources) -> list[Token]:
    """Who a (content) clause acts on: "to provide *Sri Lanka* with …", "to send
    troops *to Iraq*", "to lift sanctions *on Abkhazia*", "to meet *with X*"."""
    preps = res.words("content_recipient_preps")
    found: list[Token] = []
    for dative in _children(verb, ("dative",)):
        if dative.pos_ in NOUN_POS | {"PRON"}:
            found.extend(_with_conjuncts(dative))
        else:  # "offered to the US": spaCy hangs the preposition as the dative
            found.extend(t for p in _children(dative, ("pobj",)) for t in _with_conjuncts(p))
    for obj in _children(verb, ("dobj", "obj")):
        if _party_like(obj, res):
            found.extend(_with_conjuncts(obj))
        else:
            found.extend(pobj for _prep, pobj in _prep_objects(obj, preps))
    found.extend(pobj for _prep, pobj in _prep_objects(verb, preps))
    if not found and lemma(verb) in res.words("control_verbs"):
        # "to allow *UN workers* access", "to allow *two airlines* to land":
        # the parser makes the permitted party a subordinate clause's subject
        for clause in _children(verb, ("ccomp", "xcomp")):
            found.extend(t for s in _children(clause, SUBJECT_DEPS) if s.pos_ in NOUN_POS for t in _with_conjuncts(s))
    return found


def _content_recipients(verb: Token, event: str, res: Resources, depth: int = 0) -> list[Token]:
    """The recipient a content-taking event gets from its content: "agreed to
    lend $1bn *to Indonesia*", "refused to meet *X*", "demanded that *the US*
    cancel …", "threatened to strike unless *Israel* …"."""
    found: list[Token] = []
    subject_types = res.words("content_subject_recipient_types")
    for child in verb.children:
        if child.pos_ in VERB_POS and (
            child.dep_ == "xcomp"
            # a purpose clause: "donated ventilators *to assist Ethiopia*"
            or child.dep_ == "advcl" and child.tag_ == "VB" and any(a.lower_ == "to" for a in child.children if a.dep_ == "aux")
        ):
            found.extend(_clause_recipients(child, res))
            if not found and depth < 2:
                found.extend(_content_recipients(child, event, res, depth + 1))
        elif event in subject_types and child.pos_ in VERB_POS and (
            child.dep_ == "ccomp"
            or child.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in ("if", "unless") for m in child.children)
        ):
            found.extend(
                t
                for s in _children(child, SUBJECT_DEPS)
                if s.pos_ in NOUN_POS
                for t in _with_conjuncts(s)
            )
    return found


def arguments(cand: Candidate, res: Resources) -> None:
    """Fill actor and recipient tokens from the syntax."""
    trig = cand.trigger
    reciprocal = res.types[cand.event].reciprocal
    actors: list[Token] = []
    recipients: list[Token] = []
    counterparts: list[Token] = []
    subjects: list[Token] = []
    passive = False
    if cand.entry.pos == "VERB" or (trig.pos_ in VERB_POS):
        subjects, passive = _subject_of(trig, res)
        speaker = _coordinated_speaker(trig, cand.event, res)
        if speaker:
            subjects, passive = speaker, False
        agents = _agents(trig)
        if passive and not agents and cand.event in res.words("passive_subject_actor_types"):
            # "2,000 soldiers were deployed": the forces moved are the actor's own
            actors.extend(subjects)
        elif passive or agents:
            recipients.extend(subjects if passive else [])
            actors.extend(agents)
            words = argument_words()
            if passive and not agents:
                # "five people were killed in Russian strikes": the owner of the
                # event that did it acts
                for _prep, cause in _prep_objects(trig, words["cause_preps"]):
                    if (lemma(cause), "NOUN") in res.triggers:
                        actors.extend(t for o in _noun_owner(cause) for t in _with_conjuncts(o))
            if passive and not agents and not actors and cand.event in words["locative_agent_types"]:
                # "a journalist was detained in Belarus": the state where it happens acts
                actors.extend(p for _prep, p in _prep_objects(trig, words["locative_agent_preps"]) if p.ent_type_ == "GPE")
        else:
            actors.extend(_resolve_pronouns(subjects, res))
            objects = _children(trig, ("dobj", "obj", "dative"))
            if (
                not objects
                and trig.dep_ == "amod"
                and trig.tag_ == "VBG"
                and trig.head.i == trig.i + 1
                and res.types[cand.event].quad_class in (1, 3)
                and _party_like(trig.head, res)
            ):
                # "… - accusing Russia of using monuments": a parse that hangs the
                # verbal act on its object as an adjective; the noun is the object
                objects = [trig.head]
            for obj in objects:
                if obj.tag_ in ("WDT", "WP") or obj.lower_ in ("which", "that", "what"):
                    cand.relative_object = obj
                    continue
                if reciprocal and cand.mode != "visit":
                    # "Macron met Scholz": both met; a visitor acts on the host
                    actors.extend(_with_conjuncts(obj))
                    counterparts.extend(_with_conjuncts(obj))
                    continue
                if obj.pos_ == "ADP":
                    # "provide support *to refugees*": spaCy hangs the
                    # preposition as the dative; its object receives
                    recipients.extend(t for p in _children(obj, ("pobj",)) for t in _with_conjuncts(p))
                    continue
                if lemma(trig) not in res.words("theme_object_verbs") or _party_like(obj, res):
                    # "sent *tanks*", "provided *$2m*": what is given is not who gets it
                    recipients.extend(_with_conjuncts(obj))
                # "halt deliveries to Kyiv", "a grant and a loan to X": the
                # object's goal is the recipient
                for part in _with_conjuncts(obj):
                    recipients.extend(p for _prep, p in _prep_objects(part, frozenset({"to", "for", "against", "on"})))
        for prep, pobj in _prep_objects(trig, RECIPIENT_PREPS):
            if reciprocal and prep in PARTICIPANT_PREPS:
                actors.append(pobj)
                counterparts.append(pobj)
            elif prep in ("to", "against", "on", "upon", "at", "toward", "towards", "with", "from", "for"):
                recipients.append(pobj)
        if reciprocal and not counterparts:
            # "talked by phone *with Scholz*": the other side hangs on the means
            for _prep, means in _prep_objects(trig, frozenset({"by", "via", "over", "in"})):
                for _with, pobj in _prep_objects(means, frozenset({"with"})):
                    if _party_like(pobj, res):
                        actors.append(pobj)
                        counterparts.append(pobj)
        if not recipients and not counterparts and not passive and not reciprocal:
            recipients.extend(_content_recipients(trig, cand.event, res))
    elif cand.entry.pos == "ADJ":
        head = trig.head if trig.dep_ in ("acomp", "amod", "oprd") else trig
        subjects, _ = _subject_of(head, res) if head.pos_ in VERB_POS else ([head], False)
        actors.extend(subjects)
        for _prep, pobj in _prep_objects(trig, frozenset({"with", "by", "in", "at", "over"})):
            recipients.append(pobj)
    else:
        owner = _noun_owner(trig)
        if owner:
            cand.possessive_actor = any(o.dep_ == "poss" or o.head.lower_ == "by" for o in owner)
            actors.extend(_resolve_pronouns([t for o in owner for t in _with_conjuncts(o)], res, trig))
        if not actors and cand.event in argument_words()["locative_actor_noun_types"]:
            # "demonstrations in Ukraine": the people of the place protest
            actors.extend(p for _prep, p in _prep_objects(trig, frozenset({"in"})) if p.ent_type_ == "GPE")
        theme_of = lemma(trig) in argument_words()["theme_of_nouns"]
        if not actors and cand.event in argument_words()["agent_of_types"] and not theme_of:
            # "the withdrawal *of Russian troops*", "the deployment *of British soldiers*": who moves
            actors.extend(p for _prep, p in _prep_objects(trig, frozenset({"of"})) if _party_like(p, res))
        if not actors and cand.event in res.words("from_actor_types"):
            # "criticism *from the UN*", "threats *from Iran*", "donations *from Ireland*"
            actors.extend(p for _prep, p in _prep_objects(trig, frozenset({"from"})) if p.pos_ in NOUN_POS)
        support = cand.support
        if not actors and support is not None and support.dep_ == "acl" and support.head == trig:
            actors.extend(_agents(support))  # "sanctions imposed *by the EU*"
        elif not actors and support is None:
            # "a deal brokered *by Turkey*", "strikes carried out *by Russia*":
            # the by-agent of the noun's own participle, whatever verb it is
            actors.extend(t for c in trig.children if c.dep_ == "acl" and c.tag_ == "VBN" for t in _agents(c))
        elif not actors and support is not None:
            subjects, passive = _subject_of(support, res)
            if not passive:
                actors.extend(_resolve_pronouns(subjects, res))
            else:
                actors.extend(_agents(support))
                if not actors and cand.event in res.words("passive_subject_actor_types"):
                    actors.extend(subjects)  # "troops were put on high alert": their own side's move
        if reciprocal and not owner:
            # "the meeting *of Lukashenko* with Putin": the of-phrase names a side
            actors.extend(p for _prep, p in _prep_objects(trig, frozenset({"of"})) if p.pos_ == "PROPN" or p.ent_type_ in ("GPE", "PERSON", "ORG", "NORP"))
        for prep, pobj in _prep_objects(trig, NOUN_RECIPIENT_PREPS | PARTICIPANT_PREPS):
            if reciprocal and prep in PARTICIPANT_PREPS:
                actors.append(pobj)
                if prep == "with" or pobj.dep_ == "conj":  # "with X", "between W and *X*"
                    counterparts.append(pobj)
            elif prep in ("between", "among", "amongst") and (not actors or reciprocal):
                # two-sided violence and meetings: every party is an actor; the
                # parties after the first are its counterparts
                actors.append(pobj)
                if pobj.dep_ == "conj":
                    counterparts.append(pobj)
                reciprocal = True
            elif prep in NOUN_RECIPIENT_PREPS and prep not in ("in", "over", "for"):
                recipients.append(pobj)
            elif prep == "for" and cand.event in argument_words()["beneficiary_for_types"] and _party_like(pobj, res):
                # "support *for Ukraine*", "aid for Kyiv" (not "calls for talks")
                recipients.append(pobj)
        if not recipients and theme_of:
            # "the release *of Maria Kolesnikova*", "the return of Ukrainian
            # children": who (or whose things) is yielded receives
            recipients.extend(p for _prep, p in _prep_objects(trig, frozenset({"of"})) if p.pos_ in NOUN_POS)
        if not recipients and cand.event in res.words("patient_of_types"):
            # "Russia's invasion *of Ukraine*", "the arrest *of the mayor*":
            # the of-phrase of an act done to someone names who it is done to
            # (not the word the lexicon entry asked for: "a state *of emergency*")
            recipients.extend(
                p for _prep, p in _prep_objects(trig, frozenset({"of"}))
                if p.pos_ in NOUN_POS and lemma(p) not in cand.entry.object
            )
        if reciprocal and support is None and actors and not owner:
            # "during a call with Putin": the clause's subject is the other party
            # (not the trigger itself: "talks between X and Y resumed")
            actors = [t for t in _clause_subject(trig, res) if t != trig] + actors
        governor = support
        if governor is None and trig.dep_ in ("dobj", "obj") and trig.head.pos_ in VERB_POS:
            # "reduced military aid to Argentina": the goal hangs on the verb
            governor = trig.head
        if not recipients:
            # "staged a hunger strike *in protest against* the arrests": the phrase
            # of a protest noun on the noun or its verb names whom it is against
            recipients.extend(
                p for node in (trig, governor) if node is not None
                for _prep, noun in _prep_objects(node, frozenset({"in"}))
                if lemma(noun) in res.words("protest_phrase_nouns")
                for _p, p in _prep_objects(noun, res.words("protest_phrase_preps"))
            )
        if governor is not None and not recipients:
            for prep, pobj in _prep_objects(governor, frozenset({"to", "against", "on", "with"})):
                if pobj == trig:
                    continue  # "replied *to a request*": the trigger's own phrase
                if reciprocal and prep == "with":
                    actors.append(pobj)
                    counterparts.append(pobj)
                elif prep != "with" or governor is support:
                    recipients.append(pobj)
    if (
        not counterparts
        and not passive
        and cand.event in res.words("mutual_types")
        and len(subjects) > 1
        and all(s.dep_ in SUBJECT_DEPS or s.dep_ == "conj" for s in subjects)
    ):
        # "Jordan and Britain agreed to …": each side agrees with the other
        counterparts.extend(subjects[1:])
    cand.actor_tokens = _dedupe(_with_examples(actors, res))
    cand.recipient_tokens = [t for t in _dedupe(_with_examples(recipients, res)) if t not in cand.actor_tokens]
    cand.counterpart_tokens = [t for t in _dedupe(counterparts) if t in cand.actor_tokens]
    cand.reciprocal = reciprocal


def _with_examples(tokens: list[Token], res: Resources) -> list[Token]:
    """Each token followed by the parties a common noun lists as its examples
    ("deployed troops to *countries like Poland and Romania*", "allies
    *including* the UK", "states *such as* Latvia"): the noun alone names none."""
    out: list[Token] = []
    for token in tokens:
        out.append(token)
        if token.pos_ != "NOUN":
            continue
        for prep in _children(token, ("prep",)):
            if prep.lower_ not in EXAMPLE_PREPS or (
                prep.lower_ == "as" and (prep.i == 0 or prep.nbor(-1).lower_ != "such")
            ):
                continue
            for pobj in _children(prep, ("pobj",)):
                out.extend(t for t in _all_conjuncts(pobj) if _party_like(t, res))
    return out


def _dedupe(tokens: list[Token]) -> list[Token]:
    """Each token once; no function words, and no dates ("met *on Tuesday*")."""
    seen: set[int] = set()
    out = []
    for token in tokens:
        if token.i not in seen and token.pos_ not in ("DET", "ADP", "PUNCT") and token.ent_type_ not in TIME_ENTS:
            seen.add(token.i)
            out.append(token)
    return out
