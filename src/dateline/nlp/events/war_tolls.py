"""A war's running toll: "the conflict has claimed more than 14,000 lives".

News often gives the toll of a whole war, not of one strike: "the war has killed
N civilians", "N people have been killed in the fighting since February", "an
eight-year conflict that has claimed N lives". No incident carries it, and
handing it to the nearest strike would give that strike the war's dead. The
toll belongs to the war itself: to the event the war noun is a mention of when
the events stage coded one (an asserted ASSAULT: "Russia's invasion has killed
..."), else to an ASSAULT event of the fighting made here, with the war noun as
its mention, dated by the text (the date the total is given for), its
parties named on the noun ("Russia's war"; when it names none, the sides of the
article's other fighting, where one clearly leads; with no side known no event is
made, since an actorless ASSAULT would count as nobody's violence) and ``size["scope"] = "cumulative"``
so that nobody adds it to a count of incidents. ``stage_options = {events =
{war_events = false}}`` makes no new event: the toll then goes only to an event
the stage coded.

A war noun (``war_nouns`` of ``data/events/casualties.json``: war, conflict,
invasion ...) that is the subject of the toll ("the war has killed N") always
holds a running total; an episode noun (``episode_nouns``: the shelling, the
fighting, the offensive ...), or a war the victims died in ("N were killed in
the war"), only when the clause states a total (perfect aspect, "have been
killed", or a cue: "since", "so far"): "shelling killed three people" is an
incident, "two of his sons were killed in the war" a family's loss, and both
stay with the casualty stage's nearest-event rule. The noun holds the toll as the subject of its verb (also
through a relative pronoun, "a conflict that has claimed", and a conjoined verb,
"has killed N and wounded M"), through a toll noun ("the war's death toll rose
to N"), or as the object of a preposition of the verb ("killed in the war",
"died since the start of the invasion"). A modal verb ("the war could kill N")
states no toll. A running total that names no war and has no event of its own
("more than 14,000 people have been killed since 2014") restates the toll of the
war the document already gave one for: it goes to that war's event (never to a
new one).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import TYPE_CHECKING

from dateline.model import MODAL_AUX, Event
from dateline.nlp.time.dating import date_for_span

if TYPE_CHECKING:
    from spacy.tokens import Token

    from dateline.nlp.events.casualties import Lexicon
    from dateline.pipeline import Analysis

WAR_EVENT = "ASSAULT"
# an event the text states only through its toll: no trigger verb, no typer score
WAR_CONFIDENCE = 0.6
VERB_STEPS = 3  # heads from a number up to its clause's verb ("more than 14,000 lives" -> claimed)


def _is_war(noun: Token, verbs: Iterable[Token], lex: Lexicon, holds: bool = True) -> bool:
    """A war noun that holds the toll (``holds``: its subject) always states a total;
    one the victims died *in* ("two of his sons were killed in the war") only when
    the clause says it is one, as an episode noun always needs."""
    word = noun.lower_
    war = word in lex.war_nouns or str(noun.lemma_).lower() in lex.war_nouns
    if holds and war:
        return True
    return (war or word in lex.episode_nouns) and _states_total(verbs, noun, lex)


def _perfect(verbs: Iterable[Token]) -> bool:
    """"has killed", "have been killed"."""
    return any(c.dep_ == "aux" and str(c.lemma_) == "have" for v in verbs for c in v.children)


def _has_cue(token: Token, lex: Lexicon) -> bool:
    """"since February", "so far" in the sentence of ``token``."""
    words = f" {' '.join(t.lower_ for t in token.sent)} "
    return any(f" {cue} " in words for cue in lex.cumulative_cues)


def _states_total(verbs: Iterable[Token], noun: Token, lex: Lexicon) -> bool:
    """"has killed", "have been killed", "since February", "so far": a running total."""
    return _perfect(verbs) or _has_cue(noun, lex)


def _toll_noun_war(noun: Token, verbs: list[Token], lex: Lexicon, holds: bool = True) -> Token | None:
    """"the war's death toll", "the toll of the fighting"."""
    for child in noun.children:
        if child.dep_ == "poss" and _is_war(child, verbs, lex, holds):
            return child
        if child.dep_ == "prep" and child.lower_ in ("of", "from", "in"):
            for obj in child.children:
                if obj.dep_ == "pobj" and _is_war(obj, verbs, lex, holds):
                    return obj
    return None


def _clause_verb(token: Token) -> Token | None:
    node = token.head if token.dep_ == "nummod" else token
    for _ in range(VERB_STEPS):
        if node.pos_ in ("VERB", "AUX"):
            return node
        if node.head == node:
            return None
        node = node.head
    return node if node.pos_ in ("VERB", "AUX") else None


def _verbs(verb: Token) -> list[Token]:
    """The verb and, for a conjoined one, its first conjunct, whose subject and
    auxiliaries it shares ("has killed 14,000 and wounded 30,000")."""
    if verb.dep_ == "conj" and verb.head.pos_ in ("VERB", "AUX"):
        return [verb, verb.head]
    return [verb]


def _modal(verbs: Iterable[Token], lex: Lexicon) -> bool:
    """"the war could kill N": no toll stated."""
    return any(c.dep_ == "aux" and c.lower_ in lex.modal for v in verbs for c in v.children)


def war_holder(token: Token, lex: Lexicon) -> Token | None:
    """The war noun that holds the toll whose number starts at ``token``, if any."""
    verb = _clause_verb(token)
    if verb is None:
        return None
    verbs = _verbs(verb)
    clause = verbs[-1]
    if _modal(verbs, lex):
        return None
    for v in verbs:
        for subject in v.children:
            if subject.dep_ != "nsubj":
                continue
            if subject.tag_ in ("WDT", "WP") and clause.dep_ == "relcl":
                subject = clause.head  # "a conflict that has claimed ..."
            if _is_war(subject, verbs, lex):
                return subject
            if subject.lower_ in lex.toll_nouns:
                found = _toll_noun_war(subject, verbs, lex)
                if found is not None:
                    return found
    for v in verbs:
        for prep in v.children:
            if prep.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in lex.war_preps for m in prep.children):
                # "since the war began"
                found = next((s for s in prep.children if s.dep_ == "nsubj" and _is_war(s, verbs, lex, False)), None)
                if found is not None:
                    return found
            if prep.dep_ != "prep" or prep.lower_ not in lex.war_preps:
                continue
            for obj in prep.children:
                if obj.dep_ != "pobj":
                    continue
                if _is_war(obj, verbs, lex, False):
                    return obj
                found = _toll_noun_war(obj, verbs, lex, False)  # "since the start of the war"
                if found is not None:
                    return found
    return None


def restates_total(number: Token, lex: Lexicon) -> bool:
    """A toll stated as a running total with no war named: "more than 14,000 people
    have been killed and 30,000 injured since 2014" (perfect aspect and a cue: the
    perfect alone is also how one strike's toll is told, "18 people have been killed")."""
    verb = _clause_verb(number)
    if verb is None or _modal([verb], lex):
        return False
    return _perfect(_verbs(verb)) and _has_cue(number, lex)


