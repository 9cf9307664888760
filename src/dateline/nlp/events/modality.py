"""Auxiliary modes of an event mention: negation, future, hypothetical, hedging.

Read from the grammar around the trigger: its own auxiliaries and determiners,
the verbs and nouns that govern it ("plans to", "failed to", "the threat of"),
the clause it sits in ("if", "until", a yes/no question) and the verb it is
coordinated with ("will leave *and provide*"). Cue words live in
``data/events/cues.json``. Historical needs dates and is set in
:mod:`dateline.nlp.events.build`.

Two passes: :func:`aux_modes` sets ``Candidate.aux``, which the learned event
typer reads as it was trained on; :func:`clause_modes` gives the further modes
the grammar implies, added to the built mention after typing.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from dateline.backbone import per_sentence
from dateline.nlp.events.frames import (
    ability_frame,
    as_idiom,
    awaited,
    condition_phrase,
    done_ability,
    expected_marks,
    furniture_line,
    headline_infinitive,
    in_condition,
    inverted_condition,
    opinion_use,
    past_tense,
    weighed,
)
from dateline.nlp.events.resources import Resources
from dateline.nlp.events.syntax import (
    NOUN_POS,
    PASSIVE_SUBJECT_DEPS,
    SUBJECT_DEPS,
    VERB_POS,
    Candidate,
    is_definite,
    lemma,
    to_infinitive,
    withholds,
)
from dateline.nlp.events.unrealised import (
    concedes,
    evaluative_clause,
    material,
    normative_time,
    open_choice,
)

if TYPE_CHECKING:
    from spacy.tokens import Span as SpacySpan
    from spacy.tokens import Token


def aux_modes(cand: Candidate, res: Resources, *, clause_verb: bool = False) -> None:
    """Negation, future, hypothetical; hedging. Historical needs dates (build).
    With ``clause_verb``, a bare noun also takes the modality of the verb of its
    clause (:func:`clause_modes`)."""
    neg_dets = res.words("negation", "determiners")
    neg_adverbs = res.words("negation", "adverbs")
    neg_governors = res.words("negation", "governors")
    future_aux = res.words("future", "aux")
    future_gov = res.words("future", "governors")
    future_amods = res.words("future", "amods")
    hyp_marks = res.words("hypothetical", "marks")
    hyp_aux = res.words("hypothetical", "aux")
    hyp_gov = res.words("hypothetical", "governors")
    hedges = res.words("hedges")
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
    # a bare noun's clause verb carries its modality: "an invasion *could happen*",
    # "*would involve* attacks", "if there *is* an invasion"
    verb = _clause_verb(cand) if clause_verb and cand.support is None and trig.pos_ in NOUN_POS else None
    # "the threat of an attack", "chances for talks": a feared or hoped-for event
    if (
        clause_verb
        and trig.dep_ == "pobj"
        and trig.head.dep_ == "prep"
        and trig.head.head.pos_ in NOUN_POS | {"ADJ"}
        and lemma(trig.head.head) in hyp_gov
    ):
        aux.add("hypothetical")
    # "any negotiations", "any attack": no particular happening
    hyp_dets = res.words("hypothetical", "determiners")
    if clause_verb and any(c.dep_ == "det" and c.lower_ in hyp_dets for c in trig.children):
        aux.add("hypothetical")
    if verb is not None and any(c.dep_ == "xcomp" for c in verb.children):
        # "talks are expected to begin", "negotiations needed to happen"
        if lemma(verb) in future_gov:
            aux.add("future")
        elif lemma(verb) in hyp_gov:
            aux.add("hypothetical")
    if verb is not None:
        for child in verb.children:
            if child.dep_ == "aux" and child.lower_ in future_aux | {"wo"}:
                aux.add("future")
            elif child.dep_ == "aux" and child.lower_ in hyp_aux or child.dep_ == "mark" and child.lower_ in hyp_marks:
                aux.add("hypothetical")
    # governors up the clause chain: "is expected to speak", "failed to", "if they attack"
    node = verb if verb is not None else cand.anchor
    circumstance = res.words("circumstance_preps")
    for _ in range(4):
        if node.dep_ == "pobj" and node.head.lower_ in circumstance:
            # "accused the US of seeking to provoke a conflict *during a call*":
            # the call happened, whatever the clause above wants
            break
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
        elif node.dep_ in ("xcomp", "acl", "ccomp") and head_lemma in hyp_gov and head != cand.trigger and not done_ability(head):
            aux.add("hypothetical")
        for child in head.children:
            if child.dep_ == "aux" and child.lower_ in future_aux and node.dep_ == "xcomp":
                aux.add("future")
            if child.lower_ in hedges or lemma(child) in hedges:
                cand.hedged = True
        if node.dep_ == "advcl":
            break
        node = head
    for token in _hedge_adverbs(cand.trigger.sent, hedges):
        # "forces reportedly had secured": the adverb may hang on the subject
        if token.head in chain or token.head.head in chain:
            cand.hedged = True
    refusals = res.cues["negation"]["refusals"]
    if negated:
        if cand.entry.negated:
            cand.event = cand.entry.negated
            cand.mode = None
            if cand.event == "REJECT" and "future" in aux:
                cand.refusal = True  # "will not accept": the refusal is stated now
                aux.discard("future")
        elif cand.refusal or ("future" in aux and cand.event in refusals and withholds(trig)):
            # "will not release the prisoners / lift the ban": a refusal made now
            # (PLOVER REJECT, modes yield / assist / meet); "will not surrender" stays
            if not cand.refusal:
                cand.event, cand.mode, cand.refusal = "REJECT", refusals[cand.event], True
            aux.discard("future")
        else:
            aux.add("negation")
    cand.aux = aux


def _hedge_adverbs(sent: SpacySpan, hedges: frozenset[str]) -> list[Token]:
    """The hedging adverbs of ``sent`` ("reportedly"): found once per sentence
    (kept in ``doc.user_data``), asked for each of its candidates."""
    return per_sentence(
        sent, "dateline_hedge_adverbs", lambda: [t for t in sent if t.lower_ in hedges and t.dep_ == "advmod"], id(hedges)
    )


def mention_modes(cand: Candidate, res: Resources) -> set[str]:
    """The marks of a built mention: those the typer read (:func:`aux_modes`),
    those the grammar adds (:func:`clause_modes`), and two the typer's reading
    gets wrong: what follows from a condition is conditional whatever its
    tense ("relations *will be severed* if forces cross": hypothetical, not
    future), and "*went on to* commend" is no future."""
    aux = set(cand.aux) | clause_modes(cand, res)
    if res.cues["grammar_marks_split"]:
        aux |= _grammar_only(cand, res)
    if "future" in aux and _consequent(cand.anchor, res):
        aux.discard("future")
        aux.add("hypothetical")
    if "future" in aux and _past_go(cand.anchor, res):
        aux.discard("future")
    if cand.refusal:
        aux -= {"future", "negation"}
    return aux


def _past_go(verb: Token, res: Resources) -> bool:
    """"went on to commend": a "go" that is not "going to" plans nothing."""
    node = _uncoordinated(verb)
    head = node.head
    return (
        node.dep_ == "xcomp" and lemma(head) in res.words("future", "progressive_only") and head.tag_ != "VBG"
        and not any(c.dep_ == "aux" and c.lower_ in res.words("future", "aux") for c in (*node.children, *head.children))
    )


def _consequent(verb: Token, res: Resources, *, concessive: bool = False) -> bool:
    """The main clause of a condition ("*will impose* sanctions if Russia invades").
    With ``concessive``, not one that concedes ("*even* if", "*as* if")."""
    node = _uncoordinated(verb)
    marks = res.words("hypothetical", "condition_marks")
    return any(
        c.dep_ == "advcl" and (any(m.dep_ == "mark" and m.lower_ in marks for m in c.children) or inverted_condition(c, res))
        and not (concessive and concedes(c, res))
        for c in node.children
    )



def clause_modes(cand: Candidate, res: Resources) -> set[str]:
    """The modes a bare noun trigger takes from its clause verb, beyond those of
    :func:`aux_modes` (kept apart so that the event typer reads the candidate as
    it was trained on)."""
    if cand.support is not None or cand.trigger.pos_ not in NOUN_POS:
        return set()
    probe = replace(cand, aux=set())
    aux_modes(probe, res, clause_verb=True)
    return probe.aux - cand.aux


def grammar_modes(cand: Candidate, res: Resources, marks: set[str]) -> set[str]:
    """Marks the grammar around a trigger implies beyond the mention's own
    ``marks`` (what :func:`mention_modes` gave it) (:func:`governed_modes`). They hold for an event when every mention of it
    carries them: one mention read as planned does not split a reported
    happening from its other mentions. With the cue ``grammar_marks_split``
    they are the mention's own marks (:func:`mention_modes`) instead."""
    if res.cues["grammar_marks_split"]:
        return set()
    return _grammar_only(cand, res) - marks


