"""The actor model's inference and the describer's country-after-group phrases (no spaCy)."""

from __future__ import annotations

import json

from dateline.nlp.events.actor_model import ActorModel, Option, load_actor_model
from dateline.resolve.actors import resolve_description


def test_actor_model_chooses_the_most_likely_option_above_its_threshold():
    model = ActorModel({"dep=nsubj": 2.0, "is_recipient": -3.0}, bias=-1.0, threshold=0.3)
    subject = Option("country:RUS", "RUS", {"dep=nsubj"})
    target = Option("country:UKR", "UKR", {"dep=nsubj", "is_recipient"})
    other = Option("country:FRA", "FRA", set())
    chosen = model.choose([target, subject, other])
    assert chosen is not None and chosen[0] is subject
    assert abs(chosen[1] - 1 / (1 + 2.718281828 ** -1.0)) < 1e-6
    assert model.choose([other]) is None  # sigmoid(-1) = 0.27, under the threshold
    assert model.choose([]) is None


def test_actor_model_round_trips_through_json():
    model = ActorModel({"a": 0.5, "b": -1.25}, bias=0.1, threshold=0.05)
    data = json.loads(model.to_json())
    assert data == {"bias": 0.1, "threshold": 0.05, "weights": {"a": 0.5, "b": -1.25}}


def test_shipped_actor_model_prefers_a_subject_of_the_trigger_sentence():
    model = load_actor_model()
    assert model is not None
    subject = Option("country:RUS", "RUS", {"src=sent", "dep=nsubj", "side=before", "first_in_sentence"})
    distant = Option("country:FRA", "FRA", {"src=prev", "dep=pobj", "is_recipient"})
    assert model.probability(subject) > model.probability(distant)


def test_group_followed_by_its_country_is_that_countrys_sector():
    embassy = resolve_description("the Embassy of Poland", "2022-03-01")
    assert embassy is not None and (embassy.code, embassy.sector) == ("POL", "GOV")
    officials = resolve_description("officials of Ukraine", "2022-03-01")
    assert officials is not None and (officials.code, officials.sector) == ("UKR", "GOV")
    in_seat = resolve_description("the authorities in Kyiv", "2022-03-01")
    assert in_seat is not None and (in_seat.code, in_seat.sector) == ("UKR", "GOV")
    # "in" + a country is where a group is, not whose it is
    assert resolve_description("protesters in Poland", "2022-03-01") is None


def test_rolled_forward_moves_a_yearless_value_past_the_report():
    from dateline.nlp.time.dating import rolled_forward

    assert rolled_forward("2024-01", "2024-05-10") == "2025-01"
    assert rolled_forward("2024-03-02", "2024-05-10") == "2025-03-02"
    assert rolled_forward("2024-06", "2024-05-10") == "2024-06"
    assert rolled_forward("2024-05", "2024-05-10") == "2024-05"  # this month is not behind
    assert rolled_forward("2024", "2024-05-10") == "2024"  # a year is the text's own
