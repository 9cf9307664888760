"""Bad ``--db`` paths are coded errors (E304) from every command, and create nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from dateline.interfaces.cli import main

COMMANDS = [["stats"], ["events"], ["timeline"], ["search", "x"], ["stories"],
            ["export", "--format", "jsonl", "--out", "OUT"], ["ingest", "IN"], ["batch", "IN"],
            ["watch", "IN", "--once"], ["serve"]]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0])
def test_bad_db_paths(command: list[str], tmp_path: Path) -> None:
    a_file = tmp_path / "file.txt"
    a_file.write_text("Kyiv said talks would resume on Monday.\n", encoding="utf-8")
    args = [str(a_file) if arg == "IN" else str(tmp_path / "out.jsonl") if arg == "OUT" else arg
            for arg in command]
    for db in (a_file / "x.db", tmp_path / "typo" / "x.db", tmp_path):
        result = CliRunner().invoke(main, [*args, "--db", str(db)])
        assert result.exit_code == 1, result.output
        assert "[E304]" in result.output and "Traceback" not in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file.txt"]  # nothing created
