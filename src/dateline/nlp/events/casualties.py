"""Casualty tolls: how many were killed, injured or arrested, attached to their event.

News states tolls in a few shapes, all read from the parse of one sentence:

* a number before its toll word: "five people were killed and 18 injured",
  "263 dead", "N soldiers killed" (nouns, auxiliaries and adverbs may stand between;
  a unit noun -- "N tanks", "N years" -- or a modal -- "N could die" -- stops it);
* the subject of a passive toll verb across an apposition: "198 civilians,
  including three children, had been killed";
* an active toll verb before its victims: "killing at least five people",
  "strikes kill 11 civilians" (not after a modal: "may have killed N");
* a toll noun: "the death toll rose to 57"; lives: "claimed more than 14,000 lives".

Numbers inside a time expression ("2022", "six months") are never tolls. A toll
goes to the nearest event of a type that takes it (``event_types`` in the lexicon)
mentioned in its sentence; a sentence with a toll but no event gives it to the
one such event of the sentence before, in the same paragraph ("Missiles hit a
mall in Kremenchuk. At least 18 people were killed."). An event keeps the
largest toll of each kind ("198 civilians, including three children"), where an
enumerated toll ("four generals, 58 colonels and 176 other officers were
killed") counts as the sum of its groups; ``size["figures"]`` keeps every number
of a kind when there are several, with its span. Count nouns and victims as a
group: "the number of wounded rose to 35", "among the dead were N". A war's
running toll ("the conflict has claimed 14,000 lives") goes to the war's event
(:mod:`.war_tolls`), marked ``size["scope"] = "cumulative"``. The lexicon is
``data/events/casualties.json``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from dateline.model import Event, Sentence, Timex
from dateline.packagedata import read_json

if TYPE_CHECKING:
    from spacy.tokens import Span as SpacySpan
    from spacy.tokens import Token

    from dateline.pipeline import Analysis

WINDOW = 7  # tokens between a number and its toll word, or a toll word and its number
LOOKBACK = 3  # sentences a toll standing alone looks back for its event
MULTIPLIERS = {"hundred": 100, "thousand": 1000, "million": 1_000_000}


@dataclass(frozen=True, slots=True)
class Toll:
    kind: str  # dead | injured | arrested
    value: int
    start: int  # character span of the number
    end: int
    # enumerated groups of one toll ("four generals, 58 colonels and 176 other
    # officers were killed") share the index of their first conjunct: their sum is the toll
    group: int = -1
    # a war's running total ("the conflict has claimed 14,000 lives"): the war noun's
    # character span, where the toll belongs (see :mod:`.war_tolls`)
    holder: tuple[int, int] | None = None


@dataclass(frozen=True)
class Lexicon:
    words: dict[str, str]
    passive_only: frozenset[str]
    active_verbs: frozenset[str]
    toll_nouns: frozenset[str]
    toll_links: frozenset[str]
    lives_nouns: frozenset[str]
    lives_verbs: frozenset[str]
    prefixes: frozenset[str]
    skip: frozenset[str]
    stop_nouns: frozenset[str]
    modal: frozenset[str]
    of_nouns: frozenset[str]
    dead_verbs: frozenset[str]
    suffer_verbs: frozenset[str]
    kin_nouns: frozenset[str]
    age_units: frozenset[str]
    war_nouns: frozenset[str]
    episode_nouns: frozenset[str]
    war_preps: frozenset[str]
    cumulative_cues: frozenset[str]
    count_nouns: frozenset[str]
    number_words: dict[str, int]
    event_types: dict[str, frozenset[str]]


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    data: dict[str, Any] = read_json("events", "casualties.json")
    sets = {k: frozenset(v) for k, v in data.items() if isinstance(v, list)}
    return Lexicon(
        words=dict(data["words"]), number_words=dict(data["number_words"]),
        event_types={k: frozenset(v) for k, v in data["event_types"].items()},
        passive_only=sets["passive_only"], active_verbs=sets["active_verbs"],
        toll_nouns=sets["toll_nouns"], toll_links=sets["toll_links"], lives_nouns=sets["lives_nouns"],
        lives_verbs=sets["lives_verbs"], prefixes=sets["prefixes"], skip=sets["skip"],
        stop_nouns=sets["stop_nouns"], modal=sets["modal"], of_nouns=sets["of_nouns"],
        dead_verbs=sets["dead_verbs"], suffer_verbs=sets["suffer_verbs"], kin_nouns=sets["kin_nouns"],
        age_units=sets["age_units"], war_nouns=sets["war_nouns"], episode_nouns=sets["episode_nouns"],
        war_preps=sets["war_preps"], cumulative_cues=sets["cumulative_cues"], count_nouns=sets["count_nouns"],
    )


def _lemma(token: Token) -> str:
    return str(token.lemma_).lower()


def _number(tokens: Sequence[Token], i: int, lex: Lexicon) -> tuple[int, int] | None:
    """``(value, index of its last token)`` of a count starting at ``tokens[i]``."""
    token = tokens[i]
    text = token.lower_
    digits = text.replace(",", "")
    # ASCII digits only: str.isdigit() also accepts superscripts ("²"), which int() refuses
    if digits.isascii() and digits.isdigit() and (len(digits) <= 3 or "," in text or len(digits) > 4):
        value = int(digits)  # a bare four-digit number is a year far more often than a toll
    elif text in lex.number_words and (token.pos_ == "NUM" or token.like_num or text == "one"):
        value = lex.number_words[text]
        # "twenty-five"
        if i + 2 < len(tokens) and tokens[i + 1].text == "-" and tokens[i + 2].lower_ in lex.number_words:
            value += lex.number_words[tokens[i + 2].lower_]
            i += 2
    else:
        return None
    if i + 1 < len(tokens) and tokens[i + 1].lower_ in MULTIPLIERS:
        value *= MULTIPLIERS[tokens[i + 1].lower_]
        i += 1
    return value, i


def _kind(token: Token, lex: Lexicon) -> str | None:
    return lex.words.get(token.lower_) or lex.words.get(_lemma(token))


def _is_modal(token: Token, lex: Lexicon) -> bool:
    return token.lower_ in lex.modal or any(c.lower_ in lex.modal for c in token.children if c.dep_ == "aux")


def _hypothetical(token: Token, lex: Lexicon) -> bool:
    """A toll word under a modal ("there might have been two people killed")."""
    node = token
    for _ in range(3):
        if _is_modal(node, lex):
            return True
        if node.head == node:
            return False
        node = node.head
    return False


def _not_a_count(tokens: Sequence[Token], i: int, last: int, lex: Lexicon) -> bool:
    """An age ("a 16-year-old"), a clock time ("9:36"), or a family's size ("a mother of 12")."""
    following = [t.lower_ for t in tokens[last + 1 : last + 6] if t.text != "-"]
    if len(following) >= 2 and following[0] in lex.age_units and following[1] == "old":
        return True
    if i > 0 and tokens[i - 1].text == ":":
        return True
    return i > 1 and tokens[i - 1].lower_ == "of" and tokens[i - 2].lower_ in lex.kin_nouns


