"""The time stage's share of pipeline CPU time, and a fingerprint of its output.

Runs the full default pipeline over the first N articles of a JSONL file (default:
100 of news-ukwar under ../shared), timing every stage and the spaCy parse in CPU
seconds (``time.process_time``), and prints the time stage's seconds, the total and
its share, with a hash of every timex (span, type, value, mod) so that two versions
of the recogniser can be checked to give identical output.
Usage: python scripts/timex_timing.py [articles.jsonl] [N]
"""

from __future__ import annotations

import hashlib
import sys
import time
from pathlib import Path

from dateline.config import Config
from dateline.ingest.jsonl import read_jsonl
from dateline.model import Document
from dateline.pipeline import Analysis, Pipeline, StageFn

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "data" / "news-ukwar" / "articles-2022-2023.jsonl"


def _timed(name: str, stage: StageFn, seconds: dict[str, float]) -> StageFn:
    def run(analysis: Analysis) -> None:
        started = time.process_time()
        try:
            stage(analysis)
        finally:
            seconds[name] = seconds.get(name, 0.0) + time.process_time() - started

    return run


def main(path: Path, limit: int) -> int:
    config = Config()
    with path.open("rb") as lines:
        docs = [d for d in read_jsonl(lines, path.name, config) if isinstance(d, Document)][:limit]
    pipeline = Pipeline(config)
    seconds: dict[str, float] = {}
    pipeline.stages = [(name, _timed(name, stage, seconds)) for name, stage in pipeline.stages]
    digest = hashlib.sha256()
    count = 0
    started = time.process_time()
    for outcome in pipeline.pipe(docs):
        if outcome.extraction is None:
            continue
        for t in outcome.extraction.timexes:
            count += 1
            digest.update(f"{t.span.start}:{t.span.end}:{t.type}:{t.value}:{t.mod}\n".encode())
    total = time.process_time() - started
    stage = seconds.get("time", 0.0)
    print(f"{len(docs)} documents, {count} timexes, output sha256 {digest.hexdigest()[:16]}")
    print(f"time stage {stage:.2f} s CPU of {total:.2f} s pipeline ({100 * stage / total:.1f}%)")
    print("stages: " + ", ".join(f"{k} {v:.2f}" for k, v in sorted(seconds.items(), key=lambda kv: -kv[1])))
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT, int(sys.argv[2]) if len(sys.argv) > 2 else 100))
