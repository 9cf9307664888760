"""Learn PolNeAR's attribution cue verbs from its train split.

For every verb in the train articles, count how often it is (part of) a gold
cue, and whether the gold content is then its object. Verbs that are cues at
least MIN_RATE of the time (and MIN_COUNT times) go into
``src/dateline/data/quotes/learned_cues.json``, used by the quotes stage in
``attribution`` mode. Only the train split is read; dev stays for evaluation.

    python scripts/train_quote_cues.py ../shared/data/polnear --stride 2
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

from dateline.backbone import load_spacy
from dateline.config import Config
from dateline.eval.polnear import load_split
from dateline.textnorm import normalize_for_nlp

MIN_COUNT = 3
MIN_RATE = 0.25
OUT = Path(__file__).resolve().parents[1] / "src" / "dateline" / "data" / "quotes" / "learned_cues.json"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--stride", type=int, default=1, help="use every Nth train article")
    parser.add_argument("--min-count", type=int, default=MIN_COUNT)
    parser.add_argument("--min-rate", type=float, default=MIN_RATE)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    documents = load_split(args.corpus, "train")[:: args.stride]
    nlp = load_spacy(Config().spacy_model)
    total: Counter[str] = Counter()
    cue: Counter[str] = Counter()
    object_content: Counter[str] = Counter()
    texts = (normalize_for_nlp(d.text) for d in documents)
    for document, doc in zip(documents, nlp.pipe(texts, batch_size=16), strict=True):
        cues = [(s, e, a) for a in document.attributions for s, e in a.cue]
        for token in doc:
            if token.pos_ != "VERB":
                continue
            lemma = token.lemma_.lower()
            total[lemma] += 1
            start, end = token.idx, token.idx + len(token.text)
            hits = [a for s, e, a in cues if s < end and start < e]
            if not hits:
                continue
            cue[lemma] += 1
            objects = [c for c in token.children if c.dep_ == "dobj"]
            if objects and any(
                s <= objects[0].idx < e for s, e in hits[0].content
            ):
                object_content[lemma] += 1
    verbs = sorted(
        lemma for lemma, n in cue.items() if n >= args.min_count and n / total[lemma] >= args.min_rate
    )
    object_verbs = sorted(lemma for lemma in verbs if object_content[lemma] >= 0.5 * cue[lemma])
    args.out.write_text(
        json.dumps(
            {
                "about": (
                    "Cue verbs learned from PolNeAR train by scripts/train_quote_cues.py "
                    f"(stride {args.stride}, {len(documents)} articles; a verb is kept when it is a "
                    f"gold cue at least {args.min_count} times and {args.min_rate:.0%} of its uses). "
                    "'object_verbs': the gold content is mostly the verb's object."
                ),
                "verbs": verbs,
                "object_verbs": object_verbs,
                "rates": {lemma: round(cue[lemma] / total[lemma], 3) for lemma in verbs},
            },
            indent=1,
        )
        + "\n",
        encoding="utf-8",
    )
    print(f"{len(verbs)} verbs ({len(object_verbs)} object verbs) from {len(documents)} articles -> {args.out}")


if __name__ == "__main__":
    main()
