"""Event mentions from the dependency parse: triggers, arguments, auxiliary modes.

This layer sees only spaCy tokens and the lexicon: it says *which words* report
an event, *which noun phrases* are its actor and recipient, and which auxiliary
modes hold; which noun phrases are its actor and recipient is found by
:mod:`dateline.nlp.events.arguments`. Resolving noun phrases to actors
(:mod:`dateline.nlp.events.parties`), dating and merging happen in
:mod:`dateline.nlp.events.build`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from dateline.backbone import per_sentence
from dateline.nlp.events.resources import Resources, Trigger
from dateline.nlp.time.grammar import load_grammar

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
VERB_POS = frozenset({"VERB", "AUX"})
NOUN_POS = frozenset({"NOUN", "PROPN"})
DEFINITE = frozenset({"the", "this", "that", "these", "those"})


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
    refusal: bool = False  # a negated act read as a refusal made now (REJECT, no future mark)

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


def infinitive_marker(verb: Token) -> Token | None:
    """The "to" of a marked infinitive ("plans *to* attack"), None for any other verb."""
    return next((c for c in verb.children if c.dep_ == "aux" and c.lower_ == "to"), None)


def to_infinitive(verb: Token) -> bool:
    """A marked infinitive: "plans *to attack*"."""
    return infinitive_marker(verb) is not None


def _children(token: Token, deps: Iterable[str]) -> list[Token]:
    wanted = set(deps)
    return [c for c in token.children if c.dep_ in wanted]


def _with_conjuncts(token: Token) -> list[Token]:
    return [token, *[c for c in token.conjuncts if c.i > token.i]]


# Entity types an object constraint can name as "ent:TYPE" (people, not things)
OBJECT_ENTS = frozenset({"PERSON", "NORP"})
OBJECT_ENT_DEPS = frozenset({"dobj", "obj", "nsubjpass"})


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
            if child.dep_ in OBJECT_ENT_DEPS and child.ent_type_ in OBJECT_ENTS:
                # a named person or people as the object ("released *12 Armenians*")
                found.add(f"ent:{child.ent_type_}")
            # a currency sign before a number object ("gave *$* 2 million"): the money
            found.update(
                lemma(c) for c in child.children
                if c.dep_ in ("compound", "amod", "nmod") or (c.dep_ == "quantmod" and c.pos_ == "SYM")
            )
            for grand in child.children:
                if grand.dep_ == "prep" and grand.lower_ in ("of", "in", "on", "to"):
                    found.update(lemma(p) for p in grand.children if p.dep_ == "pobj")
        if child.dep_ == "prep" and child.lower_ in ("of", "in", "on", "over"):
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    found.add(lemma(pobj))
                    if child.lower_ == "of" and pobj.ent_type_ in OBJECT_ENTS:
                        found.add(f"ent:{pobj.ent_type_}")  # "the release *of Maria Kolesnikova*"
                    found.update(lemma(c) for c in pobj.children if c.dep_ in ("compound", "amod"))
    if token.dep_ in ("compound", "amod"):
        found.add(lemma(token.head))
    return found


def withholds(trig: Token) -> bool:
    """A verb with a direct object, or a noun ("the release of"): what a refusal withholds."""
    return trig.pos_ in NOUN_POS or any(c.dep_ == "dobj" for c in trig.children)


def _with_lemmas(token: Token) -> set[str]:
    """Heads of a trigger's "with" phrase ("agreed *with* that assessment")."""
    return {lemma(p) for c in token.children if c.dep_ == "prep" and c.lower_ == "with" for p in c.children if p.dep_ == "pobj"}


QUOTE_MARKS = frozenset({'"', "\u201c", "\u201d", "''", "``", "\u2019", "'"})


