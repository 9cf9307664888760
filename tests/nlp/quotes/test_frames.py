"""Learned attribution frames: the shipped weights load, the features are the
training script's contract, and only attribution mode uses them (our own sentences)."""

from __future__ import annotations

import pytest

from dateline.model import Document
from dateline.nlp.quotes.extract import Extractor
from dateline.nlp.quotes.frames import FrameModel, LinearModel, arguments, cue_features, frame_model
from dateline.nlp.quotes.lexicon import lexicon
from dateline.nlp.quotes.syntax import subject_of
from dateline.textnorm import normalize_for_nlp

pytestmark = pytest.mark.model

SENTENCE = "The harbour board championed a plan to rebuild the northern pier."


def test_shipped_frames_load_with_thresholds() -> None:
    model = frame_model()
    assert model is not None
    assert 0 < model.cue_threshold <= 1 and 0 < model.argument_threshold <= 1
    assert len(model.cue.weights) > 100 and "bias" in model.cue.weights


def test_linear_model_is_a_logistic_score() -> None:
    model = LinearModel({"bias": 0.0, "x": 2.0})
    assert model.probability(["bias"]) == pytest.approx(0.5)
    assert model.probability(["bias", "x"]) == pytest.approx(0.8808, abs=1e-3)
    assert model.probability(["unknown"]) == pytest.approx(0.5)


def test_features_describe_the_verb_and_its_arguments(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp(SENTENCE)
    verb = next(t for t in doc if t.lemma_ == "champion")
    feats = cue_features(verb, subject_of(verb), lexicon(), quoted=False)
    assert "L=champion" in feats and "C=dobj" in feats and "bias" in feats
    assert [dep for dep, _, _ in arguments(verb)] == ["dobj"]


def _extract(nlp, mode: str, frames: FrameModel):  # type: ignore[no-untyped-def]
    document = Document(id="t", text=SENTENCE)
    return Extractor(lexicon(), mode=mode, frames=frames).extract(
        nlp(normalize_for_nlp(SENTENCE)), SENTENCE, document.paragraphs or []
    )


def test_a_confident_frame_reads_an_unlisted_verb_in_attribution_mode_only(nlp) -> None:  # type: ignore[no-untyped-def]
    # A hand-built model that trusts "champion" and its object.
    frames = FrameModel(
        cue=LinearModel({"bias": -3.0, "L=champion": 6.0}),
        argument=LinearModel({"bias": -2.0, "A=dobj": 4.0}),
        cue_threshold=0.5,
        argument_threshold=0.5,
    )
    found = _extract(nlp, "attribution", frames)
    learned = [q for q in found if q.via == "learned"]
    assert len(learned) == 1
    quote = learned[0]
    assert SENTENCE[quote.cue[0] : quote.cue[1]] == "championed"
    assert SENTENCE[quote.source[0] : quote.source[1]] == "The harbour board"
    assert [SENTENCE[s:e] for s, e in quote.content] == ["a plan to rebuild the northern pier"]
    assert quote.confidence < 0.9  # learned readings are less sure than the rules
    assert not [q for q in _extract(nlp, "speech", frames) if q.via == "learned"]


def test_a_noun_cue_speaks_for_its_possessor(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "The mayor repeated her pledge to rebuild the northern pier."
    frames = FrameModel(
        cue=LinearModel({"bias": -3.0, "L=pledge": 6.0}),
        argument=LinearModel({"bias": -2.0, "A=acl": 4.0}),
        cue_threshold=0.5,
        argument_threshold=0.5,
    )
    document = Document(id="t", text=text)
    found = Extractor(lexicon(), mode="attribution", frames=frames).extract(
        nlp(normalize_for_nlp(text)), text, document.paragraphs or []
    )
    (quote,) = [q for q in found if q.via == "learned"]
    assert text[quote.cue[0] : quote.cue[1]] == "pledge"
    assert text[quote.source[0] : quote.source[1]] == "her"
    assert [text[s:e] for s, e in quote.content] == ["to rebuild the northern pier"]


@pytest.mark.parametrize(
    "content",
    ["{not json", '{"cue": {"weights": {}}}', '{"cue": {"threshold": "x", "weights": {}}, "argument": {}}'],
)
def test_a_broken_weights_file_is_a_config_error_naming_the_file(tmp_path, content: str) -> None:  # type: ignore[no-untyped-def]
    from dateline.errors import ConfigError
    from dateline.nlp.quotes.frames import load_frames

    path = tmp_path / "frames.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ConfigError, match=r"quote frame model .*frames\.json is invalid"):
        load_frames(path)
