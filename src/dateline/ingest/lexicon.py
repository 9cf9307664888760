"""The ingest word lists and patterns, loaded once from ``dateline/data/ingest``.

Boilerplate words, credit patterns, month names and header keys are data, not
code: adding a new page-furniture line means editing a text file.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from dateline.packagedata import read_text

# Longest line that can be a listed label, and longest a furniture pattern can match.
_MAX_LABEL_CHARS = 60
_MAX_FURNITURE_CHARS = 400
_PUNCT_EDGES = re.compile(r"^[\W_]+|[\W_]+$")
_SPACES = re.compile(r"\s+")


def _read(name: str) -> str:
    return read_text("ingest", name)


def _lines(name: str) -> list[str]:
    out = []
    for raw in _read(name).splitlines():
        line = raw.strip()
        if line and not line.startswith("#"):
            out.append(line)
    return out


def label_key(line: str) -> str:
    """A line reduced for comparison with the word lists: lower case, no edge punctuation."""
    return _SPACES.sub(" ", _PUNCT_EDGES.sub("", line.strip().lower()))


@dataclass(frozen=True)
class Lexicon:
    months: dict[str, int]
    header_fields: dict[str, str]  # header key (lower case) -> Document field
    boilerplate_lines: frozenset[str]
    edge_labels: frozenset[str]
    boilerplate_patterns: tuple[re.Pattern[str], ...]
    credit_patterns: tuple[re.Pattern[str], ...]
    publisher_words: tuple[str, ...]
    wire_agencies: tuple[str, ...]
    byline_stopwords: frozenset[str]

    def is_boilerplate(self, line: str) -> bool:
        """Page furniture that is never article text, wherever it appears."""
        stripped = line.strip()
        # Furniture is short; skipping long lines keeps the check cheap on paragraphs.
        if not stripped or len(stripped) > _MAX_FURNITURE_CHARS:
            return False
        if len(stripped) <= _MAX_LABEL_CHARS and label_key(stripped) in self.boilerplate_lines:
            return True
        return any(p.fullmatch(stripped) for p in self.boilerplate_patterns)

    def is_edge_label(self, line: str) -> bool:
        stripped = line.strip()
        return 0 < len(stripped) <= _MAX_LABEL_CHARS and label_key(stripped) in self.edge_labels

    def is_credit(self, line: str) -> bool:
        stripped = line.strip()
        if not stripped or len(stripped) > _MAX_FURNITURE_CHARS:
            return False
        return any(p.fullmatch(stripped) for p in self.credit_patterns)

    def looks_like_outlet(self, name: str) -> bool:
        """Whether a byline name reads as an organisation ("bne IntelliNews", "AP staff")."""
        for token in re.findall(r"[A-Za-z]+", name.lower()):
            if any(token == w or (len(w) >= 4 and token.endswith(w)) for w in self.publisher_words):
                return True
        return False


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    months = {k.lower(): int(v) for k, v in json.loads(_read("months.json")).items()}
    fields: dict[str, Any] = json.loads(_read("header_fields.json"))
    header_fields = {
        alias.lower(): target
        for target, aliases in fields.items()
        if not target.startswith("_")
        for alias in aliases
    }
    flags = re.IGNORECASE
    return Lexicon(
        months=months,
        header_fields=header_fields,
        boilerplate_lines=frozenset(label_key(x) for x in _lines("boilerplate_lines.txt")),
        edge_labels=frozenset(label_key(x) for x in _lines("edge_labels.txt")),
        boilerplate_patterns=tuple(re.compile(p, flags) for p in _lines("boilerplate_patterns.txt")),
        credit_patterns=tuple(re.compile(p, flags) for p in _lines("credit_patterns.txt")),
        publisher_words=tuple(w.lower() for w in _lines("publisher_words.txt")),
        wire_agencies=tuple(_lines("wire_agencies.txt")),
        byline_stopwords=frozenset(w.lower() for w in _lines("byline_stopwords.txt")),
    )
