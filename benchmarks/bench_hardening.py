"""Bounded work per document: time against input size, and reads during a runaway write.

    python benchmarks/bench_hardening.py [--html] [--parse] [--serve] [--markdown]

- ``--html``: :func:`dateline.ingest.html.html_fragment_to_text` on the pathological
  fragments of issue 17 (unclosed ``<script>`` floods, bare ``<``, deep nesting) at
  growing sizes, and the regular expressions it replaced on the small sizes (they are
  quadratic: the large sizes would take minutes).
- ``--parse``: the whole pipeline on text families that made the parse superlinear
  (curly-quote floods, spaced quote floods, punctuation floods, giant tokens) and, as a
  reference, plain words, at growing sizes; per-stage seconds.
- ``--serve``: a real server (uvicorn on 127.0.0.1) over a temporary store; one client
  POSTs a document that keeps the quotes stage busy (a flood of short quotations,
  quadratic there), while another GETs ``/api/stats`` every 50 ms. Latency p50/p95/max
  of the GETs, with extraction in a worker process (``dateline serve``'s default) and,
  for comparison, in the request thread (the old behaviour). Timing is recorded here,
  not asserted by a test. The request loops are bounded in count and time.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import re
import socket
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

BASE = "KYIV (Wire) - Troops shelled the city on Monday, officials said. "
HTML_FAMILIES: dict[str, Callable[[int], str]] = {
    "unclosed <script> x n": lambda n: "<p>x</p>" + "<script>" * n,
    "'<' x 4n": lambda n: "<" * (4 * n),
    "<div> x n (deep)": lambda n: "<div>" * n + "text",
    "<script></script>x x n": lambda n: "<script></script>x" * n,
}

def _fill(unit: str) -> Callable[[int], str]:
    """BASE then ``unit`` repeated: exactly ``n`` characters."""
    return lambda n: (BASE + unit * (n // len(unit) + 1))[:n]


def _noise(n: int) -> str:
    rng = random.Random(1)  # symbols and letters, a few spaces: mojibake, pasted binary
    alphabet = "\u010f\u017e\u00a4\u00a6\u00a7\u00a8\u00a9\u00aa\u00ab\u00ac\u00ae\u00b0\u00b1\u00b5\u00b6\u00c3\u00c5\u00c6"
    return (BASE + "".join(rng.choice(alphabet) + " " * (rng.random() < 0.3) for _ in range(n)))[:n]


PARSE_FAMILIES: dict[str, Callable[[int], str]] = {
    "curly quotes": _fill("\u201c"),
    "spaced quotes": _fill("\u201c "),
    "short quotations": _fill("\u201cSo\u201d said "),
    "dots": _fill("."),
    "punctuation mix": _fill("!?*-(),;"),
    "one-letter words": _fill("\u010f "),
    "non-word text": _noise,
    "giant token": _fill("x"),
    "giant tokens (600 chars)": _fill("x" * 600 + " "),
    "nested markup (HTML page)": lambda n: ("<html><body>" + "<div>" * ((n - 200) // 5) + "<p>" + BASE
                                            + "</p></body></html>"),
    "plain words, no sentence end (reference)": _fill("word "),
}
# The old regexes of ingest/html.py, for the "before" column.
_OLD_DROP = re.compile(r"<(script|style|noscript)\b.*?</\1\s*>", re.I | re.S)
_OLD_TAG = re.compile(r"<[^>]+>")


def _old_fragment(fragment: str) -> str:
    return _OLD_TAG.sub("", _OLD_DROP.sub("", fragment))


def _seconds(fn: Callable[[], Any]) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def bench_html(sizes: list[int]) -> list[tuple[str, int, float | None, float]]:
    from dateline.ingest.html import html_fragment_to_text

    rows = []
    for name, make in HTML_FAMILIES.items():
        for n in sizes:
            text = make(n)
            before = _seconds(lambda t=text: _old_fragment(t)) if n <= 4000 else None
            rows.append((name, len(text), before, _seconds(lambda t=text: html_fragment_to_text(t))))
    return rows


def bench_parse(sizes: list[int], families: list[str] | None = None) -> list[tuple[str, int, float, float, str, str]]:
    """(family, chars, wall s, CPU s, outcome, top stages) per family and size."""
    from dateline.config import Config
    from dateline.errors import DatelineError
    from dateline.ingest import document_from_text
    from dateline.ingest.html import document_from_html
    from dateline.pipeline import Pipeline

    pipeline = Pipeline(Config())
    rows = []
    for name, make in PARSE_FAMILIES.items():
        if families and name not in families:
            continue
        for n in sizes:
            raw = make(n)
            for key in pipeline.timings:
                pipeline.timings[key] = 0.0
            started, cpu = time.perf_counter(), time.process_time()
            try:
                read = document_from_html if raw.startswith("<html>") else document_from_text
                document = read(raw, published="2024-01-01", source=name)
                outcome = next(pipeline.pipe([document]))
                result = "ok" if outcome.error is None else outcome.error.code
            except DatelineError as exc:
                result = exc.code
            wall, cpu = time.perf_counter() - started, time.process_time() - cpu
            top = sorted(pipeline.timings.items(), key=lambda kv: -kv[1])[:2]
            rows.append((name, len(raw), wall, cpu, result,
                         ", ".join(f"{k} {v:.2f}" for k, v in top if v >= 0.01)))
    return rows


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def bench_serve(workers: int, post_chars: int, timeout: float,
                family: str = "short quotations") -> dict[str, Any]:
    import http.client
    import json

    import uvicorn

    from dateline.config import Config
    from dateline.interfaces.web import create_app
    from dateline.store import open_store

    token = "bench-token-0123456789"
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(str(Path(tmp) / "bench.db"))
        app = create_app(Config(api_token=token), store, extract_workers=workers,
                         document_timeout=timeout)
        port = _free_port()
        server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port,
                                               log_level="critical"))
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        while not server.started:
            time.sleep(0.05)
        if workers:
            app.state.extraction_pool.warm_up()
        body = json.dumps({"title": "Flood", "text": PARSE_FAMILIES[family](post_chars)})
        post: dict[str, Any] = {}

        def write() -> None:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout + 120)
            started = time.perf_counter()
            connection.request("POST", "/api/documents", body=body, headers={
                "Authorization": f"Bearer {token}", "Content-Type": "application/json"})
            response = connection.getresponse()
            post.update(status=response.status, seconds=time.perf_counter() - started,
                        message=json.loads(response.read()).get("message", ""))

        writer = threading.Thread(target=write)
        latencies: list[float] = []
        reader = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout + 120)
        writer.start()
        time.sleep(0.3)
        deadline = time.monotonic() + timeout + 120  # bounded, whatever happens
        while writer.is_alive() and time.monotonic() < deadline and len(latencies) < 5000:
            started = time.perf_counter()
            reader.request("GET", "/api/stats")
            reader.getresponse().read()
            latencies.append(time.perf_counter() - started)
            time.sleep(0.05)
        writer.join(timeout + 120)
        server.should_exit = True
        thread.join(30)
        if workers:
            app.state.extraction_pool.close()
        store.close()
    ordered = sorted(latencies)
    return {
        "workers": workers, "family": family, "post_chars": len(body), "post": post,
        "gets": len(ordered),
        "p50_ms": 1000 * statistics.median(ordered) if ordered else None,
        "p95_ms": 1000 * ordered[int(0.95 * (len(ordered) - 1))] if ordered else None,
        "max_ms": 1000 * ordered[-1] if ordered else None,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--html", action="store_true")
    parser.add_argument("--parse", action="store_true")
    parser.add_argument("--serve", action="store_true")
    parser.add_argument("--sizes", default="16000,64000,300000",
                        help="text sizes for --parse (characters; 300,000 is max_chars)")
    parser.add_argument("--family", action="append", default=None,
                        help="only this --parse family (repeatable)")
    parser.add_argument("--post-family", default="short quotations", choices=sorted(PARSE_FAMILIES))
    parser.add_argument("--post-chars", type=int, default=8000)
    parser.add_argument("--timeout", type=float, default=30.0)
    parser.add_argument("--thread", action="store_true",
                        help="--serve: also extract in the request thread (the old behaviour)")
    args = parser.parse_args()
    everything = not (args.html or args.parse or args.serve)
    print(f"machine: {platform.machine()}, Python {platform.python_version()}, "
          f"load average {os.getloadavg()[0]:.1f}")
    if args.html or everything:
        print("\n| HTML fragment | chars | regexes (before) s | lxml (after) s |\n|---|---:|---:|---:|")
        for name, chars, before, after in bench_html([1000, 2000, 4000, 16000, 64000]):
            old = f"{before:.3f}" if before is not None else "-"
            print(f"| {name} | {chars:,} | {old} | {after:.3f} |", flush=True)
    if args.parse or everything:
        print("\n| text | chars | wall s | CPU s | outcome | top stages (wall s) |\n|---|---:|---:|---:|---|---|")
        sizes = [int(x) for x in args.sizes.split(",")]
        for name, chars, wall, cpu, result, top in bench_parse(sizes, args.family):
            print(f"| {name} | {chars:,} | {wall:.2f} | {cpu:.2f} | {result} | {top} |", flush=True)
    if args.serve or everything:
        print("\n| extraction | POST | POST s | GETs | p50 ms | p95 ms | max ms |\n|---|---|---:|---:|---:|---:|---:|")
        for workers in (1, 0) if args.thread else (1,):
            r = bench_serve(workers, args.post_chars, args.timeout, args.post_family)
            post = r["post"]
            where = "worker process" if workers else "request thread (before)"
            print(f"| {where}, {r['family']} ({r['post_chars']:,} bytes) | {post.get('status')} "
                  f"{post.get('message', '')[:40]} | {post.get('seconds', 0):.1f} | {r['gets']} | "
                  f"{r['p50_ms']:.1f} | {r['p95_ms']:.1f} | {r['max_ms']:.1f} |", flush=True)


if __name__ == "__main__":
    main()
