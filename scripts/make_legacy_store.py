"""Build the "previous release" store fixtures that tests/store/test_legacy.py opens.

    PYTHONPATH=<a checkout of the release>/src python scripts/make_legacy_store.py OUT_DIR

Run with the *older* code on ``PYTHONPATH`` (the fixtures in tests/store/legacy/ were
made by the tree before the store was split into ``store/sql.py`` and
``store/schema.py``). It saves and fuses two hand-built documents (our own text, from
tests/factories.py) into a fresh store of each backend and writes:

* ``sqlite.db.gz`` -- the SQLite database file, gzipped;
* ``postgres.sql`` -- a ``pg_dump --inserts`` of a PostgreSQL schema holding the same
  (only with ``$DATELINE_TEST_POSTGRES`` set and ``pg_dump`` on the path);
* ``<backend>.json`` -- what that code reads back (:func:`read_back`), which the newer
  code must read back identically.
"""

from __future__ import annotations

import dataclasses
import gzip
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import psycopg

from dateline.fusion import engine
from dateline.model import Extraction
from dateline.store import open_store
from dateline.store.base import Store

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.factories import sample_extraction  # noqa: E402

SCHEMA = "dateline_legacy_fixture"  # replaced by a fresh schema name when restored


def documents() -> list[Extraction]:
    first = sample_extraction()
    second = sample_extraction()
    second = dataclasses.replace(
        second, document=dataclasses.replace(second.document, id="abd", title="Talks again")
    )
    return [first, second]


def read_back(store: Store) -> dict[str, Any]:
    """Everything a reader sees, JSON-ready (timestamps included: they are stored)."""
    stats = store.stats()
    stats.pop("db")
    return {
        "migrations": store.applied_migrations(),  # type: ignore[attr-defined]
        "extractions": [store.get(doc_id).to_dict() for doc_id in ("abc", "abd")],
        "documents": store.documents(),
        "events": store.events(),
        "quotes": store.quotes(),
        "quote_search": store.quotes(text="aide"),
        "actors": store.actors(),
        "places": store.places(),
        "contradictions": store.contradictions(),
        "search": [{k: v for k, v in hit.items() if k != "rank"} for hit in store.search("ministers")],
        "stats": stats,
        "fused_events": engine.fused_events(store),
        "stories": engine.stories(store),
        "duplicates": engine.duplicates(store),
        "verify": store.verify(),
    }


def fill(store: Store) -> dict[str, Any]:
    for extraction in documents():
        store.save(extraction)
        engine.fuse_document(store, extraction)
    return read_back(store)


def dump(data: dict[str, Any], path: Path) -> None:
    path.write_text(json.dumps(data, indent=1, sort_keys=True, default=str) + "\n")


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "legacy.db"
        with open_store(db) as store:
            dump(fill(store), out / "sqlite.json")
        with db.open("rb") as raw, gzip.open(out / "sqlite.db.gz", "wb") as packed:
            shutil.copyfileobj(raw, packed)
    url = os.environ.get("DATELINE_TEST_POSTGRES")
    if not url or shutil.which("pg_dump") is None:
        print("no DATELINE_TEST_POSTGRES or pg_dump: PostgreSQL fixture not written")
        return
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE")
        conn.execute(f"CREATE SCHEMA {SCHEMA}")
    try:
        with open_store(f"{url}?options=-csearch_path%3D{SCHEMA}") as store:
            dump(fill(store), out / "postgres.json")
        sql = subprocess.run(
            ["pg_dump", "--inserts", "--no-owner", "--no-privileges", "--schema", SCHEMA, url],
            check=True, capture_output=True, text=True,
        ).stdout
        # psql meta-commands (newer pg_dump writes \restrict) are no SQL: a restore
        # through a driver runs the rest.
        sql = "".join(line for line in sql.splitlines(keepends=True) if not line.startswith("\\"))
        (out / "postgres.sql").write_text(sql)
    finally:
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA {SCHEMA} CASCADE")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
