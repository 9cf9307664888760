"""Training helpers of the event typer: the sentence model's held-out reading
and the end-to-end prediction (hand-built rows, no parse)."""

from __future__ import annotations

from dateline.eval.event_typer import Row, pipeline_prediction, with_sentence_model
from dateline.model import Event
from dateline.nlp.events.classifier import word_features
from dateline.nlp.events.learned import CandidateSample

TEXTS = {
    "ASSAULT": ["rebels attacked the convoy", "troops shelled the town", "drones struck the depot", "artillery hit the base"],
    "AID": ["donors gave food", "the agency sent aid", "volunteers delivered medicine", "the fund gave grants"],
}


def _row(text: str, label: str, group: str, sentence_id: str) -> Row:
    sample = CandidateSample(word_features(text), ["CR=root"], sentence=[], event=label)
    return Row(sample, label, group, label, True, sentence_label=label, sentence_id=sentence_id)


def test_each_row_reads_a_sentence_model_that_never_saw_its_sentence(monkeypatch):
    from dateline.eval import event_typer

    monkeypatch.setattr(event_typer, "SENTENCE_MODEL", True)
    monkeypatch.setattr(event_typer, "SENTENCE_FEATURES", True)
    plv = [
        _row(text, label, f"plv:{i}{j}", f"plv:{i}{j}")
        for i, (label, texts) in enumerate(TEXTS.items()) for j, text in enumerate(texts * 3)
    ]
    ukwar = [_row(text, label, f"article{j}", f"article{j}#0") for j, (label, text) in enumerate(
        [("ASSAULT", "rebels attacked the depot"), ("AID", "donors sent medicine")] * 5)]
    model, uk, pl, inner = with_sentence_model(ukwar, plv, folds=5)
    assert model is not None and set(model.labels) == {"ASSAULT", "AID"}
    assert sorted(inner) == [0, 1, 2, 3, 4]
    assert len(uk) == len(ukwar) and len(pl) == len(plv)
    for row in [*uk, *pl]:
        sm = [f for f in row.sample[1] if f.startswith("SM=")]
        assert len(sm) == 1  # every row carries one reading of its sentence
        assert "CR=root" in row.sample[1]
    # most held-out sentences read as their own type
    agree = sum(f"SM={r.label}" in r.sample[1] for r in pl)
    assert agree >= 0.8 * len(pl)


def test_the_prediction_is_the_most_confident_asserted_event():
    events = [
        Event("a", "CONSULT", confidence=0.9, aux=["future"]),
        Event("b", "RETREAT", confidence=0.6),
        Event("c", "ASSAULT", confidence=0.4),
    ]
    assert pipeline_prediction(events) == "YIELD"  # PLV merges RETREAT and CONCEDE
    assert pipeline_prediction(events[:1]) == "NONE"


def test_without_sentence_features_the_rows_stay_as_they_are(monkeypatch):
    from dateline.eval import event_typer

    monkeypatch.setattr(event_typer, "SENTENCE_MODEL", True)
    monkeypatch.setattr(event_typer, "SENTENCE_FEATURES", False)
    plv = [_row(t, label, f"plv:{label}{j}", f"plv:{label}{j}") for label, texts in TEXTS.items() for j, t in enumerate(texts * 3)]
    model, uk, pl, _ = with_sentence_model([], plv, folds=3)
    assert model is not None  # the model is still trained (the typer's sentence_* cuts use it)
    assert [r.sample for r in pl] == [r.sample for r in plv]


def test_the_shipped_recipe_has_no_sentence_model():
    from dateline.eval import event_typer

    plv = [_row(t, label, f"plv:{label}{j}", f"plv:{label}{j}") for label, texts in TEXTS.items() for j, t in enumerate(texts)]
    if not event_typer.SENTENCE_MODEL:
        model, _, pl, inner = with_sentence_model([], plv)
        assert model is None and inner == {} and [r.sample for r in pl] == [r.sample for r in plv]


def test_without_sentence_features_the_per_fold_models_are_fitted_only_when_asked(monkeypatch):
    from dateline.eval import event_typer

    monkeypatch.setattr(event_typer, "SENTENCE_MODEL", True)
    monkeypatch.setattr(event_typer, "SENTENCE_FEATURES", False)
    plv = [_row(t, label, f"plv:{label}{j}", f"plv:{label}{j}") for label, texts in TEXTS.items() for j, t in enumerate(texts * 3)]
    assert with_sentence_model([], plv, folds=3)[3] == {}
    assert sorted(with_sentence_model([], plv, folds=3, inner=True)[3]) == [0, 1, 2]


def test_each_wrong_sentence_falls_in_one_loss_class():
    from dateline.eval.event_typer import NONE, breakdown, loss_class

    def row(lexicon: str) -> Row:
        return Row(CandidateSample([], []), None, "plv:0", lexicon, True)

    assault = Event("a", "ASSAULT", confidence=0.4)
    assert loss_class("ASSAULT", [assault], [row("ASSAULT")], [("ASSAULT", 0.4)]) == "right"
    assert loss_class("ASSAULT", [], [], []) == "no_candidate"
    assert loss_class("ASSAULT", [], [row(NONE)], [(NONE, 0.1)]) == "typer_rejected"
    assert loss_class("ASSAULT", [], [row("ASSAULT")], [("ASSAULT", 0.4)]) == "dropped_later"
    assert loss_class("AGREE", [Event("p", "CONSULT", aux=["future"])], [row("CONSULT")], [("CONSULT", 0.5)]) == "only_unasserted"
    accuse = Event("b", "ACCUSE", confidence=0.9)
    assert loss_class("ASSAULT", [assault, accuse], [row("ASSAULT"), row("ACCUSE")], [("ASSAULT", 0.4), ("ACCUSE", 0.9)]) == "outranked"
    assert loss_class("YIELD", [accuse], [row("ACCUSE"), row("RETREAT")], [("ACCUSE", 0.9), (NONE, 0.1)]) == "typer_overruled"
    assert loss_class("SUPPORT", [Event("c", "AGREE", confidence=0.5)], [row("AGREE")], [("AGREE", 0.5)]) == "label_nowhere"
    split = breakdown(["ASSAULT", "AID", "AID"], ["ASSAULT", NONE, "AID"], ["right", "typer_rejected", "right"], [0, 1, 1], 2)
    assert split["classes"] == {"right": 2, "typer_rejected": 1}
    assert split["per_label"]["AID"] == {"typer_rejected": 1, "right": 1}
    assert [f["accuracy"] for f in split["per_fold"]] == [1.0, 0.5]
