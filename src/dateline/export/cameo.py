"""A CAMEO code beside each PLOVER event, for users of older tools.

PLOVER was designed as CAMEO's successor and its authors published the
CAMEO -> PLOVER conversion table (``data/events/cameo_plover.tsv``, CC BY-SA 4.0,
see its header). We read it backwards: among the CAMEO codes that convert to
the event's PLOVER type, the one whose mode and contexts agree best with the
event's, the more general code on a tie. Only the root (the first two digits,
CAMEO's 20 top categories) is exported as a column users should rely on; the
full code is a best guess, since PLOVER merged many CAMEO distinctions.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources


@dataclass(frozen=True, slots=True)
class CameoRow:
    code: str
    plover: str
    mode: str
    contexts: frozenset[str]
    description: str


@lru_cache(maxsize=1)
def table() -> tuple[CameoRow, ...]:
    text = (resources.files("dateline") / "data" / "events" / "cameo_plover.tsv").read_text(encoding="utf-8")
    rows = []
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        code, plover, mode, contexts, description = (line.split("\t") + [""] * 5)[:5]
        if len(code) < 3:  # section headers ("08 RETREAT"): the 3-digit rows say more
            continue
        rows.append(CameoRow(code, plover, mode, frozenset(c for c in contexts.split(";") if c), description))
    return tuple(rows)


def _score(row: CameoRow, mode: str | None, contexts: frozenset[str]) -> tuple[int, int, int]:
    agreement = 0
    if row.mode:
        agreement += 3 if row.mode == mode else -1
    elif mode is None:
        agreement += 1
    agreement += 2 * len(row.contexts & contexts) - len(row.contexts - contexts)
    return agreement, -len(row.code), -int(row.code)


@lru_cache(maxsize=4096)
def _code(plover: str, mode: str | None, contexts: frozenset[str]) -> str | None:
    candidates = [r for r in table() if r.plover == plover]
    if not candidates:
        return None
    return max(candidates, key=lambda r: _score(r, mode, contexts)).code


def cameo_code(plover: str | None, mode: str | None = None, contexts: Sequence[str] = ()) -> str | None:
    """The CAMEO code that best stands for a PLOVER type, mode and contexts."""
    if not plover:
        return None
    return _code(plover.upper(), mode or None, frozenset(contexts))


def cameo_root(plover: str | None, mode: str | None = None, contexts: Sequence[str] = ()) -> str | None:
    """CAMEO's root category (two digits, ``"19"`` = fight) for a PLOVER event."""
    code = cameo_code(plover, mode, contexts)
    return None if code is None else code[:2]
