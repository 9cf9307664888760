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

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from dateline.model import MODAL_AUX, Contradiction, Event, Location, Mention, Place, Span
from dateline.nlp.events.coalesce import best_dated, coalesce, in_clause_of, parties_fit, same_time
from dateline.nlp.events.dates import DatingResolver, defunct_doer
from dateline.nlp.events.modality import grammar_modes, mention_modes
from dateline.nlp.events.resources import Resources
from dateline.nlp.events.syntax import Candidate, lemma

if TYPE_CHECKING:
    from spacy.tokens import Token

    from dateline.pipeline import Analysis

# Confidence factors (documented in docs/events.md).
BASE_CONFIDENCE = 0.9
NO_ACTOR_FACTOR = 0.8
INFERRED_ACTOR_FACTOR = 0.9  # an actor the clause does not name, chosen by the actor model
HEDGE_FACTOR = 0.6
ATTRIBUTED_FACTOR = 0.85
DATE_WEIGHT = 0.2  # share of the final confidence that comes from the date's confidence


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
    # the likeliest actor when the clause names none (actor model); used only
    # when no mention of the merged event names one
    inferred: list[str] = field(default_factory=list)
    inferred_codes: set[str] = field(default_factory=set)
    type_support: float | None = None  # the event typer's calibrated confidence in the type
    precedes: EventMention | None = None  # "X came days *after* this happened": this is before X
    grammar_aux: set[str] = field(default_factory=set)  # marks that hold when all mentions carry them
    # historical as the sentence before dates it: a mark of the event the mention
    # dates, not of the mention (it merges with its happening's other mentions as before)
    narrative_historical: bool = False
    date_carried: bool = False  # dated by the sentence before (dates.carried_date)


class MentionBuilder(DatingResolver):
    """Resolves candidates of one document against the other stages' layers
    (the parties through :class:`~dateline.nlp.events.parties.PartyResolver`
    and :class:`~dateline.nlp.events.inference.InferringResolver`, the date
    through :class:`~dateline.nlp.events.dates.DatingResolver`)."""

    def __init__(self, analysis: Analysis, res: Resources) -> None:
        super().__init__(analysis, res)
        extraction = analysis.extraction
        self.text = analysis.document.text
        self.durations = [t for t in extraction.timexes if t.type == "DURATION"]

    # -- attributes -------------------------------------------------------

    def _scope_tokens(self, cand: Candidate) -> list[Token]:
        doc = cand.trigger.doc
        lo, hi = cand.scope
        return list(doc[lo:hi])

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
                if k > 0 and (words[k - 1].isdecimal() or words[k - 1] in numbers):
                    prev = words[k - 1]
                    count = int(prev) if prev.isdecimal() else numbers[prev]
                elif k + 1 >= len(words) or words[k + 1] != "long":
                    continue  # "hour" alone is not a length
                value = f"PT{count}{unit}" if word.rstrip("s") in ("hour", "minute", "second") else f"P{count}{unit}"
                start = int(child.left_edge.idx)
                end = int(child.right_edge.idx + len(child.right_edge.text))
                return value, Span.of(self.text, start, end)
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
        sent = cand.trigger.sent
        for place in self.places:
            span = place.span
            # only a place in the trigger's sentence can be where (checked on the
            # characters first: a span per place per candidate is what costs)
            if span.end <= sent.start_char or span.start >= sent.end_char:
                continue
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

    def build(self, cand: Candidate) -> EventMention | None:
        actors, counterparts, recipients = self.parties(cand)
        codes = {self.code(a) for a in actors}
        if cand.entry.needs_party and not self.names_party([*actors, *recipients]):
            # a generic verb with nobody doing it ("without having to fight",
            # "ready to defend our allies") states a disposition, not an event
            return None
        tokens = self._scope_tokens(cand)
        dated = self.mention_date(cand, tokens)
        aux = mention_modes(cand, self.res)
        grammar_aux = grammar_modes(cand, self.res, aux)
        historical = self.historical(cand, dated) and not aux & {"future"}
        if historical and not dated.carried:
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
            grammar_aux=grammar_aux,
            date=dated.value,
            precision=dated.precision,
            date_confidence=dated.confidence,
            location=self._location(cand, tokens, party_spans),
            attribution=None if quote is None else quote.id,
            hedged=cand.hedged,
            context=self._context(cand, tokens),
            size=self._size(cand, tokens),
            duration=self._duration(cand),
            mention=document.mention(cand.start, cand.end),
            codes=codes,
            recipient_codes={self.code(r) for r in recipients},
            narrative_historical=historical and dated.carried,
            date_carried=dated.carried,
        )




