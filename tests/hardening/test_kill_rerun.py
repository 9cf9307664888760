"""kill -9 of ``batch`` (both engines) and of ``watch`` mid-run: no process is left behind,
and running the same command again stores and fuses every document exactly once.

(``ingest`` and the web write have their kill tests in ``tests/store/test_ingest_kill.py``,
``tests/hardening/test_fusion_complete.py`` and ``tests/hardening/test_kill_serve.py``.)
Articles are written for these tests; the pipeline runs the segment stage only: what is
tested is what gets stored and fused.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from dateline.store import open_store

psutil = pytest.importorskip("psutil")
from tests.scale.test_orphans import _alive, _wait  # noqa: E402 - psutil checked first
from tests.store.test_ingest_kill import _count  # noqa: E402

pytestmark = [pytest.mark.model, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]
PLACES = ["Kyiv", "Warsaw", "Vilnius", "Riga", "Tallinn", "Helsinki", "Berlin", "Paris"]


def _text(i: int) -> str:
    return (f"Officials in {PLACES[i % len(PLACES)]} said on Monday that talks with delegation "
            f"number {i} would resume next week.\n\nThe foreign minister called the meeting "
            f"useful. Item {i}.")


def _cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "dateline.interfaces.cli", *args]


def _env() -> dict[str, str]:
    # this checkout's src first: a shared install may point at another checkout
    return {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT)])}


def _kill_when_storing(command: list[str], db: Path, at_least: int, *,
                       child: str | None = None) -> int:
    """Start ``command``, SIGKILL it once ``at_least`` documents are stored; every process
    it started (``child``: one whose command line has this) must be gone soon after.
    The number of documents stored at the kill."""
    proc = subprocess.Popen(command, cwd=ROOT, env=_env(), stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    parent = psutil.Process(proc.pid)
    children: dict[int, psutil.Process] = {}
    lines: list[str] = []
    try:
        def storing() -> bool:
            with contextlib.suppress(psutil.NoSuchProcess):
                for c in parent.children(recursive=True):
                    if c.pid not in children:
                        children[c.pid] = c
                        with contextlib.suppress(psutil.Error):
                            lines.append(" ".join(c.cmdline()))
            return _count(db) >= at_least or proc.poll() is not None

        assert _wait(storing, 600), "nothing was stored in time"
        assert proc.poll() is None, "the run ended before the kill"
        proc.send_signal(signal.SIGKILL)
        proc.wait(30)
    finally:
        if proc.poll() is None:
            proc.kill()
    left = list(children.values())
    assert child is None or any(child in line for line in lines), lines
    assert _wait(lambda: not any(_alive(c) for c in left), 60), [
        (c.pid, c.cmdline()[:3]) for c in left if _alive(c)]
    return _count(db)


def _assert_stored_and_fused_once(db: Path, n: int) -> None:
    with open_store(db) as store:
        docs = store.select("SELECT count(*), count(DISTINCT text) FROM documents")[0]
        fused = store.select("SELECT count(*) FROM fusion_documents")[0][0]
        doubled = store.select("""SELECT count(*) FROM (SELECT document_id, event_id FROM
            fusion_members GROUP BY document_id, event_id HAVING count(*) > 1) t""")[0][0]
        assert (docs[0], docs[1], fused, doubled) == (n, n, n, 0)
        assert store.unfused() == [] and store.verify() == []


@pytest.mark.parametrize("engine", ["local", "dask"])
def test_kill_9_of_a_batch_then_rerun(engine: str, tmp_path: Path) -> None:
    if engine == "dask":
        pytest.importorskip("distributed")
    n = 120
    corpus = tmp_path / "corpus.jsonl"
    with corpus.open("w", encoding="utf-8") as stream:
        for i in range(n):
            stream.write(json.dumps({"id": f"t{i}", "title": f"Talks {i}",
                                     "published": "2023-03-06", "text": _text(i)}) + "\n")
    db = tmp_path / "batch.db"
    command = _cli("batch", str(corpus), "--engine", engine, "--workers", "2", "--db", str(db),
                   "--stages", "segment", "--partition-size", "4", "-q", "--json")
    killed_at = _kill_when_storing(command, db, 1)
    assert killed_at < n
    rerun = subprocess.run(command, cwd=ROOT, env=_env(), capture_output=True, text=True,
                           timeout=900)
    assert rerun.returncode == 0, rerun.stderr[-2000:]
    report = json.loads(rerun.stdout[rerun.stdout.index("{"):])
    assert report["processed"] + report["skipped"] == n and report["failed"] == 0
    assert report["not_fused"] == 0
    _assert_stored_and_fused_once(db, n)


def test_kill_9_of_watch_then_rerun(tmp_path: Path) -> None:
    n = 80
    folder = tmp_path / "inbox"
    folder.mkdir()
    for i in range(n):
        (folder / f"a{i:03d}.txt").write_text(f"Talks {i}\n\n{_text(i)}\n", encoding="utf-8")
    settings = tmp_path / "dateline.toml"
    settings.write_text('stages = ["segment"]\n', encoding="utf-8")
    db = tmp_path / "watch.db"
    command = _cli("--config", str(settings), "watch", str(folder), "--db", str(db))
    # its extraction worker (a spawned process) was running at the kill
    killed_at = _kill_when_storing([*command, "--every", "1h"], db, 3, child="spawn_main")
    assert killed_at < n, "the watcher stored everything before the kill"
    rerun = subprocess.run([*command, "--once"], cwd=ROOT, env=_env(), capture_output=True,
                           text=True, timeout=600)
    assert rerun.returncode == 0, rerun.stderr[-2000:]
    _assert_stored_and_fused_once(db, n)
    again = subprocess.run([*command, "--once"], cwd=ROOT, env=_env(), capture_output=True,
                           text=True, timeout=600)
    assert again.returncode == 0 and "0 document(s) stored" in again.stderr, again.stderr[-2000:]
    _assert_stored_and_fused_once(db, n)
