"""Arguments coded to countries (issue 14): places taken for organisations,
coordinated parties, recipients that name no actor, implied targets of
violence, "we" near a quote, and quoted happenings read as the speaker's act.
Our own sentences; actors are hand-made (conftest)."""

from __future__ import annotations

import pytest
from tests.nlp.events.conftest import codes

from dateline.model import Actor

pytestmark = pytest.mark.model


def _add_actor(analysis, actor_id: str, surface: str, *, code: str | None = None, kind: str = "organization") -> None:
    text = analysis.document.text
    start = text.index(surface)
    mention = analysis.document.mention(start, start + len(surface))
    analysis.extraction.actors.append(Actor(actor_id, surface, code=code, kind=kind, mentions=[mention]))


def _of_type(events, event_type: str):
    found = [e for e in events if e.event == event_type]
    assert found, [(e.event, e.event_text) for e in events]
    return found


def test_a_seat_taken_for_an_organisation_stands_for_its_country(analyse, run_events):
    analysis = analyse("Minsk condemned the Russian strikes on Ukraine.")
    _add_actor(analysis, "prov:org:minsk", "Minsk")  # the actors stage's provisional id, no code
    extraction = run_events(analysis)
    (event,) = _of_type(extraction.events, "ACCUSE")
    assert codes(extraction, event.actor) == {"BLR"}


def test_an_uncoded_organisation_that_is_no_place_stays_uncoded(analyse, run_events):
    analysis = analyse("Russia shelled Zorvania overnight.")
    _add_actor(analysis, "prov:org:zorvania", "Zorvania")
    extraction = run_events(analysis)
    (event,) = _of_type(extraction.events, "ASSAULT")
    assert event.recipient == ["prov:org:zorvania"]


def test_the_places_stage_country_codes_an_uncoded_party(analyse, run_events):
    analysis = analyse("France condemned the strikes on Zorvania.", places=[("Zorvania", "UA")])
    _add_actor(analysis, "prov:org:zorvania", "Zorvania")
    extraction = run_events(analysis)
    recipients = set().union(*(codes(extraction, e.recipient) for e in extraction.events))
    assert "UKR" in recipients
    assert not any(a.startswith("prov:") for e in extraction.events for a in [*e.actor, *e.recipient])


def test_a_coordinated_party_keeps_its_own_mention(analyse, run_events):
    analysis = analyse("Washington and NATO condemned the Russian strikes.")
    # a quote speaker's mention spanning the coordination, as the quotes stage adds
    usa = next(a for a in analysis.extraction.actors if a.id == "country:USA")
    text = analysis.document.text
    usa.mentions.append(analysis.document.mention(0, text.index(" condemned")))
    extraction = run_events(analysis)
    (event,) = _of_type(extraction.events, "ACCUSE")
    assert {"USA", "NATO"} <= codes(extraction, event.actor)


def test_a_recipient_noun_a_nationality_modifies_names_the_country(analyse, run_events):
    extraction = run_events(analyse("Russia attacked the Polish border on Monday."))
    (event,) = _of_type(extraction.events, "ASSAULT")
    assert codes(extraction, event.recipient) == {"POL"}


def test_a_place_the_actors_stage_missed_is_the_host_of_a_visit(analyse, run_events):
    extraction = run_events(analyse("Macron visited Lutsk on Monday.", places=[("Lutsk", "UA")]))
    (event,) = _of_type(extraction.events, "CONSULT")
    assert "UKR" in codes(extraction, event.actor) | codes(extraction, event.recipient)


def test_violence_without_a_target_hits_the_side_the_actor_fights(analyse, run_events):
    text = "Russian troops attacked Ukraine on Monday. On Friday, Russia launched new strikes."
    extraction = run_events(
        analyse(text, timexes=[("Monday", "DATE", "2024-05-06"), ("Friday", "DATE", "2024-05-10")])
    )
    strikes = [e for e in _of_type(extraction.events, "ASSAULT") if e.event_text == "strikes"]
    assert strikes, [(e.event_text, e.actor) for e in extraction.events]
    assert codes(extraction, strikes[0].actor) == {"RUS"}
    assert codes(extraction, strikes[0].recipient) == {"UKR"}


