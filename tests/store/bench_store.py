"""Store timing and size measurements (a script, not a test).

    python -m tests.store.bench_store [--articles N]

1. Hand-built extractions with every layer (tests/store/factory.py) at three
   sizes: save time per document (new, and "unchanged" re-save) and database
   bytes per document after a checkpoint.
2. Real articles from ../shared/data/news-ukwar (when present) run through the
   configured pipeline (whatever stages exist), then saved: the same numbers.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import tempfile
import time
from pathlib import Path

from dateline.model import Extraction
from dateline.store import open_store
from tests.store.factory import make_extraction

ROOT = Path(__file__).resolve().parents[2]
UKWAR = ROOT.parent / "shared" / "data" / "news-ukwar" / "articles-2022-2023.jsonl"


def measure(label: str, extractions: list[Extraction], directory: Path) -> None:
    path = directory / f"{label}.db"
    store = open_store(path)
    times = []
    for ex in extractions:
        t = time.perf_counter()
        store.save(ex)
        times.append(time.perf_counter() - t)
    t = time.perf_counter()
    for ex in extractions:
        store.save(ex)
    unchanged = (time.perf_counter() - t) / len(extractions)
    store._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # type: ignore[attr-defined]
    store.close()
    size = os.path.getsize(path)
    n = len(extractions)
    chars = sum(len(e.document.text) for e in extractions) / n
    events = sum(len(e.events) for e in extractions) / n
    print(
        f"{label:<24} docs={n:<4} chars/doc={chars:>7.0f} events/doc={events:>5.1f} "
        f"save median={statistics.median(times) * 1000:.2f} ms p95="
        f"{sorted(times)[int(0.95 * n) - 1] * 1000:.2f} ms unchanged={unchanged * 1000:.2f} ms "
        f"db={size / n / 1024:.1f} KiB/doc ({size / n / chars:.1f} bytes per body char)"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=60)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        directory = Path(tmp)
        for repeat in (1, 3, 12):
            measure(f"synthetic-x{repeat}", [make_extraction(n, repeat=repeat) for n in range(200)],
                    directory)
        if UKWAR.is_file():
            from dateline.api import get_pipeline
            from dateline.config import Config
            from dateline.model import Document
            from dateline.textnorm import content_id

            docs = []
            with UKWAR.open(encoding="utf-8") as f:
                for line in f:
                    record = json.loads(line)
                    docs.append(Document(id=content_id(record["text"]), text=record["text"],
                                         published=str(record.get("gdelt_seendate"))[:10]))
                    if len(docs) >= args.articles:
                        break
            config = Config.load()
            pipeline = get_pipeline(config)
            extractions = [o.extraction for o in pipeline.pipe(docs) if o.extraction is not None]
            measure(f"ukwar[{'+'.join(config.stages)}]", extractions, directory)


if __name__ == "__main__":
    main()
