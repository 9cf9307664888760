"""Seed scores for events: the gold events found with the right type, actors,
date and auxiliary modes; one event per happening; the duration contradiction;
no asserted event from a negated sentence.

A gold event is *located* by its ``evidence_contains`` text; a predicted event
answers it when one of its mentions lies inside that evidence (or, for a
trigger just outside it, in the same sentence within a few words). It is
*right* when, among those events, one has

- the gold type (or one in ``also_ok``),
- actor codes equal to the gold ``actor`` codes (when given), and recipient codes
  equal to the gold ``recipient`` (when given), codes read from the actors,
- the gold ``date`` (or ``also_ok_date``) at the gold's precision, or a date
  before ``date_before`` (or none), and
- the same auxiliary modes (or one of ``also_ok_aux``).
"""

from __future__ import annotations

from typing import Any

from dateline.eval.seed import locate, seed_scorer
from dateline.model import Event, Extraction

AUX = {"negation", "future", "hypothetical", "historical"}
NEAR = 40  # characters between a trigger and the gold evidence in the same sentence


def _codes(extraction: Extraction, ids: list[str]) -> set[str]:
    out = set()
    for actor_id in ids:
        actor = extraction.actor(actor_id)
        out.add(actor.code if actor is not None and actor.code else actor_id)
    return out


def _date_ok(event: Event, gold: dict[str, Any]) -> bool:
    if "date" in gold:
        wanted = [gold["date"], *gold.get("also_ok_date", [])]
        date = event.date or ""
        return bool(date) and any(date[: len(w)] == w for w in wanted)
    if "date_before" in gold:
        return event.date is None or event.date[:10] < gold["date_before"]
    return True


def _aux_ok(event: Event, gold: dict[str, Any]) -> bool:
    ours = set(event.aux) & AUX
    allowed = [set(gold.get("aux", []))] + [set(a) for a in gold.get("also_ok_aux", [])]
    return ours in allowed


def check(extraction: Extraction, event: Event, gold: dict[str, Any]) -> dict[str, bool]:
    types = [gold["event"], *gold.get("also_ok", [])]
    type_ok = any(event.event == t.split(":")[0] for t in types)
    actors_ok = "actor" not in gold or _codes(extraction, event.actor) == set(gold["actor"])
    recipient_ok = "recipient" not in gold or _codes(extraction, event.recipient) == set(gold["recipient"])
    return {
        "type": type_ok,
        "actors": actors_ok and recipient_ok,
        "date": _date_ok(event, gold),
        "aux": _aux_ok(event, gold),
    }


def candidates_for(extraction: Extraction, span: tuple[int, int] | None) -> list[Event]:
    if span is None:
        return []
    start, end = span
    document = extraction.document
    sentence = document.sentence_index(start)
    inside, near = [], []
    for event in extraction.events:
        for m in event.mentions:
            if start <= m.start and m.end <= end:
                inside.append(event)
                break
            if m.sentence == sentence and (0 <= start - m.end <= NEAR or 0 <= m.start - end <= NEAR):
                near.append(event)
                break
    return inside + [e for e in near if e not in inside]


@seed_scorer("events")
def score_events(extraction: Extraction, text: str, gold: dict[str, Any]) -> dict[str, float]:
    body = extraction.document.text
    required = [g for g in gold["events"] if not g.get("optional")]
    optional = [g for g in gold["events"] if g.get("optional")]
    parts = {"type": 0, "actors": 0, "date": 0, "aux": 0}
    matched = matched_optional = 0
    located: dict[str, list[Event]] = {}
    for g in gold["events"]:
        span = locate(g["evidence_contains"], 1, text, body)
        events = candidates_for(extraction, span)
        located[g["id"]] = events
        results = [check(extraction, e, g) for e in events]
        if not g.get("optional"):
            for key in parts:
                parts[key] += any(r[key] for r in results)
        if any(all(r.values()) for r in results):
            if g.get("optional"):
                matched_optional += 1
            else:
                matched += 1
    # location: where the gold names one, the matched event's location holds it
    with_place = [g for g in required + optional if g.get("location")]
    located_right = 0
    for g in with_place:
        wanted = g["location"].lower()
        for e in located.get(g["id"], []):
            name = (e.location.name or "").lower() if e.location else ""
            if name and (wanted in name or name in wanted):
                located_right += 1
                break
    # the call is one event: every non-future CONSULT event whose mentions are
    # the gold call's triggers
    call_events = {id(e) for e in located.get("call", []) if e.event == "CONSULT"}
    call_mentions = [
        e for e in extraction.events
        if e.event == "CONSULT" and "future" not in e.aux
        and any(m.text.lower() in ("call", "conversation") for m in e.mentions)
    ]
    one_call = float(len(call_events) == 1 and len({id(e) for e in call_mentions}) == 1)
    halts = [
        e for e in extraction.events
        if e.event in ("SANCTION", "COERCE") and "negation" not in e.aux
        and any(m.text.lower() in ("halt", "halted", "pause") for m in e.mentions)
    ]
    one_halt = float(len(halts) == 1 and len(halts[0].mentions) >= 4)
    contradiction = 0.0
    for c in gold.get("contradictions", []):
        spans = [locate(ev, 1, text, body) for ev in c["evidence"]]
        for found in extraction.contradictions:
            if found.attribute != c["attribute"]:
                continue
            if all(s is not None and any(p.start < s[1] and s[0] < p.end for p in found.spans) for s in spans):
                contradiction = 1.0
    negated = [g for g in gold["events"] if "negation" in g.get("aux", [])]
    leaked = 0
    for g in negated:
        span = locate(g["evidence_contains"], 1, text, body)
        sentence = None if span is None else extraction.document.sentence_index(span[0])
        for e in extraction.events:
            if e.asserted and e.event in ("AID", "SANCTION") and any(m.sentence == sentence for m in e.mentions):
                leaked += 1
    asserted_from_negated = float(leaked == 0)
    n = max(1, len(required))
    return {
        "required_matched": float(matched),
        "required_recall": matched / n,
        "optional_matched": float(matched_optional),
        "type_recall": parts["type"] / n,
        "actors_recall": parts["actors"] / n,
        "date_recall": parts["date"] / n,
        "aux_recall": parts["aux"] / n,
        "call_one_event": one_call,
        "halt_one_event": one_halt,
        "duration_contradiction": contradiction,
        "no_asserted_from_negated": asserted_from_negated,
        "location_recall": located_right / max(1, len(with_place)),
        "precision_proxy": (matched + matched_optional) / max(1, len(extraction.events)),
        "events": float(len(extraction.events)),
        "optional_total": float(len(optional)),
    }
