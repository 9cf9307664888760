"""From parse-level candidates to PLOVER :class:`~dateline.model.Event` objects.

Steps, per document:

1. :func:`mentions` turns each :class:`~dateline.nlp.events.syntax.Candidate`
   into an :class:`EventMention`: actor and recipient ids (actors stage, coref,
   quote speakers for "I"/"we"), date (time stage), location (places stage),
   historical mode, attribution and hedging (quotes stage), mode, context,
   casualties and the duration the text gives the event.
2. :func:`merge` makes one :class:`~dateline.model.Event` per happening, and a
   :class:`~dateline.model.Contradiction` where its mentions disagree.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from dateline.model import Actor, Contradiction, Event, Location, Mention, Place, Quote, Span
from dateline.nlp.events.resources import Resources
from dateline.nlp.events.syntax import FIRST_PERSON, NP_CUT_DEPS, Candidate, lemma
from dateline.resolve.index import ActorIndex

if TYPE_CHECKING:
    from spacy.tokens import Token

    from dateline.pipeline import Analysis

MODAL_AUX = ("negation", "future", "hypothetical")
# Confidence factors (documented in docs/events.md).
BASE_CONFIDENCE = 0.9
NO_ACTOR_FACTOR = 0.8
HEDGE_FACTOR = 0.6
ATTRIBUTED_FACTOR = 0.85
DATE_WEIGHT = 0.2  # share of the final confidence that comes from the date's confidence

DateFn = Callable[["Analysis", int, int], tuple[str | None, str, float]]


@dataclass
class EventMention:
    cand: Candidate
    event: str
    mode: str | None
    actors: list[str]
    recipients: list[str]
    aux: set[str]
    date: str | None
    precision: str
    date_confidence: float
    location: Place | None
    attribution: str | None
    hedged: bool
    context: set[str]
    size: dict[str, int]
    duration: tuple[str, Span] | None
    mention: Mention
    codes: set[str] = field(default_factory=set)
    recipient_codes: set[str] = field(default_factory=set)
    # the parties of ``actors`` that are the other side of a two-sided event
    counterparts: list[str] = field(default_factory=list)
    type_support: float | None = None  # the event typer's calibrated confidence in the type
    precedes: EventMention | None = None  # "X came days *after* this happened": this is before X


@lru_cache(maxsize=1)
def _country_rows() -> tuple[dict[str, Any], ...]:
    """The actors stage's country table (empty when it is not installed)."""
    try:
        text = (resources.files("dateline") / "data" / "actors" / "countries.jsonl").read_text(
            encoding="utf-8"
        )
    except OSError:
        return ()
    return tuple(json.loads(line) for line in text.splitlines() if line.strip())


@lru_cache(maxsize=1)
def _iso2_to_code() -> dict[str, str]:
    """ISO alpha-2 -> alpha-3."""
    return {
        str(row["iso2"]).upper(): str(row["code"])
        for row in _country_rows()
        if row.get("iso2") and row.get("code")
    }


@lru_cache(maxsize=1)
def _demonyms() -> dict[str, str]:
    """Nationality adjective -> alpha-3."""
    table: dict[str, str] = {}
    for row in _country_rows():
        for demonym in row.get("demonyms") or []:
            if demonym.isalpha():
                table.setdefault(str(demonym), str(row["code"]))
    return table


def _date_function() -> DateFn | None:
    try:
        from dateline.nlp.time.dating import date_for_span
    except ImportError:  # the time stage is not installed: events stay undated
        return None
    return date_for_span


