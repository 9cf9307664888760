"""Quotation-mark regions: where the text is in quotation marks.

Works on the original text (curly quotes keep their direction; the NLP copy has
lost it). Regions never cross a paragraph, except by the news convention that a
quote running over paragraphs leaves the first paragraph unclosed and reopens
the next one; such a quote becomes one region with one piece per paragraph.
A quote that never closes ends at its paragraph and is flagged ``unclosed``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from dateline.model import Paragraph

_OPEN_DOUBLE = {"\u201c", "\u201e", "\u00ab", "\u201f"}
_CLOSE_DOUBLE = {"\u201d", "\u00bb"}
_OPEN_SINGLE = {"\u2018", "\u2039"}
_CLOSE_SINGLE = {"\u2019", "\u203a"}
_ALL_MARKS = _OPEN_DOUBLE | _CLOSE_DOUBLE | _OPEN_SINGLE | _CLOSE_SINGLE | {'"', "'"}
# A region longer than this without a closing mark is not trusted as one quote.
MAX_UNCLOSED_CHARS = 1200


@dataclass
class QuoteRegion:
    """Quoted text: ``pieces`` are (start, end) spans *including* the marks."""

    pieces: list[tuple[int, int]] = field(default_factory=list)
    unclosed: bool = False
    family: str = "double"  # double | single | dash (pieces without marks)
    cue_below: bool = False  # a dash quotation whose cue opens the next paragraph ("- said X.")

    @property
    def start(self) -> int:
        return self.pieces[0][0]

    @property
    def end(self) -> int:
        return self.pieces[-1][1]

    def inner(self, text: str) -> str:
        if self.family == "dash":
            return " ".join(text[start:end] for start, end in self.pieces)
        parts = []
        for start, end in self.pieces:
            # An unclosed piece ends on text, not on a mark.
            closed = end - start >= 2 and text[end - 1] in _ALL_MARKS
            parts.append(text[start + 1 : end - 1 if closed else end])
        return " ".join(parts)


def _direction(text: str, i: int) -> tuple[str, str] | None:
    """(family, 'open' | 'close') of the mark at ``i``, or None if not a quotation mark."""
    ch = text[i]
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    if ch in _OPEN_DOUBLE:
        return "double", "open"
    if ch in _CLOSE_DOUBLE:
        return "double", "close"
    if ch == '"':
        # Straight marks: an opening one follows a space or bracket, a closing one does not.
        if before.isspace() or before in "([{-\u2014\u2013/:" or i == 0:
            return "double", "open"
        if before in ".!?\"" and after.isupper():
            # 'the attack increased."Safety conditions ...': a quotation glued to the
            # sentence before (translated layouts); while a quotation is open any
            # straight mark closes it, so this opens only after balanced marks
            return "double", "open"
        return "double", "close"
    if ch in _OPEN_SINGLE:
        return ("single", "open") if not before.isalnum() else None
    if ch in _CLOSE_SINGLE or ch == "'":
        # ' and ’ are mostly apostrophes (don't, Putin's, the '90s): only a mark
        # followed by a non-letter and preceded by a letter or punctuation closes.
        if before.isalnum() and after.isalpha():
            return None
        if ch == "'" and (before.isspace() or i == 0) and after.isalnum():
            return "single", "open"
        if not after.isalnum():
            return "single", "close"
    return None


def find_regions(text: str, paragraphs: list[Paragraph]) -> list[QuoteRegion]:
    """All quoted regions of ``text``, paragraph by paragraph."""
    if not paragraphs:
        paragraphs = [Paragraph(0, 0, len(text))]
    regions: list[QuoteRegion] = []
    carry: QuoteRegion | None = None  # an unclosed double quote from the paragraph before
    for paragraph in paragraphs:
        para_regions, open_region = _scan_paragraph(text, paragraph.start, paragraph.end)
        if carry is not None:
            first = para_regions[0] if para_regions else None
            if first is not None and first.start == paragraph.start and first.family == "double":
                # Convention: an unclosed quote reopened at the next paragraph goes on.
                carry.pieces.extend(first.pieces)
                carry.unclosed = first.unclosed
                para_regions = para_regions[1:]
                if first is open_region:
                    continue  # still open: carry on to the next paragraph
            regions.append(carry)
            carry = None
        regions.extend(r for r in para_regions if r is not open_region)
        if open_region is not None and open_region in para_regions:
            if open_region.family == "double":
                carry = open_region
            else:
                regions.append(open_region)
    if carry is not None:
        regions.append(carry)
    # A run-away quote is cut back to the paragraph where it started.
    for region in regions:
        if region.unclosed and region.end - region.start > MAX_UNCLOSED_CHARS:
            region.pieces = region.pieces[:1]
    return sorted(regions, key=lambda r: r.start)


def _scan_paragraph(text: str, start: int, end: int) -> tuple[list[QuoteRegion], QuoteRegion | None]:
    regions: list[QuoteRegion] = []
    current: QuoteRegion | None = None
    open_at = -1
    i = start - 1
    while i + 1 < end:
        i += 1
        ch = text[i]
        if ch not in '"\'`\u201c\u201d\u201e\u201f\u00ab\u00bb\u2018\u2019\u2039\u203a':
            continue
        width = 1
        if text[i : i + 2] in ("''", "``"):
            # Typewriter double marks (''quote'' or ``quote''), as in wire copy.
            width = 2
            kind: tuple[str, str] | None = _direction(text[: i] + '"' + text[i + 2 : i + 3], i)
        else:
            kind = _direction(text, i) if ch != "`" else None
        if kind is None:
            continue
        family, direction = kind
        mark_end = i + width
        if current is None:
            if direction == "open":
                current, open_at = QuoteRegion(family=family), i
            continue  # a stray closing mark is ignored
        if family != current.family:
            continue  # nested marks of the other family belong to the content
        if direction == "close" or text[i] == '"' or width == 2:
            current.pieces.append((open_at, mark_end))
            regions.append(current)
            current = None
        # A second opening mark of the same family inside an open quote: the
        # first was stray; restart from here.
        elif direction == "open":
            open_at = i
        i = mark_end - 1
    if current is not None:
        current.pieces.append((open_at, _trim_end(text, open_at, end)))
        current.unclosed = True
        regions.append(current)
        return regions, current
    return regions, None


def _trim_end(text: str, start: int, end: int) -> int:
    while end > start + 1 and text[end - 1].isspace():
        end -= 1
    return end
