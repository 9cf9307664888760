"""The time grammar as data: negative rules, relative words, language folders; the
HeidelTime peer's output parsing and cache. Texts are our own sentences."""

from __future__ import annotations

import json
import re
from datetime import date

import pytest

from dateline.errors import ConfigError
from dateline.eval import heideltime
from dateline.nlp.time.grammar import _negative, load_grammar
from dateline.nlp.time.recognise import Match, rejected_by
from dateline.nlp.time.tagger import TimeTagger


def _verdicts(tagger: TimeTagger, text: str, surface: str) -> list[str | None]:
    """For each rule match that covers ``surface``: the negative rule that drops it, or None."""
    at = text.index(surface)
    verdicts: list[str | None] = []
    for rule in tagger.grammar.rules:
        for m in rule.regex.finditer(text):
            if m.start() <= at and at + len(surface) <= m.end():
                groups = {k: v for k, v in m.groupdict().items() if v is not None}
                match = Match(m.start(), m.end(), rule, groups, 0, spans={k: m.span(k) for k in groups})
                neg = rejected_by(tagger.grammar.negative, text, match)
                verdicts.append(neg.name if neg else None)
    assert verdicts, f"no rule matches {surface!r}"
    return verdicts


@pytest.mark.parametrize(
    ("text", "surface", "rule"),
    [
        ("They visited the Winter Palace in the snow.", "Winter", "a season in a name"),
        ("The army sent 1500 troops to the border.", "1500", "a number counting things"),
        ("Now, he says, the plan is dead.", "Now", "Now, the discourse marker"),
        ("It was held on flight 1200 from Rome.", "1200", "a number after a label"),
        ("She may visit the camp.", "may", "lower-case month"),
        ("Survivors of the Long March met again.", "March", "the Long March"),
    ],
)
def test_negative_rules_name_what_they_drop(tagger: TimeTagger, text: str, surface: str, rule: str) -> None:
    verdicts = _verdicts(tagger, text, surface)
    assert rule in verdicts and None not in verdicts, verdicts


@pytest.mark.parametrize(
    ("text", "surface"),
    [
        ("The strike came in March and ended quickly.", "March"),
        ("The treaty was signed in 1648 after long talks.", "1648"),
        ("The Civil Constitution of the Clergy (1790) split the church.", "1790"),
        ("The index is now higher.", "now"),
    ],
)
def test_negative_rules_keep_real_times(tagger: TimeTagger, text: str, surface: str) -> None:
    assert None in _verdicts(tagger, text, surface)


def test_every_negative_rule_is_named_and_explained() -> None:
    raw = json.loads((__import__("importlib").resources.files("dateline.data") / "time" / "en" / "negative.json").read_text())
    assert raw["rules"], "negative rules are data"
    for entry in raw["rules"]:
        assert entry.get("name") and entry.get("why"), entry
    assert len(load_grammar().negative) == len(raw["rules"])


def test_negative_rule_with_an_unknown_key_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="unknown key"):
        _negative({"name": "x", "befor": "the $"}, {})


def test_negative_rule_with_a_bad_regex_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="before"):
        _negative({"name": "x", "before": "(unclosed"}, {})


def test_a_language_is_a_folder() -> None:
    assert load_grammar("en") is load_grammar()
    with pytest.raises(ConfigError, match="unreadable"):
        load_grammar("xx")


def test_relative_words_come_from_the_lexicon(tagger: TimeTagger) -> None:
    lexicon = tagger.grammar.lexicon
    assert tagger.relative == lexicon["relative"]
    assert tagger.anaphoric == set(lexicon["relative_anaphoric"])
    assert "halves" not in lexicon  # was never read
    # every anaphoric word has a step
    assert tagger.anaphoric <= set(tagger.relative)


def test_relative_words_resolve_as_the_lexicon_says(tag) -> None:  # type: ignore[no-untyped-def]
    found = tag("In 1990 the pact was signed. The following year it was broken.", dct=date(2025, 7, 4))
    assert found["The following year"].value == "1991"


def test_patterns_about_names_existing_modules() -> None:
    import importlib

    about = json.loads(
        (importlib.resources.files("dateline.data") / "time" / "en" / "patterns.json").read_text()
    )["_about"]
    modules = re.findall(r"dateline\.nlp\.time\.\w+", about)
    assert modules
    for name in modules:
        importlib.import_module(name)


# --- the HeidelTime peer (no Java needed: its output format is parsed)

def test_heideltime_output_becomes_offsets_into_the_text() -> None:
    text = "Talks ended on Friday & resumed two days later.\n"
    output = (
        '<?xml version="1.0"?>\n<!DOCTYPE TimeML SYSTEM "TimeML.dtd">\n<TimeML>\n'
        'Talks ended on <TIMEX3 tid="t1" type="DATE" value="2020-05-01">Friday</TIMEX3> & resumed '
        '<TIMEX3 tid="t2" type="DURATION" value="P2D" mod="APPROX">two days</TIMEX3> later.\n\n</TimeML>\n'
    )
    found = heideltime.parse_output(output, text)
    assert [text[s:e] for s, e, *_ in found] == ["Friday", "two days"]  # type: ignore[misc]
    assert found[1][2:] == ["DURATION", "P2D", "APPROX"]


def test_heideltime_offsets_survive_a_changed_copy_of_the_text() -> None:
    text = "On  Monday the\tvote."
    output = '<TimeML>\nOn Monday the vote.\n</TimeML>'.replace("Monday", '<TIMEX3 type="DATE" value="X">Monday</TIMEX3>')
    found = heideltime.parse_output(output, text)
    assert [text[s:e] for s, e, *_ in found] == ["Monday"]  # type: ignore[misc]


def test_heideltime_cache_holds_offsets_and_values_only() -> None:
    cache = heideltime.load_cache()
    assert cache, "the HeidelTime cache is committed"
    for key, entries in cache.items():
        digest, dct, version, kind = key.split("|")
        assert re.fullmatch(r"[0-9a-f]{20}", digest) and version == heideltime.VERSION
        assert kind in ("news", "narratives") and (not dct or re.fullmatch(r"\d{4}-\d{2}-\d{2}", dct))
        for start, end, kind_, value, mod in entries:
            assert isinstance(start, int) and isinstance(end, int) and start < end
            assert kind_ in ("DATE", "TIME", "DURATION", "SET")
            assert value is None or isinstance(value, str)
            assert mod is None or isinstance(mod, str)
