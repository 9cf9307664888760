"""Pinned metric floors: evaluations must not fall below them (CI enforces).

Each evaluation ``NAME`` has ``eval/floors/NAME.json`` (and the seed evaluation
one file per area, ``seed.AREA.json``) mapping a metric name to its floor.
Floors are only ever raised.
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any


def load_floors(name: str) -> dict[str, float]:
    """Merge ``NAME.json`` and ``NAME.*.json`` from the floors folder."""
    folder = resources.files("dateline.eval") / "floors"
    floors: dict[str, float] = {}
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        stem = entry.name.removesuffix(".json")
        if entry.name.endswith(".json") and (stem == name or stem.startswith(name + ".")):
            floors.update(json.loads(entry.read_text(encoding="utf-8")))
    return floors


def flatten(metrics: dict[str, Any], prefix: str = "") -> dict[str, float]:
    """``{"a": {"b": 0.5}}`` -> ``{"a.b": 0.5}``; non-numeric leaves are dropped."""
    flat: dict[str, float] = {}
    for key, value in metrics.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(flatten(value, name + "."))
        elif isinstance(value, int | float):  # bool included
            flat[name] = float(value)
    return flat


def below_floors(metrics: dict[str, Any], floors: dict[str, float]) -> list[str]:
    """Human-readable failures: metrics below their floor, or missing."""
    flat = flatten(metrics)
    failures = []
    for name, floor in sorted(floors.items()):
        if name not in flat:
            failures.append(f"{name}: missing (floor {floor})")
        elif flat[name] + 1e-9 < floor:
            failures.append(f"{name}: {flat[name]:.4f} < floor {floor}")
    return failures


def report_floors(failures: list[str], *, check: bool, quiet: bool = False) -> None:
    """What every ``dateline eval`` command does with its floor failures: print them
    (unless the scores went out as JSON, which lists them) and, with ``--check``,
    exit 1 when there are any."""
    import sys

    if not quiet:
        for failure in failures:
            print(f"BELOW FLOOR {failure}", file=sys.stderr)
    if check and failures:
        sys.exit(1)
