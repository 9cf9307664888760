"""The learned speaker ranker: it speaks only where the rules found nobody and
its policy lets it, never for "experts"; its scoring and training. Texts are our own."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import numpy as np
import pytest
from tests.nlp.quotes.conftest import Analyse, speaker_of

from dateline.nlp.quotes.ranker import NOBODY, RankerModel, ranker_model

ROOT = Path(__file__).resolve().parents[3]


def _trainer():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("train_speaker_ranker", ROOT / "scripts" / "train_speaker_ranker.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["train_speaker_ranker"] = module
    spec.loader.exec_module(module)
    return module


def test_scores_are_a_softmax_over_the_candidates() -> None:
    model = RankerModel(("nobody", "near"), np.array([0.0, 2.0]), {"none": 0.5})
    p = model.scores([{"nobody": 1.0}, {"near": 1.0}, {"near": 0.5}, {"unknown feature": 3.0}])
    assert p.sum() == pytest.approx(1.0)
    assert int(np.argmax(p)) == 1
    assert p[3] == pytest.approx(p[0])  # a feature the model never saw weighs nothing


def test_the_shipped_model_decides_only_where_the_rules_found_nobody() -> None:
    model = ranker_model()
    assert "change" not in model.policy  # never replaces a speaker the rules chose
    assert set(model.policy) <= {"none", "pronoun"}  # not "experts", "officials", "the statement"
    assert len(model.weights) == len(model.features)


def test_a_file_that_is_no_ranker_is_a_config_error(monkeypatch: pytest.MonkeyPatch) -> None:
    import dateline.nlp.quotes.ranker as module
    from dateline.errors import ConfigError

    monkeypatch.setattr(module, "read_json", lambda *parts: {"features": ["a"]})  # no weights, no policy
    with pytest.raises(ConfigError, match="quotes/speaker_ranker.json is not a speaker ranker"):
        ranker_model.__wrapped__()  # the loader itself, past its cache


def test_training_learns_the_feature_that_marks_the_right_candidate() -> None:
    trainer = _trainer()
    groups = []
    for k in range(30):
        right = 1 + k % 3
        rows = [{"nobody": 1.0}] + [
            {"mark": 1.0 if i == right else 0.0, "noise": float((i * 7 + k) % 5)} for i in range(1, 4)
        ]
        groups.append({
            "article": f"a{k % 6}", "source_class": "none", "ids": [NOBODY, "x", "y", "z"], "rows": rows,
            "labels": [i == right for i in range(4)], "rule": 0, "named": True, "rule_none": True, "rule_ok": False,
        })
    features, weights = trainer.fit(groups)
    assert weights[features.index("mark")] > 1.0
    model = RankerModel(tuple(features), weights, {"none": 0.5})
    assert all(trainer.decide(model, g) == g["labels"].index(True) for g in groups)
    # a source class outside the policy keeps the rules' answer
    assert trainer.decide(RankerModel(tuple(features), weights, {}), groups[0]) == 0
    report = trainer.report(trainer.out_of_fold(groups, folds=3))
    assert report["quotes"] == 30 and report["ranker_top1"] == 30


@pytest.fixture(scope="module")
def analyse(analyse_stages: Analyse) -> Analyse:
    return analyse_stages


@pytest.mark.model
def test_a_cue_whose_subject_the_parse_lost_goes_to_the_person_the_paragraph_before_is_about(
    analyse: Analyse,
) -> None:
    extraction = analyse(
        "Mayor Anna Kowalska has expanded aid to the city's shelters since the strikes began.\n\n"
        "But she has also been quick to stress that the city cannot house everyone who arrives."
    )
    assert speaker_of(extraction, "cannot house everyone") == "Anna Kowalska"


@pytest.mark.model
def test_experts_stay_nobody_and_a_named_speaker_stays_the_rules(analyse: Analyse) -> None:
    extraction = analyse(
        "Finance Minister Tomas Brandt met his counterparts in Vienna on Monday.\n\n"
        "Experts said the sanctions would take months to bite.\n\n"
        "\u201cWe are ready to go further,\u201d Brandt said."
    )
    assert speaker_of(extraction, "take months to bite") is None
    assert speaker_of(extraction, "ready to go further") == "Tomas Brandt"


def test_the_text_models_context_marks_the_words_and_their_source() -> None:
    from dateline.model import Quote, Span, Speaker

    text = "Anna Berg met the envoys.\nShe said that talks would go on."
    quote = Quote("q", "indirect", None, [Span.of(text, 35, len(text))], Speaker(Span.of(text, 26, 29)))
    context = _trainer()._context(text, quote)
    assert context == "Anna Berg met the envoys. {She} said [that talks would go on.]"


def test_the_shortlist_keeps_the_gold_speaker_for_training_only() -> None:
    spec = importlib.util.spec_from_file_location("finetune_speaker_ranker", ROOT / "scripts" / "finetune_speaker_ranker.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    model = RankerModel(("near",), np.array([1.0]), {})
    group = {"rows": [{}, {"near": 3.0}, {"near": 2.0}, {"near": 0.0}], "labels": [False, False, False, True]}
    assert module.shortlist(group, model, 2, keep_gold=False) == [1, 2]
    assert module.shortlist(group, model, 2, keep_gold=True) == [1, 3]
