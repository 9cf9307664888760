"""Count the timexes the time stage finds in news that no news text can mean.

Runs segment + time over a JSONL file of news articles (default: news-ukwar under
../shared) and flags, per expression, a DATE or TIME that is
* impossible (no value: "February 30"),
* more than ``AHEAD`` years after the article's publication (news reports, it seldom
  dates things a decade ahead), or
* before the year 1000 (news about the present).
Prints the count and each flagged expression with its value; no gold needed.
Usage: python scripts/timex_plausibility.py [articles.jsonl]
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from dateline.config import Config
from dateline.ingest.jsonl import read_jsonl
from dateline.model import Document
from dateline.pipeline import Pipeline

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "data" / "news-ukwar" / "articles-2022-2023.jsonl"
AHEAD = 10
_YEAR = re.compile(r"^(\d{4})")


def flag(kind: str, value: str | None, published: str | None) -> str | None:
    """Why a timex is implausible in a news text, or None."""
    if kind not in ("DATE", "TIME"):
        return None
    if value is None:
        return "impossible"
    year = _YEAR.match(value)
    if year is None:
        return None
    if int(year.group(1)) < 1000:
        return "before 1000"
    if published and _YEAR.match(published) and int(year.group(1)) > int(published[:4]) + AHEAD:
        return f"more than {AHEAD} years ahead"
    return None


def main(path: Path) -> int:
    config = Config()
    with path.open("rb") as lines:
        docs = [d for d in read_jsonl(lines, path.name, config) if isinstance(d, Document)]
    pipeline = Pipeline(config.with_overrides(stages=("segment", "time")))
    flagged = total = 0
    for doc, outcome in zip(docs, pipeline.pipe(docs), strict=True):
        if outcome.extraction is None:
            continue
        for timex in outcome.extraction.timexes:
            total += 1
            why = flag(timex.type, timex.value, doc.published)
            if why:
                flagged += 1
                print(f"{why}: [{timex.span.text}] {timex.type}:{timex.value} ({doc.published}, {doc.id})")
    print(f"{flagged} of {total} timexes flagged implausible in {len(docs)} documents")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT))
