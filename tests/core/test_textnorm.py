from dateline.textnorm import canonical_text, content_id, normalize_for_nlp, paragraph_spans


def test_normalisation_keeps_length_and_offsets():
    text = "“No deal,” he said\u00a0— it’s over…"
    norm = normalize_for_nlp(text)
    assert len(norm) == len(text)
    assert norm == '"No deal," he said - it\'s over.'
    start = text.index("he")
    assert norm[start : start + 2] == "he"


def test_content_id_ignores_layout_but_not_words():
    a = "Talks   collapsed.\n\nNo deal was\u00a0reached."
    b = "Talks collapsed. No deal was reached."
    assert content_id(a) == content_id(b)
    assert content_id(a) != content_id("Talks resumed. No deal was reached.")
    assert canonical_text("“Hi”") == '"hi"'


def test_paragraphs_are_line_separated_and_trimmed():
    text = "Title line\n\n  First para.\nSecond para.  \n\n\nThird."
    paras = paragraph_spans(text)
    assert [text[p.start : p.end] for p in paras] == ["Title line", "First para.", "Second para.", "Third."]
    assert [p.index for p in paras] == [0, 1, 2, 3]
