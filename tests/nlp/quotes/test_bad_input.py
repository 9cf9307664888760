"""Bad input: stray and unbalanced marks, quotes that never close, headlines,
nested quotes, a document that is one long quote, empty text."""

from __future__ import annotations

import pytest

from .conftest import Analyse

pytestmark = pytest.mark.model


def test_stray_and_unbalanced_marks_do_not_crash(analyse: Analyse) -> None:
    text = 'He said\u201d nothing. \u201c\u201c" \u2019\u2018 "\nThe mayor said that the road is open.\n\u201d'
    extraction = analyse(text)
    assert any("road is open" in s.text for q in extraction.quotes for s in q.content)
    for quote in extraction.quotes:
        assert all(0 <= s.start < s.end <= len(text) for s in quote.content)


def test_quote_that_never_closes_has_lower_confidence(analyse: Analyse) -> None:
    closed = analyse("\u201cWe will rebuild every school in the region by winter,\u201d the governor said.")
    unclosed = analyse(
        "The governor spoke. \u201cWe will rebuild every school in the region by winter and more.\n"
        "The next paragraph is ordinary reporting about roads."
    )
    assert closed.quotes and closed.quotes[0].confidence >= 0.5
    assert unclosed.quotes
    for quote in unclosed.quotes:
        assert quote.confidence < closed.quotes[0].confidence
        assert all("ordinary reporting" not in s.text for s in quote.content)


def test_headline_quote_without_speaker_is_not_trusted(analyse: Analyse) -> None:
    text = (
        "\u2018We will not give up the city\u2019: mayor defiant as shelling goes on\n"
        "The mayor of the city spoke to residents on Sunday."
    )
    for quote in analyse(text).quotes:
        assert quote.confidence <= 0.6 or quote.speaker.span is not None


def test_nested_quotes_stay_inside_one_quote(analyse: Analyse) -> None:
    text = (
        "\u201cThe officer told us \u2018leave now, all of you\u2019 and we did as he said,\u201d "
        "the driver said."
    )
    extraction = analyse(text)
    # one quote said by the driver; what the officer said inside it is reported by it
    outer = [q for q in extraction.quotes if q.reported_by is None]
    assert len(outer) == 1
    assert "\u2018leave now" in outer[0].content[0].text
    assert all(q.reported_by == outer[0].id for q in extraction.quotes if q is not outer[0])


def test_document_that_is_one_long_quote(analyse: Analyse) -> None:
    sentence = "we will hold the line and we will not move back from the river "
    paragraphs = ["\u201c" + sentence * 6 for _ in range(8)]
    text = "\n".join(paragraphs)  # never closes: every paragraph reopens
    extraction = analyse(text)
    for quote in extraction.quotes:
        covered = sum(s.end - s.start for s in quote.content)
        assert covered <= len(text) / 2
        assert quote.confidence <= 0.6


def test_empty_and_markless_text(analyse: Analyse) -> None:
    assert analyse("Nothing is quoted here at all.").quotes == []
    assert analyse(" ").quotes == []
