"""Train the actor model (``data/events/actor_model.json``) on ukwar-train.

For every event mention the pipeline builds on the training articles, the
actors it could have (:func:`dateline.nlp.events.actor_model.actor_options`)
are labelled by the gold event in the mention's sentence (same allowed type,
the gold names an actor): an option is right when its code is one of the gold
actor codes. A scikit-learn logistic regression is fitted on those options;
the weights are written as JSON for plain-Python inference.

Never run this on ukwar-dev: that folder is the measure.

    PYTHONPATH=src python scripts/train_actor_model.py [../shared/eval/ukwar-train] [--cv]

``--cv`` reports, by 5-fold cross-validation over articles, how often the top
option is a gold actor (for mentions with no syntactic actor and for all).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

OUT = Path(__file__).resolve().parent.parent / "src" / "dateline" / "data" / "events" / "actor_model.json"
C = 0.1  # chosen by --cv (5 folds over ukwar-train articles)
THRESHOLD = 0.05  # choose an actor unless every option is this unlikely


def collect(folder: Path) -> list[dict[str, Any]]:
    """Options of every built mention, labelled against the gold."""
    from dateline.config import Config
    from dateline.eval import articles as A
    from dateline.nlp.events import inference

    records: list[dict[str, Any]] = []
    original = inference.InferringResolver.infer_actors

    def recording(self: Any, items: list[Any]) -> list[list[str]]:
        for n, (cand, actors, _recipients) in enumerate(items):
            options = self.doer_options(items, n)
            records.append(
                {
                    "text": self.analysis.document.text,
                    "start": cand.start,
                    "event": cand.event,
                    "syntactic": bool(actors),
                    "options": [(o.code, sorted(o.features)) for o in options],
                }
            )
        return original(self, items)

    inference.InferringResolver.infer_actors = recording  # type: ignore[method-assign]
    try:
        articles = A.load_articles(folder)
        samples: list[dict[str, Any]] = []
        for article, extraction in A.extract_articles(articles, Config.load()):
            body = extraction.document.text
            mine = [r for r in records if r["text"] == body]
            records.clear()
            golds = []
            for gold in article.gold.get("events", []):
                span = A.locate(gold["evidence_contains"], gold.get("nth", 1), article.file_text, body)
                if span is not None and gold.get("actor"):
                    golds.append((gold, A._sentence_span(extraction, span)))
            for record in mine:
                allowed = [
                    g
                    for g, (lo, hi) in golds
                    if lo <= record["start"] < hi
                    and record["event"] in {t.split(":")[0] for t in [g["event"], *g.get("also_ok", [])]}
                ]
                if not allowed or not record["options"]:
                    continue
                wanted = set(allowed[0]["actor"])
                record["article"] = article.name
                record["labels"] = [code in wanted for code, _f in record["options"]]
                del record["text"]
                samples.append(record)
    finally:
        inference.InferringResolver.infer_actors = original  # type: ignore[method-assign]
    return samples


def fit(samples: list[dict[str, Any]], c: float = C) -> Any:
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    rows = [dict.fromkeys(features, 1) for s in samples for _code, features in s["options"]]
    labels = [int(y) for s in samples for y in s["labels"]]
    vectorizer = DictVectorizer()
    x = vectorizer.fit_transform(rows)
    model = LogisticRegression(C=c, max_iter=2000, class_weight="balanced")
    model.fit(x, labels)
    return vectorizer, model


def to_model(vectorizer: Any, model: Any) -> Any:
    from dateline.nlp.events.actor_model import ActorModel

    weights = {
        name: round(float(w), 4)
        for name, w in zip(vectorizer.get_feature_names_out(), model.coef_[0], strict=True)
        if abs(w) >= 1e-4
    }
    return ActorModel(weights, round(float(model.intercept_[0]), 4), THRESHOLD)


def cross_validate(samples: list[dict[str, Any]], c: float = C, folds: int = 5) -> float:
    from dateline.nlp.events.actor_model import Option

    names = sorted({s["article"] for s in samples})
    hits = {"all": [0, 0], "no_syntactic_actor": [0, 0]}
    for k in range(folds):
        test = set(names[k::folds])
        train = [s for s in samples if s["article"] not in test]
        actor_model = to_model(*fit(train, c))
        for s in samples:
            if s["article"] not in test:
                continue
            options = [Option("", code, set(f)) for code, f in s["options"]]
            chosen = actor_model.choose(options)
            right = chosen is not None and s["labels"][options.index(chosen[0])]
            for key in ("all", "no_syntactic_actor") if not s["syntactic"] else ("all",):
                hits[key][0] += int(right)
                hits[key][1] += 1
    for key, (right, n) in hits.items():
        print(f"C={c} {key}: top option is a gold actor {right}/{n} = {right / max(1, n):.3f}")
    return hits["no_syntactic_actor"][0] / max(1, hits["no_syntactic_actor"][1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("folder", nargs="?", default="../shared/eval/ukwar-train")
    parser.add_argument("--cv", action="store_true")
    args = parser.parse_args(argv)
    if "ukwar-dev" in args.folder:
        print("ukwar-dev is the measure: never train on it", file=sys.stderr)
        return 2
    samples = collect(Path(args.folder))
    print(f"{len(samples)} mentions, {sum(len(s['options']) for s in samples)} options")
    c = C
    if args.cv:
        # the regularisation with the best cross-validated choice where the syntax finds no actor
        c = max((cross_validate(samples, value), value) for value in (0.03, 0.1, 0.3, 1.0, 3.0))[1]
        print(f"chosen C={c}")
    OUT.write_text(to_model(*fit(samples, c)).to_json() + "\n", encoding="utf-8")
    print(f"wrote {OUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
