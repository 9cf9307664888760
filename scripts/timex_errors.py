"""Value-error analysis for the time stage on the DEV split of TimeML corpora.

Prints, for each relaxed match whose value differs from gold, the gold and
predicted text/value, grouped by the lower-cased gold text with digits masked.
With ``--peer``, only the gold expressions that HeidelTime gets right (value) and we
do not (wrong value or missed) are listed, and the reverse count: where the peer
leads is where a class of error is ours rather than the corpus's.
Usage: python scripts/timex_errors.py [--peer] [corpus ...] (default: timebank aquaint).
Only the dev split is read: the test split stays held out.
"""

from __future__ import annotations

import re
import sys
from collections import defaultdict
from pathlib import Path

from dateline.eval.timeml import TimeMLDocument
from dateline.eval.timex import (
    dateline_tagger,
    heideltime_tagger,
    load_corpora,
    matched_pairs,
    split_of,
    values_agree,
)
from dateline.model import Timex

ROOT = Path(__file__).resolve().parents[2] / "shared" / "data" / "timeml"  # ../shared beside the project


def _right(doc: TimeMLDocument, predicted: list[Timex]) -> dict[int, Timex | None]:
    """Gold index -> the system's match (None: missed), for the gold it gets wrong."""
    pairs = dict(matched_pairs(doc.gold, predicted))
    wrong: dict[int, Timex | None] = {}
    for i, g in enumerate(doc.gold):
        s = predicted[pairs[i]] if i in pairs else None
        if s is None or not values_agree(g, s):
            wrong[i] = s
    return wrong


def _surface(doc: TimeMLDocument, t: Timex) -> str:
    return doc.document.text[t.span.start:t.span.end].replace("\n", " ")


def versus_peer(dev: list[TimeMLDocument]) -> None:
    ours_all = dateline_tagger()(dev)
    peer_all = heideltime_tagger()(dev)
    groups: dict[str, list[str]] = defaultdict(list)
    ahead = behind = 0
    for doc, ours, peer in zip(dev, ours_all, peer_all, strict=True):
        mine, theirs = _right(doc, ours), _right(doc, peer)
        behind_here = set(mine) - set(theirs)
        ahead += len(set(theirs) - set(mine))
        behind += len(behind_here)
        peer_pairs = dict(matched_pairs(doc.gold, peer))
        for i in sorted(behind_here):
            g = doc.gold[i]
            s = mine[i]
            ptx = peer[peer_pairs[i]]
            ours_txt = f"[{_surface(doc, s)}] {s.type}:{s.value}" if s else "MISSED"
            groups[re.sub(r"\d", "9", _surface(doc, g).lower())].append(
                f"  {doc.dct} gold {g.type}:{g.value} | ours {ours_txt} | peer [{_surface(doc, ptx)}]"
                f" {ptx.type}:{ptx.value}  ({doc.document.id})"
            )
    print(f"gold values we get and HeidelTime does not: {ahead}; the reverse: {behind}")
    for key, rows in sorted(groups.items(), key=lambda kv: -len(kv[1])):
        print(f"[{len(rows)}] {key}")
        for row in rows[:8]:
            print(row)


def main(args: list[str]) -> None:
    peer = "--peer" in args
    names = [a for a in args if a != "--peer"] or ["timebank", "aquaint"]
    corpora = load_corpora([ROOT / n for n in names])
    dev_docs = [d for docs in corpora.values() for i, d in enumerate(docs) if split_of(i) == "dev"]
    if peer:
        versus_peer(dev_docs)
        return
    tagger = dateline_tagger()
    groups: dict[str, list[str]] = defaultdict(list)
    missed: dict[str, int] = defaultdict(int)
    spurious: dict[str, int] = defaultdict(int)
    for doc, predicted in zip(dev_docs, tagger(dev_docs), strict=True):
        # The scorer's own relaxed matching, so these errors are the ones it counts.
        pairs = dict(matched_pairs(doc.gold, predicted))
        matched_s = set(pairs.values())
        for i, g in enumerate(doc.gold):
            key = re.sub(r"\d", "9", _surface(doc, g).lower())
            if i not in pairs:
                missed[key] += 1
                continue
            s = predicted[pairs[i]]
            if not values_agree(g, s):
                groups[key].append(
                    f"  {doc.dct} gold {g.type}:{g.value} | sys [{_surface(doc, s)}] {s.type}:{s.value}"
                    f" mod={s.mod}  ({doc.document.id})"
                )
        for j, s in enumerate(predicted):
            if j not in matched_s:
                spurious[re.sub(r"\d", "9", _surface(doc, s).lower())] += 1
    total = sum(len(v) for v in groups.values())
    print(f"value errors: {total}")
    for key, rows in sorted(groups.items(), key=lambda kv: -len(kv[1])):
        print(f"[{len(rows)}] {key}")
        for row in rows[:8]:
            print(row)
    print("missed:", sorted(missed.items(), key=lambda kv: -kv[1])[:40])
    print("spurious:", sorted(spurious.items(), key=lambda kv: -kv[1])[:40])


if __name__ == "__main__":
    main(sys.argv[1:])