def _grammar_only(cand: Candidate, res: Resources) -> set[str]:
    found = governed_modes(cand, res)
    if getattr(cand.entry, "negated", None):
        found.discard("negation")  # a negated reading of its own ("not agree" is REJECT)
    if cand.refusal:
        found -= {"future", "negation"}
    if _consequent(cand.anchor, res):
        found.discard("future")
    return found


def governed_modes(cand: Candidate, res: Resources) -> set[str]:
    """Modes from what governs the trigger's clause: a coordinated verb's
    auxiliary, a modal verb above a noun's phrase, a negated subject, a
    non-realising governor (intention, obligation, speculation, denial, an
    evaluative "futile to"), a temporal or purpose clause under a future or
    conditional one, a yes/no question."""
    modes: set[str] = set()
    anchor = _uncoordinated(cand.anchor)
    if cand.anchor.pos_ in VERB_POS:
        modes |= verb_modes(cand.anchor, res)
        if _negative_subject(anchor, res):
            modes.add("negation")
    elif cand.support is None:
        modes |= _noun_modes(cand, res)
    if cand.anchor.pos_ in VERB_POS:
        modes |= _governor_modes(anchor, res)
        if material(cand, res) and _consequent(anchor, res, concessive=True):
            # "sends troops if X is attacked": the main clause of a condition;
            # not a speech act, whose condition is its content's ("threatened
            # to respond if ...", "promised to help if ...")
            modes.add("hypothetical")
        if headline_infinitive(anchor):
            modes.add("future")
        if cand.support is not None and not is_definite(cand.trigger):
            # the noun's own slot under its support verb: "warned *of* an
            # invasion", "preparing *for* an invasion", "planning an assault",
            # "respond to *any* aggression"
            trig = cand.trigger
            # ("any" under a negation is no hypothetical: "has not signed off on any deliveries")
            unspecific = "negation" not in cand.aux and any(c.dep_ == "det" and c.lower_ in res.words("hypothetical", "determiners") for c in trig.children)
            if _feared(trig, res) or weighed(trig, res) or unspecific:
                modes.add("hypothetical")
            elif awaited(trig, res):
                modes.add("future")
    elif not is_definite(cand.trigger):
        # "because of *the* invasion", "to stop *the* war": a definite noun
        # names a happening the text takes as given, whatever governs it
        modes |= _governor_modes(cand.trigger, res)
    elif in_condition(cand.trigger, res):
        modes.add("hypothetical")  # but not "in the event of Moscow's invasion": a condition
    if _future_time(cand, res):
        modes.add("future")  # "talks between the delegations in the next few days"
    if normative_time(_uncoordinated(cand.anchor), res):
        modes.add("hypothetical")  # "now is the time to support", "high time for X to return to dialogue"
    return modes


