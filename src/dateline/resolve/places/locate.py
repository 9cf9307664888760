"""Geocoding place mentions in a parsed document, offline.

Candidates are spaCy GPE/LOC/FAC entities, plus any entity whose text is a
well-known place (the small model tags "Kyiv" as PERSON). Each is looked up in the
gazetteer and disambiguated with document context:

- kind: "Luhansk region" asks for a region, "Washington state" for the US state;
- countries the document is about (places already resolved without ambiguity and
  the country codes of the document's actors) favour candidates inside them, so
  "Georgia" next to "Atlanta" is the US state and next to "Tbilisi" the country;
- otherwise countries, then first-level regions, then the most populous city.

Seats of power that act ("which Kyiv rejected") are actors, not places; country
names are places only where they are used as locations ("in Denmark").
"""

from __future__ import annotations

import math
from collections import Counter
from typing import TYPE_CHECKING, Any

from dateline.model import Document, Place, Span
from dateline.resolve.actors.kb import KnowledgeBase, fold
from dateline.resolve.actors.link import is_actor_use
from dateline.resolve.places.gazetteer import Gazetteer, GeoEntry

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.matcher import PhraseMatcher
    from spacy.tokens import Doc
    from spacy.tokens import Span as SpacySpan

_LABELS = frozenset({"GPE", "LOC", "FAC"})
_OTHER_LABELS = frozenset({"PERSON", "ORG", "NORP"})
# a mislabelled entity (PERSON/ORG/NORP) is taken as a place only if it is a country or
# region, a city this populous, or a town of a country the document's actors belong to
_WELL_KNOWN = 100_000


