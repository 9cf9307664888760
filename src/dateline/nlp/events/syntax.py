"""Event mentions from the dependency parse: triggers, arguments, auxiliary modes.

This layer sees only spaCy tokens and the lexicon: it says *which words* report
an event, *which noun phrases* are its actor and recipient, and which auxiliary
modes hold. Resolving noun phrases to actors, dating and merging happen in
:mod:`dateline.nlp.events.build`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from dateline.nlp.events.resources import Resources, Trigger

if TYPE_CHECKING:
    from spacy.tokens import Span as SpacySpan
    from spacy.tokens import Token

SUBJECT_DEPS = frozenset({"nsubj", "csubj"})
PASSIVE_SUBJECT_DEPS = frozenset({"nsubjpass", "csubjpass"})
OBJECT_DEPS = frozenset({"dobj", "obj", "dative", "attr"})
# Dependencies that stop the walk from a trigger up to the event that embeds it:
# a relative clause or adverbial clause is its own statement, not the content
# of a demand or refusal.
CLAUSE_BOUNDARIES = frozenset({"relcl", "advcl", "parataxis", "ROOT"})
CONTENT_DEPS = frozenset({"xcomp", "ccomp", "dobj", "pobj", "prep", "acl", "compound", "amod", "conj", "appos", "nmod", "poss"})
NP_CUT_DEPS = frozenset({"prep", "relcl", "acl", "appos", "punct", "cc", "conj", "advcl", "parataxis"})
RECIPIENT_PREPS = frozenset({"to", "against", "on", "at", "with", "toward", "towards", "into", "upon", "from", "for", "in"})
NOUN_RECIPIENT_PREPS = frozenset({"to", "against", "on", "at", "with", "toward", "towards", "into", "upon", "for", "in", "over"})
PARTICIPANT_PREPS = frozenset({"with", "between", "among", "amongst"})
VERB_POS = frozenset({"VERB", "AUX"})
NOUN_POS = frozenset({"NOUN", "PROPN"})
DEFINITE = frozenset({"the", "this", "that", "these", "those"})
TIME_ENTS = frozenset({"DATE", "TIME"})
# third-person pronouns a reported clause uses for its speaker ("X said it would")
REPORTED_PRONOUNS = {"it": "thing", "its": "thing", "he": "person", "his": "person", "she": "person", "her": "person", "they": "group", "their": "group"}
FIRST_PERSON = frozenset({"i", "we", "me", "us", "my", "our", "myself", "ourselves"})


@dataclass
class Candidate:
    """One event mention found in the parse (token indices into the Doc)."""

    trigger: Token
    entry: Trigger
    event: str
    mode: str | None
    support: Token | None = None  # the verb a noun trigger is the object of
    actor_tokens: list[Token] = field(default_factory=list)
    recipient_tokens: list[Token] = field(default_factory=list)
    # the other side of a two-sided event, kept in ``actor_tokens`` too ("met
    # *Scholz*", "talks *with Putin*", "Paris and *Berlin* agreed"): who the
    # first-named party acted with, for readers that want actor -> recipient
    counterpart_tokens: list[Token] = field(default_factory=list)
    reciprocal: bool = False
    aux: set[str] = field(default_factory=set)
    hedged: bool = False
    definite: bool = False
    possessive_actor: bool = False
    relative_object: Token | None = None  # "which" in "which Kyiv rejected"
    scope: tuple[int, int] = (0, 0)  # token range whose words give context, mode, size

    @property
    def start(self) -> int:
        return int(self.trigger.idx)

    @property
    def end(self) -> int:
        return int(self.trigger.idx + len(self.trigger.text))

    @property
    def anchor(self) -> Token:
        """The clause head: the support verb of a noun trigger, else the trigger."""
        return self.support if self.support is not None else self.trigger


def lemma(token: Token) -> str:
    return str(token.lemma_).lower()


def _children(token: Token, deps: Iterable[str]) -> list[Token]:
    wanted = set(deps)
    return [c for c in token.children if c.dep_ in wanted]


def _with_conjuncts(token: Token) -> list[Token]:
    return [token, *[c for c in token.conjuncts if c.i > token.i]]


def _object_lemmas(token: Token) -> set[str]:
    """Lemmas that fill a trigger's object slot, for lexicon constraints."""
    found: set[str] = set()
    heads = [token]
    for child in token.children:
        if child.dep_ in ("ccomp", "xcomp") and child.pos_ in NOUN_POS | VERB_POS:
            found.add(lemma(child))  # a mis-parsed object noun ("proposing a counteroffer")
        if child.dep_ in ("dobj", "obj", "attr", "nsubjpass", "compound", "amod", "nmod", "poss"):
            heads.append(child)
            found.add(lemma(child))
            found.update(lemma(c) for c in child.children if c.dep_ in ("compound", "amod", "nmod"))
            for grand in child.children:
                if grand.dep_ == "prep" and grand.lower_ in ("of", "in", "on", "to"):
                    found.update(lemma(p) for p in grand.children if p.dep_ == "pobj")
        if child.dep_ == "prep" and child.lower_ in ("of", "in", "on", "over"):
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    found.add(lemma(pobj))
                    found.update(lemma(c) for c in pobj.children if c.dep_ in ("compound", "amod"))
    if token.dep_ in ("compound", "amod"):
        found.add(lemma(token.head))
    return found