class MentionBuilder:
    """Resolves candidates of one document against the other stages' layers."""

    def __init__(self, analysis: Analysis, res: Resources) -> None:
        self.analysis = analysis
        self.res = res
        extraction = analysis.extraction
        self.text = analysis.document.text
        self.index = ActorIndex(extraction.actors)
        self.by_id: dict[str, Actor] = {a.id: a for a in extraction.actors}
        coref = analysis.shared.get("coref") or {}
        self.coref: dict[tuple[int, int], str] = {
            (int(k[0]), int(k[1])): str(v) for k, v in coref.items() if isinstance(k, tuple)
        }
        self.quotes: list[Quote] = list(extraction.quotes)
        self.places: list[Place] = sorted(extraction.places, key=lambda p: p.span.start)
        self.durations = [t for t in extraction.timexes if t.type == "DURATION"]
        self.dates = [t for t in extraction.timexes if t.type in ("DATE", "TIME") and t.resolved]
        self.date_fn = _date_function()
        self.country_actor: dict[str, str] = {}
        for actor in extraction.actors:
            if actor.code and (actor.kind == "country" or actor.id.startswith("country:")):
                current = self.country_actor.get(actor.code)
                # prefer the plain country over a sector variant
                if current is None or len(actor.id) < len(current):
                    self.country_actor[actor.code] = actor.id
        self.names: dict[str, str] = {}
        for actor in extraction.actors:
            for m in actor.mentions:
                if m.text[:1].isupper() and " " not in m.text:
                    self.names.setdefault(m.text, actor.id)
        published = analysis.document.published or ""
        self.published_year = int(published[:4]) if published[:4].isdigit() else None

    # -- actors -----------------------------------------------------------

    def _core(self, token: Token) -> tuple[int, int]:
        """Character span of a noun phrase without its prepositional phrases,
        relative clauses and conjuncts."""
        if token.text in ("'s", "\u2019s") and token.i > 0:
            token = token.doc[token.i - 1]
        lo, hi = token.i, token.i + 1
        stack = [token]
        while stack:
            node = stack.pop()
            for child in node.children:
                if child.dep_ in NP_CUT_DEPS:
                    continue
                lo, hi = min(lo, child.i), max(hi, child.i + 1)
                stack.append(child)
        doc = token.doc
        return int(doc[lo].idx), int(doc[hi - 1].idx + len(doc[hi - 1].text))

    def quote_at(self, start: int, end: int) -> Quote | None:
        for quote in self.quotes:
            if any(s.start <= start and end <= s.end for s in quote.content):
                return quote
        return None

    def resolve(self, token: Token) -> str | None:
        if token.text in ("'s", "\u2019s") and token.i > 0:
            token = token.doc[token.i - 1]
        start, end = int(token.idx), int(token.idx + len(token.text))
        if token.pos_ == "PRON" or token.tag_ in ("PRP", "PRP$"):
            if token.lower_ in FIRST_PERSON:
                quote = self.quote_at(start, end)
                if quote is not None and quote.speaker.actor_id:
                    return quote.speaker.actor_id
            found = self.coref.get((start, end))
            if found:
                return found
            actor = self.index.at(start, end)
            return actor.id if actor is not None else None
        core_start, core_end = self._core(token)
        actor = self.index.at(start, end) or self.index.at(core_start, core_end)
        if actor is None:
            inside = self.index.mentions_in(core_start, core_end)
            if inside:
                actor = inside[-1][1]
        if actor is None:
            found = self.coref.get((core_start, core_end))
            if found:
                return found
        return actor.id if actor is not None else None

    def code(self, actor_id: str) -> str:
        actor = self.by_id.get(actor_id)
        if actor is not None and actor.code:
            return actor.code
        return actor_id

    def _resolve_all(self, tokens: Iterable[Token]) -> list[str]:
        ids: list[str] = []
        for token in tokens:
            found = self.resolve(token)
            if found and found not in ids:
                ids.append(found)
        return ids

    def _fallback_recipient(self, cand: Candidate, actor_codes: set[str]) -> list[str]:
        """A directed event whose recipient the syntax did not give: the first
        other party named after the trigger within its clause ("expressed
        disappointment following a call with Putin"), or, for a relative clause
        ("..., which Kyiv rejected"), the nearest one before it."""
        doc = cand.trigger.doc
        lo, hi = cand.scope
        scope_end = int(doc[hi - 1].idx + len(doc[hi - 1].text)) if hi > lo else cand.end
        for _mention, actor in self.index.mentions_in(cand.end, scope_end):
            if (actor.code or actor.id) not in actor_codes:
                return [actor.id]
        if cand.relative_object is not None:
            sent = cand.trigger.sent
            before = self.index.mentions_in(int(sent.start_char), cand.start)
            pronouns = [
                (int(t.idx), int(t.idx + len(t.text)))
                for t in sent
                if t.tag_ in ("PRP", "PRP$") and t.idx < cand.start
            ]
            items: list[tuple[int, str]] = [(m.start, a.id) for m, a in before]
            for span in pronouns:
                found = self.coref.get(span)
                if found:
                    items.append((span[0], found))
            for _, actor_id in sorted(items, reverse=True):
                if self.code(actor_id) not in actor_codes:
                    return [actor_id]
        return []

    def _place_recipient(self, cand: Candidate) -> list[str]:
        """Violence or seizure aimed at a place ("a strike on a Kyiv suburb",
        "control of the Luhansk region"): the place's country is the recipient."""
        iso = _iso2_to_code()
        doc = cand.trigger.doc
        lo, hi = cand.scope
        start, end = int(doc[lo].idx), int(doc[hi - 1].idx + len(doc[hi - 1].text))
        for place in self.places:
            if start <= place.span.start and place.span.end <= end and place.span.start >= cand.start:
                code = iso.get((place.country or "").upper())
                if code and code in self.country_actor:
                    return [self.country_actor[code]]
        # Without a gazetteer hit: a name that elsewhere in this document names
        # an actor ("Kyiv" rejected ... a Kyiv suburb) belongs to that actor's country.
        for token in cand.recipient_tokens:
            for child in token.subtree:
                if child.pos_ != "PROPN":
                    continue
                actor_id = self.names.get(child.text)
                if actor_id is not None:
                    code = self.code(actor_id)
                    return [self.country_actor.get(code, actor_id)]
        return []

    def _demonym(self, tokens: list[Token]) -> list[str]:
        """"the Ukrainian proposal": a nationality adjective names the country."""
        table = _demonyms()
        for token in tokens:
            for child in token.children:
                if child.dep_ in ("amod", "compound") and child.text in table:
                    code = table[child.text]
                    if code in self.country_actor:
                        return [self.country_actor[code]]
        return []

    def _demonym_actor(self, tokens: list[Token]) -> list[str]:
        """"repelled a Russian attack": the nationality adjective that owns a
        noun event names the country, when the document names it too."""
        table = _demonyms()
        for token in tokens:
            code = table.get(token.text)
            if code is not None and code in self.country_actor:
                return [self.country_actor[code]]
        return []

    # -- attributes -------------------------------------------------------

    def _scope_tokens(self, cand: Candidate) -> list[Token]:
        doc = cand.trigger.doc
        lo, hi = cand.scope
        return [doc[i] for i in range(lo, hi)]

    def _mode(self, cand: Candidate, tokens: list[Token]) -> str | None:
        if cand.mode:
            return cand.mode
        keywords: dict[str, str] = self.res.cues["mode_keywords"].get(cand.event, {})
        if not keywords:
            return None
        # words next to the trigger first ("a drone strike"), then the clause
        near = sorted(tokens, key=lambda t: abs(t.i - cand.trigger.i))
        for token in near:
            mode = keywords.get(lemma(token)) or keywords.get(token.lower_)
            if mode and mode in self.res.types[cand.event].modes:
                return mode
        return None

    def _context(self, cand: Candidate, tokens: list[Token]) -> set[str]:
        found = set(cand.entry.context)
        text = " ".join(t.lower_ for t in tokens)
        words = {lemma(t) for t in tokens} | {t.lower_ for t in tokens}
        for context, keywords in self.res.cues["contexts"].items():
            for keyword in keywords:
                if (" " in keyword and keyword in text) or keyword in words:
                    found.add(context)
                    break
        return found

    def _size(self, cand: Candidate, tokens: list[Token]) -> dict[str, int]:
        if cand.event not in ("ASSAULT", "COERCE", "PROTEST"):
            return {}
        cues = self.res.cues["casualties"]
        verbs, adjectives, numbers = cues["verbs"], cues["adjectives"], cues["number_words"]
        size: dict[str, int] = {}
        for token in tokens:
            value = _number(token, numbers)
            if value is None:
                continue
            head = token.head
            # "killing 5 people", "5 people were killed", "12 dead", "30 injured"
            kinds = [
                verbs.get(lemma(head)),
                adjectives.get(head.lower_),
                adjectives.get(token.lower_),
            ]
            if head.dep_ in ("dobj", "nsubjpass", "nsubj") and head.head != head:
                kinds.append(verbs.get(lemma(head.head)))
                kinds.extend(adjectives.get(c.lower_) for c in head.head.children if c.dep_ == "acomp")
            for child in head.children:
                if child.dep_ == "amod":
                    kinds.append(adjectives.get(child.lower_))
            for kind in kinds:
                if kind:
                    size[kind] = max(size.get(kind, 0), value)
                    break
        return size

    def _duration(self, cand: Candidate) -> tuple[str, Span] | None:
        """A length the text gives the event itself ("a two-hour call")."""
        trig = cand.trigger
        if trig.pos_ not in ("NOUN", "PROPN"):
            return None
        left = int(trig.left_edge.idx)
        for timex in self.durations:
            if left <= timex.span.start and timex.span.end <= cand.start and timex.value:
                return timex.value, timex.span
        units: dict[str, str] = self.res.cues["durations"]["units"]
        numbers: dict[str, int] = self.res.cues["casualties"]["number_words"]
        for child in trig.children:
            if child.dep_ not in ("amod", "compound", "nmod") or child.i > trig.i:
                continue
            # "two-hour", "hour-long", "90-minute", "a 30 minute"
            words = [w for t in child.subtree for w in t.lower_.split("-") if w]
            for k, word in enumerate(words):
                unit = units.get(word.rstrip("s"))
                if unit is None:
                    continue
                count = 1
                if k > 0 and (words[k - 1].isdigit() or words[k - 1] in numbers):
                    prev = words[k - 1]
                    count = int(prev) if prev.isdigit() else numbers[prev]
                elif k + 1 >= len(words) or words[k + 1] != "long":
                    continue  # "hour" alone is not a length
                value = f"PT{count}{unit}" if word.rstrip("s") in ("hour", "minute", "second") else f"P{count}{unit}"
                start = int(child.left_edge.idx)
                end = int(child.right_edge.idx + len(child.right_edge.text))
                return value, Span.of(self.text, start, end)
        return None

    def _scoped_date(
        self, cand: Candidate, tokens: list[Token], precision: str
    ) -> tuple[str, str, float] | None:
        """A day-precise date inside the trigger's own clause beats a vaguer
        linked one ("This week, forces had secured ... on July 1")."""
        if precision == "day" or not tokens:
            return None
        try:
            from dateline.nlp.time.dating import precision_of
        except ImportError:
            return None
        start, end = int(tokens[0].idx), int(tokens[-1].idx + len(tokens[-1].text))
        quote = self.quote_at(cand.start, cand.end)
        for timex in self.dates:
            if (
                start <= timex.span.start
                and timex.span.end <= end
                and timex.value
                and self.quote_at(timex.span.start, timex.span.end) is quote
                and precision_of(timex.value) == "day"
            ):
                return timex.value[:10], "day", 0.85 * timex.confidence
        return None

    def _location(self, cand: Candidate, tokens: list[Token], party_spans: list[tuple[int, int]]) -> Place | None:
        """Where the event happened: a place in a locative phrase ("in Riyadh",
        "on a Kyiv suburb") of the trigger's clause or of a clause above it
        ("speaking in Denmark, confirmed he is seeking ..."); never a place that
        names a party ("deliveries to Kyiv")."""
        if not tokens or not self.places:
            return None
        doc = cand.trigger.doc
        locative = self.res.words("locative_preps")
        ancestors = {cand.anchor.i, cand.trigger.i} | {t.i for t in cand.anchor.ancestors}
        best: tuple[int, Place] | None = None
        for place in self.places:
            span = place.span
            if any(a <= span.start < b for a, b in party_spans):
                continue
            head = doc.char_span(span.start, span.end, alignment_mode="expand")
            if head is None or head.sent.start != cand.trigger.sent.start:
                continue
            node = head.root
            for _ in range(3):  # up through "a Kyiv suburb", "the Luhansk region"
                if node.dep_ in ("compound", "amod", "appos", "nmod", "poss"):
                    node = node.head
            preps = locative | ({"of"} if cand.event in ("ASSAULT", "COERCE") else set())
            if node.dep_ != "pobj" or node.head.lower_ not in preps:
                continue  # "control of the Luhansk region": the seized place is where
            attached = node.head.head
            verb = attached
            while verb.pos_ not in ("VERB", "AUX") and verb.head != verb:
                verb = verb.head
            in_scope = cand.scope[0] <= node.i < cand.scope[1]
            # a clause above the trigger: the locative hangs on its verb
            above = attached == verb and ({verb.i, verb.head.i, verb.head.head.i} & ancestors)
            if not (in_scope or above):
                continue
            rank = (0 if in_scope else 1000) + abs(span.start - cand.start)
            if best is None or rank < best[0]:
                best = (rank, place)
        return None if best is None else best[1]

    def _historical(self, cand: Candidate, date: str | None, confidence: float) -> bool:
        cues = self.res.cues["historical"]
        trig = cand.trigger
        # "three years of military aid": an event spread over past years
        if trig.dep_ == "pobj" and trig.head.lower_ == "of" and lemma(trig.head.head) in cues["duration_heads"]:
            return any(c.like_num or c.pos_ == "NUM" for c in trig.head.head.children)
        if any(c.dep_ == "amod" and c.lower_ in cues["amods"] for c in trig.children):
            return True
        if date and confidence >= 0.6 and self.published_year and date[:4].isdigit():
            return int(date[:4]) <= self.published_year - int(cues["years_back"])
        return False

    def _counterparts(self, cand: Candidate, actors: list[str]) -> list[str]:
        """Ids of the other side: a party the clause also names as a principal
        ("Russia met Russian officials": one id both ways) stays a principal."""
        others = set(cand.counterpart_tokens)
        principals = set(self._resolve_all(t for t in cand.actor_tokens if t not in others))
        found = set(self._resolve_all(cand.counterpart_tokens))
        return [a for a in actors if a in found and a not in principals]

    def build(self, cand: Candidate) -> EventMention | None:
        actors = self._resolve_all(cand.actor_tokens) or self._demonym_actor(cand.actor_tokens)
        counterparts = self._counterparts(cand, actors)
        recipients = [r for r in self._resolve_all(cand.recipient_tokens) if r not in actors]
        codes = {self.code(a) for a in actors}
        spec = self.res.types[cand.event]
        if not recipients and not spec.reciprocal and actors:
            if cand.event in ("ASSAULT", "COERCE"):
                recipients = self._place_recipient(cand)
            if not recipients:
                recipients = self._demonym(cand.recipient_tokens)
            if not recipients:
                recipients = self._fallback_recipient(cand, codes)
        elif not recipients and cand.event in ("ASSAULT", "COERCE"):
            recipients = self._place_recipient(cand)
        recipients = [r for r in recipients if r not in actors]
        if cand.entry.needs_party and not actors and not recipients:
            # a generic verb with nobody doing it ("without having to fight",
            # "ready to defend our allies") states a disposition, not an event
            return None
        tokens = self._scope_tokens(cand)
        date, precision, date_conf = (None, "unknown", 0.0)
        if self.date_fn is not None:
            date, precision, date_conf = self.date_fn(self.analysis, cand.start, cand.end)
            anchor = cand.anchor
            if anchor != cand.trigger and date_conf < 0.9:
                alt = self.date_fn(self.analysis, int(anchor.idx), int(anchor.idx + len(anchor.text)))
                if alt[2] > date_conf:
                    date, precision, date_conf = alt
        scoped = self._scoped_date(cand, tokens, precision)
        if scoped is not None:
            date, precision, date_conf = scoped
        aux = set(cand.aux)
        if self._historical(cand, date, date_conf) and not aux & {"future"}:
            aux.add("historical")
        quote = self.quote_at(cand.start, cand.end)
        # spans that name a party are not where the event happened
        party_spans = [
            self._core(t) for t in [*cand.actor_tokens, *cand.recipient_tokens] if self.resolve(t) is not None
        ]
        document = self.analysis.document
        return EventMention(
            cand=cand,
            event=cand.event,
            mode=self._mode(cand, tokens),
            actors=actors,
            recipients=recipients,
            counterparts=counterparts,
            aux=aux,
            date=date,
            precision=precision,
            date_confidence=date_conf,
            location=self._location(cand, tokens, party_spans),
            attribution=None if quote is None else quote.id,
            hedged=cand.hedged,
            context=self._context(cand, tokens),
            size=self._size(cand, tokens),
            duration=self._duration(cand),
            mention=document.mention(cand.start, cand.end),
            codes=codes,
            recipient_codes={self.code(r) for r in recipients},
        )


