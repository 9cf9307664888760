"""Cheap pre-parse guards: bounded parse work for any text.

spaCy's parse time grows faster than linearly on some shapes of text that are not
language: 20,000 curly quotes in a row took 38 s, 40,000 took 166 s. The guards look
at the text the parser gets (:func:`dateline.textnorm.normalize_for_nlp`'s same-length
copy) and *blank* what is not language -- long runs of punctuation (spaces between
the marks or not), long runs of one- or two-character tokens, and giant tokens -- by replacing those characters with spaces. The
length stays the same, so every offset still means the same character and every span
points into ``document.text``, which is never changed; the document's warnings say
what the parser did not see.

Two more bounds: a sentence never runs past :data:`MAX_SENTENCE_TOKENS` tokens with no
sentence end (:func:`cap_sentences`, a spaCy component before the parser: the stages
that walk a sentence per cue word or per token are quadratic in its length), and a
document that is mostly not words is refused before any parse (:func:`check_language`).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from dateline.errors import NotLanguageError

if TYPE_CHECKING:
    from spacy.tokens import Doc

# A run of punctuation marks (spaces and words of one or two characters between them
# allowed: "<a <a <a", "&#&#", "“ “ “") with more marks than this is not language; the
# first few characters are kept ("?!", "...", a quote opening a word).
MAX_PUNCTUATION_RUN = 24
KEPT_MARKS = 3
# No word or URL is this long; past it a "token" is noise (base64, a pasted blob).
MAX_TOKEN = 500

# No news sentence has this many tokens with no sentence end; past it, a run of words
# is cut into "sentences" of this length (a flood of short quotations took the quotes
# stage 52 s for 12,000 characters as one sentence, 0.06 s cut into sentences).
MAX_SENTENCE_TOKENS = 200
_SENTENCE_ENDS = frozenset({".", "!", "?", "\u2026", ";"})
# A document over this many characters whose non-blank characters are mostly not in
# words (runs of two or more letters) is refused: it is not language, and the
# taggers that scan every character would spend minutes on it.
NOT_LANGUAGE_MIN_CHARS = 5_000
MIN_WORD_SHARE = 0.3  # the news-ukwar articles: 0.86 and more
# Quotation marks the parser's copy may hold (floods of bare marks are blanked before
# this count). Quote finding compares every quotation with every other, so a flood of
# short quotations ('"So" said' x 5,000) is quadratic there; the longest news-ukwar
# article has 102 such marks.
MAX_QUOTATION_MARKS = 2_000
_QUOTATION_MARK = re.compile("[\"\u201c\u201d\u201e\u00ab\u00bb\u2018\u2039\u203a]")

# Linear: each repetition ends with at least one mark, and a failed repetition backtracks
# over a dozen ways at most.
_PUNCTUATION_RUN = re.compile(r"[^\w\s]+(?:[ \t]?\w{0,2}[ \t]?[^\w\s]+)*")
_MARK = re.compile(r"[^\w\s]")
# A run of this many tokens of one or two characters ("\u010f \u010f \u010f", a mis-decoded
# quote flood; "x1 x1 x1") is no more language than a punctuation flood. Prose never
# has 25 in a row (none in news-ukwar). Linear: each repetition consumes a token.
MAX_SHORT_TOKEN_RUN = 25
_SHORT_TOKEN_RUN = re.compile(
    r"(?<!\S)(?:\S{1,2}[ \t]+){" + str(MAX_SHORT_TOKEN_RUN - 1) + r",}\S{1,2}(?!\S)")
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
    for match in _SHORT_TOKEN_RUN.finditer(guarded):
        blanks.append((match.start() + KEPT_MARKS, match.end()))
        warnings.append(f"a run of {len(match.group().split()):,} one- or two-character tokens at "
                        f"character {match.start():,} was not parsed (kept in the text)")
    guarded = _blank(guarded, blanks)
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


def cap_sentences(doc: Doc) -> Doc:
    """spaCy component before the parser: a sentence start after every
    :data:`MAX_SENTENCE_TOKENS` tokens with no sentence end or line break (the parser
    keeps the boundaries it is given)."""
    run = 0
    for token in doc:
        if token.is_sent_start:
            run = 0
        elif run >= MAX_SENTENCE_TOKENS:
            token.is_sent_start = True
            run = 0
        run += 1
        if token.text in _SENTENCE_ENDS or "\n" in token.whitespace_ or "\n" in token.text:
            run = 0
    return doc


_WORD = re.compile(r"[^\W\d_]{2,}")  # a run of two or more letters, in any script


def word_share(text: str) -> float:
    """Share of the non-blank characters of ``text`` that are in runs of two or more letters."""
    visible = len(text) - sum(1 for c in text if c.isspace())
    if not visible:
        return 0.0
    return sum(len(m) for m in _WORD.findall(text)) / visible


def check_language(text: str, source: str | None = None) -> None:
    """Raise :class:`~dateline.errors.NotLanguageError` (E109) for a long text (the
    parser's guarded copy: floods already blanked) that is mostly not words, or that
    holds more quotation marks than :data:`MAX_QUOTATION_MARKS`."""
    if len(text) < NOT_LANGUAGE_MIN_CHARS:
        return
    marks = len(_QUOTATION_MARK.findall(text))
    if marks > MAX_QUOTATION_MARKS:
        raise NotLanguageError(
            f"{marks:,} quotation marks (at most {MAX_QUOTATION_MARKS:,} are read): "
            "a flood of quotations, not parsed",
            source=source,
        )
    share = word_share(text)
    if share < MIN_WORD_SHARE:
        raise NotLanguageError(
            f"only {share:.0%} of the text's {len(text):,} characters are in words "
            f"(at least {MIN_WORD_SHARE:.0%} needed): not language, not parsed",
            source=source,
        )
