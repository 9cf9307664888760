"""Can a learned model beat the rules where they guess? (issue #19, eighth round)

The rules guess in three places: the direction of a bare weekday in news ("on
Friday": the last one, the next one, today), the year of a month or day stated
without one in news ("in December"), and the year of a month or season in a
history ("In April", "the winter", counted from the story's clock). This script
records every such decision on the DEV splits (TimeBank + AQUAINT + WikiWars; the
test split stays held out), with the features a model could use (the tense of the
governing verb, the words just before, the month against publication or the
reference time, whether that reference was stated with its year, the rule's own
answer), and labels each with the gold's answer. A multinomial logistic regression
(numpy, L2) is then scored leave-one-document-out against the rule on the same
decisions: a learned choice is worth keeping only if it fixes more held-out
decisions than it breaks.

Usage: python scripts/timex_learned_choice.py
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np

from dateline.config import Config
from dateline.eval.timex import load_corpora, split_of
from dateline.nlp.time import stage as time_stage
from dateline.nlp.time.tagger import Context, Match, Result, TimeTagger
from dateline.pipeline import Pipeline

ROOT = Path(__file__).resolve().parents[2] / "shared" / "data" / "timeml"
CUES = ("by", "until", "before", "after", "since", "next", "last", "previous", "following", "on", "from",
        "in", "during", "early", "late", "this", "that", "the", "of", "over", "throughout", "soon")
SEASON_MONTH = {"SP": 4, "SU": 7, "FA": 10, "WI": 12}
_YEAR = re.compile(r"^(BC)?(\d{4})")
_MONTH = re.compile(r"^(?:BC)?\d{4}-(\d{2}|SP|SU|FA|WI)")


class RecordingTagger(TimeTagger):
    """The stage's tagger, keeping each decision's context (the last pass wins)."""

    decisions: dict[tuple[int, int], dict[str, Any]] = {}

    def normalize(self, match: Match, ctx: Context, text: str) -> list[Result]:
        out = super().normalize(match, ctx, text)
        g = match.groups
        kind = None
        if not ctx.narrative and ctx.dct is not None and "year" not in g:
            kind = "news weekday" if "weekday" in g and "month" not in g else "news month" if "month" in g else None
        elif ctx.narrative and ctx.ref is not None and "year" not in g and ("month" in g or match.rule.norm == "season"):
            kind = "history month/season"
        if kind and out and out[0].value:
            RecordingTagger.decisions[(match.start, match.end)] = {
                "kind": kind, "ctx": ctx, "value": out[0].value, "rule": match.rule.name,
                "before": text[max(0, match.start - 30) : match.start].lower().split()[-3:],
            }
        return out


def _year(value: str | None) -> int | None:
    found = _YEAR.match(value or "")
    if not found:
        return None
    return 1 - int(found.group(2)) if found.group(1) else int(found.group(2))


def _month(value: str | None) -> int | None:
    found = _MONTH.match(value or "")
    if not found:
        return None
    return SEASON_MONTH.get(found.group(1)) or int(found.group(1))


def example(d: dict[str, Any], gold: str) -> tuple[list[float], int, int] | None:
    """Features, gold label and the rule's label of one decision (None: not comparable)."""
    ctx, value = d["ctx"], d["value"]
    cues = [float(c in d["before"]) for c in CUES]
    tense = [float(ctx.orientation < 0), float(ctx.orientation > 0)]
    if d["kind"] == "news weekday":
        try:
            ours, theirs = date.fromisoformat(value[:10]), date.fromisoformat(gold[:10])
        except ValueError:
            return None
        dct = ctx.dct
        label, rule = (theirs > dct) - (theirs < dct), (ours > dct) - (ours < dct)
        shift = ((ours.isoweekday() - dct.isoweekday()) % 7) / 7
        return [*tense, shift, float(rule == 1), float(rule == 0), *cues], label, rule
    ours_y, gold_y, month = _year(value), _year(gold), _month(value)
    if ours_y is None or gold_y is None or month is None or re.sub(r"\d", "9", value) != re.sub(r"\d", "9", gold):
        return None
    if d["kind"] == "news month":
        base, base_month, stated = ctx.dct.year, ctx.dct.month, 1.0
    else:
        base, base_month, stated = ctx.ref.year, ctx.ref.month or 0, float(ctx.ref_explicit)
    label, rule = gold_y - base, ours_y - base
    if label not in (-1, 0, 1) or rule not in (-1, 0, 1):
        return None
    known = base_month > 0
    features = [*tense, month / 12, base_month / 12, float(known), (month - base_month) / 12 if known else 0.0,
                float(known and month < base_month), float(known and base_month - month >= 6), stated,
                float(d["rule"] == "season"), float(rule == 1), float(rule == -1), *cues]
    return features, label, rule


def fit(x: np.ndarray, y: np.ndarray, classes: list[int], l2: float = 1.0, steps: int = 1500) -> np.ndarray:
    """Multinomial logistic regression by gradient descent; weights (features + 1, classes)."""
    xb = np.hstack([x, np.ones((len(x), 1))])
    onehot = (y[:, None] == np.array(classes)[None, :]).astype(float)
    w = np.zeros((xb.shape[1], len(classes)))
    for _ in range(steps):
        z = xb @ w
        p = np.exp(z - z.max(axis=1, keepdims=True))
        p /= p.sum(axis=1, keepdims=True)
        grad = xb.T @ (p - onehot) / len(x) + l2 * w / len(x)
        w -= 0.5 * grad
    return w


def predict(w: np.ndarray, x: np.ndarray, classes: list[int]) -> np.ndarray:
    return np.array(classes)[np.argmax(np.hstack([x, np.ones((len(x), 1))]) @ w, axis=1)]


def main() -> None:
    corpora = load_corpora([ROOT / n for n in ("timebank", "aquaint", "wikiwars")])
    dev = [d for docs in corpora.values() for i, d in enumerate(docs) if split_of(i) == "dev"]
    time_stage.TimeTagger = RecordingTagger  # type: ignore[misc]  # the stage builds this one
    pipeline = Pipeline(Config().with_overrides(stages=("segment", "time")))
    rows: dict[str, list[tuple[list[float], int, int, str]]] = {}
    outcomes = pipeline.pipe(doc.document for doc in dev)
    for doc in dev:
        RecordingTagger.decisions = {}
        next(outcomes)  # runs the stages of this document
        for (start, end), d in RecordingTagger.decisions.items():
            gold = next((g for g in doc.gold if g.span.start < end and start < g.span.end), None)
            found = example(d, gold.value or "") if gold is not None else None
            if found is not None:
                rows.setdefault(d["kind"], []).append((*found, doc.document.id))
    for kind, items in rows.items():
        x = np.array([r[0] for r in items])
        y = np.array([r[1] for r in items])
        rule = np.array([r[2] for r in items])
        docs = np.array([r[3] for r in items])
        classes = sorted(set(y.tolist()) | set(rule.tolist()))
        print(f"{kind}: {len(y)} decisions, gold {dict(Counter(y.tolist()))}, rule right {int((rule == y).sum())}")
        for l2 in (0.3, 1.0, 3.0, 10.0):
            pred = rule.copy()
            for held in sorted(set(docs.tolist())):
                out = docs == held
                pred[out] = predict(fit(x[~out], y[~out], classes, l2), x[out], classes)
            fixes = int(((pred == y) & (rule != y)).sum())
            breaks = int(((pred != y) & (rule == y)).sum())
            print(f"  L2 {l2:>4}: leave-one-document-out right {int((pred == y).sum())} (fixes {fixes}, breaks {breaks})")


if __name__ == "__main__":
    main()