def retyped_modes(aux: set[str], old: str, new: str, res: Resources) -> set[str]:
    """The marks of a content event the typer reads as the act that frames it
    ("ready to *provide* a venue" is an offer, AGREE; "governments should
    continue to *support*" a call, REQUEST; "not going to *send*" a refusal,
    REJECT): that act took place, and the content's marks were its content's.
    A planned meeting read as AGREE keeps its future (the guidelines' "CONSULT +
    future, AGREE also accepted")."""
    dropped = res.cues["speech_act_modes"].get(new)
    if not dropped or old in res.words("speech_act_keep_from"):
        return aux
    return aux - set(dropped)


def verb_modes(verb: Token, res: Resources) -> set[str]:
    """Future and hypothetical from a verb's own auxiliaries, or from those of
    the verb it is coordinated with when it has no subject or auxiliary of its
    own ("will leave *and provide*", "could reverse course *and impose*"); a
    negation carries over "or"/"nor" ("did not attack *or* invade")."""
    future_aux = res.words("future", "aux")
    hyp_aux = res.words("hypothetical", "aux")
    modes: set[str] = set()
    node = verb
    for _ in range(4):
        for child in node.children:
            if child.dep_ == "aux" and child.lower_ in future_aux:
                modes.add("future")
            elif child.dep_ == "aux" and child.lower_ in hyp_aux:
                modes.add("hypothetical")
        if modes or node.dep_ != "conj" or node.head.pos_ not in VERB_POS or _own_clause(node):
            return modes
        head = node.head
        if _negated(head, res) and any(c.dep_ == "cc" and c.lower_ in ("or", "nor") for c in head.children):
            modes.add("negation")
        node = head
    return modes


