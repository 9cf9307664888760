"""The event typer's learning curve on ukwar-train, and where its false events come from.

``scripts/event_learning_curve.py`` runs :func:`~dateline.eval.event_typer.articles_out_of_fold`
with each fold's typer trained on a seed-controlled share of the other folds'
articles (:func:`subsample`), fits the scores against the log of the number of
training articles (:func:`log_fit`, :func:`articles_for`), and sorts the
out-of-fold false events (system events the scorer matches to no gold event)
into classes read off the gold file the scorer reads (:func:`false_events`).
"""

from __future__ import annotations

import math
import random
import re
from collections.abc import Iterable, Sequence
from typing import Any

from dateline.eval.articles import GoldArticle, _codes, _overlaps, _type_ok, gold_sites, trap_sites
from dateline.model import Event, Extraction

# Why a system event matches no gold event, first that applies:
# - trap: asserted, of the tempting type, on a ``must_not`` evidence (what the scorer counts as a trap);
# - wrong_type_on_evidence: it overlaps a gold event's evidence, with a type the gold does not allow;
# - wrong_type_in_sentence: in a gold event's sentence, off its evidence, a type the gold does not
#   allow (unless the next class applies through a gold note);
# - duplicate: another mention of a gold event another system event matched: a type that gold allows,
#   and its sentence holds a passage the gold's note quotes as another mention, or (no gold event in
#   its sentence) both name the same actor or recipient code (or either names none);
# - missed_elsewhere: the same, for a gold event no system event matched (the gold chose another mention);
# - repeat_wrong_type: its sentence holds a passage a gold event's note quotes, but a type it does not allow;
# - unlisted: a happening the gold does not list at all.
FALSE_CLASSES = (
    "trap", "wrong_type_on_evidence", "wrong_type_in_sentence", "duplicate", "missed_elsewhere",
    "repeat_wrong_type", "unlisted",
)
# the pieces between quotes and ellipses of a gold note ("also 'X', 'Y ... Z'")
NOTE_PIECES = re.compile("['\"\u2018\u2019\u201c\u201d]|\\.\\.\\.|\u2026")


class LabelTyper:
    """A typer that knows the answers: it gives each candidate of one article
    its training label (:func:`~dateline.eval.event_typer.article_rows`; rows
    found by trigger token and lexicon type), so scoring the article with it is
    the ceiling of any typer trained on those labels (the candidates, the
    merging and the arguments stay what they are)."""

    def __init__(self, rows: Iterable[Any], proposals: str) -> None:
        self.proposals = proposals
        self._labels = {(r.sample.trigger, r.sample.event): str(r.label) for r in rows}
        self.unknown = 0  # candidates no row has (kept with their lexicon type)

    def decide_sentence(self, samples: Sequence[Any], lexicons: Sequence[str | None]) -> list[tuple[str, float]]:
        out = []
        for sample, lexicon in zip(samples, lexicons, strict=True):
            label = self._labels.get((sample.trigger, sample.event))
            if label is None:
                self.unknown += 1
                label = lexicon or "NONE"
            out.append((label, 1.0))
        return out


def subsample(names: Sequence[str], share: float, seed: int) -> list[str]:
    """``share`` of ``names`` (at least one when ``share`` > 0), chosen by
    ``seed``; with one seed a smaller share's subset lies inside a larger one's,
    so the curve's points differ only by the articles added."""
    if share <= 0:
        return []
    order = sorted(names)
    random.Random(seed).shuffle(order)
    return sorted(order[: max(1, round(share * len(order)))])


def log_fit(xs: Sequence[float], ys: Sequence[float]) -> tuple[float, float]:
    """Least-squares ``y = a + b * ln(x)``: (a, b)."""
    logs = [math.log(x) for x in xs]
    mx, my = sum(logs) / len(logs), sum(ys) / len(ys)
    sxx = sum((x - mx) ** 2 for x in logs)
    b = sum((x - mx) * (y - my) for x, y in zip(logs, ys, strict=True)) / sxx
    return my - b * mx, b


def articles_for(target: float, a: float, b: float) -> float:
    """The x where ``a + b * ln(x)`` reaches ``target`` (inf when the fit does not rise)."""
    if b <= 0:
        return math.inf
    return math.exp((target - a) / b)


def sentence_text(extraction: Extraction, offset: int) -> str:
    document = extraction.document
    index = document.sentence_index(offset)
    if index is None:
        return ""
    return document.text[document.sentences[index].start : document.sentences[index].end]


def _codes_of(extraction: Extraction, event: Event) -> set[str]:
    return _codes(extraction, event.actor) | _codes(extraction, event.recipient)


def quoted_in(note: str, sentence: str) -> bool:
    """Whether ``sentence`` holds a passage of three words or more that ``note`` quotes."""
    return any(len(piece.split()) >= 3 and piece.strip() in sentence for piece in NOTE_PIECES.split(note))


def false_events(article: GoldArticle, extraction: Extraction) -> list[tuple[str, Event]]:
    """Each system event :func:`~dateline.eval.articles.score_article` counts as
    false, with its class (:data:`FALSE_CLASSES`)."""
    golds = []  # (gold, evidence span, sentence span, matched by some system event)
    matched: set[str] = set()
    for gold, span, sentence, hits in gold_sites(article, extraction):
        if span is None or sentence is None:
            continue
        matched.update(e.id for e in hits)
        golds.append((gold, span, sentence, bool(hits)))
    traps = [(trap["event"], span) for trap, span in trap_sites(article, extraction)]
    out: list[tuple[str, Event]] = []
    for event in extraction.events:
        if event.id in matched:
            continue
        if event.asserted and any(kind == event.event and _overlaps(event, span) for kind, span in traps):
            out.append(("trap", event))
            continue
        if any(_overlaps(event, span) for _, span, _, _ in golds):
            out.append(("wrong_type_on_evidence", event))
            continue
        read = " ".join(sentence_text(extraction, m.start) for m in event.mentions)
        listed = [(gold, hit) for gold, _, _, hit in golds if quoted_in(gold.get("note", ""), read)]
        repeats = [hit for gold, hit in listed if _type_ok(event, gold)]
        if not repeats and any(_overlaps(event, sentence) for _, _, sentence, _ in golds):
            out.append(("wrong_type_in_sentence", event))
            continue
        codes = _codes_of(extraction, event)
        repeats += [
            hit for gold, _, _, hit in golds if _type_ok(event, gold)
            and (not codes or not (named := {*gold.get("actor", []), *gold.get("recipient", [])}) or codes & named)
        ]
        kind = "duplicate" if any(repeats) else "missed_elsewhere" if repeats else "repeat_wrong_type" if listed else "unlisted"
        out.append((kind, event))
    return out