def _number(token: Token, words: dict[str, int]) -> int | None:
    text = token.lower_.replace(",", "")
    if text.isdigit():
        return int(text)
    if token.like_num and token.lower_ in words:
        return int(words[token.lower_])
    if token.pos_ == "NUM" and token.lower_ in words:
        return int(words[token.lower_])
    return None


# -- merging ---------------------------------------------------------------


@dataclass
class _Group:
    members: list[EventMention]

    @property
    def first(self) -> EventMention:
        return self.members[0]

    def codes(self) -> set[str]:
        return set().union(*(m.codes for m in self.members))

    def recipient_codes(self) -> set[str]:
        return set().union(*(m.recipient_codes for m in self.members))

    def modal(self) -> set[str]:
        return self.first.aux & set(MODAL_AUX)

    def date(self) -> tuple[str | None, float]:
        best = max(self.members, key=lambda m: m.date_confidence)
        return best.date, best.date_confidence


def _anaphoric(m: EventMention) -> bool:
    return m.cand.definite or m.cand.entry.anaphoric


def _compatible(group: _Group, m: EventMention) -> bool:
    if group.first.event != m.event or group.modal() != (m.aux & set(MODAL_AUX)):
        return False
    if group.first.mode and m.mode and group.first.mode != m.mode and not m.cand.entry.anaphoric:
        return False
    codes, other = group.codes(), m.codes
    if codes and other and not (codes <= other or other <= codes):
        return False
    # a mention naming its parties joins a group that names none (or the other
    # way round) only when one of them refers back ("the talks", "the call")
    if bool(codes) != bool(other) and not (_anaphoric(m) or any(_anaphoric(g) for g in group.members)):
        return False
    recipients, other_r = group.recipient_codes(), m.recipient_codes
    if recipients and other_r and not (recipients & other_r):
        return False
    date, confidence = group.date()
    return not (date and m.date and confidence >= 0.6 and m.date_confidence >= 0.6 and date[:10] != m.date[:10])