def _subject_lemmas(token: Token) -> set[str]:
    return {lemma(c) for c in token.children if c.dep_ in SUBJECT_DEPS | PASSIVE_SUBJECT_DEPS}


def _particles(token: Token) -> set[str]:
    return {c.lower_ for c in token.children if c.dep_ in ("prt", "prep", "advmod")}


def _match_entry(token: Token, entries: tuple[Trigger, ...]) -> Trigger | None:
    objects = subjects = particles = None
    for entry in entries:
        if entry.plural and token.tag_ not in ("NNS", "NNPS"):
            continue
        if entry.object:
            objects = _object_lemmas(token) if objects is None else objects
            if not entry.object & objects:
                continue
        if entry.subject:
            subjects = _subject_lemmas(token) if subjects is None else subjects
            if not entry.subject & subjects:
                continue
        if entry.prep:
            particles = _particles(token) if particles is None else particles
            if not entry.prep & particles:
                continue
        if entry.not_subject:
            subjects = _subject_lemmas(token) if subjects is None else subjects
            if entry.not_subject & subjects:
                continue
        if entry.not_object:
            objects = _object_lemmas(token) if objects is None else objects
            if entry.not_object & objects:
                continue
        if not entry.passive and _passive_use(token):
            continue
        return entry
    return None


def _passive_use(token: Token) -> bool:
    """A verb in the passive ("was asked") or a bare participle with no subject
    ("when asked about ...", "asked whether ...")."""
    if token.pos_ not in VERB_POS:
        return False
    if any(c.dep_ in PASSIVE_SUBJECT_DEPS or c.dep_ == "auxpass" for c in token.children):
        return True
    return token.tag_ == "VBN" and token.dep_ in ("advcl", "ROOT", "acl") and not _children(token, SUBJECT_DEPS)


def _coarse_pos(token: Token) -> str | None:
    if token.pos_ in VERB_POS:
        return "VERB"
    if token.pos_ in NOUN_POS:
        return "NOUN"
    if token.pos_ == "ADJ":
        return "ADJ"
    return None


def find_triggers(sent: SpacySpan, res: Resources) -> list[Candidate]:
    """Lexicon triggers in one sentence, before filtering."""
    found: list[Candidate] = []
    for token in sent:
        pos = _coarse_pos(token)
        if pos is None or not token.is_alpha and "-" not in token.text:
            continue
        # An all-caps word that spaCy tags as a proper noun (a headline, an
        # acronym) is not read as a noun trigger unless the lemma is clearly one.
        entry = None
        if pos == "NOUN":
            prev = token.doc[token.i - 1] if token.i > sent.start else None
            if prev is not None and prev.dep_ == "compound":
                key = f"{lemma(prev)} {lemma(token)}"
                for compound in res.compounds.get(lemma(token), ()):
                    if compound.lemma == key:
                        entry = compound
                        break
        if entry is None:
            entries = res.triggers.get((lemma(token), pos))
            if not entries and pos == "ADJ":
                entries = res.triggers.get((token.lower_, pos))
            if not entries and pos == "NOUN" and token.pos_ == "PROPN":
                continue
            if not entries and token.tag_ in ("VBN", "VBG") and pos == "ADJ":
                entries = res.triggers.get((lemma(token), "VERB"))
            if not entries:
                continue
            entry = _match_entry(token, entries)
        if entry is None:
            continue
        found.append(Candidate(token, entry, entry.event, entry.mode))
    return found


