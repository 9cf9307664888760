"""How far is dateline ahead of HeidelTime, and how sure is that lead? (issue #19)

For each corpus group (news = TimeBank + AQUAINT, narrative = WikiWars) and split,
prints both systems' value F1 from the per-document counts of the evaluation's own
scorer, the lead, a 95% interval for the lead from a paired bootstrap over documents
(both systems scored on the same resampled documents), and how many more
right values (with no more outputs) dateline would need for a two-point lead. Value
F1 is ``2 * right values / (gold + system expressions)``, so one right value is worth
``2 / (gold + system)``. Only totals are printed: no expression of either split.

Usage: python scripts/timex_margin.py [--resamples N]
"""

from __future__ import annotations

import math
import random
import sys
from pathlib import Path

from dateline.eval.timex import (
    Counts,
    dateline_tagger,
    heideltime_tagger,
    load_corpora,
    score,
    split_of,
)

ROOT = Path(__file__).resolve().parents[2] / "shared" / "data" / "timeml"
TARGET = 0.02


def value_f1(counts: list[Counts]) -> float:
    gold = sum(c.gold for c in counts)
    system = sum(c.system for c in counts)
    right = sum(c.value_ok for c in counts)
    return 2 * right / (gold + system) if gold + system else 0.0


def main(args: list[str]) -> None:
    resamples = int(args[args.index("--resamples") + 1]) if "--resamples" in args else 2000
    corpora = load_corpora([ROOT / n for n in ("timebank", "aquaint", "wikiwars")])
    ours, peer = dateline_tagger(), heideltime_tagger()
    per_doc: dict[tuple[str, str], list[tuple[Counts, Counts]]] = {}
    for corpus, docs in corpora.items():
        group = "narrative" if corpus == "wikiwars" else "news"
        mine, theirs = ours(docs), peer(docs)
        for index, (doc, found, found_peer) in enumerate(zip(docs, mine, theirs, strict=True)):
            pair = (score(doc.gold, found), score(doc.gold, found_peer))
            per_doc.setdefault((group, split_of(index)), []).append(pair)
            per_doc.setdefault((group, "all"), []).append(pair)
    rng = random.Random(19)
    print(f"{'group':<10}{'split':<6}{'docs':>5}{'gold':>6}{'dateline':>10}{'HeidelTime':>11}{'lead':>8}"
          f"{'95% interval':>18}{'per value':>10}{'to +2':>7}")
    for (group, split), pairs in sorted(per_doc.items()):
        a = [p[0] for p in pairs]
        b = [p[1] for p in pairs]
        fa, fb = value_f1(a), value_f1(b)
        leads = []
        for _ in range(resamples):
            pick = [rng.randrange(len(pairs)) for _ in pairs]
            leads.append(value_f1([a[i] for i in pick]) - value_f1([b[i] for i in pick]))
        leads.sort()
        low, high = leads[int(0.025 * resamples)], leads[int(0.975 * resamples) - 1]
        size = sum(c.gold for c in a) + sum(c.system for c in a)
        right = sum(c.value_ok for c in a)
        needed = max(0, math.ceil((fb + TARGET) * size / 2 - 1e-9) - right)
        print(f"{group:<10}{split:<6}{len(pairs):>5}{sum(c.gold for c in a):>6}{fa:>10.4f}{fb:>11.4f}"
              f"{fa - fb:>+8.4f}   [{low:+.3f}, {high:+.3f}]{2 / size:>10.4f}{needed:>7}")


if __name__ == "__main__":
    main(sys.argv[1:])
