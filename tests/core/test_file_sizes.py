"""No source file over 700 lines: a file that grows past it is split by job."""

from __future__ import annotations

from pathlib import Path

import dateline

SRC = Path(dateline.__file__).resolve().parent
MAX_LINES = 700

def test_no_source_file_is_over_700_lines() -> None:
    long = {
        str(path.relative_to(SRC)): n
        for path in SRC.rglob("*.py")
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}
