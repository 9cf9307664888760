"""Are two reported events the same happening? And where do their reports disagree?

Pure functions over :class:`EventRecord` (an event plus the document it came
from), used by the store-backed engine and directly by tests. The decision is
an evidence score with hard blocks (weights in ``data/fusion/rules.json``):

* **blocks** (never the same): different event types; dates that cannot overlap
  even allowing ``max_day_gap``; places in different countries or further apart
  than ``place_far_km``; the same document.
* **same** needs ``score >= same``, day-level date evidence in both reports *and*
  something specific (the same town, or the same day with the same actor and
  target): two undated reports, reports dated only to the month, or two "Russia
  attacked Ukraine" reports can at most be **possible** -- a "possibly same" link
  is cheaper than one wrong merge.
"""

from __future__ import annotations

import math
from calendar import monthrange
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date as Date
from typing import Any

from dateline.fusion.resources import rules
from dateline.model import Contradiction, Event, Location, Mention, Span

FINE_PLACES = {"city", "subcity", "locality", "point"}


@dataclass(slots=True)
class EventRecord:
    """One event of one document, with what fusion compares."""

    document_id: str
    event_id: str
    event: str
    day_lo: int | None = None  # proleptic ordinal of the first possible day
    day_hi: int | None = None
    date: str | None = None
    date_precision: str | None = None
    actors: list[str] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)
    location: Location | None = None
    asserted: bool = True
    size: dict[str, Any] | None = None
    event_text: str | None = None
    mentions: list[Mention] = field(default_factory=list)
    attribution: str | None = None
    canonical_document: str | None = None  # the first copy when this document is a duplicate
    aux: list[str] = field(default_factory=list)  # PLOVER modes: negation, future, hypothetical

    @property
    def modality(self) -> str:
        """'negated' (reported as not having happened), 'unreal' (future, hypothetical) or 'asserted'."""
        if "negation" in self.aux:
            return "negated"
        if {"future", "hypothetical"} & set(self.aux):
            return "unreal"
        return "asserted"

    @property
    def key(self) -> tuple[str, str]:
        return (self.document_id, self.event_id)

    @property
    def source(self) -> str:
        return self.canonical_document or self.document_id

    @property
    def day_level(self) -> bool:
        return self.day_lo is not None and self.day_hi is not None and self.day_hi - self.day_lo <= 0

    @classmethod
    def from_event(cls, document_id: str, event: Event) -> EventRecord:
        lo, hi = day_range(event.date, event.date_precision)
        return cls(
            document_id=document_id, event_id=event.id, event=event.event,
            day_lo=lo, day_hi=hi, date=event.date, date_precision=event.date_precision,
            actors=list(event.actor), recipients=list(event.recipient), location=event.location,
            asserted=event.asserted, size=dict(event.size) if event.size else None,
            event_text=event.event_text, mentions=list(event.mentions),
            attribution=event.attribution, aux=list(event.aux),
        )


def _parse_day(text: str) -> Date | None:
    try:
        return Date.fromisoformat(text[:10])
    except ValueError:
        return None


def day_range(value: str | None, precision: str | None) -> tuple[int | None, int | None]:
    """The first and last day (ordinals) a date of this precision can mean; ``(None, None)`` if undated."""
    if not value or precision in (None, "unknown"):
        return None, None
    try:
        if precision == "year" or len(value) == 4:
            year = int(value[:4])
            return Date(year, 1, 1).toordinal(), Date(year, 12, 31).toordinal()
        if precision == "month" or len(value) == 7:
            year, month = int(value[:4]), int(value[5:7])
            last = monthrange(year, month)[1]
            return Date(year, month, 1).toordinal(), Date(year, month, last).toordinal()
        if "-W" in value:  # ISO week "2022-W18"
            year, week = int(value[:4]), int(value.split("-W")[1][:2])
            monday = Date.fromisocalendar(year, week, 1).toordinal()
            return monday, monday + 6
    except ValueError:
        return None, None
    day = _parse_day(value)
    if day is None:
        return None, None
    if precision == "week":
        # ordinals, not date arithmetic: a week at year 1 or 9999 must not overflow
        return day.toordinal() - 3, day.toordinal() + 3
    return day.toordinal(), day.toordinal()