def test_no_target_is_made_up_without_a_counterpart_in_the_article(analyse, run_events):
    extraction = run_events(analyse("On Friday, Russia launched new strikes.", timexes=[("Friday", "DATE", "2024-05-10")]))
    for event in _of_type(extraction.events, "ASSAULT"):
        assert event.recipient == []


def test_we_next_to_a_quote_is_its_speaker(analyse, run_events):
    text = "Germany will send more tanks, Scholz said on Monday. We will impose sanctions on Russia."
    extraction = run_events(analyse(text, quotes=[("Germany will send more tanks", "person:scholz")]))
    (event,) = _of_type(extraction.events, "SANCTION")
    assert codes(extraction, event.actor) == {"DEU"}
    assert codes(extraction, event.recipient) == {"RUS"}


def test_a_verb_left_as_an_argument_names_no_party_of_its_clause(analyse):
    from dateline.nlp.events.build import MentionBuilder
    from dateline.nlp.events.resources import load_resources

    analysis = analyse("Macron was disappointed by the attitude of Ukraine.")
    builder = MentionBuilder(analysis, load_resources())
    token = next(t for t in analysis.doc if t.text == "disappointed")
    assert builder.resolve(token) is None
    assert builder.resolve(next(t for t in analysis.doc if t.text == "Ukraine")) == "country:UKR"


def test_a_quoted_happening_read_as_an_accusation_is_the_speakers_act(analyse):
    from dateline.nlp.events.build import MentionBuilder
    from dateline.nlp.events.mentions import candidates
    from dateline.nlp.events.resources import load_resources

    text = "Washington is attacking Europe, Macron said."
    res = load_resources()
    analysis = analyse(text, quotes=[("Washington is attacking Europe", "person:macron")])
    builder = MentionBuilder(analysis, res)
    sent = next(iter(analysis.doc.sents))
    cand = next(c for c in candidates(sent, res) if c.trigger.text == "attacking")
    usa = ["country:USA"]
    # the lexicon reads "attacking" as ASSAULT: the typer's ACCUSE makes Macron the accuser
    assert builder.speech_act_parties(cand, "ACCUSE", usa, []) == (["person:macron"], usa)
    # the lexicon's own type stands: the happening's parties stay
    assert builder.speech_act_parties(cand, cand.event, usa, []) is None
    # not a verbal act: material types keep their doer
    assert builder.speech_act_parties(cand, "COERCE", usa, []) is None


def test_we_is_not_the_speaker_of_a_quote_inside_its_own_sentence(analyse):
    from dateline.nlp.events.build import MentionBuilder
    from dateline.nlp.events.resources import load_resources

    text = "Germany will send more tanks, Scholz said. I agree with Macron when he says that talks must resume."
    quotes = [("Germany will send more tanks", "person:scholz"), ("talks must resume", "person:macron")]
    analysis = analyse(text, quotes=quotes)
    builder = MentionBuilder(analysis, load_resources())
    pronoun = next(t for t in analysis.doc if t.text == "I")
    # Macron's quote sits in the pronoun's own sentence: the speaker is the one before
    assert builder.resolve(pronoun) == "person:scholz"


def test_every_country_of_an_of_phrase_codes_the_agents(analyse, run_events):
    extraction = run_events(analyse("The envoys of Ukraine and Poland condemned the strikes on Kyiv."))
    (event,) = _of_type(extraction.events, "ACCUSE")
    assert {"UKR", "POL"} <= codes(extraction, event.actor)


def test_an_apposition_says_whose_agents_they_are(analyse, run_events):
    text = "Two envoys, the ambassadors of France and Germany, condemned the strikes on Kyiv."
    extraction = run_events(analyse(text))
    (event,) = _of_type(extraction.events, "ACCUSE")
    assert {"FRA", "DEU"} <= codes(extraction, event.actor)


def test_a_build_up_without_a_target_faces_the_side_the_actor_fights(analyse, run_events):
    text = "Russian troops attacked Ukraine on Monday. On Friday, Russia massed more troops near the border."
    extraction = run_events(
        analyse(text, timexes=[("Monday", "DATE", "2024-05-06"), ("Friday", "DATE", "2024-05-10")])
    )
    (build_up,) = _of_type(extraction.events, "MOBILIZE")
    assert codes(extraction, build_up.actor) == {"RUS"}
    assert codes(extraction, build_up.recipient) == {"UKR"}


