"""``dateline eval seed``: score the pipeline on the seed article's gold annotation.

Each capability adds a scorer with :func:`seed_scorer`; the scorers live next to
their evaluation code and are listed in ``SCORER_MODULES`` so that this module
imports them by name. A scorer gets the extraction, the article text and the gold
JSON and returns a flat dict of metrics (numbers in [0, 1] or counts).
"""

from __future__ import annotations

import importlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from dateline.errors import DataUnavailableError
from dateline.model import Extraction

SeedScorer = Callable[[Extraction, str, dict[str, Any]], dict[str, float]]

SCORER_MODULES: tuple[str, ...] = ("dateline.eval.seed_document", "dateline.eval.seed_quotes", "dateline.eval.seed_ingest", "dateline.eval.seed_actors", "dateline.eval.seed_time", "dateline.eval.seed_events")

_SCORERS: dict[str, SeedScorer] = {}


def seed_scorer(area: str) -> Callable[[SeedScorer], SeedScorer]:
    def decorate(fn: SeedScorer) -> SeedScorer:
        _SCORERS[area] = fn
        return fn

    return decorate


def find_nth(text: str, needle: str, nth: int = 1) -> int:
    """Offset of the ``nth`` (1-based) occurrence of ``needle`` in ``text``, or -1."""
    index = -1
    for _ in range(nth):
        index = text.find(needle, index + 1)
        if index < 0:
            return -1
    return index


def default_seed_dir() -> Path:
    return Path.cwd().parent / "shared" / "eval" / "seed"


def load_seed(seed_dir: Path) -> tuple[Path, dict[str, Any]]:
    article, gold = seed_dir / "article.txt", seed_dir / "gold.json"
    if not article.is_file() or not gold.is_file():
        raise DataUnavailableError(
            "seed article or gold annotation not found (expected article.txt and gold.json)",
            source=str(seed_dir),
        )
    return article, json.loads(gold.read_text(encoding="utf-8"))


def evaluate_seed(seed_dir: Path, config: Any = None) -> dict[str, dict[str, float]]:
    """Ingest and process the seed article; return ``{area: {metric: value}}``."""
    from dateline.api import extract_path
    from dateline.config import Config

    article, gold = load_seed(seed_dir)
    extraction = extract_path(article, config or Config.load())
    for module in SCORER_MODULES:
        importlib.import_module(module)
    text = extraction.document.text
    return {area: scorer(extraction, text, gold) for area, scorer in sorted(_SCORERS.items())}


def locate(gold_text: str, nth: int, file_text: str, body_text: str) -> tuple[int, int] | None:
    """Where the gold span (``nth`` occurrence of ``gold_text`` in the article *file*)
    lies in the document body, or ``None`` when it lies in text that is not body
    (title line, byline, trailing boilerplate).

    The gold annotation counts occurrences over the whole file, while offsets of
    an extraction point into the body; the occurrence is found again in the body
    by its surrounding context.
    """
    offset = find_nth(file_text, gold_text, nth)
    if offset < 0:
        return None
    for width in (60, 30, 12, 0):
        before = file_text[max(0, offset - width) : offset]
        after = file_text[offset + len(gold_text) : offset + len(gold_text) + width]
        # Context must not reach over a line break into lines the body may lack.
        before = before.rsplit("\n", 1)[-1]
        after = after.split("\n", 1)[0]
        probe = before + gold_text + after
        hits = [i for i in _all_offsets(body_text, probe)]
        if len(hits) == 1:
            start = hits[0] + len(before)
            return start, start + len(gold_text)
        # No hit: the context may reach into text removed from the line (a
        # "/ Publisher" credit suffix), so try a narrower one.
    return None


def _all_offsets(text: str, needle: str) -> list[int]:
    found, index = [], text.find(needle)
    while index >= 0:
        found.append(index)
        index = text.find(needle, index + 1)
    return found
