"""Seed scores for quotes: each gold quote found, with its kind, cue and speaker.

A gold quote is found when a predicted quote's content contains the gold
``content_contains`` text. Its speaker is right when the resolved actor is the
gold speaker (names compared folded, with a one-letter tolerance in the surname
for transliterations such as Zelenskiy/Zelenskyy); a group speaker that is not
a named actor in the gold ("Ukrainian officials") is right when the predicted
speaker span holds the gold words and resolved to an actor.
"""

from __future__ import annotations

import unicodedata
from typing import Any

from dateline.eval.seed import seed_scorer
from dateline.model import Extraction, Quote
from dateline.resolve.actors.kb import one_edit
from dateline.textnorm import normalize_for_nlp


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", normalize_for_nlp(text))
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(text.lower().replace("(", " ").replace(")", " ").split())


def _close(a: str, b: str) -> bool:
    """Equal, or one edit apart (substitution, insertion or deletion; a swap of
    neighbours is two edits here, as the scores have always counted it)."""
    return a == b or one_edit(a, b, swaps=False)


def same_person(gold_name: str, predicted: str | None, aliases: list[str]) -> bool:
    if not predicted:
        return False
    pred = _fold(predicted)
    for name in [gold_name, *aliases]:
        gold = _fold(name)
        if gold == pred:
            return True
        g, p = gold.split(), pred.split()
        if g and p and g[0] == p[0] and _close(g[-1], p[-1]):
            return True
    return False


def _content(quote: Quote) -> str:
    return _fold(" ".join(s.text for s in quote.content))


@seed_scorer("quotes")
def score_quotes(extraction: Extraction, file_text: str, gold: dict[str, Any]) -> dict[str, float]:
    gold_quotes = gold.get("quotes", [])
    gold_actors = {a["name"]: a for a in gold.get("actors", [])}
    predicted = extraction.quotes
    found = kind_ok = cue_ok = speaker_ok = all_ok = 0
    matched: set[str] = set()
    for item in gold_quotes:
        needle = _fold(item["content_contains"])
        hits = [q for q in predicted if needle in _content(q)]
        if not hits:
            continue
        # The innermost quote holding the text is the one that says it.
        quote = min(hits, key=lambda q: sum(s.end - s.start for s in q.content))
        matched.add(quote.id)
        found += 1
        kind = quote.kind == item["kind"]
        cues = [item["cue"], *item.get("also_ok_cue", [])]
        cue = quote.cue is not None and any(_fold(c) in _fold(quote.cue.text) for c in cues)
        speaker = _speaker_ok(item["speaker"], quote, gold_actors)
        kind_ok += kind
        cue_ok += cue
        speaker_ok += speaker
        all_ok += kind and cue and speaker
    total = len(gold_quotes) or 1
    not_quotes = _not_quote_checks(predicted, gold.get("not_quotes", []))
    return {
        "found": found / total,
        "kind_accuracy": kind_ok / total,
        "cue_accuracy": cue_ok / total,
        "speaker_accuracy": speaker_ok / total,
        "all_correct": all_ok / total,
        "no_false_quote_for_labels": not_quotes,
        "extra_quotes": float(len([q for q in predicted if q.id not in matched])),
    }


def _speaker_ok(gold_speaker: str, quote: Quote, gold_actors: dict[str, Any]) -> bool:
    actor = gold_actors.get(gold_speaker)
    if actor is not None:
        return same_person(gold_speaker, quote.speaker.name, actor.get("aliases_to_know", []))
    span = quote.speaker.span
    return (
        span is not None
        and quote.speaker.actor_id is not None
        and _fold(gold_speaker) in _fold(span.text)
    )


def _not_quote_checks(predicted: list[Quote], not_quotes: list[dict[str, Any]]) -> float:
    """Share of 'not a quote' texts for which no quote has that text as (nearly)
    its whole content: scare quotes and the quoted fragments of mixed quotes."""
    if not not_quotes:
        return 1.0
    ok = 0
    for item in not_quotes:
        needle = _fold(item["text"]).strip("\"' .")
        alone = [q for q in predicted if len(_content(q).strip("\"' .,")) <= len(needle) + 4 and needle in _content(q)]
        ok += not alone
    return ok / len(not_quotes)
