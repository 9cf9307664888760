"""``dateline eval articles``: scoring rules on hand-built extractions, and the floors
on the ukwar-dev gold (eval/floors/articles.json)."""

from __future__ import annotations

from pathlib import Path

import pytest

from dateline.eval.articles import GoldArticle, date_ok, score_article, speaker_matches, summarize
from dateline.eval.floors import below_floors, load_floors
from dateline.model import Actor, Document, Event, Extraction, Sentence

TEXT = "Russia shelled Kharkiv on Monday. Poland said it may send tanks. The march ended."


def _extraction(events: list[Event]) -> Extraction:
    sentences = [Sentence(0, 0, 33, 0), Sentence(1, 34, 64, 0), Sentence(2, 65, len(TEXT), 0)]
    document = Document(id="d1", text=TEXT, published="2022-03-16", sentences=sentences)
    actors = [
        Actor("country:RUS", "Russia", code="RUS", kind="country"),
        Actor("country:UKR", "Ukraine", code="UKR", kind="country"),
        Actor("country:POL", "Poland", code="POL", kind="country"),
    ]
    return Extraction(document=document, actors=actors, events=events)


def _event(text: str, event_id: str, kind: str, start: int, end: int, **fields) -> Event:
    document = Document(id="d1", text=text, sentences=[Sentence(0, 0, len(text), 0)])
    return Event(event_id, kind, mentions=[document.mention(start, end)], **fields)


GOLD = {
    "events": [
        {"id": "shell", "event": "ASSAULT", "actor": ["RUS"], "recipient": ["UKR"], "date": "2022-W11",
         "evidence_contains": "shelled Kharkiv on Monday"},
        {"id": "tanks", "event": "AID", "actor": ["POL"], "aux": ["hypothetical"],
         "evidence_contains": "may send tanks"},
    ],
    "must_not": [{"event": "PROTEST", "evidence_contains": "The march ended"}],
    "quotes": [],
}


def test_scores_a_full_match_a_wrong_field_a_false_event_and_a_trap() -> None:
    events = [
        _event(TEXT, "e1", "ASSAULT", 7, 14, actor=["country:RUS"], recipient=["country:UKR"], date="2022-03-14"),
        _event(TEXT, "e2", "AID", 53, 57, actor=["country:POL"]),  # aux missing
        _event(TEXT, "e3", "PROTEST", 69, 74),  # asserted, on the trap
    ]
    extraction = _extraction(events)
    score = score_article(GoldArticle("a", TEXT, GOLD), extraction)
    summary = summarize([score])
    assert summary["precision"] == pytest.approx(2 / 3)
    assert summary["typed_recall"] == 1.0
    assert summary["full_recall"] == 0.5
    assert summary["full_among_system"] == pytest.approx(1 / 3)
    assert summary["aux_accuracy"] == 0.5
    assert summary["actor_accuracy"] == 1.0
    assert summary["traps"] == 1.0
    assert summary["no_actor_share"] == pytest.approx(1 / 3)
    assert any(line.startswith("wrong aux") for line in score.errors)
    assert any(line.startswith("trap PROTEST") for line in score.errors)


def test_a_null_among_the_other_right_speakers_accepts_nobody_and_never_crashes() -> None:
    from dateline.model import Quote, Span, Speaker

    def quote(name: str | None) -> Quote:
        return Quote("q1", "indirect", None, [Span.of(TEXT, 40, 64)], Speaker(None, None, name))

    gold = {"events": [], "quotes": [{"speaker": "Poland", "also_ok_speaker": [None], "content_contains": "may send tanks"}]}
    for name, right in ((None, 1), ("Poland", 1), ("Russia", 0)):
        extraction = _extraction([])
        extraction.quotes = [quote(name)]
        counts = score_article(GoldArticle("a", TEXT, gold), extraction).counts
        assert (counts["quotes_found"], counts["speaker_ok"]) == (1, right)


def test_speakers_are_also_scored_by_the_kind_of_source_phrase() -> None:
    from dateline.eval.articles import source_kind
    from dateline.model import Quote, Span, Speaker

    def quote(source: tuple[int, int] | None, name: str | None) -> Quote:
        span = None if source is None else Span.of(TEXT, *source)
        return Quote("q1", "indirect", None, [Span.of(TEXT, 40, 64)], Speaker(span, None, name))

    text = "He said it. The minister said. Poland said. They said. Officials said."
    kinds = [source_kind(Quote("q", "direct", None, [], Speaker(Span.of(text, s, e)))) for s, e in
             ((0, 2), (12, 24), (31, 37), (44, 48), (55, 64))]
    assert kinds == ["he_she", "description", "name", "other", "name"]
    assert source_kind(quote(None, "Poland")) == "no_source"
    gold = {"events": [], "quotes": [{"speaker": "Poland", "content_contains": "may send tanks"}]}
    extraction = _extraction([])
    extraction.quotes = [quote((34, 40), "Poland")]
    summary = summarize([score_article(GoldArticle("a", TEXT, gold), extraction)])
    assert summary["speaker_quotes_name"] == 1.0 and summary["speaker_accuracy_name"] == 1.0
    assert summary["speaker_quotes_he_she"] == 0.0 and summary["speaker_accuracy_he_she"] == 0.0


def test_a_not_asserted_event_on_a_trap_is_no_trap_and_a_wrong_type_is_no_match() -> None:
    events = [
        _event(TEXT, "e1", "COERCE", 7, 14, actor=["country:RUS"]),
        _event(TEXT, "e3", "PROTEST", 69, 74, aux=["negation"]),
    ]
    summary = summarize([score_article(GoldArticle("a", TEXT, GOLD), _extraction(events))])
    assert summary["typed_recall"] == 0.0
    assert summary["precision"] == 0.0
    assert summary["traps"] == 0.0


def test_week_dates_match_any_day_inside_and_prefixes_match() -> None:
    assert date_ok("2022-03-20", {"date": "2022-W11"})
    assert not date_ok("2022-03-21", {"date": "2022-W11"})
    assert date_ok("2022-03-21", {"date": "2022-03"})
    assert date_ok("2021", {"date": "2022", "also_ok_date": ["2021"]})
    assert not date_ok(None, {"date": "2022"})
    assert date_ok(None, {})


def test_speakers_match_across_transliterations_but_not_across_people() -> None:
    assert speaker_matches("Aleksandr Lukashenko", "Alexander Lukashenko")
    assert speaker_matches("Volodymyr Zelensky", "Volodymyr Zelenskyy")
    assert speaker_matches("Ukraine's Defense Ministry", "Ukraine's Defense Ministry")
    assert not speaker_matches("Olaf Scholz", "Frank-Walter Steinmeier")
    assert not speaker_matches("Olaf Scholz", None)


@pytest.mark.shared
@pytest.mark.model
@pytest.mark.slow
def test_ukwar_dev_meets_floors(shared_dir: Path) -> None:
    from dateline.eval.articles import evaluate_articles

    folder = shared_dir / "eval" / "ukwar-dev"
    if not folder.is_dir():
        pytest.skip(f"ukwar-dev gold not found at {folder}")
    scores, articles = evaluate_articles(folder)
    assert scores["articles"] == 40 and scores["unlocated_gold"] == 0
    floors = load_floors("articles")
    assert floors, "articles floors are pinned"
    assert below_floors(scores, floors) == []