def _active_with_object(token: Token) -> bool:
    return token.pos_ == "VERB" and any(c.dep_ == "dobj" for c in token.children) and not any(
        c.dep_ == "auxpass" for c in token.children)


def _after(tokens: Sequence[Token], last: int, lex: Lexicon) -> str | None:
    """The toll word after a number ("five people were killed", "18 injured", "263 dead")."""
    for token in tokens[last + 1 : last + 1 + WINDOW]:
        low = token.lower_
        if low in lex.stop_nouns or low in lex.modal:
            return None
        kind = _kind(token, lex)
        if kind is not None:
            # "two soldiers killed three civilians": the number counts the killers
            return None if _active_with_object(token) or _hypothetical(token, lex) else kind
        if _lemma(token) in lex.suffer_verbs and any(_kind(t, lex) == "injured" for t in token.rights):
            return "injured"  # "two officers suffered minor injuries"
        if _lemma(token) in lex.lives_verbs and any(t.lower_ in lex.lives_nouns for t in token.rights):
            return "dead"  # "N people lost their lives"
        if low in lex.skip or low in lex.prefixes:
            continue
        if token.is_punct or token.like_num or token.pos_ in ("VERB", "ADP", "SCONJ", "CCONJ", "PRON"):
            return None
        if token.pos_ not in ("NOUN", "PROPN", "ADJ", "ADV", "DET", "AUX", "PART"):
            return None
    return None


