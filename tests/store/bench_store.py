"""Store timing and size measurements (a script, not a test).

    python -m tests.store.bench_store [--articles N]

1. Hand-built extractions with every layer (tests/store/factory.py) at three
   sizes: save time per document (new, and "unchanged" re-save) and database
   bytes per document after a checkpoint.
2. Real articles from ../shared/data/news-ukwar (when present) run through the
   configured pipeline (whatever stages exist), then saved: the same numbers.

    python -m tests.store.bench_store --timeline-db /tmp/timeline.db

3. Timeline query latency on a ~100k-event store of varied synthetic documents
   (dates spread over two years, 200 country actors).
"""

from __future__ import annotations

import argparse
import datetime as dt
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


def varied_extraction(n: int, repeat: int = 12) -> Extraction:
    """``make_extraction`` with dates spread over two years and actors drawn from a
    pool of 200 countries, so filters are as selective as on a real corpus."""
    ex = make_extraction(n, repeat=repeat)
    day = dt.date(2023, 1, 1) + dt.timedelta(days=n % 730)
    renames = {}
    for k, actor in enumerate(ex.actors):
        code = f"C{(n * 7 + k * 13) % 200:03d}"
        new_id = f"country:{code}:{actor.sector or 'GOV'}" if k < 2 else f"{actor.id}-{n % 50}"
        renames[actor.id] = new_id
        actor.id, actor.name, actor.code = new_id, f"{actor.name} {code}", code
    for i, event in enumerate(ex.events):
        if event.date is not None:
            event.date = (day + dt.timedelta(days=i % 5)).isoformat()
        event.actor = [renames.get(a, a) for a in event.actor]
        event.recipient = [renames.get(a, a) for a in event.recipient]
    return ex


def timeline_benchmark(path: Path, n_docs: int) -> None:
    """p50/p95 of timeline pages (50 rows) on a store of n_docs x 36 events."""
    if not path.exists():
        with open_store(path) as store:
            for n in range(n_docs):
                store.save(varied_extraction(n))
    with open_store(path) as store:
        print(f"timeline on {store.stats()['tables']['events']} events ({path})")
        # A typical country actor: the 60th most mentioned one that takes part in events.
        actor = [a for a in store.actors(limit=500) if a["events_as_actor"]][60]
        cases = {
            "no filter": {},
            "actor (code)": {"actor": actor["code"]},
            "actor (id)": {"actor": actor["id"]},
            "actor (name part)": {"actor": actor["name"][-6:]},
            "type": {"event_type": "ASSAULT"},
            "one month": {"date_from": "2024-02", "date_to": "2024-02"},
            "asserted only": {"include_negated": False, "include_future": False},
            "context": {"context": "military"},
            "actor + month": {"actor": actor["code"], "date_from": "2023-06", "date_to": "2023-07"},
        }
        for label, filters in cases.items():
            times = []
            for i in range(40):
                t = time.perf_counter()
                store.timeline(limit=50, offset=(i * 37) % 500, **filters)
                times.append(time.perf_counter() - t)
            times.sort()
            print(f"  {label:<18} p50={statistics.median(times) * 1000:6.1f} ms "
                  f"p95={times[int(0.95 * len(times)) - 1] * 1000:6.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=60)
    parser.add_argument("--timeline-db", type=Path, default=None,
                        help="Build (once) a store of --timeline-docs documents here and time timelines.")
    parser.add_argument("--timeline-docs", type=int, default=2800)
    args = parser.parse_args()
    if args.timeline_db is not None:
        timeline_benchmark(args.timeline_db, args.timeline_docs)
        return
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
