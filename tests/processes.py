"""Process helpers shared by the kill -9 and worker-pool tests."""

from __future__ import annotations

import os


def pid_alive(pid: int) -> bool:
    """True while ``pid`` runs (a zombie waiting for its parent counts as gone)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
        return stat.read().split()[2] != "Z"


def dies_after_save(kill_at: int) -> str:
    """Python lines for a child process whose fusion SIGKILLs the process once the
    ``kill_at``-th document is saved (saved, not fused); the caller appends what the
    child runs (an ingest, ``dateline serve``)."""
    return f"""
import os, signal, sys
from dateline.fusion import engine

real, calls = engine.fuse_or_error, []

def dying(store, extraction):
    calls.append(extraction.document.id)
    if len(calls) == {kill_at}:
        os.kill(os.getpid(), signal.SIGKILL)  # saved, not fused
    return real(store, extraction)

engine.fuse_or_error = dying
"""