def _toll_verb(verb: Token, lex: Lexicon) -> str | None:
    kind = _kind(verb, lex)
    if kind is not None and verb.lower_ not in lex.passive_only and not _is_modal(verb, lex):
        return kind
    return None


def _subject_of_toll_verb(token: Token, lex: Lexicon) -> str | None:
    """"198 civilians, including three children, had been killed": the parse links them;
    so does a relative clause: "nine women and children ... who were killed"."""
    noun = token.head if token.dep_ == "nummod" else token
    if noun.lower_ in lexicon().stop_nouns:
        return None  # "2 schools and 40 people were injured"
    verb = noun.head
    if noun.dep_ == "nsubjpass" or (noun.dep_ == "nsubj" and verb.pos_ == "VERB" and _lemma(verb) == "die"):
        kind = _toll_verb(verb, lex)
        if kind is not None:
            return kind
    for clause in noun.children:
        # the relative pronoun is the clause's passive subject ("who were killed") or
        # the subject of "die" ("who died"); "who killed ..." counts the killers
        if clause.dep_ == "relcl" and any(
            c.dep_ == "nsubjpass" or (c.dep_ == "nsubj" and _lemma(clause) == "die")
            for c in clause.children if c.tag_ in ("WP", "WDT")
        ):
            return _toll_verb(clause, lex)
    return None


def _before(tokens: Sequence[Token], i: int, lex: Lexicon) -> str | None:
    """An active toll verb, toll noun or lives verb before the number."""
    j = i - 1
    while j >= 0 and i - j <= WINDOW:
        token = tokens[j]
        low = token.lower_
        if _lemma(token) in lex.active_verbs and token.pos_ == "VERB":
            if any(c.dep_ == "auxpass" for c in token.children) or _is_modal(token, lex):
                return None
            return _kind(token, lex)
        if low in lex.toll_nouns:
            return "dead"
        if low == "of" and j > 0 and tokens[j - 1].lower_ in lex.of_nouns:
            return "dead"  # "the deaths of 40 children", "the killings of four people"
        if low == "of" and j > 0 and tokens[j - 1].lower_ in lex.lives_nouns and any(
                _lemma(t) in lex.lives_verbs for t in tokens[max(0, j - 4) : j - 1]):
            return "dead"  # "took the lives of two officers"
        verb = tokens[j - 1] if j > 0 else None
        if low == "dead" and verb is not None and (verb.lower_ in lex.dead_verbs or _lemma(verb) in lex.dead_verbs):
            return None if _is_modal(verb, lex) else "dead"  # "shooting dead three people"
        if low in lex.prefixes or low in lex.toll_links or token.pos_ == "ADV":
            j -= 1
            continue
        return None
    return None


def _toll_noun_governs(token: Token, lex: Lexicon) -> bool:
    """"the death toll (from the strike) rose to 23", "a toll of 23": by the parse."""
    node = token
    for _ in range(3):
        node = node.head
        if node.lower_ in lex.toll_nouns:
            return True
        if any(c.dep_ in ("nsubj", "nsubjpass") and c.lower_ in lex.toll_nouns for c in node.children):
            return not _is_modal(node, lex)
        if node.head == node:
            return False
    return False


def _lives(tokens: Sequence[Token], i: int, last: int, lex: Lexicon) -> bool:
    """"claimed more than 14,000 lives", "cost 30 civilian lives"."""
    after = tokens[last + 1 : last + 4]
    if not any(t.lower_ in lex.lives_nouns for t in after):
        return False
    return any(_lemma(t) in lex.lives_verbs for t in tokens[max(0, i - WINDOW) : i])


COUNT_LINKS = frozenset({"be", "rise", "reach", "stand", "climb", "hit", "include", "exceed", "grow", "increase"})
VICTIM_PRONOUNS = frozenset({"those", "people", "persons", "ones"})


def _victims(side: Token, lex: Lexicon) -> str | None:
    """The victims as a group: "the dead", "the wounded", "those killed", "those who died"."""
    if side.lower_ in VICTIM_PRONOUNS:
        return next((_kind(c, lex) for c in side.children if c.dep_ in ("acl", "relcl") and _kind(c, lex)), None)
    if side.pos_ != "PROPN" and any(c.lower_ == "the" for c in side.children) and not side.n_rights:
        return _kind(side, lex)
    return None


