"""Fusing a new document into a large store (target: median <= 50 ms at 100k events).

    python benchmarks/bench_fusion.py [--events 100000] [--per-doc 10] [--new 60]
                                      [--store sqlite|postgres] [--db PATH|URL] [--markdown]

``--store sqlite`` (the default) uses ``/tmp/dateline-bench-fusion.db``; ``--store
postgres`` uses the URL in ``$DATELINE_TEST_POSTGRES`` (e.g. the throwaway server of
``. .ci/postgres.sh``); ``--db`` names any other store (a path or a URL, as
``open_store`` takes it). The same generator and measurement run on either backend.

The store is built by a documented synthetic generator (:func:`synthetic`) through
the real path -- ``store.save(extraction)`` then ``fuse_document(store, extraction)``
for every document -- so every fusion table and index is populated as on ingest.
Each synthetic document has a publication day in 2022-2023 and ``--per-doc``
events; every event reports one of ``STORIES`` underlying happenings (so that
about one event in three has reports in other documents to fuse with, the rest
are single-source): a PLOVER type out of 12, an actor and a recipient out of 40,
a city out of 60 (coordinates in 6 countries), a date within three days of
publication (75% day precision, 10% month, 15% undated), and now and then a
casualty count or a negation. The body is ~250 words drawn from a 3,000-word
synthetic vocabulary with the story's 12 topic words mixed in, so TF-IDF story
clustering and MinHash have realistic work; 2% of documents are near-copies of
an earlier one (a changed last sentence). Fixed seed. The store is reused when it
already holds the requested number of events.

Measured: ``--new`` further documents (not in the store), each saved and then
fused; the time of ``fuse_document`` alone is reported (wall-clock median, p95,
max, and the median process CPU time, which a loaded shared machine inflates
less; on PostgreSQL the server's CPU is not in it), and the store is left unchanged
afterwards (the measured documents are deleted and pruned; ``prune`` also recounts
the terms' document frequencies). A script, not a timed test: results go to
benchmarks/RESULTS.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import sys
import time
from datetime import date
from pathlib import Path

from dateline.fusion.engine import fuse_document, prune, totals
from dateline.model import Actor, Document, Event, Extraction, Location, Mention, Place, Span
from dateline.store import open_store, sqlite_path

TYPES = ["ASSAULT", "COERCE", "CONSULT", "ACCUSE", "AID", "MOBILIZE", "SANCTION", "PROTEST",
         "REQUEST", "SUPPORT", "THREATEN", "DISAPPROVE"]
COUNTRIES = [("UA", 49.0, 32.0), ("RU", 55.0, 38.0), ("PL", 52.0, 20.0), ("DE", 51.0, 10.0),
             ("FR", 47.0, 2.0), ("US", 39.0, -77.0)]
DAY0 = date(2022, 1, 1).toordinal()
STORIES = 20_000


def _vocabulary(rng: random.Random, n: int) -> list[str]:
    letters = "abcdefghijklmnoprstuvwyz"
    return ["".join(rng.choice(letters) for _ in range(rng.randint(4, 10))) for _ in range(n)]


class Generator:
    def __init__(self, seed: int = 7) -> None:
        rng = random.Random(seed)
        self.rng = rng
        self.words = _vocabulary(rng, 3000)
        self.actors = [f"country:{c}" for c in ("UKR", "RUS", "POL", "DEU", "FRA", "USA")] + [
            f"person:synthetic-{i}" for i in range(34)
        ]
        self.cities = []
        for i in range(60):
            country, lat, lon = COUNTRIES[i % len(COUNTRIES)]
            self.cities.append(Location(f"City{i}", country, lat + rng.uniform(-3, 3),
                                        lon + rng.uniform(-5, 5), "city"))
        self.stories = []
        for _ in range(STORIES):
            self.stories.append({
                "type": rng.choice(TYPES), "actor": rng.choice(self.actors),
                "recipient": rng.choice(self.actors), "city": rng.choice(self.cities),
                "day": DAY0 + rng.randrange(730), "topic": rng.sample(self.words, 12),
                "dead": rng.choice([None, None, 2, 3, 5, 12]),
            })
        self.sent: list[Extraction] = []

    def extraction(self, i: int, per_doc: int) -> Extraction:
        rng = self.rng
        if self.sent and rng.random() < 0.02:
            original = rng.choice(self.sent[-500:])
            words = original.document.text.split(" ")
            text = " ".join(words[:-6]) + " with a closing sentence changed."
            doc = Document(id=f"syn{i:07d}", text=text, published=original.document.published,
                           publisher=f"outlet{rng.randrange(50)}", title=original.document.title)
            extraction = Extraction(document=doc, actors=original.actors, places=original.places,
                                    events=original.events, layers=["events"], pipeline_version="bench")
            self.sent.append(extraction)
            return extraction
        lead = rng.choice(self.stories)
        day = lead["day"]
        body = [rng.choice(lead["topic"]) if rng.random() < 0.15 else rng.choice(self.words)
                for _ in range(250)]
        text = " ".join(body[:20]) + ". " + " ".join(body[20:]) + "."
        events, actors, places = [], set(), {}
        picks = [lead] + [rng.choice(self.stories) if rng.random() < 0.7 else None
                          for _ in range(per_doc - 1)]
        for k, story in enumerate(picks):
            if story is None:  # an event nobody else reports
                story = {"type": rng.choice(TYPES), "actor": rng.choice(self.actors),
                         "recipient": rng.choice(self.actors), "city": rng.choice(self.cities),
                         "day": day, "dead": None}
            r = rng.random()
            when = date.fromordinal(story["day"] + rng.choice([0, 0, 0, 1]))
            value, precision = ((when.isoformat(), "day") if r < 0.75
                                else (when.isoformat()[:7], "month") if r < 0.85 else (None, "unknown"))
            start = (k * 20) % max(1, len(text) - 10)
            events.append(Event(
                id=f"e{k}", event=story["type"], actor=[story["actor"]], recipient=[story["recipient"]],
                date=value, date_precision=precision, location=story["city"],
                aux=["negation"] if rng.random() < 0.03 else [],
                size={"dead": story["dead"] + rng.choice([0, 0, 1])} if story["dead"] else None,
                mentions=[Mention(start, start + 5, text[start:start + 5])], event_text="word",
            ))
            actors.update((story["actor"], story["recipient"]))
            places[story["city"].name] = story["city"]
        published = date.fromordinal(day + rng.randint(0, 2)).isoformat()
        doc = Document(id=f"syn{i:07d}", text=text, published=published,
                       publisher=f"outlet{rng.randrange(50)}", title=" ".join(lead["topic"][:6]))
        extraction = Extraction(
            document=doc, actors=[Actor(a, a) for a in sorted(actors)],
            places=[Place(Span(0, 0, ""), p.name or "", p.country, p.lat, p.lon, p.precision)
                    for p in places.values()],
            events=events, layers=["events"], pipeline_version="bench",
        )
        self.sent.append(extraction)
        return extraction


def synthetic(n_docs: int, per_doc: int, seed: int = 7) -> list[Extraction]:
    gen = Generator(seed)
    return [gen.extraction(i, per_doc) for i in range(n_docs)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--per-doc", type=int, default=10)
    parser.add_argument("--new", type=int, default=60)
    parser.add_argument("--store", choices=["sqlite", "postgres"], default=None,
                        help="backend whose default location to use (default: sqlite)")
    parser.add_argument("--db", default=None,
                        help="store path or URL (default: /tmp/dateline-bench-fusion.db for "
                             "sqlite, $DATELINE_TEST_POSTGRES for postgres)")
    parser.add_argument("--markdown", action="store_true")
    args = parser.parse_args()
    if args.db is None:
        if args.store == "postgres":
            args.db = os.environ.get("DATELINE_TEST_POSTGRES")
            if not args.db:
                parser.error("--store postgres needs --db URL or $DATELINE_TEST_POSTGRES")
        else:
            args.db = Path("/tmp/dateline-bench-fusion.db")
    elif sqlite_path(args.db) is not None:
        args.db = Path(sqlite_path(args.db))
    backend = "sqlite" if sqlite_path(args.db) is not None else "postgres"
    if args.store and args.store != backend:
        parser.error(f"--db {args.db} is not a {args.store} store")
    n_docs = args.events // args.per_doc
    gen = Generator()
    with open_store(args.db) as store:
        have = store.count_events()
        if have != n_docs * args.per_doc:
            if have:
                print(f"{args.db} holds {have} events, not {n_docs * args.per_doc}: remove it first",
                      file=sys.stderr)
                return 1
            started = time.perf_counter()
            for i in range(n_docs):
                extraction = gen.extraction(i, args.per_doc)
                store.save(extraction)
                fuse_document(store, extraction)
                if (i + 1) % 1000 == 0:
                    print(f"  built {i + 1}/{n_docs} documents, {time.perf_counter() - started:.0f} s",
                          file=sys.stderr)
        else:
            for i in range(n_docs):  # advance the generator past the stored documents
                gen.extraction(i, args.per_doc)
        timings, cpu = [], []
        load0 = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
        new = [gen.extraction(n_docs + j, args.per_doc) for j in range(args.new)]
        for extraction in new:
            store.save(extraction)
            t0, c0 = time.perf_counter(), time.process_time()
            fuse_document(store, extraction)
            timings.append((time.perf_counter() - t0) * 1000)
            cpu.append((time.process_time() - c0) * 1000)
        for extraction in new:
            store.delete(extraction.document.id)
        prune(store)
        size = {"events": store.count_events(), **totals(store)}
        size.update((f"{r[0]}_links", r[1]) for r in store.select(
            "SELECT relation, count(*) FROM fusion_links GROUP BY relation ORDER BY relation"))
        size["near_duplicates"] = store.select(
            "SELECT count(*) FROM fusion_documents WHERE duplicate_of IS NOT NULL")[0][0]
    timings.sort()
    p95 = timings[min(len(timings) - 1, int(0.95 * len(timings)))]
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    line = (f"| {backend} | {args.events:,} events ({n_docs:,} docs) | {len(timings)} | "
            f"{statistics.median(timings):.1f} | {p95:.1f} | {timings[-1]:.1f} | "
            f"{statistics.median(cpu):.1f} |")
    if args.markdown:
        print("| backend | store | new documents | median ms | p95 ms | max ms | median CPU ms |")
        print("|---|---|---:|---:|---:|---:|---:|")
        print(line)
        print("\nStore: " + ", ".join(f"{v:,} {k.replace('_', ' ')}" for k, v in size.items()) + ".")
        print(f"\nMachine: {platform.machine()}, {os.cpu_count()} cores, CPython "
              f"{platform.python_version()}; 1-minute load average {load0:.1f} at the start of the "
              f"measurement, {load:.1f} at the end.")
    else:
        print(f"fuse_document ({backend}) over {args.events} events: median {statistics.median(timings):.1f} ms, "
              f"p95 {p95:.1f} ms, max {timings[-1]:.1f} ms, median CPU {statistics.median(cpu):.1f} ms "
              f"({len(timings)} new documents; load {load0:.1f} -> {load:.1f})")
        print(size)
    return 0


if __name__ == "__main__":
    sys.exit(main())
