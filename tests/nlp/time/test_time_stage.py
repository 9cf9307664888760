"""The ``time`` stage on parsed text: tense, quotes, anchoring modes, event dating."""

from __future__ import annotations

import pytest

from dateline.config import Config
from dateline.errors import ConfigError
from dateline.model import Quote, Span, Speaker
from dateline.nlp.time.dating import date_for_span, precision_of
from dateline.pipeline import get_stage

pytestmark = pytest.mark.model

TEXT = (
    "The two presidents spoke by phone on July 2, the Kremlin said on Thursday.\n\n"
    'Afterwards the president told reporters: "We spoke today and we will speak again on Monday."\n\n'
    "Drones struck a depot in Odesa on Tuesday, officials said. The convoy will leave on July 9."
)


def _quote(text: str, content: str, cue: str, speaker: str) -> Quote:
    start = text.index(content)
    cue_at = text.index(cue)
    speaker_at = text.index(speaker)
    return Quote(
        id="q1",
        kind="direct",
        cue=Span.of(text, cue_at, cue_at + len(cue)),
        content=[Span.of(text, start, start + len(content))],
        speaker=Speaker(Span.of(text, speaker_at, speaker_at + len(speaker))),
    )


def _by_text(extraction) -> dict[str, str | None]:  # type: ignore[no-untyped-def]
    return {t.span.text: t.value for t in extraction.timexes}


def test_stage_is_registered_with_its_contract() -> None:
    spec = get_stage("time")
    assert spec.requires == ("sentences",)
    assert spec.assigns == ("timexes",)


def test_tense_orients_underspecified_dates(analyse) -> None:
    _, extraction = analyse(TEXT)
    values = _by_text(extraction)
    assert values["July 2"] == "2025-07-02"
    assert values["Thursday"] == "2025-07-03"
    assert values["Tuesday"] == "2025-07-01"  # past tense: the Tuesday before publication
    assert values["July 9"] == "2025-07-09"


def test_quote_speech_time_anchors_today_and_fills_quote_date(analyse) -> None:
    quote = _quote(TEXT, '"We spoke today and we will speak again on Monday."', "told", "the president")
    _, extraction = analyse(TEXT, quotes=[quote])
    # No date in the quote's own sentence: the lede establishes July 2 as the story date.
    assert quote.date == "2025-07-02"
    values = _by_text(extraction)
    assert values["today"] == "2025-07-02"
    assert values["Monday"] == "2025-07-07"  # future, counted from the speech time


def test_quote_date_from_its_own_sentence(analyse) -> None:
    text = 'The minister said on Wednesday: "Talks resume today."'
    quote = _quote(text, '"Talks resume today."', "said", "The minister")
    _, extraction = analyse(text, quotes=[quote])
    assert quote.date == "2025-07-02"
    assert _by_text(extraction)["today"] == "2025-07-02"


def test_without_quotes_today_is_the_publication_date(analyse) -> None:
    _, extraction = analyse(TEXT)
    assert _by_text(extraction)["today"] == "2025-07-04"


def test_no_publication_date_never_uses_the_clock(analyse) -> None:
    _, extraction = analyse("Talks began on 3 March 2024. They failed yesterday, and again on Friday.", published=None)
    values = {t.span.text: t for t in extraction.timexes}
    assert values["3 March 2024"].value == "2024-03-03"
    assert values["yesterday"].resolved is False
    assert values["Friday"].resolved is False


def test_narrative_mode_detected_for_history(analyse) -> None:
    text = (
        "In 1812 the army crossed the river. It reached the city in September 1812. "
        "In October the retreat began, and by December few soldiers remained. "
        "The next war came in 1853 and ended in 1856; the peace held until 1870."
    )
    _, extraction = analyse(text, published="2009-12-19")
    values = _by_text(extraction)
    assert values["October"] == "1812-10"
    assert values["December"] == "1812-12"
    _, news = analyse(text, published="2009-12-19", anchoring="news")
    assert _by_text(news)["October"] == "2009-10"


def test_bad_anchoring_option_is_a_config_error() -> None:
    with pytest.raises(ConfigError):
        get_stage("time").factory(Config(stage_options={"time": {"anchoring": "sometimes"}}))


def test_spans_point_into_the_original_text(analyse) -> None:
    text = "Fighting resumed on 3\u00a0July and lasted\u2014two\u2011day truce aside\u2014into August."
    _, extraction = analyse(text)
    for timex in extraction.timexes:
        assert text[timex.span.start : timex.span.end] == timex.span.text
    assert "3\u00a0July" in _by_text(extraction)


def test_date_for_span_links_timex_attached_to_the_trigger(analyse) -> None:
    analysis, _ = analyse(TEXT)
    start = TEXT.index("struck")
    value, precision, confidence = date_for_span(analysis, start, start + len("struck"))
    assert (value, precision) == ("2025-07-01", "day")
    assert confidence > 0.7  # attached by the parse (0.9) times the timex's own confidence


def test_date_for_span_falls_back_to_the_publication_date(analyse) -> None:
    text = "Drones hit a depot near the port.\n\nOfficials counted the damage on July 1."
    analysis, _ = analyse(text)
    start = text.index("hit")
    value, precision, confidence = date_for_span(analysis, start, start + 3)
    assert (value, precision) == ("2025-07-04", "week")
    assert confidence < 0.5


def test_date_for_span_inside_a_quote_uses_the_quote_date(analyse) -> None:
    quote = _quote(TEXT, '"We spoke today and we will speak again on Monday."', "told", "the president")
    analysis, _ = analyse(TEXT, quotes=[quote])
    start = TEXT.index("spoke today")
    value, precision, _ = date_for_span(analysis, start, start + len("spoke"))
    assert (value, precision) == ("2025-07-02", "day")


def test_date_for_span_without_any_date(analyse) -> None:
    analysis, _ = analyse("Drones hit a depot.", published=None)
    assert date_for_span(analysis, 7, 10) == (None, "unknown", 0.0)


@pytest.mark.parametrize(
    ("value", "precision"),
    [("2025-07-03", "day"), ("2025-07-03T10:00", "day"), ("2025-W27", "week"), ("2025-04", "month"),
     ("2025", "year"), ("2025-Q3", "year"), ("2025-SU", "year"), ("PRESENT_REF", "unknown"),
     ("199", "unknown"), (None, "unknown")],
)
def test_precision_of(value: str | None, precision: str) -> None:
    assert precision_of(value) == precision


def test_date_for_span_prefers_the_most_precise_linked_date(analyse) -> None:
    text = "This week, the rebels reportedly took the airport on July 1."
    analysis, _ = analyse(text)
    start = text.index("took")
    value, precision, _ = date_for_span(analysis, start, start + 4)
    assert (value, precision) == ("2025-07-01", "day")


@pytest.mark.parametrize("published", ["0001-01-03", "9999-12-30"])
def test_documents_dated_at_the_calendar_edges_do_not_crash(analyse, published: str) -> None:  # type: ignore[no-untyped-def]
    """The quote's story date looks back a week from publication: no ``date - timedelta``
    overflow in year 1, and nothing past 9999."""
    text = 'On January 2 the talks failed, officials said.\n\nThe envoy said: "We will meet again next week."'
    quote = _quote(text, "We will meet again next week.", "said", "The envoy")
    _, extraction = analyse(text, published=published, quotes=[quote])
    assert "January 2" in _by_text(extraction)
    assert extraction.quotes[0].date is not None
