"""Train the per-candidate event typer and write its weights.

    python scripts/train_event_typer.py [--shared ../shared] [--cv] [--oof] [--embeddings --out FILE] [--sentence-only]

Runs the pipeline (every stage before ``events``) on the 60 ukwar-train
articles, the 1,050 PLV sentences and PLOVER's gold-standard records, turns
every trigger candidate (lexicon and open ones) into a labelled row
(:mod:`dateline.eval.event_typer`), fits scikit-learn's logistic regression
on all rows plus an isotonic calibration on out-of-fold ukwar-train
predictions, and writes ``src/dateline/data/events/event_typer.json``.
ukwar-dev is never read. ``--oof`` prints ukwar-train's end-to-end article
scores (precision, typed recall, traps ...) per NONE cut, each article typed by
a typer trained without it: the measure to choose cuts and features on (it writes
nothing unless ``--cv`` is given too). ``--cv`` first prints the end-to-end PLV measure
(5-fold CV, the typer and its sentence model retrained per fold, the whole
events stage run on each held-out sentence), the number to report.
``--embeddings`` adds the candidates' sentence and trigger vectors
(:mod:`dateline.nlp.events.embed`, the ``[embeddings]`` extra) as features;
such weights go to ``--out`` (the shipped file stays embedding-free:
docs/events.md has the measurements). Deterministic: same data, same weights.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from dateline.config import Config
from dateline.eval.event_typer import (
    BELOW_FACTOR,
    PLV_WEIGHT,
    RESCUE_LONE,
    SENTENCE_C,
    SENTENCE_CUTS,
    TRAIN_FOLDER,
    TRAIN_ON_GSR,
    C,
    articles_out_of_fold,
    gsr_rows,
    plv_analyses,
    plv_end_to_end,
    plv_rows,
    train_typer,
    ukwar_analyses,
    ukwar_rows,
    with_sentence_model,
)
from dateline.nlp.events.learned import MODEL_FILE, load_typer
from dateline.packagedata import read_text

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--cv", action="store_true", help="print the end-to-end PLV CV scores first")
    parser.add_argument("--oof", action="store_true",
                        help="print ukwar-train's end-to-end article scores per NONE cut, out of fold, "
                        "and write nothing (with --cv, go on to train as --cv does)")
    parser.add_argument("--embeddings", action="store_true",
                        help="add sentence-embedding features (needs the [embeddings] extra)")
    parser.add_argument("--sentence-only", action="store_true",
                        help="keep the shipped typer's weights and (re)train only its sentence model")
    parser.add_argument("--out", type=Path, default=ROOT / "src" / "dateline" / "data" / "events" / MODEL_FILE)
    args = parser.parse_args()
    kw = {"embeddings": True} if args.embeddings else {}
    config = Config.load()
    pairs = ukwar_analyses(args.shared / TRAIN_FOLDER, config)
    ukwar = ukwar_rows(args.shared / TRAIN_FOLDER, config, pairs)
    analysed = plv_analyses(args.shared, config)
    plv, labels = plv_rows(args.shared, config, analysed)
    if args.oof:
        keys = ("system_events", "precision", "typed_recall", "full_recall", "full_among_system", "traps")
        for cut, summary in articles_out_of_fold(pairs, ukwar, plv, **kw).items():
            print(f"none_cut {cut}: " + ", ".join(f"{k} {summary[k]:.3f}" for k in keys))
        if not args.cv:
            return  # a measure: the shipped weights stay as they are
    gsr = gsr_rows(args.shared, config) if TRAIN_ON_GSR else []
    if args.cv:
        scores = plv_end_to_end(plv, labels, ukwar, extra=gsr, analysed=analysed[1], **kw)
        print(json.dumps({k: {m: v[m] for m in ("accuracy", "macro_f1")} for k, v in scores.items()}, indent=2))
        print(json.dumps({"pipeline per label F1": {k: round(v, 3) for k, v in scores["pipeline"]["per_label_f1"].items()}}))
    if args.sentence_only:
        # the shipped typer's weights stay; only its sentence model is (re)trained
        typer = load_typer()
        typer.sentence, _, _, _ = with_sentence_model(ukwar, plv)
        typer.sentence_retype, typer.sentence_rescue, typer.sentence_drop = SENTENCE_CUTS
        typer.sentence_features = False
        typer.rescue_lone, typer.below_factor = RESCUE_LONE, BELOW_FACTOR
        meta = json.loads(read_text("events", MODEL_FILE))["meta"]
        meta["sentence_model"] = (
            f"balanced scikit-learn LogisticRegression (C={SENTENCE_C}) on PLV's and ukwar-train's sentences"
            " (NONE: no gold event), typing each sentence's main candidate at the typer's sentence_* cuts"
            + (" (rescue_lone: only a sentence with no other event)" if RESCUE_LONE else "")
            + "; added by scripts/train_event_typer.py --sentence-only"
        )
        args.out.write_text(typer.to_json(meta), encoding="utf-8")
        print(f"wrote {args.out} (sentence model only)")
        return
    typer = train_typer(ukwar, [*plv, *gsr], **kw)
    meta = {
        "trained_on": f"ukwar-train ({len(ukwar)} candidates of 60 articles) and PLV plv-train.csv "
        f"({sum(r.label is not None for r in plv)} labelled candidates) and the PLOVER GSR records "
        f"({sum(r.label is not None for r in gsr)} labelled candidates), both weight {PLV_WEIGHT}",
        "model": f"scikit-learn LogisticRegression (lbfgs, C={C}); calibration: isotonic, out-of-fold on ukwar-train"
        + (f"; sentence model: balanced LogisticRegression (C={SENTENCE_C}) on PLV's and ukwar-train's sentences"
           " (NONE: no gold event), typing each sentence's main candidate at the typer's sentence_* cuts"
           + ("; read by the typer as features, out of fold" if typer.sentence_features else "")
           if typer.sentence is not None else "")
        + ("; with all-MiniLM-L6-v2 sentence and trigger vectors" if args.embeddings else ""),
        "script": "scripts/train_event_typer.py",
    }
    args.out.write_text(typer.to_json(meta), encoding="utf-8")
    print(f"wrote {args.out} ({len(typer.model.vectorizer.vocabulary)} features before pruning)")


if __name__ == "__main__":
    main()
