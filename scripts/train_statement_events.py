"""Train the statement-event classifier (src/dateline/nlp/events/statements.py).

Data: ukwar-train only (never ukwar-dev). Every (quote, sentence) unit of the
60 articles, analysed by the pipeline up to the events stage. One balanced
logistic regression per statement type learns whether a gold event allowing
that type (its type or ``also_ok``) has its evidence in the unit's sentence —
what ``dateline eval articles`` counts as a right event there.

Held-out numbers: grouped 5-fold cross-validation by article. The thresholds
per type are chosen on the out-of-fold probabilities, for the events the
classifier would ADD (no event of that type already in the sentence): the one
that adds most right events while their precision stays >= --precision.

    PYTHONPATH=src python scripts/train_statement_events.py            # CV report + write the model
    PYTHONPATH=src python scripts/train_statement_events.py --cv-only  # report only
"""

from __future__ import annotations

import argparse
import pickle
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from dateline.config import Config
from dateline.eval.seed import locate
from dateline.nlp.events.statements import NONE, StatementModel, covered, load_cues, scored_units

FOLDS = 5
ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "src" / "dateline" / "data" / "events" / "statement_model.json"


@dataclass
class Row:
    feats: list[str]
    label: str
    group: str
    sentence: int
    allowed: set[str]  # types any gold event of the sentence allows (optional ones included)
    required: set[str]  # types of required gold events of the sentence the system misses
    covered: set[str] = field(default_factory=set)  # types the lexicon already has there
    text: str = ""  # the unit's words, for reading errors (never written to the model)


def _allowed(gold: dict[str, Any]) -> set[str]:
    return {t.split(":")[0] for t in [gold["event"], *gold.get("also_ok", [])]}


def collect(folder: Path, config: Config) -> list[Row]:
    from dateline.eval.event_typer import ukwar_analyses
    from dateline.nlp.events.build import MentionBuilder
    from dateline.nlp.events.learned import load_typer
    from dateline.nlp.events.resources import load_resources
    from dateline.nlp.events.select import extract

    types, _cues = load_cues()
    res = load_resources()
    typer = load_typer()
    rows: list[Row] = []
    for article, analysis in ukwar_analyses(folder, config):
        events, _ = extract(analysis, res, typer)
        body = analysis.document.text
        located = []
        for gold in article.gold.get("events", []):
            span = locate(gold["evidence_contains"], gold.get("nth", 1), article.file_text, body)
            if span is not None:
                located.append((span, gold))
        builder = MentionBuilder(analysis, res)
        for unit, feats in scored_units(analysis, builder):
            lo, hi = int(unit.sent.start_char), int(unit.sent.end_char)
            golds = [g for (s, e), g in located if s < hi and lo < e]
            primary = {g["event"].split(":")[0] for g in golds}
            allowed = set().union(*(_allowed(g) for g in golds)) if golds else set()
            label = next((t for t in types if t in primary), None) or next((t for t in types if t in allowed), NONE)
            required = set()
            for g in golds:
                if g.get("optional"):
                    continue
                kinds = _allowed(g)
                if not any(e.event in kinds and any(m.start < hi and lo < m.end for m in e.mentions) for e in events):
                    required.add(g["event"].split(":")[0])
            rows.append(Row(feats, label, article.name, lo, allowed, required,
                            {t for t in types if covered(events, t, unit.sent)}, body[unit.start:unit.end]))
    return rows


def fit(rows: list[Row], c: float, types: tuple[str, ...]) -> StatementModel:
    """One balanced logistic regression per type: does a gold event of that
    type (or one that allows it) lie in the unit's sentence?"""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    vec = DictVectorizer()
    x = vec.fit_transform([dict.fromkeys(r.feats, 1.0) for r in rows])
    coef, intercept = [], []
    for name in types:
        y = [name in r.allowed for r in rows]
        clf = LogisticRegression(C=c, max_iter=3000, class_weight="balanced")
        clf.fit(x, y)
        coef.append(clf.coef_[0])
        intercept.append(clf.intercept_[0])
    names = vec.get_feature_names_out()
    return StatementModel(types, {str(f): i for i, f in enumerate(names)}, np.asarray(coef),
                          np.asarray(intercept), {}, {})


def out_of_fold(rows: list[Row], c: float, types: tuple[str, ...]) -> np.ndarray:
    """Probabilities of each unit from a model that never saw its article."""
    groups = sorted({r.group for r in rows})
    fold_of = {g: i % FOLDS for i, g in enumerate(groups)}
    probs = np.zeros((len(rows), len(types)))
    for fold in range(FOLDS):
        model = fit([r for r in rows if fold_of[r.group] != fold], c, types)
        test = [i for i, r in enumerate(rows) if fold_of[r.group] == fold]
        probs[test] = model.probabilities([rows[i].feats for i in test])
    return probs


