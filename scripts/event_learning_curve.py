"""The event typer's learning curve on ukwar-train, out of fold.

    python scripts/event_learning_curve.py [--shared ../shared] [--shares 0.25 0.5 0.75 1] [--seeds 1 2]
                                           [--no-plv-too] [--fit-from 10] [--dump FILE]

(docs/events.md's table: ``--shares 0 0.1 0.25 0.5 0.75 1 --seeds 1 2 3 --no-plv-too``; 5 to 15
minutes on 2 cores, the pipeline run once.)

For each held-out fold of ukwar-train (the folds of ``train_event_typer.py
--oof``), the typer is trained on a seed-controlled share of the other folds'
articles (:func:`dateline.eval.event_curve.subsample`; PLV's rows always
included, and with ``--no-plv-too`` also a run without them), the held-out
articles are scored end to end at the shipped NONE cut, and precision, typed
recall, fully right among system events and traps are printed per share and
seed (``--in-sample``: each fold's typer also trained on the fold it scores,
the training score's curve), with two references: no typer (the lexicon's types) and a typer that
knows every candidate's training label (the ceiling of any typer trained on
those labels). Then a fit of each measure against ln(training articles) and
the number of articles it would need for issue 14's targets, and the false
events of the full-share run sorted into
:data:`~dateline.eval.event_curve.FALSE_CLASSES`.
``--dump`` writes those false events with their sentences (article text: keep
the file outside the repository). ukwar-dev is never read.
"""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter
from pathlib import Path
from statistics import mean
from typing import Any, cast

from dateline.config import Config
from dateline.eval.articles import GoldArticle, score_article, summarize
from dateline.eval.event_curve import (
    FALSE_CLASSES,
    LabelTyper,
    articles_for,
    false_events,
    log_fit,
    sentence_text,
    subsample,
)
from dateline.eval.event_typer import (
    NONE_CUT,
    PROPOSALS,
    TRAIN_FOLDER,
    articles_out_of_fold,
    plv_analyses,
    plv_rows,
    ukwar_analyses,
    ukwar_rows,
)
from dateline.model import Extraction
from dateline.nlp.events.learned import EventTyper
from dateline.nlp.events.resources import load_resources
from dateline.nlp.events.select import extract

ROOT = Path(__file__).resolve().parents[1]
KEYS = ("system_events", "precision", "typed_recall", "full_among_system", "traps")
TARGETS = {"precision": 0.85, "typed_recall": 0.75, "full_among_system": 0.60}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--shares", type=float, nargs="+", default=[0.25, 0.5, 0.75, 1.0],
                        help="shares of the other folds' articles (0: PLV only)")
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--no-plv-too", action="store_true", help="also train without PLV's rows")
    parser.add_argument("--in-sample", action="store_true",
                        help="train each fold's typer on its own fold too: the training score's curve")
    parser.add_argument("--fit-from", type=float, default=10, help="fit only points with this many training articles or more")
    parser.add_argument("--dump", type=Path, help="write the full-share run's false events (with their sentences) here")
    args = parser.parse_args()
    config = Config.load()
    started = time.time()
    pairs = ukwar_analyses(args.shared / TRAIN_FOLDER, config)
    ukwar = ukwar_rows(args.shared / TRAIN_FOLDER, config, pairs)
    plv, _ = plv_rows(args.shared, config, plv_analyses(args.shared, config))
    print(f"analyses {time.time() - started:.0f} s")
    res = load_resources()
    lexicon = []  # no typer: every lexicon candidate the rules keep, the typer's starting point
    for article, analysis in pairs:
        analysis.extraction.events, _ = extract(analysis, res, None)
        lexicon.append(score_article(article, analysis.extraction))
    print("no typer (lexicon types): " + ", ".join(f"{k} {summarize(lexicon)[k]:.3f}" for k in KEYS))
    ceiling, unknown = [], 0  # a typer that gives every candidate its training label
    for article, analysis in pairs:
        oracle = LabelTyper([r for r in ukwar if r.group == article.name], PROPOSALS)
        analysis.extraction.events, _ = extract(analysis, res, cast(EventTyper, oracle))
        ceiling.append(score_article(article, analysis.extraction))
        unknown += oracle.unknown
    print("typer knowing the labels: " + ", ".join(f"{k} {summarize(ceiling)[k]:.3f}" for k in KEYS)
          + f" ({unknown} candidates without a row)")
    runs: list[dict[str, Any]] = []
    false: list[dict[str, Any]] = []

    def collect(cut: float, article: GoldArticle, extraction: Extraction) -> None:
        for kind, event in false_events(article, extraction):
            start = event.mentions[0].start if event.mentions else 0
            false.append({
                "article": article.name, "class": kind, "event": event.event, "asserted": event.asserted,
                "mention": event.mentions[0].text if event.mentions else "", "sentence": sentence_text(extraction, start),
            })

    for with_plv in [True, False] if args.no_plv_too else [True]:
        for share in args.shares:
            if share <= 0 and not with_plv:
                continue  # nothing to learn from
            for seed in args.seeds if 0 < share < 1 else args.seeds[:1]:
                sizes: list[int] = []

                def pick(fold: int, others: list[str], share: float = share, seed: int = seed,
                         sizes: list[int] = sizes) -> list[str]:
                    chosen = subsample(others, share, 1000 * seed + fold)
                    if args.in_sample:  # the held-out fold's own articles too
                        chosen += sorted({a.name for a, _ in pairs} - set(others))
                    sizes.append(len(chosen))
                    return chosen

                tic = time.time()
                seen = collect if share >= 1 and with_plv else None
                summary = articles_out_of_fold(
                    pairs, ukwar, plv if with_plv else [], cuts=(NONE_CUT,), train_articles=pick, seen=seen,
                )[NONE_CUT]
                run = {"plv": with_plv, "share": share, "seed": seed, "articles": mean(sizes),
                       **{k: summary[k] for k in KEYS}}
                runs.append(run)
                print(f"plv {with_plv!s:5} share {share:.2f} seed {seed} articles {run['articles']:.1f}: "
                      + ", ".join(f"{k} {summary[k]:.3f}" for k in KEYS) + f" ({time.time() - tic:.0f} s)", flush=True)
    for with_plv in sorted({r["plv"] for r in runs}, reverse=True):
        mine = [r for r in runs if r["plv"] == with_plv and r["articles"] >= max(args.fit_from, 1)]
        if len({r["articles"] for r in mine}) < 2:
            continue  # no curve through one point
        for key, target in TARGETS.items():
            a, b = log_fit([r["articles"] for r in mine], [r[key] for r in mine])
            need = articles_for(target, a, b)
            print(f"plv {with_plv!s:5} {key}: {a:.3f} + {b:.4f} ln(articles); {target} at ~{need:.0f} training articles")
    counts = Counter(f["class"] for f in false)
    print(f"false events at share 1 (with PLV): {len(false)}: "
          + ", ".join(f"{k} {counts[k]}" for k in FALSE_CLASSES))
    if args.dump:
        args.dump.write_text(json.dumps({"runs": runs, "false": false}, indent=1, ensure_ascii=False), encoding="utf-8")
        print(f"wrote {args.dump}")


if __name__ == "__main__":
    main()