def _count_noun_kind(token: Token, lex: Lexicon) -> str | None:
    """"the number of dead rose to 20", "20 people are on the list of wounded": a count
    noun ("number", "list") of a toll word, subject or prepositional object of a
    linking verb whose other side is the number; the victims as a group: "among the
    dead are N officers", "those killed include N", "the wounded include N"."""
    noun = token.head if token.dep_ == "nummod" else token
    if noun.lower_ in lex.stop_nouns:
        return None
    verb = noun.head.head if noun.dep_ == "pobj" else noun.head
    if noun.dep_ not in ("pobj", "dobj", "attr", "nsubj") or _lemma(verb) not in COUNT_LINKS:
        return None
    if _is_modal(verb, lex):
        return None
    sides = [c for c in verb.children if c.dep_ in ("nsubj", "attr")]
    sides += [o for p in verb.children if p.dep_ == "prep" for o in p.children if o.dep_ == "pobj"]
    for side in sides:
        if side == noun:
            continue
        victims = _victims(side, lex)
        if victims is not None:
            return victims
        if side.lower_ not in lex.count_nouns:
            continue
        for prep in side.children:
            if prep.dep_ == "prep" and prep.lower_ == "of":
                for word in prep.children:
                    kind = _kind(word, lex) or next((_kind(t, lex) for t in word.children if t.dep_ == "amod"), None)
                    if kind is not None:
                        return kind
    return None


def _listed(noun: Token) -> bool:
    """A later item of a list: a conjunct, or the middle of "A, B and C", which the
    parser often takes for an apposition of A (an apposition alone restates: "14
    people, three children" is not a list)."""
    return noun.dep_ == "conj" or (noun.dep_ == "appos" and any(c.dep_ == "conj" for c in noun.children))


def _group(token: Token) -> int:
    """The first item of the listed nouns the number counts ("four generals, 58
    colonels and 176 other officers"), or -1 when its noun stands alone. The parser
    also gives a list as two subjects (or objects) of one verb."""
    noun = token.head if token.dep_ == "nummod" else token
    listed = _listed(noun) or any(_listed(c) for c in noun.children)
    while _listed(noun) and noun.head != noun:
        noun = noun.head
    if noun.dep_ in ("nsubj", "nsubjpass", "dobj") and noun.head != noun:
        siblings = [c for c in noun.head.children if c.dep_ == noun.dep_]
        if len(siblings) > 1:
            return int(siblings[0].i)
    return int(noun.i) if listed else -1


LIST_GLUE = frozenset({",", "and", ", and"})


def _next_item(token: Token, lex: Lexicon) -> int | None:
    """The token index of the number of the next list item after the one counted from
    ``token`` ("four generals, 58 colonels": 58), read from the words, for the parses
    that break the list; ``None`` when no item follows or the noun is a unit."""
    tokens = token.doc
    j = token.i + 1
    while j < len(tokens) and j - token.i <= 3 and tokens[j].pos_ in ("ADJ", "NUM") and not tokens[j].like_num:
        j += 1
    if j >= len(tokens) or tokens[j].pos_ not in ("NOUN", "PROPN"):
        return None
    while j + 1 < len(tokens) and tokens[j + 1].pos_ in ("NOUN", "PROPN"):
        j += 1  # "lieutenant colonels"
    if tokens[j].lower_ in lex.stop_nouns:
        return None
    j += 1
    glue = 0
    while j < len(tokens) and tokens[j].lower_ in LIST_GLUE and glue < 2:
        j += 1
        glue += 1
    if not glue or j >= len(tokens) or not tokens[j].like_num:
        return None
    k = j + 1
    while k < len(tokens) and tokens[k].pos_ in ("ADJ", "NUM") and not tokens[k].like_num:
        k += 1
    # the next item counts a noun of its own: "5 people, 3 of them children" is a subset
    return j if k < len(tokens) and tokens[k].pos_ in ("NOUN", "PROPN") else None