def _reported(analyse, text: str, content: str, speaker: str, speaker_id: str, **kwargs):
    """``text`` with one quote whose speaker span is ``speaker`` (the reporter)."""
    from dateline.model import Quote, Span, Speaker

    analysis = analyse(text, **kwargs)
    start, at = text.index(content), text.index(speaker)
    analysis.extraction.quotes.append(
        Quote("q0", "indirect", None, [Span.of(text, start, start + len(content))], Speaker(Span.of(text, at, at + len(speaker)), speaker_id))
    )
    return analysis


def test_the_reporter_of_a_physical_happening_is_not_its_doer(analyse, run_events):
    content = "A missile strike hit a power plant overnight"
    analysis = _reported(analyse, f"{content}, Ukraine said.", content, "Ukraine", "country:UKR")
    for event in _of_type(run_events(analysis).events, "ASSAULT"):
        assert "country:UKR" not in event.actor


def test_the_article_can_still_name_the_doer_of_a_reported_happening(analyse, run_events):
    content = "A missile strike hit a power plant on Friday"
    text = f"Russian troops attacked Ukraine on Monday. {content}, Ukraine said."
    timexes = [("Monday", "DATE", "2024-05-06"), ("Friday", "DATE", "2024-05-10")]
    analysis = _reported(analyse, text, content, "Ukraine", "country:UKR", timexes=timexes)
    extraction = run_events(analysis)
    strike = [e for e in _of_type(extraction.events, "ASSAULT") if e.event_text in ("strike", "hit")]
    assert strike, [(e.event_text, e.actor) for e in extraction.events]
    assert codes(extraction, strike[0].actor) == {"RUS"}


def test_the_reporter_stays_an_option_for_a_verbal_act_only(analyse):
    from dateline.nlp.events.build import MentionBuilder
    from dateline.nlp.events.mentions import candidates
    from dateline.nlp.events.resources import load_resources

    content = "we demand talks after the shelling"
    text = f"Officials said {content}, Poland said on Monday."
    res = load_resources()
    builder = MentionBuilder(_reported(analyse, text, content, "Poland", "country:POL"), res)
    sent = next(iter(builder.analysis.doc.sents))
    by_word = {c.trigger.text: c for c in candidates(sent, res)}
    assert {"demand", "shelling"} <= set(by_word), sorted(by_word)
    parties = [(by_word["demand"], [], []), (by_word["shelling"], [], [])]
    # REQUEST: the speaker (and its "we") is the one who demands
    assert "country:POL" in {o.actor_id for o in builder.options(parties, 0)}
    # ASSAULT: neither the speaker's mention, its "we" nor the reporter as such
    assert "POL" not in {o.code for o in builder.options(parties, 1)}


def test_the_recipients_country_is_no_inferred_doer_but_for_coercion(analyse):
    from dataclasses import replace

    from dateline.nlp.events.build import MentionBuilder
    from dateline.nlp.events.mentions import candidates
    from dateline.nlp.events.resources import load_resources

    res = load_resources()
    analysis = analyse("Russian troops and Poland clashed. Unprecedented sanctions hit Moscow on Monday.")
    assert analysis.extraction.actors and "country:RUS:MIL" in {a.id for a in analysis.extraction.actors}
    builder = MentionBuilder(analysis, res)
    sent = list(analysis.doc.sents)[1]
    sanction = next(c for c in candidates(sent, res) if c.event == "SANCTION")
    parties = [(sanction, [], ["country:RUS:MIL"])]
    assert "RUS" not in {o.code for o in builder.doer_options(parties, 0)}
    # without the country rule the same options keep RUS (only the recipient's own id goes)
    assert "RUS" in {o.code for o in builder.options(parties, 0)}
    # a state acting on its own people: the recipient's country may act
    detained = replace(sanction, event="COERCE")
    assert "RUS" in {o.code for o in builder.doer_options([(detained, [], ["country:RUS:MIL"])], 0)}


def test_a_numbered_plural_is_no_definite_antecedent(analyse):
    from dateline.nlp.events.parties import PartyResolver
    from dateline.nlp.events.resources import load_resources

    analysis = analyse("Germany spoke first. The country refused to lift restrictions on the 15 countries.")
    resolver = PartyResolver(analysis, load_resources())
    country, countries = (t for t in analysis.doc if t.lemma_ == "country")
    assert resolver._definite_antecedent(country) == ["country:DEU"]
    assert resolver._definite_antecedent(countries) == []
