"""A CAMEO code beside each PLOVER event, for users of older tools.

PLOVER was designed as CAMEO's successor and its authors published the
CAMEO -> PLOVER conversion table (``data/events/cameo_plover.tsv``, CC BY-SA 4.0,
see its header). We read it backwards: among the CAMEO codes that convert to
the event's PLOVER type, the one whose mode and contexts agree best with the
event's; on a tie, the code in the root that holds most of the type's codes,
then the more general code. Only the root (the first two digits,
CAMEO's 20 top categories) is exported as a column users should rely on; the
full code is a best guess, since PLOVER merged many CAMEO distinctions.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from dateline.packagedata import read_text


@dataclass(frozen=True, slots=True)
class CameoRow:
    code: str
    plover: str
    mode: str
    contexts: frozenset[str]
    description: str


@lru_cache(maxsize=1)
def table() -> tuple[CameoRow, ...]:
    text = read_text("events", "cameo_plover.tsv")
    rows = []
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        code, plover, mode, contexts, description = (line.split("\t") + [""] * 5)[:5]
        if len(code) < 3:  # section headers ("08 RETREAT"): the 3-digit rows say more
            continue
        rows.append(CameoRow(code, plover, mode, frozenset(c for c in contexts.split(";") if c), description))
    return tuple(rows)


def _score(row: CameoRow, mode: str | None, contexts: frozenset[str],
           at_home: dict[str, int]) -> tuple[int, int, int, int]:
    agreement = 0
    if row.mode:
        agreement += 3 if row.mode == mode else -1
    elif mode is None:
        agreement += 1
    # events often carry no context: a shared one counts, a missing one does not
    agreement += 2 * len(row.contexts & contexts)
    # on a tie, the root where the type is most at home (ACCUSE: 11 "disapprove" holds
    # more of it than 09 "investigate"), then the more general code
    return agreement, at_home[row.code[:2]], -len(row.code), -int(row.code)


@lru_cache(maxsize=4096)
def _code(plover: str, mode: str | None, contexts: frozenset[str]) -> str | None:
    candidates = [r for r in table() if r.plover == plover]
    if not candidates:
        return None
    at_home = Counter(r.code[:2] for r in candidates)
    return max(candidates, key=lambda r: _score(r, mode, contexts, at_home)).code


def cameo_code(plover: str | None, mode: str | None = None, contexts: Sequence[str] = ()) -> str | None:
    """The CAMEO code that best stands for a PLOVER type, mode and contexts."""
    if not plover:
        return None
    return _code(plover.upper(), mode or None, frozenset(contexts))


def cameo_root(plover: str | None, mode: str | None = None, contexts: Sequence[str] = ()) -> str | None:
    """CAMEO's root category (two digits, ``"19"`` = fight) for a PLOVER event."""
    code = cameo_code(plover, mode, contexts)
    return None if code is None else code[:2]
