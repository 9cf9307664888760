"""How much of the time stage's remaining value error on news is annotation convention?

Two measurements on TimeBank + AQUAINT (TBAQ-cleaned), with the eval's fixed split
(every 5th file is test):

1. Conflicting conventions (dev only). Every value is rewritten relative to its
   document's creation time ("last week" in a file dated 1998-03-22 that says
   1998-W11 becomes ``W-1``; 1989-WXX in a file of 1989 becomes ``Y0-WXX``). A value
   error is a *convention conflict* when the very same phrase is annotated elsewhere
   in the dev gold with exactly the relative form we produced: the annotators used
   both readings, so any one consistent reading loses some of them. Phrases with a
   digit, a weekday or a month name are left out: their offset from the creation
   date rightly changes with the context ("Monday" is D-2 in one story, D-5 in another).
2. A learned value-form chooser. For each phrase, the most frequent relative form in
   the dev gold is learned; on test, our value is replaced by it when the phrase was
   seen at least N times in dev and the majority holds a share of at least S. Its
   test value accuracy is printed next to ours for a grid of (N, S).

Usage: python scripts/timex_conventions.py [path to shared/data/timeml]
"""

from __future__ import annotations

import datetime as dt
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

from dateline.eval.timex import (
    canonical_value,
    dateline_tagger,
    load_corpora,
    matched_pairs,
    split_of,
)

DEFAULT_ROOT = Path(__file__).resolve().parents[2] / "shared" / "data" / "timeml"


def relative_form(value: str | None, dct: str) -> str:
    """``value`` written as an offset from the document creation date ``dct``."""
    value = canonical_value(value)
    created = dt.date.fromisoformat(dct[:10])
    if m := re.fullmatch(r"(\d{4})-(\d\d)-(\d\d)(T.*)?", value):
        try:
            day = dt.date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            return value
        return f"D{(day - created).days}{m[4] or ''}"
    if m := re.fullmatch(r"(\d{4})-W(\d\d)(-WE)?", value):
        year, week, _ = created.isocalendar()
        return f"W{(int(m[1]) - year) * 52 + int(m[2]) - week}{m[3] or ''}"
    if m := re.fullmatch(r"(\d{4})-(\d\d)", value):
        return f"M{(int(m[1]) - created.year) * 12 + int(m[2]) - created.month}"
    if m := re.fullmatch(r"(\d{4})-Q(\d)", value):
        return f"Q{(int(m[1]) - created.year) * 4 + int(m[2]) - 1 - (created.month - 1) // 3}"
    if m := re.fullmatch(r"(\d{4})(-.*)?", value):
        return f"Y{int(m[1]) - created.year}{m[2] or ''}"
    if m := re.fullmatch(r"(\d{3})(X?)", value):
        return f"E{int(m[1]) - created.year // 10}{m[2]}"
    return value


def phrase(text: str) -> str:
    return re.sub(r"\s+", " ", text.lower().strip())


_CALENDAR_WORD = re.compile(
    r"\d|\b(?:mon|tues|wednes|thurs|fri|satur|sun)day|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b"
)


Row = tuple[str, str, str]  # phrase, gold relative form, system relative form


def matched_rows(root: Path) -> dict[str, list[Row]]:
    corpora = load_corpora([root / "timebank", root / "aquaint"])
    tagger = dateline_tagger()
    rows: dict[str, list[Row]] = {"dev": [], "test": []}
    for docs in corpora.values():
        for index, (doc, predicted) in enumerate(zip(docs, tagger(docs), strict=True)):
            for i, j in matched_pairs(doc.gold, predicted):
                gold = doc.gold[i]
                text = doc.document.text[gold.span.start:gold.span.end]
                rows[split_of(index)].append(
                    (phrase(text), relative_form(gold.value, doc.dct), relative_form(predicted[j].value, doc.dct))
                )
    return rows


def conflicts(dev: list[Row]) -> None:
    forms: dict[str, Counter[str]] = defaultdict(Counter)
    for text, gold, _ in dev:
        forms[text][gold] += 1
    errors = [row for row in dev if row[1] != row[2]]
    conflicting = [row for row in errors if forms[row[0]][row[2]] > 0 and not _CALENDAR_WORD.search(row[0])]
    print(f"dev: {len(dev)} matched expressions, {len(errors)} value errors; "
          f"{len(conflicting)} of them are convention conflicts "
          "(the dev gold gives the same phrase our relative form elsewhere)")
    for text, count in Counter(row[0] for row in conflicting).most_common(15):
        print(f"  {count:3d}  {text}")


def chooser(dev: list[Row], test: list[Row]) -> None:
    table: dict[str, Counter[str]] = defaultdict(Counter)
    for text, gold, _ in dev:
        table[text][gold] += 1
    ours = sum(gold == system for _, gold, system in test)
    print(f"test: {len(test)} matched expressions; value accuracy ours {ours / len(test):.3f}")
    for min_seen, share in ((2, 0.5), (3, 0.6), (3, 0.7), (5, 0.6), (5, 0.8)):
        right = changed = 0
        for text, gold, system in test:
            seen = table.get(text)
            choice = system
            if seen and sum(seen.values()) >= min_seen:
                best, count = seen.most_common(1)[0]
                if count >= share * sum(seen.values()) and count > seen[system]:
                    choice = best
            changed += choice != system
            right += choice == gold
        print(f"  chooser N>={min_seen} S>={share}: accuracy {right / len(test):.3f} ({changed} values changed)")


def main(root: Path) -> None:
    if not root.is_dir():
        sys.exit(f"TimeML corpora not found at {root}")
    rows = matched_rows(root)
    conflicts(rows["dev"])
    chooser(rows["dev"], rows["test"])


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_ROOT)
