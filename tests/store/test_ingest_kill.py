"""`dateline ingest` killed with SIGKILL mid-batch, then resumed (the issue's "Done when")."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from dateline.store import open_store
from tests.store.factory import PARAGRAPH

ROOT = Path(__file__).resolve().parents[2]
N_FILES = 60


def _count(db: Path) -> int:
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
        try:
            return int(conn.execute("SELECT count(*) FROM documents").fetchone()[0])
        finally:
            conn.close()
    except sqlite3.Error:
        return 0  # not created or not migrated yet


def _ingest(inputs: Path, db: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "dateline.interfaces.cli", "ingest", str(inputs), "--db", str(db), "-q"],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        # this checkout's src first: a shared install may point at another checkout
        env={**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT)])},
    )


@pytest.mark.model
@pytest.mark.slow
def test_ingest_killed_mid_batch_then_resumed(tmp_path: Path) -> None:
    inputs = tmp_path / "articles"
    inputs.mkdir()
    for n in range(N_FILES):
        body = "\n".join(PARAGRAPH.format(n=n + k) for k in range(3))
        (inputs / f"a{n:03d}.txt").write_text(
            f"Border talks resume after Velka clashes, report {n}\n\n{body}", encoding="utf-8"
        )
    db = tmp_path / "ingest.db"
    proc = _ingest(inputs, db)
    deadline = time.monotonic() + 240
    while _count(db) < 5 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.3)
    proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=60)
    killed_at = _count(db)
    assert 5 <= killed_at < N_FILES, "the ingest was not interrupted mid-batch"
    with open_store(db) as store:
        # killed between a save and its fusion, a document may be left unfused (the
        # resumed ingest fuses it); nothing else may be wrong
        assert [p for p in store.verify() if not p.endswith("stored but not fused (dateline ingest fuses it)")] == []
        for ex in store.iter_extractions():
            assert ex.document.sentences and ex.document.title.startswith("Border talks resume")
    # Resuming stores exactly the rest; a third run stores nothing.
    resumed = _ingest(inputs, db)
    _, err = resumed.communicate(timeout=600)
    assert resumed.returncode == 0, err
    assert f"{N_FILES - killed_at} stored, {killed_at} already stored, 0 failed" in err
    again = _ingest(inputs, db)
    _, err = again.communicate(timeout=600)
    assert f"0 stored, {N_FILES} already stored, 0 failed" in err
    with open_store(db) as store:
        assert store.stats()["documents"] == N_FILES
        assert store.stats()["unfused"] == 0
        assert store.verify() == []