def _enumerated(unread: list[tuple[Token, int, int, int]], found: list[Toll], lex: Lexicon) -> None:
    """Numbers with no toll word of their own that are groups of an enumerated toll
    join ``found``: in "four generals, 58 colonels and 176 other officers were killed"
    only the last group stands next to "killed", in "killing four generals, 58
    colonels and 176 lieutenant colonels" only the first; the others take its kind
    and group, found by the parse (conjuncts) or, where it breaks the list, by the
    words. A toll that opens or closes such a list (its own kind read) makes it a group."""
    doc = unread[0][0].doc if unread else None
    at: dict[int, int] = {}  # token index of a toll's number -> its place in found
    for n, toll in enumerate(found):
        span = None if doc is None else doc.char_span(toll.start, toll.end)
        if span is not None:
            at[span[0].i] = n
    waiting = sorted(unread, key=lambda u: u[0].i)
    progress = True
    while waiting and progress:
        progress = False
        for item in list(waiting):
            token, value, start, end = item
            noun = token.head if token.dep_ == "nummod" else token
            if noun.lower_ in lex.stop_nouns:
                waiting.remove(item)
                continue
            group = _group(token)
            members = [t for t in found if t.group == group] if group >= 0 and noun.pos_ in ("NOUN", "PROPN") else []
            if len({t.kind for t in members}) == 1:
                kin, group = members[0], group
            else:
                following = _next_item(token, lex)
                previous = next((i for i in at if _next_item(token.doc[i], lex) == token.i), None)
                place = at.get(following) if following is not None else None
                if place is None and previous is not None:
                    place = at[previous]
                if place is None:
                    continue
                kin = found[place]
                if kin.group < 0:
                    found[place] = kin = replace(kin, group=token.doc[[i for i, n in at.items() if n == place][0]].i)
                group = kin.group
            at[token.i] = len(found)
            found.append(Toll(kin.kind, value, start, end, group, kin.holder))
            waiting.remove(item)
            progress = True


def find_tolls(sentence: SpacySpan, timexes: Sequence[Timex] = ()) -> list[Toll]:
    """Every toll the sentence states."""
    from dateline.nlp.events.war_tolls import war_holder

    lex = lexicon()
    tokens = list(sentence)
    found: list[Toll] = []
    unread: list[tuple[Token, int, int, int]] = []
    i = 0
    while i < len(tokens):
        parsed = _number(tokens, i, lex)
        if parsed is None:
            i += 1
            continue
        value, last = parsed
        start, end = tokens[i].idx, tokens[last].idx + len(tokens[last])
        if any(t.span.start <= start < t.span.end for t in timexes) or _not_a_count(tokens, i, last, lex):
            i = last + 1
            continue
        # lives first: in "the loss of 43 lives and injuries to many" the number counts lives
        kind = ("dead" if _lives(tokens, i, last, lex) else None) or (
            _after(tokens, last, lex) or _subject_of_toll_verb(tokens[i], lex)
            or _before(tokens, i, lex) or ("dead" if _toll_noun_governs(tokens[i], lex) else None)
            or _count_noun_kind(tokens[i], lex))
        if kind is not None:
            war = war_holder(tokens[i], lex) if kind != "arrested" else None
            holder = None if war is None else (int(war.idx), int(war.idx + len(war)))
            found.append(Toll(kind, value, start, end, _group(tokens[i]), holder))
        else:
            unread.append((tokens[i], value, start, end))
        i = last + 1
    _enumerated(unread, found, lex)
    return found


def _sentence_of(sentences: Sequence[Sentence], offset: int) -> Sentence | None:
    for sentence in sentences:
        if sentence.start <= offset < sentence.end:
            return sentence
    return None