def _future_time(cand: Candidate, res: Resources) -> bool:
    """A time to come on the trigger itself ("talks *in the next few days*",
    "meets Macron *next week*", "*tomorrow*"; not one on a support verb:
    "escalating its invasion in the near future" is a future escalation of
    an invasion under way), in a clause not told in a past tense
    (cues ``future.time_modifiers`` / ``time_nouns`` / ``time_adverbs``): the
    happening is scheduled or expected, not reported as done."""
    verb = cand.anchor if cand.anchor.pos_ in VERB_POS else _clause_verb(cand) or cand.support
    if verb is not None and (past_tense(verb) or any(c.dep_ in ("aux", "auxpass") and c.tag_ == "VBD" for c in verb.children)):
        return False
    adverbs = res.words("future", "time_adverbs")
    for head in (cand.trigger,):
        for child in head.children:
            if child.dep_ in ("advmod", "npadvmod") and child.lower_ in adverbs:
                return True
            phrase = next((p for p in child.children if p.dep_ == "pobj"), None) if child.dep_ == "prep" else child
            if child.dep_ in ("prep", "npadvmod") and phrase is not None and _time_to_come(phrase, res):
                return True
    return False


def _time_to_come(noun: Token, res: Resources) -> bool:
    """"the next few days", "the near future", "next week", "the coming months"."""
    return lemma(noun) in res.words("future", "time_nouns") and any(
        c.lower_ in res.words("future", "time_modifiers") for c in noun.children if c.dep_ in ("amod", "advmod", "det", "compound")
    )



def _own_clause(verb: Token) -> bool:
    """A verb with its own subject or auxiliary states a clause of its own."""
    return any(
        c.dep_ in SUBJECT_DEPS | PASSIVE_SUBJECT_DEPS or (c.dep_ in ("aux", "auxpass") and c.lower_ != "to")
        for c in verb.children
    )


def _uncoordinated(token: Token) -> Token:
    """The first of coordinated verbs without clauses of their own: the one
    that hangs where the whole coordination does."""
    node = token
    while node.dep_ == "conj" and node.head.pos_ == node.pos_ and not _own_clause(node):
        node = node.head
    return node


