"""Quotation-mark regions: families, paragraphs, and bad input."""

from __future__ import annotations

from dateline.nlp.quotes.marks import MAX_UNCLOSED_CHARS, find_regions
from dateline.textnorm import paragraph_spans


def regions(text: str) -> list[list[str]]:
    return [[text[s:e] for s, e in r.pieces] for r in find_regions(text, paragraph_spans(text))]


def test_curly_straight_and_guillemets() -> None:
    text = 'She said \u201cwe will stay\u201d and he said "we will go" and \u00abnever\u00bb.'
    assert regions(text) == [["\u201cwe will stay\u201d"], ['"we will go"'], ["\u00abnever\u00bb"]]


def test_single_quotes_and_apostrophes() -> None:
    text = "The minister\u2019s aide said \u2018we don\u2019t know\u2019 on Tuesday, in the \u201990s style."
    assert regions(text) == [["\u2018we don\u2019t know\u2019"]]


def test_nested_single_inside_double_stays_one_region() -> None:
    text = "\u201cHe told me \u2018no deal\u2019 twice,\u201d she said."
    found = find_regions(text, paragraph_spans(text))
    assert len(found) == 1 and found[0].family == "double"
    assert text[found[0].start : found[0].end].endswith("twice,\u201d")


def test_quote_over_paragraphs_by_convention() -> None:
    text = "\u201cFirst part of what she said.\n\u201cSecond part, still her,\u201d she said.\nNext."
    found = find_regions(text, paragraph_spans(text))
    assert len(found) == 1
    assert len(found[0].pieces) == 2 and not found[0].unclosed


def test_unclosed_quote_stays_in_its_paragraph() -> None:
    text = "He said \u201cthis never closes.\nA new paragraph without marks."
    found = find_regions(text, paragraph_spans(text))
    assert len(found) == 1 and found[0].unclosed
    assert found[0].end <= text.index("\n")


def test_stray_closing_mark_is_ignored() -> None:
    text = "Nothing here\u201d and then \u201ca real one\u201d."
    assert regions(text) == [["\u201ca real one\u201d"]]


def test_runaway_unclosed_quote_is_cut_to_one_paragraph() -> None:
    para = "\u201c" + "word " * (MAX_UNCLOSED_CHARS // 4)
    text = "\n".join([para] + ["\u201c" + "more words here " * 20] * 3)
    found = find_regions(text, paragraph_spans(text))
    assert all(r.end - r.start <= len(para) + 1 for r in found)
