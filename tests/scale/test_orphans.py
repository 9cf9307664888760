"""No orphans: kill -9 of a local-engine batch leaves no worker (nor resource tracker) behind."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from dateline.scale.orphans import die_with_parent

psutil = pytest.importorskip("psutil")
ROOT = Path(__file__).resolve().parents[2]


def test_die_with_parent_arms_a_mechanism() -> None:
    # in a child of this test: pdeathsig on Linux, a heartbeat elsewhere
    code = "from dateline.scale.orphans import die_with_parent; print(die_with_parent(prctl=True))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                         env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)})
    expected = "pdeathsig" if sys.platform.startswith("linux") else "heartbeat"
    assert out.stdout.strip() == expected, out.stderr
    assert callable(die_with_parent)


def _wait(condition: Callable[[], bool], seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return condition()


def _alive(process: psutil.Process) -> bool:
    try:
        return process.is_running() and process.status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


@pytest.mark.model
@pytest.mark.slow
def test_kill_9_of_a_local_batch_leaves_no_process(
    make_corpus: Callable[..., Path], tmp_path: Path,
) -> None:
    corpus = make_corpus(400)
    driver = subprocess.Popen(
        [sys.executable, "-m", "dateline.interfaces.cli", "batch", str(corpus), "--engine", "local",
         "--workers", "2", "--db", str(tmp_path / "b.db"), "--stages", "segment"],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
    )
    parent = psutil.Process(driver.pid)
    # two pool workers plus multiprocessing's resource tracker
    assert _wait(lambda: len(parent.children(recursive=True)) >= 3 or driver.poll() is not None, 120)
    children = parent.children(recursive=True)
    assert driver.poll() is None and len(children) >= 3, "the batch ended before the kill"
    driver.send_signal(signal.SIGKILL)
    driver.wait(30)
    assert _wait(lambda: not any(_alive(c) for c in children), 20), [
        (c.pid, c.name()) for c in children if _alive(c)]


# a process that starts its extraction worker from a thread that then ends (as a server's
# warm-up or request thread does), prints the worker's pid, and waits to be killed
HOLDER = """
import sys, threading, time
from dateline.config import Config
from dateline.scale.isolated import ExtractionPool
pool = ExtractionPool(Config(stages=("segment",)), size=1, deadline=30)
starter = threading.Thread(target=pool.warm_up)
starter.start()
starter.join()
time.sleep(1.5)  # the worker outlives the thread that started it
print(pool.pids()[0], flush=True)
time.sleep(600)
"""


@pytest.mark.model
def test_kill_9_of_a_server_leaves_no_extraction_worker() -> None:
    holder = subprocess.Popen([sys.executable, "-c", HOLDER], stdout=subprocess.PIPE, text=True,
                              env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)})
    try:
        assert holder.stdout is not None
        line = holder.stdout.readline()
        assert line.strip().isdigit(), "the holder did not start its worker"
        worker = psutil.Process(int(line))
        assert _alive(worker)  # still there after its starting thread ended
        holder.send_signal(signal.SIGKILL)
        holder.wait(30)
        assert _wait(lambda: not _alive(worker), 10)
    finally:
        if holder.poll() is None:
            holder.kill()