def use_senses(token: Token, res: Resources) -> set[str]:
    """The uses of a trigger word that are not its event (cues "use_senses"; a
    trigger entry's ``not_use`` names those that rule its reading out):
    "question", a verb whose complement asks ("asked *whether* he sees", "asked
    *what* would happen"); "quote_tag", a verb that only reports a quote before
    it ('"Exactly!" the head of state *agreed*'); "prediction", a verb whose
    that-clause foresees or reports what someone else may do or did, with no
    addressee and no threat in it ("*warned that* an invasion could begin"; not
    "warned Moscow that", "warned that we will respond", "warned that if X
    attacks ..."); "contribution", a verb with a bare verb complement and no
    object ("to *help* end the war", "has not *helped* to concentrate");
    "press", a noun of the call or briefing in which someone told the press
    ("told reporters during a phone *call*"); "topic", a verb that only says
    what it is about, with no one to talk with ("*talked about* the war");
    "attributive", a participle before a noun that names a state, not the act
    ("the *occupied* territories"); "naming", a verb with an object predicate
    ("*called* Putin a war criminal": no phone call)."""
    cues = res.cues["use_senses"]
    if token.pos_ in NOUN_POS:
        return {"press"} if _press_call(token, cues) else set()
    if token.dep_ == "amod" and token.tag_ in ("VBN", "JJ"):
        return {"attributive"}
    if token.pos_ not in VERB_POS:
        return set()
    senses: set[str] = set()
    if any(c.dep_ == "oprd" for c in token.children):
        senses.add("naming")
    clauses = [c for c in token.children if c.dep_ in ("ccomp", "parataxis")]
    if any(_asks(c, cues) for c in clauses):
        senses.add("question")
    objects = [c for c in token.children if c.dep_ in ("dobj", "obj", "dative")]
    if not objects and not any(c.dep_ in ("xcomp", "prep", "attr") for c in token.children):
        # a closing quote just before the subject ('..." the head of state
        # agreed') or before the verb ('..." agreed the minister')
        subject = min((c.left_edge.i for c in token.children if c.dep_ in SUBJECT_DEPS), default=token.i)
        if any(token.doc[j].text in QUOTE_MARKS for j in range(max(0, subject - 2), subject)):
            senses.add("quote_tag")
    preps = {c.lower_ for c in token.children if c.dep_ in ("prep", "agent")}
    if not objects and preps & set(cues["topic_preps"]) and not preps & set(cues["party_preps"]):
        senses.add("topic")
    if not objects and any(_predicts(c, cues) for c in clauses):
        senses.add("prediction")
    if not objects and any(
        c.dep_ in ("xcomp", "ccomp") and c.pos_ in VERB_POS and not _marks(c) and not any(s.dep_ in SUBJECT_DEPS for s in c.children)
        for c in token.children
    ):
        senses.add("contribution")
    return senses


def _press_call(noun: Token, cues: dict[str, list[str]]) -> bool:
    """"told reporters during a phone call", "said in a call with journalists"."""
    press = set(cues["press_audiences"])
    if any(lemma(p) in press for c in noun.children if c.dep_ == "prep" for p in c.children if p.dep_ == "pobj"):
        return True
    if noun.dep_ != "pobj" or noun.head.dep_ != "prep":
        return False
    verb = noun.head.head
    return verb.pos_ in VERB_POS and any(
        lemma(c) in press or (c.dep_ == "prep" and any(lemma(p) in press for p in c.children if p.dep_ == "pobj"))
        for c in verb.children if c.dep_ in ("dobj", "dative", "obj", "prep")
    )


def _asks(clause: Token, cues: dict[str, list[str]]) -> bool:
    """A complement that asks: a wh- question ("asked *what* would happen"), or
    a yes/no one that is no polite request ("asked *whether* he sees", not
    "asked whether they *could* send tanks")."""
    first = clause.left_edge.lower_
    if first in cues["question_openers"]:
        return True
    if not ({first} | _marks(clause)) & set(cues["yes_no_openers"]):
        return False
    return not any(c.dep_ == "aux" and c.lower_ in cues["request_aux"] for c in clause.children)


def _marks(clause: Token) -> set[str]:
    return {c.lower_ for c in clause.children if c.dep_ == "mark"}


