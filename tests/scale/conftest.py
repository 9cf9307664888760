"""Fixtures for the batch tests: small corpora of sentences written for these tests."""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote

import pytest

from dateline.config import Config

PLUGINS = ("tests.scale.plugin_stages",)

_PLACES = ["Kyiv", "Warsaw", "Vilnius", "Riga", "Tallinn", "Helsinki", "Berlin", "Paris"]


def article(i: int, marker: str = "") -> str:
    place = _PLACES[i % len(_PLACES)]
    return (
        f"Officials in {place} said on Monday that talks with the visiting delegation "
        f"number {i} would resume next week. {marker}\n\n"
        f"The foreign minister told reporters that the meeting had been useful and that "
        f"both sides wanted to keep talking. Item {i}."
    )


@pytest.fixture
def make_corpus(tmp_path: Path) -> Callable[..., Path]:
    """Write a JSONL file of ``n`` articles; ``markers`` maps an index to text added to it."""

    def make(n: int, markers: dict[int, str] | None = None, name: str = "corpus.jsonl") -> Path:
        path = tmp_path / name
        with path.open("w", encoding="utf-8") as stream:
            for i in range(n):
                record = {"id": f"t{i}", "title": f"Talks {i}", "published": "2023-03-06",
                          "text": article(i, (markers or {}).get(i, ""))}
                stream.write(json.dumps(record) + "\n")
        return path

    return make


@pytest.fixture(scope="session")
def base_config() -> Config:
    return Config(stages=("segment",), batch_size=8)


@pytest.fixture(params=["sqlite", "postgres"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path):  # noqa: ANN201 - a generator fixture
    """A fresh store: an SQLite file, or a PostgreSQL schema when DATELINE_TEST_POSTGRES is set."""
    if request.param == "sqlite":
        yield str(tmp_path / "batch.db")
        return
    url = os.environ.get("DATELINE_TEST_POSTGRES")
    if not url:
        pytest.skip("DATELINE_TEST_POSTGRES is not set (run `. .ci/postgres.sh`)")
    import psycopg

    schema = f"b_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    try:
        joiner = "&" if "?" in url else "?"
        yield f"{url}{joiner}options={quote(f'-csearch_path={schema}')}"
    finally:
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA {schema} CASCADE")