def _negated(token: Token, res: Resources) -> bool:
    return any(
        c.dep_ == "neg" or (c.dep_ == "det" and c.lower_ in res.words("negation", "determiners")) or
        (c.dep_ == "advmod" and c.lower_ in res.words("negation", "adverbs"))
        for c in token.children
    )


def _negative_subject(verb: Token, res: Resources) -> bool:
    """"*No* country has sent tanks", "*Neither* X nor Y recognise", "*none* of them"."""
    for subject in verb.children:
        if subject.dep_ not in SUBJECT_DEPS | PASSIVE_SUBJECT_DEPS:
            continue
        if lemma(subject) in res.words("negation", "subjects"):
            return True
        if any(c.dep_ in ("det", "preconj") and c.lower_ in res.words("negation", "determiners") for c in subject.children):
            return True
    return False


def _noun_modes(cand: Candidate, res: Resources) -> set[str]:
    """A bare noun trigger's modes from the words on it: a cue participle
    ("*stalled* deliveries", "the *promised* tanks"), a verb that says it did
    not happen ("deliveries *were delayed*", "to avert an invasion")."""
    trig = cand.trigger
    modes: set[str] = set()
    for child in trig.children:
        if child.dep_ in ("amod", "acl") and lemma(child) in res.words("negation", "verbs"):
            modes.add("negation")
        elif child.dep_ in ("amod", "acl") and child.lower_ in res.words("future", "participles"):
            modes.add("future")
    node = trig
    while node.dep_ == "conj" and node.head.pos_ in NOUN_POS:
        node = node.head
    if node.dep_ in ("nsubj", "nsubjpass") and lemma(node.head) in res.words("negation", "verbs"):
        modes.add("negation")  # "deliveries have stalled"
    modes |= expected_marks(trig, node, res)
    if trig.dep_ == "compound" and lemma(trig.head) in res.words("hypothetical", "possibility_words"):
        modes.add("hypothetical")  # "the failed invasion *predictions*", "attack *warnings*"
    if is_definite(trig) or is_definite(node):
        return modes
    if node.dep_ == "dobj" and lemma(node.head) in res.words("negation", "verbs"):
        modes.add("negation")  # "to avert an invasion", not the one that came ("avert the invasion")
    return modes