def _refers_back(m: EventMention) -> bool:
    return _anaphoric(m) or bool(m.codes)


def merge(found: list[EventMention], res: Resources, document_id: str) -> tuple[list[Event], list[Contradiction]]:
    groups: list[_Group] = []
    for m in found:
        target = None
        if _refers_back(m):
            compatible = [g for g in reversed(groups) if _compatible(g, m)]
            # "the call" refers to the last call before the last meeting
            word = lemma(m.cand.trigger)
            same_word = [g for g in compatible if any(lemma(x.cand.trigger) == word for x in g.members)]
            ranked = same_word or compatible
            target = ranked[0] if ranked else None
        if target is not None:
            target.members.append(m)
            continue
        # a bare anaphoric noun with nothing to refer to and no verb of its own
        # ("a ceasefire is holding") is not taken as a new event
        if m.cand.entry.anaphoric and m.cand.support is None and not m.codes:
            continue
        groups.append(_Group([m]))
    groups = [g for g in groups if _codable(g)]
    group_of = {id(m): g for g in groups for m in g.members}
    events: list[Event] = []
    contradictions: list[Contradiction] = []
    for n, group in enumerate(groups, 1):
        event = _event(group, res, f"{document_id[:16]}-e{n}")
        _bound_by_later_event(event, group, group_of)
        events.append(event)
        contradictions.extend(_contradictions(group, event.id))
    return events, contradictions


