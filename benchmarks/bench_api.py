"""Timeline API latency on a large store (target: p95 <= 50 ms at 100k events).

    python benchmarks/bench_api.py [--events 100000] [--per-doc 20] [--db PATH]
                                   [--requests 60] [--markdown]

The store is made by a documented synthetic generator (:func:`generate`), not by
ingesting real articles: each synthetic document is ``--per-doc`` sentences of the
form "<Actor> <verb> <Recipient> in <City> on <date>.", with one PLOVER event per
sentence (type, quad class, actor, recipient, date, located place, one mention,
the occasional negation or future), drawn with a fixed random seed from a pool of
40 actors, 12 event types and 30 cities over 2022-2025. The rows it produces have
the same shape as the pipeline's, so the store's indexes and queries are
exercised as in real use. The store is reused when it already holds the
requested number of events.

Requests go over real HTTP (uvicorn on 127.0.0.1, one client, sequential) to
``/api/timeline`` with a mix of filters (none, actor, recipient, type, quad class,
date range, actor + date range, hide negated/future, a deep page); each scenario
is requested ``--requests`` times after one warm-up request. A script, not a
timed test: results go to benchmarks/RESULTS.md with the machine described.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import sys
import threading
import time
from pathlib import Path
from typing import Any

ACTORS = [
    (f"country:{code}{':' + sector if sector else ''}", f"{name}{' ' + label if label else ''}",
     code)
    for code, name in [("UKR", "Ukraine"), ("RUS", "Russia"), ("USA", "United States"),
                       ("POL", "Poland"), ("DEU", "Germany"), ("FRA", "France"),
                       ("GBR", "United Kingdom"), ("TUR", "Turkey"), ("CHN", "China"),
                       ("BLR", "Belarus")]
    for sector, label in [(None, None), ("GOV", "government"), ("MIL", "military"),
                          ("REB", "rebels")]
]
EVENTS = [  # (type, verb, quad class)
    ("ASSAULT", "shelled", 4), ("ATTACK", "attacked", 4), ("COERCE", "sanctioned", 4),
    ("THREATEN", "threatened", 3), ("ACCUSE", "accused", 3), ("REJECT", "rejected", 3),
    ("CONSULT", "met", 1), ("COOPERATE", "praised", 1), ("SUPPORT", "backed", 1),
    ("AID", "supplied", 2), ("CONCEDE", "released prisoners to", 2), ("RETREAT", "withdrew from", 2),
]
CITIES = [
    ("Kyiv", "UA", 50.45, 30.52), ("Kharkiv", "UA", 49.99, 36.23), ("Odesa", "UA", 46.48, 30.73),
    ("Lviv", "UA", 49.84, 24.03), ("Dnipro", "UA", 48.46, 35.05), ("Zaporizhzhia", "UA", 47.84, 35.14),
    ("Kherson", "UA", 46.64, 32.61), ("Mykolaiv", "UA", 46.98, 31.99), ("Bakhmut", "UA", 48.60, 38.00),
    ("Mariupol", "UA", 47.10, 37.55), ("Donetsk", "UA", 48.02, 37.80), ("Luhansk", "UA", 48.57, 39.31),
    ("Sumy", "UA", 50.91, 34.80), ("Chernihiv", "UA", 51.49, 31.29), ("Poltava", "UA", 49.59, 34.55),
    ("Moscow", "RU", 55.76, 37.62), ("Belgorod", "RU", 50.60, 36.59), ("Kursk", "RU", 51.73, 36.19),
    ("Sevastopol", "UA", 44.62, 33.53), ("Minsk", "BY", 53.90, 27.56), ("Warsaw", "PL", 52.23, 21.01),
    ("Berlin", "DE", 52.52, 13.40), ("Paris", "FR", 48.86, 2.35), ("London", "GB", 51.51, -0.13),
    ("Washington", "US", 38.90, -77.04), ("Brussels", "BE", 50.85, 4.35), ("Istanbul", "TR", 41.01, 28.98),
    ("Ankara", "TR", 39.93, 32.86), ("Beijing", "CN", 39.90, 116.40), ("Geneva", "CH", 46.20, 6.14),
]


def synthetic_extraction(rng: random.Random, index: int, per_doc: int) -> Any:
    """One synthetic document with ``per_doc`` events (see the module docstring)."""
    from dateline.model import Actor, Document, Event, Extraction, Location, Sentence

    day0 = 738_521  # 2023-01-01 as a proleptic ordinal; dates spread over 2022-2025
    from datetime import date

    published = date.fromordinal(day0 - 365 + rng.randrange(4 * 365))
    parts: list[str] = []
    sentences: list[Sentence] = []
    events: list[Event] = []
    actors: dict[str, Actor] = {}
    offset = 0
    for i in range(per_doc):
        (a_id, a_name, _), (r_id, r_name, _) = rng.sample(ACTORS, 2)
        etype, verb, quad = rng.choice(EVENTS)
        city, country, lat, lon = rng.choice(CITIES)
        when = date.fromordinal(published.toordinal() - rng.randrange(7))
        sentence = f"{a_name} {verb} {r_name} in {city} on {when.isoformat()}."
        start = offset
        verb_start = start + len(a_name) + 1
        for actor_id, name, at in ((a_id, a_name, start), (r_id, r_name, verb_start + len(verb) + 1)):
            actor = actors.setdefault(actor_id, Actor(actor_id, name, code=actor_id.split(":")[1],
                                                      kind="country"))
            actor.mentions.append(_mention(name, at, i))
        roll = rng.random()
        aux = ["negation"] if roll < 0.05 else ["future"] if roll < 0.1 else []
        events.append(Event(
            id=f"e{i + 1}", event=etype, actor=[a_id], recipient=[r_id], date=when.isoformat(),
            date_precision="day", location=Location(city, country, lat, lon, "city"),
            mentions=[_mention(verb, verb_start, i)], quad_class=quad, aux=aux,
            context=["military"] if quad == 4 else [],
        ))
        sentences.append(Sentence(i, start, start + len(sentence), i // 5))
        parts.append(sentence)
        offset += len(sentence) + 1
    text = " ".join(parts)
    doc = Document(id=f"synthetic-{index:06d}", text=text, title=f"Synthetic report {index}",
                   published=published.isoformat(), publisher="Synthetic Wire",
                   sentences=sentences)
    return Extraction(document=doc, actors=list(actors.values()), events=events,
                      layers=["segment", "actors", "events"], pipeline_version="0.0.0-synthetic")


def _mention(text: str, start: int, sentence: int) -> Any:
    from dateline.model import Mention

    return Mention(start, start + len(text), text, sentence)


def generate(store: Any, n_events: int, per_doc: int, seed: int = 7) -> float:
    """Fill ``store`` with ``n_events`` synthetic events; returns the seconds it took."""
    rng = random.Random(seed)
    started = time.perf_counter()
    n_docs = (n_events + per_doc - 1) // per_doc
    for index in range(n_docs):
        store.save(synthetic_extraction(rng, index, per_doc))
        if index % 500 == 0:
            print(f"  generated {index * per_doc} events", file=sys.stderr)
    return time.perf_counter() - started


SCENARIOS: list[tuple[str, dict[str, Any]]] = [
    ("first page, no filter", {}),
    ("actor (id)", {"actor": "country:RUS:MIL"}),
    ("actor (code)", {"actor": "UKR"}),
    ("recipient", {"recipient": "country:USA"}),
    ("type", {"type": "ASSAULT"}),
    ("quad class", {"quad_class": 2}),
    ("date range (1 month)", {"date_from": "2023-06-01", "date_to": "2023-06-30"}),
    ("actor + date range", {"actor": "country:RUS", "date_from": "2024-01-01", "date_to": "2024-03-31"}),
    ("hide negated + future", {"include_negated": "false", "include_future": "false"}),
    ("deep page (offset 5000)", {"offset": 5000}),
]


def measure(base_url: str, requests: int) -> list[tuple[str, list[float]]]:
    import httpx

    results = []
    with httpx.Client(base_url=base_url, timeout=30) as client:
        for name, params in SCENARIOS:
            query = {"limit": 100, **params}
            response = client.get("/api/timeline", params=query)  # warm-up
            response.raise_for_status()
            times = []
            for _ in range(requests):
                t0 = time.perf_counter()
                response = client.get("/api/timeline", params=query)
                times.append((time.perf_counter() - t0) * 1000)
                response.raise_for_status()
            results.append((name, times))
    return results


def measure_direct(store: Any, requests: int) -> dict[str, list[float]]:
    """The same scenarios as direct ``store.timeline()`` calls: the share of the store."""
    names = {"type": "event_type"}
    out = {}
    for name, params in SCENARIOS:
        kwargs: dict[str, Any] = {names.get(k, k): v for k, v in params.items()}
        for key in ("include_negated", "include_future"):
            if key in kwargs:
                kwargs[key] = kwargs[key] != "false"
        store.timeline(limit=100, **kwargs)
        times = []
        for _ in range(requests):
            t0 = time.perf_counter()
            store.timeline(limit=100, **kwargs)
            times.append((time.perf_counter() - t0) * 1000)
        out[name] = times
    return out


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20, method="inclusive")[18]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--per-doc", type=int, default=20)
    parser.add_argument("--db", type=Path, default=Path("/tmp/dateline-bench-api.db"))
    parser.add_argument("--requests", type=int, default=60)
    parser.add_argument("--markdown", action="store_true")
    args = parser.parse_args()

    import uvicorn

    from dateline.config import Config
    from dateline.interfaces.web import create_app
    from dateline.store import open_store

    store = open_store(args.db)
    have = store.stats()["tables"]["events"]
    if have != args.events:
        store.close()
        for suffix in ("", "-wal", "-shm"):
            Path(f"{args.db}{suffix}").unlink(missing_ok=True)
        store = open_store(args.db)
        print(f"generating {args.events} events into {args.db}", file=sys.stderr)
        took = generate(store, args.events, args.per_doc)
        print(f"generated in {took:.0f} s", file=sys.stderr)
    events = store.stats()["tables"]["events"]

    app = create_app(Config(db=str(args.db)), store, read_only=True)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        results = measure(f"http://127.0.0.1:{port}", args.requests)
        direct = measure_direct(store, args.requests)
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        store.close()

    every = [t for _, times in results for t in times]
    lines = [
        f"Store: {events:,} synthetic events ({args.per_doc} per document), "
        f"{args.requests} requests per scenario, limit 100, over HTTP on 127.0.0.1.",
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, {platform.python_implementation()} "
        f"{platform.python_version()}, {platform.system()}; 1-minute load average at the start "
        f"{load:.1f}.",
        "",
        "| scenario | HTTP p50 ms | HTTP p95 ms | HTTP max ms | store.timeline() p95 ms |",
        "|---|---:|---:|---:|---:|",
    ]
    for name, times in results:
        lines.append(f"| {name} | {statistics.median(times):.1f} | {p95(times):.1f} | "
                     f"{max(times):.1f} | {p95(direct[name]):.1f} |")
    every_direct = [t for times in direct.values() for t in times]
    lines.append(f"| **all requests** | {statistics.median(every):.1f} | **{p95(every):.1f}** | "
                 f"{max(every):.1f} | {p95(every_direct):.1f} |")
    print("\n".join(lines))
    worst = max(p95(times) for _, times in results)
    print(f"\noverall p95 {p95(every):.1f} ms; worst scenario p95 {worst:.1f} ms (target 50 ms)",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