def _governor_modes(start: Token, res: Resources) -> set[str]:
    """Walks up from a trigger's clause through the words that embed it,
    reading what :func:`aux_modes` does not: intention nouns and verbs and
    their negation ("has *no plans* to join": negated and future), obligation
    ("*has to* be"), speculation ("*speculation* that they were caused by
    strikes"), denial of a statement ("*denied that* troops attacked"),
    evaluative frames ("it is *futile* to fight", "the *goal* is to destroy"),
    and clauses of time or purpose under a future or conditional verb ("will
    not stop *until* he destroys", "may be used *to launch* an attack")."""
    intention = res.words("future", "intention_governors") | res.words("future", "governors")
    wishes = res.words("hypothetical", "governors")
    speculation = res.words("hypothetical", "possibility_words")
    obligation = res.words("hypothetical", "obligation_verbs")
    deny = res.words("negation", "content_governors")
    circumstance = res.words("circumstance_preps")
    temporal = res.words("future", "temporal_marks")
    progressive_only = res.words("future", "progressive_only")
    modes: set[str] = set()
    node = start
    for _ in range(6):
        dep, head = node.dep_, node.head
        if dep == "pobj" and head.lower_ in circumstance or head == node:
            break
        if open_choice(node):
            modes.add("hypothetical")  # "weighed *where to send* troops": an option, not an act
            break
        if _feared(node, res) or node == start and weighed(node, res):
            # "fear an offensive", "threatened by an attack", "warned of an
            # invasion", "considering sanctions" (not "considering a resolution
            # demanding ...": the demand is the resolution's)
            modes.add("hypothetical")
            break
        if node == start and awaited(node, res):
            # "is planning an assault", "preparing further restrictions", "ahead
            # of an invasion": what is planned or awaited; what governs the plan
            # still counts ("denied it is planning an assault"); a plan under a
            # modal is only possible ("may be preparing an offensive")
            node = head if dep == "dobj" else head.head
            if "hypothetical" not in verb_modes(node, res):
                modes.add("future")
            continue
        if _noun_infinitive(node, res, intention | wishes | speculation):
            modes.add("hypothetical")  # "options *to attack*", "a desire for X *to seize*"
            if dep == "relcl":
                break
        if dep not in ("xcomp", "ccomp", "pcomp", "advcl", "acl", "pobj", "prep", "conj", "agent", "appos", "attr"):
            break
        if dep == "conj" and _own_clause(node):
            break  # "told CNN the plant was surrounded *and requested* help": its own statement
        infinitive = to_infinitive(node)
        head_lemma = lemma(head)
        if dep == "advcl" and inverted_condition(node, res):
            modes.add("hypothetical")  # "Were China to sell weapons, ..."
            break
        if dep == "advcl":
            marks = {c.lower_ for c in node.children if c.dep_ == "mark"}
            if marks & temporal or _purpose(node):
                modes |= verb_modes(_uncoordinated(head), res) - {"negation"}
            if _evaluative_frame(node, res.words("hypothetical", "evaluative")):
                modes.add("hypothetical")  # "more important for Europe to help"
            if not (marks & temporal or _purpose(node)):
                break  # a clause of cause or concession is a statement of its own
        if dep in ("xcomp", "attr") and head_lemma == "be" and _copular_subject(head) in intention:
            modes.add("future")  # "the plan is to hold talks"
        elif _evaluative_frame(node, res.words("hypothetical", "evaluative")) or evaluative_clause(node, res.words("hypothetical", "evaluative")):
            modes.add("hypothetical")  # "it is necessary to stop", "likely to attack", "important that we show"
        elif dep == "xcomp" and infinitive and "hypothetical" in verb_modes(head, res):
            modes.add("hypothetical")  # "would like *to meet*", "could be allowed *to strike*"
        elif dep == "xcomp" and infinitive and head_lemma in obligation and head.tag_ not in ("VBD", "VBN"):
            modes.add("hypothetical")  # "has to be", not the past "had to leave"
        elif dep in ("xcomp", "acl") and head_lemma in intention and not (head_lemma in progressive_only and head.tag_ != "VBG"):
            modes.add("future")
            if _negated(head, res):
                modes.add("negation")
        elif dep in ("xcomp", "acl") and head_lemma in wishes and _negated(head, res):
            modes.add("negation")  # "does not want to attack"
        elif dep == "ccomp" and head_lemma in deny:
            modes.add("negation")
        elif dep in ("acl", "ccomp") and head.pos_ in NOUN_POS and any(c.dep_ == "det" and c.lower_ in res.words("negation", "determiners") for c in head.children):
            modes.add("negation")  # "there is *no evidence* that troops attacked"
        elif dep in ("acl", "ccomp", "appos") and head_lemma in speculation:
            modes.add("hypothetical")
        elif dep == "ccomp" and node.left_edge.i > 0 and lemma(node.doc[node.left_edge.i - 1]) in speculation:
            # "leading to speculation [that] they had been caused": the clause
            # follows the noun, wherever the parser hangs it
            modes.add("hypothetical")
        elif dep == "pobj" and head.dep_ == "prep" and condition_phrase(head.head, res):
            modes.add("hypothetical")  # "in the event of an invasion", "in case of attack"
        elif dep in ("pobj", "pcomp") and head.dep_ == "prep" and head.head.pos_ in NOUN_POS | {"ADJ"} and lemma(head.head) in speculation | intention:
            modes.add("hypothetical" if lemma(head.head) in speculation else "future")
            if lemma(head.head) in intention and _negated(head.head, res):
                modes.add("negation")  # "no intention of invading"
        node = head
    return modes


