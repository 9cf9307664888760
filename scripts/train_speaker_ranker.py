"""Train the speaker ranker (dateline.nlp.quotes.ranker) on ukwar-train.

The pipeline runs with the ranker off; every quote that a gold quote with a
speaker names (the gold words inside its content, as `dateline eval articles`
matches them) gives one training group: its candidates, labelled by whether the
candidate's name is the gold speaker's (`speaker_matches`, names and aliases).
A gold quote with no speaker ("experts said") labels "nobody".

    python scripts/train_speaker_ranker.py            # writes data/quotes/speaker_ranker.json
    python scripts/train_speaker_ranker.py --oof      # article folds: accuracy out of fold, writes nothing

The out-of-fold report compares, on the same matched quotes, the rules' speaker
with the ranker deciding under each policy (which source classes it decides,
and the probability it needs).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import numpy as np

from dateline.config import Config
from dateline.eval.articles import load_articles, matched_quote, speaker_matches
from dateline.nlp.features import feature_matrix
from dateline.nlp.quotes.ranker import (
    NOBODY,
    SOURCE_CLASSES,
    Candidates,
    RankerModel,
    candidate_table,
)
from dateline.pipeline import Analysis, register_stage

ROOT = Path(__file__).resolve().parent.parent
MODEL = ROOT / "src" / "dateline" / "data" / "quotes" / "speaker_ranker.json"
TRAIN = ROOT.parent / "shared" / "eval" / "ukwar-train"
L2 = 1.0
THRESHOLDS = (0.0, 0.5, 0.6, 0.7, 0.8, 0.9)

DROP: tuple[str, ...] = ("\0",)  # feature-name prefixes left out (--drop)
_TABLES: dict[str, list[Candidates | None]] = {}


@register_stage("speaker_rows", requires=("quotes",))
def _speaker_rows(config: Config) -> Any:
    def capture(analysis: Analysis) -> None:
        _TABLES[analysis.document.id] = candidate_table(analysis, analysis.extraction.quotes)

    return capture


Group = dict[str, Any]  # article, source class, candidate ids, rows, labels, rule index


def groups_for(folder: Path) -> list[Group]:
    from dateline.eval.articles import extract_articles

    articles = load_articles(folder)
    stages = ("segment", "actors", "places", "coref", "quotes", "speaker_rows")
    config = Config(stages=stages, stage_options={"quotes": {"ranker": False}})
    groups: list[Group] = []
    for article, extraction in extract_articles(articles, config):
        table = {id(c.quote): c for c in _TABLES.pop(extraction.document.id, []) if c is not None}
        by_id = {a.id: a for a in extraction.actors}
        for item in article.gold.get("quotes", []):
            if item.get("optional"):
                continue
            quote = matched_quote(item, extraction)
            found = None if quote is None else table.get(id(quote))
            if quote is None or found is None:
                continue
            names = [n for n in [item.get("speaker"), *item.get("also_ok_speaker", [])] if n]
            labels = []
            for actor_id in found.ids:
                if actor_id == NOBODY:
                    labels.append(not names)
                    continue
                actor = by_id[actor_id]
                labels.append(bool(names) and any(
                    speaker_matches(n, alias) for n in names for alias in [actor.name, *actor.aliases]
                ))
            rule = found.ids.index(quote.speaker.actor_id) if quote.speaker.actor_id in found.ids else 0
            context = _context(extraction.document.text, quote)
            groups.append({
                "article": article.name, "source_class": found.source_class, "ids": found.ids,
                "rows": found.rows, "labels": labels, "rule": rule, "named": bool(names),
                "rule_none": quote.speaker.actor_id is None,
                "context": context,  # the text before the words, for a text model
                # for reading errors: gold names, source, words, candidate names
                "debug": (names, quote.speaker.span.text if quote.speaker.span else None, item["content_contains"][:60],
                          [by_id[i].name if i else "-" for i in found.ids]),
                "rule_ok": any(speaker_matches(n, quote.speaker.name) for n in names),
            })
    return groups


def _context(text: str, quote: Any, before: int = 700) -> str:
    """The text up to the quote's end, its words in [ ], its source in { }."""
    start = min([quote.content[0].start] + ([quote.speaker.span.start] if quote.speaker.span else []))
    end = max(p.end for p in quote.content)
    marks = [m for p in quote.content for m in ((p.start, "["), (p.end, "]"))]
    if quote.speaker.span is not None:
        marks += [(quote.speaker.span.start, "{"), (quote.speaker.span.end, "}")]
    lo = max(0, start - before)
    out, at = [], lo
    for offset, mark in sorted(m for m in marks if m[0] >= lo):
        out += [text[at:offset], mark]
        at = offset
    out.append(text[at : max(end, at)])
    return "".join(out).replace("\n", " ")


