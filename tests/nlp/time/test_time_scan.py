"""Windowed search (scan.py) finds exactly what a whole-text finditer finds."""

from __future__ import annotations

import re

import pytest

from dateline.nlp.time.grammar import load_grammar
from dateline.nlp.time.prefilter import fold, triggers_of
from dateline.nlp.time.scan import Scanner

TEXTS = [
    "On Monday\n\n  at 5  pm Tuesday, 12,000,000,000 years ago the talks resumed.",
    "'22 and\t\t\tthe 1990s,   May 5 , 2022 at 10:30 GMT; three days later at 10 pm\n  GMT",
    "x" * 80 + " 3 days later\n10 pm  \n  GMT, every two weeks, twice a year, over the past 48 hours",
    "The 75th anniversary of the 1945 victory fell on 9 May, two hours before noon on Friday.",
    "No dates at all in this sentence.",
    "\u0130stanbul on 1 March 2022, then 2,500 days of war from 24 February 2022 to the end of May.",
]


def _matches(found: list[re.Match[str]]) -> list[tuple[tuple[int, int], dict[str, str | None]]]:
    return [(m.span(), m.groupdict()) for m in found]


@pytest.mark.parametrize("text", TEXTS)
def test_grammar_rules_find_what_finditer_finds(text: str) -> None:
    rules = load_grammar("en").rules
    scan = Scanner([(rule.regex, rule.triggers) for rule in rules]).text(text, fold(text))
    for index, rule in enumerate(rules):
        assert _matches(list(scan.finditer(index))) == _matches(list(rule.regex.finditer(text))), rule.name


def test_unbounded_repeats_are_bounded_by_the_longest_run_in_the_text() -> None:
    regex = re.compile(r"(?<!\w)(?:\d+\s*days)(?=\s*(?:ago|later)\b)", re.IGNORECASE)
    text = "after 1234567890   days \t\n ago, and 5 days later, 7 days  earlier"
    scan = Scanner([(regex, triggers_of(regex))]).text(text, fold(text))
    assert [m.group() for m in scan.finditer(0)] == ["1234567890   days", "5 days"]


def test_rules_without_a_bound_or_triggers_are_searched_whole() -> None:
    backref = re.compile(r"(\w+) \1 day")  # a back reference has no width bound
    empty = re.compile(r"(?:day)?")  # may match the empty string
    text = "day day day and day"
    scanner = Scanner([(backref, triggers_of(backref)), (empty, triggers_of(empty))])
    scan = scanner.text(text, fold(text))
    for index, regex in enumerate((backref, empty)):
        assert _matches(list(scan.finditer(index))) == _matches(list(regex.finditer(text)))