def _predicts(clause: Token, cues: dict[str, list[str]]) -> bool:
    """A that-clause that foresees or reports someone else's act ("an invasion
    *could* begin", "Russia *had* taken steps", "the army *needs* to come"), not a
    threat (first-person subject, a condition, a word of retaliation)."""
    words = {lemma(t) for t in clause.subtree}
    if words & set(cues["threat_content"]) or any(m.lower_ in ("if", "unless") for t in clause.subtree for m in t.children if m.dep_ == "mark"):
        return False
    if any(c.dep_ in SUBJECT_DEPS | PASSIVE_SUBJECT_DEPS and c.lower_ in cues["first_person"] for c in clause.children):
        return False
    auxes = {c.lower_ for c in clause.children if c.dep_ in ("aux", "auxpass")}
    return bool(auxes & set(cues["prediction_aux"])) or clause.tag_ in ("VBD",) or lemma(clause) in cues["prediction_verbs"]


def _subject_lemmas(token: Token) -> set[str]:
    return {lemma(c) for c in token.children if c.dep_ in SUBJECT_DEPS | PASSIVE_SUBJECT_DEPS}


def _particles(token: Token) -> set[str]:
    # "agent": the "by" of a passive ("was attacked *by* drones"), which spaCy
    # labels apart from other prepositions; a lexicon ``prep: ["by"]`` means it too
    found = {
        c.lower_ for c in token.children
        if c.dep_ in ("prt", "prep", "advmod", "agent") and not (c.dep_ == "prep" and _time_phrase(c))
    }
    # "calling for the mission to be allowed": "for" marks an infinitive clause
    found.update(
        m.lower_ for c in token.children if c.dep_ in ("ccomp", "advcl", "xcomp") for m in c.children if m.dep_ == "mark" and m.lower_ == "for"
    )
    return found


@lru_cache(maxsize=1)
def _time_words() -> frozenset[str]:
    lexicon = load_grammar().lexicon
    return frozenset(lexicon["weekdays_full_only"]) | frozenset(lexicon["months"])


def _time_phrase(prep: Token) -> bool:
    """A preposition whose object is a date or a time ("called *on Tuesday*",
    "met *on 3 March*"): it says when, so it never satisfies a lexicon ``prep``
    constraint ("call on" a party, "fired on" a convoy)."""
    objects = [c for c in prep.children if c.dep_ == "pobj"]
    return bool(objects) and all(
        o.ent_type_ in ("DATE", "TIME")
        or (o.lower_ in _time_words() and o.ent_type_ not in ("PERSON", "ORG", "GPE", "NORP"))
        for o in objects
    )


def _match_entry(token: Token, entries: tuple[Trigger, ...], res: Resources) -> Trigger | None:
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
        if entry.not_with and entry.not_with & _with_lemmas(token):
            continue
        if entry.not_use and use_senses(token, res) & entry.not_use:
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
    pos = token.pos_  # (each read of pos_ is a string-store lookup)
    if pos in VERB_POS:
        return "VERB"
    if pos in NOUN_POS:
        return "NOUN"
    if pos == "ADJ":
        return "ADJ"
    return None


def trigger_tokens(sent: SpacySpan, res: Resources) -> set[int]:
    """The indices of :func:`find_triggers`' tokens in ``sent`` (remembered from its
    last run on the sentence: the open candidates ask after the lexicon's did)."""
    known = sent.doc.user_data.get("dateline_trigger_tokens", {}).get((id(res), sent.start, sent.end))
    return set(known) if known is not None else {c.trigger.i for c in find_triggers(sent, res)}


def find_triggers(sent: SpacySpan, res: Resources) -> list[Candidate]:
    """Lexicon triggers in one sentence, before filtering."""
    found = _find_triggers(sent, res)
    known = sent.doc.user_data.setdefault("dateline_trigger_tokens", {})
    known[(id(res), sent.start, sent.end)] = frozenset(c.trigger.i for c in found)
    return found