def actor_base(actor_id: str) -> str:
    """``country:RUS:MIL`` -> ``country:RUS`` (a sector variant names the same state)."""
    if actor_id.startswith("country:"):
        return ":".join(actor_id.split(":")[:2])
    return actor_id


def _shared(a: Sequence[str], b: Sequence[str]) -> bool | None:
    """True: a common actor; False: both named and disjoint; None: no evidence."""
    if not a or not b:
        return None
    return bool({actor_base(x) for x in a} & {actor_base(y) for y in b})


def distance_km(a: Location, b: Location) -> float | None:
    if None in (a.lat, a.lon, b.lat, b.lon):
        return None
    assert a.lat is not None and a.lon is not None and b.lat is not None and b.lon is not None
    p1, p2 = math.radians(a.lat), math.radians(b.lat)
    dp, dl = p2 - p1, math.radians(b.lon - a.lon)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(min(1.0, math.sqrt(h)))


def compare_places(a: Location | None, b: Location | None) -> str | None:
    """'same' | 'within' | 'other' (another town, same area) | 'block' | None (no evidence)."""
    if a is None or b is None or not (a.name or a.country) or not (b.name or b.country):
        return None
    cfg = rules()["events"]
    if a.country and b.country and a.country.upper() != b.country.upper():
        return "block"
    fine_a = (a.precision or "") in FINE_PLACES
    fine_b = (b.precision or "") in FINE_PLACES
    if not (fine_a and fine_b):
        # A country or region, equal to or containing the other place: weak evidence
        # ("Ukraine" is where most reported events of this war happen).
        return "within"
    if a.name and b.name and a.name.casefold() == b.name.casefold():
        return "same"
    km = distance_km(a, b)
    if km is not None:
        if km <= cfg["place_near_km"]:
            return "same"
        if km > cfg["place_far_km"]:
            return "block"
    return "other"


@dataclass(slots=True)
class Match:
    relation: str | None  # "same" | "possible" | None
    score: float
    reasons: list[str]
    blocked: bool = False


def match(a: EventRecord, b: EventRecord) -> Match:
    """How strongly the evidence says ``a`` and ``b`` report one happening."""
    cfg = rules()["events"]
    if a.event != b.event:
        return Match(None, 0.0, ["type differs"], True)
    if a.document_id == b.document_id:
        return Match(None, 0.0, ["same document"], True)
    score, reasons = 0.0, []
    day_evidence = False
    if a.day_lo is not None and b.day_lo is not None:
        assert a.day_hi is not None and b.day_hi is not None
        gap = max(a.day_lo - b.day_hi, b.day_lo - a.day_hi, 0)
        if gap > cfg["max_day_gap"]:
            return Match(None, 0.0, [f"dates {gap} days apart"], True)
        if a.day_level and b.day_level:
            day_evidence = True
            if gap == 0:
                score += cfg["date_same_day"]
                reasons.append("same day")
            else:
                score += cfg["date_adjacent_day"]
                reasons.append(f"dates {gap} day apart")
        elif gap == 0:
            score += cfg["date_overlap_coarse"]
            reasons.append("dates overlap (coarse)")
        else:
            return Match(None, 0.0, ["coarse dates do not overlap"], True)
    place = compare_places(a.location, b.location)
    if place == "block":
        return Match(None, 0.0, ["places too far apart"], True)
    if place == "same":
        score += cfg["place_same"]
        reasons.append("same place")
    elif place == "within":
        score += cfg["place_within"]
        reasons.append("place within place")
    elif place == "other":
        score += cfg["place_other_city"]
        reasons.append("different towns")
    for role, x, y in (("actor", a.actors, b.actors), ("recipient", a.recipients, b.recipients)):
        shared = _shared(x, y)
        if shared is True:
            score += cfg[f"{role}_shared"]
            reasons.append(f"shared {role}")
        elif shared is False:
            score += cfg[f"{role}_disjoint"]
            reasons.append(f"different {role}s")
    if a.event_text and b.event_text and a.event_text.casefold() == b.event_text.casefold():
        score += cfg["trigger_same"]
        reasons.append("same wording")
    # A threat or forecast ("Russia could invade") and a report of the happening are
    # different claims; a denial and a report of the same strike are not.
    unreal = (a.modality == "unreal") != (b.modality == "unreal")
    if unreal:
        reasons.append("one report is future or hypothetical")
    # Something specific must tie the reports: the same town, or the same day with the
    # same actor and target. Otherwise "Russia attacked Ukraine" on adjacent days in two
    # reports is too generic to merge.
    specific = place == "same" or (
        "same day" in reasons and "shared actor" in reasons and "shared recipient" in reasons
    )
    if score >= cfg["same"] and day_evidence and specific and not unreal:
        return Match("same", score, reasons)
    if score >= cfg["possible"]:
        if score >= cfg["same"]:
            if not day_evidence:
                reasons.append("no day-level date in both reports")
            elif not specific:
                reasons.append("nothing specific (same town, or same day, actor and target)")
        return Match("possible", score, reasons)
    return Match(None, score, reasons)


