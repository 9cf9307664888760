"""The learning curve's helpers: nested subsets, the log fit, and the classes of
false events (hand-built extractions, no parse)."""

from __future__ import annotations

import math
from typing import Any

import pytest

from dateline.eval.articles import GoldArticle, score_article, summarize
from dateline.eval.event_curve import (
    LabelTyper,
    articles_for,
    false_events,
    log_fit,
    quoted_in,
    subsample,
)
from dateline.model import Actor, Document, Event, Extraction, Sentence

TEXT = "Russia shelled Kharkiv on Monday. Poland said it may send tanks. The march ended. Troops shelled the city again."


def _extraction(events: list[Event]) -> Extraction:
    sentences = [Sentence(0, 0, 33, 0), Sentence(1, 34, 64, 0), Sentence(2, 65, 81, 0), Sentence(3, 82, len(TEXT), 0)]
    document = Document(id="d1", text=TEXT, published="2022-03-16", sentences=sentences)
    actors = [Actor("country:RUS", "Russia", code="RUS", kind="country"),
              Actor("country:POL", "Poland", code="POL", kind="country")]
    return Extraction(document=document, actors=actors, events=events)


def _event(event_id: str, kind: str, word: str, **fields) -> Event:
    document = Document(id="d1", text=TEXT, sentences=[Sentence(0, 0, len(TEXT), 0)])
    start = TEXT.index(word)
    return Event(event_id, kind, mentions=[document.mention(start, start + len(word))], **fields)


GOLD: dict[str, Any] = {
    "events": [
        {"id": "shell", "event": "ASSAULT", "actor": ["RUS"], "evidence_contains": "shelled Kharkiv on Monday"},
        {"id": "tanks", "event": "AID", "actor": ["POL"], "evidence_contains": "may send tanks"},
    ],
    "must_not": [{"event": "PROTEST", "evidence_contains": "The march ended"}],
}


def test_subsets_are_nested_seeded_and_never_empty() -> None:
    names = [f"article{i}" for i in range(48)]
    quarter, half = subsample(names, 0.25, 7), subsample(names, 0.5, 7)
    assert len(quarter) == 12 and len(half) == 24
    assert set(quarter) <= set(half)
    assert subsample(names, 0.25, 7) == quarter
    assert subsample(names, 0.25, 8) != quarter
    assert subsample(names, 1.0, 3) == sorted(names)
    assert len(subsample(names[:3], 0.1, 1)) == 1
    assert subsample(names, 0.0, 1) == []


def test_the_log_fit_finds_the_line_and_where_it_reaches_a_target() -> None:
    xs = [12, 24, 36, 48]
    a, b = log_fit(xs, [0.5 + 0.1 * math.log(x) for x in xs])
    assert a == pytest.approx(0.5) and b == pytest.approx(0.1)
    assert articles_for(0.5 + 0.1 * math.log(100), a, b) == pytest.approx(100)
    assert articles_for(0.9, 0.7, 0.0) == math.inf


def test_each_false_event_gets_one_class_and_matched_events_none() -> None:
    events = [
        _event("e1", "ASSAULT", "shelled Kharkiv", actor=["country:RUS"]),  # right
        _event("e2", "COERCE", "send", actor=["country:POL"]),  # wrong type on the evidence
        _event("e3", "CONSULT", "said", actor=["country:POL"]),  # wrong type, same sentence, off the evidence
        _event("e4", "PROTEST", "march"),  # asserted on the trap
        _event("e5", "ASSAULT", "shelled the city", actor=["country:RUS"]),  # the matched shelling again
    ]
    extraction = _extraction(events)
    article = GoldArticle("a", TEXT, GOLD)
    classes = {e.id: kind for kind, e in false_events(article, extraction)}
    assert classes == {"e2": "wrong_type_on_evidence", "e3": "wrong_type_in_sentence", "e4": "trap", "e5": "duplicate"}
    # the classes cover exactly what the scorer counts as false
    summary = summarize([score_article(article, extraction)])
    assert summary["precision"] == pytest.approx(1 / 5)


def test_a_gold_events_other_mention_is_missed_elsewhere_and_a_new_happening_unlisted() -> None:
    events = [
        _event("e1", "AID", "shelled the city", actor=["country:POL"]),  # the AID gold's type, AID missed
        _event("e2", "ASSAULT", "Troops", actor=["country:POL"]),  # ASSAULT, but another doer than the gold's
        _event("e3", "SANCTION", "again"),
    ]
    classes = {e.id: kind for kind, e in false_events(GoldArticle("a", TEXT, GOLD), _extraction(events))}
    assert classes == {"e1": "missed_elsewhere", "e2": "unlisted", "e3": "unlisted"}


def test_a_mention_the_gold_note_quotes_is_a_repeat_whatever_its_actor() -> None:
    note = "also 'Troops shelled the city ... again', 'Poland said it'"
    gold = {"events": [{**GOLD["events"][0], "note": note}, GOLD["events"][1]]}
    events = [
        _event("e1", "ASSAULT", "shelled Kharkiv", actor=["country:RUS"]),
        _event("e2", "ASSAULT", "Troops", actor=["country:POL"]),  # another doer, but the note lists the sentence
        _event("e3", "COERCE", "shelled the city"),  # the listed mention with a type the gold does not allow
        _event("e4", "ASSAULT", "said"),  # in the AID gold's sentence, but a mention the ASSAULT gold lists
    ]
    classes = {e.id: kind for kind, e in false_events(GoldArticle("a", TEXT, gold), _extraction(events))}
    assert classes == {"e2": "duplicate", "e3": "repeat_wrong_type", "e4": "duplicate"}


def test_only_quoted_passages_of_three_words_or_more_count() -> None:
    assert quoted_in("also 'the talks in Minsk ... ended early'", "The talks in Minsk ended early.") is False
    assert quoted_in("also 'the talks in Minsk ... ended early'", "Yes, the talks in Minsk ended early.") is True
    assert quoted_in("heading \u201cTalks end\u201d", "Talks end") is False


def test_the_label_typer_gives_each_candidate_its_rows_label() -> None:
    from dateline.eval.event_typer import Row
    from dateline.nlp.events.learned import CandidateSample

    def sample(word: str, trigger: int, event: str) -> CandidateSample:
        return CandidateSample([word], ["CR=root"], trigger=trigger, event=event)

    rows = [Row(sample("shelled", 1, "ASSAULT"), "ASSAULT", "a", "ASSAULT", True),
            Row(sample("said", 4, "CONSULT"), "NONE", "a", "CONSULT", True),
            Row(sample("said", 4, "ACCUSE"), "ACCUSE", "a", "ACCUSE", True)]
    typer = LabelTyper(rows, "root")
    asked = [sample("said", 4, "ACCUSE"), sample("said", 4, "CONSULT"), sample("shelled", 1, "ASSAULT")]
    assert typer.decide_sentence(asked, ["ACCUSE", "CONSULT", "ASSAULT"]) == [
        ("ACCUSE", 1.0), ("NONE", 1.0), ("ASSAULT", 1.0)]
    # a candidate no row has keeps its lexicon type (an open one: no event), and is counted
    assert typer.decide_sentence([sample("sent", 9, "AID"), sample("went", 11, "")], ["AID", None]) == [
        ("AID", 1.0), ("NONE", 1.0)]
    assert typer.unknown == 2
