"""The recogniser's keyword prefilter: each rule's necessary literals are derived from
its pattern, and skipping the rules whose literals a text lacks changes no match.
Texts are our own sentences."""

from __future__ import annotations

import re

import pytest

from dateline.nlp.time import recognise
from dateline.nlp.time.grammar import load_grammar
from dateline.nlp.time.prefilter import DIGIT, fold, may_match, present, triggers_of
from dateline.nlp.time.tagger import TimeTagger


def _triggers(pattern: str) -> frozenset[str] | None:
    return triggers_of(re.compile(pattern, re.IGNORECASE))


def test_a_sequence_takes_its_most_selective_necessary_part() -> None:
    assert _triggers(r"(?:last|this past) (?:Monday|Tuesday)") == {"monday", "tuesday"}
    assert _triggers(r"\d+ (?:years?|months?) ago") == {" ago"}


def test_optional_parts_and_lookarounds_give_no_trigger() -> None:
    assert _triggers(r"(?:early )?\d{4}") == {DIGIT}
    assert _triggers(r"(?:soon)?(?!x).") is None
    assert _triggers(r"(?:now|\w+)") is None  # one branch may be any word


def test_a_literal_that_contains_another_is_dropped() -> None:
    assert _triggers(r"(?:apr|april|may)") == {"apr", "may"}


def test_text_is_folded_as_ignorecase_folds_ascii_letters() -> None:
    # U+212A KELVIN SIGN matches "k" under re.IGNORECASE; U+0130 matches "i".
    assert "week" in fold("WEE\u212a")
    assert "friday" in fold("FR\u0130DAY")
    assert may_match(frozenset({"week"}), fold("Next WEEK"), present("Next WEEK"))
    assert not may_match(frozenset({"week"}), fold("no such word"), present("no such word"))
    assert may_match(frozenset({DIGIT}), fold("in 1999"), present("in 1999"))
    assert not may_match(frozenset({DIGIT}), fold("in May"), present("in May"))


def test_every_rule_of_the_grammar_has_triggers() -> None:
    # Not required for correctness, but a rule without any makes the prefilter useless for it.
    missing = [rule.name for rule in load_grammar().rules if rule.triggers is None]
    assert missing == []


@pytest.mark.parametrize(
    "text",
    [
        "Talks resumed on Friday, three weeks after the ceasefire of March 3, 1999.",
        "He sold it in October; the deal runs until September 2001 and every evening since.",
        "Now, she said, the 1990s were a decade of growth. The next decade will be lean.",
        "Two hours later the WEE\u212aLY paper came out, at 5 p.m. EST on Tuesday.",
        "Nothing here is a time at all, only words.",
    ],
)
def test_the_prefilter_changes_no_match(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    tagger = TimeTagger()

    def spans() -> list[tuple[int, int, str]]:
        return [(m.start, m.end, m.rule.name) for m in tagger.find(text)]

    filtered = spans()
    monkeypatch.setattr(recognise, "may_match", lambda *args: True)
    assert spans() == filtered
