"""Dash quotations: the speech layout of translated (Polish, Russian, ...) news.

A quotation opens with a dash at the start of a paragraph or right after a
sentence's end ("...evidence.- Our analysts say ...") and closes with a dash
followed by its cue ("... leave Ukraine - he said during the speech."). Such a
stretch becomes a :class:`QuoteRegion` of family ``dash`` (its pieces hold the
words only, no marks), so the region passes read it like a quotation: its cue
right after the closing dash, or the previous speaker going on.

Only a closing dash followed by a speech verb within a few words closes a
quotation: a bulleted list ("- item") or a dash aside (" - as they say - ")
makes no region. Cost: one regex scan per paragraph and a few token look-ups
per dash.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from dateline.model import Paragraph
from dateline.nlp.quotes.marks import QuoteRegion
from dateline.nlp.quotes.syntax import token_at_or_after, word_count

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

_DASHES = "-\u2013\u2014"
DASH_CHARS = frozenset(_DASHES)
# An opening dash: paragraph start or a sentence's end before it, a space and
# a capital (or quotation mark) after it.
_OPEN = re.compile(r"[-\u2013\u2014][ \t]+(?=[A-Z\"\u201c\u201e\u00ab])")
# A closing dash: spaced at least on one side, a word after it.
_CLOSE = re.compile(r"(?:[ \t]+[-\u2013\u2014][ \t]*|[-\u2013\u2014][ \t]+)(?=[A-Za-z])")
_SENTENCE_END = ".!?\"\u201d\u2026)]"
# A dash quotation longer than this is not trusted.
MAX_CHARS = 1500
# Words between the closing dash and the cue verb ("- the politician added").
CUE_WINDOW = 5
# ... or a longer noun phrase naming the speaker ("- the head of the European
# Commission emphasized", "- the head of British diplomacy on Sky News pointed out")
NAMED_WINDOW = 10
_NAMING = frozenset({"DET", "ADJ", "NOUN", "PROPN", "ADP", "PART", "NUM"})
# a dash aside inside the words (" - and I think nobody else can - ", " - as it seems - ")
_ASIDE = frozenset({"CCONJ", "SCONJ"})


def unglued(name: str) -> str:
    """A name without the sentence end and dash the tokenizer glued to it ('Sergei X.-')."""
    return name.rstrip(".-\u2013\u2014 ")


def _opens(text: str, para: Paragraph, at: int) -> bool:
    before = text[para.start : at].rstrip()
    return not before or before[-1] in _SENTENCE_END


def _cue_follows(doc: Doc, offset: int, verbs: frozenset[str]) -> bool:
    token = token_at_or_after(doc, offset)
    if token is None:
        return False
    if token.tag_ in ("WDT", "WP") or token.lower_ == "that" or token.pos_ in _ASIDE:
        return False  # " - which threatens us", " - and I think -": words inside the words
    for candidate in doc[token.i : min(len(doc), token.i + NAMED_WINDOW)]:
        if "\n" in candidate.text or candidate.text in _DASHES or candidate.is_punct:
            return False
        if is_dash_cue(candidate, token, verbs):
            return True
        if candidate.i - token.i >= CUE_WINDOW - 1 and not all(t.pos_ in _NAMING for t in doc[token.i : candidate.i + 1]):
            return False  # past a few words only a noun phrase naming the speaker
    return False


def is_dash_cue(candidate: Token, first: Token, verbs: frozenset[str]) -> bool:
    """A cue verb after a closing dash; the word right after the dash is a verb
    whatever its tag ("- assures Serhij Hajdaj" tagged as a noun)."""
    if candidate.lemma_.lower() not in verbs:
        return False
    if candidate.tag_ in ("VBN", "VBG") and candidate.i > first.i and candidate.nbor(-1).pos_ in ("ADV", "AUX"):
        return False  # '- widely seen as a bid': a participle describing, no cue
    return candidate.pos_ in ("VERB", "AUX") or (candidate.i == first.i and candidate.pos_ in ("NOUN", "PROPN"))


def dash_regions(
    doc: Doc, text: str, paragraphs: list[Paragraph], verbs: frozenset[str], marked: list[QuoteRegion]
) -> list[QuoteRegion]:
    """Dash quotations of ``text`` closed by a cue, one region each; a dash
    paragraph with no cue right after a paragraph with a closed one goes on
    with it (an unclosed region the region passes join to that quote)."""
    found: list[QuoteRegion] = []
    previous: Paragraph | None = None
    for para in paragraphs:
        closed = _closed_in(doc, text, para, verbs, marked)
        opened = _OPEN.match(text, para.start, para.end)
        if (
            not closed and opened is not None and found and previous is not None and not found[-1].unclosed
            and (
                previous.start <= found[-1].end <= previous.end
                # the words, then their cue line, then more words
                or (found[-1].cue_below and not text[found[-1].end : previous.start].strip())
            )
        ):
            # '- A - he said.' then a paragraph '- B.' with no cue
            end = para.end
            while end > opened.end() and text[end - 1].isspace():
                end -= 1
            if 3 <= end - opened.end() <= MAX_CHARS:
                closed = [QuoteRegion(pieces=[(opened.end(), end)], family="dash", unclosed=True)]
        if not closed and previous is not None:
            closed = _cue_line(doc, text, previous, para, verbs, marked + found)
        if not closed and opened is None:
            closed = _lead_in(doc, text, para, verbs, marked)
        found.extend(closed)
        previous = para
    return found


# a paragraph that is only a closing dash and its cue ("- said the Ukrainian leader.")
_CUE_LINE = re.compile(r"[ \t]*[-\u2013\u2014][ \t]*(?=[a-z])")
CUE_LINE_CHARS = 150


def _cue_line(
    doc: Doc, text: str, previous: Paragraph, para: Paragraph, verbs: frozenset[str], taken: list[QuoteRegion]
) -> list[QuoteRegion]:
    """'The Kremlin has decided everything for you.' then a paragraph '- said
    the Ukrainian leader.': the paragraph before is the quotation (its cue is
    read below it)."""
    match = _CUE_LINE.match(text, para.start, para.end)
    if match is None or para.end - para.start > CUE_LINE_CHARS or not _cue_follows(doc, match.end(), verbs):
        return []
    if any(r.start < previous.end and previous.start < r.end for r in taken):
        return []
    start = previous.start
    opened = _OPEN.match(text, start, previous.end)
    if opened is not None:
        start = opened.end()
    end = previous.end
    while end > start and text[end - 1].isspace():
        end -= 1
    if not 3 <= end - start <= MAX_CHARS:
        return []
    return [QuoteRegion(pieces=[(start, end)], family="dash", cue_below=True)]


# a sentence end, glued or spaced ("...the war.All this ...")
_SENTENCE_BREAK = re.compile(r"[.!?][\"\u201d)]?[ \t]*(?=[A-Z])")
_SPACED_DASH = re.compile(r"[-\u2013\u2014][ \t]")
# sentences before a closing dash read as its words when no dash opens them
LEAD_SENTENCES = 3
LEAD_WORDS = 5


def _lead_in(
    doc: Doc, text: str, para: Paragraph, verbs: frozenset[str], marked: list[QuoteRegion]
) -> list[QuoteRegion]:
    """'Russian forces plan to attack in the coming days - said the President.':
    the lead layout, words with no opening dash closed by a dash and its cue;
    the words run from the paragraph's start (its last few sentences)."""
    for close in _CLOSE.finditer(text, para.start, min(para.end, para.start + MAX_CHARS)):
        if "-" not in close.group():
            continue  # en and em dashes are asides in native English news; the layout spaces a hyphen
        if any(r.start < close.start() < r.end for r in marked):
            continue  # a dash inside quotation marks belongs to them
        if not _cue_follows(doc, close.end(), verbs) or not _ends_sentence(doc, close.end(), para.end):
            continue  # ' - some say unrealistic - ', ' - critics would call them X -': asides
        end = close.start()
        while end > para.start and text[end - 1].isspace():
            end -= 1
        if text[end - 1 : end] in (":", ",", ")"):
            # 'X replied: - You see, ...': the words open after the dash;
            # 'MINSK, 26 September (BelTA) - ...': a dateline
            return []
        if any(r.start < end and para.start < r.end for r in marked):
            return []  # quotation marks before it: their own reading ('"..." - warned X')
        if _SPACED_DASH.search(text, para.start, end):
            return []  # another dash before: an aside or an opening the other passes read
        breaks = [m.end() for m in _SENTENCE_BREAK.finditer(text, para.start, end)]
        start = breaks[-LEAD_SENTENCES] if len(breaks) >= LEAD_SENTENCES else para.start
        if word_count(text[start:end]) < LEAD_WORDS:
            return []
        return [QuoteRegion(pieces=[(start, end)], family="dash")]
    return []