def _find_triggers(sent: SpacySpan, res: Resources) -> list[Candidate]:
    found: list[Candidate] = []
    for token in sent:
        pos = _coarse_pos(token)
        if pos is None or not token.is_alpha and "-" not in token.text:
            continue
        # An all-caps word that spaCy tags as a proper noun (a headline, an
        # acronym) is not read as a noun trigger unless the lemma is clearly one.
        entry = None
        lem = lemma(token)
        if pos == "NOUN":
            prev = token.doc[token.i - 1] if token.i > sent.start else None
            if prev is not None and prev.text == "-" and prev.i > sent.start:
                prev = token.doc[prev.i - 1]  # "cease-fire": cease / - / fire
            if prev is not None and prev.dep_ in ("compound", "amod"):  # "phone call", "martial law"
                key = f"{lemma(prev)} {lem}"
                for compound in res.compounds.get(lem, ()):
                    if compound.lemma == key:
                        entry = _match_entry(token, (compound,), res)
                        break
        if entry is None:
            entries = res.triggers.get((lem, pos))
            if not entries and pos == "ADJ":
                entries = res.triggers.get((token.lower_, pos))
            if not entries and pos == "NOUN" and token.pos_ == "PROPN":
                continue
            if not entries and token.tag_ in ("VBN", "VBG") and pos == "ADJ":
                entries = res.triggers.get((lem, "VERB"))
            if not entries:
                continue
            entry = _match_entry(token, entries, res)
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
    return _participle_support(noun, res)


def _participle_support(noun: Token, res: Resources) -> Token | None:
    """A participle that says the noun's event was carried out: "sanctions
    *imposed* by the EU", "atrocities *committed* by troops" (not one that is a
    trigger of its own, which stands for the event itself), or a relative
    clause that does ("the strikes *that Russia launched*")."""
    verbs = res.words("support_verbs") | res.words("participle_support_verbs")
    for child in noun.children:
        if child.dep_ == "acl" and child.tag_ == "VBN" and lemma(child) in verbs and (lemma(child), "VERB") not in res.triggers:
            return child
        if child.dep_ == "relcl" and lemma(child) in verbs and _relative_support(child):
            return child
    return None


def _relative_support(verb: Token) -> bool:
    """A relative clause that says who carried the noun's event out: "the
    sanctions *that the EU imposed*", "the strikes Russia *carried out*" (a
    subject, and no object other than the relative pronoun)."""
    if not any(c.dep_ in SUBJECT_DEPS and c.tag_ not in ("WDT", "WP") for c in verb.children):
        return False
    return all(c.tag_ in ("WDT", "WP") or c.lower_ in ("that", "which") for c in verb.children if c.dep_ in ("dobj", "obj"))


def _embedding_trigger(cand: Candidate, by_token: dict[int, Candidate], res: Resources, depth: int = 0) -> Candidate | None:
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
        if other is not None and other is not cand and dep == "conj" and depth < 3:
            # "promise support *and impose* sanctions": a coordinated predicate
            # is embedded only when its first conjunct is ("urged X to withdraw
            # *and stop* attacks")
            return _embedding_trigger(other, by_token, res, depth + 1)
        if other is not None and other is not cand:
            spec = res.types[other.event]
            if spec.takes_content:
                return other
            if other.entry.pos == "VERB" and cand.entry.pos == "NOUN" and cand.trigger.head == other.trigger and cand.trigger.dep_ in OBJECT_DEPS:
                return other
            return None
    return None


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
    # asked of each sentence by every candidate source: answered once per sentence
    return per_sentence(sent, "dateline_shouting", lambda: _all_capitals(t.text for t in sent if t.is_alpha and len(t.text) > 1))


def _all_capitals(words: Iterable[str]) -> bool:
    """Three words or more, all in capitals (read up to the first that is not)."""
    count = 0
    for word in words:
        if not word.isupper():
            return False
        count += 1
    return count >= 3

