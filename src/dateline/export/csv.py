"""CSV export: one row per event (default) or one row per quote.

Event rows flatten the PLOVER fields (event, mode, context, quad class, actor
and recipient codes and sectors, the counterparts of a two-sided event,
location, size) next to the document they come
from and their first mention as evidence; multi-valued fields are joined with
``"; "``. ``write(..., rows="quotes")`` writes one row per quote instead (who
said what, with offsets). Offsets are character offsets into the document body.
Text cells that a spreadsheet would run as a formula (starting with ``=``, ``+``,
``-``, ``@``, a tab or a carriage return) get a leading apostrophe, the usual
guard against CSV injection; numbers are written as they are.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable, Sequence
from typing import Any, TextIO

from dateline.errors import DatelineError
from dateline.model import Actor, Event, Extraction, Quote

SEP = "; "

EVENT_COLUMNS: tuple[str, ...] = (
    "document_id", "document_title", "document_published", "document_publisher", "document_url",
    "event_id", "date", "date_precision", "event", "mode", "context", "quad_class", "score",
    "aux", "asserted",
    "actor_ids", "actor_names", "actor_codes", "actor_sectors",
    "recipient_ids", "recipient_names", "recipient_codes", "recipient_sectors",
    "counterpart_ids", "counterpart_names",
    "location_name", "location_country", "location_lat", "location_lon", "location_precision",
    "size_dead", "size_injured", "size_arrested", "size",
    "attribution", "attribution_speaker", "confidence", "event_text",
    "mention_text", "mention_start", "mention_end", "mention_sentence", "evidence_sentence",
    "n_mentions",
)

QUOTE_COLUMNS: tuple[str, ...] = (
    "document_id", "document_title", "document_published", "quote_id", "kind",
    "speaker_name", "speaker_actor_id", "speaker_text", "speaker_start", "speaker_end",
    "cue_text", "cue_start", "cue_end", "content", "content_start", "content_end",
    "n_content_spans", "date", "confidence", "reported_by",
)


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: Any) -> Any:
    """A cell value a spreadsheet will show, not evaluate: article text is
    untrusted input ("=HYPERLINK(...)" in a quote must stay text)."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _join(values: Iterable[Any]) -> str:
    return SEP.join("" if v is None else str(v) for v in values)


def _document_cells(ex: Extraction) -> dict[str, Any]:
    d = ex.document
    return {
        "document_id": d.id, "document_title": d.title, "document_published": d.published,
        "document_publisher": d.publisher, "document_url": d.url,
    }


def _sentence_text(ex: Extraction, index: int | None) -> str | None:
    if index is None:
        return None
    for sentence in ex.document.sentences:
        if sentence.index == index:
            return ex.document.text[sentence.start : sentence.end]
    return None


def _actor_cells(role: str, ids: Sequence[str], actors: dict[str, Actor]) -> dict[str, str]:
    found = [actors.get(i) for i in ids]
    return {
        f"{role}_ids": _join(ids),
        f"{role}_names": _join(a.name if a else i for a, i in zip(found, ids, strict=True)),
        f"{role}_codes": _join(a.code if a else None for a in found),
        f"{role}_sectors": _join(a.sector if a else None for a in found),
    }


def event_rows(ex: Extraction) -> Iterable[dict[str, Any]]:
    actors = {a.id: a for a in ex.actors}
    speakers = {q.id: (q.speaker.name or (q.speaker.span.text if q.speaker.span else None))
                for q in ex.quotes}
    base = _document_cells(ex)
    for e in ex.events:
        yield {**base, **_event_cells(ex, e, actors, speakers)}


def _event_cells(
    ex: Extraction, e: Event, actors: dict[str, Actor], speakers: dict[str, str | None]
) -> dict[str, Any]:
    loc = e.location
    size = e.size or {}
    first = e.mentions[0] if e.mentions else None
    return {
        "event_id": e.id, "date": e.date, "date_precision": e.date_precision, "event": e.event,
        "mode": e.mode, "context": _join(e.context), "quad_class": e.quad_class,
        "score": e.score, "aux": _join(e.aux), "asserted": e.asserted,
        **_actor_cells("actor", e.actor, actors),
        **_actor_cells("recipient", e.recipient, actors),
        # the other side of a two-sided event is among the actors, whose codes
        # and sectors are already in the row: ids and names suffice
        "counterpart_ids": _join(e.counterpart),
        "counterpart_names": _join(actors[i].name if i in actors else i for i in e.counterpart),
        "location_name": loc.name if loc else None,
        "location_country": loc.country if loc else None,
        "location_lat": loc.lat if loc else None,
        "location_lon": loc.lon if loc else None,
        "location_precision": loc.precision if loc else None,
        "size_dead": size.get("dead"), "size_injured": size.get("injured"),
        "size_arrested": size.get("arrested"),
        "size": json.dumps(e.size, ensure_ascii=False) if e.size else None,
        "attribution": e.attribution,
        "attribution_speaker": speakers.get(e.attribution) if e.attribution else None,
        "confidence": e.confidence, "event_text": e.event_text,
        "mention_text": first.text if first else None,
        "mention_start": first.start if first else None,
        "mention_end": first.end if first else None,
        "mention_sentence": first.sentence if first else None,
        "evidence_sentence": _sentence_text(ex, first.sentence) if first else None,
        "n_mentions": len(e.mentions),
    }


def _quote_cells(ex: Extraction, q: Quote) -> dict[str, Any]:
    spk, cue = q.speaker, q.cue
    return {
        **{k: v for k, v in _document_cells(ex).items() if k in QUOTE_COLUMNS},
        "quote_id": q.id, "kind": q.kind,
        "speaker_name": spk.name, "speaker_actor_id": spk.actor_id,
        "speaker_text": spk.span.text if spk.span else None,
        "speaker_start": spk.span.start if spk.span else None,
        "speaker_end": spk.span.end if spk.span else None,
        "cue_text": cue.text if cue else None, "cue_start": cue.start if cue else None,
        "cue_end": cue.end if cue else None,
        "content": " … ".join(s.text for s in q.content),
        "content_start": q.content[0].start if q.content else None,
        "content_end": q.content[-1].end if q.content else None,
        "n_content_spans": len(q.content), "date": q.date, "confidence": q.confidence,
        "reported_by": q.reported_by,
    }


def quote_rows(ex: Extraction) -> Iterable[dict[str, Any]]:
    for q in ex.quotes:
        yield _quote_cells(ex, q)


MODES: dict[str, tuple[tuple[str, ...], Callable[[Extraction], Iterable[dict[str, Any]]]]] = {
    "events": (EVENT_COLUMNS, event_rows),
    "quotes": (QUOTE_COLUMNS, quote_rows),
}


def write(extractions: Iterable[Extraction], stream: TextIO, *, rows: str = "events") -> int:
    """Write a header and one row per event (or per quote); returns the number of rows."""
    try:
        columns, make_rows = MODES[rows]
    except KeyError:
        raise DatelineError(f"unknown CSV row kind {rows!r}; use one of {', '.join(MODES)}") from None
    writer = csv.DictWriter(stream, fieldnames=list(columns), lineterminator="\n")
    writer.writeheader()
    count = 0
    for extraction in extractions:
        for row in make_rows(extraction):
            writer.writerow({key: spreadsheet_safe(value) for key, value in row.items()})
            count += 1
    return count


def write_quotes(extractions: Iterable[Extraction], stream: TextIO) -> int:
    return write(extractions, stream, rows="quotes")
