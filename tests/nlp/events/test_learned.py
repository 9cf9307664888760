"""The learned event typer: decisions, calibration, persistence, the stage using it."""

from __future__ import annotations

import numpy as np
import pytest

from dateline.errors import ConfigError
from dateline.nlp.events.classifier import SentenceClassifier, word_features
from dateline.nlp.events.learned import NONE, EventTyper, load_typer


def _typer(**kw) -> EventTyper:
    texts = [
        ("troops shelled the village", "ASSAULT"),
        ("donors sent aid to the town", "AID"),
        ("the march began in spring", NONE),
    ]
    model = SentenceClassifier.train([(word_features(t), []) for t, _ in texts], [lab for _, lab in texts], epochs=40, min_df=1)
    table = (np.array([0.0, 0.5, 1.0]), np.array([0.1, 0.4, 0.9]))
    return EventTyper(model, table, **kw)


def _probs(typer: EventTyper, **values: float) -> np.ndarray:
    return np.array([values.get(label, 0.0) for label in typer.model.labels])


def test_none_above_the_cut_drops_a_lexicon_candidate():
    typer = _typer(none_cut=0.6)
    assert typer.decide(_probs(typer, NONE=0.7, ASSAULT=0.3), "ASSAULT")[0] == NONE
    # below the cut the lexicon's type stands, even when NONE is the first choice
    assert typer.decide(_probs(typer, NONE=0.5, ASSAULT=0.3, AID=0.2), "ASSAULT")[0] == "ASSAULT"


def test_the_lexicon_type_is_overruled_only_by_a_clear_margin():
    typer = _typer(margin=0.2)
    assert typer.decide(_probs(typer, AID=0.5, ASSAULT=0.4, NONE=0.1), "ASSAULT")[0] == "ASSAULT"
    assert typer.decide(_probs(typer, AID=0.7, ASSAULT=0.2, NONE=0.1), "ASSAULT")[0] == "AID"


def test_a_fallback_candidate_needs_a_type_that_beats_none():
    typer = _typer()
    assert typer.decide(_probs(typer, NONE=0.5, AID=0.4, ASSAULT=0.1))[0] == NONE
    event, confidence = typer.decide(_probs(typer, NONE=0.3, AID=0.6, ASSAULT=0.1))
    assert event == "AID"
    # the calibration table maps the raw 0.6 between its points (0.5 -> 0.4, 1.0 -> 0.9)
    assert confidence == pytest.approx(0.5)


def test_an_open_candidate_is_held_to_its_own_floor_and_ratio():
    # open candidates (no lexicon entry) may be kept below NONE's probability
    # (ratio < 1), but never with a type whose probability is under the floor
    typer = _typer(open_ratio=0.5, open_floor=0.3)
    assert typer.decide(_probs(typer, NONE=0.55, AID=0.35, ASSAULT=0.1))[0] == "AID"
    assert typer.decide(_probs(typer, NONE=0.75, AID=0.25))[0] == NONE
    assert _typer().decide(_probs(typer, NONE=0.55, AID=0.35, ASSAULT=0.1))[0] == NONE


def test_round_trip_keeps_calibration_and_cuts(tmp_path):
    typer = _typer(none_cut=0.75, margin=0.3, open_floor=0.2, open_ratio=0.6)
    path = tmp_path / "typer.json"
    path.write_text(typer.to_json({"test": True}), encoding="utf-8")
    again = load_typer(path)
    assert (again.none_cut, again.margin, again.open_floor, again.open_ratio) == (0.75, 0.3, 0.2, 0.6)
    assert again.calibrate(0.25) == pytest.approx(0.25)
    sample = [(word_features("troops shelled the town"), [])]
    assert np.allclose(again.probabilities(sample), typer.probabilities(sample), atol=1e-3)


