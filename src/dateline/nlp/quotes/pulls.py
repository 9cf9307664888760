"""Pull quotes: a paragraph that repeats words from the article and ends with the
speaker's bare name ("The board's failures ... constitute an emergency. Linda
Lamoureux"), as news pages set a highlighted quotation.

The repetition is what tells a pull quote from a caption that ends with a
photographer's credit: the words must also stand elsewhere in the article.
Cost: one regex per paragraph and one substring search per candidate.
"""

from __future__ import annotations

import re

from dateline.model import Paragraph
from dateline.nlp.quotes.raw import RawQuote
from dateline.nlp.quotes.syntax import trim_span, word_count

# A bare name of two to four capitalised words closing the paragraph after a
# sentence's end.
_NAME_AT_END = re.compile(
    r"(?<=[.!?\"\u201d])[ \t]+(?P<name>[A-Z][\w'\u2019.-]+(?:[ \t]+[A-Z][\w'\u2019.-]+){1,3})[ \t]*$"
)
_MARKS = " \t\"'\u201c\u201d\u2018\u2019"
MIN_WORDS = 6
# Characters of the words looked for elsewhere in the article.
PROBE = 60


def pull_quotes(text: str, paragraphs: list[Paragraph], taken: list[tuple[int, int]]) -> list[RawQuote]:
    found: list[RawQuote] = []
    for para in paragraphs:
        match = _NAME_AT_END.search(text[para.start : para.end])
        if match is None:
            continue
        start, end = trim_span(text, para.start, para.start + match.start())
        while start < end and text[start] in _MARKS:
            start += 1
        while end > start and text[end - 1] in _MARKS:
            end -= 1
        if word_count(text[start:end]) < MIN_WORDS or any(s < end and start < e for s, e in taken):
            continue
        probe = text[start : start + min(PROBE, end - start)]
        if text.find(probe, end) < 0 and text.rfind(probe, 0, start) < 0:
            continue  # words said nowhere else: a caption and its credit
        name_start = para.start + match.start("name")
        found.append(
            RawQuote(
                kind="direct",
                content=[(start, end)],
                cue=None,
                source=(name_start, para.start + match.end("name")),
                confidence=0.6,
                via="signature",
            )
        )
    return found
