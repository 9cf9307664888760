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


@pytest.mark.parametrize("run", ["\u010f " * 2000, "x1 " * 30, "a b " * 20, "12 " * 40])
def test_runs_of_one_or_two_character_tokens_are_blanked(run: str) -> None:
    text = f"Troops withdrew from {run}and talks resume."
    guarded, warnings = guard_for_parse(text)
    assert len(guarded) == len(text) and guarded.endswith(" and talks resume.")
    assert guarded[len("Troops withdrew from "):-len("and talks resume.")].strip() == run[:3].strip()
    assert len(warnings) == 1 and "two-character tokens" in warnings[0]


def test_short_words_of_prose_are_not_a_run() -> None:
    prose = "So I am to go up to it if he is in or at my do. " * 5
    assert guard_for_parse(prose) == (prose, [])


def test_giant_tokens_are_cut_for_the_parser() -> None:
    text = "Before " + "Q" * 5000 + " after"
    guarded, warnings = guard_for_parse(text)
    assert len(guarded) == len(text) and guarded.count("Q") == MAX_TOKEN
    assert warnings == ["a 5,000-character token at character 7 was parsed only for its first "
                        "500 characters (kept in the text)"]


def test_guarding_is_linear() -> None:
    for flood in ("\u201c" * 300_000, "<a " * 100_000, "word, " * 50_000):
        started = time.process_time()  # CPU: the machine may be busy with other work
        guard_for_parse(flood)
        assert time.process_time() - started < 3.0


@pytest.mark.model
def test_a_quote_flood_parses_fast_and_spans_point_into_the_text() -> None:
    from dateline.api import extract_document
    from dateline.ingest import document_from_text

    text = ("KYIV (Wire) - Troops shelled the city on Monday, officials said.\n\n"
            + "\u201c" * 20_000 + "\n\n\u201cWe will respond,\u201d the minister said on Tuesday.")
    document = document_from_text(text, title="Flood", published="2024-03-05")
    started = time.process_time()  # CPU: the machine may be busy with other work
    extraction = extract_document(document, Config())
    assert time.process_time() - started < 30  # 38 s before the guards (issue 17); ~1 s now
    assert any("20,000 punctuation marks" in w for w in extraction.warnings)
    assert extraction.document.text == document.text
    for quote in extraction.quotes:
        for span in quote.content:
            assert document.text[span.start:span.end] == span.text
    assert any(t.span.text == "Tuesday" for t in extraction.timexes)  # read past the flood


def test_long_runs_of_words_are_cut_into_sentences() -> None:
    import spacy

    from dateline.guards import MAX_SENTENCE_TOKENS, cap_sentences

    nlp = spacy.blank("en")
    doc = cap_sentences(nlp("so said " * 500))  # 1,000 tokens, no sentence end
    starts = [t.i for t in doc[1:] if t.is_sent_start]
    assert starts == list(range(MAX_SENTENCE_TOKENS, 1000, MAX_SENTENCE_TOKENS))
    # a sentence end, a line break or a given boundary starts the count again
    text = ("word " * 150 + ". ") * 3 + "word " * 150 + "\n" + "word " * 150
    assert not any(t.is_sent_start for t in cap_sentences(nlp(text))[1:])


def test_prose_is_language() -> None:
    from dateline.guards import MIN_WORD_SHARE, check_language, word_share

    check_language(NEWS * 100)
    assert word_share(NEWS) > MIN_WORD_SHARE
    check_language("\u00a4\u00a6 " * 1000)  # short texts are never refused (they cost little)


@pytest.mark.parametrize("noise", ["\u00a4\u00a6\u00a7 1 ", "\u010f ", "x1 ", "12:30 "])
def test_text_that_is_mostly_not_words_is_refused(noise: str) -> None:
    from dateline.errors import NotLanguageError
    from dateline.guards import check_language

    with pytest.raises(NotLanguageError) as caught:
        check_language(NEWS + noise * (20_000 // len(noise)), source="noise.txt")
    assert caught.value.code == "E109" and "in words" in str(caught.value)


def test_a_flood_of_quotations_is_refused() -> None:
    from dateline.errors import NotLanguageError
    from dateline.guards import MAX_QUOTATION_MARKS, check_language

    check_language("\u201cSo\u201d he said. " * (MAX_QUOTATION_MARKS // 2))
    with pytest.raises(NotLanguageError, match="quotation marks"):
        check_language("\u201cSo\u201d he said. " * (MAX_QUOTATION_MARKS // 2 + 1))


@pytest.mark.model
def test_the_pipeline_refuses_noise_before_the_parse_and_goes_on() -> None:
    from dateline.api import get_pipeline
    from dateline.ingest import document_from_text

    pipeline = get_pipeline(Config())
    # no run the guards blank: "words" of single letters between digits
    noise = document_from_text("KYIV (Wire) - " + "a1b2c3 \u010f4\u017e5 " * 12_000, source="noise")
    news = document_from_text(NEWS, source="news", published="2024-03-05")
    started = time.process_time()
    refused, kept = pipeline.pipe([noise, news])
    assert refused.error is not None and refused.error.code == "E109"
    assert kept.ok and kept.extraction is not None and kept.extraction.timexes
    assert time.process_time() - started < 30  # the noise alone took minutes in the taggers


@pytest.mark.model
def test_a_flood_of_short_quotations_in_one_sentence_is_linear() -> None:
    from dateline.api import extract_document
    from dateline.ingest import document_from_text

    # 600 quotations in one 'sentence': 10.9 s in the quotes stage before the sentence cap
    text = "KYIV (Wire) - Troops shelled the city, officials said. " + "\u201cSo\u201d said " * 600
    document = document_from_text(text, published="2024-03-05")
    started = time.process_time()
    extraction = extract_document(document, Config())
    assert time.process_time() - started < 20
    for quote in extraction.quotes:
        for span in quote.content:
            assert document.text[span.start:span.end] == span.text


@pytest.mark.model
def test_ingest_reports_refused_noise_and_writes_nothing_of_it(tmp_path) -> None:
    from dateline.api import ingest
    from dateline.store import open_store

    (tmp_path / "noise.txt").write_text("KYIV (Wire) - " + "a1b2c3 \u010f4\u017e5 " * 600, encoding="utf-8")
    (tmp_path / "news.txt").write_text(
        "KYIV, March 5 (Wire) - Troops shelled the city on Tuesday, officials said.\n", encoding="utf-8")
    with open_store(tmp_path / "t.db") as store:
        report = ingest([tmp_path / "noise.txt", tmp_path / "news.txt"], Config(), store)
        assert report.stored == 1
        [(source, message)] = report.failures
        assert source.endswith("noise.txt")
        assert message.startswith("[E109]") and "characters are in words" in message
        assert "not language, not parsed" in message
        # only the news document and its rows: the refused one left nothing behind
        stats = store.stats()
        assert stats["documents"] == 1 and stats["tables"]["sentences"] == 1
        assert stats["unfused"] == 0 and store.verify() == []