def added(rows: list[Row], classes: tuple[str, ...], probs: np.ndarray, thresholds: dict[str, float]) -> list[tuple[Row, str]]:
    """The (row, type) events the classifier would add, one per sentence, type and article."""
    model = StatementModel(classes, {}, np.zeros((len(classes), 0)), np.zeros(len(classes)), thresholds, {})
    seen: set[tuple[str, int, str]] = set()
    out = []
    for row, p in zip(rows, probs, strict=True):
        event, _ = model.decide(p)
        if event == NONE or event in row.covered:
            continue
        key = (row.group, row.sentence, event)
        if key in seen:
            continue
        seen.add(key)
        out.append((row, event))
    return out


def report(made: list[tuple[Row, str]]) -> dict[str, float]:
    right = sum(1 for r, t in made if t in r.allowed)
    gained = len({(r.group, r.sentence, t) for r, t in made if t in r.required})
    return {"added": len(made), "right": right, "precision": right / len(made) if made else 0.0,
            "new_typed_matches": gained}


def choose(rows: list[Row], classes: tuple[str, ...], probs: np.ndarray, floor: float, min_added: int) -> dict[str, float]:
    thresholds: dict[str, float] = {}
    for name in classes:
        best = (0, 1.01)
        for t in np.arange(0.3, 0.99, 0.01):
            made = [(r, e) for r, e in added(rows, classes, probs, {name: float(t)}) if e == name]
            score = report(made)
            if len(made) >= min_added and score["precision"] >= floor and score["right"] > best[0]:
                best = (int(score["right"]), round(float(t), 3))
        thresholds[name] = best[1]
    return thresholds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folder", type=Path, default=ROOT.parent / "shared" / "eval" / "ukwar-train")
    parser.add_argument("--cache", type=Path, default=Path("/tmp/statement_rows.pkl"),
                        help="units and features of a previous run (delete it after changing the features)")
    parser.add_argument("--C", type=float, default=1.0)
    parser.add_argument("--precision", type=float, default=0.7)
    parser.add_argument("--min-added", type=int, default=5)
    parser.add_argument("--cv-only", action="store_true")
    args = parser.parse_args()
    if "ukwar-dev" in str(args.folder):
        raise SystemExit("ukwar-dev is the measure: never train on it")
    if args.cache.is_file():
        rows = pickle.loads(args.cache.read_bytes())
    else:
        config = Config.load()
        rows = collect(args.folder, config)
        args.cache.write_bytes(pickle.dumps(rows))
    counts: dict[str, int] = {}
    for r in rows:
        counts[r.label] = counts.get(r.label, 0) + 1
    print(f"{len(rows)} units in {len({r.group for r in rows})} articles; labels {counts}")
    classes, _cues = load_cues()
    probs = out_of_fold(rows, args.C, classes)
    thresholds = choose(rows, classes, probs, args.precision, args.min_added)
    print("thresholds (out of fold):", thresholds)
    made = added(rows, classes, probs, thresholds)
    print("out-of-fold, all types:", report(made))
    for name in classes:
        print(f"  {name}:", report([(r, e) for r, e in made if e == name]))
    if args.cv_only:
        return
    model = fit(rows, args.C, classes)
    # only the types a threshold was found for, and the features they weigh
    keep = [k for k, name in enumerate(model.classes) if thresholds[name] <= 1.0]
    coef = model.coef[keep]
    used = [f for f, i in sorted(model.vocab.items(), key=lambda kv: kv[1]) if np.abs(coef[:, i]).max() >= 1e-3]
    cols = [model.vocab[f] for f in used]
    final = StatementModel(tuple(model.classes[k] for k in keep), {f: i for i, f in enumerate(used)}, coef[:, cols],
                           model.intercept[keep], {model.classes[k]: thresholds[model.classes[k]] for k in keep}, {
        "trained_on": "ukwar-train (all 60 articles); thresholds chosen out of fold (5 folds by article)",
        "model": f"one scikit-learn LogisticRegression per type (lbfgs, balanced, C={args.C}) over unit_features",
        "out_of_fold": report(made),
        "precision_floor": args.precision,
    })
    OUT.write_text(final.to_json() + "\n", encoding="utf-8")
    print(f"wrote {OUT} ({len(used)} features, types {final.classes})")


if __name__ == "__main__":
    main()