def _noun_infinitive(node: Token, res: Resources, handled: frozenset[str]) -> bool:
    """A to-infinitive that hangs on a noun ("a range of options *to attack*",
    "thousands of soldiers prepared *to invade*", "a clear desire for the
    government *to seize*") names what the noun's owner could or would do, not
    what was done; unless the noun is one that reports the act ("the *first*
    country to send", "the *decision* to withdraw": cue
    ``hypothetical.realising_heads``, or a superlative on it), or one whose
    own reading the other rules give (intentions, wishes, speculation)."""
    if node.dep_ not in ("acl", "relcl", "advcl") or not to_infinitive(node):
        return False
    head = node.head
    if head.pos_ not in NOUN_POS or node.dep_ == "advcl" and not any(c.dep_ == "mark" and c.lower_ == "for" for c in node.children):
        return False
    realising = res.words("hypothetical", "realising_heads")
    if lemma(head) in realising | handled:
        return False
    return not any(c.dep_ == "amod" and (lemma(c) in realising or c.tag_ == "JJS") for c in head.children)


def _feared(node: Token, res: Resources) -> bool:
    """A noun that is the object of fear or warning, not a report of the act
    (cue ``hypothetical.fear_verbs``): "officials *fear* a new offensive", "is
    *threatened by* an attack", "*warned of* an invasion"."""
    fear = res.words("hypothetical", "fear_verbs")
    head = node.head
    if node.dep_ == "dobj":
        return head.pos_ in VERB_POS and lemma(head) in fear
    if node.dep_ != "pobj" or head.dep_ not in ("agent", "prep") or head.head.pos_ not in VERB_POS | {"ADJ"}:
        return False
    if head.lower_ == "for":
        # "preparing *for* an invasion", "braced for an attack": readied against, not met
        return lemma(head.head) in res.words("hypothetical", "readiness_verbs")
    return head.lower_ in ("by", "of") and lemma(head.head) in fear


def generic_frame(cand: Candidate, res: Resources) -> bool:
    """A trigger in a frame that states a judgement or an aim, not a happening:
    "it is *futile* to fight", "more *difficult* for China to help", "the
    *goal* is to destroy", "one of its *tactics* is to keep throwing men into
    battle"; or
    a yes/no question ("Lukashenko agreed to be Putin's puppet?"): it asks,
    it reports nothing; an indefinite noun that characterises a demonstrative
    ("*this* is an attack on our values", "this is a battle of wills"): it
    judges what was done, it reports no further happening ("it was the
    largest attack" still reports one). Such a mention is no event, asserted or not."""
    if _yes_no_question(cand.trigger) or furniture_line(cand.trigger.sent, res):
        return True
    node = _uncoordinated(cand.anchor)
    if (
        cand.support is None and node.pos_ in NOUN_POS and node.dep_ == "attr" and lemma(node.head) == "be"
        and _copular_subject(node.head) in res.words("generic_frames", "characterising_subjects")
        and any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in node.children)
    ):
        return True  # "this is an attack on ...", "this is a battle of wills": a characterisation
    if (
        cand.support is None and node.pos_ in NOUN_POS and node.dep_ in ("attr", "oprd")
        and lemma(node) in res.words("generic_frames", "designations")
    ):
        return True  # "Russia is a threat", "called it a serious threat": a designation, no threat made
    if node.dep_ == "xcomp" and lemma(node.head) in res.words("generic_frames", "request_governors"):
        return True  # "encouraging people to visit": a demand's content, as under a REQUEST trigger
    if ability_frame(node, res.words("generic_frames", "abilities")):
        return True  # "Russia's ability to attack", "in a position to attack", "not able to support"
    if opinion_use(cand.trigger, res):
        return True  # "I agree with President Putin", "does not agree that the world can go back"
    if as_idiom(cand.trigger, res):
        return True  # "the actual *as opposed to* the hypothetical threat": a contrast, no act
    for _ in range(3):
        if _imperative(node):
            return True  # "please *visit* our page", "*support* the appeal to *help* victims"
        if _evaluative_frame(node, res.words("generic_frames", "judgements")):
            return True
        head = node.head
        if node.dep_ in ("xcomp", "attr") and lemma(head) == "be":
            return _copular_subject(head) in res.words("generic_frames", "aims")
        if not (node.dep_ == "xcomp" or _purpose(node)) or head == node:
            return False
        node = head  # "is to *keep* throwing", "is to develop approaches *to draw*"
    return False





