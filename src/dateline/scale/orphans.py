"""No orphans: a worker process exits when the process that started it dies.

A process killed with SIGKILL cannot stop its children, and a spawned worker that
waits for work would wait forever (~220 MB each, with a model loaded). Linux's
parent-death signal (``prctl(PR_SET_PDEATHSIG)``) has the kernel send the worker
SIGKILL when its parent goes -- but "parent" is the *thread* that started the worker,
so it is used only where that thread lives as long as the process (``prctl=True``: a
process pool fed from the main thread). Otherwise, and where prctl is unavailable, a
daemon thread polls the parent's pid once a second and exits the process when it
changes (a server starts workers from short-lived request threads).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import multiprocessing
import os
import signal
import sys
import threading

_PR_SET_PDEATHSIG = 1
_POLL_SECONDS = 1.0


def die_with_parent(parent_pid: int | None = None, *, prctl: bool = False) -> str:
    """Make this process exit when its parent dies; returns the mechanism used.

    ``parent_pid`` is the pid of the parent that started us (by default the one
    multiprocessing recorded at spawn, else the current parent): if it is gone already
    (it died while this process was still importing), exit now.
    """
    spawner = multiprocessing.parent_process()
    parent = parent_pid or (spawner.pid if spawner is not None and spawner.pid else os.getppid())
    mechanism = "heartbeat"
    if prctl and sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
            if libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0:
                mechanism = "pdeathsig"
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:  # the parent died before the signal was armed
        os._exit(1)
    if mechanism == "heartbeat":
        threading.Thread(target=_watch, args=(parent,), name="dateline-parent-watch",
                         daemon=True).start()
    return mechanism


def _watch(parent: int) -> None:
    stop = threading.Event()
    while not stop.wait(_POLL_SECONDS):
        if os.getppid() != parent:
            os._exit(1)
