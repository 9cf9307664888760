"""A measure, not a shipped model: the packaged MiniLM fine-tuned as a cross-encoder
that reads the text before a quote (its words in [ ], its source in { }) with one
candidate speaker's name, scoring the candidates of a quote with one softmax.

Trained on ukwar-train (every layer, 2 epochs), scored on a folder of gold the
training never saw (default ukwar-dev): right speakers among matched quotes by the
kind of source phrase, whole counts only, next to the feature ranker
(dateline.nlp.quotes.ranker, rule-free: trained without the rules' answer) on the
same candidates. Candidates are each quote's best ``--top`` by the feature ranker
(for training, the gold speaker is kept among them). Needs the [embeddings] extra;
the weights (~90 MB) are not written.

    python scripts/finetune_speaker_ranker.py [--eval ../shared/eval/ukwar-dev] [--top 6] [--epochs 2]
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import train_speaker_ranker as ranker_training  # noqa: E402

from dateline.nlp.quotes.ranker import RankerModel  # noqa: E402


def shortlist(group: dict[str, Any], model: RankerModel, top: int, keep_gold: bool) -> list[int]:
    """The indices of the feature ranker's best ``top`` actors (never "nobody")."""
    order = [int(i) for i in np.argsort(-model.scores(group["rows"])) if i != 0][:top]
    if keep_gold:
        gold = [i for i, ok in enumerate(group["labels"]) if ok and i != 0]
        if gold and not set(gold) & set(order):
            order[-1] = gold[0]
    return order


class CrossEncoder:
    def __init__(self, max_len: int) -> None:
        import torch

        from dateline.nlp.events.embed import packaged_model

        self.torch = torch
        self.tokenizer, self.encoder = packaged_model()
        self.tokenizer.truncation_side = "left"  # keep the words and what comes right before them
        self.head = torch.nn.Linear(int(self.encoder.config.hidden_size), 1)
        self.max_len = max_len

    def parameters(self) -> list[Any]:
        return [*self.encoder.parameters(), *self.head.parameters()]

    def scores(self, context: str, names: list[str]) -> Any:
        batch = self.tokenizer(names, [context] * len(names), padding=True, truncation="only_second",
                               max_length=self.max_len, return_tensors="pt")
        hidden = self.encoder(**batch).last_hidden_state[:, 0]
        return self.head(hidden).squeeze(-1)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--eval", type=Path, default=ranker_training.TRAIN.parent / "ukwar-dev")
    parser.add_argument("--top", type=int, default=6)
    parser.add_argument("--epochs", type=int, default=2)
    parser.add_argument("--max-len", type=int, default=256)
    parser.add_argument("--lr", type=float, default=3e-5)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--state", default="", help="a file to keep the trained weights in (and read them from)")
    parser.add_argument("--articles", type=int, default=0,
                        help="train on this many ukwar-train articles (a seeded sample; 0: all): a learning curve")
    parser.add_argument("--features-only", action="store_true", help="score the feature ranker alone (no torch)")
    args = parser.parse_args()
    if not ranker_training.TRAIN.is_dir() or not args.eval.is_dir():
        print("skipped: the ukwar gold is not there", file=sys.stderr)
        return 0
    random.seed(args.seed)
    ranker_training.DROP = ("rule", "coref_head")
    train = [g for g in ranker_training.groups_for(ranker_training.TRAIN) if g["named"]]
    if args.articles:
        articles = sorted({g["article"] for g in train})
        kept = set(random.sample(articles, min(args.articles, len(articles))))
        train = [g for g in train if g["article"] in kept]
    test = [g for g in ranker_training.groups_for(args.eval) if g["named"]]
    features, weights = ranker_training.fit(train)
    feature_model = RankerModel(tuple(features), weights, {})
    if args.features_only:
        right = sum(bool(g["labels"][int(np.argmax(feature_model.scores(g["rows"])))]) for g in test)
        print(f"train articles {len({g['article'] for g in train})}: feature ranker deciding every quote "
              f"{right} / {len(test)} = {right / len(test):.4f} (rules {sum(bool(g['rule_ok']) for g in test)})")
        return 0
    import torch

    torch.manual_seed(args.seed)
    torch.set_num_threads(2)
    net = CrossEncoder(args.max_len)
    optimizer = torch.optim.AdamW(net.parameters(), lr=args.lr, weight_decay=0.01)
    parser_state = Path(args.state) if args.state else None
    rows = [(g, shortlist(g, feature_model, args.top, keep_gold=True)) for g in train]
    rows = [(g, c) for g, c in rows if any(g["labels"][i] for i in c)]
    started = time.time()
    if parser_state is not None and parser_state.is_file():
        net.encoder.load_state_dict(torch.load(parser_state)["encoder"])
        net.head.load_state_dict(torch.load(parser_state)["head"])
        args.epochs = 0
    for epoch in range(args.epochs):
        random.shuffle(rows)
        net.encoder.train(True)
        total = 0.0
        for g, candidates in rows:
            names = [g["debug"][3][i] for i in candidates]
            logits = net.scores(g["context"], names)
            right = torch.tensor([bool(g["labels"][i]) for i in candidates])
            loss = torch.logsumexp(logits, 0) - torch.logsumexp(logits[right], 0)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            total += float(loss.detach())
        print(f"epoch {epoch + 1}: loss {total / len(rows):.3f} ({time.time() - started:.0f} s)", file=sys.stderr)
    if parser_state is not None and args.epochs:
        torch.save({"encoder": net.encoder.state_dict(), "head": net.head.state_dict()}, parser_state)
    net.encoder.train(False)
    counts: Counter[tuple[str, str]] = Counter()
    with torch.inference_mode():
        for g in test:
            candidates = shortlist(g, feature_model, args.top, keep_gold=False)
            klass = g["source_class"] + (":rules-nobody" if g["rule_none"] else "")
            counts[klass, "quotes"] += 1
            counts[klass, "rules"] += bool(g["rule_ok"])
            if not candidates:
                continue  # nobody named by then: no model can be right
            names = [g["debug"][3][i] for i in candidates]
            text_scores = net.scores(g["context"], names).numpy()
            feature_scores = np.log(feature_model.scores(g["rows"])[candidates] + 1e-9)
            both = np.log(np.exp(text_scores - text_scores.max()) / np.exp(text_scores - text_scores.max()).sum()) + feature_scores
            for name, pick in (("feature", int(np.argmax(feature_scores))), ("text", int(np.argmax(text_scores))),
                               ("both", int(np.argmax(both)))):
                counts[klass, name] += bool(g["labels"][candidates[pick]])
            counts[klass, "in_shortlist"] += any(g["labels"][i] for i in candidates)
    classes = sorted({k for k, _ in counts})
    columns = ("quotes", "rules", "in_shortlist", "feature", "text", "both")
    print("class".ljust(26) + "".join(c.rjust(13) for c in columns))
    for klass in [*classes, "all"]:
        values = [sum(counts[k, c] for k in classes) if klass == "all" else counts[klass, c] for c in columns]
        print(klass.ljust(26) + "".join(str(v).rjust(13) for v in values))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
