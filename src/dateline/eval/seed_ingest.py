"""Seed scores for ingest: the body keeps every piece of gold evidence and drops the rest.

Boilerplate removal is only right if it removes no article text: every gold
evidence string (quote content, event evidence, place, contradiction evidence)
must be in the body, and every gold time expression except the byline's date
must be locatable in it. ``source_map_exact`` checks that the body maps back onto
the article file character for character.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from dateline.eval.seed import locate, seed_scorer
from dateline.ingest.text import normalize_newlines
from dateline.model import Extraction


def _evidence(gold: dict[str, Any]) -> list[str]:
    found: list[str] = []
    found += [q["content_contains"] for q in gold.get("quotes", []) if q.get("content_contains")]
    found += [e["evidence_contains"] for e in gold.get("events", []) if e.get("evidence_contains")]
    found += [p["text"] for p in gold.get("places", []) if p.get("text")]
    for contradiction in gold.get("contradictions", []):
        found += [e for e in contradiction.get("evidence", []) if isinstance(e, str)]
    return found


@seed_scorer("ingest")
def score_ingest(extraction: Extraction, text: str, gold: dict[str, Any]) -> dict[str, float]:
    document = extraction.document
    body = document.text
    evidence = _evidence(gold)
    metrics: dict[str, float] = {
        "evidence_in_body": sum(e in body for e in evidence) / max(1, len(evidence)),
        "title_not_in_body": float(document.title is not None and document.title not in body),
    }
    path = Path(document.source or "")
    if path.is_file():
        file_text = normalize_newlines(path.read_text(encoding="utf-8"))
        timexes = gold.get("timexes", [])
        located = [locate(t["text"], t.get("nth", 1), file_text, body) for t in timexes]
        metrics["timexes_in_body"] = sum(x is not None for x in located) / max(1, len(timexes))
        runs = document.metadata.get("source_map", [])
        metrics["source_map_exact"] = float(
            bool(runs)
            and all(body[b : b + n] == file_text[i : i + n] for b, i, n in runs)
            and sum(n for _, _, n in runs) >= len(body) - len(runs)
        )
    return metrics
