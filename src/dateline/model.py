"""The central document model.

One :class:`Document` holds the article body exactly as published; every
annotation (entity, actor mention, time expression, quote, event) is a typed
object whose evidence is a :class:`Span` of character offsets into
``Document.text``. An :class:`Extraction` is what the pipeline returns for one
document and what the store persists; ``Extraction.to_dict()`` is the stable
output contract (see ``schema/extraction.schema.json`` and ``docs/model.md``).

All classes are plain dataclasses: cheap to build, picklable for Dask workers,
and serialised explicitly so that renaming a Python attribute can never
silently rename a field of the output contract.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

JSON = dict[str, Any]
# The aux marks that make an event unrealised (not asserted as having happened).
MODAL_AUX = frozenset({"negation", "future", "hypothetical"})


def alpha2(code: Any) -> Any:
    """A place's country code as the model keeps it (ISO alpha-2): JSON output shows
    alpha-3 (``dateline.countries.iso3_countries``), and reading it back gives alpha-2."""
    if isinstance(code, str) and len(code.strip()) == 3:
        from dateline.countries import iso2

        return iso2(code) or code
    return code


@dataclass(frozen=True, slots=True)
class Span:
    """Characters ``text[start:end]`` of the document body."""

    start: int
    end: int
    text: str

    @classmethod
    def of(cls, document_text: str, start: int, end: int) -> Span:
        return cls(start, end, document_text[start:end])

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end

    def contains(self, other: Span) -> bool:
        return self.start <= other.start and other.end <= self.end

    def to_dict(self) -> JSON:
        return {"start": self.start, "end": self.end, "text": self.text}

    @classmethod
    def from_dict(cls, data: JSON) -> Span:
        return cls(int(data["start"]), int(data["end"]), str(data["text"]))


@dataclass(frozen=True, slots=True)
class Mention:
    """A span plus the index of the sentence it lies in (provenance of a fact)."""

    start: int
    end: int
    text: str
    sentence: int | None = None

    @property
    def span(self) -> Span:
        return Span(self.start, self.end, self.text)

    def to_dict(self) -> JSON:
        data: JSON = {"start": self.start, "end": self.end, "text": self.text}
        if self.sentence is not None:
            data["sentence"] = self.sentence
        return data

    @classmethod
    def from_dict(cls, data: JSON) -> Mention:
        sentence = data.get("sentence")
        return cls(
            int(data["start"]),
            int(data["end"]),
            str(data["text"]),
            None if sentence is None else int(sentence),
        )


@dataclass(frozen=True, slots=True)
class Sentence:
    index: int
    start: int
    end: int
    paragraph: int

    def to_dict(self) -> JSON:
        return {
            "index": self.index,
            "start": self.start,
            "end": self.end,
            "paragraph": self.paragraph,
        }


@dataclass(frozen=True, slots=True)
class Paragraph:
    index: int
    start: int
    end: int

    def to_dict(self) -> JSON:
        return {"index": self.index, "start": self.start, "end": self.end}


@dataclass(slots=True)
class Document:
    """An article: metadata plus the body that every span points into.

    ``id`` is derived from the normalised body text (see
    :func:`dateline.textnorm.content_id`), so the same article ingested twice
    gets the same id. ``published`` is an ISO date or datetime string, or
    ``None`` when no publication date was found -- never a guess.
    """

    id: str
    text: str
    title: str | None = None
    published: str | None = None
    published_source: str | None = None  # metadata | byline | dateline | override | input
    publisher: str | None = None
    byline: str | None = None
    url: str | None = None
    language: str | None = "en"
    source: str | None = None  # path, "<stdin>", or path:line for JSONL
    external_id: str | None = None  # an id given by the input (JSONL `id`)
    paragraphs: list[Paragraph] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    metadata: JSON = field(default_factory=dict)

    def span(self, start: int, end: int) -> Span:
        return Span.of(self.text, start, end)

    def mention(self, start: int, end: int) -> Mention:
        return Mention(start, end, self.text[start:end], self.sentence_index(start))

    def sentence_index(self, offset: int) -> int | None:
        """Index of the sentence containing character ``offset`` (binary search)."""
        lo, hi = 0, len(self.sentences) - 1
        while lo <= hi:
            mid = (lo + hi) // 2
            sent = self.sentences[mid]
            if offset < sent.start:
                hi = mid - 1
            elif offset >= sent.end:
                lo = mid + 1
            else:
                return sent.index
        return None

    def to_dict(self) -> JSON:
        return {
            "id": self.id,
            "title": self.title,
            "published": self.published,
            "published_source": self.published_source,
            "publisher": self.publisher,
            "byline": self.byline,
            "url": self.url,
            "language": self.language,
            "source": self.source,
            "external_id": self.external_id,
            "text": self.text,
            "paragraphs": [p.to_dict() for p in self.paragraphs],
            "sentences": [s.to_dict() for s in self.sentences],
            "metadata": self.metadata,
        }

    @classmethod
    def from_dict(cls, data: JSON) -> Document:
        return cls(
            id=data["id"],
            text=data["text"],
            title=data.get("title"),
            published=data.get("published"),
            published_source=data.get("published_source"),
            publisher=data.get("publisher"),
            byline=data.get("byline"),
            url=data.get("url"),
            language=data.get("language"),
            source=data.get("source"),
            external_id=data.get("external_id"),
            paragraphs=[Paragraph(**p) for p in data.get("paragraphs", [])],
            sentences=[Sentence(**s) for s in data.get("sentences", [])],
            metadata=dict(data.get("metadata") or {}),
        )


@dataclass(slots=True)
class Entity:
    """A named-entity mention as tagged by the NLP backbone (spaCy labels)."""

    span: Span
    label: str

    def to_dict(self) -> JSON:
        return {"span": self.span.to_dict(), "label": self.label}

    @classmethod
    def from_dict(cls, data: JSON) -> Entity:
        return cls(Span.from_dict(data["span"]), data["label"])


@dataclass(slots=True)
class Actor:
    """A resolved participant: a person, organisation, state or group.

    ``code`` is the country (ISO 3166 alpha-3) or organisation code, ``sector``
    a PLOVER sector (GOV, MIL, REB, ...). ``id`` is a knowledge-base id, or a
    provisional id (``prov:...``, stable within the document) for an actor
    the article names that the knowledge base does not hold. ``gender``
    (``m``/``f``), ``aliases`` (the other names the article uses: "Mr. Fry",
    "the 54-year-old"), ``roles`` ("mayor", "professor") and ``affiliation``
    (the organisation the article ties a person to) are what the text shows.
    """

    id: str
    name: str
    code: str | None = None
    sector: str | None = None
    wikidata: str | None = None
    kind: str | None = None  # person | organization | country | group | media
    provisional: bool = False
    mentions: list[Mention] = field(default_factory=list)
    gender: str | None = None
    aliases: list[str] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)
    affiliation: str | None = None

    def to_dict(self) -> JSON:
        return {
            "id": self.id,
            "name": self.name,
            "code": self.code,
            "sector": self.sector,
            "wikidata": self.wikidata,
            "kind": self.kind,
            "provisional": self.provisional,
            "mentions": [m.to_dict() for m in self.mentions],
            "gender": self.gender,
            "aliases": list(self.aliases),
            "roles": list(self.roles),
            "affiliation": self.affiliation,
        }

    @classmethod
    def from_dict(cls, data: JSON) -> Actor:
        return cls(
            id=data["id"],
            name=data["name"],
            code=data.get("code"),
            sector=data.get("sector"),
            wikidata=data.get("wikidata"),
            kind=data.get("kind"),
            provisional=bool(data.get("provisional", False)),
            mentions=[Mention.from_dict(m) for m in data.get("mentions", [])],
            gender=data.get("gender"),
            aliases=list(data.get("aliases") or []),
            roles=list(data.get("roles") or []),
            affiliation=data.get("affiliation"),
        )


@dataclass(slots=True)
class Place:
    """A geocoded place mention (resolution level in ``precision``)."""

    span: Span
    name: str
    country: str | None = None  # ISO 3166 alpha-2 (JSON output shows alpha-3; both read back)
    lat: float | None = None
    lon: float | None = None
    precision: str | None = None  # country | region | city | subcity
    geonameid: int | None = None

    def to_dict(self) -> JSON:
        return {
            "span": self.span.to_dict(),
            "name": self.name,
            "country": self.country,
            "lat": self.lat,
            "lon": self.lon,
            "precision": self.precision,
            "geonameid": self.geonameid,
        }

    @classmethod
    def from_dict(cls, data: JSON) -> Place:
        return cls(
            span=Span.from_dict(data["span"]),
            name=data["name"],
            country=alpha2(data.get("country")),
            lat=data.get("lat"),
            lon=data.get("lon"),
            precision=data.get("precision"),
            geonameid=data.get("geonameid"),
        )


@dataclass(slots=True)
class Timex:
    """A TIMEX3 temporal expression with its normalised value."""

    span: Span
    type: str  # DATE | TIME | DURATION | SET
    value: str | None  # None when it could not be resolved
    mod: str | None = None
    anchor: str | None = None  # the value it was resolved against
    resolved: bool = True
    confidence: float = 1.0

    def to_dict(self) -> JSON:
        return {
            "span": self.span.to_dict(),
            "type": self.type,
            "value": self.value,
            "mod": self.mod,
            "anchor": self.anchor,
            "resolved": self.resolved,
            "confidence": self.confidence,
        }

    @classmethod
    def from_dict(cls, data: JSON) -> Timex:
        return cls(
            span=Span.from_dict(data["span"]),
            type=data["type"],
            value=data.get("value"),
            mod=data.get("mod"),
            anchor=data.get("anchor"),
            resolved=bool(data.get("resolved", True)),
            confidence=float(data.get("confidence", 1.0)),
        )


# Words that stand for a speaker without naming one: a view never shows them as
# the speaker (an unresolved "he" is no one a reader can look up).
PRONOUNS = frozenset({
    "i", "me", "we", "us", "you", "he", "him", "she", "her", "it", "they", "them",
    "who", "whom", "which", "that", "this", "those", "these", "one", "someone", "somebody",
})


def speaker_label(name: str | None, text: str | None) -> str | None:
    """What a reader is shown as the speaker: the actor's name, else the source
    as written unless it is a bare pronoun."""
    if name:
        return name
    if text and text.strip().lower() not in PRONOUNS:
        return text
    return None


@dataclass(slots=True)
class Speaker:
    span: Span | None
    actor_id: str | None = None
    name: str | None = None  # the resolved actor's name, for readers

    def to_dict(self) -> JSON:
        return {
            "span": None if self.span is None else self.span.to_dict(),
            "actor_id": self.actor_id,
            "name": self.name,
        }

    @classmethod
    def from_dict(cls, data: JSON) -> Speaker:
        span = data.get("span")
        return cls(
            None if span is None else Span.from_dict(span),
            data.get("actor_id"),
            data.get("name"),
        )


@dataclass(slots=True)
class Quote:
    """Who said what: kind is direct | indirect | mixed.

    ``content`` may be discontinuous (several spans). ``reported_by`` holds the
    id of the quote that reports this one ("Reuters reported that X said ...").
    """

    id: str
    kind: str
    cue: Span | None
    content: list[Span]
    speaker: Speaker
    date: str | None = None
    confidence: float = 1.0
    reported_by: str | None = None

    def to_dict(self) -> JSON:
        return {
            "id": self.id,
            "kind": self.kind,
            "cue": None if self.cue is None else self.cue.to_dict(),
            "content": [s.to_dict() for s in self.content],
            "speaker": self.speaker.to_dict(),
            "date": self.date,
            "confidence": self.confidence,
            "reported_by": self.reported_by,
        }

    @classmethod
    def from_dict(cls, data: JSON) -> Quote:
        cue = data.get("cue")
        return cls(
            id=data["id"],
            kind=data["kind"],
            cue=None if cue is None else Span.from_dict(cue),
            content=[Span.from_dict(s) for s in data.get("content", [])],
            speaker=Speaker.from_dict(data.get("speaker") or {"span": None}),
            date=data.get("date"),
            confidence=float(data.get("confidence", 1.0)),
            reported_by=data.get("reported_by"),
        )


@dataclass(slots=True)
class Location:
    name: str | None = None
    country: str | None = None
    lat: float | None = None
    lon: float | None = None
    precision: str | None = None

    def to_dict(self) -> JSON:
        return {
            "name": self.name,
            "country": self.country,
            "lat": self.lat,
            "lon": self.lon,
            "precision": self.precision,
        }

    @classmethod
    def from_dict(cls, data: JSON) -> Location:
        values = {k: data.get(k) for k in ("name", "country", "lat", "lon", "precision")}
        values["country"] = alpha2(values["country"])
        return cls(**values)


@dataclass(slots=True)
class Event:
    """A PLOVER 2.0 event with provenance.

    ``actor`` and ``recipient`` hold actor ids (see ``Extraction.actors``).
    A two-sided event ("A met B", "talks between A and B") keeps every party
    in ``actor``, as PLOVER codes reciprocal events; ``counterpart`` names the
    parties of ``actor`` that are the other side (B), so a reader that wants
    actor -> recipient dyads can take ``actor`` minus ``counterpart`` ->
    ``recipient`` plus ``counterpart``. ``aux`` holds PLOVER's auxiliary modes
    (negation, future, hypothetical, historical). ``mentions`` lists every
    place in the text that reports this one happening.
    """

    id: str
    event: str
    mode: str | None = None
    context: list[str] = field(default_factory=list)
    aux: list[str] = field(default_factory=list)
    actor: list[str] = field(default_factory=list)
    recipient: list[str] = field(default_factory=list)
    date: str | None = None
    date_precision: str | None = None  # day | week | month | year | unknown
    location: Location | None = None
    mentions: list[Mention] = field(default_factory=list)
    attribution: str | None = None  # quote id / source whose claim this is
    confidence: float = 1.0
    score: float | None = None  # PLOVER score
    quad_class: int | None = None
    # PLOVER size object: dead, injured, arrested (ints); "scope": "cumulative" for a
    # war's running toll; "figures": the groups an enumerated toll sums, with their spans
    size: JSON | None = None
    event_text: str | None = None
    # a subset of ``actor``; last so positional construction keeps its meaning
    counterpart: list[str] = field(default_factory=list)

    @property
    def asserted(self) -> bool:
        """True when the text reports this as having happened."""
        return not (MODAL_AUX & set(self.aux))

    def to_dict(self) -> JSON:
        return {
            "id": self.id,
            "event": self.event,
            "mode": self.mode,
            "context": list(self.context),
            "aux": list(self.aux),
            "actor": list(self.actor),
            "recipient": list(self.recipient),
            "counterpart": list(self.counterpart),
            "date": self.date,
            "date_precision": self.date_precision,
            "location": None if self.location is None else self.location.to_dict(),
            "mentions": [m.to_dict() for m in self.mentions],
            "attribution": self.attribution,
            "confidence": self.confidence,
            "score": self.score,
            "quad_class": self.quad_class,
            "size": self.size,
            "event_text": self.event_text,
        }

    @classmethod
    def from_dict(cls, data: JSON) -> Event:
        location = data.get("location")
        return cls(
            id=data["id"],
            event=data["event"],
            mode=data.get("mode"),
            context=list(data.get("context") or []),
            aux=list(data.get("aux") or []),
            actor=list(data.get("actor") or []),
            recipient=list(data.get("recipient") or []),
            # absent in output written before the field existed
            counterpart=list(data.get("counterpart") or []),
            date=data.get("date"),
            date_precision=data.get("date_precision"),
            location=None if location is None else Location.from_dict(location),
            mentions=[Mention.from_dict(m) for m in data.get("mentions", [])],
            attribution=data.get("attribution"),
            confidence=float(data.get("confidence", 1.0)),
            score=data.get("score"),
            quad_class=data.get("quad_class"),
            size=data.get("size"),
            event_text=data.get("event_text"),
        )


@dataclass(slots=True)
class Contradiction:
    """Mentions of one event that disagree on an attribute."""

    event_id: str
    attribute: str
    values: list[Any]
    spans: list[Span]

    def to_dict(self) -> JSON:
        return {
            "event_id": self.event_id,
            "attribute": self.attribute,
            "values": list(self.values),
            "spans": [s.to_dict() for s in self.spans],
        }

    @classmethod
    def from_dict(cls, data: JSON) -> Contradiction:
        return cls(
            event_id=data["event_id"],
            attribute=data["attribute"],
            values=list(data.get("values", [])),
            spans=[Span.from_dict(s) for s in data.get("spans", [])],
        )


@dataclass(slots=True)
class Extraction:
    """Everything dateline extracted from one document: the output contract.

    Layers whose stage did not run stay empty lists -- never placeholder data.
    ``layers`` names the stages that did run, so a reader can tell "no quotes
    found" from "quotes not extracted".
    """

    document: Document
    entities: list[Entity] = field(default_factory=list)
    actors: list[Actor] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    timexes: list[Timex] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    contradictions: list[Contradiction] = field(default_factory=list)
    layers: list[str] = field(default_factory=list)
    pipeline_version: str = ""
    # What the pipeline did not read (passages blanked for the parser by
    # dateline.guards); what reading the input found is document.metadata["warnings"].
    warnings: list[str] = field(default_factory=list)

    def actor(self, actor_id: str) -> Actor | None:
        for actor in self.actors:
            if actor.id == actor_id:
                return actor
        return None

    def to_dict(self, *, include_sentences: bool = False) -> JSON:
        document = self.document.to_dict()
        if not include_sentences:
            document.pop("sentences")
            document.pop("paragraphs")
        return {
            "document": document,
            "entities": [e.to_dict() for e in self.entities],
            "actors": [a.to_dict() for a in self.actors],
            "places": [p.to_dict() for p in self.places],
            "timexes": [t.to_dict() for t in self.timexes],
            "quotes": [q.to_dict() for q in self.quotes],
            "events": [e.to_dict() for e in self.events],
            "contradictions": [c.to_dict() for c in self.contradictions],
            "layers": list(self.layers),
            "pipeline_version": self.pipeline_version,
            "warnings": list(self.warnings),
        }

    @classmethod
    def from_dict(cls, data: JSON) -> Extraction:
        return cls(
            document=Document.from_dict(data["document"]),
            entities=[Entity.from_dict(e) for e in data.get("entities", [])],
            actors=[Actor.from_dict(a) for a in data.get("actors", [])],
            places=[Place.from_dict(p) for p in data.get("places", [])],
            timexes=[Timex.from_dict(t) for t in data.get("timexes", [])],
            quotes=[Quote.from_dict(q) for q in data.get("quotes", [])],
            events=[Event.from_dict(e) for e in data.get("events", [])],
            contradictions=[Contradiction.from_dict(c) for c in data.get("contradictions", [])],
            layers=list(data.get("layers", [])),
            pipeline_version=data.get("pipeline_version", ""),
            warnings=list(data.get("warnings", [])),
        )
