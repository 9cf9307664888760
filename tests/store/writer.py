"""A writer process for the crash and concurrency tests.

``python -m tests.store.writer DB FIRST COUNT REPEAT`` saves documents
FIRST..FIRST+COUNT-1 one by one (one transaction each); every fifth step it also
re-saves an earlier document with a newer pipeline version, so replacements
(delete + insert) are interrupted too. Prints one status line per save.
"""

from __future__ import annotations

import sys

from dateline.store import open_store
from tests.store.factory import make_extraction


def main(argv: list[str]) -> int:
    db, first, count, repeat = argv[0], int(argv[1]), int(argv[2]), int(argv[3])
    store = open_store(db)
    print("ready", flush=True)
    for n in range(first, first + count):
        status = store.save(make_extraction(n, repeat=repeat))
        print(f"{n} 1.0.0 {status}", flush=True)
        if n % 5 == 4:
            old = n - 3
            status = store.save(make_extraction(old, repeat=repeat, pipeline_version="2.0.0"))
            print(f"{old} 2.0.0 {status}", flush=True)
    store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
