"""Reliability of event confidence: predicted confidence vs observed precision.

    python scripts/event_reliability.py [FOLDER] [--bins 0.3,0.5,0.7,0.9]

Runs the whole pipeline on a gold folder (default ``../shared/eval/ukwar-dev``,
the measure; the typer's calibration is fitted on ukwar-train) and prints, per
confidence bin, how many events the system coded and the share that match a
gold event of an allowed type in its sentence (precision, as ``dateline eval
articles`` counts it), plus precision and count at or above each threshold.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from dateline.config import Config
from dateline.eval.articles import (
    _overlaps,
    _sentence_span,
    _type_ok,
    default_articles_dir,
    extract_articles,
    load_articles,
)
from dateline.eval.seed import locate


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, nargs="?", default=default_articles_dir())
    parser.add_argument("--bins", default="0.2,0.3,0.4,0.5,0.6,0.7,0.8,0.9")
    args = parser.parse_args()
    edges = [0.0, *[float(x) for x in args.bins.split(",")], 1.01]
    pairs: list[tuple[float, bool]] = []
    articles = load_articles(args.folder)
    for article, extraction in extract_articles(articles, Config.load()):
        sentences = []
        for gold in article.gold.get("events", []):
            span = locate(gold["evidence_contains"], gold.get("nth", 1), article.file_text, extraction.document.text)
            if span is not None:
                sentences.append((_sentence_span(extraction, span), gold))
        for event in extraction.events:
            right = any(_overlaps(event, s) and _type_ok(event, g) for s, g in sentences)
            pairs.append((event.confidence or 0.0, right))
    print("| confidence | events | precision | at or above: events | precision |")
    print("|---|---|---|---|---|")
    for lo, hi in zip(edges, edges[1:], strict=False):
        inside = [ok for c, ok in pairs if lo <= c < hi]
        above = [ok for c, ok in pairs if c >= lo]
        share = f"{sum(inside) / len(inside):.2f}" if inside else "-"
        print(f"| {lo:.1f}-{min(hi, 1.0):.1f} | {len(inside)} | {share} | {len(above)} | {sum(above) / max(1, len(above)):.2f} |")


if __name__ == "__main__":
    main()