# Below this, a mention's date is not attached to it by the parse: the nearest
# date in the sentence, the quote's speech date or the report's date.
LINKED_DATE_CONFIDENCE = 0.8


def _bound_by_later_event(event: Event, group: _Group, group_of: dict[int, _Group]) -> None:
    """An event whose date is not attached to it (a nearby date, the speech or
    publication date) and that the text places before a dated event cannot fall
    on or after that date: its day is unknown, so it is left undated rather than
    misdated."""
    best = max(m.date_confidence for m in group.members)
    if best >= LINKED_DATE_CONFIDENCE or not event.date:
        return
    for m in group.members:
        later = group_of.get(id(m.precedes)) if m.precedes is not None else None
        if later is None or later is group:
            continue
        date, confidence = later.date()
        if date and confidence >= 0.6 and event.date[:10] >= date[:10]:
            event.date, event.date_precision = None, "unknown"
            return


def _codable(group: _Group) -> bool:
    """A bare noun with no party, no linked date and no place ("invasion fears
    crested", "war talk") names a kind of event, not one that happened."""
    for m in group.members:
        if m.actors or m.recipients or m.location is not None or m.date_confidence >= 0.6:
            return True
        if m.cand.entry.pos != "NOUN" or m.cand.support is not None:
            return True
    return False


