"""``GET /api/stats`` names the store's file, never a server path, host or password."""

from __future__ import annotations

from pathlib import Path

import pytest

from dateline.interfaces.web.routes import public_db_name


@pytest.mark.parametrize(("url", "name"), [
    ("/srv/secret/place/dateline.db", "dateline.db"),
    ("relative/store.db", "store.db"),
    ("file:/srv/x/y.db?mode=ro", "y.db"),
    ("postgresql://dateline:hunter2@db.internal:5432/news?sslmode=require", "news"),
    (":memory:", ":memory:"),
])
def test_public_db_name(url: str, name: str) -> None:
    assert public_db_name(url) == name


def test_stats_endpoint_leaks_no_path(tmp_path: Path) -> None:
    pytest.importorskip("fastapi")
    from dateline.store import open_store
    from tests.web.conftest import make_client

    folder = tmp_path / "private-folder"
    folder.mkdir()
    with open_store(str(folder / "mine.db")) as store:
        response = make_client(store).get("/api/stats")
        assert response.status_code == 200
        assert response.json()["db"] == "mine.db"
        assert "private-folder" not in response.text and str(tmp_path) not in response.text
        assert store.stats()["db"].endswith("mine.db")  # the CLI (local) still shows the path
