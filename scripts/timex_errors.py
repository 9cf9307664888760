"""Value-error analysis for the time stage on the DEV split of TimeML corpora.

Prints, for each relaxed match whose value differs from gold, the gold and
predicted text/value, grouped by the lower-cased gold text with digits masked.
Usage: python scripts/timex_errors.py [corpus ...] (default: timebank aquaint).
Only the dev split is read: the test split stays held out.
"""

from __future__ import annotations

import re
import sys
from collections import defaultdict
from pathlib import Path

from dateline.eval.timex import (
    canonical_value,
    dateline_tagger,
    load_corpora,
    matched_pairs,
    split_of,
)

ROOT = Path(__file__).resolve().parents[2] / "shared" / "data" / "timeml"  # ../shared beside the project


def main(names: list[str]) -> None:
    corpora = load_corpora([ROOT / n for n in names])
    tagger = dateline_tagger()
    groups: dict[str, list[str]] = defaultdict(list)
    missed: dict[str, int] = defaultdict(int)
    spurious: dict[str, int] = defaultdict(int)
    for docs in corpora.values():
        dev = [d for i, d in enumerate(docs) if split_of(i) == "dev"]
        for doc, predicted in zip(dev, tagger(dev), strict=True):
            # The scorer's own relaxed matching, so these errors are the ones it counts.
            pairs = dict(matched_pairs(doc.gold, predicted))
            matched_s = set(pairs.values())
            for i, g in enumerate(doc.gold):
                gt = doc.document.text[g.span.start:g.span.end].replace("\n", " ")
                key = re.sub(r"\d", "9", gt.lower())
                if i not in pairs:
                    missed[key] += 1
                    continue
                s = predicted[pairs[i]]
                if canonical_value(g.value) != canonical_value(s.value):
                    st = doc.document.text[s.span.start:s.span.end].replace("\n", " ")
                    groups[key].append(
                        f"  {doc.dct} gold {g.type}:{g.value} | sys [{st}] {s.type}:{s.value}"
                        f" mod={s.mod}  ({doc.document.id})"
                    )
            for j, s in enumerate(predicted):
                if j not in matched_s:
                    st = doc.document.text[s.span.start:s.span.end].replace("\n", " ")
                    spurious[re.sub(r"\d", "9", st.lower())] += 1
    total = sum(len(v) for v in groups.values())
    print(f"value errors: {total}")
    for key, rows in sorted(groups.items(), key=lambda kv: -len(kv[1])):
        print(f"[{len(rows)}] {key}")
        for row in rows[:8]:
            print(row)
    print("missed:", sorted(missed.items(), key=lambda kv: -kv[1])[:40])
    print("spurious:", sorted(spurious.items(), key=lambda kv: -kv[1])[:40])


if __name__ == "__main__":
    main(sys.argv[1:] or ["timebank", "aquaint"])