def test_a_broken_weights_file_is_a_config_error(tmp_path):
    path = tmp_path / "typer.json"
    path.write_text('{"labels": []}', encoding="utf-8")
    with pytest.raises(ConfigError, match="typer"):
        load_typer(path)
    with pytest.raises(ConfigError):
        load_typer(tmp_path / "missing.json")


@pytest.mark.model
def test_shipped_typer_types_candidates_and_rejects_the_month(analyse, run_events):
    typer = load_typer()
    assert NONE in typer.model.labels and "ASSAULT" in typer.model.labels
    extraction = run_events(analyse("Russian troops shelled Kyiv on Monday, killing four civilians."))
    assert [e.event for e in extraction.events] == ["ASSAULT"]
    assert 0.0 < extraction.events[0].confidence <= 1.0
    month = run_events(analyse("The talks are planned for March, officials in Kyiv said."))
    assert "PROTEST" not in {e.event for e in month.events}


@pytest.mark.model
def test_without_the_typer_the_lexicon_type_stands(analyse):
    from dateline.config import Config
    from dateline.nlp.events import make_events

    config = Config().with_overrides(stage_options={"events": {"typer": False}})
    analysis = analyse("Russian troops shelled Kyiv on Monday.")
    make_events(config)(analysis)
    assert [e.event for e in analysis.extraction.events] == ["ASSAULT"]


def test_an_embedding_block_adds_to_the_sparse_logits_and_round_trips(tmp_path):
    from dateline.nlp.events.learned import DENSE_WEIGHT, CandidateSample

    base = _typer()
    labels = base.model.labels
    dense = np.zeros((768, len(labels)), dtype=np.float32)
    dense[0, labels.index("AID")] = 4.0  # the first embedding dimension reads as AID
    typer = EventTyper(base.model, base.calibration, dense=dense)
    words = word_features("troops shelled the village")
    plain, pointed = CandidateSample(words, []), CandidateSample(words, [])
    pointed.vector = np.eye(1, 768, 0, dtype=np.float32)[0]
    probs = typer.probabilities([plain, pointed])
    # a sample without a vector reads as the sparse model alone
    assert np.allclose(probs[0], base.probabilities([(words, [])])[0], atol=1e-6)
    aid, assault = labels.index("AID"), labels.index("ASSAULT")
    assert probs[1][aid] > probs[0][aid]
    # the vector moves AID's logit by weight x block weight, and no other label's
    logit_gap = np.log(probs[1][aid] / probs[0][aid]) - np.log(probs[1][assault] / probs[0][assault])
    assert logit_gap == pytest.approx(4.0 * DENSE_WEIGHT, abs=1e-3)
    path = tmp_path / "typer.json"
    path.write_text(typer.to_json({}), encoding="utf-8")
    again = load_typer(path)
    assert again.dense is not None and again.dense.shape == dense.shape
    assert np.allclose(again.probabilities([pointed]), probs[1:], atol=1e-3)
    # weights without an embedding block stay embedding-free
    path.write_text(base.to_json({}), encoding="utf-8")
    assert load_typer(path).dense is None


def test_a_candidate_sample_is_still_a_pair():
    import pickle

    from dateline.nlp.events.learned import CandidateSample

    sample = CandidateSample(["a"], ["CL=b"])
    words, others = sample
    assert (words, others) == (["a"], ["CL=b"]) and sample == (["a"], ["CL=b"])
    assert pickle.loads(pickle.dumps(sample)) == sample


def test_embedding_weights_only_with_the_extra(monkeypatch):
    from dateline.nlp.events import embed

    # without the extra the embedding-free default stands, so nothing imports torch
    monkeypatch.setattr(embed, "available", lambda: False)
    assert load_typer(embeddings=True).dense is None
    assert load_typer().dense is None
    monkeypatch.setattr(embed, "available", lambda: True)
    typer = load_typer(embeddings=True)
    assert typer.dense is not None and typer.dense.shape == (2 * embed.DIM, len(typer.model.labels))


