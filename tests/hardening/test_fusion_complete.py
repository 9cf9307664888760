"""Fusion completeness: a document stored but not fused (kill -9 between save and fusion)
is reported by verify() and stats, and fused exactly once by the next ingest or web write."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from dateline.config import Config
from dateline.store import open_store
from tests.processes import dies_after_save
from tests.store.factory import PARAGRAPH

ROOT = Path(__file__).resolve().parents[2]
N_FILES = 5
KILL_AT = 3  # the third document is saved, then the process dies before fusing it

# ingest in a child process whose fusion kills the process on the KILL_AT-th document
CHILD = dies_after_save(KILL_AT) + textwrap.dedent("""
    from dateline.api import ingest
    from dateline.config import Config
    from dateline.store import open_store

    ingest([sys.argv[1]], Config(), open_store(sys.argv[2]))
""")


def _articles(folder: Path) -> Path:
    folder.mkdir()
    for n in range(N_FILES):
        body = "\n".join(PARAGRAPH.format(n=n + k) for k in range(2))
        (folder / f"a{n}.txt").write_text(f"Velka talks, report {n}\n\n{body}", encoding="utf-8")
    return folder


def _fusion_rows(db: Path) -> tuple[int, int, int]:
    with open_store(db) as store:
        docs = store.select("SELECT count(*) FROM documents")[0][0]
        fused = store.select("SELECT count(*) FROM fusion_documents")[0][0]
        members = store.select("""SELECT count(*) FROM (SELECT document_id, event_id, count(*) AS n
            FROM fusion_members GROUP BY document_id, event_id HAVING count(*) > 1) t""")[0][0]
    return int(docs), int(fused), int(members)


@pytest.mark.model
def test_kill_between_save_and_fusion_then_rerun(tmp_path: Path) -> None:
    from dateline.api import ingest

    inputs, db = _articles(tmp_path / "in"), tmp_path / "s.db"
    child = subprocess.run([sys.executable, "-c", CHILD, str(inputs), str(db)], cwd=ROOT,
                           env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
                           capture_output=True, text=True, timeout=600)
    assert child.returncode == -signal.SIGKILL, child.stderr
    assert _fusion_rows(db)[:2] == (KILL_AT, KILL_AT - 1)
    with open_store(db) as store:
        (unfused,) = store.unfused()
        assert store.stats()["unfused"] == 1
        assert store.verify() == [f"document {unfused}: stored but not fused (dateline ingest fuses it)"]
        # the rerun: the first documents are "already stored", the killed one is fused now
        report = ingest([inputs], Config(), store)
        assert (report.stored, report.skipped, report.failures) == (N_FILES - KILL_AT, KILL_AT, [])
        assert (unfused, "stored earlier but not fused: fused now") in report.warnings
        assert store.unfused() == [] and store.stats()["unfused"] == 0
        assert store.verify() == []
        again = ingest([inputs], Config(), store)
        assert (again.stored, again.skipped, again.warnings) == (0, N_FILES, [])
    docs, fused, doubled = _fusion_rows(db)
    assert docs == fused == N_FILES and doubled == 0  # every document fused exactly once


@pytest.mark.model
def test_web_write_fuses_a_stored_unfused_document() -> None:
    pytest.importorskip("fastapi")
    from fastapi.testclient import TestClient

    from dateline.api import extract_document
    from dateline.ingest import document_from_text
    from dateline.interfaces.web import create_app

    token = "fusion-token-0123456789"
    text = "Velka talks\n\n" + PARAGRAPH.format(n=4)
    store = open_store(":memory:")
    store.save(extract_document(document_from_text(text, source="<api>")))
    assert len(store.unfused()) == 1
    client = TestClient(create_app(Config(api_token=token), store))
    response = client.post("/api/documents", json={"text": text},
                           headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 201, response.text
    assert response.json()["status"] == "unchanged" and response.json()["fused"] is True
    assert store.unfused() == []
    again = client.post("/api/documents", json={"text": text},
                        headers={"Authorization": f"Bearer {token}"}).json()
    assert again["fused"] is False  # already fused: not fused twice
    store.close()