def _target(toll: Toll, events: Sequence[Event], sentences: Sequence[Sentence],
            lex: Lexicon) -> Event | None:
    here = _sentence_of(sentences, toll.start)
    if here is None:
        return None
    eligible = [e for e in events if e.event in lex.event_types.get(toll.kind, ())]

    def in_sentence(event: Event, index: int) -> bool:
        return any(m.sentence == index for m in event.mentions)

    same = [e for e in eligible if in_sentence(e, here.index)]
    if same:
        return min(same, key=lambda e: min(abs(m.start - toll.start) for m in e.mentions if m.sentence == here.index))
    if any(in_sentence(e, here.index) for e in events):
        return None  # the sentence's own event is of another kind: no guessing across sentences
    # A sentence of its own ("At least 18 people were killed.", "About 100 people have
    # been injured."): the nearest event that takes it in the sentences just before,
    # within the paragraph (of two in one sentence, the one mentioned last: the nearer).
    by_index = {s.index: s for s in sentences}
    for back in range(1, LOOKBACK + 1):
        previous = by_index.get(here.index - back)
        if previous is None or previous.paragraph != here.paragraph:
            return None
        before = [e for e in eligible if in_sentence(e, previous.index)]
        if before:
            return max(before, key=lambda e: max(m.start for m in e.mentions if m.sentence == previous.index))
        if any(in_sentence(e, previous.index) for e in events):
            return None  # a sentence about something else stands between
    return None


def _size(tolls: list[Toll]) -> dict[str, Any]:
    """An event's size from its tolls: per kind the largest toll, where the groups of
    an enumerated toll count as their sum. When more than one number of a kind goes
    to the event, ``figures`` lists each (kind, value, character span; ``summed``:
    a group of an enumerated toll, else another figure the text gives: a subset, an
    earlier count); ``scope`` is ``cumulative`` for a war's running total."""
    size: dict[str, Any] = {}
    sums: dict[tuple[str, int], int] = {}
    for toll in tolls:
        if toll.group >= 0:
            sums[(toll.kind, toll.group)] = sums.get((toll.kind, toll.group), 0) + toll.value
        else:
            size[toll.kind] = max(int(size.get(toll.kind) or 0), toll.value)
    for (kind, _), total in sums.items():
        size[kind] = max(int(size.get(kind) or 0), total)
    several = [t for t in tolls if sum(1 for u in tolls if u.kind == t.kind) > 1]
    if several:
        size["figures"] = [
            {"kind": t.kind, "value": t.value, "start": t.start, "end": t.end,
             "summed": sum(1 for u in tolls if u.group == t.group and u.kind == t.kind) > 1 and t.group >= 0}
            for t in sorted(several, key=lambda t: t.start)
        ]
    if any(t.holder is not None for t in tolls):
        size["scope"] = "cumulative"
    return size


def attach_casualties(analysis: Analysis, events: list[Event]) -> None:
    """Set ``size`` (dead, injured, arrested) of the events the tolls of the text belong to.

    This module is the one place tolls come from: sizes set earlier are replaced
    (``None`` when no toll belongs to the event). A war's running toll goes to the
    war's event, made by :mod:`.war_tolls` (appended to ``events``) when the events
    stage coded none; a running total that names no war and finds no event goes to
    the document's first war event, if it has one.
    """
    from dateline.nlp.events.war_tolls import restates_total, war_event

    lex = lexicon()
    sentences = analysis.document.sentences
    timexes = analysis.extraction.timexes
    create = bool(analysis.config.options_for("events").get("war_events", True))
    for event in events:
        event.size = None
    tolls: dict[str, list[Toll]] = {}
    wars: dict[tuple[int, int], Event] = {}  # a war noun -> the event its first toll went to
    totals: list[Toll] = []  # running totals with no war named and no event of their own
    for sentence in analysis.doc.sents:
        for toll in find_tolls(sentence, timexes):
            if toll.holder is not None:
                noun = analysis.doc.char_span(*toll.holder)
                number = analysis.doc.char_span(toll.start, toll.end)
                target = wars.get(toll.holder)
                if target is None and noun is not None and number is not None:
                    target = war_event(analysis, noun.root, number[0], events, lex.event_types.get(toll.kind, ()),
                                       create=create)
                    if target is not None:
                        wars[toll.holder] = target
            else:
                target = _target(toll, events, sentences, lex)
                if target is None and toll.kind != "arrested":
                    number = analysis.doc.char_span(toll.start, toll.end)
                    if number is not None and restates_total(number[0], lex):
                        totals.append(toll)
            if target is not None:
                tolls.setdefault(target.id, []).append(toll)
    if wars and totals:
        war = min(wars.values(), key=lambda e: min(m.start for m in e.mentions))
        tolls.setdefault(war.id, []).extend(totals)
    for event in events:
        if event.id in tolls:
            event.size = _size(tolls[event.id])