def _support_verb(noun: Token, res: Resources) -> Token | None:
    """The verb a noun trigger is the object of: "launched a strike", "signed off
    on deliveries", "expressed disappointment" (through conjuncts and one
    argument-like preposition). A noun in a circumstantial phrase ("during a
    call", "despite the call") has no support verb."""
    support_verbs = res.words("support_verbs")
    argument_preps = res.words("support_preps")
    node = noun
    for _ in range(4):
        if node.dep_ == "conj" and node.head.pos_ in NOUN_POS:
            node = node.head
            continue
        if node.dep_ == "pobj" and node.head.dep_ == "prep":
            prep = node.head
            head = prep.head
            if head.pos_ in VERB_POS and prep.lower_ in argument_preps:
                return head
            if head.pos_ in NOUN_POS and prep.lower_ == "to" and head.dep_ in ("pobj", "conj"):
                # "deliveries to Ukraine or new sanctions": a conjunct misattached
                # inside the first noun's phrase
                node = head
                continue
            return None
        if node.dep_ in ("dobj", "obj", "attr", "oprd", "nsubjpass"):
            head = node.head
            if head.pos_ in VERB_POS and lemma(head) in support_verbs:
                return head
            return None
        break
    return None


def _embedding_trigger(cand: Candidate, by_token: dict[int, Candidate], res: Resources) -> Candidate | None:
    """The trigger whose content this one is ("urged Zelenskiy to *accept*",
    "demanding ... a *pledge*", "accept any *deal* that does not *recognise*"),
    or None when it stands on its own."""
    content_preps = res.words("content_preps")
    node = cand.trigger
    for _ in range(12):
        dep = node.dep_
        if dep in CLAUSE_BOUNDARIES or node.head == node:
            return None
        if dep == "relcl" and any(
            c.dep_ in SUBJECT_DEPS | PASSIVE_SUBJECT_DEPS and c.tag_ not in ("WDT", "WP")
            for c in node.children
        ):
            return None  # "..., which Kyiv rejected": a statement of its own
        if dep == "prep" and node.lower_ not in content_preps:
            return None
        if dep not in CONTENT_DEPS and dep not in ("pcomp", "dative", "oprd", "relcl"):
            return None
        node = node.head
        other = by_token.get(node.i)
        if other is not None and other is not cand:
            spec = res.types[other.event]
            if spec.takes_content:
                return other
            if other.entry.pos == "VERB" and cand.entry.pos == "NOUN" and cand.trigger.head == other.trigger and cand.trigger.dep_ in OBJECT_DEPS:
                return other
            return None
    return None


def _subject_of(verb: Token, res: Resources, depth: int = 0) -> tuple[list[Token], bool]:
    """Subject tokens of a verb (following xcomp/conj/advcl up), and whether the
    clause is passive (then these tokens are the patient)."""
    subjects = _children(verb, SUBJECT_DEPS)
    if subjects and verb.dep_ == "relcl" and all(s.tag_ in ("WDT", "WP") for s in subjects):
        return [verb.head], False
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
        return [head], False
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
            # "Trump is expected to speak": the raised subject acts
            return raised, was_passive and verb.dep_ != "xcomp"
        if head.dep_ == "prep" and head.head.pos_ in VERB_POS:
            return _subject_of(head.head, res, depth + 1)
    return [], False


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
    closed = any(t.dep_ == "mark" and t.lower_ == "that" for t in reported.children) or any(
        t.is_punct and t.nbor(1).dep_ == "cc" for t in between if t.i + 1 < verb.i
    )
    if not closed:
        return []
    speakers, passive = _subject_of(say, res)
    return [] if passive else speakers


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
    return [
        c
        for c in noun.children
        if c.dep_ in ("compound", "amod", "nmod")
        and (c.pos_ == "PROPN" or c.ent_type_ in ("NORP", "GPE", "ORG", "PERSON"))
    ]


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


def _speaker_antecedent(pron: Token, res: Resources) -> Token | None:
    """The reporting verb's subject a pronoun in the reported clause stands for:
    "the UN said *it* will investigate", "officials say *they* opened". Only a
    single noun subject that agrees with the pronoun; None otherwise."""
    kind = REPORTED_PRONOUNS.get(pron.lower_)
    if kind is None or pron.pos_ != "PRON":
        return None
    node = pron.head
    for _ in range(8):
        if node.pos_ in VERB_POS or node.head == node:
            break
        node = node.head
    for _ in range(5):
        head = node.head
        if node.dep_ == "ccomp" and head.pos_ in VERB_POS and lemma(head) in res.words("speech_verbs"):
            subjects = _children(head, SUBJECT_DEPS)
            if len(subjects) == 1 and subjects[0].pos_ in NOUN_POS and _agrees(kind, subjects[0], res):
                return subjects[0]
            return None
        if node.dep_ not in ("conj", "xcomp", "advcl", "ccomp") or head == node:
            return None
        node = head
    return None


