import pytest

from dateline.config import Config
from dateline.errors import ProcessingError, StageError
from dateline.model import Document
from dateline.pipeline import Pipeline, get_stage, register_stage


@register_stage("test_boom", requires=("sentences",), assigns=())
def _make_boom(config):
    def boom(analysis):
        if "boom" in analysis.document.text:
            raise RuntimeError("exploded")
    return boom


@register_stage("test_needs_quotes", requires=("quotes",), assigns=())
def _make_needs_quotes(config):
    return lambda analysis: None


def test_unknown_stage_is_a_clear_error():
    with pytest.raises(StageError, match="unknown stage 'nope'"):
        get_stage("nope")


def test_stage_order_is_checked():
    with pytest.raises(StageError, match="requires quotes"):
        Pipeline(Config(stages=("segment", "test_needs_quotes")))


@pytest.mark.model
def test_a_failing_document_does_not_stop_the_batch():
    pipeline = Pipeline(Config(stages=("segment", "test_boom")))
    docs = [Document(id="1", text="All calm."), Document(id="2", text="A boom here."),
            Document(id="3", text="Calm again.")]
    outcomes = list(pipeline.pipe(docs))
    assert [o.ok for o in outcomes] == [True, False, True]
    assert isinstance(outcomes[1].error, ProcessingError)
    assert "exploded" in str(outcomes[1].error)
    assert outcomes[2].extraction.layers == ["segment", "test_boom"]


@pytest.mark.model
def test_sentences_do_not_cross_line_breaks():
    text = "BREAKING NEWS\nTroops withdrew from the town on Monday. Officials confirmed it."
    extraction = Pipeline(Config(stages=("segment",))).process(Document(id="x", text=text))
    sentences = [text[s.start : s.end] for s in extraction.document.sentences]
    assert sentences[0] == "BREAKING NEWS"
    assert sentences[1].startswith("Troops")
    assert [s.paragraph for s in extraction.document.sentences] == [0, 1, 1]


@register_stage("test_endless", requires=(), assigns=())
def _make_endless(config):
    def slow(analysis):
        if "loop" in analysis.document.text:
            while True:
                pass
    return slow


@pytest.mark.model
def test_a_stage_that_never_ends_fails_its_document_only():
    from dateline.pipeline import StageTimeout

    pipeline = Pipeline(Config(stages=("segment", "test_endless"), stage_timeout=0.5))
    outcomes = list(pipeline.pipe([Document(id="1", text="A loop."), Document(id="2", text="Fine.")]))
    assert isinstance(outcomes[0].error, StageTimeout)
    assert "took longer than 0.5 s" in str(outcomes[0].error)
    assert outcomes[1].ok
