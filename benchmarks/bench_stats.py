"""``GET /api/stats`` latency while one client POSTs a pathological document.

    python benchmarks/bench_stats.py [--scenario runaway|stored] [--one-connection]

A real ``dateline serve`` (its own process, as a user runs it, one extraction worker)
over a temporary SQLite store holding the bundled examples. After a small warm-up
POST (the worker loads its pipeline), one client POSTs a pathological document while
another GETs ``/api/stats`` every 50 ms on a keep-alive connection, until the POST
answers. Scenarios:

- ``runaway``: 290,000 characters of words with no sentence end (the heaviest text the
  guards accept: ~80 s of parse), stopped at ``--document-timeout`` (E203);
- ``stored``: 290,000 characters of curly quotation marks (accepted: ~3.5 s of CPU),
  extracted, then saved and fused into the store while the GETs go on.

``--one-connection`` runs the server with reads and writes on one connection (the
behaviour before the separate read connection), for comparison. Prints p50/p95/max of
the GETs and the machine's 1-minute load average before and after. Timing is recorded
here (benchmarks/RESULTS.md), not asserted by a test; every loop is bounded.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
from bench_hardening import PARSE_FAMILIES  # noqa: E402

TOKEN = "bench-token-0123456789"
SCENARIOS = {
    "runaway": ("plain words, no sentence end (reference)", 290_000),
    "stored": ("curly quotes", 290_000),
}
# The server with its reads on the writer's connection (before the read connection).
ONE_CONNECTION = ("import sys; from dateline.interfaces.web.state import StoreAccess; "
                  "StoreAccess.open_reader = lambda self, db: None; "
                  "from dateline.interfaces.cli import main; sys.argv[0] = 'dateline'; main()")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT / "src"), "DATELINE_TOKEN": TOKEN}


def _post(port: int, body: str, timeout: float) -> dict[str, Any]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    started = time.perf_counter()
    connection.request("POST", "/api/documents", body=body, headers={
        "Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"})
    response = connection.getresponse()
    answer = json.loads(response.read())
    return {"status": response.status, "seconds": time.perf_counter() - started,
            "message": answer.get("message") or answer.get("status", "")}


def _serve(db: str, port: int, timeout: float, one_connection: bool) -> subprocess.Popen[bytes]:
    head = [sys.executable, "-c", ONE_CONNECTION] if one_connection else [
        sys.executable, "-m", "dateline.interfaces.cli"]
    return subprocess.Popen([*head, "serve", "--db", db, "--port", str(port),
                             "--document-timeout", f"{timeout:g}"],
                            env=_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _wait_up(port: int, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", "/api/stats")
            if connection.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise SystemExit(f"the server did not answer within {seconds:g} s")


def run(scenario: str, timeout: float, one_connection: bool) -> dict[str, Any]:
    family, chars = SCENARIOS[scenario]
    body = json.dumps({"title": "Flood", "text": PARSE_FAMILIES[family](chars)})
    with tempfile.TemporaryDirectory() as tmp:
        db = str(Path(tmp) / "bench.db")
        subprocess.run([sys.executable, "-m", "dateline.interfaces.cli", "ingest",
                        str(ROOT / "examples"), "--db", db], env=_env(), check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        port = _free_port()
        server = _serve(db, port, timeout, one_connection)
        try:
            _wait_up(port, 300)
            warm = _post(port, json.dumps({"title": "Warm-up", "text": (
                "Officials in Ruse said on Monday that talks on the bridge would resume. "
                "The minister called the meeting useful.")}), 600)
            load_before = os.getloadavg()[0]
            post: dict[str, Any] = {}
            writer = threading.Thread(target=lambda: post.update(_post(port, body, timeout + 600)))
            latencies: list[float] = []
            reader = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout + 600)
            writer.start()
            time.sleep(0.3)
            deadline = time.monotonic() + timeout + 600  # bounded, whatever happens
            while writer.is_alive() and time.monotonic() < deadline and len(latencies) < 20_000:
                started = time.perf_counter()
                reader.request("GET", "/api/stats")
                reader.getresponse().read()
                latencies.append(time.perf_counter() - started)
                time.sleep(0.05)
            writer.join(timeout + 600)
            load_after = os.getloadavg()[0]
        finally:
            server.terminate()
            server.wait(60)
    ordered = sorted(latencies)
    return {
        "scenario": scenario, "family": family, "post_bytes": len(body), "warm_up": warm,
        "post": post, "gets": len(ordered), "load_before": load_before, "load_after": load_after,
        "p50_ms": 1000 * statistics.median(ordered) if ordered else None,
        "p95_ms": 1000 * ordered[int(0.95 * (len(ordered) - 1))] if ordered else None,
        "max_ms": 1000 * ordered[-1] if ordered else None,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scenario", action="append", choices=sorted(SCENARIOS), default=None)
    parser.add_argument("--timeout", type=float, default=60.0, help="the server's --document-timeout")
    parser.add_argument("--one-connection", action="store_true",
                        help="also run each scenario with reads on the writer's connection (before)")
    args = parser.parse_args()
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print("\n| scenario | reads | POST | POST s | GETs | p50 ms | p95 ms | max ms | load before / after |\n"
          "|---|---|---|---:|---:|---:|---:|---:|---|")
    for scenario in args.scenario or sorted(SCENARIOS):
        for one in (False, True) if args.one_connection else (False,):
            r = run(scenario, args.timeout, one)
            post = r["post"]
            print(f"| {scenario}: {r['family']} ({r['post_bytes']:,} bytes) | "
                  f"{'one connection (before)' if one else 'read connection'} | "
                  f"{post.get('status')} {str(post.get('message', ''))[:24]} | {post.get('seconds', 0):.1f} | "
                  f"{r['gets']} | {r['p50_ms']:.1f} | {r['p95_ms']:.1f} | {r['max_ms']:.1f} | "
                  f"{r['load_before']:.1f} / {r['load_after']:.1f} |", flush=True)


if __name__ == "__main__":
    main()
