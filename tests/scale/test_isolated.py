"""Extraction in worker processes: a runaway document is killed at its deadline and fails
alone (E203), a crashing one too; the worker is replaced and reads never wait on it."""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest

from dateline.config import Config
from dateline.errors import DocumentTimeoutError, ProcessingError
from dateline.ingest import document_from_text
from dateline.scale.isolated import ExtractionPool
from tests.processes import pid_alive
from tests.scale.conftest import PLUGINS, article
from tests.scale.plugin_stages import CRASH_MARKER, HANG_MARKER

# stage_timeout 0: the deadline alone must stop the runaway stage (as for a C-level parse)
CONFIG = Config(stages=("segment", "test_hang", "test_crash"), stage_timeout=0)
DEADLINE = 4.0


@pytest.fixture(scope="module")
def pool() -> Any:
    pool = ExtractionPool(CONFIG, size=1, deadline=DEADLINE, plugins=PLUGINS)
    pool.warm_up()
    yield pool
    pool.close()


@pytest.mark.model
def test_runaway_and_crashing_documents_fail_alone(pool: ExtractionPool) -> None:
    ok = pool.extract(document_from_text(article(1), title="Talks", source="ok"))
    assert ok.document.sentences and "test_hang" in ok.layers
    (first,) = pool.pids()

    started = time.monotonic()
    with pytest.raises(DocumentTimeoutError) as caught:
        pool.extract(document_from_text(article(2, HANG_MARKER), title="Talks", source="runaway"))
    assert DEADLINE <= time.monotonic() - started < DEADLINE + 3
    assert caught.value.code == "E203" and caught.value.source == "runaway"
    assert pool.replaced == 1 and not pid_alive(first)

    again = pool.extract(document_from_text(article(3), title="Talks", source="after"))  # a fresh worker
    assert again.document.source == "after" and pool.pids() != [first]

    with pytest.raises(ProcessingError, match="worker died"):
        pool.extract(document_from_text(article(4, CRASH_MARKER), title="Talks", source="crash"))
    assert pool.extract(document_from_text(article(5), title="Talks", source="last")).document.sentences
    assert pool.replaced == 2


@pytest.mark.model
def test_web_reads_answer_while_a_write_runs_away(tmp_path: Any) -> None:
    pytest.importorskip("fastapi")
    from fastapi.testclient import TestClient

    from dateline.interfaces.web import create_app
    from dateline.store import open_store

    token = "isolated-token-0123456789"
    store = open_store(str(tmp_path / "w.db"))
    app = create_app(Config(api_token=token), store, extract_workers=1, document_timeout=DEADLINE)
    app.state.extraction_pool.close()
    app.state.extraction_pool = ExtractionPool(CONFIG, size=1, deadline=DEADLINE, plugins=PLUGINS)
    app.state.extraction_pool.warm_up()
    client = TestClient(app)
    answers: dict[str, Any] = {}

    def post() -> None:
        answers["post"] = client.post("/api/documents", json={"text": article(6, HANG_MARKER), "title": "Talks"},
                                      headers={"Authorization": f"Bearer {token}"})

    writer = threading.Thread(target=post)
    writer.start()
    time.sleep(0.5)
    slowest = 0.0
    while writer.is_alive():
        started = time.monotonic()
        assert client.get("/api/stats").status_code == 200
        slowest = max(slowest, time.monotonic() - started)
        time.sleep(0.05)
    writer.join()
    assert answers["post"].status_code == 422
    assert answers["post"].json()["message"].startswith("[E203]")
    assert slowest < 2.0  # reads never waited on the runaway parse (typically ~10 ms)
    ok = client.post("/api/documents", json={"text": article(7), "title": "Talks"},
                     headers={"Authorization": f"Bearer {token}"})
    assert ok.status_code == 201 and ok.json()["status"] == "stored"
    app.state.extraction_pool.close()
    store.close()
