from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from tests.store.pg import needs_postgres, schema_url

from dateline.fusion import engine
from dateline.interfaces.cli import main
from dateline.store import open_store

from .conftest import KHARKIV, report
from .test_engine import LOCAL, WIRE


def _store(path: Path | str) -> None:
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
    result = runner.invoke(main, ["stories", "--db", str(db), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.output.splitlines()]
    as_array = runner.invoke(main, ["stories", "--db", str(db), "--format", "json"])
    assert json.loads(as_array.output) == rows
    assert rows[0]["n_documents"] == 2 and {d["id"] for d in rows[0]["documents"]} == {"wire", "local"}
    result = runner.invoke(main, ["stories", "--db", str(db), "--documents", "--rebuild"])
    assert result.exit_code == 0, result.output
    assert "2 documents, 2 sources" in result.output and "Strike" in result.output


@needs_postgres
def test_stories_and_fused_events_commands_on_postgres(tmp_path: Path) -> None:
    """The same command lines answer the same on a PostgreSQL URL as on an SQLite file."""
    db = tmp_path / "s.db"
    _store(db)
    runner = CliRunner()
    commands = (["stories", "--format", "json"], ["stories", "--documents"],
                ["events", "--fused", "--format", "json"], ["events", "--fused", "--min-sources", "2"])
    with schema_url() as url:
        _store(url)
        for args in commands:
            lite = runner.invoke(main, [*args, "--db", str(db)])
            pg = runner.invoke(main, [*args, "--db", url])
            assert lite.exit_code == 0 and pg.exit_code == 0, (lite.output, pg.output)
            assert pg.output == lite.output, args
        rebuilt = runner.invoke(main, ["stories", "--db", url, "--rebuild", "--format", "json"])
        assert rebuilt.exit_code == 0, rebuilt.output
        assert "re-fused 2 documents" in rebuilt.output
