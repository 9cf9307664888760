"""Statement events (``statements.py``): what a quote's content does, as an event
of its speaker. Our own sentences and hand-made actors/quotes (conftest)."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from dateline.config import Config
from dateline.model import Event, Mention, Span
from dateline.nlp.events.statements import (
    NONE,
    StatementModel,
    covered,
    load_cues,
    load_statement_model,
)

from .conftest import codes

# -- the model (no parse) -----------------------------------------------------------


def _toy() -> StatementModel:
    vocab = {"lex:accuse": 0, "lex:reject": 1, "party": 2}
    coef = np.array([[3.0, -2.0, 1.0], [-2.0, 3.0, 0.0]])
    return StatementModel(("ACCUSE", "REJECT"), vocab, coef, np.array([-2.0, -2.0]), {"ACCUSE": 0.7, "REJECT": 0.9}, {})


def test_decide_takes_the_likeliest_type_over_its_threshold():
    model = _toy()
    probs = model.probabilities([["lex:accuse", "party"], ["lex:reject"], ["party"], ["unknown-feature"]])
    assert model.decide(probs[0])[0] == "ACCUSE"
    # REJECT reaches 0.73 here, below its own threshold (0.9)
    assert 0.7 < probs[1][1] < 0.9 and model.decide(probs[1])[0] == NONE
    assert model.decide(probs[2])[0] == NONE
    assert model.decide(probs[3]) == (NONE, 0.0)


def test_a_statement_events_confidence_is_the_models_out_of_fold_precision():
    probs = _toy().probabilities([["lex:accuse", "party"]])[0]
    assert probs[0] > 0.85  # the balanced model's raw probability
    calibrated = replace(_toy(), meta={"out_of_fold": {"precision": 0.72}})
    assert calibrated.decide(probs) == ("ACCUSE", 0.72)
    assert _toy().decide(probs) == ("ACCUSE", pytest.approx(float(probs[0])))  # no record: the probability


def test_model_round_trips_through_json():
    model = _toy()
    again = StatementModel.from_json(model.to_json())
    sample = [["lex:accuse", "party"]]
    assert again.classes == model.classes and again.thresholds == model.thresholds
    assert np.allclose(again.probabilities(sample), model.probabilities(sample))


def test_shipped_model_is_usable():
    model = load_statement_model()
    types, cues = load_cues()
    assert model.classes and set(model.classes) <= set(types)
    assert all(0.0 < t <= 1.0 for t in model.thresholds.values())
    assert model.coef.shape == (len(model.classes), len(model.vocab))
    assert {"accuse", "reject", "request", "negation"} <= set(cues)


def test_covered_means_same_type_in_the_sentence():
    text = "Paris condemned it. Berlin agreed."
    event = Event("e1", "ACCUSE", mentions=[Mention(0, 9, "Paris con")])

    class Sent:  # the two things covered() reads of a spaCy sentence
        start_char, end_char = 0, 19

    assert covered([event], "ACCUSE", Sent())
    assert not covered([event], "REJECT", Sent())
    Sent.start_char, Sent.end_char = 20, len(text)
    assert not covered([event], "ACCUSE", Sent())


# -- end to end on our own texts (spaCy) ---------------------------------------------

ACCUSING = (
    "Macron said that Russia's aggression is a crime and that Russia's propaganda is a cynical lie "
    "meant to hide the atrocities of its troops in Ukraine."
)
CONTENT = (
    "Russia's aggression is a crime and that Russia's propaganda is a cynical lie meant to hide "
    "the atrocities of its troops in Ukraine"
)


def _statements(extraction):
    """The events the statement step added (ids ``<doc>-s<n>``)."""
    return [e for e in extraction.events if e.id.rsplit("-", 1)[-1].startswith("s")]


@pytest.mark.model
def test_accusing_quote_becomes_an_accuse_event_of_its_speaker(analyse, run_events):
    analysis = analyse(ACCUSING, quotes=[(CONTENT, "person:macron")])
    _cue(analysis, "said")
    extraction = run_events(analysis)
    accuse = [e for e in extraction.events if e.event == "ACCUSE"]
    assert len(accuse) == 1
    event = accuse[0]
    assert _statements(extraction) == [event]  # made by the statement step, not the lexicon
    assert event.actor == ["person:macron"]
    assert "RUS" in codes(extraction, event.recipient)
    assert "FRA" not in codes(extraction, event.recipient)  # never the speaker's own side
    assert "UKR" not in codes(extraction, event.recipient)  # "in Ukraine" is where, not whom
    assert event.attribution is None  # the text asserts that he said it
    assert "negation" not in event.aux


@pytest.mark.model
def test_the_stage_option_switches_statement_events_off(analyse):
    from dateline.nlp.events import make_events

    analysis = analyse(ACCUSING, quotes=[(CONTENT, "person:macron")])
    _cue(analysis, "said")
    config = Config().with_overrides(stage_options={"events": {"statements": False}})
    make_events(config)(analysis)
    assert not _statements(analysis.extraction)


@pytest.mark.model
def test_a_neutral_quote_is_no_statement_event(analyse, run_events):
    text = "Scholz said that the train to Berlin leaves at noon and that the weather is fine for a walk."
    content = "the train to Berlin leaves at noon and that the weather is fine for a walk"
    analysis = analyse(text, quotes=[(content, "person:scholz")])
    _cue(analysis, "said")
    assert not _statements(run_events(analysis))


@pytest.mark.model
def test_a_quote_without_a_speaker_actor_makes_no_event(analyse, run_events):
    analysis = analyse(ACCUSING.replace("Macron said", "Someone said"), quotes=[(CONTENT, None)])
    assert not _statements(run_events(analysis))


@pytest.mark.model
def test_no_second_accuse_where_the_lexicon_already_has_one(analyse, run_events):
    text = "Macron accused Russia of aggression, saying Russia's propaganda is a cynical lie and its war a crime."
    content = "Russia's propaganda is a cynical lie and its war a crime"
    analysis = analyse(text, quotes=[(content, "person:macron")])
    extraction = run_events(analysis)
    accuse = [e for e in extraction.events if e.event == "ACCUSE"]
    assert len(accuse) == 1 and not _statements(extraction)


def _cue(analysis, word: str) -> None:
    text = analysis.document.text
    start = text.index(word)
    for quote in analysis.extraction.quotes:
        quote.cue = Span.of(text, start, start + len(word))


@pytest.mark.model
def test_a_statement_is_dated_when_it_was_said(analyse, run_events):
    analysis = analyse(ACCUSING, quotes=[(CONTENT, "person:macron")])
    _cue(analysis, "said")
    analysis.extraction.quotes[0].date = "2024-05-08"  # the quotes stage's date of the speech
    (event,) = _statements(run_events(analysis))
    assert event.date == "2024-05-08" and event.date_precision == "day"


def _unit(nlp, text: str, content: str):
    from dateline.model import Quote, Speaker
    from dateline.nlp.events.statements import Unit

    doc = nlp(text)
    start = text.index(content)
    span = doc.char_span(start, start + len(content), alignment_mode="contract")
    quote = Quote("q0", "indirect", None, [Span.of(text, start, start + len(content))], Speaker(None, "person:x"))
    return Unit(quote, span.sent, start, start + len(content), list(span), None)


@pytest.mark.model
def test_the_victim_of_an_attack_is_not_the_accused(nlp):
    from dateline.nlp.events.statements import accused_tokens, recipient_tokens

    text = "Macron said that Russia's invasion of Ukraine is a crime against the sovereignty of Poland."
    unit = _unit(nlp, text, "Russia's invasion of Ukraine is a crime against the sovereignty of Poland")
    assert "Ukraine" in [t.text for t in recipient_tokens(unit)]
    words = [t.text for t in accused_tokens(unit)]
    assert "Russia" in words and "Ukraine" not in words


@pytest.mark.model
def test_a_content_naming_nobody_is_against_the_one_party_its_context_names(analyse):
    from dateline.nlp.events.build import MentionBuilder
    from dateline.nlp.events.resources import load_resources
    from dateline.nlp.events.statements import make_event, units

    text = "Russia claimed that the school was a military base. Scholz said that this claim was completely untrue."
    analysis = analyse(text, quotes=[("this claim was completely untrue", "person:scholz")])
    _cue(analysis, "said")
    res = load_resources()
    (unit,) = units(analysis)
    event = make_event(analysis, MentionBuilder(analysis, res), res, unit, "REJECT", 0.8, "t-s1")
    assert event is not None and event.actor == ["person:scholz"]
    # the content names nobody; the sentence before names one party
    assert codes(analysis.extraction, event.recipient) == {"RUS"}


@pytest.mark.model
def test_a_statement_the_narrative_dates_keeps_that_date_over_the_reports_day(analyse, run_events):
    # "... said at the time": the sentence before sets when it was said; the quote's
    # own date is only the report's day
    text = "Last month, Macron visited Kyiv. " + ACCUSING.replace("Macron said", "Macron said at the time")
    analysis = analyse(text, quotes=[(CONTENT, "person:macron")], timexes=[("Last month", "DATE", "2024-04")])
    start = text.index("said")
    analysis.extraction.quotes[0].cue = Span.of(text, start, start + 4)
    analysis.extraction.quotes[0].date = "2024-05-10"  # the report's day: no date of its own
    (event,) = _statements(run_events(analysis))
    assert event.date == "2024-04"


@pytest.mark.model
def test_a_statement_with_no_narrative_date_keeps_its_speech_date(analyse, run_events):
    text = "Macron visited Kyiv. " + ACCUSING
    analysis = analyse(text, quotes=[(CONTENT, "person:macron")])
    start = text.index("said")
    analysis.extraction.quotes[0].cue = Span.of(text, start, start + 4)
    analysis.extraction.quotes[0].date = "2024-05-08"
    (event,) = _statements(run_events(analysis))
    assert event.date == "2024-05-08"