def _span(record: EventRecord) -> Span:
    if record.mentions:
        m = record.mentions[0]
        return Span(m.start, m.end, m.text)
    return Span(0, 0, "")


def _place_value(location: Location | None) -> str | None:
    if location is None:
        return None
    return location.name or location.country


def contradictions(
    fused_id: str, members: Iterable[EventRecord]
) -> list[tuple[Contradiction, list[str]]]:
    """Attributes on which the sources of one fused event disagree.

    Each result is a :class:`~dateline.model.Contradiction` (the same representation
    as within-document contradictions: one value and one evidence span per report)
    plus the list of document ids the values come from. Copies of one article
    (duplicates) are one source and cannot disagree with themselves.
    """
    by_source: dict[str, EventRecord] = {}
    for record in sorted(members, key=lambda r: (r.source, r.document_id, r.event_id)):
        by_source.setdefault(record.source, record)
    records = list(by_source.values())
    if len(records) < 2:
        return []
    found: list[tuple[Contradiction, list[str]]] = []

    def add(attribute: str, picked: list[tuple[Any, EventRecord]]) -> None:
        distinct = {repr(v) for v, _ in picked}
        if len(distinct) > 1:
            found.append((
                Contradiction(fused_id, attribute, [v for v, _ in picked], [_span(r) for _, r in picked]),
                [r.document_id for _, r in picked],
            ))

    add("date", [(r.date[:10], r) for r in records if r.date and r.day_level])
    fine = [r for r in records if r.location and (r.location.precision or "") in FINE_PLACES]
    places = [(_place_value(r.location), r) for r in fine]
    if len({str(v).casefold() for v, _ in places}) > 1:
        near = all(
            compare_places(x.location, y.location) == "same" for i, x in enumerate(fine) for y in fine[i + 1:]
        )
        if not near:
            add("location", places)
    actors = [(sorted(r.actors), r) for r in records if r.actors]
    bases = [{actor_base(a) for a in v} for v, _ in actors]
    if len(bases) > 1 and not set.intersection(*bases):
        add("actor", actors)
    # Whether it happened: reported in one source, denied in another (a forecast is neither).
    told = [(r.modality == "asserted", r) for r in records if r.modality != "unreal"]
    add("asserted", told)
    # counts only: a toll's figures carry character spans, which differ between reports
    keys = sorted({k for r in records for k, v in (r.size or {}).items() if isinstance(v, int)})
    for key in keys:
        add(f"size.{key}", [((r.size or {})[key], r) for r in records if key in (r.size or {})])
    return found