def _ordered_union(lists: Iterable[list[str]]) -> list[str]:
    out: list[str] = []
    for items in lists:
        for item in items:
            if item not in out:
                out.append(item)
    return out


def _merged_counterparts(members: list[EventMention], actors: list[str]) -> list[str]:
    """The other side of a merged event, in ``actors`` order. A party that any
    mention names as a principal stays one ("talks with Putin" ... "Putin's
    call with Trump": Putin leads). When the mentions name the sides in
    opposite orders ("A met B" ... "B met A") that leaves no other side, so the
    first-named party leads and the rest are its counterparts."""
    named = set().union(*(m.counterparts for m in members))
    if not named:
        return []
    principals = {a for m in members for a in m.actors if a not in m.counterparts}
    found = [a for a in actors if a in named and a not in principals]
    return found if found or len(actors) < 2 else actors[1:]


def event_of(members: list[EventMention], res: Resources, event_id: str) -> Event:
    """The :class:`Event` of mentions that report one happening (what :func:`merge`
    builds per group; the PLV evaluation reads one mention through it)."""
    return _event(_Group(list(members)), res, event_id)


def _event(group: _Group, res: Resources, event_id: str) -> Event:
    members = group.members
    # the mention that says most (a verb with actors) leads
    lead = max(members, key=lambda m: (len(m.actors) + len(m.recipients), not m.cand.entry.anaphoric, -m.cand.start))
    actors = _ordered_union(m.actors for m in members)
    recipients = [r for r in _ordered_union(m.recipients for m in members) if r not in actors]
    dated = max(members, key=lambda m: m.date_confidence)
    mode = lead.mode or next((m.mode for m in members if m.mode), None)
    aux = sorted(set().union(*(m.aux for m in members)) - ({"historical"} if any("historical" not in m.aux for m in members) else set()))
    asserted_by_text = [m for m in members if m.attribution is None]
    attribution = None if asserted_by_text else members[0].attribution
    supports = [m.type_support for m in members if m.type_support is not None]
    if supports:
        # the typer's calibrated confidence: the chance this is a real happening of this type
        confidence = max(supports)
    else:
        confidence = BASE_CONFIDENCE if actors else BASE_CONFIDENCE * NO_ACTOR_FACTOR
    if all(m.hedged for m in members):
        confidence *= HEDGE_FACTOR
    if attribution is not None:
        confidence *= ATTRIBUTED_FACTOR
    if not supports:
        confidence = (1 - DATE_WEIGHT) * confidence + DATE_WEIGHT * dated.date_confidence
    size: dict[str, int] = {}
    for m in members:
        for key, value in m.size.items():
            size[key] = max(size.get(key, 0), value)
    location = next((m.location for m in [lead, *members] if m.location is not None), None)
    return Event(
        id=event_id,
        event=lead.event,
        mode=mode,
        context=sorted(set().union(*(m.context for m in members)) & set(res.contexts)),
        aux=aux,
        actor=actors,
        recipient=recipients,
        counterpart=_merged_counterparts(members, actors),
        date=dated.date,
        date_precision=dated.precision if dated.date else "unknown",
        location=None
        if location is None
        else Location(location.name, location.country, location.lat, location.lon, location.precision),
        mentions=[m.mention for m in members],
        attribution=attribution,
        confidence=round(confidence, 3),
        score=res.score(lead.event, mode),
        quad_class=res.types[lead.event].quad_class,
        size=size or None,
        event_text=lead.cand.trigger.text,
    )


def _contradictions(group: _Group, event_id: str) -> list[Contradiction]:
    found: list[Contradiction] = []
    durations = [m.duration for m in group.members if m.duration is not None]
    if len({value for value, _ in durations}) > 1:
        values: list[Any] = []
        spans: list[Span] = []
        for value, span in durations:
            if value not in values or span not in spans:
                values.append(value)
                spans.append(span)
        found.append(Contradiction(event_id, "duration", values, spans))
    for key in ("dead", "injured", "arrested"):
        counts = [(m.size[key], m.mention.span) for m in group.members if key in m.size]
        if len({c for c, _ in counts}) > 1:
            found.append(Contradiction(event_id, f"size.{key}", [c for c, _ in counts], [s for _, s in counts]))
    return found
