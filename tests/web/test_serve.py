"""``dateline serve``: options reach the app; uvicorn itself is replaced by a recorder."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from dateline.interfaces.cli import main
from dateline.store import open_store
from tests.web.corpus import corpus


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    seen: dict[str, Any] = {}

    def run(app: Any, host: str, port: int, log_level: str) -> None:
        seen.update(app=app, host=host, port=port)
        # the command closes the store when uvicorn returns: query it before that
        seen["stats"] = TestClient(app).get("/api/stats").json()
        seen["post"] = TestClient(app).post("/api/documents", json={"text": "x"})

    monkeypatch.setattr("uvicorn.run", run)
    return seen


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "served.db"
    with open_store(path) as store:
        for extraction in corpus():
            store.save(extraction)
    return path


def test_serve_passes_db_host_port(served: dict[str, Any], db: Path,
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DATELINE_TOKEN", raising=False)
    result = CliRunner().invoke(main, ["serve", "--db", str(db), "--host", "127.0.0.1",
                                       "--port", "8123"])
    assert result.exit_code == 0, result.output
    assert (served["host"], served["port"]) == ("127.0.0.1", 8123)
    assert served["stats"]["documents"] == 3
    assert served["post"].status_code == 403  # no token configured: writes refused
    assert "writes disabled (no DATELINE_TOKEN)" in result.output


def test_serve_read_only(served: dict[str, Any], db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATELINE_TOKEN", "secret")
    result = CliRunner().invoke(main, ["serve", "--db", str(db), "--read-only"])
    assert result.exit_code == 0, result.output
    assert served["post"].status_code == 403
    assert "read-only" in served["post"].json()["message"]


def test_serve_refuses_bad_combinations(served: dict[str, Any], tmp_path: Path) -> None:
    missing = tmp_path / "missing.db"
    result = CliRunner().invoke(main, ["serve", "--db", str(missing), "--read-only"])
    assert result.exit_code == 1 and "error:" in result.output
    result = CliRunner().invoke(main, ["serve", "--db", str(missing), "--read-only",
                                       "--ingest", str(tmp_path)])
    assert result.exit_code == 2
    assert "app" not in served