def _imperative(verb: Token) -> bool:
    """The verb of an imperative sentence: a bare verb at the root with no
    subject or auxiliary of its own, that opens the sentence or takes "please"
    ("*Visit* our page", "please *visit*", "*Close* the ports now!"). It asks
    the reader; it reports no happening."""
    if verb.dep_ != "ROOT" or verb.tag_ != "VB" or verb.pos_ not in VERB_POS:
        return False
    if any(c.dep_ in SUBJECT_DEPS | PASSIVE_SUBJECT_DEPS | {"aux", "auxpass", "expl"} for c in verb.children):
        return False
    if any(c.lower_ == "please" for c in verb.children):
        return True
    if verb.i > verb.sent.start and verb.doc[verb.i - 1].text == ":":
        return True  # "To the administration: *Send* tanks"
    first = next((t for t in verb.sent if t.is_alpha), None)
    return first is not None and first.i == verb.i


def _evaluative_frame(node: Token, words: frozenset[str]) -> bool:
    """An infinitive under an evaluative adjective: "it is futile *to fight*"
    (the adjective on "be"), "difficult for China *to help*" (on the
    adjective), for adjectives among ``words``."""
    if node.dep_ not in ("xcomp", "advcl", "ccomp") or not to_infinitive(node):
        return False
    head = node.head
    if head.pos_ == "ADJ":
        return lemma(head) in words
    return any(c.dep_ == "acomp" and lemma(c) in words for c in head.children)


def _purpose(clause: Token) -> bool:
    """An infinitive clause of purpose: "used *to launch* an attack"."""
    return clause.dep_ == "advcl" and to_infinitive(clause) and not any(
        c.dep_ == "mark" for c in clause.children
    )


def _copular_subject(be: Token) -> str | None:
    """The subject noun of "X is to ...", through "one of": "*one of its
    tactics* is to"."""
    subject = next((c for c in be.children if c.dep_ in SUBJECT_DEPS), None)
    if subject is not None and lemma(subject) == "one":
        subject = next((p for c in subject.children if c.dep_ == "prep" for p in c.children if p.dep_ == "pobj"), subject)
    return None if subject is None else lemma(subject)


def _yes_no_question(token: Token) -> bool:
    """A sentence that asks whether something happened asserts nothing
    ("Lukashenko agreed to be Putin's puppet?"); a wh-question ("why did
    Russia invade?") takes its happening as given."""
    sent = token.sent
    last = next((t for t in reversed(sent) if not (t.is_punct and t.text != "?") and not t.is_space), None)
    if last is None or last.text != "?":
        return False
    return not any(t.tag_ in ("WP", "WP$", "WRB", "WDT") for t in sent)


def _clause_verb(cand: Candidate) -> Token | None:
    """The verb whose clause a bare noun trigger is an object or complement of
    ("would *involve* attacks", "there *is* an invasion") or subject ("an
    invasion could *happen*")."""
    node = cand.trigger
    while node.dep_ == "conj" and node.head.pos_ in NOUN_POS:
        node = node.head
    dep, head = node.dep_, node.head
    if head.pos_ not in VERB_POS or head == node:
        return None  # a noun in a prepositional phrase is circumstance ("during the call")
    if dep in ("dobj", "obj", "attr", "oprd"):
        return head
    if dep in ("nsubj", "nsubjpass"):
        # "an invasion could *happen*", "the attack would *cause* suffering"
        return head
    return None

