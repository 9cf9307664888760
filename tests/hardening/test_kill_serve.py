"""kill -9 of ``dateline serve`` in the middle of a web write (the document saved, its
fusion not yet done): its extraction worker does not outlive it, and posting the same
documents to a restarted server leaves every one stored and fused exactly once.

The server is the real command in a child process; a prelude makes its fusion kill the
server on the third document. Articles are written for this test; the pipeline runs
the segment stage only.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import signal
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from dateline.store import open_store
from tests.hardening.test_kill_rerun import _assert_stored_and_fused_once, _text

psutil = pytest.importorskip("psutil")
pytest.importorskip("fastapi")
from tests.processes import dies_after_save  # noqa: E402
from tests.scale.test_orphans import _alive, _wait  # noqa: E402 - psutil checked first

pytestmark = [pytest.mark.model, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "kill-serve-token-0123456789"
N, KILL_AT = 5, 3
# `dateline serve` whose fusion SIGKILLs the server once the KILL_AT-th document is saved
DYING = dies_after_save(KILL_AT) + """
from dateline.interfaces.cli import main

sys.argv[0] = "dateline"
main()
"""


def _port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _serve(head: list[str], settings: Path, db: Path, port: int) -> subprocess.Popen[bytes]:
    env = {**os.environ, "DATELINE_TOKEN": TOKEN,
           "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT)])}
    server = subprocess.Popen([*head, "--config", str(settings), "serve", "--db", str(db),
                               "--port", str(port)], cwd=ROOT, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def up() -> bool:
        with contextlib.suppress(OSError):
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", "/api/stats")
            return connection.getresponse().status == 200
        return server.poll() is not None

    assert _wait(up, 300) and server.poll() is None, "the server did not start"
    return server


def _post(port: int, i: int) -> dict[str, Any]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    connection.request("POST", "/api/documents", body=json.dumps({"title": f"Talks {i}", "text": _text(i)}),
                       headers={"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"})
    response = connection.getresponse()
    answer: dict[str, Any] = json.loads(response.read())
    assert response.status == 201, answer
    return answer


def test_kill_9_of_serve_between_save_and_fusion_then_post_again(tmp_path: Path) -> None:
    settings = tmp_path / "dateline.toml"
    settings.write_text('stages = ["segment"]\n', encoding="utf-8")
    db, port = tmp_path / "web.db", _port()
    server = _serve([sys.executable, "-c", DYING], settings, db, port)
    children: dict[int, Any] = {}
    try:
        for i in range(1, KILL_AT):
            assert _post(port, i)["fused"] is True
            children.update({c.pid: c for c in psutil.Process(server.pid).children(recursive=True)})
        assert children, "no extraction worker"
        with pytest.raises((http.client.HTTPException, OSError)):
            _post(port, KILL_AT)  # the server dies in this write
        assert server.wait(60) == -signal.SIGKILL
    finally:
        if server.poll() is None:
            server.kill()
    # its extraction worker followed it; the document it was writing is stored, not fused
    assert _wait(lambda: not any(_alive(c) for c in children.values()), 30)
    with open_store(db) as store:
        assert store.stats()["documents"] == KILL_AT and len(store.unfused()) == 1

    server = _serve([sys.executable, "-m", "dateline.interfaces.cli"], settings, db, _port())
    port = int(server.args[server.args.index("--port") + 1])
    try:
        answers = [_post(port, i) for i in range(1, N + 1)]
        assert [(a["status"], a["fused"]) for a in answers] == [
            ("unchanged", False), ("unchanged", False),  # stored and fused before the kill
            ("unchanged", True),  # stored before the kill, fused now
            ("stored", True), ("stored", True)]
        children = {c.pid: c for c in psutil.Process(server.pid).children(recursive=True)}
    finally:
        server.terminate()
        server.wait(60)
    assert _wait(lambda: not any(_alive(c) for c in children.values()), 30)
    _assert_stored_and_fused_once(db, N)
