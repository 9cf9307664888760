"""Crash safety and concurrent writers, with real processes.

A writer process is killed with SIGKILL at random moments while it saves a
batch; afterwards every document must be either fully stored (identical to what
was saved) or absent, and the database must pass SQLite's and our own checks.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from dateline.store import open_store
from tests.store.factory import make_extraction

ROOT = Path(__file__).resolve().parents[2]
REPEAT = 12  # ~50 sentences, 36 events, 24 quotes per document: saves take milliseconds


def writer(db: Path, first: int, count: int) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.store.writer", str(db), str(first), str(count), str(REPEAT)],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        # this checkout's src first: a shared install may point at another checkout
        env={**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT)])},
    )


def assert_consistent(db: Path) -> int:
    """Every stored document equals what the writer saved; returns how many there are."""
    with open_store(db) as store:
        assert store.verify() == []
        n_docs = 0
        for ex in store.iter_extractions():
            n = int(ex.document.source.split(":")[1])
            expected = make_extraction(n, repeat=REPEAT, pipeline_version=ex.pipeline_version)
            assert ex.to_dict(include_sentences=True) == expected.to_dict(include_sentences=True)
            n_docs += 1
        assert store.stats()["tables"]["events"] == n_docs * 3 * REPEAT
        return n_docs


@pytest.mark.slow
def test_sigkill_mid_batch_leaves_every_document_whole_or_absent(tmp_path: Path) -> None:
    db = tmp_path / "crash.db"
    rng = random.Random(20240305)
    saved_before_kill = []
    for round_ in range(5):
        proc = writer(db, first=round_ * 1000, count=1000)
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "ready"
        time.sleep(rng.uniform(0.1, 0.6))
        proc.send_signal(signal.SIGKILL)
        out, _ = proc.communicate(timeout=30)
        assert proc.returncode == -signal.SIGKILL
        saved_before_kill.append(len(out.splitlines()))
        # Consistent after every kill, not just at the end.
        assert_consistent(db)
    # Every round was killed before finishing its batch, and most after saving some.
    assert all(n < 1200 for n in saved_before_kill), saved_before_kill
    assert sum(n > 0 for n in saved_before_kill) >= 3, saved_before_kill
    with open_store(db) as store:
        before = store.stats()["documents"]
        assert store.save(make_extraction(99_999, repeat=REPEAT)) == "stored"
        assert store.stats()["documents"] == before + 1
        check = store._conn.execute("PRAGMA integrity_check").fetchone()[0]
        assert check == "ok"
    assert assert_consistent(db) == before + 1


@pytest.mark.slow
def test_two_processes_writing_at_once(tmp_path: Path) -> None:
    db = tmp_path / "shared.db"
    # Overlapping ranges: both processes also race to store the same documents.
    a, b = writer(db, first=0, count=40), writer(db, first=20, count=40)
    out_a, err_a = a.communicate(timeout=300)
    out_b, err_b = b.communicate(timeout=300)
    assert a.returncode == 0, err_a
    assert b.returncode == 0, err_b
    statuses = [line.split()[-1] for line in (out_a + out_b).splitlines() if line != "ready"]
    assert set(statuses) <= {"stored", "replaced", "unchanged"}
    assert statuses.count("stored") == 60  # each document stored exactly once
    assert assert_consistent(db) == 60


def test_processes_opening_a_new_database_at_once(tmp_path: Path) -> None:
    """The WAL switch and the migrations race safely: each migration runs once."""
    db = tmp_path / "fresh.db"
    code = "import sys; from dateline.store import open_store; open_store(sys.argv[1]).close()"
    procs = [
        subprocess.Popen([sys.executable, "-c", code, str(db)], cwd=ROOT,
                         stderr=subprocess.PIPE, text=True)
        for _ in range(4)
    ]
    for proc in procs:
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
    with open_store(db) as store:
        applied = store._conn.execute("SELECT name FROM _migrations").fetchall()
        assert len(applied) == len({name for (name,) in applied}) == len(store.applied_migrations())
        assert store._conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