def _number(token: Token, words: dict[str, int]) -> int | None:
    text = token.lower_.replace(",", "")
    if text.isdecimal():  # not isdigit(): superscripts ("²") are digits int() refuses
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
    # the modal marks of the mention that founded the group: a mention joining
    # it from the founder's own clause keeps them ("will be deploying and sending")
    marks: frozenset[str] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        if not self.marks and self.members:
            self.marks = frozenset(self.members[0].aux & MODAL_AUX)

    @property
    def first(self) -> EventMention:
        return self.members[0]

    def codes(self) -> set[str]:
        return set().union(*(m.codes for m in self.members))

    def recipient_codes(self) -> set[str]:
        return set().union(*(m.recipient_codes for m in self.members))

    def modal(self) -> set[str]:
        return set(self.marks)

    def date(self) -> tuple[str | None, float]:
        best = max(self.members, key=lambda m: m.date_confidence)
        return best.date, best.date_confidence

    def historical(self) -> bool:
        """Before the story's time, as the mention that dates the group best says."""
        return "historical" in best_dated(self.members).aux


def _anaphoric(m: EventMention) -> bool:
    return m.cand.definite or m.cand.entry.anaphoric


def _compatible(group: _Group, m: EventMention) -> bool:
    if group.first.event != m.event or group.modal() != (m.aux & MODAL_AUX):
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
    return not (date and m.date and min(confidence, m.date_confidence) >= 0.6 and not same_time(date, m.date))


def _restated(group: _Group, m: EventMention) -> bool:
    """``m`` reports, in the same clause, the happening of one of the group's
    mentions (:func:`~.coalesce.in_clause_of`), whatever marks its own words carry."""
    if group.first.event != m.event or not parties_fit(group.members, [m]):
        return False
    return any(in_clause_of(x, m) or in_clause_of(m, x) for x in group.members)


def _refers_back(m: EventMention) -> bool:
    return _anaphoric(m) or bool(m.codes)


def merge(found: list[EventMention], res: Resources, document_id: str) -> tuple[list[Event], list[Contradiction]]:
    groups: list[_Group] = []
    for m in found:
        target = next((g for g in reversed(groups) if _restated(g, m)), None)
        if target is None and _refers_back(m):
            compatible = [g for g in reversed(groups) if _compatible(g, m)]
            # an undated "its invasion" in a story of today is today's invasion,
            # not the "2014 invasion" named just before it
            historical = "historical" in m.aux
            compatible = [g for g in compatible if g.historical() == historical] or compatible
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
    groups = [g for g in coalesce(groups, lambda g: g.members, lambda g: not _codable(g)) if _codable(g)]
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
    inferred = not actors and any(m.inferred for m in members)
    if inferred:
        actors = next(m.inferred for m in [lead, *members] if m.inferred)
    elif len(members) > 1:
        # a mention that names no doer keeps the one the actor model reads
        # for it, beside those the other mentions name, but not a party of the
        # side the mentions name as the target ("Russia's invasion of Ukraine"
        # ... "the invasion", read as Ukraine's)
        targets = set().union(*(m.recipient_codes for m in members)) - set().union(*(m.codes for m in members))
        guessed = [a for m in members if not m.actors and not m.inferred_codes & targets for a in m.inferred]
        actors = _ordered_union([actors, guessed])
    recipients = [r for r in _ordered_union(m.recipients for m in members) if r not in actors]
    dated = best_dated(members)
    mode = lead.mode or next((m.mode for m in members if m.mode), None)
    # historical as the event's date says: the mention that dates it best ("its
    # 2014 invasion") decides, not a later undated "the invasion"; the modal marks
    # are the group's (:class:`_Group`)
    marks = set().union(*(m.aux for m in members)) - MODAL_AUX - ({"historical"} if "historical" not in dated.aux else set())
    if dated.narrative_historical or (defunct_doer(set().union(*(m.codes for m in members))) and not group.modal()):
        marks.add("historical")
    # grammar marks (modality) hold when every mention carries them
    aux = sorted(marks | group.modal() | set.intersection(*(m.grammar_aux | (m.aux & MODAL_AUX) for m in members)))
    asserted_by_text = [m for m in members if m.attribution is None]
    attribution = None if asserted_by_text else members[0].attribution
    supports = [m.type_support for m in members if m.type_support is not None]
    if supports:
        # the typer's calibrated confidence: the chance this is a real happening of
        # this type; an event whose doer the text does not name is worth less to a reader
        confidence = max(supports) * (1.0 if actors else NO_ACTOR_FACTOR)
        if inferred:
            confidence *= INFERRED_ACTOR_FACTOR  # a likely doer, not one the text names
    else:
        confidence = BASE_CONFIDENCE if actors else BASE_CONFIDENCE * NO_ACTOR_FACTOR
        if inferred:
            confidence *= INFERRED_ACTOR_FACTOR
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
