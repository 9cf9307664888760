"""``dateline eval speakers``: locating gold quotes, matching speakers, the pinned floors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dateline.eval.floors import below_floors, load_floors
from dateline.eval.speakers import (
    Article,
    GoldQuote,
    Tally,
    load_ggt,
    object_id_date,
    score_article,
    speaker_matches,
)
from dateline.model import Document, Extraction, Quote, Span, Speaker

TEXT = (
    "Mayor Ada Lindqvist said the bridge would open. \u201cIt is ready,\u201d she said. "
    "Analysts said the cost was high."
)


def _quote(start: int, end: int, speaker: Speaker) -> Quote:
    return Quote(id=f"q{start}", kind="direct", cue=None, content=[Span.of(TEXT, start, end)], speaker=speaker)


def test_load_ggt_locates_quotes_by_text_not_offsets(tmp_path: Path) -> None:
    row = {
        "_id": "a1",
        "articleBodyText": TEXT,
        "people": ["Ada Lindqvist"],
        "quotations": [
            # the offsets are wrong on purpose: the text decides
            {"quote": "\u201cIt is ready,\u201d", "quote_index": "(0,5)", "reference": "Ada Lindqvist"},
            {"quote": "the cost was high", "quote_index": "(99,120)", "reference": "Analysts"},
            {"quote": "never written here", "quote_index": "(0,5)", "reference": "Nobody"},
        ],
    }
    path = tmp_path / "ggt.jsonl"
    path.write_text(json.dumps(row) + "\n", encoding="utf-8")
    (article,) = load_ggt(path)
    first, second = article.quotes
    assert TEXT[first.start : first.end] == "\u201cIt is ready,\u201d" and first.person
    assert TEXT[second.start : second.end] == "the cost was high" and not second.person
    assert article.unlocated == 1


def test_person_speaker_matches_by_surname() -> None:
    gold = GoldQuote(0, 5, "Ada Lindqvist", True)
    she = Span.of(TEXT, TEXT.index("she"), TEXT.index("she") + 3)
    assert speaker_matches(gold, _quote(0, 5, Speaker(she, "prov:ada-lindqvist", "Ada Lindqvist")))
    assert not speaker_matches(gold, _quote(0, 5, Speaker(she)))  # a pronoun alone is not a person
    assert not speaker_matches(gold, _quote(0, 5, Speaker(she, "prov:bo", "Bo Lind")))


def test_hyphenated_names_match_their_spaced_spelling() -> None:
    gold = GoldQuote(0, 5, "Ri Song-hwa", True)
    assert speaker_matches(gold, _quote(0, 5, Speaker(None, "prov:ri-song-hwa", "Ri Song Hwa")))
    assert not speaker_matches(gold, _quote(0, 5, Speaker(None, "prov:ri-song", "Ri Song")))


def test_the_article_date_comes_from_its_object_id() -> None:
    # an ObjectId opens with its Unix time: 0x5c145270 is 2018-12-15
    assert object_id_date("5c1452701e67d78e276ee126") == "2018-12-15"
    assert object_id_date("a1") is None


def test_unnamed_source_matches_its_description_and_organisation_its_name() -> None:
    analysts = Span.of(TEXT, TEXT.index("Analysts"), TEXT.index("Analysts") + 8)
    assert speaker_matches(GoldQuote(0, 5, "Analysts", False), _quote(0, 5, Speaker(analysts)))
    samsung = GoldQuote(0, 5, "Samsung Electronics Co.", False)
    assert speaker_matches(samsung, _quote(0, 5, Speaker(analysts, "prov:org:samsung", "Samsung")))
    assert not speaker_matches(samsung, _quote(0, 5, Speaker(analysts)))


def test_score_article_splits_misses() -> None:
    start = TEXT.index("\u201c")
    end = TEXT.index("\u201d") + 1
    analysts_at = TEXT.index("the cost")
    article = Article("a1", TEXT, [
        GoldQuote(start, end, "Ada Lindqvist", True),
        GoldQuote(analysts_at, analysts_at + 17, "Analysts", False),
        GoldQuote(0, 5, "Ada Lindqvist", True),
    ])
    she = Span.of(TEXT, TEXT.index("she"), TEXT.index("she") + 3)
    extraction = Extraction(
        document=Document(id="d", text=TEXT),
        quotes=[_quote(start + 1, end - 2, Speaker(she)), _quote(analysts_at, analysts_at + 8, Speaker(None))],
    )
    tally = Tally()
    score_article(article, extraction, tally)
    assert tally.gold == 3 and tally.found == 2 and tally.resolved == 0
    assert tally.misses == {"span only": 1, "no speaker": 1, "not found": 1}


@pytest.mark.shared
@pytest.mark.model
def test_ggt_dev_meets_floors(shared_dir: Path) -> None:
    from dateline.eval.speakers import evaluate_speakers, headline

    path = shared_dir / "data" / "ggt" / "ggt-dev.jsonl"
    if not path.is_file():
        pytest.skip("GGT dev file not found")
    report = evaluate_speakers(path)
    floors = load_floors("speakers")
    assert floors, "no floors pinned for speakers"
    assert below_floors(headline(report), floors) == []


def test_an_unnamed_source_is_matched_on_the_head_noun_not_its_modifier() -> None:
    from dateline.eval.speakers import _head

    assert _head("sources familiar with the negotiations") == "sources"
    assert _head("residents of the town") == "residents"
    assert _head("Some voters") == "voters"
    text = "Sources said it was close."
    sources = Span.of(text, 0, 7)
    gold = GoldQuote(0, 5, "sources familiar with the negotiations", False)
    assert speaker_matches(gold, _quote(0, 5, Speaker(sources)))