def fit(groups: list[Group], l2: float = L2, steps: int = 400) -> tuple[list[str], np.ndarray]:
    """A conditional logit: per group, softmax over candidates; the loss is minus the
    log of the probability of the right candidates (groups with none right are left out)."""
    usable = [g for g in groups if any(g["labels"])]
    features = sorted({name for g in usable for row in g["rows"] for name in row if not name.startswith(DROP)})
    matrices = [feature_matrix(g["rows"], features) for g in usable]
    masks = [np.asarray(g["labels"], dtype=bool) for g in usable]
    weights = np.zeros(len(features))
    from scipy.optimize import minimize

    def loss(w: np.ndarray) -> tuple[float, np.ndarray]:
        total, grad = l2 * float(w @ w) / 2, l2 * w
        for matrix, mask in zip(matrices, masks, strict=True):
            logits = matrix @ w
            top = logits.max()
            odds = np.exp(logits - top)
            p = odds / odds.sum()
            right = p[mask].sum()
            total -= float(np.log(max(right, 1e-12)))
            # d(-log sum_right p)/dw = E_p[x] - E_{p | right}[x]
            grad = grad + p @ matrix - (p * mask) @ matrix / max(right, 1e-12)
        return total, grad

    result = minimize(loss, weights, jac=True, method="L-BFGS-B", options={"maxiter": steps})
    return features, result.x


def decide(model: RankerModel, group: Group) -> int:
    """The candidate index the shipped decision picks (the rules' unless the policy lets the ranker)."""
    needed = model.policy.get(group["source_class"])
    if needed is None:
        return int(group["rule"])
    p = model.scores(group["rows"])
    best = int(np.argmax(p))
    if best == 0 or best == group["rule"] or p[best] < needed:
        return int(group["rule"])
    return best


def out_of_fold(groups: list[Group], folds: int = 5) -> list[tuple[Group, np.ndarray]]:
    articles = sorted({g["article"] for g in groups})
    scored: list[tuple[Group, np.ndarray]] = []
    for k in range(folds):
        held = set(articles[k::folds])
        features, weights = fit([g for g in groups if g["article"] not in held])
        model = RankerModel(tuple(features), weights, {})
        scored += [(g, model.scores(g["rows"])) for g in groups if g["article"] in held]
    return scored


def report(scored: list[tuple[Group, np.ndarray]]) -> dict[str, Any]:
    named = [(g, p) for g, p in scored if g["named"]]
    out: dict[str, Any] = {"quotes": len(named), "rules": sum(g["rule_ok"] for g, _ in named)}
    out["ranker_top1"] = sum(g["labels"][int(np.argmax(p))] for g, p in named)
    out["rules_found_nobody"] = sum(g["rule_none"] for g, _ in named)
    out["right_among_candidates"] = sum(any(g["labels"][1:]) for g, _ in named)
    by_class: dict[str, dict[str, int]] = {}
    for klass in [*SOURCE_CLASSES, "change"]:
        members = [
            (g, p) for g, p in named
            if (not g["rule_none"] if klass == "change" else g["source_class"] == klass and g["rule_none"])
        ]
        row = {"n": len(members), "rules": sum(g["rule_ok"] for g, _ in members)}
        for threshold in THRESHOLDS:
            policy = {klass: threshold}
            right = 0
            for g, p in members:
                model_choice = int(np.argmax(p))
                keep = model_choice in (0, g["rule"]) or p[model_choice] < policy[klass]
                right += g["rule_ok"] if keep else g["labels"][model_choice]
            row[f"ranker@{threshold}"] = right
        by_class[klass] = row
    out["by_source_class"] = by_class
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--oof", action="store_true", help="article folds; print accuracy; write nothing")
    parser.add_argument("--policy", default="{}", help='JSON {source class: probability} to ship')
    parser.add_argument("--folder", type=Path, default=TRAIN)
    parser.add_argument("--drop", default="", help="comma-separated feature-name prefixes to leave out")
    args = parser.parse_args(argv)
    global DROP
    DROP = tuple(p for p in args.drop.split(",") if p) or DROP
    if not args.folder.is_dir():
        print(f"skipped: {args.folder} is not there", file=sys.stderr)
        return 0
    groups = groups_for(args.folder)
    if args.oof:
        print(json.dumps(report(out_of_fold(groups)), indent=1))
        return 0
    features, weights = fit(groups)
    data = {
        "trained_on": "ukwar-train (scripts/train_speaker_ranker.py)",
        "groups": len(groups),
        "l2": L2,
        "policy": json.loads(args.policy),
        "features": features,
        "weights": [round(float(w), 5) for w in weights],
    }
    MODEL.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {MODEL} ({len(features)} features, {len(groups)} quotes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

