"""Fusion data files (src/dateline/data/fusion), loaded once per process."""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

from dateline.packagedata import read_text


def _read(name: str) -> str:
    return read_text("fusion", name)


@lru_cache(maxsize=1)
def rules() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(_read("rules.json"))
    return data


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    return frozenset(
        line.strip() for line in _read("stopwords.txt").splitlines()
        if line.strip() and not line.startswith("#")
    )


@lru_cache(maxsize=1)
def event_families() -> dict[str, str]:
    """Lemma -> family name (the first family listing a word wins)."""
    data = json.loads(_read("event_families.json"))["families"]
    out: dict[str, str] = {}
    for family, members in data.items():
        for word in members:
            out.setdefault(word.lower(), family)
    return out


@lru_cache(maxsize=1)
def never_link() -> frozenset[str]:
    return frozenset(json.loads(_read("event_families.json"))["never_link"]["lemmas"])
