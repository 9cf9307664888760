"""Words given after a dash (the layout of translated Polish and Russian news:
"...talking about the invasion.- If this happens, Putin ... - he said."), for
coreference: names inside them are the speaker's words, not the narrator's,
so the closing "he said" is not given to them.

A dash at a paragraph start or glued to a sentence's end opens the words; a
spaced dash followed within four words by a speech verb closes them. A cheap
regular-expression pass over the text (the quotes stage reads the same layout
in full, later, in ``nlp/quotes/dashes.py``).
"""

from __future__ import annotations

import re
from functools import lru_cache

from dateline.packagedata import read_json

_OPEN = re.compile(r"(?:^|(?<=[.!?\u2026])[\"\u201d]?)[ \t]*[-\u2013\u2014][ \t]+(?=\S)", re.MULTILINE)
_CLOSE = re.compile(r"[ \t][-\u2013\u2014][ \t]+((?:[\w'\u2019.-]+[ \t]+){0,3}[\w'\u2019-]+)")
_IRREGULAR = frozenset({"said", "says", "told", "tells", "wrote", "writes", "thought", "thinks", "spoke", "speaks"})


@lru_cache(maxsize=1)
def _closing_words() -> frozenset[str]:
    forms = set(_IRREGULAR)
    for lemma in read_json("quotes", "coref.json").get("dash_closing_verbs", []):
        forms.update({lemma, lemma + "s", lemma + "es", lemma + "d", lemma + "ed"})
        if lemma.endswith("y"):
            forms.update({lemma[:-1] + "ies", lemma[:-1] + "ied"})
    return frozenset(forms)


def mark_dash_words(text: str, quoted: bytearray) -> None:
    """Set ``quoted`` over the words between an opening dash and its closing cue
    (within one paragraph)."""
    if " - " not in text and "\u2013" not in text and "\u2014" not in text:
        return
    verbs = _closing_words()
    for opener in _OPEN.finditer(text):
        start = opener.end()
        stop = text.find("\n", start)
        stop = len(text) if stop < 0 else stop
        for closer in _CLOSE.finditer(text, start, stop):
            if any(w.lower() in verbs for w in closer.group(1).split()):
                quoted[start : closer.start()] = b"\x01" * (closer.start() - start)
                break