class Locator:
    def __init__(self, gazetteer: Gazetteer, kb: KnowledgeBase, nlp: Language | None = None) -> None:
        self.gazetteer = gazetteer
        self.kb = kb
        # capitals and country names the tagger may miss entirely ("a Kyiv suburb")
        self.matcher: PhraseMatcher | None = None
        if nlp is not None:
            from spacy.matcher import PhraseMatcher

            names = {
                name
                for entry in kb.countries.values()
                for name in [entry.name, *entry.aliases, *entry.seats]
                if self.gazetteer.lookup(name)
            }
            self.matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
            self.matcher.add("PLACE", [nlp.make_doc(name) for name in sorted(names)])
        lex = kb.lexicon
        self.subcity = set(lex["subcity_nouns"])
        self.stopwords = {fold(w) for w in lex["place_stopwords"]}
        self.capitals = {
            (country.iso2, fold(seat))
            for country in kb.countries.values()
            for seat in country.seats[:1]
            if country.iso2
        }
        self.region_nouns = set(lex["region_nouns"])
        self.place_preps = set(lex["place_prepositions"])
        self.motion = set(lex["motion_verbs"])

    def candidates(self, doc: Doc, context: frozenset[str] = frozenset()) -> list[SpacySpan]:
        from spacy.util import filter_spans

        spans: list[SpacySpan] = []
        for ent in doc.ents:
            span = ent
            while len(span) > 1 and span[0].lower_ == "the":
                span = span[1:]
            while len(span) > 1 and span[-1].text in ("'s", "'"):
                span = span[:-1]
            if ent.label_ in _LABELS:
                spans.append(span)
            elif ent.label_ in _OTHER_LABELS:
                found = self.gazetteer.lookup(span.text)
                key = fold(span.text)
                known_actor = key in self.kb.by_alias and key not in self.kb.seat_words
                if not known_actor and any(
                    e.kind in ("country", "region")
                    or e.population >= _WELL_KNOWN
                    or (e.country in context and e.name == span.text)
                    for e in found
                ):
                    spans.append(span)
        if self.matcher is not None:
            covered = {i for span in spans for i in range(span.start, span.end)}
            extra = [doc[s:e] for _, s, e in self.matcher(doc)]
            spans.extend(
                span for span in filter_spans(extra)
                if not covered.intersection(range(span.start, span.end))
            )
        return sorted(spans, key=lambda span: span.start)

    def locate(self, document: Document, doc: Doc, actor_codes: list[str] | None = None) -> list[Place]:
        pending: list[tuple[int, int, str, list[GeoEntry], str]] = []
        iso2 = frozenset(
            c.iso2 for code in actor_codes or [] if (c := self.kb.countries.get(code)) and c.iso2
        )
        for span in self.candidates(doc, iso2):
            text = fold(span.text)
            if text in self.stopwords:
                continue  # "Western" is not Fiji's Western Division
            if text in self.kb.seat_words and is_actor_use(span, self.kb.lexicon):
                continue
            entries = self.gazetteer.lookup(span.text)
            if not entries:
                continue
            if all(e.kind == "country" for e in entries) and not self._locative(span):
                continue  # "Ukraine will never join Nato": the country acts
            start, end, want = span.start_char, span.end_char, ""
            nxt = doc[span.end] if span.end < len(doc) else None
            if nxt is not None and nxt.lower_ in self.region_nouns:
                want, end = "region", nxt.idx + len(nxt)
            elif nxt is not None and nxt.lower_ in self.subcity:
                want, end = "subcity", nxt.idx + len(nxt)
            elif span.start >= 2 and doc[span.start - 1].lower_ == "of" and doc[span.start - 2].lower_ in self.subcity:
                want = "subcity"  # "the outskirts of Kyiv"
            pending.append((start, end, text, entries, want))
        # context: countries of unambiguous places and of the actors
        context: Counter[str] = Counter()
        for *_, entries, _ in pending:
            codes = {e.country for e in entries if e.country}
            if len(codes) == 1:
                context[codes.pop()] += 1
        for code in actor_codes or []:
            country = self.kb.countries.get(code)
            if country is not None and country.iso2:
                context[country.iso2] += 1
        places = []
        for start, end, _, entries, want in pending:
            best = self._choose(entries, want, context)
            precision = "subcity" if want == "subcity" and best.kind == "city" else best.kind
            places.append(
                Place(
                    span=Span.of(document.text, start, end),
                    name=best.name,
                    country=best.country,
                    lat=best.lat,
                    lon=best.lon,
                    precision=precision,
                    geonameid=best.geonameid,
                )
            )
        return places

    def _locative(self, span: SpacySpan) -> bool:
        root = span.root
        if root.dep_ == "pobj":
            prep = root.head
            if prep.lower_ in self.place_preps:
                return True
            if prep.lower_ == "to":
                return prep.head.lemma_.lower() in self.motion
        return False

    def _choose(self, entries: list[GeoEntry], want: str, context: Counter[str]) -> GeoEntry:
        def score(entry: GeoEntry) -> float:
            value = {"country": 3.0, "region": 1.5, "city": 1.0}.get(entry.kind, 0.5)
            if want == "region":
                value += 5.0 if entry.kind == "region" else 0.0
            elif want == "subcity":
                value += 5.0 if entry.kind == "city" else 0.0
            if entry.kind == "city":
                value += math.log10(max(entry.population, 1)) / 2.5
                if (entry.country, fold(entry.name)) in self.capitals:
                    value += 2.0  # Paris is Paris, France, unless the text says otherwise
            if entry.country and context:
                # document context: decisive between a country and a region ("Georgia"),
                # weaker between towns of very different size ("Paris", Texas)
                weight = 1.5 if entry.kind == "city" else 2.5
                value += weight * context[entry.country] / max(context.values())
            return value

        return max(entries, key=score)


def place_for_span(places: list[Place], document: Document, start: int, end: int) -> Place | None:
    """Where something mentioned at ``[start, end)`` happened, as far as the text says.

    The nearest place in the same sentence (a place inside the span first); else a
    place the sentence's speaker was at ("..., speaking in Denmark, said ...", same
    rule: it lies in the sentence); else the dateline place of the article (a place
    in its first sentence that starts it, "KYIV, July 3 -"); else ``None``.
    """
    sentence = document.sentence_index(start)
    same = [p for p in places if document.sentence_index(p.span.start) == sentence]
    inside = [p for p in same if start <= p.span.start and p.span.end <= end]
    if inside:
        return inside[0]
    if same:
        return min(same, key=lambda p: min(abs(p.span.start - end), abs(start - p.span.end)))
    if document.sentences:
        first = document.sentences[0]
        for place in places:
            if place.span.start == first.start and place.span.text.isupper():
                return place
    return None


def place_for_sentence(places: list[Place], document: Document, sentence: int) -> list[Place]:
    """All places mentioned in sentence ``sentence``, in text order."""
    return [p for p in places if document.sentence_index(p.span.start) == sentence]


def as_location(place: Place | None) -> Any:
    """The ``Location`` an event carries for ``place`` (None stays None)."""
    from dateline.model import Location

    if place is None:
        return None
    return Location(place.name, place.country, place.lat, place.lon, place.precision)