def test_the_embeddings_stage_option_asks_for_the_embedding_typer(monkeypatch):
    from dateline.config import Config
    from dateline.nlp import events as stage

    asked: list[bool] = []

    def fake_load_typer(*, embeddings: bool = False) -> EventTyper:
        asked.append(embeddings)
        return load_typer()

    monkeypatch.setattr(stage, "load_typer", fake_load_typer)
    stage.make_events(Config())
    stage.make_events(Config().with_overrides(stage_options={"events": {"embeddings": True}}))
    assert asked == [False, True]


# -- the sentence model -------------------------------------------------------------


def _sentence_model() -> SentenceClassifier:
    texts = [
        ("rebels attacked the convoy", "ASSAULT"),
        ("troops shelled the border town", "ASSAULT"),
        ("donors gave food and medicine", "AID"),
        ("the agency sent food aid", "AID"),
        ("the weather was mild", NONE),
        ("the museum opened at noon", NONE),
    ]
    return SentenceClassifier.train([(word_features(t), []) for t, _ in texts], [lab for _, lab in texts], epochs=60, min_df=1)


def _sample(text: str, event: str, *, root: bool = True, sent: object | None = None):
    from dateline.nlp.events.learned import CandidateSample

    sample = CandidateSample(word_features(text), ["CR=root" if root else "CR=below"], sentence=[], event=event)
    sample.sent = sent  # type: ignore[assignment]
    return sample


def test_the_sentence_model_reading_is_added_once_per_sentence():
    from dateline.nlp.events.learned import sentence_probabilities, with_sentence

    model = _sentence_model()
    sent = object()
    samples = [_sample("donors gave food", "AID", sent=sent), _sample("donors gave food", "ASSAULT", root=False, sent=sent)]
    probs = sentence_probabilities(model, samples)
    assert probs.shape == (2, len(model.labels)) and np.allclose(probs[0], probs[1])
    top = model.labels[int(np.argmax(probs[0]))]
    assert top == "AID"
    added = with_sentence(samples, probs, model.labels)
    assert f"SM={top}" in added[0][1] and "SMA=agree:" in " ".join(added[0][1])
    assert "SMT=ASSAULT:AID" in added[1][1] and any(f.startswith("SMA=other:") for f in added[1][1])
    # the candidate's own features stay, and it is still a candidate sample
    assert "CR=root" in added[0][1] and added[0].event == "AID"


def test_the_sentence_model_types_only_the_main_candidate_and_only_when_sure():
    typer = _typer(none_cut=0.8)
    typer.sentence = _sentence_model()
    samples = [_sample("troops shelled the border town", "AID"), _sample("troops shelled the border town", "AID", root=False)]
    # thresholds at 1.0: the per-candidate decisions stand
    assert [e for e, _ in typer.decide_sentence(samples, ["AID", "AID"])] == [
        typer.decide(p, "AID")[0] for p in typer.probabilities(samples)
    ]
    typer.sentence_retype = 0.0
    decided = typer.decide_sentence(samples, ["AID", "AID"])
    assert decided[0][0] == "ASSAULT"  # the sentence reads as an assault: the main candidate follows
    assert decided[1][0] == typer.decide(typer.probabilities(samples)[1], "AID")[0]  # the other one does not


def test_a_sentence_read_as_no_event_drops_its_main_candidate_at_the_drop_cut():
    typer = _typer(none_cut=0.99)
    typer.sentence = _sentence_model()
    samples = [_sample("the museum opened at noon", "ASSAULT")]
    assert typer.decide_sentence(samples, ["ASSAULT"])[0][0] == "ASSAULT"
    typer.sentence_drop = 0.0
    assert typer.decide_sentence(samples, ["ASSAULT"])[0][0] == NONE


