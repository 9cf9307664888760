"""One happening, one event across a document (``coalesce``), and the modality a
bare noun takes from its clause verb (``clause_modes``)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from dateline.nlp.events.coalesce import best_dated, coalesce, same_happening, same_time


def mention(
    event: str = "ASSAULT",
    *,
    word: str = "attack",
    start: int = 0,
    aux: set[str] | None = None,
    codes: set[str] | None = None,
    recipients: set[str] | None = None,
    inferred: set[str] | None = None,
    date: str | None = None,
    confidence: float = 0.9,
    place: str | None = None,
    grammar: set[str] | None = None,
):
    trigger = SimpleNamespace(lemma_=word, lower_=word)
    return SimpleNamespace(
        event=event,
        aux=aux or set(),
        grammar_aux=grammar or set(),
        actors=sorted(codes or ()),
        codes=codes or set(),
        recipient_codes=recipients or set(),
        inferred_codes=inferred or set(),
        date=date,
        date_confidence=confidence if date else 0.0,
        location=None if place is None else SimpleNamespace(name=place),
        cand=SimpleNamespace(trigger=trigger, start=start),
    )


def test_second_mention_without_parties_joins_the_named_happening():
    first, second = [mention(codes={"RUS"}, recipients={"UKR"})], [mention(word="invasion", start=50)]
    assert same_happening(first, second)
    groups = coalesce([first, second], lambda g: g, lambda g: False)
    assert groups == [first] and len(first) == 2


@pytest.mark.parametrize(
    "other",
    [
        mention("SANCTION", codes={"RUS"}),  # another type
        mention(codes={"RUS"}, aux={"hypothetical"}),  # a feared attack is not the one that happened
        mention(codes={"UKR"}),  # another doer
        mention(codes={"RUS"}, recipients={"POL"}),  # another target
        mention(codes={"RUS"}, date="2022-03-01"),  # another day
        mention(codes={"RUS"}, place="Kharkiv"),  # another place
        mention(codes={"RUS"}, aux={"historical"}),  # an earlier war
    ],
)
def test_different_happenings_stay_apart(other):
    base = [mention(codes={"RUS"}, recipients={"UKR"}, date="2022-02-24", place="Kyiv")]
    assert not same_happening(base, [other])
    assert len(coalesce([base, [other]], lambda g: g, lambda g: False)) == 2


def test_dates_at_different_precision_agree():
    assert same_happening([mention(date="2022-02")], [mention(date="2022-02-24")])


@pytest.mark.parametrize(
    ("wider", "sharper", "same"),
    [
        ("2022-W33", "2022-08-18", True),  # "this week" holds its Thursday
        ("2022-08", "2022-08-18", True),
        ("2022", "2022-08-18", True),
        ("2022-08-18", "2022-08-18", True),
        ("2022-W33", "2022-08-25", False),  # the next week's Thursday
        ("2022-W33", "2022-W34", False),
        ("2014", "2022-02-24", False),
        ("2022-07", "2022-02", False),
    ],
)
def test_dates_name_one_day_when_one_holds_the_other(wider, sharper, same):
    assert same_time(wider, sharper) is same
    assert same_time(sharper, wider) is same
    assert same_happening([mention(date=wider)], [mention(date=sharper)]) is same


def test_a_date_no_surer_than_the_speech_date_sets_nothing_apart():
    # "the most powerful cyberattack since the start of the invasion occurred on
    # August 16": the day of the sentence is not the invasion's
    dated = [mention(codes={"RUS"}, date="2022-02", confidence=0.81)]
    assert same_happening(dated, [mention(codes={"RUS"}, date="2022-08-16", confidence=0.45)])
    assert not same_happening(dated, [mention(codes={"RUS"}, date="2022-08-16", confidence=0.55)])


def test_the_sharper_date_inside_the_surest_dates_the_event():
    week = mention(date="2022-W30", confidence=0.62)
    day = mention(date="2022-07-26", confidence=0.45, start=40)
    assert best_dated([week, day]) is day
    elsewhere = mention(date="2022-08-02", confidence=0.45, start=40)
    assert best_dated([week, elsewhere]) is week
    fallback = mention(date="2022-07-26", confidence=0.3, start=40)  # the report's day: no date of its own
    assert best_dated([week, fallback]) is week


def test_an_uncoded_name_does_not_replace_an_inferred_coded_doer():
    named = [mention(codes={"prov:org:river"})]
    inferred = [mention(inferred={"RUS"})]
    assert not same_happening(named, inferred)
    assert same_happening([mention(codes={"RUS"})], inferred)


def test_a_bare_noun_joins_only_a_group_with_its_word():
    named = [mention(word="shell", codes={"RUS"})]
    bare = [mention(word="attack", start=80)]
    assert len(coalesce([named, bare], lambda g: g, lambda g: g is bare)) == 2
    again = [mention(word="shell", start=90)]
    assert len(coalesce([named, again], lambda g: g, lambda g: g is again)) == 1


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "word", "mode"),
    [
        ("Officials said an invasion could happen as soon as Wednesday.", "invasion", "hypothetical"),
        ("The worst case would involve massive attacks on the capital.", "attacks", "hypothetical"),
        ("If there is an invasion, there would be severe costs.", "invasion", "hypothetical"),
        ("Officials warned of the threat of an attack on the capital.", "attack", "hypothetical"),
        ("The talks will begin on Monday in the capital.", "talks", "future"),
    ],
)
def test_a_bare_noun_takes_the_modality_of_its_clause(nlp, text, word, mode):
    from dateline.nlp.events.modality import clause_modes
    from dateline.nlp.events.resources import load_resources
    from dateline.nlp.events.syntax import Candidate

    res = load_resources()
    doc = nlp(text)
    token = next(t for t in doc if t.text == word)
    cand = Candidate(token, SimpleNamespace(), "ASSAULT", None)
    assert mode in clause_modes(cand, res)


@pytest.mark.model
def test_a_real_event_in_a_plain_clause_keeps_no_mode(nlp):
    from dateline.nlp.events.modality import clause_modes
    from dateline.nlp.events.resources import load_resources
    from dateline.nlp.events.syntax import Candidate

    doc = nlp("The attack on the capital killed five people on Monday.")
    token = next(t for t in doc if t.text == "attack")
    assert clause_modes(Candidate(token, SimpleNamespace(), "ASSAULT", None), load_resources()) == set()


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "point"),
    [
        ("It was the most powerful cyberattack since the start of the Russian invasion.", True),
        ("They agreed a deal last month to unblock exports after Russia's invasion.", True),
        ("Prices rose before the attack on the port.", True),
        ("The invasion began on Monday.", False),
        ("Officials spoke during the invasion on Monday.", False),  # the time of the invasion itself
    ],
)
def test_a_noun_event_named_as_a_time_reference_point(nlp, text, point):
    from dateline.nlp.events.dates import _reference_point

    doc = nlp(text)
    token = next(t for t in doc if t.lower_ in ("invasion", "attack"))
    assert _reference_point(token) is point


def test_mentions_whose_events_state_one_feared_happening_join():
    """"a Russian attack" (the worst scenario: hypothetical by its grammar)
    and "would involve attacks" (hypothetical by its own verb) state one
    feared attack; a planned one stays apart (one reported done joins as
    before: a grammar mark on one mention does not split a happening)."""
    feared = [mention(codes={"RUS"}, grammar={"hypothetical"})]
    assert same_happening(feared, [mention(word="attacks", codes={"RUS"}, aux={"hypothetical"})])
    assert not same_happening(feared, [mention(codes={"RUS"}, aux={"future"})])


def test_a_feared_happening_has_no_day_that_sets_its_mentions_apart():
    """"fears of an invasion" (dated by the report) and "an invasion could
    happen as soon as Wednesday" are one feared invasion; done ones on two
    days are two."""
    one = [mention(codes={"RUS"}, aux={"hypothetical"}, date="2022-02-12")]
    assert same_happening(one, [mention(codes={"RUS"}, aux={"hypothetical"}, date="2022-02-16")])
    assert not same_happening([mention(codes={"RUS"}, date="2022-02-12")], [mention(codes={"RUS"}, date="2022-02-16")])
