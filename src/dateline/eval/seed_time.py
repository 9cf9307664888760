"""Seed scores for time: every required TIMEX3 found with the right type and value.

A gold expression is found when a predicted timex overlaps its span in the body
(relaxed match, as in TempEval-3). An expression that lies outside the body (the
byline's date) is the document creation time: it is right when
``document.published`` has its value. ``precision`` counts predicted timexes
that overlap a required or optional gold expression.
"""

from __future__ import annotations

from typing import Any

from dateline.eval.seed import locate, seed_scorer
from dateline.model import Extraction, Timex


def _overlapping(timexes: list[Timex], start: int, end: int) -> Timex | None:
    best: Timex | None = None
    best_overlap = 0
    for timex in timexes:
        overlap = min(end, timex.span.end) - max(start, timex.span.start)
        if overlap > best_overlap:
            best, best_overlap = timex, overlap
    return best


@seed_scorer("time")
def score_time(extraction: Extraction, file_text: str, gold: dict[str, Any]) -> dict[str, float]:
    body = extraction.document.text
    required = gold.get("timexes", [])
    found = typed = valued = 0
    matched_spans: list[tuple[int, int]] = []
    for item in required:
        accepted = {item["value"], *item.get("also_ok", [])}
        where = locate(item["text"], item.get("nth", 1), file_text, body)
        if where is None:
            # Not body text: the byline date is the document creation time.
            published = (extraction.document.published or "")[:10]
            hit = published in accepted
            found += hit
            typed += hit
            valued += hit
            continue
        matched_spans.append(where)
        timex = _overlapping(extraction.timexes, *where)
        if timex is None:
            continue
        found += 1
        typed += timex.type == item["type"]
        valued += timex.value in accepted
    for item in gold.get("timexes_optional", []):
        where = locate(item["text"], item.get("nth", 1), file_text, body)
        if where is not None:
            matched_spans.append(where)
    true_positive = sum(
        1
        for t in extraction.timexes
        if any(t.span.start < e and s < t.span.end for s, e in matched_spans)
    )
    total = max(1, len(required))
    return {
        "found": found / total,
        "type": typed / total,
        "value": valued / total,
        "all_correct": float(valued == len(required) and typed == len(required)),
        "precision": true_positive / max(1, len(extraction.timexes)),
    }