def _possessive_antecedent(pron: Token, noun: Token, res: Resources) -> Token | None:
    """"The OIC expressed *its* rejection": a possessive pronoun on a nominal
    event stands for the subject of the clause the noun is in, when they agree."""
    kind = REPORTED_PRONOUNS.get(pron.lower_)
    if kind is None:
        return None
    subjects = [t for t in _clause_subject(noun, res) if t.pos_ in NOUN_POS]
    if len(subjects) == 1 and _agrees(kind, subjects[0], res):
        return subjects[0]
    return _speaker_antecedent(pron, res)


def _resolve_pronouns(tokens: list[Token], res: Resources, noun: Token | None = None) -> list[Token]:
    out = []
    for token in tokens:
        found = None
        if token.pos_ == "PRON":
            if noun is not None and token.dep_ == "poss":
                found = _possessive_antecedent(token, noun, res)
            else:
                found = _speaker_antecedent(token, res)
        out.append(found if found is not None else token)
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
        else:
            actors.extend(_resolve_pronouns(subjects, res))
            objects = _children(trig, ("dobj", "obj", "dative"))
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
        if not actors and cand.event in res.words("from_actor_types"):
            # "criticism *from the UN*", "threats *from Iran*", "donations *from Ireland*"
            actors.extend(p for _prep, p in _prep_objects(trig, frozenset({"from"})) if p.pos_ in NOUN_POS)
        support = cand.support
        if not actors and support is not None:
            subjects, passive = _subject_of(support, res)
            if not passive:
                actors.extend(_resolve_pronouns(subjects, res))
            else:
                actors.extend(_agents(support))
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
        if not recipients and cand.event in res.words("patient_of_types"):
            # "Russia's invasion *of Ukraine*", "the arrest *of the mayor*":
            # the of-phrase of an act done to someone names who it is done to
            recipients.extend(p for _prep, p in _prep_objects(trig, frozenset({"of"})) if p.pos_ in NOUN_POS)
        if reciprocal and support is None and actors and not owner:
            # "during a call with Putin": the clause's subject is the other party
            # (not the trigger itself: "talks between X and Y resumed")
            actors = [t for t in _clause_subject(trig, res) if t != trig] + actors
        governor = support
        if governor is None and trig.dep_ in ("dobj", "obj") and trig.head.pos_ in VERB_POS:
            # "reduced military aid to Argentina": the goal hangs on the verb
            governor = trig.head
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
    cand.actor_tokens = _dedupe(actors)
    cand.recipient_tokens = [t for t in _dedupe(recipients) if t not in cand.actor_tokens]
    cand.counterpart_tokens = [t for t in _dedupe(counterparts) if t in cand.actor_tokens]
    cand.reciprocal = reciprocal


def _dedupe(tokens: list[Token]) -> list[Token]:
    """Each token once; no function words, and no dates ("met *on Tuesday*")."""
    seen: set[int] = set()
    out = []
    for token in tokens:
        if token.i not in seen and token.pos_ not in ("DET", "ADP", "PUNCT") and token.ent_type_ not in TIME_ENTS:
            seen.add(token.i)
            out.append(token)
    return out


