"""The one reader of package data (src/dateline/data)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import dateline
from dateline.errors import ConfigError
from dateline.packagedata import data_file, read_json, read_text

SRC = Path(dateline.__file__).resolve().parent


def test_reads_text_and_json_from_the_data_folder() -> None:
    assert data_file("events", "plover.json").is_file()
    assert not data_file("events", "no-such-file.json").is_file()
    assert read_text("ingest", "months.json").lstrip().startswith("{")
    assert "types" in read_json("events", "plover.json")


def test_a_missing_file_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="events/no-such-file.json"):
        read_json("events", "no-such-file.json")
    with pytest.raises(OSError):
        read_text("events", "no-such-file.json")


# Statements without a body: the smallest ones that hold a whole expression.
_SIMPLE = (ast.Assign, ast.AnnAssign, ast.AugAssign, ast.Expr, ast.Return)


def _reaches_data(node: ast.AST) -> bool:
    """``resources.files("dateline")`` / ``files("dateline.data")``, or
    ``Path(__file__)`` with a ``"data"`` part."""
    names = {n.id for n in ast.walk(node) if isinstance(n, ast.Name)}
    constants = {n.value for n in ast.walk(node) if isinstance(n, ast.Constant)}
    calls = [
        n for n in ast.walk(node)
        if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute | ast.Name)
        and getattr(n.func, "attr", getattr(n.func, "id", "")) == "files"
    ]
    by_files = any(a.value in ("dateline", "dateline.data") for c in calls for a in c.args if isinstance(a, ast.Constant))
    return by_files or ("__file__" in names and "data" in constants)


def test_no_other_module_reaches_into_the_data_folder() -> None:
    """Reading ``src/dateline/data`` goes through packagedata (one style, one error)."""
    offenders = []
    for path in SRC.rglob("*.py"):
        if path.name == "packagedata.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, _SIMPLE) and _reaches_data(node):
                offenders.append(f"{path.relative_to(SRC)}:{node.lineno}")
    assert offenders == []
