"""Rendering rows for the terminal: table, JSON (one array), JSON Lines, CSV."""

from __future__ import annotations

import csv
import json
import shutil
from collections.abc import Iterable, Sequence
from typing import Any, TextIO

from dateline.countries import iso3_countries
from dateline.export.table import spreadsheet_safe

FORMATS = ("table", "json", "jsonl", "csv")


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return ", ".join(_cell(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, float):
        return f"{value:.2f}"
    return " ".join(str(value).split())


def render(
    rows: Iterable[dict[str, Any]],
    columns: Sequence[str],
    fmt: str,
    stream: TextIO,
    *,
    width: int | None = None,
) -> int:
    """Write ``rows`` as ``fmt``; returns the number of rows written (country codes as ISO alpha-3)."""
    rows = [iso3_countries(row) for row in rows]
    if fmt == "json":  # one JSON array, a row per line
        items = [json.dumps(row, ensure_ascii=False, default=str) for row in rows]
        stream.write("[\n" + ",\n".join(items) + "\n]\n" if items else "[]\n")
    elif fmt == "jsonl":
        for row in rows:
            stream.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")
    elif fmt == "csv":
        writer = csv.DictWriter(stream, fieldnames=list(columns), extrasaction="ignore")
        writer.writeheader()
        for row in rows:
            # Only text is guarded; a negative number is a number, not a formula.
            writer.writerow({
                c: spreadsheet_safe(_cell(v)) if isinstance(v := row.get(c), str) else _cell(v)
                for c in columns
            })
    else:
        _table(rows, columns, stream, width or shutil.get_terminal_size((160, 24)).columns)
    return len(rows)


def _table(rows: list[dict[str, Any]], columns: Sequence[str], stream: TextIO, width: int) -> None:
    cells = [[_cell(row.get(c)) for c in columns] for row in rows]
    widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(columns)]
    # Shrink the widest columns until the table fits the terminal.
    budget = max(width - 2 * (len(columns) - 1), 10 * len(columns))
    while sum(widths) > budget and max(widths) > 12:
        widest = widths.index(max(widths))
        widths[widest] -= 1
    line = "  ".join(c.upper().ljust(w)[:w] for c, w in zip(columns, widths, strict=True))
    stream.write(line.rstrip() + "\n")
    for row in cells:
        parts = []
        for value, w in zip(row, widths, strict=True):
            parts.append(value.ljust(w) if len(value) <= w else value[: w - 1] + "…")
        stream.write("  ".join(parts).rstrip() + "\n")
