"""Quote layouts beyond quotation marks and clauses (our own sentences): dash
quotations of translated news, a speech verb right before a quotation, naming
verbs, pull quotes, "was quoted as saying"."""

from __future__ import annotations

import pytest

from .conftest import Analyse, source_text
from .test_quotes import content, find

pytestmark = pytest.mark.model


def test_dash_quotations_end_at_their_cue(analyse: Analyse) -> None:
    text = (
        "The mayor of Gdynia spoke on Monday.- The harbour will reopen next spring. "
        "We have the money for it - said Anna Kowalska after the council meeting.\n\n"
        "- The ferries are late because the weather was bad. It is nobody's fault - she added.\n\n"
        "The list of demands:\n- More buses for the north\n- A new bridge - which the council rejected - over the river"
    )
    extraction = analyse(text)
    first = find(extraction, "The harbour will reopen")
    assert content(first) == "The harbour will reopen next spring. We have the money for it"
    assert first.kind == "direct" and first.cue is not None and first.cue.text == "said"
    assert source_text(first) == "Anna Kowalska"
    second = find(extraction, "The ferries are late")
    assert content(second).endswith("It is nobody's fault") and source_text(second) == "she"
    # a bulleted list with a dash aside is no quotation
    assert not any("More buses" in content(q) or "new bridge" in content(q) for q in extraction.quotes)


def test_inverted_dash_cue_names_its_speaker_after_the_verb(analyse: Analyse) -> None:
    text = (
        "The council met on Monday.- People, as you can see, react enthusiastically "
        "- said after the meeting in Gdynia the party's vice-chairman Tomasz Nowak."
    )
    quote = find(analyse(text), "react enthusiastically")
    assert content(quote) == "People, as you can see, react enthusiastically"
    assert source_text(quote) is not None and "Tomasz Nowak" in source_text(quote)


def test_speech_verb_right_before_a_quotation(analyse: Analyse) -> None:
    text = (
        'Protesters chanted "Ferries must run!" outside the hall. '
        'Residents shout "Build the pier!" and "Open the harbour!" every week.'
    )
    extraction = analyse(text)
    chant = find(extraction, "Ferries must run!")
    assert chant.cue is not None and chant.cue.text == "chanted" and source_text(chant) == "Protesters"
    shout = find(extraction, "Build the pier!")
    assert "Open the harbour!" in content(shout) and source_text(shout) == "Residents"


def test_naming_verbs_report_what_something_is_called(analyse: Analyse) -> None:
    text = "Mr. Fry describes himself as the most left-leaning member of the council. He now calls it a rookie mistake."
    extraction = analyse(text)
    described = find(extraction, "the most left-leaning member")
    assert described.cue is not None and described.cue.text == "describes"
    called = find(extraction, "a rookie mistake")
    assert source_text(called) == "He"
    # an object with no predicate is no quote in speech mode
    assert not any(content(q) == "the ferry" for q in analyse("She called the ferry.").quotes)


def test_pull_quote_signed_by_a_bare_name(analyse: Analyse) -> None:
    repeated = "The board's failures to address the concerns of the fishing community constitute an emergency"
    text = (
        "The inquiry's report was released on Friday.\n\n"
        f"{repeated}. Linda Marsh\n\n"
        f'Marsh said the board had failed. "{repeated}," she wrote.\n\n'
        "A ferry arrives at the harbour on Tuesday after the storm. Mark Jones"
    )
    extraction = analyse(text)
    pulled = [q for q in extraction.quotes if source_text(q) == "Linda Marsh"]
    assert len(pulled) == 1 and content(pulled[0]) == repeated
    # a caption and its photographer's credit repeat nothing
    assert not any(source_text(q) == "Mark Jones" for q in extraction.quotes)


def test_quoted_as_saying_speaks_for_the_one_quoted(analyse: Analyse) -> None:
    quote = find(analyse('"The ferry is late," he was quoted as saying by local media.'), "The ferry is late")
    assert source_text(quote) == "he"


def test_asked_about_is_the_question_not_a_cue(analyse: Analyse) -> None:
    extraction = analyse(
        "Asked about the ferry delays, the mayor said the company would pay a fine.",
        mode="attribution",
        nested=False,
    )
    assert all(q.cue is None or "sked" not in q.cue.text for q in extraction.quotes)
    said = find(extraction, "the company would pay a fine")
    assert said.cue is not None and said.cue.text == "said" and source_text(said) == "the mayor"


def test_clause_parses_that_hide_the_reported_clause(analyse: Analyse) -> None:
    text = (
        "In the report commissioned by the Harbour Commission \u2014 the second such review to be "
        "released this week \u2014 Sen. Mary Clark said the board had failed to deal with the pattern.\n\n"
        "Details of the offer began to circulate amid worries the bid will fail, sources said, "
        "and as workers at the port worry about potential cuts.\n\n"
        "Clark admits in this instance, there were delays."
    )
    extraction = analyse(text)
    assert content(find(extraction, "the board had failed")).startswith("the board had failed")
    assert not any("In the report" in content(q) for q in extraction.quotes)
    details = find(extraction, "Details of the offer")
    assert "workers" not in content(details) and source_text(details) == "sources"
    assert content(find(extraction, "there were delays")) == "there were delays"


def test_dateline_is_not_part_of_the_source(analyse: Analyse) -> None:
    quote = find(analyse("ORLANDO, Fla. (Reuters) - President Jane Doe said on Sunday that the harbour would reopen."), "harbour")
    assert source_text(quote) == "President Jane Doe"


def test_a_date_after_the_source_belongs_to_the_saying(analyse: Analyse) -> None:
    quote = find(analyse("Norway's ambassador to the U.S. on Sunday said that the ferries will run."), "ferries")
    assert source_text(quote) == "Norway's ambassador to the U.S."


def test_dash_quotation_closing_rules(analyse: Analyse) -> None:
    text = (
        "The mayor spoke again.- If there were a threat - which worries us, because it can happen "
        "- the navy should help us - notes Jan Berg, a councillor.\n\n"
        "The council met.- Of course, you can have reservations about many matters - believes Anna Nowak of the Left."
    )
    extraction = analyse(text)
    navy = find(extraction, "the navy should help us")
    assert content(navy).startswith("If there were a threat") and source_text(navy) == "Jan Berg, a councillor"
    assert find(extraction, "reservations").speaker.name == "Anna Nowak"


def test_a_dash_paragraph_with_no_cue_goes_on_with_the_dash_quotation_before(analyse: Analyse) -> None:
    text = (
        "The chief of intelligence spoke on Wednesday.\n\n"
        "- The enemy will probably carry out a limited attack on this town - said the head of the service.\n\n"
        "- Another possibility may be more fighting on the border. Such escalation is very likely.\n\n"
        "The list of demands:\n\n"
        "- More buses for the north of the town and the villages around it."
    )
    extraction = analyse(text)
    quote = find(extraction, "limited attack")
    assert "Another possibility" in content(quote) and quote.kind == "direct"
    assert source_text(quote) == "the head of the service"
    assert not any("More buses" in content(q) for q in extraction.quotes)
