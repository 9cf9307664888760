"""Package data: the files under ``src/dateline/data`` (lexicons, patterns,
gazetteers, learned weights), read one way everywhere.

Through :mod:`importlib.resources`, so an installed wheel reads them as a
checkout does. Callers cache what they build from them (``lru_cache``).
"""

from __future__ import annotations

import json
from importlib import resources
from typing import TYPE_CHECKING, Any

from dateline.errors import ConfigError

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable


def data_file(*parts: str) -> Traversable:
    """``dateline/data/<parts>`` (it may not exist: ``is_file()`` tells)."""
    node = resources.files("dateline") / "data"
    for part in parts:
        node = node / part
    return node


def read_text(*parts: str) -> str:
    """The text of ``dateline/data/<parts>``; OSError when it is missing."""
    return data_file(*parts).read_text(encoding="utf-8")


def read_json(*parts: str) -> Any:
    """The JSON value of ``dateline/data/<parts>``; a missing or broken file is
    a :class:`ConfigError` (the installation is incomplete)."""
    try:
        return json.loads(read_text(*parts))
    except (OSError, ValueError) as exc:
        raise ConfigError(f"data file {'/'.join(parts)} is missing or unreadable: {exc}") from None