def aux_modes(cand: Candidate, res: Resources) -> None:
    """Negation, future, hypothetical; hedging. Historical needs dates (build)."""
    cues = res.cues
    neg_dets = frozenset(cues["negation"]["determiners"])
    neg_adverbs = frozenset(cues["negation"]["adverbs"])
    neg_governors = frozenset(cues["negation"]["governors"])
    future_aux = frozenset(cues["future"]["aux"])
    future_gov = frozenset(cues["future"]["governors"])
    future_amods = frozenset(cues["future"]["amods"])
    hyp_marks = frozenset(cues["hypothetical"]["marks"])
    hyp_aux = frozenset(cues["hypothetical"]["aux"])
    hyp_gov = frozenset(cues["hypothetical"]["governors"])
    hedges = frozenset(cues["hedges"])
    aux: set[str] = set()
    trig = cand.trigger
    chain = [trig]
    if cand.support is not None:
        chain.append(cand.support)
    negated = False
    for node in chain:
        for child in node.children:
            low = child.lower_
            if child.dep_ == "neg" or (child.dep_ == "advmod" and low in neg_adverbs) or child.dep_ == "det" and low in neg_dets and node.pos_ in NOUN_POS:
                negated = True
            elif child.dep_ in ("aux",) and low in future_aux | {"wo"}:
                aux.add("future")
            elif child.dep_ in ("aux",) and low in hyp_aux or child.dep_ == "mark" and low in hyp_marks:
                aux.add("hypothetical")
            elif child.dep_ == "amod" and low in future_amods and node.pos_ in NOUN_POS:
                aux.add("future")
            if low in hedges or lemma(child) in hedges:
                cand.hedged = True
    # the noun object of a negated verb: "made no mention", "has not signed off on any deliveries"
    if cand.support is None and trig.pos_ in NOUN_POS:
        for child in trig.children:
            if child.dep_ == "det" and child.lower_ in neg_dets:
                negated = True
    # "invasion fears", "attack threat": a feared or threatened event
    if trig.dep_ == "compound" and lemma(trig.head) in hyp_gov:
        aux.add("hypothetical")
    # governors up the clause chain: "is expected to speak", "failed to", "if they attack"
    node = cand.anchor
    for _ in range(4):
        if node.dep_ not in ("xcomp", "ccomp", "pcomp", "advcl", "acl", "pobj", "prep", "conj", "relcl"):
            break
        if node.dep_ == "relcl":
            # "any deal that does not ...": a relative clause on an indefinite
            # "any" noun describes a hypothetical thing
            head = node.head
            if any(c.lower_ == "any" for c in head.children if c.dep_ == "det"):
                aux.add("hypothetical")
            break
        for child in node.children:
            if child.dep_ == "mark" and child.lower_ in hyp_marks:
                aux.add("hypothetical")
        head = node.head
        head_lemma = lemma(head)
        if node.dep_ == "xcomp" and head_lemma in future_gov:
            aux.add("future")
        elif node.dep_ == "xcomp" and head_lemma in neg_governors:
            negated = True
        elif node.dep_ in ("xcomp", "acl", "ccomp") and head_lemma in hyp_gov and head != cand.trigger:
            aux.add("hypothetical")
        for child in head.children:
            if child.dep_ == "aux" and child.lower_ in future_aux and node.dep_ == "xcomp":
                aux.add("future")
            if child.lower_ in hedges or lemma(child) in hedges:
                cand.hedged = True
        if node.dep_ == "advcl":
            break
        node = head
    for token in cand.trigger.sent:
        # "forces reportedly had secured": the adverb may hang on the subject
        if token.lower_ in hedges and token.dep_ == "advmod" and (token.head in chain or token.head.head in chain):
            cand.hedged = True
    if negated:
        if cand.entry.negated:
            cand.event = cand.entry.negated
            cand.mode = None
        else:
            aux.add("negation")
    cand.aux = aux


def is_definite(token: Token) -> bool:
    return any(c.dep_ in ("det", "poss") and (c.lower_ in DEFINITE or c.dep_ == "poss") for c in token.children)


def scope_of(cand: Candidate) -> tuple[int, int]:
    """Token range read for mode, context and casualty words: the clause of the
    trigger without its relative and adverbial clauses."""
    head = cand.anchor
    lo, hi = head.i, head.i + 1
    stack = [head]
    while stack:
        node = stack.pop()
        lo, hi = min(lo, node.i), max(hi, node.i + 1)
        for child in node.children:
            if child.dep_ in ("relcl", "advcl", "parataxis", "ccomp") and child != cand.trigger:
                continue
            stack.append(child)
    return lo, hi


def _shouting(sent: SpacySpan) -> bool:
    words = [t.text for t in sent if t.is_alpha and len(t.text) > 1]
    return len(words) >= 3 and all(w.isupper() for w in words)


def candidates(sent: SpacySpan, res: Resources) -> Iterator[Candidate]:
    """Event mentions of one sentence, with arguments and auxiliary modes."""
    if _shouting(sent):
        # an all-caps headline parses as a string of proper nouns: nothing in
        # it can be read reliably, so nothing is coded from it
        return
    found = find_triggers(sent, res)
    if not found:
        return
    for cand in found:
        if cand.entry.pos == "NOUN":
            cand.support = _support_verb(cand.trigger, res)
            cand.definite = is_definite(cand.trigger)
    by_token = {c.trigger.i: c for c in found}
    kept = []
    for cand in found:
        if _embedding_trigger(cand, by_token, res) is not None:
            continue
        kept.append(cand)
    # a noun trigger whose support verb is itself a trigger is that verb's object
    # ("halted the delivery"): the verb's event stands for both
    verb_triggers = {c.trigger.i for c in kept if c.entry.pos == "VERB"}
    for cand in kept:
        if cand.entry.pos == "NOUN" and cand.support is not None and cand.support.i in verb_triggers:
            continue
        arguments(cand, res)
        if cand.entry.participants and not (cand.reciprocal and len(cand.actor_tokens) > 1) and not cand.possessive_actor:
            continue
        aux_modes(cand, res)
        cand.scope = scope_of(cand)
        yield cand
