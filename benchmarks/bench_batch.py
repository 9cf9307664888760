"""Batch engines on a real corpus: local processes vs Dask, 1 and 2 workers.

    python benchmarks/bench_batch.py [--data ../shared/data/news-ukwar/articles-2022-2023.jsonl]
                                     [--limit N] [--workers 1 2] [--engines local dask]
                                     [--partition-size 16] [--markdown]

Each run processes the whole input into a fresh Parquet output directory with
``dateline.scale.run_batch`` and the configured default stages. Reported per
run: articles/s (wall time from the first partition submitted to the last one
committed; worker start-up and pipeline loading are reported apart), peak RSS
of each worker process, and start-up time. Derived: scaling efficiency
(rate with 2 workers / (2 x rate with 1)), the Dask overhead (Dask rate / local
rate with as many workers), and how many workers a 250,000-article day needs.

A script, not a timed test: the numbers depend on the machine (and on whatever
else runs on it), so they are recorded in benchmarks/RESULTS.md with the
machine described.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared/data/news-ukwar/articles-2022-2023.jsonl"
DAY_TARGET = 250_000
MIB = 2**20


def run(data: Path, engine: str, workers: int, partition_size: int, limit: int | None,
        stages: tuple[str, ...] | None = None) -> dict:
    from dateline.config import Config
    from dateline.scale import run_batch

    config = Config.load().with_overrides(stages=stages)
    with tempfile.TemporaryDirectory(prefix="bench-batch-") as tmp:
        source = data
        if limit:
            source = Path(tmp) / "input.jsonl"
            with data.open(encoding="utf-8") as src, source.open("w", encoding="utf-8") as dst:
                for i, line in enumerate(src):
                    if i >= limit:
                        break
                    dst.write(line)
        report = run_batch([source], config, engine=engine, workers=workers,
                           out=Path(tmp) / "out", partition_size=partition_size)
    summary = report.summary()
    summary["stages"] = list(config.stages)
    summary["peak_rss_mib"] = sorted(round(v / MIB, 1) for v in report.peak_rss.values())
    n = max(1, report.processed)
    summary["worker_cpu_per_article"] = report.worker_cpu_seconds / n
    summary["driver_cpu_per_article"] = report.driver_cpu_seconds / n
    return summary


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--engines", nargs="+", default=["local", "dask"])
    parser.add_argument("--partition-size", type=int, default=16)
    parser.add_argument("--stages", default=None,
                        help="Comma-separated stages (default: the configured pipeline).")
    parser.add_argument("--repeat", type=int, default=1,
                        help="Runs per configuration; the fastest is kept (a shared machine is noisy).")
    parser.add_argument("--markdown", action="store_true")
    args = parser.parse_args()
    if not args.data.is_file():
        print(f"data not found: {args.data}", file=sys.stderr)
        return 2

    results: dict[tuple[str, int], dict] = {}
    for workers in args.workers:
        for engine in args.engines:
            started = time.perf_counter()
            stages = tuple(args.stages.split(",")) if args.stages else None
            runs = [run(args.data, engine, workers, args.partition_size, args.limit, stages)
                    for _ in range(args.repeat)]
            results[(engine, workers)] = r = max(runs, key=lambda x: x["docs_per_second"])
            print(f"{engine} x{workers}: {r['docs_per_second']:.2f} articles/s, "
                  f"peak RSS per worker {r['peak_rss_mib']} MiB, start-up {r['startup_seconds']}s "
                  f"(total {time.perf_counter() - started:.0f}s)", file=sys.stderr)

    stages = next(iter(results.values()))["stages"]
    lines = [
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}; "
        f"input {args.data.name}"
        f"{f' (first {args.limit})' if args.limit else ''}; stages: {', '.join(stages)}; "
        f"partition size {args.partition_size}.",
        "",
        "| engine | workers | articles | articles/s | worker CPU s/article | driver CPU s/article "
        "| peak RSS per worker (MiB) | start-up (s) |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for (engine, workers), r in results.items():
        lines.append(
            f"| {engine} | {workers} | {r['processed']} | {r['docs_per_second']:.2f} | "
            f"{r['worker_cpu_per_article']:.3f} | {r['driver_cpu_per_article']:.4f} | "
            f"{', '.join(str(m) for m in r['peak_rss_mib'])} | {r['startup_seconds']:.1f} |"
        )
    lines.append("")
    rate = {key: r["docs_per_second"] for key, r in results.items()}
    for engine in args.engines:
        if (engine, 1) in rate and (engine, 2) in rate and rate[(engine, 1)]:
            eff = rate[(engine, 2)] / (2 * rate[(engine, 1)])
            lines.append(f"- scaling efficiency 1 -> 2 workers, {engine}: {eff:.0%}")
    for workers in args.workers:
        if ("local", workers) in rate and ("dask", workers) in rate and rate[("local", workers)]:
            ratio = rate[("dask", workers)] / rate[("local", workers)]
            verdict = " (target >= 85%: met)" if ratio >= 0.85 else " (target >= 85%: NOT met)"
            lines.append(
                f"- Dask / local throughput with {workers} worker(s): {ratio:.0%}"
                f"{verdict if workers == 2 else ''}"
            )
    peak = max(m for r in results.values() for m in r["peak_rss_mib"])
    lines.append(f"- largest worker peak RSS: {peak} MiB (target <= 1024 MiB: "
                 f"{'met' if peak <= 1024 else 'NOT met'})")
    for engine in args.engines:
        cpu = [r["worker_cpu_per_article"] + r["driver_cpu_per_article"]
               for (e, _), r in results.items() if e == engine]
        if cpu:
            lines.append(f"- CPU per article (workers + driver), {engine}: {min(cpu):.3f} s")
    needed = DAY_TARGET / 86_400
    best_key = max(rate, key=lambda k: rate[k] / k[1])
    per_worker = rate[best_key] / best_key[1]
    cpu_rate = 1 / min(r["worker_cpu_per_article"] for r in results.values())
    if per_worker:
        lines.append(
            f"- projection: {DAY_TARGET:,} articles/day = {needed:.2f} articles/s on average. "
            f"Measured here: {per_worker:.2f} articles/s per worker ({best_key[0]} x{best_key[1]}) "
            f"-> {math.ceil(needed / per_worker)} workers all day "
            f"({math.ceil(2 * needed / per_worker)} with x2 headroom for peaks); "
            f"on dedicated cores ({cpu_rate:.2f} articles per CPU-second) -> "
            f"{math.ceil(needed / cpu_rate)} workers ({math.ceil(2 * needed / cpu_rate)} with headroom)"
        )
    text = "\n".join(lines)
    print(text if args.markdown else json.dumps(
        {f"{e}x{w}": r for (e, w), r in results.items()}, indent=2))
    if not args.markdown:
        print(text, file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
