"""Cheap signals of a trigger's clause that say it reports no happening done
(issue 14): an ability ("the *ability* to attack"), agreeing with a view ("I
*agree* with"), a caption or link line ("... – *video*"), a headline infinitive
("Germany *to send* tanks"), a condition without "if" ("*Should* Russia
attack, ..."), a noun that is planned, awaited, weighed or expected
("*planning* an assault", "*ahead of* an invasion", "*considering*
sanctions", "a *looming* invasion"), a condition phrase ("in the *event*
of"), a contrast ("as *opposed* to"). :mod:`.modality` reads them: no event (``generic_frame``) or a
grammar mark. Word lists live in ``data/events/cues.json``; dependency lookups
only, no new parse.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from dateline.backbone import per_sentence
from dateline.nlp.events.resources import Resources
from dateline.nlp.events.syntax import NOUN_POS, SUBJECT_DEPS, VERB_POS, lemma, to_infinitive

if TYPE_CHECKING:
    from spacy.tokens import Span, Token


def inverted_condition(clause: Token, res: Resources) -> bool:
    """A condition without "if", its auxiliary before its subject ("*Should*
    Russia attack, ...", "*Were* China to sell weapons, ...": cue
    ``hypothetical.inversion_aux``; not "had", whose counterfactual "*Had*
    Russia not invaded" presupposes the invasion)."""
    if clause.dep_ != "advcl":
        return False
    first = clause.left_edge
    if first.lower_ not in res.words("hypothetical", "inversion_aux") or not (first == clause or first.head == clause and first.dep_ == "aux"):
        return False
    return any(c.dep_ in SUBJECT_DEPS and c.i > first.i for c in clause.children)


def ability_frame(node: Token, words: frozenset[str]) -> bool:
    """An act a party can do, not one it did: the infinitive of an ability
    word ("the *ability* to attack", "is *able* to repel", "*capable* to
    respond", "in a *position* to attack") or its of-gerund ("*capable* of
    striking"). Annotators code no event there, asserted or not."""
    head = node.head
    if node.dep_ == "pcomp" and head.lower_ == "of" and head.dep_ == "prep":
        return lemma(head.head) in words and head.head.pos_ in NOUN_POS | {"ADJ"}
    if node.dep_ not in ("xcomp", "acl", "relcl", "advcl", "ccomp") or not to_infinitive(node):
        return False
    if lemma(head) not in words or head.pos_ not in NOUN_POS | {"ADJ"}:
        return False
    if done_ability(head):
        return False  # "*was* able to leave", "have been able to repel": it was done
    if head.pos_ == "ADJ" and any(c.dep_ == "aux" for c in head.head.children):
        return False  # "*will* be able to fire": a predicted act, coded as such
    # "position" only as "in a position to"
    return lemma(head) != "position" or (head.dep_ == "pobj" and head.head.lower_ == "in")


def opinion_use(trigger: Token, res: Resources) -> bool:
    """Agreeing with an opinion or a person, not to an act: "I absolutely
    *agree* with President Putin", "can't *agree* or disagree with what", and,
    in the present, "Landsbergis does not *agree* that the world can go back".
    Not "agreed *on* a corridor *with* Russia", "agreed *to* talks", "agreed a
    deal", nor a past "agreed that" (which may report a decision)."""
    if trigger.pos_ not in VERB_POS or lemma(trigger) not in res.words("generic_frames", "opinion_verbs"):
        return False
    deps = {c.dep_ for c in trigger.children}
    if deps & {"auxpass", "nsubjpass", "prt"}:
        return False  # "a corridor has been agreed on with Russia": a deal, not a view
    # "agreed *on* a corridor", "agreed *to* talks" (not "agree on *this*")
    preps = {c.lower_ for c in trigger.children if c.dep_ == "prep" and not any(p.tag_ in ("DT", "PRP") for p in c.children)}
    if deps & {"dobj", "obj", "xcomp", "dative"} or preps & res.words("generic_frames", "opinion_blockers"):
        return False
    if any(c.dep_ == "prep" and c.lower_ == "with" for c in trigger.children):
        return True
    if any(c.dep_ == "conj" and lemma(c) in res.words("generic_frames", "opinion_verbs") for c in trigger.children):
        return True  # "agree or disagree"
    # a that-clause agreed to in the present is a view ("does not agree that",
    # "I agree that"); "the leaders agreed that ..." may report a decision
    return "ccomp" in deps and trigger.tag_ in ("VB", "VBP", "VBZ")


def furniture_line(sent: Span, res: Resources) -> bool:
    """A caption or teaser line the page put in the body ("Minister 'very
    worried' about an invasion – *video*", "*See the video* ...", "*Read more*:
    ..."): it points to other content and reports no happening of its own."""
    # asked by every candidate of the sentence: answered once per sentence and word lists
    return per_sentence(sent, "dateline_furniture", lambda: _furniture_text(sent.text, res), id(res))


def _furniture_text(text: str, res: Resources) -> bool:
    text = text.strip().lower()
    head, _, last = text.rpartition(" ")
    return text.startswith(tuple(res.words("generic_frames", "furniture_openers"))) or (
        bool(head) and head.rstrip().endswith(("–", "—", "-"))
        and last.strip(".") in res.words("generic_frames", "furniture_closers")
    )


def done_ability(head: Token) -> bool:
    """"*were able* to repel": an ability in the past tense reports the act."""
    return head.pos_ == "ADJ" and head.dep_ == "acomp" and past_tense(head.head)


def past_tense(verb: Token) -> bool:
    """A verb in a past tense of its own ("was", "have been"), no modal on it."""
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    if any(c.tag_ == "MD" for c in auxes):
        return False
    return verb.tag_ == "VBD" or verb.tag_ == "VBN" and any(lemma(c) == "have" for c in auxes)


def headline_infinitive(verb: Token) -> bool:
    """Headline style "X to do Y" ("Germany *to send* more tanks", "– Gazprom
    to *slash* deliveries –"): an infinitive that is the sentence's only verb
    announces what is planned, not what was done. spaCy reads it as the root
    with a subject, or as a clause on the root noun."""
    if verb.tag_ != "VB" or not to_infinitive(verb):
        return False
    if verb.dep_ == "ROOT":
        return any(c.dep_ in SUBJECT_DEPS for c in verb.children)
    root = verb.head
    return verb.dep_ in ("xcomp", "acl", "relcl") and root.dep_ == "ROOT" and root.pos_ in NOUN_POS


def expected_marks(trig: Token, node: Token, res: Resources) -> set[str]:
    """A noun the words on it say is awaited, not done, definite or not: "a
    *feared* / *looming* invasion" (hypothetical), "the *imminent* attack",
    "an invasion is *imminent*" (future): cues ``grammar_amods``."""
    words = [c.lower_ for c in trig.children if c.dep_ == "amod"]
    if node.dep_ == "nsubj" and lemma(node.head) == "be":
        words += [c.lower_ for c in node.head.children if c.dep_ == "acomp"]
    found: set[str] = set()
    for mark in ("hypothetical", "future"):
        if any(w in res.words(mark, "grammar_amods") for w in words):
            found.add(mark)
    return found


def awaited(node: Token, res: Resources) -> bool:
    """The object of a plan or preparation ("*planning* an assault", "*preparing*
    further restrictions": cue ``future.intention_objects``) or the object of an
    anticipation phrase ("*ahead of* an invasion", "*in anticipation of* an
    attack": ``future.anticipation_heads``)."""
    head = node.head
    if node.dep_ == "pobj" and head.lower_ == "of" and head.head.dep_ == "dobj" and lemma(head.head) in res.words("future", "containers"):
        node, head = head.head, head.head.head  # "preparing *a package of* sanctions"
    if node.dep_ == "dobj":
        return head.pos_ in VERB_POS and lemma(head) in res.words("future", "intention_objects")
    return node.dep_ in ("pobj", "pcomp") and head.lower_ in ("of", "for") and lemma(head.head) in res.words("future", "anticipation_heads")


def weighed(node: Token, res: Resources) -> bool:
    """The object of a verb that weighs it (cue ``hypothetical.weigh_verbs``):
    "*considering* sanctions", "*weighing* a withdrawal"."""
    head = node.head
    return node.dep_ == "dobj" and head.pos_ in VERB_POS and lemma(head) in res.words("hypothetical", "weigh_verbs")


def in_condition(noun: Token, res: Resources) -> bool:
    """A noun in a condition phrase: "in the event *of* Moscow's invasion"."""
    head = noun.head
    return noun.dep_ == "pobj" and head.dep_ == "prep" and head.lower_ == "of" and condition_phrase(head.head, res)


def condition_phrase(noun: Token, res: Resources) -> bool:
    """"in the *event* of", "in *case* of": a phrase that sets a condition."""
    return lemma(noun) in res.words("hypothetical", "condition_nouns") and noun.dep_ == "pobj" and noun.head.lower_ == "in"


def as_idiom(trigger: Token, res: Resources) -> bool:
    """A participle after "as" that links two phrases ("as *opposed* to",
    cue ``generic_frames.as_idioms``): it contrasts them, nobody acts."""
    return (
        trigger.tag_ == "VBN" and lemma(trigger) in res.words("generic_frames", "as_idioms")
        and any(c.dep_ in ("mark", "advmod") and c.lower_ == "as" and c.i == trigger.i - 1 for c in trigger.children)
    )