def _parties(analysis: Analysis, noun: Token) -> list[str]:
    """Actors named on the war noun: "Russia's war", "the Russian invasion"."""
    spans = [
        (int(c.left_edge.idx), int(c.right_edge.idx + len(c.right_edge)))
        for c in noun.children if c.dep_ in ("poss", "amod", "compound", "nmod") and c.i < noun.i
    ]
    found: list[str] = []
    for actor in analysis.extraction.actors:
        if actor.id not in found and any(
            m.start < end and start < m.end for m in actor.mentions for start, end in spans
        ):
            found.append(actor.id)
    return found


def _belligerents(events: list[Event]) -> tuple[list[str], list[str]]:
    """The sides of the article's fighting, for a war whose noun names none ("the
    conflict has claimed 14,000 lives"): the actor of most of its asserted
    violence, coercion and build-ups and that actor's most frequent target, each only when it clearly
    leads (no tie); else nothing is assumed."""
    from dateline.nlp.events.arguments import argument_table

    # the kinds whose sides the parties stage also reads (implied targets)
    fighting = [e for e in events if argument_table("implied_recipient_groups").get(e.event) == "violence" and e.asserted]
    doers: Counter[str] = Counter()
    for event in fighting:
        doers.update(set(event.actor))
    leading = doers.most_common(2)
    if not leading or (len(leading) == 2 and leading[0][1] == leading[1][1]):
        return [], []
    doer = leading[0][0]
    targets: Counter[str] = Counter()
    for event in fighting:
        if doer in event.actor:
            targets.update(set(event.recipient) - {doer})
    aimed = targets.most_common(2)
    if not aimed or (len(aimed) == 2 and aimed[0][1] == aimed[1][1]):
        return [doer], []
    return [doer], [aimed[0][0]]


def _date(analysis: Analysis, start: int, end: int) -> tuple[str | None, str]:
    date, precision, _ = date_for_span(analysis, start, end)
    return date, precision if date else "unknown"


def war_event(
    analysis: Analysis, noun: Token, number: Token, events: list[Event], kinds: Iterable[str], create: bool = True
) -> Event | None:
    """The event a war toll held by ``noun`` (its number starting at ``number``) belongs
    to; a new one is appended to ``events`` (unless not ``create``: then ``None``)."""
    from dateline.nlp.events.resources import load_resources

    start, end = int(noun.idx), int(noun.idx + len(noun))
    # the war is an event already ("Russia's invasion has killed"), its killing is
    # ("the war has killed": the verb), or one made here for an earlier toll
    anchors = [(start, end)]
    verb = _clause_verb(number)
    if verb is not None:
        anchors.append((int(verb.idx), int(verb.idx + len(verb))))
    wanted = set(kinds)
    for event in events:
        if event.event in wanted and not MODAL_AUX & set(event.aux) and any(
            m.start < e and s < m.end for m in event.mentions for s, e in anchors
        ):
            return event
    word = noun.lower_
    document = analysis.document
    for event in events:
        if (event.size or {}).get("scope") == "cumulative" and (event.event_text or "").lower() == word:
            event.mentions.append(document.mention(start, end))  # the same war named again
            return event
    if not create:
        return None
    res = load_resources()
    date, precision = _date(analysis, start, end)
    taken = {e.id for e in events}
    serial = len(events) + 1
    while f"{document.id[:16]}-e{serial}" in taken:
        serial += 1
    actor, recipient = _parties(analysis, noun), list[str]()
    if not actor:
        actor, recipient = _belligerents(events)
    if not actor:
        return None  # a war with no side the text or the article gives: no event
    event = Event(
        id=f"{document.id[:16]}-e{serial}",
        event=WAR_EVENT,
        actor=actor,
        recipient=recipient,
        date=date,
        date_precision=precision,
        mentions=[document.mention(start, end)],
        confidence=WAR_CONFIDENCE,
        score=res.score(WAR_EVENT, None),
        quad_class=res.types[WAR_EVENT].quad_class,
        size={"scope": "cumulative"},
        event_text=noun.text,
    )
    events.append(event)
    return event