def _ends_sentence(doc: Doc, offset: int, end: int) -> bool:
    """The cue and its speaker close their sentence ('- said the President X.',
    '- he added.Then ...'): the first punctuation after them ends it."""
    token = token_at_or_after(doc, offset)
    if token is None:
        return False
    cue = next((t for t in doc[token.i : min(len(doc), token.i + NAMED_WINDOW)] if t.pos_ in ("VERB", "AUX")), None)
    for candidate in doc[token.i : min(len(doc), token.i + 2 * NAMED_WINDOW)]:
        if candidate.idx >= end or "\n" in candidate.text:
            return True
        if candidate.is_punct or candidate.text in _DASHES:
            # '- said the daily on Tuesday, citing ...' goes on after a comma
            return candidate.text in (".", "!", "?", "...", ",")
        if cue is not None and candidate.i > cue.i and candidate.tag_ in ("VBZ", "VBP", "VBD", "MD"):
            return False  # '-- meddling the congressman said is designed to ...': a clause goes on
        if candidate.text[-1:] in _DASHES or any(c in candidate.text for c in ".!?") and candidate.text[-1:] not in ".":
            return True  # a word glued to the next sentence ('Unian.The', 'Lavrov.-')
    return False


def _closed_in(
    doc: Doc, text: str, para: Paragraph, verbs: frozenset[str], marked: list[QuoteRegion]
) -> list[QuoteRegion]:
    found: list[QuoteRegion] = []
    if not any(d in text[para.start : para.end] for d in _DASHES):
        return found
    pos = para.start
    while True:
        match = _OPEN.search(text, pos, para.end)
        if match is None:
            break
        pos = match.end()
        if not _opens(text, para, match.start()):
            continue
        start = match.end()
        for close in _CLOSE.finditer(text, start, min(para.end, start + MAX_CHARS)):
            if any(r.start < close.start() < r.end for r in marked):
                continue  # a dash inside quotation marks belongs to them
            if _cue_follows(doc, close.end(), verbs):
                end = close.start()
                while end > start and text[end - 1].isspace():
                    end -= 1
                if end - start >= 3:
                    found.append(QuoteRegion(pieces=[(start, end)], family="dash"))
                pos = close.end()
                break
    return found