def test_round_trip_keeps_the_sentence_model(tmp_path):
    typer = _typer()
    typer.sentence, typer.sentence_retype, typer.sentence_rescue, typer.sentence_drop = _sentence_model(), 0.6, 0.7, 0.9
    path = tmp_path / "typer.json"
    path.write_text(typer.to_json({}), encoding="utf-8")
    again = load_typer(path)
    assert again.sentence is not None and again.sentence.labels == typer.sentence.labels
    assert (again.sentence_retype, again.sentence_rescue, again.sentence_drop) == (0.6, 0.7, 0.9)
    samples = [_sample("rebels attacked the convoy", "ASSAULT")]
    assert np.allclose(again.probabilities(samples), typer.probabilities(samples), atol=1e-3)
    # a file without one reads as before
    path.write_text(_typer().to_json({}), encoding="utf-8")
    assert load_typer(path).sentence is None


def test_a_main_candidate_read_as_no_event_is_typed_when_the_sentence_model_is_sure():
    typer = _typer(none_cut=0.999)
    typer.sentence = _sentence_model()
    samples = [_sample("the march began with food and medicine", "")]
    probs = typer.probabilities(samples)[0]
    assert typer.decide(probs)[0] == NONE  # the typer alone reads no event
    assert typer.decide_sentence(samples, [None])[0][0] == NONE
    typer.sentence_rescue = 0.5
    event, confidence = typer.decide_sentence(samples, [None])[0]
    assert event == "AID"  # the sentence reads as aid
    none = typer.model.labels.index(NONE)
    assert confidence == pytest.approx(typer.calibrate(1.0 - float(probs[none])))
    # never when NONE's own probability is over the typer's cut
    typer.none_cut = 0.9
    assert typer.decide_sentence(samples, [None])[0][0] == NONE


def test_a_lone_asserted_main_candidate_is_rescued_whatever_the_typers_none():
    typer = _typer(none_cut=0.5)
    typer.sentence, typer.sentence_rescue = _sentence_model(), 0.3
    samples = [_sample("the march began with food and medicine", "")]
    samples[0][1].append("CB=a-")  # its clause names a doer
    none = typer.model.labels.index(NONE)
    p_none = float(typer.probabilities(samples)[0][none])
    assert p_none > typer.none_cut  # the typer is sure there is no event: no rescue
    assert typer.decide_sentence(samples, [None])[0][0] == NONE
    typer.rescue_lone = True
    event, confidence = typer.decide_sentence(samples, [None])[0]
    assert event == "AID" and confidence == pytest.approx(typer.calibrate(1.0 - p_none))  # at the typer's low confidence
    # not when its own grammar marks it as not done, nor when no doer is named
    planned = _sample("the march began with food and medicine", "")
    planned[1].extend(["CB=a-", "M=ROOT:future"])
    assert typer.decide_sentence([planned], [None])[0][0] == NONE
    nobody = _sample("the march began with food and medicine", "")
    nobody[1].append("CB=--")
    assert typer.decide_sentence([nobody], [None])[0][0] == NONE


def test_a_candidate_below_the_main_clause_is_scaled_by_the_below_factor(tmp_path):
    typer = _typer()
    samples = [_sample("troops shelled the village", "ASSAULT"), _sample("troops shelled the village", "ASSAULT", root=False)]
    plain = typer.decide_sentence(samples, ["ASSAULT", "ASSAULT"])
    typer.below_factor = 0.5
    scaled = typer.decide_sentence(samples, ["ASSAULT", "ASSAULT"])
    assert scaled[0] == plain[0] and scaled[1][1] == pytest.approx(plain[1][1] * 0.5)
    path = tmp_path / "typer.json"
    path.write_text(typer.to_json({}), encoding="utf-8")
    assert load_typer(path).below_factor == 0.5
    typer.below_factor = 1.0
    path.write_text(typer.to_json({}), encoding="utf-8")
    assert "below_factor" not in path.read_text(encoding="utf-8")  # an older file reads as 1.0
