"""Pre-parse guards: floods of punctuation and giant tokens are blanked for the parser only
(same length, body unchanged, a warning), so parse time stays linear."""

from __future__ import annotations

import time

import pytest

from dateline.config import Config
from dateline.guards import MAX_TOKEN, guard_for_parse

NEWS = ("KYIV, March 3 (Wire) - \u201cWe will not retreat,\u201d the U.S.-backed commander said... "
        "Really?! Scores: 1-0, 2-1, 3-3 (A.B.). See https://example.invalid/a/b?c=d&e=f.")


def test_language_is_left_alone() -> None:
    assert guard_for_parse(NEWS) == (NEWS, [])


@pytest.mark.parametrize("flood", ["\u201c" * 30, "\u201c " * 30, "<a " * 30, "&#" * 30, ". " * 30,
                                   "-" * 1000, "!?" * 20])
def test_floods_are_blanked_same_length(flood: str) -> None:
    text = f"Troops withdrew from {flood} and talks resume."
    start = text.index(flood)
    guarded, warnings = guard_for_parse(text)
    assert len(guarded) == len(text)
    assert guarded.startswith("Troops withdrew from ") and guarded.endswith(" and talks resume.")
    assert guarded[start:start + 3] == text[start:start + 3]  # the first marks are kept
    # blanked up to the last mark (a word of one or two letters after it stays)
    assert len(guarded[start + 3:len(text) - len(" and talks resume.")].strip()) <= 2
    assert len(warnings) == 1 and "punctuation marks" in warnings[0]


def test_giant_tokens_are_cut_for_the_parser() -> None:
    text = "Before " + "Q" * 5000 + " after"
    guarded, warnings = guard_for_parse(text)
    assert len(guarded) == len(text) and guarded.count("Q") == MAX_TOKEN
    assert warnings == ["a 5,000-character token at character 7 was parsed only for its first "
                        "500 characters (kept in the text)"]


def test_guarding_is_linear() -> None:
    for flood in ("\u201c" * 300_000, "<a " * 100_000, "word, " * 50_000):
        started = time.perf_counter()
        guard_for_parse(flood)
        assert time.perf_counter() - started < 3.0


@pytest.mark.model
def test_a_quote_flood_parses_fast_and_spans_point_into_the_text() -> None:
    from dateline.api import extract_document
    from dateline.ingest import document_from_text

    text = ("KYIV (Wire) - Troops shelled the city on Monday, officials said.\n\n"
            + "\u201c" * 20_000 + "\n\n\u201cWe will respond,\u201d the minister said on Tuesday.")
    document = document_from_text(text, title="Flood", published="2024-03-05")
    started = time.perf_counter()
    extraction = extract_document(document, Config())
    assert time.perf_counter() - started < 30  # 38 s before the guards (issue 17); ~1 s now
    assert any("20,000 punctuation marks" in w for w in extraction.warnings)
    assert extraction.document.text == document.text
    for quote in extraction.quotes:
        for span in quote.content:
            assert document.text[span.start:span.end] == span.text
    assert any(t.span.text == "Tuesday" for t in extraction.timexes)  # read past the flood
