"""Cheap pre-parse guards: bounded parse work for any text.

spaCy's parse time grows faster than linearly on some shapes of text that are not
language: 20,000 curly quotes in a row took 38 s, 40,000 took 166 s. The guards look
at the text the parser gets (:func:`dateline.textnorm.normalize_for_nlp`'s same-length
copy) and *blank* what is not language -- long runs of punctuation (spaces between
the marks or not) and giant tokens -- by replacing those characters with spaces. The
length stays the same, so every offset still means the same character and every span
points into ``document.text``, which is never changed; the document's warnings say
what the parser did not see.
"""

from __future__ import annotations

import re

# A run of punctuation marks (spaces and words of one or two characters between them
# allowed: "<a <a <a", "&#&#", "“ “ “") with more marks than this is not language; the
# first few characters are kept ("?!", "...", a quote opening a word).
MAX_PUNCTUATION_RUN = 24
KEPT_MARKS = 3
# No word or URL is this long; past it a "token" is noise (base64, a pasted blob).
MAX_TOKEN = 500

# Linear: each repetition ends with at least one mark, and a failed repetition backtracks
# over a dozen ways at most.
_PUNCTUATION_RUN = re.compile(r"[^\w\s]+(?:[ \t]?\w{0,2}[ \t]?[^\w\s]+)*")
_MARK = re.compile(r"[^\w\s]")
_TOKEN = re.compile(r"\S{" + str(MAX_TOKEN + 1) + ",}")


def guard_for_parse(text: str) -> tuple[str, list[str]]:
    """``(text for the parser, warnings)``: same length as ``text``, with punctuation
    floods and giant tokens blanked. Returns ``text`` itself when nothing is blanked."""
    blanks: list[tuple[int, int]] = []
    warnings: list[str] = []
    for match in _PUNCTUATION_RUN.finditer(text):
        if match.end() - match.start() <= MAX_PUNCTUATION_RUN:
            continue
        marks = len(_MARK.findall(match.group()))
        if marks > MAX_PUNCTUATION_RUN:
            blanks.append((match.start() + KEPT_MARKS, match.end()))
            warnings.append(f"a run of {marks:,} punctuation marks at character {match.start():,} "
                            "was not parsed (kept in the text)")
    guarded = _blank(text, blanks)
    blanks = []
    for match in _TOKEN.finditer(guarded):  # what is left of long tokens after the floods
        blanks.append((match.start() + MAX_TOKEN, match.end()))
        warnings.append(f"a {len(match.group()):,}-character token at character {match.start():,} "
                        f"was parsed only for its first {MAX_TOKEN} characters (kept in the text)")
    guarded = _blank(guarded, blanks)
    assert len(guarded) == len(text)
    return guarded, warnings[:20] + ([f"... and {len(warnings) - 20} more such passages"]
                                     if len(warnings) > 20 else [])


def _blank(text: str, spans: list[tuple[int, int]]) -> str:
    if not spans:
        return text
    chars = list(text)
    for start, end in spans:
        chars[start:end] = " " * (end - start)
    return "".join(chars)
