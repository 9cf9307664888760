from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from dateline.fusion import engine
from dateline.interfaces.cli import main
from dateline.store import open_store

from .conftest import KHARKIV, report
from .test_engine import LOCAL, WIRE


def _store(path: Path) -> None:
    with open_store(path) as store:
        for r in (
            report("wire", WIRE, "2022-05-03", [{"date": "2022-05-03", "location": KHARKIV}], title="Strike"),
            report("local", LOCAL, "2022-05-03", [{"date": "2022-05-03", "location": KHARKIV}]),
        ):
            store.save(r)
            engine.fuse_document(store, r)


def test_stories_command_lists_stories(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    _store(db)
    runner = CliRunner()
    result = runner.invoke(main, ["stories", "--db", str(db), "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.output.splitlines()]
    assert rows[0]["n_documents"] == 2 and {d["id"] for d in rows[0]["documents"]} == {"wire", "local"}
    result = runner.invoke(main, ["stories", "--db", str(db), "--documents", "--rebuild"])
    assert result.exit_code == 0, result.output
    assert "2 documents, 2 sources" in result.output and "Strike" in result.output
